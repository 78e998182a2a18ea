"""Write kibana/es-ingest.ndjson: the Kibana saved objects of es-ingest.

    python kibana/generate.py          # rewrite the NDJSON
    python kibana/generate.py --check  # exit 1 when the NDJSON is out of date

What an analyst gets is declared in the tables of the first half of this file
(`FIELDS`, `DISCOVER`, `CHARTS`, `CONTROLS`, `DASHBOARD`); the second half turns
them into Kibana's saved-object format (Kibana 8.8+/9.x: objects with an older
`typeMigrationVersion` are migrated by Kibana on import). Ids are stable, so a
re-import overwrites the same objects (`es-ingest kibana import` is idempotent).

Objects: the data view `es-ingest-articles` on the alias `articles` (time field
`published_at`, which every article has: its own date, else the ingest time,
see `published_at_origin`), the Discover session `es-ingest-articles-search`,
one Lens visualisation per entry of `CHARTS`, the map
`es-ingest-articles-map` and the dashboard `es-ingest-dashboard`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "es-ingest.ndjson"
DATA_VIEW = "es-ingest-articles"
CORE_VERSION = "8.8.0"

# --- What the analyst sees --------------------------------------------------------


def _countries() -> dict[str, str]:
    import pycountry

    return {
        c.alpha_2: f"{getattr(c, 'common_name', c.name)} ({c.alpha_2})" for c in pycountry.countries
    }


def _languages() -> dict[str, str]:
    import pycountry

    names = {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    return {**names, "und": "undetermined"}


@dataclass(frozen=True)
class Field:
    """A field of the data view: its label and, optionally, how Kibana formats it."""

    name: str
    label: str
    format: dict[str, Any] | None = None


def lookup(entries: dict[str, str]) -> dict[str, Any]:
    """Kibana's "Static lookup" formatter: shows `entries[value]`, else the value itself."""
    return {
        "id": "static_lookup",
        "params": {
            "lookupEntries": [{"key": k, "value": v} for k, v in sorted(entries.items())],
            "unknownKeyValue": None,
        },
    }


LINK = {"id": "url", "params": {"type": "a", "urlTemplate": None, "labelTemplate": None}}
PERCENT = {"id": "percent", "params": {"pattern": "0.[0]%"}}
ORIGIN = {"article": "from the article", "ingested_at": "ingest time (article had no date)"}

FIELDS = [
    Field("countries", "Country", lookup(_countries())),
    Field("persons", "Person"),
    Field("alliances", "Alliance"),
    Field("organizations", "Organisation"),
    Field("language", "Language", lookup(_languages())),
    Field("languages", "Languages detected", lookup(_languages())),
    Field("language_confidence", "Language confidence", PERCENT),
    Field("published_at", "Published"),
    Field("published_at_origin", "Date from", lookup(ORIGIN)),
    Field("url", "Link", LINK),
    Field("source", "Source"),
]
#: Search-only copies, hidden from Discover's documents.
HIDDEN = ["text_lang.*", "title_lang.*"]

DISCOVER: dict[str, Any] = {
    "id": "es-ingest-articles-search",
    "title": "Articles",
    "description": "Indexed articles with their language and facets, newest first; "
    "the chart splits them by language.",
    "columns": [
        "title", "language", "countries", "persons", "alliances",
        "organizations", "source", "url", "published_at_origin",
    ],
    "sort": [["published_at", "desc"]],
    "breakdown": "language",
}  # fmt: skip


@dataclass(frozen=True)
class Chart:
    """One Lens visualisation. `kind` picks its builder (see `LENS_KINDS` below):

    count     one number: how many articles
    bars      horizontal bars: the top `size` values of `field`
    donut     a donut of the top `size` values of `field`
    cloud     a tag cloud of the top `size` values of `field`
    heatmap   `field` (x) against `by` (y), top `size` and `by_size`, cells = articles
    timeline  articles per publication date, stacked by `by`
    """

    id: str
    title: str
    kind: str
    field: str = ""
    size: int = 10
    by: str = ""
    by_size: int = 10


CHARTS = [
    Chart("es-ingest-total", "Articles", "count"),
    Chart("es-ingest-languages", "Languages", "donut", "language", 10),
    Chart("es-ingest-top-countries", "Top countries", "bars", "countries", 20),
    Chart("es-ingest-top-persons", "Top persons", "bars", "persons", 20),
    Chart("es-ingest-persons-cloud", "Persons", "cloud", "persons", 50),
    Chart("es-ingest-alliances", "Alliances", "donut", "alliances", 15),
    Chart("es-ingest-top-sources", "Top sources", "bars", "source", 15),
    Chart("es-ingest-top-organisations", "Top organisations", "bars", "organizations", 15),
    Chart(
        "es-ingest-persons-by-country",
        "Persons × countries",
        "heatmap",
        "countries",
        12,
        by="persons",
        by_size=15,
    ),  # fmt: skip
    Chart("es-ingest-over-time", "Articles over time", "timeline", by="language", by_size=6),
]
MAP: dict[str, str] = {"id": "es-ingest-articles-map", "title": "Articles per country"}
CONTROLS = ["countries", "persons", "alliances", "language", "source"]

#: Dashboard rows, top to bottom: (object id, width of 48, height).
DASHBOARD = [
    [("es-ingest-total", 8, 8), ("es-ingest-languages", 12, 8), ("es-ingest-alliances", 12, 8),
     ("es-ingest-top-sources", 16, 8)],
    [("es-ingest-top-countries", 16, 15), ("es-ingest-top-persons", 16, 15),
     ("es-ingest-persons-cloud", 16, 15)],
    [("es-ingest-persons-by-country", 24, 18), ("es-ingest-top-organisations", 24, 18)],
    [("es-ingest-over-time", 24, 15), ("es-ingest-articles-map", 24, 15)],
    [("es-ingest-articles-search", 48, 18)],
]  # fmt: skip

# --- Kibana's saved-object format ---------------------------------------------------


def _j(value: Any) -> str:
    """Kibana keeps some attributes as JSON inside a string."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _obj(
    type_: str, id_: str, attributes: dict[str, Any], refs: list[dict[str, str]], v: str
) -> dict[str, Any]:
    return {
        "type": type_,
        "id": id_,
        "attributes": attributes,
        "references": refs,
        "coreMigrationVersion": CORE_VERSION,
        "typeMigrationVersion": v,
        "managed": False,
    }


def _view_ref(name: str) -> dict[str, str]:
    return {"name": name, "type": "index-pattern", "id": DATA_VIEW}


def data_view() -> dict[str, Any]:
    attrs = {
        "title": "articles",
        "name": "Articles (es-ingest)",
        "timeFieldName": "published_at",
        "sourceFilters": _j([{"value": v} for v in HIDDEN]),
        "fieldAttrs": _j({f.name: {"customLabel": f.label} for f in FIELDS}),
        "fieldFormatMap": _j({f.name: f.format for f in FIELDS if f.format}),
        "runtimeFieldMap": "{}",
        "allowNoIndex": True,
    }
    return _obj("index-pattern", DATA_VIEW, attrs, [], "8.0.0")


def _search_source(**extra: Any) -> dict[str, str]:
    return {"searchSourceJSON": _j({"query": {"query": "", "language": "kuery"}, "filter": []}
                                   | extra)}  # fmt: skip


def discover_session() -> dict[str, Any]:
    ref = "kibanaSavedObjectMeta.searchSourceJSON.index"
    attrs = {
        "title": DISCOVER["title"],
        "description": DISCOVER["description"],
        "columns": DISCOVER["columns"],
        "sort": DISCOVER["sort"],
        "breakdownField": DISCOVER["breakdown"],
        "grid": {},
        "hideChart": False,
        "isTextBasedQuery": False,
        "kibanaSavedObjectMeta": _search_source(indexRefName=ref),
    }
    return _obj("search", DISCOVER["id"], attrs, [_view_ref(ref)], "8.0.0")


# Lens columns ------------------------------------------------------------------------


def _count() -> dict[str, Any]:
    return {
        "label": "Articles", "customLabel": True, "dataType": "number",
        "operationType": "count", "isBucketed": False, "scale": "ratio",
        "sourceField": "___records___", "params": {"emptyAsNull": True},
    }  # fmt: skip


def _label(field: str) -> str:
    return next((f.label for f in FIELDS if f.name == field), field)


def _terms(field: str, size: int) -> dict[str, Any]:
    return {
        "label": _label(field), "customLabel": True, "dataType": "string",
        "operationType": "terms", "scale": "ordinal", "sourceField": field, "isBucketed": True,
        "params": {
            "size": size, "orderBy": {"type": "column", "columnId": "count"},
            "orderDirection": "desc", "otherBucket": False, "missingBucket": False,
            "parentFormat": {"id": "terms"},
        },
    }  # fmt: skip


def _dates() -> dict[str, Any]:
    return {
        "label": "Published", "customLabel": True, "dataType": "date",
        "operationType": "date_histogram", "sourceField": "published_at", "isBucketed": True,
        "scale": "interval",
        "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False},
    }  # fmt: skip


# Lens visualisations: each returns (visualizationType, visualization, columns) --------


def _xy(series: str, x: str, split: str | None) -> dict[str, Any]:
    layer = {"layerId": "layer1", "layerType": "data", "seriesType": series,
             "xAccessor": x, "accessors": ["count"]}  # fmt: skip
    if split:
        layer["splitAccessor"] = split
    return {
        "preferredSeriesType": series,
        "legend": {"isVisible": split is not None, "position": "right"},
        "valueLabels": "hide",
        "fittingFunction": "None",
        "layers": [layer],
    }


def count_chart(c: Chart) -> tuple[str, dict[str, Any], dict[str, Any]]:
    vis = {"layerId": "layer1", "layerType": "data", "metricAccessor": "count"}
    return "lnsMetric", vis, {"count": _count()}


def bars_chart(c: Chart) -> tuple[str, dict[str, Any], dict[str, Any]]:
    columns = {"terms": _terms(c.field, c.size), "count": _count()}
    return "lnsXY", _xy("bar_horizontal", "terms", None), columns


def donut_chart(c: Chart) -> tuple[str, dict[str, Any], dict[str, Any]]:
    layer = {
        "layerId": "layer1", "layerType": "data", "primaryGroups": ["terms"],
        "metrics": ["count"], "numberDisplay": "value", "categoryDisplay": "default",
        "legendDisplay": "default", "nestedLegend": False,
    }  # fmt: skip
    columns = {"terms": _terms(c.field, c.size), "count": _count()}
    return "lnsPie", {"shape": "donut", "layers": [layer]}, columns


def cloud_chart(c: Chart) -> tuple[str, dict[str, Any], dict[str, Any]]:
    vis = {
        "layerId": "layer1", "tagAccessor": "terms", "valueAccessor": "count",
        "maxFontSize": 60, "minFontSize": 14, "orientation": "single", "showLabel": False,
    }  # fmt: skip
    return "lnsTagcloud", vis, {"terms": _terms(c.field, c.size), "count": _count()}


def heatmap_chart(c: Chart) -> tuple[str, dict[str, Any], dict[str, Any]]:
    vis = {
        "layerId": "layer1", "layerType": "data", "shape": "heatmap",
        "xAccessor": "x", "yAccessor": "y", "valueAccessor": "count",
        "legend": {"isVisible": True, "position": "right", "type": "heatmap_legend"},
        "gridConfig": {
            "type": "heatmap_grid", "isCellLabelVisible": True,
            "isXAxisLabelVisible": True, "isXAxisTitleVisible": False,
            "isYAxisLabelVisible": True, "isYAxisTitleVisible": False,
        },
    }  # fmt: skip
    columns = {"y": _terms(c.by, c.by_size), "x": _terms(c.field, c.size), "count": _count()}
    return "lnsHeatmap", vis, columns


def timeline_chart(c: Chart) -> tuple[str, dict[str, Any], dict[str, Any]]:
    columns = {"split": _terms(c.by, c.by_size), "date": _dates(), "count": _count()}
    return "lnsXY", _xy("bar_stacked", "date", "split"), columns


LENS_KINDS = {
    "count": count_chart,
    "bars": bars_chart,
    "donut": donut_chart,
    "cloud": cloud_chart,
    "heatmap": heatmap_chart,
    "timeline": timeline_chart,
}


def lens(chart: Chart) -> dict[str, Any]:
    vis_type, visualization, columns = LENS_KINDS[chart.kind](chart)
    layer = {"columns": columns, "columnOrder": list(columns), "incompleteColumns": {}}
    state = {
        "visualization": visualization,
        "query": {"query": "", "language": "kuery"},
        "filters": [],
        "datasourceStates": {"formBased": {"layers": {"layer1": layer}}},
        "internalReferences": [],
        "adHocDataViews": {},
    }
    attrs = {"title": chart.title, "description": "", "visualizationType": vis_type,
             "state": state}  # fmt: skip
    refs = [_view_ref("indexpattern-datasource-layer-layer1")]
    return _obj("lens", chart.id, attrs, refs, "8.9.0")


# The map ---------------------------------------------------------------------------


def _basemap() -> dict[str, Any]:
    return {
        "id": "basemap", "label": None, "type": "EMS_VECTOR_TILE",
        "sourceDescriptor": {"type": "EMS_TMS", "isAutoSelect": True,
                             "lightModeDefault": "road_map_desaturated"},
        "minZoom": 0, "maxZoom": 24, "alpha": 1, "visible": True,
        "style": {"type": "EMS_VECTOR_TILE"}, "includeInFitToBounds": True,
    }  # fmt: skip


def _static(**options: Any) -> dict[str, Any]:
    return {"type": "STATIC", "options": options}


def _by_count(**options: Any) -> dict[str, Any]:
    field = {"name": "doc_count", "origin": "source"}
    meta = {"isEnabled": True, "sigma": 3}
    return {"type": "DYNAMIC", "options": {"field": field, "fieldMetaOptions": meta, **options}}


def _country_points() -> dict[str, Any]:
    style = {
        "icon": _static(value="marker"),
        "fillColor": _by_count(color="Blues", colorCategory="palette_0", type="ORDINAL"),
        "lineColor": _static(color="#FFFFFF"),
        "lineWidth": _static(size=1),
        "iconSize": _by_count(minSize=7, maxSize=32),
        "iconOrientation": _static(orientation=0),
        "labelText": {"type": "DYNAMIC", "options": {"field": {"name": "doc_count",
                                                               "origin": "source"}}},
        "labelColor": _static(color="#000000"),
        "labelSize": _static(size=14),
        "labelBorderColor": _static(color="#FFFFFF"),
        "symbolizeAs": {"options": {"value": "circle"}},
        "labelBorderSize": {"options": {"size": "SMALL"}},
    }  # fmt: skip
    source = {
        "type": "ES_GEO_GRID", "id": "articles-per-country-source",
        "geoField": "country_points", "requestType": "point", "resolution": "FINE",
        "metrics": [{"type": "count", "label": "Articles"}],
        "applyGlobalQuery": True, "applyGlobalTime": True, "applyForceRefresh": True,
        "indexPatternRefName": "layer_1_source_index_pattern",
    }  # fmt: skip
    return {
        "id": "articles-per-country", "label": "Articles per country (capital)",
        "sourceDescriptor": source, "type": "GEOJSON_VECTOR", "minZoom": 0, "maxZoom": 24,
        "alpha": 0.8, "visible": True, "includeInFitToBounds": True, "joins": [],
        "style": {"type": "VECTOR", "isTimeAware": True, "properties": style},
    }  # fmt: skip


def articles_map() -> dict[str, Any]:
    state = {
        "zoom": 1.4, "center": {"lon": 20, "lat": 30},
        "timeFilters": {"from": "now-30y", "to": "now"},
        "refreshConfig": {"isPaused": True, "interval": 0},
        "query": {"query": "", "language": "kuery"}, "filters": [],
        "settings": {"autoFitToDataBounds": False},
    }  # fmt: skip
    attrs = {
        "title": MAP["title"],
        "description": "One point per country an article mentions, at its capital.",
        "layerListJSON": _j([_basemap(), _country_points()]),
        "mapStateJSON": _j(state),
        "uiStateJSON": _j({"isLayerTOCOpen": True, "openTOCDetails": []}),
    }
    return _obj("map", MAP["id"], attrs, [_view_ref("layer_1_source_index_pattern")], "8.4.0")


# The dashboard -----------------------------------------------------------------------


def _panel_types() -> dict[str, tuple[str, str]]:
    """object id -> (saved object type, title)"""
    types = {c.id: ("lens", c.title) for c in CHARTS}
    types[MAP["id"]] = ("map", MAP["title"])
    types[DISCOVER["id"]] = ("search", DISCOVER["title"])
    return types


def _panels() -> list[dict[str, Any]]:
    types, panels, y = _panel_types(), [], 0
    for row in DASHBOARD:
        x = 0
        for id_, w, h in row:
            type_, title = types[id_]
            index = id_.removeprefix("es-ingest-")
            panels.append({
                "type": type_, "panelIndex": index, "title": title,
                "gridData": {"x": x, "y": y, "w": w, "h": h, "i": index},
                "embeddableConfig": {"enhancements": {}}, "panelRefName": f"panel_{index}",
                "_id": id_,
            })  # fmt: skip
            x += w
        y += max(h for _, _, h in row)
    return panels


def _controls() -> dict[str, Any]:
    return {
        f"control-{field}": {
            "order": i, "width": "medium", "grow": True, "type": "optionsListControl",
            "explicitInput": {
                "id": f"control-{field}", "dataViewId": DATA_VIEW, "fieldName": field,
                "title": _label(field), "searchTechnique": "prefix", "selectedOptions": [],
                "sort": {"by": "_count", "direction": "desc"},
            },
        }
        for i, field in enumerate(CONTROLS)
    }  # fmt: skip


def dashboard() -> dict[str, Any]:
    panels = _panels()
    refs = [
        {"name": f"{p['panelIndex']}:{p['panelRefName']}", "type": p["type"], "id": p.pop("_id")}
        for p in panels
    ]
    refs += [_view_ref(f"controlGroup_control-{f}:optionsListDataView") for f in CONTROLS]
    ignore = {"ignoreFilters": False, "ignoreQuery": False, "ignoreTimerange": False,
              "ignoreValidations": False}  # fmt: skip
    options = {"useMargins": True, "syncColors": False, "syncCursor": True,
               "syncTooltips": False, "hidePanelTitles": False}  # fmt: skip
    attrs = {
        "title": "es-ingest: articles",
        "description": "Countries, persons, alliances, organisations, sources and languages "
        "of the indexed articles; the controls filter every panel.",
        "timeRestore": True, "timeFrom": "now-30y", "timeTo": "now",
        "refreshInterval": {"pause": True, "value": 0},
        "optionsJSON": _j(options),
        "panelsJSON": _j(panels),
        "controlGroupInput": {
            "controlStyle": "oneLine", "chainingSystem": "HIERARCHICAL",
            "showApplySelections": False, "ignoreParentSettingsJSON": _j(ignore),
            "panelsJSON": _j(_controls()),
        },
        "kibanaSavedObjectMeta": _search_source(),
    }  # fmt: skip
    return _obj("dashboard", "es-ingest-dashboard", attrs, refs, "8.9.0")


def objects() -> list[dict[str, Any]]:
    """Every saved object, referenced ones before those that reference them."""
    return [data_view(), discover_session(), *map(lens, CHARTS), articles_map(), dashboard()]


def render() -> str:
    return "".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n" for o in objects())


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python kibana/generate.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(objects())} objects)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
