"""Running a piece of a test as an ordinary user, for permission checks that root would pass."""

from __future__ import annotations

import os
from collections.abc import Callable

NOBODY = 65534


def as_ordinary_user(action: Callable[[], str]) -> str:
    """Run action() in a forked child that dropped root to nobody; return what it returned
    (or the exception's message). Without root, it runs in this process."""
    if os.geteuid() != 0:
        return _answer(action)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            os.write(write_end, _answer(action).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as f:
        answer = f.read().decode()
    os.waitpid(pid, 0)
    return answer


def _answer(action: Callable[[], str]) -> str:
    try:
        return action()
    except Exception as exc:  # the message is what the test checks
        return str(exc)
