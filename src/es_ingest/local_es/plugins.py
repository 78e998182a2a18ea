"""The dev plugin `localnode-plugin`, and installing plugin zips into a node's home.

The plugin's sources (`pom.xml`, `src/`) ship inside this package
(`es_ingest/local_es/localnode-plugin`, a link to the repository's
`localnode-plugin/` in a checkout), so an installed wheel can build it too.
`localnode_plugin()` builds it with Maven once per content of those sources:
the zip is kept under `<cache>/localnode-plugin/<source hash>/`, and a
changed source builds a new one. See localnode-plugin/README.md for why the
bare server needs it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from ..cache import cache_dir
from ..errors import LocalEsError
from ..version import ES_VERSION
from .distribution import make_world_readable, maven
from .layout import last_error_line

log = logging.getLogger(__name__)

#: The plugin's name (its directory under plugins/, and the zip's stem before the version).
LOCALNODE = "es-ingest-localnode"
SOURCES = Path(__file__).resolve().parent / "localnode-plugin"


def source_files(root: Path = SOURCES) -> list[Path]:
    """The files Maven builds the plugin from (pom.xml and src/), sorted."""
    files = [root / "pom.xml", *(p for p in (root / "src").rglob("*") if p.is_file())]
    missing = [str(p) for p in files if not p.is_file()]
    if missing or len(files) == 1:
        raise LocalEsError(f"the localnode-plugin sources are not in {root} (reinstall es-ingest)")
    return sorted(files)


def source_hash(root: Path = SOURCES) -> str:
    """A digest of the plugin's sources: their paths and contents."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def localnode_plugin(java: Path, root: Path = SOURCES) -> Path:
    """The plugin zip for these sources, built with Maven (and `java`) the first time.

    Raises `LocalEsError` when Maven is missing or the build fails (with its first
    error line).
    """
    out_dir = cache_dir() / "localnode-plugin" / source_hash(root)
    built = sorted(out_dir.glob(f"{LOCALNODE}-*.zip"))
    if built:
        return built[-1]
    mvn = maven()
    work = out_dir.parent / f".build-{out_dir.name}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    for path in source_files(root):
        dest = work / path.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    log.warning("building the localnode-plugin with Maven (once; about a minute)")
    env = dict(os.environ, JAVA_HOME=str(java))
    cmd = [mvn, "-q", "-B", "-f", str(work / "pom.xml"), "package", "-DskipTests"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    zips = sorted((work / "target").glob(f"{LOCALNODE}-*.zip"))
    if proc.returncode != 0 or not zips:
        detail = last_error_line(proc.stdout + proc.stderr or "no output")
        raise LocalEsError(f"building the localnode-plugin with Maven failed: {detail}")
    tmp_out = out_dir.parent / f".{out_dir.name}-{os.getpid()}"
    tmp_out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(zips[-1], tmp_out / zips[-1].name)
    try:
        tmp_out.rename(out_dir)  # atomic: another process may have built it meanwhile
    except OSError:
        shutil.rmtree(tmp_out, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return sorted(out_dir.glob(f"{LOCALNODE}-*.zip"))[-1]


def plugin_name(zip_path: Path) -> str:
    """`es-ingest-localnode` for `es-ingest-localnode-9.2.4.0.zip`."""
    return zip_path.stem.split("-" + ES_VERSION)[0]


def has_modules(home: Path) -> bool:
    """True for a full distribution, whose modules already provide what the plugin adds."""
    return (home / "modules" / "analysis-common").is_dir()


def install_plugins(home: Path, plugin_zips: list[Path]) -> Path:
    """A copy of `home` with `plugin_zips` unpacked under plugins/; returns its path.

    The copy is keyed by the zips' content so a rebuilt plugin gets a fresh
    install; the pristine distribution is never modified. Zips of the same
    plugin name count once (the first one). Raises `LocalEsError` for a missing zip.
    """
    unique: dict[str, Path] = {}
    for z in plugin_zips:
        if not z.is_file():
            raise LocalEsError(f"plugin zip not found: {z}")
        unique.setdefault(plugin_name(z), z)
    if not unique:
        return home
    digest = hashlib.sha256()
    for name in sorted(unique):
        digest.update(unique[name].read_bytes())
    target = home.parent / f"{home.name}-plugins-{digest.hexdigest()[:12]}"
    if (target / "bin" / "elasticsearch").exists():
        return target
    tmp = home.parent / f".{target.name}.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(home, tmp, symlinks=True)
    for name, z in unique.items():
        dest = tmp / "plugins" / name
        dest.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(z) as zf:
            zf.extractall(dest)
    make_world_readable(tmp)
    try:
        tmp.rename(target)
    except OSError:  # another process installed the same set meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    return target
