"""Settings: one frozen dataclass, filled from environment variables and CLI options.

Every CLI option of `es-ingest` maps one-to-one onto a field here; each field
also reads an environment variable (shown in brackets) so that compose files
and CI can configure the tool without flags.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .redact import safe_url, url_password

#: Environment variable: comma-separated languages whose resources the
#: workers' forkserver loads before they fork (`es_ingest.enrich.loaders`;
#: "all" for every registered language, "" for none). Unset, the CLI sets it
#: to the languages its input starts with (`es_ingest.language_hint`).
PRELOAD_ENV = "ES_INGEST_PRELOAD"

DEFAULT_ES_URL = "http://localhost:9200"
DEFAULT_ALIAS = "articles"


def _cpu_count() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


@dataclass(frozen=True)
class Settings:
    """How to reach Elasticsearch and how to ingest.

    Connection: `es_url` [ES_URL] default http://localhost:9200; `api_key`
    [ES_API_KEY] or `username`/`password` [ES_USERNAME/ES_PASSWORD];
    `ca_certs` [ES_CA_CERTS] a CA bundle; `verify_certs` [ES_VERIFY_CERTS]
    default True (turning it off logs a warning); `request_timeout`
    [ES_REQUEST_TIMEOUT] seconds, default 30.

    Index: `alias` [ES_ALIAS] default "articles" (indices are `<alias>-v<N>`).

    Ingest: `bulk_docs` [ES_BULK_DOCS] default 500 documents per bulk request,
    `bulk_bytes` [ES_BULK_BYTES] default 5 MiB per request; `workers`
    [ES_INGEST_WORKERS] NLP processes, default the CPU count; `batch_size`
    [ES_INGEST_BATCH] documents per `nlp.pipe` batch, default 32;
    `retry_seconds` [ES_RETRY_SECONDS] how long bulk requests are retried
    while the cluster is unreachable, default 120; `rejects_path`
    [ES_INGEST_REJECTS] default `rejects.jsonl`; `pending_path`
    [ES_INGEST_PENDING] default `pending.jsonl`; `shard` [ES_INGEST_SHARD]
    ``K/N``: keep only the articles of shard K of N (see `shard.py`).

    Kafka (`es-ingest consume` / `produce`, see `stream/`): `bootstrap_servers`
    [KAFKA_BOOTSTRAP_SERVERS] default localhost:9092; `topic` [KAFKA_TOPIC]
    default "articles"; `group` [KAFKA_GROUP] the consumer group, default
    "es-ingest"; `dead_letter_topic` [KAFKA_DEAD_LETTER_TOPIC] default
    ``<topic>.rejects``; `kafka_options` [KAFKA_OPTIONS] extra librdkafka
    settings as ``key=value,key=value``; `stats_file` [ES_INGEST_STATS_FILE]
    a JSON file rewritten with the consumer's counters every `stats_interval`
    [ES_INGEST_STATS_INTERVAL] seconds (default 10, also the log line's period).
    """

    es_url: str = DEFAULT_ES_URL
    # repr=False: a Settings in a log line or traceback never shows a secret.
    api_key: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_certs: str | None = None
    verify_certs: bool = True
    request_timeout: float = 30.0
    alias: str = DEFAULT_ALIAS
    bulk_docs: int = 500
    bulk_bytes: int = 5 * 1024 * 1024
    workers: int = 0  # 0 means "the CPU count", resolved by `effective_workers`
    batch_size: int = 32
    retry_seconds: float = 120.0
    rejects_path: str = "rejects.jsonl"
    pending_path: str = "pending.jsonl"
    shard: str | None = None
    bootstrap_servers: str = "localhost:9092"
    topic: str = "articles"
    group: str = "es-ingest"
    dead_letter_topic: str | None = None
    kafka_options: str | None = field(default=None, repr=False)  # may hold sasl.password
    stats_file: str | None = None
    stats_interval: float = 10.0

    ENV = {
        "es_url": "ES_URL",
        "api_key": "ES_API_KEY",
        "username": "ES_USERNAME",
        "password": "ES_PASSWORD",
        "ca_certs": "ES_CA_CERTS",
        "verify_certs": "ES_VERIFY_CERTS",
        "request_timeout": "ES_REQUEST_TIMEOUT",
        "alias": "ES_ALIAS",
        "bulk_docs": "ES_BULK_DOCS",
        "bulk_bytes": "ES_BULK_BYTES",
        "workers": "ES_INGEST_WORKERS",
        "batch_size": "ES_INGEST_BATCH",
        "retry_seconds": "ES_RETRY_SECONDS",
        "rejects_path": "ES_INGEST_REJECTS",
        "pending_path": "ES_INGEST_PENDING",
        "shard": "ES_INGEST_SHARD",
        "bootstrap_servers": "KAFKA_BOOTSTRAP_SERVERS",
        "topic": "KAFKA_TOPIC",
        "group": "KAFKA_GROUP",
        "dead_letter_topic": "KAFKA_DEAD_LETTER_TOPIC",
        "kafka_options": "KAFKA_OPTIONS",
        "stats_file": "ES_INGEST_STATS_FILE",
        "stats_interval": "ES_INGEST_STATS_INTERVAL",
    }

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from `env` (default `os.environ`), then non-None `overrides`.

        Raises `ConfigError` when a value has the wrong type.
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, var in cls.ENV.items():
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            values[name] = _convert(name, var, raw, str(types[name]))
        for name, value in overrides.items():
            if value is not None:
                values[name] = value
        settings = cls(**values)
        settings.validate()
        return settings

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def validate(self) -> None:
        """Raises `ConfigError` naming the first invalid value (secrets masked)."""
        _check_url(self.es_url)
        if self.api_key and (self.username or self.password):
            raise ConfigError("give either an API key or a username/password, not both")
        if bool(self.username) != bool(self.password):
            raise ConfigError("ES_USERNAME and ES_PASSWORD go together")
        if self.ca_certs and not Path(self.ca_certs).is_file():
            raise ConfigError(f"CA file not found: {self.ca_certs}")
        for name in ("bulk_docs", "bulk_bytes", "batch_size"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1")
        # NaN compares false with everything, so "not > 0" also refuses it.
        if not (math.isfinite(self.request_timeout) and self.request_timeout > 0):
            raise ConfigError(
                f"request_timeout must be a number of seconds above 0, got {self.request_timeout}"
            )
        if not (math.isfinite(self.retry_seconds) and self.retry_seconds >= 0):
            raise ConfigError(
                f"retry_seconds must be a number of seconds, 0 or more, got {self.retry_seconds}"
            )
        if self.workers < 0:
            raise ConfigError("workers must be 0 (= CPU count) or more")
        if self.shard is not None:
            self.shard_spec  # noqa: B018 - raises ConfigError when malformed
        if self.stats_interval <= 0:
            raise ConfigError("stats_interval must be more than 0 seconds")
        self.kafka_config  # noqa: B018 - raises ConfigError when malformed

    @property
    def dead_letters(self) -> str:
        """The dead-letter topic: `dead_letter_topic`, default ``<topic>.rejects``."""
        return self.dead_letter_topic or f"{self.topic}.rejects"

    @property
    def kafka_config(self) -> dict[str, str]:
        """`kafka_options` as a dict; `ConfigError` for an item without ``=``."""
        out: dict[str, str] = {}
        for item in (self.kafka_options or "").split(","):
            if not item.strip():
                continue
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise ConfigError(f"KAFKA_OPTIONS items are key=value, got {item.strip()!r}")
            out[key.strip()] = value.strip()
        return out

    @property
    def shard_spec(self) -> tuple[int, int] | None:
        """`shard` as ``(K, N)``, or None for the whole input."""
        if self.shard is None:
            return None
        from .shard import parse_shard

        return parse_shard(self.shard)

    @property
    def effective_workers(self) -> int:
        return self.workers or _cpu_count()

    def redacted(self) -> dict[str, Any]:
        """The settings as a dict with secrets masked, safe to log."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        for secret in ("api_key", "password"):
            if out[secret]:
                out[secret] = "***"
        if out["kafka_options"]:
            # It may carry sasl.password: show the keys only.
            out["kafka_options"] = ",".join(f"{k}=***" for k in self.kafka_config)
        return out


def _convert(name: str, var: str, raw: str, type_name: str) -> Any:
    try:
        if "bool" in type_name:
            lowered = raw.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if "float" in type_name:
            return float(raw)
        if "int" in type_name:
            return int(raw)
    except ValueError:
        raise ConfigError(f"{var}={raw!r} is not a valid {type_name}") from None
    return raw


def _check_url(url: str) -> None:
    """Refuse an ES_URL the client could not use, before anything reads it.

    Parsed by the function the Elasticsearch client itself uses, so what
    passes here is what the client accepts.
    """
    from elastic_transport.client_utils import url_to_node_config

    shown = repr(safe_url(url))
    if url != url.strip():
        raise ConfigError(f"ES_URL has a space or line break at its start or end: {shown}")
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"ES_URL must start with http:// or https://, got {shown}")
    try:
        url_to_node_config(url)
    except ValueError:
        hint = (
            "; a password with / ? # or @ must be percent-encoded in the URL, "
            "or given as ES_USERNAME/ES_PASSWORD"
            if any(c in (url_password(url) or "") for c in "/?#@")
            else "; it needs a host and a port (1-65535), e.g. http://localhost:9200"
        )
        raise ConfigError(f"ES_URL {shown} is not a valid URL{hint}") from None


def check_output_file(path: str, option: str) -> None:
    """Refuse an output file (rejects, pending) that could not be written.

    Checked before a run reads anything: a run finding out at its first
    rejected record would stop with records read and recorded nowhere.
    Raises `ConfigError` naming `option` when `path` is a directory, its
    folder does not exist, or it cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"{option} {path!r} is a directory; give a file name")
    folder = target.parent
    if not folder.is_dir():
        raise ConfigError(f"{option} {path!r}: the folder {str(folder)!r} does not exist")
    writable = os.access(target, os.W_OK) if target.exists() else os.access(folder, os.W_OK)
    if not writable:
        raise ConfigError(f"{option} {path!r} cannot be written")
