#!/usr/bin/env python3
"""Cost of the gazetteer scan per language, on the PUD sentences (needs ../shared).

usage: bench_gazetteer_langs.py [--shared DIR] [--repeat N]

Prints the time to get the process-wide gazetteer (from es-ingest's cache
after the first run), then for each language of ``pud-dev.jsonl``: the time
of the first scan in that language (which builds that language's index of
inflected forms, see `es_ingest.gazetteer.inflect`) and the mean scan time
per sentence afterwards (µs, best of N passes). Single process; timings on a
shared machine are noisy, compare languages within one run.
Exit status 2 if ../shared is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = Path(args.shared) / "eval/pud/pud-dev.jsonl"
    if not path.exists():
        print(f"skipped: no {path} (../shared is absent)", file=sys.stderr)
        return 2
    by_lang: dict[str, list[str]] = defaultdict(list)
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        by_lang[row["id"].split("-", 1)[0]].append(row["text"])

    from es_ingest.gazetteer import default_gazetteer

    start = time.perf_counter()
    g = default_gazetteer()
    print(f"gazetteer: {g.size} names, ready in {time.perf_counter() - start:.2f} s")
    print(f"{'lang':5} {'sent':>5} {'first scan ms':>14} {'µs/sentence':>12} {'chars':>6}")
    for lang, texts in sorted(by_lang.items()):
        start = time.perf_counter()
        g.scan(texts[0], lang)
        first = time.perf_counter() - start
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            for text in texts:
                g.scan(text, lang)
            best = min(best, time.perf_counter() - start)
        chars = sum(map(len, texts)) / len(texts)
        per = best / len(texts) * 1e6
        print(f"{lang:5} {len(texts):5d} {first * 1000:14.1f} {per:12.0f} {chars:6.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
