"""Facet rules end to end on short texts of our own, with the real small models."""

from __future__ import annotations

import pickle

import pytest

from es_ingest.enrich import Enricher
from es_ingest.model import Article


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def enrich(enricher: Enricher, text: str, lang: str | None = None) -> Article:
    return enricher.enrich(Article(text=text, id="t", language=lang, declared_language=lang))


def test_french_demonym_and_m_kerry(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Le secrétaire d'État américain John Kerry a rencontré le premier ministre géorgien "
        "à Tbilissi. M. Kerry a ensuite rejoint Kiev pour parler avec les dirigeants ukrainiens.",
    )
    assert a.language == "fr"
    assert a.persons == ["John Kerry"]
    assert a.countries == ["GE", "UA", "US"]


def test_georgia_the_us_state(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Voters in Georgia lined up for hours in Atlanta and Savannah on Tuesday, "
        "while officials in the state capital promised that every ballot would be counted.",
    )
    assert a.countries == ["US"]


def test_georgia_the_country(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Georgia and Russia fought a short war in 2008 over South Ossetia; the government "
        "in Tbilisi still calls for the withdrawal of Russian troops from its territory.",
    )
    assert a.countries == ["GE", "RU"]


def test_bare_alliance_resolves_to_named_alliance(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Les ministres de l'OTAN se réunissent à Varsovie. L'Alliance veut renforcer son "
        "flanc est, a déclaré son secrétaire général devant la presse jeudi matin.",
    )
    assert a.alliances == ["NATO"]
    assert any(e.label == "ALLIANCE" and e.text == "Alliance" for e in a.entities)


def test_bare_alliance_alone_counts_for_nothing(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "L'alliance entre les deux entreprises a été scellée jeudi à Lyon, selon un communiqué "
        "publié par la direction du groupe à l'issue du conseil d'administration.",
    )
    assert a.alliances == []
    assert a.countries == ["FR"] and a.locations == ["Lyon"]


def test_d_hitler_and_nazi_germany(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Le film raconte la montée d'Hitler et la guerre menée par l'Allemagne nazie "
        "contre l'Union soviétique jusqu'à la bataille de Stalingrad en 1943.",
    )
    assert "Hitler" in a.persons
    assert a.countries == ["DE", "RU"]


def test_brussels_as_the_eu(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Bruxelles exige que Rome présente un nouveau budget avant la fin du mois, faute de "
        "quoi des sanctions pourraient être prises contre le gouvernement italien.",
    )
    assert "EU" in a.alliances
    assert "BE" not in a.countries
    assert "IT" in a.countries


def test_brussels_as_a_place(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "La réunion s'est tenue à Bruxelles, au siège de la Commission européenne, en présence "
        "de plusieurs ministres venus de toute l'Europe pour discuter du budget.",
    )
    assert "BE" in a.countries
    assert "EU" in a.alliances


def test_language_name_is_not_a_country(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Les enfants de l'école de Strasbourg commencent à apprendre l'allemand dès le "
        "primaire, et beaucoup parlent russe à la maison avec leurs grands-parents.",
    )
    assert a.countries == ["FR"]  # Strasbourg; not DE (allemand) nor RU (russe)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La chaîne de télévision anglaise a interrogé le maire de Lyon.", ["FR", "GB"]),
        ("Un groupe d'Anglais a visité le port de Marseille hier.", ["FR", "GB"]),
        ("Elle donne des cours d'anglais à des enfants de Lyon.", ["FR"]),  # the language
        ("Ce roman a été traduit de l'anglais à Lyon.", ["FR"]),
    ],
)
def test_french_anglais_is_the_uk_unless_the_language(
    enricher: Enricher, text: str, expected: list[str]
) -> None:
    assert enrich(enricher, text, "fr").countries == expected


def test_dissolved_state_and_english_metonymy(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "West German officials said Washington had not been consulted before the Soviet "
        "Union announced the new arms proposal to the United Nations on Monday.",
    )
    assert a.countries == ["DE", "RU", "US"]
    assert a.alliances == ["UN"]


def test_german_without_ner_model_still_gets_countries(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Der US-Außenminister traf in Brüssel die Vertreter der EU-Kommission und reiste "
        "danach weiter nach Moskau, wo er den russischen Präsidenten sprach.",
    )
    assert a.language == "de"
    assert a.persons == []
    assert a.countries == ["BE", "RU", "US"]
    assert a.alliances == ["EU"]


def test_all_caps_headline_is_not_a_person(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "URGENT FLASH INFO\n\nLe conseil municipal a voté mercredi soir le budget de la ville "
        "après une longue séance consacrée aux travaux de la gare, a annoncé la maire "
        "Claire Morel.",
    )
    assert a.persons == ["Claire Morel"]


def test_declared_language_kept_unless_confidently_wrong(enricher: Enricher) -> None:
    a = enrich(enricher, "OK merci", lang="fr")
    assert a.language == "fr"
    b = enrich(
        enricher,
        "The committee said on Tuesday that the new rules would take effect next year after "
        "a long consultation with the industry and consumer groups, which had asked for more "
        "time to adapt their products and to train the staff of their shops.",
        lang="fr",
    )
    assert b.language == "en"
    assert b.notes


def test_pipe_keeps_order_and_enriches_every_article(enricher: Enricher) -> None:
    texts = ["Angela Merkel est arrivée à Paris.", "", "Boris Johnson flew to Berlin."]
    articles = [Article(text=t, id=str(i)) for i, t in enumerate(texts)]
    out = list(Enricher(batch_size=2).pipe(iter(articles)))
    assert [a.id for a in out] == ["0", "1", "2"]
    assert out[1].language == "und" and out[1].countries == []
    assert out[0].countries == ["FR"] and out[2].countries == ["DE"]


def test_entities_have_correct_offsets(enricher: Enricher) -> None:
    a = enrich(enricher, "Selon Moscou, la Russie et l'Ukraine ont signé un accord à Minsk mardi.")
    assert a.entities
    for e in a.entities:
        assert a.text[e.start : e.end] == e.text


def test_enricher_pickles(enricher: Enricher) -> None:
    clone = pickle.loads(pickle.dumps(Enricher(models={"fr": "fr_core_news_md"}, batch_size=4)))
    assert clone.models == {"fr": "fr_core_news_md"} and clone.batch_size == 4


def test_long_text_and_huge_token(enricher: Enricher) -> None:
    para = "Le président russe Vladimir Poutine a reçu son homologue turc à Moscou. " * 40
    text = "\n\n".join([para] * 40) + "\n\n" + "x" * 300_000 + " La Pologne proteste."
    a = enrich(enricher, text)
    assert {"PL", "RU", "TR"} <= set(a.countries)
    assert "Vladimir Putin" in a.persons  # the facet value of "Vladimir Poutine"
    for e in a.entities:
        assert a.text[e.start : e.end] == e.text


def test_city_name_follows_the_country_the_article_names(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Le port de Brest accueille ce week-end les grands voiliers. La France compte "
        "sur cet événement pour attirer les touristes en Bretagne cet été.",
    )
    assert a.countries == ["FR"]


def test_surname_alone_is_the_person_not_the_country(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Basketball legend Michael Jordan opened a new restaurant in Chicago on Friday. "
        "Jordan said he had wanted to do this for years and thanked his fans.",
    )
    assert "JO" not in a.countries
    assert "Michael Jordan" in a.persons


def test_common_word_is_not_a_city(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Seul le maire a pris la parole lors du conseil. Il était seul face aux élus "
        "qui réclamaient des explications sur le budget de la ville de Lyon.",
    )
    assert a.countries == ["FR"]


def test_mixed_language_article_uses_each_model(enricher: Enricher) -> None:
    fr = (
        "Le président Emmanuel Macron a reçu mardi à l'Élysée les représentants des syndicats "
        "pour discuter de la réforme des retraites et du calendrier des négociations."
    )
    en = (
        "Prime Minister Boris Johnson told reporters in London on Tuesday that the government "
        "would publish its plan for the economy before the end of the month."
    )
    a = enrich(enricher, fr + "\n\n" + en)
    assert a.language in ("fr", "en")
    assert set(a.languages) == {"fr", "en"}
    assert {"Emmanuel Macron", "Boris Johnson"} <= set(a.persons)
    assert {"FR", "GB"} <= set(a.countries)


def test_office_holder_inside_an_organisation_span(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "U.S. Secretary of Agriculture Richard Lyng said in a letter to European officials "
        "that Washington would retaliate against the proposed tax on vegetable oils.",
    )
    assert "Richard Lyng" in a.persons


def test_odd_input_does_not_raise(enricher: Enricher) -> None:
    odd = Article(text=None, id="odd", title=None, declared_language="EN")  # type: ignore[arg-type]
    out = enricher.enrich(odd)
    assert out.language == "en"
    assert out.countries == [] and out.persons == []
    assert out.notes == []  # nothing failed


def test_pipe_streams_an_endless_iterator(enricher: Enricher) -> None:
    def endless():
        n = 0
        while True:
            n += 1
            yield Article(text=f"Article {n} sur la France et l'Allemagne.", id=str(n))

    stream = Enricher(batch_size=2).pipe(endless())
    first = [next(stream) for _ in range(3)]
    assert [a.id for a in first] == ["1", "2", "3"]
    assert first[0].countries == ["DE", "FR"]


def test_alliance_abbreviations_that_mean_something_else(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "The New York Coffee, Sugar and Cocoa Exchange (CSCE) elected a new chairman on "
        "Tuesday, the CSCE said in a statement issued after the board meeting.",
    )
    assert a.alliances == []
    assert a.countries == ["US"] and "CSCE" in a.organizations
    b = enrich(
        enricher,
        "Le député FN a été reçu par le préfet. UN TRACTEUR BLOQUE LA ROUTE DEPUIS MARDI "
        "selon les gendarmes présents sur place.",
    )
    assert b.alliances == []
    assert b.language == "fr" and "FN" in b.organizations


def test_treaty_and_round_names_are_not_places(enricher: Enricher) -> None:
    a = enrich(
        enricher,
        "Trade ministers reviewed the Uruguay round of the GATT talks in Wellington, while "
        "insurers said liability was limited by the Athens Convention of 1974.",
    )
    assert "UY" not in a.countries and "GR" not in a.countries
    assert "NZ" in a.countries
