"""Preloaded by the forkserver of `es_ingest.parallel`: builds process-wide caches once.

Importing this module runs `es_ingest.enrich.warm()` (gazetteer, first names,
langdetect) and imports spaCy, so that enrichment workers forked from the
forkserver start with them ready, shared copy-on-write, instead of each
building its own. Per-language resources (spaCy models, lexicons: see
`es_ingest.enrich.loaders`) load lazily in each worker, for the languages
its articles have, except those of the languages in ``$ES_INGEST_PRELOAD``
(which the CLI sets to the languages its input starts with), loaded here
once for all workers. Never raises: a failure here only costs
start-up time.
"""

from __future__ import annotations

import gc

# Everything built here lives as long as the process: the collector would only
# walk these objects again and again while they are created (1.14 s with it,
# 0.75 s without, for this module).
gc.disable()
try:
    from es_ingest.enrich import warm

    warm()
    # Every worker needs spaCy: importing it here (about 0.5 s) does it once
    # for all of them, and its modules are shared pages.
    import spacy  # noqa: F401

    from es_ingest.enrich import loaders

    loaders.preload_from_env()
except Exception:  # pragma: no cover - workers build what is missing lazily
    pass
finally:
    # Keep the collector from writing to these objects' headers in the
    # workers (which would copy the shared pages into each of them).
    gc.freeze()
    gc.enable()
