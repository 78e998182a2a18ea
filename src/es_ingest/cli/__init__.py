"""The `es-ingest` command line: a thin layer over the library.

One module per command group, each a click command that builds `Settings`
from its options (`options.py`), calls the library and prints the result:

    setup.py     es-ingest setup, es-ingest keys create|invalidate
    ingest.py    es-ingest ingest
    search.py    es-ingest search
    persons.py   es-ingest persons consolidate
    kibana.py    es-ingest kibana import
    local_es.py  es-ingest local-es start|stop|status
    doctor.py    es-ingest doctor (the checks: ../doctor.py)
    kafka.py     es-ingest consume, es-ingest produce
    local_kafka.py  es-ingest local-kafka start|stop|status

A new command goes in the module of its group (or a new module, registered
below with `main.add_command`). It lets the errors of `errors.py` rise:
`exits.Group` prints each as one redacted line with the exit code of
`exits.EXIT_CODES` (the table of codes is in `exits.py`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import signal
import sys

import click

from .. import redact
from ..version import ES_VERSION, __version__
from .doctor import doctor_command
from .exits import Group
from .ingest import ingest
from .kafka import consume, produce
from .kibana import kibana_group
from .local_es import local_es_group
from .local_kafka import local_kafka_group
from .persons import persons_group
from .search import search_command
from .setup import keys_group, setup

__all__ = ["main"]


@click.group(cls=Group)
@click.version_option(
    __version__,
    prog_name="es-ingest",
    message=f"%(prog)s, version %(version)s (for Elasticsearch {ES_VERSION})",
)
@click.option("-v", "--verbose", count=True, help="more logging (-vv for debug)")
def main(verbose: int) -> None:
    """Enrich news articles and index them into Elasticsearch."""
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # No log record reaches stderr with a password or API key in it (see redact).
    redact.install()
    # `kill -USR1 <pid>` prints every thread's stack: how to see where a run is stuck.
    with contextlib.suppress(AttributeError, OSError, ValueError):  # stderr without a file
        faulthandler.register(signal.SIGUSR1, file=sys.__stderr__ or 2, all_threads=True)
    # elastic_transport logs every request, and every retry with a traceback;
    # our own one-line errors say the same, so keep its output for -vv.
    logging.getLogger("elastic_transport").setLevel(
        logging.DEBUG if verbose > 1 else logging.CRITICAL
    )


for _command in (
    setup,
    keys_group,
    ingest,
    search_command,
    kibana_group,
    local_es_group,
    doctor_command,
):
    main.add_command(_command)
for _command in (consume, produce, local_kafka_group):
    main.add_command(_command)
main.add_command(persons_group)
