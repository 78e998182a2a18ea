"""Per-language resources in one place: loaded on first need, or before workers fork.

Every resource that only some languages need (a spaCy model, a morphology
dictionary, a name lexicon, a word segmenter) is loaded by a function cached
per process (``lru_cache``, `ner.load_model`), called by the step that uses
it, so a process only ever loads what its articles' languages need. Each such
loader is also registered here under its language::

    loaders.register("ru", morphology.analyzer)   # at import of its module

so that a parent process can build them *before* its enrichment workers fork
(`preload`), and the workers then share them copy-on-write instead of each
building its own. The forkserver of `es_ingest.parallel` preloads the
languages listed in ``$ES_INGEST_PRELOAD`` (see `preload_from_env`). The CLI
sets it, when the user has not, to the languages its input starts with
(`es_ingest.language_hint`): a model loaded for a language the input does not
have would cost its load time and memory for nothing (`fr_core_news_md`:
about 0.8 CPU s with its tokenizer's patterns from the cache, and 250 MiB).
Today only the NER models are registered; the other per-language tables
load on first need in each worker.

The NER models of `ner.DEFAULT_MODELS` are registered by `ner` itself.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable

from es_ingest.config import PRELOAD_ENV

logger = logging.getLogger(__name__)


_registry: dict[str, list[Callable[[], object]]] = {}


def register(language: str, loader: Callable[[], object]) -> None:
    """Declare `loader` (cached per process, no arguments) as a resource of `language`."""
    loaders = _registry.setdefault(language, [])
    if loader not in loaders:
        loaders.append(loader)


def languages() -> list[str]:
    """The languages that have registered resources."""
    return sorted(_registry)


def preload(langs: Iterable[str]) -> list[str]:
    """Run the loaders of `langs` now; the languages loaded. Never raises.

    A loader that fails is logged and skipped: the step that needs it loads
    it (and reports its error) itself.
    """
    done = []
    for lang in langs:
        for loader in _registry.get(lang, []):
            try:
                loader()
            except Exception:
                logger.warning("preloading a resource of %r failed", lang, exc_info=True)
        if lang in _registry:
            done.append(lang)
    return done


def preload_from_env() -> list[str]:
    """`preload` the languages of ``$ES_INGEST_PRELOAD`` ("all" = every registered one)."""
    value = os.environ.get(PRELOAD_ENV, "").strip().lower()
    if not value:
        return []
    wanted = languages() if value == "all" else [x.strip() for x in value.split(",") if x.strip()]
    return preload(wanted)
