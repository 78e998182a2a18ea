"""Faults against a real node: 429 retries, mapping errors, an unreachable cluster."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from es_ingest.index import BulkSender, actions, chunks
from es_ingest.model import Article

pytestmark = pytest.mark.integration


@pytest.fixture
def plain_index(es):  # noqa: ANN001, ANN201
    """A small index behind an alias (bulk requests write through aliases only)."""
    name = f"faults-{uuid.uuid4().hex[:8]}"
    es.indices.create(
        index=f"{name}-v1",
        mappings={"properties": {"published_at": {"type": "date"}, "text": {"type": "text"}}},
        aliases={name: {"is_write_index": True}},
    )
    yield name
    es.options(ignore_status=404).indices.delete(index=f"{name}-v1")


def _articles(n: int) -> list[Article]:
    return [Article(text=f"article number {i}", id=f"a{i}") for i in range(n)]


def _send(sender: BulkSender, articles: list[Article], index: str) -> list:  # noqa: ANN001
    return list(sender.stream(chunks(actions(articles, index), 100, 10**6)))


def test_429_is_retried_until_the_cluster_accepts(es, plain_index, caplog) -> None:  # noqa: ANN001
    # A read_only_allow_delete block makes Elasticsearch answer 429 per item,
    # as it does when the disk flood-stage watermark is hit.
    es.indices.put_settings(
        index=plain_index, settings={"index.blocks.read_only_allow_delete": True}
    )
    timer = threading.Timer(
        1.5,
        lambda: es.indices.put_settings(
            index=plain_index, settings={"index.blocks.read_only_allow_delete": None}
        ),
    )
    timer.start()
    sender = BulkSender(es, retry_seconds=30)
    with caplog.at_level(logging.WARNING, logger="es_ingest.index"):
        outcomes = _send(sender, _articles(5), plain_index)
    timer.join()
    assert [o.status for o in outcomes] == ["indexed"] * 5
    assert any("retrying 5 documents" in r.getMessage() for r in caplog.records)
    es.indices.refresh(index=plain_index)
    assert es.count(index=plain_index)["count"] == 5


def test_429_beyond_the_retry_time_becomes_pending(es, plain_index) -> None:  # noqa: ANN001
    es.indices.put_settings(
        index=plain_index, settings={"index.blocks.read_only_allow_delete": True}
    )
    try:
        sender = BulkSender(es, retry_seconds=1.0)
        outcomes = _send(sender, _articles(3), plain_index)
    finally:
        es.indices.put_settings(
            index=plain_index, settings={"index.blocks.read_only_allow_delete": None}
        )
    assert [o.status for o in outcomes] == ["pending"] * 3
    assert "cluster_block_exception" in outcomes[0].reason


def test_mapping_errors_are_rejected_with_the_reason(es, plain_index) -> None:  # noqa: ANN001
    good, bad = _articles(2)
    bad.published_at = "not-a-date"  # bypasses the reader's check on purpose
    sender = BulkSender(es, retry_seconds=5)
    outcomes = {o.article.id: o for o in _send(sender, [good, bad], plain_index)}
    assert outcomes["a0"].status == "indexed"
    assert outcomes["a1"].status == "rejected"
    assert "published_at" in outcomes["a1"].reason
    assert "parsing_exception" in outcomes["a1"].reason


def test_unreachable_at_start_exits_3_and_reads_nothing(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text('{"id": "x", "text": "hello"}\n')
    env = dict(os.environ, ES_URL="http://127.0.0.1:9", ES_REQUEST_TIMEOUT="3")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "es_ingest",
            "ingest",
            str(data),
            "--rejects",
            str(tmp_path / "r.jsonl"),
            "--pending",
            str(tmp_path / "p.jsonl"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "http://127.0.0.1:9" in lines[0], proc.stderr
    assert not (tmp_path / "r.jsonl").exists() and not (tmp_path / "p.jsonl").exists()
