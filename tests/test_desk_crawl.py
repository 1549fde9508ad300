"""End to end: crawl the sample site, then its archive through `scrapy search`, `scrapy digest` and a real browser.

The browser is Debian's headless Chromium with the network blocked (a dead proxy, every host unresolvable);
`.ci/run` installs it. Without it the browser test is skipped on a developer's machine and fails under CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from urllib.parse import urlsplit

import jsonschema
import pytest
from parsel import Selector

from tests.cli import FAST, MANIFEST, ROOT, free_port, scrapy

SCHEMA = json.loads((ROOT / "newsbot/schema/article.schema.json").read_text(encoding="utf-8"))
# «تامین اجتماعی» as outlets write it: with or without hamza, Arabic or Persian yeh, space or joiner
PHRASE = re.compile("ت[اأ]م[یيى]ن[\\s\u200c]*اجتماع[یيى]")
SAMPLE_YEARS = ("1399-01-01", "1405-12-29")  # every sample article's day lies between


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("desk")
    state = tmp / "state.sqlite"
    proc = scrapy("crawl", "sample", "-O", str(tmp / "out.jsonl"), "-s", f"NEWSBOT_STATE={state}", *FAST,
                  "-s", f"NEWSBOT_SAMPLE_PORT={free_port()}")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = [json.loads(line) for line in (tmp / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    return tmp, state, records


def _path(url: str) -> str:
    return urlsplit(url).path


def test_every_record_has_a_story_id_in_the_schema(crawl):
    _, _, records = crawl
    assert records
    for record in records:
        jsonschema.validate(record, SCHEMA)
        assert record["story_id"]


def test_shared_release_is_one_story_with_two_outlets(crawl):
    tmp, _, records = crawl
    pairs = [(a["path"], a["duplicate_of_path"]) for a in MANIFEST["articles"] if a.get("duplicate_of_path")]
    by_path = {_path(r["url"]): r for r in records}
    db = sqlite3.connect(tmp / "archive.sqlite")
    for copy, original in pairs:
        story = by_path[copy]["story_id"]
        assert by_path[original]["story_id"] == story
        outlets, count, articles = db.execute(
            "SELECT outlets, outlet_count, article_count FROM stories WHERE story_id=?", (story,)
        ).fetchone()
        assert (sorted(json.loads(outlets)), count, articles) == (["ایرنا", "ایلنا"], 2, 2)  # IRNA's and ILNA's runs
    others = [r["story_id"] for p, r in by_path.items() if p not in {x for pair in pairs for x in pair}]
    assert len(set(others)) == len(others)  # every other sample article is a story of its own


def test_archive_holds_every_record_and_the_relevant_drops(crawl):
    tmp, _, records = crawl
    db = sqlite3.connect(tmp / "archive.sqlite")
    assert {r[0] for r in db.execute("SELECT id FROM articles")} == {r["id"] for r in records}
    facts = sum(len(r["facts"]) for r in records)
    assert db.execute("SELECT COUNT(*) FROM facts").fetchone()[0] == facts
    dropped = dict(db.execute("SELECT reason, COUNT(*) FROM dropped GROUP BY reason").fetchall())
    broken = {a["expected_drop_reason"] for a in MANIFEST["articles"] if a.get("broken") in ("no_body", "bad_date")}
    assert broken <= set(dropped), dropped


@pytest.mark.parametrize("spelling", ["تامین اجتماعی", "تأمین‌اجتماعی", "تأمين اجتماعي", "تامین‌اجتماعی"])
def test_search_command_finds_every_spelling(crawl, spelling):
    _, state, records = crawl
    proc = scrapy("search", spelling, "--limit", "100", "-s", f"NEWSBOT_STATE={state}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    expected = [r for r in records if PHRASE.search(" ".join(filter(None, (r["title"], r["lead"], r["body"]))))]
    assert proc.stdout.strip().splitlines()[-1] == f"{len(expected)} matches"
    dates = re.findall(r"^(\d{4}-\d\d-\d\d \d\d:\d\d)  ", proc.stdout, flags=re.M)
    assert len(dates) == len(expected) and dates == sorted(dates, reverse=True)


def test_search_filters_and_errors(crawl):
    _, state, records = crawl
    day = next(r for r in records if _path(r["url"]) == "/news/1021.html")["published_jalali"]
    proc = scrapy("search", "غربالگری", "--from", day, "--to", day, "-s", f"NEWSBOT_STATE={state}")
    assert proc.stdout.strip().splitlines()[-1] == "2 matches"
    bad = scrapy("search", "بیمه", "--from", "1404-13-01", "-s", f"NEWSBOT_STATE={state}")
    assert bad.returncode != 0 and "not a real day" in bad.stderr
    missing = scrapy("search", "بیمه", "-s", f"NEWSBOT_STATE={state.parent / 'nothing' / 'state.sqlite'}")
    assert missing.returncode != 0 and "no archive at" in missing.stderr


@pytest.fixture(scope="module")
def digest_html(crawl):
    tmp, state, _ = crawl
    out = tmp / "digest.html"
    proc = scrapy("digest", "--from", SAMPLE_YEARS[0], "--to", SAMPLE_YEARS[1], "-o", str(out),
                  "-s", f"NEWSBOT_STATE={state}")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def test_markdown_digest(crawl):
    tmp, state, records = crawl
    out = tmp / "digest.md"
    proc = scrapy("digest", "--from", SAMPLE_YEARS[0], "--to", SAMPLE_YEARS[1], "-o", str(out),
                  "-s", f"NEWSBOT_STATE={state}")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert all(f"[{r['title']}]({r['url']})" in text for r in records)
    assert len(re.findall(r"^### ", text, flags=re.M)) == len({r["story_id"] for r in records})


def test_digest_needs_a_period(crawl):
    _, state, _ = crawl
    proc = scrapy("digest", "-o", "x.html", "-s", f"NEWSBOT_STATE={state}")
    assert proc.returncode != 0 and "--since SPAN or --from DATE" in proc.stderr


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_digest_in_a_real_browser_with_no_network(crawl, digest_html, tmp_path):
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    _, _, records = crawl
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",  # no request can leave
         "--virtual-time-budget=15000", "--dump-dom", digest_html.as_uri()],
        capture_output=True, text=True, timeout=180,
    ).stdout  # fmt: skip
    page = Selector(text=dom)
    assert page.css("html::attr(dir)").get() == "rtl" and page.css("html::attr(lang)").get() == "fa"
    stories = {}
    for article in page.css("article.story"):
        stories[article.attrib["data-story-id"]] = " ".join(article.css("h3.story-headline ::text").getall())
    by_story: dict[str, list[str]] = {}
    for record in records:
        by_story.setdefault(record["story_id"], []).append(record["title"])
    assert set(stories) == set(by_story)
    for story, headline in stories.items():
        assert any(title in headline for title in by_story[story]), headline
    rows = page.css("table#figures tbody tr")
    assert len(rows) == sum(len(r["facts"]) for r in records) > 0
    drawn = [c for c in page.css("div.chart") if c.css("svg.main-svg") and c.css("g.trace")]
    assert len(drawn) >= 2  # plotly.js ran from the page itself: bars drawn with no network
