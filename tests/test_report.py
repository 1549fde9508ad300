"""The run report's figures and alarms from crawl stats: failures counted once, unreachable told from broken."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet import error as net

from newsbot.failures import failure_kind, is_network
from newsbot.logs import OneLineLogFormatter
from newsbot.report import alarms, build_report, progress_line, why_unreachable

T0 = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
T1 = datetime(2026, 12, 1, 22, 0, 30, tzinfo=UTC)

# `scrapy crawl irna` with no network, as Scrapy 2.19 counted it: 7 entry points, 3 tries each, + robots.txt
OFFLINE_STATS = {
    "downloader/request_count": 24,
    "downloader/exception_count": 24,
    "downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError": 24,
    "retry/count": 16,
    "newsbot/errors/dns_failed": 7,
    "start_time": T0,
    "finish_time": T1,
}
# a site that answers, whose discovery pages no longer link any article
NO_LINKS_STATS = {
    "downloader/request_count": 8,
    "downloader/response_count": 8,
    "downloader/response_status_count/200": 8,
    "newsbot/discovery/feed": 3,
    "newsbot/discovery/listing": 4,
    "start_time": T0,
    "finish_time": T1,
}
SETTINGS = {"coverage_drop": 0.5, "error_rate": 0.5}  # settings.py's defaults
HISTORY = [{"articles_found": 48, "articles_parsed": 20, "coverage": {}}]


def test_offline_failures_counted_once_and_named():
    report = build_report("irna", OFFLINE_STATS, "finished", None)
    assert report["errors"] == {"dns_failed": 7}
    assert report["error_count"] == 7 <= report["requests"] == 24
    assert report["network_errors"] == 7
    assert report["retries"] == 16


def test_offline_site_is_unreachable_not_broken():
    report = build_report("irna", OFFLINE_STATS, "finished", None)
    assert why_unreachable(report) == "no page could be fetched (dns_failed 7; 24 requests)"
    assert alarms(report, HISTORY, SETTINGS) == [
        "irna: site unreachable: no page could be fetched (dns_failed 7; 24 requests)"
    ]


def test_pages_back_but_no_links_is_a_layout_alarm():
    report = build_report("irna", NO_LINKS_STATS, "finished", None)
    assert why_unreachable(report) is None
    assert alarms(report, HISTORY, SETTINGS) == [
        "irna: layout broken? no article links on 7 discovery pages (usual 48 links)"
    ]


def test_a_worker_that_read_only_article_pages_without_the_topic_is_not_unreachable():
    """A shared crawl's worker may fetch no discovery page and have every article screened out before parsing."""
    stats = {"downloader/request_count": 99, "downloader/response_count": 99, "newsbot/dropped/irrelevant": 98}
    assert why_unreachable(build_report("sample", stats, "finished", None)) is None


def test_every_page_an_http_error_is_unreachable():
    stats = {"downloader/request_count": 7, "downloader/response_count": 7, "newsbot/errors/http_403": 7}
    report = build_report("isna", stats, "finished", None)
    assert why_unreachable(report) == "no page could be fetched (http_403 7; 7 requests)"


def test_error_rate_alarm_counts_failed_requests_not_tries():
    stats = {**NO_LINKS_STATS, "downloader/request_count": 10, "newsbot/errors/timeout": 6}
    report = build_report("mehr", stats, "finished", None)
    assert alarms(report, [], SETTINGS) == ["mehr: 60% of 10 requests failed (threshold 50%)"]


def test_progress_line():
    stats = {
        "downloader/response_count": 120,
        "newsbot/articles_found": 45,
        "newsbot/articles_parsed": 30,
        "newsbot/relevant": 3,
        "newsbot/emitted": 2,
        "newsbot/errors/http_404": 1,
        "newsbot/errors/timeout": 3,
    }
    assert progress_line("irna", stats) == (
        "[irna] progress: 120 pages, 45 article links, 30 parsed, 3 relevant, 2 emitted, 4 errors"
    )


REQ = Request("https://www.irna.ir/rss")
KINDS = [
    (CannotResolveHostError("DNS lookup failed"), "dns_failed", True),
    (net.DNSLookupError("x"), "dns_failed", True),
    (DownloadConnectionRefusedError("refused"), "connection_refused", True),
    (DownloadTimeoutError("took longer than 30 s"), "timeout", True),
    (net.TCPTimedOutError(), "timeout", True),
    (HttpError(HtmlResponse("https://www.irna.ir/x", status=404, request=REQ), "Ignoring"), "http_404", False),
    (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed", False),
    (IgnoreRequest("max redirections reached"), "redirect_loop", False),
    (IgnoreRequest("Filtered offsite request to 'evil.example'"), "offsite_redirect", False),
    (ValueError("bug"), "ValueError", False),
]


@pytest.mark.parametrize(("exc", "kind", "network"), KINDS, ids=[k[1] + "-" + type(k[0]).__name__ for k in KINDS])
def test_failure_kind(exc, kind, network):
    assert failure_kind(exc) == kind
    assert is_network(kind) is network


def test_a_dropped_item_is_one_line_without_its_body():
    item = {"url": "https://www.irna.ir/news/1", "body": "متن خبر\n" * 2000, "title": "عنوان"}
    response = HtmlResponse("https://www.irna.ir/news/1", body=b"")
    entry = OneLineLogFormatter().dropped(item, Exception("no_body: body of 40 chars"), response)
    line = entry["msg"] % entry["args"]
    assert line == "Dropped no_body: body of 40 chars at https://www.irna.ir/news/1"
    assert entry["level"] == 20  # INFO: a decision the report counts, not a problem


@pytest.mark.parametrize(
    ("handlers", "built"),
    [
        ([logging.INFO, logging.INFO], False),  # Scrapy's handler and its log counter at LOG_LEVEL=INFO
        ([logging.WARNING], False),
        ([logging.INFO, logging.DEBUG], True),  # a handler that keeps DEBUG
        ([logging.NOTSET], True),
    ],
)
def test_a_crawled_line_is_built_only_when_a_handler_keeps_it(monkeypatch, handlers, built):
    from scrapy.utils.log import LogCounterHandler

    from newsbot.logs import _debug_printed

    on_root = [logging.StreamHandler(), LogCounterHandler(get_crawler(), level=logging.INFO)][: len(handlers)]
    for handler, level in zip(on_root, handlers, strict=True):
        handler.setLevel(level)
    monkeypatch.setattr(logging.root, "handlers", on_root)
    monkeypatch.setattr(logging.root, "level", logging.NOTSET)  # as Scrapy leaves it
    response = HtmlResponse("https://www.irna.ir/news/1", body=b"", request=REQ)
    entry = OneLineLogFormatter().crawled(REQ, response)
    assert (entry is not None) is built
    if built:
        assert entry["level"] == logging.DEBUG and entry["args"]["status"] == 200
    assert (OneLineLogFormatter().scraped({"url": "https://www.irna.ir/news/1"}, response) is not None) is built
    assert _debug_printed("scrapy.core.engine") is built


def test_a_debug_handler_on_scrapys_logger_keeps_the_line(monkeypatch):
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO)
    monkeypatch.setattr(logging.root, "handlers", [handler])
    monkeypatch.setattr(logging.root, "level", logging.NOTSET)
    scrapy_logger = logging.getLogger("scrapy")
    monkeypatch.setattr(scrapy_logger, "handlers", [logging.NullHandler()])  # NOTSET: keeps DEBUG
    response = HtmlResponse("https://www.irna.ir/news/1", body=b"", request=REQ)
    assert OneLineLogFormatter().crawled(REQ, response) is not None
