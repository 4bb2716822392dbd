"""Writing in the middle: suggestions that never repeat what follows the cursor nor parrot what
precedes it, fill-in-the-middle prompts for models that can, the head of a long document, and
ghost text that pushes the rest of the line aside."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from tests.conftest import fuzz_examples, wait_until
from writer.engine.decode import Greedy
from writer.engine.repetition import DryPenalty
from writer.generation.requests import ContinuationRequest
from writer.generation.text import COPY_UNITS, UNIT, SuggestionText

LIGHTHOUSE_ZH = "灯塔看守人每天晚上都爬上螺旋楼梯，"


def shown(rules: SuggestionText, pieces: list[str]) -> tuple[str, list[str], bool]:
    out, stopped = [], False
    for piece in pieces:
        text, stop = rules.add(piece)
        out.append(text)
        if stop:
            stopped = True
            break
    if not stopped:
        out.append(rules.flush())
    return "".join(out), out, stopped


# the rules -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("after", "pieces", "expected"),
    [
        # the suggestion runs into the text after the cursor (which starts with a space)
        (" on the mat.", [" quietly", " on", " the", " mat", "."], " quietly"),
        # the text after begins with a word: the suggestion keeps its space before it
        ("sat on the mat.", [" quietly", " sat", " on", " the"], " quietly "),
        # nothing but the following text: no ghost at all
        (" on the mat.", [" on", " the", " mat", "."], ""),
        # a word that only starts like the following text is shown in the end
        (" on the mat.", [" quietly", " onward", " home"], " quietly onward home"),
        # Chinese: the following characters are not written twice
        ("楼梯，然后点亮了灯。", ["慢", "慢", "地", "爬", "上", "楼", "梯", "，"], "慢慢地爬上"),
    ],
)
def test_a_suggestion_never_repeats_what_follows(after, pieces, expected) -> None:
    text, parts, _stopped = shown(SuggestionText("none", after=after), pieces)
    assert text == expected
    assert all(expected.startswith("".join(parts[: i + 1])) for i in range(len(parts)))


class NoMemory(set):
    def add(self, _start: int) -> None:
        pass


class Forgetful(SuggestionText):
    """The rules without their memory of starts that can no longer repeat: every piece looks
    at every start again, as the rules did before they had that memory."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dead = NoMemory()


RULE_WORDS = st.sampled_from(
    ["the", " keeper", " lamp", ",", ".", " ", "\n", "灯塔", "楼梯", "Ship"]
)


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(
    st.lists(RULE_WORDS, max_size=30).map("".join),
    st.lists(RULE_WORDS, max_size=8).map("".join),
    st.lists(st.lists(RULE_WORDS, min_size=1, max_size=3).map("".join), max_size=40),
    st.sampled_from(["none", "sentence", "line"]),
)
def test_remembering_dead_starts_changes_nothing(before, after, pieces, stop_at) -> None:
    """A start whose rest is neither in the text before nor the beginning of the text after
    never becomes a repeat as the suggestion grows, so skipping it is only faster."""
    fast = shown(SuggestionText(stop_at, before=before, after=after), pieces)
    slow = shown(Forgetful(stop_at, before=before, after=after), pieces)
    assert fast == slow


def test_a_suggestion_never_copies_a_long_run_of_what_precedes() -> None:
    before = "The keeper climbed the hundred and twelve steps to light the lamp. Then"
    copy = " the keeper climbed the hundred and twelve steps to light".split(" ")
    pieces = [" " + w for w in copy if w]
    text, parts, stopped = shown(SuggestionText("none", before=before), pieces)
    assert stopped
    assert len(UNIT.findall(text)) < 2  # cut before the copy; at most one word of it shown
    assert "keeper climbed" not in text
    # shown text is never taken back
    assert all(text.startswith("".join(parts[: i + 1])) for i in range(len(parts)))


def test_the_chinese_loop_is_cut() -> None:
    pieces = list(LIGHTHOUSE_ZH + "灯塔看守人每天")
    text, _parts, stopped = shown(SuggestionText("none", before=LIGHTHOUSE_ZH), pieces)
    assert stopped
    assert len(text) <= 1  # at most the first character, shown before the copy could be told


def test_short_runs_of_what_precedes_are_fine() -> None:
    before = "The river was high and the ferry did not run."
    pieces = [" The", " river", " was", " calm", " the", " next", " day", "."]
    text, _parts, stopped = shown(SuggestionText("none", before=before), pieces)
    assert text == " The river was calm the next day."
    assert not stopped


def test_dry_lowers_only_tokens_that_extend_a_repeat() -> None:
    breakers = np.zeros(100, dtype=bool)
    breakers[9] = True
    dry = DryPenalty(breakers)
    history = [5, 6, 7, 8, 20, 21, 5, 6, 7]  # 5 6 7 was followed by 8
    follow, amount = dry.penalties(history)
    assert list(follow) == [8]
    assert amount[0] == pytest.approx(0.8 * 1.75 ** (3 - 2))
    row = np.zeros(100, dtype=np.float32)
    out = dry.apply(row, history)
    assert out[8] < 0
    assert (np.delete(out, 8) == 0).all()
    assert row[8] == 0  # a copy: the logits llama.cpp owns are not written
    # in place, for a decode loop whose logits no one else reads
    assert dry.apply(row, history, in_place=True) is row
    assert row[8] == out[8]
    assert (np.delete(row, 8) == 0).all()
    # and given back as the decode left it (the logits kept after a suggestion's end)
    dry.restore(row)
    assert (row == 0).all()
    dry.apply(row, [5, 6, 7], in_place=True)  # no repeat: nothing lowered, nothing to give back
    dry.restore(row)
    assert (row == 0).all()
    # a greedy step lowers its row in place, and gives it back when generation ends there
    policy = Greedy(penalty=DryPenalty(breakers), history=history)
    logits = np.zeros((1, 100), dtype=np.float32)
    logits[0, 8] = 3.0
    policy.step(logits, len(history))
    assert logits[0, 8] < 3.0
    ended = policy.end_row(logits)
    assert ended is not None
    assert ended[8] == 3.0
    assert (np.delete(ended, 8) == 0).all()
    # a line break ends a run: no penalty across it
    assert not len(dry.penalties([5, 6, 7, 8, 9, 5, 6, 9])[0])


# fill in the middle ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fim_engine(fim_model: Path):
    from writer.engine.engine import Engine

    with Engine.load(fim_model, n_ctx=1024, probe=False) as engine:
        yield engine


def test_the_prompt_that_reaches_llama_cpp_is_prefix_suffix_middle(fim_engine, engine) -> None:
    assert fim_engine.info.fills_middle  # what the Context panel reads
    assert not engine.info.fills_middle  # the starter model: no fill-in-the-middle tokens
    engine = fim_engine
    assert engine.fim == (11, 12, 13)
    rt = engine.runtime
    before, after = "The keeper climbed the stairs", " to light the lamp. The night was calm."
    evaluated: list[int] = []
    decode = engine.cache.ctx.decode

    def recording(tokens, start, seq=0, on_chunk=None, all_logits=False):
        evaluated.extend(tokens)
        return decode(tokens, start, seq, on_chunk, all_logits)

    engine.cache.ctx.decode = recording
    try:
        engine.reset_cache()
        engine.continuation(ContinuationRequest(before, after, max_tokens=2)).text()
    finally:
        del engine.cache.ctx.decode
    prefix = rt.tokenize(before, add_bos=False)[:-1]  # " stairs" is healed (engine/prompt.py)
    suffix = rt.tokenize(after, add_bos=False)
    lead = [rt.bos] if rt.add_bos else []
    assert evaluated == [*lead, 11, *prefix, 12, *suffix, 13]
    # without text after the cursor, today's prompt
    plain = engine.continuation_prompt(ContinuationRequest(before, ""))
    assert plain.tokens == [*lead, *prefix]
    assert not plain.fim


def test_an_infill_keystroke_keeps_the_prefix_cached(fim_engine) -> None:
    engine = fim_engine
    before = "The keeper climbed the stairs every evening and"
    after = " the lamp burned until morning."
    engine.continuation(ContinuationRequest(before, after, max_tokens=2)).text()
    second = engine.continuation(ContinuationRequest(before + " lit", after, max_tokens=2))
    second.text()
    stats = second.stats
    # the prefix part is reused; the typed word, the suffix part and the middle token are not
    assert stats.reused_tokens >= len(engine.runtime.tokenize(before, add_bos=False))
    assert stats.evaluated_tokens <= len(engine.runtime.tokenize(after, add_bos=False)) + 4


def test_models_without_fim_tokens_keep_todays_prompt(engine) -> None:
    assert engine.fim is None
    prompt = engine.continuation_prompt(ContinuationRequest("The keeper ", "lit the lamp."))
    assert not prompt.fim
    assert prompt.tokens == engine.runtime.tokenize("The keeper")


# the head of a long document -------------------------------------------------------------------
def long_document(sections: int = 60) -> str:
    from writer.bench.samples import sample_document

    body = sample_document(320, lambda s: s.split() * 1)  # about 320 words a section
    parts = ["# The Lighthouse Keeper\n"]
    for n in range(1, sections + 1):
        parts.append(f"## Chapter {n}\n\n{body}\n")
    return "\n".join(parts)


def test_the_head_keeps_the_title_and_outline(engine) -> None:
    doc = long_document()
    prompt = engine.continuation_prompt(ContinuationRequest(doc + "\nThe keeper", max_tokens=48))
    assert prompt.window_start > 0
    assert prompt.head.startswith("# The Lighthouse Keeper\n")
    assert "## Chapter 60" not in prompt.head or prompt.window_start > doc.index("## Chapter 60")
    assert re.search(r"## Chapter \d+\n", prompt.head)
    head_tokens = engine.runtime.tokenize(prompt.head)
    assert prompt.tokens[: len(head_tokens)] == head_tokens
    # typing keeps the head, so its tokens stay cached
    typed = engine.continuation_prompt(ContinuationRequest(doc + "\nThe keeper lit", 48))
    assert typed.head == prompt.head
    assert typed.tokens[: len(head_tokens)] == head_tokens


def test_the_head_survives_a_20000_token_document_and_the_next_keystroke_reuses_it(
    tiny_model: Path,
) -> None:
    """(What is read and kept, counted in tokens: the tiny model's cells, conftest.)"""
    from writer.engine.engine import Engine

    doc = long_document(70)
    with Engine.load(tiny_model, n_ctx=1024, probe=False) as small:
        assert len(small.runtime.tokenize(doc)) > 20_000
        first = small.continuation(ContinuationRequest(doc + "\nThe keeper", max_tokens=4))
        first.text()
        prompt = small.continuation_prompt(ContinuationRequest(doc + "\nThe keeper", 4))
        assert prompt.head.startswith("# The Lighthouse Keeper")
        second = small.continuation(ContinuationRequest(doc + "\nThe keeper lit", max_tokens=4))
        second.text()
        assert second.stats.evaluated_tokens <= 3
        assert second.stats.reused_tokens >= second.stats.prompt_tokens - 3 > 600


# in the editor, with the real model ------------------------------------------------------------
def test_a_written_ending_is_not_suggested_again(qtbot, editor, suggestions, engine) -> None:
    """The model would write the sentence's ending again; the ghost stops before it."""
    before = "Once upon a time, there was a little girl named Lily. She loved to"
    after = " play outside in the sunshine."
    raw = engine.continuation(ContinuationRequest(before, max_tokens=12, stop_at="none"))
    assert "play outside" in raw.text()  # what the model writes without the text after
    suggestions.settings.stop_at = "none"
    editor.setPlainText(before + after)
    cursor = editor.textCursor()
    cursor.setPosition(len(before))
    editor.setTextCursor(cursor)
    handle = suggestions.request_now()
    assert handle is not None
    wait_until(lambda: handle.done, 30_000)
    ghost = editor.ghost_text
    assert "play outside" not in ghost
    if ghost:
        qtbot.keyClick(editor, "\t")
    assert editor.toPlainText().count("play outside") == 1


def test_the_chinese_sentence_gets_no_copy_of_itself(qtbot, editor, suggestions) -> None:
    from tests.test_editor import type_text

    suggestions.settings.stop_at = "none"
    type_text(qtbot, editor, LIGHTHOUSE_ZH)
    handle = suggestions.request_now()
    wait_until(lambda: handle is None or handle.done, 30_000)
    ghost = editor.ghost_text
    units = UNIT.findall(LIGHTHOUSE_ZH)
    runs = {"".join(units[i : i + COPY_UNITS]) for i in range(len(units) - COPY_UNITS + 1)}
    assert not any(run in ghost for run in runs)


def test_a_suggestion_on_an_empty_line_between_paragraphs_is_one_undo_step(
    qtbot, editor, suggestions
) -> None:
    text = "The keeper climbed the stairs.\n\n\n\nThe night was calm and the sea was flat."
    editor.setPlainText(text)
    cursor = editor.textCursor()
    cursor.setPosition(text.index("\n\n\n") + 2)  # the empty line in the middle
    editor.setTextCursor(cursor)
    handle = suggestions.request_now()
    assert handle is not None
    wait_until(lambda: handle.done, 30_000)
    ghost = editor.ghost_text
    assert ghost
    qtbot.keyClick(editor, "\t")
    pos = text.index("\n\n\n") + 2
    assert editor.toPlainText() == text[:pos] + ghost + text[pos:]
    editor.undo()
    assert editor.toPlainText() == text


def test_a_ghost_in_the_middle_of_a_line_pushes_the_rest_aside(qtbot, editor) -> None:
    text = "The keeper climbed the stairs to light the lamp."
    editor.setPlainText(text)
    pos = text.index(" to light")
    after = QTextCursor(editor.document())
    after.setPosition(pos + 1)
    x_before = editor.cursorRect(after).x()
    lines_before = editor.document().findBlock(pos).layout().lineCount()
    editor.show_ghost(pos, " slowly and carefully, step by step, all the way", None)
    x_after = editor.cursorRect(after).x()
    layout = editor.document().findBlock(pos).layout()
    assert x_after != x_before or layout.lineCount() > lines_before  # moved, or re-wrapped
    assert layout.lineCount() >= lines_before
    assert editor.toPlainText() == text  # painted, not inserted
    editor.clear_ghost()
    assert editor.cursorRect(after).x() == x_before
