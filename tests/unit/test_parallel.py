"""The parallel enrichment path (`es_ingest.parallel`) and `--shard` (`es_ingest.shard`).

The first test runs the real models in worker processes and compares with the
in-process `Enricher`; the others use small enrichers defined here (workers
import this module to unpickle them).
"""

from __future__ import annotations

import functools
import io
import json
import os
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from es_ingest.cli import main
from es_ingest.config import Settings
from es_ingest.errors import ConfigError
from es_ingest.ingest import run
from es_ingest.model import Article, Entity
from es_ingest.parallel import ParallelEnricher, WorkerError, make_enrich
from es_ingest.readers import read_string
from es_ingest.shard import in_shard, parse_shard, shard_of

TEXTS = [
    ("fr", "Emmanuel Macron a reçu Olaf Scholz à Paris pour parler de l'OTAN et de l'Ukraine."),
    (
        "fr",
        "La Géorgie a demandé son adhésion à l'Union européenne, a déclaré Salomé Zourabichvili.",
    ),
    ("fr", "Le président américain Joe Biden est arrivé à Berlin mardi soir."),
    ("fr", "Les ministres des Affaires étrangères du G7 se réunissent à Tokyo."),
    ("fr", "Vladimir Poutine a menacé la Finlande et la Suède après leur entrée dans l'Otan."),
    ("fr", "La Banque centrale européenne relève ses taux, annonce Christine Lagarde à Francfort."),
    ("fr", "À Marseille, Jean-Claude Gaudin a inauguré le nouveau port avec des élus algériens."),
    ("fr", "Le Brésil et l'Argentine ont signé un accord commercial à Buenos Aires."),
    ("fr", "Le Premier ministre indien Narendra Modi a rencontré des industriels allemands."),
    ("fr", "Angela Merkel a quitté la chancellerie après seize ans au pouvoir en Allemagne."),
    ("en", "Prime Minister Boris Johnson met President Biden in Washington on Monday."),
    ("en", "NATO allies agreed to send more troops to Poland and the Baltic states."),
    ("en", "Georgia's parliament voted on a bill that critics say mirrors Russian law."),
    ("en", "Chinese President Xi Jinping visited Moscow to meet Vladimir Putin."),
    ("en", "Shares of Toyota fell in Tokyo after the yen strengthened against the dollar."),
    (
        "en",
        "The European Union fined Google over its Android business, officials in Brussels said.",
    ),
    ("en", "Kenya and Ethiopia signed a water agreement in Nairobi on Thursday."),
    ("en", "Canadian Prime Minister Justin Trudeau announced new sanctions on Iran."),
    ("en", "Oil prices rose after OPEC members met in Vienna, Saudi officials said."),
    ("en", "Angela Merkel told reporters in Berlin that Germany would back the plan."),
]


def _articles() -> list[Article]:
    return [
        Article(text=text, id=f"t{i}", title=f"Title {i}", source="test", extra={"keep": i})
        for i, (_, text) in enumerate(TEXTS)
    ]


def _enriched_view(article: Article) -> dict[str, object]:
    out = article.to_json_dict()
    out["extra"] = article.extra
    return out


# --- the real models: parallel == single process --------------------------------------


def test_parallel_and_single_process_give_the_same_enriched_articles() -> None:
    from es_ingest.enrich import Enricher

    single = [_enriched_view(a) for a in Enricher(batch_size=4).pipe(_articles())]
    parallel_enricher = ParallelEnricher(2, batch_size=4, chunk_size=8)
    parallel = [_enriched_view(a) for a in parallel_enricher.pipe(_articles())]
    assert [a["id"] for a in parallel] == [f"t{i}" for i in range(len(TEXTS))]
    assert parallel == single
    # The enrichment really happened (not two empty results compared).
    langs = [a["language"] for a in single]
    assert langs == [lang for lang, _ in TEXTS]
    assert any(a["persons"] for a in single) and any(a["countries"] for a in single)
    # Workers are gone once the generator is exhausted.
    assert all(p.exitcode is not None for p in parallel_enricher.processes)


def _mixed_feed(shared: Path, per_source: int = 3) -> list[Article]:
    """English, French and German news and PUD documents, interleaved as in a feed."""
    sources: list[list[dict[str, object]]] = []
    for name in ("news-en-reuters.jsonl", "news-fr-orangesum.jsonl", "news-de-gnad.jsonl"):
        with (shared / "data" / name).open(encoding="utf-8") as fh:
            sources.append([json.loads(next(fh)) for _ in range(per_source)])
    pud: dict[str, list[str]] = {}  # each language's first PUD document
    first_doc: dict[str, str] = {}
    with (shared / "eval" / "pud" / "pud-dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            lang, sent_id = row["id"].split("-", 1)  # sent_id: document (6) + sentence
            wanted = lang in ("ru", "es", "zh", "pl")
            if wanted and first_doc.setdefault(lang, sent_id[:6]) == sent_id[:6]:
                pud.setdefault(lang, []).append(row["text"])
    sources.append([{"id": f"pud-{k}", "text": " ".join(v)} for k, v in sorted(pud.items())])
    feed = []
    for i in range(max(map(len, sources))):
        feed.extend(src[i] for src in sources if i < len(src))
    return [
        Article(text=str(r["text"]), id=str(r["id"]), title=str(r.get("title") or ""), source="t")
        for r in feed
    ]


def test_parallel_and_single_process_agree_on_a_mixed_language_feed(shared: Path) -> None:
    from es_ingest.enrich import Enricher

    single = [_enriched_view(a) for a in Enricher(batch_size=4).pipe(_mixed_feed(shared))]
    parallel_enricher = ParallelEnricher(2, batch_size=4, chunk_size=4)
    parallel = [_enriched_view(a) for a in parallel_enricher.pipe(_mixed_feed(shared))]
    assert [a["id"] for a in parallel] == [a.id for a in _mixed_feed(shared)]
    assert parallel == single
    # Every language of the feed was enriched, models or not.
    langs = {a["language"] for a in single}
    assert {"en", "fr", "de", "ru", "es", "zh", "pl"} <= langs
    with_model = [a for a in single if a["language"] in ("en", "fr")]
    without = [a for a in single if a["language"] not in ("en", "fr")]
    assert any(a["persons"] for a in with_model) and any(a["countries"] for a in without)
    assert all(a["entities"] for a in single if a["language"] in ("en", "fr", "de"))


# --- small enrichers (module level: workers unpickle them by name) --------------------


class Tagging:
    """Fills fields from the text; can sleep, raise or die on a given article."""

    def __init__(self, fail_on: str | None = None, die_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.die_on = die_on
        self.rng = random.Random(os.getpid())

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            if self.fail_on and a.text == self.fail_on:
                raise ValueError(f"cannot enrich {a.text}")
            if self.die_on and a.text == self.die_on:
                os._exit(7)
            time.sleep(self.rng.random() * 0.002)  # chunks finish out of order
            a.language = "en"
            a.persons = [a.text.upper()]
            a.entities = [Entity(a.text, "PER", 0, len(a.text), a.text.upper())]
            a.notes.append("tagged")
            yield a


def _plain(n: int) -> list[Article]:
    return [Article(text=f"doc {i}", id=str(i), extra={"i": i}) for i in range(n)]


def test_order_is_preserved_and_fields_come_back() -> None:
    pe = ParallelEnricher(2, factory=Tagging, chunk_size=3, max_in_flight=4)
    articles = _plain(200)
    out = list(pe.pipe(iter(articles)))
    assert [a.text for a in out] == [f"doc {i}" for i in range(200)]
    assert all(a is b for a, b in zip(out, articles, strict=True))  # enriched in place
    assert out[17].persons == ["DOC 17"] and out[17].notes == ["tagged"]
    assert out[17].entities == [Entity("doc 17", "PER", 0, 6, "DOC 17")]
    assert out[17].extra == {"i": 17}  # not shipped, still there


def test_input_is_read_lazily_with_bounded_chunks_in_flight() -> None:
    pulled = 0

    def source() -> Iterator[Article]:
        nonlocal pulled
        for a in _plain(10_000):
            pulled += 1
            yield a

    gen = ParallelEnricher(2, factory=Tagging, chunk_size=5, max_in_flight=3).pipe(source())
    first = next(gen)
    assert first.text == "doc 0"
    assert pulled <= 5 * 3 + 5  # at most max_in_flight chunks (+ one being cut) read ahead
    gen.close()


def test_a_worker_exception_is_raised_in_the_parent() -> None:
    pe = ParallelEnricher(2, factory=functools.partial(Tagging, fail_on="doc 57"), chunk_size=4)
    with pytest.raises(WorkerError, match="cannot enrich doc 57"):
        list(pe.pipe(_plain(200)))
    assert all(p.exitcode is not None for p in pe.processes)


def test_a_worker_that_dies_raises_instead_of_hanging() -> None:
    pe = ParallelEnricher(2, factory=functools.partial(Tagging, die_on="doc 33"), chunk_size=4)
    started = time.monotonic()
    with pytest.raises(WorkerError, match="died with exit code 7"):
        list(pe.pipe(_plain(200)))
    assert time.monotonic() - started < 30
    assert all(p.exitcode is not None for p in pe.processes)


def test_closing_the_generator_stops_the_workers() -> None:
    pe = ParallelEnricher(2, factory=Tagging, chunk_size=2)
    gen = pe.pipe(_plain(1000))
    next(gen)
    assert all(p.is_alive() for p in pe.processes)
    gen.close()
    assert all(p.exitcode is not None for p in pe.processes)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


VICTIM = """
import time
from es_ingest.model import Article
from es_ingest.parallel import ParallelEnricher

class Slow:
    def pipe(self, articles):
        for a in articles:
            time.sleep(0.05)
            yield a

if __name__ == "__main__":
    pe = ParallelEnricher(2, factory=Slow, chunk_size=4)
    # 400 kB chunks: bigger than a pipe buffer, so a chunk is often half sent
    gen = pe.pipe(Article(text="x" * 100_000) for _ in range(10_000))
    next(gen)
    print(" ".join(str(p.pid) for p in pe.processes), flush=True)
    time.sleep(60)
"""


def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "victim.py"
    script.write_text(textwrap.dedent(VICTIM), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    pids = [int(x) for x in proc.stdout.readline().split()]
    proc.stdout.close()
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids), "workers outlived the killed main process"


def test_one_worker_means_no_pool() -> None:
    enrich = make_enrich(1, factory=Tagging)
    assert not isinstance(getattr(enrich, "__self__", None), ParallelEnricher)
    assert [a.persons for a in enrich(_plain(2))] == [["DOC 0"], ["DOC 1"]]


class Where:
    """Notes the process that enriched each article."""

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            a.notes.append(str(os.getpid()))
            yield a


def test_an_input_of_one_chunk_or_less_is_enriched_in_process_a_longer_one_by_the_pool() -> None:
    enrich = make_enrich(2, factory=Where, chunk_size=4)
    small = list(enrich(_plain(4)))
    assert [a.text for a in small] == [f"doc {i}" for i in range(4)]
    assert {a.notes[0] for a in small} == {str(os.getpid())}
    large = list(enrich(_plain(5)))  # more than one chunk: the workers enrich it all, in order
    assert [a.text for a in large] == [f"doc {i}" for i in range(5)]
    assert all(len(a.notes) == 1 and a.notes[0] != str(os.getpid()) for a in large)


def test_no_input_starts_no_worker() -> None:
    pe = ParallelEnricher(2, factory=Tagging)
    assert list(pe.pipe(iter([]))) == []
    assert pe.processes == []


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError):
        ParallelEnricher(0)
    with pytest.raises(ValueError):
        ParallelEnricher(2, start_method="fork")
    with pytest.raises(ValueError):
        ParallelEnricher(2, recycle_after=-1)


class PidTagging(Tagging):
    """`Tagging`, and the worker's pid in the notes."""

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for a in super().pipe(articles):
            a.notes.append(f"pid {os.getpid()}")
            yield a


def test_workers_retire_and_fresh_ones_go_on_without_losing_an_article() -> None:
    pool = ParallelEnricher(2, factory=PidTagging, chunk_size=4, recycle_after=8)
    out = list(pool.pipe(_plain(100)))
    assert [a.id for a in out] == [str(i) for i in range(100)]
    assert all(a.persons == [f"DOC {a.extra['i']}"] for a in out)
    # 100 articles, 8 a worker: a dozen workers, none of which did more than 8.
    pids = [a.notes[-1] for a in out]
    assert len(set(pids)) >= 10 and max(pids.count(p) for p in set(pids)) <= 8
    assert pool.retired >= 10
    assert all(p.exitcode is not None for p in pool.processes)


def test_recycling_is_on_by_default_only_where_a_fresh_worker_is_cheap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ES_INGEST_RECYCLE", raising=False)
    assert ParallelEnricher(2).recycle_after == 1000  # forkserver, models preloaded
    assert ParallelEnricher(2, start_method="spawn").recycle_after == 0
    assert ParallelEnricher(2, factory=Tagging).recycle_after == 0
    assert ParallelEnricher(2, factory=Tagging, recycle_after=5).recycle_after == 5
    monkeypatch.setenv("ES_INGEST_RECYCLE", "0")
    assert ParallelEnricher(2).recycle_after == 0


# --- --shard K/N ---------------------------------------------------------------------


def test_shard_spec_is_parsed_and_checked() -> None:
    assert parse_shard("1/4") == (1, 4)
    assert parse_shard(" 0 / 1 ") == (0, 1)
    for bad in ("4/4", "-1/4", "1/0", "1", "a/b", "1/2/3"):
        with pytest.raises(ConfigError):
            parse_shard(bad)
    assert Settings.from_env({"ES_INGEST_SHARD": "2/3"}).shard_spec == (2, 3)
    assert Settings.from_env({}).shard_spec is None
    with pytest.raises(ConfigError):
        Settings.from_env({"ES_INGEST_SHARD": "3/3"})


def test_shard_of_is_a_stable_hash() -> None:
    # sha1("reuters-1") starts with 0x0c5e0d0d..., fixed forever (no per-process salt).
    import hashlib

    expected = int.from_bytes(hashlib.sha1(b"reuters-1").digest()[:8], "big") % 7
    assert shard_of("reuters-1", 7) == expected
    assert in_shard("anything", None) and in_shard("anything", (0, 1))


def _identity(articles: Iterable[Article]) -> Iterator[Article]:
    yield from articles


def _jsonl(n: int) -> str:
    lines = [
        json.dumps({"id": f"a{i}", "title": f"T{i}", "text": f"Text number {i}."}) for i in range(n)
    ]
    lines.insert(10, "{not json")  # a bad record: reported by exactly one shard
    return "\n".join(lines) + "\n"


def test_shards_split_the_input_deterministically_and_cover_it() -> None:
    data = _jsonl(300)
    n = 4
    seen: list[list[str]] = []
    rejected = 0
    for k in range(n):
        runs: list[str] = []
        for _ in range(2):  # the same shard twice gives the same articles
            out = io.StringIO()
            settings = Settings.from_env({}, shard=f"{k}/{n}")
            summary = run(
                read_string(data, "input.jsonl"),
                settings.with_(rejects_path=os.devnull),
                dry_run_output=out,
                enrich=_identity,
                on_reject=lambda err: None,
            )
            ids = [json.loads(line)["id"] for line in out.getvalue().splitlines()]
            assert summary.written == len(ids) and summary.other_shards == 300 - len(ids)
            runs.append(out.getvalue())
        assert runs[0] and runs[0] == runs[1]  # same documents, same order, same bytes
        seen.append(ids)
        rejected += summary.rejected
    flat = [i for ids in seen for i in ids]
    assert sorted(flat) == sorted(f"a{i}" for i in range(300))  # union = input, disjoint
    assert all(30 < len(ids) < 120 for ids in seen)  # roughly even
    assert rejected == 1
    for k, ids in enumerate(seen):
        assert all(shard_of(i, n) == k for i in ids)


def test_cli_refuses_a_bad_shard() -> None:
    result = CliRunner().invoke(main, ["ingest", "--dry-run", "--shard", "5/2", "-"], input="")
    assert result.exit_code == 2
    assert "0 <= K < N" in result.output
