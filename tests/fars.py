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


def published_at(article: dict) -> str:
    """Noon Tehran time of the Jalali day in the article's link id («8707060255» = 1387-07-06; 14-digit ids
    start with the full year): the corpus has no date field."""
    import re

    import jdatetime

    from newsbot.text.dates import TEHRAN

    digits = re.search(r"/news/(\d{10,14})", article["link"]).group(1)
    ymd = ("13" + digits[:6]) if len(digits) == 10 else digits[:8]
    day = jdatetime.date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8])).togregorian()
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=TEHRAN).isoformat()


def story_record(key: str, article: dict) -> dict:
    """A record of the fields story matching reads, as the crawl would emit it for this article."""
    from newsbot.facts.analysis import analyse_kept

    analysis = analyse_kept(article["title"], article["abstract"] or None, "\n\n".join(article["paragraphs"]))
    return {
        "id": key,
        "site": "fars",
        "source_name": "خبرگزاری فارس",
        "url": article["link"],
        "published_at": published_at(article),
        **analysis.record_fields(),
    }
