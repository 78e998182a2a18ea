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


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of `text` as ``(start, end, surface)``."""
    out = []
    for m in TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        if len(word) > 5 and _GLUE_RE.search(word):
            pos = 0
            for cut in _GLUE_RE.finditer(word):
                out.append((start + pos, start + cut.start(), word[pos : cut.start()]))
                pos = cut.start()
            out.append((start + pos, start + len(word), word[pos:]))
        else:
            out.append((start, m.end(), word))
    return out
