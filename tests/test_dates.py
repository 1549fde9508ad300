"""Dates: visible Jalali dates, machine-readable fields, Tehran offsets before and after 2022."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from newsbot.text.dates import (
    TEHRAN,
    ParsedDate,
    iso,
    jalali_date_str,
    parse_jalali,
    parse_jalali_ex,
    parse_machine_date,
    plausible,
    to_tehran,
)

FEEDS_DIR = Path(__file__).parent / "data" / "feeds"

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


def test_parsing_is_fast() -> None:
    values = ["۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", "۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹", "Mon, 19 Oct 2026 19:30:10 GMT", "2020-02-18T03:25:00Z"]
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        for value in values:
            parse_machine_date(value)
    per_parse = (time.perf_counter() - start) / (runs * len(values))
    assert per_parse < 200e-6  # measured 4-13 µs; a loose bound against regressions
