"""Dump the records newsbot makes, so two versions of the code can be compared record by record.

Two parts, both through the real command line:
- `scrapy crawl sample` on the bundled site (fresh state, one request at a time so that which of the two
  outlets of the shared release is marked `duplicate_of` does not depend on timing), records sorted by URL,
  with the report's drop, skip and error counts;
- `scrapy extract --no-debug` on every page under tests/data/sites/ (URL from expected.json) and
  tests/data/saved/ (URL from its .fetch.json).
Run-time fields (`crawled_at`) are left out; the sample site's port is fixed, so ids hold across runs.

Run: .venv/bin/python benchmarks/records_snapshot.py OUT.json [--port 18765]
then `diff before.json after.json`. Prints where it wrote and how many records; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITES = ROOT / "tests" / "data" / "sites"
REAL = ROOT / "tests" / "data" / "real"  # the real captures expected.json names beside the written pages
SAVED = ROOT / "tests" / "data" / "saved"
RUN_TIME_FIELDS = ("crawled_at",)
REPORT_COUNTS = ("dropped", "skipped", "errors")
ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


def scrapy(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scrapy", *args]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=600)
    if proc.returncode != 0:
        sys.exit(f"`scrapy {' '.join(args)}` exited {proc.returncode}: {proc.stderr.strip().splitlines()[-1:]}")
    return proc


def without_run_time(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in RUN_TIME_FIELDS}


def sample_crawl(port: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sample.jsonl"
        scrapy(
            "crawl", "sample", "-O", str(out),
            "-s", f"NEWSBOT_STATE={Path(tmp) / 'state.sqlite'}",
            "-s", f"NEWSBOT_SAMPLE_PORT={port}",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
            "-s", "CONCURRENT_REQUESTS=1",
        )  # fmt: skip
        lines = out.read_text(encoding="utf-8").splitlines()
        records = sorted((without_run_time(json.loads(line)) for line in lines if line.strip()), key=lambda r: r["url"])
        report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    return {"records": records, "report": {key: report.get(key) for key in REPORT_COUNTS}}


def real_pages() -> list[tuple[str, Path, str]]:
    """(name, file, url) of every real or hand-written outlet page the tests read."""
    rows = json.loads((SITES / "expected.json").read_text(encoding="utf-8"))
    pages = [(f"sites/{r['file']}", SITES / r["file"] if (SITES / r["file"]).exists() else REAL / r["file"], r["url"])
             for r in rows]
    for fetch in sorted(SAVED.glob("*/*.fetch.json")):
        html = fetch.with_name(fetch.name.removesuffix(".fetch.json") + ".html")
        pages.append((f"saved/{html.relative_to(SAVED)}", html, json.loads(fetch.read_text(encoding="utf-8"))["url"]))
    return sorted(pages)


def extract(page: tuple[str, Path, str]) -> tuple[str, dict]:
    name, path, url = page
    proc = scrapy("extract", str(path), "--url", url, "--no-debug")
    return name, without_run_time(json.loads(proc.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the snapshot (JSON)")
    parser.add_argument("--port", type=int, default=18765, help="the sample site's port (ids include it)")
    args = parser.parse_args()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        extracted = dict(pool.map(extract, real_pages()))
    snapshot = {"sample_crawl": sample_crawl(args.port), "extract": extracted}
    args.out.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    crawled = len(snapshot["sample_crawl"]["records"])
    print(f"{args.out}: {crawled} sample-crawl records, {len(extracted)} pages extracted")


if __name__ == "__main__":
    main()
