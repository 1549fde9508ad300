"""The run report extension: figures per site at the end of every run, alarms, and the run's state settled."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from newsbot.report import alarms, build_report, summary_lines
from newsbot.state import run_state

logger = logging.getLogger(__name__)


class RunReport:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.report: dict[str, Any] | None = None
        self.has_feeds = bool(crawler.settings.getdict("FEEDS"))
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.feeds_closed, signals.feed_exporter_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        run_state(self.crawler)  # settle earlier killed runs and open this one before any request

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        stats.setdefault("finish_time", datetime.now(UTC))
        state = run_state(self.crawler)
        output = state.output_paths()[0] if state else None
        report = build_report(spider.name, stats, reason, output)
        history = state.store.last_reports(spider.name) if state else []
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
