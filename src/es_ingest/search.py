"""Faceted full-text search over the articles alias: the library behind `es-ingest search`.

`search()` builds one request of structured queries only (user text is never
parsed as query-string syntax) and returns typed results:

- full text: every term of the query is looked up in the accent-folded
  `title`/`text` fields (every language) and in `title_lang.*`/`text_lang.*`
  (each article's own language, stemmed, stop words removed); `lang`
  restricts the articles to one language;
- cross-language entities: a phrase of the query that the enrichment's
  gazetteer knows (`es_ingest.gazetteer.lookup.resolve_term`: "OTAN", "Géorgie",
  "Russland", "Moscou"...) matches either as text or through the facet
  fields (`countries`, `alliances`, `persons`) that enrichment filled in any
  language; the whole query is also compared with the facet values themselves
  ("NATO", "GE", "john kerry");
- facets: `countries`, `persons`, `alliances` and `languages`, each counted
  with every filter except its own (values within one facet are OR-ed, facets
  are AND-ed), as a faceted UI shows them: the filters go in `post_filter`
  and each facet aggregation applies the other ones.

The stored search template `articles-faceted-search` (mappings/search-template.json)
renders exactly the request that `build_request()` builds from
`template_params()`, so applications in any language get the same hits and
facets through `GET articles/_search/template`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from elasticsearch import Elasticsearch

from .errors import SearchError
from .schema import SEARCH_TEMPLATE_ID

#: Fields searched for full text (wildcards cover the per-language subfields).
TEXT_FIELDS = ["title^2", "text", "title_lang.*^2", "text_lang.*"]
#: Facet name -> (aggregated field, filtered field).
FACETS: dict[str, tuple[str, str]] = {
    "countries": ("countries", "countries.folded"),
    "persons": ("persons", "persons.folded"),
    "alliances": ("alliances", "alliances.folded"),
    "languages": ("language", "language"),
}
#: Facet name -> template parameter that filters it.
FACET_PARAMS = {
    "countries": "countries",
    "persons": "persons",
    "alliances": "alliances",
    "languages": "lang",
}
FACET_SIZE = 20
SNIPPET_CHARS = 180
SOURCE_FIELDS = [
    "title",
    "published_at",
    "language",
    "source",
    "url",
    "countries",
    "persons",
    "alliances",
]
MAX_SIZE = 100
MAX_WINDOW = 10_000
#: Longest query phrase (in words) looked up as an entity name.
MAX_ENTITY_WORDS = 5
_WORD_RE = re.compile(r"\w+")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_ENTITY_KINDS = ("countries", "alliances", "persons")
#: Function words: text left over around entity phrases that has nothing else
#: ("la", "and", "der") is dropped rather than required.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "à",
        "au",
        "aux",
        "and",
        "at",
        "avec",
        "by",
        "d",
        "da",
        "dal",
        "de",
        "degli",
        "dei",
        "del",
        "della",
        "der",
        "des",
        "die",
        "du",
        "e",
        "el",
        "en",
        "et",
        "für",
        "in",
        "im",
        "l",
        "la",
        "las",
        "le",
        "les",
        "los",
        "mit",
        "nel",
        "of",
        "on",
        "ou",
        "or",
        "per",
        "pour",
        "sur",
        "the",
        "to",
        "um",
        "un",
        "una",
        "und",
        "une",
        "with",
        "y",
    ]
)


# --- results -------------------------------------------------------------------


@dataclass(frozen=True)
class FacetCount:
    """One facet value and the number of articles that have it."""

    value: str
    count: int
    name: str | None = None  # the English name of a country code


@dataclass(frozen=True)
class Hit:
    """One article found. `snippet` has the matched words in <em>…</em>."""

    id: str
    score: float | None
    title: str
    date: str | None
    language: str | None
    source: str | None
    url: str | None
    countries: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    alliances: list[str] = field(default_factory=list)
    snippet: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "title": self.title,
            "date": self.date,
            "language": self.language,
            "source": self.source,
            "url": self.url,
            "facets": {
                "countries": list(self.countries),
                "persons": list(self.persons),
                "alliances": list(self.alliances),
            },
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class SearchResult:
    """Hits of one page, the total, and facet counts (`countries`, `persons`,
    `alliances`, `languages`)."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    page: int = 1
    size: int = 10
    total_is_exact: bool = True

    @property
    def ids(self) -> list[str]:
        return [h.id for h in self.hits]

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.page,
            "size": self.size,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {
                name: [
                    {k: v for k, v in asdict(c).items() if v is not None or k != "name"}
                    for c in counts
                ]
                for name, counts in self.facets.items()
            },
        }


# --- query analysis ------------------------------------------------------------


@dataclass(frozen=True)
class EntityPhrase:
    """A phrase of the query that names known entities (canonical facet values)."""

    phrase: str
    countries: list[str] = field(default_factory=list)
    alliances: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)

    def to_param(self) -> dict[str, Any]:
        # Distinct key names, so that mustache never falls back to the filters;
        # empty lists left out (8.x and 9.0 fail on `{{#list.0}}` over `[]`).
        param: dict[str, Any] = {"phrase": self.phrase}
        for key, values in (
            ("in_countries", self.countries),
            ("in_alliances", self.alliances),
            ("in_persons", self.persons),
        ):
            if values:
                param[key] = list(values)
        return param


@dataclass(frozen=True)
class QueryPlan:
    """The query split into free text and entity phrases."""

    text: str
    entities: list[EntityPhrase]


def _resolve(phrase: str) -> dict[str, list[str]]:
    from .gazetteer.lookup import resolve_term

    found = resolve_term(phrase) or {}
    return {k: list(v) for k, v in found.items() if k in _ENTITY_KINDS and v}


def plan_query(query: str | None) -> QueryPlan:
    """Split `query` into entity phrases (longest first) and the remaining free text.

    An elided article before an entity ("l'" in "l'OTAN") goes with it.
    """
    query = (query or "").strip()
    if not query:
        return QueryPlan("", [])
    tokens = list(_WORD_RE.finditer(query))
    entities: list[EntityPhrase] = []
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        found = None
        for j in range(min(len(tokens), i + MAX_ENTITY_WORDS), i, -1):
            phrase = query[tokens[i].start() : tokens[j - 1].end()]
            values = _resolve(phrase)
            if values:
                found = (j, phrase, values)
                break
        if found is None:
            rest.append(tokens[i].group())
            i += 1
            continue
        j, phrase, values = found
        if rest and len(rest[-1]) == 1 and query[tokens[i].start() - 1] in "'’":
            rest.pop()  # an elided article ("l'", "d'") belongs to the entity
        entities.append(
            EntityPhrase(
                phrase,
                values.get("countries", []),
                values.get("alliances", []),
                values.get("persons", []),
            )
        )
        i = j
    if not entities:
        text = query
    elif all(w.casefold() in _FUNCTION_WORDS for w in rest):
        text = ""
    else:
        text = " ".join(rest)
    return QueryPlan(text, entities)


# --- request -------------------------------------------------------------------


def _as_list(values: str | Iterable[str] | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        v = str(v).strip()
        if v and v not in out:
            out.append(v)
    return out


def _date(value: str | date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).strip()
    if not _DATE_RE.match(text):
        raise SearchError(f"{name} must be a date like 2024-05-01 (got {value!r})")
    return text


def _normalise_facet_values(
    countries: Sequence[str], alliances: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Country names and alliance aliases become canonical values ("Géorgie" -> GE)."""
    out_c: list[str] = []
    for c in countries:
        codes = [c.upper()] if len(c) == 2 else _resolve(c).get("countries") or [c]
        out_c.extend(x for x in codes if x not in out_c)
    out_a: list[str] = []
    for a in alliances:
        names = _resolve(a).get("alliances") or [a]
        out_a.extend(x for x in names if x not in out_a)
    return out_c, out_a


def resolve_persons(names: Iterable[str], registry: Mapping[str, str] | None = None) -> list[str]:
    """Person filters as facet values: each name, its canonical value, its consolidated one.

    The `persons` facet holds one Latin spelling per person
    (`person_identity.canonical_person`), so "Владимир Путин", "Vladimir
    Poutine" and "Wladimir Putin" all filter on "Vladimir Putin"; the name as
    given is kept too, for documents indexed before that spelling rule.
    `registry` is the corpus consolidation (`person_registry.load_mapping`,
    value -> consolidated value): "Кристиан Волмар" (canonical "Kristian
    Volmar") also filters on "Christian Wolmar", and every value that
    consolidates into the same one is added, for documents not re-labelled yet.
    """
    from .person_identity import canonical_person

    registry = registry or {}
    out: list[str] = []
    for name in names:
        values = [name, canonical_person(name)]
        targets = {registry.get(v, v) for v in values}
        values += sorted(targets)
        values += sorted(old for old, new in registry.items() if new in targets)
        for value in values:
            if value and value not in out:
                out.append(value)
    return out


def with_registry(params: Mapping[str, Any], registry: Mapping[str, str]) -> dict[str, Any]:
    """`params` (from `template_params`) with the person filters resolved through `registry`."""
    out = dict(params)
    if registry and out.get("persons"):
        out["persons"] = resolve_persons(out["persons"], registry)
    return out


def template_params(
    query: str | None = None,
    *,
    countries: str | Iterable[str] = (),
    persons: str | Iterable[str] = (),
    alliances: str | Iterable[str] = (),
    lang: str | None = None,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    size: int = 10,
    page: int = 1,
    sort: str = "relevance",
) -> dict[str, Any]:
    """The parameters of the stored template `articles-faceted-search` for a search.

    Raises `SearchError` on invalid values. Country names and alliance
    aliases in the filters are resolved to canonical values. Empty lists are
    left out: the template tests lists with `{{#list.0}}`, which Elasticsearch
    8.x and 9.0 cannot evaluate on an empty list.
    """
    if size < 1 or size > MAX_SIZE:
        raise SearchError(f"size must be between 1 and {MAX_SIZE} (got {size})")
    if page < 1:
        raise SearchError(f"page must be 1 or more (got {page})")
    if page * size > MAX_WINDOW:
        raise SearchError(f"page * size must not exceed {MAX_WINDOW} (got {page * size})")
    if sort not in ("relevance", "date"):
        raise SearchError(f"sort must be 'relevance' or 'date' (got {sort!r})")
    lang = (lang or "").strip().lower() or None
    if lang is not None and not _LANG_RE.match(lang):
        raise SearchError(f"lang must be an ISO 639-1 code like fr (got {lang!r})")
    country_list, alliance_list = _normalise_facet_values(_as_list(countries), _as_list(alliances))
    plan = plan_query(query)
    lists = {
        "countries": country_list,
        "persons": resolve_persons(_as_list(persons)),
        "alliances": alliance_list,
        "entities": [e.to_param() for e in plan.entities],
    }
    params: dict[str, Any] = {name: values for name, values in lists.items() if values}
    params.update(size=size, from_=(page - 1) * size)
    if plan.text:
        params["query"] = plan.text
    if lang:
        params["lang"] = lang
    start, end = _date(date_from, "date_from"), _date(date_to, "date_to")
    if start:
        params["from"] = start
    if end:
        params["to"] = end
    if sort == "date":
        # An order string, not a boolean: Elasticsearch rejects any other value,
        # where mustache would take the string "false" as true.
        params["date_order"] = "desc"
    return params


def _facet_filters(params: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Facet name -> its filter clause, for the facets that have values."""
    out: dict[str, dict[str, Any]] = {}
    for name, (_, filtered) in FACETS.items():
        value = params.get(FACET_PARAMS[name])
        if name == "languages":
            if value:
                out[name] = {"term": {filtered: value}}
        elif value:
            out[name] = {"terms": {filtered: list(value)}}
    return out


def _text_clause(text: str) -> dict[str, Any]:
    """Free text: the text fields, or the same words as a facet value."""
    return {
        "bool": {
            "should": [
                {
                    "multi_match": {
                        "query": text,
                        "type": "best_fields",
                        "fields": TEXT_FIELDS,
                        "tie_breaker": 0.3,
                        "minimum_should_match": "2<75%",
                    }
                },
                # constant-score, like the entity clauses below
                {"terms": {"countries.folded": [text]}},
                {"terms": {"alliances.folded": [text]}},
                {"terms": {"persons.folded": [text]}},
            ],
            "minimum_should_match": 1,
        }
    }


def _entity_clause(ent: Mapping[str, Any]) -> dict[str, Any]:
    """An entity phrase: tagged with one of its values, or written as a phrase."""
    should: list[dict[str, Any]] = []
    for key, fld in (
        ("in_countries", "countries"),
        ("in_alliances", "alliances"),
        ("in_persons", "persons"),
    ):
        if ent.get(key):
            should.append({"terms": {fld: list(ent[key])}})
    should.append(
        {
            "multi_match": {
                "query": ent["phrase"],
                "type": "phrase",
                "fields": TEXT_FIELDS,
                "tie_breaker": 0.3,
            }
        }
    )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _date_filters(params: Mapping[str, Any]) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    if params.get("from"):
        filters.append({"range": {"published_at": {"gte": params["from"]}}})
    if params.get("to"):
        filters.append({"range": {"published_at": {"lte": params["to"]}}})
    filters.append({"match_all": {}})
    return filters


def _facet_aggs(facet_filters: Mapping[str, Any]) -> dict[str, Any]:
    """One aggregation per facet, filtered by the other facets' filters only."""
    aggs: dict[str, Any] = {}
    for name, (agg_field, _) in FACETS.items():
        others = [clause for other, clause in facet_filters.items() if other != name]
        aggs[name] = {
            "filter": {"bool": {"filter": [*others, {"match_all": {}}]}},
            "aggs": {"values": {"terms": {"field": agg_field, "size": FACET_SIZE}}},
        }
    return aggs


def _sort(params: Mapping[str, Any]) -> list[Any]:
    if params.get("date_order"):
        first = {"published_at": {"order": params["date_order"], "missing": "_last"}}
        return [first, {"_score": {"order": "desc"}}]
    date_sort = {"published_at": {"order": "desc", "missing": "_last"}}
    return [{"_score": {"order": "desc"}}, date_sort]


_HIGHLIGHT: dict[str, Any] = {
    "pre_tags": ["<em>"],
    "post_tags": ["</em>"],
    "fields": {
        "text_lang.*": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1},
        "text": {
            "fragment_size": SNIPPET_CHARS,
            "number_of_fragments": 1,
            "no_match_size": SNIPPET_CHARS,
        },
        "title_lang.*": {"number_of_fragments": 0},
        "title": {"number_of_fragments": 0},
    },
}


def build_request(params: Mapping[str, Any]) -> dict[str, Any]:
    """The search body for template parameters; the template renders the same JSON."""
    must: list[dict[str, Any]] = []
    if params.get("query"):
        must.append(_text_clause(params["query"]))
    must.extend(_entity_clause(ent) for ent in params.get("entities") or [])
    must.append({"match_all": {}})
    facet_filters = _facet_filters(params)
    return {
        "query": {"bool": {"must": must, "filter": _date_filters(params)}},
        "post_filter": {"bool": {"filter": [*facet_filters.values(), {"match_all": {}}]}},
        "aggs": _facet_aggs(facet_filters),
        "sort": _sort(params),
        "track_scores": True,
        "track_total_hits": True,
        "from": int(params.get("from_") or 0),
        "size": int(params.get("size") or 10),
        "_source": SOURCE_FIELDS,
        "highlight": copy.deepcopy(_HIGHLIGHT),
    }


# --- response ------------------------------------------------------------------


def _country_name(code: str) -> str | None:
    try:
        from .gazetteer.lookup import country_name

        name = country_name(code, "en")
    except Exception:  # noqa: BLE001 - a missing name must not fail a search
        return None
    if not name or name == code or name.lower().startswith("unknown"):
        return None
    return str(name)


def _snippet(highlight: Mapping[str, list[str]], language: str | None) -> str:
    order = [f"text_lang.{language}", "text"] if language else ["text"]
    order += [k for k in highlight if k.startswith("text_lang.")]
    for name in order:
        fragments = highlight.get(name)
        if fragments:
            return " … ".join(f.strip() for f in fragments)
    return ""


def parse_response(body: Mapping[str, Any], page: int = 1, size: int = 10) -> SearchResult:
    """Typed results from a search (or search-template) response body."""
    hits: list[Hit] = []
    for raw in body.get("hits", {}).get("hits", []):
        src = raw.get("_source") or {}
        lang = src.get("language")
        hl = raw.get("highlight") or {}
        title_hl = (hl.get(f"title_lang.{lang}") or hl.get("title") or [None])[0]
        hits.append(
            Hit(
                id=raw["_id"],
                score=raw.get("_score"),
                title=src.get("title") or "",
                date=src.get("published_at"),
                language=lang,
                source=src.get("source"),
                url=src.get("url"),
                countries=list(src.get("countries") or []),
                persons=list(src.get("persons") or []),
                alliances=list(src.get("alliances") or []),
                snippet=_snippet(hl, lang) or (title_hl or ""),
            )
        )
    total_info = body.get("hits", {}).get("total", {"value": 0, "relation": "eq"})
    if isinstance(total_info, int):
        total_info = {"value": total_info, "relation": "eq"}
    facets: dict[str, list[FacetCount]] = {}
    aggs = body.get("aggregations") or {}
    for name in FACETS:
        buckets = aggs.get(name, {}).get("values", {}).get("buckets", [])
        facets[name] = [
            FacetCount(
                value=str(b["key"]),
                count=int(b["doc_count"]),
                name=_country_name(str(b["key"])) if name == "countries" else None,
            )
            for b in buckets
        ]
    return SearchResult(
        total=int(total_info.get("value", 0)),
        hits=hits,
        facets=facets,
        page=page,
        size=size,
        total_is_exact=total_info.get("relation", "eq") == "eq",
    )


def search(
    client: Elasticsearch,
    query: str | None = None,
    *,
    countries: str | Iterable[str] = (),
    persons: str | Iterable[str] = (),
    alliances: str | Iterable[str] = (),
    lang: str | None = None,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    size: int = 10,
    page: int = 1,
    sort: str = "relevance",
    alias: str = "articles",
) -> SearchResult:
    """Search the articles behind `alias`; see the module docstring.

    `countries` are ISO codes or country names ("GE", "Géorgie"), `alliances`
    canonical names or aliases ("NATO", "OTAN"), `persons` names (case and
    accents ignored; any spelling the person registry of `alias` knows);
    several values of one facet match any of them. Dates are inclusive
    (`date_to="2024-05-01"` includes that day). `sort` is "relevance" or
    "date" (newest first). Raises `SearchError` on invalid
    parameters and the client's errors when Elasticsearch fails.
    """
    params = template_params(
        query,
        countries=countries,
        persons=persons,
        alliances=alliances,
        lang=lang,
        date_from=date_from,
        date_to=date_to,
        size=size,
        page=page,
        sort=sort,
    )
    if params.get("persons"):
        from .person_registry import load_mapping

        params = with_registry(params, load_mapping(client, alias))
    return search_params(client, params, alias)


def _page_of(params: Mapping[str, Any]) -> tuple[int, int]:
    size = int(params.get("size") or 10)
    return int(params.get("from_") or 0) // size + 1, size


def search_params(
    client: Elasticsearch, params: Mapping[str, Any], alias: str = "articles"
) -> SearchResult:
    """Run the search that `template_params()` describes, as `search()` does."""
    resp = client.search(index=alias, body=build_request(params))
    page, size = _page_of(params)
    return parse_response(resp.body, page=page, size=size)


def search_template(
    client: Elasticsearch, params: Mapping[str, Any], alias: str = "articles"
) -> SearchResult:
    """Run the stored template `articles-faceted-search` with `params`."""
    resp = client.search_template(index=alias, id=SEARCH_TEMPLATE_ID, params=dict(params))
    page, size = _page_of(params)
    return parse_response(resp.body, page=page, size=size)
