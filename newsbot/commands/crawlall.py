"""`scrapy crawlall`: every defined site in one process, a run report for all, and an exit code cron can trust."""

from __future__ import annotations

import argparse
import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newsbot.commands import add_spider_arguments, preflight

logger = logging.getLogger(__name__)
OPT_IN = ("sample", "generic")  # demo and ad-hoc spiders run only when named


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--sites KEY,KEY…] [--exclude KEY,…] [-a NAME=VALUE] [-s NAME=VALUE]"

    def short_desc(self) -> str:
        return "Run every defined site (or the ones named) in one process; non-zero exit on failure or alarm"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--sites", default="", help="comma-separated site keys (default: every defined site)")
        parser.add_argument("--exclude", default="", help="comma-separated site keys to leave out")
        add_spider_arguments(parser, "spider argument passed to every site (may be repeated)")
        parser.add_argument("--summary", metavar="FILE", help="write the combined report here too")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # every wrong input is one line before any crawler starts (and before Scrapy's banner)
        with preflight.one_line_errors("crawlall"):
            super().process_options(args, opts)
            if args:
                raise preflight.InputProblem(f"unexpected {' '.join(args)!r}; name sites with --sites KEY,KEY…")
            loader = preflight.spider_loader(self.settings)
            known = sorted(loader.list())
            wanted = [s.strip() for s in opts.sites.split(",") if s.strip()] or [k for k in known if k not in OPT_IN]
            excluded = [s.strip() for s in opts.exclude.split(",") if s.strip()]
            preflight.spider_classes(loader, wanted + excluded)  # an unknown key is refused here
            self.sites = [s for s in wanted if s not in excluded]
            self.spargs = preflight.spider_arguments(opts.spargs)
            preflight.check_run(self.settings, preflight.spider_classes(loader, self.sites), self.spargs)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        crawlers = {}
        jobdir_root = self.settings.get("NEWSBOT_JOBDIR_ROOT")
        for key in self.sites:
            crawler = self._crawler_for(key, jobdir_root)
            crawlers[key] = crawler
            self.crawler_process.crawl(crawler, **self.spargs)
        logger.info("crawlall: %d sites: %s", len(self.sites), ", ".join(self.sites))
        self.crawler_process.start()
        self.exitcode = self.settle(crawlers, opts.summary)

    def _crawler_for(self, key: str, jobdir_root: str | None):
        """A crawler per site; with NEWSBOT_JOBDIR_ROOT each gets its own JOBDIR so a stopped run resumes."""
        assert self.crawler_process is not None
        if not jobdir_root:
            return self.crawler_process.create_crawler(key)
        from scrapy.crawler import Crawler

        settings = self.settings.copy()
        jobdir = Path(jobdir_root) / key
        # made here, exist_ok: Scrapy checks then creates, and two workers starting together raced to FileExistsError
        jobdir.mkdir(parents=True, exist_ok=True)
        settings.set("JOBDIR", str(jobdir), priority="cmdline")
        return Crawler(self.crawler_process.spider_loader.load(key), settings)

    def settle(self, crawlers: dict, summary_path: str | None) -> int:
        """Print one line per problem and the combined report; 0 only when every site ran with no alarm."""
        problems: list[str] = []
        reports = []
        crawls: list[dict] = []
        for key, crawler in crawlers.items():
            report = getattr(crawler, "newsbot_report", None)
            if report is None:
                problems.append(f"{key}: did not run (failed to start; see the log above)")
                continue
            reports.append(report)
            if report["finish_reason"] != "finished":
                problems.append(f"{key}: ended with {report['finish_reason']!r}")
            problems += report.get("alarms", [])
            # the last worker of a shared crawl has the crawl's report: its alarms judge the whole crawl
            crawl = getattr(crawler, "newsbot_crawl_report", None)
            if crawl is not None:
                crawls.append(crawl)
                problems += [alarm for alarm in crawl["alarms"] if alarm not in problems]
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
        combined = {"finished_at": stamp, "sites": reports, "problems": problems, "ok": not problems}
        if crawls:
            combined["crawls"] = crawls
        from newsbot.spiders.base import worker_name  # loaded by the crawl already; not for every scrapy command

        # workers of a shared crawl may share a machine or a folder and finish in the same second
        name = f"crawlall-{stamp}-{worker_name()}" if self.settings.get("NEWSBOT_REDIS_URL") else f"crawlall-{stamp}"
        out = Path(summary_path or Path(self.settings.get("NEWSBOT_REPORT_DIR")) / f"{name}.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(combined, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        total = sum(r["emitted"] for r in reports)
        print(f"crawlall: {len(reports)}/{len(crawlers)} sites ran, {total} articles emitted; report {out}")
        for line in problems:
            print(f"crawlall: FAIL {line}")
        return 1 if problems else 0
