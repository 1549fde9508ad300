"""Per-article cost of the history lookups (near-duplicate, emitted id, decision) with 10k, 100k and 1M stored
articles, and memory at the largest size, for the SQLite backend and (with --redis URL) the Redis backend.

Run: .venv/bin/python benchmarks/bench_history.py [--sizes 10000,100000,1000000] [--redis redis://127.0.0.1:6379/15]
The Redis database given is emptied first. Prints figures; asserts nothing (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from newsbot.state.simindex import band_keys
from newsbot.text.similarity import to_signed

QUERIES = 2000
BITS = 6


def fill_sqlite(store, n: int, start: int, rng: random.Random) -> None:
    """Bulk rows as the crawl writes them: one completed run's emitted articles, decisions and fingerprints."""
    db = store.db
    run = "bench-run"
    db.execute(
        "INSERT OR IGNORE INTO runs(run_id, site, started_at, status) VALUES (?, 'bench', '', 'completed')", (run,)
    )
    db.execute("BEGIN")
    for base in range(start, start + n, 10000):
        rows = range(base, min(start + n, base + 10000))
        fps = [rng.getrandbits(64) for _ in rows]
        db.executemany(
            "INSERT INTO articles VALUES (?,?, 'bench', ?, NULL, ?, NULL, NULL)",
            [(f"id{i:012d}", run, f"h/news/{i}", to_signed(fp)) for i, fp in zip(rows, fps, strict=True)],
        )
        db.executemany(
            "INSERT INTO decisions(url_key, run_id, site, decision, article_id, retry) "
            "VALUES (?,?, 'bench', 'emitted', ?, 0)",
            [(f"h/news/{i}", run, f"id{i:012d}") for i in rows],
        )
        for i, fp in zip(rows, fps, strict=True):
            row = db.execute(
                "INSERT INTO fingerprints(fp, article_id, stored_at) VALUES (?,?,?)",
                (to_signed(fp), f"id{i:012d}", time.time()),
            ).lastrowid
            keys = band_keys(fp, BITS)
            db.executemany("INSERT INTO fingerprint_keys VALUES (?,?,?)", [(k, row, to_signed(fp)) for k in keys])
    db.execute("COMMIT")


def fill_redis(store, n: int, start: int, rng: random.Random) -> None:
    from newsbot.state.redis import EMITTED_IDS, P, site_key

    r = store.r
    for base in range(start, start + n, 5000):
        rows = range(base, min(start + n, base + 5000))
        pipe = r.pipeline(transaction=False)
        for i in rows:
            fp = rng.getrandbits(64)
            num = i + 1
            pipe.hset(P + "fp", num, f"{fp:x}:id{i:012d}")
            pipe.zadd(P + "fp:time", {num: time.time()})
            for key in band_keys(fp, BITS):
                pipe.sadd(f"{P}fpk:{key:x}", num)
            pipe.hset(EMITTED_IDS, f"id{i:012d}", "bench-run")
            pipe.hset(site_key("bench", "final"), f"h/news/{i}", "emitted")
        pipe.execute()
    r.set(P + "fp:seq", start + n)


def per_article_us(run, rng: random.Random, stored: int) -> float:
    """One article's lookups as the crawl makes them: decision (dupefilter), claim (emitted id), near-duplicate."""
    times = []
    for _ in range(QUERIES):
        i = rng.randrange(stored * 2)  # half of them stored, half new
        t = time.perf_counter()
        run.already_done(f"http://h/news/{i}")
        run.claim(f"id{i:012d}")
        run.near_duplicate(rng.getrandbits(64), f"id{i:012d}")
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e6


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--redis", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(12)
    backends = ["sqlite"] + (["redis"] if args.redis else [])
    for backend in backends:
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "sqlite":
                from newsbot.state.sqlite import SqliteStore

                store = SqliteStore(Path(tmp) / "state.sqlite", near_bits=BITS)
                fill = fill_sqlite
            else:
                from newsbot.state.redis import RedisStore

                store = RedisStore(args.redis, near_bits=BITS, lease_s=600)
                store.r.flushdb()
                fill = fill_redis
            run = store.begin("bench", [], 3)
            stored = 0
            for size in sizes:
                t = time.perf_counter()
                fill(store, size - stored, stored, rng)
                stored = size
                fill_s = time.perf_counter() - t
                cost = per_article_us(run, rng, stored)
                line = f"{backend:6} {stored:>9,} stored: {cost:8.0f} µs per article (fill {fill_s:.0f} s)"
                if backend == "sqlite":
                    size_mb = (Path(tmp) / "state.sqlite").stat().st_size / 2**20
                    line += f"; process max RSS {rss_mb():.0f} MB; file {size_mb:.0f} MB"
                else:
                    used = store.r.info("memory")["used_memory"] / 2**20
                    line += f"; process max RSS {rss_mb():.0f} MB; redis used_memory {used:.0f} MB"
                print(line, flush=True)
            store.close()


if __name__ == "__main__":
    main()
