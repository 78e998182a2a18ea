"""`es-ingest setup`: install the ingest pipeline, index template, search
template and the versioned index behind the alias.

Indices are named `<alias>-v<N>`. The template's content hash is stored in
each index's mapping `_meta.schema_hash`. `install()` is idempotent: when the
index behind the alias already carries the current hash nothing changes. When
the mapping changed it creates `<alias>-v<N+1>`, copies every document into it
(scan + bulk from the client, so it works on any cluster), and only then
moves the alias in one atomic request: searches never see a half-built index.
The old index is kept (delete it by hand once satisfied).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exc

from .connection import describe
from .errors import SetupError

log = logging.getLogger(__name__)

PIPELINE_ID = "articles-ingest"
SEARCH_TEMPLATE_ID = "articles-faceted-search"


def mappings_dir() -> Path:
    """The `mappings/` directory: in a source checkout, or packaged as es_ingest/mappings."""
    repo = Path(__file__).resolve().parents[2] / "mappings"
    if (repo / "index-template.json").exists():
        return repo
    packaged = Path(str(resources.files("es_ingest"))) / "mappings"
    if (packaged / "index-template.json").exists():
        return packaged
    raise SetupError("cannot find the mappings directory (index-template.json)")


def load_json(name: str) -> dict[str, Any]:
    path = mappings_dir() / name
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SetupError(f"cannot read {path}: {exc}") from None
    return data


def schema_hash(template: dict[str, Any]) -> str:
    canonical = json.dumps(template["template"], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def template_with_hash(template: dict[str, Any], alias: str) -> dict[str, Any]:
    """The template body with index patterns for `alias` and the hash in `_meta`."""
    body = json.loads(json.dumps(template))
    body["index_patterns"] = [f"{alias}-v*"]
    digest = schema_hash(template)
    body.setdefault("_meta", {})["schema_hash"] = digest
    body["template"]["mappings"].setdefault("_meta", {})["schema_hash"] = digest
    return body


@dataclass
class SetupReport:
    """What `install()` did; `changed` is False on a no-op run."""

    index: str = ""
    actions: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.actions)


def _index_version(name: str, alias: str) -> int:
    m = re.fullmatch(re.escape(alias) + r"-v(\d+)", name)
    return int(m.group(1)) if m else 0


def current_index(client: Elasticsearch, alias: str) -> str | None:
    """The index the alias points to, or None."""
    try:
        resp = client.indices.get_alias(name=alias)
    except es_exc.NotFoundError:
        return None
    names = sorted(resp.body, key=lambda n: _index_version(n, alias))
    return names[-1] if names else None


def check_ready(client: Elasticsearch, alias: str) -> None:
    """Raise `SetupError` (one line: run `es-ingest setup`) when `alias` or its
    index template is missing, so that an ingest never writes elsewhere.

    A credential that may not look (the least-privilege ingest key sees
    neither aliases nor templates) passes: its bulk requests carry
    `require_alias`, so they still cannot create an index.
    """
    missing = None
    try:
        if not client.indices.exists_alias(name=alias):
            missing = f"the alias {alias!r} does not exist"
            if client.indices.exists(index=alias):  # e.g. made by an older ingest's bulk
                missing = f"{alias!r} is an index, not an alias (delete or rename it)"
        elif not client.indices.exists_index_template(name=alias):
            missing = f"the index template {alias!r} does not exist"
    except es_exc.AuthorizationException:
        log.debug("cannot check alias %s and its template: not authorised", alias)
    except (es_exc.ApiError, es_exc.TransportError) as exc:
        raise SetupError(f"cannot check the alias {alias!r}: {describe(exc)}") from None
    if missing:
        raise SetupError(f"{missing}: run `es-ingest setup --alias {alias}` first")


def install(client: Elasticsearch, alias: str = "articles") -> SetupReport:
    """Install everything; idempotent. Raises `SetupError` naming what failed."""
    report = SetupReport()
    try:
        _install_pipeline(client, report)
        template = template_with_hash(load_json("index-template.json"), alias)
        _install_template(client, alias, template, report)
        _install_search_template(client, report)
        _ensure_index(client, alias, template["_meta"]["schema_hash"], report)
    except (es_exc.ApiError, es_exc.TransportError) as exc:
        raise SetupError(f"setup failed: {describe(exc)}") from None
    return report


def _install_pipeline(client: Elasticsearch, report: SetupReport) -> None:
    body = load_json("ingest-pipeline.json")
    try:
        existing = client.ingest.get_pipeline(id=PIPELINE_ID).body.get(PIPELINE_ID)
    except es_exc.NotFoundError:
        existing = None
    if existing is not None and covers(existing, body):
        return
    client.ingest.put_pipeline(id=PIPELINE_ID, **body)
    report.actions.append(f"ingest pipeline {PIPELINE_ID} installed")


def _install_template(
    client: Elasticsearch, alias: str, body: dict[str, Any], report: SetupReport
) -> None:
    try:
        existing = client.indices.get_index_template(name=alias).body["index_templates"]
        current = existing[0]["index_template"] if existing else None
    except es_exc.NotFoundError:
        current = None
    if (
        current is not None
        and current.get("_meta", {}).get("schema_hash") == body["_meta"]["schema_hash"]
        and current.get("index_patterns") == body["index_patterns"]
    ):
        return
    client.indices.put_index_template(name=alias, **body)
    report.actions.append(f"index template {alias} installed")


def _install_search_template(client: Elasticsearch, report: SetupReport) -> None:
    path = mappings_dir() / "search-template.json"
    if not path.exists():
        return
    body = load_json("search-template.json")
    try:
        existing = client.get_script(id=SEARCH_TEMPLATE_ID).body.get("script")
    except es_exc.NotFoundError:
        existing = None
    if existing is not None and covers(existing, body.get("script", {})):
        return
    client.put_script(id=SEARCH_TEMPLATE_ID, **body)
    report.actions.append(f"search template {SEARCH_TEMPLATE_ID} stored")


def covers(existing: Any, wanted: Any) -> bool:
    """True when every key we set has the same value in `existing`."""
    if isinstance(wanted, dict):
        return isinstance(existing, dict) and all(
            covers(existing.get(k), v) for k, v in wanted.items()
        )
    return bool(existing == wanted)


def _ensure_index(client: Elasticsearch, alias: str, digest: str, report: SetupReport) -> None:
    current = current_index(client, alias)
    if current is None:
        name = _next_free(client, alias, 1)
        client.indices.create(index=name, aliases={alias: {"is_write_index": True}})
        report.index = name
        report.actions.append(f"index {name} created behind alias {alias}")
        return
    meta = client.indices.get_mapping(index=current).body[current]["mappings"].get("_meta", {})
    if meta.get("schema_hash") == digest:
        report.index = current
        return
    new = _next_free(client, alias, _index_version(current, alias) + 1)
    client.indices.create(index=new)
    log.info("mapping changed: copying %s into %s", current, new)
    copied = _copy(client, current, new)
    client.indices.refresh(index=new)
    client.indices.update_aliases(
        actions=[
            {"remove": {"index": current, "alias": alias}},
            {"add": {"index": new, "alias": alias, "is_write_index": True}},
        ]
    )
    report.index = new
    report.actions.append(
        f"mapping changed: {copied} documents reindexed from {current} into {new}; "
        f"alias {alias} moved to {new} ({current} kept)"
    )


def _next_free(client: Elasticsearch, alias: str, version: int) -> str:
    while client.indices.exists(index=f"{alias}-v{version}"):
        version += 1
    return f"{alias}-v{version}"


def _copy(client: Elasticsearch, source: str, target: str) -> int:
    """Copy every document from `source` to `target`; raises SetupError on failures."""
    from .search_fields import add_derived

    # Search-only fields are re-derived, so older documents get them too.
    actions = (
        {"_index": target, "_id": hit["_id"], "_source": add_derived(hit["_source"])}
        for hit in helpers.scan(client, index=source, query={"query": {"match_all": {}}})
    )
    ok, errors = helpers.bulk(client, actions, raise_on_error=False, stats_only=False)
    if isinstance(errors, list) and errors:
        raise SetupError(
            f"reindex into {target} failed for {len(errors)} documents: "
            f"{json.dumps(errors[0])[:300]}"
        )
    return int(ok)
