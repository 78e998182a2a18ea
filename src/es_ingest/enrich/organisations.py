"""Step "organisations": organisations and places that only the NER found.

An ORG span counts for `organizations` unless it lies in an alliance's name or
is an all-caps word longer than six characters (headline noise); a LOC span
the earlier steps did not turn into an entity counts for `locations`, unless
it is a common word, all caps, or "État"/"State".
"""

from __future__ import annotations

from es_ingest.enrich.names import is_all_caps
from es_ingest.enrich.spans import NerSpan, SpanIndex
from es_ingest.enrich.state import ArticleState, add_unique, clean_org
from es_ingest.model import Entity
from es_ingest.text import fold


def run(state: ArticleState) -> None:
    """Set `article.organizations`; add ORG and LOC entities and locations."""
    organizations: list[str] = []
    alliance_index = SpanIndex((a, b, None) for a, b in state.alliance_spans)
    entity_index = SpanIndex((en.start, en.end, None) for en in state.entities)
    for span in state.ner:
        if alliance_index.overlapping(span.start, span.end):
            continue
        if span.label == "ORG":
            name = clean_org(span.text)
            if name and not is_all_caps(name) or (name and len(name) <= 6):
                add_unique(organizations, name)
                state.entities.append(Entity(span.text, "ORG", span.start, span.end, None))
                entity_index.add(span.start, span.end)
        elif span.label == "LOC" and _is_location(span, entity_index, state.lowercase_words):
            add_unique(state.locations, clean_org(span.text))
            state.entities.append(Entity(span.text, "LOC", span.start, span.end, None))
            entity_index.add(span.start, span.end)
    state.article.organizations = organizations


def _is_location(span: NerSpan, entities: SpanIndex, lowercase_words: set[str]) -> bool:
    """A NER place not yet an entity, nor a common word, all caps, or "État"."""
    name = clean_org(span.text)
    if entities.overlapping(span.start, span.end) or not name:
        return False
    if len(name.split()) == 1 and fold(name) in lowercase_words:
        return False
    return not (is_all_caps(name) or fold(name) in {"etat", "state"})
