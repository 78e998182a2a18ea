"""The language step found ahead (`enrich.language.detect`) and written later (`apply`).

`ParallelEnricher` finds the language of the first articles in the parent while
its workers start; a worker then only writes the findings. These tests check
that this gives exactly what the step gives on its own, and that the pool
really does it.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from es_ingest.enrich import Enricher, ner
from es_ingest.enrich.language import detect
from es_ingest.model import Article
from es_ingest.parallel import ParallelEnricher
from es_ingest.pauses import PAUSE

FRENCH = (
    "Le ministre des Affaires étrangères a reçu mardi à Paris son homologue brésilien pour "
    "parler du commerce entre l'Europe et l'Amérique du Sud, a annoncé le Quai d'Orsay."
)
ENGLISH = (
    "The finance ministers of the group met in Ottawa on Monday and agreed that the new rules "
    "on bank capital would come into force next year, a spokeswoman for the meeting said."
)
GERMAN = (
    "Die Regierung in Wien hat am Dienstag neue Regeln für den Handel mit Strom beschlossen, "
    "die nach Angaben des Ministeriums im kommenden Jahr in Kraft treten sollen."
)


def _articles() -> list[Article]:
    return [
        Article(text=FRENCH, id="fr", title="Commerce"),
        Article(text=ENGLISH, id="en", title="Banks"),
        Article(text=GERMAN, id="de"),
        # Declared German, written in French: the note says it was replaced.
        Article(text=f"{FRENCH} {FRENCH}", id="declared", declared_language="de"),
        # Two paragraphs in two languages: two segments, two languages.
        Article(text=f"{FRENCH} {FRENCH}\n\n{ENGLISH} {ENGLISH}", id="two"),
        # Longer than the NER reads (`_small_ner_limit`): the note says so.
        Article(text=" ".join([ENGLISH] * 3), id="long"),
        Article(text="", id="empty", title="Only a title here"),
    ]


def _view(articles: list[Article]) -> list[dict[str, Any]]:
    return [a.to_json_dict() for a in articles]


@pytest.fixture(autouse=True)
def _small_ner_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # An article over the real limit (100,000s of characters) takes half a minute.
    monkeypatch.setattr(ner, "MAX_NER_CHARS", 2 * len(ENGLISH) + 10)


def test_findings_made_ahead_enrich_as_the_step_does() -> None:
    articles = _articles()
    untouched = copy.deepcopy(articles)
    found = [detect(a) for a in articles]
    assert articles == untouched  # finding writes nothing

    by_step = _view(list(Enricher(batch_size=3).pipe(_articles())))
    ahead = _view(list(Enricher(batch_size=3).pipe(articles, found)))
    assert ahead == by_step
    # What was compared holds the step's work.
    by_id = {a["id"]: a for a in ahead}
    assert [by_id[k]["language"] for k in ("fr", "en", "de", "declared")] == [
        "fr",
        "en",
        "de",
        "fr",
    ]
    assert sorted(by_id["two"]["languages"]) == ["en", "fr"]
    assert any("replaced by detected 'fr'" in n for n in by_id["declared"]["notes"])
    assert any("limited to the first" in n for n in by_id["long"]["notes"])
    assert {s[2] for s in found[4].segments} == {"en", "fr"}


def test_some_findings_ahead_and_some_not_mix() -> None:
    articles = _articles()
    found = [detect(a) if i % 2 else None for i, a in enumerate(articles)]
    ahead = _view(list(Enricher(batch_size=2).pipe(articles, found)))
    assert ahead == _view(list(Enricher(batch_size=2).pipe(_articles())))
    assert ahead[0]["language"] == "fr" and ahead[1]["language"] == "en"


_POOL_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from es_ingest.model import Article
    from es_ingest.parallel import ParallelEnricher

    if __name__ == "__main__":  # the forkserver imports this module
        rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
        pool = ParallelEnricher(2, batch_size=4, chunk_size=4)
        out = [a.to_json_dict() for a in pool.pipe(Article(**r) for r in rows)]
        print(json.dumps({"ahead": pool.detected_ahead, "articles": out}))
    """
)


def test_the_pool_finds_languages_ahead_while_its_workers_start(tmp_path: Path) -> None:
    # A fresh interpreter: its forkserver preloads (about a second) while the
    # parent reads ahead, as in `es-ingest ingest`.
    rows = [
        {"text": text, "id": f"{i}-{k}", "title": f"Title {i}"}
        for i in range(6)
        for k, text in enumerate((FRENCH, ENGLISH, GERMAN))
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    script = tmp_path / "pool.py"
    script.write_text(_POOL_SCRIPT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["ahead"] > 0
    single = _view(list(Enricher(batch_size=4).pipe(Article(**r) for r in rows)))
    assert result["articles"] == single
    assert [a["language"] for a in single[:3]] == ["fr", "en", "de"]


class _SlowStart:
    """Stands for a worker process whose start takes a while (or fails)."""

    def __init__(self, seconds: float, error: BaseException | None = None) -> None:
        self.seconds, self.error = seconds, error
        self.started = False

    def start(self) -> None:
        time.sleep(self.seconds)
        if self.error is not None:
            raise self.error
        self.started = True


def test_reading_ahead_stops_at_a_pause_and_keeps_the_order() -> None:
    articles = _articles()[:3]
    flow = iter([articles[0], articles[1], PAUSE, articles[2]])
    found: dict[int, Any] = {}
    proc = _SlowStart(0.5)
    pool = ParallelEnricher(2)
    rest = list(pool._start_detecting_ahead([proc], flow, found))
    assert proc.started
    assert rest == [articles[0], articles[1], PAUSE, articles[2]]
    assert set(found) == {id(articles[0]), id(articles[1])}  # not past the pause
    assert found[id(articles[1])].language == "en"
    assert pool.detected_ahead == 2


def test_a_worker_that_cannot_start_raises_after_reading_ahead() -> None:
    pool = ParallelEnricher(2)
    failing = _SlowStart(0.1, OSError("no forkserver"))
    try:
        pool._start_detecting_ahead([failing], iter(_articles()), {})
    except OSError as exc:
        assert "no forkserver" in str(exc)
    else:  # pragma: no cover - the test fails
        raise AssertionError("the start error was not raised")
