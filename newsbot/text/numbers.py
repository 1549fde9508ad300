"""Read Persian numbers: digits in three scripts, number words and magnitude words.

`find_numbers` finds where each number starts and ends in a sentence and resolves it to a value;
`parse_number` reads a text that is one number. Context that decides whether a number is a
*fact* (dates, years, counted nouns) belongs to `newsbot.facts.quantities`, not here.

Decisions: «نه» and a lone «نیم» are numbers only before a magnitude or a measuring word
(«نه درصد», «نیم ساعت»), so «نه تنها» is not; «یک» is returned (the caller decides whether it is an
article); «ربع» is not read («ربع قرن» is idiom, «یک ربع» a clock phrase); weekdays, plurals
(«ده‌ها», «هزاران»), ordinals and vague magnitudes («چند هزار») are not numbers; clock times
and slash/dash dates are skipped whole; «دو سوم» comes back as a fraction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from newsbot.text.fold import fold_chars as fold

__all__ = ["NUMBER_WORDS", "NumberSpan", "find_numbers", "fold", "parse_number"]

def _load_words() -> dict:
    with (Path(__file__).with_name("data") / "number_words.json").open(encoding="utf-8") as fh:
        return json.load(fh)


_WORDS = _load_words()
_UNITS: dict[str, int] = _WORDS["units"]
_TENS: dict[str, int] = _WORDS["tens"]
_HUNDREDS: dict[str, int] = _WORDS["hundreds"]
_WORD_VALUES: dict[str, int] = {**_UNITS, **_TENS, **_HUNDREDS}
_MAGNITUDES: dict[str, int] = _WORDS["magnitudes"]
_HALF: str = _WORDS["half"]
_AND = "و"
_DENOMINATORS: dict[str, int] = _WORDS["denominators"]
_GLUED_UNITS = frozenset(_WORDS["glued_units"])
# Every number word, for other modules (normalize keeps their spaces): one list, in data/number_words.json.
NUMBER_WORDS: frozenset[str] = frozenset([*_WORD_VALUES, *_MAGNITUDES, _HALF])
_PLURAL = frozenset({"ها", "های", "هایی"})  # «ده‌ها», «میلیون‌ها»: many, not a number
_ORDINAL_SUFFIXES = frozenset({"م", "ام", "مین", "امین", "اُم", "ُم"})  # «۲۰مین», «۱۲ام»
_NOT_AFTER_SI = frozenset({"تی", "دی", "ان"})  # «سی‌تی‌اسکن», «سی‌دی»: letters, not thirty
# «چند هزار», «ده‌ها هزار»: a bare magnitude after these is vague, not a figure.
_VAGUE_BEFORE = frozenset({"چند", "چندین", "هزاران", "صدها", "دهها", "ها", "میلیونها", "میلیاردها"})

_LETTERS = r"[^\W\d_]"
_WORD_RE = re.compile(_LETTERS + "+")
_MAG_ALT = "|".join(sorted(_MAGNITUDES, key=len, reverse=True))
# Raw text often fuses magnitudes and units: «هزارمیلیارد», «میلیاردریال», «میلیونی».
_FUSED_MAG_RE = re.compile(rf"((?:{_MAG_ALT})+)(ی|تومانی?|ریالی?|نفر|درصدی?)?")
_SPLIT_MAG_RE = re.compile(_MAG_ALT)
_NUM_ALT = "|".join(sorted([*_WORD_VALUES, _HALF], key=len, reverse=True))
_GLUED_ALT = "|".join(sorted(_GLUED_UNITS, key=len, reverse=True))
# «یکمیلیارد», «یکهزار» (a number word fused to a magnitude once a mark between them is dropped), «دودرصدی»
_VALUE_ALT = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_PREFIXED_RE = re.compile(rf"({_VALUE_ALT})(?:{_MAG_ALT}|{_GLUED_ALT})")


def _by_first_letter(alternation: str) -> str:
    """«دو|ده|سه» as «د(?:و|ه)|سه»: the same matches (words with different first letters never match at one
    place, and each group keeps its words' order), but a scan tries a dozen first letters, not every word."""
    groups: dict[str, list[str]] = {}
    for word in alternation.split("|"):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(first + (f"(?:{'|'.join(rest)})" if len(rest) > 1 else rest[0]) for first, rest in groups.items())


_ANCHOR_MAG = _by_first_letter(_MAG_ALT)
_ANCHOR_RE = re.compile(
    rf"[0-9]+|(?<![^\W\d_])(?:(?:{_by_first_letter(_NUM_ALT)})(?:(?![^\W\d_])|(?={_ANCHOR_MAG}|"
    rf"{_by_first_letter(_GLUED_ALT)}))|{_ANCHOR_MAG})"
)
_DIGITS_RE = re.compile(r"[0-9]+")
_TIME_RE = re.compile(r"[0-9]+(?::[0-9]+)+")
# a/b/c and a-b-c are dates; hazm writes them «۱۴۰۲ / ۰۴ / ۰۵».
_DATE_TAIL_RE = re.compile(r" ?([/\-]) ?[0-9]{1,4} ?\1 ?[0-9]{1,4}(?![0-9])")
_SLASH_TAIL_RE = re.compile(r" ?/ ?([0-9]{1,3})(?![0-9])")
_GROUP_RE = re.compile(r"(?: ?[,٬] ?| )([0-9]{3})(?![0-9:/])")
_DOT_GROUPS_RE = re.compile(r"(?:\.[0-9]{3}){2,}(?![0-9])")  # «1.200.000» as some sites write it
_DECIMAL_RE = re.compile(r" ?٫ ?([0-9]+)|\.([0-9]+)(?!\.[0-9])| ممیز ([0-9]+)")
_WORD_BEFORE_RE = re.compile(_LETTERS + "+ *$")
_SPACES = " "
_MAX_DIGITS = 24


@dataclass(slots=True, frozen=True)
class NumberSpan:
    start: int
    end: int
    value: int | float
    text: str
    spelled: bool = False  # only words («دو», «سیصد»): weaker evidence than digits
    scaled: bool = False  # has a magnitude word («میلیون»)
    scale: int = 1  # the trailing magnitudes of «۳ میلیون» (10**6), to share across «۲ تا ۳ میلیون»
    adjectival: bool = False  # «۸۵ میلیونی»: qualifies the noun before it
    glued: bool = False  # digits stuck to a preceding letter («مخاطب24», «بالای۷۳»)
    digits: str = ""  # ASCII digits of a plain integer numeral, for year/phone checks
    fraction: bool = False  # «دو سوم»


@dataclass(slots=True)
class _Tok:
    kind: str  # num | word | mag | half | and | skip | other
    start: int
    end: int
    value: Decimal = Decimal(0)
    word: str = ""
    adjectival: bool = False
    plain: str = ""  # digits of a plain integer numeral
    suffix_end: int = -1  # fused unit after a magnitude ends the number early


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _thousands(w: str, int_part: str, end: int) -> tuple[str, int, bool]:
    """Read «۱٬۲۰۰٬۰۰۰», «1,200,000» and «۱ ۲۰۰ ۰۰۰»; returns digits, end and whether none were read.

    Space-only groups are taken only as «۱ ۲۰۰ ۰۰۰» or «۳۵۰ ۰۰۰»: two numbers side by side
    («سال ۹۸ ۲۰۰ نفر») are more likely than «۹۸ ۲۰۰» meaning 98,200.
    """
    groups: list[tuple[str, int, bool]] = []  # (digits, end, separated by a space only)
    pos = end
    while group := _GROUP_RE.match(w, pos):
        groups.append((group.group(1), group.end(), group.group().lstrip(" ")[0].isdigit()))
        pos = group.end()
    if not groups or (len(groups) == 1 and groups[0][2] and groups[0][0] != "000"):
        return int_part, end, True
    return int_part + "".join(g[0] for g in groups), groups[-1][1], False


def _lex_digits(w: str, p: int) -> _Tok:
    """One numeral with its separators; dates, clock times and ordinals come back as `skip`."""
    time = _TIME_RE.match(w, p)
    if time:
        return _Tok("skip", p, time.end())
    m = _DIGITS_RE.match(w, p)
    assert m is not None
    int_part, end = m.group(), m.end()
    date = _DATE_TAIL_RE.match(w, end)
    if date:
        return _Tok("skip", p, date.end())
    plain = True
    dots = _DOT_GROUPS_RE.match(w, end) if len(int_part) <= 3 else None
    if dots:
        int_part += dots.group().replace(".", "")
        end, plain = dots.end(), False
    elif len(int_part) <= 3:
        int_part, end, plain = _thousands(w, int_part, end)
    if len(int_part) > _MAX_DIGITS:
        return _Tok("skip", p, end)  # a digit run this long is an id or noise, not an amount
    frac = ""
    dec = _DECIMAL_RE.match(w, end)
    if dec:
        frac = dec.group(1) or dec.group(2) or dec.group(3)
        end = dec.end()
    else:
        slash = _SLASH_TAIL_RE.match(w, end)
        if slash:
            if len(int_part) > 3:  # «۱۴۰۲/۰۴»: year and month
                return _Tok("skip", p, slash.end())
            frac = slash.group(1)  # «۱/۵ میلیون» uses the slash as a decimal mark
            end = slash.end()
    if end < len(w) and _is_letter(w[end]):
        run = _WORD_RE.match(w, end)
        if run and run.group() in _ORDINAL_SUFFIXES:
            return _Tok("skip", p, run.end())
    value = Decimal(f"{int_part}.{frac}") if frac else Decimal(int_part)
    return _Tok("num", p, end, value, plain=int_part if plain and not frac else "")


def _lex_word(w: str, p: int) -> _Tok:
    m = _WORD_RE.match(w, p)
    assert m is not None
    word, end = m.group(), m.end()
    if word in _WORD_VALUES:
        return _Tok("word", p, end, Decimal(_WORD_VALUES[word]), word=word)
    if word == _HALF:
        return _Tok("half", p, end, Decimal("0.5"), word=word)
    if word == _AND:
        return _Tok("and", p, end, word=word)
    fused = _FUSED_MAG_RE.fullmatch(word)
    if fused:
        value = Decimal(1)
        for part in _SPLIT_MAG_RE.findall(fused.group(1)):
            value *= _MAGNITUDES[part]
        suffix = fused.group(2) or ""
        tok = _Tok("mag", p, end, value, word=word, adjectival=suffix == "ی")
        if suffix and suffix != "ی":
            tok.suffix_end = p + fused.end(1)
        return tok
    prefixed = _PREFIXED_RE.match(word)
    if prefixed and (_FUSED_MAG_RE.fullmatch(word, prefixed.end(1)) or word[prefixed.end(1) :] in _GLUED_UNITS):
        head = prefixed.group(1)
        return _Tok("word", p, p + len(head), Decimal(_WORD_VALUES[head]), word=head)
    return _Tok("other", p, end, word=word)


def _lex(w: str, pos: int, limit: int = 24) -> list[_Tok]:
    """Tokens from `pos` on the same line, up to the first one that is not part of a number."""
    toks: list[_Tok] = []
    n = len(w)
    while len(toks) < limit:
        p = pos
        while p < n and w[p] == _SPACES:
            p += 1
        if p >= n:
            break
        ch = w[p]
        if "0" <= ch <= "9":
            tok = _lex_digits(w, p)
        elif _is_letter(ch):
            tok = _lex_word(w, p)
        else:
            break
        toks.append(tok)
        if tok.kind in ("other", "skip") or tok.suffix_end >= 0:
            break
        pos = tok.end
    return toks


@dataclass(slots=True)
class _Parse:
    value: Decimal
    last: int  # index of the last token used
    spelled: bool
    scaled: bool
    scale: int
    adjectival: bool


def _is_value(tok: _Tok) -> bool:
    return tok.kind in ("num", "word")


def _place(tok: _Tok) -> int:
    """Below which value a word may follow this one with «و» («بیست و پنج», «صد و ده»)."""
    if tok.kind != "word":
        return 0
    v = int(tok.value)
    if v in _TENS.values():
        return 10
    if v in _HUNDREDS.values():
        return 100
    return 0


def _segment(toks: list[_Tok], i: int) -> tuple[Decimal, int | None]:
    """Value before the first magnitude of the segment starting at `i`, and that magnitude."""
    pre = toks[i].value
    j = i + 1
    while j < len(toks):
        tok = toks[j]
        if tok.kind == "mag":
            return pre, int(tok.value)
        if tok.kind == "and" and j + 1 < len(toks) and toks[j + 1].kind in ("word", "half"):
            pre += toks[j + 1].value
            j += 2
            continue
        break
    return pre, None


@dataclass(slots=True)
class _Parser:
    """Left-to-right total/current reading: «دو هزار و پانصد میلیارد» = (2000 + 500) * 10**9."""

    toks: list[_Tok]
    total: Decimal = Decimal(0)
    current: Decimal = Decimal(0)
    spelled: bool = True
    scaled: bool = False
    adjectival: bool = False
    base_only: bool = True  # no joins after a magnitude: the scale can be shared across a range
    scale: int = 1
    last_mag: int = 0

    def joined(self) -> None:
        """A part was added after a magnitude: the number is no longer «base × scale»."""
        self.base_only, self.scale = False, 1

    def may_follow_magnitude(self, i: int, with_and: bool) -> bool:
        """Whether the segment at `i` continues the number after the last magnitude."""
        pre, first_mag = _segment(self.toks, i)
        if pre >= self.last_mag:
            # «۶ هزار و ۱۱۸۲ خانوار» is written as said: six thousand and 1,182
            return with_and and first_mag is None and self.last_mag == 1000 and pre < 10000
        if first_mag is None:
            return with_and or self.last_mag == 1000  # «۲ میلیون و ۵۰۰», «۳ هزار ۵۰۰»
        if first_mag < self.last_mag:
            return True  # «یک میلیون و ۷۰۰ هزار», «۷ میلیون ۱۶۶ هزار»
        return with_and and first_mag > self.total  # «دو هزار و پانصد میلیارد»

    def magnitude(self, tok: _Tok) -> None:
        m = int(tok.value)
        if self.current == 0 and self.total == 0:
            self.current = Decimal(1)  # «هزار نفر»
        if m > self.total:
            self.total = (self.total + self.current) * m
            self.scale = self.scale * m if self.base_only else 1
        else:
            self.total += self.current * m
            self.joined()
        self.current = Decimal(0)
        self.scaled, self.last_mag, self.adjectival = True, m, tok.adjectival

    def value(self, i: int, prev: _Tok | None) -> bool:
        """Add the value token at `i`; False when it starts a new number instead."""
        tok = self.toks[i]
        if prev is not None and prev.kind == "mag":
            if tok.kind == "half" or not self.may_follow_magnitude(i, with_and=False):
                return False
            self.joined()
            self.current += tok.value
        elif prev is not None and prev.kind != "and":
            if not (tok.word == "صد" and prev.kind == "word" and prev.value < 10):
                return False
            self.current *= 100  # «یک صد» written apart for «یکصد»
        else:
            self.current += tok.value
        self.spelled = self.spelled and tok.kind != "num"
        return True

    def conjunction(self, i: int, prev: _Tok) -> str:
        """For «و» at `i`: "join", "half-of-magnitude" or "stop"."""
        if i + 1 >= len(self.toks):
            return "stop"
        nxt = self.toks[i + 1]
        if nxt.kind == "half":
            if prev.kind == "mag":
                return "half-of-magnitude"  # «یک میلیون و نیم»
            return "join" if prev.kind in ("num", "word") else "stop"  # «سه و نیم»
        if not _is_value(nxt):
            return "stop"
        if prev.kind == "mag":
            if not self.may_follow_magnitude(i + 1, with_and=True):
                return "stop"
            self.joined()
            return "join"
        if prev.kind == "word" and nxt.kind == "word" and nxt.value < _place(prev):
            return "join"  # «بیست و پنج»
        return "stop"  # «۱۰ و ۲۰» is a list of two numbers


def _parse(toks: list[_Tok]) -> _Parse | None:
    """Resolve the number at the start of `toks`, or None when they do not start with one."""
    if not toks or toks[0].kind not in ("num", "word", "mag", "half"):
        return None
    parser = _Parser(toks)
    i, last = 0, -1
    prev: _Tok | None = None
    while i < len(toks):
        tok = toks[i]
        if tok.kind in ("num", "word", "half"):
            if not parser.value(i, prev):
                break
        elif tok.kind == "mag" and (prev is None or prev.kind != "and"):
            parser.magnitude(tok)
            if tok.suffix_end >= 0 or tok.adjectival:
                last = i
                break  # «میلیاردریال», «میلیونی» end the number
        elif tok.kind == "and" and prev is not None:
            action = parser.conjunction(i, prev)
            if action == "stop":
                break
            if action == "half-of-magnitude":
                parser.total += Decimal("0.5") * parser.last_mag
                parser.joined()
                last, i, prev = i + 1, i + 2, toks[i + 1]
                continue
        else:
            break
        last, prev = i, tok
        i += 1
    if last < 0 or toks[last].kind == "and":
        return None
    p = parser
    scale = p.scale if p.scaled and p.base_only else 1
    return _Parse(p.total + p.current, last, p.spelled, p.scaled, scale, p.adjectival)


def _to_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _rejected(w: str, toks: list[_Tok], parse: _Parse, measured: frozenset[str]) -> bool:
    """Words that look like numbers but are not: «نه تنها», «سه‌شنبه», «ده‌ها», «سی‌تی»."""
    used = toks[: parse.last + 1]
    after = toks[parse.last + 1] if parse.last + 1 < len(toks) else None
    after_word = after.word if after is not None and after.kind == "other" else ""
    if after_word in _PLURAL:
        return True
    if parse.spelled and after_word == "شنبه":
        return True
    first = used[0]
    if first.kind == "mag":
        before = _WORD_BEFORE_RE.search(w, max(0, first.start - 24), first.start)
        if before and before.group().rstrip() in _VAGUE_BEFORE:
            return True
    if len(used) == 1 and first.kind in ("word", "half"):
        if first.word in ("نه", _HALF) and after_word not in measured:
            return True
        if first.word == "سی" and after_word in _NOT_AFTER_SI:
            return True
    return False


_HYPHEN_NAME_RE = re.compile(_LETTERS + r" ?- ?$")  # «کووید-19», hazm's «کووید- ۱۹»


def _glued(w: str, start: int) -> bool:
    """Digits stuck to a word before them belong to a name («مخاطب24», «کووید-19»)."""
    if start > 0 and _is_letter(w[start - 1]):
        return True
    return _HYPHEN_NAME_RE.search(w, max(0, start - 4), start) is not None


def _span(text: str, w: str, toks: list[_Tok], parse: _Parse) -> NumberSpan:
    used = toks[: parse.last + 1]
    start = used[0].start
    last = used[-1]
    end = last.suffix_end if last.suffix_end >= 0 else last.end
    value: Decimal | float = parse.value
    fraction = False
    after = toks[parse.last + 1] if parse.last + 1 < len(toks) else None
    if (
        parse.spelled
        and not parse.scaled
        and after is not None
        and after.kind == "other"
        and after.word in _DENOMINATORS
        and parse.value <= 10
    ):
        value = parse.value / _DENOMINATORS[after.word]
        end, fraction = after.end, True
    glued = used[0].kind == "num" and _glued(w, start)
    plain = used[0].plain if len(used) == 1 and used[0].kind == "num" else ""
    number = round(float(value), 6) if fraction else _to_number(parse.value)
    return NumberSpan(
        start=start,
        end=end,
        value=number,
        text=text[start:end],
        spelled=parse.spelled,
        scaled=parse.scaled,
        scale=parse.scale,
        adjectival=parse.adjectival,
        glued=glued,
        digits=plain,
        fraction=fraction,
    )


def find_numbers(
    text: str, *, folded: str | None = None, measured: frozenset[str] = frozenset()
) -> list[NumberSpan]:
    """Every number in `text`, left to right; `folded` is `fold(text)` when the caller has it. `measured`:
    the words that make a lone «نه» or «نیم» a number («نه درصد», «نیم ساعت»); without one they are not."""
    w = fold(text) if folded is None else folded
    spans: list[NumberSpan] = []
    pos = 0
    for anchor in _ANCHOR_RE.finditer(w):
        if anchor.start() < pos:
            continue
        toks = _lex(w, anchor.start())
        if not toks:
            continue
        if toks[0].kind == "skip":
            pos = toks[0].end
            continue
        parse = _parse(toks)
        if parse is None or _rejected(w, toks, parse, measured):
            pos = toks[0].end
            continue
        span = _span(text, w, toks, parse)
        spans.append(span)
        pos = span.end
    return spans


def parse_number(text: str) -> int | float | None:
    """The value of a text that is a single number («دو هزار و پانصد میلیارد»), else None."""
    w = fold(text).strip()
    if not w:
        return None
    toks = _lex(w, 0, limit=64)
    parse = _parse(toks)
    if parse is None:
        return None
    last = toks[parse.last]
    end = last.suffix_end if last.suffix_end >= 0 else last.end
    if w[end:].strip():
        return None
    return _to_number(parse.value)
