"""Per-article cost of the history lookups with 10k, 100k and 1M stored articles, for the SQLite backend and
(with --redis URL) the Redis backend: each lookup kind the crawl makes per article (decision: was this page
settled; emitted: claim the id; near-duplicate: a body within the distance), its ratio to the first size,
the candidates (folds) a near-duplicate lookup reads, the process's peak RSS and Redis's used_memory.

Stored articles look like the crawl's (URL keys with a Persian slug, 16-hex ids, random fingerprints), one
completed run's worth; half the lookups are of stored articles, half of new ones. Each size has its own
store (SQLite: its own file, closed and opened again before the lookups, since a crawl starts with the
history on disk, not in its cache; its first near-duplicate lookup, which reads the near-duplicate buckets
into memory, is timed apart; Redis: its own database), and the lookups go in rounds that take each
size in turn: this machine's speed changes over minutes (it is shared), and sizes measured one after the
other would compare two machines. A figure is the lowest of 5 rounds' medians (400 lookups a round).
Run: .venv/bin/python benchmarks/bench_history.py [--sizes 10000,100000,1000000] [--redis redis://127.0.0.1:6379/15]
With --redis, the database given and the ones below it (one per size: 15, 14, 13) are emptied first.
Peak RSS is the process's that holds every size's store at once (an upper bound for the largest alone);
Redis's memory is its used_memory growth while that size was filled. Prints figures, with the load
average beside them; asserts nothing (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from newsbot.extract.canonical import url_key
from newsbot.text.similarity import to_signed

ROUNDS, QUERIES = 5, 400
BITS = 6
SLUG = quote("افزایش-مستمری-بازنشستگان-تأمین-اجتماعی-از-ابتدای-سال")
KINDS = ("decision", "emitted", "near-duplicate")


def url(i: int) -> str:
    return f"https://www.example-news.ir/news/{14000000000 + i}/{SLUG}"


def article_id(i: int) -> str:
    return hashlib.sha1(str(i).encode()).hexdigest()[:16]


def fill_sqlite(store, n: int, start: int, rng: random.Random) -> None:
    """Rows as the crawl writes them: one completed run's emitted articles, decisions and fingerprints."""
    db = store.db
    run = "bench-run"
    db.execute(
        "INSERT OR IGNORE INTO runs(run_id, site, started_at, status) VALUES (?, 'bench', '', 'completed')", (run,)
    )
    now = time.time()
    for base in range(start, start + n, 10000):
        rows = range(base, min(start + n, base + 10000))
        fps = [rng.getrandbits(64) for _ in rows]
        keys = [url_key(url(i)) for i in rows]
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO articles VALUES (?,?, 'bench', ?, NULL, ?, NULL, NULL)",
            [(article_id(i), run, k, to_signed(fp)) for i, k, fp in zip(rows, keys, fps, strict=True)],
        )
        db.executemany(
            "INSERT INTO decisions(url_key, run_id, site, decision, article_id, retry) "
            "VALUES (?,?, 'bench', 'emitted', ?, 0)",
            [(k, run, article_id(i)) for i, k in zip(rows, keys, strict=True)],
        )
        store.add_fingerprints([(fp, article_id(i), now) for i, fp in zip(rows, fps, strict=True)])
        db.execute("COMMIT")


def fill_redis(store, n: int, start: int, rng: random.Random) -> None:
    from newsbot.state.redis import FINAL, decision_digest, emitted_key

    now = time.time()
    for base in range(start, start + n, 5000):
        rows = range(base, min(start + n, base + 5000))
        pipe = store.r.pipeline(transaction=False)
        for i in rows:
            pipe.hset(emitted_key(article_id(i)), article_id(i), "bench")
            digest = decision_digest("bench", url_key(url(i)))
            pipe.hset(FINAL + digest[-4:], digest[:-4], "bench")
        pipe.execute()
        store.add_fingerprints([(rng.getrandbits(64), article_id(i), now) for i in rows])


def lookups(run, store, rng: random.Random, stored: int) -> tuple[dict[str, float], float, int]:
    """One round: median µs per lookup kind and for all three, and the candidates the near-duplicate lookups read."""
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    totals = []
    before = store.candidates
    for _ in range(QUERIES):
        i = rng.randrange(stored * 2)  # half of them stored, half new
        page, ident, fp = url(i), article_id(i), rng.getrandbits(64)
        t0 = time.perf_counter()
        run.already_done(page)
        t1 = time.perf_counter()
        run.claim(ident)
        t2 = time.perf_counter()
        run.near_duplicate(fp, ident)
        t3 = time.perf_counter()
        times["decision"].append(t1 - t0)
        times["emitted"].append(t2 - t1)
        times["near-duplicate"].append(t3 - t2)
        totals.append(t3 - t0)
    medians = {kind: statistics.median(v) * 1e6 for kind, v in times.items()}
    return medians, statistics.median(totals) * 1e6, store.candidates - before


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def redis_db_url(url: str, index: int) -> str:
    """The URL of the index-th database from the one given, counting down (15, 14, 13) or up from a low one."""
    base, _, db = url.rstrip("/").rpartition("/")
    if not db.isdigit():
        base, db = url.rstrip("/"), "0"
    first = int(db)
    return f"{base}/{first - index if first >= index else first + index}"


def measure(backend: str, sizes: list[int], redis_url: str) -> None:
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as tmp:
        stores, runs, notes = [], [], []
        for index, size in enumerate(sizes):
            if backend == "sqlite":
                from newsbot.state.sqlite import SqliteStore

                path = Path(tmp) / f"state-{size}.sqlite"
                store = SqliteStore(path, near_bits=BITS)
                t = time.perf_counter()
                fill_sqlite(store, size, 0, rng)
                fill_s = time.perf_counter() - t
                store.close()
                store = SqliteStore(path, near_bits=BITS)
                note = f"file {path.stat().st_size / 2**20:.0f} MB"
            else:
                from newsbot.state.redis import RedisStore, connect

                connect(redis_db_url(redis_url, index)).flushdb()
                store = RedisStore(redis_db_url(redis_url, index), near_bits=BITS, lease_s=3600)
                before = store.r.info("memory")["used_memory"]
                t = time.perf_counter()
                fill_redis(store, size, 0, rng)
                fill_s = time.perf_counter() - t
                grown = (store.r.info("memory")["used_memory"] - before) / 2**20
                note = f"redis used_memory +{grown:.0f} MB for it"
            notes.append(f"{note}; fill {fill_s:.0f} s (load {os.getloadavg()[0]:.2f})")
            stores.append(store)
            runs.append(store.begin("bench", [], 3))
            t = time.perf_counter()
            runs[-1].near_duplicate(rng.getrandbits(64), "first")  # the SQLite store reads its buckets first
            notes[-1] += f"; first near-duplicate lookup {(time.perf_counter() - t) * 1000:.0f} ms"
        rounds: list[list[tuple[dict[str, float], float, int]]] = [[] for _ in sizes]
        for _ in range(ROUNDS):
            for index, size in enumerate(sizes):
                rounds[index].append(lookups(runs[index], stores[index], rng, size))
        best = [({k: min(r[0][k] for r in rs) for k in KINDS}, min(r[1] for r in rs)) for rs in rounds]
        for index, size in enumerate(sizes):
            medians, total = best[index]
            first_medians, first_total = best[0]
            candidates = sum(r[2] for r in rounds[index]) / (ROUNDS * QUERIES)
            parts = ", ".join(f"{k} {medians[k]:.0f} µs ({medians[k] / first_medians[k]:.1f}×)" for k in KINDS)
            print(
                f"{backend:6} {size:>9,} stored: {parts}; all three {total:.0f} µs ({total / first_total:.1f}×); "
                f"{candidates:.0f} candidates per near-duplicate lookup; {notes[index]}",
                flush=True,
            )
        line = f"{backend:6} peak RSS {peak_rss_mb():.0f} MB (all sizes' stores open); load {os.getloadavg()[0]:.2f}"
        if backend == "redis":
            line += f"; redis used_memory {stores[0].r.info('memory')['used_memory'] / 2**20:.0f} MB in all"
        print(line, flush=True)
        for store in stores:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--redis", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for backend in ["sqlite"] + (["redis"] if args.redis else []):
        # a process per backend: each one's peak RSS is its own
        child = multiprocessing.get_context("fork").Process(target=measure, args=(backend, sizes, args.redis))
        child.start()
        child.join()


if __name__ == "__main__":
    main()
