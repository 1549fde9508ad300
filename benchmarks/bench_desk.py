"""The analyst's desk at scale: 10,000 archived articles, a digest over all of them, searches over them.

Run: .venv/bin/python benchmarks/bench_desk.py [--articles 10000] [--days 180] [--archive PATH]
(--archive keeps the filled archive at PATH, and a later run with the same PATH skips the filling).
The 1,500 real Fars corpus articles are analysed once (facts, people, places) and archived again and again
under new ids, outlets and days until the archive holds --articles records. Prints the time to fill the
archive, to build the HTML and Markdown digests over every article, and search latencies; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsbot.desk.archive import Archive  # noqa: E402
from newsbot.desk.digest import build_digest  # noqa: E402
from newsbot.desk.period import Period  # noqa: E402
from newsbot.desk.render_html import render_html  # noqa: E402
from newsbot.desk.render_md import render_md  # noqa: E402
from newsbot.text.dates import TEHRAN  # noqa: E402
from tests.fars import articles, story_record  # noqa: E402

OUTLETS = ["ایرنا", "ایلنا", "ایسنا", "مهر", "فارس", "تسنیم", "تابناک", "عصر ایران"]
QUERIES = [["تامین اجتماعی"], ["تأمین‌اجتماعی"], ["بیمه"], ["مجلس شورای اسلامی"], ["تهران"], ["بازنشستگان"],
           ["وزیر", "نفت"], ["هلال احمر"], ["فوتبال"], ["قیمت"]]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--archive", type=Path, help="keep (or reuse) the filled archive here")
    opts = parser.parse_args()
    first_day = datetime(2025, 3, 21, 8, 0, tzinfo=TEHRAN)
    with tempfile.TemporaryDirectory() as tmp:
        path = opts.archive or Path(tmp) / "archive.sqlite"
        archive = Archive(path)
        if archive.count() < opts.articles:
            fill(archive, opts, first_day)
        else:
            print(f"archive: reusing {path} ({archive.count()} articles)")
        digest_and_search(archive, opts, first_day, Path(tmp))
        archive.close()


def fill(archive: Archive, opts: argparse.Namespace, first_day: datetime) -> None:
    start = time.perf_counter()
    base = [story_record(k, a) for k, a in articles()]
    print(f"analysed {len(base)} corpus articles in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    for i in range(archive.count(), opts.articles):
        record = dict(base[i % len(base)])
        outlet = OUTLETS[i % len(OUTLETS)]
        when = first_day + timedelta(days=i * opts.days / opts.articles, minutes=i % 600)
        record.update(id=f"{i:016x}", source_name=outlet, site=f"site{i % len(OUTLETS)}",
                      url=f"https://example.ir/{i}", published_at=when.isoformat(),
                      crawled_at=when.isoformat(), body=f"به گزارش {outlet}، " + record["body"])  # fmt: skip
        archive.add(record)
    archive.commit()
    filled = time.perf_counter() - start
    size = Path(archive.path).stat().st_size / 2**20
    print(f"archive: {archive.count()} articles added in {filled:.1f} s "
          f"({1000 * filled / opts.articles:.1f} ms each, stories included); {size:.0f} MB")  # fmt: skip


def digest_and_search(archive: Archive, opts: argparse.Namespace, first_day: datetime, tmp: Path) -> None:
    period = Period(first_day - timedelta(days=1), first_day + timedelta(days=opts.days + 1))
    for fmt, render in (("html", render_html), ("md", render_md)):
        start, cpu = time.perf_counter(), time.process_time()
        records = archive.records(period.start_utc, period.end_utc, with_body=False)
        stories = archive.stories(r["story_id"] for r in records)
        digest = build_digest(records, period, stories, archive.dropped(period.start_utc))
        text = render(digest)
        out = tmp / f"digest.{fmt}"
        out.write_text(text, encoding="utf-8")
        print(f"digest ({fmt}) over {digest.articles} articles, {len(digest.stories)} stories, "
              f"{len(digest.figures)} figures: {time.perf_counter() - start:.2f} s "
              f"(CPU {time.process_time() - cpu:.2f} s), "
              f"{out.stat().st_size / 2**20:.1f} MB")  # fmt: skip

    timings = {}
    for query in QUERIES:
        archive.search(query)  # warm the page cache once
        runs, cpus = [], []
        for _ in range(5):
            start, cpu = time.perf_counter(), time.process_time()
            hits = archive.search(query, limit=50)
            runs.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        timings[" + ".join(query)] = (statistics.median(runs), statistics.median(cpus), len(hits))
    for query, (seconds, cpu, n) in timings.items():
        print(f"search {query!r}: {1000 * seconds:.1f} ms median of 5 (CPU {1000 * cpu:.1f} ms; {n} shown)")
    worst = max(s for s, _, _ in timings.values())
    print(f"search: slowest median {1000 * worst:.1f} ms over {len(QUERIES)} queries")


if __name__ == "__main__":
    main()
