"""What a failed request is called in the log and the run report: one kind per failure, network ones by name."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet import error as net

from newsbot.report import NETWORK_KINDS

# each kind in NETWORK_KINDS, with the exceptions Scrapy (wrapped) or Twisted (unwrapped) raise for it
_NETWORK: tuple[tuple[str, tuple[type[BaseException], ...]], ...] = (
    ("dns_failed", (CannotResolveHostError, net.DNSLookupError)),
    ("connection_refused", (DownloadConnectionRefusedError, net.ConnectionRefusedError)),
    ("timeout", (DownloadTimeoutError, net.TimeoutError, net.TCPTimedOutError)),
    ("connection_lost", (DownloadFailedError, ResponseDataLossError, net.ConnectionLost, net.ConnectionDone)),
)
# Scrapy says why it ignored a request only in the message: robots.txt, the redirect limit, a gzip bomb
IGNORE_REASONS = (
    ("robots.txt", "robots_disallowed"),
    ("max redirections", "redirect_loop"),
    ("during decompression", "decompressed_too_large"),
    ("Filtered offsite request", "offsite_redirect"),  # Scrapy's offsite check (only redirects reach it)
)
# kinds that are decisions, not failures: counted as skips, never as errors
SKIP_KINDS = ("robots_disallowed", "offsite_redirect")


def failure_kind(exc: BaseException) -> str:
    """`http_404`, `dns_failed`, `robots_disallowed`…, else the exception's class name."""
    response = getattr(exc, "response", None)
    if response is not None and hasattr(response, "status"):
        return f"http_{response.status}"
    for kind, types in _NETWORK:
        if isinstance(exc, types):
            return kind
    if isinstance(exc, IgnoreRequest):
        return next((reason for text, reason in IGNORE_REASONS if text in str(exc)), "ignored")
    return type(exc).__name__


def is_network(kind: str) -> bool:
    return kind in NETWORK_KINDS


def kind_of(failure: Any) -> str:
    """The kind of a Twisted Failure (an errback's argument)."""
    return failure_kind(failure.value)
