"""Compiled selectors: every CSS or «xpath:» query of the site files is translated and compiled once per
process, then run on the page's one lxml tree (parsel would translate the CSS and lxml compile the XPath
again on every call)."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree
from parsel.csstranslator import HTMLTranslator

__all__ = ["compiled", "select"]

_NAMESPACES = {"re": "http://exslt.org/regular-expressions"}  # the EXSLT regexes parsel offers
_CSS = HTMLTranslator()


@lru_cache(maxsize=4096)
def compiled(query: str) -> etree.XPath:
    """A query as parsel reads it («::text», «::attr(x)» included), compiled; «xpath:…» is XPath as written."""
    expr = query[6:] if query.startswith("xpath:") else _CSS.css_to_xpath(query)
    return etree.XPath(expr, namespaces=_NAMESPACES, smart_strings=False)


def select(node: etree._Element | None, query: str) -> list:
    """What the query selects under `node` (itself included): elements, or strings for «::text» / «::attr»."""
    if node is None:
        return []
    return compiled(query)(node)
