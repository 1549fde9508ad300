"""One report for a crawl shared by several workers: their run reports added up (pure, plain dicts)."""

from __future__ import annotations

from typing import Any

COUNTS = (
    "pages_fetched",
    "requests",
    "articles_found",
    "articles_parsed",
    "already_handled",
    "relevant",
    "emitted",
    "near_duplicates",
    "error_count",
    "network_errors",
    "retries",
    "discovery_pages",  # the unreachable check reads it: without it a crawl that parsed no page was "unreachable"
)
TALLIES = ("dropped", "skipped", "errors")


def combine(site: str, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts summed, tallies summed per key, coverage weighted by pages parsed, the slowest worker's time."""
    out: dict[str, Any] = {"site": site, "workers": len(reports), "runs": [r.get("run_id") for r in reports]}
    for key in COUNTS:
        out[key] = sum(r.get(key) or 0 for r in reports)
    for key in TALLIES:
        tally: dict[str, int] = {}
        for r in reports:
            for name, n in (r.get(key) or {}).items():
                tally[name] = tally.get(name, 0) + n
        out[key] = dict(sorted(tally.items()))
    fields = {f for r in reports for f in (r.get("coverage") or {})}
    coverage: dict[str, float | None] = {}
    for field in sorted(fields):
        weighted = [(r["coverage"][field], r.get("articles_parsed") or 0) for r in reports]
        weighted = [(v, w) for v, w in weighted if v is not None and w]
        total = sum(w for _, w in weighted)
        coverage[field] = round(sum(v * w for v, w in weighted) / total, 3) if total else None
    out["coverage"] = coverage
    reasons = {r.get("finish_reason") for r in reports}
    out["finish_reason"] = "finished" if reasons == {"finished"} else ",".join(sorted(str(x) for x in reasons))
    seconds = [r.get("run_seconds") for r in reports if r.get("run_seconds") is not None]
    out["run_seconds"] = max(seconds) if seconds else None
    out["output"] = None
    return out
