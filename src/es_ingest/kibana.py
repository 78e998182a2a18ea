"""Import the Kibana saved objects of `kibana/` through Kibana's saved-objects API.

`build_import_request()` makes the request (POST
`<kibana>[/s/<space>]/api/saved_objects/_import?overwrite=true`, a multipart
form with the NDJSON as its `file` part, the `kbn-xsrf` header and the same
credentials as Elasticsearch: API key or basic auth); `import_objects()` sends
it with urllib, verifying TLS with the CA file of the settings, and retries
while Kibana is still starting.

The data view in the files targets the alias `articles`; another alias
(`ES_ALIAS`) is substituted in the data view title before import.
"""

from __future__ import annotations

import base64
import json
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .config import DEFAULT_ALIAS, Settings
from .errors import KibanaError

#: The data view's id in the NDJSON files.
DATA_VIEW_ID = "es-ingest-articles"


def kibana_dir() -> Path:
    """The `kibana/` directory: in a source checkout, or packaged as es_ingest/kibana."""
    repo = Path(__file__).resolve().parents[2] / "kibana"
    if any(repo.glob("*.ndjson")):
        return repo
    packaged = Path(str(resources.files("es_ingest"))) / "kibana"
    if any(packaged.glob("*.ndjson")):
        return packaged
    raise KibanaError("cannot find the kibana directory (*.ndjson saved objects)")


def load_objects(directory: Path | None = None) -> list[dict[str, Any]]:
    """Every saved object of the NDJSON files, in file order."""
    directory = directory or kibana_dir()
    objects: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.ndjson")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise KibanaError(f"{path}:{number}: not JSON: {exc}") from None
            objects.append(obj)
    return objects


def for_alias(objects: list[dict[str, Any]], alias: str) -> list[dict[str, Any]]:
    """The objects with the data view's title set to `alias`."""
    out = json.loads(json.dumps(objects))
    if alias != DEFAULT_ALIAS:
        for obj in out:
            if obj.get("type") == "index-pattern" and obj.get("id") == DATA_VIEW_ID:
                obj["attributes"]["title"] = alias
    return out


@dataclass(frozen=True)
class ImportRequest:
    """An HTTP request, built but not sent (so that it can be inspected)."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes
    boundary: str


def _auth_header(settings: Settings) -> str | None:
    if settings.api_key:
        return f"ApiKey {settings.api_key}"
    if settings.username and settings.password:
        token = base64.b64encode(f"{settings.username}:{settings.password}".encode()).decode()
        return f"Basic {token}"
    return None


def build_import_request(
    kibana_url: str,
    settings: Settings,
    objects: list[dict[str, Any]] | None = None,
    *,
    space: str | None = None,
) -> ImportRequest:
    """The multipart `_import` request for `objects` (default: the files of kibana/)."""
    if not kibana_url.startswith(("http://", "https://")):
        raise KibanaError(f"the Kibana URL must start with http:// or https:// ({kibana_url!r})")
    objects = for_alias(objects if objects is not None else load_objects(), settings.alias)
    ndjson = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode()
    boundary = f"es-ingest-{uuid.uuid4().hex}"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="es-ingest.ndjson"\r\n'
            "Content-Type: application/ndjson\r\n\r\n"
        ).encode()
        + ndjson
        + f"\r\n--{boundary}--\r\n".encode()
    )
    base = kibana_url.rstrip("/")
    if space and space != "default":
        base += f"/s/{urllib.parse.quote(space, safe='')}"
    headers = {
        "kbn-xsrf": "true",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Accept": "application/json",
    }
    auth = _auth_header(settings)
    if auth:
        headers["Authorization"] = auth
    return ImportRequest(
        method="POST",
        url=f"{base}/api/saved_objects/_import?overwrite=true",
        headers=headers,
        body=body,
        boundary=boundary,
    )


@dataclass
class ImportReport:
    success_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def _ssl_context(settings: Settings) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=settings.ca_certs) if settings.ca_certs else None
    if ctx is None:
        ctx = ssl.create_default_context()
    if not settings.verify_certs:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.hostname or "", parts.path, "", ""))


def import_objects(
    kibana_url: str,
    settings: Settings,
    *,
    space: str | None = None,
    wait_seconds: float = 120.0,
    objects: list[dict[str, Any]] | None = None,
) -> ImportReport:
    """Send the import; retry while Kibana is unreachable or answers 503.

    Raises `KibanaError` when Kibana refuses the import or some objects fail.
    """
    request = build_import_request(kibana_url, settings, objects, space=space)
    context = _ssl_context(settings) if request.url.startswith("https://") else None
    deadline = time.monotonic() + max(0.0, wait_seconds)
    where = _redact(request.url)
    while True:
        req = urllib.request.Request(
            request.url, data=request.body, headers=request.headers, method=request.method
        )
        try:
            with urllib.request.urlopen(  # noqa: S310 - URL checked above
                req, timeout=settings.request_timeout, context=context
            ) as resp:
                payload = json.loads(resp.read().decode("utf-8") or "{}")
            break
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            if exc.code in (502, 503, 504) and time.monotonic() < deadline:
                time.sleep(3)
                continue
            if exc.code == 401:
                raise KibanaError(
                    f"Kibana at {where}: authentication failed "
                    "(check ES_USERNAME/ES_PASSWORD or ES_API_KEY)"
                ) from None
            raise KibanaError(f"Kibana at {where}: HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            if time.monotonic() < deadline:
                time.sleep(3)
                continue
            reason = getattr(exc, "reason", exc)
            raise KibanaError(f"Kibana at {where} is not reachable: {reason}") from None
    report = ImportReport(
        success_count=int(payload.get("successCount", 0)), errors=payload.get("errors") or []
    )
    if not payload.get("success", False) or report.errors:
        first = json.dumps(report.errors[:3])[:500]
        raise KibanaError(f"Kibana at {where} rejected {len(report.errors)} objects: {first}")
    return report
