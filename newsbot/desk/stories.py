"""Stories: articles about one event or press release, across outlets and runs.

Plain Python, no Scrapy. A record is reduced to a `Signature` (when, body fingerprint, headline words,
figures, people); `related` says whether two signatures are one story, and `StoryIndex` assigns each new
record to the story of the best related earlier record, or opens a new one. The signals, in order:

- near-identical bodies (SimHash within `near_bits`): the same release, within `release_days`;
- on the same day (within `window_hours`): headline words shared, backed by shared figures or people.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsbot.desk.outlets import outlet_of
from newsbot.text.dates import parse_machine_date
from newsbot.text.fold import fold
from newsbot.text.lexicon import word_counts
from newsbot.text.similarity import hamming, simhash

__all__ = ["Rules", "Signature", "StoryIndex", "headline_words", "related", "signature", "story_id_for"]

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """hazm's Persian stop words plus the news filler of data/headline_stopwords.txt, folded."""
    from hazm import stopwords_list

    words = {fold(w.replace("_", " ")) for w in stopwords_list()}
    for line in (DATA / "headline_stopwords.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold(line))
    return frozenset(w for w in words if w)


def _content_words(text: str) -> list[str]:
    stop = _stopwords()
    out = []
    for raw in fold(text or "").split():
        word = raw.strip("«»\"'()[]{}:;،؛,.!؟?|/+-–—…")
        if len(word) > 1 and word not in stop and not word.isdigit():
            out.append(word)
    return out


def headline_words(text: str) -> frozenset[str]:
    """The content words of a headline, folded: «تأمین‌اجتماعی» and «تامين اجتماعي» give the same words."""
    return frozenset(_content_words(text))


def opening_words(title: str, lead: str | None, body: str, limit: int = 60) -> frozenset[str]:
    """Content words of the headline, the lead and the body's opening: where a report says what happened."""
    return frozenset(_content_words(title)) | frozenset(_content_words(f"{lead or ''} {body or ''}")[:limit])


@lru_cache(maxsize=1 << 16)
def weight(word: str) -> float:
    """How much a shared word says: rare words (names, places, things) weigh much, common ones little."""
    freq = word_counts()[0]  # hazm's corpus counts: how common a word is in Persian text
    return max(0.0, math.log(freq.total / (freq.get(word, 0) + 1000)))


def weighted_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Weight of the shared words over the weight of the lighter set: 1 when one set holds the other."""
    if not a or not b:
        return 0.0
    shared = sum(weight(w) for w in a & b)
    return shared / max(1e-9, min(sum(weight(w) for w in a), sum(weight(w) for w in b)))


def _figure_keys(facts: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """Figures that identify an event: a value with its type and unit; tiny counts («۲ نفر») are too common."""
    keys = set()
    for f in facts or ():
        value = f.get("value")
        if not isinstance(value, int | float) or (f.get("type") == "count" and value < 10):
            continue
        keys.add(f"{f.get('type')}:{value:g}:{fold(f.get('unit') or '')}")
    return frozenset(keys)


def _people_keys(people: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """People by surname (the last word of the folded name): outlets write given names differently or not at all."""
    return frozenset(fold(p["name"]).split()[-1] for p in people or () if (p.get("name") or "").strip())


def _timestamp(value: str | None) -> float | None:
    """Seconds since the epoch (compared many times per article: floats, not datetimes)."""
    dt = parse_machine_date(value or "")
    return dt.timestamp() if dt else None


MIN_FINGERPRINT_WORDS = 40  # two clip pages with a line of text each are not one release


def _fingerprint(body: str, known: int | None) -> int | None:
    if len(body.split()) < MIN_FINGERPRINT_WORDS:
        return None
    return simhash(body) if known is None else known


@dataclass(frozen=True, slots=True)
class Signature:
    """What story matching reads of a record."""

    article_id: str
    outlet: str
    when: float | None  # publication time, seconds since the epoch
    fingerprint: int | None  # None: too short a body for its fingerprint to mean anything
    words: frozenset[str]
    terms: frozenset[str]
    figures: frozenset[str]
    people: frozenset[str]


def signature(record: Mapping[str, Any], fingerprint: int | None = None) -> Signature:
    """The signature of an article record (the JSON-lines record, or any mapping with its fields)."""
    return Signature(
        article_id=record["id"],
        outlet=outlet_of(record),
        when=_timestamp(record.get("published_at")) or _timestamp(record.get("crawled_at")),
        fingerprint=_fingerprint(record.get("body") or "", fingerprint),
        words=headline_words(record.get("title") or ""),
        terms=opening_words(record.get("title") or "", record.get("lead"), record.get("body") or ""),
        figures=_figure_keys(record.get("facts") or ()),
        people=_people_keys(record.get("people") or ()),
    )


@dataclass(frozen=True, slots=True)
class Rules:
    """Thresholds of `relatedness`; set on the sample site and the labelled Fars groups (see the README)."""

    near_bits: int = 10  # wider than the duplicate mark's 6: a release lightly edited by a second outlet
    release_days: int = 7
    window_hours: int = 36
    opening_overlap: float = 0.32  # weighted share of headline, lead and opening words
    shared_figures: int = 2  # this many same figures with a shared headline word: the same announcement


def relatedness(a: Signature, b: Signature, rules: Rules = Rules()) -> float:
    """0 when the two are not one story; else a score in (0, 2] to pick the closest of several."""
    gap = abs(a.when - b.when) if a.when is not None and b.when is not None else None
    distance = hamming(a.fingerprint, b.fingerprint) if a.fingerprint and b.fingerprint else 64
    if distance <= rules.near_bits and (gap is None or gap <= rules.release_days * 86400):
        return 2.0 - distance / 64
    if gap is None or gap > rules.window_hours * 3600:
        return 0.0
    headline = a.words & b.words
    if not any(weight(w) > 0 for w in headline):
        return 0.0  # reports of one event share at least one telling headline word
    overlap = weighted_overlap(a.terms, b.terms)
    if overlap >= rules.opening_overlap:
        return overlap
    if len(a.figures & b.figures) >= rules.shared_figures:
        return rules.opening_overlap / 2 + overlap / 2
    return 0.0


def related(a: Signature, b: Signature, rules: Rules = Rules()) -> bool:
    return relatedness(a, b, rules) > 0


def story_id_for(article_id: str) -> str:
    """A story is named after its first article: stable across runs and machines."""
    return "s" + hashlib.blake2b(article_id.encode(), digest_size=8).hexdigest()[:15]


@dataclass
class StoryIndex:
    """Story assignment over signatures held in memory (the archive keeps its own, persisted)."""

    rules: Rules = field(default_factory=Rules)
    members: list[tuple[Signature, str]] = field(default_factory=list)

    def assign(self, sig: Signature, candidates: Iterable[tuple[Signature, str]] | None = None) -> str:
        """The story id for `sig`: the story of the most related candidate, else a new one; remembered."""
        best, best_story = 0.0, None
        for other, story in self.members if candidates is None else candidates:
            if other.article_id == sig.article_id:
                return story
            score = relatedness(sig, other, self.rules)
            if score > best:
                best, best_story = score, story
        story = best_story or story_id_for(sig.article_id)
        if candidates is None:
            self.members.append((sig, story))
        return story
