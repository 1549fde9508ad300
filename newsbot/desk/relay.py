"""Distributed crawls: workers push archive rows to Redis lists; whoever searches or writes a digest imports them.

Each worker keeps its own archive too (story ids on its records are its own view); the archive that imports
regroups the records into stories across every worker. An import holds a Redis lock and trims a list only
after the rows it read are committed, so a killed import loses nothing and a second one waits its turn.
Needs the `redis` package (`pip install redis`), imported only when NEWSBOT_REDIS_URL is set.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from newsbot.desk.archive import Archive

__all__ = ["DROPPED_KEY", "RECORDS_KEY", "RedisRelay", "import_into"]

RECORDS_KEY = "newsbot:archive:records"
DROPPED_KEY = "newsbot:archive:dropped"
LOCK_KEY = "newsbot:archive:import-lock"
LOCK_SECONDS = 600


def _client(url: str):
    try:
        import redis
    except ImportError as exc:
        raise RuntimeError("NEWSBOT_REDIS_URL is set but the redis package is missing: pip install redis") from exc
    return redis.Redis.from_url(url)


class RedisRelay:
    """A worker's side: one list entry per emitted record or archived drop."""

    def __init__(self, url: str, client: Any = None) -> None:
        """`client`: a worker passes the run state's client, which rides out a Redis restart."""
        self.redis = client if client is not None else _client(url)

    def push_record(self, record: Mapping[str, Any]) -> None:
        self.redis.rpush(RECORDS_KEY, json.dumps(dict(record), ensure_ascii=False))

    def push_dropped(self, dropped: Mapping[str, Any]) -> None:
        self.redis.rpush(DROPPED_KEY, json.dumps(dict(dropped), ensure_ascii=False))


def import_into(archive: Archive, url: str, batch: int = 500) -> int:
    """Move every pushed row into `archive`; the number of rows imported."""
    client = _client(url)
    token = uuid.uuid4().hex
    if not client.set(LOCK_KEY, token, nx=True, ex=LOCK_SECONDS):
        raise RuntimeError(f"another import holds {LOCK_KEY} in Redis; try again when it ends")
    done = 0
    try:
        for key in (RECORDS_KEY, DROPPED_KEY):
            while rows := client.lrange(key, 0, batch - 1):
                for raw in rows:
                    row = json.loads(raw)
                    if key == RECORDS_KEY:
                        row.pop("story_id", None)  # regrouped here, across every worker's records
                        archive.add(row)
                    else:
                        archive.add_dropped(**row)
                archive.commit()
                client.ltrim(key, len(rows), -1)
                done += len(rows)
    finally:
        if client.get(LOCK_KEY) == token.encode():
            client.delete(LOCK_KEY)
    return done
