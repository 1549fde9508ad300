"""The near-duplicate index's one definition: which band keys a 64-bit SimHash fingerprint is filed under.

The 64 bits are cut into blocks; a *table* is a set of blocks, and a fingerprint is filed in every table
under the value its blocks take there (the band key). Two fingerprints within d bits of each other differ
in at most d blocks, so in every table whose blocks avoid those d they have the same key. The tables are
chosen so that any d blocks miss at least one table whole: a lookup that reads the fingerprint's bucket
in each table meets every stored fingerprint within the distance, and reads nothing else but the other
fingerprints filed under the same keys (about stored / 2^16 per table: the candidates).

- distance 0 to 6 (the default is 6), "plane4": 16 blocks of 4 bits are the points of the affine plane
  over GF(4), the tables its 20 lines (4 blocks, 16 bits). A set of points meeting every line of the
  affine plane of order q has at least 2q - 1 = 7 points (Jamison 1977; tests/test_simindex.py checks all
  8,008 sets of 6 blocks), so any 6 flipped bits leave a line whole. Pairs of 8 blocks, the layout before
  it, needed 28 tables for the same 16-bit keys.
- distance 7 to 14, "pairsN": N = distance + 2 blocks, the tables all pairs of blocks (d flipped bits
  touch at most d blocks: two stay whole). Keys are shorter, so buckets are fuller.

A store files, per key, a 32-bit `fold` of each fingerprint: two fingerprints within d bits have folds
within d bits, so the fold screens the candidates; the few that pass are checked on the full fingerprint.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations
from operator import itemgetter

MAX_BITS = 14  # past this, blocks of four bits make buckets as large as the whole store
KEY_BITS = 16  # a band value fits in 16 bits; a key is table << KEY_BITS | value
_MASK32 = (1 << 32) - 1
# GF(4) = {0, 1, a, a + 1} as 0..3: addition is XOR, multiplication this table (a * a = a + 1)
_GF4_MUL = ((0, 0, 0, 0), (0, 1, 2, 3), (0, 2, 3, 1), (0, 3, 1, 2))


@dataclass(frozen=True)
class Layout:
    name: str  # stored beside the index: a store built for another layout is rebuilt
    blocks: tuple[tuple[int, int], ...]  # (shift, width) of each block
    tables: tuple[tuple[int, ...], ...]  # the blocks of each table, the first one highest in its value


def _even_blocks(count: int) -> tuple[tuple[int, int], ...]:
    base, extra = divmod(64, count)
    blocks, shift = [], 0
    for i in range(count):
        width = base + (1 if i < extra else 0)
        blocks.append((shift, width))
        shift += width
    return tuple(blocks)


def _plane4_lines() -> tuple[tuple[int, ...], ...]:
    """The 20 lines of the affine plane over GF(4); the point (x, y) is block 4x + y."""
    lines = [tuple(4 * x + (_GF4_MUL[m][x] ^ b) for x in range(4)) for m in range(4) for b in range(4)]
    lines += [tuple(4 * c + y for y in range(4)) for c in range(4)]  # the vertical lines x = c
    return tuple(lines)


@cache
def layout(bits: int) -> Layout:
    """The layout for a near-duplicate distance of `bits`."""
    if not 0 <= bits <= MAX_BITS:
        raise ValueError(f"near-duplicate distance {bits}: expected 0 to {MAX_BITS} bits")
    if bits <= 6:
        return Layout("plane4", _even_blocks(16), _plane4_lines())
    count = bits + 2
    return Layout(f"pairs{count}", _even_blocks(count), tuple(combinations(range(count), 2)))


def band_keys(fingerprint: int, bits: int) -> list[int]:
    """One key per table: the table's number above the value of its blocks."""
    nibbles, blocks, tables = _plan(bits)
    if nibbles:  # blocks of 4 bits are hex digits: gathering characters is the fastest way in Python
        digits = f"{fingerprint:016x}"
        return [base | int("".join(get(digits)), 16) for base, get in nibbles]
    values = [(fingerprint >> shift) & mask for shift, mask in blocks]
    return [base | sum(values[block] << at for block, at in table) for base, table in tables]


@cache
def _plan(bits: int) -> tuple[list, list[tuple[int, int]], list[tuple[int, list[tuple[int, int]]]]]:
    """Per table its key's base and how to gather its value: hex digits, or (block, place in the value)."""
    lay = layout(bits)
    blocks = [(shift, (1 << width) - 1) for shift, width in lay.blocks]
    bases = [number << KEY_BITS for number in range(len(lay.tables))]
    tables = []
    for number, table in enumerate(lay.tables):
        at, parts = 0, []
        for block in reversed(table):
            parts.append((block, at))
            at += lay.blocks[block][1]
        tables.append((bases[number], parts))
    nibbles = []
    if all(width == 4 for _, width in lay.blocks):  # block b is hex digit 15 - b
        nibbles = [(base, itemgetter(*(15 - b for b in table))) for base, table in zip(bases, lay.tables, strict=True)]
    return nibbles, blocks, tables


def fold(fingerprint: int) -> int:
    """The 32-bit XOR of the two halves: within d bits whenever the fingerprints are."""
    return (fingerprint ^ (fingerprint >> 32)) & _MASK32


def file_folds(fingerprints: Iterable[int], bits: int, buckets: dict[int, bytearray]) -> dict[int, bytearray]:
    """Each fingerprint's fold, packed (4 bytes little-endian), appended to the bucket of each of its band keys."""
    for fingerprint in fingerprints:
        packed = struct.pack("<I", fold(fingerprint))
        for key in band_keys(fingerprint, bits):
            buckets.setdefault(key, bytearray()).extend(packed)
    return buckets


def screen(packed: bytes, fingerprint: int, bits: int) -> set[int]:
    """The folds (packed little-endian, 4 bytes each) within `bits` of the fingerprint's fold.

    All at once on one big integer (a Python loop over a few hundred folds costs twice as much): XOR with
    the fold repeated, bytes to their bit counts (bytes.translate), the 4 counts of each fold added, and a
    fold is near when adding 127 - bits to its count leaves the byte's high bit clear.
    """
    count = len(packed) // 4
    if not count:
        return set()
    low, high, ones = _lanes(count)
    diff = int.from_bytes(packed, "little") ^ (ones * fold(fingerprint))
    per_byte = int.from_bytes(diff.to_bytes(4 * count, "little").translate(_POPCOUNT), "little")
    per_fold = (per_byte + (per_byte >> 8) + (per_byte >> 16) + (per_byte >> 24)) & low
    near = ~(per_fold + ones * (127 - bits)) & high
    found = set()
    while near:
        lowest = near & -near
        at = (lowest.bit_length() - 1) // 32 * 4
        found.add(int.from_bytes(packed[at : at + 4], "little"))
        near ^= lowest
    return found


_POPCOUNT = bytes(i.bit_count() for i in range(256))


@lru_cache(maxsize=1024)
def _lanes(count: int) -> tuple[int, int, int]:
    """For `count` folds side by side: the low byte of each, its high bit, and 1 in each."""
    return tuple(int.from_bytes(lane * count, "little") for lane in (b"\xff\0\0\0", b"\x80\0\0\0", b"\x01\0\0\0"))
