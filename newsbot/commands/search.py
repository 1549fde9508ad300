"""`scrapy search QUERY… [--from DATE] [--to DATE] [--site KEY]`: archived articles, newest first."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "QUERY [QUERY…] [--from DATE] [--to DATE] [--site KEY] [--limit N] [--json]"

    def short_desc(self) -> str:
        return "Search the archive (every spelling of a word alike); each QUERY is a phrase, all must occur"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--from", dest="day_from", metavar="DATE", help="first day (Jalali 1404-07-08 or ISO)")
        parser.add_argument("--to", dest="day_to", metavar="DATE", help="last day, included")
        parser.add_argument("--site", help="one site key (scrapy list)")
        parser.add_argument("--limit", type=int, default=50, help="at most this many matches (default 50)")
        parser.add_argument("--json", action="store_true", help="one JSON object per match")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from newsbot.commands._desk import open_settings_archive
        from newsbot.desk.period import parse_day

        if not args:
            raise UsageError("give a word or phrase to search for, e.g. scrapy search 'تامین اجتماعی'")
        try:
            day_from = parse_day(opts.day_from).isoformat() if opts.day_from else None
            day_to = parse_day(opts.day_to).isoformat() if opts.day_to else None
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if opts.limit < 1:
            raise UsageError("--limit must be at least 1")
        archive = open_settings_archive(self.settings)
        try:
            hits = archive.search(args, day_from=day_from, day_to=day_to, site=opts.site, limit=opts.limit)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        for hit in hits:
            if opts.json:
                print(json.dumps(asdict(hit), ensure_ascii=False))
                continue
            when = (hit.published_at or "")[:16].replace("T", " ")
            print(f"{when}  {hit.source_name or hit.site}  {hit.title}")
            print(f"    {hit.url}")
            print(f"    {hit.snippet}")
        more = " (the limit: --limit N for more)" if len(hits) == opts.limit else ""
        print(f"{len(hits)} match{'' if len(hits) == 1 else 'es'}{more}", file=sys.stderr if opts.json else sys.stdout)
