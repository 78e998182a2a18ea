"""Polish case forms of city names (sentences written for these tests)."""

from __future__ import annotations

import pytest

from es_ingest.gazetteer import default_gazetteer
from es_ingest.gazetteer.pl_forms import case_forms, strip_accents


def codes(text: str) -> list[str]:
    return sorted({m.entry.values[0] for m in default_gazetteer().scan(text, "pl")})


def test_case_forms_alternate_the_stem():
    assert "pradze" in case_forms("praga")
    assert "krakowie" in case_forms("kraków")
    assert "wiedniu" in case_forms("wiedeń")
    assert "kairze" in case_forms("kair")
    assert "budapeszcie" in case_forms("budapeszt")
    assert "nowym" in case_forms("nowy")
    assert case_forms("bar") == ()  # short words are words too ("w barze")


def test_strip_accents_keeps_l_stroke():
    assert strip_accents("mińsk") == "minsk"
    assert strip_accents("sztokhòlm") == "sztokholm"
    assert strip_accents("łódź") == "łodz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spotkanie odbyło się w Moskwie.", ["RU"]),
        ("Delegacja odwiedziła Moskwę, a potem wróciła do Moskwy.", ["RU"]),
        ("Rozmowy w Warszawie i w Berlinie trwały długo.", ["DE", "PL"]),
        ("Ambasador w Waszyngtonie i konsul w Pekinie zaprzeczyli.", ["CN", "US"]),
        ("Mieszkał w Paryżu, w Londynie i w Kijowie.", ["FR", "GB", "UA"]),
        # stems that alternate, or stored spellings that are not Polish
        ("Studiował w Krakowie, a potem w Pradze.", ["CZ", "PL"]),
        ("Mieszkała w Wiedniu i w Budapeszcie.", ["AT", "HU"]),
        ("Konferencja w Kairze i w Bagdadzie.", ["EG", "IQ"]),
        ("Rozmowy w Mińsku i w Sztokholmie.", ["BY", "SE"]),
        ("Przyjechał do Nowego Jorku, mieszka w Nowym Jorku.", ["US"]),
    ],
)
def test_polish_city_case_forms(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Północna część gór i dwie części parku.",  # not "czescy" (Czech) without accents
        "Spotkali się w barze.",
    ],
)
def test_polish_words_that_are_not_places(text):
    assert codes(text) == []
