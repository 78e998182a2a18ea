"""Pauses of a slow input: a marker that tells each stage to pass on what it holds.

Every stage of `ingest` holds articles for efficiency: the enrichment workers
get chunks of 64, the in-process `Enricher` batches of 32, the bulk chain
requests of up to 500. On a feed that trickles (stdin from a process writing
an article every few seconds) an article could wait in one of them until
enough others arrived. `with_pauses(items, seconds)` reads `items` in a
thread and, when nothing more has arrived `seconds` after the last item,
yields `PAUSE` once; each stage passes what it holds on, then the marker
(`parallel`: the partial chunk; `around`: the stage's own buffer; `index`: the
request being filled; a dry run flushes its output). A fast input never
pauses (the reader runs ahead of enrichment), so nothing changes for files.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .model import Article

#: Seconds without a new item after which `with_pauses` yields `PAUSE`.
PAUSE_SECONDS = 1.0
#: Items read ahead at most by the reading thread (bounded memory).
READ_AHEAD = 256

T = TypeVar("T")


class Pause:
    """The input paused: pass on what you hold (one instance, `PAUSE`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "PAUSE"


PAUSE = Pause()

#: What flows between the stages of a run: articles, and now and then a pause.
Flow = Article | Pause


class with_pauses(Iterator[T | Pause]):  # noqa: N801  # used like the function it was
    """`items`, read in a daemon thread, with `PAUSE` after `seconds` without a new one.

    `PAUSE` comes at most once between two items (never before the first, nor
    at the end), so a feed idle for an hour costs one marker. The thread reads
    at most `READ_AHEAD` items ahead; an exception raised by `items` is raised
    here, in order. A stop (a signal) must not lose what the thread read
    ahead from a stream that cannot be read twice: `leftovers()` stops the
    thread and returns those items, in order, for the caller to save.
    """

    def __init__(self, items: Iterable[T], seconds: float = PAUSE_SECONDS) -> None:
        self._items = iter(items)
        self._seconds = seconds
        self._box: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=READ_AHEAD)
        self._closed = threading.Event()
        self._spilled: list[object] = []  # read after the stop began: kept for leftovers()
        self._held = False  # an item was yielded since the last pause
        self._done = False
        self._thread = threading.Thread(target=self._read, name="input-reader", daemon=True)
        self._thread.start()

    def _put(self, entry: tuple[bool, object]) -> None:
        while not self._closed.is_set():
            try:
                self._box.put(entry, timeout=0.1)
                return
            except queue.Full:
                continue
        if entry[0]:
            self._spilled.append(entry[1])

    def _read(self) -> None:
        try:
            # No new read starts once closed: what is read is either queued or spilled.
            while not self._closed.is_set():
                try:
                    item = next(self._items)
                except StopIteration:
                    self._put((False, None))
                    return
                self._put((True, item))
        except BaseException as exc:  # raised again in the consumer's thread
            self._put((False, exc))

    def __next__(self) -> T | Pause:
        if self._done:
            raise StopIteration
        try:
            is_item, value = self._box.get(timeout=self._seconds if self._held else None)
        except queue.Empty:
            self._held = False
            return PAUSE
        if not is_item:
            self._done = True
            if isinstance(value, BaseException):
                raise value
            raise StopIteration
        self._held = True
        return value  # type: ignore[return-value]  # an item of `items`

    def close(self) -> None:
        """Stop the reading thread at its next item (a read under way ends with the process)."""
        self._closed.set()
        self._done = True

    def leftovers(self, wait: float = 1.0) -> list[T]:
        """Stop reading; the items read and not yet yielded, in order.

        Waits up to `wait` seconds (default 1.0) for a read in progress to end,
        so that an item whose read was under way is not dropped.
        """
        self.close()
        self._thread.join(wait)
        left: list[object] = []
        while True:
            try:
                is_item, value = self._box.get_nowait()
            except queue.Empty:
                break
            if is_item:
                left.append(value)
        return left + self._spilled  # type: ignore[return-value]  # items of `items`


Stage = Callable[[Iterable[Article]], Iterator[Article]]


def around(stage: Stage, flow: Iterable[Flow]) -> Iterator[Flow]:
    """`stage` over the articles of `flow`, each run of articles up to a pause on its own.

    `stage` (e.g. `Enricher.pipe`, which batches) sees each run between two
    pauses as a whole input, so it gives back every article of a run before
    the run's `PAUSE` is passed on. Without pauses: exactly ``stage(flow)``.
    """
    it = iter(flow)
    paused = False

    def run() -> Iterator[Article]:
        nonlocal paused
        for item in it:
            if isinstance(item, Pause):
                paused = True
                return
            yield item

    while True:
        paused = False
        yield from stage(run())
        if not paused:
            return
        yield PAUSE
