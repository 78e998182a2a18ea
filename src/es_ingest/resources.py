"""The data files packaged in ``es_ingest/data`` (see its SOURCES.md)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path


def data_dir() -> Path:
    """The folder of the packaged data files."""
    return Path(str(resources.files("es_ingest").joinpath("data")))


def data_lines(name: str) -> Iterator[list[str]]:
    """Tab-separated fields of the non-comment lines of a packaged data file."""
    text = resources.files("es_ingest").joinpath("data", name).read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield [f.strip() for f in line.split("\t")]
