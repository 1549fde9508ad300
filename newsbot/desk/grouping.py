"""Scoring a story grouping against labelled groups: pairwise precision and recall.

Every pair of articles put in one story is a predicted pair; every pair inside one labelled group is a gold
pair. Articles in no labelled group are gold singletons, so a wrong merge costs precision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

__all__ = ["PairScore", "pair_score", "pairs"]


def pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    """Every unordered pair of members of each group."""
    out: set[frozenset[str]] = set()
    for group in groups:
        out.update(frozenset(p) for p in combinations(sorted(set(group)), 2))
    return out


@dataclass(frozen=True)
class PairScore:
    true_pairs: int
    predicted_pairs: int
    gold_pairs: int

    @property
    def precision(self) -> float:
        return self.true_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0


def pair_score(story_of: Mapping[str, str], gold_groups: Iterable[Iterable[str]]) -> PairScore:
    """`story_of`: article key → predicted story id, for every article of the labelled universe."""
    by_story: dict[str, list[str]] = defaultdict(list)
    for key, story in story_of.items():
        by_story[story].append(key)
    predicted = pairs(by_story.values())
    gold = pairs(gold_groups)
    return PairScore(len(predicted & gold), len(predicted), len(gold))
