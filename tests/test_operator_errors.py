"""Every wrong input to a command is one line that names the value and what is expected, a non-zero exit, no traceback.

Each row runs the real command line (Scrapy's `execute`, in this process: every row stops before a crawler starts;
one row also runs as a separate process). The expected line is written out whole, so a changed message is a
decision, not an accident.
"""

from __future__ import annotations

import os
import stat

import pytest
from scrapy.cmdline import execute

from tests.cli import ROOT, scrapy

SITES = (
    "asriran, donya, ecoiran, eghtesadonline, entekhab, fars, generic, hamshahri, ilna, irna, isna, khabaronline, "
    "mehr, mokhatab24, sample, tabnak, tamin, tasnim, tejaratnews, yjc"
)
STATE_HINT = "expected a file in an existing, writable folder (or empty to turn the state off)"
EMPTY = ROOT / "tests" / "data" / "operator" / "empty.html"

CASES = [
    # (arguments, the one line on stderr, exit status)
    (["crawl", "nosuchsite"], f"scrapy crawl: no site 'nosuchsite'; expected one of: {SITES}", 2),
    (["crawl"], f"scrapy crawl: expected one site key (got none); sites: {SITES}", 2),
    (
        ["crawl", "generic"],
        "scrapy crawl: generic: -a start is missing: expected -a start=URL[,URL…] "
        "(feeds, sitemaps or listings; comma or space between)",
        2,
    ),
    (
        ["crawl", "generic", "-a", "start=example.ir/rss"],
        "scrapy crawl: generic: -a start=example.ir/rss: not an http(s) URL; expected e.g. https://example.ir/rss",
        2,
    ),
    (
        ["crawl", "generic", "-a", "start=https://a.ir/rss ftp://b.ir/x"],
        "scrapy crawl: generic: -a start=ftp://b.ir/x: not an http(s) URL; expected e.g. https://example.ir/rss",
        2,
    ),
    (
        ["crawl", "generic", "-a", "start=https://a.ir/rss", "https://b.ir/rss"],
        f"scrapy crawl: expected one site key (got 'generic https://b.ir/rss'); sites: {SITES}",
        2,
    ),
    (  # Scrapy sets each -a as an attribute: this one would replace the site spider's start()
        ["crawl", "irna", "-a", "start=https://www.irna.ir/rss"],
        "scrapy crawl: irna: -a start=…: not an argument of irna (it would replace the spider's own 'start')",
        2,
    ),
    (
        ["crawl", "generic", "-a", "start=https://a.ir/rss", "-a", "parse_article=x"],
        "scrapy crawl: generic: -a parse_article=…: not an argument of generic "
        "(it would replace the spider's own 'parse_article')",
        2,
    ),
    (
        ["crawl", "sample", "-s", "NEWSBOT_STATE=/proc/x/state.sqlite"],
        f"scrapy crawl: NEWSBOT_STATE=/proc/x/state.sqlite: folder /proc/x does not exist; {STATE_HINT}",
        2,
    ),
    (
        ["crawl", "sample", "-s", "NEWSBOT_STATE=/nonexistent/dir/x"],
        f"scrapy crawl: NEWSBOT_STATE=/nonexistent/dir/x: folder /nonexistent/dir does not exist; {STATE_HINT}",
        2,
    ),
    (
        ["crawl", "sample", "-s", "NEWSBOT_STATE=/etc/hostname"],
        f"scrapy crawl: NEWSBOT_STATE=/etc/hostname: not an SQLite database (file is not a database); {STATE_HINT}",
        2,
    ),
    (
        ["crawl", "sample", "-s", "NEWSBOT_EMIT_TIERS=all"],
        "scrapy crawl: NEWSBOT_EMIT_TIERS=all: expected some of about, subsidiary, mention, none",
        2,
    ),
    (
        ["crawl", "sample", "-a", "root=/proc"],
        "scrapy crawl: sample: -a root=/proc: no index.html there; expected a folder laid out like www/",
        2,
    ),
    (["crawl", "sample", "-a", "root"], "scrapy crawl: Invalid -a value, use -a NAME=VALUE", 2),
    (["crawlall", "--sites", "irna,nosuchsite"], f"scrapy crawlall: no site 'nosuchsite'; expected one of: {SITES}", 2),
    (["crawlall", "-a", "start"], "scrapy crawlall: -a start: expected NAME=VALUE", 2),
    (["canary", "nosuchsite"], f"scrapy canary: no site 'nosuchsite'; expected one of: {SITES}", 2),
    (
        ["extract", "/bin/ls"],
        "scrapy extract: /bin/ls: not_html (binary content, not a web page); expected a saved HTML page",
        2,
    ),
    (["extract", str(EMPTY)], f"scrapy extract: {EMPTY}: empty_page (nothing to extract)", 2),
    (
        ["facts", "/no/such.txt"],
        "scrapy facts: /no/such.txt: no such file; expected a UTF-8 text file, or - for standard input",
        2,
    ),
    (["facts", "/bin/ls"], "scrapy facts: /bin/ls: binary content; expected a UTF-8 text file", 2),
    (
        ["evaluate", "/no/such/dir"],
        "scrapy evaluate: /no/such/dir: expected one folder holding NAME.txt and NAME.gold.json files",
        2,
    ),
    (
        ["extract", "/no/such/page.html"],
        "scrapy extract: /no/such/page.html: no such file; expected a saved HTML page or an http(s) URL",
        2,
    ),
]


@pytest.mark.parametrize(("args", "line", "status"), CASES, ids=[" ".join(c[0])[:60] for c in CASES])
def test_wrong_input_is_one_line(args: list[str], line: str, status: int, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as exit_:
        execute(["scrapy", *args])
    out, err = capsys.readouterr()
    assert err.splitlines() == [line]
    assert out == ""
    assert exit_.value.code == status


def test_one_line_from_a_separate_process() -> None:
    proc = scrapy("crawl", "generic", timeout=120)
    assert proc.stderr.splitlines() == [CASES[2][1]]
    assert proc.returncode == 2


def test_a_missing_state_folder_is_not_created(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "not" / "there" / "state.sqlite"
    with pytest.raises(SystemExit):
        execute(["scrapy", "crawl", "sample", "-s", f"NEWSBOT_STATE={target}"])
    assert not (tmp_path / "not").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_state_folder_is_one_line(tmp_path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    state = folder / "s.sqlite"
    proc = scrapy("crawl", "sample", "-s", f"NEWSBOT_STATE={state}", timeout=120)
    assert proc.stderr.splitlines() == [f"scrapy crawl: NEWSBOT_STATE={state}: not writable; {STATE_HINT}"]
