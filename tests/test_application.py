"""The application around the editor: settings (round trip, a damaged file), the first-run
welcome, the interface in Chinese, About and a problem report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import wait_until
from writer.app import AppState
from writer.documents.journal_writer import JournalWriter
from writer.settings import Settings


@pytest.fixture
def state(qapp, loaded_worker, tmp_path: Path):
    settings = Settings.load(tmp_path / "settings.json")
    app_state = AppState(settings, loaded_worker, JournalWriter(None), None)
    app_state._quitting = True
    yield app_state
    for w in list(app_state.windows):
        w.editor.document().setModified(False)
        w.close()
    app_state.settings.language = "en"
    app_state.apply_appearance()


# settings ------------------------------------------------------------------------------------
def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    settings.debounce_ms = 220
    settings.theme = "dark"
    settings.language = "zh_CN"
    settings.rewrite_presets = [["Tighten", "Cut every word that is not needed."]]
    settings.n_threads = 3
    settings.save()
    again = Settings.load(path)
    assert again.debounce_ms == 220
    assert again.theme == "dark"
    assert again.language == "zh_CN"
    assert again.rewrite_presets == [["Tighten", "Cut every word that is not needed."]]
    assert again.n_threads == 3
    assert again.problems == []
    assert "api" not in path.read_text().lower()  # no key is ever written to this file
    # a file whose name is not UTF-8 (Python keeps its bytes as lone surrogates): saving the
    # recent files raised, and no setting was saved again in that session
    odd = str(tmp_path / b"chapter-\xff.md".decode("utf-8", "surrogateescape"))
    again.remember_file(odd, 12)
    assert Settings.load(path).recent_files[0] == odd
    again.update(theme="light")
    assert Settings.load(path).theme == "light"


def test_a_hand_edited_settings_file_keeps_its_good_keys_and_says_which_were_bad(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "debounce_ms": 300,
                "theme": "purple",
                "n_gpu_layers": "lots",
                "max_suggestion_tokens": -4,
                "rewrite_presets": [["only a name"]],
                "suggestions_enabled": "yes",
                "language": "zh_CN",
                "unknown_key": 1,
            }
        )
    )
    settings = Settings.load(path)
    assert settings.debounce_ms == 300
    assert settings.language == "zh_CN"
    assert settings.theme == "system"
    assert settings.n_gpu_layers == "auto"
    assert settings.max_suggestion_tokens == 48
    assert settings.rewrite_presets == []
    assert settings.suggestions_enabled is True
    [problem] = settings.problems
    for key in ("theme", "n_gpu_layers", "max_suggestion_tokens", "rewrite_presets"):
        assert key in problem


@pytest.mark.parametrize("content", ["{not json", "[1, 2, 3]", "\x00\xff garbage"])
def test_a_damaged_settings_file_never_stops_the_app(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8", errors="replace")
    settings = Settings.load(path)
    assert settings == Settings()
    assert settings.problems
    assert "defaults" in settings.problems[0]


def test_the_settings_dialog_saves_what_the_writer_changes(qtbot, tmp_path: Path) -> None:
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.debounce.setValue(90)
    dialog.threads.setValue(2)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.text_width.setValue(55)
    dialog.presets.setCurrentRow(1)
    dialog._move_preset(-1)  # Shorter before Improve
    change = dialog.apply()
    assert settings.debounce_ms == 90
    assert settings.n_threads == 2
    assert settings.theme == "dark"
    assert settings.text_width == 55
    assert [p[0] for p in settings.rewrite_presets[:2]] == ["Shorter", "Improve"]
    assert change.keys == {"debounce_ms", "n_threads", "theme", "text_width", "rewrite_presets"}
    assert change.needs_reload()  # threads changed
    assert Settings.load(settings.path).text_width == 55
    dialog._reset_presets()
    assert dialog.apply().keys == {"rewrite_presets"}
    assert settings.rewrite_presets == []  # the built-in ones again


def test_gpu_layers_are_chosen_in_words_or_typed_as_a_number(qtbot, tmp_path: Path) -> None:
    """The GPU layers field offers Automatic, All layers and None in the interface's words,
    takes a number typed in, and refuses anything else with a sentence, changing nothing (a
    bad value became "auto" without a word)."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.gpu.currentText() == "Automatic"
    dialog.gpu.setCurrentIndex(dialog.gpu.findData("all"))
    assert dialog.apply().keys == {"n_gpu_layers"}
    assert settings.n_gpu_layers == "all"
    dialog.gpu.setEditText("12")
    dialog.apply()
    assert settings.n_gpu_layers == "12"
    dialog.gpu.setEditText("lots")
    with pytest.raises(ValueError, match="lots"):
        dialog.apply()
    assert settings.n_gpu_layers == "12"
    reopened = SettingsDialog(settings)
    qtbot.addWidget(reopened)
    assert reopened.gpu.currentText() == "12"


def test_work_ahead_is_a_setting_the_suggestions_follow(qtbot, tmp_path: Path) -> None:
    from writer.assist.suggestions import SuggestionSettings
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    assert SuggestionSettings.of(settings).look_ahead
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.look_ahead.isChecked()
    dialog.look_ahead.setChecked(False)
    assert dialog.apply().keys == {"look_ahead"}
    assert not Settings.load(tmp_path / "settings.json").look_ahead
    assert not SuggestionSettings.of(settings).look_ahead


def test_a_value_that_cannot_be_saved_keeps_the_settings_dialog_open(qtbot, tmp_path: Path):
    """OK with one field the settings refuse (a notes file in a folder, GPU layers in words):
    the dialog says why under its tabs, shows that field with the keyboard in it and stays
    open with every other change as typed; mended, OK saves them all (the dialog closed, a
    box said the setting's inner name in English, and every other change was lost)."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.text_width.setValue(50)
    dialog.notes_file.setText("x/y.md")
    dialog.tabs.setCurrentIndex(0)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.change is None
    assert "x/y.md" in dialog.problem_label.text()
    assert "notes_file" not in dialog.problem_label.text()
    assert dialog.problem_label.isVisible()
    assert dialog.tabs.currentWidget().isAncestorOf(dialog.notes_file)
    assert dialog.focusWidget() is dialog.notes_file
    assert Settings.load(tmp_path / "settings.json").text_width != 50  # nothing saved yet
    dialog.notes_file.setText("lore.md")
    assert not dialog.problem_label.isVisible()  # mended: the sentence goes
    dialog.gpu.setEditText("lots")
    dialog.accept()
    assert dialog.isVisible()
    assert "lots" in dialog.problem_label.text()
    assert dialog.focusWidget() is dialog.gpu.lineEdit() or dialog.focusWidget() is dialog.gpu
    dialog.gpu.setEditText("12")
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.change is not None
    assert dialog.change.keys >= {"text_width", "notes_file", "n_gpu_layers"}
    saved = Settings.load(tmp_path / "settings.json")
    assert (saved.text_width, saved.notes_file, saved.n_gpu_layers) == (50, "lore.md", "12")


def test_a_number_outside_a_boxs_range_is_said_and_kept_as_typed(qtbot, tmp_path: Path):
    """Any number box of the settings (one mechanism): a number below its least or above its
    most, Enter or OK clicked, is said under the tabs, its box has the keyboard with the text
    as typed, and nothing is saved (Qt put the old value back without a word, and the dialog
    closed with it)."""
    from PySide6.QtWidgets import QDialogButtonBox

    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    before = settings.n_ctx
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.setActiveWindow(dialog)  # (the keyboard's comings and goings are sent)
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.text_width.setValue(50)
    dialog.tabs.setCurrentIndex(3)  # Model
    dialog.n_ctx.setFocus()
    dialog.n_ctx.selectAll()
    qtbot.keyClicks(dialog.n_ctx, "100")
    qtbot.keyClick(dialog.n_ctx, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.change is None
    assert dialog.problem_label.isVisible()
    assert dialog.problem_label.text() == "Context size: “100” is not a number from 512 to 131072."
    assert dialog.n_ctx.text() == "100"
    assert dialog.focusWidget() in (dialog.n_ctx, dialog.n_ctx.lineEdit())
    assert Settings.load(tmp_path / "settings.json").text_width != 50  # nothing saved
    qtbot.keyClicks(dialog.n_ctx, "00")  # 10000: mended
    assert not dialog.problem_label.isVisible()
    # another box, left by Tab (Qt put the old value back there), then OK with the mouse
    dialog.tabs.setCurrentIndex(5)  # Appearance
    dialog.text_width.setFocus()
    dialog.text_width.selectAll()
    qtbot.keyClicks(dialog.text_width, "5")
    qtbot.keyClick(dialog.text_width, Qt.Key.Key_Tab)
    assert not dialog.text_width.hasFocus()
    assert dialog.text_width.cleanText() == "5"
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problem_label.text() == "Text width: “5” is not a number from 10 to 400."
    assert dialog.text_width.cleanText() == "5"
    dialog.text_width.setValue(50)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = Settings.load(tmp_path / "settings.json")
    assert (saved.n_ctx, saved.text_width) == (10000, 50) != (before, saved.text_width)
    from writer.ui import i18n

    i18n.install("zh_CN")
    try:
        chinese = SettingsDialog(settings)
        qtbot.addWidget(chinese)
        chinese.n_ctx.lineEdit().setText("100")
        chinese.accept()
        assert chinese.problem_label.text() == "上下文长度：“100”不是 512 到 131072 之间的数。"
    finally:
        i18n.install("en")


def test_a_server_chosen_in_the_settings_overrides_the_command_lines(qtbot, state, monkeypatch):
    """Started with --server, the writer chooses in Settings → Server: their choice holds
    (the command line's server was opened again whatever they chose, even with the box
    unchecked, and the text kept going there)."""
    monkeypatch.setattr(state, "load_model", lambda *a: None)
    state.server_override = ("http://127.0.0.1:8490", "")
    assert state.server() == ("http://127.0.0.1:8490", "")
    # the Server tab says which server this session uses (it showed the settings' none)
    window = state.new_window()
    shown = []
    monkeypatch.setattr(
        "writer.ui.settings_dialog.SettingsDialog.exec",
        lambda dialog: shown.append(dialog.session_note.text()) or 0,
    )
    window.preferences()
    assert "http://127.0.0.1:8490" in shown[0]
    assert "--server" in shown[0]
    state.settings.update(use_server=True, server_url="http://localhost:8491")
    assert state.server() == ("http://localhost:8491", "")
    window.preferences()
    assert shown[1] == ""
    state.settings.update(use_server=False)
    assert state.server() is None


def test_a_font_chosen_in_settings_is_used(qtbot, tmp_path: Path) -> None:
    """A font picked without ticking "Use this font" was dropped without a word, and the box
    showed the system's sans while the text was in a serif."""
    from writer.ui.editor import default_serif
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.font.currentFont().family() == default_serif()
    assert not dialog.use_font.isChecked()
    dialog.font.setEditText("DejaVu Sans Mono")
    dialog.font.lineEdit().editingFinished.emit()
    dialog.accept()
    assert settings.font_family == "DejaVu Sans Mono"


def test_a_server_address_that_is_none_keeps_the_settings_dialog_open(
    qtbot, tmp_path: Path
) -> None:
    """A typo in the server's address ("htp://…"): refused in the dialog, which stays open, and
    the model in use stays (the dialog closed and the local model gave way to No model)."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_server.setChecked(True)
    dialog.server_url.setText("htp://127.0.0.1:8490")
    dialog.accept()
    assert dialog.isVisible()
    assert "htp://" in dialog.problem_label.text()
    assert not settings.use_server
    dialog.server_url.setText("http://127.0.0.1:8490/v1/chat/completions")
    dialog.accept()
    assert not dialog.isVisible()
    assert settings.use_server


def test_use_the_server_without_its_address_is_said_in_the_settings_dialog(
    qtbot, tmp_path: Path
) -> None:
    """"Use the server" ticked with no address: OK closed the dialog without a word, the box
    saved ticked and the model here still writing. Now the dialog says what is missing, with
    the keys in the address field, and saves nothing until it is given or the box unticked."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.use_server.setChecked(True)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.problem_label.text() == (
        "Use the server needs the server's address, such as http://gpu-box:8080 (or untick it "
        "to keep the model on this computer).")
    qtbot.waitUntil(dialog.server_url.hasFocus, timeout=3000)
    assert not settings.use_server
    dialog.use_server.setChecked(False)
    dialog.accept()
    assert not dialog.isVisible()
    assert not settings.use_server


def fill_settings_dialog(monkeypatch, **values) -> None:
    """The next Settings dialog gets `values` typed into its widgets and OK clicked."""
    from writer.ui.settings_dialog import SettingsDialog

    def exec_(dialog: SettingsDialog) -> int:
        for name, value in values.items():
            widget = getattr(dialog, name)
            if hasattr(widget, "setChecked"):
                widget.setChecked(value)
            else:
                widget.setValue(value)
        dialog.accept()  # OK, as clicked
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", exec_)


def test_every_window_follows_a_change_made_in_the_settings_dialog(qtbot, state, monkeypatch):
    first, second = state.new_window(), state.new_window()
    loads: list[tuple] = []
    monkeypatch.setattr(state, "load_model", lambda *args: loads.append(args))
    fill_settings_dialog(
        monkeypatch, text_width=61, font_size=19.0, enabled=False, cutoff=0.3, max_tokens=20
    )
    first.act_preferences.trigger()
    for window in (first, second):
        assert window.editor.text_width == 61
        assert window.editor.font().pointSizeF() == 19.0
        assert not window.act_suggest.isChecked()
        assert not window.suggestions.settings.enabled
        assert window.suggestions.settings.confidence_cutoff == 0.3
        assert window.suggestions.settings.max_suggestion_tokens == 20
    saved = Settings.load(state.settings.path)
    assert (saved.text_width, saved.suggestions_enabled) == (61, False)
    assert loads == []  # nothing the model is opened with changed
    fill_settings_dialog(monkeypatch, n_ctx=2048)
    second.act_preferences.trigger()
    assert loads == [()]  # once, for both windows


def test_the_suggestions_switch_of_one_window_switches_all(qtbot, state) -> None:
    first, second = state.new_window(), state.new_window()
    first.act_suggest.trigger()
    assert not state.settings.suggestions_enabled
    assert not second.act_suggest.isChecked()
    assert not second.suggestions.settings.enabled
    assert not Settings.load(state.settings.path).suggestions_enabled
    second.act_suggest.trigger()
    assert first.suggestions.settings.enabled


def test_zoom_makes_the_text_of_every_window_larger_and_is_kept(qtbot, state) -> None:
    """There was no way to make the text larger for a moment but the Settings dialog's font
    size (no Ctrl+Plus, no Ctrl and the wheel). Zoom In and Out step the text of every window,
    the Settings' size staying what Actual Size brings back, and the zoom is kept."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QKeySequence, QWheelEvent

    state.settings.update(font_size=20.0)
    first, second = state.new_window(), state.new_window()
    assert QKeySequence("Ctrl+=") in first.act_zoom_in.shortcuts()
    first.act_zoom_in.trigger()
    first.act_zoom_in.trigger()
    assert state.settings.zoom == 1.25
    for window in (first, second):
        assert window.editor.font().pointSizeF() == 25.0
    assert first.statusBar().currentMessage() == "Text size: 125%"
    assert Settings.load(state.settings.path).zoom == 1.25
    notch = QWheelEvent(QPointF(10, 10), QPointF(10, 10), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(second.editor.viewport(), notch)  # Ctrl and the wheel, towards you
    assert state.settings.zoom == 1.1
    assert first.editor.font().pointSizeF() == 22.0
    first.act_zoom_reset.trigger()
    assert second.editor.font().pointSizeF() == 20.0
    for _ in range(20):
        first.act_zoom_out.trigger()
    assert state.settings.zoom == 0.5  # the smallest step, not below


def test_a_plain_start_reopens_the_windows_open_at_the_last_quit(
    qtbot, state, tmp_path: Path, monkeypatch
) -> None:
    """`writer` with no file opened one empty window: the chapter and the project the writer
    had open last night were gone from the screen. Now the windows open at the quit (or at a
    kill: they are kept as they change) come back with their project and document, the cursor
    where it was; a file no longer there is named, also when no window is left to reopen;
    closing one window drops it."""
    from writer.app import command_line_windows

    chapter, other, gone = tmp_path / "chapter.md", tmp_path / "other.md", tmp_path / "gone.md"
    folder = tmp_path / "book"
    folder.mkdir()
    scene = folder / "scene.md"
    for path in (chapter, other, scene, gone):
        path.write_text(f"# {path.stem}\n\nThe keeper climbed the stairs.\n", encoding="utf-8")
    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    first, second, third, empty = (state.new_window() for _ in range(4))
    first.open_file(chapter)
    assert state.open_folder(folder, second) == ""
    second.open_file(scene)
    cursor = second.editor.textCursor()
    cursor.setPosition(12)
    second.editor.setTextCursor(cursor)
    third.open_file(other)
    assert state.settings.last_session == [
        [str(chapter), ""], [str(scene), str(folder)], [str(other), ""]]
    third.close()  # a window closed: not reopened
    assert Settings.load(state.settings.path).last_session == [
        [str(chapter), ""], [str(scene), str(folder)]]
    first.open_file(gone)  # then deleted
    state.quit()  # every window closes: the session keeps them
    assert state.windows == []
    gone.unlink()
    assert state.settings.last_session == [[str(gone), ""], [str(scene), str(folder)]]

    window = command_line_windows(state, [])
    assert [w.documents.path for w in state.windows] == [scene]
    assert window.project is not None
    assert window.project.folder == folder
    assert window.editor.textCursor().position() == 12
    qtbot.waitUntil(lambda: "gone.md" in window.statusBar().currentMessage(), timeout=5000)
    state.settings.update(reopen_last=False)
    window.close()
    empty = command_line_windows(state, [])
    assert empty.documents.path is None
    # a session whose every document is gone: the empty window says so (it said nothing)
    empty.close()
    state.settings.update(reopen_last=True, last_session=[[str(gone), ""]])
    alone = command_line_windows(state, [])
    assert [w.documents.path for w in state.windows] == [None]
    qtbot.waitUntil(lambda: "gone.md" in alone.statusBar().currentMessage(), timeout=5000)
    state._quitting = True


def test_a_folder_opened_again_opens_the_document_last_opened_in_it(
    qtbot, state, tmp_path: Path
) -> None:
    """`writer ~/book` (and File → Open Folder, Open Recent's folder) showed an empty
    Untitled beside the Project panel: the chapter of yesterday had to be found again. As VS
    Code opens a folder with its editors, the project's document opened last comes back, the
    cursor where it was; not one no longer there, nor one another window shows."""
    from writer.app import first_window

    book, elsewhere = tmp_path / "book", tmp_path / "elsewhere.md"
    (book / "part 1").mkdir(parents=True)
    one, two = book / "part 1" / "one.md", book / "two.md"
    for path in (one, two, elsewhere):
        path.write_text(f"# {path.stem}\n\nThe keeper climbed the stairs.\n", encoding="utf-8")
    for path in (two, one, elsewhere):  # (opened in this order: the last one first)
        state.settings.remember_file(str(path), 9 if path == one else None)
    window = first_window(state, str(book))
    assert window.project is not None
    assert window.documents.path == one
    assert window.editor.textCursor().position() == 9
    # another window of the folder: File → Open Folder brings the project's window forward
    assert state.open_folder(book) == ""
    assert len(state.windows) == 1
    window.documents.editor.document().setModified(False)
    window.close()
    one.unlink()
    again = first_window(state, str(book))
    assert again.documents.path == two
    again.close()
    state.settings.update(recent_files=[str(elsewhere)])
    empty = first_window(state, str(book))
    assert empty.documents.path is None


def test_a_closed_window_no_longer_follows_the_settings(qtbot, state, caplog) -> None:
    window = state.new_window()
    assert window.close()
    gone: list[bool] = []
    window.destroyed.connect(lambda: gone.append(True))
    window.deleteLater()
    wait_until(lambda: bool(gone), 5000)
    state.settings.update(text_width=70)  # a window still subscribed would fail here
    assert "subscriber failed" not in caplog.text
    assert state.new_window().editor.text_width == 70


# the first run -------------------------------------------------------------------------------
def test_the_welcome_shows_only_when_no_model_was_ever_chosen(qtbot, state, monkeypatch):
    from writer.ui.welcome import WelcomeDialog

    shown: list[WelcomeDialog] = []
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: shown.append(self) or 0)
    assert state.first_run()
    window = state.new_window()
    window.show_welcome()
    assert shown
    assert state.settings.welcomed
    # F1 brings the keys back, and they include the rewrite's, Find's and the panel's
    from PySide6.QtWidgets import QLabel

    keys = [label.text() for label in shown[0].findChildren(QLabel)]
    for key in ("<b>F1</b>", "<b>Alt+S  Alt+R</b>", "<b>Ctrl+Shift+E</b>"):
        assert key in keys
    assert window.act_guide.shortcut().toString() == "F1"  # F1: Writer Help, with every key
    assert not state.first_run()
    fresh = Settings.load(state.settings.path)
    assert fresh.welcomed  # remembered
    other = AppState(
        Settings(model_path="/models/mine.gguf"), state.worker, JournalWriter(None), None
    )
    assert not other.first_run()


def test_without_the_starter_the_welcome_offers_its_download(qtbot, state, monkeypatch):
    """The starter's row said "installed" where it was not, and Enter (Start Writing) led to
    a window without a model."""
    from writer.ui.welcome import WelcomeDialog

    shown: list[WelcomeDialog] = []
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setattr("writer.paths.starter_model_path", lambda: None)
    monkeypatch.setattr("writer.models.fit.free_ram", lambda: 16 * 1024**3)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    state.new_window().show_welcome()
    dialog = shown[-1]
    row = dialog.models.currentItem().text()
    assert "not installed" in row
    assert "98.4 MB" in row
    assert dialog.chosen_id() == "smollm2-135m"
    assert dialog.download_button.isEnabled()
    assert dialog.download_button.isDefault()


def test_the_welcome_lays_out_its_parts_without_overlap(qtbot, state, monkeypatch):
    """With the catalog's models and the offline note (two wrapped lines), the welcome was
    made as tall as its parts' least heights, which leave out a wrapped label's second line:
    its parts were squeezed over each other ("Models that fit this computer:" over the keys'
    last row, F1, seen in a real window), the list shorter than its least height."""
    from writer.ui.welcome import WelcomeDialog

    shown: list[WelcomeDialog] = []
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setattr("writer.models.fit.free_ram", lambda: 24 * 1024**3)
    state.new_window().show_welcome()
    dialog = shown[-1]
    qtbot.addWidget(dialog)
    assert dialog.offline_note.text()  # (HF_HUB_OFFLINE: tests/conftest.py)
    dialog.show()
    qtbot.waitExposed(dialog)
    layout = dialog.layout()
    parts = [layout.itemAt(i).widget() for i in range(layout.count())]
    shown_parts = [w for w in parts if w is not None and w.isVisible()]
    for above, below in zip(shown_parts, shown_parts[1:], strict=False):
        assert above.geometry().bottom() < below.geometry().top(), (above, below)
    assert dialog.models.height() >= dialog.models.minimumHeight()
    assert dialog.top.verticalScrollBar().maximum() == 0  # room enough: every key shows


def test_the_welcomes_model_rows_have_a_gap_between_them(qtbot):
    """The models' rows, two lines each, ran together: a model's verdict read as the first line
    of the next model. Each row keeps a gap of a quarter line from the next."""
    from writer.models import fit
    from writer.models.catalog import load_catalog
    from writer.ui.welcome import WelcomeDialog

    fitting = [(e, fit.check(e.size, 4096)) for e in load_catalog()][:4]
    dialog = WelcomeDialog(fitting, None, "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    models = dialog.models
    rects = [models.visualItemRect(models.item(i)) for i in range(models.count())]
    assert len(rects) >= 3
    gap = models.fontMetrics().lineSpacing() // 4
    for above, below in zip(rects, rects[1:], strict=False):
        assert below.top() - above.bottom() - 1 >= gap, (above, below)
    # five rows of two lines show before the list scrolls (the least height counts the gaps)
    two_lines = rects[1].height()
    assert models.minimumHeight() >= 5 * (two_lines + gap)


def test_the_welcome_fits_a_short_screen(qtbot, monkeypatch):
    """At 150 % on a 1366 × 768 laptop (910 × 512) the welcome's buttons were below the
    screen's bottom: the keys scroll there; where there is room they all show."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from writer.models.advice import recommend
    from writer.ui import i18n
    from writer.ui.welcome import WelcomeDialog

    i18n.install("zh_CN")  # (its advice wraps a line more where a scroll bar takes room)
    try:
        roomy = WelcomeDialog([], recommend("zh", 8192, False), "zh")
    finally:
        i18n.install("en")
    qtbot.addWidget(roomy)
    roomy.show()
    qtbot.waitExposed(roomy)
    assert roomy.top.verticalScrollBar().maximum() == 0  # every key and the advice show
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 910, 512))
    short = WelcomeDialog([], None, "")
    qtbot.addWidget(short)
    assert short.minimumSizeHint().height() <= 512 - 60
    assert short.height() <= 512 - 60


def test_the_welcome_opens_with_the_keyboard_on_its_models(qtbot):
    """A writer's first keys on the welcome went to the scroll area of its keys (no focus shown,
    the arrows moved nothing): the list of models has the keyboard, as its label says."""
    from writer.ui.welcome import WelcomeDialog

    dialog = WelcomeDialog([], None, "")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
    assert dialog.focusWidget() is dialog.models


def test_the_welcome_is_gone_before_the_models_dialog_opens(qtbot, state):
    """Download the Chosen Model opened the Models dialog while the welcome stayed open behind
    it (its buttons showing under the dialog, and the welcome back after it closed)."""
    from writer.models import fit
    from writer.models.catalog import load_catalog
    from writer.ui.welcome import WelcomeDialog

    entry = next(e for e in load_catalog() if not e.bundled)

    dialog = WelcomeDialog([(entry, fit.check(entry.size, 4096))], None, "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    seen: list[bool] = []
    dialog.download_requested.connect(lambda _id: seen.append(dialog.isVisible()))
    dialog.models.setCurrentRow(1)
    dialog.download_button.click()
    assert seen == [False]


def test_without_the_starter_the_window_says_where_to_get_a_model(state, monkeypatch):
    """The window said the command line's sentence (pip, --model, a "Models" menu), cut off
    and in English under any interface."""
    from writer.sentences import spoken

    monkeypatch.setattr("writer.paths.starter_model_path", lambda: None)
    state.load_model()
    assert "Model → Manage Models" in state.model_error
    assert "pip" not in state.model_error
    assert spoken(state.model_error) is not None  # (translated where it is shown)


def test_under_chinese_the_welcome_recommends_a_multilingual_model(qtbot, state, monkeypatch):
    from writer.ui.welcome import WelcomeDialog

    shown: list[WelcomeDialog] = []
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setattr("writer.models.fit.free_ram", lambda: 16 * 1024**3)
    window = state.new_window()
    window.editor.setPlainText("灯塔看守人每天晚上都爬上螺旋楼梯，点亮那盏灯。")
    window.show_welcome()
    dialog = shown[-1]
    assert "English only" in dialog.advice.text()
    assert "Qwen2.5" in dialog.advice.text()
    assert dialog.chosen_id().startswith("qwen2.5")
    # offline (the tests' environment), Download led to a notice and did nothing: it is
    # off, and the welcome says why
    assert not dialog.download_button.isEnabled()
    assert dialog.start_button.isDefault()  # (Enter starts writing)
    assert "HF_HUB_OFFLINE" in dialog.offline_note.text()
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    window.show_welcome()
    assert shown[-1].download_button.isEnabled()
    assert shown[-1].offline_note.isHidden()
    # Enter does what the chosen row offers: the recommended model, chosen for the writer,
    # downloads (Enter started writing with the starter, which writes English only: look34's);
    # the starter's row starts writing
    assert shown[-1].download_button.isDefault()
    shown[-1].models.setCurrentRow(0)
    assert shown[-1].start_button.isDefault()
    assert not shown[-1].download_button.isDefault()
    # a Japanese document (it was taken for Chinese, and then for none once Japanese was
    # told apart): the welcome names Japanese and a model that writes it
    window.editor.setPlainText("吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。")
    window.show_welcome()
    assert "into Japanese, it answers in English" in shown[-1].advice.text()
    assert "For Japanese, choose Qwen2.5" in shown[-1].advice.text()
    # a language no catalog model writes: said so, not "none that fits"
    window.editor.setPlainText("Сьогодні в порту тихо, човни ще не повернулися.")
    window.show_welcome()
    assert "into Ukrainian, it answers in English" in shown[-1].advice.text()
    assert "None of the models in Writer's catalog writes Ukrainian." in shown[-1].advice.text()
    # French, told by its words: the welcome points to a model that writes it
    window.editor.setPlainText(
        "Le vieux gardien du phare montait chaque soir l'escalier en colimaçon pour allumer la "
        "lampe. Il ne parlait à personne au village, mais les pêcheurs savaient qu'il veillait."
    )
    window.show_welcome()
    assert "into French, it answers in English" in shown[-1].advice.text()
    assert "For French, choose " in shown[-1].advice.text()


def test_the_status_bar_says_the_starter_writes_english_only(qtbot, state, monkeypatch):
    monkeypatch.setattr("writer.models.fit.free_ram", lambda: 16 * 1024**3)
    window = state.new_window()
    window.show()
    window.editor.setPlainText("我们今天去公园散步，天气很好。天空很蓝。")
    window.check_language()
    assert window.model_status.advice_label.isVisible()
    assert "English only" in window.model_status.advice_label.text()
    assert "Qwen2.5" in window.model_status.advice_label.text()
    window.editor.setPlainText("An English text again.")
    window.check_language()
    assert not window.model_status.advice_label.isVisible()
    # Japanese is named as itself (it was "Chinese"), with a catalog model that writes it
    window.editor.setPlainText("今日は港が静かで、漁船はまだ戻ってこない。")
    window.check_language()
    label = window.model_status.advice_label
    assert "Qwen2.5" in label.text()
    assert "Japanese" in label.toolTip()
    assert "Chinese" not in label.toolTip()
    # French, told by its words (it was not told at all): a catalog model that writes it
    from writer.models import catalog

    window.editor.setPlainText(
        "Chère Claire, merci pour ta lettre et pour les photos de la mer. Ici, il pleut depuis "
        "trois jours et les enfants tournent en rond dans la maison."
    )
    window.check_language()
    assert label.isVisible()
    assert "English only" in label.text()
    named = [e for e in catalog.load_catalog() if e.name in label.text()]
    assert ["fr" in e.languages for e in named] == [True]
    assert "French" in label.toolTip()
    # Dutch, which no catalog model lists
    window.editor.setPlainText(
        "Lieve Sanne, hartelijk dank voor je brief en de mooie foto's van de zee. Hier regent "
        "het al drie dagen en de kinderen vervelen zich in huis."
    )
    window.check_language()
    assert "None of the models in Writer's catalog writes Dutch." in label.toolTip()
    # a language none of the catalog's models writes: said so, no model named
    import dataclasses

    def without_korean():
        return tuple(
            dataclasses.replace(e, languages=tuple(x for x in e.languages if x != "ko"))
            for e in catalog.load_catalog()
        )

    monkeypatch.setattr("writer.models.advice.load_catalog", without_korean)
    window.editor.setPlainText("오늘 항구는 조용하고 어선들은 아직 돌아오지 않았다.")
    window.check_language()
    assert label.isVisible()
    assert "Korean" in label.text()
    assert "Qwen2.5" not in label.text() + label.toolTip()
    assert "None of the models in Writer's catalog writes Korean." in label.toolTip()


def test_a_message_that_stays_has_the_word_count_back_once_read(qtbot, state) -> None:
    """A failure's message stays until another comes: the word count and the model's name,
    which stepped aside for it, were gone for as long (look33's). They come back beside it
    after a while (MESSAGE_ASIDE_MS; here a test's), the message cut, whole on hover; the next
    message has them step aside again."""
    window = state.new_window()
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    window._aside_timer.setInterval(200)  # the rule, in a test's time
    status = window.model_status
    long = "The model file could not be read: it ends before its last tensor. " * 3
    window.show_message(long)
    assert not window.word_count.isVisible()
    assert not status.model_label.isVisible()
    wait_until(lambda: window.word_count.isVisible(), 10_000)
    assert status.model_label.isVisible()
    assert window.statusBar().currentMessage() == long  # still said
    assert window.statusBar().toolTip() == long  # whole on hover
    window.resize(880, 600)  # a refit keeps them
    assert window.word_count.isVisible()
    other = long.replace("model file", "notes file")
    window.show_message(other)
    assert not window.word_count.isVisible()  # a new message: whole again
    wait_until(lambda: window.word_count.isVisible(), 10_000)
    window.show_message("Short.")
    assert window.word_count.isVisible()
    window.show_message(long)  # (the first again, after another: whole again)
    assert not window.word_count.isVisible()
    window.statusBar().clearMessage()
    assert window.word_count.isVisible()


def test_a_message_the_advice_leaves_no_room_for_shows_whole(qtbot, state, monkeypatch):
    """Found in the real window under Chinese: with the advice and the speed beside it, a
    status sentence was cut to "…现在没…"; they step aside while it shows and come back."""
    monkeypatch.setattr("writer.models.fit.free_ram", lambda: 16 * 1024**3)
    window = state.new_window()
    window.resize(1200, 600)
    window.show()
    qtbot.waitExposed(window)
    window.editor.setPlainText("我们今天去公园散步，天气很好。天空很蓝。")
    window.check_language()
    advice = window.model_status.advice_label
    assert advice.isVisible()
    window.show_message("Short.")
    assert advice.isVisible()  # room enough: nothing moves
    bar, status = window.statusBar(), window.model_status

    def room() -> int:
        parts = (
            window.word_count,
            window.alt_label,
            window.encodings.button,
            status,
            window.download_status,
        )
        return bar.width() - sum(w.sizeHint().width() for w in parts if w.isVisible())

    long = "Alt+Down lists the other words of a suggestion; none is showing. " * 2
    window.show_message(long)
    assert not advice.isVisible()
    assert bar.fontMetrics().horizontalAdvance(long) <= room()  # whole now
    assert status.model_label.isVisible()  # room enough without the advice
    window.show_message(long * 3)  # not even then: the model's name steps aside too
    assert not status.model_label.isVisible()
    assert not window.word_count.isVisible()  # and the word count (the message ran into it)
    window.statusBar().clearMessage()
    assert window.word_count.isVisible()
    assert advice.isVisible()
    assert window.model_status.model_label.isVisible()
    assert "English only" in advice.text()
    # the advice coming after the message it crowds (its timer): the message refits
    window.editor.setPlainText("An English text again.")
    window.check_language()
    assert not advice.isVisible()
    window.show_message(long)
    window.editor.setPlainText("我们今天去公园散步，天气很好。天空很蓝。")
    window.check_language()
    assert not advice.isVisible()
    assert bar.fontMetrics().horizontalAdvance(long) <= room()


# languages -----------------------------------------------------------------------------------
def menus_have_one_key_each(window) -> None:
    """Every menu item has its own key within its menu ("S" was Suggestions and Settings,
    "R" Redo and Rewrite: Alt+M, S only moved the highlight), and the menus' own differ."""
    import re

    def key(text: str) -> str:
        found = re.search(r"&(\w)", text)
        assert found, text
        return found.group(1).lower()

    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    titles = [key(m.title()) for m in menus]
    assert len(set(titles)) == len(titles), titles
    for menu in menus:
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        keys = [key(text) for text in texts]
        assert len(set(keys)) == len(keys), texts


def test_switching_to_chinese_changes_the_menus(qtbot, state, monkeypatch) -> None:
    from writer.generation.results import GenerationStats

    window = state.new_window()
    assert window.file_menu.title() == "&File"
    menus_have_one_key_each(window)
    stats = GenerationStats()
    stats.ttft_s, stats.generated_tokens = 0.05, 1
    window.model_status.on_loaded(state.worker.info)
    window.model_status.show_speed(stats)
    state.settings.language = "zh_CN"
    state.apply_appearance()
    wait_until(lambda: window.file_menu.title() == "文件(&F)", 2000)
    # the status bar's speed and where the model runs stayed English until the next one
    assert window.model_status.speed_label.text() == "首个词元 50 毫秒"
    assert "this computer" not in window.model_status.model_label.text()
    assert window.model_menu.title() == "模型(&M)"
    assert window.act_rewrite.text() == "改写所选文字(&W)…"
    menus_have_one_key_each(window)
    # found by looking at the window: the toolbar showed the menus' "(N)" mnemonics
    assert window.act_new.iconText() == "新建"
    assert window.act_suggest.iconText() == "续写建议"
    # found by a newcomer: the context panel stayed English after the switch
    panel = window.context_panel
    assert panel.windowTitle() != "Context"
    assert panel.tree.headerItem().text(0) != "Part"
    assert panel.text.placeholderText() != "Select a part to see its text."
    # and these stayed English: a built-in preset's name, a unit, whether a model fits
    from writer.models import fit
    from writer.ui.fit_words import describe
    from writer.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(state.settings)
    assert dialog.presets.item(0).text() == "润色"
    assert dialog.preset_rows()[0][0] == "Improve"  # saved as it was
    # edited, it is shown by the name the list gives it (it came up "Improve" under 润色)
    from PySide6.QtWidgets import QInputDialog

    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, text="", **k: (asked.append(text), (text, True))[1])  # fmt: skip
    monkeypatch.setattr(QInputDialog, "exec", lambda box: (box.setTextValue("更好。"), 1)[1])
    dialog.presets.setCurrentRow(0)
    dialog._edit_preset()
    assert asked == ["润色"]
    assert dialog.preset_rows()[0] == ["Improve", "更好。"]  # (its name kept, unchanged)
    assert dialog.presets.item(0).text() == "润色"
    assert dialog.max_tokens.suffix() == " 个词元"  # one word for a token, as the status bar
    verdict = fit.check(100 * 1024**2, 8192, ram=16 * 1024**3)
    assert describe(verdict).startswith("装得下：上下文为 8,192 个词元时约需")
    state.settings.language = "en"
    state.apply_appearance()
    wait_until(lambda: window.file_menu.title() == "&File", 2000)


def test_in_chinese_about_and_qt_own_dialogs_are_chinese_too(qtbot, state, monkeypatch):
    """Found by a newcomer: the About rows, "no (CPU build)" and Qt's buttons stayed English."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: seen.append(text))
    window = state.new_window()
    state.settings.update(language="zh_CN")
    wait_until(lambda: window.file_menu.title() == "文件(&F)", 2000)
    window.act_about.trigger()
    for english in ("GPU offload", "Recovery journal", "Log<", "CPU build", "System<"):
        assert english not in seen[0]
    assert "恢复日志" in seen[0]
    assert "GPU 加速" in seen[0]
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Save).text() == "保存"
    # (Chinese, with the Alt letter Writer gives Qt's OK, Cancel and Close everywhere)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消(&C)"


def test_english_fit_sentences_say_an_eight() -> None:
    from writer.models import fit

    assert "with an 8,192-token context" in fit.check(10**8, 8192, ram=16 * 1024**3).sentence
    assert "with a 4,096-token context" in fit.check(10**8, 4096, ram=16 * 1024**3).sentence
    assert "with an 11,000-token context" in fit.check(10**8, 11_000, ram=16 * 1024**3).sentence


def test_the_settings_dialog_shows_every_tab_name(qtbot, tmp_path: Path) -> None:
    from writer.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings.load(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    bar = dialog.tabs.tabBar()
    assert bar.tabRect(bar.count() - 1).right() <= bar.width()


def test_the_system_locale_picks_the_language() -> None:
    from PySide6.QtCore import QLocale

    from writer.ui.i18n import language_for

    assert language_for("", QLocale("zh_CN")) == "zh_CN"
    assert language_for("", QLocale("zh_TW")) == "en"  # traditional characters: not (yet)
    assert language_for("", QLocale("de_DE")) == "en"
    assert language_for("zh_CN", QLocale("en_US")) == "zh_CN"


def test_every_interface_text_has_a_chinese_translation() -> None:
    import xml.etree.ElementTree as ET

    root = Path(__file__).parents[1]
    ts = ET.parse(root / "resources" / "i18n" / "writer_zh_CN.ts").getroot()
    unfinished = [
        m.findtext("source") for m in ts.iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]  # fmt: skip
    assert unfinished == []
    assert (root / "resources" / "i18n" / "writer_zh_CN.qm").stat().st_size > 1000


# about and problem reports ---------------------------------------------------------------------
def test_about_names_the_real_paths_and_versions(qtbot, state, monkeypatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: seen.append(text))
    window = state.new_window()
    window.act_about.trigger()
    text = seen[0]
    rows = dict(window.help.environment())
    assert str(state.settings.path) in text
    assert rows["Settings"] == str(state.settings.path)
    assert rows["Log"].endswith("writer.log")
    assert Path(rows["Recovery journal"]).name == "journal"
    assert rows["llama-cpp-python"].startswith("0.3")
    assert "PySide6" in rows["Qt"]
    # the model named first as the status bar names it
    from writer.ui.model_status import short_name

    assert rows["Model"].startswith(short_name(state.worker.info) + " (")
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: 0)
    window.act_report.trigger()
    copied = QApplication.clipboard().text()
    assert "llama-cpp-python" in copied
    assert str(state.settings.path) in copied


def test_the_status_bar_names_a_servers_model_briefly_and_forgets_the_last_speed(
    qtbot, state
) -> None:
    """llama-server names its model by the whole path it loaded (half the status bar, and
    every sentence beside it cut short); a speed measured on the last model stayed beside
    the next one, or beside No model."""
    from pathlib import Path as P

    from writer.generation.backend import BackendInfo
    from writer.generation.results import GenerationStats
    from writer.ui.model_status import short_name

    served = "/work/models/SmolLM2-135M-Instruct.Q4_1.gguf"
    assert short_name(BackendInfo(served, "server", 4096)) == "SmolLM2-135M-Instruct.Q4_1"
    assert short_name(BackendInfo("Qwen/Qwen2.5-1.5B-Instruct", "server", 4096)) == (
        "Qwen/Qwen2.5-1.5B-Instruct"
    )
    assert short_name(BackendInfo("gpt-4o-mini", "server", 4096)) == "gpt-4o-mini"
    assert short_name(BackendInfo("x", "here", 4096, path=P("/m/a.Q8_0.gguf"))) == "a.Q8_0"
    window = state.new_window()
    status = window.model_status
    stats = GenerationStats()
    stats.ttft_s, stats.generated_tokens = 0.05, 3
    status.show_speed(stats)
    assert status.speed_label.text() == "first token 50 ms"
    # a rewrite asked again at once finds its first token kept: said so, not "0 ms"
    again = GenerationStats()
    again.ttft_s, again.generated_tokens, again.reused_tokens = 0.0, 3, 40
    status.show_speed(again, rewrite=True)
    assert status.speed_label.text().startswith("rewrite: first token at once")
    assert "0 ms" not in status.speed_label.text()
    # a slow machine's rate is not "0 tok/s" (two tokens in five seconds, found under load)
    stats.decode_s = 5.0
    status.show_speed(stats)
    assert status.speed_label.text() == "first token 50 ms · 0.4 tok/s"
    stats.decode_s = 0.02
    status.show_speed(stats)
    assert status.speed_label.text() == "first token 50 ms · 100 tok/s"
    status.on_loaded(BackendInfo(served, "llama.cpp server at 127.0.0.1:8490", 4096,
                                 host="127.0.0.1:8490"))
    assert status.speed_label.text() == ""
    assert status.model_label.text().startswith("SmolLM2-135M-Instruct.Q4_1 · ")
    assert "/work/models" not in status.model_label.text()


def test_a_regular_expression_that_does_not_compile_is_explained_in_the_interfaces_words(
    qtbot, tmp_path: Path
) -> None:
    """Python's reason stayed English in Chinese ("unterminated character set")."""
    from writer.ui import i18n
    from writer.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings.load(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    dialog.bans.setPlainText("a tapestry of\n/[ab/")
    assert "a “[” is not closed" in dialog.ban_problem()
    assert i18n.regex_reason("bad escape \\q") == "“\\q” is no escape a pattern knows"
    # every reason Python gives for the patterns a writer types has the interface's words
    import re as regex

    for pattern in ("ab\\", r"\x1", "(?", "a{3,2}", "(?P=nm)", r"\9", "(?P<a", "a(?i)",
                    r"(a\1)", "(?#abc", "(ab", "ab)", "*a", "a**", "[b-a]", "(?<=a+)b"):
        with pytest.raises(regex.error) as caught:
            regex.compile(pattern)
        assert i18n.regex_reason(caught.value.msg) != caught.value.msg, pattern
    assert i18n.regex_reason("something new") == "something new"
    i18n.install("zh_CN")
    try:
        problem = dialog.ban_problem()
    finally:
        i18n.install("en")
    assert "unterminated" not in problem
    assert "[" in problem


def test_use_the_server_goes_back_to_the_server_left_with_use_the_local_model(
    qtbot, state, monkeypatch
) -> None:
    """After Model → Use the Local Model in a --server session nothing led back to that
    server (the address had to be typed in Settings): Use the Server does, in one step."""
    loads: list = []
    monkeypatch.setattr(state, "load_model", lambda *a, **k: loads.append(state.server()))
    window = state.new_window()
    assert window.act_use_server in window.model_menu.actions()
    # a server the settings name comes back through the settings
    state.settings.update(use_server=True, server_url="http://localhost:8491")
    assert state.server_to_return_to() is None  # a server serves now
    state.use_local_model()
    assert not state.settings.use_server
    state.use_server_again()
    assert state.settings.use_server
    assert state.server() == ("http://localhost:8491", "")
    # one from the command line comes back as it was
    state.settings.update(use_server=False)
    state.server_override = ("http://127.0.0.1:8490", "")
    state.use_local_model()
    assert state.server() is None
    assert state.server_to_return_to() == ("http://127.0.0.1:8490", "")
    window.act_use_server.setEnabled(True)
    window.act_use_server.trigger()
    assert state.server() == ("http://127.0.0.1:8490", "")
    assert loads[-1] == ("http://127.0.0.1:8490", "")


def test_a_folder_opened_again_reopens_only_a_document_its_panel_lists(
    qtbot, state, tmp_path: Path
) -> None:
    """The document reopened in a project was any recent file inside its folder: one in a
    hidden folder (an editor's .obsidian, a .trash) or deeper than the project looks came
    back, a document the Project panel does not list."""
    from writer.app import first_window

    book = tmp_path / "book"
    hidden, deep = book / ".trash" / "old.md", book / "1" / "2" / "3" / "4" / "5" / "deep.md"
    listed = book / "two.md"
    for path in (listed, deep, hidden):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("The keeper climbed the stairs.\n", encoding="utf-8")
        state.settings.remember_file(str(path))
    window = first_window(state, str(book))
    assert window.documents.path == listed


def test_enter_in_the_gpu_layers_field_is_ok(qtbot, tmp_path: Path) -> None:
    """Found with the keyboard alone: a number typed in GPU layers and Enter made it a fourth
    choice of the list, without a value, and every OK after refused it ("None is not a valid
    n_gpu_layers"), a valid "12" too, until Cancel. Enter there is the dialog's OK."""
    from PySide6.QtCore import Qt

    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.gpu.parentWidget())
    dialog.gpu.setFocus()
    dialog.gpu.lineEdit().selectAll()
    qtbot.keyClicks(dialog.gpu.lineEdit(), "lots")
    qtbot.keyClick(dialog.gpu.lineEdit(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "lots" in dialog.problem_label.text()
    assert "None" not in dialog.problem_label.text()
    assert dialog.gpu.count() == 3  # Automatic, All layers, None: nothing added
    dialog.gpu.lineEdit().selectAll()
    qtbot.keyClicks(dialog.gpu.lineEdit(), "12")
    qtbot.keyClick(dialog.gpu.lineEdit(), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert settings.n_gpu_layers == "12"
    assert Settings.load(tmp_path / "settings.json").n_gpu_layers == "12"


def test_a_font_this_computer_lacks_is_said_not_saved(qtbot, tmp_path: Path) -> None:
    """A font's name typed in Settings → Appearance (a typo, or a font not installed here)
    and Enter closed the dialog and saved it: the text then showed in another font without a
    word, and the name stayed in the list as a font. It is said, and nothing saved."""
    from PySide6.QtCore import Qt

    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fonts = dialog.font.count()
    dialog.tabs.setCurrentIndex(0)
    dialog.font.setFocus()
    dialog.font.lineEdit().selectAll()
    qtbot.keyClicks(dialog.font.lineEdit(), "Nosuchfont Pro")
    qtbot.keyClick(dialog.font.lineEdit(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "Nosuchfont Pro" in dialog.problem_label.text()
    assert dialog.tabs.currentWidget().isAncestorOf(dialog.font)
    assert dialog.font.count() == fonts
    assert settings.font_family == ""
    assert Settings.load(tmp_path / "settings.json").font_family == ""
    dialog.use_font.setChecked(False)  # the system's serif after all
    dialog.accept()
    assert not dialog.isVisible()
    assert settings.font_family == ""


def test_a_font_of_the_list_is_saved_as_the_list_names_it(qtbot, tmp_path: Path) -> None:
    """The check of a font's name was a second rule beside the list's and the editor's (Qt's
    hasFamily): "Sans Serif", a name of the list, was refused as "not a font on this
    computer", and "dejavu sans mono" (or "Nimbus Roman", the list's "Nimbus Roman [urw]")
    passed and was saved as typed, a name the editor does not find: the text showed in the
    serif without a word. The font saved is the list's that the box's text names."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(dialog.tabs.indexOf(dialog.font.parentWidget()))
    dialog.font.setCurrentIndex(dialog.font.findText("Sans Serif"))  # (Qt's fontconfig name)
    assert dialog.font.currentText() == "Sans Serif"
    assert dialog.use_font.isChecked()
    dialog.accept()
    assert not dialog.isVisible(), dialog.problem_label.text()
    assert settings.font_family == "Sans Serif"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.font.lineEdit().selectAll()
    qtbot.keyClicks(dialog.font.lineEdit(), "dejavu sans mono")  # and OK, without Enter
    dialog.accept()
    assert not dialog.isVisible(), dialog.problem_label.text()
    assert settings.font_family == "DejaVu Sans Mono"
    assert Settings.load(tmp_path / "settings.json").font_family == "DejaVu Sans Mono"


def _threads_typed(qtbot, dialog, text: str):
    """`dialog` (a SettingsDialog) shown and active, `text` typed over its CPU threads."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.setActiveWindow(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.tabs.setCurrentWidget(dialog.threads.parentWidget())
    dialog.threads.setFocus()
    dialog.threads.selectAll()
    qtbot.keyClicks(dialog.threads, text)
    return dialog


def test_a_number_box_with_a_word_for_its_least_says_the_word_and_takes_any_number_typed(
    qtbot, tmp_path: Path
):
    """CPU threads' 0 shows as "automatic", yet a refusal said "from 0 to 256"; and a number
    above a box's most could not be typed at all (Qt dropped the key that made "25" into
    "257" without a word). The number is taken as typed and refused at Enter, with the word:
    "“automatic” or a number from 1 to 256"."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = _threads_typed(qtbot, SettingsDialog(settings), "300")
    assert dialog.threads.text() == "300"
    qtbot.keyClick(dialog.threads, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.problem_label.text() == (
        "CPU threads: “300” is not “automatic” or a number from 1 to 256.")
    assert dialog.threads.text() == "300"
    assert Settings.load(tmp_path / "settings.json").n_threads == settings.n_threads
    dialog.threads.selectAll()
    qtbot.keyClicks(dialog.threads, "8")
    qtbot.keyClick(dialog.threads, Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.problem_label.text()
    assert Settings.load(tmp_path / "settings.json").n_threads == 8
    from writer.ui import i18n

    i18n.install("zh_CN")
    try:
        chinese = SettingsDialog(settings)
        qtbot.addWidget(chinese)
        chinese.threads.lineEdit().setText("300")
        chinese.accept()
        assert chinese.problem_label.text() == (
            "CPU 线程：“300”既不是“自动”，也不是 1 到 256 之间的数。")
    finally:
        i18n.install("en")


def test_a_number_out_of_range_stays_as_typed_when_its_tab_is_left(qtbot, tmp_path: Path):
    """"300" typed in CPU threads (256 at most), then Alt+A to the Appearance tab (or a click
    on it): Qt put back the last number in range as the tab hid, "30", and OK saved 30
    without a word. The text stays as typed, OK brings its tab back and says why."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = _threads_typed(qtbot, SettingsDialog(settings), "300")
    qtbot.keyClick(dialog.threads, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.font.parentWidget()
    assert dialog.threads.text() == "300"
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.threads.parentWidget()
    assert dialog.threads.text() == "300"  # (shown again: still as typed)
    assert dialog.problem_label.text() == (
        "CPU threads: “300” is not “automatic” or a number from 1 to 256.")
    assert Settings.load(tmp_path / "settings.json").n_threads == settings.n_threads


def test_a_step_from_a_number_beyond_the_range_starts_at_its_end(qtbot, tmp_path: Path):
    """"300" typed in CPU threads (256 at most), then Down: Qt stepped from 30, the last number
    in range on the way, and the box said 30 without a word. A step starts from the end of
    the range nearest to the number typed (Up from above it has nowhere to go)."""
    from writer.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings.load(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.threads.parentWidget())
    for key, shown in ((Qt.Key.Key_Down, "255"), (Qt.Key.Key_Up, "300")):
        dialog.threads.setFocus()
        dialog.threads.selectAll()
        qtbot.keyClicks(dialog.threads, "300")
        qtbot.keyClick(dialog.threads, key)
        assert dialog.threads.text() == shown
    dialog.tabs.setCurrentWidget(dialog.cutoff.parentWidget())
    dialog.cutoff.setFocus()
    dialog.cutoff.selectAll()
    qtbot.keyClicks(dialog.cutoff, "2")
    qtbot.keyClick(dialog.cutoff, Qt.Key.Key_Down)
    assert dialog.cutoff.text() == "0.90"


def test_a_number_box_refuses_nan_and_inf_as_it_refuses_any_word(qtbot, tmp_path: Path):
    """"nan" or "inf" pasted in a whole-number box stayed there (taken for a number beyond its
    range), where any other word is refused as it comes. They are refused the same way."""
    from writer.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings.load(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    for box in (dialog.threads, dialog.debounce):
        before = box.text()
        for word in ("nan", "inf", "-inf", "abc"):
            box.selectAll()
            QApplication.clipboard().setText(word)
            box.lineEdit().paste()
            assert box.text() == before, word


def test_gpu_layers_typed_in_another_case_are_the_choice_they_name(qtbot, tmp_path: Path):
    """"all layers" typed (not chosen from the list), then OK with the mouse, was refused as
    “all layers” is not Automatic, All layers or a number of layers. The list's words are
    found in any case."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.gpu.parentWidget())
    dialog.gpu.setFocus()
    dialog.gpu.lineEdit().selectAll()
    qtbot.keyClicks(dialog.gpu.lineEdit(), "all layers")
    dialog.accept()
    assert not dialog.isVisible(), dialog.problem_label.text()
    assert settings.n_gpu_layers == "all"


def test_a_saved_font_no_longer_on_this_computer_is_said_and_kept(qtbot, tmp_path: Path):
    """A font chosen once and since removed: the box showed Qt's stand-in, and OK saved the
    stand-in in its place without a word. The box keeps the saved name, the tab says it is
    missing, and OK keeps it; a font chosen from the list replaces it."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    settings.update(font_family="Nosuchfont Pro")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.font.currentText() == "Nosuchfont Pro"
    dialog.tabs.setCurrentWidget(dialog.font.parentWidget())
    assert dialog.font_note.isVisibleTo(dialog)
    assert dialog.font_note.text().startswith(
        "“Nosuchfont Pro”, the font chosen before, is not on this computer any more")
    dialog.accept()
    assert not dialog.isVisible(), dialog.problem_label.text()
    assert Settings.load(tmp_path / "settings.json").font_family == "Nosuchfont Pro"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.font.setCurrentIndex(dialog.font.findText("Sans Serif"))
    dialog.accept()
    assert settings.font_family == "Sans Serif"


def test_the_note_on_a_missing_font_goes_once_ok_would_not_keep_it(qtbot, tmp_path: Path):
    """The note "OK keeps it for when it is back" stayed after another font was chosen (OK
    then saved that one) or the box was unticked. It shows while OK keeps the saved name."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = Settings.load(tmp_path / "settings.json")
    settings.update(font_family="Nosuchfont Pro")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.font.parentWidget())
    assert dialog.font_note.isVisible()
    dialog.use_font.setChecked(False)
    assert not dialog.font_note.isVisible()
    dialog.use_font.setChecked(True)
    assert dialog.font_note.isVisible()
    dialog.font.setCurrentIndex(dialog.font.findText("Sans Serif"))
    assert not dialog.font_note.isVisible()
    assert dialog.font_family() == "Sans Serif"
