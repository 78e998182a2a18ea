"""The ingest pipeline: read → enrich → bulk index (or write, for a dry run).

`run()` streams: memory stays bounded whatever the input size. The way of an
article: `_Run.intake` (id, shard, duplicates) → enrichment → `index.actions`
→ `index.send_in_background` (grouped into requests by `index.Batcher`, sent
from a second thread, so enrichment never waits for Elasticsearch and the
reverse) → one
`Outcome` per article, counted by `_Run.tally` in the caller's thread only.
Bad records go to the rejects file
(JSON Lines: `source`, `line`, `stage`, `reason`, `record`), articles that
Elasticsearch never acknowledged go to the pending file in the same format;
both can be fed back to `es-ingest ingest` as they are.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from elasticsearch import Elasticsearch

from .config import Settings
from .documents import doc_id
from .errors import DataError
from .index import BulkSender, Outcome, actions, send_in_background
from .model import Article
from .pauses import Flow, Pause, around, with_pauses
from .person_registry import consolidated, ingest_mapping
from .readers import Item
from .records import JsonlSink, check_outputs, dumps, pending_record, reject_record
from .shard import in_shard
from .signals import Stop, stop_on_signals

log = logging.getLogger(__name__)

Enrich = Callable[[Iterable[Flow]], Iterator[Flow]]


@dataclass
class Summary:
    """Counts of one run (the CLI prints them and derives its exit code from them)."""

    read: int = 0
    indexed: int = 0
    rejected: int = 0
    pending: int = 0
    duplicates: int = 0
    other_shards: int = 0  # --shard: articles left to the other shards
    written: int = 0  # dry run: articles written to the output
    interrupted: bool = False
    stopped_by: int | None = None  # the signal that stopped the run (exit code 128 + it)
    seconds: float = 0.0
    rejects_path: str | None = None
    pending_path: str | None = None


def _default_enrich(settings: Settings) -> Enrich:
    """In-process `Enricher` for one worker, worker processes otherwise (see parallel.py)."""
    from .parallel import make_flow_enrich

    return make_flow_enrich(settings.effective_workers, settings.batch_size)


def run(
    items: Iterable[Item],
    settings: Settings,
    *,
    client: Elasticsearch | None = None,
    dry_run_output: IO[str] | None = None,
    enrich: Enrich | None = None,
    on_reject: Callable[[DataError], None] | None = None,
    on_progress: Callable[[int], object] | None = None,
    index: str | None = None,
    pause_seconds: float | None = None,
) -> Summary:
    """Run the pipeline over `items` (from `readers.read_paths`).

    With `dry_run_output` the enriched articles are written there as JSON
    Lines and Elasticsearch is not touched; otherwise `client` is required
    (ValueError without either) and articles are written through `index`
    (default `settings.alias`), which must be an alias: no index is created.
    `on_reject` is called once per rejected record (default: a log warning);
    `on_progress(n)` after every n articles are done. With `pause_seconds`
    (for a stream such as stdin; default None, off) `items` are read in a
    thread, and when none has arrived for that long every stage passes on
    what it holds (`pauses.with_pauses`): an article written to a pipe that
    then stays open is enriched and indexed within a few seconds. `enrich`
    must then pass `pauses.PAUSE` on (`parallel.make_flow_enrich` does).
    Returns a `Summary`.

    SIGINT, SIGTERM and SIGHUP (in the main thread; see `signals.py`) stop
    reading; what was read and not acknowledged is saved as pending and
    `Summary.stopped_by` says which signal it was.
    """
    if dry_run_output is None and client is None:
        raise ValueError("either a client or dry_run_output is required")
    # Refused before anything is opened for writing (a replay into itself never ends).
    check_outputs(
        getattr(items, "paths", ()),
        {
            "rejects file (--rejects)": settings.rejects_path,
            # a dry run writes no pending file: replaying one dry is fine
            "pending file (--pending)": settings.pending_path if dry_run_output is None else None,
            "dry-run output (-o)": getattr(dry_run_output, "name", None),
        },
    )
    with stop_on_signals() as stop:
        state = _Run(settings, stop, on_reject, on_progress)
        pipe = None
        flow: Iterable[Item | Pause] = items
        reader: with_pauses[Item] | None = None
        if pause_seconds is not None:
            flow = reader = with_pauses(items, pause_seconds)
        try:
            pipe = (enrich or _default_enrich(settings))(state.intake(flow))
            if dry_run_output is not None:
                state.write_all(_report_notes(pipe), dry_run_output)
            else:
                assert client is not None
                state.index_all(_report_notes(pipe), client, index or settings.alias)
        except KeyboardInterrupt as exc:  # signals.Stopped, or Ctrl-C without our handler
            state.stopped(getattr(exc, "signum", signal.SIGINT))
        finally:
            stop.finishing()
            _close(pipe)
            # Read ahead from a stream that cannot be read twice: saved, not dropped.
            read_ahead = reader.leftovers() if reader is not None else []
            state.finish(save_leftovers=dry_run_output is None, read_ahead=read_ahead)
    return state.summary


class _Run:
    """The state of one run, changed only in the caller's thread.

    `intake` admits what was read (ids, shards, duplicates, read errors),
    `tally` counts each `Outcome` and files it; `in_flight` holds what was
    admitted and has no outcome yet, so that nothing read is lost on a stop
    or a crash: `finish` saves it as pending.
    """

    def __init__(
        self,
        settings: Settings,
        stop: Stop,
        on_reject: Callable[[DataError], None] | None,
        on_progress: Callable[[int], object] | None,
    ) -> None:
        self.settings = settings
        self.stop = stop
        self.summary = Summary()
        self.started = time.monotonic()
        self.rejects = JsonlSink(settings.rejects_path)
        self.pending = JsonlSink(settings.pending_path)
        self.report = on_reject or (lambda err: log.warning("%s", err.one_line()))
        self.progress = on_progress
        self.in_flight: dict[int, Article] = {}
        self.seen: set[str] = set()  # ids read so far (duplicates are counted)
        self.sender: BulkSender | None = None

    def intake(self, items: Iterable[Item | Pause]) -> Iterator[Flow]:
        """The articles to enrich; after Elasticsearch was given up on, none: pending as read."""
        seen = self.seen
        shard = self.settings.shard_spec
        for item in items:
            if isinstance(item, Pause):
                yield item
                continue
            with self.stop.shield():
                article = self._admit(item, seen, shard)
                if article is None:
                    continue
                if self.sender is not None and self.sender.given_up.is_set():
                    # No use enriching what cannot be indexed: saved as it was read.
                    self._save_pending(article, f"not indexed: {self.sender.why}")
                    continue
                self.in_flight[id(article)] = article
            yield article

    def _admit(self, item: Item, seen: set[str], shard: tuple[int, int] | None) -> Article | None:
        if isinstance(item, DataError):
            if in_shard(f"{item.source}:{item.line}", shard):
                self._reject(item)
            return None
        item.id = doc_id(item)  # the one place an article gets its id
        if not in_shard(item.id, shard):
            self.summary.other_shards += 1
            return None
        self.summary.read += 1
        if item.id in seen:
            self.summary.duplicates += 1
        else:
            seen.add(item.id)
        return item

    def index_all(self, articles: Iterable[Flow], client: Elasticsearch, index: str) -> None:
        """Index `articles` through `index`; the one loop that counts outcomes."""
        # New articles take the corpus's consolidated person values (person_registry).
        mapping = ingest_mapping(client, index)
        articles = around(lambda run: consolidated(run, mapping), articles)
        self.sender = BulkSender(client, retry_seconds=self.settings.retry_seconds, stop=self.stop)
        docs, size = self.settings.bulk_docs, self.settings.bulk_bytes
        for outcome in send_in_background(self.sender, actions(articles, index), docs, size):
            self.tally(outcome)

    def write_all(self, articles: Iterable[Flow], out: IO[str]) -> None:
        """The dry run: each enriched article as a JSON line (flushed when the input pauses)."""
        for article in articles:
            if isinstance(article, Pause):
                out.flush()
                continue
            with self.stop.shield():
                out.write(dumps(article.to_json_dict()) + "\n")
                self.summary.written += 1
                self.in_flight.pop(id(article), None)
                self._progressed()

    def tally(self, outcome: Outcome) -> None:
        article = outcome.article
        self.in_flight.pop(id(article), None)
        if outcome.status == "indexed":
            self.summary.indexed += 1
        elif outcome.status == "rejected":
            raw = article.to_input_dict()
            self._reject(
                DataError(
                    outcome.reason, source=article.origin, line=article.line, stage="index", raw=raw
                )
            )
        else:
            self._save_pending(article, outcome.reason)
            return
        self._progressed()

    def _reject(self, err: DataError) -> None:
        self.summary.rejected += 1
        self.rejects.write(reject_record(err))
        self.report(err)

    def _save_pending(self, article: Article, reason: str) -> None:
        self.summary.pending += 1
        self.pending.write(pending_record(article, reason))
        self._progressed()

    def _progressed(self) -> None:
        if self.progress:
            self.progress(1)

    def _admit_read_ahead(self, items: Iterable[Item]) -> None:
        for item in items:
            with self.stop.shield():
                article = self._admit(item, self.seen, self.settings.shard_spec)
                if article is not None:
                    self.in_flight[id(article)] = article

    def stopped(self, signum: int) -> None:
        self.summary.interrupted = True
        self.summary.stopped_by = signum

    def finish(self, *, save_leftovers: bool, read_ahead: Iterable[Item] = ()) -> None:
        """Save what was read and not acknowledged (a stop, a crash), close the files.

        `read_ahead`: items read from the input and not yet admitted (the
        reading thread of `with_pauses`); they are admitted and saved too.
        """
        if self.stop.signum is not None:
            self.stopped(self.stop.signum)
        try:
            if save_leftovers:
                self._admit_read_ahead(read_ahead)
            while save_leftovers and self.in_flight:
                with self.stop.shield():
                    # In reading order, so that a replay keeps "the last one wins".
                    article = self.in_flight.pop(next(iter(self.in_flight)))
                    self._save_pending(article, "interrupted before indexing")
        finally:
            self.rejects.close()
            self.pending.close()
            summary = self.summary
            summary.seconds = time.monotonic() - self.started
            summary.rejects_path = self.settings.rejects_path if self.rejects.used else None
            summary.pending_path = self.settings.pending_path if self.pending.used else None


def _close(pipe: object) -> None:
    """Close the enrichment generator now (stops worker processes), if it is one."""
    close = getattr(pipe, "close", None)
    if callable(close):
        close()


def _report_notes(articles: Iterable[Flow]) -> Iterator[Flow]:
    """Say what enrichment had to cut or skip (e.g. NER limited on a huge article)."""
    for article in articles:
        if isinstance(article, Pause):
            yield article
            continue
        for note in article.notes:
            where = article.origin or "<input>"
            if article.line is not None:
                where = f"{where}:{article.line}"
            log.warning("%s: %s", where, note)
        yield article
