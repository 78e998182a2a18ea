"""The one place that decides what a bulk error means: bad data or the cluster's state.

`classify(status, error)` takes the HTTP status and the `error` object of a
bulk item (or of a whole bulk request) and returns

- ``REJECTED``: the document itself is bad (mapping and parse errors, a term
  too long...). Sending it again changes nothing; it goes to the rejects
  file with Elasticsearch's reason.
- ``RETRY``: the cluster is busy or briefly away (429, 5xx, the flood-stage
  disk block, which is a 429): retried with backoff, pending if it lasts.
- ``REFUSED``: the cluster's state forbids the write (a closed index, a
  write or read-only block, an alias that is missing or has no write index,
  an index that does not exist, a credential without the privilege). No
  document can be written until someone changes the cluster, so the run
  saves everything left to the pending file and stops sending.

The bodies these rules were written against are real answers of a node,
captured by `scripts/capture_bulk_errors.py` into
`tests/unit/data/bulk_item_errors.json`.
"""

from __future__ import annotations

from collections.abc import Mapping

REJECTED, RETRY, REFUSED = "rejected", "retry", "refused"

#: Statuses worth waiting for.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

#: Error types that describe the target index or alias, never the document.
_CLUSTER_TYPES = frozenset(
    {
        "index_closed_exception",
        "cluster_block_exception",
        "index_not_found_exception",
        "no_such_index_exception",
        "invalid_alias_name_exception",
        "aliases_not_found_exception",
        "security_exception",
        "unavailable_shards_exception",
        "no_shard_available_action_exception",
    }
)

#: `illegal_argument_exception` is mostly about the document, but these
#: reasons are about where it should go.
_ALIAS_REASONS = ("write index", "alias [", "is not an alias")


def classify(status: int, error: object) -> str:
    """``REJECTED``, ``RETRY`` or ``REFUSED`` for a bulk error (see the module docstring).

    `error` is the item's (or response's) ``error`` value: a dict with
    ``type`` and ``reason``, a string, or None. Unknown 4xx errors count as
    bad data, as Elasticsearch means them; unknown 5xx as passing trouble.
    """
    kind, reason = _type_and_reason(error)
    if status in RETRY_STATUSES:
        return RETRY
    if status in (401, 403, 404) or kind in _CLUSTER_TYPES:
        return REFUSED
    if kind == "illegal_argument_exception" and any(r in reason for r in _ALIAS_REASONS):
        return REFUSED
    if status == 413:  # the request, not a document, is too large: a setting to change
        return REFUSED
    if status >= 500:
        return RETRY
    return REJECTED


def _type_and_reason(error: object) -> tuple[str, str]:
    if isinstance(error, Mapping):
        return str(error.get("type") or ""), str(error.get("reason") or "")
    if isinstance(error, str):
        return "", error
    return "", ""


def describe_item(info: Mapping[str, object]) -> str:
    """One line for a bulk item's error: type, reason and the first cause."""
    error = info.get("error")
    if isinstance(error, Mapping):
        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        cause = error.get("caused_by")
        if isinstance(cause, Mapping) and cause.get("reason"):
            reason += f" ({cause.get('reason')})"
        return f"Elasticsearch refused it: {reason}"[:500]
    return f"Elasticsearch refused it: HTTP {info.get('status')}"
