"""Step "countries": which gazetteer matches and NER places count, for countries and alliances.

Rules (FACETS.md), applied to the gazetteer's leftmost-longest matches:

- names that must not count (regions, seas, proper names containing a country
  name such as "Panama Papers") win over the country inside them, and count
  for nothing;
- a country name or place inside a longer NER person ("Michael Jordan") or
  organisation ("Electronic Industries Association of Japan") does not count;
  nor does a capitalised demonym inside an organisation name ("Forces
  démocratiques syriennes");
- a demonym used as a language name ("parle russe", "in English", "auf
  Deutsch") does not count;
- an ambiguous name ("Georgia": GE or US) takes the candidate with the most
  places (cities, regions, seats) elsewhere in the article, default first;
- a place found only by NER is looked up among smaller GeoNames cities; a name
  shared by several countries takes the one the article already names, else
  the most populous.

The alliance rules (seat cities as actors, context names, a bare "alliance")
are in `alliances`. `run` resolves the text, writes the countries and alliances
facets and adds the COUNTRY / LOC / ALLIANCE entities; the title step adds the
title's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from es_ingest.enrich import alliances
from es_ingest.enrich.alliances import SEATS
from es_ingest.enrich.arabic_agreement import is_agreeing_adjective
from es_ingest.enrich.han_features import is_feature_name
from es_ingest.enrich.org_names import organisation_spans
from es_ingest.enrich.spans import NerSpan, SpanIndex, inside, words_before
from es_ingest.enrich.state import ArticleState, add_unique
from es_ingest.gazetteer import (
    ALLIANCE,
    BLOCK,
    COUNTRY,
    DEMONYM,
    PLACE,
    Entry,
    Gazetteer,
    Match,
)
from es_ingest.model import Entity
from es_ingest.text import fold


def run(state: ArticleState) -> None:
    """Resolve the text's matches; set countries, alliances and their entities."""
    if state.has_model:
        ner = places_read_as_persons(state.text, state.ner, state.matches, state.lang)
    else:
        ner = persons_without_countries(state.ner, state.matches)
    # Without a model, organisation names come from their head nouns (org_names).
    orgs = [] if state.has_model else organisation_spans(state.text, state.lang, state.matches)
    res = resolve(
        state.text, state.matches, ner, state.lang, state.gazetteer, state.lowercase_words, orgs
    )
    state.resolution = res
    state.article.countries = list(res.countries)
    state.article.alliances = list(res.alliances)
    for m, value in res.kept:
        if m.entry.kind == ALLIANCE or (value == "EU" and m.entry.kind == PLACE):
            state.entities.append(Entity(m.text, "ALLIANCE", m.start, m.end, value))
            state.alliance_spans.append((m.start, m.end))
            continue
        label = "COUNTRY" if m.entry.kind in (COUNTRY, DEMONYM) else "LOC"
        state.entities.append(Entity(m.text, label, m.start, m.end, value))
        if m.entry.kind != DEMONYM:
            add_unique(state.locations, m.text)


def persons_without_countries(ner: list[NerSpan], matches: list[Match]) -> list[NerSpan]:
    """Rule-based PER spans that do not contain a country name.

    Without a NER model, persons come from first names and role nouns, which
    run over a country next to a name: "Joan İngiltere'deki" (tr), "Premier
    Polski" (pl). Such a span must not hide the country; the persons step
    decides on its own whether it is a person. Demonyms stay hidden: they
    are parts of names more often ("Columbia Britannica").
    """
    countries = [m for m in matches if m.entry.kind == COUNTRY]
    return [
        s
        for s in ner
        if s.label != "PER" or not any(s.start <= m.start and m.end <= s.end for m in countries)
    ]


#: Prepositions of place: a person is not "in" or "near" something
#: ("born in Castelfranco Veneto", which the small English model reads as a person).
_IN_PLACE = {"en": {"in", "near"}, "fr": {"a", "pres"}, "de": {"in", "bei"}}


def places_read_as_persons(
    text: str, ner: list[NerSpan], matches: list[Match], lang: str | None
) -> list[NerSpan]:
    """NER spans without the PER spans that follow a preposition of place and
    end with a place or country name ("in Castelfranco Veneto": IT). Only for
    what countries hides; the persons step decides on its own."""
    cues = _IN_PLACE.get(lang or "", set())
    ends = {m.end for m in matches if m.entry.kind in (COUNTRY, PLACE)}

    def place_like(s: NerSpan) -> bool:
        return (
            s.label == "PER"
            and s.end in ends
            and " " in s.text.strip()
            and words_before(text, s.start, 1) in ([c] for c in cues)
        )

    return [s for s in ner if not place_like(s)]


#: A city of the same name in a country the article names replaces the most
#: populous one only if it has at least this share of its population.
CITY_SWITCH_RATIO = 0.35

#: Countries whose smaller cities win in text of their language when the article
#: names the country ("Valence" in a French article about France).
HOME_COUNTRIES = {"fr": ("FR", "BE", "CH"), "de": ("DE", "AT", "CH"), "en": ("US", "GB")}

_LANGUAGE_CUES_BEFORE = {
    # "cours d'anglais", "professeur d'allemand": "d'" before a lower-case demonym
    "fr": {
        *("en", "le", "l", "du", "d", "parle", "parlent", "parler"),
        *("apprendre", "traduit", "traduire"),
    },
    "en": {"in", "speak", "speaks", "spoke", "speaking", "learn", "learning", "into"},
    "de": {"auf", "spricht", "sprechen", "sprach", "lernen", "ins"},
    "es": {"en", "el", "habla", "hablar"},
    "it": {"in", "parla", "parlare"},
    "pt": {"em", "fala", "falar"},
    # "po angielsku", "w języku polskim", "по-русски", "باللغة الروسية"
    "pl": {"po", "jezyk", "jezyku", "jezykiem", "jezyka"},  # folded
    "ru": {"по"},
    "uk": {"по"},
    "ar": {"اللغة", "باللغة", "لغة", "بلغة"},
}


#: Heads of a state's institutions: a demonym before them names that state.
_INSTITUTIONS = frozenset(
    [
        "ministry",
        "ministries",
        "government",
        "army",
        "navy",
        "embassy",
        "parliament",
        "treasury",
        "police",
        "military",
        "forces",
    ]
)


_TERRITORY_RE = re.compile(
    r"^(?:the\s+)?(?:autonomous\s+)?(?:community|region|province|state|republic|kingdom|"
    r"county|district|city|municipality|communauté|région|république|royaume|comté)"
    r"\s+(?:of|de|d'|d’|du)\b",
    re.IGNORECASE,
)


_NUMBER_BEFORE_RE = re.compile(r"(?:\d|century|centuries|millennium)[\s\u00a0]*$", re.I)


def is_era(text: str, m: Match) -> bool:
    """ "500 B.C." is a date, not British Columbia (which "police in B.C." is)."""
    return m.text.startswith("B.C") and _NUMBER_BEFORE_RE.search(text[: m.start]) is not None


def is_territory_name(org: NerSpan) -> bool:
    """An "organisation" that is a territory: "the Community of Madrid", "the
    State of Israel", "la Région de Bruxelles" are places (FACETS.md counts
    regions and provinces), not organisations named after one."""
    return _TERRITORY_RE.match(org.text) is not None


def qualifies_institution(text: str, m: Match, org: NerSpan) -> bool:
    """A demonym opening an organisation that is a state institution.

    "British Ministry of Defence", "the Russian Embassy", "Chinese Navy" name
    the country (FACETS.md: a demonym qualifying an institution counts);
    "American Express" and "British Airways" do not.
    """
    if m.entry.kind != DEMONYM or m.start != org.start:
        return False
    after = text[m.end : org.end].split()
    return bool(after) and after[0].casefold() in _INSTITUTIONS


def is_language_use(text: str, m: Match, lang: str | None) -> bool:
    """A demonym used as the name of a language ("parle russe", "in English")."""
    if m.entry.kind != DEMONYM:
        return False
    before = words_before(text, m.start, 2)
    cues = _LANGUAGE_CUES_BEFORE.get(lang or "", set())
    if lang == "de" and before and before[-1] in ("im", "vom"):
        # "im Dänischen kann…", "vom Russischen ins Deutsche": the noun is the
        # language; "im russischen Parlament", "im Russischen Reich" qualify a noun.
        nxt = re.match(r"\s*(\w?)", text[m.end : m.end + 40])
        return m.text[:1].isupper() and not (nxt and nxt.group(1).isupper())
    if before and before[-1] in cues:
        # "le président russe" has a noun in between, so only direct cues count;
        # "l'Irakien", "d'Américains" (capitalised nouns) are people, not a language.
        return not (lang == "fr" and before[-1] in ("le", "l", "du", "d") and m.text[:1].isupper())
    after = text[m.end : m.end + 12]
    return bool(_LANGUAGE_AFTER_RE.match(after)) or is_language_label(text, m)


def is_language_label(text: str, m: Match) -> bool:
    """A demonym that labels a name in its language, in brackets: "(alemão:
    Deutscher Fußball-Bund)", "(German: Deutsches Reich)", "(en russe :
    Дума)" (the article's cue "en" aside, the bracket and colon say it)."""
    return text[: m.start].rstrip().endswith("(") and text[m.end : m.end + 3].lstrip().startswith(
        ":"
    )


# "English language", "deutschsprachig", and the noun "language" after the
# adjective in ru, uk, pl ("датский язык", "в датском языке", "język polski"
# comes first and is not caught).
_LANGUAGE_AFTER_RE = re.compile(r"[\s-]*(language|speaking|sprachig|язык|мов[аиоуі]|język)", re.I)


_TREATY_WORDS_AFTER = {
    "convention",
    "treaty",
    "agreement",
    "accord",
    "accords",
    "protocol",
    "declaration",
    "round",
    "papers",
    "runde",
    "abkommen",
    "vertrag",
    "protokoll",
    "konvention",
    "erklärung",
}
_THING_BEFORE_RE = re.compile(
    r"\b(?:traité|traités|accord|accords|convention|protocole|cycle|déclaration|pacte)"
    r"\s+(?:de|d'|d’|du)\s*$",
    re.IGNORECASE,
)


def is_thing_name(text: str, m: Match) -> bool:
    """A place named only as part of a treaty or negotiation round.

    "the Athens Convention", "the Uruguay Round", "Panama Papers", "les accords
    de Minsk", "le traité de Rome": the name of a thing, not the place.
    """
    after = re.match(r"[\s-]*([A-Za-zÀ-ÿ]+)", text[m.end : m.end + 20])
    if after and fold(after.group(1)) in _TREATY_WORDS_AFTER:
        word = after.group(1)
        # "the Uruguay round" (a GATT round) is written in lower case too.
        if word[:1].isupper() or word == "round":
            return True
    return bool(_THING_BEFORE_RE.search(text[max(0, m.start - 30) : m.start]))


@dataclass
class Resolution:
    """What the gazetteer and NER say about one article."""

    countries: list[str]
    alliances: list[str]
    kept: list[tuple[Match, str]]  # (match, canonical value) that count


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"«“'(")
    return not before or before[-1] in ".!?:\n"


def resolve(
    text: str,
    matches: list[Match],
    ner: list[NerSpan],
    lang: str | None,
    gazetteer: Gazetteer,
    lowercase_words: set[str] | None = None,
    orgs: list[NerSpan] | None = None,
) -> Resolution:
    """Apply the rules of the module docstring (and of `alliances`) to one text.

    `lowercase_words` (folded words the article writes in lower case) lets a
    city name that is also a common word ("Seul", "Tours" at a sentence start)
    be dropped. `orgs` (default none) are organisation names found without
    NER (`org_names`): they hide places as the NER's ORG spans do, for
    countries only (alliances inside them still count).
    """
    sorter = _Sorter(text, ner, lang, lowercase_words or set(), matches, orgs or [])
    buckets: dict[str, list[Match]] = {
        "kept": [],
        "ambiguous": [],
        "context": [],
        "bare": [],
        "seat": [],
    }
    seats: list[tuple[Match, str]] = []
    for m in matches:
        bucket = sorter.bucket(m)
        if bucket == "seat":
            seats.append((m, SEATS[fold(m.text)]))
        elif bucket is not None:
            buckets[bucket].append(m)
    kept = [(m, m.entry.values[0]) for m in buckets["kept"]] + seats
    _prefer_named_cities(kept, gazetteer, lang)
    kept.extend(_pick_ambiguous(kept, buckets["ambiguous"]))
    kept.extend(_ner_places(matches, ner, kept, gazetteer))
    kept.extend(alliances.contextual(kept, buckets["context"], buckets["bare"]))
    kept.sort(key=lambda mv: mv[0].start)
    return _facets(kept)


class _Sorter:
    """Sorts each match of one text into the bucket that decides how it counts."""

    def __init__(
        self,
        text: str,
        ner: list[NerSpan],
        lang: str | None,
        lowercase_words: set[str],
        matches: list[Match],
        orgs: list[NerSpan],
    ) -> None:
        self.text, self.lang, self.lowercase_words = text, lang, lowercase_words
        # Surnames of people the NER found ("François Hollande" -> "hollande"):
        # the same word alone is that person, not a place.
        self.surnames = {
            fold(s.text.split()[-1])
            for s in ner
            if s.label == "PER" and 2 <= len(s.text.split()) <= 3 and s.text.istitle()
        }
        self.ner_index = SpanIndex((s.start, s.end, s) for s in ner)
        self.org_index = SpanIndex((s.start, s.end, s) for s in [*ner, *orgs])
        self.redefined = alliances.redefined_abbreviations(text, matches)

    def bucket(self, m: Match) -> str | None:
        """ "kept", "ambiguous", "context", "bare", "seat", or None (does not count)."""
        e, text = m.entry, self.text
        if e.kind == BLOCK:
            return None
        if e.kind == ALLIANCE:
            return alliances.classify(m, text, self.ner_index, self.redefined)
        if inside(m, self.ner_index, "PER") is not None or self._common_word(m):
            return None
        # "Allemagne nazie" (ORG) is still Germany, but "American Express" and
        # "British Airways" are companies: a demonym does not get that exception.
        org = inside(m, self.org_index, "ORG", not_first=e.kind != DEMONYM)
        if (
            org is not None
            and (e.kind != DEMONYM or m.text[:1].isupper())
            and not qualifies_institution(text, m, org)
            and not is_territory_name(org)
        ):
            return None
        if is_language_use(text, m, self.lang) or is_era(text, m):
            return None
        if self.lang == "ar" and is_agreeing_adjective(text, m):
            return None
        if self.lang == "zh" and is_feature_name(text, m):
            return None
        if e.kind in (COUNTRY, PLACE) and is_thing_name(text, m):
            return None
        if e.kind == PLACE and alliances.is_seat_actor(text, m) is not None:
            return "seat"
        return "ambiguous" if len(e.values) > 1 else "kept"

    def _common_word(self, m: Match) -> bool:
        """A person's surname alone, or a city name the text also writes in lower case."""
        e, single = m.entry, m.first_token == m.last_token
        if single and e.kind in (COUNTRY, PLACE) and fold(m.text) in self.surnames:
            return True
        # "Seul ..." (fr: alone), "Tours ..." at a sentence start
        return (
            single
            and e.kind == PLACE
            and e.population > 0
            and fold(m.text) in self.lowercase_words
            and (e.mode == "alt" or e.population == 1 or _sentence_initial(self.text, m.start))
        )


def _prefer_named_cities(
    kept: list[tuple[Match, str]], gazetteer: Gazetteer, lang: str | None
) -> None:
    """A city name shared by several countries: one the article names otherwise (in place)."""
    named = {v for m, v in kept if m.entry.population == 0 and m.entry.kind != ALLIANCE}
    for i, (m, v) in enumerate(kept):
        if m.entry.kind != PLACE or m.entry.population <= 1 or v in named:
            continue
        alts = gazetteer.city_alternatives(m.text)
        # Only a city of comparable size: Melbourne, Florida does not beat Melbourne.
        floor = CITY_SWITCH_RATIO * alts.get(v, 0)
        home = HOME_COUNTRIES.get(lang or "", ())
        named_alts = [c for c in alts if c in named and (alts[c] >= floor or c in home)]
        if named_alts:
            kept[i] = (m, max(named_alts, key=lambda c: alts[c]))


def _pick_ambiguous(
    kept: list[tuple[Match, str]], ambiguous: list[Match]
) -> list[tuple[Match, str]]:
    """Ambiguous names: the candidate with the most places in the article."""
    place_votes: Counter[str] = Counter(
        v for m, v in kept if m.entry.kind == PLACE and m.entry.kind != ALLIANCE
    )
    out = []
    for m in ambiguous:
        values = m.entry.values
        best = max(values, key=lambda v: (place_votes[v], -values.index(v)))
        out.append((m, best))
    return out


def _ner_places(
    matches: list[Match], ner: list[NerSpan], kept: list[tuple[Match, str]], gazetteer: Gazetteer
) -> list[tuple[Match, str]]:
    """Places found by NER alone (smaller cities), preferring countries the article names."""
    covered = SpanIndex((m.start, m.end, None) for m in matches)
    named = {v for m, v in kept if m.entry.kind in (COUNTRY, DEMONYM, PLACE)}
    out = []
    for span in ner:
        if span.label != "LOC" or covered.overlapping(span.start, span.end):
            continue
        name = re.sub(r"^(?:l['’]|la |le |les |the )", "", span.text, flags=re.I).strip()
        candidates = gazetteer.ner_city(name)
        if not candidates or not name[:1].isupper():
            continue
        in_article = [c for c in candidates if c[0] in named]
        code = max(in_article or candidates, key=lambda c: c[1])[0]
        out.append((Match(span.start, span.end, span.text, _ner_city_entry(code)), code))
    return out


def _facets(kept: list[tuple[Match, str]]) -> Resolution:
    countries = sorted(
        {
            v
            for m, v in kept
            if m.entry.kind in (COUNTRY, DEMONYM, PLACE) and v not in SEATS.values()
        }
    )
    found: list[str] = []
    for m, v in kept:
        if (m.entry.kind == ALLIANCE or v in SEATS.values()) and v not in found:
            found.append(v)
    return Resolution(countries=countries, alliances=found, kept=kept)


def _ner_city_entry(code: str) -> Entry:
    return Entry(kind=PLACE, values=(code,), name="", population=1)
