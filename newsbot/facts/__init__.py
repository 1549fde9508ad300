"""Fact extraction from article text: figures, people, places, organizations, «به نقل از».

`extract_facts(title, lead, body)` gives what the facts step adds to a record. Figures are read zone by zone
(title, lead, body) so that each says where it was found; the same figure said again is one fact with its
number of mentions, so that summing facts never counts one twice.
"""

from __future__ import annotations

from typing import Any

from newsbot.facts.model import Fact
from newsbot.facts.organizations import find_organizations, find_quoted_from
from newsbot.facts.people import find_people
from newsbot.facts.places import find_places, find_places_and_names, may_name_places, provinces_of
from newsbot.facts.quantities import find_quantities
from newsbot.text.fold import squash

__all__ = ["article_text", "extract_facts", "merge_mentions"]

ZONES = ("title", "lead", "body")


def article_text(title: str, lead: str | None, body: str) -> str:
    """Title, lead and body as one text, paragraphs apart, the way the finders read it."""
    return "\n\n".join(part.strip() for part in (title, lead or "", body) if part and part.strip())


def _figure_key(fact: Fact) -> tuple:
    return fact.type, float(fact.value), fact.currency, squash(fact.unit or ""), fact.range


def merge_mentions(facts: list[Fact]) -> list[Fact]:
    """One fact per figure: later mentions add to the first one's `mentions` and `where`."""
    first: dict[tuple, Fact] = {}
    for fact in facts:
        key = _figure_key(fact)
        kept = first.get(key)
        if kept is None:
            first[key] = fact
            continue
        kept.mentions += fact.mentions
        kept.where += [z for z in fact.where if z not in kept.where]
        kept.subject = kept.subject or fact.subject
        kept.province = kept.province or fact.province
    return list(first.values())


def _sentence_province(sentence: str, cache: dict[str, str | None], names: frozenset[str] | None) -> str | None:
    """The one province a sentence names (directly or by a county or city in it), else None. `names`: the
    place names' first words matched in the whole article (`find_places_and_names`); a sentence with none of
    them names no place, and is not searched."""
    if sentence not in cache:
        if names is not None and not may_name_places(sentence, names):
            cache[sentence] = None
        else:
            provinces = provinces_of(find_places(sentence))
            cache[sentence] = provinces[0] if len(provinces) == 1 else None
    return cache[sentence]


def _figures(title: str, lead: str | None, body: str, names: frozenset[str] | None = None) -> list[Fact]:
    found: list[Fact] = []
    provinces: dict[str, str | None] = {}
    for zone, text in zip(ZONES, (title, lead, body), strict=True):
        for fact in find_quantities(text or ""):
            fact.where = [zone]
            fact.province = _sentence_province(fact.sentence, provinces, names)
            found.append(fact)
    return merge_mentions(found)


def extract_facts(title: str, lead: str | None, body: str) -> dict[str, Any]:
    """Facts, people, places, provinces, organizations and quoted_from for one article.

    Returns `{"facts": [...], "people": [...], "places": [...], "provinces": [...],
    "organizations": [...], "quoted_from": str | None}` with the dict shapes of SCHEMA.md."""
    text = article_text(title, lead, body)
    places, names, folded = find_places_and_names(text)
    return {
        "facts": [fact.to_dict() for fact in _figures(title, lead, body, names)],
        "people": [person.to_dict() for person in find_people(text)],
        "places": [place.to_dict() for place in places],
        "provinces": list(provinces_of(places)),
        "organizations": find_organizations(text, folded=folded),
        "quoted_from": find_quoted_from(text),
    }
