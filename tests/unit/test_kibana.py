"""Kibana saved objects and their import, without a Kibana (none can run here).

Checked: the NDJSON parses and is what kibana/generate.py writes; every
reference between objects resolves (object references, panel, control, layer
and search-source reference names); every field a panel or control uses is in
the index mapping with an aggregatable type; the `_import` request is well
formed, and `es-ingest kibana import` sends it (to a stub server on loopback).
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from es_ingest import kibana
from es_ingest.config import Settings

REPO = Path(__file__).resolve().parents[2]
AGGREGATABLE = {"keyword", "date", "geo_point", "integer", "long", "float", "boolean", "ip"}


@pytest.fixture(scope="module")
def objects() -> list[dict[str, Any]]:
    return kibana.load_objects(REPO / "kibana")


def _mapping_types() -> dict[str, str]:
    """Field path -> type, subfields included ("countries.folded")."""
    template = json.loads((REPO / "mappings" / "index-template.json").read_text())
    out: dict[str, str] = {}

    def walk(props: dict[str, Any], prefix: str) -> None:
        for name, spec in props.items():
            path = f"{prefix}{name}"
            out[path] = spec.get("type", "object")
            for sub, sub_spec in (spec.get("fields") or {}).items():
                out[f"{path}.{sub}"] = sub_spec["type"]
            if "properties" in spec:
                walk(spec["properties"], f"{path}.")

    walk(template["template"]["mappings"]["properties"], "")
    return out


def test_ndjson_parses_and_is_generated(objects: list[dict[str, Any]]) -> None:
    assert objects, "no saved objects"
    ids = [(o["type"], o["id"]) for o in objects]
    assert len(ids) == len(set(ids))
    types = {o["type"] for o in objects}
    assert {"index-pattern", "search", "lens", "map", "dashboard"} <= types
    check = subprocess.run(
        [sys.executable, str(REPO / "kibana" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_data_view_targets_the_alias_with_time_field(objects: list[dict[str, Any]]) -> None:
    (view,) = [o for o in objects if o["type"] == "index-pattern"]
    assert view["id"] == kibana.DATA_VIEW_ID
    assert view["attributes"]["title"] == "articles"
    assert view["attributes"]["timeFieldName"] == "published_at"


def _ref_names(obj: dict[str, Any]) -> list[str]:
    """Reference names that an object's attributes use."""
    attrs = obj["attributes"]
    names: list[str] = []
    meta = attrs.get("kibanaSavedObjectMeta", {}).get("searchSourceJSON")
    if meta and "indexRefName" in json.loads(meta):
        names.append(json.loads(meta)["indexRefName"])
    if obj["type"] == "dashboard":
        for panel in json.loads(attrs["panelsJSON"]):
            names.append(f"{panel['panelIndex']}:{panel['panelRefName']}")
        for control_id in json.loads(attrs["controlGroupInput"]["panelsJSON"]):
            names.append(f"controlGroup_{control_id}:optionsListDataView")
    if obj["type"] == "lens":
        for layer in attrs["state"]["datasourceStates"]["formBased"]["layers"]:
            names.append(f"indexpattern-datasource-layer-{layer}")
    if obj["type"] == "map":
        for layer in json.loads(attrs["layerListJSON"]):
            ref = layer["sourceDescriptor"].get("indexPatternRefName")
            if ref:
                names.append(ref)
    return names


def test_every_reference_resolves(objects: list[dict[str, Any]]) -> None:
    present = {(o["type"], o["id"]) for o in objects}
    for obj in objects:
        refs = {r["name"]: r for r in obj["references"]}
        assert len(refs) == len(obj["references"]), f"duplicate reference names in {obj['id']}"
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in present, f"{obj['id']} -> {ref}"
        for name in _ref_names(obj):
            assert name in refs, f"{obj['id']} uses reference {name!r} that it does not declare"
    # and the dashboard shows every visualisation, the map and the saved search
    (dash,) = [o for o in objects if o["type"] == "dashboard"]
    shown = {r["id"] for r in dash["references"]}
    others = {o["id"] for o in objects if o["type"] in ("lens", "map", "search")}
    assert others <= shown


def _fields_used(objects: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(object id, field) for every field a panel, layer or control aggregates on."""
    used: list[tuple[str, str]] = []
    for obj in objects:
        attrs = obj["attributes"]
        if obj["type"] == "lens":
            layers = attrs["state"]["datasourceStates"]["formBased"]["layers"]
            for layer in layers.values():
                for column in layer["columns"].values():
                    if column["operationType"] != "count":
                        used.append((obj["id"], column["sourceField"]))
        elif obj["type"] == "map":
            for layer in json.loads(attrs["layerListJSON"]):
                geo = layer["sourceDescriptor"].get("geoField")
                if geo:
                    used.append((obj["id"], geo))
        elif obj["type"] == "dashboard":
            for control in json.loads(attrs["controlGroupInput"]["panelsJSON"]).values():
                used.append((obj["id"], control["explicitInput"]["fieldName"]))
        elif obj["type"] == "index-pattern":
            used.append((obj["id"], attrs["timeFieldName"]))
        elif obj["type"] == "search":
            used.extend((obj["id"], field) for field, _ in attrs["sort"])
    return used


def test_every_used_field_is_mapped_and_aggregatable(objects: list[dict[str, Any]]) -> None:
    types = _mapping_types()
    used = _fields_used(objects)
    assert {f for _, f in used} >= {
        "countries",
        "persons",
        "alliances",
        "language",
        "published_at",
        "country_points",
    }
    for obj_id, field in used:
        assert field in types, f"{obj_id}: field {field} is not in the mapping"
        assert types[field] in AGGREGATABLE, f"{obj_id}: {field} is {types[field]}"
    # the map's field is a geo_point, the time field a date
    assert types["country_points"] == "geo_point" and types["published_at"] == "date"


def test_saved_search_columns_exist(objects: list[dict[str, Any]]) -> None:
    types = _mapping_types()
    (saved,) = [o for o in objects if o["type"] == "search"]
    for column in saved["attributes"]["columns"]:
        assert column in types


def _parse_multipart(req: kibana.ImportRequest) -> list[Any]:
    raw = (f"Content-Type: {req.headers['Content-Type']}\r\n\r\n").encode() + req.body
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    assert msg.is_multipart()
    return list(msg.iter_parts())


def test_import_request_is_well_formed(objects: list[dict[str, Any]]) -> None:
    settings = Settings(username="elastic", password="s3cret", alias="news")
    req = kibana.build_import_request("https://kibana:5601/", settings, objects, space="ops")
    assert req.method == "POST"
    assert req.url == "https://kibana:5601/s/ops/api/saved_objects/_import?overwrite=true"
    assert req.headers["kbn-xsrf"] == "true"
    assert req.headers["Content-Type"] == f"multipart/form-data; boundary={req.boundary}"
    token = base64.b64encode(b"elastic:s3cret").decode()
    assert req.headers["Authorization"] == f"Basic {token}"
    (part,) = _parse_multipart(req)
    assert part.get_param("name", header="content-disposition") == "file"
    assert part.get_filename().endswith(".ndjson")
    assert part.get_content_type() == "application/ndjson"
    sent = [json.loads(line) for line in part.get_payload(decode=True).decode().splitlines()]
    assert [o["id"] for o in sent] == [o["id"] for o in objects]
    view = next(o for o in sent if o["type"] == "index-pattern")
    assert view["attributes"]["title"] == "news"  # the alias of the settings

    api = kibana.build_import_request("http://localhost:5601", Settings(api_key="abc=="), objects)
    assert api.url == "http://localhost:5601/api/saved_objects/_import?overwrite=true"
    assert api.headers["Authorization"] == "ApiKey abc=="
    anonymous = kibana.build_import_request("http://k:5601", Settings(), objects)
    assert "Authorization" not in anonymous.headers
    with pytest.raises(kibana.KibanaError):
        kibana.build_import_request("kibana:5601", Settings(), objects)


class _Stub(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []
    status = 200

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {k.lower(): v for k, v in self.headers.items()}
        _Stub.received.append({"path": self.path, "headers": headers, "body": body})
        count = body.count(b'"coreMigrationVersion"')
        reply = json.dumps({"success": True, "successCount": count, "errors": []}).encode()
        if _Stub.status != 200:
            reply = b'{"statusCode":401,"error":"Unauthorized"}'
        self.send_response(_Stub.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    _Stub.received, _Stub.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_cli_kibana_import_sends_the_objects(stub: str, objects: list[dict[str, Any]]) -> None:
    from es_ingest.cli import main

    env = {"KIBANA_URL": stub, "ES_USERNAME": "elastic", "ES_PASSWORD": "pw"}
    out = CliRunner().invoke(main, ["kibana", "import"], env=env, catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert f"imported {len(objects)} saved objects" in out.output
    (request,) = _Stub.received
    assert request["path"] == "/api/saved_objects/_import?overwrite=true"
    assert request["headers"]["kbn-xsrf"] == "true"
    assert request["headers"]["authorization"].startswith("Basic ")


def test_cli_kibana_import_reports_refusal(stub: str) -> None:
    from es_ingest.cli import main

    _Stub.status = 401
    env = {"KIBANA_URL": stub}
    out = CliRunner().invoke(main, ["kibana", "import", "--wait", "0"], env=env)
    assert out.exit_code == 3
    assert "authentication failed" in out.output
