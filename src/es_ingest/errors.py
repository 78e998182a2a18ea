"""The exceptions es-ingest raises.

    EsIngestError                 base of everything below
    ├── DataError                 one input document is bad; the run goes on
    │                             (carries source, line, stage and reason)
    ├── ConfigError               a setting or option is invalid            exit 2
    ├── SearchError               invalid search parameters                 exit 2
    ├── ElasticsearchUnavailable  the cluster cannot be reached (URL, cause) exit 3
    ├── SetupError                installing templates, pipelines, aliases  exit 3
    │                             or API keys failed
    ├── KibanaError               Kibana cannot be reached or refused       exit 3
    ├── LocalEsError              the local development node cannot be      exit 3
    │                             fetched, started or stopped
    ├── KafkaError                the Kafka broker or a topic cannot be     exit 3
    │                             used (consume, produce)
    ├── LocalKafkaError           the local development broker cannot be    exit 3
    │                             fetched, started or stopped
    └── WorkerError               an enrichment worker raised or died       exit 5

Only `DataError` is caught per document; everything else stops the command
with a one-line message and the exit code above. The library only raises;
the mapping from class to exit code lives in one place, `cli/exits.py`
(a unit test checks that these docstrings say the same).
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
    Never stops a run: the record goes to the rejects file, and a run with
    rejected records ends with exit code 1.
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
    """An option or environment variable has an invalid value.

    Raised by `Settings` (and the CLI's checks of its output files) before
    anything is read or sent. Exit code 2.
    """


class SearchError(EsIngestError):
    """Invalid search parameters (a bad date, page or size).

    Raised by `search.template_params` before any request. Exit code 2.
    """


class ElasticsearchUnavailable(EsIngestError):
    """Elasticsearch cannot be reached, refuses our credentials or a request.

    Raised by `connection.check` at start, and by the CLI for a request the
    cluster refused. Exit code 3.
    """


class SetupError(EsIngestError):
    """Installing the index template, pipeline, search template, alias or API keys failed.

    Raised by `schema.install` and `es-ingest keys`. Exit code 3.
    """


class KibanaError(EsIngestError):
    """Kibana cannot be reached or refused the import.

    Raised by `kibana.import_objects` (and when the saved objects cannot be
    found or read). Exit code 3.
    """


class LocalEsError(EsIngestError):
    """The local development node could not be fetched, started or stopped.

    Raised by `local_es`. Exit code 3.
    """


class WorkerError(EsIngestError):
    """An enrichment worker raised an exception or died (killed, out of memory).

    Raised by `parallel.ParallelEnricher` in the parent, with the worker's
    traceback; the articles in flight are saved to the pending file. Exit code 5.
    """


class KafkaError(EsIngestError):
    """Kafka cannot be reached, or a topic cannot be created or used.

    Raised by `stream` (consume, produce). Exit code 3.
    """


class LocalKafkaError(EsIngestError):
    """The local development broker could not be fetched, started or stopped.

    Raised by `local_kafka`. Exit code 3.
    """
