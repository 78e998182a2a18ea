"""Person name cleaning, filtering and merging (no model needed)."""

from __future__ import annotations

import pytest

from es_ingest.enrich.names import (
    clean_person,
    is_all_caps,
    is_plausible_person,
    is_thing_context,
    merge_persons,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("M. Kerry", "Kerry"),
        ("d'Hitler", "Hitler"),
        ("d’Hitler", "Hitler"),
        ("Mme Merkel", "Merkel"),
        ("Trump's", "Trump"),
        ("la chancelière Merkel", "Merkel"),
        ("President Reagan", "Reagan"),
        ("Pr Raoult", "Raoult"),
        ("Herr Schmidt", "Schmidt"),
        ("  «Jean Dupont»  ", "Jean Dupont"),
        ("président", None),
        ("M.", None),
    ],
)
def test_clean_person(raw: str, clean: str | None) -> None:
    assert clean_person(raw) == clean


def test_all_caps_headline_noise() -> None:
    assert is_all_caps("KERRY")
    assert is_all_caps("JOHN KERRY")
    assert not is_all_caps("John Kerry")
    assert not is_all_caps("Hasan E.")


def plausible(name: str, lower: set[str] | None = None) -> bool:
    return is_plausible_person(
        name, lowercase_words=lower or set(), is_known_name=lambda n: n in {"Géorgie"}
    )


def test_plausible_person_filters() -> None:
    assert plausible("John Kerry")
    assert not plausible("KERRY")  # headline
    assert not plausible("Inquiète", {"inquiete"})  # a common word
    assert not plausible("Géorgie")  # a place
    assert not plausible("Charles-de-Gaulle")  # a ship or an airport
    assert not plausible("Arcalex B.V")  # a company


def test_thing_context() -> None:
    text = "la loi César et le porte-avions Charles-de-Gaulle"
    assert is_thing_context(text, text.index("César"), text.index("César") + 5)
    text = "by C. Itoh and Co Ltd for three years"
    assert is_thing_context(text, 3, 10)


def test_merge_into_fullest_form() -> None:
    mapping = merge_persons(["John Kerry", "Kerry", "Kerry", "Guiorgui Kvirikachvili"])
    assert mapping["Kerry"] == "John Kerry"
    assert mapping["Guiorgui Kvirikachvili"] == "Guiorgui Kvirikachvili"


def test_merge_ignores_accents_and_particles() -> None:
    mapping = merge_persons(["Erdogan", "Tayyip Erdoğan", "Muammar Gaddafi", "Muammar al-Gaddafi"])
    assert mapping["Erdogan"] == "Tayyip Erdoğan"
    assert mapping["Muammar Gaddafi"] == "Muammar al-Gaddafi"


def test_lone_first_name_merges_only_when_unique() -> None:
    assert merge_persons(["Steve", "Steve Maia"])["Steve"] == "Steve Maia"
    assert merge_persons(["Asma"])["Asma"] == "Asma"
    two = merge_persons(["Jean", "Jean Dupont", "Jean Martin"])
    assert two["Jean"] == "Jean"


def test_german_names_without_ner() -> None:
    from es_ingest.enrich.rule_ner import lexicon_persons, role_persons

    text = (
        "Regierungschef Aleksandar Vucic sagte am Freitag, der Sprecher von Präsident "
        "Wladimir Putin, Dmitri Peskow, habe die Art von Kritik zurückgewiesen."
    )
    assert [n for _, _, n in role_persons(text)] == ["Aleksandar Vucic", "Wladimir Putin"]
    found = [n for _, _, n in lexicon_persons(text, lambda w: False)]
    assert "Dmitri Peskow" in found
    assert not any(n.startswith("Art") for n in found)  # "die Art von …" is a noun


def test_german_genitive_merges() -> None:
    mapping = merge_persons(["Rudolf Kemlers", "Rudolf Kemler"])
    assert mapping["Rudolf Kemlers"] == "Rudolf Kemler"
