"""SIGTERM and SIGHUP stop a run like Ctrl-C: nothing read is lost (issue 10, item 1).

`docker stop` and Kubernetes send SIGTERM to the main process; systemd (and a
closed terminal, SIGHUP) signal the whole process group. Either way the run
stops reading, keeps what Elasticsearch acknowledged, saves every other
article it read to the pending file, prints the summary and exits 128 + the
signal number. The input comes on stdin, which cannot be read twice: what
was read and not indexed exists only in the pending file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from es_ingest import schema

pytestmark = pytest.mark.integration
N = 3000


def _lines(n: int) -> list[str]:
    return [
        json.dumps({"id": f"s{i}", "text": f"Item {i}: talks in Vienna and Prague, day {i % 30}."})
        + "\n"
        for i in range(n)
    ]


def _feed(proc: subprocess.Popen, lines: list[str]) -> threading.Thread:  # type: ignore[type-arg]
    """Write `lines` to the run's stdin from a thread (the pipe fills up; the run may stop)."""

    def write() -> None:
        assert proc.stdin is not None
        try:
            for line in lines:
                proc.stdin.write(line)
            proc.stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass  # the run stopped reading: that is the point

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _start(tmp_settings, workers: int) -> subprocess.Popen:  # type: ignore[type-arg]  # noqa: ANN001
    env = dict(os.environ, ES_URL=tmp_settings.es_url, ES_ALIAS=tmp_settings.alias)
    cmd = [sys.executable, "-m", "es_ingest", "ingest", "--no-progress",
           "--bulk-docs", "50", "--workers", str(workers), "--pending", tmp_settings.pending_path,
           "--rejects", tmp_settings.rejects_path, "-"]  # fmt: skip
    return subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _finish(proc: subprocess.Popen, writer: threading.Thread, timeout: float) -> tuple[str, str]:  # type: ignore[type-arg]
    """(stdout, stderr) once the run exits; a failure, never a hang, if it does not.

    Not `communicate()`: it flushes stdin first, and the feeding thread holds
    that buffer's lock while blocked on a full pipe, so a run that never
    exits would hang the suite instead of failing this test.
    """
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGUSR1)  # the CLI prints every thread's stack
            time.sleep(2)
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        assert proc.stderr is not None
        tail = proc.stderr.read()[-6000:]
        pytest.fail(f"the run did not exit within {timeout:.0f}s of the signal:\n{tail}")
    writer.join(10)  # the run is gone: its write ends with a broken pipe
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        with contextlib.suppress(OSError, ValueError):
            pipe.close()  # type: ignore[union-attr]
    return out, err


def _wait_for_some_indexed(es, alias: str, proc) -> None:  # noqa: ANN001
    deadline = time.monotonic() + 300
    while True:
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, "no progress"
        es.indices.refresh(index=alias)
        if es.count(index=alias)["count"] >= 100:
            return
        time.sleep(0.2)


def _indexed_ids(es, alias: str) -> set[str]:  # noqa: ANN001
    es.indices.refresh(index=alias)
    resp = es.search(index=alias, query={"match_all": {}}, size=N, _source=False)
    return {hit["_id"] for hit in resp["hits"]["hits"]}


@pytest.mark.parametrize(
    ("signum", "to_group", "workers"),
    [(signal.SIGTERM, False, 2), (signal.SIGHUP, True, 2), (signal.SIGTERM, False, 1)],
    ids=["sigterm-main-process", "sighup-process-group", "sigterm-one-worker"],
)
def test_stop_signal_saves_everything_read(es, tmp_settings, signum, to_group, workers) -> None:  # noqa: ANN001
    alias = tmp_settings.alias
    schema.install(es, alias)
    proc = _start(tmp_settings, workers)
    writer = _feed(proc, _lines(N))
    _wait_for_some_indexed(es, alias, proc)
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    _out, err = _finish(proc, writer, 120)
    assert proc.returncode == 128 + signum, err
    m = re.search(r"read (\d+), indexed (\d+), rejected (\d+), pending (\d+)", err)
    assert m, err
    read, indexed, rejected, n_pending = map(int, m.groups())
    assert rejected == 0 and indexed >= 100 and indexed + n_pending == read and read < N, err
    assert f"stopped by signal {signum}" in err or signal.Signals(signum).name in err, err
    # What Elasticsearch holds is exactly what the summary calls indexed; the
    # rest of what was read, and only that, is in the pending file.
    in_es = _indexed_ids(es, alias)
    assert len(in_es) == indexed
    pending_path = Path(tmp_settings.pending_path)
    lines = pending_path.read_text().splitlines() if n_pending else []
    saved = [json.loads(line) for line in lines]
    pending_ids = {rec["record"]["id"] for rec in saved}
    assert len(saved) == n_pending == len(pending_ids)
    assert not in_es & pending_ids
    assert in_es | pending_ids == {f"s{i}" for i in range(read)}
    assert not Path(tmp_settings.rejects_path).exists()


def test_a_second_signal_exits_at_once_and_keeps_what_was_saved(es, tmp_settings) -> None:  # noqa: ANN001
    alias = tmp_settings.alias
    schema.install(es, alias)
    proc = _start(tmp_settings, 2)
    writer = _feed(proc, _lines(N))
    _wait_for_some_indexed(es, alias, proc)
    os.kill(proc.pid, signal.SIGTERM)
    time.sleep(0.02)
    os.kill(proc.pid, signal.SIGINT)
    started = time.monotonic()
    _out, err = _finish(proc, writer, 60)
    assert time.monotonic() - started < 30, err
    # 128 + n from our handler; or, when the second signal lands while the
    # interpreter is finalising (it restores the default handlers then), death
    # by that signal, which a shell reports as the same 128 + n.
    exits = {128 + signal.SIGTERM, 128 + signal.SIGINT, -signal.SIGTERM, -signal.SIGINT}
    assert proc.returncode in exits, err
    assert "Traceback" not in err, err
    # Whatever was saved before the second signal is whole: one record per line.
    pending_path = Path(tmp_settings.pending_path)
    if pending_path.exists():
        ids = [json.loads(line)["record"]["id"] for line in pending_path.read_text().splitlines()]
        assert len(ids) == len(set(ids))
        assert not set(ids) & _indexed_ids(es, alias)


def test_sigterm_while_retrying_an_unreachable_node_stops_within_seconds(es, tmp_settings) -> None:  # noqa: ANN001
    """A stop must not wait out `--retry-seconds` (Kubernetes kills after 30 s, docker after 10)."""
    from urllib.parse import urlparse

    from security_support import CuttableProxy

    alias = tmp_settings.alias
    schema.install(es, alias)
    proxy = CuttableProxy(urlparse(tmp_settings.es_url).port or 9200)
    relayed = tmp_settings.with_(es_url=f"http://127.0.0.1:{proxy.port}", retry_seconds=300)
    proc = _start(relayed, 1)
    writer = _feed(proc, _lines(N))
    err: list[str] = []
    retrying = threading.Event()

    def drain() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            err.append(line)
            if "retrying" in line:
                retrying.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        _wait_for_some_indexed(es, alias, proc)
        proxy.cut()
        assert retrying.wait(120), "".join(err)
        os.kill(proc.pid, signal.SIGTERM)
        started = time.monotonic()
        proc.wait(60)
        took = time.monotonic() - started
    finally:
        proxy.cut()
        if proc.poll() is None:
            proc.kill()
    reader.join(10)
    writer.join(10)
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        with contextlib.suppress(OSError, ValueError):
            pipe.close()  # type: ignore[union-attr]
    text = "".join(err)
    assert proc.returncode == 143, text
    assert took < 15, f"took {took:.1f}s to stop"
    m = re.search(r"read (\d+), indexed (\d+), rejected (\d+), pending (\d+)", text)
    assert m, text
    read, indexed, rejected, n_pending = map(int, m.groups())
    assert rejected == 0 and n_pending > 0 and indexed + n_pending == read, text
    lines = Path(tmp_settings.pending_path).read_text().splitlines()
    pending_ids = {json.loads(line)["record"]["id"] for line in lines}
    assert len(lines) == n_pending == len(pending_ids)
    # A request cut after Elasticsearch applied it is pending too: replaying it is harmless.
    assert _indexed_ids(es, alias) | pending_ids == {f"s{i}" for i in range(read)}


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def test_a_dead_worker_exits_5_with_what_was_read_pending(es, tmp_settings) -> None:  # noqa: ANN001
    """An enrichment worker killed (OOM killer, a segfault): exit 5, one line, nothing lost."""
    alias = tmp_settings.alias
    schema.install(es, alias)
    proc = _start(tmp_settings, 2)
    writer = _feed(proc, _lines(N))
    _wait_for_some_indexed(es, alias, proc)
    # The workers are the forkserver's children (grandchildren of the run).
    workers = [w for child in _children(proc.pid) for w in _children(child)]
    assert workers, "no worker process found"
    os.kill(workers[0], signal.SIGKILL)
    _out, err = _finish(proc, writer, 120)
    assert proc.returncode == 5, err
    assert "enrichment worker" in err and "Traceback" not in err.split("enrichment worker")[0]
    # Everything read is indexed or pending, once: together a prefix of the input.
    in_es = _indexed_ids(es, alias)
    lines = Path(tmp_settings.pending_path).read_text().splitlines()
    pending_ids = [json.loads(line)["record"]["id"] for line in lines]
    assert len(pending_ids) == len(set(pending_ids)) and pending_ids
    assert not in_es & set(pending_ids)
    both = in_es | set(pending_ids)
    assert both == {f"s{i}" for i in range(len(both))}
