"""The bulk chain without a node: actions, chunks, backoff with jitter."""

from __future__ import annotations

import json
import random

import pytest

from es_ingest.documents import bulk_action, doc_id, source
from es_ingest.index import actions, backoff, chunks
from es_ingest.model import Article


def _article(i: int, text: str = "") -> Article:
    return Article(id=f"a{i}", title=f"T{i}", text=text or f"text {i}", language="fr")


def test_bulk_action_uses_the_id_given_when_read_and_adds_derived_fields() -> None:
    article = Article(title="Paris", text="Un texte.", url="https://example.org/1", language="fr")
    article.countries = ["FR"]
    article.id = doc_id(article)
    action = bulk_action(article, "articles")
    assert json.loads(action.action) == {"index": {"_index": "articles", "_id": article.id}}
    body = json.loads(action.source)
    assert body["text_lang"] == {"fr": "Un texte."} and body["title_lang"] == {"fr": "Paris"}
    assert len(body["country_points"]) == 1 and {"lat", "lon"} <= set(body["country_points"][0])
    assert body == source(article)
    assert action.size == len(action.action) + len(action.source) + 2


def test_bulk_action_refuses_an_article_without_id() -> None:
    with pytest.raises(ValueError, match="id"):
        bulk_action(Article(text="x"), "articles")


def test_the_dry_run_record_has_no_search_only_fields() -> None:
    article = _article(1)
    article.countries = ["FR"]
    record = article.to_json_dict()
    assert record["id"] == "a1" and record["countries"] == ["FR"]
    assert not {"title_lang", "text_lang", "country_points"} & set(record)


def test_chunks_respect_docs_and_bytes_and_mark_the_last() -> None:
    items = list(actions([_article(i) for i in range(7)], "articles"))
    by_docs = list(chunks(items, 3, 10**6))
    assert [len(c) for c, _ in by_docs] == [3, 3, 1]
    assert [last for _, last in by_docs] == [False, False, True]
    one = items[0].size
    by_bytes = list(chunks(items, 100, 2 * one + 1))
    assert all(sum(a.size for a in c) <= 2 * one + 1 for c, _ in by_bytes)
    assert [a.article.id for c, _ in by_bytes for a in c] == [f"a{i}" for i in range(7)]
    assert list(chunks([], 3, 10**6)) == []


def test_backoff_doubles_up_to_the_cap_within_its_upper_half() -> None:
    rng = random.Random(1)
    for attempt, full in enumerate([0.5, 1, 2, 4, 8, 16, 30, 30]):
        waits = [backoff(attempt, first=0.5, cap=30, rng=rng) for _ in range(50)]
        assert all(full / 2 <= w <= full for w in waits), (attempt, waits)
        assert len(set(waits)) > 1  # jittered


def test_two_senders_that_failed_together_do_not_retry_together() -> None:
    a, b = random.Random(1), random.Random(2)
    first = [backoff(n, first=0.5, cap=30, rng=a) for n in range(6)]
    second = [backoff(n, first=0.5, cap=30, rng=b) for n in range(6)]
    assert all(abs(x - y) > 1e-6 for x, y in zip(first, second, strict=True))


def test_requests_start_small_and_double_up_to_the_limit() -> None:
    from es_ingest.index import Batcher

    batcher = Batcher(20, 10**6, first_docs=2)
    sizes = []
    for action in actions([_article(i) for i in range(60)], "articles"):
        full = batcher.add(action)
        if full is not None:
            sizes.append(len(full))
    assert sizes == [2, 4, 8, 16, 20]  # then 10 left in the batch being built
    assert len(batcher.chunk) == 10


def test_a_request_filling_for_too_long_leaves_with_the_next_action() -> None:
    from es_ingest.index import Batcher

    now = [0.0]
    batcher = Batcher(100, 10**6, max_seconds=1.0, clock=lambda: now[0])
    items = list(actions([_article(i) for i in range(5)], "articles"))
    assert batcher.add(items[0]) is None
    now[0] = 0.5
    assert batcher.add(items[1]) is None
    now[0] = 1.2  # the request started at 0.0
    full = batcher.add(items[2])
    assert full is not None and [a.article.id for a in full] == ["a0", "a1"]
    now[0] = 2.0  # the new one started at 1.2
    assert batcher.add(items[3]) is None
    assert [a.article.id for a in batcher.chunk] == ["a2", "a3"]
