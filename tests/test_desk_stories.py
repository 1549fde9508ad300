"""Stories: one event or release across outlets is one story; different events on one day are not."""

from __future__ import annotations

import json
from itertools import groupby

import pytest

from newsbot.desk.archive import Archive
from newsbot.desk.grouping import pair_score
from newsbot.desk.outlets import outlet_of
from newsbot.desk.stories import headline_words
from tests.cli import ROOT
from tests.fars import articles, published_at, story_record

LABELS = [json.loads(line) for line in (ROOT / "tests/data/stories.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("body", "source_name", "outlet"),
    [
        ("به گزارش ایرنا از روابط عمومی سازمان تأمین اجتماعی، …", "کار و رفاه آنلاین", "ایرنا"),
        ("به گزارش ایلنا به نقل از روابط عمومی سازمان …", "کار و رفاه آنلاین", "ایلنا"),
        ("به گزارش خبرنگار اقتصادی خبرگزاری فارس، …", "کار و رفاه آنلاین", "فارس"),
        ("به گزارش خبرگزاری مهر، وزیر کار گفت …", "تابناک", "مهر"),
        ("به گزارش عصر ایران، …", "کار و رفاه آنلاین", "عصر ایران"),
        ("به گزارش کار و رفاه آنلاین از شیراز، …", "کار و رفاه آنلاین", "کار و رفاه آنلاین"),
        ("به گزارش روابط عمومی اداره کل، …", "خبرگزاری کار ایران (ایلنا)", "ایلنا"),
        ("تهران- به گزارش ایسنا، …", "تابناک", "ایسنا"),  # after a dateline
        ("وزیر کار در جمع خبرنگاران گفت که به گزارش ایرنا …", "تابناک", "تابناک"),  # not the opening
    ],
)
def test_outlet_is_the_agency_a_page_republishes(body, source_name, outlet):
    assert outlet_of({"body": body, "source_name": source_name, "site": "x"}) == outlet


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("افزایش مستمری بازنشستگان تأمین‌اجتماعی", "افزايش مستمري بازنشستگان تامين اجتماعي"),
        ("سرطان‌های شایع", "سرطان هاي شايع"),
    ],
)
def test_headline_words_fold_spellings(a, b):
    assert headline_words(a) == headline_words(b)


@pytest.mark.parametrize(
    ("link", "day"),
    [
        ("https://www.farsnews.ir/news/8707060255", "2008-09-27"),  # 1387-07-06
        ("https://www.farsnews.ir/news/13930914000202/x", "2014-12-05"),  # 1393-09-14
    ],
)
def test_corpus_dates_come_from_the_link(link, day):
    assert published_at({"link": link}).startswith(day)


@pytest.fixture(scope="module")
def labelled_days():
    """Every corpus article published on a day of a labelled group, grouped by a fresh archive."""
    corpus = dict(articles())
    days = {published_at(corpus[m])[:10] for g in LABELS for m in g["members"]}
    keys = [k for k, a in corpus.items() if published_at(a)[:10] in days]
    records = sorted((story_record(k, corpus[k]) for k in keys), key=lambda r: (r["published_at"], r["id"]))
    archive = Archive()
    return {r["id"]: archive.add(r) for r in records}, records


def test_no_two_different_events_of_a_day_are_merged(labelled_days):
    story_of, _ = labelled_days
    score = pair_score(story_of, [g["members"] for g in LABELS])
    assert score.precision == 1.0, score


def test_the_same_article_stored_twice_is_one_story(labelled_days):
    story_of, _ = labelled_days
    for group in (g for g in LABELS if g["kind"] == "repeat"):
        assert len({story_of[m] for m in group["members"]}) == 1, group["story"]


def test_some_reports_of_one_event_are_found(labelled_days):
    story_of, _ = labelled_days
    found = [g["story"] for g in LABELS if g["kind"] == "event" and len({story_of[m] for m in g["members"]}) == 1]
    assert "andimeshk-wrestling-final" in found and "digital-media-expo-1387" in found, found


def test_story_id_is_the_same_however_often_records_arrive(labelled_days):
    story_of, records = labelled_days
    again = Archive()
    for _, same_day in groupby(records, key=lambda r: r["published_at"][:10]):
        for record in reversed(list(same_day)):  # another order within each day
            again.add(record)
    regrouped = {r["id"]: again.story_for(r) for r in records}
    assert pair_score(regrouped, []).predicted_pairs == pair_score(story_of, []).predicted_pairs
