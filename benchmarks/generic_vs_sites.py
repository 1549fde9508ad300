"""The generic path measured like a site definition: field by field, how often it gives the same record.

For every article page in the project's tests — the sample site's pages (three CMS layouts), the outlet
pages of tests/data/sites and the real captures of tests/data/real — the page is read twice: with its
site definition and with the generic site (no definition: CMS fingerprints, common CMS classes, JSON-LD and
meta, trafilatura). The table gives, per field, the share of pages where both records hold the same value.
Two more tables take the generic path's props away one by one: CMS fingerprints off (common classes, meta,
trafilatura), then no body selectors either (the text region is trafilatura's alone).

Run: .venv/bin/python benchmarks/generic_vs_sites.py [-v]   (-v lists every page where a field differs)
Prints figures; asserts nothing (tests/test_generic_vs_sites.py holds the thresholds).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsbot.extract import article as extract_module  # noqa: E402
from newsbot.extract.article import Extracted, extract_article  # noqa: E402
from newsbot.sites.registry import generic_site, get_site  # noqa: E402

FIELDS = ("title", "lead", "body", "published_at", "tags", "authors", "category")
SAMPLE = ROOT / "newsbot" / "sample_site"  # manifest `file`s are relative to it
MANIFEST = ROOT / "sample_site" / "manifest.json"
SITES = ROOT / "tests" / "data" / "sites"
REAL = ROOT / "tests" / "data" / "real"
SAMPLE_HOST = "127.0.0.1:8000"


@dataclass(frozen=True)
class Page:
    group: str  # sample / outlet / real
    name: str
    site: str  # the definition's key
    url: str
    html: bytes


def sample_pages() -> list[Page]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    pages = []
    for a in manifest["articles"]:
        if not a["file"]:
            continue
        raw = (SAMPLE / a["file"]).read_bytes()
        if raw:
            html = raw.replace(b"SAMPLE_HOST", SAMPLE_HOST.encode())
            pages.append(Page("sample", a["path"], "sample", f"http://{SAMPLE_HOST}{a['path']}", html))
    return pages


def outlet_pages() -> list[Page]:
    """tests/data/sites/expected.json: one page per outlet; the real captures are listed there too."""
    cases = json.loads((SITES / "expected.json").read_text(encoding="utf-8"))
    pages = []
    for c in cases:
        path = SITES / c["file"] if (SITES / c["file"]).exists() else REAL / c["file"]
        group = "real" if c["real"] else "outlet"
        pages.append(Page(group, c["file"], c["site"], c["url"], path.read_bytes()))
    return pages


def all_pages() -> list[Page]:
    return sample_pages() + outlet_pages()


@dataclass
class Pair:
    page: Page
    by_site: Extracted
    generic: Extracted


@contextmanager
def fingerprints(enabled: bool) -> Iterator[None]:
    """Switch CMS-family fingerprints off for the generic path (the no-fingerprint column)."""
    saved = extract_module.DETECTABLE_FAMILIES
    if not enabled:
        extract_module.DETECTABLE_FAMILIES = ()
    try:
        yield
    finally:
        extract_module.DETECTABLE_FAMILIES = saved


MODES = {
    "full": "generic path vs site definition: share of pages with the same value",
    "no-fingerprints": "same, CMS fingerprints off (common classes, JSON-LD/meta, trafilatura)",
    "trafilatura": "same, fingerprints off and no body selectors (the text region from trafilatura alone)",
}


def pairs(pages: list[Page], mode: str = "full") -> list[Pair]:
    """Both readings of every page the definition takes for an article (galleries and listings left out)."""
    generic = generic_site()
    if mode == "trafilatura":
        generic.selectors = {k: v for k, v in generic.selectors.items() if k != "body"}
    out = []
    for page in pages:
        by_site = extract_article(page.html, page.url, get_site(page.site))
        if by_site.skip_reason:
            continue
        with fingerprints(mode == "full"):
            reading = extract_article(page.html, page.url, generic)
        out.append(Pair(page, by_site, reading))
    return out


def equal_shares(found: list[Pair]) -> dict[str, tuple[int, int]]:
    """field → (pages where both records agree, pages)."""
    return {f: (sum(getattr(p.by_site, f) == getattr(p.generic, f) for p in found), len(found)) for f in FIELDS}


def table(found: list[Pair]) -> list[tuple[str, dict[str, tuple[int, int]]]]:
    groups = [("sample", [p for p in found if p.page.group == "sample"])]
    groups += [("outlet", [p for p in found if p.page.group == "outlet"])]
    groups += [("real", [p for p in found if p.page.group == "real"]), ("all", found)]
    return [(name, equal_shares(items)) for name, items in groups]


def _cell(equal: int, total: int) -> str:
    return f"{equal / total:6.1%} ({equal}/{total})" if total else "–"


def render(rows: list[tuple[str, dict[str, tuple[int, int]]]], heading: str) -> str:
    names = [name for name, _ in rows]
    lines = [heading, f"{'field':<14}" + "".join(f"{n:>20}" for n in names)]
    for f in FIELDS:
        lines.append(f"{f:<14}" + "".join(f"{_cell(*shares[f]):>20}" for _, shares in rows))
    return "\n".join(lines)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) < 110 else text[:107] + "…"


def main(argv: list[str]) -> None:
    pages = all_pages()
    runs = {mode: pairs(pages, mode) for mode in MODES}
    print("\n\n".join(render(table(found), MODES[mode]) for mode, found in runs.items()))
    generic = [p.generic for p in runs["full"]]
    print()
    print(f"generic records with source_name: {sum(bool(g.source_name) for g in generic)}/{len(generic)}")
    unsplit = [t for g in generic for t in g.tags if any(s in t for s in ",،;؛")]
    print(f"generic tags holding a separator: {len(unsplit)}")
    if "-v" in argv:
        for mode, found in runs.items():
            print(f"\n-- differing fields ({mode})")
            for p in found:
                for f in FIELDS:
                    a, b = getattr(p.by_site, f), getattr(p.generic, f)
                    if a != b:
                        if f == "body":
                            a, b = (a or "")[:100], (b or "")[:100]
                        print(f"{p.page.group}:{p.page.name} {f}\n   site:    {_short(a)}\n   generic: {_short(b)}")


if __name__ == "__main__":
    main(sys.argv[1:])
