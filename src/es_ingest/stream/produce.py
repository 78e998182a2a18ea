"""`produce()`: JSON Lines files into a topic, one message per non-blank line.

Lines are sent as they are, bad ones included (the consumer sends those to
the dead-letter topic, as `ingest` sends them to the rejects file). The key
is the record's `id` when the line is a JSON object with one, so that every
version of an article lands on the same partition, in order; otherwise the
message has no key and the producer spreads messages over the partitions.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..config import Settings
from ..errors import KafkaError
from .client import client_config, ensure_topic, kafka_module


@dataclass
class ProduceSummary:
    sent: int = 0
    failed: int = 0


def record_key(line: bytes) -> bytes | None:
    """The `id` of a JSON-object line, as bytes; None otherwise."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    raw = record.get("id") if isinstance(record, dict) else None
    if isinstance(raw, bool) or not isinstance(raw, str | int) or not str(raw).strip():
        return None
    return str(raw).strip().encode()


def _lines(paths: Iterable[str], stdin: BinaryIO | None) -> Iterator[bytes]:
    for raw in paths:
        if raw == "-":
            yield from (stdin or sys.stdin.buffer)
            continue
        path = Path(raw)
        try:
            with path.open("rb") as fh:
                yield from fh
        except OSError as exc:
            raise KafkaError(f"cannot read {raw}: {exc.strerror}") from None


def produce(
    paths: Iterable[str],
    settings: Settings,
    *,
    partitions: int = 4,
    stdin: BinaryIO | None = None,
    producer: Any = None,
) -> ProduceSummary:
    """Send every non-blank line of `paths` ("-" is stdin) to `settings.topic`.

    The topic is created with `partitions` partitions when it does not exist.
    Waits until the broker acknowledged every message. Raises `KafkaError`
    when the broker cannot be reached or a file cannot be read.
    """
    kafka = kafka_module()
    ensure_topic(settings, settings.topic, partitions)
    producer = producer or kafka.Producer(
        client_config(settings, **{"linger.ms": "20", "enable.idempotence": "true"})
    )
    summary = ProduceSummary()

    def delivered(error: Any, _msg: Any) -> None:
        if error is None:
            summary.sent += 1
        else:
            summary.failed += 1

    for line in _lines(paths, stdin):
        value = line.rstrip(b"\r\n")
        if not value.strip():
            continue
        while True:
            try:
                producer.produce(
                    settings.topic, value=value, key=record_key(value), on_delivery=delivered
                )
                break
            except BufferError:  # the local queue is full: let it drain
                producer.poll(0.5)
        producer.poll(0)
    left = producer.flush(60)
    summary.failed += left
    if summary.failed:
        raise KafkaError(
            f"{summary.failed} messages were not acknowledged by Kafka at "
            f"{settings.bootstrap_servers} ({summary.sent} were)"
        )
    return summary
