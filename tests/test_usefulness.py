"""Suggestions worth taking: the confidence gate, the next suggestion ready on accept, the
memory for backspace, and quiet in a language the model cannot write."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.conftest import wait_until
from tests.test_editor import count_submits, type_text, wait_for_ghost
from writer.generation.results import GenerationStats
from writer.generation.rules import GenerationRules, Limits
from writer.ui.surface import Shown


def continuations(scripted) -> list:
    return [request for kind, request in scripted.history if kind == "continuation"]


# the gate ---------------------------------------------------------------------------------------
def test_a_ghost_whose_first_token_is_unsure_is_not_shown(qtbot, scripted_assist, scripted) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.settings.show_first_prob = 0.3
    scripted.enqueue("continuation", [(" lantern", 0.12), (" at dawn.", 0.9)])
    type_text(qtbot, editor, "She lit the ")
    wait_until(lambda: suggestions.quieted == 1)
    assert editor.ghost_text == ""
    assert not editor.ghost_visible
    # the same words, first token above the threshold: shown
    scripted.enqueue("continuation", [(" lantern", 0.31), (" at dawn.", 0.9)])
    suggestions.request_now()
    assert wait_for_ghost(qtbot, editor) == "lantern at dawn." or editor.ghost_text


def test_the_writer_asking_sees_even_an_unsure_ghost(qtbot, scripted_assist, scripted) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.settings.show_first_prob = 0.9
    suggestions.set_enabled(False)
    editor.setPlainText("She lit the")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    suggestions.set_enabled(True)
    scripted.enqueue("continuation", [(" lantern", 0.05)])
    suggestions.ask()
    assert wait_for_ghost(qtbot, editor) == " lantern"
    assert suggestions.quieted == 0


def test_the_tail_ends_where_the_running_confidence_falls_never_inside_a_word() -> None:
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=40, min_run_prob=0.3), stats)
    tokens = [(" The", 0.9), (" cat", 0.8), (" sat", 0.5), ("ting", 0.3), (" on", 0.9)]
    shown = [rules.token(t, p) for t, p in tokens]
    assert "".join(shown) == " The cat satting"  # "ting" finishes the word; " on" is trimmed
    assert stats.finish_reason.value == "unsure"
    # the first word is never trimmed, however unsure
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=40, min_run_prob=0.5), stats)
    assert rules.token(" Wh", 0.1) == " Wh"
    assert rules.token("ither", 0.2) == "ither"
    assert rules.token(" now", 0.9) == ""


# the next ghost, ready on accept ----------------------------------------------------------------
def test_the_next_ghost_shows_at_once_when_one_is_taken(qtbot, scripted_assist, scripted) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.enqueue("continuation", ["the", " harbour."])
    scripted.enqueue("continuation", [" Nobody", " came."])
    type_text(qtbot, editor, "We walked to ")
    assert wait_for_ghost(qtbot, editor) == "the harbour."
    wait_until(lambda: suggestions.next_ready == " Nobody came.")
    asked = continuations(scripted)
    assert len(asked) == 2
    assert asked[1].before == "We walked to the harbour."
    # asked ahead of time: a keystroke stops it within a step (see Engine.continuation)
    assert [r.ahead for r in asked] == [False, True]
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    # shown within the same key event: no request could have answered it yet
    assert editor.toPlainText() == "We walked to the harbour."
    assert editor.ghost_text == " Nobody came."
    # nothing was asked for the text as it now stands; only what follows the new ghost, ahead
    wait_until(lambda: len(continuations(scripted)) >= 3)
    assert [r.before for r in continuations(scripted)[2:]] == [
        "We walked to the harbour. Nobody came."
    ]
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "We walked to the harbour. Nobody came."


def test_a_quote_typed_through_a_ghost_and_one_taken_come_out_curly(
    qtbot, scripted_assist, scripted
) -> None:
    """Format → Typographic Quotes: a quote typed where the ghost shows one goes on through it
    (made curly, as its own undo step, the ghost kept), and the quote the ghost brings comes
    out curly when taken."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    editor.smart_quotes = True
    scripted.enqueue("continuation", [' "Hello', " there.\""])
    scripted.enqueue("continuation", [" Nobody", " came."])
    type_text(qtbot, editor, "She said")
    assert wait_for_ghost(qtbot, editor) == " “Hello there.”"  # (shown as it will be written)
    wait_until(lambda: suggestions.next_ready == " Nobody came.")
    asked = len(continuations(scripted))
    assert continuations(scripted)[-1].before == "She said “Hello there.”"  # (as taken)
    type_text(qtbot, editor, ' "')
    assert editor.toPlainText() == "She said “"
    assert editor.ghost_text == "Hello there.”"  # (kept: nothing asked again)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "She said “Hello there.”"
    assert editor.ghost_text == " Nobody came."  # the next, asked ahead: it was thrown away
    assert len([r for r in continuations(scripted)[asked:] if not r.ahead]) == 0
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    editor.undo()  # (the ghost taken)
    editor.undo()  # the quote made curly: the straight one typed comes back
    assert editor.toPlainText() == 'She said "'
    assert suggestions is scripted_assist.suggestions


def show_with_next(qtbot, scripted_assist, scripted) -> None:
    """After "We walked to ", the ghost "the harbour." shows and " Nobody came." is ready
    behind it (asked ahead)."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    scripted.enqueue("continuation", ["the", " harbour."])
    scripted.enqueue("continuation", [" Nobody", " came."])
    type_text(qtbot, editor, "We walked to ")
    wait_for_ghost(qtbot, editor)
    wait_until(lambda: suggestions.next_ready == " Nobody came.")


def test_taking_the_last_word_also_brings_the_next(qtbot, scripted_assist, scripted) -> None:
    editor = scripted_assist.editor
    show_with_next(qtbot, scripted_assist, scripted)
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert editor.ghost_text == " harbour."
    for _word in (" harbour", "."):
        qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert editor.ghost_text == " Nobody came."
    assert continuations(scripted)[1].before == "We walked to the harbour."


def test_a_next_ghost_among_the_alternatives_keeps_its_own_request(
    qtbot, scripted_assist, scripted
) -> None:
    """The ghost asked ahead, shown when the writer took the last one, comes first among the
    alternatives where the search did not find it, with the request it was made for: its
    prompt is its own (not healed, engine.py), so another word picked in it is made from it."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    show_with_next(qtbot, scripted_assist, scripted)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.ghost_text == " Nobody came."
    wait_until(lambda: suggestions.shown_alternative() is not None)  # it has ended
    scripted.enqueue_alternatives([" It rained.", " The end."])
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, alt)
    wait_until(lambda: editor.ghost_text == " It rained.")
    _alt, request = scripted_assist.alternatives.current
    assert request is not None
    assert not request.ahead  # the search's own
    qtbot.keyClick(editor, Qt.Key.Key_BracketLeft, alt)
    assert editor.ghost_text == " Nobody came."
    _alt, request = scripted_assist.alternatives.current
    assert request is not None
    assert request.ahead
    assert request.before == "We walked to the harbour."


def test_a_next_ghost_made_for_other_text_is_not_shown(qtbot, scripted_assist, scripted) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    show_with_next(qtbot, scripted_assist, scripted)
    type_text(qtbot, editor, "a")  # not what the ghost says: it goes, and its next with it
    assert suggestions.next_ready == ""
    assert "Nobody" not in editor.ghost_text


# backspace memory -------------------------------------------------------------------------------
def test_backspace_over_a_typo_brings_the_ghost_back(qtbot, scripted_assist, scripted) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.settings.look_ahead = False
    scripted.enqueue("continuation", ["the", " harbour."])
    type_text(qtbot, editor, "We walked to ")
    assert wait_for_ghost(qtbot, editor) == "the harbour."
    type_text(qtbot, editor, "x")  # a typo
    assert editor.ghost_text == ""
    wait_until(lambda: suggestions.pending is None and not suggestions.scheduled)
    asked = len(continuations(scripted))
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    wait_until(lambda: editor.ghost_text == "the harbour.")
    assert not suggestions.scheduled
    assert len(continuations(scripted)) == asked  # from memory, no request
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "We walked to the harbour."


def test_backspace_into_what_was_typed_through_brings_the_ghost_back(
    qtbot, scripted_assist, scripted
) -> None:
    """The writer typed the ghost's first letters, then a typo, then backspaced over the typo
    and one letter more: the ghost came back after the typo's backspace, and went for good
    after the next (it was kept only for the place the typo was made; seen in a real window
    with " for a long time": " " typed through, "x", Backspace, Backspace)."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.settings.look_ahead = False
    scripted.enqueue("continuation", [" for a long", " time."])
    type_text(qtbot, editor, "He waited")
    suggestions.ask()
    assert wait_for_ghost(qtbot, editor) == " for a long time."
    type_text(qtbot, editor, " fo")  # typed through
    assert editor.ghost_text == "r a long time."
    type_text(qtbot, editor, "x")  # a typo
    assert editor.ghost_text == ""
    wait_until(lambda: suggestions.pending is None and not suggestions.scheduled)
    asked = len(continuations(scripted))
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    wait_until(lambda: editor.ghost_text == "r a long time.")
    for shown in ("or a long time.", "for a long time.", " for a long time."):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
        wait_until(lambda shown=shown: editor.ghost_text == shown)
    assert len(continuations(scripted)) == asked  # from memory, no request
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "He waited for a long time."


# a language the model cannot write --------------------------------------------------------------
def test_the_english_starter_stays_quiet_in_chinese_and_says_which_model_writes_it(
    qtbot, assist, loaded_worker, monkeypatch
) -> None:
    editor, suggestions = assist.editor, assist.suggestions
    messages: list[str] = []
    assist.message.connect(messages.append)
    suggestions.set_enabled(False)
    editor.setPlainText("今天港口很安静，渔船都还没有回来。")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    suggestions.set_enabled(True)
    calls = count_submits(monkeypatch, loaded_worker)
    type_text(qtbot, editor, "我们")
    type_text(qtbot, editor, "。")
    wait_until(lambda: bool(messages) and not suggestions.scheduled)
    quieted = suggestions.quieted
    type_text(qtbot, editor, "。")
    wait_until(lambda: suggestions.quieted > quieted and not suggestions.scheduled)
    assert calls == []
    assert len(messages) == 1  # said once (the window's model status names a model that
    assert "English only" in messages[0]  # writes Chinese: tests/test_application.py)
    assert "Chinese text" in messages[0]
    # Japanese (kana among its Han characters: it was taken for Chinese) and Korean (Hangul:
    # it was not quiet at all) are quiet too, each named as itself
    others = (
        ("今日は港が静かで、漁船はまだ", "。", "Japanese"),
        ("오늘 항구는 조용하다", "。", "Korean"),
        ("Сегодня в порту тихо, лодки ещё", "。", "Russian"),  # (a script's: it was not quiet)
        # told by its words (Latin letters: it wrote English ghosts at every word's end)
        ("Il ne parlait à personne au village, mais les pêcheurs savaient qu'il", " ", "French"),
    )
    for text, typed, name in others:
        suggestions.set_enabled(False)
        editor.setPlainText(text)
        editor.moveCursor(QTextCursor.MoveOperation.End)
        suggestions.set_enabled(True)
        told = len(messages)
        type_text(qtbot, editor, typed)
        wait_until(lambda told=told: len(messages) > told and not suggestions.scheduled)
        assert f"{name} text" in messages[-1]
        assert "Chinese" not in messages[-1]
    # a word begun before a French paragraph: too few words before the cursor to tell, the
    # text around it does (English ghosts came there)
    suggestions.set_enabled(False)
    editor.setPlainText("Il\n\n" + others[-1][0] + " les attendait au port.")
    cursor = editor.textCursor()
    cursor.setPosition(2)
    editor.setTextCursor(cursor)
    suggestions.set_enabled(True)
    quieted = suggestions.quieted
    type_text(qtbot, editor, " ")
    wait_until(lambda: suggestions.quieted > quieted and not suggestions.scheduled)
    assert calls == []
    assert editor.ghost_text == ""
    suggestions.ask()  # Ctrl+Space still asks
    wait_until(lambda: len(calls) == 1)


def test_english_typed_under_a_chinese_title_is_not_taken_for_chinese(
    qtbot, assist, loaded_worker, monkeypatch
) -> None:
    """A new story with a Chinese title, written in English: its first words, too few to tell
    a language, were judged with the title around them, and the status bar said suggestions
    stay quiet in Chinese text (once: a Chinese paragraph later was then quiet unsaid). A
    paragraph in Latin letters alone is not taken for a language of another script."""
    editor, suggestions = assist.editor, assist.suggestions
    messages: list[str] = []
    assist.message.connect(messages.append)
    kinds: list[str] = []
    submit = loaded_worker.submit

    def recording(job, **kwargs):
        kinds.append(kwargs.get("kind", ""))
        return submit(job, **kwargs)

    monkeypatch.setattr(loaded_worker, "submit", recording)
    suggestions.set_enabled(False)
    editor.setPlainText("# 灯塔\n\n")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    suggestions.set_enabled(True)
    type_text(qtbot, editor, "Th")
    wait_until(lambda: "suggestion" in kinds and not suggestions.scheduled)
    type_text(qtbot, editor, "e keeper ")
    wait_until(lambda: kinds.count("suggestion") >= 2 and not suggestions.scheduled)
    assert messages == []
    # a Chinese paragraph after it is quiet, and said to be
    type_text(qtbot, editor, "\n\n今天港口很安静")
    type_text(qtbot, editor, "。")
    wait_until(lambda: bool(messages) and not suggestions.scheduled)
    assert "Chinese text" in messages[0]


def test_a_ghost_taken_while_it_streams_goes_on_streaming(qtbot, scripted_assist, scripted) -> None:
    editor = scripted_assist.editor
    scripted.step(True)
    scripted.enqueue("continuation", ["the", " harbour", " at", " dawn."])
    type_text(qtbot, editor, "We walked to ")
    scripted.release(1)
    wait_until(lambda: editor.ghost_text == "the")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "We walked to the"
    scripted.release(3)
    wait_until(lambda: editor.ghost_text == " harbour at dawn.")
    # the same request went on (the only other one asks ahead, for what follows it)
    later = [r.before for r in continuations(scripted)][1:]
    assert later in ([], ["We walked to the harbour at dawn."])


@pytest.mark.parametrize("typed", [False, True])
def test_a_ghost_taken_whole_before_its_stream_ends_brings_the_next(
    qtbot, scripted_assist, scripted, typed: bool
) -> None:
    """Tab (or typing) takes all the ghost shows while its request still runs; when that
    request ends with nothing more, what follows is asked for as after any accept (after
    typing through: a typing request)."""
    editor = scripted_assist.editor
    scripted.step(True)
    scripted.enqueue("continuation", ["the harbour.", ""])
    scripted.enqueue("continuation", [" Nobody", " came."])
    type_text(qtbot, editor, "We walked to ")
    scripted.release(1)
    wait_until(lambda: editor.ghost_text == "the harbour.")
    if typed:
        type_text(qtbot, editor, "the harbour.")
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "We walked to the harbour."
    assert len(continuations(scripted)) == 1  # still streaming: nothing asked yet
    scripted.step(False)  # the request ends, with nothing more to show
    wait_until(lambda: editor.ghost_text == " Nobody came.")
    following = continuations(scripted)[1]
    assert following.before == "We walked to the harbour."
    assert following.typing == typed


def test_the_gate_on_the_real_model(qtbot, assist) -> None:
    """With a threshold no first token reaches, a word end shows nothing on the starter model;
    with none, the same place shows a ghost."""
    editor, suggestions = assist.editor, assist.suggestions
    suggestions.settings.show_first_prob = 1.01
    type_text(qtbot, editor, "The harbour was quiet because ")
    wait_until(lambda: suggestions.quieted == 1)
    assert not editor.ghost_visible
    suggestions.settings.show_first_prob = 0.0
    suggestions.request_now()
    assert wait_for_ghost(qtbot, editor)


# asking with Ctrl+Space --------------------------------------------------------------------------
def test_with_suggestions_off_a_ghost_comes_only_when_asked(
    qtbot, scripted_assist, scripted
) -> None:
    """Suggestions off is a way to write: ghosts come on Ctrl+Space only, the next one too (no
    look-ahead, no warm-up, nothing at a word's end)."""
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.set_enabled(False)
    scripted.enqueue("continuation", ["the harbour."])
    scripted.enqueue("continuation", ["The boats were in."])
    type_text(qtbot, editor, "We walked to ")
    assert suggestions.ask() is not None
    assert wait_for_ghost(qtbot, editor) == "the harbour."
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    type_text(qtbot, editor, " Then ")
    assert suggestions.ask() is not None
    assert wait_for_ghost(qtbot, editor) == "The boats were in."
    # the backend saw the two that were asked for, and nothing between them
    assert [(kind, request.before) for kind, request in scripted.history] == [
        ("continuation", "We walked to "),
        ("continuation", "We walked to the harbour. Then "),
    ]


def test_ctrl_space_says_why_nothing_comes(qtbot, scripted_assist, scripted) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    messages: list[str] = []
    scripted_assist.message.connect(messages.append)

    def ask() -> str:
        messages.clear()
        handle = suggestions.ask()
        assert handle is None
        assert len(messages) == 1
        return messages[0]

    suggestions.set_enabled(False)  # nothing asked for by itself while the places are set up
    assert "no text before the cursor" in ask()
    editor.setPlainText("The harbour")
    cursor = editor.textCursor()
    cursor.setPosition(7)  # "The har|bour"
    editor.setTextCursor(cursor)
    assert "not inside one" in ask()
    editor.selectAll()
    assert "Ctrl+Shift+R" in ask()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setReadOnly(True)
    assert "read-only" in ask()
    editor.setReadOnly(False)
    editor.surface.open_rewrite(lambda _action: False)
    assert ask() == editor.surface.refusal(Shown.SUGGESTION)
    editor.surface.close_rewrite()
    assert scripted.history == []
    # and where one can come, it is asked for, and nothing is said
    messages.clear()
    scripted.enqueue("continuation", [" was quiet."])
    assert suggestions.ask() is not None
    assert wait_for_ghost(qtbot, editor) == " was quiet."
    assert len(scripted.history) == 1
    assert messages == []


def test_ctrl_space_without_a_model_says_one_is_needed(qtbot, qapp) -> None:
    from writer.assist.inline import InlineAssist
    from writer.assist.suggestions import SuggestionSettings
    from writer.ui.editor import Editor
    from writer.worker import EngineWorker

    worker = EngineWorker()  # no model opened
    worker.start()
    try:
        editor = Editor()
        qtbot.addWidget(editor)
        assist = InlineAssist(editor, worker, SuggestionSettings(debounce_ms=10))
        messages: list[str] = []
        assist.message.connect(messages.append)
        type_text(qtbot, assist.editor, "We walked to ")
        assert assist.suggestions.ask() is None
        assert len(messages) == 1
        assert "No model is ready" in messages[0]
    finally:
        worker.stop()


def test_ctrl_space_says_so_when_the_model_has_nothing_here(
    qtbot, scripted_assist, scripted
) -> None:
    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    messages: list[str] = []
    scripted_assist.message.connect(messages.append)
    suggestions.set_enabled(False)
    type_text(qtbot, editor, "It was a dark and stormy ")
    assert suggestions.ask() is not None  # the script answers nothing
    wait_until(lambda: bool(messages))
    assert messages == ["The model has nothing to suggest here."]
    assert scripted.kinds() == ["continuation"]


def test_a_suggestion_of_line_breaks_alone_is_nothing_to_see_and_tab_takes_nothing(
    qtbot, scripted_assist, scripted
) -> None:
    """At a paragraph's end the model may answer only the next paragraph's break (its words cut
    where its confidence fell): the ghost showed nothing, Ctrl+Space looked unanswered, and
    Tab wrote two line breaks the writer never saw. Nothing shows, Ctrl+Space says so, and Tab
    is Tab."""
    from PySide6.QtCore import Qt

    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    messages: list[str] = []
    scripted_assist.message.connect(messages.append)
    suggestions.set_enabled(False)
    type_text(qtbot, editor, "It was a dark and stormy night.")
    scripted.enqueue("continuation", ["\n", "\n"])
    assert suggestions.ask() is not None
    wait_until(lambda: bool(messages))
    assert messages == ["The model has nothing to suggest here."]
    assert not editor.ghost_visible
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert "\n" not in editor.toPlainText()


def test_tab_takes_no_line_breaks_streaming_before_their_words(
    qtbot, scripted_assist, scripted
) -> None:
    """(look32's.) While a suggestion streams, its first piece may be the next paragraph's
    break alone: Tab in that moment wrote it unseen. Tab is Tab until words show."""
    from PySide6.QtCore import Qt

    editor, suggestions = scripted_assist.editor, scripted_assist.suggestions
    suggestions.set_enabled(False)
    type_text(qtbot, editor, "It was a dark and stormy night.")
    scripted.step()
    scripted.enqueue("continuation", ["\n\n", "The rain fell."])
    assert suggestions.ask() is not None
    scripted.release(1)
    wait_until(lambda: editor.ghost_text == "\n\n")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert "\n" not in editor.toPlainText()
    scripted.step(False)
