"""Case forms undone on evidence: a Polish man's genitive ("Josepha Branta"), regnal names."""

from __future__ import annotations

import pytest

from es_ingest.enrich.name_recogniser import nominative


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Josepha", "Branta"], ["Joseph", "Brant"]),
        (["Donalda", "Tuska"], ["Donald", "Tusk"]),
    ],
)
def test_a_mans_genitive_is_undone_on_both_words(words: list[str], expected: list[str]) -> None:
    assert nominative(words, "pl") == expected


@pytest.mark.parametrize(
    "words",
    [
        ["Krystyna", "Janda"],  # "Krystyn" is no man's name
        ["Roberta", "Costa"],  # Roberta is a woman's name in many locales
        ["Stefana", "Kowalska"],  # a Polish woman's surname
        ["Martina", "Navratilova"],
        ["Josepha", "Burgoyne"],  # the surname shows no case: no evidence
    ],
)
def test_a_womans_name_or_no_evidence_stays(words: list[str]) -> None:
    assert nominative(words, "pl") == words


def test_the_rule_is_polish_only() -> None:
    # German "Josepha Branta" is a woman's name as written.
    assert nominative(["Josepha", "Branta"], "de") == ["Josepha", "Branta"]


@pytest.mark.parametrize(
    ("words", "lang", "expected"),
    [
        (["Тутмоса", "III"], "ru", ["Тутмос", "III"]),  # as the lone "Тутмоса"
        (["Генриха", "VIII"], "ru", ["Генрих", "VIII"]),
        (["Henryka", "VIII"], "pl", ["Henryk", "VIII"]),
    ],
)
def test_a_regnal_numeral_leaves_the_case_on_the_name(
    words: list[str], lang: str, expected: list[str]
) -> None:
    assert nominative(words, lang) == expected


@pytest.mark.parametrize(("words", "lang"), [(["Анна", "I"], "ru"), (["Ludwika", "XIV"], "pl")])
def test_a_regnal_name_known_as_it_stands_stays(words: list[str], lang: str) -> None:
    # Анна and Ludwika are women's names in the nominative.
    assert nominative(words, lang) == words
