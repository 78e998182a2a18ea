"""Every indexed article has a time for Kibana: its own `published_at`, else the ingest
time, with `published_at_origin` saying which (set by the ingest pipeline); and the
index template expands replicas to 0-1, so a lone node stays green and a cluster keeps
a copy of every shard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from es_ingest import schema
from es_ingest.ingest import run
from es_ingest.readers import read_paths

pytestmark = pytest.mark.integration


def test_txt_gets_the_ingest_time_and_jsonl_keeps_its_own(es, tmp_settings, tmp_path: Path) -> None:  # noqa: ANN001
    alias = tmp_settings.alias
    schema.install(es, alias)
    inputs = tmp_path / "in"  # apart from the rejects and pending files of tmp_settings
    inputs.mkdir()
    (inputs / "plain.txt").write_text("Un article sans date.\n\nTbilissi et Washington.")
    dated = {"id": "dated", "text": "Kerry à Tbilissi.", "published_at": "2016-07-06T10:00:00Z"}
    (inputs / "dated.jsonl").write_text(json.dumps(dated) + "\n")
    summary = run(read_paths([str(inputs)]), tmp_settings, client=es)
    assert (summary.indexed, summary.rejected) == (2, 0)
    es.indices.refresh(index=alias)
    docs = {h["_id"]: h["_source"] for h in es.search(index=alias, size=10)["hits"]["hits"]}
    assert docs["dated"]["published_at"].startswith("2016-07-06T10:00:00")
    assert docs["dated"]["published_at_origin"] == "article"
    (plain,) = [d for i, d in docs.items() if i != "dated"]
    assert plain["published_at_origin"] == "ingested_at"
    assert plain["published_at"] == plain["ingested_at"]
    # Kibana's time filter (a range on published_at) finds both.
    found = es.count(index=alias, query={"range": {"published_at": {"gte": "2000-01-01"}}})
    assert found["count"] == 2


def test_replicas_expand_with_the_cluster(es, alias) -> None:  # noqa: ANN001
    report = schema.install(es, alias)
    settings = es.indices.get_settings(index=report.index)[report.index]["settings"]["index"]
    assert settings["auto_expand_replicas"] == "0-1"
    health = es.cluster.health(index=report.index, wait_for_status="green", timeout="10s")
    assert health["status"] == "green"  # one node: 0 replicas, nothing unassigned
