"""Crawls of a small 127.0.0.1 site: a Retry-After wait holds no download slot, progress lines, history per host."""

from __future__ import annotations

import json
import sqlite3

from tests.cli import scrapy
from tests.slow_site import ARTICLES, RATE_LIMITED, SlowSite

RETRY_AFTER = 5  # seconds; five pages on 127.0.0.1 take a few milliseconds
ONE_AT_A_TIME = ["-s", "CONCURRENT_REQUESTS=1", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0"]


def crawl(base: str, tmp, *extra: str):
    return scrapy(
        "crawl",
        "generic",
        "-a",
        f"start={base}/feed.xml",
        "-O",
        str(tmp / "out.jsonl"),
        *ONE_AT_A_TIME,
        *extra,
        timeout=180,
    )


def test_retry_after_wait_lets_other_requests_through(tmp_path):
    # one download at a time: a wait held inside the downloader would keep every other page until it ended
    with SlowSite(retry_after=RETRY_AFTER) as site:
        proc = crawl(site.base(), tmp_path, "-s", "NEWSBOT_STATE=")
    assert proc.returncode == 0, proc.stderr[-2000:]
    hits = [(p, t) for p, t in zip(site.log, site.times, strict=True) if p.startswith("/news/")]
    told = next(t for p, t in hits if p == RATE_LIMITED)  # when the server said «come back in RETRY_AFTER s»
    during = {p for p, t in hits if told < t < told + RETRY_AFTER}
    assert during == {f"/news/{i}.html" for i in range(1, ARTICLES)}  # every other page, while the retry waited
    assert [p for p, _ in hits].count(RATE_LIMITED) == 2
    assert f"http_429 on {site.base()}{RATE_LIMITED}: retrying in {RETRY_AFTER} s" in proc.stderr
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert "http_429" not in report["errors"] and report["retries"] == 1


def test_progress_lines_on_a_slowed_crawl(tmp_path):
    with SlowSite(latency=0.5) as site:  # six pages one after another: three seconds at least
        proc = crawl(site.base(), tmp_path, "-s", "NEWSBOT_STATE=", "-s", "NEWSBOT_PROGRESS_INTERVAL=0.5")
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [ln for ln in proc.stderr.splitlines() if "[generic] progress:" in ln]
    assert len(lines) >= 2, proc.stderr[-3000:]
    assert all(
        " pages, " in ln and " article links, " in ln and " relevant, " in ln and " errors" in ln for ln in lines
    )


def test_no_progress_lines_when_not_asked_and_not_on_a_terminal(tmp_path):
    with SlowSite(latency=0.5) as site:
        proc = crawl(site.base(), tmp_path, "-s", "NEWSBOT_STATE=")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "progress:" not in proc.stderr


def test_generic_history_is_kept_per_target_host(tmp_path):
    state = tmp_path / "state.sqlite"
    with SlowSite(host="127.0.0.1") as site:
        for host in ("127.0.0.1", "localhost", "127.0.0.1"):
            proc = crawl(site.base(host), tmp_path, "-s", f"NEWSBOT_STATE={state}")
            assert proc.returncode == 0, proc.stderr[-2000:]
    runs = sqlite3.connect(state).execute("SELECT site FROM runs ORDER BY started_at").fetchall()
    assert [r[0] for r in runs] == ["generic:127.0.0.1", "generic:localhost", "generic:127.0.0.1"]
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert report["already_handled"] == ARTICLES  # the third run, on the first host again, remembers it


def test_serve_sample_serves_the_site_until_interrupted():
    import signal
    import subprocess
    import urllib.request

    from tests.cli import ENV, ROOT, free_port, scrapy_command

    port = free_port()
    proc = subprocess.Popen(
        scrapy_command("serve-sample", "--port", str(port)), cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True
    )
    try:
        first = proc.stdout.readline()
        assert first.startswith(f"sample site at http://127.0.0.1:{port}/"), first
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/rss.xml", timeout=10) as response:
            feed = response.read().decode("utf-8")
        assert f"http://127.0.0.1:{port}/news/" in feed  # the links name the port it serves on
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0 and out.rstrip().endswith("stopped")


def test_sample_runs_give_the_same_records_whenever_run(tmp_path):
    """`scripts/demo` then the README's `scrapy crawl sample -O out.jsonl`: the second run is not empty."""
    from urllib.parse import urlsplit

    from tests.cli import FAST, MANIFEST, expected_paths, free_port

    port = ["-s", f"NEWSBOT_SAMPLE_PORT={free_port()}"]
    counts = []
    for _ in range(2):
        proc = scrapy("crawl", "sample", "-O", str(tmp_path / "out.jsonl"), *FAST, *port, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        counts.append(len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()))
        report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))  # beside -O, state off
        assert report["output"] == str(tmp_path / "out.jsonl") and report["run_id"] is None
    assert counts == [len(expected_paths())] * 2
    # the relevant articles the site serves broken, by the reason the manifest gives, are named in the report
    dropped: dict[str, list[str]] = {}
    for a in MANIFEST["articles"]:
        if a["relevant"] and a.get("expected_drop_reason") in ("no_title", "no_body", "bad_date"):  # item drops
            dropped.setdefault(a["expected_drop_reason"], []).append(a["path"])
    got = {k: sorted(urlsplit(u).path for u in v) for k, v in report["dropped_urls"].items()}
    assert got == {k: sorted(v) for k, v in dropped.items()}
    assert got  # the sample site has some


def test_unreachable_site_is_named_so_in_crawl_crawlall_and_canary(tmp_path):
    """Nothing listens on the port: connection refused, counted once per request, no traceback, not 'broken'."""
    from tests.cli import FAST, free_port

    start = f"start=http://127.0.0.1:{free_port()}/feed.xml"
    crawl = scrapy("crawl", "generic", "-a", start, "-O", str(tmp_path / "out.jsonl"), "-s", "NEWSBOT_STATE=", *FAST)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "Traceback" not in crawl.stderr
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert (
        report["errors"] == {"connection_refused": 1} and report["requests"] == 6
    )  # robots.txt and the feed, three tries each
    assert report["alarms"] == [
        "generic: site unreachable: no page could be fetched (connection_refused 1; 6 requests)"
    ]
    canary = scrapy("canary", "generic", "-a", start, *FAST)
    assert canary.returncode == 1
    assert "UNREACHABLE: no page could be fetched (connection_refused 1; 6 requests)" in canary.stdout
    assert "BROKEN" not in canary.stdout.replace("0 BROKEN", "")
    assert "Traceback" not in canary.stderr
    crawlall = scrapy(
        "crawlall",
        "--sites",
        "generic",
        "-a",
        start,
        "-s",
        "NEWSBOT_STATE=",
        "-s",
        f"NEWSBOT_REPORT_DIR={tmp_path}",
        "-s",
        f"NEWSBOT_DEFAULT_FEEDS={json.dumps({str(tmp_path / 'all.jsonl'): {'format': 'jsonlines'}})}",
        *FAST,
    )
    fails = [ln for ln in crawlall.stdout.splitlines() if ln.startswith("crawlall: FAIL")]
    assert fails == [
        "crawlall: FAIL generic: site unreachable: no page could be fetched (connection_refused 1; 6 requests)"
    ]
    assert crawlall.returncode == 1 and "Traceback" not in crawlall.stderr
