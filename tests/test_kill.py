"""kill -9 at several moments, then a run to completion: every relevant article exactly once, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from newsbot.state.sqlite import SqliteStore as StateStore
from tests.cli import ENV, ROOT, expected_paths, free_port, scrapy_command

pytestmark = pytest.mark.serial  # kill points are in seconds: no other test's load beside them

KILL_AFTER_S = (0.0, 2.5, 5.5)  # counted from the run's start in the state: before the first item, mid-crawl, later


def command(tmp: Path, port: int, slow: bool = True) -> list[str]:
    """The crawl; `slow` (one request at a time, 0.2 s apart) leaves time to kill it mid-crawl."""
    feeds = {str(tmp / "out" / "%(name)s" / "%(time)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}}
    return scrapy_command(
        "crawl",
        "sample",
        "-s",
        f"NEWSBOT_STATE={tmp / 'state.sqlite'}",
        "-s",
        f"NEWSBOT_DEFAULT_FEEDS={json.dumps(feeds)}",
        "-s",
        f"NEWSBOT_SAMPLE_PORT={port}",
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
        "-s",
        f"DOWNLOAD_DELAY={0.2 if slow else 0}",
        "-s",
        "RANDOMIZE_DOWNLOAD_DELAY=0",
        "-s",
        f"CONCURRENT_REQUESTS={1 if slow else 16}",
    )


def _wait_for_runs(db_path: Path, count: int, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    """Until the state holds `count` runs: the crawl has started for real."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=1) as db:
                    if db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] >= count:
                        return
            except sqlite3.OperationalError:  # the table is not made yet
                pass
        time.sleep(0.05)


def test_kill_nine_three_times_then_complete(tmp_path):
    port = free_port()
    env = ENV
    for n, delay in enumerate(KILL_AFTER_S, start=1):
        proc = subprocess.Popen(
            command(tmp_path, port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_for_runs(tmp_path / "state.sqlite", n, proc)  # start-up time varies with the machine's load
        time.sleep(delay)
        assert proc.poll() is None, "the crawl ended before it could be killed; slow it down"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # a killed run never leaves a file under a final name
        assert not list((tmp_path / "out").rglob("*.jsonl")), delay
        time.sleep(0.3)  # let the port go
    finish = command(tmp_path, port, slow=False)  # the last run only has to complete
    done = subprocess.run(finish, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]

    outputs = sorted((tmp_path / "out").rglob("*.jsonl"))
    records = [json.loads(line) for f in outputs for line in f.read_text(encoding="utf-8").splitlines()]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    expected = expected_paths()
    assert {r["url"].split(str(port), 1)[1].split("?")[0] for r in records} == expected
    assert not list((tmp_path / "out").rglob("*.part"))  # settled on the next start

    db = sqlite3.connect(tmp_path / "state.sqlite")
    statuses = [s for (s,) in db.execute("SELECT status FROM runs ORDER BY started_at")]
    # a process killed before it began its run (a slow start on a loaded machine) leaves no row
    assert statuses[-1] == "completed" and set(statuses[:-1]) == {"killed"} and 2 <= len(statuses) <= 4, statuses


def test_kill_between_rename_and_commit_counts_the_run_once(tmp_path):
    """The output was renamed but the process died before marking the run: the next start completes it."""
    store = StateStore(tmp_path / "state.sqlite")
    run = store.begin("sample", [], 3).run_id
    final, part = tmp_path / "o.jsonl", tmp_path / "o.jsonl.part"
    final.write_text('{"id": "x"}\n', encoding="utf-8")
    store.db.execute("UPDATE runs SET output_path=?, part_path=? WHERE run_id=?", (str(final), str(part), run))
    store.db.execute("INSERT INTO articles VALUES ('x', ?, 'sample', 'h/x', 'http://h/x', 0, 't', NULL)", (run,))
    notes = store.recover("sample")
    assert "marked completed" in notes[0]
    status = store.db.execute("SELECT status FROM runs WHERE run_id=?", (run,)).fetchone()[0]
    assert status == "completed"


def test_kill_before_rename_discards_the_part_file(tmp_path):
    store = StateStore(tmp_path / "state.sqlite")
    run = store.begin("sample", [], 3).run_id
    final, part = tmp_path / "o.jsonl", tmp_path / "o.jsonl.part"
    part.write_text('{"id": "x"}\n', encoding="utf-8")
    store.db.execute("UPDATE runs SET output_path=?, part_path=? WHERE run_id=?", (str(final), str(part), run))
    notes = store.recover("sample")
    assert "emitted again" in notes[0]
    assert not part.exists() and not final.exists()
    assert store.db.execute("SELECT status FROM runs").fetchone()[0] == "killed"


def test_recover_leaves_other_sites_running_runs_alone(tmp_path):
    store = StateStore(tmp_path / "state.sqlite")
    store.begin("irna", [], 3)
    assert store.recover("sample") == []
    assert store.db.execute("SELECT status FROM runs").fetchone()[0] == "running"
