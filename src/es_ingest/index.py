"""Bulk indexing with retries, in the manner of `helpers.streaming_bulk`.

Articles are sent in bulk requests of at most `bulk_docs` documents and
`bulk_bytes` bytes. Each item of a response is read: acknowledged items are
done; items refused with 429/503 (or a whole request that fails because the
cluster is unreachable) are retried with exponential backoff for up to
`retry_seconds`; items refused for their content (mapping errors, 400) are
rejected with Elasticsearch's reason. Items still unacknowledged when the
retry time runs out are reported as `pending`, never dropped.

Document ids: the input `id`; else a hash of `url`; else a hash of the
normalised title and text, so re-ingesting the same article never duplicates.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from .connection import describe
from .model import Article

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 502, 503, 504}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def doc_id(article: Article) -> str:
    """The `_id` for `article` (see module docstring)."""
    if article.id:
        return article.id
    if article.url:
        return "url-" + hashlib.sha256(article.url.strip().encode()).hexdigest()[:32]
    digest = hashlib.sha256((_norm(article.title) + "\n" + _norm(article.text)).encode())
    return "sha-" + digest.hexdigest()[:32]


@dataclass
class Outcome:
    """The fate of one article: `status` is indexed, rejected or pending."""

    article: Article
    status: str
    reason: str = ""


@dataclass
class _Item:
    article: Article
    action: bytes
    source: bytes

    @property
    def size(self) -> int:
        return len(self.action) + len(self.source) + 2


def encode(article: Article, index: str) -> _Item:
    article.id = doc_id(article)
    action = json.dumps({"index": {"_index": index, "_id": article.id}}).encode()
    source = json.dumps(article.to_source(), ensure_ascii=False).encode()
    return _Item(article, action, source)


def batches(
    articles: Iterable[Article], index: str, max_docs: int, max_bytes: int
) -> Iterator[list[_Item]]:
    """Group articles into bulk-sized batches."""
    for batch, _last in marked_batches(articles, index, max_docs, max_bytes):
        yield batch


def marked_batches(
    articles: Iterable[Article], index: str, max_docs: int, max_bytes: int
) -> Iterator[tuple[list[_Item], bool]]:
    """`batches`, each with True for the last one of the input.

    A full batch is yielded when the next article arrives, so knowing which is
    last costs no waiting.
    """
    batch: list[_Item] = []
    size = 0
    for article in articles:
        item = encode(article, index)
        if batch and (len(batch) >= max_docs or size + item.size > max_bytes):
            yield batch, False
            batch, size = [], 0
        batch.append(item)
        size += item.size
    if batch:
        yield batch, True


class BulkSender:
    """Sends batches and reports one `Outcome` per article.

    `retry_seconds` bounds how long one batch is retried while the cluster
    is unreachable or overloaded; `sleep` is injectable for tests.
    """

    def __init__(
        self,
        client: Elasticsearch,
        *,
        retry_seconds: float = 120.0,
        max_backoff: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # We retry ourselves, so the transport must not retry too.
        self.client = client.options(max_retries=0, retry_on_timeout=False)
        self.retry_seconds = retry_seconds
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.unreachable = False  # set when a batch ran out of retry time

    def send(self, batch: list[_Item], *, refresh: bool = False) -> list[Outcome]:
        """Index `batch`; one `Outcome` per article, in order of completion.

        With `refresh`, the request asks Elasticsearch to refresh the shards it
        wrote to, so that they are searchable when it returns (for a run's last
        request; it needs no privilege beyond writing).
        """
        outcomes: list[Outcome] = []
        options = {"refresh": True} if refresh else {}
        pending = batch
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.5
        if self.unreachable:
            # The cluster already failed a whole retry period: don't wait again
            # for every later batch; save them as pending straight away.
            return [Outcome(i.article, "pending", "Elasticsearch unreachable") for i in batch]
        while pending:
            body = b"\n".join(part for i in pending for part in (i.action, i.source)) + b"\n"
            retry: list[_Item] = []
            reason = ""
            try:
                resp = self.client.bulk(operations=body, **options)  # type: ignore[arg-type]  # pre-encoded NDJSON
            except (es_exc.ConnectionError, es_exc.ConnectionTimeout) as exc:
                retry, reason = pending, describe(exc)
            except es_exc.ApiError as exc:
                if exc.meta.status in RETRY_STATUSES:
                    retry, reason = pending, describe(exc)
                else:
                    # The whole request was refused for its content.
                    why = describe(exc)
                    outcomes += [Outcome(i.article, "rejected", why) for i in pending]
                    return outcomes
            else:
                for item, result in zip(pending, resp.body["items"], strict=True):
                    info = next(iter(result.values()))
                    status = int(info.get("status", 500))
                    if 200 <= status < 300:
                        outcomes.append(Outcome(item.article, "indexed"))
                    elif status in RETRY_STATUSES:
                        retry.append(item)
                        reason = _item_reason(info)
                    else:
                        outcomes.append(Outcome(item.article, "rejected", _item_reason(info)))
            pending = retry
            if not pending:
                break
            if time.monotonic() + delay > deadline:
                self.unreachable = True
                log.error(
                    "giving up on %d documents after %.0fs: %s",
                    len(pending),
                    self.retry_seconds,
                    reason,
                )
                outcomes += [Outcome(i.article, "pending", reason) for i in pending]
                break
            log.warning("retrying %d documents in %.1fs: %s", len(pending), delay, reason)
            self.sleep(delay)
            delay = min(delay * 2, self.max_backoff)
        return outcomes


def _item_reason(info: dict[str, object]) -> str:
    error = info.get("error")
    if isinstance(error, dict):
        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        cause = error.get("caused_by")
        if isinstance(cause, dict) and cause.get("reason"):
            reason += f" ({cause.get('reason')})"
        return f"Elasticsearch refused it: {reason}"[:500]
    return f"Elasticsearch refused it: HTTP {info.get('status')}"
