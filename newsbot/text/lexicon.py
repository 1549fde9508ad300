"""hazm's word list and verb forms, held as compact hash sets: the same answers to «is this a word / a verb
form?» in a few megabytes instead of the 250 MB of Python dictionaries hazm's Normalizer and Lemmatizer
build (which a crawl would carry for its whole run once one relevant article was normalized).

Read once per process straight from hazm's data files: `words.dat` (word, corpus count, tags; when a word
is listed twice its last line holds, as in hazm's dictionary) and every conjugated form of `verbs.dat`
(hazm's Conjugation, as its Lemmatizer does). A set holds a sorted array of the strings' `word_key`s: 64-bit
numbers that are the same in every process (a str's own hash is salted per process); two different strings
share one by a chance of about one in 10¹³ a lookup.

Reading hazm's files costs about 2 s of CPU, in every worker of a shared crawl; each set's sorted keys (and
the corpus counts of `word_counts`) are kept in a cache folder (`NEWSBOT_CACHE`, else ~/.cache/newsbot) as
the arrays' bytes, which a later process reads back whole in milliseconds. The folder's name is a digest of
hazm's two files, of this code, of Python's version (its tuple hash) and of this machine's integers, so a
change to any is never answered from an old cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import sys
import tempfile
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

from newsbot.text import fold as fold_module
from newsbot.text.fold import fold, fold_chars

__all__ = ["Lexicon", "WordCounts", "WordSet", "lexicon", "word_counts"]

ZWNJ = "\u200c"


def word_key(word: str) -> int:
    """The word's key in a set: the hash of the tuple of its UTF-8 bytes. Ints and tuples hash the same in every
    process (a str's hash is salted), and a tuple's hash mixes every byte (an int's alone is the number modulo
    2⁶¹−1, which a byte eight places on undoes). No two of hazm's 795,323 words, verb forms and folded forms
    share a key."""
    return hash(tuple(word.encode("utf-8", "surrogatepass")))


def _sorted(hashes: Iterable[int]) -> array:
    """`array("q", sorted(hashes))`, sorted a quarter of the hash range at a time: a list of a quarter of the
    ints at once, not of them all (40 bytes an int: 4 MB instead of 17 for the verb forms), for about the
    time of one sort of them all (a crawl's peak memory)."""
    gathered = hashes if isinstance(hashes, array) else array("q", hashes)
    out = array("q")
    step = 1 << 62
    for low in range(-(1 << 63), 1 << 63, step):
        out.extend(sorted(h for h in gathered if low <= h < low + step))
    return out


class WordSet:
    """A read-only set of strings kept as their sorted `word_key`s (8 bytes a word)."""

    __slots__ = ("_hashes",)

    def __init__(self, hashes: Iterable[int], *, ordered: bool = False) -> None:
        # a repeated key is harmless to the search; `ordered`: sorted already (read from the cache)
        self._hashes = hashes if ordered and isinstance(hashes, array) else _sorted(hashes)

    @classmethod
    def of(cls, words: Iterable[str]) -> WordSet:
        return cls(map(word_key, words))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        h, hashes = word_key(word), self._hashes
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
    """hazm's data folder, found without importing hazm (half a second of NLTK)."""
    spec = importlib.util.find_spec("hazm")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("hazm is not installed")
    return Path(spec.origin).parent / "data"


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


# What the cache folder holds, a file each: every set's sorted keys, the two lists as strings (a line each), and
# `word_counts`' two maps as sorted keys beside their counts
HASHED = ("words", "attested", "verbs", "known", "known_attested", "adjectives")
LISTS = ("zwnj_words", "verb_heads")
COUNTS = ("by_fold", "by_squash")


@cache
def lexicon() -> Lexicon:
    """From this machine's cache when it has one for these hazm files and this code, else read from hazm's
    files (about 2 s of CPU, every worker) and cached for the next process."""
    folder = _cache_folder()
    if folder is not None and folder.is_dir():
        try:
            found = _load(folder)
        except (OSError, ValueError):  # damaged by hand (it only ever appears whole): made again
            shutil.rmtree(folder, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.utime(folder)  # in use: kept by the pruning of `_prune_unused`
            return found
    return _build(folder)


UNUSED_DAYS = 30  # a cache folder no process has read for this long is removed when another is written


def _prune_unused(folder: Path) -> None:
    """Remove the other lexicon folders beside `folder` that no process has read for UNUSED_DAYS (each change
    of hazm or of this code leaves one behind)."""
    old = time.time() - UNUSED_DAYS * 86400
    for other in folder.parent.glob("lexicon-*"):
        with contextlib.suppress(OSError):
            if other != folder and other.is_dir() and other.stat().st_mtime < old:
                shutil.rmtree(other)


def _cache_folder() -> Path | None:
    """`NEWSBOT_CACHE` (or ~/.cache/newsbot)/lexicon-KEY; KEY changes with hazm's files, with this code and with
    how this Python hashes tuples and this machine stores integers."""
    root = os.environ.get("NEWSBOT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsbot"
    )
    key = hashlib.sha1(f"{sys.version_info[:2]} {sys.byteorder} {sys.hash_info.width}\n".encode())
    try:
        key.update(importlib.metadata.version("hazm").encode())  # its Conjugation makes the verb forms
        for name in ("words.dat", "verbs.dat"):
            stat = (_hazm_data() / name).stat()
            key.update(f"{name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
        for module in (__file__, fold_module.__file__):  # how the strings are chosen and folded
            key.update(Path(module).read_bytes())
    except (OSError, importlib.metadata.PackageNotFoundError):
        return None
    return Path(root) / f"lexicon-{key.hexdigest()[:16]}"


def _load(folder: Path) -> Lexicon:
    """Each set's sorted keys from their file, as written."""
    _check(folder)
    sets = {name: WordSet(_read_keys(folder / f"{name}.keys"), ordered=True) for name in HASHED}
    zwnj_words, verb_heads = ((folder / f"{name}.txt").read_text(encoding="utf-8").split("\n")[:-1] for name in LISTS)
    return _assemble(sets, zwnj_words, set(verb_heads))


SIZES = "sizes.txt"  # written last: each file of the folder and its size in bytes


def _check(folder: Path) -> None:
    """ValueError when a file of the folder is missing or not the size it was written at (cut, emptied)."""
    for line in (folder / SIZES).read_text(encoding="utf-8").splitlines():
        name, size = line.rsplit(" ", 1)
        if (folder / name).stat().st_size != int(size):
            raise ValueError(f"{folder / name}: not the size it was written at")


def _read_keys(path: Path) -> array:
    """An array of 8-byte integers from its bytes (ValueError when the file was cut: a damaged cache)."""
    keys = array("q")
    keys.frombytes(path.read_bytes())
    return keys


def _build(folder: Path | None) -> Lexicon:
    """Read once, streaming: only the hashes are kept, never a dictionary of the 190,000 words; the strings go
    to a new cache folder when there is one to write (renamed into place whole: another worker may race)."""
    out = _Writer(folder)
    path = _hazm_data() / "words.dat"
    repeated = _repeated(path)
    done: set[str] = set()
    zwnj_words: list[str] = []
    for word, count, tags in _lines(path):
        if word in repeated:
            if word in done:
                continue
            done.add(word)  # at its first line (hazm's order), with its last line's values
            count, tags = repeated[word]
        out.add("words", word)
        if count > 0:
            out.add("attested", word)
        if ZWNJ in word:
            if count > 0:
                zwnj_words.append(word)
            continue
        key = fold_chars(word)
        out.add("known", key)
        if count > 0:
            out.add("known_attested", key)
            if "AJ" in tags.split(","):
                out.add("adjectives", key)
    verb_heads: set[str] = set()
    for form in _verb_forms():
        out.add("verbs", form)
        _add_heads(form, verb_heads)
    sets = {name: WordSet(hashes) for name, hashes in out.hashes.items()}
    out.close(sets, zwnj_words, sorted(verb_heads), _count_words())
    return _assemble(sets, zwnj_words, verb_heads)


def _assemble(sets: dict[str, WordSet], zwnj_words: list[str], verb_heads: set[str]) -> Lexicon:
    heads = set(verb_heads)
    for word in zwnj_words:
        _add_heads(word, heads)
    return Lexicon(
        **sets,
        zwnj_words=zwnj_words,
        zwnj_heads=frozenset(heads),
        verb_heads=frozenset(verb_heads),
        zwnj_attested=frozenset(zwnj_words),
    )


class _Writer:
    """The build's keys per set; at the end (given a cache folder) everything the cache holds, written to a
    folder beside it that is then renamed into place."""

    def __init__(self, folder: Path | None) -> None:
        self.hashes: dict[str, array] = {name: array("q") for name in HASHED}
        self.folder = folder

    def add(self, name: str, word: str) -> None:
        self.hashes[name].append(word_key(word))

    def close(
        self, sets: dict[str, WordSet], zwnj_words: list[str], verb_heads: list[str], counts: tuple[WordCounts, ...]
    ) -> None:
        if self.folder is None:
            return
        tmp = None
        try:
            self.folder.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}-", dir=self.folder.parent))
            for name, found in sets.items():
                (tmp / f"{name}.keys").write_bytes(found._hashes.tobytes())
            for name, words in zip(LISTS, (zwnj_words, verb_heads), strict=True):
                (tmp / f"{name}.txt").write_text("".join(word + "\n" for word in words), encoding="utf-8")
            for name, table in zip(COUNTS, counts, strict=True):
                (tmp / f"{name}.keys").write_bytes(table._hashes.tobytes())
                (tmp / f"{name}.counts").write_bytes(table._counts.tobytes())
            sizes = "".join(f"{f.name} {f.stat().st_size}\n" for f in sorted(tmp.iterdir()))
            (tmp / SIZES).write_text(sizes, encoding="utf-8")
            os.rename(tmp, self.folder)  # whole or not at all
            _prune_unused(self.folder)
        except OSError:  # not writable, or another process put its folder there first
            pass
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


class _Pairs:
    """(hash, count) pairs gathered in 256 parts by the hash's top byte: each part sorts alone."""

    def __init__(self) -> None:
        self.hashes, self.counts = [array("q") for _ in range(256)], [array("q") for _ in range(256)]

    def add(self, key: str, count: int) -> None:
        h = word_key(key)
        self.hashes[(h >> 56) + 128].append(h)
        self.counts[(h >> 56) + 128].append(count)


class WordCounts:
    """A read-only map of strings to counts, kept as sorted `word_key`s beside their counts (16 bytes a word)."""

    __slots__ = ("_counts", "_hashes", "total")

    def __init__(self, pairs: _Pairs | tuple[array, array]) -> None:
        """Each key's largest count is kept; `total` is the sum of those. (keys, counts): as the cache holds them."""
        if isinstance(pairs, tuple):
            self._hashes, self._counts = pairs
            self.total = sum(self._counts)
            return
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
        h, hashes = word_key(key), self._hashes
        i = bisect_left(hashes, h)
        return self._counts[i] if i < len(hashes) and hashes[i] == h else default

    def __len__(self) -> int:
        return len(self._hashes)


@cache
def word_counts() -> tuple[WordCounts, WordCounts]:
    """hazm's corpus count of each word, by its `fold` (the desk's word weights) and by its `squash` (the people
    finder's rare-word test): spellings that fold alike share the largest count. From the lexicon's cache folder
    when there is one, else one pass over words.dat; a few MB kept."""
    folder = _cache_folder()
    if folder is not None and folder.is_dir():
        try:
            _check(folder)
            folded, squashed = (
                WordCounts((_read_keys(folder / f"{name}.keys"), _read_keys(folder / f"{name}.counts")))
                for name in COUNTS
            )
            return folded, squashed  # each file the size it was written at (_check): keys and counts pair up
        except (OSError, ValueError):  # damaged: counted afresh here; the next process's lexicon() makes it again
            pass
    return _count_words()


def _count_words() -> tuple[WordCounts, WordCounts]:
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
