"""Score the extractor against gold files (shared/eval/FORMAT.md): quantities, people, provinces, relevance.

`evaluate(gold_dir)` runs the pipeline's path on every `NAME.txt` that has a `NAME.gold.json` beside it
and scores it; `score(cases)` is the scorer alone, for hand-made predictions; `format_report` prints
a result. Command line: `python -m newsbot.facts.evaluate DIR [--json] [--no-normalize]`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbot.text.fold import squash

__all__ = ["evaluate", "format_report", "load_gold", "main", "predict", "score"]

HONORIFICS = ("آیت‌الله العظمی", "آیت‌الله", "حجت‌الاسلام والمسلمین", "حجت‌الاسلام", "دکتر", "مهندس")


def _squash(text: str | None) -> str:
    """Spaces and ZWNJ removed (the format's comparison rule), letters folded (newsbot.text.fold)."""
    return squash(text or "")


_HONORIFIC_KEYS = sorted((_squash(h) for h in HONORIFICS), key=len, reverse=True)


def name_key(name: str | None) -> str:
    """A person's name for matching: no spaces, no ZWNJ, no leading honorifics («آیت‌الله», «دکتر» …)."""
    key = _squash(name)
    stripped = True
    while stripped:
        stripped = False
        for honorific in _HONORIFIC_KEYS:
            if key.startswith(honorific) and len(key) > len(honorific):
                key, stripped = key[len(honorific):], True
    return key


def _same_value(a: Any, b: Any) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6)
    except (TypeError, ValueError):
        return False


def _same_quantity(pred: dict, gold: dict) -> bool:
    """The format's match key: type, value (within 1e-6 relative) and currency."""
    same_currency = (pred.get("currency") or None) == (gold.get("currency") or None)
    same_type = pred.get("type") == gold.get("type")
    return same_type and same_currency and _same_value(pred.get("value"), gold.get("value"))


def _unit_ok(pred: dict, gold: dict) -> bool:
    """The predicted unit equals the gold unit after folding (spaces, ZWNJ, letter forms ignored)."""
    return _squash(pred.get("unit")) == _squash(gold.get("unit"))


@dataclass
class Tally:
    """True/false positives and misses, summed over texts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def scores(self) -> dict[str, float | int]:
        # nothing predicted → nothing wrong (precision 1); nothing to find → nothing missed (recall 1)
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        counts = {"tp": self.tp, "fp": self.fp, "fn": self.fn}
        return {**counts, "precision": precision, "recall": recall, "f1": f1, **self.extra}


def _fit(pred: dict, gold: dict) -> int:
    """Among gold items with the same key, which one this prediction most likely stands for."""
    same_text = bool(pred.get("text")) and _squash(pred.get("text")) == _squash(gold.get("text"))
    return 2 * same_text + _unit_ok(pred, gold)


def _take(pool: list[dict | None], pred: dict) -> dict | None:
    """Remove and return the item of `pool` the prediction matches (the best fitting of equals)."""
    hits = [i for i, item in enumerate(pool) if item is not None and _same_quantity(pred, item)]
    if not hits:
        return None
    best = max(hits, key=lambda i: _fit(pred, pool[i]))
    item, pool[best] = pool[best], None
    return item


def match_quantities(gold: list[dict], optional: list[dict], predicted: list[dict]) -> dict[str, list]:
    """Multiset matching: matched pairs, missed gold, false positives; a prediction matching an
    optional quantity is neither."""
    gold_pool: list[dict | None] = list(gold)
    optional_pool: list[dict | None] = list(optional)
    matched, leftover, optional_hits = [], [], []
    for pred in predicted:
        found = _take(gold_pool, pred)
        if found is not None:
            matched.append((pred, found))
        else:
            leftover.append(pred)
    false_positives = []
    for pred in leftover:
        (optional_hits if _take(optional_pool, pred) is not None else false_positives).append(pred)
    missed = [g for g in gold_pool if g is not None]
    return {"matched": matched, "missed": missed, "false_positives": false_positives,
            "optional": optional_hits}


def match_people(gold: list[dict], predicted: list[dict]) -> dict[str, list]:
    """People as sets of name keys: matched (pred, gold) pairs, missed gold, false positives."""
    gold_by_key = {name_key(g.get("name")): g for g in gold}
    pred_by_key: dict[str, dict] = {}
    for p in predicted:
        pred_by_key.setdefault(name_key(p.get("name")), p)
    matched = [(pred_by_key[k], g) for k, g in gold_by_key.items() if k in pred_by_key]
    missed = [g for k, g in gold_by_key.items() if k not in pred_by_key]
    false_positives = [p for k, p in pred_by_key.items() if k not in gold_by_key]
    return {"matched": matched, "missed": missed, "false_positives": false_positives}


def _role_ok(pred: dict, gold: dict) -> bool:
    """The predicted role contains the gold role head, spaces and ZWNJ ignored; no role where gold has none."""
    head = gold.get("role_head") or gold.get("role")
    if not head:
        return not pred.get("role")
    return _squash(head) in _squash(pred.get("role"))


def _role_exact(pred: dict, gold: dict) -> bool:
    """The predicted role is the gold role, whole and no more, after folding."""
    return _squash(pred.get("role")) == _squash(gold.get("role"))


_SHOWN = ("type", "value", "unit", "currency", "qualifier", "text")


def _short(q: dict) -> dict:
    return {k: q.get(k) for k in _SHOWN if q.get(k) is not None}


def _each_mention(facts: list[dict]) -> list[dict]:
    """A fact said n times stands for n gold entries (gold lists a figure once per mention)."""
    return [fact for fact in facts for _ in range(max(1, int(fact.get("mentions") or 1)))]


def _score_quantities(gold: dict, pred: dict, tally: Tally, units: list[int]) -> dict:
    optional = gold.get("optional_quantities", [])
    m = match_quantities(gold.get("quantities", []), optional, _each_mention(pred.get("facts", [])))
    tally.add(len(m["matched"]), len(m["false_positives"]), len(m["missed"]))
    tally.extra["optional_matched"] = tally.extra.get("optional_matched", 0) + len(m["optional"])
    counts = [(p, g) for p, g in m["matched"] if g.get("type") == "count"]
    unit_errors = [{"gold": g.get("unit"), "predicted": p.get("unit"), "text": p.get("text") or g.get("text")}
                   for p, g in counts if not _unit_ok(p, g)]
    units[0] += len(counts) - len(unit_errors)
    units[1] += len(counts)
    return {"missed": [_short(q) for q in m["missed"]],
            "false_positives": [_short(q) for q in m["false_positives"]], "unit_errors": unit_errors}


def _score_people(gold: dict, pred: dict, tally: Tally, roles: list[int]) -> dict:
    m = match_people(gold.get("people", []), pred.get("people", []))
    tally.add(len(m["matched"]), len(m["false_positives"]), len(m["missed"]))
    role_errors = [{"name": g.get("name"), "gold": g.get("role"), "role_head": g.get("role_head"),
                    "predicted": p.get("role")} for p, g in m["matched"] if not _role_ok(p, g)]
    roles[0] += len(m["matched"]) - len(role_errors)
    roles[1] += len(m["matched"])
    roles[2] += sum(_role_exact(p, g) for p, g in m["matched"])
    return {"missed": [g.get("name") for g in m["missed"]],
            "false_positives": [p.get("name") for p in m["false_positives"]], "role_errors": role_errors}


def _score_provinces(gold: dict, pred: dict, tally: Tally) -> dict:
    gold_set = {_squash(p): p for p in gold.get("provinces", [])}
    pred_set = {_squash(p): p for p in pred.get("provinces", [])}
    tally.add(len(gold_set.keys() & pred_set.keys()), len(pred_set.keys() - gold_set.keys()),
              len(gold_set.keys() - pred_set.keys()))
    return {"missed": [v for k, v in gold_set.items() if k not in pred_set],
            "false_positives": [v for k, v in pred_set.items() if k not in gold_set]}


def _share(right: int, total: int) -> float | None:
    return right / total if total else None


def score(cases: Iterable[tuple[str, dict, dict]]) -> dict[str, Any]:
    """Score (name, gold, prediction) triples. A prediction holds `facts`, `people`, `provinces`
    (the record's shapes) and `relevant` (bool) with its `score`."""
    quantities, people, provinces = Tally(), Tally(), Tally()
    units, roles, relevance, tiers = [0, 0], [0, 0, 0], [0, 0], [0, 0]
    per_text = []
    for name, gold, pred in cases:
        entry: dict[str, Any] = {"name": name}
        if "about_organization" in gold:
            right = bool(pred.get("relevant")) == bool(gold["about_organization"])
            relevance[0] += right
            relevance[1] += 1
            entry["relevance"] = {"gold": gold["about_organization"], "predicted": bool(pred.get("relevant")),
                                  "score": pred.get("score"), "correct": right}
        if "relevance_tier" in gold:
            tiers[0] += gold["relevance_tier"] == pred.get("tier")
            tiers[1] += 1
            entry.setdefault("relevance", {})["tier"] = {"gold": gold["relevance_tier"], "predicted": pred.get("tier")}
        entry["quantities"] = _score_quantities(gold, pred, quantities, units)
        entry["people"] = _score_people(gold, pred, people, roles)
        entry["provinces"] = _score_provinces(gold, pred, provinces)
        per_text.append(entry)
    return {
        "texts": len(per_text),
        "quantities": {**quantities.scores(), "unit_accuracy": _share(*units), "units_checked": units[1]},
        "people": {**people.scores(), "role_accuracy": _share(roles[0], roles[1]), "roles_checked": roles[1],
                   "role_exact": _share(roles[2], roles[1])},
        "provinces": provinces.scores(),
        "relevance": {"correct": relevance[0], "total": relevance[1], "accuracy": _share(*relevance),
                      "tier_correct": tiers[0], "tier_total": tiers[1]},
        "per_text": per_text,
    }


def load_gold(gold_dir: str) -> list[tuple[str, dict, str]]:
    """(name, gold, text) for every NAME.gold.json in the folder that has its text beside it."""
    folder = Path(gold_dir)
    cases = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold_path.name.removesuffix(".gold.json")
        text_path = folder / gold.get("text", f"{name}.txt")
        if not text_path.is_file():
            raise FileNotFoundError(f"{gold_path}: its text {text_path.name} is not beside it")
        cases.append((name, gold, text_path.read_text(encoding="utf-8")))
    if not cases:
        raise FileNotFoundError(f"no *.gold.json files in {gold_dir}")
    return cases


def _zones(text: str, zoned: bool) -> tuple[str, str | None, str]:
    """Title, lead and body of a gold text: corpus texts (their gold gives `relevance_tier`) are title, lead,
    body paragraphs; older texts are all body."""
    if not zoned:
        return "", None, text
    parts = [p for p in text.split("\n\n") if p.strip()]
    return (parts[0] if parts else ""), (parts[1] if len(parts) > 1 else None), "\n\n".join(parts[2:])


def predict(text: str, normalize: bool = True, zoned: bool = False) -> dict[str, Any]:
    """What the crawl makes of a plain text, through the same analysis core (`analyse_text`)."""
    from newsbot.facts import extract_facts
    from newsbot.facts.analysis import analyse_text
    from newsbot.facts.relevance import score_relevance

    title, lead, body = _zones(text, zoned)
    if normalize:
        analysis = analyse_text(title, lead, body)
        relevance, found = analysis.relevance, analysis.found
    else:
        relevance, found = score_relevance(title, lead, body), extract_facts(title, lead, body)
    return {**found, "relevant": relevance.relevant, "score": relevance.score, "tier": relevance.tier,
            "normalized": normalize}


def evaluate(gold_dir: str, normalize: bool = True) -> dict[str, Any]:
    """Run the extractor on every gold text in `gold_dir` and score it (see `score`)."""
    cases = load_gold(gold_dir)
    predictions = [(name, gold, predict(text, normalize, "relevance_tier" in gold)) for name, gold, text in cases]
    result = score(predictions)
    result["gold_dir"] = str(gold_dir)
    result["normalized"] = all(pred["normalized"] for _, _, pred in predictions)
    return result


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def _prf(block: dict) -> str:
    return (f"P {_fmt(block['precision'])}  R {_fmt(block['recall'])}  F1 {_fmt(block['f1'])}"
            f"   (tp {block['tp']}, fp {block['fp']}, fn {block['fn']})")


def _quantity_words(q: dict) -> str:
    unit = q.get("currency") or q.get("unit") or ""
    return f"{q.get('type')} {q.get('value')} {unit}".strip() + (f" «{q['text']}»" if q.get("text") else "")


def _text_lines(entry: dict) -> list[str]:
    """The misses and false positives of one text, one line each."""
    rel = entry.get("relevance")
    head = entry["name"]
    if rel:
        mark = "" if rel["correct"] else "  ← WRONG"
        head += f": relevance {rel['score']} (gold {rel['gold']}, predicted {rel['predicted']}){mark}"
    lines = [head]
    q, p, pr = entry["quantities"], entry["people"], entry["provinces"]
    lines += [f"  quantity missed: {_quantity_words(x)}" for x in q["missed"]]
    lines += [f"  quantity false positive: {_quantity_words(x)}" for x in q["false_positives"]]
    lines += [f"  unit: gold «{x['gold']}», predicted «{x['predicted']}» in «{x['text']}»"
              for x in q["unit_errors"]]
    lines += [f"  person missed: {x}" for x in p["missed"]]
    lines += [f"  person false positive: {x}" for x in p["false_positives"]]
    lines += [f"  role of {x['name']}: predicted «{x['predicted']}», needs «{x['role_head']}»"
              for x in p["role_errors"]]
    lines += [f"  province missed: {x}" for x in pr["missed"]]
    lines += [f"  province false positive: {x}" for x in pr["false_positives"]]
    return lines


def format_report(result: dict[str, Any]) -> str:
    """A plain-text report: the totals, then each text's misses and false positives."""
    q, p, pv, rel = result["quantities"], result["people"], result["provinces"], result["relevance"]
    normalized = {True: "normalized", False: "not normalized"}.get(result.get("normalized"), "")
    lines = [
        f"{result['texts']} texts{' (' + normalized + ')' if normalized else ''}",
        f"quantities  {_prf(q)}; optional matched {q.get('optional_matched', 0)}",
        f"            unit accuracy (equal after folding) {_fmt(q['unit_accuracy'])} over {q['units_checked']}"
        " matched counts",
        f"people      {_prf(p)}",
        f"            role accuracy {_fmt(p['role_accuracy'])} (role holds its head), whole role equal"
        f" {_fmt(p.get('role_exact'))}, over {p['roles_checked']} matched people",
        f"provinces   {_prf(pv)}",
        f"relevance   accuracy {_fmt(rel['accuracy'])} ({rel['correct']}/{rel['total']}); tier"
        f" {rel.get('tier_correct', 0)}/{rel.get('tier_total', 0)}",
        "",
    ]
    for entry in result["per_text"]:
        lines += _text_lines(entry)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.facts.evaluate",
                                     description="Score the extractor against NAME.gold.json files.")
    parser.add_argument("gold_dir", help="folder of NAME.txt and NAME.gold.json files")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--no-normalize", action="store_true", help="run the finders on the raw text")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.gold_dir, normalize=not args.no_normalize)
    except FileNotFoundError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
