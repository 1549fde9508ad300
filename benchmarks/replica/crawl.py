"""One crawl of the replica site, run as a child process by benchmarks/bench_crawl.py.

    python benchmarks/replica/crawl.py generic|sitedef|bare BASE_URL OUT_DIR [--state PATH]

generic = `scrapy crawl generic -a start=BASE/sitemap.xml` with newsbot's settings; sitedef = newsbot's
SiteSpider with benchmarks/replica/replica.toml; bare = a plain Scrapy SitemapSpider that parses each page once
and exports its title and body text. All three: no throttle, 32 concurrent requests (also per domain), no
delay. Writes OUT_DIR/KIND.jsonl, KIND.log and KIND.stats.json (Scrapy's stats at the end of the crawl).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
from pathlib import Path

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiders import SitemapSpider

HERE = Path(__file__).resolve().parent
FAST = {
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": False,
    "FEED_EXPORT_ENCODING": "utf-8",
}


class BareSpider(SitemapSpider):
    """Bare Scrapy: the sitemap, then each page parsed once for its title and the text of its paragraphs."""

    name = "bare"

    def parse(self, response):
        yield {
            "url": response.url,
            "title": response.xpath("//title/text()").get(),
            "body": " ".join(t.strip() for t in response.xpath("//body//p//text()").getall() if t.strip()),
        }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def newsbot_settings(out: Path, kind: str, state: str) -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict({**FAST, "NEWSBOT_STATE": state, "NEWSBOT_REPORT_DIR": str(out)}, priority="cmdline")
    return settings


def replica_spider(base: str) -> type:
    from newsbot.sites.registry import load_site_file
    from newsbot.spiders.base import SiteSpider

    site = load_site_file(HERE / "replica.toml")
    host = base.split("://", 1)[1]
    site.sitemaps = [u.replace("REPLICA_HOST", host) for u in site.sitemaps]
    return type("ReplicaSpider", (SiteSpider,), {"name": "replica", "site": site})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("generic", "sitedef", "bare"))
    parser.add_argument("base")
    parser.add_argument("out", type=Path)
    parser.add_argument("--state", default="", help="run state path (empty: state off)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=JSON", help="a newsbot setting")
    args = parser.parse_args()
    out: Path = args.out
    feed = {str(out / f"{args.kind}.jsonl"): {"format": "jsonlines", "encoding": "utf8", "overwrite": True}}
    if args.kind == "bare":
        settings = Settings({**FAST, "ROBOTSTXT_OBEY": False})
        spider, kwargs = BareSpider, {"sitemap_urls": [f"{args.base}/sitemap.xml"]}
    elif args.kind == "generic":
        from newsbot.spiders.generic import GenericSpider

        settings = newsbot_settings(out, args.kind, args.state)
        spider, kwargs = GenericSpider, {"start": f"{args.base}/sitemap.xml"}
    else:
        settings = newsbot_settings(out, args.kind, args.state)
        spider, kwargs = replica_spider(args.base), {}
    if args.kind != "bare":
        for pair in args.set:  # e.g. ITEM_PIPELINES={} to see what one part of newsbot costs
            name, _, value = pair.partition("=")
            settings.set(name, json.loads(value), priority="cmdline")
    settings.set("FEEDS", feed, priority="cmdline")
    settings.set("LOG_FILE", str(out / f"{args.kind}.log"), priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    cpu: dict[str, float] = {}
    # CPU of the crawl itself, start-up (imports, Scrapy's set-up) excluded
    for name, signal in (("opened", signals.spider_opened), ("closed", signals.spider_closed)):
        crawler.signals.connect(lambda spider, name=name: cpu.setdefault(name, _cpu()), signal=signal, weak=False)
    process.crawl(crawler, **kwargs)
    process.start()
    stats = crawler.stats.get_stats()
    stats["bench/crawl_cpu_seconds"] = cpu.get("closed", 0.0) - cpu.get("opened", 0.0)
    (out / f"{args.kind}.stats.json").write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
