"""local_es: a data directory made by another kind of node is refused before start.

The fake homes below have what `datadir.kind_of` reads (lib/elasticsearch-X.Y.Z.jar,
plugins/<name>/); `start()` must stop at the check, in well under a second, with one
line that names the fix, and never spawn the fake `bin/elasticsearch`.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from es_ingest import local_es
from es_ingest.errors import LocalEsError
from es_ingest.local_es import datadir

PORT = 9398


def _home(root: Path, version: str, plugins: tuple[str, ...] = (), modules: bool = False) -> Path:
    (root / "bin").mkdir(parents=True)
    # Would leave a trace if start() ever ran it.
    (root / "bin" / "elasticsearch").write_text(f"#!/bin/sh\ntouch {root}/ran\n")
    (root / "bin" / "elasticsearch").chmod(0o755)
    (root / "config").mkdir()
    (root / "lib").mkdir()
    (root / "lib" / f"elasticsearch-{version}.jar").write_bytes(b"")
    (root / "lib" / "elasticsearch-x-content-9.2.4.jar").write_bytes(b"")
    for name in plugins:
        (root / "plugins" / name).mkdir(parents=True)
    if modules:
        (root / "modules" / "analysis-common").mkdir(parents=True)
    return root


@pytest.fixture
def cache(monkeypatch, tmp_path: Path) -> Path:  # noqa: ANN001
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _node_with_data(kind: datadir.NodeKind | None, last_home: Path | None = None) -> Path:
    ndir = local_es.node_dir(PORT)
    (ndir / "data" / "_state").mkdir(parents=True)
    if kind is not None:
        datadir.record(ndir, kind)
    if last_home is not None:
        (ndir / "home").write_text(str(last_home))
    return ndir


def test_kind_of_reads_version_and_plugins(tmp_path: Path) -> None:
    home = _home(tmp_path / "es", "9.2.4", ("es-ingest-localnode",))
    kind = datadir.kind_of(home)
    assert kind == datadir.NodeKind("9.2.4", ("es-ingest-localnode",), False)
    assert kind.has_our_analysis


def test_data_of_the_dev_plugin_refused_by_a_bare_node(cache: Path, tmp_path: Path) -> None:
    _node_with_data(datadir.NodeKind("9.2.4", ("es-ingest-localnode",), False))
    bare = _home(tmp_path / "bare", "9.2.4")
    began = time.monotonic()
    with pytest.raises(LocalEsError) as err:
        local_es.start(PORT, es_home=str(bare), dev_plugin=False)
    assert time.monotonic() - began < 5
    message = str(err.value)
    assert "\n" not in message
    assert "analysers" in message and "es-ingest-localnode" in message
    assert f"es-ingest local-es start --port {PORT} --reset-data" in message
    assert not (bare / "ran").exists()


def test_data_of_a_newer_version_refused(cache: Path, tmp_path: Path) -> None:
    _node_with_data(datadir.NodeKind("9.3.0", (), True))
    older = _home(tmp_path / "es", "9.2.4", modules=True)
    with pytest.raises(LocalEsError, match="made by Elasticsearch 9.3.0 .* newer version"):
        local_es.start(PORT, es_home=str(older))


def test_data_from_before_the_record_judged_by_the_last_home(cache: Path, tmp_path: Path) -> None:
    last = _home(tmp_path / "with-plugin", "9.2.4", ("es-ingest-localnode",))
    ndir = _node_with_data(None, last_home=last)
    assert datadir.recorded(ndir) == datadir.kind_of(last)
    bare = _home(tmp_path / "bare", "9.2.4")
    with pytest.raises(LocalEsError, match="--reset-data"):
        local_es.start(PORT, es_home=str(bare), dev_plugin=False)


def test_compatible_kinds() -> None:
    dev = datadir.NodeKind("9.2.4", ("es-ingest-localnode",), False)
    full = datadir.NodeKind("9.2.4", (), True)
    newer = datadir.NodeKind("9.3.1", ("es-ingest-localnode",), False)
    assert datadir.incompatibility(dev, full) is None  # the modules provide the same names
    assert datadir.incompatibility(full, dev) is None
    assert datadir.incompatibility(dev, newer) is None  # an upgrade within the major
    assert datadir.incompatibility(full, datadir.NodeKind("9.2.4", (), False)) is not None


def test_reset_data_deletes_data_and_record(cache: Path) -> None:
    ndir = _node_with_data(datadir.NodeKind("9.3.0", (), True))
    datadir.reset(ndir)
    assert not (ndir / "data").exists() and not (ndir / datadir.RECORD).exists()


def test_cli_says_it_in_one_line_and_reset_data_clears_it(cache: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from es_ingest.cli import main

    ndir = _node_with_data(datadir.NodeKind("9.3.0", (), True))
    home = _home(tmp_path / "es", "9.2.4", modules=True)
    args = ["local-es", "start", "--port", str(PORT), "--es-home", str(home), "--timeout", "5"]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 3
    (line,) = refused.output.strip().splitlines()
    assert line.startswith("es-ingest: error: ") and "--reset-data" in line
    assert (ndir / "data" / "_state").is_dir() and not (home / "ran").exists()

    # --reset-data deletes the data; the fake node then starts (and exits at once).
    reset = CliRunner().invoke(main, [*args, "--reset-data"])
    assert not (ndir / "data" / "_state").exists()
    assert reset.exit_code == 3 and "while starting" in reset.output  # it was spawned
    assert datadir.recorded(ndir) == datadir.kind_of(home)


def test_status_says_which_node_made_the_data(cache: Path) -> None:
    from click.testing import CliRunner

    from es_ingest.cli import main

    _node_with_data(datadir.NodeKind("9.2.4", ("es-ingest-localnode",), False))
    out = CliRunner().invoke(main, ["local-es", "status", "--port", str(PORT)])
    assert out.exit_code == 1  # not running
    assert (
        out.output.strip() == "not running; data made by Elasticsearch 9.2.4 (es-ingest-localnode)"
    )
    as_json = CliRunner().invoke(main, ["local-es", "status", "--port", str(PORT), "--json"])
    assert '"made_by": {"version": "9.2.4", "plugins": ["es-ingest-localnode"]}' in as_json.output
