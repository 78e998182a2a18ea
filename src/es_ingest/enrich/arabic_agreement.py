"""Arabic country names that are adjectives by their agreement ("القوة القاهرة").

Some Arabic place names are also adjectives: "القاهرة" (Cairo) is the
feminine of "القاهر", 'overwhelming, compelling'. An Arabic adjective follows
its noun and agrees with it in definiteness and gender, so a definite
feminine name (article ال…, ending in ة) right after a definite feminine noun
is that noun's adjective: "القوة القاهرة" (force majeure), "الرغبة القاهرة"
(a compelling urge). Apposition of the place nouns "العاصمة", "المدينة" ("the
capital Cairo") keeps the name. Demonyms, adjectives that name a country
("الحكومة البريطانية"), are not concerned.
"""

from __future__ import annotations

import re

from es_ingest.gazetteer import DEMONYM, Match

#: Clitics a definite noun may carry before its article (و, ف, ب, ك, ل + ال; لل).
_DEFINITE_RE = re.compile(r"^(?:[وف]?[بكل]?ال|[وف]?لل)\S{2,}$")
#: Definite nouns a place name stands in apposition to, not an adjective of.
_PLACE_NOUNS = frozenset({"العاصمة", "المدينة", "مدينة", "عاصمة"})
_PREV_WORD_RE = re.compile(r"(\S+)\s+$")


def _definite_feminine(word: str) -> bool:
    return _DEFINITE_RE.match(word) is not None and word.endswith("ة")


def is_agreeing_adjective(text: str, m: Match) -> bool:
    """True when match `m`, a place name, is a definite feminine adjective of the word before it.

    Demonyms are adjectives by nature ("الحكومة البريطانية") and are left alone.
    """
    word = m.text
    if m.entry.kind == DEMONYM or " " in word or not (word.startswith("ال") and word.endswith("ة")):
        return False
    prev = _PREV_WORD_RE.search(text[max(0, m.start - 40) : m.start])
    if prev is None:
        return False
    noun = prev.group(1)
    if noun.lstrip("وفبكل") in _PLACE_NOUNS or noun.lstrip("وفبك") in _PLACE_NOUNS:
        return False
    return _definite_feminine(noun)
