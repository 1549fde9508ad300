"""The run state's one interface on both backends: claims, decisions with bounded retries, near-duplicates,
and (Redis) a worker whose lease runs out losing its claims to the others."""

from __future__ import annotations

import time

import pytest

from newsbot.state import CLAIMED, EMITTED, MINE, TAKEN
from newsbot.state.sqlite import SqliteStore
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


def test_sqlite_prune_forgets_fingerprints_past_the_window(tmp_path):
    store = SqliteStore(tmp_path / "state.sqlite")
    store.add_fingerprint(BASE_FP, "old", stored_at=time.time() - 100 * 86400)
    store.add_fingerprint(BASE_FP ^ 1, "new")
    assert store.prune(90) == 1
    assert store.nearest(BASE_FP, "x") == "new"
    assert store.db.execute("SELECT COUNT(*) FROM fingerprint_keys").fetchone()[0] == 28


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
