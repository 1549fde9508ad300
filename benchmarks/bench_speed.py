"""Time of the core's text steps on a 6,000-character article, beside the budget each was written against.

These were wall-clock asserts in the unit tests, which failed on a loaded machine and proved nothing on an
idle one; here they are figures to read. Asserts nothing (benchmarks are not tests).

Run: .venv/bin/python benchmarks/bench_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from newsbot.facts.people import find_people
from newsbot.facts.places import find_places
from newsbot.facts.relevance import score_relevance
from newsbot.text.dates import parse_machine_date
from newsbot.text.normalize import normalize_text

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"
DATES = ["۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", "۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹", "Mon, 19 Oct 2026 19:30:10 GMT", "2020-02-18T03:25:00Z"]


def article(chars: int = 6000) -> str:
    text = (EVAL / "seed-000.txt").read_text(encoding="utf-8")
    return ((text + "\n\n") * (chars // len(text) + 1))[:chars]


def median_seconds(step: Callable[[], object], runs: int) -> float:
    step()  # warm: gazetteers, hazm tables and caches load once per process
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    text = article()
    big = (article() + "\n") * 170  # about 1 MB
    rows = [
        ("parse_machine_date, 4 formats", lambda: [parse_machine_date(d) for d in DATES], runs * 50, 4 * 200e-6),
        ("normalize_text", lambda: normalize_text(text), runs, 0.05),
        ("score_relevance", lambda: score_relevance("عنوان خبر", "لید خبر", text), runs, 1e-3),
        ("find_people", lambda: find_people(text), runs, 0.015),
        ("find_places", lambda: find_places(text), runs, 0.005),
        ("find_people, 1 MB", lambda: find_people(big), 1, 10.0),
    ]
    print(f"{'step':32} {'median ms':>10} {'budget ms':>10}  (6,000 chars unless said)")
    for name, step, n, budget in rows:
        print(f"{name:32} {median_seconds(step, n) * 1e3:10.2f} {budget * 1e3:10.2f}")


if __name__ == "__main__":
    main()
