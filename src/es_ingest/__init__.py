"""es-ingest: enrich news articles and index them into Elasticsearch."""

from typing import Any

# Search API (see es_ingest/search.py), imported on first use:
# `es_ingest.search_articles(client, "NATO", countries=["GE"])` -> SearchResult.
_SEARCH_EXPORTS = ("search_articles", "SearchResult", "Hit", "FacetCount", "SearchError")


def __getattr__(name: str) -> Any:
    if name in _SEARCH_EXPORTS:
        from . import search as _search

        return getattr(_search, "search" if name == "search_articles" else name)
    raise AttributeError(f"module 'es_ingest' has no attribute {name!r}")
