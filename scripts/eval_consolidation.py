#!/usr/bin/env python3
"""False merges of corpus consolidation (`es-ingest persons consolidate`).

usage: eval_consolidation.py [PRED.jsonl ...] [--faker N] [--show K]

1. For each prediction file (`es-ingest ingest --dry-run` output), lists
   every merge that consolidation makes. On the PUD parallel sentences (ids
   `<lang>-<sent_id>`) a merge is *confirmed* when every value it joins
   shares a sent_id with the value it takes (translations of one sentence:
   one person); the others are printed for reading by hand.
2. Consolidates N random full names of the 12 Faker locales of
   `eval_person_merges.py` (seed 1; default 20,000), each as one article in
   its locale's language and script: different random people, so every merge
   is a false one. Merges are split into Latin-Latin merges and merges of a
   transliteration (a value written only in another script) into a Latin one.
3. Two people with one surname (--surname-pairs N, default 20,000): N pairs
   of random given names of two different Latin-script Faker locales, with
   one random surname, each written in its own locale's language; a pair
   that consolidation merges is a false merge (the rule ties a translated
   given name only with the very same surname, so this is its risk).
4. Two families one letter apart (--slip-pairs, on by default): every pair
   of Faker surnames of the Latin-script locales that rule 3c could take for
   a slip (both long, one first letter, one letter apart: "Schmidt",
   "Schmitt"), each with one random given name: one written in as many
   article languages as rule 3c asks of a leader, the other once in another;
   both directions. Each merge is a false one (two real surnames are two
   families): the worst case of rule 3c, which cannot tell a rare surname
   from a slip.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from es_ingest.person_consolidation import (  # noqa: E402
    ValueEvidence,
    gather,
    is_latin_text,
    merges,
    person_values,
)
from es_ingest.person_identity import canonical_person  # noqa: E402

LOCALES = ["en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "ru_RU", "pt_BR"]
LOCALES += ["tr_TR", "uk_UA", "zh_CN", "ar_AA"]


def report_file(path: Path, show: int) -> None:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    sentences: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        sid = str(row.get("id", "")).partition("-")[2]
        for value in person_values(row):
            sentences[value].add(sid)
    evidence = gather(rows)
    found = merges(evidence)
    confirmed = [m for m in found if all(sentences[v] & sentences[m.value] for v in m.merged)]
    joined = sum(len(m.merged) for m in found)
    print(
        f"{path.name}: {len(rows)} articles, {len(evidence)} person values; "
        f"{len(found)} merges join {joined} values into others; "
        f"{len(confirmed)} confirmed by a parallel sentence"
    )
    for m in found[:show]:
        mark = "ok" if m in confirmed else "??"
        print(f"  {mark} {m.value} <= {', '.join(m.merged)}")


def report_faker(n: int, show: int) -> None:
    from faker import Faker

    fake = Faker(LOCALES)
    Faker.seed(1)
    names: dict[str, str] = {}
    for locale in LOCALES:
        gen = fake[locale]
        for _ in range(n // len(LOCALES)):
            names.setdefault(gen.name(), locale[:2])
    per_value: dict[str, ValueEvidence] = {}
    for name, language in sorted(names.items()):
        value = canonical_person(name)
        latin = is_latin_text(name)
        ev = ValueEvidence(value, 1, int(latin), frozenset({language} if latin else ()))
        old = per_value.get(value)
        if old is not None:
            ev = ValueEvidence(
                value,
                old.documents + 1,
                old.latin_documents + ev.latin_documents,
                old.latin_languages | ev.latin_languages,
            )
        per_value[value] = ev
    found = merges(per_value.values())
    latin_latin = [m for m in found if all(per_value[v].written_in_latin for v in m.merged)]
    translit = [m for m in found if m not in latin_latin]
    print(
        f"random Faker names ({len(LOCALES)} locales): {len(names)} distinct names, "
        f"{len(per_value)} facet values; consolidation merges {len(found)} "
        f"({sum(len(m.merged) for m in found)} values): {len(latin_latin)} Latin-Latin, "
        f"{len(translit)} of a transliteration"
    )
    for m in found[:show]:
        print(f"    {m.value} <= {', '.join(m.merged)}")


LATIN_LOCALES = ["en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "pt_BR", "tr_TR"]


def report_one_surname(n: int, show: int) -> None:
    import random

    from faker import Faker

    rng = random.Random(1)
    fakers = {loc: Faker(loc) for loc in LATIN_LOCALES}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(i + 1)
    merged: list[tuple[str, str]] = []
    pairs = 0
    for _ in range(n):
        la, lb = rng.sample(LATIN_LOCALES, 2)
        surname = fakers[rng.choice(LATIN_LOCALES)].last_name()
        a = canonical_person(f"{fakers[la].first_name()} {surname}")
        b = canonical_person(f"{fakers[lb].first_name()} {surname}")
        if a == b:
            continue  # one given name: the same value already, not a merge
        pairs += 1
        ev = [
            ValueEvidence(a, 1, 1, frozenset({la[:2]})),
            ValueEvidence(b, 1, 1, frozenset({lb[:2]})),
        ]
        if merges(ev):
            merged.append((a, b))
    print(
        f"two people with one surname: {pairs} pairs of different given names "
        f"(two Latin locales), {len(merged)} merged"
    )
    for a, b in merged[:show]:
        print(f"    {a} == {b}")


def report_slip_pairs(show: int) -> None:
    import random

    from faker import Faker

    from es_ingest.person_consolidation import (
        TYPO_LEADER_LANGUAGES,
        TYPO_MIN_LETTERS,
        one_edit_apart,
    )

    rng = random.Random(1)
    surnames: set[str] = set()
    given: list[str] = []
    for loc in LATIN_LOCALES:
        fake = Faker(loc)
        provider = fake.provider("faker.providers.person")
        for attr in ("last_names", "last_names_male", "last_names_female"):
            pool = getattr(provider, attr, None) or ()
            surnames.update(str(x) for x in pool)
        given.extend(str(fake.first_name()) for _ in range(50))
    long_ = sorted(x for x in surnames if len(x) >= TYPO_MIN_LETTERS and " " not in x)
    pairs = [
        (a, b)
        for i, a in enumerate(long_)
        for b in long_[i + 1 :]
        if a[0].lower() == b[0].lower() and one_edit_apart(a.lower(), b.lower())
    ]
    merged: list[tuple[str, str]] = []
    n, langs = TYPO_LEADER_LANGUAGES, ["en", "fr", "de", "it", "pt", "pl"]
    for a, b in pairs:
        first = rng.choice(given)
        for lead, slip in ((a, b), (b, a)):
            ev = [
                ValueEvidence(canonical_person(f"{first} {lead}"), n, n, frozenset(langs[:n])),
                ValueEvidence(canonical_person(f"{first} {slip}"), 1, 1, frozenset({"es"})),
            ]
            if merges(ev):
                merged.append((ev[0].value, ev[1].value))
    print(
        f"two families one letter apart: {len(long_)} long Faker surnames, {len(pairs)} pairs "
        f"one letter apart, {2 * len(pairs)} cases, {len(merged)} merged"
    )
    for a, b in merged[:show]:
        print(f"    {a} <= {b}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred", nargs="*", type=Path)
    ap.add_argument("--faker", type=int, default=20_000)
    ap.add_argument("--surname-pairs", type=int, default=20_000)
    ap.add_argument("--no-slip-pairs", dest="slip_pairs", action="store_false")
    ap.add_argument("--show", type=int, default=40)
    args = ap.parse_args(argv)
    for path in args.pred:
        report_file(path, args.show)
    if args.faker:
        report_faker(args.faker, args.show)
    if args.surname_pairs:
        report_one_surname(args.surname_pairs, args.show)
    if args.slip_pairs:
        report_slip_pairs(args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
