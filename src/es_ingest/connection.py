"""Build an Elasticsearch client from `Settings` and check that it answers.

Errors never contain secrets: messages name the URL and the cause only.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from .config import Settings
from .errors import ElasticsearchUnavailable
from .redact import safe_url

log = logging.getLogger(__name__)


def make_client(settings: Settings, **extra: Any) -> Elasticsearch:
    """An `Elasticsearch` client for `settings` (API key, basic auth, CA file).

    Certificate verification stays on unless `verify_certs` is False, in which
    case a warning is logged once.
    """
    kwargs: dict[str, Any] = {
        "request_timeout": settings.request_timeout,
        "retry_on_timeout": True,
        "max_retries": 2,
    }
    if settings.api_key:
        kwargs["api_key"] = settings.api_key
    elif settings.username and settings.password:
        kwargs["basic_auth"] = (settings.username, settings.password)
    if settings.es_url.startswith("https://"):
        if settings.ca_certs:
            kwargs["ca_certs"] = settings.ca_certs
        if not settings.verify_certs:
            log.warning(
                "TLS certificate verification is OFF for %s (ES_VERIFY_CERTS=false)",
                safe_url(settings.es_url),
            )
            kwargs["verify_certs"] = False
            kwargs["ssl_show_warn"] = False
    kwargs.update(extra)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Elasticsearch(settings.es_url, **kwargs)


def describe(exc: BaseException) -> str:
    """A one-line cause for a transport/API error, without secrets."""
    if isinstance(exc, es_exc.AuthenticationException):
        return "authentication failed (check ES_API_KEY or ES_USERNAME/ES_PASSWORD)"
    if isinstance(exc, es_exc.AuthorizationException):
        return "not authorised for this operation (the API key or user lacks privileges)"
    if isinstance(exc, es_exc.ApiError):
        return f"HTTP {exc.meta.status}: {_api_reason(exc)}"
    if isinstance(exc, es_exc.ConnectionTimeout):
        return "connection timed out"
    if isinstance(exc, es_exc.SSLError):
        return "TLS error (set ES_CA_CERTS to the cluster's CA file)"
    if isinstance(exc, es_exc.ConnectionError):
        cause = str(exc).split("Caused by:")[-1].strip() or "connection refused"
        return cause.splitlines()[0][:200]
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"


def _api_reason(exc: es_exc.ApiError) -> str:
    body = exc.body
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            return f"{err.get('type', '')}: {err.get('reason', '')}"[:300]
        if err:
            return str(err)[:300]
    return str(exc.message)[:300]


def check(client: Elasticsearch, settings: Settings) -> dict[str, Any]:
    """Cluster health; raises `ElasticsearchUnavailable` naming the URL and cause.

    A 403 means the cluster answered and accepted the credentials, but they may
    not read cluster health (a least-privilege API key has no cluster privilege,
    see `keys`): that counts as usable, and `{"status": "unknown"}` is returned.
    """
    try:
        health = client.options(request_timeout=min(settings.request_timeout, 10)).cluster.health()
    except es_exc.AuthorizationException:
        log.debug("credentials accepted; cluster health is not visible to them")
        return {"status": "unknown"}
    except (es_exc.ApiError, es_exc.TransportError) as exc:
        raise ElasticsearchUnavailable(
            f"Elasticsearch at {safe_url(settings.es_url)} is not usable: {describe(exc)}"
        ) from None
    return dict(health.body)
