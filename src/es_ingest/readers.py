"""Read articles from JSON Lines, text files, directories and stdin.

`read_paths(paths)` yields, in input order, either an `Article` or a
`DataError` describing a record that cannot be used (with the file, the
line and the original record). Reading never raises for bad data: one bad
line never stops the others.

Rules (documented in the README):
- `.jsonl`, `.ndjson` and `.json` files and `-` (stdin) are JSON Lines: one
  object per line; blank lines are skipped.
- Any other file is one plain-text article. Its encoding is UTF-8 if it
  decodes, else detected (Latin-1, Windows-1252, … via charset-normalizer).
  Binary files (images, archives) are rejected. A first line of at most
  200 characters followed by a blank line is taken as the title.
- Directories are walked recursively in sorted order; hidden files and
  directories are skipped.
- Fields: `text` (required, a non-blank string), `id` (string or number),
  `title`, `url`, `source`, `language` (strings or null), `published_at` (an
  ISO 8601 date or date-time, or an RFC 2822 date; normalised to ISO 8601).
  Control characters other than tab and newline are removed. Unknown fields
  are kept in `Article.extra` and are not indexed.
"""

from __future__ import annotations

import email.utils
import io
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from .errors import DataError
from .model import Article

log = logging.getLogger(__name__)

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
REPLAY_KEYS = {"stage", "reason", "record"}
KNOWN_FIELDS = {"id", "title", "text", "url", "published_at", "source", "language"}
TITLE_MAX = 200
MAX_LINE_BYTES = 64 * 1024 * 1024  # a JSON line larger than this is rejected, not loaded

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_TAGS = re.compile(r"<[^>]{0,2000}>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,10}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")

Item = Article | DataError

_LATIN_FAMILY = {
    "cp1250",
    "cp1252",
    "cp1254",
    "cp1257",
    "latin_1",
    "iso8859_2",
    "iso8859_9",
    "iso8859_15",
    "iso8859_13",
    "mac_roman",
    "mac_latin2",
    "cp850",
    "cp437",
}


def clean_text(value: str) -> str:
    """Remove control characters (keeping tab and newline) and normalise newlines."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def has_content(text: str) -> bool:
    """False when `text` is empty, whitespace, or only markup and entities."""
    stripped = _ENTITY.sub(" ", _TAGS.sub(" ", text))
    return any(ch.isalnum() for ch in stripped)


def parse_date(value: str) -> str:
    """Normalise a date to ISO 8601; raises ValueError when it is not a date."""
    value = value.strip()
    if not value:
        raise ValueError("empty")
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    parsed = email.utils.parsedate_to_datetime(value)  # raises ValueError/TypeError
    return parsed.isoformat()


def article_from_record(record: Any, *, source: str, line: int | None) -> Article:
    """Validate one decoded JSON record; raises `DataError` when unusable."""

    def bad(reason: str) -> DataError:
        return DataError(reason, source=source, line=line, stage="read", raw=record)

    if not isinstance(record, dict):
        raise bad(f"expected a JSON object, got {type(record).__name__}")
    if record.keys() >= REPLAY_KEYS:
        # A line of a rejects or pending file: replay its original record.
        inner = record["record"]
        if isinstance(inner, str):
            # A JSON line that did not parse: replay the (fixed) line itself.
            try:
                inner = json.loads(inner)
            except (json.JSONDecodeError, RecursionError) as exc:
                reason = getattr(exc, "msg", "nested too deeply")
                raise bad(f"rejected line is still not valid JSON: {reason}") from None
        if inner is None:
            raise bad(f"rejected record has no content to replay ({record.get('reason')})")
        return article_from_record(inner, source=source, line=line)
    text = record.get("text")
    if text is None:
        raise bad("missing field 'text'")
    if not isinstance(text, str):
        raise bad(f"field 'text' must be a string, got {type(text).__name__}")
    text = clean_text(text)
    if not has_content(text):
        raise bad("field 'text' is empty or only whitespace/markup")
    values: dict[str, Any] = {}
    for name in ("title", "url", "source", "language"):
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise bad(f"field '{name}' must be a string, got {type(value).__name__}")
        values[name] = clean_text(value).strip()
    raw_id = record.get("id")
    if raw_id is not None:
        if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
            raise bad(f"field 'id' must be a string or an integer, got {type(raw_id).__name__}")
        raw_id = str(raw_id).strip()
        if not raw_id or len(raw_id.encode()) > 512:
            raise bad("field 'id' must be 1 to 512 bytes")
    published = record.get("published_at")
    if published is not None:
        if not isinstance(published, str):
            raise bad(f"field 'published_at' must be a date string, got {type(published).__name__}")
        try:
            published = parse_date(published)
        except (ValueError, TypeError, IndexError):
            raise bad(f"field 'published_at' is not a date: {published[:60]!r}") from None
    language = values.pop("language", None) or None
    return Article(
        text=text,
        id=raw_id or None,
        title=values.get("title", ""),
        url=values.get("url") or None,
        source=values.get("source") or None,
        published_at=published,
        language=language.lower() if language else None,
        declared_language=language.lower() if language else None,
        origin=source,
        line=line,
        extra={k: v for k, v in record.items() if k not in KNOWN_FIELDS},
    )


def read_jsonl(stream: BinaryIO, source: str) -> Iterator[Item]:
    """Yield one Article or DataError per non-blank line of a JSON Lines stream."""
    for number, raw in enumerate(_bounded_lines(stream), start=1):
        if isinstance(raw, DataError):
            raw.source, raw.line = source, number
            raw.args = (raw.one_line(),)
            yield raw
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.decode("utf-8", errors="replace")
            yield DataError(
                f"line is not UTF-8 ({exc.reason} at byte {exc.start})",
                source=source,
                line=number,
                raw=line,
            )
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = getattr(exc, "msg", "nested too deeply")
            yield DataError(
                f"not valid JSON: {reason}", source=source, line=number, raw=line.rstrip("\n")
            )
            continue
        try:
            yield article_from_record(record, source=source, line=number)
        except DataError as err:
            yield err


def _bounded_lines(stream: BinaryIO) -> Iterator[bytes | DataError]:
    """Lines of `stream`, refusing (not loading) any line above MAX_LINE_BYTES."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            # Skip the rest of this oversized line without keeping it in memory.
            while True:
                chunk = stream.readline(MAX_LINE_BYTES)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield DataError(f"line longer than {MAX_LINE_BYTES} bytes", raw=None)
            continue
        yield line


def decode_text_file(data: bytes, source: str) -> str:
    """Decode a plain-text file; raises DataError for binary content."""
    if not data.strip():
        raise DataError("file is empty", source=source, raw=None)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("binary file (contains NUL bytes), not text", source=source, raw=None)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise DataError("binary or undecodable file, not text", source=source, raw=None)
    encoding = best.encoding
    if encoding in _LATIN_FAMILY:
        # Short Western texts look alike in every Latin single-byte code page;
        # Windows-1252 (a superset of Latin-1's printable range) is by far the
        # most common of them, so prefer it when it decodes cleanly.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    log.info("%s: decoded as %s", source, encoding)
    return data.decode(encoding, errors="replace")


def read_text_file(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        data = path.read_bytes()
        text = clean_text(decode_text_file(data, source))
    except DataError as err:
        yield err
        return
    except OSError as exc:
        yield DataError(f"cannot read file: {exc.strerror}", source=source, raw=None)
        return
    title = ""
    head, sep, rest = text.lstrip().partition("\n\n")
    if sep and "\n" not in head and len(head) <= TITLE_MAX and rest.strip():
        title, text = head.strip(), rest
    if not has_content(text):
        yield DataError(
            "file has no text (only whitespace or markup)", source=source, raw={"text": text}
        )
        return
    yield Article(text=text.strip(), title=title, origin=source, line=None)


def iter_files(path: Path) -> Iterator[Path]:
    """Files under `path` (or `path` itself), sorted, skipping hidden entries."""
    if path.is_file():
        yield path
        return
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def read_path(path: Path) -> Iterator[Item]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            if path.stat().st_size == 0:
                yield DataError("file is empty", source=str(path), raw=None)
                return
            with path.open("rb") as stream:
                yield from read_jsonl(stream, str(path))
        except OSError as exc:
            yield DataError(f"cannot read file: {exc.strerror}", source=str(path), raw=None)
    else:
        yield from read_text_file(path)


def read_paths(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Yield Articles and DataErrors from every path; "-" reads JSON Lines from stdin.

    A missing path or an empty directory yields a DataError (nothing to read
    there is worth telling the user), never an exception.
    """
    for raw_path in paths:
        if raw_path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl(stream, "-")
            continue
        path = Path(raw_path)
        if not path.exists():
            yield DataError("no such file or directory", source=raw_path, raw=None)
            continue
        found = False
        for file in iter_files(path):
            found = True
            yield from read_path(file)
        if not found:
            yield DataError("directory contains no files", source=raw_path, raw=None)


def read_string(text: str, source: str = "<string>") -> list[Item]:
    """Read JSON Lines from a string (for tests and the library API)."""
    return list(read_jsonl(io.BytesIO(text.encode()), source))
