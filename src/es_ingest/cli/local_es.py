"""`es-ingest local-es`: a local Elasticsearch node for development and CI, without Docker."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import local_es, redact
from .options import Seconds

_PORT = click.option(
    "--port",
    type=click.IntRange(1, 65535),
    envvar="ES_LOCAL_PORT",
    default=local_es.DEFAULT_PORT,
    show_default=True,
    help="HTTP port on 127.0.0.1 (transport: port + 100) [ES_LOCAL_PORT]",
)


@click.group("local-es")
def local_es_group() -> None:
    """A local Elasticsearch node for development and CI, without Docker."""


@local_es_group.command("start")
@_PORT
@click.option("--es-home", envvar="ES_HOME", help="use this unpacked Elasticsearch [ES_HOME]")
@click.option("--java-home", help="Java 21+ home [default $ES_JAVA_HOME, $JAVA_HOME, known JDKs]")
@click.option(
    "--plugin",
    "plugins",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="another plugin zip to install in the node (repeatable; the dev plugin is built "
    "and installed without it)",
)
@click.option(
    "--reset-data",
    is_flag=True,
    help="delete the node's data first (its indices), e.g. when it was made by another version",
)
@click.option("--heap", default="1g", show_default=True, help="JVM heap size")
@click.option(
    "--timeout",
    type=Seconds(),
    default=180.0,
    show_default=True,
    help="seconds to wait for health",
)
@click.option(
    "--secure",
    is_flag=True,
    help="security and TLS on: a CA and certificate are made in the node's directory and "
    "the elastic password is ES_PASSWORD, or a generated one printed once",
)
def local_start(
    port: int,
    es_home: str | None,
    java_home: str | None,
    plugins: tuple[str, ...],
    heap: str,
    timeout: float,
    secure: bool,
    reset_data: bool,
) -> None:
    """Fetch (once), start and wait for a local node with the dev plugin; prints its URL.

    The first start fetches Elasticsearch from Maven Central and builds the
    localnode-plugin (its analysers, `set` processor and mustache are what the
    mappings need); later starts reuse both. A data directory made by a node
    that this one cannot replace is refused before start (--reset-data).
    """
    password = None
    generated = False
    if secure:
        import os
        import secrets

        password = os.environ.get("ES_PASSWORD") or None
        if password is None:
            password, generated = secrets.token_urlsafe(18), True
        redact.register(password)
    st = local_es.start(
        port,
        es_home=es_home,
        java_home=java_home,
        plugins=[Path(p) for p in plugins],
        heap=heap,
        timeout=timeout,
        secure=secure,
        password=password,
        reset_data=reset_data,
    )
    click.echo(st.url)
    if secure:
        click.echo(f"CA certificate: {st.ca_certs}")
        click.echo("user: elastic")
        if generated:
            # The only place the generated password ever appears: this terminal.
            click.echo(f"password: {password}  (generated; shown only this once)")
        else:
            click.echo("password: the one in ES_PASSWORD")
        click.echo(
            f"export ES_URL={st.url} ES_CA_CERTS={st.ca_certs} ES_USERNAME=elastic"
            + (" ES_PASSWORD='<the password above>'" if generated else "")
        )


@local_es_group.command("stop")
@_PORT
def local_stop(port: int) -> None:
    """Stop the node that `local-es start` started (and nothing else)."""
    if local_es.stop(port):
        click.echo(f"stopped the local node on port {port}")
    else:
        click.echo(f"no local node of ours is running on port {port}")


@local_es_group.command("status")
@_PORT
@click.option("--json", "as_json", is_flag=True)
def local_status(port: int, as_json: bool) -> None:
    """Say whether our local node runs, where, and which Elasticsearch made its data."""
    from ..local_es import datadir

    st = local_es.status(port)
    kind = datadir.recorded(st.home)
    if as_json:
        made_by = None if kind is None else {"version": kind.version, "plugins": kind.plugins}
        info = {"running": st.running, "url": st.url, "pid": st.pid, "home": str(st.home)}
        click.echo(json.dumps({**info, "made_by": made_by}))
    else:
        where = f"running at {st.url} (pid {st.pid})" if st.running else "not running"
        click.echo(where + (f"; data made by {kind.describe()}" if kind else ""))
    sys.exit(0 if st.running else 1)
