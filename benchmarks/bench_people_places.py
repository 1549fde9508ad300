"""Median CPU time of the people and places finders on the facts benchmark's 6,000-character article.

Run: taskset -c 0 .venv/bin/python benchmarks/bench_people_places.py [--runs N]
CPU time (time.process_time), so that other processes on a shared machine inflate the figures less.
Prints figures; asserts nothing (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench_facts import article

from newsbot.facts.organizations import find_organizations
from newsbot.facts.people import find_people
from newsbot.facts.places import find_places


def cpu_times(fn, text: str, runs: int) -> list[float]:
    fn(text)  # gazetteers load once per process
    out = []
    for _ in range(runs):
        start = time.process_time()
        fn(text)
        out.append((time.process_time() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    text = article()
    print(f"article: {len(text)} characters; {args.runs} runs; CPU time")
    for name, fn in (("people", find_people), ("places", find_places), ("organizations", find_organizations)):
        times = sorted(cpu_times(fn, text, args.runs))
        print(f"{name:<14} median {statistics.median(times):6.2f} ms   p90 {times[int(len(times) * 0.9)]:6.2f} ms")


if __name__ == "__main__":
    main()
