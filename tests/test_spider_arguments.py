"""`-a start=…` as a person types it: commas, spaces, both; each URL once, in order."""

from __future__ import annotations

import pytest

from newsbot.spiders.arguments import SpiderArgumentError, hosts, start_urls
from newsbot.spiders.generic import GenericSpider

A, B = "https://www.example.ir/rss", "https://news.other.ir/sitemap.xml"
CASES = [
    (f"{A},{B}", [A, B]),
    (f"{A} {B}", [A, B]),
    (f"{A}, {B}", [A, B]),
    (f" {A}\n{B} ", [A, B]),
    (f"{A},{A}", [A]),
]


@pytest.mark.parametrize(("value", "urls"), CASES)
def test_start_urls(value: str, urls: list[str]) -> None:
    assert start_urls(value) == urls


@pytest.mark.parametrize("value", ["", " , ", "example.ir/rss", f"{A} ftp://x.ir/f", "https:///rss"])
def test_bad_start_is_an_argument_error(value: str) -> None:
    with pytest.raises(SpiderArgumentError):
        start_urls(value)


def test_hosts_without_www() -> None:
    assert hosts([A, B, "https://example.ir/x"]) == ["example.ir", "news.other.ir"]


def test_generic_history_key_names_its_targets() -> None:
    assert GenericSpider(start=f"{B} {A}").state_key == "generic:example.ir,news.other.ir"
