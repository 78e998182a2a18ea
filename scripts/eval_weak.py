#!/usr/bin/env python3
"""Score es-ingest's countries and persons against Reuters' weak labels.

usage: eval_weak.py [-n N] [--seed S] [--shared DIR] [--pred FILE] [--save FILE] [--top K]

Takes a seeded random sample of N (default 400) articles of
``SHARED/data/news-en-reuters.jsonl`` that are not in the dev gold, enriches
them with `es_ingest.enrich.Enricher` (or reads earlier predictions with
--pred), and compares:

- ``countries`` with ``weak.places`` (slugs such as ``usa``, ``el-salvador``,
  ``west-germany``, mapped to ISO 3166-1 alpha-2 codes by pycountry and a small
  table for the odd ones, dissolved states to their successors as in FACETS.md);
- ``persons`` with ``weak.people`` (slugs such as ``reagan``, ``james-baker``),
  by folded surname: a weak person is found when one of our persons ends with
  that surname.

Reuters places and people are topic labels, not mention lists: a country that
is only mentioned in passing is often not labelled, so precision is only
indicative. Recall is the more useful signal. Precision is also given over the
articles that have at least one weak label of that kind.

Prints recall/precision per facet and the most frequent missed and extra
values. Exit status 2 if ../shared is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Reuters place slugs that pycountry does not resolve by name.
ODD_PLACES = {
    "usa": "US",
    "uk": "GB",
    "ussr": "RU",
    "west-germany": "DE",
    "east-germany": "DE",
    "czechoslovakia": "CZ",
    "yugoslavia": "RS",
    "burma": "MM",
    "kampuchea": "KH",
    "zaire": "CD",
    "ivory-coast": "CI",
    "south-korea": "KR",
    "north-korea": "KP",
    "uae": "AE",
    "trinidad-tobago": "TT",
    "antigua": "AG",
    "yemen-arab-republic": "YE",
    "yemen-demo-republic": "YE",
    "us-virgin-islands": "VI",
    "congo": "CG",
    "iran": "IR",
    "syria": "SY",
    "vietnam": "VN",
    "taiwan": "TW",
    "tanzania": "TZ",
    "bolivia": "BO",
    "venezuela": "VE",
    "russia": "RU",
    "turkey": "TR",
    "cape-verde": "CV",
    "netherlands-antilles": "CW",
    "macau": "MO",
    "west-bank": "PS",
    "gaza": "PS",
}


def place_code(slug: str) -> str | None:
    """ISO alpha-2 code of a Reuters place slug, or None if unknown."""
    if slug in ODD_PLACES:
        return ODD_PLACES[slug]
    import pycountry

    name = slug.replace("-", " ")
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        pass
    try:
        hits = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    return str(hits[0].alpha_2) if hits else None


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


def surname(name: str) -> str:
    """Folded last token of a name or slug ("james-baker" -> "baker")."""
    toks = [t.rstrip(".") for t in fold(name).replace("-", " ").replace("'", " ").split()]
    while len(toks) > 1 and toks[-1] in ("jr", "sr", "ii", "iii", "iv"):
        toks.pop()
    return toks[-1] if toks else ""


def load_sample(shared: Path, n: int, seed: int) -> tuple[list[dict], dict[str, dict]]:
    dev = {
        json.loads(line)["id"]
        for line in (shared / "eval/dev-gold.jsonl").open(encoding="utf-8")
        if line.strip()
    }
    weak: dict[str, dict] = {}
    with (shared / "data/news-en-reuters.weak.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            weak[row["id"]] = row.get("weak") or {}
    ids: list[str] = []
    with (shared / "data/news-en-reuters.jsonl").open(encoding="utf-8") as f:
        for line in f:
            i = line.find('"id": "')
            aid = line[i + 7 : line.index('"', i + 7)] if i >= 0 else json.loads(line)["id"]
            if aid not in dev and aid in weak:
                ids.append(aid)
    chosen = set(random.Random(seed).sample(ids, min(n, len(ids))))
    rows = []
    with (shared / "data/news-en-reuters.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if not chosen:
                break
            i = line.find('"id": "')
            aid = line[i + 7 : line.index('"', i + 7)] if i >= 0 else json.loads(line)["id"]
            if aid in chosen:
                rows.append(json.loads(line))
                chosen.discard(aid)
    return rows, weak


def enrich(rows: list[dict]) -> dict[str, dict]:
    from es_ingest.enrich import Enricher
    from es_ingest.model import Article

    articles = [
        Article(
            id=r["id"],
            title=r.get("title") or "",
            text=r.get("text") or "",
            declared_language=r.get("language"),
            language=r.get("language"),
        )
        for r in rows
    ]
    return {a.id or "": a.to_json_dict() for a in Enricher().pipe(articles)}


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.fp_labelled = 0  # extras in articles that have at least one weak label
        self.tp_labelled = 0
        self.missed: Counter[str] = Counter()
        self.extra: Counter[str] = Counter()

    def add(self, gold: set[str], pred: set[str]) -> None:
        tp = len(gold & pred)
        self.tp += tp
        self.fn += len(gold - pred)
        self.fp += len(pred - gold)
        if gold:
            self.tp_labelled += tp
            self.fp_labelled += len(pred - gold)
        self.missed.update(gold - pred)
        self.extra.update(pred - gold)

    def report(self, name: str, top: int) -> str:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        r = ratio(self.tp, self.tp + self.fn)
        p = ratio(self.tp, self.tp + self.fp)
        pl = ratio(self.tp_labelled, self.tp_labelled + self.fp_labelled)
        lines = [
            f"{name:<10} recall {r:.3f}  precision {p:.3f}  "
            f"(precision where labelled {pl:.3f})  tp/fp/fn {self.tp}/{self.fp}/{self.fn}",
            "  missed: " + ", ".join(f"{k} {v}" for k, v in self.missed.most_common(top)),
            "  extra:  " + ", ".join(f"{k} {v}" for k, v in self.extra.most_common(top)),
        ]
        return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=400, help="articles in the sample")
    parser.add_argument("--seed", type=int, default=1987)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--pred", help="read predictions (JSON Lines) instead of enriching")
    parser.add_argument("--save", help="write the predictions here (JSON Lines)")
    parser.add_argument("--top", type=int, default=15, help="missed/extra values shown")
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "data/news-en-reuters.weak.jsonl").exists():
        print(f"no Reuters weak labels in {shared}/data", file=sys.stderr)
        return 2
    rows, weak = load_sample(shared, args.n, args.seed)
    if args.pred:
        with open(args.pred, encoding="utf-8") as f:
            preds = {d["id"]: d for d in map(json.loads, f) if d.get("id")}
    else:
        preds = enrich(rows)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(preds[r["id"]], ensure_ascii=False) + "\n")

    countries, persons = Tally(), Tally()
    unmapped: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for r in rows:
        pred = preds.get(r["id"], {})
        languages[pred.get("language") or "none"] += 1
        w = weak.get(r["id"], {})
        gold_c = set()
        for slug in w.get("places", []):
            code = place_code(slug)
            if code is None:
                unmapped[slug] += 1
            else:
                gold_c.add(code)
        countries.add(gold_c, set(pred.get("countries") or []))
        gold_p = {surname(s) for s in w.get("people", []) if surname(s)}
        pred_p = {surname(s) for s in pred.get("persons") or [] if surname(s)}
        persons.add(gold_p, pred_p)

    print(f"Reuters weak labels: {len(rows)} articles (seed {args.seed}, dev gold left out)")
    print(countries.report("countries", args.top))
    print(persons.report("persons", args.top))
    print("languages: " + ", ".join(f"{k} {v}" for k, v in languages.most_common()))
    if unmapped:
        print("unmapped place slugs: " + ", ".join(f"{k} {v}" for k, v in unmapped.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
