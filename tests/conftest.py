"""Fixtures shared by test modules, built once per test run: each is slow (seconds) and read-only.

The suite runs on pytest-xdist workers (scripts/test: `-n auto --dist loadfile`); a fixture that runs a
command saves its result in the run's shared temporary folder, under a lock, so the command runs once for
all workers.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import FAST, free_port, scrapy


@pytest.fixture(scope="session")
def hazm_normalizer():
    """hazm's own Normalizer, as another tool would hand us text (building one reads hazm's word lists: ~2 s)."""
    hazm = pytest.importorskip("hazm")
    return hazm.Normalizer()


@pytest.fixture(scope="session")
def run_root(tmp_path_factory, worker_id: str) -> Path:
    """A folder shared by every worker of this test run (the plain session folder without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def sample_canary(run_root: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """`scrapy canary sample --save DIR` on the bundled site, run once: (the process, DIR)."""
    folder = run_root / "sample-canary"
    out, result = folder / "saved", folder / "process.json"
    with (run_root / "sample-canary.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker runs it; the others wait and read its result
        if not result.exists():
            folder.mkdir(exist_ok=True)
            proc = scrapy("canary", "sample", "--save", str(out), *FAST, "-s", f"NEWSBOT_SAMPLE_PORT={free_port()}")
            fields = {"args": proc.args, "returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}
            result.write_text(json.dumps(fields), encoding="utf-8")
        return subprocess.CompletedProcess(**json.loads(result.read_text(encoding="utf-8"))), out
