"""Many workers, one crawl (issue 12): three workers started with one command each over a 1,000-article site
with a latency per request; then a worker killed with `kill -9` while another joins; then Redis restarted
mid-crawl. Each time: the union of the outputs is the single-process run's records, each once, and the
site's access log shows no article page fetched twice (except those a killed worker held)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli import ENV, ROOT, scrapy_command
from tests.redis_server import RedisServer, needs_redis
from tests.shared_site import SharedSite

pytestmark = [needs_redis, pytest.mark.serial]  # leases and kills in seconds: no other test beside them
ARTICLES = 1000
LATENCY_S = 0.05
# when, beside which earlier article, in which story: each depends on the order of fetches (or on the worker)
VOLATILE = ("crawled_at", "duplicate_of", "story_id")
COMMON = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "NEWSBOT_MAX_FEED_ITEMS": "5000",
    "NEWSBOT_EMIT_TIERS": "about,subsidiary,mention,none",  # every article emitted: the test compares records
    "NEWSBOT_WORKER_LEASE": "10",  # a loaded machine can hold a worker for seconds: no take-back then
    "NEWSBOT_ARCHIVE": "",  # the desk's archive is one SQLite file per machine: workers here share one machine
}


def command(base: str, out: Path, **settings: str) -> list[str]:
    feeds = {str(out): {"format": "jsonlines", "encoding": "utf8"}}
    args = ["crawl", "sample", "-a", f"base={base}", "-s", f"FEEDS={json.dumps(feeds)}"]
    for name, value in {**COMMON, "LOG_FILE": str(out.with_suffix(".log")), **settings}.items():
        args += ["-s", f"{name}={value}"]
    return scrapy_command(*args)


def worker(base: str, out: Path, redis_url: str) -> subprocess.Popen:
    env = {**ENV, "NEWSBOT_REDIS_URL": redis_url}
    return subprocess.Popen(command(base, out), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def records(*outputs: Path) -> list[dict]:
    rows = []
    for out in outputs:
        if out.exists():
            rows += [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{k: v for k, v in r.items() if k not in VOLATILE} for r in rows]


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


def finish(*procs: subprocess.Popen) -> None:
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode(errors="replace")[-3000:]


def wait_for_fetches(site: SharedSite, count: int, timeout_s: float = 300) -> None:
    end = time.monotonic() + timeout_s
    while sum(site.fetches().values()) < count:
        assert time.monotonic() < end, "the crawl did not get going"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def site_and_reference(tmp_path_factory):
    """The site, served for the whole module, and one single-process run's records (SQLite state, no Redis)."""
    tmp = tmp_path_factory.mktemp("reference")
    site = SharedSite(ARTICLES, latency_s=LATENCY_S)
    with site as base:
        out = tmp / "single.jsonl"
        proc = subprocess.run(
            command(base, out, NEWSBOT_STATE=str(tmp / "state.sqlite")), cwd=ROOT, env=ENV, capture_output=True
        )
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
        reference = records(out)
        assert len(reference) > ARTICLES * 0.9  # a few corpus texts are too short to be articles
        yield site, base, reference


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


def fresh_crawl(site: SharedSite, redis_server: RedisServer) -> None:
    redis_server.client().flushall()
    with site.lock:
        site.log.clear()


def test_three_workers_one_command_each_share_the_crawl(site_and_reference, redis_server, tmp_path):
    site, base, reference = site_and_reference
    fresh_crawl(site, redis_server)
    outs = [tmp_path / f"worker{i}.jsonl" for i in range(3)]
    procs = []
    for out in outs:
        procs.append(worker(base, out, redis_server.url))
        time.sleep(0.5)
    finish(*procs)

    rows = records(*outs)
    assert len(rows) == len(by_id(rows))  # each record once
    assert by_id(rows) == by_id(reference)
    fetched = site.fetches()
    assert len(fetched) == ARTICLES and max(fetched.values()) == 1, fetched.most_common(3)
    for out in outs:  # every worker did work
        report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
        assert report["articles_parsed"] > 0 and report["emitted"] > 0, (out.name, report)
    # the last worker to leave adds up the three reports: the crawl's figures, history and alarms
    crawl_reports = [
        out.with_suffix(".crawl-report.json") for out in outs if out.with_suffix(".crawl-report.json").exists()
    ]
    assert len(crawl_reports) == 1
    combined = json.loads(crawl_reports[0].read_text(encoding="utf-8"))
    assert combined["workers"] == 3 and combined["emitted"] == len(reference) and combined["alarms"] == []
    assert combined["articles_parsed"] == ARTICLES


def test_a_worker_killed_mid_crawl_and_one_joining_lose_nothing(site_and_reference, redis_server, tmp_path):
    site, base, reference = site_and_reference
    fresh_crawl(site, redis_server)
    first, second, joiner = (tmp_path / f"{name}.jsonl" for name in ("first", "second", "joiner"))
    a = worker(base, first, redis_server.url)
    time.sleep(0.5)
    b = worker(base, second, redis_server.url)
    wait_for_fetches(site, ARTICLES // 4)
    os.kill(a.pid, signal.SIGKILL)
    a.wait()
    c = worker(base, joiner, redis_server.url)
    finish(b, c)

    assert not first.exists()  # the killed worker never renamed its output
    assert not Path(str(first) + ".part").exists()  # and its .part was discarded when its lease ran out
    rows = records(second, joiner)
    assert len(rows) == len(by_id(rows))
    assert by_id(rows) == by_id(reference)
    assert records(joiner), "the worker that joined took no work"


def test_redis_restarted_mid_crawl_the_crawl_resumes(site_and_reference, redis_server, tmp_path):
    site, base, reference = site_and_reference
    fresh_crawl(site, redis_server)
    outs = [tmp_path / f"worker{i}.jsonl" for i in range(2)]
    procs = [worker(base, out, redis_server.url) for out in outs]
    wait_for_fetches(site, ARTICLES // 4)
    redis_server.stop()
    time.sleep(1.0)
    redis_server.start()  # same port and folder: the AOF brings back queue, claims and history
    finish(*procs)

    rows = records(*outs)
    assert len(rows) == len(by_id(rows))
    assert by_id(rows) == by_id(reference)
    assert max(site.fetches().values()) == 1
