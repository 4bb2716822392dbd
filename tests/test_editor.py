"""Ghost text in the real editor widget, driven by the real model on the worker thread."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from tests.conftest import pump, wait_until
from writer.assist.suggestions import SuggestionController, next_word_end
from writer.ui.editor import Editor

PROSE = "The history of the city begins in the twelfth century, when a"


def type_text(qtbot, editor: Editor, text: str) -> None:
    """Key presses as a keyboard (or an input method's commit) sends them, any script."""
    if text.isascii():
        qtbot.keyClicks(editor, text)
        return
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                editor, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def wait_for_ghost(qtbot, editor: Editor, finished: bool = True) -> str:
    wait_until(lambda: bool(editor.ghost_text))
    if finished:
        wait_until(lambda: editor.assistant.suggestions.pending is None)
    return editor.ghost_text


def count_submits(monkeypatch, worker) -> list:
    calls: list = []
    original = worker.submit

    def counting(job, **kwargs):
        handle = original(job, **kwargs)
        calls.append(handle)
        return handle

    monkeypatch.setattr(worker, "submit", counting)
    return calls


def test_tab_accepts_the_whole_suggestion_as_one_undo_step(qtbot, editor: Editor) -> None:
    type_text(qtbot, editor, PROSE)
    ghost = wait_for_ghost(qtbot, editor)
    assert editor.toPlainText() == PROSE  # painted, not inserted
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == PROSE + ghost
    assert editor.textCursor().position() == len(PROSE + ghost)
    editor.undo()
    assert editor.toPlainText() == PROSE


def test_ghost_is_not_part_of_the_document(qtbot, editor: Editor) -> None:
    type_text(qtbot, editor, PROSE)
    wait_for_ghost(qtbot, editor)
    assert editor.document().toPlainText() == PROSE
    assert not editor.document().isRedoAvailable()


def test_ctrl_right_takes_one_word(qtbot, editor: Editor) -> None:
    type_text(qtbot, editor, PROSE)
    ghost = wait_for_ghost(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    taken = editor.toPlainText()[len(PROSE) :]
    assert taken == ghost[: next_word_end(ghost)]
    assert taken.strip()
    assert " " not in taken.strip()
    assert editor.ghost_text == ghost[len(taken) :]


def test_ctrl_right_takes_one_chinese_word(qtbot, editor: Editor) -> None:
    editor.setPlainText("我们今天去公园散步，天气很好。")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.assistant.suggestions.settings.stop_at = "none"
    type_text(qtbot, editor, "我")
    ghost = wait_for_ghost(qtbot, editor)
    base = editor.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    taken = editor.toPlainText()[len(base) :]
    assert taken
    assert ghost.startswith(taken)
    assert "\ufffd" not in ghost
    if len(ghost.strip()) > 2:
        assert len(taken) < len(ghost)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  quick brown fox", "  quick"), ("今天天气很好", "今天"), ("fox.", "fox"), ("", "")],
)
def test_word_boundaries(text: str, expected: str) -> None:
    taken = text[: next_word_end(text)]
    if text.startswith("今"):
        assert 1 <= len(taken) < len(text)  # word by word, however the boundary finder splits
    else:
        assert taken == expected


def test_escape_dismisses(qtbot, editor: Editor) -> None:
    type_text(qtbot, editor, PROSE)
    wait_for_ghost(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.ghost_text == ""
    assert editor.toPlainText() == PROSE


def test_tab_without_suggestion_inserts_a_tab(qtbot, editor: Editor, suggestions) -> None:
    suggestions.set_enabled(False)
    type_text(qtbot, editor, "Col")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "Col\t"


def test_typing_through_consumes_without_a_new_request(
    qtbot, editor: Editor, loaded_worker, monkeypatch
) -> None:
    type_text(qtbot, editor, PROSE)
    ghost = wait_for_ghost(qtbot, editor)
    calls = count_submits(monkeypatch, loaded_worker)
    first = ghost[0]
    qtbot.keyClicks(editor, first)
    pump(100)  # longer than the debounce
    assert calls == []
    assert editor.toPlainText() == PROSE + first
    assert editor.ghost_text == ghost[1:]


def test_a_word_end_asks_at_once_and_holds_after_its_first_piece(
    qtbot, editor: Editor, suggestions, monkeypatch
) -> None:
    """Inside a word the request waits for the pause; the key that ends a word asks at once
    (a typing request, frugal), shows one piece and holds until the writer pauses."""
    from writer.assist.suggestions import SuggestionSettings

    suggestions.settings = SuggestionSettings(debounce_ms=60_000, max_suggestion_tokens=24)
    asked: list = []
    original = suggestions.request_here

    def request_here():
        request = original()
        asked.append(request)
        return request

    monkeypatch.setattr(suggestions, "request_here", request_here)
    qtbot.keyClicks(editor, "The keeper climbed the stairs")
    pump(200)
    assert asked == []  # inside a word: waiting for the (here one-minute) pause
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    wait_until(lambda: bool(editor.ghost_text), 10_000)
    assert len(asked) == 1
    assert asked[0].typing
    pump(300)
    sugg = suggestions._sugg
    assert sugg.typing  # the rest waits for the pause
    assert editor.ghost_text == sugg.text  # one piece so far, shown
    shown = editor.ghost_text
    suggestions._resume()  # the pause (the resume timer's call)
    wait_until(lambda: suggestions.pending is None, 10_000)
    assert editor.ghost_text.startswith(shown)
    assert len(editor.ghost_text) > len(shown)


def test_other_typing_cancels_and_no_stale_ghost_appears(
    qtbot, editor: Editor, suggestions: SuggestionController, monkeypatch
) -> None:
    suggestions.settings.max_suggestion_tokens = 200
    suggestions.settings.stop_at = "none"
    type_text(qtbot, editor, PROSE)
    wait_until(lambda: bool(editor.ghost_text))
    old = suggestions.pending
    assert old is not None  # still streaming
    shown_at: list[tuple[int, int]] = []
    show = editor.show_ghost

    def recording(position, text, probs=None):
        shown_at.append((position, editor.textCursor().position()))
        show(position, text, probs)

    monkeypatch.setattr(editor, "show_ghost", recording)
    ghost = editor.ghost_text
    wrong = "Z" if not ghost.startswith("Z") else "Q"
    qtbot.keyClicks(editor, wrong)
    assert editor.ghost_text == ""  # hidden at once
    assert old.cancelled
    wait_until(lambda: suggestions.pending not in (None, old), 5000)
    pump(300)
    # Whatever shows now belongs to the new position.
    assert all(at == cursor == len(PROSE) + 1 for at, cursor in shown_at)


def test_cursor_move_hides_the_suggestion(qtbot, editor: Editor) -> None:
    type_text(qtbot, editor, PROSE)
    wait_for_ghost(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    assert editor.ghost_text == ""


def test_no_suggestion_in_the_middle_of_a_word(qtbot, editor: Editor, loaded_worker, monkeypatch):
    editor.setPlainText("The hisory of the city")
    cursor = editor.textCursor()
    cursor.setPosition(6)
    editor.setTextCursor(cursor)
    calls = count_submits(monkeypatch, loaded_worker)
    qtbot.keyClicks(editor, "t")
    pump(150)
    assert calls == []
    assert editor.ghost_text == ""


def test_input_method_preedit_makes_no_request(
    qtbot, editor: Editor, loaded_worker, monkeypatch
) -> None:
    editor.setPlainText("我们今天去公园")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    pump(100)
    editor.assistant.suggestions.dismiss()
    calls = count_submits(monkeypatch, loaded_worker)
    for preedit in ("s", "sa", "san", "sanb", "sanbu"):
        event = QInputMethodEvent(preedit, [])
        editor.inputMethodEvent(event)
        pump(40)
    pump(150)
    assert calls == []
    assert editor.ghost_text == ""
    commit = QInputMethodEvent()
    commit.setCommitString("散步")
    editor.inputMethodEvent(commit)
    assert editor.toPlainText() == "我们今天去公园散步"
    wait_until(lambda: len(calls) == 1, 2000)


def test_alt_bracket_cycles_alternatives_and_tab_accepts_the_shown_one(
    qtbot, editor: Editor, assist
) -> None:
    assist.suggestions.set_enabled(False)  # alternatives work with ghost text off too
    editor.setPlainText(PROSE)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    shown: list[tuple[int, int]] = []
    assist.alternatives.changed.connect(lambda i, n: shown.append((i, n)))
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    wait_until(lambda: bool(shown))
    alts = assist.alternatives.items
    assert len(alts) >= 2
    assert shown[-1] == (0, len(alts))
    assert editor.ghost_text == alts[0].text
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    assert shown[-1] == (1, len(alts))  # cached for this position: no new search
    assert editor.ghost_text == alts[1].text
    qtbot.keyClick(editor, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.AltModifier)
    assert shown[-1] == (len(alts) - 1, len(alts))
    assert editor.ghost_text == alts[-1].text
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == PROSE + alts[-1].text
    editor.undo()
    assert editor.toPlainText() == PROSE


def test_ctrl_enter_lists_alternatives_and_picks_one(qtbot, editor: Editor, assist) -> None:
    assist.suggestions.set_enabled(False)
    editor.setPlainText(PROSE)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: editor.alternatives_menu is not None)
    menu = editor.alternatives_menu
    wait_until(menu.isVisible, 5000)
    actions = menu.actions()
    alts = assist.alternatives.items
    assert len(actions) == len(alts) >= 2
    actions[1].trigger()
    assert editor.toPlainText() == PROSE + alts[1].text
    menu.close()


def test_a_pause_after_moving_fills_the_cache_before_the_next_keystroke(
    qtbot, editor: Editor, suggestions: SuggestionController
) -> None:
    """Moving to another place (here: from the top to the end of a long text) and pausing
    evaluates the text before the cursor, so the first keystroke there evaluates almost
    nothing; before, it evaluated everything after the cached place."""
    paragraph = (
        "The harbour was quiet that morning, and the boats rocked against the pier while "
        "the gulls circled over the fish market. "
    ) * 4
    editor.setPlainText("Notes\n\n" + "\n\n".join([paragraph] * 8) + "\n\nThe keeper")
    finished: list = []
    suggestions.finished.connect(finished.append)
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    editor.moveCursor(QTextCursor.MoveOperation.EndOfLine)
    qtbot.keyClicks(editor, " on")  # a suggestion at the top: the cache holds a few words
    wait_until(lambda: bool(finished), 30_000)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    wait_until(lambda: suggestions.warm_requests >= 1, 5_000)
    wait_until(lambda: suggestions.warm_handle.done, 60_000)
    finished.clear()
    qtbot.keyClicks(editor, " w")
    wait_until(lambda: bool(finished), 30_000)
    stats = finished[-1]
    assert stats.reused_tokens > 400
    assert stats.evaluated_tokens <= 3


def test_room_kept_under_the_text_leaves_the_text_column_alone(qtbot) -> None:
    plain = Editor()
    qtbot.addWidget(plain)
    plain.resize(1100, 500)
    plain.show()
    qtbot.waitExposed(plain)
    side = plain.viewportMargins().left()
    assert side > 50  # a centred column in a wide window
    plain.reserve_bottom(40)
    assert (plain.viewportMargins().left(), plain.viewportMargins().bottom()) == (side, 40)
    plain.resize(1300, 500)
    pump(20)
    assert plain.viewportMargins().left() > side
    assert plain.viewportMargins().bottom() == 40
    plain.reserve_bottom(0)
    assert plain.viewportMargins().bottom() == 0
    assert plain.viewportMargins().left() > side


# layout --------------------------------------------------------------------------------------
def test_the_text_column_stays_put_when_the_scroll_bar_appears(qtbot) -> None:
    plain = Editor()
    qtbot.addWidget(plain)
    plain.resize(900, 400)
    plain.show()
    qtbot.waitExposed(plain)
    plain.setPlainText("A short line.")
    pump(20)
    start = QTextCursor(plain.document())
    x_before = plain.viewport().mapTo(plain, plain.cursorRect(start).topLeft()).x()
    width_before = plain.viewport().width()
    assert not plain.verticalScrollBar().isVisible()
    plain.setPlainText("A long document.\n\n" * 200)
    pump(50)
    assert plain.verticalScrollBar().isVisible()
    x_after = plain.viewport().mapTo(plain, plain.cursorRect(start).topLeft()).x()
    assert x_after == x_before
    assert plain.viewport().width() == width_before  # the column does not re-wrap either


def test_a_ghost_at_the_margin_leaves_the_typed_part_of_a_word_on_its_line(qtbot) -> None:
    plain = Editor()
    qtbot.addWidget(plain)
    plain.resize(700, 300)
    plain.show()
    qtbot.waitExposed(plain)
    def lines(text: str) -> int:
        plain.setPlainText(text)
        pump(1)
        block = plain.document().firstBlock()
        plain.document().documentLayout().blockBoundingRect(block)  # lays the block out now
        return block.layout().lineCount()

    # fill the first line to its very end: whole words, then a half-typed one
    text = "word"
    while lines(text + " word w") == 1:  # (" w" must still fit after the last whole word)
        text += " word"
    text += " w"
    while lines(text + "o") == 1:
        text += "o"
    assert lines(text) == 1
    layout = plain.document().firstBlock().layout()
    line_of_typed = layout.lineForTextPosition(len(text) - 1).lineNumber()
    plain.show_ghost(len(text), "ld and more words after it", None)
    pump(1)
    layout = plain.document().firstBlock().layout()
    assert layout.lineCount() == 2  # the ghost goes on to the next line
    assert layout.lineForTextPosition(len(text) - 1).lineNumber() == line_of_typed
    plain.clear_ghost()


def test_a_suggestion_after_a_trailing_space_has_no_second_space(engine) -> None:
    from writer.engine.requests import ContinuationRequest

    mask = engine.space_mask()
    rt = engine.runtime
    assert not any(mask[t] for t in range(rt.n_vocab) if not rt.piece(t).strip())
    for before in ("The end of a paragraph. ", "First paragraph.\n\n"):
        text = engine.continuation(ContinuationRequest(before, max_tokens=8)).text()
        assert not text.startswith(" "), (before, text)

