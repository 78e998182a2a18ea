"""`es-ingest consume` and `es-ingest produce`: news as a stream, through Kafka.

`consume` runs until stopped: SIGINT or SIGTERM commit what Elasticsearch
acknowledged and exit 0 (a stream has no end to reach: being stopped is its
normal end). Kafka or Elasticsearch unreachable at start: `KafkaError` /
`ElasticsearchUnavailable`, exit 3 (see `exits.py`).
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

import click

from .. import redact
from .exits import EXIT_OK
from .options import Seconds, build_settings, connection_options

_SECRET_WORDS = ("password", "secret", "token", "key")


def kafka_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --bootstrap-servers, --topic and --kafka-option (each also from KAFKA_*)."""
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
            help="extra librdkafka settings, key=value,key=value (e.g. SASL, TLS) [KAFKA_OPTIONS]",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(**values: Any) -> Any:
    # Secrets among the librdkafka settings (sasl.password, ssl.key.password…)
    # are registered with the redactor before anything can print them.
    for item in (values.get("kafka_options") or "").split(","):
        key, _, value = item.partition("=")
        if value.strip() and any(word in key.lower() for word in _SECRET_WORDS):
            redact.register(value.strip())
    return build_settings(**values)


def _quiet_librdkafka() -> None:
    # librdkafka retries what it can by itself (a broker still starting, a
    # coordinator loading): its notices are for -v.
    if logging.getLogger().level > logging.INFO:
        logging.getLogger("es_ingest.stream.kafka").setLevel(logging.ERROR)


def _stop_on_signals() -> threading.Event:
    """An event set by SIGINT or SIGTERM (a second one stops at once)."""
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


@click.command("consume")
@connection_options
@kafka_options
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
    type=click.IntRange(min=1),
    help="messages per batch and bulk request [default 500]",
)
@click.option(
    "--bulk-bytes",
    envvar="ES_BULK_BYTES",
    type=click.IntRange(min=1),
    help="bytes per bulk request [default 5 MiB]",
)
@click.option(
    "--workers",
    envvar="ES_INGEST_WORKERS",
    type=click.IntRange(min=0),
    help="accepted for symmetry with ingest; a consumer enriches in one process "
    "(run more consumers to use more cores)",
)
@click.option(
    "--batch-size",
    envvar="ES_INGEST_BATCH",
    type=click.IntRange(min=1),
    help="documents per nlp.pipe batch [default 32]",
)
@click.option(
    "--stats-file",
    envvar="ES_INGEST_STATS_FILE",
    help="JSON file with the counters, rewritten every --stats-interval [ES_INGEST_STATS_FILE]",
)
@click.option(
    "--stats-interval",
    envvar="ES_INGEST_STATS_INTERVAL",
    type=Seconds(),
    help="seconds between progress lines and stats-file updates [default 10]",
)
def consume(**values: Any) -> None:
    """Consume articles from a Kafka topic as a member of a consumer group, until stopped.

    Each message is one JSON article record (as a line of JSON Lines input; its
    key is the default id). Offsets are committed once Elasticsearch has
    acknowledged the messages; bad messages go to the dead-letter topic with
    their reason. SIGINT/SIGTERM commit what is indexed and exit 0.
    """
    from ..connection import check, make_client
    from ..stream.consumer import StreamConsumer

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
    check(client, settings)
    stop = _stop_on_signals()
    stats = StreamConsumer(settings, client, stop=stop).run()
    data = stats.to_dict()
    click.echo(
        f"summary: received {data['received']}, indexed {data['indexed']}, rejected "
        f"{data['rejected']} (to {settings.dead_letters}), left uncommitted "
        f"{data['dropped']}, lag {data['total_lag']} in {data['seconds']}s",
        err=True,
    )
    sys.exit(EXIT_OK)


@click.command("produce")
@click.argument("paths", nargs=-1, required=True)
@kafka_options
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="partitions of the topic if it has to be created",
)
def produce(paths: tuple[str, ...], partitions: int, **values: Any) -> None:
    """Send JSON Lines files (or - for stdin) to a topic, one message per line.

    The key is the record's id when it has one. Bad lines are sent too: the
    consumer puts them in the dead-letter topic with their reason.
    """
    from ..stream.produce import produce as run

    _quiet_librdkafka()
    settings = _settings(**values)
    summary = run(list(paths), settings, partitions=partitions)
    click.echo(f"sent {summary.sent} messages to {settings.topic}", err=True)
