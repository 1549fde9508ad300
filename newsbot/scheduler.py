"""Scrapy's scheduler with the pending requests on disk: a crawl's memory does not grow with its queue.

A sitemap of 20,000 articles puts 20,000 requests in the queue at once; Scrapy keeps them in memory unless a
JOBDIR is set. Here they wait in Scrapy's own disk queue (SCHEDULER_DISK_QUEUE) in a temporary folder,
removed when the crawl closes: no resume from it (a JOBDIR is for that, and is used as given), only flat memory.

Scrapy's disk queues name a request's callback and errback by looking through every member of the spider
(`Request.to_dict`, about 40 µs a request); `NamedPickleLifoDiskQueue` (SCHEDULER_DISK_QUEUE) and its FIFO twin
remember the names found for each pair of methods, and write the same records.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from typing import Any

from scrapy import Request
from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from scrapy.squeues import PickleFifoDiskQueue, PickleLifoDiskQueue

logger = logging.getLogger(__name__)


class DiskQueueScheduler(Scheduler):
    """`Scheduler` whose disk queue is a temporary folder when no JOBDIR is set (NEWSBOT_QUEUE_ON_DISK)."""

    spill: str | None = None  # the temporary folder, removed at close

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskQueueScheduler:
        scheduler = super().from_crawler(crawler)
        if scheduler.dqdir is None and crawler.settings.getbool("NEWSBOT_QUEUE_ON_DISK"):
            scheduler.spill = scheduler.dqdir = tempfile.mkdtemp(prefix="newsbot-queue-")
        return scheduler

    def close(self, reason: str):  # noqa: ANN201 (Scrapy's signature: a Deferred or None)
        try:
            return super().close(reason)
        finally:
            if self.spill:
                shutil.rmtree(self.spill, ignore_errors=True)


class _Named:
    """A Scrapy disk queue that names the callbacks of a request from the names found for earlier ones."""

    spider: Any  # set by Scrapy's queue

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._names: dict[tuple[Any, Any], tuple[Any, Any]] = {}

    def push(self, request: Request) -> None:
        callback, errback = request.callback, request.errback
        if any(f is not None and not hasattr(f, "__func__") for f in (callback, errback)):
            super().push(request)  # not a method: Scrapy's own answer (it cannot be named)
            return
        # Scrapy names a method by its function, whichever object it is bound to: so does this table
        key = (getattr(callback, "__func__", None), getattr(errback, "__func__", None))
        names = self._names.get(key)
        if names is None:
            found = request.to_dict(spider=self.spider)  # Scrapy's own search (ValueError: not the spider's)
            names = self._names[key] = (found["callback"], found["errback"])
        request.callback, request.errback = names  # names pass through to_dict as they are
        try:
            super().push(request)
        finally:
            request.callback, request.errback = callback, errback


class NamedPickleLifoDiskQueue(_Named, PickleLifoDiskQueue):
    """SCHEDULER_DISK_QUEUE: Scrapy's default, callbacks named once per pair of methods."""


class NamedPickleFifoDiskQueue(_Named, PickleFifoDiskQueue):
    """SCHEDULER_START_DISK_QUEUE: Scrapy's default, callbacks named once per pair of methods."""
