"""`scrapy canary [SITE…]`: fetch the newest few articles of each outlet and say which definitions still work.

`--save DIR` keeps each article page it checked, with the record newsbot made of it, in the layout that
tests/test_saved_pages.py reads (tests/data/saved/README.md):

    DIR/<site>/<YYYY-MM-DD>_<record id>.html        the response body, byte for byte
    DIR/<site>/<YYYY-MM-DD>_<record id>.fetch.json  url, content_type, status, fetched_at, sha256, bytes
    DIR/<site>/<YYYY-MM-DD>_<record id>.json        {"site", "captured", "source", "expected": {field: value}}

The date is the capture's (UTC). A capture never replaces an earlier one: the same bytes again are not
saved twice, different bytes under a taken name get `-2`, `-3`… Each file is written as `….part` and
linked into place (no clobbering), the record last, so a complete `.json` means a complete capture.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.commands import ScrapyCommand
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES

from newsbot.commands import add_spider_arguments, preflight
from newsbot.items import EXPORT_FIELDS
from newsbot.logs import quiet_network_tracebacks
from newsbot.report import build_report, why_unreachable
from newsbot.sites.model import SiteDef

logger = logging.getLogger(__name__)

FIELDS = ("title", "date", "lead", "body", "tags")
REQUIRED = ("title", "date", "body")  # without these a record is not publishable
MIN_COVERAGE = 0.5


def verdict(stats: dict) -> tuple[int, dict[str, float | None], str]:
    """(articles reached, coverage per field, 'OK', 'UNREACHABLE: why' or 'BROKEN: reason').

    BROKEN blames the site definition, so it is said only when pages came back: a site that could not be
    fetched at all (DNS, refused, timeouts, every page an HTTP error) is UNREACHABLE.
    """
    report = build_report("", stats, "", None)  # the run report's figures, so the two never disagree
    parsed = report["articles_parsed"]
    coverage = {f: report["coverage"][f] for f in FIELDS}
    unreachable = why_unreachable(report)
    if unreachable:
        return 0, coverage, f"UNREACHABLE: {unreachable}"
    if not parsed:
        found = stats.get("newsbot/articles_found", 0)
        if not found:
            return 0, coverage, f"BROKEN: layout (no article links on {report['discovery_pages']} discovery pages)"
        return 0, coverage, "BROKEN: articles (none parsed)"
    failed = [f for f in REQUIRED if (coverage[f] or 0) < MIN_COVERAGE]
    return parsed, coverage, f"BROKEN: {', '.join(failed)}" if failed else "OK"


# The record fields a saved capture pins down: the page's own (`id` … `tags` in the record's order) but the
# site's key and name; the body is kept as its ends, length and hash, not in full.
SAVED_FIELDS = tuple(
    f for f in EXPORT_FIELDS[: EXPORT_FIELDS.index("tags") + 1] if f not in {"site", "source_name", "body"}
)
BODY_EDGE = 200  # characters kept from each end of the body


def body_summary(body: str) -> dict[str, Any]:
    """body_start / body_end (first and last 200 characters), body_chars, body_sha256 (of the UTF-8 text)."""
    return {
        "body_start": body[:BODY_EDGE],
        "body_end": body[-BODY_EDGE:] if body else "",
        "body_chars": len(body),
        "body_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
    }


def saved_fields(record: dict[str, Any]) -> dict[str, Any]:
    """What a capture's `.json` keeps of a record (record_from_page's output) under "expected"."""
    return {**{f: record.get(f) for f in SAVED_FIELDS}, **body_summary(record.get("body") or "")}


def capture_response(html_path: Path) -> HtmlResponse:
    """A saved page as the response it was: its bytes, with the URL and Content-Type from its `.fetch.json`."""
    fetch = json.loads(html_path.with_suffix(".fetch.json").read_text(encoding="utf-8"))
    headers = {"Content-Type": fetch["content_type"]} if fetch.get("content_type") else {}
    return HtmlResponse(url=fetch["url"], body=html_path.read_bytes(), headers=headers)


def capture_text(response: TextResponse) -> str:
    """The page text the spider extracts from (same decoding for a live response and a saved one)."""
    from newsbot.decode import page_text

    return page_text(response)[0]


def _publish(part: Path, final: Path) -> None:
    """Move a finished `.part` file to its name, atomically, failing (FileExistsError) if the name is taken."""
    try:
        os.link(part, final)  # atomic and never replaces: the name either was free and now holds the file, or not
    except FileExistsError:
        part.unlink()
        raise
    except OSError:  # a file system without hard links
        if final.exists():
            part.unlink()
            raise FileExistsError(final) from None
        os.replace(part, final)
        return
    part.unlink()


class PageSaver:
    """Writes one capture per article page the canary checked (see the module docstring)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.saved: list[Path] = []
        self.already: list[Path] = []
        self.failed = 0

    def item_scraped(self, item: Any, response: Response, spider: Any) -> None:
        try:
            self.save(response, spider.site)
        except Exception:  # a full disk must not end the check itself
            self.failed += 1
            logger.exception("canary --save: could not save %s", response.url)

    def save(self, response: Response, site: SiteDef, now: datetime | None = None) -> Path | None:
        """The capture's `.html` path, or None when the same bytes were saved already."""
        from newsbot.record import record_from_page

        if not isinstance(response, TextResponse):
            return None
        now = now or datetime.now(UTC)
        record = record_from_page(capture_text(response), response.url, site)
        folder = self.root / site.key
        folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(response.body).hexdigest()
        content_type = response.headers.get(b"Content-Type")
        fetch = {
            "url": response.url,
            "content_type": content_type.decode("latin-1") if content_type else None,
            "status": response.status,
            "fetched_at": now.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "sha256": digest,
            "bytes": len(response.body),
        }
        saved = {
            "site": site.key,
            "captured": now.date().isoformat(),
            "source": "scrapy canary --save: newsbot's own record; check it by hand before trusting it",
            "expected": saved_fields(record),
        }
        base = f"{now.date().isoformat()}_{record['id'] or digest[:16]}"
        for n in range(1, 1000):
            stem = base if n == 1 else f"{base}-{n}"
            files = [
                (folder / f"{stem}.html", response.body),
                (folder / f"{stem}.fetch.json", _json_bytes(fetch)),
                (folder / f"{stem}.json", _json_bytes(saved)),  # last: a record means the capture is complete
            ]
            html = files[0][0]
            if html.exists() and html.read_bytes() == response.body:
                self.already.append(html)
                return None
            if any(path.exists() for path, _ in files):
                continue
            if self._write(files):
                if n > 1:
                    logger.warning("canary --save: %s already held other bytes; saved as %s", base, stem)
                self.saved.append(html)
                return html
        raise FileExistsError(folder / base)

    @staticmethod
    def _write(files: list[tuple[Path, bytes]]) -> bool:
        """Write each file as .part, then link all into place; False (nothing left behind) if a name was taken."""
        parts = []
        for path, data in files:
            part = path.with_name(f"{path.name}.{os.getpid()}.part")  # two runs never share a .part
            part.write_bytes(data)
            parts.append((part, path))
        done: list[Path] = []
        try:
            for part, path in parts:
                _publish(part, path)
                done.append(path)
        except FileExistsError:  # another run took this name meanwhile: undo ours, try the next name
            for part, _ in parts:
                part.unlink(missing_ok=True)
            for path in done:
                path.unlink()
            return False
        return True


def _json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[SITE …] [-n N] [-a NAME=VALUE] [--save DIR]"

    def short_desc(self) -> str:
        return "Live check: fetch the newest articles of each outlet, print field coverage and OK/BROKEN"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-n", type=int, default=5, help="articles per outlet (default 5)")
        add_spider_arguments(parser, "spider argument (e.g. -a root=DIR for the sample site)")
        parser.add_argument(
            "--save",
            metavar="DIR",
            help="keep each article page checked, with its record, as DIR/<site>/<date>_<id>.{html,fetch.json,json}",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        with preflight.one_line_errors("canary"):
            super().process_options(args, opts)
            loader = preflight.spider_loader(self.settings)
            self.sites = args or [k for k in sorted(loader.list()) if k not in ("sample", "generic")]
            self.spargs = preflight.spider_arguments(opts.spargs)
            for spidercls in preflight.spider_classes(loader, self.sites).values():
                preflight.check_spider_arguments(spidercls, self.spargs)
        assert self.settings is not None
        if self.settings.getpriority("LOG_LEVEL") < SETTINGS_PRIORITIES["cmdline"]:  # settings.py says INFO
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")  # the table is the output; -L INFO for more
        quiet_network_tracebacks()  # the extension that would install it is off here
        # a canary looks at extraction only: no state, no output, no relevance filtering
        self.settings.set("NEWSBOT_STATE", "", priority="cmdline")
        self.settings.set("FEEDS", {}, priority="cmdline")
        self.settings.set("ITEM_PIPELINES", {}, priority="cmdline")
        self.settings.set("EXTENSIONS", {}, priority="cmdline")
        self.settings.set("NEWSBOT_MAX_ARTICLES_PER_RUN", opts.n, priority="cmdline")
        self.settings.set("NEWSBOT_MAX_LISTING_PAGES", 1, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        sites, spargs = self.sites, self.spargs
        crawlers = {}
        self.saver = PageSaver(opts.save) if opts.save else None  # held here: signal receivers are weak references
        for key in sites:
            crawler = self.crawler_process.create_crawler(key)
            crawlers[key] = crawler
            if self.saver is not None:
                crawler.signals.connect(self.saver.item_scraped, signal=signals.item_scraped)
            self.crawler_process.crawl(crawler, **spargs)
        self.crawler_process.start()
        header = f"{'outlet':<16} {'articles':>8} " + " ".join(f"{f:>6}" for f in FIELDS) + "  status"
        print(header)
        print("-" * len(header))
        broken = unreachable = 0
        for key, crawler in crawlers.items():
            stats = crawler.stats.get_stats() if crawler.stats else {}
            reached, coverage, status = verdict(stats)
            cells = " ".join(f"{'-' if coverage[f] is None else f'{coverage[f]:.0%}':>6}" for f in FIELDS)
            print(f"{key:<16} {reached:>8} {cells}  {status}")
            broken += status.startswith("BROKEN")
            unreachable += status.startswith("UNREACHABLE")
        ok = len(crawlers) - broken - unreachable
        print(f"canary: {ok} OK, {broken} BROKEN, {unreachable} UNREACHABLE")
        if self.saver is not None:
            failed = f", {self.saver.failed} could not be saved" if self.saver.failed else ""
            print(
                f"canary: saved {len(self.saver.saved)} page(s) under {self.saver.root}"
                f" ({len(self.saver.already)} already there{failed})"
            )
        self.exitcode = 1 if broken or unreachable else 0
