"""Traditional -> Simplified Chinese for name look-ups (OpenCC's t2s, bundled data).

The Chinese name-part lexicon is keyed in Simplified characters ("唐纳德"),
so a Traditional transcription ("唐納德") is looked up, and named, in its
Simplified form. `simplified(text)` returns `text` itself when OpenCC is
missing or the conversion would change its length (offsets must still hold).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _t2s() -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return None
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` in Simplified characters, character for character (else unchanged)."""
    converter = _t2s()
    if converter is None:
        return text
    out = str(converter.convert(text))
    return out if len(out) == len(text) else text
