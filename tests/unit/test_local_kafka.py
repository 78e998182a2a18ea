"""The local broker's configuration: one KRaft voter, listeners on 127.0.0.1."""

from __future__ import annotations

import base64
from pathlib import Path

from es_ingest.local_kafka import config


def _props(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if line)


def test_one_combined_node_with_its_voter_on_the_controller_port() -> None:
    props = _props(config.server_properties(9315, 9316, Path("/tmp/data")))
    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:9316"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:9315,CONTROLLER://127.0.0.1:9316"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:9315"
    assert props["log.dirs"] == "/tmp/data"
    # One broker: internal topics cannot have more replicas than that.
    assert props["offsets.topic.replication.factor"] == "1"


def test_cluster_id_is_sixteen_bytes_in_url_safe_base64() -> None:
    ids = {config._cluster_id() for _ in range(200)}
    assert len(ids) == 200
    for cid in ids:
        assert len(cid) == 22
        assert not cid.startswith("-")  # the format tool would read it as an option
        assert len(base64.urlsafe_b64decode(cid + "==")) == 16


def test_broker_dir_is_per_port_under_the_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path))
    assert config.broker_dir(9315) == tmp_path / "kafka-9315"
    assert config.broker_dir(9317) != config.broker_dir(9315)
