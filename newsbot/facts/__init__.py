"""Fact extraction from normalized article text: figures, people, places, organizations, «به نقل از».

`extract_facts(title, lead, body)` gives what the facts pipeline adds to a record. The finders live in
their own modules (`quantities`, `people`, `places`, `organizations`); a finder whose module is not
installed yields an empty list rather than failing the article.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["article_text", "extract_facts"]


def article_text(title: str, lead: str | None, body: str) -> str:
    """Title, lead and body as one text, paragraphs apart, the way the finders read it."""
    return "\n\n".join(part.strip() for part in (title, lead or "", body) if part and part.strip())


def _finder(module: str, name: str) -> Callable[..., Any] | None:
    """`newsbot.facts.<module>.<name>`, or None while that module does not exist yet."""
    full = f"newsbot.facts.{module}"
    try:
        return getattr(importlib.import_module(full), name)
    except ModuleNotFoundError as exc:
        if exc.name != full:  # a missing dependency inside the module is a real error
            raise
        return None


def _dicts(items: list[Any]) -> list[dict]:
    return [item.to_dict() for item in items]


def extract_facts(title: str, lead: str | None, body: str) -> dict[str, Any]:
    """Facts, people, places, provinces, organizations and quoted_from for one article.

    Returns `{"facts": [...], "people": [...], "places": [...], "provinces": [...],
    "organizations": [...], "quoted_from": str | None}` with the dict shapes of SCHEMA.md."""
    text = article_text(title, lead, body)
    result: dict[str, Any] = {"facts": [], "people": [], "places": [], "provinces": [],
                              "organizations": [], "quoted_from": None}
    if find_quantities := _finder("quantities", "find_quantities"):
        result["facts"] = _dicts(find_quantities(text))
    if find_people := _finder("people", "find_people"):
        result["people"] = _dicts(find_people(text))
    if find_places := _finder("places", "find_places"):
        places = find_places(text)
        result["places"] = _dicts(places)
        if provinces_of := _finder("places", "provinces_of"):
            result["provinces"] = list(provinces_of(places))
    if find_organizations := _finder("organizations", "find_organizations"):
        result["organizations"] = find_organizations(text)
    if find_quoted_from := _finder("organizations", "find_quoted_from"):
        result["quoted_from"] = find_quoted_from(text)
    return result
