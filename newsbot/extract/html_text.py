"""Turn an HTML element into plain text with paragraphs kept apart."""

from __future__ import annotations

import re

from lxml import etree

from newsbot.text.fold import fold

BLOCK_TAGS = frozenset(
    "p div section article h1 h2 h3 h4 h5 h6 li ul ol blockquote table tr pre header footer figure figcaption "
    "aside nav dd dt dl address center main".split()
)
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "button", "form", "select", "object"}
)
_SPACES = re.compile(r"[ \t\u00a0\u200f\u200e\ufeff]+")


def element_to_paragraphs(el: etree._Element) -> list[str]:
    """Paragraph strings of an element: block tags and <br><br> end a paragraph, inline text joins."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip()
        if text:
            paragraphs.extend(t.strip() for t in text.split("\n") if t.strip())
        current.clear()

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in SKIP_TAGS or not isinstance(node.tag, str):
            if node.tail:
                current.append(node.tail)
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            flush()
        if tag == "br":
            current.append("\n")
        if node.text:
            current.append(node.text)
        for child in node:
            walk(child)
        if is_block:
            flush()
        if node.tail:
            current.append(node.tail)

    tail = el.tail  # the element's own tail is the text after it, not part of it
    el.tail = None
    walk(el)
    el.tail = tail
    flush()
    return paragraphs


def clean_inline(text: str | None) -> str:
    """One line of text: collapsed spaces, no stray bidi marks."""
    return _SPACES.sub(" ", (text or "").replace("\n", " ")).strip()


def text_key(text: str | None) -> str:
    """A comparison key: folded (newsbot.text.fold: one form per letter, joiners as spaces, no marks),
    spaces collapsed. Two texts with the same key are the same words however the page typed them."""
    return " ".join(fold(text or "").split())
