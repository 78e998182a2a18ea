"""The package works from a wheel, outside the repository.

`pip install` of a clean copy of the repository (its git-tracked files, as a fresh
clone has them) into a fresh virtualenv in a temporary directory, then, from that
directory, exactly:

    es-ingest local-es start && es-ingest setup && es-ingest ingest SEED &&
    es-ingest search --country GE

with SEED = ../shared/seed/article-fr-us-georgia.txt, on a fresh node on
WHEEL_TEST_PORT (default 9218). The node's cache is the test's own, so the
localnode-plugin is built from the sources inside the installed package (only
the Elasticsearch zip already downloaded is reused, to save the download).
pip uses PyPI through its cache. Outside CI the test is skipped, with the
reason, when pip cannot reach an index or git, Maven or ../shared are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seed" / "article-fr-us-georgia.txt"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PORT = int(os.environ.get("WHEEL_TEST_PORT", "9218"))
_OFFLINE = ("Could not find a version", "No matching distribution", "Failed to establish")


def _cannot(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"the wheel test needs {reason}", pytrace=False)
    pytest.skip(f"the wheel test needs {reason}")


def _clean_copy(dest: Path) -> Path:
    """The git-tracked files of the repository (with their links), as a clone has them."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        src, out = REPO / name, dest / name
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            out.symlink_to(os.readlink(src))
        elif src.is_file():
            shutil.copy2(src, out)
    return dest


def _install(tmp: Path) -> Path:
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    source = _clean_copy(tmp / "clone")
    proc = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", str(source)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if proc.returncode != 0 and any(s in proc.stderr for s in _OFFLINE):
        _cannot(f"pip to reach a package index: {proc.stderr.strip().splitlines()[-1]}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return venv / "bin"


def _cache_with_the_zip(tmp: Path) -> Path:
    """A fresh cache directory; only the Elasticsearch zip is taken from the user's cache."""
    from es_ingest.cache import cache_dir

    cache = tmp / "cache"
    (cache / "dist").mkdir(parents=True)
    for zip_path in (cache_dir() / "dist").glob("elasticsearch-*.zip"):
        os.link(zip_path, cache / "dist" / zip_path.name)
    return cache


@pytest.fixture
def own_tmp() -> Iterator[Path]:
    # Not pytest's tmp_path: its base directory is shared by every pytest run of the
    # user, and another run may prune it while the node runs from it.
    with tempfile.TemporaryDirectory(prefix="es-ingest-wheel-") as tmp:
        yield Path(tmp)


def test_installed_wheel_runs_the_readme_commands(own_tmp: Path) -> None:
    tmp_path = own_tmp
    if not SEED.exists():
        _cannot(f"{SEED} (../shared)")
    for tool in ("git", "mvn"):
        if shutil.which(tool) is None:
            _cannot(f"{tool} on PATH")
    bin_dir = _install(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    shared = tmp_path / "shared"
    shared.symlink_to(SEED.parents[1])
    env = dict(
        os.environ,
        PATH=str(bin_dir) + os.pathsep + os.environ.get("PATH", ""),
        ES_INGEST_CACHE=str(_cache_with_the_zip(tmp_path)),
        ES_URL=f"http://127.0.0.1:{PORT}",
        ES_LOCAL_PORT=str(PORT),
        ES_INGEST_WORKERS="1",
    )
    for name in ("ES_API_KEY", "ES_USERNAME", "ES_PASSWORD", "ES_CA_CERTS", "ES_ALIAS"):
        env.pop(name, None)
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import es_ingest; print(es_ingest.__file__)"],
        capture_output=True, text=True, cwd=work, env=env, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(tmp_path / "venv")), where  # not the repository's copy
    script = (
        "es-ingest local-es start && es-ingest setup && "
        "es-ingest ingest ../shared/seed/article-fr-us-georgia.txt && "
        "es-ingest search --country GE"
    )
    try:
        proc = subprocess.run(
            ["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=900
        )
    finally:
        subprocess.run([str(bin_dir / "es-ingest"), "local-es", "stop"], env=env, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert "building the localnode-plugin with Maven" in out  # from the package's sources
    assert "index articles-v1 created behind alias articles" in out
    assert "summary: read 1, indexed 1, rejected 0" in out
    assert "1 articles" in proc.stdout and "John Kerry" in proc.stdout and "GE (Georgia)" in out
    assert not list((tmp_path / "clone").glob("localnode-plugin/target"))
