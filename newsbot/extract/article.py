"""HTML → article fields: site selectors first, then JSON-LD / OpenGraph / meta, then trafilatura.

The generic path (no site definition, or a definition of the "generic" family) is measured like a
definition: a page whose CMS family is recognised by its fingerprint gets that family's selectors; any
other page gets the common CMS classes of the generic family (`itemprop=articleBody`, `.entry-content`, …);
JSON-LD `articleBody` comes next, and trafilatura only when nothing else holds.

What is never body, whatever the path: the end marker («انتهای پیام/» in every spelling: markers and
teaser lines are compared on a folded form), the kicker, headline and lead when they sit inside the text
region, «بیشتر بخوانید» teasers and related-news runs, share bars, short links, editor codes.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from parsel import Selector

from newsbot.extract.canonical import article_id, clean_url
from newsbot.extract.charset import decode_html
from newsbot.extract.html_text import clean_inline, element_to_paragraphs
from newsbot.extract.html_text import text_key as key
from newsbot.extract.meta import read_meta
from newsbot.extract.selectors import select
from newsbot.extract.titles import first_name, host_name, name_variants, strip_outlet_name
from newsbot.sites.model import SiteDef
from newsbot.sites.registry import DETECTABLE_FAMILIES, family_rules, generic_site
from newsbot.text.dates import MONTH_NAMES, iso, jalali_date_str, parse_machine_date, pick_visible_date, plausible
from newsbot.text.fold import fold_chars as fold

MIN_BODY_CHARS = 120  # shorter than this is a caption or a teaser, not an article body
ZWNJ = "\u200c"
ZWNJ_STANDIN = "\u01c2"  # trafilatura deletes U+200C; this letter survives and is swapped back
GENERIC_DATE_CSS = "time, [class*=date], [class*=Date], [class*=time], [class*=Time], [id*=date], [data-date]"

# On every Persian news page, whatever its CMS (compared on the folded form, newsbot.text.fold).
END_MARKERS = ["انتهای پیام"]
DROP_LINES = [
    r"^بیشتر بخوانید",
    r"^بخوانید ?:",
    r"^بیشتر ?:",
    r"^(اخبار|مطالب|خبرهای|خبر های) (مرتبط|پیشنهادی|مشابه) ?:",
    r"^اشتراک ?گذاری",
    r"^اشتراک در ",
    r"^(لینک|آدرس|نشانی) کوتاه",
    r"^کد خبر ?:? ?[0-9۰-۹]*$",
    r"^[0-9۰-۹]+$",  # an editor's code
    r"^این خبر (بروز|به روز) ?رسانی می ?شود",
]
# a label that introduces teaser links: it goes, and so do the link texts right after it
TEASER_LABEL = re.compile(
    fold(
        r"^(بیشتر بخوانید|بخوانید|بیشتر|پیشنهاد ویژه|پیشنهاد سردبیر|(اخبار|مطالب|خبرهای|خبر های|گزارش های) "
        r"(مرتبط|پیشنهادی|مشابه|برگزیده)|پربیننده ?ترین ?ها|پربازدیدترین ?ها|پربازدید ترین ?ها|آخرین اخبار|"
        r"برچسب ?ها|تگ ?ها)\s*:?$"
    )
)
_MONTHS = "|".join(sorted({re.escape(fold(m)) for m in MONTH_NAMES}, key=len, reverse=True))
# matched on folded text (digits ASCII, «آبان» as «ابان»), so the pattern is folded too
DATE_LINE = re.compile(
    rf"(\d{{1,4}} ?({_MONTHS}) ?\d{{2,4}}|\d{{2,4}}/\d{{1,2}}/\d{{1,4}}|\d{{1,2}}:\d{{2}})", re.IGNORECASE
)


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
    source_name: str | None = None  # the outlet: the definition's name, else og:site_name, publisher, host
    kicker: str | None = None  # the line above the headline (روتیتر); never part of the record's text
    layout: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field → where it came from (selector, json-ld, …)
    skip_reason: str | None = None
    date_problem: str | None = None
    dropped_fields: list[str] = field(default_factory=list)  # values read but not kept, for the crawl's stats


def _as_selector(page: str | bytes | Selector, url: str) -> Selector:
    if isinstance(page, Selector):
        return page
    if isinstance(page, bytes):
        page = decode_html(page)
    return Selector(text=page or "<html></html>", base_url=url)


def _query(sel: Selector | etree._Element, query: str) -> list:
    """Elements (or strings, for «::text» and «::attr») a query selects on the page's one tree."""
    return select(sel.root if isinstance(sel, Selector) else sel, query)


def _node_text(node: etree._Element | str) -> str:
    """One line of text from an element (all its descendants) or from an attribute or text selection."""
    return clean_inline(" ".join(node.itertext()) if isinstance(node, etree._Element) else str(node))


def _first(sel: Selector, queries: list[str]) -> tuple[str | None, str | None, etree._Element | None]:
    """Text of the first selector that matches something non-empty, which selector it was, and the element."""
    for q in queries:
        for node in _query(sel, q):
            text = _node_text(node)
            if text:
                return text, q, node if isinstance(node, etree._Element) else None
    return None, None, None


def _first_text(sel: Selector, queries: list[str]) -> tuple[str | None, str | None]:
    text, q, _ = _first(sel, queries)
    return text, q


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


def _merge(*lists: list[str] | None) -> list[str]:
    out: list[str] = []
    for items in lists:
        out += [x for x in items or [] if x not in out]
    return out


@dataclass
class Rules:
    """The selectors and chrome-removal rules in force for one page."""

    layout: str | None
    selectors: dict[str, list[str]]
    drop: list[str]
    drop_after: list[str]
    drop_line_re: list[re.Pattern[str]]
    family: str | None = None  # the CMS family recognised by its fingerprint on a generic page
    generic: bool = False  # no definition's field selectors: the generic path's order and fallbacks apply

    def __post_init__(self) -> None:
        # markers and teaser lines match however the page spells them («انتهاي پيام» with Arabic yeh)
        self.end_markers = _merge([fold(m) for m in self.drop_after], [fold(m) for m in END_MARKERS])
        patterns = [r.pattern for r in self.drop_line_re] + DROP_LINES
        self.line_res = [re.compile(fold(p)) for p in dict.fromkeys(patterns)]


NO_RULES = Rules(None, {}, [], [], [])


def detect_family(sel: Selector) -> str | None:
    """The CMS family whose fingerprint is on the page (Nastooh's generator tag, Asam's #echo_detail, …)."""
    for name in DETECTABLE_FAMILIES:
        fingerprint = family_rules(name).fingerprint
        if fingerprint and _query(sel, fingerprint):
            return name
    return None


def choose_layout(sel: Selector, site: SiteDef | None) -> Rules:
    """The newest layout whose marker is on the page, else the site's base rules.

    A site of the generic family (and the generic path itself) takes the rules of the CMS family the page
    is built with when its fingerprint shows, after the site's own selectors and before the common ones.
    """
    if site is None:
        site = generic_site()
    for layout in reversed(site.layouts):
        if layout.when and _query(sel, layout.when):
            return Rules(
                layout.name,
                layout.selectors,
                layout.drop,
                layout.drop_after,
                [re.compile(p) for p in layout.drop_lines],
            )
    if site.family != "generic":
        return Rules(None, site.selectors, site.drop, site.drop_after, site.drop_line_re)
    family = detect_family(sel)
    if family is None:
        return Rules(None, site.selectors, site.drop, site.drop_after, site.drop_line_re, generic=True)
    fam = family_rules(family)
    fields = set(site.selectors) | set(fam.selectors)
    selectors = {f: _merge(site.own_selectors.get(f), fam.selectors.get(f), site.selectors.get(f)) for f in fields}
    return Rules(
        None,
        selectors,
        _merge(fam.drop, site.drop),
        _merge(fam.drop_after, site.drop_after),
        [re.compile(p) for p in _merge(fam.drop_lines, site.drop_lines)],
        family=family,
        generic=True,
    )


def _path_from(ancestor: etree._Element, node: etree._Element) -> list[int] | None:
    """Child indices leading from `ancestor` down to `node`, or None when `node` is not inside it."""
    path: list[int] = []
    while node is not ancestor:
        parent = node.getparent()
        if parent is None:
            return None
        path.append(parent.index(node))
        node = parent
    return path[::-1]


def _region_paragraphs(region: etree._Element, rules: Rules, inside: list[etree._Element]) -> list[str]:
    """Paragraphs of a copy of the text region without the site's chrome and without `inside` (the kicker,
    headline and lead elements when the page put them inside the region)."""
    paths = [p for p in (_path_from(region, n) for n in inside if n is not None and n is not region) if p]
    node = deepcopy(region)
    targets = []
    for path in paths:
        el = node
        for i in path:
            el = el[i]
        targets.append(el)
    for el in targets:
        _remove_keep_tail(el)
    for q in rules.drop:
        for hit in _query(node, q):
            if isinstance(hit, etree._Element) and hit.getparent() is not None:
                _remove_keep_tail(hit)
    return element_to_paragraphs(node)


def _remove_keep_tail(el: etree._Element) -> None:
    """Remove an element, keeping the text that followed it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _body_from_selectors(
    sel: Selector, rules: Rules, inside: list[etree._Element], link_texts: set[str]
) -> tuple[list[str], str | None]:
    for q in rules.selectors.get("body", []):
        nodes = [n for n in _query(sel, q) if isinstance(n, etree._Element)]
        # an element matched inside another match is read once, with its ancestor
        nodes = [n for n in nodes if not any(a in nodes for a in n.iterancestors())]
        if not nodes:
            continue
        paragraphs: list[str] = []
        for node in nodes:
            paragraphs += _region_paragraphs(node, rules, inside)
        paragraphs = clean_paragraphs(paragraphs, rules, link_texts)
        if sum(len(p) for p in paragraphs) >= MIN_BODY_CHARS:
            return paragraphs, q
    return [], None


def clean_paragraphs(paragraphs: list[str], rules: Rules, link_texts: set[str] | None = None) -> list[str]:
    """Drop teaser lines, share bars and codes, and everything after an end marker («انتهای پیام»)."""
    out: list[str] = []
    teaser_run = False
    for p in paragraphs:
        folded = fold(p)
        cut = [i for i in (folded.find(m) for m in rules.end_markers) if i >= 0]
        if cut:
            head = p[: min(cut)].strip(" /-–")
            if head:
                out.append(head)
            break
        squashed = key(p)
        if TEASER_LABEL.match(squashed):
            teaser_run = True
            continue
        if teaser_run and link_texts is not None and squashed.strip("-•* ") in link_texts:
            continue  # a teaser's headline right after its label
        teaser_run = False
        if any(r.search(squashed) for r in rules.line_res):
            continue
        if link_texts is not None and len(squashed) <= 150 and squashed.strip("-•* ") in link_texts:
            continue  # a line that is nothing but a link is a teaser or an ad, not the article's prose
        if out and out[-1] == p:
            continue
        out.append(p)
    return out


def _trafilatura_body(root: etree._Element) -> list[str]:
    """trafilatura's main text of the page's tree (a copy: trafilatura prunes the tree it is given)."""
    import trafilatura

    node = deepcopy(root)
    standin = not any(ZWNJ_STANDIN in t for el in node.iter() for t in (el.text, el.tail) if t)
    if standin:
        for el in node.iter():
            if el.text and ZWNJ in el.text:
                el.text = el.text.replace(ZWNJ, ZWNJ_STANDIN)
            if el.tail and ZWNJ in el.tail:
                el.tail = el.tail.replace(ZWNJ, ZWNJ_STANDIN)
    text = trafilatura.extract(node, include_comments=False, include_tables=False, favor_precision=True) or ""
    if standin:
        text = text.replace(ZWNJ_STANDIN, ZWNJ)
    return [p.strip() for p in text.split("\n") if p.strip()]


def _ld_body(text: str) -> list[str]:
    """JSON-LD articleBody as paragraphs: HTML in it is read as HTML, else its lines are the paragraphs."""
    if re.search(r"<(p|br|div)\b", text, re.I):
        from lxml import html as lxml_html

        try:
            return element_to_paragraphs(lxml_html.fragment_fromstring(text, create_parent="div"))
        except (etree.ParserError, ValueError):
            pass
    return [clean_inline(line) for line in text.split("\n") if clean_inline(line)]


def _is_header_line(p: str, keys: set[str], category: str | None) -> bool:
    """A line of the page's header that a text region can hold: kicker, headline, date, category, and the
    short items of a details list (trafilatura writes <li> as «- …»)."""
    k = key(p)
    if k.startswith("- ") and len(k.split()) <= 5:
        return True
    k = k.strip("-•* ")
    if not k:
        return True
    if k in keys or (category and k == key(category)):
        return True
    return len(k) <= 60 and bool(DATE_LINE.search(k)) and len(k.split()) <= 9


def _strip_header(
    paragraphs: list[str], title: str | None, kicker: str | None, lead: str | None, category: str | None
) -> list[str]:
    """The region's text without the page header it opens with (kicker, headline, date, category, and the
    lead when the lead is a separate element on the page: pass `lead` only then)."""
    keys = {key(x) for x in (title, kicker) if x}
    title_key = key(title)
    if title_key:
        # the headline among the first lines: what comes before it is header (kicker, breadcrumb, date)
        for i, p in enumerate(paragraphs[:8]):
            if key(p) == title_key and all(len(q) < 200 for q in paragraphs[:i]):
                paragraphs = paragraphs[i + 1 :]
                break
    while paragraphs and _is_header_line(paragraphs[0], keys, category):
        paragraphs = paragraphs[1:]
    if lead and paragraphs and key(paragraphs[0]) == key(lead):
        paragraphs = paragraphs[1:]  # the lead element, read with the region: once, and only once
        while paragraphs and _is_header_line(paragraphs[0], keys, category):
            paragraphs = paragraphs[1:]
    return paragraphs


def _element_with_text(sel: Selector, text: str) -> etree._Element | None:
    """The largest element whose whole text is `text` (found by its opening words): the paragraph, not the
    <strong> inside it."""
    root = sel.root
    if not isinstance(root, etree._Element) or len(text) < 8:
        return None
    want = key(text)
    prefix = clean_inline(text)[:24]
    for hit in root.xpath("//body//text()[contains(., $s)]", s=prefix):
        el, found = hit.getparent(), None
        for _ in range(6):
            if el is None or el.tag in ("body", "html"):
                break
            if key(" ".join(el.itertext())) == want:
                found = el
            elif found is not None:
                break
            el = el.getparent()
        if found is not None:
            return found
    return None


def _lead_stands_apart(sel: Selector, lead: str, following: str | None) -> bool:
    """The lead's text is an element of its own, outside the container of the paragraphs that follow it.

    When the lead comes from a meta description and the extracted text opens with the same words, this
    tells the page's lead element (read with the region) from an article whose first paragraph the
    description repeats (kept: the lead and the first paragraph are then the same text, in both fields).
    """
    lead_el = _element_with_text(sel, lead)
    if lead_el is None:
        return False
    next_el = _element_with_text(sel, following) if following else None
    if next_el is None:
        return False
    return lead_el.getparent() is not next_el.getparent()


def _date_texts(sel: Selector, queries: list[str]) -> list[tuple[str, str]]:
    """Every text the date selectors find, in order, each with the selector that found it."""
    found: list[tuple[str, str]] = []
    for q in queries:
        for node in _query(sel, q):
            text = _node_text(node)
            if text and len(text) <= 120 and all(text != t for t, _ in found):
                found.append((text, q))
    return found


def _in_page_header(node: etree._Element) -> bool:
    """A date in the site's header or «today» box is when the page was served, not when the article ran."""
    for el in (node, *node.iterancestors()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("header", "nav"):
            return True
        marks = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if "today" in marks or "header" in marks or "top-bar" in marks or "topbar" in marks:
            return True
    return False


def _pick_date(
    sel: Selector, meta: dict, queries: list[str], now: datetime | None, strict: bool = True
) -> tuple[datetime | None, str | None, str | None]:
    """Machine-readable first, the visible date second; an implausible date is reported, not used.

    `strict`: the date selectors are a definition's, so when they find nothing nothing is guessed.
    The page's own date (its header, an «امروز: …» label) is never taken for the article's.
    """
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
    candidates = _date_texts(sel, queries)
    header: list[str] = []
    if not candidates and queries and strict:  # guessing here would hide a layout change
        return None, None, problem or "no date on the page"
    if not candidates:
        # no selector for the date: the small elements whose class says they hold one, header dates apart
        for node in _query(sel, GENERIC_DATE_CSS)[:30]:
            text = _node_text(node) if isinstance(node, etree._Element) else ""
            if not 6 <= len(text) <= 80:
                continue
            if _in_page_header(node):
                header.append(text)
            elif all(text != t for t, _ in candidates):
                candidates.append((text, "generic"))
    picked = pick_visible_date([t for t, _ in candidates], header)
    if picked is None:
        shown = candidates[0][0] if candidates else None
        return None, None, problem or (f"unparseable visible date {shown[:40]!r}" if shown else "no date on the page")
    if picked.from_header:
        return None, None, problem or f"only the page's own date {picked.text[:40]!r}, none beside the article"
    if not plausible(picked.dt, now=now):
        return None, None, f"implausible visible date {picked.dt.isoformat()}"
    return picked.dt, f"visible:{candidates[picked.index][1]}", None


def _source_name(site: SiteDef | None, meta: dict, url: str) -> str | None:
    if site is not None and site.name:
        return site.name
    for value in (meta["og_site_name"], meta["ld_publisher"], meta["application_name"]):
        name = first_name(value)
        if name:
            return name
    return host_name(url)


def _section_last(value: object) -> str | None:
    """«سیاست > انتخابات» → «انتخابات»: the most specific part, as a breadcrumb's last item."""
    if isinstance(value, list):
        value = next((v for v in reversed(value) if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str) or not value.strip():
        return None
    parts = [p for p in re.split(r"\s*[>»›]\s*", clean_inline(value)) if p]
    return parts[-1] if parts else None


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
    if rules.family:
        out.sources["family"] = rules.family
    out.source_name = _source_name(site, meta, url)
    names = [site.name if site else None, meta["og_site_name"], meta["ld_publisher"], meta["application_name"]]
    names.append(out.source_name)
    outlet_keys = name_variants(names)

    title, q, title_node = _first(sel, selectors.get("title", []))
    if title:
        out.sources["title"] = q or ""
    else:
        h1 = [t for t in (_node_text(n) for n in _query(sel, "body h1")) if t]
        candidates = {**{s: meta[s] for s in ("ld_headline", "og_title")}, "h1": h1[0] if len(h1) == 1 else None}
        candidates["html_title"] = meta["html_title"]
        for source, value in candidates.items():
            if isinstance(value, str) and value.strip():
                title = clean_inline(value)
                out.sources["title"] = source
                break
    out.title = strip_outlet_name(title, names, url) if title else None

    kicker, _, kicker_node = _first(sel, selectors.get("kicker", []))
    out.kicker = kicker if kicker and key(kicker) != key(out.title) else None

    lead, q, lead_node = _first(sel, selectors.get("lead", []))
    if lead and key(lead) in {key(out.title), key(out.kicker)}:
        lead, q, lead_node = None, None, None  # a lead selector that found the headline or the kicker
    if lead:
        out.sources["lead"] = q or ""
    elif isinstance(meta["ld_description"] or meta["og_description"], str):
        lead = clean_inline(meta["ld_description"] or meta["og_description"])
        out.sources["lead"] = "meta-description"
    out.lead = lead or None

    cats, _ = _all_texts(sel, selectors.get("category", []))
    cats = [c for c in cats if key(c) != key(out.title)]
    section = meta["ld_section"] or meta["section"]
    out.category = cats[-1] if cats else _section_last(section)

    links = PageLinks.of(sel.root)
    link_texts = links.keys
    inside = [n for n in (title_node, kicker_node, lead_node) if n is not None]
    paragraphs, q = _body_from_selectors(sel, rules, inside, link_texts)
    lead_element = out.lead if lead_node is not None else None
    if paragraphs:
        out.sources["body"] = q or ""
        # the lead element was taken out of the region; a first paragraph that repeats its text is the body's
        paragraphs = _strip_header(paragraphs, out.title, out.kicker, None, None)
    else:
        ld_body = meta["ld_body"]
        if ld_body and len(ld_body) >= MIN_BODY_CHARS:
            paragraphs = clean_paragraphs(_ld_body(ld_body), rules, link_texts)
            out.sources["body"] = "json-ld"
        if sum(len(p) for p in paragraphs) < MIN_BODY_CHARS:
            found = _trafilatura_body(sel.root) if isinstance(sel.root, etree._Element) else []
            paragraphs = clean_paragraphs(found, rules, link_texts)
            out.sources["body"] = "trafilatura"
        # the region may open with the page's header: kicker, headline, date, category, the lead element
        paragraphs = _strip_header(paragraphs, out.title, out.kicker, lead_element, out.category)
        if (
            lead_element is None
            and out.lead
            and len(paragraphs) > 1
            and key(paragraphs[0]) == key(out.lead)
            and _lead_stands_apart(sel, out.lead, paragraphs[1])
        ):
            paragraphs = paragraphs[1:]
    out.body = "\n\n".join(paragraphs)

    strict = not rules.generic or bool(site and site.own_selectors.get("date"))
    dt, source, problem = _pick_date(sel, meta, selectors.get("date", []), now, strict=strict)
    if dt is not None:
        out.published_at, out.published_jalali, out.date_source = iso(dt), jalali_date_str(dt), source
    out.date_problem = problem
    mod_text = meta["ld_modified"] or meta["modified_time"]
    mod = parse_machine_date(mod_text) if isinstance(mod_text, str) and mod_text else None
    if mod is not None and dt is not None and mod < dt:
        out.dropped_fields.append("modified_at")  # an edit cannot precede publication: the page's clock is wrong
        mod = None
    out.modified_at = iso(mod) if mod else None

    authors, _ = _all_texts(sel, selectors.get("authors", []))
    if not authors:
        authors = [a for a in meta["ld_authors"] if a and len(a) < 60]
    out.authors = [a for a in authors if key(a) not in outlet_keys]  # the outlet is not an author

    meta_tags = meta["tags"] or meta["ld_keywords"] or meta["keywords"]  # each already split on «،» «,» «;»
    if rules.generic and not rules.family:
        # no CMS known: the page's own keyword list first, then the common tag-link classes
        tags = meta_tags or _all_texts(sel, selectors.get("tags", []))[0]
    else:
        tags = _all_texts(sel, selectors.get("tags", []))[0] or meta_tags
    out.tags = tags

    out.skip_reason = not_article_reason(sel, meta, out, site, url, rules, links)
    return out


@dataclass(frozen=True)
class PageLinks:
    """The page's links, read in one pass over its <a> elements (not one query per link)."""

    count: int  # <a href> elements
    texts: frozenset[str]  # each link's text on one line
    keys: frozenset[str]  # the same, as comparison keys (folded)

    @classmethod
    def of(cls, root: etree._Element | None) -> PageLinks:
        count, texts = 0, set()
        for a in root.iter("a") if root is not None else ():
            count += a.get("href") is not None
            texts.add(" ".join(a.itertext()))
        lines = frozenset(clean_inline(t) for t in texts)
        return cls(count, lines, frozenset(key(t) for t in texts) - {""})


def _mostly_links(links: PageLinks, body: str) -> bool:
    """A listing's 'text' is its headlines: most paragraphs are the text of a link on the page."""
    paragraphs = [p.strip(" -•*") for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) < 3:
        return False
    linked = sum(1 for p in paragraphs if p in links.texts)
    return linked / len(paragraphs) > 0.5


def not_article_reason(
    sel: Selector,
    meta: dict,
    out: Extracted,
    site: SiteDef | None,
    url: str,
    rules: Rules | None = None,
    links: PageLinks | None = None,
) -> str | None:
    """Why this page is not an article (gallery, listing, error page), or None when it is one."""
    links = links or PageLinks.of(sel.root)
    if site is not None and site.article_re and not site.is_article_url(url):
        return "url_not_article"
    og_type = (meta["og_type"] or "").lower()
    if og_type in {"gallery", "video", "video.other", "image"}:
        return "gallery"
    text_len = len(out.body)
    guessed_region = out.sources.get("body") in ("trafilatura", "json-ld")
    common_classes = rules is not None and rules.generic and not rules.family and not guessed_region
    if guessed_region or common_classes:
        if not out.published_at and og_type not in {"article", ""}:
            return "listing"  # no article template matched, no date, and the page calls itself a website
    if guessed_region:
        if _mostly_links(links, out.body) or len(set(_query(sel, "time::attr(datetime)"))) >= 3:
            return "listing"  # headlines as text, or one timestamp per teaser
    if text_len < MIN_BODY_CHARS:
        images = len(_query(sel, "img"))
        if images >= 5:
            return "gallery"
        if not out.title:
            return "error_page"
        if links.count > 40:
            return "listing"
    return None
