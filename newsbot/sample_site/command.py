"""`scrapy serve-sample [--port N]`: the sample site on 127.0.0.1 until Ctrl-C, for trying the generic spider."""

from __future__ import annotations

import argparse
import sys
import threading

from scrapy.commands import ScrapyCommand

from newsbot.commands.preflight import InputProblem, one_line_errors


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--port N] [--root DIR]"

    def short_desc(self) -> str:
        return "Serve the bundled sample site on 127.0.0.1 (for trying the generic spider offline)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--port", default=None, help="port (default NEWSBOT_SAMPLE_PORT, 8765; 0 = any free one)")
        parser.add_argument("--root", default=None, help="serve this folder instead (laid out like the sample site)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from newsbot.sample_site.server import ROOT, SampleServer

        with one_line_errors("serve-sample"):
            port = self._port(opts.port)
            try:
                server = SampleServer(opts.root or ROOT, port=port)
            except OSError as exc:
                problem = f"--port {port}: cannot listen there ({exc.strerror}); expected a free port"
                raise InputProblem(problem) from None
        base = server.start()
        print(f"sample site at {base}/  (Ctrl-C stops it)", flush=True)
        print(f"try: scrapy crawl generic -a start={base}/rss.xml -O generic.jsonl", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
        sys.stdout.write("stopped\n")

    def _port(self, value: str | None) -> int:
        if value is None:
            return self.settings.getint("NEWSBOT_SAMPLE_PORT")
        if not value.isdigit() or int(value) > 65535:
            raise InputProblem(f"--port {value}: expected a number from 0 to 65535")
        return int(value)
