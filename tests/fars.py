"""The Fars News corpus bundled in tests/data/fars-news (Apache-2.0, see its NOTICE.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "fars-news"


def articles() -> Iterator[tuple[str, dict]]:
    """Every article of the five files with its key «fars-N-III» (file N, index III): links repeat, keys do not."""
    for n in range(1, 6):
        for i, article in enumerate(json.loads((CORPUS / f"fars-news-{n}.json").read_text(encoding="utf-8"))):
            yield f"fars-{n}-{i:03d}", article


def article_text(article: dict) -> str:
    """Title, lead and body paragraphs separated by blank lines: the layout of the gold `.txt` files."""
    parts = [article["title"], article["abstract"], *article["paragraphs"]]
    return "\n\n".join(p.strip() for p in parts if p and p.strip()) + "\n"
