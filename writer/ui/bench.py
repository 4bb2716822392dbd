"""The editor's part of `writer bench`: UI smoothness, keystroke-to-ghost latency, startup time,
and how a 10 MB document opens and takes typing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from writer.bench import sample_document
from writer.ui.editor import Editor
from writer.ui.main_window import continuation_job
from writer.worker import EngineWorker


def _pump_until(predicate, timeout_s: float = 60.0) -> bool:
    deadline = time.perf_counter() + timeout_s
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        loop = QEventLoop()
        QTimer.singleShot(1, loop.quit)
        loop.exec()
    return True


def _p99(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def _editor(bench) -> tuple[Editor, EngineWorker]:
    bench._qt()
    worker = bench.worker  # the bench's one engine thread
    editor = Editor()
    editor.set_worker(worker, continuation_job)
    editor.resize(900, 700)
    editor.show()
    editor.setFocus()
    return editor, worker


def _release(editor: Editor, worker: EngineWorker) -> None:
    editor.dismiss_suggestion()
    _pump_until(lambda: worker._running is None, 30)
    editor.close()
    editor.deleteLater()


def measure(bench) -> dict[str, Any]:
    editor, worker = _editor(bench)
    count = bench.engine.runtime.tokenize
    results: dict[str, Any] = {}
    try:
        results.update(_ui_stall(editor))
        results.update(_keystroke_to_ghost(editor, count))
    finally:
        _release(editor, worker)
    results["startup_window_s"] = startup_window_s()
    return results


def _ui_stall(editor: Editor) -> dict[str, Any]:
    """Delays of a 5 ms timer on the UI thread while a 200-token suggestion streams in."""
    editor.settings.max_tokens = 200
    editor.settings.stop_at = "none"
    editor.settings.run_on = True
    editor.setPlainText(
        "Write a long story about a lighthouse keeper who finds a letter in a bottle.\n\n"
        "The keeper had lived alone on the rock for eleven winters when"
    )
    editor.moveCursor(QTextCursor.MoveOperation.End)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    finished: list[object] = []
    editor.suggestion_finished.connect(finished.append)
    timer.start()
    editor.request_suggestion()
    _pump_until(lambda: bool(finished), 120)
    timer.stop()
    editor.suggestion_finished.disconnect(finished.append)
    delays = [max(0.0, (b - a) * 1000 - 5.0) for a, b in zip(ticks, ticks[1:], strict=False)]
    stats = finished[0] if finished else None
    editor.dismiss_suggestion()
    return {
        "ui_stall_ms_p99": round(_p99(delays), 2),
        "ui_stall_ms_max": round(max(delays, default=0.0), 2),
        "ui_stall_tokens": getattr(stats, "generated_tokens", 0),
    }


def _keystroke_to_ghost(editor: Editor, count) -> dict[str, Any]:
    """A keypress at the end of a 2,000-token document to the first ghost piece painted (the
    debounce pause set to zero, so it is excluded)."""
    editor.settings.max_tokens = 16
    editor.settings.stop_at = "sentence"
    editor.settings.run_on = False
    editor.settings.debounce_ms = 0
    doc = sample_document(2000, count) + " The"
    editor.setPlainText(doc)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    finished: list[object] = []
    editor.suggestion_finished.connect(finished.append)
    editor.request_suggestion()  # warm the cache, as a writer who has been typing has
    _pump_until(lambda: bool(finished), 300)
    times = []
    for ch in "river bank":
        editor.dismiss_suggestion()
        finished.clear()
        pressed = time.perf_counter()
        QTest.keyClick(editor, ch)
        if not _pump_until(lambda: editor.last_painted_at is not None, 30):
            continue
        times.append((editor.last_painted_at - pressed) * 1000)
        _pump_until(lambda: bool(finished) or editor.pending_request is None, 30)
    editor.suggestion_finished.disconnect(finished.append)
    return {
        "keystroke_to_ghost_ms": round(statistics.median(times), 2) if times else None,
        "keystroke_doc_tokens": len(count(doc)),
    }


def startup_window_s() -> float | None:
    """From starting `writer FILE` as a process to its window shown (the model loads later)."""
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "notes.md"
        file.write_text("# Notes\n\nA short document.\n", encoding="utf-8")
        env = dict(os.environ, WRITER_REPORT_SHOWN="1", QT_QPA_PLATFORM="offscreen")
        for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
            env[var] = str(Path(tmp) / var)
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "writer", str(file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        shown = None
        try:
            for line in proc.stdout:
                if line.startswith("writer: window shown"):
                    shown = time.perf_counter() - started
                    break
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        return round(shown, 3) if shown is not None else None


def measure_documents(bench) -> dict[str, Any]:
    """Open a 10 MB text file into the editor, then type into it."""
    from writer.documents import read_text_file

    bench._qt()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.md"
        para = sample_document(400, lambda s: s.split())  # about 400 words a paragraph
        chunks, size = [], 0
        while size < 10 * 1024 * 1024:
            chunks.append(para)
            size += len(para) + 2
        path.write_text("\n\n".join(chunks), encoding="utf-8")
        editor = Editor()
        editor.set_suggestions_enabled(False)
        editor.resize(900, 700)
        editor.show()
        started = time.perf_counter()
        loaded = read_text_file(path)
        editor.setPlainText(loaded.text)
        editor.viewport().repaint()
        QApplication.processEvents()
        open_s = time.perf_counter() - started
        cursor = editor.textCursor()
        cursor.setPosition(len(loaded.text) // 2)
        editor.setTextCursor(cursor)
        editor.centerCursor()
        QApplication.processEvents()
        times = []
        for ch in "the quick brown fox jumps":
            t0 = time.perf_counter()
            QTest.keyClick(editor, ch)
            editor.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
        editor.close()
        editor.deleteLater()
        return {
            "open_10mb_s": round(open_s, 3),
            "keystroke_10mb_ms": round(statistics.median(times), 2),
            "keystroke_10mb_ms_max": round(max(times), 2),
        }
