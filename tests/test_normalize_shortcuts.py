"""The shortcuts of newsbot/text/normalize.py give the answers of the plain code they replace, on the whole
bundled corpus and on hand-written cases: hazm's spacing patterns skipped only where they cannot match, the
number protection tried only where a match can start, the pair look-ups asked only for a listed left word."""

from __future__ import annotations

import re

import pytest
from hazm.constants import AFFIX_SPACING_PATTERNS, EXTRA_SPACE_PATTERNS, PUNCTUATION_SPACING_PATTERNS
from hazm.constants import SUFFIXES as HAZM_SUFFIXES
from hazm.utils import regex_replace

from newsbot.text import normalize as nz
from tests.fars import article_text, articles

Z = nz.ZWNJ


def _z(text: str) -> str:
    return text.replace("+", Z)


def _texts() -> list[str]:
    return [article_text(article) for _, article in articles()]


def plain_protect(text: str) -> tuple[str, list[str]]:
    """The protection as one `re.sub` over the whole text."""
    tokens: list[str] = []

    def hide(match: re.Match[str]) -> str:
        token, before, after = nz._protected_form(match, text)
        tokens.append(token)
        return before + chr(nz._PLACEHOLDER_BASE + len(tokens) - 1) + after

    return nz._PROTECT.sub(hide, text), tokens


def plain_token_spacing(tokens: list[str]) -> list[str]:
    """`token_spacing` asking the large sets about every pair."""
    lex = nz._normalizer()._lexicon
    result: list[str] = []
    for t, token in enumerate(tokens):
        joined = False
        if result:
            pair = result[-1] + Z + token
            if pair in lex.verbs or pair in lex.attested:
                joined = not (t < len(tokens) - 1 and f"{token}_{tokens[t + 1]}" in lex.verbs)
            elif token in HAZM_SUFFIXES and result[-1] in lex.words:
                joined = True
            joined = joined and not nz._starts_number_compound(result[-1], token)
        if joined:
            result[-1] = result[-1] + Z + token
        else:
            result.append(token)
    return result


PROTECT_CASES = [
    "نشانی https://www.tabnak.ir/fa/news/1399497/راهی-ساده و www.isna.ir.",
    "نامه به info@tamin.ir و a.b-c@x.co.uk فرستاده شد",
    "ویروس COVID-19 و H1N1 و Boeing-737 و A320 و rock'n'roll",
    "دمای -۵ و −3 و (+12) و «-7» درجه، نه x-5",
    "رشد 50% و ۱۲٫۵٪ و 1,200 و ۱۴۰۲/۰۴/۰۵ و ۱۱:۵۰ و 1.2.3",
    "مخاطب24 و بالای۷۳درصد و ۱۲امین و ٤٠٣",
    "...-+%._ بدون عدد",
    "",
]


@pytest.mark.parametrize("text", PROTECT_CASES)
def test_protect_cases(text: str) -> None:
    assert nz._protect(text) == plain_protect(text)


def test_protect_on_the_corpus() -> None:
    differ = [i for i, text in enumerate(_texts()) if nz._protect(text) != plain_protect(text)]
    assert differ == []


SPACING_CASES = [
    " سلام  دنیا ",  # a space at either end, a double space
    "سلام \nدنیا \n",  # `$` also matches before a last line break
    "یک\n\n\n\nدو",
    _z("کاروان++سرا و +سلام+ به +همه+ و کتاب+ ها"),
    "دنیـــا\r",
    'گفت: " سلام به همه " و رفت',
    "به طول ۹متر و عرض۶ و 12ساعت و ساعت12",
    "گفت:«سلام»(خبر)و رفت.بعد آمد",
    "متنی ساده بی هیچ چیزی",
]


def _both(text: str) -> tuple[str, str]:
    hazm = regex_replace(PUNCTUATION_SPACING_PATTERNS, regex_replace(EXTRA_SPACE_PATTERNS, text))
    ours = nz._replace(nz._PUNCTUATION_SPACING, nz._replace(nz._EXTRA_SPACE, text))
    return ours, hazm


@pytest.mark.parametrize("text", SPACING_CASES)
def test_spacing_patterns_cases(text: str) -> None:
    ours, hazm = _both(text)
    assert ours == hazm


def test_spacing_patterns_on_the_corpus() -> None:
    # as normalize_text feeds them (numbers hidden) and on the raw text (digits left in)
    texts = _texts()
    differ = [i for i, text in enumerate(texts) if len(set(_both(text))) > 1]
    differ += [i for i, text in enumerate(texts) if len(set(_both(nz._protect(text)[0]))) > 1]
    assert differ == []


def test_every_hazm_spacing_pattern_is_compiled_in_order() -> None:
    def ours(patterns: list[tuple[str, str]]) -> list[str]:
        return [nz._EQUIVALENT.get(p, (p, r))[0] for p, r in patterns]

    affix = [(p, r) for p, r in AFFIX_SPACING_PATTERNS if not p.startswith("(^| )(ن?می)")]
    assert [p.pattern for p, _, _ in nz._EXTRA_SPACE] == ours(EXTRA_SPACE_PATTERNS)
    assert [p.pattern for p, _, _ in nz._PUNCTUATION_SPACING] == ours(PUNCTUATION_SPACING_PATTERNS)
    assert [p.pattern for p, _, _ in nz._normalizer()._affix_patterns] == ours(affix)
    hazm = {p for p, _ in EXTRA_SPACE_PATTERNS + PUNCTUATION_SPACING_PATTERNS + AFFIX_SPACING_PATTERNS}
    assert set(nz._PATTERN_NEEDS) <= hazm
    assert set(nz._EQUIVALENT) <= hazm


EQUIVALENT_CASES = [
    _z("کار+ و +کار و ب+ +ج و +آغاز و پایان+ و a+b و +x+ و 1+2 و (+) و ++ و الف++ب+++ و ++"),
    _z("+ب ب+ +ب+ ++ب ب++ ب++ج"),
    "بهتر تر و زیبا ترین و کار گر و کتاب های و کتاب ها. و (الف ها) و «ب تر» و ۱۲ تر و a ها",
    "الف(ب) و ((ج)) و «د» و [ه] و {و} و ( ز) و \n(ح) و (ط",
    "خانه ی من و ه ی و  ه ی و خانهه ی و خانه ی خانه ی و نامه ای که خانه ام را و گفته اند. و رفته اید\n",
    "ه ام ه اش و خانه ام ه ام و خانه ات، و آنها ایم؟",
]


@pytest.mark.parametrize("pattern", list(nz._EQUIVALENT))
def test_each_rewritten_pattern_gives_hazm_s_text(pattern: str) -> None:
    hazm_repl = dict(EXTRA_SPACE_PATTERNS + PUNCTUATION_SPACING_PATTERNS + AFFIX_SPACING_PATTERNS)[pattern]
    faster, repl = nz._EQUIVALENT[pattern]
    hazm, ours = re.compile(pattern), re.compile(faster)
    texts = EQUIVALENT_CASES + _texts()
    texts += [nz._normalizer().normalize(nz._protect(text)[0]) for text in texts[::7]]
    assert [i for i, text in enumerate(texts) if hazm.sub(hazm_repl, text) != ours.sub(repl, text)] == []


TOKEN_SPACING_CASES = [
    ("کتاب ها", "کتاب+ها"),
    ("او می رود", "او می+رود"),
    ("ماه می سال جدید", "ماه می سال جدید"),
    ("اخلال گر", "اخلال+گر"),
    ("زمین لرزه ای", "زمین+لرزه+ای"),
    ("یک میلیون", "یک میلیون"),
    ("سه شنبه", "سه+شنبه"),
    ("ده ها", "ده+ها"),
    ("نمی توان گفت", "نمی توان گفت"),
    ("خانه ای", "خانه+ای"),
    ("برگزار می شود", "برگزار می+شود"),
    ("تأمین اجتماعی", "تأمین اجتماعی"),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_SPACING_CASES)
def test_token_spacing_cases(text: str, expected: str) -> None:
    assert " ".join(nz._normalizer().token_spacing(text.split())) == _z(expected)
    assert plain_token_spacing(text.split()) == _z(expected).split()


def test_token_spacing_on_the_corpus() -> None:
    normalizer = nz._normalizer()
    differ = []
    for i, text in enumerate(_texts()[::3]):
        for line in nz._protect(text)[0].split("\n"):
            tokens = normalizer._tokenizer.tokenize(line)
            if normalizer.token_spacing(tokens) != plain_token_spacing(tokens):
                differ.append((i, line))
    assert differ == []


def plain_tidy(paragraph: str) -> str:
    """The tidying with a call per ZWNJ run: one ZWNJ kept between two letters, none elsewhere."""

    def keep(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        before = start > 0 and nz._IS_LETTER.match(paragraph[start - 1]) is not None
        return Z if before and nz._IS_LETTER.match(paragraph, end) else ""

    paragraph = re.sub(f"{Z}+", keep, paragraph)
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in paragraph.split("\n"))
    return "\n".join(line for line in lines if line)


TIDY_CASES = [
    "الف\tب  ج\u00a0د \u2009 ه\n و \n\t",
    "الف ب\nج",
    _z("+الف ب+ ج++د ه+++و ز+ +ح ط+۱ ۲+ی ی+a a+ی +"),
    _z("++"),
    _z("می+شود\n+ها و  کتاب+ها  \n\n  +"),
    "",
]


@pytest.mark.parametrize("paragraph", TIDY_CASES)
def test_tidy_cases(paragraph: str) -> None:
    assert nz._tidy(paragraph) == plain_tidy(paragraph)


def test_tidy_and_repair_on_the_corpus() -> None:
    normalizer = nz._normalizer()
    texts = [normalizer.normalize(nz._protect(text)[0]) for text in _texts()[::2]]
    assert [i for i, text in enumerate(texts) if nz._tidy(text) != plain_tidy(text)] == []
    plain = [nz._RUN.sub(lambda m: nz._repair_word(m[0]), text) for text in texts]
    assert [i for i, text in enumerate(texts) if nz.repair_zwnj(text) != plain[i]] == []


MI_CASES = [
    "نمیدانم چه میگفت و میز و نمی و میشود، (میرود) «میکرد» xمیرود ۱میرود _میرود",
    "او می رود و نمی خواهد، ماه می سال و می‌رود\nمی کند",
]


def plain_mi(normalizer: nz._Normalizer, text: str) -> tuple[str, str]:
    """hazm's own seperate_mi, and our «می X» join with its plain pattern."""
    from hazm import Normalizer

    plain_space = re.compile(f"(?<!\\S)(ن?می) ({nz._LETTER}+)")
    return Normalizer.seperate_mi(normalizer, text), plain_space.sub(normalizer._join_mi, text)


def test_mi_passes_on_the_corpus_and_cases() -> None:
    normalizer = nz._normalizer()
    texts = MI_CASES + _texts()
    differ = [
        i
        for i, text in enumerate(texts)
        if (normalizer.seperate_mi(text), nz._MI_SPACE.sub(normalizer._join_mi, text)) != plain_mi(normalizer, text)
    ]
    assert differ == []
    assert normalizer.seperate_mi("نمیدانم چه میگفت") == _z("نمی+دانم چه می+گفت")


def plain_correct_spacing(normalizer: nz._Normalizer, text: str) -> str:
    """correct_spacing with hazm's tokenizer called line by line."""
    text = nz._replace(nz._EXTRA_SPACE, text)
    lines = []
    for line in text.split("\n"):
        if line.strip():
            line = " ".join(normalizer.token_spacing(normalizer._tokenizer.tokenize(line)))
        lines.append(line)
    text = nz._replace(normalizer._affix_patterns, "\n".join(lines))
    text = nz._MI_SPACE.sub(normalizer._join_mi, text)
    return nz._replace(nz._PUNCTUATION_SPACING, text)


def test_tokenizing_the_text_at_once_on_the_corpus() -> None:
    normalizer = nz._normalizer()
    texts = ["الف\tب\n\n  \nج؟!د.۱۲:۳۰ «ه»\t\n", "", "\n"] + [nz._protect(text)[0] for text in _texts()[::2]]
    differ = [
        i for i, text in enumerate(texts) if normalizer.correct_spacing(text) != plain_correct_spacing(normalizer, text)
    ]
    assert differ == []


def test_tokenizer_marks_pattern_as_hazm_s() -> None:
    hazm = re.compile(nz._HAZM_TOKEN_MARKS)
    cases = ["الف؟!? ب ۱۲.۵:۳۰ ج.. د:: «ه» (و) [ز] {ح} ط/ی\\ک،ل؛م» ؟۱۲!.", "", "?.?..1?"]
    texts = cases + _texts()
    assert [i for i, text in enumerate(texts) if hazm.sub(r" \1 ", text) != nz._TOKEN_MARKS.sub(r" \1 ", text)] == []
