"""Canonical URLs and the stable article id derived from them."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track a click; removing them never changes the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "from",
        "source",
        "_ga",
        "_gl",
        "amp",
        "outputType",
    }
)


def _is_tracking(name: str) -> bool:
    return name.startswith("utm_") or name in TRACKING_PARAMS


def clean_url(url: str, base: str | None = None) -> str:
    """Absolutize against `base`, drop the fragment and tracking parameters; keep the path as the site spells it."""
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def url_key(url: str) -> str:
    """The form two URLs of the same article share: no scheme, no www., decoded path, no trailing slash."""
    parts = urlsplit(clean_url(url))
    host = parts.netloc.removeprefix("www.")
    path = quote(unquote(parts.path), safe="/%:@!$&'()*+,;=-._~").rstrip("/") or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{host}{path}" + (f"?{query}" if query else "")


def article_id(canonical_url: str) -> str:
    """Stable across runs and across http/https or www. variants of the same canonical URL."""
    return hashlib.sha1(url_key(canonical_url).encode("utf-8")).hexdigest()[:16]
