"""The name screen (newsbot/facts/screen.py) never misses a name: every labelled article of the corpus, every
alias of the topic file in every spelling the matcher accepts, wherever the page puts it."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from newsbot.facts.relevance import DEFAULT_TOPIC, load_topic, page_screen, score_relevance
from newsbot.facts.screen import build_screen
from tests.fars import CORPUS, articles

REAL = Path(__file__).parent / "data" / "real" / "khabaronline_article_reformists-election-call.html"
TOPIC = load_topic()
DATA = json.loads(DEFAULT_TOPIC.read_text(encoding="utf-8"))


def names(strong_only: bool) -> list[str]:
    out = []
    for entity in DATA["entities"]:
        if not strong_only or entity["weight"] >= DATA["weak_below"]:
            out += [entity["name"], *entity.get("aliases", [])]
    for head in DATA["heads"]:
        out += [head["name"], *head.get("aliases", [])]
    return [n.rstrip("*") for n in out]


def as_page(title: str, lead: str, paragraphs: list[str]) -> str:
    """An article inside the real Khabaronline page (which names no part of the organization)."""
    page = REAL.read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    article = f"<h1>{html.escape(title)}</h1><p class='lead'>{html.escape(lead)}</p><div>{body}</div>"
    return page.replace("<body", f"<body><main>{article}</main><span", 1)


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str, dict]]:
    labels = {}
    for line in (CORPUS / "relevance.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[row["key"]] = row["tier"]
    return [(key, labels[key], article) for key, article in articles()]


def test_the_real_page_alone_names_nothing() -> None:
    assert TOPIC.may_mention(REAL.read_text(encoding="utf-8")) is False


def test_every_labelled_article_passes(corpus: list) -> None:
    screen = TOPIC.strong_screen
    missed = [
        key
        for key, tier, a in corpus
        if tier != "none" and not screen.may_match(as_page(a["title"], a["abstract"], a["paragraphs"]))
    ]
    assert missed == []  # fars-5-179 too: «رفاه» alone in a list of seven banks (the topic file's `lists`)
    assert sum(1 for _, tier, _ in corpus if tier != "none") == 15


def test_every_article_relevance_finds_passes(corpus: list) -> None:
    """Over all 1,500: a name relevance finds → the full screen passes; a tier other than none → the strong one."""
    wrong = []
    for key, _, a in corpus:
        rel = score_relevance(a["title"], a["abstract"], "\n\n".join(a["paragraphs"]))
        page = as_page(a["title"], a["abstract"], a["paragraphs"])
        if rel.matched and not TOPIC.screen.may_match(page):
            wrong.append((key, "screen"))
        if rel.tier != "none" and not TOPIC.strong_screen.may_match(page):
            wrong.append((key, "strong_screen"))
    assert wrong == []


def test_most_of_the_corpus_is_screened_out(corpus: list) -> None:
    pages = (as_page(a["title"], a["abstract"], a["paragraphs"]) for _, _, a in corpus)
    passed = sum(TOPIC.strong_screen.may_match(page) for page in pages)
    assert passed < 100  # the screen is worth having: about 2 % of the corpus names the organization


# How a page may spell a name: each function rewrites the folded-equal letters or the gaps between words.
SPELLINGS = {
    "as written": lambda s: s,
    "ZWNJ between words": lambda s: s.replace(" ", "\u200c"),
    "no space between words": lambda s: s.replace(" ", ""),
    "two spaces and a newline": lambda s: s.replace(" ", "  \n"),
    "Arabic yeh and kaf": lambda s: s.replace("ی", "ي").replace("ک", "ك"),
    "hamza written": lambda s: s.replace("تامین", "تأمین"),
    "hamza dropped": lambda s: s.replace("أ", "ا").replace("ؤ", "و"),
    "alef madda as alef": lambda s: s.replace("آ", "ا"),
    "tashkil and tatweel": lambda s: s.replace("م", "مَ").replace("ن", "نـ"),
    "heh with yeh above": lambda s: s.replace("ه ", "ۀ "),
}
# Where a page may put it: each function wraps the spelled name into a page fragment.
PLACES = {
    "paragraph": lambda s: f"<p>خبر {html.escape(s)} امروز</p>",
    "words split by a link with a Persian title": lambda s: (
        "<p>" + s.replace(" ", ' <a href="/x" title="پیوند خبر">', 1) + "</a></p>"
    ),
    "words split by inline tags": lambda s: "<p><b>" + s.replace(" ", "</b> <i>") + "</i></p>",
    "meta content": lambda s: f'<meta property="og:title" content="{html.escape(s, quote=True)}">',
    "JSON-LD with \\u escapes": lambda s: (
        '<script type="application/ld+json">' + json.dumps({"headline": s}, ensure_ascii=True) + "</script>"
    ),
    "numeric entities": lambda s: "<p>" + "".join(f"&#{ord(c)};" for c in s) + "</p>",
    "entities escaped twice": lambda s: "<p>" + "".join(f"&amp;#{ord(c)};" for c in s) + "</p>",
    "after a stray «<» in the text": lambda s: f"<p>۲ < ۳ و {s}</p>",
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_alias_in_every_spelling_and_place(spelling: str, place: str) -> None:
    chrome = REAL.read_text(encoding="utf-8")
    missed = []
    for screen, strong_only in ((TOPIC.screen, False), (TOPIC.strong_screen, True)):
        for name in names(strong_only):
            spelled = SPELLINGS[spelling](name)
            page = chrome.replace("</head>", PLACES[place](spelled) + "</head>", 1)
            if not screen.may_match(page) or not screen.may_match(page.encode("utf-8")):
                missed.append((strong_only, spelled))
    assert missed == []


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_the_spellings_are_ones_relevance_matches(spelling: str) -> None:
    """The table above tests spellings the matcher accepts (else a miss there would prove nothing)."""
    unmatched = [n for n in names(False) if not score_relevance(SPELLINGS[spelling](n), None, "").matched]
    assert unmatched == []


NOT_NAMES = [
    ("financing", "<p>تأمین مالی طرح‌های عمرانی</p>"),
    ("social security of the armed forces: its name is not the organization", "<p>ساتا</p>"),
    ("weak name only, strong screen", "<p>بازنشستگان کشوری</p>"),
    ("name split by a block of other words", "<p>سازمان تأمین</p><p>خبر</p><p>اجتماعی</p>"),
    (
        "«رفاه» far after any bank",
        "<p>بانک ملی</p>" + "<p>خبرهای دیگر درباره راه‌سازی استان</p>" * 8 + "<p>سعادت، رفاه و سلامت</p>",
    ),
    ("«رفاه» near a bank, no list item beside it", "<p>بانک ملی برای رفاه حال مردم شعبه باز کرد</p>"),
    ("«رفاه» beside a word that is no bank", "<p>بانک ملی خبر داد: وزیر تعاون، کار و رفاه اجتماعی آمد</p>"),
]


@pytest.mark.parametrize(("why", "fragment"), NOT_NAMES, ids=[w for w, _ in NOT_NAMES])
def test_pages_without_a_strong_name_are_screened_out(why: str, fragment: str) -> None:
    page = REAL.read_text(encoding="utf-8").replace("<body", f"<body><main>{fragment}</main><span", 1)
    assert TOPIC.strong_screen.may_match(page) is False


SCREEN_FOR = [
    ({"about"}, None, "strong_screen"),
    ({"about", "mention"}, None, "strong_screen"),
    ({"subsidiary"}, 0.6, "strong_screen"),
    ({"about"}, 0.2, "screen"),  # under weak_cap (0.3): weak names alone can reach the threshold
    ({"about", "none"}, None, None),  # tier none emitted: every page may be
    ({"about"}, 0.0, None),  # threshold 0: every page is about
]


@pytest.mark.parametrize(("emit", "threshold", "which"), SCREEN_FOR)
def test_which_screen_a_run_uses(emit: set, threshold: float | None, which: str | None) -> None:
    got = page_screen(TOPIC, threshold, emit)
    assert got is (getattr(TOPIC, which) if which else None)


GROUPS = [
    # keys, the groups the screen searches (a part, then the keys that hold it)
    (("تامیناجتماعی", "صباتامین", "شستا"), (("تامین", ("تامیناجتماعی", "صباتامین")), ("شستا", ("شستا",)))),
    (("بیمارستانمیلاد", "بیمارستانلواسانی", "تاپیکو", "تیپیکو"),
     (("بیمارستان", ("بیمارستانلواسانی", "بیمارستانمیلاد")), ("پیکو", ("تاپیکو", "تیپیکو")))),
    (("شستا", "بانکرفاه"), (("بانکرفاه", ("بانکرفاه",)), ("شستا", ("شستا",)))),
]  # fmt: skip


@pytest.mark.parametrize(("keys", "groups"), GROUPS)
def test_names_that_share_a_part_are_searched_under_it(keys: tuple, groups: tuple) -> None:
    assert build_screen(keys).groups == groups


def test_a_page_with_the_shared_part_but_no_name_is_screened_out() -> None:
    screen = build_screen(["سازمان تأمین اجتماعی", "صبا تأمین"])
    assert screen.may_match("<p>تأمین مالی طرح‌ها</p>") is False
    assert screen.may_match("<p>شرکت صبا‌ تأمین</p>") is True


HOLDS = [
    (b"<p>&#1587;</p>", b"&#", True),
    (b"&amp;&amp;&amp;&amp;#", b"&amp;#", True),
    (b"a\\" * 5000 + b"\\u06", b"\\u06", True),  # past sixteen backslashes: the plain search from there
    (b"a\\" * 5000 + b"\\u05", b"\\u06", False),
    (b"&&&&&&&&&&&&&&&&&&&&&", b"&#", False),
    (b"", b"&#", False),
]


@pytest.mark.parametrize(("raw", "needle", "found"), HOLDS)
def test_an_escape_is_found_by_its_first_byte(raw: bytes, needle: bytes, found: bool) -> None:
    from newsbot.facts.screen import _holds

    assert _holds(raw, needle) is found
