"""The Kafka commands of `es-ingest`: consume, produce and local-kafka.

Registered on the main group by `cli.py`. Exit codes are those of `cli.py`;
`consume` exits 0 when stopped by SIGINT/SIGTERM (it runs until stopped),
3 when Kafka or Elasticsearch cannot be reached at start.
"""

from __future__ import annotations

import json
import sys

import click

from . import local_kafka
from .errors import LocalKafkaError

EXIT_UNAVAILABLE = 3


def _fail(message: str, code: int) -> None:
    from . import redact

    click.echo(f"es-ingest: error: {redact.redact(message)}", err=True)
    sys.exit(code)


# --- local-kafka -------------------------------------------------------------


@click.group("local-kafka")
def local_kafka_group() -> None:
    """A local Kafka broker (KRaft, one node) for development and CI, without Docker."""


@local_kafka_group.command("start")
@click.option("--port", type=int, default=local_kafka.DEFAULT_PORT, show_default=True)
@click.option("--controller-port", type=int, help="KRaft controller port [default: port + 1]")
@click.option("--java-home", help="Java 21+ home [default $KAFKA_JAVA_HOME, $JAVA_HOME]")
@click.option("--heap", default="512m", show_default=True, help="JVM heap size")
@click.option(
    "--timeout", type=float, default=180.0, show_default=True, help="seconds to wait for it"
)
def kafka_start(
    port: int, controller_port: int | None, java_home: str | None, heap: str, timeout: float
) -> None:
    """Fetch (once), format (once), start and wait for a local broker; prints its address."""
    try:
        st = local_kafka.start(
            port, controller_port=controller_port, java_home=java_home, heap=heap, timeout=timeout
        )
    except LocalKafkaError as exc:
        _fail(str(exc), EXIT_UNAVAILABLE)
    click.echo(st.bootstrap)


@local_kafka_group.command("stop")
@click.option("--port", type=int, default=local_kafka.DEFAULT_PORT, show_default=True)
def kafka_stop(port: int) -> None:
    """Stop the broker that `local-kafka start` started (and nothing else)."""
    if local_kafka.stop(port):
        click.echo(f"stopped the local Kafka broker on port {port}")
    else:
        click.echo(f"no local Kafka broker of ours is running on port {port}")


@local_kafka_group.command("status")
@click.option("--port", type=int, default=local_kafka.DEFAULT_PORT, show_default=True)
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


def kafka_commands() -> list[click.Command]:
    """The commands this module adds to `es-ingest`."""
    return [local_kafka_group]
