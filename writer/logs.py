"""Logging to a file in the platformdirs log folder; llama.cpp's own log is routed here too."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from writer import paths

_configured = False


def log_file() -> Path:
    return paths.log_dir() / "writer.log"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send Writer's log (and llama.cpp's, once routed) to writer.log; idempotent."""
    global _configured
    path = log_file()
    if _configured:
        return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = True
    return path
