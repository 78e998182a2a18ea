"""The CLI package: one table from exception to exit code, one redacted line per error.

Checked: every exception of `errors.py` has a row in `cli.exits.EXIT_CODES`,
and its docstring states the same code; a run's Summary maps to 0/1/4/130 and
128+n when a signal stopped it; an error raised by any command is printed as
one redacted `es-ingest: error:` line (no traceback) with its code; the CLI
modules import no private name of another module and the library never
imports the CLI.
"""

from __future__ import annotations

import ast
import inspect
import re
import signal
from pathlib import Path
from types import SimpleNamespace

import click
import pytest
from click.testing import CliRunner

from es_ingest import errors, redact
from es_ingest.cli import main
from es_ingest.cli.exits import EXIT_CODES, Group, exit_code, summary_exit_code

SRC = Path(__file__).resolve().parents[2] / "src" / "es_ingest"
ERROR_CLASSES = [
    cls
    for _, cls in inspect.getmembers(errors, inspect.isclass)
    if issubclass(cls, errors.EsIngestError) and cls is not errors.EsIngestError
]


def test_every_error_has_an_exit_code_and_its_docstring_says_which() -> None:
    assert {cls for cls, _ in EXIT_CODES} == set(ERROR_CLASSES)
    expected = {
        "ConfigError": 2,
        "SearchError": 2,
        "ElasticsearchUnavailable": 3,
        "SetupError": 3,
        "KibanaError": 3,
        "LocalEsError": 3,
        "KafkaError": 3,
        "LocalKafkaError": 3,
        "WorkerError": 5,
        "DataError": 1,
    }
    for cls in ERROR_CLASSES:
        code = exit_code(cls("x") if cls is not errors.DataError else cls("bad"))
        assert code == expected[cls.__name__], cls
        doc = " ".join((cls.__doc__ or "").split())
        assert re.search(rf"exit code {code}\b", doc, re.I), f"{cls.__name__}: {doc!r}"


def _summary(**values: object) -> SimpleNamespace:
    base: dict[str, object] = {"interrupted": False, "pending": 0, "rejected": 0}
    return SimpleNamespace(**{**base, **values})


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({}, 0),
        ({"rejected": 2}, 1),
        ({"pending": 3, "rejected": 2}, 4),
        ({"interrupted": True, "pending": 3}, 130),
        ({"interrupted": True, "stopped_by": signal.SIGTERM}, 143),
        ({"interrupted": True, "stopped_by": signal.SIGHUP}, 129),
        ({"interrupted": True, "stopped_by": signal.SIGINT}, 130),
        ({"pending": 1, "stopped_by": None}, 4),
    ],
)
def test_summary_exit_code(values: dict[str, object], code: int) -> None:
    assert summary_exit_code(_summary(**values)) == code


def _group_raising(exc: BaseException) -> click.Group:
    @click.group(cls=Group)
    def root() -> None:
        pass

    @root.command()
    def boom() -> None:
        raise exc

    return root


@pytest.mark.parametrize("cls", ERROR_CLASSES)
def test_each_error_is_one_redacted_line_with_its_code(cls: type[errors.EsIngestError]) -> None:
    redact.register("Exit-Secret-71c2")
    result = CliRunner().invoke(_group_raising(cls("token Exit-Secret-71c2 refused")), ["boom"])
    assert result.exit_code == exit_code(cls("x")), result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("es-ingest: error: "), lines
    assert "token *** refused" in lines[0] and "Exit-Secret-71c2" not in result.output
    assert isinstance(result.exception, SystemExit)  # not the error itself: no traceback


def test_a_usage_error_is_redacted() -> None:
    redact.register("Usage-Secret-0d4e")
    result = CliRunner().invoke(main, ["search", "--size", "Usage-Secret-0d4e"])
    assert result.exit_code == 2
    assert "Invalid value for '--size'" in result.output
    assert "Usage-Secret-0d4e" not in result.output and "***" in result.output


def test_a_bug_still_shows_its_traceback() -> None:
    result = CliRunner().invoke(_group_raising(RuntimeError("a bug")), ["boom"])
    assert isinstance(result.exception, RuntimeError) and result.exit_code == 1


def test_version() -> None:
    from importlib.metadata import version

    from es_ingest.version import ES_VERSION, __version__

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"es-ingest, version {__version__} (for Elasticsearch {ES_VERSION})\n"
    assert __version__ == version("es-ingest")  # the same as pyproject.toml's


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every `from module import name` in `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found += [(module, alias.name) for alias in node.names]
    return found


def test_no_private_name_is_imported_and_the_library_never_imports_the_cli() -> None:
    for path in SRC.rglob("*.py"):
        for module, name in _imports(path):
            # Our own modules only: regex_cache.py reaches into `re`'s compiler on
            # purpose, behind a self-check that falls back to plain `re`.
            ours = module.startswith(".") or module.split(".")[0] == "es_ingest"
            private = name.startswith("_") and name != "__version__"
            assert not (ours and private), (path, module, name)
            if "cli" not in path.relative_to(SRC).parts and path.name != "__main__.py":
                assert module.lstrip(".").split(".")[0] != "cli", (path, module)


def test_search_errors_go_through_the_redactor() -> None:
    # cli_search.py printed SearchError as it was: a password typed into --from showed.
    env = {"ES_USERNAME": "elastic", "ES_PASSWORD": "Srch-Secret-5b9a"}
    result = CliRunner().invoke(main, ["search", "x", "--from", "Srch-Secret-5b9a"], env=env)
    assert result.exit_code == 2
    assert "es-ingest: error: date_from must be a date" in result.output
    assert "Srch-Secret-5b9a" not in result.output and "'***'" in result.output


@pytest.mark.parametrize(
    "args",
    [
        # --es-home names nothing, so even a check that let these through could
        # never start a node.
        ["local-es", "start", "--es-home", "/nonexistent", "--port", "0"],
        ["local-es", "start", "--es-home", "/nonexistent", "--port", "70000"],
        ["local-es", "start", "--es-home", "/nonexistent", "--port", "9299", "--timeout", "nan"],
        ["local-es", "start", "--es-home", "/nonexistent", "--port", "9299", "--timeout", "0"],
        ["local-es", "status", "--port", "-1"],
        ["kibana", "import", "--kibana-url", "http://127.0.0.1:9", "--wait", "nan"],
        ["kibana", "import", "--kibana-url", "http://127.0.0.1:9", "--wait", "-1"],
    ],
)
def test_bad_ports_and_durations_are_usage_errors(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--" in result.output
    assert isinstance(result.exception, SystemExit)


def test_dry_run_output_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["ingest", "--dry-run", "-o", str(tmp_path / "no" / "out.jsonl"), "-"],
        input='{"id": "x", "text": "Paris."}\n',
    )
    assert result.exit_code == 2, result.output
    assert "es-ingest: error: --output" in result.output and "does not exist" in result.output
