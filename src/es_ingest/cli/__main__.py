"""`python -m es_ingest.cli` runs the CLI."""

from . import main

main(prog_name="es-ingest")
