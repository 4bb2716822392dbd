"""Work off the UI thread: one task, one handle (Hub searches, listings, downloads).

`TaskHandle(work)` is one task: its caller connects to the handle's signals (nobody else
does, as with the engine worker's `RequestHandle`), then calls `start()`, which runs
`work(handle)` in a daemon thread of its own. The work reports with `handle.progress(value)`
and looks at `handle.cancel_event` between steps. When it ends, the handle emits exactly one
of `finished` (the return value), `failed` (a sentence) or `cancelled` (a sentence, possibly
empty): a task asked to cancel reports `cancelled` however its work ended (unless made with
`done_outranks_cancel`: then a work that returned reports `finished`).

The work's end crosses to the thread the handle lives in (the UI thread, whose event loop
delivers it, whichever thread made the handle), and the handle decides and emits there: a task
cancelled by then reports `cancelled`, one abandoned by then nothing (nor a progress the work
reported before). A result that is (or holds, in a tuple or list) a QObject handed over to the
UI thread (Local History's Show Changes builds a QTextDocument on a thread) is let go there too,
on its own thread, even when nobody wants it any more (let go on the worker's, Qt deleted it on
the wrong thread: a crash in time). Anything else that a task asked to cancel by its work's end
returns is let go on the worker's thread, never holding the UI thread (a project memory's
index, freed there, held it 30-100 ms). Until its end is delivered the handle keeps itself
(`_unfinished`), so a caller may drop an abandoned one; the worker lets go of the handle before
it says the work ended (through `_relay`, naming the handle by a weak reference), so the last
reference to a handle is never the worker's: a handle is never destroyed on the worker's thread.
A work that raises what is no Exception (KeyboardInterrupt, SystemExit, GeneratorExit) fails
with a sentence as any other. At quit, `let_go_at_quit()` (after the event loop) lets go of the
results of works that ended but were not delivered, on the handle's thread, instead of in
Python's own shutdown.
Threads are daemons, so a call stuck in a name lookup never holds up quitting; whoever must
finish cleanly (a download flushing its partial file) cancels and calls `wait()` at quit.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

log = logging.getLogger(__name__)

# the handles started whose end is not delivered yet (on their own thread, `_deliver`)
_unfinished: set[TaskHandle] = set()


class _Relay(QObject):
    """Carries a work's end to the UI thread, naming its handle by a weak reference (the
    worker holds no handle when it says so: `_unfinished` keeps it until it is delivered)."""

    ended = Signal(object)  # weakref.ref to the TaskHandle

    @Slot(object)
    def _deliver(self, ref: weakref.ref) -> None:
        handle = ref()
        if handle is not None:
            handle._deliver()


_relay: _Relay | None = None
_relay_lock = threading.Lock()


def _the_relay() -> _Relay:
    """The one relay, on the application's thread (made by the first handle)."""
    global _relay
    with _relay_lock:
        if _relay is None:
            relay = _Relay()
            app = QCoreApplication.instance()
            if app is not None and relay.thread() != app.thread():
                relay.moveToThread(app.thread())
            relay.ended.connect(relay._deliver)
            _relay = relay
        return _relay


def let_go_at_quit() -> None:
    """At quit, after the event loop (on the UI thread): the works that ended but whose end
    was never delivered hold their results, which Python's own shutdown freed, on no thread
    of theirs and after Qt had gone. They are let go here, the handles' thread, and emit
    nothing; a handle whose worker is gone goes too. Works still running are left be."""
    for handle in list(_unfinished):
        if handle.running:
            continue
        handle.abandoned = True
        handle._outcome = None
        thread = handle._thread
        if thread is None or not thread.is_alive():
            _unfinished.discard(handle)


class TaskHandle(QObject):
    """One background task: its progress, its end, and a way to cancel it."""

    progressed = Signal(object)
    finished = Signal(object)  # what the work returned
    failed = Signal(str)  # the sentence to show
    cancelled = Signal(str)  # the sentence, '' when the work said nothing
    _reported = Signal(object)  # (from the worker's thread: a value for `progressed`)

    def __init__(
        self,
        work: Callable[[TaskHandle], Any],
        name: str = "task",
        expected: tuple[type[BaseException], ...] = (),
        done_outranks_cancel: bool = False,
    ) -> None:
        """`expected`: the exceptions whose str() is a sentence for the writer.
        `done_outranks_cancel`: a work that returned although asked to cancel reports
        `finished` (its result is whole: a download whose file landed), not `cancelled`."""
        super().__init__()
        # (made on another thread, a worker's with no event loop, its end never came and the
        # handle stayed in `_unfinished`: it lives on the application's, the UI thread)
        app = QCoreApplication.instance()
        if app is not None and self.thread() != app.thread():
            self.moveToThread(app.thread())
        self.work = work
        self.name = name
        self.expected = expected
        self.done_outranks_cancel = done_outranks_cancel
        self.cancel_event = threading.Event()
        self.running = False
        self.abandoned = False
        self._thread: threading.Thread | None = None
        # what the work left, until `_deliver` takes it: the name of the signal it calls for,
        # what that carries, and the sentence a cancel says instead
        self._outcome: tuple[str, Any, str] | None = None
        self._relay = _the_relay()
        self._reported.connect(self._pass_on)

    def start(self) -> TaskHandle:
        """Run the work in its own daemon thread (connect the signals first)."""
        self.running = True
        _unfinished.add(self)
        self._thread = threading.Thread(target=_run, args=(weakref.ref(self),), daemon=True,
                                        name=f"writer-{self.name}")  # fmt: skip
        self._thread.start()
        return self

    @property
    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        """Ask the work to stop; the handle then reports `cancelled` when it ends."""
        self.cancel_event.set()

    def abandon(self) -> None:
        """Cancel, and emit nothing more: for a caller that goes away (a dialog closing). What
        the work still returns is let go on the handle's thread."""
        self.abandoned = True
        self.cancel_event.set()

    def progress(self, value: Any) -> None:
        """Called by the work, on its thread: passes `value` to `progressed`, on the handle's
        thread, unless the task is abandoned by then (`_pass_on`)."""
        if not self.cancel_event.is_set():
            self._reported.emit(value)

    @Slot(object)
    def _pass_on(self, value: Any) -> None:
        """On the handle's thread: a value the work reported, passed to `progressed` unless the
        task was abandoned after the work reported it (a progress on its way then reached a
        caller gone: a closed project's counts)."""
        if not self.abandoned:
            self.progressed.emit(value)

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the work has ended (or `seconds` passed); True when it has."""
        if self._thread is not None:
            self._thread.join(seconds)
        return not self.running

    def _settle(self) -> None:
        """On the worker's thread: run the work and leave its outcome for `_deliver`, holding
        no reference to what it returned once the handle's thread may take it."""
        try:
            result = self.work(self)
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a sentence
            if isinstance(exc, self.expected):
                self._outcome = ("failed", str(exc), str(exc))
            elif isinstance(exc, Exception):
                if not self.cancel_event.is_set():
                    log.exception("task %s failed", self.name)
                self._outcome = ("failed", f"Something unexpected went wrong: {exc}", "")
            else:  # (KeyboardInterrupt, SystemExit, GeneratorExit: it never reported)
                if not self.cancel_event.is_set():
                    log.error("task %s stopped by %s", self.name, type(exc).__name__)
                self._outcome = ("failed", stopped_sentence(exc), "")
            del exc
        else:
            if (self.cancel_event.is_set() and not self.done_outranks_cancel
                    and not _holds_qobject(result)):
                # (not wanted: let go here, off the handle's thread; a cancelled project
                # memory's index freed on the window's thread held it 30-100 ms)
                result = None
            self._outcome = ("finished", result, "")
            del result
        self.running = False

    def _deliver(self) -> None:
        """On the handle's thread: emit the one signal the work's end calls for (none once
        abandoned, `cancelled` once asked to cancel); what it returned is let go here."""
        _unfinished.discard(self)
        outcome, self._outcome = self._outcome, None
        if outcome is None or self.abandoned:
            return
        signal, value, cancelled = outcome
        if self.cancel_event.is_set() and not (signal == "finished" and self.done_outranks_cancel):
            self.cancelled.emit(cancelled)
        else:
            getattr(self, signal).emit(value)


def _run(ref: weakref.ref) -> None:
    """The worker's thread: settle the work, let go of the handle, then say it ended (the
    handle lives in `_unfinished` until then: the last reference is never the worker's)."""
    handle = ref()
    if handle is None:  # (never: `_unfinished` holds a started handle)
        return
    relay = handle._relay
    handle._settle()
    del handle
    relay.ended.emit(ref)


def stopped_sentence(exc: BaseException) -> str:
    """The sentence for a work stopped by what is no Exception (naming what stopped it)."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return QCoreApplication.translate(
        "TaskHandle", "The work stopped before it finished ({0}).").format(what)


def _holds_qobject(result: Any) -> bool:
    """Whether `result` is a QObject, or a tuple or list of them among other things: let go
    on the handle's thread, its own."""
    items = result if isinstance(result, tuple | list) else (result,)
    return any(isinstance(item, QObject) for item in items)
