"""The archive: Persian full-text search over folded text, filters, newest first, records stored once."""

from __future__ import annotations

import pytest

from newsbot.desk.archive import Archive, fts_query

# One article per spelling the issue names, plus ones that must not match.
ARTICLES = [
    ("a1", "2025-09-28T10:00:00+03:30", "irna", "افزایش مستمری بازنشستگان تأمین‌اجتماعی", "متن خبر درباره مستمری."),
    ("a2", "2025-09-29T10:00:00+03:30", "ilna", "خبر بیمه", "سازمان تأمين اجتماعي اعلام کرد که بیمه‌شدگان…"),
    ("a3", "2025-09-30T09:00:00+03:30", "irna", "شعبه جدید", "مدیرکل تامین‌اجتماعی استان گفت: شعبه افتتاح شد."),
    ("a4", "2025-09-30T11:00:00+03:30", "mehr", "تامین مالی مترو", "تامین مالی خط ۱۰ متروی تهران و امنیت اجتماعی."),
    ("a5", "2025-10-01T08:00:00+03:30", "mehr", "بیمه‌شدگان", "در تأمیناجتماعی (نیم‌فاصله افتاده) …"),
]


def _record(aid: str, when: str, site: str, title: str, body: str) -> dict:
    return {"id": aid, "site": site, "source_name": site, "url": f"https://{site}.ir/{aid}", "title": title,
            "lead": None, "body": body, "published_at": when, "facts": [], "people": [], "places": []}  # fmt: skip


@pytest.fixture()
def archive() -> Archive:
    archive = Archive()
    for row in ARTICLES:
        archive.add(_record(*row))
    return archive


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("تامین اجتماعی", ["a5", "a3", "a2", "a1"]),  # newest first; a4 has both words, not the phrase
        ("تأمین‌اجتماعی", ["a5", "a3", "a2", "a1"]),
        ("تأمين اجتماعي", ["a5", "a3", "a2", "a1"]),
        ("تامین‌اجتماعی", ["a5", "a3", "a2", "a1"]),
        ("تامين  اجتماعى", ["a5", "a3", "a2", "a1"]),  # Arabic yeh and alef maksura, two spaces
        ("بیمه شدگان", ["a5", "a2"]),  # «بیمه‌شدگان» with its joiner
        ("تامین مالی", ["a4"]),
        ("مستمری", ["a1"]),
    ],
)
def test_every_spelling_finds_the_same_articles(archive, query, expected):
    assert [h.id for h in archive.search([query])] == expected


def test_phrases_are_all_required(archive):
    assert [h.id for h in archive.search(["تامین اجتماعی", "شعبه"])] == ["a3"]


def test_day_and_site_filters(archive):
    assert [h.id for h in archive.search(["تامین اجتماعی"], day_from="2025-09-29", day_to="2025-09-30")] == ["a3", "a2"]
    assert [h.id for h in archive.search(["تامین اجتماعی"], site="irna")] == ["a3", "a1"]


def test_snippet_quotes_the_records_own_characters(archive):
    (hit,) = archive.search(["تامين اجتماعي"], site="ilna")
    assert "تأمين اجتماعي" in hit.snippet  # as the outlet wrote it, not the folded form


def test_storing_a_record_again_replaces_it(archive):
    archive.add(_record("a1", "2025-09-28T10:00:00+03:30", "irna", "عنوان تازه", "متن تازه درباره کارگران."))
    assert archive.count() == len(ARTICLES)
    assert [h.id for h in archive.search(["کارگران"])] == ["a1"]
    assert archive.search(["مستمری بازنشستگان"]) == []


def test_facts_people_places_and_dropped_are_kept():
    archive = Archive()
    record = _record("b1", "2025-09-28T10:00:00+03:30", "irna", "عنوان", "متن")
    record["facts"] = [{"type": "percent", "value": 45, "unit": None, "currency": None, "qualifier": "exact",
                        "text": "۴۵ درصد", "sentence": "…", "subject": "مستمری", "province": None, "mentions": 2}]
    record["people"] = [{"name": "حمید رستگار", "role": "معاون درمان", "honorific": None}]
    record["places"] = [{"name": "یزد", "kind": "province", "province": "یزد"}]
    archive.add(record)
    archive.add_dropped("https://x.ir/1", "x", "bad_date", "bad_date: no date", "عنوان", None, {"tier": "about"})
    db = archive.db
    assert db.execute("SELECT value, mentions FROM facts").fetchall() == [(45.0, 2)]
    assert db.execute("SELECT name, role FROM people").fetchall() == [("حمید رستگار", "معاون درمان")]
    assert db.execute("SELECT province FROM places").fetchall() == [("یزد",)]
    assert [(d["reason"], d["relevance_tier"]) for d in archive.dropped()] == [("bad_date", "about")]


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_empty_query_is_refused(query):
    with pytest.raises(ValueError):
        fts_query([query])


def test_datasette_metadata_names_only_what_the_archive_has():
    import json

    from tests.cli import ROOT

    metadata = json.loads((ROOT / "deploy/datasette-metadata.json").read_text(encoding="utf-8"))
    db = Archive().db
    tables = metadata["databases"]["archive"]["tables"]
    for table, conf in tables.items():
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        assert columns, table
        named = [f if isinstance(f, str) else f["array"] for f in conf.get("facets", [])]
        named += list(conf.get("columns", {})) + [conf[k] for k in ("label_column", "sort_desc") if k in conf]
        assert set(named) <= columns, (table, set(named) - columns)
    assert tables["articles"]["fts_table"] == "articles_fts"


def test_an_archive_of_another_layout_is_refused_in_one_line(tmp_path):
    import sqlite3

    old = tmp_path / "archive.sqlite"
    sqlite3.connect(old).execute("CREATE TABLE articles (id TEXT)")
    with pytest.raises(RuntimeError) as err:
        Archive(old)
    assert "move it aside" in str(err.value) and "\n" not in str(err.value)
    again = Archive(tmp_path / "new.sqlite")
    again.close()
    assert Archive(tmp_path / "new.sqlite").count() == 0  # its own layout opens again
