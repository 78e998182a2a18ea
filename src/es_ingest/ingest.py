"""The ingest pipeline: read → enrich → bulk index (or write, for a dry run).

`run()` streams: memory stays bounded whatever the input size. Bulk requests
run in their own thread, fed through a bounded queue, so enrichment never
waits for Elasticsearch and the reverse. Bad records go to the rejects file
(JSON Lines: `source`, `line`, `stage`, `reason`, `record`), articles that
Elasticsearch never acknowledged go to the pending file in the same format;
both can be fed back to `es-ingest ingest` as they are.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from elasticsearch import Elasticsearch

from .config import Settings
from .errors import DataError
from .index import BulkSender, Outcome, doc_id, marked_batches
from .model import Article
from .readers import Item
from .records import JsonlSink, check_outputs, dumps, pending_record, reject_record
from .shard import in_shard

log = logging.getLogger(__name__)

Enrich = Callable[[Iterable[Article]], Iterator[Article]]


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
    seconds: float = 0.0
    rejects_path: str | None = None
    pending_path: str | None = None


def _default_enrich(settings: Settings) -> Enrich:
    """In-process `Enricher` for one worker, worker processes otherwise (see parallel.py)."""
    from .parallel import make_enrich

    return make_enrich(settings.effective_workers, settings.batch_size)


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
) -> Summary:
    """Run the pipeline over `items` (from `readers.read_paths`).

    With `dry_run_output` the enriched articles are written there as JSON
    Lines and Elasticsearch is not touched; otherwise `client` is required.
    `on_reject` is called once per rejected record (default: a log warning);
    `on_progress(n)` after every n articles are done. Returns a `Summary`.
    KeyboardInterrupt stops reading; articles in flight are saved as pending.
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
    summary = Summary()
    started = time.monotonic()
    rejects = JsonlSink(settings.rejects_path)
    pending = JsonlSink(settings.pending_path)
    report = on_reject or (lambda err: log.warning("%s", err.one_line()))
    enrich = enrich or _default_enrich(settings)
    seen: set[str] = set()
    shard = settings.shard_spec
    in_flight: dict[int, Article] = {}
    lock = threading.Lock()

    def reject(err: DataError) -> None:
        with lock:
            summary.rejected += 1
        rejects.write(reject_record(err))
        report(err)

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, DataError):
                if in_shard(f"{item.source}:{item.line}", shard):
                    reject(item)
                continue
            item.id = doc_id(item)
            if not in_shard(item.id, shard):
                summary.other_shards += 1
                continue
            summary.read += 1
            if item.id in seen:
                summary.duplicates += 1
            else:
                seen.add(item.id)
            with lock:
                in_flight[id(item)] = item
            yield item

    def done(outcome: Outcome) -> None:
        article = outcome.article
        with lock:
            in_flight.pop(id(article), None)
        if outcome.status == "indexed":
            with lock:
                summary.indexed += 1
        elif outcome.status == "rejected":
            reject(
                DataError(
                    outcome.reason,
                    source=article.origin,
                    line=article.line,
                    stage="index",
                    raw=article.to_input_dict(),
                )
            )
        else:
            with lock:
                summary.pending += 1
            pending.write(pending_record(article, outcome.reason))
        if on_progress:
            on_progress(1)

    try:
        enriched = _report_notes(enrich(articles()))
        if dry_run_output is not None:
            for article in enriched:
                dry_run_output.write(dumps(article.to_json_dict()) + "\n")
                summary.written += 1
                with lock:
                    in_flight.pop(id(article), None)
                if on_progress:
                    on_progress(1)
        else:
            assert client is not None
            _index_concurrently(enriched, client, settings, index or settings.alias, done)
    except KeyboardInterrupt:
        summary.interrupted = True
        log.warning("interrupted: saving articles in flight as pending")
    finally:
        # Anything read but not acknowledged (interrupt, crash) is saved, not lost.
        with lock:
            leftovers = list(in_flight.values())
            in_flight.clear()
        if dry_run_output is None:
            for article in leftovers:
                summary.pending += 1
                pending.write(pending_record(article, "interrupted before indexing"))
        rejects.close()
        pending.close()
        summary.seconds = time.monotonic() - started
        summary.rejects_path = settings.rejects_path if rejects.used else None
        summary.pending_path = settings.pending_path if pending.used else None
    return summary


def _report_notes(articles: Iterable[Article]) -> Iterator[Article]:
    """Say what enrichment had to cut or skip (e.g. NER limited on a huge article)."""
    for article in articles:
        for note in article.notes:
            where = article.origin or "<input>"
            if article.line is not None:
                where = f"{where}:{article.line}"
            log.warning("%s: %s", where, note)
        yield article


_STOP = object()


def _index_concurrently(
    articles: Iterable[Article],
    client: Elasticsearch,
    settings: Settings,
    index: str,
    done: Callable[[Outcome], None],
) -> None:
    """Batch `articles` here and send the batches from a second thread.

    The queue holds at most two batches: enrichment runs ahead of the bulk
    requests by a bounded amount, so memory stays flat.
    """
    sender = BulkSender(client, retry_seconds=settings.retry_seconds)
    q: queue.Queue[Any] = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def worker() -> None:
        while True:
            task = q.get()
            if task is _STOP:
                return
            batch, last = task
            try:
                # The last request refreshes, so that everything the summary
                # calls indexed is searchable when the command returns.
                for outcome in sender.send(batch, refresh=last):
                    done(outcome)
            except BaseException as exc:  # a bug: re-raised in the main thread
                failure.append(exc)
                return

    thread = threading.Thread(target=worker, name="bulk-sender", daemon=True)
    thread.start()
    try:
        for task in marked_batches(articles, index, settings.bulk_docs, settings.bulk_bytes):
            while True:
                if failure:
                    raise failure[0]
                try:
                    q.put(task, timeout=0.5)
                    break
                except queue.Full:
                    continue
    finally:
        # Let the sender finish what it holds (in-flight batches are sent or
        # saved as pending), then stop it.
        while thread.is_alive():
            try:
                q.put(_STOP, timeout=0.5)
                break
            except queue.Full:
                continue
        thread.join()
    if failure:
        raise failure[0]
