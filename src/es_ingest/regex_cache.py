"""Long regular expressions compiled once per machine, not once per process.

spaCy's French language data builds its tokenizer's ``token_match`` from a
1.4-million-character pattern (every hyphenated and elided exception); Python
takes about 1.9 CPU s to parse and compile it, in every process that loads
``fr_core_news_md`` (each enrichment worker). `reusing_compiled()` keeps the
compiler's output (the opcode list `re` hands to ``_sre.compile``) in
es-ingest's pickle cache (`es_ingest.cache`), so that later processes build
the same pattern object from it in milliseconds::

    with reusing_compiled("spacy-fr_core_news_md", inputs):
        nlp = spacy.load("fr_core_news_md")

Only patterns of at least `MIN_CHARS` characters are kept; the others go
through `re` as usual. The pattern objects are equal (``==`` compares the
pattern, flags and compiled code) to what `re.compile` gives. This uses
`re`'s private compiler modules, which change between Python versions: the
cache is keyed by the Python version and `_sre.MAGIC`, and the mechanism turns
itself off (plain `re`) if a self-check on a small pattern disagrees with
`re`. Never raises for cache trouble.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from es_ingest import cache

logger = logging.getLogger(__name__)

#: Patterns shorter than this compile fast enough (and are many): left to `re`.
MIN_CHARS = 10_000

_lock = threading.Lock()

try:  # private modules of CPython's `re` (3.11+)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other interpreters: plain `re`
    _compiler = _parser = _sre = None


def _compile_args(pattern: str, flags: int) -> tuple[Any, ...]:
    """The arguments `re._compiler.compile` passes to ``_sre.compile`` (same steps)."""
    p = _parser.parse(pattern, flags)
    # Plain ints: some opcodes are named int constants, which do not pickle.
    code = [int(op) for op in _compiler._code(p, flags)]
    groupindex = p.state.groupdict
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (pattern, flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))


def _supported() -> bool:
    """True if rebuilding from `_compile_args` gives what `re` gives, on this Python."""
    if _compiler is None or not hasattr(_compiler, "compile"):
        return False
    try:
        probe = r"(?i)(?P<a>l['’])?(?:[a-zà-ÿ]+-)+(?:t-)?(?P<b>ils?|elles?)\b|x{2,5}?"
        return bool(_sre.compile(*_compile_args(probe, 0)) == _compiler.compile(probe, 0))
    except Exception:
        return False


def inputs_for(*distributions: str) -> list[Path | str]:
    """Cache inputs naming this interpreter's regex engine and `distributions`' versions."""
    engine = f"sre {getattr(_sre, 'MAGIC', '-')} {getattr(_sre, 'CODESIZE', '-')}"
    return [engine, sys.version, *cache.versions(*distributions)]


@contextmanager
def reusing_compiled(name: str, inputs: Sequence[Path | str]) -> Iterator[None]:
    """Within the block, long patterns compile from (and into) the cache entry `name`.

    `inputs` name what the patterns depend on (see `inputs_for`). The entry is
    written at the end of the block if it gained patterns. Patches
    `re._compiler.compile` for the duration of the block (under a lock, so
    blocks do not nest across threads); code compiling patterns meanwhile gets
    the same pattern objects it would have got.
    """
    if not _supported():
        yield
        return
    with _lock:
        table: dict[tuple[str, int], tuple[Any, ...]] = cache.load(name, inputs) or {}
        learned = False
        original = _compiler.compile

        def compile_(p: Any, flags: int = 0) -> Any:
            nonlocal learned
            if not isinstance(p, str) or len(p) < MIN_CHARS or flags & _compiler.SRE_FLAG_DEBUG:
                return original(p, flags)
            args = table.get((p, flags))
            if args is None:
                args = _compile_args(p, flags)
                table[(p, flags)] = args
                learned = True
            return _sre.compile(*args)

        _compiler.compile = compile_
        try:
            yield
        finally:
            _compiler.compile = original
        if learned:
            cache.store(name, inputs, table)
            logger.debug("cached %d compiled patterns as %s", len(table), name)
