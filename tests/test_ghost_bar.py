"""The suggestion's toolbar over the ghost text, with the pointer over it (VS Code's inline
suggestion toolbar on hover): writer/ui/ghost_bar.py."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from tests.conftest import wait_until


def _ghost(scripted_assist, scripted, pieces: list[str], text: str = "The cat"):
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.enqueue("continuation", pieces)
    editor.setPlainText(text)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    suggestions.request_now()
    wait_until(lambda: suggestions.pending is None and bool(editor.ghost_text))
    return editor, suggestions


def _over_ghost(editor, offset: int = 2) -> QPoint:
    """A point of the viewport over the ghost's character `offset`."""
    point = editor.ghost_point(offset)
    return QPoint(point.x() + 2, point.y() - 4)  # (ghost_point: the line's bottom)


def test_the_bar_shows_over_the_ghost_and_its_buttons_do_what_the_keys_do(
    qtbot, scripted_assist, scripted
) -> None:
    editor, suggestions = _ghost(scripted_assist, scripted, [" sat", " on the mat."])
    bar = scripted_assist.bar
    assert not bar.isVisible()
    assert editor.ghost_line_at(QPoint(1, 1)) is None  # (not over the ghost: nothing)
    qtbot.mouseMove(editor.viewport(), _over_ghost(editor))
    wait_until(bar.isVisible)
    line = editor.ghost_line_at(_over_ghost(editor))
    assert bar.geometry().bottom() < line.top() or bar.geometry().top() > line.bottom()
    assert not editor.viewport().hasFocus() or editor.hasFocus()  # (the text keeps the keys)
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus
               for b in (bar.previous, bar.next, bar.accept, bar.accept_word))  # fmt: skip
    assert bar.accept.text() == "Accept (Tab)"
    qtbot.mouseClick(bar.accept_word, Qt.MouseButton.LeftButton)
    assert editor.toPlainText() == "The cat sat"  # the next word, as Ctrl+Right
    wait_until(lambda: not bar.isVisible())  # (the suggestion moved on: the bar goes)
    assert editor.ghost_text == " on the mat."
    qtbot.mouseMove(editor.viewport(), _over_ghost(editor, 3))
    wait_until(bar.isVisible)
    qtbot.mouseClick(bar.accept, Qt.MouseButton.LeftButton)
    assert editor.toPlainText() == "The cat sat on the mat."  # all of it, as Tab
    wait_until(lambda: not bar.isVisible())


def test_the_bar_goes_when_the_pointer_leaves_and_counts_the_alternatives(
    qtbot, scripted_assist, scripted
) -> None:
    editor, suggestions = _ghost(scripted_assist, scripted, [" sat on the mat."])
    bar = scripted_assist.bar
    qtbot.mouseMove(editor.viewport(), _over_ghost(editor))
    wait_until(bar.isVisible)
    assert not bar.count.isVisible()
    scripted.enqueue_alternatives([" sat on the mat.", " ran away.", " slept."])
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)  # as Alt+]
    wait_until(lambda: editor.ghost_text == " ran away.")
    assert bar.isVisible()  # (the next one in the same place: the bar stays)
    assert bar.count.text() == "2/3"
    qtbot.mouseClick(bar.previous, Qt.MouseButton.LeftButton)
    wait_until(lambda: editor.ghost_text == " sat on the mat.")
    assert bar.count.text() == "1/3"
    far = QPoint(5, editor.viewport().height() - 5)
    qtbot.mouseMove(editor.viewport(), far)
    wait_until(lambda: not bar.isVisible())
    assert editor.ghost_text == " sat on the mat."  # (the suggestion stays)
    # no bar during a rewrite or over no ghost
    suggestions.dismiss()
    wait_until(lambda: not editor.ghost_text)
    qtbot.mouseMove(editor.viewport(), QPoint(40, 10))
    assert not bar.isVisible()


def test_on_the_first_line_the_bar_goes_under_the_whole_ghost(qtbot, scripted_assist, scripted):
    """With no room above the line, the bar went under the line pointed at: a ghost wrapping
    onto the next line had its words there covered (and their clicks taken)."""
    editor = scripted_assist.editor
    editor.resize(320, 400)
    long = " climbed the spiral stairs to the lamp room and lit the great lamp once more"
    editor, _suggestions = _ghost(scripted_assist, scripted, [long], text="The keeper")
    first = editor.ghost_point(1).y()
    last = editor.ghost_point(len(long)).y()
    assert last > first  # (it wraps)
    bar = scripted_assist.bar
    qtbot.mouseMove(editor.viewport(), _over_ghost(editor, 2))
    wait_until(bar.isVisible)
    assert bar.geometry().top() >= last


def test_the_bar_never_covers_a_word_of_a_wrapping_ghost(qtbot, scripted_assist, scripted):
    """Pointed at on its second line, the bar went over the line above: the ghost's first."""
    editor = scripted_assist.editor
    editor.resize(320, 400)
    long = " climbed the spiral stairs to the lamp room and lit the great lamp once more"
    editor, _suggestions = _ghost(scripted_assist, scripted, [long],
                                  text="Night.\n\nThe keeper")  # fmt: skip
    top = editor.ghost_point(0).y() - editor.fontMetrics().height()
    last = editor.ghost_point(len(long)).y()
    second = QPoint(editor.ghost_point(len(long) - 2).x() - 6, last - 4)
    assert editor.ghost_line_at(second) is not None
    bar = scripted_assist.bar
    qtbot.mouseMove(editor.viewport(), second)
    wait_until(bar.isVisible)
    geometry = bar.geometry()
    assert geometry.bottom() < top or geometry.top() >= last


def test_the_bar_goes_when_the_text_is_laid_out_again(qtbot, scripted_assist, scripted) -> None:
    """Zoomed with the keys (Ctrl+=) or the window resized with the pointer resting, the ghost
    moved and the bar stayed where it was, over other words, until the pointer moved."""
    editor, _suggestions = _ghost(scripted_assist, scripted, [" sat on the mat."],
                                  "word " * 40 + "The cat")  # fmt: skip
    bar = scripted_assist.bar
    for change in (lambda: editor.zoomIn(4),
                   lambda: editor.resize(editor.width() * 2 // 3, editor.height())):  # fmt: skip
        qtbot.mouseMove(editor.viewport(), _over_ghost(editor))
        wait_until(bar.isVisible)
        change()
        wait_until(lambda: not bar.isVisible())
        assert editor.ghost_text == " sat on the mat."  # (the suggestion stays)
