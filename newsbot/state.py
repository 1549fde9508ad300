"""Run state in SQLite: what earlier completed runs emitted, so the next cron run emits only what is new.

An article counts as emitted only when its run's output file was renamed to its final name: rows written
during a run are pending until then. A run killed before the rename leaves only a `.part` file and pending
rows, which the next run discards; a run killed between the rename and the final commit is recognised
on the next start by its final file being present, and completed then.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsbot.extract.canonical import url_key
from newsbot.text.similarity import from_signed, to_signed

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, site TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
    status TEXT NOT NULL, output_path TEXT, part_path TEXT, report TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT NOT NULL, run_id TEXT NOT NULL, site TEXT NOT NULL, url_key TEXT NOT NULL, canonical_url TEXT,
    simhash INTEGER, title TEXT, published_at TEXT, PRIMARY KEY (id, run_id)
);
CREATE TABLE IF NOT EXISTS decisions (
    url_key TEXT NOT NULL, run_id TEXT NOT NULL, site TEXT NOT NULL, decision TEXT NOT NULL, article_id TEXT,
    PRIMARY KEY (url_key, run_id)
);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url_key);
CREATE INDEX IF NOT EXISTS decisions_site ON decisions(site);
"""
COMMIT_EVERY_S = 2.0


def default_state_path() -> Path:
    """`data/state.sqlite` beside scrapy.cfg, or in the working directory when there is none."""
    from scrapy.utils.conf import closest_scrapy_cfg

    cfg = closest_scrapy_cfg()
    root = Path(cfg).parent if cfg else Path.cwd()
    return root / "data" / "state.sqlite"


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class StateStore:
    """One connection to the state database, shared by the components of one crawl."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)
        self._last_commit = time.monotonic()

    def write(self, sql: str, args: tuple = ()) -> None:
        """Writes are grouped in a transaction committed every few seconds: one fsync per batch, not per row."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        self.db.execute(sql, args)
        if time.monotonic() - self._last_commit > COMMIT_EVERY_S:
            self.commit()

    def commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._last_commit = time.monotonic()

    def recover(self, site: str) -> list[str]:
        """Settle this site's runs left 'running' by a process that died; one line per run settled."""
        notes = []
        rows = self.db.execute(
            "SELECT run_id, site, output_path, part_path FROM runs WHERE status='running' AND site=?", (site,)
        ).fetchall()
        for run_id, site, output, part in rows:
            if output and Path(output).exists() and not (part and Path(part).exists()):
                self.db.execute("UPDATE runs SET status='completed', finished_at=? WHERE run_id=?", (now_iso(), run_id))
                notes.append(f"run {run_id} ({site}) had renamed its output before dying: marked completed")
            else:
                self.db.execute("UPDATE runs SET status='killed', finished_at=? WHERE run_id=?", (now_iso(), run_id))
                if part and Path(part).exists():
                    os.remove(part)
                notes.append(
                    f"run {run_id} ({site}) died before its output was final: its articles will be emitted again"
                )
        return notes

    def reset(self, site: str | None = None) -> None:
        where, args = ("WHERE site=?", (site,)) if site else ("", ())
        self.commit()
        for table in ("articles", "decisions", "runs"):
            self.db.execute(f"DELETE FROM {table} {where}", args)

    def start_run(self, site: str) -> str:
        run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{site}-{uuid.uuid4().hex[:6]}"
        self.commit()
        self.db.execute(
            "INSERT INTO runs(run_id, site, started_at, status) VALUES (?,?,?, 'running')", (run_id, site, now_iso())
        )
        return run_id

    def last_reports(self, site: str, limit: int = 5) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT report FROM runs WHERE site=? AND status='completed' AND report IS NOT NULL "
            "ORDER BY started_at DESC LIMIT ?",
            (site, limit),
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def close(self) -> None:
        self.commit()
        self.db.close()


_STORES: dict[str, StateStore] = {}


def open_store(path: str | Path) -> StateStore:
    """One connection per database per process: crawlers sharing the reactor thread must not lock each other out."""
    key = str(Path(path).resolve())
    if key not in _STORES:
        _STORES[key] = StateStore(path)
    return _STORES[key]


class RunState:
    """The state as one run of one site sees it."""

    def __init__(self, store: StateStore, site: str, refetch: list[str] | None = None) -> None:
        self.store = store
        self.db = store.db
        self.site = site
        self.run_id = store.start_run(site)
        self.refetch = {url_key(u) for u in refetch or []}
        done = self.db.execute(
            "SELECT d.url_key FROM decisions d JOIN runs r ON r.run_id=d.run_id "
            "WHERE r.status='completed' AND d.site=?",
            (site,),
        ).fetchall()
        self._done_urls = {r[0] for r in done}
        ids = self.db.execute(
            "SELECT a.id FROM articles a JOIN runs r ON r.run_id=a.run_id WHERE r.status='completed'"
        ).fetchall()
        self._emitted_ids = {r[0] for r in ids}

    # decisions made in earlier completed runs
    def already_done(self, url: str) -> bool:
        """True when an earlier completed run emitted or rejected this page: no need to fetch it again."""
        key = url_key(url)
        return key in self._done_urls and key not in self.refetch

    def is_refetch(self, url: str | None) -> bool:
        return bool(url) and url_key(url) in self.refetch

    def was_emitted(self, article_id: str) -> bool:
        return article_id in self._emitted_ids

    def known_hashes(self) -> list[tuple[int, str]]:
        rows = self.db.execute(
            "SELECT a.simhash, a.id FROM articles a JOIN runs r ON r.run_id=a.run_id "
            "WHERE r.status='completed' AND a.simhash IS NOT NULL ORDER BY r.started_at"
        ).fetchall()
        return [(from_signed(h), i) for h, i in rows]

    # this run's decisions, pending until the run completes
    def record_decision(self, url: str | None, decision: str, article_id: str | None = None) -> None:
        if not url:
            return
        self.store.write(
            "INSERT OR REPLACE INTO decisions VALUES (?,?,?,?,?)",
            (url_key(url), self.run_id, self.site, decision, article_id),
        )

    def record_emitted(self, item: Any, fingerprint: int) -> None:
        self.store.write(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?)",
            (
                item["id"],
                self.run_id,
                self.site,
                url_key(item["url"]),
                item.get("canonical_url"),
                to_signed(fingerprint),
                item.get("title"),
                item.get("published_at"),
            ),
        )
        self.record_decision(item["url"], "emitted", item["id"])
        if item.get("canonical_url") and url_key(item["canonical_url"]) != url_key(item["url"]):
            self.record_decision(item["canonical_url"], "emitted", item["id"])

    def flush(self) -> None:
        self.store.commit()

    def set_output(self, final_path: str, part_path: str) -> None:
        self.store.write(
            "UPDATE runs SET output_path=?, part_path=? WHERE run_id=?", (final_path, part_path, self.run_id)
        )
        self.flush()

    def finish(self, status: str, report: dict | None = None) -> None:
        """Mark the run; 'completed' turns its pending rows into emitted articles."""
        self.store.write(
            "UPDATE runs SET status=?, finished_at=?, report=? WHERE run_id=?",
            (status, now_iso(), json.dumps(report, ensure_ascii=False) if report else None, self.run_id),
        )
        self.flush()

    def output_paths(self) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT output_path, part_path FROM runs WHERE run_id=?", (self.run_id,)).fetchone()
        return (row[0], row[1]) if row else (None, None)


def run_state(crawler: Any) -> RunState | None:
    """The crawl's RunState, created on first use; None when NEWSBOT_STATE is set to an empty value."""
    existing = getattr(crawler, "_newsbot_run_state", None)
    if existing is not None or getattr(crawler, "_newsbot_state_off", False):
        return existing
    setting = crawler.settings.get("NEWSBOT_STATE")
    if setting in ("", None, "off", "none"):
        crawler._newsbot_state_off = True
        return None
    path = default_state_path() if setting == "default" else Path(setting)
    store = open_store(path)
    # a spider may keep one history per target (the generic spider: `generic:<host>`)
    spider_name = getattr(getattr(crawler, "spider", None), "state_key", None) or crawler.spidercls.name
    if crawler.settings.getbool("NEWSBOT_STATE_RESET"):
        store.reset(spider_name)
        logger.info("state reset for %s in %s", spider_name, path)
    for note in store.recover(spider_name):
        logger.warning(note)
    refetch = [u for u in (crawler.settings.get("NEWSBOT_REFETCH") or "").split(",") if u.strip()]
    state = RunState(store, spider_name, refetch)
    crawler._newsbot_run_state = state
    logger.info("state %s: run %s; %d pages already handled in earlier runs", path, state.run_id, len(state._done_urls))
    return state
