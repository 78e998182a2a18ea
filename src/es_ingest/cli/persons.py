"""`es-ingest persons consolidate`: one facet value for the spellings of one person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError
from .options import build_settings, connection_options


@click.group("persons")
def persons_group() -> None:
    """The persons facet across the corpus."""


@persons_group.command("consolidate")
@connection_options
@click.option("--dry-run", is_flag=True, help="print the merges; change nothing")
@click.option(
    "--input",
    "input_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="consolidate this `ingest --dry-run` output instead of the index (no Elasticsearch)",
)
@click.option(
    "-o",
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="with --input: write the consolidated rows here (JSON Lines)",
)
def consolidate_command(
    dry_run: bool, input_path: Path | None, output_path: Path | None, **conn: Any
) -> None:
    """Give one `persons` value to the spellings of one name across the corpus.

    Values that only transliteration tells apart ("Kristian Volmar" from
    Russian, "Christian Wolmar" in English) take the value written in Latin
    script in the most articles. The mapping is stored in the registry index
    `<alias>-person-registry` (ingest and `search --person` use it) and the
    documents whose value changed are re-labelled; a second run changes
    nothing. With --input FILE -o OUT it works on dry-run output instead.
    Rules: docs/enrichment.md, "Corpus consolidation".
    """
    if input_path is not None:
        _consolidate_file(input_path, output_path)
        return
    if output_path is not None:
        raise ConfigError("--output needs --input (the index is re-labelled in place)")
    from ..connection import check, make_client
    from ..person_registry import consolidate_index

    settings = build_settings(**conn)
    client = make_client(settings)
    check(client, settings)
    report = consolidate_index(client, settings.alias, dry_run=dry_run)
    if dry_run:
        _print_merges(report)
    click.echo(_summary(report))
    if report.failed:
        for line in report.failed[:10]:
            click.echo(f"es-ingest: not re-labelled: {line}", err=True)
        click.get_current_context().exit(3)


def _consolidate_file(source: Path, output: Path | None) -> None:
    from ..person_registry import consolidate_file

    if output is None:
        raise ConfigError("--input needs --output (the consolidated rows)")
    if output.resolve() == source.resolve():
        raise ConfigError(f"--output must not be the input ({source})")
    with output.open("w", encoding="utf-8") as out:
        report = consolidate_file(source, out)
    _print_merges(report)
    click.echo(_summary(report, where=f"in {output}"))
    for line in report.bad_lines:
        click.echo(f"es-ingest: skipped {line}", err=True)
    if report.bad_lines:
        click.get_current_context().exit(1)


def _print_merges(report: Any) -> None:
    for m in report.merges:
        click.echo(f"{m.value} <= {', '.join(m.merged)}")


def _summary(report: Any, where: str = "") -> str:
    would = "would be " if report.dry_run and not where else ""
    text = (
        f"{report.documents} articles, {report.values} person values: "
        f"{report.merged_values} merged into {len(report.merges)}; "
        f"{report.relabelled} articles {would}re-labelled{' ' + where if where else ''}"
    )
    if not report.dry_run:
        text += f"; registry: {report.registry_written} written, {report.registry_removed} removed"
        if report.conflicts:
            text += f"; {report.conflicts} changed meanwhile (run again)"
    return text
