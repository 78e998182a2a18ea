"""Lexicons of the multilingual name recogniser (data loading only).

- `titles_of(lang)`: the titles, honorifics and roles of one language that
  introduce a name (``es_ingest/data/person_titles.tsv``), loaded when an
  article of that language first needs them;
- `is_cue(word, lang, kind)`: the other words that stand beside a name
  (``es_ingest/data/person_cues.tsv``: verbs of saying, "named");
- `is_first_name_form(word)`: a given name in any script, through the
  first-name lexicon (`lexicons.first_names`, Faker's 80 locales) and the
  person-name lexicon's Latin spelling of non-Latin forms ("Майкл" ->
  "michael").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from anyascii import anyascii

from es_ingest.enrich.lexicons import first_names
from es_ingest.person_identity import canonical_part, is_latin
from es_ingest.resources import data_lines
from es_ingest.text import fold


@cache
def titles_of(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact folded titles, folded stems) of `lang`; empty for other languages."""
    exact: set[str] = set()
    stems: list[str] = []
    for fields in data_lines("person_titles.tsv"):
        if len(fields) >= 2 and fields[0] == lang:
            word = fold(fields[1])
            if word.endswith("*"):
                stems.append(word[:-1])
            else:
                exact.add(word)
    return frozenset(exact), tuple(sorted(stems, key=len, reverse=True))


# The recognisers ask about every capitalised word and its neighbours, again
# and again (780 calls of is_title and 1,560 of is_cue per German article):
# memoised, as `is_first_name_form` is.
@lru_cache(maxsize=65536)
def is_title(word: str, lang: str, cues: bool = True) -> bool:
    """True when `word` introduces a name in `lang`.

    A title or role ("presidente", "премьера", "Dr."), and with `cues`
    (the default) also a verb of saying or a word meaning "named" of
    ``person_cues.tsv`` ("dijo", "powiedziała", "namens"): a lone name right
    after one is introduced as a person.
    """
    exact, stems = titles_of(lang)
    # An elided article stays on the word ("l'imperatore", "dell'attore").
    key = re.sub(r"^[a-z]{1,4}['’]", "", fold(word).rstrip("."))
    if key in exact:
        return True
    if cues and (is_cue(word, lang, "said") or is_cue(word, lang, "named")):
        return True
    # A stem takes up to four letters of inflection ("prezydentem", "министра").
    return any(key.startswith(s) and len(key) - len(s) <= 4 for s in stems)


@lru_cache(maxsize=65536)
def is_first_name_form(word: str) -> bool:
    """True when `word` (any script) is a known given name."""
    names = first_names()
    if len(word) < 2:
        return False
    if fold(word) in names:
        return True
    if is_latin(word):
        return False
    if fold(canonical_part(word)) in names:
        return True
    # Russian writes an English or French "J" as "Дж" or "Ж" ("Джозеф", "Жозеф":
    # Joseph), which the lexicon may spell otherwise ("yozefu").
    low = word.lower()
    if low.startswith(("дж", "ж")):
        key = fold(anyascii(low.replace("дж", "ж"))).replace("zh", "j", 1)
        return key in names
    return False


@cache
def cues_of(lang: str, kind: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact folded words, folded stems) of one kind of cue of `lang` (``person_cues.tsv``)."""
    exact: set[str] = set()
    stems: list[str] = []
    for fields in data_lines("person_cues.tsv"):
        if len(fields) >= 3 and fields[0] == lang and fields[1] == kind:
            word = fold(fields[2])
            if word.endswith("*"):
                stems.append(word[:-1])
            else:
                exact.add(word)
    return frozenset(exact), tuple(stems)


@lru_cache(maxsize=65536)
def is_cue(word: str, lang: str, kind: str) -> bool:
    """True when `word` is a cue of `kind` in `lang` ("dijo": said, "namens": named)."""
    exact, stems = cues_of(lang, kind)
    key = fold(word)
    return key in exact or any(key.startswith(s) and len(key) - len(s) <= 3 for s in stems)
