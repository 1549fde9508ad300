"""Run extensions: the run state's one owner (opened when the crawl is built, settled when the output is final),
the report (figures per site, alarms against the site's history) and the progress line."""

from __future__ import annotations

import json
import logging
import sys
import threading
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
from newsbot.state import Run, Store, open_state, release_state, state_target

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


class RunStateKeeper:
    """Opens the store and begins this site's run before any component asks; finishes it once the output is final.

    Every other component reaches the run through `crawler.get_extension(RunStateKeeper).run` (None when the
    state is off): no getter opens anything, nothing is stashed on the crawler.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        s = crawler.settings
        self.store: Store | None = open_state(s)
        self.run: Run | None = None
        self.finished = False
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        if self.store is not None:
            # a spider may keep one history per target (the generic spider: `generic:<host>`)
            spider = crawler.spider
            site = getattr(spider, "state_key", None) or (spider.name if spider is not None else crawler.spidercls.name)
            if s.getbool("NEWSBOT_STATE_RESET"):
                self.store.reset(site)
                logger.info("state reset for %s in %s", site, state_target(s))
            for note in self.store.recover(site):
                logger.warning(note)
            refetch = [u.strip() for u in (s.get("NEWSBOT_REFETCH") or "").split(",") if u.strip()]
            self.run = self.store.begin(site, refetch, s.getint("NEWSBOT_RETRY_DROPPED"))
            logger.info("state %s: run %s", state_target(s), self.run.run_id)
            if self.store.target.startswith(("redis", "unix")):  # a worker that stops beating loses its claims
                every = max(0.2, s.getfloat("NEWSBOT_WORKER_LEASE") / 3)
                self._beat = threading.Thread(target=self._keep_lease, args=(every,), daemon=True, name="lease")
                self._beat.start()
        has_feeds = bool(s.getdict("FEEDS"))
        # the output is final when the feed exporter has renamed it; with no feed, when the spider closes
        crawler.signals.connect(self.settle, signals.feed_exporter_closed if has_feeds else signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunStateKeeper:
        return cls(crawler)

    def _keep_lease(self, every_s: float) -> None:
        """A thread, not the reactor: parsing that holds the reactor for seconds must not cost the lease."""
        while not self._stop.wait(every_s):
            try:
                self.run.heartbeat()
            except Exception:  # the server is away: the client retried; the next beat tries again
                logger.warning("run state: lease not renewed (server unreachable)", exc_info=True)

    def settle(self, *args: Any, **kwargs: Any) -> None:
        if self.finished or self.run is None or self.store is None:
            return
        self.finished = True
        self._stop.set()
        reporter = self.crawler.get_extension(RunReport)
        report = reporter.report if reporter is not None else None
        final, part = self.run.output_paths()
        # the output is final only if the rename happened; otherwise the run's articles stay pending
        done = final is None or (Path(final).exists() and not (part and Path(part).exists()))
        server = hasattr(self.store, "file_worker_report")
        if server and report is not None:
            self.store.file_worker_report(self.run.site, {**report, "run_id": self.run.run_id})
        self.run.finish("completed" if done else "failed", report)
        if server:
            self._crawl_report(final)
        release_state(self.store)

    def _crawl_report(self, output: str | None) -> None:
        """The last worker of a crawl adds up the workers' reports: the site's history and alarms are per crawl."""
        from newsbot.state.crawl_report import combine

        reports = self.store.collect_crawl(self.run.site)
        if not reports:
            return
        s = self.crawler.settings
        combined = combine(self.run.site, reports)
        thresholds = {
            "coverage_drop": s.getfloat("NEWSBOT_ALARM_COVERAGE_DROP"),
            "error_rate": s.getfloat("NEWSBOT_ALARM_ERROR_RATE"),
        }
        combined["alarms"] = alarms(combined, self.store.last_reports(self.run.site), thresholds)
        self.store.add_crawl_report(self.run.site, combined)
        self.crawler.newsbot_crawl_report = combined  # crawlall's exit code counts the crawl's alarms
        if combined["workers"] > 1 or s.get("NEWSBOT_REDIS_URL"):
            logger.info("[%s] crawl of %d worker(s) done:", self.run.site, combined["workers"])
            for line in summary_lines(combined):
                (logger.error if " ALARM " in line else logger.info)(line)
            if output:
                path = Path(output).with_suffix(".crawl-report.json")
                path.write_text(json.dumps(combined, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
                logger.info("[%s] crawl report: %s", self.run.site, path)


class RunReport:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.report: dict[str, Any] | None = None
        self.dropped_urls: dict[str, list[str]] = {}
        self._topic: Any = None
        quiet_network_tracebacks()
        crawler.signals.connect(self.item_dropped, signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        return cls(crawler)

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
        keeper = self.crawler.get_extension(RunStateKeeper)
        state, store = (keeper.run, keeper.store) if keeper is not None else (None, None)
        # with the state off, the feed storage still says where the records went
        output = state.output_paths()[0] if state else stats.get("newsbot/output")
        report = build_report(spider.name, stats, reason, output)
        report["dropped_urls"] = {k: v for k, v in sorted(self.dropped_urls.items()) if v}
        history = store.last_reports(state.site) if store is not None and state is not None else []
        if self.crawler.settings.get("NEWSBOT_REDIS_URL"):
            history = []  # one worker's share of a shared crawl says little alone: the crawl report has the alarms
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
