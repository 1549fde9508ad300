"""Near-duplicate detection: 64-bit SimHash over word shingles, compared by Hamming distance.

The fingerprint is the classic one (bit b set when more shingles have bit b set in their blake2b-64 hash
than not). The tally is done on the joined digests with big-integer operations run in C: byte k of every
digest is one slice read as an integer, and masking bit j of each of its bytes and counting the set bits
gives one of the 64 counts, instead of 64 Python steps per shingle: the same fingerprints.
"""

from __future__ import annotations

import re
from hashlib import blake2b

_WORD = re.compile(r"[\w\u0600-\u06FF]+")
# ZWNJ dropped, Arabic yeh and kaf as Persian (str.replace: far faster than str.translate with a dict)
_STRIP = (("\u200c", ""), ("ي", "ی"), ("ك", "ک"))
_DIGEST = 8  # bytes: a 64-bit hash


def shingles(text: str, size: int = 3) -> list[str]:
    for old, new in _STRIP:
        if old in text:
            text = text.replace(old, new)
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return [" ".join(words)] if words else []
    if size == 3:  # the fingerprint's size: three shifted lists zipped, no slice and join per position
        return [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def simhash(text: str) -> int:
    """A 64-bit fingerprint; near-identical texts differ in few bits."""
    found = shingles(text)
    digests = b"".join([blake2b(sh.encode("utf-8"), digest_size=_DIGEST).digest() for sh in found])
    bit_masks = [int.from_bytes(bytes([1 << j]) * len(found)) for j in range(8)]  # bit j of every byte
    fingerprint = 0
    for k in range(_DIGEST):
        column = int.from_bytes(digests[k::_DIGEST])  # byte k of each digest: bits 63-8k … 56-8k of the hash
        for j in range(8):
            # bit set when more shingles have it than not: 2 × count > number of shingles
            if 2 * (column & bit_masks[j]).bit_count() > len(found):
                fingerprint |= 1 << (8 * (_DIGEST - 1 - k) + j)
    return fingerprint


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def from_signed(value: int) -> int:
    return value + (1 << 64) if value < 0 else value
