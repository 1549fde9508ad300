"""`scrapy crawl generic` on the sample site with no site definition: JSON-LD, meta and trafilatura alone."""

from __future__ import annotations

import json

from newsbot.sample_site.server import SampleServer
from newsbot.spiders.generic import GenericSpider
from tests.cli import FAST, MANIFEST, expected_paths, scrapy


def test_generic_crawl_finds_every_relevant_article(tmp_path):
    with SampleServer() as base:
        start = ",".join(f"{base}{p}" for p in ("/rss.xml", "/sitemap.xml", "/list/1.html"))
        proc = scrapy(
            "crawl", "generic", "-a", f"start={start}", "-O", str(tmp_path / "g.jsonl"), "-s", "NEWSBOT_STATE=", *FAST
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = [json.loads(line) for line in (tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = [r["url"].split(base, 1)[1].split("?")[0] for r in records]
    assert len(paths) == len(set(paths))
    assert set(paths) == expected_paths()
    by_path = dict(zip(paths, records, strict=True))
    for article in MANIFEST["articles"]:
        if article["expected_emitted"]:
            assert by_path[article["path"]]["published_at"][:16] == article["published_at"][:16], article["path"]


def test_generic_needs_start_urls():
    import pytest

    with pytest.raises(ValueError, match="start=URL"):
        GenericSpider()
    with pytest.raises(ValueError, match="not an http"):
        GenericSpider(start="ftp://x.ir/feed")


def test_generic_stays_on_start_domains():
    spider = GenericSpider(start="https://www.example.ir/rss,https://news.other.ir/sitemap.xml")
    assert spider.allowed_domains == ["example.ir", "news.other.ir"]
    assert spider.site_allows("https://example.ir/news/1")
    assert not spider.site_allows("https://evil.example/news/1")
