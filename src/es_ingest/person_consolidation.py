"""Corpus consolidation of the persons facet: one value for the spellings of one name.

A neutral, pure module: `consolidate()` takes the facet values present in a
corpus, with how they were written (`ValueEvidence`: in Latin script or only
in another script, in which article languages, in how many articles), and
returns the values that move to another value of the corpus::

    consolidate([ev("Christian Wolmar", latin={"en"}), ev("Kristian Volmar")])
    # {"Kristian Volmar": "Christian Wolmar"}

It complements `person_identity.canonical_person` (a function of one name)
for names the person-name lexicon lacks: the Russian "Кристиан Волмар"
transliterates to "Kristian Volmar" while English writes "Christian Wolmar".
The result depends only on the set of evidence (never on its order), so
any sharding or number of workers gives the same mapping. The rule, and the
false merges it avoids, are in docs/enrichment.md, "Corpus consolidation";
`person_registry.py` stores the mapping in Elasticsearch and re-labels
documents.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from es_ingest.person_identity import NAME_SEPARATORS_RE, known_form, script_of
from es_ingest.person_keys import (
    BY_EAR_SCRIPTS,
    adaptation_key,
    ascii_parts,
    heard_key,
    name_key,
    transliteration_key,
)

#: Article language recorded when an article has none.
UNKNOWN_LANGUAGE = "und"


@dataclass(frozen=True)
class ValueEvidence:
    """How one facet value is written in the corpus.

    `latin_languages`: languages of the articles that write a mention of it in
    Latin script (empty: a mere transliteration, written only in other
    scripts); `documents`: articles that have the value; `latin_documents`:
    those of them that write it in Latin script; `scripts`: the scripts of its
    mentions not written in Latin ("CYRILLIC", "CJK", …).
    """

    value: str
    documents: int = 1
    latin_documents: int = 0
    latin_languages: frozenset[str] = field(default_factory=frozenset)
    scripts: frozenset[str] = field(default_factory=frozenset)

    @property
    def written_in_latin(self) -> bool:
        return self.latin_documents > 0

    @property
    def written_by_ear(self) -> bool:
        """Written only in scripts that spell a foreign name by its sounds (`BY_EAR_SCRIPTS`)."""
        return not self.written_in_latin and bool(self.scripts) and self.scripts <= BY_EAR_SCRIPTS


@dataclass(frozen=True)
class Merge:
    """One consolidated person: `value` and the other values that now take it."""

    value: str
    merged: tuple[str, ...]
    key: str


def is_latin_text(text: str) -> bool:
    """True when `text` has letters and all of them are Latin."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def _rank(ev: ValueEvidence) -> tuple[int, int, int, str]:
    """The choice rule: Latin-written first, then most Latin articles, most articles, A-Z."""
    return (-int(ev.written_in_latin), -ev.latin_documents, -ev.documents, ev.value)


def _latin_groups(latin: list[ValueEvidence]) -> list[list[ValueEvidence]]:
    """Latin-written values of one name key, grouped by who they may merge with.

    Two Latin spellings merge only if they share the adaptation key and no
    article language writes both (one press does not write one person two
    ways; "Karl Meier" and "Karl Meyer" in German are two people). A group
    where any pair fails stays apart, value by value.
    """
    by_key: dict[str, list[ValueEvidence]] = defaultdict(list)
    for ev in latin:
        by_key[adaptation_key(ev.value)].append(ev)
    groups: list[list[ValueEvidence]] = []
    for key in sorted(by_key):
        members = by_key[key]
        if all(not (a.latin_languages & b.latin_languages) for a, b in combinations(members, 2)):
            groups.extend(_with_translated_given_names(members))
        else:
            groups.extend([ev] for ev in members)
    return groups


def _with_translated_given_names(members: list[ValueEvidence]) -> list[list[ValueEvidence]]:
    """`members` as one group, but a translated given name only with the very same surname.

    The group's first value by `_rank` leads. A member whose given names are
    spelled otherwise than the leader's (a cognate: "Ernesto Shackleton" for
    "Ernest Shackleton") stays with it only if its surname is the leader's
    letter for letter; otherwise it stays apart ("Ernesto Schackleton"
    adapts the surname too: two differences are one too many).
    """
    leader = min(members, key=_rank)
    head = ascii_parts(leader.value)
    group: list[ValueEvidence] = []
    apart: list[ValueEvidence] = []
    for ev in members:
        parts = ascii_parts(ev.value)
        same_given = parts[:-1] == head[:-1]
        (group if same_given or parts[-1:] == head[-1:] else apart).append(ev)
    return [group, *([ev] for ev in apart)]


def _clusters(same_key: list[ValueEvidence]) -> Iterator[list[ValueEvidence]]:
    """The clusters of the values of one name key (see `consolidate`)."""
    latin = [ev for ev in same_key if ev.written_in_latin]
    others = [ev for ev in same_key if not ev.written_in_latin]
    groups = _latin_groups(latin)
    if len(groups) == 1:
        yield groups[0] + others
        return
    yield from groups
    # Several Latin people share the key, or none does: a transliteration is
    # left as it is. Transliterations alone never merge: anyascii gives many
    # names one spelling ("陈宁", "陈颖": "Chenning", "Chenying" share a key).


def consolidate(evidence: Iterable[ValueEvidence]) -> dict[str, str]:
    """Value -> the value it takes, for the values that change (see the module docstring).

    Values cluster when their `name_key`s are equal (same number of parts,
    every part equal). A cluster holds the Latin-written values that may
    merge (`_latin_groups`) and, when they are the key's only Latin group,
    the key's transliterations (values written only in other scripts). A
    transliteration with no Latin-written value of its key, or with two or
    more Latin groups, stays as it is.
    Each cluster takes the value that ranks first: written in Latin script,
    then in the most articles in Latin script, then in the most articles,
    then the first in code-point order. Never raises.
    """
    return {old: m.value for m in merges(evidence) for old in m.merged}


def merges(evidence: Iterable[ValueEvidence]) -> list[Merge]:
    """The clusters of more than one value, sorted by value (see `consolidate`)."""
    by_key: dict[str, dict[str, ValueEvidence]] = defaultdict(dict)
    for ev in evidence:
        key = name_key(ev.value)
        if key:
            previous = by_key[key].get(ev.value)
            by_key[key][ev.value] = ev if previous is None else combine(previous, ev)
    out: list[Merge] = []
    for key, values in by_key.items():
        if len(values) < 2:
            continue
        for cluster in _clusters(sorted(values.values(), key=_rank)):
            if len(cluster) > 1:
                best = min(cluster, key=_rank)
                rest = tuple(sorted(ev.value for ev in cluster if ev is not best))
                out.append(Merge(best.value, rest, key))
    found = _by_ear(by_key, out)
    return sorted(_with_typos(by_key, found), key=lambda m: m.value)


def _by_ear(by_key: dict[str, dict[str, ValueEvidence]], found: list[Merge]) -> list[Merge]:
    """`found`, plus the lone transliterations that join a Latin value by ear.

    A transliteration whose `name_key` has no Latin-written value ("John
    Bergoyn", from "Джон Бергойн") joins the Latin-written value of its
    `transliteration_key` ("John Burgoyne") when the key has exactly one
    Latin-written person (after the merges already found); two Latin people
    on one key ("John Burton", "John Barton") take none of them. A
    transliteration written by ear that finds no one so may join by the
    Latin values' `heard_key` ("Kiki Di" -> "Kiki Dee"), under the same
    one-person condition, counting the people of both keys.
    """
    target = {old: m.value for m in found for old in m.merged}
    latin: dict[str, set[str]] = defaultdict(set)
    heard: dict[str, set[str]] = defaultdict(set)
    lone: list[ValueEvidence] = []
    for values in by_key.values():
        if any(ev.written_in_latin for ev in values.values()):
            for ev in values.values():
                if ev.written_in_latin:
                    person = target.get(ev.value, ev.value)
                    latin[transliteration_key(ev.value)].add(person)
                    if key := heard_key(ev.value):
                        heard[key].add(person)
        else:
            lone.extend(values.values())
    joined: dict[str, list[str]] = defaultdict(list)
    for ev in sorted(lone, key=lambda ev: ev.value):
        key = transliteration_key(ev.value)
        people = latin.get(key, set())
        if not people and ev.written_by_ear:
            people = heard.get(key, set())
        if len(people) == 1:
            joined[next(iter(people))].append(ev.value)
    return _joined_into(found, joined)


def _joined_into(found: list[Merge], joined: dict[str, list[str]]) -> list[Merge]:
    """`found` with each value of `joined` merging its list too (a new merge if it had none)."""
    if not joined:
        return found
    joined = dict(joined)
    out = [
        Merge(m.value, tuple(sorted([*m.merged, *joined.pop(m.value, [])])), m.key) for m in found
    ]
    out += [Merge(v, tuple(sorted(vs)), name_key(v)) for v, vs in sorted(joined.items())]
    return out


# A translator's slip (rule 3c): only surnames this long, so that short
# families one letter apart ("Burton"/"Birton", "Edward"/"Edwards") never meet.
TYPO_MIN_LETTERS = 7
# ...and only a value that this many other languages write, so that the
# one-off has the weight of the corpus against it.
TYPO_LEADER_LANGUAGES = 3


def one_edit_apart(a: str, b: str) -> bool:
    """True when `b` is `a` with one letter replaced, inserted or deleted (not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    i = next((k for k, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return short[i:] == long_[i + 1 :]


def _one_slip_apart(a: ValueEvidence, b: ValueEvidence) -> bool:
    """The very same given names, and long surnames of one first letter one letter apart."""
    pa, pb = ascii_parts(a.value), ascii_parts(b.value)
    if len(pa) < 2 or len(pa) != len(pb) or pa[:-1] != pb[:-1]:
        return False
    sa, sb = pa[-1], pb[-1]
    return min(len(sa), len(sb)) >= TYPO_MIN_LETTERS and sa[0] == sb[0] and one_edit_apart(sa, sb)


def _slip_group(value: str) -> tuple[str, ...]:
    """The given names and the surname's first letter: what `_one_slip_apart` needs alike."""
    parts = ascii_parts(value)
    return (*parts[:-1], parts[-1][:1]) if parts else ()


def _typo_of(variant: ValueEvidence, leader: ValueEvidence) -> bool:
    """True when `variant` reads as a one-off slip in writing `leader` (rule 3c).

    They are one slip apart (`_one_slip_apart`); the variant is written in
    one article, in Latin script, in a language that does not write the
    leader, which `TYPO_LEADER_LANGUAGES` (3) other languages write; and the
    variant's surname is no name the person-name lexicon knows (a slip makes a word no
    one is called: "Garrand" for "Garrard", "Jenning" for "Jennings";
    "Schmitt" and "Schmidt", "Andersen" and "Anderson" are two families).
    """
    if variant.documents != 1 or not variant.written_in_latin:
        return False
    if variant.latin_languages & leader.latin_languages:
        return False
    if len(leader.latin_languages) < TYPO_LEADER_LANGUAGES or not _one_slip_apart(variant, leader):
        return False
    return not known_form(NAME_SEPARATORS_RE.split(variant.value)[-1])


def _with_typos(by_key: dict[str, dict[str, ValueEvidence]], found: list[Merge]) -> list[Merge]:
    """`found`, plus the one-off misspellings that join the one value they misspell.

    A value that no merge has touched joins a Latin-written value that no
    merge has moved away when it is a slip of it (`_typo_of`) and no other
    value of the corpus is one slip apart from it: with "Anna Kowalczuk" and
    "Anna Kowalczek" both in the corpus, "Anna Kowalczak" joins neither.
    """
    touched = {v for m in found for v in (m.value, *m.merged)}
    moved = {v for m in found for v in m.merged}
    every = sorted(
        (ev for values in by_key.values() for ev in values.values()), key=lambda ev: ev.value
    )
    # Values one slip apart share their given names and the surname's first
    # letter: comparing only within those groups keeps this linear in the
    # corpus's values (all pairs of 20,000 values took minutes).
    leaders: dict[tuple[str, ...], list[ValueEvidence]] = defaultdict(list)
    for ev in every:
        if ev.written_in_latin and ev.value not in moved:
            leaders[_slip_group(ev.value)].append(ev)
    joined: dict[str, list[str]] = defaultdict(list)
    for ev in every:
        if ev.value in touched or ev.documents != 1:
            continue
        group = leaders.get(_slip_group(ev.value), [])
        close = [lead for lead in group if lead is not ev and _one_slip_apart(ev, lead)]
        if len(close) == 1 and _typo_of(ev, close[0]):
            joined[close[0].value].append(ev.value)
    return _joined_into(found, joined)


def combine(a: ValueEvidence, b: ValueEvidence) -> ValueEvidence:
    """The evidence of one value from two parts of the corpus (shards, files)."""
    return ValueEvidence(
        a.value,
        a.documents + b.documents,
        a.latin_documents + b.latin_documents,
        a.latin_languages | b.latin_languages,
        a.scripts | b.scripts,
    )


# --- documents -----------------------------------------------------------------


def person_values(doc: Mapping[str, Any]) -> list[str]:
    """The values a document's own names give: its PER entities' `canonical`, in order.

    These are `canonical_person` of each name, never re-labelled, so
    consolidation always starts again from what the articles say.
    """
    out: list[str] = []
    for ent in doc.get("entities") or []:
        value = ent.get("canonical") if ent.get("label") == "PER" else None
        if value and value not in out:
            out.append(str(value))
    return out


def gather(docs: Iterable[Mapping[str, Any]]) -> list[ValueEvidence]:
    """The evidence of every person value of `docs` (article sources or dry-run rows)."""
    documents: dict[str, int] = defaultdict(int)
    latin_documents: dict[str, int] = defaultdict(int)
    languages: dict[str, set[str]] = defaultdict(set)
    scripts: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        language = str(doc.get("language") or UNKNOWN_LANGUAGE)
        latin: set[str] = set()
        for ent in doc.get("entities") or []:
            per = ent.get("label") == "PER" and ent.get("canonical")
            if not per:
                continue
            text = str(ent.get("text") or "")
            if is_latin_text(text):
                latin.add(str(ent["canonical"]))
            elif script := script_of(text):
                scripts[str(ent["canonical"])].add(script)
        for value in person_values(doc):
            documents[value] += 1
            if value in latin:
                latin_documents[value] += 1
                languages[value].add(language)
    return [
        ValueEvidence(
            v, documents[v], latin_documents[v], frozenset(languages[v]), frozenset(scripts[v])
        )
        for v in sorted(documents)
    ]


def relabelled(
    doc: Mapping[str, Any], mapping: Mapping[str, str], previous: Mapping[str, str] | None = None
) -> list[str] | None:
    """The document's new `persons` under `mapping`, or None when they stay as they are.

    The new values are those of the PER entities under `mapping`, then any
    other value the document has that is not one of its entities' values
    under `previous` (the mapping its values were given before: the stored
    registry), so that a value with no PER mention is never dropped. A
    document without PER entities keeps its `persons`.
    """
    own = person_values(doc)
    if not own:
        return None
    current = [str(v) for v in doc.get("persons") or []]
    before = {(previous or {}).get(v, v) for v in own} | set(own)
    new = apply([*own, *(v for v in current if v not in before)], mapping)
    return None if new == current else new


def apply(persons: Iterable[str], mapping: Mapping[str, str]) -> list[str]:
    """`persons` with each value replaced by its consolidated value, duplicates dropped."""
    out: list[str] = []
    for value in persons:
        target = mapping.get(value, value)
        if target not in out:
            out.append(target)
    return out
