"""`es-ingest search` and `es-ingest kibana import` (registered at the end of cli.py)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import click

from .cli import EXIT_UNAVAILABLE, EXIT_USAGE, _connection_options, _settings
from .errors import ElasticsearchUnavailable

_EM_RE = re.compile(r"</?em>")


def _plain_snippet(snippet: str, color: bool) -> str:
    """The highlighted snippet for a terminal: bold on a TTY, *word* elsewhere."""
    if color:
        return snippet.replace("<em>", "\x1b[1m").replace("</em>", "\x1b[0m")
    return _EM_RE.sub("*", snippet)


@click.command("search")
@click.argument("query", required=False)
@_connection_options
@click.option("--country", "countries", multiple=True, help="ISO code or name (repeatable)")
@click.option("--person", "persons", multiple=True, help="person name (repeatable)")
@click.option("--alliance", "alliances", multiple=True, help="alliance name (repeatable)")
@click.option("--lang", help="only articles in this language (ISO 639-1, e.g. fr)")
@click.option("--from", "date_from", help="published on or after this date (2024-05-01)")
@click.option("--to", "date_to", help="published on or before this date (inclusive)")
@click.option("--size", type=int, default=10, show_default=True, help="hits per page")
@click.option("--page", type=int, default=1, show_default=True)
@click.option(
    "--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True
)
@click.option("--json", "as_json", is_flag=True, help="one JSON document: total, hits, facets")
@click.option(
    "--template-params",
    is_flag=True,
    help="print the params of the stored template articles-faceted-search for this search",
)
def search_command(
    query: str | None,
    countries: tuple[str, ...],
    persons: tuple[str, ...],
    alliances: tuple[str, ...],
    lang: str | None,
    date_from: str | None,
    date_to: str | None,
    size: int,
    page: int,
    sort: str,
    as_json: bool,
    template_params: bool,
    **conn: Any,
) -> None:
    """Full-text and faceted search of the indexed articles.

    QUERY is plain text (no query syntax) in any language; names of countries,
    alliances and persons in it also match articles tagged with them in other
    languages ("NATO" finds "OTAN"). Several values of one facet option match
    any of them; different options must all match. Facet counts respect the
    other filters.
    """
    from elasticsearch import exceptions as es_exc

    from .connection import check, describe, make_client
    from .search import SearchError, search_params
    from .search import template_params as make_params

    settings = _settings(**conn)
    try:
        params = make_params(
            query,
            countries=countries,
            persons=persons,
            alliances=alliances,
            lang=lang,
            date_from=date_from,
            date_to=date_to,
            size=size,
            page=page,
            sort=sort,
        )
    except SearchError as exc:
        click.echo(f"es-ingest: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if template_params:
        click.echo(json.dumps({"id": "articles-faceted-search", "params": params}, indent=2))
        return
    client = make_client(settings)
    try:
        check(client, settings)
        result = search_params(client, params, settings.alias)
    except ElasticsearchUnavailable as exc:
        click.echo(f"es-ingest: error: {exc}", err=True)
        sys.exit(EXIT_UNAVAILABLE)
    except (es_exc.ApiError, es_exc.TransportError) as exc:
        click.echo(f"es-ingest: error: search failed: {describe(exc)}", err=True)
        sys.exit(EXIT_UNAVAILABLE)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    color = sys.stdout.isatty()
    first = (page - 1) * size + 1 if result.hits else 0
    last = first + len(result.hits) - 1 if result.hits else 0
    more = "" if result.total_is_exact else "+"
    click.echo(f"{result.total}{more} articles (showing {first}-{last})")
    for hit in result.hits:
        click.echo("")
        click.echo(f"{hit.title or '(no title)'}  [{hit.id}]")
        meta = [x for x in (hit.date, hit.language, hit.source) if x]
        if meta:
            click.echo("  " + " | ".join(meta))
        if hit.url:
            click.echo(f"  {hit.url}")
        tags = []
        for label, values in (
            ("countries", hit.countries),
            ("persons", hit.persons),
            ("alliances", hit.alliances),
        ):
            if values:
                tags.append(f"{label}: {', '.join(values)}")
        if tags:
            click.echo("  " + "; ".join(tags))
        if hit.snippet:
            click.echo("  " + _plain_snippet(" ".join(hit.snippet.split()), color))
    click.echo("")
    for name, counts in result.facets.items():
        if not counts:
            continue
        shown = ", ".join(f"{c.value}{f' ({c.name})' if c.name else ''}: {c.count}" for c in counts)
        click.echo(f"{name}: {shown}")


@click.group("kibana")
def kibana_group() -> None:
    """Kibana saved objects: data view, saved search and dashboard."""


@kibana_group.command("import")
@click.option(
    "--kibana-url",
    envvar="KIBANA_URL",
    required=True,
    help="Kibana base URL, e.g. https://localhost:5601 [KIBANA_URL]",
)
@click.option("--space", envvar="KIBANA_SPACE", help="Kibana space id [KIBANA_SPACE; default]")
@click.option(
    "--wait",
    type=float,
    default=120.0,
    show_default=True,
    help="seconds to retry while Kibana is not ready",
)
@_connection_options
def kibana_import(kibana_url: str, space: str | None, wait: float, **conn: Any) -> None:
    """Import the saved objects into Kibana (overwriting earlier copies).

    Authenticates with ES_USERNAME/ES_PASSWORD or ES_API_KEY and verifies TLS
    with ES_CA_CERTS, like the Elasticsearch options. The data view targets
    the alias (--alias / ES_ALIAS).
    """
    from .kibana import KibanaError, import_objects

    settings = _settings(**conn)
    try:
        report = import_objects(kibana_url, settings, space=space, wait_seconds=wait)
    except KibanaError as exc:
        click.echo(f"es-ingest: error: {exc}", err=True)
        sys.exit(EXIT_UNAVAILABLE)
    click.echo(f"imported {report.success_count} saved objects into Kibana at {kibana_url}")
