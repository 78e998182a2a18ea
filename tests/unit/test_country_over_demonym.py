"""Rule *capitalised country over lower-case demonym* (gazetteer.trie._pick)."""

from __future__ import annotations

import pytest

from es_ingest.gazetteer import COUNTRY, DEMONYM, default_gazetteer


def kinds(text: str, lang: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(m.text, m.entry.kind, m.entry.values) for m in default_gazetteer().scan(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("Mi hermana vive en Suiza desde hace años.", "es", "Suiza"),
        ("A minha prima mora na Suíça com o marido.", "pt", "Suíça"),
        ("Il fiume nasce in Svizzera e scorre verso sud.", "it", "Svizzera"),
    ],
)
def test_capitalised_word_is_the_country(text: str, lang: str, word: str) -> None:
    assert (word, COUNTRY, ("CH",)) in kinds(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("Compró una navaja suiza en el aeropuerto.", "es", "suiza"),
        ("Ela trabalha numa empresa suíça de relógios.", "pt", "suíça"),
        ("Ha aperto un conto in una banca svizzera.", "it", "svizzera"),
    ],
)
def test_lower_case_word_stays_a_demonym(text: str, lang: str, word: str) -> None:
    assert (word, DEMONYM, ("CH",)) in kinds(text, lang)
