"""People rules read off real Fars text (tests/data/fars-news): one Persian case table per rule.

Expected names and roles are written by reading each sentence, not taken from the finder's output.
"""

import pytest

from newsbot.facts.people import canonical_role, find_people


def _people(text: str) -> dict[str, str | None]:
    return {p.name: p.role for p in find_people(text)}


# --- a name ends where the text's own later mentions say it ends ------------------------------------

WHOLE_NAMES = [
    # two given names, then the surname the text repeats alone
    (
        "جلال‌الدین محمد شکریه اصناف را سربازان خط مقدم جبهه جنگ اقتصادی دانست.\n"
        "شکریه به ایجاد شرکت سرمایه‌گذاری صنوف اشاره کرد و افزود: این کار لازم است.",
        "جلال‌الدین محمد شکریه",
    ),
    # a two-word surname said again whole
    (
        "هاشم ولی‌پور مطلق امروز در جمع خبرنگاران گفت: پروژه‌ها ادامه دارد.\n"
        "ولی‌پور مطلق ادامه داد: تعداد پروژه‌ها به اعتبارات بستگی دارد.",
        "هاشم ولی‌پور مطلق",
    ),
    (
        "به گزارش خبرنگار فارس، محمدحسین صفار هرندی شب گذشته در ضیافت افطار هنرمندان حضور یافت.\n"
        "صفار هرندی افزود: فرهنگ مهم است.",
        "محمدحسین صفار هرندی",
    ),
]


@pytest.mark.parametrize(("text", "name"), WHOLE_NAMES)
def test_name_kept_whole(text: str, name: str) -> None:
    assert list(_people(text)) == [name]


# --- a given name that is also a common word («امید», «اکبر», «مجید», «وحید») ------------------------

AMBIGUOUS_GIVEN = [
    # surname-shaped, then a time word: the news opening «X امروز در گفت‌وگو با خبرنگار فارس …»
    ("امید افشاری‌نژاد امروز در گفت‌وگو با خبرنگار فارس در گچساران اظهار کرد: دامپزشکی فعال است.", "امید افشاری‌نژاد"),
    ("اکبر سوری امروز در گفت‌وگو با خبرنگار فارس در همدان گفت: طرح ادامه دارد.", "اکبر سوری"),
    ("مجید روستایی امروز در گفت‌وگو با خبرنگار فارس در اصفهان به بدهی دولت اشاره کرد.", "مجید روستایی"),
    # any rare surname that the text goes on using alone as the speaker
    ("وحید فرخ‌تبار در جمع خبرنگاران سخن گفت.\nفرخ‌تبار افزود: شهر آماده است.", "وحید فرخ‌تبار"),
]


@pytest.mark.parametrize(("text", "name"), AMBIGUOUS_GIVEN)
def test_ambiguous_given_name_with_evidence(text: str, name: str) -> None:
    assert name in _people(text)


NOT_A_NAME = [
    # the common word, not the name: the next word is no surname the text repeats
    "شیرین حج را به جا آوردند.\nحج با برنامه برگزار شد.",
    "ولی هیچ‌کس حتی جواب ما را نمی‌دهد.",
    "شایان توجه است که مشاور خانواده گفت: صبر کنید.\nتوجه با دقت فرق دارد.",
    # «به روز» / «به‌روز» is "up to date", not the given name «بهروز»
    "کوهساری در ادامه به روز دریانوردی اشاره کرد و افزود: ایران کشوری دریایی است.",
    "کوهساری در ادامه به‌روز دریانوردی اشاره کرد.",
    "سامانه‌ها به‌روز رسانی شد.",
    # «طرح هادی روستای …» is the village guide plan
    "طرح هادی روستای کرتیل‌آباد به طول ۵ کیلومتر به بهره‌برداری رسید.",
]


@pytest.mark.parametrize("text", NOT_A_NAME)
def test_common_words_are_no_people(text: str) -> None:
    names = _people(text)
    assert not any(n.startswith(("شیرین", "ولی", "شایان", "به", "هادی")) for n in names), names


# --- a name inside the name of a school, a valley, a festival -----------------------------------

PLACE_NAMESAKES = [
    "شعبه ثابت شماره ۱۴، شهر آستارا به نشانی مدرسه ابتدایی پروین اعتصامی",
    "شعبه ثابت شماره چهار، شهر آستارا به نشانی دبیرستان شهید مرحبا (حکیم نظامی)",
    "صبح مدرسه ابتدایی سلمان فارس لمیر محله و بعد از ظهر مسجد شیخ علی‌محله",
    "به نشانی مدرسه راهنمایی امیر کبیر باغچه‌سرا",
    "به نشانی مدرسه ابتدایی لطف الهی حشمت سابق (منصورمحله)",
    "صبح دبستان ملا فتح‌الله بنی‌شبان قنبر محله سیبلی",
    "سه بند سنگی در زیر حوضه آبخیز دره سلیمان کهک ساخته شد.",
    "۹ سازه سنگی در حوضه‌های آبخیز خدیجه خاتون، چاله گنبد و محمود آباد ساخته شد.",
    "در مراسم دانشگاه علامه طباطبایی حاضر شدند.",
]


@pytest.mark.parametrize("text", PLACE_NAMESAKES)
def test_namesakes_of_places_are_no_people(text: str) -> None:
    assert find_people(text) == []


NAMESAKE_BUT_SPEAKER = [
    # a role over the place word names its holder
    ("رئیس بنیاد مستضعفان پرویز فتاح در این مراسم گفت: کمک ادامه دارد.", "پرویز فتاح", "رئیس بنیاد مستضعفان"),
    # a festival's name ends where the speaker the text goes on quoting begins
    (
        "به گزارش خبرگزاری فارس به نقل از ستاد خبری دومین همایش فجر آفرینان عاشورایی جواد شمقدری، افزود: "
        "هر ملتی نقطه درخشانی دارد.\nشمقدری با بیان اینکه سینمای انقلاب پایه است گفت: باید ادامه داد.",
        "جواد شمقدری",
        None,
    ),
]


@pytest.mark.parametrize(("text", "name", "role"), NAMESAKE_BUT_SPEAKER)
def test_speaker_after_a_place_word(text: str, name: str, role: str | None) -> None:
    people = _people(text)
    assert name in people
    assert people[name] == role


# --- roles: the reporter is no title ------------------------------------------------------------------

REPORTER_IS_NO_ROLE = [
    (
        "وزیر فرهنگ و ارشاد اسلامی گفت: برنامه‌ها به مجلس می‌رود.\n"
        "به گزارش خبرنگار فارس، محمدحسین صفار هرندی شب گذشته در ضیافت افطار حضور یافت.",
        "محمدحسین صفار هرندی",
        "وزیر فرهنگ و ارشاد اسلامی",
    ),
    (
        "به گزارش خبرنگار اقتصادی خبرگزاری فارس، حسن آتش‌پوش مدیر عامل شرکت ماهین گفت: تولید بالا رفت.",
        "حسن آتش‌پوش",
        "مدیر عامل شرکت ماهین",
    ),
]


@pytest.mark.parametrize(("text", "name", "role"), REPORTER_IS_NO_ROLE)
def test_reporter_is_no_role(text: str, name: str, role: str) -> None:
    assert _people(text)[name] == role


# --- given names from the broader list; a surname in the title does not hide the role said before the name

LISTED_GIVEN = [
    ("جمیل حق‌پرست با اشاره به حضور ۱۱۷ هزار مستمری‌بگیر در استان گیلان گفت: تعداد بالاست.", "جمیل حق‌پرست"),
    ("قربانعلی مقبلی فرماندار شهرستان پاکدشت گفت: کار ادامه دارد.", "قربانعلی مقبلی"),
    ("ارژنگ عزیزی رئیس کمیسیون کشاورزی اتاق بازرگانی استان اردبیل گفت: تولید بالا رفت.", "ارژنگ عزیزی"),
    ("علاءالدین بروجردی رئیس کمیسیون امنیت ملی مجلس گفت: مذاکره ادامه دارد.", "علاءالدین بروجردی"),
]


@pytest.mark.parametrize(("text", "name"), LISTED_GIVEN)
def test_listed_given_names(text: str, name: str) -> None:
    assert name in _people(text)


WORDS_NOT_LISTED = [
    "نظام اسلامی گفت که راه ادامه دارد.",  # «نظام» is the system
    "آرزوی موفقیت کرد و رفت.",
    "دلاور مردی‌های رزمندگان را نماینده مردم ستود.",
    "رفیع پیشرفت استان را استاندار اردبیل ستود.",
]


@pytest.mark.parametrize("text", WORDS_NOT_LISTED)
def test_common_words_are_not_given_names(text: str) -> None:
    assert find_people(text) == []


def test_role_before_the_name_despite_a_surname_in_the_title() -> None:
    text = (
        "زنگنه: تولید اوپک در اجلاس آینده تغییر نمی‌کند\n\n"
        "خبرگزاری فارس- وزیر نفت ایران گفت: هیچ تغییری در سقف تولید اوپک صورت نمی‌گیرد.\n\n"
        "به گزارش خبرگزاری فارس به نقل از رویترز، بیژن نامدار زنگنه در عسلویه با اعلام این خبر افزود: "
        "هر کاهشی بررسی می‌شود."
    )
    assert _people(text) == {"بیژن نامدار زنگنه": "وزیر نفت ایران"}


# --- names in guillemets next to a role: foreign names need no gazetteer -------------------------------

QUOTED = [
    (
        "مردم خواستار استعفای «اتو پرز مولینا» رئیس جمهور کشورشان شدند. فراخوان برای استعفای «پرز مولینا» بود.",
        {"اتو پرز مولینا": "رئیس جمهور کشورشان"},
    ),
    (
        "«برناردو سیلوا» یکی از رهبران این گروه جنبشی گوآتمالا در مصاحبه گفت: ادامه می‌دهیم.",
        {"برناردو سیلوا": "یکی از رهبران این گروه جنبشی گوآتمالا"},
    ),
    (
        "بر اساس شکایت‌نامه «امیلکار پاپ» نماینده گوآتمالا، «پرز مولینا» در باند تقلب گمرکی دست داشت.",
        {"امیلکار پاپ": "نماینده گوآتمالا"},
    ),
    # a group, a party or an outlet in guillemets is no one
    ("«گروه مینسک» وزیر خارجه عضو را دعوت کرد.", {}),
    ("فراخوان توسط گروه «باستایا» سازماندهی شده بود.", {}),
]


@pytest.mark.parametrize(("text", "expected"), QUOTED)
def test_quoted_names(text: str, expected: dict[str, str]) -> None:
    assert _people(text) == expected


# --- a role keeps its blessing and its «یکی از …» ---------------------------------------------------

ROLES_WHOLE = [
    (
        "خبرگزاری فارس: سرپرست کمیته امداد امام خمینی (ره) گفت: کمیته امداد امسال شغل ایجاد می‌کند.\n\n"
        "به گزارش خبرگزاری فارس از زنجان، حسین انواری در نشست خبری با خبرنگاران سخن گفت.",
        "حسین انواری",
        "سرپرست کمیته امداد امام خمینی (ره)",
    ),
    (
        "سیدحسین میردهقان معاون پژوهشی دانشگاه ولیعصر (عج) گفت: پژوهش ادامه دارد.",
        "سیدحسین میردهقان",
        "معاون پژوهشی دانشگاه ولیعصر (عج)",
    ),
]


@pytest.mark.parametrize(("text", "name", "role"), ROLES_WHOLE)
def test_role_whole(text: str, name: str, role: str) -> None:
    assert _people(text)[name] == role


# --- a person the text knows by surname alone, the role said of him before -----------------------------

LONE_SURNAMES = [
    (
        "خبرگزاری فارس: رئیس اداره کل دفاتر خدمات بانکی پست‌بانک گفت: خدمات بانکی ارائه می‌شود.\n\n"
        "به گزارش فارس به نقل از وزارت ارتباطات، وارسته با بیان این مطلب، اظهار داشت: نرم‌افزار نصب شد.\n\n"
        "وارسته با اشاره به جذب منابع توسط این دفاتر، خاطرنشان کرد: حساب‌ها افتتاح شد.\n\n"
        "وارسته تصریح کرد: خودپردازها نصب می‌شود.",
        {"وارسته": "رئیس اداره کل دفاتر خدمات بانکی پست‌بانک"},
    ),
    # said once as a subject, or a common word said twice, is no one
    ("خبرگزاری فارس: وزیر کار گفت: طرح ادامه دارد.\n\nوارسته با بیان این مطلب گفت: کار ادامه دارد.", {}),
    ("همکاری با وزارت کار ادامه دارد.\n\nهمکاری با بانک‌ها گسترش یافت.", {}),  # no verb of saying
    ("بنابر اعلام وزارت کار، مستمری افزایش یافت.\n\nبنابر اعلام سازمان، بیمه ادامه دارد.", {}),
]


@pytest.mark.parametrize(("text", "expected"), LONE_SURNAMES)
def test_lone_surnames(text: str, expected: dict[str, str]) -> None:
    assert _people(text) == expected


def test_the_fullest_form_of_a_title_the_text_repeats() -> None:
    text = (
        "توزیع بیش از ۶ هزار اصله نهال در املش\n\n"
        "رئیس منابع طبیعی و آبخیزداری املش از توزیع ۶ هزار اصله نهال رایگان در این شهرستان خبر داد.\n\n"
        "عبدالعلی رهنما امروز در گفت‌وگو با خبرنگار فارس در املش اظهار کرد: حفاظت از جنگل وظیفه همه است.\n\n"
        "رئیس اداره منابع طبیعی و آبخیزداری املش با اشاره به تشکیل ۴۰ فقره پرونده گفت: کار ادامه دارد.\n\n"
        "رئیس منابع طبیعی و آبخیزداری املش در بخش دیگری گفت: نهال‌ها رایگان است."
    )
    assert _people(text) == {"عبدالعلی رهنما": "رئیس اداره منابع طبیعی و آبخیزداری املش"}


def test_an_infinitive_ends_a_title() -> None:
    text = (
        "مدیر درمان تامین اجتماعی استان زنجان گفت: خدمات ادامه دارد.\n\n"
        "محمد محمدی امروز در جمع خبرنگاران سخن گفت.\n\n"
        "مدیر درمان تامین اجتماعی استان زنجان پایلوت شدن استان زنجان را مهم دانست."
    )
    assert _people(text) == {"محمد محمدی": "مدیر درمان تأمین اجتماعی استان زنجان"}  # one spelling, see below


# --- one spelling of each organization inside roles (issue 8: «… تأمین‌اجتماعی» / «… تامین اجتماعی») -------

CANONICAL_ROLES = [
    ("مدیرکل تامین‌اجتماعی استان فارس", "مدیرکل تأمین اجتماعی استان فارس"),
    ("مدیرکل تأمیناجتماعی استان فارس", "مدیرکل تأمین اجتماعی استان فارس"),
    ("مدیرعامل سازمان تامین اجتماعی", "مدیرعامل سازمان تأمین اجتماعی"),
    ("رئیس هیات مدیره سازمان تأمین اجتماعی", "رئیس هیات مدیره سازمان تأمین اجتماعی"),  # a name of its own
    ("رئیس دانشگاه علوم پزشکی شیراز", "رئیس دانشگاه علوم پزشکی شیراز"),
]


@pytest.mark.parametrize(("role", "expected"), CANONICAL_ROLES)
def test_canonical_role(role: str, expected: str) -> None:
    assert canonical_role(role) == expected


def test_same_person_one_role_spelling() -> None:
    text = (
        "مدیرکل تأمین‌اجتماعی استان فارس گفت: خدمات گسترش یافت.\n\n"
        "به گزارش فارس، علی رضایی مدیرکل تامین اجتماعی استان فارس افزود: شعب جدید افتتاح شد."
    )
    assert _people(text) == {"علی رضایی": "مدیرکل تأمین اجتماعی استان فارس"}


SAINT_TITLES = [
    "مراسم میلاد امام عسکری (ع) برگزار شد.",
    "با هدایت امام خمینی (ره) انقلاب پیروز شد.",
]


@pytest.mark.parametrize("text", SAINT_TITLES)
def test_a_saints_title_opens_no_surname(text: str) -> None:
    assert find_people(text) == []


# --- the noun of «قول داد», «استعفا کرد» belongs to the verb, not to the title ---------------------------

LIGHT_VERBS = [
    ("عبدالله تمیمی وزیر نیرو قول داد که برق قطع نشود.", "عبدالله تمیمی", "وزیر نیرو"),
    ("میرحسین موسوی مدیرعامل سازمان حسابرسی استعفا داد.", "میرحسین موسوی", "مدیرعامل سازمان حسابرسی"),
    ("علی لاریجانی رئیس مجلس کرد که …", "علی لاریجانی", "رئیس مجلس"),  # a body ends the title
]


@pytest.mark.parametrize(("text", "name", "role"), LIGHT_VERBS)
def test_light_verb_noun_is_not_in_the_title(text: str, name: str, role: str) -> None:
    assert _people(text)[name] == role


# --- a title ends before the predicate's words («خواستار», «دقایقی پیش», «مبنی بر») ----------------------

TITLE_ENDS = [
    ("محمود حجتی وزیر جهاد کشاورزی دقایقی پیش وارد شد.", "محمود حجتی", "وزیر جهاد کشاورزی"),
    ("عبدالله ایزدپناه فرماندار مسجدسلیمان خواستار تعویق زمان شد.", "عبدالله ایزدپناه", "فرماندار مسجدسلیمان"),
    ("هادی هاشمیان رئیس‌کل دادگستری گلستان منتشر کرد.", "هادی هاشمیان", "رئیس‌کل دادگستری گلستان"),
    ("سلیمان محبی مدیرکل آموزش و پرورش استان کرمانشاه ایجاد شرایط مناسب را خواست.", "سلیمان محبی",
     "مدیرکل آموزش و پرورش استان کرمانشاه"),
]


@pytest.mark.parametrize(("text", "name", "role"), TITLE_ENDS)
def test_title_ends_before_the_predicate(text: str, name: str, role: str) -> None:
    assert _people(text)[name] == role


UNLISTED_GIVEN = [
    # a foreign name before a role at a clause start, its surname repeated alone
    ("جوانو سودارسونو وزیر دفاع اندونزی گفت: همکاری ادامه دارد.\n\nسودارسونو افزود: قرارداد امضا شد.",
     {"جوانو سودارسونو": "وزیر دفاع اندونزی"}),
    # said once, a pair of unknown words before a role is no one
    ("بازار آزاد وزیر اقتصاد را نگران کرد.", {}),
]


@pytest.mark.parametrize(("text", "expected"), UNLISTED_GIVEN)
def test_unlisted_given_names(text: str, expected: dict[str, str]) -> None:
    assert _people(text) == expected


# --- a role said before goes to the one who speaks, not to someone named in passing ---------------------

SPEAKERS = [
    (
        "امام جمعه بابل گفت: قیام ۱۹ دی ماندگار است.\n\n"
        "روحانی با اشاره به شهادت طلبه بابلی گفت: یاد طلبه شهید علی‌اصغر ناصری را گرامی می‌داریم.",
        {"علی‌اصغر ناصری": None},
    ),
    (
        "مدیرعامل شرکت آب و فاضلاب استان زنجان گفت: تصفیه‌خانه دندی افتتاح شد.\n\n"
        "به گزارش خبرگزاری فارس از زنجان و به نقل از روابط عمومی شرکت آبفای استان زنجان علیرضا جزء‌قاسمی "
        "اظهار داشت: اعتبار طرح تأمین شد.",
        {"علیرضا جزء‌قاسمی": "مدیرعامل شرکت آب و فاضلاب استان زنجان"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKERS)
def test_role_goes_to_the_speaker(text: str, expected: dict[str, str | None]) -> None:
    assert _people(text) == expected
