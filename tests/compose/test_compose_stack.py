"""Bring the real Compose stack up (pytest-docker) and check what a user would get.

`docker compose up` must give a secured Elasticsearch whose `articles` alias holds the
bundled samples, and a Kibana with the dashboard. The stack runs under its own project
name with random passwords and free host ports, and is removed (volumes included) at
the end. Without a Docker engine (or without the Compose plugin) the whole module is
skipped, before pytest-docker tries to start anything.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SAMPLES = ROOT / "src" / "es_ingest" / "samples"
CA_IN_CONTAINER = "/usr/share/elasticsearch/config/certs/ca/ca.crt"
INGEST_TIMEOUT_S = 900


def _docker_problem() -> str | None:
    docker = shutil.which("docker")
    if docker is None:
        return "no `docker` command on PATH"
    try:
        info = subprocess.run([docker, "info"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`docker info` failed: {exc}"
    if info.returncode != 0:
        lines = (info.stderr or info.stdout).strip().splitlines()
        detail = lines[-1] if lines else f"exit code {info.returncode}"
        return f"no Docker engine answers (`docker info`: {detail})"
    version = subprocess.run(
        [docker, "compose", "version"], capture_output=True, text=True, timeout=30
    )
    if version.returncode != 0:
        return "the Docker Compose plugin is missing (`docker compose version` failed)"
    return None


_PROBLEM = _docker_problem()
if _PROBLEM:
    pytest.skip(f"Compose stack tests need Docker: {_PROBLEM}", allow_module_level=True)

pytestmark = pytest.mark.compose


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _compose(project: str, *args: str, timeout: float = 300) -> str:
    command = ["docker", "compose", "-f", str(COMPOSE_FILE), "-p", project, *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def _container_state(project: str, service: str) -> dict[str, Any] | None:
    out = _compose(project, "ps", "--all", "--format", "json", service).strip()
    if not out:
        return None
    # Older Compose prints one JSON array, newer ones one object per line.
    rows = json.loads(out) if out.startswith("[") else [json.loads(x) for x in out.splitlines()]
    return rows[0] if rows else None


def _sample_ids() -> list[str]:
    lines = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines if line.strip()]


def _expected_documents() -> int:
    return len(_sample_ids()) + len(list(SAMPLES.glob("*.txt")))


# --- pytest-docker configuration ---------------------------------------------------


@pytest.fixture(scope="session")
def compose_env() -> Iterator[dict[str, str]]:
    """Random passwords and free ports, seen by `docker compose` through the environment
    (which wins over a developer's own `.env`)."""
    values = {
        "ELASTIC_PASSWORD": secrets.token_hex(16),
        "KIBANA_PASSWORD": secrets.token_hex(16),
        "XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY": secrets.token_hex(32),
        "XPACK_SECURITY_ENCRYPTIONKEY": secrets.token_hex(32),
        "XPACK_REPORTING_ENCRYPTIONKEY": secrets.token_hex(32),
        "ES_PORT": str(_free_port()),
        "KIBANA_PORT": str(_free_port()),
    }
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield values
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


@pytest.fixture(scope="session")
def docker_compose_file() -> str:
    return str(COMPOSE_FILE)


@pytest.fixture(scope="session")
def docker_compose_project_name() -> str:
    return f"es-ingest-test-{os.getpid()}"


@pytest.fixture(scope="session")
def docker_setup(compose_env: dict[str, str]) -> list[str]:
    # Not `--wait`: it fails on one-shot jobs nobody depends on (`ingest`).
    # `up -d` still waits for the depends_on conditions, so it returns once `setup`
    # succeeded and `ingest` started, and fails if `setup` failed.
    return ["up --build -d"]


@pytest.fixture(scope="session")
def docker_cleanup() -> list[str]:
    return ["down -v --remove-orphans"]


# --- the stack -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def stack(
    docker_services: Any,
    docker_compose_project_name: str,
    compose_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    project = docker_compose_project_name
    deadline = time.monotonic() + INGEST_TIMEOUT_S
    state: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        state = _container_state(project, "ingest")
        if state and state.get("State") == "exited":
            break
        time.sleep(5)
    logs = _compose(project, "logs", "--no-color", "--tail", "40", "setup", "ingest")
    assert state and state.get("State") == "exited", f"ingest did not finish:\n{logs}"
    assert int(state.get("ExitCode", -1)) == 0, f"ingest failed:\n{logs}"

    ca = tmp_path_factory.mktemp("compose") / "ca.crt"
    _compose(project, "cp", f"es01:{CA_IN_CONTAINER}", str(ca))
    return {
        "project": project,
        "ca": ca,
        "password": compose_env["ELASTIC_PASSWORD"],
        "es_url": f"https://localhost:{docker_services.port_for('es01', 9200)}",
        "kibana_url": f"https://localhost:{docker_services.port_for('kibana', 5601)}",
    }


@pytest.fixture(scope="session")
def es(stack: dict[str, Any]) -> Iterator[Any]:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(
        stack["es_url"],
        basic_auth=("elastic", stack["password"]),
        ca_certs=str(stack["ca"]),
        request_timeout=30,
    )
    try:
        yield client
    finally:
        client.close()


def _kibana_get(stack: dict[str, Any], path: str) -> Any:
    token = base64.b64encode(f"elastic:{stack['password']}".encode()).decode()
    request = urllib.request.Request(
        stack["kibana_url"] + path, headers={"Authorization": f"Basic {token}"}
    )
    context = ssl.create_default_context(cafile=str(stack["ca"]))
    with urllib.request.urlopen(request, context=context, timeout=30) as response:
        return json.loads(response.read())


# --- tests ---------------------------------------------------------------------------


def test_ports_published_on_loopback_only(stack: dict[str, Any]) -> None:
    for service, port in (("es01", "9200"), ("kibana", "5601")):
        published = _compose(stack["project"], "port", service, port).strip()
        assert published.startswith("127.0.0.1:"), published


def test_security_is_on(stack: dict[str, Any]) -> None:
    context = ssl.create_default_context(cafile=str(stack["ca"]))
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(stack["es_url"], context=context, timeout=30)
    assert caught.value.code == 401
    caught.value.close()


def test_articles_alias_holds_the_samples(es: Any) -> None:
    aliases = es.indices.get_alias(name="articles")
    assert len(aliases) == 1 and next(iter(aliases)).startswith("articles-v")
    es.indices.refresh(index="articles")
    assert es.count(index="articles")["count"] == _expected_documents()
    found = es.mget(index="articles", ids=_sample_ids())["docs"]
    assert all(doc["found"] for doc in found), [d["_id"] for d in found if not d["found"]]


def test_facets_are_populated(es: Any) -> None:
    fields = ("countries", "persons", "alliances")
    result = es.search(
        index="articles", size=0, aggs={field: {"terms": {"field": field}} for field in fields}
    )
    for field, agg in result["aggregations"].items():
        assert agg["buckets"], f"no {field} facet"
    # The French article says only "OTAN": the canonical facet finds it.
    nato = es.search(index="articles", query={"term": {"alliances": "NATO"}}, size=20)
    assert "sample-fr-001" in {hit["_id"] for hit in nato["hits"]["hits"]}


def test_kibana_has_the_dashboard(stack: dict[str, Any]) -> None:
    dashboards = _kibana_get(stack, "/api/saved_objects/_find?type=dashboard&per_page=100")
    assert dashboards["total"] >= 1
