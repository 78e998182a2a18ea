"""Where the files of a local node live: one directory per port under the cache."""

from __future__ import annotations

from pathlib import Path

from ..cache import cache_dir

DEFAULT_PORT = 9200


def node_dir(port: int) -> Path:
    """`<cache>/node-<port>`: config, data, logs, tmp and the pid file of that node."""
    return cache_dir() / f"node-{port}"


def last_error_line(text: str) -> str:
    """The first line that mentions an error (else the last line), at most 300 characters."""
    lines = [ln.strip() for ln in text.splitlines() if "error" in ln.lower()]
    return (lines[0] if lines else text.strip().splitlines()[-1:] or ["unknown error"])[0][:300]
