"""A small Persian news site on 127.0.0.1 that misbehaves in every way a crawler meets in the wild.

One site: a RSS feed, a sitemap index and a listing page (at the paths the `sample` site definition
names) link to a few good articles about the Social Security Organization and to one article URL per
hostile case (see CASES). The sitemap index also leads to hostile discovery documents: a feed with an
XML external entity, a billion-laughs feed, a 10,000-item feed, a 10,000-URL sitemap, a truncated
sitemap, itself, and an endless tree of sitemap indexes.

Safety: it binds 127.0.0.1 only, on a free port; every slow answer waits on the stop event and is
bounded in bytes and seconds; the number of requests it answers is capped; a watchdog stops it after
`lifetime` seconds even if the test never does. It logs every request (path, Host, time, bytes sent)
so the tests can assert what the crawler did and did not fetch.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import random
import socket
import struct
import threading
import time
import tomllib
import zlib
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"

# -------------------------------------------------------------------------------------------- the site

GOOD_IDS = [1001, 1002, 1003, 1004, 1005, 1006, 3001, 3002]  # plain good pages
# good pages served in a hostile way; they must still be emitted
CP1256_ID = 1007  # windows-1256 bytes, no charset in the header nor in a <meta>
RATE_LIMITED_ID = 1008  # 429 + Retry-After: 1 on the first try, the page on the next
TRUNCATED_ID = 1009  # cut mid-tag after the article text
# 429 + Retry-After: 4 first: longer than the crawler's own backoff (2 s), so a retry 4 s later is the hint honoured
RATE_LIMITED_LONG_ID = 1010
RETRY_AFTER = {RATE_LIMITED_ID: 1, RATE_LIMITED_LONG_ID: 4}
EMITTED_IDS = [*GOOD_IDS, CP1256_ID, RATE_LIMITED_ID, TRUNCATED_ID, RATE_LIMITED_LONG_ID]

# hostile article URLs: case name → id (the page lives at /news/{id}.html)
CASES = {
    "http_500": 2001,
    "http_503_retry_after": 2002,
    "never_answers": 2003,
    "slow_trickle": 2004,
    "reset_mid_response": 2005,
    "redirect_loop": 2006,
    "redirect_offsite": 2007,
    "meta_refresh_offsite": 2008,
    "pdf_as_html": 2009,
    "png_as_html": 2010,
    "huge_with_length": 2011,
    "huge_no_length": 2012,
    "gzip_bomb": 2013,
    "future_date": 2014,
    "bc_date_visible": 2015,
    "bc_date_machine": 2016,
    "robots_disallowed_1": 7001,
    "robots_disallowed_2": 7002,
}
ROBOTS_DISALLOWED = [CASES["robots_disallowed_1"], CASES["robots_disallowed_2"]]
# discovered only through hostile discovery documents
XXE_FEED_ARTICLE = 3001  # linked from the XXE feed as /news/3001.html?u=&xxe;
XXE_SITEMAP_ARTICLE = 3002  # listed in the XXE sitemap as /news/3002.html?u=&xxe;
# what the main feed, the news sitemap, the listing and the first entries of the huge feeds link to
LINKED_IDS = [i for i in EMITTED_IDS if i not in (XXE_FEED_ARTICLE, XXE_SITEMAP_ARTICLE)]
OVER_CAP_BASE = 90000  # feed/sitemap entries past the cap point at /news/9xxxx.html: never to be fetched

HUGE_BYTES = 50 * 1024 * 1024
GZIP_BOMB_BYTES = 1024 * 1024 * 1024  # 1 GiB of zeros, about 1 MB compressed
HUGE_FEED_ITEMS = 10_000
BOMB_FANOUT = 40
TRICKLE_INTERVAL = 0.5
TRICKLE_MAX_BYTES = 60  # 30 s at most, far beyond any sane download timeout
NEVER_ANSWER_MAX_S = 10.0
MAX_REQUESTS = 5000  # past this the server answers 503 to everything and records that it did
OFFSITE_URL = "http://evil.example/news/2007.html"


@dataclass
class Article:
    id: int
    title: str
    lead: str
    body: list[str]
    published: str

    @property
    def path(self) -> str:
        return f"/news/{self.id}.html"


@cache
def load_articles() -> dict[int, Article]:
    raw = tomllib.loads((FIXTURES / "articles.toml").read_text(encoding="utf-8"))
    out = {}
    for a in raw["article"]:
        body = [p.strip() for p in a["body"].strip().split("\n\n") if p.strip()]
        out[a["id"]] = Article(a["id"], a["title"], a["lead"], body, a["published"])
    return out


def article_html(
    art: Article,
    *,
    charset: bool = True,
    published: str | None = None,
    visible_date: str | None = None,
    jsonld: bool = True,
) -> str:
    """A page the `sample` definition reads with its selectors (Nastooh-like) and the generic path with
    JSON-LD + OpenGraph. `published` overrides the JSON-LD/meta date ("" leaves the page undated)."""
    date = art.published if published is None else published
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "description": art.lead,
        "author": {"@type": "Person", "name": "خبرنگار آزمون"},
        "publisher": {"@type": "Organization", "name": "خبرگزاری آزمون"},
    }
    if date:
        ld["datePublished"] = date
    meta_date = f'<meta property="article:published_time" content="{html.escape(date)}" />' if date else ""
    head_charset = '<meta charset="utf-8" />' if charset else ""
    ld_script = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>' if jsonld else ""
    date_div = f'<div class="item-date"><span>{html.escape(visible_date)}</span></div>' if visible_date else ""
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in art.body)
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head>
{head_charset}
<title>{html.escape(art.title)} - خبرگزاری آزمون</title>
<meta name="generator" content="nastooh" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{html.escape(art.title)}" />
<meta property="og:description" content="{html.escape(art.lead)}" />
<meta property="og:site_name" content="خبرگزاری آزمون" />
{meta_date}
{ld_script}
</head>
<body>
<header><nav><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/service/society">اجتماعی</a></li></ul></nav></header>
<main>
<article class="item-body">
<div class="item-header">
<h1 class="title">{html.escape(art.title)}</h1>
{date_div}
</div>
<p class="summary introtext">{html.escape(art.lead)}</p>
<div class="item-text" itemprop="articleBody">
{paragraphs}
</div>
<section class="tags"><ul><li><a href="/tag/social-security">تامین اجتماعی</a></li></ul></section>
</article>
</main>
<footer><p>کلیه حقوق محفوظ است.</p></footer>
</body>
</html>
"""


def hostile_article(case_id: int, title: str) -> Article:
    """A relevant-looking article for a hostile URL (so a wrong pass would show as an emitted record)."""
    base = load_articles()[1001]
    return Article(case_id, title, base.lead, base.body, base.published)


# ----------------------------------------------------------------------------------- binary payloads


@cache
def pdf_bytes() -> bytes:
    rng = random.Random(2009)
    text = " ".join(load_articles()[1002].body).encode("utf-8")
    stream = zlib.compress(text) + bytes(rng.randrange(256) for _ in range(20000))
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"4 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


@cache
def png_bytes() -> bytes:
    rng = random.Random(2010)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    width = height = 96
    raw = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(width * 3)) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@cache
def gzip_bomb_bytes() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        block = b"\0" * (1024 * 1024)
        for _ in range(GZIP_BOMB_BYTES // len(block)):
            gz.write(block)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------ the server


@dataclass
class LoggedRequest:
    t: float
    path: str
    host: str
    raw: str
    headers: str
    bytes_sent: int = 0
    note: str = ""


@dataclass
class Discovery:
    """Paths (no query) at which the main feed, the sitemap index and the listing are served."""

    feeds: set[str] = field(default_factory=set)
    sitemaps: set[str] = field(default_factory=set)
    listings: set[str] = field(default_factory=set)


class HostileServer:
    """`with HostileServer(discovery) as srv:` serves the hostile site at srv.base_url until the block ends."""

    def __init__(self, discovery: Discovery, lifetime: float = 240.0) -> None:
        self.discovery = discovery
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.log: list[LoggedRequest] = []
        self.overloaded = False
        self.httpd = _Server(("127.0.0.1", 0), _handler_for(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="hostile-site", daemon=True
        )
        self.watchdog = threading.Timer(lifetime, self.stop)
        self.watchdog.daemon = True
        self._stopped = False
        gzip_bomb_bytes(), pdf_bytes(), png_bytes()  # built before serving: a slow answer is a hostile case only
        self.docs: dict[str, bytes] = {
            "/sm/news.xml": self.news_sitemap(),
            "/sm/xxe.xml": self.xxe_sitemap(),
            "/sm/big.xml": self.big_sitemap(),
            "/sm/truncated.xml": self.truncated_sitemap(),
            "/feeds/xxe.xml": self.xxe_feed(),
            "/feeds/laughs.xml": self.laughs_feed(),
            "/feeds/huge.xml": self.huge_feed(),
            "/rss": self.rss(),
            "/sitemap": self.sitemap_index(),
            "/listing": self.listing(),
            "/robots": self.robots(),
        }

    @property
    def host(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> HostileServer:
        self.thread.start()
        self.watchdog.start()
        return self

    def stop(self) -> None:
        with self.lock:
            if self._stopped:
                return
            self._stopped = True
        self.stop_event.set()
        self.watchdog.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # what the crawler asked for
    def requests_for(self, path_prefix: str) -> list[LoggedRequest]:
        with self.lock:
            return [
                r
                for r in self.log
                if r.path == path_prefix
                or r.path.startswith(path_prefix + "?")
                or (path_prefix.endswith("/") and r.path.startswith(path_prefix))
            ]

    def article_requests(self, article_id: int) -> list[LoggedRequest]:
        return self.requests_for(f"/news/{article_id}.html")

    def all_requests(self) -> list[LoggedRequest]:
        with self.lock:
            return list(self.log)

    # the documents
    def article_links(self) -> list[int]:
        """Articles linked from the main feed, the news sitemap and the listing (not the hostile feeds)."""
        return [*LINKED_IDS, *CASES.values()]

    def rss(self) -> bytes:
        arts = load_articles()
        items = []
        # 1004 and 1005 are left out: one only in the sitemap, one only in the listing
        for aid in [i for i in self.article_links() if i not in (1004, 1005)]:
            title = arts[aid].title if aid in arts else f"خبر {aid} درباره تامین اجتماعی"
            items.append(
                f"<item><title>{html.escape(title)}</title><link>{self.url(f'/news/{aid}.html')}</link>"
                f"<pubDate>Sat, 04 Oct 2026 06:00:00 GMT</pubDate></item>"
            )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>خبرگزاری آزمون</title>'
            f"<link>{self.base_url}/</link>{''.join(items)}</channel></rss>"
        ).encode()

    def sitemap_index(self) -> bytes:
        children = [
            "/sm/news.xml",
            "/sm/xxe.xml",
            "/sm/big.xml",
            "/sm/truncated.xml",
            "/feeds/xxe.xml",
            "/feeds/laughs.xml",
            "/feeds/huge.xml",
            "/sm/bomb/0.xml",
            *sorted(self.discovery.sitemaps),
        ]
        return _sitemapindex([self.url(c) for c in children])

    def news_sitemap(self) -> bytes:
        ids = [i for i in self.article_links() if i not in (1003, 1005)]
        return _urlset([self.url(f"/news/{i}.html") for i in ids])

    def listing(self) -> bytes:
        arts = load_articles()
        lis = []
        for aid in [i for i in self.article_links() if i not in (1003, 1004)]:
            title = arts[aid].title if aid in arts else f"خبر {aid}"
            lis.append(
                f'<li class="news"><div class="desc"><h3><a href="/news/{aid}.html">{html.escape(title)}</a>'
                f"</h3></div></li>"
            )
        page = (
            f'<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>آرشیو اخبار</title></head>'
            f'<body><h1>آرشیو</h1><ul>{"".join(lis)}</ul><a href="/tag/social-security">برچسب</a></body></html>'
        )
        return page.encode("utf-8")

    def robots(self) -> bytes:
        lines = [
            "User-agent: *",
            *[f"Disallow: /news/{i}.html" for i in ROBOTS_DISALLOWED],
            "Disallow: /private/",
            "",
            f"Sitemap: {self.url(sorted(self.discovery.sitemaps)[0] if self.discovery.sitemaps else '/')}",
        ]
        return ("\n".join(lines) + "\n").encode()

    def xxe_feed(self) -> bytes:
        good = self.url(f"/news/{XXE_FEED_ARTICLE}.html")
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY xxeweb SYSTEM "{self.url("/xxe-probe")}">
]>
<rss version="2.0"><channel><title>&xxe;</title><link>{self.base_url}/</link>
<item><title>&xxe;</title><link>{good}?u=&xxe;</link><description>&xxe;&xxeweb;</description></item>
<item><title>external</title><link>{self.url("/news/")}&xxeweb;</link></item>
</channel></rss>
""".encode()

    def laughs_feed(self) -> bytes:
        ents = ['<!ENTITY lol0 "lol">']
        ents += [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
        return (
            f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{chr(10).join(ents)}\n]>\n'
            f'<rss version="2.0"><channel><item><title>&lol9;</title>'
            f"<link>{self.url('/news/')}&lol9;</link></item></channel></rss>"
        ).encode()

    def huge_feed(self, cap_hint: int = 40) -> bytes:
        # the first entries point at articles found elsewhere already (fetched once, not again); the rest
        # at /news/9xxxx.html, which a capped crawler never asks for
        links = [self.url(f"/news/{LINKED_IDS[i % len(LINKED_IDS)]}.html") for i in range(cap_hint)]
        links += [self.url(f"/news/{OVER_CAP_BASE + i}.html") for i in range(HUGE_FEED_ITEMS - cap_hint)]
        items = "".join(f"<item><title>خبر {i}</title><link>{u}</link></item>" for i, u in enumerate(links))
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>{items}</channel></rss>'.encode()

    def big_sitemap(self, cap_hint: int = 40) -> bytes:
        links = [self.url(f"/news/{LINKED_IDS[i % len(LINKED_IDS)]}.html") for i in range(cap_hint)]
        links += [self.url(f"/news/{OVER_CAP_BASE + 10_000 + i}.html") for i in range(HUGE_FEED_ITEMS - cap_hint)]
        return _urlset(links)

    def xxe_sitemap(self) -> bytes:
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE urlset [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{self.url(f"/news/{XXE_SITEMAP_ARTICLE}.html")}?u=&xxe;</loc></url>
</urlset>
""".encode()

    def truncated_sitemap(self) -> bytes:
        full = _urlset([self.url(f"/news/{i}.html") for i in (1001, 1002)])
        return full[: len(full) - 30]

    def bomb_index(self, name: str) -> bytes:
        return _sitemapindex([self.url(f"/sm/bomb/{name}-{i}.xml") for i in range(BOMB_FANOUT)])


def _sitemapindex(urls: list[str]) -> bytes:
    body = "".join(f"<sitemap><loc>{html.escape(u)}</loc></sitemap>" for u in urls)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{body}</sitemapindex>"
    ).encode()


def _urlset(urls: list[str]) -> bytes:
    body = "".join(f"<url><loc>{html.escape(u)}</loc><lastmod>2026-10-04</lastmod></url>" for u in urls)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{body}</urlset>"
    ).encode()


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # socketserver's 5 drops the SYNs of a crawler opening 32 connections at once


def _handler_for(server: HostileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_HostileHandler):
        site = server

    return Handler


class _HostileHandler(BaseHTTPRequestHandler):
    site: HostileServer
    protocol_version = "HTTP/1.0"  # one request per connection: a misbehaving answer cannot poison the next
    server_version = "hostile/1.0"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    # ---------------------------------------------------------------- plumbing
    def _record(self) -> LoggedRequest:
        entry = LoggedRequest(
            time.monotonic(), self.path, self.headers.get("Host", ""), self.requestline, str(self.headers)
        )
        with self.site.lock:
            self.site.log.append(entry)
            if len(self.site.log) > MAX_REQUESTS:
                self.site.overloaded = True
        return entry

    def _write(self, entry: LoggedRequest, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            entry.note = entry.note or "client went away"
            return False
        entry.bytes_sent += len(data)
        return True

    def _send(
        self,
        entry: LoggedRequest,
        status: int,
        body: bytes,
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        length: bool = True,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if length:
                self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
        except OSError:
            entry.note = "client went away"
            return
        self._write(entry, body)

    def _not_found(self, entry: LoggedRequest) -> None:
        self._send(entry, 404, b"<html><body><h1>404</h1></body></html>")

    def _reset(self) -> None:
        """Close with a TCP RST: SO_LINGER 0, after dropping the buffered file objects' references."""
        try:
            self.wfile.flush()
        except OSError:
            pass
        self.wfile.close()
        self.rfile.close()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.wfile, self.rfile = io.BytesIO(), io.BytesIO()  # what the base class still flushes and closes

    # ---------------------------------------------------------------- routing
    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        entry = self._record()
        site = self.site
        if site.overloaded or site.stop_event.is_set():
            self._send(entry, 503, b"overloaded", headers={"Retry-After": "1"})
            return
        path = urlsplit(self.path).path
        xml = "application/xml"
        d = site.discovery
        if path == "/robots.txt":
            return self._send(entry, 200, site.docs["/robots"], "text/plain")
        if path in d.feeds:
            return self._send(entry, 200, site.docs["/rss"], "application/rss+xml; charset=utf-8")
        if path in d.sitemaps:
            return self._send(entry, 200, site.docs["/sitemap"], xml)
        if path in d.listings:
            return self._send(entry, 200, site.docs["/listing"])
        if path.startswith(("/sm/", "/feeds/")) and path in site.docs:
            return self._send(entry, 200, site.docs[path], xml)
        if path.startswith("/sm/bomb/") and path.endswith(".xml"):
            return self._send(entry, 200, site.bomb_index(path[len("/sm/bomb/") : -4]), xml)
        if path.startswith("/news/") and path.endswith(".html"):
            try:
                aid = int(path[len("/news/") : -len(".html")])
            except ValueError:
                aid = None
            if aid is not None:
                return self._article(entry, aid)
        if path == "/news/loop-b.html":
            return self._send(entry, 302, b"", headers={"Location": f"/news/{CASES['redirect_loop']}.html"})
        self._not_found(entry)

    def _article(self, entry: LoggedRequest, aid: int) -> None:
        if aid in GOOD_IDS:
            return self._send(entry, 200, article_html(arts_extra(aid)).encode("utf-8"))
        if aid == CP1256_ID:
            page = _cp1256_safe(article_html(arts_extra(CP1256_ID), charset=False))
            return self._send(entry, 200, page.encode("cp1256"), "text/html")
        if aid in RETRY_AFTER:
            if len(self.site.article_requests(aid)) <= 1:
                wait = str(RETRY_AFTER[aid])
                return self._send(entry, 429, b"Too Many Requests", "text/plain", headers={"Retry-After": wait})
            return self._send(entry, 200, article_html(arts_extra(aid)).encode("utf-8"))
        if aid == TRUNCATED_ID:
            page = article_html(arts_extra(aid)).encode("utf-8")
            cut = page.index(b'<section class="tags">') + len(b"<section cla")
            return self._send(entry, 200, page[:cut])
        case = {v: k for k, v in CASES.items()}.get(aid)
        if case is None:
            return self._not_found(entry)
        entry.note = case
        if case == "http_500":
            return self._send(entry, 500, b"<html><body>Internal Server Error</body></html>")
        if case == "http_503_retry_after":
            return self._send(
                entry, 503, b"<html><body>Service Unavailable</body></html>", headers={"Retry-After": "1"}
            )
        if case == "never_answers":
            self.site.stop_event.wait(NEVER_ANSWER_MAX_S)
            return
        if case == "slow_trickle":
            page = article_html(hostile_article(aid, "خبر کند درباره تامین اجتماعی")).encode("utf-8")
            response = (
                b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: " + str(len(page)).encode() + b"\r\n\r\n" + page
            )
            for i in range(min(TRICKLE_MAX_BYTES, len(response))):
                if not self._write(entry, response[i : i + 1]) or self.site.stop_event.wait(TRICKLE_INTERVAL):
                    break
            return
        if case == "reset_mid_response":
            page = article_html(hostile_article(aid, "خبر نیمه‌کاره درباره تامین اجتماعی")).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self._write(entry, page[: len(page) // 3])
            self.site.stop_event.wait(0.2)
            self._reset()
            return
        if case == "redirect_loop":
            return self._send(entry, 302, b"", headers={"Location": "/news/loop-b.html"})
        if case == "redirect_offsite":
            return self._send(entry, 302, b"", headers={"Location": OFFSITE_URL})
        if case == "meta_refresh_offsite":
            page = (
                f'<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={OFFSITE_URL}">'
                f"<title>انتقال</title></head><body>در حال انتقال</body></html>"
            )
            return self._send(entry, 200, page.encode("utf-8"))
        if case == "pdf_as_html":
            return self._send(entry, 200, pdf_bytes(), "text/html")
        if case == "png_as_html":
            return self._send(entry, 200, png_bytes(), "text/html")
        if case in ("huge_with_length", "huge_no_length"):
            return self._huge(entry, with_length=case == "huge_with_length")
        if case == "gzip_bomb":
            return self._send(entry, 200, gzip_bomb_bytes(), headers={"Content-Encoding": "gzip"})
        if case == "future_date":
            art = hostile_article(aid, "خبر آینده درباره تامین اجتماعی")
            return self._send(entry, 200, article_html(art, published="2099-03-21T10:00:00+03:30").encode("utf-8"))
        if case == "bc_date_visible":
            art = hostile_article(aid, "خبر باستانی درباره تامین اجتماعی")
            page = article_html(art, published="", visible_date="۱ فروردین ۱۳۰۰ پیش از میلاد")
            return self._send(entry, 200, page.encode("utf-8"))
        if case == "bc_date_machine":
            art = hostile_article(aid, "خبر سال منفی درباره تامین اجتماعی")
            page = article_html(art, published="-1300-03-21T10:00:00+03:30", visible_date="۱۳۰۰ ق.م")
            return self._send(entry, 200, page.encode("utf-8"))
        # robots-disallowed pages are ordinary good pages: only robots.txt keeps the crawler away
        art = hostile_article(aid, f"خبر ممنوع {aid} درباره تامین اجتماعی")
        return self._send(entry, 200, article_html(art).encode("utf-8"))

    def _huge(self, entry: LoggedRequest, with_length: bool) -> None:
        head = b"<html><head><meta charset='utf-8'><title>big</title></head><body><p>"
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if with_length:
                self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
        except OSError:
            return
        if not self._write(entry, head):
            return
        block = ("تامین اجتماعی " * 4096).encode("utf-8")[:65536]
        sent = len(head)
        while sent < HUGE_BYTES and not self.site.stop_event.is_set():
            chunk = block[: HUGE_BYTES - sent]
            if not self._write(entry, chunk):
                return
            sent += len(chunk)


# Extra good pages served in a hostile way (1007-1009): their text lives in articles.toml too.
def arts_extra(aid: int) -> Article:
    return load_articles()[aid]


def _cp1256_safe(page: str) -> str:
    """windows-1256 has no Persian yeh nor Persian digits: write them as cp1256 sites do (Arabic yeh, ASCII)."""
    fix = str.maketrans({"ی": "ي", **{chr(0x06F0 + i): str(i) for i in range(10)}})
    return page.translate(fix)
