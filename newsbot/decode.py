"""Decode a response whose charset is not declared: UTF-8 when it is valid, windows-1256 for Persian bytes."""

from __future__ import annotations

import codecs

from scrapy.http import TextResponse

from newsbot.extract.charset import guess_undeclared, meta_charset


def declared_encoding(response: TextResponse) -> str | None:
    header = response.headers.get(b"Content-Type", b"") or b""
    if b"charset=" in header.lower():
        return header.lower().split(b"charset=")[-1].split(b";")[0].strip().decode("ascii", "ignore") or None
    return meta_charset(response.body)


# Scrapy decodes by a byte-order mark before any declared charset; UTF-32's marks begin like these
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def says_utf8(response: TextResponse) -> bool:
    """The page declares UTF-8, and Scrapy decodes it so (no UTF-16 byte-order mark overrides the declaration)."""
    encoding = declared_encoding(response)
    utf8 = encoding is not None and encoding.lower().replace("-", "").replace("_", "") == "utf8"
    return utf8 and not response.body.startswith(UTF16_BOMS)


def page_text(response: TextResponse) -> tuple[str, str]:
    """(text, encoding used). Scrapy's own guess falls back to cp1252, which turns Persian into mojibake."""
    if declared_encoding(response):
        return response.text, response.encoding
    return guess_undeclared(response.body) or (response.text, response.encoding)


# file signatures of what servers send as text/html by mistake: PDF, PNG, GIF, JPEG, ZIP/DOCX, gzip, WebP/WAV, MP3, MP4
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"ID3", b"OggS")


def looks_binary(body: bytes) -> bool:
    """True for a file that is not a web page whatever its Content-Type: a known signature, or NUL bytes."""
    head = body[:1024]
    if head.startswith(_BINARY_MAGIC) or head[4:8] == b"ftyp":
        return True
    return b"\x00" in head and not head.startswith(UTF16_BOMS)  # UTF-16 pages have NULs
