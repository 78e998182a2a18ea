"""Issue 6: a messy folder, ingested through the CLI into a real node.

Every bad record gets one stderr line naming file, line and reason, goes to
the rejects file, and never stops the good ones; the exit code says so; the
rejects file can be fixed and replayed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from es_ingest import schema

pytestmark = pytest.mark.integration


def _cli(args: list[str], settings, **kw) -> subprocess.CompletedProcess[str]:  # noqa: ANN001, ANN003
    env = dict(os.environ, ES_URL=settings.es_url, ES_ALIAS=settings.alias)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "es_ingest",
            "ingest",
            "--workers",
            "1",
            "--rejects",
            settings.rejects_path,
            "--pending",
            settings.pending_path,
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        **kw,
    )


def _messy_folder(root: Path) -> dict[str, int]:
    """Write the folder; return how many articles of each kind must be indexed."""
    (root / "empty-dir").mkdir(parents=True)
    (root / "nested" / "deeper").mkdir(parents=True)
    lines = [
        json.dumps(
            {
                "id": "ok-1",
                "title": "Fine",
                "text": "Berlin and Paris signed a treaty.",
                "published_at": "2024-03-01",
            }
        ),
        "{this is not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-text", "title": "x"}),
        json.dumps({"id": "blank", "text": "   \n\t  "}),
        json.dumps({"id": "markup", "text": "<p><br/></p>&nbsp;"}),
        json.dumps(
            {"id": "bad-date", "text": "Rome hosted talks.", "published_at": "next Tuesday"}
        ),
        json.dumps({"id": "bad-types", "title": 5, "text": "Madrid."}),
        json.dumps({"id": "bad-text", "text": []}),
        json.dumps({"id": "unknown", "text": "Warsaw and Kyiv talked.", "mood": "calm"}),
        json.dumps({"id": "dup", "text": "First version from Ottawa."}),
        json.dumps({"id": "ctrl", "text": "Control\u0000chars\u0007 in Lisbon\u001b text."}),
        json.dumps({"id": "huge-token", "text": "Token " + "x" * 300_000 + " in Vienna."}),
        json.dumps({"id": "dup", "text": "Second version from Ottawa, Canada."}),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "nested" / "latin1.txt").write_bytes(
        "Réunion à Genève\n\nLes ministres français et suisses se sont réunis à Genève.".encode(
            "latin-1"
        )
    )
    (root / "nested" / "cp1252.txt").write_bytes(
        "Le budget – 5 millions d’euros – a été voté à Bruxelles par l’Union européenne.".encode(
            "cp1252"
        )
    )
    (root / "nested" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with zipfile.ZipFile(root / "nested" / "deeper" / "archive.zip", "w") as zf:
        zf.writestr("inside.txt", "zipped text")
    (root / "nested" / "empty.txt").write_bytes(b"")
    (root / "empty.jsonl").write_bytes(b"")
    sentence = (
        "Les ministres de la Défense de la France et de l'Allemagne se sont réunis à "
        "Berlin avec le secrétaire général de l'OTAN pour parler de l'Ukraine. "
    )
    big = "\n\n".join(sentence * 20 for _ in range(1200))  # ~3.8 MB
    (root / "nested" / "big.txt").write_text(big, encoding="utf-8")
    # Indexed: ok-1, unknown, dup (twice, one document), ctrl, huge-token,
    # latin1, cp1252, big: 9 index operations, 8 documents.
    return {"indexed": 8}


def test_messy_folder(es, tmp_settings, tmp_path: Path) -> None:  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    root = tmp_path / "messy"
    _messy_folder(root)
    proc = _cli([str(root), str(root / "empty-dir")], tmp_settings)
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr
    rejected_lines = [ln for ln in err.splitlines() if ln.startswith("rejected: ")]
    feed = str(root / "feed.jsonl")
    for expected in (
        f"{feed}:2: read: not valid JSON",
        f"{feed}:3: read: expected a JSON object, got list",
        f"{feed}:4: read: missing field 'text'",
        f"{feed}:5: read: field 'text' is empty",
        f"{feed}:6: read: field 'text' is empty",
        f"{feed}:7: read: field 'published_at' is not a date",
        f"{feed}:8: read: field 'title' must be a string, got int",
        f"{feed}:9: read: field 'text' must be a string, got list",
        f"{root / 'nested' / 'photo.png'}: read: binary",
        f"{root / 'nested' / 'deeper' / 'archive.zip'}: read: binary",
        f"{root / 'nested' / 'empty.txt'}: read: file is empty",
        f"{root / 'empty.jsonl'}: read: file is empty",
        f"{root / 'empty-dir'}: read: directory contains no files",
    ):
        assert any(expected in ln for ln in rejected_lines), (expected, err)
    assert len(rejected_lines) == 13, err
    assert "read 9, indexed 9, rejected 13, pending 0, duplicate ids 1 (last one wins)" in err

    rejects = [json.loads(ln) for ln in Path(tmp_settings.rejects_path).read_text().splitlines()]
    assert len(rejects) == 13
    assert {r["stage"] for r in rejects} == {"read"}
    assert all({"source", "line", "stage", "reason", "record"} <= r.keys() for r in rejects)
    not_json = [r for r in rejects if r["source"] == feed and r["line"] == 2]
    assert [r["record"] for r in not_json] == ["{this is not json"]

    alias = tmp_settings.alias
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 8
    assert es.get(index=alias, id="dup")["_source"]["text"] == "Second version from Ottawa, Canada."
    assert "mood" not in es.get(index=alias, id="unknown")["_source"]
    ctrl = es.get(index=alias, id="ctrl")["_source"]["text"]
    assert "\u0000" not in ctrl and "Lisbon" in ctrl
    hits = es.search(index=alias, query={"match": {"text": "Genève"}})["hits"]["hits"]
    assert len(hits) == 1 and "réunis" in hits[0]["_source"]["text"]
    hits = es.search(index=alias, query={"match": {"text": "millions d’euros"}})["hits"]["hits"]
    assert len(hits) == 1 and "–" in hits[0]["_source"]["text"]
    big = es.search(
        index=alias,
        query={"match_phrase": {"text": "secrétaire général"}},
        source_includes=["countries", "alliances"],
    )["hits"]["hits"]
    assert len(big) == 1
    assert {"FR", "DE", "UA"} <= set(big[0]["_source"]["countries"])
    assert "NATO" in big[0]["_source"]["alliances"]

    # Fix two rejects by hand and replay the file: those are indexed, the rest rejected again.
    fixed = []
    for r in rejects:
        if isinstance(r["record"], dict) and r["record"].get("id") == "bad-date":
            r["record"]["published_at"] = "2024-03-02"
        if isinstance(r["record"], dict) and r["record"].get("id") == "bad-types":
            r["record"]["title"] = "Five"
        fixed.append(r)
    replay = tmp_path / "fixed-rejects.jsonl"
    replay.write_text("".join(json.dumps(r) + "\n" for r in fixed))
    again = _cli([str(replay)], tmp_settings.with_(rejects_path=str(tmp_path / "r2.jsonl")))
    assert again.returncode == 1
    assert "indexed 2, rejected 11" in again.stderr, again.stderr
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 10


def test_dry_run_prints_one_object_per_input_line_with_its_id(shared: Path) -> None:
    path = shared / "data" / "news-fr-orangesum.jsonl"
    head = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()[:40]]
    proc = subprocess.run(
        [sys.executable, "-m", "es_ingest", "ingest", "--dry-run", "-"],
        input="".join(json.dumps(r) + "\n" for r in head),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(ln) for ln in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == [r["id"] for r in head]
    assert all({"language", "countries", "persons", "alliances"} <= o.keys() for o in out)
