"""Person identity: one facet value per person, whatever the article's script or spelling.

A neutral module: enrichment writes the facet with it (`enrich/persons.py`)
and search resolves a `--person` filter with it (`search.py`).

`canonical_person(name)` gives the value of the `persons` facet for a name as
an article writes it (titles already stripped, the fullest form the article
uses): each part of the name is written in Latin script without diacritics,
and a part that the name lexicon knows under another spelling takes that
lexicon's spelling::

    canonical_person("Vladimir Poutine")   # "Vladimir Putin"
    canonical_person("Wladimir Putin")     # "Vladimir Putin"
    canonical_person("Владимир Путин")     # "Vladimir Putin"
    canonical_person("Erdoğan")            # "Erdogan"
    canonical_person("Édouard Philippe")   # "Edouard Philippe"

It is a pure function of the name and of the shipped lexicon
(``data/person_names.tsv.gz``, built by ``scripts/build_person_names.py``
from rigour's person-name corpus), so the same person gets the same value in
any order, shard or worker, and re-ingesting changes nothing. Parts are
mapped one by one, so two people who share a surname keep their different
given names ("Donald Trump", "Ivanka Trump"). Design and limits:
docs/enrichment.md, "Person identity".
"""

from __future__ import annotations

import gzip
import logging
import re
import unicodedata
from functools import cache, lru_cache

from anyascii import anyascii

from es_ingest.cache import cached
from es_ingest.resources import data_dir

logger = logging.getLogger(__name__)

#: The lexicon: folded name part -> its spelling in the facet (lower case).
LEXICON = "person_names.tsv.gz"
#: Regnal and papal given names: English name <TAB> its forms in other languages.
REGNAL = "person_names_regnal.tsv"

# Lower-case name particles keep their case ("Ursula von der Leyen").
_PARTICLES = frozenset(
    {"al", "el", "ad", "as", "ash", "ben", "bin", "ibn", "abu", "abou", "von", "van", "der"}
    | {"den", "de", "del", "della", "di", "da", "dos", "das", "du", "le", "la", "y", "e", "zu"}
)
# The same particles as Russian and Ukrainian write them ("Людвиг ван
# Бетховен", "Урсула фон дер Ляйен"): without this table "фон" took the
# lexicon's "Hong" and every particle a capital.
_CYRILLIC_PARTICLES = {
    "фон": "von",
    "ван": "van",
    "дер": "der",
    "ден": "den",
    "де": "de",
    "дель": "del",
    "делла": "della",
    "ди": "di",
    "да": "da",
    "дос": "dos",
    "дас": "das",
    "дю": "du",
    "ле": "le",
    "ла": "la",
    "аль": "al",
    "эль": "el",
    "ибн": "ibn",
    "бен": "ben",
    "бин": "bin",
    "цу": "zu",
}
_SCRIPTS = ("LATIN", "CYRILLIC", "ARABIC", "CJK", "GREEK")
# Separators inside a name: spaces, and the middle dots of Chinese and
# Japanese transcriptions ("唐纳德·特朗普").
NAME_SEPARATORS_RE = re.compile(r"[\s\u00b7\u30fb\u2027]+")

# Case endings written after an apostrophe on a proper name: Turkish always
# does ("Trump'a", "Boemer'in", "Catalano'nun", "Plantagenet'le"), Polish does
# on names whose spelling hides the stem ("Burgoyne'a"), English writes the
# possessive so. A closed set of endings, after a capitalised stem of three
# letters or more, so that "O'neil", "Ja'far" or "Mu'ammar" keep their
# apostrophe.
_CASE_ENDING_RE = re.compile(
    r"^(?P<stem>[A-ZÀ-ÖØ-Þ][^\W\d_]{2,})['’]"
    r"(?:s|[yn]?[aeıiuüo]|[nyd]?[ıiuü]n|[yn]?[ıiuü]|[dt][ae]n?|n[dt][ae]n?"
    r"|y?l[ae]|y?k[ae]|y?[ae]|[dt][ıiuü]r|ler|lar|nın|nin|nun|nün|ydı|ydi"
    r"|em|owi|ego|emu|ów|om|ach|ami)$"
)


def script_of(text: str) -> str:
    """The script of the first letter of `text` ("LATIN", "CYRILLIC", "CJK", …; "" if none)."""
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split()[0]
    return ""


@cache
def lexicon(script: str = "LATIN") -> dict[str, str]:
    """The name-part table of one script, loaded once per process when first needed.

    Latin names need only the Latin part (74,000 forms); the Cyrillic,
    Chinese, Arabic and Greek parts load when a name in that script arrives.
    Each part comes from es-ingest's pickle cache after the first run.
    """
    source = data_dir() / LEXICON

    def build() -> dict[str, str]:
        table: dict[str, str] = {}
        with gzip.open(source, "rt", encoding="utf-8") as f:
            for line in f:
                key, _, value = line.rstrip("\n").partition("\t")
                if key and value and script_of(key) == script:
                    table[key] = value
        return table

    try:
        return cached(f"person-names-{script.lower()}", [source], build)
    except OSError:  # pragma: no cover - the file ships with the package
        logger.warning("person-name lexicon %s missing: names are transliterated only", LEXICON)
        return {}


def known_form(word: str) -> bool:
    """True when the lexicon knows `word`: as a form, or as the spelling some form takes.

    "Трамп" is a form ("trump"); "Путин" is not (it transliterates to the
    value "putin" by itself), but "putin" is a value of the table.
    """
    key = word.lower()
    if key in lexicon(script_of(key)):
        return True
    return canonical_part(word).lower() in _values()


def lexicon_values() -> frozenset[str]:
    """The Latin spellings the lexicon gives (lower case): "putin", "trump", "trix", …"""
    return _values()


@lru_cache(maxsize=1)
def _values() -> frozenset[str]:
    """The Latin spellings the lexicon gives (lower case)."""
    return frozenset(v for script in _SCRIPTS for v in lexicon(script).values())


def is_latin(text: str) -> bool:
    """True when every letter of `text` is a Latin letter."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def part_key(part: str) -> str:
    """The lexicon key of one name part: Latin parts folded to ASCII, others lower-cased."""
    if is_latin(part):
        return re.sub(r"[^a-z-]", "", anyascii(part).lower())
    return part.lower()


def _ascii(part: str) -> str:
    """`part` in ASCII letters, its case kept ("Erdoğan" -> "Erdogan", "Меркель" -> "Merkel")."""
    out = anyascii(part)
    out = re.sub(r"[^A-Za-z.'-]", "", out) if is_latin(part) else re.sub(r"[^A-Za-z.-]", "", out)
    if not is_latin(part):
        out = out[:1].upper() + out[1:].lower()
    return out


def canonical_part(part: str) -> str:
    """The facet spelling of one part of a name (a word, hyphens kept)."""
    key = part_key(part)
    if not part or len(key) < 2 or (part.islower() and key in _PARTICLES):
        return _ascii(part) or part  # initials and particles ("Z.", "al", "von")
    particle = _CYRILLIC_PARTICLES.get(key)
    if particle is not None:  # "фон" -> "von"; "Фон" (a sentence's first word) -> "Von"
        return particle if part.islower() else particle.capitalize()
    whole = lexicon(script_of(key)).get(key)
    if whole is not None:
        return _with_case(part, whole)
    if "-" in part.strip("-"):
        return "-".join(canonical_part(p) for p in part.split("-"))
    return _ascii(part) or part


def _with_case(written: str, value: str) -> str:
    return "-".join(v[:1].upper() + v[1:] for v in value.split("-"))


def strip_case_ending(part: str) -> str:
    """`part` without a case ending written after an apostrophe ("Trump'a" -> "Trump").

    Only the closed set of Turkish, Polish and English endings of
    `_CASE_ENDING_RE`, after a capitalised stem of three letters or more, and not a vowel
    repeated across the apostrophe ("Ala'a" stays).
    """
    match = _CASE_ENDING_RE.match(part)
    if not match:
        return part
    stem, ending = match["stem"], part[len(match["stem"]) + 1 :]
    # Turkish joins a vowel ending to a vowel with "y" or "n" ("Obama'ya"):
    # a doubled vowel across the apostrophe is a name ("Ala'a").
    if ending == stem[-1].lower():
        return part
    return stem


# A regnal number: I to LXXXIX, with the German ordinal dot ("Benedikt XVI.").
_REGNAL_NUMBER_RE = re.compile(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})\.?$")
# French writes the first of a name as an ordinal ("François Ier", "Élisabeth
# Ire", "Amyntas Ier"), where every other language writes "I".
_FRENCH_FIRST = frozenset({"Ier", "Ire"})
# A Polish or Russian genitive or accusative in "-a" on a regnal name the
# recogniser does not decline ("Totmesa III", "Тутмоса III"): the name is
# looked up without it when the declined form is not a name of the table.
_DECLINED_ENDING = "a"


def regnal_number(part: str) -> str | None:
    """The regnal number `part` writes ("III"; "XVI." -> "XVI"; "Ier" -> "I"), else None."""
    if part in _FRENCH_FIRST:
        return "I"
    if _REGNAL_NUMBER_RE.match(part):
        return part.rstrip(".")
    return None


@cache
def regnal_names() -> dict[str, str]:
    """Folded regnal or papal given name -> its English name (``data/person_names_regnal.tsv``)."""
    table: dict[str, str] = {}
    with (data_dir() / REGNAL).open(encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                english, _, forms = line.rstrip("\n").partition("\t")
                for form in [english, *forms.split(",")]:
                    table[form.strip()] = english
    return table


def regnal_part(part: str, value: str) -> str:
    """The English name of a given name written before a regnal number ("Pablo" -> "Paul").

    `value` is the part's facet spelling; a name the table does not know
    keeps it. Looked up by the part's own transliteration first ("Иоанн" is
    "ioann", John, though the lexicon gives "Ivan"), then without a final
    "-a" when the declined form is no name of the table ("Totmesa" is
    Thutmose; "Catalina" is Catherine as written).
    """
    table = regnal_names()
    keys = [re.sub(r"[^a-z]", "", anyascii(part).lower()), part_key(value)]
    keys += [k[: -len(_DECLINED_ENDING)] for k in keys if k.endswith(_DECLINED_ENDING)]
    for key in keys:
        if key in table:
            return table[key].capitalize()
    return value


def _with_regnal_names(parts: list[str], values: list[str]) -> list[str]:
    """Given names right before a regnal number take their English name.

    "Pablo VI", "Paulo VI", "Павел VI" -> "Paul VI"; "Juan Pablo II" ->
    "John Paul II". Only there: "Pablo Neruda" stays Pablo.
    """
    out = values[:]
    for i, part in enumerate(parts):
        number = regnal_number(part) if i else None
        if number is not None:
            out[i] = number  # "Benedikt XVI." is Benedict XVI, "Amyntas Ier" Amyntas I
            j = i - 1
            while j >= 0 and parts[j][:1].isupper() and regnal_number(parts[j]) is None:
                out[j] = regnal_part(parts[j], values[j])
                j -= 1
    return out


def canonical_person(name: str) -> str:
    """The `persons` facet value for `name` (see the module docstring).

    Never raises; an empty or letter-less name comes back stripped.
    """
    parts = [strip_case_ending(p) for p in NAME_SEPARATORS_RE.split(name.strip()) if p]
    values = _with_regnal_names(parts, [canonical_part(p) for p in parts])
    value = " ".join(x for x in values if x)
    return value or name.strip()
