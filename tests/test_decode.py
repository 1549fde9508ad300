"""newsbot/decode.py: which pages the spider may screen as their UTF-8 bytes, and what is not a web page."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from newsbot.decode import looks_binary, says_utf8

PAGE = "<p>سازمان تأمین اجتماعی</p>"
UTF8 = [
    # (Content-Type header, body, screened as UTF-8 bytes)
    ("text/html; charset=utf-8", PAGE.encode(), True),
    ("text/html; charset=UTF8", PAGE.encode(), True),
    ("text/html; charset=utf_8", PAGE.encode(), True),
    ("text/html", b'<meta charset="utf-8">' + PAGE.encode(), True),
    ("text/html; charset=utf-8", PAGE.encode("utf-16"), False),  # Scrapy decodes by the byte-order mark
    ("text/html; charset=utf-8", PAGE.encode("utf-32"), False),
    ("text/html; charset=windows-1256", PAGE.replace("ی", "ي").encode("cp1256"), False),
    ("text/html", PAGE.encode(), False),  # undeclared: guessed, then decoded
]


@pytest.mark.parametrize(("header", "body", "utf8"), UTF8)
def test_which_pages_are_screened_as_utf8_bytes(header: str, body: bytes, utf8: bool) -> None:
    response = HtmlResponse("https://example.ir/news/1", body=body, headers={"Content-Type": header})
    assert says_utf8(response) is utf8


@pytest.mark.parametrize(
    ("body", "binary"),
    [(b"%PDF-1.7 ...", True), (b"<html>\x00</html>", True), (PAGE.encode("utf-16"), False), (PAGE.encode(), False)],
)
def test_what_is_not_a_web_page(body: bytes, binary: bool) -> None:
    assert looks_binary(body) is binary
