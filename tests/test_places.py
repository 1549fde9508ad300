"""Iranian places: provinces, counties and cities found in Persian text (newsbot/facts/places.py)."""

import json
from pathlib import Path

import pytest

from newsbot.facts.model import Place
from newsbot.facts.places import find_places, province_names, provinces_of

EVAL = Path(__file__).parent / "data" / "eval"
DATA = Path(__file__).parent.parent / "newsbot" / "facts" / "data" / "places.json"


def _provinces(text: str) -> list[str]:
    return provinces_of(find_places(text))


def _triples(text: str) -> list[tuple[str, str, str | None]]:
    return [(p.name, p.kind, p.province) for p in find_places(text)]


# --- the dev set: provinces F1 must be 1.0 --------------------------------------------------------


@pytest.mark.parametrize("name", ["seed-000", "seed-004"])
def test_dev_set_provinces(name: str) -> None:
    text = (EVAL / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((EVAL / f"{name}.gold.json").read_text(encoding="utf-8"))
    assert set(_provinces(text)) == set(gold["provinces"])


@pytest.mark.parametrize("name", ["seed-000", "seed-004"])
def test_dev_set_provinces_after_hazm(name: str, hazm_normalizer) -> None:
    text = hazm_normalizer.normalize((EVAL / f"{name}.txt").read_text(encoding="utf-8"))
    gold = json.loads((EVAL / f"{name}.gold.json").read_text(encoding="utf-8"))
    assert set(_provinces(text)) == set(gold["provinces"])


def test_seed_000_places_stay_in_yazd() -> None:
    text = (EVAL / "seed-000.txt").read_text(encoding="utf-8")
    assert _triples(text) == [
        ("یزد", "province", "یزد"),
        ("مهریز", "county", "یزد"),
        ("قائمیه", "city", "یزد"),  # a common place name: resolved to the one province named
        ("آزادشهر", "city", "یزد"),  # also a county in Golestan: the article is about Yazd
        ("خاتم", "county", "یزد"),  # a common word: accepted after «شهرستان»
    ]
    assert find_places(text)[0].mentions == 4  # «استان یزد» ×3 and «امام‌جمعه یزد»


def test_seed_004_capital_is_a_city_of_gilan() -> None:
    text = (EVAL / "seed-004.txt").read_text(encoding="utf-8")
    assert _triples(text) == [("گیلان", "province", "گیلان"), ("رشت", "city", "گیلان")]


# --- provinces a sentence names ------------------------------------------------------------------

PROVINCE_CASES = [
    # official names and the press's spellings
    ("مدیرکل تأمین اجتماعی استان آذربایجان‌شرقی از افتتاح شعبه جدید در تبریز خبر داد", ["آذربایجان شرقی"]),
    ("مدیرکل تامین اجتماعی آذربایجانغربی گفت", ["آذربایجان غربی"]),
    ("سفر مدیرعامل سازمان به استان کهگیلویه وبویراحمد", ["کهگیلویه و بویراحمد"]),
    ("بیمه‌شدگان سیستان‌وبلوچستان و خراسان جنوبی", ["سیستان و بلوچستان", "خراسان جنوبی"]),
    ("بازنشستگان چهار محال و بختیاری تجمع کردند", ["چهارمحال و بختیاری"]),
    ("پرداخت مستمری در خراسان‌رضوی", ["خراسان رضوی"]),
    ("بيمارستان تامين اجتماعي شهرستان كرج افتتاح شد", ["البرز"]),  # Arabic yeh and kaf
    ("نماینده ولی‌فقیه در استان یزد و امام‌جمعه یزد", ["یزد"]),
    ("مدیرکل تأمین اجتماعی کرمانشاه و همتای او در کرمان", ["کرمانشاه", "کرمان"]),
    ("استان‌های گیلان، مازندران و گلستان بیشترین بیمه‌شده را دارند", ["گیلان", "مازندران", "گلستان"]),
    ("استان مرکزی و شهرستان ساوه", ["مرکزی"]),
    # surnames, adjectives and look-alikes name no province
    ("علی یزدی، محمد کرمانی و حسن تهرانی در جلسه حضور داشتند", []),
    ("دکتر شیرازی و مهندس اصفهانی با خانم گیلانی دیدار کردند", []),
    ("صادرات نفت از خلیج فارس افزایش یافت", []),
    ("به گزارش خبرگزاری فارس، مستمری‌ها افزایش یافت", []),
    ("آموزش زبان فارسی به اتباع", []),
    ("رئیس کل بانک مرکزی درباره بدهی دولت گفت", []),
    ("در فصل بهار تعداد بیمه‌شدگان افزایش یافت", []),
    ("با امید و توکل در این مسیر حرکت می‌کنیم و نور امید را روشن نگه می‌داریم", []),
    ("این انگشتر خاتم‌کاری شده در بیمارستان خاتم‌الانبیا رونمایی شد", []),
    ("پرواز هواپیمایی ماهان لغو شد", []),
    ("دیوان اشعار استاد شهریار", []),
    ("تهرانی‌ها و اصفهانی‌ها در صف ایستادند", []),
    ("حسن خسروشاهی، علی کرمانشاهی و محمد فیروزکوهی", []),  # «-ی» after a sounded h is a surname
    ("در فصل بهار استان تهران میزبان گردشگران است", ["تهران"]),  # «X استان Y» needs X to lie in Y
    ("پژوهشگاه رویان و سوره مبارکه", []),
    ("قوانین ساری و جاری کشور", []),
    ("گلستان شهدای شهر و کاخ گلستان", []),
    ("نیروهای اقلیم کردستان عراق", []),
    ("آلودگی دریای مازندران", []),
    # one folding (newsbot.text.fold): «آ» reads as «ا», so context words must not take a shrine for a province
    ("تولیت آستان قدس رضوی از روستاها بازدید کرد", []),
    ("آستان مبارکه امامزاده عبدالله(ع) در گرگان", ["گلستان"]),  # «مبارکه» after «آستان», not «استان»
    ("وزیران حزب امل و حزب‌الله به کابینه بازگشتند", []),  # Lebanon's Amal, not «آمل»
    ("در اوج گرما مصرف برق بالا رفت", []),  # «اوج» "peak" is no «آوج»
    ("امام جمعه زیراب سوادکوه", ["مازندران"]),  # «زیرآب» written with a plain «ا»
    ("شهرستان آوج در استان قزوین", ["قزوین"]),
    # the ends of a route are cities: they name no province when the text names one
    ("نماینده مردم آمل گفت: پروژه قطار سریع‌السیر قم- تهران- اصفهان بودجه گرفت اما استان مازندران نه.", ["مازندران"]),
    ("ترافیک سنگین در محور شهریار-تهران", ["تهران"]),
    # «فارس» as the outlet's label, not the province
    ("فارس: با همه کاستی‌ها پرسپولیس نایب قهرمان شد.\n\nفارس: در پرسپولیس می‌مانید؟", []),
    ("(فارس) - مدیرکل تأمین اجتماعی گفت", []),
    ("عکس: فارس", []),
    ("اختلافات در خلیج (فارس) حل شد", []),
    ("مدیرکل تأمین اجتماعی فارس گفت: شعب جدید افتتاح شد.", ["فارس"]),
    ("استان فارس: بیمه‌شدگان افزایش یافتند", ["فارس"]),
    ("دیدار دو تیم بادران تهران-کوثر ایلام برگزار شد", ["ایلام"]),  # teams: «کوثر» (risky) stays unread
    # counties and cities name their province
    ("شهرستان بهار در استان همدان", ["همدان"]),
    ("فرماندار شهرستان‌های بهار، ملایر و نهاوند", ["همدان"]),
    ("نماینده مردم بهار در مجلس", ["همدان"]),
    ("این بیمارستان در گیلان غرب ساخته می‌شود", ["کرمانشاه"]),  # not Gilan: the longest name wins
    ("درمانگاه تأمین اجتماعی در ساری افتتاح شد", ["مازندران"]),
    ("درمانگاه تأمین اجتماعی ساری افتتاح شد", []),  # «ساری» is also "prevailing": needs more
    ("درمانگاه ساری و بیمارستان آمل در مازندران", ["مازندران"]),
    ("شعبه تأمین اجتماعی شهرستان نور", ["مازندران"]),
    ("اسکله بندر عباس و جزیره کیش", ["هرمزگان"]),
    ("بیمه‌شدگان شهرستان البرز", ["قزوین"]),  # Qazvin's county, not the province
    ("زائران مشهد مقدس", ["خراسان رضوی"]),
    ("دانشگاه تهران", ["تهران"]),
    ("شعبه تأمین اجتماعی گنبد کاووس", ["گلستان"]),
    # ambiguous names take the province the text is about, or none
    ("درمانگاه قائمیه و آزادشهر در استان یزد", ["یزد"]),
    ("درمانگاه آزادشهر و مراکز استان گلستان", ["گلستان"]),
    ("درمانگاه آزادشهر افتتاح شد", []),
    ("بیمارستان شهرستان طبس در خراسان جنوبی", ["خراسان جنوبی"]),
    ("بیمارستان شهرستان طبس", []),
]


@pytest.mark.parametrize(("text", "expected"), PROVINCE_CASES)
def test_provinces(text: str, expected: list[str]) -> None:
    assert _provinces(text) == expected


# --- what each place is ----------------------------------------------------------------------------

PLACE_CASES = [
    ("بیمه‌شدگان تهران", [("تهران", "city", "تهران")]),  # a bare «تهران» is the city
    ("استان تهران", [("تهران", "province", "تهران")]),
    ("شهرستان تهران", [("تهران", "county", "تهران")]),
    ("شهر یزد", [("یزد", "city", "یزد")]),
    ("شهرستان یزد", [("یزد", "county", "یزد")]),
    ("شهرستان طبس", [("طبس", "county", None)]),  # Yazd or South Khorasan: the text does not say
    ("شهرستان بهار استان همدان", [("بهار", "county", "همدان"), ("همدان", "province", "همدان")]),
    ("شهرستان ری و شهرری", [("ری", "county", "تهران")]),
    ("بندر انزلی و انزلی", [("بندر انزلی", "county", "گیلان")]),
    ("اسلام‌آباد غرب و اسلام شهر", [("اسلام‌آباد غرب", "county", "کرمانشاه"), ("اسلامشهر", "county", "تهران")]),
    ("رشت، مرکز استان گیلان", [("رشت", "city", "گیلان"), ("گیلان", "province", "گیلان")]),
    ("کارخانه‌های ساوه‌ی صنعتی", [("ساوه", "county", "مرکزی")]),  # ezafe after a final vowel
    ("شهرستان امیدیه", [("امیدیه", "county", "خوزستان")]),
    ("بخش مرکزی شهرستان یزد", [("یزد", "county", "یزد")]),  # «مرکزی» here is an adjective
    ("بهار، استان همدان", [("بهار", "county", "همدان"), ("همدان", "province", "همدان")]),
    ("مدیرکل استان‌های تهران و مرکزی", [("تهران", "province", "تهران"), ("مرکزی", "province", "مرکزی")]),
    ("نماینده مردم تفرش، آشتیان و فراهان", [("تفرش", "county", "مرکزی"), ("آشتیان", "county", "مرکزی"),
                                           ("فراهان", "county", "مرکزی")]),
    ("امیدیه", []),
    ("سازمان کرمان‌زاده", []),  # the first half of a compound
]


@pytest.mark.parametrize(("text", "expected"), PLACE_CASES)
def test_places(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _triples(text) == expected


def test_mentions_are_counted_once_per_place() -> None:
    places = find_places("استان گیلان و استان گیلان و گیلان")
    assert [(p.name, p.mentions) for p in places] == [("گیلان", 3)]


def test_place_to_dict() -> None:
    place = find_places("شهرستان خاتم در استان یزد")[0]
    assert isinstance(place, Place)
    assert place.to_dict() == {"name": "خاتم", "kind": "county", "province": "یزد"}


# --- the gazetteer ---------------------------------------------------------------------------------


def test_gazetteer_holds_all_31_provinces_with_their_counties() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    names = province_names()
    assert len(names) == len(set(names)) == 31
    assert {"تهران", "البرز", "مرکزی", "کهگیلویه و بویراحمد", "چهارمحال و بختیاری"} <= set(names)
    counties = [c for row in data["provinces"] for c in row["counties"]]
    assert len(counties) >= 450
    for row in data["provinces"]:
        assert row["counties"], row["name"]
        listed = {item.split("|")[0] for item in row["counties"] + row["cities"]}
        assert row["capital"] in listed or row["capital"] == row["name"], row["name"]


@pytest.mark.parametrize("name", province_names())
def test_every_province_is_found_after_ostan(name: str) -> None:
    assert _provinces(f"مدیرکل تأمین اجتماعی استان {name} گفت") == [name]


# --- bad input and speed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", " ", "Social Security Organization of Iran, Tehran", "۱۲۳۴ ، ؛ « » \u200c\u200c", "\u200c" * 1000],
)
def test_bad_input_gives_nothing(text: str) -> None:
    assert find_places(text) == []


def test_one_megabyte_text() -> None:
    text = (EVAL / "seed-000.txt").read_text(encoding="utf-8")
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    assert provinces_of(find_places(big)) == ["یزد"]


