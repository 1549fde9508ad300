"""Retries with backoff that respect the server's Retry-After on 429 and 503."""

from __future__ import annotations

import asyncio
import email.utils
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response


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
        self.max_wait = settings.getfloat("NEWSBOT_RETRY_AFTER_MAX", 120)

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
