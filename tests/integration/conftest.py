"""Fixtures of the security tests (test_security*.py): a secured local node.

`secure_node` starts our own node with security and TLS on
(`local_es.start(secure=True)`) on ES_SECURE_TEST_PORT (default 9230), with a
fresh random `elastic` password, once per session, and stops it at the end.
It needs the dev plugins: `localnode-plugin` (ingest pipeline, analysis) and
`localnode-security-plugin` (the analysis components of the .security index,
without which no API key can be created), built with Maven when missing.
When the node cannot start, CI fails and elsewhere the tests skip.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SECURITY_PLUGIN = REPO / "localnode-security-plugin"
SECURE_PORT = int(os.environ.get("ES_SECURE_TEST_PORT", "9230"))


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


def security_plugin_zip() -> list[Path]:
    """The security-index plugin zip, built with Maven when missing (empty when impossible)."""
    zips = sorted((SECURITY_PLUGIN / "target").glob("*.zip"))
    if zips or shutil.which("mvn") is None:
        return zips[-1:]
    from es_ingest.local_es import find_java

    env = dict(os.environ, JAVA_HOME=str(find_java()))
    subprocess.run(
        ["mvn", "-q", "-B", "-f", str(SECURITY_PLUGIN / "pom.xml"), "package", "-DskipTests"],
        check=True,
        env=env,
    )
    return sorted((SECURITY_PLUGIN / "target").glob("*.zip"))[-1:]


@pytest.fixture(scope="session")
def secure_node(es_plugins) -> Iterator[SecureNode]:  # noqa: ANN001
    from es_ingest import local_es, redact
    from es_ingest.errors import LocalEsError

    password = "Pw-" + secrets.token_urlsafe(16)
    redact.register(password)
    # A leftover node of ours from an interrupted run has another password.
    local_es.stop(SECURE_PORT)
    try:
        zips = [*es_plugins, *security_plugin_zip()]
        status = local_es.start(
            SECURE_PORT, plugins=zips, heap="512m", secure=True, password=password
        )
    except (LocalEsError, subprocess.CalledProcessError) as exc:
        _unavailable(str(exc))
        raise  # unreachable
    assert status.ca_certs is not None
    yield SecureNode(status.url, str(status.ca_certs), password, SECURE_PORT)
    local_es.stop(SECURE_PORT)


@pytest.fixture(scope="session")
def admin(secure_node: SecureNode):  # noqa: ANN201
    """A client logged in as `elastic` that verifies the node with its CA."""
    from es_ingest.config import Settings
    from es_ingest.connection import make_client

    return make_client(
        Settings.from_env(
            {},
            es_url=secure_node.url,
            username="elastic",
            password=secure_node.password,
            ca_certs=secure_node.ca,
        )
    )
