"""`es-ingest search`: full-text and faceted search from the terminal."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..errors import ElasticsearchUnavailable
from .options import build_settings, connection_options

_EM_RE = re.compile(r"</?em>")


def _plain_snippet(snippet: str, color: bool) -> str:
    """The highlighted snippet for a terminal: bold on a TTY, *word* elsewhere."""
    if color:
        return snippet.replace("<em>", "\x1b[1m").replace("</em>", "\x1b[0m")
    return _EM_RE.sub("*", snippet)


@contextmanager
def _search_errors() -> Iterator[None]:
    """The client's errors during the search, as `ElasticsearchUnavailable` (exit 3)."""
    from elasticsearch import ApiError, TransportError

    from ..connection import describe

    try:
        yield
    except (ApiError, TransportError) as exc:
        raise ElasticsearchUnavailable(f"search failed: {describe(exc)}") from None


@click.command("search")
@click.argument("query", required=False)
@connection_options
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
    from ..connection import check, make_client
    from ..person_registry import load_mapping
    from ..search import SEARCH_TEMPLATE_ID, search_params, with_registry
    from ..search import template_params as make_params

    settings = build_settings(**conn)
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
    if template_params:
        click.echo(json.dumps({"id": SEARCH_TEMPLATE_ID, "params": params}, indent=2))
        return
    client = make_client(settings)
    check(client, settings)
    with _search_errors():
        if params.get("persons"):
            # any spelling of a consolidated person (es-ingest persons consolidate)
            params = with_registry(params, load_mapping(client, settings.alias))
        result = search_params(client, params, settings.alias)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_result(result, page, size, color=sys.stdout.isatty())


def _print_result(result: Any, page: int, size: int, color: bool) -> None:
    """Hits (title, id, date, language, source, url, facets, snippet), then facet counts."""
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
