"""A file feed storage that writes under a temporary name and renames when the run completes.

A run killed at any moment therefore never leaves a file under a final output name.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)
PART_SUFFIX = ".part"


class AtomicFileFeedStorage(FileFeedStorage):
    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Any = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler
        self.final_path = Path(self.path)
        self.part_path = self.final_path.with_name(self.final_path.name + PART_SUFFIX)
        from newsbot.extensions import RunStateKeeper

        keeper = None
        if crawler is not None:
            try:
                keeper = crawler.get_extension(RunStateKeeper)
            except RuntimeError:  # the feed exporter builds one storage while being built, only to check the scheme
                keeper = None
        self.run = keeper.run if keeper is not None else None
        # registered now, not at open(): Scrapy opens the file lazily, after the run report wants the path
        if crawler is not None:  # the run report's `output`, also when the state is off
            crawler.stats.set_value("newsbot/output", str(self.final_path))
        if self.run is not None:
            self.run.set_output(str(self.final_path.resolve()), str(self.part_path.resolve()))

    @classmethod
    def from_crawler(cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None):
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Any) -> IO[bytes]:
        self.part_path.parent.mkdir(parents=True, exist_ok=True)
        return self.part_path.open("wb")

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        os.fsync(file.fileno())
        file.close()
        if self.run is not None and not self.run.may_finalize():
            # the lease ran out (a stalled worker): others took this run's articles back, so this output must go
            logger.error("run %s lost its claims while stalled: %s discarded", self.run.run_id, self.part_path)
            self.part_path.unlink(missing_ok=True)
            return None
        if self.write_mode == "ab" and self.final_path.exists():  # -o appends to what is there
            with self.final_path.open("ab") as out, self.part_path.open("rb") as part:
                shutil.copyfileobj(part, out)
                out.flush()
                os.fsync(out.fileno())
            self.part_path.unlink()
        else:
            os.replace(self.part_path, self.final_path)
        return None
