"""The evaluation scorer, tested on hand-made predictions (independent of the extractor's quality)."""

import copy
import json
from pathlib import Path

import pytest

from newsbot.facts import extract_facts
from newsbot.facts.evaluate import (
    evaluate,
    format_report,
    load_gold,
    main,
    match_people,
    match_quantities,
    name_key,
    score,
)

EVAL = Path(__file__).parent / "data" / "eval"
GOLDS = [(name, gold) for name, gold, _ in load_gold(str(EVAL))]
N_QUANTITIES = sum(len(g["quantities"]) for _, g in GOLDS)
N_PEOPLE = sum(len(g["people"]) for _, g in GOLDS)


def perfect(gold: dict) -> dict:
    """The prediction a perfect extractor would make for this gold."""
    return {
        "facts": copy.deepcopy(gold["quantities"]),
        "people": [{"name": p["name"], "role": p["role"]} for p in gold["people"]],
        "provinces": list(gold["provinces"]),
        "relevant": gold["about_organization"],
        "score": 1.0,
    }


def cases(edit=None) -> list[tuple[str, dict, dict]]:
    out = []
    for name, gold in GOLDS:
        pred = perfect(gold)
        if edit:
            edit(name, pred)
        out.append((name, gold, pred))
    return out


def test_dev_gold_copies_are_byte_identical() -> None:
    shared = Path("/work/shared/eval/dev")
    if not shared.is_dir():
        pytest.skip("shared dev set not on this machine")
    for path in shared.iterdir():
        assert (EVAL / path.name).read_bytes() == path.read_bytes()


def test_perfect_prediction_scores_one() -> None:
    result = score(cases())
    for block in ("quantities", "people", "provinces"):
        assert result[block]["precision"] == result[block]["recall"] == result[block]["f1"] == 1.0
    assert result["quantities"]["tp"] == N_QUANTITIES
    assert result["quantities"]["unit_accuracy"] == 1.0
    assert result["people"]["role_accuracy"] == 1.0
    assert result["relevance"] == {"correct": 2, "total": 2, "accuracy": 1.0, "tier_correct": 0, "tier_total": 0}
    assert all(not e["quantities"]["missed"] and not e["quantities"]["false_positives"] for e in result["per_text"])


def test_one_missing_quantity_gives_known_recall() -> None:
    result = score(cases(lambda name, p: p["facts"].pop(0) if name == "seed-000" else None))
    q = result["quantities"]
    assert (q["tp"], q["fp"], q["fn"]) == (N_QUANTITIES - 1, 0, 1)
    assert q["recall"] == pytest.approx((N_QUANTITIES - 1) / N_QUANTITIES)
    assert q["precision"] == 1.0
    assert result["per_text"][0]["quantities"]["missed"][0]["text"] == "حدود ۲۰ درصد"


def test_false_positive_lowers_precision() -> None:
    extra = {"type": "count", "value": 7, "unit": "نفر", "text": "۷ نفر"}
    result = score(cases(lambda name, p: p["facts"].append(extra)))
    q = result["quantities"]
    assert (q["tp"], q["fp"], q["fn"]) == (N_QUANTITIES, 2, 0)
    assert q["precision"] == pytest.approx(N_QUANTITIES / (N_QUANTITIES + 2))


def test_optional_quantity_neither_rewarded_nor_penalised() -> None:
    optional = {"type": "duration", "value": 1, "unit": "سال", "text": "یک سال"}
    with_optional = score(cases(lambda name, p: p["facts"].append(optional) if name == "seed-000" else None))
    assert with_optional["quantities"]["fp"] == 0
    assert with_optional["quantities"]["tp"] == N_QUANTITIES
    assert with_optional["quantities"]["optional_matched"] == 1
    # the same figure where no optional gold allows it is a false positive
    elsewhere = score(cases(lambda name, p: p["facts"].append(optional) if name == "seed-004" else None))
    assert elsewhere["quantities"]["fp"] == 1


def test_optional_counted_once() -> None:
    optional = {"type": "duration", "value": 1, "unit": "سال"}
    m = match_quantities([], [optional], [dict(optional), dict(optional)])
    assert len(m["optional"]) == 1 and len(m["false_positives"]) == 1


@pytest.mark.parametrize(("predicted_unit", "right"), [
    ("شعبه", True),
    ("شعبه ", True),
    ("شعبة", True),  # letter forms fold alike
    ("شعبه بیمه‌ای", False),  # a unit that runs on is wrong: equality, not prefix
    ("شعبه‌بیمه‌ای", False),
    ("بیمه‌ای", False),
    (None, False),
])
def test_unit_accuracy_equality_rule(predicted_unit: str | None, right: bool) -> None:
    gold = {"quantities": [{"type": "count", "value": 28, "unit": "شعبه"}], "people": [], "provinces": []}
    pred = {"facts": [{"type": "count", "value": 28, "unit": predicted_unit}], "people": [], "provinces": []}
    result = score([("t", gold, pred)])
    assert result["quantities"]["tp"] == 1  # the unit never decides the match
    assert result["quantities"]["unit_accuracy"] == (1.0 if right else 0.0)


def test_unit_ignores_spaces_and_zwnj_in_gold() -> None:
    gold = {"quantities": [{"type": "count", "value": 13, "unit": "مرکز درمانی"}]}
    pred = {"facts": [{"type": "count", "value": 13, "unit": "مرکز‌درمانی"}]}
    assert score([("t", gold, pred)])["quantities"]["unit_accuracy"] == 1.0


def test_unit_accuracy_over_counts_only() -> None:
    gold = {"quantities": [{"type": "percent", "value": 52, "unit": None},
                           {"type": "count", "value": 2, "unit": "بیمارستان"}]}
    pred = {"facts": [{"type": "percent", "value": 52, "unit": "درصد"},
                      {"type": "count", "value": 2, "unit": "بیمارستان"}]}
    q = score([("t", gold, pred)])["quantities"]
    assert q["units_checked"] == 1 and q["unit_accuracy"] == 1.0


@pytest.mark.parametrize(("pred", "matches"), [
    ({"type": "count", "value": 1700000.0000001}, True),  # within 1e-6 relative
    ({"type": "count", "value": 1700000.0}, True),
    ({"type": "count", "value": 1700001}, True),  # 6e-7 relative
    ({"type": "count", "value": 1700002}, False),
    ({"type": "percent", "value": 1700000}, False),
    ({"type": "count", "value": "n/a"}, False),
])
def test_values_match_numerically(pred: dict, matches: bool) -> None:
    m = match_quantities([{"type": "count", "value": 1700000, "unit": "نفر"}], [], [pred])
    assert (len(m["matched"]) == 1) is matches


def test_currency_is_part_of_the_key() -> None:
    gold = [{"type": "money", "value": 15e12, "currency": "IRT"}]
    assert match_quantities(gold, [], [{"type": "money", "value": 15e12, "currency": "IRR"}])["matched"] == []
    assert len(match_quantities(gold, [], [{"type": "money", "value": 15e12, "currency": "IRT"}])["matched"]) == 1


def test_quantities_are_multisets() -> None:
    twice = [{"type": "percent", "value": 20}, {"type": "percent", "value": 20}]
    m = match_quantities(twice, [], [{"type": "percent", "value": 20}])
    assert len(m["matched"]) == 1 and len(m["missed"]) == 1
    m = match_quantities(twice[:1], [], twice)
    assert len(m["matched"]) == 1 and len(m["false_positives"]) == 1


@pytest.mark.parametrize(("predicted", "gold"), [
    ("آیت‌الله محمدرضا ناصری", "محمدرضا ناصری"),
    ("آیتالله محمدرضا ناصری", "محمدرضا ناصری"),
    ("آیت الله محمدرضا ناصری", "محمدرضا ناصری"),
    ("حجت‌الاسلام والمسلمین محمدرضا ناصری", "محمدرضا ناصری"),
    ("دکتر میرهاشم موسوی", "میرهاشم موسوی"),
    ("میرهاشم‌موسوی", "میرهاشم موسوی"),
    ("مهندس میر هاشم موسوی", "دکتر میرهاشم موسوی"),
    ("مهدي اسلامي", "مهدی اسلامی"),
])
def test_names_ignore_honorifics_spaces_and_zwnj(predicted: str, gold: str) -> None:
    assert name_key(predicted) == name_key(gold)
    m = match_people([{"name": gold, "role_head": "x"}], [{"name": predicted, "role": "x"}])
    assert len(m["matched"]) == 1


def test_different_people_do_not_match() -> None:
    assert name_key("محمد محمدی") != name_key("مهدی اسلامی")
    assert name_key("دکتر") == "دکتر"  # an honorific alone stays a name


@pytest.mark.parametrize(("role", "right"), [
    ("نماینده ولی‌فقیه در استان یزد", True),
    ("نماینده ولیفقیه", True),
    ("امام‌جمعه یزد", False),
    (None, False),
])
def test_role_accuracy_contains_role_head(role: str | None, right: bool) -> None:
    gold = {"people": [{"name": "محمدرضا ناصری", "role": "نماینده ولی‌فقیه", "role_head": "نماینده"}]}
    pred = {"people": [{"name": "آیت‌الله محمدرضا ناصری", "role": role}]}
    p = score([("t", gold, pred)])["people"]
    assert p["tp"] == 1 and p["role_accuracy"] == (1.0 if right else 0.0)


def test_people_precision_and_recall() -> None:
    def edit(name: str, pred: dict) -> None:
        if name == "seed-004":
            pred["people"] = pred["people"][1:] + [{"name": "علی رضایی", "role": None}]
    p = score(cases(edit))["people"]
    assert (p["tp"], p["fp"], p["fn"]) == (N_PEOPLE - 1, 1, 1)


def test_provinces_as_sets() -> None:
    gold = {"provinces": ["گیلان", "یزد"]}
    pred = {"provinces": ["گیلان", "گیلان", "تهران"]}
    pv = score([("t", gold, pred)])["provinces"]
    assert (pv["tp"], pv["fp"], pv["fn"]) == (1, 1, 1)
    assert pv["precision"] == pv["recall"] == 0.5


def test_relevance_accuracy() -> None:
    result = score(cases(lambda name, p: p.update(relevant=False) if name == "seed-000" else None))
    assert result["relevance"] == {"correct": 1, "total": 2, "accuracy": 0.5, "tier_correct": 0, "tier_total": 0}
    assert result["per_text"][0]["relevance"]["correct"] is False


def test_empty_prediction() -> None:
    result = score([(n, g, {}) for n, g in GOLDS])
    q = result["quantities"]
    assert (q["tp"], q["fn"], q["recall"], q["f1"]) == (0, N_QUANTITIES, 0.0, 0.0)
    assert q["unit_accuracy"] is None


def test_report_lists_misses() -> None:
    result = score(cases(lambda name, p: p["facts"].pop(0) if name == "seed-000" else None))
    report = format_report(result)
    assert "seed-000" in report and "quantity missed" in report and "حدود ۲۰ درصد" in report


def test_evaluate_runs_the_pipeline_path_on_the_dev_set() -> None:
    result = evaluate(str(EVAL))
    assert result["texts"] == 2 and len(result["per_text"]) == 2
    assert result["relevance"]["total"] == 2
    assert {"precision", "recall", "f1", "unit_accuracy"} <= result["quantities"].keys()
    assert "relevance" in format_report(result)
    assert evaluate(str(EVAL), normalize=False)["normalized"] is False


def test_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main([str(EVAL), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["texts"] == 2
    assert main([str(tmp_path)]) == 2
    assert "no *.gold.json" in capsys.readouterr().err


def test_extract_facts_shape() -> None:
    found = extract_facts("", None, "به نقل از ایرنا، سازمان تأمین اجتماعی در استان گیلان ۲۸ شعبه دارد.")
    assert set(found) == {"facts", "people", "places", "provinces", "organizations", "quoted_from"}
    assert found["organizations"] == ["سازمان تأمین اجتماعی"]
    assert found["quoted_from"] == "ایرنا"
