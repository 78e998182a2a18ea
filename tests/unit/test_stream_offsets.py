"""Offsets are committed in partition order, only up to what is acknowledged."""

from __future__ import annotations

import random

from es_ingest.stream.offsets import OffsetTracker

TP = ("news", 0)


def test_an_unacknowledged_message_holds_back_every_later_commit() -> None:
    t = OffsetTracker()
    epoch = t.assign(TP)
    for offset in range(10, 15):
        assert t.received(TP, offset) == epoch
    for offset in (11, 12, 14):
        assert t.ack(TP, offset, epoch)
    assert t.to_commit() == {}  # 10 is still in flight
    t.ack(TP, 10, epoch)
    assert t.to_commit() == {TP: 13}  # 13 is in flight: commit up to it
    t.committed({TP: 13})
    assert t.to_commit() == {}
    t.ack(TP, 13, epoch)
    assert t.to_commit() == {TP: 15}
    assert t.in_flight() == 0


def test_acks_in_any_order_end_at_the_last_offset_plus_one() -> None:
    t = OffsetTracker()
    epoch = t.assign(TP)
    offsets = list(range(100, 400))
    for o in offsets:
        t.received(TP, o)
    random.Random(7).shuffle(offsets)
    seen = []
    for o in offsets:
        t.ack(TP, o, epoch)
        if TP in t.to_commit():
            seen.append(t.to_commit()[TP])
    assert seen == sorted(seen)  # never goes back
    assert t.to_commit() == {TP: 400}


def test_acks_from_before_a_revocation_are_ignored() -> None:
    t = OffsetTracker()
    old = t.assign(TP)
    t.received(TP, 0)
    t.revoke(TP)
    assert t.received(TP, 1) is None  # not ours any more
    assert not t.ack(TP, 0, old)
    new = t.assign(TP)
    assert new != old
    t.received(TP, 0)
    assert not t.ack(TP, 0, old)  # the dropped work of the old assignment
    assert t.to_commit() == {}
    assert t.ack(TP, 0, new)
    assert t.to_commit() == {TP: 1}


def test_partitions_are_independent() -> None:
    t = OffsetTracker()
    a, b = ("news", 0), ("news", 1)
    ea, eb = t.assign(a), t.assign(b)
    t.received(a, 0)
    t.received(b, 0)
    t.received(b, 1)
    t.ack(b, 0, eb)
    t.ack(b, 1, eb)
    assert t.to_commit() == {b: 2}
    assert t.in_flight() == 1
    t.ack(a, 0, ea)
    assert t.to_commit() == {a: 1, b: 2}
