"""The first suggestion in a long document: a short window first, the wide one read while the
writer pauses (in another sequence of the cache), and the status bar saying how far it is."""

from __future__ import annotations

import pytest

from tests.conftest import wait_until
from writer.engine.engine import FRUGAL_NEW_TOKENS, Engine
from writer.engine.runtime import DecodeAborted
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import FinishReason
from writer.generation.window import SHORT_WINDOW_TOKENS, short_budget, wide_budget


@pytest.fixture
def engine(tiny_engine: Engine) -> Engine:
    """What is read, kept and moved, counted in tokens: the tiny model's cells (conftest)."""
    return tiny_engine


def long_document(engine: Engine, tokens: int = 900) -> str:
    from writer.bench.samples import sample_document

    return "# A long document\n\n" + sample_document(tokens, engine.runtime.tokenize)


def asked(text: str) -> ContinuationRequest:
    """A request as the editor makes it: the writer waits, a short window may serve first."""
    return ContinuationRequest(text, max_tokens=4, stop_at="none", short_first=True)


def ask(engine: Engine, text: str):
    stream = engine.continuation(asked(text))
    stream.text()
    return stream.stats


def test_budgets_leave_room_for_both_windows() -> None:
    """The short window, the wide one and both answers fit in the context at once."""
    for n_ctx in (2048, 4096, 8192, 32768):
        short = short_budget(n_ctx, 48)
        assert short == SHORT_WINDOW_TOKENS
        assert short + 48 + wide_budget(n_ctx, 48) + 48 <= n_ctx
    assert short_budget(512, 48) is None
    assert wide_budget(512, 48) == 512 - 48 - 8


def test_a_cold_long_document_reads_the_short_window_then_adopts_the_wide_one(
    engine: Engine,
) -> None:
    engine.reset_cache()
    doc = long_document(engine)
    wide = engine.continuation_prompt(ContinuationRequest(doc, max_tokens=4))
    assert len(wide.tokens) > 2 * SHORT_WINDOW_TOKENS

    first = ask(engine, doc)
    assert first.short_window
    assert first.evaluated_tokens <= SHORT_WINDOW_TOKENS  # not the whole document

    reports: list[tuple[int, int]] = []
    cancel = CancelToken()
    cancel.on_progress = lambda done, total: reports.append((done, total))
    warm = engine.warm(asked(doc + " and"), cancel)
    assert list(warm) == []
    assert warm.stats.finish_reason == FinishReason.WARMED
    read = warm.stats.evaluated_tokens + warm.stats.reused_tokens
    assert read >= len(wide.tokens)  # the wide window, all of it
    assert reports[0][0] < reports[-1][0] == reports[-1][1]
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)

    later = ask(engine, doc + " and the")
    assert not later.short_window
    assert later.reused_tokens >= len(wide.tokens) - FRUGAL_NEW_TOKENS  # the wide window
    assert later.evaluated_tokens <= FRUGAL_NEW_TOKENS


def test_a_request_that_does_not_ask_for_a_short_window_reads_the_wide_one(
    engine: Engine,
) -> None:
    """A caller that does not wait at the keyboard (the bench, the command line) gets the
    whole window, as before."""
    engine.reset_cache()
    request = ContinuationRequest(long_document(engine), max_tokens=2, stop_at="none")
    stream = engine.continuation(request)
    stream.text()
    assert not stream.stats.short_window
    assert stream.stats.evaluated_tokens == len(engine.continuation_prompt(request).tokens)


def test_a_keystroke_during_the_widening_finds_the_short_window_and_the_widening_resumes(
    engine: Engine,
) -> None:
    engine.reset_cache()
    doc = long_document(engine)
    ask(engine, doc)
    cancel = CancelToken()
    reached: list[int] = []

    def stop_after_a_step(done: int, total: int) -> None:
        reached.append(done)
        if len(reached) == 2:
            cancel.cancel()  # the writer types

    cancel.on_progress = stop_after_a_step
    warm = engine.warm(asked(doc), cancel)
    list(warm)
    assert warm.stats.finish_reason == FinishReason.CANCELLED

    typed = ask(engine, doc + " and")
    assert typed.short_window  # the partial wide window was not waited for
    assert typed.evaluated_tokens <= FRUGAL_NEW_TOKENS  # the short window stayed cached

    resumed: list[int] = []
    cancel = CancelToken()
    cancel.on_progress = lambda done, _total: resumed.append(done)
    list(engine.warm(asked(doc + " and"), cancel))
    assert resumed[0] >= reached[1]  # the steps already read were kept
    assert not ask(engine, doc + " and so").short_window


def test_the_wide_window_is_read_while_the_writer_types_a_word(engine: Engine) -> None:
    """A warm-up inside a word goes on, after the word, reading the wide window a few tokens
    at a time until the next key cancels it; the next one goes on from there."""
    from writer.engine.engine import WIDEN_STEP_TYPING

    engine.reset_cache()
    doc = long_document(engine)
    assert ask(engine, doc + " the").short_window
    wide = engine.continuation_prompt(ContinuationRequest(doc + " the harb", max_tokens=4))
    held = [len(engine.cache.of(engine.wide_seq))]
    for word in ("ha", "har", "harb"):
        cancel = CancelToken()
        steps: list[int] = []

        def a_few_steps(done: int, _total: int, steps=steps, cancel=cancel) -> None:
            steps.append(done)
            if len(steps) == 3:
                cancel.cancel()  # the next key

        cancel.on_progress = a_few_steps
        request = ContinuationRequest(f"{doc} the {word}", typing=True, short_first=True)
        engine.warm(request, cancel).text()
        held.append(len(engine.cache.of(engine.wide_seq)))
    assert held == sorted(held)
    assert held[-1] - held[0] >= 3 * WIDEN_STEP_TYPING  # each kept what it read
    assert held[-1] < len(wide.tokens)  # a few tokens at a time: no whole read in one key
    assert ask(engine, doc + " the harb").short_window  # not read yet, the short one serves


def test_a_paste_too_long_for_the_cache_keeps_the_wide_prefix_for_the_widening(
    engine: Engine,
) -> None:
    """When the wide window would cost more than the short one, the short one serves and the
    wide prefix already read moves to the widening sequence instead of being thrown away."""
    engine.reset_cache()
    doc = long_document(engine)
    list(engine.warm(asked(doc)))
    ask(engine, doc)
    pasted = doc + "\n\n" + long_document(engine, 500).split("\n\n", 1)[1]
    stats = ask(engine, pasted)
    assert stats.short_window
    reports: list[int] = []
    cancel = CancelToken()
    cancel.on_progress = lambda done, _total: reports.append(done)
    list(engine.warm(asked(pasted), cancel))
    assert reports[0] >= len(engine.continuation_prompt(ContinuationRequest(doc)).tokens) // 2


def test_a_cancel_before_the_first_step_raises_nothing(engine: Engine) -> None:
    engine.reset_cache()
    cancel = CancelToken()
    cancel.cancel()
    warm = engine.warm(asked(long_document(engine)), cancel)
    try:
        list(warm)
    except DecodeAborted:  # pragma: no cover - the stream must say CANCELLED instead
        pytest.fail("a cancelled warm-up raised")
    assert warm.stats.finish_reason == FinishReason.CANCELLED


def test_the_status_bar_says_while_the_model_reads_a_long_document(qtbot, window) -> None:
    from PySide6.QtGui import QTextCursor

    window.worker.call(lambda backend, _cancel: backend.reset_cache())
    wait_until(lambda: window.worker.idle)
    label = window.model_status.reading_label
    window.suggestions._reading_shown_timer.setInterval(0)  # (a short reading: its own test)
    seen: list[str] = []
    window.suggestions.reading.connect(lambda _p: seen.append(label.text()))
    editor = window.editor
    engine = window.worker.backend
    editor.setPlainText(long_document(engine))
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setFocus()
    wait_until(lambda: label.isVisible(), 30_000)
    assert label.text().startswith("Reading the document…")
    assert label.text().endswith("%")
    wait_until(lambda: not label.isVisible(), 120_000)
    assert any(text != seen[0] for text in seen)  # the percentage moved on
    # (the last progress, which hides the figure, comes before the warm-up's result: on a
    # loaded machine the result was not there yet when the label had gone)
    handle = window.suggestions.warm_handle
    wait_until(lambda: handle.result is not None, 30_000)
    assert handle.result.finish_reason == FinishReason.WARMED


def test_after_a_short_window_suggestion_the_wide_window_is_read_while_it_shows(
    qtbot, tiny_assist, tiny_worker
) -> None:
    """The first suggestion reads the short window; while its ghost shows and the writer
    pauses, the wide window is read; the next keystroke's suggestion reads the wide one."""
    assist, loaded_worker = tiny_assist, tiny_worker  # (the tiny model's cells)
    from PySide6.QtGui import QTextCursor

    s, editor = assist.suggestions, assist.editor
    loaded_worker.call(lambda backend, _cancel: backend.reset_cache())
    wait_until(lambda: loaded_worker.idle)
    finished: list = []
    s.finished.connect(finished.append)
    reading: list[int] = []
    s.reading.connect(reading.append)
    s._reading_shown_timer.setInterval(0)  # (a short reading says nothing: its own test)
    editor.setPlainText(long_document(loaded_worker.backend) + " The")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    s.request_now()
    wait_until(lambda: bool(finished), 60_000)
    assert finished[0].short_window
    wait_until(lambda: bool(reading) and reading[-1] == -1, 120_000)
    assert any(p >= 0 for p in reading)  # progress was told before the end
    if s.remainder:
        assert editor.ghost_visible  # the ghost stayed while the model read
    finished.clear()
    s.dismiss()
    s.request_now()
    wait_until(lambda: bool(finished), 60_000)
    assert not finished[0].short_window
    assert finished[0].evaluated_tokens <= 16


def _type_a_word_at_the_end(qtbot, assist, loaded_worker) -> list[int]:
    """A long document, not read yet, and "harbou" typed at its end with no pause long enough
    to ask (the ask waits a minute: no idle warm-up either); the status bar's figures, as the
    controller sends them, come in the list returned."""
    from PySide6.QtGui import QTextCursor

    from writer.assist.suggestions import SuggestionSettings

    s, editor = assist.suggestions, assist.editor
    s.settings = SuggestionSettings(debounce_ms=60_000, show_first_prob=0.0, trim_run_prob=0.0)
    loaded_worker.call(lambda backend, _cancel: backend.reset_cache())
    wait_until(lambda: loaded_worker.idle)
    reading: list[int] = []
    s.reading.connect(reading.append)
    s._reading_shown_timer.setInterval(0)  # (a short reading says nothing: its own test)
    editor.setPlainText(long_document(loaded_worker.backend) + " the ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "harbou")
    return reading


def test_the_status_bar_says_how_far_the_model_reads_while_the_writer_types(
    qtbot, tiny_assist, tiny_worker
) -> None:
    """In a long document the writer types a word without pausing long enough to be asked
    (no idle warm-up either): the warm-ups inside the word read the wide window after it,
    and the status bar says how far, as an idle warm-up's reading does, then nothing once
    all of it is read; the word's end then reads the wide window."""
    assist, loaded_worker = tiny_assist, tiny_worker  # (the tiny model's cells)
    s, editor = assist.suggestions, assist.editor
    reading = _type_a_word_at_the_end(qtbot, assist, loaded_worker)
    wait_until(lambda: bool(reading) and reading[-1] == -1, 120_000)
    shown = [p for p in reading if p >= 0]
    assert shown  # how far, before the end
    assert shown[-1] > shown[0]  # and on (each letter's prompt is a token longer: ±1)
    assert s.settle_requests >= 1
    assert s.warm_requests == 0  # the letters' warm-ups read it, no pause did
    finished: list = []
    s.finished.connect(finished.append)
    qtbot.keyClicks(editor, "r")
    s.request_now()
    wait_until(lambda: bool(finished), 60_000)
    assert not finished[-1].short_window


def test_a_reading_figure_no_warm_up_goes_on_from_goes(qtbot, assist, loaded_worker) -> None:
    """The warm-up inside a word is cancelled in the middle of its reading and nothing follows
    (the writer keeps a selection, turns suggestions off): the status bar's figure does not
    stay; it goes once no warm-up has said how far it is for a while."""
    from writer.assist.suggestions import READING_STALE_MS

    s = assist.suggestions
    s._reading_timer.setInterval(READING_STALE_MS // 8)  # the rule, in a test's time
    reading = _type_a_word_at_the_end(qtbot, assist, loaded_worker)
    wait_until(lambda: any(p >= 0 for p in reading), 60_000)
    handle = s._settle_handle
    assert handle is not None
    handle.cancel()
    wait_until(lambda: loaded_worker.idle)
    assert reading[-1] >= 0  # the figure shows, and no warm-up goes on
    wait_until(lambda: reading[-1] == -1, READING_STALE_MS + 10_000)
    assert s.warm_requests == 0


def test_a_short_reading_says_nothing_and_a_long_one_says_how_far(qtbot, scripted_assist) -> None:
    """A warm-up's reading that is over at once (a tiny document, a project's few words of
    memory) puts no "Reading the document… 0%" in the status bar; one still under way after
    READING_SHOWN_AFTER_MS says how far it is, then goes when it is done."""
    s = scripted_assist.suggestions
    reading: list[int] = []
    s.reading.connect(reading.append)
    s._on_progress(0, 40)  # (as a warm-up's handle reports: `progressed`)
    s._on_progress(40, 40)
    assert reading == []
    assert not s._reading_shown_timer.isActive()  # nothing left to say it later
    s._on_progress(0, 4000)
    s._on_progress(400, 4000)
    wait_until(lambda: bool(reading), 10_000)
    assert reading == [10]  # the figure it has reached, not the 0 it started at
    s._on_progress(2000, 4000)
    s._on_progress(4000, 4000)
    assert reading == [10, 50, -1]
