"""Retries with backoff that respect the server's Retry-After on 429 and 503."""

from __future__ import annotations

import email.utils
import logging
import time
from typing import Any

from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.misc import load_object

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class RetryLater(IgnoreRequest):
    """This answer is replaced by a retry sent after a wait; the spider's errback lets it pass uncounted."""

    retry_later = True


class PoliteRetryMiddleware:
    """Scrapy's retry rules through its public `get_retry_request`, with a wait that holds no download slot.

    A retried HTTP status waits for the server's Retry-After (else 2, 4, 8… s, at most NEWSBOT_RETRY_AFTER_MAX) outside
    the downloader: the answer ends as RetryLater and the retry request is handed to the engine when the wait is
    over, so the other requests go on meanwhile. The spider is kept open while a retry waits.
    """

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.max_retry_times = settings.getint("RETRY_TIMES")
        self.retry_http_codes = {int(x) for x in settings.getlist("RETRY_HTTP_CODES")}
        self.priority_adjust = settings.getint("RETRY_PRIORITY_ADJUST")
        self.exceptions_to_retry = tuple(
            load_object(x) if isinstance(x, str) else x for x in settings.getlist("RETRY_EXCEPTIONS")
        )
        self.max_wait = settings.getfloat("NEWSBOT_RETRY_AFTER_MAX")
        self.waiting: dict[int, Any] = {}  # id(retry request) -> its timer
        crawler.signals.connect(self.spider_idle, signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> PoliteRetryMiddleware:
        return cls(crawler)

    def _retry(self, request: Request, reason: str | Exception) -> Request | None:
        return get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=reason,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=logging.DEBUG,  # the spider's errback says it in one line, with the failure's kind
        )

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, f"http_{response.status}")
        if retry is None:
            return response
        self.crawler.stats.inc_value(f"newsbot/retry/http_{response.status}")
        wait = self.wait_for(response, retry.meta.get("retry_times", 1))
        if wait <= 0:
            return retry
        logger.info(
            "[%s] http_%s on %s: retrying in %.0f s", self.crawler.spider.name, response.status, request.url, wait
        )
        self.waiting[id(retry)] = call_later(wait, self._send, retry)
        raise RetryLater(f"retry in {wait:.0f} s")

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> Request | None:
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry"):
            return self._retry(request, exception)
        return None

    def wait_for(self, response: Response, attempt: int) -> float:
        """Seconds before the retry: the server's Retry-After, else exponential backoff, never over the cap."""
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            wait = 2.0**attempt  # the server gave no hint
        return min(wait, self.max_wait)

    def _send(self, retry: Request) -> None:
        self.waiting.pop(id(retry), None)
        self.crawler.engine.crawl(retry)

    def spider_idle(self, spider: Any) -> None:
        if self.waiting:
            raise DontCloseSpider  # a retry is still waiting for its Retry-After

    def spider_closed(self, spider: Any, reason: str) -> None:
        for timer in self.waiting.values():
            timer.cancel()
        if self.waiting:
            logger.warning("[%s] %d retries still waiting when the run ended", spider.name, len(self.waiting))
        self.waiting.clear()
