"""Site definitions: each outlet's page gives the record a careful reader sees, and each definition is sound.

Pages live in tests/data/sites/: the two real captures (khabaronline, yjc 2020) and, for every other outlet, a
compact page written in its CMS family's markup (each file says what it was modeled on). The expected values
in tests/data/sites/expected.json were read off those pages by hand, not copied from the extractor.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pytest

from newsbot.extract.article import extract_article
from newsbot.sites.registry import DEFS, all_sites, get_site, load_site_file

DATA = Path(__file__).parent / "data" / "sites"
REAL = Path(__file__).parent / "data" / "real"  # the real captures, shared with test_extract_real
CASES = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


def _page(file: str) -> Path:
    return DATA / file if (DATA / file).exists() else REAL / file
QUERIES = ["تامین اجتماعی"]

# The outlets the project promises (README); optional ones may be added beside them.
REQUIRED = {"tamin", "irna", "isna", "mehr", "tasnim", "fars", "ilna", "khabaronline", "hamshahri",
            "eghtesadonline", "donya", "tabnak", "yjc", "asriran", "entekhab", "mokhatab24"}
FAMILIES = {"nastooh", "sepehr", "asam", "generic"}
INTERNAL = {"sample"}  # the bundled sample site's definition, if present, is not an outlet
PERSIAN = re.compile(r"[\u0600-\u06FF]")


def outlets() -> dict:
    return {k: s for k, s in all_sites().items() if k not in INTERNAL}


def _case_id(case: dict) -> str:
    return f"{case['site']}-{Path(case['file']).stem}"


@cache
def _extract(file: str, url: str, site: str):
    return extract_article(_page(file).read_bytes(), url, get_site(site))


@pytest.fixture(params=CASES, ids=_case_id)
def case(request):
    c = request.param
    return c, _extract(c["file"], c["url"], c["site"])


def _squash(text: str | None) -> str:
    return " ".join((text or "").replace("\xa0", " ").replace("\u200f", "").split())


def _minute(iso: str) -> str:
    """`2026-11-02T14:20:00+03:30` → `2026-11-02T14:20+03:30`: the instant to the minute, with its offset."""
    dt = datetime.fromisoformat(iso)
    off = dt.strftime("%z")  # "" when naive, which never equals an expected value
    return f"{dt:%Y-%m-%dT%H:%M}" + (f"{off[:3]}:{off[3:5]}" if off else "")


# --- every outlet's page gives the expected record ---------------------------------------------------------

def test_title(case):
    c, page = case
    assert page.title == c["title"]


def test_lead(case):
    c, page = case
    assert _squash(page.lead) == _squash(c["lead"])


def test_published_at_to_the_minute_with_offset(case):
    c, page = case
    assert page.published_at, page.date_problem
    assert _minute(page.published_at) == c["published_at"], page.date_source


def test_body_starts_with_first_sentence(case):
    c, page = case
    assert _squash(page.body).startswith(_squash(c["first"])), page.body[:300]


def test_body_keeps_its_last_sentence(case):
    c, page = case
    assert _squash(c["last"]) in _squash(page.body)


def test_tags(case):
    c, page = case
    assert page.tags == c["tags"]


def test_category(case):
    c, page = case
    assert page.category == c["category"]


def test_body_has_no_chrome(case):
    c, page = case
    body = _squash(page.body)
    for phrase in c["chrome"]:
        assert _squash(phrase) not in body, phrase
    lead = _squash(page.lead)
    if c.get("lead_is_first_paragraph"):
        # the page's own first paragraph, repeated by its meta description: in both fields, once in the body
        assert body.startswith(lead) and body.count(lead) == 1
    else:
        assert lead not in body  # the lead element is not repeated as the first paragraph


def test_layout_and_article(case):
    c, page = case
    assert page.layout == c["layout"]
    assert page.skip_reason is None


def test_every_outlet_has_a_page():
    assert {c["site"] for c in CASES} == set(outlets())


# sha256 of the real captures as listed in shared/fixtures/real/SOURCES.md
REAL_SHA256 = {
    "khabaronline_article_reformists-election-call.html":
        "00abc1d65dbf1fa8cb28e3038c5e5a64fb943175ab605d41a070e1e4f7fd056d",
    "yjc_article_yazd-police-roundup.html": "efad6fd2684ec0e1332020ca6b1dcafb0bb15603ab9860293faa41d0470f92d6",
}


def test_real_pages_are_byte_copies_of_the_captures():
    real = {c["file"] for c in CASES if c["real"]}
    assert real == set(REAL_SHA256)
    for file, digest in REAL_SHA256.items():
        assert hashlib.sha256(_page(file).read_bytes()).hexdigest() == digest, file


def _without_machine_dates(html: str) -> str:
    html = re.sub(r"<script[^>]*application/ld\+json.*?</script>", "", html, flags=re.S)
    return re.sub(r"<meta[^>]*(published_time|datePublished|publishDate)[^>]*>", "", html)


@pytest.mark.parametrize("c", [c for c in CASES if get_site(c["site"]).selectors.get("date")], ids=_case_id)
def test_visible_date_gives_the_same_instant(c):
    """With JSON-LD and meta dates taken out, the site's visible-date selectors find the same minute."""
    html = _without_machine_dates(_page(c["file"]).read_text(encoding="utf-8"))
    page = extract_article(html, c["url"], get_site(c["site"]))
    assert page.date_source and page.date_source.startswith("visible:"), (page.date_source, page.date_problem)
    assert _minute(page.published_at) == c["published_at"]


# --- versioned layouts: old captured pages keep parsing -----------------------------------------------------

def test_yjc_layout_is_chosen_by_marker_not_by_default():
    assert [lay.name for lay in get_site("yjc").layouts] == ["2023"]
    by_file = {c["file"]: c for c in CASES}
    old = by_file["yjc_article_yazd-police-roundup.html"]
    page = _extract(old["file"], old["url"], "yjc")
    assert page.layout is None and page.sources["body"] == "div.body"
    new = by_file["yjc_2023.html"]
    page = _extract(new["file"], new["url"], "yjc")
    assert page.layout == "2023" and page.sources["body"] == ".baznashr-body"


# --- the definitions themselves -----------------------------------------------------------------------------

DEF_FILES = sorted(p for p in DEFS.glob("*.toml") if p.stem not in INTERNAL)


def test_required_outlets_are_defined():
    assert REQUIRED <= set(outlets())
    assert len(outlets()) >= 16


@pytest.mark.parametrize("path", DEF_FILES, ids=lambda p: p.stem)
def test_definition_loads_and_is_complete(path):
    site = load_site_file(path)
    assert site.key == path.stem
    assert PERSIAN.search(site.name), "name is the outlet's Persian name"
    assert site.family in FAMILIES
    assert site.domains and all(d == d.lower() and "/" not in d for d in site.domains)
    assert site.scheme in ("http", "https")
    assert site.verified_note.strip()
    for pattern in site.article_url + site.skip_url + site.drop_lines:
        re.compile(pattern)


@pytest.mark.parametrize("path", DEF_FILES, ids=lambda p: p.stem)
def test_generic_ok_definitions_carry_no_selectors(path):
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    if raw.get("generic_ok"):
        assert "selectors" not in raw, "generic_ok: the generic path does as well; keep the definition small"


def test_keys_are_unique():
    keys = [load_site_file(p).key for p in DEFS.glob("*.toml")]
    assert len(keys) == len(set(keys))
    assert set(all_sites()) == set(keys)


def test_verified_only_where_a_real_page_was_seen():
    real = {c["site"] for c in CASES if c["real"]}
    for key, site in outlets().items():
        assert site.verified == (key in real), key
        for layout in site.layouts:
            assert not layout.verified or key in real, (key, layout.name)


@pytest.mark.parametrize("key", sorted(REQUIRED | {"ecoiran", "tejaratnews"}))
def test_every_outlet_has_a_discovery_entry_point(key):
    if key not in outlets():
        pytest.skip(f"{key} is optional")
    points = get_site(key).start_urls(QUERIES)
    assert points
    for _, url in points:
        assert url.startswith(("http://", "https://")) and "{" not in url, url


def test_query_placeholders_expand():
    points = dict((url, kind) for kind, url in get_site("khabaronline").start_urls(["تامین اجتماعی"]))
    assert points["https://www.khabaronline.ir/tag/تامین+اجتماعی?pi=1"] == "listing"
    assert points["https://www.khabaronline.ir/tag/تامین+اجتماعی?pi=2"] == "listing"
    assert points["https://www.khabaronline.ir/rss?kw=تامین اجتماعی"] == "feed"
    donya = get_site("donya").start_urls(QUERIES)
    assert ("listing", "https://donya-e-eqtesad.com/tags/تامین_اجتماعی") in donya
    two = get_site("hamshahri").start_urls(["تامین اجتماعی", "بیمه"])
    assert [u for k, u in two if "kw=" in u] == ["https://www.hamshahrionline.ir/rss?kw=تامین اجتماعی",
                                                "https://www.hamshahrionline.ir/rss?kw=بیمه"]


# --- article URL patterns: SITES.md's examples are articles; listings and feeds are not ---------------------

def _enc(url: str) -> str:
    """The percent-encoded form a crawler sees after Scrapy has made the URL safe."""
    return quote(url, safe=":/?&=%+-_.~,")


URL_EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "tamin": (["https://tamin.ir/news/item/197716/", "https://www.tamin.ir/News/Item/6506/2/6506.html",
               "https://www.tamin.ir/news/1673.html"],
              ["https://tamin.ir/circularsapi/item/1234", "https://news.tamin.ir/rss", "https://www.tamin.ir/news/"]),
    "irna": (["https://www.irna.ir/news/85912345/افزایش-مستمری-بازنشستگان", "https://www.irna.ir/news/85912345"],
             ["https://www.irna.ir/service/economy/stockmarket", "https://www.irna.ir/archive?pi=1&tp=41&ty=1&ms=0",
              "https://www.irna.ir/photo/85912346/گزارش-تصویری", "https://www.irna.ir/tag/تامین+اجتماعی"]),
    "isna": (["https://www.isna.ir/news/1404072918478/بدهی-دولت", "https://www.isna.ir/news/1404072918478"],
             ["https://www.isna.ir/page/archive.xhtml?mn=7&wide=0&dy=29&ms=0&pi=1&yr=1404",
              "https://www.isna.ir/archive?pi=1&ms=0&dy=&mn=&yr=", "https://www.isna.ir/rss/service/economy"]),
    "mehr": (["https://www.mehrnews.com/news/6983317/%D8%A2%D8%B3%D9%81%D8%A7%D9%84%D8%AA"],
             ["https://www.mehrnews.com/photo/6983314/%D8%B1%D9%82%D8%A7%D8%A8%D8%AA",
              "https://www.mehrnews.com/archive?pi=1&tp=6&ms=0&dy=&mn=&yr=", "https://www.mehrnews.com/rss/tp/6"]),
    "tasnim": (["https://www.tasnimnews.com/fa/news/1403/11/10/3245678/بیمه-بازنشستگان",
                "https://www.tasnimnews.ir/fa/news/1403/1/5/3012345/x"],
               ["https://www.tasnimnews.ir/fa/archive?service=-1&sub=-1&date=1403%2F11%2F10&page=2",
                "https://www.tasnimnews.com/fa/service/7/اقتصادی?page=2",
                "https://www.tasnimnews.com/fa/media/1403/11/10/3245679/گزارش-تصویری",
                "https://www.tasnimnews.com/fa/rss/feed/0/7/7/اقتصادی"]),
    "fars": (["https://farsnews.ir/amiripour/1758452124054190271",
              "https://www.farsnews.ir/news/14020715000123/بیمه-تامین-اجتماعی"],
             ["https://farsnews.ir/social/posts", "https://farsnews.ir/Economy/posts", "https://farsnews.ir/showcase",
              "https://cdn.farsnews.ir/guest/3f2a9c/1758452124054190271?width=600"]),
    "ilna": (["https://www.ilna.ir/بخش-کارگری-9/1132557", "https://www.ilna.news/بخش-استان-ها-15/1842299-بیمه-کارگران"],
             ["https://www.ilna.ir/بخش-کارگری-9",
              "https://www.ilna.ir/newsstudios/archive/?curp=1&categories=7&order=order_time&page=2&curps=1",
              "https://www.ilna.ir/fa/feeds/", "https://www.ilna.ir/rss", "https://www.ilna.ir/tags/تامین_اجتماعی"]),
    "khabaronline": (["https://www.khabaronline.ir/news/1353889/تحلیل-روزنامه-اصولگرا",
                      "https://www.khabaronline.ir/news/2290539/%D8%B1%D8%A6%DB%8C%D8%B3"],
                     ["https://www.khabaronline.ir/service/Politics/election", "https://www.khabaronline.ir/archive?tp=2",
                      "https://www.khabaronline.ir/tag/تامین+اجتماعی?pi=2", "https://www.khabaronline.ir/rss/tp/2"]),
    "hamshahri": (["https://www.hamshahrionline.ir/news/1078294/%DA%A9%D8%A7%D8%B1%D9%86%D8%A7%D9%85%D9%87"],
                  ["https://www.hamshahrionline.ir/service/Economy/commercial",
                   "https://www.hamshahrionline.ir/rss?kw=تامین اجتماعی", "https://www.hamshahrionline.ir/rss/tp/10"]),
    "eghtesadonline": (["https://www.eghtesadonline.com/بخش-عمومی-30/553013-بیمه", "https://www.eghtesadonline.com/fa/news/1412345"],
                       ["https://www.eghtesadonline.com/feeds/", "https://www.eghtesadonline.com/fa/updates/allnews",
                        "https://www.eghtesadonline.com/newsstudios/archive/?curp=1&categories=30&page=2"]),
    "donya": (["https://donya-e-eqtesad.com/بخش-خبر-64/941635-بیمه-بیکاری"],
              ["https://donya-e-eqtesad.com/feeds/", "https://donya-e-eqtesad.com/tags/قیمت_دلار",
               "https://donya-e-eqtesad.com/بخش-خبر-64"]),
    "tabnak": (["https://www.tabnak.ir/fa/news/1399497/راهی-ساده-برای-استفاده-از-حداکثر-سرعت-اینترنت"],
               ["https://www.tabnak.ir/fa/rss/allnews", "https://www.tabnak.ir/fa-sitemap-news",
                "https://www.tabnak.ir/fa/archive?service_id=-1&sec_id=-1&cat_id=-1&rpp=100&p=2"]),
    "yjc": (["https://www.yjc.ir/fa/news/7349926/از-کشف-۷۲-دستگاه-موتور-قاچاق", "http://www.yjc.ir/fa/news/7349926"],
            ["https://www.yjc.news/fa/archive?service_id=-1&sec_id=-1&cat_id=-1&rpp=10&from_date=1390/01/01&to_date=&p=2",
             "https://www.yjc.ir/fa/tags/3782/1/قاچاق-کالا", "https://www.yjc.ir/fa/rss/allnews",
             "https://www.yjc.ir/fa/print/7349926", "https://www.yjc.ir/fa/amp/news/7349926"]),
    "asriran": (["https://www.asriran.com/fa/news/1200218/طلای-امیرمحمد-حقیقت-شناس"],
                ["https://www.asriran.com/fa/rss/1/4", "https://www.asriran.com/fa/rss/allnews",
                 "https://www.asriran.com/fa/archive?service_id=-1&sec_id=-1&cat_id=-1&rpp=100&p=1"]),
    "entekhab": (["https://www.entekhab.ir/fa/news/944313/رنجبر-نماینده-مجلس"],
                 ["https://www.entekhab.ir/fa/rss/5", "https://www.entekhab.ir/fa-sitemap-news"]),
    "mokhatab24": (["http://mokhatab24.ir/fa/news/301245/دفاتر-پیشخوان"],
                   ["http://www.mokhatab24.ir/fa/rss/allnews", "http://www.mokhatab24.ir/fa/archive?p=2"]),
    "ecoiran": (["https://ecoiran.com/بخش-بانک-152/150178"],
                ["https://ecoiran.com/بخش-اقتصاد-کلان-186", "https://ecoiran.com/fa/feeds/?p=Y2F0ZWdvcmllcz03OQ%2C%2C"]),
    "tejaratnews": (["https://tejaratnews.com/تورم-ماهانه-در-آبان"],
                    ["https://tejaratnews.com/category/بیمه?all=true", "https://tejaratnews.com/rss",
                     "https://tejaratnews.com/feed/"]),
}


def test_every_outlet_has_url_examples():
    assert set(URL_EXAMPLES) == set(outlets())


@pytest.mark.parametrize("key", sorted(URL_EXAMPLES))
def test_article_url_patterns(key):
    site = get_site(key)
    articles, others = URL_EXAMPLES[key]
    for url in articles:
        assert site.is_article_url(url), url
        assert site.is_article_url(_enc(url)), _enc(url)
    for url in others:
        assert not site.is_article_url(url), url
        assert not site.is_article_url(_enc(url)), _enc(url)


@pytest.mark.parametrize("key", sorted(URL_EXAMPLES))
def test_discovery_urls_are_not_articles(key):
    site = get_site(key)
    for _, url in site.start_urls(QUERIES):
        assert not site.is_article_url(url), url
