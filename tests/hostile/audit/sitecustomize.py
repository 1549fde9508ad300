"""Put on PYTHONPATH of the crawl subprocess by tests/test_hostile.py: logs every file the process writes.

Python's audit hooks see each open() for writing, rename, mkdir, remove and SQLite connect, whatever the
library doing it; the test then asserts every path is inside its temporary folder. Inert unless
NEWSBOT_TEST_WRITE_LOG names the log file.
"""

import json
import os
import sys

_LOG_PATH = os.environ.get("NEWSBOT_TEST_WRITE_LOG")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_PATH_EVENTS = {
    "os.rename": (0, 1),
    "os.remove": (0,),
    "os.mkdir": (0,),
    "os.rmdir": (0,),
    "os.truncate": (0,),
    "os.link": (0, 1),
    "os.symlink": (1,),
    "os.chmod": (0,),
    "sqlite3.connect": (0,),
    "shutil.copyfile": (1,),
    "shutil.move": (1,),
}
# where the event's arguments hold a dir_fd: shutil.rmtree removes by name relative to a folder it holds open
_DIR_FD = {"os.remove": 1, "os.rmdir": 1, "os.mkdir": 2}

if _LOG_PATH:
    _log = open(_LOG_PATH, "a", encoding="utf-8", buffering=1)  # opened before the hook: not logged itself
    _busy = False

    def _folder(fd) -> str | None:
        """The folder a dir_fd stands for (None: the path is relative to the working folder)."""
        if not isinstance(fd, int) or fd < 0:
            return None
        try:
            return os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return None

    def _emit(event: str, path, folder: str | None = None) -> None:
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, (str, os.PathLike)):
            return  # a file descriptor or an in-memory database
        path = os.fspath(path)
        if path in ("", ":memory:") or path.startswith("file::memory:"):
            return
        if folder is not None:
            path = os.path.join(folder, path)
        _log.write(json.dumps({"event": event, "path": os.path.abspath(path)}) + "\n")

    def _hook(event: str, args: tuple) -> None:
        global _busy
        if _busy:
            return
        _busy = True
        try:
            if event == "open":
                path, mode, flags = (tuple(args) + (None, None, None))[:3]
                writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                    isinstance(flags, int) and flags & _WRITE_FLAGS
                )
                if writes:
                    _emit(event, path)
            elif event in _PATH_EVENTS:
                at = _DIR_FD.get(event)
                folder = _folder(args[at]) if at is not None and at < len(args) else None
                for i in _PATH_EVENTS[event]:
                    if i < len(args):
                        _emit(event, args[i], folder)
        except Exception:  # an audit hook must never break the process it watches
            pass
        finally:
            _busy = False

    sys.addaudithook(_hook)
