"""Near-duplicate detection: 64-bit SimHash over word shingles, compared by Hamming distance."""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"[\w\u0600-\u06FF]+")
_STRIP = str.maketrans({"\u200c": None, "ي": "ی", "ك": "ک"})


def shingles(text: str, size: int = 3) -> list[str]:
    words = _WORD.findall(text.translate(_STRIP).lower())
    if len(words) < size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def simhash(text: str) -> int:
    """A 64-bit fingerprint; near-identical texts differ in few bits."""
    weights = [0] * 64
    for sh in shingles(text):
        h = int.from_bytes(hashlib.blake2b(sh.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def from_signed(value: int) -> int:
    return value + (1 << 64) if value < 0 else value
