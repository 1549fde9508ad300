"""The run state's one interface: a store per target (SQLite file or Redis server), a run per site and crawl.

An article counts as emitted only when its run's output file was renamed to its final name: what a run
records is pending until then. A run that dies before the rename leaves a `.part` file and pending rows
that are discarded; its claims go back, so the next run (or another worker) emits those articles.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import Any

from newsbot.extract.canonical import url_key

CLAIMED = "ok"  # the article is this run's to emit
EMITTED = "emitted"  # a completed run emitted it already
TAKEN = "taken"  # another live run holds it
MINE = "mine"  # this run claimed it already (same id reached twice)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Run(ABC):
    """The state as one run of one site sees it; every lookup goes through an index of the store."""

    run_id: str
    site: str

    def __init__(self, store: object, site: str, run_id: str, refetch: list[str], retry_limit: int) -> None:
        self.store = store
        self.site = site
        self.run_id = run_id
        self.refetch = {url_key(u) for u in refetch}  # canonical keys of the pages to fetch and emit again
        self.retry_limit = retry_limit

    @abstractmethod
    def already_done(self, url: str) -> bool:
        """True when a completed run emitted or rejected this page for good: no need to fetch it again."""

    @abstractmethod
    def is_refetch(self, url: str | None) -> bool:
        """The user asked to fetch and emit this page again (NEWSBOT_REFETCH)."""

    @abstractmethod
    def see(self, key: str) -> bool:
        """Mark a request key seen in this run; False when it was seen already (the dupefilter's question)."""

    @abstractmethod
    def record_decision(self, url: str | None, decision: str, article_id: str | None = None, retry: bool = False):
        """This run's decision on a page; `retry` marks a relevant-looking drop that later runs try again."""

    @abstractmethod
    def claim(self, article_id: str, refetch: bool = False) -> str:
        """Atomically claim an article for this run's output: CLAIMED, EMITTED, TAKEN or MINE."""

    @abstractmethod
    def near_duplicate(self, fingerprint: int, article_id: str) -> str | None:
        """The id of a stored article whose body is within the distance, if any (sub-linear lookup)."""

    @abstractmethod
    def record_emitted(self, item: Any, fingerprint: int) -> None:
        """The claimed article went to the output: pending until the run completes."""

    @abstractmethod
    def set_output(self, final_path: str, part_path: str) -> None: ...

    @abstractmethod
    def output_paths(self) -> tuple[str | None, str | None]: ...

    @abstractmethod
    def may_finalize(self) -> bool:
        """Just before the output is renamed: True while this run still owns its claims (not reaped)."""

    @abstractmethod
    def finish(self, status: str, report: dict | None = None) -> None:
        """Mark the run; 'completed' turns its pending records into emitted articles and final decisions."""

    def heartbeat(self) -> None:  # noqa: B027 - an embedded store has no lease to keep
        """Keep the run's lease (server backend)."""

    def flush(self) -> None:  # noqa: B027 - a store that writes at once has nothing buffered
        """Write what is buffered."""


class Store(ABC):
    """One per target and process, shared by every crawler of a `crawlall` process."""

    target: str

    @abstractmethod
    def recover(self, site: str) -> list[str]:
        """Settle this site's runs left by a process that died; one line per run settled."""

    @abstractmethod
    def reset(self, site: str | None = None) -> None: ...

    @abstractmethod
    def begin(self, site: str, refetch: list[str], retry_limit: int) -> Run: ...

    @abstractmethod
    def last_reports(self, site: str, limit: int = 5) -> list[dict[str, Any]]: ...

    @abstractmethod
    def prune(self, window_days: int) -> int:
        """Forget near-duplicate fingerprints older than the window; how many went."""

    @abstractmethod
    def close(self) -> None: ...
