"""A slow input that pauses: what was read is passed on by every stage (es_ingest.pauses).

Each source below yields a few articles, then waits (up to 20 s) for the
consumer to have received them before it yields the rest: if a stage held
them back until more input came, the wait would time out and the test fail.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterable, Iterator

import pytest

from es_ingest.config import Settings
from es_ingest.index import Outcome, actions, send_in_background
from es_ingest.ingest import run
from es_ingest.model import Article
from es_ingest.parallel import make_flow_enrich
from es_ingest.pauses import PAUSE, Pause, around, with_pauses
from es_ingest.readers import read_string
from es_ingest.signals import Stop

WAIT = 20.0  # seconds a source waits for its consumer (a failure, never a pass, if reached)


class Tagging:
    """A stand-in enricher that batches like `Enricher.pipe` (16 at a time)."""

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch: list[Article] = []
        for a in articles:
            batch.append(a)
            if len(batch) == 16:
                yield from self._tag(batch)
                batch = []
        yield from self._tag(batch)

    def _tag(self, batch: list[Article]) -> list[Article]:
        for a in batch:
            a.persons = [a.text.upper()]
        return batch


def _plain(n: int, start: int = 0) -> list[Article]:
    return [Article(text=f"doc {i}", id=str(i)) for i in range(start, start + n)]


class PausingSource:
    """Yields `first` articles, then waits for `received` before yielding `rest`."""

    def __init__(self, first: list[Article], rest: list[Article]) -> None:
        self.first, self.rest = first, rest
        self.received = threading.Event()
        self.resumed_by_consumer: bool | None = None

    def __iter__(self) -> Iterator[Article]:
        yield from self.first
        self.resumed_by_consumer = self.received.wait(WAIT)
        yield from self.rest


def test_a_pause_is_marked_once_after_the_items_read_before_it() -> None:
    source = PausingSource(_plain(2), _plain(1, start=2))
    out: list[object] = []
    for item in with_pauses(source, seconds=0.2):
        out.append(item)
        if item is PAUSE:
            source.received.set()
    assert source.resumed_by_consumer is True
    assert [x if isinstance(x, Pause) else x.text for x in out] == [
        "doc 0",
        "doc 1",
        PAUSE,
        "doc 2",
    ]


def test_a_fast_input_has_no_pause_and_an_error_in_it_is_raised_in_order() -> None:
    assert [a.text for a in with_pauses(_plain(300), seconds=5.0)] == [
        f"doc {i}" for i in range(300)
    ]

    def broken() -> Iterator[Article]:
        yield from _plain(2)
        raise OSError("the pipe broke")

    seen = []
    with pytest.raises(OSError, match="the pipe broke"):
        for item in with_pauses(broken(), seconds=5.0):
            seen.append(item)
    assert [a.text for a in seen if isinstance(a, Article)] == ["doc 0", "doc 1"]


def test_around_gives_back_a_batching_stages_articles_before_the_pause() -> None:
    out = list(around(Tagging().pipe, [*_plain(3), PAUSE, *_plain(2, start=3)]))
    assert [x if isinstance(x, Pause) else x.persons[0] for x in out] == [
        "DOC 0",
        "DOC 1",
        "DOC 2",
        PAUSE,
        "DOC 3",
        "DOC 4",
    ]
    assert [a.text for a in around(Tagging().pipe, _plain(20))] == [f"doc {i}" for i in range(20)]


@pytest.mark.parametrize("workers", [1, 2])
def test_enrichment_passes_on_a_partial_chunk_when_the_input_pauses(workers: int) -> None:
    # 3 articles, far fewer than a batch (16) or a chunk (64, the pool's default).
    source = PausingSource(_plain(3), _plain(70, start=3))
    enrich = make_flow_enrich(workers, factory=Tagging)
    got: list[str] = []
    for item in enrich(with_pauses(source, seconds=0.2)):
        if isinstance(item, Article):
            got.append(item.persons[0])
            if len(got) == 3:
                source.received.set()
    assert source.resumed_by_consumer is True
    assert got == [f"DOC {i}" for i in range(73)]


class RecordingSender:
    """Stands for `index.BulkSender`: notes each request as it is sent."""

    def __init__(self) -> None:
        self.stop = Stop()
        self.requests: list[tuple[list[str], bool]] = []
        self.sent = threading.Event()

    def stream(self, chunks: Iterable[tuple[list, bool]]) -> Iterator[Outcome]:
        for chunk, last in chunks:
            self.requests.append(([a.article.id for a in chunk], last))
            self.sent.set()
            yield from (Outcome(a.article, "indexed") for a in chunk)


def test_the_bulk_request_being_filled_leaves_when_the_input_pauses() -> None:
    sender = RecordingSender()
    waited: list[bool] = []

    def flow() -> Iterator[Article | Pause]:
        yield from _plain(2)
        yield PAUSE
        waited.append(sender.sent.wait(WAIT))  # the request left during the pause
        yield from _plain(1, start=2)

    outcomes = list(send_in_background(sender, actions(flow(), "articles"), 500, 10**7))  # type: ignore[arg-type]
    assert waited == [True]
    assert sender.requests == [(["0", "1"], False), (["2"], True)]
    assert [o.status for o in outcomes] == ["indexed"] * 3


def test_a_dry_run_flushes_its_output_when_the_input_pauses() -> None:
    class Output(io.StringIO):
        flushed_with: list[int] = []

        def flush(self) -> None:
            self.flushed_with.append(self.getvalue().count("\n"))

    text = '{"id": "a", "text": "First text."}\n{"id": "b", "text": "Second text."}\n'

    def items() -> Iterator[object]:
        yield from read_string(text)
        time.sleep(0.6)  # the pause
        yield from read_string('{"id": "c", "text": "Third text."}\n')

    out = Output()
    settings = Settings(workers=1, rejects_path="/dev/null", pending_path="/dev/null")
    summary = run(
        items(),  # type: ignore[arg-type]
        settings,
        dry_run_output=out,
        enrich=make_flow_enrich(1, factory=Tagging),
        pause_seconds=0.2,
    )
    assert summary.written == 3
    assert out.flushed_with[:1] == [2]  # both earlier articles were written when it paused


def _counted(items: list[Article], taken: list[str]) -> Iterator[Article]:
    for a in items:
        taken.append(a.text)
        yield a


def _wait_for(cond, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + WAIT
    while not cond():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_leftovers_are_what_was_read_ahead_in_order() -> None:
    """A stop must not lose what the thread read from a stream that cannot be read twice."""
    taken: list[str] = []
    reader = with_pauses(_counted(_plain(50), taken), seconds=5.0)
    got = [next(reader).text for _ in range(3)]  # type: ignore[union-attr]
    _wait_for(lambda: len(taken) == 50, "the thread did not read ahead")
    left = [a.text for a in reader.leftovers()]
    assert got == ["doc 0", "doc 1", "doc 2"]
    assert left == [f"doc {i}" for i in range(3, 50)]
    assert got + left == taken


def test_leftovers_keep_the_item_waiting_for_room(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the read-ahead full, the item in hand is kept, and no new read starts."""
    import es_ingest.pauses as pauses

    monkeypatch.setattr(pauses, "READ_AHEAD", 4)
    taken: list[str] = []
    reader = with_pauses(_counted(_plain(20), taken), seconds=5.0)
    _wait_for(lambda: len(taken) == 5, "the thread did not fill its read-ahead")
    time.sleep(0.3)  # it must stay blocked with the fifth item in hand
    left = [a.text for a in reader.leftovers()]
    assert left == [f"doc {i}" for i in range(5)]
    assert taken == left
