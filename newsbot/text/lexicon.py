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
from itertools import pairwise
from pathlib import Path

from newsbot.text.fold import fold, fold_chars

__all__ = ["Lexicon", "WordCounts", "WordSet", "lexicon", "word_counts"]

ZWNJ = "\u200c"


def _buckets(hashes: Iterable[int]) -> list[array]:
    """Hashes split by their top byte, in signed order: each part sorts alone, so no list of them all is built."""
    buckets = [array("q") for _ in range(256)]
    for h in hashes:
        buckets[(h >> 56) + 128].append(h)
    return buckets


def _sorted(hashes: Iterable[int]) -> array:
    """`array("q", sorted(hashes))` with a peak of a few hundred kB, not 40 bytes a hash (a crawl's peak memory)."""
    out = array("q")
    for bucket in _buckets(hashes):
        out.extend(sorted(bucket))
    return out


class WordSet:
    """A read-only set of strings kept as their sorted hashes (8 bytes a word)."""

    __slots__ = ("_hashes",)

    def __init__(self, hashes: Iterable[int]) -> None:
        self._hashes = _sorted(hashes)  # a repeated hash is harmless to the search

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
    hashes = _sorted(hash(word) for word, _, _ in _lines(path))
    twice = {a for a, b in pairwise(hashes) if a == b}  # from a sorted array, not a set of every word
    return {word: (count, tags) for word, count, tags in _lines(path) if hash(word) in twice}


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


class _Pairs:
    """(hash, count) pairs gathered in 256 parts by the hash's top byte, like `_buckets`."""

    def __init__(self) -> None:
        self.hashes, self.counts = [array("q") for _ in range(256)], [array("q") for _ in range(256)]

    def add(self, key: str, count: int) -> None:
        h = hash(key)
        self.hashes[(h >> 56) + 128].append(h)
        self.counts[(h >> 56) + 128].append(count)


class WordCounts:
    """A read-only map of strings to counts, kept as sorted hashes beside their counts (16 bytes a word)."""

    __slots__ = ("_counts", "_hashes", "total")

    def __init__(self, pairs: _Pairs) -> None:
        """Each key's largest count is kept; `total` is the sum of those."""
        self._hashes, self._counts = array("q"), array("q")
        for part, values in zip(pairs.hashes, pairs.counts, strict=True):
            for i in sorted(range(len(part)), key=part.__getitem__):
                if self._hashes and self._hashes[-1] == part[i]:
                    self._counts[-1] = max(self._counts[-1], values[i])
                else:
                    self._hashes.append(part[i])
                    self._counts.append(values[i])
        self.total = sum(self._counts)

    def get(self, key: str, default: int = 0) -> int:
        h, hashes = hash(key), self._hashes
        i = bisect_left(hashes, h)
        return self._counts[i] if i < len(hashes) and hashes[i] == h else default

    def __len__(self) -> int:
        return len(self._hashes)


@cache
def word_counts() -> tuple[WordCounts, WordCounts]:
    """hazm's corpus count of each word, by its `fold` (the desk's word weights) and by its `squash` (the people
    finder's rare-word test): spellings that fold alike share the largest count. One pass, a few MB kept."""
    folded, squashed = _Pairs(), _Pairs()
    for word, count, _ in _lines(_hazm_data() / "words.dat"):
        if count <= 0:
            continue  # seven in eight words: a missing word counts 0 all the same
        key = fold(word)
        folded.add(key, count)
        squashed.add("".join(key.split()), count)
    return WordCounts(folded), WordCounts(squashed)


def _add_heads(word: str, heads: set[str]) -> None:
    """The parts of `word` before each of its ZWNJs («می‌توان‌گفت» → «می», «می‌توان»); none for a form
    with a space («خواهد رفت»): tokens never hold one."""
    if ZWNJ not in word or " " in word:
        return
    end = word.find(ZWNJ)
    while end != -1:
        heads.add(word[:end])
        end = word.find(ZWNJ, end + 1)
