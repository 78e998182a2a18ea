"""The exceptions es-ingest raises.

    EsIngestError                 base of everything below
    ├── DataError                 one input document is bad; the run goes on
    │                             (carries source, line, stage and reason)
    ├── ConfigError               a setting or option is invalid
    ├── ElasticsearchUnavailable  the cluster cannot be reached (URL and cause)
    ├── SetupError                installing templates, pipelines or aliases failed
    ├── LocalEsError              the local development node cannot be fetched,
    │                             started or stopped
    ├── KafkaError                the Kafka broker or a topic cannot be used
    └── LocalKafkaError           the local development broker cannot be
                                  fetched, started or stopped

Only `DataError` is caught per document; everything else stops the command
with a one-line message and a documented exit code (see `cli.py`).
"""

from __future__ import annotations


class EsIngestError(Exception):
    """Base class of all es-ingest errors."""


class DataError(EsIngestError):
    """A single document cannot be read or indexed.

    `source` is the file (or "-" for stdin), `line` the 1-based line for JSON
    Lines (None for whole files), `stage` where it failed (read, enrich, index)
    and `reason` a one-line explanation; `raw` keeps the original record (the
    parsed object, or the raw text) so the rejects file can be replayed.
    """

    def __init__(
        self,
        reason: str,
        *,
        source: str = "",
        line: int | None = None,
        stage: str = "read",
        raw: object = None,
    ) -> None:
        self.reason = reason
        self.raw = raw
        self.source = source
        self.line = line
        self.stage = stage
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.stage}: {self.reason}"


class ConfigError(EsIngestError):
    """An option or environment variable has an invalid value."""


class ElasticsearchUnavailable(EsIngestError):
    """Elasticsearch cannot be reached or refuses our credentials."""


class SetupError(EsIngestError):
    """Installing the index template, pipeline, search template or alias failed."""


class LocalEsError(EsIngestError):
    """The local development node could not be fetched, started or stopped."""


class KafkaError(EsIngestError):
    """Kafka cannot be reached, or a topic or consumer group cannot be used."""


class LocalKafkaError(EsIngestError):
    """The local development broker could not be fetched, started or stopped."""
