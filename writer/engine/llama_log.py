"""llama.cpp's log, routed into Python logging (and so into Writer's log file).

`verbose=False` in llama-cpp-python silences llama.cpp by redirecting the whole process's stdout
and stderr; a log callback keeps the messages and touches nothing else.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections import deque

_LEVELS = {0: logging.INFO, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}
log = logging.getLogger("llama.cpp")
_lock = threading.Lock()
_callback = None
_pending: list[str] = []
_pending_level = logging.INFO
_recent_errors: deque[str] = deque(maxlen=8)
# What llama.cpp logs as errors when Writer's abort callback stops a decode (a newer keystroke
# cancelled the request): ggml's status 1 is GGML_STATUS_ABORTED, llama_decode's 2 "aborted".
_CANCELLED = (
    "compute_async failed with error 1",
    "compute status: 1",
    "failed to decode, ret = 2",
)

# and what it warns of right after (the aborted batch's cache cells are dropped)
_AFTER_CANCEL = ("decode: removing memory module entries",)


def last_error() -> str:
    """The most recent error llama.cpp logged (its reason for a failed load), or ''."""
    for line in reversed(_recent_errors):
        if "error" in line.lower():
            return line.split("error loading model:", 1)[-1].strip()
    return _recent_errors[-1] if _recent_errors else ""


def route_llama_log() -> None:
    """Install the callback once per process (it must outlive every model)."""
    global _callback
    if _callback is not None:
        return
    with _lock:
        if _callback is not None:
            return
        import llama_cpp

        @llama_cpp.llama_log_callback
        def _on_log(level: int, text: bytes, _user: ctypes.c_void_p) -> None:
            global _pending_level
            message = text.decode("utf-8", errors="replace") if text else ""
            if level != 5:  # 5 continues the previous message
                _pending_level = _LEVELS.get(level, logging.DEBUG)
            _pending.append(message)
            if message.endswith("\n"):
                line = "".join(_pending).rstrip()
                _pending.clear()
                if line:
                    level = _pending_level
                    if level >= logging.ERROR and line.endswith(_CANCELLED):
                        line, level = f"{line} (cancelled)", logging.DEBUG
                    elif level >= logging.WARNING and line.startswith(_AFTER_CANCEL):
                        # llama.cpp's tidying after an aborted decode: dozens a minute of
                        # typing filled the log and hid what mattered
                        line, level = f"{line} (cancelled)", logging.DEBUG
                    log.log(level, "%s", line)
                    if level >= logging.ERROR:
                        _recent_errors.append(line)

        _callback = _on_log
        llama_cpp.llama_log_set(_on_log, ctypes.c_void_p(0))
