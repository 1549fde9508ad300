"""Dates as Persian news sites print and publish them: visible text, ISO 8601, RFC 822.

Every function returns an aware datetime in Asia/Tehran. Iran kept summer time until 2022 (+04:30 from
the start of 2 Farvardin to the end of 30 Shahrivar, +03:30 otherwise) and has not since; zoneinfo
knows this from the system tz database or the `tzdata` package. Nothing here raises on bad input:
a string that is not a real date gives None.

Visible dates («دوشنبه ۵ تیر ۱۴۰۲ - ۱۱:۵۰», «5 تير 1399 - 10:21 ق.ظ», «۲۵ حمل ۱۴۰۲», «۱۰ ژانویه ۲۰۲۴»):
`parse_jalali` reads the Jalali calendar only (Iranian and Afghan month names, numeric dates);
`parse_visible_date` reads any calendar a Persian page prints. Month and weekday words live in
data/date_words.json. A page often prints two dates, the day's date in its header («امروز: …») and
the article's beside the headline: an extractor hands every candidate text to `pick_visible_date`,
which prefers the article's (see there).

dateparser is not used: it reads «۱۴۰۲/۰۴/۰۵» as the Gregorian year 1402.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz
from pathlib import Path
from zoneinfo import ZoneInfo

import jdatetime

from newsbot.text.fold import fold

TEHRAN = ZoneInfo("Asia/Tehran")

# Jalali years a news page can print; a 4-digit year below this is Jalali, not Gregorian.
JALALI_YEAR_MAX = 1700
_JALALI_YEAR_MIN = 1200
_GREGORIAN_YEARS = range(1900, 2201)
_EARLIEST = datetime(1990, 1, 1, tzinfo=TEHRAN)

_JALALI, _GREGORIAN = "jalali", "gregorian"

def _fold(text: str) -> str:
    # the one folding (newsbot.text.fold): digits ASCII, Arabic letters Persian, marks out, ZWNJ a space
    return fold(text)


def _word_key(word: str) -> str:
    return re.sub(r"\s+", "", _fold(word)).lower()


def _word_pattern(words: Iterable[str]) -> str:
    """An alternation of spellings, longest first; a space in a spelling matches any spacing."""
    folded = sorted({_fold(w) for w in words}, key=len, reverse=True)
    return "|".join(r"\s*".join(map(re.escape, w.split())) for w in folded)


def _load_words() -> dict:
    path = Path(__file__).parent / "data" / "date_words.json"
    return json.loads(path.read_text("utf-8"))


_WORDS = _load_words()


def _month_table(words: dict) -> dict[str, tuple[str, int]]:
    """Folded spelling → (calendar, month number); a spelling claimed by two months is a data error."""
    table: dict[str, tuple[str, int]] = {}
    for key, calendar in (("jalali_months", _JALALI), ("afghan_months", _JALALI), ("gregorian_months", _GREGORIAN)):
        months = words[key]
        if len(months) != 12:
            raise ValueError(f"date_words.json: {key} must list 12 months, not {len(months)}")
        for number, spellings in enumerate(months, start=1):
            for spelling in spellings:
                word = _word_key(spelling)
                if table.get(word, (calendar, number)) != (calendar, number):
                    raise ValueError(f"date_words.json: {spelling!r} names two months")
                table[word] = (calendar, number)
    return table


_MONTHS = _month_table(_WORDS)
# Every month spelling as written in the data file, for callers that need the words themselves.
MONTH_NAMES: frozenset[str] = frozenset(
    w for key in ("jalali_months", "afghan_months", "gregorian_months") for m in _WORDS[key] for w in m
)
_SPELLINGS = [w.lower() for w in MONTH_NAMES]
# «ژانویه‌ی ۲۰۲۴»: the ezafe yeh after a month that ends in heh
_MONTH_ALT = _word_pattern(_SPELLINGS + [w + " ی" for w in _SPELLINGS if w.endswith("ه")])  # ZWNJ or not
_WEEKDAY_ALT = _word_pattern(_WORDS["weekdays"])
_TODAY_ALT = _word_pattern(_WORDS["today_labels"])

_TEXT_DATE = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?:ام|م)?\s*(?P<m>{_MONTH_ALT})(?:\s*ماه)?(?!\w)\s*[,،]?\s*"
    r"(?P<y>\d{4}|\d{2})(?![\d:])",  # a 2-digit "year" followed by ':' is an hour
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,4})\s*(?P<sep>[/.-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<c>\d{1,4})(?![\d/])"
)
# «۱۱:۵۰», «۱۱:۵۰:۳۰»; «۵۹ : ۱۸» is read in the order an RTL page shows it (see `_find_time`)
_TIME = re.compile(r"(?<![\d:])(?P<a>\d{1,2})(?P<sp1>\s*):(?P<sp2>\s*)(?P<b>\d{1,2})(?::(?P<s>\d{2}))?(?![\d:])")
_AFTERNOON = re.compile(r"(?<!\w)ب\s*\.?\s*ظ(?!\w)|بعد\s*از\s*ظهر|\bPM\b", re.IGNORECASE)
_MORNING = re.compile(r"(?<!\w)ق\s*\.?\s*ظ(?!\w)|قبل\s*از\s*ظهر|\bAM\b", re.IGNORECASE)
_TODAY_LABEL = re.compile(
    rf"^[\s\W]*(?:{_TODAY_ALT})(?!\w)[\s:：،,|\-–—]*(?:(?:{_WEEKDAY_ALT})(?!\w)[\s:،,|\-–—]*)?(?:\d|$)"
)
_ISO_SPACE_T = re.compile(r"(\d)\s*T\s*(\d)")
_ISO_SPACE_ZONE = re.compile(r"(\d)\s+([+-]\d{2}:?\d{2})$")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_ENDS_WITH_TIME = re.compile(r"\d:\d{2}(?::\d{2})?\s*$")
_MACHINE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}\s*T|\d:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:GMT|UTC|UT|Z|[+-]\d{2}:?\d{2})$")
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
_HAS_CLOCK = re.compile(r"\d:\d")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed date: `dt` is aware (Asia/Tehran); `has_time` is False when only the day was printed."""

    dt: datetime
    has_time: bool


@dataclass(frozen=True, slots=True)
class VisibleDate:
    """The date `pick_visible_date` chose, and where it came from.

    `source` is "candidate" (an article date), "today" (a candidate labelled «امروز», see `is_today_label`)
    or "header" (one of the `header` texts); `index` is the text's position in `candidates`, or in
    `header` when `source` is "header".
    """

    dt: datetime
    has_time: bool
    text: str
    index: int
    source: str

    @property
    def from_header(self) -> bool:
        """True when no article date parsed and the page's own date was used."""
        return self.source != "candidate"


def parse_jalali(text: str) -> datetime | None:
    """A Jalali date as printed on a page («۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵», «1402/04/05 11:50», «۲۵ حمل ۱۴۰۲») → aware datetime.

    A date without a time gives midnight; use `parse_jalali_ex` to know which it was. Gregorian dates,
    even with Persian month names, give None: `parse_visible_date` reads those.
    """
    parsed = parse_jalali_ex(text)
    return parsed.dt if parsed else None


def parse_jalali_ex(text: str) -> ParsedDate | None:
    """Like `parse_jalali`, and says whether the text held a time of day."""
    return _parse_printed(text, (_JALALI,)) if text else None


def parse_visible_date(text: str) -> ParsedDate | None:
    """A date as printed on a page, in any calendar it uses → aware datetime in Tehran and whether a time was printed.

    Reads Jalali dates (Iranian and Afghan month names, numeric «۱۴۰۲/۰۴/۰۵», two-digit years «۹۸/۱۱/۲۹»),
    Gregorian dates with Persian, Dari or English month names («۱۰ ژانویه ۲۰۲۴», «15 June 2021») or
    numeric year first («۲۰۲۳/۰۶/۲۶»), and ISO 8601 or RFC 822 with a zone. Weekdays, labels
    («تاریخ انتشار:», «ساعت») and separators («-», «|», «،», «/») around the parts are ignored; digits
    may be Latin, Persian or Arabic-Indic; a 12-hour time carries «ق.ظ»/«ب.ظ», «قبل از ظهر»/«بعد از ظهر»
    or AM/PM. A time without a zone is Tehran wall-clock time.
    """
    if not text or not text.strip():
        return None
    folded = _fold(text).strip()
    if _MACHINE_LIKE.search(folded) and not _looks_jalali(folded):
        # ISO 8601 and RFC 822 carry a zone the printed reader would ignore
        machine = _parse_iso(folded) or _parse_rfc822(folded)
        if machine is not None:
            return ParsedDate(to_tehran(machine), bool(_HAS_CLOCK.search(folded)))
    return _parse_printed(folded, (_JALALI, _GREGORIAN))


def is_today_label(text: str) -> bool:
    """True for a page's own "today is" date: the text starts with «امروز» or «تاریخ امروز», then
    optionally «:», a weekday and the date («امروز: سه‌شنبه ۲۹ بهمن ۱۳۹۸»). Such a date is when the
    page was served, not when the article was published. «امروز» inside a sentence does not count.
    """
    return bool(text) and bool(_TODAY_LABEL.match(_fold(text)))


def pick_visible_date(candidates: Iterable[str | None], header: Iterable[str | None] = ()) -> VisibleDate | None:
    """The article's date among the date texts of one page.

    `candidates`: texts that may hold the article's date, in the caller's order of preference (the
    site's date selectors first, then generic ones). `header`: texts known to be the page's own date
    (a header or "today" box, e.g. `.today_date`), if the caller can tell.

    The first candidate that parses wins, except that a later candidate with the same day and a time
    replaces one without a time («سه‌شنبه ۲۹ بهمن ۱۳۹۸» then «۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵»). Candidates
    labelled «امروز» (`is_today_label`) and the `header` texts are used only when no other candidate
    parses; the result then has `from_header` True, and a caller may prefer to report it rather than
    trust it. None when nothing parses. Plausibility (`plausible`) is the caller's check.
    """
    article: list[VisibleDate] = []
    today: list[VisibleDate] = []
    for source, texts in (("candidate", candidates), ("header", header)):
        for index, text in enumerate(texts):
            parsed = parse_visible_date(text) if text else None
            if parsed is None:
                continue
            kind = "today" if source == "candidate" and is_today_label(text) else source
            (article if kind == "candidate" else today).append(
                VisibleDate(parsed.dt, parsed.has_time, text, index, kind)
            )
    pool = article or today
    if not pool:
        return None
    if pool[0].has_time:
        return pool[0]
    day = pool[0].dt.date()
    return next((c for c in pool if c.has_time and c.dt.date() == day), pool[0])


def _parse_printed(text: str, calendars: tuple[str, ...]) -> ParsedDate | None:
    folded = _fold(text)
    found, rest = _find_date(folded, calendars)
    if found is None:
        return None
    calendar, (year, month, day) = found
    clock = _find_time(rest)
    if clock is False:
        return None
    hour, minute, second = clock or (0, 0, 0)
    try:
        if calendar == _JALALI:
            naive = jdatetime.datetime(year, month, day, hour, minute, second).togregorian()
        else:
            naive = datetime(year, month, day, hour, minute, second)
    except (ValueError, OverflowError):
        return None  # 30 Esfand of a common year, month 13, day 32, 30 February …
    return ParsedDate(naive.replace(tzinfo=TEHRAN), clock is not None)


def _find_date(text: str, calendars: tuple[str, ...]) -> tuple[tuple[str, tuple[int, int, int]] | None, str]:
    """(calendar, (year, month, day)) of the first date in `text`, and the text with that date taken out.

    Month names first, numeric dates second. A Jalali month with a Gregorian year («۵ تیر ۲۰۲۳») or the
    reverse is no date; a later date in the text is tried.
    """
    for match in _TEXT_DATE.finditer(text):
        calendar, month = _month_of(match["m"])
        if calendar not in calendars:
            continue
        year = _full_year(match["y"]) if calendar == _JALALI else int(match["y"])
        if _year_ok(calendar, year, match["y"]):
            return (calendar, (year, month, int(match["d"]))), _cut(text, match)
    for match in _NUMERIC_DATE.finditer(text):
        found = _numeric_ymd(match["a"], match["b"], match["c"])
        if found is None:
            continue
        if _JALALI_YEAR_MIN <= found[0] < JALALI_YEAR_MAX and _JALALI in calendars:
            return (_JALALI, found), _cut(text, match)
        if len(match["a"]) == 4 and found[0] in _GREGORIAN_YEARS and _GREGORIAN in calendars:
            return (_GREGORIAN, found), _cut(text, match)  # year first only: «06/07/2023» is ambiguous
    return None, text


def _month_of(word: str) -> tuple[str, int]:
    key = _word_key(word)
    if key not in _MONTHS and key.endswith("هی"):
        key = key[:-1]  # the ezafe yeh
    return _MONTHS[key]


def _year_ok(calendar: str, year: int, printed: str) -> bool:
    if calendar == _JALALI:
        return _JALALI_YEAR_MIN <= year < JALALI_YEAR_MAX
    return len(printed) == 4 and year in _GREGORIAN_YEARS


def _cut(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " + text[match.end() :]


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
    """(hour, minute, second), None when there is no time, False when the time is impossible.

    A colon with spaces on both sides («۵۹ : ۱۸», YJC's header) splits the numbers into runs that an
    RTL page shows right to left, so the page shows «۱۸ : ۵۹»: read it that way, unless only the
    written order is a valid time. «ب.ظ» adds 12 to hours 1-11; «ق.ظ» makes 12 midnight.
    """
    # «۵:۳» is no time: an unspaced colon needs two minute digits
    match = next((m for m in _TIME.finditer(text) if (m["sp1"] and m["sp2"]) or len(m["b"]) == 2), None)
    if not match:
        return None
    first, last = int(match["a"]), int(match["b"])
    if match["sp1"] and match["sp2"]:
        hour, minute, second = (last, first, 0) if last <= 23 and first <= 59 else (first, last, 0)
    else:
        hour, minute, second = first, last, int(match["s"] or 0)
    if _AFTERNOON.search(text):
        if hour < 12:
            hour += 12
    elif _MORNING.search(text):
        if hour == 12:
            hour = 0
        elif hour > 12:
            return False  # «۱۳:۰۰ ق.ظ» contradicts itself
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
    folded = _fold(value).strip()
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
