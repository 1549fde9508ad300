"""The digest's period parsing, story ranking and the two renderings, on hand-made records."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from newsbot.desk.digest import build_digest
from newsbot.desk.period import parse_day, parse_since, period_between, period_since
from newsbot.desk.render_html import render_html
from newsbot.desk.render_md import render_md


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1404-07-08", date(2025, 9, 30)),
        ("۱۴۰۴/۰۷/۰۸", date(2025, 9, 30)),
        ("1404/7/8", date(2025, 9, 30)),
        ("2025-09-30", date(2025, 9, 30)),
        ("1403-12-30", date(2025, 3, 20)),  # the last day of a leap year
    ],
)
def test_days_jalali_or_iso(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["", "yesterday", "1404-13-01", "2025-02-30", "30-09-2025", "1402-12-30"])
def test_bad_days_are_one_line_errors(text):
    with pytest.raises(ValueError) as err:
        parse_day(text)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("text", "hours"), [("24h", 24), ("3d", 72), ("2w", 336), ("۴۸h", 48)])
def test_since(text, hours):
    assert parse_since(text).total_seconds() == hours * 3600


def test_a_jalali_day_is_a_tehran_day():
    period = period_between("1404-07-08")
    assert (period.start_utc, period.end_utc) == ("2025-09-29T20:30:00Z", "2025-09-30T20:30:00Z")
    assert period_between("1404-07-08", "1404-07-10").label() == "1404-07-08 تا 1404-07-10"
    with pytest.raises(ValueError):
        period_between("1404-07-10", "1404-07-08")


def _rec(aid, story, outlet_line, title, when, facts=(), people=(), provinces=()):
    return {"id": aid, "story_id": story, "source_name": "تابناک", "site": "tabnak", "title": title,
            "lead": f"لید {title}", "body": outlet_line + " متن خبر.", "url": f"https://x.ir/{aid}",
            "published_at": when, "facts": list(facts), "people": list(people),
            "provinces": list(provinces)}  # fmt: skip


FACT = {"type": "percent", "value": 45.0, "unit": None, "currency": None, "text": "۴۵ درصد", "mentions": 1,
        "sentence": "حداقل مستمری ۴۵ درصد افزایش یافت.", "subject": "حداقل مستمری", "province": None}  # fmt: skip
MINISTER = {"name": "داوود امینی", "role": "وزیر کار", "honorific": None}
RECORDS = [
    _rec("r1", "s1", "به گزارش تابناک،", "خبر تنها", "2025-09-30T12:00:00+03:30", provinces=["یزد"]),
    _rec("r2", "s2", "به گزارش ایرنا،", "افزایش مستمری", "2025-09-30T09:00:00+03:30", [FACT], [MINISTER], ["یزد"]),
    _rec("r3", "s2", "به گزارش ایلنا،", "مستمری ۴۵ درصد بیشتر شد", "2025-09-30T10:00:00+03:30", [FACT], [MINISTER]),
    _rec("r4", "s3", "به گزارش ایسنا،", "خبر دیروز", "2025-09-29T09:00:00+03:30", people=[MINISTER]),
]
NOW = datetime(2025, 10, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def digest():
    return build_digest(RECORDS, period_between("1404-07-07", "1404-07-08"), {"s2": {"headline": "افزایش مستمری"}},
                        [{"reason": "bad_date", "title": "خبر بی‌تاریخ", "url": "https://x.ir/9", "site": "x"}],
                        now=NOW)  # fmt: skip


def test_stories_ranked_by_outlets_then_latest(digest):
    assert [s.story_id for s in digest.stories] == ["s2", "s1", "s3"]
    top = digest.stories[0]
    assert top.outlets == ["ایرنا", "ایلنا"]
    assert [f["text"] for f in top.figures] == ["۴۵ درصد"]
    assert top.officials == [MINISTER]


def test_counts_for_the_charts(digest):
    assert digest.per_day == {"1404/07/07": {"ایسنا": 1}, "1404/07/08": {"تابناک": 1, "ایرنا": 1, "ایلنا": 1}}
    assert digest.provinces == [("یزد", 2)]
    assert digest.officials == [("داوود امینی", "وزیر کار", 3)]
    assert len(digest.figures) == 2 and {f["article_id"] for f in digest.figures} == {"r2", "r3"}


def test_html_is_self_contained_and_right_to_left(digest):
    page = render_html(digest)
    assert re.search(r'<html lang="fa" dir="rtl">', page)
    markup = re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.S)  # plotly.js says url(#clip)
    assert not re.search(r"<(script|img|iframe)[^>]+src=|<link[^>]+href=|url\((?!data:)|@import", markup)
    assert "font-family:'Vazirmatn'" in page and "data:font/woff2;base64," in page
    assert page.count('class="story"') == 3 and 'id="figures"' in page
    assert page.count('class="chart"') == 3 and "Plotly.newPlot" in page
    assert "خبر بی‌تاریخ" in page


def test_markdown_has_the_same_content(digest):
    text = render_md(digest)
    for story in digest.stories:
        assert f". {story.headline}" in text
    assert "[مستمری ۴۵ درصد بیشتر شد](https://x.ir/r3)" in text
    assert "| داوود امینی | وزیر کار | ۳ |" in text
    assert "| یزد | ۲ |" in text
    assert "bad_date: خبر بی‌تاریخ" in text


def test_an_empty_period_still_makes_a_page():
    digest = build_digest([], period_since("24h", NOW), now=NOW)
    assert "در این بازه خبری بایگانی نشده است" in render_html(digest)
    assert "در این بازه خبری بایگانی نشده است" in render_md(digest)
