"""`es-ingest doctor`: is everything es-ingest needs there, and current?

`run_checks()` returns one `Check` per item, in this order: the Elasticsearch
reached (URL, cluster, version), the ingest pipeline, the index template, the
alias and the index behind it, the search template (each compared with what
`es-ingest setup` would install now), and each configured spaCy model
(loaded). A check never raises: what goes wrong is its `detail`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from . import schema
from .config import Settings
from .connection import describe
from .errors import EsIngestError
from .redact import safe_url
from .version import ES_VERSION

log = logging.getLogger(__name__)

SETUP_FIX = "run: es-ingest setup"


@dataclass(frozen=True)
class Check:
    """One line of the report: `ok` False means something needs fixing (`fix` says how)."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    #: Elasticsearch did not answer at all (the checks that need it were not run).
    unreachable: bool = False

    def line(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        fix = f" ({self.fix})" if self.fix and not self.ok else ""
        return f"{mark} {self.name}: {self.detail}{fix}"


def check_cluster(client: Elasticsearch, settings: Settings) -> Check:
    """Which Elasticsearch answers, and whether its version is the one we pin."""
    url = safe_url(settings.es_url)
    try:
        versions, cluster = _versions(client.options(request_timeout=10))
    except es_exc.AuthorizationException:
        # A least-privilege key may not read node info: reached, version unknown.
        return Check("elasticsearch", True, f"{url}: reached; version not visible to these keys")
    except (es_exc.ApiError, es_exc.TransportError) as exc:
        detail = f"{url} is not usable: {describe(exc)}"
        return Check("elasticsearch", False, detail, unreachable=True)
    detail = (
        f"{url}: cluster {cluster}, {len(versions)} node(s), Elasticsearch {', '.join(versions)}"
    )
    wanted = ES_VERSION.split(".")[:2]
    if any(v.split(".")[:2] != wanted for v in versions):
        fix = f"use Elasticsearch {ES_VERSION}, e.g. es-ingest local-es start"
        return Check("elasticsearch", False, f"{detail}; es-ingest is for {ES_VERSION}", fix)
    return Check("elasticsearch", True, detail)


def _versions(client: Elasticsearch) -> tuple[list[str], str]:
    # GET _nodes, not GET /: the bare dev node has no root endpoint.
    body = client.nodes.info(filter_path="cluster_name,nodes.*.version").body
    versions = sorted({str(n["version"]) for n in body.get("nodes", {}).values()})
    return versions, str(body.get("cluster_name", "?"))


def check_pipeline(client: Elasticsearch) -> Check:
    name = f"ingest pipeline {schema.PIPELINE_ID}"
    try:
        found = client.ingest.get_pipeline(id=schema.PIPELINE_ID).body.get(schema.PIPELINE_ID)
    except es_exc.NotFoundError:
        return Check(name, False, "not installed", SETUP_FIX)
    if not schema.covers(found, schema.load_json("ingest-pipeline.json")):
        return Check(name, False, "installed, but not the current version", SETUP_FIX)
    return Check(name, True, "installed and current")


def _wanted_hash(alias: str) -> str:
    template = schema.template_with_hash(schema.load_json("index-template.json"), alias)
    return str(template["_meta"]["schema_hash"])


def check_template(client: Elasticsearch, alias: str) -> Check:
    name = f"index template {alias}"
    try:
        found = client.indices.get_index_template(name=alias).body["index_templates"]
    except es_exc.NotFoundError:
        found = []
    if not found:
        return Check(name, False, "not installed", SETUP_FIX)
    digest = found[0]["index_template"].get("_meta", {}).get("schema_hash")
    if digest != _wanted_hash(alias):
        return Check(
            name, False, f"installed with mapping {digest}, not the current one", SETUP_FIX
        )
    return Check(name, True, f"installed and current (mapping {digest})")


def check_alias(client: Elasticsearch, alias: str) -> Check:
    name = f"alias {alias}"
    index = schema.current_index(client, alias)
    if index is None:
        return Check(name, False, "no index behind it", SETUP_FIX)
    mappings = client.indices.get_mapping(index=index).body[index]["mappings"]
    digest = mappings.get("_meta", {}).get("schema_hash")
    count = client.count(index=index)["count"]
    detail = f"-> {index}, {count} documents"
    if digest != _wanted_hash(alias):
        fix = "run: es-ingest setup, which copies the documents into a new index version"
        return Check(name, False, f"{detail}, with an older mapping ({digest})", fix)
    return Check(name, True, f"{detail}, current mapping")


def check_search_template(client: Elasticsearch) -> Check:
    name = f"search template {schema.SEARCH_TEMPLATE_ID}"
    try:
        found = client.get_script(id=schema.SEARCH_TEMPLATE_ID).body.get("script")
    except es_exc.NotFoundError:
        found = None
    if not found:
        return Check(name, False, "not stored", SETUP_FIX)
    wanted = schema.load_json("search-template.json").get("script", {})
    if not schema.covers(found, wanted):
        return Check(name, False, "stored, but not the current version", SETUP_FIX)
    return Check(name, True, "stored and current")


def check_models() -> Iterator[Check]:
    """Each configured spaCy model: does it load (NER only, as ingest loads it)?"""
    from .enrich.ner import DEFAULT_MODELS, load_model

    for lang, package in DEFAULT_MODELS.items():
        name = f"spaCy model {package} ({lang})"
        try:
            nlp = load_model(package)
        except EsIngestError as exc:
            yield Check(name, False, str(exc), f"pip install {package.replace('_', '-')}")
            continue
        version = nlp.meta.get("version", "?")
        yield Check(
            name, True, f"loads (version {version}, components {', '.join(nlp.pipe_names)})"
        )


def _guard(name: str, check: Callable[[], Check]) -> Check:
    # One failing check (e.g. a 403 for a least-privilege key) must not hide the others.
    try:
        return check()
    except (es_exc.ApiError, es_exc.TransportError) as exc:
        return Check(name, False, f"cannot tell: {describe(exc)}")
    except EsIngestError as exc:
        return Check(name, False, str(exc))


def run_checks(client: Elasticsearch, settings: Settings, *, models: bool = True) -> list[Check]:
    """Every check, in report order; the Elasticsearch ones are skipped when it is unreachable."""
    checks = [check_cluster(client, settings)]
    if not checks[0].unreachable:
        alias = settings.alias
        steps: list[tuple[str, Callable[[], Check]]] = [
            ("ingest pipeline", lambda: check_pipeline(client)),
            ("index template", lambda: check_template(client, alias)),
            ("alias", lambda: check_alias(client, alias)),
            ("search template", lambda: check_search_template(client)),
        ]
        checks += [_guard(name, step) for name, step in steps]
    if models:
        checks += list(check_models())
    return checks


def summary(checks: list[Check]) -> str:
    failed = [c for c in checks if not c.ok]
    return "all checks passed" if not failed else f"{len(failed)} of {len(checks)} checks failed"
