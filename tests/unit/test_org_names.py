"""Places inside organisation names in languages without a NER model (enrich.org_names).

Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from es_ingest.enrich import Enricher
from es_ingest.enrich.org_names import organisation_spans
from es_ingest.gazetteer import default_gazetteer
from es_ingest.model import Article


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def countries(enricher: Enricher, text: str, lang: str) -> list[str]:
    return enricher.enrich(Article(text=text, id="t", language=lang)).countries


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        (
            "Mi primo estudia en la Universidad de Carolina del Sur.",
            "es",
            "Universidad de Carolina del Sur",
        ),
        (
            "O Conselho Nacional de Pesquisa do Canadá abriu um edital.",
            "pt",
            "Conselho Nacional de Pesquisa do Canadá",
        ),
        (
            "Ha firmato con la Federazione Pugilistica di Francia.",
            "it",
            "Federazione Pugilistica di Francia",
        ),
        (
            "Rada Programowa Fundacji na Rzecz Nauki Polskiej obradowała.",
            "pl",
            "Rada Programowa Fundacji na Rzecz Nauki Polskiej",
        ),
        ("Она работает в Совете по туризму Исландии уже год.", "ru", "Совете по туризму Исландии"),
        ("Он преподаёт в Университете Южной Австралии.", "ru", "Университете Южной Австралии"),
        (
            "Он стал тренером Испанской баскетбольной федерации.",
            "ru",
            "Испанской баскетбольной федерации",
        ),
        ("Sie sprach an der University of Wyoming über Bienen.", "de", "University of Wyoming"),
        ("El partido se vio en NBC Chicago anoche.", "es", "NBC Chicago"),
    ],
)
def test_organisation_names_are_found(text: str, lang: str, name: str) -> None:
    matches = default_gazetteer().scan(text, lang)
    assert name in [s.text for s in organisation_spans(text, lang, matches)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # The name is the head and its capitalised words; "en" (in) ends it.
        ("Mi primo estudia en la Universidad de Carolina del Sur.", "es"),
        ("O Conselho Nacional de Pesquisa do Canadá abriu um edital.", "pt"),
        ("Ha firmato con la Federazione Pugilistica di Francia.", "it"),
        ("Она работает в Совете по туризму Исландии уже год.", "ru"),
        ("Он стал тренером Испанской баскетбольной федерации.", "ru"),
        ("Sie sprach an der University of Wyoming über Bienen.", "de"),
        ("El partido se vio en NBC Chicago anoche.", "es"),
    ],
)
def test_place_inside_an_organisation_name_does_not_count(
    enricher: Enricher, text: str, lang: str
) -> None:
    assert countries(enricher, text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # The place is outside the name: after "en"/"w"/"в", or after a verb.
        ("La Universidad de Salamanca abrió una sede en Colombia.", "es", ["CO"]),
        ("Rada Miasta podjęła uchwałę w sprawie pomocy dla Ukrainy.", "pl", ["UA"]),
        ("Университет пригласил профессоров из Канады.", "ru", ["CA"]),
        # A lower-case head is no name; a demonym at a sentence start is an adjective.
        ("O banco do Japão subiu os juros.", "pt", ["JP"]),
        ("Испанский банк открыл отделение в Мадриде.", "ru", ["ES"]),
        # An acronym that is a country or an alliance is not a broadcaster.
        ("Las tropas de EEUU llegaron a Kabul.", "es", ["AF", "US"]),
        # A declined place after an acronym is its complement: "the MFA of Russia".
        ("МИД Японии выразил протест.", "ru", ["JP"]),
        ("MSZ Francji wezwało ambasadora.", "pl", ["FR"]),
        # States and their organs named with a head noun still name the country.
        ("La Federación de Rusia envió una nota.", "es", ["RU"]),
        ("La Federazione Russa ha risposto subito.", "it", ["RU"]),
        ("Viajó por la Confederación Suiza en tren.", "es", ["CH"]),
        ("Federacja Rosyjska zamknęła granicę.", "pl", ["RU"]),
        ("Rada Najwyższa Ukrainy zebrała się rano.", "pl", ["UA"]),
        ("El Consejo de Ministros de Italia se reunió.", "es", ["IT"]),
        ("Совет Федерации России принял закон.", "ru", ["RU"]),
        ("Он родился в Союзе Советских Социалистических Республик.", "ru", ["RU"]),
        ("Верховный Совет Украины собрался на сессию.", "ru", ["UA"]),
        # An adjective is no head: "Советской" is not "Совет".
        ("Она выросла в Советской Латвии.", "ru", ["LV", "RU"]),
        # German "Vereinigung" is also "unification".
        ("Nach der Vereinigung Deutschlands zog sie nach Leipzig.", "de", ["DE"]),
    ],
)
def test_place_outside_an_organisation_name_counts(
    enricher: Enricher, text: str, lang: str, expected: list[str]
) -> None:
    assert countries(enricher, text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Language labels in brackets: the demonym is the language of the name.
        ("A liga foi criada em 1963 (alemão: Bundesliga) e cresceu.", "pt", []),
        ("El club (inglés: Arsenal) juega en Londres.", "es", ["GB"]),
        # Without the colon it is an adjective as usual.
        ("O clube (alemão) venceu em casa.", "pt", ["DE"]),
    ],
)
def test_language_label_in_brackets(
    enricher: Enricher, text: str, lang: str, expected: list[str]
) -> None:
    assert countries(enricher, text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Short forms of the United States in Spanish and Portuguese.
        ("El presidente de EE. UU. viajó a Bogotá.", "es", ["CO", "US"]),
        ("A cantora mora nos EUA desde 2010.", "pt", ["US"]),
        # Portuguese names of US states and Canadian provinces, Crimea.
        ("Ele nasceu no Alasca e cresceu na Carolina do Sul.", "pt", ["US"]),
        ("A família mudou-se para a Nova Escócia.", "pt", ["CA"]),
        ("O barco chegou à Crimeia de madrugada.", "pt", ["UA"]),
        # A capitalised place over a lower-case demonym (trie._pick).
        ("Ele viveu em Ohio e Indiana na juventude.", "pt", ["US"]),
        ("Lavora per una ditta indiana di software.", "it", ["IN"]),
        ("Uma banda islándica tocou ontem.", "es", ["IS"]),
    ],
)
def test_forms_of_es_and_pt(enricher: Enricher, text: str, lang: str, expected: list[str]) -> None:
    assert countries(enricher, text, lang) == expected
