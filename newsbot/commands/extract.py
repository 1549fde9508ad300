"""`scrapy extract FILE_OR_URL [--url URL] [--site KEY]`: the record for one page, as pretty JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand

from newsbot.commands.preflight import InputProblem, one_line_errors


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "FILE_OR_URL [--url URL] [--site KEY]"

    def short_desc(self) -> str:
        return "Print the record newsbot makes from one saved page (or URL) as JSON"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the page's URL (for a saved file): picks the site and resolves links")
        parser.add_argument(
            "--site", help="site key whose definition to use, or 'generic' for none (default: by the URL's domain)"
        )
        parser.add_argument("--no-debug", action="store_true", help="leave out the _debug block")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        with one_line_errors("extract"):
            html, url, site = self._inputs(args, opts)
        from newsbot.record import record_from_page

        record = record_from_page(html, url, site)
        if opts.no_debug:
            record.pop("_debug", None)
        json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")

    def _inputs(self, args: list[str], opts: argparse.Namespace) -> tuple[bytes, str, Any]:
        """(page bytes, URL, site definition or None); a page the crawl would skip is an InputProblem."""
        from newsbot.decode import looks_binary
        from newsbot.sites.registry import generic_site, get_site

        if len(args) != 1:
            raise InputProblem(f"expected one saved page or one URL (got {len(args)})")
        target = args[0]
        if target.startswith(("http://", "https://")) and not Path(target).exists():
            html, url = self._fetch(target), opts.url or target
        else:
            path = Path(target)
            if not path.is_file():
                raise InputProblem(f"{target}: no such file; expected a saved HTML page or an http(s) URL")
            html, url = path.read_bytes(), opts.url or path.resolve().as_uri()
        # the same two checks, and the same reasons, as the crawl's parse_article
        if looks_binary(html):
            raise InputProblem(f"{target}: not_html (binary content, not a web page); expected a saved HTML page")
        if not html.strip():
            raise InputProblem(f"{target}: empty_page (nothing to extract)")
        try:
            site = generic_site() if opts.site == "generic" else get_site(opts.site) if opts.site else None
        except KeyError as exc:
            raise InputProblem(f"--site {opts.site}: {exc.args[0]}") from None
        return html, url, site

    def _fetch(self, url: str) -> bytes:
        import urllib.request

        request = urllib.request.Request(url, headers={"User-Agent": self.settings.get("USER_AGENT")})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read(self.settings.getint("DOWNLOAD_MAXSIZE"))
        except OSError as exc:
            raise InputProblem(f"could not fetch {url}: {exc}") from None
