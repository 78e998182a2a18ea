"""Readers: every kind of input, and bad input that must never raise."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from es_ingest.errors import DataError
from es_ingest.model import Article
from es_ingest.readers import article_from_record, parse_date, read_jsonl, read_paths


def _read(text: str | bytes) -> list[Article | DataError]:
    data = text.encode() if isinstance(text, str) else text
    return list(read_jsonl(io.BytesIO(data), "in.jsonl"))


def test_jsonl_fields_and_lines() -> None:
    items = _read(
        '{"id": "a1", "title": "T", "text": "Hello world", "published_at": "2016-07-06",'
        ' "source": "s", "url": "http://x", "language": "EN"}\n\n'
        '{"id": 7, "text": "Second"}\n'
    )
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.title, first.language, first.line) == ("a1", "T", "en", 1)
    assert first.published_at == "2016-07-06"
    assert (second.id, second.line) == ("7", 3)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object, got list"),
        ('"text"', "expected a JSON object, got str"),
        ('{"title": "x"}', "missing field 'text'"),
        ('{"text": ""}', "empty or only whitespace/markup"),
        ('{"text": "   \\n\\t "}', "empty or only whitespace/markup"),
        ('{"text": "<p><br/></p>&nbsp;"}', "empty or only whitespace/markup"),
        ('{"text": []}', "field 'text' must be a string, got list"),
        ('{"text": "ok", "title": 5}', "field 'title' must be a string, got int"),
        ('{"text": "ok", "published_at": "yesterday-ish"}', "'published_at' is not a date"),
        ('{"text": "ok", "published_at": 12}', "'published_at' must be a date string"),
        ('{"text": "ok", "id": {"a": 1}}', "'id' must be a string or an integer"),
    ],
)
def test_bad_lines_become_data_errors(line: str, reason: str) -> None:
    items = _read('{"text": "good one"}\n' + line + '\n{"text": "good two"}\n')
    assert [type(i).__name__ for i in items] == ["Article", "DataError", "Article"]
    err = items[1]
    assert isinstance(err, DataError)
    assert reason in err.reason
    assert err.one_line().startswith("in.jsonl:2: read: ")


def test_control_characters_removed_and_unknown_fields_kept() -> None:
    (article,) = _read('{"text": "a\\u0000b\\u0007c\\td", "lang_hint": "x"}\n')
    assert isinstance(article, Article)
    assert article.text == "abc\td"
    assert article.extra == {"lang_hint": "x"}
    assert "lang_hint" not in article.to_source()


def test_replaying_a_reject_record_reads_its_original() -> None:
    reject = {
        "source": "f",
        "line": 2,
        "stage": "read",
        "reason": "r",
        "record": {"id": "z", "text": "fixed now"},
    }
    article = article_from_record(reject, source="rejects.jsonl", line=1)
    assert (article.id, article.text) == ("z", "fixed now")


def test_dates() -> None:
    assert parse_date("2016-07-06T10:00:00Z") == "2016-07-06T10:00:00+00:00"
    assert parse_date("Wed, 06 Jul 2016 10:00:00 +0200").startswith("2016-07-06T10:00:00")
    with pytest.raises((ValueError, TypeError)):
        parse_date("not a date")


def test_text_files_directories_and_encodings(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "empty-dir").mkdir()
    (tmp_path / "a.txt").write_text("Titre court\n\nCorps de l'article.", encoding="utf-8")
    (tmp_path / "sub" / "latin1.txt").write_bytes(
        "Élysée à Paris, où l'été est chaud.".encode("cp1252")
    )
    (tmp_path / "sub" / "image.png").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    )
    (tmp_path / "sub" / "empty.txt").write_bytes(b"")
    (tmp_path / "sub" / "lines.jsonl").write_text(json.dumps({"id": "j", "text": "x y"}) + "\n")
    (tmp_path / ".hidden.txt").write_text("ignored")
    items = list(read_paths([str(tmp_path), str(tmp_path / "empty-dir"), str(tmp_path / "nope")]))
    by_kind = [
        (type(i).__name__, Path(i.origin if isinstance(i, Article) else i.source).name)
        for i in items
    ]
    assert by_kind == [
        ("Article", "a.txt"),
        ("DataError", "empty.txt"),
        ("DataError", "image.png"),
        ("Article", "latin1.txt"),
        ("Article", "lines.jsonl"),
        ("DataError", "empty-dir"),
        ("DataError", "nope"),
    ]
    first, latin1 = items[0], items[3]
    assert isinstance(first, Article) and first.title == "Titre court"
    assert isinstance(latin1, Article) and latin1.text.startswith("Élysée à Paris")
    assert "binary" in items[2].reason  # type: ignore[union-attr]


def test_seed_text_file_has_no_title() -> None:
    seed = Path(__file__).resolve().parents[2].parent / "shared/seed/article-fr-us-georgia.txt"
    if not seed.exists():
        pytest.skip("../shared is absent")
    (article,) = list(read_paths([str(seed)]))
    assert isinstance(article, Article)
    assert article.title == "" and article.text.startswith("Les États-Unis")


def test_replaying_a_fixed_non_json_line_parses_it() -> None:
    fixed = {
        "source": "f",
        "line": 2,
        "stage": "read",
        "reason": "not valid JSON",
        "record": '{"id": "n", "text": "now valid"}',
    }
    article = article_from_record(fixed, source="rejects.jsonl", line=1)
    assert (article.id, article.text) == ("n", "now valid")
    still_bad = dict(fixed, record="{this is not json")
    with pytest.raises(DataError, match="still not valid JSON"):
        article_from_record(still_bad, source="rejects.jsonl", line=1)


def test_lone_surrogates_and_noncharacters_become_replacement_characters() -> None:
    (article,) = _read(
        '{"id": "a\\ud800", "title": "T \\udc00", "text": "x \\ud83d y \\ufdd0 z \\uffff.",'
        ' "source": "s\\udfff"}\n'
    )
    assert isinstance(article, Article)
    assert article.text == "x \ufffd y \ufffd z \ufffd."
    assert (article.id, article.title, article.source) == ("a\ufffd", "T \ufffd", "s\ufffd")
    article.text.encode("utf-8")  # never raises
    # A real pair written as two escapes is one character, kept as it is.
    (emoji,) = _read('{"text": "smile \\ud83d\\ude00"}\n')
    assert isinstance(emoji, Article) and emoji.text == "smile \U0001f600"


def test_a_bom_on_the_first_line_is_ignored() -> None:
    items = _read(b'\xef\xbb\xbf{"text": "one"}\n{"text": "two"}\n')
    assert [type(i).__name__ for i in items] == ["Article", "Article"]


@pytest.mark.parametrize(
    ("declared", "indexed"),
    [
        ("fr", "fr"),
        ("EN", "en"),
        ("fr-FR", "fr"),
        ("pt_BR", "pt"),
        ("zh-Hant-TW", "zh"),
        ("iw", "he"),
    ],
)
def test_declared_language_tags_give_their_iso_639_1_code(declared: str, indexed: str) -> None:
    (article,) = _read(json.dumps({"text": "x", "language": declared}) + "\n")
    assert isinstance(article, Article)
    assert (article.language, article.declared_language) == (indexed, indexed)


@pytest.mark.parametrize("declared", ["klingon", "xx", "fra", "f", "fr-", "fr FR", "12"])
def test_other_declared_languages_are_rejected_with_the_value(declared: str) -> None:
    (err,) = _read(json.dumps({"text": "x", "language": declared}) + "\n")
    assert isinstance(err, DataError)
    assert err.reason == (
        f"field 'language' must be an ISO 639-1 code like 'fr' or 'fr-FR', got {declared!r}"
    )


def test_gzip_files_and_streams(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"text": "one"}\n{"text": "two"}\n'))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(b"Titre\n\nCorps du texte."))
    (tmp_path / "c.ndjson.gz").write_bytes(b"plain, not gzip\n")
    items = list(read_paths([str(tmp_path)]))
    texts = [i.text for i in items if isinstance(i, Article)]
    assert texts == ["one", "two", "Corps du texte."]
    (bad,) = [i for i in items if isinstance(i, DataError)]
    assert bad.reason.startswith("not a gzip file") and bad.source.endswith("c.ndjson.gz")
    # stdin holding gzip data is decompressed too
    stdin = io.BufferedReader(io.BytesIO(gzip.compress(b'{"text": "from stdin"}\n')))
    (article,) = list(read_paths(["-"], stdin=stdin))
    assert isinstance(article, Article) and article.text == "from stdin"


def test_a_fifo_is_read_as_a_stream(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "feed"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as fh:
            fh.write(b'{"text": "through a fifo"}\n')

    writer = threading.Thread(target=write)
    writer.start()
    items = list(read_paths([str(fifo)]))
    writer.join()
    assert [i.text for i in items if isinstance(i, Article)] == ["through a fifo"]


def test_read_paths_keeps_the_paths_it_reads() -> None:
    inputs = read_paths(["a.jsonl", "-"])
    assert inputs.paths == ["a.jsonl", "-"]


def test_safe_text_replaces_only_surrogates_and_noncharacters() -> None:
    from es_ingest.readers import safe_text

    kept = "Genève 東京 \U00020000 \U0001f600 \ufffd \U000e0001"
    assert safe_text(kept) == kept
    for bad in ("\ud83d", "\udfff", "\ufdd0", "\ufdef", "\ufffe", "\U0001ffff", "\U0010fffe"):
        assert safe_text(f"a{bad}b") == "a\ufffdb", ascii(bad)


def test_a_fifo_inside_a_directory_is_reported_not_opened(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "nobody-writes")
    (tmp_path / "a.jsonl").write_text('{"text": "read"}\n')
    items = list(read_paths([str(tmp_path)]))  # would block forever if the FIFO were opened
    assert [i.text for i in items if isinstance(i, Article)] == ["read"]
    (err,) = [i for i in items if isinstance(i, DataError)]
    assert err.source.endswith("nobody-writes") and "not a regular file" in err.reason
