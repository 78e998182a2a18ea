"""Word keys for inflected languages (and where scripts without spaces are cut).

The gazetteer matches names token by token. That is enough where a name keeps
its form ("Allemagne"), not where it is declined ("России", "Warszawie"),
carries suffixes ("Ruslar", "Suriyelilere") or clitics and the article
("والعراق", "الروسي"), or where words are not separated at all ("美国总统").

- Han and kana: `es_ingest.text.tokenize` makes one token per character, so
  that a name ("美国", "北京") is a token sequence that the gazetteer's trie
  matches leftmost-longest inside a sentence.
- `name_key` / `text_keys`: per language, the key of a name's word (built once
  per language, from the gazetteer's names, see `es_ingest.gazetteer.inflect`)
  and the candidate keys of a text's word. A text word matches when one of its
  candidates is the name word's key.

  - ru, pl: the Snowball stemmers (``snowballstemmer``, BSD-3-Clause) on both
    sides: "России" and "Россия" are both "росс".
  - uk: a small ending stripper written for es-ingest (no Ukrainian Snowball).
  - tr: names are kept; a text word also tries itself without Turkish case,
    plural and possessive suffix chains ("Ruslar" -> "Rus",
    "Suriyelilere" -> "Suriyeli").
  - ar: a name drops its article ("العراق" -> "عراق"); a text word also tries
    itself without the clitics و ف ب ل ك and the article, and with the nisba
    and plural endings mapped back to the country's ending ("الروسي" ->
    "روسيا", "والعراق" -> "عراق").

Stemmers load lazily, once per process and language. Keys are memoised.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from es_ingest.gazetteer import pl_forms

#: Languages with word keys.
LANGUAGES = frozenset({"ru", "uk", "pl", "tr", "ar"})

#: Shortest stem that may match a name of another form (shorter ones only
#: match as written): "Мали" and "Мало" share the stem "мал".
MIN_STEM = 4


_SNOWBALL = {"ru": "russian", "pl": "polish"}
_LOCK = threading.Lock()


@cache
def _snowball(lang: str) -> Callable[[str], str]:
    import snowballstemmer

    with _LOCK:
        return snowballstemmer.stemmer(_SNOWBALL[lang]).stemWord


# Ukrainian noun and adjective endings, longest first (written for es-ingest).
# fmt: off
_UK_ENDINGS = sorted(
    (
    "ого", "ому", "ими", "ами", "ями", "ою", "ею", "ом", "ем", "ам", "ям", "ах", "ях", "ий",
    "ій", "ої", "ім", "им", "их", "ів", "ей", "а", "я", "і", "ї", "ю", "є", "у", "и", "е", "о",
    ),
    key=len,
    reverse=True,
)
# fmt: on


def _uk_stem(word: str) -> str:
    for end in _UK_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)]
    return word


# Turkish suffixes after a stem, tried from the end (written for es-ingest):
# case, plural, possessive and "-ki" ("Rusya'daki" is cut at the apostrophe).
# fmt: off
_TR_SUFFIXES = sorted(
    (
    "nın", "nin", "nun", "nün", "ın", "in", "un", "ün", "ya", "ye", "yı", "yi", "yu", "yü", "a",
    "e", "ı", "i", "u", "ü", "da", "de", "ta", "te", "dan", "den", "tan", "ten", "nda", "nde",
    "ndan", "nden", "yla", "yle", "la", "le", "lar", "ler", "ları", "leri", "sı", "si", "su",
    "sü", "ki", "daki", "deki", "taki", "teki", "na", "ne", "nı", "ni", "nu", "nü",
    ),
    key=len,
    reverse=True,
)
# fmt: on


def _tr_candidates(word: str) -> tuple[str, ...]:
    out = [word]
    frontier = [word]
    for _ in range(3):  # "Suriye-li-ler-e": at most three suffixes come off
        nxt = []
        for w in frontier:
            for suf in _TR_SUFFIXES:
                if w.endswith(suf) and len(w) - len(suf) >= 3:
                    stem = w[: -len(suf)]
                    if stem not in out:
                        out.append(stem)
                        nxt.append(stem)
        frontier = nxt
    return tuple(out)


# Arabic. Words keep their hamza until the article is taken off ("ألمانيا" has
# none), then lose marks, hamza and the ta marbuta's dots.
_AR_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "و", "ف", "ب", "ل", "ك")
_AR_ENDINGS = {  # nisba and plural endings -> what the country name may end with
    "يين": ("", "ا", "يا", "ية", "ي"),
    "يون": ("", "ا", "يا", "ية", "ي"),
    "يات": ("", "ا", "يا", "ية", "ي"),
    "ية": ("", "ا", "يا", "ية", "ي"),
    "ي": ("", "ا", "يا", "ية"),
}

#: Levels of a text key: as written (article off), clitics off, ending changed,
#: a Russian city adjective, a Polish word without its accents (cities only).
AS_WRITTEN, CLITIC, DERIVED, ADJECTIVE, UNACCENTED = 0, 1, 2, 3, 4


def ar_norm(word: str) -> str:
    """Arabic without marks and hamza, ``ة`` as ``ه``, ``ى`` as ``ي``."""
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("ى", "ي").replace("ة", "ه")


def _ar_name_key(word: str) -> str:
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return ar_norm(word)


def _ar_candidates(word: str) -> tuple[tuple[str, int], ...]:
    bases = [(word, AS_WRITTEN)]
    if word.startswith("ال") and len(word) > 4:
        bases.append((word[2:], AS_WRITTEN))
    for pre in _AR_PREFIXES:
        rest = word[len(pre) :]
        if word.startswith(pre) and len(rest) >= 3:
            bases.append((rest, CLITIC))
            if pre in ("و", "ف") and rest.startswith(("ب", "ل", "ك")) and len(rest) > 4:
                bases.append((rest[1:], CLITIC))  # "وبموسكو"
    out: dict[str, int] = {}
    for base, level in bases:
        for cand, derived in _ar_variants(base):
            key = ar_norm(cand)
            lvl = DERIVED if derived else level
            if len(key) >= 3 and out.get(key, 9) > lvl:
                out[key] = lvl
    return tuple(out.items())


def _ar_variants(base: str) -> list[tuple[str, bool]]:
    out = [(base, False)]
    for end, repl in _AR_ENDINGS.items():
        if base.endswith(end) and len(base) - len(end) >= 3:
            out += [(base[: -len(end)] + r, True) for r in repl]
            break
    return out


@lru_cache(maxsize=200_000)
def lower(lang: str, word: str) -> str:
    """The lower-case word that keys start from (accents kept: stemmers need them)."""
    if lang == "tr":
        return word.replace("I", "ı").replace("İ", "i").lower()
    word = word.casefold()
    if lang in ("ru", "uk"):
        return word.replace("ё", "е").replace("́", "")
    return word


def name_keys(lang: str, word: str, place: bool = False) -> tuple[str, ...]:
    """Keys a name's word is indexed under: its key, and for stemmed languages the
    word itself (Snowball cuts "пхеньян" to "пхенья" but "пхеньяне" to "пхеньян")
    and, in Russian, its case forms (`_RU_FORMS`). A Polish city's word (`place`,
    default False) is also indexed without accents and with its case forms
    (`pl_forms.case_forms`: "Praga" -> "Pradze")."""
    if lang not in _SNOWBALL and lang != "uk":
        return (name_key(lang, word),)
    keys = [word]
    if lang == "ru" and not ru_indeclinable(word):  # Snowball leaves "китая" whole
        keys += ru_case_forms(word)
    for form in _pl_forms(word) if lang == "pl" else (word,):
        key = name_key(lang, form)
        if len(key) >= MIN_STEM and key not in keys:
            keys.append(key)  # shorter stems would match any short word ("Teni", "Ten")
    if lang == "pl" and place:
        # A city's stored spelling may be another language's ("Minsk", "Sztokhòlm").
        # Only cities: in other words Polish accents tell words apart ("część", CZ).
        keys += [pl_forms.strip_accents(k) for k in keys]
        keys += pl_forms.case_forms(word)
    return tuple(dict.fromkeys(keys))


def ru_case_forms(word: str) -> list[str]:
    """Case forms of a Russian name's word (`_RU_FORMS`), indexed as written.

    From Snowball's stem when it leaves an ending of the table ("россия" ->
    "росс" + "ия": "России"); otherwise from the word less its own ending:
    Snowball cuts "индиана" to "индиа" but "индиане" to "индиан", so
    "Индиане" is found through "индиан" + "е".
    """
    stem = name_key("ru", word)
    if word.startswith(stem) and word[len(stem) :] in _RU_FORMS:
        ending = word[len(stem) :]
    else:
        ending = next((e for e in _RU_ENDINGS if word.endswith(e)), "")
        stem = word[: len(word) - len(ending)]
        if not ending:
            return []  # a consonant: Snowball's stems of the text find it
    if len(stem) < MIN_STEM:
        return []
    return [stem + end for end in _RU_FORMS[ending]]


def _pl_forms(word: str) -> tuple[str, ...]:
    """Forms whose Polish stems differ from the base form's: "Japonia" stems to
    "japon", "Japonii" to "japoni"; "holenderski" to "holendersk", "holenderscy"
    to "holendersc"."""
    forms = [word]
    if word.endswith("ia"):
        forms.append(word[:-1] + "i")
    if word.endswith(("ski", "cki")):
        forms.append(word[:-2] + "cy")
    return tuple(forms)


# Russian noun endings by the ending of the base form (written for es-ingest):
# "Москва" declines to "Москве", "Россия" to "России", but "Росси" (a
# surname), "Колумб" (Columbus), "Бруно" and "Александра" share a stem with
# Россия, Колумбия, Бруней and Александрия without being their forms.
_RU_FORMS = {
    "а": ("а", "ы", "и", "е", "у", "ой", "ою"),
    "я": ("я", "и", "е", "ю", "ей", "ею"),
    "ия": ("ия", "ии", "ию", "ией", "иею"),
    "й": ("й", "я", "ю", "е", "ем"),
    "ей": ("ей", "ея", "ее", "ею", "еем"),
    "ь": ("ь", "я", "ю", "е", "ем", "и", "ью"),
    "ы": ("ы", "ов", "ам", "ами", "ах"),
    "и": ("и", "ей", "ям", "ями", "ях", "ов"),
    "": ("", "а", "у", "е", "ом", "ы", "ов", "ам", "ами", "ах", "и"),
}

#: The endings of `_RU_FORMS`, longest first ("ия" before "я").
_RU_ENDINGS = sorted((e for e in _RU_FORMS if e), key=len, reverse=True)

# Polish case endings of names in -ia / -ja (written for es-ingest): "Kolumbia"
# declines to "Kolumbii", "Kolumbię", "Kolumbią", never to "Kolumb"
# (Columbus); "Aleksandria" never to "Aleksandra" (a first name). A name in
# -ie declines as a neuter ("Zagłębie": "Zagłębia", "Zagłębiu", "Zagłębiem"):
# the French "Alexandrie", which the gazetteer holds too, is not "Alexandra".
# Other endings alternate their stems ("Kanadzie", "Polsce"): no judgement.
_PL_FORMS = {
    "ia": ("ia", "ii", "ię", "ią", "io"),
    "ja": ("ja", "ji", "ję", "ją", "jo"),
    "ie": ("ie", "ia", "iu", "iem"),
}

_VOWELS = frozenset("аеёиоуыэюя")

# A Russian relational adjective of a city in a consonant: the city, -ск-, an
# adjective ending ("Берлинском" of Берлин, "Пхеньянское" of Пхеньян).
_RU_ADJ = re.compile(r"(.{4,}[^аеёиоуыэюяйь])ск(?:ий|ая|ое|ие|ого|ому|ом|ой|ую|им|ими|их|ей)")


def ru_city_adjective_bases(word: str) -> tuple[str, ...]:
    """The city names (as written) a Russian adjective may be formed from."""
    m = _RU_ADJ.fullmatch(word)
    return (m.group(1),) if m else ()


def ru_indeclinable(word: str) -> bool:
    """A Russian name ending in a vowel then -а is a foreign, indeclinable
    noun ("Самоа", "Гоа", "Никарагуа"): "самое" ("the most") is not Samoa."""
    return len(word) >= 2 and word[-1] == "а" and word[-2] in _VOWELS


@lru_cache(maxsize=200_000)
def declines_as(lang: str, name_word: str, text_word: str) -> bool:
    """Whether `text_word` can be a case form of the name word (both `lower`).

    Russian and Polish (other languages: always True). A name whose stem
    keeps all but its ending takes that ending's forms (`_RU_FORMS`,
    `_PL_FORMS`); indeclinable Russian names ("Самоа") only match as
    written; endings not in the tables are not judged.
    """
    if lang not in ("ru", "pl") or text_word == name_word:
        return True
    if lang == "ru" and ru_indeclinable(name_word):
        return False
    stem = name_key(lang, name_word)
    if not name_word.startswith(stem) or not text_word.startswith(stem):
        return True  # the stemmer changed the word: no judgement
    table = _RU_FORMS if lang == "ru" else _PL_FORMS
    forms = table.get(name_word[len(stem) :])
    return forms is None or text_word[len(stem) :] in forms


@lru_cache(maxsize=200_000)
def name_key(lang: str, word: str) -> str:
    """Key of a word (see `lower`) of a name in `lang` (the word itself elsewhere)."""
    if lang in _SNOWBALL:
        return _snowball(lang)(word)
    if lang == "uk":
        return _uk_stem(word)
    if lang == "ar":
        return _ar_name_key(word)
    return word


@lru_cache(maxsize=200_000)
def text_keys(lang: str, word: str) -> tuple[tuple[str, int], ...]:
    """Candidate keys of a word (see `lower`) of a text in `lang`, with their level.

    Levels: `AS_WRITTEN`, `CLITIC` (clitics or suffixes taken off), `DERIVED`
    (an ending changed: the nisba "روسي" -> "روسيا"). Best first.
    """
    if lang in _SNOWBALL or lang == "uk":
        key = name_key(lang, word)
        if len(key) < MIN_STEM or key == word:
            keys = [(word, AS_WRITTEN)]  # matches names indexed as written only
        else:
            keys = [(key, AS_WRITTEN), (word, AS_WRITTEN)]
        if lang == "ru":
            keys += [(base, ADJECTIVE) for base in ru_city_adjective_bases(word)]
        if lang == "pl":  # cities are indexed without accents too (`name_keys`)
            bare = [(pl_forms.strip_accents(k), UNACCENTED) for k, _ in keys]
            keys += [(k, level) for k, level in bare if all(k != old for old, _ in keys)]
        return tuple(dict.fromkeys(keys))
    if lang == "tr":
        cands = _tr_candidates(word)
        return tuple((c, AS_WRITTEN if c == word else CLITIC) for c in cands if len(c) >= 3)
    if lang == "ar":
        return _ar_candidates(word)
    return ((word, AS_WRITTEN),)
