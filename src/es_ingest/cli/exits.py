"""Exit codes, and the one place where exceptions become them.

    0  everything read was indexed (or written, for --dry-run)
    1  some records were rejected (see the rejects file)
    2  usage or configuration error (ConfigError, SearchError, bad options)
    3  Elasticsearch unavailable or refusing, setup failed, Kibana or the
       local node failed (ElasticsearchUnavailable, SetupError, KibanaError,
       LocalEsError, and the client's ApiError/TransportError); Kafka or the
       local broker failed (KafkaError, LocalKafkaError)
    4  some articles were not acknowledged and were saved to the pending file
    5  an enrichment worker failed (WorkerError); articles in flight are pending
  128+n  stopped by signal n (130 Ctrl-C/SIGINT, 143 SIGTERM, 129 SIGHUP);
       articles in flight saved to the pending file (but `consume`, which runs
       until stopped, exits 0 on SIGINT/SIGTERM once it committed what is indexed)

`Group` is the root command's class: every exception of `errors.py` raised
by any command is printed as one redacted line and exits with the code of
`EXIT_CODES`; click's own usage errors are redacted too. Commands therefore
have no `except` branches for these errors: they let them rise.
"""

from __future__ import annotations

import signal
import sys
from typing import Any, NoReturn

import click

from .. import redact
from ..errors import (
    ConfigError,
    DataError,
    ElasticsearchUnavailable,
    EsIngestError,
    KafkaError,
    KibanaError,
    LocalEsError,
    LocalKafkaError,
    SearchError,
    SetupError,
    WorkerError,
)

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
EXIT_PENDING = 4
EXIT_WORKER = 5
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130

#: Exception class -> exit code; the first matching row wins.
EXIT_CODES: tuple[tuple[type[EsIngestError], int], ...] = (
    (ConfigError, EXIT_USAGE),
    (SearchError, EXIT_USAGE),
    (ElasticsearchUnavailable, EXIT_UNAVAILABLE),
    (SetupError, EXIT_UNAVAILABLE),
    (KibanaError, EXIT_UNAVAILABLE),
    (LocalEsError, EXIT_UNAVAILABLE),
    (KafkaError, EXIT_UNAVAILABLE),
    (LocalKafkaError, EXIT_UNAVAILABLE),
    (WorkerError, EXIT_WORKER),
    # Never escapes a run (bad records go to the rejects file); if one does,
    # it is still bad data.
    (DataError, EXIT_REJECTED),
)


def exit_code(exc: EsIngestError) -> int:
    """The exit code for `exc`: its row in `EXIT_CODES` (any other EsIngestError: 3)."""
    for cls, code in EXIT_CODES:
        if isinstance(exc, cls):
            return code
    return EXIT_UNAVAILABLE


def summary_exit_code(summary: Any) -> int:
    """The exit code of an ingest run from its `Summary`.

    A run stopped by signal n (`stopped_by`, when the Summary has it) exits
    128+n, as a shell reports a process killed by that signal; then
    interrupted (130), pending (4), rejected (1), else 0.
    """
    stopped_by = getattr(summary, "stopped_by", None)
    if stopped_by:
        return 128 + int(stopped_by)
    if summary.interrupted:
        return EXIT_INTERRUPTED
    if summary.pending:
        return EXIT_PENDING
    if summary.rejected:
        return EXIT_REJECTED
    return EXIT_OK


def fail(message: str, code: int) -> NoReturn:
    """Print `message` as one redacted `es-ingest: error:` line and exit with `code`."""
    click.echo(f"es-ingest: error: {redact.redact(message)}", err=True)
    sys.exit(code)


def _client_errors() -> tuple[type[BaseException], ...]:
    # Imported only if something already imported the client: otherwise no such
    # error can exist, and `es-ingest --help` stays fast.
    if "elasticsearch" not in sys.modules:
        return ()
    from elasticsearch import ApiError, TransportError

    return (ApiError, TransportError)


class Group(click.Group):
    """A click group whose commands' errors end as one redacted line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            # Usage errors quote what was typed, which can be a secret. (click
            # declares `message` final; redacting it in place keeps the subclass's
            # own formatting, such as BadParameter's option name.)
            exc.message = redact.redact(exc.message)  # type: ignore[misc]
            raise
        except EsIngestError as exc:
            fail(str(exc), exit_code(exc))
        except KeyboardInterrupt:
            # `ingest` saves what is in flight itself; elsewhere there is nothing to save.
            fail("interrupted", EXIT_INTERRUPTED)
        except Exception as exc:
            if not isinstance(exc, _client_errors()):
                raise  # a bug: the traceback is printed, redacted (see redact.install)
            from ..connection import describe

            fail(f"Elasticsearch refused the request: {describe(exc)}", EXIT_UNAVAILABLE)
