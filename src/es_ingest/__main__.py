"""`python -m es_ingest` runs the CLI."""

from .cli import main

main()
