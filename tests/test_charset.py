"""Undeclared charsets: UTF-8 when valid, windows-1256 when the bytes read as Persian, a declared one first."""

import pytest

from newsbot.extract.charset import decode_html, guess_undeclared, meta_charset

PERSIAN = "سازمان تامین اجتماعی امروز اعلام کرد که مستمری بازنشستگان افزایش یافت. " * 2
# windows-1256 has no Persian yeh: pages in it use the Arabic one
PERSIAN_1256 = PERSIAN.replace("ی", "ي")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'<meta charset="windows-1256">', "windows-1256"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', "UTF-8"),
        (b"<html><head><title>x</title>", None),
    ],
)
def test_meta_charset(raw, expected):
    assert meta_charset(raw) == expected


def test_guess_utf8_first():
    assert guess_undeclared(PERSIAN.encode("utf-8")) == (PERSIAN, "utf-8")


def test_guess_cp1256_for_persian_bytes():
    assert guess_undeclared(PERSIAN_1256.encode("cp1256")) == (PERSIAN_1256, "cp1256")


def test_guess_gives_up_on_bytes_that_are_not_persian():
    assert guess_undeclared("Grüße aus Köln ".encode("latin-1")) is None


def test_decode_html_honours_the_declared_charset():
    raw = b'<meta charset="windows-1256"><p>' + PERSIAN_1256.encode("cp1256")
    assert PERSIAN_1256 in decode_html(raw)
