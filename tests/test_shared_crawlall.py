"""Many workers, one crawl, under `scrapy crawlall` (issue 12): two workers started with the very same crawlall
command (as the cron script would on two machines) share one crawl of a site with a latency per request. The
union of their outputs is a single-process crawlall run's records, each once; no article page is fetched twice;
both workers did work; each names its own output, run report and crawlall summary."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import ENV, ROOT, scrapy_command
from tests.redis_server import needs_redis
from tests.shared_site import SharedSite
from tests.test_shared_crawl import COMMON, by_id, finish, records, redis_server  # noqa: F401 (a fixture)

pytestmark = [needs_redis, pytest.mark.serial]  # leases in seconds: no other test beside them
ARTICLES = 300
LATENCY_S = 0.05


def crawlall(base: str, tmp: Path, **settings: str) -> list[str]:
    """One crawlall command for every worker: outputs, reports and JOBDIRs under `tmp`, named by the defaults."""
    feeds = {str(tmp / "out" / "%(name)s" / "%(time)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}}
    args = ["crawlall", "--sites", "sample", "-a", f"base={base}"]
    defaults = {
        "NEWSBOT_DEFAULT_FEEDS": json.dumps(feeds),
        "NEWSBOT_REPORT_DIR": str(tmp / "reports"),
        "NEWSBOT_JOBDIR_ROOT": str(tmp / "jobs"),  # as the cron script runs it
    }
    for name, value in {**COMMON, **defaults, **settings}.items():
        args += ["-s", f"{name}={value}"]
    return scrapy_command(*args)


def outputs(tmp: Path) -> list[Path]:
    return sorted((tmp / "out" / "sample").glob("*.jsonl"))


@pytest.fixture(scope="module")
def shared_crawl(redis_server, tmp_path_factory):  # noqa: F811
    """A single-process crawlall run's records, then two crawlall workers sharing one crawl of the same site."""
    tmp = tmp_path_factory.mktemp("crawlall")
    site = SharedSite(ARTICLES, latency_s=LATENCY_S)
    with site as base:
        single = tmp / "single"
        proc = subprocess.run(
            crawlall(base, single, NEWSBOT_STATE=str(tmp / "state.sqlite")), cwd=ROOT, env=ENV, capture_output=True
        )
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
        reference = records(*outputs(single))
        assert len(reference) > ARTICLES * 0.9  # a few corpus texts are too short to be articles
        with site.lock:
            site.log.clear()
        shared = tmp / "shared"
        env = {**ENV, "NEWSBOT_REDIS_URL": redis_server.url}
        procs = [
            subprocess.Popen(crawlall(base, shared), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]
        finish(*procs)
    return site, reference, shared, [p.pid for p in procs]


def test_two_crawlall_workers_with_one_command_share_the_crawl(shared_crawl):
    site, reference, shared, pids = shared_crawl
    outs = outputs(shared)
    # each worker's own file, named by host and pid: <time>-<host>-<pid>.jsonl
    assert sorted(int(out.stem.rsplit("-", 1)[1]) for out in outs) == sorted(pids), outs
    rows = records(*outs)
    assert len(rows) == len(by_id(rows))  # each record once
    assert by_id(rows) == by_id(reference)
    fetched = site.fetches()
    assert len(fetched) == ARTICLES and max(fetched.values()) == 1, fetched.most_common(3)
    for out in outs:  # both workers did work
        report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
        assert report["articles_parsed"] > 0 and report["emitted"] > 0, (out.name, report)
    # the last worker to leave adds up both reports
    crawl_reports = [out.with_suffix(".crawl-report.json") for out in outs]
    crawl_reports = [path for path in crawl_reports if path.exists()]
    assert len(crawl_reports) == 1
    combined = json.loads(crawl_reports[0].read_text(encoding="utf-8"))
    assert combined["workers"] == 2 and combined["emitted"] == len(reference) and combined["alarms"] == []
    assert combined["articles_parsed"] == ARTICLES
    # each worker's crawlall summary: its own file, named like its output, with its own share and no problem
    summaries = sorted((shared / "reports").glob("crawlall-*.json"))
    assert sorted(int(path.stem.rsplit("-", 1)[1]) for path in summaries) == sorted(pids), summaries
    summaries = [json.loads(path.read_text(encoding="utf-8")) for path in summaries]
    assert all(s["ok"] for s in summaries), summaries
    assert sorted(s["sites"][0]["output"] for s in summaries) == sorted(str(out.resolve()) for out in outs)


def test_an_alarm_of_the_shared_crawl_fails_crawlall(shared_crawl, redis_server, tmp_path):  # noqa: F811
    """The crawl's alarms are judged on the crawl report (workers added up, against earlier crawls): the last
    worker's crawlall exits non-zero on them, as a lone crawlall does on its own report's."""
    # the fixture's crawl is the site's history; now feed and sitemap answer but list no article
    with SharedSite(0) as base:
        env = {**ENV, "NEWSBOT_REDIS_URL": redis_server.url}
        proc = subprocess.run(crawlall(base, tmp_path), cwd=ROOT, env=env, capture_output=True, text=True)
    fails = [line for line in proc.stdout.splitlines() if line.startswith("crawlall: FAIL")]
    assert len(fails) == 1 and fails[0].startswith("crawlall: FAIL sample: layout broken?"), proc.stdout
    assert proc.returncode == 1
