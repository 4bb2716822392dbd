"""Drives the real Writer app in a child process for the crash-recovery test.

    python tests/drive_app.py type     # types, accepts a suggestion, reports, keeps typing
    python tests/drive_app.py recover  # restores what the journal offers and reports it
    python tests/drive_app.py edit FILE  # edits FILE and an untitled draft, reports, waits
    python tests/drive_app.py open FILE  # opens FILE (no edit), reports, waits
    python tests/drive_app.py --hold-start edit FILE  # reports "starting" while the start
                                                      # loads the settings; goes on at a line
                                                      # on stdin
    python tests/drive_app.py reopen   # reports what a plain start brought back (or asked)

Reports are JSON lines on stdout. The app is started through writer.app.run_gui, exactly as
`writer` starts it; this script only presses keys and reads the document.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from writer.app import run_gui  # noqa: E402


def report(event: str, **data) -> None:
    print(json.dumps({"event": event, "t": time.time(), **data}), flush=True)


class Script:
    """Steps run from timers so the event loop (and the engine's signals) keep running."""

    def __init__(self, app: QApplication, steps) -> None:
        self.app = app
        self.steps = iter(steps)

    def next(self, delay_ms: int = 0) -> None:
        QTimer.singleShot(delay_ms, self._run)

    def _run(self) -> None:
        try:
            step = next(self.steps)
        except StopIteration:
            return
        delay = step()
        self.next(delay if isinstance(delay, int) else 0)


def typing_steps(app: QApplication):
    def window():
        return app._writer_state.windows[0]

    def editor():
        return window().editor

    yield lambda: 300
    while not (app._writer_state.worker.is_loaded):
        yield lambda: 100
    editor().setFocus()
    for ch in "Dear diary,\n\nToday the river was high and the ferry did not run, so we ":
        yield (
            lambda ch=ch: (
                (
                    QTest.keyClick(editor(), ch)
                    if ch != "\n"
                    else QTest.keyClick(editor(), Qt.Key.Key_Return)
                )
                or 15
            )
        )
    report("typed", text=editor().toPlainText())
    # ask for a suggestion (Ctrl+Space: shown however unsure the model is), wait and take it
    yield lambda: QTest.keyClick(editor(), Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    for _ in range(40):
        if editor().ghost_text or window().suggestions.pending is not None:
            break
        yield lambda: 50
    else:  # the shortcut did not reach the window (offscreen): the action's own call
        window().suggestions.ask()
    for attempt in range(300):
        if editor().ghost_text and window().suggestions.pending is None:
            break
        if attempt % 60 == 59 and window().suggestions.pending is None:
            window().suggestions.ask()  # the model had nothing here: ask again (Ctrl+Space)
        yield lambda: 50
    ghost = editor().ghost_text
    QTest.keyClick(editor(), Qt.Key.Key_Tab)
    report("accepted", ghost=ghost, text=editor().toPlainText())
    yield lambda: 1600  # more than the journal's one-second pause
    report("idle", text=editor().toPlainText())
    for ch in " and we stayed home":
        yield lambda ch=ch: QTest.keyClick(editor(), ch) or 40
    report("typing", text=editor().toPlainText())
    yield lambda: 60_000


def recovery_steps(app: QApplication):
    from writer.ui.recovery_dialog import RecoveryDialog

    for _ in range(200):
        dialogs = [
            w for w in app.topLevelWidgets() if isinstance(w, RecoveryDialog) and w.isVisible()
        ]
        if dialogs:
            break
        yield lambda: 50
    else:
        report("no-recovery-offered")
        app._writer_state.quit()
        return
    dialog = dialogs[0]
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    dialog.restore_button.click()
    yield lambda: 200
    texts = [w.editor.toPlainText() for w in app._writer_state.windows]
    report("restored", names=names, texts=texts)
    for w in app._writer_state.windows:
        w.editor.document().setModified(False)
    app._writer_state.quit()


def editing_steps(app: QApplication, file: str):
    """Types into the file the start opened (windows an ended Writer left may come back
    beside it) and into a new untitled window (no model needed), then waits to be ended."""
    state = app._writer_state
    yield lambda: 100
    while state.asking:
        yield lambda: 50
    chapter = state.window_showing(file)
    chapter.editor.setFocus()
    chapter.editor.moveCursor(chapter.editor.textCursor().MoveOperation.End)
    QTest.keyClicks(chapter.editor, " The ferry ran at dawn.")
    draft = state.new_window()
    draft.show()
    QTest.keyClicks(draft.editor, "Untitled thoughts on rivers")
    report("edited", texts={str(w.documents.path): w.editor.toPlainText() for w in state.windows})
    yield lambda: 60_000


def opening_steps(app: QApplication):
    """Waits for the start to open its file, reports, then waits to be ended."""
    state = app._writer_state
    yield lambda: 100
    while state.asking:
        yield lambda: 50
    report("edited", texts={str(w.documents.path): w.editor.toPlainText() for w in state.windows})
    yield lambda: 60_000


def hold_start() -> None:
    """The start's first loading of the settings (after the driver's own) reports "starting"
    and waits for a line on stdin: a signal sent meanwhile comes while Writer starts."""
    from writer.settings import Settings

    load = Settings.load.__func__

    def held(cls, *args, **kwargs):
        Settings.load = classmethod(load)
        report("starting")
        sys.stdin.readline()
        return load(cls, *args, **kwargs)

    Settings.load = classmethod(held)


def reopening_steps(app: QApplication, said: list[str]):
    """Reports the windows a plain start brought back, with the status bar's sentences, or
    that the recovery question came (answered Later); then quits."""
    from writer.ui.recovery_dialog import RecoveryDialog

    state = app._writer_state
    for _ in range(400):
        dialogs = [
            w for w in app.topLevelWidgets() if isinstance(w, RecoveryDialog) and w.isVisible()
        ]
        if dialogs:
            report("asked", names=[dialogs[0].list.item(i).text()
                                   for i in range(dialogs[0].list.count())])  # fmt: skip
            dialogs[0].reject()
            yield lambda: 200
            break
        restored = sum(w.documents.is_modified for w in state.windows)
        if not state.asking and sum("ended is back" in m for m in said) >= restored > 0:
            break
        yield lambda: 50
    windows = [
        {
            "path": str(w.documents.path) if w.documents.path else None,
            "text": w.editor.toPlainText(),
            "modified": w.documents.is_modified,
        }
        for w in state.windows
    ]
    report("reopened", windows=windows, said=said)
    for w in state.windows:
        w.editor.document().setModified(False)
    state.quit()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold-start", action="store_true")
    parser.add_argument("mode", choices=("type", "recover", "edit", "open", "reopen"))
    parser.add_argument("file", nargs="?")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    if args.mode in ("edit", "open", "reopen"):  # (no first run's welcome over the windows)
        from writer.settings import Settings

        Settings.load().update(welcomed=True)
    if args.hold_start:
        hold_start()
    said: list[str] = []
    if args.mode == "reopen":  # (every sentence: a model's failure may follow ours)
        from writer.ui.main_window import MainWindow

        shown = MainWindow.show_message

        def recorded(window, message, ms=0):
            said.append(message)
            shown(window, message, ms)

        MainWindow.show_message = recorded
    steps = {
        "type": typing_steps,
        "recover": recovery_steps,
        "edit": lambda app: editing_steps(app, args.file),
        "open": opening_steps,
        "reopen": lambda app: reopening_steps(app, said),
    }[args.mode](app)
    script = Script(app, steps)
    script.next(0)
    ns = argparse.Namespace(file=args.file, model=None, gpu_layers=0, server=None,
                            server_model=None)  # fmt: skip
    code = run_gui(ns)
    del script
    return code


if __name__ == "__main__":
    sys.exit(main())
