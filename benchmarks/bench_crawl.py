"""Whole-crawl throughput: newsbot (generic spider, and a site definition) against bare Scrapy, on a replica
site of real Persian news served on 127.0.0.1 (benchmarks/replica/site.py: the Fars corpus in the markup of
the real Khabaronline page and of the sample site's three layouts; about 1 % of it concerns the organization).

    .venv/bin/python benchmarks/bench_crawl.py [--pages 4000] [--rounds 3] [--kinds generic,sitedef,bare]
    .venv/bin/python benchmarks/bench_crawl.py --save-reference     # newsbot's records become the reference
    .venv/bin/python benchmarks/bench_crawl.py --memory             # peak memory at 1,000 and 20,000 pages, state on

The server runs in this process (a thread); each crawl is a child process (benchmarks/replica/crawl.py), so
its CPU time (os.wait4) and peak RSS (/proc VmHWM) are its own. The kinds alternate within each round. Prints pages per
second (pages / Scrapy's elapsed_time_seconds), ratios to bare Scrapy, CPU per page and peak memory, then
compares newsbot's records (ids, relevance tiers, facts) with benchmarks/replica/reference.json.
Prints figures; asserts nothing (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.replica import site as replica  # noqa: E402

REFERENCE = ROOT / "benchmarks" / "replica" / "reference.json"
CRAWL = ROOT / "benchmarks" / "replica" / "crawl.py"
NEWSBOT_KINDS = ("generic", "sitedef")
SETTINGS: list[str] = []  # --set NAME=JSON, passed to newsbot's crawls


def serve(port: int, pages: int) -> tuple[ThreadingHTTPServer, str]:
    """The replica on 127.0.0.1:port, rendered on request; HTTP/1.1 keep-alive like a real server."""
    base = f"http://127.0.0.1:{port}"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms delayed-ACK stalls

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            found = replica.render(base, pages, self.path.split("?", 1)[0])
            body, ctype = found if found else (b"not found", "text/plain")
            status = "200 OK" if found else "404 Not Found"
            head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
            self.wfile.write(head.encode("ascii") + body)  # one write: headers and body in the same segments

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base


class PeakWatch:
    """Peak RSS of a child and of its descendants apart: their VmHWM (peak since exec), read every 50 ms.
    A descendant forked and not yet exec'd counts the parent's shared pages as its own: added to the
    crawl's peak, it would count them twice.

    wait4's ru_maxrss is not used: on Linux it keeps the parent's size at fork when that was larger.
    """

    def __init__(self, pid: int) -> None:
        self.pid, self.peaks, self.done = pid, {}, threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _tree(self) -> list[int]:
        pids, i = [self.pid], 0
        while i < len(pids):
            try:
                kids = Path(f"/proc/{pids[i]}/task/{pids[i]}/children").read_text().split()
            except OSError:
                kids = []
            pids += [int(k) for k in kids]
            i += 1
        return pids

    def _watch(self) -> None:
        while not self.done.is_set():
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peaks[pid] = max(self.peaks.get(pid, 0), int(line.split()[1]))
            self.done.wait(0.05)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    @property
    def mib(self) -> float:
        """The crawl process's own peak."""
        return self.peaks.get(self.pid, 0) / 1024

    @property
    def others_mib(self) -> float:
        """Its descendants' peaks, added (none is expected: printed apart when there are)."""
        return sum(v for pid, v in self.peaks.items() if pid != self.pid) / 1024


@dataclass
class Run:
    kind: str
    pages: int
    seconds: float  # Scrapy's elapsed_time_seconds: the crawl, without the process's start-up
    wall: float  # the whole child process
    cpu: float  # user + system seconds of the child's crawl (start-up excluded)
    cpu_all: float  # the whole child process
    peak_mib: float  # its peak RSS
    stats: dict
    out: Path
    round: int = 0  # which round of the benchmark ran it

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def crawl(kind: str, base: str, pages: int, out: Path, state: str = "", pythonpath: str = "") -> Run:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if pythonpath:  # another checkout's newsbot (a "before" measurement)
        env["PYTHONPATH"] = pythonpath
    cmd = [sys.executable, str(CRAWL), kind, base, str(out), "--state", state]
    cmd += [f"--set={pair}" for pair in SETTINGS]
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, cwd=pythonpath or ROOT)
    peak = PeakWatch(child.pid)
    _, status, usage = os.wait4(child.pid, 0)
    peak.stop()
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if child.returncode:
        sys.exit(f"bench_crawl: the {kind} crawl exited {child.returncode}; see {out / (kind + '.log')}")
    stats = json.loads((out / f"{kind}.stats.json").read_text(encoding="utf-8"))
    seconds = float(stats.get("elapsed_time_seconds") or wall)
    cpu_all = usage.ru_utime + usage.ru_stime
    cpu = float(stats.get("bench/crawl_cpu_seconds") or cpu_all)
    if peak.others_mib:
        print(f"  ({kind}: descendant processes peaked at {peak.others_mib:.1f} MiB in all: {sorted(peak.peaks)})")
    return Run(kind, pages, seconds, wall, cpu, cpu_all, peak.mib, stats, out)


def records(run: Run) -> dict:
    """What must not change: each emitted record's relevance tier and facts, by id; and the drop counts."""
    path = run.out / f"{run.kind}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {
        "records": {r["id"]: {"tier": r["relevance"]["tier"], "facts": r["facts"]} for r in rows},
        "dropped": {
            k.split("/", 1)[1]: v
            for k, v in sorted(run.stats.items())
            if k.startswith(("newsbot/dropped/", "newsbot/skipped/"))
        },
    }


def compare(kind: str, got: dict, want: dict) -> list[str]:
    problems = []
    gone = sorted(set(want["records"]) - set(got["records"]))
    new = sorted(set(got["records"]) - set(want["records"]))
    if gone:
        problems.append(f"{kind}: {len(gone)} reference records missing, e.g. {gone[:3]}")
    if new:
        problems.append(f"{kind}: {len(new)} records not in the reference, e.g. {new[:3]}")
    for rid in sorted(set(got["records"]) & set(want["records"])):
        for field in ("tier", "facts"):
            if got["records"][rid][field] != want["records"][rid][field]:
                problems.append(f"{kind}: record {rid}: {field} differs")
    return problems


def drop_notes(kind: str, got: dict, want: dict) -> list[str]:
    """Drop and skip counts that moved (information: a page with no name of the topic is now counted
    irrelevant before extraction, where it may have been no_body or bad_date before)."""
    g, w = got.get("dropped", {}), want.get("dropped", {})
    return [f"{kind}: {k} {w.get(k, 0)} → {g.get(k, 0)}" for k in sorted(set(g) | set(w)) if g.get(k, 0) != w.get(k, 0)]


def report(runs: list[Run], kinds: list[str], rounds: int) -> None:
    print(
        f"{'kind':<9}{'pages/s':>9}{'crawl s':>9}{'wall s':>8}{'CPU ms/page':>13}{'start-up CPU s':>16}{'peak MiB':>10}"
    )
    med: dict[str, dict[str, float]] = {}
    for kind in kinds:
        mine = [r for r in runs if r.kind == kind]
        med[kind] = {
            "rate": statistics.median(r.rate for r in mine),
            "seconds": statistics.median(r.seconds for r in mine),
            "wall": statistics.median(r.wall for r in mine),
            "cpu": statistics.median(r.cpu / r.pages * 1000 for r in mine),
            "start": statistics.median(r.cpu_all - r.cpu for r in mine),
            "peak": max(r.peak_mib for r in mine),
        }
        m = med[kind]
        row = f"{kind:<9}{m['rate']:>9.1f}{m['seconds']:>9.1f}{m['wall']:>8.1f}{m['cpu']:>13.2f}{m['start']:>16.1f}"
        print(f"{row}{m['peak']:>10.1f}")
    print("(medians of the rounds; peak: the largest; CPU per page: the crawl's, start-up excluded)")
    if "bare" in med:
        for kind in NEWSBOT_KINDS:
            if kind in med:
                print(
                    f"{kind} / bare: pages/s ×{med[kind]['rate'] / med['bare']['rate']:.2f}, "
                    f"CPU per page ×{med[kind]['cpu'] / med['bare']['cpu']:.2f}, "
                    f"peak memory ×{med[kind]['peak'] / med['bare']['peak']:.2f}"
                )
        # the machine's speed drifts between rounds: each round's ratio compares crawls run a minute apart
        for kind in NEWSBOT_KINDS:
            paired = [_rate(runs, kind, n) / _rate(runs, "bare", n) for n in range(rounds) if _rate(runs, kind, n)]
            if kind in med and len(paired) > 1:
                low, mid, high = min(paired), statistics.median(paired), max(paired)
                print(f"{kind} / bare, round by round: pages/s ×{mid:.2f} median (×{low:.2f} to ×{high:.2f})")


def _rate(runs: list[Run], kind: str, round_: int) -> float:
    return next((r.rate for r in runs if r.kind == kind and r.round == round_), 0.0)


def memory_mode(args: argparse.Namespace, work: Path) -> None:
    """Peak RSS with the run state on, at 1,000 and at 20,000 pages (corpus articles repeat under other URLs).
    Bare Scrapy, when asked for (--kinds generic,bare), is the control: what Scrapy's own queue grows by."""
    for kind in args.kinds:
        peaks = {}
        for pages in (1000, 20000):
            (work / f"state-{kind}-{pages}").mkdir(parents=True, exist_ok=True)
            server, base = serve(args.port, pages)
            try:
                run = crawl(
                    kind,
                    base,
                    pages,
                    work / f"mem-{kind}-{pages}",
                    str(work / f"state-{kind}-{pages}" / "state.sqlite"),  # its own folder: archive.sqlite beside it
                    args.pythonpath,
                )
            finally:
                server.shutdown()
                server.server_close()
            peaks[pages] = run.peak_mib
            print(f"{kind:<8} {pages:>6} pages, state on: {run.rate:6.1f} pages/s, peak {run.peak_mib:6.1f} MiB")
        print(f"{kind:<8} peak memory 20,000 / 1,000 pages: ×{peaks[20000] / peaks[1000]:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kinds", default="generic,sitedef,bare")
    parser.add_argument("--port", type=int, default=8791, help="fixed: record ids hash the URL, port included")
    parser.add_argument("--save-reference", action="store_true")
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--memory", action="store_true", help="peak memory at 1,000 and 20,000 pages, state on")
    parser.add_argument("--pythonpath", default="", help="crawl with the newsbot of another checkout")
    parser.add_argument("--keep", type=Path, help="keep the crawls' output here (default: a temporary folder)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=JSON", help="a setting for newsbot")
    args = parser.parse_args()
    SETTINGS.extend(args.set)
    args.kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if unknown := set(args.kinds) - {"generic", "sitedef", "bare"}:
        sys.exit(f"bench_crawl: unknown kind(s) {sorted(unknown)}; expected generic, sitedef, bare")
    replica.templates()  # built once, before any timing
    # the lexicon's cache filled before the first crawl (a process that fills it peaks higher than one that loads it)
    env = {**os.environ, "PYTHONPATH": args.pythonpath} if args.pythonpath else None
    warm = "from newsbot.text.lexicon import lexicon; lexicon()"
    subprocess.run([sys.executable, "-c", warm], cwd=args.pythonpath or ROOT, env=env, check=True)
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
        work = args.keep or Path(tmp)
        if args.memory:
            memory_mode(args, work)
            return
        try:
            server, base = serve(args.port, args.pages)
        except OSError as exc:
            sys.exit(f"bench_crawl: cannot serve on 127.0.0.1:{args.port} ({exc}); pass --port")
        kinds = ", ".join(args.kinds)
        print(f"replica: {args.pages} pages at {base}; {args.rounds} rounds of {kinds}; {os.cpu_count()} CPUs")
        runs: list[Run] = []
        try:
            for n in range(args.rounds):
                # each round starts with another kind: none always runs first (a cold page cache) or last
                for kind in args.kinds[n % len(args.kinds) :] + args.kinds[: n % len(args.kinds)]:
                    run = crawl(kind, base, args.pages, work / f"round{n}", pythonpath=args.pythonpath)
                    run.round = n
                    cpu = run.cpu / run.pages * 1000
                    print(
                        f"  round {n + 1} {kind:<8} {run.rate:7.1f} pages/s  {cpu:6.2f} ms CPU/page"
                        f"  peak {run.peak_mib:6.1f} MiB  (emitted {run.stats.get('newsbot/emitted', 0)})",
                        flush=True,
                    )
                    runs.append(run)
        finally:
            server.shutdown()
            server.server_close()
        report(runs, args.kinds, args.rounds)
        last = {r.kind: r for r in runs if r.kind in NEWSBOT_KINDS}
        got = {kind: records(run) for kind, run in last.items()}
        if args.save_reference:
            saved = {"pages": args.pages, "port": args.port, **got}
            args.reference.write_text(
                json.dumps(saved, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
            counts = ", ".join(f"{k} {len(v['records'])} records" for k, v in got.items())
            print(f"reference saved: {args.reference} ({counts})")
            return
        if not args.reference.exists():
            print(f"no reference at {args.reference}: run with --save-reference first")
            return
        want = json.loads(args.reference.read_text(encoding="utf-8"))
        if (want["pages"], want["port"]) != (args.pages, args.port):
            print(f"reference is for {want['pages']} pages on port {want['port']}: records not compared")
            return
        problems = [p for kind in got if kind in want for p in compare(kind, got[kind], want[kind])]
        counts = ", ".join(f"{k} {len(v['records'])} records" for k, v in got.items())
        print(f"records vs reference: {'the same' if not problems else 'DIFFERENT'} ({counts})")
        for line in problems[:20]:
            print("  " + line)
        notes = [n for kind in got if kind in want for n in drop_notes(kind, got[kind], want[kind])]
        if notes:
            print("drop counts vs reference: " + "; ".join(notes))


if __name__ == "__main__":
    main()
