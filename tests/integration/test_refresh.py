"""What `es-ingest ingest` reports as indexed is searchable when it returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from es_ingest import schema
from es_ingest.ingest import run
from es_ingest.readers import read_paths

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("n", [120, 100])  # a partial last batch, and an exact multiple
def test_last_request_refreshes(es, tmp_settings, tmp_path: Path, n: int) -> None:  # noqa: ANN001
    alias = tmp_settings.alias
    schema.install(es, alias)
    # No periodic refresh: only the run itself can make its documents visible.
    es.indices.put_settings(index=alias, settings={"index": {"refresh_interval": "-1"}})
    data = tmp_path / "in.jsonl"
    with data.open("w") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"r{i}", "text": f"Talks in Oslo, day {i}."}) + "\n")
    summary = run(read_paths([str(data)]), tmp_settings.with_(bulk_docs=50, workers=1), client=es)
    assert summary.indexed == n
    assert es.count(index=alias)["count"] == n
