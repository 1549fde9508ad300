"""The SQLite store's near-duplicate buckets, held in memory for the run: read once, in key order, into one
byte string with where each key's folds end, so a lookup slices 20 buckets out of memory instead of
walking 20 B-trees (at 1,000,000 stored, each walk is a few pages of a 100 MB table: the lookup's whole
cost grew with the store). 4 bytes per stored article per table: 80 MB at 1,000,000, and the ends: for a
small store the keys filed and their ends (a binary search each), past 65,536 keys an end for each of the
1.3 million possible keys (5 MB: one read each; a binary search over a large array misses the CPU's cache
at every step).

Fingerprints stored after the load (by this run, or by another process sharing the file) are filed from
the fingerprints table: each lookup first reads the rows past the last one filed, by rowid, into a small
overlay; past 5,000 of them (or 1 % of those loaded), the buckets are read again.
"""

from __future__ import annotations

import sqlite3
from array import array
from bisect import bisect_left
from itertools import accumulate

from newsbot.state.simindex import KEY_BITS, file_folds, layout
from newsbot.text.similarity import from_signed

_ROWS = 20000  # rows fetched at a time while loading: no list of the whole table
_DENSE = 1 << 16  # past this many keys filed, an end for every possible key (5 MB) instead of the keys filed
_OVERLAY = 5000  # fingerprints filed in the overlay before the buckets are read again (or 1 % of those loaded)


class Buckets:
    """Packed 4-byte folds per band key: the table as loaded, then what was stored since."""

    def __init__(self, db: sqlite3.Connection, bits: int) -> None:
        self.db, self.bits = db, bits
        self._load()

    def _load(self) -> None:
        db = self.db
        # the last fingerprint filed, read before the buckets: one filed in between is filed twice (harmless)
        self.mark = db.execute("SELECT COALESCE(max(rowid), 0) FROM fingerprints").fetchone()[0]
        keys, ends, folds = array("I"), array("Q", [0]), bytearray()
        rows = db.execute("SELECT key, folds FROM fingerprint_buckets ORDER BY key")
        while chunk := rows.fetchmany(_ROWS):
            for key, blob in chunk:
                keys.append(key)
                folds += blob
                ends.append(len(folds))
        tables = len(layout(self.bits).tables)
        if len(keys) > _DENSE:  # an end for every possible key: one read per key, none of a binary search
            lengths = array("I", bytes(4 * (tables << KEY_BITS)))
            for i, key in enumerate(keys):
                lengths[key] = ends[i + 1] - ends[i]
            wide = "I" if len(folds) < 1 << 32 else "Q"  # 4 bytes an end up to 50 million stored articles
            keys, ends = None, array(wide, accumulate(lengths, initial=0))
        self.keys, self.ends = keys, ends
        self.folds = memoryview(folds)  # sliced without copying; never grown again
        self.extra: dict[int, bytearray] = {}
        self.filed = 0  # fingerprints in `extra`
        self.limit = max(_OVERLAY, len(folds) // (4 * tables) // 100)

    def gather(self, keys: list[int]) -> bytes:
        """The folds filed under these keys, packed."""
        self._catch_up()
        filed, ends, folds, extra = self.keys, self.ends, self.folds, self.extra
        if filed is None:
            parts = [folds[ends[key] : ends[key + 1]] for key in keys]
        else:
            parts = []
            for key in keys:
                i = bisect_left(filed, key)
                if i < len(filed) and filed[i] == key:
                    parts.append(folds[ends[i] : ends[i + 1]])
        if extra:
            parts += [extra[key] for key in keys if key in extra]
        return b"".join(parts)

    def _catch_up(self) -> None:
        rows = self.db.execute("SELECT rowid, fp FROM fingerprints WHERE rowid > ? ORDER BY rowid", (self.mark,))
        for rowid, fp in rows:
            if self.filed >= self.limit:  # an overlay of a few MB at most: a dict entry per key is 80 bytes
                self._load()  # the buckets table has them all: this connection sees its own writes
                return
            file_folds([from_signed(fp)], self.bits, self.extra)
            self.filed += 1
            self.mark = rowid
