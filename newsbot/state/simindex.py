"""Band keys for a sub-linear near-duplicate lookup over 64-bit SimHash fingerprints.

Two fingerprints within k bits of each other, cut into k + 2 blocks, share at least two whole blocks
(k flipped bits touch at most k blocks). Each fingerprint is therefore indexed under one key per pair
of blocks; a lookup reads the C(k + 2, 2) buckets of its own keys and checks the few candidates found
there, so every pair within k bits is found and no fingerprint outside those buckets is read.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations

MAX_BITS = 14  # past this, blocks of four bits make buckets as large as the whole store


@cache
def _layout(bits: int) -> tuple[tuple[tuple[int, int], ...], int]:
    """Blocks as (shift, width) and the width of one block value, for a distance of `bits`."""
    if not 0 <= bits <= MAX_BITS:
        raise ValueError(f"near-duplicate distance {bits}: expected 0 to {MAX_BITS} bits")
    count = max(bits + 2, 4)  # at least 4 blocks: a key must fit in SQLite's signed 64-bit integer
    base, extra = divmod(64, count)
    blocks, shift = [], 0
    for i in range(count):
        width = base + (1 if i < extra else 0)
        blocks.append((shift, width))
        shift += width
    return tuple(blocks), base + (1 if extra else 0)


def band_keys(fingerprint: int, bits: int) -> list[int]:
    """One integer key per pair of blocks; equal keys mean those two blocks are equal."""
    blocks, width = _layout(bits)
    values = [(fingerprint >> shift) & ((1 << w) - 1) for shift, w in blocks]
    return [
        (pair << (2 * width)) | (values[i] << width) | values[j]
        for pair, (i, j) in enumerate(combinations(range(len(values)), 2))
    ]
