"""Cross-language entity search over articles enriched by the real pipeline.

A query that names a country or an alliance in one language finds articles
that name it in another, through the facet fields the enrichment filled.
Also the issue's "done when": the samples and the seed, searched by the CLI.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from es_ingest import schema
from es_ingest.ingest import run
from es_ingest.readers import read_paths
from es_ingest.search import search

pytestmark = pytest.mark.integration

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "es_ingest" / "samples"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "article-fr-us-georgia.txt"

ARTICLES = [
    {
        "id": "x-fr-otan",
        "title": "Sommet à Vilnius",
        "text": "Les ministres de l'OTAN se retrouvent jeudi à Vilnius pour parler "
        "de la défense aérienne des pays baltes.",
        "language": "fr",
        "published_at": "2024-06-13",
    },
    {
        "id": "x-en-georgia",
        "title": "Talks in Tbilisi",
        "text": "Georgia's prime minister met Armenian officials in Tbilisi on Tuesday "
        "to discuss a new border crossing.",
        "language": "en",
        "published_at": "2024-06-11",
    },
    {
        "id": "x-fr-moscou",
        "title": "Élargissement",
        "text": "Moscou s'oppose à tout nouvel élargissement de l'Alliance vers l'est, "
        "a répété le porte-parole du Kremlin.",
        "language": "fr",
        "published_at": "2024-06-12",
    },
]


@pytest.fixture(scope="module")
def enriched(es, settings, tmp_path_factory) -> Iterator[tuple[str, Any]]:  # noqa: ANN001
    """The samples, the seed (when ../shared is there) and ARTICLES, really enriched."""
    tmp = tmp_path_factory.mktemp("entities")
    alias = f"test-entities-{uuid.uuid4().hex[:8]}"
    own = tmp / "articles.jsonl"
    own.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES))
    paths = [str(own), str(SAMPLES / "articles.jsonl")]
    if SEED.exists():
        paths.append(str(SEED))
    run_settings = settings.with_(
        alias=alias,
        rejects_path=str(tmp / "rejects.jsonl"),
        pending_path=str(tmp / "pending.jsonl"),
        retry_seconds=5.0,
    )
    schema.install(es, alias)
    summary = run(read_paths(paths), run_settings, client=es)
    assert summary.rejected == 0 and summary.pending == 0
    es.indices.refresh(index=alias)
    yield alias, run_settings
    drop_alias(es, alias)


def drop_alias(es, alias: str) -> None:  # noqa: ANN001
    """Delete the alias's indices (by name: wildcard deletes may be refused) and template."""
    names = list(es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body)
    if names:
        es.indices.delete(index=",".join(n for n in names if n.startswith(f"{alias}-v")))
    es.options(ignore_status=404).indices.delete_index_template(name=alias)


def _text_has(es, alias: str, doc_id: str, word: str) -> bool:  # noqa: ANN001
    src = es.get(index=alias, id=doc_id)["_source"]
    return word.lower() in (src.get("title", "") + " " + src.get("text", "")).lower()


def test_nato_finds_a_french_article_that_only_says_otan(es, enriched) -> None:  # noqa: ANN001
    alias, _ = enriched
    assert not _text_has(es, alias, "x-fr-otan", "NATO")
    ids = search(es, "NATO", alias=alias, size=50).ids
    assert "x-fr-otan" in ids
    assert "sample-fr-001" in ids  # a sample that says only "OTAN"


def test_georgie_finds_an_english_article_about_georgia(es, enriched) -> None:  # noqa: ANN001
    alias, _ = enriched
    assert not _text_has(es, alias, "x-en-georgia", "Géorgie")
    assert "x-en-georgia" in search(es, "Géorgie", alias=alias, size=50).ids


def test_russland_finds_moscou_s_oppose(es, enriched) -> None:  # noqa: ANN001
    alias, _ = enriched
    assert "x-fr-moscou" in search(es, "Russland", alias=alias, size=50).ids


def test_entity_and_free_text_must_both_match(es, enriched) -> None:  # noqa: ANN001
    alias, _ = enriched
    # "OTAN Vilnius": the alliance (any language) and the word
    assert "x-fr-otan" in search(es, "NATO Vilnius", alias=alias, size=50).ids
    assert "x-fr-moscou" not in search(es, "NATO Vilnius", alias=alias, size=50).ids


@pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} is absent (../shared not available)")
def test_done_when_seed_by_cli(es, enriched) -> None:  # noqa: ANN001
    from es_ingest.cli import main

    alias, run_settings = enriched
    env = {"ES_URL": run_settings.es_url, "ES_ALIAS": alias}
    out = CliRunner().invoke(
        main,
        ["search", "partenariat", "--country", "GE", "--alliance", "NATO", "--json"],
        env=env,
        catch_exceptions=False,
    )
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    seed_ids = [h["id"] for h in doc["hits"] if "partenariat" in h["snippet"]]
    assert seed_ids, doc
    assert {c["value"] for c in doc["facets"]["countries"]} >= {"GE", "US"}
    assert any(c["value"] == "NATO" for c in doc["facets"]["alliances"])

    nato = CliRunner().invoke(main, ["search", "NATO", "--json"], env=env, catch_exceptions=False)
    ids = {h["id"] for h in json.loads(nato.output)["hits"]}
    assert "sample-fr-001" in ids
