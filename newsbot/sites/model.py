"""What a site definition holds, read from TOML into plain dataclasses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

FIELDS = ("title", "kicker", "lead", "body", "date", "authors", "category", "tags")


@dataclass(frozen=True)
class Listing:
    url: str  # may hold {page} and {query}
    pages: int = 1


@dataclass
class Layout:
    name: str
    selectors: dict[str, list[str]]
    when: str | None = None  # CSS that, when present on the page, selects this layout
    verified: bool = False
    drop: list[str] = field(default_factory=list)
    drop_after: list[str] = field(default_factory=list)
    drop_lines: list[str] = field(default_factory=list)


@dataclass
class SiteDef:
    key: str
    name: str
    family: str = "generic"
    domains: list[str] = field(default_factory=list)
    scheme: str = "https"
    verified: bool = False
    verified_note: str = ""
    generic_ok: bool = False  # the generic path (JSON-LD, meta, trafilatura) does as well as selectors
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    search: list[str] = field(default_factory=list)  # site search URLs with {query}
    article_url: list[str] = field(default_factory=list)
    skip_url: list[str] = field(default_factory=list)
    selectors: dict[str, list[str]] = field(default_factory=dict)  # the family's, overridden field by field
    own_selectors: dict[str, list[str]] = field(default_factory=dict)  # only what the site's file says
    drop: list[str] = field(default_factory=list)
    drop_after: list[str] = field(default_factory=list)
    drop_lines: list[str] = field(default_factory=list)
    layouts: list[Layout] = field(default_factory=list)
    source_file: str = ""

    @cached_property
    def article_re(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.article_url]

    @cached_property
    def skip_re(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.I) for p in self.skip_url]

    @cached_property
    def drop_line_re(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.drop_lines]

    def is_article_url(self, url: str) -> bool:
        """True when the URL looks like one of this site's article pages (any URL when no pattern is known)."""
        from urllib.parse import unquote

        if any(r.search(url) or r.search(unquote(url)) for r in self.skip_re):
            return False
        if not self.article_re:
            return True
        return any(r.search(url) or r.search(unquote(url)) for r in self.article_re)

    def start_urls(self, queries: list[str] | None = None) -> list[tuple[str, str]]:
        """(kind, url) for every discovery entry point; {query} expands to each of `queries`.

        {query_plus} and {query_underscore} are the query with its spaces written as "+" (Nastooh tag
        paths) or "_" (Asam tag paths); a feed URL may hold them too (tag feeds such as /rss?kw={query}).
        """
        qs = queries or [""]
        out: list[tuple[str, str]] = []
        for url in self.feeds:
            out += [("feed", fill_url(url, q)) for q in qs] if _has_query(url) else [("feed", url)]
        out += [("sitemap", u) for u in self.sitemaps]
        for listing in self.listings:
            for q in qs if _has_query(listing.url) else [""]:
                for page in range(1, listing.pages + 1):
                    out.append(("listing", fill_url(listing.url, q, page)))
        for url in self.search:
            for q in qs:
                out.append(("listing", fill_url(url, q)))
        return out


def _has_query(url: str) -> bool:
    return "{query" in url


def fill_url(url: str, query: str = "", page: int = 1) -> str:
    """A discovery URL with its placeholders filled: {page}, {query}, {query_plus}, {query_underscore}."""
    return url.format(
        page=page, query=query, query_plus=query.replace(" ", "+"), query_underscore=query.replace(" ", "_")
    )
