"""Enrichment on every core: worker processes, each with its own `Enricher`.

`ParallelEnricher(workers, batch_size, models).pipe(articles)` yields the same
articles, in the same order, enriched in place, like `Enricher.pipe`:

- `workers` processes are started from a clean interpreter (``forkserver``
  by default, ``spawn`` on request: never plain ``fork``, because the parent
  runs threads and spaCy/BLAS state does not survive a fork well). Each
  builds one `Enricher` and keeps it, so models load once per worker.
- Articles travel in chunks of `chunk_size`. A chunk carries only what
  enrichment reads (every `Article` field but `extra`), as tuples; a result
  carries only what enrichment writes (language, facets, entities as tuples,
  notes, and any input string the enricher replaced).
- At most `max_in_flight` chunks are out at once (sent, or done and waiting
  for an earlier chunk), so memory stays flat whatever the input size; the
  input iterator is read only as fast as workers finish.
- Order is preserved with a reorder buffer keyed by chunk number.
- A worker retires after `recycle_after` articles and a fresh one is forked
  in its place: what a worker accumulates (spaCy's vocabulary grows with
  every new word; the pages it copies from the forkserver) is given back, so
  memory does not grow with the input.
- While the workers start (with the real `Enricher`: the forkserver's
  preload, 2 to 3 s of one core), this process reads ahead and runs the
  language step (`enrich.language.detect`) on up to `DETECT_AHEAD_MAX`
  articles, on the core that would otherwise wait; their findings travel
  with their chunk and the worker only writes them.
- An exception in a worker is raised in the parent as `WorkerError` (with the
  worker's traceback); a worker that dies (killed, out of memory, segfault)
  raises `WorkerError` too, never hangs the run.
- Closing the generator (end of input, an exception in the consumer,
  KeyboardInterrupt, `close()`) stops the workers; workers ignore SIGINT so
  that Ctrl-C is handled once, by the parent.

With one worker, `make_enrich` returns the in-process `Enricher.pipe`: no pool;
with several, it starts the pool only for an input of more than one chunk.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing as mp
import os
import queue
import signal
import threading
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import fields
from itertools import chain
from typing import Any, Protocol, cast

from .config import PRELOAD_ENV
from .errors import WorkerError
from .model import Article, Entity
from .pauses import PAUSE, Flow, Pause, around

log = logging.getLogger(__name__)

#: Article fields not shipped to workers (arbitrary input fields, not read by enrichment).
_NOT_SENT = frozenset({"extra"})
#: Fields enrichment writes: always shipped back.
ENRICHED_FIELDS = (
    "language",
    "language_confidence",
    "languages",
    "countries",
    "persons",
    "alliances",
    "organizations",
    "locations",
    "entities",
    "notes",
)
_SENT_FIELDS = tuple(f.name for f in fields(Article) if f.name not in _NOT_SENT)
_SENT_INDEX = {name: i for i, name in enumerate(_SENT_FIELDS)}
# Immutable input fields: shipped back only when the enricher replaced them.
_CHECKED_FIELDS = tuple(n for n in _SENT_FIELDS if n not in ENRICHED_FIELDS)

#: How long the parent waits for a result before checking that workers live.
_POLL_SECONDS = 0.2
#: How long workers get to exit after the end of input before being terminated.
_JOIN_SECONDS = 10.0
#: At most this many articles are read ahead (and their language found) while
#: the workers start: about 2 ms an article, so more than a start-up takes.
DETECT_AHEAD_MAX = 2048
#: A worker of the real Enricher under forkserver retires after this many
#: articles ($ES_INGEST_RECYCLE; 0: never): a fresh one starts with the
#: forkserver's models in a few ms, and rebuilds what the preload did not hold.
RECYCLE_AFTER = 1000
#: The `seq` of the message a worker sends when it retires.
_RETIRED = -2


class EnricherLike(Protocol):
    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]: ...


EnricherFactory = Callable[[], EnricherLike]


def default_factory(models: dict[str, str] | None = None, batch_size: int = 32) -> EnricherLike:
    """The real `Enricher` (imported here so that workers import spaCy, not the parent)."""
    from .enrich import Enricher

    enricher: EnricherLike = Enricher(models=models, batch_size=batch_size)
    return enricher


# --- what travels between processes ------------------------------------------

Row = tuple[Any, ...]


def _to_row(article: Article) -> Row:
    return tuple(getattr(article, name) for name in _SENT_FIELDS)


def _from_row(row: Row) -> Article:
    return Article(**dict(zip(_SENT_FIELDS, row, strict=True)))


def _result(article: Article, row: Row) -> tuple[Row, dict[str, Any] | None]:
    out = []
    for name in ENRICHED_FIELDS:
        value = getattr(article, name)
        if name == "entities":
            value = [(e.text, e.label, e.start, e.end, e.canonical) for e in value]
        out.append(value)
    changed = None
    for name in _CHECKED_FIELDS:
        value = getattr(article, name)
        if value is not row[_SENT_INDEX[name]]:
            changed = changed or {}
            changed[name] = value
    return tuple(out), changed


def _apply(article: Article, result: tuple[Row, dict[str, Any] | None]) -> None:
    values, changed = result
    for name, value in zip(ENRICHED_FIELDS, values, strict=True):
        if name == "entities":
            value = [Entity(*e) for e in value]
        setattr(article, name, value)
    if changed:
        for name, value in changed.items():
            setattr(article, name, value)


# --- the worker ----------------------------------------------------------------


def _exit_with_parent() -> None:
    """Exit this worker as soon as the process that started it dies.

    If the main process is killed (kill -9, the OOM killer), nothing tells the
    workers: one may even be blocked forever reading a half-sent chunk (every
    worker holds both ends of the queue's pipe, so no end-of-file comes). A
    daemon thread waits on the parent's sentinel and ends the process.
    """
    parent = mp.parent_process()  # the main process, also under forkserver
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's sentinel closes
        os._exit(70)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_main(
    factory: EnricherFactory, tasks: Any, results: Any, recycle_after: int = 0
) -> None:
    """Enrich chunks from `tasks` until None; put ``(seq, ok, payload)`` on `results`.

    After `recycle_after` articles (0: never) it puts ``(_RETIRED, True, pid)``
    and returns, between two chunks, for the parent to start another.
    """
    # The parent handles Ctrl-C and a closed terminal (see signals.py), then stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        enricher = factory()
    except BaseException:
        results.put((-1, False, traceback.format_exc()))
        return
    _exit_with_parent()
    enriched = 0
    while True:
        if recycle_after and enriched >= recycle_after:
            results.put((_RETIRED, True, os.getpid()))
            return
        task = tasks.get()
        if task is None:
            return
        seq, rows, found = task
        try:
            articles = [_from_row(row) for row in rows]
            if found:  # only with the real Enricher (see ParallelEnricher.pipe)
                done = list(cast(Any, enricher).pipe(iter(articles), found))
            else:
                done = list(enricher.pipe(iter(articles)))
            if len(done) != len(articles):
                raise RuntimeError(f"enricher returned {len(done)} articles for {len(articles)}")
            payload: Any = [_result(a, row) for a, row in zip(done, rows, strict=True)]
            results.put((seq, True, payload))
            enriched += len(rows)
        except BaseException:
            results.put((seq, False, traceback.format_exc()))


# --- the parent ----------------------------------------------------------------


class ParallelEnricher:
    """Enrich on `workers` processes; `pipe` has the contract of `Enricher.pipe`.

    `factory` builds the enricher in each worker (picklable: a module-level
    function or class, or a `functools.partial` of one); default the real
    `Enricher(models, batch_size)`. `chunk_size` articles per task (default
    ``2 * batch_size``), `max_in_flight` chunks out at once (default
    ``2 * workers + 1``), `start_method` ``forkserver`` or ``spawn``.
    `recycle_after` articles per worker before a fresh one replaces it
    (default ``$ES_INGEST_RECYCLE`` or `RECYCLE_AFTER` for the real Enricher
    under forkserver, never otherwise; 0: never).
    """

    def __init__(
        self,
        workers: int,
        batch_size: int = 32,
        models: dict[str, str] | None = None,
        *,
        factory: EnricherFactory | None = None,
        chunk_size: int | None = None,
        max_in_flight: int | None = None,
        start_method: str | None = None,
        recycle_after: int | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.factory: EnricherFactory = factory or functools.partial(
            default_factory, models, batch_size
        )
        self.preload = factory is None  # warm the real Enricher's caches in the forkserver
        self.chunk_size = chunk_size or int(os.environ.get("ES_INGEST_CHUNK", 0)) or 2 * batch_size
        self.max_in_flight = max_in_flight or 2 * workers + 1
        method = start_method or os.environ.get("ES_INGEST_START_METHOD") or "forkserver"
        if method not in ("forkserver", "spawn"):
            raise ValueError(f"start_method must be forkserver or spawn, not {method!r}")
        self.start_method = method
        if recycle_after is None:
            # Under spawn, a fresh worker would load its models again.
            cheap = method == "forkserver" and self.preload
            recycle_after = int(os.environ.get("ES_INGEST_RECYCLE", RECYCLE_AFTER)) if cheap else 0
        if recycle_after < 0:
            raise ValueError("recycle_after must be 0 (never) or more")
        self.recycle_after = recycle_after
        self.retired = 0  # workers replaced by a fresh one (diagnostics)
        self.processes: list[Any] = []
        self.detected_ahead = 0  # articles whose language this process found (diagnostics)

    def __call__(self, articles: Iterable[Flow]) -> Generator[Flow, None, None]:
        return self.pipe(articles)

    def pipe(self, articles: Iterable[Flow]) -> Generator[Flow, None, None]:
        """Yield `articles` in order, enriched in place (a generator: close it to stop).

        A `pauses.PAUSE` in `articles` sends the chunk being filled as it is;
        the marker is yielded after every article read before it.
        """
        it = iter(articles)
        first = next(it, None)
        if first is None:
            return  # no input (e.g. everything went to other shards): no pool
        ctx: Any = mp.get_context(self.start_method)
        if self.start_method == "forkserver" and self.preload:
            _set_preload(ctx)
        tasks = ctx.Queue()
        results = ctx.Queue()
        procs = [self._process(ctx, tasks, results, i) for i in range(self.workers)]
        self.processes = procs  # for tests and diagnostics
        found: dict[int, Any] = {}  # id(article) -> its language findings, until sent
        flow: Iterator[Flow] = chain([first], it)
        finished = False
        try:
            if self.preload:
                flow = self._start_detecting_ahead(procs, flow, found)
            else:
                for p in procs:
                    p.start()
            yield from self._run(flow, tasks, results, procs, found)
            finished = True
        finally:
            _shutdown(procs, tasks, results, graceful=finished)

    def _process(self, ctx: Any, tasks: Any, results: Any, number: int) -> Any:
        return ctx.Process(
            target=_worker_main,
            args=(self.factory, tasks, results, self.recycle_after),
            name=f"es-ingest-enrich-{number}",
            daemon=True,
        )

    def _replace(self, pid: int, procs: list[Any], tasks: Any, results: Any) -> None:
        """Start a fresh worker in place of the one with `pid`, which retired."""
        i = next(i for i, p in enumerate(procs) if p.pid == pid)
        procs[i].join(_JOIN_SECONDS)  # it returns right after its message
        self.retired += 1
        ctx: Any = mp.get_context(self.start_method)
        procs[i] = self._process(ctx, tasks, results, self.workers + self.retired - 1)
        procs[i].start()
        log.debug("worker %d retired, %s started", pid, procs[i].name)

    def _start_detecting_ahead(
        self, procs: list[Any], flow: Iterator[Flow], found: dict[int, Any]
    ) -> Iterator[Flow]:
        """Start `procs` in a thread; meanwhile find the language of what `flow` yields.

        Returns the flow to go on with (what was read ahead, then the rest).
        Raises what starting a worker raised.
        """
        from .enrich.language import detect

        errors: list[BaseException] = []

        def start() -> None:
            try:
                for p in procs:
                    p.start()  # blocks until the forkserver has preloaded
            except BaseException as exc:  # raised below, in this thread
                errors.append(exc)

        starter = threading.Thread(target=start, name="es-ingest-start-workers", daemon=True)
        starter.start()
        ahead: list[Flow] = []
        try:
            while starter.is_alive() and len(ahead) < DETECT_AHEAD_MAX:
                item = next(flow, None)
                if item is None:
                    break
                ahead.append(item)
                if isinstance(item, Pause):
                    break  # a stream paused: what it sent goes on at once
                try:
                    found[id(item)] = detect(item)
                except Exception:  # the worker's language step tries again
                    log.debug("language not found ahead for %s", item.id, exc_info=True)
        finally:
            starter.join()  # also on an error here: no worker starts after the shutdown
        if errors:
            raise errors[0]
        self.detected_ahead = len(found)
        log.debug("language found ahead for %d articles", len(found))
        return chain(ahead, flow)

    def _run(
        self,
        articles: Iterator[Flow],
        tasks: Any,
        results: Any,
        procs: list[Any],
        found: dict[int, Any],
    ) -> Iterator[Flow]:
        out: dict[int, list[Article]] = {}  # chunks sent and not yet yielded
        done: dict[int, Any] = {}  # results waiting for an earlier chunk
        sent = head = 0
        exhausted = paused = False
        while True:
            # After a pause, nothing more is read until all that came before is out.
            while not exhausted and not paused and len(out) < self.max_in_flight:
                chunk, paused = _take(articles, self.chunk_size)
                if chunk:
                    ahead = [found.pop(id(a), None) for a in chunk] if found else None
                    tasks.put((sent, [_to_row(a) for a in chunk], ahead))
                    out[sent] = chunk
                    sent += 1
                elif not paused:
                    exhausted = True
            if head not in out:
                if paused:
                    paused = False
                    yield PAUSE
                    continue
                return  # everything sent was yielded, and the input is exhausted
            while head not in done:
                seq, ok, payload = _next_result(results, procs)
                if not ok:
                    raise WorkerError(f"enrichment worker failed:\n{payload}")
                if seq == _RETIRED:
                    self._replace(payload, procs, tasks, results)
                    continue
                done[seq] = payload
            payload = done.pop(head)
            chunk = out.pop(head)
            head += 1
            for article, result in zip(chunk, payload, strict=True):
                _apply(article, result)
            yield from chunk


def _take(flow: Iterator[Flow], n: int) -> tuple[list[Article], bool]:
    """Up to `n` articles of `flow`, fewer at its end or at a pause; and whether it paused."""
    chunk: list[Article] = []
    for item in flow:
        if isinstance(item, Pause):
            return chunk, True
        chunk.append(item)
        if len(chunk) >= n:
            break
    return chunk, False


def _set_preload(ctx: Any) -> None:
    # Ignored if this process already started its forkserver.
    ctx.set_forkserver_preload(["es_ingest._warm"])


def prestart(start_method: str | None = None, languages: Iterable[str] = ()) -> None:
    """Start the forkserver now, so that it preloads while the caller does other work.

    For callers that will use the default `Enricher` on several workers (the
    CLI calls it first thing): the forkserver's preload (`es_ingest._warm`,
    about 0.9 s) then overlaps the caller's imports, connection checks and
    first reads instead of following them. `languages` (default none: e.g.
    `language_hint.guess_languages`) are the input's languages whose
    resources the forkserver loads too (``$ES_INGEST_PRELOAD``, unless it is
    set already: the user's choice wins). Does nothing for ``spawn``
    (`start_method`, default ``$ES_INGEST_START_METHOD`` or ``forkserver``).
    Never raises: a failure here leaves the start to `ParallelEnricher.pipe`.
    """
    method = start_method or os.environ.get("ES_INGEST_START_METHOD") or "forkserver"
    if method != "forkserver":
        return
    languages = list(languages)
    hinted = bool(languages) and PRELOAD_ENV not in os.environ
    if hinted:
        # The forkserver inherits this process's environment when it starts;
        # it is put back after, so nothing else here sees it.
        os.environ[PRELOAD_ENV] = ",".join(languages)
        log.debug("the forkserver preloads %s", os.environ[PRELOAD_ENV])
    try:
        from multiprocessing import forkserver

        _set_preload(mp.get_context("forkserver"))
        forkserver.ensure_running()
    except Exception:  # pragma: no cover - pipe() starts it anyway
        log.debug("could not start the forkserver early", exc_info=True)
    finally:
        if hinted:
            del os.environ[PRELOAD_ENV]


def _next_result(results: Any, procs: list[Any]) -> tuple[int, bool, Any]:
    """The next result; `WorkerError` as soon as a worker is found dead."""
    while True:
        try:
            item: tuple[int, bool, Any] = results.get(timeout=_POLL_SECONDS)
            return item
        except queue.Empty:
            pass
        for p in procs:
            if p.exitcode is not None:
                # It may have put a last message (e.g. its traceback) before dying.
                try:
                    last: tuple[int, bool, Any] = results.get(timeout=_POLL_SECONDS)
                    return last
                except queue.Empty:
                    pass
                raise WorkerError(
                    f"enrichment worker {p.name} (pid {p.pid}) died with exit code {p.exitcode}"
                )


def _shutdown(procs: list[Any], tasks: Any, results: Any, *, graceful: bool) -> None:
    """Stop the workers: politely after the end of input, at once otherwise."""
    started = [p for p in procs if p.pid is not None]
    if graceful:
        for _ in started:
            tasks.put(None)
        for p in started:
            p.join(_JOIN_SECONDS)
    for p in started:
        if p.exitcode is None:
            p.terminate()
    for p in started:
        p.join(5)
        if p.exitcode is None:
            p.kill()
            p.join()
    # Don't wait at exit for queued chunks nobody will read.
    tasks.cancel_join_thread()
    results.cancel_join_thread()
    tasks.close()
    results.close()


def make_enrich(
    workers: int, batch_size: int = 32, models: dict[str, str] | None = None, **options: Any
) -> Callable[[Iterable[Article]], Iterator[Article]]:
    """`make_flow_enrich`'s callable, for articles only (given articles, it yields articles)."""
    return cast(
        Callable[[Iterable[Article]], Iterator[Article]],
        make_flow_enrich(workers, batch_size, models, **options),
    )


def make_flow_enrich(
    workers: int, batch_size: int = 32, models: dict[str, str] | None = None, **options: Any
) -> Callable[[Iterable[Flow]], Iterator[Flow]]:
    """The enrich callable for `ingest.run`: in-process for one worker, a pool otherwise.

    With several workers the pool is started only for an input of more than
    one chunk (`ParallelEnricher.chunk_size` articles, 64 by default): the
    callable reads that many articles ahead and, when the input ends first,
    enriches them in this process (`small_input_in_process`), since a pool
    would give the single chunk to a single worker anyway, after starting
    them all. Either way a `pauses.PAUSE` in the input makes it give back
    every article read before it, then the marker.
    """
    factory: EnricherFactory = options.get("factory") or functools.partial(
        default_factory, models, batch_size
    )
    if workers <= 1:
        return functools.partial(around, factory().pipe)
    pool = ParallelEnricher(workers, batch_size, models, **options)
    return functools.partial(small_input_in_process, pool, factory)


def small_input_in_process(
    pool: ParallelEnricher, factory: EnricherFactory, articles: Iterable[Flow]
) -> Generator[Flow, None, None]:
    """`pool.pipe(articles)`, or `factory().pipe` in this process for one chunk or less.

    The decision reads at most ``pool.chunk_size + 1`` articles ahead: as many
    as the pool's first chunk would wait for, so a slow input (a pipe) is
    held back no longer than it was; an input that pauses before that
    (`pauses.PAUSE`) is a stream: it goes to the pool at once. Same
    articles, same order, same enrichment either way (`tests/unit/test_parallel.py`).
    """
    it = iter(articles)
    head, paused = _take(it, pool.chunk_size + 1)
    if paused:
        yield from pool.pipe(chain(head, [PAUSE], it))
        return
    if len(head) <= pool.chunk_size:
        log.debug("%d articles: enriched in this process, no worker pool", len(head))
        if pool.preload:
            # What the forkserver would build, built the same way (no collector).
            import es_ingest._warm  # noqa: F401
        yield from factory().pipe(iter(head))
        return
    yield from pool.pipe(chain(head, it))
