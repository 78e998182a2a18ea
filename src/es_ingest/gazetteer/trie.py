"""The gazetteer's token trie: names of countries, places and alliances, matched in linear time.

Text is cut into word tokens (``\\w+``, see `es_ingest.text.tokenize`) and
every name is a sequence of folded tokens (case-folded, accents stripped) in a
token trie. `Gazetteer.scan` walks the trie from each token and keeps the
leftmost-longest match, so a scan costs O(tokens x longest name) whatever the
number of names: no regular expression per name. Abbreviations (names without
lower-case letters, and alliance names of four characters or fewer such as
"Nato") only match with the same case; other names must start with a capital
when their entry does (country names are proper nouns), except demonyms of
languages that write them in lower case.

This module only matches; the names are loaded by `es_ingest.gazetteer.build`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from es_ingest.gazetteer import inflect, morph
from es_ingest.text import fold, tokenize

#: Cities at least this populous also get their GeoNames alternate names; an
#: all-caps word only matches a city this big ("LONDON", not "SAMBA").
ALT_NAMES_POPULATION = 1_000_000

COUNTRY = "country"  # a country name
DEMONYM = "demonym"  # a demonym or adjective
PLACE = "place"  # a city, region, metonym or former state
ALLIANCE = "alliance"
BLOCK = "block"  # a name that must not count


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


def is_abbreviation(name: str) -> bool:
    """No lower-case letter: "UE", "USA", "U.S." (matched case-sensitively)."""
    return not any(c.islower() for c in name if c.isalpha())


class Gazetteer:
    """A token trie of names. The process-wide one: `es_ingest.gazetteer.default_gazetteer()`."""

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
        """Add one name. Case-sensitivity defaults to `is_abbreviation`."""
        name = " ".join(name.split())
        tokens = [t for _, _, t in tokenize(name)]
        if not tokens:
            return
        exact = is_abbreviation(name) if case_sensitive is None else case_sensitive
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
                entry = _pick(entries, toks[i][2])
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


def _pick(entries: list[Entry], surface: str = "") -> Entry:
    """The entry that wins when a name has several: curated data was added first.

    Rule *capitalised country over lower-case demonym*: where a language writes
    its demonyms in lower case ("suiza", "svizzera": Swiss, feminine) and the
    country's name is the same word ("Suiza", "Svizzera"), a capitalised surface
    is the country, so that "vive en Suiza" is not read as a language use.
    The same holds for a place of that name, when no country has it: "no
    Kentucky e Indiana" (pt, it) is the US state, not "indiana" (Indian).
    """
    first = entries[0]
    if first.kind == DEMONYM and not first.capital and surface[:1].isupper():
        for kind in (COUNTRY, PLACE):
            for e in entries[1:]:
                if e.kind == kind and e.capital:
                    return e
    return first
