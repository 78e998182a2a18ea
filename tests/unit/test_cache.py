"""The pickle cache (es_ingest.cache) and the gazetteer built through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from es_ingest import cache


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ES_INGEST_NO_CACHE", raising=False)
    return tmp_path / "cache"


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_second_call_reads_the_pickle(cache_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("v1")
    build = Builder({"a": [1, 2]})
    assert cache.cached("thing", [source, "lib==1"], build) == {"a": [1, 2]}
    assert cache.cached("thing", [source, "lib==1"], build) == {"a": [1, 2]}
    assert build.calls == 1
    assert len(list((cache_home / "pickles").glob("thing-*.pickle"))) == 1


@pytest.mark.parametrize("change", ["file", "string"])
def test_changed_inputs_rebuild_and_replace_the_old_file(
    cache_home: Path, tmp_path: Path, change: str
) -> None:
    source = tmp_path / "data"
    source.mkdir()
    (source / "table.tsv").write_text("a\tb\n")
    cache.cached("thing", [source, "lib==1"], Builder("old"))
    if change == "file":
        (source / "table.tsv").write_text("a\tc\n")
        inputs: list[Path | str] = [source, "lib==1"]
    else:
        inputs = [source, "lib==2"]
    build = Builder("new")
    assert cache.cached("thing", inputs, build) == "new"
    assert build.calls == 1
    assert len(list((cache_home / "pickles").glob("thing-*.pickle"))) == 1


def test_corrupt_file_is_rebuilt(cache_home: Path) -> None:
    cache.cached("thing", ["x"], Builder("value"))
    (pickle_file,) = (cache_home / "pickles").glob("thing-*.pickle")
    pickle_file.write_bytes(b"\x80\x05truncated")
    build = Builder("value")
    assert cache.cached("thing", ["x"], build) == "value"
    assert build.calls == 1
    assert cache.cached("thing", ["x"], Builder("other")) == "value"  # rewritten


def test_unwritable_pickles_folder_only_costs_time(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    (cache_home / "pickles").write_text("not a directory")  # writes and reads fail
    build = Builder("value")
    assert cache.cached("thing", ["x"], build) == "value"
    assert cache.cached("thing", ["x"], build) == "value"
    assert build.calls == 2


def test_cache_dir_that_is_a_file_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    monkeypatch.setenv("ES_INGEST_CACHE", str(not_a_dir))
    build = Builder("value")
    assert cache.cached("thing", ["x"], build) == "value"
    assert cache.cached("thing", ["x"], build) == "value"
    assert build.calls == 2


def test_no_cache_switch(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ES_INGEST_NO_CACHE", "1")
    build = Builder("value")
    cache.cached("thing", ["x"], build)
    cache.cached("thing", ["x"], build)
    assert build.calls == 2
    assert not (cache_home / "pickles").exists()


def test_build_errors_propagate(cache_home: Path) -> None:
    def broken() -> object:
        raise ValueError("bad data")

    with pytest.raises(ValueError, match="bad data"):
        cache.cached("thing", ["x"], broken)


def test_cached_gazetteer_scans_like_a_fresh_build(cache_home: Path) -> None:
    from es_ingest.gazetteer import build as gz

    text = (
        "Le secrétaire d'État John Kerry a rencontré à Tbilissi le Premier ministre "
        "géorgien; l'OTAN, Washington et Bruxelles saluent l'accord avec la Géorgie."
    )
    fresh = gz.build_default()
    gz.default_gazetteer.cache_clear()
    try:
        first = gz.default_gazetteer()  # built, then written
        gz.default_gazetteer.cache_clear()
        second = gz.default_gazetteer()  # read back
    finally:
        gz.default_gazetteer.cache_clear()
    assert len(list((cache_home / "pickles").glob("gazetteer-*.pickle"))) == 1
    expected = fresh.scan(text, "fr")
    assert expected  # the text has places and an alliance
    assert first.scan(text, "fr") == expected
    assert second.scan(text, "fr") == expected
    assert second.size == fresh.size


def test_pickles_others_can_write_are_never_loaded(
    cache_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache.cached("thing", ["x"], Builder("value"))
    folder = cache_home / "pickles"
    folder.chmod(0o777)  # anyone could have put a pickle there
    build = Builder("rebuilt")
    with caplog.at_level("WARNING", logger="es_ingest.cache"):
        assert cache.cached("thing", ["x"], build) == "rebuilt"
    assert build.calls == 1
    assert "not private" in caplog.text
    folder.chmod(0o700)
    assert cache.cached("thing", ["x"], Builder("other")) == "value"  # the old file, trusted again


def test_pickles_folder_is_created_private(cache_home: Path) -> None:
    cache.cached("thing", ["x"], Builder("value"))
    assert (cache_home / "pickles").stat().st_mode & 0o077 == 0
