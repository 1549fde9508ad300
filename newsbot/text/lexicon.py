"""hazm's word list and verb forms, held as compact hash sets: the same answers to «is this a word / a verb
form?» in a few megabytes instead of the 250 MB of Python dictionaries hazm's Normalizer and Lemmatizer
build (which a crawl would carry for its whole run once one relevant article was normalized).

Read once per process straight from hazm's data files: `words.dat` (word, corpus count, tags; when a word
is listed twice its last line holds, as in hazm's dictionary) and every conjugated form of `verbs.dat`
(hazm's Conjugation, as its Lemmatizer does). A set holds 64-bit hashes of the strings; two different
strings colliding within one process's hash is a chance of about one in 10¹³.
"""

from __future__ import annotations

import os
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from newsbot.text.fold import fold_chars

__all__ = ["Lexicon", "WordSet", "lexicon"]

ZWNJ = "\u200c"


class WordSet:
    """A read-only set of strings kept as their sorted hashes (8 bytes a word)."""

    __slots__ = ("_hashes",)

    def __init__(self, hashes: array) -> None:
        self._hashes = array("q", sorted(hashes))  # a repeated hash is harmless to the search

    def __contains__(self, word: object) -> bool:
        h, hashes = hash(word), self._hashes
        i = bisect_left(hashes, h)
        return i < len(hashes) and hashes[i] == h

    def __len__(self) -> int:
        return len(self._hashes)


@dataclass(frozen=True)
class Lexicon:
    """What normalization asks of hazm's lexicon."""

    words: WordSet  # every listed word, as written
    attested: WordSet  # the words seen in hazm's corpus (count > 0), as written
    verbs: WordSet  # every conjugated form of every verb («می‌کرد», «توانسته‌ایم», «است»)
    known: WordSet  # folded (newsbot.text.fold.fold_chars) words without a ZWNJ
    known_attested: WordSet  # the same, seen in the corpus
    adjectives: WordSet  # folded words without a ZWNJ, seen in the corpus, tagged AJ
    zwnj_words: list[str] = field(default_factory=list)  # words with a ZWNJ seen in the corpus, in hazm's order
    # For a spacing pass that asks about many pairs «X‌Y»: every part before a ZWNJ of a one-word verb form
    # («می», «کرده») is in `verb_heads`, and of those and of `zwnj_words` in `zwnj_heads`; a pair is in `verbs`
    # only when X is a verb head, and in `attested` exactly when it is in `zwnj_attested` (small exact sets)
    zwnj_heads: frozenset[str] = frozenset()
    verb_heads: frozenset[str] = frozenset()
    zwnj_attested: frozenset[str] = frozenset()


def _hazm_data() -> Path:
    import hazm

    return Path(hazm.__file__).parent / "data"


def _lines(path: Path) -> Iterator[tuple[str, int, str]]:
    """(word, count, tags) per line of words.dat, as hazm reads it (lines of three fields only)."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            item = line.strip().split("\t")
            if len(item) == 3:
                yield item[0], int(item[1]), item[2]


def _repeated(path: Path) -> dict[str, tuple[int, str]]:
    """(count, tags) of the last line of each word listed more than once (hazm's dictionary keeps that one)."""
    seen: set[int] = set()
    last: dict[str, tuple[int, str]] = {}
    for word, count, tags in _lines(path):
        h = hash(word)
        if h in seen:
            last[word] = (count, tags)
        seen.add(h)
    return last


def _verb_forms() -> Iterable[str]:
    """The forms hazm's Lemmatizer(joined_verb_parts=False) knows: «است» and every tense of every verb."""
    from hazm import Conjugation, WordTokenizer

    tokenizer = WordTokenizer(words_file=os.devnull)  # its verb list only: no word list loaded
    conjugation = Conjugation()
    yield "است"
    for verb in tokenizer.verbs:
        yield from conjugation.get_all(verb)


@cache
def lexicon() -> Lexicon:
    """Read once, streaming: only the hashes are kept, never a dictionary of the 190,000 words."""
    path = _hazm_data() / "words.dat"
    repeated = _repeated(path)
    done: set[str] = set()
    words, attested, known, known_attested, adjectives = (array("q") for _ in range(5))
    zwnj_words: list[str] = []
    for word, count, tags in _lines(path):
        if word in repeated:
            if word in done:
                continue
            done.add(word)  # at its first line (hazm's order), with its last line's values
            count, tags = repeated[word]
        h = hash(word)
        words.append(h)
        if count > 0:
            attested.append(h)
        if ZWNJ in word:
            if count > 0:
                zwnj_words.append(word)
            continue
        key = hash(fold_chars(word))
        known.append(key)
        if count > 0:
            known_attested.append(key)
            if "AJ" in tags.split(","):
                adjectives.append(key)
    verbs = array("q")
    verb_heads: set[str] = set()
    for form in _verb_forms():
        verbs.append(hash(form))
        _add_heads(form, verb_heads)
    heads = set(verb_heads)
    for word in zwnj_words:
        _add_heads(word, heads)
    return Lexicon(
        words=WordSet(words),
        attested=WordSet(attested),
        verbs=WordSet(verbs),
        known=WordSet(known),
        known_attested=WordSet(known_attested),
        adjectives=WordSet(adjectives),
        zwnj_words=zwnj_words,
        zwnj_heads=frozenset(heads),
        verb_heads=frozenset(verb_heads),
        zwnj_attested=frozenset(zwnj_words),
    )


def _add_heads(word: str, heads: set[str]) -> None:
    """The parts of `word` before each of its ZWNJs («می‌توان‌گفت» → «می», «می‌توان»); none for a form
    with a space («خواهد رفت»): tokens never hold one."""
    if ZWNJ not in word or " " in word:
        return
    end = word.find(ZWNJ)
    while end != -1:
        heads.add(word[:end])
        end = word.find(ZWNJ, end + 1)
