"""The archive: every emitted record, its facts, people, places and story, and the relevant-looking drops.

One SQLite file (`archive.sqlite` beside the run state) with Persian full-text search: FTS5 over a folded
copy of title, lead and body (`newsbot.text.fold`), so «تامین اجتماعی» finds «تأمین‌اجتماعی»,
«تأمين اجتماعي» and «تامین‌اجتماعی». Plain Python; the crawl writes through `ArchivePipeline`.

The interface is small on purpose (`add`, `add_dropped`, `search`, `records`, `stories`, `commit`, `close`):
a server backend for distributed crawls can stand behind the same methods.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsbot.desk.stories import Rules, Signature, StoryIndex, signature
from newsbot.text.dates import parse_machine_date
from newsbot.text.fold import Folded, fold, squash
from newsbot.text.similarity import from_signed, to_signed

__all__ = ["Archive", "Hit", "archive_path_for_state", "fts_query", "open_archive"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, site TEXT NOT NULL, source_name TEXT, outlet TEXT, url TEXT,
    canonical_url TEXT, title TEXT, lead TEXT, published_at TEXT, published_utc TEXT, day TEXT,
    published_jalali TEXT, crawled_at TEXT, story_id TEXT, duplicate_of TEXT, simhash INTEGER,
    words TEXT, terms TEXT, figure_keys TEXT, people_keys TEXT, provinces TEXT, people_names TEXT,
    relevance_tier TEXT,
    body TEXT, record TEXT NOT NULL  -- the JSON-lines record without its body (kept beside it)
);
CREATE INDEX IF NOT EXISTS articles_when ON articles(published_utc);
CREATE INDEX IF NOT EXISTS articles_day ON articles(day);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, lead, body, tokenize='unicode61');
CREATE TABLE IF NOT EXISTS facts (
    article_id TEXT NOT NULL, type TEXT, value REAL, unit TEXT, currency TEXT, qualifier TEXT, text TEXT,
    sentence TEXT, subject TEXT, province TEXT, mentions INTEGER
);
CREATE INDEX IF NOT EXISTS facts_article ON facts(article_id);
CREATE TABLE IF NOT EXISTS people (article_id TEXT NOT NULL, name TEXT, role TEXT, honorific TEXT);
CREATE INDEX IF NOT EXISTS people_article ON people(article_id);
CREATE TABLE IF NOT EXISTS places (article_id TEXT NOT NULL, name TEXT, kind TEXT, province TEXT);
CREATE INDEX IF NOT EXISTS places_article ON places(article_id);
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY, headline TEXT, first_seen TEXT, first_published TEXT, last_published TEXT,
    outlets TEXT, outlet_count INTEGER, article_count INTEGER
);
CREATE TABLE IF NOT EXISTS dropped (
    url TEXT PRIMARY KEY, site TEXT, reason TEXT NOT NULL, detail TEXT, title TEXT, published_at TEXT,
    relevance_tier TEXT, relevance_score REAL, dropped_at TEXT NOT NULL
);
"""
COMMIT_EVERY_S = 2.0
SCHEMA_VERSION = 1  # PRAGMA user_version: an archive of another layout is refused, not half-read
_SEP = "\x1f"


def archive_path_for_state(state_path: str | Path) -> Path:
    """The archive lives beside the run state: `data/state.sqlite` → `data/archive.sqlite`."""
    return Path(state_path).with_name("archive.sqlite")


def _utc(value: str | None) -> str | None:
    """ISO 8601 in UTC, sortable as text; None when unreadable."""
    dt = parse_machine_date(value or "")
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def fts_query(phrases: Iterable[str]) -> str:
    """An FTS5 query: every phrase required, each as folded words in order or written as one word."""
    parts = []
    for phrase in phrases:
        words = [w for w in fold(phrase).replace('"', " ").split() if w]
        if not words:
            continue
        exact = '"' + " ".join(words) + '"'
        parts.append(f'({exact} OR "{squash(phrase)}")' if len(words) > 1 else exact)
    if not parts:
        raise ValueError("the query has no words")
    return " AND ".join(parts)


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    published_at: str | None
    site: str
    source_name: str | None
    title: str
    url: str
    story_id: str | None
    snippet: str


def snippet_of(texts: Iterable[str | None], phrases: list[str], width: int = 60) -> str:
    """The first place a phrase occurs, quoted in the record's own characters with some context."""
    needles = [" ".join(fold(p).split()) for p in phrases]
    for text in texts:
        if not text:
            continue
        folded = Folded(" ".join(text.split()))
        for needle in needles:
            at = folded.text.find(needle) if needle else -1
            if at >= 0:
                start, end = folded.source_span(max(0, at - width), min(len(folded.text), at + len(needle) + width))
                prefix = "…" if start > 0 else ""
                suffix = "…" if end < len(folded.source) else ""
                return prefix + folded.source[start:end].strip() + suffix
    first = next((t for t in texts if t), "")
    return " ".join(first.split())[: 2 * width]


class Archive:
    """The archive database. One instance per process and file; writes are committed every few seconds."""

    def __init__(self, path: str | Path = ":memory:", rules: Rules | None = None) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        made = self.db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name='articles'").fetchone()[0]
        if made and version != SCHEMA_VERSION:
            self.db.close()
            raise RuntimeError(
                f"{self.path} has archive layout {version}, this newsbot reads {SCHEMA_VERSION}: "
                "move it aside and the next crawl starts a new one"
            )
        # tables and layout number in one transaction: a kill -9 between them would leave an archive refused
        self.db.executescript(f"BEGIN;\n{SCHEMA}\nPRAGMA user_version={SCHEMA_VERSION};\nCOMMIT;")
        self.index = StoryIndex(rules or Rules())
        self._signatures: dict[str, Signature] = {}
        self._commit_due = time.monotonic() + COMMIT_EVERY_S

    # writing
    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Writes grouped in a transaction committed every few seconds: one fsync per batch, not per article."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        yield
        if time.monotonic() >= self._commit_due:
            self.commit()

    def commit(self) -> None:
        """Make every write so far durable."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._commit_due = time.monotonic() + COMMIT_EVERY_S

    def close(self) -> None:
        self.commit()
        self.db.close()

    def story_for(self, record: Mapping[str, Any], sig: Signature | None = None) -> str:
        """The story this record belongs to: its own earlier one, its duplicate's, or the closest related one."""
        row = self.db.execute("SELECT story_id FROM articles WHERE id=?", (record["id"],)).fetchone()
        if row and row[0]:
            return row[0]
        if record.get("duplicate_of"):
            row = self.db.execute("SELECT story_id FROM articles WHERE id=?", (record["duplicate_of"],)).fetchone()
            if row and row[0]:
                return row[0]
        sig = sig or signature(record)
        return self.index.assign(sig, self._candidates(sig))

    def _candidates(self, sig: Signature) -> list[tuple[Signature, str]]:
        """Articles near in time, with their stories; signatures parsed once per process (stories never change)."""
        if sig.when is None:
            rows = self.db.execute("SELECT id, story_id FROM articles ORDER BY n DESC LIMIT 500").fetchall()
        else:
            span = self.index.rules.release_days * 86400
            lo, hi = (datetime.fromtimestamp(sig.when + d, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for d in (-span, span))
            rows = self.db.execute(
                "SELECT id, story_id FROM articles WHERE published_utc BETWEEN ? AND ?", (lo, hi)
            ).fetchall()
        missing = [aid for aid, _ in rows if aid not in self._signatures]
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            for aid, outlet, when, fp, words, terms, figures, people in self.db.execute(
                "SELECT id, outlet, published_utc, simhash, words, terms, figure_keys, people_keys FROM articles "
                f"WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                self._signatures[aid] = Signature(
                    aid,
                    outlet or "",
                    datetime.fromisoformat(when.replace("Z", "+00:00")).timestamp() if when else None,
                    from_signed(fp) if fp is not None else None,
                    frozenset(filter(None, (words or "").split(_SEP))),
                    frozenset(filter(None, (terms or "").split(_SEP))),
                    frozenset(filter(None, (figures or "").split(_SEP))),
                    frozenset(filter(None, (people or "").split(_SEP))),
                )
        return [(self._signatures[aid], story) for aid, story in rows if aid in self._signatures]

    def add(self, record: Mapping[str, Any], fingerprint: int | None = None) -> str:
        """Store one emitted record (again: it replaces the earlier copy) and return its story id.
        `fingerprint`: the body's SimHash when the caller already has it (the crawl's dedupe step)."""
        sig = signature(record, fingerprint)
        story = record.get("story_id") or self.story_for(record, sig)
        rec = dict(record)
        rec["story_id"] = story
        with self._batch():
            self._write(rec, sig, story)
        return story

    def _write(self, rec: dict[str, Any], sig: Signature, story: str) -> None:
        old = self.db.execute("SELECT n FROM articles WHERE id=?", (rec["id"],)).fetchone()
        if old:
            self.db.execute("DELETE FROM articles_fts WHERE rowid=?", (old[0],))
            for table in ("facts", "people", "places"):
                self.db.execute(f"DELETE FROM {table} WHERE article_id=?", (rec["id"],))
        published = rec.get("published_at") or ""
        row = {
            "n": old[0] if old else None,
            "id": rec["id"],
            "site": rec.get("site") or "",
            "source_name": rec.get("source_name"),
            "outlet": sig.outlet,
            "url": rec.get("url"),
            "canonical_url": rec.get("canonical_url"),
            "title": rec.get("title") or "",
            "lead": rec.get("lead"),
            "published_at": published or None,
            "published_utc": _utc(published) or _utc(rec.get("crawled_at")),
            "day": published[:10] or None,
            "published_jalali": rec.get("published_jalali"),
            "crawled_at": rec.get("crawled_at"),
            "story_id": story,
            "duplicate_of": rec.get("duplicate_of"),
            "simhash": to_signed(sig.fingerprint) if sig.fingerprint else None,
            "words": _SEP.join(sorted(sig.words)),
            "terms": _SEP.join(sorted(sig.terms)),
            "figure_keys": _SEP.join(sorted(sig.figures)),
            "people_keys": _SEP.join(sorted(sig.people)),
            "provinces": json.dumps(rec.get("provinces") or [], ensure_ascii=False),
            "people_names": json.dumps([p.get("name") for p in rec.get("people") or ()], ensure_ascii=False),
            "relevance_tier": (rec.get("relevance") or {}).get("tier"),
            "body": rec.get("body") or "",
            "record": json.dumps({k: v for k, v in rec.items() if k != "body"}, ensure_ascii=False),
        }
        # the same n keeps the full-text row and the article row paired when a record is stored again
        n = self.db.execute(
            f"INSERT OR REPLACE INTO articles({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            tuple(row.values()),
        ).lastrowid
        self.db.execute(
            "INSERT INTO articles_fts(rowid, title, lead, body) VALUES (?,?,?,?)",
            (n, fold(rec.get("title") or ""), fold(rec.get("lead") or ""), fold(rec.get("body") or "")),
        )
        self.db.executemany(
            "INSERT INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (rec["id"], f.get("type"), f.get("value"), f.get("unit"), f.get("currency"), f.get("qualifier"),
                 f.get("text"), f.get("sentence"), f.get("subject"), f.get("province"), f.get("mentions") or 1)
                for f in rec.get("facts") or ()
            ],
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO people VALUES (?,?,?,?)",
            [(rec["id"], p.get("name"), p.get("role"), p.get("honorific")) for p in rec.get("people") or ()],
        )
        self.db.executemany(
            "INSERT INTO places VALUES (?,?,?,?)",
            [(rec["id"], p.get("name"), p.get("kind"), p.get("province")) for p in rec.get("places") or ()],
        )
        self._signatures[rec["id"]] = sig
        self._refresh_story(story)

    def _refresh_story(self, story: str) -> None:
        rows = self.db.execute(
            "SELECT title, crawled_at, published_utc, outlet, site FROM articles WHERE story_id=? "
            "ORDER BY COALESCE(published_utc, crawled_at), n",
            (story,),
        ).fetchall()
        outlets = list(dict.fromkeys((r[3] or r[4]) for r in rows))
        seen = [r[1] for r in rows if r[1]]
        published = [r[2] for r in rows if r[2]]
        self.db.execute(
            "INSERT OR REPLACE INTO stories VALUES (?,?,?,?,?,?,?,?)",
            (
                story, rows[0][0], min(seen) if seen else None, min(published) if published else None,
                max(published) if published else None, json.dumps(outlets, ensure_ascii=False), len(outlets), len(rows),
            ),
        )  # fmt: skip

    def add_dropped(
        self,
        url: str,
        site: str,
        reason: str,
        detail: str = "",
        title: str | None = None,
        published_at: str | None = None,
        relevance: Mapping[str, Any] | None = None,
    ) -> None:
        """A relevant-looking article the crawl dropped, with why (the latest decision per URL is kept)."""
        with self._batch():
            self.db.execute(
                "INSERT OR REPLACE INTO dropped VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    url, site, reason, detail, title, published_at, (relevance or {}).get("tier"),
                    (relevance or {}).get("score"), datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                ),
            )  # fmt: skip

    # reading
    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def search(
        self,
        phrases: list[str],
        *,
        day_from: str | None = None,
        day_to: str | None = None,
        site: str | None = None,
        limit: int = 50,
    ) -> list[Hit]:
        """Articles where every phrase occurs (folded), newest first; days are `YYYY-MM-DD` of publication."""
        where, args = ["articles_fts MATCH ?"], [fts_query(phrases)]
        if day_from:
            where.append("a.day >= ?")
            args.append(day_from)
        if day_to:
            where.append("a.day <= ?")
            args.append(day_to)
        if site:
            where.append("a.site = ?")
            args.append(site)
        # the newest matches first, by number only: sorting rows that carry their bodies costs ten times more
        top = [n for (n,) in self.db.execute(
            "SELECT a.n FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid "
            f"WHERE {' AND '.join(where)} ORDER BY a.published_utc DESC, a.n DESC LIMIT ?",
            (*args, limit),
        )]  # fmt: skip
        found = {
            row[0]: row[1:]
            for row in self.db.execute(
                "SELECT n, id, published_at, site, source_name, title, url, story_id, lead, body FROM articles "
                f"WHERE n IN ({','.join('?' * len(top))})",
                top,
            )
        }
        rows = [found[n] for n in top if n in found]
        hits = []
        for aid, published, site_key, outlet, title, url, story, lead, body in rows:
            hits.append(
                Hit(aid, published, site_key, outlet, title, url, story, snippet_of([lead, body, title], phrases))
            )
        return hits

    def records(
        self, since_utc: str | None = None, until_utc: str | None = None, *, with_body: bool = True
    ) -> list[dict[str, Any]]:
        """Full records published in [since, until) (UTC ISO strings), oldest first, each with `_outlet` (the
        outlet the archive counted it under). Without the body when `with_body` is false: the digest needs none."""
        where, args = [], []
        if since_utc:
            where.append("published_utc >= ?")
            args.append(since_utc)
        if until_utc:
            where.append("published_utc < ?")
            args.append(until_utc)
        columns = "record, story_id, outlet" + (", body" if with_body else "")
        sql = f"SELECT {columns} FROM articles" + (f" WHERE {' AND '.join(where)}" if where else "")
        out = []
        for row in self.db.execute(sql + " ORDER BY published_utc, n", args):
            rec = json.loads(row[0])
            rec["story_id"], rec["_outlet"] = row[1], row[2]
            if with_body:
                rec["body"] = row[3]
            out.append(rec)
        return out

    def stories(self, story_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self.db.execute(
                f"SELECT * FROM stories WHERE story_id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
            for row in rows:
                story = dict(zip(("story_id", "headline", "first_seen", "first_published", "last_published",
                                  "outlets", "outlet_count", "article_count"), row, strict=True))  # fmt: skip
                story["outlets"] = json.loads(story["outlets"] or "[]")
                out[story["story_id"]] = story
        return out

    def dropped(self, since_utc: str | None = None) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT url, site, reason, detail, title, published_at, relevance_tier, dropped_at FROM dropped "
            "WHERE dropped_at >= ? ORDER BY dropped_at",
            (since_utc or "",),
        ).fetchall()
        keys = ("url", "site", "reason", "detail", "title", "published_at", "relevance_tier", "dropped_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]


_OPEN: dict[str, Archive] = {}


def open_archive(path: str | Path) -> Archive:
    """One Archive per file per process: the crawlers of `crawlall` share it (and its story index)."""
    key = str(path) if str(path) == ":memory:" else str(Path(path).resolve())
    if key == ":memory:":
        return Archive(":memory:")
    if key not in _OPEN:
        _OPEN[key] = Archive(key)
    return _OPEN[key]
