"""newsbot/scheduler.py: pending requests wait on disk in a temporary folder, removed at close; a JOBDIR is
used as given; with NEWSBOT_QUEUE_ON_DISK off they stay in memory."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def test_the_named_queue_writes_what_scrapys_writes(tmp_path: Path, monkeypatch) -> None:
    import inspect

    from scrapy.squeues import PickleLifoDiskQueue

    from newsbot.scheduler import NamedPickleLifoDiskQueue

    crawler = get_crawler(Site, {})
    crawler.spider = spider = Site.from_crawler(crawler)
    spider.on_error = spider.parse_article  # a second method name for the errback
    searches = []
    real = inspect.getmembers
    monkeypatch.setattr(inspect, "getmembers", lambda *a, **k: searches.append(1) or real(*a, **k))
    ours = NamedPickleLifoDiskQueue.from_crawler(crawler, str(tmp_path / "ours"))
    requests = [
        Request(
            f"http://127.0.0.1/news/{n}",
            callback=spider.parse_article,
            errback=spider.parse_article,
            meta={"n": n},
            priority=n,
        )
        for n in range(5)
    ] + [Request("http://127.0.0.1/", callback=None), Request("http://127.0.0.1/a", callback=spider.parse)]
    for request in requests:
        ours.push(request)
        assert request.callback is not None or request.url == "http://127.0.0.1/"  # given back as it was
    assert requests[0].callback == spider.parse_article and requests[0].errback == spider.parse_article
    assert len(searches) == 3  # each pair of methods named once (Scrapy: each method of every request)
    theirs = PickleLifoDiskQueue.from_crawler(crawler, str(tmp_path / "theirs"))
    for request in requests:
        theirs.push(request)
    while (got := ours.pop()) is not None:
        want = theirs.pop()
        assert got.to_dict(spider=spider) == want.to_dict(spider=spider)
    assert theirs.pop() is None
    ours.close()
    theirs.close()


def test_a_callback_that_is_no_method_of_the_spider_is_refused_as_scrapy_refuses_it(tmp_path: Path) -> None:
    from newsbot.scheduler import NamedPickleLifoDiskQueue

    crawler = get_crawler(Site, {})
    crawler.spider = Site.from_crawler(crawler)
    queue = NamedPickleLifoDiskQueue.from_crawler(crawler, str(tmp_path / "q"))
    for callback in (lambda response: None, Site(name="other").parse_article.__func__):
        with pytest.raises(ValueError):
            queue.push(Request("http://127.0.0.1/x", callback=callback))
    assert len(queue) == 0
    queue.close()
