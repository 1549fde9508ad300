"""The spider every site shares: discovery (feeds, sitemaps, listings, search) → article pages → items."""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES

from newsbot.decode import looks_binary, page_text, says_utf8
from newsbot.dupefilter import ARTICLE
from newsbot.extensions import RunStateKeeper
from newsbot.extract.article import extract_article
from newsbot.failures import SKIP_KINDS, failure_kind, is_network
from newsbot.items import ArticleItem
from newsbot.sites.model import SiteDef
from newsbot.spiders.arguments import SpiderArgumentError
from newsbot.text.dates import parse_machine_date

logger = logging.getLogger(__name__)
_UNSET = object()
NEXT_TEXT = re.compile(r"^\s*(بعدی|صفحه بعد|بعد|»|›|next)\s*$", re.I)
# feeds, sitemaps and listing pages go before article pages: they find the articles, and a listing's
# pagination is a chain (each page found on the one before) that must not wait behind the articles it found
DISCOVERY_PRIORITY = 1


def search_queries(crawler_settings: Any) -> list[str]:
    """The organization's names as site-search and tag-page queries, from the topic file."""
    from newsbot.facts.relevance import load_topic

    topic = load_topic(crawler_settings.get("NEWSBOT_TOPIC") or None)
    return list(getattr(topic, "search_queries", None) or ["تامین اجتماعی"])


def feed_entries(xml: str) -> list[tuple[str, str | None]]:
    """(link, date as written) of each RSS item or Atom entry, in feed order."""
    sel = Selector(text=xml, type="xml")
    sel.remove_namespaces()
    entries = []
    for item in sel.xpath("//item | //entry"):
        link = item.xpath("link/text()").get() or item.xpath("link/@href").get() or item.xpath("guid/text()").get()
        date = item.xpath("pubDate/text() | published/text() | updated/text() | date/text()").get()
        if link:
            entries.append((link.strip(), date))
    return entries


def parse_since(text: str) -> datetime:
    """The backfill start: a Jalali (1398-01-01) or ISO (2019-03-21) date, midnight in Tehran."""
    when = parse_machine_date(text.strip())
    if when is None or not re.fullmatch(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}", text.strip()):
        raise ValueError(f"since={text!r}: expected a date such as 1398-01-01 (Jalali) or 2019-03-21 (ISO)")
    return when


def worker_name() -> str:
    """This process among the workers of a shared crawl, on any machine: `<host>-<pid>`."""
    return f"{socket.gethostname()}-{os.getpid()}"


class SiteSpider(scrapy.Spider):
    """A spider driven by a SiteDef; subclasses set `site`."""

    site: SiteDef

    def __init__(self, *args: Any, since: str | None = None, **kwargs: Any) -> None:
        SiteSpider.check_arguments(**kwargs)  # a crawl started without the command's pre-flight check too
        super().__init__(*args, **kwargs)
        # backfill: -a since=1398-01-01 (Jalali) or 2019-03-21 (ISO) follows pagination back to that date
        self.since = parse_since(since) if since else None
        self.allowed_domains = list(self.site.domains)
        self.source_name = self.site.name
        self._sitemaps_followed = 0
        self._screen: Any = _UNSET
        self.worker = worker_name()  # names this worker's output in a shared crawl

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.count_offsite_redirect, signal=scrapy.signals.request_scheduled)
        return spider

    def count_offsite_redirect(self, request: scrapy.Request, spider=None) -> None:
        """Scrapy's offsite check drops a redirect off the site when it is scheduled, before any errback: count it."""
        hop = request.meta.get("redirect_urls") and not request.meta.get("allow_offsite")
        if hop and not self.site_allows(request.url):
            self.inc("skipped/offsite_redirect")
            logger.info("[%s] skipped offsite_redirect: %s", self.name, request.url)

    @classmethod
    def check_arguments(cls, since: str | None = None, **kwargs: Any) -> None:
        """Raise SpiderArgumentError for a bad `-a` value before any crawler starts (site spiders take `since`;
        a subclass checks its own arguments and passes the rest here)."""
        if since:
            try:
                parse_since(since)
            except ValueError as exc:
                raise SpiderArgumentError(f"-a {exc}") from None
        # Scrapy sets every -a as an attribute: «-a start=URL» on a site spider would replace its start()
        if clash := sorted(k for k in kwargs if hasattr(cls, k)):
            raise SpiderArgumentError(
                f"-a {clash[0]}=…: not an argument of {cls.name} (it would replace the spider's own {clash[0]!r})"
            )

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        # a shared crawl needs its state on the server: a local NEWSBOT_STATE given on purpose means crawl alone
        # (NEWSBOT_REDIS_URL may also serve the desk's relay of records)
        explicit = settings.getpriority("NEWSBOT_STATE") > SETTINGS_PRIORITIES["spider"]
        on_server = str(settings.get("NEWSBOT_STATE") or "").startswith(("redis://", "rediss://", "unix://"))
        shared = bool(settings.get("NEWSBOT_REDIS_URL")) and (on_server or not explicit)
        if not settings.getdict("FEEDS") and settings.getdict("NEWSBOT_DEFAULT_FEEDS"):
            feeds = settings.getdict("NEWSBOT_DEFAULT_FEEDS")
            if shared:  # workers on one machine must not write to one file
                feeds = {uri.replace("%(time)s", "%(time)s-%(worker)s"): opts for uri, opts in feeds.items()}
            settings.set("FEEDS", feeds, priority="spider")
        if shared:  # one crawl for every worker started with this URL (newsbot.distributed)
            settings.set("SCHEDULER", "newsbot.distributed.SharedScheduler", priority="spider")
            middlewares = {
                **settings.getdict("DOWNLOADER_MIDDLEWARES"),
                "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                "newsbot.distributed.SharedRobotsTxt": 100,  # robots.txt fetched once for the crawl
            }
            settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="spider")
            # its state on that Redis, whatever the spider's own default (the sample spider keeps none)
            if not explicit:
                settings.set("NEWSBOT_STATE", settings.get("NEWSBOT_REDIS_URL"), priority="spider")

    @property
    def state(self):
        """This run's state (None when off), owned by the RunStateKeeper extension."""
        keeper = self.crawler.get_extension(RunStateKeeper)
        return keeper.run if keeper is not None else None

    def inc(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"newsbot/{key}", n)

    def entry_points(self) -> list[tuple[str, str]]:
        return self.site.start_urls(search_queries(self.crawler.settings))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        points = self.entry_points()
        logger.info("[%s] %d discovery entry points", self.name, len(points))
        for kind, url in points:
            yield scrapy.Request(
                url,
                callback=self.parse_discovery,
                cb_kwargs={"kind": kind},
                errback=self.on_error,
                priority=DISCOVERY_PRIORITY,
                meta={"newsbot_kind": kind},  # through the dupefilter: a shared crawl's seeds are fetched once
            )

    # discovery
    def parse_discovery(self, response: Response, kind: str) -> Iterator[scrapy.Request]:
        self.inc(f"discovery/{kind}")
        if not isinstance(response, TextResponse):
            self.inc("errors/discovery_not_text")
            return
        head = response.body[:2048].lstrip().lower()
        if b"<rss" in head or b"<feed" in head or b"<rdf" in head:
            yield from self.parse_feed(response)
        elif b"<urlset" in head or b"<sitemapindex" in head:
            yield from self.parse_sitemap(response)
        else:
            yield from self.parse_listing(response)

    def _limit(self, entries: Iterable, what: str) -> Iterator:
        """The first NEWSBOT_MAX_FEED_ITEMS entries, one at a time (a 50,000-URL sitemap is never a list in
        memory); the rest counted."""
        cap = self.crawler.settings.getint("NEWSBOT_MAX_FEED_ITEMS")
        over = 0
        for number, entry in enumerate(entries):
            if number < cap:
                yield entry
            else:
                over += 1
        if over:
            self.inc(f"skipped/{what}_items_over_cap", over)
            logger.warning("[%s] %s has %d entries; following the first %d", self.name, what, cap + over, cap)

    def _too_old(self, date_text: str | None) -> bool:
        days = self.crawler.settings.getint("NEWSBOT_MAX_ARTICLE_AGE_DAYS")
        if not (days or self.since) or not date_text:
            return False
        dt = parse_machine_date(date_text)
        if dt is not None and self.since is not None and dt < self.since:
            self.inc("skipped/before_since")
            return True
        return bool(days) and dt is not None and dt < datetime.now(UTC) - timedelta(days=days)

    def _listing_budget(self, sel: Selector) -> int:
        """Pages of a listing to follow: a backfill goes deeper, and stops at a page older than `since`."""
        settings = self.crawler.settings
        if self.since is None:
            return settings.getint("NEWSBOT_MAX_LISTING_PAGES")
        dates = [parse_machine_date(d) for d in sel.css("time::attr(datetime)").getall()]
        dates = [d for d in dates if d is not None]
        if dates and max(dates) < self.since:
            self.inc("backfill/stopped_at_since")
            return 0
        return settings.getint("NEWSBOT_BACKFILL_MAX_PAGES")

    def parse_feed(self, response: TextResponse) -> Iterator[scrapy.Request]:
        for link, date in self._limit(feed_entries(response.text), "feed"):
            if not self._too_old(date):
                yield from self.article_request(response.urljoin(link))

    def parse_sitemap(self, response: TextResponse) -> Iterator[scrapy.Request]:
        from scrapy.utils.sitemap import Sitemap

        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # a sitemap that lxml cannot read is one error, not a crash
            self.inc(f"errors/sitemap_{type(exc).__name__}")
            return
        for entry in self._limit(sitemap, "sitemap"):
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                if self.site_allows(loc):
                    # an index of indexes (or of itself) must not fetch forever: one budget for the run
                    if self._sitemaps_followed >= self.crawler.settings.getint("NEWSBOT_MAX_SITEMAPS"):
                        self.inc("skipped/sitemaps_over_cap")
                        continue
                    self._sitemaps_followed += 1
                    yield scrapy.Request(
                        loc,
                        callback=self.parse_discovery,
                        cb_kwargs={"kind": "sitemap"},
                        errback=self.on_error,
                        priority=DISCOVERY_PRIORITY,
                    )
            else:
                if not self._too_old(entry.get("lastmod")):
                    yield from self.article_request(loc)

    def parse_listing(self, response: TextResponse) -> Iterator[scrapy.Request]:
        text, _ = page_text(response)
        sel = Selector(text=text, base_url=response.url)
        seen: set[str] = set()
        for href in sel.css("a::attr(href)").getall():
            url = response.urljoin(href.strip())
            if url in seen or not url.startswith("http"):
                continue
            seen.add(url)
            if self.site_allows(url) and self.site.is_article_url(url) and self.looks_like_article_link(url):
                yield from self.article_request(url)
        depth = response.meta.get("listing_depth", 1)
        if depth >= self._listing_budget(sel):
            if self.since is not None and depth >= self.crawler.settings.getint("NEWSBOT_BACKFILL_MAX_PAGES"):
                self.inc("skipped/backfill_pages_over_cap")
            return
        next_href = sel.css('a[rel="next"]::attr(href), link[rel="next"]::attr(href), a.next::attr(href)').get()
        if not next_href:
            for a in sel.css("a"):
                if NEXT_TEXT.match(" ".join(a.css("::text").getall())):
                    next_href = a.attrib.get("href")
                    break
        if next_href:
            yield scrapy.Request(
                response.urljoin(next_href),
                callback=self.parse_discovery,
                cb_kwargs={"kind": "listing"},
                errback=self.on_error,
                meta={"listing_depth": depth + 1},
                priority=DISCOVERY_PRIORITY,
            )

    def looks_like_article_link(self, url: str) -> bool:
        """Without a URL pattern any link could be an article; sites with one have been checked already."""
        return True

    def site_allows(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return not self.allowed_domains or any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def article_request(self, url: str) -> Iterator[scrapy.Request]:
        if not self.site_allows(url):
            self.inc("skipped/offsite_link")
            return
        if not self.site.is_article_url(url):
            self.inc("skipped/not_article_url")
            return
        # the dupefilter (newsbot.dupefilter) drops repeats by canonical key and pages earlier runs settled
        yield scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta={ARTICLE: True})

    # articles
    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        if not isinstance(response, TextResponse) or looks_binary(response.body):  # a PDF sent as text/html
            self.skip(response.url, "not_html")
            return
        # a page that says it is UTF-8 (and has no UTF-16 byte-order mark, which Scrapy decodes by) is screened
        # as it came: the irrelevant majority is never decoded; a small one is decoded first, to be told empty
        body = response.body
        utf8 = says_utf8(response)
        if utf8 and (len(body) > _SMALL_PAGE or response.text.strip()) and not self.may_be_relevant(response, body):
            return
        text, encoding = page_text(response)
        if encoding != response.encoding:
            self.inc(f"decoded/{encoding}")
        if not text.strip():
            self.skip(response.url, "empty_page")
            return
        if not utf8 and not self.may_be_relevant(response, text):
            return
        try:
            page = extract_article(text, response.url, self.site)
        except Exception as exc:  # one page the extractor chokes on must not end the crawl
            logger.exception("[%s] extraction failed on %s", self.name, response.url)
            self.inc(f"errors/extract_{type(exc).__name__}")
            return
        if page.skip_reason:
            self.skip(response.url, page.skip_reason)
            return
        self.inc("articles_parsed")
        for field, present in (
            ("title", page.title),
            ("lead", page.lead),
            ("body", page.body),
            ("date", page.published_at),
            ("authors", page.authors),
            ("tags", page.tags),
        ):
            if present:
                self.inc(f"field_present/{field}")
        for field in page.dropped_fields:  # e.g. a modified_at earlier than published_at
            self.inc(f"field_dropped/{field}")
        yield ArticleItem(
            id=page.id,
            url=response.url,
            canonical_url=page.canonical_url,
            site=self.name,
            source_name=page.source_name or self.source_name,  # a definition's name, else the page's own
            title=page.title or "",
            body=page.body,
            lead=page.lead,
            published_at=page.published_at,
            published_jalali=page.published_jalali,
            modified_at=page.modified_at,
            authors=page.authors,
            category=page.category,
            tags=page.tags,
            layout=page.layout,
            date_problem=page.date_problem,
        )

    def name_screen(self) -> Any:
        """The topic's name screen for this run's settings, or None when every page may be emitted."""
        if self._screen is _UNSET:
            from newsbot.facts.relevance import load_topic, page_screen

            settings = self.crawler.settings
            threshold = settings.get("NEWSBOT_RELEVANCE_THRESHOLD")
            self._screen = None
            # the screen gives the relevance pipeline's verdict early: without that pipeline (the canary
            # judges every page it reaches) or when irrelevant articles are kept, every page is extracted
            judged = settings.getdict("ITEM_PIPELINES").get("newsbot.pipelines.RelevancePipeline") is not None
            if judged and not settings.getbool("NEWSBOT_KEEP_IRRELEVANT"):
                self._screen = page_screen(
                    load_topic(settings.get("NEWSBOT_TOPIC") or None),
                    float(threshold) if threshold not in (None, "") else None,
                    settings.getlist("NEWSBOT_EMIT_TIERS"),
                )
        return self._screen

    def may_be_relevant(self, response: TextResponse, page: str | bytes) -> bool:
        """Before the costly extraction: a page (its UTF-8 bytes, or its decoded text) where no name of the
        topic is written anywhere is counted irrelevant, as the relevance pipeline would count it
        (newsbot.facts.screen never misses a name)."""
        screen = self.name_screen()
        if screen is None:
            return True
        if screen.may_match(page):
            return True
        self.inc("dropped/irrelevant")
        self.inc("screened_out")  # no log line: under Scrapy's logging every debug call builds its record
        state = self.state
        if state is not None:
            state.record_decision(response.url, "dropped:irrelevant")
        return False

    def skip(self, url: str, reason: str) -> None:
        self.inc(f"skipped/{reason}")
        logger.info("[%s] skipped %s: %s", self.name, reason, url)
        if self.state is not None:
            self.state.record_decision(url, f"skipped:{reason}")

    def on_error(self, failure: Any) -> None:
        """Each failed request counted once, by kind (`http_404`, `dns_failed`, …), and logged in one line."""
        request = failure.request
        if getattr(failure.value, "retry_later", False):  # a Retry-After wait: the request comes back later
            return
        kind = failure_kind(failure.value)
        if kind in SKIP_KINDS:  # the site asked us not to, or sent us elsewhere: a skip, not an error
            if kind == "robots_disallowed":  # (an offsite redirect is counted when scheduled: count_offsite_redirect)
                self.inc("skipped/robots_disallowed")
            logger.info("[%s] skipped %s: %s", self.name, kind, request.url)
            return
        tries = request.meta.get("retry_times", 0) + 1
        after = f" (after {tries} tries)" if tries > 1 else ""
        what = "network failure" if is_network(kind) else "failed"
        logger.warning("[%s] %s %s on %s%s", self.name, what, kind, request.url, after)
        logger.debug("[%s] %s on %s", self.name, kind, request.url, exc_info=failure.value)
        self.inc(f"errors/{kind}")
        response = getattr(failure.value, "response", None)
        state = self.state
        if (
            state is not None
            and response is not None
            and response.status in (404, 410)
            and request.callback == self.parse_article
        ):
            state.record_decision(request.url, f"skipped:{kind}")  # gone for good: not worth a fetch every run


_SMALL_PAGE = 4096  # bytes: below, a page may be only spaces or a byte-order mark (empty_page, not irrelevant)
