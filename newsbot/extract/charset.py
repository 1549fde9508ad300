"""Decode HTML bytes whose charset may be undeclared: UTF-8 when valid, else windows-1256 (older Persian sites)."""

from __future__ import annotations

import re

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*['\"]?([\w-]+)", re.I)
_PERSIAN = re.compile(r"[\u0600-\u06FF]")
MIN_PERSIAN_LETTERS = 20  # fewer, and windows-1256 is only a guess that may be wrong


def meta_charset(raw: bytes) -> str | None:
    """The charset a <meta> tag near the top declares, if any."""
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii", "ignore") or None if m else None


def guess_undeclared(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) for bytes with no declared charset, or None when neither guess is convincing."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1256", errors="replace")
    if len(_PERSIAN.findall(text[:20000])) > MIN_PERSIAN_LETTERS:
        return text, "cp1256"
    return None


def decode_html(raw: bytes) -> str:
    """A saved page: its declared charset, else UTF-8, else windows-1256."""
    declared = meta_charset(raw)
    if declared:
        try:
            return raw.decode(declared, errors="replace")
        except LookupError:
            pass
    guessed = guess_undeclared(raw)
    return guessed[0] if guessed else raw.decode("cp1256", errors="replace")
