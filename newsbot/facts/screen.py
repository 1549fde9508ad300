"""A screen over a whole page that finds every place a name of the topic could be written, before any parsing.

Relevance matches a name on a folded field where the name's words may be joined by spaces, ZWNJ, «،» or
nothing. Every field newsbot reads (text nodes, attribute values, JSON-LD) is a piece of the page. So when
the page, with its markup split off and every character that no name holds deleted (spaces, ZWNJ, marks,
digits, punctuation, Latin), contains no name's letters in a row, no field can match the name either. The
screen never misses a name: it may only let through a page that relevance then rejects.

- Markup: the contents of tags (attribute values) form a second stream, so that an attribute between two
  words of a name in the text (`سازمان <a title="…">تأمین اجتماعی</a>`) does not break it.
- Escapes: numeric entities (`&#1587;`, also escaped twice) and JSON `\\u06xx` escapes are decoded first.
- Spelling: each name is its folded letters (`newsbot.text.fold`); the page's letters are folded alike.
- What it assumes: a field's text is a run of the page's text, tags aside. An element the extractor leaves
  out (newsbot.extract.html_text.SKIP_TAGS: a <button>, <script> or <svg> with Persian text; or what a site
  definition drops) in the middle of a name, or between the items of a list, hides them from the screen.
- Cost (about 0.2 ms for a 37 KB page): the page's ASCII goes first, bytes at a time; the text's and the
  attribute values' letters are then one stream, searched once per part that several names share
  («تامین», «بیمارستان») before the names that hold it.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from newsbot.text.fold import fold_chars

__all__ = ["NameScreen", "build_screen"]

# Latin, digits, spaces and punctuation hold no letter of a name; the markup's own characters are kept
_ASCII_DROP = bytes(c for c in range(128) if chr(c) not in "<>\"'")
# a tag, quoted attribute values included (possessive: no backtracking on a page with a stray «<»)
_TAG_SPLIT = re.compile(r"""(<(?:[^<>"']++|"[^"]*+"|'[^']*+')*+>)""")
# kept between the text's letters and the attribute values' in one stream: no name holds it, and a page's
# text has lost every ASCII character but the markup's by then
_APART = "|"
_AND = "و"  # a list's last items are joined by «و»
_JSON_ESCAPE = re.compile(r"\\u(06[0-9a-fA-F]{2})")


@dataclass(frozen=True, slots=True)
class NameScreen:
    """`may_match(page)`: False only when no name of the screen can be anywhere in the page."""

    keys: tuple[str, ...]  # each name's folded letters, without spaces; none holds another
    _other: re.Pattern[str]  # every character that cannot be part of a name's letters
    # (a part, the keys that hold it): a page without the part is cleared of them all in one search
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    # (kind words, lone name, the list's other items): the name in a list of its kind, as relevance reads it
    together: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    reach: int = 0  # letters between a kind word and its lone name at most

    def letters(self, text: str) -> str:
        """The text's letters that a name can hold, folded, nothing between them (but `_APART`)."""
        return fold_chars(self._other.sub("", text))

    def _named(self, stream: str) -> bool:
        for part, keys in self.groups:
            if part in stream and (len(keys) == 1 or any(k in stream for k in keys)):
                return True
        return any(self._listed(stream, *listed) for listed in self.together)

    def _listed(self, stream: str, kind: tuple[str, ...], word: str, items: tuple[str, ...]) -> bool:
        """A lone name with a kind word in the `reach` letters before it and another item of the list beside it,
        «و» between or not: relevance reads a list of two items or more (the stream drops what lies between)."""
        longest = max(map(len, items)) + len(_AND)
        at = stream.find(word)
        while at >= 0:
            before = stream[max(0, at - self.reach - max(map(len, kind))) : at]
            if any(k in before for k in kind):
                left, right = before[-longest:], stream[at + len(word) : at + len(word) + longest]
                if any(left.endswith((i, i + _AND)) or right.startswith((i, _AND + i)) for i in items):
                    return True
            at = stream.find(word, at + 1)
        return False

    def may_match(self, page: str | bytes) -> bool:
        """False when no name can be in the page's text, attribute values or JSON-LD."""
        raw = page.encode("utf-8", "surrogatepass") if isinstance(page, str) else page
        if _holds(raw, b"&#") or _holds(raw, b"&amp;#") or _holds(raw, b"\\u06"):
            text = _JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), raw.decode("utf-8", "replace"))
            raw = html.unescape(html.unescape(text)).encode("utf-8", "surrogatepass")
        small = raw.translate(None, _ASCII_DROP).decode("utf-8", "replace")
        # most tags held only Latin: now «<>» or «<"">»; dropping them first leaves few for the regex
        small = small.replace('""', "").replace("''", "").replace("<>", "")
        tags = ""
        if "<" in small or ">" in small:
            parts = _TAG_SPLIT.split(small)  # text, tag, text, tag, …
            small, tags = "".join(parts[::2]), "".join(parts[1::2])
        # one stream: the text's letters, then a mark no name holds, then the attribute values' letters
        return self._named(self.letters(small + _APART + tags if tags else small))


def _holds(raw: bytes, needle: bytes) -> bool:
    """`needle in raw`, found by its first byte (memchr): a longer needle is scanned for far more slowly. Past a
    few occurrences of that byte (a page of escaped JSON), the plain search from there."""
    first = needle[:1]
    at = raw.find(first)
    for _ in range(16):
        if at < 0:
            return False
        if raw.startswith(needle, at):
            return True
        at = raw.find(first, at + 1)
    return at >= 0 and raw.find(needle, at) >= 0


def build_screen(
    names: Iterable[str], lists: Iterable[tuple[Iterable[str], str, Iterable[str]]] = (), reach: int = 0
) -> NameScreen:
    """A screen for names written as in the topic file (a trailing «*» lets the name run on: only its stem
    counts, so the screen finds the longer words too). `lists`: (kind words, lone name, other items) of the
    topic file's `lists`: a page passes where the name follows a kind word by at most `reach` letters with
    another item (or itself) just before or after it."""
    keys = {_squash(name.rstrip("*")) for name in names}
    keys.discard("")
    together = tuple(
        (tuple(sorted({_squash(k) for k in kind})), _squash(word), tuple(sorted({_squash(i) for i in [word, *items]})))
        for kind, word, items in lists
    )
    # a name that holds another name is found whenever that one is
    minimal = tuple(sorted(k for k in keys if not any(o != k and o in k for o in keys)))
    letters = set("".join(keys)) | {c for kind, word, items in together for c in "".join((*kind, word, *items))}
    letters |= set(_AND) if together else set()  # the list's «و» stays in the stream, where relevance reads it
    # every character that folds to a name's letter: Arabic yeh and kaf, alef with hamza, …
    letters |= {chr(c) for c in range(0x0600, 0x0700) if fold_chars(chr(c)) in letters}
    other = re.compile("[^" + re.escape("".join(sorted(letters)) + _APART) + "]+")
    return NameScreen(minimal, other, _grouped(minimal), together, reach)


def _grouped(keys: Iterable[str], shortest: int = 4) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The keys under a part of `shortest` letters or more that several of them hold (the most keys first,
    then the longest part); each other key alone."""
    left, groups = set(keys), []
    while left:
        held = Counter(p for k in left for p in _parts(k, shortest))
        part, count = max(held.items(), key=lambda pc: (pc[1], len(pc[0]), pc[0]), default=("", 0))
        if count < 2:
            break
        members = tuple(sorted(k for k in left if part in k))
        groups.append((part, members))
        left -= set(members)
    return (*groups, *((k, (k,)) for k in sorted(left)))


def _parts(key: str, shortest: int) -> set[str]:
    return {key[i:j] for i in range(len(key)) for j in range(i + shortest, len(key) + 1)}


def _squash(text: str) -> str:
    """A name's folded letters without spaces or commas: what the page's letter stream is searched for."""
    from newsbot.text.fold import fold

    return re.sub(r"[\s،,]+", "", fold(text))
