"""Scrapy's dupefilter, keyed on newsbot's canonical URL key and backed by the run state.

Two links to one article (http/https, www., tracking parameters, trailing slash) are one request; an article
page that an earlier completed run emitted or rejected for good is not fetched again. The keys seen are
written with the run, so a run killed mid-way leaves nothing that hides its requests from the next one.
"""

from __future__ import annotations

import hashlib
import logging

from scrapy.crawler import Crawler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.http import Request

from newsbot.extract.canonical import url_key

logger = logging.getLogger(__name__)
ARTICLE = "newsbot_article"  # request meta: the request fetches an article page


def request_key(request: Request) -> str:
    """The canonical URL key; a request with a body (a site-search POST) also keys on method and body.

    Discovery pages key apart from article pages: a listing's «next» page that a generic crawl also tried
    as an article (its path has digits) must still be read as a listing.
    """
    key = url_key(request.url) if request.meta.get(ARTICLE) else f"discovery {url_key(request.url)}"
    if request.method != "GET" or request.body:
        key += f" {request.method} {hashlib.sha1(request.body).hexdigest()[:16]}"
    return key


class ArticleGate:
    """The decisions a dupefilter takes on a new key: count found articles, skip settled ones, apply the cap."""

    def __init__(self, crawler: Crawler) -> None:
        from newsbot.extensions import RunStateKeeper

        keeper = crawler.get_extension(RunStateKeeper)
        self.run = keeper.run if keeper is not None else None
        self.stats = crawler.stats
        self.cap = crawler.settings.getint("NEWSBOT_MAX_ARTICLES_PER_RUN")
        self.admitted = 0

    def refuse(self, request: Request) -> bool:
        """True when a first-seen article request is not worth a fetch."""
        if not request.meta.get(ARTICLE):
            return False
        self.stats.inc_value("newsbot/articles_found")
        if self.run is not None and self.run.already_done(request.url):
            self.stats.inc_value("newsbot/skipped/already_handled")
            return True
        if self.cap and self.admitted >= self.cap:
            self.stats.inc_value("newsbot/skipped/over_article_cap")
            return True
        self.admitted += 1
        return False


class CanonicalDupeFilter(BaseDupeFilter):
    """One process's dupefilter: keys in the run state (in memory only when the state is off)."""

    def __init__(self, crawler: Crawler) -> None:
        self.gate = ArticleGate(crawler)
        self.memory: set[str] = set()
        self.logged = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalDupeFilter:
        return cls(crawler)

    def request_seen(self, request: Request) -> bool:
        key = request_key(request)
        run = self.gate.run
        if run is not None:
            new = run.see(key)
        else:
            new = key not in self.memory
            self.memory.add(key)
        if request.meta.get("redirect_urls"):
            return False  # a hop of a redirect is its page's fetch, not a new link: loops end at REDIRECT_MAX_TIMES
        return not new or self.gate.refuse(request)

    def log(self, request: Request, spider=None) -> None:
        if not self.logged:
            logger.debug("filtered a request already seen or settled: %s (no more such lines)", request.url)
            self.logged = True
