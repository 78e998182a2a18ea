"""Text primitives shared by enrichment and search: accent folding and word tokens."""

from __future__ import annotations

import re
import unicodedata

TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Case-fold and strip accents (``"Géorgie"`` -> ``"georgie"``)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Words glued by lost spaces ("accessiblesItalie"): a run of 3+ lower-case
# letters followed by an upper-case one starts a new token ("UdSSR", "McDonald"
# and "iPhone" stay whole).
_GLUE_RE = re.compile(r"(?<=[^\W\d_]{3})(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ][a-zß-ÿ])")


_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(word: str) -> bool:
    """True if `word` has a Han or kana character."""
    return _CJK_RE.search(word) is not None


def split_cjk(start: int, word: str) -> list[tuple[int, int, str]]:
    """Cut a ``\\w+`` token with Han or kana into one token per such character.

    Chinese and Japanese have no spaces: as character tokens, a name ("美国",
    "北京") is a token sequence that a token trie matches inside a sentence.
    Other runs in the token ("G20", "iPhone") stay whole. Offsets start at `start`.
    """
    out: list[tuple[int, int, str]] = []
    run = 0
    for k, ch in enumerate(word):
        if _CJK_RE.match(ch):
            if run < k:
                out.append((start + run, start + k, word[run:k]))
            out.append((start + k, start + k + 1, ch))
            run = k + 1
    if run < len(word):
        out.append((start + run, start + len(word), word[run:]))
    return out


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of `text` as ``(start, end, surface)``; Han and kana one per character."""
    out = []
    cjk = not text.isascii() and has_cjk(text)
    for m in TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        if cjk and has_cjk(word):
            out.extend(split_cjk(start, word))
        elif len(word) > 5 and _GLUE_RE.search(word):
            pos = 0
            for cut in _GLUE_RE.finditer(word):
                out.append((start + pos, start + cut.start(), word[pos : cut.start()]))
                pos = cut.start()
            out.append((start + pos, start + len(word), word[pos:]))
        else:
            out.append((start, m.end(), word))
    return out
