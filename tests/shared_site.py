"""A 127.0.0.1 news site of real Fars texts for the many-worker tests: N article pages, a latency per request,
an access log, and archive pages reaching back a year (one article a day or more) for the backfill test.

Pages use the markup of the sample site's Nastooh layout, so `scrapy crawl sample -a base=URL` reads them.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jdatetime

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "fars-news"
PER_LISTING = 25
FIRST_ID = 100000


def corpus_texts() -> list[dict]:
    """The fars-news corpus (1,500 real articles): title and paragraphs."""
    folder = CORPUS if CORPUS.is_dir() else Path("/work/shared/corpus/fars-news")
    texts = []
    for path in sorted(folder.glob("fars-news-*.json"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        texts += json.loads(path.read_text(encoding="utf-8"))
    return texts


def persian_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


class Article:
    def __init__(self, number: int, text: dict, published: datetime) -> None:
        self.number = number
        self.path = f"/news/{number}.html"
        self.title = text["title"].strip()
        self.paragraphs = [p for p in text.get("paragraphs") or [] if p.strip()][:2] or [text.get("abstract") or ""]
        self.published = published

    def page(self, host: str) -> bytes:
        url = f"http://{host}{self.path}"
        iso = self.published.strftime("%Y-%m-%dT%H:%M:%SZ")
        j = jdatetime.datetime.fromgregorian(datetime=self.published + timedelta(hours=3, minutes=30))
        visible = persian_digits(f"{j.day} {j.j_months_fa[j.month - 1]} {j.year} - {j.hour:02d}:{j.minute:02d}")
        body = "".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        title = html.escape(self.title)
        return (
            f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:type" content="article"><link rel="canonical" href="{url}">'
            f'<meta name="generator" content="www.nastooh.ir">'
            f'<meta property="article:published_time" content="{iso}"></head><body>'
            f'<div class="item-date"><span>{visible}</span></div>'
            f'<h1 class="title"><a itemprop="headline" href="{self.path}">{title}</a></h1>'
            f'<div class="item-text" itemprop="articleBody">{body}</div></body></html>'
        ).encode()


class SharedSite:
    """Serves `count` articles, newest first, one every `spacing_h` hours back from now."""

    def __init__(
        self, count: int, latency_s: float = 0.0, spacing_h: float = 6.0, offset: int = 0, archive_only: bool = False
    ) -> None:
        """`archive_only`: feed and sitemap list nothing; the archive (listing pages) alone reaches every article."""
        self.archive_only = archive_only
        texts = corpus_texts()
        now = datetime.now(UTC).replace(microsecond=0, second=0)
        self.articles = [
            Article(FIRST_ID + offset + i, texts[(offset + i) % len(texts)], now - timedelta(hours=spacing_h * i))
            for i in range(count)
        ]
        self.by_path = {a.path: a for a in self.articles}
        self.latency_s = latency_s
        self.log: list[str] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # discovery pages
    def listing(self, n: int) -> bytes:
        chunk = self.articles[(n - 1) * PER_LISTING : n * PER_LISTING]
        links = "".join(
            f'<li><a href="{a.path}">{html.escape(a.title)}</a> <time datetime="{a.published.isoformat()}"></time></li>'
            for a in chunk
        )
        more = len(self.articles) > n * PER_LISTING
        nxt = f'<a rel="next" href="/list/{n + 1}.html">بعدی</a>' if more else ""
        return f'<html><head><meta charset="utf-8"></head><body><ul>{links}</ul>{nxt}</body></html>'.encode()

    def sitemap(self, host: str) -> bytes:
        listed = [] if self.archive_only else self.articles
        urls = "".join(f"<url><loc>http://{host}{a.path}</loc></url>" for a in listed)
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()

    def rss(self, host: str) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(a.title)}</title><link>http://{host}{a.path}</link></item>"
            for a in ([] if self.archive_only else self.articles[:20])
        )
        return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()

    def respond(self, path: str, host: str) -> tuple[int, str, bytes]:
        path = path.split("?", 1)[0]
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path == "/rss.xml":
            return 200, "application/rss+xml", self.rss(host)
        if path == "/sitemap.xml":
            return 200, "application/xml", self.sitemap(host)
        if path.startswith("/list/") and path.endswith(".html"):
            n = int(path[6:-5])
            if 1 <= n <= (len(self.articles) + PER_LISTING - 1) // PER_LISTING:
                return 200, "text/html; charset=utf-8", self.listing(n)
        if path in self.by_path:
            return 200, "text/html; charset=utf-8", self.by_path[path].page(host)
        return 404, "text/plain", b"not found"

    def listing_fetches(self) -> int:
        with self.lock:
            return sum(1 for p in self.log if p.startswith("/list/"))

    def fetches(self) -> Counter:
        with self.lock:
            return Counter(p for p in self.log if p.startswith("/news/"))

    def __enter__(self) -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                with site.lock:
                    site.log.append(self.path)
                time.sleep(site.latency_s)
                status, kind, body = site.respond(self.path, self.headers.get("Host", ""))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        ThreadingHTTPServer.daemon_threads = True
        ThreadingHTTPServer.request_queue_size = 128
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
