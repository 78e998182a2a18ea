#!/usr/bin/env python3
"""Build ``src/es_ingest/data/person_names.tsv.gz``: name parts -> one Latin spelling.

usage: build_person_names.py RIGOUR_SDIST_DIR [--out FILE]

RIGOUR_SDIST_DIR is an unpacked source distribution of `rigour` (MIT; its
person-name corpus groups the spellings of a given name or surname in many
scripts under Wikidata ids), e.g.::

    pip download rigour==2.6.1 --no-binary :all: --no-deps -d /tmp/rigour
    tar xzf /tmp/rigour/rigour-2.6.1.tar.gz -C /tmp/rigour
    python scripts/build_person_names.py /tmp/rigour/rigour-2.6.1

Needs `wordfreq` and `anyascii` (the `[dev]` extra). The output maps a folded
name part (lower case, Latin parts without diacritics) to the spelling that
the persons facet uses for it, only where that spelling differs from the
part's own transliteration (see docs/enrichment.md, "Person identity"):

- a non-Latin form ("трамп", "特朗普") takes the Latin form that scores best
  on: the number of groups the two share, plus 0.25 x the Latin form's
  English Zipf frequency, plus 0.5 x the closeness (difflib ratio, at least
  0.4) to the form's transliteration ("trump", not "tramp"; "michael", not
  "make"); Arabic and Chinese forms leave out the closeness;
- a Cyrillic form then takes, among its group's Latin forms that Russian
  writes so by ear (`russian_spelling_of`), the most frequent in English
  ("томас" -> "thomas", not "tomas"; "мелания" -> "melania", not "melanie";
  "хавьер" -> "javier", not "xabier"); when the first choice already sounds
  right, only an English spelling of the same sounds replaces it (silent
  "h", "th", "ch", doubled letters: "сара" -> "sarah", but "галина" stays
  "galina", not "galena"); words under 3 letters or more frequent than Zipf 5.5
  ("my", "make") are never names;
- a German, French or Polish press romanisation of a Cyrillic form
  ("poutine", "wladimir", "porochenko", "poroschenko") takes that form's
  value ("putin", "vladimir", "poroshenko"), unless it is more frequent in
  English than that value or the corpus knows it as a name of its own in a
  group without that form ("marchal", a French surname, is not "marshall").
  Other Latin names of a group ("jan"/"john", "maria"/"mario",
  "melania"/"melanie") never merge: they are different names, so different
  people.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from anyascii import anyascii
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("LATIN", "CYRILLIC", "ARABIC", "CJK", "GREEK")


def script_of(form: str) -> str | None:
    names = {unicodedata.name(ch, "?").split()[0] for ch in form if ch.isalpha()}
    return next(iter(names)) if len(names) == 1 and next(iter(names)) in SCRIPTS else None


def ascii_fold(form: str) -> str:
    return re.sub(r"[^a-z-]", "", anyascii(form).lower())


# How German, French and Polish newspapers write Russian and Ukrainian names
# ("Порошенко": Poroschenko, Porochenko, Poroszenko; "Лавров": Lawrow).
_CYRILLIC = {
    "de": dict(zip("абвгдезийклмнопрстуфыэ", "abwgdesiiklmnoprstufye", strict=True))
    | {
        "ё": "jo",
        "ж": "sch",
        "х": "ch",
        "ц": "z",
        "ч": "tsch",
        "ш": "sch",
        "щ": "schtsch",
        "ю": "ju",
        "я": "ja",
        "ь": "",
        "ъ": "",
        "є": "je",
        "і": "i",
        "ї": "ji",
        "г": "g",
    },
    "fr": dict(zip("абвгдезийклмнопрстфыэі", "abvgdeziiklmnoprstfyei", strict=True))
    | {
        "у": "ou",
        "ё": "io",
        "ж": "j",
        "х": "kh",
        "ц": "ts",
        "ч": "tch",
        "ш": "ch",
        "щ": "chtch",
        "ю": "iou",
        "я": "ia",
        "ь": "",
        "ъ": "",
        "є": "ie",
        "ї": "ii",
    },
    "pl": dict(zip("абвгдзийклмнопрстуфыэі", "abwgdziiklmnoprstufyei", strict=True))
    | {
        "е": "e",
        "ё": "io",
        "ж": "ż",
        "х": "ch",
        "ц": "c",
        "ч": "cz",
        "ш": "sz",
        "щ": "szcz",
        "ю": "iu",
        "я": "ia",
        "ь": "",
        "ъ": "",
        "є": "je",
        "ї": "ji",
        "л": "ł",
    },
}


def romanisations(form: str) -> set[str]:
    """German, French and Polish press spellings of a Cyrillic name (folded)."""
    out = set()
    for lang, table in _CYRILLIC.items():
        if all(ch in table for ch in form):
            spelling = ascii_fold("".join(table[ch] for ch in form))
            if lang == "fr" and spelling.endswith("in"):
                spelling += "e"  # "Poutine", "Lénine", "Staline"
            out.add(spelling)
    return out


# Latin letter groups -> how Russian may write them in a foreign name.
_RU = {
    "sch": ("ш",),
    "sh": ("ш",),
    "ch": ("ч", "к", "х", "ш"),
    "th": ("т",),
    "ph": ("ф",),
    "kh": ("х",),
    "zh": ("ж",),
    "ts": ("ц",),
    "tz": ("ц",),
    "ck": ("к",),
    "qu": ("кв", "к"),
    "gh": ("г", ""),
    "ee": ("и",),
    "ea": ("и", "еа"),
    "ey": ("и", "ей", "эй"),
    "ay": ("ей", "эй", "ай"),
    "ai": ("ей", "ай", "эй"),
    "ie": ("и", "ие", "е"),
    "ia": ("ия", "иа"),
    "io": ("ио",),
    "iu": ("ю",),
    "ya": ("я",),
    "yu": ("ю",),
    "yo": ("йо"),
    "ou": ("у", "оу"),
    "oo": ("у",),
    "au": ("ау", "о"),
    "eu": ("ев", "еу", "э", "ей"),
    "ae": ("е",),
    "oe": ("е", "о"),
    "ge": ("ге", "дже", "же"),
    "gi": ("ги", "джи", "жи"),
    "ce": ("се", "це"),
    "ci": ("си", "ци", "чи"),
    "ew": ("ью",),
    "ow": ("оу", "ау"),
    "a": ("а", "э", "ей"),
    "b": ("б",),
    "c": ("к", "с", "ц"),
    "d": ("д",),
    "e": ("е", "э", "и", ""),
    "f": ("ф",),
    "g": ("г",),
    "h": ("х", ""),
    "i": ("и", "ай", "й"),
    "j": ("дж", "х", "ж", "й"),
    "k": ("к",),
    "l": ("л",),
    "m": ("м",),
    "n": ("н",),
    "o": ("о",),
    "p": ("п",),
    "q": ("к",),
    "r": ("р",),
    "s": ("с", "з"),
    "t": ("т",),
    "u": ("у", "а", "ю"),
    "v": ("в",),
    "w": ("в", "у"),
    "x": ("кс",),
    "y": ("и", "й", "ай"),
    "z": ("з", "ц", "с"),
}
# Spelling-only correspondences: one vowel for one vowel, and the silent or
# doubled letters of English spelling ("thomas", "christian", "sarah").
_RU_STRICT = {
    "th": ("т",),
    "ph": ("ф",),
    "ch": ("к", "ч"),
    "sh": ("ш",),
    "ck": ("к",),
    "a": ("а",),
    "b": ("б",),
    "c": ("к",),
    "d": ("д",),
    "e": ("е", "э"),
    "f": ("ф",),
    "g": ("г",),
    "h": ("", "х"),
    "i": ("и",),
    "k": ("к",),
    "l": ("л",),
    "m": ("м",),
    "n": ("н",),
    "o": ("о",),
    "p": ("п",),
    "r": ("р",),
    "s": ("с",),
    "t": ("т",),
    "u": ("у",),
    "v": ("в",),
    "y": ("и", "й"),
    "z": ("з",),
}


def russian_spelling_of(latin: str, cyrillic: str, strict: bool = False) -> bool:
    """True when Russian may write the Latin name `latin` as `cyrillic` (both folded).

    By ear, as Russian writes foreign names: "sarah" and "sara" -> "сара",
    "thomas" -> "томас", "melania" -> "мелания" (but not "melanie"), "javier"
    -> "хавьер" (but not "xavier", "ксавье"). Soft and hard signs are left out.
    `strict` allows only spelling differences: one vowel for one vowel, silent
    "h", "th", "ph", "ch" and doubled letters ("thomas", not "galena" for "галина").
    """
    cyr = cyrillic.replace("ь", "").replace("ъ", "").replace("ё", "е")
    lat = latin.replace("-", "")
    table = _RU_STRICT if strict else _RU

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(lat):
            return j == len(cyr)
        for size in (3, 2, 1):
            chunk = lat[i : i + size]
            if len(chunk) < size:
                continue
            for option in table.get(chunk, ()):
                if cyr.startswith(option, j) and match(i + size, j + len(option)):
                    return True
            if size == 1 and i and lat[i - 1] == chunk and match(i + 1, j):
                return True  # a doubled letter written once ("jeffrey" -> "джеффри", "джефри")
        return False

    return match(0, 0)


def groups(sdist: Path):
    corpus = sdist / "rust/data/names/person_names.txt"
    for line in corpus.open(encoding="utf-8"):
        forms, _, _ = line.rstrip("\n").rpartition(" => ")
        yield [f for f in forms.split(", ") if f and " " not in f]
    symbols = json.loads((sdist / "rust/data/names/symbols.json").read_text(encoding="utf-8"))
    for forms in symbols.get("person_name_parts", {}).values():
        yield [f.lower() for f in forms if " " not in f]


def build(sdist: Path) -> dict[str, str]:
    freq: dict[str, float] = {}

    def zipf(word: str) -> float:
        if word not in freq:
            freq[word] = zipf_frequency(word, "en")
        return freq[word]

    # How often a non-Latin form and a Latin form share a group: the evidence
    # that they are one name ("майкл" shares three groups with "michael", two
    # with "make").
    shared: dict[str, dict[str, int]] = {}
    # The Cyrillic forms of every group that holds a Latin form.
    cyrillic_of: dict[str, list[set[str]]] = {}
    for forms in groups(sdist):
        latin = sorted({ascii_fold(f) for f in forms if script_of(f) == "LATIN"} - {""})
        if not latin:
            continue
        cyrillic = {f.lower() for f in forms if script_of(f) == "CYRILLIC"}
        for cand in latin:
            cyrillic_of.setdefault(cand, []).append(cyrillic)
        for form in forms:
            script = script_of(form)
            if script in (None, "LATIN") or not form.lower():
                continue
            counts = shared.setdefault(form.lower(), {})
            for cand in latin:
                counts[cand] = counts.get(cand, 0) + 1
    table: dict[str, str] = {}
    for key, counts in shared.items():
        translit = ascii_fold(key)
        scored = []
        for cand, n in counts.items():
            ratio = difflib.SequenceMatcher(None, translit, cand).ratio()
            if script_of(key) in ("ARABIC", "CJK"):
                # No vowels, or no letters: a transliteration tells little.
                scored.append((n + 0.25 * zipf(cand), cand))
            elif ratio >= 0.4:
                scored.append((n + 0.25 * zipf(cand) + 0.5 * ratio, cand))
        if scored:
            value = max(scored)[1]
            if script_of(key) == "CYRILLIC":
                value = _by_ear(key, counts, value, zipf)
            if value != translit:
                table[key] = value
    # German, French and Polish press spellings of a Cyrillic name take that
    # name's value ("poroschenko", "porochenko", "poroszenko" -> "poroshenko"),
    # unless they are more frequent in English than it (a German "schmidt" is
    # not the Russian "shmidt"). The plain transliteration ("pruett" of
    # "пруэтт") is never re-mapped: it is the English spelling of its own name.
    proposals: dict[str, set[str]] = {}
    for key in shared:
        if script_of(key) != "CYRILLIC" or len(key) < 4:
            continue
        value = table.get(key, ascii_fold(key))
        for spelling in romanisations(key) - {ascii_fold(key), value}:
            # A spelling that the corpus knows as a name of its own ("marchal",
            # a French surname, is also the French romanisation of "маршал")
            # stays that name: only spellings whose every group holds the
            # Cyrillic form are re-mapped.
            if any(key not in c for c in cyrillic_of.get(spelling, ())):
                continue
            if zipf(value) >= zipf(spelling):
                proposals.setdefault(spelling, set()).add(value)
    for spelling, values in proposals.items():
        table[spelling] = max(values, key=lambda v: (zipf(v), v))
    return table


def _by_ear(key: str, counts: dict[str, int], value: str, zipf) -> str:
    """Among the Latin names Russian writes as `key`, the most frequent in English.

    A Russian form names the English name it sounds like: "томас" is Thomas
    rather than Tomas, "кристиан" Christian, "сара" Sarah, and "мелания" is
    Melania, not Melanie ("мелани"), though both share a group with it.
    `value` (the group score's choice) stays when no candidate that Russian
    writes so is an English word at all ("майкл" stays Michael, not "maykl");
    a `value` that already sounds right gives way only to an English spelling
    of the same sounds (`strict`).
    """
    # Very frequent English words are no names ("my" for "ми", "make" for "майкл").
    counts = {c: n for c, n in counts.items() if len(c) >= 3 and zipf(c) < 5.5}
    if russian_spelling_of(value, key):
        # The choice already sounds right: only an English spelling of the
        # same sounds replaces it ("tomas" -> "thomas"; "galina" is no "galena").
        heard = [c for c in counts if russian_spelling_of(c, key, strict=True)]
        heard = [c for c in heard if zipf(c) > zipf(value)]
    else:
        heard = [c for c in counts if russian_spelling_of(c, key) and zipf(c) > 0]
    if not heard:
        return value
    return max(heard, key=lambda c: (zipf(c), c))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sdist", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "src/es_ingest/data/person_names.tsv.gz")
    args = ap.parse_args(argv)
    table = build(args.sdist)
    lines = "".join(f"{key}\t{table[key]}\n" for key in sorted(table))
    # mtime=0: the same corpus gives the same bytes.
    with args.out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(lines.encode("utf-8"))
    print(f"{len(table)} forms -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
