"""The digest of a period, as data: ranked stories, every figure, and what the charts draw.

`build_digest` reads archive records (plain dicts) and gives a `Digest`; `render_html` and `render_md` turn
it into a page or an e-mail. Nothing here reads a database or knows Scrapy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from newsbot.desk.outlets import outlet_of
from newsbot.desk.period import Period
from newsbot.text.dates import TEHRAN, jalali_date_str
from newsbot.text.fold import fold

__all__ = ["Digest", "StoryView", "build_digest"]

KEY_FIGURES = 5  # per story: enough to say what it is about, few enough to read
TOP_OFFICIALS = 15
TOP_PROVINCES = 31  # Iran has 31 provinces: all of them when named


@dataclass
class Appearance:
    """One article of a story: who ran it, when, where."""

    outlet: str
    title: str
    url: str
    published_at: str | None
    when: str  # «1404-07-08 10:05», Tehran
    article_id: str


@dataclass
class StoryView:
    story_id: str
    headline: str
    lead: str | None
    first_seen: str | None
    appearances: list[Appearance]
    figures: list[dict[str, Any]]
    officials: list[dict[str, Any]]

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(a.outlet for a in self.appearances))


@dataclass
class Digest:
    period: Period
    generated_at: str
    articles: int
    stories: list[StoryView]
    figures: list[dict[str, Any]]  # every figure of the period, with its article
    per_day: dict[str, dict[str, int]]  # Jalali day → outlet → articles
    provinces: list[tuple[str, int]]  # province → articles naming it
    officials: list[tuple[str, str, int]]  # name, most frequent role, articles quoting them
    dropped: list[dict[str, Any]] = field(default_factory=list)


@lru_cache(maxsize=1 << 16)
def _when(published_at: str | None) -> str:
    if not published_at:
        return ""
    try:
        dt = datetime.fromisoformat(published_at.replace("Z", "+00:00")).astimezone(TEHRAN)
    except ValueError:
        return published_at
    return f"{jalali_date_str(dt).replace('-', '/')} {dt:%H:%M}"


def _key_figures(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The story's figures said most often (mentions, across its articles), one per value."""
    best: dict[tuple, dict[str, Any]] = {}
    weight: Counter = Counter()
    for record in records:
        for fact in record.get("facts") or ():
            # a range «۴۰ تا ۶۹ ساله» is two facts with one text: one line
            key = (fact.get("text"), fact.get("sentence")) if fact.get("range") else (
                fact.get("type"), fact.get("value"), fact.get("unit"), fact.get("currency"))  # fmt: skip
            weight[key] += fact.get("mentions") or 1
            best.setdefault(key, fact)
    return [best[k] for k, _ in weight.most_common(KEY_FIGURES)]


def _officials(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """People named with a role, once each (the first role given)."""
    seen: dict[str, dict[str, Any]] = {}
    for record in records:
        for person in record.get("people") or ():
            name = (person.get("name") or "").strip()
            if name and fold(name) not in seen:
                seen[fold(name)] = person
            elif name and not seen[fold(name)].get("role") and person.get("role"):
                seen[fold(name)] = person
    return [p for p in seen.values() if p.get("role")] + [p for p in seen.values() if not p.get("role")]


def build_digest(
    records: list[Mapping[str, Any]],
    period: Period,
    stories_meta: Mapping[str, Mapping[str, Any]] | None = None,
    dropped: list[dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> Digest:
    """Stories ranked by outlets (then articles, then latest first), every figure, and the charts' counts."""
    stories_meta = stories_meta or {}
    # the archive says which outlet it counted a record under; a bare record is read here
    outlet = {r["id"]: r.get("_outlet") or outlet_of(r) for r in records}
    by_story: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for record in records:
        by_story[record.get("story_id") or record["id"]].append(record)
    views = []
    for story_id, members in by_story.items():
        members = sorted(members, key=lambda r: r.get("published_at") or "")
        meta = stories_meta.get(story_id, {})
        appearances = [
            Appearance(outlet[r["id"]], r.get("title") or "", r.get("url") or "", r.get("published_at"),
                       _when(r.get("published_at")), r["id"])
            for r in members
        ]  # fmt: skip
        views.append(
            StoryView(
                story_id=story_id,
                headline=meta.get("headline") or members[0].get("title") or "",
                lead=next((r.get("lead") for r in members if r.get("lead")), None),
                first_seen=_when(meta.get("first_seen")) if meta.get("first_seen") else appearances[0].when,
                appearances=appearances,
                figures=_key_figures(members),
                officials=_officials(members),
            )
        )
    views.sort(key=lambda v: v.appearances[-1].published_at or "", reverse=True)
    views.sort(key=lambda v: (len(v.outlets), len(v.appearances)), reverse=True)

    figures, per_day = [], defaultdict(Counter)
    provinces, officials, roles = Counter(), Counter(), defaultdict(Counter)
    for record in records:
        when = _when(record.get("published_at"))
        per_day[when[:10] or "?"][outlet[record["id"]]] += 1  # the Jalali day: «1404/07/08»
        for fact in record.get("facts") or ():
            figures.append({**fact, "article_title": record.get("title"), "url": record.get("url"),
                            "outlet": outlet[record["id"]], "when": when, "article_id": record["id"]})  # fmt: skip
        provinces.update(set(record.get("provinces") or ()))
        names = {}
        for person in record.get("people") or ():
            if person.get("name"):
                names.setdefault(person["name"], person.get("role"))
        for name, role in names.items():
            officials[name] += 1
            if role:
                roles[name][role] += 1
    top_officials = [
        (name, roles[name].most_common(1)[0][0] if roles[name] else "", n)
        for name, n in officials.most_common(TOP_OFFICIALS)
    ]
    return Digest(
        period=period,
        generated_at=_when((now or datetime.now(TEHRAN)).isoformat()),
        articles=len(records),
        stories=views,
        figures=figures,
        per_day={day: dict(c) for day, c in sorted(per_day.items())},
        provinces=provinces.most_common(TOP_PROVINCES),
        officials=top_officials,
        dropped=list(dropped or ()),
    )
