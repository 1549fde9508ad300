"""Feed discovery on the real RSS captures (tests/data/feeds/: byte copies of the shared *_rss_feed.xml).

Each capture goes through the site spider's own feed parsing; the links it follows and the dates it reads must
be the ones in the feed (read by hand, SOURCES.md), as instants to the minute in Tehran time.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
import scrapy
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from newsbot import settings as project_settings
from newsbot.spiders import sites as site_spiders
from newsbot.spiders.base import feed_entries
from newsbot.text.dates import parse_machine_date

FEEDS = Path(__file__).parent / "data" / "feeds"
TEHRAN = timedelta(hours=3, minutes=30)

# site, capture, the URL it was fetched from, and each item the spider must follow: (link, instant in Tehran).
# Nastooh feeds give RFC-822 GMT dates (19:30:10 GMT = 23:00 Tehran); SepehrFeed gives +0330 with no weekday.
CAPTURES = [
    ("mehr", "mehr_rss_feed.xml", "https://www.mehrnews.com/rss", [
        ("https://www.mehrnews.com/news/6983317/آسفالت-محور-گردشگری-گریت-سرکانه-به-مراحل-پایانی-رسید",
         "2026-10-19T23:00+03:30"),
    ]),
    ("khabaronline", "khabaronline_rss_feed.xml", "https://www.khabaronline.ir/rss", [
        ("https://www.khabaronline.ir/news/2290539/رئیس-کمیسیون-اصل-نودم-قانون-اساسی-خسارت-خودروهای-آسیب-دیده-در",
         "2026-10-19T23:03+03:30"),
        ("https://www.khabaronline.ir/news/2290524/ترامپ-قیمت-ها-به-سرعت-در-حال-پایین-آمدن-هستند-فیلم",
         "2026-10-19T22:58+03:30"),
        ("https://www.khabaronline.ir/news/2290421/قتل-عام-خانوادگی-در-شمال-شهر-تهران-مردی-میانسال-با-۲-اسلحه",
         "2026-10-19T22:47+03:30"),
    ]),
    ("hamshahri", "hamshahri_rss_feed.xml", "https://www.hamshahrionline.ir/rss", [
        ("https://www.hamshahrionline.ir/news/1078294/کارنامه-دیپلماسی-ایران-در-برابر-غرب-از-سعدآباد-تا-هرمز",
         "2026-10-19T23:00+03:30"),
        ("https://www.hamshahrionline.ir/news/1078306/گوگل-به-اندروید-قابلیت-ضدکلاهبرداری-داد-پیام-ها-و-لینک-های",
         "2026-10-19T22:50+03:30"),
        ("https://www.hamshahrionline.ir/news/1078316/دانشمندان-برای-پیدا-کردن-سیاه-چاله-های-راه-شیری-از-مردم-کمک-خواستند",
         "2026-10-19T22:49+03:30"),
    ]),
    ("tabnak", "tabnak_rss_feed.xml", "https://www.tabnak.ir/fa/rss/allnews", [
        ("https://www.tabnak.ir/fa/news/1399497/راهی-ساده-برای-استفاده-از-حداکثر-سرعت-اینترنت",
         "2026-10-19T22:42+03:30"),
        ("https://www.tabnak.ir/fa/news/1399508/واکنش-کی-یف-به-اخبار-دیدار-رهبران-آمریکا-روسیه-و-چین",
         "2026-10-19T22:41+03:30"),
        ("https://www.tabnak.ir/fa/news/1399507/احضار-سفیر-رئیس-دوره-ای-اتحادیه-اروپا-به-وزارت-ایران",
         "2026-10-19T22:33+03:30"),
    ]),
    ("entekhab", "entekhab_rss_feed.xml", "https://www.entekhab.ir/fa/rss/allnews", [
        ("https://www.entekhab.ir/fa/news/944313/رنجبر-نماینده-مجلس-طرح-ساماندهی-حقوق-کارمندان-و-بازنشستگان-از-طریق"
         "-اصلاح-قانون-خدمات-کشوری-در-دستور-کار-قرار-گرفت", "2026-10-20T15:56+03:30"),
        ("https://www.entekhab.ir/fa/news/944311/روزانه-چند-قدم-پیاده-روی-به-تقویت-تمرکز-کمک-می-کند",
         "2026-10-20T15:51+03:30"),
        ("https://www.entekhab.ir/fa/news/944310/معاون-حقوقی-ارتش-دولت-قطر-باید-درباره-خلبانان-ایرانی-پاسخگو-باشد-ما"
         "-آن-ها-را-زنده-می-دانیم-چون-هیچ-دلیلی-برای-شهادتشان-ارائه-نشده-دوحه-در-این-مورد-مسئولیت-بین-المللی-دارد",
         "2026-10-20T15:48+03:30"),
    ]),
    ("asriran", "asriran_rss_feed.xml", "https://www.asriran.com/fa/rss/allnews", [
        ("https://www.asriran.com/fa/news/1200218/طلای-امیرمحمد-حقیقت-شناس-در-پاراتکواندو-بازی-های-پاراآسیایی-2026",
         "2026-10-20T15:55+03:30"),
        ("https://www.asriran.com/fa/news/1200217/هاجر-صفرزاده-در-پاراآسیایی-2026-نقره-دوی-200-متر-را-گرفت",
         "2026-10-20T15:52+03:30"),
        ("https://www.asriran.com/fa/news/1200206/بررسی-برند-پرلئون-چالش-های-ساخت-هویت-لوکس-در-بازار-پوشاک-مردانه-ایران",
         "2026-10-20T15:37+03:30"),
    ]),
]


# sha256 of each capture as listed in shared/fixtures/real/SOURCES.md
SHA256 = {
    "mehr_rss_feed.xml": "3b1f249d9693ac67f4c87c30de3ff3a3e8f01ee3b8c0641a06938597a7889e9f",
    "khabaronline_rss_feed.xml": "4b1522779e55ca01edbac8ef94835812cb61fd9a49abba776b3aa917a970d4a5",
    "hamshahri_rss_feed.xml": "a1bb72b0afd31b3af1cf05666522801b713f192c816529ce5385d0c89714e4a1",
    "tabnak_rss_feed.xml": "c4849f710de4021b81a1999993e7b938ffec85b83d1799d74f206014cbeb414a",
    "entekhab_rss_feed.xml": "788ca70098d2421cbff7f469630cdf02619725df3bbf6144959b68f358c4437d",
    "asriran_rss_feed.xml": "147c6b50ea7a8f7d96026a5627cb574217fdbf8f48545d4963e2378868cece2b",
}


def test_captures_are_byte_copies():
    assert {c[1] for c in CAPTURES} == set(SHA256)
    for file, digest in SHA256.items():
        assert hashlib.sha256((FEEDS / file).read_bytes()).hexdigest() == digest, file


def make_spider(key: str, **settings):
    cls = next(v for v in vars(site_spiders).values()
               if isinstance(v, type) and issubclass(v, scrapy.Spider) and getattr(v, "name", None) == key)
    newsbot = {k: v for k, v in vars(project_settings).items() if k.startswith("NEWSBOT_")}  # the defaults
    crawler = get_crawler(cls, {**newsbot, "NEWSBOT_STATE": "", **settings})
    return cls.from_crawler(crawler), crawler


def feed_response(url: str, body: bytes) -> XmlResponse:
    return XmlResponse(url=url, body=body, encoding="utf-8")


def followed(spider, response) -> list[scrapy.Request]:
    return [r for r in spider.parse_feed(response) if isinstance(r, scrapy.Request)]


def _minute(dt) -> str:
    off = dt.strftime("%z")
    return f"{dt:%Y-%m-%dT%H:%M}" + (f"{off[:3]}:{off[3:5]}" if off else "")


@pytest.mark.parametrize(("key", "file", "feed_url", "items"), CAPTURES, ids=[c[0] for c in CAPTURES])
def test_feed_links_and_dates(key, file, feed_url, items):
    spider, _ = make_spider(key)
    requests = followed(spider, feed_response(feed_url, (FEEDS / file).read_bytes()))
    assert [unquote(r.url) for r in requests] == [link for link, _ in items]
    assert all(request.callback == spider.parse_article for request in requests)
    dates = {unquote(link): date for link, date in feed_entries((FEEDS / file).read_text(encoding="utf-8"))}
    for link, instant in items:
        date = dates[link]
        dt = parse_machine_date(date)
        assert dt is not None, date
        assert dt.utcoffset() == TEHRAN, date
        assert _minute(dt) == instant, date


def test_feed_is_recognised_by_its_content():
    """A feed reached from any entry point (a listing URL, a tag feed) is read as a feed, not as a page."""
    spider, _ = make_spider("tabnak")
    body = (FEEDS / "tabnak_rss_feed.xml").read_bytes()
    response = feed_response("https://www.tabnak.ir/fa/search?query=x", body)
    assert len(list(spider.parse_discovery(response, kind="listing"))) == 3


def test_mehr_photo_galleries_are_not_followed():
    spider, crawler = make_spider("mehr")
    body = (FEEDS / "mehr_rss_feed.xml").read_bytes()
    assert body.count(b"<item>") == 3 and body.count(b"/photo/") >= 2
    requests = followed(spider, feed_response("https://www.mehrnews.com/rss", body))
    assert [r.url for r in requests if "/photo/" in r.url] == []
    assert len(requests) == 1
    assert crawler.stats.get_value("newsbot/skipped/not_article_url") == 2


def test_huge_feed_is_capped_and_the_excess_counted():
    items = "".join(
        f"<item><title>خبر {i}</title><link>https://www.khabaronline.ir/news/{3000000 + i}/x</link>"
        f"<pubDate>Mon, 19 Oct 2026 19:{i % 60:02d}:00 GMT</pubDate></item>" for i in range(10_000))
    body = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>{items}</channel></rss>'
    body = body.encode()
    spider, crawler = make_spider("khabaronline", NEWSBOT_MAX_FEED_ITEMS=250)
    requests = followed(spider, feed_response("https://www.khabaronline.ir/rss", body))
    assert len(requests) == 250
    assert requests[0].url == "https://www.khabaronline.ir/news/3000000/x"  # the first (newest) are kept
    assert crawler.stats.get_value("newsbot/skipped/feed_items_over_cap") == 10_000 - 250
    assert all(r.meta.get("newsbot_article") for r in requests)  # counted as found by the dupefilter
