"""Issue 12: the Kafka consumer gives new articles the person registry's values.

The registry of the alias maps the value Russian gives the railway writer
Christian Wolmar ("Christian Volmar", which the lexicon cannot tie) onto the
English one, as `es-ingest persons consolidate` writes it. A consumer then
indexes a Russian and an English article (our own writing) from the topic:
both carry the one consolidated value, and the Russian mention keeps its own
spelling.
"""

from __future__ import annotations

import uuid

import pytest
from kafka_support import (
    consumers,
    count,
    kafka_bootstrap,
    new_topic,
    send_records,
    start_consumer,
    wait_for,
)

from es_ingest import schema
from es_ingest.person_registry import REGISTRY_MAPPINGS, registry_index

pytestmark = pytest.mark.integration
__all__ = ["consumers", "kafka_bootstrap"]  # fixtures

ARTICLES = [
    {
        "id": "k-cw-ru",
        "title": "Историк железных дорог",
        "text": "Британский журналист Кристиан Волмар заявил в четверг, что новая линия "
        "откроется с опозданием. Кристиан Волмар написал несколько книг о железных "
        "дорогах.",
        "language": "ru",
    },
    {
        "id": "k-cw-en",
        "title": "A railway historian speaks",
        "text": "The transport writer Christian Wolmar told the meeting on Thursday that "
        "the new line would open late. Christian Wolmar has written several books "
        "about railways.",
        "language": "en",
    },
]


def test_the_consumer_applies_the_person_registry(
    kafka_bootstrap, es, settings, alias, consumers, tmp_path
) -> None:  # noqa: ANN001
    schema.install(es, alias)
    registry = registry_index(alias)
    es.indices.create(index=registry, mappings=REGISTRY_MAPPINGS)
    es.index(
        index=registry,
        id="volmar",
        document={"value": "Christian Volmar", "consolidated": "Christian Wolmar", "key": "t"},
        refresh=True,
    )
    try:
        topic = new_topic(kafka_bootstrap, 1)
        send_records(kafka_bootstrap, topic, ARTICLES)
        consumer = start_consumer(
            tmp_path,
            "c",
            es_url=settings.es_url,
            alias=alias,
            bootstrap=kafka_bootstrap,
            topic=topic,
            group=f"g-{uuid.uuid4().hex[:8]}",
        )
        consumers.append(consumer)
        wait_for("both articles indexed", lambda: count(es, alias) == 2, 240, consumers)
        assert consumer.stop() == 0
        ru = es.get(index=alias, id="k-cw-ru")["_source"]
        en = es.get(index=alias, id="k-cw-en")["_source"]
        assert ru["persons"] == en["persons"] == ["Christian Wolmar"], (
            ru["persons"],
            en["persons"],
        )
        mentions = {(m["text"], m["canonical"]) for m in ru["entities"] if m["label"] == "PER"}
        assert ("Кристиан Волмар", "Christian Volmar") in mentions, mentions
    finally:
        es.options(ignore_status=404).indices.delete(index=registry)
