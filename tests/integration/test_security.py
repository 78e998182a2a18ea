"""Issue 6, security: a secured node (security and TLS on), least-privilege API keys,
API key / basic auth / CA file / --no-verify-certs from the CLI.

The secured node is our own (`local_es.start(secure=True)` on ES_SECURE_TEST_PORT,
default 9230), started once for this module with a fresh random password and
stopped at the end. When it cannot start, CI fails and elsewhere the tests skip.
Secrets never appearing in output are checked in `test_security_secrets.py`.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from elasticsearch import AuthorizationException
from security_support import cli, cli_env, parse_keys, secure_install

from es_ingest.config import Settings
from es_ingest.connection import make_client

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def alias(secure_node, admin):  # noqa: ANN001, ANN201
    name = f"sec-{uuid.uuid4().hex[:8]}"
    full_setup = secure_install(admin, name)
    yield name, full_setup
    # Deleting by wildcard is refused (action.destructive_requires_name): by name.
    for index in admin.indices.get(index=f"{name}-v*", expand_wildcards="all").body:
        admin.options(ignore_status=404).indices.delete(index=index)
    admin.options(ignore_status=404).indices.delete_index_template(name=name)


@pytest.fixture(scope="module")
def created_keys(secure_node, alias):  # noqa: ANN001, ANN201
    """`es-ingest keys create` with basic auth and the CA file; its parsed output."""
    name, _ = alias
    proc = cli(["keys", "create", "--alias", name], cli_env(secure_node, basic=True))
    assert proc.returncode == 0, proc.stderr
    return proc, parse_keys(proc.stdout)


def _key_client(secure_node, encoded: str):  # noqa: ANN001, ANN202
    return make_client(
        Settings.from_env({}, es_url=secure_node.url, api_key=encoded, ca_certs=secure_node.ca)
    )


# --- the node -------------------------------------------------------------------------


def test_secured_node_needs_credentials_and_tls(secure_node) -> None:  # noqa: ANN001
    import ssl
    import urllib.error
    import urllib.request

    ctx = ssl.create_default_context(cafile=secure_node.ca)
    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(secure_node.url, context=ctx, timeout=10)
    assert anonymous.value.code == 401
    anonymous.value.close()
    plain = secure_node.url.replace("https://", "http://")
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        urllib.request.urlopen(plain, timeout=10).read()
    assert secure_node.url.startswith("https://127.0.0.1:")


# --- creating keys ----------------------------------------------------------------------


def test_keys_create_prints_each_key_once_with_id_and_privileges(
    created_keys,
    alias,  # noqa: ANN001
) -> None:
    proc, keys = created_keys
    name, _ = alias
    assert set(keys) == {"ingest", "search"}
    for purpose, key in keys.items():
        assert proc.stdout.count(key["encoded"]) == 1, purpose
        assert key["encoded"] not in proc.stderr
        assert key["id"]
    assert f"index on {name}, {name}-*; cluster: none" in keys["ingest"]["privileges"]
    assert (
        f"read, view_index_metadata on {name}, {name}-*; cluster: none"
        in keys["search"]["privileges"]
    )


def test_setup_create_keys(secure_node, alias) -> None:  # noqa: ANN001
    name, full_setup = alias
    if not full_setup:
        msg = "the dev plugin on this node lacks ingest processors or mustache: setup fails"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    proc = cli(["setup", "--create-keys", "--alias", name], cli_env(secure_node, basic=True))
    assert proc.returncode == 0, proc.stderr
    assert "already up to date" in proc.stdout
    assert set(parse_keys(proc.stdout)) == {"ingest", "search"}


# --- what each key may do ---------------------------------------------------------------


def test_ingest_key_indexes_through_the_cli(
    secure_node,
    admin,
    alias,
    created_keys,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    name, _ = alias
    _, keys = created_keys
    data = tmp_path / "in.jsonl"
    data.write_text(
        '{"id": "k1", "title": "Un accord", "text": "La France et l\'Allemagne ont signé."}\n'
        '{"id": "k2", "title": "A deal", "text": "Canada and Norway signed an agreement."}\n',
        encoding="utf-8",
    )
    env = cli_env(secure_node, api_key=keys["ingest"]["encoded"])
    proc = cli(
        ["ingest", "--alias", name, "--workers", "1", "--rejects", str(tmp_path / "r.jsonl"),
         "--pending", str(tmp_path / "p.jsonl"), str(data)],
        env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "indexed 2" in proc.stderr
    admin.indices.refresh(index=name)
    assert admin.count(index=name)["count"] >= 2
    assert admin.get(index=name, id="k2")["_source"]["title"] == "A deal"


def test_ingest_key_cannot_delete_read_or_write_elsewhere(
    secure_node,
    admin,
    alias,
    created_keys,  # noqa: ANN001
) -> None:
    name, _ = alias
    _, keys = created_keys
    es = _key_client(secure_node, keys["ingest"]["encoded"])
    es.index(index=name, id="allowed", document={"title": "t", "text": "allowed"})
    other = f"other-{uuid.uuid4().hex[:6]}"
    forbidden = [
        lambda: es.indices.delete(index=f"{name}-v1"),
        lambda: es.indices.delete(index=name),
        lambda: es.indices.create(index=f"{name}-v99"),
        lambda: es.index(index=other, document={"text": "x"}),
        lambda: es.search(index=name),
        lambda: es.get(index=name, id="allowed"),
        lambda: es.indices.put_settings(index=name, settings={"number_of_replicas": 1}),
        lambda: es.security.create_api_key(name="escalate"),
    ]
    for call in forbidden:
        with pytest.raises(AuthorizationException):
            call()
    assert not admin.indices.exists(index=other)
    assert admin.indices.exists(index=f"{name}-v1")
    # A bulk request is authorised item by item: the other index is refused, ours is not.
    resp = es.bulk(
        operations=[{"index": {"_index": other}}, {"text": "x"},
                    {"index": {"_index": name, "_id": "b1"}}, {"title": "t", "text": "y"}]
    )  # fmt: skip
    statuses = [next(iter(item.values()))["status"] for item in resp["items"]]
    assert statuses[0] == 403 and statuses[1] in (200, 201)


def test_search_key_reads_but_cannot_write(
    secure_node,
    admin,
    alias,
    created_keys,  # noqa: ANN001
) -> None:
    name, _ = alias
    _, keys = created_keys
    admin.index(index=name, id="readable", document={"title": "t", "text": "lisible"}, refresh=True)
    es = _key_client(secure_node, keys["search"]["encoded"])
    hits = es.search(index=name, query={"ids": {"values": ["readable"]}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["readable"]
    assert es.indices.get_mapping(index=name)
    for call in (
        lambda: es.index(index=name, document={"text": "x"}),
        lambda: es.delete(index=name, id="readable"),
        lambda: es.indices.delete(index=f"{name}-v1"),
        lambda: es.indices.create(index=f"{name}-v98"),
        lambda: es.search(index=".security"),
    ):
        with pytest.raises(AuthorizationException):
            call()
    # A key without any write privilege has even the bulk request refused as a whole.
    with pytest.raises(AuthorizationException):
        es.bulk(operations=[{"index": {"_index": name, "_id": "w"}}, {"text": "x"}])


# --- CLI connection options --------------------------------------------------------------


def test_tls_without_the_ca_file_is_refused(secure_node, alias) -> None:  # noqa: ANN001
    name, _ = alias  # basic auth with the CA file: see `created_keys`
    # Without the CA file the node's certificate is not trusted: refused, exit 3.
    env = cli_env(secure_node, basic=True)
    env.pop("ES_CA_CERTS")
    untrusted = cli(["keys", "create", "--alias", name], env)
    assert untrusted.returncode == 3
    assert "TLS error" in untrusted.stderr and secure_node.url in untrusted.stderr


def test_no_verify_certs_works_and_warns(secure_node, alias) -> None:  # noqa: ANN001
    name, _ = alias
    env = cli_env(secure_node, basic=True)
    env.pop("ES_CA_CERTS")
    proc = cli(["keys", "create", "--alias", name, "--no-verify-certs"], env)
    assert proc.returncode == 0, proc.stderr
    assert "TLS certificate verification is OFF" in proc.stderr
    assert "WARNING" in proc.stderr
    # The environment variable does the same.
    env["ES_VERIFY_CERTS"] = "false"
    again = cli(["keys", "create", "--alias", name], env)
    assert again.returncode == 0 and "verification is OFF" in again.stderr


def test_local_es_status_reports_https(secure_node) -> None:  # noqa: ANN001
    proc = cli(["local-es", "status", "--port", str(secure_node.port), "--json"], dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    assert f'"url": "{secure_node.url}"' in proc.stdout


def test_search_key_runs_the_search_command(secure_node, admin, alias, created_keys) -> None:  # noqa: ANN001
    """`es-ingest search` with the read-only key; query syntax in QUERY is only text."""
    name, full_setup = alias
    if not full_setup:
        pytest.skip("no search template on this node (see test_setup_create_keys)")
    _, keys = created_keys
    admin.index(
        index=name,
        id="q1",
        document={"title": "Un accord avec Oslo", "text": "Canada and Norway signed."},
        refresh=True,
    )
    env = cli_env(secure_node, api_key=keys["search"]["encoded"])
    found = cli(["search", "--alias", name, "Norway"], env)
    assert found.returncode == 0, found.stderr
    assert "Un accord avec Oslo" in found.stdout
    syntax = cli(["search", "--alias", name, "title:x OR *"], env)
    assert syntax.returncode == 0, syntax.stderr
    assert "Un accord avec Oslo" not in syntax.stdout
