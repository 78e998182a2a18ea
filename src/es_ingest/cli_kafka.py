"""The Kafka commands of `es-ingest`: consume, produce and local-kafka.

Registered on the main group by `cli.py`. Exit codes are those of `cli.py`;
`consume` exits 0 when stopped by SIGINT/SIGTERM (it runs until stopped),
3 when Kafka or Elasticsearch cannot be reached at start.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

import click

from . import local_kafka
from .errors import ElasticsearchUnavailable, KafkaError, LocalKafkaError

EXIT_OK, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 2, 3


def _fail(message: str, code: int) -> None:
    from . import redact

    click.echo(f"es-ingest: error: {redact.redact(message)}", err=True)
    sys.exit(code)


def _kafka_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--bootstrap-servers",
            envvar="KAFKA_BOOTSTRAP_SERVERS",
            help="Kafka brokers, HOST:PORT[,...] [KAFKA_BOOTSTRAP_SERVERS; default localhost:9092]",
        ),
        click.option("--topic", envvar="KAFKA_TOPIC", help="topic [KAFKA_TOPIC; default articles]"),
        click.option(
            "--kafka-option",
            "kafka_options",
            envvar="KAFKA_OPTIONS",
            help="extra librdkafka settings, key=value,key=value [KAFKA_OPTIONS]",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _stop_on_signals() -> threading.Event:
    """An event set by SIGINT or SIGTERM (the second one stops at once)."""
    stop = threading.Event()

    def handler(signum: int, _frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        click.echo(
            f"es-ingest: {signal.Signals(signum).name}: committing what is indexed, then "
            "stopping (again to stop at once)",
            err=True,
        )
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


def _quiet_librdkafka() -> None:
    # librdkafka retries what it can by itself (a broker still starting, a
    # coordinator loading): its notices are for -v.
    if logging.getLogger().level > logging.INFO:
        logging.getLogger("es_ingest.stream.kafka").setLevel(logging.ERROR)


# --- consume -----------------------------------------------------------------


def consume_command() -> click.Command:
    from .cli import _connection_options, _settings

    @click.command("consume")
    @_connection_options
    @_kafka_options
    @click.option(
        "--group", envvar="KAFKA_GROUP", help="consumer group [KAFKA_GROUP; default es-ingest]"
    )
    @click.option(
        "--dead-letter-topic",
        envvar="KAFKA_DEAD_LETTER_TOPIC",
        help="topic for rejected messages [KAFKA_DEAD_LETTER_TOPIC; default <topic>.rejects]",
    )
    @click.option(
        "--bulk-docs",
        envvar="ES_BULK_DOCS",
        type=int,
        help="messages per batch and bulk request [default 500]",
    )
    @click.option(
        "--bulk-bytes",
        envvar="ES_BULK_BYTES",
        type=int,
        help="bytes per bulk request [default 5 MiB]",
    )
    @click.option(
        "--workers",
        envvar="ES_INGEST_WORKERS",
        type=int,
        help="accepted for symmetry with ingest; a consumer enriches in one process "
        "(run more consumers to use more cores)",
    )
    @click.option(
        "--batch-size",
        envvar="ES_INGEST_BATCH",
        type=int,
        help="documents per nlp.pipe batch [default 32]",
    )
    @click.option(
        "--stats-file",
        envvar="ES_INGEST_STATS_FILE",
        help="JSON counters, rewritten periodically [ES_INGEST_STATS_FILE]",
    )
    @click.option(
        "--stats-interval",
        envvar="ES_INGEST_STATS_INTERVAL",
        type=float,
        help="seconds between progress lines and stats-file updates [default 10]",
    )
    def consume(**values: Any) -> None:
        """Consume articles from a Kafka topic as a member of a consumer group; run until stopped.

        Each message is one JSON article record (as a JSON Lines line; the key
        is the default id). Offsets are committed once Elasticsearch has
        acknowledged the messages; bad messages go to the dead-letter topic.
        SIGINT/SIGTERM commit what is indexed and exit 0.
        """
        from .connection import check, make_client
        from .stream.consumer import StreamConsumer

        settings = _settings(**values)
        if settings.workers > 1:
            click.echo(
                "es-ingest: note: consume enriches in one process; start more consumers "
                "(up to the topic's partitions) to use more cores",
                err=True,
            )
        logging.getLogger("es_ingest.stream").setLevel(logging.INFO)
        _quiet_librdkafka()
        client = make_client(settings)
        try:
            check(client, settings)
        except ElasticsearchUnavailable as exc:
            _fail(str(exc), EXIT_UNAVAILABLE)
        stop = _stop_on_signals()
        try:
            consumer = StreamConsumer(settings, client, stop=stop)
            stats = consumer.run()
        except KafkaError as exc:
            _fail(str(exc), EXIT_UNAVAILABLE)
        data = stats.to_dict()
        click.echo(
            f"summary: received {data['received']}, indexed {data['indexed']}, rejected "
            f"{data['rejected']} (to {settings.dead_letters}), left uncommitted "
            f"{data['dropped']}, lag {data['total_lag']} in {data['seconds']}s",
            err=True,
        )
        sys.exit(EXIT_OK)

    return consume


# --- produce -----------------------------------------------------------------


def produce_command() -> click.Command:
    from .cli import _settings

    @click.command("produce")
    @click.argument("paths", nargs=-1, required=True)
    @_kafka_options
    @click.option(
        "--partitions",
        type=int,
        default=4,
        show_default=True,
        help="partitions of the topic if it has to be created",
    )
    def produce(paths: tuple[str, ...], partitions: int, **values: Any) -> None:
        """Send JSON Lines files (or - for stdin) to a topic, one message per line.

        The key is the record's id when it has one. Bad lines are sent too:
        the consumer puts them in the dead-letter topic with their reason.
        """
        from .stream.produce import produce as run

        _quiet_librdkafka()
        settings = _settings(**values)
        try:
            summary = run(list(paths), settings, partitions=partitions)
        except KafkaError as exc:
            _fail(str(exc), EXIT_UNAVAILABLE)
        click.echo(f"sent {summary.sent} messages to {settings.topic}", err=True)

    return produce


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
    return [consume_command(), produce_command(), local_kafka_group]
