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
from itertools import product
from typing import TYPE_CHECKING

from es_ingest.gazetteer import morph

if TYPE_CHECKING:
    from es_ingest.gazetteer.trie import Entry, Gazetteer, Match

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
                root = _cached_build(g, lang)
                _INDEXES[key] = root
    return root


def _cached_build(g: Gazetteer, lang: str) -> _KeyNode:
    """The process-wide gazetteer's index comes from es-ingest's cache after the
    first run (Snowball stems all of a language's names: about 1 s for Russian)."""
    from es_ingest.cache import cached
    from es_ingest.gazetteer.build import build_inputs, default_gazetteer

    if g is not default_gazetteer():
        return _build(g, lang)
    # build_inputs covers this module, pl_forms.py and snowballstemmer too.
    return cached(f"inflected_{lang}", build_inputs(), lambda: _build(g, lang))


def _build(g: Gazetteer, lang: str) -> _KeyNode:
    from es_ingest.text import tokenize

    script = _SCRIPTS[lang]
    root = _KeyNode()
    for entry in g.entries():
        if entry.lang != lang and not (entry.lang is None and script.match(entry.name)):
            continue
        if entry.exact is not None:
            if any(c.isupper() for c in entry.name):
                continue  # abbreviations do not inflect ("США", "ABD")
            entry = replace(entry, exact=None)  # Arabic has no case: not an abbreviation
        words = [morph.lower(lang, tok) for _, _, tok in tokenize(entry.name)]
        if not words or len(words) > 6:
            continue
        place = entry.kind == "place"
        for path in product(*(morph.name_keys(lang, w, place) for w in words)):
            node = root
            for key in path:
                node = node.children.setdefault(key, _KeyNode())
            if not any(e.kind == entry.kind and e.values == entry.values for e in node.entries):
                node.entries.append(entry)
    return root


def _declines(entry: Entry, first: str, lang: str) -> bool:
    """The text's first word is a case form of the name's (`morph.declines_as`)."""
    if lang not in ("ru", "pl") or entry.kind not in ("country", "place"):
        return True  # demonyms are adjectives, with many more endings
    from es_ingest.text import tokenize

    words = tokenize(entry.name)
    return not words or morph.declines_as(lang, morph.lower(lang, words[0][2]), first)


#: A place (a city) matched without its clitics needs a key this long:
#: "وجيزة" ("brief") is not "and Giza".
MIN_CLITIC_PLACE = 5


def _level_ok(entry: Entry, level: int, size: int) -> bool:
    """Places do not take nisba endings, and short ones no clitics."""
    if level == morph.ADJECTIVE:
        return entry.kind == "place"  # "Берлинском" (Berlin); countries have their demonyms
    if level == morph.UNACCENTED:
        return entry.kind == "place"  # "części" is not "czescy" (Czech)
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
) -> tuple[list[Match], list[Match]]:
    """Leftmost-longest matches by key that start on a token `found` leaves free.

    A match may run over matches of `found` that it contains whole ("долларов
    США", a currency, over "США"): those are returned second, to be dropped.
    """
    from es_ingest.gazetteer.trie import Match

    if lang not in morph.LANGUAGES:
        return [], []
    owner: dict[int, Match] = {}
    for m in found:
        for t in range(m.first_token, m.last_token + 1):
            owner[t] = m
    root = _index(g, lang)
    lowered = [morph.lower(lang, t) if f else "" for (_, _, t), f in zip(toks, folded, strict=True)]
    first_keys = root.children
    out: list[Match] = []
    superseded: list[Match] = []
    i, n = 0, len(toks)
    while i < n:
        if i in owner or not folded[i]:
            i += 1
            continue
        if not any(k in first_keys for k, _ in morph.text_keys(lang, lowered[i])):
            i += 1  # the common case: no name starts with this word
            continue
        best = _longest(g, root, toks, lowered, lang, i, owner)
        if best is None:
            i += 1
            continue
        j, entry = best
        start, end = toks[i][0], toks[j - 1][1]
        out.append(Match(start + offset, end + offset, text[start:end], entry, i, j - 1))
        inside = {id(owner[t]): owner[t] for t in range(i, j) if t in owner}
        superseded.extend(inside.values())
        i = j
    return out, superseded


def _longest(
    g: Gazetteer,
    root: _KeyNode,
    toks: list[tuple[int, int, str]],
    lowered: list[str],
    lang: str,
    i: int,
    owner: dict[int, Match],
) -> tuple[int, Entry] | None:
    """The longest name by keys from token `i`: (end token, entry), or None."""
    best: tuple[int, Entry] | None = None
    # (node, key level of the first word, length of its key)
    nodes: list[tuple[_KeyNode, int, int]] = [(root, 0, 0)]
    j, n = i, len(toks)
    while j < n and nodes and lowered[j]:
        nodes = [
            (child, level if j == i else first, len(k) if j == i else first_size)
            for node, first, first_size in nodes
            for k, level in morph.text_keys(lang, lowered[j])
            if (child := node.children.get(k)) is not None
        ]
        j += 1
        inner = owner.get(j - 1)
        if inner is not None and inner.last_token >= j:
            continue  # would end inside a first-pass match
        surfaces = [t for _, _, t in toks[i:j]]
        ok = [
            (e, level)
            for node, level, size in nodes
            for e in node.entries
            if _level_ok(e, level, size)
            and g._accept(e, surfaces, lang)
            and (level == morph.ADJECTIVE or _declines(e, lowered[i], lang))
        ]
        if ok:
            entry, level = ok[0]
            if level == morph.ADJECTIVE:
                entry = replace(entry, kind="demonym")  # an adjective, as "берлинский"
            elif entry.kind == "country" and any(lvl == morph.DERIVED for _, lvl, _ in nodes):
                # "الروسية" is the adjective of روسيا: a demonym (it may be a language)
                entry = replace(entry, kind="demonym")
            best = (j, entry)
    return best
