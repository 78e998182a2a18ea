"""One Kafka message → an `Article`, or a `DataError` for the dead-letter topic.

A message's value is one article record, exactly as a line of JSON Lines
input (see `readers.py`); its key, when there is one, is the default `id`
(a record's own `id` wins). The value must be UTF-8 JSON: anything else is a
`DataError` whose `raw` keeps what can be kept (the text, decoded with
replacement characters, for a message that is not UTF-8).

Dead-letter records have the format of the rejects file (`source`, `line`,
`stage`, `reason`, `record`), plus `topic`, `partition`, `offset` and `key`,
so they can be fed back to `es-ingest ingest` or `produce` once fixed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..errors import DataError
from ..model import Article
from ..readers import article_from_record


@dataclass(frozen=True)
class Where:
    """Where a message came from; `epoch` is its partition's assignment epoch."""

    topic: str
    partition: int
    offset: int
    epoch: int
    key: str | None = None

    @property
    def tp(self) -> tuple[str, int]:
        return (self.topic, self.partition)


def _text(data: bytes | None, what: str, where: Where) -> str:
    if data is None:
        raise DataError(f"message has no {what}", source=where.topic, raw=None)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"message {what} is not UTF-8 ({exc.reason} at byte {exc.start})",
            source=where.topic,
            raw=data.decode("utf-8", errors="replace"),
        ) from None


def decode_key(key: bytes | None, topic: str) -> str | None:
    """The message key as text (None without a key); DataError when it is not UTF-8."""
    if key is None:
        return None
    return _text(key, "key", Where(topic, -1, -1, 0)).strip() or None


def to_article(value: bytes | None, where: Where) -> Article:
    """Validate one message; raises `DataError` (stage "read") when it is unusable."""
    text = _text(value, "value", where)
    try:
        record: Any = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        reason = getattr(exc, "msg", "nested too deeply")
        raise DataError(f"not valid JSON: {reason}", source=where.topic, raw=text) from None
    if isinstance(record, dict) and record.get("id") is None and where.key is not None:
        record = {**record, "id": where.key}
    return article_from_record(record, source=where.topic, line=None)


def dead_letter(err: DataError, where: Where) -> dict[str, Any]:
    """The dead-letter record of a rejected message."""
    return {
        "source": err.source or where.topic,
        "line": None,
        "topic": where.topic,
        "partition": where.partition,
        "offset": where.offset,
        "key": where.key,
        "stage": err.stage,
        "reason": err.reason,
        "record": err.raw,
    }
