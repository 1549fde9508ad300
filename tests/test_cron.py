"""crawlall and canary through the real command line: exit codes, alarms, and a changed layout on a later run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import ENV, FAST, ROOT, free_port, scrapy
from tests.sample_variants import copy_site, renumber, strip_dates, vanish_articles


def fast(tmp: Path, port: int) -> list[str]:
    feeds = {str(tmp / "out" / "%(name)s" / "%(time)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}}
    return [
        "-s",
        f"NEWSBOT_STATE={tmp / 'state.sqlite'}",
        *FAST,
        "-s",
        f"NEWSBOT_SAMPLE_PORT={port}",
        "-s",
        f"NEWSBOT_REPORT_DIR={tmp / 'reports'}",
        "-s",
        f"NEWSBOT_DEFAULT_FEEDS={json.dumps(feeds)}",
    ]


@pytest.fixture(scope="module")
def cron_runs(tmp_path_factory):
    """Three crawlall runs over one state: the normal site, a redesign without dates, an outage of links."""
    tmp = tmp_path_factory.mktemp("cron")
    port = free_port()
    normal = scrapy("crawlall", "--sites", "sample", *fast(tmp, port))
    redesigned = copy_site(tmp / "redesigned")
    renumber(redesigned)
    strip_dates(redesigned)
    changed = scrapy("crawlall", "--sites", "sample", "-a", f"root={redesigned}", *fast(tmp, port))
    gone = copy_site(tmp / "gone")
    vanish_articles(gone)
    vanished = scrapy("crawlall", "--sites", "sample", "-a", f"root={gone}", *fast(tmp, port))
    return tmp, normal, changed, vanished


def test_crawlall_ok_run_exits_zero_and_writes_per_site_output(cron_runs):
    tmp, normal, _, _ = cron_runs
    assert normal.returncode == 0, normal.stdout + normal.stderr[-2000:]
    outputs = sorted((tmp / "out" / "sample").glob("*.jsonl"))
    assert outputs and not list((tmp / "out" / "sample").glob("*.part"))
    assert sum(1 for _ in outputs[0].open(encoding="utf-8")) > 0
    assert "crawlall: 1/1 sites ran" in normal.stdout


def test_crawlall_alarms_when_date_coverage_collapses(cron_runs):
    _, _, changed, _ = cron_runs
    assert changed.returncode != 0
    lines = [ln for ln in changed.stdout.splitlines() if ln.startswith("crawlall: FAIL")]
    assert any("date coverage fell" in ln for ln in lines), changed.stdout


def test_crawlall_alarms_when_articles_vanish(cron_runs):
    _, _, _, vanished = cron_runs
    assert vanished.returncode != 0
    assert any("layout broken? no article links" in ln for ln in vanished.stdout.splitlines()), vanished.stdout


def test_crawlall_combined_report_names_the_problems(cron_runs):
    tmp, *_ = cron_runs
    reports = sorted((tmp / "reports").glob("crawlall-*.json"))
    assert len(reports) == 3
    last = json.loads(reports[-1].read_text(encoding="utf-8"))
    assert last["ok"] is False and last["problems"]


def test_crawlall_rejects_an_unknown_site(tmp_path):
    proc = scrapy("crawlall", "--sites", "nosuchsite", "-s", f"NEWSBOT_STATE={tmp_path / 's.sqlite'}")
    assert proc.returncode != 0
    assert proc.stderr.strip().startswith("scrapy crawlall: no site 'nosuchsite'; expected one of:")


def test_canary_on_sample_prints_table_and_exits_zero(sample_canary):
    proc, _ = sample_canary
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    row = next(ln for ln in proc.stdout.splitlines() if ln.startswith("sample"))
    assert row.rstrip().endswith("OK")
    assert "title" in proc.stdout and "date" in proc.stdout


def test_canary_on_changed_layout_says_broken_with_the_field(tmp_path):
    site = copy_site(tmp_path / "site")
    strip_dates(site)
    proc = scrapy("canary", "sample", "-a", f"root={site}", *FAST, "-s", f"NEWSBOT_SAMPLE_PORT={free_port()}")
    assert proc.returncode != 0
    row = next(ln for ln in proc.stdout.splitlines() if ln.startswith("sample"))
    assert "BROKEN: date" in row


def test_cron_wrapper_runs_locks_logs_and_passes_the_exit_code(tmp_path):
    env = {
        **ENV,
        "NEWSBOT_LOG_DIR": str(tmp_path / "logs"),
        "NEWSBOT_LOCK": str(tmp_path / "cron.lock"),
        "NEWSBOT_JOBDIR": str(tmp_path / "jobs"),
        "NEWSBOT_DIGEST_DIR": str(tmp_path / "digests"),
    }
    script = str(ROOT / "deploy" / "newsbot-cron.sh")
    args = ["--sites", "sample", *fast(tmp_path, free_port())]
    ok = subprocess.run(["bash", script, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr[-2000:]
    logs = list((tmp_path / "logs").glob("crawlall-*.log"))
    assert len(logs) == 1 and "[sample]" in logs[0].read_text(encoding="utf-8")
    assert (tmp_path / "jobs" / "sample").is_dir()
    digests = sorted(p.suffix for p in (tmp_path / "digests").iterdir())
    assert digests == [".html", ".md"], digests  # the day's digest, written after crawlall
    holder = subprocess.Popen(["flock", str(tmp_path / "cron.lock"), "sleep", "30"])
    try:
        import time

        time.sleep(0.5)
        busy = subprocess.run(
            ["bash", script, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
    finally:
        holder.kill()
    assert busy.returncode == 75
    assert "another run holds" in busy.stderr
