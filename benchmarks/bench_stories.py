"""Story grouping on the sample site's shared release and on the labelled Fars groups (tests/data/stories.jsonl).

Run: .venv/bin/python benchmarks/bench_stories.py
Prints pairwise precision and recall over all 1,500 corpus articles (articles in no labelled group are
singletons), for every labelled group and for the "event" groups alone (different reports of one event,
leaving out the same article stored twice); asserts nothing.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsbot.desk.archive import Archive  # noqa: E402
from newsbot.desk.grouping import pair_score  # noqa: E402
from tests.fars import articles, story_record  # noqa: E402


def main() -> None:
    labels = [json.loads(line) for line in (ROOT / "tests/data/stories.jsonl").read_text(encoding="utf-8").splitlines()]
    start = time.perf_counter()
    records = sorted((story_record(k, a) for k, a in articles()), key=lambda r: (r["published_at"], r["id"]))
    analysed = time.perf_counter() - start
    archive = Archive()
    start = time.perf_counter()
    story_of = {r["id"]: archive.add(r) for r in records}
    grouped = time.perf_counter() - start
    print(f"corpus: {len(records)} articles analysed in {analysed:.1f} s, grouped in {grouped:.1f} s")
    everything = pair_score(story_of, [g["members"] for g in labels])
    events = [g["members"] for g in labels if g["kind"] == "event"]
    repeats = {m for g in labels if g["kind"] == "repeat" for m in g["members"]}
    event_only = pair_score({k: v for k, v in story_of.items() if k not in repeats}, events)
    for name, score in (("all labelled groups", everything), ("event groups only", event_only)):
        print(
            f"{name}: precision {score.precision:.2f} ({score.true_pairs}/{score.predicted_pairs} pairs), "
            f"recall {score.recall:.2f} ({score.true_pairs}/{score.gold_pairs} pairs)"
        )
    for group in labels:
        stories = {story_of[m] for m in group["members"]}
        print(f"  {'found' if len(stories) == 1 else 'split':5} {group['kind']:6} {group['story']}")
    merged = [s for s in set(story_of.values()) if list(story_of.values()).count(s) > 1]
    gold = {frozenset(g["members"]) for g in labels}
    for story in merged:
        members = frozenset(k for k, v in story_of.items() if v == story)
        if not any(members <= g for g in gold):
            print("  wrong merge:", " | ".join(f"{r['id']} {r['title'][:50]}" for r in records if r["id"] in members))


if __name__ == "__main__":
    main()
