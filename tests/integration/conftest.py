"""Fixtures of the security tests (test_security*.py): a secured local node.

`secure_node` starts our own node with security and TLS on
(`local_es.start(secure=True)`) with a fresh random `elastic` password, once
per session, and stops it at the end. Its port is ES_SECURE_TEST_PORT, else the
first of 9230-9249 where no node runs (several sessions may run at once on one
machine: each gets its own node and never stops another's).
It needs the dev plugin `localnode-plugin` (`es_plugins`): besides the ingest
pipeline and analysis, it has the analysis components the .security index maps
(`uax_url_email`, `pattern_capture`, `unique`), without which no API key can be
created on the bare integ-test-zip node.
When the node cannot start, CI fails and elsewhere the tests skip.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

SECURE_PORTS = range(9230, 9250)


@dataclass(frozen=True)
class SecureNode:
    url: str
    ca: str
    password: str
    port: int


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"the secured node is required in CI but unavailable: {reason}", pytrace=False)
    pytest.skip(f"secured node unavailable: {reason}")


@pytest.fixture(scope="session")
def secure_node(es_plugins) -> Iterator[SecureNode]:  # noqa: ANN001
    from es_ingest import local_es, redact
    from es_ingest.errors import LocalEsError

    password = "Pw-" + secrets.token_urlsafe(16)
    redact.register(password)
    port = _free_port()
    try:
        status = local_es.start(
            port, plugins=list(es_plugins), heap="512m", secure=True, password=password
        )
    except (LocalEsError, subprocess.CalledProcessError) as exc:
        _unavailable(str(exc))
        raise  # unreachable
    assert status.ca_certs is not None
    node = SecureNode(status.url, str(status.ca_certs), password, port)
    reason = _cannot_create_keys(node)
    if reason:
        local_es.stop(port)
        _unavailable(f"the secured node cannot create API keys: {reason}")
    yield node
    local_es.stop(port)


def _cannot_create_keys(node: SecureNode) -> str | None:
    """Why no API key can be made (e.g. no dev plugin for the .security index), or None."""
    from elasticsearch import ApiError, TransportError

    from es_ingest.connection import describe

    client = _admin_client(node)
    try:
        key = client.security.create_api_key(name="es-ingest-test-probe", expiration="1m")
        client.security.invalidate_api_key(ids=[key["id"]])
    except (ApiError, TransportError) as exc:
        return describe(exc)
    return None


def _admin_client(node: SecureNode):  # noqa: ANN202
    from es_ingest.config import Settings
    from es_ingest.connection import make_client

    return make_client(
        Settings.from_env(
            {}, es_url=node.url, username="elastic", password=node.password, ca_certs=node.ca
        )
    )


def _in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    """ES_SECURE_TEST_PORT, else a port of SECURE_PORTS free for HTTP and transport (+100)."""
    from es_ingest import local_es

    if os.environ.get("ES_SECURE_TEST_PORT"):
        return int(os.environ["ES_SECURE_TEST_PORT"])
    for port in SECURE_PORTS:
        if not (_in_use(port) or _in_use(port + 100) or local_es.status(port).running):
            return port
    _unavailable(f"no free port in {SECURE_PORTS.start}-{SECURE_PORTS.stop - 1}")
    raise AssertionError  # unreachable


@pytest.fixture(scope="session")
def admin(secure_node: SecureNode):  # noqa: ANN201
    """A client logged in as `elastic` that verifies the node with its CA."""
    return _admin_client(secure_node)
