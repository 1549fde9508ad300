"""Run state in SQLite, the default: one file on one machine.

Decisions and emitted ids are looked up through the tables' indexes, one row per question; near-duplicate
fingerprints through the buckets of `simindex`'s band keys (one row per key: the packed folds filed under
it, held in memory for the run by `buckets`), then the few folds that pass through the fingerprints' fold
index. Nothing else of the history is held in memory but SQLite's page cache (an eighth of the file as
opened, 2 to 64 MiB).
A run killed before its rename is marked `killed` by the next start: its rows are ignored from then on
and its `.part` file removed; a run killed between rename and final commit is completed then.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsbot.extract.canonical import url_key
from newsbot.state.base import CLAIMED, EMITTED, MINE, TAKEN, Run, Store, now_iso
from newsbot.state.buckets import Buckets
from newsbot.state.simindex import band_keys, file_folds, fold, layout, screen
from newsbot.text.similarity import from_signed, hamming, to_signed

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
CREATE TABLE IF NOT EXISTS seen (run_id TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (run_id, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fingerprints (
    fp INTEGER NOT NULL, article_id TEXT NOT NULL, stored_at REAL NOT NULL, fold INTEGER
);
CREATE TABLE IF NOT EXISTS fingerprint_buckets (key INTEGER PRIMARY KEY, folds BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS articles_url ON articles(url_key);
CREATE INDEX IF NOT EXISTS decisions_site ON decisions(site);
CREATE INDEX IF NOT EXISTS runs_site ON runs(site, status);
CREATE INDEX IF NOT EXISTS fingerprints_time ON fingerprints(stored_at);
CREATE INDEX IF NOT EXISTS fingerprints_fold ON fingerprints(fold);
"""
COMMIT_EVERY_S = 2.0
FILE_BATCH = 20000  # fingerprints filed per bucket write when many are added at once (rebuild, benchmark)


def default_state_path() -> Path:
    """`data/state.sqlite` beside scrapy.cfg, or in the working directory when there is none."""
    from scrapy.utils.conf import closest_scrapy_cfg

    cfg = closest_scrapy_cfg()
    root = Path(cfg).parent if cfg else Path.cwd()
    return root / "data" / "state.sqlite"


class SqliteStore(Store):
    """One connection to the state database, shared by the crawlers of one process."""

    def __init__(self, path: str | Path, near_bits: int = 6) -> None:
        self.path = Path(path)
        self.target = str(self.path)
        self.near_bits = near_bits
        self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        # SQLite's page cache: 2 MiB (its default) for a new store, however long the crawl (memory flat), up to
        # 64 MiB for a large history's decisions and ids (an eighth of the file as it was opened)
        size = self.path.stat().st_size if self.path.exists() else 0
        self.db.execute(f"PRAGMA cache_size=-{min(max(size // 8192, 2048), 65536)}")
        self.buckets: Buckets | None = None  # the near-duplicate buckets in memory, read at the first lookup
        self.db.executescript(SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(decisions)")}
        if "retry" not in columns:  # a state file from before retries of relevant-looking drops
            self.db.execute("ALTER TABLE decisions ADD COLUMN retry INTEGER NOT NULL DEFAULT 0")
        if "fold" not in {row[1] for row in self.db.execute("PRAGMA table_info(fingerprints)")}:
            self.db.execute("ALTER TABLE fingerprints ADD COLUMN fold INTEGER")  # filled by the rebuild below
        self.db.executescript(INDEXES)
        self.candidates = 0  # folds read by near-duplicate lookups (the benchmark's figure)
        self._last_commit = time.monotonic()
        self._match_layout()

    def write(self, sql: str, args: tuple = ()) -> int:
        """Writes are grouped in a transaction committed every few seconds: one fsync per batch, not per row."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        changed = self.db.execute(sql, args).rowcount
        if time.monotonic() - self._last_commit > COMMIT_EVERY_S:
            self.commit()
        return changed

    def commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._last_commit = time.monotonic()

    def recover(self, site: str) -> list[str]:
        notes = []
        self.commit()
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
            self.db.execute("DELETE FROM seen WHERE run_id=?", (run_id,))
        return notes

    def reset(self, site: str | None = None) -> None:
        where, args = ("WHERE site=?", (site,)) if site else ("", ())
        self.commit()
        self.db.execute(f"DELETE FROM seen WHERE run_id IN (SELECT run_id FROM runs {where})", args)
        for table in ("articles", "decisions", "runs"):
            self.db.execute(f"DELETE FROM {table} {where}", args)

    def begin(self, site: str, refetch: list[str], retry_limit: int) -> SqliteRun:
        run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{site}-{uuid.uuid4().hex[:6]}"
        self.commit()
        self.db.execute(
            "INSERT INTO runs(run_id, site, started_at, status) VALUES (?,?,?, 'running')", (run_id, site, now_iso())
        )
        return SqliteRun(self, site, run_id, refetch, retry_limit)

    def last_reports(self, site: str, limit: int = 5) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT report FROM runs WHERE site=? AND status='completed' AND report IS NOT NULL "
            "ORDER BY started_at DESC LIMIT ?",
            (site, limit),
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def handled_count(self, site: str) -> int:
        return self.db.execute(
            "SELECT COUNT(DISTINCT d.url_key) FROM decisions d JOIN runs r ON r.run_id=d.run_id "
            "WHERE r.status='completed' AND d.site=?",
            (site,),
        ).fetchone()[0]

    # the near-duplicate index
    def _match_layout(self) -> None:
        """A file indexed for another distance (or by the band table before `plane4`) is indexed again, once."""
        name = layout(self.near_bits).name
        if self.db.execute("SELECT value FROM meta WHERE name='near_layout'").fetchone() == (name,):
            return
        self.db.execute("BEGIN IMMEDIATE")  # one process rebuilds; another one waits, then finds it done
        try:
            if self.db.execute("SELECT value FROM meta WHERE name='near_layout'").fetchone() != (name,):
                self.db.execute("DROP TABLE IF EXISTS fingerprint_keys")
                self.db.execute("DELETE FROM fingerprint_buckets")
                last = 0
                while rows := self.db.execute(
                    "SELECT rowid, fp FROM fingerprints WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, FILE_BATCH)
                ).fetchall():
                    fps = [from_signed(fp) for _, fp in rows]
                    self.db.executemany(
                        "UPDATE fingerprints SET fold=? WHERE rowid=?",
                        [(fold(fp), row) for (row, _), fp in zip(rows, fps, strict=True)],
                    )
                    self._file(fps)
                    last = rows[-1][0]
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('near_layout', ?)", (name,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _file(self, fingerprints: list[int]) -> None:
        """Append each fingerprint's fold to the bucket of each of its band keys (one write per key)."""
        buckets = file_folds(fingerprints, self.near_bits, {})
        self.db.executemany(
            "INSERT INTO fingerprint_buckets(key, folds) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET folds = CAST(folds || excluded.folds AS BLOB)",  # || alone gives text
            [(key, bytes(folds)) for key, folds in buckets.items()],
        )

    def add_fingerprint(self, fingerprint: int, article_id: str, stored_at: float | None = None) -> None:
        self.add_fingerprints([(fingerprint, article_id, stored_at or time.time())])

    def add_fingerprints(self, rows: list[tuple[int, str, float]]) -> None:
        """File fingerprints (fingerprint, article id, time stored); many at once share their bucket writes."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        for start in range(0, len(rows), FILE_BATCH):
            batch = rows[start : start + FILE_BATCH]
            self.db.executemany(
                "INSERT INTO fingerprints(fp, article_id, stored_at, fold) VALUES (?,?,?,?)",
                [(to_signed(fp), article_id, at, fold(fp)) for fp, article_id, at in batch],
            )
            self._file([fp for fp, _, _ in batch])

    def nearest(self, fingerprint: int, article_id: str) -> str | None:
        """The earliest stored article within the distance: folds screened from the buckets, then fingerprints."""
        if self.buckets is None:
            self.buckets = Buckets(self.db, self.near_bits)
        packed = self.buckets.gather(band_keys(fingerprint, self.near_bits))
        self.candidates += len(packed) // 4
        bits = self.near_bits
        near = screen(packed, fingerprint, bits)
        if not near:
            return None
        rows = self.db.execute(
            f"SELECT fp, article_id FROM fingerprints WHERE fold IN ({','.join('?' * len(near))}) ORDER BY rowid",
            list(near),
        ).fetchall()
        return next(
            (other for fp, other in rows if other != article_id and hamming(fingerprint, from_signed(fp)) <= bits), None
        )

    def prune(self, window_days: int) -> int:
        if window_days <= 0:
            return 0
        self.commit()
        cutoff = time.time() - window_days * 86400
        rows = self.db.execute("SELECT fp FROM fingerprints WHERE stored_at < ?", (cutoff,))
        old = [from_signed(fp) for (fp,) in rows]
        if not old:
            return 0
        gone = file_folds(old, self.near_bits, {})
        self.db.execute("BEGIN")
        for key, folds in gone.items():
            (blob,) = self.db.execute("SELECT folds FROM fingerprint_buckets WHERE key=?", (key,)).fetchone() or (b"",)
            kept = _without(blob, folds)
            if kept:
                self.db.execute("UPDATE fingerprint_buckets SET folds=? WHERE key=?", (kept, key))
            else:
                self.db.execute("DELETE FROM fingerprint_buckets WHERE key=?", (key,))
        self.db.execute("DELETE FROM fingerprints WHERE stored_at < ?", (cutoff,))
        self.commit()
        self.buckets = None  # read again at the next lookup, without the pruned folds
        return len(old)

    def close(self) -> None:
        self.commit()
        self.db.close()


def _without(packed: bytes, folds: bytes) -> bytes:
    """The packed 4-byte folds less one of each given, packed too (a fold filed twice is removed twice)."""
    entries = [packed[i : i + 4] for i in range(0, len(packed), 4)]
    for f in (folds[i : i + 4] for i in range(0, len(folds), 4)):
        if f in entries:
            entries.remove(f)
    return b"".join(entries)


class SqliteRun(Run):
    def __init__(self, store: SqliteStore, site: str, run_id: str, refetch: list[str], retry_limit: int) -> None:
        super().__init__(store, site, run_id, refetch, retry_limit)
        self.store: SqliteStore = store
        self.db = store.db

    def already_done(self, url: str) -> bool:
        key = url_key(url)
        if key in self.refetch:
            return False
        final, retried = self.db.execute(
            "SELECT COALESCE(SUM(d.retry = 0), 0), COALESCE(SUM(d.retry), 0) FROM decisions d "
            # "+d.site": look up by url_key (the primary key), never scan the site's whole history
            "JOIN runs r ON r.run_id=d.run_id WHERE d.url_key=? AND +d.site=? AND r.status='completed'",
            (key, self.site),
        ).fetchone()
        return final > 0 or retried >= self.retry_limit

    def is_refetch(self, url: str | None) -> bool:
        return bool(url) and url_key(url) in self.refetch

    def see(self, key: str) -> bool:
        return self.store.write("INSERT OR IGNORE INTO seen VALUES (?,?)", (self.run_id, key)) == 1

    def record_decision(self, url: str | None, decision: str, article_id: str | None = None, retry: bool = False):
        if not url:
            return
        self.store.write(
            "INSERT OR REPLACE INTO decisions(url_key, run_id, site, decision, article_id, retry) VALUES (?,?,?,?,?,?)",
            (url_key(url), self.run_id, self.site, decision, article_id, int(retry)),
        )

    def claim(self, article_id: str, refetch: bool = False) -> str:
        rows = self.db.execute(
            "SELECT a.run_id, r.status FROM articles a JOIN runs r ON r.run_id=a.run_id WHERE a.id=?", (article_id,)
        ).fetchall()
        if any(run == self.run_id for run, _ in rows):
            return MINE
        if not refetch and any(status == "completed" for _, status in rows):
            return EMITTED
        if any(status == "running" for _, status in rows):
            return TAKEN
        return CLAIMED

    def near_duplicate(self, fingerprint: int, article_id: str) -> str | None:
        return self.store.nearest(fingerprint, article_id)

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
        self.store.add_fingerprint(fingerprint, item["id"])
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

    def output_paths(self) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT output_path, part_path FROM runs WHERE run_id=?", (self.run_id,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def may_finalize(self) -> bool:
        self.flush()
        row = self.db.execute("SELECT status FROM runs WHERE run_id=?", (self.run_id,)).fetchone()
        return bool(row) and row[0] == "running"

    def finish(self, status: str, report: dict | None = None) -> None:
        self.store.write(
            "UPDATE runs SET status=?, finished_at=?, report=? WHERE run_id=?",
            (status, now_iso(), json.dumps(report, ensure_ascii=False) if report else None, self.run_id),
        )
        self.store.write("DELETE FROM seen WHERE run_id=?", (self.run_id,))
        self.flush()
