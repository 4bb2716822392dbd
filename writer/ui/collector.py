"""Python's cyclic garbage collector, run on the window's thread only.

CPython collects cycles on whichever thread happens to allocate past a threshold: the engine's,
the journal's, a task's. A cycle that holds Qt objects of the window's thread (a closed
window's controllers and their timers, a request's handle) was then freed on that other thread,
where Qt cannot stop their timers: a timer left registered fired on the freed object later (a
crash in `QTimerInfoList::activateTimers`). So the automatic collection is off, and a timer on
the window's thread collects each generation when CPython would have (its thresholds), a few
times a second. Reference counting still frees everything outside cycles at once, on any
thread, as before.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

CHECK_MS = 250


def while_alive(event_filter: Callable[..., bool]) -> Callable[..., bool]:
    """For an `eventFilter` override: every event passes once the collector has cleared the
    object's attributes. A widget let go in a cycle with the objects that watch it (an editor
    and its rewrite view, say) is cleared one object at a time; the widget's C++ half is deleted
    as its Python half goes, and Qt still asks the watchers, already emptied, about its last
    events (an AttributeError printed for each)."""

    @functools.wraps(event_filter)
    def guarded(self: QObject, watched: QObject, event: QEvent) -> bool:
        try:
            return event_filter(self, watched, event)
        except AttributeError:
            if self.__dict__:
                raise  # a mistake of the filter's own
            return False

    return guarded


class MainThreadCollector(QObject):
    """Collects on the thread it lives on, as CPython's thresholds ask; one per application."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        gc.disable()
        self._timer.start()

    def check(self) -> None:
        """Collect the oldest generation whose count has passed its threshold (with the younger
        ones), as `gc` would at an allocation."""
        counts, limits = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > limits[generation]:
                gc.collect(generation)
                return


def collect_on_main_thread(app: QCoreApplication) -> MainThreadCollector:
    """Turn the automatic collection off and collect on `app`'s thread from now on (once)."""
    found = app.findChild(MainThreadCollector)
    return found if found is not None else MainThreadCollector(app)
