"""Build a record from one saved page or one text without a crawl: the same steps the pipelines take."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from newsbot.extract.article import extract_article
from newsbot.facts.analysis import analyse_text
from newsbot.items import EXPORT_FIELDS
from newsbot.sites.model import SiteDef
from newsbot.sites.registry import all_sites, generic_site


def site_for_url(url: str) -> SiteDef | None:
    """The site definition whose domains hold this URL's host."""
    host = (urlsplit(url).hostname or "").lower()
    for site in all_sites().values():
        if any(host == d or host.endswith("." + d) for d in site.domains):
            return site
    return None


def record_from_page(html: str | bytes, url: str, site: SiteDef | None = None) -> dict[str, Any]:
    """The full record for one saved page, plus `_debug` (which selector gave which field, skip reason)."""
    site = site or site_for_url(url) or generic_site()
    page = extract_article(html, url, site)
    analysed = analyse_text(page.title or "", page.lead, page.body).record_fields()
    record = {
        "id": page.id,
        "url": url,
        "canonical_url": page.canonical_url,
        "site": site.key,
        "source_name": page.source_name or site.name,
        "published_at": page.published_at,
        "published_jalali": page.published_jalali,
        "modified_at": page.modified_at,
        "authors": page.authors,
        "category": page.category,
        "tags": page.tags,
        "duplicate_of": None,
        "story_id": None,
        "crawled_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "layout": page.layout,
        **analysed,
    }
    ordered = {k: record.get(k) for k in EXPORT_FIELDS}
    ordered["_debug"] = {
        "sources": page.sources,
        "date_source": page.date_source,
        "skip_reason": page.skip_reason,
        "date_problem": page.date_problem,
    }
    return ordered
