"""Issue 12's "done when": one person, one facet bucket, in four languages and scripts.

A French, an English, a German and a Russian article (our own writing) name
Vladimir Putin in their own spelling. They are indexed by two runs that each
take one shard, with different worker counts, then re-ingested all at once in
the reverse order: the persons facet has one bucket for him, holding all four
articles, and `es-ingest search --person` finds the four with any of the four
spellings (so does the stored search template). Two people who share a
surname keep two buckets.
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
from es_ingest.search import search, search_template, template_params

pytestmark = pytest.mark.integration

ARTICLES = [
    {
        "id": "pid-fr",
        "title": "Visite au Kremlin",
        "text": "Le président russe Vladimir Poutine a reçu mardi au Kremlin une "
        "délégation d'industriels venus parler d'énergie. Vladimir Poutine a promis "
        "des contrats à long terme, selon un communiqué publié le soir même.",
        "language": "fr",
        "published_at": "2026-03-03",
    },
    {
        "id": "pid-en",
        "title": "Energy talks in Moscow",
        "text": "Russian President Vladimir Putin received a delegation of industrialists "
        "at the Kremlin on Tuesday to talk about energy. Putin promised long-term "
        "contracts, according to a statement released the same evening.",
        "language": "en",
        "published_at": "2026-03-03",
    },
    {
        "id": "pid-de",
        "title": "Gespräche im Kreml",
        "text": "Der russische Präsident Wladimir Putin hat am Dienstag im Kreml eine "
        "Gruppe von Unternehmern empfangen, um über Energie zu sprechen. Putin "
        "versprach langfristige Verträge, hieß es am Abend in einer Mitteilung.",
        "language": "de",
        "published_at": "2026-03-03",
    },
    {
        "id": "pid-ru",
        "title": "Переговоры в Кремле",
        "text": "Президент России Владимир Путин во вторник принял в Кремле делегацию "
        "промышленников, чтобы обсудить энергетику. Путин пообещал долгосрочные "
        "контракты, говорится в заявлении, опубликованном в тот же вечер.",
        "language": "ru",
        "published_at": "2026-03-03",
    },
    {
        "id": "pid-en-trumps",
        "title": "A family visit",
        "text": "Donald Trump and his daughter Ivanka Trump visited a factory in Ohio on "
        "Monday. Ivanka Trump spoke to the workers while Donald Trump met the owners.",
        "language": "en",
        "published_at": "2026-03-02",
    },
]
SPELLINGS = ["Vladimir Poutine", "Vladimir Putin", "Wladimir Putin", "Владимир Путин"]
PUTIN_IDS = {"pid-fr", "pid-en", "pid-de", "pid-ru"}


def _write(path: Path, rows: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return str(path)


@pytest.fixture(scope="module")
def indexed(es, settings, tmp_path_factory) -> Iterator[tuple[str, Any]]:  # noqa: ANN001
    tmp = tmp_path_factory.mktemp("person-identity")
    alias = f"test-persons-{uuid.uuid4().hex[:8]}"
    base = settings.with_(
        alias=alias,
        rejects_path=str(tmp / "rejects.jsonl"),
        pending_path=str(tmp / "pending.jsonl"),
        retry_seconds=5.0,
    )
    schema.install(es, alias)
    forward = _write(tmp / "forward.jsonl", ARTICLES)
    # Two runs, one shard each, with different numbers of worker processes.
    per_shard = []
    for shard, workers in (("0/2", 2), ("1/2", 1)):
        summary = run(read_paths([forward]), base.with_(shard=shard, workers=workers), client=es)
        assert summary.rejected == 0 and summary.pending == 0
        per_shard.append(summary.indexed)
    assert sum(per_shard) == len(ARTICLES) and all(per_shard), per_shard
    # Re-ingesting everything, in the reverse order, changes nothing.
    backward = _write(tmp / "backward.jsonl", ARTICLES[::-1])
    summary = run(read_paths([backward]), base.with_(workers=1), client=es)
    assert summary.indexed == len(ARTICLES)
    es.indices.refresh(index=alias)
    yield alias, base
    names = list(es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body)
    if names:
        es.indices.delete(index=",".join(n for n in names if n.startswith(f"{alias}-v")))
    es.options(ignore_status=404).indices.delete_index_template(name=alias)


def _buckets(result) -> dict[str, int]:  # noqa: ANN001
    return {c.value: c.count for c in result.facets["persons"]}


def test_one_bucket_for_the_person_in_four_languages(es, indexed) -> None:  # noqa: ANN001
    alias, _ = indexed
    buckets = _buckets(search(es, alias=alias, size=10))
    assert buckets.get("Vladimir Putin") == 4, buckets
    putin_like = {v for v in buckets if "put" in v.lower() or "пут" in v.lower()}
    assert putin_like == {"Vladimir Putin"}, buckets
    # The articles keep their own spellings in the entity mentions.
    written = set()
    for doc_id in PUTIN_IDS:
        src = es.get(index=alias, id=doc_id)["_source"]
        assert "Vladimir Putin" in src["persons"]
        written |= {m["text"] for m in src["entities"] if m.get("canonical") == "Vladimir Putin"}
    assert {"Vladimir Poutine", "Wladimir Putin", "Владимир Путин"} <= written


def test_two_people_who_share_a_surname_keep_two_buckets(es, indexed) -> None:  # noqa: ANN001
    alias, _ = indexed
    buckets = _buckets(search(es, alias=alias, size=10))
    assert buckets.get("Donald Trump") == 1 and buckets.get("Ivanka Trump") == 1, buckets


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_search_person_finds_all_four_by_any_spelling(es, indexed, spelling) -> None:  # noqa: ANN001
    from es_ingest.cli import main

    alias, base = indexed
    env = {"ES_URL": base.es_url, "ES_ALIAS": alias}
    out = CliRunner().invoke(
        main, ["search", "--person", spelling, "--json"], env=env, catch_exceptions=False
    )
    assert out.exit_code == 0, out.output
    ids = {h["id"] for h in json.loads(out.output)["hits"]}
    assert ids == PUTIN_IDS
    # The stored search template, with the parameters search.py computes.
    hits = search_template(es, template_params(persons=spelling), alias=alias)
    assert set(hits.ids) == PUTIN_IDS
