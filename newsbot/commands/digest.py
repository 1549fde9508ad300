"""`scrapy digest (--since 24h | --from DATE [--to DATE]) -o FILE [--format html|md]`: the analyst's page."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "(--since 24h | --from DATE [--to DATE]) -o FILE [--format html|md]"

    def short_desc(self) -> str:
        return "Write the digest of a period from the archive: stories by outlets, every figure, charts"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--since", metavar="SPAN", help="the last 24h, 3d, 2w")
        parser.add_argument("--from", dest="day_from", metavar="DATE", help="first day (Jalali 1404-07-08 or ISO)")
        parser.add_argument("--to", dest="day_to", metavar="DATE", help="last day, included (default: --from)")
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the page")
        parser.add_argument("--format", choices=("html", "md"), help="html (default) or md; .md files default to md")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from newsbot.commands._desk import open_settings_archive
        from newsbot.desk.digest import build_digest
        from newsbot.desk.period import period_between, period_since

        if args:
            raise UsageError(f"unexpected argument(s): {' '.join(args)}")
        if not opts.output:
            raise UsageError("give the file to write: -o digest.html")
        if bool(opts.since) == bool(opts.day_from):
            raise UsageError("give either --since SPAN or --from DATE [--to DATE]")
        if opts.day_to and not opts.day_from:
            raise UsageError("--to needs --from")
        try:
            period = period_since(opts.since) if opts.since else period_between(opts.day_from, opts.day_to)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        fmt = opts.format or ("md" if opts.output.lower().endswith(".md") else "html")
        archive = open_settings_archive(self.settings)
        records = archive.records(period.start_utc, period.end_utc, with_body=False)
        stories = archive.stories(r["story_id"] for r in records if r.get("story_id"))
        dropped = [d for d in archive.dropped(period.start_utc) if d["dropped_at"] < period.end_utc]
        digest = build_digest(records, period, stories, dropped)
        if fmt == "md":
            from newsbot.desk.render_md import render_md

            text = render_md(digest)
        else:
            from newsbot.desk.render_html import render_html

            text = render_html(digest)
        out = Path(opts.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(out.name + ".part")
        part.write_text(text, encoding="utf-8")
        os.replace(part, out)  # a reader (or the mail job) never sees half a page
        print(
            f"digest {period.label()}: {digest.articles} articles, {len(digest.stories)} stories, "
            f"{len(digest.figures)} figures → {out} ({fmt}, {out.stat().st_size // 1024} KB)"
        )
