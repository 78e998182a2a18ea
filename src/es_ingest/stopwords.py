"""Stop words: spaCy's per-language lists, read without importing spaCy's languages.

Used by language screening (`es_ingest.detect`), the gazetteer build (exonyms
that are stop words are left out) and the person rules (stop words end a name).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from es_ingest.text import fold

#: Languages whose stop words make up `stop_words()`.
MAIN_LANGUAGES = ("de", "fr", "en", "es", "it", "pt", "nl")
#: A stop-word screen reads the first this many characters of a text...
SCREEN_CHARS = 2000
#: ...and says nothing of fewer words than this.
SCREEN_MIN_WORDS = 10

_WORD_RE = re.compile(r"[^\W\d_]+")


def screen_words(text: str) -> list[str]:
    """The lower-case words a stop-word screen counts in `text` ([] if too few to tell)."""
    words = _WORD_RE.findall(text[:SCREEN_CHARS].lower())
    return words if len(words) >= SCREEN_MIN_WORDS else []


@cache
def spacy_stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words of `lang` (empty when spaCy has none), cached.

    The ``spacy/lang/<lang>/stop_words.py`` file is loaded on its own:
    importing the package ``spacy.lang.<lang>`` compiles that language's
    tokenizer exceptions (about 2 s for French).
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("spacy")
    for root in list(spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "lang" / lang / "stop_words.py"
        file_spec = importlib.util.spec_from_file_location(f"_es_stop_{lang}", path)
        if path.exists() and file_spec is not None and file_spec.loader is not None:
            module = importlib.util.module_from_spec(file_spec)
            file_spec.loader.exec_module(module)
            return frozenset(getattr(module, "STOP_WORDS", ()))
    return frozenset()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Folded stop words of `MAIN_LANGUAGES` together."""
    words: set[str] = set()
    for lang in MAIN_LANGUAGES:
        words.update(fold(w) for w in spacy_stop_words(lang))
    return frozenset(words)
