"""The shortcuts of newsbot/text/normalize.py give the answers of the plain code they replace, on the whole
bundled corpus and on hand-written cases: the pair look-ups asked only for a listed left word."""

from __future__ import annotations

import pytest
from hazm.constants import SUFFIXES as HAZM_SUFFIXES

from newsbot.text import normalize as nz
from tests.fars import article_text, articles

Z = nz.ZWNJ


def _z(text: str) -> str:
    return text.replace("+", Z)


def _texts() -> list[str]:
    return [article_text(article) for _, article in articles()]


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
