"""Running newsbot's real command line from the end-to-end tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "sample_site/manifest.json").read_text(encoding="utf-8"))
ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0"]  # the sample site needs no politeness


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scrapy_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", *args]


def scrapy(*args: str, cwd: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess:
    """`scrapy ARGS…` in a subprocess; output captured as text."""
    return subprocess.run(scrapy_command(*args), cwd=cwd, capture_output=True, text=True, timeout=timeout, env=ENV)


def expected_paths() -> set[str]:
    """Paths of the sample articles a crawl must emit."""
    return {a["path"] for a in MANIFEST["articles"] if a["expected_emitted"]}
