"""Scrapy's scheduler with the pending requests on disk: a crawl's memory does not grow with its queue.

A sitemap of 20,000 articles puts 20,000 requests in the queue at once; Scrapy keeps them in memory unless a
JOBDIR is set. Here they wait in Scrapy's own disk queue (SCHEDULER_DISK_QUEUE) in a temporary folder,
removed when the crawl closes: no resume from it (a JOBDIR is for that, and is used as given), only flat memory.
"""

from __future__ import annotations

import logging
import shutil
import tempfile

from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler

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
