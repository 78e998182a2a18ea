"""The Kafka client: its settings from `Settings`, and topics created on demand."""

from __future__ import annotations

import logging
from typing import Any

from ..config import Settings
from ..errors import KafkaError


def kafka_module() -> Any:
    """The `confluent_kafka` module; `KafkaError` saying how to install it when absent."""
    try:
        import confluent_kafka
    except ImportError:  # pragma: no cover - depends on the install
        raise KafkaError(
            "the Kafka client is not installed: pip install 'es-ingest[kafka]'"
        ) from None
    return confluent_kafka


def client_config(settings: Settings, **extra: str) -> dict[str, Any]:
    """librdkafka settings: the bootstrap servers, `extra`, then `kafka_options`.

    librdkafka's own log goes to the `es_ingest.stream.kafka` logger, not
    straight to stderr.
    """
    return {
        "bootstrap.servers": settings.bootstrap_servers,
        "logger": logging.getLogger("es_ingest.stream.kafka"),
        **extra,
        **settings.kafka_config,
    }


def ensure_topic(settings: Settings, topic: str, partitions: int = 1) -> bool:
    """Create `topic` if it does not exist; True if it was created.

    Raises `KafkaError` when the broker cannot be reached or refuses.
    """
    kafka = kafka_module()
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient(client_config(settings))
    try:
        meta = admin.list_topics(timeout=15)
    except kafka.KafkaException as exc:
        raise KafkaError(f"cannot reach Kafka at {settings.bootstrap_servers}: {exc}") from None
    if topic in meta.topics:
        return False
    future = admin.create_topics([NewTopic(topic, partitions, -1)])[topic]
    try:
        future.result(timeout=30)
    except kafka.KafkaException as exc:
        if exc.args[0].code() == kafka.KafkaError.TOPIC_ALREADY_EXISTS:
            return False
        raise KafkaError(f"cannot create topic {topic}: {exc.args[0].str()}") from None
    return True
