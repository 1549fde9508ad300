"""The shortcuts of the fact finders give the answers of the plain code they replace, on the bundled corpus and
on hand-written cases: tokens and offsets from one `split` (no match object per token), the gazetteer scan
over the words a name can start with, a fact's dict built field by field."""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest

from newsbot.facts import people, places
from newsbot.facts.model import Fact
from newsbot.facts.quantities import find_quantities
from newsbot.text.normalize import normalize_text
from tests.fars import article_text, articles

ODD_TEXTS = [
    "، علی رضایی، مدیرکل و «اتو پرز» رئیس، محمد",
    "الف،",
    "،،",
    "ء و آء و «ءء» و ؤ",  # words of marks alone fold to nothing
    "سلام\n\nدنیا 2024 COVID-19 ۱۲۳ ٤٥ _x_ 😀 ـ",
    "مي‌شود كار تأمين‌اجتماعي، استان‌هاي آذربايجان‌شرقي و كهگيلويه‌وبويراحمد",
    "   ",
    "",
]


def _texts() -> list[str]:
    raw = [article_text(article) for _, article in articles()][::3]
    return ODD_TEXTS + raw + [normalize_text(text) for text in raw[::4]]


def plain_doc_tokens(text: str) -> tuple[list[str], list[str], list[int], list[int]]:
    """people._Doc's tokens with one match object per token: keys, kinds, starts, ends."""
    letters = people._LETTERS
    token = re.compile(
        rf"([{letters}][{letters}\u064b-\u065f\u0670\u0640\u200b-\u200d]*)"
        r"|([A-Za-z0-9\u06f0-\u06f9\u0660-\u0669_]+)|(\n)|(\S)"
    )
    found = [(m.lastindex, m.group(), m.start(), m.end()) for m in token.finditer(text)]
    found = [t for t in found if t[0] != 1 or people.fold(t[1])]
    keys = [people.fold(t[1]) if t[0] == 1 else t[1] for t in found]
    return keys, ["wopp"[t[0] - 1] for t in found], [t[2] for t in found], [t[3] for t in found]


def plain_name_starts(doc: people._Doc) -> list[int]:
    keys, kinds, n, lx = doc.keys, doc.kinds, doc.n, doc.lx
    two_on = [keys[i + 3] if keys[i + 2] in people._COMMAS and i + 3 < n else keys[i + 2] for i in range(n - 2)]
    two_on += ["", ""]
    return [
        i
        for i, (key, kind, after) in enumerate(zip(keys, kinds, two_on, strict=False))
        if (kind == "w" and (key in lx.start_keys or key[:3] in people._COMPOUND_HEADS or after in lx.role_starts))
        or (kind != "w" and key == "«")
    ]


def test_people_tokens() -> None:
    texts = _texts()
    differ = []
    for i, text in enumerate(texts):
        doc = people._Doc(text)
        if (doc.keys, doc.kinds, doc.starts, doc.ends) != plain_doc_tokens(text) or doc.n != len(doc.keys):
            differ.append(i)
        if doc.name_starts() != plain_name_starts(doc):
            differ.append(i)
    assert differ == []
    assert people._Doc("ء و ب").keys == ["و", "ب"]


def plain_place_words(text: str) -> tuple[list[str], list[int], list[int]]:
    matches = list(places._TOKEN.finditer(places._Text(text).norm))
    return [m.group() for m in matches], [m.start() for m in matches], [m.end() for m in matches]


def plain_scan(text: places._Text, gaz: places._Gazetteer) -> list[tuple[int, int]]:
    """The longest names left to right, trying every word."""
    hits: list[tuple[int, int]] = []
    words, count, i = text.words, len(text.words), 0
    while i < count:
        step = 1
        for length in gaz.lengths.get(words[i], ()):
            if i + length > count or not text.joined(i, i + length):
                continue
            if gaz.spellings.get(tuple(words[i : i + length])) is not None:
                hits.append((i, i + length))
                step = length
                break
        i += step
    return hits


def test_place_words_and_scan() -> None:
    gaz = places._gazetteer()
    differ = []
    for i, text in enumerate(_texts()):
        parsed = places._Text(text)
        if (parsed.words, parsed.starts, parsed.ends) != plain_place_words(text):
            differ.append(("words", i))
        if [(h.start, h.end) for h in places._scan(parsed, gaz)] != plain_scan(parsed, gaz):
            differ.append(("scan", i))
    assert differ == []


SCAN_CASES = [
    ("استان آذربایجان شرقی و آذربایجان‌شرقی و آذربایجانشرقی", 3),
    ("شهرستان اسلام شهر و کهگیلویه و بویراحمد", 2),
]


@pytest.mark.parametrize(("text", "hits"), SCAN_CASES)
def test_scan_cases(text: str, hits: int) -> None:
    parsed = places._Text(text)
    found = places._scan(parsed, places._gazetteer())
    assert [(h.start, h.end) for h in found] == plain_scan(parsed, places._gazetteer())
    assert len(found) == hits


def plain_fact_dict(fact: Fact) -> dict:
    out = asdict(fact)
    for key in ("start", "end"):
        out.pop(key)
    if out["range"] is None:
        out.pop("range")
    return out


def test_fact_dict_fields_in_order() -> None:
    facts = [fact for text in _texts()[::2] for fact in find_quantities(text)]
    facts += [Fact("money", 2.5, "۲.۵ میلیارد ریال", range="from", where=["title", "body"], mentions=2, start=3)]
    assert len(facts) > 500 and any(f.range for f in facts)
    assert [list(f.to_dict().items()) for f in facts] == [list(plain_fact_dict(f).items()) for f in facts]
    fact = facts[-1]
    assert fact.to_dict()["where"] is not fact.where  # a copy, as asdict gives


def test_sentences_without_a_matched_name_are_not_searched_for_places() -> None:
    # a sentence holding none of the article's matched first words has no place: skipping it changes nothing
    from newsbot.facts import _figures
    from newsbot.facts import article_text as joined

    skipped = searched = 0
    for _, article in list(articles())[::4]:
        title, lead, body = article["title"], article["abstract"], "\n\n".join(article["paragraphs"])
        for zones in ((title, lead, body), tuple(normalize_text(z or "") for z in (title, lead, body))):
            names = places.find_places_and_names(joined(*zones))[1]
            for fact in find_quantities(zones[2]):
                if places.may_name_places(fact.sentence, names):
                    searched += 1
                else:
                    skipped += 1
                    assert places.find_places(fact.sentence) == [], fact.sentence
            with_names = [f.to_dict() for f in _figures(*zones, names)]
            assert with_names == [f.to_dict() for f in _figures(*zones)]
    assert skipped > 1000 and searched > 100


def test_number_anchors_as_the_plain_regex() -> None:
    # the number words grouped by first letter: the same anchors as the plain alternation
    from newsbot.text import numbers
    from newsbot.text.fold import fold

    letter = r"[^\W\d_]"
    mags, glued = numbers._MAG_ALT, numbers._GLUED_ALT
    plain = re.compile(rf"[0-9]+|(?<!{letter})(?:(?:{numbers._NUM_ALT})(?:(?!{letter})|(?={mags}|{glued}))|{mags})")
    assert plain.pattern != numbers._ANCHOR_RE.pattern
    texts = [fold(text) for text in _texts()] + ["دو", "دوهزار", "بدو", "دومیلیون", "دوازده", "سیصد", "سی‌تی", "x دو"]
    differ = [
        i
        for i, text in enumerate(texts)
        if [m.span() for m in plain.finditer(text)] != [m.span() for m in numbers._ANCHOR_RE.finditer(text)]
    ]
    assert differ == []


def test_first_words_after_as_the_six_word_pattern() -> None:
    from newsbot.facts import quantities

    texts = [quantities.fold(text) for text in _texts()[::3]] + ["  الف  ب ج", "الف", "۱ الف", " "]
    for text in texts:
        for pos in range(0, len(text), 7):
            m = quantities._WORDS_AFTER_RE.match(text, pos)
            for limit in range(1, 8):
                plain = (
                    []
                    if m is None
                    else [(m.start(i), m.end(i), m.group(i)) for i in range(1, min(limit, m.lastindex or 0) + 1)]
                )
                assert [(x.start, x.end, x.key) for x in quantities._words_after(text, pos, limit)] == plain


def test_places_give_the_folded_text() -> None:
    from newsbot.text.fold import fold

    for text in _texts():
        assert places.find_places_and_names(text)[2] == fold(text)


COMPOUND_GIVEN_CASES = [
    ("سیدمحمد", True),
    ("میرحسین", True),
    ("محمدامین", True),
    ("زهراسادات", True),
    ("سیدکتاب", False),
]


@pytest.mark.parametrize(("word", "compound"), COMPOUND_GIVEN_CASES)
def test_compound_given_names(word: str, compound: bool) -> None:
    doc = people._Doc(word)
    assert doc._compound_given(doc.keys[0]) is compound
    assert people._compound_given(doc.keys[0]) is compound  # and again, from the cache


def test_gazetteer_matches_with_the_fast_path() -> None:
    # match() answers at once for a token that starts no longer entry; the same ends as the plain loop
    def plain_match(doc: people._Doc, i: int, full: frozenset[str] | dict, prefixes: frozenset[str]) -> int:
        best, acc = -1, ""
        for j in range(i, min(i + people._MAX_ENTRY_TOKENS, doc.n)):
            if doc.kinds[j] != "w":
                break
            acc += doc.keys[j]
            if acc in full:
                best = j + 1
            if acc not in prefixes:
                break
        return best

    for text in _texts()[::5]:
        doc = people._Doc(text)
        lx = doc.lx
        for table, prefixes in (
            (lx.roles, lx.role_prefixes),
            (lx.honorifics, lx.honorific_prefixes),
            (lx.given, lx.given_prefixes),
        ):
            assert [doc.match(i, table, prefixes) for i in range(doc.n + 1)] == [
                plain_match(doc, i, table, prefixes) for i in range(doc.n + 1)
            ]


@pytest.mark.parametrize(
    ("matched", "key"), [("تامین اجتماعی", "تامیناجتماعی"), ("وزارت تعاون، کار", "وزارتتعاونکار"), ("x", "x")]
)
def test_alias_key_cached(matched: str, key: str) -> None:
    from newsbot.facts.relevance import _key

    assert _key(matched) == key
    assert _key(matched) == key  # from the cache
