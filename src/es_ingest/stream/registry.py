"""The person registry as a long-running consumer sees it: re-read once a minute.

`es-ingest ingest` reads `<alias>-person-registry` once per run; a consumer
runs for days while `es-ingest persons consolidate` runs beside it, so
`RegistryView.mapping()` re-reads the registry when the copy it holds is
older than `refresh` seconds. It is called by the bulk thread just before a
batch is sent, so the polling thread never waits for Elasticsearch. When the
registry cannot be read the last copy is kept (an empty one at first): the
articles keep their names' values until the next consolidation relabels
them, as for file ingest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from ..connection import describe
from ..person_registry import load_mapping

log = logging.getLogger(__name__)

#: Seconds a copy of the registry is used before it is read again.
REFRESH_SECONDS = 60.0


class RegistryView:
    """The registry of `alias`, re-read every `refresh` seconds (default 60).

    `clock` and `load` are injectable for tests; `load` defaults to
    `person_registry.load_mapping`. Never raises for a cluster failure.
    """

    def __init__(
        self,
        client: Elasticsearch,
        alias: str,
        *,
        refresh: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        load: Callable[[Elasticsearch, str], dict[str, str]] = load_mapping,
    ) -> None:
        self.client = client.options(request_timeout=10, max_retries=0)
        self.alias, self.refresh, self.clock, self.load = alias, refresh, clock, load
        self._mapping: dict[str, str] = {}
        self._read_at: float | None = None

    def mapping(self) -> dict[str, str]:
        """The value -> consolidated value mapping ({} without a registry)."""
        now = self.clock()
        if self._read_at is None or now - self._read_at >= self.refresh:
            self._read_at = now
            try:
                self._mapping = self.load(self.client, self.alias)
            except (es_exc.ApiError, es_exc.TransportError) as exc:
                # Warned once per refresh at most; the old copy stays in use.
                log.warning("person registry of %s not re-read: %s", self.alias, describe(exc))
        return self._mapping
