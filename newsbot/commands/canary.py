"""`scrapy canary [SITE…]`: fetch the newest few articles of each outlet and say which definitions still work."""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.report import build_report

FIELDS = ("title", "date", "lead", "body", "tags")
REQUIRED = ("title", "date", "body")  # without these a record is not publishable
MIN_COVERAGE = 0.5


def verdict(stats: dict) -> tuple[int, dict[str, float | None], str]:
    """(articles reached, coverage per field, 'OK' or 'BROKEN: reason')."""
    report = build_report("", stats, "", None)  # the run report's figures, so the two never disagree
    parsed = report["articles_parsed"]
    coverage = {f: report["coverage"][f] for f in FIELDS}
    if not parsed:
        found = stats.get("newsbot/articles_found", 0)
        return (
            0,
            coverage,
            "BROKEN: articles (no article links found)" if not found else "BROKEN: articles (none parsed)",
        )
    failed = [f for f in REQUIRED if (coverage[f] or 0) < MIN_COVERAGE]
    return parsed, coverage, f"BROKEN: {', '.join(failed)}" if failed else "OK"


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[SITE …] [-n N] [-a NAME=VALUE]"

    def short_desc(self) -> str:
        return "Live check: fetch the newest articles of each outlet, print field coverage and OK/BROKEN"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-n", type=int, default=5, help="articles per outlet (default 5)")
        parser.add_argument(
            "-a",
            dest="spargs",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="spider argument (e.g. -a root=DIR for the sample site)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        # a canary looks at extraction only: no state, no output, no relevance filtering
        self.settings.set("NEWSBOT_STATE", "", priority="cmdline")
        self.settings.set("FEEDS", {}, priority="cmdline")
        self.settings.set("ITEM_PIPELINES", {}, priority="cmdline")
        self.settings.set("EXTENSIONS", {}, priority="cmdline")
        self.settings.set("NEWSBOT_MAX_ARTICLES_PER_RUN", opts.n, priority="cmdline")
        self.settings.set("NEWSBOT_MAX_LISTING_PAGES", 1, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        known = sorted(self.crawler_process.spider_loader.list())
        sites = args or [k for k in known if k not in ("sample", "generic")]
        unknown = [s for s in sites if s not in known]
        if unknown:
            raise UsageError(f"unknown site(s): {', '.join(unknown)}; known: {', '.join(known)}")
        spargs = dict(a.split("=", 1) for a in opts.spargs if "=" in a)
        crawlers = {}
        for key in sites:
            crawler = self.crawler_process.create_crawler(key)
            crawlers[key] = crawler
            self.crawler_process.crawl(crawler, **spargs)
        self.crawler_process.start()
        header = f"{'outlet':<16} {'articles':>8} " + " ".join(f"{f:>6}" for f in FIELDS) + "  status"
        print(header)
        print("-" * len(header))
        broken = 0
        for key, crawler in crawlers.items():
            stats = crawler.stats.get_stats() if crawler.stats else {}
            reached, coverage, status = verdict(stats)
            cells = " ".join(f"{'-' if coverage[f] is None else f'{coverage[f]:.0%}':>6}" for f in FIELDS)
            print(f"{key:<16} {reached:>8} {cells}  {status}")
            broken += status != "OK"
        print(f"canary: {len(crawlers) - broken} OK, {broken} BROKEN")
        self.exitcode = 1 if broken else 0
