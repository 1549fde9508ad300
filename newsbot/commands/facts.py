"""`scrapy facts FILE|-`: what the relevance and facts pipelines add to a record, for one text."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "FILE|- [--title TITLE]"

    def short_desc(self) -> str:
        return "Print relevance, facts, people, places, organizations and quoted_from for one text as JSON"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--title", default="", help="the article's title, scored apart from the body")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from newsbot.facts.analysis import analyse_text

        if len(args) != 1:
            raise UsageError("give one text file, or - for standard input")
        if args[0] == "-":
            text = sys.stdin.read()
        else:
            path = Path(args[0])
            if not path.is_file():
                raise UsageError(f"no such file: {args[0]}")
            text = path.read_text(encoding="utf-8", errors="replace")
        threshold = self.settings.get("NEWSBOT_RELEVANCE_THRESHOLD")
        analysis = analyse_text(opts.title, None, text, threshold=float(threshold) if threshold else None)
        result = {"relevance": analysis.relevance.to_dict(), **analysis.found}
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
