"""The bundled sample site agrees with itself and with its manifest (no server, no crawl: files only)."""

from __future__ import annotations

import difflib
import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from lxml import etree
from parsel import Selector

from sample_site import build as site_build

WWW = site_build.WWW
MANIFEST = json.loads(site_build.MANIFEST.read_text(encoding="utf-8"))
ARTICLES = MANIFEST["articles"]
BY_PATH = {a["path"]: a for a in ARTICLES}
WITH_PAGE = [a for a in ARTICLES if a["file"] and a["broken"] != "empty"]
HOST = "http://SAMPLE_HOST"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
TEHRAN = ZoneInfo("Asia/Tehran")
DEV_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"

# The organization's name as pages write it: تأمین/تامین, with a space, a non-joiner or nothing between the
# words, Persian or Arabic yeh. «… نیروهای مسلح» is another fund.
ORG = re.compile(r"ت[اأ]م[یي]ن[\s\u200c]*اجتماع[یي](?![\s\u200c]*نیروهای[\s\u200c]*مسلح)")

BODY_XPATH = {
    "nastooh": '//div[@itemprop="articleBody"]//p',
    "sepehr": '//div[@class="body"]/p',
    "asam": '//div[@id="echo_detail"]/p | //div[@id="echo_detail"]/h3',
}


def page_text(article: dict) -> str:
    raw = (WWW / article["path"].lstrip("/")).read_bytes()
    return raw.decode("cp1256" if article["charset"] == "cp1256" else "utf-8")


def page(article: dict) -> Selector:
    return Selector(text=page_text(article))


def html_files() -> list[Path]:
    return sorted(WWW.rglob("*.html"))


def listing_pages() -> list[Path]:
    return [WWW / p.lstrip("/") for p in MANIFEST["discovery"]["listing_pages"]]


def discovered_paths() -> dict[str, set[str]]:
    """Where each path is linked, read from the files themselves."""
    via: dict[str, set[str]] = {}
    for link in etree.parse(str(WWW / "rss.xml")).findall(".//item/link"):
        via.setdefault(link.text.replace(HOST, "").split("?")[0], set()).add("rss")
    for loc in etree.parse(str(WWW / "sitemap-news.xml")).findall(".//s:url/s:loc", NS):
        via.setdefault(loc.text.replace(HOST, ""), set()).add("sitemap")
    for listing in listing_pages():
        sel = Selector(text=listing.read_text(encoding="utf-8"))
        for href in sel.css("li.news div.desc h3 a::attr(href)").getall():
            via.setdefault(href, set()).add("listing")
    return via


# ---------------------------------------------------------------- counts


def test_manifest_counts_meet_the_brief() -> None:
    counts = MANIFEST["counts"]
    assert counts["articles"] == len(ARTICLES) >= 40
    assert sum(a["relevant"] for a in ARTICLES) == counts["relevant"] >= 16
    assert sum(a["kind"] == "near_miss" for a in ARTICLES) == counts["near_miss"] >= 10
    assert sum(a["broken"] is not None for a in ARTICLES) == counts["broken"] >= 6
    assert {a["broken"] for a in ARTICLES} >= {None, "no_body", "bad_date", "not_article", "missing", "empty"}
    assert {a["layout"] for a in ARTICLES} == {"nastooh", "sepehr", "asam"}
    assert len(BY_PATH) == len(ARTICLES)


def test_manifest_labels_are_consistent() -> None:
    for a in ARTICLES:
        assert a["expected_emitted"] == (a["relevant"] and a["broken"] is None), a["path"]
        assert (a["expected_drop_reason"] is None) == a["expected_emitted"], a["path"]
        if a["kind"] == "near_miss":
            assert not a["relevant"] and a["broken"] is None and a["expected_drop_reason"] == "not_relevant"
        if a["kind"] == "broken":
            assert a["broken"] is not None
        if a["broken"] in (None, "no_body"):
            assert a["title"] and a["published_at"], a["path"]
        if a["broken"] == "bad_date":
            assert a["relevant"] and a["published_at"] is None and a["body_paragraphs"]


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["path"])
def test_every_path_exists_except_the_missing_one(article: dict) -> None:
    target = WWW / article["path"].lstrip("/")
    if article["broken"] == "missing":
        assert article["file"] is None and not target.exists()
    else:
        assert target.is_file() and article["file"] == f"www{article['path']}"


def test_empty_page_is_zero_bytes() -> None:
    empties = [a for a in ARTICLES if a["broken"] == "empty"]
    assert empties
    for a in empties:
        assert (WWW / a["path"].lstrip("/")).stat().st_size == 0


def test_article_urls_share_one_pattern() -> None:
    for a in ARTICLES:
        assert re.fullmatch(r"/news/\d+\.html", a["path"]), a["path"]


def test_private_page_exists_and_robots_forbids_it() -> None:
    robots = (WWW / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow: /private/" in robots.splitlines()
    assert "Sitemap: http://SAMPLE_HOST/sitemap.xml" in robots.splitlines()
    for entry in MANIFEST["discovery"]["robots_disallowed"]:
        assert entry["path"].startswith("/private/")
        assert (WWW / entry["path"].lstrip("/")).is_file()
        assert entry["linked_from"], "the disallowed page must be linked, or the test proves nothing"


# ---------------------------------------------------------------- discovery


def test_every_article_is_reachable_and_the_manifest_says_how() -> None:
    via = discovered_paths()
    for a in ARTICLES:
        assert via.get(a["path"]), f"{a['path']} is linked from no feed, sitemap or listing"
        assert sorted(via[a["path"]]) == a["discovered_via"], a["path"]


def test_some_articles_have_a_single_way_in() -> None:
    only = {
        kind: [a for a in ARTICLES if a["discovered_via"] == [kind]] for kind in ("rss", "sitemap", "listing")
    }
    assert only["rss"] and only["sitemap"] and only["listing"]
    assert any(a["listing_pages"] == [3] for a in only["listing"]), "some article only on listing page 3"
    assert any(len(a["discovered_via"]) == 3 for a in ARTICLES)


def test_rss_or_sitemap_only_articles_are_linked_from_no_page() -> None:
    hidden = {a["path"] for a in ARTICLES if "listing" not in a["discovered_via"]}
    assert hidden
    for html_file in html_files():
        if html_file.stat().st_size == 0:
            continue
        raw = html_file.read_bytes()
        hrefs = set(Selector(text=raw.decode("utf-8", errors="replace")).css("a::attr(href)").getall())
        own = "/" + html_file.relative_to(WWW).as_posix()  # a page may link to itself
        assert not (hidden - {own}) & {h.replace(HOST, "").split("?")[0] for h in hrefs}, html_file


def test_no_dangling_article_links_but_the_intended_404() -> None:
    missing = {a["path"] for a in ARTICLES if a["broken"] == "missing"}
    listings = set(listing_pages())
    for html_file in html_files():
        raw = html_file.read_bytes()
        if not raw:
            continue
        for href in Selector(text=raw.decode("utf-8", errors="replace")).css("a::attr(href)").getall():
            path = href.replace(HOST, "").split("?")[0]
            if not re.search(r"/news/\d+\.html$", path):
                continue
            if path in missing:
                assert html_file in listings, f"{html_file} links the missing page"
            else:
                assert (WWW / path.lstrip("/")).is_file(), f"{html_file} links {path}"


def test_listing_pages_chain_by_next_links() -> None:
    pages = MANIFEST["discovery"]["listing_pages"]
    assert len(pages) >= 3
    seen, current = [], "/list/1.html"
    while current:
        seen.append(current)
        sel = Selector(text=(WWW / current.lstrip("/")).read_text(encoding="utf-8"))
        anchor = sel.css('a.next[rel="next"]::attr(href)').get()
        assert anchor == sel.css('link[rel="next"]::attr(href)').get()
        if anchor:
            assert "بعدی" in sel.css("a.next::text").get()
        current = anchor
    assert seen == pages


def test_missing_page_is_linked_from_a_listing() -> None:
    missing = [a for a in ARTICLES if a["broken"] == "missing"]
    assert missing and all(a["listing_pages"] for a in missing)


def test_rss_is_well_formed_and_dated() -> None:
    items = etree.parse(str(WWW / "rss.xml")).findall(".//item")
    assert items
    for item in items:
        path = item.findtext("link").replace(HOST, "").split("?")[0]
        article = BY_PATH[path]
        published = parsedate_to_datetime(item.findtext("pubDate"))
        assert published == datetime.fromisoformat(article["published_at"]), path


def test_rss_link_with_tracking_parameters_has_a_bare_canonical() -> None:
    tracked = [a for a in ARTICLES if a["rss_link_query"]]
    assert tracked
    for a in tracked:
        assert a["rss_link_query"].startswith("?utm_")
        assert page(a).css('link[rel="canonical"]::attr(href)').get() == f"{HOST}{a['path']}"


def test_sitemaps_are_well_formed() -> None:
    index = etree.parse(str(WWW / "sitemap.xml"))
    assert [loc.text for loc in index.findall(".//s:sitemap/s:loc", NS)] == [f"{HOST}/sitemap-news.xml"]
    urls = etree.parse(str(WWW / "sitemap-news.xml")).findall(".//s:url", NS)
    assert urls
    for url in urls:
        path = url.findtext("s:loc", namespaces=NS).replace(HOST, "")
        date = datetime.fromisoformat(url.findtext(".//news:publication_date", namespaces=NS))
        assert date.utcoffset() is not None
        if BY_PATH[path]["published_at"]:
            assert date == datetime.fromisoformat(BY_PATH[path]["published_at"]), path


# ---------------------------------------------------------------- encoding


def test_cp1256_page_really_is_cp1256_with_no_charset() -> None:
    old = [a for a in ARTICLES if a["charset"] == "cp1256"]
    assert len(old) == 1 and old[0]["relevant"] and old[0]["expected_emitted"]
    listed = [
        line.strip()
        for line in (WWW / "_charset.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert listed == [a["path"] for a in old]
    raw = (WWW / old[0]["path"].lstrip("/")).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("cp1252")  # what a naive fallback tries
    assert b"charset" not in raw.lower()
    text = raw.decode("cp1256")
    assert old[0]["title"] in text and "ي" in old[0]["title"]


def test_other_pages_are_utf8() -> None:
    for a in WITH_PAGE:
        if a["charset"] == "utf-8":
            (WWW / a["path"].lstrip("/")).read_bytes().decode("utf-8")


# ---------------------------------------------------------------- pages agree with the manifest


@pytest.mark.parametrize("article", WITH_PAGE, ids=lambda a: a["path"])
def test_page_agrees_with_manifest(article: dict) -> None:
    text = page_text(article)
    sel = Selector(text=text)
    titles = [t.strip() for t in sel.xpath("//h1").xpath("string(.)").getall()]
    assert article["title"] in titles
    if article["printed_date"]:
        assert article["printed_date"] in text
    for key, value in article["machine_dates"].items():
        assert value in text, key
    paragraphs = [p.strip() for p in sel.xpath(BODY_XPATH[article["layout"]]).xpath("string(.)").getall()]
    for expected in article["body_paragraphs"]:
        assert expected in paragraphs, expected[:60]
    if article["lead"]:
        assert article["lead"] in text
    og_type = sel.css('meta[property="og:type"]::attr(content)').get()
    assert (og_type == "article") == (article["broken"] != "not_article")
    generic = {"بیشتر بخوانید", "انتهای پیام", "کد خبر"}
    generic |= {site_build.old_page_text(g) for g in generic}  # as the windows-1256 page spells them
    teasers = [s for s in article["body_must_not_contain"] if s not in generic]
    for teaser in teasers:
        assert teaser in text, "a trap the manifest lists must be on the page"


def test_dates_are_self_consistent() -> None:
    offsets, years = set(), set()
    for a in ARTICLES:
        if not a["published_at"]:
            continue
        when = datetime.fromisoformat(a["published_at"])
        assert when.utcoffset() == when.astimezone(TEHRAN).utcoffset(), a["path"]
        assert a["published_utc"] == when.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
        j = jdatetime.datetime.fromgregorian(datetime=when.replace(tzinfo=None))
        assert a["published_jalali"] == f"{j.year:04d}-{j.month:02d}-{j.day:02d}"
        offsets.add(when.utcoffset().total_seconds() / 3600)
        years.add(j.year)
    assert offsets == {3.5, 4.5}
    assert years >= set(range(1399, 1406))


def test_a_nastooh_page_crosses_midnight_utc() -> None:
    crossing = [
        a
        for a in ARTICLES
        if a["layout"] == "nastooh"
        and a["published_at"]
        and a["machine_dates"].get("nastooh:publishDate") != a["published_at"][:10]
    ]
    assert crossing


def test_near_misses_never_name_the_organization_and_relevant_pages_do() -> None:
    for a in WITH_PAGE:
        words = " ".join([a["title"] or "", a["lead"] or "", *a["body_paragraphs"]])
        if a["kind"] == "near_miss":
            assert not ORG.search(words), a["path"]
        elif a["relevant"] and a["body_paragraphs"]:
            assert ORG.search(words), a["path"]


def test_chrome_names_the_organization_on_near_miss_pages() -> None:
    for a in WITH_PAGE:
        if a["kind"] == "near_miss":
            assert ORG.search(page_text(a)), "the chrome trap is missing"


def test_duplicate_is_a_later_near_copy() -> None:
    dups = [a for a in ARTICLES if a["duplicate_of_path"]]
    assert len(dups) == 1
    copy, original = dups[0], BY_PATH[dups[0]["duplicate_of_path"]]
    assert copy["layout"] != original["layout"]
    assert copy["title"] != original["title"] and copy["lead"] != original["lead"]
    assert datetime.fromisoformat(copy["published_at"]) > datetime.fromisoformat(original["published_at"])
    ratio = difflib.SequenceMatcher(
        None, "\n".join(copy["body_paragraphs"]), "\n".join(original["body_paragraphs"])
    ).ratio()
    assert 0.9 < ratio < 1.0
    assert "ایرنا" in original["body_paragraphs"][0] and "ایلنا" in copy["body_paragraphs"][0]


@pytest.mark.skipif(not DEV_TEXTS.is_dir(), reason="shared/eval/dev not present")
def test_dev_texts_are_byte_identical() -> None:
    seeds = [a for a in ARTICLES if a["source"]]
    assert {a["source"] for a in seeds} == {"seed-000", "seed-004"}
    for a in seeds:
        source = (DEV_TEXTS / f"{a['source']}.txt").read_text(encoding="utf-8")
        source_paragraphs = [p for p in re.split(r"\n+", source) if p.strip()]
        start = source_paragraphs.index(a["body_paragraphs"][0])
        assert source_paragraphs[start : start + len(a["body_paragraphs"])] == a["body_paragraphs"]
        if a["source"] == "seed-000":  # chrome lines before, «آدرس کوتاه شده:» after
            assert source_paragraphs[start + len(a["body_paragraphs"]) :] == ["آدرس کوتاه شده:"]
        else:
            assert start == 0 and len(a["body_paragraphs"]) == len(source_paragraphs)


# ---------------------------------------------------------------- www/ is in sync with content.toml


def test_generated_files_match_a_fresh_build(tmp_path: Path) -> None:
    out = tmp_path / "www"
    manifest = site_build.build(out, tmp_path / "manifest.json")
    assert manifest == MANIFEST
    fresh = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    committed = {p.relative_to(WWW): p.read_bytes() for p in WWW.rglob("*") if p.is_file()}
    assert fresh.keys() == committed.keys()
    stale = [str(name) for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"run `python -m sample_site.build`: {stale}"
