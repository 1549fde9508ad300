"""Every saved capture under tests/data/saved/ must still give its saved record (tests/data/saved/README.md).

A capture is DIR/<site>/<date>_<id>.html (the page as fetched), .fetch.json (URL, Content-Type) and .json
({"expected": {field: value}}). The page goes through record_from_page with its site's definition and each
field present in "expected" must match; a field left out is not checked. `scrapy canary --save DIR` writes
captures in this layout, so each outlet's definition is checked on real pages as soon as someone has them.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from newsbot.commands.canary import PageSaver, capture_response, capture_text
from newsbot.record import record_from_page
from newsbot.sites.registry import get_site
from newsbot.text.normalize import normalize_text

SAVED = Path(__file__).parent / "data" / "saved"
NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_[0-9a-z]+(-\d+)?\.html$")
TIMES = ("published_at", "modified_at")  # compared to the minute: gold read off a page has no seconds


def captures(root: Path) -> list[Path]:
    return sorted(root.glob("*/*.html"))


def _same_text(expected: str, actual: str, how: str = "equal") -> bool:
    """As written, or once newsbot's normalization has run on the expected text (gold copied off the page)."""
    for want in dict.fromkeys((expected, normalize_text(expected))):
        if (how == "equal" and actual == want) or (how == "start" and actual.startswith(want)):
            return True
        if how == "end" and actual.endswith(want):
            return True
    return False


def _same_minute(expected: str | None, actual: str | None) -> bool:
    if expected is None or actual is None:
        return expected == actual
    want, got = datetime.fromisoformat(expected), datetime.fromisoformat(actual)
    return want.utcoffset() == got.utcoffset() and want.replace(second=0, microsecond=0) == got.replace(
        second=0, microsecond=0
    )


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        return _same_text(expected, actual)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(_same(e, a) for e, a in zip(expected, actual, strict=True))
    return expected == actual


def mismatches(expected: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """One line per field of `expected` that the record does not match (empty: the capture passes)."""
    body = record.get("body") or ""
    problems = []
    for field, want in expected.items():
        if field == "body_start":
            ok, got = _same_text(want, body, "start"), body[: len(want) + 20]
        elif field == "body_end":
            ok, got = _same_text(want, body, "end"), body[-len(want) - 20 :]
        elif field == "body_chars":
            ok, got = want == len(body), len(body)
        elif field == "body_sha256":
            ok, got = want == hashlib.sha256(body.encode("utf-8")).hexdigest(), "(other text)"
        elif field not in record:
            ok, got = False, "(not a record field)"
        elif field in TIMES:
            ok, got = _same_minute(want, record[field]), record[field]
        else:
            ok, got = _same(want, record[field]), record[field]
        if not ok:
            problems.append(f"{field}: saved {want!r}, got {got!r}")
    return problems


def check_capture(html: Path) -> list[str]:
    """Layout problems, or else the record's mismatches, for one saved page."""
    site_key = html.parent.name
    fetch_path, record_path = html.with_suffix(".fetch.json"), html.with_suffix(".json")
    if not NAME.match(html.name):
        return [f"{html.name}: not <YYYY-MM-DD>_<id>[-N].html"]
    missing = [p.name for p in (fetch_path, record_path) if not p.exists()]
    if missing:
        return [f"incomplete capture, missing {', '.join(missing)}"]
    fetch = json.loads(fetch_path.read_text(encoding="utf-8"))
    saved = json.loads(record_path.read_text(encoding="utf-8"))
    raw = html.read_bytes()
    if fetch.get("sha256") and fetch["sha256"] != hashlib.sha256(raw).hexdigest():
        return ["the .html is not the bytes that were saved (sha256 differs from .fetch.json)"]
    if saved.get("site") != site_key:
        return [f"saved under {site_key}/ but its record says site {saved.get('site')!r}"]
    response = capture_response(html)
    record = record_from_page(capture_text(response), response.url, get_site(site_key))
    return mismatches(saved["expected"], record)


@pytest.mark.parametrize("html", captures(SAVED), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_saved_page_gives_its_saved_record(html):
    assert check_capture(html) == []


def test_the_saved_set_has_the_real_pages():
    sites = {p.parent.name for p in captures(SAVED)}
    assert {"khabaronline", "yjc"} <= sites
    assert not list(SAVED.rglob("*.part"))


def test_a_wrong_field_is_reported():
    html = next(p for p in captures(SAVED) if p.parent.name == "khabaronline")
    response = capture_response(html)
    record = record_from_page(capture_text(response), response.url, get_site("khabaronline"))
    expected = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))["expected"]
    assert mismatches(expected, record) == []
    wrong = {**expected, "title": "عنوان دیگر", "body_start": "متن دیگر", "published_at": "2020-02-18T07:55:00+03:30"}
    assert [m.split(":")[0] for m in mismatches(wrong, record)] == ["title", "published_at", "body_start"]


# the saver itself, offline


def _response(body: bytes) -> HtmlResponse:
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return HtmlResponse(url="https://www.khabaronline.ir/news/1353889/x", body=body, headers=headers)


def test_saver_never_overwrites_and_leaves_no_part(tmp_path):
    page = next((SAVED / "khabaronline").glob("*.html")).read_bytes()
    site = get_site("khabaronline")
    when = datetime.fromisoformat("2026-01-02T03:04:05+00:00")
    saver = PageSaver(tmp_path)
    first = saver.save(_response(page), site, now=when)
    assert first is not None and first.name.startswith("2026-01-02_") and NAME.match(first.name)
    assert saver.save(_response(page), site, now=when) is None  # the same bytes again: nothing new
    changed = page.replace("انتخابات".encode(), "انتخابات ".encode(), 1)
    second = saver.save(_response(changed), site, now=when)
    assert second is not None and second.stem == first.stem + "-2"
    assert first.read_bytes() == page and second.read_bytes() == changed
    assert not list(tmp_path.rglob("*.part"))
    fetch = json.loads(first.with_suffix(".fetch.json").read_text(encoding="utf-8"))
    assert fetch["content_type"] == "text/html; charset=utf-8" and fetch["url"].endswith("/1353889/x")
    for html in (first, second):
        assert check_capture(html) == []


def test_canary_save_on_the_sample_site_round_trips(sample_canary):
    """`scrapy canary sample --save DIR` writes captures in the layout, and each gives back its record."""
    proc, out = sample_canary
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    pages = captures(out)
    assert pages and {p.parent.name for p in pages} == {"sample"}
    assert f"canary: saved {len(pages)} page(s)" in proc.stdout
    assert not list(out.rglob("*.part"))
    for html in pages:
        saved = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
        assert {"title", "url", "published_at", "body_sha256"} <= set(saved["expected"])
        assert check_capture(html) == [], html.name
