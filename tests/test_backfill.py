"""Backfill (issue 12): `scrapy crawl sample -a since=DATE` follows the archive back to that date, emits every
article since then and none older, and a second backfill emits none of them again."""

from __future__ import annotations

import json
from datetime import timedelta

import jdatetime
import pytest

from tests.cli import ENV, ROOT
from tests.shared_site import PER_LISTING, SharedSite
from tests.test_shared_crawl import command

DAYS = 400  # one article a day: the archive reaches back more than a year


@pytest.fixture(scope="module")
def backfill(tmp_path_factory):
    import subprocess

    tmp = tmp_path_factory.mktemp("backfill")
    site = SharedSite(DAYS, spacing_h=24, archive_only=True)
    cutoff = site.articles[0].published - timedelta(days=200)
    since = jdatetime.date.fromgregorian(date=cutoff.date())  # given in Jalali, as a user in Iran would
    since_text = f"{since.year:04d}-{since.month:02d}-{since.day:02d}"
    runs = []
    with site as base:
        for name in ("first", "second"):
            out = tmp / f"{name}.jsonl"
            cmd = command(base, out, NEWSBOT_STATE=str(tmp / "state.sqlite"), NEWSBOT_WORKER_LEASE="30")
            cmd[cmd.index("crawl") + 2 : cmd.index("crawl") + 2] = ["-a", f"since={since_text}"]
            proc = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=600)
            assert proc.returncode == 0, proc.stderr[-3000:]
            rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
            report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
            runs.append((rows, site.listing_fetches(), report))
    return site, since_text, runs


def test_every_article_since_the_date_and_none_older(backfill):
    site, since_text, runs = backfill
    rows, _, report = runs[0]
    since = jdatetime.date(*map(int, since_text.split("-"))).togregorian()
    # the Tehran calendar day of each article, read from the site's own list, not from the crawler
    expected = {a.path for a in site.articles if (a.published + timedelta(hours=3, minutes=30)).date() >= since}
    emitted = {"/" + r["url"].split("/", 3)[3] for r in rows}
    assert emitted <= expected  # none older
    # every one since: the only ones missing are corpus texts too short to be an article, dropped as such
    assert len(expected - emitted) == report["dropped"].get("no_body", 0) < len(expected) * 0.05, report["dropped"]


def test_the_archive_is_followed_past_the_usual_five_pages_and_stops_at_the_date(backfill):
    site, _, runs = backfill
    _, listings, _ = runs[0]
    needed = 200 // PER_LISTING + 1  # pages that hold articles since the date
    assert 5 < listings <= needed + 1, listings


def test_a_second_backfill_emits_nothing_again(backfill):
    _, _, runs = backfill
    first, _, _ = runs[0]
    second, _, _ = runs[1]
    assert second == [] and len({r["id"] for r in first}) == len(first)
