"""Read articles from JSON Lines, text files, directories and stdin.

`read_paths(paths)` yields, in input order, either an `Article` or a
`DataError` describing a record that cannot be used (with the file, the
line and the original record). Reading never raises for bad data: one bad
line never stops the others.

Rules (documented in the README):
- `.jsonl`, `.ndjson` and `.json` files and `-` (stdin) are JSON Lines: one
  object per line; blank lines are skipped; a UTF-8 byte-order mark on the
  first line is ignored.
- A FIFO or a process substitution (`<(zcat dump.gz)`, i.e. `/dev/fd/N`) is
  a stream, read once as JSON Lines, like stdin.
- `.gz` files are decompressed as they are read: `.jsonl.gz`, `.ndjson.gz`,
  `.json.gz` are JSON Lines, any other (`.txt.gz`) one plain-text article.
  Streams and stdin that start with gzip's magic bytes are decompressed too.
- Any other file is one plain-text article. Its encoding is UTF-8 if it
  decodes, else detected (Latin-1, Windows-1252, … via charset-normalizer).
  Binary files (images, archives) are rejected. A first line of at most
  200 characters followed by a blank line is taken as the title.
- Directories are walked recursively in sorted order; hidden files and
  directories are skipped.
- Fields: `text` (required, a non-blank string), `id` (string or number),
  `title`, `url`, `source`, `language` (strings or null), `published_at` (an
  ISO 8601 date or date-time, or an RFC 2822 date; normalised to ISO 8601).
  Control characters other than tab and newline are removed; code points
  that cannot be encoded or indexed (lone surrogates such as ``"\\ud83d"``,
  noncharacters such as U+FFFF) become U+FFFD in every field that is indexed
  or used for the id. Unknown fields are kept in `Article.extra` (as read:
  the rejects/pending writer of `records.py` encodes anything) and are not
  indexed.
- `language`, when declared, must be an ISO 639-1 code, any case
  (``"FR"``); a BCP 47 / locale tag (``"fr-FR"``, ``"pt_BR"``) is accepted
  for its language part; the deprecated ``iw``, ``in``, ``ji`` mean ``he``,
  ``id``, ``yi``. Anything else (``"klingon"``, ``"fra"``) rejects the record,
  saying so: a declared language is trusted when detection is unsure, so a
  wrong one must not be indexed.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import io
import json
import logging
import os
import re
import stat
import sys
import zlib
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
MAX_GZIP_TEXT_BYTES = 256 * 1024 * 1024  # a .txt.gz expanding beyond this is rejected
GZIP_MAGIC = b"\x1f\x8b"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates (from JSON escapes like "\ud83d") cannot be encoded as UTF-8
# and noncharacters are not for interchange: both become U+FFFD, the mark of a
# character that was lost, so tokenizers, hashes and the index never see them.
# One class of ranges (a class listing the 32 astral noncharacters one by one
# is 100 times slower): every match in the BMP is unsafe, an astral match only
# when it is a plane's last two code points (see _replace_unsafe).
_UNSAFE = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]")
_LANGUAGE_TAG = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]{1,8})*$")
_DEPRECATED_639_1 = {"iw": "he", "in": "id", "ji": "yi"}
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
    """Remove control characters (keeping tab and newline), normalise newlines, and
    replace lone surrogates and noncharacters with U+FFFD (see `safe_text`)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return safe_text(_CONTROL.sub("", value))


def safe_text(value: str) -> str:
    """`value` with lone surrogates and noncharacters replaced by U+FFFD.

    The result always encodes to UTF-8 and can be indexed.
    """
    return _UNSAFE.sub(_replace_unsafe, value)


def _replace_unsafe(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\ufffd" if code < 0x10000 or code & 0xFFFE == 0xFFFE else match.group()


@functools.cache
def _iso_639_1() -> frozenset[str]:
    import pycountry

    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def iso_language(value: str) -> str | None:
    """The ISO 639-1 code of a declared language tag (lower case), or None if it is not one.

    "FR" -> "fr"; "fr-FR", "fr_CA", "zh-Hant" -> their language part; "iw" -> "he".
    """
    match = _LANGUAGE_TAG.match(value)
    if match is None:
        return None
    code = match.group(1).lower()
    code = _DEPRECATED_639_1.get(code, code)
    return code if code in _iso_639_1() else None


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
        raw_id = safe_text(str(raw_id)).strip()
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
    if language is not None:
        code = iso_language(language)
        if code is None:
            raise bad(
                f"field 'language' must be an ISO 639-1 code like 'fr' or 'fr-FR', got {language!r}"
            )
        language = code
    return Article(
        text=text,
        id=raw_id or None,
        title=values.get("title", ""),
        url=values.get("url") or None,
        source=values.get("source") or None,
        published_at=published,
        language=language,
        declared_language=language,
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
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]  # a UTF-8 byte-order mark, as some editors and exports write
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
        data = _gunzip_text(path) if _is_gzip_name(path) else path.read_bytes()
        text = clean_text(decode_text_file(data, source))
    except DataError as err:
        yield err
        return
    except (OSError, EOFError, zlib.error) as exc:
        yield DataError(_read_failure(exc), source=source, raw=None)
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


def _gunzip_text(path: Path) -> bytes:
    with gzip.open(path, "rb") as stream:
        data = stream.read(MAX_GZIP_TEXT_BYTES + 1)
    if len(data) > MAX_GZIP_TEXT_BYTES:
        raise DataError(
            f"expands to more than {MAX_GZIP_TEXT_BYTES} bytes", source=str(path), raw=None
        )
    return data


def _read_failure(exc: BaseException) -> str:
    """One line for an error met while reading a file (gzip ones included)."""
    if isinstance(exc, gzip.BadGzipFile):
        return "not a gzip file (the name ends in .gz)"
    if isinstance(exc, EOFError):
        return "gzip data is truncated (the lines before the cut were read)"
    if isinstance(exc, zlib.error):
        return f"gzip data is corrupt ({exc})"
    strerror = getattr(exc, "strerror", None)
    return f"cannot read file: {strerror or exc}"


def _is_gzip_name(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def _is_jsonl_name(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return os.path.splitext(name)[1] in JSONL_SUFFIXES


def is_stream(path: Path) -> bool:
    """True for a FIFO, a pipe (`<(...)` gives /dev/fd/N), a socket or a character device."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode)


def _maybe_gunzip(stream: BinaryIO) -> BinaryIO:
    """`stream`, decompressed when it starts with gzip's magic bytes (needs `peek`)."""
    peek = getattr(stream, "peek", None)
    if peek is not None and peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    return stream


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
    """Items of one file: JSON Lines by its name (`.gz` decompressed), else one text article."""
    if not _is_jsonl_name(path):
        yield from read_text_file(path)
        return
    source = str(path)
    try:
        if path.stat().st_size == 0:
            yield DataError("file is empty", source=source, raw=None)
            return
        opener = gzip.open if _is_gzip_name(path) else open
        with opener(path, "rb") as stream:
            yield from read_jsonl(stream, source)  # type: ignore[arg-type]
    except (OSError, EOFError, zlib.error) as exc:
        yield DataError(_read_failure(exc), source=source, raw=None)


def read_stream(stream: BinaryIO, source: str) -> Iterator[Item]:
    """JSON Lines from stdin, a FIFO or a pipe (decompressed if gzip)."""
    try:
        yield from read_jsonl(_maybe_gunzip(stream), source)
    except (OSError, EOFError, zlib.error) as exc:
        yield DataError(_read_failure(exc), source=source, raw=None)


class Inputs:
    """What `read_paths` returns: iterating it reads the inputs (once per iteration).

    `paths` are the inputs as given, so that the pipeline can refuse an output
    file that is one of them (`records.check_outputs`).
    """

    def __init__(self, paths: Iterable[str], stdin: BinaryIO | None = None) -> None:
        self.paths = list(paths)
        self._stdin = stdin

    def __iter__(self) -> Iterator[Item]:
        for raw_path in self.paths:
            yield from self._read_one(raw_path)

    def _read_one(self, raw_path: str) -> Iterator[Item]:
        if raw_path == "-":
            stream = self._stdin if self._stdin is not None else sys.stdin.buffer
            yield from read_stream(stream, "-")
            return
        path = Path(raw_path)
        if not path.exists():
            yield DataError("no such file or directory", source=raw_path, raw=None)
            return
        if is_stream(path):
            try:
                with path.open("rb") as stream:
                    yield from read_stream(stream, raw_path)
            except OSError as exc:
                yield DataError(_read_failure(exc), source=raw_path, raw=None)
            return
        found = False
        for file in iter_files(path):
            found = True
            if file != path and is_stream(file):
                # Opening a FIFO nobody writes to would wait forever: only a
                # stream named on the command line is read.
                yield DataError(
                    "not a regular file (a FIFO or device inside a directory is not read)",
                    source=str(file),
                    raw=None,
                )
                continue
            yield from read_path(file)
        if not found:
            yield DataError("directory contains no files", source=raw_path, raw=None)


def read_paths(paths: Iterable[str], stdin: BinaryIO | None = None) -> Inputs:
    """Articles and DataErrors from every path, in order; "-" reads JSON Lines from stdin.

    A missing path or an empty directory yields a DataError (nothing to read
    there is worth telling the user), never an exception.
    """
    return Inputs(paths, stdin)


def read_string(text: str, source: str = "<string>") -> list[Item]:
    """Read JSON Lines from a string (for tests and the library API)."""
    return list(read_jsonl(io.BytesIO(text.encode()), source))
