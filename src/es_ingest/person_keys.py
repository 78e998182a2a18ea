"""Name keys: what two spellings of one person's name have in common.

Pure functions of one facet value, used by corpus consolidation
(`person_consolidation`) and by the recognisers (`enrich.name_cues`):

- `name_key`: the whole-name key a transliteration cannot tell apart
  (``name_key("Kristian Volmar") == name_key("Christian Wolmar")``);
- `transliteration_key`, `heard_key`: what Russian or Arabic script keeps of
  a Latin name, by letters and by ear;
- `adaptation_key`: the narrower key two Latin spellings must share;
- `cognate_given_name`: one key for a given name's spellings in several
  languages (``given_name_cognates.tsv``).
"""

from __future__ import annotations

import re
from functools import cache

from anyascii import anyascii

from es_ingest.person_identity import NAME_SEPARATORS_RE
from es_ingest.resources import data_lines

#: Given names that are one name in two spellings -> one key (built by
#: scripts/build_given_name_cognates.py from Faker's first names and rigour).
COGNATES = "given_name_cognates.tsv"


# Spellings a transliteration cannot tell apart (the whole-name key): applied
# in order to each lower-case ASCII part, then doubled letters are collapsed.
_SOUND_RULES = (
    ("sch", "sh"),  # German sch, English sh, Russian ш: Kratschmer, Kratshmer
    ("ck", "k"),  # Shackleton, Шеклтон
    ("ch", "k"),  # Christian, Кристиан
    ("ph", "f"),
    ("th", "t"),  # Thomas, Томас
    ("q", "k"),
    ("c", "k"),  # Catalano, Каталано; Morricone, Морриконе
    ("x", "ks"),
    ("w", "v"),  # Wolmar, Волмар
    ("y", "i"),
)
# Spellings two Latin-script presses write differently for one foreign
# surname (the adaptation key): a doubled letter (Errani/Erani), sch/sh
# (Schackleton/Shackleton), ck/k and a hard c as k (Caracalla/Karakalla).
_ADAPTATION_RULES = (("sch", "sh"), ("ck", "k"))
_HARD_C_RE = re.compile(r"c(?![eiy])")
_DOUBLED_RE = re.compile(r"(.)\1+")
_FINAL_H_RE = re.compile(r"(?<=[aeiou])h$")
_NOT_LETTER_RE = re.compile(r"[^a-z]")


def ascii_parts(value: str) -> list[str]:
    """The value's parts (split at spaces and hyphens) in lower-case ASCII letters."""
    parts = (_NOT_LETTER_RE.sub("", anyascii(p).lower()) for p in NAME_SEPARATORS_RE.split(value))
    return [p for p in parts if p]


def _folded_parts(value: str) -> list[str]:
    """The value's parts in lower-case ASCII, given names as `cognate_given_name`."""
    parts = ascii_parts(value)
    return [*(cognate_given_name(p) for p in parts[:-1]), *parts[-1:]]


@cache
def _cognates() -> dict[str, str]:
    return {row[0]: row[1] for row in data_lines(COGNATES) if len(row) > 1}


def cognate_given_name(part: str) -> str:
    """One key for the spellings of one given name ("ernesto", "ernest" -> "ernest").

    `part` is folded (lower-case ASCII). Only the forms of
    ``data/given_name_cognates.tsv``: a man's name and its Romance form, both
    men's names in Faker's locales and neither a woman's ("valentino" ->
    "valentin"; "simone", "mario" stay), and spelling variants that rigour's
    groups write alike in other scripts ("jeffery" -> "jeffrey"). Used on
    given names only, never on a surname or a lone name.
    """
    return _cognates().get(part, part)


def _sound_part(part: str) -> str:
    for old, new in _SOUND_RULES:
        part = part.replace(old, new)
    part = _FINAL_H_RE.sub("", part)  # Sarah, Сара
    return _DOUBLED_RE.sub(r"\1", part)


def _adapted_part(part: str) -> str:
    for old, new in _ADAPTATION_RULES:
        part = part.replace(old, new)
    return _DOUBLED_RE.sub(r"\1", _HARD_C_RE.sub("k", part))


def name_key(value: str) -> str:
    """The whole-name key: equal keys are spellings a transliteration cannot tell apart.

    Every part keeps its place and its vowels ("Maria Rossi" and "Mario Rossi"
    differ), so two names share a key only if each given name and surname
    does: ``name_key("Christian Wolmar") == name_key("Kristian Volmar")``
    (``"kristian volmar"``). "" for a name without Latin-transliterable letters.
    """
    return " ".join(_sound_part(p) for p in _folded_parts(value))


# How Russian writes an English or French name by ear, which a transliteration
# back to Latin script cannot undo (the transliteration key, surname only):
# German "St"/"Sp" said "sht"/"shp" (Sternlieb, Штернлиб), "ie" said "i",
# the r-coloured vowel of "ur"/"ir" written "ер" (Burgoyne, Бергойн), a
# silent final "e" (Бергойн) and the silent French "d"/"t" after "n"/"r"
# (Darnand, Дарнан; Bernard, Бернар).
_EAR_RULES = (
    (re.compile(r"^sh(?=[tp])"), "s"),
    (re.compile(r"ie"), "i"),
    (re.compile(r"[uie]r(?=[^aeiou])"), "er"),
    (re.compile(r"(?<=[^aeiou])e$"), ""),
    (re.compile(r"(?<=[nr])[dt]$"), ""),
)


def transliteration_key(value: str) -> str:
    """The looser key that attaches a transliteration to the one Latin value sharing it.

    Each part's sound (as in `name_key`, but given names as written, not
    their cognate key) with "f" and "v" alike (Stephen, Стивен), and the
    surname as Russian writes it by ear (`_EAR_RULES`):
    ``transliteration_key("John Burgoyne") == transliteration_key("John Bergoyn")``.
    Never used between two Latin-written values.
    """
    parts = [_sound_part(p).replace("f", "v") for p in ascii_parts(value)]
    if parts:
        last = parts[-1]
        for pattern, new in _EAR_RULES:
            last = pattern.sub(new, last)
        parts[-1] = last
    return " ".join(parts)


# How Russian writes by ear the sounds that English and French spell with two
# letters (the heard key, Latin-written values only): English "ee" said "и"
# (Dee, Ди; Keegan, Киган), French and Arabic romanisation "ou" said "у"
# (Aoun, Аун; Bouteflika, Бутефлика), French "ill" before a vowel said "й"
# (Gillard, Гийяр; Guillaume, Гийом). A transliteration cannot undo them:
# "Ди" reads "Di", never "Dee".
_HEARD_RULES = (
    (re.compile(r"ee"), "i"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"(?<=i)ll(?=[aeiou])"), "y"),
)
#: Scripts that write a foreign name letter by sound ("Kiki Dee": "Кики Ди",
#: "كيكي دي"), so that `heard_key` may undo them. Not Chinese: its syllables
#: read back through pinyin, where "Li" is the surname 李, not Lee.
BY_EAR_SCRIPTS = frozenset({"CYRILLIC", "ARABIC"})
#: A one-word value shorter than this takes no heard key: "Li" is the Chinese
#: surname as well as Lee as Russian hears it, too short to tell one person.
MIN_HEARD_LONE = 4


def heard_key(value: str) -> str:
    """`transliteration_key` of `value` with English and French spellings heard (`_HEARD_RULES`).

    ``heard_key("Kiki Dee") == transliteration_key("Kiki Di")``; ``heard_key("Gillard")
    == transliteration_key("Giyyar")``. "" when no rule applies, or for a one-word
    value under `MIN_HEARD_LONE` letters. Only a Latin-written value has one, and
    only a transliteration written by ear joins it (`_by_ear`, `BY_EAR_SCRIPTS`).
    """
    parts = ascii_parts(value)
    if len(parts) == 1 and len(parts[0]) < MIN_HEARD_LONE:
        return ""
    heard = []
    for part in parts:
        for pattern, new in _HEARD_RULES:
            part = pattern.sub(new, part)
        heard.append(part)
    key = transliteration_key(" ".join(heard))
    return key if key != transliteration_key(value) else ""


def adaptation_key(value: str) -> str:
    """The narrower key two Latin-script spellings must share to merge.

    Only the last part (the surname, or a lone name) may be adapted; given
    names must be spelled alike, since "Denis" and "Dennis", "Joana" and
    "Joanna" are different names. ``adaptation_key("Sara Errani") ==
    adaptation_key("Sara Erani")``, and "Caracalla", "Caracala", "Karakalla"
    share one; "Karl Meyer" and "Karl Meier" (two German surnames) do not.
    """
    parts = _folded_parts(value)
    return " ".join([*parts[:-1], *(_adapted_part(p) for p in parts[-1:])])
