"""Issue 4 against a real node: language analysis, folding, facets, filters, the CLI.

Documents here carry explicit facet values (no enrichment) so that each test
checks one thing: the analysers, the facet logic or the request options.
Cross-language entity search over enriched articles is in
test_search_entities.py; the stored template in test_search_template.py.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from es_ingest import documents, schema
from es_ingest.model import Article
from es_ingest.search import search

pytestmark = pytest.mark.integration


def _doc(id: str, lang: str, title: str, text: str, **facets: Any) -> Article:
    return Article(
        id=id,
        title=title,
        text=text,
        language=lang,
        published_at=facets.pop("date", "2024-01-15"),
        source=facets.pop("source", "test"),
        url=f"https://example.org/{id}",
        **facets,
    )


DOCS = [
    # one per language, for stemming, elision and stop words
    _doc("fr-def", "fr", "Budget militaire", "Le ministre a présenté la défense nationale."),
    _doc("en-part", "en", "Trade news", "A new partnership was signed on Monday."),
    _doc("de-bund", "de", "Gipfel", "Das Verteidigungsbündnis tagt am Montag."),
    _doc("es-def", "es", "Presupuesto", "La defensa europea crece este año."),
    _doc("it-all", "it", "Vertice", "Il vertice dell'alleanza si apre domani."),
    # accents: the query "Georgie" must find "Géorgie" (no facet here: pure analysis)
    _doc("fr-geo", "fr", "Accord", "Un accord commercial avec la Géorgie."),
    # facets: a small world for filter/count checks, all containing "facettest"
    _doc(
        "f1",
        "fr",
        "Facettest un",
        "facettest sur le Caucase",
        countries=["GE", "RU"],
        alliances=["NATO"],
        date="2024-03-01",
    ),
    _doc(
        "f2",
        "en",
        "Facettest two",
        "facettest about Georgia",
        countries=["GE", "US"],
        persons=["John Kerry"],
        date="2024-04-01",
    ),
    _doc(
        "f3",
        "en",
        "Facettest three",
        "facettest about Russia",
        countries=["RU"],
        alliances=["CSTO"],
        date="2024-05-01",
    ),
]


@pytest.fixture(scope="module")
def index(es) -> Iterator[str]:  # noqa: ANN001
    """A fresh alias with DOCS, installed by `es-ingest setup`'s code."""
    alias = f"test-search-{uuid.uuid4().hex[:8]}"
    schema.install(es, alias)
    for doc in DOCS:
        es.index(index=alias, id=doc.id, document=documents.source(doc))
    es.indices.refresh(index=alias)
    yield alias
    drop_alias(es, alias)


def drop_alias(es, alias: str) -> None:  # noqa: ANN001
    """Delete the alias's indices (by name: wildcard deletes may be refused) and template."""
    names = list(es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body)
    if names:
        es.indices.delete(index=",".join(n for n in names if n.startswith(f"{alias}-v")))
    es.options(ignore_status=404).indices.delete_index_template(name=alias)


def _ids(es, alias: str, query: str | None = None, **kw: Any) -> list[str]:  # noqa: ANN001
    return search(es, query, alias=alias, size=50, **kw).ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("défenses", "fr-def"),  # French plural, accents
        ("defenses", "fr-def"),
        ("partnerships", "en-part"),  # English plural
        ("Verteidigungsbündnis", "de-bund"),  # German compound, its own word
        ("Verteidigungsbündnisse", "de-bund"),  # and its plural
        ("verteidigungsbundnis", "de-bund"),  # without the umlaut
        ("defensas", "es-def"),  # Spanish plural
        ("alleanze", "it-all"),  # Italian plural, found behind the elision "dell'"
        ("Georgie", "fr-geo"),  # accents do not matter
    ],
)
def test_language_analysis_finds_other_forms(es, index, query: str, expected: str) -> None:  # noqa: ANN001
    assert expected in _ids(es, index, query)


def test_only_the_articles_language_is_analysed_with_its_analyser(es, index) -> None:  # noqa: ANN001
    for lang in ("fr", "en", "de", "es", "it"):
        with_field = es.search(
            index=index, query={"exists": {"field": f"text_lang.{lang}"}}, size=50
        )["hits"]["hits"]
        expected = {d.id for d in DOCS if d.language == lang}
        assert {h["_id"] for h in with_field} == expected


def test_stop_words_alone_do_not_match_the_language_fields(es, index) -> None:  # noqa: ANN001
    # "la" is a French stop word: the French field ignores it; only the folded
    # field (every language) can match it, so an English-only article doesn't.
    assert "en-part" not in _ids(es, index, "la")


def test_lang_restricts_to_one_language(es, index) -> None:  # noqa: ANN001
    assert set(_ids(es, index, "facettest", lang="en")) == {"f2", "f3"}
    assert set(_ids(es, index, "facettest", lang="fr")) == {"f1"}


def test_query_syntax_is_searched_as_text(es, index) -> None:  # noqa: ANN001
    # Neither an error nor "everything": the words are plain text.
    assert _ids(es, index, "title:x OR *") == []
    assert _ids(es, index, 'facettest AND "unbalanced') == []


def test_facet_counts_respect_the_other_filters(es, index) -> None:  # noqa: ANN001
    result = search(es, "facettest", countries=["GE"], alias=index)
    assert set(result.ids) == {"f1", "f2"}
    counts = {name: {c.value: c.count for c in v} for name, v in result.facets.items()}
    # the countries facet ignores its own filter: RU still shows f1 and f3
    assert counts["countries"] == {"GE": 2, "RU": 2, "US": 1}
    # the others apply it: CSTO (f3, not in GE) is gone
    assert counts["alliances"] == {"NATO": 1}
    assert counts["persons"] == {"John Kerry": 1}
    assert counts["languages"] == {"fr": 1, "en": 1}
    names = {c.value: c.name for c in result.facets["countries"]}
    assert names["GE"] == "Georgia"

    both = search(es, "facettest", countries=["GE"], lang="en", alias=index)
    assert both.ids == ["f2"]
    counts = {name: {c.value: c.count for c in v} for name, v in both.facets.items()}
    assert counts["languages"] == {"fr": 1, "en": 1}  # lang filter not applied to itself
    assert counts["countries"] == {"GE": 1, "US": 1, "RU": 1}  # lang applied, not countries


def test_filters_accept_names_and_any_case(es, index) -> None:  # noqa: ANN001
    assert set(_ids(es, index, None, countries=["Géorgie"])) == {"f1", "f2"}
    assert _ids(es, index, None, alliances=["OTAN"]) == ["f1"]
    assert _ids(es, index, None, persons=["john kerry"]) == ["f2"]
    # values of one facet are OR-ed, facets are AND-ed
    assert set(_ids(es, index, None, alliances=["NATO", "CSTO"])) == {"f1", "f3"}
    assert _ids(es, index, None, alliances=["NATO", "CSTO"], countries=["GE"]) == ["f1"]


def test_dates_sort_and_pages(es, index) -> None:  # noqa: ANN001
    assert set(_ids(es, index, "facettest", date_from="2024-04-01")) == {"f2", "f3"}
    assert set(_ids(es, index, "facettest", date_to="2024-04-01")) == {"f1", "f2"}  # inclusive
    newest = search(es, "facettest", sort="date", alias=index)
    assert newest.ids == ["f3", "f2", "f1"]
    page2 = search(es, "facettest", sort="date", size=2, page=2, alias=index)
    assert page2.ids == ["f1"] and page2.total == 3


def test_hits_have_fields_and_a_highlighted_snippet(es, index) -> None:  # noqa: ANN001
    hit = search(es, "défenses", alias=index).hits[0]
    assert hit.id == "fr-def"
    assert (hit.title, hit.date, hit.language) == ("Budget militaire", "2024-01-15", "fr")
    assert hit.url == "https://example.org/fr-def" and hit.source == "test"
    assert "<em>défense</em>" in hit.snippet


def test_cli_search_json(es, index, settings) -> None:  # noqa: ANN001
    from es_ingest.cli import main

    env = {"ES_URL": settings.es_url, "ES_ALIAS": index}
    out = CliRunner().invoke(
        main, ["search", "facettest", "--country", "GE", "--json"], env=env, catch_exceptions=False
    )
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["total"] == 2
    assert {h["id"] for h in doc["hits"]} == {"f1", "f2"}
    assert set(doc["facets"]) == {"countries", "persons", "alliances", "languages"}
    ge = next(c for c in doc["facets"]["countries"] if c["value"] == "GE")
    assert ge == {"value": "GE", "count": 2, "name": "Georgia"}
    hit = next(h for h in doc["hits"] if h["id"] == "f2")
    assert hit["facets"] == {"countries": ["GE", "US"], "persons": ["John Kerry"], "alliances": []}

    text = CliRunner().invoke(main, ["search", "défenses"], env=env, catch_exceptions=False)
    assert text.exit_code == 0 and "Budget militaire" in text.output and "*défense*" in text.output


def test_cli_rejects_bad_options(settings) -> None:  # noqa: ANN001
    from es_ingest.cli import main

    env = {"ES_URL": settings.es_url}
    bad = CliRunner().invoke(main, ["search", "x", "--from", "yesterday"], env=env)
    assert bad.exit_code == 2 and "date" in bad.output
    bad = CliRunner().invoke(main, ["search", "x", "--page", "0"], env=env)
    assert bad.exit_code == 2


@pytest.fixture
def own_alias(es) -> Iterator[str]:  # noqa: ANN001
    alias = f"test-search-{uuid.uuid4().hex[:8]}"
    yield alias
    drop_alias(es, alias)


def test_reindex_after_a_mapping_change_derives_the_search_fields(
    es, own_alias, monkeypatch
) -> None:  # noqa: ANN001
    """A document indexed without the derived fields (an older mapping) gets
    them when `setup` copies it into the next index version."""
    alias = own_alias
    original = schema.load_json("index-template.json")
    older = json.loads(json.dumps(original))
    props = older["template"]["mappings"]["properties"]
    for name in ("title_lang", "text_lang", "country_points"):
        del props[name]
    real_load = schema.load_json
    monkeypatch.setattr(
        schema,
        "load_json",
        lambda name: older if name == "index-template.json" else real_load(name),
    )
    schema.install(es, alias)
    old_doc = {
        "title": "Budget",
        "text": "La défense nationale.",
        "language": "fr",
        "countries": ["FR"],
    }
    es.index(index=alias, id="old", document=old_doc, refresh=True)
    monkeypatch.setattr(schema, "load_json", real_load)

    report = schema.install(es, alias)
    assert report.index == f"{alias}-v2"
    src = es.get(index=alias, id="old")["_source"]
    assert src["text_lang"] == {"fr": "La défense nationale."}
    assert src["title_lang"] == {"fr": "Budget"}
    assert len(src["country_points"]) == 1
    assert search(es, "défenses", alias=alias).ids == ["old"]
