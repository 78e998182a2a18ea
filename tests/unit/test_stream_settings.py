"""The Kafka settings: environment variables, defaults, and secrets kept out of logs."""

from __future__ import annotations

import pytest

from es_ingest.config import Settings
from es_ingest.errors import ConfigError


def test_kafka_settings_come_from_the_environment() -> None:
    s = Settings.from_env(
        {
            "KAFKA_BOOTSTRAP_SERVERS": "k1:9092,k2:9092",
            "KAFKA_TOPIC": "news",
            "KAFKA_GROUP": "indexers",
            "KAFKA_OPTIONS": "security.protocol=SASL_SSL, sasl.password=hunter2hunter2",
            "ES_INGEST_STATS_FILE": "/tmp/stats.json",
            "ES_INGEST_STATS_INTERVAL": "2.5",
        }
    )
    assert (s.bootstrap_servers, s.topic, s.group) == ("k1:9092,k2:9092", "news", "indexers")
    assert s.dead_letters == "news.rejects"
    assert s.kafka_config == {"security.protocol": "SASL_SSL", "sasl.password": "hunter2hunter2"}
    assert (s.stats_file, s.stats_interval) == ("/tmp/stats.json", 2.5)
    # Never in a repr or the redacted dict.
    assert "hunter2" not in repr(s)
    assert "hunter2" not in str(s.redacted())


def test_defaults_and_an_explicit_dead_letter_topic() -> None:
    s = Settings.from_env({})
    assert (s.bootstrap_servers, s.topic, s.group) == ("localhost:9092", "articles", "es-ingest")
    assert s.dead_letters == "articles.rejects"
    assert Settings.from_env({"KAFKA_DEAD_LETTER_TOPIC": "dlq"}).dead_letters == "dlq"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KAFKA_OPTIONS": "acks"}, "key=value"),
        ({"ES_INGEST_STATS_INTERVAL": "0"}, "stats_interval"),
    ],
)
def test_malformed_kafka_settings_are_config_errors(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)
