"""Rules of the persons step that shape the facet value (not which spans are names)."""

from __future__ import annotations

import pytest

from es_ingest.enrich.persons import _nominative_surnames


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Goffredo Petrassiego", "Goffredo Petrassi"),
        ("Adam Kowalskiego", "Adam Kowalski"),
        ("Marek Zawadzkiego", "Marek Zawadzki"),
    ],
)
def test_a_polish_iego_surname_is_named_in_the_nominative(name: str, value: str) -> None:
    assert _nominative_surnames(name, "pl") == value


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Diego Maradona", "pl"),  # a given name in "-iego" is a name
        ("Juan Diego", "pl"),  # two letters before "iego": no surname declension
        ("Goffredo Petrassiego", "it"),  # only Polish declines so
        ("Adam Kowalski", "pl"),
    ],
)
def test_other_names_keep_their_form(name: str, language: str) -> None:
    assert _nominative_surnames(name, language) == name
