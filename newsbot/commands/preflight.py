"""Checks every crawling command makes before a crawler starts, so a wrong input is one line, not a traceback."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scrapy.exceptions import UsageError

from newsbot.spiders.arguments import SpiderArgumentError

logger = logging.getLogger(__name__)

STATE_OFF = ("", None, "off", "none")
USAGE_EXIT = 2  # as argparse exits on a wrong option


class InputProblem(Exception):
    """A wrong command-line value; the message is the whole line shown."""


def say(command: str, message: str) -> None:
    """The one line a person reads, on stderr."""
    print(f"scrapy {command}: {message}", file=sys.stderr)


@contextmanager
def one_line_errors(command: str) -> Iterator[None]:
    """An InputProblem or UsageError inside the block: its one line on stderr, exit status 2, no traceback."""
    try:
        yield
    except (InputProblem, UsageError) as exc:
        logger.debug("scrapy %s: input refused", command, exc_info=True)
        say(command, str(exc) or f"wrong usage; see scrapy {command} -h")
        sys.exit(USAGE_EXIT)


def spider_loader(settings: Any) -> Any:
    from scrapy.spiderloader import get_spider_loader

    return get_spider_loader(settings)


def spider_classes(loader: Any, names: list[str]) -> dict[str, type]:
    """The spider class of each site key; an unknown key is an InputProblem listing the known ones."""
    known = sorted(loader.list())
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputProblem(f"no site {', '.join(map(repr, unknown))}; expected one of: {', '.join(known)}")
    return {n: loader.load(n) for n in names}


def check_spider_arguments(spidercls: type, spargs: dict[str, str]) -> None:
    check = getattr(spidercls, "check_arguments", None)
    if check is None:
        return
    try:
        check(**spargs)
    except SpiderArgumentError as exc:
        raise InputProblem(f"{spidercls.name}: {exc}") from None


def check_state(value: Any) -> None:
    """NEWSBOT_STATE names a file we can create or open as SQLite in a folder that exists (never made for it)."""
    if value in STATE_OFF or value == "default" or str(value).startswith(("redis://", "rediss://", "unix://")):
        return  # a server's state is checked when the crawl connects
    path = Path(str(value))
    hint = "expected a file in an existing, writable folder (or empty to turn the state off)"
    if path.is_dir():
        raise InputProblem(f"NEWSBOT_STATE={value} is a folder; {hint}")
    if not path.parent.is_dir():
        raise InputProblem(f"NEWSBOT_STATE={value}: folder {path.parent} does not exist; {hint}")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputProblem(f"NEWSBOT_STATE={value}: not writable; {hint}")
    if path.exists() and path.stat().st_size:
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                db.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise InputProblem(f"NEWSBOT_STATE={value}: not an SQLite database ({exc}); {hint}") from None


def check_emit_tiers(tiers: list[str]) -> None:
    from newsbot.facts.relevance import TIERS

    unknown = [t for t in tiers if t not in TIERS]
    if unknown or not tiers:
        raise InputProblem(f"NEWSBOT_EMIT_TIERS={','.join(tiers)}: expected some of {', '.join(TIERS)}")


def check_run(settings: Any, spiders: dict[str, type], spargs: dict[str, str]) -> None:
    """Everything a crawl of these spiders with these arguments and settings needs, checked up front."""
    for spidercls in spiders.values():
        check_spider_arguments(spidercls, spargs)
    check_state(settings.get("NEWSBOT_STATE"))
    check_emit_tiers(settings.getlist("NEWSBOT_EMIT_TIERS"))


def spider_arguments(pairs: list[str]) -> dict[str, str]:
    """`-a NAME=VALUE` pairs; one without `=` is an InputProblem."""
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise InputProblem(f"-a {bad[0]}: expected NAME=VALUE")
    return dict(p.split("=", 1) for p in pairs)
