"""One crawl shared by every worker started with NEWSBOT_REDIS_URL: scrapy-redis's scheduler with newsbot's keys.

- the queue is scrapy-redis's priority queue on the server; a pop also files the request under the worker's
  requests in flight (a Lua script, atomic), where it stays until the worker's run is settled: a worker
  killed mid-run has its requests put back in the queue when its lease runs out (scrapy-redis alone would
  lose them);
- the dupefilter keys on newsbot's canonical URL key, one set for the crawl: no article page is fetched by
  two workers, and the discovery seeds pass once, so the first worker seeds and later ones join;
- a worker whose queue is empty stays while another live worker is busy (it may still find pages), and
  takes work as soon as some is queued; the last idle worker closes the crawl, and the others leave within
  half a second;
- robots.txt is fetched once per crawl and host: the copy is filed on the server for the workers that join,
  which would otherwise wait a fetch of their own before their first request.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from typing import Any

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newsbot.dupefilter import ArticleGate, request_key
from newsbot.state.redis import RedisRun, connect, crawl_key

logger = logging.getLogger(__name__)
POKE_EVERY_S = 0.5  # an idle worker looks at the shared queue this often (Scrapy's own idle wake-up is 5 s)
ROBOTS_MAX_BYTES = 500_000  # a longer robots.txt is not filed for the others (Google reads no more either)

# ARGV[2]: a token per call. A reply lost in a server restart makes the client send the call again; the
# token makes that second call return the same request instead of popping (and stranding) another one.
POP = """
local last = redis.call('GET', KEYS[4])
if last and string.sub(last, 1, 32) == ARGV[2] then return string.sub(last, 33) end
local r = redis.call('ZRANGE', KEYS[1], 0, 0)
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], r[1], 1)
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('SET', KEYS[4], ARGV[2] .. r[1], 'EX', 600)
return r[1]
"""

# KEYS: workers, queue, seen, robots; ARGV: run id. A crawl with no worker and nothing queued starts afresh.
JOIN = """
local fresh = 0
if redis.call('SCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3], KEYS[4])
  fresh = 1
end
redis.call('SADD', KEYS[1], ARGV[1])
return fresh
"""


class InflightQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop files the request under this worker's requests in flight."""

    def __init__(self, server, spider, key, serializer=None, *, inflight_key: str, idle_key: str, run_id: str):
        super().__init__(server, spider, key, serializer)
        self.inflight_key, self.idle_key, self.run_id = inflight_key, idle_key, run_id
        self._pop = server.register_script(POP)

    def pop(self, timeout: int = 0) -> Request | None:
        keys = [self.key, self.inflight_key, self.idle_key, f"{self.inflight_key}:last"]
        data = self._pop(keys=keys, args=[self.run_id, uuid.uuid4().hex])
        return self._decode_request(data) if data else None


class SharedDupeFilter(RFPDupeFilter):
    """One seen-set for the whole crawl, keyed on the canonical URL key; settled articles are not fetched."""

    def __init__(self, server, key: str, gate: ArticleGate, run_id: str) -> None:
        super().__init__(server, key)
        self.gate = gate
        self.run_id = run_id.encode()
        self.mine: set[str] = set()  # keys this worker added: a retried call after a lost reply is still new

    def request_seen(self, request: Request) -> bool:
        key = request_key(request)
        new = bool(self.server.hsetnx(self.key, key, self.run_id))
        if not new and key not in self.mine and self.server.hget(self.key, key) == self.run_id:
            new = True  # this worker's own first call went through, its reply was lost
        if new:
            self.mine.add(key)
        if request.meta.get("redirect_urls"):
            return False  # a hop of a redirect belongs to its page's fetch
        return not new or self.gate.refuse(request)

    def close(self, reason: str = "") -> None:
        """The seen-set belongs to the crawl, not to this worker: it stays for the others."""


class SharedScheduler(Scheduler):
    def __init__(self, crawler: Crawler) -> None:
        from newsbot.extensions import RunStateKeeper

        keeper = crawler.get_extension(RunStateKeeper)
        run = keeper.run if keeper is not None else None
        if not isinstance(run, RedisRun):
            raise NotConfigured("a shared crawl keeps its run state on its Redis: leave NEWSBOT_STATE unset")
        self.crawler = crawler
        self.run = run
        self.site = run.site
        self.gate = ArticleGate(crawler)
        server = connect(run.store.url, decode=False)  # requests are pickled bytes
        dupefilter = SharedDupeFilter(server, crawl_key(self.site, "seen"), self.gate, run.run_id)
        super().__init__(server, persist=True, dupefilter=dupefilter, queue_key=crawl_key(self.site, "queue"))
        self.stats = crawler.stats
        self.workers_key = crawl_key(self.site, "workers")
        self.idle_key = crawl_key(self.site, "idle")
        self.local: deque[Request] = deque()  # requests popped by the idle poke, handed to the engine
        self.idle = False
        self._poker: Any = None
        self._join = server.register_script(JOIN)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        return cls(crawler)

    def open(self, spider) -> None:
        self.spider = spider
        self.queue = InflightQueue(
            self.server,
            spider,
            self.queue_key,
            inflight_key=crawl_key(self.site, f"inflight:{self.run.run_id}"),
            idle_key=self.idle_key,
            run_id=self.run.run_id,
        )
        for note in self.run.store.reap(self.site):
            logger.warning(note)
        keys = [self.workers_key, self.queue_key, self.df.key, crawl_key(self.site, "robots")]
        fresh = self._join(keys=keys, args=[self.run.run_id])
        workers = self.server.scard(self.workers_key)
        logger.info(
            "[%s] shared crawl on %s: %s, %d requests queued, %d workers",
            self.site,
            self.run.store.url,
            "new crawl" if fresh else "joined",
            len(self.queue),
            workers,
        )
        from scrapy.utils.asyncio import create_looping_call

        self._poker = create_looping_call(self.poke)
        self._poker.start(POKE_EVERY_S, now=False)

    def close(self, reason: str) -> None:
        if self._poker is not None and self._poker.running:
            self._poker.stop()
        # the requests in flight stay filed until the run is settled (RunStateKeeper): a crash loses none

    def enqueue_request(self, request: Request) -> bool:
        if request.meta.pop("newsbot_handoff", False):
            self.local.append(request)
            return True
        return super().enqueue_request(request)

    def next_request(self) -> Request | None:
        if self.local:
            return self.local.popleft()
        request = super().next_request()
        if request is not None:
            self.idle = False
        return request

    def has_pending_requests(self) -> bool:
        """Asked by the engine only when this worker has nothing in hand: stay while others may still find work."""
        if self.local or len(self.queue) > 0:
            return True
        self.idle = True
        self.server.sadd(self.idle_key, self.run.run_id)
        for note in self.run.store.reap(self.site):
            logger.warning(note)
        if len(self.queue) > 0:
            return True
        others = {w.decode() for w in self.server.smembers(self.workers_key)} - {self.run.run_id}
        idle = {w.decode() for w in self.server.smembers(self.idle_key)}
        return bool(others - idle)  # a live worker still busy (the dead ones were just reaped)

    def poke(self) -> None:
        """While idle, take a queued request as soon as there is one, and have the engine ask again whether the
        crawl is over (Scrapy's own wake-up comes every 5 s: each worker would linger that long at the end)."""
        if not self.idle or self.local:
            return
        request = self.queue.pop()
        if request is None:
            slot = getattr(self.crawler.engine, "_slot", None)  # Scrapy's engine has no public wake-up call
            if slot is not None:
                slot.nextcall.schedule()
            return
        self.idle = False
        request.meta["newsbot_handoff"] = True
        self.crawler.engine.crawl(request)


class SharedRobotsTxt(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with each host's robots.txt filed on the crawl's server once fetched:
    a worker that joins parses that copy instead of fetching it before its first request."""

    def _shared(self) -> tuple[Any, str] | None:
        from newsbot.extensions import RunStateKeeper

        keeper = self.crawler.get_extension(RunStateKeeper)
        run = keeper.run if keeper is not None else None
        return (run.store.rb, crawl_key(run.site, "robots")) if isinstance(run, RedisRun) else None

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        shared = self._shared()
        if netloc not in self._parsers and shared is not None:
            server, key = shared
            body = server.hget(key, netloc)
            if body is not None:
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
                self._stats.inc_value("robotstxt/shared")
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        shared = self._shared()
        if shared is not None and len(response.body) <= ROBOTS_MAX_BYTES:
            server, key = shared
            server.hset(key, netloc, response.body)
        await super()._parse_robots(response, netloc, request)
