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


def with_pauses(items: Iterable[T], seconds: float = PAUSE_SECONDS) -> Iterator[T | Pause]:
    """`items`, read in a daemon thread, with `PAUSE` after `seconds` without a new one.

    `PAUSE` comes at most once between two items (never before the first, nor
    at the end), so a feed idle for an hour costs one marker. The thread reads
    at most `READ_AHEAD` items ahead; an exception raised by `items` is raised
    here, in order. Closing the generator stops the thread at its next item
    (one blocked in a read ends with the process: it is a daemon).
    """
    box: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=READ_AHEAD)
    closed = threading.Event()

    def put(entry: tuple[bool, object]) -> bool:
        while not closed.is_set():
            try:
                box.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
            put((False, None))
        except BaseException as exc:  # raised again in the consumer's thread
            put((False, exc))

    threading.Thread(target=read, name="input-reader", daemon=True).start()
    held = False  # an item was yielded since the last pause
    try:
        while True:
            try:
                is_item, value = box.get(timeout=seconds if held else None)
            except queue.Empty:
                held = False
                yield PAUSE
                continue
            if not is_item:
                if isinstance(value, BaseException):
                    raise value
                return
            held = True
            yield value  # type: ignore[misc]  # an item of `items`
    finally:
        closed.set()


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
