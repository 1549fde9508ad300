"""Scrapy settings for newsbot. Every NEWSBOT_* setting is documented in the README.

The one place each default is defined: code reads `settings.getint("NEWSBOT_X")` with no second default.
"""

import os

BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"
COMMANDS_MODULE = "newsbot.commands"

# Politeness: a crawler that runs from cron for months must never be the reason a site blocks it.
USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot-fa/newsbot; Persian press monitor; contact: newsbot@example.org)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # no news article is 10 MB; a page that is, is not one
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
DNS_TIMEOUT = 20
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19: else a code-running HTTP port per crawl, its token in ~/.local/state
HTTPCACHE_ENABLED = False  # for development: -s HTTPCACHE_ENABLED=1 replays pages from .scrapy/httpcache
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_DIR = "httpcache"
# article pages go through the dupefilter (no dont_filter), so Scrapy's offsite check also stops redirects
DUPEFILTER_CLASS = "newsbot.dupefilter.CanonicalDupeFilter"
SCHEDULER = "newsbot.scheduler.DiskQueueScheduler"
NEWSBOT_QUEUE_ON_DISK = True  # pending requests wait on disk (a temporary folder), not in memory
SCHEDULER_DISK_QUEUE = "newsbot.scheduler.NamedPickleLifoDiskQueue"  # Scrapy's, callbacks named once per method
SCHEDULER_START_DISK_QUEUE = "newsbot.scheduler.NamedPickleFifoDiskQueue"
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsbot.middlewares.PoliteRetryMiddleware": 550,
}
SPIDER_MIDDLEWARES = {}
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "newsbot.pipelines.SincePipeline": 50,  # a backfill's older pages are out of scope, not broken
    "newsbot.pipelines.ValidatePipeline": 100,
    "newsbot.pipelines.RelevancePipeline": 200,
    "newsbot.pipelines.AnalysePipeline": 300,
    "newsbot.pipelines.DedupePipeline": 500,
    "newsbot.pipelines.ArchivePipeline": 600,
}
EXTENSIONS = {
    "newsbot.extensions.RunReport": 500,
    "newsbot.extensions.Progress": 510,
    "newsbot.extensions.RunStateKeeper": 520,  # after RunReport: settles the run with its report
}
LOG_FORMATTER = "newsbot.logs.OneLineLogFormatter"  # a dropped item is one line (reason, URL), never its body

# Output: one JSON-lines file per site and run, written under a temporary name and renamed at the end.
FEED_STORAGES = {"file": "newsbot.feeds.AtomicFileFeedStorage", "": "newsbot.feeds.AtomicFileFeedStorage"}
# Applied by the spiders only when no -o/-O/FEEDS is given (Scrapy would otherwise write both).
NEWSBOT_DEFAULT_FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf8", "store_empty": True},
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORE_EMPTY = True
FEED_EXPORT_FIELDS = None  # set below from the record's field list
from newsbot.items import EXPORT_FIELDS  # noqa: E402

FEED_EXPORT_FIELDS = EXPORT_FIELDS

# newsbot's own settings
NEWSBOT_STATE = "default"  # SQLite path or redis:// URL; "default" = NEWSBOT_REDIS_URL if set, else data/state.sqlite
# set: this worker joins the shared crawl on that Redis, and pushes archive rows there for search/digest to import
NEWSBOT_REDIS_URL = os.environ.get("NEWSBOT_REDIS_URL", "")
NEWSBOT_WORKER_LEASE = 30.0  # seconds a silent worker keeps its claims and requests before others take them back
NEWSBOT_RETRY_DROPPED = 3  # runs that fetch again a relevant-looking article dropped for no date/body/title
NEWSBOT_BACKFILL_MAX_PAGES = 500  # with -a since=DATE: listing/search pages followed back per entry point
NEWSBOT_NEAR_DUPLICATE_DAYS = 90  # fingerprints kept for the near-duplicate check; older ones pruned
NEWSBOT_STATE_RESET = False  # forget what earlier runs emitted (for this spider) before starting
NEWSBOT_REFETCH = ""  # comma-separated article URLs to fetch and emit again even if emitted before
NEWSBOT_TOPIC = ""  # path of a topic file; empty = the bundled newsbot/facts/data/topic.json
NEWSBOT_RELEVANCE_THRESHOLD = None  # None = the topic file's threshold
NEWSBOT_EMIT_TIERS = ["about"]  # relevance tiers emitted: about, subsidiary, mention, none
NEWSBOT_KEEP_IRRELEVANT = False  # keep every article with its relevance score instead of dropping
NEWSBOT_MIN_BODY_CHARS = 120  # shorter bodies are dropped as no_body (the extractor's own floor agrees)
NEWSBOT_NEAR_DUPLICATE_BITS = 6  # SimHash distance at or under which two bodies are the same release
NEWSBOT_MAX_LISTING_PAGES = 5  # how far to follow «بعدی» links on listing pages
NEWSBOT_MAX_FEED_ITEMS = 500  # a feed or sitemap with more entries is cut, counted, not followed whole
NEWSBOT_MAX_SITEMAPS = 100  # child sitemaps followed from sitemap indexes per run; the rest are counted
NEWSBOT_MAX_ARTICLE_AGE_DAYS = 0  # 0 = no limit; else skip feed/sitemap entries older than this
NEWSBOT_REPORT_DIR = "output/reports"
NEWSBOT_ALARM_COVERAGE_DROP = 0.5  # alarm when a field's coverage falls below this share of its usual
NEWSBOT_ALARM_ERROR_RATE = 0.5  # alarm when more than this share of requests end in an error
NEWSBOT_SAMPLE_PORT = 8765  # the sample site's port; fixed so that ids and run state hold across runs; 0 = any
NEWSBOT_PROGRESS_INTERVAL = 15  # seconds between progress lines (terminal runs, or when set with -s); 0 = off
NEWSBOT_RETRY_AFTER_MAX = 120  # longest Retry-After (seconds) honoured; longer ones retry after this
NEWSBOT_MAX_ARTICLES_PER_RUN = 0  # 0 = no cap; the canary sets a few
NEWSBOT_JOBDIR_ROOT = ""  # crawlall: one JOBDIR per site under this folder, so a stopped run resumes
NEWSBOT_ARCHIVE = "default"  # the archive (search, stories, digest): "default" = archive.sqlite beside NEWSBOT_STATE
