"""Serve the sample site (or any folder laid out like it) from 127.0.0.1 in a background thread."""

from __future__ import annotations

import logging
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

logger = logging.getLogger(__name__)
ROOT = Path(__file__).parent / "www"
HOST_PLACEHOLDER = b"SAMPLE_HOST"


class SampleHandler(SimpleHTTPRequestHandler):
    """Static files with the host placeholder filled in; pages listed in _charset.txt go out with no charset."""

    def __init__(self, *args, directory: str, **kwargs) -> None:
        self.root = Path(directory)
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        logger.debug("sample site: " + format, *args)

    def _no_charset_paths(self) -> set[str]:
        listing = self.root / "_charset.txt"
        if not listing.exists():
            return set()
        return {line.strip() for line in listing.read_text().splitlines() if line.strip() and not line.startswith("#")}

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if self.root.resolve() not in target.parents or not target.is_file():
            self.send_error(404, "Not Found")
            return
        body = target.read_bytes()
        host = f"{self.server.server_address[0]}:{self.server.server_address[1]}".encode()
        if target.suffix in {".xml", ".txt", ".html"}:
            body = body.replace(HOST_PLACEHOLDER, host)
        if target.suffix == ".xml":
            ctype = "application/xml"
        elif target.suffix == ".txt":
            ctype = "text/plain; charset=utf-8"
        elif (
            path in self._no_charset_paths()
            or "/" + target.relative_to(self.root).as_posix() in self._no_charset_paths()
        ):
            ctype = "text/html"
        else:
            ctype = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SampleServer:
    """`with SampleServer() as base_url:` serves the folder until the block ends."""

    def __init__(self, root: Path | str = ROOT, port: int = 0) -> None:
        self.root = Path(root)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), partial(SampleHandler, directory=str(self.root)))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="sample-site", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        self.thread.start()
        logger.info("sample site %s served at %s", self.root, self.base_url)
        return self.base_url

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
