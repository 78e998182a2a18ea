"""`es-ingest doctor`: one line per check; exit code 0 when all pass, 1 when one fails,
3 when Elasticsearch cannot be reached."""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import redact
from .exits import EXIT_UNAVAILABLE
from .options import build_settings, connection_options


@click.command("doctor")
@connection_options
@click.option("--no-models", is_flag=True, help="skip loading the spaCy models (a few seconds)")
def doctor_command(no_models: bool, **conn: Any) -> None:
    """Say which Elasticsearch is reached and whether what es-ingest needs is there.

    Checks the cluster and its version, the ingest pipeline, the index template,
    the alias and its index, the search template (installed and current, i.e. what
    `es-ingest setup` installs now) and the spaCy models. Exit code 0 when every
    check passes, 1 when one fails, 3 when Elasticsearch cannot be reached.
    """
    from ..connection import make_client
    from ..doctor import run_checks, summary

    settings = build_settings(**conn)
    checks = run_checks(make_client(settings), settings, models=not no_models)
    for check in checks:
        click.echo(redact.redact(check.line()))
    click.echo(summary(checks))
    if checks[0].unreachable:
        sys.exit(EXIT_UNAVAILABLE)
    sys.exit(0 if all(c.ok for c in checks) else 1)
