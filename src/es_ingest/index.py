"""Bulk indexing as a chain of generators, in the manner of elasticsearch-py's `helpers`.

    articles ─▶ actions() ─▶ chunks() ─▶ BulkSender.stream() ─▶ Outcome per article
                (documents.bulk_action)   (bulk requests, retries)

- `chunks` (with a `Batcher`) groups actions into requests of at most
  `bulk_docs` documents and `bulk_bytes` bytes, marking the last one (it asks
  for a refresh, so that what the summary calls indexed is searchable when
  the run returns). In `send_in_background` the first requests are smaller
  (8 documents, then twice as many each time) and a request leaves once it
  has been filling for a second, so the first articles are indexed as soon as
  they are enriched and the run's last request is small.
- `BulkSender.stream` sends each request and yields one `Outcome` per
  article: ``indexed``, ``rejected`` (bad data, with Elasticsearch's reason)
  or ``pending`` (the cluster's fault: replayable). What each item error
  means is decided in one place, `bulk_errors.classify`. Only the items that
  failed with a passing trouble (429, 5xx, the cluster unreachable) are sent
  again, with exponential backoff and jitter (parallel shards do not retry
  in lockstep), for up to `retry_seconds` per request.
- When nothing of a request goes through within its retry time, or the
  cluster refuses writes for its own state (a closed index, a write block,
  a missing alias), the sender *gives up*: `given_up` is set, one line says
  why, and every later article is pending at once. `ingest.run` then stops
  enriching the rest of the input. (A few items that keep failing while
  the rest goes through are pending; the run goes on.)
- Every request carries `require_alias=true`: a bulk request never creates
  an index, so a missing alias is a refusal, not a dynamic index.
- `send_in_background(sender, actions, …)` is the same chain with the
  sender in a second thread, so that enrichment and bulk requests overlap;
  it yields the outcomes in the caller's thread: the caller alone counts them.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from . import bulk_errors
from .bulk_errors import REFUSED, REJECTED, RETRY
from .connection import describe
from .documents import BulkAction, bulk_action
from .model import Article
from .pauses import Flow, Pause
from .signals import Stop, Stopped

log = logging.getLogger(__name__)

Chunk = tuple[list[BulkAction], bool]  # the actions of one request, and "is it the last"


@dataclass(frozen=True)
class Outcome:
    """The fate of one article: `status` is indexed, rejected or pending."""

    article: Article
    status: str
    reason: str = ""


def actions(articles: Iterable[Flow], index: str) -> Iterator[BulkAction | Pause]:
    """The bulk action of each article (see `documents.bulk_action`); pauses passed on."""
    for article in articles:
        yield article if isinstance(article, Pause) else bulk_action(article, index)


#: The first request of a run carries this many documents at most, the next ones
#: twice as many each, up to `bulk_docs`: the first articles are searchable as
#: soon as they are enriched, instead of after `bulk_docs` of them (500 by
#: default: 5 to 9 s into a 1,000-article run on 2 quiet cores).
FIRST_REQUEST_DOCS = 8
#: A request that has been filling for this long leaves with the next action:
#: the input's last request (sent when the enrichment is over, with nothing
#: left to overlap with) then holds about a second's worth of articles, and a
#: slow input (a pipe) is not held back for `bulk_docs` articles.
FLUSH_SECONDS = 1.0


class Batcher:
    """Collects actions into requests of at most `max_docs` documents and `max_bytes` bytes.

    With `first_docs` the first request holds at most that many documents
    and each next one twice as many, up to `max_docs` (default: `max_docs`
    from the start); with `max_seconds` a request that started filling that
    long ago is full (default: no time bound). `clock` is injectable for tests.
    """

    def __init__(
        self,
        max_docs: int,
        max_bytes: int,
        *,
        first_docs: int | None = None,
        max_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_docs, self.max_bytes = max_docs, max_bytes
        self.limit = min(first_docs or max_docs, max_docs)
        self.max_seconds = max_seconds
        self.clock = clock
        self.chunk: list[BulkAction] = []
        self.size = 0
        self.since = 0.0  # when the current request got its first action

    def add(self, action: BulkAction) -> list[BulkAction] | None:
        """Add `action`; returns the previous request when it is full, else None."""
        full = None
        if self.chunk and self._full(action):
            full, self.chunk, self.size = self.chunk, [], 0
            self.limit = min(2 * self.limit, self.max_docs)
        if not self.chunk and self.max_seconds is not None:
            self.since = self.clock()
        self.chunk.append(action)
        self.size += action.size
        return full

    def flush(self) -> list[BulkAction] | None:
        """The request being filled, now (the input paused), else None if it is empty."""
        if not self.chunk:
            return None
        full, self.chunk, self.size = self.chunk, [], 0
        self.limit = min(2 * self.limit, self.max_docs)
        return full

    def _full(self, action: BulkAction) -> bool:
        if len(self.chunk) >= self.limit or self.size + action.size > self.max_bytes:
            return True
        return self.max_seconds is not None and self.clock() - self.since >= self.max_seconds


def chunks(actions: Iterable[BulkAction], max_docs: int, max_bytes: int) -> Iterator[Chunk]:
    """Group `actions` into requests; each with True for the last one of the input.

    A full chunk is yielded when the next action arrives, so knowing which is
    last costs no waiting.
    """
    batcher = Batcher(max_docs, max_bytes)
    for action in actions:
        full = batcher.add(action)
        if full is not None:
            yield full, False
    if batcher.chunk:
        yield batcher.chunk, True


def backoff(attempt: int, *, first: float, cap: float, rng: random.Random) -> float:
    """Seconds to wait before retry `attempt` (0-based): doubling from `first` up to
    `cap`, then a random point in its upper half ("equal jitter"), so that
    senders that failed together do not come back together."""
    delay = min(first * 2**attempt, cap)
    return delay / 2 + rng.uniform(0, delay / 2)


class BulkSender:
    """Sends chunks and yields one `Outcome` per article (see the module docstring).

    `retry_seconds` (default 120) bounds the retries of one request;
    `first_backoff` (0.5 s) and `max_backoff` (30 s) shape the waits. `stop`
    (a `signals.Stop`) ends retries and sending at once when requested.
    `rng` is injectable for tests.
    """

    def __init__(
        self,
        client: Elasticsearch,
        *,
        retry_seconds: float = 120.0,
        first_backoff: float = 0.5,
        max_backoff: float = 30.0,
        stop: Stop | None = None,
        rng: random.Random | None = None,
    ) -> None:
        # We retry ourselves, so the transport must not retry too.
        self.client = client.options(max_retries=0, retry_on_timeout=False)
        self.retry_seconds = retry_seconds
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.stop = stop or Stop()
        self.rng = rng or random.Random()
        self.given_up = threading.Event()  # set once: every later article is pending
        self.why = ""  # why it gave up

    def stream(self, chunks: Iterable[Chunk]) -> Iterator[Outcome]:
        """Send each chunk; yield an outcome per article, in order of completion."""
        for chunk, last in chunks:
            if self.given_up.is_set() or self.stop.event.is_set():
                why = self.why or "stopped before it was sent"
                yield from (Outcome(a.article, "pending", why) for a in chunk)
                continue
            yield from self._send(chunk, refresh=last)

    def _send(self, chunk: list[BulkAction], *, refresh: bool) -> Iterator[Outcome]:
        todo = chunk
        deadline = time.monotonic() + self.retry_seconds
        attempt = 0
        while todo:
            failed, reason = yield from self._attempt(todo, refresh)
            if not failed or self.given_up.is_set():
                yield from (Outcome(a.article, "pending", self.why) for a in failed)
                return
            delay = backoff(attempt, first=self.first_backoff, cap=self.max_backoff, rng=self.rng)
            if time.monotonic() + delay > deadline:
                what = f"giving up on {len(failed)} documents after {self.retry_seconds:.0f}s"
                if len(failed) == len(todo):  # nothing goes through: the cluster is away
                    self._give_up(what, reason)
                else:  # the cluster works; these few stay pending, the run goes on
                    log.error("%s: %s; they go to the pending file", what, reason)
                yield from (Outcome(a.article, "pending", reason) for a in failed)
                return
            log.warning("retrying %d documents in %.1fs: %s", len(failed), delay, reason)
            if self.stop.event.wait(delay):
                yield from (Outcome(a.article, "pending", "stopped: " + reason) for a in failed)
                return
            todo, attempt = failed, attempt + 1

    def _attempt(
        self, todo: list[BulkAction], refresh: bool
    ) -> Generator[Outcome, None, tuple[list[BulkAction], str]]:
        """One request; yields the settled outcomes, returns what failed and why."""
        body = b"\n".join(part for a in todo for part in (a.action, a.source)) + b"\n"
        options: dict[str, Any] = {"require_alias": True}
        if refresh:
            options["refresh"] = True
        try:
            resp = self.client.bulk(operations=body, **options)  # type: ignore[arg-type]  # pre-encoded NDJSON
        except (es_exc.ConnectionError, es_exc.ConnectionTimeout) as exc:
            return todo, describe(exc)
        except es_exc.ApiError as exc:
            error = exc.body.get("error") if isinstance(exc.body, dict) else None
            verdict, why = bulk_errors.classify(exc.meta.status, error), describe(exc)
            if verdict == RETRY:
                return todo, why
            if verdict == REFUSED:
                self._refused(why)
                return todo, why
            yield from (Outcome(a.article, "rejected", why) for a in todo)
            return [], ""
        failed: list[BulkAction] = []
        reason = ""
        for action, result in zip(todo, resp.body["items"], strict=True):
            info = next(iter(result.values()))
            status = int(info.get("status", 500))
            if 200 <= status < 300:
                yield Outcome(action.article, "indexed")
                continue
            verdict = bulk_errors.classify(status, info.get("error"))
            why = bulk_errors.describe_item(info)
            if verdict == REJECTED:
                yield Outcome(action.article, "rejected", why)
                continue
            if verdict == REFUSED:
                self._refused(why)
            failed.append(action)
            reason = reason or why
        return failed, reason

    def _refused(self, why: str) -> None:
        self._give_up("Elasticsearch refuses writes (the cluster's state, not the data)", why)

    def _give_up(self, what: str, why: str) -> None:
        if self.given_up.is_set():
            return
        self.why = why
        self.given_up.set()
        log.error("%s: %s; the remaining articles go to the pending file as read", what, why or "-")


# --- overlap: the sender in a second thread -----------------------------------

_END = object()


@dataclass
class _Failure:
    exc: BaseException


# Over 60 lines only by its docstring (the hand-over contract, which callers
# rely on); the code is ~45 lines, and its parts share the two queues.
def send_in_background(
    sender: BulkSender,
    actions: Iterable[BulkAction | Pause],
    max_docs: int,
    max_bytes: int,
    *,
    depth: int = 2,
    first_docs: int | None = FIRST_REQUEST_DOCS,
    max_seconds: float | None = FLUSH_SECONDS,
) -> Iterator[Outcome]:
    """`sender.stream(chunks(actions, max_docs, max_bytes))` in a second thread;
    the outcomes are yielded here, in the caller's thread.

    Requests are cut by a `Batcher` that starts at `first_docs` documents
    (default `FIRST_REQUEST_DOCS`) and doubles up to `max_docs`, and sends a
    request that has been filling for `max_seconds` (default
    `FLUSH_SECONDS`; None for neither); a `pauses.PAUSE` among the actions
    sends the request being filled at once. At most `depth` requests wait for
    the sender, so the producer (enrichment) runs ahead of the bulk requests
    by a bounded amount and memory stays flat; outcomes are handed over after every action, so the
    caller counts them (and frees the articles) as they come. When the
    producer raises (`signals.Stopped` for a stop signal, or an error such as
    a dead enrichment worker), no further action is taken, the sender
    settles what it holds (queued requests become pending, the one in
    progress completes) and every outcome is still yielded before the
    exception is raised again. An exception in the sender thread (a bug) is
    raised here.
    """
    stop = sender.stop
    todo: queue.Queue[Any] = queue.Queue(maxsize=depth)
    done: queue.Queue[Any] = queue.Queue()

    def work() -> None:
        try:
            for outcome in sender.stream(iter(todo.get, _END)):
                done.put(outcome)
        except BaseException as exc:  # a bug: re-raised in the caller's thread
            done.put(_Failure(exc))
        finally:
            done.put(_END)

    thread = threading.Thread(target=work, name="bulk-sender", daemon=True)
    thread.start()
    failed: BaseException | None = None
    try:
        try:
            batcher = Batcher(max_docs, max_bytes, first_docs=first_docs, max_seconds=max_seconds)
            for action in actions:
                yield from _ready(done, stop)
                full = batcher.flush() if isinstance(action, Pause) else batcher.add(action)
                if full is not None:
                    yield from _put(todo, (full, False), thread, done, stop)
            if batcher.chunk:
                yield from _put(todo, (batcher.chunk, True), thread, done, stop)
        except (Exception, KeyboardInterrupt) as exc:  # a stop, or the producer failed
            # (e.g. an enrichment worker died): what was sent is still counted.
            failed = exc
            stop.event.set()
        while True:
            try:
                yield from _put(todo, _END, thread, done, stop)
                yield from _until_end(done, stop)
                break
            except Stopped as exc:  # a signal while settling: settle faster
                failed = failed or exc
                stop.event.set()
    finally:
        if thread.is_alive():  # closed early (an exception downstream): let it end
            stop.event.set()
            _drain_into(todo)
            todo.put(_END)
            thread.join()
    if failed is not None:
        raise failed


def _put(
    todo: queue.Queue[Any], item: object, thread: threading.Thread, done: Any, stop: Stop
) -> Iterator[Outcome]:
    """Queue `item` for the sender; while it is busy, yield the outcomes it settles."""
    while True:
        try:
            todo.put(item, timeout=0.05)
            return
        except queue.Full:
            yield from _ready(done, stop)
            if not thread.is_alive():
                _raise_failure(done)
                return


def _ready(done: queue.Queue[Any], stop: Stop) -> Iterator[Outcome]:
    """The outcomes available now (the consumer handles each inside a shield)."""
    while True:
        try:
            item = done.get_nowait()
        except queue.Empty:
            return
        if item is _END:
            done.put(_END)  # for _until_end
            return
        yield from _settle(item, stop)


def _until_end(done: queue.Queue[Any], stop: Stop) -> Iterator[Outcome]:
    while True:
        item = done.get()
        if item is _END:
            return
        yield from _settle(item, stop)


def _settle(item: object, stop: Stop) -> Iterator[Outcome]:
    if isinstance(item, _Failure):
        raise item.exc
    assert isinstance(item, Outcome)
    # Counting and saving an outcome is never cut by a signal (see signals.py).
    with stop.shield():
        yield item


def _raise_failure(done: queue.Queue[Any]) -> None:
    while True:
        try:
            item = done.get_nowait()
        except queue.Empty:
            raise RuntimeError("the bulk sender thread ended unexpectedly") from None
        if isinstance(item, _Failure):
            raise item.exc


def _drain_into(q: queue.Queue[Any]) -> None:
    while True:
        try:
            q.get_nowait()
        except queue.Empty:
            return
