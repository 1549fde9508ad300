"""The crawl report of a shared crawl: the workers' reports added up."""

from newsbot.report import alarms
from newsbot.state.crawl_report import combine


def report(parsed: int, emitted: int, title_cov: float, dropped: dict, reason: str = "finished") -> dict:
    return {
        "site": "irna",
        "run_id": f"r{parsed}",
        "finish_reason": reason,
        "pages_fetched": parsed + 2,
        "requests": parsed + 2,
        "articles_found": parsed,
        "articles_parsed": parsed,
        "already_handled": 0,
        "relevant": emitted,
        "emitted": emitted,
        "near_duplicates": 0,
        "error_count": 1,
        "network_errors": 0,
        "retries": 0,
        "discovery_pages": 2,
        "dropped": dropped,
        "skipped": {},
        "errors": {"http_404": 1},
        "coverage": {"title": title_cov, "facts": None},
        "run_seconds": parsed,
    }


def test_counts_and_tallies_add_up_and_coverage_is_weighted_by_pages():
    combined = combine(
        "irna", [report(30, 3, 1.0, {"irrelevant": 20}), report(10, 1, 0.6, {"irrelevant": 5, "no_body": 1})]
    )
    assert combined["workers"] == 2 and combined["articles_parsed"] == 40 and combined["emitted"] == 4
    assert combined["dropped"] == {"irrelevant": 25, "no_body": 1}
    assert combined["errors"] == {"http_404": 2} and combined["error_count"] == 2
    assert combined["coverage"] == {"facts": None, "title": 0.9}  # (30 × 1.0 + 10 × 0.6) / 40
    assert combined["run_seconds"] == 30 and combined["finish_reason"] == "finished"


def test_a_worker_that_did_not_finish_shows_in_the_reason():
    combined = combine("irna", [report(5, 1, 1.0, {}), report(5, 1, 1.0, {}, reason="shutdown")])
    assert combined["finish_reason"] == "finished,shutdown"


def test_a_crawl_that_read_its_discovery_pages_but_parsed_nothing_is_not_unreachable():
    """Every article already handled: the workers read feeds and listings, parsed no article page."""
    combined = combine("irna", [report(0, 0, 1.0, {}), report(0, 0, 1.0, {})])
    assert combined["discovery_pages"] == 4
    assert alarms(combined, [], {"coverage_drop": 0.5, "error_rate": 0.5}) == []
