"""What the Kibana objects give an analyst, checked against Kibana 9.x's saved-object
formats (no Kibana runs here: these are format checks, see docs/compose.md).

- the data view's field formatters (Kibana's `url`, `percent` and `static_lookup`
  field formats, with their parameters) on fields of the right type;
- the Discover session: useful columns, a breakdown by language, and only
  attributes that Kibana's saved-search schema knows;
- the panels: total count, per-language breakdown, persons tag cloud, top sources,
  top organisations and persons × countries, each Lens state's accessors naming
  columns of its layer; a dashboard grid without overlaps.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from es_ingest import kibana

REPO = Path(__file__).resolve().parents[2]
# Attributes of a saved search before Discover sessions had tabs (Kibana's
# saved_search schema_legacy.ts, SCHEMA_SEARCH_BASE and model versions 1-5); Kibana
# 9.x migrates such an object into a session with one tab on import.
SAVED_SEARCH_ATTRIBUTES = {
    "title", "description", "columns", "sort", "grid", "rowHeight", "rowsPerPage",
    "hideChart", "breakdownField", "kibanaSavedObjectMeta", "isTextBasedQuery",
    "usesAdHocDataView", "timeRestore", "timeRange", "refreshInterval", "viewMode",
    "hideAggregatedPreview", "sampleSize", "headerRowHeight", "visContext", "density",
}  # fmt: skip


@pytest.fixture(scope="module")
def objects() -> list[dict[str, Any]]:
    return kibana.load_objects(REPO / "kibana")


def _by_type(objects: list[dict[str, Any]], type_: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["type"] == type_]


def _mapping() -> dict[str, Any]:
    template = json.loads((REPO / "mappings" / "index-template.json").read_text())
    return template["template"]["mappings"]["properties"]


def test_field_formats(objects: list[dict[str, Any]]) -> None:
    (view,) = _by_type(objects, "index-pattern")
    formats = json.loads(view["attributes"]["fieldFormatMap"])
    mapping = _mapping()
    assert formats["url"] == {
        "id": "url",
        "params": {"type": "a", "urlTemplate": None, "labelTemplate": None},
    }
    assert mapping["url"]["type"] == "keyword"
    assert formats["language_confidence"]["id"] == "percent"
    assert formats["language_confidence"]["params"]["pattern"].endswith("%")
    assert mapping["language_confidence"]["type"] in ("float", "half_float", "double")
    for field in ("countries", "language", "published_at_origin"):
        assert formats[field]["id"] == "static_lookup"
        entries = formats[field]["params"]["lookupEntries"]
        keys = [e["key"] for e in entries]
        assert len(keys) == len(set(keys)) and all(isinstance(e["value"], str) for e in entries)
        assert mapping[field]["type"] == "keyword"
    countries = {e["key"]: e["value"] for e in formats["countries"]["params"]["lookupEntries"]}
    assert countries["GE"] == "Georgia (GE)" and countries["US"] == "United States (US)"
    assert len(countries) >= 240
    languages = {e["key"]: e["value"] for e in formats["language"]["params"]["lookupEntries"]}
    assert languages["fr"] == "French" and languages["und"] == "undetermined"
    origin = {e["key"] for e in formats["published_at_origin"]["params"]["lookupEntries"]}
    assert origin == {"article", "ingested_at"}  # what the ingest pipeline writes
    pipeline = (REPO / "mappings" / "ingest-pipeline.json").read_text()
    assert all(value in pipeline for value in origin)
    labels = json.loads(view["attributes"]["fieldAttrs"])
    assert labels["countries"]["customLabel"] == "Country"


def test_the_time_field_is_one_every_article_has(objects: list[dict[str, Any]]) -> None:
    (view,) = _by_type(objects, "index-pattern")
    assert view["attributes"]["timeFieldName"] == "published_at"
    pipeline = json.loads((REPO / "mappings" / "ingest-pipeline.json").read_text())
    fallback = [p["set"] for p in pipeline["processors"] if p["set"]["field"] == "published_at"]
    assert fallback == [
        {
            "description": fallback[0]["description"],
            "field": "published_at",
            "value": "{{{_ingest.timestamp}}}",
            "override": False,  # an article's own date wins
        }
    ]


def test_discover_session(objects: list[dict[str, Any]]) -> None:
    (session,) = _by_type(objects, "search")
    attrs = session["attributes"]
    assert set(attrs) <= SAVED_SEARCH_ATTRIBUTES, set(attrs) - SAVED_SEARCH_ATTRIBUTES
    assert attrs["breakdownField"] == "language"
    assert _mapping()["language"]["type"] == "keyword"
    assert {"title", "language", "countries", "persons", "url", "source"} <= set(attrs["columns"])
    assert attrs["sort"] == [["published_at", "desc"]]
    meta = json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"])
    assert meta["indexRefName"] == session["references"][0]["name"]


def _layer(obj: dict[str, Any]) -> dict[str, Any]:
    (layer,) = obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"].values()
    return layer


def _accessors(vis_type: str, vis: dict[str, Any]) -> list[str]:
    """The column ids a Lens visualisation state refers to, by visualisation type."""
    if vis_type == "lnsXY":
        (layer,) = vis["layers"]
        return [
            layer["xAccessor"],
            *layer["accessors"],
            *filter(None, [layer.get("splitAccessor")]),
        ]
    if vis_type == "lnsPie":
        (layer,) = vis["layers"]
        return [*layer["primaryGroups"], *layer["metrics"]]
    if vis_type == "lnsMetric":
        return [vis["metricAccessor"]]
    if vis_type == "lnsTagcloud":
        return [vis["tagAccessor"], vis["valueAccessor"]]
    if vis_type == "lnsHeatmap":
        assert vis["shape"] == "heatmap" and vis["gridConfig"]["type"] == "heatmap_grid"
        return [vis["xAccessor"], vis["yAccessor"], vis["valueAccessor"]]
    raise AssertionError(f"unknown Lens visualisation type {vis_type}")


def test_every_lens_state_refers_to_its_own_columns(objects: list[dict[str, Any]]) -> None:
    for obj in _by_type(objects, "lens"):
        attrs = obj["attributes"]
        layer = _layer(obj)
        accessors = _accessors(attrs["visualizationType"], attrs["state"]["visualization"])
        assert set(accessors) == set(layer["columns"]), obj["id"]
        assert sorted(layer["columnOrder"]) == sorted(layer["columns"])
        # the bucketed columns come first, as Lens orders them
        bucketed = [layer["columns"][c]["isBucketed"] for c in layer["columnOrder"]]
        assert bucketed == sorted(bucketed, reverse=True), obj["id"]


def _shows(objects: list[dict[str, Any]], vis_type: str, *fields: str) -> bool:
    for obj in _by_type(objects, "lens"):
        if obj["attributes"]["visualizationType"] != vis_type:
            continue
        used = {c.get("sourceField") for c in _layer(obj)["columns"].values()}
        if set(fields) <= used:
            return True
    return False


def test_the_panels_an_analyst_asked_for(objects: list[dict[str, Any]]) -> None:
    assert _shows(objects, "lnsMetric", "___records___")  # total count
    assert _shows(objects, "lnsTagcloud", "persons")
    assert _shows(objects, "lnsPie", "language")  # per-language breakdown
    assert _shows(objects, "lnsXY", "source")
    assert _shows(objects, "lnsXY", "organizations")
    assert _shows(objects, "lnsHeatmap", "persons", "countries")
    assert _shows(objects, "lnsXY", "published_at", "language")  # over time, by language
    (dash,) = _by_type(objects, "dashboard")
    shown = {r["id"] for r in dash["references"]}
    assert {o["id"] for o in objects if o["type"] in ("lens", "map", "search")} <= shown


def test_dashboard_grid_has_no_overlaps(objects: list[dict[str, Any]]) -> None:
    (dash,) = _by_type(objects, "dashboard")
    cells: set[tuple[int, int]] = set()
    for panel in json.loads(dash["attributes"]["panelsJSON"]):
        g = panel["gridData"]
        assert g["x"] >= 0 and g["x"] + g["w"] <= 48 and g["i"] == panel["panelIndex"]
        mine = {
            (x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])
        }
        assert not cells & mine, panel["panelIndex"]
        cells |= mine


def test_ids_of_earlier_releases_are_kept(objects: list[dict[str, Any]]) -> None:
    # A re-import (overwrite=true) replaces these instead of adding copies.
    ids = {o["id"] for o in objects}
    assert {
        "es-ingest-articles", "es-ingest-articles-search", "es-ingest-top-countries",
        "es-ingest-top-persons", "es-ingest-alliances", "es-ingest-over-time",
        "es-ingest-articles-map", "es-ingest-dashboard",
    } <= ids  # fmt: skip
