"""newsbot/scheduler.py: pending requests wait on disk in a temporary folder, removed at close; a JOBDIR is
used as given; with NEWSBOT_QUEUE_ON_DISK off they stay in memory."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from newsbot.scheduler import DiskQueueScheduler


class Site(Spider):
    name = "site"

    def parse_article(self, response):  # noqa: ANN001, ANN201 (a callback the disk queue names)
        return None


def scheduler(**settings: object) -> tuple[DiskQueueScheduler, Spider]:
    # the plain priority queue: the downloader-aware one needs a running engine
    base = {"NEWSBOT_QUEUE_ON_DISK": True, "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue"}
    crawler = get_crawler(Site, {**base, **settings})
    crawler.spider = spider = Site.from_crawler(crawler)
    sched = DiskQueueScheduler.from_crawler(crawler)
    sched.open(spider)
    return sched, spider


def urls(sched: DiskQueueScheduler) -> list[str]:
    out = []
    while (request := sched.next_request()) is not None:
        out.append(request.url)
    return out


def test_requests_wait_on_disk_and_the_folder_goes_at_close() -> None:
    sched, spider = scheduler()
    folder = Path(sched.spill)
    assert folder.is_dir()
    for n in range(50):
        assert sched.enqueue_request(Request(f"http://127.0.0.1/news/{n}", callback=spider.parse_article))
    assert len(sched) == 50 and len(sched.mqs) == 0  # none held in memory
    assert sched.stats.get_value("scheduler/enqueued/disk") == 50
    got = urls(sched)
    assert sorted(got) == sorted(f"http://127.0.0.1/news/{n}" for n in range(50))
    assert got[0] == "http://127.0.0.1/news/49"  # last in, first out: Scrapy's default order
    sched.close("finished")
    assert not folder.exists()


def test_a_jobdir_is_used_as_given(tmp_path: Path) -> None:
    sched, spider = scheduler(JOBDIR=str(tmp_path))
    assert sched.spill is None
    assert Path(sched.dqdir).parent == tmp_path
    sched.enqueue_request(Request("http://127.0.0.1/news/1", callback=spider.parse_article))
    sched.close("shutdown")
    assert (tmp_path / "requests.queue" / "active.json").exists()  # kept: the next run resumes from it


def test_off_keeps_them_in_memory() -> None:
    sched, spider = scheduler(NEWSBOT_QUEUE_ON_DISK=False)
    assert sched.dqs is None and sched.spill is None
    sched.enqueue_request(Request("http://127.0.0.1/news/1", callback=spider.parse_article))
    assert len(sched.mqs) == 1
    sched.close("finished")
