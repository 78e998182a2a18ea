"""Kibana in the compose stack has stable encryption keys from .env (format checks only:
no Docker engine runs here; ../shared/tools/compose-check loads the files as
`docker compose config` would, see docs/compose.md)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
KEYS = (
    "XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY",
    "XPACK_SECURITY_ENCRYPTIONKEY",
    "XPACK_REPORTING_ENCRYPTIONKEY",
)


def _services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]


def _env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    pairs = [ln.split("=", 1) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return {k.strip(): v.strip() for k, v in pairs}


def test_kibana_gets_the_three_keys_from_env_and_certs_checks_them() -> None:
    services = _services()
    for service in ("kibana", "certs"):
        env = services[service]["environment"]
        for key in KEYS:
            # required: an unset or empty key stops `docker compose up` with the message
            assert re.fullmatch(rf"\$\{{{key}:\?[^}}]+\}}", env[key]), (service, key)
    script = services["certs"]["command"][2]
    assert all(key in script for key in KEYS) and "-lt 32" in script
    # Kibana starts only after `certs` has checked them.
    assert services["kibana"]["depends_on"]["certs"]["condition"] in (
        "service_healthy",
        "service_completed_successfully",
    )


def test_env_example_has_placeholders_that_the_check_refuses() -> None:
    env = _env_example()
    for key in KEYS:
        assert env[key].startswith("changeme-"), key
    demo = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8")
    assert all(key in demo for key in KEYS) and "openssl rand -hex 32" in demo


def test_the_image_build_has_the_dev_plugin_sources_the_wheel_packages() -> None:
    # src/es_ingest/local_es/localnode-plugin links to localnode-plugin/: without the
    # folder in the build context the link dangles and the wheel lacks the sources.
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8").split("pip install .")[0]
    assert re.search(r"^COPY\s+localnode-plugin\s+\./localnode-plugin\s*$", dockerfile, re.M)
    allowed = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert {"!localnode-plugin/pom.xml", "!localnode-plugin/src/"} <= set(allowed)
    link = ROOT / "src" / "es_ingest" / "local_es" / "localnode-plugin"
    assert link.is_symlink() and link.resolve() == (ROOT / "localnode-plugin").resolve()
