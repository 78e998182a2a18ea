"""`bulk_errors.classify` over bulk item errors captured from a real node.

The bodies in `data/bulk_item_errors.json` are Elasticsearch 9.2's answers,
written by `scripts/capture_bulk_errors.py`; re-run it after an upgrade.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from es_ingest.bulk_errors import REFUSED, REJECTED, RETRY, classify, describe_item

CAPTURED: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "bulk_item_errors.json").read_text(encoding="utf-8")
)

EXPECTED = {
    # The document is bad: rejects file, with the reason.
    "mapping_date": REJECTED,
    "mapping_strict_field": REJECTED,
    "mapping_object_as_text": REJECTED,
    "mapping_geo_point": REJECTED,
    "immense_term": REJECTED,
    # The cluster's state: pending, and the run stops sending.
    "closed_index": REFUSED,
    "write_block": REFUSED,
    "read_only_block": REFUSED,
    "alias_without_write_index": REFUSED,
    "alias_removed_mid_run": REFUSED,
    "missing_alias_require_alias": REFUSED,
    # Passing trouble (the flood-stage disk block): retried.
    "read_only_allow_delete_block": RETRY,
}


def _info(name: str) -> dict[str, Any]:
    info: dict[str, Any] = next(iter(CAPTURED[name].values()))
    return info


def test_every_captured_case_has_an_expectation() -> None:
    assert set(CAPTURED) == set(EXPECTED)


@pytest.mark.parametrize(("name", "verdict"), sorted(EXPECTED.items()))
def test_classify_captured_item_errors(name: str, verdict: str) -> None:
    info = _info(name)
    assert info["status"] >= 400  # a real error, not a success captured by mistake
    assert classify(info["status"], info["error"]) == verdict


def test_describe_item_names_the_type_and_the_reason() -> None:
    line = describe_item(_info("mapping_date"))
    assert line.startswith("Elasticsearch refused it: document_parsing_exception: ")
    assert "published_at" in line
    assert "index_closed_exception: closed" in describe_item(_info("closed_index"))


def _e(kind: str, reason: str) -> dict[str, str]:
    return {"type": kind, "reason": reason}


@pytest.mark.parametrize(
    ("status", "error", "verdict"),
    [
        (503, _e("unavailable_shards_exception", "primary shard is not active"), RETRY),
        (500, None, RETRY),
        (502, "bad gateway", RETRY),
        (
            403,
            _e("security_exception", "action [indices:data/write/bulk[s]] is unauthorized"),
            REFUSED,
        ),
        (401, _e("security_exception", "missing authentication credentials"), REFUSED),
        (413, None, REFUSED),
        (400, _e("illegal_argument_exception", "Limit of total fields [1000] exceeded"), REJECTED),
        (400, _e("x_content_parse_exception", "[1:2] Unexpected character"), REJECTED),
        (400, None, REJECTED),
    ],
)
def test_classify_statuses_without_a_captured_body(
    status: int, error: object, verdict: str
) -> None:
    assert classify(status, error) == verdict
