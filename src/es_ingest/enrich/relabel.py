"""Steps "persons_in_orgs" and "persons_in_places": persons the model labelled otherwise.

Before the countries step, "Jordan Bardella" (ORG) becomes a person, so that
it shields the place inside it (Jordan); after it, "Bachar al-Assad" (LOC) and
"l'Irakien Abou Mehdi al-Mouhandis" (LOC) become persons for the persons step.
"""

from __future__ import annotations

import re

from es_ingest.enrich.lexicons import first_names
from es_ingest.enrich.spans import NerSpan
from es_ingest.enrich.state import ArticleState
from es_ingest.gazetteer import COUNTRY, DEMONYM, Gazetteer
from es_ingest.stopwords import stop_words
from es_ingest.text import fold


def persons_in_orgs(state: ArticleState) -> None:
    """Sort `state.ner`; relabel ORG/MISC spans that are persons (`first_name_country_person`)."""
    ner = sorted(state.ner, key=lambda s: s.start)
    for i, span in enumerate(ner):
        rescued = first_name_country_person(span, state.gazetteer, state.lang)
        if rescued is not None:
            ner[i] = rescued
    state.ner = ner


def persons_in_places(state: ArticleState) -> None:
    """Relabel (or cut) LOC/MISC/ORG spans that are persons (`person_in_other_span`)."""
    for i, span in enumerate(state.ner):
        rescued = person_in_other_span(span, state.text, state.gazetteer)
        if rescued is not None:
            state.ner[i] = rescued


_OFFICE_OF_RE = re.compile(
    r"\b(?:Secretary|Minister|Ministry|Department|Director|Chairman|Governor|Commissioner"
    r"|Under Secretary|Deputy Secretary)\s+(?:of|for)\s+(?:the\s+)?$"
)
_ARABIC_NAME_RE = re.compile(
    r"^[A-Z][\w'’]+(?: [A-Z][\w'’]+)* (?:al|el|ben|bin|ibn|ould)-[A-Z][\w'’]+$"
)
_NAME_WORD = (
    r"(?:[A-Z][\w'’.-]*|(?:al|el|ben|bin|ibn|de|del|da|di|van|von|der|le|la)(?:-[A-Z][\w'’-]+)?)"
)
_NAME_RE = re.compile(
    r"^[A-Z][\w'’.-]+(?: " + _NAME_WORD + r"){0,3} (?:[A-Z]|[a-z]+-[A-Z])[\w'’-]+$"
)


def first_name_country_person(
    span: NerSpan, gazetteer: Gazetteer, lang: str | None
) -> NerSpan | None:
    """A person tagged ORG/MISC whose first name is a country's English name.

    "Jordan Bardella" (ORG) in French text: a first name that is a country's
    English name only (French says "Jordanie"), then a capitalised word that
    is not a place. In its own language the name stays a place or a company
    ("France Messagerie", "Texas Commerce").
    """
    words = span.text.split()
    if span.label in ("ORG", "MISC") and len(words) == 2 and lang not in (None, "en"):
        first, last = words
        entries = gazetteer.lookup(first)
        if (
            fold(first) in first_names()
            and entries
            and not any(e.kind != COUNTRY or e.lang in (lang, None) for e in entries)
            and re.fullmatch(r"[A-ZÀ-Þ][a-zß-ÿ'’-]+", last)
            and not gazetteer.lookup(last)
            and not gazetteer.lookup(span.text)
            and fold(last) not in first_names()
            and fold(last) not in stop_words()
        ):
            return NerSpan(span.start, span.end, "PER", span.text)
    return None


def person_in_other_span(span: NerSpan, text: str, gazetteer: Gazetteer) -> NerSpan | None:
    """A person inside a span the model labelled otherwise.

    "l'Irakien Abou Mehdi al-Mouhandis" (LOC): a capitalised demonym followed
    by a name gives the name; "Bachar al-Assad" (LOC), a name with an Arabic
    particle that the gazetteer does not know as a place, is a person.
    """
    if span.label not in ("LOC", "MISC", "ORG"):
        return None
    words = span.text.split()
    if len(words) >= 3 and words[0][:1].isupper():
        head = words[0]
        if any(e.kind == DEMONYM for e in gazetteer.lookup(head)):
            rest = " ".join(words[1:])
            if _NAME_RE.match(rest) and not gazetteer.lookup(rest):
                start = span.start + span.text.index(words[1])
                return NerSpan(start, span.end, "PER", text[start : span.end])
    # "Secretary of Agriculture Richard Lyng" (ORG "Agriculture Richard Lyng").
    if span.label in ("ORG", "MISC") and len(words) >= 3:
        before = text[max(0, span.start - 40) : span.start]
        if _OFFICE_OF_RE.search(before) and all(w[:1].isupper() for w in words[-2:]):
            tail = " ".join(words[-2:])
            if _NAME_RE.match(tail) and not gazetteer.lookup(tail):
                start = span.end - len(tail)
                if text[start : span.end] == tail:
                    return NerSpan(start, span.end, "PER", tail)
    if (
        span.label == "LOC"
        and _ARABIC_NAME_RE.match(span.text)
        and not gazetteer.lookup(span.text)
        and not gazetteer.ner_city(span.text)
    ):
        return NerSpan(span.start, span.end, "PER", span.text)
    return None
