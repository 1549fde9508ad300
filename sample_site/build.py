# ruff: noqa: E501  (HTML templates read better unwrapped)
"""Render the bundled sample site: content.toml -> www/ (pages, listings, RSS, sitemaps) and manifest.json.

Run `python -m sample_site.build` from the repository root after editing content.toml; the generated pages
(newsbot/sample_site/www/, shipped with the package) and manifest.json are committed, so a crawl never needs
this script, and it is not installed. Output is deterministic (no clock, no randomness): running it twice
gives the same bytes.

Three page layouts share one site, as if sections used different CMS templates:
  nastooh  modelled on the real Khabaronline page (Saba/Nastooh family)
  sepehr   modelled on the real YJC page (Sepehr/IranSamaneh family)
  asam     modelled on the Asam baseline in SITES.md (TG selectors; no real capture here, so a guess)
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tomllib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jdatetime
from lxml import etree
from lxml import html as lxml_html

HERE = Path(__file__).parent
CONTENT = HERE / "content.toml"
WWW = HERE.parent / "newsbot" / "sample_site" / "www"  # the pages ship as package data; their source does not
MANIFEST = HERE / "manifest.json"
HOST = "http://SAMPLE_HOST"
TEHRAN = ZoneInfo("Asia/Tehran")
PER_PAGE = 8

FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
WEEKDAYS = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]  # jdatetime: Saturday = 0
ARABIC_YEH = str.maketrans({"ی": "ي"})
ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def fa(value: object) -> str:
    return str(value).translate(FA_DIGITS)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# ---------------------------------------------------------------- dates


class When:
    """One publication moment, given as Jalali local Tehran time "1402-04-05 11:50"."""

    def __init__(self, jalali: str) -> None:
        day, clock = jalali.split()
        y, m, d = (int(x) for x in day.split("-"))
        hh, mm = (int(x) for x in clock.split(":"))
        self.j = jdatetime.datetime(y, m, d, hh, mm)
        g = self.j.togregorian()
        self.local = datetime(g.year, g.month, g.day, hh, mm, tzinfo=TEHRAN)

    @property
    def iso(self) -> str:  # 2023-06-26T11:50:00+03:30
        return self.local.isoformat(timespec="seconds")

    @property
    def utc_z(self) -> str:  # 2023-06-26T08:20:00Z
        return self.local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def utc_date(self) -> str:
        return self.local.astimezone(UTC).strftime("%Y-%m-%d")

    @property
    def rfc822_gmt(self) -> str:
        return format_datetime(self.local.astimezone(UTC), usegmt=True)

    @property
    def jalali_iso(self) -> str:  # 1402-04-05
        return f"{self.j.year:04d}-{self.j.month:02d}-{self.j.day:02d}"

    def clock(self) -> str:
        return fa(f"{self.j.hour:02d}:{self.j.minute:02d}")

    def weekday(self) -> str:
        return WEEKDAYS[self.j.weekday()]

    def printed_nastooh(self) -> str:  # ۵ تیر ۱۴۰۲ - ۱۱:۵۰
        return f"{fa(self.j.day)} {MONTHS[self.j.month - 1]} {fa(self.j.year)} - {self.clock()}"

    def printed_sepehr(self) -> str:  # ۱۲ تير ۱۴۰۲ - ۰۹:۳۰, month names with Arabic yeh as on YJC
        return f"{fa(self.j.day)} {MONTHS[self.j.month - 1].translate(ARABIC_YEH)} {fa(self.j.year)} - {self.clock()}"

    def meta_sepehr(self) -> str:
        """۱۴۰۲/۰۴/۱۲ - ۰۹:۳۰: the Jalali value Sepehr puts in article:published_time."""
        j = self.j
        return fa(f"{j.year:04d}/{j.month:02d}/{j.day:02d} - {j.hour:02d}:{j.minute:02d}")

    def printed_asam(self) -> str:  # دوشنبه ۵ تیر ۱۴۰۲ - ۱۱:۵۰
        return f"{self.weekday()} {self.printed_nastooh()}"

    def printed_listing(self) -> str:  # سه‌شنبه ۱۷ بهمن ۱۴۰۲ - ۲۱:۴۰ (the title attribute of Nastooh listings)
        return self.printed_asam()


# ---------------------------------------------------------------- content model


class Article:
    def __init__(self, raw: dict) -> None:
        self.raw = raw
        self.id: int = raw["id"]
        self.path = f"/news/{self.id}.html"
        self.layout: str = raw["layout"]
        self.kind: str = raw["kind"]  # relevant | near_miss | broken
        self.broken: str | None = raw.get("broken") or None
        self.special: str | None = raw.get("special") or None  # gallery | listing_like | private
        self.title: str = raw.get("title", "")
        self.kicker: str = raw.get("kicker", "")
        self.lead: str = raw.get("lead", "")
        self.category: list[str] = raw.get("category", [])
        self.tags: list[str] = raw.get("tags", [])
        self.authors: list[str] = raw.get("authors", [])
        self.discover: list[str] = raw.get("discover", [])
        self.charset: str = raw.get("charset", "utf-8")
        self.when = When(raw["published"]) if raw.get("published") else None
        self.modified = When(raw["modified"]) if raw.get("modified") else None
        self.sort_key = (self.when or When(raw["sort_date"])).local
        self.printed_date: str | None = raw.get("printed_date")
        self.jsonld: bool = raw.get("jsonld", self.layout != "asam")
        self.rss_query: str = raw.get("rss_query", "")
        self.duplicate_of: int | None = raw.get("duplicate_of")
        self.editor_code: str = str(raw.get("editor_code", 10000 + self.id * 7))
        self.images: list[str] = raw.get("images", [])
        self.note: str = raw.get("note", "")
        self.blocks = parse_body(raw.get("body", ""))
        if self.charset != "utf-8":
            # windows-1256 has neither Persian yeh nor Persian digits: old pages used Arabic yeh and ASCII digits.
            self.title, self.lead, self.kicker = (
                old_page_text(t) for t in (self.title, self.lead, self.kicker)
            )
            self.blocks = [(b[0], old_page_text(b[1]), *b[2:]) for b in self.blocks]
        if raw.get("private"):
            self.path = f"/private/news/{self.id}.html"

    def printed(self) -> str | None:
        """The date as the page prints it."""
        if self.printed_date is not None:
            return self.printed_date
        if not self.when:
            return None
        text = {
            "nastooh": self.when.printed_nastooh,
            "sepehr": self.when.printed_sepehr,
            "asam": self.when.printed_asam,
        }[self.layout]()
        return old_page_text(text) if self.charset != "utf-8" else text

    @property
    def exists(self) -> bool:
        return self.broken != "missing"

    @property
    def summary(self) -> str:
        if self.lead:
            return self.lead
        texts = [b[1] for b in self.blocks if b[0] == "p"]
        return plain(texts[0]) if texts else ""

    def expected_paragraphs(self) -> list[str]:
        """The body text as a reader sees it: paragraphs and sub-headings, no teasers, ads or end marks."""
        return [plain(text) for kind, text, *_ in self.blocks if kind in ("p", "h")]

    def must_not_contain(self) -> list[str]:
        """Strings in the body container (or around it) that an extractor must drop."""
        out = [plain(text) for kind, text, *_ in self.blocks if kind == "teaser"]
        out.append("بیشتر بخوانید")
        if self.layout in ("sepehr", "asam"):
            out.append("انتهای پیام")
        if self.layout == "nastooh":
            out.append("کد خبر")
        if self.layout == "sepehr":
            out.append("پربیننده")
            out.append("آگهی")
        if self.layout == "asam":
            out.append("tavoos_init_player")
            out.append("لینک کوتاه")
        return [old_page_text(s) for s in out] if self.charset != "utf-8" else out


def old_page_text(text: str) -> str:
    return text.translate(ARABIC_YEH).translate(ASCII_DIGITS)


def parse_body(text: str) -> list[tuple]:
    """Blank-line separated blocks. `## x` sub-heading, `>> title | /news/N.html` «بیشتر بخوانید» teaser."""
    blocks: list[tuple] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        if chunk.startswith("## "):
            blocks.append(("h", chunk[3:].strip()))
        elif chunk.startswith(">> "):
            title, href = (part.strip() for part in chunk[3:].rsplit("|", 1))
            blocks.append(("teaser", title, href))
        else:
            blocks.append(("p", chunk))
    return blocks


LINK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def plain(text: str) -> str:
    """Markup-free text of a paragraph: [[label|href]] -> label, **x** -> x."""
    return BOLD.sub(r"\1", LINK.sub(r"\1", text))


def inline(text: str, link_class: str = "") -> str:
    """HTML of a paragraph's inline markup."""
    out, pos = [], 0
    for m in LINK.finditer(text):
        out.append(bold(esc(text[pos : m.start()])))
        cls = f' class="{link_class}"' if link_class else ""
        out.append(f'<a{cls} href="{esc(m.group(2))}" target="_blank">{esc(m.group(1))}</a>')
        pos = m.end()
    out.append(bold(esc(text[pos:])))
    return "".join(out)


def bold(escaped: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", escaped)


# ---------------------------------------------------------------- shared chrome


class Site:
    def __init__(self, data: dict) -> None:
        self.name: str = data["site"]["name"]
        self.slogan: str = data["site"]["slogan"]
        self.menu: list[list[str]] = data["site"]["menu"]
        self.articles = [Article(raw) for raw in data["article"]]
        self.by_id = {a.id: a for a in self.articles}
        ids = [a.id for a in self.articles]
        assert len(ids) == len(set(ids)), "duplicate article id"
        self.listed = [a for a in self.articles if "listing" in a.discover]
        self.listed.sort(key=lambda a: (a.sort_key, a.id), reverse=True)
        # Related boxes and sidebars link only to listed articles that really are articles, so that an
        # article marked "only in the sitemap" (or RSS) is truly reachable only there.
        self.linkable = [
            a
            for a in self.listed
            if a.exists and a.kind != "broken" and not a.special and not a.raw.get("private")
        ]
        linkable_paths = {a.path: a for a in self.linkable}
        for art in self.articles:
            for kind, text, *rest in art.blocks:
                if kind != "teaser":
                    continue
                target = linkable_paths.get(rest[0])
                assert target is not None, f"{art.id}: teaser {rest[0]} is not a listed article"
                assert plain(text) == target.title or old_page_text(plain(text)) == target.title, (
                    f"{art.id}: teaser title"
                )
                assert art.when and target.when and target.when.local < art.when.local, (
                    f"{art.id}: teaser to a later article"
                )

    def related_for(self, art: Article, n: int = 3) -> list[Article]:
        pool = [a for a in self.linkable if a.id != art.id]
        start = (art.id * 7) % len(pool)
        return [pool[(start + i) % len(pool)] for i in range(n)]

    def most_viewed(self) -> list[Article]:
        relevant = [a for a in self.linkable if a.kind == "relevant"][:3]
        other = [a for a in self.linkable if a.kind == "near_miss"][:2]
        return relevant + other

    def menu_html(self, nav_class: str) -> str:
        items = "".join(f'<li><a href="{esc(href)}">{esc(label)}</a></li>' for label, href in self.menu)
        return f'<nav class="{nav_class}"><ul>{items}</ul></nav>'

    def footer_html(self) -> str:
        return (
            '<footer id="footer"><div class="container">'
            f'<p class="about">{esc(self.name)}؛ {esc(self.slogan)}</p>'
            '<ul class="footer-links"><li><a href="/">صفحه اصلی</a></li><li><a href="/list/1.html">آرشیو</a></li>'
            '<li><a href="/rss.xml">RSS</a></li><li><a href="/sitemap.xml">نقشه سایت</a></li></ul>'
            f'<p class="copyright">© کلیه حقوق این سایت متعلق به {esc(self.name)} است.</p>'
            "</div></footer>"
        )

    def sidebar_html(self) -> str:
        items = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in self.most_viewed())
        return (
            '<aside class="sidebar"><section class="box most-viewed"><header><h2>پربیننده‌ترین‌ها</h2></header>'
            f"<ul>{items}</ul></section>"
            '<section class="box newsletter"><p>برای دریافت اخبار بیمه و تأمین اجتماعی در خبرنامه عضو شوید.</p>'
            "</section></aside>"
        )


def jsonld(site: Site, art: Article, date_value: str, head_key: str = "headline") -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        head_key: art.title,
        "description": art.lead or None,
        "datePublished": date_value,
        "author": {"@type": "Organization", "name": site.name, "url": f"{HOST}/"},
        "publisher": {"@type": "Organization", "name": site.name, "url": f"{HOST}/"},
        "url": f"{HOST}{art.path}",
        "keywords": art.tags,
    }
    if data["description"] is None:
        del data["description"]
    if art.modified:
        data["dateModified"] = art.modified.utc_z if date_value.endswith("Z") else art.modified.iso
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def head_common(site: Site, art: Article, og_type: str = "article") -> str:
    lines = [
        f'<meta property="og:type" content="{og_type}" />',
        f'<meta property="og:title" content="{esc(art.title)}" />',
    ]
    if art.lead:
        lines.append(f'<meta property="og:description" content="{esc(art.lead)}" />')
    lines.append(f'<meta property="og:url" content="{HOST}{art.path}" />')
    lines.append(f'<meta property="og:site_name" content="{esc(site.name)}" />')
    if art.lead:
        lines.append(f'<meta name="description" content="{esc(art.lead)}" />')
    lines.append(f'<link rel="canonical" href="{HOST}{art.path}" />')
    lines.append('<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml" />')
    return "\n".join(lines) + "\n"


def tag_href(tag: str) -> str:
    from urllib.parse import quote_plus

    return "/tag/" + quote_plus(tag)


# ---------------------------------------------------------------- layout: Nastooh / Saba


def render_nastooh(site: Site, art: Article) -> str:
    w = art.when
    cat = art.category
    gallery = art.special == "gallery"
    og_type = "website" if gallery else "article"
    metas = [head_common(site, art, og_type)]
    metas.append('<meta name="generator" content="www.nastooh.ir" />\n')
    metas.append(f'<meta property="nastooh:pageType" content="{"photo" if gallery else "news"}" />\n')
    metas.append(f'<meta property="nastooh:newsType" content="{"photo" if gallery else "news"}" />\n')
    metas.append(f'<meta property="nastooh:code" content="{art.id}" />\n')
    if art.tags:
        metas.append(f'<meta name="keywords" property="article:tag" content="{esc(",".join(art.tags))}" />\n')
    if cat:
        metas.append(f'<meta property="article:section" content="{esc(" > ".join(cat))}" />\n')
    if w:
        metas.append(f'<meta property="nastooh:publishDate" content="{w.utc_date}" />\n')
        metas.append(
            f'<meta itemprop="datePublished" property="article:published_time" content="{w.utc_z}" />\n'
        )
        # Like the real page: a page-generation time in an odd format; not the publication time.
        gen = (w.local + timedelta(minutes=25)).astimezone(TEHRAN)
        metas.append(f'<meta name="date" content="{gen.strftime("%Y-%m-%d T %H:%M:50 %z")}" />\n')
    if art.modified:
        metas.append(f'<meta property="article:modified_time" content="{art.modified.utc_z}" />\n')
    if art.jsonld and w:
        metas.append(jsonld(site, art, w.utc_z) + "\n")

    crumbs = '<li class="breadcrumb-item"><a href="/" rel="index">صفحه اصلی</a></li>'
    for i, c in enumerate(cat):
        attr = ' itemprop="articleSection"' if i == 0 else ""
        crumbs += f'<li class="breadcrumb-item"><a href="/list/1.html" rel="index"{attr}>{esc(c)}</a></li>'

    date_html = f"<span>{w.printed_nastooh()}</span>" if w else "<span></span>"
    author_html = ""
    if art.authors:
        author_html = (
            '<div class="item-author">'
            + "، ".join(f'<span itemprop="author">{esc(a)}</span>' for a in art.authors)
            + "</div>"
        )

    body_parts = []
    for kind, text, *rest in art.blocks:
        if kind == "p":
            body_parts.append(f'<div dir="rtl"><p>{inline(text, "saba-backlink")}</p></div>')
        elif kind == "h":
            body_parts.append(f'<div dir="rtl"><p><strong>{esc(text)}</strong></p></div>')
        elif kind == "teaser":
            body_parts.append(
                f'<p>بیشتر بخوانید: <a href="{esc(rest[0])}" target="_blank">{esc(text)}</a></p>'
            )
    if art.blocks:
        # The editor's code, digits only, as the last node of the text (as on the real page).
        body_parts.append(f'<div dir="rtl">{art.editor_code}</div>')
    if gallery:
        figs = "".join(
            f'<figure class="item-img"><img src="/media/{art.id}_{i}.jpg" alt="{esc(c)}" /><figcaption>{esc(c)}</figcaption></figure>'
            for i, c in enumerate(art.images, 1)
        )
        body_html = f'<div class="gallery photoGall">{figs}</div>'
    else:
        body_html = (
            '<div class="item-text" itemprop="articleBody"><div style="text-align:justify">'
            + "\n".join(body_parts)
            + '</div><div class="gallery hidden"></div></div>'
        )

    summary_html = ""
    if art.lead or not gallery:
        summary_html = (
            '<div class="item-summary">'
            f'<figure class="item-img"><img src="/media/{art.id}.jpg" alt="{esc(art.title)}" itemprop="image" /></figure>'
            f'<p class="summary introtext" itemprop="description">{esc(art.lead)}</p></div>'
        )

    tags_html = ""
    if art.tags:
        lis = "".join(
            f'<li><a href="{esc(tag_href(t))}" rel="Index, Tag">{esc(t)}</a></li>' for t in art.tags
        )
        tags_html = (
            f'<section class="box tags"><header><h2>برچسب‌ها</h2></header><div><ul>{lis}</ul></div></section>'
        )

    related = "".join(
        f'<li class="news"><div class="desc"><h3><a href="{r.path}" target="_blank">{esc(r.title)}</a></h3></div></li>'
        for r in site.related_for(art)
    )
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl" xmlns="http://www.w3.org/1999/xhtml"><head>
<title>{esc(art.title)} - {esc(site.name)}</title>
<meta charset="utf-8" />
{"".join(metas)}<link href="/resources/theme/style.css" type="text/css" rel="stylesheet" /></head>
<body class="rtl pt-news nt-news">
<header id="header"><div class="container"><a href="/" class="logo">{esc(site.name)}</a>
<div class="date">{w.weekday() + " " + w.printed_nastooh().split(" - ")[0] if w else ""}</div></div>
{site.menu_html("menu")}</header>
<main><div class="container"><div id="mainbody" class="row">
<div class="col-12 col-sm-8 main-content">
<section class="box ads clean"><ul><li><figure><a href="/redirect/ads/14" rel="nofollow"><img src="/media/ad-14.gif" alt="آگهی" /></a></figure></li></ul></section>
<article id="item" class="box item">
<div class="item-header">
<ol class="breadcrumb">{crumbs}</ol>
<div class="item-nav row"><div class="col-6 col-sm-4 item-date">{date_html}</div>
<div class="col-4"><ul class="header-sharing"><li><a href="#" onclick="window.print(); return false;">چاپ</a></li></ul></div></div>
<div class="item-title">
<h4 class="subtitle kicker"><a href="{art.path}">{esc(art.kicker)}</a></h4>
<h1 class="title"><a itemprop="headline" href="{art.path}">{esc(art.title)}</a></h1>
</div>{author_html}
</div>{summary_html}
<div class="item-body">
{body_html}<div class="item-code">کد خبر <span>{art.id}</span></div>
</div>
<div class="item-footer row">
<div class="col-12 col-sm-6"><div class="item-sharing"><ul>
<li class="tg"><a href="tg://msg_url?url={HOST}{art.path}">تلگرام</a></li>
<li class="tw"><a href="https://twitter.com/intent/tweet?url={HOST}{art.path}">توییتر</a></li></ul></div></div>
<div class="col-12 col-sm-6"><div class="short-link-container"><input type="text" class="clean" value="SAMPLE_HOST/news/{art.id}" readonly="readonly" /></div></div>
</div>
{tags_html}
<div class="item-boxes"><section class="box related-items list list-bullets"><header><h2>مطالب مرتبط</h2></header>
<div><ul>{related}</ul></div></section></div>
</article></div>
<div class="col-12 col-sm-4">{site.sidebar_html()}</div>
</div></div></main>
{site.footer_html()}
</body></html>
"""


# ---------------------------------------------------------------- layout: Sepehr / IranSamaneh


def render_sepehr(site: Site, art: Article) -> str:
    w = art.when
    metas = [head_common(site, art)]
    metas.append(f'<meta property="article:author" content="{esc(site.name)}" />\n')
    if art.category:
        metas.append(f'<meta property="article:section" content="{esc(art.category[-1])}" />\n')
    if art.tags:
        metas.append(f'<meta name="keywords" content="{esc("،".join(art.tags))}" />\n')
        metas.append(f'<meta property="article:tag" content="{esc(" , ".join(art.tags))}" />\n')
    if w:
        metas.append(f'<meta property="article:published_time" content="{w.meta_sepehr()}" />\n')
    if art.modified:
        metas.append(f'<meta property="article:modified_time" content="{art.modified.meta_sepehr()}" />\n')
    if art.jsonld and w:
        metas.append(jsonld(site, art, w.iso.replace(":00+", ":01+"), head_key="headLine") + "\n")

    if art.printed_date is not None:
        printed = esc(art.printed_date)
    else:
        printed = w.printed_sepehr() if w else ""
    path_links = ' <span class="bolet_news_path">»</span> '.join(
        f'<a href="/list/1.html">{esc(c)}</a>' for c in art.category
    )
    news_code = fa(art.id)
    body_parts = []
    paragraphs_seen = 0
    for kind, text, *rest in art.blocks:
        if kind == "p":
            body_parts.append(f"<p>{inline(text)}</p>")
            paragraphs_seen += 1
            if paragraphs_seen == 2:
                body_parts.append(
                    '<div class="adv_content"><a rel="nofollow" href="/fa/ads/redirect/a/2096">'
                    '<img alt="آگهی" class="img-adv" src="/media/adv_4015.gif" /></a><span>آگهی</span></div>'
                )
        elif kind == "h":
            body_parts.append(f"<p><strong>{esc(text)}</strong></p>")
        elif kind == "teaser":
            body_parts.append(
                f'<p><span style="color: #ff0000;"><strong>بیشتر بخوانید: </strong></span>'
                f'<a href="{esc(rest[0])}" target="_blank">{esc(text)}</a></p>'
            )
    if art.blocks:
        popular = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in site.most_viewed()[:3])
        body_parts.append(
            f'<div id="MV_afterBody"><div class="mv_title">پربیننده‌ترین‌ها</div><ul>{popular}</ul></div>'
        )
        body_parts.append("<p>انتهای پیام/</p>")
    body_html = "\n".join(body_parts)

    tags_html = ""
    if art.tags:
        links = " ، ".join(
            f'<a href="/fa/tags/{i}/1/{esc(t.replace(" ", "-"))}" class="tags_item">{esc(t)}</a>'
            for i, t in enumerate(art.tags, 100)
        )
        tags_html = (
            '<div class="tags_container"><div class="row tags_title"><div class="tag_name">برچسب ها</div>'
            f'<div class="tag_items">{links}</div></div></div>'
        )
    related = "".join(
        f'<div class="news_slider-content item"><div class="text_bargozide"><a href="{r.path}" title="{esc(r.title)}">{esc(r.title)}</a></div></div>'
        for r in site.related_for(art)
    )
    return f"""<!-- {art.id * 1009} -->
<!DOCTYPE HTML>
<html lang="fa-IR">
<head>
<title>{esc(art.title)}</title>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{"".join(metas)}<link rel="stylesheet" type="text/css" href="/client/themes/fa/main/css/news.css">
</head>
<body>
<div class="header_con">{site.menu_html("main_menu")}</div>
<div class="container"><div class="row">
<div class="col-md-24 news_body_col">
<div class="visible-sm visible-md visible-lg">
<div class="news_toolbar">
<div class="news_nav news_id_c"><span class="news_nav_title">کد خبر: </span>{news_code}</div>
<div class="news_path"> گروه : {path_links} </div>
<div class="news_nav news_pdate_c"><span class="news_nav_title">تاریخ انتشار: </span>{printed}</div>
<div class="wrapper"></div>
</div>
<div class="row news_tools"><a title="نسخه چاپی" rel="nofollow" class="news_print_botton" href="#">نسخه چاپی</a>
<a rel="nofollow" title="ارسال به دوستان" class="news_emails_botton" href="#">ارسال به دوستان</a></div>
</div>
<div class="news_body_con news_body_new" style="direction: rtl;" id="root">
<div class="rutitr_body"><strong class="news_strong">{esc(art.kicker)}</strong></div>
<div class="title"><h1 class="Htags title"><a class="title" href="{art.path}">{esc(art.title)}</a></h1></div>
<div class="subtitle"><h2 class="Htags_news_subtitle"><strong class="news_strong">{esc(art.lead)}</strong></h2></div>
<div class="body">
{body_html}
<div class="wrapper"></div></div>
</div>
<div class="visible-lg visible-md news_adv_lg"><div class="adv_padd"><a rel="nofollow" href="/fa/ads/redirect/a/757"><img alt="پیام رسان ها" class="img-adv" src="/media/adv_3985.jpg"></a></div></div>
<div class="row share_to_box"><div class="shareto_txt">اشتراک گذاری</div>
<div class="social_icons"><a rel="nofollow" class="social_icons_a sn_twitter" href="https://twitter.com/intent/tweet?url={HOST}{art.path}">توییتر</a>
<a rel="nofollow" class="social_icons_a sn_whatsapp" href="whatsapp://send?text={HOST}{art.path}">واتساپ</a></div>
<span class="news_home_link"><a href="{HOST}{art.path}" rel="nofollow">{HOST}/{art.id}</a></span></div>
<div class="akh_p_news shareto_txt">اخبار پیشنهادی</div>
<div class="news-slider">{related}</div>
{tags_html}
</div>
<div class="col-md-12">{site.sidebar_html()}</div>
</div></div>
{site.footer_html()}
</body>
</html>
"""


# ---------------------------------------------------------------- layout: Asam


def render_asam(site: Site, art: Article) -> str:
    w = art.when
    listing_like = art.special == "listing_like"
    metas = [head_common(site, art, "website" if listing_like else "article")]
    if art.tags:
        metas.append(f'<meta name="keywords" content="{esc(",".join(art.tags))}" />\n')
    if art.jsonld and w:
        metas.append(jsonld(site, art, w.iso) + "\n")
    crumbs = '<li><a href="/">خانه</a></li>' + "".join(
        f'<li><a href="/list/1.html">{esc(c)}</a></li>' for c in art.category
    )
    if w:
        time_html = f'<time datetime="{w.iso}">{w.printed_asam()}</time>'
    else:
        time_html = ""

    if listing_like:
        items = []
        for other in site.linkable[:10]:
            items.append(
                f'<li class="news-item"><h3><a href="{other.path}">{esc(other.title)}</a></h3>'
                f'<p class="lead_list">{esc(other.summary)}</p></li>'
            )
        main_html = (
            f'<div class="archive_content"><h1 class="archive-title">{esc(art.title)}</h1>'
            f'<ul class="news-list">{"".join(items)}</ul>'
            '<div class="pagination"><a href="/list/2.html">«</a></div></div>'
        )
    else:
        body_parts = []
        for i, (kind, text, *rest) in enumerate(art.blocks):
            if kind == "p":
                body_parts.append(f"<p>{inline(text)}</p>")
            elif kind == "h":
                body_parts.append(f"<h3>{esc(text)}</h3>")
            elif kind == "teaser":
                # The label and the link sit in separate elements: dropping a line that starts with
                # «بیشتر بخوانید» is not enough, the teaser's headline must go too.
                body_parts.append(
                    f'<div class="more-read"><p>بیشتر بخوانید:</p><a href="{esc(rest[0])}">{esc(text)}</a></div>'
                )
            if i == 0:
                body_parts.append(
                    f'<script type="text/javascript">tavoos_init_player("player-{art.id}", "/media/{art.id}.mp4");</script>'
                )
        if art.blocks:
            body_parts.append("<p>انتهای پیام/</p>")
        author_html = ""
        if art.authors:
            author_html = (
                '<div class="news_author author">'
                + "، ".join(f'<span itemprop="author">{esc(a)}</span>' for a in art.authors)
                + "</div>"
            )
        tags_html = ""
        if art.tags:
            lis = "".join(
                f'<li><a href="/tags/{esc(t.replace(" ", "_"))}">{esc(t)}</a></li>' for t in art.tags
            )
            tags_html = (
                f'<div class="tags article_tags"><span class="tags_title">برچسب‌ها:</span><ul>{lis}</ul></div>'
            )
        uptitle = f'<h2 class="uptitle">{esc(art.kicker)}</h2>' if art.kicker else ""
        main_html = f"""<article class="news_content">
<div class="news_nav_title">
<ul class="breadcrumb_list">{crumbs}</ul>
<div class="news_nav news-time">{time_html}</div>
<div class="news_nav news_id">کد خبر: {fa(art.id)}</div>
</div>
{uptitle}
<h1 class="title">{esc(art.title)}</h1>
<p class="lead">{esc(art.lead)}</p>
{author_html}
<div class="article_body">
<div id="echo_detail">
{chr(10).join(body_parts)}
</div>
<div class="share_news"><span>اشتراک‌گذاری:</span><a href="https://t.me/share/url?url={HOST}{art.path}">تلگرام</a></div>
<div class="short_link_cnt"><span>لینک کوتاه:</span><input class="tinyurl_form" value="{HOST}/fa/tiny/news-{art.id}" readonly></div>
</div>
{tags_html}
</article>"""
    related = "".join(f'<li><a href="{r.path}">{esc(r.title)}</a></li>' for r in site.related_for(art))
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<title>{esc(site.name)} - {esc(art.title)}</title>
{"".join(metas)}<link rel="stylesheet" href="/static/css/main.css">
</head>
<body class="news-page">
<header class="site-header"><div class="logo"><a href="/">{esc(site.name)}</a></div>{site.menu_html("main-nav")}</header>
<main class="container"><div class="row">
<div class="col-md-8">
{main_html}
<section class="related_news sec_info"><h4>اخبار مرتبط</h4><ul>{related}</ul></section>
</div>
<div class="col-md-4">{site.sidebar_html()}</div>
</div></main>
{site.footer_html()}
</body>
</html>
"""


RENDER = {"nastooh": render_nastooh, "sepehr": render_sepehr, "asam": render_asam}


# ---------------------------------------------------------------- listings, feeds, sitemaps


def listing_item(a: Article) -> str:
    when = ""
    if a.when:
        when = f'<time datetime="{a.when.iso}" title="{a.when.printed_listing()}">{a.when.printed_nastooh()}</time>'
    lead = f"<p>{esc(a.summary)}</p>" if a.summary else ""
    kicker = f"<h4>{esc(a.kicker)}</h4>" if a.kicker else ""
    return f'<li class="news"><div class="desc">{kicker}<h3><a href="{a.path}">{esc(a.title)}</a></h3>{lead}{when}</div></li>'


def render_listing(site: Site, page: int, pages: int, items: list[Article]) -> str:
    nav = []
    head_links = []
    if page > 1:
        nav.append(f'<a class="prev" rel="prev" href="/list/{page - 1}.html">قبلی</a>')
        head_links.append(f'<link rel="prev" href="/list/{page - 1}.html" />')
    for n in range(1, pages + 1):
        cls = ' class="active"' if n == page else ""
        nav.append(f'<a{cls} href="/list/{n}.html">{fa(n)}</a>')
    if page < pages:
        nav.append(f'<a class="next" rel="next" href="/list/{page + 1}.html">بعدی</a>')
        head_links.append(f'<link rel="next" href="/list/{page + 1}.html" />')
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head>
<meta charset="utf-8" />
<title>آرشیو اخبار - صفحه {fa(page)} - {esc(site.name)}</title>
<meta name="generator" content="www.nastooh.ir" />
<meta property="og:type" content="website" />
<meta property="nastooh:pageType" content="archive" />
<link rel="canonical" href="{HOST}/list/{page}.html" />
{chr(10).join(head_links)}
</head>
<body class="rtl pt-archive">
<header id="header"><a href="/" class="logo">{esc(site.name)}</a>{site.menu_html("menu")}</header>
<main><div class="container"><section class="box list list-thumbs archive">
<header><h1>آرشیو اخبار</h1></header>
<div><ul>
{chr(10).join(listing_item(a) for a in items)}
</ul></div>
<div class="pagination">{" ".join(nav)}</div>
</section>{site.sidebar_html()}</div></main>
{site.footer_html()}
</body></html>
"""


def xml_text(text: str) -> str:
    return html.escape(text, quote=False)


def render_rss(site: Site) -> str:
    items = [a for a in site.articles if "rss" in a.discover]
    items.sort(key=lambda a: (a.sort_key, a.id), reverse=True)
    out = []
    for a in items:
        link = f"{HOST}{a.path}{a.rss_query}"
        desc = "" if a.special == "gallery" else a.summary
        cat = f'<category domain="news">{xml_text(" > ".join(a.category))}</category>' if a.category else ""
        out.append(
            f"""    <item>
      <title>{xml_text(a.title)}</title>
      <link>{xml_text(link)}</link>
      <description>{xml_text(desc)}</description>
      <content:encoded />
      {cat}
      <pubDate>{a.when.rfc822_gmt if a.when else ""}</pubDate>
      <guid isPermaLink="false">news-{a.id}</guid>
    </item>"""
        )
    newest = max(a.when.local for a in items if a.when)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>{xml_text(site.name)} - آخرین اخبار</title>
    <link>{HOST}/</link>
    <description>{xml_text(site.slogan)}</description>
    <language>fa</language>
    <lastBuildDate>{format_datetime(newest.astimezone(UTC), usegmt=True)}</lastBuildDate>
    <generator>Saba Enterprise Newsroom (www.nastooh.ir)</generator>
{chr(10).join(out)}
  </channel>
</rss>
"""


def render_sitemap_index(site: Site) -> str:
    items = [a for a in site.articles if "sitemap" in a.discover]
    newest = max(a.sort_key for a in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>{HOST}/sitemap-news.xml</loc>
    <lastmod>{newest.isoformat(timespec="seconds")}</lastmod>
  </sitemap>
</sitemapindex>
"""


def render_news_sitemap(site: Site) -> str:
    items = [a for a in site.articles if "sitemap" in a.discover]
    items.sort(key=lambda a: (a.sort_key, a.id), reverse=True)
    out = []
    for a in items:
        date = a.when.iso if a.when else a.sort_key.isoformat(timespec="seconds")
        out.append(
            f"""  <url>
    <loc>{HOST}{a.path}</loc>
    <news:news>
      <news:publication>
        <news:name>{xml_text(site.name)}</news:name>
        <news:language>fa</news:language>
      </news:publication>
      <news:publication_date>{date}</news:publication_date>
      <news:title>{xml_text(a.title)}</news:title>
    </news:news>
  </url>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{chr(10).join(out)}
</urlset>
"""


def render_home(site: Site) -> str:
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head>
<meta charset="utf-8" />
<title>{esc(site.name)}</title>
<meta name="generator" content="www.nastooh.ir" />
<meta property="og:type" content="website" />
<meta property="og:site_name" content="{esc(site.name)}" />
<link rel="canonical" href="{HOST}/" />
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml" />
</head>
<body class="rtl pt-home">
<header id="header"><a href="/" class="logo">{esc(site.name)}</a>{site.menu_html("menu")}</header>
<main><div class="container">
<h1>{esc(site.name)}</h1>
<p>{esc(site.slogan)}</p>
<ul class="entry-points">
<li><a href="/list/1.html">آرشیو اخبار</a></li>
<li><a href="/rss.xml">خوراک RSS</a></li>
<li><a href="/sitemap.xml">نقشه سایت</a></li>
</ul>
</div></main>
{site.footer_html()}
</body></html>
"""


ROBOTS = """User-agent: *
Allow: /
Disallow: /private/

Sitemap: http://SAMPLE_HOST/sitemap.xml
"""


# ---------------------------------------------------------------- build


def build(www: Path = WWW, manifest_path: Path = MANIFEST) -> dict:
    """Write the site into `www` and its manifest to `manifest_path`; returns the manifest."""
    site = Site(tomllib.loads(CONTENT.read_text(encoding="utf-8")))
    if www.exists():
        shutil.rmtree(www)
    (www / "news").mkdir(parents=True)
    (www / "list").mkdir()

    no_charset = []
    for art in site.articles:
        if not art.exists:
            continue
        target = www / art.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if art.broken == "empty":
            target.write_bytes(b"")
            continue
        page = RENDER[art.layout](site, art)
        if art.charset == "utf-8":
            target.write_text(page, encoding="utf-8")
        else:
            # An old page: no charset anywhere (no meta, no header); Persian yeh and digits are not in cp1256.
            page = page.replace('<meta charset="utf-8">\n', "").replace('<meta charset="utf-8" />\n', "")
            page = old_page_text(page)
            target.write_bytes(page.encode(art.charset))
            no_charset.append(art.path)

    pages = max(1, -(-len(site.listed) // PER_PAGE))
    for n in range(1, pages + 1):
        items = site.listed[(n - 1) * PER_PAGE : n * PER_PAGE]
        (www / "list" / f"{n}.html").write_text(render_listing(site, n, pages, items), encoding="utf-8")

    (www / "rss.xml").write_text(render_rss(site), encoding="utf-8")
    (www / "sitemap.xml").write_text(render_sitemap_index(site), encoding="utf-8")
    (www / "sitemap-news.xml").write_text(render_news_sitemap(site), encoding="utf-8")
    (www / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    (www / "index.html").write_text(render_home(site), encoding="utf-8")
    (www / "_charset.txt").write_text(
        "# Paths served as `Content-Type: text/html` with no charset (the bytes are windows-1256).\n"
        + "".join(p + "\n" for p in no_charset),
        encoding="utf-8",
    )

    manifest = make_manifest(site, pages, www)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def discovered(site: Site, pages: int, www: Path) -> tuple[dict[str, set[str]], dict[str, list[int]]]:
    """Where each path is linked, read back from the generated files (so the manifest cannot lie)."""
    via: dict[str, set[str]] = {}
    on_pages: dict[str, list[int]] = {}
    rss = etree.parse(str(www / "rss.xml"))
    for link in rss.findall(".//item/link"):
        path = link.text.replace(HOST, "").split("?")[0]
        via.setdefault(path, set()).add("rss")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for loc in etree.parse(str(www / "sitemap-news.xml")).findall(".//s:url/s:loc", ns):
        via.setdefault(loc.text.replace(HOST, ""), set()).add("sitemap")
    for n in range(1, pages + 1):
        doc = lxml_html.fromstring((www / "list" / f"{n}.html").read_text(encoding="utf-8"))
        for href in doc.xpath("//li[@class='news']//h3/a/@href"):
            via.setdefault(href, set()).add("listing")
            on_pages.setdefault(href, []).append(n)
    return via, on_pages


def make_manifest(site: Site, pages: int, www: Path) -> dict:
    via, on_pages = discovered(site, pages, www)
    rows = []
    for a in site.articles:
        if a.raw.get("private"):
            continue
        dup = site.by_id[a.duplicate_of].path if a.duplicate_of else None
        dated = a.when if a.broken not in ("missing", "empty", "bad_date") else None
        emitted = a.kind == "relevant" and a.broken is None
        drop = None
        if a.broken:
            drop = a.broken
        elif a.kind == "near_miss":
            drop = "not_relevant"
        rows.append(
            {
                "path": a.path,
                "file": f"www{a.path}" if a.exists else None,
                "layout": a.layout,
                "kind": a.kind,
                "relevant": a.kind == "relevant" or bool(a.raw.get("about_organization")),
                "broken": a.broken,
                "expected_emitted": emitted,
                "expected_drop_reason": drop,
                "duplicate_of_path": dup,
                "charset": a.charset if a.exists else None,
                "title": a.title if a.broken not in ("missing", "empty") else None,
                "kicker": a.kicker or None,
                "lead": a.lead or None,
                "published_at": dated.iso if dated else None,
                "published_jalali": dated.jalali_iso if dated else None,
                "published_utc": dated.utc_z if dated else None,
                "printed_date": a.printed() if a.exists and a.broken != "empty" else None,
                "machine_dates": machine_dates(a),
                "category": a.category[-1] if a.category else None,
                "category_path": a.category,
                "tags": a.tags,
                "authors": a.authors,
                "body_paragraphs": a.expected_paragraphs() if a.exists and a.broken != "empty" else [],
                "body_must_not_contain": a.must_not_contain() if a.blocks else [],
                "discovered_via": sorted(via.get(a.path, set())),
                "listing_pages": on_pages.get(a.path, []),
                "rss_link_query": a.rss_query or None,
                "source": a.raw.get("source"),
                "note": a.note or None,
            }
        )
    private = [a for a in site.articles if a.raw.get("private")]
    counts = {
        "articles": len(rows),
        "existing_files": sum(1 for r in rows if r["file"]),
        "relevant": sum(r["relevant"] for r in rows),
        "expected_emitted": sum(r["expected_emitted"] for r in rows),
        "near_miss": sum(r["kind"] == "near_miss" for r in rows),
        "broken": sum(r["broken"] is not None for r in rows),
        "duplicates": sum(r["duplicate_of_path"] is not None for r in rows),
        "by_layout": {lay: sum(r["layout"] == lay for r in rows) for lay in RENDER},
        "by_broken": {
            k: sum(r["broken"] == k for r in rows)
            for k in ("no_body", "bad_date", "not_article", "missing", "empty")
        },
        "only_rss": sum(r["discovered_via"] == ["rss"] for r in rows),
        "only_sitemap": sum(r["discovered_via"] == ["sitemap"] for r in rows),
        "only_listing": sum(r["discovered_via"] == ["listing"] for r in rows),
    }
    return {
        "site": {"name": site.name, "key": "sample", "host_placeholder": "SAMPLE_HOST"},
        "note": (
            "Generated by build.py from content.toml. title/lead/body_paragraphs are the raw page text "
            "(before newsbot's normalization): compare them after normalizing both sides."
        ),
        "discovery": {
            "home": "/",
            "robots": "/robots.txt",
            "rss": "/rss.xml",
            "sitemap_index": "/sitemap.xml",
            "news_sitemap": "/sitemap-news.xml",
            "listing_pages": [f"/list/{n}.html" for n in range(1, pages + 1)],
            "listing_next": "a.next[rel=next] and link[rel=next] in <head>; the last page has neither",
            "listing_items": "li.news div.desc h3 a",
            "no_charset_list": "/_charset.txt",
            "robots_disallowed": [
                {
                    "path": a.path,
                    "linked_from": [f"/list/{n}.html" for n in on_pages.get(a.path, [])],
                    "title": a.title,
                    "note": a.note,
                }
                for a in private
            ],
        },
        "counts": counts,
        "articles": rows,
    }


def machine_dates(a: Article) -> dict:
    """The machine-readable dates the page carries, as written in the page."""
    if not a.when or a.broken in ("missing", "empty", "bad_date"):
        return {}
    out: dict[str, str] = {}
    if a.layout == "nastooh":
        out["article:published_time"] = a.when.utc_z
        out["nastooh:publishDate"] = a.when.utc_date
        if a.jsonld:
            out["jsonld.datePublished"] = a.when.utc_z
        if a.modified:
            out["article:modified_time"] = a.modified.utc_z
    elif a.layout == "sepehr":
        out["article:published_time"] = a.when.meta_sepehr()
        if a.charset != "utf-8":
            out["article:published_time"] = old_page_text(a.when.meta_sepehr())
        if a.jsonld:
            out["jsonld.datePublished"] = a.when.iso.replace(":00+", ":01+")
        if a.modified:
            out["article:modified_time"] = a.modified.meta_sepehr()
    elif a.layout == "asam":
        out["time[datetime]"] = a.when.iso
        if a.jsonld:
            out["jsonld.datePublished"] = a.when.iso
    return out


if __name__ == "__main__":
    m = build()
    print(json.dumps(m["counts"], ensure_ascii=False, indent=1))
