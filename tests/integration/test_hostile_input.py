"""Issue 10 (items 2, 3, 4, 8, 10): hostile text and input forms, through the CLI, on a real node.

Each test runs `es-ingest ingest` as a user would and checks where every
record ended: indexed (counted in the alias), rejected (a line of the rejects
file that can be replayed) or pending.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from es_ingest import schema

pytestmark = pytest.mark.integration


def _cli(
    args: list[str], settings, *, rejects: bool = True, **kw
) -> subprocess.CompletedProcess[str]:  # noqa: ANN001, ANN003
    env = dict(os.environ, ES_URL=settings.es_url, ES_ALIAS=settings.alias)
    files = ["--rejects", settings.rejects_path, "--pending", settings.pending_path]
    # A few records take seconds; a run that goes on is writing into its own
    # input (issue 10, item 3), so it is stopped before it fills the disk.
    kw.setdefault("timeout", 240)
    try:
        return subprocess.run(
            [sys.executable, "-m", "es_ingest", "ingest", "--workers", "1"]
            + (files if rejects else [])
            + args,
            capture_output=True,
            text=True,
            env=env,
            **kw,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"es-ingest did not stop within {exc.timeout} s: {args}")


@pytest.fixture(autouse=True)
def _no_runaway_files(tmp_path: Path):  # noqa: ANN202
    """Delete what a run that wrote into its own input left behind (before the fix)."""
    yield
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.stat().st_size > 10 * 1024 * 1024:
            path.unlink()


def _no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr


def _good(i: int) -> dict[str, str]:
    return {"id": f"good-{i}", "text": f"Les ministres se sont réunis à Paris, article {i}."}


# --- item 2: lone surrogates -------------------------------------------------------


def test_lone_surrogates_are_indexed_as_replacement_characters(es, tmp_settings, tmp_path):  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    lines = [json.dumps(_good(i)) for i in range(20)]
    # json.dumps writes lone surrogates as \ud83d escapes, as real feeds do.
    lines += [
        json.dumps({"id": "half-emoji-text", "text": "Un demi émoji \ud83d à Berlin."}),
        json.dumps({"id": "half-emoji-title", "title": "Titre \udc00", "text": "Rome et Madrid."}),
        json.dumps({"id": "nonchar", "text": "Noncharacters \ufdd0 and \U0001fffe in Oslo."}),
        json.dumps({"id": "sur\ud800rogate-id", "text": "An id with a lone surrogate, Vienna."}),
    ]
    # Bad records that carry lone surrogates must still reach the rejects file.
    lines += [
        json.dumps({"id": f"bad-{i}", "text": "Kyiv", "published_at": "soon \ud83d", "x": "\udfff"})
        for i in range(7)
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(lines) == 31

    proc = _cli([str(feed)], tmp_settings)
    _no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert "read 24, indexed 24, rejected 7, pending 0" in proc.stderr
    es.indices.refresh(index=tmp_settings.alias)
    assert es.count(index=tmp_settings.alias)["count"] == 24
    text = es.get(index=tmp_settings.alias, id="half-emoji-text")["_source"]["text"]
    assert text == "Un demi émoji \ufffd à Berlin."
    title = es.get(index=tmp_settings.alias, id="half-emoji-title")["_source"]["title"]
    assert title == "Titre \ufffd"
    assert "\ufffd" in es.get(index=tmp_settings.alias, id="nonchar")["_source"]["text"]
    assert es.get(index=tmp_settings.alias, id="sur\ufffdrogate-id")["found"]

    # The rejects file is valid UTF-8 JSON Lines that keeps the original values.
    raw = Path(tmp_settings.rejects_path).read_bytes()
    rejects = [json.loads(ln) for ln in raw.decode("utf-8").splitlines()]
    assert len(rejects) == 7
    assert rejects[0]["record"]["x"] == "\udfff"
    assert "is not a date" in rejects[0]["reason"]


def test_lone_surrogates_in_a_pending_record_are_written(es, tmp_settings, tmp_path):  # noqa: ANN001
    from es_ingest.errors import DataError
    from es_ingest.model import Article
    from es_ingest.records import JsonlSink, pending_record, reject_record

    # The writers themselves never fail on what they are given, whatever its Unicode.
    sink = JsonlSink(str(tmp_path / "p.jsonl"))
    article = Article(text="x \ud83d y", id="p\udc80", extra={"k\ud800": ["\udfff"]}, origin="-")
    sink.write(pending_record(article, "not acknowledged \ud83d"))
    sink.write(reject_record(DataError("bad \ud83d", source="f\udcff.jsonl", raw="{\ud83d")))
    sink.close()
    back = [json.loads(ln) for ln in (tmp_path / "p.jsonl").read_text("utf-8").splitlines()]
    assert back[0]["record"]["text"] == "x \ud83d y"
    assert back[0]["record"]["k\ud800"] == ["\udfff"]
    assert back[1]["source"] == "f\udcff.jsonl"
    # Replayed, the record is indexed with replacement characters.
    schema.install(es, tmp_settings.alias)
    proc = _cli([str(tmp_path / "p.jsonl")], tmp_settings)
    _no_traceback(proc)
    assert "indexed 1, rejected 1" in proc.stderr, proc.stderr
    es.indices.refresh(index=tmp_settings.alias)
    assert es.get(index=tmp_settings.alias, id="p\ufffd")["_source"]["text"] == "x \ufffd y"


# --- items 3 and 4: an output that is one of the inputs -----------------------------


def test_replaying_the_rejects_file_into_itself_is_refused(es, tmp_settings, tmp_path):  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    first = _cli(["empty.jsonl"], tmp_settings, rejects=False, cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    assert "es-ingest ingest rejects.jsonl" in first.stderr
    before = (tmp_path / "rejects.jsonl").read_bytes()
    # The printed advice, run as printed: the default rejects file is the input.
    # Before the fix this appended to the file it read until the disk was full.
    again = _cli(["rejects.jsonl"], tmp_settings, rejects=False, cwd=tmp_path, timeout=60)
    _no_traceback(again)
    assert again.returncode == 2, again.stderr
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1, again.stderr
    assert "rejects.jsonl" in lines[0] and "is also an input" in lines[0]
    assert (tmp_path / "rejects.jsonl").read_bytes() == before
    # The printed advice names another rejects file, and works as printed.
    advice = re.search(r"then: es-ingest ingest (.+)\)$", first.stderr, re.M)
    assert advice, first.stderr
    assert advice.group(1) == "rejects.jsonl --rejects rejects-2.jsonl"
    retry = _cli(advice.group(1).split(), tmp_settings, rejects=False, cwd=tmp_path, timeout=60)
    _no_traceback(retry)
    assert retry.returncode == 1, retry.stderr  # the empty file's record is still empty
    assert "rejected record has no content to replay" in retry.stderr
    assert len((tmp_path / "rejects-2.jsonl").read_text().splitlines()) == 1


@pytest.mark.parametrize("option", ["--rejects", "--pending"])
def test_rejects_or_pending_naming_an_input_is_refused(es, tmp_settings, tmp_path, option):  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    data = tmp_path / "in" / "feed.jsonl"
    data.parent.mkdir()
    content = json.dumps(_good(1)) + "\n{broken\n"
    data.write_text(content)
    # The same file through another spelling, and a file inside an input directory.
    for target, inputs in (
        (str(tmp_path / "in" / ".." / "in" / "feed.jsonl"), [str(data)]),
        (str(data), [str(tmp_path / "in")]),
    ):
        proc = _cli([*inputs, option, target], tmp_settings, timeout=60)
        _no_traceback(proc)
        assert proc.returncode == 2, proc.stderr
        assert "is also an input" in proc.stderr
        assert data.read_text() == content
    es.indices.refresh(index=tmp_settings.alias)
    assert es.count(index=tmp_settings.alias)["count"] == 0  # refused before reading


def test_a_symlinked_output_to_an_input_is_refused(tmp_settings, tmp_path):  # noqa: ANN001
    data = tmp_path / "feed.jsonl"
    data.write_text(json.dumps(_good(1)) + "\n")
    link = tmp_path / "out.jsonl"
    link.symlink_to(data)
    proc = _cli(["--dry-run", str(data), "-o", str(link)], tmp_settings)
    _no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    assert data.read_text() == json.dumps(_good(1)) + "\n"


def test_dry_run_output_onto_its_input_is_refused(tmp_settings, tmp_path):  # noqa: ANN001
    data = tmp_path / "f.jsonl"
    content = "".join(json.dumps(_good(i)) + "\n" for i in range(3))
    data.write_text(content)
    proc = _cli(["--dry-run", str(data), "-o", str(data)], tmp_settings)
    _no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    assert "is also an input" in proc.stderr
    assert data.read_text() == content  # not truncated
    # A distinct output still works.
    ok = _cli(["--dry-run", str(data), "-o", str(tmp_path / "out.jsonl")], tmp_settings)
    assert ok.returncode == 0, ok.stderr
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 3


# --- item 8: FIFOs, process substitution, gzip, BOM --------------------------------


def test_fifo_and_process_substitution_are_read_as_streams(es, tmp_settings, tmp_path):  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)
    lines = "".join(json.dumps(_good(i)) + "\n" for i in range(3))
    writer = subprocess.Popen(["sh", "-c", f"cat > '{fifo}'"], stdin=subprocess.PIPE, text=True)
    assert writer.stdin is not None
    try:
        writer.stdin.write(lines)
        writer.stdin.close()
        proc = _cli([str(fifo)], tmp_settings)
    finally:
        writer.kill()  # blocked opening the FIFO if nothing read it
        writer.wait()
    _no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "read 3, indexed 3" in proc.stderr

    # bash's <(...) hands the command a /dev/fd/N path.
    src = tmp_path / "more.jsonl"
    src.write_text("".join(json.dumps(_good(i)) + "\n" for i in range(3, 8)))
    env = dict(os.environ, ES_URL=tmp_settings.es_url, ES_ALIAS=tmp_settings.alias)
    cmd = (
        f"'{sys.executable}' -m es_ingest ingest --workers 1 "
        f"--rejects '{tmp_settings.rejects_path}' --pending '{tmp_settings.pending_path}' "
        f"<(cat '{src}')"
    )
    sub = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env, timeout=600)
    _no_traceback(sub)
    assert sub.returncode == 0, sub.stderr
    assert "read 5, indexed 5" in sub.stderr
    es.indices.refresh(index=tmp_settings.alias)
    assert es.count(index=tmp_settings.alias)["count"] == 8


def test_gzip_inputs_are_read_transparently(es, tmp_settings, tmp_path):  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    dump = tmp_path / "dump"
    dump.mkdir()
    for i, suffix in enumerate([".jsonl.gz", ".json.gz", ".ndjson.gz"]):
        body = "".join(json.dumps(_good(10 * i + k)) + "\n" for k in range(2))
        (dump / f"part{i}{suffix}").write_bytes(gzip.compress(body.encode()))
    (dump / "note.txt.gz").write_bytes(
        gzip.compress("Sommet à Genève\n\nLes ministres se sont réunis à Genève.".encode())
    )
    (dump / "broken.jsonl.gz").write_bytes(gzip.compress(b'{"text": "ok one"}\n')[:-6])
    (dump / "not-gzip.jsonl.gz").write_bytes(b'{"text": "plain"}\n')
    proc = _cli([str(dump)], tmp_settings)
    _no_traceback(proc)
    assert "read 8, indexed 8" in proc.stderr, proc.stderr
    assert f"{dump / 'not-gzip.jsonl.gz'}: read: not a gzip file" in proc.stderr
    assert f"{dump / 'broken.jsonl.gz'}: read: gzip data is truncated" in proc.stderr
    es.indices.refresh(index=tmp_settings.alias)
    assert es.count(index=tmp_settings.alias)["count"] == 8
    hits = es.search(index=tmp_settings.alias, query={"match": {"title": "Sommet"}})["hits"]
    assert hits["total"]["value"] == 1


def test_a_utf8_bom_is_stripped(es, tmp_settings, tmp_path):  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    feed = tmp_path / "bom.jsonl"
    feed.write_bytes(
        b"\xef\xbb\xbf" + (json.dumps(_good(1)) + "\n" + json.dumps(_good(2))).encode()
    )
    text = tmp_path / "bom.txt"
    text.write_bytes("\ufeffTitre\n\nUn article à Lyon.".encode())
    proc = subprocess.run(
        [sys.executable, "-m", "es_ingest", "ingest", "--workers", "1", "-", str(feed), str(text)],
        input="\ufeff" + json.dumps(_good(3)) + "\n",
        capture_output=True,
        text=True,
        env=dict(os.environ, ES_URL=tmp_settings.es_url, ES_ALIAS=tmp_settings.alias),
        cwd=tmp_path,
        timeout=600,
    )
    _no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "read 4, indexed 4, rejected 0" in proc.stderr
    es.indices.refresh(index=tmp_settings.alias)
    hits = es.search(index=tmp_settings.alias, query={"match": {"title": "Titre"}})["hits"]["hits"]
    assert [h["_source"]["title"] for h in hits] == ["Titre"]


# --- item 10: the declared language ----------------------------------------------


def test_declared_language_must_be_an_iso_639_1_code(es, tmp_settings, tmp_path):  # noqa: ANN001
    schema.install(es, tmp_settings.alias)
    records = [
        {"id": "fr", "language": "FR", "text": "a " * 30},
        {"id": "fr-FR", "language": "fr-FR", "text": "a " * 30},
        {"id": "en_us", "language": "en_US", "text": "Talks in London."},
        {"id": "klingon", "language": "klingon", "text": "a " * 30},
        {"id": "xx", "language": "xx", "text": "a " * 30},
        {"id": "fra", "language": "fra", "text": "Une réunion à Paris."},
        {"id": "blank", "language": "  ", "text": "Talks in Rome."},
    ]
    feed = tmp_path / "lang.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    proc = _cli([str(feed)], tmp_settings)
    _no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert "indexed 4, rejected 3" in proc.stderr
    for line, value in ((4, "klingon"), (5, "xx"), (6, "fra")):
        assert (
            f"{feed}:{line}: read: field 'language' must be an ISO 639-1 code "
            f"like 'fr' or 'fr-FR', got {value!r}"
        ) in proc.stderr
    es.indices.refresh(index=tmp_settings.alias)
    langs = {
        h["_id"]: h["_source"].get("language")
        for h in es.search(index=tmp_settings.alias, size=10)["hits"]["hits"]
    }
    assert set(langs) == {"fr", "fr-FR", "en_us", "blank"}
    # Texts under 150 letters keep their declared language (detection cannot overrule it).
    assert (langs["fr"], langs["fr-FR"], langs["en_us"]) == ("fr", "fr", "en")
    assert re.fullmatch("[a-z]{2}|und", langs["blank"] or ""), langs  # not declared: detected
