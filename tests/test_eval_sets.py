"""The fact extractor against the gold sets, through the same path the evaluation command takes."""

from pathlib import Path

import pytest

from newsbot.facts.evaluate import evaluate

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def dev():
    return evaluate(str(DATA / "eval"))


@pytest.fixture(scope="module")
def heldout():
    return evaluate(str(DATA / "eval_heldout"))


def test_dev_set_meets_the_bar(dev):
    assert dev["quantities"]["f1"] >= 0.95
    assert dev["quantities"]["unit_accuracy"] >= 0.9
    assert dev["people"]["f1"] >= 0.9
    assert dev["people"]["role_accuracy"] >= 0.9
    assert dev["provinces"]["f1"] == 1.0
    assert dev["relevance"]["accuracy"] == 1.0


def test_heldout_set_generalizes(heldout):
    """Gold written by someone who never saw the extractor's output (tests/data/eval_heldout/README.md)."""
    assert heldout["texts"] == 8
    assert heldout["quantities"]["f1"] >= 0.9
    assert heldout["quantities"]["unit_accuracy"] >= 0.9
    assert heldout["people"]["f1"] >= 0.85
    assert heldout["provinces"]["f1"] >= 0.9
    assert heldout["relevance"]["accuracy"] == 1.0
