"""Quantity facts: percents, counts, money and durations stated in Persian news text.

`find_quantities` reads numbers with `newsbot.text.numbers`, drops those that are dates, years,
clock times, labels («ماده ۲۸») or names («مخاطب24»), and types the rest by the word after them.
Word lists live in `data/*.json`; this module only holds the rules.

A number is a fact when a unit follows it (percent sign or word, currency, duration word, a listed
counted noun, or — for digits and magnitudes only — any noun-like word), when it is an adjectival
magnitude qualifying the noun before it («جمعیت ۸۵ میلیونی»), or when it is a bare magnitude of at
least a thousand («به ۴۲ میلیون رسید»). Numbers in words without a magnitude («دو», «سه») count
only with a listed noun; «یک» never counts (it is the indefinite article far more often).
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from newsbot.facts.model import Fact
from newsbot.text.fold import Folded, fold, squash
from newsbot.text.numbers import NumberSpan, find_numbers

__all__ = ["find_quantities"]

_DATA = Path(__file__).with_name("data")
_DATE_WORDS = Path(__file__).parents[1] / "text" / "data" / "date_words.json"
_CALENDARS = ("jalali_months", "afghan_months", "gregorian_months", "hijri_months")
_ZWNJ = "\u200c"
_key = squash  # a table key: folded, spaces and ZWNJ removed


def _load(name: str) -> dict:
    with (_DATA / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _keys(words: list[str]) -> frozenset[str]:
    """Keys of a word list; entries starting with «_» are notes."""
    return frozenset(_key(w) for w in words if not w.startswith("_"))


def _phrase_body(phrase: str) -> str:
    """A pattern for a phrase of folded text: a space in it matches any run of spaces (ZWNJ) or none."""
    return " *".join(re.escape(w) for w in fold(phrase).split())


def _alternation(phrases: list[str]) -> str:
    """A pattern for any phrase of a data list (longest first; notes starting with «_» left out)."""
    return "|".join(_phrase_body(p) for p in sorted(phrases, key=len, reverse=True) if not p.startswith("_"))


_UNITS = _load("units.json")
_CONTEXT = _load("number_context.json")
_QUALIFIERS = _load("qualifiers.json")

_PERCENT = _keys(_UNITS["percent"])
_PERCENT_SIGNS = frozenset(_UNITS["percent_signs"])
_PERCENT_ADJECTIVES = frozenset(k for k in _PERCENT if k.endswith("ی"))
_CURRENCY = {_key(k): v for k, v in _UNITS["currency"].items()}
_CURRENCY_SCALED = {_key(k): v for k, v in _UNITS["currency_scaled"].items() if not k.startswith("_")}
_DURATION = {_key(k): v for k, v in _UNITS["duration"].items()}
_ADJECTIVAL_MEASURES = frozenset(k for k in _DURATION if k.endswith("ه") and k not in ("هفته", "دهه"))
_COUNT_NOUNS = _keys(_UNITS["count_nouns"])
_MEASURES = {_key(k): tuple(v) for k, v in _UNITS["measures"].items() if not k.startswith("_")}
_UNIT_BASE = {_key(k): v for k, v in _UNITS["unit_base"].items() if not k.startswith("_")}
_MONEY_NOUNS = _keys(_UNITS["money_nouns"])
_PERSON_NOUNS = _keys(_UNITS["person_nouns"])
_PERSON_TONNE = _keys(_UNITS["person_tonne_words"])
_LISTED_UNITS = (
    _PERCENT | _COUNT_NOUNS | frozenset(_CURRENCY) | frozenset(_CURRENCY_SCALED) | frozenset(_DURATION)
    | frozenset(_MEASURES)
)
# a lone «نه» or «نیم» is a number before one of these single words («نیم کیلوگرم», «نه درصد»)
_MEASURED_WORDS = frozenset(k for k in _LISTED_UNITS if " " not in k)
_ONE_COUNTS = _keys(_CONTEXT["one_counts"])
_NUMBER_NAMES_RE = re.compile("(?:" + _alternation(_CONTEXT["number_names"]) + r")(?![^\W\d_])")
_MAX_UNIT_WORDS = 4
_MAX_SUBJECT_WORDS = 6
_SUBJECT_STOPS = _keys(_CONTEXT["subject_stops"])
_SUBJECT_LEADS = _keys(_CONTEXT["subject_leads"])
_SUBJECT_SKIP = _keys(_CONTEXT["subject_skip"])
_CLASSIFIERS = _keys(_CONTEXT["classifiers"])
_PREPOSITIONS = _keys(["به", "با", "از", "تا", "در", "بر"])
_PURPOSE = re.compile(r" *(?:" + _alternation(_CONTEXT["purposes"]) + r")(?![^\W\d_])")
_NO_STOP = r"[^.،,؛:!?؟\n]"  # any character but a sentence or clause stop
_MAKE_UP_RE = re.compile(
    _NO_STOP + "{0,30}? را (" + _NO_STOP + "{1,60}?) (?:" + _alternation(_CONTEXT["make_up"]) + r")(?![^\W\d_])"
)
_ADVERBS = _keys(_CONTEXT["adverbs"])
_DATES = json.loads(_DATE_WORDS.read_text("utf-8"))
# «حمل», «میزان», «می»: month names that are common words too, read as months only before a year
_AMBIGUOUS_MONTHS = _keys([w for month in _DATES["afghan_months"] for w in month] + _CONTEXT["ambiguous_months"])
_MONTHS = _keys([w for key in _CALENDARS for month in _DATES[key] for w in month]) - _AMBIGUOUS_MONTHS
_LATIN_LETTERS = _keys(_CONTEXT["latin_letter_names"])
_YEAR_AFTER_MONTH = re.compile(r" *(?:ماه)? *(?:سال)? *\d{2,4}(?!\d)")
_YEAR_BEFORE = _keys(_CONTEXT["year_before"])
_YEAR_AFTER = _keys(_CONTEXT["year_after"])
_CLOCK_BEFORE = _keys(_CONTEXT["clock_before"])
_CLOCK_AFTER = _keys(_CONTEXT["clock_after"])
_LABELS = _keys(_CONTEXT["labels"])
_STRICT_LABELS = _keys(_CONTEXT["strict_labels"])
_WITHOUT = _keys(_CONTEXT["without"])
_AGE_WORDS = _keys(_CONTEXT["age_words"])
_TENURE = _keys(_CONTEXT["tenure_words"])
_UNIT_SKIP = _keys(_CONTEXT["unit_skip"])
_WHOLE_PERCENT_BEFORE = _keys(_CONTEXT["whole_percent_before"])
_DEMONSTRATIVES = _keys(_CONTEXT["demonstratives"])
_DISTRIBUTIVES = _keys(_CONTEXT["distributives"])
_COPULAS = _keys(_CONTEXT["copulas"])
_STOPWORDS = _keys(_CONTEXT["stopwords"])
_LIGHT_VERBS = _keys(_CONTEXT["light_verbs"])
_NEGATORS = _keys(_CONTEXT["negators"])
_HYPOTHETICAL_RE = re.compile(r"(?<![^\W\d_])(?:" + _alternation(_CONTEXT["hypotheticals"]) + r")(?![^\W\d_])")
# a denied verb: «نداشته‌ایم», «نمی‌شود», «نیست», «نخواهد»; checked on folded words
_NEGATIVE_VERB = re.compile(
    r"(?<!\S)(?:نمی|نخواه|ندار|نداشت|نکرد|نکن|نشد|نشو|نبود|نیست|نیاف|نگرد|نرسید|نده|نداد|نگرفت|نبا)\S*"
)
_CLAUSE_START = re.compile(r"[،,؛;:]|(?<!\S)(?:اما|ولی|که)(?!\S)")
_QUALIFIER_KINDS = ("about", "over", "under")
_QUALIFIER_OF = {_key(p): kind for kind in _QUALIFIER_KINDS for p in _QUALIFIERS[kind]}
_QUALIFIER_IDIOMS = tuple(_key(p) for p in _QUALIFIERS["idioms"] if not p.startswith("_"))
_QUALIFIER_WORDS = max(len(fold(p).split()) for k in _QUALIFIER_KINDS for p in _QUALIFIERS[k])
# Glued to digits in raw text («بالای۷۳», «از۲۰»): a qualifier or preposition, not a name.
_GLUE_OK = frozenset(_QUALIFIER_OF) | _keys(["از", "به", "با", "تا", "در", "بر", "حدود", "بین"])


_WORDS_AFTER_RE = re.compile(r" *([^\W\d_]+)" + r"(?: +([^\W\d_]+))?" * (_MAX_SUBJECT_WORDS - 1))
# the same pattern cut to its first n words, for a caller that wants n: the optional words after the n-th never
# change the first n, and most callers want one
_FIRST_WORDS_RE = [_WORDS_AFTER_RE] + [
    re.compile(r" *([^\W\d_]+)" + r"(?: +([^\W\d_]+))?" * (n - 1)) for n in range(1, _MAX_SUBJECT_WORDS + 1)
]
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")
_ZWNJ_RE = re.compile(_ZWNJ)
_LIST_AND_RE = re.compile(r" و *$")
_HALF_AFTER_RE = re.compile(r" *و *نیم(?![^\W\d_])")
_LETTERS_BEFORE_RE = re.compile(r"[^\W\d_]+$")
_LIST_LINK_RE = re.compile(r" *(?:و|،|,|یا) *")
_RANGE_LINK_RE = re.compile(r" *(?:تا|الی|-|–|ـ) *")
_SENTENCE_END_RE = re.compile(r"[!?؟\n.]")
_VERB_PREFIXES = ("می", "نمی")
_VERB_ENDINGS = ("د", "ند", "م", "یم", "ید", "ی")
_YEAR_RANGES = ((1300, 1499), (1900, 2099))
_LOOKBACK = 40


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    key: str


@dataclass(slots=True)
class _Unit:
    type: str
    end: int
    unit: str | None = None
    currency: str | None = None
    scale: int = 1
    generic: bool = False  # a noun guessed from shape, not from the word lists
    half: bool = False  # «یک سال و نیم»: a half said after the unit adds to the last number
    tentative: bool = False  # «یک X»: a count only beside other counts of its sentence
    noun_start: int = -1  # where the counted noun after the number starts
    noun_before: int = -1  # «جمعیت ۸۵ میلیونی»: the number qualifies the noun phrase that ends here


def _words_after(w: str, pos: int, limit: int = _MAX_UNIT_WORDS) -> list[_Word]:
    """Up to `limit` words from `pos` on, separated by spaces only (no punctuation, same line); one match."""
    m = _FIRST_WORDS_RE[min(limit, _MAX_SUBJECT_WORDS)].match(w, pos)
    if m is None:
        return []
    if limit == 1:
        return [_Word(m.start(1), m.end(1), m.group(1))]
    return [_Word(m.start(i), m.end(i), m.group(i)) for i in range(1, min(limit, m.lastindex or 0) + 1)]


def _word_before(w: str, pos: int) -> _Word | None:
    """The word that ends at `pos`, spaces between allowed (a backward scan: no regex search per call)."""
    lo = max(0, pos - _LOOKBACK)
    end = pos
    while end > lo and w[end - 1] == " ":
        end -= 1
    start = end
    while start > lo and w[start - 1].isalpha():
        start -= 1
    return _Word(start, end, w[start:end]) if start < end else None


def _two_words_before(w: str, pos: int) -> tuple[str, str]:
    """Keys of the word before `pos` and of the two words before it, for «از سال ۱۴۰۰»."""
    one = _word_before(w, pos)
    if one is None:
        return "", ""
    two = _word_before(w, one.start)
    return one.key, (two.key + one.key if two else one.key)


def _latin_before(w: str, pos: int) -> bool:
    """A Latin letter before `pos`, spaces and hyphens between: «CB 400», «A320», «Boeing-737»."""
    lo = max(0, pos - 12)
    while pos > lo and w[pos - 1] in " -":
        pos -= 1
    return pos > 0 and ("A" <= w[pos - 1] <= "Z" or "a" <= w[pos - 1] <= "z")


def _is_year_value(span: NumberSpan) -> bool:
    if len(span.digits) != 4:
        return False
    value = int(span.digits)
    return any(lo <= value <= hi for lo, hi in _YEAR_RANGES)


def _is_month(key: str) -> bool:
    """«تیر», and «تیرماه» as raw text fuses it."""
    return key in _MONTHS or (key.endswith("ماه") and key[:-3] in _MONTHS)


def _dated_month(w: str, word: _Word) -> bool:
    """«۲۵ حمل ۱۴۰۲», «۵ می ۲۰۲۴»: a month name that is also a common word, read as a month before a year."""
    if word.key not in _AMBIGUOUS_MONTHS:
        return False
    return _YEAR_AFTER_MONTH.match(w, word.end) is not None


def _not_a_figure(span: NumberSpan, w: str) -> str | None:
    """Dates, years, clock times, phone numbers, labels and names: numbers but not facts. Returns why
    («label» for a number that names something: the numbers listed after it name things too), else None."""
    after = _words_after(w, span.end, 1)
    after_key = after[0].key if after else ""
    if span.fraction:
        return None if _listed_unit(after_key) else "fraction"  # «شش دهم درصد» is a figure, «دو سوم جمعیت» a share
    if span.glued:
        letters = _LETTERS_BEFORE_RE.search(w, max(0, span.start - _LOOKBACK), span.start)
        glue_ok = letters is not None and any(letters.group().endswith(k) for k in _GLUE_OK)
        if not glue_ok and not span.scaled and not _listed_unit(after_key):
            return "name"  # «مخاطب24»; but «جذب714 میلیارد ریال» is a figure
    before, before2 = _two_words_before(w, span.start)
    plain = span.digits
    if before in _STRICT_LABELS:
        return "label"  # «شماره ۳۴ شهر», «شعب ۹، ۲۲ و ۲۴», «مواد ۵۲ و ۶۱»
    if _is_month(after_key):
        return "date"  # «۵ تیر», «۳۰ تیرماه», «۲۵ فبروری»
    if (_is_month(before) or _is_month(before2)) and (_is_year_value(span) or not _listed_unit(after_key)):
        return "date"  # «تیر ۱۴۰۲», «آذر ماه ۹۸», «۵ می ۲۰۲۴ قرارداد»; but «تا دی ماه ۷۶۵ دلار» is a figure
    if after and _dated_month(w, after[0]):
        return "date"  # «۲۵ حمل ۱۴۰۲»
    if before in _AMBIGUOUS_MONTHS and _is_year_value(span):
        return "year"  # «۵ می ۲۰۲۴», «حمل ۱۴۰۲»
    if before in _LATIN_LETTERS or _latin_before(w, span.start):
        return "model"  # «سی بی ۴۰۰», «CB 400», «A320»: a model, not a figure
    if plain and (before in _YEAR_BEFORE or before2 in _YEAR_BEFORE or after_key in _YEAR_AFTER):
        return "year"  # «سال ۱۴۰۲», «سال ۹۹», «۱۴۰۲ شمسی»
    if plain and (before in _CLOCK_BEFORE or after_key in _CLOCK_AFTER):
        return "clock"  # «ساعت ۱۰», «۱۰ صبح»
    if plain and ((plain[0] == "0" and len(plain) > 1) or len(plain) >= 8):
        return "code"  # phone numbers, codes, ids
    if before in _LABELS and not span.adjectival and not _listed_unit(after_key):
        return "label"  # «ماده ۲۸ قانون», «فاز ۵»; but «دولت ۲۰ درصد» is a figure
    if before in _DISTRIBUTIVES and after_key not in _DURATION:
        return "rate"  # «هر ۱۰۰ نفر» is the base of a rate; «هر شش ماه» is a period
    if span.spelled and _NUMBER_NAMES_RE.match(w, span.start):
        return "name"  # «مسجد چهارده معصوم»
    if span.spelled and before in _DEMONSTRATIVES:
        return "anaphor"  # «این دو مرکز» points back: a figure only if said before (then one more mention)
    return None


def _denied(w: str, start: int, end: int, sentence_start: int, sentence_end: int) -> bool:
    """«حتی یک روز تأخیر نداشته‌ایم», «اگر ۱۰ درصد افزایش یابد», «بدون یک روز تأخیر»: a figure the
    sentence denies or supposes (its own clause only)."""
    lo = max(sentence_start, start - 120)
    clause = max((m.end() for m in _CLAUSE_START.finditer(w, lo, start)), default=lo)
    last = _word_before(w, start)
    last_key = last.key if last is not None and last.start >= clause else ""
    if last_key in _WITHOUT:
        return True
    if _HYPOTHETICAL_RE.search(w, clause, start):
        return True  # «اگر», «چنانچه», «در صورت» earlier in the clause; «در صورتی که» is «whereas» as often as «if»
    if last_key not in _NEGATORS:
        return False
    stop = _CLAUSE_START.search(w, end, sentence_end)
    return _NEGATIVE_VERB.search(w, end, stop.start() if stop else sentence_end) is not None


def _listed_unit(key: str) -> bool:
    """A word that plainly measures the number before it («درصد», «تومان», «نفر»)."""
    return key in _LISTED_UNITS


def _verbish(key: str) -> bool:
    if key in _LIGHT_VERBS:
        return True
    return key.startswith(_VERB_PREFIXES) and key.endswith(_VERB_ENDINGS) and len(key) > 4


def _nounish(key: str) -> bool:
    """A word that can be a counted noun: not a stopword, verb, plural or Latin word."""
    if len(key) < 2 or key in _STOPWORDS or key in _MONTHS or key in _QUALIFIER_OF:
        return False
    if not ("\u0600" <= key[0] <= "\u06ff"):
        return False
    if _verbish(key) or _is_month(key):
        return False
    return not key.endswith(("ها", "های", "ترین"))


def _unit_after(text: str, w: str, pos: int, value: float) -> _Unit | None:
    """What the number measures, from the words right after it."""
    p = pos
    while p < len(w) and w[p] == " ":
        p += 1
    if p < len(w) and w[p] in _PERCENT_SIGNS:
        return _Unit("percent", p + 1)
    words = _words_after(w, pos)
    if words and words[0].key in _UNIT_SKIP:
        words = words[1:] + _words_after(w, words[-1].end, 1)  # «۳۰۸ هزار انواع حساب»: the noun is «حساب»
    if not words:
        return None
    first = words[0].key
    if first in _PERCENT:
        return _Unit("percent", words[0].end)
    if first == "در" and len(words) > 1 and words[1].key == "صد":
        return _Unit("percent", words[1].end)
    if first in _CURRENCY:
        return _Unit("money", words[0].end, currency=_CURRENCY[first])
    if first in _CURRENCY_SCALED:
        info = _CURRENCY_SCALED[first]
        return _Unit("money", words[0].end, currency=info["currency"], scale=info["scale"])
    measure = _measure(words, value)
    if measure is not None:
        return measure
    joined = ""
    best = 0
    for i, word in enumerate(words):
        joined += word.key
        if joined in _COUNT_NOUNS or (i == 0 and joined in _DURATION):
            best = i + 1
    if best == 1 and first in _DURATION:
        return _Unit("duration", words[0].end, unit=_DURATION[first])
    if best:
        unit_text = _base(text[words[0].start : words[best - 1].end])
        return _Unit("count", words[best - 1].end, unit=unit_text, noun_start=words[0].start)
    if len(words) > 1 and first + words[1].key in _DURATION:  # «هفته‌ای» split by ZWNJ
        return _Unit("duration", words[1].end, unit=_DURATION[first + words[1].key])
    if not _nounish(first) or (len(words) > 1 and _verbish(words[1].key)):
        return None  # «۱۱۵ اعلام شد»: a noun before a light verb is the verb's, not a counted noun
    last = 0
    while (
        last + 1 < len(words)
        and text[words[last].end] == _ZWNJ
        and words[last + 1].start == words[last].end + 1
    ):
        last += 1  # keep ZWNJ compounds whole: «کارآفرین‌»، «بیمه‌پرداز»
    unit = _base(text[words[0].start : words[last].end])
    if _key(unit) in _MONEY_NOUNS:
        return _Unit("money", words[last].end)  # «۵۰ میلیارد اعتبار»: money, no currency written
    return _Unit("count", words[last].end, unit=unit, generic=True, noun_start=words[0].start)


def _measure(words: list[_Word], value: float) -> _Unit | None:
    """«۴۰ کیلومتر», «هزار و ۲۰۰ متر مربع», «۵۰ هزار تن گندم»; «۱۰ تن از کارگران» counts people, but
    «۳ میلیون و ۴۰۰ هزار تن از این محصول» weighs (no crowd is counted in hundreds of thousands of «تن»)."""
    for n in (3, 2, 1):
        if len(words) < n:
            continue
        key = "".join(x.key for x in words[:n])
        if key not in _MEASURES:
            continue
        kind, unit = _MEASURES[key]
        if key == "تن" and len(words) > 1 and words[1].key in _PERSON_TONNE and value < 100_000:
            return _Unit("count", words[0].end, unit="تن", noun_start=words[0].start)
        return _Unit(kind, words[n - 1].end, unit=unit)
    return None


_PLURAL_ENDS = ("هایی", "های", "ها")


def _base(unit: str) -> str:
    """The counted noun in its base form: «تختخوابی» → «تخت», «بیمارستان‌ها» → «بیمارستان», «نیروی» → «نیرو»."""
    key = _key(unit)
    if key in _UNIT_BASE:
        return _UNIT_BASE[key]
    if key in _COUNT_NOUNS:
        return unit
    for end in _PLURAL_ENDS:
        if key.endswith(end) and len(key) > len(end) + 1:
            return unit[: len(unit) - len(end)].rstrip(_ZWNJ + " ")
    if key.endswith("ی") and (key[:-1] in _COUNT_NOUNS or key[:-1] in _UNIT_BASE):
        stem = unit[:-1].rstrip(_ZWNJ)
        return _UNIT_BASE.get(key[:-1], stem)
    return unit


def _qualifier(w: str, pos: int) -> tuple[str, int]:
    """`about` / `over` / `under` from the one to three words before the figure, and where they start."""
    before: list[_Word] = []
    at = pos
    while len(before) < _QUALIFIER_WORDS + 1:
        word = _word_before(w, at)
        if word is None:
            break
        before.append(word)
        at = word.start
    for n in range(min(_QUALIFIER_WORDS, len(before)), 0, -1):
        key = "".join(x.key for x in reversed(before[:n]))
        kind = _QUALIFIER_OF.get(key)
        if kind is None:
            continue
        wider = before[n].key + key if len(before) > n else key
        if wider.endswith(_QUALIFIER_IDIOMS):
            return "exact", pos  # «در آینده نزدیک ۳ کارگزاری»
        return kind, before[n - 1].start
    return "exact", pos


def _chains(spans: list[NumberSpan], w: str) -> list[list[tuple[NumberSpan, str | None]]]:
    """Group «۱۰ و ۲۰ درصد» and «۱۰ تا ۱۵ درصد»: numbers that share the unit of the last one."""
    chains: list[list[tuple[NumberSpan, str | None]]] = []
    vague = _vague(spans, w)
    for span in spans:
        if span.start in vague:
            continue
        if chains:
            prev = chains[-1][-1][0]
            gap_start, gap_end = prev.end, span.start
            if _is_year_value(prev) != _is_year_value(span):
                chains.append([(span, None)])  # «در ۱۴۰۱، ۵۲ درصد»: a year does not share the unit
                continue
            if _RANGE_LINK_RE.fullmatch(w, gap_start, gap_end):
                chains[-1].append((span, "range"))
                continue
            if _LIST_LINK_RE.fullmatch(w, gap_start, gap_end):
                chains[-1].append((span, "list"))
                continue
        chains.append([(span, None)])
    return chains


def _measured_share(w: str, pos: int) -> bool:
    """A percent or currency word right after `pos`: what comes before it is an amount, whatever precedes it."""
    after = _words_after(w, pos, 1)
    return bool(after) and (after[0].key in _PERCENT or after[0].key in _CURRENCY)


def _vague(spans: list[NumberSpan], w: str) -> set[int]:
    """Starts of «دو سه برابر», «یکی دو»: two numbers in words side by side give a rough guess, not a figure."""
    out: set[int] = set()
    for a, b in zip(spans, spans[1:], strict=False):
        if a.spelled and b.spelled and not a.scaled and not w[a.end : b.start].strip():
            out.update((a.start, b.start))
    return out


def _split_excluded(chains: list[list[tuple[NumberSpan, str | None]]], w: str) -> list[list]:
    """Drop members that are dates/labels; they also break the chain they were in."""
    out: list[list] = []
    for chain in chains:
        current: list = []
        for n, (span, link) in enumerate(chain):
            why = _not_a_figure(span, w)
            if why == "label" and n == 0:
                if not _measured_share(w, chain[-1][0].end):
                    break  # «مواد ۵۲ و ۶۱ و ۶۵ قانون»: every number of the list names an article
                why = None  # «مراجعه به شعب ۱۰ تا ۱۵ درصد کاهش یابد»: a share, not branch numbers
            if why == "anaphor" and len(chain) == 1:
                out.append([(span, "anaphor")])
                continue
            if why:
                if current:
                    out.append(current)
                current = []
                continue
            current.append((span, link if current else None))
        if current:
            out.append(current)
    return out


def _predicative(w: str, pos: int) -> bool:
    """«دو پروژه مهمی است»: classifies things just named; a count in words here is no statistic."""
    words = _words_after(w, pos, 2)
    return len(words) == 2 and words[0].key.endswith("ی") and words[1].key in _COPULAS


def _noun_before(text: str, w: str, pos: int) -> str | None:
    word = _word_before(w, pos)
    if word is None or not _nounish(word.key):
        return None
    start = word.start
    while start > 1 and text[start - 1] == _ZWNJ:  # «بیمه‌شدگان» split by ZWNJ in the folded text
        prev = _word_before(w, start)
        if prev is None:
            break
        start = prev.start
    return text[start : word.end]


def _classify(text: str, w: str, chain: list, lo: int) -> tuple[_Unit | None, int]:
    """The unit shared by a chain and where the figure's words start (before an adjectival number)."""
    first, last = chain[0][0], chain[-1][0]
    if last.adjectival:  # «جمعیت ۸۵ میلیونی»: the noun before is what is counted
        if len(chain) == 1 and last.spelled and last.value == last.scale and " " not in last.text:
            return None, first.start  # «قرارداد میلیونی»: a magnitude alone says «large», not a figure
        noun = _noun_before(text, w, first.start)
        start = _word_before(w, first.start).start if noun else first.start
        if noun is not None and _key(noun) in _MONEY_NOUNS:
            return _Unit("money", last.end, noun_before=first.start), start  # «بدهی ۱۵۰ میلیاردی»: currency unsaid
        return _Unit("count", last.end, unit=noun, noun_before=first.start), start
    unit = _unit_after(text, w, last.end, last.value)
    spelled_small = all(s.spelled and not s.scaled for s, _ in chain)
    if unit is None:
        if last.scaled and last.value >= 1000 and not spelled_small:
            if _money_before(w, first.start):
                return _Unit("money", last.end), first.start  # «اعتبار ۵۰ میلیارد»: money, currency unsaid
            return _Unit("count", last.end), first.start  # «به ۴۲ میلیون رسید»
        return None, first.start
    if unit.noun_start < 0:  # where the unit word starts: «ساله», «متری» qualify the noun before the figure
        unit_word = _words_after(w, last.end, 1)
        if unit_word and unit_word[0].end <= unit.end:
            unit.noun_start = unit_word[0].start
    half = _HALF_AFTER_RE.match(w, unit.end)
    if half and not last.scaled and last.value == int(last.value) and unit.type not in ("percent", "money"):
        unit.end, unit.half = half.end(), True  # «یک سال و نیم», «دو ساعت و نیم»
    if unit.type == "duration" and unit.unit in ("سال", "ماه") and _is_age(w, first.start, unit.end, lo, unit.unit):
        unit.type = "age"
    if unit.type == "count":
        if spelled_small and last.value == 1 and len(chain) == 1 and not _one_counts(w, last.end):
            unit.tentative = True  # «یک بیمارستان» is an article, unless it is one of a list of counts
        if spelled_small and _predicative(w, unit.end):
            return None, first.start  # «دو پروژه مهمی است» classifies, it does not count
        if spelled_small and unit.unit is not None and _key(unit.unit) in _LATIN_LETTERS:
            return None, first.start  # «سی بی ۴۰۰»: letters of a model name, not thirty of anything
        if unit.generic and any(_is_year_value(s) and s.value % 1000 for s, _ in chain):
            return None, first.start  # «۱۴۰۲ بیمه‌شدگان»: a year before a noun; «۲۰۰۰ فعال» a count
    if unit.type == "percent" and spelled_small and last.value == 100:
        before = _word_before(w, first.start)
        if before is None or before.key not in _WHOLE_PERCENT_BEFORE:
            return None, first.start  # «صد درصد» means «entirely»; «به صد درصد برسانیم» is a figure
    return unit, first.start


def _one_counts(w: str, pos: int) -> bool:
    """«یک فروند», «یک فقره»: a counting word after «یک» makes it a count."""
    after = _words_after(w, pos, 1)
    return bool(after) and after[0].key in _ONE_COUNTS


def _money_before(w: str, pos: int) -> bool:
    one, two = _two_words_before(w, pos)
    return one in _MONEY_NOUNS or two in _MONEY_NOUNS


def _is_age(w: str, start: int, end: int, lo: int, unit: str | None) -> bool:
    """«کودکان زیر ۵ سال», «افراد ۴۰ تا ۶۹ ساله», «۶۵ سالگی», «سن ۱۸ ماهگی»: a span of life, not of time;
    «۳۰ سال سابقه» is a span of work."""
    unit_word = _word_before(w, end)
    if unit_word is not None and unit_word.key.endswith("گی"):
        return True  # «سالگی», «ماهگی»
    after = _words_after(w, end, 1)
    if after and after[0].key in _TENURE:
        return False
    # «میزان سنی مصدومان، بین ۱۰ تا ۲۰ سال»: an age word a few words back in the sentence
    if any(_key(x) in _AGE_WORDS for x in _LETTER_RUN_RE.findall(w, max(lo, start - 50), start)[-4:]):
        return True
    if unit != "سال":
        return False  # «بیماران ۶ ماه بستری»: months next to people are a stay, not an age
    before: list[str] = []
    pos = start
    for _ in range(3):
        word = _word_before(w, pos)
        if word is None:
            break
        before.append(word.key)
        pos = word.start
    near = before + [x.key for x in _words_after(w, end, 1)]
    if len(before) > 1:
        near.append(before[1] + before[0])  # «گروه سنی»
    return any(k in _PERSON_NOUNS for k in near)


def _between(w: str, chain: list) -> bool:
    """«بین ۱۰ و ۲۰ درصد» is a range although joined by «و»."""
    if len(chain) != 2:
        return False
    word = _word_before(w, chain[0][0].start)
    return word is not None and word.key == "بین"


def _values(chain: list, unit: _Unit) -> list[int | float]:
    """Chain values, sharing the last member's magnitude («۲ تا ۳ میلیون») and the unit's scale («همت»)."""
    last = chain[-1][0]
    out = []
    for span, _ in chain:
        value = Decimal(repr(span.value))  # exact: 1.1 * 10**6 must not become 1100000.0000000002
        if span is not last and not span.scaled and last.scale > 1 and value < 1000:
            value *= last.scale
        value *= unit.scale
        if unit.half and span is last:
            value += Decimal("0.5")
        out.append(int(value) if value == value.to_integral_value() else float(value))
    return out


def _np_after(w: str, pos: int, limit: int, joints: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """The noun phrase from `pos` on: words up to a verb, preposition, linker or punctuation; a word joined to
    the one before by ZWNJ («بیمه‌شده», «مستمری‌بگیران») is part of it, whatever it is alone."""
    words = _words_after(w, pos, _MAX_SUBJECT_WORDS)
    kept: list[_Word] = []
    for word in words:
        if word.end > limit:
            break
        joined = bool(kept) and word.start == kept[-1].end + 1 and kept[-1].end in joints
        if not joined and (word.key in _SUBJECT_STOPS or _verbish(word.key) or word.key in _QUALIFIER_OF):
            break
        kept.append(word)
    return (kept[0].start, kept[-1].end) if kept else None


def _np_before(w: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase that ends at `pos`: words back to a verb, preposition, linker or punctuation."""
    kept: list[_Word] = []
    while len(kept) < _MAX_SUBJECT_WORDS:
        word = _word_before(w, pos)
        if word is None or word.start < limit or w[word.end : pos].strip():
            break
        if word.key in _SUBJECT_STOPS or _verbish(word.key) or word.key in _QUALIFIER_OF:
            break
        if word.key in _LISTED_UNITS and word.key not in _COUNT_NOUNS:
            break  # «… ریال به مساحت ۲۵۰ متر»: the unit of the figure before, not a subject
        kept.append(word)
        pos = word.start
    while kept and kept[-1].key in _SUBJECT_LEADS:
        kept.pop()  # «تعداد», «میزان» lead the phrase; the phrase is what they count
    if kept and pos > limit:
        owed = _owed_to(w, kept[-1].start, limit)
        if owed is not None:
            return owed, kept[0].end  # «بدهی دولت به سازمان ۳۰۰ هزار میلیارد ریال»
    return (kept[-1].start, kept[0].end) if kept else None


def _owed_to(w: str, pos: int, limit: int) -> int | None:
    """Where «بدهی دولت» starts when «به سازمان» ends at `pos`: money owed or given keeps its «به …»."""
    to = _word_before(w, pos)
    if to is None or to.key != "به" or to.start < limit:
        return None
    owner = _np_before(w, to.start, limit)
    if owner is None or _key(w[owner[0] : owner[1]].split()[0]) not in _MONEY_NOUNS:
        return None
    return owner[0]


def _clause_np(w: str, lo: int, start: int, joints: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """The first noun phrase of the figure's clause: «قیمت سکه … به ۱۱۶ هزار تومان رسید»."""
    clause = max((m.end() for m in _CLAUSE_START.finditer(w, lo, start)), default=lo)
    pos = clause
    for word in _words_after(w, clause, _MAX_SUBJECT_WORDS):
        if word.key not in _SUBJECT_SKIP:
            break
        pos = word.end
    found = _np_after(w, pos, start, joints)
    if found and w[found[0] : found[1]].split()[0] in _SUBJECT_LEADS:
        rest = _words_after(w, found[0], 2)
        found = (rest[1].start, found[1]) if len(rest) > 1 and rest[1].end <= found[1] else None
    return found


def _subject(
    w: str, unit: _Unit, start: int, end: int, lo: int, hi: int, joints: frozenset[int]
) -> tuple[int, int] | None:
    """What the figure counts or measures: «۲۰ درصد از بیمه‌شدگان», «بدهی دولت ۳۰۰ هزار میلیارد ریال است»,
    «۳ میلیون بیمه‌شده اصلی», «۹۱۱ تن پودر گوشت», «تعداد مستمری‌بگیران به ۴ میلیون نفر رسید»."""
    after_word = _words_after(w, end, 1)
    after = after_word[0].key if after_word else ""
    made_up = _MAKE_UP_RE.match(w, end, min(hi, end + 120))
    if made_up:
        found = _np_after(w, made_up.start(1), made_up.end(1), joints)
        if found:
            return found  # «۵۱ درصد آن‌ها را زنان سرپرست خانوار تشکیل می‌دهند»
    if after == "از" and unit.type != "money":
        found = _np_after(w, _skip_demonstrative(w, after_word[0].end), hi, joints)
        if found:
            return found  # «۲۰ درصد از بیمه‌شدگان», «۱۶ نفر از این خانواده‌ها»
    if unit.noun_before >= 0:
        found = _np_before(w, unit.noun_before, lo)
        if found:
            return found  # «جمعیت ۸۵ میلیونی», «بدهی ۱۵۰ میلیاردی دولت»
    if unit.noun_start >= 0 and unit.type != "percent" and _adjectival_unit(w[unit.noun_start : end]):
        return _np_before(w, start, lo) or _clause_np(w, lo, start, joints)  # «بیمارستان ۱۶۲ تختخوابی»
    if unit.type == "count" and unit.unit and unit.noun_start >= 0 and _key(unit.unit) not in _CLASSIFIERS:
        found = _np_after(w, unit.noun_start, hi, joints)
        if found:
            return found  # «۳ میلیون بیمه‌شده اصلی»
    if unit.type == "money":
        at = after_word[0].end if after in _MONEY_NOUNS else end
        purpose = _PURPOSE.match(w, at)
        if purpose:
            found = _np_after(w, _skip_demonstrative(w, purpose.end()), hi, joints)
            if found:
                return found  # «۴۰۰ میلیارد تومان برای درمان بیمه‌شدگان», «اعتبار در حوزه آسفالت معابر»
        if after in _MONEY_NOUNS:
            return _np_after(w, after_word[0].start, hi, joints)
    if after and after not in _SUBJECT_STOPS and _nounish(after):
        found = _np_after(w, end, hi, joints)
        if found:
            return found  # «۹۱۱ تن پودر گوشت», «۷۰ درصد ظرفیت اقتصادی کشور», «۸ سال دفاع مقدس»
    return _subject_before(w, start, lo) or _clause_np(w, lo, start, joints)


def _subject_before(w: str, start: int, lo: int) -> tuple[int, int] | None:
    """The noun phrase before the figure: «جمعیت ۸۵ میلیونی»; before «به» in «ظرفیت تولید به ۱۴ میلیون تن
    برسد», «به طول ۱۳۰ متر», «به رقم ۲۶۰۰ میلیارد»; before «با» in «طرح هادی با هزینه ۲۴۳ میلیون تومان»."""
    prev = _word_before(w, start)
    if prev is None:
        return None
    at = start
    if prev.key in _SUBJECT_LEADS or prev.key in _MONEY_NOUNS:
        lead = prev
        prev = _word_before(w, lead.start)
        if prev is None or prev.key not in ("به", "با"):
            return _np_before(w, start, lo)
        at = lead.start
    if (prev.key == "با" and at != start) or prev.key == "به":
        at = prev.start
        while (adverb := _word_before(w, at)) is not None and adverb.key in _ADVERBS:
            at = adverb.start  # «درآمد بنادر امسال به …»
        return _np_before(w, at, lo)
    if prev.key in _PREPOSITIONS:
        return None
    return _np_before(w, start, lo)


def _skip_demonstrative(w: str, pos: int) -> int:
    """After «از»: «این», «آن» point back; the noun phrase starts after them."""
    nxt = _words_after(w, pos, 1)
    return nxt[0].end if nxt and nxt[0].key in _DEMONSTRATIVES else pos


def _adjectival_unit(unit: str) -> bool:
    """«تختخوابی», «نفره», «متری», «درصدی»: a unit made an adjective qualifies the noun before the figure;
    «روستای», «نیروی» (a noun with its ezafe) and «بسیجی», «فرهنگی» (nouns of their own) do not."""
    key = _key(unit)
    if key in _PERCENT_ADJECTIVES:
        return True
    if key.endswith("ه"):
        return key != _key(_base(unit)) or key in _ADJECTIVAL_MEASURES
    stem = key[:-1]
    return key.endswith("ی") and stem[-1:] not in ("ا", "و") and (stem in _LISTED_UNITS or stem in _UNIT_BASE)


def _sentence_ends(w: str) -> list[int]:
    """Offsets of «.», «!», «?», «؟» and line ends; a dot between digits is a decimal mark, not an end."""
    last = len(w) - 1
    return [
        i
        for i in (m.start() for m in _SENTENCE_END_RE.finditer(w))
        if not (w[i] == "." and 0 < i < last and "0" <= w[i - 1] <= "9" and "0" <= w[i + 1] <= "9")
    ]


def _sentence_span(ends: list[int], start: int, end: int, length: int) -> tuple[int, int]:
    i = bisect.bisect_left(ends, start)
    lo = ends[i - 1] + 1 if i > 0 else 0
    j = bisect.bisect_left(ends, end)
    return lo, (ends[j] + 1 if j < len(ends) else length)


def find_quantities(text: str) -> list[Fact]:
    """Every figure `text` states (percent, count, money, duration, age, length, area, weight …), one Fact
    per mention in reading order; `text` and `sentence` quote the text as written."""
    if not text or not text.strip():
        return []
    return _find(text)


def _find(text: str) -> list[Fact]:
    doc = Folded(text)
    base, w = doc.base, doc.text
    spans = find_numbers(base, folded=w, measured=_MEASURED_WORDS)
    if not spans:
        return []
    ends = _sentence_ends(w)
    joints = frozenset(m.start() for m in _ZWNJ_RE.finditer(base))  # «بیمه‌شده»: one word, folded into two
    facts: list[Fact] = []
    seen: set[tuple] = set()
    tentative: list[Fact] = []
    for chain in _split_excluded(_chains(spans, w), w):
        lo = _sentence_span(ends, chain[0][0].start, chain[0][0].start, len(w))[0]
        unit, start = _classify(base, w, chain, lo)
        if unit is None:
            continue
        said = (unit.type, chain[-1][0].value, unit.unit)
        if chain[0][1] == "anaphor" and said not in seen:
            continue  # «این دو مرکز» with no «دو مرکز» before it points at no figure
        seen.add(said)
        qualifier, q_start = _qualifier(w, start)
        s_lo, s_hi = _sentence_span(ends, q_start, unit.end, len(w))
        if _denied(w, q_start, unit.end, s_lo, s_hi):
            continue
        phrase = doc.source_slice(q_start, unit.end)
        sentence = doc.source_slice(s_lo, s_hi).strip()
        about = _subject(w, unit, q_start, unit.end, s_lo, s_hi, joints)
        subject = doc.source_slice(*about).strip(" \u200c") if about else None
        is_range = any(link == "range" for _, link in chain) or _between(w, chain)
        for n, ((_span, _link), value) in enumerate(zip(chain, _values(chain, unit), strict=True)):
            rng = ("from" if n == 0 else "to") if is_range and len(chain) == 2 else None
            (tentative if unit.tentative else facts).append(
                Fact(
                    type=unit.type,
                    value=value,
                    text=phrase,
                    sentence=sentence,
                    unit=unit.unit if unit.type not in ("percent", "money") else None,
                    currency=unit.currency,
                    qualifier=qualifier,
                    range=rng,
                    subject=subject,
                    start=q_start,
                    end=unit.end,
                )
            )
    if tentative:
        facts = _with_listed_ones(facts, tentative, w)
    return facts


def _with_listed_ones(facts: list[Fact], ones: list[Fact], w: str) -> list[Fact]:
    """«۱۵ کارگزاری اقماری و یک کارگزاری جایگزین», «یک سازه … و سه بند»: «یک» + noun is a count when its
    sentence counts the same noun with another number, or lists another count right after it with «و»."""
    kept = []
    for one in ones:
        same = [f for f in facts if f.sentence == one.sentence and f.type == "count"]
        if any(_key(f.unit or "") == _key(one.unit or "") for f in same):
            kept.append(one)
            continue
        later = [f for f in same if f.start > one.end]
        if later:
            nxt = min(later, key=lambda f: f.start)
            if _LIST_AND_RE.search(w, one.end, nxt.start):
                kept.append(one)
    return sorted(facts + kept, key=lambda f: f.start) if kept else facts
