"""`es-ingest persons consolidate` on the real node: one bucket for a name the lexicon lacks.

A Russian and an English article (our own writing) name the railway writer
Christian Wolmar: Russian writes "Кристиан Волмар", whose facet value
("Christian Volmar") the person-name lexicon cannot tie to the English
spelling. After `es-ingest persons consolidate` the persons facet has one
bucket for both articles, a second run changes nothing, `search --person`
finds both with any spelling, and a re-ingested article keeps the
consolidated value. Maria Rossi and Mario Rossi stay two people.
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
from es_ingest.person_registry import consolidate_index, registry_index
from es_ingest.readers import read_paths
from es_ingest.search import search

pytestmark = pytest.mark.integration

ARTICLES = [
    {
        "id": "cw-en",
        "title": "A railway historian speaks",
        "text": "The transport writer Christian Wolmar told the meeting on Thursday that "
        "the new line would open late. Christian Wolmar has written several books "
        "about railways.",
        "language": "en",
    },
    {
        "id": "cw-ru",
        "title": "Историк железных дорог",
        "text": "Британский журналист Кристиан Волмар заявил в четверг, что новая линия "
        "откроется с опозданием. Кристиан Волмар написал несколько книг о железных "
        "дорогах.",
        "language": "ru",
    },
    {
        "id": "mr-it",
        "title": "Un premio a Torino",
        "text": "La scrittrice Maria Rossi ha ricevuto ieri a Torino un premio per il suo "
        "ultimo romanzo. Maria Rossi ha ringraziato i lettori.",
        "language": "it",
    },
    {
        "id": "mr-en",
        "title": "A chef in London",
        "text": "The chef Mario Rossi opened a second restaurant in London on Friday. "
        "Mario Rossi said the menu would change every week.",
        "language": "en",
    },
]
NEW_RU = {
    "id": "cw-ru-2",
    "title": "Новая книга",
    "text": "Журналист Кристиан Волмар представил в Лондоне новую книгу о метро. "
    "Кристиан Волмар рассказал о ней читателям.",
    "language": "ru",
}
WOLMAR_IDS = {"cw-en", "cw-ru"}


def _write(path: Path, rows: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return str(path)


def _cli(base: Any, alias: str, *args: str) -> Any:  # noqa: ANN401
    from es_ingest.cli import main

    env = {"ES_URL": base.es_url, "ES_ALIAS": alias}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _buckets(es: Any, alias: str) -> dict[str, int]:  # noqa: ANN401
    return {c.value: c.count for c in search(es, alias=alias, size=10).facets["persons"]}


def _versions(es: Any, alias: str) -> dict[str, int]:  # noqa: ANN401
    hits = es.search(index=alias, size=50, version=True, query={"match_all": {}})["hits"]["hits"]
    return {h["_id"]: h["_version"] for h in hits}


@pytest.fixture(scope="module")
def consolidated(es, settings, tmp_path_factory) -> Iterator[dict[str, Any]]:  # noqa: ANN001
    tmp = tmp_path_factory.mktemp("person-consolidation")
    alias = f"test-consolidate-{uuid.uuid4().hex[:8]}"
    base = settings.with_(
        alias=alias,
        rejects_path=str(tmp / "rejects.jsonl"),
        pending_path=str(tmp / "pending.jsonl"),
        retry_seconds=5.0,
        workers=1,
    )
    schema.install(es, alias)
    summary = run(read_paths([_write(tmp / "in.jsonl", ARTICLES)]), base, client=es)
    assert summary.indexed == len(ARTICLES), summary
    es.indices.refresh(index=alias)
    state: dict[str, Any] = {"alias": alias, "base": base, "tmp": tmp}
    state["before"] = _buckets(es, alias)
    state["dry_run"] = _cli(base, alias, "persons", "consolidate", "--dry-run")
    state["after_dry_run"] = _buckets(es, alias)
    state["first"] = _cli(base, alias, "persons", "consolidate")
    state["after"] = _buckets(es, alias)
    state["versions"] = _versions(es, alias)
    state["second"] = consolidate_index(es, alias)
    state["versions_after_second"] = _versions(es, alias)
    yield state
    names = list(es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body)
    names.append(registry_index(alias))
    es.options(ignore_status=404).indices.delete(index=",".join(names))
    es.options(ignore_status=404).indices.delete_index_template(name=alias)


def test_consolidation_gives_one_bucket(es, consolidated) -> None:  # noqa: ANN001
    state = consolidated
    assert state["first"].exit_code == 0, state["first"].output
    assert "registry:" in state["first"].output
    assert state["after"].get("Christian Wolmar") == 2, state["after"]
    wolmar_like = {v for v in state["after"] if "olmar" in v.lower()}
    assert wolmar_like == {"Christian Wolmar"}, state["after"]
    # the Russian article keeps its own spelling and its name's own value in the mentions
    src = es.get(index=state["alias"], id="cw-ru")["_source"]
    assert src["persons"] == ["Christian Wolmar"]
    assert {(m["text"], m["canonical"]) for m in src["entities"] if m["label"] == "PER"} == {
        ("Кристиан Волмар", "Christian Volmar")
    }


def test_the_registry_holds_the_mapping(es, consolidated) -> None:  # noqa: ANN001
    index = registry_index(consolidated["alias"])
    hits = es.search(index=index, query={"match_all": {}})["hits"]["hits"]
    assert [(h["_source"]["value"], h["_source"]["consolidated"]) for h in hits] == [
        ("Christian Volmar", "Christian Wolmar")
    ]


def test_the_dry_run_prints_the_merge_and_changes_nothing(consolidated) -> None:  # noqa: ANN001
    state = consolidated
    assert state["dry_run"].exit_code == 0, state["dry_run"].output
    assert "Christian Wolmar <= Christian Volmar" in state["dry_run"].output
    assert "1 articles would be re-labelled" in state["dry_run"].output
    assert state["after_dry_run"] == state["before"]
    assert state["before"].get("Christian Volmar") == 1, state["before"]


def test_a_second_run_changes_nothing(consolidated) -> None:  # noqa: ANN001
    second = consolidated["second"]
    assert second.documents == len(ARTICLES)
    assert [(m.value, m.merged) for m in second.merges] == [
        ("Christian Wolmar", ("Christian Volmar",))
    ]
    assert (second.relabelled, second.registry_written, second.registry_removed) == (0, 0, 0)
    assert consolidated["versions_after_second"] == consolidated["versions"]


def test_two_people_one_surname_stay_apart(consolidated) -> None:  # noqa: ANN001
    after = consolidated["after"]
    assert after.get("Maria Rossi") == 1 and after.get("Mario Rossi") == 1, after


@pytest.mark.parametrize("spelling", ["Christian Wolmar", "Кристиан Волмар", "Christian Volmar"])
def test_search_person_finds_both_with_any_spelling(consolidated, spelling) -> None:  # noqa: ANN001
    out = _cli(
        consolidated["base"], consolidated["alias"], "search", "--person", spelling, "--json"
    )
    assert out.exit_code == 0, out.output
    assert {h["id"] for h in json.loads(out.output)["hits"]} == WOLMAR_IDS


def test_ingest_applies_the_registry_to_new_articles(es, consolidated) -> None:  # noqa: ANN001
    state = consolidated
    alias, base = state["alias"], state["base"]
    path = _write(state["tmp"] / "new.jsonl", [NEW_RU, ARTICLES[1]])
    summary = run(read_paths([path]), base, client=es)
    assert summary.indexed == 2, summary
    es.indices.refresh(index=alias)
    for doc_id in ("cw-ru-2", "cw-ru"):
        assert es.get(index=alias, id=doc_id)["_source"]["persons"] == ["Christian Wolmar"]
    assert _buckets(es, alias).get("Christian Wolmar") == 3
