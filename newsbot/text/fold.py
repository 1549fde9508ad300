"""One folding for matching, the only one in newsbot: what is the same letter reads alike.

Records keep the publisher's characters (see `normalize`); every look-up — relevance, facts, places, people,
search, near-duplicates — works on a folded copy built here and never written into a record:

- `fold_chars`: same length as its input, so offsets carry over: Arabic ي/ى/ئ → ی, ك → ک, ۀ/ة → ه, أ/إ/آ/ٱ → ا,
  ؤ → و, Persian and Arabic-Indic digits → ASCII, ZWNJ and odd spaces → a plain space. Marks are kept.
- `fold`: `fold_chars` with the marks (tanwin, harakat, hamza above/below, superscript alef, tatweel, lone
  hamza ء) dropped: «مجدداً» = «مجددا», «کنایهٔ» = «کنایه», «تأمين‌اجتماعي» = «تامین اجتماعی».
- `squash`: `fold` without spaces, for table keys («بیمه‌شده» = «بیمه شده» = «بیمهشده»).
- `Folded`: `fold` of a text with a map back to the text's own offsets, for finders that quote what they found.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

__all__ = ["Folded", "fold", "fold_chars", "squash"]

ZWNJ = "\u200c"
_LETTERS = {
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0626": "\u06cc",  # Arabic yeh, alef maksura, yeh with hamza
    "\u0643": "\u06a9",  # Arabic kaf
    "\u06c0": "\u0647", "\u0629": "\u0647",  # heh with yeh above (ۀ), teh marbuta
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ: تأمین = تامین
    "\u0624": "\u0648",  # waw with hamza
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
}  # fmt: skip
_GAPS = "\u200c\u200d\u200e\u200f\u00a0\u202f\u2009\u2002\u2003\u2005\u2006\u200a\u200b\ufeff\t"
# str.replace per present character is far faster than str.translate with a dict on Persian text.
_PAIRS = tuple(_LETTERS.items()) + tuple((c, " ") for c in _GAPS)
MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u0621]")
_SPACES = re.compile(r"\s+")


DIGITS_TO_ASCII = str.maketrans({k: v for k, v in _LETTERS.items() if v.isdigit()})  # digits only, letters as written


def fold_chars(text: str) -> str:
    """Same-length matching copy: one form per letter and digit, ZWNJ and odd spaces as plain spaces."""
    for src, dst in _PAIRS:
        if src in text:
            text = text.replace(src, dst)
    return text


def fold(text: str) -> str:
    """`fold_chars` without marks: the form every table and pattern is matched in."""
    return fold_chars(MARKS.sub("", text))


@lru_cache(maxsize=1 << 15)
def squash(text: str) -> str:
    """`fold` with every space removed: the key of a word or phrase in a table."""
    return _SPACES.sub("", fold(text))


class Folded:
    """`fold(source)` as `.text`, with `source_span` giving the source's offsets of a span of `.text`."""

    __slots__ = ("_cuts", "base", "source", "text")

    def __init__(self, source: str) -> None:
        self.source = source
        cuts: list[int] = []  # positions in `.text` where a mark was dropped, one entry per mark
        for n, m in enumerate(MARKS.finditer(source)):
            cuts.append(m.start() - n)
        self._cuts = cuts
        self.base = MARKS.sub("", source) if cuts else source  # the source without marks: `.text`'s offsets
        self.text = fold_chars(self.base)

    def source_offset(self, i: int) -> int:
        # a mark at a cut belongs to the letter before it: spans keep trailing tanwin and hamza
        return i + bisect.bisect_right(self._cuts, i) if self._cuts else i

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.source_offset(start), self.source_offset(end)

    def source_slice(self, start: int, end: int) -> str:
        s, e = self.source_span(start, end)
        return self.source[s:e]
