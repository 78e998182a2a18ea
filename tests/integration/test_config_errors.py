"""Issue 10, item 7: a configuration mistake is one line and exit 2, never a traceback.

Each case runs the console command as users do (`python -m es_ingest`)
against the real node: a request timeout of 0, below 0 or NaN, a space around
ES_URL, an ES_URL that does not parse (and a password with "/" in it, which
must not be printed), --rejects/--pending naming a directory (refused before
anything is read), bad numbers. Before the fix they ended with a traceback
and exit 1, the code for "records rejected".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from es_ingest import schema

pytestmark = pytest.mark.integration

SECRET = "Cfg-Secret-3e8d"


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "es_ingest", *args],
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("ES_")}, **env},
        cwd=cwd,
        timeout=300,
    )


def _assert_one_line_exit_2(proc: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("es-ingest: error: "), proc.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "cfg-1", "text": "Paris est en France."}) + "\n")
    return path


@pytest.mark.parametrize(
    ("value", "shown"),
    [("0", "got 0.0"), ("-1", "got -1.0"), ("nan", "got nan"), ("inf", "got inf")],
)
def test_request_timeout_not_above_zero(es_url, article, value, shown) -> None:  # noqa: ANN001
    args = ["ingest", "--workers", "1", "--request-timeout", value, str(article)]
    proc = _run(args, {"ES_URL": es_url}, article.parent)
    _assert_one_line_exit_2(proc, "request_timeout must be a number of seconds above 0", shown)
    # The same through the environment, for another command.
    proc = _run(["setup"], {"ES_URL": es_url, "ES_REQUEST_TIMEOUT": value}, article.parent)
    _assert_one_line_exit_2(proc, "request_timeout")


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--retry-seconds", "-5", "retry_seconds must be a number of seconds, 0 or more"),
        ("--retry-seconds", "nan", "retry_seconds"),
        ("--bulk-docs", "0", "bulk_docs must be at least 1"),
        ("--workers", "-1", "workers must be 0"),
        ("--shard", "2/2", "0 <= K < N"),
    ],
)
def test_bad_numbers(es_url, article, option, value, expected) -> None:  # noqa: ANN001
    proc = _run(["ingest", option, value, str(article)], {"ES_URL": es_url}, article.parent)
    _assert_one_line_exit_2(proc, expected)


@pytest.mark.parametrize("space", [" ", "\n", "\t"])
def test_es_url_with_a_space_at_its_end(es_url, article, space) -> None:  # noqa: ANN001
    proc = _run(
        ["ingest", "--workers", "1", str(article)], {"ES_URL": es_url + space}, article.parent
    )
    _assert_one_line_exit_2(proc, "ES_URL has a space or line break at its start or end")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:92x12", "http://[::1", "http://127.0.0.1", "http://exa mple:9200"]
)
def test_es_url_that_does_not_parse(article, url) -> None:  # noqa: ANN001
    proc = _run(["ingest", "--workers", "1", str(article)], {"ES_URL": url}, article.parent)
    _assert_one_line_exit_2(proc, "is not a valid URL", "needs a host and a port")


@pytest.mark.parametrize("password", [f"pa/{SECRET}", f"{SECRET}/x?y", f"a#{SECRET}"])
def test_password_with_a_slash_in_es_url_is_never_printed(es_url, article, password) -> None:  # noqa: ANN001
    host = es_url.split("://", 1)[1]
    env = {"ES_URL": f"http://elastic:{password}@{host}"}
    for args in (["-vv", "ingest", "--workers", "1", str(article)], ["setup"], ["search", "x"]):
        proc = _run(args, env, article.parent)
        line = _assert_one_line_exit_2(proc, "must be percent-encoded")
        assert f"'http://elastic:***@{host}'" in line
        assert SECRET not in proc.stdout + proc.stderr


@pytest.fixture
def installed(es, tmp_settings):  # noqa: ANN001, ANN201
    schema.install(es, tmp_settings.alias)
    return tmp_settings


def _count(es, alias: str) -> int:  # noqa: ANN001
    es.indices.refresh(index=alias)
    return int(es.count(index=alias)["count"])


@pytest.mark.parametrize("option", ["--rejects", "--pending"])
def test_output_file_naming_a_directory_is_refused_before_reading(
    es,
    installed,
    tmp_path,
    option,  # noqa: ANN001
) -> None:
    data = tmp_path / "in.jsonl"
    rows = ["{not json"] + [json.dumps({"id": f"dir-{i}", "text": "Berlin."}) for i in range(5)]
    data.write_text("\n".join(rows) + "\n")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    others = {"--rejects": installed.rejects_path, "--pending": installed.pending_path}
    others[option] = str(folder)
    args = ["ingest", "--workers", "1", "--rejects", others["--rejects"]]
    args += ["--pending", others["--pending"], str(data)]
    env = {"ES_URL": installed.es_url, "ES_ALIAS": installed.alias}
    proc = _run(args, env, tmp_path)
    _assert_one_line_exit_2(proc, f"{option} '{folder}' is a directory")
    assert _count(es, installed.alias) == 0  # nothing was read, so nothing was indexed
    assert list(folder.iterdir()) == []
    assert not Path(installed.rejects_path).exists() and not Path(installed.pending_path).exists()
    # Fixed, the same command indexes the five articles and rejects the broken line.
    args[args.index(str(folder))] = str(tmp_path / "fixed.jsonl")
    proc = _run(args, env, tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _count(es, installed.alias) == 5


def test_output_file_in_a_missing_folder_is_refused(es_url, article) -> None:  # noqa: ANN001
    args = ["ingest", "--rejects", "no/such/dir/r.jsonl", str(article)]
    proc = _run(args, {"ES_URL": es_url}, article.parent)
    _assert_one_line_exit_2(proc, "the folder 'no/such/dir' does not exist")
