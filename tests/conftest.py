"""Fixtures shared by test modules, built once per test run: each is slow (seconds) and read-only."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli import FAST, free_port, scrapy


@pytest.fixture(scope="session")
def hazm_normalizer():
    """hazm's own Normalizer, as another tool would hand us text (building one reads hazm's word lists: ~3 s)."""
    hazm = pytest.importorskip("hazm")
    return hazm.Normalizer()


@pytest.fixture(scope="session")
def sample_canary(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """`scrapy canary sample --save DIR` on the bundled site, run once: (the process, DIR)."""
    out = tmp_path_factory.mktemp("canary") / "saved"
    proc = scrapy("canary", "sample", "--save", str(out), *FAST, "-s", f"NEWSBOT_SAMPLE_PORT={free_port()}")
    return proc, out
