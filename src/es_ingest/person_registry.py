"""The person registry: corpus consolidation over an index, or over dry-run files.

`consolidate_index(client, alias)` is `es-ingest persons consolidate`:

1. one scan of the articles behind `alias` gathers each person value's
   evidence from the PER entities (`person_consolidation.gather`: how the
   value is written, in which languages, in how many articles);
2. `person_consolidation.merges` computes the mapping (a pure function of
   that evidence, so any order, shard or worker count gives the same one);
3. the mapping is stored in the registry index `<alias>-person-registry`
   (one document per value that moves: `value`, `consolidated`, `key`);
   entries that no longer hold are deleted;
4. a second scan re-labels the documents whose `persons` differ from the
   mapping of their PER entities' values (partial updates guarded by
   `if_seq_no`, so a document re-ingested meanwhile is left to the next run).

The PER entities keep their `canonical` (the value of the name alone), so a
run always starts again from what the articles say, and a second run changes
nothing. `load_mapping()` reads the registry for ingest (new documents take
the consolidated values) and search (`--person` under any spelling).
`consolidate_file()` does the same on `es-ingest ingest --dry-run` output.
Design: docs/enrichment.md, "Corpus consolidation".
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exc

from .connection import describe
from .errors import ElasticsearchUnavailable
from .model import Article
from .person_consolidation import Merge, apply, gather, merges, relabelled

log = logging.getLogger(__name__)

#: The registry index of an alias is `<alias>` + this suffix.
REGISTRY_SUFFIX = "-person-registry"
REGISTRY_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "value": {"type": "keyword"},
        "consolidated": {"type": "keyword"},
        "key": {"type": "keyword"},
    },
}
_SOURCE = ["persons", "language", "entities.label", "entities.text", "entities.canonical"]
_WITH_PERSONS = {"exists": {"field": "persons"}}


def registry_index(alias: str) -> str:
    """The registry index of `alias` ("articles" -> "articles-person-registry")."""
    return alias + REGISTRY_SUFFIX


@dataclass
class ConsolidationReport:
    """What one consolidation did (or, for a dry run, would do)."""

    values: int = 0
    documents: int = 0
    merges: list[Merge] = field(default_factory=list)
    relabelled: int = 0
    conflicts: int = 0  # changed meanwhile: left to the next run
    failed: list[str] = field(default_factory=list)
    registry_written: int = 0
    registry_removed: int = 0
    bad_lines: list[str] = field(default_factory=list)  # file mode: "file:line: reason"
    dry_run: bool = False

    @property
    def mapping(self) -> dict[str, str]:
        return {old: m.value for m in self.merges for old in m.merged}

    @property
    def merged_values(self) -> int:
        return sum(len(m.merged) for m in self.merges)


def _entry_id(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _scan(client: Elasticsearch, alias: str, **extra: Any) -> Iterator[dict[str, Any]]:
    query = {"query": _WITH_PERSONS, "_source": _SOURCE}
    yield from helpers.scan(client, index=alias, query=query, **extra)


def load_mapping(client: Elasticsearch, alias: str) -> dict[str, str]:
    """The registry of `alias` as value -> consolidated value ({} without a registry).

    A credential that may not read the registry (the least-privilege ingest
    key) gets {} and a debug log line: documents then keep the value of their
    names until the next `es-ingest persons consolidate`.
    """
    mapping: dict[str, str] = {}
    try:
        for hit in helpers.scan(client, index=registry_index(alias), query={"_source": True}):
            src = hit["_source"]
            mapping[src["value"]] = src["consolidated"]
    except es_exc.NotFoundError:
        return {}
    except es_exc.AuthorizationException:
        log.debug("not authorised to read %s: no consolidation applied", registry_index(alias))
        return {}
    return mapping


def ingest_mapping(client: Elasticsearch, alias: str) -> dict[str, str]:
    """`load_mapping` for an ingest run: {} (and a warning) when the cluster does not answer.

    One small request before the first bulk, with a 10 s timeout and no
    retry: a run against a node that is down goes on to file its articles as
    pending, as it would without a registry.
    """
    try:
        return load_mapping(client.options(request_timeout=10, max_retries=0), alias)
    except (es_exc.ApiError, es_exc.TransportError) as exc:
        log.warning(
            "person registry of %s not read (%s): persons not consolidated", alias, describe(exc)
        )
        return {}


def consolidated(articles: Iterable[Article], mapping: dict[str, str]) -> Iterator[Article]:
    """`articles` with their `persons` consolidated by `mapping` (their entities unchanged)."""
    for article in articles:
        if mapping and article.persons:
            article.persons = apply(article.persons, mapping)
        yield article


def consolidate_index(
    client: Elasticsearch, alias: str = "articles", *, dry_run: bool = False
) -> ConsolidationReport:
    """Consolidate the persons of `alias` (see the module docstring).

    With `dry_run` nothing is written: the report lists the merges and the
    documents that would change. Raises `ElasticsearchUnavailable` when the
    cluster fails or refuses.
    """
    report = ConsolidationReport(dry_run=dry_run)
    try:
        docs = (hit["_source"] for hit in _scan(client, alias))
        evidence = gather(_counted(docs, report))
        report.values = len(evidence)
        report.merges = merges(evidence)
        mapping, previous = report.mapping, load_mapping(client, alias)
        if dry_run:
            report.relabelled = sum(
                relabelled(hit["_source"], mapping, previous) is not None
                for hit in _scan(client, alias)
            )
            return report
        report.registry_written, report.registry_removed = _store(client, alias, report.merges)
        _relabel(client, alias, (mapping, previous), report)
    except (es_exc.ApiError, es_exc.TransportError) as exc:
        raise ElasticsearchUnavailable(f"person consolidation failed: {describe(exc)}") from None
    return report


def _counted(docs: Iterable[dict[str, Any]], report: ConsolidationReport) -> Iterator[Any]:
    for doc in docs:
        report.documents += 1
        yield doc


def _ensure_registry(client: Elasticsearch, alias: str) -> None:
    index = registry_index(alias)
    if client.indices.exists(index=index):
        return
    settings = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}
    client.options(ignore_status=400).indices.create(
        index=index, mappings=REGISTRY_MAPPINGS, settings=settings
    )


def _store(client: Elasticsearch, alias: str, found: list[Merge]) -> tuple[int, int]:
    """Make the registry hold exactly `found`; returns (entries written, removed)."""
    _ensure_registry(client, alias)
    index = registry_index(alias)
    wanted = {
        old: {"value": old, "consolidated": m.value, "key": m.key}
        for m in found
        for old in m.merged
    }
    stored = {hit["_source"]["value"]: hit["_source"] for hit in helpers.scan(client, index=index)}
    actions: list[dict[str, Any]] = []
    for value, entry in sorted(wanted.items()):
        if stored.get(value) != entry:
            actions.append({"_index": index, "_id": _entry_id(value), "_source": entry})
    removed = sorted(set(stored) - set(wanted))
    for value in removed:
        actions.append({"_op_type": "delete", "_index": index, "_id": _entry_id(value)})
    if actions:
        helpers.bulk(client, actions, refresh="wait_for")
    return len(actions) - len(removed), len(removed)


def _relabel(
    client: Elasticsearch,
    alias: str,
    mappings: tuple[dict[str, str], dict[str, str]],
    report: ConsolidationReport,
) -> None:
    """Update the `persons` of the documents that `mappings` (new, previous) change."""

    def updates() -> Iterator[dict[str, Any]]:
        for hit in _scan(client, alias, seq_no_primary_term=True):
            new = relabelled(hit["_source"], *mappings)
            if new is not None:
                yield {
                    "_op_type": "update",
                    "_index": hit["_index"],
                    "_id": hit["_id"],
                    "if_seq_no": hit["_seq_no"],
                    "if_primary_term": hit["_primary_term"],
                    "doc": {"persons": new},
                }

    results = helpers.streaming_bulk(client, updates(), raise_on_error=False, max_retries=3)
    for ok, item in results:
        result = item.get("update", {})
        if ok:
            report.relabelled += result.get("result") == "updated"
        elif result.get("status") == 409:
            report.conflicts += 1
        else:
            report.failed.append(f"{result.get('_id')}: {json.dumps(result.get('error'))[:200]}")
    if report.relabelled:
        client.indices.refresh(index=alias)


# --- file mode -----------------------------------------------------------------


def consolidate_file(source: Path, out: IO[str]) -> ConsolidationReport:
    """Consolidate the persons of a dry-run output file, writing the rows to `out`.

    Reads `source` twice (evidence, then rows), so any size fits in memory.
    Rows keep every field; `persons` takes the consolidated values. A line
    that is not a JSON object is left out and named in `bad_lines`.
    """
    report = ConsolidationReport(dry_run=True)
    evidence = gather(_rows(source, report))
    report.values = len(evidence)
    report.merges = merges(evidence)
    mapping = report.mapping
    report.bad_lines.clear()  # the second read finds the same ones
    for row in _rows(source, report, count=False):
        new = relabelled(row, mapping)
        if new is not None:
            row["persons"] = new
            report.relabelled += 1
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return report


def _rows(
    source: Path, report: ConsolidationReport, count: bool = True
) -> Iterator[dict[str, Any]]:
    with source.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                report.bad_lines.append(f"{source}:{number}: not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                report.bad_lines.append(f"{source}:{number}: not a JSON object")
                continue
            report.documents += count
            yield row
