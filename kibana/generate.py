"""Write kibana/es-ingest.ndjson: the Kibana saved objects of es-ingest.

    python kibana/generate.py          # rewrite the NDJSON
    python kibana/generate.py --check  # exit 1 when the NDJSON is out of date

Objects (ids are stable, so a re-import overwrites them):

- data view `es-ingest-articles` on the alias `articles`, time field `published_at`
  (the search-only copies `text_lang.*`/`title_lang.*` hidden from Discover);
- saved search `es-ingest-articles-search` (title, language, countries,
  persons, alliances, source; newest first);
- Lens visualisations: top countries, top persons, alliances, articles over
  time (by language);
- map `es-ingest-articles-map`: articles per country, clustered on
  `country_points` (the capital of each country of an article);
- dashboard `es-ingest-dashboard` with option-list controls for countries,
  persons, alliances and language, the panels above and the saved search.

The JSON-in-string attributes (panelsJSON, layerListJSON...) are what
Kibana's saved-objects format wants; this script keeps them readable here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "es-ingest.ndjson"
DATA_VIEW = "es-ingest-articles"
CORE_VERSION = "8.8.0"


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _obj(
    type_: str, id_: str, attributes: dict[str, Any], references: list[dict[str, str]], v: str
) -> dict[str, Any]:
    return {
        "type": type_,
        "id": id_,
        "attributes": attributes,
        "references": references,
        "coreMigrationVersion": CORE_VERSION,
        "typeMigrationVersion": v,
        "managed": False,
    }


def data_view() -> dict[str, Any]:
    return _obj(
        "index-pattern",
        DATA_VIEW,
        {
            "title": "articles",
            "name": "Articles (es-ingest)",
            "timeFieldName": "published_at",
            "sourceFilters": _j([{"value": "text_lang.*"}, {"value": "title_lang.*"}]),
            "fieldAttrs": _j(
                {
                    "countries": {"customLabel": "Countries (ISO code)"},
                    "persons": {"customLabel": "Persons"},
                    "alliances": {"customLabel": "Alliances"},
                    "language": {"customLabel": "Language"},
                    "published_at": {"customLabel": "Published"},
                }
            ),
            "allowNoIndex": True,
        },
        [],
        "8.0.0",
    )


def saved_search() -> dict[str, Any]:
    return _obj(
        "search",
        "es-ingest-articles-search",
        {
            "title": "Articles",
            "description": "Indexed articles with their language and facets, newest first.",
            "columns": ["title", "language", "countries", "persons", "alliances", "source"],
            "sort": [["published_at", "desc"]],
            "grid": {},
            "hideChart": False,
            "isTextBasedQuery": False,
            "kibanaSavedObjectMeta": {
                "searchSourceJSON": _j(
                    {
                        "query": {"query": "", "language": "kuery"},
                        "filter": [],
                        "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
                    }
                )
            },
        },
        [
            {
                "name": "kibanaSavedObjectMeta.searchSourceJSON.index",
                "type": "index-pattern",
                "id": DATA_VIEW,
            }
        ],
        "8.0.0",
    )


def _count() -> dict[str, Any]:
    return {
        "label": "Articles",
        "customLabel": True,
        "dataType": "number",
        "operationType": "count",
        "isBucketed": False,
        "scale": "ratio",
        "sourceField": "___records___",
        "params": {"emptyAsNull": True},
    }


def _terms(field: str, label: str, size: int, order_by: str) -> dict[str, Any]:
    return {
        "label": label,
        "customLabel": True,
        "dataType": "string",
        "operationType": "terms",
        "scale": "ordinal",
        "sourceField": field,
        "isBucketed": True,
        "params": {
            "size": size,
            "orderBy": {"type": "column", "columnId": order_by},
            "orderDirection": "desc",
            "otherBucket": False,
            "missingBucket": False,
            "parentFormat": {"id": "terms"},
        },
    }


def _lens(
    id_: str,
    title: str,
    vis_type: str,
    visualization: dict[str, Any],
    columns: dict[str, dict[str, Any]],
    order: list[str],
) -> dict[str, Any]:
    return _obj(
        "lens",
        id_,
        {
            "title": title,
            "description": "",
            "visualizationType": vis_type,
            "state": {
                "visualization": visualization,
                "query": {"query": "", "language": "kuery"},
                "filters": [],
                "datasourceStates": {
                    "formBased": {
                        "layers": {
                            "layer1": {
                                "columns": columns,
                                "columnOrder": order,
                                "incompleteColumns": {},
                            }
                        }
                    }
                },
                "internalReferences": [],
                "adHocDataViews": {},
            },
        },
        [
            {
                "type": "index-pattern",
                "id": DATA_VIEW,
                "name": "indexpattern-datasource-layer-layer1",
            }
        ],
        "8.9.0",
    )


def _bar(series: str, x: str, y: str, split: str | None = None) -> dict[str, Any]:
    layer: dict[str, Any] = {
        "layerId": "layer1",
        "layerType": "data",
        "seriesType": series,
        "xAccessor": x,
        "accessors": [y],
    }
    if split:
        layer["splitAccessor"] = split
    return {
        "preferredSeriesType": series,
        "legend": {"isVisible": split is not None, "position": "right"},
        "valueLabels": "hide",
        "fittingFunction": "None",
        "layers": [layer],
    }


def top_bar(id_: str, title: str, field: str, label: str, size: int) -> dict[str, Any]:
    return _lens(
        id_,
        title,
        "lnsXY",
        _bar("bar_horizontal", "terms", "count"),
        {"terms": _terms(field, label, size, "count"), "count": _count()},
        ["terms", "count"],
    )


def alliances_pie() -> dict[str, Any]:
    return _lens(
        "es-ingest-alliances",
        "Alliances",
        "lnsPie",
        {
            "shape": "donut",
            "layers": [
                {
                    "layerId": "layer1",
                    "layerType": "data",
                    "primaryGroups": ["terms"],
                    "metrics": ["count"],
                    "numberDisplay": "value",
                    "categoryDisplay": "default",
                    "legendDisplay": "default",
                    "nestedLegend": False,
                }
            ],
        },
        {"terms": _terms("alliances", "Alliance", 15, "count"), "count": _count()},
        ["terms", "count"],
    )


def over_time() -> dict[str, Any]:
    return _lens(
        "es-ingest-over-time",
        "Articles over time",
        "lnsXY",
        _bar("bar_stacked", "date", "count", split="lang"),
        {
            "date": {
                "label": "Published",
                "customLabel": True,
                "dataType": "date",
                "operationType": "date_histogram",
                "sourceField": "published_at",
                "isBucketed": True,
                "scale": "interval",
                "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False},
            },
            "lang": _terms("language", "Language", 6, "count"),
            "count": _count(),
        },
        ["lang", "date", "count"],
    )


def articles_map() -> dict[str, Any]:
    size = {"name": "doc_count", "origin": "source"}
    layers = [
        {
            "id": "basemap",
            "label": None,
            "sourceDescriptor": {
                "type": "EMS_TMS",
                "isAutoSelect": True,
                "lightModeDefault": "road_map_desaturated",
            },
            "type": "EMS_VECTOR_TILE",
            "minZoom": 0,
            "maxZoom": 24,
            "alpha": 1,
            "visible": True,
            "style": {"type": "EMS_VECTOR_TILE"},
            "includeInFitToBounds": True,
        },
        {
            "id": "articles-per-country",
            "label": "Articles per country (capital)",
            "sourceDescriptor": {
                "type": "ES_GEO_GRID",
                "id": "articles-per-country-source",
                "geoField": "country_points",
                "requestType": "point",
                "resolution": "FINE",
                "metrics": [{"type": "count", "label": "Articles"}],
                "applyGlobalQuery": True,
                "applyGlobalTime": True,
                "applyForceRefresh": True,
                "indexPatternRefName": "layer_1_source_index_pattern",
            },
            "type": "GEOJSON_VECTOR",
            "minZoom": 0,
            "maxZoom": 24,
            "alpha": 0.8,
            "visible": True,
            "includeInFitToBounds": True,
            "joins": [],
            "style": {
                "type": "VECTOR",
                "isTimeAware": True,
                "properties": {
                    "icon": {"type": "STATIC", "options": {"value": "marker"}},
                    "fillColor": {
                        "type": "DYNAMIC",
                        "options": {
                            "color": "Blues",
                            "colorCategory": "palette_0",
                            "field": size,
                            "fieldMetaOptions": {"isEnabled": True, "sigma": 3},
                            "type": "ORDINAL",
                        },
                    },
                    "lineColor": {"type": "STATIC", "options": {"color": "#FFFFFF"}},
                    "lineWidth": {"type": "STATIC", "options": {"size": 1}},
                    "iconSize": {
                        "type": "DYNAMIC",
                        "options": {
                            "minSize": 7,
                            "maxSize": 32,
                            "field": size,
                            "fieldMetaOptions": {"isEnabled": True, "sigma": 3},
                        },
                    },
                    "iconOrientation": {"type": "STATIC", "options": {"orientation": 0}},
                    "labelText": {"type": "DYNAMIC", "options": {"field": size}},
                    "labelColor": {"type": "STATIC", "options": {"color": "#000000"}},
                    "labelSize": {"type": "STATIC", "options": {"size": 14}},
                    "labelBorderColor": {"type": "STATIC", "options": {"color": "#FFFFFF"}},
                    "symbolizeAs": {"options": {"value": "circle"}},
                    "labelBorderSize": {"options": {"size": "SMALL"}},
                },
            },
        },
    ]
    return _obj(
        "map",
        "es-ingest-articles-map",
        {
            "title": "Articles per country",
            "description": "One point per country an article mentions, at its capital.",
            "layerListJSON": _j(layers),
            "mapStateJSON": _j(
                {
                    "zoom": 1.4,
                    "center": {"lon": 20, "lat": 30},
                    "timeFilters": {"from": "now-30y", "to": "now"},
                    "refreshConfig": {"isPaused": True, "interval": 0},
                    "query": {"query": "", "language": "kuery"},
                    "filters": [],
                    "settings": {"autoFitToDataBounds": False},
                }
            ),
            "uiStateJSON": _j({"isLayerTOCOpen": True, "openTOCDetails": []}),
        },
        [
            {
                "name": "layer_1_source_index_pattern",
                "type": "index-pattern",
                "id": DATA_VIEW,
            }
        ],
        "8.4.0",
    )


CONTROLS = [
    ("countries", "Countries"),
    ("persons", "Persons"),
    ("alliances", "Alliances"),
    ("language", "Language"),
]
PANELS = [
    # (panel index, saved object type, id, title, x, y, w, h)
    ("countries", "lens", "es-ingest-top-countries", "Top countries", 0, 0, 16, 15),
    ("persons", "lens", "es-ingest-top-persons", "Top persons", 16, 0, 16, 15),
    ("alliances", "lens", "es-ingest-alliances", "Alliances", 32, 0, 16, 15),
    ("time", "lens", "es-ingest-over-time", "Articles over time", 0, 15, 24, 15),
    ("map", "map", "es-ingest-articles-map", "Articles per country", 24, 15, 24, 15),
    ("articles", "search", "es-ingest-articles-search", "Articles", 0, 30, 48, 18),
]


def dashboard() -> dict[str, Any]:
    controls = {
        f"control-{field}": {
            "order": i,
            "width": "medium",
            "grow": True,
            "type": "optionsListControl",
            "explicitInput": {
                "id": f"control-{field}",
                "dataViewId": DATA_VIEW,
                "fieldName": field,
                "title": title,
                "searchTechnique": "prefix",
                "selectedOptions": [],
                "sort": {"by": "_count", "direction": "desc"},
            },
        }
        for i, (field, title) in enumerate(CONTROLS)
    }
    panels = [
        {
            "type": type_,
            "panelIndex": index,
            "gridData": {"x": x, "y": y, "w": w, "h": h, "i": index},
            "embeddableConfig": {"enhancements": {}},
            "title": title,
            "panelRefName": f"panel_{index}",
        }
        for index, type_, _, title, x, y, w, h in PANELS
    ]
    references = [
        {"name": f"{index}:panel_{index}", "type": type_, "id": id_}
        for index, type_, id_, *_ in PANELS
    ] + [
        {
            "name": f"controlGroup_control-{field}:optionsListDataView",
            "type": "index-pattern",
            "id": DATA_VIEW,
        }
        for field, _ in CONTROLS
    ]
    return _obj(
        "dashboard",
        "es-ingest-dashboard",
        {
            "title": "es-ingest: articles",
            "description": "Countries, persons and alliances of the indexed articles; "
            "the controls filter every panel.",
            "timeRestore": True,
            "timeFrom": "now-30y",
            "timeTo": "now",
            "refreshInterval": {"pause": True, "value": 0},
            "optionsJSON": _j(
                {
                    "useMargins": True,
                    "syncColors": False,
                    "syncCursor": True,
                    "syncTooltips": False,
                    "hidePanelTitles": False,
                }
            ),
            "panelsJSON": _j(panels),
            "controlGroupInput": {
                "controlStyle": "oneLine",
                "chainingSystem": "HIERARCHICAL",
                "showApplySelections": False,
                "ignoreParentSettingsJSON": _j(
                    {
                        "ignoreFilters": False,
                        "ignoreQuery": False,
                        "ignoreTimerange": False,
                        "ignoreValidations": False,
                    }
                ),
                "panelsJSON": _j(controls),
            },
            "kibanaSavedObjectMeta": {
                "searchSourceJSON": _j({"query": {"query": "", "language": "kuery"}, "filter": []})
            },
        },
        references,
        "8.9.0",
    )


def objects() -> list[dict[str, Any]]:
    """Every saved object, referenced ones before those that reference them."""
    return [
        data_view(),
        saved_search(),
        top_bar("es-ingest-top-countries", "Top countries", "countries", "Country", 20),
        top_bar("es-ingest-top-persons", "Top persons", "persons", "Person", 20),
        alliances_pie(),
        over_time(),
        articles_map(),
        dashboard(),
    ]


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
