"""`consume()`: a Kafka consumer-group member that enriches and indexes articles.

The main thread polls batches of up to `bulk_docs` messages, turns each into
an `Article` (bad ones go to the dead-letter topic), enriches the batch and
hands it to the bulk thread (`sender.py`); it never waits for Elasticsearch,
so it keeps polling (group membership, rebalances) while the cluster is down,
with its partitions paused. Offsets are committed by this thread alone, every
second and at each revocation, from the `OffsetTracker`: only what
Elasticsearch acknowledged (or the dead-letter topic accepted), in partition
order. Delivery is at least once; ids are deterministic, so a redelivered
message overwrites its own document.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from elasticsearch import Elasticsearch

from ..config import Settings
from ..documents import doc_id
from ..errors import DataError, KafkaError
from ..model import Article
from .client import client_config, ensure_topic, kafka_module
from .messages import Where, dead_letter, decode_key, to_article
from .offsets import OffsetTracker, Partition
from .registry import RegistryView
from .sender import StreamSender, Work
from .stats import StreamStats, write_stats

log = logging.getLogger(__name__)

Enrich = Callable[[Iterable[Article]], Iterator[Article]]
COMMIT_SECONDS = 1.0
POLL_SECONDS = 0.5


class StreamConsumer:
    """One member of the consumer group `settings.group` on `settings.topic`.

    `enrich` defaults to an in-process `Enricher` (one per consumer: scale by
    running more consumers); `stop` is set (e.g. by a signal handler) to end
    `run()`. `index` defaults to the alias.
    """

    def __init__(
        self,
        settings: Settings,
        client: Elasticsearch,
        *,
        enrich: Enrich | None = None,
        stop: threading.Event | None = None,
        index: str | None = None,
        on_reject: Callable[[DataError, Where], None] | None = None,
    ) -> None:
        kafka = kafka_module()
        self.kafka = kafka
        self.settings = settings
        self.stop = stop or threading.Event()
        self.stats = StreamStats()
        self.tracker = OffsetTracker()
        self.on_reject = on_reject
        if enrich is None:
            from ..parallel import make_enrich

            enrich = make_enrich(1, settings.batch_size)
        self.enrich = enrich
        self.consumer = kafka.Consumer(
            client_config(
                settings,
                **{
                    "group.id": settings.group,
                    "auto.offset.reset": "earliest",
                    "enable.auto.commit": "false",
                    "enable.auto.offset.store": "false",
                    "enable.partition.eof": "false",
                },
            )
        )
        self.producer = kafka.Producer(client_config(settings, **{"linger.ms": "50"}))
        self.sender = StreamSender(
            client,
            index or settings.alias,
            self.tracker,
            self.stats,
            self._reject,
            registry=RegistryView(client, settings.alias),
        )
        self._stash: list[Any] = []
        self._paused = False
        self._last_commit = 0.0
        self._last_report = time.monotonic()

    # --- dead letters ---------------------------------------------------------

    def _reject(self, err: DataError, where: Where) -> None:
        """Send one bad message to the dead-letter topic; its offset is acked on delivery."""
        record = dead_letter(err, where)

        def delivered(error: Any, _msg: Any) -> None:
            if error is not None:
                # Not acknowledged: its partition's commit stays behind it, so
                # a restart tries again; nothing is lost.
                log.error("cannot write to %s: %s", self.settings.dead_letters, error)
                return
            if self.tracker.ack(where.tp, where.offset, where.epoch):
                self.stats.add("rejected")

        self.producer.produce(
            self.settings.dead_letters,
            value=json.dumps(record, ensure_ascii=False).encode(),
            key=where.key.encode() if where.key else None,
            on_delivery=delivered,
        )
        self.producer.poll(0)
        if self.on_reject:
            self.on_reject(err, where)
        else:
            log.warning(
                "rejected %s[%d]@%d: %s: %s",
                where.topic,
                where.partition,
                where.offset,
                err.stage,
                err.reason,
            )

    # --- rebalances -----------------------------------------------------------

    def _on_assign(self, _consumer: Any, partitions: list[Any]) -> None:
        for p in partitions:
            self.tracker.assign((p.topic, p.partition))
        self._paused = False  # the main loop pauses them again if the cluster is down
        log.info("assigned partitions %s", sorted(p.partition for p in partitions))

    def _on_revoke(self, _consumer: Any, partitions: list[Any]) -> None:
        revoked = {(p.topic, p.partition) for p in partitions}
        self.producer.flush(10)  # dead letters delivered now are acknowledged now
        self._commit(only=revoked)
        self._forget(revoked)
        log.info("revoked partitions %s", sorted(p for _t, p in revoked))

    def _on_lost(self, _consumer: Any, partitions: list[Any]) -> None:
        self._forget({(p.topic, p.partition) for p in partitions})

    def _forget(self, tps: set[Partition]) -> None:
        for tp in tps:
            self.tracker.revoke(tp)
        kept = [m for m in self._stash if (m.topic(), m.partition()) not in tps]
        self.stats.add("dropped", len(self._stash) - len(kept))
        self._stash = kept

    # --- offsets --------------------------------------------------------------

    def _commit(self, only: set[Partition] | None = None) -> None:
        offsets = self.tracker.to_commit()
        if only is not None:
            offsets = {tp: o for tp, o in offsets.items() if tp in only}
        if not offsets:
            return
        tps = [self.kafka.TopicPartition(t, p, o) for (t, p), o in offsets.items()]
        try:
            self.consumer.commit(offsets=tps, asynchronous=False)
        except self.kafka.KafkaException as exc:
            # E.g. a rebalance in progress: the offsets stay due, tried again.
            log.info("commit deferred: %s", exc.args[0].str())
            return
        self.tracker.committed(offsets)

    # --- the loop -------------------------------------------------------------

    def run(self) -> StreamStats:
        """Consume until `stop` is set; returns the counters.

        Raises `KafkaError` when the broker cannot be reached at start.
        """
        self._check_broker()
        self.consumer.subscribe(
            [self.settings.topic],
            on_assign=self._on_assign,
            on_revoke=self._on_revoke,
            on_lost=self._on_lost,
        )
        try:
            while not self.stop.is_set():
                if self.sender.failure is not None:
                    raise self.sender.failure
                self._tick()
                if self.sender.down.is_set():
                    # Cluster down: stop fetching, keep polling (group
                    # membership, rebalances) until the bulk thread succeeds.
                    self._pause()
                    self._stash += self._poll(POLL_SECONDS / 2)
                    continue
                if self.sender.busy():
                    # One batch is being sent and one waits: let it drain. Not a
                    # pause: pausing drops what the client prefetched.
                    self.sender.wait_for_room(POLL_SECONDS / 2)
                    continue
                self._resume()
                want = max(1, self.settings.bulk_docs - len(self._stash))
                messages, self._stash = self._stash + self._poll(POLL_SECONDS, want), []
                if messages:
                    self._handle(messages)
        finally:
            self._shutdown()
        return self.stats

    def _check_broker(self) -> None:
        try:
            meta = self.consumer.list_topics(timeout=15)
        except self.kafka.KafkaException as exc:
            raise KafkaError(
                f"cannot reach Kafka at {self.settings.bootstrap_servers}: {exc.args[0].str()}"
            ) from None
        if self.settings.topic not in meta.topics:
            log.warning("topic %s does not exist yet: waiting for it", self.settings.topic)
        try:
            ensure_topic(self.settings, self.settings.dead_letters)
        except KafkaError as exc:
            log.warning("%s (the broker may still create it on first use)", exc)

    def _poll(self, timeout: float, n: int = 500) -> list[Any]:
        out = []
        for m in self.consumer.consume(num_messages=n, timeout=timeout):
            if m.error():
                if m.error().fatal():
                    raise KafkaError(f"Kafka consumer failed: {m.error().str()}")
                log.warning("Kafka: %s", m.error().str())
                continue
            out.append(m)
        self.producer.poll(0)
        return out

    def _pause(self) -> None:
        if not self._paused:
            self.consumer.pause(self.consumer.assignment())
            self._paused = True
            self.stats.paused = True

    def _resume(self) -> None:
        if self._paused:
            self.consumer.resume(self.consumer.assignment())
            self._paused = False
            self.stats.paused = False

    def _handle(self, messages: list[Any]) -> None:
        work: list[Work] = []
        for m in messages:
            tp = (m.topic(), m.partition())
            epoch = self.tracker.received(tp, m.offset())
            if epoch is None:
                continue  # fetched before its partition was revoked
            self.stats.add("received")
            where = Where(m.topic(), m.partition(), m.offset(), epoch)
            try:
                where = Where(*tp, m.offset(), epoch, decode_key(m.key(), m.topic()))
                article = to_article(m.value(), where)
            except DataError as err:
                self._reject(err, where)
                continue
            article.id = doc_id(article)
            work.append(Work(article, where))
        if work:
            # In place and in order: the Work objects see the enriched articles.
            for _ in self.enrich(w.article for w in work):
                pass
            self.sender.put(work)

    def _tick(self) -> None:
        now = time.monotonic()
        if now - self._last_commit >= COMMIT_SECONDS:
            self._commit()
            self._last_commit = now
        if now - self._last_report >= self.settings.stats_interval:
            self._last_report = now
            self.report()

    def lag(self, fresh: bool = False) -> dict[str, int]:
        """Messages not yet committed, per assigned partition (high watermark - committed).

        By default the high watermarks are the ones the last fetch responses
        brought (no request: asking the broker queues behind the fetches, up to
        `fetch.wait.max.ms` per partition, and cost a third of a consumer's
        time when done every report); `fresh=True` asks the broker.
        """
        assigned = self.consumer.assignment()
        if not assigned:
            return {}
        out: dict[str, int] = {}
        try:
            committed = self.consumer.committed(assigned, timeout=5)
            for tp in committed:
                marks = self.consumer.get_watermark_offsets(tp, timeout=5, cached=not fresh)
                if marks is None or marks[1] < 0:  # nothing fetched from it yet
                    marks = self.consumer.get_watermark_offsets(tp, timeout=5, cached=False)
                if marks is None:
                    continue
                low, high = marks
                start = tp.offset if tp.offset >= 0 else low
                out[str(tp.partition)] = max(0, high - start)
        except self.kafka.KafkaException as exc:
            log.info("lag unknown: %s", exc.args[0].str())
        return out

    def report(self, final: bool = False) -> dict[str, Any]:
        """Log the progress line and rewrite the stats file; returns the counters."""
        self.stats.lag = self.lag(fresh=final)
        rate = self.stats.rate()
        log.info("%s", self.stats.line(rate))
        data = self.stats.to_dict(rate) | {"final": final}
        if self.settings.stats_file:
            try:
                write_stats(self.settings.stats_file, data)
            except OSError as exc:
                log.warning("cannot write %s: %s", self.settings.stats_file, exc)
        return data

    def _shutdown(self) -> None:
        # Finish what the bulk thread holds (abandon it if the cluster is
        # down), commit what was acknowledged, then leave the group.
        self.sender.finish(grace=15.0)
        self.producer.flush(10)
        self._commit()
        try:
            self.report(final=True)
        finally:
            self.consumer.close()
