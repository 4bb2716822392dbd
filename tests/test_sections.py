"""Sections moved and their headings' levels changed: Format → Move Section Up/Down, Promote
and Demote Section, from the text and from the Outline (its keys, its menu, a heading dragged)
(writer/documents/sections.py, writer/ui/sections.py)."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.conftest import fuzz_examples, wait_until
from writer.documents import sections

BOOK = """A note before any heading.

# Part One

Opening.

## Chapter 1

Rain.

### Scene

A door.

## Chapter 2

```
# not a heading
```

Sun.

# Part Two

Ending."""


def _apply(lines: list[str], done: sections.Rewritten) -> list[str]:
    return lines[: done.first] + done.lines + lines[done.last :]


def test_a_section_moves_past_its_sibling_with_all_under_it() -> None:
    """Chapter 2 goes above Chapter 1 (its "# not a heading" in code is no heading), Chapter 1
    takes its scene with it; the blank lines stay between sections; the first and last
    sections under a heading go no further (Chapter 1 never leaves Part One)."""
    lines = BOOK.split("\n")
    found = sections.headings(lines)
    assert [h.text for h in found] == ["Part One", "Chapter 1", "Scene", "Chapter 2", "Part Two"]
    done = sections.move(lines, 3, down=False)
    assert "\n".join(_apply(lines, done)) == BOOK.replace(
        "## Chapter 1\n\nRain.\n\n### Scene\n\nA door.\n\n## Chapter 2\n\n```\n# not a heading\n"
        "```\n\nSun.\n\n",
        "## Chapter 2\n\n```\n# not a heading\n```\n\nSun.\n\n## Chapter 1\n\nRain.\n\n"
        "### Scene\n\nA door.\n\n",
    )
    assert (done.line, done.column) == (6, 0)  # on the heading moved
    assert sections.move(lines, 1, down=False) is None  # the first chapter of its part
    assert sections.move(lines, 3, down=True) is None  # the last one
    assert sections.move(lines, 2, down=True) is None  # the only scene
    # the last part goes up past the first: it gets a blank line before the part after it,
    # and the document still ends without one
    done = sections.move(lines, 4, down=False, cursor=(len(lines) - 1, 3))
    new = _apply(lines, done)
    assert new[:6] == ["A note before any heading.", "", "# Part Two", "", "Ending.", ""]
    assert new[6] == "# Part One"
    assert new[-1] == "Sun."
    assert (done.line, done.column) == (4, 3)  # the cursor on the same character


def test_a_section_dropped_anywhere_keeps_every_line() -> None:
    lines = BOOK.split("\n")
    found = sections.headings(lines)
    done = sections.move_to(lines, 2, len(lines))  # the scene to the end
    new = _apply(lines, done)
    assert new[-3:] == ["### Scene", "", "A door."]
    assert new[-5:-3] == ["Ending.", ""]
    assert sections.move_to(lines, 1, found[2].line - 1) is None  # inside itself
    assert sections.move_to(lines, 1, found[3].line - 1) is None  # where it is


def test_promote_and_demote_a_section_with_every_heading_under_it() -> None:
    lines = BOOK.split("\n")
    done = sections.shift(lines, 1, 1, cursor=(6, 5))  # Chapter 1, the cursor after "## Ch"
    new = _apply(lines, done)
    assert new[6] == "### Chapter 1"
    assert new[10] == "#### Scene"
    assert new[14] == "## Chapter 2"  # (not in the section)
    assert (done.line, done.column) == (6, 6)  # still after "Ch"
    assert sections.shift(lines, 0, -1) is None  # "#" is the top
    deep = ["###### Deep", "", "text"]
    assert sections.shift(deep, 0, 1) is None
    setext = ["Title", "=====", "", "x", "", "Sub", "---", "", "y"]
    assert _apply(setext, sections.shift(setext, 0, 1)) == [
        "Title", "-----", "", "x", "", "### Sub", "", "y"]  # fmt: skip
    two = ["A title over", "two lines", "---", "", "z"]
    done = sections.shift(two, 0, 1, cursor=(4, 1))
    assert _apply(two, done) == ["### A title over two lines", "", "z"]
    assert (done.line, done.column) == (2, 1)  # (the line it was on moved up with the text)
    # a title under a "---" that would be read as front matter once made "### text"
    with pytest.raises(sections.Unsafe):
        sections.shift(["---", "text", "---", "---"], 0, 1)


_LINE = st.one_of(
    st.sampled_from(["", "", "text", "more text", "```", "    # code", "---", "==="]),
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 4), st.sampled_from("ABCD")),
)


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=30), data=st.data())
def test_moves_keep_every_line_and_a_shift_is_undone_by_its_opposite(lines, data) -> None:
    """Any move keeps each non-blank line, the cursor on the heading moved; a section's
    headings one level down and up again are as they were."""
    found = sections.headings(lines)
    if not found:
        return
    index = data.draw(st.integers(0, len(found) - 1))
    kept = Counter(line for line in lines if line.strip())
    for down in (False, True):
        try:
            done = sections.move(lines, index, down)
        except sections.Unsafe:
            continue
        if done is not None:
            new = _apply(lines, done)
            assert Counter(line for line in new if line.strip()) == kept
            assert new[done.line] == lines[found[index].line - 1]  # the cursor on the heading
    to = data.draw(st.integers(0, len(lines)))
    try:
        done = sections.move_to(lines, index, to)
    except sections.Unsafe:
        done = None
    if done is not None:
        assert Counter(line for line in _apply(lines, done) if line.strip()) == kept
    try:
        shifted = sections.shift(lines, index, 1)
    except sections.Unsafe:  # (a title under a "---" read as front matter once "###")
        shifted = None
    if shifted is not None:
        back = sections.shift(_apply(lines, shifted), index, -1)
        assert back is not None
        again = _apply(_apply(lines, shifted), back)
        atx = all(lines[h.line - 1].lstrip().startswith("#") for h in found)
        if atx:
            assert again == lines


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(count=st.integers(2, 5), data=st.data())
def test_a_section_moved_up_and_down_again_is_where_it_was(count, data) -> None:
    """Sections separated by one blank line, the last without one after it (a document as
    written): up then down is the same text."""
    body = [f"## S{i}\n\nText {i}." for i in range(count)]
    lines = ("Intro.\n\n" + "\n\n".join(body)).split("\n")
    index = data.draw(st.integers(1, count - 1))
    up = sections.move(lines, index, down=False)
    moved = _apply(lines, up)
    down = sections.move(moved, index - 1, down=True)
    assert _apply(moved, down) == lines


def _window(qtbot, window, text: str):
    window.settings.update(suggestions_enabled=False)
    editor = window.editor
    editor.setPlainText(text)
    editor.setFocus()
    return editor


def _put(editor, line: int, column: int = 0) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(line).position() + column)
    editor.setTextCursor(cursor)


def test_the_format_menu_moves_the_cursors_section_in_one_undo_step(qtbot, window) -> None:
    editor = _window(qtbot, window, BOOK)
    _put(editor, 20, 1)  # in Chapter 2's "Sun."
    assert window.act_section_up.shortcut().toString() == "Alt+Shift+Up"
    window.act_section_up.trigger()
    text = editor.toPlainText()
    assert text.index("## Chapter 2") < text.index("## Chapter 1")
    assert editor.textCursor().block().text() == "Sun."
    assert editor.textCursor().positionInBlock() == 1
    window.act_demote_section.trigger()
    assert "### Chapter 2" in editor.toPlainText()
    editor.undo()
    editor.undo()
    assert editor.toPlainText() == BOOK  # each one undo step
    _put(editor, 20)
    window.act_section_up.trigger()
    window.act_section_up.trigger()  # the first under Part One already: said, not moved
    assert window.statusBar().currentMessage() == (
        "This is the first section at its level under its heading.")  # fmt: skip
    _put(editor, 0)
    window.act_section_down.trigger()
    assert window.statusBar().currentMessage() == (
        "The cursor is above the first heading: it is in no section.")  # fmt: skip
    editor.setPlainText(BOOK)
    _put(editor, 8, 2)  # in "Rain.": Chapter 1 and its scene, selected
    window.act_select_section.trigger()
    assert editor.textCursor().selectedText().replace("\u2029", "\n") == (
        "## Chapter 1\n\nRain.\n\n### Scene\n\nA door.")  # fmt: skip
    _put(editor, 2)
    window.act_promote_section.trigger()
    assert window.statusBar().currentMessage().startswith("Headings go from # to ######")
    editor.setPlainText("# A\n\n# B")  # (the first line a heading: its section moves)
    _put(editor, 0)
    window.act_section_down.trigger()
    assert editor.toPlainText() == "# B\n\n# A"


def test_the_outline_moves_its_selected_heading_and_takes_a_drop(qtbot, window) -> None:
    """With the keys in the Outline, the section commands act on the heading selected there
    (not where the cursor is), and the moved heading stays selected for the next key; its
    right-click menu has them; a heading dragged above another takes its section there."""
    editor = _window(qtbot, window, BOOK)
    _put(editor, 0)
    window.act_outline.trigger()
    outline = window.outline
    tree = outline.tree
    qtbot.waitUntil(tree.hasFocus, timeout=5000)
    part_one = tree.topLevelItem(0)
    tree.setCurrentItem(part_one.child(1))  # Chapter 2, the cursor still in the note above
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    part_one = tree.topLevelItem(0)
    assert [part_one.child(i).text(0) for i in range(2)] == ["Chapter 2", "Chapter 1"]
    assert tree.currentItem().text(0) == "Chapter 2"
    assert tree.hasFocus()
    assert editor.textCursor().block().text() == "## Chapter 2"
    tree.setCurrentItem(tree.topLevelItem(1))  # Part Two, down: nothing after it
    qtbot.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert window.statusBar().currentMessage() == (
        "This is the last section at its level under its heading.")  # fmt: skip
    assert outline.menu_actions == [window.act_section_up, window.act_section_down,
                                    window.act_promote_section, window.act_demote_section,
                                    window.act_select_section]  # fmt: skip
    # a right click selects the heading it is on: the commands act on that one
    chapter_1 = tree.topLevelItem(0).child(1)
    assert tree.currentItem() is not chapter_1
    tree.customContextMenuRequested.emit(tree.visualItemRect(chapter_1).center())
    assert tree.currentItem() is chapter_1
    menu = outline.context_menu
    qtbot.waitUntil(menu.isVisible)
    assert menu.actions() == outline.menu_actions
    menu.close()
    assert editor.textCursor().block().text() == "## Chapter 1"
    editor.setFocus()  # (wherever the keys are when the command is chosen)
    outline.menu_actions[0].trigger()  # Move Section Up: Chapter 1 above Chapter 2 again
    text = editor.toPlainText()
    assert text.index("## Chapter 1") < text.index("## Chapter 2")
    editor.undo()
    # a drop: Part Two above Part One
    outline._dropped(tree.topLevelItem(1), tree.topLevelItem(0), "above")
    text = editor.toPlainText()
    assert text.startswith("A note before any heading.\n\n# Part Two\n\nEnding.\n\n# Part One")
    assert text.endswith("A door.")  # (Part One as the Outline left it)
    assert tree.topLevelItem(0).text(0) == "Part Two"
    # the scene dropped below Part Two's row (after its section, the document's end)
    scene = tree.topLevelItem(1).child(1).child(0)
    assert scene.text(0) == "Scene"
    outline._dropped(scene, tree.topLevelItem(0), "below")
    lines = editor.toPlainText().split("\n")
    assert lines[2:7] == ["# Part Two", "", "Ending.", "", "### Scene"]
    editor.undo()
    editor.undo()
    editor.undo()
    assert editor.toPlainText() == BOOK


def test_a_drop_after_the_text_changed_moves_the_heading_dragged(qtbot, window) -> None:
    """The tree is read again after a pause in the typing: a drop before then finds its
    headings by their titles in the text as it is now."""
    editor = _window(qtbot, window, BOOK)
    window.act_outline.trigger()
    outline = window.outline
    qtbot.waitUntil(outline.tree.hasFocus, timeout=5000)
    tree = outline.tree
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.insertText("# Front\n\nA new first part.\n\n")
    assert outline._timer.isActive()  # (not read yet)
    outline._dropped(tree.topLevelItem(1), tree.topLevelItem(0), "above")  # Part Two above One
    text = editor.toPlainText()
    assert text.index("# Front") < text.index("# Part Two") < text.index("# Part One")


def _long_book(qtbot, window):
    """A manuscript long enough that the Outline reads it on a thread, the Outline shown and
    read; the outline module, whose readings a test may watch."""
    from writer.ui import outline as outline_module

    body = ("A long paragraph of the manuscript goes on. " * 20 + "\n\n") * 40
    chapters = "".join(f"## Chapter {n}\n\n{body}" for n in range(1, 11))
    assert len(chapters) > outline_module.LONG_CHARS
    editor = _window(qtbot, window, "# The Book\n\n" + chapters)
    window.act_outline.trigger()
    outline = window.outline
    qtbot.waitUntil(lambda: not outline._owed() and outline.tree.topLevelItemCount() == 1,
                    timeout=10000)  # fmt: skip
    wait_until(lambda: not editor.markdown.pending, 10000)  # (sections read around the cursor)
    return editor, outline, outline_module


def _chapters(outline) -> list[str]:
    top = outline.tree.topLevelItem(0)
    return [top.child(i).text(0) for i in range(top.childCount())]


def test_a_section_command_takes_the_outlines_headings_from_its_edit(
    qtbot, window, monkeypatch
) -> None:
    """Move Section Up or Down, Promote and Demote read the whole document's headings again
    after their edit, on the window's thread, for the Outline (a 2 MB manuscript: some tens
    of ms a key); the headings around the edit, read by the command, and the rest moved by
    it are taken (as a drop's are), the text not read again."""
    editor, outline, outline_module = _long_book(qtbot, window)
    readings: list[str] = []
    real = outline_module.headings_of
    monkeypatch.setattr(outline_module, "headings_of", lambda text, limit: (
        readings.append(threading.current_thread().name), real(text, limit))[1])
    editor.setFocus()
    _put(editor, editor.document().find("## Chapter 2").blockNumber(), 3)
    window.act_section_down.trigger()
    assert _chapters(outline)[:3] == ["Chapter 1", "Chapter 3", "Chapter 2"]
    assert outline.tree.currentItem().text(0) == "Chapter 2"
    window.act_demote_section.trigger()
    top = outline.tree.topLevelItem(0)
    assert top.child(1).child(0).text(0) == "Chapter 2"  # (a "###" under Chapter 3 now)
    assert readings == []

    def read_as_it_is() -> None:
        fresh = real(editor.toPlainText(), outline_module.MAX_ROWS)
        assert [(h.level, h.text, h.line) for h in outline.headings] == [
            (h.level, h.text, h.line) for h in fresh]  # fmt: skip

    read_as_it_is()
    cursor = editor.textCursor()  # a reading owed (a new first part) when the key comes:
    cursor.movePosition(QTextCursor.MoveOperation.Start)  # read at once, on its thread
    cursor.insertText("# Front\n\nA new first part.\n\n")
    _put(editor, editor.document().find("## Chapter 5").blockNumber(), 3)
    window.act_section_up.trigger()
    qtbot.waitUntil(lambda: not outline._owed(), timeout=10000)
    assert readings
    assert "MainThread" not in readings
    read_as_it_is()


def test_a_row_clicked_while_a_reading_is_owed_waits_for_the_thread(
    qtbot, window, monkeypatch
) -> None:
    """A click on a row, a section command on the row selected and the panel shown, with the
    headings' reading owed (the text changed in the pause before it), read the whole long
    document on the window's thread (a 2 MB manuscript: 20 ms to 0.3 s, the click held); they
    wait for the reading, begun at once on its thread, and act on the text as it is then."""
    editor, outline, outline_module = _long_book(qtbot, window)
    readings: list[str] = []
    real = outline_module.headings_of
    monkeypatch.setattr(outline_module, "headings_of", lambda text, limit: (
        readings.append(threading.current_thread().name), real(text, limit))[1])

    def owed() -> None:  # (a new first part: each heading's line moves)
        cursor = editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        cursor.insertText("# Front\n\nA new first part.\n\n")
        assert outline._timer.isActive() or not outline.isVisible()

    owed()
    tree = outline.tree
    tree.itemClicked.emit(tree.topLevelItem(0).child(1), 0)  # Chapter 2
    qtbot.waitUntil(lambda: editor.textCursor().block().text() == "## Chapter 2", timeout=10000)
    assert readings
    assert "MainThread" not in readings
    owed()
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus, timeout=5000)
    tree.setCurrentItem(tree.topLevelItem(1).child(2))  # Chapter 3
    window.act_section_up.trigger()
    qtbot.waitUntil(lambda: editor.toPlainText().index("## Chapter 3")
                    < editor.toPlainText().index("## Chapter 2"), timeout=10000)  # fmt: skip
    window.act_outline.trigger()  # (hidden)
    owed()  # (not read while hidden)
    readings.clear()
    window.act_outline.trigger()  # shown: read on its thread
    qtbot.waitUntil(lambda: outline.tree.topLevelItemCount() == 3, timeout=10000)
    assert readings
    assert "MainThread" not in readings


def test_two_section_commands_on_the_row_while_a_reading_is_owed_act_in_turn(
    qtbot, window, monkeypatch
) -> None:
    """Two presses of Move Section Up on a row of the Outline, a reading owed: both waited
    for it, then ran one after the other; where the first's edit left the headings to be
    read again (a book of more headings than the Outline lists, MAX_ROWS: read on its
    thread), the second acted on the headings from before the first, and moved the section
    where the row's heading had been (Chapter 2, back under Chapter 3). Each waits for the
    headings as the text is when its turn comes."""
    editor, outline, outline_module = _long_book(qtbot, window)
    monkeypatch.setattr(outline_module, "MAX_ROWS", 6)  # (the book's first six listed)
    cursor = editor.textCursor()  # a reading owed (a new first part)
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.insertText("# Front\n\nA new first part.\n\n")
    assert outline._timer.isActive()
    tree = outline.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus, timeout=5000)
    tree.setCurrentItem(tree.topLevelItem(0).child(2))  # Chapter 3 (the rows as read before)
    assert tree.currentItem().text(0) == "Chapter 3"
    window.act_section_up.trigger()
    window.act_section_up.trigger()
    assert outline._owed()  # (both wait)

    def order() -> list[int]:
        text = editor.toPlainText()
        return sorted((1, 2, 3), key=lambda n: text.index(f"## Chapter {n}\n"))

    qtbot.waitUntil(lambda: order() == [3, 1, 2], timeout=10000)
    qtbot.waitUntil(lambda: not outline._owed(), timeout=10000)
    assert order() == [3, 1, 2]


def test_the_outline_counts_each_sections_words_with_those_under_it(qtbot, window) -> None:
    """Each heading's row shows its section's words, its scenes' included (Scrivener's
    outliner), counted after a pause a piece at a time; words typed in a paragraph are counted
    again; Chinese by characters."""
    editor = _window(qtbot, window, BOOK)
    window.act_outline.trigger()
    outline = window.outline
    tree = outline.tree
    wait_until(lambda: tree.topLevelItem(0) is not None and tree.topLevelItem(0).text(1) != "")
    part_one = tree.topLevelItem(0)
    # each with its heading's words: Part One "Part One" 2 + "Opening." 1; Chapter 1 2 +
    # "Rain." 1 + Scene 1 + "A door." 2; Chapter 2 2 + "not a heading" 3 (code) + "Sun." 1
    assert part_one.child(0).child(0).text(1) == "3"
    assert part_one.child(0).text(1) == "6"
    assert part_one.child(1).text(1) == "6"
    assert part_one.text(1) == "15"
    assert tree.topLevelItem(1).text(1) == "3"
    assert outline.counts == [15, 6, 3, 6, 3]
    assert "6 words" in part_one.child(0).toolTip(0)
    # the sections and the note before them add up to the status bar's count
    wait_until(lambda: not window.word_count.counting and window.word_count.words == 23)
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().find("Ending.").selectionEnd())
    cursor.insertText(" The lamp went out")
    wait_until(lambda: tree.topLevelItem(1).text(1) == "7")
    editor.setPlainText("# 第一章\n\n林间的小路。\n\n## 第一节\n\n风雨。")
    wait_until(lambda: outline.counts == [13, 5])


def test_the_outline_counts_again_what_was_written_while_it_was_hidden(qtbot, window) -> None:
    editor = _window(qtbot, window, "# One\n\nTwo words.")
    window.act_outline.trigger()
    tree = window.outline.tree
    wait_until(lambda: tree.topLevelItem(0) is not None and tree.topLevelItem(0).text(1) == "3")
    window.outline.hide()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText(" And three more.")
    window.outline.show()
    wait_until(lambda: tree.topLevelItem(0).text(1) == "6")


def test_sections_alike_swapped_leave_the_text_as_it_was(qtbot) -> None:
    """Two sections with the same text (two "## Scene" placeholders): moving one past the
    other changes no line, and the editor got a blank line put in at the top, one undo step
    that did nothing a writer asked for."""
    from writer.ui import sections as ui_sections
    from writer.ui.editor import Editor

    text = "# Book\n\n## Scene\n\n## Scene\n"
    editor = Editor()
    qtbot.addWidget(editor)
    editor.setPlainText(text)
    cursor = editor.textCursor()
    cursor.setPosition(text.index("## Scene") + 3)
    editor.setTextCursor(cursor)
    assert ui_sections.section_edit(editor, "down") is None
    assert editor.toPlainText() == text
    assert editor.textCursor().blockNumber() == 4  # (on the heading that went down)
    lines = ["# A", "", "", "## B", "b", "", ""]
    done = sections.move_to(lines, 1, 1)  # (B up into A's blank lines: two taken out)
    editor.setPlainText("\n".join(lines))
    ui_sections.rewrite(editor, done)
    assert editor.toPlainText() == "\n".join(_apply(lines, done))


def test_the_outlines_counts_follow_a_change_of_theme(qtbot, window) -> None:
    """The counts' dimmed colour was set when a row was made: a theme changed (light to dark)
    left the old one, dark grey on the dark ground, until the rows were made again. It
    follows the palette."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from writer.ui import theme

    _window(qtbot, window, BOOK)
    window.act_outline.trigger()
    tree = window.outline.tree
    wait_until(lambda: tree.topLevelItem(0) is not None and tree.topLevelItem(0).text(1) != "")
    was = window.settings.theme
    try:
        for shade in ("dark", "light"):
            theme.apply(shade)
            wanted = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            wait_until(lambda w=wanted: window.outline.palette().color(
                QPalette.ColorRole.PlaceholderText) == w)  # (the change, an event)
            dim = window.outline.palette().color(QPalette.ColorRole.PlaceholderText)
            item = tree.topLevelItem(0)
            assert (item.foreground(1).color().name(), item.child(0).foreground(1).color().name()
                    ) == (dim.name(), dim.name()), shade  # fmt: skip
    finally:
        theme.apply(was)


@pytest.mark.parametrize("name", ["up", "down", "promote", "demote"])
def test_a_section_command_reads_the_headings_once_and_checks_them_once(
    qtbot, monkeypatch, name: str
) -> None:
    """A section command read the document's headings twice before checking the text it made
    (a 2 MB manuscript's took 50 ms a reading): once, then once to check, and the text is what
    reading them again gave."""
    from writer.ui import sections as ui_sections
    from writer.ui.editor import Editor

    text = "# Book\n\n## One\n\none\n\n## Two\n\ntwo\n\n### Two a\n\n## Three\n"
    expected = Editor()
    qtbot.addWidget(expected)
    expected.setPlainText(text)
    cursor = expected.textCursor()
    cursor.setPosition(text.index("## Two") + 3)
    expected.setTextCursor(cursor)
    lines = text.split("\n")
    found = sections.headings(lines)
    line = lines.index("## Two")
    index = sections.section_at(found, line)
    if name in ("up", "down"):
        done = sections.move(lines, index, name == "down", (line, 3))
    else:
        done = sections.shift(lines, index, 1 if name == "demote" else -1, (line, 3))
    ui_sections.rewrite(expected, done)
    readings: list[int] = []
    outline = sections.outline

    def counted(text: str, limit: int | None = None):
        readings.append(len(text))
        return outline(text, limit)

    monkeypatch.setattr(sections, "outline", counted)
    editor = Editor()
    qtbot.addWidget(editor)
    editor.setPlainText(text)
    place = editor.textCursor()
    place.setPosition(text.index("## Two") + 3)
    editor.setTextCursor(place)
    assert ui_sections.section_edit(editor, name) is None
    assert len(readings) == 2
    assert editor.toPlainText() == expected.toPlainText()
    assert editor.textCursor().position() == expected.textCursor().position()


_TRICKY = st.sampled_from([
    "", "", "", "text", "more text", "```", "~~~", "    # code", "---", "===", "- item",
    "  # in item", "<!--", "-->", "text <!-- open", "<pre>", "</pre>", "<div>", "> quote",
    "# A", "## B", "## C", "### D", "# A <!-- x", "Title", "...",
])


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(lines=st.lists(_TRICKY, min_size=1, max_size=40), data=st.data())
def test_the_check_reads_only_what_changed_and_judges_as_reading_the_whole_text(
    lines, data
) -> None:
    """A section command's check read the whole new text's headings (50 ms on 2 MB): it reads
    from the heading before the lines changed after which the reading depends on nothing
    before, to the first such heading after them; its verdict is the whole text's reading's,
    for any move and shift in any text (fences, comments, HTML, lists, front matter)."""
    found = sections.headings(lines)
    if not found:
        return
    index = data.draw(st.integers(0, len(found) - 1))
    checks: list[tuple] = []
    checked = sections._checked

    def whole(lines_, done, expected, found_):  # (the check as it was: the whole text read)
        new = lines_[: done.first] + done.lines + lines_[done.last :]
        ok = sorted((h.level, h.text) for h in sections.headings(new)) == sorted(expected)
        try:
            checked(lines_, done, expected, found_)
        except sections.Unsafe:
            checks.append((False, ok))
            raise
        checks.append((True, ok))
        return done

    to = data.draw(st.integers(0, len(lines)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sections, "_checked", whole)
        for command in (lambda: sections.move(lines, index, False),
                        lambda: sections.move(lines, index, True),
                        lambda: sections.move_to(lines, index, to),
                        lambda: sections.shift(lines, index, 1),
                        lambda: sections.shift(lines, index, -1)):  # fmt: skip
            with contextlib.suppress(sections.Unsafe):
                command()
    for verdict, whole_verdict in checks:
        assert verdict == whole_verdict


@pytest.mark.parametrize("name", ["up", "down", "promote", "demote"])
def test_a_section_commands_check_reads_only_the_sections_it_changed(
    monkeypatch, name: str
) -> None:
    """The check of a section command read the whole new text's headings again (50 ms on
    2 MB): it reads the lines the command changed and the headings around them, and still
    refuses what reading the whole text refuses (a fence left open at the end)."""
    chapters = [f"## Chapter {n}\n\nText of chapter {n}.\n" for n in range(200)]
    lines = ("# Book\n\n" + "\n".join(chapters)).split("\n")
    found = sections.headings(lines)
    index = next(i for i, h in enumerate(found) if h.text == "Chapter 100")
    readings: list[int] = []
    outline = sections.outline

    def counted(text: str, limit: int | None = None):
        readings.append(text.count("\n") + 1)
        return outline(text, limit)

    monkeypatch.setattr(sections, "outline", counted)
    if name in ("up", "down"):
        done = sections.move(lines, index, name == "down", None, found)
    else:
        done = sections.shift(lines, index, 1 if name == "demote" else -1, None, found)
    assert done is not None
    assert len(readings) == 1
    assert readings[0] <= 16  # (the two chapters swapped, or the one shifted, and a heading
    # on each side: of 801 lines)
    # a fence left open in the last section, moved up: every heading after it swallowed
    lines[-1:] = ["```", "left open"]
    found = sections.headings(lines)
    with pytest.raises(sections.Unsafe):
        sections.move(lines, len(found) - 1, False, None, found)


def _commands(lines, index, line, found):
    """Each section command's result on heading `index` with the headings `found`."""
    results = []
    for name, command in (
        ("up", lambda: sections.move(lines, index, False, (line, 0), found)),
        ("down", lambda: sections.move(lines, index, True, (line, 0), found)),
        ("demote", lambda: sections.shift(lines, index, 1, (line, 0), found)),
        ("promote", lambda: sections.shift(lines, index, -1, (line, 0), found)),
    ):
        try:
            results.append((name, command()))
        except sections.Unsafe:
            results.append((name, "unsafe"))
    return results


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(lines=st.lists(_TRICKY, min_size=1, max_size=40), data=st.data())
def test_the_headings_read_around_a_section_do_as_the_whole_documents(lines, data) -> None:
    """A section command read the whole document's headings to find its section (25 to 50 ms
    on 2 MB): it reads outward from the cursor's line, from an anchor (an ATX heading after a
    blank line) before what it may change to one after; each command then does what it did with
    the whole document's headings, in any text (fences, comments, HTML, lists, front matter)."""
    whole = sections.headings(lines)
    anchors = {h.line - 1 for h in whole if sections._anchor(lines, h)}
    line = data.draw(st.integers(0, len(lines) - 1))
    index = sections.section_at(whole, line)
    for name in ("up", "down", "promote"):
        found = sections.around(lines, line, anchors.__contains__, name == "up", name == "down")
        assert [h for h in whole if h in found] == found  # (a run of the whole reading's)
        near = sections.section_at(found, line)
        assert (near is None) == (index is None)
        if index is None:
            continue
        assert found[near] == whole[index]
        expected = dict(_commands(lines, index, line, whole))[name]
        assert dict(_commands(lines, near, line, found))[name] == expected


def test_a_section_command_reads_the_headings_around_the_cursor_only(
    qtbot, monkeypatch
) -> None:
    """A section command read the whole document's headings to find its section (25 to 50 ms
    on a 2 MB manuscript): where the highlighting has laid the text, it reads outward from the
    cursor to a heading on each side past what it changes, and does what it did."""
    from writer.ui import sections as ui_sections
    from writer.ui.editor import Editor

    chapters = [f"## Chapter {n}\n\nText of chapter {n}.\n\n```\n# not a heading\n```\n"
                for n in range(200)]  # fmt: skip
    text = "---\ntitle: Book\n---\n\n# Book\n\n" + "\n".join(chapters)
    where = text.index("## Chapter 100") + 3
    readings: list[int] = []
    outline = sections.outline

    def counted(text: str, limit: int | None = None):
        readings.append(text.count("\n") + 1)
        return outline(text, limit)

    for name in ("up", "down", "promote", "demote", "select"):
        expected = Editor()  # (plain, no highlighting: the whole document's headings read)
        editor = Editor()
        for each in (expected, editor):
            qtbot.addWidget(each)
            each.setPlainText(text)
            cursor = each.textCursor()
            cursor.setPosition(where)
            each.setTextCursor(cursor)
        editor.set_markdown(True)
        wait_until(lambda editor=editor: not editor.markdown.pending, 10_000)
        assert ui_sections.section_edit(expected, name) is None
        readings.clear()
        with monkeypatch.context() as patch:
            patch.setattr(sections, "outline", counted)
            assert ui_sections.section_edit(editor, name) is None
        assert readings
        assert readings[0] <= 30, name  # (of 1,606 lines)
        assert editor.toPlainText() == expected.toPlainText()
        assert editor.textCursor().position() == expected.textCursor().position()
        assert editor.textCursor().anchor() == expected.textCursor().anchor()


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(lines=st.lists(_TRICKY, min_size=1, max_size=30), data=st.data())
def test_the_highlightings_anchors_are_the_whole_readings(qapp, lines, data) -> None:
    """The anchors a section command reads outward to are known by the highlighting's states
    (a "# x" line in a fence, a comment or an HTML block is none): each command does in the
    editor what it does with the whole document's headings read."""
    from writer.ui import sections as ui_sections
    from writer.ui.editor import Editor

    text = "\n".join(lines)
    line = data.draw(st.integers(0, len(lines) - 1))
    name = data.draw(st.sampled_from(["up", "down", "promote", "demote", "select"]))
    editors = (Editor(), Editor())  # (plain: the whole document's headings read; Markdown)
    results = []
    for each in editors:
        each.setPlainText(text)
        if each is editors[1]:
            each.set_markdown(True)
            wait_until(lambda each=each: not each.markdown.pending, 10_000)
        cursor = each.textCursor()
        cursor.setPosition(each.document().findBlockByNumber(line).position())
        each.setTextCursor(cursor)
        results.append((ui_sections.section_edit(each, name), each.toPlainText(),
                        each.textCursor().position(), each.textCursor().anchor()))
        each.deleteLater()
    assert results[1] == results[0]


@pytest.mark.parametrize("top", ["---\ntitle: Book\n---\n", "---\n"])
def test_a_section_near_a_front_matter_or_a_first_scene_break_is_read_around_too(
    qtbot, top: str
) -> None:
    """Under a first "---" (a front matter, or a chapter's first scene break) the check reads
    the text to its end (the front matter's end may be the edit's), but the headings read
    around the section stopped at the anchor after it: Demote Section and Move Section Up on
    "# B" said the text would read differently."""
    from writer.ui import sections as ui_sections
    from writer.ui.editor import Editor

    text = top + "".join(f"\n# {name}\n\n{name.lower()}\n" for name in "ABCDE")
    lines = text.split("\n")
    whole = sections.headings(lines)
    anchors = {h.line - 1 for h in whole if sections._anchor(lines, h)}
    line = lines.index("# B")
    for name in ("up", "down", "promote"):
        found = sections.around(lines, line, anchors.__contains__, name == "up", name == "down")
        expected = dict(_commands(lines, sections.section_at(whole, line), line, whole))[name]
        assert dict(_commands(lines, sections.section_at(found, line), line, found))[name] == (
            expected
        ), name
    for name in ("up", "demote"):
        editors = (Editor(), Editor())  # (plain: the whole document's headings read; Markdown)
        for each in editors:
            qtbot.addWidget(each)
            each.setPlainText(text)
            each.set_markdown(each is editors[1])
            if each.markdown is not None:
                wait_until(lambda each=each: not each.markdown.pending, 10_000)
            cursor = each.textCursor()
            cursor.setPosition(each.document().findBlockByNumber(line).position())
            each.setTextCursor(cursor)
        assert [ui_sections.section_edit(each, name) for each in editors] == [None, None], name
        assert editors[1].toPlainText() == editors[0].toPlainText()


def test_a_long_section_is_read_around_once_not_again_at_each_anchor(monkeypatch) -> None:
    """The headings around a section were read again, whole, at each anchor the run grew by:
    Select Section on a "# Book" over 1,500 chapters (3 MB) read some 7,000,000 lines, 50 s
    of a held window, where reading the whole document takes 50 ms. The run's lines are read
    about once."""
    chapters = [f"## Chapter {n}\n\nText of chapter {n}.\n" for n in range(300)]
    lines = ("# Book\n\n" + "\n".join(chapters) + "\n# Appendix\n\nEnd.\n").split("\n")
    whole = sections.headings(lines)
    anchors = {h.line - 1 for h in whole if sections._anchor(lines, h)}
    read: list[int] = []
    outline = sections.outline

    def counted(text: str, limit: int | None = None):
        read.append(text.count("\n") + 1)
        return outline(text, limit)

    monkeypatch.setattr(sections, "outline", counted)
    last = lines.index("# Appendix")
    for line, up, down in ((0, False, False), (0, False, True), (last, True, False)):
        read.clear()
        found = sections.around(lines, line, anchors.__contains__, up, down)
        assert found[sections.section_at(found, line)] == whole[sections.section_at(whole, line)]
        assert sum(read) <= 2 * len(lines), (line, up, down)


def _drop(lines, found, line, target, before):
    """`drop_section`'s move with the headings `found`: the text it makes, or why not."""
    index, at = (next((i for i, h in enumerate(found) if h.line - 1 == n), None)
                 for n in (line, target))  # fmt: skip
    if index is None or (target is not None and at is None):
        return "none"
    to = len(lines) if target is None else (
        target if before else sections.span(found, at, len(lines))[1])
    try:
        return sections.move_to(lines, index, to, (line, 0), found)
    except sections.Unsafe:
        return "unsafe"


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(lines=st.lists(_TRICKY, min_size=1, max_size=40), data=st.data())
def test_the_headings_read_around_a_drop_do_as_the_whole_documents(lines, data) -> None:
    """An Outline's drop read the whole document's headings (25 to 50 ms on 2 MB): it reads
    around the section dragged and the heading it is dropped at (or to the end), and moves
    what it moved with the whole document's headings, in any text."""
    whole = sections.headings(lines)
    if not whole:
        return
    anchors = {h.line - 1 for h in whole if sections._anchor(lines, h)}
    line = data.draw(st.sampled_from(whole)).line - 1
    target = data.draw(st.one_of(st.none(), st.sampled_from(whole)))
    target = None if target is None else target.line - 1
    before = data.draw(st.booleans())
    found = sections.around(lines, line, anchors.__contains__,
                            reach=len(lines) if target is None else target)  # fmt: skip
    assert [h for h in whole if h in found] == found  # (a run of the whole reading's)
    done = _drop(lines, found, line, target, before)
    assert done == _drop(lines, whole, line, target, before)
    if isinstance(done, sections.Rewritten):  # (the Outline takes the headings it read again)
        text = lines[: done.first] + done.lines + lines[done.last :]
        assert done.headings_after(whole) == sections.headings(text)


def test_an_outline_drop_reads_the_headings_around_its_sections_only(
    qtbot, monkeypatch
) -> None:
    """A heading dragged in the Outline read the whole document's headings (50 ms a drop in
    2 MB): where the highlighting has laid the text, it reads around the section dragged and
    the heading dropped at, and moves what it moved."""
    from writer.ui import sections as ui_sections
    from writer.ui.editor import Editor

    chapters = [f"## Chapter {n}\n\nText of chapter {n}.\n\n```\n# not a heading\n```\n"
                for n in range(200)]  # fmt: skip
    text = "# Book\n\n" + "\n".join(chapters)
    lines = text.split("\n")
    readings: list[int] = []
    outline = sections.outline

    def counted(text: str, limit: int | None = None):
        readings.append(text.count("\n") + 1)
        return outline(text, limit)

    for dragged, target, before in ((100, 103, True), (100, 98, False), (100, None, True),
                                    (103, 100, True)):  # fmt: skip
        line = lines.index(f"## Chapter {dragged}")
        at = None if target is None else lines.index(f"## Chapter {target}")
        expected = Editor()  # (plain, no highlighting: the whole document's headings read)
        editor = Editor()
        for each in (expected, editor):
            qtbot.addWidget(each)
            each.setPlainText(text)
        editor.set_markdown(True)
        wait_until(lambda editor=editor: not editor.markdown.pending, 10_000)
        assert ui_sections.drop_section(expected, line, at, before)
        readings.clear()
        with monkeypatch.context() as patch:
            patch.setattr(sections, "outline", counted)
            assert ui_sections.drop_section(editor, line, at, before)
        assert readings
        # (of 1,602 lines; a drop at the end reads from the section dragged to the end)
        assert max(readings) <= (60 if target is not None else 900), (dragged, target)
        assert editor.toPlainText() == expected.toPlainText()


def test_an_outline_drop_takes_the_headings_read_around_it_not_the_whole_documents(
    qtbot, window, monkeypatch
) -> None:
    """After a heading dropped in the Outline, the panel read the whole document's headings
    again on the window's thread (some tens of ms in 2 MB): it takes those the drop read
    around its sections, the rest moved by the edit, and they are the whole reading's."""
    from writer.documents import markdown

    chapters = [f"## Chapter {n}\n\nText of chapter {n}. 😀\n\n```\n# not a heading\n```\n"
                for n in range(200)]  # fmt: skip
    editor = _window(qtbot, window, "# Book\n\n" + "\n".join(chapters) + "\n## \n\nEnd.")
    window.act_outline.trigger()
    outline = window.outline
    wait_until(lambda: not editor.markdown.pending and not outline._owed(), 10_000)
    tree = outline.tree
    readings: list[int] = []
    whole = markdown.outline

    def counted(text: str, limit: int | None = None):
        if limit != 1:  # (not the untitled window's title: its opening heading, `title_of`)
            readings.append(text.count("\n") + 1)
        return whole(text, limit)

    for dragged, target, where in ((100, 103, "above"), (50, 47, "below"), (120, 122, "on")):
        # (the highlighting has laid the lines the last drop moved: the drop reads around)
        wait_until(lambda: not editor.markdown.pending, 10_000)
        book = tree.topLevelItem(0)  # (the rows are made again at each drop)
        titles = [book.child(i).text(0) for i in (dragged, target)]
        readings.clear()
        with monkeypatch.context() as patch:
            patch.setattr(markdown, "outline", counted)
            patch.setattr(sections, "outline", counted)
            outline._dropped(book.child(dragged), book.child(target), where)
        assert readings
        assert max(readings) <= 60, (dragged, target)  # (of 1,604 lines)
        assert not outline._owed()
        assert outline.headings == markdown.headings_of(editor.toPlainText())
        shown = [h.text for h in outline.headings]
        assert shown.index(titles[0]) == shown.index(titles[1]) + (-1 if where == "above" else 1)
        book = tree.topLevelItem(0)
        assert [book.child(i).text(0) for i in range(book.childCount())] == shown[1:]
