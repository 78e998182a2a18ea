#!/usr/bin/env python3
"""Score es-ingest's facets across languages on the PUD parallel sentences.

usage: eval_pud.py [--shared DIR] [--out DIR] [--workers N] [--pred FILE] [--json]
                   [--consolidated]

Runs ``es-ingest ingest --dry-run SHARED/eval/pud/pud-dev.jsonl`` (the same
sentences in 11 languages; ids are ``<lang>-<sent_id>``) and prints the table
of ``SHARED/eval/pud/score_pud.py`` (see its SOURCE.md): per language, persons
recall (R), cross-language reach (X), precision proxy (P) and agreement with
English (A), countries F1 against the English sentence, and language accuracy.
With --pred, scores an earlier prediction file instead of running the CLI.
With --consolidated, also prints the table after ``es-ingest persons
consolidate --input PRED -o PRED.consolidated.jsonl`` (the corpus
consolidation of the persons facet over the whole file, and its merges);
the raw table stays first.

Needs the `anyascii` package (a dev dependency: ``make install``).
Exit status 2 if ../shared (or anyascii) is missing, 1 if the CLI fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(inp: Path, pred: Path, workers: int) -> bool:
    cmd = es_ingest_cmd()
    cmd += ["ingest", "--dry-run", "--no-progress", "--workers", str(workers)]
    cmd += ["--output", str(pred), str(inp)]
    print("$ " + " ".join(cmd), flush=True)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0 or not pred.exists() or pred.stat().st_size == 0:
        print(f"CLI failed ({proc.returncode}): {proc.stderr.strip()[-800:]}", file=sys.stderr)
        return False
    print(f"enriched in {time.perf_counter() - start:.1f} s", flush=True)
    return True


def es_ingest_cmd() -> list[str]:
    exe = ROOT / ".venv/bin/es-ingest"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "es_ingest.cli"]


def consolidate(pred: Path) -> Path | None:
    """`es-ingest persons consolidate` in file mode: the consolidated predictions."""
    out = pred.with_suffix(".consolidated.jsonl")
    cmd = es_ingest_cmd() + ["persons", "consolidate", "--input", str(pred), "-o", str(out)]
    print("$ " + " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"consolidation failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
        return None
    print(proc.stdout.rstrip())
    return out


def score(pud: Path, pred: Path, as_json: bool) -> bool:
    cmd = [sys.executable, str(pud / "score_pud.py"), str(pud / "pud-dev-persons.jsonl")]
    cmd.append(str(pred))
    if as_json:
        cmd.append("--json")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"scorer failed: {proc.stderr.strip()[-800:]}", file=sys.stderr)
        return False
    print(proc.stdout.rstrip())
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=None, help="folder for the prediction file")
    parser.add_argument("--workers", type=int, default=1, help="NLP workers [default 1]")
    parser.add_argument("--pred", default=None, help="score this prediction file instead")
    parser.add_argument("--json", action="store_true", help="print the scorer's JSON")
    parser.add_argument(
        "--consolidated",
        action="store_true",
        help="also score after `es-ingest persons consolidate` (file mode)",
    )
    args = parser.parse_args(argv)
    pud = Path(args.shared) / "eval/pud"
    if not (pud / "pud-dev.jsonl").exists() or not (pud / "score_pud.py").exists():
        print(f"skipped: no PUD evaluation data in {pud} (../shared is absent)", file=sys.stderr)
        return 2
    if importlib.util.find_spec("anyascii") is None:
        print("skipped: score_pud.py needs anyascii (make install)", file=sys.stderr)
        return 2
    if args.pred:
        pred = Path(args.pred)
    else:
        out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="es-ingest-pud-"))
        out.mkdir(parents=True, exist_ok=True)
        pred = out / "pud-pred.jsonl"
        if not run_cli(pud / "pud-dev.jsonl", pred, args.workers):
            return 1
        print(f"predictions: {pred}")
    if not score(pud, pred, args.json):
        return 1
    if args.consolidated:
        print("\nafter corpus consolidation of the persons facet:")
        consolidated = consolidate(pred)
        if consolidated is None or not score(pud, consolidated, args.json):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
