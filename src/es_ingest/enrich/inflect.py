"""Gazetteer names in inflected forms: a second, per-language pass of the scan.

`Gazetteer.scan` first matches names as written. For a text in one of
`morph.LANGUAGES` it then calls `inflected_matches`, which matches the words
left over by their keys (`morph.text_keys`) against an index of the
gazetteer's names of that language keyed by `morph.name_key`: "Президент
России" gives Россия (RU), "w Warszawie" Warszawa (PL), "Ruslar" Rus (RU),
"والعراق" العراق (IQ). Matches obey the same checks as the first pass
(`Gazetteer._accept`: capitals, the language of demonyms and country names).

The index of a language holds the names tagged with that language and the
untagged ones (cities, places, blocks) written in its script. It is built
lazily from the gazetteer, once per process and language, when the first text
of that language is scanned (see docs/enrichment.md for its cost).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from es_ingest.enrich import morph

if TYPE_CHECKING:
    from es_ingest.enrich.gazetteer import Entry, Gazetteer, Match

#: The script of the untagged names that each language's index takes.
_SCRIPTS = {
    "ru": re.compile(r"^[\u0400-\u04ff\s.'\-]+$"),
    "uk": re.compile(r"^[\u0400-\u04ff\s.'\-\u2019]+$"),
    "ar": re.compile(r"^[\u0600-\u06ff\s]+$"),
    "pl": re.compile(r"^[A-Za-zÀ-ɏ\s.'\-]+$"),
    "tr": re.compile(r"^[A-Za-zÀ-ɏ\s.'\-]+$"),
}


@dataclass
class _KeyNode:
    children: dict[str, _KeyNode] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


_INDEXES: dict[tuple[int, str], _KeyNode] = {}
_LOCK = threading.Lock()


def _index(g: Gazetteer, lang: str) -> _KeyNode:
    key = (id(g), lang)
    root = _INDEXES.get(key)
    if root is None:
        with _LOCK:
            root = _INDEXES.get(key)
            if root is None:
                root = _build(g, lang)
                _INDEXES[key] = root
    return root


def _build(g: Gazetteer, lang: str) -> _KeyNode:
    from es_ingest.enrich.gazetteer import tokenize

    script = _SCRIPTS[lang]
    root = _KeyNode()
    for entry in g.entries():
        if entry.lang != lang and not (entry.lang is None and script.match(entry.name)):
            continue
        if entry.exact is not None:
            if any(c.isupper() for c in entry.name):
                continue  # abbreviations do not inflect ("США", "ABD")
            entry = replace(entry, exact=None)  # Arabic has no case: not an abbreviation
        node = root
        for _, _, tok in tokenize(entry.name):
            node = node.children.setdefault(
                morph.name_key(lang, morph.lower(lang, tok)), _KeyNode()
            )
        if not any(e.kind == entry.kind and e.values == entry.values for e in node.entries):
            node.entries.append(entry)
    return root


#: A place (a city) matched without its clitics needs a key this long:
#: "وجيزة" ("brief") is not "and Giza".
MIN_CLITIC_PLACE = 5


def _level_ok(entry: Entry, level: int, size: int) -> bool:
    """Places do not take nisba endings, and short ones no clitics."""
    if entry.kind != "place":
        return True
    if level == morph.DERIVED:
        return False
    return level == morph.AS_WRITTEN or size >= MIN_CLITIC_PLACE


def inflected_matches(
    g: Gazetteer,
    text: str,
    toks: list[tuple[int, int, str]],
    folded: list[str],
    lang: str,
    offset: int,
    found: list[Match],
) -> list[Match]:
    """Leftmost-longest matches by key among the tokens that `found` leaves free."""
    from es_ingest.enrich.gazetteer import Match

    if lang not in morph.LANGUAGES:
        return []
    covered: set[int] = set()
    for m in found:
        covered.update(range(m.first_token, m.last_token + 1))
    root = _index(g, lang)
    lowered = [morph.lower(lang, t) if f else "" for (_, _, t), f in zip(toks, folded, strict=True)]
    out: list[Match] = []
    i, n = 0, len(toks)
    while i < n:
        if i in covered or not folded[i]:
            i += 1
            continue
        best: tuple[int, list[Entry]] | None = None
        # (node, key level of the first word, length of its key)
        nodes: list[tuple[_KeyNode, int, int]] = [(root, 0, 0)]
        j = i
        while j < n and nodes and j not in covered and folded[j]:
            nodes = [
                (child, level if j == i else first, size if j == i else first_size)
                for node, first, first_size in nodes
                for k, level in morph.text_keys(lang, lowered[j])
                if (child := node.children.get(k)) is not None
                for size in (len(k),)
            ]
            j += 1
            surfaces = [t for _, _, t in toks[i:j]]
            ok = [
                e
                for node, level, size in nodes
                for e in node.entries
                if _level_ok(e, level, size) and g._accept(e, surfaces, lang)
            ]
            if ok:
                best = (j, ok)
        if best is None:
            i += 1
            continue
        j, entries = best
        start, end = toks[i][0], toks[j - 1][1]
        out.append(Match(start + offset, end + offset, text[start:end], entries[0], i, j - 1))
        i = j
    return out
