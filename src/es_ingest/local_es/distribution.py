"""The Elasticsearch server zip, fetched once from Maven Central with `mvn dependency:copy`.

The artifact is `org.elasticsearch.distribution.integ-test-zip:elasticsearch`:
the bare server (no modules), the only distribution Maven Central has.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from ..cache import cache_dir
from ..errors import LocalEsError
from ..version import ES_VERSION
from .layout import last_error_line

log = logging.getLogger(__name__)

ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"


def maven() -> str:
    """The `mvn` executable; raises `LocalEsError` when it is not on PATH."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalEsError(
            "Maven (mvn) is not on PATH: it is needed to fetch Elasticsearch from Maven "
            "Central and build the dev plugin; install it or set ES_HOME to an unpacked "
            "Elasticsearch"
        )
    return mvn


def fetch_distribution(version: str = ES_VERSION) -> Path:
    """Download (once) and unpack the server zip; return its home directory.

    Raises `LocalEsError` when Maven is missing or the artifact cannot be had.
    """
    base = cache_dir()
    home = base / f"elasticsearch-{version}"
    if (home / "bin" / "elasticsearch").exists():
        return home
    dist = base / "dist"
    dist.mkdir(exist_ok=True)
    archive = dist / f"elasticsearch-{version}.zip"
    if not archive.exists():
        _download(version, dist, archive)
    tmp = base / f".unpack-{version}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp)
    unpacked = tmp / f"elasticsearch-{version}"
    for script in (unpacked / "bin").iterdir():
        script.chmod(0o755)
    # Only the bundled-JDK-less zip's own files: make them readable by `nobody`.
    make_world_readable(unpacked)
    unpacked.rename(home)
    shutil.rmtree(tmp, ignore_errors=True)
    return home


def _download(version: str, dist: Path, archive: Path) -> None:
    artifact = ARTIFACT.format(version=version)
    log.info("fetching %s with Maven", artifact)
    cmd = [maven(), "-q", "-B", "dependency:copy", f"-Dartifact={artifact}"]
    proc = subprocess.run([*cmd, f"-DoutputDirectory={dist}"], capture_output=True, text=True)
    if proc.returncode != 0 or not archive.exists():
        detail = last_error_line(proc.stdout + proc.stderr)
        raise LocalEsError(f"cannot fetch {artifact} from Maven Central: {detail}")


def make_world_readable(root: Path) -> None:
    """Every file and directory under `root` readable (and directories enterable) by all."""
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            p = Path(dirpath) / name
            mode = p.stat().st_mode
            p.chmod(mode | 0o444 | (0o111 if mode & 0o100 else 0))
