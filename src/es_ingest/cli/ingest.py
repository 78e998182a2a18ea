"""`es-ingest ingest`: read, enrich and index (or, with --dry-run, write) articles."""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import click

from .. import redact
from ..config import PRELOAD_ENV, check_output_file
from ..errors import DataError
from ..records import check_outputs, next_path
from .exits import summary_exit_code
from .options import build_settings, connection_options


@click.command()
@click.argument("paths", nargs=-1, required=True)
@connection_options
@click.option(
    "--dry-run", is_flag=True, help="enrich only; write JSON Lines, don't touch Elasticsearch"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="dry-run output file (default stdout)",
)
@click.option(
    "--bulk-docs", envvar="ES_BULK_DOCS", type=int, help="documents per bulk request [default 500]"
)
@click.option(
    "--bulk-bytes", envvar="ES_BULK_BYTES", type=int, help="bytes per bulk request [default 5 MiB]"
)
@click.option(
    "--workers",
    envvar="ES_INGEST_WORKERS",
    type=int,
    help="NLP worker processes [default: CPU count]",
)
@click.option(
    "--batch-size",
    envvar="ES_INGEST_BATCH",
    type=int,
    help="documents per nlp.pipe batch [default 32]",
)
@click.option(
    "--retry-seconds",
    envvar="ES_RETRY_SECONDS",
    type=float,
    help="how long to retry while Elasticsearch is unreachable [default 120]",
)
@click.option(
    "--rejects",
    "rejects_path",
    envvar="ES_INGEST_REJECTS",
    help="file for rejected records [default rejects.jsonl]",
)
@click.option(
    "--pending",
    "pending_path",
    envvar="ES_INGEST_PENDING",
    help="file for unacknowledged articles [default pending.jsonl]",
)
@click.option(
    "--shard",
    envvar="ES_INGEST_SHARD",
    metavar="K/N",
    help="keep only shard K of N (by a hash of the document id) [ES_INGEST_SHARD]",
)
@click.option(
    "--progress/--no-progress", default=None, help="progress bar (default: on a terminal)"
)
def ingest(
    paths: tuple[str, ...], dry_run: bool, output: str | None, progress: bool | None, **values: Any
) -> None:
    """Enrich and index PATHS: JSON Lines files, text files, directories, or - for stdin.

    Rejects and pending files can be given back as PATHS to replay them.
    """
    settings = build_settings(**values)
    _check_outputs(paths, settings, dry_run, output)
    if settings.effective_workers > 1 and not _small_input(paths):
        from ..language_hint import guess_languages
        from ..parallel import prestart

        # The workers' preload overlaps what follows, with the models of the
        # languages the input starts with (loaded once instead of per worker),
        # unless the user chose them: then the input is not read for a guess.
        prestart(languages=[] if PRELOAD_ENV in os.environ else guess_languages(paths))
    from ..ingest import run
    from ..pauses import PAUSE_SECONDS
    from ..readers import read_paths

    client = None
    if not dry_run:
        from ..connection import check, make_client
        from ..schema import check_ready

        client = make_client(settings)
        check(client, settings)
        check_ready(client, settings.alias)  # never write anywhere but through the alias

    bar = _progress_bar(progress)

    def on_reject(err: DataError) -> None:
        # A reason can quote the cluster's answer, which can quote a credential.
        line = redact.redact(f"rejected: {err.one_line()}")
        if bar is not None:
            bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    out = None
    try:
        if dry_run:
            out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        summary = run(
            read_paths(paths),
            settings,
            client=client,
            dry_run_output=out,
            on_reject=on_reject,
            on_progress=bar.update if bar is not None else None,
            # A stream may trickle: what was read is passed on when it pauses.
            pause_seconds=PAUSE_SECONDS if _reads_a_stream(paths) else None,
        )
    finally:
        if bar is not None:
            bar.close()
        if out is not None and out is not sys.stdout:
            out.close()
    _print_summary(summary, dry_run)
    code = summary_exit_code(summary)
    if code:
        sys.exit(code)


def _check_outputs(
    paths: tuple[str, ...], settings: Any, dry_run: bool, output: str | None
) -> None:
    """Refuse, before anything is read, outputs that cannot be written or are inputs."""
    check_output_file(settings.rejects_path, "--rejects")
    if not dry_run:
        check_output_file(settings.pending_path, "--pending")
    elif output:
        check_output_file(output, "--output")
    # An output that is one of the inputs would be read while it is written: a
    # replay into itself never ends, and -o onto its input truncates it.
    check_outputs(
        paths,
        {
            "rejects file (--rejects)": settings.rejects_path,
            "pending file (--pending)": None if dry_run else settings.pending_path,
            "dry-run output (-o)": output if dry_run else None,
        },
    )


#: An input of at most this many bytes is likely one chunk of articles or less,
#: which `parallel.make_enrich` enriches in-process: no forkserver is started
#: for it ahead of time (if it holds more articles, the pool starts later).
SMALL_INPUT_BYTES = 64 * 1024


def _small_input(paths: tuple[str, ...]) -> bool:
    """True when the files of `paths` add up to `SMALL_INPUT_BYTES` or less (stdin: False)."""
    total = 0
    for path in paths:
        if path == "-":
            return False
        for root, _dirs, files in os.walk(path) if os.path.isdir(path) else [("", [], [path])]:
            for name in files:
                try:
                    total += os.stat(os.path.join(root, name)).st_size
                except OSError:
                    continue  # the reader reports it
                if total > SMALL_INPUT_BYTES:
                    return False
    return True


def _reads_a_stream(paths: tuple[str, ...]) -> bool:
    """True when one of `paths` is stdin (``-``), a FIFO or a pipe (`readers.is_stream`)."""
    from pathlib import Path

    from ..readers import is_stream

    return any(path == "-" or is_stream(Path(path)) for path in paths)


def _progress_bar(progress: bool | None) -> Any:
    """A tqdm bar on stderr (by default only on a terminal), or None."""
    if not (sys.stderr.isatty() if progress is None else progress):
        return None
    from tqdm import tqdm

    return tqdm(unit="doc", desc="ingest", file=sys.stderr, dynamic_ncols=True)


def _print_summary(summary: Any, dry_run: bool) -> None:
    """The run's counts, and what to do with the rejects and pending files, on stderr."""
    done = f"written {summary.written}" if dry_run else f"indexed {summary.indexed}"
    parts = [f"read {summary.read}", done, f"rejected {summary.rejected}"]
    if not dry_run:
        parts.append(f"pending {summary.pending}")
    if summary.duplicates:
        parts.append(f"duplicate ids {summary.duplicates} (last one wins)")
    if summary.other_shards:
        parts.append(f"left to other shards {summary.other_shards}")
    rate = (summary.read / summary.seconds) if summary.seconds else 0.0
    click.echo(
        f"summary: {', '.join(parts)} in {summary.seconds:.1f}s ({rate:.1f} docs/s)", err=True
    )
    # The advice names another output file: a file given as input cannot be
    # the output too (records.check_outputs refuses it).
    if summary.rejects_path:
        click.echo(
            f"rejected records saved to {summary.rejects_path} (fix them, then: "
            f"es-ingest ingest {summary.rejects_path} --rejects {next_path(summary.rejects_path)})",
            err=True,
        )
    if summary.pending_path:
        click.echo(
            f"{summary.pending} articles not indexed were saved to {summary.pending_path}; "
            f"resume with: es-ingest ingest {summary.pending_path} "
            f"--pending {next_path(summary.pending_path)}",
            err=True,
        )
    if summary.interrupted:
        by = f" by {signal.Signals(summary.stopped_by).name}" if summary.stopped_by else ""
        click.echo(
            f"interrupted{by}: the input was not read to the end; run the same command again to "
            "finish (ids are stable, so nothing is duplicated)",
            err=True,
        )
