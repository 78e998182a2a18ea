"""Polish case forms of city names whose stems alternate (written for es-ingest).

Snowball's Polish stemmer gives "Moskwa" and "Moskwie" one stem, but not
"Praga" and "Pradze", "Kraków" and "Krakowie", "Wiedeń" and "Wiedniu",
"Kair" and "Kairze", "Bagdad" and "Bagdadzie": the locative changes the
stem's last consonant, "ó" becomes "o" and a fleeting "e" drops. `case_forms`
writes out the genitive, dative, instrumental and locative of a city's word
by the regular rules of Polish declension, so that the inflect pass can index
them as written (`morph.name_keys`).

Words are compared without accents (`strip_accents`): the gazetteer stores one
spelling per folded name, which may be the English ("Minsk" for Mińsk) or
Kashubian ("Sztokhòlm") one rather than the Polish.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Words shorter than this keep their form only ("Bar", "Ur" are words too).
MIN_WORD = 4

# Locative (and dative of feminines) by the stem's last consonant(s), longest
# first: "Budapeszt" -> "Budapeszcie", "Praga" -> "Pradze", "Kair" -> "Kairze".
_LOCATIVE = (
    ("st", "ście"),
    ("t", "cie"),
    ("d", "dzie"),
    ("r", "rze"),
    ("ł", "le"),
    ("g", "dze"),
    ("k", "ce"),
    ("ch", "sze"),
    ("sn", "śnie"),
)
#: Consonants that take "-ie" unchanged in the locative ("Berlinie", "Moskwie").
_HARD_IE = frozenset("bfmnpswz")
#: Masculine stems in these take "-u" in the locative ("Mińsku", "Hamburgu").
_VELAR_U = ("k", "g", "ch")


def strip_accents(word: str) -> str:
    """The word without combining accents ("mińsk" -> "minsk"; "ł" is a letter, kept)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _masculine_stem(word: str) -> str:
    """The oblique stem: "kraków" -> "krakow", "wiedeń" -> "wiedni", "damaszek" -> "damaszk"."""
    if word.endswith("ów"):
        return word[:-2] + "ow"
    if word.endswith("eń"):
        return word[:-2] + "ni"
    if word.endswith("ń"):
        return word[:-1] + "ni"
    if word.endswith("ek") and len(word) > MIN_WORD:
        return word[:-2] + "k"
    return word


def _locative(stem: str, masculine: bool) -> str:
    if masculine and (stem.endswith(_VELAR_U) or stem.endswith(("i", "j", "l", "sz", "cz", "rz"))):
        return stem + "u"
    for end, repl in _LOCATIVE:
        if stem.endswith(end):
            return stem[: -len(end)] + repl
    if stem[-1:] in _HARD_IE:
        return stem + "ie"
    return stem + ("u" if masculine else "y")


@lru_cache(maxsize=50_000)
def case_forms(word: str) -> tuple[str, ...]:
    """Oblique case forms of one lower-case word of a city name, accents stripped.

    A word in a consonant declines as a masculine noun ("kraków": "krakowa",
    "krakowu", "krakowem", "krakowie"), one in -a as a feminine ("praga":
    "pragi", "pradze", "pragę", "pragą"), one in -y or -i as an adjective
    ("nowy": "nowego", "nowemu", "nowym"). Other words, and words shorter than
    `MIN_WORD`, get none (default: an empty tuple).
    """
    if len(word) < MIN_WORD or not word.isalpha():
        return ()
    if word.endswith(("y", "i")):
        base = word[:-1] if word.endswith("y") else word
        forms = [base + "ego", base + "emu", base + ("m" if word.endswith("i") else "ym")]
    elif word.endswith("a"):
        stem = word[:-1]
        gen = stem + ("i" if stem.endswith(("k", "g", "l", "j")) else "y")
        forms = [gen, _locative(stem, masculine=False), stem + "ę", stem + "ą"]
    elif word[-1] in "aeiouyąęó":
        return ()
    else:
        stem = _masculine_stem(word)
        forms = [stem + "a", stem + "u", stem + "em", stem + "owi", _locative(stem, masculine=True)]
    return tuple(dict.fromkeys(strip_accents(f) for f in forms if f != word))
