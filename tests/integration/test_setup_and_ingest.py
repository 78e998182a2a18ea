"""Issue 2 end to end, against a real node: setup, ingest, ids, idempotence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from es_ingest import schema
from es_ingest.ingest import run
from es_ingest.readers import read_paths

pytestmark = pytest.mark.integration


def _ids(es, alias: str, query: dict) -> set[str]:  # noqa: ANN001
    es.indices.refresh(index=alias)
    resp = es.search(index=alias, query=query, size=100)
    return {hit["_id"] for hit in resp["hits"]["hits"]}


def test_setup_is_idempotent_and_versions_a_changed_mapping(es, alias, monkeypatch) -> None:  # noqa: ANN001
    first = schema.install(es, alias)
    assert first.changed and first.index == f"{alias}-v1"
    again = schema.install(es, alias)
    assert not again.changed and again.index == f"{alias}-v1"

    es.index(index=alias, id="keep-me", document={"title": "t", "text": "un texte"}, refresh=True)
    original = schema.load_json("index-template.json")
    changed = json.loads(json.dumps(original))
    changed["template"]["mappings"]["properties"]["extra_field_for_test"] = {"type": "keyword"}
    monkeypatch.setattr(
        schema,
        "load_json",
        lambda name: (
            changed
            if name == "index-template.json"
            else json.loads((schema.mappings_dir() / name).read_text())
        ),
    )
    moved = schema.install(es, alias)
    assert moved.index == f"{alias}-v2"
    assert any("reindexed" in a for a in moved.actions)
    assert list(es.indices.get_alias(name=alias).body) == [f"{alias}-v2"]
    assert es.get(index=alias, id="keep-me")["_source"]["text"] == "un texte"
    # The ingest pipeline stamped the copy, and a strict mapping refuses unknown fields.
    assert "ingested_at" in es.get(index=alias, id="keep-me")["_source"]


def test_strict_mapping_refuses_unknown_fields(es, alias) -> None:  # noqa: ANN001
    from elasticsearch import BadRequestError

    schema.install(es, alias)
    with pytest.raises(BadRequestError):
        es.index(index=alias, document={"text": "x", "surprise": 1})


def test_seed_is_found_by_facets_and_full_text(es, tmp_settings, shared) -> None:  # noqa: ANN001
    seed = shared / "seed" / "article-fr-us-georgia.txt"
    alias = tmp_settings.alias
    schema.install(es, alias)
    for _ in range(2):  # ingesting twice leaves one document
        summary = run(read_paths([str(seed)]), tmp_settings, client=es)
        assert (summary.read, summary.indexed, summary.rejected) == (1, 1, 0)
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 1
    (doc_id,) = _ids(es, alias, {"match_all": {}})
    for query in (
        {"term": {"countries": "GE"}},
        {"term": {"persons": "John Kerry"}},
        {"term": {"alliances": "NATO"}},
        {"term": {"persons.folded": "john kerry"}},
        {"match": {"text": "partenariat de défense"}},
    ):
        assert _ids(es, alias, query) == {doc_id}, query
    source = es.get(index=alias, id=doc_id)["_source"]
    assert source["language"] == "fr"
    assert "ingested_at" in source


def test_ids_given_from_url_or_content(es, tmp_settings, tmp_path: Path) -> None:  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    data = tmp_path / "in.jsonl"
    rows = [
        {"id": "given-1", "text": "The United Nations met in Geneva."},
        {"url": "https://example.org/a", "text": "NATO ministers met in Brussels."},
        {"title": "No id", "text": "Paris and Berlin agreed."},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    for _ in range(2):
        summary = run(read_paths([str(data)]), tmp_settings, client=es)
        assert summary.indexed == 3 and summary.rejected == summary.pending == 0
    es.indices.refresh(index=tmp_settings.alias)
    ids = _ids(es, tmp_settings.alias, {"match_all": {}})
    assert len(ids) == 3 and "given-1" in ids
    assert any(i.startswith("url-") for i in ids) and any(i.startswith("sha-") for i in ids)
