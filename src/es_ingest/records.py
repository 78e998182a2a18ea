"""The rejects and pending files: the one place where their records are encoded.

Both files are JSON Lines of ``{"source", "line", "stage", "reason", "record"}``
that `es-ingest ingest` reads back as input (see `readers.article_from_record`).

`dumps(record)` encodes any record, whatever its Unicode: a value that UTF-8
cannot carry (a lone surrogate such as ``"\\ud83d"`` from a JSON escape, or a
file name that is not UTF-8) is written as a JSON ``\\uXXXX`` escape, so the
line stays valid UTF-8 and replays to the very value that was read.

`check_outputs(inputs, outputs)` refuses (`ConfigError`) an output file that
is one of the inputs, before anything is opened for writing: replaying a
rejects file into itself would append to the file being read until the disk
is full, and ``--dry-run f.jsonl -o f.jsonl`` would truncate its input.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from .errors import ConfigError, DataError
from .model import Article


def dumps(record: Any) -> str:
    """`record` as one line of JSON (no newline) that encodes to UTF-8 without error.

    Non-ASCII text is kept as it is; only when the record holds a value UTF-8
    cannot encode is the line written with ASCII escapes (same JSON value).
    U+0085, U+2028 and U+2029 are always escaped, so no tool splits the line.
    """
    line = json.dumps(record, ensure_ascii=False, default=str)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True, default=str)
    # Valid JSON as they are, but str.splitlines() and older JavaScript end a
    # line there: escaped, one record stays one line for every tool.
    return line.translate(_LINE_BREAKS)


# Unicode line boundaries that json.dumps leaves raw (it escapes those < U+0020).
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


class JsonlSink:
    """A JSON Lines file opened on first write (so clean runs leave no file)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fh: IO[str] | None = None
        self.lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        line = dumps(record) + "\n"
        with self.lock:
            if self._fh is None:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115
            self._fh.write(line)
            self._fh.flush()

    @property
    def used(self) -> bool:
        return self._fh is not None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def reject_record(err: DataError) -> dict[str, Any]:
    """The rejects-file record of a bad input record (its original kept in `record`)."""
    return {
        "source": err.source,
        "line": err.line,
        "stage": err.stage,
        "reason": err.reason,
        "record": err.raw,
    }


def pending_record(article: Article, reason: str) -> dict[str, Any]:
    """The pending-file record of an article Elasticsearch did not acknowledge."""
    return {
        "source": article.origin,
        "line": article.line,
        "stage": "pending",
        "reason": reason or "not acknowledged by Elasticsearch",
        "record": article.to_input_dict(),
    }


def check_outputs(inputs: Iterable[str], outputs: dict[str, object]) -> None:
    """Raise `ConfigError` when an output file would be read as one of `inputs`.

    `outputs` maps a description (e.g. ``"rejects file (--rejects)"``) to a
    path (anything else, "-" and names like "<stdout>" are skipped). An
    output is refused when it is the same file as an input (any spelling:
    relative, `..`, symlinks, hard links) or lies inside an input directory
    where the walker would read it (hidden paths are never read, so they are
    allowed). Nothing is opened.
    """
    paths = [p for p in inputs if p != "-"]
    for what, out in outputs.items():
        if not isinstance(out, str) or not out or out == "-" or out.startswith("<"):
            continue  # stdout ("<stdout>"), a descriptor, or nothing
        for inp in paths:
            if _would_read(inp, out):
                raise ConfigError(
                    f"the {what} {out} is also an input ({inp}): it would be read while it is "
                    "written; choose a path outside the inputs"
                )


def _would_read(inp: str, out: str) -> bool:
    try:
        if os.path.exists(out) and os.path.exists(inp) and os.path.samefile(inp, out):
            return True
    except OSError:
        pass
    if not os.path.isdir(inp):
        return False
    root = os.path.realpath(inp)
    # The walker reads `out` by its own name (through a symlink too), so test
    # the spelled path as well as the resolved one.
    for candidate in (os.path.abspath(out), os.path.realpath(out)):
        for base in (os.path.abspath(inp), root):
            rel = os.path.relpath(candidate, base)
            if rel == os.curdir or rel.split(os.sep)[0] == os.pardir:
                continue
            if not any(part.startswith(".") for part in rel.split(os.sep)):
                return True
    return False


def next_path(path: str) -> str:
    """A sibling name for the next replay's output: rejects.jsonl -> rejects-2.jsonl -> -3..."""
    parent, name = os.path.split(path)
    stem, dot, suffix = name.partition(".")
    base, dash, number = stem.rpartition("-")
    stem = f"{base}-{int(number) + 1}" if dash and number.isdigit() else f"{stem}-2"
    return os.path.join(parent, stem + dot + suffix)
