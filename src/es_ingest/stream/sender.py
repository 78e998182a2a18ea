"""The consumer's bulk thread: index batches until Elasticsearch acknowledges them.

Unlike file ingest, nothing here becomes "pending": a stream can wait. A
batch whose documents Elasticsearch does not acknowledge (cluster down,
429/503) is retried with exponential backoff (0.5 s doubling to
`max_backoff`) for as long as it takes; meanwhile `down` is set, so that the
consumer pauses its partitions. Documents refused for their content go to
`reject` (the dead-letter topic). Each document done is acknowledged in the
`OffsetTracker`; documents of partitions revoked meanwhile are dropped
(their new owner reads them again: same ids, so no duplicates).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from elasticsearch import Elasticsearch

from ..documents import bulk_action
from ..errors import DataError
from ..index import BulkSender
from ..model import Article
from ..person_registry import consolidated
from .messages import Where
from .offsets import OffsetTracker
from .registry import RegistryView
from .stats import StreamStats

log = logging.getLogger(__name__)

_STOP = object()
_THREAD = "stream-bulk"


class _QuietBulkRetries(logging.Filter):
    """Keep `index.BulkSender`'s retry lines of this thread out of the log.

    For file ingest they announce pending articles ("giving up ..."); here the
    loop below retries for ever and says so once per outage instead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != _THREAD


_filter = _QuietBulkRetries()
logging.getLogger("es_ingest.index").addFilter(_filter)


@dataclass
class Work:
    """One enriched article and where its message came from."""

    article: Article
    where: Where


class StreamSender:
    """A thread sending queued batches of `Work` (at most `depth` waiting)."""

    def __init__(
        self,
        client: Elasticsearch,
        index: str,
        tracker: OffsetTracker,
        stats: StreamStats,
        reject: Callable[[DataError, Where], None],
        *,
        depth: int = 1,
        max_backoff: float = 30.0,
        registry: RegistryView | None = None,
    ) -> None:
        self.client = client
        self.index = index
        self.tracker = tracker
        self.stats = stats
        self.reject = reject
        self.max_backoff = max_backoff
        self.registry = registry
        self.queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self.down = threading.Event()
        self.abandon = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._main, name=_THREAD, daemon=True)
        self.thread.start()

    def busy(self) -> bool:
        """True while the consumer should not hand over more work."""
        return self.down.is_set() or self.queue.full() or self.failure is not None

    def wait_for_room(self, timeout: float) -> None:
        """Return when a batch can be queued, or after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.01)

    def put(self, batch: list[Work]) -> None:
        self.queue.put(batch)

    def finish(self, grace: float) -> None:
        """Send what is queued within `grace` seconds (at once if the cluster is down)."""
        if self.down.is_set():
            self.abandon.set()
        try:
            self.queue.put(_STOP, timeout=grace)
        except queue.Full:
            self.abandon.set()
            self.queue.put(_STOP)
        self.thread.join(grace)
        if self.thread.is_alive():
            self.abandon.set()
            self.thread.join()

    def _main(self) -> None:
        try:
            while True:
                task = self.queue.get()
                if task is _STOP:
                    return
                assert isinstance(task, list)
                if self.abandon.is_set():
                    self.stats.add("dropped", len(task))
                    continue
                self._send(task)
        except BaseException as exc:  # a bug: the consumer raises it
            self.failure = exc
            log.exception("the bulk thread failed")

    def _current(self, batch: list[Work]) -> list[Work]:
        """The work whose partition is still ours (same assignment epoch)."""
        keep = [w for w in batch if self.tracker.epoch(w.where.tp) == w.where.epoch]
        if len(keep) < len(batch):
            self.stats.add("dropped", len(batch) - len(keep))
        return keep

    def _consolidate(self, batch: list[Work]) -> None:
        """Give the batch's articles the registry's person values (see `registry.py`)."""
        mapping = self.registry.mapping() if self.registry is not None else {}
        for _ in consolidated((w.article for w in batch), mapping):
            pass  # in place: the Work objects hold the articles

    def _send(self, batch: list[Work]) -> None:
        delay = 0.5
        pending = self._current(batch)
        self._consolidate(pending)
        while pending:
            by_article = {id(w.article): w for w in pending}
            actions = [bulk_action(w.article, self.index) for w in pending]
            retry: list[Work] = []
            reason = ""
            # A new sender per attempt, with short inner retries: one that gave
            # up answers "pending" for ever, and this loop, which never gives
            # up, checks for revoked partitions and for a stop between attempts.
            bulk = BulkSender(self.client, retry_seconds=2.0, max_backoff=1.0)
            for outcome in bulk.stream([(actions, False)]):
                work = by_article[id(outcome.article)]
                if outcome.status == "indexed":
                    if self.tracker.ack(work.where.tp, work.where.offset, work.where.epoch):
                        self.stats.add("indexed")
                elif outcome.status == "rejected":
                    err = DataError(
                        outcome.reason,
                        source=work.where.topic,
                        stage="index",
                        raw=work.article.to_input_dict(),
                    )
                    self.reject(err, work.where)
                else:
                    retry.append(work)
                    reason = outcome.reason
            if not retry:
                if self.down.is_set():
                    log.warning("Elasticsearch acknowledges again: resuming")
                self.down.clear()
                self.stats.elasticsearch_down = False
                return
            if not self.down.is_set():
                log.warning(
                    "Elasticsearch did not acknowledge %d documents (%s): pausing the "
                    "partitions and retrying until it does",
                    len(retry),
                    reason,
                )
            else:
                log.info("still waiting for Elasticsearch: %s", reason)
            self.down.set()
            self.stats.elasticsearch_down = True
            self.stats.add("retries")
            if self.abandon.wait(delay):
                self.stats.add("dropped", len(retry))
                return
            delay = min(delay * 2, self.max_backoff)
            pending = self._current(retry)
