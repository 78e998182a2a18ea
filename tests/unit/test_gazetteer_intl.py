"""Countries in inflected and unspaced languages (morph keys, inflect pass, intl data).

Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from es_ingest.gazetteer import COUNTRY, default_gazetteer, morph
from es_ingest.text import split_cjk, tokenize


def codes(text: str, lang: str) -> list[str]:
    out: list[str] = []
    for m in default_gazetteer().scan(text, lang):
        if m.entry.values[0] != "-" and m.entry.values[0] not in out:
            out.append(m.entry.values[0])
    return out


def test_split_cjk_cuts_han_and_kana_only():
    assert [t for _, _, t in split_cjk(0, "G20峰会在北京")] == [
        "G20",
        "峰",
        "会",
        "在",
        "北",
        "京",
    ]
    assert tokenize("去了东京。") == [(0, 1, "去"), (1, 2, "了"), (2, 3, "东"), (3, 4, "京")]


def keys(lang: str, word: str) -> list[str]:
    return [k for k, _ in morph.text_keys(lang, morph.lower(lang, word))]


def test_keys_per_language():
    assert morph.name_key("ru", "россия") == morph.name_key("ru", "россии")
    assert morph.name_key("pl", "warszawa") == morph.name_key("pl", "warszawie")
    assert "rus" in keys("tr", "Ruslar")
    assert "suriyeli" in keys("tr", "Suriyelilere")
    assert "عراق" in keys("ar", "والعراق")
    assert morph.ar_norm("روسيا") in keys("ar", "الروسي")
    assert morph.name_key("ar", "ألمانيا") == morph.ar_norm("ألمانيا")  # no article to drop
    # Short stems only match as written: "Мало" is not Mali.
    assert keys("ru", "Мало") == ["мало"]


def test_arabic_key_levels():
    levels = dict(morph.text_keys("ar", "والعراقي"))
    assert levels["عراقي"] == morph.CLITIC
    assert levels["عراق"] == morph.DERIVED


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "ru",
            "Министр Германии прилетел в Москве на встречу с китайским коллегой.",
            ["DE", "RU", "CN"],
        ),
        ("ru", "Делегация Соединённых Штатов покинула Киев.", ["US", "UA"]),
        ("uk", "Посол Росії приїхав до Києва з делегацією Польщі.", ["RU", "UA", "PL"]),
        ("pl", "Minister Polski rozmawiał w Warszawie z kanclerzem Niemiec.", ["PL", "DE"]),
        ("pl", "Delegacja Stanów Zjednoczonych i rosyjskiego rządu.", ["US", "RU"]),
        ("tr", "Ruslar ve Suriyeliler Almanya'da toplandı.", ["RU", "SY", "DE"]),
        ("tr", "İngilizlerle görüşen Amerikalılar.", ["GB", "US"]),
        ("ar", "وصل الوزير الروسي إلى موسكو ثم إلى العراق والأردن.", ["RU", "IQ", "JO"]),
        ("ar", "قال السفير الأمريكي إن للولايات المتحدة مصالح.", ["US"]),
        ("zh", "美国总统在北京会见了中国领导人。", ["US", "CN"]),
        ("zh", "他從俄羅斯飛往東京。", ["RU", "JP"]),
        ("ja", "アメリカの大統領がロシアを訪問した。", ["US", "RU"]),
        ("zh", "澳大利亞和北卡羅來納州", ["AU", "US"]),  # traditional forms via OpenCC
        ("ru", "Он уехал из Техаса в Онтарио.", ["US", "CA"]),  # ISO 3166-2 names
        ("ru", "Делегация США прибыла.", ["US"]),
        ("ru", "Он вернулся в Лос-Анджелес, потом в Пхеньяне.", ["US", "KP"]),
    ],
)
def test_countries_found(lang, text, expected):
    assert sorted(codes(text, lang)) == sorted(expected)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Мало кто знал об этом."),  # "Мало" shares the stem of Mali
        ("tr", "Rusça konuşan bir öğretmen."),  # a language name, not a country
        ("pl", "Kanapka leżała na stole."),
        ("ar", "زار المدينة القديمة."),  # "the city", not Medina
        ("zh", "他很美。"),  # a single character is not the US
        ("zh", "費德里克說。"),  # "德里" (Delhi) inside a transliterated name
        ("ar", "والتي كانت"),  # not Valletta by a nisba ending
        ("ru", "Во время войны."),  # the preposition, not Vaud
        ("ru", "Это стоило сто миллионов долларов США."),  # a currency
        ("ar", "كلف مليون دولار أمريكي."),
    ],
)
def test_no_false_country(lang, text):
    assert codes(text, lang) == []


def test_regions_do_not_count():
    assert codes("Северной Америки", "ru") == []
    assert codes("أمريكا الشمالية", "ar") == []


def test_inflected_forms_stay_in_their_language():
    # A Russian stem does not make the Polish text's "Rosji" Russian text; and
    # the Polish irregular form counts only in Polish.
    assert codes("Niemiec", "pl") == ["DE"]
    assert codes("Niemiec", "fr") == []


def test_cjk_country_names_count_whatever_the_detected_language():
    g = default_gazetteer()
    kinds = {m.entry.kind for m in g.scan("美國", "ko")}
    assert kinds == {COUNTRY}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The British Ministry of Defence said.", True),
        ("The Russian Embassy said.", True),
        ("British Airways said.", False),
        ("American Express said.", False),
    ],
)
def test_demonym_qualifying_an_institution(text, expected):
    from es_ingest.enrich.countries import qualifies_institution
    from es_ingest.enrich.spans import NerSpan

    m = default_gazetteer().scan(text, "en")[0]
    end = text.index(" said")
    start = text.index(m.text)
    org = NerSpan(start, end, "ORG", text[start:end])
    assert qualifies_institution(text, m, org) is expected


def test_english_genre_and_currency_blocks():
    assert codes("Miami Bass producers.", "en") == []
    assert codes("He flew to Miami.", "en") == ["US"]


def test_arabic_states_and_feminine_nisba():
    assert codes("في ولاية كارولينا الشمالية", "ar") == ["US"]
    assert codes("شرطة بريتيش كولومبيا", "ar") == ["CA"]  # not Colombia
    assert codes("المدن الإغريقية", "ar") == ["GR"]


def test_common_words_that_name_countries_or_cities():
    assert codes("الأزمة المالية", "ar") == []  # "financial", not Mali
    assert codes("Abwertung des britischen Pfunds", "de") == []  # a currency
    assert codes("Zu Nevadas Branchen", "de") == ["US"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ru", "В датском языке это слово редкое.", []),  # the language
        ("ru", "Датская делегация прибыла в Москву.", ["DK", "RU"]),
        ("pl", "Napisał to w języku polskim.", []),
        ("pl", "Mówi po angielsku w Warszawie.", ["PL"]),
        ("ar", "يتحدث باللغة الروسية في القاهرة.", ["EG"]),
        ("ar", "قال الوزير الروسي.", ["RU"]),
    ],
)
def test_language_names_are_not_countries(lang, text, expected):
    from es_ingest.enrich import Enricher
    from es_ingest.model import Article

    article = Article(id="t", title="", text=text, declared_language=lang, language=lang)
    Enricher().enrich(article)
    assert article.countries == sorted(expected)


def test_a_territory_tagged_as_an_organisation_is_a_place():
    from es_ingest.enrich.countries import is_territory_name
    from es_ingest.enrich.spans import NerSpan

    assert is_territory_name(NerSpan(0, 23, "ORG", "the Community of Madrid"))
    org = "Electronic Industries Association of Japan"
    assert not is_territory_name(NerSpan(0, len(org), "ORG", org))


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Police in B.C. said.", ["CA"]),
        ("en", "Athens in the 5th century B.C. was a city-state.", ["GR"]),  # an era
        ("en", "It was built around 500 B.C. near Athens.", ["GR"]),
        ("es", "Después de que Carolina del Norte aprobase la ley.", ["US"]),  # ISO 3166-2
        ("tr", "Joan İngiltere'deki iki kralın büyükannesi oldu.", ["GB"]),  # not a person
        ("tr", "Makedon askerleri Atina'ya yürüdü.", ["GR", "MK"]),  # a demonym
    ],
)
def test_more_countries_in_articles(lang, text, expected):
    from es_ingest.enrich import Enricher
    from es_ingest.model import Article

    article = Article(id="t", title="", text=text, declared_language=lang, language=lang)
    Enricher().enrich(article)
    assert article.countries == sorted(expected)


def test_russian_names_that_only_share_a_stem_with_a_country():
    # Case forms count; a surname or first name with the same stem does not.
    assert codes("в Брунее, в России, в Москве, из Китая", "ru") == ["BN", "RU", "CN"]
    assert codes("Валентино Росси, Колумб, Бруно и Александра", "ru") == []


def test_russian_indeclinable_names_match_as_written_only():
    # "Самоа" is indeclinable: "самое" ("the most") is not one of its forms.
    assert codes("Самое главное: острова Самоа", "ru") == ["WS"]
    assert codes("Самое интересное было впереди.", "ru") == []


def test_polish_names_in_ia_decline_by_their_own_endings():
    # "Kolumbii", "Japonię" are case forms; "Kolumb" (Columbus) and the first
    # name "Aleksandra" only share a stem with Kolumbia and Aleksandria.
    assert codes("Wrócił z Kolumbii, potem pojechał do Japonii.", "pl") == ["CO", "JP"]
    assert codes("Krzysztof Kolumb i jego siostra Aleksandra popłynęli dalej.", "pl") == []


def test_polish_first_name_alexandra_is_not_the_french_alexandrie():
    # The gazetteer holds "Alexandrie" (fr); in Polish a name in -ie declines
    # as a neuter, so "Alexandra" is not one of its forms, "Aleksandrii" is
    # Aleksandria's.
    assert codes("Z pomocą rad Alexandra wyjechał do Aleksandrii.", "pl") == ["EG"]
    assert codes("Z pomocą rad Alexandra wyjechał do Wiednia.", "pl") == ["AT"]
    assert not morph.declines_as("pl", "alexandrie", "alexandra")
    assert morph.declines_as("pl", "zagłębie", "zagłębiu")


def test_russian_adjectives_of_cities():
    # A city in a consonant + -ск- + an adjective ending counts for its country.
    assert codes("Пхеньянское метро открыли давно.", "ru") == ["KP"]
    assert codes("Он писал о Берлинском кинофестивале и о Лондонской бирже.", "ru") == ["DE", "GB"]
    # Not through a country's stem (countries have their demonyms), nor short bases.
    assert morph.ru_city_adjective_bases("детский") == ()
    assert codes("Городской совет открыл детский сад.", "ru") == []


def test_a_place_read_as_a_person_after_in_keeps_its_country():
    from es_ingest.enrich import Enricher
    from es_ingest.enrich.countries import places_read_as_persons
    from es_ingest.enrich.spans import NerSpan
    from es_ingest.model import Article

    text = "Our columnist was born in 1950 in Castelfranco Veneto, then moved away."
    article = Article(id="t", title="", text=text, declared_language="en", language="en")
    Enricher().enrich(article)
    assert article.countries == ["IT"]
    # Directly: the PER span after "in" that ends with a region is dropped,
    # a person elsewhere is kept.
    g = default_gazetteer()
    matches = g.scan(text, "en")
    start = text.index("Castelfranco")
    per = NerSpan(start, start + len("Castelfranco Veneto"), "PER", "Castelfranco Veneto")
    other = NerSpan(0, 3, "PER", "Our")
    assert places_read_as_persons(text, [per, other], matches, "en") == [other]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Im Dänischen kann das Wort auch Lagune heißen.", []),
        ("Der Roman wurde vom Russischen ins Deutsche übersetzt.", []),
        ("Er sprach im russischen Parlament.", ["RU"]),
        ("Das Gesetz galt im Russischen Reich.", ["RU"]),
    ],
)
def test_german_language_nouns_after_im(text, expected):
    from es_ingest.enrich import Enricher
    from es_ingest.model import Article

    article = Article(id="t", title="", text=text, declared_language="de", language="de")
    Enricher().enrich(article)
    assert article.countries == expected
