"""Help → Writer Help (F1): the guide in a window of its own, in the interface's language, its
keys taken from the window's own actions, and its files shipped with the application."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QFont, QKeySequence, QTextTable
from PySide6.QtWidgets import QApplication

from writer.ui import guide
from writer.ui.i18n import CHINESE, ENGLISH

ROOT = Path(__file__).parents[1]
HELP = ROOT / "resources" / "help"


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
    """Every key Writer names for the window's actions (each action's own first key and the
    extra keys the action table gives it) and every key of the editor's key map, as
    `key_name` writes them."""
    from writer.ui.actions import ACTIONS, key_name, on_a_keyboard
    from writer.ui.editor import KEYMAP

    found = []
    for action in window.actions():
        if on_a_keyboard(action.shortcut()):  # not a keyboard's own "Save" key
            found.append(key_name(action.shortcut()))
    found += [key_name(key) for row in ACTIONS for key in row.keys if isinstance(key, str)]
    for key, modifiers in KEYMAP:
        found.append(key_name(QKeySequence(QKeyCombination(modifiers, key))))
    return found


def _table_rows(markdown: str) -> list[tuple[list[str], str]]:
    """The rows of the keys' tables: the keys of each (in bold) and what they do."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("| **"):
            keys, what = line.strip("| ").split(" | ", 1)
            found = re.findall(r"\*\*(.+?)\*\*", keys)
            rows.append(([re.sub(r"\\(.)", r"\1", key) for key in found], what))
    return rows


def _uneven_rows(document) -> list[str]:
    """The rows of the first table whose key and description do not stand on one line: their
    first lines' baselines more than a pixel apart."""
    table = next(f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable))
    uneven = []
    for row in range(table.rows()):
        baselines = []
        for column in range(table.columns()):
            block = table.cellAt(row, column).firstCursorPosition().block()
            line = block.layout().lineAt(0)
            top = document.documentLayout().blockBoundingRect(block).y()
            baselines.append(top + line.y() + line.ascent())
        if max(baselines) - min(baselines) > 1:
            uneven.append(table.cellAt(row, 0).firstCursorPosition().block().text())
    return uneven


@pytest.mark.parametrize("language", [ENGLISH, CHINESE])
def test_the_keys_section_lists_every_key_of_the_window(qtbot, state, language) -> None:
    """From the window's actions: an action given a key without a line in the guide fails."""
    from writer.ui.actions import key_name

    window = state.new_window()
    if language != ENGLISH:
        state.settings.update(language=language)
    try:
        shown = window.help.guide()
        assert shown.show_section("keys")
        text = shown.shown_text()
        keys = _keys_of_the_window(window)
        assert {"F1", "Ctrl+Shift+R", "Alt+S", "Tab"} <= set(keys)  # actions' and the editor's
        listed = {key for row_keys, _what in _table_rows(guide.keys_markdown()) for key in row_keys}
        assert [key for key in keys if key not in listed] == []
        assert [key for key in listed if key not in text] == []  # (shown)
        # in the text's font, in bold: a code span's fixed pitch font has no Chinese and no
        # arrows, and "Ctrl+→" came tiny from a fallback font
        found = shown.text.document().find(key_name("Ctrl+Right"))
        assert not found.isNull()
        assert not found.charFormat().fontFixedPitch()
        assert found.charFormat().fontWeight() >= QFont.Weight.Bold
        # each key level with what it does ("Tab" stood higher than "接受整条建议", whose
        # line the Chinese font makes taller)
        assert _uneven_rows(shown.text.document()) == []
        if language == CHINESE:
            assert "Ctrl+空格" in text
            assert "模型 → 立即建议" in text
        else:
            assert "Model → Suggest Now" in text
            assert "take the whole suggestion" in text
    finally:
        state.settings.update(language="en")


@pytest.mark.parametrize("language", [ENGLISH, CHINESE])
def test_the_keys_section_has_the_keys_of_a_rewrite_its_list_and_the_find_bar(
    qtbot, state, language
) -> None:
    """The keys that work while a rewrite, a list or the find bar is open, as their code has
    them: Enter and Tab accept a rewrite, Esc rejects it (RewriteSession.perform); a digit runs
    a preset (RewritePalette); Enter and Shift+Enter find, Enter in the replace field replaces,
    Esc closes the find bar (FindBar)."""
    from writer.ui.actions import key_name

    if language != ENGLISH:
        state.settings.update(language=language)
    try:
        rows = _table_rows(guide.keys_markdown())
        chinese = language == CHINESE
        rewrite, presets = ("改写", "预设") if chinese else ("rewrite", "preset")
        find_bar, replace = ("查找栏", "替换") if chinese else ("find bar", "replace")
        wanted = [
            ([key_name("Return"), key_name("Tab")], rewrite),
            ([key_name("Esc")], rewrite),
            ([f"{key_name('1')}–{key_name('9')}"], presets),
            ([key_name("Return"), key_name("Shift+Return")], find_bar),
            ([key_name("Return")], replace),
            ([key_name("Esc")], find_bar),
        ]
        for keys, word in wanted:
            assert any(row_keys == keys and word in what for row_keys, what in rows), (keys, word)
    finally:
        state.settings.update(language="en")


# X11's bindings of the standard keys (Qt's KB_X11 scheme, as xcb gives them)
X11 = {
    QKeySequence.StandardKey.Undo: ["Ctrl+Z", "F14", "Undo"],
    QKeySequence.StandardKey.Redo: ["Ctrl+Shift+Z", "Redo"],
    QKeySequence.StandardKey.Cut: ["Ctrl+X", "Shift+Del", "F20", "Cut"],
    QKeySequence.StandardKey.Copy: ["Ctrl+C", "Ctrl+Ins", "F16", "Copy"],
    QKeySequence.StandardKey.Paste: ["Ctrl+V", "Ctrl+Shift+Ins", "Shift+Ins", "F18", "Paste"],
    QKeySequence.StandardKey.Close: ["Ctrl+W", "Close"],
    QKeySequence.StandardKey.Replace: [],
    QKeySequence.StandardKey.HelpContents: ["F1", "Help"],
}


def test_the_keys_are_the_first_of_each_standard_key_and_those_written_out(
    qtbot, monkeypatch
) -> None:
    """X11 binds Undo to F14 too, Paste to Ctrl+Shift+Ins, Shift+Ins and F18: the actions take
    them all, but the guide, the welcome and the palette write the first (and the keys the
    action table adds itself: Ctrl+H for Replace, which KDE binds to nothing)."""
    from writer.ui import actions

    real = actions.standard_bindings
    monkeypatch.setattr(
        actions,
        "standard_bindings",
        lambda key: [QKeySequence(k) for k in X11[key]] if key in X11 else real(key),
    )
    found = {where: keys for keys, where in actions.menu_keys()}
    assert found["Edit → Undo"] == ["Ctrl+Z"]
    assert found["Edit → Redo"] == ["Ctrl+Shift+Z"]
    assert found["Edit → Cut"] == ["Ctrl+X"]
    assert found["Edit → Copy"] == ["Ctrl+C"]
    assert found["Edit → Paste"] == ["Ctrl+V"]
    assert found["Edit → Replace"] == ["Ctrl+H"]
    assert found["Help → Writer Help"] == ["F1"]
    every = [key for keys in found.values() for key in keys]
    assert not [key for key in every if re.fullmatch(r"F(1[3-9]|2\d|3[0-5])", key)]
    # the actions still answer to every key of the platform's
    paste = [s.toString() for s in actions.shortcuts_of("paste")]
    assert paste == ["Ctrl+V", "Ctrl+Shift+Ins", "Shift+Ins", "F18", "Paste"]
    assert not actions.on_a_keyboard(QKeySequence("F18"))
    assert actions.on_a_keyboard(QKeySequence("F11"))


@pytest.mark.parametrize("language", [ENGLISH, CHINESE])
def test_a_key_is_written_one_way_in_the_tables_and_the_prose(qtbot, state, language) -> None:
    """The guide's prose and its tables name a key alike: "Ctrl+Enter", not Qt's
    "Ctrl+Return"; "Ctrl+→" and "Alt+↓" in Chinese, not "Ctrl+右方向", and "回车", not
    "Enter"."""
    from writer.ui.actions import key_name
    from writer.ui.welcome import key_rows

    if language != ENGLISH:
        state.settings.update(language=language)
    try:
        prose = guide.guide_file(language).read_text(encoding="utf-8")
        tables = guide.keys_markdown()
        for key in ("Ctrl+Right", "Alt+Down", "Ctrl+Return", "Ctrl+Space", "Ctrl+Shift+Space"):
            assert key_name(key) in prose, key
            assert key_name(key) in tables, key
        welcome = [key for keys, _what in key_rows() for key in keys]
        assert key_name("Ctrl+Return") in welcome
        if language == CHINESE:
            assert [key_name(k) for k in ("Ctrl+Return", "Ctrl+Right", "Alt+Down")] == [
                "Ctrl+回车", "Ctrl+→", "Alt+↓"
            ]
            for qt_name in ("方向", "Enter", "Return"):
                assert qt_name not in prose
                assert qt_name not in tables
        else:
            assert key_name("Ctrl+Return") == "Ctrl+Enter"
            assert key_name(QKeySequence(QKeyCombination(
                Qt.KeyboardModifier.KeypadModifier, Qt.Key.Key_Enter
            ))) == "Enter"  # fmt: skip
            assert "Return" not in prose
            assert "Return" not in tables
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
    assert shown.text.textCursor().selectedText() == "keyring"
    shown.find_field.setText("no such words anywhere")
    _press(qtbot, shown.find_field, Qt.Key.Key_Return)
    assert shown.find_note.text() == "Not found"
    assert shown.current_id() == "models"
    assert not shown.text.textCursor().hasSelection()  # "keyring" is no longer highlighted
    shown.find_field.setText("keyring")
    _press(qtbot, shown.find_field, Qt.Key.Key_Return)  # from where the last match was
    assert shown.text.textCursor().selectedText() == "keyring"


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
