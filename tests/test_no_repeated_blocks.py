"""No block of six or more lines is repeated in newsbot's Python code (a copy is a fact kept twice).

Lines are compared normalized: indentation, inner runs of spaces, trailing comments, blank lines, comment lines
and import lines do not count, so a block re-indented in another function is still the same block.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newsbot"
WINDOW = 6
_TRAILING_COMMENT = re.compile(r"\s+#.*$")
_SPACES = re.compile(r"\s+")


def normalized(line: str) -> str | None:
    """The line as compared, or None for a line that does not count."""
    text = line.strip()
    if not text or text.startswith("#") or text.startswith("import ") or re.match(r"from \S+ import ", text):
        return None
    return _SPACES.sub(" ", _TRAILING_COMMENT.sub("", text))


def repeated_blocks(files: dict[str, str], window: int = WINDOW) -> list[list[tuple[str, int]]]:
    """Every run of `window` counted lines found in more than one place, as its (file, first line) places."""
    places: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for name, source in files.items():
        rows = [(n, norm) for n, line in enumerate(source.splitlines(), 1) if (norm := normalized(line)) is not None]
        for k in range(len(rows) - window + 1):
            places[tuple(norm for _, norm in rows[k : k + window])].append((name, rows[k][0]))
    return [found for found in places.values() if len(found) > 1]


BLOCK = "def f(x):\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n    return a + b + c + d + x\n"
# the same block re-indented in a class, respaced, commented and split by blank lines
RESHAPED = "class K:\n" + BLOCK.replace("\n", "\n\n  # why\n").replace("a = 1", "a  =  1  # one")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.py": BLOCK, "b.py": BLOCK}, [[("a.py", 1), ("b.py", 1)]]),
        ({"a.py": BLOCK, "b.py": RESHAPED}, [[("a.py", 1), ("b.py", 2)]]),
        ({"a.py": BLOCK, "b.py": BLOCK.replace("c = 3", "c = 30")}, []),  # one line differs
        ({"a.py": BLOCK, "b.py": "\n".join(BLOCK.splitlines()[:5])}, []),  # five lines are not a block
        ({"a.py": BLOCK + "\n" + BLOCK}, [[("a.py", 1), ("a.py", 8)]]),  # twice in one file
        ({"a.py": "import os\nimport re\nimport sys\nimport json\nimport time\nimport math\n"} | {
            "b.py": "import os\nimport re\nimport sys\nimport json\nimport time\nimport math\n"}, []),
    ],
    ids=["copied", "reindented", "one-line-differs", "five-lines", "same-file", "imports"],
)
def test_repeated_blocks_finder(files: dict[str, str], expected: list) -> None:
    assert repeated_blocks(files) == expected


def test_no_block_of_six_lines_is_repeated_in_newsbot() -> None:
    files = {str(p.relative_to(PACKAGE.parent)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}
    assert len(files) > 40  # the package was found
    found = repeated_blocks(files)
    assert not found, "repeated blocks (file, first line): " + "; ".join(map(str, found))
