"""The spider's use of the name screen: a page that names nothing of the topic is counted irrelevant before
extraction; the screen stands aside where every page must be extracted."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsbot import settings as project
from newsbot.spiders.generic import GenericSpider

REAL = Path(__file__).parent / "data" / "real" / "khabaronline_article_reformists-election-call.html"
URL = "https://www.khabaronline.ir/news/1353889/"
NAMED = REAL.read_bytes().replace("روزنامه جوان نوشت".encode(), "سازمان تأمین‌اجتماعی اعلام کرد".encode(), 1)


def run(body: bytes, **settings: object) -> tuple[list, dict]:
    defaults = {k: getattr(project, k) for k in ("ITEM_PIPELINES", "NEWSBOT_EMIT_TIERS", "NEWSBOT_TOPIC")}
    crawler = get_crawler(GenericSpider, {**defaults, "NEWSBOT_STATE": "", **settings})
    spider = GenericSpider.from_crawler(crawler, start=URL)
    response = HtmlResponse(URL, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    items = list(spider.parse_article(response))
    return items, crawler.stats.get_stats()


def test_a_page_without_a_name_is_counted_irrelevant_unparsed() -> None:
    items, stats = run(REAL.read_bytes())
    assert items == []
    assert stats.get("newsbot/dropped/irrelevant") == 1
    assert stats.get("newsbot/screened_out") == 1
    assert "newsbot/articles_parsed" not in stats


def test_a_page_with_a_name_is_extracted() -> None:
    items, stats = run(NAMED)
    assert len(items) == 1
    assert "newsbot/dropped/irrelevant" not in stats


@pytest.mark.parametrize(
    "settings",
    [
        {"ITEM_PIPELINES": {}},  # the canary: it judges every page it reaches
        {"NEWSBOT_KEEP_IRRELEVANT": True},
        {"NEWSBOT_EMIT_TIERS": ["about", "none"]},
        {"NEWSBOT_RELEVANCE_THRESHOLD": 0},
    ],
    ids=["no relevance pipeline", "keep irrelevant", "tier none emitted", "threshold 0"],
)
def test_the_screen_stands_aside(settings: dict) -> None:
    items, stats = run(REAL.read_bytes(), **settings)
    assert len(items) == 1
    assert "newsbot/screened_out" not in stats


def test_a_page_in_utf16_with_its_byte_order_mark_is_read_as_scrapy_decodes_it() -> None:
    # the header says UTF-8; Scrapy decodes by the mark, so the screen must read the decoded text, not the bytes
    body = NAMED.decode("utf-8").encode("utf-16")  # with its byte-order mark
    items, stats = run(body)
    assert len(items) == 1 and "newsbot/screened_out" not in stats


@pytest.mark.parametrize("body", [b"", b"  \n", "\u00a0\n".encode(), "\ufeff".encode()], ids=repr)
def test_a_blank_page_is_empty_not_irrelevant(body: bytes) -> None:
    items, stats = run(body)
    assert items == [] and stats.get("newsbot/skipped/empty_page") == 1
    assert "newsbot/dropped/irrelevant" not in stats
