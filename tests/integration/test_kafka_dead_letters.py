"""Issue 15: bad messages go to the dead-letter topic and never stop their partition.

Eleven kinds of bad message (ten read failures from the bad-input table and
one mapping error that only Elasticsearch can find) are interleaved with good
articles on one partition. Every bad one lands in `<topic>.rejects` with its
reason, partition and offset; every good one after them is indexed; the
group's committed offset reaches the end of the partition.
"""

from __future__ import annotations

import json
import uuid

import pytest
from kafka_support import (
    consumers,
    count,
    ids,
    kafka_bootstrap,
    lag,
    new_topic,
    read_topic,
    send,
    start_consumer,
    wait_for,
)

from es_ingest import schema

pytestmark = pytest.mark.integration
__all__ = ["consumers", "kafka_bootstrap"]  # fixtures


def _j(record: object) -> bytes:
    return json.dumps(record).encode()


# (key, value, what the dead-letter reason must say)
BAD = [
    (b"k1", b"\xff\xfe not utf-8 at all", "value is not UTF-8"),
    (b"\xc3\x28", _j({"text": "A key that is not UTF-8 in Paris."}), "key is not UTF-8"),
    (b"k3", None, "message has no value"),
    (b"k4", b"{this is not json", "not valid JSON"),
    (b"k5", _j(["a", "list"]), "expected a JSON object"),
    (b"k6", _j({"title": "no text"}), "missing field 'text'"),
    (b"k7", _j({"text": "<p><br/></p>&nbsp;"}), "empty or only whitespace/markup"),
    (b"k8", _j({"text": ["not", "a", "string"]}), "field 'text' must be a string"),
    (b"k9", _j({"text": "Talks in Rome.", "published_at": "next Tuesday"}), "not a date"),
    (b"k10", _j({"id": [1, 2], "text": "Talks in Madrid."}), "field 'id' must be"),
    # Valid for the reader; refused by the index (published_at is a bare date there).
    (b"k11", _j({"text": "Talks in Kyiv.", "published_at": "2024-03-01T10:00:00"}), "published_at"),
]


def test_bad_messages_go_to_the_dead_letter_topic_and_the_partition_goes_on(
    kafka_bootstrap, es, settings, alias, consumers, tmp_path
) -> None:  # noqa: ANN001
    schema.install(es, alias)
    # The same index, but with dates without a time: a mapping error for k11.
    index = schema.current_index(es, alias)
    es.indices.delete(index=index)
    es.indices.create(
        index=index,
        mappings={"properties": {"published_at": {"type": "date", "format": "strict_date"}}},
        aliases={alias: {"is_write_index": True}},
    )
    topic = new_topic(kafka_bootstrap, 1)
    group = f"g-{uuid.uuid4().hex[:8]}"
    messages = []
    for i, (key, value, _reason) in enumerate(BAD):
        messages.append((key, value))
        good = {"text": f"Good article {i} from Warsaw.", "published_at": "2024-03-01"}
        messages.append((f"good{i}".encode(), _j(good)))
    send(kafka_bootstrap, topic, messages)

    consumer = start_consumer(
        tmp_path,
        "c",
        es_url=settings.es_url,
        alias=alias,
        bootstrap=kafka_bootstrap,
        topic=topic,
        group=group,
    )
    consumers.append(consumer)
    wait_for(
        "the good articles indexed and every offset committed",
        lambda: (
            count(es, alias) == len(BAD) and sum(lag(kafka_bootstrap, group, topic).values()) == 0
        ),
        timeout=240,
        procs=consumers,
    )
    assert sorted(ids(es, alias)) == sorted(f"good{i}" for i in range(len(BAD)))
    dead = [
        json.loads(m.value()) for m in read_topic(kafka_bootstrap, f"{topic}.rejects", len(BAD))
    ]
    assert len(dead) == len(BAD)
    by_offset = {d["offset"]: d for d in dead}
    for i, (_key, _value, reason) in enumerate(BAD):
        record = by_offset[2 * i]  # bad messages are at the even offsets
        assert record["topic"] == topic
        assert record["partition"] == 0
        assert reason in record["reason"], (i, record)
    assert by_offset[20]["stage"] == "index"
    assert by_offset[20]["record"]["id"] == "k11"  # replayable as it was sent
    assert by_offset[6]["record"] == "{this is not json"
    assert consumer.stop() == 0
    stats = consumer.stats()
    assert (stats["indexed"], stats["rejected"], stats["total_lag"]) == (len(BAD), len(BAD), 0)


def test_an_unreachable_broker_is_one_line_and_exit_3(settings, es, tmp_path) -> None:  # noqa: ANN001
    import os
    import subprocess
    import sys

    env = dict(os.environ, ES_URL=settings.es_url, KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:9")
    done = subprocess.run(
        [sys.executable, "-m", "es_ingest", "consume", "--topic", "nowhere", "--workers", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 3, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("es-ingest: error:")]
    assert len(errors) == 1 and "cannot reach Kafka at 127.0.0.1:9" in errors[0], done.stderr
    assert "Traceback" not in done.stderr
