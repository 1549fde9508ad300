"""Run state on a Redis server: many workers on many machines share one history and one crawl.

Every change that must not half-happen (claim an article, finish a run, take back a dead worker's claims
and requests, file or forget a fingerprint) is one Lua script, so it is atomic on the server. A worker
holds a lease (a key with a TTL that its heartbeat renews); when it stops beating, any other worker (or the
next start) takes back its claims and puts its requests back in the shared queue. Redis with AOF keeps all
of it across a restart.

The history is kept small (about 200 MB for 1,000,000 articles): emitted ids and final decisions live in
65,536 small hashes each (Redis keeps a hash of up to 128 short fields as one compact listpack, a few bytes
a field; one big hash costs some 70 bytes a field), decisions are filed under a 64-bit digest of site and
URL key, and the near-duplicate buckets hold packed 4-byte folds (see `simindex`), at most 64 bytes a field.
Scripts name some keys they build (bucketed hashes): a single Redis server, not a Redis Cluster.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import time
import uuid
from datetime import UTC, datetime
from itertools import takewhile
from pathlib import Path
from typing import Any

from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from newsbot.extract.canonical import url_key
from newsbot.state.base import CLAIMED, MINE, Run, Store, now_iso
from newsbot.state.simindex import band_keys, fold, layout, screen
from newsbot.text.similarity import hamming

P = "newsbot:"
LAYOUT = P + "layout"  # "2": emitted ids, decisions and fingerprints in the bucketed layout described above
EMITTED = P + "emitted:"  # + the id's last 4 characters: hash of article id → site that emitted it
FINAL = P + "final:"  # + the decision digest's last 4 characters: hash of the rest → site
EMITTED_TOTAL = P + "emitted_total"  # articles emitted, all runs (the buckets' fields added up)
CLAIMS = P + "claims"  # article id → run that holds it, pending
FP_SEQ = P + "fp:seq"  # fingerprints filed so far: the order of the earliest match
FP_LOG = P + "fp:log"  # one entry per fingerprint, oldest first: time, fingerprint, number (for pruning)
FP_LAYOUT = P + "fp:layout"  # the simindex layout the buckets were filed under
FP_RECORDS = P + "fpm:"  # + fold >> 16: hash of fold & 0xFFFF → (fingerprint, number, article id) records
FP_BUCKETS = P + "fpb:"  # + band key >> 4: hash of (chunk << 4 | key & 15) → packed folds, 64 bytes a chunk
CHUNK = 64  # Redis's hash-max-listpack-value: a longer field value turns the whole hash into a big table
LOG_ENTRY = struct.Struct("<IQI")  # time stored, fingerprint, number
RECORD = struct.Struct("<QIB")  # fingerprint, number, length of the article id that follows


def emitted_key(article_id: str) -> str:
    return EMITTED + article_id[-4:]


def decision_digest(site: str, key: str) -> str:
    """A page's decisions are filed under 16 hex digits of site and URL key (a long URL costs no memory)."""
    return hashlib.sha1(f"{site}\n{key}".encode()).hexdigest()[:16]


def records_key(folded: int) -> tuple[str, int]:
    return f"{FP_RECORDS}{folded >> 16:04x}", folded & 0xFFFF


def bucket_key(key: int) -> tuple[str, int]:
    return f"{FP_BUCKETS}{key >> 4:x}", key & 15


def run_key(run_id: str, part: str = "") -> str:
    return f"{P}run:{run_id}" + (f":{part}" if part else "")


def alive_key(run_id: str) -> str:
    return f"{P}alive:{run_id}"


def site_key(site: str, part: str) -> str:
    return f"{P}site:{site}:{part}"


def crawl_key(site: str, part: str) -> str:
    """The shared crawl of a site: queue, seen keys, workers, idle workers, each worker's requests in flight."""
    return f"{P}crawl:{site}:{part}"


def connect(url: str, decode: bool = True) -> Redis:
    """A client that rides out a server restart: commands are retried for about half a minute."""
    retry = Retry(ExponentialBackoff(cap=2.0, base=0.05), retries=30)
    return Redis.from_url(
        url,
        decode_responses=decode,
        retry=retry,
        retry_on_error=[RedisConnectionError, RedisTimeoutError, ConnectionRefusedError],
        socket_timeout=30,
        socket_connect_timeout=5,
        health_check_interval=10,
    )


# KEYS: the id's emitted bucket, claims, run claims
CLAIM = """
local owner = redis.call('HGET', KEYS[2], ARGV[1])
if owner == ARGV[2] then return 'mine' end
if ARGV[3] == '0' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'emitted' end
if owner and redis.call('EXISTS', ARGV[4] .. owner) == 1 then return 'taken' end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[1])
return 'ok'
"""

# KEYS: run hash, alive key; a stalled worker whose lease ran out must not rename its output
FINALIZE = """
if redis.call('HGET', KEYS[1], 'status') ~= 'running' or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('PERSIST', KEYS[2])
redis.call('HSET', KEYS[1], 'status', 'finishing')
return 1
"""

HEARTBEAT = """
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'finishing' then return 1 end
if status ~= 'running' or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1
"""

# KEYS: run hash, alive, run claims, run decisions, run seen, claims, retried decisions,
#       crawl inflight of this run, crawl queue, crawl workers, crawl idle, site live runs
# ARGV: run id, status, finished_at, report, requeue ('1' to put the run's requests back), site,
#       then the prefixes of the emitted and final buckets and the emitted count's key
SETTLE = """
local run = ARGV[1]
local completed = ARGV[2] == 'completed'
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('HGET', KEYS[6], id) == run then
    redis.call('HDEL', KEYS[6], id)
    if completed and redis.call('HSET', ARGV[7] .. string.sub(id, -4), id, ARGV[6]) == 1 then
      redis.call('INCR', ARGV[9])
    end
  end
end
if completed then
  local d = redis.call('HGETALL', KEYS[4])
  for i = 1, #d, 2 do
    if d[i + 1] == 'retry' then redis.call('HINCRBY', KEYS[7], d[i], 1)
    else redis.call('HSET', ARGV[8] .. string.sub(d[i], -4), string.sub(d[i], 1, -5), ARGV[6]) end
  end
end
if ARGV[5] == '1' then
  for _, req in ipairs(redis.call('HKEYS', KEYS[8])) do redis.call('ZADD', KEYS[9], 0, req) end
end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[8])
redis.call('SREM', KEYS[10], run)
redis.call('SREM', KEYS[11], run)
redis.call('SREM', KEYS[12], run)
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'finished_at', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'report', ARGV[4]) end
return 1
"""

# Append a 4-byte fold to each bucket: to its first chunk with room (chunks 0, 1, … of sub = key & 15 are
# the fields sub, 16 + sub, …). KEYS[first..]: the buckets; ARGV[first + shift..]: their subs; last: the fold.
_FILE_LOOP = """
local fold = ARGV[#ARGV]
for i = first, #KEYS do
  local sub = tonumber(ARGV[i + shift])
  local chunk = 0
  while true do
    local v = redis.call('HGET', KEYS[i], chunk * 16 + sub)
    if not v then redis.call('HSET', KEYS[i], chunk * 16 + sub, fold) break end
    if #v < CHUNK then redis.call('HSET', KEYS[i], chunk * 16 + sub, v .. fold) break end
    chunk = chunk + 1
  end
end
""".replace("CHUNK", str(CHUNK))

# KEYS: seq, log, the fold's records hash, then the buckets; ARGV: time, fingerprint (8 bytes), records field,
# article id, then the subs, then the fold (4 bytes)
ADD_FP = """
local seq = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], struct.pack('<I4', tonumber(ARGV[1])) .. ARGV[2] .. struct.pack('<I4', seq))
local old = redis.call('HGET', KEYS[3], ARGV[3]) or ''
redis.call('HSET', KEYS[3], ARGV[3], old .. ARGV[2] .. struct.pack('<I4B', seq, #ARGV[4]) .. ARGV[4])
local first, shift = 4, 1
FILE_LOOP
return seq
""".replace("FILE_LOOP", _FILE_LOOP)

# KEYS: the buckets; ARGV: the subs, then the fold
FILE = "local first, shift = 1, 0\n" + _FILE_LOOP

# KEYS: the buckets; ARGV: the subs. Every chunk of each, concatenated.
FIND = """
local out = {}
for i = 1, #KEYS do
  local sub = tonumber(ARGV[i])
  local chunk = 0
  while true do
    local got = redis.call('HMGET', KEYS[i], chunk * 16 + sub, chunk * 16 + 16 + sub, chunk * 16 + 32 + sub)
    for j = 1, 3 do if got[j] then out[#out + 1] = got[j] end end
    if not got[3] then break end
    chunk = chunk + 3
  end
end
return table.concat(out)
"""

# Forget the oldest fingerprints, if the log still starts with the entries read. KEYS: log, then per entry
# its records hash and its buckets; ARGV: count, tables, the log entries joined, then per entry its records
# field, its number (4 bytes), its fold (4 bytes) and its subs.
FORGET = """
local n, tables = tonumber(ARGV[1]), tonumber(ARGV[2])
if table.concat(redis.call('LRANGE', KEYS[1], 0, n - 1)) ~= ARGV[3] then return 0 end
local function without(packed, fold)
  for i = 1, #packed, 4 do
    if string.sub(packed, i, i + 3) == fold then return string.sub(packed, 1, i - 1) .. string.sub(packed, i + 4) end
  end
  return packed
end
for e = 0, n - 1 do
  local k, a = 2 + e * (1 + tables), 4 + e * (3 + tables)
  local field, seq, fold = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  local rec, kept, i = redis.call('HGET', KEYS[k], field) or '', {}, 1
  while i <= #rec do
    local size = 13 + string.byte(rec, i + 12)
    if string.sub(rec, i + 8, i + 11) ~= seq then kept[#kept + 1] = string.sub(rec, i, i + size - 1) end
    i = i + size
  end
  if #kept > 0 then redis.call('HSET', KEYS[k], field, table.concat(kept)) else redis.call('HDEL', KEYS[k], field) end
  for t = 1, tables do
    local key, sub = KEYS[k + t], tonumber(ARGV[a + 2 + t])
    local chunks, c = {}, 0
    while true do
      local v = redis.call('HGET', key, c * 16 + sub)
      if not v then break end
      chunks[#chunks + 1] = v
      c = c + 1
    end
    local packed = without(table.concat(chunks), fold)
    for j = 0, c - 1 do
      local part = string.sub(packed, j * CHUNK + 1, (j + 1) * CHUNK)
      if #part > 0 then redis.call('HSET', key, j * 16 + sub, part) else redis.call('HDEL', key, j * 16 + sub) end
    end
  end
end
redis.call('LTRIM', KEYS[1], n, -1)
return n
""".replace("CHUNK", str(CHUNK))

COLLECT = """
if redis.call('SCARD', KEYS[1]) > 0 then return false end
local reports = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
return reports
"""


class RedisStore(Store):
    def __init__(self, url: str, near_bits: int = 6, lease_s: float = 30.0) -> None:
        self.url = url
        self.target = url
        self.near_bits = near_bits
        self.lease_ms = int(lease_s * 1000)
        self.r = connect(url)
        self.r.ping()
        self.rb = connect(url, decode=False)  # fingerprints and folds are packed bytes
        self.host = socket.gethostname()
        self._claim = self.r.register_script(CLAIM)
        self._finalize = self.r.register_script(FINALIZE)
        self._heartbeat = self.r.register_script(HEARTBEAT)
        self._settle = self.r.register_script(SETTLE)
        self._collect = self.r.register_script(COLLECT)
        self._add_fp = self.rb.register_script(ADD_FP)
        self._file = self.rb.register_script(FILE)
        self._find = self.rb.register_script(FIND)
        self._forget = self.rb.register_script(FORGET)
        self.candidates = 0  # folds read by near-duplicate lookups (the benchmark's figure)
        self._match_layout()

    # runs
    def begin(self, site: str, refetch: list[str], retry_limit: int) -> RedisRun:
        run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{site}-{uuid.uuid4().hex[:6]}"
        pipe = self.r.pipeline()
        pipe.hset(
            run_key(run_id),
            mapping={"site": site, "started_at": now_iso(), "status": "running", "host": self.host, "pid": os.getpid()},
        )
        pipe.set(alive_key(run_id), "1", px=self.lease_ms)
        pipe.zadd(site_key(site, "runs"), {run_id: time.time()})
        pipe.sadd(site_key(site, "live"), run_id)
        pipe.execute()
        return RedisRun(self, site, run_id, refetch, retry_limit)

    def settle(self, site: str, run_id: str, status: str, report: dict | None = None, requeue: bool = False) -> None:
        keys = [
            run_key(run_id),
            alive_key(run_id),
            run_key(run_id, "claims"),
            run_key(run_id, "decisions"),
            run_key(run_id, "seen"),
            CLAIMS,
            site_key(site, "retried"),
            crawl_key(site, f"inflight:{run_id}"),
            crawl_key(site, "queue"),
            crawl_key(site, "workers"),
            crawl_key(site, "idle"),
            site_key(site, "live"),
        ]
        text = json.dumps(report, ensure_ascii=False, default=str) if report else ""
        args = [run_id, status, now_iso(), text, "1" if requeue else "0", site, EMITTED, FINAL, EMITTED_TOTAL]
        self._settle(keys=keys, args=args)

    def reap(self, site: str) -> list[str]:
        """Take back the claims and requests of this site's workers whose lease ran out; one line each."""
        notes = []
        for run_id in self.r.smembers(site_key(site, "live")):
            info = self.r.hgetall(run_key(run_id))
            if self.r.exists(alive_key(run_id)) or info.get("status") not in ("running", None):
                continue
            self.settle(site, run_id, "killed", requeue=True)
            part = info.get("part_path")
            if part and info.get("host") == self.host and Path(part).exists():
                os.remove(part)  # only this machine can discard its own unfinished output
            notes.append(f"run {run_id} ({site}) stopped without finishing: its claims and requests were taken back")
        return notes

    def recover(self, site: str) -> list[str]:
        notes = self.reap(site)
        for run_id in self.r.smembers(site_key(site, "live")):  # died between its lease ending and its commit
            info = self.r.hgetall(run_key(run_id))
            if info.get("status") != "finishing" or info.get("host") != self.host or _pid_alive(info.get("pid")):
                continue
            output, part = info.get("output_path"), info.get("part_path")
            done = output and Path(output).exists() and not (part and Path(part).exists())
            self.settle(site, run_id, "completed" if done else "killed", requeue=not done)
            notes.append(f"run {run_id} ({site}) died while finishing: marked {'completed' if done else 'killed'}")
        return notes

    def reset(self, site: str | None = None) -> None:
        sites = [site] if site else [k.split(":")[2] for k in self.r.scan_iter(P + "site:*:runs")]
        for s in sites:
            runs = self.r.zrange(site_key(s, "runs"), 0, -1)
            for pattern in (EMITTED + "*", FINAL + "*"):  # reset is rare: a scan of the buckets is fine
                self._forget_site(pattern, s)
            keys = [site_key(s, part) for part in ("runs", "live", "retried")]
            crawl = ("queue", "seen", "workers", "idle", "robots")
            keys += [run_key(r) for r in runs] + [crawl_key(s, part) for part in crawl]
            self.r.delete(*keys)

    def _forget_site(self, pattern: str, site: str) -> None:
        names = list(self.r.scan_iter(pattern, count=1000))
        for start in range(0, len(names), 500):
            batch = names[start : start + 500]
            pipe = self.r.pipeline(transaction=False)
            for name in batch:
                pipe.hgetall(name)
            pipe_del = self.r.pipeline(transaction=False)
            for name, fields in zip(batch, pipe.execute(), strict=True):
                gone = [f for f, value in fields.items() if value == site]
                if gone:
                    pipe_del.hdel(name, *gone)
            pipe_del.execute()

    def last_reports(self, site: str, limit: int = 5) -> list[dict[str, Any]]:
        """The site's last crawl reports, newest first: a shared crawl's workers added up, one per crawl."""
        return [json.loads(r) for r in self.r.lrange(site_key(site, "crawl_reports"), 0, limit - 1)]

    def file_worker_report(self, site: str, report: dict[str, Any]) -> None:
        """A worker's report, kept until the crawl's last worker adds them up."""
        self.r.rpush(crawl_key(site, "reports"), json.dumps(report, ensure_ascii=False, default=str))

    def collect_crawl(self, site: str) -> list[dict[str, Any]]:
        """The workers' reports, taken by the one worker that finds the crawl without workers (atomic)."""
        got = self._collect(keys=[crawl_key(site, "workers"), crawl_key(site, "reports")])
        return [json.loads(r) for r in got or []]

    def add_crawl_report(self, site: str, report: dict[str, Any]) -> None:
        key = site_key(site, "crawl_reports")
        self.r.pipeline().lpush(key, json.dumps(report, ensure_ascii=False, default=str)).ltrim(key, 0, 99).execute()

    # the near-duplicate index: a log for pruning, the records of each fold, the buckets of each band key
    def _match_layout(self) -> None:
        """Move a history kept by the first Redis layout (big hashes) to this one; re-file the buckets when the
        near-duplicate distance asks for another simindex layout. One worker does it, under a lock."""
        name = layout(self.near_bits).name
        if self.r.get(LAYOUT) == "2" and self.r.get(FP_LAYOUT) == name:
            return
        lock = P + "layout:lock"
        token = uuid.uuid4().hex
        while not self.r.set(lock, token, nx=True, ex=600):
            time.sleep(0.2)  # another worker moves it: wait, then find it done
        try:
            if self.r.get(LAYOUT) != "2":
                from newsbot.state.redis_v1 import migrate

                migrate(self)
                self.r.set(LAYOUT, "2")
            if self.r.get(FP_LAYOUT) != name:
                self._refile()
                self.r.set(FP_LAYOUT, name)
        finally:
            if self.r.get(lock) == token:
                self.r.delete(lock)

    def _refile(self) -> None:
        """File every logged fingerprint again under the current layout's band keys."""
        names = list(self.r.scan_iter(FP_BUCKETS + "*", count=1000))
        for start in range(0, len(names), 1000):
            self.r.unlink(*names[start : start + 1000])
        for start in range(0, self.r.llen(FP_LOG), 1000):
            entries = self.rb.lrange(FP_LOG, start, start + 999)
            pipe = self.rb.pipeline(transaction=False)
            for entry in entries:
                fp = LOG_ENTRY.unpack(entry)[1]
                buckets = [bucket_key(k) for k in band_keys(fp, self.near_bits)]
                subs = [sub for _, sub in buckets]
                self._file(keys=[b for b, _ in buckets], args=[*subs, struct.pack("<I", fold(fp))], client=pipe)
            pipe.execute()

    def add_fingerprint(self, fingerprint: int, article_id: str, stored_at: float | None = None) -> None:
        self.add_fingerprints([(fingerprint, article_id, stored_at or time.time())])

    def add_fingerprints(self, rows: list[tuple[int, str, float]]) -> None:
        """File fingerprints (fingerprint, article id, time stored), each in one script, many per round trip."""
        for start in range(0, len(rows), 500):
            pipe = self.rb.pipeline(transaction=False)
            for fp, article_id, at in rows[start : start + 500]:
                folded = fold(fp)
                records, field = records_key(folded)
                buckets = [bucket_key(k) for k in band_keys(fp, self.near_bits)]
                self._add_fp(
                    keys=[FP_SEQ, FP_LOG, records, *(b for b, _ in buckets)],
                    args=[int(at), struct.pack("<Q", fp), field, article_id.encode(), *(sub for _, sub in buckets)]
                    + [struct.pack("<I", folded)],
                    client=pipe,
                )
            pipe.execute()

    def nearest(self, fingerprint: int, article_id: str) -> str | None:
        """The earliest filed article within the distance: folds screened from the buckets, then its records."""
        buckets = [bucket_key(k) for k in band_keys(fingerprint, self.near_bits)]
        packed = self._find(keys=[b for b, _ in buckets], args=[sub for _, sub in buckets])
        self.candidates += len(packed) // 4
        bits = self.near_bits
        near = screen(packed, fingerprint, bits)
        if not near:
            return None
        pipe = self.rb.pipeline(transaction=False)
        for f in near:
            pipe.hget(*records_key(f))
        found = []
        for records in pipe.execute():
            for fp, seq, other in _records(records or b""):
                if other != article_id and hamming(fingerprint, fp) <= bits:
                    found.append((seq, other))
        return min(found)[1] if found else None

    def prune(self, window_days: int) -> int:
        """Forget the fingerprints logged before the window, oldest first, a batch per script."""
        if window_days <= 0:
            return 0
        cutoff = time.time() - window_days * 86400
        tables = len(layout(self.near_bits).tables)
        gone = 0
        while True:
            # the log is in filing order: an entry filed after a newer one goes when that one goes
            old = list(takewhile(lambda e: LOG_ENTRY.unpack(e)[0] < cutoff, self.rb.lrange(FP_LOG, 0, 49)))
            if not old:
                return gone
            keys, args = [FP_LOG], [len(old), tables, b"".join(old)]
            for entry in old:
                _, fp, seq = LOG_ENTRY.unpack(entry)
                folded = fold(fp)
                records, field = records_key(folded)
                buckets = [bucket_key(k) for k in band_keys(fp, self.near_bits)]
                keys += [records, *(b for b, _ in buckets)]
                args += [field, struct.pack("<I", seq), struct.pack("<I", folded), *(sub for _, sub in buckets)]
            gone += self._forget(keys=keys, args=args)  # 0 when another worker pruned them meanwhile

    def close(self) -> None:
        self.r.close()
        self.rb.close()


def _records(packed: bytes) -> list[tuple[int, int, str]]:
    """(fingerprint, number, article id) of each record packed in a fold's field."""
    out, at = [], 0
    while at < len(packed):
        fp, seq, size = RECORD.unpack_from(packed, at)
        at += RECORD.size
        out.append((fp, seq, packed[at : at + size].decode()))
        at += size
    return out


def _pid_alive(pid: str | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError):
        return False
    return True


class RedisRun(Run):
    def __init__(self, store: RedisStore, site: str, run_id: str, refetch: list[str], retry_limit: int) -> None:
        super().__init__(store, site, run_id, refetch, retry_limit)
        self.store: RedisStore = store
        self.r = store.r
        self.lost = False
        self.recorded: set[str] = set()  # ids this run wrote out (tells a retried claim from a second one)

    def already_done(self, url: str) -> bool:
        key = url_key(url)
        if key in self.refetch:
            return False
        digest = decision_digest(self.site, key)
        final, retried = (
            self.r.pipeline(transaction=False)
            .hexists(FINAL + digest[-4:], digest[:-4])
            .hget(site_key(self.site, "retried"), digest)
            .execute()
        )
        return bool(final) or int(retried or 0) >= self.retry_limit

    def is_refetch(self, url: str | None) -> bool:
        return bool(url) and url_key(url) in self.refetch

    def see(self, key: str) -> bool:
        return self.r.sadd(run_key(self.run_id, "seen"), key) == 1

    def record_decision(self, url: str | None, decision: str, article_id: str | None = None, retry: bool = False):
        if url:
            digest = decision_digest(self.site, url_key(url))
            self.r.hset(run_key(self.run_id, "decisions"), digest, "retry" if retry else decision)

    def claim(self, article_id: str, refetch: bool = False) -> str:
        keys = [emitted_key(article_id), CLAIMS, run_key(self.run_id, "claims")]
        args = [article_id, self.run_id, "1" if refetch else "0", P + "alive:"]
        result = self.store._claim(keys=keys, args=args)
        if result == MINE and article_id not in self.recorded:
            return CLAIMED  # the claim went through but its reply was lost (a server restart): the call was sent again
        return result

    def near_duplicate(self, fingerprint: int, article_id: str) -> str | None:
        return self.store.nearest(fingerprint, article_id)

    def record_emitted(self, item: Any, fingerprint: int) -> None:
        self.recorded.add(item["id"])
        self.store.add_fingerprint(fingerprint, item["id"])
        self.record_decision(item["url"], "emitted", item["id"])
        if item.get("canonical_url") and url_key(item["canonical_url"]) != url_key(item["url"]):
            self.record_decision(item["canonical_url"], "emitted", item["id"])

    def set_output(self, final_path: str, part_path: str) -> None:
        self.r.hset(run_key(self.run_id), mapping={"output_path": final_path, "part_path": part_path})

    def output_paths(self) -> tuple[str | None, str | None]:
        output, part = self.r.hmget(run_key(self.run_id), "output_path", "part_path")
        return output, part

    def may_finalize(self) -> bool:
        return bool(self.store._finalize(keys=[run_key(self.run_id), alive_key(self.run_id)]))

    def heartbeat(self) -> None:
        if not self.lost and not self.store._heartbeat(
            keys=[run_key(self.run_id), alive_key(self.run_id)], args=[self.store.lease_ms]
        ):
            self.lost = True  # others took back this run's work; its output will be discarded

    def finish(self, status: str, report: dict | None = None) -> None:
        if self.r.hget(run_key(self.run_id), "status") not in ("running", "finishing"):
            return  # reaped while stalled: nothing of this run counts
        self.store.settle(self.site, self.run_id, status, report, requeue=status != "completed")
