"""A replica news site: the 1,500 Fars corpus articles (tests/data/fars-news, Apache-2.0, see its NOTICE.md) put
into the markup of four real or sample pages, with listing pages and a sitemap, rendered on request.

Page n (0-based) is corpus article n % 1500 in template n % 4, so any number of pages can be served (20,000 for
the memory run: articles repeat under other URLs). Templates are made once from the pages themselves: the
fields the page's site definition reads (title, lead, body, machine dates, canonical URL, JSON-LD) become
placeholders; every other text or attribute of the page's chrome that names the organization is blanked, so
that only the articles decide relevance (about 1 % of the corpus concerns it).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from newsbot.extract.article import extract_article
from newsbot.facts.relevance import load_topic
from newsbot.sites.registry import get_site

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "fars-news"
PER_SITEMAP = 500  # newsbot follows at most NEWSBOT_MAX_FEED_ITEMS (500) entries of one sitemap
PER_LISTING = 50
FIRST_DATE = datetime(2023, 3, 21, 6, 0, tzinfo=UTC)  # page n is dated FIRST_DATE + n × 7 minutes
TITLE, LEAD, BODY, URL, DATE, LD = "@@TITLE@@", "@@LEAD@@", "@@BODY@@", "@@URL@@", "@@DATE@@", "@@LD@@"
TITLE_META = {"og:title", "twitter:title", "dc.title", "headline", "name"}
LEAD_META = {"description", "og:description", "twitter:description", "dc.description"}
URL_META = {"og:url", "twitter:url"}
# sources of a field that are not a selector of the page (newsbot.extract.article's fallbacks)
GUESSED_SOURCES = {"meta-description", "json-ld", "h1", "html_title", "og_title", "ld_headline", "trafilatura"}


@dataclass(frozen=True)
class TemplateSource:
    name: str
    path: Path
    site: str  # the definition that reads this page
    url: str


TEMPLATES = (
    TemplateSource(
        "khabaronline",
        ROOT / "tests" / "data" / "real" / "khabaronline_article_reformists-election-call.html",
        "khabaronline",
        "https://www.khabaronline.ir/news/1353889/",
    ),
    *(
        TemplateSource(layout, ROOT / "newsbot" / "sample_site" / "www" / "news" / f"{n}.html", "sample",
                       f"http://127.0.0.1:8000/news/{n}.html")
        for layout, n in (("nastooh", 1001), ("sepehr", 1002), ("asam", 1005))
    ),
)  # fmt: skip


@cache
def corpus() -> list[dict]:
    articles: list[dict] = []
    for n in range(1, 6):
        articles += json.loads((CORPUS / f"fars-news-{n}.json").read_text(encoding="utf-8"))
    return articles


def _names_topic(text: str) -> bool:
    return load_topic().may_mention(text)


def _set_text(el: etree._Element, text: str) -> None:
    for child in list(el):
        el.remove(child)
    el.text = text


def _css(root: etree._Element, query: str) -> list[etree._Element]:
    from parsel import Selector

    return [s.root for s in Selector(root=root).css(query) if isinstance(s.root, etree._Element)]


def _make_template(src: TemplateSource) -> str:
    """The page with its article fields as placeholders and its chrome cleared of the organization's names."""
    raw = src.path.read_bytes().replace(b"SAMPLE_HOST", b"127.0.0.1:8000")
    text = raw.decode("utf-8")
    page = extract_article(text, src.url, get_site(src.site))
    root = lxml_html.document_fromstring(text)
    for field, placeholder in (("title", TITLE), ("lead", LEAD), ("body", BODY)):
        query = page.sources.get(field)
        if query and query not in GUESSED_SOURCES:
            for el in _css(root, query)[:1]:
                _set_text(el, placeholder)
    for el in root.iter("title"):
        _set_text(el, TITLE)
    for el in root.iter("meta"):
        keys = {el.get(a, "").lower() for a in ("name", "property", "itemprop")} - {""}
        if keys & TITLE_META:
            el.set("content", TITLE)
        elif keys & LEAD_META:
            el.set("content", LEAD)
        elif keys & URL_META:
            el.set("content", URL)
        elif any("date" in k or "published" in k or "modified" in k for k in keys):
            el.set("content", DATE)
    for el in root.iter("link"):
        if el.get("rel") == "canonical":
            el.set("href", URL)
    for el in root.iter("time"):
        if el.get("datetime"):
            el.set("datetime", DATE)
    for el in root.xpath('//script[@type="application/ld+json"]'):
        el.getparent().remove(el)
    head = root.find("head")
    ld = etree.SubElement(head, "script", type="application/ld+json")
    ld.text = LD
    _clear_topic_names(root)
    return "<!DOCTYPE html>\n" + lxml_html.tostring(root, encoding="unicode")


def _clear_topic_names(root: etree._Element) -> None:
    """The template's own chrome (sidebars, tags, the sample pages' kicker) must not name the organization."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and _names_topic(el.text):
            el.text = "—"
        if el.tail and _names_topic(el.tail):
            el.tail = "—"
        for attr, value in el.attrib.items():
            if _names_topic(value):
                el.set(attr, "—")


@cache
def templates() -> tuple[str, ...]:
    return tuple(_make_template(src) for src in TEMPLATES)


def page_date(n: int) -> datetime:
    return FIRST_DATE + timedelta(minutes=7 * n)


def article_url(base: str, n: int) -> str:
    return f"{base}/news/{n}.html"


def render_article(base: str, n: int) -> bytes:
    """Page n: corpus article n % 1500 in template n % 4."""
    art = corpus()[n % len(corpus())]
    url = article_url(base, n)
    date = page_date(n).isoformat()
    title, lead = art["title"].strip(), (art.get("abstract") or "").strip()
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in art["paragraphs"] if p.strip())
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "description": lead,
        "datePublished": date,
        "url": url,
        "keywords": ", ".join(t for t in art.get("tags") or [] if not _names_topic(t)),
    }
    page = templates()[n % len(TEMPLATES)]
    ld_text = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    out = (
        page.replace(LD, ld_text)
        .replace(BODY, paragraphs)
        .replace(TITLE, html.escape(title))
        .replace(LEAD, html.escape(lead))
        .replace(URL, url)
        .replace(DATE, date)
    )
    return out.encode("utf-8")


def render_sitemap_index(base: str, pages: int) -> bytes:
    parts = [f"<sitemap><loc>{base}/sitemap-{k}.xml</loc></sitemap>" for k in range(_chunks(pages, PER_SITEMAP))]
    return _xml("sitemapindex", parts)


def render_sitemap(base: str, pages: int, k: int) -> bytes | None:
    if not 0 <= k < _chunks(pages, PER_SITEMAP):
        return None
    ns = range(k * PER_SITEMAP, min(pages, (k + 1) * PER_SITEMAP))
    parts = [f"<url><loc>{article_url(base, n)}</loc><lastmod>{page_date(n).isoformat()}</lastmod></url>" for n in ns]
    return _xml("urlset", parts)


def render_listing(base: str, pages: int, k: int) -> bytes | None:
    """Listing page k (1-based): 50 headlines a page, newest first, and a «بعدی» link."""
    last = _chunks(pages, PER_LISTING)
    if not 1 <= k <= last:
        return None
    ns = range(pages - 1 - (k - 1) * PER_LISTING, max(-1, pages - 1 - k * PER_LISTING), -1)
    titles = ((n, html.escape(corpus()[n % len(corpus())]["title"])) for n in ns)
    items = "".join(f'<li class="news"><h3><a href="/news/{n}.html">{t}</a></h3></li>' for n, t in titles)
    nxt = f'<a class="next" rel="next" href="/list/{k + 1}.html">بعدی</a>' if k < last else ""
    head = '<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>آرشیو</title></head>'
    body = f"{head}<body><ul>{items}</ul>{nxt}</body></html>"
    return body.encode("utf-8")


def _chunks(total: int, size: int) -> int:
    return max(1, -(-total // size))


def _xml(tag: str, parts: list[str]) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return f'{head}<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(parts)}</{tag}>'.encode()


def render(base: str, pages: int, path: str) -> tuple[bytes, str] | None:
    """(body, content type) for a path of the replica, or None for a 404."""
    if path == "/sitemap.xml":
        return render_sitemap_index(base, pages), "application/xml"
    if path == "/robots.txt":
        return f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode(), "text/plain"
    try:
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            body = render_sitemap(base, pages, int(path[9:-4]))
            return (body, "application/xml") if body else None
        if path.startswith("/list/") and path.endswith(".html"):
            body = render_listing(base, pages, int(path[6:-5]))
            return (body, "text/html; charset=utf-8") if body else None
        if path.startswith("/news/") and path.endswith(".html"):
            n = int(path[6:-5])
            return (render_article(base, n), "text/html; charset=utf-8") if 0 <= n < pages else None
    except ValueError:
        return None
    return None
