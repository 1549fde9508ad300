"""HTML → article fields: site selectors first, then JSON-LD / OpenGraph / meta, then trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from parsel import Selector

from newsbot.extract.canonical import article_id, clean_url
from newsbot.extract.charset import decode_html
from newsbot.extract.html_text import clean_inline, element_to_paragraphs
from newsbot.extract.meta import read_meta
from newsbot.sites.model import SiteDef
from newsbot.text.dates import iso, jalali_date_str, parse_jalali, parse_machine_date, plausible

MIN_BODY_CHARS = 120  # shorter than this is a caption or a teaser, not an article body
ZWNJ = "\u200c"
ZWNJ_STANDIN = "\u01c2"  # trafilatura deletes U+200C; this letter survives and is swapped back
GENERIC_DATE_CSS = "time, [class*=date], [class*=Date], [class*=time], [class*=Time], [id*=date]"


@dataclass
class Extracted:
    """What one page yields; `skip_reason` is set when the page is not an article."""

    url: str
    canonical_url: str
    id: str
    title: str | None = None
    lead: str | None = None
    body: str = ""
    published_at: str | None = None
    published_jalali: str | None = None
    modified_at: str | None = None
    date_source: str | None = None
    authors: list[str] = field(default_factory=list)
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    layout: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field → where it came from (selector, json-ld, …)
    skip_reason: str | None = None
    date_problem: str | None = None


def _as_selector(page: str | bytes | Selector, url: str) -> Selector:
    if isinstance(page, Selector):
        return page
    if isinstance(page, bytes):
        page = decode_html(page)
    return Selector(text=page or "<html></html>", base_url=url)


def _query(sel: Selector, query: str) -> list[Selector]:
    if query.startswith("xpath:"):
        return list(sel.xpath(query[6:]))
    return list(sel.css(query))


def _node_text(node: Selector) -> str:
    """One line of text from an element (all its descendants) or from an attribute or text selection."""
    root = node.root
    return clean_inline(" ".join(root.itertext()) if isinstance(root, etree._Element) else str(root))


def _first_text(sel: Selector, queries: list[str]) -> tuple[str | None, str | None]:
    """Text of the first selector that matches something non-empty, and which selector it was."""
    for q in queries:
        for node in _query(sel, q):
            text = _node_text(node)
            if text:
                return text, q
    return None, None


def _all_texts(sel: Selector, queries: list[str]) -> tuple[list[str], str | None]:
    for q in queries:
        found = []
        for node in _query(sel, q):
            text = _node_text(node)
            if text and text not in found:
                found.append(text)
        if found:
            return found, q
    return [], None


@dataclass
class Rules:
    """The selectors and chrome-removal rules in force for one page."""

    layout: str | None
    selectors: dict[str, list[str]]
    drop: list[str]
    drop_after: list[str]
    drop_line_re: list[re.Pattern[str]]


NO_RULES = Rules(None, {}, [], [], [])


def choose_layout(sel: Selector, site: SiteDef | None) -> Rules:
    """The newest layout whose marker is on the page, else the site's base rules."""
    if site is None:
        return NO_RULES
    for layout in reversed(site.layouts):
        if layout.when and sel.css(layout.when):
            return Rules(
                layout.name,
                layout.selectors,
                layout.drop,
                layout.drop_after,
                [re.compile(p) for p in layout.drop_lines],
            )
    return Rules(None, site.selectors, site.drop, site.drop_after, site.drop_line_re)


def _body_from_selectors(sel: Selector, rules: Rules) -> tuple[list[str], str | None]:
    for q in rules.selectors.get("body", []):
        nodes = [n.root for n in _query(sel, q) if isinstance(n.root, etree._Element)]
        if not nodes:
            continue
        paragraphs: list[str] = []
        for node in nodes:
            node = _copy_without(node, rules.drop)
            paragraphs += element_to_paragraphs(node)
        paragraphs = clean_paragraphs(paragraphs, rules)
        if sum(len(p) for p in paragraphs) >= MIN_BODY_CHARS:
            return paragraphs, q
    return [], None


def _copy_without(node: etree._Element, drop: list[str]) -> etree._Element:
    """A copy of `node` with the site's chrome (share bars, related boxes) removed."""
    from copy import deepcopy

    node = deepcopy(node)
    wrapped = Selector(root=node)
    for q in drop:
        for hit in _query(wrapped, q):
            el = hit.root
            if isinstance(el, etree._Element) and el.getparent() is not None:
                parent = el.getparent()
                tail = el.tail
                parent.remove(el)
                if tail:  # keep the text that followed the removed element
                    prev = parent[-1] if len(parent) else None
                    if prev is not None:
                        prev.tail = (prev.tail or "") + tail
                    else:
                        parent.text = (parent.text or "") + tail
    return node


def clean_paragraphs(paragraphs: list[str], rules: Rules) -> list[str]:
    """Drop teaser lines and everything after an end marker («انتهای پیام»)."""
    out: list[str] = []
    for p in paragraphs:
        cut = [p.find(m) for m in rules.drop_after if m in p]
        if cut:
            head = p[: min(cut)].strip(" /-–")
            if head:
                out.append(head)
            break
        if any(r.search(p) for r in rules.drop_line_re):
            continue
        if out and out[-1] == p:
            continue
        out.append(p)
    return out


def _trafilatura_body(html: str) -> list[str]:
    import trafilatura

    standin = ZWNJ_STANDIN not in html
    prepared = html.replace(ZWNJ, ZWNJ_STANDIN) if standin else html
    text = trafilatura.extract(prepared, include_comments=False, include_tables=False, favor_precision=True) or ""
    if standin:
        text = text.replace(ZWNJ_STANDIN, ZWNJ)
    return [p.strip() for p in text.split("\n") if p.strip()]


def _strip_title_suffix(title: str, site_name: str | None) -> str:
    if site_name and site_name in title and title != site_name:
        title = title.replace(site_name, "").strip(" |-–—:")
    return title


def _pick_date(
    sel: Selector, meta: dict, queries: list[str], now: datetime | None
) -> tuple[datetime | None, str | None, str | None]:
    """Machine-readable first, the visible Jalali date second; an implausible date is reported, not used."""
    problem = None
    for source, value in (
        ("json-ld", meta["ld_published"]),
        ("meta", meta["published_time"]),
        ("time", meta["time_datetime"]),
    ):
        if not value or not isinstance(value, str):
            continue
        dt = parse_machine_date(value)
        if dt is None:
            problem = problem or f"unparseable {source} date {value[:40]!r}"
            continue
        if not plausible(dt, now=now):
            problem = f"implausible {source} date {dt.isoformat()}"
            continue
        return dt, source, None
    text, q = _first_text(sel, queries)
    if text:
        dt = parse_jalali(text) or parse_machine_date(text)
        if dt is not None and plausible(dt, now=now):
            return dt, f"visible:{q}", None
        problem = problem or f"unparseable visible date {text[:40]!r}"
        return None, None, problem
    if queries:  # the site's date selectors found nothing: guessing here would hide a layout change
        return None, None, problem or "no date on the page"
    # no selector for the date: try the small elements whose class says they hold one
    for node in sel.css(GENERIC_DATE_CSS)[:20]:
        text = clean_inline(" ".join(node.css("::text").getall()))
        if 6 <= len(text) <= 80:
            dt = parse_jalali(text)
            if dt is not None and plausible(dt, now=now):
                return dt, "visible:generic", None
    return None, None, problem or "no date on the page"


def extract_article(
    page: str | bytes | Selector, url: str, site: SiteDef | None = None, now: datetime | None = None
) -> Extracted:
    """Read one article page. `site` gives selectors; without it only the generic path runs."""
    sel = _as_selector(page, url)
    meta = read_meta(sel)
    canonical = clean_url(meta["canonical"] or meta["og_url"] or url, base=url)
    if not canonical.startswith("http"):
        canonical = clean_url(url)
    out = Extracted(url=url, canonical_url=canonical, id=article_id(canonical))
    rules = choose_layout(sel, site)
    selectors = rules.selectors
    out.layout = rules.layout

    title, q = _first_text(sel, selectors.get("title", []))
    if title:
        out.sources["title"] = q or ""
    else:
        for source in ("ld_headline", "og_title", "html_title"):
            if isinstance(meta[source], str) and meta[source].strip():
                title = _strip_title_suffix(
                    clean_inline(meta[source]), meta["og_site_name"] or (site.name if site else None)
                )
                out.sources["title"] = source
                break
    out.title = title

    lead, q = _first_text(sel, selectors.get("lead", []))
    if lead:
        out.sources["lead"] = q or ""
    elif isinstance(meta["ld_description"] or meta["og_description"], str):
        lead = clean_inline(meta["ld_description"] or meta["og_description"])
        out.sources["lead"] = "meta-description"
    out.lead = lead or None

    paragraphs, q = _body_from_selectors(sel, rules)
    if paragraphs:
        out.sources["body"] = q or ""
    else:
        html_text = sel.get() if sel.root is not None else ""
        paragraphs = clean_paragraphs(_trafilatura_body(html_text), rules)
        out.sources["body"] = "trafilatura"
    # the title and the lead often open the body too (trafilatura keeps an <h1> in <main>); keep them once
    while paragraphs and clean_inline(paragraphs[0]) in {out.title, out.lead}:
        paragraphs = paragraphs[1:]
    out.body = "\n\n".join(paragraphs)

    dt, source, problem = _pick_date(sel, meta, selectors.get("date", []), now)
    if dt is not None:
        out.published_at, out.published_jalali, out.date_source = iso(dt), jalali_date_str(dt), source
    out.date_problem = problem
    mod = (
        parse_machine_date(meta["ld_modified"] or meta["modified_time"] or "")
        if (meta["ld_modified"] or meta["modified_time"])
        else None
    )
    out.modified_at = iso(mod) if mod else None

    authors, _ = _all_texts(sel, selectors.get("authors", []))
    if not authors:
        outlet = {meta["og_site_name"], site.name if site else None}
        authors = [a for a in meta["ld_authors"] if a and a not in outlet and len(a) < 60]
    out.authors = authors
    cats, _ = _all_texts(sel, selectors.get("category", []))
    section = meta["ld_section"] if isinstance(meta["ld_section"], str) else meta["section"]
    out.category = cats[-1] if cats else (clean_inline(section) if section else None)
    tags, _ = _all_texts(sel, selectors.get("tags", []))
    ld_keywords = meta["ld_keywords"]
    if isinstance(ld_keywords, str):
        ld_keywords = [k.strip() for k in re.split(r"[,،;؛]", ld_keywords) if k.strip()]
    out.tags = tags or meta["tags"] or (ld_keywords if isinstance(ld_keywords, list) else []) or meta["keywords"]

    out.skip_reason = not_article_reason(sel, meta, out, site, url)
    return out


def _mostly_links(sel: Selector, body: str) -> bool:
    """A listing's 'text' is its headlines: most paragraphs are the text of a link on the page."""
    paragraphs = [p.strip(" -•*") for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) < 3:
        return False
    anchors = {clean_inline(" ".join(a.css("::text").getall())) for a in sel.css("a")}
    linked = sum(1 for p in paragraphs if p in anchors)
    return linked / len(paragraphs) > 0.5


def not_article_reason(sel: Selector, meta: dict, out: Extracted, site: SiteDef | None, url: str) -> str | None:
    """Why this page is not an article (gallery, listing, error page), or None when it is one."""
    if site is not None and site.article_re and not site.is_article_url(url):
        return "url_not_article"
    og_type = (meta["og_type"] or "").lower()
    if og_type in {"gallery", "video", "video.other", "image"}:
        return "gallery"
    links = len(sel.css("a[href]"))
    text_len = len(out.body)
    if out.sources.get("body") == "trafilatura":
        if not out.published_at and og_type not in {"article", ""}:
            return "listing"  # no article template matched, no date, and the page calls itself a website
        if _mostly_links(sel, out.body) or len(set(sel.css("time::attr(datetime)").getall())) >= 3:
            return "listing"  # headlines as text, or one timestamp per teaser
    if text_len < MIN_BODY_CHARS:
        images = len(sel.css("img"))
        if images >= 5:
            return "gallery"
        if not out.title:
            return "error_page"
        if links > 40:
            return "listing"
    return None
