"""The consumer's counters: the periodic log line, the stats file, the summary."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class StreamStats:
    """Counts since the consumer started; `lag` is per partition, from the last report.

    `received` messages were taken from the topic; each ends `indexed`,
    `rejected` (sent to the dead-letter topic) or, at a rebalance or stop,
    `dropped` (left to the next owner of its partition: it was not committed).
    """

    received: int = 0
    indexed: int = 0
    rejected: int = 0
    dropped: int = 0
    retries: int = 0
    started: float = field(default_factory=time.monotonic)
    lag: dict[str, int] = field(default_factory=dict)
    paused: bool = False
    elasticsearch_down: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _last: tuple[float, int] = (0.0, 0)

    def add(self, name: str, n: int = 1) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + n)

    def rate(self) -> float:
        """Messages done (indexed or rejected) per second since the previous call."""
        now, done = time.monotonic(), self.indexed + self.rejected
        then, before = self._last or (self.started, 0)
        self._last = (now, done)
        return (done - before) / (now - then) if now > then else 0.0

    def to_dict(self, rate: float | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "received": self.received,
            "indexed": self.indexed,
            "rejected": self.rejected,
            "dropped": self.dropped,
            "retries": self.retries,
            "seconds": round(time.monotonic() - self.started, 1),
            "lag": dict(self.lag),
            "total_lag": sum(self.lag.values()),
            "paused": self.paused,
            "elasticsearch_down": self.elasticsearch_down,
        }
        if rate is not None:
            out["messages_per_second"] = round(rate, 1)
        return out

    def line(self, rate: float) -> str:
        lag = " ".join(f"{p}:{n}" for p, n in sorted(self.lag.items())) or "-"
        state = " (paused: Elasticsearch unreachable)" if self.elasticsearch_down else ""
        return (
            f"consume: {rate:.1f} msg/s, indexed {self.indexed}, rejected {self.rejected}, "
            f"lag {sum(self.lag.values())} [{lag}]{state}"
        )


def write_stats(path: str, stats: dict[str, Any]) -> None:
    """Replace `path` with `stats` as JSON, atomically (readers never see half a file)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, target)
