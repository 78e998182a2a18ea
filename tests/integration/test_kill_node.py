"""Kill the node in the middle of a run: nothing lost, nothing duplicated.

Starts its own local node (it must be able to kill it), ingests 2,000
articles through the CLI, SIGKILLs the node part-way, checks that the run
exits 4 with every unacknowledged article in the pending file, restarts the
node, resumes from the pending file and checks the exact count.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

PORT = int(os.environ.get("ES_FAULT_PORT", "9211"))
N = 4000  # long enough (~15 s on one worker) to kill the node in the middle


@pytest.fixture(scope="module")
def own_node(es_plugins):  # noqa: ANN001, ANN201
    from es_ingest import local_es
    from es_ingest.errors import LocalEsError

    zips = es_plugins
    try:
        status = local_es.start(PORT, plugins=zips, heap="512m")
    except LocalEsError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"cannot start the node for the kill test: {exc}", pytrace=False)
        pytest.skip(f"cannot start the node for the kill test: {exc}")
    yield status.url, zips
    local_es.stop(PORT)


def _count(es, alias: str) -> int:  # noqa: ANN001
    try:
        es.indices.refresh(index=alias)
        return int(es.count(index=alias)["count"])
    except Exception:  # the node may be down: that is the point of this test
        return -1


def test_kill_node_mid_run_then_resume(own_node, drop_alias_versions, tmp_path: Path) -> None:  # noqa: ANN001
    from es_ingest import local_es, schema
    from es_ingest.config import Settings
    from es_ingest.connection import make_client

    url, zips = own_node
    alias = "killtest"
    settings = Settings.from_env({}, es_url=url, request_timeout=5)
    es = make_client(settings)
    drop_alias_versions(es, alias)
    schema.install(es, alias)

    data = tmp_path / "in.jsonl"
    cities = ["Paris", "Berlin", "Madrid", "Rome", "Warsaw", "Kyiv", "Tbilisi", "Ottawa"]
    with data.open("w") as fh:
        for i in range(N):
            city = cities[i % len(cities)]
            text = (
                f"Report {i}: ministers met in {city} on day {i % 28 + 1} to discuss "
                f"trade, energy and security with NATO and the European Union."
            )
            fh.write(json.dumps({"id": f"k{i}", "title": f"Report {i}", "text": text}) + "\n")
    pending, rejects = tmp_path / "pending.jsonl", tmp_path / "rejects.jsonl"
    env = dict(os.environ, ES_URL=url, ES_ALIAS=alias)
    cmd = [
        sys.executable,
        "-m",
        "es_ingest",
        "ingest",
        "--bulk-docs",
        "50",
        "--retry-seconds",
        "4",
        "--request-timeout",
        "5",
        "--workers",
        "1",
        "--pending",
        str(pending),
        "--rejects",
        str(rejects),
    ]

    proc = subprocess.Popen(
        [*cmd, str(data)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300
    while _count(es, alias) < 100:
        assert proc.poll() is None, "the run ended before the node could be killed"
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.2)
    assert local_es.kill(PORT)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 4, err
    m = re.search(r"read (\d+), indexed (\d+), rejected (\d+), pending (\d+)", err)
    assert m, err
    read, indexed, rejected, n_pending = map(int, m.groups())
    assert (read, rejected) == (N, 0)
    assert indexed + n_pending == N and n_pending > 0
    assert f"resume with: es-ingest ingest {pending}" in err
    assert len(pending.read_text().splitlines()) == n_pending

    # Restart the same node (same data directory) and resume.
    local_es.start(PORT, plugins=zips, heap="512m")
    es = make_client(settings)
    resumed = subprocess.run(
        [
            *cmd[:-4],
            "--pending",
            str(tmp_path / "p2.jsonl"),
            "--rejects",
            str(rejects),
            str(pending),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert _count(es, alias) == N
    drop_alias_versions(es, alias)
