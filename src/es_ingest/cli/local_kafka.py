"""`es-ingest local-kafka`: a local Kafka broker for development and CI, without Docker."""

from __future__ import annotations

import json
import sys

import click

from .. import local_kafka
from .options import Seconds

_PORT = click.option(
    "--port", type=click.IntRange(1, 65535), default=local_kafka.DEFAULT_PORT, show_default=True
)


@click.group("local-kafka")
def local_kafka_group() -> None:
    """A local Kafka broker (KRaft, one node) for development and CI, without Docker."""


@local_kafka_group.command("start")
@_PORT
@click.option(
    "--controller-port", type=click.IntRange(1, 65535), help="KRaft controller [default port + 1]"
)
@click.option("--java-home", help="Java 21+ home [default $KAFKA_JAVA_HOME, $JAVA_HOME]")
@click.option("--heap", default="512m", show_default=True, help="JVM heap size")
@click.option(
    "--timeout", type=Seconds(), default=180.0, show_default=True, help="seconds to wait for it"
)
def kafka_start(
    port: int, controller_port: int | None, java_home: str | None, heap: str, timeout: float
) -> None:
    """Fetch (once), format (once), start and wait for a local broker; prints its address."""
    st = local_kafka.start(
        port, controller_port=controller_port, java_home=java_home, heap=heap, timeout=timeout
    )
    click.echo(st.bootstrap)


@local_kafka_group.command("stop")
@_PORT
def kafka_stop(port: int) -> None:
    """Stop the broker that `local-kafka start` started (and nothing else)."""
    if local_kafka.stop(port):
        click.echo(f"stopped the local Kafka broker on port {port}")
    else:
        click.echo(f"no local Kafka broker of ours is running on port {port}")


@local_kafka_group.command("status")
@_PORT
@click.option("--json", "as_json", is_flag=True)
def kafka_status(port: int, as_json: bool) -> None:
    """Say whether our local broker runs, and where; exit 1 when it does not."""
    st = local_kafka.status(port)
    if as_json:
        info = {"running": st.running, "bootstrap": st.bootstrap, "pid": st.pid}
        click.echo(json.dumps(info | {"home": str(st.home)}))
    else:
        click.echo(f"running at {st.bootstrap} (pid {st.pid})" if st.running else "not running")
    sys.exit(0 if st.running else 1)
