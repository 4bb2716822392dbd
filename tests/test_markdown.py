"""Markdown in the editor: the highlighting a Markdown document has and a .txt has not, Enter in
lists and quotations, the Format menu's keys, and the ghost text and an input method's
composition in a highlighted line."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QInputMethodEvent, QTextCharFormat, QTextCursor, QTextDocument

from tests.conftest import fuzz_examples, on_screen_as_painted_afresh, wait_until
from writer.documents import markdown as md
from writer.documents.markdown import NORMAL, Kind
from writer.ui.editor import Editor, plain_text
from writer.ui.markdown import LAID_MOST

NOTES = "# Title\n\nSome *emphasis* and snake_case_name.\n\n```\n# not a heading\n```\nA word.\n"


def laid(editor: Editor) -> None:
    wait_until(lambda: editor.markdown is None or not editor.markdown.pending, 5000)


def format_at(editor: Editor, line: int, column: int) -> QTextCharFormat:
    """The formats the layout of `line` lays over its character `column`, merged in order."""
    block = editor.document().findBlockByNumber(line)
    merged = QTextCharFormat()
    for piece in block.layout().formats():
        if piece.start <= column < piece.start + piece.length:
            merged.merge(piece.format)
    return merged


def bold(fmt: QTextCharFormat) -> bool:
    return fmt.fontWeight() >= QFont.Weight.Bold


def test_a_markdown_document_is_highlighted_with_a_format_menu_and_a_txt_has_neither(
    qtbot, state, tmp_path: Path
) -> None:
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    window = state.new_window()
    window.show()
    assert window.open_file(path)
    editor = window.editor
    laid(editor)
    assert bold(format_at(editor, 0, 3))  # "# Title"
    assert format_at(editor, 2, 7).fontItalic()  # *emphasis*
    assert not format_at(editor, 2, 30).fontItalic()  # snake_case_name
    code = format_at(editor, 5, 3)  # "# not a heading", in a fenced block
    assert code.fontFamilies()
    assert not bold(code)
    assert window.act_bold.isEnabled()
    # Ctrl+B wraps the word at the cursor and unwraps it, one undo step each
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(7).position() + 4)  # "A wo|rd."
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert editor.document().findBlockByNumber(7).text() == "A **word**."
    laid(editor)
    assert bold(format_at(editor, 7, 5))
    qtbot.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert editor.document().findBlockByNumber(7).text() == "A word."
    editor.undo()
    assert editor.document().findBlockByNumber(7).text() == "A **word**."
    # saved as a .txt, it is plain text: no highlight, no Format commands
    window.documents.write(tmp_path / "notes.txt")
    assert editor.markdown is None
    assert not editor.document().firstBlock().layout().formats()
    assert not window.act_bold.isEnabled()
    other = state.new_window()
    assert other.open_file(tmp_path / "notes.txt")
    assert other.editor.markdown is None
    assert not other.act_link.isEnabled()
    other.editor.document().setModified(False)


def test_enter_continues_a_list_or_a_quotation_and_ends_it_on_an_empty_item(qtbot) -> None:
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setFocus()

    def enter_after(text: str) -> str:
        editor.setPlainText(text)
        editor.moveCursor(QTextCursor.MoveOperation.End)
        laid(editor)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        return editor.toPlainText()

    assert enter_after("- item") == "- item\n- "
    editor.undo()  # one step
    assert editor.toPlainText() == "- item"
    # the empty item's marker goes: the list ends, with a blank line after it (what came next
    # went on the last item)
    assert enter_after("- item\n- ") == "- item\n\n"
    assert enter_after("- item\n  - ") == "- item\n"  # (a nested list's: its item's text)
    assert enter_after("9. nine") == "9. nine\n10. "
    assert enter_after("- [x] done") == "- [x] done\n- [ ] "
    assert enter_after("> a quotation") == "> a quotation\n> "
    assert enter_after("```\n- in code") == "```\n- in code\n"
    assert enter_after("Text.\n\n    - in code") == "Text.\n\n    - in code\n"
    assert enter_after("plain") == "plain\n"
    qtbot.keyClicks(editor, "- typed")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "plain\n- typed\n- "

    # a numbered list's items after the new one are numbered on, in the same undo step
    def enter_at(text: str, line: int) -> str:
        editor.setPlainText(text)
        block = editor.document().findBlockByNumber(line)
        cursor = editor.textCursor()
        cursor.setPosition(block.position() + block.length() - 1)
        editor.setTextCursor(cursor)
        laid(editor)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        return editor.toPlainText()

    assert enter_at("1. a\n2. b\n   - sub\n3. c\n\n4. d\n\nText", 1) == (
        "1. a\n2. b\n3. \n   - sub\n4. c\n\n5. d\n\nText"
    )
    qtbot.keyClicks(editor, "new")
    assert editor.document().findBlockByNumber(2).text() == "3. new"
    editor.undo()
    editor.undo()  # (the typing, then Enter and the numbers in one step)
    assert editor.toPlainText() == "1. a\n2. b\n   - sub\n3. c\n\n4. d\n\nText"
    editor.redo()  # the cursor in the new item, as Enter left it (it went to the last renumbered)
    qtbot.keyClicks(editor, "again")
    assert editor.document().findBlockByNumber(2).text() == "3. again"
    assert enter_at("5) e\n6) f\n7) g\n1. other", 0) == "5) e\n6) \n7) f\n8) g\n1. other"
    assert enter_at("1. a\n2. \n3. c", 1) == "1. a\n\n2. c"  # (one list still, as it reads)
    # a list numbered "1." throughout stays so (it was counted 1, 2, 3, 4)
    assert enter_at("1. a\n1. b\n1. c", 0) == "1. a\n1. \n1. b\n1. c"
    assert enter_at("1. a\n1. b", 1) == "1. a\n1. b\n1. "
    editor.set_markdown(False)  # plain text: Enter is Enter
    assert enter_after("- item") == "- item\n"


def test_setext_headings_and_indented_code_are_highlighted_as_typed(qtbot) -> None:
    """A line of `===` or `---` under a paragraph's line makes it a heading, typed or deleted;
    four spaces after a blank line are code (an HTML comment in it is code too), not in a list
    or a paragraph; `---` after a blank line is a break."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setFocus()
    editor.setPlainText(
        "Title\nNext\n\n    code <!-- no comment\n\nAfter\n---\n\n---\n- item\n\n    more\n"
    )
    laid(editor)
    assert not bold(format_at(editor, 0, 1))
    assert format_at(editor, 3, 6).fontFamilies()  # indented code
    assert not format_at(editor, 3, 12).fontItalic()  # (no comment)
    assert bold(format_at(editor, 5, 1))  # "After"
    assert bold(format_at(editor, 6, 1))  # its underline
    assert not bold(format_at(editor, 8, 1))  # a thematic break
    assert not format_at(editor, 11, 6).fontFamilies()  # the item's text
    assert not format_at(editor, 12, 0).fontItalic()  # (no comment left open by line 3)
    cursor = editor.textCursor()
    cursor.setPosition(len("Title\nNext"))
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "===")
    laid(editor)
    assert all(bold(format_at(editor, line, 1)) for line in (0, 1, 2))  # the whole paragraph
    assert format_at(editor, 4, 6).fontFamilies()  # (still code after the heading)
    for _ in range(3):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    laid(editor)
    assert not any(bold(format_at(editor, line, 1)) for line in (0, 1))


def test_a_line_too_long_to_lay_quickly_is_plain_and_what_follows_it_is_right(qtbot) -> None:
    """A line of over LAID_MOST characters is not highlighted (Qt's layout of its formats held
    each key in a 2 MB line for seconds), but the state it leaves is read: a comment it opens
    goes on in the next line, and the line after the comment is highlighted again."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setFocus()
    long_line = "*word* " * (LAID_MOST // 7) + "<!-- open"
    editor.setPlainText(f"# Title\n{long_line}\nstill comment -->\n\n*after*\n")
    laid(editor)
    assert bold(format_at(editor, 0, 3))
    assert not editor.document().findBlockByNumber(1).layout().formats()
    assert format_at(editor, 2, 2).fontItalic()  # in the comment the long line opened
    assert format_at(editor, 4, 2).fontItalic()  # emphasis again
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(1).position() + 3)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "ab")  # typing in it lays nothing on it
    laid(editor)
    assert not editor.document().findBlockByNumber(1).layout().formats()
    assert format_at(editor, 2, 2).fontItalic()


def test_tab_in_a_list_item_nests_it_and_shift_tab_takes_it_out(qtbot) -> None:
    """Tab in a list item puts it under the item above (indented to that item's text, a
    numbered one renumbered), Shift+Tab one level out; the first item and an item at the
    margin stay; outside a list (and in code) Tab is a tab."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setFocus()
    editor.setPlainText("1. Ruth\n2. Hannah\n3. Okafor\n\n```\n- code\n```\n")
    laid(editor)

    def at_end_of(line: int) -> None:
        block = editor.document().findBlockByNumber(line)
        cursor = editor.textCursor()
        cursor.setPosition(block.position() + block.length() - 1)
        editor.setTextCursor(cursor)

    at_end_of(2)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText().startswith("1. Ruth\n2. Hannah\n   1. Okafor\n")
    qtbot.keyClicks(editor, "!")  # (the cursor stayed at the item's end)
    assert editor.document().findBlockByNumber(2).text() == "   1. Okafor!"
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.document().findBlockByNumber(2).text() == "3. Okafor!"
    at_end_of(0)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # the first item: nothing to go under
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText().startswith("1. Ruth\n2. Hannah\n")
    editor.selectAll()  # Shift+Tab over items at the margin and others: nothing to take out
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText().startswith("1. Ruth\n2. Hannah\n3. Okafor!\n")
    at_end_of(5)  # in code: a tab
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document().findBlockByNumber(5).text() == "- code\t"
    for _step in ("the tab", "the way back out", "the '!'"):
        editor.undo()
    assert editor.toPlainText().startswith("1. Ruth\n2. Hannah\n   1. Okafor\n")
    editor.undo()  # (each move its own step)
    assert editor.toPlainText().startswith("1. Ruth\n2. Hannah\n3. Okafor\n")

    # the items after a moved one are numbered on, at the level it left and the one it joined,
    # in the same undo step; other lists, and a list numbered "1." throughout, stay
    def moved(text: str, line: int, out: bool = False, to: int | None = None) -> str:
        editor.setPlainText(text)
        at_end_of(line)
        if to is not None:
            block = editor.document().findBlockByNumber(to)
            cursor = editor.textCursor()
            cursor.setPosition(block.position() + 1, QTextCursor.MoveMode.KeepAnchor)
            editor.setTextCursor(cursor)
        laid(editor)
        if out:
            qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            qtbot.keyClick(editor, Qt.Key.Key_Tab)
        return editor.toPlainText()

    before = "5. a\n6. b\n7. c\n   - sub\n8. d\n\n9. e\n\nText\n1. x\n3. y"
    assert moved(before, 2) == "5. a\n6. b\n   1. c\n   - sub\n7. d\n\n8. e\n\nText\n1. x\n3. y"
    qtbot.keyClicks(editor, "!")  # (the cursor stayed at the item's end)
    editor.undo()
    editor.undo()
    assert editor.toPlainText() == before
    editor.redo()  # (and there again after a redo)
    qtbot.keyClicks(editor, "?")
    assert editor.document().findBlockByNumber(2).text() == "   1. c?"
    assert moved("1. a\n   1. x\n   2. y\n   3. z\n2. b", 2, out=True) == (
        "1. a\n   1. x\n2. y\n   1. z\n3. b"
    )
    assert moved("1. a\n2. b\n3. c\n4. d", 1, to=2) == "1. a\n   1. b\n   2. c\n2. d"
    assert moved("1. a\n1. b\n1. c\n1. d", 2) == "1. a\n1. b\n   1. c\n1. d"
    # items of numbers of any width go to one level (10. and 11. went 3 and 4 spaces in)
    assert moved("9. a\n10. b\n11. c\n12. d", 1, to=2) == "9. a\n   1. b\n   2. c\n10. d"
    assert moved("9. a\n   1. b\n   2. c\n10. d", 1, out=True, to=2) == (
        "9. a\n10. b\n11. c\n12. d"
    )


def test_html_pasted_into_markdown_comes_as_markdown_and_plain_text_stays_plain(qtbot) -> None:
    """A web page's or a word processor's copy pasted into a Markdown document keeps its
    headings, emphasis and links as Markdown, an undo step of its own; Paste as Plain Text and
    a .txt take its text; a copy from the editor is its text alone (not Qt's HTML of it)."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("Notes: ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    copied = QMimeData()
    copied.setHtml('<h2>Marrow Bay</h2><p>A <b>cold</b> <a href="https://x.org/bay">bay</a>.</p>')
    copied.setText("Marrow Bay\nA cold bay.")
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    assert editor.toPlainText() == "Notes: ## Marrow Bay\n\nA **cold** [bay](https://x.org/bay)."
    qtbot.keyClicks(editor, " More")
    editor.undo()  # the words typed after a paste are a step of their own
    assert editor.toPlainText().endswith("[bay](https://x.org/bay).")
    editor.undo()
    assert editor.toPlainText() == "Notes: "
    editor.paste_plain()
    assert editor.toPlainText() == "Notes: Marrow Bay\nA cold bay."
    # an address pasted over words selected links them; over nothing, it is the address
    QGuiApplication.clipboard().setText(" https://x.org/bay ")
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes: Marrow "))
    cursor.setPosition(len("Notes: Marrow Bay"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.paste()
    assert editor.toPlainText() == "Notes: Marrow [Bay](https://x.org/bay)\nA cold bay."
    editor.paste()
    assert editor.toPlainText().startswith("Notes: Marrow [Bay](https://x.org/bay) https://x.org")
    editor.set_markdown(False)  # a plain text document
    editor.setPlainText("")
    copied = QMimeData()
    copied.setHtml("<h2>Marrow Bay</h2><p>A <b>cold</b> bay.</p>")
    copied.setText("Marrow Bay\nA cold bay.")
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    assert editor.toPlainText() == "Marrow Bay\nA cold bay."
    editor.selectAll()
    editor.copy()
    assert QGuiApplication.clipboard().mimeData().formats() == ["text/plain"]
    # a cut and a paste keep no-break spaces (the copy wrote each as a space)
    editor.setPlainText("«\u00a0Bonjour\u00a0!\u00a0»\nFin.")
    editor.selectAll()
    editor.cut()
    editor.paste()
    assert plain_text(editor.document()) == "«\u00a0Bonjour\u00a0!\u00a0»\nFin."



def _long_page(parts: int) -> str:
    return "".join(
        f"<h2>Part {n}</h2><p>The <b>harbour</b> was quiet and "
        f"<a href='https://x.org/{n}'>Ruth</a> counted the boats.</p><ul><li>one</li></ul>"
        for n in range(parts)
    )


@pytest.fixture
def held_conversion(monkeypatch):
    """HTML made Markdown waits for the event (at most 5 s) and says on which thread it ran."""
    import threading

    from writer.documents import html_markdown

    release, threads = threading.Event(), []
    convert = html_markdown.markdown_from_html

    def held(html: str) -> str:
        threads.append(threading.current_thread().name)
        release.wait(5)
        return convert(html)

    monkeypatch.setattr(html_markdown, "markdown_from_html", held)
    return release, threads


def test_a_long_html_paste_is_made_markdown_off_the_windows_thread(qtbot, held_conversion):
    """A megabyte of a web page's HTML pasted held the window a second while it was made
    Markdown: it is made on a thread and goes in where the paste was asked for, over what was
    selected, one undo step, the cursor after it; letters typed meanwhile at the cursor stay
    after it, as after a paste on the spot."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from writer.documents.html_markdown import markdown_from_html

    release, threads = held_conversion
    html = _long_page(400)
    assert len(html) > 50_000  # (a short one is made Markdown on the spot)
    release.set()
    converted = markdown_from_html(html)
    release.clear()
    threads.clear()
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("Notes: OLD end.")
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes: "))
    cursor.setPosition(len("Notes: OLD"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    copied = QMimeData()
    copied.setHtml(html)
    copied.setText("Part 0 ...")
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    assert threads
    assert threading_main_name() not in threads
    assert editor.toPlainText() == "Notes: OLD end."  # (not yet: the window goes on)
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"Notes: {converted} end."
    assert editor.textCursor().position() == len(f"Notes: {converted}")
    qtbot.keyClicks(editor, "!")
    editor.undo()
    editor.undo()  # one step took the paste back, the selection's word with it
    assert editor.toPlainText() == "Notes: OLD end."
    # letters typed while it is made go after it (the selection they replaced goes too)
    cursor.setPosition(len("Notes: "))
    cursor.setPosition(len("Notes: OLD"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    release.clear()
    editor.paste()
    qtbot.keyClicks(editor, "so")
    assert editor.toPlainText().startswith("Notes: so")
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"Notes: {converted}so end."
    assert editor.textCursor().position() == len(f"Notes: {converted}so")
    # the cursor moved meanwhile stays where the writer put it
    editor.setPlainText("Notes: . The end.")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes: "))
    editor.setTextCursor(cursor)
    release.clear()
    editor.paste()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"Notes: {converted}. The end."
    assert editor.textCursor().position() == len(editor.toPlainText())


def test_a_long_html_paste_without_a_plain_text_is_made_markdown_off_the_windows_thread(
    qtbot, held_conversion
) -> None:
    """HTML copied without a plain text beside it (some programs copy only text/html) was made
    Markdown on the window's thread however long it was (a megabyte held the window a second):
    it goes the way of the others, on a thread, in where it was asked for. HTML of no meaning
    without a plain text went in as nothing: its words go in (there is nothing else of it)."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from writer.documents.html_markdown import markdown_from_html

    release, threads = held_conversion
    html = _long_page(400)
    release.set()
    converted = markdown_from_html(html)
    release.clear()
    threads.clear()
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("Notes:  end.")
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes: "))
    editor.setTextCursor(cursor)
    copied = QMimeData()
    copied.setHtml(html)
    assert not copied.hasText()
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    assert threads
    assert threading_main_name() not in threads
    assert editor.toPlainText() == "Notes:  end."  # (not yet: the window goes on)
    qtbot.keyClicks(editor, "so")
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"Notes: {converted}so end."
    # short HTML of no meaning, without a plain text: its words (it went in as nothing)
    editor.setPlainText("A ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    copied = QMimeData()
    copied.setHtml("<span>plain words</span>")
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    assert editor.toPlainText() == "A plain words"
    # long HTML of no text at all: nothing goes in, the selection stays
    editor.setPlainText("Keep this.")
    editor.selectAll()
    copied = QMimeData()
    copied.setHtml("<span></span>" * 3000)
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == "Keep this."


def test_letters_typed_inside_what_a_long_paste_goes_over_are_kept(
    qtbot, held_conversion
) -> None:
    """Text typed strictly inside the selection a long paste (still being made Markdown)
    goes over went with the selection when the paste came: it stays, after the paste, in its
    order, the cursor among it where the writer left it; what was selected goes."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from writer.documents.html_markdown import markdown_from_html

    release, _threads = held_conversion
    html = _long_page(400)
    release.set()
    converted = markdown_from_html(html)
    release.clear()
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("Notes: OLD WORDS end.")
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes: "))
    cursor.setPosition(len("Notes: OLD WORDS"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    copied = QMimeData()
    copied.setHtml(html)
    copied.setText("Part 0 ...")
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    assert editor.pasting
    for place, letters in ((len("Notes: OL"), "ab"), (len("Notes: abOLD W"), "cd")):
        cursor = editor.textCursor()
        cursor.setPosition(place)
        editor.setTextCursor(cursor)
        qtbot.keyClicks(editor, letters)  # (inside the selection, not at its ends)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # (the writer's own letters edited too)
    assert editor.toPlainText() == "Notes: OLabD WcORDS end."
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"Notes: {converted}abc end."
    assert editor.textCursor().position() == len(f"Notes: {converted}abc")
    editor.undo()  # (one step: the paste with the letters kept after it)
    assert editor.toPlainText() == "Notes: OLabD WcORDS end."


def test_what_an_undo_brings_back_inside_a_long_pastes_selection_goes_with_it(
    qtbot, held_conversion
) -> None:
    """A letter of the selection taken out with Backspace and put back with Ctrl+Z while a
    long paste was being made was taken for the writer's typing: it stayed after the paste
    ("- oneW end."). What the paste goes over goes; letters typed after the undo stay, as do
    the writer's own letters an undo and a redo take out and bring back."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from writer.documents.html_markdown import markdown_from_html

    release, _threads = held_conversion
    html = _long_page(400)
    release.set()
    converted = markdown_from_html(html)
    release.clear()
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("Notes: OLD WORDS end.")
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes: "))
    cursor.setPosition(len("Notes: OLD WORDS"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    copied = QMimeData()
    copied.setHtml(html)
    copied.setText("Part 0 ...")
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes: OLD W"))
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.toPlainText() == "Notes: OLD ORDS end."
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "Notes: OLD WORDS end."  # (the selection's own "W")
    cursor.setPosition(len("Notes: OL"))
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "ab")  # (typed after an undo: kept)
    editor.undo()
    editor.redo()  # (the writer's own letters, out and back)
    assert editor.toPlainText() == "Notes: OLabD WORDS end."
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"Notes: {converted}ab end."


def test_long_html_pastes_go_in_in_the_order_asked_and_a_text_replaced_drops_them(
    qtbot, held_conversion
) -> None:
    """Two long pastes go in one after the other as asked (the second waits for the first);
    one that says nothing Markdown keeps is its text; a document opened meanwhile is not
    pasted into."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from writer.documents.html_markdown import markdown_from_html

    release, _threads = held_conversion
    long_html, plain_html = _long_page(400), "<span>x</span>" * 3000
    release.set()
    converted = markdown_from_html(long_html)
    release.clear()
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("A")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    for html, text in ((long_html, "long"), (plain_html, "plain words")):
        copied = QMimeData()
        copied.setHtml(html)
        copied.setText(text)
        QGuiApplication.clipboard().setMimeData(copied)
        editor.paste()
    assert editor.toPlainText() == "A"
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"A{converted}plain words"
    release.clear()
    editor.paste()
    editor.setPlainText("Another document.")
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == "Another document."


def threading_main_name() -> str:
    import threading

    return threading.main_thread().name


def test_a_ghost_and_a_composition_in_a_highlighted_heading(qtbot, scripted_assist, scripted):
    """The suggestion is painted in its own colour after a heading's text (and in its weight:
    Tab makes it heading), and Tab takes it; an input method's composition keeps its own
    formats in a highlighted line, and the line keeps its highlight."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    editor.set_markdown(True)
    qtbot.keyClicks(editor, "# The keeper climbed the stairs")
    scripted.enqueue("continuation", ["to", " the lamp."])
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    wait_until(lambda: suggestions.pending is None and editor.ghost_text == "to the lamp.")
    layout = editor.document().firstBlock().layout()
    at = layout.preeditAreaPosition()
    assert layout.preeditAreaText() == "to the lamp."
    ghost = format_at(editor, 0, at + 1)
    assert ghost.foreground().color().rgb() == editor.surface.ghost_color.rgb()
    assert bold(ghost)
    assert bold(format_at(editor, 0, 3))
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "# The keeper climbed the stairs to the lamp."
    laid(editor)
    assert bold(format_at(editor, 0, 40))

    underline = QTextCharFormat()
    underline.setFontUnderline(True)
    attribute = QInputMethodEvent.Attribute(
        QInputMethodEvent.AttributeType.TextFormat, 0, 2, underline
    )
    editor.inputMethodEvent(QInputMethodEvent("灯塔", [attribute]))
    layout = editor.document().firstBlock().layout()
    assert layout.preeditAreaText() == "灯塔"
    at = layout.preeditAreaPosition()
    assert format_at(editor, 0, at).fontUnderline()  # the input method's own
    assert bold(format_at(editor, 0, 3))
    commit = QInputMethodEvent()
    commit.setCommitString("灯塔")
    editor.inputMethodEvent(commit)
    assert editor.toPlainText().endswith("lamp.灯塔")
    assert not editor.document().firstBlock().layout().preeditAreaText()
    laid(editor)
    assert bold(format_at(editor, 0, 45))


LINE = st.text(alphabet="`~*_<!->#x= \t[]()1.", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=8))
def test_the_state_read_ahead_is_the_state_the_lines_leave(lines: list[str]) -> None:
    """`state_after` (the highlighter reads ahead with it to lay the lines in view first) agrees
    with `line_spans` line by line."""
    state = md.NORMAL
    for line in lines:
        _spans, state = md.line_spans(line, state)
    assert md.state_after(lines) == state


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a b", "  ", "\\", "\\\\", "> ", "- ", "    ", "# ", "```", "",
                                 "中"]), max_size=24))  # fmt: skip
def test_hard_breaks_join_lines_and_change_nothing_else(parts: list[str]) -> None:
    """`hard_breaks` only ever puts a line separator where a hard break and the start of the
    line that goes on were: the text's words and marks are kept, in order; code is never
    touched."""
    text = "\n".join("".join(parts[i : i + 3]) for i in range(0, len(parts), 3))
    made = md.hard_breaks(text)
    if "\u2028" not in made:
        assert made == text
        return
    assert made.count("\n") + made.count("\u2028") == text.count("\n")
    def words(t: str) -> list[str]:
        return t.replace("\\", " ").replace(">", " ").split()

    assert words(made.replace("\u2028", " ")) == words(text)


def test_the_spans_of_a_line_follow_commonmark() -> None:
    def kinds(line: str, state: int = md.NORMAL, underlined=False) -> list[tuple[str, Kind]]:
        spans, _state = md.line_spans(line, state, underlined)
        return [(line[s.start : s.end], s.kind) for s in spans if s.kind != Kind.MARKUP]

    assert kinds("snake_case_name and https://x.org/a_b_c") == [("https://x.org/a_b_c", Kind.LINK)]
    assert kinds("`**not strong**` **strong**") == [
        ("**strong**", Kind.STRONG),
        ("`**not strong**`", Kind.CODE),
    ]
    assert kinds("中文**加粗**中文") == [("**加粗**", Kind.STRONG)]
    assert md.line_spans("a <!-- open", md.NORMAL)[1] == md.OPENED  # (if it goes on)
    assert md.line_spans("``` not a close", md.fence_state("````"))[1] != md.NORMAL
    assert md.line_spans("````", md.fence_state("```"))[1] == md.NORMAL
    # setext headings and indented code, by the state the line before leaves
    paragraph = md.line_spans("Title", md.NORMAL)[1]
    assert kinds("Title", md.NORMAL, underlined=True) == [("Title", Kind.HEADING)]
    assert kinds("---", paragraph) == [("---", Kind.HEADING)]
    assert kinds("---", md.NORMAL) == []  # a thematic break: its marks alone
    assert kinds("- item", paragraph) == []  # a list item, no underline
    assert kinds("    <!--", md.NORMAL) == [("    <!--", Kind.CODE_BLOCK)]
    assert md.line_spans("    <!--", paragraph)[1] == md.OPENED  # a paragraph's line
    # an item with no text ends at a blank line: an indented line after it is code, not the
    # item's text (CommonMark's empty item)
    assert kinds("    <b>", md.state_after(["*", ""])) == [("    <b>", Kind.CODE_BLOCK)]
    assert kinds("    <b>", md.state_after(["* a", ""])) == []
    assert md.state_after(["-", "  text"]) == md.state_after(["- a", "  text"]) == md.ITEM


def test_yaml_front_matter_is_no_heading() -> None:
    """A document that begins with YAML front matter (Jekyll, Hugo, Pandoc) had its "title:"
    lines listed as a heading, read as a paragraph over the closing "---"."""
    from writer.documents.markdown import headings_of

    text = "---\ntitle: The Book\nauthor: Me\n---\n\n# One\n\nText\n\nTwo\n---\n"
    assert [(h.level, h.text, h.line) for h in headings_of(text)] == [(1, "One", 6), (2, "Two", 10)]
    # not front matter: not at the start, or never closed
    assert [h.text for h in headings_of("Intro\n---\ntitle: x\n---\n")] == ["Intro", "title: x"]
    assert [h.text for h in headings_of("---\ntitle: x\n\nStory\n===\n")] == ["Story"]


def test_a_first_scene_after_a_scene_break_is_prose_in_the_preview_and_the_export(qapp) -> None:
    """A chapter that begins with a scene break ("---") and has another further on: its first
    scene was read as YAML front matter between the two, and vanished from the preview and the
    export (Qt's reader hid it); a front matter closed by "..." showed as text there."""
    from PySide6.QtGui import QTextDocument

    from writer.documents.markdown import for_qt, front_matter_lines

    def shown(text: str) -> str:
        doc = QTextDocument()
        doc.setMarkdown(for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        return doc.toPlainText().strip()

    scene = '---\nShe walked in. "Hi," she said.\n\n---\n\nThe next day.\n'
    assert front_matter_lines(scene) == 0
    assert shown(scene).split("\n")[0] == 'She walked in. "Hi," she said.'
    assert shown(scene).endswith("The next day.")
    assert front_matter_lines("---\n\ntitle: x\n---\nText\n") == 0  # (Pandoc's rule)
    yaml = '---\ntitle: "A: B"\ntags:\n  - sea\n# a comment\nlist:\n- x\n---\n# One\nText\n'
    assert front_matter_lines(yaml) == 8
    assert shown(yaml) == "One\nText"
    assert shown("---\ntitle: x\n...\nText\n") == "Text"


def test_yaml_front_matter_is_shown_as_a_comment_not_a_heading(qtbot) -> None:
    """The YAML front matter of a Jekyll or Hugo post showed as a heading (its last line over
    the closing ---, read as an underline: the look's); now as a comment, and the document's
    own first heading as one; the closing line deleted, it is text again."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("---\ntitle: The Book\nauthor: Me\n---\n\n# One\n\nText\n")
    laid(editor)
    assert not bold(format_at(editor, 2, 1))  # "author: Me" over "---"
    assert format_at(editor, 2, 1).fontItalic()  # (a comment's look)
    assert bold(format_at(editor, 5, 2))  # "# One"
    cursor = editor.textCursor()
    block = editor.document().findBlockByNumber(3)
    cursor.setPosition(block.position())
    cursor.setPosition(block.position() + block.length() - 1, cursor.MoveMode.KeepAnchor)
    cursor.insertText("more: yes")  # the front matter is never closed: no front matter
    laid(editor)
    assert not format_at(editor, 2, 1).fontItalic()


def test_every_reader_of_a_front_matter_keeps_to_one_limit(qtbot, monkeypatch) -> None:
    """The lines a front matter may take were written three times (`front_matter_lines`'
    `most=200`, `sections._FRONT_MOST`, the highlighting's `FRONT_MOST`): one limit,
    `markdown.FRONT_MATTER_MOST`, holds for the text's reader, the highlighting and typing."""
    from writer.documents import markdown as md
    from writer.ui.editor import _in_open_front_matter

    monkeypatch.setattr(md, "FRONT_MATTER_MOST", 4)
    assert md.front_matter_lines("---\na: 1\nb: 2\n---\nText\n") == 4
    assert md.front_matter_lines("---\na: 1\nb: 2\nc: 3\n---\nText\n") == 0  # (5 lines)
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("---\na: 1\nb: 2\nc: 3\n---\n\n# One\n")
    laid(editor)
    assert not format_at(editor, 2, 1).fontItalic()  # (too long: no front matter, prose)
    editor.setPlainText("---\na: 1\nb: 2\n---\n\n# One\n")
    laid(editor)
    assert format_at(editor, 2, 1).fontItalic()
    editor.setPlainText("---\na: 1\nb: 2\nc: 3\nd")
    document = editor.document()
    assert _in_open_front_matter(document.findBlockByNumber(3))
    assert not _in_open_front_matter(document.findBlockByNumber(4))


def test_a_break_between_chinese_lines_is_no_space_in_the_preview_and_the_export() -> None:
    """Markdown reads a line's break as a space: a Chinese paragraph broken over two lines
    showed "去灯塔。 未保存" in the preview and the PDF. Such a break inside a paragraph goes;
    code, a hard break, a blank line, a list and English keep theirs."""
    from writer.documents.markdown import east_asian_breaks

    joined = east_asian_breaks("他们去灯塔。\n未保存的一句话\n还有。")
    assert joined == "他们去灯塔。未保存的一句话还有。"
    kept = ("他走了。\n\n她来了。", "```\n中文\n中文\n```", "# 标题\n正文", "他说  \n她来",
            "English\n中文", "中文\n- 列表", "a\nb", "    代码\n    代码", "- 一项\n- 二项",
            "- # 标题\n  正文", "> 引文\n- 列表", "- 中文 go\n  on",
            "- 他说  \n  她来", "- 一\n\n      代码\n      代码")  # fmt: skip
    for text in kept:
        assert east_asian_breaks(text) == text


def test_a_break_in_a_chinese_list_item_quotation_or_footnote_is_no_space_either() -> None:
    """A list item, a quotation or a footnote broken over two lines showed "四十年来它从未熄灭
    过。 林晓推开门" (the space Markdown reads a break as) in the preview and every export:
    only a plain paragraph's lines were joined. The next line's indent or "> " goes with the
    break."""
    from PySide6.QtGui import QTextDocument

    from writer.documents.markdown import east_asian_breaks

    assert east_asian_breaks("- 林晓走向港口。\n  灯塔是黑的。") == "- 林晓走向港口。灯塔是黑的。"
    assert east_asian_breaks("1. 林晓走向\n   港口。\n2. 二") == "1. 林晓走向港口。\n2. 二"
    assert east_asian_breaks("> 林晓走向港口。\n> 灯塔是黑的。") == "> 林晓走向港口。灯塔是黑的。"
    assert east_asian_breaks("> 林晓走向港口。\n灯塔是黑的。") == "> 林晓走向港口。灯塔是黑的。"
    assert east_asian_breaks("- 一\n\n  林晓\n  灯塔") == "- 一\n\n  林晓灯塔"
    # (in a quotation in a quotation, and a quoted item, too; a quotation begun in it stays)
    assert east_asian_breaks("> > 林晓走向港口。\n> > 灯塔黑。") == "> > 林晓走向港口。灯塔黑。"
    assert east_asian_breaks("> > - 林晓\n> >   灯塔") == "> > - 林晓灯塔"
    assert east_asian_breaks("> 林晓\n> > 灯塔") == "> 林晓\n> > 灯塔"
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt("> > 林晓走向港口。\n> > 灯塔是黑的。"),
                      QTextDocument.MarkdownFeature.MarkdownDialectGitHub)  # fmt: skip
    assert "林晓走向港口。灯塔是黑的。" in shown.toPlainText()
    text = "灯塔是黑的[^1]。\n\n[^1]: 四十年来它从未熄灭过。\n    林晓推开门。\n"
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    assert "四十年来它从未熄灭过。林晓推开门。" in shown.toPlainText()


@pytest.mark.parametrize("lead", ["> ", "- ", "1. "])
def test_the_chinese_lines_of_code_or_a_pre_in_a_quotation_or_an_item_stay_apart(
    qapp, lead: str
) -> None:
    """The lines of a `<pre>` and of fenced code in a quotation or a list item, Chinese
    lines, showed as one in the preview and the exports ("中文一中文二"): their breaks were
    taken out as a paragraph's (the line states know no block in a container). A paragraph
    after them in the container is joined still (after a fence in an item too, which the
    line states follow).
    (Without the blank line between, Qt's reader runs a list item's paragraph into its
    `<pre>`'s last line, Latin too: not mended here.)"""
    pad = " " * len(lead) if lead[0] != ">" else lead
    # (a textarea in a list item is not given as a <pre>: its lines run together, Latin too)
    blocks = [("<pre>", "</pre>"), ("```", "```")]
    for opens, closes in blocks + [("<textarea>", "</textarea>")] * (lead[0] == ">"):
        text = (f"{lead}{opens}\n{pad}中文一\n{pad}中文二\n{pad}{closes}\n{pad.rstrip()}\n"
                f"{pad}中文三\n{pad}中文四\n")  # fmt: skip
        shown = [t for t, _kept in _blocks_shown(text) if t]
        assert shown[:2] == ["中文一", "中文二"], (text, shown)
        assert shown[2:] == ["中文三中文四"], (text, shown)


def test_a_br_or_an_img_tag_leaves_the_rest_of_the_preview_and_the_export(qapp) -> None:
    """Qt's Markdown reader took a void HTML tag written without its "/" (`<br>`, `<img …>`)
    for an element running to the end of the text: nothing after it showed, in the preview
    and the PDF (an HTML comment holding one too). `for_qt` closes them; in code they are
    text, and stay."""
    text = ("One<br>two <img src='x.png' alt='p'> end.\n\n`<br>` in code\n\n<!-- <BR> -->\n"
            "- item<br>more\n\n```\n<br>\n```\n\nThree.")  # fmt: skip
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    lines = shown.toPlainText().split("\n")
    for line in ("One", "two \ufffc end.", "<br> in code", "item", "more", "<br>", "Three."):
        assert line in lines, shown.toPlainText()
    assert md.mended(text).replace("/>", ">").replace("&lt;", "<") == text


_PIECES = ("W", "W", "W", "\n", "\n\n", "\n\n- ", "\n\n> ", "\n\n# ", "\n| ",
           "<b>", "</b>", "<i>", "</i>", "<span class='a'>", "</span>", "<div>", "</div>", "<p>",
           "<br>", "</br>", "<b/>", '<img src="x.png">', "<!--", "-->", "<!-- <i> -->", "`<b>`",
           "<a href=\"u\">", "</a>", "<b title='x<y'>", "*", "&amp;", " |", " <")  # fmt: skip


def _commented(text: str) -> tuple[str, str]:
    """What of `text` is in HTML comments, as CommonMark reads them, and what may be or not
    (from a comment in an HTML block to the text's end: a browser reads that HTML, and the
    text after it, as a comment to its end). A comment that opens a line (after a list's or a
    quotation's marks) runs to its "-->" or the text's end; one inside a line of a paragraph
    that is not closed in it is text (its words show, and all after them)."""
    found, at = [], 0
    while (start := text.find("<!--", at)) >= 0:
        line = text[text.rfind("\n", 0, start) + 1 : start]
        paragraph = text[text.rfind("\n\n", 0, start) + 1 : start].split("\n")
        if any(_HTML_LINE.match(part) for part in paragraph):
            return "".join(found), text[start:]
        if (len(line) - len(line.rstrip("\\"))) % 2:  # ("\<!--": a "<" written as it is)
            at = start + 4
            continue
        end = text.find("-->", start + 4)
        line_end = text.find("\n", start)
        if not line[md._CONTAINER_MARKS.match(line).end() :]:  # (a comment's block)
            limit = _container_end(text, start, line)  # (it ends with its quotation, item)
            if limit is not None and (end < 0 or end > limit):
                found.append(text[start:limit])
                at = limit
                continue
            stop = len(text) if end < 0 else end + 3
            if end >= 0 and "<!--" in text[stop : text.find("\n", stop) % (len(text) + 1)]:
                found.append(text[start:stop])  # (the rest of its last line is its HTML)
                return "".join(found), text[stop:]
        elif 0 <= end < (len(text) if line_end < 0 else line_end) or (
            0 <= end < _paragraph_end(text, start) and not _ATX.match(line)
        ):  # (closed on its line, or on a later one of its paragraph: a heading's is a line)
            stop = end + 3
        else:
            at = start + 4
            continue
        found.append(text[start:stop])
        at = stop
    return "".join(found), ""


def _container_end(text: str, start: int, marks: str) -> int | None:
    """Where the quotation or the list item (`marks`, before `start` on its line) that holds
    an HTML block from `start` ends: at its first line without a ">" (a blank one too), or
    the first one of text not indented under the item; None where it holds the rest."""
    if not marks.strip():
        return None
    at = text.find("\n", start)
    while at >= 0:
        following = text.find("\n", at + 1)
        line = text[at + 1 : len(text) if following < 0 else following]
        if (">" in marks and not re.match(r" {0,3}>", line)) or (
                ">" not in marks and line.strip() and line[0] not in " \t"):  # fmt: skip
            return at + 1
        at = following
    return None


_ATX = re.compile(r"\s*(?:[-+*>]\s*)*#{1,6}(?:\s|$)")  # a heading's line (in an item too)
# a line that ends a paragraph: blank, a heading, an item, a quotation, an HTML block's tag
# or comment, a thematic break, a setext underline
_ENDS_PARAGRAPH = re.compile(
    r"[ \t]*(?:$|#{1,6}(?:[ \t]|$)|[-+*][ \t]+\S|>|</?(?:div|p)\b|<!--|\*[ \t]*\*[ \t]*\*[ \t*]*$"
    r"|-+[ \t]*$)"
)


def _paragraph_end(text: str, start: int) -> int:
    """Where the paragraph that holds `start` ends in `text`: before its next line that ends it
    (`_ENDS_PARAGRAPH`), or the text's end."""
    at = text.find("\n", start)
    while at >= 0:
        following = text.find("\n", at + 1)
        if _ENDS_PARAGRAPH.match(text[at + 1 : len(text) if following < 0 else following]):
            return at
        at = following
    return len(text)


def _worded(pieces: list[str], name) -> tuple[str, list[str]]:
    """The text of `pieces`, each "W" a word of its own (`name(n)` for the n-th), and the
    words."""
    words, parts = [], []
    for piece in pieces:
        if piece == "W":
            words.append(name(len(words)))
            piece = f" {words[-1]} "
        parts.append(piece)
    return "".join(parts), words


def _previewed(text: str) -> str:
    """What the preview shows of the Markdown `text` (its words)."""
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    return shown.toPlainText()


# a line that opens an HTML block: a block's tag, a comment, or a tag alone on it (a quoted
# attribute's value may hold a "<": "<b title='x<y'>")
_HTML_LINE = re.compile(
    r"""\s*(?:[-+*>]\s*)*(?:</?(?:div|p)\b|<!--|<(?:[^<>'"]|'[^']*'|"[^"]*")*>\s*$)"""
)


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
@example(["`", "<b>", "W", "`", "</b>", "`"])  # (a stray tag taken out joined the backticks)
@example(["W", "<b>", "W", "\\", "\n\n", "W"])  # (its end after a last "\": "\</b>", no end)
@example(["\n\n# ", "<i>", "W", "\\"])
@example(["| a | ", "<b>", "W", " |\n|---|---|\n| 1 | 2 |", "\n\n", "W"])  # (a cell's)
@example(["W", "<!--", "W", "\n\n", "W", "\n\n", "W"])  # (in a line, unclosed: text)
@example(["\n\n# ", "<!--", "W", "\n", "W", "-->", "W"])  # (in a heading: text)
@example(["W", "<!--", "W", "\n", "*", "W", "-->", "W"])  # (closed in an item: text)
@example(["W", "<!--", "W", "\n", "<b>", "W", "-->", "W"])  # (closed in its paragraph)
@example(["<p>", "\n", "W", " <", "W"])  # (in an HTML block, "< w1" read as a tag)
@example(["<b>", " <", "W"])  # (in a tag's text, as Qt's reader reads it: HTML)
@example(["W", "<!--", "\n| ", "-->", "<!--", "W"])  # (opened after an inline one's "-->")
@example(["*", "\n\n    ", "<b>", "\n", "W", "\n\n", "W"])  # (an empty item ends: code)
@example(["<b title='x<y'>", "\n", "W", "<!--", "W"])  # (an HTML block's comment: hidden)
@example(["W", "<b>", "<!--", "`<b>`", "W", "-->"])  # (a comment's backticks: no code)
@example(["\n\n- ", "<!--", "\n\n- ", "W"])  # (a comment's block ends with its item)
@example(["\n\n> ", "<!--", "W", "\n\n", "W"])  # (and with its quotation)
# (no lazy line after an item's HTML block: "<br>" opens one, whose "<b>" Qt's reader held)
@example(["\n\n- ", "</b>", "\n", "<br>", "\n| ", "W", "`<b>`"])
# (a block's comment cut over lines, its last line taken out with the end of the <div> that
# holds the block)
@example(["<div>", "W", "<!--", "\n| "])
def test_no_words_are_lost_from_the_preview_whatever_html_tags_they_hold(
    qapp, pieces: list[str]
) -> None:
    """An inline HTML tag left open (`<b>` without `</b>`), or closed unopened, and Qt's
    Markdown reader showed nothing after it, in the preview and every export: `for_qt` closes
    one at its paragraph's end and takes the other out. Whatever tags a text holds, each of
    its words shows, and none in an HTML comment (not always in order: inside a tag, Qt's
    reader writes a code span or a line's break before the tag's text). (A code span is read
    within its line, as the highlighting reads it: one broken over lines is left out.)"""
    text, words = _worded(pieces, lambda n: f"w{n}")
    seen = re.findall(r"w\d+", _previewed(text))
    commented, either = (set(re.findall(r"w\d+", part)) for part in _commented(text))
    hidden = commented - either
    assert sorted(w for w in seen if w not in commented | either) == sorted(
        set(words) - commented - either
    ), text
    assert not hidden.intersection(seen), text  # (a comment's lines after its first showed)


def test_a_tag_over_a_paragraphs_lines_keeps_their_break_a_space(qapp) -> None:
    """A line's break inside an inline tag is a space, as everywhere else in a paragraph:
    Qt's reader put it before the text the tag held ("a <b>one\ntwo</b>" showed "a  onetwo"),
    and a code span over the lines lost its words (read as code, the tag's end in it). The
    lines are joined (none between Chinese characters; HTML's line break for a hard one)."""
    def shown(text: str) -> QTextDocument:
        doc = QTextDocument()
        doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        return doc

    assert shown("a <b>one\ntwo</b> end\n").toPlainText() == "a one two end"
    assert shown("> a <i>one\n> two\nthree</i>\n").toPlainText() == "a one two three"
    assert shown("1. a <b>one\n   two</b>\n2. b\n").toPlainText() == "a one two\nb"
    assert shown("- <b> w `x\ny` z\n").toPlainText() == "w x y z"
    assert shown("- <b> w `\n`\n").toPlainText().split() == ["w"]  # (the code: a space)
    assert shown("a <b>see `x`\nmore</b>\n").toPlainText() == "a see x more"
    assert shown("他说<b>灯塔\n去了</b>。\n").toPlainText() == "他说灯塔去了。"
    # a hard break in a tag's text: a line break (HTML's: U+2028 there showed a space)
    for broken in ("a <b>one  \ntwo</b>\n", "a <b>one\\\ntwo</b>\n", "> a <b>one  \n> two\n"):
        doc = shown(broken)
        assert (doc.toPlainText(), doc.blockCount()) == ("a one\ntwo", 1), broken
    assert shown("x<b> y</b> z\n").toPlainText() == "x y z"
    doc = shown("a <b>one\ntwo</b> end\n")
    bold = [f.text() for f in _fragments(doc) if f.charFormat().fontWeight() > 400]
    assert bold == ["one two"]
    # a line of tags alone in an item's or a quotation's paragraph goes on with it (read as
    # an HTML block, its text ran into the paragraph's: "a   w0w1")
    assert shown("- a\n<b>\nw0\nw1\n").toPlainText() == "a w0 w1"
    assert shown("> a\n> <b>\n> w0\n").toPlainText() == "a w0"
    assert md.mended("- # H\n<b>\nw0\n") == "- # H\n<b>\nw0</b>\n"  # (after a heading: one)
    # (the blocks a tag's paragraph ends at are left: its tag is closed there)
    assert shown("a <b>one\n# H</b>\n").toPlainText() == "a one\nH"
    assert md.mended("a <b>one\n\ntwo</b>\n") == "a <b>one</b>\n\ntwo<b/>\n"


def test_an_html_block_after_text_is_a_block_of_its_own(qapp) -> None:
    """Qt's reader put an HTML block's text into the block before it: "Cast:" and a `<div>`
    right under it showed as one line in the preview and every export ("Cast:Hi"), a
    `<details>` after a heading ran into the heading, and a blank line between changed
    nothing. GitHub shows each its own block: a `<div>` or `<details>` breaks into a paragraph
    (CommonMark's kind 6), a tag of another name alone on its line does after a blank line,
    and goes on with the paragraph right above it (kind 7)."""

    def blocks(text: str) -> list[str]:
        doc = QTextDocument()
        doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        found, block = [], doc.begin()
        while block.isValid():
            found.append(block.text().strip())
            block = block.next()
        return found

    assert blocks("Cast:\n<div>\nHi\n</div>\n\nAfter\n") == ["Cast:", "Hi", "After"]
    assert blocks("Cast:\n\n<div>Hi</div>\n") == ["Cast:", "Hi"]
    assert blocks("# Scene\n<details>\n<summary>More</summary>\n</details>\n") == [
        "Scene", "More"]  # fmt: skip
    assert blocks("Cast:\n\n<span>Hi</span>\n") == ["Cast:", "Hi"]
    assert blocks("Cast:\n<span>Hi</span>\nmore\n") == ["Cast: Hi more"]  # (kind 7: text)
    assert blocks("- one\n  <div>Hi</div>\n- two\n") == ["one", "Hi", "two"]
    assert blocks("<div>\n<div>\nHi\n</div>\n</div>\n") == ["Hi"]  # (one block: as it was)
    assert blocks("```\nCast:\n<div>\n```\n") == ["Cast:", "<div>"]  # (code: as it was)
    # in a quotation too, and where one begins with it
    assert blocks("> Cast:\n> <div>Hi</div>\n\nAfter\n") == ["Cast:", "Hi", "After"]
    assert blocks("Cast:\n\n> <div>Hi</div>\n") == ["Cast:", "Hi"]
    # (a line of an HTML block is HTML, "> y" too; after a table, as it was)
    assert md.html_apart("A\n<div>\n> y\n</div>\n") == "A\n>\n<div>\n> y\n</div>\n"
    table = "| a |\n|---|\n| b |\n<div>x</div>\n"
    assert md.html_apart(table) == table
    assert md.html_apart("- a\n<b>\nw0\n") == "- a\n<b>\nw0\n"  # (the item's text)


_HTML_PIECES = ("W", "W", "\n", "\n\n", "<div>", "</div>", "<details>", "<span>", "</span>",
                "\n> ", "- ", "\n    ", "\n```\n", "| a | b |\n|---|---|\n", "# ",
                "<!--", "-->", "*", "\n>\n")  # fmt: skip


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(st.lists(st.sampled_from(_HTML_PIECES), max_size=25))
def test_html_blocks_set_apart_lose_no_word(qapp, pieces: list[str]) -> None:
    """Whatever the tags, quotations, code and tables around them, the empty quotations
    `html_apart` sets before HTML blocks take no word away from the preview, and show none
    twice (a word Qt's reader lost in the block before may show)."""
    text, words = _worded(pieces, lambda n: f"w{chr(97 + n // 26)}{chr(97 + n % 26)}")

    def shown() -> Counter:
        doc = QTextDocument()
        doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        return Counter(re.findall(r"w[a-z]{2}", doc.toPlainText()))

    apart = shown()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(md, "html_apart", lambda text: text)
        assert not shown() - apart, text
    assert not apart - Counter(words), text


def test_backticks_in_a_comment_in_a_tags_text_are_the_comments(qapp) -> None:
    """A comment holds what comes after its "<!--" (CommonMark reads the one that begins
    first): backticks in one, in the text of a tag still open, were also written as code, and
    the comment's words after them showed ("w1 -->")."""
    assert md.mended("w0 <b><!--`<b>` w1 -->") == "w0 <b><!-- `&lt;b>` w1 --></b>"
    assert _previewed("w0 <b><!--`<b>` w1 -->\n").split() == ["w0"]


def _fragments(doc: QTextDocument) -> list:
    out, block = [], doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            out.append(it.fragment())
            it += 1
        block = block.next()
    return out


def _paragraph(pieces: list[str]) -> str:
    """One paragraph's lines of `pieces`, each "W" a word ("w0", "w1"...), no blank line."""
    names = (f"w{n}" for n in itertools.count())
    text = "".join(next(names) if piece == "W" else piece for piece in pieces)
    return re.sub(r"\n[ \t]*(?=\n)", "", text)


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(st.tuples(
    st.sampled_from(["", "- ", "> ", "1. "]),
    st.lists(st.sampled_from(["W", "W", " ", "\n", "<b>", "</b>", "<i>", "</i>",
                              "<span class='a'>", "</span>"]), max_size=16),
))  # fmt: skip
@example(("", ["<b>", "W", "\n", "W", "</b>"]))
@example(("- ", ["<i>", "W", "\n", "</i>", "W"]))
@example(("- ", ["\n", "<b>", "\n", "W", "\n", "W"]))  # (tags alone on an item's lazy line)
@example(("", ["W", "<b>", " ", "W"]))  # (the space that begins a tag's text: Qt drops it)
def test_a_paragraphs_words_show_apart_and_in_order_whatever_tags_hold_them(
    qapp, case: tuple[str, list[str]]
) -> None:
    """Whatever inline tags a paragraph's lines hold, open or closed over its lines, its
    words show in the order written, those apart in the text apart (a line's break in a tag
    joined them, and so did a space right after the tag that begins the text Qt's reader
    holds: "w0<b> w1")."""
    first, pieces = case
    text = _paragraph(pieces)
    # (the words a space or a line's break keeps apart: the tags between them are no space)
    expected = re.sub(r"<[^>]*>", "", text).split()
    assert _previewed(f"{first}Start {text}\n").split() == ["Start", *expected], text


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("中文。a \n`#-*>"), max_size=40))
def test_only_line_breaks_between_east_asian_characters_go(text: str) -> None:
    from writer.documents.markdown import east_asian_breaks

    joined = east_asian_breaks(text)
    # (a break goes with the indent or "> " before the text of the line it joins)
    assert re.sub(r"[\s>]", "", joined) == re.sub(r"[\s>]", "", text)
    assert joined.count("\n") <= text.count("\n")
    for kept in re.findall(r"[^\s>]+", text):  # no word (nor marker) loses a character
        assert kept in joined


def test_what_the_preview_is_given_keeps_tags_across_pipes_and_comments_over_lines(qapp) -> None:
    """A review's finds: a "|" outside a table split a tag (`<b>this | that</b>` lost its bold
    after the "|"), a table shown in code made the lines after it cells, and a comment closed
    on a later line of its paragraph showed as text."""
    from PySide6.QtGui import QTextDocument

    assert md.mended("<b>this | that</b> end") == "<b>this | that</b> end"
    # (no cells: the tag held over the paragraph's lines, which are joined for it)
    assert md.mended("```\n|a|\n|-|\n```\n<b>one\ntwo</b>").endswith("<b>one two</b>")
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt("Some text <!-- a note\nstill the note -->\nmore text"),
                      QTextDocument.MarkdownFeature.MarkdownDialectGitHub)  # fmt: skip
    assert "note" not in shown.toPlainText()
    assert "more text" in shown.toPlainText()


def test_footnotes_become_numbers_in_the_order_of_their_marks_and_notes_at_the_end() -> None:
    text = (
        "Ruth came by the road.[^road] The lighthouse[^1] burned.[^road]\n\n"
        "[^1]: Built in 1874.\n"
        "[^road]: The old road,\nbefore the flood.\n\n    It had two bridges.\n\n"
        "`[^1]` is code, [^none] has no note.\n\n"
        "[^spare]: 一条没人提到的注释。\n"
    )
    assert _untitled(md.footnotes(text)) == (
        "Ruth came by the road.<sup>1</sup> The lighthouse<sup>2</sup> burned.<sup>1</sup>\n\n"
        "\n\n\n\n\n\n"
        "`[^1]` is code, [^none] has no note.\n\n"
        "\n\n***\n\n"
        "1. The old road,\n    before the flood.\n\n    It had two bridges.\n"
        "2. Built in 1874.\n"
        "3. 一条没人提到的注释。\n"
    )
    assert md.footnotes("No notes [^x] here.\n") == "No notes [^x] here.\n"
    # (the review's) a note's text on the line after its label; labels without regard to
    # case; an escaped mark; a second definition and a mark in a note: numbered and listed;
    # a comment left open at the end no longer takes the notes in
    assert _untitled(md.footnotes(
        "A[^1] B[^X] \\[^1] C[^3].\n\n[^1]: One[^3].\n[^x]:\n    Two.\n[^3]: Three.\n"
        "[^1]: Again.\n\n<!-- unfinished\n"
    )).endswith(
        "A<sup>1</sup> B<sup>2</sup> \\[^1] C<sup>3</sup>.\n\n\n\n\n\n\n\n<!-- unfinished\n"
        "-->\n\n***\n\n1. One<sup>3</sup>.\n2. Two.\n3. Three.\n4. Again.\n"
    )
    # the editor shows the marks as marks (a note's colon too), not in code
    assert [(s.start, s.end, s.kind) for s in md.line_spans("A[^1] b")[0]] == [
        (1, 5, md.Kind.MARKUP)
    ]
    assert [(s.start, s.end, s.kind) for s in md.line_spans("  [^a]: x")[0]] == [
        (2, 7, md.Kind.MARKUP)
    ]
    assert [s.kind for s in md.line_spans("`[^1]`")[0]] == [md.Kind.CODE]
    # in code, a note's definition is code; a fence left open is closed before the notes
    fenced = "A[^a].\n\n[^a]: note\n\n~~~~\n[^b]: code\n"
    assert _untitled(md.footnotes(fenced)).endswith("~~~~\n[^b]: code\n~~~~\n\n***\n\n1. note\n")


    # each mark has its note's words as its title (the preview shows them over it), its
    # plain words: no comment (the review's: a private remark showed in the web page), no
    # mark of Markdown nor tag, a link's words
    assert md.footnotes("A[^1].\n\n[^1]: The `x` <i>note</i>\n    goes on.\n").startswith(
        'A<sup title="The x note goes on.">1</sup>.'
    )
    shown = md.footnotes(
        "B[^2].\n\n[^2]: Public <!-- the killer is Bob --> *words*, [the site](https://x.org)"
        " and a \\` tick.\n"
    )
    assert shown.startswith('B<sup title="Public words, the site and a &#96; tick.">1</sup>.')


def _untitled(text: str) -> str:
    """`text` without its marks' titles (a note's words)."""
    return re.sub(r' title="[^"]*"', "", text)


def test_an_indented_line_after_an_empty_quotation_line_is_code(qapp) -> None:
    """An empty quotation line (">") holds no paragraph a line after it could go on with, nor
    does one of a heading, a thematic break, an empty item or code: an indented line under it
    is code (CommonMark's), and a footnote's mark there stays as it is written; it was raised
    (the preview showed "writer-note:", a word processor's export's mark, in the code). Under
    a quotation's text it goes on with that text, as it did."""
    text = "A[^n].\n\n>\n    code[^n]\n\n[^n]: Note.\n"
    assert "    code[^n]\n" in md.footnotes(text)
    apart: list[str] = []
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt(text, apart=apart),
                      QTextDocument.MarkdownFeature.MarkdownDialectGitHub)  # fmt: skip
    assert "code[^n]" in shown.toPlainText()
    assert md.NOTE_TITLE not in shown.toPlainText()
    for empty in (">", "> ", "> >", " >  > ", "> *", "> # Scene", "> ***", ">     code"):
        assert md.in_indented_code("    code", md.line_state(empty, md.NORMAL)), empty
    assert "code<sup" in md.footnotes("A[^n].\n\n> q\n    code[^n]\n\n[^n]: Note.\n")
    for text in ("> q", "> - q", "> > q", "> <b>"):
        quoted = md.QUOTED_ITEM if "- " in text else md.QUOTED  # (a quoted item's text)
        assert md.line_state(text, md.NORMAL) == quoted, text


_NOTE_PIECES = ("W", "W", "W", "\n", "\n\n", "[^n]", "[^m]", "\n[^n]: ", "\n\n[^m]: ", "\n    ",
                "\n\n    ", " `[^n]` ", "\n```\n", "*", "\n- ", "\n> ", "\n# ", "&amp;",
                " `x` ", '"', "\\", "^[", "]")  # fmt: skip


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(st.lists(st.sampled_from(_NOTE_PIECES), max_size=30))
@example(["W", "[^n]", "\n[^n]: ", "W", "\n```\n", "W"])  # (a fence left open after a note)
@example(["\n> ", "\n    ", "^[", "]"])  # (code after an empty quotation line: no note)
@example(["\n> ", "*", "\n    ", "^[", "]"])  # (and after an empty item in a quotation)
# (one space after a blank line in a list ends it: the indented line after is code, its mark
# not raised, which showed "<sup title="writer-note:0">" in the .docx export, a word "wri")
@example(["\n- ", "[^m]", "\n\n[^m]: ", "\n", "W", "\n\n    ", "[^m]"])
def test_no_words_are_lost_from_the_preview_whatever_footnotes_they_hold(
    qapp, pieces: list[str]
) -> None:
    """Whatever marks and notes a text holds, every word of it shows in the preview (a note's
    words at the end). (Words of letters: a note's number may follow one without a space.)"""
    text, words = _worded(pieces, lambda n: f"w{chr(97 + n // 26)}{chr(97 + n % 26)}")
    assert sorted(re.findall(r"w[a-z]{2}", _previewed(text))) == sorted(words), text
    # and in a word processor's export, whose notes are apart (each shown as a document)
    apart: list[str] = []
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt(text, apart=apart),
                      QTextDocument.MarkdownFeature.MarkdownDialectGitHub)  # fmt: skip
    found = [shown.toPlainText(), *map(_previewed, apart)]
    assert sorted(re.findall(r"w[a-z]{2}", " ".join(found))) == sorted(words), (text, apart)


def test_a_comment_opened_in_a_heading_or_a_row_and_closed_below_is_text(qtbot) -> None:
    """CommonMark: a heading's text is its line, and GFM's a table row's cells; a comment
    opened there and closed on a later line is text, and so is one closed on a line that
    begins another block (a heading, an item). Read as a comment to its "-->", it hid the
    lines between from the preview and the exports (a table's delimiter row too, the table
    gone), greyed them in the editor and took their headings out of Go to Heading."""
    cases = {
        "# Title <!-- a note\nmore -->\n\nAfter.": ["Title <!-- a note", "more -->"],
        "| a | b |\n|---|---|\n| x <!-- c | y |\n| z --> | w |\n\nAfter.":
            ["x <!-- c", "y", "z -->", "w"],
        "a <!-- q | b\n---|---\nz --> | w\n\nAfter.": ["a <!-- q", "b", "z -->", "w"],
        "Para <!-- c\n# Head -->\n\nAfter.": ["Para <!-- c", "Head -->"],
        "Para <!-- c\n- item -->\n\nAfter.": ["Para <!-- c", "item -->"],
    }  # fmt: skip
    for text, shown_lines in cases.items():
        shown = QTextDocument()
        shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        lines = shown.toPlainText().split("\n")
        for line in (*shown_lines, "After."):
            assert line in lines, (text, shown.toPlainText())
    # a comment over the lines of a paragraph is still one (and an empty item, "2." and a
    # tag of no block's go on with the paragraph)
    for text in ("Some <!-- a note\nstill it -->\nmore", "Some <!-- a\n*\n2. b\n<b>c -->\nmore"):
        shown = QTextDocument()
        shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        assert shown.toPlainText().split() == ["Some", "more"], text
    # the highlighting and the outline read the heading so, and a row by its "|"
    for line in ("# Title <!-- a note", "> ## Quoted <!-- a note", "| x <!-- c | y |"):
        spans, state = md.line_spans(line, md.NORMAL)
        assert state not in (md.COMMENT, *md.OPENED_STATES), line
        assert not [s for s in spans if s.kind == Kind.COMMENT], line
        assert md.line_state(line, md.NORMAL) == state
    assert md.line_spans("Para <!-- c", md.NORMAL)[1] == md.OPENED
    line = "# Title <!-- c --> <!-- d"
    spans = md.line_spans(line, md.NORMAL)[0]
    assert [line[s.start : s.end] for s in spans if s.kind == Kind.COMMENT] == ["<!-- c -->"]
    outline = md.outline("# One <!-- a note\n# Two -->\n")
    assert [h.text for h in outline.headings] == ["One <!-- a note", "Two -->"]
    assert outline.comments == []
    assert outline.open_comment == -1
    # in the editor: the line under the heading is text, not a comment's grey italics
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("# Title <!-- a note\nmore text -->\n\nPara <!-- b\nstill -->\n")
    laid(editor)
    assert not format_at(editor, 0, 10).fontItalic()
    assert not format_at(editor, 1, 1).fontItalic()
    assert format_at(editor, 4, 1).fontItalic()  # (a paragraph's comment over lines: one)


def test_pandocs_inline_notes_are_notes_numbered_with_the_others(qapp) -> None:
    """Pandoc's (and Obsidian's) inline notes, `text^[the note]`, showed as written: each is a
    note of its own now, its mark numbered in order with the others' and its words listed
    with theirs (in the preview, every export, and a part of a long document as the whole);
    in code, escaped, or its brackets not closed on its line, it stays as written."""
    text = (
        "A claim^[An *inline* note, with [a link](https://x.org).] and a mark[^1].\n\n"
        "Code `^[no]`, \\^[escaped], open ^[never closed.\n\nAgain^[Second [nested] one.]\n\n"
        "[^1]: Labeled.\n"
    )
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    assert shown.toPlainText().split("\n") == [
        "A claim1 and a mark2.",
        "Code ^[no], ^[escaped], open ^[never closed.",
        "Again3",
        "",
        "An inline note, with a link.",
        "Labeled.",
        "Second [nested] one.",
    ]
    numbers = md.note_numbers(text)
    assert sorted(numbers.values()) == [1, 2, 3]
    part = md.footnotes("Again^[Second [nested] one.]\n", numbers, last=False)
    assert _untitled(part) == "Again<sup>3</sup>\n"  # (as the whole numbers it)
    apart: list[str] = []
    md.footnotes(text, apart=apart)
    assert apart == ["An *inline* note, with [a link](https://x.org).\n", "Labeled.\n",
                     "Second [nested] one.\n"]  # fmt: skip


_CHAPTER = st.lists(
    st.one_of(st.sampled_from(["Text", "A mark[^a]", "B[^b] and c[^c]", "plain"]),
              st.sampled_from(["[^a]: Note a[^b].", "[^b]: Note b.", "[^c]: Note c[^a].",
                               "[^d]: Nobody's.", "[^a]: Again a."])),  # fmt: skip
    max_size=6,
).map(lambda lines: "\n\n".join(lines) + "\n")


@given(st.lists(_CHAPTER, min_size=1, max_size=4))
def test_a_manuscripts_listed_notes_take_numbers_no_footnote_has(chapters: list[str]) -> None:
    """Whatever its chapters, a manuscript exported with a word processor's footnotes lists
    the notes no mark calls numbered after all its footnotes, each number once: none is the
    number of a footnote (numbered on through the whole) nor of another listed note."""
    total = sum(md.footnotes_apart(text) for text in chapters)
    listed = md.ListedNotes(total + 1)
    apart: list[str] = []
    numbers: list[int] = []
    for text in chapters:
        out = md.footnotes(text, apart=apart, listed=listed)
        if "\n***\n" in out:
            numbers += [int(n) for n in re.findall(r"^(\d+)\. ", out.split("\n***\n")[-1],
                                                   re.MULTILINE)]  # fmt: skip
    assert len(apart) == total
    assert numbers == list(range(total + 1, total + 1 + len(numbers)))
    assert listed.next == total + 1 + len(numbers)


def test_a_part_of_a_long_document_numbers_its_notes_as_the_whole_does() -> None:
    """The preview shows a long document a part at a time: a part without the notes showed
    its marks as written, and a last part numbered its marks from 1 again."""
    whole = "One[^a].\n\nTwo[^b].\n\nThree[^c].\n\n[^a]: Note a.\n[^b]: Note b.\n[^c]: Note c.\n"
    numbers = md.note_numbers(whole)
    assert numbers == {"a": 1, "b": 2, "c": 3}
    assert md.footnotes("Two[^b].\n", numbers, last=False) == "Two<sup>2</sup>.\n"
    # its words shown over the number, from the whole (the review's: the part had none)
    words = md.note_words(whole)
    assert words["b"] == [" Note b."]
    assert md.footnotes("Two[^b].\n", numbers, last=False, words=words) == (
        'Two<sup title="Note b.">2</sup>.\n'
    )
    assert md.note_words("[^x]: One\n    two\nthree\n\nafter\n[^y]: Y\n")["x"] == [
        " One", "    two", "three"
    ]
    last = md.footnotes("Three[^c].\n\n[^a]: Note a.\n[^b]: Note b.\n[^c]: Note c.\n", numbers)
    assert last.startswith('Three<sup title="Note c.">3</sup>.\n')
    assert last.endswith("***\n\n1. Note a.\n2. Note b.\n3. Note c.\n")


def test_comments_over_lines_stay_hidden_where_github_hides_them(qapp) -> None:
    """The review's, of the rule that a comment in a heading or a row is text: one in a
    nested quotation, under a header whose delimiter row has other cells, or on a "|" line
    that is no row (a spoiler kept from the model in the notes) showed, or was not greyed."""
    for text, shown in (
        ("> > nested <!-- open\n> > more -->\n\nafter\n", "nested \nafter"),
        ("| a <!-- x | b |\n|---|\nmore -->\n\nafter\n", "| a \nafter"),
        ("| aside <!-- spoiler\nkept -->\n\nafter\n", "| aside \nafter"),
    ):
        doc = QTextDocument()
        doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        assert doc.toPlainText() == shown, text
    assert md.line_state("| aside <!-- spoiler", md.NORMAL) == md.OPENED
    assert md.line_state("| a <!-- x | b |", md.NORMAL) not in (md.COMMENT, md.OPENED)  # (a row's)


def _greyed(text: str) -> list[str]:
    """The comments of `text` as the editor lays them: a line's spans after the state the line
    above leaves, where a comment left open is text if its paragraph ends before its "-->"."""
    lines, found, state = text.split("\n"), [], md.NORMAL
    for i, line in enumerate(lines):
        spans, after = _laid_line(lines, i, state)
        found += [line[s.start : s.end] for s in spans if s.kind == Kind.COMMENT]
        state = after
    return found


def _laid_line(lines: list[str], i: int, state: int) -> tuple[list, int]:
    """Line `i`'s spans as the editor lays them after `state`, and the state it leaves."""
    return md.read_line(lines[i], state, lines[i + 1 :])


def test_a_comment_opened_in_a_paragraph_that_the_next_line_ends_is_text(qtbot) -> None:
    """The review's: a comment opened in a paragraph and left open when the next line begins
    another block (a heading, a setext underline, an item, a fence, a quotation, a break) is
    text, as CommonMark and the preview read it; the highlighting greyed that line and the
    lines after it to a "-->", and Go to Heading listed no heading there."""
    cases = {
        "Text <!-- open\n# Heading\n-->\n": ["Heading"],
        "Title <!-- x\n===\nmore -->\n": ["Title <!-- x"],
        "Text <!-- open\n---\n-->\n": ["Text <!-- open"],
        "Text <!-- open\n- item\n-->\n": [],
        "Text <!-- open\n```\ncode\n```\n-->\n": [],
        "Text <!-- open\n***\n-->\n## After\n": ["After"],
        "- item <!-- open\n- item2 -->\n": [],
        "Text <!-- open\n> quote -->\n": [],
        "Text <!-- open\n\n# Heading -->\n": ["Heading -->"],
        "Last <!-- open": [],
    }
    for text, headings in cases.items():
        read = md.outline(text)
        assert [h.text for h in read.headings] == headings, text
        assert read.comments == [], text
        assert read.open_comment == -1, text
        assert _greyed(text) == [], text
        shown = QTextDocument()
        shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        assert "<!--" in shown.toPlainText(), text
    # where the paragraph goes on, the comment is one (to its "-->")
    text = "Text <!-- a note\nstill it -->\n# Heading\n"
    assert [h.text for h in md.outline(text).headings] == ["Heading"]
    assert md.outline(text).comments == [(5, 29)]
    assert _greyed(text) == ["<!-- a note", "still it -->"]
    assert md.state_after(text.split("\n")[:1]) == md.OPENED
    # in the editor, and laid again as the line under it changes
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("Text <!-- open\n# Heading\n-->\nafter\n")
    laid(editor)
    assert not format_at(editor, 0, 8).fontItalic()
    assert bold(format_at(editor, 1, 3))
    assert not format_at(editor, 1, 3).fontItalic()
    assert not format_at(editor, 2, 1).fontItalic()
    cursor = QTextCursor(editor.document().findBlockByNumber(1))
    cursor.deleteChar()  # "# Heading" is " Heading": the paragraph goes on, the comment too
    laid(editor)
    assert format_at(editor, 0, 8).fontItalic()
    assert format_at(editor, 1, 3).fontItalic()
    assert format_at(editor, 2, 1).fontItalic()
    assert not format_at(editor, 3, 1).fontItalic()
    cursor.insertText("#")
    laid(editor)
    assert not format_at(editor, 0, 8).fontItalic()
    assert bold(format_at(editor, 1, 3))


_BLOCK_LINES = ("Text <!-- a", "more", "-->", "x --> <!-- y", "# H <!-- z", "===", "---", "- item",
                "> q", "```", "", "    code", "*", "2. b", "| a <!-- b | c |", "more",
                "more")  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BLOCK_LINES), max_size=10))
def test_go_to_heading_and_the_highlighting_read_the_same_comments(lines: list[str]) -> None:
    """`outline` (Go to Heading, the project's notes) and the editor's highlighting take the
    same text for comments, a comment left open in a paragraph's line too (text where the next
    line ends the paragraph)."""
    text = "\n".join(lines)
    greyed: set[int] = set()
    state, at = md.NORMAL, 0
    for i, line in enumerate(lines):
        spans, after = _laid_line(lines, i, state)
        for s in spans:
            greyed.update(range(at + s.start, at + s.end) if s.kind == Kind.COMMENT else ())
        state, at = after, at + len(line) + 1
    listed = {k for a, b in md.outline(text).comments for k in range(a, b) if text[k] != "\n"}
    assert listed == greyed, text


_RAW_LINES = ("<pre>", "</pre>", "<script>", "x </script>", "<style>", "<pre>a</pre>", "# H",
              "<!-- c", "-->", "", "text", "<!-- n -->", "```", "## G <!-- d", "`<!-- e`",
              "<pre>`x` <!-- f", "| a <!-- g | b |")  # fmt: skip


@settings(max_examples=300, deadline=None)
@example(["<pre>", "<!-- x", "</pre>", "# Out"])
@example(["<script>", "", "# shell comment", "</script>"])
@given(st.lists(st.sampled_from(_RAW_LINES), max_size=10))
def test_go_to_heading_reads_a_pre_as_the_highlighting_does(lines: list[str]) -> None:
    """`outline` (Go to Heading, the Outline, the section commands, the project's notes, the
    prompt's headings, the words counted) reads a <pre>'s, a script's or a style's lines as
    the highlighting (RAW_HTML) and the preview do: no heading and no comment in them. It read
    a "# comment" of a script in a <pre> as a heading, and a "<!--" there as a comment that
    hid every heading after the block; the highlighting laid a heading's marks on such a line
    (its state RAW_HTML, the preview's text as written)."""
    text = "\n".join(lines)
    greyed: set[int] = set()
    titled: list[int] = []
    state, at = md.NORMAL, 0
    for i, line in enumerate(lines):
        spans, after = _laid_line(lines, i, state)
        for s in spans:
            greyed.update(range(at + s.start, at + s.end) if s.kind == Kind.COMMENT else ())
        if line.startswith("#") and any(s.kind == Kind.HEADING for s in spans):
            titled.append(i + 1)
        state, at = after, at + len(line) + 1
    read = md.outline(text)
    listed = {k for a, b in read.comments for k in range(a, b) if text[k] != "\n"}
    assert listed == greyed, text
    assert [h.line for h in read.headings] == titled, text


def test_a_comment_left_open_over_a_paragraphs_lines_is_text_in_the_editor(qtbot) -> None:
    """A "<!--" in a paragraph that no "-->" closes before the paragraph ends is text, over
    however many lines the paragraph goes on (the preview's rule, CommonMark's): the editor
    read the next line only, and where the paragraph went on two lines or more it greyed all
    the document after it, and Go to Heading listed none of its headings. Typing the "-->"
    lines below makes it a comment, and taking it out makes it text again."""
    text = "Para with <!-- stray\nline two\nline three\n\n# Heading\n\nMore text.\n"
    assert [h.text for h in md.outline(text).headings] == ["Heading"]
    assert md.outline(text).comments == []
    assert _greyed(text) == []
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    assert shown.toPlainText().startswith("Para with <!-- stray line two line three\nHeading")
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText(text)
    laid(editor)
    for line in (0, 1, 2, 4, 6):
        assert not format_at(editor, line, 12 if line == 0 else 1).fontItalic(), line
    assert bold(format_at(editor, 4, 3))
    cursor = QTextCursor(editor.document().findBlockByNumber(2))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText(" -->")  # (typed two lines under the "<!--")
    laid(editor)
    assert format_at(editor, 0, 12).fontItalic()
    assert format_at(editor, 1, 1).fontItalic()
    assert format_at(editor, 2, 1).fontItalic()
    assert not format_at(editor, 0, 2).fontItalic()
    assert not format_at(editor, 6, 1).fontItalic()
    for _ in range(4):
        cursor.deletePreviousChar()
    laid(editor)
    for line in (0, 1, 2):
        assert not format_at(editor, line, 12 if line == 0 else 1).fontItalic(), line
    # a blank line typed in the paragraph ends it before a "-->" below
    editor.setPlainText("A <!-- x\nb\nc\nd -->\n\nAfter\n")
    laid(editor)
    assert format_at(editor, 1, 0).fontItalic()
    cursor = QTextCursor(editor.document().findBlockByNumber(2))
    cursor.insertText("\n")
    laid(editor)
    assert not format_at(editor, 0, 4).fontItalic()
    assert not format_at(editor, 1, 0).fontItalic()
    cursor.deletePreviousChar()  # (and taken out again: one paragraph, the comment one)
    laid(editor)
    assert format_at(editor, 0, 4).fontItalic()
    assert format_at(editor, 1, 0).fontItalic()
    # a heading's "#" typed at a line's start in the comment ends the paragraph there
    cursor = QTextCursor(editor.document().findBlockByNumber(2))
    cursor.insertText("# ")
    laid(editor)
    assert not format_at(editor, 0, 4).fontItalic()
    assert bold(format_at(editor, 2, 2))
    # an undo that puts back lines with the "-->" far into a line (the review's)
    text = "She left. <!-- check the date\nwith Mara before the draft goes\nto the editor -->"
    editor.setPlainText(text + "\n\nNext paragraph.")
    laid(editor)
    cursor = QTextCursor(editor.document())
    at = text.index("\nto the")
    cursor.setPosition(at)
    cursor.setPosition(len(text), QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    laid(editor)
    assert not format_at(editor, 0, 12).fontItalic()
    editor.document().undo()
    laid(editor)
    assert format_at(editor, 0, 12).fontItalic()
    assert format_at(editor, 1, 1).fontItalic()


def test_a_numbered_list_keeps_its_items_after_a_comment_left_open_in_one(qapp) -> None:
    """"2." after "1. First step <!-- check this" is the list's next item, which ends the
    first one's paragraph (CommonMark): the preview and every export showed only "First step",
    the highlighting greyed the other items (the review's)."""
    text = "1. First step <!-- check this\n2. Second step\n3. Third step -->\n"
    doc = QTextDocument()
    doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    assert doc.toPlainText() == "First step <!-- check this\nSecond step\nThird step -->"
    assert md.outline(text).comments == []  # (Go to Heading and the highlighting's rule)


def test_a_comment_in_an_html_block_is_one_to_its_end() -> None:
    """In an HTML block (a `<div>`, a `<details>`) a comment runs to its "-->", as in the
    preview and on GitHub: read as a paragraph's, the next line ended it, and the editor showed
    it as text and Go to Heading listed the heading it hides (the review's)."""
    text = "<div>\nx <!-- y\n# Hidden\n-->\n</div>\n\n# Shown\n"
    assert [h.text for h in md.outline(text).headings] == ["Shown"]
    assert md.state_after(["<details>", "The butler <!-- did it"]) == md.COMMENT
    assert md.state_after(["<div>", "text", ""]) == md.NORMAL  # (a blank line ends it)


def test_code_inside_an_html_tag_keeps_its_place(qapp) -> None:
    """Qt's reader holds a tag's text back until the tag closes, but not a code span in it:
    "see <b>the `x` key</b>" showed "see xthe  key" in the preview and every export. Such code
    is given to it as HTML (`<code>`), in its place, its characters as written, still code
    in the exports; code outside any tag is left as it is."""
    for text, shown in (
        ("see <b>the `x` key</b> now", "see the x key now"),
        ("see <b>the `` a*b*` <c> & `` key", "see the a*b*` <c> & key"),
        ("- <sup>one `two`</sup> three", "one two three"),
        ("| h | i |\n|---|---|\n| <b>a `c` | d |", "\nh\ni\na c \nd\n"),
    ):
        doc = QTextDocument()
        doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        assert doc.toPlainText() == shown, (text, md.for_qt(text))
    assert md.for_qt("a <b>b</b> `c` d") == "a <b>b</b> `c` d"
    from writer.ui.export import render

    data = render("see <b>the `x` key</b> now\n", True, QFont("Serif", 12), "odt", "T")
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode("utf-8")
    assert '<text:span text:style-name="T_code">x</text:span>' in content


_EDIT_PIECES = ("<!-- ", " -->", "\n", "\n\n", "words ", "# ", "- ", "> ", "x", "```\n",
                "a longer run of words ", "\nx -->", "\n# ", " -->\n")  # fmt: skip


@settings(max_examples=fuzz_examples(40), deadline=None)
@given(
    st.lists(st.sampled_from(_BLOCK_LINES), min_size=1, max_size=8),
    st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 6), st.sampled_from(_EDIT_PIECES)),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_the_editor_lays_an_edited_text_as_it_lays_it_new(qapp, lines, edits, undone) -> None:
    """Whatever is typed or taken out where, the comments laid edit after edit are the ones a
    new editor lays for the same text (a comment over a paragraph's lines is one or text by
    the lines under its "<!--": an edit there must lay it again). (Not the headings: a setext
    underline under a line that closes a comment is read one way or the other by the edits
    that made it, older than this test.)"""

    def looks(editor: Editor) -> list[list[tuple]]:
        laid(editor)
        found, block = [], editor.document().firstBlock()
        while block.isValid():
            found.append(sorted(
                (r.start, r.length) for r in block.layout().formats() if r.format.fontItalic()
            ))  # fmt: skip
            block = block.next()
        return found

    editor = Editor()
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("\n".join(lines))
    laid(editor)
    for at, taken, piece in edits:
        cursor = QTextCursor(editor.document())
        end = editor.document().characterCount() - 1
        cursor.setPosition(min(at, end))
        cursor.setPosition(min(at + taken, end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(piece)
    if undone:  # (an undo puts lines back at once: the review's "-->" on a line below)
        editor.document().undo()
    fresh = Editor()
    fresh.set_markdown(True)
    fresh.show()
    fresh.setPlainText(editor.toPlainText())
    try:
        assert looks(editor) == looks(fresh), editor.toPlainText()
    finally:
        for each in (editor, fresh):
            each.close()
            each.deleteLater()


_LINK_PIECES = ["[", "]", "![", "](", "x.png", ")", "(https://e.org/a?b=1&c=2)", ' "t"', " ",
                "`", "\\", "W", "\n", "\n\n", "*", "```\n", "    ", "> ", "<", "&amp;"]  # fmt: skip


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(st.lists(st.sampled_from(_LINK_PIECES), max_size=24))
@example(["[", "![", "W", "](", "x.png", ")", "](", "(https://e.org/a?b=1&c=2)"])
@example(["[", "W", " ", "![", "](", "x.png", ' "t"', ")", " ", "W", "](", "x.png", ")"])
def test_a_picture_in_a_link_shows_as_it_did_and_keeps_its_link(qapp, pieces: list[str]) -> None:
    """`linked_pictures` writes a picture inside a link as HTML, which Qt's reader keeps the
    link of: whatever the text, the preview shows the same words and pictures as without it,
    and each picture it wrote is a link."""
    text = "".join(pieces)
    with_links = QTextDocument()
    with_links.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    plain = QTextDocument()
    plain.setMarkdown(md.hard_breaks(md.east_asian_breaks(md.mended(md.footnotes(text)))),
                      QTextDocument.MarkdownFeature.MarkdownDialectGitHub)  # fmt: skip
    assert with_links.toPlainText() == plain.toPlainText()
    written = md.linked_pictures(text)
    assert written.count("\n") == text.count("\n")
    assert written.count("<img ") == written.count("<a href=")


def test_a_picture_in_a_link_is_a_link_in_the_preview(qapp) -> None:
    """Qt's Markdown reader dropped the link around a picture (a badge, a cover leading to
    the book's page): the preview's picture led nowhere. In code it stays text."""
    text = ("[![the *cover*](c.png \"Cover\")](<https://e.org/a b> \"Book\") and "
            "[see ![](c.png) here](https://e.org/x)\n\n"
            "`[![a](c.png)](https://e.org/no)`\n")  # fmt: skip
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    found = []
    block = shown.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            found.append((it.fragment().text(), fmt.anchorHref() if fmt.isAnchor() else ""))
            it += 1
        block = block.next()
    assert found == [
        ("\ufffc", "https://e.org/a b"),
        (" and ", ""),
        ("see", "https://e.org/x"),
        (" ", ""),
        ("\ufffc", "https://e.org/x"),
        (" ", ""),
        ("here", "https://e.org/x"),
        ("[![a](c.png)](https://e.org/no)", ""),
    ]
    assert shown.toPlainText().startswith("\ufffc and see \ufffc here\n")


def test_ctrl_click_on_a_linked_picture_follows_its_link(qtbot) -> None:
    """`[![alt](pic.png)](https://example.com)`: Ctrl+click on the picture's words, its file or
    the link's address follows the link, as a browser follows a linked image (it said Writer
    does not open pic.png); a picture on its own still gives its file."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.resize(700, 200)
    editor.show()
    qtbot.waitExposed(editor)
    editor.setPlainText("See [![a cover](pic.png)](https://example.com) or ![b](q.png) now.")
    opened: list[str] = []
    editor.link_opened.connect(opened.append)

    def click(text: str) -> None:
        cursor = editor.textCursor()
        cursor.setPosition(editor.toPlainText().index(text) + 1)
        point = editor.cursorRect(cursor).center()
        qtbot.mouseClick(
            editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point
        )

    for text in ("[![", "cover", "pic.png", "example"):
        click(text)
    click("q.png")
    assert opened == ["https://example.com"] * 4 + ["q.png"]
    line = "[x ![p](p.png) y](<my notes.md> \"T\")"
    assert {md.link_at(line, column) for column in range(len(line))} == {"my notes.md"}


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("---\ntitle: Rain\n---\nShe said hello.\n", 3),
        ("--- \ntitle: Rain\n---\t\nShe said hello.\n", 3),  # (spaces after the marks)
        ("---\ntitle: Rain\n...\nShe said hello.\n", 3),
        ("---\n\ntitle: Rain\n---\nShe said hello.\n", 0),  # a blank line first: prose (Pandoc)
        ("---\n \t\ntitle: Rain\n---\nShe said hello.\n", 0),
        ("---\nShe left.\n---\nHe said hello.\n", 0),  # a scene break, another further on
    ],
)
def test_every_reader_of_a_front_matter_reads_it_alike(qtbot, text: str, lines: int) -> None:
    """The highlighting, the word count's start, the export's fields and Qt's text, the
    outline and the quotes typed all read a front matter through `front_matter_lines` and its
    opening and closing marks (`front_matter_opens`, `_closes`): a blank line right after the
    opening "---" makes it prose; "--- " opens one for all (the quotes typed while it was
    being written were curled)."""
    assert md.front_matter_lines(text) == lines
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.smart_quotes = True
    editor.setPlainText(text)
    laid(editor)
    assert editor.markdown.front_lines == lines
    title = {"title": "Rain"} if lines else {}
    assert md.front_matter_fields(text) == title
    assert bool(md.outline(text).headings) == (not lines)  # (prose: "title: Rain" over "---")
    assert md.front_matter_for_qt(text).startswith("\n" * lines + "She" if lines else "***")
    # while it is being written (not closed yet), a quote in its second line stays straight
    opened = text.split("\n")[:2]
    editor.setPlainText("\n".join([*opened, "title: "]))
    laid(editor)
    assert editor.quotes_at(len(editor.toPlainText())) == (not lines)


def test_tab_in_a_list_item_takes_a_ghost_shown_there_and_else_nests_the_item(
    qtbot, scripted_assist, scripted
) -> None:
    """In a list item a suggestion showing wins: Tab takes it (the item stays where it is);
    with none showing, Tab puts the item under the one above and Shift+Tab brings it out."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    editor.set_markdown(True)
    editor.setPlainText("- Ruth\n- Hannah")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    scripted.enqueue("continuation", [" and Okafor"])
    suggestions.ask()
    wait_until(lambda: suggestions.pending is None and editor.ghost_text == " and Okafor")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "- Ruth\n- Hannah and Okafor"
    suggestions.dismiss()
    assert not editor.ghost_visible
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "- Ruth\n  - Hannah and Okafor"
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText() == "- Ruth\n- Hannah and Okafor"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Cast:", "| a | b |", "|---|---|", "a | b", "--- | ---", "",
                                 "```", "- item", "> quote", "中文", "<!--", "-->"]),
                max_size=12))  # fmt: skip
def test_a_table_under_a_paragraph_is_set_apart_and_nothing_else_changes(lines) -> None:
    """`tables_apart` adds blank lines only, each above a table's header right under a
    paragraph's line, after which no table is under one; again, it changes nothing."""
    from writer.documents.markdown import table_lines, tables_apart

    text = "\n".join(lines)
    lines = text.split("\n")
    apart = tables_apart(text)
    new = apart.split("\n")
    assert [line for line in new if line] == [line for line in lines if line]
    assert len(new) - len(lines) == len(table_lines(lines)[1])
    assert table_lines(new)[1] == []
    assert tables_apart(apart) == apart


def _blocks_shown(text: str) -> list[tuple[str, bool]]:
    """The preview's blocks of the Markdown `text`: each its text and whether its lines are
    kept as they are (a `<pre>`'s)."""
    doc = QTextDocument()
    doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    found, block = [], doc.begin()
    while block.isValid():
        found.append((block.text(), block.blockFormat().nonBreakableLines()))
        block = block.next()
    return found


@pytest.mark.parametrize(("lead", "rest"), [("", ""), ("- ", "  "), ("1. ", "   "),
                                           ("> ", "> "), ("> - ", ">   ")])  # fmt: skip
def test_a_textarea_is_shown_as_a_pre_in_a_list_item_too(qapp, lead: str, rest: str) -> None:
    """A `<textarea>` is given to Qt's reader as a `<pre>` (its HTML reader runs a
    textarea's lines together): on a list item's marker line it was left as it was, and its
    lines showed as one ("line oneline two")."""
    text = f"{lead}<textarea>\n{rest}line one\n{rest}line two\n{rest}</textarea>\n"
    assert "<textarea" not in md.for_qt(text), text
    shown = [t for t, _kept in _blocks_shown(text) if t]
    assert shown == ["line one", "line two"], (text, shown)


@pytest.mark.parametrize("lead", ["\n", ""])
def test_an_items_paragraph_after_an_empty_first_line_is_no_code(qapp, lead: str) -> None:
    """After an empty first line (where the preview's part of a longer text may begin), Qt's
    reader read a list item's paragraph after two blank lines, indented one past the item's
    text, as code: its tags showed as text ("<b>y</b> z"), a note's mark as "<sup …>". As
    without the empty line, and as CommonMark reads it, it is the item's paragraph."""
    for text in (f"{lead}-  x\n\n\n    <b>y</b> z", f"{lead}-  x\n\n\n    y[^1] z\n\n[^1]: n"):
        shown = QTextDocument()
        shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        plain = shown.toPlainText()
        assert "<" not in plain, (text, plain)
        assert "y z" in plain or "y1 z" in plain, (text, plain)


def test_a_pre_script_style_or_textarea_block_runs_to_its_end_tag(qapp) -> None:
    """CommonMark's HTML block of kind 1 (`<pre>`, `<script>`, `<style>`, `<textarea>`) ends
    on the line that holds its end tag, blank lines inside it too: a `<pre>` was read as a
    paragraph's tag, its lines joined with spaces and cut at its first blank line (the rest
    showed after its end, "line fourAfter"), and a `<script>`'s code after a blank line
    showed as text."""
    text = "Before\n\n<pre>\nline one\n  line two\n\nline four < five\n</pre>\n\nAfter\n"
    shown = _blocks_shown(text)
    assert [t for t, _kept in shown] == ["Before", "line one", "  line two", "",
                                         "line four < five", "After"]  # fmt: skip
    assert [kept for _t, kept in shown][2:5] == [True, True, True]
    # (it breaks into a paragraph; a quotation's and an item's too)
    assert [t for t, _k in _blocks_shown("Cast:\n<pre>\na\n\nb\n</pre>\nAfter\n")] == [
        "Cast:", "a", "", "b", "After"]  # fmt: skip
    assert [t for t, _k in _blocks_shown("> <pre>\n> a\n>\n>   b\n> </pre>\n\nAfter\n")] == [
        "a", "", "  b", "After"]  # fmt: skip
    assert [t for t, _k in _blocks_shown("- a\n  <pre>\n  x\n\n  y\n  </pre>\n- b\n")] == [
        "a", "x", "", "y", "b"]  # fmt: skip
    # (a blank line of a quotation's <pre> ends it no more than one of the text's: a <div>
    # line after it is the <pre>'s, not a block set apart)
    # (one not at the text's start: its first line an empty one, which Qt's reader puts into
    # the block before, the <pre>'s lines its own)
    for pre in ("> <pre>\n> a\n>\n> <div>b\n> </pre>\n", "x\n\n<pre>\na\n\n<div>b\n</pre>\n"):
        assert md.html_apart(pre) == pre.replace("x\n\n<pre>", "x\n\n<pre>\n"), pre
    # a script's and a style's code are not shown, blank lines or not
    for code in ("<script>\nvar a = 1;\n\nvar b = 2;\n</script>\n\nAfter\n",
                 "<STYLE>\np { color: red }\n\nh1 {}\n</STYLE>\nAfter\n"):  # fmt: skip
        assert [t for t, _k in _blocks_shown(code)] == ["After"], code
    # the editor reads it so too: a blank line in it does not end it, its end tag does
    lines = ["<pre>", "# not a heading", "", "    not code", "</pre>", "    code"]
    states = list(itertools.accumulate(lines, lambda state, line: md.line_state(line, state),
                                       initial=md.NORMAL))[1:]
    assert states[:4] == [md.RAW_HTML] * 4
    assert states[4:] == [md.NORMAL, md.NORMAL]
    assert md.line_state("<pre>x</pre>", md.PARAGRAPH) == md.NORMAL
    assert md.line_state("<pre> <!-- x", md.NORMAL) == md.RAW_HTML


_PRE_LINE = st.sampled_from(("W", "W W", "  W", "", "W < W", "W <b>W</b>", "# W", "- W", "> W",
                             "    W", "W  ", "W\\", "| W | W |", "|---|---|", "```", "W -->"))


@settings(max_examples=fuzz_examples(60), deadline=None)
@example("W\n", ["W"], "", "pre")  # (its first line was put in a block of no <pre>: wrapped)
@example("", ["W", "W"], "", "textarea")  # (its lines ran together: "w0 w1")
@given(st.sampled_from(("", "W\n", "W\n\n", "> W\n", "- W\n", "# W\n", "W <b>W\n")),
       st.lists(_PRE_LINE, min_size=1, max_size=8),
       st.sampled_from(("", "W", "\n\nW", "\n- W")),
       st.sampled_from(("pre", "textarea", "PRE")))  # fmt: skip
def test_a_pre_blocks_lines_show_as_written(qapp, before: str, inside: list[str],
                                            after: str, tag: str) -> None:
    """Whatever its lines hold (Markdown's marks, tags, a "<", blank lines) and whatever comes
    around it, a `<pre>` block's lines show each on its own line as written (its tags read),
    none wrapped (its first line was put into a block of no `<pre>` after another block), and
    the words before and after it show, in order (none run into it); a `<textarea>`'s too
    (Qt's HTML ran them together)."""
    count = itertools.count()
    parts = [re.sub("W", lambda _m: f"w{next(count)}", piece)
             for piece in (before, f"<{tag}>\n", "\n".join(inside), f"\n</{tag}>\n", after)]
    text = "".join(parts)
    blocks = _blocks_shown(text)
    shown = [t for t, _kept in blocks]
    expected = [re.sub(r"</?b>", "", line) for line in parts[2].split("\n")]
    while expected and not expected[-1]:  # (an empty <pre>'s lines: none shown, as in HTML)
        expected.pop()
    at = next((at for at in range(len(shown)) if shown[at : at + len(expected)] == expected),
              None)  # fmt: skip
    assert at is not None, (text, shown)
    assert all(kept for t, kept in blocks[at : at + len(expected)] if t), (text, blocks)
    words = [w for t in shown for w in re.findall(r"w\d+", t)]
    assert words == [f"w{n}" for n in range(next(count))], (text, shown)


def test_the_paragraphs_of_one_html_block_show_apart(qapp) -> None:
    """Qt's reader reads a line of an HTML block whose tags all close on it as HTML of its
    own, and puts its first paragraph into the block before it: two lines of `<p>…</p>` in
    one HTML block showed as one paragraph ("OneTwo"), as GitHub does not."""
    def texts(text: str) -> list[str]:
        return [t for t, _kept in _blocks_shown(text)]

    assert texts("<p>One</p>\n<p>Two</p>\n\nAfter\n") == ["One", "Two", "After"]
    assert texts("Before\n<p>One</p>\n<p>Two</p>\n<p>Three</p>\n") == [
        "Before", "One", "Two", "Three"]  # fmt: skip
    assert texts("> <p>One</p>\n> <p>Two</p>\n\nAfter\n") == ["One", "Two", "After"]
    assert texts("<div>A</div>\n<div>B</div>\n") == ["A", "B"]
    # (a block whose tags close only on its last line is given as it is)
    assert md.mended("<div>\n<p>One</p>\n</div>\n") == "<div>\n<p>One</p>\n</div>\n"


_FENCED = st.sampled_from(("<div>", "</div>", "<p>W</p>", "W <b>", "<!-- W", "W -->", "<br>",
                           "W", "", "<pre>", "</b>", "W < W", "<span>"))  # fmt: skip
_CONTAINERS = {"> ": "> ", "- ": "  ", "> - ": ">   ", "1. ": "   ", "> > ": "> > "}


@settings(max_examples=fuzz_examples(60), deadline=None)
@example("> ", ["<div>"])  # ("```</div>": read as an HTML block, its tag closed after the fence)
@example("- ", ["</div>"])  # ("<div/>": a tag closed unopened, mended)
@given(st.sampled_from(sorted(_CONTAINERS)), st.lists(_FENCED, min_size=1, max_size=6))
def test_code_in_a_quotations_or_items_fence_shows_as_written(
    qapp, container: str, inside: list[str]
) -> None:
    """A fenced code block in a quotation or a list item is code whatever HTML its lines
    hold: "> ```" over "> <div>" was read as an HTML block (the preview showed "```</div>",
    a "</div>" became "<div/>"), and the text after it shows as it did."""
    count = itertools.count()
    lead = _CONTAINERS[container]
    code = [re.sub("W", lambda _m: f"w{next(count)}", line) for line in inside]
    body = "".join(f"{lead if line else lead.rstrip()}{line}\n" for line in code)
    words = f"w{next(count)} w{next(count)}"
    text = f"{container}```\n{body}{lead}```\n\n{words.replace(' ', ' <b>')}</b>\n"
    shown = [t for t, _kept in _blocks_shown(text)]
    while code and not code[-1]:  # (Qt's reader drops a code block's blank lines at its ends)
        code.pop()
    while code and not code[0]:
        code.pop(0)
    assert any(shown[at : at + len(code)] == code for at in range(len(shown))), (text, shown)
    assert shown[-1] == words, (text, shown)


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(st.sampled_from(("> ", "> > ", "- ", "1. ", "> - ")),
       st.lists(st.sampled_from(("W", "W W", "", "<b>W", "W <!-- W")), max_size=4),
       st.sampled_from(("\n\n", "\n", "\n\n# ", "\n\n- ", "\n\n<div>")))  # fmt: skip
def test_a_comment_left_open_in_a_quotation_or_an_item_ends_with_it(
    qapp, container: str, inside: list[str], between: str
) -> None:
    """An HTML comment that opens a quotation's or an item's line (an HTML block) ends where
    its quotation or its item ends, as CommonMark reads it: left open, it took all the text
    after the quotation out of the preview and every export. Its own lines stay hidden."""
    count = itertools.count()

    def worded(piece: str) -> str:
        return re.sub("W", lambda _m: f"w{next(count)}", piece)

    lead = ">" * container.count(">") + " " if ">" in container else " " * len(container)
    hidden = [worded("<!-- W")] + [worded(line) for line in inside]
    text = container + "\n".join([hidden[0], *(lead + line for line in hidden[1:])])
    first_after = next(count)
    text += f"{between}w{first_after} w{next(count)}\n"
    if lead.strip() == "" and between == "\n":
        text = text.replace(f"\nw{first_after}", f"\n\nw{first_after}")  # (else the item's)
    shown = re.findall(r"w\d+", _previewed(text))
    assert shown == [f"w{first_after}", f"w{first_after + 1}"], (text, shown)


@settings(max_examples=fuzz_examples(60), deadline=None)
@example("> ", "  ", "=")  # (a hard break: the underline taken into the line, "Title ===")
@example("> ", " <b>W", "=")  # (a tag left open closed after the underline: no heading)
@example("- ", "\\", "-")
@given(st.sampled_from(sorted(_CONTAINERS)),
       st.sampled_from(("", "  ", "\\", " <b>W", " <i>W</i>", " W")), st.sampled_from("=-"))
def test_a_setext_heading_in_a_quotation_or_an_item_stays_one(
    qapp, container: str, end: str, mark: str
) -> None:
    """A line of a quotation or a list item over its setext underline ("> ===") is a heading,
    as GitHub shows it, whatever the line ends with: a hard break joined the underline to it
    ("Title ===" in one paragraph), and a tag left open in it was closed after the underline,
    which was then none."""
    lead = _CONTAINERS[container]
    text = f"{container}Title{end.replace('W', 'w0')}\n{lead}{mark * 3}\n\nAfter\n"
    doc = QTextDocument()
    doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    block = doc.begin()
    while block.isValid() and "Title" not in block.text():
        block = block.next()
    assert block.blockFormat().headingLevel() == (1 if mark == "=" else 2), (text, block.text())
    title = "Title\\" if end == "\\" else "Title"  # (a heading's last "\\" is text)
    assert block.text().split() == [title, *(["w0"] if "W" in end else [])], text


def test_a_long_html_paste_goes_into_no_file_reloaded_meanwhile(
    qtbot, tmp_path: Path, held_conversion
) -> None:
    """The file changed by another program and reloaded (the text replaced as one undoable
    step, not shown afresh) while a long paste was made Markdown: the paste went in at the
    reloaded text's start, a place the writer never pasted at; it goes nowhere, as into a
    document opened meanwhile."""
    import threading

    from PySide6.QtCore import QCoreApplication, QMimeData
    from PySide6.QtGui import QGuiApplication

    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.document_manager import DocumentManager

    release, _threads = held_conversion
    chapter = tmp_path / "chapter.md"
    chapter.write_text("First.\n\nSecond.", encoding="utf-8")
    editor = Editor()
    qtbot.addWidget(editor)
    writer = JournalWriter(Journal(tmp_path / "journal"))
    documents = DocumentManager(editor, writer, Settings())
    assert documents.open(chapter)
    editor.set_markdown(documents.is_markdown)
    editor.show()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    copied = QMimeData()
    copied.setHtml(_long_page(400))
    copied.setText("Part 0 ...")
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    assert editor.pasting
    chapter.write_text("Rewritten by another program.", encoding="utf-8")
    assert documents.reload()
    assert not editor.pasting
    release.set()
    for thread in threading.enumerate():
        if thread.name == "writer-paste":
            thread.join(10)
    QCoreApplication.processEvents()  # (its finished signal, queued before its thread ended)
    assert editor.toPlainText() == "Rewritten by another program."
    editor.undo()  # the reload taken back: the writer's own text, without the paste
    assert editor.toPlainText() == "First.\n\nSecond."
    editor.document().setModified(False)
    assert documents.close()  # (its watcher asked about the file in the next test)
    writer.flush_and_stop()
    writer.journal.close()


def test_a_long_html_paste_still_being_made_is_a_change_closing_asks_about(
    qtbot, tmp_path: Path, held_conversion, monkeypatch
) -> None:
    """An unmodified document closed a second after a long paste (still being made Markdown)
    closed without a question and the paste was lost (review33's): it goes in first, made on
    the window's thread, and the writer is asked; Save keeps it."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from writer.documents import Journal
    from writer.documents.html_markdown import markdown_from_html
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.document_manager import DocumentManager
    from writer.ui.document_questions import SAVE

    release, _threads = held_conversion
    html = _long_page(400)
    release.set()
    converted = markdown_from_html(html)
    release.clear()
    chapter = tmp_path / "chapter.md"
    chapter.write_text("First.", encoding="utf-8")
    editor = Editor()
    qtbot.addWidget(editor)
    writer = JournalWriter(Journal(tmp_path / "journal"))
    documents = DocumentManager(editor, writer, Settings())
    assert documents.open(chapter)
    editor.set_markdown(documents.is_markdown)
    editor.show()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    copied = QMimeData()
    copied.setHtml(html)
    copied.setText("Part 0 ...")
    QGuiApplication.clipboard().setMimeData(copied)
    editor.paste()
    assert editor.pasting
    assert not documents.is_modified  # (nothing in the text yet)
    asked: list[str] = []
    monkeypatch.setattr(
        documents.questions, "save_changes", lambda name, **_: asked.append(name) or SAVE
    )
    release.set()  # (the window's own conversion is held too)
    assert documents.close()
    assert asked == ["chapter.md"]
    assert not editor.pasting
    assert chapter.read_text(encoding="utf-8") == "First." + converted
    writer.flush_and_stop()
    writer.journal.close()


def test_a_long_html_paste_keeps_what_was_typed_beside_it_and_an_earlier_paste(
    qtbot, held_conversion
) -> None:
    """While a long paste over a selection is made Markdown: letters typed at the start of
    what was selected (the arrow left, then a word) went under the paste, lost with the
    selection; and a second paste over a selection ending where the first was asked took the
    first one with what it replaced. Both stay."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from writer.documents.html_markdown import markdown_from_html

    release, _threads = held_conversion

    def copy(word: str) -> str:
        html = "".join(f"<p>{word} <b>{n}</b></p>" for n in range(2000))
        copied = QMimeData()
        copied.setHtml(html)
        copied.setText(word)
        QGuiApplication.clipboard().setMimeData(copied)
        release.set()
        converted = markdown_from_html(html)
        release.clear()
        return converted

    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("Notes: OLD end.")
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes: "))
    cursor.setPosition(len("Notes: OLD"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    pasted = copy("Harbour")
    editor.paste()
    qtbot.keyClick(editor, Qt.Key.Key_Left)  # (the selection's start)
    qtbot.keyClicks(editor, "Kept ")
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"Notes: Kept {pasted} end."
    # the first at the text's end; the second over "world", which ends there
    editor.setPlainText("Hello world")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    first = copy("Boats")
    editor.paste()
    cursor = editor.textCursor()
    cursor.setPosition(len("Hello "))
    cursor.setPosition(len("Hello world"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    second = copy("Ruth")
    editor.paste()
    release.set()
    wait_until(lambda: not editor.pasting)
    assert editor.toPlainText() == f"Hello {second}{first}"


def _headings_laid(editor: Editor) -> list[str]:
    """The words of the lines the editor lays as a heading's (their heading's format)."""
    from writer.ui.markdown import _HEADING_MARK

    found: list[str] = []
    block = editor.document().begin()
    while block.isValid():
        if any(r.format.hasProperty(_HEADING_MARK) for r in block.layout().formats()):
            found += re.findall(r"w\d+", block.text())
        block = block.next()
    return found


def _headings_previewed(text: str) -> list[str]:
    """The words of the headings the preview shows of `text`."""
    doc = QTextDocument()
    doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    found: list[str] = []
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            found += re.findall(r"w\d+", block.text())
        block = block.next()
    return found


def test_an_item_numbered_but_1_under_a_deeper_quotation_is_laid_as_an_item(qtbot) -> None:
    """CommonMark: after "> > w0", "> 10. w1" has fewer marks than the inner quotation's
    paragraph, which cannot go on lazily with an item: the item starts whatever its number,
    and "w2" and "===" are its text; the preview shows no heading. Read as the outer
    quotation's text, "w2" was laid as a heading (review38a)."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    text = "> > w0\n> 10. w1\n>    w2\n> ===\n"
    editor.setPlainText(text)
    laid(editor)
    assert _headings_laid(editor) == [] == _headings_previewed(text)


def test_a_quotations_setext_heading_is_laid_as_one(qtbot) -> None:
    """"> Title" over "> ===" is a heading in its quotation, as the preview and the exports
    show it: the editor laid it as the quotation's text (its line state could not tell a
    quotation's paragraph from a quoted list item's, under which "> ===" is the item's text).
    Typed and deleted, the underline makes it one and none."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    text = "> w0\nw1\n> ===\n\n> - w2\n> ===\n\n> > w3\n> > ---\n\n> w4\n> > ===\n"
    editor.setPlainText(text)
    laid(editor)
    assert _headings_laid(editor) == ["w0", "w1", "w3"] == _headings_previewed(text)
    assert bold(format_at(editor, 2, 3))  # the underline, as a paragraph's
    assert md.outline(text).headings == []  # (as no heading in a quotation is listed)
    cursor = QTextCursor(editor.document().findBlockByNumber(2))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    for _ in range(3):
        cursor.deletePreviousChar()
    laid(editor)
    assert _headings_laid(editor) == ["w3"]
    cursor.insertText("---")
    laid(editor)
    assert _headings_laid(editor) == ["w0", "w1", "w3"]


def test_an_empty_items_marker_under_a_quotations_paragraph_is_its_underline(qtbot) -> None:
    """"> W" over "> -" is a heading in the quotation (CommonMark: an empty item breaks in no
    paragraph, so the "-" is a setext underline), and the underline ends the paragraph: a line
    after it is the quotation's own ("> -" over ">    W" is no item's text, ">" takes one
    space), which "> -" under it makes a heading too. The editor laid the first underline as
    an empty item's marker, and the lines after it as the item's text."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    text = "> w0\n> -\n>    w1\n> -\n\n> > w2\n> -\n>   w3\n> -"
    editor.setPlainText(text)
    laid(editor)
    # (under "> > w2", "> -" has fewer marks: an item, out of the inner quotation, no underline)
    assert _heading_lines(editor) == [0, 1, 2, 3]
    assert _headings_laid(editor) == ["w0", "w1"] == _headings_previewed(text)[:2]
    cursor = QTextCursor(editor.document().findBlockByNumber(1))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.deletePreviousChar()  # (the first underline goes: "> " ends the paragraph)
    laid(editor)
    fresh = Editor()
    qtbot.addWidget(fresh)
    fresh.set_markdown(True)
    fresh.setPlainText(editor.toPlainText())
    laid(fresh)
    assert _heading_lines(editor) == _heading_lines(fresh) == [2, 3]
    cursor.insertText("-")
    laid(editor)
    assert _heading_lines(editor) == [0, 1, 2, 3]


_QUOTED_LINES = ("> W", "> W", "W", "> ===", "> ---", "> - W", "> > W", "> > ===", "", "> ",
                 "> # W", "- W", "> 1. W", "> > - W", "> ```", "> -", ">    W")  # fmt: skip


@settings(max_examples=fuzz_examples(60), deadline=None)
@example(["> W", "> - W", "> ==="])
@example(["> W", "> > ===", "> W", "> ==="])  # (w1 goes on with the quotation in it: no heading)
@example(["> - W", "> > W", "> > ==="])  # (a quotation after a quoted item: a heading in it)
@example(["> ```", "> W", "> ==="])  # (code in a quotation: its "> ===" no underline)
@example(["> W", "> ```", "> W", "> ==="])  # (and after a paragraph the fence ends)
@example(["> > W", "> -", "W", "==="])  # (an empty item ends the paragraph: "W" is its own)
@example(["> > - W", "> > W", "> > ==="])  # (a lazy line of the item two deep: no heading)
@example(["> > - W", "> W", "> > ==="])
@example(["> W", "> ===", "W", "==="])  # (the underline ends the paragraph: "W" is its own)
@example(["> ```", "> # W", "> ```"])  # (code in a quotation: its "# W" no heading)
@example(["> -", ">    W", "> ==="])  # (the empty item's text, "W ===": no heading)
@example(["> - W", "> >   W", "> > ---"])  # (more marks: a quotation, its spaces whatever)
@example(["> -", ">    W", "> >   W", "> > ---"])
# (a lazy line that begins an item, any number, ends the quotation's paragraph: "9. W" is its
# own, and its underline indented to its text with a tab, "  \t---", makes it a heading)
@example([">  > - W", ">> W", "9. W", "\tW", "  \t---"])
@example(["> W", "9. W", "   ==="])
@example(["> > W", "> -", "> ==="])
# (indented four, a lazy line is text whatever it holds: "- W" too; a tab after the marks is
# counted from the line's start, "> \t- W" an item's marker indented two)
@example(["> W", "    - W", "> ==="])
@example(["> W", "  \t- W", "> ==="])
@example(["> > W", "> \t- W", "> > ==="])
# (an empty item's marker under the quotation's paragraph, of its marks, is its underline: it
# begins no item, so ">    W" after it is the quotation's paragraph, one space taken by ">")
@example(["> W", "> -", ">    W", "> -"])
@example(["> 1. W", "> ", ">    W", "> ==="])  # (the item's second paragraph: no heading)
@example(["> - W", "> ", ">    W", "> ==="])
@given(st.lists(st.sampled_from(_QUOTED_LINES), max_size=8))
def test_the_editor_and_the_preview_read_the_same_headings_in_quotations(
    qapp, lines: list[str]
) -> None:
    """The lines the editor lays as headings in a quotation (ATX and setext) are those the
    preview shows as headings."""
    _assert_laid_as_previewed(lines)


def test_a_quoted_items_second_paragraph_is_laid_as_the_preview_shows_it(qtbot) -> None:
    """CommonMark: "> 1. W", "> " and ">    W" (indented to the item's text) is one item of
    two paragraphs, and "> ===" under it is the second paragraph's lazy text, no heading; an
    underline indented to a quoted item's text ("> - W" over ">   ===") makes its paragraph a
    heading. The line states kept no quoted item over a blank quoted line (">    W" was the
    quotation's paragraph, "> ===" its underline) and no quoted item's column (no underline
    in one); a blank quoted line in a quoted item now leaves the item's column, as LIST_BLANK
    does outside quotations."""
    after = md.state_after(["> 1. w0", "> "])
    assert md.item_column(after) == 3
    assert md.quoted_item_depth(after) == 1
    assert md.state_after([">    w1"], after) == md.state_after(["> 1. w0"])
    assert md.state_after([">   w1"], after) == md.QUOTED  # (left of its text: the list ends)
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("> 1. w0\n> \n>    w1\n> ===", "> - w0\n> \n>   w1\n> ===",
                 "> > - w0\n> > \n> >   w1\n> > ===", "> - w0\n>   ===",
                 "> - w0\n> \n>   w1\n>   ===", "> 1. w0\n> \n>   w1\n> ===",
                 "> - w0\n>   - w1\n>     ---"):  # fmt: skip
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
    assert _headings_laid(editor) == ["w1"]


def test_a_tab_after_a_quotations_mark_is_partly_its_space(qtbot) -> None:
    """CommonMark: a tab right after ">" is one column of the mark's optional space and the
    rest of it indent, and a tab in the indent runs to the line's next stop of four: ">\t  w1"
    is code (four columns), "> \tw1" a paragraph (two), whose "> ===" makes it a heading, and
    "> \t```" a fence. The editor took the tab after ">" whole as the mark's space, and the one
    after "> " as code."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("> w0\n>\n>\t  w1\n> ===", "> w0\n>\n> \tw1\n> ===", "> \t```\n> w2\n> ===",
                 "> - w0\n>\t  ==="):  # fmt: skip
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
    assert _headings_laid(editor) == ["w0"]
    assert md.under_paragraph(">\t  ===", 1) is None  # (code: no underline)


def test_a_fence_in_a_list_item_is_code_to_its_end_or_the_items(qtbot) -> None:
    """CommonMark: "- ```" opens a fenced code block in the item, whose lines indented to its
    text are code ("  ===" no underline) to its closing fence, after which the item goes on;
    a line left of the item's text ends the item and its code ("w1" over "===": a heading).
    The line states followed no fence in an item: its code was the item's text, and "w1"
    went on with it."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("- ```\n  w0\n  ===\n  ```", "- ```\nw1\n===",
                 "1. a\n\n   ```\n   w2\n   ---\n   ```\n   w3\n   ---"):  # fmt: skip
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
    assert _headings_laid(editor) == ["w3"]
    assert [h.line for h in md.outline("- ```\n  # w0\n  ```\nw1\n===").headings] == [4]
    assert md.state_after(["- ```", "  w0", "  ```"]) == md.LIST_BLANK  # (the item goes on)


def test_a_quotations_line_indented_four_under_its_paragraph_goes_on_with_it(qtbot) -> None:
    """CommonMark: code breaks in no paragraph, so ">     - w1" under "> > w0" is the
    paragraph's lazy text ("w0 - w1"), and "> > ===" its underline: the whole paragraph is a
    heading, and so is "> w0" over ">     w1" and "> ===". The line states read the indented
    line as a quotation's code, which ended the paragraph: the editor laid its first line
    alone as a heading's."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("> > w0\n>     - w1\n> > ===", "> w0\n>     w1\n> ===",
                 "> w0\n>\n>     w1\n> ==="):  # (after a blank line: code)
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
        assert _heading_lines(editor) == ([0, 1, 2] if "\n>\n" not in text else []), text


_LISTED_LINES = ("- W", "  W", "W", "  ===", "  ---", "===", "    ===", "  - W", "1. W",
                 "   ---", "", "    W", "   ===")  # fmt: skip


@settings(max_examples=fuzz_examples(60), deadline=None)
@example(["- W", "  ==="])  # (an underline indented to the item's text)
@example(["- W", "  W", "  ---"])
@example(["1. W", "   ---"])
@example(["- W", "  - W", "    ==="])  # (a nested item's)
@example(["- W", "", "  W", "  ==="])  # (the item's second paragraph's)
@example(["-\tW", "  ==="])  # (a tab after the marker: the text at column 4, "  ===" is
@example(["-\tW", "    ==="])  # no underline of it and "    ===" is)
@example(["1.\tW", "   ---"])
@example(["-\tW", "", "\tW", "  ==="])
@example(["- W", "- W", "  ==="])  # (a sibling item ends the first's paragraph)
@example(["- W", "     > W", "  ==="])  # (a quotation in the item, three past its text)
@example(["1. W", "", "  W", "==="])  # (left of the item's text, of any item's: a paragraph)
# (a thematic break in the item keeps it: "    W" after it and a blank line is its paragraph,
# indented two into it, no code, and "  ===" its underline)
@example(["- W", "", "  ---", "", "    W", "  ==="])
@given(st.lists(st.sampled_from(_LISTED_LINES), max_size=8))
def test_the_editor_and_the_preview_read_the_same_headings_in_list_items(
    qapp, lines: list[str]
) -> None:
    """A setext heading in a list item ("- Title" over "  ===", indented to the item's text)
    is laid as the preview shows it: the editor laid none (the line state did not know the
    item's column). (Qt's reader runs an item's heading and the lines after it into one block,
    a heading: an underline here has a blank line or nothing after it.)"""
    assume(not any(a.strip(" -=") == "" and a.strip() and b.strip()
                   for a, b in itertools.pairwise(lines)))  # fmt: skip
    # (a nested item comes under an item: the line states keep no outer item's column)
    assume(all(b != "  - W" or a.startswith(("- ", "1. ", "  W"))
               for a, b in itertools.pairwise(["", *lines])))  # fmt: skip
    _assert_laid_as_previewed(lines)


def test_an_item_numbered_but_1_under_a_paragraphs_line_is_its_text_no_heading(qtbot) -> None:
    """CommonMark: an item numbered but 1 breaks in no paragraph, so "2) # w1" under a
    paragraph's line is its text, no list nor heading (the line states read it so): the
    editor laid its marker and a heading over it, read alone."""
    for line in ("2) # x", "9. ## x", "2) x"):
        spans, after = md.line_spans(line, md.PARAGRAPH)
        assert after == md.PARAGRAPH
        assert not {span.kind for span in spans} & {Kind.HEADING, Kind.MARKUP}, line
    assert {span.kind for span in md.line_spans("2) # x", md.NORMAL)[0]} >= {
        Kind.HEADING, Kind.MARKUP}  # (after a blank line: an item, a heading in it)
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    text = "w0\n2) # w1\n9. ## w2\n\n2) # w3"
    editor.setPlainText(text)
    laid(editor)
    assert _headings_laid(editor) == ["w3"] == _headings_previewed(text)


def test_a_paragraph_whose_comment_closes_on_its_next_line_goes_on_to_its_underline(
    qtbot,
) -> None:
    """A comment opened in a paragraph's line and closed on the next line is the paragraph's,
    which goes on after it: an underline under it makes the paragraph a heading, as the
    preview shows it and CommonMark reads it. The line that closed the comment left NORMAL:
    the editor laid no heading and Go to Heading listed none."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("w0 <!-- c\nd -->\n===", "w0 <!-- c\nd --> w1\n---\n"):
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
        assert _heading_lines(editor) == [0, 1, 2], text
        assert [" ".join(h.text.split()) for h in md.outline(text).headings] == [
            " ".join(re.findall(r"w\d", text))], text


def test_the_text_after_a_comment_blocks_end_is_no_heading_over_an_underline(qtbot) -> None:
    """A comment opening a line is an HTML block to the line of its "-->", the text after
    it there the block's (CommonMark): an underline under that line is no heading's, as the
    editor lays it. The preview showed a heading: the mending gave the text a line of its
    own, which Qt's reader took with the underline."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("<!-- c\nd --> w0\n===", "<!-- c\nd --> w0\n---\n", "<!-- c\nd -->\nw0\n==="):
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
    assert _headings_previewed("<!-- c\nd --> w0\nw1\n===") == ["w1"]


def test_go_to_heading_lists_no_setext_heading_in_a_list_item() -> None:
    """Go to Heading lists no heading in a list item, a setext one as an ATX one: it listed
    an item's, titled with all the text from the last paragraph outside the list (read again
    at each: a long list of them took seconds)."""
    text = "- w0\n  ===\n\nw1\n===\n- w2\n  ---\n\n1. w3\n   ---\n- # w4\n"
    assert [h.text for h in md.outline(text).headings] == ["w1"]


def test_a_quotation_or_heading_in_a_list_item_has_no_underline(qtbot) -> None:
    """A quotation or an ATX heading indented under a list item's text is no paragraph of the
    item: a line of "===" or "---" under it is no setext underline (a break, lazy text, the
    item's own paragraph), as the preview shows it. The line kept the item's state, and the
    editor laid the quotation's line as a heading and the line under it as its underline."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("- w0\n  > w1\n  ---\n", "* w0\n  > w1\n   ---\n* w2\n",
                 "- w0\n  > w1\n  > w2\n  ===\n", "- w0\n\n  > w1\n  ===\n",
                 "- w0\n  > w1\n\n  w2\n  ===\n", "10. w0\n  > w1\n    ===\n",
                 "- w0\n     > w1\n  ===\n", "- w0\n      > w1\n  ===\n"):  # fmt: skip
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
    editor.setPlainText("- w0\n  # w1\n  ===\n")  # ("===": the item's text, as CommonMark)
    laid(editor)
    assert _heading_lines(editor) == [1]


def test_an_item_that_breaks_in_no_paragraph_is_its_text(qtbot) -> None:
    """A list item numbered other than 1, or an empty one, does not interrupt a paragraph
    (CommonMark): under a paragraph's line it is its text, and an underline under it makes
    the paragraph a heading, as the preview shows it and Go to Heading lists it. Read as an
    item, its column made an underline indented to it the item's ("10. w0" over "    ===")."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("===\n10. w0\nw1\n    ===\n", "w0\n2. w1\n===\n", "w0\n*\n===\n",
                 "w0\n2. w1\n   ===\n", "w0\n1. w1\n   ===\n"):  # fmt: skip
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
    assert [h.text for h in md.outline("w0\n2. w1\n===\n").headings] == ["w0 2. w1"]


def test_the_line_that_ends_a_quotations_code_is_no_code(qtbot) -> None:
    """A fence in a quotation ("> ```") ends with the quotation: the line after it with fewer
    marks is out of the code. The readings that asked the line state alone whether a line is
    code took it for code: its note's mark ("[^1]", "^[…]") showed as written in the preview
    and the exports, and the editor took it for code (no spelling, no ghost text)."""
    for text in ("> ```\n> code\nA note[^1].\n\n[^1]: The note.\n",
                 "> ```\n> code\nA note^[inline].\n"):  # fmt: skip
        shown = QTextDocument()
        shown.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        assert "A note1." in shown.toPlainText(), (text, shown.toPlainText())
    # (and an HTML block there is one: a stray ">" showed before its "</div>")
    shown = QTextDocument()
    shown.setMarkdown(md.for_qt("> ```\n> code\n<div>\nx <b>y</b>\n</div>\n"),
                      QTextDocument.MarkdownFeature.MarkdownDialectGitHub)  # fmt: skip
    assert shown.toPlainText().split() == ["code", "x", "y"], shown.toPlainText()
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.setPlainText("> ```\n> code\nA note.\n")
    laid(editor)
    document = editor.document()
    assert editor.markdown.in_code(document.findBlockByNumber(1))
    assert not editor.markdown.in_code(document.findBlockByNumber(2))


def test_an_edit_under_an_items_open_comment_lays_no_line_again_for_nothing(qtbot) -> None:
    """Whether an edit changed a heading above it is read as the line is laid: a list item's
    line that leaves a comment open is laid as no heading's. The check took the state of
    such an item of column 2 (OPENED_ITEM) less one for the item's: OPENED, a paragraph's,
    whose "===" under it is an underline, and laid the item's lines again at each edit."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    for text in ("- w0 <!-- c\n  d -->\n===\n", "1. w0 <!-- c\n   d -->\n===\n",
                 "- w0 <!-- c\n  d -->\n  ===\n"):  # fmt: skip
        editor.setPlainText(text)
        laid(editor)
        first = editor.document().begin()
        assert first.userState() in md.OPENED_ITEM_STATES, text
        assert _heading_lines(editor) == [], text
        assert editor.markdown._underline_to_lay(first) is None, text


def _heading_lines(editor: Editor) -> list[int]:
    """The lines the editor lays as a heading's (an underline's too)."""
    from writer.ui.markdown import _HEADING_MARK

    found, block = [], editor.document().begin()
    while block.isValid():
        if any(r.format.hasProperty(_HEADING_MARK) for r in block.layout().formats()):
            found.append(block.blockNumber())
        block = block.next()
    return found


def test_a_quotations_underline_is_no_paragraphs_line_and_code_in_it_has_none(qtbot) -> None:
    """A quotation's underline ("> > ===") was read as a line of the paragraph under it, and
    the reading kept for the paragraph's lines: "> w3" typed between two underlines of a
    quotation in it was laid as a heading, which it is not (the next "> > ===" begins a
    quotation in it), till the text was laid again. A fenced code block in a quotation (its
    lines' states know none) had its "> ===" laid as an underline, and the line above it as a
    heading."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("> w0\n> > w1\n> > ===\n> > ===\n> w2")
    laid(editor)
    assert _headings_laid(editor) == ["w1"]
    QTextCursor(editor.document().findBlockByNumber(3)).insertText("> w3\n")
    laid(editor)
    text = editor.toPlainText()
    assert _headings_laid(editor) == ["w1"] == _headings_previewed(text), text
    assert _heading_lines(editor) == [1, 2]
    for text in ("> ```\n> w0\n> ===\n> ```\n", "> w0\n> ```\n> w1\n> ---\n> ```\n"):
        editor.setPlainText(text)
        laid(editor)
        assert _heading_lines(editor) == [], text
        assert _headings_previewed(text) == [], text
    editor.setPlainText("> ```\n> w0\n> ```\n> w1\n> ===\n")  # (after the fence: a heading)
    laid(editor)
    assert _heading_lines(editor) == [3, 4]
    # and Go to Heading reads it so: the heading under the quotation's is listed
    for text in ("> w0\n> ===\nw1\n===", "> w0\n> ---\nw1\n---\n", "> w0\r\n> ===\r\nw1\r\n==="):
        assert [h.text for h in md.outline(text).headings] == ["w1"], text
        assert _headings_previewed(text.replace("\r", "")) == ["w0", "w1"], text
    assert md.outline("> w0\nw1\n===").headings == []  # (a lazy line: no heading)
    # "> ---" is laid as its heading's underline, as "> ===" is (a break, read alone)
    editor.setPlainText("> w0\n> ---\n> > w1\n> > ---\n")
    laid(editor)
    assert _heading_lines(editor) == [0, 1, 2, 3]
    assert _headings_previewed(editor.toPlainText()) == ["w0", "w1"]
    # the underline ends its paragraph: an indented line under it is code, as in the preview
    editor.setPlainText("> w0\n> ===\n    w1 *w2*\n")
    laid(editor)
    assert _heading_lines(editor) == [0, 1]
    assert format_at(editor, 2, 4).fontFamilies()
    assert not format_at(editor, 2, 8).fontItalic()


def test_a_long_quotations_lines_are_not_each_read_back_for_its_marks(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line of a quotation's paragraph longer than SETEXT_LINES read the SETEXT_LINES
    lines above it again for its paragraph's quotation marks (`quoted_paragraph`): laying a
    quotation of 15,000 lines took five times as long as before quotations had headings.
    Its marks are read once, with its lines."""
    import writer.ui.markdown as ui

    reads = []
    read = md.quoted_paragraph
    monkeypatch.setattr(ui.markdown, "quoted_paragraph",
                        lambda lines: reads.append(len(lines)) or read(lines))  # fmt: skip
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("\n".join(f"> line {n} of the letter" for n in range(400)) + "\n> ===")
    laid(editor)
    assert len(reads) < 10, len(reads)
    # (the lines within SETEXT_LINES of the underline, as a paragraph's out of a quotation)
    quoted = _heading_lines(editor)
    editor.setPlainText("\n".join(f"line {n} of the letter" for n in range(400)) + "\n===")
    laid(editor)
    assert quoted == _heading_lines(editor) == list(range(400 - ui.SETEXT_LINES, 401))


def test_a_raw_html_blocks_lines_are_laid_as_html(qtbot) -> None:
    """A <pre>'s, a script's, a style's or a textarea's lines (RAW_HTML, its first line too)
    are HTML, shown as written: no emphasis, code span, link nor table's row is laid in them,
    as the preview shows none (the editor laid them as Markdown); an HTML comment in them is
    greyed, to its line's end at most, as the preview hides it."""
    text = ("<pre>\n*not* `code` [l](u) <!-- c -->\n| a | b |\n</pre>\n"
            "<textarea>*a* `b` <!-- d\n</textarea>\n*after*\n")  # fmt: skip
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText(text)
    laid(editor)
    assert not format_at(editor, 1, 2).fontItalic()
    assert not format_at(editor, 1, 8).fontFamilies()  # (no code span)
    assert not format_at(editor, 1, 15).fontUnderline()  # (no link)
    assert format_at(editor, 1, 25).fontItalic()  # the comment
    assert not format_at(editor, 2, 1).fontFamilies()  # (no table's row)
    assert not format_at(editor, 4, 11).fontItalic()  # "<textarea>*a*"
    assert not format_at(editor, 4, 15).fontFamilies()
    assert format_at(editor, 4, 20).fontItalic()  # its comment, to the line's end
    assert not format_at(editor, 5, 3).fontItalic()
    assert format_at(editor, 6, 2).fontItalic()  # (Markdown again after the block)
    shown = _previewed(text)
    assert "*not* `code` [l](u)" in shown
    assert "c -->" not in shown
    for line in text.split("\n")[:6]:
        spans = md.line_spans(line, md.RAW_HTML if line[:1] not in "<" else md.NORMAL)[0]
        assert {s.kind for s in spans} <= {Kind.COMMENT}, line


@settings(max_examples=fuzz_examples(60), deadline=None)
@example("> ", "", "note")
@example("- ", "", "table")
@example("> ", "", "picture")
@given(st.sampled_from(sorted(_CONTAINERS)), st.sampled_from(("", " W", "\n{lead}W")),
       st.sampled_from(("note", "table", "picture", "inline")))  # fmt: skip
def test_what_follows_a_comment_left_open_in_a_container_is_read_as_the_preview_shows_it(
    qapp, container: str, inside: str, what: str
) -> None:
    """A comment opening a quotation's or a list item's text and left open ends with its
    container (the preview's rule since the last stop, CommonMark's): the footnotes, the
    tables and the linked pictures, read before the preview's mending, still took the text
    after it as commented: a note's mark after it showed as "[^n]", its note was lost, a
    table under a line after it showed its rows as one paragraph, a linked picture lost its
    link."""
    lead = _CONTAINERS[container]
    text = container + "<!-- w0" + inside.replace("{lead}", lead).replace("W", "w1") + "\n"
    if what == "note":
        text += "After[^n].\n\n[^n]: The note.\n"
    elif what == "inline":
        text += "After^[the note].\n"
    elif what == "table":
        text += "After:\n| a | b |\n|---|---|\n| c | d |\n"
    else:
        text += "After [![w](p.png)](https://example.org)\n"
    doc = QTextDocument()
    doc.setMarkdown(md.for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    shown = doc.toPlainText()
    assert "w0" not in shown, (text, shown)
    if what in ("note", "inline"):
        assert "[^" not in shown, (text, shown)
        assert "the note" in shown.lower(), (text, shown)
    elif what == "table":
        assert "|" not in shown, (text, shown)
        assert [t for t in shown.split("\n") if t][-4:] == ["a", "b", "c", "d"], (text, shown)
    else:
        assert 'href="https://example.org"' in md.for_qt(text), text


def _assert_laid_as_previewed(lines: list[str]) -> None:
    """The lines (each "W" a word of its own) laid by the editor: its headings are those the
    preview shows."""
    count = itertools.count()
    text = "\n".join(re.sub("W", lambda _m: f"w{next(count)}", line) for line in lines)
    editor = Editor()
    try:
        editor.set_markdown(True)
        editor.setPlainText(text)
        laid(editor)
        assert _headings_laid(editor) == _headings_previewed(text), text
    finally:
        editor.deleteLater()


def _laid_lines(editor: Editor) -> list[tuple[int, list[tuple[int, int, QTextCharFormat]]]]:
    """Each line's state and the formats laid on it."""
    found, block = [], editor.document().begin()
    while block.isValid():
        found.append((block.userState(), [(r.start, r.length, QTextCharFormat(r.format))
                                          for r in block.layout().formats()]))  # fmt: skip
        block = block.next()
    return found


def _laid_fresh(text: str) -> list[tuple[int, list[tuple[int, int, QTextCharFormat]]]]:
    editor = Editor()
    try:
        editor.set_markdown(True)
        editor.setPlainText(text)
        laid(editor)
        return _laid_lines(editor)
    finally:
        editor.deleteLater()


@pytest.mark.parametrize(("text", "line", "column", "typed"), [
    # "1." to "10.": the item's text moves a column right, and its underline "   ---" (over the
    # paragraph's last SETEXT_LINES lines, a heading's) is no longer indented to it
    ("1. w0\n" + "   a line of *the* item\n" * 300 + "   ---\n\n- w1\n", 0, 1, "0"),
    ("1. w0\n" + "a lazy line of *the* item\n" * 300 + "\nw1\n", 0, 1, "0"),
    # a ">" more before a quoted item: its depth
    ("> - w0\n" + "> a line of *the* item\n" * 300 + "> > w1\n", 0, 0, ">"),
])
def test_a_key_that_changes_an_items_column_or_depth_lays_only_what_changed(
    qtbot, text: str, line: int, column: int, typed: str
) -> None:
    """A key that changes a list item's column ("1." to "10.") or a quoted item's depth (a ">"
    more) changes the state of every line of the item's text: each was laid again, at a key
    (a 6,000-line item: a second of laying after the key). Lines laid as they were take their
    new state alone; what is laid is what a fresh laying of the text lays."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText(text)
    laid(editor)
    lays = []
    lay = editor.markdown._lay
    editor.markdown._lay = lambda block, state: lays.append(block.blockNumber()) or lay(
        block, state)
    cursor = QTextCursor(editor.document().findBlockByNumber(line))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
    cursor.insertText(typed)
    laid(editor)
    assert 0 < len(lays) < 60, lays
    assert _laid_lines(editor) == _laid_fresh(editor.toPlainText())
    cursor.deletePreviousChar()  # (and back)
    laid(editor)
    assert len(lays) < 120, lays
    assert _laid_lines(editor) == _laid_fresh(text)


def test_a_turn_of_the_highlighting_repaints_only_the_lines_it_laid_in_view(qtbot) -> None:
    """What is owed (a long text just opened) is laid a slice at each turn of a timer; Qt
    repaints the whole view where several blocks are marked for layout, so each turn repainted
    it, when it laid only lines under the view (a 2 MB manuscript: 160 turns, 160 views). The
    lines in view are repainted as they are laid, once; the turns under the view repaint
    nothing."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.resize(600, 300)
    editor.set_markdown(True)
    editor.show()
    qtbot.waitExposed(editor)
    editor.setPlainText("# Title\n\n" + "A *line* of **the** `text`.\n- an item\n> said\n\n" * 3000)
    turns: list[list[QRect]] = []  # the repaints each turn asked for
    editor.updateRequest.connect(lambda rect, dy: dy or not turns or turns[-1].append(QRect(rect)))
    highlighter = editor.markdown
    turn = highlighter._turn
    highlighter._timer.timeout.disconnect()
    highlighter._timer.timeout.connect(lambda: turns.append([]) or turn())
    laid(editor)
    assert len(turns) > 3  # (laid over several turns)
    asked = [rect for rects in turns for rect in rects]
    viewport = editor.viewport()
    assert all(rect.height() < viewport.height() for rect in asked), asked
    assert sum(rect.height() for rect in asked) <= 2 * viewport.height(), asked
    block, offset = editor.firstVisibleBlock(), editor.contentOffset()
    while block.isValid():  # (each line in view was repainted laid)
        shown = editor.blockBoundingGeometry(block).translated(offset).toAlignedRect()
        if shown.top() >= viewport.height():
            break
        assert any(rect.intersects(shown) for rect in asked), (shown, asked)
        block = block.next()


def test_a_line_laid_again_that_wraps_otherwise_repaints_the_lines_under_it(qtbot) -> None:
    """A heading's line is laid bold, and may wrap into one line more than as plain text: laid
    again alone, plain or bold, the lines under it move, and are repainted too (the whole
    view), not its own line alone."""
    from PySide6.QtGui import QFontMetricsF

    editor = Editor()
    qtbot.addWidget(editor)
    editor.resize(800, 300)
    editor.set_markdown(True)
    editor.show()
    qtbot.waitExposed(editor)
    editor.setPlainText("line")
    width = editor.document().firstBlock().layout().lineAt(0).width()  # (a line's, wrapped)
    bold = QFont(editor.font())
    bold.setBold(True)
    plain, wide = QFontMetricsF(editor.font()), QFontMetricsF(bold)
    title = next(t for n in range(2, 400) if plain.horizontalAdvance(
        t := ("# " + "wide " * 80)[:n].rstrip()) < width - 10 < width + 10 < wide.horizontalAdvance(
            t))  # fmt: skip
    editor.setPlainText("\n".join(["line"] * 3 + [title] + ["A *line* of the text."] * 30))
    laid(editor)
    highlighter, viewport = editor.markdown, editor.viewport()
    heading = editor.document().findBlockByNumber(3)
    assert heading.layout().lineCount() == 2  # (wrapped, bold)
    asked: list[QRect] = []
    editor.updateRequest.connect(lambda rect, dy: dy or asked.append(QRect(rect)))
    for spans, lines in (([], 1), (highlighter._spans_of(heading, NORMAL)[0], 2)):
        asked.clear()
        with highlighter._repainting():  # (as a turn of the timer lays it)
            highlighter._apply(heading, spans)  # (plain, then bold again)
            highlighter._relaid(heading.position(), heading.position() + heading.length())
        assert heading.layout().lineCount() == lines
        top = editor.blockBoundingGeometry(heading).translated(editor.contentOffset()).top()
        assert any(rect.top() <= top and rect.bottom() >= viewport.height() - 1
                   for rect in asked), asked  # fmt: skip


def test_a_turn_that_lays_lines_a_pixel_shorter_repaints_the_lines_under_them(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table's rows are laid in the fixed font, a pixel shorter than a line of text, their
    count of lines the same: a turn of the timer that lays them repainted those rows alone,
    and the lines under the table stayed on the screen a pixel lower than they are, till the
    next repaint of the view. The turn repaints the view where a line laid is another height."""
    from writer.ui import markdown as highlighting

    editor = Editor()
    qtbot.addWidget(editor)
    editor.resize(500, 300)
    editor.set_markdown(True)
    editor.show()
    qtbot.waitExposed(editor)
    editor.setPlainText("Intro.\n\n| a | b |\n" + "| 1 | 2 |\n" * 5 + "\n"
                        + "\n".join(f"w{n} and more" for n in range(20)))  # fmt: skip
    laid(editor)
    qtbot.waitUntil(lambda: on_screen_as_painted_afresh(editor), timeout=2000)
    monkeypatch.setattr(highlighting, "time", _Clock())  # (the edit lays one line, turns one)
    monkeypatch.setattr(highlighting, "EDIT_S", 1.5)
    monkeypatch.setattr(highlighting, "SLICE_S", 1.5)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(editor.document().findBlockByNumber(3).position())
    cursor.insertText("|---|---|\n")
    laid(editor)
    qtbot.waitUntil(lambda: on_screen_as_painted_afresh(editor), timeout=2000)


class _Clock:
    """A clock that moves on a tick at each reading: a deadline of 1.5 ticks lets the
    highlighter lay one block, then owe the rest (as a slow machine's time slice runs out)."""

    def __init__(self) -> None:
        self._ticks = itertools.count()

    def perf_counter(self) -> float:
        return float(next(self._ticks))


def test_an_undo_under_a_paragraph_whose_lay_was_cut_lays_its_heading_again(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key that makes a line under a paragraph its underline lays the paragraph's first line
    a heading's, and the time slice runs out there, the rest owed; an undo at once took the
    heading from the line above the edit, still owed and laid as before, saw none and left
    the first line a heading's. What is laid then is what a fresh laying lays."""
    from writer.ui import markdown as highlighting

    monkeypatch.setattr(highlighting, "time", _Clock())
    monkeypatch.setattr(highlighting, "EDIT_S", 1.5)
    monkeypatch.setattr(highlighting, "SLICE_S", 1.5)
    text = "  w0\n    w1\n  w2\n  w3\n- w4"
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText(text)
    laid(editor)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(len(text) - 2)  # ("- w4" made "- " over "x -->": "- " an underline)
    cursor.setPosition(len(text), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(" \nx -->")
    editor.document().undo()
    laid(editor)
    assert _laid_lines(editor) == _laid_fresh(text)


def test_lines_under_the_view_take_the_state_a_cut_lay_carried_into_it(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fence typed above the view, the lay cut by its time slice: the next turn lays the
    view first (its state carried to it), and the lay from the fence stopped at the view's
    first line, whose state it found as laid; the lines under the view kept the state and
    formats of the text before (prose, where a fresh laying lays code)."""
    from writer.ui import markdown as highlighting

    monkeypatch.setattr(highlighting, "time", _Clock())
    monkeypatch.setattr(highlighting, "EDIT_S", 1.5)
    monkeypatch.setattr(highlighting, "SLICE_S", 1.5)
    text = "\n".join(f"w{n} *and* more" for n in range(120))
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.resize(400, 200)
    editor.show()
    editor.setPlainText(text)
    laid(editor)
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum() // 2)
    QTextCursor(editor.document()).insertText("```\n")  # (at the start, out of view)
    laid(editor)
    assert _laid_lines(editor) == _laid_fresh(editor.toPlainText())


def test_a_second_edit_before_the_first_is_laid_leaves_none_of_it_owed(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key that makes a line of an HTML block a blank one (the block ends there) is laid to
    its time slice, the line under it owed; a key above it before the timer's turn owed its
    own lines. The two owed runs were made one, from the first to the end of either edit: the
    run stopped where the states came out as laid, above the first key's owed line, which
    kept the HTML block's state (its text prose, its state HTML's)."""
    from writer.ui import markdown as highlighting

    monkeypatch.setattr(highlighting, "time", _Clock())
    monkeypatch.setattr(highlighting, "EDIT_S", 2.5)  # (two blocks a slice)
    monkeypatch.setattr(highlighting, "SLICE_S", 2.5)
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("<!-- y -->\n</div>\n  w\n  w")
    laid(editor)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(19)  # ("  w" made " ", "w": the HTML block ends at the blank line)
    cursor.setPosition(20, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("\n")
    cursor.setPosition(10)  # (at once, above it: "<!-- y -->" made "<!-- y -->- w", "")
    cursor.insertText("- w\n")
    laid(editor)
    assert _laid_lines(editor) == _laid_fresh(editor.toPlainText())


def test_a_key_under_a_long_owed_paragraph_reads_no_more_of_it_than_a_heading_takes(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line owed ("Add to dictionary": each is laid again), a key at the end of a
    paragraph of 2,000 lines walked up all of them for the paragraph's last line laid, at
    each key till the timer had laid them (96 ms a key in a 2 MB one): no line further than
    a heading's underline reaches is looked at."""
    from PySide6.QtGui import QTextBlock

    from writer.ui.markdown import SETEXT_LINES

    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setPlainText("\n".join(f"line {n} of the poem" for n in range(2000)))
    laid(editor)
    editor.markdown.respell()
    read = []
    previous = QTextBlock.previous
    monkeypatch.setattr(QTextBlock, "previous", lambda block: read.append(1) or previous(block))
    cursor = QTextCursor(editor.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("x")
    monkeypatch.undo()
    assert len(read) <= 2 * SETEXT_LINES + 4
    laid(editor)
    assert _laid_lines(editor) == _laid_fresh(editor.toPlainText())


_ALIKE_LINES = st.text(alphabet=" \t>-*_=#`~<|[]()!1.aW\\", max_size=12)
_CONTAINER_STATES = st.one_of(st.builds(md.item_state, st.integers(0, 45)),
                              st.builds(md.quoted_item, st.integers(1, 35)))  # fmt: skip


@settings(max_examples=fuzz_examples(300), deadline=None)
@example("   a", md.item_state(3), md.item_state(4), True)
@example("> a", md.quoted_item(1), md.quoted_item(2), False)
@given(_ALIKE_LINES, _CONTAINER_STATES, _CONTAINER_STATES, st.booleans())
def test_a_line_read_alike_after_two_states_has_the_same_spans_after_each(
    line: str, was: int, now: int, underlined: bool
) -> None:
    """`passes_alike`: the line, after either state, has the same spans and leaves the state it
    came after (the editor keeps such a line's formats when only its item's column changed)."""
    if md.passes_alike(line, was, now):
        assert md.line_spans(line, was, underlined) == (md.line_spans(line, now, underlined)[0],
                                                         was)  # fmt: skip
        assert md.line_spans(line, now, underlined)[1] == now
        assert md.line_state(line, was) == was
        assert md.line_state(line, now) == now


def test_an_items_lines_of_text_are_read_for_its_underline_at_a_glance(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line of a list item's paragraph is read for an underline under it (a heading in
    the item), and each line of text under it was read whole for the state it leaves
    (`line_state`): the first laying of a long list took half as long again as before items
    had headings. A line of text (no mark first, no tag) goes on with the item's paragraph
    at a glance; the headings laid are the same."""
    reads = []
    read = md.line_state
    monkeypatch.setattr(md, "line_state", lambda line, state: reads.append(line) or read(
        line, state))
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    text = "".join(f"{n}. w{n} item\n   and *its* second line\n" for n in range(1, 200))
    editor.setPlainText(text + "- w0\n" + "  a line of the item\n" * 20 + "  ===\n")
    laid(editor)
    assert len(reads) < 10, len(reads)
    assert _headings_laid(editor) == ["w0"] == _headings_previewed(editor.toPlainText())


class _Counted:
    """A pattern whose `match` calls are counted."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, *args):
        self.calls += 1
        return self.pattern.match(*args)

    def __getattr__(self, name: str):
        return getattr(self.pattern, name)


def test_an_items_indented_text_is_read_at_a_glance(monkeypatch: pytest.MonkeyPatch) -> None:
    """An item's line of text indented under it was read for a heading in it ("  # x") at
    each line, with its indent counted in columns: the first laying of a long list took longer
    than before items kept their column. A line whose first mark is no item's, quotation's nor
    heading's goes on with the item at a glance; what each line leaves is as it was."""
    heading = _Counted(md._HEADING)
    monkeypatch.setattr(md, "_HEADING", heading)
    lines = ["1. w0 item"] + ["   and *its* line"] * 200 + ["\tand a tab", "   # w1", "   > w2"]
    states = [md.line_state(line, md.item_state(3)) for line in lines[1:]]
    assert states == [md.item_state(3)] * 201 + [md._list_blank(3)] * 2
    assert heading.calls < 10, heading.calls


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.text(alphabet=" \t-*+1.)aW", max_size=12))
def test_an_items_column_is_counted_with_its_tabs_to_stops_of_four(line: str) -> None:
    """`_item_column` (a line without a tab at a glance): the column after the marker and one
    to four spaces, a tab to the next stop of four."""
    item = md._ITEM.match(line)
    if item is not None:
        head = line[: item.end()]
        end, marker = len(head.expandtabs(4)), len(head.rstrip(" \t").expandtabs(4))
        assert md._item_column(line, item) == (end if end - marker <= 4 else marker + 1)


def test_an_empty_items_marker_split_off_a_list_items_underline_lays_as_afresh(qtbot) -> None:
    """"---" under "- w0" and "| a | b |" split into "-" and "  --" (Enter after its first "-",
    then two spaces): the "-" is the list's next item, which ends the first item's paragraph
    for the setext reading as for the line states, so "  --" is the new item's text, no
    underline; the setext reading went on through the "-", and the keys laid what a fresh
    laying did not."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.setPlainText("- w0\n| a | b |\n---")
    laid(editor)
    for at, typed in ((16, "\n"), (17, "  ")):
        cursor = QTextCursor(editor.document())
        cursor.setPosition(at)
        cursor.insertText(typed)
        laid(editor)
    assert editor.toPlainText() == "- w0\n| a | b |\n-\n  --"
    assert _laid_lines(editor) == _laid_fresh(editor.toPlainText())


@pytest.mark.parametrize(("text", "line", "column", "typed"), [
    # a ">" more: "> > Title" is "> > > Title", and "> > ---" under it no longer its underline
    ("> >   w0\n>   w1\n> > ---", 0, 1, ">"),
    # "    ---" (lazy text, no underline's) made "0    ---": the paragraph goes on to "> > ---"
    (">> w0\n    ---\n>w1\n> > ---", 1, 0, "0"),
    # a space in a quoted item's marks: "9. w2" no longer the item's text, nor "\tw3" a heading
    ("> > - w0\n>> w1\n9. w2\n\tw3\n  \t---", 0, 2, " "),
    # "<!-- y -->" made text under an empty item's marker, the list's next item: the item's
    # paragraph above it ends there, as the line states read it (the setext reading went on
    # through the "-" to "\t---", and laid the paragraph a heading afresh only)
    ("9. w0\n-\n<!-- y -->\n\t---", 2, 1, "> "),
])
def test_a_key_that_changes_a_paragraphs_heading_lays_its_lines_under_it_again(
    qtbot, text: str, line: int, column: int, typed: str
) -> None:
    """A key that makes a paragraph's line a heading's or no longer one, where the states the
    lines leave are as they were, laid that line alone: the paragraph's lines under it and its
    underline kept the formats they had (an underline laid as one under a paragraph it no
    longer ends). They are laid as a fresh laying of the text lays them."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.setPlainText(text)
    laid(editor)
    cursor = QTextCursor(editor.document().findBlockByNumber(line))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
    cursor.insertText(typed)
    laid(editor)
    assert _laid_lines(editor) == _laid_fresh(editor.toPlainText())


def test_a_long_note_over_its_mark_is_cut_where_a_word_ends_in_every_script() -> None:
    """A note longer than its title's TITLE_MOST was cut at its last space: a Chinese note
    after "第一章 " kept "第一章" alone, and "ChatGPT" after Chinese without a space was cut
    inside. The cut is the one the Save name's (`words.whole_words`)."""
    chinese = "老灯塔看守人" * 60

    def title(note: str) -> str:
        shown = md.footnotes(f"A[^1].\n\n[^1]: {note}\n")
        return re.search(r'title="([^"]*)"', shown)[1]

    assert title("第一章 " + chinese) == ("第一章 " + chinese)[: md.TITLE_MOST] + "…"
    assert title("我们" * 149 + "ChatGPT是") == "我们" * 149 + "…"
    assert title("walk " * 59 + "well-known thing") == ("walk " * 59).strip() + "…"
