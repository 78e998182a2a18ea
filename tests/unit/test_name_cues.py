"""Context cues for persons in languages without a NER model (enrich/name_cues.py)."""

from __future__ import annotations

import pytest

from es_ingest.enrich import Enricher
from es_ingest.enrich.name_recogniser import nominative
from es_ingest.model import Article


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def persons(enricher: Enricher, text: str, lang: str) -> list[str]:
    return enricher.enrich(Article(text=text, id="t", language=lang)).persons


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # regnal_names: a given name (also declined) and a Roman numeral
        ("pt", "Durante o reinado de Afonso VI a cidade cresceu.", ["Afonso VI"]),
        ("pl", "Za panowania Kazimierza III zbudowano wiele zamków.", ["Kazimierz III"]),
        ("ru", "Наследником Эдварда IV стал его сын.", ["Edward IV"]),
        ("tr", "Papa XVI. Benedikt, 2013 yılında istifa etti.", ["Benedict XVI"]),
        # said_names: the speaker after a verb of saying, a surname alone
        ("es", "Es una buena noticia para el barrio, afirmó Ortega.", ["Ortega"]),
        ("pl", "— To dobry dzień dla miasta — powiedziała Kowalska.", ["Kowalska"]),
        ("ru", "«Это хороший день», — заявил Песков.", ["Peskov"]),
        ("uk", "«Це добрий день», — заявив Кличко.", ["Klichko"]),
        # apposed_names and named_names
        ("it", "Mia sorella ha un figlio, Marco, che vive a Torino.", ["Marco"]),
        ("de", "Sie hat eine Tochter namens Lena, die in Graz studiert.", ["Lena"]),
        # the Turkish apostrophe: the case suffix is not part of the name
        ("tr", "Bakan dün Ahmet Yılmaz'la Ankara'da görüştü.", ["Ahmet Yilmaz"]),
    ],
)
def test_a_cue_finds_the_name(
    enricher: Enricher, lang: str, text: str, expected: list[str]
) -> None:
    assert persons(enricher, text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # Places and things are "named" too.
        ("es", "La región meridional es llamada Transcaucasia."),
        ("it", "La parte meridionale è chiamata Transcaucasia."),
        # A first name before a place with a Turkish suffix: the place is no surname.
        ("tr", "Ahmet İstanbul'da yaşıyor."),
        # A verb of saying before a place is not a person.
        ("es", "Lo dijo Madrid en un comunicado."),
    ],
)
def test_no_person_from_a_cue(enricher: Enricher, lang: str, text: str) -> None:
    assert persons(enricher, text, lang) == []


def test_a_regnal_name_keeps_the_numeral(enricher: Enricher) -> None:
    a = enricher.enrich(Article(text="Наследником Эдварда IV стал его сын.", id="t", language="ru"))
    assert [(e.text, e.canonical) for e in a.entities if e.label == "PER"] == [
        ("Эдварда IV", "Edward IV")
    ]


def test_nominative_of_a_genitive_pair() -> None:
    # "Роберта" is a name as it stands, but "Фрост" is the known surname.
    assert nominative(["Роберта", "Фроста"]) == ["Роберт", "Фрост"]
    assert nominative(["Анна", "Каренина"]) == ["Анна", "Каренина"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A given name and a surname the name lexicon knows.
        ("قال مايكل فالون إن القرار سيحمي الوظائف.", ["Michael Fallon"]),
        # A title, a relational adjective, the name.
        ("يزور الرئيس الأمريكي دونالد ترامب موسكو.", ["Donald Trump"]),
        # An ordinal after the name is a regnal numeral.
        ("ألغى البابا بولس السادس العقوبة.", ["Boulos VI"]),
        # Words that read as given names are not persons without a known surname.
        ("كانت أكبر غرامة في تاريخ المجلس.", []),
    ],
)
def test_arabic_names(enricher: Enricher, text: str, expected: list[str]) -> None:
    assert persons(enricher, text, "ar") == expected


def test_a_latin_name_glued_to_chinese_text(enricher: Enricher) -> None:
    # No space between the Latin name and the Han characters around it.
    text = "我們的老師Goffredo Petrassi的兩個學生以及Bruno Nicolai在羅馬見面。"
    assert persons(enricher, text, "zh") == ["Goffredo Petrassi", "Bruno Nicolai"]


def test_a_russian_j_opens_a_first_name(enricher: Enricher) -> None:
    # "Дж" and "Ж" write an English or French "J": Джозеф, Жозеф (Joseph).
    a = enricher.enrich(
        Article(
            text="Вчера Джозеф Миллер приехал в Лондон, а Жозеф Дюбуа остался дома.",
            id="t",
            language="ru",
        )
    )
    assert [e.text for e in a.entities if e.label == "PER"] == ["Джозеф Миллер", "Жозеф Дюбуа"]


def test_a_seeded_player_is_a_person(enricher: Enricher) -> None:
    # "testa di serie" (the seed): "serie" completes "testa", it names no series.
    text = "In finale la testa di serie Giulia Bianchi ha perso il primo set."
    assert persons(enricher, text, "it") == ["Giulia Bianchi"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A first name that opens the sentence, a place name, a verb: a surname.
        ("Michael Hamilton gewann gestern das Rennen.", ["Michael Hamilton"]),
        # After a preposition the place stays a place.
        ("Gestern war Michael in Hamilton unterwegs.", []),
    ],
)
def test_a_place_name_as_surname(enricher: Enricher, text: str, expected: list[str]) -> None:
    assert persons(enricher, text, "de") == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # paired_names: two names after "between", one of them a known name
        ("es", "La reunión entre Macron y Scholz terminó sin acuerdo.", ["Macron", "Scholz"]),
        ("it", "Il dialogo tra Nasrallah e Berri è ripreso ieri sera.", ["Nasrallah", "Berri"]),
        ("pt", "O encontro entre Berri e Bolsonaro foi adiado.", ["Berri", "Bolsonaro"]),
        ("de", "Das Gespräch zwischen Macron und Scholz dauerte lange.", ["Macron", "Scholz"]),
        # Polish and Russian "between" take the instrumental: the name is the nominative
        ("pl", "Rozmowa między Macronem a Scholzem trwała długo.", ["Macron", "Scholz"]),
        ("ru", "Переговоры между Макроном и Шольцем продолжались.", ["Macron", "Scholz"]),
        # repeated_names: a known lone name written twice inside sentences
        ("es", "Ayer cenó con Bruni en el puerto, y luego Bruni volvió sola.", ["Bruni"]),
        ("it", "Ieri ha cenato con Bruni al porto, poi Bruni è tornata a casa.", ["Bruni"]),
        ("pl", "Wczoraj jadła kolację z Bruni w porcie, a potem Bruni wróciła.", ["Bruni"]),
        ("pt", "Ontem jantou com Bruni no porto, e depois Bruni voltou.", ["Bruni"]),
        ("de", "Gestern aß sie mit Bruni am Hafen, dann fuhr Bruni heim.", ["Bruni"]),
        # in Cyrillic, a name heard like a lexicon name ("Трикс": Trix) counts too
        ("ru", "Вчера она ужинала с Трикс в порту, а потом Трикс уехала.", ["Triks"]),
    ],
)
def test_in_article_evidence(enricher: Enricher, text: str, lang: str, expected: list[str]) -> None:
    assert persons(enricher, text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "El partido entre Madrid y Sevilla terminó empatado."),  # places
        ("es", "Vive en Costa del Sol y trabaja para Costa del Sol."),  # a longer name
        ("de", "Das Land hat gewählt, und im Land herrscht Ruhe, sagte er im Land."),  # nouns
        ("it", "Ha cenato con Bruni. Bruni è tornata a casa."),  # once inside a sentence only
        # a Cyrillic word heard like no lexicon name, twice: not a person
        ("ru", "Вчера она ужинала с Бряксой в порту, а потом Бряксу увезли."),
        ("ru", "Вчера она ужинала с Брякс в порту, а потом Брякс уехала."),
    ],
)
def test_no_in_article_evidence(enricher: Enricher, text: str, lang: str) -> None:
    assert persons(enricher, text, lang) == []
