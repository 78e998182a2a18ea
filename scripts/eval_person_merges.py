#!/usr/bin/env python3
"""False merges of the persons facet: different names that get one facet value.

usage: eval_person_merges.py [PRED.jsonl ...] [--faker N] [--show K]

1. For the PER mentions of each prediction file (`es-ingest ingest --dry-run`
   output), groups the mentions' written names by facet value (`canonical`)
   and lists the values that join names spelled differently (after folding
   and transliteration): each is either one person in several spellings (the
   point) or a false merge (to be read by hand).
2. Does the same for N random full names of 12 Faker locales (seed 1;
   default 20,000): different random people, so every value that joins two
   differently spelled names is a false merge of `canonical_person` itself.

Missed merges (one person, several values) are what the PUD scorer's A
column measures (README, "Persons across languages").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from anyascii import anyascii

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from es_ingest.person_identity import canonical_person  # noqa: E402

LOCALES = ["en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "ru_RU", "pt_BR"]
LOCALES += ["tr_TR", "uk_UA", "zh_CN", "ar_AA"]


def folded(name: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", anyascii(name).lower()).split())


def joined(groups: dict[str, set[str]]) -> dict[str, set[str]]:
    return {k: v for k, v in groups.items() if len({folded(x) for x in v}) > 1}


def report(label: str, groups: dict[str, set[str]], show: int) -> None:
    names = sum(len(v) for v in groups.values())
    multi = joined(groups)
    print(
        f"{label}: {names} distinct names, {len(groups)} facet values, "
        f"{len(multi)} values join differently spelled names"
    )
    for value, spellings in sorted(multi.items())[:show]:
        print(f"    {value} <= {sorted(spellings)}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred", nargs="*", type=Path)
    ap.add_argument("--faker", type=int, default=20_000)
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args(argv)
    groups: dict[str, set[str]] = defaultdict(set)
    for path in args.pred:
        with path.open(encoding="utf-8") as f:
            for line in f:
                for e in json.loads(line).get("entities") or []:
                    if e.get("label") == "PER" and e.get("canonical"):
                        groups[e["canonical"]].add(e["text"])
    if args.pred:
        report("mentions of " + ", ".join(p.name for p in args.pred), groups, args.show)
    if args.faker:
        from faker import Faker

        fake = Faker(LOCALES)
        Faker.seed(1)
        stress: dict[str, set[str]] = defaultdict(set)
        for name in {fake.name() for _ in range(args.faker)}:
            stress[canonical_person(name)].add(name)
        report(f"random Faker names ({len(LOCALES)} locales)", stress, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
