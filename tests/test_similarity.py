"""SimHash (newsbot/text/similarity.py): the bit-sliced tally gives the textbook fingerprint, bit for bit."""

from __future__ import annotations

import hashlib

import pytest

from newsbot.text.similarity import hamming, shingles, simhash
from tests.fars import articles


def textbook_simhash(text: str) -> int:
    """The definition, one bit at a time: +1 for each shingle whose blake2b-64 hash has the bit, −1 if not."""
    weights = [0] * 64
    for sh in shingles(text):
        h = int.from_bytes(hashlib.blake2b(sh.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def test_same_fingerprint_as_the_definition_on_the_corpus() -> None:
    bodies = ["\n\n".join(a["paragraphs"]) for _, a in articles()][::5]
    differ = [i for i, body in enumerate(bodies) if simhash(body) != textbook_simhash(body)]
    assert differ == []
    assert len(bodies) == 300


@pytest.mark.parametrize(
    "text",
    ["", "یک", "یک دو", "یک دو سه", "a b c d", "مي‌شود كار", "بیمه " * 3000],
    ids=["empty", "one word", "two words", "one shingle", "latin", "arabic letters and zwnj", "3,000 words"],
)
def test_short_and_odd_texts(text: str) -> None:
    assert simhash(text) == textbook_simhash(text)


def test_spellings_that_differ_only_in_zwnj_and_arabic_letters_hash_alike() -> None:
    assert simhash("سازمان تأمين‌اجتماعي كشور اعلام كرد") == simhash("سازمان تأمیناجتماعی کشور اعلام کرد")


def test_a_reworded_sentence_stays_near() -> None:
    body = "\n\n".join(next(a for _, a in articles() if len("".join(a["paragraphs"])) > 3000)["paragraphs"])
    edited = body.replace("گفت", "اظهار کرد", 1)
    assert 0 < hamming(simhash(body), simhash(edited)) <= 6


def test_shingles_are_word_windows() -> None:
    assert shingles("الف ب پ ت") == ["الف ب پ", "ب پ ت"]
    assert shingles("الف ب پ ت", size=2) == ["الف ب", "ب پ", "پ ت"]
    assert shingles("الف ب", size=3) == ["الف ب"]
