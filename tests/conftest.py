"""Shared fixtures.

Elasticsearch for integration tests: `ES_URL` when set, else the local node
of `es_ingest.local_es` (started once per session, with the dev plugin that
`local_es.start` builds and installs). With `CI=true` an
unreachable node fails the run; elsewhere the integration tests are skipped
with the reason.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Enrichment runs strict in the tests (and in the commands they start): a bug
# in an enrichment step raises instead of becoming a note on the article.
os.environ.setdefault("ES_INGEST_STRICT", "1")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared test data is not available here")
    return path


def plugin_zips() -> list[Path]:
    """The dev plugin zip (`local_es.localnode_plugin`: built with Maven once per source
    content); empty when it cannot be built here (no Maven or no Java)."""
    from es_ingest import local_es
    from es_ingest.errors import LocalEsError

    try:
        return [local_es.localnode_plugin(local_es.find_java())]
    except LocalEsError:
        return []


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"Elasticsearch is required in CI but unavailable: {reason}", pytrace=False)
    pytest.skip(f"Elasticsearch unavailable: {reason}")


@pytest.fixture(scope="session")
def es_url() -> str:
    url = os.environ.get("ES_URL")
    if url:
        return url
    from es_ingest import local_es
    from es_ingest.errors import LocalEsError

    port = int(os.environ.get("ES_TEST_PORT", "9200"))
    try:
        return local_es.start(port).url
    except (LocalEsError, subprocess.CalledProcessError) as exc:
        _unavailable(str(exc))
        raise  # unreachable: _unavailable skips or fails


@pytest.fixture(scope="session")
def settings(es_url: str):  # noqa: ANN201
    from es_ingest.config import Settings

    return Settings.from_env(es_url=es_url)


@pytest.fixture(scope="session")
def es(settings):  # noqa: ANN001, ANN201
    from es_ingest.connection import check, make_client
    from es_ingest.errors import ElasticsearchUnavailable

    client = make_client(settings)
    try:
        check(client, settings)
    except ElasticsearchUnavailable as exc:
        _unavailable(str(exc))
    return client


@pytest.fixture
def alias(es, settings) -> Iterator[str]:  # noqa: ANN001
    """A fresh alias (and its indices/template) for one test, removed afterwards."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    yield name
    delete_versions(es, name)
    es.options(ignore_status=404).indices.delete_index_template(name=name)


def delete_versions(es, alias: str) -> None:  # noqa: ANN001
    """Delete `<alias>-v*` by name (wildcard deletes are refused by default)."""
    names = list(es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body)
    names = [n for n in names if n.startswith(f"{alias}-v")]
    if names:
        es.indices.delete(index=",".join(names))


@pytest.fixture
def tmp_settings(settings, alias, tmp_path):  # noqa: ANN001, ANN201
    """Settings for one test: its own alias and rejects/pending files."""
    return settings.with_(
        alias=alias,
        rejects_path=str(tmp_path / "rejects.jsonl"),
        pending_path=str(tmp_path / "pending.jsonl"),
        retry_seconds=5.0,
    )


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, or skip with the reason."""
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent: ../shared test data is not available here")
    return SHARED


@pytest.fixture(scope="session")
def es_plugins() -> list[Path]:
    """The dev-node plugin zips (built with Maven when missing)."""
    return plugin_zips()


@pytest.fixture(scope="session")
def drop_alias_versions():  # noqa: ANN201
    """`delete_versions(es, alias)`, for tests that manage an alias themselves."""
    return delete_versions
