"""Quiet, useful log lines: a dropped item is one line (reason, URL), never its body; network failures carry no
traceback unless the log is at DEBUG."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.logformatter import LogFormatter
from scrapy.utils.log import get_scrapy_root_handler

from newsbot.failures import failure_kind, is_network

MAX_REASON_CHARS = 300  # a drop reason is a phrase; anything longer is cut, never a page of text


def _url(item: Any, response: Any) -> str:
    url = ItemAdapter(item).get("url") if ItemAdapter.is_item(item) else None
    return str(url or getattr(response, "url", "") or "?")


def _debug_printed(name: str) -> bool:
    """Whether a DEBUG record of logger `name` reaches a handler that keeps DEBUG (at LOG_LEVEL=INFO, Scrapy's
    own handler and its log counter both drop it)."""
    logger: logging.Logger | None = logging.getLogger(name)
    if not logger.isEnabledFor(logging.DEBUG):
        return False
    while logger is not None:
        if any(handler.level <= logging.DEBUG for handler in logger.handlers):
            return True
        logger = logger.parent if logger.propagate else None
    return False


class OneLineLogFormatter(LogFormatter):
    """Scrapy's log lines for items, without the item: a record is kilobytes of Persian text."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> dict:
        reason = " ".join(str(exception).split())[:MAX_REASON_CHARS]
        url = _url(item, response)
        if url not in reason:
            reason = f"{reason} at {url}"
        # a drop is a decision the run report counts, not a problem: INFO unless the exception says otherwise
        level = getattr(exception, "log_level", None) or logging.INFO
        return {"level": level, "msg": "Dropped %(reason)s", "args": {"reason": reason}}

    def crawled(self, request: Any, response: Any, spider: Any = None) -> dict | None:
        # Scrapy leaves the root logger at NOTSET: a DEBUG line its handlers drop is still built, with a caller
        # lookup and a record, for every page. None (Scrapy's «no line») when no handler keeps DEBUG.
        return super().crawled(request, response, spider) if _debug_printed("scrapy.core.engine") else None

    def scraped(self, item: Any, response: Any, spider: Any = None) -> dict | None:
        if not _debug_printed("scrapy.core.scraper"):
            return None
        return {"level": logging.DEBUG, "msg": "Scraped %(url)s", "args": {"url": _url(item, response)}}

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> dict:
        return {
            "level": logging.ERROR,
            "msg": "Error processing the item of %(url)s",
            "args": {"url": _url(item, response)},
        }


class NetworkTracebacks(logging.Filter):
    """Drops the traceback from a log line about a network failure (DNS, refused, timeout): the line says it all.

    At LOG_LEVEL=DEBUG the traceback stays.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None and is_network(failure_kind(record.exc_info[1])):
            handler = get_scrapy_root_handler()
            if handler is None or handler.level > logging.DEBUG:
                record.exc_info = None
                record.exc_text = None
        return True


# Scrapy components that log a failed download with its traceback
NOISY_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.core.scraper", "scrapy.core.engine")


def quiet_network_tracebacks() -> None:
    """Install the filter once per process (loggers outlive crawlers; Scrapy's handler does not)."""
    for name in NOISY_LOGGERS:
        log = logging.getLogger(name)
        if not any(isinstance(f, NetworkTracebacks) for f in log.filters):
            log.addFilter(NetworkTracebacks())
