"""Dates: visible dates in every calendar, machine-readable fields, Tehran offsets before and after 2022."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from parsel import Selector

from newsbot.text.dates import (
    TEHRAN,
    ParsedDate,
    VisibleDate,
    is_today_label,
    iso,
    jalali_date_str,
    parse_jalali,
    parse_jalali_ex,
    parse_machine_date,
    parse_visible_date,
    pick_visible_date,
    plausible,
    to_tehran,
)

DATA = Path(__file__).parent / "data"
FEEDS_DIR = DATA / "feeds"
REAL_DIR = DATA / "real"
VISIBLE_TSV = DATA / "dates" / "visible_dates.tsv"
DATE_WORDS = Path(__file__).parent.parent / "newsbot" / "text" / "data" / "date_words.json"

# ---------------------------------------------------------------- visible Jalali dates

JALALI_CASES = [
    # (text as printed, ISO instant in Tehran, the text held a time)
    # gold from tests/data/real/SOURCES.md
    ("۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", "2020-02-18T06:55:00+03:30", True),  # khabaronline
    ("۲۱ ارديبهشت ۱۳۹۹ - ۱۸:۵۹", "2020-05-10T18:59:00+04:30", True),  # yjc: Arabic yeh in the month
    # the dev texts' date lines
    ("دوشنبه, ۰۵ تیر ۱۴۰۲ ۱۱:۵۰", "2023-06-26T11:50:00+03:30", True),
    ("دوشنبه, ۰۵ تیر ۱۴۰۲ ۱۱:۵۰ ۱۰", "2023-06-26T11:50:00+03:30", True),  # a view count after it
    # numeric forms
    ("۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹", "2020-05-10T18:59:00+04:30", True),
    ("1402/04/05 11:50", "2023-06-26T11:50:00+03:30", True),
    ("۱۴۰۲-۰۴-۰۵", "2023-06-26T00:00:00+03:30", False),
    ("۱۴۰۲/۴/۵", "2023-06-26T00:00:00+03:30", False),
    ("۱۴۰۲ / ۰۴ / ۰۵", "2023-06-26T00:00:00+03:30", False),  # hazm's spacing
    ("۱۱:۵۰ - ۱۴۰۲/۰۴/۰۵", "2023-06-26T11:50:00+03:30", True),  # time before the date
    ("۰۲/۰۴/۰۵", "2023-06-26T00:00:00+03:30", False),  # two-digit year
    ("۹۸/۱۱/۲۹", "2020-02-18T00:00:00+03:30", False),
    ("۰۵/۰۴/۱۴۰۲", "2023-06-26T00:00:00+03:30", False),  # day/month/year
    ("٢٩/١١/١٣٩٨", "2020-02-18T00:00:00+03:30", False),  # Arabic-Indic digits
    # month names and their variants
    ("پنجشنبه 24 آبان 1403", "2024-11-14T00:00:00+03:30", False),
    ("10 بهمن 1403 - 10:21", "2025-01-29T10:21:00+03:30", True),
    ("۵ تیرماه ۱۴۰۲", "2023-06-26T00:00:00+03:30", False),
    ("۵ تیر ماه ۱۴۰۲ ساعت ۱۱:۵۰", "2023-06-26T11:50:00+03:30", True),
    ("۱۴ مرداد ۱۴۰۰", "2021-08-05T00:00:00+04:30", False),
    ("۱۴ امرداد ۱۴۰۰", "2021-08-05T00:00:00+04:30", False),
    ("۲۱ اردی‌بهشت ۱۳۹۹", "2020-05-10T00:00:00+04:30", False),
    ("۱ فروردین ۱۴۰۳", "2024-03-20T00:00:00+03:30", False),
    ("۳۱ شهريور ۱۴۰۱ ۰۹:۰۰", "2022-09-22T09:00:00+03:30", True),
    ("۱۰ مهر ۱۴۰۲", "2023-10-02T00:00:00+03:30", False),
    ("۳ آذر ۱۴۰۲", "2023-11-24T00:00:00+03:30", False),
    ("۳ اذر ۱۴۰۲", "2023-11-24T00:00:00+03:30", False),
    ("۱ دی ۱۴۰۲", "2023-12-22T00:00:00+03:30", False),
    ("۱۵ خرداد ۱۴۰۲", "2023-06-05T00:00:00+03:30", False),
    ("۲۹ اسفند ۱۴۰۲", "2024-03-19T00:00:00+03:30", False),
    ("٢٩ بهمن ١٣٩٨", "2020-02-18T00:00:00+03:30", False),
    # seconds, 12-hour clock
    ("۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵:۳۰", "2020-02-18T06:55:30+03:30", True),
    ("۱۴۰۲/۰۴/۰۵ ۰۱:۳۰ ب.ظ", "2023-06-26T13:30:00+03:30", True),
    ("۱۴۰۲/۰۴/۰۵ ۱۲:۱۰ ق.ظ", "2023-06-26T00:10:00+03:30", True),
    # leap years: 30 Esfand exists in 1399 and 1403
    ("۳۰ اسفند ۱۳۹۹", "2021-03-20T00:00:00+03:30", False),
    ("۳۰ اسفند ۱۴۰۳", "2025-03-20T00:00:00+03:30", False),
    # summer time in 1399 and 1400: it began at 00:00 on 2 Farvardin and ended at 24:00 on 30 Shahrivar
    ("۱ فروردین ۱۳۹۹ ۲۳:۰۰", "2020-03-20T23:00:00+03:30", True),
    ("۲ فروردین ۱۳۹۹ ۱۲:۰۰", "2020-03-21T12:00:00+04:30", True),
    ("۱ فروردین ۱۴۰۰ ۲۳:۰۰", "2021-03-21T23:00:00+03:30", True),
    ("۲ فروردین ۱۴۰۰ ۰۲:۰۰", "2021-03-22T02:00:00+04:30", True),
    ("۳۰ شهریور ۱۴۰۰ ۲۲:۰۰", "2021-09-21T22:00:00+04:30", True),
    ("۳۱ شهریور ۱۴۰۰ ۰۰:۳۰", "2021-09-22T00:30:00+03:30", True),
    # 1401 was the last summer with +04:30; none since
    ("۱۵ تیر ۱۴۰۱ ۱۲:۰۰", "2022-07-06T12:00:00+04:30", True),
    ("۱۵ تیر ۱۴۰۲ ۱۲:۰۰", "2023-07-06T12:00:00+03:30", True),
    ("۱۵ تیر ۱۴۰۳ ۱۲:۰۰", "2024-07-05T12:00:00+03:30", True),
]


@pytest.mark.parametrize(("text", "expected", "has_time"), JALALI_CASES)
def test_parse_jalali(text: str, expected: str, has_time: bool) -> None:
    dt = parse_jalali(text)
    assert dt is not None
    assert iso(dt) == expected
    assert dt.tzinfo is TEHRAN
    assert parse_jalali_ex(text) == ParsedDate(dt, has_time)


NOT_JALALI = [
    "",
    "سلام",
    "۳۲ تیر ۱۴۰۲",  # day 32
    "۰ تیر ۱۴۰۲",
    "۳۱ مهر ۱۴۰۲",  # the second half-year has 30-day months
    "1402/13/01",  # month 13
    "۱۴۰۲/۰۰/۱۰",
    "۳۰ اسفند ۱۴۰۲",  # 1402 is not a leap year
    "۱۴۰۲/۰۴/۰۵ ۲۵:۰۰",  # hour 25
    "۱۴۰۲/۰۴/۰۵ ۱۱:۶۰",
    "۵ تیر",  # no year
    "۵ تیر ۱۱:۵۰",  # the '11' is an hour, not a year
    "2023/06/26",  # Gregorian
    "0000/00/00",
    "9999/99/99",
    "۱۰.۵.۲",
    "۳ دیدار ۱۴۰۲",  # «دی» inside another word
    "-1300/01/01",
    "۱۴۰۲//۰۴",
]


@pytest.mark.parametrize("text", NOT_JALALI)
def test_parse_jalali_refuses(text: str) -> None:
    assert parse_jalali(text) is None
    assert parse_jalali_ex(text) is None


# ---------------------------------------------------------------- visible dates in every calendar


def _visible_rows() -> list:
    with VISIBLE_TSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [pytest.param(r["string"], r["expected_iso"], id=f"row{n}") for n, r in enumerate(rows, start=2)]


VISIBLE_ROWS = _visible_rows()


def test_visible_table_is_large_enough() -> None:
    assert len(VISIBLE_ROWS) >= 60


@pytest.mark.parametrize(("text", "expected"), VISIBLE_ROWS)
def test_visible_dates_table(text: str, expected: str) -> None:
    parsed = parse_visible_date(text)
    assert parsed is not None, text
    assert iso(parsed.dt) == expected
    assert parsed.dt.tzinfo is TEHRAN
    assert parsed.has_time == bool(re.search(r"[\d٠-٩۰-۹]\s*:\s*[\d٠-٩۰-۹]", text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۰ ژانویه ۲۰۲۴", None),  # Gregorian: not for parse_jalali
        ("15 June 2021", None),
        ("۲۰۲۳/۰۶/۲۶", None),
        ("۲۵ حمل ۱۴۰۲", "2023-04-14T00:00:00+03:30"),  # Afghan names are Jalali months
        ("۱۰ ژانویه ۲۰۲۴ (۲۰ دی ۱۴۰۲)", "2024-01-10T00:00:00+03:30"),  # the Jalali date beside a Gregorian one
        ("5 تير 1399 - 10:21 ب.ظ", "2020-06-25T22:21:00+04:30"),
        ("۵۹ : ۱۸ - يکشنبه ۲۱ ارديبهشت ۱۳۹۹", "2020-05-10T18:59:00+04:30"),
    ],
)
def test_parse_jalali_reads_jalali_only(text: str, expected: str | None) -> None:
    dt = parse_jalali(text)
    assert (iso(dt) if dt else None) == expected


NOT_VISIBLE = [
    "",
    "   ",
    "امروز",
    "۵ تیر ۲۰۲۳",  # a Jalali month with a Gregorian year
    "۱۰ ژانویه ۱۴۰۲",  # a Gregorian month with a Jalali year
    "۱۰ ژانویه ۲۴",  # two-digit years are Jalali only
    "۳۰ فوریه ۲۰۲۴",
    "۳۲ حمل ۱۴۰۲",
    "۳۰ حوت ۱۴۰۲",  # 1402 is not a leap year
    "۱۳:۰۰ ق.ظ ۵ تیر ۱۴۰۲",  # a 24-hour time marked morning contradicts itself
    "۵ تیر ۱۴۰۲ ۲۵:۰۰",
    "۵ تیر ۱۴۰۲ ۷۰ : ۸۰",
    "۵ مه",
    "۵ میزان ۹۹۹",
    "۳ دیدار ۱۴۰۲",
    "قیمت دلار امروز ۲۵ خرداد",  # no year
    "06/07/2023",  # day and month order unknown
    "2023-13-01T00:00:00Z",
]


@pytest.mark.parametrize("text", NOT_VISIBLE)
def test_parse_visible_date_refuses(text: str) -> None:
    assert parse_visible_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a zone in the text wins over reading it as Tehran wall-clock time
        ("Mon, 19 Oct 2026 19:30:10 GMT", "2026-10-19T23:00:10+03:30"),
        ("2023-06-26T08:20:00Z", "2023-06-26T11:50:00+03:30"),
        ("2020-05-10T18:59:01+04:30", "2020-05-10T18:59:01+04:30"),
        # «۱۴۰۲-۰۴-۰۵» is Jalali, not the ISO year 1402
        ("۱۴۰۲-۰۴-۰۵", "2023-06-26T00:00:00+03:30"),
        ("۵ ژانویه‌ی ۲۰۲۳", "2023-01-05T00:00:00+03:30"),  # ezafe after the month
        ("15 JUNE 2021 10:00", "2021-06-15T10:00:00+04:30"),
    ],
)
def test_parse_visible_date_more(text: str, expected: str) -> None:
    parsed = parse_visible_date(text)
    assert parsed is not None
    assert iso(parsed.dt) == expected


def _date_words() -> dict:
    return json.loads(DATE_WORDS.read_text("utf-8"))


@pytest.mark.parametrize(
    ("key", "year"), [("jalali_months", "1402"), ("afghan_months", "1402"), ("gregorian_months", "2023")]
)
def test_every_month_spelling_reads(key: str, year: str) -> None:
    months = _date_words()[key]
    assert len(months) == 12
    for number, spellings in enumerate(months, start=1):
        for spelling in spellings:
            parsed = parse_visible_date(f"۱ {spelling} {year}")
            assert parsed is not None, spelling
            if key == "gregorian_months":
                assert (parsed.dt.year, parsed.dt.month, parsed.dt.day) == (2023, number, 1), spelling
            else:
                assert jalali_date_str(parsed.dt) == f"1402-{number:02d}-01", spelling


TODAY_LABELS = [
    ("امروز: سه‌شنبه ۲۹ بهمن ۱۳۹۸", True),
    ("امروز ۲۹ بهمن ۱۳۹۸", True),
    ("امروز : يكشنبه، ۲۱ ارديبهشت ۱۳۹۹", True),
    ("تاریخ امروز: دوشنبه ۵ تیر ۱۴۰۲", True),
    (" امروز - ۱۴۰۲/۰۴/۰۵", True),
    ("امروز ۱۲:۳۰", True),  # a listing's relative date: today's, not a printed publication date
    ("امروز", True),
    ("قیمت دلار امروز ۲۵ خرداد", False),  # a headline
    ("اعلام ساعت پرواز‌های فرودگاه یزد امروز یکشنبه۲۱ اردیبهشت", False),
    ("امروز دولت اعلام کرد", False),
    ("امروزه ۵ تیر ۱۴۰۲", False),
    ("سه‌شنبه ۲۹ بهمن ۱۳۹۸", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), TODAY_LABELS)
def test_is_today_label(text: str, expected: bool) -> None:
    assert is_today_label(text) is expected


def test_pick_prefers_the_article_date_over_today() -> None:
    picked = pick_visible_date(["امروز: سه‌شنبه ۲۹ بهمن ۱۳۹۸", "۲۸ بهمن ۱۳۹۸ - ۰۶:۵۵"])
    dt = parse_jalali("۲۸ بهمن ۱۳۹۸ - ۰۶:۵۵")
    assert dt is not None
    assert picked == VisibleDate(dt, True, "۲۸ بهمن ۱۳۹۸ - ۰۶:۵۵", 1, "candidate")
    assert not picked.from_header


def test_pick_keeps_the_callers_order() -> None:
    picked = pick_visible_date([None, "", "بدون تاریخ", "۱ تیر ۱۴۰۲", "۲ تیر ۱۴۰۲ - ۱۰:۰۰"])
    assert picked is not None
    assert (iso(picked.dt), picked.index, picked.has_time) == ("2023-06-22T00:00:00+03:30", 3, False)


def test_pick_takes_the_same_day_with_a_time() -> None:
    picked = pick_visible_date(["سه‌شنبه ۲۹ بهمن ۱۳۹۸", "۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵"])
    assert picked is not None
    assert (iso(picked.dt), picked.index) == ("2020-02-18T06:55:00+03:30", 1)


def test_pick_header_only_as_a_last_resort() -> None:
    header = ["۵۹ : ۱۸ - يکشنبه ۲۱ ارديبهشت ۱۳۹۹"]
    picked = pick_visible_date(["۲۰ ارديبهشت ۱۳۹۹"], header=header)
    assert picked is not None
    assert (iso(picked.dt), picked.from_header) == ("2020-05-09T00:00:00+04:30", False)
    picked = pick_visible_date(["بدون تاریخ"], header=header)
    assert picked is not None
    assert (iso(picked.dt), picked.index, picked.source) == ("2020-05-10T18:59:00+04:30", 0, "header")
    assert picked.from_header
    picked = pick_visible_date(["بدون تاریخ", "امروز: ۲۱ ارديبهشت ۱۳۹۹"], header=header)
    assert picked is not None
    assert (picked.source, picked.index, picked.has_time) == ("header", 0, True)  # same day, with a time
    picked = pick_visible_date(["امروز: ۲۱ ارديبهشت ۱۳۹۹"])
    assert picked is not None and picked.from_header and (picked.source, picked.index) == ("today", 0)
    assert pick_visible_date([]) is None
    assert pick_visible_date(["", None, "سلام"], header=["امروز"]) is None


def _texts(sel: Selector, css: str) -> list[str]:
    return [" ".join(node.css("::text").getall()) for node in sel.css(css)]


def test_pick_on_real_pages() -> None:
    # khabaronline: the header's date-only «سه‌شنبه ۲۹ بهمن ۱۳۹۸» comes first in the document
    sel = Selector(text=(REAL_DIR / "khabaronline_article_reformists-election-call.html").read_text("utf-8"))
    texts = _texts(sel, "div.date, div.item-date span")
    assert parse_visible_date(texts[0]) is not None and not parse_visible_date(texts[0]).has_time
    picked = pick_visible_date(texts)
    assert picked is not None
    assert (iso(picked.dt), picked.text, picked.source) == (
        "2020-02-18T06:55:00+03:30",
        "۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵",
        "candidate",
    )
    # yjc: the header box .today_date holds a clock, so the caller passes it as `header`
    sel = Selector(text=(REAL_DIR / "yjc_article_yazd-police-roundup.html").read_text("utf-8"))
    header = _texts(sel, "div.today_date")
    assert header and parse_visible_date(header[0]) is not None
    picked = pick_visible_date(_texts(sel, ".news_pdate_c"), header=header)
    assert picked is not None
    assert (iso(picked.dt), picked.source) == ("2020-05-10T18:59:00+04:30", "candidate")
    assert "تاریخ انتشار" in picked.text


# ---------------------------------------------------------------- machine-readable fields

MACHINE_CASES = [
    # khabaronline: JSON-LD / article:published_time, modified_time, meta[name=date] with odd spacing
    ("2020-02-18T03:25:00Z", "2020-02-18T06:55:00+03:30"),
    ("2020-02-18T03:00:30Z", "2020-02-18T06:30:30+03:30"),
    ("2020-02-18 T 07:20:50 +0330", "2020-02-18T07:20:50+03:30"),
    # yjc: JSON-LD, and a Jalali date in Persian digits inside article:published_time / modified_time
    ("2020-05-10T18:59:01+04:30", "2020-05-10T18:59:01+04:30"),
    ("۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹", "2020-05-10T18:59:00+04:30"),
    ("۱۳۹۹/۰۲/۲۱ - ۱۸:۵۸", "2020-05-10T18:58:00+04:30"),
    ("۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", "2020-02-18T06:55:00+03:30"),
    # Nastooh RSS (mehr, khabaronline, hamshahri): RFC 822 in GMT
    ("Mon, 19 Oct 2026 19:30:10 GMT", "2026-10-19T23:00:10+03:30"),
    ("Mon, 19 Oct 2026 19:26:56 GMT", "2026-10-19T22:56:56+03:30"),
    ("Mon, 19 Oct 2026 19:26:53 GMT", "2026-10-19T22:56:53+03:30"),
    ("Mon, 19 Oct 2026 19:33:00 GMT", "2026-10-19T23:03:00+03:30"),
    ("Mon, 19 Oct 2026 19:28:00 GMT", "2026-10-19T22:58:00+03:30"),
    ("Mon, 19 Oct 2026 19:17:00 GMT", "2026-10-19T22:47:00+03:30"),
    ("Mon, 19 Oct 2026 19:30:00 GMT", "2026-10-19T23:00:00+03:30"),
    ("Mon, 19 Oct 2026 19:20:05 GMT", "2026-10-19T22:50:05+03:30"),
    ("Mon, 19 Oct 2026 19:19:20 GMT", "2026-10-19T22:49:20+03:30"),
    ("Mon, 19 Oct 2026 19:32:38 GMT", "2026-10-19T23:02:38+03:30"),
    # SepehrFeed RSS (tabnak, entekhab, asriran): no weekday, +0330
    ("19 Oct 2026 22:42:01 +0330", "2026-10-19T22:42:01+03:30"),
    ("19 Oct 2026 22:41:05 +0330", "2026-10-19T22:41:05+03:30"),
    ("19 Oct 2026 22:33:00 +0330", "2026-10-19T22:33:00+03:30"),
    ("20 Oct 2026 15:56:34 +0330", "2026-10-20T15:56:34+03:30"),
    ("20 Oct 2026 15:55:42 +0330", "2026-10-20T15:55:42+03:30"),
    ("20 Oct 2026 15:37:30 +0330", "2026-10-20T15:37:30+03:30"),
    ("Mon, 19 Oct 2026 23:00:00 +0330", "2026-10-19T23:00:00+03:30"),
    ("Tue, 20 Oct 2026 16:00:00 +0330", "2026-10-20T16:00:00+03:30"),
    # zones: none means Tehran; offsets are converted
    ("19 Oct 2026 19:30:10", "2026-10-19T19:30:10+03:30"),
    ("19 Oct 2026 19:30:10 -0000", "2026-10-19T23:00:10+03:30"),
    ("2023-06-26T11:50:00", "2023-06-26T11:50:00+03:30"),
    ("2023-06-26 11:50", "2023-06-26T11:50:00+03:30"),
    ("2023-06-26", "2023-06-26T00:00:00+03:30"),
    ("2023-06-26T08:20:00+00:00", "2023-06-26T11:50:00+03:30"),
    ("2023-06-26T08:20:00.000Z", "2023-06-26T11:50:00+03:30"),
    ("2023-06-26T11:50:00+0330", "2023-06-26T11:50:00+03:30"),
    ("  2023-06-26T11:50:00+03:30\n", "2023-06-26T11:50:00+03:30"),
    ("2021-06-01T12:00:00", "2021-06-01T12:00:00+04:30"),
    # the last summer time ended at 24:00 on 21 Sep 2022
    ("2022-09-21T12:00:00Z", "2022-09-21T16:30:00+04:30"),
    ("2022-09-22T12:00:00Z", "2022-09-22T15:30:00+03:30"),
    ("2023-06-26T12:00:00Z", "2023-06-26T15:30:00+03:30"),
    # Unix time
    ("1592395200", "2020-06-17T16:30:00+04:30"),
    ("1592395200000", "2020-06-17T16:30:00+04:30"),
]


@pytest.mark.parametrize(("value", "expected"), MACHINE_CASES)
def test_parse_machine_date(value: str, expected: str) -> None:
    dt = parse_machine_date(value)
    assert dt is not None
    assert iso(dt) == expected
    assert dt.tzinfo is TEHRAN


NOT_MACHINE = [
    "",
    "   ",
    "garbage",
    "2026",
    "2026-13-01T00:00:00Z",
    "2026-02-30",
    "Mon, 32 Oct 2026 19:30:10 GMT",
    "۱۴۰۲/۱۳/۰۱",
    "۳۰ اسفند ۱۴۰۲",
    "12345",
]


@pytest.mark.parametrize("value", NOT_MACHINE)
def test_parse_machine_date_refuses(value: str) -> None:
    assert parse_machine_date(value) is None


def _feed_dates() -> list[str]:
    pattern = re.compile(r"<(?:pubDate|lastBuildDate)>([^<]+)</")
    return [d for path in sorted(FEEDS_DIR.glob("*_rss_feed.xml")) for d in pattern.findall(path.read_text("utf-8"))]


def test_every_fixture_feed_date_parses() -> None:
    dates = _feed_dates()
    if not dates:
        pytest.skip("no RSS fixtures in tests/data/feeds")
    for value in dates:
        dt = parse_machine_date(value)
        assert dt is not None, value
        assert dt == parsedate_to_datetime(value), value  # the same instant as the standard library reads
        assert dt.utcoffset() == timedelta(hours=3, minutes=30)


# ---------------------------------------------------------------- offsets, formatting, plausibility

UTC_INSTANTS = [
    # (UTC instant, Tehran wall clock): the summer-time switches of 2020-2022, and none in 2023
    ((2020, 3, 20, 20, 29), "2020-03-20T23:59:00+03:30"),
    ((2020, 3, 20, 20, 30), "2020-03-21T01:00:00+04:30"),
    ((2021, 3, 21, 20, 29), "2021-03-21T23:59:00+03:30"),
    ((2021, 3, 21, 20, 30), "2021-03-22T01:00:00+04:30"),
    ((2021, 9, 21, 19, 29), "2021-09-21T23:59:00+04:30"),
    ((2021, 9, 21, 19, 30), "2021-09-21T23:00:00+03:30"),
    ((2022, 3, 21, 20, 30), "2022-03-22T01:00:00+04:30"),
    ((2022, 9, 21, 19, 30), "2022-09-21T23:00:00+03:30"),
    ((2023, 3, 21, 20, 30), "2023-03-22T00:00:00+03:30"),
    ((2023, 6, 26, 8, 20), "2023-06-26T11:50:00+03:30"),
]


@pytest.mark.parametrize(("utc", "expected"), UTC_INSTANTS)
def test_to_tehran_offsets(utc: tuple[int, ...], expected: str) -> None:
    assert iso(to_tehran(datetime(*utc, tzinfo=UTC))) == expected


def test_to_tehran_naive_is_wall_clock() -> None:
    assert iso(datetime(2023, 6, 26, 11, 50)) == "2023-06-26T11:50:00+03:30"
    assert to_tehran(datetime(2020, 5, 10, 18, 59)).utcoffset() == timedelta(hours=4, minutes=30)


JALALI_DAY_CASES = [
    ("2020-02-18T03:25:00Z", "1398-11-29"),
    ("2020-05-10T18:59:01+04:30", "1399-02-21"),
    ("2023-06-26T11:50:00+03:30", "1402-04-05"),
    ("2023-06-25T21:00:00Z", "1402-04-05"),  # already the 5th in Tehran
    ("2023-06-25T20:00:00Z", "1402-04-04"),
    ("2025-03-20T12:00:00+03:30", "1403-12-30"),
    ("2025-03-21T12:00:00+03:30", "1404-01-01"),
]


@pytest.mark.parametrize(("value", "expected"), JALALI_DAY_CASES)
def test_jalali_date_str(value: str, expected: str) -> None:
    dt = parse_machine_date(value)
    assert dt is not None
    assert jalali_date_str(dt) == expected


def test_iso_has_seconds_and_offset() -> None:
    assert iso(datetime(2023, 6, 26, 8, 20, 0, 123456, tzinfo=UTC)) == "2023-06-26T11:50:00+03:30"


NOW = datetime(2026, 10, 20, 12, 0, tzinfo=TEHRAN)
PLAUSIBLE_CASES = [
    (datetime(1989, 12, 31, 23, 0, tzinfo=TEHRAN), False),
    (datetime(1990, 1, 1, 0, 0, tzinfo=TEHRAN), True),
    (datetime(2020, 2, 18, 6, 55, tzinfo=TEHRAN), True),
    (NOW + timedelta(hours=23), True),
    (NOW + timedelta(days=2), False),
    (datetime(2026, 10, 20, 8, 30), True),  # naive: Tehran wall clock
]


@pytest.mark.parametrize(("dt", "expected"), PLAUSIBLE_CASES)
def test_plausible(dt: datetime, expected: bool) -> None:
    assert plausible(dt, now=NOW) is expected


def test_plausible_defaults_to_now() -> None:
    assert plausible(datetime.now(UTC))
    assert not plausible(datetime.now(UTC) + timedelta(days=3))


def test_tehran_zone_data() -> None:
    # summer time until 2022 must come from the tz database (system or the tzdata package)
    assert datetime(2020, 5, 10, 12, tzinfo=TEHRAN).utcoffset() == timedelta(hours=4, minutes=30)
    assert datetime(2023, 5, 10, 12, tzinfo=TEHRAN).utcoffset() == timedelta(hours=3, minutes=30)


