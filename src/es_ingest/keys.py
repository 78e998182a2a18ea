"""Least-privilege API keys for es-ingest, created through the security API.

Two keys per alias (`es-ingest setup --create-keys`):

- **ingest**: `index` on the alias and its versioned indices (`<alias>`,
  `<alias>-*`) and nothing else: it can add and replace documents through the
  alias, but not create, delete or reconfigure an index, read documents, or
  touch any other index; no cluster privilege (the connection check accepts a
  403 on cluster health as "reachable and authenticated").
- **search**: `read` and `view_index_metadata` on the same names: search,
  get, mappings; it cannot write.

The encoded keys are returned once, to be printed once: Elasticsearch keeps
only a hash and cannot show them again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch

from . import redact

INGEST, SEARCH = "ingest", "search"
PURPOSES = (INGEST, SEARCH)


def index_names(alias: str) -> list[str]:
    """The index names a key may touch: the alias and its `<alias>-v<N>` indices."""
    return [alias, f"{alias}-*"]


def role_descriptors(purpose: str, alias: str) -> dict[str, Any]:
    """The role of the `purpose` key (`ingest` or `search`) for `alias`."""
    privileges = {INGEST: ["index"], SEARCH: ["read", "view_index_metadata"]}[purpose]
    return {
        f"es-ingest-{purpose}": {
            "cluster": [],
            "indices": [{"names": index_names(alias), "privileges": privileges}],
        }
    }


@dataclass(frozen=True)
class ApiKey:
    purpose: str
    id: str
    name: str
    encoded: str
    role: dict[str, Any]

    def __repr__(self) -> str:  # never show the key itself
        return f"ApiKey(purpose={self.purpose!r}, id={self.id!r}, name={self.name!r})"

    def describe(self) -> str:
        """Privileges in one line, e.g. `index on articles, articles-*; cluster: none`."""
        (descriptor,) = self.role.values()
        parts = [
            f"{', '.join(ix['privileges'])} on {', '.join(ix['names'])}"
            for ix in descriptor["indices"]
        ]
        cluster = ", ".join(descriptor["cluster"]) or "none"
        return f"{'; '.join(parts)}; cluster: {cluster}"


def create_key(
    client: Elasticsearch, purpose: str, alias: str, *, expiration: str | None = None
) -> ApiKey:
    """Create one key; raises the client's ApiError when refused."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown key purpose {purpose!r}; expected one of {PURPOSES}")
    role = role_descriptors(purpose, alias)
    name = f"es-ingest-{purpose}-{alias}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"
    body: dict[str, Any] = {
        "name": name,
        "role_descriptors": role,
        "metadata": {"application": "es-ingest", "purpose": purpose, "alias": alias},
    }
    if expiration:
        body["expiration"] = expiration
    resp = client.security.create_api_key(**body)
    encoded = resp["encoded"]
    redact.register(encoded, resp["api_key"])
    return ApiKey(purpose=purpose, id=resp["id"], name=name, encoded=encoded, role=role)


def create_keys(
    client: Elasticsearch, alias: str, *, expiration: str | None = None
) -> list[ApiKey]:
    """The ingest key and the search key for `alias`."""
    return [create_key(client, p, alias, expiration=expiration) for p in PURPOSES]


def invalidate(client: Elasticsearch, *ids: str) -> int:
    """Invalidate (revoke) keys by id; returns how many were invalidated."""
    resp = client.security.invalidate_api_key(ids=list(ids))
    return len(resp.get("invalidated_api_keys", []))
