"""Changed copies of the sample site, as a site looks after a redesign or an outage (for alarm and canary tests)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "newsbot" / "sample_site" / "www"
_DATE_MARKUP = [
    re.compile(r'<meta[^>]+property="article:(published|modified)_time"[^>]*>'),
    re.compile(r'<meta[^>]+property="nastooh:publishDate"[^>]*>'),
    re.compile(r'<script type="application/ld\+json">.*?</script>', re.S),
    re.compile(r"<time[^>]*>.*?</time>", re.S),
]


def copy_site(dest: Path) -> Path:
    shutil.copytree(ROOT, dest)
    return dest


def renumber(root: Path, old: str = "/news/1", new: str = "/news/5") -> None:
    """New article URLs, as if the site published new stories: run state has not seen them."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".xml", ".txt"}:
            path.write_text(
                path.read_text(encoding="utf-8", errors="surrogateescape").replace(old, new),
                encoding="utf-8",
                errors="surrogateescape",
            )
    news = root / "news"
    for page in sorted(news.glob("1*.html")):
        page.rename(news / ("5" + page.name[1:]))


def strip_dates(root: Path) -> None:
    """The redesign dropped every machine-readable date and renamed the printed date's class."""
    for page in (root / "news").glob("*.html"):
        html = page.read_text(encoding="utf-8", errors="surrogateescape")
        for pattern in _DATE_MARKUP:
            html = pattern.sub("", html)
        for cls in ("item-date", "news_pdate_c", "news-time"):
            html = html.replace(cls, "stamp-x")
        html = html.replace("تاریخ انتشار", "")
        page.write_text(html, encoding="utf-8", errors="surrogateescape")


def vanish_articles(root: Path) -> None:
    """Feeds, sitemaps and listings no longer link any article (discovery changed or is blocked)."""
    for path in [root / "rss.xml", root / "sitemap-news.xml", *sorted((root / "list").glob("*.html"))]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"/news/\d+\.html", "/moved.html", text)
        path.write_text(text, encoding="utf-8")
