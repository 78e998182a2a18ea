"""`--shard K/N`: split one input between N processes or machines, deterministically.

An article belongs to shard ``sha1(doc_id) mod N`` (the first 8 bytes of the
digest, big-endian), so every shard reads the whole input and keeps its own
part; the N parts are disjoint and their union is the input, whatever the
order of the input or the machine. Document ids are deterministic (see
`documents.doc_id`), so re-running any shard, anywhere, overwrites the same
documents instead of duplicating them. Records that cannot be read (no id) are
reported by the shard of their ``source:line``, so each is reported once.
"""

from __future__ import annotations

import hashlib
import re

from .errors import ConfigError

_SPEC_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(spec: str) -> tuple[int, int]:
    """``"K/N"`` -> ``(K, N)`` with ``0 <= K < N``; `ConfigError` otherwise."""
    m = _SPEC_RE.match(spec)
    if not m:
        raise ConfigError(f"shard must look like K/N (e.g. 0/4), got {spec!r}")
    k, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 0 <= k < n:
        raise ConfigError(f"shard K/N needs 0 <= K < N, got {spec!r}")
    return k, n


def shard_of(key: str, n: int) -> int:
    """The shard (0..n-1) of a document id or other stable key."""
    digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big") % n


def in_shard(key: str, shard: tuple[int, int] | None) -> bool:
    """True when `key` belongs to `shard` (always True without a shard)."""
    if shard is None or shard[1] == 1:
        return True
    return shard_of(key, shard[1]) == shard[0]
