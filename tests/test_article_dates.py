"""The date an article record gets from its page: the article's own, never the page header's «today»."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsbot.extract.article import extract_article
from newsbot.text.dates import TEHRAN

NOW = datetime(2024, 1, 1, tzinfo=TEHRAN)
BODY = "<p>" + "متن خبر درباره بیمه و درمان در استان است و ادامه دارد. " * 8 + "</p>"


def page(header: str, article_date: str, head_meta: str = "") -> str:
    return f"""<html><head><title>خبر</title>{head_meta}</head><body>
<header><div class="today-date">{header}</div></header>
<article><h1>عنوان خبر بیمه</h1><div class="news-date">{article_date}</div>
<div class="body">{BODY}</div></article></body></html>"""


# (header text, visible date beside the headline, expected published_at); expected values written by hand
CASES = [
    ("امروز: سه‌شنبه ۱۲ دی ۱۴۰۲", "5 تير 1399 - 10:21 ق.ظ", "1399-04-05T10:21:00+04:30"),
    ("امروز: سه‌شنبه ۱۲ دی ۱۴۰۲", "5 تير 1399 - 10:21 ب.ظ", "1399-04-05T22:21:00+04:30"),
    ("سه شنبه ۱۲ دی ۱۴۰۲", "۲۵ حمل ۱۴۰۲ ساعت ۰۹:۳۰", "1402-01-25T09:30:00+03:30"),
    ("امروز ۱۲ دی ۱۴۰۲", "١٠ مهر ١٤٠٢ - ٠٨:١٥", "1402-07-10T08:15:00+03:30"),
    ("۱۲ دی ۱۴۰۲", "۱۰ ژانویه ۲۰۲۳ - ۱۴:۰۵", "2023-01-10T14:05:00+03:30"),
    ("۱۲ دی ۱۴۰۲", "۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵ قبل از ظهر", "1398-11-29T06:55:00+03:30"),
]


@pytest.mark.parametrize(("header", "shown", "expected"), CASES)
def test_visible_date_beside_the_headline_beats_the_header(header: str, shown: str, expected: str) -> None:
    out = extract_article(page(header, shown), "https://news.example.ir/news/1", now=NOW)
    jalali_or_iso = out.published_jalali + out.published_at[10:] if expected[0] == "1" else out.published_at
    assert jalali_or_iso == expected, (out.published_at, out.date_problem)


def test_only_the_header_date_gives_no_date_and_says_why() -> None:
    out = extract_article(page("امروز: سه‌شنبه ۱۲ دی ۱۴۰۲", ""), "https://news.example.ir/news/2", now=NOW)
    assert out.published_at is None
    assert out.date_problem and "page's own date" in out.date_problem


@pytest.mark.parametrize(
    ("modified", "kept", "dropped"),
    [
        ("2023-06-25T09:00:00+03:30", None, ["modified_at"]),  # before publication: the page's clock is wrong
        ("2023-06-27T09:00:00+03:30", "2023-06-27T09:00:00+03:30", []),
    ],
)
def test_modified_before_published_is_dropped_and_told(modified: str, kept: str | None, dropped: list) -> None:
    meta = (
        '<meta property="article:published_time" content="2023-06-26T10:00:00+03:30">'
        f'<meta property="article:modified_time" content="{modified}">'
    )
    out = extract_article(page("", "", meta), "https://news.example.ir/news/3", now=NOW)
    assert out.published_at == "2023-06-26T10:00:00+03:30"
    assert out.modified_at == kept
    assert out.dropped_fields == dropped
