"""newsbot/text/lexicon.py answers as hazm's own dictionaries do, for every word and verb form hazm knows."""

from __future__ import annotations

import os
import shutil
from array import array
from pathlib import Path

import pytest

from newsbot.text import lexicon as lexicon_module
from newsbot.text.fold import fold, fold_chars, squash
from newsbot.text.lexicon import HASHED, Lexicon, WordCounts, WordSet, _Pairs, word_counts, word_key

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Lexicon, Path]:
    """One build from hazm's files for the module (~2 s): the lexicon, and the cache folder it wrote."""
    folder = tmp_path_factory.mktemp("cache") / "lexicon-test"
    return lexicon_module._build(folder), folder


def cache_copy(built: tuple[Lexicon, Path], tmp_path: Path) -> Path:
    """A cache folder of this test's own, as the build wrote it."""
    return Path(shutil.copytree(built[1], tmp_path / "lexicon-z"))


@pytest.fixture(scope="module", params=["read from hazm's files", "loaded from the cache"])
def lexicon(request, built: tuple[Lexicon, Path]) -> Lexicon:
    """Every test below holds for the lexicon a process builds and for the one the next process loads."""
    if request.param == "read from hazm's files":
        return built[0]
    assert built[1].is_dir()
    return lexicon_module._load(built[1])


@pytest.fixture(scope="module")
def hazm_tables() -> tuple[dict, set]:
    from hazm import Lemmatizer
    from hazm.utils import words_list

    words = {word: (count, tags) for word, count, tags in words_list()}  # hazm's Normalizer's dictionary
    verbs = set(Lemmatizer(joined_verb_parts=False).verbs)  # hazm's Normalizer's verb table
    return words, verbs


def test_every_word_and_its_corpus_count(hazm_tables: tuple[dict, set], lexicon: Lexicon) -> None:
    words, _ = hazm_tables
    lex = lexicon
    assert [w for w in words if w not in lex.words] == []
    assert [w for w, (count, _) in words.items() if (w in lex.attested) != (count > 0)] == []


def test_every_verb_form(hazm_tables: tuple[dict, set], lexicon: Lexicon) -> None:
    _, verbs = hazm_tables
    assert [v for v in verbs if v not in lexicon.verbs] == []


def test_folded_tables(hazm_tables: tuple[dict, set], lexicon: Lexicon) -> None:
    words, _ = hazm_tables
    best: dict[str, int] = {}
    adjectives = set()
    for word, (count, tags) in words.items():
        if ZWNJ not in word:
            key = fold_chars(word)
            best[key] = max(count, best.get(key, 0))
            if count > 0 and "AJ" in tags:
                adjectives.add(key)
    lex = lexicon
    assert [k for k in best if k not in lex.known] == []
    assert [k for k, count in best.items() if (k in lex.known_attested) != (count > 0)] == []
    assert [k for k in best if (k in lex.adjectives) != (k in adjectives)] == []
    assert lex.zwnj_words == [w for w, (count, _) in words.items() if count > 0 and ZWNJ in w]


NOT_WORDS = ["تأمیناجتماعیستان", "qwerty", "میخواهیمشان‌ها", "ککککک"]


@pytest.mark.parametrize("text", NOT_WORDS)
def test_what_is_not_listed_is_not_found(text: str, hazm_tables: tuple[dict, set], lexicon: Lexicon) -> None:
    words, verbs = hazm_tables
    assert text not in words and text not in verbs  # the table's premise
    lex = lexicon
    assert text not in lex.words and text not in lex.verbs


def test_word_set() -> None:
    found = WordSet.of(["الف", "ب", "الف"])
    assert "الف" in found and "ب" in found
    assert "پ" not in found and 3 not in found
    assert len(found) == 3  # a repeated word is kept twice: harmless to the search


def test_word_counts_by_fold_and_by_squash() -> None:
    from hazm.utils import words_list

    by_fold: dict[str, int] = {}
    by_squash: dict[str, int] = {}
    for word, count, _ in words_list():  # every line, a word listed twice included
        by_fold[fold(word)] = max(count, by_fold.get(fold(word), 0))
        by_squash[squash(word)] = max(count, by_squash.get(squash(word), 0))
    folded, squashed = word_counts()
    assert [k for k, count in by_fold.items() if folded.get(k) != count] == []
    assert [k for k, count in by_squash.items() if squashed.get(k) != count] == []
    assert folded.total == sum(by_fold.values())
    assert folded.get("تأمیناجتماعیستان", -1) == -1


def test_word_counts_keep_the_largest() -> None:
    pairs = _Pairs()
    for key, count in [("آب", 5), ("نان", 2), ("آب", 9), ("آب", 1), ("سیب", 0)]:
        pairs.add(key, count)
    counts = WordCounts(pairs)
    assert (counts.get("آب"), counts.get("نان"), counts.get("سیب", -1), counts.get("پ")) == (9, 2, 0, 0)
    assert (len(counts), counts.total) == (3, 11)


def test_word_set_sorted_across_signs() -> None:
    hashes = [-(2**63), -1, 0, 1, 2**63 - 1, -(2**40), 2**56, -(2**56) - 1]
    found = WordSet(array("q", hashes))
    assert list(found._hashes) == sorted(hashes)


def test_zwnj_heads(hazm_tables: tuple[dict, set], lexicon: Lexicon) -> None:
    # what the spacing pass relies on: a pair «X‌Y» can be a verb form only when X is a verb head, and a word
    # seen in the corpus only when it is in zwnj_attested; every such X is a head
    words, verbs = hazm_tables
    lex = lexicon
    verb_forms = [v for v in verbs if ZWNJ in v and " " not in v]
    seen = [w for w, (count, _) in words.items() if count > 0 and ZWNJ in w]
    assert len(verb_forms) > 20_000 and len(seen) > 5_000

    def heads_missing(forms: list[str], heads: frozenset[str]) -> list[str]:
        return [w for w in forms if " " not in w and any(w[:i] not in heads for i, ch in enumerate(w) if ch == ZWNJ)]

    assert heads_missing(verb_forms, lex.verb_heads) == []
    assert heads_missing(verb_forms + seen, lex.zwnj_heads) == []
    assert lex.zwnj_attested == frozenset(seen)
    assert {"می", "نمی", "کرده", "شده"} <= lex.verb_heads <= lex.zwnj_heads
    assert "سازمان" in lex.zwnj_heads and "سازمان" not in lex.verb_heads


def test_the_cache_holds_the_same_sets(tmp_path) -> None:
    folder = tmp_path / "lexicon-x"
    built = lexicon_module._build(folder)
    loaded = lexicon_module._load(folder)
    assert all(getattr(built, name)._hashes == getattr(loaded, name)._hashes for name in HASHED)
    assert (loaded.zwnj_words, loaded.verb_heads, loaded.zwnj_heads, loaded.zwnj_attested) == (
        built.zwnj_words,
        built.verb_heads,
        built.zwnj_heads,
        built.zwnj_attested,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lexicon-x"]  # no half-written folder left beside it


def test_cache_folder_follows_the_setting_and_the_files(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSBOT_CACHE", str(tmp_path / "cache"))
    first = lexicon_module._cache_folder()
    assert first is not None and first.parent == tmp_path / "cache" and first.name.startswith("lexicon-")
    data = tmp_path / "hazm-data"
    data.mkdir()
    for name in ("words.dat", "verbs.dat"):
        (data / name).write_bytes((lexicon_module._hazm_data() / name).read_bytes()[:1000])
    monkeypatch.setattr(lexicon_module, "_hazm_data", lambda: data)
    other = lexicon_module._cache_folder()
    assert other is not None and other != first  # other hazm files: another folder, never a stale one
    (data / "verbs.dat").unlink()
    assert lexicon_module._cache_folder() is None  # nothing to key it on: no cache


def test_a_cache_that_cannot_be_written_or_read(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    built = lexicon_module._build(blocker / "lexicon-x")  # its parent is a file: built all the same, not cached
    assert "است" in built.verbs and not (blocker / "lexicon-x").exists()
    broken = tmp_path / "cache" / "lexicon-y"
    broken.mkdir(parents=True)
    (broken / "words.keys").write_bytes(b"\x01\x02\x03")  # cut short, and the other files are missing
    monkeypatch.setattr(lexicon_module, "_cache_folder", lambda: broken)
    again = lexicon_module.lexicon.__wrapped__()  # not the process's cached answer
    assert "است" in again.verbs and "سازمان" in again.words
    assert (broken / "verbs.keys").stat().st_size > 1_000_000  # and cached whole in its place


def test_word_keys_are_the_same_in_every_process() -> None:
    """The cache holds keys, not strings: a process with another string-hash salt must find the same ones."""
    import subprocess
    import sys

    words = ["سازمان", "تأمین‌اجتماعی", "می‌کرد", "", "a"]
    code = "import sys; from newsbot.text.lexicon import word_key; print([word_key(w) for w in sys.argv[1:]])"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code, *words],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert seen == {str([word_key(w) for w in words])}
    assert len({word_key(w) for w in words}) == len(words)


def test_word_counts_from_the_cache(built, tmp_path, monkeypatch) -> None:
    folder = cache_copy(built, tmp_path)
    monkeypatch.setattr(lexicon_module, "_cache_folder", lambda: folder)
    cached = lexicon_module.word_counts.__wrapped__()
    counted = lexicon_module._count_words()
    for got, want in zip(cached, counted, strict=True):
        assert (got._hashes, got._counts, got.total) == (want._hashes, want._counts, want.total)
    assert cached[0].get(fold("سازمان")) > 1000 and cached[1].get(squash("تأمین اجتماعی")) == 0


def test_a_new_cache_folder_removes_the_ones_unused_for_a_month(tmp_path, monkeypatch) -> None:
    import time

    stale, recent = tmp_path / "lexicon-old", tmp_path / "lexicon-recent"
    for folder in (stale, recent):
        folder.mkdir()
        (folder / "words.keys").write_bytes(b"")
    month_ago = time.time() - (lexicon_module.UNUSED_DAYS + 1) * 86400
    os.utime(stale, (month_ago, month_ago))
    (tmp_path / "notes").mkdir()  # not the lexicon's: left alone however old
    os.utime(tmp_path / "notes", (month_ago, month_ago))
    lexicon_module._build(tmp_path / "lexicon-new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lexicon-new", "lexicon-recent", "notes"]


def test_reading_a_cache_folder_marks_it_used(built, tmp_path, monkeypatch) -> None:
    folder = cache_copy(built, tmp_path)
    os.utime(folder, (1_000_000, 1_000_000))
    monkeypatch.setattr(lexicon_module, "_cache_folder", lambda: folder)
    lexicon_module.lexicon.__wrapped__()
    assert folder.stat().st_mtime > 1_000_000 + 86400


@pytest.mark.parametrize("damage", ["cut in half", "emptied", "removed"])
@pytest.mark.parametrize("name", ["words.keys", "verbs.keys", "by_fold.counts", "zwnj_words.txt"])
def test_a_damaged_cache_is_made_again(built, tmp_path, monkeypatch, name: str, damage: str) -> None:
    folder = cache_copy(built, tmp_path)
    path = folder / name
    if damage == "removed":
        path.unlink()
    else:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2 // 8 * 8] if damage == "cut in half" else b"")
    with pytest.raises((OSError, ValueError)):
        lexicon_module._load(folder)
    monkeypatch.setattr(lexicon_module, "_cache_folder", lambda: folder)
    counts = lexicon_module.word_counts.__wrapped__()  # counted afresh, not read from the damaged folder
    assert counts[0].get(fold("سازمان")) > 1000
    again = lexicon_module.lexicon.__wrapped__()
    assert "است" in again.verbs and "سازمان" in again.words
    lexicon_module._check(folder)  # made again whole
