"""The counting helpers of `es_ingest.detect` count what the per-character loops counted."""

from __future__ import annotations

import pytest

from es_ingest.detect import count_digits, count_letters, count_visible

EXAMPLES = [
    "",
    " \t\n",
    "Shr 17 cts vs 20 cts",
    "2026-12-04 ² ³ ½ ٣٤ ১২",  # ASCII, superscript, fraction, Arabic-Indic and Bengali digits
    "Le président a déclaré : « non »",
    "Москва и 東京 and 서울, ひらがな カタカナ",  # mixed scripts
    "a\u00a0b\u2003c\u3000d\x1c\x1d\x1e\x1f\x85e",  # no-break, em, ideographic, separators
    "e\u0301 \u200b\u200d\ufeff",  # combining accent, zero-width characters
    "ǅ ʰ ⅻ 〇",  # title case, modifier letter, Roman numeral, ideographic zero
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_counts_match_the_character_loops(text: str) -> None:
    assert count_visible(text) == sum(1 for c in text if not c.isspace())
    assert count_letters(text) == sum(1 for c in text if c.isalpha())
    assert count_digits(text) == sum(1 for c in text if c.isdigit())


def test_counts_on_a_known_text() -> None:
    # 3 letters, 2 digits, 1 punctuation mark, 2 spaces: the figures by hand.
    assert (count_letters("ab 12 c!"), count_digits("ab 12 c!"), count_visible("ab 12 c!")) == (
        3,
        2,
        6,
    )


def test_visible_agrees_with_isspace_on_every_code_point() -> None:
    # str.split() and str.isspace() must agree on every character for
    # count_visible to be exact; a Python that changed one would fail here.
    every = "".join(map(chr, range(0x110000)))
    assert count_visible(every) == sum(1 for c in every if not c.isspace())


def test_every_character_counted_as_cjk_is_in_the_fast_check() -> None:
    import sys

    from es_ingest.detect import _CJK_NAMED_RE, _is_cjk

    missed = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if _is_cjk(chr(cp)) and not _CJK_NAMED_RE.match(chr(cp))
    ]
    assert missed == []
    assert _is_cjk("東") and _CJK_NAMED_RE.match("東")


@pytest.mark.parametrize("text", [*EXAMPLES, "東京の会議 and 서울 meeting", "Le président 習近平"])
def test_word_count_matches_the_per_word_loop(text: str) -> None:
    from es_ingest.detect import _WORD_RE, _count_words, _is_cjk

    words = _WORD_RE.findall(text)
    expected = sum(max(1, len(w) // 2) if _is_cjk(w[0]) else 1 for w in words)
    assert _count_words(text, words) == expected
    if "東京の会議" in text:
        assert expected > len(words)  # the CJK rule was taken
