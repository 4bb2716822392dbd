"""Format → Move Section Up / Down, Promote Section and Demote Section (Alt+Shift+Up, Down,
Left, Right, as in Word's outline view), in the text and in the Outline panel, whose headings
may also be dragged: the section (a heading and what is under it, `writer.documents.sections`)
is moved or its headings' levels changed in the editor's document as one undo step, the
cursor kept on the same character where it was in the section, on its heading otherwise. The
section is found by reading the headings outward from the cursor (`sections.around`), where the
highlighting has laid every line; the whole document's otherwise."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QTextCursor

from writer.assist.context import char_index, qt_length
from writer.documents import markdown, sections
from writer.documents.markdown import Heading
from writer.ui.editor import Editor
from writer.ui.palette import lines_of
from writer.ui.steps import end_step

# why a section command did nothing (the window says it)
NO_SECTION = "none"  # the cursor is above the first heading
NO_SIBLING = "sibling"  # no section of the same level there, under the same heading
NO_LEVEL = "level"  # a heading would go past "#" or "######"
BUSY = "busy"  # a rewrite or an input method holds the text
UNSAFE = "unsafe"  # the text would read differently (a heading no longer one)


_ATX_FIRST = re.compile(r"#{1,6}(?:[ \t]|$)")


def _headings_for(editor: Editor, lines: list[str], line: int, name: str,
                  reach: int | None = None) -> list[Heading]:  # fmt: skip
    """The headings command `name` on the section at line `line` needs (a drop's: those to
    the heading on line `reach` and its section, or to the end where `reach` is the lines'
    count): read outward from the line (`sections.around`) where the highlighting has laid
    every line (its states say which "#" lines after a blank line are headings), else the
    whole document's."""
    highlighter = editor.markdown
    if highlighter is None or highlighter.pending:
        return sections.headings(lines)
    document = editor.document()

    def anchor(n: int) -> bool:
        text = lines[n]
        if text[:1] != "#" or lines[n - 1].strip() or "<!--" in text or not _ATX_FIRST.match(text):
            return False
        block = document.findBlockByNumber(n)
        return (highlighter.state_before(block) == markdown.NORMAL
                and not highlighter.in_front_matter(block))  # fmt: skip

    return sections.around(lines, line, anchor, name == "up", name == "down", reach)


def _cursor_place(editor: Editor) -> tuple[int, int]:
    cursor = editor.textCursor()
    block = cursor.block()
    return block.blockNumber(), char_index(block.text(), cursor.positionInBlock())


def section_edit(
    editor: Editor, name: str, line: int | None = None,
    done: Callable[[sections.Rewritten], None] | None = None,
) -> str | None:
    """`name` ("up", "down", "promote", "demote", "select") on the section of the heading on
    line `line` (from 0; the section the cursor is in where None). None once done, else why not
    (NO_SECTION, NO_SIBLING, NO_LEVEL, BUSY, UNSAFE). `done`: given the edit made (whose
    headings around it were read again: `Rewritten.headings_after`)."""
    surface = editor.surface
    if editor.isReadOnly() or surface.rewriting or surface.composing:
        return BUSY
    lines = lines_of(editor.document()).split("\n")
    # (asked from the Outline: the cursor goes with the heading, which the Outline then shows
    # selected for the next key)
    place = _cursor_place(editor) if line is None else (line, 0)
    found = _headings_for(editor, lines, place[0], name)
    index = sections.section_at(found, place[0])
    if index is None:
        return NO_SECTION
    if name == "select":
        _select(editor, lines, *sections.span(found, index, len(lines)))
        return None
    try:  # (the headings read once here, around the section)
        if name in ("up", "down"):
            made = sections.move(lines, index, name == "down", place, found)
        else:
            made = sections.shift(lines, index, 1 if name == "demote" else -1, place, found)
    except sections.Unsafe:
        return UNSAFE
    if made is None:
        return NO_SIBLING if name in ("up", "down") else NO_LEVEL
    rewrite(editor, made)
    if done is not None:
        done(made)
    return None


def _select(editor: Editor, lines: list[str], first: int, end: int) -> None:
    """Lines `first`..`end` selected, from the heading's start to the end of the section's
    last line that is not blank (the cursor there)."""
    while end - 1 > first and not lines[end - 1].strip():
        end -= 1
    doc = editor.document()
    last = doc.findBlockByNumber(end - 1)
    cursor = editor.textCursor()
    cursor.setPosition(doc.findBlockByNumber(first).position())
    cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()


def drop_section(editor: Editor, line: int, target: int | None, before: bool
                 ) -> sections.Rewritten | None:  # fmt: skip
    """The section of the heading on line `line` (from 0) moved before the heading on line
    `target` (`before`) or after that heading's section, or to the document's end (`target`
    None), as the Outline's drag and drop asks: the edit made, whose headings around it were
    read again (`Rewritten.headings_after`). None where it stays (dropped on itself or inside
    itself, or the text held)."""
    surface = editor.surface
    if editor.isReadOnly() or surface.rewriting or surface.composing:
        return None
    lines = lines_of(editor.document()).split("\n")
    # (read around the two sections, not the whole document's: 50 ms a drop in 2 MB)
    found = _headings_for(editor, lines, line, "drop", len(lines) if target is None else target)
    index, at = (next((i for i, heading in enumerate(found) if heading.line - 1 == number), None)
                 for number in (line, target))  # fmt: skip
    if index is None or (target is not None and at is None):
        return None
    if target is None:
        to = len(lines)
    else:
        to = target if before else sections.span(found, at, len(lines))[1]
    try:
        done = sections.move_to(lines, index, to, _cursor_place(editor), found)
    except sections.Unsafe:
        return None
    if done is None:
        return None
    rewrite(editor, done)
    return done


def rewrite(editor: Editor, done: sections.Rewritten) -> None:
    """The document's lines `done.first`..`done.last` made `done.lines`, one undo step, the
    cursor where `done` says, shown."""
    doc = editor.document()
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    text = "\n".join(done.lines)
    if not done.lines and done.last > done.first:  # (lines taken out, their line ends too)
        after = doc.findBlockByNumber(done.last)
        if after.isValid():
            cursor.setPosition(doc.findBlockByNumber(done.first).position())
            cursor.setPosition(after.position(), QTextCursor.MoveMode.KeepAnchor)
        else:  # (the document's last lines: the line end before them goes)
            before = doc.findBlockByNumber(done.first).previous()
            cursor.setPosition(before.position() + before.length() - 1 if before.isValid() else 0)
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    elif not done.lines:  # (the text as it was: two sections alike swapped; the cursor moves)
        pass
    elif done.last > done.first:
        last = doc.findBlockByNumber(done.last - 1)
        cursor.setPosition(doc.findBlockByNumber(done.first).position())
        cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
    elif done.first < doc.blockCount():  # (lines put in before line `first`)
        cursor.setPosition(doc.findBlockByNumber(done.first).position())
        text += "\n"
    else:  # (after the last line)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        text = "\n" + text
    cursor.insertText(text)
    block = doc.findBlockByNumber(done.line)
    place = block.position() + qt_length(block.text()[: done.column])
    end_step(cursor, place)
    cursor.endEditBlock()
    shown = editor.textCursor()
    shown.setPosition(place)
    editor.setTextCursor(shown)
    editor.ensureCursorVisible()
