"""Which node made a data directory, and whether the node about to start can open it.

A node that cannot read its data directory does not fail fast: it waits for
shards it cannot allocate (an index whose analysers come from a plugin it
lacks) or stops with a Java stack trace. So `start()` checks first: every
start records in `<node dir>/made-by.json` the Elasticsearch version and the
plugins of the home it ran, and the next start compares. Directories from
before this record existed are judged by the `home` file of their last start.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import LocalEsError
from .plugins import LOCALNODE, has_modules

RECORD = "made-by.json"
_JAR = re.compile(r"elasticsearch-(\d+)\.(\d+)\.(\d+)\.jar")


@dataclass(frozen=True)
class NodeKind:
    """What a data directory needs from the node that opens it."""

    version: str
    plugins: tuple[str, ...]
    modules: bool  # a full distribution (its modules provide analysis, ingest, mustache)

    @property
    def has_our_analysis(self) -> bool:
        """The analysers, `set` processor and mustache our mappings use are there."""
        return self.modules or LOCALNODE in self.plugins

    def describe(self) -> str:
        extras = ", ".join(self.plugins) or "no plugins"
        return f"Elasticsearch {self.version} ({'modules, ' if self.modules else ''}{extras})"


def kind_of(home: Path) -> NodeKind:
    """The version (from lib/elasticsearch-X.Y.Z.jar) and plugins of an Elasticsearch home."""
    matches = (_JAR.fullmatch(p.name) for p in (home / "lib").glob("elasticsearch-*.jar"))
    versions = [".".join(m.groups()) for m in matches if m]
    plugins_dir = home / "plugins"
    plugins = (
        sorted(p.name for p in plugins_dir.iterdir() if p.is_dir()) if plugins_dir.is_dir() else []
    )
    return NodeKind(versions[0] if versions else "unknown", tuple(plugins), has_modules(home))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split(".")) if re.fullmatch(r"[\d.]+", version) else ()


def recorded(ndir: Path) -> NodeKind | None:
    """The kind of node that last ran on this data directory, or None when unknown."""
    try:
        data = json.loads((ndir / RECORD).read_text())
        return NodeKind(data["version"], tuple(data["plugins"]), bool(data["modules"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:  # before the record existed: the home of the last start
        last_home = Path((ndir / "home").read_text().strip())
    except OSError:
        return None
    return kind_of(last_home) if (last_home / "bin" / "elasticsearch").exists() else None


def record(ndir: Path, kind: NodeKind) -> None:
    """Remember which kind of node runs on this data directory."""
    (ndir / RECORD).write_text(json.dumps(asdict(kind)) + "\n")


def _has_data(ndir: Path) -> bool:
    data = ndir / "data"
    return data.is_dir() and any(data.iterdir())


def incompatibility(before: NodeKind, now: NodeKind) -> str | None:
    """Why a node of kind `now` cannot open data made by `before`, or None."""
    old, new = _version_key(before.version), _version_key(now.version)
    if old and new and (new < old or new[0] > old[0] + 1):
        return "Elasticsearch cannot open data of a newer version or of two majors back"
    if before.has_our_analysis and not now.has_our_analysis:
        return "its indices use analysers and a pipeline that this node lacks"
    missing = set(before.plugins) - set(now.plugins) - {LOCALNODE}
    if missing:
        return f"its indices may need the plugins {', '.join(sorted(missing))}"
    return None


def check(ndir: Path, now: NodeKind, port: int) -> None:
    """Raise `LocalEsError` (one line, with the fix) when the data was made by an
    incompatible node; does nothing for an empty or unknown data directory."""
    before = recorded(ndir) if _has_data(ndir) else None
    why = incompatibility(before, now) if before is not None else None
    if why is None:
        return
    assert before is not None
    raise LocalEsError(
        f"{ndir / 'data'} was made by {before.describe()} and this node is {now.describe()}: "
        f"{why}. Start afresh (deletes that node's indices): "
        f"es-ingest local-es start --port {port} --reset-data; or use another --port"
    )


def reset(ndir: Path) -> None:
    """Delete the node's data directory and its record (the node must be stopped)."""
    shutil.rmtree(ndir / "data", ignore_errors=True)
    (ndir / RECORD).unlink(missing_ok=True)
