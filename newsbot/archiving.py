"""The Scrapy side of the archive: where it lives, read from the settings, for the pipeline and the commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

OFF = ("", "off", "none")


def archive_location(settings: Any) -> str:
    """NEWSBOT_ARCHIVE: a path; "default" = `archive.sqlite` beside the run state (NEWSBOT_STATE); off = in memory."""
    from newsbot.desk.archive import archive_path_for_state
    from newsbot.state import default_state_path

    setting = settings.get("NEWSBOT_ARCHIVE", "default")
    if setting in OFF or setting is None:
        return ":memory:"
    if setting != "default":
        return str(Path(setting))
    state = settings.get("NEWSBOT_STATE", "default")
    if state in OFF or state is None:
        return ":memory:"  # no run state: story ids within this run only, nothing kept
    # a state on a server (a shared crawl): the worker's archive stays beside the local default
    local = state == "default" or str(state).startswith(("redis://", "rediss://", "unix://"))
    return str(archive_path_for_state(default_state_path() if local else Path(state)))
