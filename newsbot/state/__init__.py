"""Run state behind one interface: SQLite on one machine (default), Redis for many (see README, "Many machines").

`open_state(settings)` picks the backend and returns the process's one store for that target, so every
crawler of a `crawlall` process shares it; the run-state extension is its only caller in a crawl.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsbot.state.base import CLAIMED, EMITTED, MINE, TAKEN, Run, Store
from newsbot.state.sqlite import default_state_path

__all__ = [
    "CLAIMED",
    "EMITTED",
    "MINE",
    "TAKEN",
    "Run",
    "Store",
    "default_state_path",
    "open_state",
    "state_target",
    "release_state",
]

OFF = ("", "off", "none")
_STORES: dict[str, tuple[Store, int]] = {}


def state_target(settings: Any) -> str | None:
    """Where the state lives: a SQLite path or a redis:// URL; None when the state is off.

    NEWSBOT_STATE given wins; else NEWSBOT_REDIS_URL (a worker of a shared crawl needs nothing more);
    else data/state.sqlite.
    """
    setting = settings.get("NEWSBOT_STATE")
    if setting is None or str(setting).strip().lower() in OFF:
        return None
    if setting != "default":
        return str(setting)
    redis_url = settings.get("NEWSBOT_REDIS_URL")
    if redis_url:
        return str(redis_url)
    return str(default_state_path())


def open_state(settings: Any) -> Store | None:
    """The process's store for the configured target, opened on first use; None when the state is off."""
    target = state_target(settings)
    if target is None:
        return None
    is_server = target.startswith(("redis://", "rediss://", "unix://"))
    key = target if is_server else str(Path(target).resolve())
    if key in _STORES:
        store, users = _STORES[key]
        _STORES[key] = (store, users + 1)
        return store
    bits = settings.getint("NEWSBOT_NEAR_DUPLICATE_BITS")
    if is_server:
        from newsbot.state.redis import RedisStore

        store = RedisStore(target, near_bits=bits, lease_s=settings.getfloat("NEWSBOT_WORKER_LEASE"))
    else:
        from newsbot.state.sqlite import SqliteStore

        if Path(target) == default_state_path():  # a path the user gave must exist: no folder made behind their back
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        store = SqliteStore(target, near_bits=bits)
    store.prune(settings.getint("NEWSBOT_NEAR_DUPLICATE_DAYS"))
    _STORES[key] = (store, 1)
    return store


def release_state(store: Store) -> None:
    """One user is done with the store; the last one closes it."""
    for key, (held, users) in list(_STORES.items()):
        if held is store:
            if users <= 1:
                del _STORES[key]
                store.close()
            else:
                _STORES[key] = (held, users - 1)
            return
