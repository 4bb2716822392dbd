"""The Qt adapter: one long-lived thread runs a backend; every request gets a handle of its own.

`submit()`, `submit_when_idle()` and `call()` never block: they queue a job and return a
`RequestHandle`, a QObject on the caller's (UI) thread with its own signals (pieces with their
probabilities, finished, failed) and `cancel()`. Only whoever holds a handle hears about its
request; nothing is broadcast to other windows or controllers.

Threading: the worker thread never touches a handle. It sends each event to a relay object that
lives on the UI thread, with the job, and the relay hands it to the job's handle, which the job
knows only by a weak reference. A handle that nobody holds any more is therefore freed on the UI
thread, and its request is cancelled then. Events of a cancelled
request that were already on their way are dropped by the handle, so a cancelled request's text
never appears. A framed stream's first visible piece is sent at once, the next ones at most once
a frame (PIECE_FRAME_S), several together when the backend makes them faster; the handle still
emits one `piece_generated` per piece.

Requests go in lanes: a lane is one requester's one kind of request (an editor's suggestions, the
same editor's rewrite), named by `submit(job, owner=..., kind=...)`. A newer `submit()` cancels
at once, through their CancelTokens, only what it supersedes: the running and waiting requests of
its own lane, and any work done ahead of time (`submit_when_idle`). Other lanes' requests wait
their turn and are never lost: a rewrite in one window survives typing in another. The backend
checks the tokens between tokens (and llama.cpp's abort callback inside a decode).
Loading a model is the one thing announced to everyone (`model_loaded` and its siblings): every
window shows which model runs.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from writer.generation.backend import DEFAULT_CONTEXT
from writer.generation.requests import CancelToken
from writer.generation.results import FinishReason, Stream, empty_stream
from writer.sentences import said

if TYPE_CHECKING:
    from writer.engine.gpu import GpuLayers
    from writer.generation.backend import Backend, BackendInfo

log = logging.getLogger(__name__)

Job = Callable[["Backend", CancelToken], Any]  # returns a Stream, or a result for call()

_PIECES, _PROGRESS, _FINISHED, _FAILED = "pieces", "progress", "finished", "failed"
# A framed stream's pieces (Stream.framed: made in this process, without pauses) go to the UI
# thread at once up to the first that is more than whitespace (what the writer sees first never
# waits); the next ones at most once in this many seconds (a frame), those that come sooner with
# the next one or with the stream's end. A server's pieces go as they come (it may pause).
# Each delivery wakes the UI thread, and on a machine of two cores a wake takes a core from
# llama.cpp in the middle of a decode step (`writer bench`: decode_ratio).
PIECE_FRAME_S = 0.016


class RequestHandle(QObject):
    """One request: its pieces, its end and its cancel. Lives on the thread that submitted it.

    `finished` carries the stream's GenerationStats (for `submit`) or the job's result (for
    `call`), also after a cancel; `failed` carries a sentence. Exactly one of them comes, once.
    `progressed` says how far the backend has read a long prompt (tokens read, tokens in all).
    """

    piece_generated = Signal(str, float)  # text, probability of the token that completed it
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, cancel: CancelToken, gate: threading.Event) -> None:
        super().__init__()
        self._cancel = cancel
        self._gate = gate
        self.submitted_at = time.perf_counter()
        self.done = False
        self.result: Any = None
        self.error = ""
        self._abandoned = False

    def cancel(self) -> None:
        """Stop the request; no more pieces of it are emitted (its end still comes)."""
        self._cancel.cancel()
        self._gate.set()

    def abandon(self) -> None:
        """Cancel, and emit nothing more at all: for a requester that has moved on."""
        self.cancel()
        self._abandoned = True

    def resume(self) -> None:
        """Let a request submitted with `hold_after` go on past its first pieces."""
        self._gate.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.cancelled

    def _receive(self, kind: str, payload: Any) -> None:
        if self.done:
            return
        if kind == _PIECES:
            for text, prob in payload:
                if self._cancel.cancelled:  # a slot may cancel between two pieces
                    return
                self.piece_generated.emit(text, prob)
            return
        if kind == _PROGRESS:
            if not self._cancel.cancelled:
                self.progressed.emit(*payload)
            return
        self.done = True
        if kind == _FINISHED:
            self.result = payload
            if not self._abandoned:
                self.finished.emit(payload)
        else:
            self.error = payload
            if not self._abandoned:
                self.failed.emit(payload)
        self._let_go()

    def _let_go(self) -> None:
        """Drop every connection once the end is out: nothing more is emitted. PySide keeps a
        connected slot alive, out of Python's collector's sight, and a slot often refers to
        what holds this handle (a closure over the requester's record of its request): both
        stayed for good, the request's stats and choices with them (a handle for every
        suggestion asked ahead)."""
        meta = self.metaObject()
        for i in range(meta.methodOffset(), meta.methodCount()):
            method = meta.method(i)
            if method.methodType() == method.MethodType.Signal and self.isSignalConnected(method):
                getattr(self, bytes(method.name().data()).decode()).disconnect()


_clock = time.perf_counter  # (a test's own clock replaces it)


def _without_hold(stats: Any, held_s: float) -> Any:
    """A held stream's timings without the time it waited for the writer's pause: the status
    bar's rate read "0.7 tok/s" for a 135M model that writes 60 a second, the pause counted as
    decoding."""
    if held_s > 0 and stats is not None:
        stats.decode_s = max(0.0, stats.decode_s - held_s)
        stats.total_s = max(0.0, stats.total_s - held_s)
    return stats


@dataclass(eq=False)
class _Job:
    run: Job
    stream: bool
    handle: weakref.ref[RequestHandle]
    cancel: CancelToken = field(default_factory=CancelToken)
    hold_after: int = 0  # pieces after which the stream waits for resume() (0: never)
    gate: threading.Event = field(default_factory=threading.Event)
    lane: tuple[object, str] | None = None  # (owner, kind); None: work done ahead of time

    def stop(self) -> None:
        self.cancel.cancel()
        self.gate.set()


@dataclass(eq=False)
class _Load:
    opener: Callable[[], Backend]
    label: str


class _Relay(QObject):
    """Carries a job's events from the worker thread to its handle on the UI thread."""

    delivered = Signal(object, object, object)  # job, kind, payload

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._dispatch)

    def _dispatch(self, job: _Job, kind: str, payload: Any) -> None:
        handle = job.handle()
        if handle is None:  # nobody listens any more
            job.stop()
            return
        handle._receive(kind, payload)


class _Thread(QThread):
    def __init__(self, target: Callable[[], None]) -> None:
        super().__init__()
        self._target = target

    def run(self) -> None:
        self._target()


class EngineWorker(QObject):
    """Runs one backend on its own thread. Create it on the UI thread; call `start()`."""

    model_loading = Signal(str)  # what is being opened
    model_loaded = Signal(object)  # BackendInfo
    model_failed = Signal(str, bool)  # the sentence; whether asking again cannot help

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[_Job | _Load | None] = queue.Queue()
        self._lock = threading.Lock()
        self._running: _Job | None = None
        self._pending: list[_Job] = []
        self.backend: Backend | None = None  # used only on the worker thread (and after stop)
        self._relay = _Relay()
        self._thread = _Thread(self._loop)
        self._thread.setObjectName("writer-engine")

    # UI side --------------------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    @property
    def info(self) -> BackendInfo | None:
        """What serves the model now (None while none is loaded)."""
        backend = self.backend
        return backend.info if backend is not None else None

    @property
    def is_loaded(self) -> bool:
        return self.backend is not None

    @property
    def idle(self) -> bool:
        """Nothing runs or waits."""
        with self._lock:
            return self._running is None and not self._pending

    def open(self, opener: Callable[[], Backend], label: str) -> None:
        """Replace the backend with `opener()`, run on the worker thread after what is queued;
        `model_loaded` or `model_failed` says how it went."""
        self.cancel_all()
        self._queue.put(_Load(opener, label))

    def load_model(
        self,
        path: str | Path,
        n_ctx: int = DEFAULT_CONTEXT,
        n_gpu_layers: GpuLayers = "auto",
        n_threads: int | None = None,
    ) -> None:
        """Load a GGUF file into the in-process engine."""

        def opener() -> Backend:
            from writer.engine.engine import Engine

            return Engine.load(path, n_ctx=n_ctx, n_gpu_layers=n_gpu_layers, n_threads=n_threads)

        self.open(opener, Path(path).name)

    def submit(
        self, job: Job, hold_after: int = 0, owner: object = None, kind: str = ""
    ) -> RequestHandle:
        """Queue a streaming request in the lane (`owner`, `kind`); it cancels what runs or
        waits in that lane and any work done ahead of time, nothing else.

        With `hold_after`, the stream stops after that many pieces until its handle's `resume()`
        (or a cancel): the backend is idle meanwhile, its state kept, so that a first glimpse
        costs only what it takes to produce it."""
        handle, item = self._job(job, stream=True)
        item.hold_after = hold_after
        item.lane = (owner, kind)
        with self._lock:
            for other in [*self._pending, self._running]:
                if other is not None and other.stream and other.lane in (item.lane, None):
                    other.stop()
            self._pending.append(item)
        self._queue.put(item)
        return handle

    def submit_when_idle(self, job: Job) -> RequestHandle | None:
        """Queue a streaming request only if nothing is running or waiting (work done ahead of
        time, which must never cancel what the writer asked for); None if the backend is busy."""
        handle, item = self._job(job, stream=True)
        with self._lock:
            if self._running is not None or self._pending or not self._queue.empty():
                return None
            self._pending.append(item)
        self._queue.put(item)
        return handle

    def call(self, fn: Job) -> RequestHandle:
        """Run fn(backend, cancel) after what is queued; its result comes with `finished`.
        It cancels nothing, and only its own handle cancels it."""
        handle, item = self._job(fn, stream=False)
        item.lane = (item, "call")
        with self._lock:
            self._pending.append(item)
        self._queue.put(item)
        return handle

    def cancel_all(self) -> None:
        with self._lock:
            self._cancel_locked()

    def _job(self, run: Job, stream: bool) -> tuple[RequestHandle, _Job]:
        cancel, gate = CancelToken(), threading.Event()
        handle = RequestHandle(cancel, gate)
        item = _Job(run, stream, weakref.ref(handle), cancel, gate=gate)
        # A handle nobody holds cancels its request at once: a request held after its first
        # pieces would otherwise keep the other lanes waiting.
        weakref.finalize(handle, item.stop)
        return handle, item

    def _cancel_locked(self) -> None:
        for item in [*self._pending, self._running]:
            if item is not None:
                item.stop()

    def stop(self, timeout_ms: int = 10_000) -> None:
        """Cancel everything, end the thread and free the backend."""
        self.cancel_all()
        self._queue.put(None)
        if self._thread.isRunning():
            self._thread.wait(timeout_ms)
        if self.backend is not None and not self._thread.isRunning():
            self.backend.close()
            self.backend = None
        # Events still on their way hold Python objects; drop them while Python runs.
        QCoreApplication.removePostedEvents(self._relay)

    # worker side ----------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if isinstance(item, _Load):
                self._do_load(item)
                continue
            with self._lock:
                if item in self._pending:
                    self._pending.remove(item)
                self._running = item
            end: tuple[str, Any] | None = None
            try:
                end = self._do_job(item)
            finally:
                with self._lock:
                    self._running = None
            if end is not None:  # after the worker is free, so the end's receiver finds it idle
                self._send(item, *end)

    def _do_load(self, load: _Load) -> None:
        from writer.generation.backend import BackendError

        self.model_loading.emit(load.label)
        if self.backend is not None:
            old, self.backend = self.backend, None
            old.close()
        try:
            backend = load.opener()
        except BackendError as exc:
            self.model_failed.emit(str(exc), exc.lasting)
            return
        except Exception as exc:  # never let a load kill the thread
            log.exception("opening %s failed", load.label)
            # (not known to be lasting: a server starting up may answer oddly once)
            self.model_failed.emit(f"{load.label} could not be opened: {exc}", False)
            return
        self.backend = backend
        log.info("opened %s: %s, %s", load.label, backend.info.name, backend.info.where)
        self.model_loaded.emit(backend.info)

    def _send(self, job: _Job, kind: str, payload: Any) -> None:
        self._relay.delivered.emit(job, kind, payload)

    def _do_job(self, job: _Job) -> tuple[str, Any]:
        """Run a job, sending its pieces; returns its end (finished or failed) to send."""
        cancel = job.cancel
        backend = self.backend
        if backend is None:
            return _FAILED, said("No model is loaded.")
        if cancel.cancelled and job.stream:
            return _FINISHED, empty_stream(FinishReason.CANCELLED).stats
        cancel.on_progress = lambda done, total: self._send(job, _PROGRESS, (done, total))
        try:
            result = job.run(backend, cancel)
            if job.stream:
                assert isinstance(result, Stream)
                held: list[tuple[str, float]] = []  # pieces not sent yet (PIECE_FRAME_S)
                sent_at = -math.inf
                shown = False  # a piece with more than whitespace was sent
                held_s = since = 0.0  # how long the stream waited for resume()
                framed = result.framed  # else a piece may be the last for a while: it goes
                try:
                    for count, piece in enumerate(result, start=1):
                        if cancel.cancelled:
                            break
                        held.append((piece.text, piece.prob))
                        now = time.perf_counter()
                        if count == job.hold_after:
                            since = _clock()  # (before the writer can see the piece and resume)
                        if (
                            not framed
                            or not shown
                            or now - sent_at >= PIECE_FRAME_S
                            or count == job.hold_after
                        ):
                            self._send(job, _PIECES, held)
                            held, sent_at = [], now
                            shown = shown or bool(piece.text.strip())
                        if count == job.hold_after:
                            job.gate.wait()  # resume() or a cancel opens it
                            held_s = _clock() - since
                            if cancel.cancelled:
                                break
                finally:
                    if held and not cancel.cancelled:
                        self._send(job, _PIECES, held)  # before the end, which _loop sends
                    result.close()  # the generator ends here, on the backend's thread
                result = _without_hold(result.stats, held_s)
        except Exception as exc:
            log.exception("request failed")
            return _FAILED, str(exc) or type(exc).__name__
        return _FINISHED, result
