"""The run state's one interface on both backends: claims, decisions with bounded retries, near-duplicates,
and (Redis) a worker whose lease runs out losing its claims to the others."""

from __future__ import annotations

import random
import sqlite3
import time
from itertools import combinations

import pytest

from newsbot.state import CLAIMED, EMITTED, MINE, TAKEN
from newsbot.state.simindex import layout
from newsbot.state.sqlite import SqliteStore
from newsbot.text.similarity import to_signed
from tests.redis_server import REDIS_SERVER, RedisServer

BASE_FP = 0x0123456789ABCDEF


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)")
    server = RedisServer(tmp_path_factory.mktemp("redis-state")).start()
    yield server.url
    server.stop()


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = SqliteStore(tmp_path / "state.sqlite")
    else:
        from newsbot.state.redis import RedisStore

        s = RedisStore(request.getfixturevalue("redis_url"), lease_s=0.5)
        s.r.flushdb()
    yield s
    s.close()


def item(n: int) -> dict:
    return {"id": f"a{n}", "url": f"http://h/news/{n}.html", "canonical_url": None, "title": "t", "published_at": None}


def test_an_article_is_claimed_once_and_emitted_once(store):
    first = store.begin("s", [], 3)
    assert first.claim("a1") == CLAIMED
    first.record_emitted(item(1), BASE_FP)
    assert first.claim("a1") == MINE
    other = store.begin("s", [], 3)
    assert other.claim("a1") == TAKEN  # the first run is alive and holds it
    assert first.may_finalize()
    first.finish("completed")
    later = store.begin("s", [], 3)
    assert later.claim("a1") == EMITTED
    assert later.claim("a1", refetch=True) == CLAIMED  # NEWSBOT_REFETCH
    assert later.already_done("http://h/news/1.html")
    if hasattr(store, "r"):
        later.record_emitted(item(1), BASE_FP)
        later.finish("completed")
        assert store.r.get("newsbot:emitted_total") == "1"  # emitted again on request: still one article


def test_a_relevant_looking_drop_is_tried_again_a_bounded_number_of_times(store):
    for expected in (False, False, True):  # limit 2: after two runs dropped it, the third skips it
        run = store.begin("s", [], 2)
        assert run.already_done("http://h/news/9.html") is expected
        run.record_decision("http://h/news/9.html", "dropped:bad_date", "a9", retry=True)
        run.finish("completed")
    run = store.begin("s", [], 2)
    run.record_decision("http://h/news/8.html", "dropped:irrelevant", "a8")
    run.finish("completed")
    assert store.begin("s", [], 2).already_done("http://h/news/8.html")


def test_a_failed_run_settles_nothing(store):
    run = store.begin("s", [], 3)
    assert run.claim("a2") == CLAIMED
    run.record_emitted(item(2), BASE_FP)
    run.finish("failed")
    later = store.begin("s", [], 3)
    assert not later.already_done("http://h/news/2.html")
    assert later.claim("a2") == CLAIMED


@pytest.mark.parametrize(("flipped", "found"), [(0, True), (6, True), (7, False), (20, False)])
def test_near_duplicate_found_within_the_distance(store, flipped, found):
    run = store.begin("s", [], 3)
    run.record_emitted(item(3), BASE_FP)
    other = BASE_FP
    for bit in range(0, flipped * 9, 9):  # spread over the blocks
        other ^= 1 << bit
    assert run.near_duplicate(other, "a4") == ("a3" if found else None)
    assert run.near_duplicate(BASE_FP, "a3") is None  # an article is no duplicate of itself


def test_redis_worker_whose_lease_ran_out_loses_its_claims(redis_url):
    from newsbot.state.redis import RedisStore

    store = RedisStore(redis_url, lease_s=0.3)
    store.r.flushdb()
    dead = store.begin("s", [], 3)
    assert dead.claim("a5") == CLAIMED
    live = store.begin("s", [], 3)
    assert live.claim("a5") == TAKEN
    time.sleep(0.5)  # no heartbeat: the lease runs out
    notes = store.reap("s")
    assert any(dead.run_id in note for note in notes)
    assert store.r.hget(f"newsbot:run:{dead.run_id}", "status") == "killed"
    assert not dead.may_finalize()  # a stalled worker that comes back must not rename its output
    fresh = store.begin("s", [], 3)
    assert fresh.claim("a5") == CLAIMED


def _spread(fp: int, blocks: tuple[int, ...]) -> int:
    """One bit flipped in each of these 4-bit blocks (the plane4 layout's blocks)."""
    for b in blocks:
        fp ^= 1 << (4 * b + b % 4)
    return fp


def _fewest_whole(d: int) -> tuple[int, ...]:
    """d blocks that leave the fewest tables of the plane whole (from 4 blocks on, a single one: one shared key);
    at 7, a blocking set of the plane (none)."""
    tables = [set(t) for t in layout(6).tables]
    return min(combinations(range(16), d), key=lambda s: sum(not t & set(s) for t in tables))


def _crowd(store, line: tuple[int, ...], count: int, stored_at: float | None = None) -> None:
    """Fingerprints far from BASE_FP that share its key in one table: its bucket there holds many (chunks)."""
    rng = random.Random(count)
    keep = sum(0xF << (4 * b) for b in line)
    for n in range(count):
        store.add_fingerprint((BASE_FP & keep) | (rng.getrandbits(64) & ~keep), f"crowd{n}", stored_at)


@pytest.mark.parametrize("d", range(8))
def test_hand_made_near_duplicates_across_blocks(store, d):
    """A bit flipped in each of d blocks, placed so that the fewest tables keep the key, among 50 far
    fingerprints filed under the same key in one of those tables: found up to 6, not at 7."""
    touched = _fewest_whole(d)
    line = next((t for t in layout(6).tables if not set(t) & set(touched)), layout(6).tables[0])
    _crowd(store, line, 40)
    store.add_fingerprint(BASE_FP, "base")
    _crowd(store, line, 10)
    other = _spread(BASE_FP, touched)
    assert (other ^ BASE_FP).bit_count() == d
    assert store.nearest(other, "query") == ("base" if d <= 6 else None)
    assert store.nearest(BASE_FP, "base") is None  # no article is a duplicate of itself


def test_prune_forgets_fingerprints_past_the_window(store):
    line, long_ago = layout(6).tables[0], time.time() - 100 * 86400
    _crowd(store, line, 30, stored_at=long_ago)
    store.add_fingerprint(BASE_FP, "old", stored_at=long_ago)
    store.add_fingerprint(BASE_FP ^ 1, "new")
    _crowd(store, line, 20)
    assert store.prune(90) == 31
    assert store.nearest(BASE_FP, "x") == "new"
    assert store.nearest(BASE_FP ^ 1, "new") is None
    assert store.prune(90) == 0


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_store_opened_for_another_distance_files_its_fingerprints_again(backend, request, tmp_path):
    def open_store(bits):
        if backend == "sqlite":
            return SqliteStore(tmp_path / "state.sqlite", near_bits=bits)
        from newsbot.state.redis import RedisStore

        return RedisStore(request.getfixturevalue("redis_url"), near_bits=bits, lease_s=0.5)

    first = open_store(6)
    if backend == "redis":
        first.r.flushdb()
        first = open_store(6)
    first.add_fingerprint(BASE_FP, "a1")
    first.close()
    far = _spread(BASE_FP, tuple(range(9)))  # 9 blocks: beyond plane4, within pairs11
    wide = open_store(9)
    assert wide.nearest(far, "q") == "a1"
    wide.close()
    narrow = open_store(6)
    assert narrow.nearest(far, "q") is None
    assert narrow.nearest(_spread(BASE_FP, (1, 5, 9)), "q") == "a1"
    narrow.close()


def test_sqlite_state_of_the_band_table_layout_is_filed_again(tmp_path):
    path = tmp_path / "state.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE fingerprints (fp INTEGER NOT NULL, article_id TEXT NOT NULL, stored_at REAL NOT NULL);"
        "CREATE TABLE fingerprint_keys (key INTEGER NOT NULL, fp_row INTEGER NOT NULL, fp INTEGER NOT NULL,"
        " PRIMARY KEY (key, fp_row)) WITHOUT ROWID;"
    )
    old.execute("INSERT INTO fingerprints VALUES (?, 'a1', ?)", (to_signed(0xFEDCBA9876543210), time.time()))
    old.commit()
    old.close()
    store = SqliteStore(path)
    assert store.nearest(0xFEDCBA9876543210 ^ 0b1011, "q") == "a1"
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "fingerprint_keys" not in tables


def test_redis_history_of_the_first_layout_is_moved(redis_url):
    """Emitted ids, final decisions, retries and fingerprints kept in big hashes by the first Redis layout."""
    import redis as redis_client

    from newsbot.state.redis import RedisStore, decision_digest

    r = redis_client.Redis.from_url(redis_url, decode_responses=True)
    r.flushdb()
    r.hset("newsbot:run:old-run", mapping={"site": "s", "status": "completed"})
    r.hset("newsbot:emitted", "a1", "old-run")
    r.hset("newsbot:site:s:final", "h/news/1.html", "emitted")
    r.hset("newsbot:site:s:retried", "h/news/9.html", 2)
    r.hset("newsbot:run:live-run", mapping={"site": "s", "status": "running"})
    r.hset("newsbot:run:live-run:decisions", "h/news/7.html", "emitted")
    r.hset("newsbot:fp", "1", f"{BASE_FP:x}:a1")
    r.zadd("newsbot:fp:time", {"1": time.time()})
    r.sadd("newsbot:fpk:abc", "1")
    r.set("newsbot:fp:seq", 1)

    store = RedisStore(redis_url, lease_s=0.5)
    run = store.begin("s", [], 2)
    assert run.claim("a1") == EMITTED
    assert run.already_done("http://h/news/1.html")
    assert run.already_done("http://h/news/9.html")  # retried twice, limit 2
    assert not run.already_done("http://h/news/2.html")
    assert store.nearest(BASE_FP ^ 0b111, "q") == "a1"
    assert r.hget("newsbot:run:live-run:decisions", decision_digest("s", "h/news/7.html")) == "emitted"
    assert not r.exists("newsbot:emitted", "newsbot:fp", "newsbot:fp:time", "newsbot:fpk:abc")
    assert r.get("newsbot:layout") == "2" and r.get("newsbot:emitted_total") == "1"
    store.close()
