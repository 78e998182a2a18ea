"""Capture the bulk item errors a real node returns, for the classifier's unit tests.

    ES_URL=http://127.0.0.1:9211 .venv/bin/python scripts/capture_bulk_errors.py

Creates a scratch alias (`capture-<random>`, removed at the end), provokes each
refusal `es_ingest.refusals.classify` must sort (bad data versus the cluster's
state) and writes every bulk item response, as Elasticsearch sent it, to
`tests/unit/data/bulk_item_errors.json` keyed by case name. Re-run it after an
Elasticsearch upgrade to see whether an error changed shape.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from es_ingest import schema

OUT = Path(__file__).resolve().parents[1] / "tests" / "unit" / "data" / "bulk_item_errors.json"


def _item(es: Elasticsearch, target: str, doc: dict[str, Any], **options: Any) -> dict[str, Any]:
    ops = [{"index": {"_index": target, "_id": "x1"}}, doc]
    resp = es.bulk(operations=ops, **options)
    item: dict[str, Any] = resp.body["items"][0]
    return item


def capture(es: Elasticsearch) -> dict[str, Any]:
    alias = f"capture-{uuid.uuid4().hex[:8]}"
    good = {"title": "t", "text": "some text"}
    out: dict[str, Any] = {}
    schema.install(es, alias)
    index = schema.current_index(es, alias)
    assert index is not None
    try:
        out["mapping_date"] = _item(es, alias, {**good, "published_at": "not-a-date"})
        out["mapping_strict_field"] = _item(es, alias, {**good, "colour": "red"})
        out["mapping_object_as_text"] = _item(es, alias, {**good, "entities": "flat"})
        out["mapping_geo_point"] = _item(es, alias, {**good, "country_points": [{"lat": 999}]})
        out["immense_term"] = _item(es, alias, {**good, "language": "u" * 40000})
        out["missing_alias_require_alias"] = _item(es, alias + "-nope", good, require_alias=True)
        es.indices.put_settings(index=index, settings={"index.blocks.write": True})
        out["write_block"] = _item(es, alias, good, require_alias=True)
        es.indices.put_settings(index=index, settings={"index.blocks.write": None})
        es.indices.put_settings(index=index, settings={"index.blocks.read_only": True})
        out["read_only_block"] = _item(es, alias, good, require_alias=True)
        es.indices.put_settings(index=index, settings={"index.blocks.read_only": None})
        es.indices.put_settings(index=index, settings={"index.blocks.read_only_allow_delete": True})
        out["read_only_allow_delete_block"] = _item(es, alias, good, require_alias=True)
        es.indices.put_settings(index=index, settings={"index.blocks.read_only_allow_delete": None})
        es.indices.close(index=index)
        out["closed_index"] = _item(es, alias, good, require_alias=True)
        es.indices.open(index=index)
        # An alias over two indices with no write index: writes cannot be routed.
        second = f"{alias}-v99"
        es.indices.create(index=second)
        es.indices.update_aliases(
            actions=[
                {"add": {"index": index, "alias": alias, "is_write_index": False}},
                {"add": {"index": second, "alias": alias}},
            ]
        )
        out["alias_without_write_index"] = _item(es, alias, good, require_alias=True)
        es.indices.update_aliases(actions=[{"remove": {"index": second, "alias": alias}}])
        es.indices.delete(index=second)
        es.indices.update_aliases(actions=[{"remove": {"index": index, "alias": alias}}])
        out["alias_removed_mid_run"] = _item(es, alias, good, require_alias=True)
    finally:
        for name in es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body:
            es.options(ignore_status=404).indices.delete(index=name)
        es.options(ignore_status=404).indices.delete_index_template(name=alias)
    return out


def main() -> int:
    es = Elasticsearch(os.environ.get("ES_URL", "http://127.0.0.1:9200"))
    items = capture(es)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(items, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, item in items.items():
        info = next(iter(item.values()))
        error = info.get("error", {})
        print(f"{name}: {info.get('status')} {error.get('type')}: {error.get('reason', '')[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
