"""People and their roles found in Persian news text (newsbot/facts/people.py)."""

import json
import random
from pathlib import Path

import pytest

from newsbot.facts.model import Person
from newsbot.facts.people import find_people
from newsbot.text.fold import squash

EVAL = Path(__file__).parent / "data" / "eval"
ZWNJ = "\u200c"
# FORMAT.md: names match ignoring spaces, ZWNJ and these honorifics
SCORED_HONORIFICS = ("آیت‌الله", "حجت‌الاسلام", "دکتر", "مهندس")


def _name_key(name: str) -> str:
    """Scoring key of FORMAT.md: no honorifics, spaces or ZWNJ."""
    for title in SCORED_HONORIFICS:
        name = name.replace(title, "").replace(title.replace(ZWNJ, ""), "")
    return name.replace(" ", "").replace(ZWNJ, "")


def _found(text: str) -> dict[str, str | None]:
    return {_name_key(p.name): p.role for p in find_people(text)}


def _score(predicted: list[Person], gold: list[dict]) -> tuple[int, int, int, int]:
    """(true positives, predicted, gold, roles right) for one text."""
    wanted = {_name_key(g["name"]): g["role_head"] for g in gold}
    got = {_name_key(p.name): p.role or "" for p in predicted}
    hits = wanted.keys() & got.keys()
    roles = sum(1 for key in hits if wanted[key].replace(ZWNJ, "") in got[key].replace(ZWNJ, ""))
    return len(hits), len(got), len(wanted), roles


def _normalized(text: str) -> str:
    """What the pipeline stores: hazm-normalized text with ZWNJ restored."""
    try:
        from newsbot.text.normalize import normalize_text
    except ImportError:  # the project normalizer is optional here; hazm alone does the ZWNJ part
        hazm = pytest.importorskip("hazm")
        return hazm.Normalizer().normalize(text)
    return normalize_text(text)


# --- the dev set: F1 ≥ 0.9 and role accuracy ≥ 0.9 ------------------------------------------------


@pytest.mark.parametrize("form", ["raw", "normalized"])
def test_dev_set_people(form: str) -> None:
    tp = predicted = wanted = roles = 0
    for gold_file in sorted(EVAL.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (EVAL / gold["text"]).read_text(encoding="utf-8")
        if form == "normalized":
            text = _normalized(text)
        counts = _score(find_people(text), gold["people"])
        tp, predicted, wanted, roles = (a + b for a, b in zip((tp, predicted, wanted, roles), counts, strict=True))
    precision, recall = tp / predicted, tp / wanted
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.9, (precision, recall)
    assert roles / tp >= 0.9


def test_dev_set_mousavi_is_one_person_with_many_mentions() -> None:
    text = (EVAL / "seed-000.txt").read_text(encoding="utf-8")
    people = {p.name: p for p in find_people(text)}
    assert people["میرهاشم موسوی"].mentions >= 5  # «موسوی افزود», «موسوی در ادامه» …
    assert people["محمدرضا ناصری"].honorific == "آیت‌الله"
    assert len(people) == 2  # «مدیرعامل سازمان تأمیناجتماعی افزود» makes no one new


# --- people with roles: (text, [(name, role head or None), ...]) exactly --------------------------

PEOPLE = [
    (
        "به گزارش ایرنا، دکتر علی رضایی، رئیس بیمارستان شهید لبافی‌نژاد تأمین اجتماعی گفت: ظرفیت افزایش یافت.",
        [("علی رضایی", "رئیس بیمارستان")],
    ),
    (
        "مدیرکل تأمین اجتماعی استان گیلان، علی رضایی گفت: ۲۸ شعبه در استان فعال است.",
        [("علی رضایی", "مدیرکل تأمین اجتماعی استان گیلان")],
    ),
    (
        "مدیرعامل سازمان تأمین اجتماعی، میرهاشم موسوی در نشست خبری حاضر شد.",
        [("میرهاشم موسوی", "مدیرعامل")],
    ),
    (
        "میرهاشم موسوی مدیرعامل سازمان تأمین‌اجتماعی در این دیدار گفت: خدمات گسترش می‌یابد.",
        [("میرهاشم موسوی", "مدیرعامل سازمان تأمین اجتماعی")],  # the organization in its one spelling
    ),
    (
        "سید صولت مرتضوی وزیر تعاون، کار و رفاه اجتماعی امروز در جمع خبرنگاران گفت: مستمری‌ها افزایش می‌یابد.",
        [("سید صولت مرتضوی", "وزیر تعاون، کار و رفاه اجتماعی")],
    ),
    (
        "وزیر تعاون، کار و رفاه اجتماعی، احمد میدری امروز گفت که حقوق بازنشستگان افزایش می‌یابد.",
        [("احمد میدری", "وزیر تعاون، کار و رفاه اجتماعی")],
    ),
    (
        "حجت‌الاسلام والمسلمین سید ابراهیم رئیسی رئیس‌جمهور در سفر به استان کرمان بر اهمیت بیمه تأکید کرد.",
        [("سید ابراهیم رئیسی", "رئیس‌جمهور")],
    ),
    (
        "محمدباقر قالیباف رئیس مجلس شورای اسلامی در نطق پیش از دستور گفت: کارگران را فراموش نکنیم.",
        [("محمدباقر قالیباف", "رئیس مجلس")],
    ),
    (
        "فاطمه محمدبیگی نماینده مردم قزوین در مجلس شورای اسلامی و عضو کمیسیون اجتماعی اظهار کرد.",
        [("فاطمه محمدبیگی", "نماینده مردم قزوین در مجلس شورای اسلامی و عضو کمیسیون اجتماعی")],
    ),
    (
        "به گزارش روابط عمومی، خانم دکتر زهرا احمدی، معاون درمان تأمین اجتماعی استان اصفهان با اشاره به "
        "افزایش خدمات گفت: پزشکان جدید جذب شدند.",
        [("زهرا احمدی", "معاون درمان تأمین اجتماعی استان اصفهان")],
    ),
    (
        "استاندار یزد، مهران فاطمی، در دیدار با مدیرعامل تأمین اجتماعی گفت: همکاری ادامه دارد.",
        [("مهران فاطمی", "استاندار یزد")],
    ),
    (
        "سردار حسین سلامی فرمانده کل سپاه در مراسم سخنرانی کرد.",
        [("حسین سلامی", "فرمانده کل سپاه")],
    ),
    (
        "محمد مخبر معاون اول رئیس‌جمهور گفت: بودجه تأمین اجتماعی تأمین شده است.",
        [("محمد مخبر", "معاون اول رئیس‌جمهور")],
    ),
    (
        "رئیس کانون عالی بازنشستگان تأمین اجتماعی، علی‌اصغر بیات، گفت: مستمری‌ها باید افزایش یابد.",
        [("علی‌اصغر بیات", "رئیس کانون")],
    ),
    (
        "در این مراسم، حمید حاج‌اسماعیلی فعال کارگری و علی خدایی عضو کارگری شورای عالی کار حضور داشتند.",
        [("حمید حاج‌اسماعیلی", "فعال کارگری"), ("علی خدایی", "عضو")],
    ),
    (
        "مراسم معارفه با حضور احمد میدری وزیر کار برگزار شد و مصطفی سالاری به عنوان مدیرعامل معرفی شد.",
        [("احمد میدری", "وزیر کار"), ("مصطفی سالاری", "مدیرعامل")],
    ),
    (
        "با حکم مصطفی سالاری، علی رضایی به عنوان مدیرکل تأمین اجتماعی استان گیلان منصوب شد.",
        [("مصطفی سالاری", None), ("علی رضایی", "مدیرکل تأمین اجتماعی استان گیلان")],
    ),
    (
        "با حضور علی رضایی، محمد احمدی و حسن کریمی جلسه شورای اداری آغاز شد.",
        [("علی رضایی", None), ("محمد احمدی", None), ("حسن کریمی", None)],
    ),
    (
        "مدیرعامل سازمان تأمین اجتماعی در دیدار با محمد رضایی گفت: همکاری ادامه دارد.",
        [("محمد رضایی", None)],  # the role is the speaker's, not the guest's
    ),
    (
        "آیت‌الله خامنه‌ای رهبر معظم انقلاب در دیدار کارگران سخنرانی کرد.",
        [("خامنه‌ای", "رهبر")],
    ),
    (
        "سیما رضایی معاون بهداشت دانشگاه علوم پزشکی شیراز گفت: واکسیناسیون ادامه دارد.",
        [("سیما رضایی", "معاون بهداشت")],
    ),
    (
        "امید رضایی گفت که کارهای بیمه پیش می‌رود.",
        [("امید رضایی", None)],
    ),
    (
        "اکبر هاشمی رفسنجانی گفت که اقتصاد مهم است.",
        [("اکبر هاشمی رفسنجانی", None)],
    ),
    (
        "در این نشست، مهرزاد اکبرپور مدیرکل هماهنگی امور استان‌ها و کیارش فرهمندپور معاون فنی حضور داشتند.",
        [("مهرزاد اکبرپور", "مدیرکل هماهنگی امور استان‌ها"), ("کیارش فرهمندپور", "معاون فنی")],
    ),
    (
        "دکتر حسن رضایی رئیس بیمارستان تأمین اجتماعی شهید رجایی کرج گفت: رضایی افزود که بخش جدید آماده است.",
        [("حسن رضایی", "رئیس بیمارستان تأمین اجتماعی شهید رجایی کرج")],
    ),
    (
        "علی‌اکبر ولایتی مشاور رهبر انقلاب در امور بین‌الملل با سفیر چین دیدار کرد.",
        [("علی‌اکبر ولایتی", "مشاور رهبر انقلاب در امور بین‌الملل")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE)
def test_people_and_roles(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = _found(text)
    assert set(found) == {_name_key(name) for name, _ in expected}
    for name, head in expected:
        role = found[_name_key(name)]
        if head is None:
            assert role is None
        else:
            assert role is not None and head in role


# --- no person: places, saints, organizations, common words that are also given names -------------

NO_PEOPLE = [
    "علی‌رغم مشکلات اقتصادی، خدمات درمانی ادامه دارد.",
    "بیمارستان امام رضا (ع) مشهد و بیمارستان امام علی (ع) کرمانشاه توسعه یافتند.",
    "مراسم ولادت حضرت فاطمه زهرا (س) در خیابان شهید بهشتی برگزار شد.",
    "این درمانگاه در خیابان امام خمینی، روبه‌روی بلوار علی‌اکبر صالحی قرار دارد.",
    "بیمارستان شهید محمد منتظری نجف‌آباد و مرکز درمانی دکتر علی شریعتی فعال هستند.",
    "سازمان تأمین اجتماعی اعلام کرد مستمری‌ها از ۱۵ بهمن ماه پرداخت می‌شود.",
    "در این جلسه، اعضای هیئت‌مدیره و مدیران استانی حضور داشتند.",
    "همچنین نمایندگان کارگری عضو شورای عالی کار در جلسه حضور یافتند.",
    "نماینده مردم تهران در مجلس شورای اسلامی گفت: بودجه کافی نیست.",
    "مدیرعامل سازمان تأمین‌اجتماعی افزود: سال گذشته ۶ میلیون نفر بیمه شدند.",
    "امید داریم که با حسن نیت و حسن ختام این دوره، عید سعید قربان را جشن بگیریم.",
    "ولی امروز با اقداماتی که انجام شده، کارها پیش رفت.",
    "در سفرهای استانی مدیرعامل این سازمان، مشکلات بررسی می‌شود.",
    "به گزارش مخاطب24 به نقل از بانک رفاه کارگران: وام ازدواج بیمه‌شدگان پرداخت شد.",
    "پایگاه خبری توسعه تعاون گزارش داد که صدا و سیما برنامه‌ای پخش کرد.",
    "مهندس ناظر پروژه و دکتر متخصص قلب در بیمارستان حاضر شدند.",
    "این مؤسسه پروانه کسب دارد و فرزانه‌ترین مدیران کشور حضور داشتند.",
    "سازمانتأمیناجتماعی و وزارت تعاون، کار و رفاه اجتماعی تفاهم‌نامه امضا کردند.",
]


@pytest.mark.parametrize("text", NO_PEOPLE)
def test_no_people(text: str) -> None:
    assert find_people(text) == []


# --- mentions, order, honorifics, both spellings ---------------------------------------------------


def test_bare_surname_joins_and_role_alone_makes_no_one() -> None:
    text = (
        "مصطفی سالاری مدیرعامل سازمان تأمین اجتماعی گفت: بیمه فراگیر می‌شود.\n"
        "سالاری افزود: خدمات ادامه دارد.\n"
        "مدیرعامل سازمان تأمین اجتماعی تأکید کرد: شعب جدید افتتاح می‌شود.\n"
        "سالاری در ادامه گفت: پرداخت‌ها به‌موقع است."
    )
    people = find_people(text)
    assert [p.name for p in people] == ["مصطفی سالاری"]
    assert people[0].mentions == 3


def test_role_given_once_by_title_then_name() -> None:
    text = (
        "توسعه تعاون: مدیرعامل سازمان تأمین اجتماعی در سفر به یزد با استاندار دیدار کرد.\n"
        "به گزارش ایرنا، مصطفی سالاری در این دیدار گفت: خدمات گسترش می‌یابد.\n"
        "مدیرعامل سازمان تأمین اجتماعی افزود: ده پروژه در دست اجراست.\n"
        "سالاری افزود: درمانگاه جدید افتتاح می‌شود."
    )
    (person,) = find_people(text)
    assert person.name == "مصطفی سالاری"
    assert person.role == "مدیرعامل سازمان تأمین اجتماعی"


def test_order_of_first_mention_and_dedupe() -> None:
    text = "علی رضایی معاون بیمه‌ای گفت. سپس محمد احمدی مدیرکل درمان گفت. علی رضایی معاون بیمه‌ای افزود."
    people = find_people(text)
    assert [p.name for p in people] == ["علی رضایی", "محمد احمدی"]
    assert people[0].mentions == 2


@pytest.mark.parametrize(
    ("text", "name", "honorific"),
    [
        ("آیت‌الله محمدرضا ناصری، نماینده ولی‌فقیه در استان یزد گفت.", "محمدرضا ناصری", "آیت‌الله"),
        ("آیتالله محمدرضا ناصری، نماینده ولیفقیه در استان یزد گفت.", "محمدرضا ناصری", "آیت‌الله"),
        ("حجت الاسلام و المسلمین علی اکبری امام جمعه موقت تهران گفت.", "علی اکبری", "حجت‌الاسلام والمسلمین"),
        ("خانم دکتر زهرا احمدی معاون درمان گفت.", "زهرا احمدی", "خانم دکتر"),
        ("سرتیپ پاسدار محمد کرمی فرمانده نیروی زمینی سپاه گفت.", "محمد کرمی", "سرتیپ پاسدار"),
        ("مهندس سیدمحمد اتابک وزیر صمت گفت.", "سیدمحمد اتابک", "مهندس"),
    ],
)
def test_honorific_kept_apart(text: str, name: str, honorific: str) -> None:
    (person,) = find_people(text)
    assert (person.name, person.honorific) == (name, honorific)
    assert person.role is not None


def test_raw_and_normalized_spellings_agree() -> None:
    text = (
        "در این سفر، ابراهیم جواهری نایب‌رئیس هیئت‌مدیره به اتفاق مهدی اسلامی معاون درمان و "
        "احمد اسفندیاری معاون فرهنگی، اجتماعی و امور استان‌ها و نیز هادی قیومی مدیرکل بازرسی حضور داشتند."
    )
    raw = text.replace(ZWNJ, "")
    with_zwnj = {_name_key(p.name): (p.role or "").replace(ZWNJ, "") for p in find_people(text)}
    without = {_name_key(p.name): p.role for p in find_people(raw)}
    assert with_zwnj == without
    assert without["احمداسفندیاری"] == "معاون فرهنگی، اجتماعی و امور استانها"
    assert without["ابراهیمجواهری"] == "نایبرئیس هیئتمدیره"


def test_to_dict_shape() -> None:
    (person,) = find_people("آیت‌الله محمدرضا ناصری، امام‌جمعه یزد گفت.")
    assert person.to_dict() == {"name": "محمدرضا ناصری", "role": "امام‌جمعه یزد", "honorific": "آیت‌الله"}


# --- bad input and speed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("", []),
        ("   \n\n ", []),
        ("Hello world, Ali Rezaei is the CEO.", []),
        ("محمد", []),  # a given name alone
        ("سید", []),
        ("آیت‌الله", []),
        ("مدیرعامل،، ، علی رضایی،", ["علی رضایی"]),
        (ZWNJ * 50, []),
        ("علی" * 500, []),  # one long word
        ("دکتر " * 200, []),  # honorifics with no name
        ("Mohammad محمد 123 رضایی ۴۵ CEO مدیرعامل 😀 «» () :", []),  # a number between given name and surname
    ],
)
def test_bad_input_gives_only_the_names_there(text: str, names: list[str]) -> None:
    assert [p.name for p in find_people(text)] == names


def test_random_text_gives_only_names_in_the_text() -> None:
    rnd = random.Random(7)
    alphabet = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی ‌،.:0۱\n"
    words = ["محمد", "علی", "رضایی", "مدیرعامل", "معاون", "و", "،", "در", "به", "دکتر", "سید", "گفت"]
    found = 0
    for _ in range(100):
        for text in ("".join(rnd.choice(alphabet) for _ in range(300)), " ".join(rnd.choice(words) for _ in range(40))):
            people = find_people(text)
            assert all(squash(p.name) in squash(text) for p in people), (text, people)
            found += len(people)
    assert found  # «محمد رضایی», «علی رضایی» turn up among the word salads


def _article() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EVAL.glob("*.txt"))]
    return ("\n\n".join(texts) * 2)[:6000]


def test_one_megabyte() -> None:
    big = (_article() + "\n") * 170
    people = find_people(big)
    assert any(p.name == "میرهاشم موسوی" for p in people)


