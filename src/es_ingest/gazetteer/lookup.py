"""Query-side lookups in the gazetteer (for cross-language search).

`resolve_term("OTAN")` -> ``{"alliances": ["NATO"]}``; `resolve_term("Géorgie")`
-> ``{"countries": ["GE"]}``; `resolve_term("partenariat")` -> ``{}``. A term
matches when the whole term (case- and accent-insensitive; abbreviations such
as "UE" or "US" case-sensitively) is a name in the gazetteer: a country name in
any CLDR language, a demonym, a place, or an alliance name. Ambiguous names
give their default reading ("Georgia" -> GE).

`country_name("DE", "fr")` -> ``"Allemagne"``: a display name from CLDR.
"""

from __future__ import annotations

from functools import lru_cache

from es_ingest.gazetteer.build import default_gazetteer
from es_ingest.gazetteer.trie import ALLIANCE, COUNTRY, DEMONYM, PLACE
from es_ingest.text import tokenize


@lru_cache(maxsize=4096)
def _resolve(term: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    g = default_gazetteer()
    surfaces = [t for _, _, t in tokenize(term)]
    if not surfaces:
        return ()
    countries: list[str] = []
    alliances: list[str] = []
    for e in g.lookup(term):
        if e.exact is not None and tuple(surfaces) != e.exact:
            continue
        if e.mode in ("context", "bare"):  # "Commission" alone is not a whole query
            continue
        target = alliances if e.kind == ALLIANCE else countries
        if e.kind in (ALLIANCE, COUNTRY, DEMONYM, PLACE):
            v = e.values[0]  # an ambiguous name gives its default reading
            if v not in target:
                target.append(v)
    out = []
    if alliances:
        out.append(("alliances", tuple(alliances)))
    if countries:
        out.append(("countries", tuple(countries)))
    return tuple(out)


def resolve_term(term: str) -> dict[str, list[str]]:
    """Facet values a whole query term or phrase stands for, or ``{}``.

    Keys are "countries" (ISO 3166-1 alpha-2) and "alliances" (canonical names
    of FACETS.md). Never raises for text input.
    """
    term = " ".join((term or "").split())
    return {k: list(v) for k, v in _resolve(term)}


@lru_cache(maxsize=2048)
def country_name(code: str, lang: str = "en") -> str:
    """Display name of an ISO 3166-1 alpha-2 `code` in `lang` (CLDR via Babel).

    Falls back to English, then to pycountry, then to the code itself; never
    raises.
    """
    from babel import Locale

    code = (code or "").upper()
    for loc in (lang, "en"):
        try:
            name = Locale.parse(loc).territories.get(code)
        except Exception:
            name = None
        if name:
            return str(name)
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=code)
        if c is not None:
            return str(c.name)
    except Exception:
        pass
    return code
