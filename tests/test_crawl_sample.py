"""End to end: `scrapy crawl sample` through the real command line, twice, against the bundled site."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from tests.cli import FAST, MANIFEST, ROOT, expected_paths, free_port, scrapy

SCHEMA = json.loads((ROOT / "newsbot/schema/article.schema.json").read_text(encoding="utf-8"))
PORT = free_port()


def crawl(tmp: Path, out: str, *extra: str) -> tuple[subprocess.CompletedProcess, list[dict], dict]:
    proc = scrapy(
        "crawl",
        "sample",
        "-O",
        str(tmp / out),
        "-s",
        f"NEWSBOT_STATE={tmp / 'state.sqlite'}",
        *FAST,
        "-s",
        f"NEWSBOT_SAMPLE_PORT={PORT}",
        *extra,
    )
    out_path = tmp / out
    records = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = json.loads(out_path.with_suffix(".report.json").read_text(encoding="utf-8"))
    return proc, records, report


def articles():
    return [a for a in MANIFEST["articles"]]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    first = crawl(tmp, "first.jsonl")
    second = crawl(tmp, "second.jsonl")
    return first, second


def retried_paths() -> set[str]:
    """Relevant pages dropped for a fault of the page (no body, no date): later runs try them again."""
    return {a["path"] for a in articles() if a.get("broken") in ("no_body", "bad_date") and a["relevant"]}


def _path(url: str) -> str:
    return urlsplit(url).path


def test_first_run_exits_zero(runs):
    (proc, _, _), _ = runs
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_every_relevant_article_exactly_once(runs):
    (_, records, _), _ = runs
    paths = [_path(r["url"]) for r in records]
    assert len(paths) == len(set(paths))
    assert len({r["id"] for r in records}) == len(records)
    assert set(paths) == expected_paths()


def test_records_validate_against_schema(runs):
    (_, records, _), _ = runs
    assert records
    for record in records:
        jsonschema.validate(record, SCHEMA)


def test_dates_right_to_the_minute_with_offset(runs):
    (_, records, _), _ = runs
    by_path = {a["path"]: a for a in articles()}
    for record in records:
        expected = by_path[_path(record["url"])]["published_at"]
        assert record["published_at"][:16] + record["published_at"][-6:] == expected[:16] + expected[-6:], record["url"]


# Where a record's title is not the page's as written: the windows-1256 page has Arabic yeh (ي), records
# Persian yeh (ی). Typed from the page, not taken from the normalizer.
TITLES_AS_RECORDED = {
    "/news/1023.html": "تمدید اعتبار دفترچه\u200cهای درمانی بیمه\u200cشدگان تامین اجتماعی تا پایان سال",
}


def test_titles_match_pages(runs):
    (_, records, _), _ = runs
    by_path = {a["path"]: a for a in articles()}
    for record in records:
        path = _path(record["url"])
        assert record["title"] == TITLES_AS_RECORDED.get(path, by_path[path]["title"]), path


def test_same_release_on_two_outlets_marked_duplicate(runs):
    (_, records, _), _ = runs
    by_path = {_path(r["url"]): r for r in records}
    pairs = [(a["path"], a["duplicate_of_path"]) for a in articles() if a.get("duplicate_of_path")]
    assert pairs
    marked = {p for p, r in by_path.items() if r["duplicate_of"]}
    for path, original in pairs:
        # whichever of the two the crawl reached second points at the other
        a, b = by_path[path], by_path[original]
        assert a["duplicate_of"] == b["id"] or b["duplicate_of"] == a["id"]
    assert len(marked) == len(pairs)


def test_broken_pages_are_counted_drops_with_reasons(runs):
    (_, _, report), _ = runs
    reasons = {**report["dropped"], **report["skipped"]}
    kinds = {a["broken"] for a in articles() if a.get("broken")}
    expect = {"no_body": "no_body", "bad_date": "bad_date", "empty": "empty_page"}
    for kind, stat in expect.items():
        if kind in kinds:
            assert reasons.get(stat, 0) >= 1, (kind, reasons)
    if "not_article" in kinds:
        assert sum(v for k, v in report["skipped"].items() if k in {"gallery", "listing", "error_page"}) >= 1
    if "missing" in kinds:
        assert report["errors"].get("http_404", 0) >= 1
    assert reasons.get("irrelevant", 0) >= sum(1 for a in articles() if not a["relevant"] and not a.get("broken"))


def test_cp1256_page_decoded(runs):
    (_, records, _), _ = runs
    cp = [a["path"] for a in articles() if a["charset"] == "cp1256" and a["relevant"]]  # the manifest's name
    assert cp == ["/news/1023.html"]
    by_path = {_path(r["url"]): r for r in records}
    for path in cp:
        assert "تامین" in by_path[path]["body"] or "تأمین" in by_path[path]["body"]


def test_second_run_emits_nothing_and_fetches_no_article(runs):
    first, (proc, records, report) = runs
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert records == []
    assert report["articles_parsed"] == len(retried_paths()) == 2  # the relevant-looking drops, tried again
    assert report["articles_found"] == first[2]["articles_found"]
    assert report["already_handled"] == report["articles_found"] - len(retried_paths())
    assert report["requests"] < first[2]["requests"]


def test_bodies_hold_no_boilerplate_kicker_or_headline(runs):
    """Issue 9: end markers in any spelling, kickers, the headline and the manifest's listed leftovers stay out."""
    (_, records, _), _ = runs
    from newsbot.text.fold import squash

    by_path = {a["path"]: a for a in articles()}
    end_markers = [squash("انتهای پیام"), squash("انتهاي پيام")]  # squash folds ي/ی and spacing: every spelling
    for record in records:
        page = by_path[_path(record["url"])]
        body = squash(record["body"])
        assert not any(m in body for m in end_markers), record["url"]
        for text in page.get("body_must_not_contain", []):
            assert squash(text) not in body, (record["url"], text)
        # kicker and headline may recur inside a sentence, never as a paragraph of their own
        paragraphs = {squash(p).rstrip(":") for p in record["body"].split("\n\n")}
        for text in (page["title"], page.get("kicker")):
            if text:
                assert squash(text).rstrip(":") not in paragraphs, (record["url"], text)
        # the body opens with the article's first paragraph, not a header line
        first = page["body_paragraphs"][0] if page.get("body_paragraphs") else None
        if first:
            assert body.startswith(squash(first)[:40]), record["url"]


def test_no_record_modified_before_published(runs):
    (_, records, _), _ = runs
    from datetime import datetime

    for record in records:
        if record.get("modified_at"):
            published = datetime.fromisoformat(record["published_at"])
            assert datetime.fromisoformat(record["modified_at"]) >= published, record["url"]


def test_dropped_pages_are_tried_a_bounded_number_of_times(runs, tmp_path):
    """Two runs dropped the relevant broken pages already: with a limit of two, the third fetches no article."""
    first, _ = runs
    tmp = Path(first[2]["output"]).parent
    proc, records, report = crawl(tmp, "third.jsonl", "-s", "NEWSBOT_RETRY_DROPPED=2")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert records == [] and report["articles_parsed"] == 0
    assert report["already_handled"] == report["articles_found"]
