"""Ctrl-C in the middle of a run: in-flight articles are saved, the summary printed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from es_ingest import schema

pytestmark = pytest.mark.integration
N = 4000  # at ~500 articles/s, the run lasts ~8 s after the first bulk request


def test_ctrl_c_saves_in_flight_and_resume_completes(es, tmp_settings, tmp_path: Path) -> None:  # noqa: ANN001
    alias = tmp_settings.alias
    schema.install(es, alias)
    data = tmp_path / "in.jsonl"
    with data.open("w") as fh:
        for i in range(N):
            fh.write(
                json.dumps(
                    {
                        "id": f"c{i}",
                        "text": f"Item {i}: talks in Vienna and Prague "
                        f"about gas prices, day {i % 30}.",
                    }
                )
                + "\n"
            )
    env = dict(os.environ, ES_URL=tmp_settings.es_url, ES_ALIAS=alias)
    pending = Path(tmp_settings.pending_path)
    cmd = [
        sys.executable,
        "-m",
        "es_ingest",
        "ingest",
        "--bulk-docs",
        "50",
        "--workers",
        "2",
        "--pending",
        str(pending),
        "--rejects",
        tmp_settings.rejects_path,
    ]
    # Its own process group, like a terminal's foreground job: Ctrl-C reaches every process.
    proc = subprocess.Popen(
        [*cmd, str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while True:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "no progress"
        es.indices.refresh(index=alias)
        if es.count(index=alias)["count"] >= 50:  # the first bulk request is in
            break
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    m = re.search(r"read (\d+), indexed (\d+), rejected (\d+), pending (\d+)", err)
    assert m, err
    read, indexed, rejected, n_pending = map(int, m.groups())
    assert rejected == 0 and indexed + n_pending == read and read < N
    assert "interrupted" in err
    if n_pending:
        assert len(pending.read_text().splitlines()) == n_pending
    # Re-running the same command finishes the job without duplicates.
    again = subprocess.run([*cmd, str(data)], env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == N
