"""What the forkserver and the workers read from the pickle cache is what they would build.

langdetect's table float for float, the first names, the heard name keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langdetect import detect_langs, detector_factory
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from es_ingest import _langdetect_profiles
from es_ingest.enrich import lexicons, name_cues


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ES_INGEST_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def reference() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def _installed(monkeypatch: pytest.MonkeyPatch) -> DetectorFactory:
    monkeypatch.setattr(detector_factory, "_factory", None)
    _langdetect_profiles.init_factory(seed=0)
    factory = detector_factory._factory
    assert factory is not None
    return factory


def _same_table(ours: DetectorFactory, reference: DetectorFactory) -> None:
    assert ours.langlist == reference.langlist
    assert len(ours.langlist) == 55
    assert ours.word_lang_prob_map.keys() == reference.word_lang_prob_map.keys()
    for word, probs in reference.word_lang_prob_map.items():
        assert ours.word_lang_prob_map[word].tolist() == probs, word


def test_built_and_cached_tables_are_langdetects(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch, reference: DetectorFactory
) -> None:
    built = _installed(monkeypatch)  # builds, and writes the cache
    assert list((cache_home / "pickles").glob("langdetect-profiles-*.pickle"))
    _same_table(built, reference)
    loaded = _installed(monkeypatch)  # from the cache
    assert loaded is not built
    _same_table(loaded, reference)


def test_langdetect_answers_the_same_with_the_cached_table(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch, reference: DetectorFactory
) -> None:
    texts = [
        "Le conseil municipal a voté mardi le budget du port.",
        "Городской совет во вторник утвердил бюджет порта.",
        "The committee met on Tuesday to discuss the harbour budget.",
    ]
    monkeypatch.setattr(DetectorFactory, "seed", 0)
    monkeypatch.setattr(detector_factory, "_factory", reference)
    expected = [[(x.lang, x.prob) for x in detect_langs(t)] for t in texts]
    _installed(monkeypatch)
    _installed(monkeypatch)  # the second time from the cache
    assert [[(x.lang, x.prob) for x in detect_langs(t)] for t in texts] == expected
    assert expected[0][0][0] == "fr"


def _built_then_cached(cached: Any, build: Any, name: str, cache_home: Path) -> Any:
    """`cached()` builds and writes the pickle `name`, then reads back what `build()` gives."""
    cached.cache_clear()
    try:
        built = cached()
        assert list((cache_home / "pickles").glob(f"{name}-*.pickle"))
        cached.cache_clear()
        assert cached() == built == build()
        return built
    finally:
        cached.cache_clear()


def test_first_names_from_the_cache_are_the_built_ones(cache_home: Path) -> None:
    built = _built_then_cached(
        lexicons.first_names, lexicons._build_first_names, "first-names", cache_home
    )
    assert {"maria", "giuseppe", "olga"} <= built


def test_heard_values_from_the_cache_are_the_built_ones(cache_home: Path) -> None:
    _built_then_cached(
        name_cues._heard_values, name_cues._build_heard_values, "heard-values", cache_home
    )
    assert name_cues.heard_known("Трикс")  # "triks", the key of the lexicon's "Trix"


def test_first_name_locales_from_the_cache_are_the_built_ones(cache_home: Path) -> None:
    built = _built_then_cached(
        lexicons.first_name_locales,
        lexicons._build_first_name_locales,
        "first-name-locales",
        cache_home,
    )
    male, female = built["joseph"]
    assert male > 1 and female == 0


def test_the_gazetteer_cache_depends_on_every_module_of_its_package() -> None:
    # pl_forms.py, read by the build through morph, was once left out: its
    # changes did not rebuild the cached gazetteer.
    from pathlib import Path

    from es_ingest.gazetteer import build

    package = Path(build.__file__).parent
    inputs = set(build.build_inputs())
    assert package / "pl_forms.py" in inputs
    assert {p for p in package.glob("*.py")} <= inputs
    assert any(str(x).startswith("snowballstemmer==") for x in inputs)
