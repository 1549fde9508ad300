"""Item pipelines: validate → relevance → analyse (normalize, facts) → dedupe. Each counts what it decides."""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import UTC, datetime

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsbot.extensions import RunStateKeeper
from newsbot.state import CLAIMED, EMITTED, MINE, Run
from newsbot.text.similarity import hamming, simhash

logger = logging.getLogger(__name__)


class _Counted:
    """Base: a pipeline with the crawler's stats and settings at hand."""

    stat_prefix = "newsbot"

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.settings = crawler.settings
        keeper = crawler.get_extension(RunStateKeeper)
        self.state: Run | None = keeper.run if keeper is not None else None

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)

    def inc(self, key: str, spider=None) -> None:
        self.stats.inc_value(f"{self.stat_prefix}/{key}")

    def drop(self, reason: str, item, detail: str = "", retry: bool = False) -> DropItem:
        """Count the drop by reason and remember the decision so the page is not fetched again.

        `retry`: a relevant-looking article dropped for a fault of the page (no date, no body) is fetched again
        by later runs, up to NEWSBOT_RETRY_DROPPED times: the outlet may fix the page.
        """
        adapter = ItemAdapter(item)
        self.inc(f"dropped/{reason}")
        if retry:
            self.inc("dropped_to_retry")
        if self.state is not None:
            self.state.record_decision(adapter.get("url"), f"dropped:{reason}", adapter.get("id"), retry=retry)
        dropped = DropItem(f"{reason}: {detail or adapter.get('url')}")
        dropped.reason = reason  # for the run report's list of dropped relevant-looking articles
        return dropped


class ValidatePipeline(_Counted):
    """Drop what is not a publishable article: no title, no body, no usable date."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.topic = None

    def looks_relevant(self, a: ItemAdapter) -> bool:
        """The relevance test on what the page gave, before it is dropped: worth another try on a later run?"""
        from newsbot.facts.relevance import load_topic, score_relevance

        if self.topic is None:
            self.topic = load_topic(self.settings.get("NEWSBOT_TOPIC") or None)
        text = (a.get("title") or "", a.get("lead"), a.get("body") or "")
        emit = frozenset(self.settings.getlist("NEWSBOT_EMIT_TIERS"))
        return score_relevance(*text, topic=self.topic, emit=emit).relevant

    def process_item(self, item, spider=None):
        a = ItemAdapter(item)
        if not (a.get("title") or "").strip():
            raise self.drop("no_title", item, retry=self.looks_relevant(a))
        if len((a.get("body") or "").strip()) < self.settings.getint("NEWSBOT_MIN_BODY_CHARS"):
            detail = f"body of {len(a.get('body') or '')} chars at {a.get('url')}"
            raise self.drop("no_body", item, detail, retry=self.looks_relevant(a))
        if not a.get("published_at"):
            detail = f"{a.get('date_problem')} at {a.get('url')}"
            raise self.drop("bad_date", item, detail, retry=self.looks_relevant(a))
        self.inc("validated")
        return item


class SincePipeline(_Counted):
    """A backfill (-a since=DATE) emits nothing older than its date; not remembered, so a deeper backfill may."""

    def process_item(self, item, spider=None):
        since = getattr(self.crawler.spider, "since", None)
        published = ItemAdapter(item).get("published_at")
        if since is not None and published:
            from newsbot.text.dates import parse_machine_date

            when = parse_machine_date(published)
            if when is not None and when < since:
                self.inc("dropped/before_since")
                raise DropItem(f"before_since: {published} at {ItemAdapter(item).get('url')}")
        return item


class RelevancePipeline(_Counted):
    """Score how much the article is about the organization; drop below the threshold unless told to keep."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from newsbot.facts.relevance import TIERS, load_topic

        self.topic = load_topic(self.settings.get("NEWSBOT_TOPIC") or None)
        threshold = self.settings.get("NEWSBOT_RELEVANCE_THRESHOLD")
        self.threshold = float(threshold) if threshold not in (None, "") else None
        self.keep_all = self.settings.getbool("NEWSBOT_KEEP_IRRELEVANT")
        self.emit = frozenset(self.settings.getlist("NEWSBOT_EMIT_TIERS"))
        unknown = self.emit - set(TIERS)
        if unknown or not self.emit:
            raise ValueError(f"NEWSBOT_EMIT_TIERS={','.join(sorted(self.emit))}: expected some of {', '.join(TIERS)}")

    def process_item(self, item, spider=None):
        from newsbot.facts.relevance import score_relevance

        a = ItemAdapter(item)
        rel = score_relevance(
            a.get("title") or "", a.get("lead"), a.get("body") or "", threshold=self.threshold, topic=self.topic,
            emit=self.emit,
        )
        a["relevance"] = rel.to_dict()
        if rel.relevant:
            self.inc("relevant")
        elif self.keep_all:
            self.inc("irrelevant_kept")
        else:
            raise self.drop("irrelevant", item, f"tier {rel.tier}, score {rel.score:.2f} at {a.get('url')}")
        return item


# why: the analysis's tables (hazm's normalizer, the lexicons and gazetteers) take seconds of CPU to load; the
# first kept article loads them in a thread, so the crawl keeps downloading instead of stopping at that article
_ANALYSIS_LOCK = threading.Lock()
_ANALYSIS_LOADED = threading.Event()
_WARM_UP = ("مدیرعامل سازمان تأمین اجتماعی", "گزارش خبرنگار از تهران", "مستمری ۲ میلیون بازنشسته ۱۰ درصد افزایش یافت.")


def _load_analysis() -> None:
    """Once per process (the tables are module caches): an analysis of a short text loads them all."""
    with _ANALYSIS_LOCK:
        if not _ANALYSIS_LOADED.is_set():
            from newsbot.facts.analysis import analyse_kept

            analyse_kept(*_WARM_UP)
            _ANALYSIS_LOADED.set()


class AnalysePipeline(_Counted):
    """The analysis core on a kept article: text as published (characters unified), then its facts."""

    async def process_item(self, item, spider=None):
        if not _ANALYSIS_LOADED.is_set():
            from scrapy.utils.defer import maybe_deferred_to_future
            from twisted.internet.threads import deferToThread

            await maybe_deferred_to_future(deferToThread(_load_analysis))
        return self.analyse(item)

    def analyse(self, item):
        from newsbot.facts.analysis import analyse_kept
        from newsbot.text.normalize import normalize_text

        a = ItemAdapter(item)
        try:
            analysis = analyse_kept(a.get("title") or "", a.get("lead"), a.get("body") or "")
        except Exception as exc:  # a bug in one rule must not cost the article
            logger.exception("analysis failed on %s", a.get("url"))
            self.inc(f"errors/facts/{type(exc).__name__}")
            return item
        for key, value in analysis.record_fields().items():
            a[key] = value
        if a.get("category"):
            a["category"] = normalize_text(a["category"])
        a["authors"] = [normalize_text(x) for x in a.get("authors") or []]
        a["tags"] = [normalize_text(x) for x in a.get("tags") or []]
        self.inc("normalized")
        self.inc("with_facts" if a.get("facts") else "without_facts")
        return item


class DedupePipeline(_Counted):
    """Claim the article for this run's output (once across runs and workers); mark a near-identical body.

    Ids and fingerprints are looked up in the run state's indexes; with the state off, in this run's memory.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen_ids: set[str] = set()  # only with the state off: this run's ids and fingerprints
        self.hashes: list[tuple[int, str]] = []
        self.max_distance = self.settings.getint("NEWSBOT_NEAR_DUPLICATE_BITS")

    def process_item(self, item, spider=None):
        a = ItemAdapter(item)
        fp = simhash(a.get("body") or "")
        if self.state is None:
            if a["id"] in self.seen_ids:
                raise self.drop("duplicate_id", item)
            self.seen_ids.add(a["id"])
            other = next((i for h, i in self.hashes if hamming(fp, h) <= self.max_distance), None)
            self.hashes.append((fp, a["id"]))
        else:
            claim = self.state.claim(a["id"], refetch=self.state.is_refetch(a.get("url")))
            if claim == MINE:
                raise self.drop("duplicate_id", item)
            if claim == EMITTED:
                raise self.drop("already_emitted", item)
            if claim != CLAIMED:  # another live worker emits it
                raise self.drop("claimed_by_other_worker", item)
            other = self.state.near_duplicate(fp, a["id"])
        if other is not None:
            a["duplicate_of"] = other
            self.inc("near_duplicate")
        a["crawled_at"] = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        a["fingerprint"] = fp  # the archive's story matching reads the same fingerprint
        if self.state is not None:
            self.state.record_emitted(a, fp)
        self.inc("emitted")
        return item


# why: a drop for these reasons loses an article that may be about the organization; the others are repeats
_ARCHIVED_DROPS = ("no_title", "no_body", "bad_date", "irrelevant")


class ArchivePipeline(_Counted):
    """Every emitted record into the archive with its story id; relevant-looking drops with their reason."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from scrapy import signals

        from newsbot.archiving import archive_location
        from newsbot.desk.archive import open_archive

        self.location = archive_location(self.settings)
        try:
            self.archive = open_archive(self.location)
        except (sqlite3.Error, OSError, RuntimeError) as exc:  # sqlite's own message does not say which file
            raise RuntimeError(f"archive {self.location}: {exc} (NEWSBOT_ARCHIVE / NEWSBOT_STATE)") from exc
        redis_url = self.settings.get("NEWSBOT_REDIS_URL")
        self.relay = None
        if redis_url:
            from newsbot.desk.relay import RedisRelay
            from newsbot.state.redis import connect

            # retried through a Redis restart: a record pushed as the server comes back must not be lost
            self.relay = RedisRelay(redis_url, client=connect(redis_url, decode=False))
        crawler.signals.connect(self.item_dropped, signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        logger.info("archive: %s%s", self.location, " (and Redis)" if self.relay else "")

    def process_item(self, item, spider=None):
        from newsbot.items import EXPORT_FIELDS

        a = ItemAdapter(item)
        record = {k: a.get(k) for k in EXPORT_FIELDS}
        try:
            a["story_id"] = self.archive.add(record, fingerprint=a.get("fingerprint"))
            record["story_id"] = a["story_id"]
            self.inc("archived")
        except sqlite3.Error as exc:  # the archive is a copy: a full disk must not cost the record itself
            logger.error("archive: %s not archived: %s", a.get("url"), exc)
            self.inc(f"errors/archive/{type(exc).__name__}")
        if self.relay is not None:
            self.relay.push_record(record)
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        reason = str(exception).split(":", 1)[0]
        if reason not in _ARCHIVED_DROPS:
            return
        a = ItemAdapter(item)
        relevance = a.get("relevance") or None
        if not relevance:
            from newsbot.facts.relevance import score_relevance

            relevance = score_relevance(a.get("title") or "", a.get("lead"), a.get("body") or "").to_dict()
        if relevance.get("tier", "none") == "none":
            return  # not relevant-looking: counted in the report, not kept
        dropped = {
            "url": a.get("url"),
            "site": a.get("site") or getattr(spider, "name", ""),
            "reason": reason,
            "detail": str(exception),
            "title": a.get("title"),
            "published_at": a.get("published_at"),
            "relevance": {"tier": relevance.get("tier"), "score": relevance.get("score")},
        }
        self.archive.add_dropped(**dropped)
        if self.relay is not None:
            self.relay.push_dropped(dropped)
        self.inc("archived_drops")

    def spider_closed(self, spider, reason: str) -> None:
        self.archive.commit()
