"""Ghost text in the real editor widget, driven by the real model on the worker thread."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from tests.colours import contrast
from tests.conftest import on_screen_as_painted_afresh, pump, wait_until
from writer.assist.suggestions import SuggestionController, next_word_end
from writer.generation.results import FinishReason
from writer.ui import steps
from writer.ui.editor import Editor
from writer.ui.surface import Shown

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


def undone_and_redone(editor: Editor, texts: list[str]) -> None:
    """Ctrl+Z goes back through `texts` (the last is the editor's now) one at a time, then
    Ctrl+Shift+Z forward, the cursor at each text's end each time."""
    for text in reversed(texts[:-1]):
        editor.undo()
        assert (editor.toPlainText(), editor.textCursor().position()) == (text, len(text))
    for text in texts[1:]:
        editor.redo()
        assert (editor.toPlainText(), editor.textCursor().position()) == (text, len(text))


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


def test_tab_accepts_the_whole_suggestion_as_one_undo_step(
    qtbot, editor: Editor, suggestions
) -> None:
    type_text(qtbot, editor, PROSE)
    ghost = wait_for_ghost(qtbot, editor)
    assert editor.toPlainText() == PROSE  # painted, not inserted
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == PROSE + ghost
    assert editor.textCursor().position() == len(PROSE + ghost)
    suggestions.set_enabled(False)  # (what is typed next is the writer's alone)
    qtbot.keyClicks(editor, "~~")  # (the first Ctrl+Z took these and the suggestion at once)
    editor.undo()
    assert editor.toPlainText() == PROSE + ghost
    editor.undo()
    assert editor.toPlainText() == PROSE


def test_typing_words_taken_and_typing_again_undo_and_redo_step_by_step(
    qtbot, scripted_assist, scripted
) -> None:
    """Type, take a word (Ctrl+Right) and the rest (Tab), type: Ctrl+Z takes back each in
    turn and Ctrl+Shift+Z brings each back, the cursor at the end of what came back (a redo
    of a suggestion taken put it at the document's start, where the next letters went)."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.enqueue("continuation", [" the lamp", " was lit."])
    qtbot.keyClicks(editor, "Then")
    wait_until(lambda: editor.ghost_text == " the lamp was lit.")
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    suggestions.set_enabled(False)
    qtbot.keyClicks(editor, " Night.")
    steps = ["Then", "Then the", "Then the lamp was lit.", "Then the lamp was lit. Night."]
    undone_and_redone(editor, steps)


def _typed_in_a_word(qtbot, editor: Editor, suggestions, before: str, letters: str) -> None:
    """`before` set quietly (nothing asked for it), the cursor at its end, then `letters`
    typed: a suggestion is asked for after the pause, inside the word."""
    suggestions.set_enabled(False)
    editor.setPlainText(before)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    suggestions.set_enabled(True)
    qtbot.keyClicks(editor, letters)


def test_a_tab_typed_before_the_suggestion_comes_takes_it(
    qtbot, scripted_assist, scripted
) -> None:
    """Tab pressed inside a word before its suggestion showed wrote a tab into the prose
    ("stai\t"): a Tab right after a letter, with a suggestion on its way to that very place
    (asked for, or waiting for the writer's pause), waits for it and takes it."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.step()  # (each piece waits to be let go)
    scripted.enqueue("continuation", ["rs", " to the top."])
    _typed_in_a_word(qtbot, editor, suggestions, "She climbed the ", "stai")
    wait_until(lambda: "continuation" in scripted.kinds())  # (asked: on its way)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "She climbed the stai"
    scripted.release(1)
    wait_until(lambda: editor.toPlainText() == "She climbed the stairs")
    scripted.release(1)
    wait_until(lambda: editor.ghost_text == " to the top.")
    assert editor.textCursor().position() == len("She climbed the stairs")
    # still waiting for the pause: the Tab is the pause, the suggestion is asked for at once
    suggestions.settings.debounce_ms = 60_000
    scripted.step(False)
    scripted.enqueue("continuation", ["ps"])
    _typed_in_a_word(qtbot, editor, suggestions, "Up the ", "ste")
    assert suggestions.scheduled
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    wait_until(lambda: editor.toPlainText() == "Up the steps")


def test_a_tab_with_nothing_on_its_way_is_a_tab(qtbot, scripted_assist, scripted) -> None:
    """Where no suggestion is on its way, or the one asked for brings nothing worth showing,
    or the writer types on before it comes, Tab is what it is in any editor (written once,
    never late after other letters)."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.set_enabled(False)
    editor.setPlainText("Name")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # (suggestions off: nothing on its way)
    assert editor.toPlainText() == "Name\t"
    scripted.step()
    scripted.enqueue("continuation", [("zz", 1e-6)])  # (too unsure to show)
    _typed_in_a_word(qtbot, editor, suggestions, "Col", "umn")
    wait_until(lambda: scripted.waiting == 1)  # (on its way, held)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "Column"
    scripted.release(1)
    wait_until(lambda: editor.toPlainText() == "Column\t")
    scripted.enqueue("continuation", ["rs"])
    _typed_in_a_word(qtbot, editor, suggestions, "She climbed the ", "stai")
    wait_until(lambda: scripted.waiting == 1)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    count = scripted.kinds().count("continuation")
    qtbot.keyClicks(editor, "rs")  # (typed on: the waiting Tab is dropped)
    scripted.step(False)
    # (the suggestion asked for "stairs" came, with nothing, and the Tab was never written)
    wait_until(lambda: scripted.kinds().count("continuation") == count + 1)
    wait_until(lambda: suggestions.pending is None and not suggestions.scheduled)
    assert editor.toPlainText() == "She climbed the stairs"


def test_a_tab_in_fenced_code_is_a_tab_at_once(qtbot, scripted_assist, scripted) -> None:
    """A Tab after an identifier in a fenced code block waited for the suggestion on its way
    (up to TAB_WAITS_MS, for nothing where none came): in code a Tab is a Tab at once, as in
    a code editor; a suggestion already shown there is still what Tab takes."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    editor.set_markdown(True)
    scripted.step()  # (each piece waits to be let go)
    scripted.enqueue("continuation", ["ute()"])
    _typed_in_a_word(qtbot, editor, suggestions, "```python\nresult = ", "comp")
    wait_until(lambda: scripted.waiting == 1)  # (on its way, held)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "```python\nresult = comp\t"  # (at once)
    scripted.release(1)
    scripted.step(False)
    wait_until(lambda: suggestions.pending is None)
    assert editor.toPlainText() == "```python\nresult = comp\t"
    # a ghost shown in code: Tab takes it
    scripted.enqueue("continuation", ["ute()"])
    _typed_in_a_word(qtbot, editor, suggestions, "```python\nresult = ", "comp")
    wait_until(lambda: editor.ghost_text == "ute()")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "```python\nresult = compute()"


def test_typing_goes_back_a_word_at_a_time(qtbot) -> None:
    """Words typed in one go: Ctrl+Z takes back the last word (with the space or stop typed
    after it), then the one before; a pause, a cursor moved and an input method's commit end
    a step too; Ctrl+Shift+Z brings each back with the cursor after it. (Qt merged all the
    letters typed: one Ctrl+Z took the paragraph.)"""
    editor = Editor()
    qtbot.addWidget(editor)
    now = [0.0]
    editor.typing = steps.Typing(clock=lambda: now[0])
    qtbot.keyClicks(editor, "The cat sat. It")
    now[0] += steps.PAUSE  # (a pause: the space after it goes with the word after it)
    qtbot.keyClicks(editor, " purred")
    editor.moveCursor(QTextCursor.MoveOperation.Left)
    editor.moveCursor(QTextCursor.MoveOperation.Right)  # (back where it was)
    qtbot.keyClicks(editor, ",")
    commit = QInputMethodEvent("", [])
    commit.setCommitString("很好")
    QApplication.sendEvent(editor, commit)
    qtbot.keyClicks(editor, "!")
    done = ["", "The ", "The cat ", "The cat sat. ", "The cat sat. It",
            "The cat sat. It purred", "The cat sat. It purred,", "The cat sat. It purred,很好",
            "The cat sat. It purred,很好!"]  # fmt: skip
    undone_and_redone(editor, done)


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
    # the English-only starter stays quiet in Chinese text unless asked (Ctrl+Space)
    editor.assistant.suggestions.ask()
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
    [
        ("  quick brown fox", "  quick"),
        ("今天天气很好", "今天"),
        ("fox.", "fox"),
        ("", ""),
        # an emoji is two of the boundary finder's units and one of Python's characters: the
        # word taken ran a character too far ("😀a" of "😀ab cd"; " 𠮷野" of " 𠮷野家 of")
        ("😀 ab cd", "😀"),
        (" smile😀ab cd", " smile"),
        (" 𠮷 of", " 𠮷"),
    ],
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


def test_escape_before_the_pause_is_over_asks_nothing(qtbot, editor: Editor) -> None:
    """Esc pressed while typing, before the suggestion was asked for (inside a word it waits
    for the pause): none comes after it (the ask went ahead and a ghost showed after the Esc)."""
    suggestions = editor.assistant.suggestions
    type_text(qtbot, editor, PROSE[:-6] + "cent")
    assert suggestions.scheduled
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_until(lambda: not suggestions.scheduled)  # (the pause is over, if it still ran)
    assert suggestions.pending is None
    assert editor.ghost_text == ""


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
    assert calls == []
    assert not editor.assistant.suggestions.scheduled  # and none will be made: no timer runs
    assert editor.toPlainText() == PROSE + first
    assert editor.ghost_text == ghost[1:]


def test_a_word_end_asks_at_once_and_holds_after_its_first_piece(
    qtbot, scripted_assist, scripted
) -> None:
    """Inside a word the request waits for the pause; the key that ends a word asks at once
    (a typing request, frugal), shows one piece and holds until the writer pauses."""
    from writer.assist.suggestions import SuggestionSettings

    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.settings = SuggestionSettings(debounce_ms=60_000)
    qtbot.keyClicks(editor, "The keeper climbed the stairs")
    assert suggestions.scheduled  # inside a word: waiting for the (here one-minute) pause
    # keys that came together ask once: the word ends among them ask nothing
    QCoreApplication.sendPostedEvents(suggestions)
    assert suggestions.scheduled
    assert "continuation" not in scripted.kinds()
    scripted.enqueue("continuation", [" to", " the", " lamp."])
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    # asked by a posted call, before Qt repaints the key's change (timers fire after that)
    QCoreApplication.sendPostedEvents(suggestions)
    assert suggestions.pending is not None
    wait_until(lambda: editor.ghost_text == " to")
    assert scripted.kinds().count("continuation") == 1
    [asked] = [request for kind, request in scripted.history if kind == "continuation"]
    assert asked.typing
    assert asked.before == "The keeper climbed the stairs "
    sugg = suggestions._sugg
    assert sugg.typing  # the rest waits for the pause: the backend made one piece only
    assert scripted.yielded == [("continuation", " to")]
    suggestions._resume()  # the pause (the resume timer's call)
    wait_until(lambda: suggestions.pending is None)
    assert editor.ghost_text == " to the lamp."


def test_inside_a_word_the_backend_settles_its_tokens_without_a_request(
    qtbot, scripted_assist, scripted
) -> None:
    """While the writer types a word (the ask still waiting for the pause), the backend gets a
    warm-up of the text with the word so far (`typing`: evaluate the word's settled tokens),
    when it is idle; not in the middle of the text; the word's end still asks at once."""
    from writer.assist.suggestions import SuggestionSettings

    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.settings = SuggestionSettings(debounce_ms=60_000)
    qtbot.keyClicks(editor, "The keeper climbed the stai")
    wait_until(lambda: "warm" in scripted.kinds())
    [warm] = [request for kind, request in scripted.history if kind == "warm"]
    assert warm.typing
    assert warm.before == "The keeper climbed the stai"
    assert "continuation" not in scripted.kinds()
    assert suggestions.scheduled
    assert suggestions.settle_requests == 1
    scripted.enqueue("continuation", [" to", " the lamp."])
    qtbot.keyClicks(editor, "rs ")
    wait_until(lambda: editor.ghost_text == " to")
    assert scripted.kinds().count("continuation") == 1
    # in the middle of the text: no warm-up inside a word
    cursor = editor.textCursor()
    cursor.setPosition(4)
    editor.setTextCursor(cursor)
    settled = suggestions.settle_requests
    qtbot.keyClicks(editor, "ol")
    wait_until(lambda: not suggestions._settle_timer.isActive())  # its call has come
    pump(0)
    assert suggestions.settle_requests == settled


def test_a_failed_warm_up_says_why_once_until_one_reads_to_its_end(
    qtbot, scripted_assist, scripted
) -> None:
    """A warm-up that fails (a wide window the server refuses, a server gone) says why, while
    the short window's suggestions may still come: once, not at every pause, and again after
    a warm-up has read to its end."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    said: list[str] = []
    suggestions.reading_failed.connect(said.append)
    qtbot.keyClicks(editor, "The keeper climbed the stairs")
    wait_until(lambda: "continuation" in scripted.kinds() and suggestions.pending is None)

    def warm_after_a_move(key: Qt.Key) -> None:
        warms = scripted.kinds().count("warm")
        qtbot.keyClick(editor, key)
        wait_until(lambda: scripted.kinds().count("warm") == warms + 1)
        wait_until(lambda: suggestions.warm_handle.done)

    def refused(tokens: int) -> str:
        return f"The server refused the request (HTTP 400): request ({tokens} tokens) exceeds"

    scripted.fail_next("warm", refused(2100))
    warm_after_a_move(Qt.Key.Key_Left)
    assert said == [refused(2100)]
    scripted.fail_next("warm", refused(2104))  # a word later, the same reason
    warm_after_a_move(Qt.Key.Key_Right)
    assert said == [refused(2100)]  # said once
    scripted.enqueue("warm", [], FinishReason.WARMED)
    warm_after_a_move(Qt.Key.Key_Left)  # one reads to its end
    scripted.fail_next("warm", refused(2104))
    warm_after_a_move(Qt.Key.Key_Right)
    assert said == [refused(2100), refused(2104)]
    scripted.fail_next("warm", "Writer cannot reach the server: the connection was refused.")
    warm_after_a_move(Qt.Key.Key_Left)
    assert len(said) == 3  # another reason


def test_a_letter_takes_the_backend_from_the_last_letters_warm_up(
    qtbot, scripted_assist, scripted
) -> None:
    """The warm-up inside a word goes on reading what is still to be read after its word (a
    project's new memory): the next letter cancels it and has its own word read first."""
    from writer.assist.suggestions import SuggestionSettings

    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.settings = SuggestionSettings(debounce_ms=60_000)
    scripted.step()  # a warm-up's piece waits: it is still reading
    scripted.enqueue("warm", ["", ""])
    qtbot.keyClicks(editor, "The keeper climbed the st")
    wait_until(lambda: scripted.waiting == 1)
    first = suggestions._settle_handle
    qtbot.keyClicks(editor, "a")
    wait_until(lambda: scripted.kinds().count("warm") == 2)
    assert first is not None
    assert first.cancelled
    warms = [request for kind, request in scripted.history if kind == "warm"]
    assert [w.before for w in warms] == ["The keeper climbed the st", "The keeper climbed the sta"]
    assert suggestions.settle_requests == 2
    assert "continuation" not in scripted.kinds()
    scripted.step(False)


def test_with_work_ahead_off_no_word_is_read_while_it_is_typed(
    qtbot, scripted_assist, scripted
) -> None:
    """Settings: Work ahead while typing off (a writer on battery): the letters of a word send
    the backend nothing; its end still asks at once."""
    from writer.assist.suggestions import SuggestionSettings

    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.settings = SuggestionSettings(debounce_ms=60_000, look_ahead=False)
    qtbot.keyClicks(editor, "The keeper climbed the stai")
    wait_until(lambda: not suggestions._settle_timer.isActive())  # its call has come
    pump(0)
    assert suggestions.settle_requests == 0
    assert scripted.kinds() == []
    scripted.enqueue("continuation", [" to", " the lamp."])
    qtbot.keyClicks(editor, "rs ")
    wait_until(lambda: editor.ghost_text == " to")


def test_other_typing_cancels_and_no_stale_ghost_appears(
    qtbot, scripted_assist, scripted, monkeypatch
) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.step()
    scripted.enqueue("continuation", [" great", " wall", " was built."])
    scripted.enqueue("continuation", [" bridge", " stood."])
    editor.insertPlainText("A ")  # one edit that ends a word: one request
    scripted.release(1)
    wait_until(lambda: editor.ghost_text == " great")
    old = suggestions.pending
    assert old is not None  # still streaming
    shown_at: list[tuple[int, int]] = []
    show = editor.show_ghost

    def recording(position, text, probs=None, kind=Shown.SUGGESTION):
        shown_at.append((position, editor.textCursor().position()))
        return show(position, text, probs, kind)

    monkeypatch.setattr(editor, "show_ghost", recording)
    qtbot.keyClicks(editor, "Z")
    assert editor.ghost_text == ""  # hidden at once
    assert old.cancelled
    wait_until(lambda: suggestions.pending not in (None, old))
    scripted.step(False)
    wait_until(lambda: suggestions.pending is None)
    assert editor.ghost_text == " bridge stood."
    # nothing of the cancelled request was shown after the key; all of the new one was
    assert shown_at
    assert all(at == cursor == len("A Z") for at, cursor in shown_at)
    assert [p for _k, p in scripted.yielded] == [" great", " bridge", " stood."]


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
    wait_until(lambda: not editor.assistant.suggestions.scheduled)  # the pause is over
    assert calls == []
    assert editor.ghost_text == ""


def test_input_method_preedit_makes_no_request(
    qtbot, editor: Editor, loaded_worker, monkeypatch
) -> None:
    # English around the cursor: the English-only starter asks there (in Chinese it stays quiet)
    editor.setPlainText("In the morning we went to the park for a walk ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    pump(100)
    editor.assistant.suggestions.dismiss()
    calls = count_submits(monkeypatch, loaded_worker)
    for preedit in ("s", "sa", "san", "sanb", "sanbu"):
        event = QInputMethodEvent(preedit, [])
        editor.inputMethodEvent(event)
        assert not editor.assistant.suggestions.scheduled  # nothing waits to ask either
    assert calls == []
    assert editor.ghost_text == ""
    commit = QInputMethodEvent()
    commit.setCommitString("散步")
    editor.inputMethodEvent(commit)
    assert editor.toPlainText() == "In the morning we went to the park for a walk 散步"
    wait_until(lambda: len(calls) == 1, 2000)


def first_alternative(qtbot, editor: Editor, assist) -> list[tuple[int, int]]:
    """PROSE in the editor, suggestions off (alternatives work with ghost text off too), Alt+]:
    until the first alternative shows; the (index, count) the alternatives announce, as they
    come."""
    assist.suggestions.set_enabled(False)
    editor.setPlainText(PROSE)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    shown: list[tuple[int, int]] = []
    assist.alternatives.changed.connect(lambda i, n: shown.append((i, n)))
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    wait_until(lambda: bool(shown))
    return shown


def test_alt_bracket_cycles_alternatives_and_tab_accepts_the_shown_one(
    qtbot, editor: Editor, assist
) -> None:
    shown = first_alternative(qtbot, editor, assist)
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
    assert shown[-1] == (-1, 0)  # taken: the window's counter goes
    editor.undo()
    assert editor.toPlainText() == PROSE



def ask_alternatives(
    qtbot, editor: Editor, assist, text: str, key: Qt.Key = Qt.Key.Key_Return,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.ControlModifier,
) -> None:  # fmt: skip
    """`text` in the editor, suggestions off, Ctrl+Enter: until the alternatives' menu is up."""
    assist.suggestions.set_enabled(False)
    editor.setPlainText(text)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, key, modifiers)
    wait_until(lambda: editor.alternatives_menu is not None)

def test_ctrl_enter_lists_alternatives_and_picks_one(qtbot, editor: Editor, assist) -> None:
    ask_alternatives(qtbot, editor, assist, PROSE)
    menu = editor.alternatives_menu
    wait_until(menu.isVisible, 5000)
    actions = menu.actions()
    alts = assist.alternatives.items
    assert len(actions) == len(alts) >= 2
    actions[1].trigger()
    assert editor.toPlainText() == PROSE + alts[1].text
    menu.close()


def test_ctrl_and_the_keypads_enter_list_alternatives_too(qtbot, editor: Editor, assist) -> None:
    """The keypad's Enter comes with the keypad's flag: Ctrl with it went to the text as a new
    line, where Ctrl and the main Enter listed the alternatives."""
    keypad = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier
    ask_alternatives(qtbot, editor, assist, PROSE, Qt.Key.Key_Enter, keypad)
    assert editor.toPlainText() == PROSE
    editor.alternatives_menu.close()


def test_an_ampersand_in_an_alternative_is_shown_in_its_menu(qtbot) -> None:
    """An alternative that writes "Tom & Jerry": the menu's text doubles the "&" (alone, it
    was taken for a mnemonic and hid itself)."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.show_alternatives_menu(["1.  Tom & Jerry   40%", "2.  R&D   30%"])
    menu = editor.alternatives_menu
    assert [a.text() for a in menu.actions()] == ["1.  Tom && Jerry   40%", "2.  R&&D   30%"]
    assert menu.activeAction() is menu.actions()[0]  # (none shown: Enter takes the first)
    menu.close()


def test_ctrl_enter_opens_the_list_on_the_alternative_shown(qtbot, editor: Editor, assist) -> None:
    shown = first_alternative(qtbot, editor, assist)
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    assert shown[-1][0] == 1
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: editor.alternatives_menu is not None)
    menu = editor.alternatives_menu
    assert menu.activeAction() is menu.actions()[1]
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


def test_a_word_typed_through_a_ghost_at_the_margin_stays_whole(qtbot) -> None:
    """Found in the real window: typing "cl" with the ghost "imb" at the margin showed "cl" on
    one line and "imb" on the next. The word wraps as a whole, as it will once accepted."""
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
    typed_line = layout.lineForTextPosition(len(text) - 1).lineNumber()
    assert typed_line == line_of_typed + 1  # with the typed part of its word
    assert layout.lineForTextPosition(len(text)).lineNumber() == typed_line
    assert layout.lineForTextPosition(len(text) + 1).lineNumber() == typed_line
    plain.clear_ghost()


def test_a_suggestion_after_a_trailing_space_has_no_second_space(engine) -> None:
    from writer.generation.requests import ContinuationRequest

    mask = engine.space_mask()
    rt = engine.runtime
    assert not any(mask[t] for t in range(rt.n_vocab) if not rt.piece(t).strip())
    for before in ("The end of a paragraph. ", "First paragraph.\n\n"):
        text = engine.continuation(ContinuationRequest(before, max_tokens=8)).text()
        assert not text.startswith(" "), (before, text)



# what shows is what Tab inserts ---------------------------------------------------------------
def painted_lines(editor: Editor) -> list[int]:
    """The line of each character of the block at the ghost, the ghost's characters included."""
    block = editor.document().findBlock(editor.ghost_position)
    editor.document().documentLayout().blockBoundingRect(block)  # lays the block out now
    layout = block.layout()
    length = block.length() - 1 + len(editor.ghost_text)
    return [layout.lineForTextPosition(i).lineNumber() for i in range(length)]


def test_a_suggestion_that_starts_a_line_is_painted_on_its_own_line(
    qtbot, scripted_assist, scripted
) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.enqueue("continuation", ["\n", "- oranges"])
    editor.insertPlainText("- apples\n- pears")
    suggestions.request_now()
    wait_until(lambda: suggestions.pending is None)
    assert editor.ghost_text == "\n- oranges"
    lines = painted_lines(editor)
    assert lines == [0] * len("- pears\n") + [1] * len("- oranges")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "- apples\n- pears\n- oranges"


def test_accepting_a_new_line_after_chinese_adds_no_stray_space(
    qtbot, scripted_assist, scripted
) -> None:
    """Found in the Chinese interface: accepting after "今天港口很安静。" saved "。 \\n今天…"."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.enqueue("continuation", [" ", "\n", "今天", "风很大。"])
    type_text(qtbot, editor, "今天港口很安静。")
    wait_until(lambda: suggestions.pending is None and bool(editor.ghost_text))
    assert editor.ghost_text == "\n今天风很大。"
    assert painted_lines(editor) == [0] * len("今天港口很安静。\n") + [1] * len("今天风很大。")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "今天港口很安静。\n今天风很大。"


def test_spaces_before_a_break_go_from_what_shows_and_what_is_inserted() -> None:
    from writer.assist.suggestions import without_spaces_before_breaks

    text, probs = without_spaces_before_breaks("a \t\nb  \nc ", [0.1] * 10)
    assert text == "a\nb\nc "
    assert len(probs) == len(text)
    assert without_spaces_before_breaks("x \n y \n", [1.0] * 7, start=2) == ("x \n y\n", [1.0] * 6)


# alternatives through the surface, on the scripted backend ------------------------------------
def test_asking_for_alternatives_where_none_fit_says_so(qtbot, scripted_assist, scripted) -> None:
    """Alt+] where the model wrote nothing the rules let show: a sentence, not silence."""
    editor, assist = scripted_assist.editor, scripted_assist
    assist.suggestions.set_enabled(False)
    messages: list[str] = []
    assist.message.connect(messages.append)
    editor.insertPlainText("The lamp")
    scripted.enqueue_alternatives([])
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    wait_until(lambda: bool(messages))
    assert messages == ["No alternatives here: the model wrote nothing that fits at the cursor."]
    assert not editor.ghost_text


def test_an_alternative_shows_through_the_surface_and_its_failure_is_its_own(
    qtbot, scripted_assist, scripted
) -> None:
    editor, assist = scripted_assist.editor, scripted_assist
    assist.suggestions.set_enabled(False)
    messages: list[str] = []
    failed_suggestions: list[str] = []
    assist.message.connect(messages.append)
    assist.suggestions.failed.connect(failed_suggestions.append)
    editor.insertPlainText("The lamp")
    scripted.fail_next("alternatives", "The model is busy elsewhere.")
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, alt)
    wait_until(lambda: bool(messages))
    assert messages == ["Alternatives failed: The model is busy elsewhere."]
    assert failed_suggestions == []  # the suggestions' signal is theirs alone
    scripted.enqueue_alternatives([" was lit.", " went out.", " \nglowed."])
    qtbot.keyClick(editor, Qt.Key.Key_BracketLeft, alt)
    wait_until(lambda: bool(editor.ghost_text))
    assert editor.surface.shown == Shown.ALTERNATIVE
    assert editor.ghost_text == "\nglowed."  # the last one; what shows is what Tab inserts
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "The lamp\nglowed."


def test_a_line_of_a_megabyte_without_a_space_opens_and_takes_keys_at_once(qtbot) -> None:
    """An image embedded in Markdown as base64: wrapping at word boundaries is quadratic in
    such a run (a megabyte took 50 s to open, three froze the app); a document that holds one
    wraps at any character, and one without goes back to word boundaries."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QTextOption

    from writer.ui.editor import LONG_RUN, Editor

    editor = Editor()
    qtbot.addWidget(editor)
    editor.resize(700, 500)
    editor.show()
    image = "![img](data:image/png;base64," + "QUJD" * 250_000 + ")"
    editor.setPlainText("# Notes\n\n" + image + "\n\nSome prose after it.")
    assert editor.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    qtbot.keyClicks(editor, "Typed.")
    assert editor.toPlainText().startswith("Typed.# Notes")
    editor.setPlainText("Prose with words that wrap at their ends. " * 50)
    assert editor.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    pasted = QMimeData()
    pasted.setText("x" * LONG_RUN)
    editor.insertFromMimeData(pasted)
    assert editor.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere


def test_ghost_text_stays_readable_in_light_and_dark(qapp) -> None:
    """The least sure words of a ghost were #C8C8C8 on white (1.6:1), and the dark theme's
    ghost 1.8:1: hard to read before deciding to take it."""
    from PySide6.QtGui import QColor, QPalette

    from writer.ui import theme
    from writer.ui.editor import ghost_color
    from writer.ui.ghost import FADE

    light = QApplication.style().standardPalette()
    for palette in (light, theme.dark_palette()):
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        ghost = ghost_color(text, base)
        faint = QColor(*(round(b + (g - b) * FADE[0] / 255) for g, b in (
            (ghost.red(), base.red()), (ghost.green(), base.green()), (ghost.blue(), base.blue())
        )))
        assert contrast(ghost, base) >= 4.0
        assert contrast(faint, base) >= 2.8
        assert contrast(ghost, text) >= 2.0  # and still told from written text


def test_an_unchecked_box_shows_in_the_dark_theme(qapp) -> None:
    """Fusion drew an unchecked box's outline in the dark page's own colour: the recovery's
    rows and the settings' boxes looked like plain text."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    from writer.ui import theme

    theme.apply("dark")
    try:
        box = QCheckBox("Use this font")
        box.resize(box.sizeHint())
        option = QStyleOptionButton()
        box.initStyleOption(option)
        rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        image = box.grab().toImage()
        base = theme.dark_palette().color(theme.QPalette.ColorRole.Window).lightness()
        seen = max(
            QColor(image.pixel(x, y)).lightness()
            for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)
        )
        assert seen - base > 60
    finally:
        theme.apply("system")


def test_a_line_with_an_emoji_gets_suggestions_and_takes_them_whole(qtbot, editor: Editor) -> None:
    """Qt counts a character beyond the Basic Multilingual Plane (😀, 𠮷) as two positions and
    Python as one: every key on such a line raised an IndexError, and no suggestion came."""
    editor.setPlainText("She smiled 😀 and 𠮷 walked to the door. Then she")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, editor, " ")
    editor.assistant.suggestions.ask()
    ghost = wait_for_ghost(qtbot, editor)
    before = editor.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    taken = editor.toPlainText()[len(before) :]
    assert taken
    assert ghost.startswith(taken)
    assert editor.ghost_text == ghost[len(taken) :]  # (still shown at its anchor)


def test_a_click_on_a_ghost_word_after_an_emoji_is_on_that_word(
    qtbot, scripted_assist, scripted
) -> None:
    """The layout counts an emoji as two positions, the ghost's text (and its places) as one:
    a click at a word's last letter after two emoji gave the offset of the space after it
    (the token list opened at the next word), the list stood two letters early, and the
    shades of confidence fell early after each emoji."""
    from writer.assist.context import qt_length

    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.enqueue("continuation", [" 🙂🙂 sat", " on the mat."])
    editor.insertPlainText("The cat")
    suggestions.request_now()
    wait_until(lambda: suggestions.pending is None and bool(editor.ghost_text))
    ghost = editor.ghost_text
    assert ghost == " 🙂🙂 sat on the mat."
    clicked: list[int] = []
    editor.ghost_clicked.connect(clicked.append)
    block = editor.document().findBlock(editor.ghost_position)
    layout = block.layout()
    last = ghost.index("sat") + 2  # the "t"
    at = editor.ghost_position - block.position() + qt_length(ghost[:last])
    line = layout.lineForTextPosition(at)
    left, right = line.cursorToX(at)[0], line.cursorToX(at + 1)[0]
    origin = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).topLeft()
    point = QPoint(int(origin.x() + (left + right) / 2), int(origin.y() + line.y() + 4))
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked == [last]
    assert editor.ghost_point(last).x() == int(origin.x() + left)
    assert sum(r.length for r in layout.formats()) == qt_length(ghost)


def test_a_ghost_that_wraps_below_the_view_is_scrolled_into_it(qtbot) -> None:
    """On the last line on screen a ghost's wrapped end went unseen below the view's edge:
    the view scrolls to show it, keeping the cursor's line in view."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.resize(500, 200)
    editor.show()
    editor.setPlainText("\n".join(f"Line {i} of the text." for i in range(40)) + " The end")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.ensureCursorVisible()
    ghost = " and a long ghost that wraps onto the lines below the bottom of the view, and on"
    assert editor.show_ghost(editor.textCursor().position(), ghost)
    height = editor.viewport().height()

    def ghost_end() -> int:
        doc = editor.document()
        doc.documentLayout().blockBoundingRect(doc.lastBlock())  # (laid out with the ghost)
        return editor.ghost_point(len(ghost)).y()

    assert ghost_end() > height  # (below the view as shown)
    qtbot.waitUntil(lambda: ghost_end() <= height, timeout=2000)
    assert 0 <= editor.cursorRect().top() < height


def test_a_ghost_shown_changed_or_taken_away_repaints_its_line_not_the_view(qtbot) -> None:
    """Each change of the ghost (shown, a word more streamed in, taken away: the core of
    typing) repainted the whole view, as Qt repaints it for a change marked over more than
    one block, which the ghost's mark of its own line always is. A ghost that stays in its
    line repaints that line alone; one that wraps it into another line repaints the lines
    under it too (the whole view); the screen is the view painted afresh each time."""
    from PySide6.QtCore import QRect

    editor = Editor()
    qtbot.addWidget(editor)
    editor.resize(500, 300)
    editor.set_markdown(True)
    editor.show()
    qtbot.waitExposed(editor)
    editor.setPlainText("\n".join(f"Line {i} of the *text*." for i in range(30)))
    wait_until(lambda: not editor.markdown.pending, 5000)
    block = editor.document().findBlockByNumber(3)
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + block.length() - 1)
    editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: on_screen_as_painted_afresh(editor), timeout=2000)
    asked: list[QRect] = []
    editor.updateRequest.connect(lambda rect, dy: dy or asked.append(QRect(rect)))
    height = editor.viewport().height()

    def line() -> QRect:
        return editor.blockBoundingGeometry(block).translated(editor.contentOffset()).toRect()

    for ghost in (" and", " and more", " and more *here*", ""):
        asked.clear()
        if ghost:
            assert editor.show_ghost(cursor.position(), ghost)
        else:
            editor.clear_ghost()
        assert asked, ghost
        assert all(rect.height() < height / 3 for rect in asked), (ghost, asked)
        assert any(rect.intersects(line()) for rect in asked), (ghost, asked)
        qtbot.waitUntil(lambda: on_screen_as_painted_afresh(editor), timeout=2000)
    for ghost in (" and a long ghost that wraps the line it is in onto one line more, and on",
                  ""):  # fmt: skip
        asked.clear()
        if ghost:
            assert editor.show_ghost(cursor.position(), ghost)
        else:
            editor.clear_ghost()
        assert any(rect.top() <= line().top() and rect.bottom() >= height - 1
                   for rect in asked), (ghost, asked)  # fmt: skip
        qtbot.waitUntil(lambda: on_screen_as_painted_afresh(editor), timeout=2000)


def test_chinese_is_shown_in_a_chinese_face_of_the_texts_kind(qtbot) -> None:
    """Left to Qt's fallback, Chinese beside the default serif came in the first CJK face
    fontconfig listed (here Noto Sans CJK JP: a heavy sans, Japanese shapes); it comes in a
    Song face of simplified Chinese after a serif."""
    from PySide6.QtGui import QTextLayout

    from writer.ui.editor import cjk_fallbacks, default_serif

    serif = default_serif()
    if not serif or not cjk_fallbacks(serif):
        pytest.skip("no serif and CJK face installed")
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_font()
    layout = QTextLayout("那天晚上，风很大。", editor.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    faces = {run.rawFont().familyName() for run in layout.glyphRuns()}
    assert faces == {cjk_fallbacks(serif)[0]}
    assert "Serif" in cjk_fallbacks(serif)[0]
    assert "Sans" in cjk_fallbacks("Noto Sans")[0]


def test_an_alt_letter_no_command_has_types_nothing(qtbot) -> None:
    """Alt+J, which no command has, typed a "j" into the text on Linux (Qt's); VS Code types
    nothing. The letters typed around it go in."""
    editor = Editor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor, "ab")
    qtbot.keyClick(editor, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor, Qt.Key.Key_C)
    assert editor.toPlainText() == "abc"


def _ask_in_the_middle(qtbot, scripted_assist, scripted, pieces: list[str]):
    """'The |fox jumps.': a suggestion asked for at the cursor, its pieces held until
    released."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    editor.setPlainText("The fox jumps.")
    cursor = editor.textCursor()
    cursor.setPosition(4)
    editor.setTextCursor(cursor)
    scripted.step(True)
    scripted.enqueue("continuation", pieces)
    assert suggestions.ask() is not None
    return editor, suggestions


def test_a_streaming_ghost_in_a_line_shows_the_space_tab_writes_before_the_next_word(
    qtbot, scripted_assist, scripted
) -> None:
    """The rules give the joining space with the last piece; while the pieces stream, the
    ghost shows it already (it touched the next word: 'quickfox'), so what shows is what
    Tab would write at every moment, and none is doubled when the real one comes."""
    editor, suggestions = _ask_in_the_middle(
        qtbot, scripted_assist, scripted, ["quick", " brown", " "]
    )
    layout = editor.document().firstBlock().layout()
    scripted.release()
    wait_until(lambda: editor.ghost_text == "quick ")
    assert layout.preeditAreaText() == "quick "  # (what is laid out in the line)
    scripted.release()
    wait_until(lambda: editor.ghost_text == "quick brown ")
    assert layout.preeditAreaText() == "quick brown "
    scripted.release()
    wait_until(lambda: suggestions.pending is None)
    assert editor.ghost_text == "quick brown "
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "The quick brown fox jumps."


def test_tab_while_it_streams_writes_the_ghost_shown_and_the_rest_follows_it(
    qtbot, scripted_assist, scripted
) -> None:
    """Tab on 'quick ' while it streams writes 'quick ' (it wrote 'quick', the next word
    touching it); the rest shows after that space, its own leading space not written twice."""
    editor, suggestions = _ask_in_the_middle(
        qtbot, scripted_assist, scripted, ["quick", " brown", " "]
    )
    scripted.release()
    wait_until(lambda: editor.ghost_text == "quick ")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "The quick fox jumps."
    assert editor.textCursor().position() == len("The quick ")
    scripted.release()
    wait_until(lambda: editor.ghost_text == "brown ")
    scripted.release()
    wait_until(lambda: suggestions.pending is None)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "The quick brown fox jumps."


def test_tab_on_part_of_a_word_while_it_streams_ends_the_suggestion_there(
    qtbot, scripted_assist, scripted
) -> None:
    """Tab took 'qui ' as shown; the model's word goes on ('ck'): no rest fits after the
    space Tab wrote, so the suggestion ends with what was taken."""
    editor, suggestions = _ask_in_the_middle(
        qtbot, scripted_assist, scripted, ["qui", "ck", " "]
    )
    scripted.release()
    wait_until(lambda: editor.ghost_text == "qui ")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "The qui fox jumps."
    handle = suggestions.pending
    assert handle is not None
    scripted.release()
    wait_until(lambda: suggestions.pending is not handle)
    assert editor.toPlainText() == "The qui fox jumps."
    assert editor.ghost_text == ""


def test_move_line_up_and_down_takes_the_selection_with_it(qtbot, window) -> None:
    """Edit → Move Line Up and Down (Ctrl+Shift+Up, Ctrl+Shift+Down): the cursor's line, or
    every line a selection touches, goes past its neighbour, each move one undo step, the
    cursor by the same letters; at the first or last line nothing moves."""
    from PySide6.QtGui import QTextCursor

    window.suggestions.set_enabled(False)
    editor = window.editor
    editor.setPlainText("Ann 🐟 one\nBen two\nCal three\nDee four")
    cursor = editor.textCursor()
    cursor.setPosition(len("Ann 🐟 one\n") + 1 + 2)  # (an emoji: two of Qt's positions) in "Ben"
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert editor.toPlainText() == "Ben two\nAnn 🐟 one\nCal three\nDee four"
    assert (editor.textCursor().blockNumber(), editor.textCursor().positionInBlock()) == (0, 2)
    assert not editor.move_lines(up=True)  # (the first line)
    window.act_move_line_down.trigger()
    window.act_move_line_down.trigger()
    assert editor.toPlainText() == "Ann 🐟 one\nCal three\nBen two\nDee four"
    cursor = editor.textCursor()  # a selection from "Ann" to the start of "Ben": two lines
    cursor.setPosition(0)
    cursor.setPosition(editor.document().findBlockByNumber(2).position(),
                       QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
    editor.setTextCursor(cursor)
    window.act_move_line_down.trigger()
    assert editor.toPlainText() == "Ben two\nAnn 🐟 one\nCal three\nDee four"
    assert editor.textCursor().selectedText() == "Ann 🐟 one\u2029Cal three\u2029"
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert not editor.move_lines(up=False)  # (the last line)
    editor.undo()
    assert editor.toPlainText() == "Ann 🐟 one\nCal three\nBen two\nDee four"


def test_typing_the_joining_space_shown_keeps_the_streaming_suggestion(
    qtbot, scripted_assist, scripted
) -> None:
    """(The review's.) A ghost streaming in a line shows the space that joins it to the next
    word; typing the word and that space, as shown, lost the rest of the suggestion (Tab kept
    it). The space typed is taken as Tab takes it: the ghost stays in step, the words that
    come next show after it."""
    editor, _suggestions = _ask_in_the_middle(qtbot, scripted_assist, scripted,
                                              ["quick", " brown", " "])  # fmt: skip
    scripted.release()
    wait_until(lambda: editor.ghost_text == "quick ")
    qtbot.keyClicks(editor, "quick")
    assert editor.ghost_text == " "  # (the joining space, still shown)
    qtbot.keyClicks(editor, " ")
    scripted.release()
    wait_until(lambda: editor.ghost_text == "brown ")
    assert editor.toPlainText() == "The quick fox jumps."
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "The quick brown fox jumps."
