"""Countries and alliances of one article, from gazetteer matches and NER spans.

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
- a city that seats an organisation, used as an actor ("Bruxelles exige…",
  "according to Brussels"), counts for the organisation (EU), not the country;
- a place found only by NER is looked up among smaller GeoNames cities; a name
  shared by several countries takes the one the article already names, else
  the most populous.

Alliances: names matched with mode "context" ("the Community") count only if
the article names the same alliance otherwise; a bare "l'Alliance" / "the
alliance" counts for the military alliance the article names most.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from es_ingest.enrich.gazetteer import (
    ALLIANCE,
    BLOCK,
    COUNTRY,
    DEMONYM,
    PLACE,
    Entry,
    Gazetteer,
    Match,
    fold,
)

#: A city of the same name in a country the article names replaces the most
#: populous one only if it has at least this share of its population.
CITY_SWITCH_RATIO = 0.35

#: Countries whose smaller cities win in text of their language when the article
#: names the country ("Valence" in a French article about France).
HOME_COUNTRIES = {"fr": ("FR", "BE", "CH"), "de": ("DE", "AT", "CH"), "en": ("US", "GB")}

#: Alliances a bare "alliance" can refer to.
MILITARY_ALLIANCES = ("NATO", "CSTO", "Warsaw Pact", "AUKUS", "Quad")

#: Seat cities standing for an organisation when used as an actor.
SEATS = {"bruxelles": "EU", "brussels": "EU", "brussel": "EU", "brüssel": "EU", "brussel's": "EU"}

_ACTOR_BEFORE = {
    "selon",
    "pour",
    "according",
    "laut",
    "zufolge",
    "from",
    "par",
}
_ACTOR_VERBS = {
    # fr
    "exige",
    "exigent",
    "veut",
    "a",
    "avait",
    "estime",
    "demande",
    "réclame",
    "refuse",
    "accepte",
    "menace",
    "propose",
    "prévoit",
    "juge",
    "considère",
    "souhaite",
    "doit",
    "pourrait",
    "impose",
    "annonce",
    "insiste",
    "rappelle",
    "attend",
    "craint",
    "reproche",
    "met",
    "sanctionne",
    "s",
    "se",
    "ne",
    "n",
    "y",
    "tente",
    "entend",
    "compte",
    "affirme",
    "dit",
    "prend",
    "condamne",
    "salue",
    "a-t-elle",
    "ouvre",
    # en
    "said",
    "says",
    "wants",
    "demands",
    "demanded",
    "has",
    "had",
    "is",
    "was",
    "will",
    "would",
    "insists",
    "insisted",
    "warned",
    "warns",
    "proposed",
    "proposes",
    "rejected",
    "agreed",
    "expects",
    "expected",
    "urged",
    "urges",
    "threatened",
    "fears",
    "believes",
    "told",
    "announced",
    "decided",
    "could",
    "should",
    "may",
    "might",
    # de
    "fordert",
    "forderte",
    "wollte",
    "hat",
    "hatte",
    "sagt",
    "sagte",
    "droht",
    "drohte",
    "verlangt",
    "verlangte",
    "lehnt",
    "lehnte",
    "kritisiert",
    "kritisierte",
    "warnt",
    "warnte",
    "plant",
    "besteht",
    "pocht",
    "setzt",
    "erwartet",
    "ist",
}

_LANGUAGE_CUES_BEFORE = {
    "fr": {"en", "le", "l", "du", "parle", "parlent", "parler", "apprendre", "traduit", "traduire"},
    "en": {"in", "speak", "speaks", "spoke", "speaking", "learn", "learning", "into"},
    "de": {"auf", "spricht", "sprechen", "sprach", "lernen", "ins"},
    "es": {"en", "el", "habla", "hablar"},
    "it": {"in", "parla", "parlare"},
    "pt": {"em", "fala", "falar"},
}
_LANGUAGE_AFTER = {"language", "speaking", "speakers", "-language", "sprachig", "sprachigen"}


class SpanIndex:
    """Intervals ``(start, end, payload)`` with fast overlap queries (bisect)."""

    def __init__(self, spans: Iterable[tuple[int, int, Any]] = ()) -> None:
        self._spans = sorted(spans, key=lambda s: s[0])
        self._starts = [s[0] for s in self._spans]
        self._maxlen = max((e - s for s, e, _ in self._spans), default=0)

    def add(self, start: int, end: int, payload: Any = None) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._spans.insert(i, (start, end, payload))
        self._maxlen = max(self._maxlen, end - start)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, Any]]:
        """Spans that share at least one character with ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start - self._maxlen)
        hi = bisect.bisect_left(self._starts, max(end, start + 1))
        return [s for s in self._spans[lo:hi] if s[1] > start and s[0] < max(end, start + 1)]

    def __bool__(self) -> bool:
        return bool(self._spans)


@dataclass
class NerSpan:
    """A NER entity in the article (global offsets): label in PER, LOC, ORG, MISC."""

    start: int
    end: int
    label: str
    text: str


_ARTICLES = {"la", "le", "l", "les", "the", "das", "die", "der", "el", "il", "lo", "d", "de", "du"}


def _inside(m: Match, index: SpanIndex, label: str, *, not_first: bool = False) -> NerSpan | None:
    """The `label` span that strictly contains `m` with other words, if any.

    With `not_first`, a match that starts the span (after an article) does not
    count as inside ("Allemagne nazie" is still Germany).
    """
    spans = [sp for _, _, sp in index.overlapping(m.start, m.end)]
    for s in spans:
        if s.label == label and s.start <= m.start and m.end <= s.end:
            before = re.findall(r"\w+", s.text[: m.start - s.start])
            after = re.findall(r"\w+", s.text[m.end - s.start :])
            before = [w for w in before if fold(w) not in _ARTICLES]
            if not before and not after:
                continue  # the span is the name itself ("la Russie", 'Israël"')
            if not_first and not before:
                continue
            return s
    return None


def _words_before(text: str, pos: int, n: int = 2) -> list[str]:
    return [fold(w) for w in re.findall(r"\w+", text[max(0, pos - 40) : pos])[-n:]]


def _word_after(text: str, pos: int) -> str:
    m = re.match(r"\s*([\w-]+)", text[pos : pos + 40])
    return fold(m.group(1)) if m else ""


def is_language_use(text: str, m: Match, lang: str | None) -> bool:
    """A demonym used as the name of a language ("parle russe", "in English")."""
    if m.entry.kind != DEMONYM:
        return False
    before = _words_before(text, m.start, 2)
    cues = _LANGUAGE_CUES_BEFORE.get(lang or "", set())
    if before and before[-1] in cues:
        # "le président russe" has a noun in between, so only direct cues count;
        # "l'Irakien" (capitalised noun) is a person, not a language.
        return not (lang == "fr" and before[-1] in ("le", "l", "du") and m.text[:1].isupper())
    after = text[m.end : m.end + 12]
    return bool(re.match(r"[\s-]*(language|speaking|sprachig)", after, re.I))


_THING_AFTER = {
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
    if after and fold(after.group(1)) in _THING_AFTER:
        word = after.group(1)
        # "the Uruguay round" (a GATT round) is written in lower case too.
        if word[:1].isupper() or word == "round":
            return True
    return bool(_THING_BEFORE_RE.search(text[max(0, m.start - 30) : m.start]))


def is_seat_actor(text: str, m: Match) -> str | None:
    """The organisation a seat city stands for, when used as an actor."""
    org = SEATS.get(fold(m.text))
    if org is None:
        return None
    after = _word_after(text, m.end)
    before = _words_before(text, m.start, 1)
    # "à Bruxelles, la Commission a…" is a place: a comma right after breaks it.
    actor = after in _ACTOR_VERBS or bool(before and before[-1] in _ACTOR_BEFORE)
    if actor and not re.match(r"\s*,", text[m.end : m.end + 3]):
        return org
    return None


@dataclass
class Resolution:
    """What the gazetteer and NER say about one article."""

    countries: list[str]
    alliances: list[str]
    kept: list[tuple[Match, str]]  # (match, canonical value) that count


_COMPANY_END = {
    "corp",
    "corporation",
    "inc",
    "ltd",
    "co",
    "plc",
    "group",
    "bank",
    "restaurant",
    "restaurants",
    "gmbh",
    "ag",
    "sa",
    "llc",
    "holdings",
    "company",
    "airlines",
}


def _in_company(m: Match, index: SpanIndex, text: str) -> bool:
    """An alliance name inside a company name ("Uno Restaurant Corp")."""
    span = _inside(m, index, "ORG")
    if span is not None:
        words = re.findall(r"\w+", span.text)
        if words and fold(words[-1]) in _COMPANY_END:
            return True
    following = re.match(r"(?:[ \t]+[A-Z][\w&.'-]*){1,3}", text[m.end : m.end + 60])
    if following is None:
        return False
    return any(fold(w.rstrip(".")) in _COMPANY_END for w in following.group().split())


def _redefined_abbreviations(text: str, matches: list[Match]) -> set[str]:
    """Alliance abbreviations the article defines as something else.

    "The New York Coffee, Sugar and Cocoa Exchange (CSCE)": an abbreviation in
    brackets right after capitalised words with its initials, that are not one
    of its alliance's names, means that thing in this article.
    """
    out = set()
    for k, m in enumerate(matches):
        if m.entry.kind != ALLIANCE or m.entry.exact is None:
            continue
        if text[m.start - 1 : m.start] != "(" or text[m.end : m.end + 1] != ")":
            continue
        prev = matches[k - 1] if k else None
        near = prev is not None and m.start - prev.end <= 3
        if near and prev is not None and prev.entry.values == m.entry.values:
            continue  # "European Community (EC)"
        letters = [c for c in m.text if c.isalpha()]
        words = re.findall(r"[\w'-]+", text[max(0, m.start - 120) : m.start - 1])
        capitals = [w for w in words if w[:1].isupper()][-len(letters) :]
        if len(capitals) == len(letters) and all(
            w[0].upper() == c.upper() for w, c in zip(capitals, letters, strict=True)
        ):
            out.add(m.text)  # its own expansion precedes it
    return out


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
) -> Resolution:
    """Apply the rules of the module docstring to one article.

    `lowercase_words` (folded words the article writes in lower case) lets a
    city name that is also a common word ("Seul", "Tours" at a sentence start)
    be dropped.
    """
    lowercase_words = lowercase_words or set()
    # Surnames of people the NER found ("François Hollande" -> "hollande"): the
    # same word alone is that person, not a place.
    surnames = {
        fold(s.text.split()[-1])
        for s in ner
        if s.label == "PER" and 2 <= len(s.text.split()) <= 3 and s.text.istitle()
    }
    ner_index = SpanIndex((s.start, s.end, s) for s in ner)
    kept: list[tuple[Match, str]] = []
    ambiguous: list[Match] = []
    context_alliances: list[Match] = []
    bare: list[Match] = []
    extra_alliances: list[tuple[Match, str]] = []
    redefined = _redefined_abbreviations(text, matches)
    for m in matches:
        e = m.entry
        if e.kind == BLOCK:
            continue
        if e.kind == ALLIANCE and (m.text in redefined or _in_company(m, ner_index, text)):
            continue
        if e.kind == ALLIANCE:
            if e.mode == "context":
                context_alliances.append(m)
            elif e.mode == "bare":
                bare.append(m)
            else:
                kept.append((m, e.values[0]))
            continue
        if _inside(m, ner_index, "PER") is not None:
            continue
        single = m.first_token == m.last_token
        if single and e.kind in (COUNTRY, PLACE) and fold(m.text) in surnames:
            continue
        if (
            single
            and e.kind == PLACE
            and e.population > 0
            and fold(m.text) in lowercase_words
            and (e.mode == "alt" or e.population == 1 or _sentence_initial(text, m.start))
        ):
            continue  # "Seul ..." (fr: alone), "Tours ..." at a sentence start
        # "Allemagne nazie" (ORG) is still Germany, but "American Express" and
        # "British Airways" are companies: a demonym does not get that exception.
        org = _inside(m, ner_index, "ORG", not_first=e.kind != DEMONYM)
        if org is not None and (e.kind != DEMONYM or m.text[:1].isupper()):
            continue
        if is_language_use(text, m, lang):
            continue
        if e.kind in (COUNTRY, PLACE) and is_thing_name(text, m):
            continue
        seat = is_seat_actor(text, m) if e.kind == PLACE else None
        if seat is not None:
            extra_alliances.append((m, seat))
            continue
        if len(e.values) > 1:
            ambiguous.append(m)
            continue
        kept.append((m, e.values[0]))
    kept.extend(extra_alliances)

    # A city name shared by several countries: one the article names otherwise.
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

    # Ambiguous names: the candidate with the most places in the article.
    place_votes: Counter[str] = Counter(
        v for m, v in kept if m.entry.kind == PLACE and m.entry.kind != ALLIANCE
    )
    for m in ambiguous:
        values = m.entry.values
        best = max(values, key=lambda v: (place_votes[v], -values.index(v)))
        kept.append((m, best))

    # Places found by NER alone (smaller cities).
    covered = SpanIndex((m.start, m.end, None) for m in matches)
    named = {v for m, v in kept if m.entry.kind in (COUNTRY, DEMONYM, PLACE)}
    for span in ner:
        if span.label != "LOC":
            continue
        if covered.overlapping(span.start, span.end):
            continue
        name = re.sub(r"^(?:l['’]|la |le |les |the )", "", span.text, flags=re.I).strip()
        candidates = gazetteer.ner_city(name)
        if not candidates or not name[:1].isupper():
            continue
        in_article = [c for c in candidates if c[0] in named]
        code = max(in_article or candidates, key=lambda c: c[1])[0]
        city = Match(span.start, span.end, span.text, _ner_city_entry(code))
        kept.append((city, code))

    # Alliances named elsewhere make context names and bare "alliance" count.
    alliance_counts: Counter[str] = Counter(v for m, v in kept if m.entry.kind == ALLIANCE)
    for m in context_alliances:
        if alliance_counts[m.entry.values[0]]:
            kept.append((m, m.entry.values[0]))
    military = [a for a in MILITARY_ALLIANCES if alliance_counts[a]]
    if military:
        target = max(military, key=lambda a: alliance_counts[a])
        kept.extend((m, target) for m in bare)

    kept.sort(key=lambda mv: mv[0].start)
    countries = sorted(
        {
            v
            for m, v in kept
            if m.entry.kind in (COUNTRY, DEMONYM, PLACE) and v not in SEATS.values()
        }
    )
    alliances = []
    for m, v in kept:
        if (m.entry.kind == ALLIANCE or v in SEATS.values()) and v not in alliances:
            alliances.append(v)
    return Resolution(countries=countries, alliances=alliances, kept=kept)


def _ner_city_entry(code: str) -> Entry:
    return Entry(kind=PLACE, values=(code,), name="", population=1)
