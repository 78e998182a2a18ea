"""Step "places": gazetteer matches over the whole text, each segment in its language.

The text beyond the NER limit (no segments there) is scanned in the article's
main language. The matches are candidates: the countries step decides which
count.
"""

from __future__ import annotations

from es_ingest.detect import UNDETERMINED
from es_ingest.enrich.ner import Segment
from es_ingest.enrich.state import ArticleState


def run(state: ArticleState) -> None:
    """Fill `state.matches` with the gazetteer's leftmost-longest matches."""
    text, gazetteer = state.text, state.gazetteer
    spans = state.segments or [Segment(0, len(text), state.language)]
    covered_to = 0
    for seg in spans:
        seg_lang = seg.lang if seg.lang != UNDETERMINED else None
        state.matches.extend(gazetteer.scan(text[seg.start : seg.end], seg_lang, seg.start))
        covered_to = max(covered_to, seg.end)
    if covered_to < len(text):  # beyond the NER limit
        state.matches.extend(gazetteer.scan(text[covered_to:], state.lang, covered_to))
