"""Character spans of one article: NER entities and an interval index over them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from es_ingest.gazetteer import Match
from es_ingest.text import fold


@dataclass
class NerSpan:
    """A NER entity in the article (global offsets): label in PER, LOC, ORG, MISC."""

    start: int
    end: int
    label: str
    text: str


class SpanIndex:
    """Intervals ``(start, end, payload)`` with fast overlap queries (bisect)."""

    def __init__(self, spans: Iterable[tuple[int, int, Any]] = ()) -> None:
        self._spans = sorted(spans, key=lambda s: s[0])
        self._starts = [s[0] for s in self._spans]
        self._maxlen = max((e - s for s, e, _ in self._spans), default=0)

    def add(self, start: int, end: int, payload: Any = None) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._spans.insert(i, (start, end, payload))
        self._maxlen = max(self._maxlen, end - start)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, Any]]:
        """Spans that share at least one character with ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start - self._maxlen)
        hi = bisect.bisect_left(self._starts, max(end, start + 1))
        return [s for s in self._spans[lo:hi] if s[1] > start and s[0] < max(end, start + 1)]

    def __bool__(self) -> bool:
        return bool(self._spans)


_ARTICLES = {"la", "le", "l", "les", "the", "das", "die", "der", "el", "il", "lo", "d", "de", "du"}


def inside(m: Match, index: SpanIndex, label: str, *, not_first: bool = False) -> NerSpan | None:
    """The `label` span (of `index`) that strictly contains `m` with other words, if any.

    With `not_first`, a match that starts the span (after an article) does not
    count as inside ("Allemagne nazie" is still Germany).
    """
    spans = [sp for _, _, sp in index.overlapping(m.start, m.end)]
    for s in spans:
        if s.label == label and s.start <= m.start and m.end <= s.end:
            before = re.findall(r"\w+", s.text[: m.start - s.start])
            after = re.findall(r"\w+", s.text[m.end - s.start :])
            before = [w for w in before if fold(w) not in _ARTICLES]
            if not before and not after:
                continue  # the span is the name itself ("la Russie", 'Israël"')
            if not_first and not before:
                continue
            return s
    return None


def words_before(text: str, pos: int, n: int = 2) -> list[str]:
    """The last `n` folded words before `pos` (within 40 characters)."""
    return [fold(w) for w in re.findall(r"\w+", text[max(0, pos - 40) : pos])[-n:]]


def word_after(text: str, pos: int) -> str:
    """The folded word right after `pos` ("" if none within 40 characters)."""
    m = re.match(r"\s*([\w-]+)", text[pos : pos + 40])
    return fold(m.group(1)) if m else ""
