"""`es-ingest doctor` against a real node: one line per check, the exit code says
whether something is wrong, and what `setup` fixes is named."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from es_ingest import schema

pytestmark = pytest.mark.integration


def _doctor(es_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ES_URL=es_url)
    return subprocess.run(
        [sys.executable, "-m", "es_ingest", "doctor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _lines(out: str) -> dict[str, str]:
    """check name -> its line ("ok   name: ..." / "FAIL name: ...")."""
    found = {}
    for line in out.splitlines():
        if line.startswith(("ok   ", "FAIL ")):
            found[line[5:].split(":", 1)[0]] = line
    return found


def test_before_and_after_setup(es, es_url: str, alias: str) -> None:  # noqa: ANN001
    before = _doctor(es_url, "--alias", alias, "--no-models")
    assert before.returncode == 1, before.stdout + before.stderr
    lines = _lines(before.stdout)
    assert lines["elasticsearch"].startswith("ok ") and "Elasticsearch 9." in lines["elasticsearch"]
    assert lines[f"index template {alias}"] == (
        f"FAIL index template {alias}: not installed (run: es-ingest setup)"
    )
    assert lines[f"alias {alias}"].startswith("FAIL ")

    schema.install(es, alias)
    after = _doctor(es_url, "--alias", alias)
    assert after.returncode == 0, after.stdout + after.stderr
    lines = _lines(after.stdout)
    assert all(line.startswith("ok ") for line in lines.values()), after.stdout
    assert f"alias {alias}" in lines and "current mapping" in lines[f"alias {alias}"]
    assert "ingest pipeline articles-ingest" in lines
    assert "search template articles-faceted-search" in lines
    models = [name for name in lines if name.startswith("spaCy model ")]
    assert len(models) >= 2 and all("loads" in lines[m] for m in models)
    assert after.stdout.rstrip().endswith("all checks passed")


def test_an_older_mapping_is_reported(es, es_url: str, alias: str) -> None:  # noqa: ANN001
    schema.install(es, alias)
    es.indices.put_index_template(
        name=alias, index_patterns=[f"{alias}-v*"], _meta={"schema_hash": "older"}
    )
    proc = _doctor(es_url, "--alias", alias, "--no-models")
    assert proc.returncode == 1
    line = _lines(proc.stdout)[f"index template {alias}"]
    assert line.startswith("FAIL ") and "older" in line and "es-ingest setup" in line


def test_unreachable_exits_3_with_one_line() -> None:
    proc = _doctor("http://127.0.0.1:9", "--no-models")
    assert proc.returncode == 3
    (line,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("FAIL")]
    assert line.startswith("FAIL elasticsearch: http://127.0.0.1:9 is not usable")
    assert "Traceback" not in proc.stdout + proc.stderr
