"""`es-ingest kibana import`: the saved objects (data view, saved search, dashboard)."""

from __future__ import annotations

from typing import Any

import click

from .. import redact
from .options import Seconds, build_settings, connection_options


@click.group("kibana")
def kibana_group() -> None:
    """Kibana saved objects: data view, saved search and dashboard."""


@kibana_group.command("import")
@click.option(
    "--kibana-url",
    envvar="KIBANA_URL",
    required=True,
    help="Kibana base URL, e.g. https://localhost:5601 [KIBANA_URL]",
)
@click.option("--space", envvar="KIBANA_SPACE", help="Kibana space id [KIBANA_SPACE; default]")
@click.option(
    "--wait",
    type=Seconds(zero_ok=True),
    default=120.0,
    show_default=True,
    help="seconds to retry while Kibana is not ready",
)
@connection_options
def kibana_import(kibana_url: str, space: str | None, wait: float, **conn: Any) -> None:
    """Import the saved objects into Kibana (overwriting earlier copies).

    Authenticates with ES_USERNAME/ES_PASSWORD or ES_API_KEY and verifies TLS
    with ES_CA_CERTS, like the Elasticsearch options. The data view targets
    the alias (--alias / ES_ALIAS).
    """
    from ..kibana import import_objects

    redact.register(redact.url_password(kibana_url))
    settings = build_settings(**conn)
    report = import_objects(kibana_url, settings, space=space, wait_seconds=wait)
    click.echo(
        f"imported {report.success_count} saved objects into Kibana at "
        f"{redact.safe_url(kibana_url)}"
    )
