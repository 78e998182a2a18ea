"""Language detection: seeded langdetect, und for short or unclear text."""

from __future__ import annotations

import pytest

from es_ingest.detect import (
    UNDETERMINED,
    condition_on_scripts,
    detect_language,
    detect_paragraphs,
    detect_table,
    is_table,
    split_paragraphs,
)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le gouvernement a annoncé mercredi une nouvelle réforme des retraites.", "fr"),
        ("The government announced a new pension reform on Wednesday morning.", "en"),
        ("Die Regierung hat am Mittwoch eine neue Rentenreform angekündigt.", "de"),
    ],
)
def test_sentence_languages(text: str, lang: str) -> None:
    d = detect_language(text)
    assert d.language == lang
    assert d.confidence > 0.9


@pytest.mark.parametrize("text", ["", "   ", "Bonjour", "Guten Morgen", "12 345 678", "OTAN UE"])
def test_short_text_is_undetermined(text: str) -> None:
    assert detect_language(text).language == UNDETERMINED


def test_unique_script_decides_short_text() -> None:
    assert detect_language("Καλημέρα").language == "el"
    assert detect_language("შალომ").language == "ka"


def test_detection_is_reproducible() -> None:
    text = "Une phrase assez longue pour que la détection soit stable et précise."
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_paragraphs_split_on_blank_lines_and_indents() -> None:
    text = "First paragraph.\n\nSecond paragraph\n    Third one"
    spans = split_paragraphs(text)
    assert [text[s:e].strip() for s, e in spans] == [
        "First paragraph.",
        "Second paragraph",
        "Third one",
    ]


def test_mixed_paragraphs() -> None:
    fr = (
        "Le président a rencontré les représentants des syndicats pour discuter de la réforme. " * 2
    )
    en = "The president met union representatives to discuss the reform of the pension system. " * 2
    paras = detect_paragraphs(fr + "\n\n" + en)
    assert [p.detection.language for p in paras if p.detection] == ["fr", "en"]


def test_table_of_figures_is_undetermined_unless_certain() -> None:
    rows = ["Shr 53 cts vs 38 cts", "Net 22,249,000 vs 15,356,000", "Sales 189.1 mln vs 166.5 mln"]
    table = "\n    ".join(rows)
    assert is_table(table)
    d = detect_language(table)
    assert d.language == UNDETERMINED or d.confidence >= 0.95


def test_table_takes_its_language_from_an_agreeing_title() -> None:
    rows = ["Shr 17 cts vs 20 cts", "Net 3,121,000 vs 3,624,000", "Revs 60.2 mln vs 59.0 mln"]
    rows += ["Avg shrs 18.3 mln vs 18.2 mln", "Year", "Shr 1.10 dlrs vs 1.02 dlrs"]
    table = "\n    ".join(rows)
    assert detect_language(table).language == "sv"  # langdetect alone: certain and wrong
    assert detect_table("Tultex Corp <Ttx> 2Nd Qtr May 30 Net", table).language == UNDETERMINED
    assert not is_table("Le président a rencontré les syndicats pour parler de la réforme.")


# Sentences of our own writing: Traditional and Simplified Chinese, Korean
# with Hanja, Japanese with kana.
@pytest.mark.parametrize(
    "text",
    [
        "當市長描述這座城市在過去十年的發展時，他說交通與住房是最大的問題。",
        "市长在描述这座城市过去十年的发展时说，交通和住房是最大的问题。",
        "總統昨天訪問了鄰國的首都。",
        "北京天氣很好",
    ],
)
def test_han_text_without_hangul_or_kana_is_chinese(text: str) -> None:
    assert detect_language(text).language == "zh"


def test_korean_with_hanja_stays_korean() -> None:
    text = "大韓民國의 首都는 서울이며, 오늘 市長이 새로운 交通 政策을 발표했습니다."
    assert detect_language(text).language == "ko"


def test_japanese_with_kana_stays_japanese() -> None:
    text = "東京都の知事は昨日、新しい交通政策について記者会見を開きました。"
    assert detect_language(text).language == "ja"


def test_condition_on_scripts_drops_impossible_languages() -> None:
    han = "當市長描述這座城市的發展時"
    assert condition_on_scripts(han, [("ko", 0.71), ("zh", 0.29)]) == [("zh", 1.0)]
    assert condition_on_scripts(han, [("ko", 0.9)]) == [("zh", 1.0)]
    hangul = "서울의 市長"
    assert condition_on_scripts(hangul, [("ko", 0.6), ("zh", 0.4)])[0][0] == "ko"
    latin = [("en", 0.9), ("nl", 0.1)]
    assert condition_on_scripts("plain English text", latin) == latin


def test_the_variety_screen_wants_enough_stop_words_and_enough_different_ones() -> None:
    from es_ingest.detect import looks_like_by_variety

    # 6 of 20 words (0.30 >= 0.25), 5 different: English by the second screen.
    assert looks_like_by_variety(["the", "of", "to", "and", "in", "the"], 20, "en")
    # Same share, but "a" and "i" repeated (Catalan-like): not decided here.
    assert not looks_like_by_variety(["a", "i", "a", "i", "a", "i"], 20, "en")
    # 5 different ones, but only 5 of 24 words (0.21): not decided here.
    assert not looks_like_by_variety(["the", "of", "to", "and", "in"], 24, "en")
    # French has no second screen.
    assert not looks_like_by_variety(["le", "de", "la", "et", "un", "les"], 20, "fr")


def test_a_stop_word_light_english_paragraph_is_taken_for_english_without_langdetect() -> None:
    from es_ingest.detect import looks_like

    # 5 of 20 words are English stop words (0.25, under the first screen's 0.30),
    # 5 different ones.
    text = (
        "Harbour operator shares rose sharply after quarterly results showed "
        "higher container volumes for March, and revenue from Asian routes up."
    )
    assert looks_like(text, "en")
