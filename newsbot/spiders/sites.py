"""One spider class per site definition, so `scrapy list` and `scrapy crawl KEY` see every site."""

from __future__ import annotations

from newsbot.sites.registry import all_sites
from newsbot.spiders.base import SiteSpider

INTERNAL = {"sample"}  # definitions with a spider of their own


def _make(key: str) -> type[SiteSpider]:
    site = all_sites()[key]
    return type(
        f"{key.title().replace('_', '')}Spider",
        (SiteSpider,),
        {"name": key, "site": site, "__module__": __name__, "__doc__": f"{site.name} ({site.family})"},
    )


for _key in all_sites():
    if _key not in INTERNAL:
        globals()[f"spider_{_key}"] = _make(_key)
