"""Preloaded by the forkserver of `es_ingest.parallel`: builds process-wide caches once.

Importing this module builds the gazetteer (several seconds) and initialises
langdetect, so that enrichment workers forked from the forkserver start with
them ready (shared copy-on-write) instead of each building its own. spaCy
models are not loaded here: they load lazily per worker, for the languages
the input actually has. Never raises: a failure here only costs start-up time.
"""

from __future__ import annotations

try:
    from es_ingest.detect import detect_language
    from es_ingest.enrich.gazetteer import Gazetteer

    Gazetteer.default()
    detect_language("This short sentence warms up the language detector.")
except Exception:  # pragma: no cover - workers build what is missing lazily
    pass

# Keep the garbage collector from writing to these objects' headers in the
# workers (which would copy the shared pages into each of them).
import gc  # noqa: E402

gc.freeze()
