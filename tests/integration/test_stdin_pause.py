"""An article written to a pipe that stays open is indexed within seconds (issue 14).

A feed that trickles (a process writing an article now and then to
`es-ingest ingest -`) must not wait for 64 more articles (a worker's chunk),
32 (a spaCy batch) or 8 (the first bulk request): when the input pauses for
`pauses.PAUSE_SECONDS`, every stage passes on what it holds. The first
article's wait includes the start-up (model loading); the second's does not.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest

from es_ingest import schema

pytestmark = pytest.mark.integration

#: The first article: start-up (imports, models) included, on a loaded machine.
FIRST_WITHIN = 60.0
#: A later one, with the models loaded: the pause (1 s), enrichment, one request.
LATER_WITHIN = 15.0


def _line(i: int) -> str:
    text = f"Talks in Vienna on day {i}: the ministers of Austria and Hungary met."
    return json.dumps({"id": f"p{i}", "title": f"Talks {i}", "text": text}) + "\n"


def _wait_for_count(es, alias: str, n: int, within: float, proc) -> float:  # noqa: ANN001
    """Seconds until `alias` holds `n` documents; fails after `within` seconds."""
    started = time.monotonic()
    while True:
        assert proc.poll() is None, proc.communicate()[1]
        es.indices.refresh(index=alias)
        if es.count(index=alias)["count"] >= n:
            return time.monotonic() - started
        elapsed = time.monotonic() - started
        assert elapsed < within, f"{n} document(s) not indexed after {elapsed:.0f}s, stdin open"
        time.sleep(0.2)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_on_an_open_stdin_is_indexed_within_seconds(es, tmp_settings, workers) -> None:  # noqa: ANN001
    alias = tmp_settings.alias
    schema.install(es, alias)
    env = dict(os.environ, ES_URL=tmp_settings.es_url, ES_ALIAS=alias)
    cmd = [sys.executable, "-m", "es_ingest", "ingest", "--no-progress",
           "--workers", str(workers), "--pending", tmp_settings.pending_path,
           "--rejects", tmp_settings.rejects_path, "-"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdin is not None
        proc.stdin.write(_line(1))
        proc.stdin.flush()  # and the pipe stays open
        _wait_for_count(es, alias, 1, FIRST_WITHIN, proc)
        proc.stdin.write(_line(2))
        proc.stdin.flush()
        second = _wait_for_count(es, alias, 2, LATER_WITHIN, proc)
        print(
            f"workers {workers}: the second article was indexed {second:.1f}s after it was written"
        )
        _out, err = proc.communicate(timeout=60)  # closes stdin: the end of the input
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert re.search(r"read 2, indexed 2, rejected 0, pending 0", err), err
    hit = es.get(index=alias, id="p2")["_source"]
    assert "Austria" in hit["countries"] or "AT" in json.dumps(hit["countries"]), hit["countries"]
