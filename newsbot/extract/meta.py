"""Machine-readable metadata: JSON-LD, OpenGraph, article:* and plain meta tags.

Every string read here is HTML-unescaped: JSON-LD sits in a <script>, where the parser decodes no entity,
and many CMSs escape their meta values twice («&amp;quot;»), so «&quot;» would otherwise reach the record.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from parsel import Selector

from newsbot.extract.selectors import select

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "WebPage"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")
# keyword lists: «,» «،» «;» «؛», with or without spaces around them
KEYWORD_SEPARATORS = re.compile(r"\s*[,،;؛]\s*")
META_KEYS = ("property", "name", "itemprop")  # a <meta> names what it holds in one of these, in this order


def unescape(value: str) -> str:
    """HTML entities decoded, twice at most (a value escaped twice comes out as written)."""
    for _ in range(2):
        if "&" not in value or not _ENTITY.search(value):
            break
        value = html.unescape(value)
    return value


def unescape_deep(value: Any) -> Any:
    if isinstance(value, str):
        return unescape(value)
    if isinstance(value, list):
        return [unescape_deep(v) for v in value]
    if isinstance(value, dict):
        return {k: unescape_deep(v) for k, v in value.items()}
    return value


def split_keywords(value: Any) -> list[str]:
    """A keyword list from a string or a list of strings, each split on its separators; order kept, no repeats."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            continue
        for word in KEYWORD_SEPARATORS.split(item):
            word = " ".join(word.split())
            if word and word not in out:
                out.append(word)
    return out


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


def _ld_objects(sel: Selector) -> list[dict]:
    objects: list[dict] = []
    for raw in select(sel.root, 'script[type="application/ld+json"]::text'):
        try:
            data = json.loads(_CONTROL.sub(" ", raw.strip()), strict=False)
        except (ValueError, RecursionError):
            continue
        objects += _walk_ld(data)
    return objects


def _kinds(obj: dict) -> set:
    kind = obj.get("@type")
    return set(kind) if isinstance(kind, list) else {kind}


def json_ld_article(sel: Selector, objects: list[dict] | None = None) -> dict:
    """The first JSON-LD object typed as an article, with keys lower-cased (sites write headLine and headline)."""
    for obj in _ld_objects(sel) if objects is None else objects:
        kinds = _kinds(obj)
        if kinds & ARTICLE_TYPES and kinds != {"WebPage"}:
            return unescape_deep({str(k).lower(): v for k, v in obj.items()})
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


def _org_name(value: Any) -> str | None:
    """The name of a publisher (an Organization object, a list of them, or a plain string)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        name = value.get("name")
        return name.strip() if isinstance(name, str) and name.strip() else None
    if isinstance(value, list):
        return next((n for n in map(_org_name, value) if n), None)
    return None


def read_meta(sel: Selector) -> dict[str, Any]:
    """Everything a page says about itself in machine-readable form, as plain values."""

    # one pass over the <meta> tags: (attribute, its value) → the content of the first such tag that has one
    contents: dict[tuple[str, str], str] = {}
    tags: list[str] = []
    for el in sel.root.iter("meta") if sel.root is not None else ():
        content = el.get("content")
        if content is None:
            continue
        for attr in META_KEYS:
            value = el.get(attr)
            if value is not None:
                contents.setdefault((attr, value), content)
        if el.get("property") == "article:tag":
            tags.append(content)

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in META_KEYS:
                value = contents.get((attr, name))
                if value and value.strip():
                    return unescape(value.strip())
        return None

    objects = _ld_objects(sel)
    ld = json_ld_article(sel, objects)
    publisher = _org_name(ld.get("publisher")) if ld else None
    if not publisher:  # a separate Organization / NewsMediaOrganization object names the outlet too
        for obj in objects:
            if _kinds(obj) & {"Organization", "NewsMediaOrganization"}:
                publisher = _org_name(unescape_deep(obj))
                if publisher:
                    break
    body = ld.get("articlebody") if ld else None
    html_title = next(iter(select(sel.root, "title::text")), None)
    return {
        "ld": ld,
        "ld_headline": (ld.get("headline") or ld.get("name") or None) if ld else None,
        "ld_description": ld.get("description") if ld else None,
        "ld_published": ld.get("datepublished") if ld else None,
        "ld_modified": ld.get("datemodified") if ld else None,
        "ld_authors": _names(ld.get("author")) if ld else [],
        "ld_section": ld.get("articlesection") if ld else None,
        "ld_keywords": split_keywords(ld.get("keywords")) if ld else [],
        "ld_body": body if isinstance(body, str) else None,
        "ld_publisher": publisher,
        "og_title": meta("og:title", "twitter:title"),
        "og_description": meta("og:description", "twitter:description", "description"),
        "og_type": meta("og:type"),
        "og_url": meta("og:url"),
        "og_site_name": meta("og:site_name"),
        "application_name": meta("application-name", "al:android:app_name", "al:ios:app_name"),
        "published_time": meta("article:published_time", "datePublished", "pubdate", "publishdate", "dc.date"),
        "modified_time": meta("article:modified_time", "dateModified", "og:updated_time"),
        "section": meta("article:section"),
        "tags": split_keywords([unescape(t) for t in tags]),
        "keywords": split_keywords(meta("keywords", "news_keywords") or ""),
        "author": meta("author", "article:author"),
        "canonical": next(iter(select(sel.root, 'link[rel="canonical"]::attr(href)')), None),
        "time_datetime": next(iter(select(sel.root, "time[datetime]::attr(datetime)")), None),
        "html_title": unescape(html_title) if html_title else None,
        "generator": meta("generator"),
    }
