"""Median time of the facts step (quantities, people, places, organizations, quoted_from) on a 6,000-char article.

Run: .venv/bin/python benchmarks/bench_facts.py [--runs N]
Prints figures; asserts nothing (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from newsbot.facts import extract_facts
from newsbot.facts.relevance import score_relevance
from newsbot.text.normalize import normalize_text

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"


def article(chars: int = 6000) -> str:
    texts = [(EVAL / name).read_text(encoding="utf-8") for name in ("seed-000.txt", "seed-004.txt")]
    text = "\n\n".join(texts)
    while len(text) < chars:
        text += "\n\n" + text
    return normalize_text(text[:chars])


def timed(fn, runs: int) -> list[float]:
    fn()  # warm caches: gazetteers load once per process
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    body = article()
    raw = body
    rows = {
        "facts step (extract_facts)": timed(lambda: extract_facts("", None, body), args.runs),
        "relevance": timed(lambda: score_relevance("", None, raw), args.runs),
        "normalize (hazm + ZWNJ repair)": timed(lambda: normalize_text(raw), max(20, args.runs // 5)),
    }
    print(f"article: {len(body)} characters; {args.runs} runs; one core")
    for name, times in rows.items():
        print(
            f"{name:<34} median {statistics.median(times):7.2f} ms   p90 {sorted(times)[int(len(times) * 0.9)]:7.2f} ms"
        )


if __name__ == "__main__":
    main()
