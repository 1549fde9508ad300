"""`scrapy evaluate DIR`: precision, recall and F1 of the fact extractor against gold files (FORMAT.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newsbot.commands.preflight import InputProblem, one_line_errors


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "GOLD_DIR [--json]"

    def short_desc(self) -> str:
        return "Score facts, people, provinces and relevance against NAME.gold.json files beside NAME.txt"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from newsbot.facts.evaluate import evaluate, format_report

        with one_line_errors("evaluate"):
            if len(args) != 1 or not Path(args[0]).is_dir():
                got = args[0] if len(args) == 1 else f"{len(args)} arguments"
                raise InputProblem(f"{got}: expected one folder holding NAME.txt and NAME.gold.json files")
            if not list(Path(args[0]).glob("*.gold.json")):
                raise InputProblem(f"{args[0]}: no *.gold.json files; expected NAME.txt and NAME.gold.json files")
        result = evaluate(args[0])
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str) if opts.json else format_report(result))
