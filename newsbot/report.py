"""The run report: per-site figures from the crawl stats, field coverage, and alarms against earlier runs.

Pure functions over plain dicts, so the same rules serve `crawl`, `crawlall` and `canary`.
"""

from __future__ import annotations

from typing import Any

COVERAGE_FIELDS = ("title", "lead", "body", "date", "authors", "tags", "facts")
MIN_ARTICLES_FOR_COVERAGE = 3  # coverage of one or two pages says nothing about a layout
NETWORK_KINDS = ("dns_failed", "connection_refused", "timeout", "connection_lost")  # failures.py names them


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix) and isinstance(v, int)}


def build_report(site: str, stats: dict[str, Any], finish_reason: str, output: str | None) -> dict[str, Any]:
    """One site's report from its crawl stats."""
    parsed = stats.get("newsbot/articles_parsed", 0)
    present = _prefixed(stats, "newsbot/field_present/")
    coverage = {f: round(present.get(f, 0) / parsed, 3) if parsed else None for f in COVERAGE_FIELDS}
    with_facts, without = stats.get("newsbot/with_facts", 0), stats.get("newsbot/without_facts", 0)
    coverage["facts"] = round(with_facts / (with_facts + without), 3) if with_facts + without else None  # of relevant
    # one count per failed request, by the kind its errback named (not Scrapy's per-attempt counters, which a
    # retried failure would add to two or three times)
    errors = _prefixed(stats, "newsbot/errors/")
    errors.update({f"spider_{k}": v for k, v in _prefixed(stats, "spider_exceptions/").items()})
    requests = stats.get("downloader/request_count", 0)
    start, finish = stats.get("start_time"), stats.get("finish_time")
    return {
        "site": site,
        "finish_reason": finish_reason,
        "output": output,
        "pages_fetched": stats.get("downloader/response_count", 0),
        "requests": requests,
        "articles_found": stats.get("newsbot/articles_found", 0),
        "articles_parsed": parsed,
        "already_handled": stats.get("newsbot/skipped/already_handled", 0),
        "relevant": stats.get("newsbot/relevant", 0),
        "emitted": stats.get("newsbot/emitted", 0),
        "near_duplicates": stats.get("newsbot/near_duplicate", 0),
        "dropped": _prefixed(stats, "newsbot/dropped/"),
        "skipped": _prefixed(stats, "newsbot/skipped/"),
        "errors": errors,
        "error_count": sum(errors.values()),
        "network_errors": sum(v for k, v in errors.items() if k in NETWORK_KINDS),
        "retries": stats.get("retry/count", 0),
        "discovery_pages": sum(_prefixed(stats, "newsbot/discovery/").values()),
        "coverage": coverage,
        "run_seconds": round((finish - start).total_seconds(), 1) if start and finish else None,
    }


def why_unreachable(report: dict[str, Any]) -> str | None:
    """Why nothing of the site could be read (no discovery page came back), or None when pages came back."""
    # an article page screened out before parsing came back too (a shared crawl's worker may read only those)
    screened = (report.get("dropped") or {}).get("irrelevant", 0)
    if report.get("discovery_pages", 0) or report.get("articles_parsed", 0) or screened:
        return None
    errors = report.get("errors", {})
    if not errors and not report.get("requests"):
        return None  # nothing was even tried: not the network's doing
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(errors.items(), key=lambda kv: -kv[1])) or "no answer"
    return f"no page could be fetched ({kinds}; {report.get('requests', 0)} requests)"


def alarms(report: dict[str, Any], history: list[dict[str, Any]], settings: dict[str, float]) -> list[str]:
    """One line per alarm; `history` holds earlier completed reports of the same site, newest first."""
    out: list[str] = []
    site = report["site"]
    unreachable = why_unreachable(report)
    if unreachable:  # the network or the server, not the site definition: one alarm that says so
        return [f"{site}: site unreachable: {unreachable}"]
    before = [h for h in history if h.get("articles_found", 0) > 0]
    if before and report["articles_found"] == 0:
        usual = sum(h["articles_found"] for h in before) / len(before)
        out.append(
            f"{site}: layout broken? no article links on {report.get('discovery_pages', 0)} discovery pages "
            f"(usual {usual:.0f} links)"
        )
    drop = settings["coverage_drop"]
    if report["articles_parsed"] >= MIN_ARTICLES_FOR_COVERAGE:
        for field in COVERAGE_FIELDS:
            past = [
                h["coverage"][field]
                for h in history
                if h.get("articles_parsed", 0) >= MIN_ARTICLES_FOR_COVERAGE and h.get("coverage", {}).get(field)
            ]
            now = report["coverage"].get(field) or 0.0
            if past:
                usual = sum(past) / len(past)
                if usual >= 0.2 and now < usual * drop:
                    out.append(f"{site}: {field} coverage fell to {now:.0%} (usual {usual:.0%}): layout changed?")
    rate_limit = settings["error_rate"]
    if report["requests"] >= 4 and report["error_count"] / report["requests"] > rate_limit:
        rate = report["error_count"] / report["requests"]
        out.append(f"{site}: {rate:.0%} of {report['requests']} requests failed (threshold {rate_limit:.0%})")
    return out


def progress_line(site: str, stats: dict[str, Any]) -> str:
    """The line a running crawl logs every few seconds."""
    errors = sum(v for k, v in _prefixed(stats, "newsbot/errors/").items())
    return (
        f"[{site}] progress: {stats.get('downloader/response_count', 0)} pages, "
        f"{stats.get('newsbot/articles_found', 0)} article links, {stats.get('newsbot/articles_parsed', 0)} parsed, "
        f"{stats.get('newsbot/relevant', 0)} relevant, {stats.get('newsbot/emitted', 0)} emitted, {errors} errors"
    )


def summary_lines(report: dict[str, Any]) -> list[str]:
    """A short human summary for the log."""
    cov = ", ".join(f"{k} {v:.0%}" for k, v in report["coverage"].items() if v is not None) or "n/a"
    dropped = ", ".join(f"{k} {v}" for k, v in report["dropped"].items()) or "none"
    errors = ", ".join(f"{k} {v}" for k, v in report["errors"].items()) or "none"
    lines = [
        f"[{report['site']}] {report['pages_fetched']} pages fetched, {report['articles_found']} article links, "
        f"{report['articles_parsed']} parsed, {report['relevant']} relevant, {report['emitted']} emitted "
        f"in {report['run_seconds']} s ({report['finish_reason']})",
        f"[{report['site']}] dropped: {dropped}; errors: {errors}",
        f"[{report['site']}] coverage: {cov}",
    ]
    lines += [f"[{report['site']}] ALARM {a}" for a in report.get("alarms", [])]
    return lines
