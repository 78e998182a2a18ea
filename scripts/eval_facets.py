#!/usr/bin/env python3
"""Score es-ingest's facets against the dev gold (../shared/eval).

usage: eval_facets.py [--shared DIR] [--out DIR] [--verbose] [--direct]

1. Assembles the gold articles into ``OUT/dev-input.jsonl``: the seed file as id
   ``seed-us-georgia``, the others looked up by id in ``SHARED/data/*.jsonl``.
2. Enriches them: with ``es-ingest ingest --dry-run --output PRED`` when the CLI
   offers it, else (or with --direct) with `es_ingest.enrich.Enricher`.
3. Runs ``SHARED/eval/score_facets.py`` on all articles, on fr+en and on de,
   and prints the figures (--verbose: each article's misses and extras).

Exit status 2 if ../shared is missing, 1 if enrichment fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def assemble(shared: Path, out: Path) -> tuple[Path, list[dict]]:
    gold = [
        json.loads(line)
        for line in (shared / "eval/dev-gold.jsonl").open(encoding="utf-8")
        if line.strip()
    ]
    wanted = {g["id"] for g in gold}
    found: dict[str, dict] = {}
    seed = shared / "seed/article-fr-us-georgia.txt"
    found["seed-us-georgia"] = {
        "id": "seed-us-georgia",
        "title": "",
        "text": seed.read_text(encoding="utf-8"),
    }
    for path in sorted((shared / "data").glob("*.jsonl")):
        if path.name.endswith(".weak.jsonl"):
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not any(f'"{i}"' in line[:80] for i in wanted - set(found)):
                    continue
                row = json.loads(line)
                if row.get("id") in wanted:
                    found[row["id"]] = row
    missing = wanted - set(found)
    if missing:
        print(
            f"warning: {len(missing)} gold ids not found in data: {sorted(missing)}",
            file=sys.stderr,
        )
    path = out / "dev-input.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for g in gold:
            if g["id"] in found:
                f.write(json.dumps(found[g["id"]], ensure_ascii=False) + "\n")
    return path, gold


def cli_has_dry_run() -> bool:
    cli = ROOT / "src/es_ingest/cli/ingest.py"
    if not cli.exists():
        return False
    src = cli.read_text(encoding="utf-8")
    return "dry-run" in src and "ingest" in src


def run_cli(inp: Path, pred: Path) -> bool:
    exe = ROOT / ".venv/bin/es-ingest"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "es_ingest.cli"]
    cmd += ["ingest", "--dry-run", "--output", str(pred), str(inp)]
    print("$ " + " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0 or not pred.exists() or pred.stat().st_size == 0:
        print(f"CLI failed ({proc.returncode}): {proc.stderr.strip()[-800:]}", file=sys.stderr)
        return False
    return True


def run_direct(inp: Path, pred: Path) -> None:
    from es_ingest.enrich import Enricher
    from es_ingest.model import Article

    articles = []
    with inp.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            articles.append(
                Article(
                    id=row["id"],
                    title=row.get("title") or "",
                    text=row.get("text") or "",
                    declared_language=row.get("language"),
                    language=row.get("language"),
                )
            )
    with pred.open("w", encoding="utf-8") as f:
        for a in Enricher().pipe(articles):
            f.write(json.dumps(a.to_json_dict(), ensure_ascii=False) + "\n")


def score(shared: Path, gold_path: Path, pred: Path, verbose: bool) -> str:
    cmd = [sys.executable, str(shared / "eval/score_facets.py"), str(gold_path), str(pred)]
    if verbose:
        cmd.append("--verbose")
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=None, help="folder for input/prediction files")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--direct", action="store_true", help="call Enricher, not the CLI")
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "eval/dev-gold.jsonl").exists():
        print(f"no dev gold in {shared}/eval", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="es-ingest-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    inp, gold = assemble(shared, out)
    pred = out / "dev-pred.jsonl"
    used = "Enricher (direct)"
    if args.direct or not cli_has_dry_run() or not run_cli(inp, pred):
        run_direct(inp, pred)
    else:
        used = "es-ingest ingest --dry-run"
    print(f"predictions: {pred} (via {used})")
    groups = {
        "all": gold,
        "fr+en": [g for g in gold if g["language"] in ("fr", "en")],
        "de": [g for g in gold if g["language"] == "de"],
    }
    for name, rows in groups.items():
        gpath = out / f"gold-{name.replace('+', '-')}.jsonl"
        with gpath.open("w", encoding="utf-8") as f:
            for g in rows:
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
        print(f"\n== {name} ({len(rows)} articles)")
        print(score(shared, gpath, pred, args.verbose and name != "all").rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
