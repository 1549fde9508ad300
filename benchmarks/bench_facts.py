"""A relevant article's analysis, step by step, on a 6,000-character text: normalize, relevance, facts,
near-duplicate fingerprint, and the whole (median of N runs, one core).

Run: .venv/bin/python benchmarks/bench_facts.py [--runs N]
Prints figures; asserts nothing (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from newsbot.facts import extract_facts
from newsbot.facts.relevance import score_relevance
from newsbot.text.normalize import normalize_text, repair_zwnj
from newsbot.text.similarity import simhash

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"


def article(chars: int = 6000) -> str:
    """Two real texts about the organization (the sample site's dev texts), repeated to `chars`, as scraped."""
    texts = [(EVAL / name).read_text(encoding="utf-8") for name in ("seed-000.txt", "seed-004.txt")]
    text = "\n\n".join(texts)
    while len(text) < chars:
        text += "\n\n" + text
    return text[:chars]


def timed(fn, runs: int) -> list[float]:
    """CPU milliseconds per run (process time: on a shared machine, waiting for a core is not counted)."""
    fn()  # warm caches: gazetteers and hazm's tables load once per process
    out = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        out.append((time.process_time() - start) * 1000)
    return out


def whole(raw: str) -> None:
    """What the crawl does to a relevant article: the steps below, in the pipelines' order."""
    score_relevance("", None, raw)
    body = normalize_text(raw)
    extract_facts("", None, body)
    simhash(body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    raw = article()
    body = normalize_text(raw)
    rows = {
        "normalize (hazm + ZWNJ repair)": timed(lambda: normalize_text(raw), args.runs),
        "  of which ZWNJ repair": timed(lambda: repair_zwnj(raw), args.runs),
        "relevance": timed(lambda: score_relevance("", None, raw), args.runs),
        "facts (extract_facts)": timed(lambda: extract_facts("", None, body), args.runs),
        "near-duplicate fingerprint": timed(lambda: simhash(body), args.runs),
        "whole analysis": timed(lambda: whole(raw), args.runs),
    }
    print(f"article: {len(raw)} characters; {args.runs} runs; CPU time of one core; load {os.getloadavg()[0]:.1f}")
    for name, times in rows.items():
        p90 = sorted(times)[int(len(times) * 0.9)]
        print(f"{name:<34} median {statistics.median(times):7.2f} ms   p90 {p90:7.2f} ms")


if __name__ == "__main__":
    main()
