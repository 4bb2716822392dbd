"""File → Auto Save writes on the journal's writing thread: typing never waits for the disk.

Each test holds that thread inside its write (`HeldDisk`) to show what the window does
meanwhile: it goes on, marks saved only the text written, takes the file's change for its own
save's, and Ctrl+S or a close waits for the save in flight before going on."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from writer.ui import document_manager


class HeldDisk:
    """`save_atomic` recording each write (whether on the window's thread, and the text) and
    holding a write off the window's thread, once done, until `release`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.writes: list[tuple[bool, str]] = []
        self.written = threading.Event()  # a write off the window's thread is done, and held
        self.gate = threading.Event()
        real = document_manager.save_atomic

        def save(target, data: bytes) -> None:
            on_window = threading.current_thread() is threading.main_thread()
            self.writes.append((on_window, data.decode("utf-8")))
            real(target, data)
            if not on_window:
                self.written.set()
                assert self.gate.wait(10)

        monkeypatch.setattr(document_manager, "save_atomic", save)

    def release_soon(self) -> None:
        """Let the held write go on a moment from now (the window's thread waits for it)."""
        threading.Timer(0.05, self.gate.set).start()


def _open(window, tmp_path: Path, text: str = "The lamp was lit.\n") -> Path:
    path = tmp_path / "chapter.md"
    path.write_text(text, encoding="utf-8")
    assert window.open_file(path)
    window.settings.update(auto_save=True)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    return path


def _held_auto_save(qtbot, documents, disk: HeldDisk) -> None:
    """An auto save now, written off the window's thread and held there."""
    before = len(disk.writes)
    documents.auto_save()
    qtbot.waitUntil(lambda: len(disk.writes) > before, timeout=5000)
    assert disk.writes[-1][0] is False  # not the window's thread
    assert disk.written.wait(10)


def test_auto_save_is_written_off_the_window_and_marks_saved_only_the_text_written(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """The window's thread wrote the file at each pause, fsyncs and all (10 ms for 2 MB here,
    far more on a slow disk). Now the writer types on while it is written; the document stays
    modified, its newer text not written, and the pause taken meanwhile saves it after."""
    path = _open(window, tmp_path)
    documents, editor = window.documents, window.editor
    documents._auto.setInterval(100)  # (a second's pause, shortened)
    disk = HeldDisk(monkeypatch)
    seen: list[tuple[bool, str]] = []
    documents.saved.connect(
        lambda _p: seen.append((documents.is_modified, path.read_text(encoding="utf-8")))
    )
    editor.insertPlainText("The boats came in.")
    qtbot.waitUntil(lambda: bool(disk.writes), timeout=5000)
    assert disk.writes[0][0] is False  # not the window's thread
    assert disk.written.wait(10)
    assert documents.is_modified  # (not told yet)
    editor.insertPlainText(" Night fell.")  # the window goes on
    qtbot.waitUntil(lambda: documents._auto_again, timeout=5000)  # a pause during the save
    disk.gate.set()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    first = "The lamp was lit.\nThe boats came in."
    assert seen == [(True, first), (False, first + " Night fell.")]
    assert [on_window for on_window, _text in disk.writes] == [False, False]


def test_the_watcher_takes_an_auto_save_in_flight_for_its_own_and_a_conflict_stops_it(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """The file, written by an auto save whose result has not come back, with the writer typing
    on: not another program's change (no question, no reload). Another program's change
    after it stops Auto Save with the sentence it always had; the file deleted, with its own."""
    path = _open(window, tmp_path)
    documents, editor = window.documents, window.editor
    documents._auto.setInterval(60_000)  # (the pauses are the test's calls)
    asked: list[str] = []
    monkeypatch.setattr(documents.questions, "reload_changed", lambda n: asked.append(n) or False)
    disk = HeldDisk(monkeypatch)
    editor.insertPlainText("Mine.")
    _held_auto_save(qtbot, documents, disk)
    editor.insertPlainText(" More.")
    documents._on_disk_settled()  # (the watcher, the file still after the rename)
    assert asked == []
    assert editor.toPlainText() == "The lamp was lit.\nMine. More."
    disk.gate.set()
    qtbot.waitUntil(lambda: documents._saving is None, timeout=10_000)
    documents._on_disk_settled()
    assert asked == []
    assert documents.is_modified
    documents._watcher.removePaths(documents._watcher.files())  # (it would offer a reload)
    path.write_text("Their version.\n", encoding="utf-8")
    with qtbot.waitSignal(documents.message, timeout=10_000, check_params_cb=lambda m, _ms: (
            m == "Auto Save stopped for chapter.md: another program changed the file. Ctrl+S "
                 "asks which text to keep.")):  # fmt: skip
        documents.auto_save()
    assert path.read_text(encoding="utf-8") == "Their version.\n"
    assert documents.is_modified
    # the file deleted: no other text to keep (it said there was)
    documents._auto_stopped = False
    path.unlink()
    with qtbot.waitSignal(documents.message, timeout=10_000, check_params_cb=lambda m, _ms: (
            m == "Auto Save stopped for chapter.md: another program deleted or moved the file. "
                 "Ctrl+S offers to save it again.")):  # fmt: skip
        documents.auto_save()
    assert not path.exists()


def test_ctrl_s_and_a_close_wait_for_the_auto_save_in_flight(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """Ctrl+S while an auto save is written: after it, never racing it, and the file ends
    with the latest text, the document saved. A window closed (or Writer quit) while one is
    written waits for it, and asks nothing."""
    path = _open(window, tmp_path)
    documents, editor = window.documents, window.editor
    documents._auto.setInterval(60_000)  # (the pauses are the test's calls)
    disk = HeldDisk(monkeypatch)
    editor.insertPlainText("One.")
    _held_auto_save(qtbot, documents, disk)
    editor.insertPlainText(" Two.")
    # (racing it, Ctrl+S took the auto save's file for another program's)
    monkeypatch.setattr(documents.questions, "conflict", lambda _exc: pytest.fail("asked"))
    disk.release_soon()
    assert documents.save()
    assert [text for _on_window, text in disk.writes] == [
        "The lamp was lit.\nOne.",
        "The lamp was lit.\nOne. Two.",
    ]
    assert path.read_text(encoding="utf-8") == "The lamp was lit.\nOne. Two."
    assert not documents.is_modified
    disk.gate.clear()
    disk.written.clear()
    editor.insertPlainText(" Three.")
    _held_auto_save(qtbot, documents, disk)
    monkeypatch.setattr(
        documents.questions, "save_changes", lambda _name, **_: pytest.fail("asked")
    )
    disk.release_soon()
    assert window.close()
    assert path.read_text(encoding="utf-8") == "The lamp was lit.\nOne. Two. Three."


def test_a_question_whose_window_goes_while_it_is_open_changes_nothing(qtbot) -> None:
    """Found by running the tests on two processes: a file changed by another program while
    the writer had changes asks whether to reload; the window deleted while that box was open
    took the box with it, and reading the box's answer raised ("Internal C++ object
    (QMessageBox) already deleted"). Each question goes with its window, answered with what
    changes nothing."""
    import shiboken6

    from writer.documents import ConflictError
    from writer.ui.document_questions import CANCEL, LATER, DocumentQuestions
    from writer.ui.editor import Editor

    answers: list[object] = []
    asks = [
        lambda q: q.reload_changed("chapter.md"),
        lambda q: q.conflict(ConflictError("changed", Path("chapter.md"), deleted=False)),
        lambda q: q.save_in_utf8("chapter.md", "latin-1", "中", 1),
        lambda q: q.discard_to_reopen("chapter.md", "latin-1"),
        lambda q: q.save_changes("chapter.md"),
    ]
    for done, ask in enumerate(asks):
        editor = Editor()
        qtbot.addWidget(editor)
        editor.show()
        questions = DocumentQuestions(editor)
        editor.deleteLater()  # (the window closed: deleted once an event loop runs, the box's)
        answers.append(ask(questions))
        assert not shiboken6.isValid(editor), done
    assert answers == [LATER, CANCEL, False, False, CANCEL]


@pytest.mark.parametrize("tick", [True, False])
def test_the_save_question_offers_to_save_without_asking_from_now_on(
    qtbot, window, tmp_path, monkeypatch, tick: bool
) -> None:
    """Writing a project's chapters one window at a time asked Save changes? at every change
    of chapter (look35's): the question offers File → Auto Save in a box to tick, which Save
    then turns on for every window; unticked, or for a document with no file, nothing else."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def exec_(box: QMessageBox) -> int:
        check = box.checkBox()
        seen.append(check.text() if check is not None else "")
        if check is not None:
            check.setChecked(tick)
        if check is None:  # (a document with no file: Save would ask where)
            return QMessageBox.StandardButton.Discard
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    window.suggestions.set_enabled(False)
    window.editor.insertPlainText("Untitled words.")
    assert window.documents.maybe_save()
    assert seen == [""]
    path = _open(window, tmp_path)
    window.settings.update(auto_save=False)
    window.editor.insertPlainText("More.")
    assert window.documents.maybe_save()
    assert seen == ["", "&Always save without asking (File → Auto Save)"]
    assert path.read_text(encoding="utf-8") == "The lamp was lit.\nMore."
    assert window.settings.auto_save is tick
    assert window.act_auto_save.isChecked() is tick
