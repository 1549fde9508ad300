"""`scrapy crawl SITE`: Scrapy's own command, with every wrong input said in one line before anything starts."""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl

from newsbot.commands.preflight import InputProblem, check_run, one_line_errors, spider_classes, spider_loader


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # checked here, before Scrapy builds the crawler process (and logs its banner), so an error is one line
        with one_line_errors("crawl"):
            super().process_options(args, opts)
            loader = spider_loader(self.settings)
            if len(args) != 1:
                got = f"got {' '.join(args)!r}" if args else "got none"
                raise InputProblem(f"expected one site key ({got}); sites: {', '.join(sorted(loader.list()))}")
            check_run(self.settings, spider_classes(loader, args), opts.spargs)
