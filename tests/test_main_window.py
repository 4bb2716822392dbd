"""The main window with real files: faithful saves, refusals in words, close prompts."""

from __future__ import annotations

import contextlib
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import pump, wait_until
from tests.test_editor import type_text
from writer.app import AppState
from writer.documents import file_signature
from writer.documents.journal_writer import JournalWriter
from writer.settings import Settings
from writer.ui.editor import ghost_color


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch) -> None:
    """A message box that a test did not expect answers Discard instead of waiting forever."""
    monkeypatch.setattr(QMessageBox, "exec", lambda _self: QMessageBox.StandardButton.Discard)


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    seen: list[str] = []

    def capture(_parent, _title, text, *args, **kwargs):
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", capture)
    monkeypatch.setattr(QMessageBox, "critical", capture)
    return seen


@pytest.mark.parametrize(
    "data",
    [
        "\ufeff# Title\r\n\r\nCRLF with a BOM.\r\n".encode(),
        "第一章\n\n我们今天去公园散步。\n".encode(),
        b"no final newline",
        # no-break spaces (French typography): each was saved as a plain space
        "Il a dit\u00a0: «\u00a0Bonjour\u00a0!\u00a0»".encode(),
    ],
)
def test_open_edit_save_keeps_encoding_and_line_endings(
    qtbot, window, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(data)
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "X")
    assert window.isWindowModified()
    assert window.save()
    saved = path.read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    assert saved.count(b"\r\n") == data.count(b"\r\n")
    assert saved == data + b"X"  # (every character as it was)
    assert not window.isWindowModified()


def test_a_binary_file_is_refused_in_words(window, tmp_path: Path, messages) -> None:
    path = tmp_path / "photo.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert not window.open_file(path)
    assert window.editor.toPlainText() == ""
    assert "photo.md" in messages[0]
    assert "not a text file" in messages[0] or "binary" in messages[0]


def test_failed_save_keeps_the_text_and_says_so(
    qtbot, window, tmp_path: Path, messages, monkeypatch
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    path = folder / "a.md"
    path.write_text("original\n", encoding="utf-8")
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, "new text ")
    path.unlink()
    folder.rmdir()
    asked: list[str] = []
    answer_conflicts(monkeypatch, "overwrite", asked)  # "Save There Again"
    assert not window.save()
    assert asked == ["a.md was deleted or moved by another program."]
    assert "a.md" in messages[0]
    assert window.editor.toPlainText().startswith("new text ")
    assert window.isWindowModified()


def test_closing_a_modified_document_asks(qtbot, window, monkeypatch) -> None:
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, "unsaved words")
    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "exec", lambda _self: answers.pop(0))
    assert not window.close()
    assert window.isVisible()
    answers.append(QMessageBox.StandardButton.Discard)
    assert window.close()


def test_reopening_a_file_restores_the_cursor(qtbot, state, tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("line\n" * 200, encoding="utf-8")
    first = state.new_window(str(path))
    cursor = first.editor.textCursor()
    cursor.setPosition(503)
    first.editor.setTextCursor(cursor)
    assert first.close()
    second = state.new_window(str(path))
    assert second.editor.textCursor().position() == 503
    assert str(path) in state.settings.recent_files


def test_a_change_on_disk_is_noticed(qtbot, window, tmp_path: Path) -> None:
    path = tmp_path / "shared.md"
    path.write_text("first version\n", encoding="utf-8")
    assert window.open_file(path)
    path.write_text("changed elsewhere\n", encoding="utf-8")
    # Unmodified documents reload by themselves.
    wait_until(lambda: window.editor.toPlainText() == "changed elsewhere\n", 5000)


def test_a_reload_can_be_undone(qtbot, window, tmp_path: Path) -> None:
    """An unmodified document follows the file by itself, and Undo brings back the text the
    reload replaced (the undo history was wiped)."""
    path = tmp_path / "shared.md"
    path.write_text("first version\n", encoding="utf-8")
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, "Typed. ")
    assert window.save()
    path.write_text("changed elsewhere\n", encoding="utf-8")
    wait_until(lambda: window.editor.toPlainText() == "changed elsewhere\n", 5000)
    assert "Undo" in window.statusBar().currentMessage()
    assert not window.isWindowModified()
    window.act_undo.trigger()
    assert window.editor.toPlainText() == "Typed. first version\n"
    assert window.isWindowModified()
    assert window.editor.textCursor().position() == len("Typed. ")  # where it was
    window.act_redo.trigger()  # (and there after a redo: it went to the text's end)
    assert window.editor.toPlainText() == "changed elsewhere\n"
    assert not window.isWindowModified()
    assert window.editor.textCursor().position() == len("Typed. ")


def test_the_question_about_a_change_on_disk_keeps_the_writers_text_on_enter(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    """The box may come while the writer types: its default and Esc keep their version (Enter
    chose Reload, and the unsaved text was gone for good) and leave the choice to the save
    (Esc was Keep My Version, and the next Ctrl+S replaced the other program's text without a
    word); Reload can be undone."""
    path = tmp_path / "shared.md"
    path.write_bytes(ORIGINAL)
    mine = open_and_type(qtbot, window, path)
    boxes: list[tuple[str, str]] = []
    answer = ["enter"]

    def exec_(box: QMessageBox) -> int:
        boxes.append((box.defaultButton().text(), box.escapeButton().text()))
        if answer[0] == "enter":
            box.defaultButton().click()
        else:
            next(b for b in box.buttons() if b.text() == "&Reload").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    path.write_bytes(b"theirs\n")
    wait_until(lambda: len(boxes) == 1, 5000)
    assert boxes == [("&Decide When Saving", "&Decide When Saving")]
    assert window.editor.toPlainText() == mine
    assert window.isWindowModified()
    assert "saving asks" in window.statusBar().currentMessage()
    asked: list[str] = []
    answer_conflicts(monkeypatch, "cancel", asked)
    assert not window.save()  # (it asks: Cancel)
    assert asked == ["shared.md was changed by another program since Writer opened it."]
    assert path.read_bytes() == b"theirs\n"
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    answer[0] = "reload"
    path.write_bytes(b"theirs again\n")
    wait_until(lambda: window.editor.toPlainText() == "theirs again\n", 5000)
    assert len(boxes) == 2
    assert not window.isWindowModified()
    window.act_undo.trigger()
    assert window.editor.toPlainText() == mine


def test_a_file_that_cannot_be_read_after_a_change_is_never_taken_as_reloaded(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    """Another program leaves the file in bytes Writer cannot read: the status bar says so,
    the text stays, and Ctrl+S asks before replacing their file (the bar said "reloaded" and
    the save overwrote it without a word)."""
    path = tmp_path / "chapter.md"
    path.write_bytes(ORIGINAL)
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    wait_until(lambda: "cannot read" in window.statusBar().currentMessage(), 5000)
    assert "reloaded" not in window.statusBar().currentMessage()
    assert window.editor.toPlainText().encode("utf-8") == ORIGINAL
    qtbot.keyClicks(window.editor, "More. ")
    asked: list[str] = []
    answer_conflicts(monkeypatch, "cancel", asked)
    assert not window.save()
    assert asked == ["chapter.md was changed by another program since Writer opened it."]
    assert path.read_bytes() == b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def test_a_file_written_again_with_the_same_text_changes_nothing(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    """A touch or a sync tool writing the same bytes: no reload, no question, the undo history
    kept (it reloaded and wiped Undo, and asked about unsaved changes)."""
    path = tmp_path / "chapter.md"
    path.write_bytes(ORIGINAL)
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, "Saved words. ")
    assert window.save()
    saved = path.read_bytes()
    qtbot.keyClicks(window.editor, "Unsaved words. ")
    mine = window.editor.toPlainText()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    before = file_signature(path)
    path.unlink()
    path.write_bytes(saved)  # the same text, another file (a sync tool's rename)
    assert file_signature(path) != before
    wait_until(lambda: window.documents.signature == file_signature(path), 5000)
    assert asked == []
    assert window.editor.toPlainText() == mine
    assert window.isWindowModified()
    assert window.editor.document().isUndoAvailable()


def test_find_bar_finds_and_wraps(qtbot, window) -> None:
    window.suggestions.set_enabled(False)
    window.editor.setPlainText("apple banana apple cherry")
    window.find_bar.open_bar()
    window.find_bar.field.setText("apple")
    assert window.find_bar.find_next()
    first = window.editor.textCursor().selectionStart()
    assert window.find_bar.find_next()
    second = window.editor.textCursor().selectionStart()
    assert (first, second) == (0, 13) or first != second
    qtbot.keyClick(window.find_bar, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


@contextlib.contextmanager
def running_app(settings: Settings, model: str | None = None):
    """An application with its own engine worker and one shown window, for `settings` (and
    `--model`), stopped whatever happens; yields (state, window, worker)."""
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    state = AppState(settings, worker, JournalWriter(None), model)
    window = state.new_window()
    try:
        window.show()
        yield state, window, worker
    finally:
        state._quitting = True
        window.close()
        worker.stop()


def test_a_broken_model_leaves_a_working_editor_and_says_why(qtbot, tmp_path: Path) -> None:
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    writer = JournalWriter(None)
    app_state = AppState(Settings(), worker, writer, str(tmp_path / "notes.gguf"))
    app_state._quitting = True
    (tmp_path / "notes.gguf").write_text("Dear diary, this is not a model.")
    window = app_state.new_window()
    window.show()
    app_state.load_model()
    wait_until(lambda: "not a GGUF" in window.statusBar().currentMessage(), 10_000)
    assert window.model_status.model_label.text() == "No model"
    assert "editor works without suggestions" in window.statusBar().currentMessage()
    qtbot.keyClicks(window.editor, "Still typing.")
    assert window.editor.toPlainText() == "Still typing."
    window.editor.document().setModified(False)
    window.close()
    worker.stop()


def test_a_damaged_chosen_model_gives_way_to_the_starter_and_says_why(
    qtbot, tmp_path: Path
) -> None:
    """The model the settings chose is damaged (cut short): the starter model writes in its
    place, and the status bar says why (it said No model and stayed without suggestions
    until the writer chose one by hand). The setting stays: a mended file is used again."""
    from writer import paths

    starter = paths.starter_model_path()
    damaged = tmp_path / "good-copy.Q4_1.gguf"
    damaged.write_bytes(starter.read_bytes()[: 1024 * 1024])
    settings = Settings()
    settings.model_path = str(damaged)
    with running_app(settings) as (app_state, window, _worker):
        app_state.load_model()
        wait_until(lambda: "starter model writes" in window.statusBar().currentMessage(), 20_000)
        assert "good-copy.Q4_1.gguf" in window.statusBar().currentMessage()
        # The sentence comes as the starter begins to load; its name once it has loaded.
        wait_until(
            lambda: window.model_status.model_label.text().startswith(starter.stem), 20_000
        )
        assert settings.model_path == str(damaged)


def test_a_chosen_model_gone_from_its_folder_gives_way_to_the_starter_and_says_why(
    qtbot, tmp_path: Path
) -> None:
    """The model the settings chose was deleted or moved (its Hugging Face cache cleared):
    the starter writes in its place and the status bar says so (the starter was loaded
    without a word, and the status bar named it as if the writer had chosen it)."""
    from writer import paths

    starter = paths.starter_model_path()
    gone = tmp_path / "hub" / "mine.Q4_K_M.gguf"
    settings = Settings()
    settings.model_path = str(gone)
    with running_app(settings) as (app_state, window, worker):
        app_state.load_model()
        wait_until(lambda: worker.is_loaded, 20_000)
        wait_until(lambda: "starter model writes" in window.statusBar().currentMessage(), 5_000)
        message = window.statusBar().currentMessage()
        assert "mine.Q4_K_M.gguf" in message
        # (the label follows the worker's signal, which may come after the sentence)
        wait_until(lambda: window.model_status.model_label.text().startswith(starter.stem))
        assert settings.model_path == str(gone)  # put back, the file is used again


def test_a_damaged_model_failing_after_another_was_chosen_replaces_nothing(
    qtbot, tmp_path: Path
) -> None:
    """The writer chose another model while a damaged one was still failing: the late failure
    is the old model's, so the chosen one stays (the starter was loaded over it, and the
    window blamed the new model)."""
    from writer import paths

    starter = paths.starter_model_path()
    damaged = tmp_path / "damaged.gguf"
    damaged.write_bytes(starter.read_bytes()[: 1024 * 1024])
    chosen = tmp_path / "chosen.gguf"
    chosen.write_bytes(starter.read_bytes())  # another file (a link would be the starter)
    settings = Settings()
    settings.model_path = str(damaged)
    loaded: list[str] = []
    with running_app(settings) as (app_state, window, worker):
        worker.model_loaded.connect(lambda info: loaded.append(Path(info.path).name))
        app_state.load_model()
        settings.update(model_path=str(chosen))  # loads it, after the damaged one fails
        wait_until(lambda: loaded == ["chosen.gguf"], 20_000)
        # the damaged model's failure came before (one worker, in order): a fallback would
        # have asked for the starter then, synchronously
        assert app_state.asked == chosen
        assert "starter model writes" not in window.statusBar().currentMessage()


def test_offline_with_a_server_elsewhere_runs_the_model_here_and_says_why(qtbot) -> None:
    """Offline, with a server on another machine chosen: the model on this computer writes,
    and the status bar says why (it said the server was refused and left No model)."""
    settings = Settings(use_server=True, server_url="http://192.0.2.1:8080", offline=True)
    with running_app(settings) as (app_state, window, worker):
        app_state.load_model()
        wait_until(lambda: "writes meanwhile" in window.statusBar().currentMessage(), 20_000)
        assert "offline" in window.statusBar().currentMessage()
        assert worker.is_loaded
        assert worker.info.host is None


def test_a_finished_rewrite_shows_its_speed_in_the_status_bar(qtbot, window) -> None:
    from PySide6.QtGui import QTextCursor

    from writer.assist.presets import preset_instruction

    editor = window.editor
    editor.setPlainText("The keeper climbed the steps evry evening.")
    cursor = editor.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    editor.setTextCursor(cursor)
    seen: list = []
    window.rewrite.finished.connect(seen.append)
    assert window.rewrite.start("Shorter", preset_instruction("Shorter"))
    wait_until(lambda: not window.rewrite.streaming, 60_000)
    assert seen
    assert window.model_status.speed_label.text().startswith("rewrite: first token ")
    assert "generated" in window.model_status.speed_label.toolTip()
    window.rewrite.reject()


# save failures: the original stays byte-identical, the text stays (in the editor and the
# journal), the writer is told -------------------------------------------------------------------
ORIGINAL = b"# Notes\n\nThe first draft, which must survive.\n"


def journaled(state, text: str) -> bool:
    """Whether this session's journal holds `text` (its writer thread may still be writing)."""
    folder = state.journal_writer.journal.session_dir
    data = text.encode("utf-8")
    return any(data in entry.read_bytes() for entry in folder.glob("*.entry"))


def open_and_type(qtbot, window, path: Path, words: str = "Words that must not be lost. "):
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, words)
    return window.editor.toPlainText()


def answer_conflicts(monkeypatch, choice: str, seen: list[str]) -> None:
    """Answer the file-changed question by clicking the button named `choice` on the real box."""
    from PySide6.QtWidgets import QAbstractButton

    def exec_(box: QMessageBox) -> int:
        buttons = {b.objectName(): b for b in box.findChildren(QAbstractButton)}
        if "overwrite" not in buttons:  # another question (the watcher's): the safe answer
            rejects = [b for b in box.buttons()
                       if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole]  # fmt: skip
            rejects[0].click()
            return 0
        seen.append(box.text())
        (buttons.get(choice) or box.button(QMessageBox.StandardButton.Cancel)).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def failing_save(kind: str, path: Path, small_disk_path: Path | None = None):
    """Make the next save of `path` fail in the way `kind` says; returns a context manager."""
    from contextlib import nullcontext

    from tests.conftest import protected

    if kind == "read-only file":
        return protected(path)
    if kind == "a folder in its place":
        path.unlink()
        path.mkdir()
    return nullcontext()


@pytest.mark.parametrize("kind", ["read-only file", "a folder in its place", "disk full"])
def test_a_failed_save_changes_nothing_and_keeps_the_text(
    qtbot, state, window, tmp_path: Path, messages, monkeypatch, request, kind: str
) -> None:
    folder = request.getfixturevalue("small_disk") if kind == "disk full" else tmp_path
    path = folder / "notes.md"
    path.write_bytes(ORIGINAL)
    text = open_and_type(qtbot, window, path)
    if kind == "disk full":  # more than the 128 KiB disk holds
        window.editor.insertPlainText("A long paragraph that fills the disk. " * 4000)
        text = window.editor.toPlainText()
    asked: list[str] = []
    answer_conflicts(monkeypatch, "cancel", asked)
    with failing_save(kind, path):
        assert not window.save()
    assert path.is_dir() if kind == "a folder in its place" else path.read_bytes() == ORIGINAL
    assert len(messages) == 1
    assert "notes.md" in messages[0]
    assert "Your text is still open in Writer" in messages[0]
    assert window.editor.toPlainText() == text
    assert window.isWindowModified()
    wait_until(lambda: journaled(state, text), 5000)
    assert asked == []  # nothing to choose: the save failed and says why


@pytest.mark.parametrize(
    ("choice", "on_disk"),
    [("cancel", "theirs"), ("overwrite", "mine"), ("save-as", "both")],
)
def test_a_file_changed_by_another_program_is_never_overwritten_silently(
    qtbot, state, window, tmp_path: Path, monkeypatch, choice: str, on_disk: str
) -> None:
    """Even when the file watcher has not told the window yet (no events between the other
    program's write and Ctrl+S), the save asks, and each answer does what it says."""
    path = tmp_path / "shared.md"
    path.write_bytes(ORIGINAL)
    mine = open_and_type(qtbot, window, path)
    theirs = b"Another program's version.\n"
    path.write_bytes(theirs)
    asked: list[str] = []
    answer_conflicts(monkeypatch, choice, asked)
    elsewhere = tmp_path / "mine.md"
    monkeypatch.setattr(
        "writer.ui.document_questions.QFileDialog.getSaveFileName", lambda *a: (str(elsewhere), "")
    )
    saved = window.save()  # before any event is processed
    assert asked == ["shared.md was changed by another program since Writer opened it."]
    assert saved == (choice != "cancel")
    assert window.editor.toPlainText() == mine
    if on_disk == "theirs":
        assert path.read_bytes() == theirs
        assert window.isWindowModified()
        assert "Not saved" in window.statusBar().currentMessage()
        wait_until(lambda: journaled(state, mine), 5000)
    elif on_disk == "mine":
        assert path.read_text(encoding="utf-8") == mine
    else:
        assert path.read_bytes() == theirs
        assert elsewhere.read_text(encoding="utf-8") == mine
        assert window.documents.path == elsewhere


def test_a_deleted_file_is_saved_again_only_when_the_writer_says_so(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "gone.md"
    path.write_bytes(ORIGINAL)
    mine = open_and_type(qtbot, window, path)
    path.unlink()
    asked: list[str] = []
    answer_conflicts(monkeypatch, "cancel", asked)
    assert not window.save()
    assert not path.exists()
    answer_conflicts(monkeypatch, "overwrite", asked)
    assert window.save()
    assert asked == ["gone.md was deleted or moved by another program."] * 2
    assert path.read_text(encoding="utf-8") == mine


def test_after_keeping_my_version_the_save_does_not_ask_again(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    """The watcher's question (Keep My Version) is the writer's choice: Ctrl+S then saves."""
    path = tmp_path / "kept.md"
    path.write_bytes(ORIGINAL)
    mine = open_and_type(qtbot, window, path)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(
        b for b in box.buttons() if b.text() == "&Keep My Version").click())  # fmt: skip
    path.write_bytes(b"theirs\n")
    wait_until(lambda: window.documents.signature == file_signature(path), 5000)
    asked: list[str] = []
    answer_conflicts(monkeypatch, "cancel", asked)
    assert window.save()
    assert asked == []
    assert path.read_text(encoding="utf-8") == mine


def test_a_new_window_is_unmodified_and_undo_follows_typing(qtbot, window) -> None:
    """Found by looking at the window: the editor's margin was an undo step, so a new window
    was modified and the Undo button never woke up."""
    window.suggestions.set_enabled(False)
    assert not window.isWindowModified()
    assert not window.act_undo.isEnabled()
    qtbot.keyClicks(window.editor, "abc")
    assert window.act_undo.isEnabled()
    while window.editor.document().isUndoAvailable():
        window.act_undo.trigger()
    assert window.editor.toPlainText() == ""
    assert not window.act_undo.isEnabled()
    assert window.act_redo.isEnabled()


def test_settings_open_with_ctrl_comma(window) -> None:
    from PySide6.QtGui import QKeySequence

    assert QKeySequence("Ctrl+,") in window.act_preferences.shortcuts()


def test_a_key_written_with_return_answers_to_the_keypads_enter(qtbot, window) -> None:
    """All Alternatives is "Ctrl+Return": Ctrl and the keypad's Enter did nothing (Qt holds
    the two keys apart), where VS Code and a word processor take either."""
    from PySide6.QtWidgets import QLineEdit

    field = QLineEdit(window)  # (a widget of the window that has no key of its own for it)
    field.show()
    field.setFocus()
    triggered: list[bool] = []
    window.act_alt_list.triggered.connect(lambda *_: triggered.append(True))
    keypad = Qt.KeyboardModifier.KeypadModifier
    qtbot.keyClick(field, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier | keypad)
    assert triggered == [True]
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert triggered == [True, True]



def test_an_untitled_window_is_named_after_its_first_words(qtbot, window) -> None:
    """Found by looking at the window: the title kept the first character typed."""
    window.suggestions.set_enabled(False)
    assert window.windowTitle().startswith("Untitled")
    qtbot.keyClicks(window.editor, "Dear diary")
    assert window.windowTitle().startswith("Dear diary[*]")
    window.editor.selectAll()
    qtbot.keyClicks(window.editor, "Harbour notes")
    assert window.windowTitle().startswith("Harbour notes[*]")


# the window's parts -----------------------------------------------------------------------------
def test_the_find_field_keeps_its_width_when_the_search_wraps(qtbot, window) -> None:
    """Found by a newcomer: the field narrowed when the status changed; a search gone round
    says its count, as VS Code's (it said "Wrapped around": neither where nor of how many),
    the wrap in the status's tooltip."""
    window.suggestions.set_enabled(False)
    window.editor.setPlainText("apple banana apple cherry")
    window.find_bar.open_bar()
    window.find_bar.field.setText("apple")
    qtbot.waitExposed(window.find_bar)
    window.find_bar.layout().activate()  # (its width found: the status's room set for it)
    width = window.find_bar.field.width()
    assert window.find_bar.find_next()
    assert window.find_bar.status.text() == "1 of 2"  # (VS Code's count)
    assert window.find_bar.find_next()
    assert window.find_bar.status.text() == "2 of 2"
    assert window.find_bar.find_next()  # past the last one: back to the first
    assert window.find_bar.status.text() == "1 of 2"
    assert window.find_bar.status.toolTip() == "Wrapped around"
    assert window.editor.textCursor().selectionStart() == 0
    assert window.find_bar.find_next()
    assert window.find_bar.status.toolTip() == ""
    wait_until(lambda: window.find_bar.layout().geometry().isValid(), 2000)
    window.find_bar.layout().activate()
    assert window.find_bar.field.width() == width
    status = window.find_bar.status
    assert status.fontMetrics().horizontalAdvance(status.text()) <= status.width()
    # the bar gives way in a narrow window (it held the window's text 740 pixels wide, and
    # squeezed the preview beside it to a word a line); its status is cut there instead
    window.act_replace.trigger()
    assert window.find_bar.minimumSizeHint().width() < 700


def test_open_log_folder_without_a_file_opener_shows_the_path_to_copy(
    qtbot, window, monkeypatch
) -> None:
    """Found by a newcomer: with no program to open folders, the menu item did nothing."""
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QAbstractButton, QApplication

    from writer.logs import log_file

    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or False)
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text() + "\n" + box.informativeText())
        buttons = {b.objectName(): b for b in box.findChildren(QAbstractButton)}
        buttons["copy-path"].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    QApplication.clipboard().clear()
    window.act_log.trigger()
    folder = str(log_file().parent)
    assert opened[0].toLocalFile() == folder
    assert "no program to open folders" in shown[0]
    assert folder in shown[0]
    assert QApplication.clipboard().text() == folder


def test_the_problem_report_message_is_shown_whole(qtbot, window, monkeypatch) -> None:
    """Found by a newcomer: the status bar cut the sentence at "what hap", before the pointer
    to the log folder."""
    from PySide6.QtWidgets import QLabel

    window.resize(600, 400)
    seen: list[QLabel] = []

    def exec_(box: QMessageBox) -> int:
        box.show()
        label = next(
            w for w in box.findChildren(QLabel) if "Open Log Folder" in w.text()
        )  # the sentence, in a label that wraps, whole
        seen.append(label)
        qtbot.waitExposed(box)
        assert label.wordWrap() or label.fontMetrics().horizontalAdvance(
            label.text()
        ) <= label.width()
        assert label.text().endswith("(the log is in Help → Open Log Folder).")
        box.close()
        assert not box.isVisible()  # Esc and the window's close button work: a box stays shut
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    window.act_report.trigger()
    assert seen


def test_while_the_model_loads_a_message_has_the_room_the_parts_leave(qtbot, window) -> None:
    """While a model loaded, its busy bar (a progress bar, which grows by default) made the
    model's part take half the status bar's free room: "No model is ready yet: suggestions
    come once one has loaded (Model" was cut against the word count with a third of the bar
    empty (seen in a real window, Ctrl+Space during the load)."""
    window.resize(980, 720)
    qtbot.waitExposed(window)
    status, bar = window.model_status, window.statusBar()
    status.on_loading("/models/SmolLM2-135M-Instruct.Q4_1.gguf")
    message = (
        "No model is ready yet: suggestions come once one has loaded (Model → Manage Models)."
    )
    window.show_message(message)
    wait_until(lambda: status.width() <= status.sizeHint().width(), 3000)
    shown = [w for w in (window.word_count, window.alt_label, status) if w.isVisible()]
    first = min(w.geometry().x() for w in shown)
    assert bar.fontMetrics().horizontalAdvance(message) <= first


def test_the_alternatives_counter_refits_the_message_it_crowds(qtbot, window) -> None:
    """Alt+] while a message showed: the counter ("1 / 4") came beside it and cut its end
    ("...files in /" against "1 / 4"); the parts step aside for it as for any message."""
    from writer.ui.main_window import MESSAGE_MARGIN

    window.resize(980, 720)
    qtbot.waitExposed(window)
    bar = window.statusBar()
    parts = (window.word_count, window.alt_label, window.encodings.button, window.model_status,
             window.download_status)  # fmt: skip

    def room() -> int:
        shown = sum(w.sizeHint().width() for w in parts if w.isVisible())
        return bar.width() - shown - MESSAGE_MARGIN

    window.statusBar().clearMessage()
    wide = bar.fontMetrics().horizontalAdvance
    message = "Spelling is not checked"
    while wide(message + " x") <= room():
        message += " x"
    window.show_message(message)
    assert window.model_status.model_label.isVisible()  # it fits beside every part
    window.assist.alternatives.changed.emit(0, 4)
    assert window.alt_label.text() == "1 / 4"
    assert wide(message) <= room()


def test_a_long_status_message_shows_in_full_on_hover(qtbot, window) -> None:
    long = "A sentence much longer than the status bar of a narrow window can show. " * 3
    window.resize(600, 400)
    window.show_message(long, 0)
    assert window.statusBar().currentMessage() == long
    assert window.statusBar().toolTip() == long
    window.statusBar().clearMessage()
    assert window.statusBar().toolTip() == ""


def test_every_action_of_the_table_has_a_text_and_no_key_twice(window) -> None:
    from writer.ui.actions import ACTIONS

    keys: list[str] = []
    for row in ACTIONS:
        action = getattr(window, f"act_{row.name}")
        assert action.text()
        keys += [k.toString() for k in action.shortcuts()]
    assert len(keys) == len(set(keys))
    assert "Ctrl+Shift+R" in keys
    # a status tip fits beside the status bar's parts at the window's first size (Writing
    # Statistics' ran past them: they stepped aside, and the tip was cut all the same)
    from writer.ui.main_window import MESSAGE_MARGIN

    bar = window.statusBar()
    parts = (window.word_count, window.alt_label, window.encodings.button, window.model_status,
             window.download_status)  # fmt: skip
    room = bar.width() - sum(w.sizeHint().width() for w in parts if w.isVisible()) - MESSAGE_MARGIN
    tips = {row.name: getattr(window, f"act_{row.name}").statusTip() for row in ACTIONS}
    wide = bar.fontMetrics().horizontalAdvance
    assert [name for name, tip in tips.items() if wide(tip) > room] == []


def test_the_document_manager_says_what_changed(qtbot, state, tmp_path: Path, monkeypatch):
    """The manager works on any editor and announces names, modification and messages."""
    from PySide6.QtWidgets import QFileDialog

    from writer.ui.document_manager import DocumentManager
    from writer.ui.editor import Editor

    editor = Editor()
    qtbot.addWidget(editor)
    manager = DocumentManager(editor, state.journal_writer, state.settings)
    names: list[str] = []
    modified: list[bool] = []
    messages: list[str] = []
    manager.display_name_changed.connect(names.append)
    manager.modified_changed.connect(modified.append)
    manager.message.connect(lambda text, _ms: messages.append(text))
    editor.insertPlainText("Harbour notes")
    assert modified == [True]
    assert names[-1].startswith("Harbour notes")
    target = tmp_path / "harbour.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    editor.document().setModified(True)
    assert manager.save()  # untitled: Save As
    assert target.read_text(encoding="utf-8") == "Harbour notes"
    assert (names[-1], modified[-1]) == ("harbour.md", False)
    assert messages[-1] == "Saved harbour.md"
    assert state.settings.recent_files[0] == str(target)


def test_a_file_that_cannot_be_opened_leaves_no_new_window(
    qtbot, state, window, tmp_path: Path, messages
) -> None:
    window.editor.setPlainText("A draft already here.")
    path = tmp_path / "photo.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    windows = list(state.windows)
    window.open_path(str(path))
    assert "photo.md" in messages[0]
    assert state.windows == windows
    good = tmp_path / "notes.md"
    good.write_text("Some notes.\n", encoding="utf-8")
    window.open_path(str(good))  # the window holds a draft: a new one, kept
    assert len(state.windows) == len(windows) + 1
    assert state.windows[-1].editor.toPlainText() == "Some notes.\n"
    state.windows[-1].editor.document().setModified(False)


def test_save_as_offers_the_name_the_title_shows(qtbot, window, monkeypatch) -> None:
    window.editor.setPlainText("# Hello\n\nA first line of prose.")
    offered: list[Path] = []
    monkeypatch.setattr(
        window.documents.questions, "path_to_save", lambda start: offered.append(start) or ""
    )
    assert not window.documents.save_as()
    assert offered[0].name == "Hello.md"
    assert window.windowTitle().startswith("Hello")  # without the heading's mark, as offered


def test_a_message_for_the_start_waits_for_the_welcome_to_close(qtbot, window) -> None:
    """A sentence shown at the start ("New file: …") while a modal dialog is open (the first
    run's welcome) shows once the dialog closes, for its whole time: it ran out under the
    dialog and was gone when the writer could see the status bar."""
    from PySide6.QtWidgets import QDialog

    def after(ms: int) -> str:
        seen: list[str] = []
        QTimer.singleShot(ms, lambda: seen.append(window.statusBar().currentMessage()))
        qtbot.waitUntil(lambda: bool(seen))
        return seen[0]

    window.app_state.asking = True  # the first questions are still to come (app.run_gui)
    window.show_message_later("New file: ideas.md is created when you save.", 10_000)
    window.show_message_later("Not reopened from the last session, no longer there: a.md",
                              15_000)  # (said together: the second replaced the first)  # fmt: skip
    assert after(600) == ""
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    window.app_state.asking = False  # asked: the welcome is open
    assert after(600) == ""  # still waiting: the dialog is open
    dialog.accept()
    wait_until(lambda: "ideas.md" in window.statusBar().currentMessage())
    assert "no longer there: a.md" in window.statusBar().currentMessage()


def test_opening_a_file_a_window_shows_brings_that_window_forward(
    qtbot, state, window, tmp_path: Path
) -> None:
    """File → Open or Open Recent on a file already open: no second window on it (each took
    the other's saves for another program's, and their questions stacked)."""
    path = tmp_path / "doc.md"
    path.write_text("One text.\n", encoding="utf-8")
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, "Unsaved. ")
    other = state.new_window()
    other.editor.setPlainText("A draft here.")
    windows = list(state.windows)
    other.open_path(str(tmp_path / "." / "doc.md"))
    assert state.windows == windows
    assert window.editor.toPlainText() == "Unsaved. One text.\n"
    other.editor.document().setModified(False)


def test_find_counts_past_9999_and_reads_the_document_once_for_a_query(
    qtbot, window, monkeypatch
) -> None:
    """A word found more than 9,999 times: Find Next read the document again at each press
    (19 ms in a 2 MB manuscript), and a match past the 9,999th said "10,001 of 9,999+"; now
    the places read are kept until the document or the query changes, and past 9,999 the
    count is read to the end."""
    window.suggestions.set_enabled(False)
    window.editor.setPlainText("ab " * 10_005)
    bar = window.find_bar
    reads = []
    read = bar._read
    monkeypatch.setattr(bar, "_read", lambda pattern: reads.append(1) or read(pattern))
    bar.open_bar()
    bar.field.setText("ab")
    assert bar.find_next()
    assert bar.status.text() == "1 of 9,999+"
    for number in range(2, 6):
        assert bar.find_next()
        assert bar.status.text() == f"{number} of 9,999+"
    assert window.editor.textCursor().selectionStart() == 12
    assert bar.find_previous()
    assert bar.status.text() == "4 of 9,999+"
    cursor = window.editor.textCursor()
    cursor.setPosition(3 * 10_000 + 1)  # in the 10,001st
    window.editor.setTextCursor(cursor)
    assert bar.find_next()
    assert bar.status.text() == "10,002 of 10,005"
    assert bar.find_previous()
    assert bar.find_previous()
    assert bar.status.text() == "10,000 of 10,005"
    assert window.editor.textCursor().selectionStart() == 3 * 9_999
    cursor.setPosition(3 * 10_005 - 1)
    window.editor.setTextCursor(cursor)
    assert bar.find_next()  # round to the first
    assert bar.status.text() == "1 of 10,005"
    assert reads == [1]
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("ab")  # an edit: read again
    assert bar.find_next()
    assert bar.status.text() == "1 of 10,006"
    assert reads == [1, 1]


def test_find_from_the_keyboard_goes_back_and_a_miss_moves_nothing(qtbot, window) -> None:
    """Shift+Enter in the field finds the previous match (it stayed on the same one), and a
    search that finds nothing leaves the cursor where it was (typing then landed at the top)."""
    window.suggestions.set_enabled(False)
    window.editor.setPlainText("beta one beta two beta three beta four")
    window.find_bar.open_bar()
    field = window.find_bar.field
    field.setText("beta")
    for _ in range(3):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.editor.textCursor().selectionStart() == 18
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.editor.textCursor().selectionStart() == 9
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    field.setText("zzz")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.find_bar.status.text() == "Not found"
    qtbot.keyClick(window.find_bar, Qt.Key.Key_Escape)
    qtbot.keyClicks(window.editor, " five")
    assert window.editor.toPlainText().endswith("beta four five")


def test_a_file_renamed_by_another_program_is_followed(qtbot, window, tmp_path: Path) -> None:
    """mv chapter-01.md ch1-moved.md while it is open: the document is the renamed file (the
    old name dangled, and in a project the model read the document's own text as another
    part of the project); a save writes there, and the versions kept of it go with it (they
    stayed under the old name, out of File → Local History)."""
    path = tmp_path / "chapter-01.md"
    path.write_bytes(ORIGINAL)
    mine = open_and_type(qtbot, window, path)
    assert window.save()
    history = window.app_state.history
    wait_until(lambda: len(history.versions(path)) == 2)  # (as it was, and the save)
    window.editor.textCursor().insertText("More. ")
    mine = window.editor.toPlainText()
    moved = tmp_path / "ch1-moved.md"
    path.rename(moved)
    wait_until(lambda: window.documents.path == moved, 5000)
    assert "renamed to ch1-moved.md" in window.statusBar().currentMessage()
    assert "ch1-moved.md" in window.windowTitle()
    assert window.save()
    assert moved.read_text(encoding="utf-8") == mine
    assert not path.exists()
    wait_until(lambda: len(history.versions(moved)) == 3)
    assert history.versions(path) == []


def test_replace_one_by_one_and_all_at_once_from_the_keyboard(qtbot, window) -> None:
    """Edit → Replace (Ctrl+H): Enter in the replace field replaces the selected match and
    finds the next; Replace All replaces the rest as one step Undo takes back, and says how
    many (there was no Replace at all)."""
    window.suggestions.set_enabled(False)
    window.editor.setPlainText("The Fox and the fox met a FOX by the foxglove.")
    bar = window.find_bar
    window.act_replace.trigger()
    assert bar.isVisible()
    assert bar.replacing
    qtbot.keyClicks(bar.field, "fox")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # finds the first
    bar.replace_field.setText("cat")
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return)
    assert window.editor.toPlainText() == "The cat and the fox met a FOX by the foxglove."
    assert window.editor.textCursor().selectedText() == "fox"  # the next one, selected
    bar.replace_all_btn.click()
    assert window.editor.toPlainText() == "The cat and the cat met a cat by the catglove."
    assert bar.status.text() == "3 replaced"
    window.act_undo.trigger()
    assert window.editor.toPlainText() == "The cat and the fox met a FOX by the foxglove."
    # the letters typed right after a replacement are a step of their own (Ctrl+Z took them
    # and the replacement together)
    for replace in (lambda: qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return),
                    bar.replace_all_btn.click):  # fmt: skip
        window.editor.setPlainText("A fox")
        window.editor.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # (selects it, for Replace)
        replace()
        qtbot.keyClicks(window.editor, "es")
        window.act_undo.trigger()
        assert window.editor.toPlainText() == "A cat"
    window.find_bar.open_bar()  # Find alone hides the replace row
    assert not bar.replacing
    qtbot.keyClick(bar, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_the_find_bar_has_find_in_projects_switches_and_matches_by_its_rules(
    qtbot, window
) -> None:
    """Find and Replace ignored case and had no Whole Word nor regular expressions, which Find
    in Project has: the bar has its switches (VS Code's keys), its rules (a line at a time),
    Preserve Case, and says why a pattern is not searched; after an emoji (two of Qt's
    positions) the match selected is the one found."""
    window.suggestions.set_enabled(False)
    editor, bar = window.editor, window.find_bar
    editor.setPlainText("🐟 Ann met Anne.\nann and ANN left.")
    window.act_replace.trigger()
    qtbot.keyClicks(bar.field, "ann")
    qtbot.keyClick(bar.field, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Match Case
    assert bar.switches.case.isChecked()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert editor.textCursor().selectedText() == "ann"
    assert editor.textCursor().selectionStart() == len("🐟 Ann met Anne.\n") + 1  # (Qt's)
    assert bar.status.text() == "1 of 1"
    bar.switches.case.setChecked(False)
    qtbot.keyClick(bar.field, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # Whole Word
    bar.replace_field.setText("hannah")
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert bar.switches.preserve.isChecked()
    assert bar.replace_all() == 3  # not Anne
    assert editor.toPlainText() == "🐟 Hannah met Anne.\nhannah and HANNAH left."
    window.act_undo.trigger()
    bar.switches.word.setChecked(False)
    bar.switches.preserve.setChecked(False)
    qtbot.keyClick(bar.field, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # .*
    bar.field.setText(r"^(\w+) (\w+)")  # (each line's first two words: ^ is a line's start)
    bar.replace_field.setText(r"\2 \1")
    assert bar.replace_all() == 1  # (the emoji is no word: the first line's start is no match)
    assert editor.toPlainText() == "🐟 Ann met Anne.\nand ann ANN left."
    for pattern, said in (("[ab", "a “[” is not closed"),
                          (r"(a+)+$", "a repeated group can itself match")):  # fmt: skip
        bar.field.setText(pattern)
        assert not bar.find_next()
        assert bar.status.text() == "Not a valid pattern"
        assert said in bar.status.toolTip()
    bar.field.setText("(x)?ann")
    bar.replace_field.setText(r"\g<nine>")
    assert bar.replace_all() == 0
    assert "does not work with this expression" in bar.status.toolTip()
    assert editor.toPlainText() == "🐟 Ann met Anne.\nand ann ANN left."
    # "^" is each line's start (an empty match there, as VS Code's: "Not found" before)
    bar.field.setText("^")
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    assert bar.find_next()
    assert editor.textCursor().position() == len("🐟 Ann met Anne.\n") + 1  # (Qt's)
    bar.replace_field.setText("> ")
    assert bar.replace_all() == 2
    assert editor.toPlainText() == "> 🐟 Ann met Anne.\n> and ann ANN left."
    bar.switches.regex.setChecked(False)  # the matches kept for a query go with an edit
    bar.field.setText("left")
    assert bar.find_next()
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    editor.insertPlainText("left ")
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    assert bar.find_next()
    assert (editor.textCursor().selectionStart(), bar.status.text()) == (0, "1 of 2")
    window.act_undo.trigger()
    bar.switches.regex.setChecked(True)
    bar.field.setText(".*")  # (a line once: the empty match at its end after it is none)
    bar.replace_field.setText("[$&]")
    assert bar.replace_all() == 2
    assert editor.toPlainText() == "[> 🐟 Ann met Anne.]\n[> and ann ANN left.]"


def test_why_a_pattern_is_not_searched_shows_without_a_hover(qtbot, window) -> None:
    """The status said "Not a valid pattern" and kept why in its tooltip, which a writer who
    never hovers never saw: Enter shows it at once, beside the status."""
    from PySide6.QtWidgets import QToolTip

    window.suggestions.set_enabled(False)
    window.editor.setPlainText("an apple")
    window.show()
    qtbot.waitExposed(window)
    bar = window.find_bar
    window.act_find.trigger()
    qtbot.keyClick(bar.field, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(bar.field, "[ab")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "Not a valid pattern"
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert "a “[” is not closed" in QToolTip.text()
    QToolTip.hideText()


def test_a_replacement_from_the_find_bar_asks_no_suggestion_until_the_writer_types(
    qtbot, window
) -> None:
    """Replace and Replace All change the text while the keys are in the find bar: the ghost
    goes and no suggestion is asked for (one showed in the editor after a Replace All); the
    next key typed in the editor asks as ever."""
    window.editor.setPlainText("The fox met a fox by the")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    bar = window.find_bar
    window.act_replace.trigger()
    qtbot.keyClicks(bar.field, "fox")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    bar.replace_field.setText("cat")
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return)  # one replaced
    assert window.editor.toPlainText() == "The cat met a fox by the"
    assert not window.suggestions._timer.isActive()
    bar.replace_all_btn.click()
    assert window.editor.toPlainText() == "The cat met a cat by the"
    assert not window.suggestions._timer.isActive()
    assert window.suggestions._sugg is None
    window.editor.setFocus()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(window.editor, " s")
    assert window.suggestions._timer.isActive() or window.suggestions._sugg is not None


def test_focus_dims_all_but_the_sentence_or_paragraph_being_written(qtbot, window) -> None:
    """View → Focus on Sentence / Paragraph (iA Writer's, ghostwriter's): the text around the
    sentence (or paragraph) at the cursor is dimmed and follows the typing; in Chinese too; a
    rewrite's struck-through passage is marked beside it; off again, nothing is dimmed."""
    editor = window.editor
    window.suggestions.set_enabled(False)
    editor.setPlainText("First one. Second one here.\n\n他走了。她来了")
    cursor = editor.textCursor()
    cursor.setPosition(14)  # (in "Second")
    editor.setTextCursor(cursor)

    def dimmed() -> list[tuple[int, int]]:
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd())
                for s in editor.marks("focus")]  # fmt: skip

    end = editor.document().characterCount() - 1
    window.act_focus_sentence.trigger()
    assert window.settings.focus_text == "sentence"
    assert dimmed() == [(0, 11), (27, end)]
    editor.moveCursor(QTextCursor.MoveOperation.EndOfBlock)
    qtbot.keyClicks(editor, " Third")  # a new sentence: the one before goes dim
    assert dimmed() == [(0, 28), (33, end + 6)]
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert dimmed() == [(0, 39)]  # (“她来了”, after “他走了。”)
    window.act_focus_paragraph.trigger()
    assert not window.act_focus_sentence.isChecked()
    assert dimmed() == [(0, 35)]
    from PySide6.QtWidgets import QTextEdit

    struck = QTextEdit.ExtraSelection()
    struck.cursor = QTextCursor(editor.document())
    editor.set_marks("rewrite", [struck])
    assert len(editor.extraSelections()) == 2  # (both: one owner of Qt's list)
    editor.set_marks("rewrite", [])
    # a ghost in the line pushes the text after it along: the dimming follows it there
    window.act_focus_sentence.trigger()
    editor.setPlainText("One. Two is here. Three has a long tail of words.")
    cursor = editor.textCursor()
    cursor.setPosition(6)
    editor.setTextCursor(cursor)
    assert dimmed() == [(0, 5), (17, 49)]
    assert editor.show_ghost(6, " XY")
    assert dimmed() == [(0, 5)]  # (the rest of the line: dimmed in the ghost's layout)
    laid = editor.document().findBlock(6).layout().formats()
    assert [(r.start, r.length) for r in laid][-1] == (20, 50 + 3 - 20)
    editor.clear_ghost()
    assert dimmed() == [(0, 5), (17, 49)]
    window.act_focus_paragraph.trigger()
    long = "A paragraph written on one long line, as plain text often is, " * 2
    editor.setPlainText(f"{long}\n{long}")  # (two paragraphs, no blank line between)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert dimmed() == [(0, len(long) + 1)]
    window.act_focus_paragraph.trigger()  # off
    assert window.settings.focus_text == ""
    assert editor.extraSelections() == []
    # the ghost, inside the focus with dimmed text after it, is told apart from that text
    roles = (QPalette.ColorRole.Text, QPalette.ColorRole.Base)
    ghost = ghost_color(*(editor.palette().color(role) for role in roles))
    assert contrast(ghost, editor._dim_format().foreground().color()) > 1.8


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: int) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_typographic_quotes_are_curly_where_typed_but_never_in_code(qtbot, window) -> None:
    """Format → Typographic Quotes: quotes typed open and close by what comes before them
    (an apostrophe inside a word, a Chinese quotation closed by the open one), straight in
    Markdown's code; off again, straight. Ctrl+Z right after one gives the straight quote
    back, and the letters typed after it are their own step."""
    editor = window.editor
    window.suggestions.set_enabled(False)
    window.act_smart_quotes.trigger()
    assert window.settings.smart_quotes
    editor.set_markdown(True)
    qtbot.keyClicks(editor, "\"It's 'odd',\" she said. `a \"b\"` (\"c\")")
    assert editor.toPlainText() == "“It’s ‘odd’,” she said. `a \"b\"` (“c”)"
    editor.setPlainText("The ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "'90s")
    assert editor.toPlainText() == "The ’90s"  # (a digit after it: an apostrophe)
    editor.undo()  # the letters typed after the quote (it gave the straight quote back too)
    assert editor.toPlainText() == "The ’9"
    editor.undo()
    assert editor.toPlainText() == "The ‘9"
    editor.undo()
    assert editor.toPlainText() == "The ‘"
    editor.undo()
    assert editor.toPlainText() == "The '"
    assert editor.typographic("in the '90s, 'at 8' in '08 and 3'4") == (
        "in the ’90s, ‘at 8’ in ’08 and 3’4")
    editor.setPlainText("他说")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, editor, '"你好"："我来了。"走了。"')
    assert editor.toPlainText() == "他说“你好”：“我来了。”走了。“"
    # what a suggestion brings keeps the quotes of its code (it curled a code block's)
    editor.setPlainText("Say ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert editor.typographic('`don\'t` and "x"\n```\nprint("y")\n```\n"z"') == (
        '`don\'t` and “x”\n```\nprint("y")\n```\n“z”')
    # after a first scene break, and after a front matter closed, prose: curled
    for text in ("---\nShe said ", "---\nShe left.\n---\nHe said ", "---\ntitle: x\n---\n"):
        editor.setPlainText(text)
        editor.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClicks(editor, '"')
        assert editor.toPlainText() == text + "“"
    # a front matter still being written, an HTML comment: straight
    for text in ("---\ntitle: ", "---\ntitle: x\ntags:\n  - ", "Draft <!-- it"):
        editor.setPlainText(text)
        editor.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClicks(editor, "'")
        assert editor.toPlainText() == text + "'"
    window.act_smart_quotes.trigger()
    qtbot.keyClicks(editor, '"')
    assert editor.toPlainText().endswith("'\"")


def test_the_next_window_opens_at_the_size_the_last_was_left(qtbot, window, state) -> None:
    """Every window opened at 980×720 in the screen's corner: the size and place a window is
    left at (a second after a resize, and at its close) are the next one's, the next start's
    too; Distraction-Free Writing's full screen is not kept."""
    window.resize(640, 480)
    qtbot.waitUntil(lambda: bool(state.settings.window_geometry), timeout=3000)
    window.set_focus_mode(True)
    kept = state.settings.window_geometry
    window.set_focus_mode(False)
    assert window.close()
    assert state.settings.window_geometry == kept
    other = state.new_window()
    qtbot.addWidget(other)
    assert (other.width(), other.height()) == (640, 480)


def test_the_windows_do_not_creep_down_the_screen_at_each_start(
    qtbot, window, state, monkeypatch
) -> None:
    """With two windows open, each start opened the first where the second had been left
    (the last one to close or be kept gave its place) and the second a step further down and
    right of it: start after start they crept to the screen's corner (look38's). Writer
    ending, by Quit or by the system, keeps the first window's place; the others open a step
    from it again."""

    def place(w) -> str:
        return bytes(w.saveGeometry().toBase64()).decode("ascii")

    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    second = state.new_window()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert place(second) != place(window)  # (a step from the first)
    first = place(window)
    state.quit()
    assert state.windows == []
    assert state.settings.window_geometry == first
    one, two = state.new_window(), state.new_window()
    for w in (one, two):
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
    first = place(one)
    monkeypatch.setattr(state, "_quitting", False)
    state.keep_for_next_start()
    assert state.settings.window_geometry == first
    assert two.close()  # (the system closes them: nothing asked)
    assert one.close()
    assert state.settings.window_geometry == first


def test_an_error_nothing_caught_is_logged_and_said_in_the_window(window, state, caplog) -> None:
    """A menu command that failed did nothing, without a word (its traceback went to a
    terminal): the error is logged and said in the window's status bar, once."""
    import sys

    try:
        raise ValueError("boom")
    except ValueError:
        with caplog.at_level("ERROR"):
            state.unexpected(*sys.exc_info())
    assert "Something went wrong (ValueError: boom)" in window.statusBar().currentMessage()
    assert any(r.exc_info and r.exc_info[0] is ValueError for r in caplog.records)


def test_every_answer_to_save_changes_has_a_key(qtbot, window, monkeypatch) -> None:
    """Alt+S saves, Alt+D discards, Esc cancels (Discard took Tab and Space)."""
    seen: list[list[str]] = []

    def exec_(box: QMessageBox) -> int:
        seen.append([b.text() for b in box.buttons()])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, "unsaved")
    assert not window.close()
    assert "&Save" in seen[0]
    assert "&Discard" in seen[0]
    window.editor.document().setModified(False)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_encoding_questions_answer_to_alt_and_a_key(
    qtbot, state, window, monkeypatch, language
) -> None:
    """Alt+D discards the changes and reads the file again; Alt+U saves in UTF-8 (their
    buttons had no key), in both languages."""
    from PySide6.QtTest import QTest

    seen: list[list[str]] = []
    pressed: list[Qt.Key] = []

    def exec_(box: QMessageBox) -> int:
        seen.append([b.text() for b in box.buttons()])
        box.show()
        qtbot.waitUntil(box.isActiveWindow, timeout=5000)
        QTest.keyClick(box, pressed[-1], Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: box.clickedButton() is not None, timeout=5000)  # (animated)
        box.hide()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    if language != "en":
        state.settings.update(language=language)
    try:
        questions = window.documents.questions
        pressed.append(Qt.Key.Key_D)
        assert questions.discard_to_reopen("猫.txt", "Shift JIS")
        pressed.append(Qt.Key.Key_U)
        assert questions.save_in_utf8("letter.txt", "Windows-1252", "她", 3)
        if language == "en":
            assert "&Discard and Reopen" in seen[0]
            assert "Save in &UTF-8" in seen[1]
        else:
            assert "放弃修改并重新打开(&D)" in seen[0]
            assert "用 UTF-8 保存(&U)" in seen[1]
    finally:
        state.settings.update(language="en")


def test_quitting_asks_about_each_document_over_its_own_window(
    qtbot, state, window, monkeypatch
) -> None:
    """With two windows, Quit asked about the back window's document over the front one,
    with the name unquoted ("…that matters.?")."""
    from writer.ui.main_window import MainWindow

    front = state.new_window()
    front.show()
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, "Text that matters.")
    raised: list = []
    monkeypatch.setattr(MainWindow, "bring_forward", lambda w: raised.append(w))
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        assert raised[-1] is window  # the window asked about came forward first
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    state.quit()
    assert asked == ["Do you want to save the changes to “Text that matters.”?"]
    window.editor.document().setModified(False)


def reloaded_and_typed(qtbot, window, tmp_path: Path, theirs: bytes) -> Path:
    """A saved document that another program rewrites with `theirs` (reloaded by itself), and
    words typed after; returns its path."""
    path = tmp_path / "chapter.md"
    path.write_bytes(ORIGINAL)
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    path.write_bytes(theirs)
    wait_until(lambda: window.editor.toPlainText().encode("utf-8") == theirs, 5000)
    qtbot.keyClicks(window.editor, "Mine. ")
    return path


def test_undoing_a_reload_makes_the_save_ask_again(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    """Undo past a reload brings back the text the file no longer holds: Ctrl+S then asks
    before replacing the other program's version (it replaced it silently)."""
    path = reloaded_and_typed(qtbot, window, tmp_path, b"A collaborator's version.\n")
    while window.editor.toPlainText().encode("utf-8") != ORIGINAL:
        assert window.editor.document().isUndoAvailable()
        window.act_undo.trigger()
    asked: list[str] = []
    answer_conflicts(monkeypatch, "cancel", asked)
    assert not window.save()
    assert asked == ["chapter.md was changed by another program since Writer opened it."]
    assert path.read_bytes() == b"A collaborator's version.\n"


def test_a_file_rewritten_again_and_again_keeps_one_reload_to_undo(
    qtbot, window, tmp_path: Path
) -> None:
    """A generated file another program rewrites every few seconds: each reload replaced the
    last, and the undo history held a copy of the whole text for every one."""
    path = tmp_path / "generated.md"
    path.write_text("version 0\n", encoding="utf-8")
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    steps = []
    for i in range(1, 6):
        path.write_text(f"version {i}\n", encoding="utf-8")
        wait_until(lambda i=i: window.editor.toPlainText() == f"version {i}\n", 5000)
        steps.append(window.editor.document().availableUndoSteps())
    assert steps == steps[:1] * 5  # one reload's worth, not five
    window.act_undo.trigger()
    assert window.editor.toPlainText() == "version 4\n"


def test_edit_undo_closes_a_rewrite_and_the_rewrite_key_on_another_passage_says_why(
    qtbot, window
) -> None:
    """Edit → Undo is enabled while a rewrite is open (it stayed grey on a fresh document,
    where only Ctrl+Z closed it); the rewrite key with another passage selected says to
    finish this rewrite first instead of retrying it."""
    from PySide6.QtGui import QTextCursor

    window.suggestions.set_enabled(False)
    window.editor.setPlainText("The keeper climbed the steps evry evening.\n\nThe sea was calm.")
    assert not window.act_undo.isEnabled()
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(42, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    assert window.rewrite.start("Shorter", "Make it shorter.")
    assert window.act_undo.isEnabled()
    other = window.editor.textCursor()
    other.setPosition(44)
    other.setPosition(51, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(other)
    window.act_rewrite.trigger()
    assert window.statusBar().currentMessage() == "Accept or reject the current rewrite first."
    assert len(window.rewrite.versions) == 1
    window.editor.setTextCursor(QTextCursor(window.editor.document()))  # no selection
    window.act_undo.trigger()
    assert not window.rewrite.active
    assert not window.act_undo.isEnabled()


def test_a_save_while_a_rewrite_is_open_says_the_passage_is_saved_as_it_was(
    qtbot, window, tmp_path: Path
) -> None:
    """Ctrl+S while a rewrite is open (streaming, or waiting for Enter) writes the passage as
    it was, struck through on the screen: the status bar says so (it said only "Saved")."""
    from PySide6.QtGui import QTextCursor

    path = tmp_path / "keeper.md"
    path.write_text("The keeper climbed the steps evry evening.\n", encoding="utf-8")
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(42, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    assert window.rewrite.start("Shorter", "Make it shorter.")
    window.act_save.trigger()
    assert path.read_text(encoding="utf-8") == "The keeper climbed the steps evry evening.\n"
    assert window.statusBar().currentMessage() == (
        "Saved keeper.md with the passage as it was: the rewrite goes into the file once you "
        "accept it (Enter) and save again."
    )
    window.rewrite.reject()


def test_after_a_save_undoing_a_reload_asks_nothing_more(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    """Undo past a reload after the writer saved: the file holds the writer's save, so the
    next save is no conflict (a stale signature called it one)."""
    path = reloaded_and_typed(qtbot, window, tmp_path, b"Theirs.\n")
    assert window.save()
    while window.editor.toPlainText().encode("utf-8") != ORIGINAL:
        window.act_undo.trigger()
    asked: list[str] = []
    answer_conflicts(monkeypatch, "cancel", asked)
    assert window.save()
    assert asked == []
    assert path.read_bytes() == ORIGINAL


def test_replace_from_the_keyboard_tabs_to_its_field_and_a_new_search_starts_in_find(
    qtbot, window
) -> None:
    """Tab from the find field goes to the replace field (it went through the buttons), and
    Ctrl+H with nothing selected starts a new search (it typed into the replace field);
    a wrap going back says it went to the end."""
    window.suggestions.set_enabled(False)
    window.editor.setPlainText("beta one beta two")
    window.show()
    qtbot.waitExposed(window)
    bar = window.find_bar
    window.act_replace.trigger()
    assert bar.field.hasFocus() or window.focusWidget() is bar.field
    bar.field.setText("beta")
    assert bar.field.nextInFocusChain() is bar.replace_field
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.act_replace.trigger()
    assert window.focusWidget() is bar.field
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.Start)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status.text() == "2 of 2"
    assert bar.status.toolTip() == "Wrapped around to the end"
    assert window.editor.textCursor().selectionStart() == 9


def test_ctrl_h_from_the_find_field_keeps_the_search_typed(qtbot, window) -> None:
    """Ctrl+H with the keyboard in the find bar keeps the pattern typed there and goes on to
    the replacement (the match the bar had selected took its place: "(R|r)uth" became
    "Ruth"); from the text, the selection is still the search."""
    window.suggestions.set_enabled(False)
    window.editor.setPlainText("Ruth met ruth.")
    window.show()
    qtbot.waitExposed(window)
    bar = window.find_bar
    window.act_find.trigger()
    bar.switches.regex.setChecked(True)
    qtbot.keyClicks(bar.field, "(R|r)uth")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert window.editor.textCursor().selectedText() == "Ruth"
    window.act_replace.trigger()
    assert bar.field.text() == "(R|r)uth"
    assert window.focusWidget() is bar.replace_field
    window.editor.setFocus()
    window.act_replace.trigger()
    assert bar.field.text() == "Ruth"


# encodings -----------------------------------------------------------------------------------
def test_a_gbk_chapter_opens_says_its_encoding_and_saves_back_in_it(
    qtbot, window, tmp_path: Path
) -> None:
    """It was refused: "not UTF-8 text … Convert it to UTF-8 in another editor"."""
    path = tmp_path / "第一章.txt"
    path.write_bytes("第一章\r\n她推开门，外面下着雨。\r\n".encode("gb18030"))
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    assert window.editor.toPlainText() == "第一章\n她推开门，外面下着雨。\n"
    said = window.statusBar().currentMessage()
    assert said.startswith("第一章.txt is not UTF-8: read as GB18030, and saved in it.")
    assert window.encodings.button.isVisibleTo(window)
    assert window.encodings.button.text() == "GB18030"
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("“你来了。”")
    assert window.save()
    assert path.read_bytes() == "第一章\r\n她推开门，外面下着雨。\r\n“你来了。”".encode("gb18030")


def test_a_character_the_encoding_has_no_room_for_asks_before_saving_in_utf8(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "letter.txt"
    old = "Dear Ann,\nthe café is closed.\n".encode("cp1252")
    path.write_bytes(old)
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("她说你好。")
    asked: list[tuple] = []
    answers = [False, True]

    def save_in_utf8(*args, guessed: bool = False) -> bool:
        asked.append((*args, guessed))
        return answers.pop(0)

    monkeypatch.setattr(window.documents.questions, "save_in_utf8", save_in_utf8)
    assert not window.save()  # Cancel: nothing written, the text stays
    assert asked == [("letter.txt", "Windows-1252", "她", 3, True)]  # (a guessed encoding)
    assert path.read_bytes() == old
    assert window.isWindowModified()
    assert "Not saved: Windows-1252 has no character “她” (line 3)." in (
        window.statusBar().currentMessage()
    )
    assert window.save()  # Save in UTF-8
    assert path.read_bytes() == "Dear Ann,\nthe café is closed.\n她说你好。".encode()
    assert not window.encodings.button.isVisibleTo(window)  # (plain UTF-8 now)


def test_a_file_guessed_wrongly_is_read_again_in_the_encoding_the_writer_picks(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "list.txt"
    data = "Mă duc acasă, spuse fata.\n".encode("cp1250")  # (Romanian's ă: not told)
    path.write_bytes(data)
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    assert "acasă" not in window.editor.toPlainText()  # (guessed: Windows-1252)
    qtbot.keyClicks(window.editor, "x")
    refusals: list[tuple] = []

    def discard_to_reopen(*args) -> bool:
        refusals.append(args)
        return False

    monkeypatch.setattr(window.documents.questions, "discard_to_reopen", discard_to_reopen)
    window.encodings.reopen_actions["cp1250"].trigger()
    # unsaved changes: asked, kept
    assert refusals == [("list.txt", "Central European (Windows-1250)")]
    assert window.editor.toPlainText().startswith("x")
    monkeypatch.setattr(window.documents.questions, "discard_to_reopen", lambda *a: True)
    window.encodings.reopen_actions["cp1250"].trigger()
    assert window.editor.toPlainText() == "Mă duc acasă, spuse fata.\n"
    assert not window.isWindowModified()
    assert not window.editor.document().isUndoAvailable()
    assert window.encodings.button.text() == "Windows-1250"
    assert window.save()
    assert path.read_bytes() == data
    # a change by another program is read in the encoding picked, not guessed again
    path.write_bytes("Gęślą jaźń.\n".encode("cp1250"))
    wait_until(lambda: window.editor.toPlainText() == "Gęślą jaźń.\n", 5000)


def test_a_document_is_saved_in_the_encoding_the_writer_picks(
    qtbot, window, tmp_path: Path
) -> None:
    path = tmp_path / "chapter.md"
    path.write_text("第一章\n", encoding="utf-8")
    assert window.open_file(path)
    assert not window.encodings.button.isVisibleTo(window)
    window.encodings.save_actions["utf-16-le"].trigger()
    assert path.read_bytes() == "\ufeff第一章\n".encode("utf-16-le")
    assert window.encodings.button.text() == "UTF-16 LE"
    assert "Saved chapter.md in Unicode (UTF-16 LE)." in window.statusBar().currentMessage()
    window.encodings.save_actions["gb18030"].trigger()
    assert path.read_bytes() == "第一章\n".encode("gb18030")
    # the button opens both menus
    menus = [a.menu() for a in window.encodings.button.menu().actions()]
    assert menus == [window.encodings.reopen_menu, window.encodings.save_menu]
    file_menu = [a.menu() for a in window.file_menu.actions() if a.menu() is not None]
    assert window.encodings.reopen_menu in file_menu
    assert window.encodings.save_menu in file_menu


def test_distraction_free_writing_shows_only_the_text_and_f11_brings_the_rest_back(
    qtbot, state
) -> None:
    window = state.new_window()
    window.show()
    window.act_context_panel.trigger()
    assert window.context_panel.isVisible()
    assert "F11" in [k.toString() for k in window.act_focus_mode.shortcuts()]
    window.act_focus_mode.trigger()
    assert window.isFullScreen()
    assert window.act_focus_mode.isChecked()
    for bar in (window.menuBar(), window.tools, window.statusBar(), window.context_panel):
        assert not bar.isVisible()
    assert window.editor.isVisible()
    wait_until(lambda: window.focus_hint.isVisible())
    hint, editor = window.focus_hint, window.editor
    assert hint.text() == "F11 brings back the menus and panels"
    assert not hint.wordWrap()  # (one line: a wrapped label chose its own width)
    # beside the text column, not over its first line (where it sat as the writer began)
    column = editor.viewport().geometry().translated(editor.mapTo(window, editor.rect().topLeft()))
    assert not hint.geometry().intersects(column)
    # a margin too narrow: at the bottom, and gone at the first letter typed
    width = editor.text_width
    editor.set_text_width(200)
    hint.show_for(editor)
    assert hint.isVisible()
    assert hint.geometry().bottom() > window.height() // 2
    qtbot.keyClicks(editor, "a")
    assert not hint.isVisible()
    window.show_message("Not saved: the disk is full.", 8000)  # (a sentence stays its time)
    qtbot.keyClicks(editor, "b")
    assert hint.isVisible()
    assert hint.text() == "Not saved: the disk is full."
    hint.hide()
    editor.set_text_width(width)
    # the commands still work with their keys: they are the window's, not the menus'
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    was = state.settings.suggestions_enabled
    qtbot.keyClick(
        window.editor,
        Qt.Key.Key_Space,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert state.settings.suggestions_enabled is not was
    # the status bar's sentences show over the text while it is hidden
    window.show_message("Not saved: Windows-1252 has no character “她” (line 3).", 8000)
    assert window.focus_hint.isVisible()
    assert window.focus_hint.text().startswith("Not saved: Windows-1252")
    qtbot.keyClick(window.editor, Qt.Key.Key_F11)
    assert not window.isFullScreen()
    assert not window.act_focus_mode.isChecked()
    for bar in (window.menuBar(), window.tools, window.statusBar(), window.context_panel):
        assert bar.isVisible()
    assert not window.focus_hint.isVisible()
    assert window.focus_hint.text() == "F11 brings back the menus and panels"
    # a panel closed before does not open with the others
    window.act_context_panel.trigger()  # (the keys in the text: the key takes them to it)
    qtbot.waitUntil(window.context_panel.tree.hasFocus, timeout=3000)
    window.act_context_panel.trigger()
    assert not window.context_panel.isVisible()
    window.act_focus_mode.trigger()
    window.act_focus_mode.trigger()
    assert not window.context_panel.isVisible()


def test_undoing_back_to_the_saved_text_leaves_no_draft_to_recover(
    qtbot, window, state, tmp_path: Path
) -> None:
    path = tmp_path / "chapter.md"
    path.write_bytes(ORIGINAL)
    open_and_type(qtbot, window, path, "Undone words. ")
    window.documents.journal_now()
    wait_until(lambda: journaled(state, "Undone words."), 5000)
    while window.editor.document().isModified():
        window.editor.undo()
    assert window.editor.toPlainText().encode() == ORIGINAL
    wait_until(lambda: not journaled(state, "Undone words."), 5000)


def test_reopen_with_encoding_is_offered_once_an_untitled_window_opens_a_file(
    qtbot, window, tmp_path: Path
) -> None:
    """A look at the empty window's File → Reopen with Encoding (rightly off) disabled the
    submenu for good: once the window opened a file, it never showed again."""
    menus = window.encodings
    menus.reopen_menu.aboutToShow.emit()
    assert menus.reopen_menu.isEnabled()  # (a disabled submenu held the keyboard)
    assert not menus.reopen_actions["cp932"].isEnabled()
    path = tmp_path / "猫.txt"
    path.write_bytes("吾輩は猫である。\n".encode("cp932"))
    assert window.open_file(path)
    menus.reopen_menu.aboutToShow.emit()
    assert menus.reopen_actions["cp932"].isEnabled()
    menus.reopen_actions["cp932"].trigger()
    assert window.editor.toPlainText() == "吾輩は猫である。\n"


def test_save_with_an_encoding_without_room_for_the_text_is_refused_at_once(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "日本.txt"
    data = "\ufeff第一章\n".encode("utf-16-le")
    path.write_bytes(data)
    assert window.open_file(path)
    said: list[str] = []
    monkeypatch.setattr(window.documents.questions, "could_not_save", said.append)
    asked: list = []
    monkeypatch.setattr(
        window.documents.questions, "save_in_utf8", lambda *a: asked.append(a) or True
    )
    window.encodings.save_actions["cp1252"].trigger()
    assert said == [
        "Not saved in Windows-1252: it has no character “第” (line 1). The file stays as it "
        "was, in Unicode (UTF-16 LE)."
    ]
    assert asked == []  # (it asked to save in UTF-8, as if the file were Windows-1252's)
    assert path.read_bytes() == data
    assert window.encodings.button.text() == "UTF-16 LE"
    # UTF-8 with its BOM can be chosen, and kept
    window.encodings.save_actions["utf-8-bom"].trigger()
    assert path.read_bytes() == "\ufeff第一章\n".encode("utf-8")
    assert window.encodings.button.text() == "UTF-8 with BOM"
    window.encodings.save_menu.aboutToShow.emit()
    assert window.encodings.save_actions["utf-8-bom"].isChecked()


def test_saving_a_guessed_encoding_in_utf8_warns_that_a_wrong_guess_is_saved_so(
    qtbot, window, monkeypatch
) -> None:
    """A Shift JIS letter read as ISO 8859-1, a Japanese word typed and Enter on "Save in
    UTF-8": the wrong characters were saved for good."""
    seen: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        seen.append((box.informativeText(), box.defaultButton().text()))
        box.defaultButton().click()  # Enter
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    questions = window.documents.questions
    assert not questions.save_in_utf8("letter.txt", "ISO 8859-1", "猫", 2, guessed=True)
    assert seen[0][0].startswith("Writer guessed ISO 8859-1 when it opened the file")
    assert questions.save_in_utf8("letter.txt", "Windows-1252", "她", 3)  # (chosen: Enter saves)
    assert not seen[1][0].startswith("Writer guessed")


def test_a_legacy_file_another_editor_saves_as_utf8_is_read_again_as_utf8(
    qtbot, window, tmp_path: Path
) -> None:
    """It was read again in the document's Windows-1252 ("cafÃ©"), to be saved so, the new
    UTF-8 and the old encoding mixed in one file (a reviewer's find)."""
    path = tmp_path / "letter.txt"
    path.write_bytes("Dear Ann, the café was closed.\n".encode("cp1252"))
    assert window.open_file(path)
    assert window.documents.format.encoding == "cp1252"
    path.write_bytes("Dear Ann, the café was closed. Größe.\n".encode())
    wait_until(lambda: "Größe" in window.editor.toPlainText(), 5000)
    assert window.editor.toPlainText() == "Dear Ann, the café was closed. Größe.\n"
    assert window.documents.format.encoding == "utf-8"
    assert not window.encodings.button.isVisibleTo(window)


def test_typewriter_scrolling_keeps_the_line_written_in_the_middle(qtbot, window) -> None:
    """View → Typewriter Scrolling: typing at the end of a long text, the line written stays
    in the middle of the view (it sank to the bottom edge), the last line too, and as the text
    is zoomed; off, the view does not move while the cursor is in sight."""
    window.settings.update(suggestions_enabled=False)
    editor = window.editor
    window.resize(800, 600)
    editor.setPlainText("\n".join(f"Line {n} of the chapter." for n in range(300)))
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    middle = editor.viewport().height() / 2

    def off_middle() -> float:
        return abs(editor.cursorRect().center().y() - middle)

    qtbot.keyClicks(editor, " More")
    assert off_middle() > editor.viewport().height() / 4  # at the bottom edge
    window.act_typewriter.trigger()
    assert window.settings.typewriter
    qtbot.keyClicks(editor, " words")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "A new line")
    assert off_middle() <= editor.cursorRect().height()
    # zooming keeps it there (it kept the view's first line: the cursor's went off the window)
    editor.setTextCursor(editor.cursorForPosition(editor.viewport().rect().center()))
    editor.centerCursor()
    for step in (1, 1, 1, -1):
        window.zoom(step)
        assert off_middle() <= editor.cursorRect().height()
    window.act_typewriter.trigger()
    assert not editor.centerOnScroll()


def test_a_picture_pasted_is_kept_beside_the_document_and_files_dropped_are_linked_or_opened(
    qtbot, window, tmp_path: Path
) -> None:
    """A screenshot pasted into a saved Markdown document is a PNG in `images/` beside it,
    linked at the cursor; an untitled document asks to be saved first; a picture dropped is a
    link relative to the document (a space in it "%20"), a document dropped opens."""
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QGuiApplication, QImage

    window.suggestions.set_enabled(False)
    image = QImage(24, 12, QImage.Format.Format_RGB32)
    image.fill(0x3366CC)
    QGuiApplication.clipboard().setImage(image)
    window.editor.paste()  # untitled: nowhere to keep it
    assert window.editor.toPlainText() == ""
    assert "Save the document first" in window.statusBar().currentMessage()
    chapter = tmp_path / "chapter.md"
    chapter.write_text("Harbour:\n", encoding="utf-8")
    assert window.open_file(chapter)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.paste()
    kept = list((tmp_path / "images").glob("chapter-*.png"))
    assert len(kept) == 1
    assert QImage(str(kept[0])).size() == image.size()
    assert window.editor.toPlainText() == f"Harbour:\n![{kept[0].stem}](images/{kept[0].name})"
    (tmp_path / "maps").mkdir()
    other = tmp_path / "notes.md"
    other.write_text("other", encoding="utf-8")
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(tmp_path / "maps" / "the bay.png")),
                     QUrl.fromLocalFile(str(other))])  # fmt: skip
    opened: list[str] = []
    window.open_in_new_window.connect(opened.append)
    window.editor.insertFromMimeData(dropped)
    assert window.editor.toPlainText().endswith(".png)![the bay](maps/the%20bay.png)")
    assert opened == [str(other)]


def test_ctrl_click_on_a_link_opens_its_document_or_the_browser(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    """Ctrl+click on a Markdown link (VS Code's, Obsidian's): a document beside this one
    opens in Writer, a web address in the browser, a document that is not there is said; a
    plain click only moves the cursor."""
    from writer.ui import links

    browsed: list[str] = []
    monkeypatch.setattr(links.QDesktopServices, "openUrl", lambda u: browsed.append(u.toString()))
    window.suggestions.set_enabled(False)
    (tmp_path / "chapter 2.md").write_text("next", encoding="utf-8")
    chapter = tmp_path / "chapter.md"
    chapter.write_text(
        "Go [on](<chapter 2.md>), see www.example.org/bay or [gone](gone.md).\n", encoding="utf-8"
    )
    assert window.open_file(chapter)
    opened: list[str] = []
    window.open_in_new_window.connect(opened.append)
    editor = window.editor

    def click(text: str, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
        cursor = editor.textCursor()
        cursor.setPosition(editor.toPlainText().index(text) + 1)
        point = editor.cursorRect(cursor).center()
        qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, modifiers, point)

    click("on](")
    assert opened == [str(tmp_path / "chapter 2.md")]
    click("example")
    assert browsed == ["https://www.example.org/bay"]
    click("gone](")
    assert "gone.md is not there" in window.statusBar().currentMessage()
    click("on](", Qt.KeyboardModifier.NoModifier)
    assert len(opened) == 1
    # a pause of the pointer over a link says where it leads
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index("gone](") + 1)
    point = editor.cursorRect(cursor).center()
    tip = QHelpEvent(QEvent.Type.ToolTip, point, editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(editor.viewport(), tip)
    assert QToolTip.text() == "gone.md\nCtrl+click to open"
    # Ctrl held over a link, the pointer is a pointing hand (VS Code's); Ctrl let go, or the
    # pointer off the link, it is the text's I-beam again
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QCursor, QMouseEvent

    viewport = editor.viewport()
    ctrl, none = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.NoModifier
    cursor.setPosition(editor.toPlainText().index("see") + 1)
    off = editor.cursorRect(cursor).center()

    def pointer(at, modifiers) -> Qt.CursorShape:
        local = QPointF(at)
        move = QMouseEvent(QEvent.Type.MouseMove, local, QPointF(viewport.mapToGlobal(local)),
                           Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, modifiers)  # fmt: skip
        QApplication.sendEvent(viewport, move)
        return viewport.cursor().shape()

    hand, beam = Qt.CursorShape.PointingHandCursor, Qt.CursorShape.IBeamCursor
    assert pointer(point, none) == beam
    assert pointer(point, ctrl) == hand
    assert pointer(off, ctrl) == beam
    QCursor.setPos(viewport.mapToGlobal(point))
    qtbot.keyPress(editor, Qt.Key.Key_Control, ctrl)  # (Ctrl pressed with the pointer there)
    assert viewport.cursor().shape() == hand
    qtbot.keyRelease(editor, Qt.Key.Key_Control)
    assert viewport.cursor().shape() == beam


def test_a_closed_window_is_freed_with_its_document(qtbot, state) -> None:
    """Its connections held a closed window (lambdas naming it, on its own signals, are out of
    Python's collector's sight): every window closed stayed in memory with its widgets and its
    document. It is deleted once closed."""
    import gc

    window = state.new_window()
    window.show()
    qtbot.keyClicks(window.editor, "A page written and closed.")
    window.editor.document().setModified(False)
    gone, text = weakref.ref(window), weakref.ref(window.editor.document())
    window.close()
    del window
    for _ in range(20):  # the deletion is posted; each pass lets it and what it frees go
        pump(5)
        gc.collect()
        if gone() is None:
            break
    assert gone() is None
    assert text() is None


def test_work_that_ends_after_its_window_closed_does_not_touch_it(qtbot, state, tmp_path) -> None:
    """A closed window is deleted (see above): the answers still on their way to it (the
    Context panel's token counts) come to nothing of it; exports asked for are written, and
    their end said, before it goes."""
    import time

    import shiboken6

    window = state.new_window()
    window.show()
    qtbot.keyClicks(window.editor, "A page to count and to export.")
    window.editor.document().setModified(False)
    window.act_context_panel.trigger()
    worker = state.worker
    busy = worker.call(lambda _backend, _cancel: time.sleep(0.3))  # the counts wait behind it
    window.context_panel.update_now()
    first, second = tmp_path / "page.html", tmp_path / "page.odt"
    assert window.exporter.export_to(first, "html")
    assert window.exporter.export_to(second, "odt")  # (waits for the first)
    gone = weakref.ref(window)
    window.close()
    del window
    wait_until(lambda: busy.done and worker.idle)
    wait_until(lambda: gone() is None or not shiboken6.isValid(gone()))
    assert first.exists()
    assert second.exists()


def test_a_first_window_fits_a_small_screen(qtbot, state, monkeypatch) -> None:
    """At 150 % on a 1366 × 768 laptop (910 × 512) a first window opened 980 × 720: its status
    bar, where Writer says what went wrong, was below the screen's bottom, and the model's name
    was cut at its right edge. A window too narrow for the whole name shows its start, "…", and
    the whole name on hover."""
    from PySide6.QtCore import QEvent, QPoint, QRect
    from PySide6.QtGui import QHelpEvent, QScreen
    from PySide6.QtWidgets import QToolTip

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 910, 512))
    first = state.new_window()
    qtbot.addWidget(first)
    assert first.height() <= 512 - 60
    assert first.width() <= 910 - 20
    first.resize(420, first.height())
    first.show()
    qtbot.waitExposed(first)
    bar, label = first.statusBar(), first.model_status.model_label
    assert label.text().startswith("SmolLM2-135M-Instruct")
    assert label.isVisible()
    qtbot.waitUntil(lambda: label.mapTo(bar, QPoint(label.width(), 0)).x() <= bar.width())
    shown = label.shown()
    assert shown.endswith("…")
    assert label.text().startswith(shown[:-1])
    spot = QPoint(2, 2)
    QApplication.sendEvent(label, QHelpEvent(QEvent.Type.ToolTip, spot, label.mapToGlobal(spot)))
    assert QToolTip.text().startswith(label.text() + "\n")
    QToolTip.hideText()


def test_a_copy_is_left_on_the_clipboard_as_qts_own_at_the_quit(qtbot, window) -> None:
    """The copy's data is made in Python (it keeps no-break spaces); the clipboard kept it past
    the end, and Qt's clean-up at exit freed it after Python had finished: Writer crashed at
    every quit after a copy (exit status 139). At the quit the text is handed to Qt."""
    import shiboken6

    from writer.app import hand_clipboard_to_qt

    window.editor.setPlainText("Dix\u00a0euros.")
    window.editor.selectAll()
    window.editor.copy()
    clipboard = QApplication.clipboard()
    assert shiboken6.createdByPython(clipboard.mimeData())
    hand_clipboard_to_qt()
    assert not shiboken6.createdByPython(clipboard.mimeData())
    assert clipboard.text() == "Dix\u00a0euros."


def test_the_preview_and_the_context_panel_are_tabs_and_a_key_brings_a_covered_one_on_top(
    qtbot, state
) -> None:
    """Both shown, the preview had a sixth of the window's height under the Context panel;
    they are tabs of the right side now, the one opened last on top, and the key of the one
    underneath brings it on top rather than hiding it."""
    window = state.new_window()
    window.show()
    qtbot.waitExposed(window)
    window.act_context_panel.trigger()
    window.act_markdown_preview.trigger()
    assert window.preview in window.tabifiedDockWidgets(window.context_panel)
    qtbot.waitUntil(lambda: window.context_panel.visibleRegion().isEmpty(), timeout=3000)
    assert not window.preview.visibleRegion().isEmpty()
    window.act_context_panel.trigger()  # (Ctrl+Shift+K) with the preview on top
    qtbot.waitUntil(lambda: window.preview.visibleRegion().isEmpty(), timeout=3000)
    assert window.context_panel.isVisible()
    assert window.act_context_panel.isChecked()
    assert state.settings.context_panel
    window.act_focus_mode.trigger()  # F11 twice: the tab that was on top is again
    window.act_focus_mode.trigger()
    qtbot.waitUntil(lambda: window.preview.visibleRegion().isEmpty(), timeout=3000)
    assert not window.context_panel.visibleRegion().isEmpty()
    window.act_context_panel.trigger()  # on top now: the key takes the keys to it
    qtbot.waitUntil(window.context_panel.tree.hasFocus, timeout=3000)
    window.act_context_panel.trigger()  # and with the keys in it, hides it
    assert not window.context_panel.isVisible()
    qtbot.waitUntil(lambda: not window.preview.visibleRegion().isEmpty(), timeout=3000)
    window.act_markdown_preview.trigger()
    assert not window.preview.isVisible()


def test_the_find_bars_count_has_room_for_a_million_matches(window) -> None:
    """A count past 99,999 (a letter in a 2 MB manuscript) was cut: "1,234,567 of 1,500,…"."""
    bar = window.find_bar
    bar.open_bar()
    text = bar.tr("{0} of {1}").format("1,234,567", "1,500,000")
    assert bar.status.sizeHint().width() >= bar.status.fontMetrics().horizontalAdvance(text)


def test_esc_in_the_text_closes_the_find_bar_where_it_takes_no_suggestion_away(
    qtbot, window
) -> None:
    """Back in the text to edit with the find bar open, Esc did nothing to the bar (VS Code's
    closes from its editor): it closes the bar, the match selected staying, where there is no
    suggestion for it to take away first."""
    window.suggestions.set_enabled(False)
    editor, bar = window.editor, window.find_bar
    editor.setPlainText("beta one beta two")
    bar.open_bar()
    bar.field.setText("two")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert editor.textCursor().selectedText() == "two"
    editor.setFocus()
    assert editor.show_ghost(8, " more")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # the suggestion goes first
    assert bar.isVisible()
    editor.clear_ghost()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert editor.textCursor().selectedText() == "two"
    assert editor.hasFocus()


def test_a_message_comes_back_after_a_menus_descriptions(qtbot, window) -> None:
    """A menu's descriptions (status tips) took the status bar's message away for good: a
    glance at the File menu and "Unsaved text kept for later…", or a save's failure, was gone
    (look34's). The description shows while the pointer is on its command, then the message
    comes back; one that ran its time, or was replaced, does not."""
    from PySide6.QtGui import QStatusTipEvent
    from PySide6.QtWidgets import QApplication

    bar = window.statusBar()
    window.show_message("Not saved: the disk is full.", 60_000)
    QApplication.sendEvent(window.menuBar(), QStatusTipEvent("Save the document"))
    assert bar.currentMessage() == "Save the document"
    QApplication.sendEvent(window.menuBar(), QStatusTipEvent(""))
    assert bar.currentMessage() == "Not saved: the disk is full."
    # a real menu's command, hovered, then left
    assert window.act_edit_notes.statusTip()
    window.act_edit_notes.showStatusText(window.menuBar())
    assert bar.currentMessage() != "Not saved: the disk is full."
    QApplication.sendEvent(window.menuBar(), QStatusTipEvent(""))
    assert bar.currentMessage() == "Not saved: the disk is full."
    bar.clearMessage()  # gone on purpose: not brought back
    QApplication.sendEvent(window.menuBar(), QStatusTipEvent("Save the document"))
    QApplication.sendEvent(window.menuBar(), QStatusTipEvent(""))
    assert bar.currentMessage() == ""
    window.show_message("Saved.", 1)  # its time run out: not brought back
    qtbot.waitUntil(lambda: bar.currentMessage() == "", timeout=3000)
    QApplication.sendEvent(window.menuBar(), QStatusTipEvent(""))
    assert bar.currentMessage() == ""


def test_the_context_panel_is_reached_and_left_with_the_keyboard(qtbot, state) -> None:
    """Found with the keyboard alone: Ctrl+Shift+K showed the Context panel but left the keys
    in the text, and nothing led into it, so a part's text was for the mouse alone. Shown by
    the key, its parts have the keys (Down reads the next one), Esc gives them back to the
    text, and the key hides it again with the keys in the text."""
    window = state.new_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.keyClicks(window.editor, "The rain fell on the harbour all night.")
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus, timeout=5000)
    panel = window.context_panel
    window.act_context_panel.trigger()
    assert panel.isVisible()
    qtbot.waitUntil(panel.tree.hasFocus, timeout=5000)
    panel.update_now()
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0, timeout=5000)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "harbour" in panel.text.toPlainText(), timeout=5000)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Escape)
    assert window.editor.hasFocus()
    assert panel.isVisible()
    # shown, the keys in the text: the key takes them to it, as the Outline's does (it hid
    # it, and the way in was to press it twice)
    window.act_context_panel.trigger()
    assert panel.isVisible()
    assert window.act_context_panel.isChecked()
    qtbot.waitUntil(panel.tree.hasFocus, timeout=5000)
    window.act_context_panel.trigger()  # hidden from inside it: the keys go to the text
    assert not panel.isVisible()
    assert window.editor.hasFocus()


def test_a_long_front_matter_names_no_file_dashes(qtbot, window, monkeypatch) -> None:
    """A front matter longer than the 400 characters the document manager read for a name
    was read as no front matter: the file was named after its first field ("tag0 a value
    of the post's some words long.md"). The opening read reaches past it (TITLE_READS); one
    that goes on past that names it nothing ("Untitled"), neither a field nor "---"."""
    fields = "".join(f"tag{n}: a value of the post's, some words long\n" for n in range(40))
    window.editor.setPlainText("---\n" + fields + "---\n\nThe harbour at dusk.\n")
    assert len(window.editor.toPlainText()) > 1000
    offered: list[Path] = []
    monkeypatch.setattr(
        window.documents.questions, "path_to_save", lambda start: offered.append(start) or ""
    )
    assert not window.documents.save_as()
    assert offered[-1].name == "The harbour at dusk.md"
    assert window.documents.display_name == "The harbour at dusk."
    window.editor.setPlainText("---\n" + fields * 3 + "---\n\nThe harbour at dusk.\n")
    assert not window.documents.save_as()
    assert offered[-1].name == window.documents.questions.untitled() + ".md"
    window.editor.document().setModified(False)
