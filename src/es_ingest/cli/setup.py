"""`es-ingest setup` and `es-ingest keys`: install the index, manage API keys."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..config import Settings
from ..errors import SetupError
from .options import build_settings, connection_options

_KEY_EXPIRATION = click.option(
    "--key-expiration", help="lifetime of the created keys, e.g. 90d [default: no expiry]"
)


@contextmanager
def _keys_errors(doing: str) -> Iterator[None]:
    """The client's errors while `doing` something with keys, as `SetupError` (exit 3)."""
    from elasticsearch import ApiError, TransportError

    from ..connection import describe

    try:
        yield
    except (ApiError, TransportError) as exc:
        raise SetupError(f"cannot {doing} API keys: {describe(exc)}") from None


@click.command()
@connection_options
@click.option(
    "--create-keys",
    is_flag=True,
    help="also create two least-privilege API keys (ingest: write to the alias only; "
    "search: read-only) and print them once",
)
@_KEY_EXPIRATION
def setup(create_keys: bool, key_expiration: str | None, **conn: Any) -> None:
    """Install the ingest pipeline, index template, search template and index.

    Idempotent: a second run changes nothing. A changed mapping creates the
    next index version, reindexes into it and then moves the alias.
    With --create-keys (needs a user allowed to manage API keys, such as
    `elastic`) two API keys are created and printed once on stdout.
    """
    from ..connection import check, make_client
    from ..schema import install

    settings = build_settings(**conn)
    client = make_client(settings)
    check(client, settings)
    report = install(client, settings.alias)
    if report.changed:
        for action in report.actions:
            click.echo(action)
    else:
        click.echo(f"already up to date ({settings.alias} -> {report.index})")
    if create_keys:
        _create_keys(client, settings, key_expiration)


def _create_keys(client: Any, settings: Settings, expiration: str | None) -> None:
    from ..keys import create_keys

    with _keys_errors("create"):
        created = create_keys(client, settings.alias, expiration=expiration)
    click.echo("API keys (shown only now: Elasticsearch keeps a hash and cannot show them again)")
    for key in created:
        click.echo(f"{key.purpose} key: id {key.id}, name {key.name}")
        click.echo(f"  privileges: {key.describe()}")
        click.echo(f"  ES_API_KEY={key.encoded}")


@click.group("keys")
def keys_group() -> None:
    """Least-privilege API keys for ingesting and for searching (see `setup --create-keys`)."""


@keys_group.command("create")
@connection_options
@_KEY_EXPIRATION
def keys_create(key_expiration: str | None, **conn: Any) -> None:
    """Create the ingest key (write to the alias only) and the read-only search key.

    Each encoded key is printed once on stdout; Elasticsearch cannot show it again.
    """
    from ..connection import check, make_client

    settings = build_settings(**conn)
    client = make_client(settings)
    check(client, settings)
    _create_keys(client, settings, key_expiration)


@keys_group.command("invalidate")
@click.argument("ids", nargs=-1, required=True)
@connection_options
def keys_invalidate(ids: tuple[str, ...], **conn: Any) -> None:
    """Invalidate (revoke) API keys by id."""
    from ..connection import make_client
    from ..keys import invalidate

    settings = build_settings(**conn)
    with _keys_errors("invalidate"):
        count = invalidate(make_client(settings), *ids)
    click.echo(f"invalidated {count} API key(s)")
