"""Person names in Arabic text, which has no capital letters (step "names_multilingual").

- a known given name (through the person-name lexicon's Latin spelling, as
  for Cyrillic: "مايكل" -> "michael") and a surname the lexicon knows after
  it, not a stop word, title or place ("مايكل فالون", "دونالد ترامب"); a
  third word when the second is a given name too and the third a known name
  part;
- a title of ``person_titles.tsv`` ("الرئيس", "الدكتور", "السيدة") and
  the name after it (one place or relational adjective may stand between:
  "الفرعون المصري تحتمس"); an ordinal after a name is a regnal numeral ("بولس
  السادس": "بولس VI").

A one-letter proclitic ("و" and, "ب" with, "ل" for) is not part of the name.
"""

from __future__ import annotations

import re

from es_ingest.enrich.name_lexicons import is_first_name_form, is_title
from es_ingest.enrich.spans import NerSpan
from es_ingest.gazetteer import Gazetteer
from es_ingest.person_identity import known_form
from es_ingest.stopwords import spacy_stop_words

_WORD_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
_PROCLITICS = ("و", "ب", "ل", "ف")
_ROMAN = "I II III IV V VI VII VIII IX X"
_ARABIC_ORDINALS = "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر"
_ORDINALS = dict(zip(_ARABIC_ORDINALS.split(), _ROMAN.split(), strict=True))

Word = tuple[int, int, str]


def arabic_names(text: str, gazetteer: Gazetteer) -> list[NerSpan]:
    """PER spans of Arabic names in `text` (see the module docstring)."""
    words = [_bare(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]
    out: list[NerSpan] = []
    i = 0
    while i < len(words):
        start = i
        if is_title(words[i][2], "ar", cues=False):
            i += 1
            if (
                i < len(words)
                and _glued(text, words[i - 1], words[i])
                and _adjective(words[i], gazetteer)
            ):
                i += 1
            name = _name_at(text, words, i, gazetteer, titled=True)
        else:
            name = _name_at(text, words, i, gazetteer, titled=False)
        if name:
            out.append(_span(text, words, name))
            i = name[-1] + 1
        else:
            i = start + 1
    return out


def _bare(start: int, end: int, word: str) -> Word:
    """The word without a one-letter proclitic when the rest is a known name ("بريتشارد")."""
    if word[:1] in _PROCLITICS and len(word) > 4 and not known_form(word) and known_form(word[1:]):
        return (start + 1, end, word[1:])
    return (start, end, word)


def _glued(text: str, a: Word, b: Word) -> bool:
    return not text[a[1] : b[0]].strip()


def _place(word: Word, gazetteer: Gazetteer) -> bool:
    return bool(gazetteer.lookup(word[2]))


def _adjective(word: Word, gazetteer: Gazetteer) -> bool:
    """A place, or a relational adjective with the article ("المصري", "الأمريكية")."""
    w = word[2]
    return _place(word, gazetteer) or (w.startswith("ال") and w.endswith(("ي", "ية")))


def _part(word: Word, gazetteer: Gazetteer) -> bool:
    """A word that may be part of a name: not a stop word, title, place or unknown "al-" word."""
    w = word[2]
    return (
        len(w) >= 2
        and w not in spacy_stop_words("ar")
        and w not in _ORDINALS
        and not is_title(w, "ar", cues=False)
        and not _place(word, gazetteer)
        and (not w.startswith("ال") or known_form(w))
    )


def _name_at(text: str, words: list[Word], i: int, gz: Gazetteer, titled: bool) -> list[int]:
    """Indexes of the name's words from `i` ([] if none starts there)."""
    if i >= len(words) or not _part(words[i], gz):
        return []
    if not titled and not is_first_name_form(words[i][2]):
        return []
    name = [i]
    j = i + 1
    if j < len(words) and _glued(text, words[i], words[j]) and _part(words[j], gz):
        if not known_form(words[j][2]):
            # Many Arabic words read as given names ("أكبر" bigger, "جمال"
            # beauty): the surname must be one the name lexicon knows.
            return name if titled else []
        name.append(j)
        k = j + 1
        if (
            k < len(words)
            and is_first_name_form(words[j][2])
            and _glued(text, words[j], words[k])
            and _part(words[k], gz)
            and known_form(words[k][2])
        ):
            name.append(k)
    elif not titled:
        return []  # a given name alone, without a title: too weak in Arabic
    return name


def _span(text: str, words: list[Word], name: list[int]) -> NerSpan:
    parts = [words[k][2] for k in name]
    end = words[name[-1]][1]
    nxt = name[-1] + 1
    if (
        nxt < len(words)
        and words[nxt][2] in _ORDINALS
        and _glued(text, words[name[-1]], words[nxt])
    ):
        parts.append(_ORDINALS[words[nxt][2]])  # "بولس السادس": Paul VI
        end = words[nxt][1]
    return NerSpan(words[name[0]][0], end, "PER", " ".join(parts))
