"""`scrapy crawl generic -a start=URL[,URL…]`: any site with no definition, through the generic path alone."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from newsbot.sites.registry import generic_site
from newsbot.spiders.arguments import hosts, start_urls
from newsbot.spiders.base import SiteSpider


class GenericSpider(SiteSpider):
    """Starts from RSS, sitemap or listing URLs, stays on their domains, extracts through the generic path.

    `-a name_fa=…` names the outlet; without it each record's source_name is the page's own (og:site_name,
    the JSON-LD publisher, else the host).
    """

    name = "generic"
    site = generic_site()

    def __init__(self, start: str = "", name_fa: str = "", *args: Any, **kwargs: Any) -> None:
        urls = start_urls(start)
        domains = hosts(urls)
        self.site = generic_site(domains=domains)
        self.site.name = name_fa
        self.start_list = urls
        # one history per target site: what was seen on one host says nothing about another
        self.state_key = f"generic:{','.join(domains)}"
        super().__init__(*args, **kwargs)

    @classmethod
    def check_arguments(cls, start: str = "", name_fa: str = "", **kwargs: Any) -> None:
        start_urls(start)
        super().check_arguments(**kwargs)

    def entry_points(self) -> list[tuple[str, str]]:
        return [("auto", u) for u in self.start_list]

    def looks_like_article_link(self, url: str) -> bool:
        """On a listing with no URL pattern, an article link has a long path: an id or a slug.

        Tag, category, feed and archive links are already refused by the generic family's skip_url.
        """
        path = urlsplit(url).path
        if path in ("", "/"):
            return False
        return any(ch.isdigit() for ch in path) or len(path.strip("/")) > 25
