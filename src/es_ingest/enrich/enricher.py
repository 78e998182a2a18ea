"""`Enricher`: runs the steps of `pipeline.PIPELINE` over batches of articles.

This module owns the one error policy of enrichment. A bug in a per-article
step (any exception but `es_ingest.errors.ConfigError`) must not stop the
stream: the article gets the note ``enrichment failed: <Type>: <message>``, is
logged with its traceback, keeps what the earlier steps found and skips the
remaining steps. In strict mode (``Enricher(strict=True)``, or the environment
variable ``ES_INGEST_STRICT=1`` when `strict` is not given) the exception
propagates instead, so that tests see bugs. Batch steps (the NER) and
`ConfigError` (a configured model is not installed) always propagate.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from es_ingest.enrich import ner as ner_mod
from es_ingest.enrich import pipeline
from es_ingest.enrich.language import Found
from es_ingest.enrich.pipeline import Step
from es_ingest.enrich.state import ArticleState, Settings
from es_ingest.errors import ConfigError
from es_ingest.gazetteer import default_gazetteer
from es_ingest.model import Article

logger = logging.getLogger(__name__)

#: Environment variable that turns strict mode on ("1", "true", "yes").
STRICT_ENV = "ES_INGEST_STRICT"


def strict_from_env() -> bool:
    """True when `STRICT_ENV` is set to 1/true/yes."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes")


class Enricher:
    """Fill the enrichment fields of `Article`s.

    `models` maps an ISO 639-1 code to a spaCy package name (default
    `ner.DEFAULT_MODELS`); a language without a model still gets language,
    countries and alliances (gazetteer). `batch_size` (default 32) is the
    number of articles buffered and the spaCy batch size. `strict` (default:
    `ES_INGEST_STRICT`) makes a bug in a step raise instead of being noted on
    the article.

    Raises `es_ingest.errors.ConfigError` (on first use of a language) if a
    configured model is not installed. Article content never raises: empty or
    odd text gives empty facets and language "und".
    """

    def __init__(
        self,
        models: Mapping[str, str] | None = None,
        batch_size: int = 32,
        *,
        strict: bool | None = None,
    ) -> None:
        self.models: dict[str, str] = dict(ner_mod.DEFAULT_MODELS if models is None else models)
        self.batch_size = max(1, int(batch_size))
        self.strict = strict_from_env() if strict is None else bool(strict)

    # Models and gazetteer are process-wide caches, so pickling an Enricher
    # only carries its settings.
    def __getstate__(self) -> dict[str, Any]:
        return {"models": self.models, "batch_size": self.batch_size, "strict": self.strict}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.models = dict(state["models"])
        self.batch_size = int(state["batch_size"])
        self.strict = bool(state.get("strict", False))

    def enrich(self, article: Article) -> Article:
        """Enrich one article (in place) and return it."""
        for out in self.pipe([article]):
            return out
        return article  # pragma: no cover

    def pipe(
        self, articles: Iterable[Article], found: Iterable[Found | None] | None = None
    ) -> Iterator[Article]:
        """Enrich `articles` lazily, yielding each one (same order) when done.

        `found` (default none): the language step's findings made ahead
        (`language.detect`), one per article, None where not made.
        """
        pairs = (
            ((a, None) for a in articles) if found is None else zip(articles, found, strict=True)
        )
        batch: list[tuple[Article, Found | None]] = []
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= self.batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[tuple[Article, Found | None]]) -> list[Article]:
        settings = Settings(self.models, self.batch_size, self.strict)
        gazetteer = default_gazetteer()
        states = [ArticleState.of(a, settings, gazetteer, f) for a, f in batch]
        failed: set[int] = set()
        for step in pipeline.PIPELINE:
            todo = [(i, s) for i, s in enumerate(states) if i not in failed and step.applies(s)]
            if step.batch is not None:
                step.batch([s for _, s in todo])
                continue
            failed.update(i for i, state in todo if not self._apply(step, state))
        for state in states:
            state.article.locations = state.locations
            state.article.entities = sorted(state.entities, key=lambda en: (en.start, en.end))
        return [a for a, _ in batch]

    def _apply(self, step: Step, state: ArticleState) -> bool:
        """Run one step on one article under the error policy; False if it failed."""
        if step.run is None:
            return True
        try:
            step.run(state)
        except ConfigError:
            raise
        except Exception as exc:
            if self.strict:
                raise
            logger.exception(
                "enrichment step %r failed for article %s", step.name, state.article.id
            )
            state.article.notes.append(f"enrichment failed: {type(exc).__name__}: {exc}")
            return False
        return True
