"""The `Article` that flows through every stage, and its `Entity` mentions.

Stages take an `Article` and return it (possibly the same object, filled in),
as spaCy components take and return a `Doc`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Entity:
    """One mention found in the text.

    `label` is PER, LOC (a place, including countries), ORG, ALLIANCE or
    COUNTRY; `canonical` the normalised value it contributes to a facet
    (a person's fullest name, an ISO country code, an alliance's canonical
    name) or None; `start`/`end` are character offsets into `Article.text`.
    """

    text: str
    label: str
    start: int
    end: int
    canonical: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    """A news article, as read and then as enriched.

    Input fields: `id`, `title`, `text`, `url`, `published_at`, `source` and an
    optional declared `language`. Enrichment fills `language`,
    `language_confidence`, `languages`, the facets (`countries`, `persons`,
    `alliances`), `organizations`, `locations` and `entities`.

    `origin` and `line` say where the article was read (file path or "-", and
    the 1-based JSON Lines line, None for whole files); they are not indexed.
    `extra` keeps input fields outside the schema (not indexed, see README).
    `notes` collects warnings about this article (e.g. truncation).
    """

    text: str
    id: str | None = None
    title: str = ""
    url: str | None = None
    published_at: str | None = None
    source: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    languages: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    alliances: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    declared_language: str | None = None
    origin: str = ""
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    # Fields written to Elasticsearch (and to --dry-run output).
    INDEXED_FIELDS = (
        "title",
        "text",
        "url",
        "published_at",
        "source",
        "language",
        "language_confidence",
        "languages",
        "countries",
        "persons",
        "alliances",
        "organizations",
        "locations",
    )

    def to_source(self) -> dict[str, Any]:
        """The indexed fields of the article (no `id`, no origin, no derived fields)."""
        doc: dict[str, Any] = {}
        for name in self.INDEXED_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            doc[name] = value
        doc["entities"] = [e.to_dict() for e in self.entities]
        # The search-only fields derived from these are added by
        # `documents.source`, when the article becomes a bulk action.
        return doc

    def to_input_dict(self) -> dict[str, Any]:
        """The article as an input record (for rejects and pending files)."""
        out: dict[str, Any] = {"id": self.id, "title": self.title, "text": self.text}
        for name in ("url", "published_at", "source"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.declared_language:
            out["language"] = self.declared_language
        out.update(self.extra)
        return out

    def to_json_dict(self) -> dict[str, Any]:
        """The dry-run record: `id` first, then the indexed fields."""
        out: dict[str, Any] = {"id": self.id}
        out.update(self.to_source())
        if self.notes:
            out["notes"] = list(self.notes)
        return out
