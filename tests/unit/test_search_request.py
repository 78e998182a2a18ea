"""The search request without a node: query planning, parameters, and the template.

The stored template (mappings/search-template.json) must render exactly the
body that `build_request` builds. The integration tests check that on a real
node with `_render/template`; here a tiny renderer of the mustache subset the
template uses (sections, inverted sections, `name.0`, `toJson`) catches a
broken template early. It is a test aid only, never used by the product.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from es_ingest import search as search_mod
from es_ingest.search import (
    SearchError,
    build_request,
    parse_response,
    plan_query,
    template_params,
)

MAPPINGS = Path(__file__).resolve().parents[2] / "mappings"
_TAG = re.compile(r"\{\{([#^/]?)\s*([\w.]+)\s*\}\}")
_MISSING = object()


def _parse(src: str) -> list[Any]:
    root: list[Any] = []
    stack: list[tuple[str, list[Any]]] = [("", root)]
    pos = 0
    for m in _TAG.finditer(src):
        stack[-1][1].append(src[pos : m.start()])
        pos = m.end()
        kind, name = m.groups()
        if kind in "#^" and kind:
            node: list[Any] = []
            stack[-1][1].append(("section", name, kind == "^", node))
            stack.append((name, node))
        elif kind == "/":
            assert stack[-1][0] == name, f"unbalanced {{{{/{name}}}}}"
            stack.pop()
        else:
            stack[-1][1].append(("var", name))
    stack[-1][1].append(src[pos:])
    assert len(stack) == 1, f"unclosed section {stack[-1][0]}"
    return root


def _get(ctx: Any, key: str) -> Any:
    if isinstance(ctx, dict):
        return ctx.get(key, _MISSING)
    if isinstance(ctx, list):
        if key == "size":
            return len(ctx)
        if key.isdigit():
            return ctx[int(key)] if int(key) < len(ctx) else None
    return _MISSING


def _lookup(stack: list[Any], name: str) -> Any:
    if name == ".":
        return stack[-1]
    first, *rest = name.split(".")
    for ctx in reversed(stack):
        value = _get(ctx, first)
        if value is not _MISSING:
            break
    else:
        return None
    for part in rest:
        value = _get(value, part)
        if value is _MISSING:
            return None
    return value


def _render(tree: list[Any], stack: list[Any]) -> str:
    out = []
    for node in tree:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "var":
            value = _lookup(stack, node[1])
            out.append("" if value is None else json.dumps(str(value))[1:-1])
        else:
            _, name, inverted, children = node
            if name == "toJson":
                (text,) = children
                out.append(json.dumps(_lookup(stack, text.strip())))
                continue
            value = _lookup(stack, name)
            truthy = value not in (None, False, "", [])
            if inverted:
                if not truthy:
                    out.append(_render(children, stack))
            elif isinstance(value, list):
                out.extend(_render(children, [*stack, item]) for item in value)
            elif truthy:
                out.append(_render(children, [*stack, value]))
    return "".join(out)


def render_template(params: dict[str, Any]) -> dict[str, Any]:
    source = json.loads((MAPPINGS / "search-template.json").read_text())["script"]["source"]
    body: dict[str, Any] = json.loads(_render(_parse(source), [params]))
    return body


def normalise(body: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(body))
    out["from"], out["size"] = int(out["from"]), int(out["size"])
    return out


def test_template_file_is_the_mustache_source() -> None:
    stored = json.loads((MAPPINGS / "search-template.json").read_text())
    assert stored["script"]["lang"] == "mustache"
    assert stored["script"]["source"] == (MAPPINGS / "search-template.mustache").read_text()


PARAMS = [
    {"size": 10, "from_": 0},
    {"countries": [], "persons": [], "alliances": [], "entities": [], "size": 10, "from_": 0},
    {
        "query": 'partenariat "de" défense \\ title:x OR *',
        "countries": ["GE", "US"],
        "persons": ["John Kerry"],
        "alliances": ["NATO"],
        "entities": [
            {"phrase": "OTAN", "in_alliances": ["NATO"]},
            {"phrase": "Géorgie", "in_countries": ["GE"], "in_persons": ["X"]},
        ],
        "lang": "fr",
        "from": "2024-01-01",
        "to": "2024-12-31",
        "size": 5,
        "from_": 10,
        "date_order": "desc",
    },
    {
        "query": "x",
        "countries": [],
        "persons": ["a"],
        "alliances": [],
        "entities": [],
        "to": "2020",
        "size": 1,
        "from_": 3,
    },
]


@pytest.mark.parametrize("params", PARAMS)
def test_template_renders_the_request_of_build_request(params: dict[str, Any]) -> None:
    assert normalise(render_template(params)) == normalise(build_request(params))


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return [k for k in obj] + [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return [obj] if isinstance(obj, str) else []


def test_no_query_string_syntax_anywhere() -> None:
    body = build_request(PARAMS[1])
    keys = set(_strings(body))
    assert not keys & {"query_string", "simple_query_string", "q"}


@pytest.fixture
def fake_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {
        "otan": {"alliances": ["NATO"]},
        "nato": {"alliances": ["NATO"]},
        "géorgie": {"countries": ["GE"]},
        "georgie": {"countries": ["GE"]},
        "union européenne": {"alliances": ["EU"]},
        "moscou": {"countries": ["RU"]},
    }
    monkeypatch.setattr(search_mod, "_resolve", lambda p: table.get(p.casefold(), {}))


def test_plan_query_splits_entities_from_text(fake_resolve: None) -> None:
    plan = plan_query("l'OTAN et la Géorgie")
    assert [e.phrase for e in plan.entities] == ["OTAN", "Géorgie"]
    assert plan.text == ""  # only function words were left
    plan = plan_query("partenariat de défense avec la Géorgie")
    assert plan.text == "partenariat de défense avec la"
    assert plan.entities[0].countries == ["GE"]
    plan = plan_query("Union européenne Moscou")
    assert [(e.phrase, e.alliances, e.countries) for e in plan.entities] == [
        ("Union européenne", ["EU"], []),
        ("Moscou", [], ["RU"]),
    ]
    assert plan_query("title:x OR *").text == "title:x OR *"  # kept verbatim, searched as text
    assert plan_query("  ") == search_mod.QueryPlan("", [])


def test_template_params_validate_and_normalise(fake_resolve: None) -> None:
    p = template_params(
        "partenariat",
        countries=["ge", "Géorgie"],
        alliances="OTAN",
        lang="FR",
        date_to="2024-05-01",
        page=3,
        size=20,
        sort="date",
    )
    assert p["countries"] == ["GE"] and p["alliances"] == ["NATO"]
    assert (p["lang"], p["to"], p["from_"], p["size"]) == ("fr", "2024-05-01", 40, 20)
    assert p["date_order"] == "desc" and "from" not in p
    for bad in (
        {"date_from": "yesterday"},
        {"page": 0},
        {"size": 0},
        {"size": 101},
        {"sort": "title"},
        {"lang": "french"},
        {"page": 200, "size": 100},
    ):
        with pytest.raises(SearchError):
            template_params("x", **bad)


def test_parse_response_types_hits_and_facets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_mod, "_country_name", lambda c: {"GE": "Georgia"}.get(c))
    body = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_id": "a",
                    "_score": 1.5,
                    "_source": {"title": "T", "language": "fr", "countries": ["GE"]},
                    "highlight": {
                        "text": ["plain <em>x</em>"],
                        "text_lang.fr": ["la <em>défense</em>"],
                    },
                }
            ],
        },
        "aggregations": {
            "countries": {"values": {"buckets": [{"key": "GE", "doc_count": 1}]}},
            "languages": {"values": {"buckets": [{"key": "fr", "doc_count": 1}]}},
        },
    }
    result = parse_response(body)
    assert result.total == 1 and result.ids == ["a"]
    assert result.hits[0].snippet == "la <em>défense</em>"  # the article's own language first
    assert result.facets["countries"][0].name == "Georgia"
    assert result.facets["persons"] == []
    as_dict = result.to_dict()
    assert as_dict["facets"]["countries"] == [{"value": "GE", "count": 1, "name": "Georgia"}]
    assert as_dict["facets"]["languages"] == [{"value": "fr", "count": 1}]
    assert as_dict["hits"][0]["facets"] == {"countries": ["GE"], "persons": [], "alliances": []}


def test_cli_prints_the_template_params(fake_resolve: None) -> None:
    from click.testing import CliRunner

    from es_ingest.cli import main

    args = ["search", "l'OTAN partenariat", "--country", "ge", "--sort", "date"]
    out = CliRunner().invoke(main, [*args, "--template-params"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    printed = json.loads(out.output)
    assert printed["id"] == "articles-faceted-search"
    expected = template_params("l'OTAN partenariat", countries=["ge"], sort="date")
    assert printed["params"] == expected
    assert printed["params"]["entities"][0]["in_alliances"] == ["NATO"]
    assert printed["params"]["query"] == "partenariat"


def test_template_params_leave_empty_lists_out(fake_resolve: None) -> None:
    # Elasticsearch 8.x and 9.0 fail on `{{#list.0}}` over an empty list.
    def lists(obj: Any) -> list[list[Any]]:
        if isinstance(obj, dict):
            return [x for v in obj.values() for x in lists(v)]
        if isinstance(obj, list):
            return [obj] + [x for v in obj for x in lists(v)]
        return []

    for query, options in [
        (None, {}),
        ("partenariat", {"countries": []}),
        ("l'OTAN et la Géorgie", {"persons": ["a"]}),
    ]:
        params = template_params(query, **options)
        assert all(lists(params)), params
    assert "countries" not in template_params("x") and "entities" not in template_params("x")
    plan = template_params("l'OTAN", alliances=["EU"])
    assert plan["entities"] == [{"phrase": "OTAN", "in_alliances": ["NATO"]}]
