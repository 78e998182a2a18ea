"""Persons in languages without a NER model (step "names_multilingual"), one test per language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from es_ingest.enrich import Enricher
from es_ingest.enrich.name_recogniser import nominative
from es_ingest.model import Article

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "es_ingest" / "samples"


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def persons(enricher: Enricher, text: str, lang: str) -> list[str]:
    return enricher.enrich(Article(text=text, id="t", language=lang)).persons


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "es",
            "El presidente Mauricio Macri recibió ayer al ministro Jorge Faurie en la capital.",
            ["Mauricio Macri", "Jorge Faurie"],
        ),
        ("es", "El acceso era sólo por invitación, añade el doctor Lee.", ["Lee"]),
        ("es", "No hubo realmente una consulta, dijo el sr. Gillard.", ["Gillard"]),
        ("es", "En agosto de 1969, el Papa Pablo VI abolió la pena de muerte.", ["Paul VI"]),
        (
            "it",
            "Il presidente Sergio Mattarella ha incontrato il premier Giuseppe Conte a Roma.",
            ["Sergio Mattarella", "Giuseppe Conte"],
        ),
        (
            "pt",
            "O presidente Jair Bolsonaro disse que o ministro Paulo Guedes fica no cargo.",
            ["Jair Bolsonaro", "Paulo Guedes"],
        ),
        (
            "pl",
            "Prezydent Andrzej Duda spotkał się w Berlinie z kanclerz Angelą Merkel.",
            ["Andrzej Duda", "Angela Merkel"],
        ),
        (
            "ru",
            "Президент России Владимир Путин встретился в Москве с канцлером Германии.",
            ["Vladimir Putin"],
        ),
        ("ru", "Мы не можем позволить Дональду Трампу стать президентом.", ["Donald Trump"]),
        ("ru", "Майкл Фэллон заявил, что решение поможет верфям.", ["Michael Fallon"]),
        ("uk", "Президент Петро Порошенко провів нараду в Києві.", ["Petro Poroshenko"]),
        ("tr", "Cumhurbaşkanı Erdoğan'ın açıklaması dün Ankara'da yapıldı.", ["Erdogan"]),
        ("zh", "美国总统唐纳德·特朗普在北京会见了中国领导人。", ["Donald Trump"]),
        # Traditional characters are looked up in their Simplified form.
        ("zh", "美國總統唐納德·特朗普在北京會見了中國領導人。", ["Donald Trump"]),
        ("zh", "義大利導演費德里科·費里尼的電影在巴黎放映。", ["Federico Fellini"]),
        ("zh", "Durán擔任發言人，Ángel Pintado擔任財務長。", ["Angel Pintado"]),
        ("es", "Adnan Z. Amin, el director general de la agencia, está seguro.", ["Adnan Z. Amin"]),
        (
            "it",
            "Entro il III secolo, l'imperatore Caracalla fece una nuova divisione.",
            ["Caracalla"],
        ),
        ("de", "Im August 1969 schaffte Papst Paul VI. die Todesstrafe ab.", ["Paul VI"]),
        ("de", "Bis dahin vollzog der Kaiser Caracalla eine neue Teilung.", ["Caracalla"]),
        (
            "pl",
            "Nie możemy pozwolić, aby prezydentura przypadła Donaldowi Trumpowi.",
            ["Donald Trump"],
        ),
        ("pl", "Wright jest przyjacielem Gartha Jenningsa, również reżysera.", ["Garth Jennings"]),
    ],
)
def test_language_without_a_model(
    enricher: Enricher, lang: str, text: str, expected: list[str]
) -> None:
    assert persons(enricher, text, lang) == expected


def test_mentions_keep_the_article_spelling(enricher: Enricher) -> None:
    a = enricher.enrich(
        Article(
            text="Мы не можем позволить Дональду Трампу стать президентом.", id="t", language="ru"
        )
    )
    assert [(e.text, e.canonical) for e in a.entities if e.label == "PER"] == [
        ("Дональду Трампу", "Donald Trump")
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # A place in the genitive after a role is not a person.
        ("pl", "Premier Polski spotkał się w Warszawie z prezydentem Niemiec."),
        ("ru", "Канцлер Германии прилетела в Москву во вторник."),
        # A capitalised adjective after a title is not a name.
        ("ru", "Генеральный директор Международного агентства выступил вчера."),
        ("es", "El presidente de Colombia habló ayer en Bogotá."),
        # A title that ends a sentence does not take the next one's first word.
        ("es", "Lo dijo ayer el presidente. Luego llegó la lluvia."),
    ],
)
def test_places_and_words_after_a_title_are_not_persons(
    enricher: Enricher, lang: str, text: str
) -> None:
    assert persons(enricher, text, lang) == []


def test_a_person_and_a_place_with_the_same_name(enricher: Enricher) -> None:
    a = enricher.enrich(
        Article(
            text="George Washington crossed the Delaware in 1776. Today, the president "
            "flew to Washington to meet the governor.",
            id="t",
            language="en",
        )
    )
    assert a.persons == ["George Washington"]
    assert "US" in a.countries
    assert not any(e.label == "PER" and e.text == "Washington" for e in a.entities)


def test_the_sample_village_is_not_a_person(enricher: Enricher) -> None:
    text = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    row = next(r for r in rows if "Ergneti" in r["text"])
    a = enricher.enrich(Article(text=row["text"], id=row["id"], language=row.get("language")))
    assert "Arkady Selin" in a.persons
    assert "Ergneti" not in a.persons


def test_nominative_undoes_the_first_name_case() -> None:
    assert nominative(["Дональду", "Трампу"]) == ["Дональд", "Трамп"]
    assert nominative(["Саре", "Олни"]) == ["Сара", "Олни"]
    assert nominative(["Тина", "Ансельми"]) == ["Тина", "Ансельми"]
    assert nominative(["Трампа"]) == ["Трамп"]
    assert nominative(["Oscara"], "pl") == ["Oscar"]


def test_nominative_reads_a_foreign_mans_genitive_in_a() -> None:
    # "Джона" is Jonah as it stands, but John is the far commoner name: genitive
    assert nominative(["Джона", "Бергойна"]) == ["Джон", "Бергойн"]
    assert nominative(["Роберта", "Смита"]) == ["Роберт", "Смит"]
    # an indeclinable first name leaves the case to the second given name
    assert nominative(["Джеффри", "Дина", "Моргана"]) == ["Джеффри", "Дин", "Морган"]


def test_nominative_of_a_first_name_with_a_soft_stem() -> None:
    assert nominative(["Эмманюэлем", "Макроном"]) == ["Эмманюэль", "Макрон"]
    assert nominative(["Сергея", "Лаврова"]) == ["Сергей", "Лавров"]
    assert nominative(["Сергеем", "Лавровым"]) == ["Сергей", "Лавров"]
    assert nominative(["Игоря", "Гоголя"]) == ["Игорь", "Гоголь"]
    # an indeclinable surname keeps its form
    assert nominative(["Андрею", "Громыко"]) == ["Андрей", "Громыко"]
    # a name in the nominative is left alone
    assert nominative(["Эмманюэль", "Макрон"]) == ["Эмманюэль", "Макрон"]


def test_nominative_keeps_women_and_undecidable_names() -> None:
    # Alexandra is as common as Alexander: a woman's name in the nominative
    assert nominative(["Александра", "Бергойна"]) == ["Александра", "Бергойна"]
    # Russian women's surnames
    assert nominative(["Дина", "Рубина"]) == ["Дина", "Рубина"]
    assert nominative(["Анна", "Каренина"]) == ["Анна", "Каренина"]
    # nothing shows the case after an indeclinable first name alone
    assert nominative(["Коррадо", "Пассера"]) == ["Коррадо", "Пассера"]


def test_traditional_mention_keeps_its_characters(enricher: Enricher) -> None:
    a = enricher.enrich(
        Article(text="美國總統唐納德·特朗普在北京會見了中國領導人。", id="t", language="zh")
    )
    assert [(e.text, e.canonical) for e in a.entities if e.label == "PER"] == [
        ("唐納德·特朗普", "Donald Trump")
    ]
