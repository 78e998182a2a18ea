"""What several commands share: the connection options and the `Settings` they build.

Every command that talks to Elasticsearch (or Kibana, with the same
credentials) takes `@connection_options` and turns what it received into a
`Settings` with `build_settings(**values)`: options map one-to-one onto
`Settings` fields and read the same environment variables.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import click

from .. import redact
from ..config import Settings


class Seconds(click.ParamType):
    """A number of seconds: finite, and above 0 (or 0 and above, with `zero_ok`).

    `click.FloatRange` lets NaN through (it compares false with any bound).
    """

    name = "seconds"

    def __init__(self, zero_ok: bool = False) -> None:
        self.zero_ok = zero_ok

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        low_ok = seconds >= 0 if self.zero_ok else seconds > 0
        if not (math.isfinite(seconds) and low_ok):
            bound = "0 or more" if self.zero_ok else "above 0"
            self.fail(f"{value!r}: give a number of seconds {bound}", param, ctx)
        return seconds


def connection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --es-url, --api-key, --username, --password, --ca-certs, --verify-certs,
    --request-timeout and --alias (each also read from its ES_* variable)."""
    options = [
        click.option(
            "--es-url",
            envvar="ES_URL",
            help="Elasticsearch URL [ES_URL; default http://localhost:9200]",
        ),
        click.option("--api-key", envvar="ES_API_KEY", help="API key (base64) [ES_API_KEY]"),
        click.option("--username", envvar="ES_USERNAME", help="basic auth user [ES_USERNAME]"),
        click.option("--password", envvar="ES_PASSWORD", help="basic auth password [ES_PASSWORD]"),
        click.option("--ca-certs", envvar="ES_CA_CERTS", help="CA bundle for TLS [ES_CA_CERTS]"),
        click.option(
            "--verify-certs/--no-verify-certs",
            envvar="ES_VERIFY_CERTS",
            default=None,
            help="verify TLS certificates (default on; off warns) [ES_VERIFY_CERTS]",
        ),
        click.option(
            "--request-timeout",
            envvar="ES_REQUEST_TIMEOUT",
            type=float,
            help="seconds per request [ES_REQUEST_TIMEOUT; default 30]",
        ),
        click.option("--alias", envvar="ES_ALIAS", help="index alias [ES_ALIAS; default articles]"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_settings(**values: Any) -> Settings:
    """`Settings` from the options' values (None: the default).

    Secrets are registered with the redactor before anything can print or log
    them. Raises `ConfigError` (exit code 2) for an invalid value.
    """
    es_url = values.get("es_url")
    url_password = redact.url_password(es_url) if es_url else None
    redact.register(
        values.get("password"),
        values.get("api_key"),
        url_password,
        # The client sends a percent-encoded password decoded.
        unquote(url_password) if url_password else None,
    )
    # Click already read the environment; from_env({}) keeps the defaults.
    return Settings.from_env({}, **values)
