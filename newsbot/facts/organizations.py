"""Organizations an article names, and the source it quotes («به نقل از …»).

`find_organizations(text)` reads the gazetteer `data/organizations.json` (the organization, its parts,
subsidiaries and hospitals, and the bodies around it); `find_quoted_from(text)` returns the original
source of a text that says «به گزارش X به نقل از Y:».
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsbot.facts.relevance import AliasIndex, build_index, fold

__all__ = ["Gazetteer", "find_organizations", "find_quoted_from", "load_gazetteer"]

DEFAULT_GAZETTEER = Path(__file__).parent / "data" / "organizations.json"
_NOT_ORG = ""  # label of the phrases that only look like an organization
_DROPPED = re.compile("[\u064b-\u065f\u0670\u0640]")  # the letters `fold` deletes


@dataclass(frozen=True, slots=True)
class QuoteRules:
    marker: re.Pattern[str]
    stop_chars: frozenset[str]
    stop_words: frozenset[str]
    trim_words: frozenset[str]
    not_sources: frozenset[str]
    max_words: int
    max_chars: int


@dataclass(frozen=True, slots=True)
class Gazetteer:
    index: AliasIndex
    parent: dict[str, str]
    kinds: dict[str, str]
    quotes: QuoteRules


def _word_set(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w).replace(" ", "") for w in words)


def _marker_regex(markers: list[str]) -> re.Pattern[str]:
    """«به نقل از» with any gap (space, ZWNJ, none) between its words, on raw text."""
    gap = r"[\s\u200c]*"
    alts = [gap.join(re.escape(w) for w in re.split(r"[\s\u200c]+", m.strip())) for m in markers]
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")(?!\w)\s*")


def _quote_rules(data: dict) -> QuoteRules:
    return QuoteRules(
        marker=_marker_regex(data["markers"]),
        stop_chars=frozenset(data["stop_chars"]),
        stop_words=_word_set(data["stop_words"]),
        trim_words=_word_set(data["trim_words"]),
        not_sources=_word_set(data["not_sources"]),
        max_words=int(data["max_words"]),
        max_chars=int(data["max_chars"]),
    )


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer at `path` (default: the bundled data/organizations.json), compiled once."""
    source = Path(path) if path else DEFAULT_GAZETTEER
    data = json.loads(source.read_text(encoding="utf-8"))
    pairs, guards, parent, kinds = [], {}, {}, {}
    for org in data["organizations"]:
        name = org["name"]
        pairs += [(alias, name) for alias in [name, *org.get("variants", [])]]
        kinds[name] = org.get("kind", "other")
        if org.get("part_of"):
            parent[name] = org["part_of"]
        if org.get("not_before"):
            guards[name] = tuple(org["not_before"])
    pairs += [(phrase, _NOT_ORG) for phrase in data.get("not_organizations", [])]
    return Gazetteer(build_index(pairs, guards), parent, kinds, _quote_rules(data["quoted_from"]))


def find_organizations(text: str, gazetteer: Gazetteer | None = None, *, folded: str | None = None) -> list[str]:
    """Canonical names of the organizations the text names, in order of first mention, each once.
    A part («هیئت مدیره سازمان تأمین اجتماعی») brings its parent right after it. `folded`: `fold(text)`,
    when the caller has it."""
    gaz = gazetteer or load_gazetteer()
    found: dict[str, None] = {}
    for _, _, label in gaz.index.finditer(fold(text) if folded is None else folded):
        if label == _NOT_ORG:
            continue
        found.setdefault(label)
        if label in gaz.parent:
            found.setdefault(gaz.parent[label])
    return list(found)


def _raw_offset(raw: str, start: int, folded_len: int) -> int:
    """Where in `raw` (from `start`) the first `folded_len` folded characters end."""
    pos, count = start, 0
    while pos < len(raw) and count < folded_len:
        if not _DROPPED.match(raw, pos):
            count += 1
        pos += 1
    return pos


def _known_name_end(raw: str, start: int, gaz: Gazetteer) -> int:
    """End of a gazetteer name that begins exactly at `start`, so «وزارت تعاون، کار و …» stays whole."""
    window = raw[start:start + 4 * gaz.quotes.max_chars]
    if gaz.index.pattern is None:
        return start
    m = gaz.index.pattern.match(fold(window))
    if m is None or gaz.index.labels.get(re.sub(r"[\s،,]+", "", m.group())) in (None, _NOT_ORG):
        return start
    return _raw_offset(raw, start, m.end())


def _span_end(raw: str, start: int, gaz: Gazetteer) -> int:
    """Where the source named at `start` stops: a stop character, past any known name, within max_chars."""
    rules = gaz.quotes
    end = _known_name_end(raw, start, gaz)
    limit = min(len(raw), max(end, start + rules.max_chars))
    while end < limit and raw[end] not in rules.stop_chars:
        end += 1
    return end


def _words(raw: str, start: int, end: int, gaz: Gazetteer) -> str:
    """The source's words: up to a stop word (a verb, «که», «در» …), at most max_words, no dangling «و»."""
    rules = gaz.quotes
    known = len(raw[start:_known_name_end(raw, start, gaz)].split())
    words: list[str] = []
    for word in raw[start:end].split():
        at_stop = fold(word).replace(" ", "") in rules.stop_words
        if len(words) >= known and words and (at_stop or len(words) >= rules.max_words):
            break
        words.append(word)
    while len(words) > known and fold(words[-1]).replace(" ", "") in rules.trim_words:
        words.pop()
    return " ".join(words).strip("\u200c ")


def find_quoted_from(text: str, gazetteer: Gazetteer | None = None) -> str | None:
    """The original source when the text says «به نقل از …», as written; the innermost of a chain
    («به نقل از ایسنا به نقل از X» → X). None when there is none or it is only a pronoun («به نقل از وی»)."""
    gaz = gazetteer or load_gazetteer()
    rules = gaz.quotes
    for m in rules.marker.finditer(text):
        start = m.end() + (text[m.end():m.end() + 1] in "«\"")  # «به نقل از «اقتصادنیوز»»: the name inside
        end = _span_end(text, start, gaz)
        if rules.marker.search(text, start, end):  # a chain: the next marker names the original
            continue
        source = _words(text, start, end, gaz)
        if source and fold(source.split()[0]) not in rules.not_sources:
            return source
    return None
