"""The Qt adapter: one long-lived thread owns the Engine; the UI talks to it through a queue and
hears back through signals.

Requests go in with `submit()` (any thread; never blocks). A newer request cancels the running
one at once through its CancelToken, which llama.cpp's abort callback and the token loop both
watch. Pieces, completion and errors come out as signals, delivered on the receiver's thread
(queued across threads), so the UI thread never waits on llama.cpp.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from writer.engine.engine import CancelToken, Engine, Generation

log = logging.getLogger(__name__)

Job = Callable[["Engine", "CancelToken"], "Generation"]


@dataclass
class _Item:
    request_id: int
    job: Job | None = None
    load: tuple[Path, int, int | str] | None = None
    cancel: CancelToken | None = None
    call: Callable[[Engine], Any] | None = None


class _Thread(QThread):
    def __init__(self, target: Callable[[], None]) -> None:
        super().__init__()
        self._target = target

    def run(self) -> None:
        self._target()


class EngineWorker(QObject):
    """Runs an Engine on its own thread. Create it on the UI thread; call `start()`."""

    model_loading = Signal(str)
    model_loaded = Signal(object)  # LoadReport
    model_failed = Signal(str)
    piece_generated = Signal(int, str, float)  # request id, text, probability of its token
    request_finished = Signal(int, object)  # request id, GenerationStats
    request_failed = Signal(int, str)  # request id, message
    call_finished = Signal(int)  # request id; the result waits in take_result()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._running: _Item | None = None
        self._pending: list[_Item] = []
        self.engine: Engine | None = None  # touched only on the worker thread (and after stop)
        self._results: dict[int, Any] = {}
        self.report = None
        self._thread = _Thread(self._loop)
        self._thread.setObjectName("writer-engine")

    # UI side --------------------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def load_model(
        self, path: str | Path, n_ctx: int = 8192, n_gpu_layers: int | str = "auto"
    ) -> int:
        self.cancel()
        item = _Item(next(self._ids), load=(Path(path), n_ctx, n_gpu_layers))
        self._queue.put(item)
        return item.request_id

    def submit(self, job: Job) -> int:
        """Queue a generation; it cancels whatever generation is running or waiting."""
        from writer.engine.engine import CancelToken

        item = _Item(next(self._ids), job=job, cancel=CancelToken())
        with self._lock:
            self._cancel_locked()
            self._pending.append(item)
        self._queue.put(item)
        return item.request_id

    def submit_when_idle(self, job: Job) -> int | None:
        """Queue a generation only if nothing is running or waiting (work done ahead of time,
        which must never cancel what the writer asked for); None if the engine is busy."""
        from writer.engine.engine import CancelToken

        item = _Item(next(self._ids), job=job, cancel=CancelToken())
        with self._lock:
            if self._running is not None or self._pending or not self._queue.empty():
                return None
            self._pending.append(item)
        self._queue.put(item)
        return item.request_id

    def take_result(self, request_id: int) -> Any:
        """The result of a call() once call_finished(request_id) has come (None otherwise)."""
        with self._lock:
            return self._results.pop(request_id, None)

    def call(self, fn: Callable[[Engine], Any]) -> int:
        """Run fn(engine) on the engine thread (after what is queued); call_finished says when.

        The result is handed over through take_result(), not the signal: arbitrary Python
        objects boxed into a queued signal's arguments have crashed PySide6 at exit."""
        from writer.engine.engine import CancelToken

        item = _Item(next(self._ids), call=fn, cancel=CancelToken())
        self._queue.put(item)
        return item.request_id

    def cancel(self, request_id: int | None = None) -> None:
        """Cancel the running and waiting generations (or only the one with request_id)."""
        with self._lock:
            self._cancel_locked(request_id)

    def _cancel_locked(self, request_id: int | None = None) -> None:
        for item in [*self._pending, self._running]:
            if item is not None and item.cancel and request_id in (None, item.request_id):
                item.cancel.cancel()

    def stop(self, timeout_ms: int = 10_000) -> None:
        """Cancel everything, end the thread and free the model."""
        self.cancel()
        self._queue.put(None)
        if self._thread.isRunning():
            self._thread.wait(timeout_ms)
        if self.engine is not None and not self._thread.isRunning():
            self.engine.close()
            self.engine = None

    @property
    def is_loaded(self) -> bool:
        return self.report is not None

    # worker side ----------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if item.load is not None:
                self._do_load(*item.load)
                continue
            with self._lock:
                if item in self._pending:
                    self._pending.remove(item)
                self._running = item
            try:
                if item.call is not None:
                    self._do_call(item)
                else:
                    self._do_generate(item)
            finally:
                with self._lock:
                    self._running = None

    def _do_load(self, path: Path, n_ctx: int, n_gpu_layers: int | str) -> None:
        from writer.engine.engine import Engine, ModelLoadError

        self.model_loading.emit(str(path))
        if self.engine is not None:
            self.engine.close()
            self.engine = None
            self.report = None
        try:
            self.engine = Engine.load(path, n_ctx=n_ctx, n_gpu_layers=n_gpu_layers)
        except ModelLoadError as exc:
            self.model_failed.emit(str(exc))
            return
        except Exception as exc:  # never let a load kill the thread
            log.exception("loading %s failed", path)
            self.model_failed.emit(f"{path.name} could not be loaded: {exc}")
            return
        self.report = self.engine.report
        self.model_loaded.emit(self.engine.report)

    def _do_call(self, item: _Item) -> None:
        if self.engine is None:
            self.request_failed.emit(item.request_id, "No model is loaded.")
            return
        try:
            result = item.call(self.engine)
        except Exception as exc:
            log.exception("engine call failed")
            self.request_failed.emit(item.request_id, str(exc) or type(exc).__name__)
            return
        with self._lock:
            self._results[item.request_id] = result
        self.call_finished.emit(item.request_id)

    def _do_generate(self, item: _Item) -> None:
        token = item.cancel
        assert token is not None
        assert item.job is not None
        if token.cancelled:
            return
        if self.engine is None:
            self.request_failed.emit(item.request_id, "No model is loaded.")
            return
        from writer.engine.engine import GenerationStats

        stats = GenerationStats(finish_reason="cancelled")
        try:
            generation = item.job(self.engine, token)
            stats = generation.stats
            probs = stats.token_probs
            for piece in generation:
                if token.cancelled:
                    break
                self.piece_generated.emit(item.request_id, piece, probs[-1] if probs else 1.0)
        except Exception as exc:
            log.exception("generation failed")
            self.request_failed.emit(item.request_id, str(exc) or type(exc).__name__)
            return
        if token.cancelled:
            stats.finish_reason = "cancelled"
        self.request_finished.emit(item.request_id, stats)
