"""Throughput of the Kafka path beside the file path, in one run (issue 15).

    .venv/bin/python benchmarks/bench_kafka.py      # 1,000 Reuters articles (make bench-kafka)
    .venv/bin/python benchmarks/bench_kafka.py -n 2000 --input fr

On the same input (the first `-n` articles of a ../shared/data file), every
step a real process with `--workers 1`, each into its own scratch alias:

1. file: `es-ingest ingest --workers 1 FILE`;
2. kafka x1: the articles are produced to a fresh topic (`--partitions`,
   default 4) before the clock starts, then one `es-ingest consume
   --workers 1` reads them; timed until the alias holds all `-n` documents;
3. kafka x2: two such consumers in one new group on the same topic.

For each it prints the wall time from the start of the process(es) to the
last document indexed, docs/s over that time ("end to end", start-up and
model loading included) and docs/s from the first document indexed to the
last ("steady": the documents after the first poll that saw any, over the
time since; start-up excluded; bulk requests of `--bulk-docs`, default 50, in
every step so that this first poll comes early), then the ratios the issue sets targets
for: kafka x1 / file (target >= 0.90) and kafka x2 / kafka x1 (target >= 1.8).
Two consumers can only be 2x one when two cores are free for them: the load
average before and after each step is printed with it. CPU seconds (user +
system of the step's es-ingest processes, from `getrusage(RUSAGE_CHILDREN)`,
start-up included) do not depend on the load: CPU ms per document compares
the work each path does even on a shared machine.

Needs ../shared/data (exits 0 with a message when absent), Elasticsearch
(`ES_URL`, default http://127.0.0.1:9200) and Kafka (`KAFKA_BOOTSTRAP_SERVERS`,
default 127.0.0.1:9092). Scratch aliases and topics are deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
INPUTS = {"en": SHARED / "news-en-reuters.jsonl", "fr": SHARED / "news-fr-orangesum.jsonl"}
ES_INGEST = str(Path(sys.executable).parent / "es-ingest")


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def prepare(src: Path, n: int, dest: Path) -> int:
    lines = []
    with src.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                lines.append(line if line.endswith("\n") else line + "\n")
            if len(lines) >= n:
                break
    dest.write_text("".join(lines), encoding="utf-8")
    return len(lines)


def count(es: Any, alias: str) -> int:
    try:
        es.indices.refresh(index=alias)
        return int(es.count(index=alias)["count"])
    except Exception:
        return 0


def timed_until(
    es: Any, alias: str, n: int, procs: list[subprocess.Popen[bytes]], limit: float
) -> tuple[float, float, int]:
    """Seconds to the last document, seconds to the first, documents at the first poll
    that saw any; polls the count every 0.2 s."""
    start = time.monotonic()
    first: tuple[float, int] | None = None
    while time.monotonic() - start < limit:
        c = count(es, alias)
        now = time.monotonic() - start
        if c > 0 and first is None:
            first = (now, c)
        if c >= n:
            return (now, *(first or (now, c)))
        if procs and all(p.poll() is not None for p in procs):
            if count(es, alias) >= n:
                return (time.monotonic() - start, *(first or (now, n)))
            raise RuntimeError(f"the process(es) exited with {n - c} documents missing")
        time.sleep(0.2)
    raise RuntimeError(f"not done within {limit:.0f}s ({count(es, alias)}/{n})")


def step_file(es: Any, data: Path, n: int, env: dict[str, str]) -> tuple[float, float, int, float]:
    alias = f"benchk-file-{uuid.uuid4().hex[:6]}"
    setup(alias, env)
    cpu = children_cpu()
    proc = subprocess.Popen(
        [ES_INGEST, "ingest", "--workers", "1", "--no-progress", str(data)],
        env=dict(env, ES_ALIAS=alias, ES_INGEST_REJECTS=os.devnull, ES_INGEST_PENDING=os.devnull),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        times = timed_until(es, alias, n, [proc], 3600)
    finally:
        proc.wait(600)
        cleanup(es, alias)
    return (*times, children_cpu() - cpu)


def step_kafka(
    es: Any, topic: str, n: int, consumers: int, env: dict[str, str], tmp: Path
) -> tuple[float, float, int, float]:
    alias = f"benchk-kafka{consumers}-{uuid.uuid4().hex[:6]}"
    setup(alias, env)
    group = f"bench-{uuid.uuid4().hex[:8]}"
    kenv = dict(env, ES_ALIAS=alias, KAFKA_TOPIC=topic, KAFKA_GROUP=group)
    logs = [(tmp / f"{alias}-{i}.log").open("wb") for i in range(consumers)]
    cpu = children_cpu()
    procs = [
        subprocess.Popen(
            [ES_INGEST, "consume", "--workers", "1", "--stats-interval", "5"],
            env=kenv,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        for log in logs
    ]
    try:
        times = timed_until(es, alias, n, procs, 3600)
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(120)
        for log in logs:
            log.close()
        cleanup(es, alias)
    return (*times, children_cpu() - cpu)


def children_cpu() -> float:
    """CPU seconds (user + system) of the child processes waited for so far."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def setup(alias: str, env: dict[str, str]) -> None:
    subprocess.run(
        [ES_INGEST, "setup"], env=dict(env, ES_ALIAS=alias), check=True, capture_output=True
    )


def cleanup(es: Any, alias: str) -> None:
    names = [n for n in es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body]
    if names:
        es.indices.delete(index=",".join(names))
    es.options(ignore_status=404).indices.delete_index_template(name=alias)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="articles (default 1000)")
    ap.add_argument("--input", choices=sorted(INPUTS), default="en")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--bulk-docs", type=int, default=50, help="per bulk request (default 50)")
    ap.add_argument("--es-url", default=os.environ.get("ES_URL", "http://127.0.0.1:9200"))
    ap.add_argument(
        "--bootstrap-servers", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    )
    args = ap.parse_args(argv)
    src = INPUTS[args.input]
    if not src.exists():
        print(f"{src} is absent: ../shared/data is needed for this benchmark")
        return 0
    from confluent_kafka.admin import AdminClient

    from es_ingest.config import Settings
    from es_ingest.connection import make_client
    from es_ingest.stream.produce import produce

    # Small bulk requests for every step, so that the first documents are
    # indexed (and seen) soon after processing starts: "steady" then measures
    # the processing, not the wait for a first 500-document batch.
    env = dict(
        os.environ,
        ES_URL=args.es_url,
        KAFKA_BOOTSTRAP_SERVERS=args.bootstrap_servers,
        ES_BULK_DOCS=str(args.bulk_docs),
    )
    es = make_client(Settings.from_env({}, es_url=args.es_url))
    results: dict[str, tuple[float, float, int, float, str]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-kafka-") as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "in.jsonl"
        n = prepare(src, args.n, data)
        topic = f"bench-{uuid.uuid4().hex[:8]}"
        settings = Settings.from_env(
            {}, es_url=args.es_url, bootstrap_servers=args.bootstrap_servers, topic=topic
        )
        produce([str(data)], settings, partitions=args.partitions)
        try:
            for name, run in (
                ("file", lambda: step_file(es, data, n, env)),
                ("kafka x1", lambda: step_kafka(es, topic, n, 1, env, tmp)),
                ("kafka x2", lambda: step_kafka(es, topic, n, 2, env, tmp)),
            ):
                before = load()
                total, first, at_first, cpu = run()
                results[name] = (total, first, at_first, cpu, f"{before} -> {load()}")
        finally:
            admin = AdminClient({"bootstrap.servers": args.bootstrap_servers})
            admin.delete_topics([topic, f"{topic}.rejects"])
    report(args, n, results)
    return 0


def report(
    args: argparse.Namespace, n: int, results: dict[str, tuple[float, float, int, float, str]]
) -> None:
    print(
        f"bench_kafka: {n} {args.input} articles, {args.partitions} partitions, --workers 1, "
        f"bulk {args.bulk_docs}"
    )
    print(
        f"{'step':<10} {'seconds':>8} {'docs/s e2e':>11} {'docs/s steady':>14} "
        f"{'CPU s':>7} {'CPU ms/doc':>10}  load 1/5/15 min"
    )
    rates: dict[str, tuple[float, float]] = {}
    cpu_ms: dict[str, float] = {}
    for name, (total, first, at_first, cpu, loads) in results.items():
        e2e = n / total
        steady = (n - at_first) / (total - first) if total > first else e2e
        rates[name] = (e2e, steady)
        cpu_ms[name] = 1000 * cpu / n
        print(
            f"{name:<10} {total:8.1f} {e2e:11.1f} {steady:14.1f} {cpu:7.1f} "
            f"{cpu_ms[name]:10.1f}  {loads}"
        )
    f, k1, k2 = rates["file"], rates["kafka x1"], rates["kafka x2"]
    print(
        f"kafka x1 / file:     {k1[0] / f[0]:.2f} end to end, {k1[1] / f[1]:.2f} steady "
        "(target >= 0.90)"
    )
    print(
        f"kafka x2 / kafka x1: {k2[0] / k1[0]:.2f} end to end, {k2[1] / k1[1]:.2f} steady "
        "(target >= 1.8)"
    )
    print(
        f"CPU per document, kafka x1 / file: {cpu_ms['kafka x1'] / cpu_ms['file']:.2f} "
        "(es-ingest processes only: the broker and Elasticsearch are not counted)"
    )
    print(
        json.dumps({k: {"e2e": round(v[0], 1), "steady": round(v[1], 1)} for k, v in rates.items()})
    )


if __name__ == "__main__":
    raise SystemExit(main())
