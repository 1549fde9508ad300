"""The article record (SCHEMA.md) as a dataclass that Scrapy reads through itemadapter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    id: str
    url: str
    canonical_url: str
    site: str
    source_name: str
    title: str
    body: str
    lead: str | None = None
    published_at: str | None = None
    published_jalali: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    quoted_from: str | None = None
    relevance: dict[str, Any] = field(default_factory=dict)
    facts: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    story_id: str | None = None  # the story (same event or release, any outlet or run) the archive put it in
    crawled_at: str = ""
    layout: str | None = None  # the site definition's layout that matched, for repairing definitions
    date_problem: str | None = None  # internal: why no date was found; removed before export
    fingerprint: int | None = None  # internal: the body's SimHash, computed once (dedupe) and reused (archive)


# What the feed exporter writes, in this order; internal fields stay out of the record.
EXPORT_FIELDS = [
    "id",
    "url",
    "canonical_url",
    "site",
    "source_name",
    "title",
    "lead",
    "body",
    "published_at",
    "published_jalali",
    "modified_at",
    "authors",
    "category",
    "tags",
    "quoted_from",
    "relevance",
    "facts",
    "people",
    "places",
    "provinces",
    "organizations",
    "duplicate_of",
    "story_id",
    "crawled_at",
    "layout",
]
