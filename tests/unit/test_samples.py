"""The bundled demo articles: well formed, unique, and varied enough for the facets."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "es_ingest" / "samples"
REQUIRED = ("id", "title", "text", "url", "published_at", "source")


def _articles() -> list[dict]:
    rows = []
    with (SAMPLES / "articles.jsonl").open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            assert line.strip(), f"articles.jsonl line {number} is blank"
            row = json.loads(line)
            assert isinstance(row, dict), f"articles.jsonl line {number} is not an object"
            rows.append(row)
    return rows


ARTICLES = _articles()
TEXT_FILES = sorted(SAMPLES.glob("*.txt"))


def test_samples_dir_holds_only_ingestible_files() -> None:
    # `es-ingest ingest /app/samples` reads the whole folder: nothing else may live there.
    names = {p.name for p in SAMPLES.iterdir() if not p.name.startswith(".")}
    assert names, "no samples"
    assert all(n.endswith((".jsonl", ".txt")) for n in names), names


def test_about_eight_articles() -> None:
    assert 8 <= len(ARTICLES) <= 12
    assert TEXT_FILES, "expected at least one plain .txt sample"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: str(a.get("id")))
def test_required_fields(article: dict) -> None:
    for field in REQUIRED:
        assert isinstance(article.get(field), str) and article[field].strip(), field
    url = urlparse(article["url"])
    assert url.scheme == "https" and url.hostname == "example.org"
    published = datetime.fromisoformat(article["published_at"].replace("Z", "+00:00"))
    assert published.tzinfo is not None
    words = len(article["text"].split())
    assert 100 <= words <= 250, f"{article['id']}: {words} words"


def test_unique_ids_and_urls() -> None:
    ids = [a["id"] for a in ARTICLES]
    urls = [a["url"] for a in ARTICLES]
    assert len(set(ids)) == len(ids)
    assert len(set(urls)) == len(urls)


def test_plain_text_samples_have_a_body() -> None:
    for path in TEXT_FILES:
        text = path.read_text(encoding="utf-8")
        assert 100 <= len(text.split()) <= 250, path.name


def _all_texts() -> list[str]:
    texts = [f"{a['title']}\n{a['text']}" for a in ARTICLES]
    texts += [p.read_text(encoding="utf-8") for p in TEXT_FILES]
    return texts


def test_languages_are_varied() -> None:
    # Cheap stop-word check; the real detection is the product's job.
    markers = {
        "fr": re.compile(r"\b(les|des|une|avec)\b"),
        "en": re.compile(r"\b(the|and|with|which)\b"),
        "de": re.compile(r"\b(die|der|und|nicht)\b"),
        "es": re.compile(r"\b(los|las|del|para)\b"),
    }
    seen = {
        lang for text in _all_texts() for lang, rx in markers.items() if len(rx.findall(text)) >= 5
    }
    assert {"fr", "en"} <= seen, seen


def test_a_french_article_says_otan_and_never_nato() -> None:
    # Cross-language search demo: a query for "NATO" must find a text that only says "OTAN".
    only_otan = [t for t in _all_texts() if "OTAN" in t and "NATO" not in t]
    assert only_otan


def test_georgia_country_and_us_state_are_both_present() -> None:
    texts = _all_texts()
    assert any("Georgia" in t and "Tbilisi" in t and "Atlanta" not in t for t in texts)
    assert any("Georgia" in t and "Atlanta" in t and "Tbilisi" not in t for t in texts)


@pytest.mark.parametrize(
    "needle",
    [
        "OTAN",
        "NATO",
        "UE",
        "European Union",
        "ONU",
        "United Nations",
        "OSCE",
        "G7",
        "African Union",
        "Washington",
        "Moscou",
        "russe",
        "Mme ",
        "M. ",
        "Mr ",
        "Ms ",
    ],
)
def test_facet_variety(needle: str) -> None:
    assert any(needle in t for t in _all_texts()), needle
