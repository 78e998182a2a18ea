"""Rejects/pending records: always encodable, and never written onto an input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from es_ingest.errors import ConfigError, DataError
from es_ingest.model import Article
from es_ingest.records import JsonlSink, check_outputs, dumps, pending_record, reject_record


def test_dumps_keeps_text_readable_and_escapes_only_what_utf8_cannot_carry() -> None:
    assert dumps({"t": "Genève – ok"}) == '{"t": "Genève – ok"}'
    line = dumps({"t": "Genève \ud83d"})
    line.encode("utf-8")
    assert json.loads(line) == {"t": "Genève \ud83d"}


def test_sink_writes_any_record_and_opens_only_on_first_write(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "rejects.jsonl"
    sink = JsonlSink(str(path))
    assert not sink.used and not path.exists()
    sink.write(reject_record(DataError("r \udc80", source="f\udcff", raw={"k\ud800": 1})))
    sink.write(pending_record(Article(text="t \ud83d", id="i"), ""))
    sink.close()
    first, second = (json.loads(ln) for ln in path.read_text("utf-8").splitlines())
    assert first["record"] == {"k\ud800": 1} and first["source"] == "f\udcff"
    assert second["reason"] == "not acknowledged by Elasticsearch"
    assert second["record"]["text"] == "t \ud83d"


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    feed = data / "feed.jsonl"
    feed.write_text("{}\n")
    os.link(feed, tmp_path / "hard.jsonl")
    (tmp_path / "soft.jsonl").symlink_to(feed)
    for inputs, out in [
        ([str(feed)], str(feed)),
        ([str(feed)], str(data / ".." / "in" / "feed.jsonl")),
        ([str(feed)], str(tmp_path / "hard.jsonl")),
        ([str(feed)], str(tmp_path / "soft.jsonl")),
        ([str(data)], str(data / "new-rejects.jsonl")),  # would be walked once created
        ([str(tmp_path)], str(data / "deeper" / "x.jsonl")),
    ]:
        with pytest.raises(ConfigError, match="is also an input"):
            check_outputs(inputs, {"rejects file (--rejects)": out})


def test_outputs_elsewhere_are_allowed(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    (data / "feed.jsonl").write_text("{}\n")
    check_outputs(
        [str(data), "-"],
        {
            "rejects file": str(tmp_path / "rejects.jsonl"),
            "pending file": str(data / ".hidden" / "pending.jsonl"),  # never walked
            "dry-run output": "<stdout>",
            "nothing": None,
        },
    )


def test_next_path_numbers_the_next_replay_output() -> None:
    from es_ingest.records import next_path

    assert next_path("rejects.jsonl") == "rejects-2.jsonl"
    assert next_path("rejects-2.jsonl") == "rejects-3.jsonl"
    assert next_path("/data/pending.jsonl") == "/data/pending-2.jsonl"
    assert next_path("dump.jsonl.gz") == "dump-2.jsonl.gz"


def test_the_library_run_refuses_an_output_that_is_an_input(tmp_path: Path) -> None:
    import io

    from es_ingest.config import Settings
    from es_ingest.ingest import run
    from es_ingest.readers import read_paths

    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "x"}\n')
    settings = Settings(rejects_path=str(feed), pending_path=str(tmp_path / "p.jsonl"))
    with pytest.raises(ConfigError, match=r"rejects file \(--rejects\) .* is also an input"):
        run(read_paths([str(feed)]), settings, dry_run_output=io.StringIO())
    assert feed.read_text() == '{"text": "x"}\n'
    # A dry run writes no pending file, so replaying one dry is allowed.
    settings = Settings(rejects_path=str(tmp_path / "r.jsonl"), pending_path=str(feed))
    done = run(
        read_paths([str(feed)]), settings, dry_run_output=io.StringIO(), enrich=lambda a: iter(a)
    )
    assert done.written == 1


def test_dumps_escapes_unicode_line_boundaries() -> None:
    value = ["\x85 a\u2028b\u2029 é"]
    line = dumps(value)
    assert len(line.splitlines()) == 1 and "é" in line
    assert json.loads(line) == value
