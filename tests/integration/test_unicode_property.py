"""Property (issue 10): arbitrary Unicode through read -> enrich -> index / rejects / pending.

Hypothesis writes JSON Lines whose strings hold anything: lone surrogates
(as JSON escapes, as real feeds carry them), noncharacters, control
characters, every script; some lines are not JSON or not objects, some
fields have the wrong type. Each example is ingested into a real node with
the real enrichment; every non-blank line must end in exactly one of
indexed (counted in the index) or rejected (a valid UTF-8 line of the
rejects file naming that line), no exception may escape, and the pending
writer must write (and the reader replay) every indexed article as well.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from es_ingest import schema
from es_ingest.ingest import run
from es_ingest.model import Article
from es_ingest.readers import read_jsonl
from es_ingest.records import JsonlSink, pending_record

pytestmark = pytest.mark.integration

# Every code point, surrogates and unassigned/noncharacters included.
ANY_CHAR = st.characters(exclude_categories=())
SCRIPTS = st.sampled_from(
    ["Paris", "Москва", "東京", "القاهرة", "תל אביב", "Αθήνα", "ગુજરાત", "🇫🇷😀", "\ud83d", "\ufffe"]
)
TEXT = st.lists(st.one_of(st.text(ANY_CHAR, max_size=30), SCRIPTS), max_size=6).map("".join)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)
LANGUAGE = st.one_of(st.sampled_from(["fr", "EN", "de-DE", "pt_BR", "klingon", "xx", " "]), TEXT)
RECORD = st.fixed_dictionaries(
    {"text": st.one_of(TEXT, TEXT.map(lambda t: t + " Berlin et Paris."), SCALAR)},
    optional={
        "id": st.one_of(TEXT, st.integers(), SCALAR),
        "title": st.one_of(TEXT, SCALAR),
        "url": TEXT,
        "source": TEXT,
        "language": LANGUAGE,
        "published_at": st.one_of(st.sampled_from(["2024-05-01", "yesterday"]), TEXT),
        "extra \ud800": st.one_of(TEXT, st.lists(TEXT, max_size=2)),
    },
)
LINE = st.one_of(
    RECORD.map(lambda r: json.dumps(r).encode()),  # ensure_ascii: surrogates as \\uXXXX
    RECORD.map(lambda r: _utf8_or_escaped(r)),  # raw UTF-8 where it can be encoded
    st.lists(SCALAR, max_size=3).map(lambda v: json.dumps(v).encode()),  # not an object
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")),  # anything at all
)


def _utf8_or_escaped(record: dict[str, Any]) -> bytes:
    try:
        return json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record).encode()


@pytest.fixture(scope="module")
def enrich():  # noqa: ANN201
    from es_ingest.parallel import make_enrich

    return make_enrich(1)


@pytest.fixture(scope="module")
def target(es, settings, tmp_path_factory):  # noqa: ANN001, ANN201
    alias = f"test-unicode-{uuid.uuid4().hex[:8]}"
    schema.install(es, alias)
    yield alias, tmp_path_factory.mktemp("unicode")
    names = list(es.options(ignore_status=404).indices.get(index=f"{alias}-v*").body)
    if names:
        es.indices.delete(index=",".join(names))
    es.options(ignore_status=404).indices.delete_index_template(name=alias)


@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(LINE, min_size=1, max_size=6))
def test_every_line_ends_indexed_or_rejected(es, settings, enrich, target, lines) -> None:  # noqa: ANN001
    alias, root = target
    work = Path(root) / uuid.uuid4().hex
    work.mkdir()
    data = b"".join(line + b"\n" for line in lines)
    expected = {n for n, line in enumerate(data.split(b"\n")[:-1], start=1) if line.strip()}
    run_settings = settings.with_(
        alias=alias,
        rejects_path=str(work / "rejects.jsonl"),
        pending_path=str(work / "pending.jsonl"),
        workers=1,
    )
    done: list[Article] = []

    def recording(articles: Iterable[Article]) -> Iterator[Article]:
        for article in enrich(articles):
            done.append(article)
            yield article

    summary = run(
        read_jsonl(io.BytesIO(data), "in.jsonl"), run_settings, client=es, enrich=recording
    )

    rejects_file = work / "rejects.jsonl"
    rejects = (
        [json.loads(ln) for ln in rejects_file.read_bytes().decode("utf-8").split("\n") if ln]
        if rejects_file.exists()
        else []
    )
    assert {r["stage"] for r in rejects} <= {"read", "index"}
    rejected = [r["line"] for r in rejects]
    # An article refused by Elasticsearch was enriched but is a reject, not indexed.
    refused = {r["line"] for r in rejects if r["stage"] == "index"}
    indexed = [a.line for a in done if a.line not in refused]
    assert summary.pending == 0 and not (work / "pending.jsonl").exists()
    assert summary.rejected == len(rejects) and summary.indexed == len(indexed)
    # exactly one fate per line: none lost, none twice
    assert sorted(rejected + indexed) == sorted(expected), (rejects, indexed)
    assert all(r["source"] == "in.jsonl" and r["reason"] for r in rejects)
    ids = {a.id for a in done if a.line not in refused}
    assert es.count(index=alias)["count"] == len(ids)
    if ids:  # the next example starts from an empty index
        es.bulk(operations=[{"delete": {"_index": alias, "_id": i}} for i in ids], refresh=True)
    for article in done:  # what was indexed is valid text
        article.text.encode("utf-8")
        (article.title + (article.id or "")).encode("utf-8")

    # The pending writer takes every indexed article, and its file replays.
    pending = JsonlSink(str(work / "as-pending.jsonl"))
    for article in done:
        pending.write(pending_record(article, "property test \ud83d"))
    pending.close()
    if done:
        replay = list(read_jsonl(io.BytesIO((work / "as-pending.jsonl").read_bytes()), "p"))
        assert [type(i).__name__ for i in replay] == ["Article"] * len(done)
        assert [i.text for i in replay] == [a.text for a in done]
