"""What a figure measures: real Fars sentences with the subject a reader gives each figure.

The rows are from tests/data/subjects.jsonl (figures in real sentences, the noun phrase each measures, read by
hand). SUBJECTS holds those the finder must give whole; `test_head_share` keeps the whole file from sliding back
(benchmarks/subjects.py prints the figures).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.facts.quantities import find_quantities
from newsbot.text.fold import squash
from newsbot.text.normalize import normalize_text

TABLE = Path(__file__).parent / "data" / "subjects.jsonl"

# (article key in subjects.jsonl, the figure's words, its subject as a reader gives it); the sentence is the
# row's own, read from the file
SUBJECTS = [
    ('fars-4-007', '28 کیلومتر', 'جاده آسفالته'),
    ('fars-4-007', '33 مرکز', 'مرکز دانشگاهی'),
    ('fars-4-007', '675 کلاس', 'کلاس درس'),
    ('fars-4-007', '6 هزار و 934 کلاس', 'کلاس درس'),
    ('fars-4-009', '54 درصد', 'طلاق'),
    ('fars-4-015', '14 ميليون تن', 'ظرفيت توليد فولاد كشور'),
    ('fars-4-016', 'یک هزار و ۷۱۸ بانوی', 'بانوی کردستانی'),
    ('fars-4-019', 'چهار هزار و 318 خانوار', 'خانوار'),
    ('fars-4-019', '51 درصد', 'زنان سرپرست خانوار'),
    ('fars-4-022', '41پايگاه', 'پايگاه ثابت'),
    ('fars-4-026', '9 هزار نفر', 'دانش\u200cآموزان'),
    ('fars-4-031', '9 هزار و 918 تن', 'كالا'),
    ('fars-4-037', 'يك ميليون و 613 هزار نفر', 'جمعيت'),
    ('fars-4-040', '224 صنف', 'صنف'),
    ('fars-4-048', '911 تن', 'پودر گوشت'),
    ('fars-4-048', '69 تن', 'عسل'),
    ('fars-4-049', '116 هزار تومان', 'قيمت سكه بهار آزادي طرح قديم'),
    ('fars-4-049', '2000 تومان', 'قيمت سكه بهار آزادي طرح قديم'),
    ('fars-4-049', '30هزار تومان', 'بهاي ربع سكه بهار آزادي'),
    ('fars-4-050', '100 هزار بسیجی', 'بسیجی'),
    ('fars-4-050', '30 سردار', 'سردار شهید'),
    ('fars-4-050', '8 سال', 'دفاع مقدس'),
    ('fars-4-052', '500 هزار ریال', 'کمک موردی'),
    ('fars-4-053', '60 هزار مترمربع', 'رواق\u200cها'),
    ('fars-4-053', '7 هزار مترمربع', 'زميني'),
    ('fars-4-065', '۶۱۷ تن', 'برنج'),
    ('fars-4-065', 'یک میلیارد ریال', 'جریمه نقدی'),
    ('fars-4-067', '92 روز', 'ماهواره'),
    ('fars-4-068', '۲۰۰ نفر', 'بستری های کرونا'),
    ('fars-4-068', '۳۴۶ بسته', 'بسته بهداشتی'),
    ('fars-4-068', 'سه هزار و ۵۲۰ بسته', 'بسته معیشتی'),
    ('fars-4-074', '40 درصد', 'توليد سيمان'),
    ('fars-4-074', '21 ميليون و 300 هزار تن', 'توليد سيمان'),
    ('fars-4-074', 'سي ميليون تن', 'توليد سيمان'),
    ('fars-4-076', '80 درصد', 'برنامه\u200cهاي شبكه مازندران'),
    ('fars-4-080', '110 درصد', 'خودرو'),
    ('fars-4-080', '42 درصد', 'احشام'),
    ('fars-4-080', '23 درصد', 'کیف\u200cقاپی'),
    ('fars-4-081', '70 نفر', 'جوانان روستا'),
    ('fars-4-081', '200 نفر', 'جمعیت جوان روستا'),
    ('fars-4-083', '13.5 ميليون گردشگر', 'گردشگر'),
    ('fars-4-083', 'يك فروند', 'بالگرد هوايي'),
    ('fars-4-091', '2600 میلیارد تومان', 'درآمد بنادر'),
    ('fars-4-091', '4 پروژه', 'پروژه سرمایه گذاری بخش خصوصی'),
    ('fars-4-097', '243 میلیون تومان', 'طرح هادی روستای تینوج'),
    ('fars-4-097', 'پنج طرح', 'طرح هادی روستایی'),
    ('fars-4-104', '50 هزار لیتر', 'سوخت'),
    ('fars-4-104', '۷۰۰ تولیدکننده', 'تولیدکننده'),
    ('fars-4-105', '18 نفر', 'پرسنل كلانتري بانوان'),
    ('fars-4-111', '3 روستاي', 'روستاي شهرستان نكا'),
    ('fars-4-111', '152 واحد', 'واحد مسكوني'),
    ('fars-4-126', '۳۷ درصد', 'جمعیت استان'),
    ('fars-4-126', '117 هزار و 52 مستمری\u200cبگیر', 'مستمری\u200cبگیر اصلی'),
    ('fars-4-126', '۱۰ درصد', 'جمعیت استان'),
    ('fars-4-126', '۱۸ هزار بستری', 'بستری'),
    ('fars-4-126', '۹ هزار عمل', 'عمل جراحی'),
    ('fars-4-128', '50 هزار واحد', 'واحد تولیدی'),
    ('fars-4-128', '20 هزار واحد', 'واحد تولیدی'),
    ('fars-4-129', 'یک درصد', 'سالمندان'),
    ('fars-4-135', 'سه هزار نيروي', 'نيروي نظامي'),
    ('fars-4-135', '36 كشتي', 'كشتي جنگي'),
    ('fars-4-135', 'دو زيردريايي', 'زيردريايي'),
    ('fars-4-135', '120 نفر', 'خدمه'),
    ('fars-4-136', '14 میلیون تومان', 'قیمت کمان جدید'),
    ('fars-4-163', '871 ميليارد دلار', 'ذخاير ارزي ژاپن'),
    ('fars-4-172', '62 میلیون دلار', 'غرامت'),
    ('fars-4-174', '40 درصد', 'فضای تولیدی کشور'),
    ('fars-4-174', '35 هکتار', 'اراضی امام رضا'),
    ('fars-4-175', '360 هزار تومان', 'قیمت انشعاب برق'),
    ('fars-4-188', '300 هزار تن', 'ورق'),
    ('fars-4-189', '8 میلیون و 300 هزار لیتر', 'سوخت'),
    ('fars-4-199', '1/6 درصد', 'نرخ بيكاري'),
    ('fars-4-221', '35 دستگاه', 'رایانه'),
    ('fars-4-228', '۳۵ هزار میلیارد تومان', 'سرمایه\u200cگذاری'),
    ('fars-4-228', '23 هزار دستگاه', 'واگن باری'),
    ('fars-4-228', '1680 دستگاه', 'واگن مسافری'),
    ('fars-4-228', '490 دستگاه', 'لکوموتیو'),
    ('fars-4-228', '800 دستگاه', 'لوکوموتیوهای موجود'),
    ('fars-4-238', '15 هزار متقاضي', 'متقاضي تلفن همراه'),
    ('fars-4-241', '3 میلیارد تومان', 'تجهیزات'),
    ('fars-4-243', '350 نفر', 'ائمه جماعات نمونه استان تهران'),
    ('fars-4-243', '150 نفر', 'اعضاي هيات امناهاي موفق استان تهران'),
    ('fars-4-247', '۴۸۱۱ متری', 'قله'),
    ('fars-4-258', '۲ میلیارد ریال', 'تسهیلات دریافتی'),
    ('fars-4-260', '50 درصد', 'تلفات'),
    ('fars-4-263', '۷۰ درصد', 'نیاز نهاده\u200cهای دامی کشور'),
    ('fars-4-263', '۹۵ هزار تن', 'مصرف داخل استان'),
    ('fars-4-264', '۲۷۵ فقره', 'درخواست کمک'),
    ('fars-4-265', 'یک میلیون و 323 کد', 'کد پستی'),
    ('fars-4-265', '137 هزار  و 9 صندوق', 'صندوق'),
    ('fars-4-268', '2 هزار و400 نفر', 'فرهنگيان'),
    ('fars-4-270', '18 ايستگاه', 'ايستگاه خودكار هواشناسي'),
    ('fars-4-277', '10 هزار واحد', 'واحد مسكوني'),
    ('fars-4-298', '70 نفر', 'فعالان قرآني'),
    ('fars-4-297', '72 دستگاه', 'موتورسیکلت'),
    ('fars-4-224', '30 هزار تن', 'گندم'),
    ('fars-4-248', '6 هزار كارگر', 'كارگر'),
]  # fmt: skip


ROWS = [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _subject(sentence: str, figure: str, nth: int = 0) -> tuple[bool, str | None]:
    """(found, subject) of the `nth` fact of the normalized sentence whose words hold `figure`'s."""
    want = squash(figure)
    hits = [f for f in find_quantities(normalize_text(sentence)) if want in squash(f.text) or squash(f.text) in want]
    return (True, hits[nth].subject) if len(hits) > nth else (False, None)


def _nth(i: int) -> int:
    """Which mention of its figure row `i` of the file is, when a sentence states the same figure twice."""
    row = ROWS[i]
    return sum(1 for r in ROWS[:i] if r["sentence"] == row["sentence"] and r["figure"] == row["figure"])


def _row(n: int) -> int:
    """The file row that SUBJECTS[n] stands for (the same figure said twice in one article: taken in order)."""
    triple = SUBJECTS[n]
    same = [i for i, r in enumerate(ROWS) if (r["key"], r["figure"], r["subject"]) == triple]
    return same[SUBJECTS[:n].count(triple)]


@pytest.mark.parametrize("n", range(len(SUBJECTS)))
def test_subject(n: int) -> None:
    i = _row(n)
    found, got = _subject(ROWS[i]["sentence"], ROWS[i]["figure"], _nth(i))
    assert found, ROWS[i]["figure"]
    assert got is not None and squash(got) == squash(SUBJECTS[n][2])


def test_table_is_large_enough() -> None:
    assert len(SUBJECTS) >= 60
    assert len({ROWS[_row(n)]["sentence"] for n in range(len(SUBJECTS))}) >= 60  # sixty sentences, not a few


def test_head_share() -> None:
    """Over every row of the file, the subject holds the gold head word for at least 68 % of the figures found."""
    found = heads = 0
    for i, row in enumerate(ROWS):
        ok, got = _subject(row["sentence"], row["figure"], _nth(i))
        found += ok
        heads += ok and got is not None and squash(row["head"]) in squash(got)
    assert found >= 200
    assert heads / found >= 0.68, f"{heads}/{found}"
