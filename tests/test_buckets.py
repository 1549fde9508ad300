"""newsbot/state/buckets.py: the SQLite store's near-duplicate buckets in memory answer as the table does,
also for fingerprints stored after they were read, by this store or by another process on the same file."""

from __future__ import annotations

import random
import struct
import time
from collections import Counter

import pytest

from newsbot.state import buckets as buckets_module
from newsbot.state.buckets import Buckets
from newsbot.state.simindex import band_keys, fold
from newsbot.state.sqlite import SqliteStore

FP = 0x0123456789ABCDEF


def table_folds(store: SqliteStore, keys: list[int]) -> Counter:
    """The folds the bucket table files under these keys, read with SQL: what the memory must hold."""
    found: Counter = Counter()
    for key in keys:
        row = store.db.execute("SELECT folds FROM fingerprint_buckets WHERE key=?", (key,)).fetchone()
        if row:
            found.update(struct.unpack(f"<{len(row[0]) // 4}I", row[0]))
    return found


def memory_folds(buckets: Buckets, keys: list[int]) -> Counter:
    packed = buckets.gather(keys)
    return Counter(struct.unpack(f"<{len(packed) // 4}I", packed))


@pytest.mark.parametrize("dense", [False, True], ids=["keys filed", "every key"])
def test_the_same_folds_as_the_table(tmp_path, monkeypatch, dense):
    if dense:
        monkeypatch.setattr(buckets_module, "_DENSE", 100)
    store = SqliteStore(tmp_path / "state.sqlite")
    rng = random.Random(3)
    store.add_fingerprints([(rng.getrandbits(64), f"a{n}", time.time()) for n in range(3000)])
    memory = Buckets(store.db, 6)
    assert (memory.keys is None) == dense
    store.add_fingerprints([(rng.getrandbits(64), f"b{n}", time.time()) for n in range(200)])  # after the read
    for _ in range(50):
        keys = band_keys(rng.getrandbits(64), 6)
        assert memory_folds(memory, keys) == table_folds(store, keys)
    assert memory.filed == 200


def test_stored_after_the_read_by_this_store_and_by_another(tmp_path):
    path = tmp_path / "state.sqlite"
    store, other = SqliteStore(path), SqliteStore(path)
    store.add_fingerprint(FP ^ 0xFF, "far")
    assert store.nearest(FP, "q") is None  # the buckets are read now
    store.add_fingerprint(FP ^ 0b11, "mine")
    assert store.nearest(FP, "q") == "mine"  # in its own open transaction
    store.commit()  # writes are batched: the other process writes between batches
    theirs = FP ^ 0xFFFF_0000_0000  # 16 bits from FP and from "mine"
    other.add_fingerprint(theirs, "theirs")
    other.commit()
    assert store.nearest(theirs ^ (1 << 20), "q") == "theirs"
    store.close()
    other.close()


def test_read_again_past_the_overlay(tmp_path, monkeypatch):
    monkeypatch.setattr(buckets_module, "_OVERLAY", 10)
    store = SqliteStore(tmp_path / "state.sqlite")
    rng = random.Random(8)
    store.add_fingerprints([(rng.getrandbits(64), f"a{n}", time.time()) for n in range(100)])
    memory = Buckets(store.db, 6)
    loaded = len(memory.folds)
    store.add_fingerprints([(rng.getrandbits(64), f"b{n}", time.time()) for n in range(25)])
    keys = band_keys(rng.getrandbits(64), 6)
    assert memory_folds(memory, keys) == table_folds(store, keys)
    assert len(memory.folds) > loaded and memory.filed < 10  # read again once the overlay held 10
    assert len(memory.folds) == 4 * 20 * 125


def test_pruned_folds_are_gone_from_memory(tmp_path):
    store = SqliteStore(tmp_path / "state.sqlite")
    store.add_fingerprint(FP, "old", stored_at=time.time() - 100 * 86400)
    assert store.nearest(FP ^ 1, "q") == "old"
    assert store.prune(90) == 1
    keys = band_keys(FP, 6)
    assert store.nearest(FP ^ 1, "q") is None
    assert fold(FP) not in memory_folds(store.buckets, keys)
