"""The one analysis of an article: normalize, relevance, facts. Used by the crawl's pipelines,
`scrapy extract`, `scrapy facts` and the evaluator alike, so that all four give the same record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsbot.facts import extract_facts
from newsbot.facts.model import Relevance
from newsbot.facts.relevance import DEFAULT_EMIT, Topic, score_relevance
from newsbot.text.normalize import normalize_text

__all__ = ["Analysis", "analyse_text", "normalize_body"]


@dataclass(slots=True)
class Analysis:
    """What newsbot adds to an extracted article: its text as published (characters unified only), the
    relevance verdict, and the facts (empty unless the article is emitted or `facts_always`)."""

    title: str
    lead: str | None
    body: str
    relevance: Relevance
    found: dict[str, Any] = field(default_factory=dict)

    def record_fields(self) -> dict[str, Any]:
        return {"title": self.title, "lead": self.lead, "body": self.body,
                "relevance": self.relevance.to_dict(), **self.found}


def normalize_body(body: str) -> str:
    """Each paragraph normalized, one blank line between paragraphs."""
    return "\n\n".join(normalize_text(p) for p in (body or "").split("\n\n") if p.strip())


def analyse_text(
    title: str,
    lead: str | None,
    body: str,
    *,
    relevance: Relevance | None = None,
    threshold: float | None = None,
    emit: Iterable[str] = DEFAULT_EMIT,
    topic: Topic | None = None,
    facts_always: bool = True,
) -> Analysis:
    """Relevance (on the text as given: its matching folds every spelling), then the normalized text and
    its facts. Pass `relevance` when it was already scored (the crawl scores it before this, to drop the
    irrelevant majority cheaply)."""
    if relevance is None:
        relevance = score_relevance(title, lead, body, threshold=threshold, topic=topic, emit=emit)
    title_n = normalize_text(title) if title else ""
    lead_n = normalize_text(lead) if lead else None
    body_n = normalize_body(body)
    found = extract_facts(title_n, lead_n, body_n) if facts_always or relevance.relevant else {}
    return Analysis(title_n, lead_n, body_n, relevance, found)
