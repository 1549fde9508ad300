"""The period of a digest or a search: `--since 24h`, or `--from DATE --to DATE` with Jalali or ISO dates.

Days are Tehran days (the day printed on the articles): «1404-07-08», «۱۴۰۴/۰۷/۰۸» and «2025-09-30» are one day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import jdatetime

from newsbot.text.dates import JALALI_YEAR_MAX, TEHRAN
from newsbot.text.normalize import to_ascii_digits

__all__ = ["Period", "parse_day", "parse_since", "period_between", "period_since"]

_DAY = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_SINCE = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_day(text: str) -> date:
    """A Gregorian date from `YYYY-MM-DD` (or `/`), Jalali when the year is a Jalali one; ValueError otherwise."""
    match = _DAY.match(to_ascii_digits(text or ""))
    if not match:
        raise ValueError(f"{text!r} is not a date: write 1404-07-08 (Jalali) or 2025-09-30")
    year, month, day = (int(g) for g in match.groups())
    try:
        if year <= JALALI_YEAR_MAX:
            return jdatetime.date(year, month, day).togregorian()
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real day: {exc}") from None


def parse_since(text: str) -> timedelta:
    """`24h`, `3d`, `2w`: how far back from now."""
    match = _SINCE.match(to_ascii_digits(text or ""))
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a span: write 24h, 3d or 2w")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC, with the Tehran days it covers for labels and day filters."""

    start: datetime
    end: datetime

    @property
    def start_utc(self) -> str:
        return self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def end_utc(self) -> str:
        return self.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def days(self) -> list[date]:
        first = self.start.astimezone(TEHRAN).date()
        last = (self.end - timedelta(seconds=1)).astimezone(TEHRAN).date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def label(self) -> str:
        """«1404-07-08 تا 1404-07-09» in Jalali, as the reader dates things."""
        days = self.days()
        first, last = (jdatetime.date.fromgregorian(date=d) for d in (days[0], days[-1]))
        return f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} تا {last:%Y-%m-%d}"


def period_between(day_from: str, day_to: str | None = None) -> Period:
    """From the start of one Tehran day to the end of another (the same day when `day_to` is None)."""
    first = parse_day(day_from)
    last = parse_day(day_to) if day_to else first
    if last < first:
        raise ValueError(f"--to {day_to} is before --from {day_from}")
    start = datetime.combine(first, time(0), tzinfo=TEHRAN)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=TEHRAN)
    return Period(start, end)


def period_since(span: str, now: datetime | None = None) -> Period:
    now = now or datetime.now(UTC)
    return Period(now - parse_since(span), now)
