"""The cluster's state is not bad data (issue 10, items 5 and 6), on a real node.

- `es-ingest ingest` refuses to start when the alias or its index template is
  missing, with one line saying to run `es-ingest setup` (exit 3), and never
  lets a bulk request create an index (`require_alias`).
- A closed index, a write block or an alias that cannot take writes are the
  cluster's state: the articles go to the pending file (exit 4) with one
  line saying why, none to rejects; the rest of the input is not enriched.
- When Elasticsearch is given up on, the remaining input goes to pending as
  it was read, without being enriched first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from es_ingest import schema
from es_ingest.ingest import run
from es_ingest.model import Article
from es_ingest.readers import read_paths

pytestmark = pytest.mark.integration
N = 400


def _data(tmp_path: Path, n: int = N) -> Path:
    path = tmp_path / "in.jsonl"
    with path.open("w") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"r{i}", "title": f"T{i}", "text": f"Text {i} in Oslo."}))
            fh.write("\n")
    return path


def _cli(tmp_settings, *args: str) -> subprocess.CompletedProcess[str]:  # noqa: ANN001
    env = dict(os.environ, ES_URL=tmp_settings.es_url, ES_ALIAS=tmp_settings.alias)
    cmd = [sys.executable, "-m", "es_ingest", "ingest", "--no-progress", "--workers", "1",
           "--retry-seconds", "3", "--bulk-docs", "50", "--pending", tmp_settings.pending_path,
           "--rejects", tmp_settings.rejects_path, *args]  # fmt: skip
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def _no_index_named(es, name: str) -> bool:  # noqa: ANN001
    return not es.indices.exists(index=name)


def test_ingest_refuses_to_start_without_setup(es, tmp_settings, tmp_path: Path) -> None:  # noqa: ANN001
    proc = _cli(tmp_settings, str(_data(tmp_path)))
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "es-ingest setup" in lines[0], proc.stderr
    assert tmp_settings.alias in lines[0]
    assert _no_index_named(es, tmp_settings.alias)  # no dynamic index was created
    assert not Path(tmp_settings.pending_path).exists()
    assert not Path(tmp_settings.rejects_path).exists()


def test_ingest_refuses_to_start_without_the_template(es, tmp_settings, tmp_path: Path) -> None:  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    es.indices.delete_index_template(name=tmp_settings.alias)
    proc = _cli(tmp_settings, str(_data(tmp_path)))
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "es-ingest setup" in lines[0] and "template" in lines[0], lines
    es.indices.refresh(index=tmp_settings.alias)
    assert es.count(index=tmp_settings.alias)["count"] == 0


def test_ingest_refuses_a_plain_index_where_the_alias_should_be(
    es,
    tmp_settings,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    """What older versions left behind: an index with dynamic mappings under the alias's name."""
    es.indices.create(index=tmp_settings.alias)
    try:
        proc = _cli(tmp_settings, str(_data(tmp_path)))
        assert proc.returncode == 3, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "is an index, not an alias" in lines[0], proc.stderr
        es.indices.refresh(index=tmp_settings.alias)
        assert es.count(index=tmp_settings.alias)["count"] == 0
    finally:
        es.indices.delete(index=tmp_settings.alias)


def _close(es, index: str) -> None:  # noqa: ANN001
    es.indices.close(index=index)


def _write_block(es, index: str) -> None:  # noqa: ANN001
    es.indices.put_settings(index=index, settings={"index.blocks.write": True})


def _no_write_index(es, index: str) -> None:  # noqa: ANN001
    alias = index.rsplit("-v", 1)[0]
    es.indices.create(index=f"{alias}-v99")
    es.indices.update_aliases(
        actions=[
            {"add": {"index": index, "alias": alias, "is_write_index": False}},
            {"add": {"index": f"{alias}-v99", "alias": alias}},
        ]
    )


def _undo(es, index: str) -> None:  # noqa: ANN001
    alias = index.rsplit("-v", 1)[0]
    es.indices.open(index=index)
    es.indices.put_settings(index=index, settings={"index.blocks.write": None})
    if es.indices.exists(index=f"{alias}-v99"):
        es.indices.delete(index=f"{alias}-v99")
    es.indices.update_aliases(
        actions=[{"add": {"index": index, "alias": alias, "is_write_index": True}}]
    )


@pytest.mark.parametrize(
    ("refuse", "why"),
    [
        (_close, "index_closed_exception"),
        (_write_block, "cluster_block_exception"),
        (_no_write_index, "no write index"),
    ],
    ids=["closed-index", "write-block", "alias-without-write-index"],
)
def test_cluster_refusals_go_to_pending_not_rejects(
    es,
    tmp_settings,
    tmp_path: Path,
    refuse,
    why: str,  # noqa: ANN001
) -> None:
    alias = tmp_settings.alias
    schema.install(es, alias)
    index = schema.current_index(es, alias)
    assert index is not None
    refuse(es, index)
    data = _data(tmp_path)
    proc = _cli(tmp_settings, str(data))
    assert proc.returncode == 4, proc.stderr
    assert not Path(tmp_settings.rejects_path).exists(), proc.stderr
    saved = [json.loads(line) for line in Path(tmp_settings.pending_path).read_text().splitlines()]
    assert sorted(r["record"]["id"] for r in saved) == sorted(f"r{i}" for i in range(N))
    # One line says why, not one line per article.
    said = [line for line in proc.stderr.splitlines() if why in line]
    assert len(said) == 1, proc.stderr
    assert "pending" in said[0]
    assert "rejected" not in proc.stderr.replace("rejected 0", "")
    # Once the cluster takes writes again, the pending file replays as it is.
    _undo(es, index)
    replay = tmp_settings.with_(pending_path=str(tmp_path / "p2.jsonl"))
    again = _cli(replay, tmp_settings.pending_path)
    assert again.returncode == 0, again.stderr
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == N


def _removing_alias_after(es, alias: str, items: Iterable, after: int) -> Iterator:  # noqa: ANN001
    for i, item in enumerate(items):
        if i == after:
            index = schema.current_index(es, alias)
            es.indices.update_aliases(actions=[{"remove": {"index": index, "alias": alias}}])
        yield item


def test_alias_removed_mid_run_goes_to_pending_not_a_dynamic_index(
    es,
    tmp_settings,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    alias = tmp_settings.alias
    schema.install(es, alias)
    index = schema.current_index(es, alias)
    items = _removing_alias_after(es, alias, read_paths([str(_data(tmp_path))]), 200)
    summary = run(items, tmp_settings.with_(bulk_docs=50, workers=1), client=es)
    assert _no_index_named(es, alias), "a bulk request created a dynamic index"
    assert summary.rejected == 0
    assert summary.pending > 0 and summary.indexed + summary.pending == N
    es.indices.refresh(index=index)
    assert es.count(index=index)["count"] == summary.indexed


def test_given_up_the_rest_of_the_input_is_not_enriched(tmp_settings, tmp_path: Path) -> None:  # noqa: ANN001
    """Elasticsearch unreachable after the start: the remaining input goes to pending as read."""
    from es_ingest.connection import make_client

    enriched: list[str] = []

    def counting(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            enriched.append(article.id or "")
            yield article

    dead = make_client(tmp_settings.with_(es_url="http://127.0.0.1:9", request_timeout=2))
    n = 3000
    summary = run(
        read_paths([str(_data(tmp_path, n))]),
        tmp_settings.with_(bulk_docs=50, retry_seconds=1),
        client=dead,
        enrich=counting,
    )
    assert summary.pending == n and summary.indexed == 0 and summary.rejected == 0
    assert len(enriched) < n // 2, len(enriched)
    saved = [json.loads(line) for line in Path(tmp_settings.pending_path).read_text().splitlines()]
    assert sorted(r["record"]["id"] for r in saved) == sorted(f"r{i}" for i in range(n))
    # Records not enriched are saved exactly as they were read.
    unenriched = [r for r in saved if r["record"]["id"] not in set(enriched)]
    assert unenriched
    assert unenriched[0]["record"] == {
        "id": unenriched[0]["record"]["id"],
        "title": "T" + unenriched[0]["record"]["id"][1:],
        "text": f"Text {unenriched[0]['record']['id'][1:]} in Oslo.",
    }
