"""Issue 15: Elasticsearch killed under a running consumer, then restarted.

The consumer pauses its partitions and retries instead of giving up; once
the node is back it resumes: the index ends with exactly the input's count
and the group's lag goes back to 0. It needs a node of its own to kill
(ES_KAFKA_FAULT_PORT, default 9219).
"""

from __future__ import annotations

import os
import uuid

import pytest
from kafka_support import (
    articles,
    consumers,
    count,
    kafka_bootstrap,
    lag,
    new_topic,
    send_records,
    start_consumer,
    wait_for,
)

pytestmark = pytest.mark.integration
__all__ = ["consumers", "kafka_bootstrap"]  # fixtures

PORT = int(os.environ.get("ES_KAFKA_FAULT_PORT", "9219"))
N = 800


@pytest.fixture(scope="module")
def own_node(es_plugins):  # noqa: ANN001, ANN201
    from es_ingest import local_es
    from es_ingest.errors import LocalEsError

    try:
        status = local_es.start(PORT, plugins=es_plugins, heap="512m")
    except LocalEsError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"cannot start the node to kill: {exc}", pytrace=False)
        pytest.skip(f"cannot start the node to kill: {exc}")
    yield status.url, es_plugins
    local_es.stop(PORT)


def test_consumer_waits_for_a_killed_node_and_loses_nothing(
    kafka_bootstrap, own_node, drop_alias_versions, consumers, tmp_path
) -> None:  # noqa: ANN001
    from es_ingest import local_es, schema
    from es_ingest.config import Settings
    from es_ingest.connection import make_client

    url, plugins = own_node
    alias = f"kafkadown-{uuid.uuid4().hex[:6]}"
    es = make_client(Settings.from_env({}, es_url=url, request_timeout=5))
    schema.install(es, alias)
    topic = new_topic(kafka_bootstrap, 2)
    group = f"g-{uuid.uuid4().hex[:8]}"
    send_records(kafka_bootstrap, topic, articles(N, "d"))
    consumer = start_consumer(
        tmp_path, "c", es_url=url, alias=alias, bootstrap=kafka_bootstrap, topic=topic, group=group
    )
    consumers.append(consumer)
    try:
        wait_for("some articles indexed", lambda: count(es, alias) >= 100, 240, consumers)
        assert local_es.kill(PORT)
        wait_for(
            "the consumer to notice the node is down",
            lambda: consumer.stats().get("elasticsearch_down") is True,
            120,
            consumers,
        )
        assert consumer.proc.poll() is None  # waiting, not exiting
        local_es.start(PORT, plugins=plugins, heap="512m")
        wait_for(
            "every message indexed and committed",
            lambda: count(es, alias) == N and sum(lag(kafka_bootstrap, group, topic).values()) == 0,
            300,
            consumers,
        )
        assert consumer.stop() == 0
        stats = consumer.stats()
        assert stats["retries"] >= 1
        assert stats["elasticsearch_down"] is False
        assert stats["total_lag"] == 0
        assert count(es, alias) == N
    finally:
        local_es.start(PORT, plugins=plugins, heap="512m")
        drop_alias_versions(es, alias)
        es.options(ignore_status=404).indices.delete_index_template(name=alias)
