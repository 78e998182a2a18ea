"""Arabic place names that agree as adjectives with the noun before them are not places."""

from __future__ import annotations

import pytest

from es_ingest.enrich import Enricher
from es_ingest.model import Article


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def countries(enricher: Enricher, text: str) -> list[str]:
    return enricher.enrich(Article(text=text, id="t", language="ar")).countries


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "force majeure" and "a compelling need": القاهرة is an adjective here.
        ("ألغيت المباراة بسبب القوة القاهرة التي منعت الفريق من السفر.", []),
        ("شعر اللاعب بالحاجة القاهرة إلى الراحة بعد الموسم الطويل.", []),
        # Cairo: after a preposition, in construct, in apposition to "the capital".
        ("وصل الوفد إلى القاهرة صباح الأحد لحضور المؤتمر.", ["EG"]),
        ("افتتح المعرض في العاصمة القاهرة أمس.", ["EG"]),
        # Demonyms are adjectives by nature and still name their country.
        ("أعلنت الحكومة البريطانية خطة جديدة للنقل.", ["GB"]),
    ],
)
def test_agreeing_adjective_is_not_a_place(
    enricher: Enricher, text: str, expected: list[str]
) -> None:
    assert countries(enricher, text) == expected
