"""Long patterns compiled once and rebuilt from es-ingest's cache: the same objects as `re`'s."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from es_ingest import cache, regex_cache

# Long enough to be kept (MIN_CHARS), with groups, classes, flags and non-ASCII.
WORDS = [f"mot{i}-[a-zé]{{2,4}}" for i in range(2000)]
LONG = "(?iu)" + "|".join(f"(?:{w})" for w in WORDS) + r"|(?P<named>l['’]\w+)"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ES_INGEST_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ES_INGEST_NO_CACHE", raising=False)
    re.purge()  # `re`'s own in-process cache would answer before the compiler


def test_pattern_from_the_cache_equals_re_compile() -> None:
    inputs = regex_cache.inputs_for("spacy")
    assert len(LONG) >= regex_cache.MIN_CHARS
    with regex_cache.reusing_compiled("regex-test", inputs):
        first = re.compile(LONG)
    table = cache.load("regex-test", inputs)
    assert list(table) == [(LONG, 0)]  # only the long pattern was kept
    re.purge()
    with regex_cache.reusing_compiled("regex-test", inputs):
        again = re.compile(LONG)
    re.purge()
    plain = re.compile(LONG)
    # Pattern equality compares the pattern, the flags and the compiled code.
    assert first == plain and again == plain
    assert again.flags == plain.flags and again.groupindex == plain.groupindex
    assert again.match("MOT1999-Éte").group() == "MOT1999-Éte"
    assert again.match("l’avion").group("named") == "l’avion"
    assert again.match("mot5-a") is None


def test_short_patterns_and_the_compiler_are_left_alone() -> None:
    original = re._compiler.compile  # type: ignore[attr-defined]
    with regex_cache.reusing_compiled("regex-test", regex_cache.inputs_for()):
        assert re.compile("a+b").match("aab")
    assert re._compiler.compile is original  # type: ignore[attr-defined]
    assert cache.load("regex-test", regex_cache.inputs_for()) is None  # nothing learned


def test_french_tokenizer_pattern_is_rebuilt_identically() -> None:
    spacy_fr = pytest.importorskip("spacy.lang.fr.tokenizer_exceptions")
    real = spacy_fr.TOKEN_MATCH.__self__
    inputs = regex_cache.inputs_for("spacy")
    with regex_cache.reusing_compiled("regex-fr-test", inputs):
        re.purge()
        re.compile(real.pattern)  # as spaCy does: its flags are inline
    assert cache.load("regex-fr-test", inputs) is not None
    re.purge()
    with regex_cache.reusing_compiled("regex-fr-test", inputs):
        rebuilt = re.compile(real.pattern)
    assert rebuilt == real
    assert rebuilt.match("anti-inflammatoire") is not None
    assert rebuilt.match("Saint-Étienne") is not None
    assert rebuilt.match("peut-être") is None
