"""Spider arguments (`-a NAME=VALUE`) read and checked before a crawl starts: one clear line when one is wrong."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# a list of URLs may be written with commas, spaces or both: "-a start='URL1 URL2'" and "URL1,URL2" are the same
URL_SEPARATORS = re.compile(r"[,\s]+")


class SpiderArgumentError(ValueError):
    """A spider argument a person got wrong; its message is the one line they see."""


def start_urls(value: str | None) -> list[str]:
    """The http(s) URLs in `-a start=…`, in order, each once."""
    urls = list(dict.fromkeys(u for u in URL_SEPARATORS.split(value or "") if u))
    if not urls:
        raise SpiderArgumentError(
            "-a start is missing: expected -a start=URL[,URL…] (feeds, sitemaps or listings; comma or space between)"
        )
    bad = [u for u in urls if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).hostname]
    if bad:
        raise SpiderArgumentError(f"-a start={' '.join(bad)}: not an http(s) URL; expected e.g. https://example.ir/rss")
    return urls


def hosts(urls: list[str]) -> list[str]:
    """The sites the URLs are on (lower case, no `www.`), sorted."""
    return sorted({(urlsplit(u).hostname or "").lower().removeprefix("www.") for u in urls})


def base_url(value: str) -> str:
    """`-a base=URL` of a sample site already served: an http(s) URL with a host."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SpiderArgumentError(f"-a base={value}: not an http(s) URL; expected e.g. http://127.0.0.1:8765")
    return value.rstrip("/")
