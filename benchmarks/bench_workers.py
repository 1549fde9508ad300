"""Speed-up of a shared crawl with 1, 2 and 4 workers on a latency-bound 127.0.0.1 site (Redis started here).

Each worker is `scrapy crawl sample -a base=URL` with NEWSBOT_REDIS_URL set; the time is from the first
start to the last exit, start-up included. Needs redis-server on PATH.
Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_workers.py [--articles 1000] [--latency 1.0] [--workers 1,2,4]
Prints figures (with the load average at the end of each crawl); asserts nothing (benchmarks are not tests).

Some of a crawl does not divide among workers: each worker's start-up (Python, Scrapy, hazm and the
lexicon: ~2 s of CPU; four at once on two cores take twice that), robots.txt and the discovery pages
(two latencies before the first article is known), and the last page's latency. That is about 5 to 8 s
here, whatever the site's size, so the speed-up a site shows depends on its size: 1,000 articles (the
size of the shared-crawl test, and the issue's own bar for it) is the default, 400 the earlier one
(`--articles 400`). The lexicon's cache is filled before the first crawl, as after any earlier run.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from newsbot.text.lexicon import lexicon
from tests.cli import ENV, ROOT
from tests.redis_server import RedisServer
from tests.shared_site import SharedSite
from tests.test_shared_crawl import command


def children_cpu_s() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def crawl(base: str, redis: RedisServer, workers: int, tmp: Path) -> tuple[float, float]:
    """Seconds from the first start to the last exit, and the CPU seconds the workers used in all."""
    redis.client().flushall()
    cpu = children_cpu_s()
    env = {**ENV, "NEWSBOT_REDIS_URL": redis.url}
    start = time.monotonic()
    procs = [
        subprocess.Popen(
            command(
                base,
                tmp / f"w{workers}-{i}.jsonl",
                CONCURRENT_REQUESTS_PER_DOMAIN="4",
                NEWSBOT_EMIT_TIERS="about",  # latency-bound: no facts for the many unrelated corpus texts
                NEWSBOT_WORKER_LEASE="30",
            ),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(workers)
    ]
    codes = [p.wait() for p in procs]
    if any(codes):
        raise SystemExit(f"a worker failed: exit codes {codes}; see {tmp}")
    return time.monotonic() - start, children_cpu_s() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    lexicon()  # fills this machine's lexicon cache now: the first crawl timed would otherwise pay for all
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        redis = RedisServer(tmp / "redis").start()
        site = SharedSite(args.articles, latency_s=args.latency)
        try:
            with site as base:
                base_time = None
                for n in [int(w) for w in args.workers.split(",")]:
                    with site.lock:
                        site.log.clear()
                    seconds, cpu = crawl(base, redis, n, tmp)
                    base_time = base_time or seconds
                    twice = sum(1 for c in site.fetches().values() if c > 1)
                    print(
                        f"{n} worker(s): {seconds:6.1f} s for {args.articles} articles at {args.latency} s latency; "
                        f"speed-up {base_time / seconds:.2f}; article pages fetched twice: {twice}; "
                        f"workers' CPU {cpu:.1f} s ({cpu / seconds:.2f} cores on average) "
                        f"(load {os.getloadavg()[0]:.2f})",
                        flush=True,
                    )
        finally:
            redis.stop()


if __name__ == "__main__":
    main()
