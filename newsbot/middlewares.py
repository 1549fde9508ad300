"""Retries with backoff that respect the server's Retry-After on 429 and 503; no redirect off the site."""

from __future__ import annotations

import asyncio
import email.utils
import time

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached


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


class PoliteRetryMiddleware(RetryMiddleware):
    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("NEWSBOT_RETRY_AFTER_MAX")

    async def process_response(self, request: Request, response: Response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        attempt = request.meta.get("retry_times", 0) + 1
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            wait = min(self.max_wait, 2.0**attempt)  # exponential backoff when the server gives no hint
        wait = min(wait, self.max_wait)
        retry = self._retry(request, f"{response.status} response")
        if retry is None:
            return response
        if self.crawler is not None:
            self.crawler.stats.inc_value(f"newsbot/retry/http_{response.status}")
        if wait > 0:
            await asyncio.sleep(wait)
        return retry


class OffsiteRedirectMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter, which also stops redirects (HTTP or meta refresh) to another domain.

    Scrapy lets every `dont_filter` request through to any host, and a redirect keeps the flag of the
    request it answers; article requests carry it (the spider keeps its own seen-set), so without this an
    article URL answering «302 Location: http://elsewhere/» would be followed off the site.
    """

    def process_request(self, request: Request, spider=None) -> None:
        if (
            request.meta.get("redirect_urls")
            and not request.meta.get("allow_offsite")
            and not self.should_follow(request, self.crawler.spider)
        ):
            self.stats.inc_value("offsite/filtered")
            self.stats.inc_value("newsbot/skipped/offsite_redirect")  # dropped before any errback: count it here
            raise IgnoreRequest(f"Filtered offsite redirect to {urlparse_cached(request).hostname!r}")
        return super().process_request(request)
