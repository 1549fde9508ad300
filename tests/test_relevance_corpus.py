"""Relevance over the 1,500 real Fars articles, against labels read by hand (tests/data/fars-news/RELEVANCE.md)."""

from __future__ import annotations

import json

import pytest

from newsbot.facts.relevance import score_relevance
from tests.fars import CORPUS, articles


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[str, str, str, bool]]:
    """(key, gold tier, predicted tier, emitted with the default setting) for every article."""
    labels = {}
    for line in (CORPUS / "relevance.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[row["key"]] = row["tier"]
    out = []
    for key, article in articles():
        result = score_relevance(article["title"], article["abstract"], "\n\n".join(article["paragraphs"]))
        out.append((key, labels[key], result.tier, result.relevant))
    return out


def test_every_article_is_labelled(verdicts: list) -> None:
    assert len(verdicts) == 1500


def test_every_about_article_is_emitted(verdicts: list) -> None:
    missed = [key for key, gold, _, emitted in verdicts if gold == "about" and not emitted]
    assert missed == []


def test_no_unrelated_article_is_emitted(verdicts: list) -> None:
    wrong = [key for key, gold, _, emitted in verdicts if gold == "none" and emitted]
    assert wrong == []
