"""Helpers of the Kafka tests (test_kafka_*.py): a real broker, topics, consumers.

`kafka_bootstrap`: KAFKA_BOOTSTRAP_SERVERS when set (CI starts a broker with
`make kafka-start`), else our local broker (`es_ingest.local_kafka`) on
KAFKA_TEST_PORT (default 9092), started once per session and left running.
With CI=true an unreachable broker fails the tests; elsewhere they skip.
Consumers run as real `es-ingest consume` processes (so that they can be
killed), each with its own stats file, which the tests read.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Short group timeouts: a killed consumer's partitions move within seconds.
FAST_GROUP = "session.timeout.ms=6000,heartbeat.interval.ms=1000"
CITIES = ["Paris", "Berlin", "Madrid", "Rome", "Warsaw", "Kyiv", "Tbilisi", "Ottawa"]


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"Kafka is required in CI but unavailable: {reason}", pytrace=False)
    pytest.skip(f"Kafka unavailable: {reason}")


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    try:
        from confluent_kafka import KafkaException
    except ImportError:
        _unavailable("the client is not installed: pip install 'es-ingest[kafka]'")
    from confluent_kafka.admin import AdminClient

    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap:
        from es_ingest import local_kafka
        from es_ingest.errors import LocalKafkaError

        try:
            bootstrap = local_kafka.start(int(os.environ.get("KAFKA_TEST_PORT", "9092"))).bootstrap
        except LocalKafkaError as exc:
            _unavailable(str(exc))
    try:
        AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=20)
    except KafkaException as exc:
        _unavailable(f"{bootstrap}: {exc}")
    return bootstrap


def new_topic(bootstrap: str, partitions: int) -> str:
    from confluent_kafka.admin import AdminClient, NewTopic

    name = f"test-{uuid.uuid4().hex[:10]}"
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(name, partitions, 1)])[name].result(timeout=30)
    return name


def articles(n: int, prefix: str) -> list[dict[str, str]]:
    """`n` short articles (enrichment stays cheap: the tests are about delivery)."""
    return [
        {
            "id": f"{prefix}{i}",
            "title": f"Report {i}",
            "text": f"Ministers met in {CITIES[i % len(CITIES)]} on day {i % 28 + 1}.",
        }
        for i in range(n)
    ]


def send(bootstrap: str, topic: str, messages: Iterable[tuple[bytes | None, bytes | None]]) -> None:
    """Produce (key, value) pairs and wait until the broker has them all."""
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20})
    failed: list[Any] = []
    for key, value in messages:
        producer.produce(
            topic, key=key, value=value, on_delivery=lambda e, _m: e and failed.append(e)
        )
        producer.poll(0)
    assert producer.flush(60) == 0
    assert not failed, failed


def send_records(bootstrap: str, topic: str, records: Iterable[dict[str, Any]]) -> None:
    send(bootstrap, topic, ((r["id"].encode(), json.dumps(r).encode()) for r in records))


def lag(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    """High watermark minus the group's committed offset, per partition."""
    from confluent_kafka import Consumer, TopicPartition

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        meta = c.list_topics(topic, timeout=10).topics[topic]
        tps = [TopicPartition(topic, p) for p in sorted(meta.partitions)]
        out = {}
        for tp in c.committed(tps, timeout=10):
            low, high = c.get_watermark_offsets(tp, timeout=10)
            out[tp.partition] = high - (tp.offset if tp.offset >= 0 else low)
        return out
    finally:
        c.close()


def read_topic(bootstrap: str, topic: str, n: int, timeout: float = 60) -> list[Any]:
    """The first `n` messages of `topic` (fewer if they do not come in time)."""
    from confluent_kafka import Consumer

    c = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"reader-{uuid.uuid4().hex[:8]}",
            "auto.offset.reset": "earliest",
        }
    )
    c.subscribe([topic])
    out: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < n and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and not m.error():
                out.append(m)
    finally:
        c.close()
    return out


def count(es: Any, alias: str) -> int:
    try:
        es.indices.refresh(index=alias)
        return int(es.count(index=alias)["count"])
    except Exception:  # the node may be down on purpose
        return -1


def ids(es: Any, alias: str) -> list[str]:
    es.indices.refresh(index=alias)
    resp = es.search(index=alias, size=10_000, source=False, sort=["_doc"])
    return [h["_id"] for h in resp["hits"]["hits"]]


def wait_for(
    what: str, check: Callable[[], bool], timeout: float, procs: Iterable[Any] = ()
) -> None:
    """Poll `check` until it holds; fail with `what` (and consumer output) on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    logs = "\n".join(p.output() for p in procs)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{logs}", pytrace=False)


@dataclass
class ConsumerProc:
    """One `es-ingest consume` process, its stats file and its stderr file."""

    proc: subprocess.Popen[bytes]
    stats_path: Path
    log_path: Path

    def stats(self) -> dict[str, Any]:
        try:
            return json.loads(self.stats_path.read_text())
        except (OSError, ValueError):
            return {}

    def output(self) -> str:
        try:
            return f"--- {self.log_path.name}:\n" + self.log_path.read_text()[-3000:]
        except OSError:
            return ""

    def stop(self, timeout: float = 60) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(30)


def start_consumer(
    tmp: Path, name: str, *, es_url: str, alias: str, bootstrap: str, topic: str, group: str
) -> ConsumerProc:
    env = dict(
        os.environ,
        ES_URL=es_url,
        ES_ALIAS=alias,
        KAFKA_BOOTSTRAP_SERVERS=bootstrap,
        KAFKA_TOPIC=topic,
        KAFKA_GROUP=group,
        KAFKA_OPTIONS=FAST_GROUP,
        ES_REQUEST_TIMEOUT="5",
    )
    stats, log = tmp / f"{name}.stats.json", tmp / f"{name}.log"
    cmd = [
        sys.executable,
        "-m",
        "es_ingest",
        "consume",
        "--workers",
        "1",
        "--bulk-docs",
        "100",
        "--stats-interval",
        "1",
        "--stats-file",
        str(stats),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    return ConsumerProc(proc, stats, log)


@pytest.fixture
def consumers() -> Iterator[list[ConsumerProc]]:
    """Consumers a test started; any still running at the end are killed."""
    started: list[ConsumerProc] = []
    yield started
    for c in started:
        if c.proc.poll() is None:
            c.kill()
