"""Run extensions: the report (figures per site, alarms, the run's state settled) and the progress line."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.asyncio import create_looping_call

from newsbot.logs import quiet_network_tracebacks
from newsbot.report import alarms, build_report, progress_line, summary_lines
from newsbot.state import run_state

logger = logging.getLogger(__name__)
DROPPED_URLS_KEPT = 50  # per drop reason, in the run report


class Progress:
    """One line per site every NEWSBOT_PROGRESS_INTERVAL seconds: pages, article links, relevant, emitted, errors.

    On in interactive runs (a terminal on stderr) and whenever the interval is set on the command line; a cron
    log keeps only Scrapy's once-a-minute line and the final report.
    """

    def __init__(self, crawler: Crawler) -> None:
        interval = crawler.settings.getfloat("NEWSBOT_PROGRESS_INTERVAL")
        explicit = crawler.settings.getpriority("NEWSBOT_PROGRESS_INTERVAL") > SETTINGS_PRIORITIES["project"]
        if interval <= 0 or not (explicit or sys.stderr.isatty()):
            raise NotConfigured
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.task = create_looping_call(self.log, spider.name)
        self.task.start(self.interval, now=False)

    def log(self, site: str) -> None:
        logger.info(progress_line(site, self.crawler.stats.get_stats()))

    def spider_closed(self, spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()


class RunReport:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.report: dict[str, Any] | None = None
        self.has_feeds = bool(crawler.settings.getdict("FEEDS"))
        self.dropped_urls: dict[str, list[str]] = {}
        self._topic: Any = None
        quiet_network_tracebacks()
        crawler.signals.connect(self.item_dropped, signals.item_dropped)
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.feeds_closed, signals.feed_exporter_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        run_state(self.crawler)  # settle earlier killed runs and open this one before any request

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any) -> None:
        """Keep the URLs of relevant-looking articles that were dropped, by reason, for the report."""
        reason = getattr(exception, "reason", None)
        urls = self.dropped_urls.setdefault(reason, []) if reason else None
        item = ItemAdapter(item)
        if urls is None or len(urls) >= DROPPED_URLS_KEPT or not self._looks_relevant(item):
            return
        urls.append(str(item.get("url") or getattr(response, "url", "")))

    def _looks_relevant(self, item: ItemAdapter) -> bool:
        """Not tier `none`: the tier the relevance step gave, or (dropped before it) one scored now."""
        from newsbot.facts.relevance import load_topic, score_relevance

        tier = (item.get("relevance") or {}).get("tier")
        if tier is None:
            self._topic = self._topic or load_topic(self.crawler.settings.get("NEWSBOT_TOPIC") or None)
            text = (item.get("title") or "", item.get("lead"), item.get("body") or "")
            tier = score_relevance(*text, topic=self._topic).tier
        return tier != "none"

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        stats.setdefault("finish_time", datetime.now(UTC))
        state = run_state(self.crawler)
        # with the state off, the feed storage still says where the records went
        output = state.output_paths()[0] if state else stats.get("newsbot/output")
        report = build_report(spider.name, stats, reason, output)
        report["dropped_urls"] = {k: v for k, v in sorted(self.dropped_urls.items()) if v}
        history = state.store.last_reports(state.site) if state else []
        s = self.crawler.settings
        report["alarms"] = alarms(
            report,
            history,
            {
                "coverage_drop": s.getfloat("NEWSBOT_ALARM_COVERAGE_DROP"),
                "error_rate": s.getfloat("NEWSBOT_ALARM_ERROR_RATE"),
            },
        )
        report["run_id"] = state.run_id if state else None
        self.report = report
        self.crawler.newsbot_report = report
        for line in summary_lines(report):
            (logger.error if " ALARM " in line else logger.info)(line)
        self._write(report, output)
        if not self.has_feeds:
            self._finish()

    def feeds_closed(self) -> None:
        self._finish()

    def _write(self, report: dict[str, Any], output: str | None) -> None:
        if output:
            path = Path(output).with_suffix(".report.json")
        else:
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
            path = Path(self.crawler.settings.get("NEWSBOT_REPORT_DIR")) / report["site"] / f"{stamp}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        report["report_file"] = str(path)
        logger.info("[%s] run report: %s", report["site"], path)

    def _finish(self) -> None:
        state = run_state(self.crawler)
        if state is None or self.report is None:
            return
        final, part = state.output_paths()
        # the output is final only if the rename happened; otherwise the run's articles stay pending
        done = final is None or (Path(final).exists() and not (part and Path(part).exists()))
        state.finish("completed" if done else "failed", self.report)
