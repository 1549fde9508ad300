"""Median time of `find_quantities` on a ~6,000-character article built from the dev texts.

Run: .venv/bin/python benchmarks/bench_quantities.py [runs]
Target (issue 11): the whole facts step, people included, about 4 ms; quantities alone well under 2 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsbot.facts.quantities import find_quantities  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval"
TARGET_CHARS = 6000


def build_article() -> str:
    """Dev texts, repeated until the article is about 6,000 characters."""
    texts = [(EVAL / name).read_text(encoding="utf-8") for name in ("seed-000.txt", "seed-004.txt")]
    article = "\n\n".join(texts)
    while len(article) < TARGET_CHARS:
        article += "\n\n" + texts[len(article) % 2]
    return article[:TARGET_CHARS]


def main(runs: int = 200) -> None:
    article = build_article()
    find_quantities(article)  # warm up: first call pays for lazy regex work
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        facts = find_quantities(article)
        times.append(time.perf_counter() - start)
    median_ms = statistics.median(times) * 1000
    p95_ms = sorted(times)[int(len(times) * 0.95) - 1] * 1000
    print(f"find_quantities: {len(article)} chars, {len(facts)} facts, {runs} runs")
    # the fastest run: on a loaded machine the median mostly measures the other processes
    print(f"median {median_ms:.2f} ms, p95 {p95_ms:.2f} ms, fastest {min(times) * 1000:.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
