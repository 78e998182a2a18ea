"""The `es-ingest` command line: a thin layer over the library.

Options map one-to-one onto `Settings` fields and read the same environment
variables. Exit codes:

    0  everything read was indexed (or written, for --dry-run)
    1  some records were rejected (see the rejects file)
    2  usage or configuration error
    3  Elasticsearch unavailable, or setup failed
    4  some articles were not acknowledged and were saved to the pending file
  130  interrupted (Ctrl-C); in-flight articles saved to the pending file
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import local_es, redact
from .config import Settings
from .errors import (
    ConfigError,
    DataError,
    ElasticsearchUnavailable,
    EsIngestError,
    LocalEsError,
    SetupError,
)
from .version import __version__

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_UNAVAILABLE, EXIT_PENDING = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130


def _connection_options(func: Callable[..., Any]) -> Callable[..., Any]:
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


def _settings(**values: Any) -> Settings:
    # Click already read the environment; from_env({}) keeps the defaults.
    # Secrets are registered before anything can print or log them.
    es_url = values.get("es_url")
    redact.register(
        values.get("password"),
        values.get("api_key"),
        redact.url_password(es_url) if es_url else None,
    )
    try:
        return Settings.from_env({}, **values)
    except ConfigError as exc:
        raise click.UsageError(redact.redact(str(exc))) from None


def _fail(exc: EsIngestError, code: int) -> None:
    click.echo(f"es-ingest: error: {redact.redact(str(exc))}", err=True)
    sys.exit(code)


@click.group()
@click.version_option(__version__, prog_name="es-ingest")
@click.option("-v", "--verbose", count=True, help="more logging (-vv for debug)")
def main(verbose: int) -> None:
    """Enrich news articles and index them into Elasticsearch."""
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # No log record reaches stderr with a password or API key in it (see redact).
    redact.install()
    # elastic_transport logs every request, and every retry with a traceback;
    # our own one-line errors say the same, so keep its output for -vv.
    logging.getLogger("elastic_transport").setLevel(
        logging.DEBUG if verbose > 1 else logging.CRITICAL
    )


# --- setup -------------------------------------------------------------------


@main.command()
@_connection_options
@click.option(
    "--create-keys",
    is_flag=True,
    help="also create two least-privilege API keys (ingest: write to the alias only; "
    "search: read-only) and print them once",
)
@click.option(
    "--key-expiration", help="lifetime of the created keys, e.g. 90d [default: no expiry]"
)
def setup(create_keys: bool, key_expiration: str | None, **conn: Any) -> None:
    """Install the ingest pipeline, index template, search template and index.

    Idempotent: a second run changes nothing. A changed mapping creates the
    next index version, reindexes into it and then moves the alias.
    With --create-keys (needs a user allowed to manage API keys, such as
    `elastic`) two API keys are created and printed once on stdout.
    """
    from .connection import check, make_client
    from .schema import install

    settings = _settings(**conn)
    client = make_client(settings)
    try:
        check(client, settings)
        report = install(client, settings.alias)
    except ElasticsearchUnavailable as exc:
        _fail(exc, EXIT_UNAVAILABLE)
    except SetupError as exc:
        _fail(exc, EXIT_UNAVAILABLE)
    if report.changed:
        for action in report.actions:
            click.echo(action)
    else:
        click.echo(f"already up to date ({settings.alias} -> {report.index})")
    if create_keys:
        _create_keys(client, settings, key_expiration)


def _create_keys(client: Any, settings: Settings, expiration: str | None) -> None:
    from elasticsearch import ApiError, TransportError

    from .connection import describe
    from .keys import create_keys

    try:
        created = create_keys(client, settings.alias, expiration=expiration)
    except (ApiError, TransportError) as exc:
        _fail(SetupError(f"cannot create API keys: {describe(exc)}"), EXIT_UNAVAILABLE)
    click.echo("API keys (shown only now: Elasticsearch keeps a hash and cannot show them again)")
    for key in created:
        click.echo(f"{key.purpose} key: id {key.id}, name {key.name}")
        click.echo(f"  privileges: {key.describe()}")
        click.echo(f"  ES_API_KEY={key.encoded}")


# --- keys --------------------------------------------------------------------


@main.group("keys")
def keys_group() -> None:
    """Least-privilege API keys for ingesting and for searching (see `setup --create-keys`)."""


@keys_group.command("create")
@_connection_options
@click.option(
    "--key-expiration", help="lifetime of the created keys, e.g. 90d [default: no expiry]"
)
def keys_create(key_expiration: str | None, **conn: Any) -> None:
    """Create the ingest key (write to the alias only) and the read-only search key.

    Each encoded key is printed once on stdout; Elasticsearch cannot show it again.
    """
    from .connection import check, make_client

    settings = _settings(**conn)
    client = make_client(settings)
    try:
        check(client, settings)
    except ElasticsearchUnavailable as exc:
        _fail(exc, EXIT_UNAVAILABLE)
    _create_keys(client, settings, key_expiration)


@keys_group.command("invalidate")
@click.argument("ids", nargs=-1, required=True)
@_connection_options
def keys_invalidate(ids: tuple[str, ...], **conn: Any) -> None:
    """Invalidate (revoke) API keys by id."""
    from elasticsearch import ApiError, TransportError

    from .connection import describe, make_client
    from .keys import invalidate

    settings = _settings(**conn)
    try:
        count = invalidate(make_client(settings), *ids)
    except (ApiError, TransportError) as exc:
        _fail(SetupError(f"cannot invalidate API keys: {describe(exc)}"), EXIT_UNAVAILABLE)
    click.echo(f"invalidated {count} API key(s)")


# --- ingest ------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_connection_options
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
    settings = _settings(**values)
    if settings.effective_workers > 1:
        from .parallel import prestart

        prestart()  # the workers' preload overlaps what follows
    from .ingest import run
    from .readers import read_paths

    client = None
    if not dry_run:
        from .connection import check, make_client

        client = make_client(settings)
        try:
            check(client, settings)
        except ElasticsearchUnavailable as exc:
            _fail(exc, EXIT_UNAVAILABLE)

    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="ingest", file=sys.stderr, dynamic_ncols=True)

    def on_reject(err: DataError) -> None:
        line = f"rejected: {err.one_line()}"
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
        )
    finally:
        if bar is not None:
            bar.close()
        if out is not None and out is not sys.stdout:
            out.close()
    _print_summary(summary, dry_run)
    if summary.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if summary.pending:
        sys.exit(EXIT_PENDING)
    if summary.rejected:
        sys.exit(EXIT_REJECTED)


def _print_summary(summary: Any, dry_run: bool) -> None:
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
    if summary.rejects_path:
        click.echo(
            f"rejected records saved to {summary.rejects_path} "
            f"(fix them, then: es-ingest ingest {summary.rejects_path})",
            err=True,
        )
    if summary.pending_path:
        click.echo(
            f"{summary.pending} articles not indexed were saved to {summary.pending_path}; "
            f"resume with: es-ingest ingest {summary.pending_path}",
            err=True,
        )
    if summary.interrupted:
        click.echo(
            "interrupted: the input was not read to the end; run the same command again to "
            "finish (ids are stable, so nothing is duplicated)",
            err=True,
        )


# --- local-es ----------------------------------------------------------------


@main.group("local-es")
def local_es_group() -> None:
    """A local Elasticsearch node for development and CI, without Docker."""


@local_es_group.command("start")
@click.option("--port", type=int, default=local_es.DEFAULT_PORT, show_default=True)
@click.option("--es-home", envvar="ES_HOME", help="use this unpacked Elasticsearch [ES_HOME]")
@click.option("--java-home", help="Java 21+ home [default $ES_JAVA_HOME, $JAVA_HOME, known JDKs]")
@click.option(
    "--plugin",
    "plugins",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="plugin zip to install in the node (repeatable)",
)
@click.option("--heap", default="1g", show_default=True, help="JVM heap size")
@click.option(
    "--timeout", type=float, default=180.0, show_default=True, help="seconds to wait for health"
)
@click.option(
    "--secure",
    is_flag=True,
    help="security and TLS on: a CA and certificate are made in the node's directory and "
    "the elastic password is ES_PASSWORD, or a generated one printed once. On the bare "
    "dev node, API keys need the localnode-plugin zip (--plugin)",
)
def local_start(
    port: int,
    es_home: str | None,
    java_home: str | None,
    plugins: tuple[str, ...],
    heap: str,
    timeout: float,
    secure: bool,
) -> None:
    """Fetch (once), start and wait for a local node; prints its URL."""
    password = None
    generated = False
    if secure:
        import os
        import secrets

        password = os.environ.get("ES_PASSWORD") or None
        if password is None:
            password, generated = secrets.token_urlsafe(18), True
        redact.register(password)
    try:
        st = local_es.start(
            port,
            es_home=es_home,
            java_home=java_home,
            plugins=[Path(p) for p in plugins],
            heap=heap,
            timeout=timeout,
            secure=secure,
            password=password,
        )
    except LocalEsError as exc:
        _fail(exc, EXIT_UNAVAILABLE)
    click.echo(st.url)
    if secure:
        click.echo(f"CA certificate: {st.ca_certs}")
        click.echo("user: elastic")
        if generated:
            # The only place the generated password ever appears: this terminal.
            click.echo(f"password: {password}  (generated; shown only this once)")
        else:
            click.echo("password: the one in ES_PASSWORD")
        click.echo(
            f"export ES_URL={st.url} ES_CA_CERTS={st.ca_certs} ES_USERNAME=elastic"
            + (" ES_PASSWORD='<the password above>'" if generated else "")
        )


@local_es_group.command("stop")
@click.option("--port", type=int, default=local_es.DEFAULT_PORT, show_default=True)
def local_stop(port: int) -> None:
    """Stop the node that `local-es start` started (and nothing else)."""
    if local_es.stop(port):
        click.echo(f"stopped the local node on port {port}")
    else:
        click.echo(f"no local node of ours is running on port {port}")


@local_es_group.command("status")
@click.option("--port", type=int, default=local_es.DEFAULT_PORT, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def local_status(port: int, as_json: bool) -> None:
    """Say whether our local node runs, and where."""
    st = local_es.status(port)
    if as_json:
        click.echo(
            json.dumps({"running": st.running, "url": st.url, "pid": st.pid, "home": str(st.home)})
        )
    else:
        click.echo(f"running at {st.url} (pid {st.pid})" if st.running else "not running")
    sys.exit(0 if st.running else 1)


# --- search and kibana (cli_search.py) -----------------------------------------
from .cli_search import kibana_group, search_command  # noqa: E402

main.add_command(search_command)
main.add_command(kibana_group)

# --- Kafka: consume, produce, local-kafka (cli_kafka.py) ------------------------
from .cli_kafka import kafka_commands  # noqa: E402

for _command in kafka_commands():
    main.add_command(_command)
