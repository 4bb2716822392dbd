"""The window's thread's time when a version of 5,000 lines is picked in Local History, for
two copies of writer/ui/history_dialog.py (before and after a change) in one run:

    git show HEAD~1:writer/ui/history_dialog.py > /tmp/history_before.py
    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python -m writer.bench.history_pick \
        /tmp/history_before.py writer/ui/history_dialog.py

It counts the time spent in the dialog's `_show` (the pick), `_compared` and `_marks_laid`
(the comparison and the marked text handed back from their threads), median of 5.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from writer.documents.history import LocalHistory
from writer.ui.editor import Editor

MEASURED = ("_show", "_compared", "_marks_laid")


def load(name: str, file: str):
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    app = QApplication(sys.argv[:1])
    root = Path(tempfile.mkdtemp())
    path = root / "chapter.md"
    version = "".join(f"Line {n} of the chapter as it was.\n" for n in range(5000))
    now = "".join(f"Line {n} of the chapter{' as rewritten' * (n % 2)}.\n" for n in range(5000))
    history = LocalHistory(root / "history")
    history.keep(path, version.encode(), when=1000.0)
    history.keep(path, now.encode(), when=2000.0)
    editor = Editor()
    editor.setPlainText(now)

    def settle(dialog) -> None:
        while dialog.comparing is not None or dialog.marking is not None:
            app.processEvents()
            time.sleep(0.0005)
        app.processEvents()

    if len(sys.argv) != 3:
        sys.exit(__doc__)
    for label, file in zip(("before", "after"), sys.argv[1:3], strict=True):
        module = load(f"history_{label}", file)
        spent: dict[str, float] = {}

        def timed(name, method, spent=spent):
            def measured(self, *args):
                begun = time.perf_counter()
                try:
                    return method(self, *args)
                finally:
                    spent[name] = spent.get(name, 0.0) + time.perf_counter() - begun

            return measured

        for name in MEASURED:
            setattr(module.HistoryDialog, name, timed(name, getattr(module.HistoryDialog, name)))
        runs = []
        for _ in range(5):
            dialog = module.HistoryDialog(history, path, editor, "utf-8", lambda *_a: None)
            dialog.show()
            settle(dialog)  # (the newest version, the text now: not measured)
            spent.clear()
            begun = time.perf_counter()
            dialog.list.setCurrentRow(1)
            settle(dialog)
            shown = time.perf_counter() - begun
            assert dialog.preview.toPlainText() == version, label
            runs.append((sum(spent.values()), spent["_show"], shown))
            dialog.close()
            dialog.deleteLater()
            app.processEvents()
        total, pick, shown = (sorted(run[i] for run in runs)[2] for i in range(3))
        print(f"{label}: the window's thread {total * 1000:.0f} ms in all ({pick * 1000:.0f} ms "
              f"at the pick), the marked text shown after {shown * 1000:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
