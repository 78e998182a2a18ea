"""Static checks of the Compose stack, the image and `.env.example`.

No Docker engine is needed: the files are parsed and compared with what the code
expects (the version pin of `es_ingest.version`, the CLI's environment variables,
the security rules of issue 6). `tests/compose/` runs the stack for real.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from es_ingest.version import ES_VERSION

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
CLUSTER = ROOT / "docker-compose.cluster.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "Dockerfile"

ES_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch"
KIBANA_IMAGE = "docker.elastic.co/kibana/kibana"
# `${VAR}`, `${VAR:-default}`, `${VAR:?error}` … but not `$${…}`, which is a literal `$`.
VAR_RE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}")
SECRET_KEY_RE = re.compile(r"PASSWORD|API_KEY|SECRET|TOKEN", re.IGNORECASE)


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f".env.example: not KEY=VALUE: {line!r}"
        values[key.strip()] = value.strip()
    return values


def _resolve(value: str, env: dict[str, str] | None = None) -> str:
    """Interpolate like Compose does, with `env` (default: nothing set)."""
    env = env or {}

    def sub(m: re.Match[str]) -> str:
        name, op, arg = m.group(1), m.group(2), m.group(3) or ""
        if name in env and (env[name] or op not in (":-", ":?")):
            return env[name]
        if op in (":-", "-"):
            return arg
        if op in (":?", "?"):
            raise LookupError(f"{name} is required: {arg}")
        return ""

    return VAR_RE.sub(sub, value).replace("$$", "$")


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(k) + _strings(v)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


COMPOSE_DATA = _load(COMPOSE)
SERVICES: dict[str, dict[str, Any]] = COMPOSE_DATA["services"]
CLUSTER_DATA = _load(CLUSTER)
APP_SERVICES = ("setup", "ingest")


def test_services() -> None:
    assert set(SERVICES) == {"certs", "es01", "kibana", "setup", "ingest", "kafka", "consumer"}


@pytest.mark.parametrize(
    ("service", "image"),
    [("certs", ES_IMAGE), ("es01", ES_IMAGE), ("kibana", KIBANA_IMAGE)],
)
def test_stack_images_default_to_the_pinned_version(service: str, image: str) -> None:
    raw = SERVICES[service]["image"]
    assert raw == f"{image}:${{STACK_VERSION:-{ES_VERSION}}}"
    assert _resolve(raw) == f"{image}:{ES_VERSION}"
    assert _resolve(raw, _env_example()) == f"{image}:{ES_VERSION}"


def test_env_example_pins_the_same_version() -> None:
    assert _env_example()["STACK_VERSION"] == ES_VERSION


def test_cluster_nodes_use_the_same_version() -> None:
    for name in ("es02", "es03"):
        image = _resolve(CLUSTER_DATA["services"][name]["image"])
        assert image == f"{ES_IMAGE}:{ES_VERSION}"


def test_elasticsearch_security_and_tls_on() -> None:
    env = _environment(SERVICES["es01"])
    assert env["xpack.security.enabled"] == "true"
    assert env["xpack.security.http.ssl.enabled"] == "true"
    assert env["xpack.security.transport.ssl.enabled"] == "true"
    assert env["xpack.security.http.ssl.certificate_authorities"] == "certs/ca/ca.crt"
    assert env["discovery.type"] == "single-node"
    assert env["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")


def test_kibana_over_https_as_kibana_system() -> None:
    env = _environment(SERVICES["kibana"])
    assert env["SERVER_SSL_ENABLED"] == "true"
    assert env["ELASTICSEARCH_HOSTS"] == "https://es01:9200"
    assert env["ELASTICSEARCH_USERNAME"] == "kibana_system"
    assert env["ELASTICSEARCH_PASSWORD"].startswith("${KIBANA_PASSWORD:?")
    assert env["ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES"].endswith("/certs/ca/ca.crt")


def test_certs_service_creates_every_certificate_and_sets_kibana_system() -> None:
    script = "\n".join(_strings(SERVICES["certs"]["command"]))
    assert "elasticsearch-certutil ca" in script
    assert "elasticsearch-certutil cert" in script
    for host in ("es01", "es02", "es03", "kibana"):
        assert host in script
    assert "/_security/user/kibana_system/_password" in script
    assert "changeme" in script, "the placeholder passwords must be refused"
    assert SERVICES["certs"]["user"] == "0"


def test_ports_bound_to_loopback_only() -> None:
    published = []
    for data in (COMPOSE_DATA, CLUSTER_DATA):
        for name, service in data["services"].items():
            for port in service.get("ports", []):
                published.append((name, port))
                if isinstance(port, dict):
                    assert port.get("host_ip") == "127.0.0.1", (name, port)
                else:
                    assert str(port).startswith("127.0.0.1:"), (name, port)
    assert {name for name, _ in published} == {"es01", "kibana"}
    assert _resolve(SERVICES["es01"]["ports"][0]) == "127.0.0.1:9200:9200"
    assert _resolve(SERVICES["kibana"]["ports"][0]) == "127.0.0.1:5601:5601"


@pytest.mark.parametrize("service", ["certs", "es01", "kibana"])
def test_healthchecks(service: str) -> None:
    check = SERVICES[service]["healthcheck"]
    assert check["test"][0] in ("CMD", "CMD-SHELL")
    assert int(check["retries"]) > 0


def test_cluster_nodes_have_healthchecks() -> None:
    for name in ("es02", "es03"):
        assert CLUSTER_DATA["services"][name]["healthcheck"]["test"][0] == "CMD-SHELL"


def test_named_volumes() -> None:
    volumes = COMPOSE_DATA["volumes"]
    assert {"certs", "esdata01", "kibanadata"} <= set(volumes)
    assert "esdata01:/usr/share/elasticsearch/data" in SERVICES["es01"]["volumes"]
    assert "kibanadata:/usr/share/kibana/data" in SERVICES["kibana"]["volumes"]
    assert {"esdata02", "esdata03"} <= set(CLUSTER_DATA["volumes"])


def _depends(service: str) -> dict[str, str]:
    deps = SERVICES[service]["depends_on"]
    assert isinstance(deps, dict), f"{service}: depends_on needs conditions"
    return {name: spec["condition"] for name, spec in deps.items()}


def test_start_order() -> None:
    assert _depends("es01") == {"certs": "service_healthy"}
    assert _depends("kibana") == {
        "es01": "service_healthy",
        "certs": "service_completed_successfully",
    }
    assert _depends("setup") == {"es01": "service_healthy", "kibana": "service_healthy"}
    assert _depends("ingest") == {"setup": "service_completed_successfully"}


def test_app_services_built_from_the_project_dockerfile() -> None:
    images = set()
    for name in APP_SERVICES:
        service = SERVICES[name]
        build = service["build"]
        context = build if isinstance(build, str) else build["context"]
        assert context == "."
        images.add(service["image"])
        assert "certs:/certs:ro" in service["volumes"]
        env = _environment(service)
        assert env["ES_URL"] == "https://es01:9200"
        assert env["ES_USERNAME"] == "elastic"
        assert env["ES_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
        assert env["ES_CA_CERTS"] == "/certs/ca/ca.crt"
        assert env["KIBANA_URL"] == "https://kibana:5601"
    assert len(images) == 1


def test_app_commands() -> None:
    setup = "\n".join(_strings(SERVICES["setup"]["command"]))
    lines = [line.strip() for line in setup.splitlines() if line.strip().startswith("es-ingest")]
    assert lines == [
        "es-ingest setup",
        "es-ingest kibana import --kibana-url https://kibana:5601",
    ]
    assert "-ec" in SERVICES["setup"]["command"], "setup must stop at the first failure"
    assert SERVICES["ingest"]["command"] == ["es-ingest", "ingest", "/app/samples"]


def test_no_literal_secrets() -> None:
    for data in (COMPOSE_DATA, CLUSTER_DATA):
        for name, service in data["services"].items():
            for key, value in _environment(service).items():
                if SECRET_KEY_RE.search(key):
                    assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", value), (name, key, value)
    for path in (COMPOSE, CLUSTER):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?i)password\s*[:=]\s*['\"]?(?!\$)\w{4,}", text), path.name


def test_empty_passwords_refused() -> None:
    for name in ("ELASTIC_PASSWORD", "KIBANA_PASSWORD"):
        uses = [m for s in _strings(COMPOSE_DATA) for m in VAR_RE.finditer(s) if m.group(1) == name]
        assert uses, name
        assert all(m.group(2) == ":?" for m in uses), f"{name} must use ${{{name}:?…}}"


def test_env_example_placeholders_are_not_passwords() -> None:
    env = _env_example()
    for key, value in env.items():
        if SECRET_KEY_RE.search(key):
            assert value.startswith("changeme-"), key


def test_env_example_documents_every_variable() -> None:
    documented = set(_env_example())
    used = set()
    for path in (COMPOSE, CLUSTER):
        used |= {m.group(1) for m in VAR_RE.finditer(path.read_text(encoding="utf-8"))}
    assert used, "no variables found"
    assert used <= documented, sorted(used - documented)


@pytest.mark.parametrize("data", [COMPOSE_DATA, CLUSTER_DATA], ids=["main", "cluster"])
def test_shell_dollars_are_escaped(data: dict[str, Any]) -> None:
    # A single `$name` would be interpolated by Compose (to nothing) instead of the shell.
    text = "\n".join(_strings(data)).replace("$$", "")
    stray = re.findall(r"\$(?!\{)\S{0,20}", text)
    assert not stray, stray


def test_dotenv_is_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in [line.strip() for line in ignored]
    docker_ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    rules = [line.strip() for line in docker_ignored if line.strip() and not line.startswith("#")]
    assert rules[0] == "*", ".dockerignore should be an allow-list"
    assert not any(rule.startswith("!.env") for rule in rules)


def test_dockerfile() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    froms = re.findall(r"^FROM\s+(\S+)", text, flags=re.MULTILINE)
    assert froms and all(f == "python:3.11-slim" for f in froms)
    assert "pip install ." in text
    assert "spacy download" not in text, "models come from PyPI through pyproject.toml"
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert re.search(r"^COPY\s+src/es_ingest/samples\s+/app/samples\s*$", text, flags=re.MULTILINE)
    assert re.search(r"^WORKDIR\s+/app\s*$", text, flags=re.MULTILINE)


def test_dockerfile_installs_mappings_and_kibana_objects_into_the_package() -> None:
    # src/es_ingest/{mappings,kibana} are symlinks to the top-level folders and
    # package data, so the wheel carries them; the build stage must have both
    # folders next to src/ before `pip install .`.
    text = DOCKERFILE.read_text(encoding="utf-8")
    build_stage = text.split("pip install .")[0]
    pkg = DOCKERFILE.parent / "src" / "es_ingest"
    pyproject = (DOCKERFILE.parent / "pyproject.toml").read_text(encoding="utf-8")
    for folder in ("mappings", "kibana"):
        assert re.search(rf"^COPY\s+{folder}\s+\./{folder}\s*$", build_stage, flags=re.MULTILINE)
        link = pkg / folder
        assert link.is_symlink() and link.resolve() == (DOCKERFILE.parent / folder).resolve()
        assert f'"{folder}/*"' in pyproject
