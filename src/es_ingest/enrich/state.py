"""The per-article state that the enrichment steps read and write.

One `ArticleState` per article flows through the steps of
`es_ingest.enrich.pipeline.PIPELINE`, in order. Each step reads what earlier
steps left (the inputs, `language`, `segments`, `ner`, `matches`,
`resolution`…) and adds its own part: candidate lists (`ner`, `matches`) are
appended to; facets are written on `article`; `entities` and `locations`
collect what the article will carry and are written on it by the orchestrator
after the last step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from es_ingest.detect import UNDETERMINED
from es_ingest.gazetteer import Gazetteer, Match
from es_ingest.model import Article, Entity
from es_ingest.text import fold

if TYPE_CHECKING:
    from es_ingest.enrich.countries import Resolution
    from es_ingest.enrich.language import Found
    from es_ingest.enrich.ner import Segment
    from es_ingest.enrich.spans import NerSpan


@dataclass(frozen=True)
class Settings:
    """What an `Enricher` was built with, shared by the states of its articles."""

    #: ISO 639-1 code -> spaCy package of the languages with a NER model.
    models: dict[str, str]
    #: Articles per batch (and spaCy's batch size).
    batch_size: int = 32
    #: Raise on a bug in a step instead of noting it on the article.
    strict: bool = False


@dataclass
class ArticleState:
    """Working state of one article while its steps run."""

    article: Article
    settings: Settings
    gazetteer: Gazetteer
    #: The article's text and title ("" when absent or not a string).
    text: str = ""
    title: str = ""
    #: The language step's findings when they were made ahead (`language.detect`).
    found_language: Found | None = None
    #: Main language (ISO 639-1 or "und"), set by the language step.
    language: str = UNDETERMINED
    #: Pieces of text for the NER, each with its own language (language step).
    segments: list[Segment] = field(default_factory=list)
    #: NER spans in global offsets: the spaCy model's, then rule-based ones.
    ner: list[NerSpan] = field(default_factory=list)
    #: Gazetteer matches of the text (places step).
    matches: list[Match] = field(default_factory=list)
    #: Countries and alliances of the text (countries step).
    resolution: Resolution | None = None
    #: Entities found so far, and the `locations` facet (in order of discovery).
    entities: list[Entity] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    #: Spans of the alliance entities (organisations inside them do not count).
    alliance_spans: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        article: Article,
        settings: Settings,
        gazetteer: Gazetteer,
        found_language: Found | None = None,
    ) -> ArticleState:
        text, title = inputs(article)
        return cls(
            article, settings, gazetteer, text=text, title=title, found_language=found_language
        )

    @property
    def lang(self) -> str | None:
        """The main language, None when undetermined."""
        return self.language if self.language != UNDETERMINED else None

    @property
    def has_model(self) -> bool:
        """True when the main language has a spaCy NER model."""
        return self.language in self.settings.models

    @cached_property
    def lowercase_words(self) -> set[str]:
        """Folded words that the text writes in lower case (common words)."""
        return {fold(w) for w in re.findall(r"\b[^\W\d_]{1,63}\b", self.text) if w.islower()}


def inputs(article: Article) -> tuple[str, str]:
    """The article's text and title, "" for either when absent or not a string."""
    text = article.text if isinstance(article.text, str) else ""
    title = article.title if isinstance(article.title, str) else ""
    return text, title


def add_unique(items: list[str], value: str) -> None:
    """Append `value` unless an item equal to it after folding is there."""
    key = fold(value)
    if all(fold(v) != key for v in items):
        items.append(value)


def clean_org(text: str) -> str:
    """A NER span's text without a leading article and edge punctuation."""
    name = " ".join(text.split())
    name = re.sub(r"^(?:[lLdD]['’]|(?:la|le|les|the|The|La|Le|Les)\s+)", "", name)
    return name.strip(" \"«»“”'’.,;:()<>")
