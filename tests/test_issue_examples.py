"""Every example of the facts issue (real news faults) as a row with its expected output."""

from __future__ import annotations

import pytest

from newsbot.facts import extract_facts
from newsbot.facts.people import find_people
from newsbot.facts.quantities import find_quantities
from newsbot.facts.relevance import score_relevance

# (sentence, [(type, value, unit, currency)]) — units in base form, nothing after them
FIGURES = [
    ("بیمارستان ۱۲۸ تختخوابی مرودشت افتتاح شد", [("count", 128, "تخت", None)]),
    ("بیمارستان ۲۲۰ تختخوابی تأمین اجتماعی", [("count", 220, "تخت", None)]),
    ("۱۲ بیمارستان در استان فعال است", [("count", 12, "بیمارستان", None)]),
    ("۳ میلیون بیمه‌شده اصلی تحت پوشش هستند", [("count", 3_000_000, "بیمه‌شده", None)]),
    ("مصوبه مجلس ۹۴ تصمیم را تغییر داد", []),
    ("موتورسیکلت سی بی ۴۰۰ توقیف شد", []),
    ("این حادثه در ۲۵ فبروری ۲۰۲۴ رخ داد", []),
    ("در ۲۵ حمل ۱۴۰۲ جلسه برگزار شد", []),
    ("در سال ۹۹ بودجه تصویب شد", []),
    ("در ۱۳۹۹ قانون اجرا شد", []),
    ("حتی یک روز در پرداخت مستمری تأخیر نداشته‌ایم", []),
    ("اگر ۱۰ درصد افزایش یابد مشکل حل می‌شود", []),
    ("افراد ۴۰ تا ۶۹ ساله غربالگری می‌شوند", [("age", 40, "سال", None), ("age", 69, "سال", None)]),
    ("حدود ۴۰ کیلومتر از جاده آسفالت شد", [("length", 40, "کیلومتر", None)]),
    ("هزار و ۲۰۰ متر مربع زیربنا دارد", [("area", 1200, "متر مربع", None)]),
    ("بدهی ۱۴۳ هزار و ۲۷۸ میلیارد ریال است", [("money", 143_278_000_000_000, None, "IRR")]),
    ("بین ۲۰ تا ۲۵ هزار میلیارد تومان لازم است", [
        ("money", 20_000_000_000_000, None, "IRT"), ("money", 25_000_000_000_000, None, "IRT"),
    ]),
    ("برای این طرح اعتبار ۵۰ میلیارد اختصاص یافت", [("money", 50_000_000_000, None, None)]),
    ("۲۰ تا ۲۵ هزار میلیارد تومان برای این طرح لازم است", [
        ("money", 20_000_000_000_000, None, "IRT"), ("money", 25_000_000_000_000, None, "IRT"),
    ]),
    ("۵۰ میلیارد اعتبار برای این طرح تصویب شد", [("money", 50_000_000_000, None, None)]),
    # years, dates of every calendar, models, ids, ordinals, names: numbers but not figures
    ("این طرح در ۲۰۲۵ اجرا می‌شود", []),
    ("در ۱۵ خرداد جلسه برگزار شد", []),
    ("در ۵ می ۲۰۲۴ قرارداد امضا شد", []),
    ("در ۱۰ محرم ۱۴۴۵ مراسم برگزار شد", []),
    ("دومین بیمارستان استان افتتاح شد", []),
    ("کد ۱۲۳۴ را در سامانه وارد کنید", []),
    ("به گزارش مخاطب24 خبر رسید", []),
    ("موضوع مواد ۵۲ و ۶۱ و ۶۵ قانون کار", []),
    ("چنانچه ۲۰ درصد افزایش یابد", []),
    ("حتی بدون یک روز تأخیر پرداخت شد", []),
    # measures and ages with their units
    ("کودکان زیر ۵ سال واکسینه شدند", [("age", 5, "سال", None)]),
    ("۶۰ هزار هکتار از اراضی", [("area", 60_000, "هکتار", None)]),
    ("۵۰ هزار تن گندم خریداری شد", [("weight", 50_000, "تن", None)]),
    ("۱۰ تن از کارگران مصدوم شدند", [("count", 10, "تن", None)]),
    ("بیمه‌شدگان با ۳۰ سال سابقه بازنشسته می‌شوند", [("duration", 30, "سال", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), FIGURES)
def test_figures(sentence: str, expected: list[tuple]) -> None:
    got = [(f.type, f.value, f.unit, f.currency) for f in find_quantities(sentence)]
    assert got == expected


def test_figure_tied_to_its_province() -> None:
    found = extract_facts("", None, "تعداد بیمه‌شدگان استان گیلان به ۹۶۴ هزار نفر رسید.")
    assert [(f["value"], f["province"]) for f in found["facts"]] == [(964_000, "گیلان")]


def test_one_figure_one_fact() -> None:
    found = extract_facts(
        "افتتاح بیمارستان ۲۲۰ تختخوابی", "بیمارستان ۲۲۰ تختخوابی تأمین اجتماعی افتتاح شد.",
        "مدیرعامل گفت: این بیمارستان ۲۲۰ تختخوابی با ۵۰ میلیارد تومان ساخته شد.",
    )
    beds = [f for f in found["facts"] if f["unit"] == "تخت"]
    assert len(beds) == 1
    assert (beds[0]["mentions"], beds[0]["where"]) == (3, ["title", "lead", "body"])


@pytest.mark.parametrize(("sentence", "figure", "subject"), [
    ("جمعیت استان گیلان تحت پوشش ۸۵ درصد است.", "۸۵ درصد", "جمعیت استان گیلان تحت پوشش"),
    ("بیش از ۲۰ درصد از بیمه‌شدگان اصلی در تهران هستند.", "۲۰ درصد", "بیمه‌شدگان اصلی"),
    ("بدهی دولت به سازمان ۳۰۰ هزار میلیارد ریال است.", "۳۰۰ هزار میلیارد ریال", "بدهی دولت به سازمان"),
    ("۳ میلیون بیمه‌شده اصلی در استان زندگی می‌کنند.", "۳ میلیون", "بیمه‌شده اصلی"),
    ("بیمارستان ۱۲۸ تختخوابی مرودشت افتتاح شد.", "۱۲۸ تختخوابی", "بیمارستان"),
])  # fmt: skip
def test_subject(sentence: str, figure: str, subject: str) -> None:
    facts = [f for f in find_quantities(sentence) if figure in f.text]
    assert facts and facts[0].subject == subject


# (text, name, role): the title the text gives the person, whole and no more
ROLES = [
    ("مدیرکل تأمین اجتماعی استان فارس گفت: تعداد بیمه‌شدگان افزایش یافت.\n\n"
     "به گزارش فارس، علی رضایی افزود: خدمات گسترش می‌یابد.", "علی رضایی", "مدیرکل تأمین اجتماعی استان فارس"),
    ("محمدرضا کاظمی فرد، معاون بیمه‌ای سازمان گفت: پرداخت‌ها انجام شد.", "محمدرضا کاظمی فرد", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name", "role"), ROLES)
def test_people_and_roles(text: str, name: str, role: str | None) -> None:
    people = {p.name: p.role for p in find_people(text)}
    assert name in people
    if role is not None:
        assert people[name] == role


def test_role_does_not_run_past_the_title() -> None:
    people = find_people("علی رضایی مدیرکل تأمین اجتماعی استان فارس تعداد بیمه‌شدگان را ۲ میلیون نفر اعلام کرد.")
    assert people and people[0].role == "مدیرکل تأمین اجتماعی استان فارس"


def test_matched_holds_the_words_of_the_text() -> None:
    result = score_relevance("بیمارستان‌های تامین‌اجتماعی آماده‌اند", None, "")
    assert [m["text"] for m in result.matched] == ["بیمارستان‌های تامین‌اجتماعی"]
    assert result.tier == "about"
