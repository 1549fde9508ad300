"""The outlet's name: which name a page gives itself, and stripping it from a headline.

Pages write «X - title», «title | X», «title - X», «خبرگزاری … - title», sometimes twice
(«title | X | Latin name»). A segment is stripped only from either end, only when another segment is left,
and only when it is the outlet: one of the names the page or its definition gives, a name built like an
outlet's («خبرگزاری …», «پایگاه خبری …», «روزنامه …»), or a Latin brand (the host's name, «… News Agency»).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsbot.extract.html_text import text_key as key
from newsbot.text.fold import fold

# «title - X», «title | X», «X – title», «title :: X», «title » X»; a hyphen inside a word never splits
SEPARATOR = re.compile(r"(\s*\|\s*|\s+[-–—]\s+|\s*::\s*|\s+[»›]\s+)")
# the shape of an outlet's name (folded: Arabic letters unified, non-joiners as spaces)
OUTLET_SHAPE = re.compile(
    fold(
        r"^(خبرگزاری|پایگاه (خبری|اطلاع رسانی|تحلیلی|اطلاع رسانی و خبری)|روزنامه|سایت (خبری|تحلیلی)|"
        r"باشگاه خبرنگاران|شبکه (خبر|اطلاع رسانی)|رسانه|هفته ?نامه|ماهنامه|خبرنامه)( |$)"
    )
)
# «تجارت نیوز», «همشهری آنلاین», «اقتصادآنلاین»: a short name ending like an outlet's
OUTLET_ENDING = re.compile(fold(r"^\S+( \S+)?( ?(نیوز|آنلاین|انلاین|پرس|نیوزآنلاین))$"))
LATIN_BRAND = re.compile(r"^[A-Za-z0-9 .&'_-]+$")
LATIN_OUTLET_WORDS = re.compile(r"(news|agency|online|press|\.ir\b|\.com\b|\btv\b|daily|times)", re.I)
PERSIAN = re.compile(r"[\u0600-\u06ff]")


def name_variants(names: list[str | None]) -> set[str]:
    """Comparison keys for each name and for the parts of it («X | Y | Latin», «name (abbr)»)."""
    out: set[str] = set()
    for name in names:
        if not name:
            continue
        pieces = [name, *SEPARATOR.split(name)[::2]]
        pieces += re.findall(r"\(([^)]+)\)", name) + [re.sub(r"\s*\([^)]*\)\s*", " ", name)]
        pieces += re.split(r"\s*،\s*", name)
        out |= {key(p) for p in pieces if len(key(p)) >= 2}
    return out


def _host_label(url: str | None) -> str:
    host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    return host.split(".")[0] if host else ""


def is_outlet_name(segment: str, names: set[str], url: str | None = None, persian_title: bool = True) -> bool:
    k = key(segment)
    if not k:
        return False
    if k in names:
        return True
    if (OUTLET_SHAPE.match(k) and len(k.split()) <= 7) or OUTLET_ENDING.match(k):
        return True
    if persian_title and LATIN_BRAND.match(segment.strip()):
        compact = re.sub(r"[\s._-]", "", segment).lower()
        label = _host_label(url).replace("-", "")
        if label and len(label) >= 3 and (label in compact or compact in label):
            return True
        if LATIN_OUTLET_WORDS.search(segment) and len(segment.split()) <= 5:
            return True
    return False


def strip_outlet_name(title: str, names: list[str | None], url: str | None = None) -> str:
    """`title` without the outlet's name at its start or end."""
    parts = SEPARATOR.split(title)
    if len(parts) < 3:
        return title
    variants = name_variants(names)
    persian = bool(PERSIAN.search(title))
    segments, seps = parts[::2], parts[1::2]
    while len(segments) > 1 and is_outlet_name(segments[-1], variants, url, persian):
        segments, seps = segments[:-1], seps[:-1]
    while len(segments) > 1 and is_outlet_name(segments[0], variants, url, persian):
        segments, seps = segments[1:], seps[1:]
    out = segments[0]
    for sep, seg in zip(seps, segments[1:], strict=True):
        out += sep + seg
    return out.strip() or title


def first_name(value: str | None) -> str | None:
    """The outlet's own name from a site-name field («خبرگزاری مهر | اخبار ایران و جهان | Mehr News Agency»)."""
    if not value or not value.strip():
        return None
    segments = [s.strip() for s in re.split(r"\s*،\s*", SEPARATOR.split(value.strip())[0]) if s.strip()]
    all_segments = [s.strip() for s in SEPARATOR.split(value)[::2] if s.strip()]
    for seg in segments + all_segments:
        if PERSIAN.search(seg):
            return seg
    return all_segments[0] if all_segments else None


def host_name(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return host or None
