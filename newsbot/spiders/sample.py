"""`scrapy crawl sample`: serves the bundled sample site on 127.0.0.1 and crawls it, with no network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import signals

from newsbot.sample_site.server import HOST_PLACEHOLDER, ROOT, SampleServer
from newsbot.sites.registry import get_site
from newsbot.spiders.arguments import SpiderArgumentError, base_url
from newsbot.spiders.base import SiteSpider


class SampleSpider(SiteSpider):
    """-a root=DIR serves another folder laid out like the sample site; -a base=URL crawls one already served."""

    name = "sample"
    site = get_site("sample")
    # a demo, not a watched site: every run crawls the whole site (-s NEWSBOT_STATE=… turns history back on)
    custom_settings = {"NEWSBOT_STATE": ""}

    def __init__(self, root: str | None = None, base: str | None = None, *args: Any, **kwargs: Any) -> None:
        self.check_arguments(root=root, base=base)
        super().__init__(*args, **kwargs)
        self.root = root or str(ROOT)
        self.base = base_url(base) if base else None
        self.server: SampleServer | None = None

    @classmethod
    def check_arguments(cls, root: str | None = None, base: str | None = None, **kwargs: Any) -> None:
        if root and not Path(root, "index.html").is_file():
            raise SpiderArgumentError(f"-a root={root}: no index.html there; expected a folder laid out like www/")
        if base:
            base_url(base)
        super().check_arguments(**kwargs)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.stop_server, signal=signals.spider_closed)
        return spider

    def stop_server(self, spider) -> None:
        if self.server is not None:
            self.server.stop()

    def entry_points(self) -> list[tuple[str, str]]:
        if self.base is None:
            port = self.crawler.settings.getint("NEWSBOT_SAMPLE_PORT")
            try:
                self.server = SampleServer(self.root, port=port)
            except OSError as exc:  # the port is taken: any free one still gives a complete (non-incremental) run
                self.logger.warning("sample site: port %s unavailable (%s); using a free port", port, exc)
                self.server = SampleServer(self.root, port=0)
            self.base = self.server.start()
        host = self.base.split("://", 1)[1]
        self.allowed_domains = [host.split(":")[0]]
        placeholder = HOST_PLACEHOLDER.decode()
        return [(kind, url.replace(placeholder, host)) for kind, url in super().entry_points()]
