"""newsbot's own scrapy commands (COMMANDS_MODULE), and the options they share."""

from __future__ import annotations

import argparse


def add_spider_arguments(parser: argparse.ArgumentParser, help_text: str) -> None:
    """`-a NAME=VALUE`, repeatable, as `scrapy crawl` has it; collected in `opts.spargs`."""
    parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE", help=help_text)
