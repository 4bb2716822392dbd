"""Help → Writer Help (F1): the guide in a window of its own, in the interface's language, its
keys taken from the window's own actions, and its files shipped with the application."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from writer.ui import guide
from writer.ui.i18n import CHINESE, ENGLISH

ROOT = Path(__file__).parents[1]
HELP = ROOT / "resources" / "help"
NATIVE = QKeySequence.SequenceFormat.NativeText


@pytest.fixture(autouse=True)
def no_guide_left_open():
    yield
    shown = guide.shown_guide()
    if shown is not None:
        shown.close()
    guide._last_section = None


def _press(qtbot, widget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifiers)


def _shown_window(qtbot, state):
    window = state.new_window()
    window.bring_forward()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window


def test_f1_and_the_help_menu_open_one_guide_for_the_application(qtbot, state) -> None:
    window = _shown_window(qtbot, state)
    assert window.act_guide in window.help_menu.actions()
    assert window.act_guide.text() == "Writer &Help"
    assert window.act_guide.shortcut().toString() == "F1"
    _press(qtbot, window.editor, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: guide.shown_guide() is not None, timeout=5000)
    shown = guide.shown_guide()
    qtbot.waitUntil(shown.isVisible, timeout=5000)
    assert shown.windowTitle() == "Writer Help"
    assert QApplication.activeModalWidget() is None  # the text stays at hand beside it
    assert shown.contents.item(0).text() == "Getting started"
    assert "Ctrl+Space asks for a suggestion now" in shown.shown_text()
    qtbot.waitUntil(shown.contents.hasFocus, timeout=5000)  # the keyboard in the contents
    _press(qtbot, shown.contents, Qt.Key.Key_Down)
    assert shown.current_id() == "rewrite"
    assert "Alt+S stops the model" in shown.shown_text()
    # the menu of another window brings the same one forward, at the same place
    other = _shown_window(qtbot, state)
    other.act_guide.trigger()
    assert guide.shown_guide() is shown
    qtbot.waitUntil(shown.isActiveWindow, timeout=5000)  # brought forward
    assert shown.current_id() == "rewrite"
    assert len([w for w in QApplication.topLevelWidgets() if w.objectName() == "guide"
                and w.isVisible()]) == 1  # fmt: skip
    # Esc closes it; opened again, it is where the writer left it
    _press(qtbot, shown.contents, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: guide.shown_guide() is None, timeout=5000)
    window.act_guide.trigger()
    again = guide.shown_guide()
    assert again is not None
    assert again.isVisible()
    assert again.current_id() == "rewrite"


def test_the_guide_is_in_the_interfaces_language(qtbot, state) -> None:
    window = _shown_window(qtbot, state)
    shown = window.help.guide()
    shown.show_section("files")
    assert "Recover Unsaved Documents" in shown.shown_text()
    state.settings.update(language="zh_CN")
    try:
        qtbot.waitUntil(lambda: shown.contents.item(0).text() == "快速上手", timeout=5000)
        assert shown.windowTitle() == "Writer 帮助"
        assert shown.current_id() == "files"  # the same section, now in Chinese
        assert "文件 → 恢复未保存的文档" in shown.shown_text()
        assert window.act_guide.text() == "Writer 帮助(&H)"
        shown.show_section("start")
        assert "Ctrl+空格" in shown.shown_text()
        assert "Tab" in shown.shown_text()
    finally:
        state.settings.update(language="en")
    qtbot.waitUntil(lambda: shown.contents.item(0).text() == "Getting started", timeout=5000)


def _keys_of_the_window(window) -> list[str]:
    """Every key of the window's actions that an ordinary keyboard has, and of the editor's key
    map (a rewrite's Enter aside: it is Tab's twin), as the interface writes them."""
    from writer.ui.editor import KEYMAP

    found = []
    for action in window.actions():
        for sequence in action.shortcuts():
            if sequence[0].key() < Qt.Key.Key_Help:  # not a keyboard's own "Save" key
                found.append(sequence.toString(NATIVE))
    for key, modifiers in KEYMAP:
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not modifiers & (
            Qt.KeyboardModifier.ControlModifier
        ):
            continue
        if key == Qt.Key.Key_Enter:  # the keypad's, beside Return
            continue
        found.append(QKeySequence(modifiers.value | key.value).toString(NATIVE))
    return found


@pytest.mark.parametrize("language", [ENGLISH, CHINESE])
def test_the_keys_section_lists_every_key_of_the_window(qtbot, state, language) -> None:
    """From the window's actions: an action given a key without a line in the guide fails."""
    window = state.new_window()
    if language != ENGLISH:
        state.settings.update(language=language)
    try:
        shown = window.help.guide()
        assert shown.show_section("keys")
        text = shown.shown_text()
        keys = _keys_of_the_window(window)
        assert {"F1", "Ctrl+Shift+R", "Alt+S", "Tab"} <= set(keys)  # actions' and the editor's
        assert [key for key in keys if key not in text] == []
        if language == CHINESE:
            assert "Ctrl+空格" in text
            assert "模型 → 立即建议" in text
        else:
            assert "Model → Suggest Now" in text
            assert "take the whole suggestion" in text
    finally:
        state.settings.update(language="en")


def test_the_guide_finds_words_in_every_section(qtbot, state) -> None:
    window = _shown_window(qtbot, state)
    shown = window.help.guide()
    qtbot.waitUntil(shown.isActiveWindow, timeout=5000)
    _press(qtbot, shown.contents, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(shown.find_field.hasFocus, timeout=5000)
    qtbot.keyClicks(shown.find_field, "keyring")
    _press(qtbot, shown.find_field, Qt.Key.Key_Return)
    assert shown.current_id() == "models"
    assert shown.text.textCursor().selectedText() == "keyring"
    _press(qtbot, shown.find_field, Qt.Key.Key_Return)
    assert shown.current_id() == "privacy"
    _press(qtbot, shown.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert shown.current_id() == "models"
    shown.find_field.setText("no such words anywhere")
    _press(qtbot, shown.find_field, Qt.Key.Key_Return)
    assert shown.find_note.text() == "Not found"
    assert shown.current_id() == "models"


def test_both_guides_have_the_same_sections_and_ship_with_writer() -> None:
    english = guide.sections_of((HELP / "en.md").read_text(encoding="utf-8"))
    chinese = guide.sections_of((HELP / "zh_CN.md").read_text(encoding="utf-8"))
    ids = [s.id for s in english]
    assert ids == [s.id for s in chinese]
    for wanted in ("start", "rewrite", "middle", "projects", "models", "files", "settings",
                   "keys", "privacy"):  # fmt: skip
        assert wanted in ids
    for sections in (english, chinese):
        keys = next(s for s in sections if s.id == "keys")
        assert guide.KEYS_MARK in keys.markdown
    # found where the application looks (a checkout here; a bundle copies resources/ whole)
    for language in (ENGLISH, CHINESE):
        assert guide.guide_file(language).is_file()
    # and installed by the wheel
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    installed = data["tool"]["setuptools"]["data-files"]["share/writer/resources/help"]
    assert sorted(installed) == sorted(f"resources/help/{p.name}" for p in HELP.iterdir())


def test_a_missing_guide_says_so_in_the_window(qtbot, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(guide, "guide_file", lambda language: tmp_path / f"{language}.md")
    shown = guide.show_guide()
    assert [s.id for s in shown.sections] == ["missing"]
    assert "missing from this installation" in shown.shown_text()
