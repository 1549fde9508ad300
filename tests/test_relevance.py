"""Relevance: is an article about the Social Security Organization (سازمان تأمین اجتماعی)?"""

import json
from pathlib import Path

import pytest
from parsel import Selector

from newsbot.facts.relevance import build_index, fold, load_topic, score_relevance

DATA = Path(__file__).parent / "data"
EVAL = DATA / "eval"
REAL = DATA / "real"

_FILLER = "در این جلسه درباره بودجه عمرانی استان، طرح‌های راهسازی و آبرسانی روستاها گفت‌وگو شد. "

# (title, lead, body, relevant, a canonical name that must be matched, a near-miss that must be reported)
CASES = [
    # the organization named in the title, in the spellings the press uses
    ("مدیرعامل سازمان تأمین‌اجتماعی: یک میلیون و ۷۰۰ هزار نفر بیمه شدند", None, "", True,
     "مدیرعامل سازمان تأمین اجتماعی", None),
    ("افتتاح درمانگاه تامين اجتماعي در مهریز", None, "", True, "درمان تأمین اجتماعی", None),
    ("بدهی دولت به تأمیناجتماعی از ۵۰۰ هزار میلیارد تومان گذشت", None, "", True, "سازمان تأمین اجتماعی", None),
    ("سازمان تامین اجتماعی: نسخه کاغذی حذف شد", None, "", True, "سازمان تأمین اجتماعی", None),
    ("بیمه تأمين‌اجتماعي برای رانندگان تاکسی", None, "", True, "سازمان تأمین اجتماعی", None),
    ("افزایش مستمری بازنشستگان تامین اجتماعی از فروردین", None, "", True, "مستمری‌بگیران تأمین اجتماعی", None),
    ("کارگزاری‌های تأمین اجتماعی در تعطیلات نوروز باز هستند", None, "", True, "کارگزاری تأمین اجتماعی", None),
    ("خدمات بیمارستانهای تامین اجتماعی برای بیمه‌شدگان رایگان شد", None, "", True, "درمان تأمین اجتماعی", None),
    ("کانون عالی بازنشستگان تأمین اجتماعی خواستار همسان‌سازی شد", None, "", True,
     "کانون بازنشستگان تأمین اجتماعی", None),
    ("مدیرکل تأمین اجتماعی استان گیلان: ۲۸ شعبه فعال است", None, "", True, "مدیرکل تأمین اجتماعی استان", None),
    # only the organization's company or bank: tier «subsidiary», not emitted by default
    ("شستا سهام پتروشیمی را در بورس عرضه کرد", None, "", False, "شستا", None),
    ("سود سپرده‌های بانک رفاه کارگران تغییر کرد", None, "", False, "بانک رفاه کارگران", None),
    # named in the lead or the opening of the body only
    ("افزایش ۲۰ درصدی حقوق از اول سال", "سازمان تأمین اجتماعی اعلام کرد حقوق فروردین زودتر واریز می‌شود.", "",
     True, "سازمان تأمین اجتماعی", None),
    ("افزایش ۲۰ درصدی حقوق از اول سال", None,
     "مدیرکل تأمین اجتماعی استان یزد گفت: حقوق فروردین زودتر واریز می‌شود. " + _FILLER * 10
     + "بیمه‌شدگان تامین اجتماعی می‌توانند از سامانه استفاده کنند.", True, "مدیرکل تأمین اجتماعی استان", None),
    ("دیدار میرهاشم موسوی با نماینده ولی‌فقیه در یزد", None,
     "مدیرعامل سازمان تأمین اجتماعی در سفر به یزد با امام جمعه دیدار کرد.", True, "میرهاشم موسوی", None),
    # near-misses: the same words, another thing
    ("تأمین مالی طرح‌های عمرانی از محل اوراق", None, "", False, None, "تأمین مالی"),
    ("جلسه شورای تأمین استان یزد برگزار شد", None, "", False, None, "شورای تأمین"),
    ("خدمات درمانی سازمان تأمین اجتماعی نیروهای مسلح گسترش می‌یابد", None, "", False, None,
     "سازمان تأمین اجتماعی نیروهای مسلح"),
    ("مدیرعامل سازمان تامین‌اجتماعی نیروهای مسلح منصوب شد", None, "", False, None,
     "سازمان تأمین اجتماعی نیروهای مسلح"),
    ("ارتقای امنیت اجتماعی با طرح جدید پلیس", None, "", False, None, "امنیت اجتماعی"),
    ("تأمین امنیت اجتماعی در مرزهای شرقی", None, "", False, None, "تأمین امنیت"),
    ("وزیر تعاون، کار و رفاه اجتماعی: حداقل دستمزد تعیین شد", None, "", False, None, "رفاه اجتماعی"),
    ("تامین کالاهای اساسی ماه رمضان", None, "", False, None, "تأمین کالا"),
    ("تأمین اعتبار پروژه‌های نیمه‌تمام استان", None, "", False, None, "تأمین اعتبار"),
    ("متناسب‌سازی حقوق بازنشستگان کشوری و لشکری", None, "", False, None, "بازنشستگان کشوری و لشکری"),
    ("سهم بخش رفاه و تأمین اجتماعی از بودجه سال آینده", None, "", False, None, "رفاه و تأمین اجتماعی"),
    ("صندوق بیمه اجتماعی روستاییان و عشایر ۵ میلیون بیمه‌شده دارد", None, "", False, None,
     "صندوق بیمه اجتماعی کشاورزان، روستاییان و عشایر"),
    # weak words alone never pass: other pension funds use them too
    ("طرح ساماندهی حقوق کارمندان و بازنشستگان از طریق اصلاح قانون خدمات کشوری", None, "", False,
     "بازنشستگان", None),
    ("افزایش مستمری بیمه‌شدگان", None, "", False, "بیمه‌شدگان", None),
    # one passing mention deep in a long unrelated body
    ("بررسی طرح‌های راهسازی استان", None,
     _FILLER * 40 + "نماینده سازمان تأمین اجتماعی نیز در جلسه حضور داشت. " + _FILLER * 40, False,
     "سازمان تأمین اجتماعی", None),
]


@pytest.mark.parametrize(("title", "lead", "body", "relevant", "matched", "near_miss"), CASES)
def test_cases(title: str, lead: str | None, body: str, relevant: bool, matched: str | None,
               near_miss: str | None) -> None:
    result = score_relevance(title, lead, body)
    assert result.relevant is relevant, result
    assert 0.0 <= result.score <= 1.0
    if matched:
        assert matched in [m["name"] for m in result.matched]
    if near_miss:
        assert near_miss in result.near_misses
    if not relevant:
        assert result.score < 0.5


def test_enough_cases() -> None:
    assert len(CASES) >= 25
    assert {c[3] for c in CASES} == {True, False}


@pytest.mark.parametrize("title", [
    "سازمان تأمین اجتماعی", "تأمین‌اجتماعی", "تامین اجتماعی", "تأمیناجتماعی", "تأمين اجتماعي",
    "سازمان تامين‌اجتماعي", "تأمینِ اجتماعی",
])
def test_title_naming_the_organization_scores_high(title: str) -> None:
    result = score_relevance(f"خبر تازه درباره {title}", None, "")
    assert result.score >= 0.8
    assert [m["name"] for m in result.matched] == ["سازمان تأمین اجتماعی"]


@pytest.mark.parametrize("name", sorted(p.stem.removesuffix(".gold") for p in EVAL.glob("*.gold.json")))
def test_dev_texts_are_relevant(name: str) -> None:
    gold = json.loads((EVAL / f"{name}.gold.json").read_text(encoding="utf-8"))
    text = (EVAL / gold["text"]).read_text(encoding="utf-8")
    assert score_relevance("", None, text).relevant is gold["about_organization"] is True


@pytest.mark.parametrize(("page", "body_css", "near_miss"), [
    ("khabaronline_article_reformists-election-call.html", "div.item-text", None),
    ("yjc_article_yazd-police-roundup.html", "div.body", "امنیت اجتماعی"),
])
def test_real_pages_are_not_relevant(page: str, body_css: str, near_miss: str | None) -> None:
    sel = Selector(text=(REAL / page).read_bytes().decode("utf-8"))
    title = " ".join(sel.css("h1 ::text").getall()).strip()
    body = "\n\n".join(t.strip() for t in sel.css(f"{body_css} ::text").getall() if t.strip())
    assert len(body) > 2000
    result = score_relevance(title, None, body)
    assert result.relevant is False
    assert result.score < 0.2
    if near_miss:
        assert near_miss in result.near_misses


def test_hazm_normalized_text_scores_like_raw(hazm_normalizer) -> None:
    raw = (EVAL / "seed-004.txt").read_text(encoding="utf-8")
    normalized = hazm_normalizer.normalize(raw)
    assert normalized != raw
    assert [m["name"] for m in score_relevance("", None, normalized).matched] == [
        m["name"] for m in score_relevance("", None, raw).matched
    ]
    assert score_relevance("", None, normalized).relevant


def test_title_and_lead_weigh_more_than_body() -> None:
    name = "سازمان تأمین اجتماعی"
    in_title = score_relevance(name, None, _FILLER).score
    in_lead = score_relevance("خبر", name, _FILLER).score
    in_opening = score_relevance("خبر", None, name + " " + _FILLER * 20).score
    deep = score_relevance("خبر", None, _FILLER * 20 + name).score
    assert in_title > in_lead > in_opening > deep > 0


def test_more_mentions_score_higher() -> None:
    once = score_relevance("خبر", None, _FILLER * 20 + "تأمین اجتماعی").score
    thrice = score_relevance("خبر", None, (_FILLER * 20 + "تأمین اجتماعی ") * 3).score
    assert thrice > once


def test_threshold_argument_overrides_topic() -> None:
    body = _FILLER * 20 + "سازمان تأمین اجتماعی"
    assert score_relevance("خبر", None, body).relevant is False
    assert score_relevance("خبر", None, body, threshold=0.1).relevant is True
    assert score_relevance("سازمان تأمین اجتماعی", None, "", threshold=1.01).relevant is False


def test_default_threshold_lives_in_topic_file() -> None:
    topic = load_topic()
    assert topic.threshold == json.loads(Path(topic.path).read_text(encoding="utf-8"))["threshold"]


def test_load_topic_is_cached_and_takes_another_file(tmp_path: Path) -> None:
    assert load_topic() is load_topic()
    path = tmp_path / "topic.json"
    path.write_text(json.dumps({
        "threshold": 0.3, "zones": {"title": 1.0, "lead": 0.8, "body_head": 0.4, "body": 0.1},
        "entities": [{"name": "بانک رفاه کارگران", "weight": 1.0, "aliases": ["بانک رفاه"]}],
    }, ensure_ascii=False), encoding="utf-8")
    topic = load_topic(str(path))
    assert load_topic(str(path)) is topic
    result = score_relevance("سود بانک رفاه", None, "", topic=topic)
    assert result.tier == "about" and [m["name"] for m in result.matched] == ["بانک رفاه کارگران"]
    assert score_relevance("سازمان تأمین اجتماعی", None, "", topic=topic).score == 0.0


TIER_CASES = [
    # (title, lead, body, tier, emitted with NEWSBOT_EMIT_TIERS=about,subsidiary)
    ("مدیرعامل سازمان تأمین اجتماعی: مستمری‌ها افزایش می‌یابد", None, "", "about", True),
    ("شستا سهام پتروشیمی را در بورس عرضه کرد", None, "شرکت سرمایه‌گذاری تأمین اجتماعی سهام را فروخت.", "subsidiary",
     True),
    ("بودجه عمرانی استان تصویب شد", None, "متن " * 200 + "حق بیمه تامین اجتماعی کارگران پرداخت شد.", "mention", False),
    ("شورای تأمین استان تشکیل جلسه داد", None, "", "none", False),
    ("سازمان تأمین اجتماعی نیروهای مسلح خدمات داد", None, "", "none", False),
]  # fmt: skip


@pytest.mark.parametrize(("title", "lead", "body", "tier", "emitted"), TIER_CASES)
def test_tiers(title: str, lead: str | None, body: str, tier: str, emitted: bool) -> None:
    result = score_relevance(title, lead, body, emit=("about", "subsidiary"))
    assert (result.tier, result.relevant) == (tier, emitted)


def test_matched_words_are_as_written() -> None:
    result = score_relevance("مدیرعامل سازمان تأمين‌اجتماعي گفت", None, "")
    assert result.matched == [{"text": "مدیرعامل سازمان تأمين‌اجتماعي", "name": "مدیرعامل سازمان تأمین اجتماعی"}]


def test_bad_topic_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json"):
        load_topic(str(path))


@pytest.mark.parametrize(("raw", "folded"), [
    ("تأمین", "تامین"), ("تامين", "تامین"), ("بانك", "بانک"), ("تأمین‌اجتماعی", "تامین اجتماعی"),
    ("رئیس", "رییس"), ("تأمینِ", "تامین"), ("مدیرعامـل", "مدیرعامل"),
])
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(("text", "found"), [
    ("مستمری‌بگیران", ["M"]), ("مستمریبگیران", ["M"]), ("مستمری بگیرانی", ["M"]),
    ("تأمین‌اجتماعی", ["T"]), ("تأمیناجتماعی‌ها", ["T"]), ("ناتأمین اجتماعی", []), ("تأمین اجتماعیات", []),
    ("شورای تأمین استان", ["S"]), ("شورای تأمین اجتماعی", ["T"]), ("وزارت تعاون کار و رفاه", ["W"]),
])
def test_build_index_separators_prefixes_and_guards(text: str, found: list[str]) -> None:
    index = build_index(
        [("مستمری‌بگیر*", "M"), ("تأمین اجتماعی", "T"), ("شورای تأمین", "S"), ("وزارت تعاون، کار و رفاه", "W")],
        not_before={"S": ("اجتماعی",)},
    )
    assert [label for _, _, label in index.finditer(fold(text))] == found




# «رفاه» alone is the bank only as an item of a list of banks (the topic file's `lists`); (text, words matched)
LIST_CASES = [
    ("سهم شهرستان را بين 7 بانك عاملي (ملي، سپه، صادرات، تجارت، مسكن، رفاه و ملت) تقسيم نموده‌ايم", ["رفاه"]),
    ("تسهیلات از طریق بانک‌های ملت و رفاه پرداخت می‌شود", ["رفاه"]),
    ("بانکهای رفاه، کشاورزی و صنعت و معدن وام می‌دهند", ["رفاه"]),
    ("بانک رفاه و ملت وام می‌دهند", ["بانک رفاه"]),  # the whole name: one hit, not two
    ("شماره حساب ۱۲۳ بانک ملت و ۴۵۶ بانک رفاه", ["بانک رفاه"]),
    ("سیره رسول اکرم ضامن سعادت، رفاه و سلامت است", []),  # a list, but not of banks
    ("بانک ملی برای رفاه حال مردم شعبه باز کرد", []),  # a bank, but «رفاه» is no list item
    ("مجمع عمومی صندوق رفاه و تعاون نظام پزشکی", []),
    ("بانک ملی، ملت و سپه وام می‌دهند و رفاه مردم بیشتر می‌شود", []),  # outside the list
    ("وزیر تعاون، کار و رفاه اجتماعی و رئیس بانک ملی", []),
    ("بانک‌های ملی، " + "ملت، " * 60 + "رفاه و سپه", []),  # the name too far from «بانک» (LIST_REACH)
]


@pytest.mark.parametrize(("text", "words"), LIST_CASES)
def test_a_name_alone_in_a_list_of_its_kind(text: str, words: list[str]) -> None:
    result = score_relevance("", None, text, emit={"about", "subsidiary", "mention"})
    assert [m["text"] for m in result.matched] == words
    assert result.tier == ("mention" if words else "none")
    screen = load_topic().strong_screen  # the screen lets every such page through
    assert not words or screen.may_match(f"<p>{text}</p>")


def test_a_list_names_an_entity(tmp_path: Path) -> None:
    topic = json.loads((Path(load_topic().path)).read_text(encoding="utf-8"))
    topic["lists"][0]["name"] = "بانک ناشناس"
    path = tmp_path / "topic.json"
    path.write_text(json.dumps(topic, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="not an entity"):
        load_topic(str(path))
