"""Issue 15: the Compose stack's Kafka broker and its scalable consumer group.

Parsed statically, and loaded with compose-check (../shared/tools/compose-check,
compose-go: the loader of `docker compose`) when Go can build it; without Go
that check skips (in CI it fails).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
CHECKER = ROOT.parent / "shared" / "tools" / "compose-check"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SERVICES: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]


def test_kafka_is_the_official_image_in_kraft_mode_without_zookeeper() -> None:
    kafka = SERVICES["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    env = kafka["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert not any("ZOOKEEPER" in key for key in env)
    assert "zookeeper" not in SERVICES
    assert "kafkadata:/var/lib/kafka/data" in kafka["volumes"]
    assert kafka["healthcheck"]["test"][0] == "CMD-SHELL"


def test_consumer_scales_and_waits_for_setup_and_the_broker() -> None:
    consumer = SERVICES["consumer"]
    assert consumer["command"][:2] == ["es-ingest", "consume"]
    assert "container_name" not in consumer, "a fixed container name cannot be scaled"
    assert not consumer.get("ports"), "replicas cannot share a host port"
    assert "replicas" in consumer["deploy"]
    assert consumer["depends_on"] == {
        "setup": {"condition": "service_completed_successfully"},
        "kafka": {"condition": "service_healthy"},
    }
    env = consumer["environment"]
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert env["ES_URL"] == "https://es01:9200"
    assert env["ES_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
    assert consumer["image"] == SERVICES["ingest"]["image"]  # the project's image


def _compose_check(tmp_path: Path) -> Path:
    go = shutil.which("go") or (
        "/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").exists() else None
    )
    if not CHECKER.exists() or go is None:
        reason = f"compose-check needs Go and {CHECKER}"
        if IN_CI:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    binary = tmp_path / "compose-check"
    subprocess.run([go, "build", "-o", str(binary), "."], cwd=CHECKER, check=True, timeout=600)
    return binary


def test_compose_loads_with_the_kafka_services(tmp_path: Path) -> None:
    binary = _compose_check(tmp_path)
    # Every variable from .env.example, as a user's `.env` made from it would have.
    example = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    values = dict(
        line.strip().split("=", 1) for line in example if "=" in line and not line.startswith("#")
    )
    env = dict(os.environ, **values)
    done = subprocess.run(
        [str(binary), str(COMPOSE)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = {
        line.split()[1]: line for line in done.stdout.splitlines() if line.startswith("service")
    }
    assert lines["kafka"].startswith("service kafka apache/kafka:4.1.1 ")
    assert lines["consumer"] == "service consumer es-ingest:local depends_on: 2"
