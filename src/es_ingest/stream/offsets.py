"""Which offset each partition may commit: the first one not yet acknowledged.

Messages are registered as they are received (in partition order) and
acknowledged in any order, from any thread, when they are done (indexed, or
delivered to the dead-letter topic). A partition may commit offset N + 1 once
every message up to N is acknowledged: a message still in flight holds back
the commit of every later one, so a crash redelivers it and what follows it,
never skips it. Each assignment of a partition gets a new epoch: an
acknowledgement from before a revocation is ignored, so work dropped at a
rebalance can never move the offsets of the consumer that took over.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

Partition = tuple[str, int]  # (topic, partition)


@dataclass
class _State:
    epoch: int
    outstanding: dict[int, bool] = field(default_factory=dict)  # offset -> acknowledged, in order
    committable: int | None = None  # next offset to commit (last done + 1)
    committed: int | None = None  # what was last committed


class OffsetTracker:
    """Per-partition, in-order acknowledgement of offsets; thread-safe."""

    def __init__(self) -> None:
        self._parts: dict[Partition, _State] = {}
        self._epochs: dict[Partition, int] = {}
        self._lock = threading.Lock()

    def assign(self, tp: Partition) -> int:
        """Start tracking `tp` afresh; returns its new epoch."""
        with self._lock:
            epoch = self._epochs.get(tp, 0) + 1
            self._epochs[tp] = epoch
            self._parts[tp] = _State(epoch)
            return epoch

    def revoke(self, tp: Partition) -> None:
        """Stop tracking `tp`: later acknowledgements of its old epoch are ignored."""
        with self._lock:
            self._parts.pop(tp, None)

    def epoch(self, tp: Partition) -> int | None:
        with self._lock:
            state = self._parts.get(tp)
            return state.epoch if state else None

    def received(self, tp: Partition, offset: int) -> int | None:
        """Register a received message; returns the epoch to acknowledge it with.

        None when `tp` is not assigned (a message fetched before a revocation).
        """
        with self._lock:
            state = self._parts.get(tp)
            if state is None:
                return None
            state.outstanding.setdefault(offset, False)
            return state.epoch

    def ack(self, tp: Partition, offset: int, epoch: int) -> bool:
        """Mark a message done; False (and nothing changes) for a stale epoch."""
        with self._lock:
            state = self._parts.get(tp)
            if state is None or state.epoch != epoch or offset not in state.outstanding:
                return False
            state.outstanding[offset] = True
            while state.outstanding:
                first = next(iter(state.outstanding))
                if not state.outstanding[first]:
                    break
                del state.outstanding[first]
                state.committable = first + 1
            return True

    def to_commit(self) -> dict[Partition, int]:
        """Offsets that advanced since the last `committed` call, per partition."""
        with self._lock:
            return {
                tp: s.committable
                for tp, s in self._parts.items()
                if s.committable is not None and s.committable != s.committed
            }

    def committed(self, offsets: dict[Partition, int]) -> None:
        """Record that `offsets` were committed."""
        with self._lock:
            for tp, offset in offsets.items():
                state = self._parts.get(tp)
                if state is not None:
                    state.committed = offset

    def in_flight(self) -> int:
        """How many received messages are not acknowledged yet."""
        with self._lock:
            return sum(
                sum(1 for done in s.outstanding.values() if not done) for s in self._parts.values()
            )

    def partitions(self) -> list[Partition]:
        with self._lock:
            return sorted(self._parts)
