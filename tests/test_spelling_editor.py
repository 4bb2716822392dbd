"""Spelling in the editor: misspelled words underlined by the highlighting, not the word being
typed nor code; the context menu's suggestion (one undo step), Add to Dictionary (every
underline of the word gone at once, and kept for the next start) and Next Misspelled Word
(writer/ui/markdown.py, writer/ui/editor.py, writer/ui/spelling.py)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QMenu

from tests.test_spelling import make
from writer.documents import spelling
from writer.ui.editor import Editor
from writer.ui.markdown import SPELLED_MOST
from writer.ui.spelling import SpellService


def underlined(editor: Editor, line: int) -> list[str]:
    """The words of `line` laid with the red wave."""
    block = editor.document().findBlockByNumber(line)
    wave = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    return [
        block.text()[r.start : r.start + r.length]
        for r in block.layout().formats()
        if r.format.underlineStyle() == wave
    ]


def test_misspelled_words_are_underlined_and_corrected_from_the_menu(qtbot, tmp_path: Path):
    service = SpellService(tmp_path / spelling.PERSONAL_FILE)
    speller = spelling.Speller(make(tmp_path), service.words)
    editor = Editor()
    qtbot.addWidget(editor)
    editor.word_added.connect(service.add)
    service.words_changed.connect(editor.respell)
    editor.set_markdown(True)
    editor.setPlainText("Wlak `glorys` unkindnes\n\nkind")
    editor.set_speller(speller)
    editor.show()
    qtbot.waitUntil(lambda: not editor.markdown.pending)
    assert underlined(editor, 0) == ["Wlak", "unkindnes"]  # (not the code span)
    # the word being typed is not underlined until the cursor leaves it
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "ness glorys")
    assert underlined(editor, 2) == []
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    assert underlined(editor, 2) == ["glorys"]
    # the context menu on "Wlak": the suggestion first, chosen, one undo step of its own
    cursor = editor.textCursor()
    cursor.setPosition(1)
    point = editor.cursorRect(cursor).center()
    chosen: list[list[str]] = []
    letters: list[list[list[str]]] = []  # each item's Alt letter, none for a suggestion

    def choose(text: str) -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        chosen.append([a.text() for a in menu.actions()[:4]])
        letters.append([re.findall(r"&(\w)", a.text().replace("&&", "")) for a in menu.actions()])
        next(a for a in menu.actions() if a.text() == text).trigger()
        menu.close()

    QTimer.singleShot(0, lambda: choose("Walk"))
    editor.contextMenuEvent(
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, editor.mapToGlobal(point))
    )
    assert chosen[0][:1] == ["Walk"]
    assert chosen[0][-3:] == ["&Add to Dictionary", "&Ignore", ""]  # (then a separator)
    keys = [key[0].lower() for key in letters[0] if key]  # (Qt's Undo, Cut, Copy... too)
    assert len(keys) == len(set(keys)) >= 5
    assert editor.document().firstBlock().text() == "Walk `glorys` unkindnes"
    qtbot.keyClicks(editor, "ed")  # (Ctrl+Z took these and the choice at once)
    editor.undo()
    assert editor.document().firstBlock().text() == "Walk `glorys` unkindnes"
    editor.undo()
    assert editor.document().firstBlock().text() == "Wlak `glorys` unkindnes"
    # Add to Dictionary from the keyboard's menu (Shift+F10) at the cursor: gone everywhere
    cursor.setPosition(len("Wlak `glorys` unkin"))
    editor.setTextCursor(cursor)
    QTimer.singleShot(0, lambda: choose("&Add to Dictionary"))
    qtbot.keyClick(editor, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert chosen[1][0] == "unkindness"
    qtbot.waitUntil(lambda: not editor.markdown.pending)
    assert underlined(editor, 0) == ["Wlak"]
    # F7's command: the next one after the cursor, from the start again after the end
    assert editor.next_misspelled()
    assert editor.textCursor().selectedText() == "glorys"
    assert editor.next_misspelled()
    assert editor.textCursor().selectedText() == "Wlak"
    assert service.wait()
    assert spelling.read_personal(service.personal_path) == ({"unkindnes"}, "", False)


def test_the_words_added_while_one_is_written_are_written_at_quit(tmp_path: Path) -> None:
    """`wait` (at quit) writes what is still owed: the event loop does not turn again."""
    service = SpellService(tmp_path / spelling.PERSONAL_FILE)
    service.add("Ysolde")
    service.add("Trevail")  # (owed: the first write is in flight)
    assert service.wait()
    assert service.personal_path.read_text(encoding="utf-8") == "Trevail\nYsolde\n"


def test_html_tags_and_a_very_long_block_are_not_checked(qtbot, tmp_path: Path) -> None:
    """Inline HTML's names are not words; a block of over SPELLED_MOST characters, checked
    whole at each key, is not checked at all (a 2 MB line held each key over a second)."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    long_line = "walk " * (SPELLED_MOST // 5) + "wlak"
    html = 'walk <img src="a"> wlak &nbsp; <span class="kind">'
    editor.setPlainText(f"{html}\n\n{long_line}\n\nwlak")
    editor.set_speller(spelling.Speller(make(tmp_path), spelling.Words()))
    editor.show()
    qtbot.waitUntil(lambda: not editor.markdown.pending)
    assert underlined(editor, 0) == ["wlak"]
    assert underlined(editor, 2) == []
    assert underlined(editor, 4) == ["wlak"]


def test_the_wave_is_the_red_every_problem_is_said_in(qtbot, tmp_path: Path) -> None:
    """The wave had its own reds (#d0312d, #ff6b6b), a second copy of the one a problem is
    said in (theme.problem_colour): both follow that one rule, on the editor's ground."""
    from PySide6.QtGui import QColor, QPalette

    from writer.ui import theme

    service = SpellService(tmp_path / spelling.PERSONAL_FILE)
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    for ground, red in (("#ffffff", theme.PROBLEM_ON_LIGHT), ("#1e1e1e", theme.PROBLEM_ON_DARK)):
        palette = editor.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(ground))
        editor.setPalette(palette)
        editor.set_speller(spelling.Speller(make(tmp_path), service.words))
        editor.setPlainText("Wlak walk")
        editor.show()
        qtbot.waitUntil(lambda: underlined(editor, 0) == ["Wlak"])
        block = editor.document().firstBlock()
        wave = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
        colours = {r.format.underlineColor().name() for r in block.layout().formats()
                   if r.format.underlineStyle() == wave}  # fmt: skip
        assert colours == {QColor(red).name()}
