"""The shortcuts of newsbot/text/normalize.py give the answers of the plain code they replace, on the whole
bundled corpus and on hand-written cases: hazm's spacing patterns skipped only where they cannot match, the
number protection tried only where a match can start, the pair look-ups asked only for a listed left word."""

from __future__ import annotations

import re

import pytest
from hazm.constants import EXTRA_SPACE_PATTERNS, PUNCTUATION_SPACING_PATTERNS
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
    assert [p.pattern for p, _, _ in nz._EXTRA_SPACE] == [p for p, _ in EXTRA_SPACE_PATTERNS]
    assert [p.pattern for p, _, _ in nz._PUNCTUATION_SPACING] == [p for p, _ in PUNCTUATION_SPACING_PATTERNS]
    assert set(nz._PATTERN_NEEDS) <= {p for p, _ in EXTRA_SPACE_PATTERNS + PUNCTUATION_SPACING_PATTERNS}


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
