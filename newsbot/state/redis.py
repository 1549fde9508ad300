"""Run state on a Redis server: many workers on many machines share one history and one crawl.

Every change that must not half-happen (claim an article, finish a run, take back a dead worker's claims
and requests) is one Lua script, so it is atomic on the server. A worker holds a lease (a key with a TTL
that its heartbeat renews); when it stops beating, any other worker (or the next start) takes back its
claims and puts its requests back in the shared queue. Redis with AOF keeps all of it across a restart.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from newsbot.extract.canonical import url_key
from newsbot.state.base import CLAIMED, MINE, Run, Store, now_iso
from newsbot.state.simindex import band_keys
from newsbot.text.similarity import hamming

P = "newsbot:"
EMITTED_IDS = P + "emitted"  # article id → run that emitted it
CLAIMS = P + "claims"  # article id → run that holds it, pending


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

# KEYS: run hash, alive, run claims, run decisions, run seen, claims, emitted, final decisions, retried decisions,
#       crawl inflight of this run, crawl queue, crawl workers, crawl idle, site live runs
# ARGV: run id, status, finished_at, report, requeue ('1' to put the run's requests back)
SETTLE = """
local run = ARGV[1]
local completed = ARGV[2] == 'completed'
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('HGET', KEYS[6], id) == run then
    redis.call('HDEL', KEYS[6], id)
    if completed then redis.call('HSET', KEYS[7], id, run) end
  end
end
if completed then
  local d = redis.call('HGETALL', KEYS[4])
  for i = 1, #d, 2 do
    if d[i + 1] == 'retry' then redis.call('HINCRBY', KEYS[9], d[i], 1)
    else redis.call('HSET', KEYS[8], d[i], d[i + 1]) end
  end
end
if ARGV[5] == '1' then
  for _, req in ipairs(redis.call('HKEYS', KEYS[10])) do redis.call('ZADD', KEYS[11], 0, req) end
end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[10])
redis.call('SREM', KEYS[12], run)
redis.call('SREM', KEYS[13], run)
redis.call('SREM', KEYS[14], run)
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'finished_at', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'report', ARGV[4]) end
return 1
"""

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
        self.host = socket.gethostname()
        self._claim = self.r.register_script(CLAIM)
        self._finalize = self.r.register_script(FINALIZE)
        self._heartbeat = self.r.register_script(HEARTBEAT)
        self._settle = self.r.register_script(SETTLE)
        self._collect = self.r.register_script(COLLECT)

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
            EMITTED_IDS,
            site_key(site, "final"),
            site_key(site, "retried"),
            crawl_key(site, f"inflight:{run_id}"),
            crawl_key(site, "queue"),
            crawl_key(site, "workers"),
            crawl_key(site, "idle"),
            site_key(site, "live"),
        ]
        text = json.dumps(report, ensure_ascii=False, default=str) if report else ""
        self._settle(keys=keys, args=[run_id, status, now_iso(), text, "1" if requeue else "0"])

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
            ids = list(self.r.hgetall(EMITTED_IDS).items())  # reset is rare: a scan of the emitted ids is fine
            emitted = [i for i, r in ids if r in set(runs)]
            if emitted:
                self.r.hdel(EMITTED_IDS, *emitted)
            keys = [site_key(s, part) for part in ("runs", "live", "final", "retried")]
            keys += [run_key(r) for r in runs] + [crawl_key(s, part) for part in ("queue", "seen", "workers", "idle")]
            self.r.delete(*keys)

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

    # the near-duplicate index: fingerprint rows, one set of row numbers per band key
    def add_fingerprint(self, fingerprint: int, article_id: str, stored_at: float | None = None) -> None:
        row = self.r.incr(P + "fp:seq")
        pipe = self.r.pipeline(transaction=False)
        pipe.hset(P + "fp", row, f"{fingerprint:x}:{article_id}")
        pipe.zadd(P + "fp:time", {row: stored_at or time.time()})
        for key in band_keys(fingerprint, self.near_bits):
            pipe.sadd(f"{P}fpk:{key:x}", row)
        pipe.execute()

    def nearest(self, fingerprint: int, article_id: str) -> str | None:
        pipe = self.r.pipeline(transaction=False)
        for key in band_keys(fingerprint, self.near_bits):
            pipe.smembers(f"{P}fpk:{key:x}")
        rows = sorted({int(r) for members in pipe.execute() for r in members})
        if not rows:
            return None
        for value in self.r.hmget(P + "fp", rows):
            if not value:
                continue
            fp_hex, other = value.split(":", 1)
            if other != article_id and hamming(fingerprint, int(fp_hex, 16)) <= self.near_bits:
                return other
        return None

    def prune(self, window_days: int) -> int:
        if window_days <= 0:
            return 0
        old = self.r.zrangebyscore(P + "fp:time", "-inf", time.time() - window_days * 86400)
        for start in range(0, len(old), 1000):
            batch = old[start : start + 1000]
            values = self.r.hmget(P + "fp", batch)
            pipe = self.r.pipeline(transaction=False)
            for row, value in zip(batch, values, strict=True):
                if value:
                    for key in band_keys(int(value.split(":", 1)[0], 16), self.near_bits):
                        pipe.srem(f"{P}fpk:{key:x}", row)
            pipe.hdel(P + "fp", *batch)
            pipe.zrem(P + "fp:time", *batch)
            pipe.execute()
        return len(old)

    def close(self) -> None:
        self.r.close()


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
        self.store = store
        self.r = store.r
        self.site = site
        self.run_id = run_id
        self.refetch = {url_key(u) for u in refetch}
        self.retry_limit = retry_limit
        self.lost = False
        self.recorded: set[str] = set()  # ids this run wrote out (tells a retried claim from a second one)

    def already_done(self, url: str) -> bool:
        key = url_key(url)
        if key in self.refetch:
            return False
        final, retried = self.r.pipeline(transaction=False).hexists(site_key(self.site, "final"), key).hget(
            site_key(self.site, "retried"), key
        ).execute()
        return bool(final) or int(retried or 0) >= self.retry_limit

    def is_refetch(self, url: str | None) -> bool:
        return bool(url) and url_key(url) in self.refetch

    def see(self, key: str) -> bool:
        return self.r.sadd(run_key(self.run_id, "seen"), key) == 1

    def record_decision(self, url: str | None, decision: str, article_id: str | None = None, retry: bool = False):
        if url:
            self.r.hset(run_key(self.run_id, "decisions"), url_key(url), "retry" if retry else decision)

    def claim(self, article_id: str, refetch: bool = False) -> str:
        keys = [EMITTED_IDS, CLAIMS, run_key(self.run_id, "claims")]
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
