"""A tiny news site on 127.0.0.1 for the operator tests: a feed, article pages with a set latency, and one page
that answers 429 + Retry-After the first time. It logs the order of the requests it answers."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLES = 6
# the feed's last entry, which Scrapy's last-in-first-out scheduler fetches first: 429 + Retry-After once, then the page
RATE_LIMITED = f"/news/{ARTICLES}.html"


def feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>خبر {i}</title><link>{base}/news/{i}.html</link></item>" for i in range(1, ARTICLES + 1)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def article(i: int) -> bytes:
    body = "".join(f"<p>بند {n} خبر شماره {i} درباره بازار و قیمت‌ها در این هفته است.</p>" for n in range(8))
    return (
        f'<html lang="fa"><head><meta charset="utf-8"><title>خبر {i}</title>'
        f'<meta property="article:published_time" content="2026-11-0{i % 9 + 1}T10:00:00+03:30"></head>'
        f"<body><article><h1>خبر {i}</h1>{body}</article></body></html>"
    ).encode()


class SlowSite:
    """`with SlowSite(latency=0.3, retry_after=2) as site:` serves until the block ends; `site.log` is the order."""

    def __init__(self, latency: float = 0.0, retry_after: int | None = None, host: str = "127.0.0.1") -> None:
        self.latency = latency
        self.retry_after = retry_after
        self.log: list[str] = []
        self.times: list[float] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer((host, 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def base(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the base class's name
                path = self.path.split("?", 1)[0]
                with site.lock:
                    first = path not in site.log
                    site.log.append(path)
                    site.times.append(time.monotonic())
                status, headers, body = 200, {"Content-Type": "text/html; charset=utf-8"}, b""
                if path == "/robots.txt":
                    body = b"User-agent: *\nAllow: /\n"
                    headers["Content-Type"] = "text/plain"
                elif path == "/feed.xml":
                    body = feed(f"http://{self.headers['Host']}")
                    headers["Content-Type"] = "application/rss+xml"
                elif path.startswith("/news/") and path.endswith(".html"):
                    time.sleep(site.latency)
                    if path == RATE_LIMITED and first and site.retry_after is not None:
                        status, headers["Retry-After"] = 429, str(site.retry_after)
                    body = article(int(path[6:-5]))
                else:
                    status = 404
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def __enter__(self) -> SlowSite:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
