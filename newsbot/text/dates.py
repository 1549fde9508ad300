"""Dates as Persian news sites print and publish them: Jalali text, ISO 8601, RFC 822.

Every function returns an aware datetime in Asia/Tehran. Iran kept summer time until 2022 (+04:30 from
the start of 2 Farvardin to the end of 30 Shahrivar, +03:30 otherwise) and has not since; zoneinfo
knows this from the system tz database or the `tzdata` package. Nothing here raises on bad input:
a string that is not a real date gives None.

dateparser is not used: it reads «۱۴۰۲/۰۴/۰۵» as the Gregorian year 1402.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo

import jdatetime

TEHRAN = ZoneInfo("Asia/Tehran")

# Jalali years a news page can print; a 4-digit year below this is Jalali, not Gregorian.
JALALI_YEAR_MAX = 1700
_JALALI_YEAR_MIN = 1200
_EARLIEST = datetime(1990, 1, 1, tzinfo=TEHRAN)

_MONTHS = {
    "فروردین": 1,
    "اردیبهشت": 2,
    "خرداد": 3,
    "تیر": 4,
    "مرداد": 5,
    "امرداد": 5,
    "شهریور": 6,
    "مهر": 7,
    "آبان": 8,
    "ابان": 8,
    "آذر": 9,
    "اذر": 9,
    "دی": 10,
    "بهمن": 11,
    "اسفند": 12,
}
# Digits to ASCII, Arabic letters to Persian, ZWNJ and tatweel out: one spelling for the patterns.
_FOLD = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩يكى",
    "01234567890123456789یکی",
    "\u200c\u200f\u200e\u0640",
)
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TEXT_DATE = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?:ام|م)?\s*(?P<m>{_MONTH_ALT})(?:\s*ماه)?(?!\w)\s*[,،]?\s*"
    r"(?P<y>\d{4}|\d{2})(?![\d:])"  # a 2-digit "year" followed by ':' is an hour
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,4})\s*(?P<sep>[/.-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<c>\d{1,4})(?![\d/])"
)
_TIME = re.compile(r"(?<![\d:])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?![\d:])")
_AFTERNOON = re.compile(r"ب\s*\.\s*ظ|بعد\s*از\s*ظهر|\bPM\b", re.IGNORECASE)
_MORNING = re.compile(r"ق\s*\.\s*ظ|قبل\s*از\s*ظهر|\bAM\b", re.IGNORECASE)
_ISO_SPACE_T = re.compile(r"(\d)\s*T\s*(\d)")
_ISO_SPACE_ZONE = re.compile(r"(\d)\s+([+-]\d{2}:?\d{2})$")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_ENDS_WITH_TIME = re.compile(r"\d:\d{2}(?::\d{2})?\s*$")
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed date: `dt` is aware (Asia/Tehran); `has_time` is False when only the day was printed."""

    dt: datetime
    has_time: bool


def parse_jalali(text: str) -> datetime | None:
    """A Jalali date as printed on a page («۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵», «1402/04/05 11:50») → aware datetime.

    A date without a time gives midnight; use `parse_jalali_ex` to know which it was.
    """
    parsed = parse_jalali_ex(text)
    return parsed.dt if parsed else None


def parse_jalali_ex(text: str) -> ParsedDate | None:
    """Like `parse_jalali`, and says whether the text held a time of day."""
    if not text:
        return None
    folded = text.translate(_FOLD)
    ymd, rest = _find_jalali_date(folded)
    if ymd is None:
        return None
    clock = _find_time(rest)
    if clock is False:
        return None
    hour, minute, second = clock or (0, 0, 0)
    try:
        gregorian = jdatetime.datetime(*ymd, hour, minute, second).togregorian()
    except (ValueError, OverflowError):
        return None  # 30 Esfand of a common year, month 13, day 32 …
    return ParsedDate(gregorian.replace(tzinfo=TEHRAN), clock is not None)


def _find_jalali_date(text: str) -> tuple[tuple[int, int, int] | None, str]:
    """(year, month, day) of the first date in `text`, and the text with that date taken out."""
    match = _TEXT_DATE.search(text)
    if match:
        ymd = (_full_year(match["y"]), _MONTHS[match["m"]], int(match["d"]))
    else:
        match = _NUMERIC_DATE.search(text)
        if not match:
            return None, text
        ymd = _numeric_ymd(match["a"], match["b"], match["c"])
    if ymd is None or not _JALALI_YEAR_MIN <= ymd[0] < JALALI_YEAR_MAX:
        return None, text
    return ymd, text[: match.start()] + " " + text[match.end() :]


def _numeric_ymd(a: str, b: str, c: str) -> tuple[int, int, int] | None:
    # Persian sites write year/month/day; day/month/year shows itself by a 4-digit last part.
    if len(c) == 4 and len(a) <= 2:
        return _full_year(c), int(b), int(a)
    if len(a) == 4 and len(c) <= 2:
        return int(a), int(b), int(c)
    if len(a) == len(b) == len(c) == 2:
        return _full_year(a), int(b), int(c)
    return None


def _full_year(year: str) -> int:
    # «۰۲/۰۴/۰۵» is 1402, «۹۸/۱۱/۲۹» is 1398.
    if len(year) == 2:
        short = int(year)
        return 1400 + short if short < 50 else 1300 + short
    return int(year)


def _find_time(text: str) -> tuple[int, int, int] | None | bool:
    """(hour, minute, second), None when there is no time, False when the time is impossible."""
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute, second = int(match["h"]), int(match["mi"]), int(match["s"] or 0)
    if _AFTERNOON.search(text) and hour < 12:
        hour += 12
    elif _MORNING.search(text) and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return False
    return hour, minute, second


def parse_machine_date(value: str) -> datetime | None:
    """A date from a machine-readable field (JSON-LD, meta, RSS, time[datetime]) → datetime in Tehran.

    Reads ISO 8601 (with Z, an offset, or no zone, which means Tehran; odd spacing such as
    «2020-02-18 T 07:20:50 +0330»), RFC 822 with or without the weekday, Unix timestamps, and Jalali
    dates that some sites put in these fields («۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹»).
    """
    if not value or not value.strip():
        return None
    folded = value.translate(_FOLD).strip()
    if _looks_jalali(folded):
        return parse_jalali(folded)
    parsed = _parse_iso(folded) or _parse_rfc822(folded) or _parse_epoch(folded)
    return to_tehran(parsed) if parsed else None


def _looks_jalali(value: str) -> bool:
    # a year such as 1399 and none such as 2020 («+0330» is not a year: it is out of both ranges)
    years = [int(y) for y in _FOUR_DIGITS.findall(value)]
    jalali = any(_JALALI_YEAR_MIN <= y < JALALI_YEAR_MAX for y in years)
    return jalali and not any(1900 <= y <= 2200 for y in years)


def _parse_iso(value: str) -> datetime | None:
    cleaned = _ISO_SPACE_ZONE.sub(r"\1\2", _ISO_SPACE_T.sub(r"\1T\2", value))
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        return None


def _parse_rfc822(value: str) -> datetime | None:
    try:
        fields = parsedate_tz(value)
        naive = datetime(*fields[:6]) if fields else None
    except (ValueError, OverflowError, IndexError, TypeError):
        return None
    if fields is None or naive is None:
        return None
    if _ENDS_WITH_TIME.search(value):
        return naive  # no zone written: Tehran wall-clock time
    # a written zone; «-0000», «GMT» and names the parser does not know come out as offset 0 (UTC)
    return naive.replace(tzinfo=UTC) - timedelta(seconds=fields[9] or 0)


def _parse_epoch(value: str) -> datetime | None:
    if not _EPOCH.fullmatch(value):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    return datetime.fromtimestamp(seconds, UTC)


def to_tehran(dt: datetime) -> datetime:
    """The same instant in Asia/Tehran; a naive datetime is taken to be Tehran wall-clock time."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=TEHRAN)
    return dt.astimezone(TEHRAN)


def jalali_date_str(dt: datetime) -> str:
    """The Jalali calendar day in Tehran, ASCII digits: «1402-04-05»."""
    day = jdatetime.date.fromgregorian(date=to_tehran(dt).date())
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def iso(dt: datetime) -> str:
    """ISO 8601 in Tehran time, seconds included: «2023-06-26T11:50:00+03:30»."""
    return to_tehran(dt).isoformat(timespec="seconds")


def plausible(dt: datetime, now: datetime | None = None) -> bool:
    """A publication date a news page can carry: from 1990 on, at most one day ahead of `now`."""
    moment = to_tehran(dt)
    current = to_tehran(now) if now else datetime.now(TEHRAN)
    return _EARLIEST <= moment <= current + timedelta(days=1)
