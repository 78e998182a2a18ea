"""Gazetteer matching and the cross-language term lookup."""

from __future__ import annotations

import pytest

from es_ingest.gazetteer import default_gazetteer
from es_ingest.gazetteer.demonyms import demonym_forms
from es_ingest.gazetteer.lookup import country_name, resolve_term
from es_ingest.text import tokenize


def values(text: str, lang: str | None) -> list[tuple[str, str]]:
    return [(m.text, m.entry.values[0]) for m in default_gazetteer().scan(text, lang)]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("OTAN", {"alliances": ["NATO"]}),
        ("Géorgie", {"countries": ["GE"]}),
        ("geórgie", {"countries": ["GE"]}),
        ("Russland", {"countries": ["RU"]}),
        ("partenariat", {}),
        ("Union européenne", {"alliances": ["EU"]}),
        ("UE", {"alliances": ["EU"]}),
        ("ue", {}),  # an abbreviation that is also a word is case-sensitive
        ("Moskau", {"countries": ["RU"]}),
        ("", {}),
    ],
)
def test_resolve_term(term: str, expected: dict[str, list[str]]) -> None:
    assert resolve_term(term) == expected


def test_country_name() -> None:
    assert country_name("DE", "fr") == "Allemagne"
    assert country_name("GE") == "Georgia"
    assert country_name("ZZZ") == "ZZZ"


def test_french_demonym_inflections() -> None:
    assert {"géorgien", "géorgienne", "géorgiens", "géorgiennes"} <= demonym_forms("fr", "géorgien")
    assert {"turc", "turque", "turcs", "turques"} <= demonym_forms("fr", "turc")
    assert {"russisch", "russische", "russischen"} <= demonym_forms("de", "russisch")


def test_french_demonym_matches_lowercase() -> None:
    assert ("géorgienne", "GE") in values("la délégation géorgienne est arrivée", "fr")


def test_german_compound_with_hyphen() -> None:
    assert ("US", "US") in values("Der US-Außenminister reiste nach Kiew.", "de")
    assert ("Kiew", "UA") in values("Der US-Außenminister reiste nach Kiew.", "de")


def test_german_closed_compound() -> None:
    found = values("Der Europaratsgeneralsekretär sprach.", "de")
    assert found and found[0][1] == "Council of Europe"


def test_demonyms_only_in_their_language() -> None:
    # Spanish "chino" is not a Chinese reference in an English text.
    assert values("He wore chino trousers.", "en") == []
    assert values("El gobierno chino", "es") == [("chino", "CN")]


def test_longest_match_blocks_the_country_inside() -> None:
    assert values("Ships sailed the South China Sea.", "en") == [("South China Sea", "-")]


def test_abbreviation_is_case_sensitive() -> None:
    assert values("Il y en a un pour nous.", "fr") == []
    assert values("Selon l'UE et l'ONU.", "fr") == [("UE", "EU"), ("ONU", "UN")]


def test_glued_words_are_split() -> None:
    toks = [t for _, _, t in tokenize("accessiblesItalie UdSSR McDonald")]
    assert toks == ["accessibles", "Italie", "UdSSR", "McDonald"]


def test_dissolved_states_map_to_successors() -> None:
    assert values("die Sowjetunion und die Tschechoslowakei", "de") == [
        ("Sowjetunion", "RU"),
        ("Tschechoslowakei", "CZ"),
    ]
    assert ("Yugoslavia", "RS") in values("the former Yugoslavia", "en")


def test_all_caps_headline_does_not_make_abbreviations() -> None:
    assert values("URGENT : UN HOMME ARRÊTÉ CE MATIN", "fr") == []
    assert ("IRAQ", "IQ") in values("US TROOPS ENTER IRAQ", "en")


def test_regions_count_for_their_country() -> None:
    assert ("Isère", "FR") in values("un mariage en Isère dimanche", "fr")
    assert ("Steiermark", "AT") in values("Die Wahl in der Steiermark", "de")
    assert ("Crimée", "UA") in values("l'annexion de la Crimée", "fr")


def test_german_compounds_only_from_countries_and_alliances() -> None:
    assert values("neue Tarnkappenbomber", "de") == []  # not the Tarn department
    assert values("die Russlandpolitik", "de") == [("Russland", "RU")]
