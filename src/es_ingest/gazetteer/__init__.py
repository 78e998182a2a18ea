"""The multilingual gazetteer of countries, places and alliances.

A neutral layer, used by enrichment (`es_ingest.enrich`) and by search
(`lookup.resolve_term`) alike; it imports neither.

- `trie`: `Gazetteer` (a token trie, matched in linear time), `Entry`, `Match`
  and the entry kinds;
- `build`: the process-wide instance, `default_gazetteer()`, loaded from CLDR,
  pycountry, GeoNames and ``es_ingest/data``;
- `demonyms`: inflected forms of demonyms, per language;
- `lookup`: query-side `resolve_term` and `country_name`.
"""

from __future__ import annotations

from es_ingest.gazetteer.build import default_gazetteer
from es_ingest.gazetteer.trie import (
    ALLIANCE,
    BLOCK,
    COUNTRY,
    DEMONYM,
    PLACE,
    Entry,
    Gazetteer,
    Match,
)

__all__ = [
    "ALLIANCE",
    "BLOCK",
    "COUNTRY",
    "DEMONYM",
    "PLACE",
    "Entry",
    "Gazetteer",
    "Match",
    "default_gazetteer",
]
