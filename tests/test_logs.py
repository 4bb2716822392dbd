"""The log file: a native crash leaves its stacks there (faulthandler)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CRASH = """
import ctypes, threading
from writer.logs import setup_logging
path = setup_logging()
print(path, flush=True)
def deep_in_a_thread():
    ctypes.string_at(0)  # a segmentation fault, as a bug in native code would make
t = threading.Thread(target=deep_in_a_thread, name="engine")
t.start()
t.join()
"""


def test_a_native_crash_leaves_its_stack_in_the_log(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]))
    for var in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[var] = str(tmp_path / var)
    done = subprocess.run(
        [sys.executable, "-c", CRASH], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    log = Path(done.stdout.strip()).read_text(encoding="utf-8", errors="replace")
    assert "Segmentation fault" in log
    assert "deep_in_a_thread" in log
    assert "Current thread" in log or "Thread 0x" in log
