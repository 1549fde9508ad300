"""Distributed crawls: records pushed to Redis by workers reach the archive that imports them, once."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from newsbot.desk.archive import Archive
from newsbot.desk.relay import DROPPED_KEY, LOCK_KEY, RECORDS_KEY, RedisRelay, import_into
from tests.cli import free_port

redis = pytest.importorskip("redis", reason="the redis package is needed only for distributed crawls")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _record(aid: str, body: str) -> dict:
    return {"id": aid, "site": "irna", "source_name": "ایرنا", "url": f"https://irna.ir/{aid}", "title": "عنوان",
            "lead": None, "body": body, "published_at": "2025-09-30T10:00:00+03:30", "story_id": "s-worker-view",
            "facts": [], "people": [], "places": []}  # fmt: skip


def test_pushed_records_are_imported_once_and_regrouped(redis_url):
    worker = RedisRelay(redis_url)
    release = "سازمان تأمین اجتماعی اعلام کرد که طرح غربالگری رایگان از امروز آغاز می‌شود " * 8
    worker.push_record(_record("a1", release))
    worker.push_record(_record("a2", release))  # the same release from another worker
    worker.push_dropped({"url": "https://x.ir/1", "site": "x", "reason": "bad_date", "title": "بی‌تاریخ"})
    archive = Archive()
    assert import_into(archive, redis_url) == 3
    stories = {r["id"]: r["story_id"] for r in archive.records()}
    assert set(stories) == {"a1", "a2"} and len(set(stories.values())) == 1
    assert "s-worker-view" not in stories.values()  # grouped here, not by the worker
    assert [d["reason"] for d in archive.dropped()] == ["bad_date"]
    client = redis.Redis.from_url(redis_url)
    assert client.llen(RECORDS_KEY) == client.llen(DROPPED_KEY) == 0
    assert import_into(archive, redis_url) == 0 and archive.count() == 2


def test_a_second_import_waits_for_the_first(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.set(LOCK_KEY, "someone-else", ex=30)
    RedisRelay(redis_url).push_record(_record("b1", "متن"))
    try:
        with pytest.raises(RuntimeError, match="another import holds"):
            import_into(Archive(), redis_url)
        assert client.llen(RECORDS_KEY) == 1  # nothing taken
    finally:
        client.delete(LOCK_KEY)
    assert import_into(Archive(), redis_url) == 1


def test_a_worker_crawl_reaches_another_machines_search(redis_url, tmp_path):
    from tests.cli import FAST, scrapy

    worker_state, analyst_state = tmp_path / "worker" / "state.sqlite", tmp_path / "analyst" / "state.sqlite"
    worker_state.parent.mkdir()
    analyst_state.parent.mkdir()
    crawl = scrapy("crawl", "sample", "-O", str(tmp_path / "out.jsonl"), "-s", f"NEWSBOT_STATE={worker_state}",
                   "-s", f"NEWSBOT_REDIS_URL={redis_url}", "-s", f"NEWSBOT_SAMPLE_PORT={free_port()}",
                   *FAST)  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    emitted = len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines())
    assert redis.Redis.from_url(redis_url).llen(RECORDS_KEY) == emitted
    search = scrapy("search", "تأمين اجتماعي", "--limit", "500", "-s", f"NEWSBOT_STATE={analyst_state}",
                    "-s", f"NEWSBOT_REDIS_URL={redis_url}")  # fmt: skip
    assert search.returncode == 0, search.stderr[-2000:]
    analyst = Archive(analyst_state.with_name("archive.sqlite"))
    assert analyst.count() == emitted
    assert f"imported {emitted + len(analyst.dropped())} rows" in search.stdout
