"""Rules for alliances (NATO, EU, UN…): which alliance names count in one article.

Used by the countries step's `countries.resolve`, which sorts every gazetteer
match: an alliance name counts unless it is part of a company's name ("Uno
Restaurant Corp") or an abbreviation the article defines as something else
("Cocoa Exchange (CSCE)"). Names with mode "context" ("the Community") count
only if the article names the same alliance otherwise; a bare "l'Alliance" /
"the alliance" counts for the military alliance the article names most. A city
that seats an organisation, used as an actor ("Bruxelles exige…", "according
to Brussels"), counts for the organisation (EU), not the country.
"""

from __future__ import annotations

import re
from collections import Counter

from es_ingest.enrich.spans import SpanIndex, inside, word_after, words_before
from es_ingest.gazetteer import ALLIANCE, Match
from es_ingest.text import fold

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


def is_seat_actor(text: str, m: Match) -> str | None:
    """The organisation a seat city stands for, when used as an actor."""
    org = SEATS.get(fold(m.text))
    if org is None:
        return None
    after = word_after(text, m.end)
    before = words_before(text, m.start, 1)
    # "à Bruxelles, la Commission a…" is a place: a comma right after breaks it.
    actor = after in _ACTOR_VERBS or bool(before and before[-1] in _ACTOR_BEFORE)
    if actor and not re.match(r"\s*,", text[m.end : m.end + 3]):
        return org
    return None


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


def in_company(m: Match, index: SpanIndex, text: str) -> bool:
    """An alliance name inside a company name ("Uno Restaurant Corp")."""
    span = inside(m, index, "ORG")
    if span is not None:
        words = re.findall(r"\w+", span.text)
        if words and fold(words[-1]) in _COMPANY_END:
            return True
    following = re.match(r"(?:[ \t]+[A-Z][\w&.'-]*){1,3}", text[m.end : m.end + 60])
    if following is None:
        return False
    return any(fold(w.rstrip(".")) in _COMPANY_END for w in following.group().split())


def redefined_abbreviations(text: str, matches: list[Match]) -> set[str]:
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


def classify(m: Match, text: str, ner_index: SpanIndex, redefined: set[str]) -> str | None:
    """How an alliance match counts: "kept", "context", "bare", or None (it does not)."""
    if m.text in redefined or in_company(m, ner_index, text):
        return None
    if m.entry.mode in ("context", "bare"):
        return m.entry.mode
    return "kept"


def contextual(
    kept: list[tuple[Match, str]], context: list[Match], bare: list[Match]
) -> list[tuple[Match, str]]:
    """Context names and bare "alliance" nouns that count, given what `kept` names."""
    out: list[tuple[Match, str]] = []
    alliance_counts: Counter[str] = Counter(v for m, v in kept if m.entry.kind == ALLIANCE)
    for m in context:
        if alliance_counts[m.entry.values[0]]:
            out.append((m, m.entry.values[0]))
    military = [a for a in MILITARY_ALLIANCES if alliance_counts[a]]
    if military:
        target = max(military, key=lambda a: alliance_counts[a])
        out.extend((m, target) for m in bare)
    return out
