"""The enrichment pipeline: its steps, the error policy and the strict mode."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from es_ingest.enrich import Enricher, pipeline
from es_ingest.enrich.enricher import STRICT_ENV
from es_ingest.enrich.pipeline import PIPELINE, Step
from es_ingest.enrich.state import ArticleState
from es_ingest.errors import ConfigError
from es_ingest.model import Article

TEXT = "Le président Emmanuel Macron a reçu à Paris le secrétaire général de l'OTAN."


def _article() -> Article:
    return Article(text=TEXT, id="p1", language="fr", declared_language="fr")


def _broken(state: ArticleState) -> None:
    raise ValueError("a bug in a step")


def _with_broken_step(monkeypatch: pytest.MonkeyPatch, before: str) -> None:
    """Insert a failing step before the step named `before`."""
    steps = list(PIPELINE)
    at = [s.name for s in steps].index(before)
    steps.insert(at, Step("broken", _broken))
    monkeypatch.setattr(pipeline, "PIPELINE", tuple(steps))


def test_the_steps_run_in_order_and_fill_every_facet() -> None:
    names = [s.name for s in PIPELINE]
    assert names[:3] == ["language", "ner", "places"]
    assert names.index("countries") < names.index("title") < names.index("persons")
    a = Enricher(strict=True).enrich(_article())
    assert a.language == "fr" and a.languages == ["fr"]
    assert a.persons == ["Emmanuel Macron"]
    assert a.countries == ["FR"] and a.alliances == ["NATO"]
    assert [(e.text, e.label) for e in a.entities] == [
        ("Emmanuel Macron", "PER"),
        ("Paris", "LOC"),
        ("OTAN", "ALLIANCE"),
    ]
    assert a.locations == ["Paris"]
    assert a.notes == []


def test_a_bug_becomes_a_note_and_keeps_what_earlier_steps_found(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _with_broken_step(monkeypatch, before="persons")
    a = Enricher(strict=False).enrich(_article())
    assert a.notes == ["enrichment failed: ValueError: a bug in a step"]
    assert a.countries == ["FR"] and a.alliances == ["NATO"]  # found before the bug
    assert a.persons == []  # the steps after it were skipped
    assert any("'broken' failed for article p1" in r.getMessage() for r in caplog.records)


def test_a_bug_fails_only_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def broken_for_one(state: ArticleState) -> None:
        calls.append(state.article.id)
        if state.article.id == "bad":
            raise KeyError("x")

    steps = (Step("flaky", broken_for_one), *PIPELINE)
    monkeypatch.setattr(pipeline, "PIPELINE", steps)
    good = dataclasses.replace(_article(), id="good")
    bad = dataclasses.replace(_article(), id="bad")
    out = list(Enricher(strict=False, batch_size=4).pipe([bad, good]))
    assert [a.id for a in out] == ["bad", "good"] and calls == ["bad", "good"]
    assert out[0].notes and out[0].language is not None and out[0].persons == []
    assert out[1].persons == ["Emmanuel Macron"] and out[1].notes == []


def test_strict_mode_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_broken_step(monkeypatch, before="countries")
    with pytest.raises(ValueError, match="a bug in a step"):
        Enricher(strict=True).enrich(_article())


def test_strict_mode_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "1")
    assert Enricher().strict is True
    monkeypatch.setenv(STRICT_ENV, "0")
    assert Enricher().strict is False
    assert Enricher(strict=True).strict is True  # the argument wins


def test_the_suite_runs_strict() -> None:
    assert Enricher().strict is True  # tests/conftest.py sets ES_INGEST_STRICT=1


def test_config_errors_propagate_even_when_not_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(state: ArticleState) -> None:
        raise ConfigError("spaCy model 'xx' is not installed")

    monkeypatch.setattr(pipeline, "PIPELINE", (Step("missing", missing),))
    with pytest.raises(ConfigError):
        Enricher(strict=False).enrich(_article())


def test_strict_survives_pickling() -> None:
    e = pickle.loads(pickle.dumps(Enricher(models={"fr": "fr_core_news_md"}, strict=False)))
    assert e.strict is False and e.models == {"fr": "fr_core_news_md"}


def test_a_step_for_some_languages_runs_only_for_them(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    only_de = Step("only-de", lambda s: seen.append(s.article.id), languages=frozenset({"de"}))
    monkeypatch.setattr(pipeline, "PIPELINE", (*PIPELINE, only_de))
    de = Article(text="Bundeskanzler Olaf Scholz reiste nach Paris.", id="de", language="de")
    out = list(Enricher(strict=True).pipe([_article(), de]))
    assert seen == ["de"]
    assert out[1].countries == ["FR"]
