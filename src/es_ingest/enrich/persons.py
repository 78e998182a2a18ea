"""Step "persons": the persons facet and PER entities, from the PER spans of `state.ner`.

A PER span counts unless the same surface is tagged as a place at least as
often, it sits in a thing's name ("loi César", "<Plenmeer Ltd>", "Martin
Marietta Corp"), or the name rules reject it (`names.clean_person`,
`names.is_plausible_person`, a smaller city of that name). Names after an
honorific ("M. Delevoye") count too. Mentions of one person merge into the
fullest form the article uses (`names.merge_persons`); a one-word name needs
`SINGLE_NAME_SUPPORT`. The facet value is `person_identity.canonical_person`
of that form: one Latin spelling per person across languages and scripts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from es_ingest.enrich.lexicons import titles
from es_ingest.enrich.name_lexicons import is_title
from es_ingest.enrich.names import (
    COMPANY_NAME_RE,
    clean_person,
    is_plausible_person,
    is_thing_context,
    merge_persons,
)
from es_ingest.enrich.rule_ner import is_role_noun
from es_ingest.enrich.spans import NerSpan, SpanIndex
from es_ingest.enrich.state import ArticleState, add_unique, clean_org
from es_ingest.gazetteer import COUNTRY, Gazetteer
from es_ingest.model import Entity
from es_ingest.person_identity import canonical_person
from es_ingest.text import fold

#: A one-word person needs this much support (a mention counts 1, an introduced one 2).
SINGLE_NAME_SUPPORT = 2

_HONORIFIC_RE = re.compile(
    r"\b(?:M\.|MM\.|Mme|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Herr|Frau|Sir)\s+"
    r"((?:[A-ZÀ-ÖØ-Þ][\w'’-]+)(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+){0,2})"
)

# Reuters writes company names and tickers in angle brackets ("<Plenmeer Ltd>").
_BRACKETED_RE = re.compile(r"<[^<>]{1,80}>")

Mention = tuple[int, int, str]  # (start, end, name)

# Prepositions of place right before a lone name: it is not introduced as a person.
_PLACE_PREPOSITIONS = frozenset({"at", "in", "near", "à", "près", "bei", "nahe", "en", "cerca"})


def run(state: ArticleState) -> None:
    """Set `article.persons` and add the PER entities."""
    text, gazetteer = state.text, state.gazetteer

    def known(name: str) -> bool:
        return is_known_name(name, gazetteer)

    mentions = _ner_mentions(state, known)
    mentions += _honorific_mentions(text, mentions, state.lowercase_words, known)
    mentions.sort()
    mapping = merge_persons(n for _, _, n in mentions)
    # A lone word tagged once, with no title or role before it, is too weak
    # ("Dépakote", "Staphylocoque"): keep single-token names mentioned twice
    # or introduced ("le président Trump", "sa femme Asma", "M. Delevoye").
    support: dict[str, int] = {}
    paired = _paired(text, mentions) if not state.has_model else set()
    for s, e, n in mentions:
        canonical = mapping[n]
        introduced = _introduced(text, s, state.language) or text[s:e] != n or s in paired
        support[canonical] = support.get(canonical, 0) + (2 if introduced else 1)
    persons: list[str] = []
    for s, e, n in mentions:
        canonical = mapping[n]
        if len(canonical.split()) == 1 and support[canonical] < SINGLE_NAME_SUPPORT:
            continue
        # One value per person across languages and scripts; the mention
        # keeps the article's spelling (person_identity).
        value = canonical_person(_nominative_surnames(canonical, state.language))
        add_unique(persons, value)
        state.entities.append(Entity(text[s:e], "PER", s, e, value))
    state.article.persons = persons


# A Polish genitive/accusative of a surname ending in "-i" or "-y" as an
# adjective: "Petrassiego" (Petrassi), "Kowalskiego" (Kowalski). No name
# ends so in the nominative once it has a given name before it ("Diego" is
# one, never a surname after one).
_PL_IEGO_RE = re.compile(r"^([A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][^\W\d_]{2,}i)ego$")


def _nominative_surnames(name: str, language: str | None) -> str:
    """`name` with its Polish "-iego" surnames in the nominative, for the facet value.

    "Goffredo Petrassiego" -> "Goffredo Petrassi", "Jana Kowalskiego" keeps
    its given name for the recogniser's declension (`name_recogniser.nominative`);
    only words after the first change, and only in Polish articles.
    """
    if language != "pl":
        return name
    first, *rest = name.split(" ")
    return " ".join([first, *(_PL_IEGO_RE.sub(r"\1", w) for w in rest)])


def is_known_name(name: str, gazetteer: Gazetteer) -> bool:
    """A place or organisation name, not a person ("Géorgie", "Petroles de Venezuela")."""
    if gazetteer.lookup(name):  # "Géorgie", "Sri Lankan"
        return True
    tail = re.search(r"\b(?:de|of|du|del|des|di|da|von)\s+(\S+)$", name)
    if tail is None:
        return False
    return any(e.kind == COUNTRY for e in gazetteer.lookup(tail.group(1)))


def _ner_mentions(state: ArticleState, known: Callable[[str], bool]) -> list[Mention]:
    """The PER spans that count as persons, with their cleaned names."""
    text, ner = state.text, state.ner
    votes = _place_votes(ner)
    bad_context = _thing_name_keys(text, ner)
    mentions: list[Mention] = []
    for span in ner:
        if span.label != "PER" or votes.get(fold(clean_org(span.text)), 1) <= 0:
            continue
        if fold(clean_org(span.text)) in bad_context:
            continue
        name = clean_person(span.text)
        if name is None or is_thing_context(text, span.start, span.end):
            continue
        if state.gazetteer.ner_city(name):
            continue
        if not is_plausible_person(
            name, lowercase_words=state.lowercase_words, is_known_name=known
        ):
            continue
        mentions.append((span.start, span.end, name))
    return mentions


def _place_votes(ner: list[NerSpan]) -> dict[str, int]:
    """Per surface, PER tags minus LOC tags: at zero or below it is a place."""
    votes: dict[str, int] = {}
    for span in ner:
        key = fold(clean_org(span.text))
        if span.label == "PER":
            votes[key] = votes.get(key, 0) + 1
        elif span.label == "LOC":
            votes[key] = votes.get(key, 0) - 1
    return votes


def _thing_name_keys(text: str, ner: list[NerSpan]) -> set[str]:
    """Folded PER surfaces that name a thing somewhere in the article."""
    # A name inside angle brackets ("<Plenmeer Ltd>") is not a person, anywhere.
    bracketed = list(_BRACKETED_RE.finditer(text))
    brackets = SpanIndex((m.start(), m.end(), None) for m in bracketed)
    bracket_keys: set[str] = set()
    for content in {fold(clean_org(m.group())) for m in bracketed}:
        toks = content.split()
        for i in range(len(toks)):
            for j in range(i + 1, min(len(toks), i + 8) + 1):
                bracket_keys.add(" ".join(toks[i:j]))
    # So are the first words of a company's name ("Martin Marietta Corp").
    for company in {fold(" ".join(m.group(1).split())) for m in COMPANY_NAME_RE.finditer(text)}:
        toks = company.split()
        bracket_keys.update(" ".join(toks[:j]) for j in range(1, len(toks) + 1))
    bad_context: set[str] = set()
    for span in ner:
        if span.label != "PER":
            continue
        key = fold(clean_org(span.text))
        # A thing's name ("loi César", "la plateforme Leetchi") hides a
        # one-word name everywhere; a full name ("la fondation Brigitte
        # Bardot") only there, as she may be named as a person elsewhere;
        # after a bare "the" it is a place ("the Haj Omran border area").
        if (
            (
                is_thing_context(text, span.start, span.end)
                and (" " not in key or text[max(0, span.start - 4) : span.start] == "the ")
            )
            or brackets.overlapping(span.start, span.end)
            or key in bracket_keys
        ):
            bad_context.add(key)
    return bad_context


def _honorific_mentions(
    text: str, mentions: list[Mention], lowercase_words: set[str], known: Callable[[str], bool]
) -> list[Mention]:
    """Names after an honorific ("M. Delevoye", "Frau Merkel") that NER missed."""
    taken = SpanIndex((s, e, None) for s, e, _ in mentions)
    out: list[Mention] = []
    for hm in _HONORIFIC_RE.finditer(text):
        s, e = hm.start(1), hm.end(1)
        if taken.overlapping(s, e):
            continue
        name = clean_person(hm.group(1))
        if name and is_plausible_person(name, lowercase_words=lowercase_words, is_known_name=known):
            out.append((hm.start(), e, name))
    return out


# "and" between two names, in the languages without a NER model.
_AND_RE = re.compile(r"\s+(?:und|y|e|ed|i|a|и|і|й|та|ve)\s+")


def _paired(text: str, mentions: list[Mention]) -> set[int]:
    """Starts of mentions joined to another by "and" alone ("Aoun und Hariri").

    Each of two coordinated names vouches for the other: a lone surname
    there is introduced, as after a title. `mentions` are sorted.
    """
    out: set[int] = set()
    for (s1, e1, _), (s2, _, _) in zip(mentions, mentions[1:], strict=False):
        if _AND_RE.fullmatch(text[e1:s2]):
            out.update((s1, s2))
    return out


def _introduced(text: str, start: int, lang: str = "") -> bool:
    """True when a title or role word (also one of `lang`'s titles) stands right before `start`."""
    words = re.findall(r"[\w'’.-]+", text[max(0, start - 60) : start])
    if words and words[-1] in _PLACE_PREPOSITIONS:
        return False  # "the crossing at Ergneti": a place, whatever came before
    known = titles()
    for w in reversed(words[-3:]):
        low = fold(w).rstrip(".")
        if low in known or (w[:1].isupper() and is_role_noun(w)) or is_title(w, lang):
            return True  # "Bürgermeister Wendlinger" too
        if low not in {"le", "la", "l", "the", "der", "die", "de", "du", "sa", "son", "his", "her"}:
            # one adjective may sit between ("président américain Trump")
            if w[:1].isupper():
                return False
            continue
    return False
