"""Issue 6: secrets never appear in logs, errors, --dry-run output, rejects or pending files.

Every case runs `es-ingest -vv ...` (debug logging, elastic_transport included)
as a subprocess against the secured node, with a failing or half-failing
authenticated setup, and looks for the secret in stdout, stderr and every file
the run wrote: the password, the encoded API key, its decoded `id:key` form and
the bare key.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from pathlib import Path

import pytest
from security_support import cli, cli_env, parse_keys, secure_install

from es_ingest import keys

pytestmark = pytest.mark.integration

ARTICLES = [
    {"id": f"s{i}", "title": f"Titre {i}", "text": f"Rome et Madrid, article {i}."}
    for i in range(3)
]


@pytest.fixture(scope="module")
def alias(secure_node, admin):  # noqa: ANN001, ANN201
    name = f"secret-{uuid.uuid4().hex[:8]}"
    secure_install(admin, name)
    yield name
    for index in admin.indices.get(index=f"{name}-v*", expand_wildcards="all").body:
        admin.options(ignore_status=404).indices.delete(index=index)
    admin.options(ignore_status=404).indices.delete_index_template(name=name)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "articles.jsonl"
    path.parent.mkdir()
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def _variants(secret: str) -> list[str]:
    """The secret and, for an API key, its decoded `id:key` form and bare key."""
    out = [secret]
    try:
        decoded = base64.b64decode(secret, validate=True).decode()
    except ValueError:
        return out
    if ":" in decoded:
        out += [decoded, decoded.split(":", 1)[1]]
    return out


def _assert_nowhere(secret: str, proc, tmp_path: Path) -> list[str]:  # noqa: ANN001
    """No form of `secret` in the run's stdout, stderr or any file under tmp_path."""
    places = {"stdout": proc.stdout, "stderr": proc.stderr}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            places[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    for variant in _variants(secret):
        for where, text in places.items():
            assert variant not in text, f"secret found in {where}"
    return sorted(places)


def _ingest_args(alias: str, tmp_path: Path, data: Path) -> list[str]:
    return ["-vv", "ingest", "--alias", alias, "--workers", "1", "--no-progress",
            "--rejects", str(tmp_path / "rejects.jsonl"),
            "--pending", str(tmp_path / "pending.jsonl"), str(data)]  # fmt: skip


def test_wrong_password(secure_node, alias, data, tmp_path: Path) -> None:  # noqa: ANN001
    wrong = "Wrong-" + secrets.token_urlsafe(12)
    env = cli_env(secure_node, basic=True)
    env["ES_PASSWORD"] = wrong
    proc = cli(_ingest_args(alias, tmp_path, data), env)
    assert proc.returncode == 3, proc.stderr
    assert "authentication failed" in proc.stderr
    _assert_nowhere(wrong, proc, tmp_path)
    setup = cli(["-vv", "setup", "--create-keys", "--alias", alias], env)
    assert setup.returncode == 3 and "authentication failed" in setup.stderr
    _assert_nowhere(wrong, setup, tmp_path)


def test_password_in_the_url(secure_node, alias, data, tmp_path: Path) -> None:  # noqa: ANN001
    wrong = "InUrl-" + secrets.token_urlsafe(12)
    env = cli_env(secure_node)
    env["ES_URL"] = secure_node.url.replace("https://", f"https://elastic:{wrong}@")
    proc = cli(_ingest_args(alias, tmp_path, data), env)
    assert proc.returncode == 3, proc.stderr
    assert "es-ingest: error:" in proc.stderr
    _assert_nowhere(wrong, proc, tmp_path)


def test_invalidated_api_key(secure_node, admin, alias, data, tmp_path: Path) -> None:  # noqa: ANN001
    key = keys.create_key(admin, keys.INGEST, alias)
    assert keys.invalidate(admin, key.id) == 1
    proc = cli(_ingest_args(alias, tmp_path, data), cli_env(secure_node, api_key=key.encoded))
    assert proc.returncode == 3, proc.stderr
    assert "authentication failed" in proc.stderr
    _assert_nowhere(key.encoded, proc, tmp_path)
    # An API key that is not even base64 is not echoed either.
    garbage = "NotAKey-" + secrets.token_urlsafe(12)
    proc = cli(_ingest_args(alias, tmp_path, data), cli_env(secure_node, api_key=garbage))
    assert proc.returncode == 3, proc.stderr
    _assert_nowhere(garbage, proc, tmp_path)


def test_key_without_write_privilege_pends_without_the_key(
    secure_node,
    admin,
    alias,
    data,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    """Authenticated, not authorised: a refusal of the cluster, so every article is
    pending (replayable with a key that may write), none rejected; the key nowhere."""
    key = keys.create_key(admin, keys.SEARCH, alias)
    proc = cli(_ingest_args(alias, tmp_path, data), cli_env(secure_node, api_key=key.encoded))
    assert proc.returncode == 4, proc.stderr
    assert not (tmp_path / "rejects.jsonl").exists()
    pending = (tmp_path / "pending.jsonl").read_text()
    assert len(pending.splitlines()) == len(ARTICLES)
    assert "unauthorized" in pending or "not authorised" in pending
    _assert_nowhere(key.encoded, proc, tmp_path)
    keys.invalidate(admin, key.id)


def test_pending_file_after_retries(secure_node, admin, alias, tmp_path: Path) -> None:  # noqa: ANN001
    """The node becomes unreachable after the connection check: pending file, no key in it.

    The run goes through a relay that is cut once the start-up checks are logged; the
    articles come on stdin only after that, so none can be indexed before.
    """
    import subprocess
    import threading

    from security_support import ES_INGEST, CuttableProxy

    key = keys.create_key(admin, keys.INGEST, alias)
    proxy = CuttableProxy(secure_node.port)
    env = cli_env(secure_node, api_key=key.encoded)
    env["ES_URL"] = f"https://127.0.0.1:{proxy.port}"
    args = _ingest_args(alias, tmp_path, Path("-"))
    err: list[str] = []
    checked = threading.Event()
    with subprocess.Popen([*ES_INGEST, *args], env=env, text=True, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:  # fmt: skip
        assert proc.stdin is not None and proc.stderr is not None and proc.stdout is not None

        def drain() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                err.append(line)
                if "/_alias/" in line:  # the last start-up check (after cluster health)
                    checked.set()

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            assert checked.wait(120), "".join(err)
            proxy.cut()
            proc.stdin.write("".join(json.dumps(a) + "\n" for a in ARTICLES))
            proc.stdin.close()
            out = proc.stdout.read()
            proc.wait(180)
        finally:
            proxy.cut()
            if proc.poll() is None:
                proc.kill()
        reader.join(10)
    done = subprocess.CompletedProcess(args, proc.returncode, out, "".join(err))
    assert done.returncode == 4, done.stderr
    assert len((tmp_path / "pending.jsonl").read_text().splitlines()) == len(ARTICLES)
    _assert_nowhere(key.encoded, done, tmp_path)
    keys.invalidate(admin, key.id)


def test_dry_run_output(secure_node, data, tmp_path: Path) -> None:  # noqa: ANN001
    secret = "DryRun-" + secrets.token_urlsafe(12)
    env = cli_env(secure_node, api_key=secret)
    proc = cli(["-vv", "ingest", "--dry-run", "--workers", "1", str(data)], env)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == len(ARTICLES)  # the enriched articles
    _assert_nowhere(secret, proc, tmp_path)


def test_created_keys_and_password_are_not_logged(
    secure_node,
    admin,
    alias,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    """`keys create -vv`: the new keys on stdout once, never in the debug log (stderr).

    elastic_transport logs every response body at debug level, the one of
    `POST /_security/api_key` included: that is what redaction must catch.
    """
    proc = cli(["-vv", "keys", "create", "--alias", alias], cli_env(secure_node, basic=True))
    assert proc.returncode == 0, proc.stderr
    assert "DEBUG" in proc.stderr and "/_security/api_key" in proc.stderr  # -vv was on
    created = parse_keys(proc.stdout)
    assert set(created) == {"ingest", "search"}
    for key in created.values():
        assert proc.stdout.count(key["encoded"]) == 1
        for variant in _variants(key["encoded"]):
            assert variant not in proc.stderr
    assert secure_node.password not in proc.stdout + proc.stderr
    keys.invalidate(admin, *(k["id"] for k in created.values()))
