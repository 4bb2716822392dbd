"""Markdown tables in the editor: Tab from cell to cell, Enter to the row below, the columns
aligned (writer/documents/tables.py, writer/ui/markdown.py `table_key`)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.conftest import fuzz_examples, wait_until
from tests.test_editor import type_text
from tests.test_markdown import laid
from writer.documents import tables
from writer.ui.editor import Editor


def _editor(qtbot, text: str) -> Editor:
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.show()
    editor.setFocus()
    editor.setPlainText(text)
    laid(editor)
    return editor


def _at(editor: Editor, line: int, column: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(line).position() + column)
    editor.setTextCursor(cursor)


def _where(editor: Editor) -> tuple[int, str]:
    """The cursor's line and the text of that line before it."""
    cursor = editor.textCursor()
    return cursor.blockNumber(), cursor.block().text()[: cursor.positionInBlock()]


def test_a_table_is_laid_out_with_its_columns_aligned_by_their_delimiters() -> None:
    """Each column as wide as its widest cell (a Chinese character two), placed by its
    alignment; a row of fewer cells gets empty ones, one of more widens the table (its words
    kept and shown); an escaped bar stays text."""
    lines = ["Name|Age|Note", ":-|--:|:-:", "Ann|3|a \\| b", "小明 | 12", "x|y|z|more"]
    new, ends = tables.formatted(tables.read(lines))
    assert new == [
        "| Name | Age |  Note  |      |",
        "| :--- | --: | :----: | ---- |",
        "| Ann  |   3 | a \\| b |      |",
        "| 小明 |  12 |        |      |",
        "| x    |   y |   z    | more |",
    ]
    assert ends[0] == [6, 12, 20, 24]
    assert new[3][: ends[3][0]] == "| 小明"
    assert tables.width("小明a\u0301") == 5  # (a combining mark takes no column)


def test_where_a_table_is() -> None:
    """A header, a delimiter row of as many cells, rows to the paragraph's end; not a thematic
    break, not a quotation's or a list's lines, not a header of another count of cells."""
    lines = ["Some prose.", "a | b", "--|--", "1 | 2", "3 | 4"]
    assert tables.table_around(lines, 3) == (1, 5)
    assert tables.table_around(lines, 1) == (1, 5)  # (the header, its delimiter below)
    assert tables.table_around(lines, 0) is None
    assert tables.table_around(["a", "---", "b"], 2) is None  # (a heading's underline)
    assert tables.table_around(["a | b | c", "--|--", "1 | 2"], 2) is None
    assert tables.table_around(["> a | b", "> --|--"], 1) is None
    assert tables.table_around(["- a | b", "- --|--"], 1) is None


def test_tab_and_enter_move_through_the_cells_and_make_rows() -> None:
    lines = ["| a | b |", "|---|---|", "| 1 | 2 |"]
    moved = tables.tab(lines, 2, 3)  # from "1" to "2"
    assert (moved.line, moved.lines[2][: moved.column]) == (2, "| 1   | 2")
    moved = tables.tab(moved.lines, 2, moved.column)  # the last cell: a new row
    assert moved.lines[3] == "|     |     |"
    assert (moved.line, moved.column) == (3, 2)
    back = tables.tab(moved.lines, 3, 2, back=True)  # back to the row above's last
    assert (back.line, back.lines[2][: back.column]) == (2, "| 1   | 2")
    assert tables.tab(lines, 0, 2, back=True).column == len("| a")  # (the first cell stays)
    down = tables.enter(lines, 0, 7)  # from the header's "b": the first row's
    assert (down.line, down.lines[2][: down.column]) == (2, "| 1   | 2")
    new = tables.enter(lines, 2, 2)  # the last row: a new one, its first cell
    assert (new.line, new.column, len(new.lines)) == (3, 2, 4)
    ended = tables.enter(new.lines, 3, 2)  # an empty last row: the table ends
    assert ended.lines[3:] == ["", ""]
    assert (ended.line, ended.column) == (4, 0)


_CELL = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=6),
    aligns=st.lists(st.sampled_from(["---", ":--", "--:", ":-:"]), min_size=1, max_size=5),
)
def test_laying_out_keeps_every_cell_and_is_stable(rows, aligns) -> None:
    """Any cells (bars, backslashes, spaces, any script): the laid-out table holds the same
    cells in the same places (empty ones added), every line as wide, and laying it out again
    changes nothing."""
    header = rows[0] + [""] * max(0, len(aligns) - len(rows[0]))
    header = header[: len(aligns)] if len(header) > len(aligns) else header
    aligns = aligns + ["---"] * (len(header) - len(aligns))
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    if tables.table_around(lines, 0) != (0, len(lines)):
        return  # (cells whose own bars or line ends make it no table: not ours to lay out)
    before = tables.read(lines)
    new, ends = tables.formatted(before)
    after = tables.read(new)
    count = len(after.aligns)
    for old, laid_out in zip(before.rows, after.rows, strict=True):
        assert laid_out == old + [""] * (count - len(old))
    assert len({tables.width(line) for line in new}) == 1
    assert tables.formatted(after)[0] == new
    for line, row_ends, row in zip(new[:1] + new[2:], ends[:1] + ends[2:], after.rows,
                                   strict=True):
        for end, cell in zip(row_ends, row, strict=True):
            assert line[:end].endswith(cell)


def test_tab_and_enter_in_the_editor(qtbot) -> None:
    """Tab in a table goes to the next cell with the table laid out (Obsidian's Advanced
    Tables), Shift+Tab back, Tab after the last cell makes a row, Enter goes down and makes a
    row at the end, Enter on an empty last row ends the table; each one undo step. Outside a
    table and in code, Tab is what it was."""
    editor = _editor(qtbot, "Intro.\n\nName | Age\n--|--\nAnn | 3\n\n```\na | b\n--|--\n```\n")
    _at(editor, 2, 2)  # in "Name"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText().startswith(
        "Intro.\n\n| Name | Age |\n| ---- | --- |\n| Ann  | 3   |\n"
    )
    assert _where(editor) == (2, "| Name | Age")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert _where(editor) == (4, "| Ann")
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert _where(editor) == (2, "| Name | Age")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # down, same column
    assert _where(editor) == (4, "| Ann  | 3")
    type_text(qtbot, editor, "0岁")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # the last cell: a new row, aligned
    assert editor.document().findBlockByNumber(4).text() == "| Ann  | 30岁 |"
    assert editor.document().findBlockByNumber(5).text() == "|      |      |"
    assert _where(editor) == (5, "| ")
    type_text(qtbot, editor, "Ben")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the last row: a new one
    assert _where(editor) == (6, "| ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # empty: the table ends
    assert editor.toPlainText().startswith(
        "Intro.\n\n| Name | Age  |\n| ---- | ---- |\n| Ann  | 30岁 |\n| Ben  |      |\n\n\n\n```"
    )
    assert _where(editor) == (7, "")
    editor.undo()  # each key one step
    assert editor.document().findBlockByNumber(6).text() == "|      |      |"
    _at(editor, 0, 6)  # prose: Tab is a tab
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document().firstBlock().text() == "Intro.\t"
    block = editor.document().findBlockByNumber(9)
    assert block.text() == "a | b"  # in code: a tab
    _at(editor, 9, 1)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document().findBlockByNumber(9).text() == "a\t | b"


def test_insert_and_format_table_from_the_format_menu(qtbot, window) -> None:
    """Format → Insert Table writes an empty table with blank lines between it and the text,
    the cursor in its first cell; Format → Format Table (Shift+Alt+F) aligns the table at the
    cursor, and says so where there is none."""
    window.suggestions.set_enabled(False)
    editor = window.editor
    editor.setPlainText("Before.")
    laid(editor)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    window.act_insert_table.trigger()
    assert editor.toPlainText() == (
        "Before.\n\n|     |     |     |\n| --- | --- | --- |\n|     |     |     |\n"
        "|     |     |     |"
    )
    assert _where(editor) == (2, "| ")
    type_text(qtbot, editor, "Character")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document().findBlockByNumber(2).text() == "| Character |     |     |"
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Down)
    cursor.movePosition(QTextCursor.MoveOperation.Down)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.insertPlainText(" a long cell")
    qtbot.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier
                   | Qt.KeyboardModifier.AltModifier)  # fmt: skip
    assert editor.document().findBlockByNumber(4).text() == (
        "|           |     |     | a long cell |"
    )
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    window.act_format_table.trigger()
    assert window.statusBar().currentMessage() == "The cursor is not in a table."


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=2, max_size=5),
    data=st.data(),
)
def test_the_keys_keep_every_cell_and_put_the_cursor_in_a_cell(rows, data) -> None:
    """Tab, Shift+Tab and Enter anywhere in any table: its cells are all kept (a new empty row
    added, or an empty last row taken out as the table ends), and the cursor is in the table's
    lines, at the end of a cell's text or on the line after an ended table."""
    count = len(rows[0])
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * count]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    if tables.table_around(lines, 0) != (0, len(lines)):
        return
    line = data.draw(st.integers(0, len(lines) - 1))
    column = data.draw(st.integers(0, len(lines[line])))
    key = data.draw(st.sampled_from(["tab", "back", "enter"]))
    before = tables.read(lines).rows
    if key == "enter":
        moved = tables.enter(lines, line, column)
    else:
        moved = tables.tab(lines, line, column, back=key == "back")
    assert 0 <= moved.line < len(moved.lines)
    assert 0 <= moved.column <= len(moved.lines[moved.line])
    if moved.lines[-2:] == ["", ""]:  # (ended: the empty last row taken out)
        after = tables.read(moved.lines[:-2]).rows
        assert not any(before[-1])
        before = before[:-1]
    else:
        after = tables.read(moved.lines).rows
    width = max(len(r) for r in before)
    padded = [r + [""] * (width - len(r)) for r in before]
    assert after[: len(padded)] == padded
    assert all(not any(r) for r in after[len(padded):])


def test_a_tables_rows_are_shown_in_the_fixed_font_so_its_columns_align(qtbot) -> None:
    """Laid out with spaces, a table's columns lined up only in a fixed font: its rows are
    shown in the code's font (no ground), their bars tinted as marks; a paragraph with bars in
    it, and a table in code, are not table rows."""
    from tests.test_markdown import format_at
    from writer.documents import markdown as md

    editor = _editor(qtbot, "| a | b |\n| --- | --- |\n| 1 | 2 |\n\nSo a | b | c.\n\n"
                            "```\n| x | y |\n```\n")  # fmt: skip
    code = format_at(editor, 7, 2)  # (the fence's line: the code's own font)
    for line in (0, 1, 2):
        row = format_at(editor, line, 2)
        assert row.fontFamilies() == code.fontFamilies()
        assert row.background().style() == Qt.BrushStyle.NoBrush
    assert format_at(editor, 0, 0).foreground() != format_at(editor, 0, 2).foreground()
    assert format_at(editor, 4, 1).fontFamilies() != code.fontFamilies()
    assert md.table_row("| a | b |")
    assert not md.table_row("a | b")  # (without its first bar: text until laid out)
    assert not md.table_row("> | a | b |")


def test_rows_and_columns_added_taken_out_and_aligned() -> None:
    lines = ["| a | b |", "|---|--:|", "| 1 | 2 |"]
    moved = tables.add_row(lines, 0, 7)  # under the header: the first row, the same column
    assert moved.lines[2:] == ["|     |     |", "| 1   |   2 |"]
    assert (moved.line, moved.lines[2][: moved.column]) == (2, "|     |    ")  # (on the right)
    moved = tables.add_column(lines, 2, 2)  # after "1": an empty column, the cursor in it
    assert moved.lines == ["| a   |     |   b |", "| --- | --- | --: |", "| 1   |     |   2 |"]
    assert moved.lines[2][: moved.column] == "| 1   | "
    moved = tables.delete_column(lines, 2, 2)
    assert moved.lines == ["|   b |", "| --: |", "|   2 |"]
    assert tables.delete_column(moved.lines, 0, 2) is None  # (the only column stays)
    moved = tables.delete_row(lines, 2, 2)
    assert (moved.lines, moved.line) == (["| a   |   b |", "| --- | --: |"], 0)
    assert tables.delete_row(lines, 0, 2) is None  # (the header stays)
    assert tables.align_column(lines, 2, 7, "center").lines[1] == "| --- | :-: |"
    assert tables.align_column(lines, 2, 7, "left").lines[1] == "| --- | :-- |"


def test_the_table_menu(qtbot, window) -> None:
    """Format → Table: add a row and a column at the cursor, take them out, align a column,
    each one undo step; where there is nothing to do, the status bar says why."""
    window.suggestions.set_enabled(False)
    editor = window.editor
    editor.setPlainText("| Name | Age |\n| --- | --- |\n| Ann | 3 |\n| Ben | 4 |")
    laid(editor)
    _at(editor, 2, 3)  # in "Ann"
    window.act_table_add_row.trigger()
    assert editor.toPlainText().split("\n")[3] == "|      |     |"
    assert _where(editor) == (3, "| ")
    window.act_table_add_column.trigger()
    assert editor.toPlainText().split("\n")[0] == "| Name |     | Age |"
    assert _where(editor) == (3, "|      | ")
    window.act_table_align_right.trigger()
    assert editor.toPlainText().split("\n")[1] == "| ---- | --: | --- |"
    window.act_table_delete_column.trigger()
    window.act_table_delete_row.trigger()
    assert editor.toPlainText() == (
        "| Name | Age |\n| ---- | --- |\n| Ann  | 3   |\n| Ben  | 4   |"
    )
    assert _where(editor)[0] == 3  # (the row that took its place)
    editor.undo()
    assert editor.toPlainText().split("\n")[3] == "|      |     |"
    _at(editor, 0, 2)
    window.act_table_delete_row.trigger()
    assert window.statusBar().currentMessage() == "The header row stays: a table needs one."
    editor.setPlainText("Prose.")
    window.act_table_add_row.trigger()
    assert window.statusBar().currentMessage() == "The cursor is not in a table."
    assert editor.toPlainText() == "Prose."
    assert window.table_menu.menuAction().isEnabled()
    assert window.act_table_align_center in window.table_menu.actions()


def test_shift_enter_in_a_cell_is_a_line_break_the_table_keeps(qtbot) -> None:
    """Shift+Enter in a table's cell broke the row in two (the table ended there): it writes
    "<br>", the line break GitHub shows in a cell, as Typora does; outside a table it is what
    it was (a line's break)."""
    editor = _editor(qtbot, "| a | b |\n| --- | --- |\n| one | two |\n\nProse")
    _at(editor, 2, 5)  # after "one"
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert editor.document().findBlockByNumber(2).text() == "| one<br> | two |"
    type_text(qtbot, editor, "more")
    assert editor.document().findBlockByNumber(2).text() == "| one<br>more | two |"
    editor.undo()
    editor.undo()
    assert editor.document().findBlockByNumber(2).text() == "| one | two |"
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert "<br>" not in editor.toPlainText()


def test_a_row_of_dashes_is_a_row_and_another_block_ends_the_table() -> None:
    """(The review's.) A row "| - | - |" (no value) was taken for a second table's delimiter
    row: Tab under it made its cells "---" and laid out only the rows after it. A heading, a
    fence, a thematic break or an HTML block right under a table ends it (GitHub's rule): Tab
    made "# Next chapter" a row, and the chapter left the outline."""
    lines = ["| Name | Score |", "| --- | --- |", "| Ann | 3 |", "| - | - |", "| Bob | 4 |"]
    assert tables.table_around(lines, 4) == (0, 5)
    moved = tables.tab(lines, 4, 3)
    assert moved.lines[3] == "| -    | -     |"
    assert moved.lines[2] == "| Ann  | 3     |"
    for after in ("# Next chapter", "```", "***", "<div>", "<!-- note -->"):
        lines = ["| a | b |", "| --- | --- |", "| 1 | 2 |", after]
        assert tables.table_around(lines, 2) == (0, 3), after
        assert tables.table_around(lines, 3) is None, after
    assert tables.table_around(["| a | b |", "| --- | --- |", "<b>x</b> | y"], 2) == (0, 3)


def test_moving_through_a_laid_out_table_changes_nothing(qtbot) -> None:
    """Tab, Shift+Tab and Enter from cell to cell of a table laid out already, and Format
    Table on it, made undo steps that changed nothing and left the document modified (to be
    saved, its title starred): they move the cursor alone; a key that changes the table is
    one step still."""
    from writer.ui import markdown as ui_markdown

    text = "| 🐟 fish | b   |\n| ------- | --- |\n| x       | y   |\n"
    editor = _editor(qtbot, text)
    doc = editor.document()
    doc.clearUndoRedoStacks()
    doc.setModified(False)
    _at(editor, 0, 2)  # in "🐟 fish"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.textCursor().position() == len("| 🐟 fish | b") + 1  # (the fish counts two)
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().position() == len("| 🐟 fish") + 1
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # down, the same column
    assert _where(editor) == (2, "| x")
    assert ui_markdown.format_table(editor, editor.markdown)
    assert editor.toPlainText() == text
    assert not doc.isModified()
    assert not doc.isUndoAvailable()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # after the last cell: a new row, one step
    assert doc.isModified()
    assert editor.toPlainText() == text.replace("y   |\n", "y   |\n|         |     |\n")
    editor.undo()
    assert editor.toPlainText() == text
    assert not doc.isUndoAvailable()


def test_no_suggestion_comes_by_itself_in_a_tables_row(qtbot, scripted_assist, scripted) -> None:
    """(look31's.) In a table's row a ghost of prose is seldom what the cell holds, and Tab,
    which goes to the next cell, took it instead (a second Tab took a suggested row): none
    comes there by itself; Ctrl+Space still asks; in the paragraph after, they come again."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    editor.set_markdown(True)
    editor.setPlainText("| Name | Role |\n| --- | --- |\n| Mara | ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    quiet = suggestions.quieted
    assert suggestions.request_now() is None
    assert suggestions.quieted == quiet + 1
    scripted.enqueue("continuation", ["keeper"])
    assert suggestions.ask() is not None  # (asked: it comes)
    wait_until(lambda: editor.ghost_text == "keeper")
    editor.clear_ghost()
    suggestions.dismiss()
    editor.appendPlainText("\nThe keeper ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    scripted.enqueue("continuation", ["climbed"])
    assert suggestions.request_now() is not None


def test_a_tables_indentation_is_kept_on_every_line_it_lays_out(qtbot) -> None:
    """GFM reads a table indented up to 3 spaces: Tab, Enter, Format Table and the Table
    menu's edits took its indentation away; every line they lay out keeps the header's."""
    from writer.ui import markdown as ui_markdown

    lines = ["   Name|Age", "   --|--", "   Ann|3"]
    new, ends = tables.formatted(tables.read(lines))
    assert new == ["   | Name | Age |", "   | ---- | --- |", "   | Ann  | 3   |"]
    assert new[0][: ends[0][1]] == "   | Name | Age"
    moved = tables.tab(new, 2, len(new[2]) - 1)  # after the last cell: a new row
    assert moved.lines[3] == "   |      |     |"
    assert moved.lines[3][: moved.column] == "   | "
    ended = tables.enter(moved.lines, 3, moved.column)
    assert ended.lines[:3] == new
    assert tables.add_column(new, 0, 5).lines[1] == "   | ---- | --- | --- |"
    editor = _editor(qtbot, "Prose.\n\n  a | b\n  --|--\n  1 | 2\n")
    _at(editor, 4, 3)  # in "1"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "Prose.\n\n  | a   | b   |\n  | --- | --- |\n  | 1   | 2   |\n"
    assert _where(editor) == (4, "  | 1   | 2")
    editor.setPlainText(" | a | b |\n |--|--|\n | 1 | 2 |")
    _at(editor, 2, 4)
    assert ui_markdown.format_table(editor, editor.markdown)
    assert editor.toPlainText() == " | a   | b   |\n | --- | --- |\n | 1   | 2   |"
    assert _where(editor) == (2, " | 1")


def test_bars_typed_over_an_empty_row_are_the_bars_there(qtbot) -> None:
    """A writer used to typing bars types "| Mara | Role |" over the empty row Tab made (the
    cursor in its first cell): the first bar made an empty first cell and the others more
    cells, the table widened at the next Tab. A bar typed in a row being filled is the bar
    there already (the first cell's own, else the next, stepped over); where a cell ahead
    holds text, after a backslash, after the row's last bar and outside a table it goes in."""
    row = "|     |     |"
    assert tables.typed_bar(row, 2) == 2  # (the first cell's own bar: the cursor stays)
    assert tables.typed_bar(row, 0) == 1  # (before it: stepped over)
    assert tables.typed_bar(row, 4) == 7  # (the first cell's closing bar)
    assert tables.typed_bar(row, len(row)) is None  # (after the last: a column added)
    assert tables.typed_bar("| a\\    |     |", 4) is None  # (escaped: text)
    editor = _editor(qtbot, "| Name | Role |\n| --- | --- |\n| Ann | cook |\n\nProse | x")
    _at(editor, 2, len("| Ann | cook"))
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # a new empty row, the cursor in its first cell
    assert _where(editor) == (3, "| ")
    type_text(qtbot, editor, "| Mara | Role |")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    doc = editor.document()
    assert [doc.findBlockByNumber(n).text() for n in (3, 4)] == [
        "| Mara | Role |",
        "|      |      |",
    ]
    assert _where(editor) == (4, "| ")
    type_text(qtbot, editor, "| Ben |")  # the first cell's text and its closing bar
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # (from the second cell: a new row)
    assert doc.findBlockByNumber(4).text() == "| Ben  |      |"
    assert _where(editor) == (5, "| ")
    type_text(qtbot, editor, "| | x |")  # an empty first cell, typed
    assert tables.read(editor.toPlainText().split("\n")[:6]).rows[-1] == ["", "x"]
    assert editor.document().isUndoAvailable()
    _at(editor, 2, len("| Ann  |"))  # a cell ahead holds text: the bar goes in
    type_text(qtbot, editor, "|")
    assert doc.findBlockByNumber(2).text() == "| Ann  || cook |"
    _at(editor, 7, len("Prose "))  # no table: as typed
    type_text(qtbot, editor, "|")
    assert doc.findBlockByNumber(7).text() == "Prose || x"


def test_a_cells_bounds_leave_its_bars_out() -> None:
    line = "| Mara | a \\| b |"
    assert tables.cell_bounds(line, 3) == (1, 7)
    left, right = tables.cell_bounds(line, 10)
    assert line[left:right] == " a \\| b "  # (an escaped bar is text)


_EDIT_CELL = st.sampled_from(["", "a", "Mara", "灯塔", "x\\|y", "a long cell of words", "é"])


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    rows=st.lists(st.lists(_EDIT_CELL, min_size=1, max_size=4), min_size=2, max_size=6),
    aligns=st.lists(st.sampled_from(["---", ":--", ":-:", "--:"]), min_size=1, max_size=4),
    edits=st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 4), _EDIT_CELL, st.integers(0, 2)),
        max_size=8,
    ),
    indent=st.sampled_from(["", "  "]),
)
def test_the_layout_kept_between_keys_lays_out_as_reading_the_whole_table(
    rows, aligns, edits, indent
) -> None:
    """The layout the keys keep from one key to the next (rows' cells by their text, their
    laid-out lines while the columns stay) gives what reading and laying out the whole table
    gives, after any cells changed, rows added or taken out, alignments changed (the
    editor's own `Layout`, which reads and lays out again only the rows changed since)."""
    layout = tables.Layout()
    lines = [indent + "| " + " | ".join(rows[0]) + " |", indent + "|" + "|".join(aligns) + "|"]
    lines += [indent + "| " + " | ".join(row) + " |" for row in rows[1:]]
    for row, cell, text, other in [(0, 0, "", 0), *edits]:
        if tables.table_around(lines, 0) == (0, len(lines)):
            laid = layout.of(lines)
            table = tables.read(lines)
            assert laid.table == table
            assert (laid.lines, laid.ends) == tables.formatted(table)
            with_row = tables.Table([*table.rows, [""] * max(len(table.aligns), 1)],
                                    table.aligns, table.indent)  # fmt: skip
            new, ends = tables.formatted(with_row)
            extra = laid.at(len(table.rows), 0, extra=True)
            assert (extra.lines, extra.column) == (new, ends[-1][0])
            lines = laid.lines  # (laid out, as the keys leave it)
        index = min(row, len(lines) - 1)
        if other == 1 and index > 1:  # a row taken out, one added, or a cell changed
            del lines[index]
        elif other == 2 and index > 1:
            lines.insert(index, indent + "| " + text + " | " + text + " |")
        elif index == 1:
            lines[1] = indent + "|" + "|".join(reversed(aligns)) + "|"
        else:
            found = tables.cells(lines[index])
            found[min(cell, len(found) - 1)] = text
            lines[index] = indent + "| " + " | ".join(found) + " |"


def test_a_key_in_a_table_laid_out_reads_only_the_rows_changed_since(monkeypatch) -> None:
    """Tab and Enter read and laid out every row at every key (47 ms a key at 4,900 rows):
    in a table laid out by the key before, only the rows changed since are read again (and
    the delimiter row, for the alignments)."""
    lines = ["| Name | Role |", "| --- | --- |"] + [f"| Mara {n} | keeper |" for n in range(300)]
    layout = tables.Layout()  # (an editor's own)
    moved = tables.tab(lines, 150, 3, layout=layout)
    read_again: list[str] = []
    cells = tables.cells

    def spy(line: str) -> list[str]:
        read_again.append(line)
        return cells(line)

    monkeypatch.setattr(tables, "cells", spy)
    lines = list(moved.lines)
    lines[moved.line] = lines[moved.line].replace("keeper", "keeper!")  # typed in the cell
    again = tables.tab(lines, moved.line, moved.column + 1, layout=layout)
    assert sorted(read_again) == sorted([lines[1], lines[moved.line]])  # (aligns, the row typed)
    assert again == tables._moved(lines, moved.line, 0)  # (the next row's first cell)
    read_again.clear()
    then = tables.enter(again.lines, again.line, again.column, layout=layout)
    assert read_again == [again.lines[1]]  # (nothing changed since: the lines laid are the lines)
    assert then.lines == again.lines


def _big_table(rows: int, cell: str = "keeper") -> str:
    lines = ["| Name | Role |", "| --- | --- |"] + [f"| Mara {n} | {cell} |" for n in range(rows)]
    return "\n".join(tables.formatted(tables.read(lines))[0])


def test_a_key_in_a_long_table_reads_only_the_lines_changed_since(qtbot, monkeypatch) -> None:
    """Tab and Enter in a table of 4,900 rows still read every line above and below the
    cursor (up to 5,000 each way) to find the table's ends at each key, most of the 15 ms a
    key left: the table the last key was in is kept with its ends (`TableSeen`), and a key
    reads again only the lines changed since."""
    from writer.ui import markdown as markdown_ui

    editor = _editor(qtbot, "Intro.\n\n" + _big_table(300) + "\n\nAfter.")
    _at(editor, 2 + 150, 4)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # (the table found, and kept)
    read: list[str] = []
    is_row = tables.is_row

    def spy(line: str) -> bool:
        read.append(line)
        return is_row(line)

    monkeypatch.setattr(tables, "is_row", spy)
    type_text(qtbot, editor, "!")  # in the cell
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert read == [editor.document().findBlockByNumber(2 + 150).text()]  # (the line typed in)
    assert editor.document().findBlockByNumber(2 + 150).text().startswith("| Mara 148 | keeper!")
    read.clear()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # (a key that changed nothing: nothing read)
    assert read == []  # (the key before widened a column: every line laid out, and kept so)
    assert _where(editor) == (2 + 152, "| Mara 150")
    # an edit outside the table: found again, whole
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.insertText("More ")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert len(read) > 300
    assert isinstance(editor.markdown.table_seen, markdown_ui.TableSeen)


def test_each_editor_keeps_its_own_tables_layout(qtbot, monkeypatch) -> None:
    """The layout kept between keys was one for every editor: a key in another window's
    table of other widths made the next key here lay every row out again. Each editor keeps
    its own."""
    first = _editor(qtbot, "Intro.\n\n" + _big_table(300) + "\n\nAfter.")
    second = _editor(qtbot, "Intro.\n\n" + _big_table(200, "a much longer role") + "\n")
    _at(first, 2 + 150, 4)
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    _at(second, 2 + 100, 4)
    qtbot.keyClick(second, Qt.Key.Key_Tab)
    laid_again: list[str] = []
    row_line = tables._row_line

    def spy(*args):
        laid_again.append(args[0])
        return row_line(*args)

    monkeypatch.setattr(tables, "_row_line", spy)
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert laid_again == []  # (nothing changed in this editor's table)
    assert _where(first) == (2 + 151, "| Mara 149")
    assert first.markdown.table_seen.layout is not second.markdown.table_seen.layout


_EDIT = st.sampled_from(["x", "|", "\n", " ", "-", "| a | b |", "\n\n", "# ", ":-", "\n| c |",
                         "wide cell", "tab", "enter", "back", "undo"])  # (the last four: keys)


@settings(max_examples=fuzz_examples(40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # (an editor each)
@given(
    rows=st.integers(1, 6),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), _EDIT, st.floats(0, 1)), max_size=8
    ),
)
def test_the_table_kept_between_keys_is_the_table_found_whole(qtbot, rows, edits) -> None:
    """The table the last key was in, kept with its ends and read again only where the text
    changed (`TableSeen`), is the table found reading the lines around the cursor whole, after
    any edits, keys and undos in it, at its ends or around it; and the editor's own layout lays it
    out as reading it whole does (the same text and cursor)."""
    from writer.ui import markdown as markdown_ui

    editor = _editor(qtbot, "Intro.\n\n" + _big_table(rows) + "\n\nAfter.")
    highlighter = editor.markdown
    document = editor.document()

    def found(at: float) -> None:
        cursor = editor.textCursor()
        cursor.setPosition(round(at * (document.characterCount() - 1)))
        editor.setTextCursor(cursor)
        kept = markdown_ui._table(editor, highlighter)
        seen, highlighter.table_seen = highlighter.table_seen, markdown_ui.TableSeen()
        whole = markdown_ui._table(editor, highlighter)
        highlighter.table_seen = seen
        if whole is None:
            assert kept is None
            return
        assert kept is not None
        assert (kept[0].number, kept[1], kept[2]) == (whole[0].number, whole[1], whole[2])
        lines, i = kept[1], kept[2]
        column = len(lines[i]) // 2
        assert tables.tab(lines, i, column, layout=seen.layout) == tables.tab(lines, i, column)
        assert tables.enter(lines, i, column, layout=seen.layout) == tables.enter(lines, i,
                                                                                  column)

    found(0.5)
    for where, removed, text, at in edits:
        cursor = QTextCursor(document)
        place = round(where * (document.characterCount() - 1))
        cursor.setPosition(place)
        if text in ("tab", "enter", "back", "undo"):  # a key at `where`
            editor.setTextCursor(cursor)
            if text == "undo":
                editor.undo()
            else:
                markdown_ui.table_key(editor, highlighter, text)
            found(at)
            continue
        cursor.setPosition(min(place + removed, document.characterCount() - 1),
                           QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
        cursor.insertText(text)
        found(at)
        found(0.5)
