"""From an enriched `Article` to its bulk action: id, `_source`, derived fields.

The first link of the bulk chain (see `index.py`), in the manner of
elasticsearch-py's `expand_action`: `bulk_action(article, index)` returns the
two encoded NDJSON lines of one document, ready to be grouped into requests.

Document ids (`doc_id`): the input `id`; else a hash of `url`; else a hash of
the normalised title and text, so re-ingesting the same article never
duplicates. The id is computed once, when the article is read (`ingest.py`
needs it for `--shard` and duplicate counts); `bulk_action` only uses it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .model import Article
from .search_fields import derived_fields


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def doc_id(article: Article) -> str:
    """The `_id` for `article` (see module docstring)."""
    if article.id:
        return article.id
    if article.url:
        return "url-" + hashlib.sha256(article.url.strip().encode()).hexdigest()[:32]
    digest = hashlib.sha256((_norm(article.title) + "\n" + _norm(article.text)).encode())
    return "sha-" + digest.hexdigest()[:32]


def source(article: Article) -> dict[str, Any]:
    """The `_source` sent to Elasticsearch: the indexed fields and the search-only ones."""
    doc = article.to_source()
    doc.update(derived_fields(article.language, article.title, article.text, article.countries))
    return doc


@dataclass(frozen=True)
class BulkAction:
    """One document of a bulk request: its article and its two encoded NDJSON lines."""

    article: Article
    action: bytes
    source: bytes

    @property
    def size(self) -> int:
        """Bytes in the request body (both lines and their newlines)."""
        return len(self.action) + len(self.source) + 2


def bulk_action(article: Article, index: str) -> BulkAction:
    """The `index` action of `article` into `index` (an alias: see `index.py`).

    Raises ValueError if the article has no id yet (ids are given when read).
    """
    if not article.id:
        raise ValueError("an article needs its id (documents.doc_id) before it is indexed")
    action = json.dumps({"index": {"_index": index, "_id": article.id}}).encode()
    body = json.dumps(source(article), ensure_ascii=False).encode()
    return BulkAction(article, action, body)
