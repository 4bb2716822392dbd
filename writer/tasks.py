"""Work off the UI thread: one task, one handle (Hub searches, listings, downloads).

`TaskHandle(work)` is one task: its caller connects to the handle's signals (nobody else
does, as with the engine worker's `RequestHandle`), then calls `start()`, which runs
`work(handle)` in a daemon thread of its own. The work reports with `handle.progress(value)`
and looks at `handle.cancel_event` between steps. When it ends, the handle emits exactly one
of `finished` (the return value), `failed` (a sentence) or `cancelled` (a sentence, possibly
empty): a task asked to cancel reports `cancelled` however its work ended.

The signals cross to the UI thread as queued signals, since the handle lives there. Threads are
daemons, so a call stuck in a name lookup never holds up quitting; whoever must finish cleanly
(a download flushing its partial file) cancels and calls `wait()` at quit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class TaskHandle(QObject):
    """One background task: its progress, its end, and a way to cancel it."""

    progressed = Signal(object)
    finished = Signal(object)  # what the work returned
    failed = Signal(str)  # the sentence to show
    cancelled = Signal(str)  # the sentence, '' when the work said nothing

    def __init__(
        self,
        work: Callable[[TaskHandle], Any],
        name: str = "task",
        expected: tuple[type[BaseException], ...] = (),
    ) -> None:
        """`expected`: the exceptions whose str() is a sentence for the writer."""
        super().__init__()
        self.work = work
        self.name = name
        self.expected = expected
        self.cancel_event = threading.Event()
        self.running = False
        self.abandoned = False
        self._thread: threading.Thread | None = None

    def start(self) -> TaskHandle:
        """Run the work in its own daemon thread (connect the signals first)."""
        self.running = True
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"writer-{self.name}")
        self._thread.start()
        return self

    @property
    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        """Ask the work to stop; the handle then reports `cancelled` when it ends."""
        self.cancel_event.set()

    def abandon(self) -> None:
        """Cancel, and emit nothing more: for a caller that goes away (a dialog closing)."""
        self.abandoned = True
        self.cancel_event.set()

    def progress(self, value: Any) -> None:
        """Called by the work, on its thread: passes `value` to `progressed`."""
        if not self.cancel_event.is_set():
            self.progressed.emit(value)

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the work has ended (or `seconds` passed); True when it has."""
        if self._thread is not None:
            self._thread.join(seconds)
        return not self.running

    def _run(self) -> None:
        try:
            result = self.work(self)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
            self.running = False
            if self.abandoned:
                return
            if self.cancel_event.is_set():
                self.cancelled.emit(str(exc) if isinstance(exc, self.expected) else "")
            elif isinstance(exc, self.expected):
                self.failed.emit(str(exc))
            else:
                log.exception("task %s failed", self.name)
                self.failed.emit(f"Something unexpected went wrong: {exc}")
            return
        self.running = False
        if self.abandoned:
            return
        if self.cancel_event.is_set():
            self.cancelled.emit("")
        else:
            self.finished.emit(result)

