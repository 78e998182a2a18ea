"""The seed article gives exactly the facets of the issue (needs ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from es_ingest.enrich import Enricher
from es_ingest.model import Article

SEED = Path(__file__).resolve().parents[3] / "shared/seed/article-fr-us-georgia.txt"


@pytest.mark.skipif(not SEED.exists(), reason=f"shared seed article not found at {SEED}")
def test_seed_facets() -> None:
    article = Enricher().enrich(Article(text=SEED.read_text(encoding="utf-8"), id="seed"))
    assert article.language == "fr"
    assert article.countries == ["GE", "PL", "RU", "UA", "US"]
    # Facet values are the cross-language spellings; the mentions keep the article's.
    assert article.persons == [
        "John Kerry",
        "Guiorgui Kvirikashvili",
        "Guiorgui Margvelashvili",
        "Petro Poroshenko",
    ]
    written = {e.text for e in article.entities if e.label == "PER"}
    assert {"Guiorgui Kvirikachvili", "Petro Porochenko"} <= written
    assert article.alliances == ["NATO"]
