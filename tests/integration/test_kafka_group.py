"""Issue 15: a consumer group on a real broker and a real node, no loss, no duplicates.

3,000 articles on a 4-partition topic, two `es-ingest consume` processes in
one group. One is SIGKILLed in the middle: the other takes its partitions
over, and the index ends with exactly the 3,000 ids. Then the survivor is
stopped with SIGTERM (exit 0, everything committed) and a new consumer of the
same group starts where the group stopped: it receives only what was
produced since.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
from kafka_support import (
    articles,
    consumers,
    count,
    ids,
    kafka_bootstrap,
    lag,
    new_topic,
    send_records,
    start_consumer,
    wait_for,
)

from es_ingest import schema

pytestmark = pytest.mark.integration
__all__ = ["consumers", "kafka_bootstrap"]  # fixtures

N = 3000


def test_group_survives_a_killed_member_then_resumes_at_committed_offsets(
    kafka_bootstrap, es, settings, alias, consumers, tmp_path
) -> None:  # noqa: ANN001
    schema.install(es, alias)
    topic = new_topic(kafka_bootstrap, 4)
    group = f"g-{uuid.uuid4().hex[:8]}"
    # Through `es-ingest produce`, as a user would backfill a topic.
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps(a) + "\n" for a in articles(N, "a")), encoding="utf-8")
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap)
    produced = subprocess.run(
        [sys.executable, "-m", "es_ingest", "produce", "--topic", topic, str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert produced.returncode == 0, produced.stderr
    assert f"sent {N} messages to {topic}" in produced.stderr
    common = dict(
        es_url=settings.es_url, alias=alias, bootstrap=kafka_bootstrap, topic=topic, group=group
    )
    first = start_consumer(tmp_path, "first", **common)
    second = start_consumer(tmp_path, "second", **common)
    consumers += [first, second]

    # Kill the second once it has indexed part of its share, well before the end.
    wait_for(
        "the second consumer to index some articles",
        lambda: second.stats().get("indexed", 0) >= 100,
        timeout=240,
        procs=consumers,
    )
    done_at_kill = count(es, alias)
    second.kill()
    assert done_at_kill < N, "the run ended before the kill: nothing was tested"

    wait_for(
        "every message indexed and committed",
        lambda: count(es, alias) == N and sum(lag(kafka_bootstrap, group, topic).values()) == 0,
        timeout=240,
        procs=consumers,
    )
    found = ids(es, alias)
    assert len(found) == N
    assert sorted(found) == sorted(f"a{i}" for i in range(N))
    assert first.proc.poll() is None  # still consuming
    taken_over = first.log_path.read_text()
    assert "assigned partitions [0, 1, 2, 3]" in taken_over

    assert first.stop() == 0
    assert "summary: received" in first.log_path.read_text()

    # A new member of the same group starts at the committed offsets.
    send_records(kafka_bootstrap, topic, articles(20, "b"))
    third = start_consumer(tmp_path, "third", **common)
    consumers.append(third)
    wait_for(
        "the 20 new articles",
        lambda: count(es, alias) == N + 20 and third.stats().get("total_lag", 1) == 0,
        timeout=180,
        procs=consumers,
    )
    assert third.stop() == 0
    final = third.stats()
    assert final["final"] is True
    assert final["received"] == 20  # nothing before the committed offsets again
    assert final["indexed"] == 20
    assert count(es, alias) == N + 20
