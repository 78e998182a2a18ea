"""Russian case forms of names that Snowball stems unevenly (gazetteer.morph.ru_case_forms).

Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from es_ingest.gazetteer import default_gazetteer
from es_ingest.gazetteer.morph import ru_case_forms


def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.text, m.entry.values) for m in default_gazetteer().scan(text, "ru")]


def test_forms_from_the_word_when_snowball_cuts_more() -> None:
    # Snowball: "индиана" -> "индиа", "индиане" -> "индиан".
    assert "индиане" in ru_case_forms("индиана")
    assert "индианой" in ru_case_forms("индиана")


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Он вырос в Индиане и учился в Чикаго.", "Индиане", "US"),
        ("Фермеры Индианы собрали большой урожай.", "Индианы", "US"),
        ("Делегация прибыла из России во вторник.", "России", "RU"),
    ],
)
def test_declined_forms_are_found(text: str, word: str, code: str) -> None:
    assert (word, (code,)) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Синьор Росси открыл кафе.",  # a surname, not Россия
        "Это самое важное решение.",  # "the most", not Samoa
    ],
)
def test_words_that_are_no_forms_are_not_found(text: str) -> None:
    assert found(text) == []
