"""A Kafka message becomes an article, or a dead-letter record with its reason."""

from __future__ import annotations

import json

import pytest

from es_ingest.errors import DataError
from es_ingest.stream.messages import Where, dead_letter, decode_key, to_article
from es_ingest.stream.produce import record_key

W = Where("news", 2, 41, 1, key="k-7")


def test_the_key_is_the_default_id_and_a_record_id_wins() -> None:
    assert to_article(b'{"text": "Paris."}', W).id == "k-7"
    assert to_article(b'{"id": "own", "text": "Paris."}', W).id == "own"
    no_key = Where("news", 0, 0, 1)
    assert to_article(b'{"text": "Paris."}', no_key).id is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "message has no value"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"title": "x"}', "missing field 'text'"),
        (b'{"text": "  "}', "empty or only whitespace"),
        (b'{"text": 5}', "must be a string"),
        (b'{"text": "x y", "published_at": "soon"}', "not a date"),
    ],
)
def test_bad_messages_raise_a_data_error_with_the_reason(value: bytes | None, reason: str) -> None:
    with pytest.raises(DataError) as info:
        to_article(value, W)
    assert reason in info.value.reason
    record = dead_letter(info.value, W)
    assert (record["topic"], record["partition"], record["offset"]) == ("news", 2, 41)
    assert record["stage"] == "read"
    assert reason in record["reason"]
    json.dumps(record)  # the record must serialise, whatever the input was


def test_a_key_that_is_not_utf8_is_a_data_error() -> None:
    with pytest.raises(DataError, match="key is not UTF-8"):
        decode_key(b"\xc3\x28", "news")
    assert decode_key(b" a1 ", "news") == "a1"
    assert decode_key(None, "news") is None


def test_a_dead_letter_record_replays_as_its_original_article() -> None:
    with pytest.raises(DataError) as info:
        to_article(b'{"id": "d1", "text": "x", "published_at": "soon"}', W)
    record = dead_letter(info.value, W)
    record["record"]["published_at"] = "2024-05-01"  # fixed by hand
    replayed = to_article(json.dumps(record).encode(), W)
    assert (replayed.id, replayed.published_at) == ("d1", "2024-05-01")


def test_produce_keys_messages_by_record_id() -> None:
    assert record_key(b'{"id": "a", "text": "x"}') == b"a"
    assert record_key(b'{"id": 12, "text": "x"}') == b"12"
    assert record_key(b'{"id": true, "text": "x"}') is None
    assert record_key(b"{broken") is None
    assert record_key(b'["id"]') is None
