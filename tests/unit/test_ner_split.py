"""Long segments are cut for the NER without losing or moving a character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from es_ingest.enrich.ner import prepare_for_ner, split_long


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab .\n"), max_size=400),
    limit=st.integers(min_value=1, max_value=60),
    data=st.data(),
)
def test_pieces_tile_the_span_and_respect_the_limit(text: str, limit: int, data) -> None:  # noqa: ANN001
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    pieces = split_long(text, start, end, limit)
    pos = start
    for s, e in pieces:
        assert s == pos and s < e <= end and e - s <= limit
        pos = e
    assert pos == end


def test_cuts_prefer_paragraphs_then_sentences() -> None:
    para = "Alpha beta gamma. Delta epsilon zeta.\n\n"
    text = para * 10
    pieces = split_long(text, 0, len(text), limit=100)
    assert all(text[s:e].endswith("\n\n") for s, e in pieces[:-1])
    one_paragraph = "Alpha beta gamma delta. " * 10
    pieces = split_long(one_paragraph, 0, len(one_paragraph), limit=100)
    assert all(one_paragraph[s:e].endswith(". ") for s, e in pieces[:-1])


def test_prepare_for_ner_keeps_offsets() -> None:
    text = "Jean\nDupont a vu\n\n" + "y" * 250 + " Paris."
    shown = prepare_for_ner(text)
    assert len(shown) == len(text)
    assert shown.startswith("Jean Dupont a vu\n\n")  # a wrapped name is joined again
    assert shown.endswith(" Paris.") and "y" * 201 not in shown
