"""`scrapy facts FILE|-`: what the relevance and facts pipelines add to a record, for one text."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newsbot.commands.preflight import InputProblem, one_line_errors


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

        with one_line_errors("facts"):
            text = self._text(args)
        threshold = self.settings.get("NEWSBOT_RELEVANCE_THRESHOLD")
        analysis = analyse_text(opts.title, None, text, threshold=float(threshold) if threshold else None)
        result = {"relevance": analysis.relevance.to_dict(), **analysis.found}
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")

    @staticmethod
    def _text(args: list[str]) -> str:
        if len(args) != 1:
            raise InputProblem(f"expected one text file, or - for standard input (got {len(args)})")
        if args[0] == "-":
            return sys.stdin.read()
        path = Path(args[0])
        if not path.is_file():
            raise InputProblem(f"{args[0]}: no such file; expected a UTF-8 text file, or - for standard input")
        data = path.read_bytes()
        if b"\x00" in data[:1024]:
            raise InputProblem(f"{args[0]}: binary content; expected a UTF-8 text file")
        return data.decode("utf-8", errors="replace")
