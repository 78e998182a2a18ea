#!/usr/bin/env python3
"""Build ``src/es_ingest/data/given_name_cognates.tsv``: translated given names -> one key.

usage: build_given_name_cognates.py [--out FILE]

A Romance language writes many men's given names with a final "-o" or "-e"
that English, German, French and Polish write without ("Ernesto"/"Ernest",
"Valentino"/"Valentin", "Roberto"/"Robert"). The table lists the folded
pairs (``ernesto<TAB>ernest``) where both forms are men's first names of
Faker's person providers (MIT) and neither form, nor the shorter one, is a
woman's name in any Faker locale ("Simone", "Louise", "Denise" are women's
names: "Simon", "Louis", "Denis" never take them; "Mario" is not "Mari").
Corpus consolidation uses it only between two values with the very same
surname (docs/enrichment.md, "Corpus consolidation", rule 3b). Built once
here, never at run time; needs `faker` and `anyascii`.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    pairs = cognate_pairs(*faker_first_names())
    header = (
        "# Men's given names a Romance language writes with a final -o/-e -> the form\n"
        "# without it (folded). Built by scripts/build_given_name_cognates.py from\n"
        "# Faker's first names (MIT); used only between values with one surname.\n"
    )
    body = "".join(f"{a}\t{b}\n" for a, b in pairs)
    Path(args.out).write_text(header + body, encoding="utf-8")
    print(f"{len(pairs)} pairs -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
