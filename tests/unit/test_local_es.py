"""local_es: the one-line errors a developer meets before any node runs."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from es_ingest import local_es
from es_ingest.errors import LocalEsError


def test_missing_java_names_what_was_tried(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.delenv("ES_JAVA_HOME", raising=False)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    monkeypatch.setattr(local_es.java, "JAVA_CANDIDATES", ())
    with pytest.raises(LocalEsError) as err:
        local_es.find_java()
    message = str(err.value)
    assert "needs Java 21+" in message and "no-jdk" in message and "\n" not in message


def test_missing_maven_is_one_clear_line(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no mvn here
    with pytest.raises(LocalEsError, match=r"Maven \(mvn\) is not on PATH"):
        local_es.fetch_distribution("9.2.4")


def test_a_taken_port_is_refused(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path / "cache"))
    fake_home = tmp_path / "es"
    (fake_home / "bin").mkdir(parents=True)
    (fake_home / "bin" / "elasticsearch").write_text("#!/bin/sh\n")
    (fake_home / "config").mkdir()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        with pytest.raises(LocalEsError, match=f"port {port} on 127.0.0.1 is already in use"):
            local_es.start(port, es_home=str(fake_home))


def test_stop_never_touches_a_process_it_did_not_start(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path / "cache"))
    ndir = local_es.node_dir(9399)
    ndir.mkdir(parents=True)
    (ndir / "pid").write_text("1")  # init: alive, but not our node
    assert local_es.stop(9399) is False
    assert local_es.status(9399).running is False


def test_the_plugin_is_built_once_per_source_content(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    from es_ingest.local_es import plugins

    src = tmp_path / "plugin"
    (src / "src" / "main").mkdir(parents=True)
    (src / "pom.xml").write_text("<project/>")
    (src / "src" / "main" / "A.java").write_text("class A {}")
    (src / "target").mkdir()
    (src / "target" / "junk.class").write_text("not a source")
    first = plugins.source_hash(src)
    (src / "target" / "junk.class").write_text("changed build output")
    assert plugins.source_hash(src) == first  # build output is not a source
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path / "cache"))
    built = tmp_path / "cache" / "localnode-plugin" / first / "es-ingest-localnode-9.2.4.0.zip"
    built.parent.mkdir(parents=True)
    built.write_bytes(b"zip")
    monkeypatch.setenv("PATH", str(tmp_path))  # no mvn: a cached build needs none
    assert plugins.localnode_plugin(Path("/no/java"), src) == built
    (src / "src" / "main" / "A.java").write_text("class A { int x; }")
    assert plugins.source_hash(src) != first
    with pytest.raises(LocalEsError, match=r"Maven \(mvn\) is not on PATH"):
        plugins.localnode_plugin(Path("/no/java"), src)


def test_the_plugin_sources_ship_in_the_package() -> None:
    from es_ingest.local_es import plugins

    files = {p.relative_to(plugins.SOURCES).as_posix() for p in plugins.source_files()}
    assert "pom.xml" in files
    assert "src/main/plugin-metadata/plugin-descriptor.properties" in files
