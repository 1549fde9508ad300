"""Machine-readable metadata: JSON-LD, OpenGraph, article:* and plain meta tags."""

from __future__ import annotations

import json
import re
from typing import Any

from parsel import Selector

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "WebPage"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _walk_ld(node: Any) -> list[dict]:
    """Flatten @graph and lists so every typed object is visited."""
    out: list[dict] = []
    if isinstance(node, list):
        for x in node:
            out += _walk_ld(x)
    elif isinstance(node, dict):
        out.append(node)
        if "@graph" in node:
            out += _walk_ld(node["@graph"])
    return out


def json_ld_article(sel: Selector) -> dict:
    """The first JSON-LD object typed as an article, with keys lower-cased (sites write headLine and headline)."""
    for raw in sel.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(_CONTROL.sub(" ", raw.strip()), strict=False)
        except (ValueError, RecursionError):
            continue
        for obj in _walk_ld(data):
            kind = obj.get("@type")
            kinds = set(kind) if isinstance(kind, list) else {kind}
            if kinds & ARTICLE_TYPES and kinds != {"WebPage"}:
                return {str(k).lower(): v for k, v in obj.items()}
    return {}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if value.get("@type") == "Organization":  # the outlet itself, not a person who wrote the piece
            return []
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def read_meta(sel: Selector) -> dict[str, Any]:
    """Everything a page says about itself in machine-readable form, as plain values."""

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name", "itemprop"):
                value = sel.css(f'meta[{attr}="{name}"]::attr(content)').get()
                if value and value.strip():
                    return value.strip()
        return None

    ld = json_ld_article(sel)
    keywords = meta("keywords", "news_keywords") or ""
    return {
        "ld": ld,
        "ld_headline": (ld.get("headline") or ld.get("name") or None) if ld else None,
        "ld_description": ld.get("description") if ld else None,
        "ld_published": ld.get("datepublished") if ld else None,
        "ld_modified": ld.get("datemodified") if ld else None,
        "ld_authors": _names(ld.get("author")) if ld else [],
        "ld_section": ld.get("articlesection") if ld else None,
        "ld_keywords": ld.get("keywords") if ld else None,
        "og_title": meta("og:title", "twitter:title"),
        "og_description": meta("og:description", "twitter:description", "description"),
        "og_type": meta("og:type"),
        "og_url": meta("og:url"),
        "og_site_name": meta("og:site_name"),
        "published_time": meta("article:published_time", "datePublished", "pubdate", "publishdate", "dc.date"),
        "modified_time": meta("article:modified_time", "dateModified", "og:updated_time"),
        "section": meta("article:section"),
        "tags": [t.strip() for t in sel.css('meta[property="article:tag"]::attr(content)').getall() if t.strip()],
        "keywords": [k.strip() for k in re.split(r"[,،;؛]", keywords) if k.strip()],
        "author": meta("author", "article:author"),
        "canonical": sel.css('link[rel="canonical"]::attr(href)').get(),
        "time_datetime": sel.css("time[datetime]::attr(datetime)").get(),
        "html_title": sel.css("title::text").get(),
        "generator": meta("generator"),
    }
