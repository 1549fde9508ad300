"""What the `search` and `digest` commands share: the archive the settings point at, Redis rows imported first."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from scrapy.exceptions import UsageError


def open_settings_archive(settings: Any):
    """The archive named by NEWSBOT_ARCHIVE / NEWSBOT_STATE; a one-line UsageError when there is none."""
    from newsbot.archiving import archive_location
    from newsbot.desk.archive import Archive

    location = archive_location(settings)
    if location == ":memory:":
        raise UsageError("the archive is off (NEWSBOT_ARCHIVE or NEWSBOT_STATE is empty): nothing was kept")
    redis_url = settings.get("NEWSBOT_REDIS_URL")
    if not Path(location).exists() and not redis_url:
        raise UsageError(f"no archive at {location}: run a crawl first, or point -s NEWSBOT_STATE= at the run state")
    try:
        archive = Archive(location)
    except (RuntimeError, OSError, sqlite3.Error) as exc:
        raise UsageError(f"archive {location}: {exc}") from None
    if redis_url:
        from newsbot.desk.relay import import_into

        try:
            imported = import_into(archive, redis_url)
        except Exception as exc:  # Redis down or locked: say so, and work from what the archive already holds
            print(f"archive: could not import from Redis ({exc}); using {location} as it is")
        else:
            if imported:
                print(f"archive: imported {imported} rows from Redis into {location}")
    return archive
