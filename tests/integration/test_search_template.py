"""The stored search template, on a real node: what any application gets through
`GET articles/_search/template` is what `es_ingest.search` returns.

Needs the node's mustache support (lang-mustache on the official image; the
dev node's plugin). `es-ingest setup` stores the template with the mappings.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from es_ingest import documents, schema
from es_ingest.model import Article
from es_ingest.search import (
    SEARCH_TEMPLATE_ID,
    build_request,
    search,
    search_template,
    template_params,
)

pytestmark = pytest.mark.integration

DOCS = [
    Article(
        id="t-otan",
        title="Sommet",
        text="Les ministres de l'OTAN à Vilnius pour un partenariat de défense avec Tbilissi.",
        language="fr",
        countries=["LT", "GE"],
        alliances=["NATO"],
        published_at="2024-06-13",
    ),
    Article(
        id="t-ge",
        title="Georgia signs a defence partnership",
        text="Georgia and the United States signed a defence partnership in Tbilisi.",
        language="en",
        countries=["GE", "US"],
        persons=["John Kerry"],
        alliances=["NATO"],
        published_at="2024-06-10",
    ),
    Article(
        id="t-de",
        title="Partnerschaft",
        text="Georgien und die NATO vertiefen ihre Partnerschaft.",
        language="de",
        countries=["GE"],
        alliances=["NATO"],
        published_at="2024-06-01",
    ),
    Article(
        id="t-ru",
        title="Moscou",
        text="Moscou s'oppose à l'élargissement.",
        language="fr",
        countries=["RU"],
        published_at="2024-05-01",
    ),
]


@pytest.fixture(scope="module")
def index(es) -> Iterator[str]:  # noqa: ANN001
    alias = f"test-template-{uuid.uuid4().hex[:8]}"
    schema.install(es, alias)  # stores the template too
    for doc in DOCS:
        es.index(index=alias, id=doc.id, document=documents.source(doc))
    es.indices.refresh(index=alias)
    yield alias
    names = list(es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body)
    if names:
        es.indices.delete(index=",".join(names))
    es.options(ignore_status=404).indices.delete_index_template(name=alias)


def _normalise(body: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(body))
    out["from"], out["size"] = int(out["from"]), int(out["size"])
    return out


CASES: list[dict[str, Any]] = [
    {"query": "partenariat", "countries": ["GE"], "alliances": ["NATO"]},
    {"query": "NATO"},
    {"query": "Géorgie partnership", "sort": "date"},
    {"query": "défense", "lang": "fr", "size": 1, "page": 2},
    {"countries": ["GE"], "date_from": "2024-06-05", "date_to": "2024-06-30"},
    {"query": "title:x OR *"},
    {},
]


def test_setup_stored_the_template(es, index) -> None:  # noqa: ANN001
    stored = es.get_script(id=SEARCH_TEMPLATE_ID)["script"]
    assert stored["lang"] == "mustache"


@pytest.mark.parametrize("case", CASES, ids=lambda c: json.dumps(c, ensure_ascii=False))
def test_template_renders_the_same_request(es, index, case: dict[str, Any]) -> None:  # noqa: ANN001
    query = case.get("query")
    params = template_params(query, **{k: v for k, v in case.items() if k != "query"})
    rendered = es.render_search_template(id=SEARCH_TEMPLATE_ID, params=params)
    assert _normalise(rendered["template_output"]) == _normalise(build_request(params))


@pytest.mark.parametrize("case", CASES, ids=lambda c: json.dumps(c, ensure_ascii=False))
def test_template_returns_the_same_hits_and_facets(es, index, case: dict[str, Any]) -> None:  # noqa: ANN001
    query = case.get("query")
    options = {k: v for k, v in case.items() if k != "query"}
    direct = search(es, query, alias=index, **options)
    via_template = search_template(es, template_params(query, **options), alias=index)
    assert via_template.ids == direct.ids
    assert via_template.total == direct.total
    assert via_template.facets == direct.facets
    assert [h.snippet for h in via_template.hits] == [h.snippet for h in direct.hits]


def test_plain_query_param_finds_entities_without_resolution(es, index) -> None:  # noqa: ANN001
    # An application that only passes {"query": "NATO"} still finds the
    # article that says "OTAN": the query is compared with the facet values.
    resp = es.search_template(index=index, id=SEARCH_TEMPLATE_ID, params={"query": "NATO"})
    ids = [h["_id"] for h in resp["hits"]["hits"]]
    assert "t-otan" in ids
    # a one-word name scores the same either way: same ids, same order
    assert ids == search(es, "NATO", alias=index).ids
    assert set(resp["aggregations"]) == {"countries", "persons", "alliances", "languages"}


def test_done_when_partenariat_ge_nato(es, index) -> None:  # noqa: ANN001
    params = template_params("partenariat", countries=["GE"], alliances=["NATO"])
    resp = es.search_template(index=index, id=SEARCH_TEMPLATE_ID, params=params)
    ids = [h["_id"] for h in resp["hits"]["hits"]]
    assert ids == ["t-otan"]
    assert ids == search(es, "partenariat", countries=["GE"], alliances=["NATO"], alias=index).ids
    countries = {
        b["key"]: b["doc_count"] for b in resp["aggregations"]["countries"]["values"]["buckets"]
    }
    assert countries == {"GE": 1, "LT": 1}


# --- issue 10 item 9: parameters of the wrong type --------------------------------

WRONG_TYPES: list[tuple[dict[str, Any], str]] = [
    ({"countries": "US"}, "template parameter countries must be a list of strings"),
    ({"persons": "John Kerry"}, "template parameter persons must be a list of strings"),
    ({"alliances": {"name": "NATO"}}, "template parameter alliances must be a list of strings"),
    ({"sort_by_date": "false"}, "template parameter sort_by_date is replaced by date_order"),
    ({"sort_by_date": True}, "template parameter sort_by_date is replaced by date_order"),
    ({"query": ["a", "b"]}, "template parameter query must be a string"),
    ({"lang": ["fr", "en"]}, "template parameter lang must be a string"),
    ({"from": ["2024-01-01"]}, "template parameter from must be a date string"),
    ({"entities": "OTAN"}, "template parameter entities"),
    ({"entities": [{"in_countries": ["GE"]}]}, "entities: each needs a phrase"),
    (
        {"entities": [{"phrase": "Géorgie", "in_countries": "GE"}]},
        "entities: in_countries must be a list of strings",
    ),
    ({"date_order": "newest"}, "order"),
    ({"date_order": True}, "order"),
    ({"size": "ten"}, 'For input string: "ten"'),
]


@pytest.mark.parametrize(("params", "reason"), WRONG_TYPES, ids=lambda x: json.dumps(x))
def test_a_parameter_of_the_wrong_type_is_a_400(es, index, params, reason: str) -> None:  # noqa: ANN001
    from elasticsearch import BadRequestError

    with pytest.raises(BadRequestError) as caught:
        es.search_template(index=index, id=SEARCH_TEMPLATE_ID, params=params)
    assert caught.value.status_code == 400
    assert reason in str(caught.value.body), caught.value.body


def test_date_order_and_numbers_as_strings_keep_their_meaning(es, index) -> None:  # noqa: ANN001
    def ids(params: dict[str, Any]) -> list[str]:
        resp = es.search_template(index=index, id=SEARCH_TEMPLATE_ID, params=params)
        return [h["_id"] for h in resp["hits"]["hits"]]

    assert ids({"date_order": "desc"}) == ["t-otan", "t-ge", "t-de", "t-ru"]
    assert ids({"date_order": "asc"}) == ["t-ru", "t-de", "t-ge", "t-otan"]
    assert ids({"date_order": "desc", "size": "2", "from_": "1"}) == ["t-ge", "t-de"]
    assert ids({"countries": ["RU"]}) == ["t-ru"]


LISTS = ["countries", "persons", "alliances", "entities"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("present", [True, False], ids=["with", "without"])
def test_each_list_rendered_with_and_without_it(es, index, name: str, present: bool) -> None:  # noqa: ANN001
    # template_params leaves empty lists out (8.x/9.0 cannot test `[]` with
    # `{{#list.0}}`); the stored template renders what build_request builds.
    options = {"countries": ["GE"], "persons": ["John Kerry"], "alliances": ["NATO"]}
    query = "Géorgie partenariat" if name == "entities" and present else "partenariat"
    if name != "entities" and not present:
        options.pop(name)
    params = template_params(query, **options)
    assert (name in params) is present
    assert all(value != [] for value in params.values())
    rendered = es.render_search_template(id=SEARCH_TEMPLATE_ID, params=params)["template_output"]
    assert _normalise(rendered) == _normalise(build_request(params))
    text = json.dumps(rendered)
    if name == "entities":
        assert ('"type": "phrase"' in text) is present
    else:
        assert (f'"{name}.folded": ' in json.dumps(rendered["post_filter"])) is present
    es.search_template(index=index, id=SEARCH_TEMPLATE_ID, params=params)  # a valid request
