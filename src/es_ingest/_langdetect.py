"""langdetect's detection, the same answers in about half the time.

`langdetect.detect_langs` cleans the text, extracts its 1- to 3-grams, then
runs 7 random trials: each draws n-grams at random and multiplies a
probability vector over langdetect's 55 languages by each n-gram's profile,
in a Python loop, until one language passes 0.99999; the 7 vectors are
averaged. On a news article that took about 2.1 ms, 15 % of the NER's own
time, once per article and again per paragraph that needs detecting.

`detect_langs(text)` here returns exactly what langdetect's does (the same
languages and the same floats: `tests/unit/test_langdetect_fast.py` compares
them on our own sentences and on the shared language test data):

- langdetect's own code does the rest: its profiles and factory,
  ``Detector.append`` (URLs, e-mails, Vietnamese marks, length limit),
  ``Detector.cleaning_text``, ``NGram.normalize``, its seeded random
  generator and its constants;
- `extract_ngrams` produces langdetect's n-gram list with the per-character
  normalisation memoised and the n-gram window kept in local variables
  (0.66 -> 0.25 ms per Reuters article);
- each trial does langdetect's arithmetic on numpy vectors, element by
  element in the same order (so the same floats), instead of a Python loop
  over the 55 languages.

Measured on 500 Reuters articles (one process): 2.1 ms -> 0.9 ms per article.
Raises langdetect's ``LangDetectException`` for text without features, as
langdetect does.
"""

from __future__ import annotations

import random
import re
import sys
from typing import Any

import numpy as np
from langdetect import detector_factory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.language import Language
from langdetect.utils.ngram import NGram

# n-gram -> its row in `_profiles`, the n-grams' profiles as one matrix, both
# filled as n-grams are met (5,200 of the 88,000 after 2,000 Reuters
# articles, 0.44 KB a row: 2.3 MB; 39 MB if all are). One matrix, so that a
# trial's block of five profiles is one ``take`` (2.9 us) instead of an
# array built from five vectors (6.5 us).
_rows: dict[str, int] = {}
_profiles = np.empty((0, 0), dtype=np.float64)


def _row(word: str, table: dict[str, list[float]]) -> int:
    global _profiles
    row = _rows.get(word)
    if row is None:
        profile = table[word]
        row = len(_rows)
        if row >= len(_profiles):
            grown = np.empty((max(1024, 2 * len(_profiles)), len(profile)), dtype=np.float64)
            if row:
                grown[:row] = _profiles[:row]
            _profiles = grown
        _profiles[row] = profile
        _rows[word] = row
    return row


def _vector(word: str, table: dict[str, list[float]]) -> np.ndarray:
    """`word`'s profile (a view of its row: read it, don't change it)."""
    row = _row(word, table)
    return _profiles[row]


# Character -> langdetect's normalised form (NGram.normalize, a pure function
# of the character), memoised: the per-character call was half the cost.
_normal: dict[str, str] = {}


def _normalise(ch: str) -> str:
    out = _normal.get(ch)
    if out is None:
        out = _normal[ch] = NGram.normalize(ch)
    return out


class _NormalTable(dict[int, str]):
    """Code point -> langdetect's normalised character, for ``str.translate``, filled as met."""

    def __missing__(self, code: int) -> str:
        out = self[code] = _normalise(chr(code))
        return out


_translate_table = _NormalTable()

# Normalised word (+ " " when a space follows it) -> its n-grams, for the one
# profile table in use. A word's n-grams depend on the word alone (the state
# of langdetect's loop starts afresh after every space), and an article's
# words come back in its paragraphs and in later articles. Bounded: emptied
# when full. The n-grams are interned (one string object per n-gram, not one
# per word it occurs in): 14,000 words took 6.7 MiB (tracemalloc), against
# 50 MiB for 43,000 words of separate strings (the mixed benchmark's peak PSS
# grew by 50 to 90 MiB).
_word_ngrams: dict[str, tuple[str, ...]] = {}
_word_ngrams_known: list[Any] = [None]
WORD_CACHE_MAX = 20_000


def extract_ngrams(text: str, known: dict[str, Any]) -> list[str]:
    """The 1- to 3-grams of `text` that langdetect's profiles know, in langdetect's order.

    The same list as langdetect's ``Detector._extract_ngrams`` (checked by the
    tests on the language test data), about 3 times faster. Words are split on
    what normalises to a space; a word is skipped from its second consecutive
    upper-case letter on (acronyms, all-caps headlines), until a lower-case
    letter or a space. The text is normalised with one ``str.translate`` and
    each word's n-grams are memoised (`_word_ngrams`).
    """
    if _word_ngrams_known[0] is not known:
        _word_ngrams.clear()
        _word_ngrams_known[0] = known
    words = text.translate(_translate_table).split(" ")
    last = len(words) - 1
    out: list[str] = []
    cache = _word_ngrams
    for i, word in enumerate(words):
        if not word:
            continue
        key = word + " " if i < last else word
        grams = cache.get(key)
        if grams is None:
            if len(cache) >= WORD_CACHE_MAX:
                cache.clear()
            grams = cache[key] = tuple(map(sys.intern, _scan(key, known)))
        out.extend(grams)
    return out


def _scan(text: str, known: dict[str, Any]) -> list[str]:
    """langdetect's n-gram loop over normalised `text` (what `extract_ngrams` memoises)."""
    out: list[str] = []
    window = " "  # the last (up to) 3 normalised characters, after a space
    caps = False
    for ch in text:
        previous = window[-1]
        if previous == " ":
            if ch == " ":
                caps = False
                continue
            window = " " + ch
        else:
            window = (window[1:] if len(window) >= 3 else window) + ch
        caps = ch.isupper() and (caps or previous.isupper())
        if caps:
            continue
        if ch != " " and ch in known:
            out.append(ch)
        pair = window[-2:]
        if len(window) >= 2 and pair in known:
            out.append(pair)
        if len(window) >= 3 and window in known:
            out.append(window)
    return out


# What langdetect's `Detector.append` and `cleaning_text` do in per-character
# Python loops (0.2 to 0.6 ms an article), in regular expressions: the same text.
_SPACE_RUN_RE = re.compile("  +")
# langdetect's 'A' <= ch <= 'z': brackets, backslash, caret, underscore and backquote too.
_ASCII_LETTERS_RE = re.compile("[A-z]")
# langdetect means to leave out Latin Extended Additional here, but compares its
# block number with a block name: every character from U+0300 on counts.
_NON_LATIN_RE = re.compile("[\u0300-\U0010ffff]")


def cleaned_text(text: str, max_length: int) -> str:
    """The text langdetect's ``append(text)`` then ``cleaning_text()`` leave in a new detector.

    URLs and e-mail addresses become spaces, Vietnamese letters and marks are
    composed, the first `max_length` characters are kept with each run of
    spaces made one; when non-Latin characters (U+0300 on) outnumber twice
    the ASCII letters, the ASCII letters are dropped.
    """
    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = _SPACE_RUN_RE.sub(" ", NGram.normalize_vi(text)[:max_length])
    if text.isascii():
        return text  # no character from U+0300 on: nothing to drop
    stripped, latin = _ASCII_LETTERS_RE.subn("", text)
    return stripped if latin * 2 < _NON_LATIN_RE.subn("", text)[1] else text


def detect_langs(text: str) -> list[Language]:
    """langdetect's `detect_langs(text)`, faster; its factory must be initialised.

    Raises `RuntimeError` if langdetect's profiles are not loaded, and
    ``LangDetectException`` when the text has no n-gram langdetect knows.
    """
    factory: Any = detector_factory._factory
    if factory is None:
        raise RuntimeError("langdetect's profiles are not loaded")
    detector: Any = factory.create()
    detector.text = cleaned_text(text, detector.max_text_length)
    ngrams = extract_ngrams(detector.text, detector.word_lang_prob_map)
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    table = detector.word_lang_prob_map
    rnd = detector.random
    rnd.seed(detector.seed)
    n_langs = len(detector.langlist)
    n_trial = detector.n_trial
    total = np.zeros(n_langs)
    for _ in range(n_trial):
        prob = (
            np.array(detector.prior_map, dtype=np.float64)
            if detector.prior_map is not None
            else np.full(n_langs, 1.0 / n_langs)
        )
        alpha = detector.alpha + rnd.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH
        total += _trial(prob, alpha / Detector.BASE_FREQ, ngrams, table, rnd) / n_trial
    result = [
        Language(lang, float(p))
        for lang, p in zip(detector.langlist, total, strict=True)
        if p > Detector.PROB_THRESHOLD
    ]
    result.sort(reverse=True)
    return result


# The draw `_trial` inlines (CPython 3.11's random.choice); None elsewhere.
_RANDBELOW = getattr(random.Random, "_randbelow_with_getrandbits", None)


def _trial(prob: np.ndarray, weight: float, ngrams: list[str], table: Any, rnd: Any) -> np.ndarray:
    """One of langdetect's trials: the same draws and the same floats, fewer numpy calls.

    langdetect multiplies `prob` by ``weight + vector`` of one random n-gram
    per step and normalises after steps 0, 5, 10, ... (stopping there once a
    language passes ``CONV_THRESHOLD``): between two normalisations come
    exactly 5 steps, done here as one block (5 draws in langdetect's order,
    then ``np.multiply.reduce`` along the first axis, which multiplies row
    after row, element by element, as langdetect's loop does). A Reuters
    article's trial takes about 56 steps; this saves about a tenth of the
    trials' time (measured: 0.88 -> 0.79 ms per article, CPU).
    ``rnd._randbelow(n)`` is what ``random.choice`` draws (CPython 3.11);
    `tests/unit/test_langdetect_fast.py` checks the floats against langdetect.
    """
    n = len(ngrams)
    if type(rnd)._randbelow is not _RANDBELOW:
        return _trial_by_randbelow(prob, weight, ngrams, table, rnd)
    # random.Random._randbelow_with_getrandbits(n), inlined: its method call
    # per draw was a fifth of the trial's time (about 60 draws a trial).
    getrandbits = rnd.getrandbits
    bits = n.bit_length()

    def pick() -> int:
        r = getrandbits(bits)
        while r >= n:
            r = getrandbits(bits)
        return r

    prob *= weight + _vector(ngrams[pick()], table)
    steps = 0
    while True:
        # langdetect's normalisation: the plain left-to-right sum (numpy's
        # pairwise sum rounds differently), then divide. The largest
        # quotient is the largest value's quotient (a correctly rounded
        # division by a positive number keeps the order), so the maximum is
        # taken in the list already made for the sum, not by numpy.
        values = prob.tolist()
        total = sum(values)
        prob /= total
        if max(values) / total > Detector.CONV_THRESHOLD or steps >= Detector.ITERATION_LIMIT:
            return prob
        rows = [_row(ngrams[pick()], table) for _ in range(5)]
        block = _profiles.take(rows, axis=0)  # after the rows: they may grow it
        block += weight
        block[0] *= prob
        prob = np.multiply.reduce(block, axis=0)
        steps += 5


def _trial_by_randbelow(
    prob: np.ndarray, weight: float, ngrams: list[str], table: Any, rnd: Any
) -> np.ndarray:
    """`_trial` drawing through ``rnd._randbelow`` (a generator whose draw is not CPython's)."""
    pick = rnd._randbelow
    n = len(ngrams)
    prob *= weight + _vector(ngrams[pick(n)], table)
    steps = 0
    while True:
        prob /= sum(prob.tolist())
        if prob.max() > Detector.CONV_THRESHOLD or steps >= Detector.ITERATION_LIMIT:
            return prob
        rows = [_row(ngrams[pick(n)], table) for _ in range(5)]
        block = _profiles.take(rows, axis=0)  # after the rows: they may grow it
        block += weight
        block[0] *= prob
        prob = np.multiply.reduce(block, axis=0)
        steps += 5
