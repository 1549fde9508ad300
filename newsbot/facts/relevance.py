"""Is an article about Iran's Social Security Organization? A score from where its names stand.

`score_relevance(title, lead, body)` looks for the names of the topic file (`data/topic.json`) in a
folded copy of each field, after blanking the near-misses («تأمین مالی», «سازمان تأمین اجتماعی
نیروهای مسلح», «امنیت اجتماعی»), and combines the hits as independent evidence. `fold` and
`AliasIndex` are shared with `newsbot.facts.organizations`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsbot.facts.model import Relevance
from newsbot.facts.screen import NameScreen, build_screen
from newsbot.text.fold import Folded, fold

__all__ = ["TIERS", "AliasIndex", "Topic", "build_index", "fold", "load_topic", "page_screen", "score_relevance"]

DEFAULT_TOPIC = Path(__file__).parent / "data" / "topic.json"

# Inside a name a space/ZWNJ may be a space, a ZWNJ or nothing; «،» may be dropped.
_SEP, _COMMA = "\x00s", "\x00c"
_UNIT_RE = {_SEP: r"\s*", _COMMA: r"\s*[،,]?\s*"}
_KEY_DROP = re.compile(r"[\s،,]+")


def _units(alias: str) -> list[str]:
    """The folded alias as a list of letters and separators."""
    out: list[str] = []
    for piece in re.split(r"(\s*[،,]\s*|\s+)", fold(alias).strip()):
        if not piece:
            continue
        if piece.isspace():
            out.append(_SEP)
        elif piece.strip() in ("،", ","):
            out.append(_COMMA)
        else:
            out.extend(piece)
    return out


@lru_cache(maxsize=1 << 12)
def _key(text: str) -> str:
    # a name as matched («تامین اجتماعی») → its table key; the same few names are matched again and again
    return _KEY_DROP.sub("", text)


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end: str | None = None  # the lookahead that closes a name ending here


def _trie_regex(node: _Node) -> str:
    """A regex for the trie: one branch per next letter, so a scan tries only the letters that can follow."""
    alts: list[str] = []
    for unit in sorted(node.children):
        head = _UNIT_RE.get(unit, re.escape(unit))
        alts.append(head + _trie_regex(node.children[unit]))
    if node.end is not None:
        alts.append(node.end)  # after the children: the longest name wins
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


@dataclass(frozen=True, slots=True)
class AliasIndex:
    """Many names compiled into one regex over folded text; each hit reports its canonical label."""

    pattern: re.Pattern[str] | None
    labels: dict[str, str]

    def finditer(self, folded: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, label) of every name in an already folded text, leftmost-longest, not overlapping."""
        if self.pattern is None:
            return
        for m in self.pattern.finditer(folded):
            label = self.labels.get(_key(m.group()))
            if label is not None:
                yield m.start(), m.end(), label

    def blank(self, folded: str) -> tuple[str, list[str]]:
        """The text with every hit overwritten by '#' (same length), and the labels found."""
        hits = list(self.finditer(folded))
        if not hits:
            return folded, []
        parts, last = [], 0
        for start, end, _ in hits:
            parts.append(folded[last:start])
            parts.append("#" * (end - start))
            last = end
        parts.append(folded[last:])
        return "".join(parts), [label for _, _, label in hits]


def build_index(names: Iterable[tuple[str, str]], not_before: dict[str, tuple[str, ...]] | None = None) -> AliasIndex:
    """Compile (alias, label) pairs. A trailing '*' lets the alias run on into a longer word;
    `not_before[label]` lists words that must not follow the alias."""
    root, labels = _Node(), {}
    for alias, label in names:
        prefix = alias.endswith("*")
        units = _units(alias.rstrip("*"))
        if not units:
            continue
        key = _key("".join(u for u in units if u not in _UNIT_RE))
        labels.setdefault(key, label)
        node = root
        for unit in units:
            node = node.children.setdefault(unit, _Node())
        guard = "|".join(re.escape(fold(w)).replace(r"\ ", r"\s*") for w in (not_before or {}).get(label, ()))
        end = "" if prefix else r"(?!\w)"
        if guard:
            end += rf"(?!\s*(?:{guard})(?!\w))"
        if node.end is None or len(end) > len(node.end):  # one name, two closings: the stricter wins
            node.end = end
    if not root.children:
        return AliasIndex(None, labels)
    return AliasIndex(re.compile(r"(?<!\w)" + _trie_regex(root)), labels)


def _words(words: Iterable[str]) -> str:
    """Folded words as alternatives, longest first; a space inside one matches any spacing or none."""
    folded = sorted({fold(w).strip() for w in words} - {""}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in folded) + r")(?!\w)"


# between the kind's word and its list: a few words («۷ بانک عاملی (ملی، …)»), no punctuation
_LIST_GAP = r"(?:\s+[^\s()\[\]«»،,.:;؛!?؟]+){0,3}?\s*[(\[«:]?\s*"
_LIST_SEP = r"(?:\s*[،,]\s*(?:و\s+)?|\s+و\s+)"
LIST_REACH = 200  # characters from the kind's word to the lone name: a list further on is not read as one


@dataclass(frozen=True, slots=True)
class ListName:
    """A name written alone as one item of a list of its kind (the topic file's `lists`): «رفاه» in
    «بانک‌های ملی، سپه، رفاه و ملت» is the bank."""

    label: str
    key: str  # the lone word, folded, without spaces
    pattern: re.Pattern[str]  # the kind's word, then a list of two items or more
    item: re.Pattern[str]  # one item of the list
    needle: str  # letters every kind word begins with: a text without them holds no such list

    @classmethod
    def compile(cls, label: str, word: str, after: Iterable[str], beside: Iterable[str]) -> ListName:
        item = r"(?<!\w)" + _words([word, *beside])
        head = r"(?<!\w)" + _words(after)
        pattern = re.compile(f"{head}{_LIST_GAP}(?P<list>{item}(?:{_LIST_SEP}{item})+)")
        needle = os.path.commonprefix([fold(w).strip().split()[0] for w in after])
        return cls(label, _key(fold(word)), pattern, re.compile(item), needle)

    def finditer(self, folded: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the lone word in each list that holds it beside another item."""
        if self.needle not in folded:  # the regex opens with a look-behind: no literal for re to scan for
            return
        for m in self.pattern.finditer(folded):
            items = [(i.start(), i.end()) for i in self.item.finditer(folded, m.start("list"), m.end("list"))]
            own = [(a, b) for a, b in items if _key(folded[a:b]) == self.key and a - m.start() <= LIST_REACH]
            if own and len(items) > 1:
                yield own[0]


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic file, compiled: names with weights, near-misses, and how hits are weighed."""

    name: str
    threshold: float
    zones: dict[str, float]
    body_head_chars: int
    weak_below: float
    weak_cap: float
    weights: dict[str, float]
    aliases: AliasIndex
    near_misses: AliasIndex
    path: str = ""
    heads: list[dict] = field(default_factory=list)
    lists: tuple[ListName, ...] = ()  # names that count alone as an item of a list of their kind
    subsidiaries: frozenset[str] = frozenset()  # entities that are the organization's companies and banks
    screen: NameScreen | None = None  # every name, of any weight
    strong_screen: NameScreen | None = None  # the names that alone can give a tier other than none

    def may_mention(self, page: str | bytes) -> bool:
        """False when no name of the topic, however spelled, is anywhere in the page (text, markup, JSON-LD)."""
        return self.screen is None or self.screen.may_match(page)


def _need(data: dict, key: str, path: str) -> object:
    if key not in data:
        raise ValueError(f"topic file {path}: missing key {key!r}")
    return data[key]


def _compile_topic(data: dict, path: str) -> Topic:
    weights: dict[str, float] = {}
    pairs: list[tuple[str, str]] = []
    for entity in _need(data, "entities", path):
        weights[entity["name"]] = float(entity["weight"])
        pairs += [(alias, entity["name"]) for alias in [entity["name"], *entity.get("aliases", [])]]
    for head in data.get("heads", []):
        weights[head["name"]] = float(data.get("head_weight", 0.45))
        pairs += [(alias, head["name"]) for alias in [head["name"], *head.get("aliases", [])]]
    weak_below = float(data.get("weak_below", 0.3))
    strong = [alias for alias, label in pairs if weights[label] >= weak_below]
    near = data.get("near_misses", [])
    misses = [(alias, m["name"]) for m in near for alias in [m["name"], *m.get("aliases", [])]]
    guards = {m["name"]: tuple(m["not_before"]) for m in near if m.get("not_before")}
    listed = data.get("lists", [])
    if unknown := [e["name"] for e in listed if e["name"] not in weights]:
        raise ValueError(f"topic file {path}: lists name {unknown[0]!r}, which is not an entity")
    lists = tuple(ListName.compile(e["name"], e["as"], e["after"], e["beside"]) for e in listed)
    screened = [(e["after"], e["as"], e["beside"]) for e in listed]  # what the name screens read of each list
    strong_lists = [s for s, e in zip(screened, listed, strict=True) if weights[e["name"]] >= weak_below]
    zones = {zone: float(v) for zone, v in _need(data, "zones", path).items()}
    for zone in ("title", "lead", "body_head", "body"):
        if zone not in zones:
            raise ValueError(f"topic file {path}: zones lacks {zone!r}")
    return Topic(
        name=str(data.get("name", "")),
        threshold=float(_need(data, "threshold", path)),
        zones=zones,
        body_head_chars=int(data.get("body_head_chars", 500)),
        weak_below=weak_below,
        weak_cap=float(data.get("weak_cap", 0.3)),
        weights=weights,
        aliases=build_index(pairs),
        near_misses=build_index(misses, guards),
        path=path,
        heads=list(data.get("heads", [])),
        lists=lists,
        subsidiaries=frozenset(e["name"] for e in data["entities"] if e.get("group") == "subsidiary"),
        screen=build_screen((alias for alias, _ in pairs), screened, LIST_REACH),
        strong_screen=build_screen(strong, strong_lists, LIST_REACH),
    )


@lru_cache(maxsize=8)
def load_topic(path: str | None = None) -> Topic:
    """The topic file at `path` (default: the bundled data/topic.json), compiled once per path."""
    source = Path(path) if path else DEFAULT_TOPIC
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read topic file {source} (setting NEWSBOT_TOPIC): {exc}") from exc
    return _compile_topic(data, str(source))


TIERS = ("about", "subsidiary", "mention", "none")
DEFAULT_EMIT = frozenset({"about"})


def page_screen(topic: Topic, threshold: float | None, emit: Iterable[str]) -> NameScreen | None:
    """The screen that tells, before a page is parsed, that its tier cannot be one of `emit`; None when
    any page may be emitted (tier none emitted, or a threshold of 0).

    Weak names alone score at most weak_cap and give tier none; so when the threshold is above weak_cap,
    only the other names decide, and a page without them is none whatever its weak names.
    """
    limit = topic.threshold if threshold is None else threshold
    if "none" in set(emit) or limit <= 0:
        return None
    return topic.strong_screen if limit > topic.weak_cap else topic.screen


def _zone_hits(topic: Topic, text: str, zone: str) -> tuple[list[tuple[str, float, str]], list[str]]:
    """(label, zone factor, words as written) per name hit in one field, and the near-misses blanked in it."""
    doc = Folded(text)
    folded, misses = topic.near_misses.blank(doc.text)
    spans = [(start, end, label) for start, end, label in topic.aliases.finditer(folded)]
    for name in topic.lists:  # «رفاه» in a list of banks; not where a whole name already matched
        lone = [(a, b, name.label) for a, b in name.finditer(folded)]
        spans += [(a, b, label) for a, b, label in lone if not any(s < b and a < e for s, e, _ in spans)]
    hits = []
    for start, end, label in sorted(spans):
        where = zone if zone != "body" else ("body_head" if start < topic.body_head_chars else "body")
        hits.append((label, topic.zones[where], doc.source_slice(start, end).strip()))
    return hits, misses


def _combine(topic: Topic, hits: Iterable[tuple[str, float]]) -> float:
    """Noisy-OR of all hits; the weak names together never count for more than weak_cap."""
    miss_strong, miss_weak = 1.0, 1.0
    for label, factor in hits:
        weight = topic.weights.get(label, 0.0)
        if weight < topic.weak_below:
            miss_weak *= 1.0 - weight * factor
        else:
            miss_strong *= 1.0 - min(1.0, weight * factor)
    weak = min(topic.weak_cap, 1.0 - miss_weak)
    return 1.0 - miss_strong * (1.0 - weak)


def _tier(topic: Topic, hits: list[tuple[str, float, str]], limit: float) -> tuple[str, float]:
    """The tier and the score that decided it: the organization's own names first, then its companies."""
    own = [(label, f) for label, f, _ in hits if label not in topic.subsidiaries]
    score = _combine(topic, own)
    if score >= limit:
        return "about", score
    if _combine(topic, ((label, f) for label, f, _ in hits if label in topic.subsidiaries)) >= limit:
        return "subsidiary", score
    if any(topic.weights.get(label, 0.0) >= topic.weak_below for label, _, _ in hits):
        return "mention", score
    return "none", score


def score_relevance(
    title: str,
    lead: str | None,
    body: str,
    threshold: float | None = None,
    topic: Topic | None = None,
    emit: Iterable[str] = DEFAULT_EMIT,
) -> Relevance:
    """How much the article is about the topic (0..1), its tier (about / subsidiary / mention / none), the
    names as the text writes them, and whether its tier is one of `emit`. `threshold` (default: the topic
    file's) is the score a tier needs. Works on raw or normalized text."""
    topic = topic or load_topic()
    hits: list[tuple[str, float, str]] = []
    misses: list[str] = []
    for text, zone in ((title, "title"), (lead or "", "lead"), (body, "body")):
        if text:
            zone_hits, zone_misses = _zone_hits(topic, text, zone)
            hits += zone_hits
            misses += zone_misses
    tier, score = _tier(topic, hits, topic.threshold if threshold is None else threshold)
    matched = {(written, label): None for label, _, written in hits}
    return Relevance(
        score=round(score, 4),
        tier=tier,
        matched=[{"text": written, "name": label} for written, label in matched],
        near_misses=list(dict.fromkeys(misses)),
        relevant=tier in emit,
    )
