"""The token list at a word of a suggestion, in the real editor on the real starter model:
Alt+Down and a click open it, the keys move and pick, a pick keeps the text before the word and
makes the rest again, Esc leaves the suggestion; inside an alternative too; and the suggestion
that showed stays one of the alternatives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.conftest import wait_until
from tests.test_editor import ask_alternatives, wait_for_ghost
from writer.generation.alternatives import relative_confidence
from writer.ui.editor import Editor
from writer.ui.surface import Shown

PROSE = "The history of the city begins in the twelfth century, when a"
ALT = Qt.KeyboardModifier.AltModifier


def _ghost(qtbot, editor: Editor, assist) -> str:
    editor.setPlainText(PROSE)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assist.suggestions.ask()
    return wait_for_ghost(qtbot, editor)


def _open(qtbot, editor: Editor) -> list[str]:
    qtbot.keyClick(editor, Qt.Key.Key_Down, ALT)
    view = editor.token_list
    assert view is not None
    wait_until(view.isVisible, 5000)
    return view.labels


def test_alt_down_lists_the_first_words_options(qtbot, editor: Editor, assist) -> None:
    ghost = _ghost(qtbot, editor, assist)
    labels = _open(qtbot, editor)
    place = assist.choices.place
    assert place is not None
    assert place.start == 0
    options = assist.suggestions.options_at(place)
    assert 2 <= len(labels) == len(options) <= 8
    assert [o.prob for o in options] == sorted((o.prob for o in options), reverse=True)
    assert labels[0].startswith("1.  ")
    assert labels[0].endswith("●")
    assert sum(label.endswith("●") for label in labels) == 1
    assert f"{options[1].prob:.0%}" in labels[1]
    # Esc closes the list and leaves the suggestion as it was
    qtbot.keyClick(editor.token_list.list, Qt.Key.Key_Escape)
    assert editor.token_list is None or not editor.token_list.isVisible()
    assert editor.ghost_text == ghost
    assert assist.suggestions.pending is None


def test_after_a_word_and_its_space_the_first_word_can_be_chosen(
    qtbot, editor: Editor, assist
) -> None:
    """The commonest place to ask: the writer typed "when a " and paused. The first token spells
    the typed space again (token healing), and its list is offered, not the second word's."""
    editor.setPlainText(PROSE + " ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assist.suggestions.ask()
    ghost = wait_for_ghost(qtbot, editor)
    assert not ghost.startswith(" ")
    _open(qtbot, editor)
    place = assist.choices.place
    assert place is not None
    assert (place.start, place.typed) == (0, " ")
    options = assist.suggestions.options_at(place)
    assert len(options) >= 2
    assert all(o.text.startswith(" ") and o.text.strip() for o in options)
    first = next(i for i, c in enumerate(ghost + " ") if not c.isalnum())
    labels = editor.token_list.labels
    current = [label for label in labels if label.endswith("●")]
    assert len(current) == 1
    assert ghost[:first] in current[0]
    other = next(i for i, o in enumerate(options) if o.text.strip() != ghost[:first])
    assist.choices.pick(other)
    wait_until(lambda: editor.ghost_visible and not assist.suggestions.streaming, 20_000)
    assert editor.ghost_text.startswith(options[other].text[1:])
    assert editor.toPlainText() == PROSE + " "


def test_picking_at_a_later_word_keeps_the_text_before_it(
    qtbot, editor: Editor, assist, monkeypatch
) -> None:
    ghost = _ghost(qtbot, editor, assist)
    _open(qtbot, editor)
    view = editor.token_list
    qtbot.keyClick(view.list, Qt.Key.Key_Right)
    qtbot.keyClick(view.list, Qt.Key.Key_Right)
    place = assist.choices.place
    assert place is not None
    assert place.start > 0
    option = assist.suggestions.options_at(place)[1]
    submitted: list = []
    worker = assist.suggestions.worker
    monkeypatch.setattr(worker, "submit", _spy(worker.submit, submitted))
    qtbot.keyClick(view.list, Qt.Key.Key_2)  # the digit picks the second
    assert not view.isVisible()
    assert len(submitted) == 1
    wait_until(lambda: assist.suggestions.pending is None)
    new = editor.ghost_text
    assert new[: place.start] == ghost[: place.start]
    assert new[place.start :].startswith(option.text)
    assert new != ghost
    assert editor.surface.shown == Shown.SUGGESTION
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == PROSE + new


def _spy(submit, calls: list):
    def spied(*args, **kwargs):
        calls.append(args)
        return submit(*args, **kwargs)

    return spied


def test_enter_picks_the_selected_row(qtbot, editor: Editor, assist) -> None:
    _ghost(qtbot, editor, assist)
    _open(qtbot, editor)
    view = editor.token_list
    place = assist.choices.place
    option = assist.suggestions.options_at(place)[2]
    # the keys go where Qt sends them, to the popup's focus widget or else the popup itself (Down
    # did nothing in the window: the list had no focus, and the popup passed Down on)
    keys = view.focusWidget() or view
    qtbot.keyClick(keys, Qt.Key.Key_Down)
    qtbot.keyClick(keys, Qt.Key.Key_Down)
    qtbot.keyClick(keys, Qt.Key.Key_Return)
    wait_until(lambda: assist.suggestions.pending is None and bool(editor.ghost_text))
    assert editor.ghost_text.startswith(option.text)


def test_a_click_on_a_ghost_word_opens_its_list(qtbot, editor: Editor, assist) -> None:
    _ghost(qtbot, editor, assist)
    places = assist.suggestions.places()
    target = places[1]
    point = editor.ghost_point(target.start + 1)  # its first letter (after its space)
    point.setY(point.y() - editor.fontMetrics().height() // 2)  # inside the line, not under it
    point.setX(point.x() + 2)
    cursor_before = editor.textCursor().position()
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    wait_until(editor.token_list.isVisible, 5000)
    assert assist.choices.place == target
    assert editor.textCursor().position() == cursor_before  # the click moved no cursor
    assert editor.ghost_visible


def test_alt_down_inside_an_alternative(qtbot, editor: Editor, assist) -> None:
    ghost = _ghost(qtbot, editor, assist)
    shown = []
    assist.alternatives.changed.connect(lambda i, n: shown.append((i, n)))
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, ALT)
    wait_until(lambda: bool(shown) and shown[-1][1] > 0)
    items = assist.alternatives.items
    # the suggestion that showed is one of the alternatives, and Alt+[ brings it back
    assert any(alt.text == ghost for alt in items)
    qtbot.keyClick(editor, Qt.Key.Key_BracketLeft, ALT)
    assert editor.ghost_text == ghost
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, ALT)
    alternative = editor.ghost_text
    assert editor.surface.shown == Shown.ALTERNATIVE
    labels = _open(qtbot, editor)
    assert labels
    place = assist.choices.place
    qtbot.keyClick(editor.token_list.list, Qt.Key.Key_Right)
    place = assist.choices.place
    option = assist.suggestions.options_at(place)[1]
    qtbot.keyClick(editor.token_list.list, Qt.Key.Key_2)
    wait_until(lambda: assist.suggestions.pending is None and bool(editor.ghost_text))
    assert editor.ghost_text[: place.start] == alternative[: place.start]
    assert editor.ghost_text[place.start :].startswith(option.text)


def test_the_list_of_alternatives_shows_their_confidence(qtbot, editor: Editor, assist) -> None:
    ask_alternatives(qtbot, editor, assist, PROSE)
    labels = [a.text() for a in editor.alternatives_menu.actions()]
    items = assist.alternatives.items
    best = max(items, key=lambda a: a.score)
    for label, alt in zip(labels, items, strict=True):
        assert label.endswith(f"{relative_confidence(alt, best):.0%}")
    assert labels[0].endswith("100%")


def test_without_choices_the_list_says_so(qtbot, scripted, scripted_assist) -> None:
    editor = scripted_assist.editor
    scripted.enqueue("continuation", [" was lit", " again."])
    editor.setPlainText("The lamp")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    scripted_assist.suggestions.ask()
    wait_for_ghost(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_Down, ALT)
    wait_until(editor.token_list.isVisible, 5000)
    assert editor.token_list.labels == []
    assert "did not say" in editor.token_list.note.text()
    qtbot.keyClick(editor.token_list, Qt.Key.Key_Escape)
    assert editor.ghost_text == " was lit again."


def test_alt_down_without_a_suggestion_says_what_it_does(qtbot, scripted_assist) -> None:
    editor = scripted_assist.editor
    messages: list[str] = []
    scripted_assist.message.connect(messages.append)
    scripted_assist.suggestions.set_enabled(False)
    editor.setPlainText(PROSE)
    qtbot.keyClick(editor, Qt.Key.Key_Down, ALT)
    assert messages == ["Alt+Down lists the other words of a suggestion; none is showing."]
    assert editor.token_list is None or not editor.token_list.isVisible()


def test_one_row_is_marked_and_a_word_with_its_space_is_told_from_one_without() -> None:
    """Found in the real window: after "He saw the sea." the rows ⏎, ␣, ⏎⏎ and ␣␣ were all
    marked as the token that shows, and " He" and "He" read the same."""
    from writer.assist.choices import current_row, option_label
    from writer.generation.results import Option

    rows = (
        Option("\n", 0.3, 198),
        Option(" ", 0.2, 220),
        Option("\n\n", 0.1, 271),
        Option(" He", 0.2, 1046),
        Option("He", 0.1, 5233),
    )
    assert current_row(rows, 198, "\n") == 0
    assert current_row(rows, 5233, "He") == 4  # by its id, not " He"
    assert current_row(rows, 999, "\n") == -1  # a token not in the list marks none
    assert current_row(rows, -1, "\n\n") == 2  # no ids (a server): by the exact text
    assert current_row(rows, -1, "He") == 4
    assert current_row(rows, -1, "  ") == -1
    nameless = (Option(" She", 0.5), Option(" He", 0.3))
    assert current_row(nameless, -1, "He") == 1  # the first word shows without its space
    assert option_label(4, rows[3], show_space=True) == "4.  ␣He   20%"
    assert option_label(5, rows[4], current=True) == "5.  He   10% ●"
    assert option_label(1, Option(" She", 0.5)) == "1.  She   50%"


def test_the_list_stays_on_the_screen_at_its_bottom_and_right_edge(qtbot) -> None:
    """At the bottom of a maximised window the list ran off the screen (two of eight rows
    could be seen): it opens above the word's line where there is no room below."""
    from PySide6.QtCore import QPoint

    from writer.ui.token_list import TokenList

    view = TokenList()
    qtbot.addWidget(view)
    room = view.screen().availableGeometry()
    bottom_right = QPoint(room.right() - 40, room.bottom() - 10)
    view.show_at([f"{i}.  word {i}" for i in range(1, 9)], "a note under them", bottom_right, 20)
    shown = view.geometry()
    assert room.adjusted(-2, -2, 2, 2).contains(shown)  # (the offscreen platform's frame)
    assert shown.bottom() <= bottom_right.y() - 20 + 2  # above the line, not over it
