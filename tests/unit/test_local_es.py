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
    monkeypatch.setattr(local_es, "JAVA_CANDIDATES", ())
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
