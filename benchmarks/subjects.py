"""Subject accuracy: how often a figure's `subject` names what it counts or measures.

`tests/data/subjects.jsonl` holds figures in real Fars sentences with the noun phrase each measures, read by
hand. Each sentence is normalized as the crawl does, its figures are read with `find_quantities`, and the
figure of the row is found by its words. Printed: figures found, subjects that hold the gold head word,
subjects equal to the gold subject (after folding), and subjects that are none.

Run: .venv/bin/python benchmarks/subjects.py [-v]   (-v lists every row whose subject misses its head)
Prints figures; asserts nothing (tests/test_subjects.py holds the table that must pass).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsbot.facts.quantities import find_quantities  # noqa: E402
from newsbot.text.fold import squash  # noqa: E402
from newsbot.text.normalize import normalize_text  # noqa: E402

TABLE = ROOT / "tests" / "data" / "subjects.jsonl"


def subject_of(sentence: str, figure: str, taken: set[int]) -> tuple[bool, str | None]:
    """(found, subject) of the first fact of `sentence` not yet taken whose words hold `figure`'s."""
    want = squash(figure)
    for i, fact in enumerate(find_quantities(normalize_text(sentence))):
        got = squash(fact.text)
        if i not in taken and (want in got or got in want):
            taken.add(i)
            return True, fact.subject
    return False, None


def main(verbose: bool = False) -> None:
    rows = [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = head = exact = none = 0
    taken: dict[str, set[int]] = {}
    for row in rows:
        ok, subject = subject_of(row["sentence"], row["figure"], taken.setdefault(row["sentence"], set()))
        if not ok:
            continue
        found += 1
        none += subject is None
        has_head = subject is not None and squash(row["head"]) in squash(subject)
        head += has_head
        exact += subject is not None and squash(subject) == squash(row["subject"])
        if verbose and not has_head:
            print(f"{row['key']}: «{row['figure']}» gold «{row['subject']}» got «{subject}»")
    print(f"rows {len(rows)}; figures found {found}")
    print(f"head in subject  {head}/{found} ({head / found:.3f})")
    print(f"subject exact    {exact}/{found} ({exact / found:.3f})")
    print(f"no subject       {none}/{found}")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
