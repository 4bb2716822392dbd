"""Logging to a file in the platformdirs log folder; llama.cpp's own log is routed here too.

`faulthandler` writes into the same file: a native crash (a segmentation fault in Qt or
llama.cpp) leaves the Python stack of every thread in writer.log. The handler's open file is
the one faulthandler writes to, so it is enabled again each time the log rotates.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
from pathlib import Path

from writer import paths

_configured = False


def log_file() -> Path:
    return paths.log_dir() / "writer.log"


class _CrashLoggingHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that faulthandler also writes to (its file kept open by the
    handler; on rotation faulthandler moves to the new file)."""

    def _open(self):
        stream = super()._open()
        faulthandler.enable(file=stream, all_threads=True)
        return stream


def setup_logging(level: int = logging.INFO) -> Path:
    """Send Writer's log (and llama.cpp's, once routed, and a native crash's stacks) to
    writer.log; idempotent."""
    global _configured
    path = log_file()
    if _configured:
        return path
    handler = _CrashLoggingHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = True
    return path
