"""Chinese sea, ocean and archipelago names containing a country name do not count."""

from __future__ import annotations

import pytest

from es_ingest.enrich import Enricher
from es_ingest.model import Article


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("印度洋上有許多美麗的島嶼，遊客很多。", []),
        ("加勒比海的西印度群岛有很多旅游者。", []),
        ("日本海的天氣今天很冷，漁民都回家了。", []),
        # Navy and the country itself still count.
        ("日本海軍的艦艇昨天抵達了港口。", ["JP"]),
        ("印度的首都是新德里，人口很多。", ["IN"]),
    ],
)
def test_feature_names_are_not_countries(
    enricher: Enricher, text: str, expected: list[str]
) -> None:
    assert enricher.enrich(Article(text=text, id="t", language="zh")).countries == expected
