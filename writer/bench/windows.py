"""A day of windows in one process: what stays in memory of the windows a writer closes.

Each cycle opens a window (every other one on a chapter, the others untitled), types at the
end, takes a suggestion (asked with Ctrl+Space's call where none came by itself), rewrites the
last line (accepted or rejected in turn), and closes the window. Every few cycles it prints the
process's resident memory, the Python objects, the widgets alive, the request handles alive
and the open file descriptors; at the end, what grew most by type from the first sample after
the start-up to the last. A closed window should leave nothing: the figures flat.

    python -m writer.bench.windows [CYCLES]     # 41 by default, on the starter model

The one before a change is measured by running this file by its path with PYTHONPATH at the
older checkout (its `writer` imported, this measurement's code). It runs in temporary settings,
data and state folders of its own.
"""

from __future__ import annotations

import collections
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

LINE = "The harbour was quiet that morning, and the boats lay still.\n\n"
CHAPTER = "# Chapter {0}\n\n" + LINE * 20
SAMPLE_EVERY = 5


def _isolate() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="writer-windows-"))
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(folder / var.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return folder


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(cycles: int) -> None:
    folder = _isolate()
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from writer.app import AppState
    from writer.ui.collector import collect_on_main_thread

    collect_on_main_thread(app)  # as the app does (cycles freed on the window's thread)
    from writer.assist.presets import preset_instruction
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.paths import starter_model_path
    from writer.settings import Settings
    from writer.worker import EngineWorker, RequestHandle

    def pump(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_until(predicate, ms: int) -> bool:
        end = time.monotonic() + ms / 1000
        while not predicate():
            if time.monotonic() > end:
                return False
            pump(10)
        return True

    worker = EngineWorker()
    worker.start()
    worker.load_model(starter_model_path(), n_ctx=4096, n_gpu_layers=0)
    if not wait_until(lambda: worker.is_loaded, 120_000):
        sys.exit("writer.bench.windows: the starter model did not load")
    state = AppState(Settings(), worker, JournalWriter(Journal(folder / "journal")), None)
    state._quitting = True  # the last window's close must not stop the worker
    chapters = folder / "chapters"
    chapters.mkdir()
    for i in range(3):
        (chapters / f"ch{i}.md").write_text(CHAPTER.format(i), encoding="utf-8")

    samples: list[tuple[int, dict[str, float], collections.Counter]] = []

    def sample(cycle: int) -> None:
        for _ in range(3):  # the deletions posted, and what they free
            pump(20)
            gc.collect()
        objects = gc.get_objects()
        figures = {
            "rss_mb": round(_rss_mb(), 1),
            "objects": len(objects),
            "widgets": len(QApplication.allWidgets()),
            "handles": sum(isinstance(o, RequestHandle) for o in objects),
            "fds": len(os.listdir("/proc/self/fd")),
        }
        samples.append((cycle, figures, collections.Counter(type(o).__name__ for o in objects)))
        print(cycle, figures, flush=True)

    def one_window(i: int) -> bool:
        """A window's life; whether a suggestion was taken in it."""
        window = state.new_window(str(chapters / f"ch{i % 3}.md") if i % 2 else None)
        window.show()
        window.activateWindow()
        editor = window.editor
        editor.setFocus()
        cursor = editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        editor.setTextCursor(cursor)
        for _ in range(2):
            QTest.keyClick(editor, Qt.Key.Key_Return)
        QTest.keyClicks(editor, "She walked down to the water and ")
        shown = wait_until(lambda: editor.surface.visible, 1500) or (
            window.suggestions.ask() is not None
            and wait_until(lambda: editor.surface.visible, 8000)
        )
        if shown:
            QTest.keyClick(editor, Qt.Key.Key_Tab)
        QTest.keyClicks(editor, " Then the wind")
        pump(300)
        cursor = editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.StartOfBlock)
        cursor.movePosition(cursor.MoveOperation.EndOfBlock, cursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        if window.rewrite.start("Shorter", preset_instruction("Shorter")):
            wait_until(lambda: not window.rewrite.streaming, 60_000)
            window.rewrite.accept() if i % 2 else window.rewrite.reject()
        editor.document().setModified(False)
        window.close()
        return shown

    taken = 0
    for i in range(cycles):
        taken += one_window(i)
        pump(100)
        if i % SAMPLE_EVERY == 0 or i == cycles - 1:
            sample(i)
    print(f"suggestions taken: {taken} of {cycles}")
    if len(samples) > 2:
        (first, a, types_a), (last, b, types_b) = samples[1], samples[-1]
        per = last - first
        growth = {k: round((b[k] - a[k]) / per, 2) for k in a}
        print(f"growth a window, cycles {first} to {last}: {growth}")
        print("grew most:", (types_b - types_a).most_common(12))
    worker.stop()
    app.processEvents()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 41)
