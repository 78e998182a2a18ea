#!/usr/bin/env python3
"""Build ``src/es_ingest/data/given_name_cognates.tsv``: translated given names -> one key.

usage: build_given_name_cognates.py [RIGOUR_SDIST_DIR] [--out FILE]

Two sources of given names that are one name in two spellings:

1. A Romance language writes many men's given names with a final "-o" or "-e"
that English, German, French and Polish write without ("Ernesto"/"Ernest",
"Valentino"/"Valentin", "Roberto"/"Robert"). The table lists the folded
pairs (``ernesto<TAB>ernest``) where both forms are men's first names of
Faker's person providers (MIT) and neither form, nor the shorter one, is a
woman's name in any Faker locale ("Simone", "Louise", "Denise" are women's
names: "Simon", "Louis", "Denis" never take them; "Mario" is not "Mari").
2. With an unpacked source distribution of `rigour` (MIT; the one
``build_person_names.py`` reads), spelling variants of one name: two given
names of one sex in Faker (and of no other) with the same first letter and
at least 5 letters, the same consonants in the same order (vowels and "y"
aside, doubled letters once: "jeffery"/"jeffrey", "alistair"/"alastair")
and at least 4 non-Latin forms in common in rigour's name groups (the
other scripts write them alike: "ジェフリー", "杰弗里"). "Brian"/"Byron" have
other consonants; "Barton"/"Burton" share only 3 forms.
3. A short list of our own (`ANTIQUITY`): names of antiquity each language
translates ("Hérode", "Herodes", "Erode": Herod).

Every form of a connected set of pairs takes one key, the set's first form
in code-point order (``jeffrey<TAB>jeffery``). Corpus consolidation uses
it only between two values with the very same surname (docs/enrichment.md,
"Corpus consolidation", rule 3b). Built once here, never at run time;
needs `faker` and `anyascii`::

    pip download rigour==2.6.1 --no-binary :all: --no-deps -d /tmp/rigour
    tar xzf /tmp/rigour/rigour-2.6.1.tar.gz -C /tmp/rigour
    python scripts/build_given_name_cognates.py /tmp/rigour/rigour-2.6.1
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
from pathlib import Path

from anyascii import anyascii

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/es_ingest/data/given_name_cognates.tsv"
#: Final letters a Romance language adds to a man's given name.
ENDINGS = ("o", "e")
#: Non-Latin forms two spelling variants must share in rigour's groups.
SHARED_FORMS = 4
#: Pairs the rule finds that are two names, read in the table's output:
#: two Chinese syllables, and an English surname-name beside a German name.
NOT_ONE_NAME = frozenset({("cheng", "chong"), ("warner", "werner")})
#: Names of antiquity that each language translates and Faker does not know
#: (our own list): "Hérode Antipas", "Herodes Antipas", "Erode Antipa" are
#: Herod Antipas. Like every pair, used only with the very same surname.
ANTIQUITY = (("herod", "herode"), ("herod", "herodes"), ("herod", "erode"))


def fold(name: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(name).lower())


def faker_first_names() -> tuple[set[str], set[str]]:
    """(men's, women's) folded first names over every Faker person locale."""
    from faker.providers import person

    male: set[str] = set()
    female: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"faker.providers.person.{info.name}").Provider
        except Exception:  # a locale module that does not import
            continue
        for attr, out in (("first_names_male", male), ("first_names_female", female)):
            value = getattr(provider, attr, None)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, (list, tuple)):
                out.update(fold(n) for n in value if isinstance(n, str) and " " not in n)
    return male, female


def cognate_pairs(male: set[str], female: set[str]) -> list[tuple[str, str]]:
    """(longer, shorter) men's names that differ by a final Romance vowel."""
    pairs = []
    for name in sorted(male):
        if len(name) < 5 or name[-1] not in ENDINGS or name[-2] in "aeiouy":
            continue
        short = name[:-1]
        if short in male and not {name, short} & female:
            pairs.append((name, short))
    return pairs


def _skeleton(name: str) -> str:
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", name))


def non_latin_forms(rigour_dir: Path) -> dict[str, set[str]]:
    """Latin one-word form -> the non-Latin forms of rigour's groups that hold it."""
    forms_of: dict[str, set[str]] = {}
    path = rigour_dir / "rust/data/names/person_names.txt"
    with path.open(encoding="utf-8") as f:
        for line in f:
            forms = [x.strip() for x in line.partition(" => ")[0].split(",")]
            latin = [x for x in forms if re.fullmatch(r"[a-z]+", x)]
            other = {x for x in forms if not re.fullmatch(r"[a-z' -]+", x)}
            for form in latin:
                forms_of.setdefault(form, set()).update(other)
    return forms_of


def variant_pairs(
    male: set[str], female: set[str], forms_of: dict[str, set[str]]
) -> list[tuple[str, str]]:
    """Spelling variants of one given name (source 2 of the module docstring)."""
    pairs = []
    for sex, other in ((male, female), (female, male)):
        by_key: dict[tuple[str, str], list[str]] = {}
        for name in sorted(sex - other):
            if len(name) >= 5 and name in forms_of:
                by_key.setdefault((name[0], _skeleton(name)), []).append(name)
        for names in by_key.values():
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    if (a, b) in NOT_ONE_NAME:
                        continue
                    if len(forms_of[a] & forms_of[b]) >= SHARED_FORMS:
                        pairs.append((a, b))
    return pairs


def keys_of(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Form -> the first form (code-point order) of its connected set of pairs."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent if root(x) != x}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rigour", nargs="?", help="unpacked rigour source distribution")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    male, female = faker_first_names()
    pairs = cognate_pairs(male, female) + list(ANTIQUITY)
    if args.rigour:
        pairs += variant_pairs(male, female, non_latin_forms(Path(args.rigour)))
    keys = keys_of(pairs)
    header = (
        "# Given names that are one name in two spellings -> one key (folded): men's\n"
        "# names a Romance language writes with a final -o/-e, and spelling variants\n"
        "# that rigour's groups write alike in other scripts. Built by\n"
        "# scripts/build_given_name_cognates.py from Faker's first names (MIT) and\n"
        "# rigour 2.6.1 (MIT), and a few names of antiquity of our own (Herod); used\n"
        "# only between values with one surname.\n"
    )
    body = "".join(f"{a}\t{keys[a]}\n" for a in sorted(keys))
    Path(args.out).write_text(header + body, encoding="utf-8")
    print(f"{len(pairs)} pairs, {len(keys)} forms -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
