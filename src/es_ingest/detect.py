"""Language identification with langdetect (seeded, so results are reproducible).

langdetect's answers are computed by `es_ingest._langdetect` (the same
answers, about twice as fast).

`detect_language(text)` returns a `Detection` (ISO 639-1 code or ``"und"``, and a
confidence in [0, 1]). Texts too short to tell (fewer than `MIN_WORDS` words or
`MIN_LETTERS` letters) give ``"und"`` unless they are written in a script that
only one supported language uses (Greek, Hebrew, Thai, Hangul, kana, Georgian,
Armenian and several Indic scripts); a detection whose best probability is
below `MIN_CONFIDENCE` also gives ``"und"``, and so does one below
`PROSE_CONFIDENCE` on text with few long words. A table of figures with a
title (`is_table`) goes to `detect_table`: even "certain" detections of tables
are often wrong (Swedish, German). A confident wrong answer is worse than
``"und"``.

`detect_paragraphs(text)` splits a text into paragraphs and detects each one
that is long enough, for articles that mix languages.

No function here raises on bad input: empty or non-linguistic text is ``"und"``.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from es_ingest.stopwords import screen_words, spacy_stop_words

logger = logging.getLogger(__name__)

UNDETERMINED = "und"
#: Fewer words than this is "und" (unless the script decides).
MIN_WORDS = 3
#: Fewer letters than this is "und" (unless the script decides).
MIN_LETTERS = 15
#: A best probability below this is "und".
MIN_CONFIDENCE = 0.50
#: Text whose share of characters in words of 4+ letters is below this needs
#: a best probability of at least `PROSE_CONFIDENCE` (Vietnamese, lists).
MIN_PROSE_RATIO = 0.45
PROSE_CONFIDENCE = 0.95
#: ...and if at least this share of its characters are digits, it is a table of
#: figures, whose title has a say (`detect_table`).
MIN_TABLE_DIGITS = 0.15
#: Paragraphs shorter than this (in letters) take the article's language.
MIN_PARAGRAPH_LETTERS = 120
#: At most this many paragraphs are detected one by one (the rest take the
#: article's language), to bound the cost on huge inputs.
MAX_PARAGRAPHS = 200
#: Characters handed to langdetect at most (it samples anyway).
MAX_DETECT_CHARS = 20_000
#: Main languages whose paragraphs are screened before langdetect runs: a
#: paragraph whose words are at least `SCREEN_MIN_SHARE` stop words of the main
#: language is in that language. Measured on the shared corpora (400-character
#: windows): same-language paragraphs have a median share of 0.40-0.48, text in
#: another of these languages at most 0.25. langdetect costs ~0.5 ms a
#: paragraph (`es_ingest._langdetect`; 1.3 ms with langdetect's own loop); the
#: screen costs ~0.02 ms.
SCREEN_LANGUAGES = ("en", "fr", "de")
SCREEN_MIN_SHARE = 0.30
#: A second, lower screen for languages where it was measured to keep every
#: answer (`looks_like_by_variety`): share of stop words, distinct stop words.
#: English news paragraphs are often stop-word light (figures, names): 2/3 of
#: the Reuters paragraphs that failed the first screen pass this one. On the
#: 61,000 paragraphs and sentences of 120+ letters of ../shared/data and
#: ../shared/langid, the paragraphs it lets through that langdetect puts in
#: another language at 0.90+ (the only answer that counts, `PARAGRAPH_CONFIDENCE`):
#: 0 (with 4 distinct stop words 1, Malay; without the variety rule 4,
#: Catalan "a ... i ... a", Hungarian "a ... is ... be", Malay and a table).
#: French and German share too many stop words with Romance and Germanic
#: languages (hundreds of changed answers at 0.25): first screen only.
SCREEN_BY_VARIETY = {"en": (0.25, 5)}


def count_visible(text: str) -> int:
    """Characters of `text` that are not white space (``not str.isspace()``).

    ``str.split()`` without an argument splits on exactly the characters for
    which ``str.isspace()`` is true (checked over every code point by the
    tests), so joining its pieces drops them at C speed: 7 x faster than a
    loop over the characters, which every detection ran.
    """
    return len("".join(text.split()))


def count_letters(text: str) -> int:
    """Characters of `text` for which ``str.isalpha()`` is true."""
    # map() calls the C method without a Python frame per character.
    return sum(map(str.isalpha, text))


def count_digits(text: str) -> int:
    """Characters of `text` for which ``str.isdigit()`` is true (², ٣ count too)."""
    return sum(map(str.isdigit, text))


def _prose_ratio(text: str) -> float:
    """Share of non-space characters that belong to words of 4+ letters."""
    visible = count_visible(text)
    if not visible:
        return 0.0
    return sum(len(w) for w in _WORD_RE.findall(text) if len(w) >= 4) / visible


_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_PARA_RE = re.compile(r"\n[ \t]*\n|\n(?=[ \t]{2,}\S)")

# Scripts used by a single langdetect language (Unicode name prefix -> code).
_UNIQUE_SCRIPTS = {
    "GREEK": "el",
    "HEBREW": "he",
    "THAI": "th",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "GUJARATI": "gu",
    "GURMUKHI": "pa",
    "TAMIL": "ta",
    "TELUGU": "te",
    "KANNADA": "kn",
    "MALAYALAM": "ml",
}

_init_lock = threading.Lock()
_initialised = False


@dataclass(frozen=True)
class Detection:
    """The language of a text: `language` (ISO 639-1 or "und") and `confidence`."""

    language: str
    confidence: float


@dataclass(frozen=True)
class Paragraph:
    """A paragraph `text[start:end]` and its detection (None if too short)."""

    start: int
    end: int
    detection: Detection | None


def _ensure_init() -> None:
    global _initialised
    if _initialised:
        return
    with _init_lock:
        if not _initialised:
            # langdetect's factory, seed 0 (reproducible), its table from our cache.
            from es_ingest._langdetect_profiles import init_factory

            init_factory(seed=0)
            _initialised = True


def _normalise_code(code: str) -> str:
    return "zh" if code.startswith("zh") else code


def _is_cjk(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


# Every character that `_is_cjk` accepts lies in these ranges (a superset;
# `tests/unit/test_detect_counts.py` checks every code point): a text with
# none of them has no word to count by `_is_cjk`, found at C speed.
_CJK_NAMED_RE = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u302e-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\uf900-\ufaff\U0001aff0-\U0001b16f\U00020000-\U0003ffff]"
)


def _count_words(text: str, words: list[str]) -> int:
    """`words` of `text` counted; scripts written without spaces one per two characters."""
    if _CJK_NAMED_RE.search(text) is None:
        return len(words)
    return sum(max(1, len(w) // 2) if _is_cjk(w[0]) else 1 for w in words)


def _unique_script(text: str) -> str | None:
    counts: dict[str, int] = {}
    letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        name = unicodedata.name(ch, "")
        for prefix, code in _UNIQUE_SCRIPTS.items():
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
        else:
            if name.startswith("CJK"):
                counts["cjk"] = counts.get("cjk", 0) + 1
    if not letters or not counts:
        return None
    code, n = max(counts.items(), key=lambda kv: kv[1])
    if code == "cjk" or n < 0.6 * letters:
        return None
    return code


# Every character whose Unicode name starts with HANGUL, HIRAGANA, KATAKANA or
# CJK UNIFIED lies in these ranges: the regular expression finds the few
# candidates of a text at C speed (every detection calls `_scripts_present`).
_EAST_ASIAN_RE = re.compile(
    "[\u1100-\u11ff\u302e\u302f\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\U0001aff0-\U0001b16f\U00020000-\U0003ffff]"
)


def _scripts_present(text: str) -> set[str]:
    """Which of "han", "hangul", "kana" occur in `text`."""
    found: set[str] = set()
    for ch in _EAST_ASIAN_RE.findall(text):
        name = unicodedata.name(ch, "")
        if name.startswith("HANGUL"):
            found.add("hangul")
        elif name.startswith(("HIRAGANA", "KATAKANA")):
            found.add("kana")
        elif name.startswith("CJK UNIFIED"):
            found.add("han")
    return found


def condition_on_scripts(text: str, candidates: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Drop languages the scripts of `text` rule out and renormalise.

    langdetect's Korean profile holds Hanja and its Japanese one kanji, so
    Chinese (above all Traditional) is often detected as Korean. Korean is
    written with Hangul and Japanese with kana: text with Han characters but
    no Hangul cannot be Korean, and without kana is not Japanese. When no
    candidate is left, Han-only text is Chinese. Candidates are (code, prob)
    pairs, best first; text without Han characters is returned unchanged.
    """
    scripts = _scripts_present(text)
    if "han" not in scripts:
        return candidates
    ruled_out = set()
    if "hangul" not in scripts:
        ruled_out.add("ko")
    if "kana" not in scripts:
        ruled_out.add("ja")
    kept = [(c, p) for c, p in candidates if c not in ruled_out]
    if not kept:
        if scripts == {"han"}:
            return [("zh", 1.0)]
        return candidates
    merged: dict[str, float] = {}
    for c, p in kept:  # zh-cn and zh-tw both read "zh"
        merged[c] = merged.get(c, 0.0) + p
    total = sum(merged.values())
    return sorted(((c, p / total) for c, p in merged.items()), key=lambda cp: -cp[1])


def _han_only(text: str) -> bool:
    """True for text mostly (60%+ of its letters) Han, with no kana or Hangul."""
    letters = [ch for ch in text if ch.isalpha()]
    han = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("CJK UNIFIED"))
    return bool(letters) and han >= 0.6 * len(letters) and _scripts_present(text) == {"han"}


def is_table(text: str) -> bool:
    """True for tables of figures: few characters in words of 4+ letters, many digits."""
    sample = (text or "")[:MAX_DETECT_CHARS]
    visible = count_visible(sample)
    digits = count_digits(sample)
    return (
        visible > 0
        and _prose_ratio(sample) < MIN_PROSE_RATIO
        and digits >= MIN_TABLE_DIGITS * visible
    )


def detect_table(
    title: str, text: str, *, known: Mapping[str, Detection] | None = None
) -> Detection:
    """The language of a table of figures (`is_table`) that has a title.

    The title's language counts when the title is detected on its own and the
    table, or title and table together, are detected in the same language;
    anything else is ``"und"`` ("Tultex Corp <Ttx> 2Nd Qtr Net" over "Shr 17
    cts vs 20 cts": und, not Swedish). Without a detectable title, use
    `detect_language`. `known` holds detections the caller already made
    (text -> `detect_language(text)`): a detection depends on its text alone
    (langdetect's generator is seeded afresh for each text), so they are
    reused rather than run again.
    """
    known = known or {}

    def detect(sample: str) -> Detection:
        found = known.get(sample)
        return found if found is not None else detect_language(sample)

    t = detect(title or "")
    if t.language == UNDETERMINED:
        return Detection(UNDETERMINED, 0.0)
    for sample in (text, f"{title}\n{text}"):
        d = detect(sample)
        if d.language == t.language:
            return Detection(t.language, min(t.confidence, d.confidence))
    return Detection(UNDETERMINED, 0.0)


def detect_language(text: str, *, min_confidence: float = MIN_CONFIDENCE) -> Detection:
    """Detect the language of `text`.

    Returns ``Detection("und", 0.0)`` for empty, short or ambiguous text (see
    the module docstring); never raises.
    """
    text = text or ""
    words = _WORD_RE.findall(text[:MAX_DETECT_CHARS])
    letters = sum(len(w) for w in words)
    n_words = _count_words(text[:MAX_DETECT_CHARS], words)
    if n_words < MIN_WORDS or letters < MIN_LETTERS:
        script = _unique_script(text[:MAX_DETECT_CHARS])
        if script is not None:
            return Detection(script, 1.0)
        if _han_only(text[:MAX_DETECT_CHARS]):
            # Han without kana or Hangul: of langdetect's languages only Chinese.
            return Detection("zh", 1.0)
        return Detection(UNDETERMINED, 0.0)
    _ensure_init()
    from langdetect.lang_detect_exception import LangDetectException

    from es_ingest._langdetect import detect_langs

    try:
        probabilities = detect_langs(text[:MAX_DETECT_CHARS])
    except LangDetectException:
        return Detection(UNDETERMINED, 0.0)
    if not probabilities:
        return Detection(UNDETERMINED, 0.0)
    candidates = condition_on_scripts(
        text[:MAX_DETECT_CHARS], [(_normalise_code(p.lang), float(p.prob)) for p in probabilities]
    )
    lang, prob = candidates[0]
    if prob < PROSE_CONFIDENCE and _prose_ratio(text[:MAX_DETECT_CHARS]) < MIN_PROSE_RATIO:
        # Tables of figures and abbreviations ("Shr 53 cts vs 38 cts"): only a
        # near-certain detection is kept (see also `detect_table`).
        return Detection(UNDETERMINED, round(prob, 4))
    if prob < min_confidence:
        return Detection(UNDETERMINED, round(prob, 4))
    return Detection(lang, round(prob, 4))


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines, or a line break followed by an indent."""
    spans = []
    pos = 0
    for m in _PARA_RE.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def warm_screen() -> None:
    """Load the stop-word lists of `SCREEN_LANGUAGES` now (for forking parents)."""
    for lang in SCREEN_LANGUAGES:
        spacy_stop_words(lang)


def looks_like(text: str, lang: str) -> bool:
    """True when `text` is clearly in `lang` by its share of stop words.

    Only for `SCREEN_LANGUAGES`; False means "don't know", not "another language".
    """
    if lang not in SCREEN_LANGUAGES:
        return False
    words = screen_words(text)
    if not words:
        return False
    stop = spacy_stop_words(lang)
    found = [w for w in words if w in stop]
    return len(found) >= SCREEN_MIN_SHARE * len(words) or looks_like_by_variety(
        found, len(words), lang
    )


def looks_like_by_variety(found: list[str], n_words: int, lang: str) -> bool:
    """The lower screen (`SCREEN_BY_VARIETY`): enough stop words, and enough different ones.

    `found` is the text's words that are stop words of `lang`, out of
    `n_words` words. A few short stop words repeated ("a", "i", "is") are
    what other languages share with English; five different ones are not.
    """
    rule = SCREEN_BY_VARIETY.get(lang)
    if rule is None:
        return False
    min_share, min_distinct = rule
    return len(found) >= min_share * n_words and len(set(found)) >= min_distinct


def detect_paragraphs(text: str, main: str | None = None) -> list[Paragraph]:
    """Detect each paragraph long enough to tell (see `MIN_PARAGRAPH_LETTERS`).

    With `main` (the article's language), paragraphs that `looks_like` it
    are taken to be in it without running langdetect (see `SCREEN_LANGUAGES`).
    """
    out = []
    detected = 0
    for start, end in split_paragraphs(text):
        chunk = text[start:end]
        letters = count_letters(chunk[:2000])
        detection = None
        if letters >= MIN_PARAGRAPH_LETTERS and detected < MAX_PARAGRAPHS:
            if main is not None and looks_like(chunk, main):
                detection = Detection(main, 1.0)
            else:
                detection = detect_language(chunk)
                detected += 1
        out.append(Paragraph(start, end, detection))
    return out
