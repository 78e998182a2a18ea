"""The README is executable documentation: its shell blocks run, in order, on a fresh node.

The ```sh blocks of the sections "Quick start", "Using it" and "Searching"
(their subsections included) are run one by one with bash (`set -euo
pipefail`) from the repository root, against a fresh local node on port
README_TEST_PORT (default 9218): `ES_URL` and `ES_LOCAL_PORT` point every
command at it, and `PORT` does the same for `make`. A block right after an
HTML comment `<!-- not run: REASON -->` is skipped; the reason must be given.
Other sections, and blocks in other languages (```python, plain ```), are
not run here. What the blocks print is checked for what they promise, so
that a block that runs but finds nothing fails.

Needs ../shared (the README ingests the seed article from there), Java 21+
and Maven (the local node); skipped without them outside CI, failed in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PORT = int(os.environ.get("README_TEST_PORT", "9218"))
SECTIONS = ("Quick start", "Using it", "Searching")
_NOT_RUN = re.compile(r"<!--\s*not run:\s*(.*?)\s*-->", re.S)


@dataclass(frozen=True)
class Block:
    section: str
    line: int  # 1-based line of the opening fence
    code: str
    skip_reason: str | None


def readme_blocks(text: str) -> list[Block]:
    """The ```sh blocks of SECTIONS, in README order, with their `not run` reasons."""
    blocks: list[Block] = []
    section: str | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            title = line[3:].strip()
            section = next((s for s in SECTIONS if title.startswith(s)), None)
        elif line.strip() in ("```sh", "```bash", "```shell") and section is not None:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            before = "\n".join(lines[max(0, i - 3) : i])
            marker = [m.group(1) for m in _NOT_RUN.finditer(before)]
            blocks.append(
                Block(section, i + 1, "\n".join(lines[i + 1 : end]), marker[-1] if marker else None)
            )
            i = end
        elif line.startswith("```"):  # skip other fenced blocks whole
            i = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
        i += 1
    return blocks


def test_the_parser_finds_the_blocks_and_their_markers() -> None:
    text = (
        "## Quick start\n```sh\nmake demo\n```\n<!-- not run: needs Docker -->\n```sh\nx\n```\n"
        "## Other\n```sh\nnot this\n```\n## Searching\n### Sub\n```python\nno\n```\n```sh\ny\n```\n"
    )
    blocks = readme_blocks(text)
    assert [(b.section, b.code, b.skip_reason) for b in blocks] == [
        ("Quick start", "make demo", None),
        ("Quick start", "x", "needs Docker"),
        ("Searching", "y", None),
    ]


def _need(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"the README test needs {reason}", pytrace=False)
    pytest.skip(f"the README test needs {reason}")


@pytest.fixture(scope="module")
def fresh_node() -> Iterator[dict[str, str]]:
    """Environment for the blocks; the node on PORT is stopped and its data deleted first."""
    from es_ingest import local_es

    _need(SHARED.exists(), f"{SHARED} (the seed article)")
    _need(shutil.which("mvn") is not None, "Maven (mvn) for the local node")
    local_es.stop(PORT)
    shutil.rmtree(local_es.node_dir(PORT), ignore_errors=True)
    bin_dir = str(Path(sys.executable).parent)
    env = dict(
        os.environ,
        PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
        ES_URL=f"http://127.0.0.1:{PORT}",
        ES_LOCAL_PORT=str(PORT),
        PORT=str(PORT),
        HEAP="512m",
        ES_INGEST_WORKERS="1",  # a shared 2-core machine; the README's commands take the default
    )
    for name in ("ES_API_KEY", "ES_USERNAME", "ES_PASSWORD", "ES_CA_CERTS", "ES_ALIAS"):
        env.pop(name, None)
    yield env
    local_es.stop(PORT)


def _run(block: Block, env: dict[str, str], tmp: Path) -> str:
    script = "set -euo pipefail\n" + block.code + "\n"
    env = dict(
        env,
        ES_INGEST_REJECTS=str(tmp / "rejects.jsonl"),
        ES_INGEST_PENDING=str(tmp / "pending.jsonl"),
    )
    proc = subprocess.run(
        ["bash", "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=900
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, (
        f"README.md:{block.line} ({block.section}) exited with {proc.returncode}:\n"
        f"{block.code}\n--- output (last 40 lines) ---\n" + "\n".join(output.splitlines()[-40:])
    )
    return output


def test_readme_blocks_run_in_order(fresh_node: dict[str, str], tmp_path: Path) -> None:
    blocks = readme_blocks((REPO / "README.md").read_text(encoding="utf-8"))
    assert {b.section for b in blocks} == set(SECTIONS), "a section lost its shell blocks"
    skipped = [b for b in blocks if b.skip_reason is not None]
    assert all(b.skip_reason for b in skipped), "a `not run` marker without a reason"
    created = REPO / "enriched.jsonl"
    existed = created.exists()
    outputs: dict[str, str] = {s: "" for s in SECTIONS}
    try:
        for block in blocks:
            if block.skip_reason is None:
                outputs[block.section] += _run(block, fresh_node, tmp_path)
    finally:
        if not existed:
            created.unlink(missing_ok=True)
    # What the blocks promise, so that one that runs but does nothing fails:
    using, searching = outputs["Using it"], outputs["Searching"]
    assert "all checks passed" in using  # es-ingest doctor after setup
    assert re.search(r"summary: read \d+, indexed \d+, rejected 0", using)
    assert "John Kerry" in using and "GE (Georgia)" in using  # the seed, found by its facets
    assert re.search(r"\d+ articles, \d+ person values: .*registry: ", using)  # consolidate
    assert "John Kerry" in searching
