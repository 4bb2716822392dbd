"""The project's memory in the prompt: first, before the head and the window; the style note a
few lines before the cursor; and a lore entry that switches on costs a keystroke no re-read."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import with_bos
from writer.engine.engine import FRUGAL_NEW_TOKENS, Engine
from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import FinishReason
from writer.generation.rewrite import rewrite_messages
from writer.generation.window import STYLE_STEP, place_style, style_anchor, style_note

NOTES = (
    "[Notes]\nThe detective is Ruth Okafor. The town is Marrow Bay, on a cold northern coast.\n"
)
LORE = "## The lighthouse\nThe lighthouse burned in chapter 3; its keeper, Abel Stroud, vanished.\n"


@pytest.fixture
def engine(tiny_engine: Engine) -> Engine:
    """What is read, kept, grafted and moved, counted in tokens and compared cell by cell: the
    tiny model's (conftest), a hundred times quicker to read than the starter's."""
    return tiny_engine


def text_of(engine: Engine, tokens) -> str:
    return b"".join(engine.runtime.piece(t) for t in tokens).decode("utf-8", "replace")


def document(engine: Engine, tokens: int = 700) -> str:
    from writer.bench.samples import sample_document

    return "# Marrow Bay\n\n" + sample_document(tokens, engine.runtime.tokenize)


def asked(text: str, memory: str = "", style: str = "") -> ContinuationRequest:
    return ContinuationRequest(
        text, max_tokens=4, stop_at="none", short_first=True, memory=memory, style=style
    )


def test_memory_goes_first_then_the_head_and_window(engine: Engine) -> None:
    doc = document(engine, 300)
    plain = engine.continuation_prompt(asked(doc))
    with_memory = engine.continuation_prompt(asked(doc, memory=NOTES))
    memory = engine.runtime.tokenize(NOTES, add_bos=engine.runtime.add_bos)
    assert with_memory.tokens[: len(memory)] == memory
    assert with_memory.memory == NOTES
    assert with_memory.memory_tokens == len(memory)
    # the document's tokens follow, as without memory (less the BOS, which the memory carries)
    rest = plain.tokens[1:] if engine.runtime.add_bos else plain.tokens
    assert with_memory.tokens[len(memory) :] == rest
    # a short window read first goes without it
    assert engine.continuation_prompt(asked(doc, memory=NOTES), budget=64).memory == ""


def test_memory_larger_than_half_the_budget_is_left_out(engine: Engine) -> None:
    prompt = engine.continuation_prompt(asked("Some text.", memory=NOTES * 40), budget=200)
    assert prompt.memory == ""
    assert prompt.memory_tokens == 0


def test_style_note_sits_a_few_lines_back_and_stays_put_while_typing() -> None:
    paragraphs = "\n".join(f"Paragraph {i} tells of the bay and the boats." for i in range(40))
    anchors = {style_anchor(paragraphs + "x" * n) for n in range(0, 40)}
    assert len(anchors) == 1  # 40 keystrokes: the note does not move
    text = place_style(paragraphs, "present tense, short sentences")
    note = style_note("present tense, short sentences")
    assert note in text
    assert text.replace(note, "") == paragraphs
    at = text.index(note)
    assert at == 0 or text[at - 1] == "\n"
    assert len(paragraphs) - at <= 3 * STYLE_STEP
    assert place_style(paragraphs, "  ") == paragraphs


def test_style_note_reaches_the_model(engine: Engine) -> None:
    doc = document(engine, 300)
    prompt = engine.continuation_prompt(asked(doc, style="present tense"))
    text = text_of(engine, prompt.tokens)
    assert "[Style: present tense]" in text
    assert text.rstrip().endswith(doc.rstrip()[-20:])


def ask(engine: Engine, request: ContinuationRequest):
    stream = engine.continuation(request)
    stream.text()
    return stream.stats


def test_a_lore_switch_costs_a_keystroke_then_the_new_memory_is_adopted(engine: Engine) -> None:
    engine.reset_cache()
    doc = document(engine)
    first = asked(doc, memory=NOTES)
    ask(engine, first)  # a cold start: the short window first, the wide one in the warm-up
    assert list(engine.warm(first)) == []
    assert not ask(engine, first).short_window  # the writer has been here a while
    switched = NOTES + LORE
    typed = doc + " the"

    # the keystroke after the switch: the memory sequence 0 holds, a few new tokens
    stats = ask(engine, asked(typed, memory=switched))
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS
    assert stats.short_window  # the new memory is still to be read: a warm-up reads it
    held = engine.cache.of(0)
    assert text_of(engine, held[:40]).count("Ruth") == 1
    assert "lighthouse" not in text_of(engine, held)

    # the warm-up reads the new memory in the widening sequence, from the cells it shares
    # with sequence 0 (the notes before the switched entry are not read again)
    warm = engine.warm(asked(typed, memory=switched))
    assert list(warm) == []
    assert warm.stats.finish_reason == FinishReason.WARMED
    notes_tokens = len(engine.runtime.tokenize(NOTES, add_bos=engine.runtime.add_bos))
    assert warm.stats.reused_tokens >= notes_tokens - 2

    # the next keystroke adopts it: the new memory, a few new tokens
    stats = ask(engine, asked(typed + " old", memory=switched))
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS
    assert not stats.short_window
    held = text_of(engine, engine.cache.of(0))
    assert "Abel Stroud" in held


def test_rewrite_messages_carry_the_memory_first() -> None:
    request = RewriteRequest("He met ruth okafor.", "Fix the names.", memory=NOTES)
    system = rewrite_messages(request)[0]["content"]
    assert "Ruth Okafor" in system
    assert "Ruth Okafor" not in rewrite_messages(RewriteRequest("x", "y"))[0]["content"]


def assert_the_wide_prompt_serves(engine: Engine, request: ContinuationRequest) -> None:
    """The next key's request reads the wide prompt with its memory at the cost of a key (the
    new memory was read, the document's cells moved after it), and llama.cpp's cells are where
    the cache's list says."""
    stats = ask(engine, request)
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS
    assert not stats.short_window
    held = engine.cache.of(0)
    wide = engine.continuation_prompt(request).tokens
    assert held[: len(wide)] == wide
    assert engine.cache.ctx.kv_span(0) == (0, len(held) - 1)


def _switched(engine: Engine) -> tuple[str, str]:
    """A document sequence 0 holds after NOTES, and the text typed after a lore entry turns
    on: the keystroke serves the memory held, the new one is still to be read."""
    engine.reset_cache()
    doc = document(engine, 300)
    first = asked(doc, memory=NOTES)
    ask(engine, first)
    assert list(engine.warm(first)) == []
    assert not ask(engine, first).short_window
    typed = doc + " the"
    assert ask(engine, asked(typed, memory=NOTES + LORE)).short_window
    return doc, typed


def test_a_memory_change_reads_the_new_memory_and_moves_the_document_after_it(
    engine: Engine,
) -> None:
    """The warm-up reads the switched entry only: the document's cells that sequence 0 holds
    move after it (cache.py `graft`) instead of being read again, and the next keystroke finds
    the whole prompt with the new memory, llama.cpp's cells where the cache's list says."""
    doc, typed = _switched(engine)
    switched = NOTES + LORE
    entry = len(engine.runtime.tokenize(LORE, add_bos=False))
    doc_tokens = len(engine.runtime.tokenize(doc, add_bos=False))
    warm = engine.warm(asked(typed, memory=switched))
    assert list(warm) == []
    assert warm.stats.finish_reason == FinishReason.WARMED
    assert warm.stats.evaluated_tokens <= entry + 8  # not the document's ~300 as well
    assert doc_tokens > 250

    assert_the_wide_prompt_serves(engine, asked(typed + " old", memory=switched))
    assert "Abel Stroud" in text_of(engine, engine.cache.of(0))


def test_the_new_memory_is_read_while_the_writer_types_a_word(engine: Engine) -> None:
    """A warm-up inside a word, after the word, goes on reading the new memory a few tokens at
    a time; cancelled, it keeps what it read and the next one goes on from there, and the one
    that reads its end moves the document after it: the word's end then serves the new memory."""
    _doc, typed = _switched(engine)
    switched = NOTES + LORE
    entry = len(engine.runtime.tokenize(LORE, add_bos=False))

    class StopAfter(CancelToken):
        def __init__(self, steps: int) -> None:
            super().__init__()
            self.steps = steps

        def report(self, done: int, total: int) -> None:
            super().report(done, total)
            self.steps -= 1
            if self.steps < 0:
                self.cancel()

    read = []
    word = typed + " harbourm"
    for _ in range(entry):  # each warm-up reads a step or two at least
        warm = engine.warm(
            ContinuationRequest(word, typing=True, memory=switched, short_first=True),
            StopAfter(2),
        )
        warm.text()
        read.append(warm.stats.evaluated_tokens)
        if "Abel Stroud" in text_of(engine, engine.cache.of(0)):
            break
    assert "Abel Stroud" in text_of(engine, engine.cache.of(0))
    assert len(read) > 1  # cancelled before the end, and resumed
    assert sum(read) <= entry + 8 * len(read)  # the entry and the word's tokens, no document
    stats = ask(engine, asked(word + "aster", memory=switched))
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS
    assert not stats.short_window


def test_an_entry_turning_off_grafts_the_document_after_the_shorter_memory(
    engine: Engine,
) -> None:
    """The entry turns on, then off again: the shorter memory is a part of what the widening
    sequence holds (a copy of sequence 0's cells), and the document's cells go right after it,
    not after that copy's end."""
    _doc, typed = _switched(engine)
    list(engine.warm(asked(typed, memory=NOTES + LORE)))  # the entry on, grafted
    ask(engine, asked(typed + " old", memory=NOTES + LORE))
    typed += " old man"
    assert ask(engine, asked(typed, memory=NOTES)).short_window  # the entry off: held serves
    warm = engine.warm(asked(typed, memory=NOTES))
    list(warm)
    assert warm.stats.evaluated_tokens <= 8  # the memory's end only
    assert_the_wide_prompt_serves(engine, asked(typed + " said", memory=NOTES))
    assert "Abel Stroud" not in text_of(engine, engine.cache.of(0))


@pytest.fixture(scope="module")
def bos_engine(tiny_model, tmp_path_factory):
    bos_model = with_bos(tiny_model, tmp_path_factory.mktemp("bos") / "tiny-bos.gguf")
    with Engine.load(bos_model, n_ctx=4096, probe=False) as engine:
        yield engine


@pytest.mark.parametrize("bos", [False, True])
def test_the_first_memory_of_a_document_and_its_last_turned_off_are_grafted(
    engine: Engine, bos_engine: Engine, bos: bool
) -> None:
    """A document read without memory (the project's notes not loaded yet) gets its first
    memory: the warm-up reads the memory only, the document's cells (first in the prompt, or
    after the BOS token of a model that starts with one) move after it; the memory turned off
    again moves them back to the start."""
    if bos:
        engine = bos_engine
    assert engine.runtime.add_bos == bos
    engine.reset_cache()
    doc = document(engine, 300)
    plain = asked(doc)
    ask(engine, plain)
    list(engine.warm(plain))
    assert not ask(engine, plain).short_window
    doc_tokens = len(engine.runtime.tokenize(doc, add_bos=False))
    assert doc_tokens > 250
    notes = len(engine.runtime.tokenize(NOTES, add_bos=engine.runtime.add_bos))

    def switch(typed: str, memory: str, most: int) -> None:
        assert ask(engine, asked(typed, memory=memory)).short_window  # the held one serves
        warm = engine.warm(asked(typed, memory=memory))
        assert list(warm) == []
        assert warm.stats.finish_reason == FinishReason.WARMED
        assert warm.stats.evaluated_tokens <= most  # not the document's ~300 as well
        assert_the_wide_prompt_serves(engine, asked(typed + " old", memory=memory))

    typed = doc + " the"
    switch(typed, NOTES, notes + 8)
    assert "Ruth Okafor" in text_of(engine, engine.cache.of(0))
    typed += " old man"
    switch(typed, "", 8)
    assert "Ruth Okafor" not in text_of(engine, engine.cache.of(0))


@pytest.fixture(scope="module")
def small_engine(tiny_model):
    with Engine.load(tiny_model, n_ctx=1536, probe=False) as engine:
        yield engine


def type_until_the_window_moves(engine: Engine, doc: str, memory: str = "") -> str:
    """`doc` with words typed at its end, each asked for after its space, until the wide
    window's start moves on."""
    start = engine.continuation_prompt(asked(doc, memory=memory)).window_start
    words = iter(("and the boat came back to the harbour before the storm " * 40).split())
    while engine.continuation_prompt(asked(doc, memory=memory)).window_start == start:
        doc += " " + next(words)
        ask(engine, asked(doc + " ", memory=memory))
    return doc


@pytest.mark.parametrize("graft", [True, False])
def test_a_memory_that_moves_the_window_in_a_small_context_is_read(
    small_engine: Engine, monkeypatch, graft: bool
) -> None:
    """In a 1,536-token context a long document's wide window and the same window with a new
    memory long enough to move the window's start do not fit side by side. The warm-up reads
    the memory and the head and grafts the document's cells after them from where they are
    (`_window_graft_plan`); where no graft can be made, sequence 0 gives up its cells to the
    reading, which ends (before, the context was full, the warm-up failed each time and the
    memory never came). Either way the memory serves after it."""
    engine = small_engine
    if not graft:
        monkeypatch.setattr(engine, "_window_graft_plan", lambda *_a, **_k: None)
    engine.reset_cache()
    doc = document(engine, 1500)
    ask(engine, asked(doc))
    list(engine.warm(asked(doc)))
    assert not ask(engine, asked(doc + " the")).short_window
    typed = doc + " the old"
    memory = NOTES * 12
    wide = engine.continuation_prompt(asked(typed, memory=memory))
    assert wide.window_start > engine.continuation_prompt(asked(typed)).window_start
    assert ask(engine, asked(typed, memory=memory)).short_window  # the held one serves
    warm = engine.warm(asked(typed, memory=memory))
    assert list(warm) == []
    assert warm.stats.finish_reason == FinishReason.WARMED
    if graft:  # the memory, the head and a token: not the window again
        assert warm.stats.evaluated_tokens <= wide.doc_at + FRUGAL_NEW_TOKENS, warm.stats
    else:
        assert warm.stats.evaluated_tokens > len(wide.tokens) // 2, warm.stats
    stats = ask(engine, asked(typed + " man", memory=memory))
    assert not stats.short_window
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS
    assert "Ruth Okafor" in text_of(engine, engine.cache.of(0))
    if not graft:
        return
    # the memory turned off: the window begins before the one read, whose cells are grafted
    # after what lies before them, read with the head
    typed += " man"
    plain = engine.continuation_prompt(asked(typed))
    assert plain.window_start < wide.window_start
    ask(engine, asked(typed))
    warm = engine.warm(asked(typed))
    list(warm)
    assert warm.stats.evaluated_tokens < len(plain.tokens) // 2, warm.stats  # not all again
    stats = ask(engine, asked(typed + " was"))
    assert not stats.short_window
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS


def test_a_window_whose_start_the_typing_moves_on_is_grafted_not_read_again(
    small_engine: Engine,
) -> None:
    """A long document grows past its context: the window's start moves on by a chunk, and
    the warm-up reads only the new head and grafts the window's cells it holds (before, it read
    the whole window again, about a thousand tokens here, while keys read the short window)."""
    engine = small_engine
    engine.reset_cache()
    doc = document(engine, 1500)
    ask(engine, asked(doc))
    list(engine.warm(asked(doc)))
    doc = type_until_the_window_moves(engine, doc)
    wide = engine.continuation_prompt(asked(doc + " "))
    warm = engine.warm(asked(doc + " "))
    list(warm)
    assert warm.stats.evaluated_tokens <= FRUGAL_NEW_TOKENS, warm.stats
    assert engine.cache.of(0)[: len(wide.tokens)] == wide.tokens or (
        engine.cache.of(engine.wide_seq)[: len(wide.tokens)] == wide.tokens
    )
    stats = ask(engine, asked(doc + " it"))
    assert not stats.short_window
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS


def test_a_cancelled_window_graft_leaves_no_cells_behind(small_engine: Engine) -> None:
    """The part before the grafted cells is read in a beam's sequence when the cells are the
    widening sequence's; a keystroke that cancels that reading leaves the beam's sequence
    empty (cells left there would turn off every graft and moved tail after it)."""
    engine = small_engine
    engine.reset_cache()
    doc = document(engine, 1500)
    ask(engine, asked(doc))
    list(engine.warm(asked(doc)))
    memory = NOTES * 12  # read before the cells: more than one step of the reading
    ask(engine, asked(doc, memory=memory))
    list(engine.warm(asked(doc, memory=memory)))
    doc = type_until_the_window_moves(engine, doc, memory)
    wide = engine.continuation_prompt(asked(doc + " ", memory=memory))
    plan = engine._window_graft_plan(wide, engine.cache.reusable(wide.tokens, engine.wide_seq))
    assert plan is not None
    assert plan[0] == engine.wide_seq  # sequence 0 reads the short window meanwhile
    cancel = CancelToken()
    reports: list[int] = []

    def stop(done: int, _total: int) -> None:  # at once: the part before the cells is copied
        reports.append(done)
        cancel.cancel()

    cancel.on_progress = stop
    warm = engine.warm(asked(doc + " ", memory=memory), cancel)
    list(warm)
    assert warm.stats.finish_reason == FinishReason.CANCELLED
    assert not any(engine.cache.of(s) for s in engine.beam_seqs)
    list(engine.warm(asked(doc + " ", memory=memory)))  # and the next one grafts
    stats = ask(engine, asked(doc + " it", memory=memory))
    assert not stats.short_window
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS


def test_a_graft_rotates_the_moved_keys_before_anything_can_abort_it(engine: Engine) -> None:
    """llama.cpp rotates moved keys in place, layer by layer, at the decode after the move; a
    decode aborted then (the next key) would leave some layers rotated and rotate them again.
    The graft rotates them at once, so an aborted decode after it changes nothing."""
    from writer.engine.runtime import DecodeAborted
    from writer.generation.results import GenerationStats

    cache, rt = engine.cache, engine.runtime
    doc = rt.tokenize(document(engine, 300), add_bos=False)
    old = rt.tokenize(NOTES, add_bos=rt.add_bos)
    new = rt.tokenize(NOTES + LORE, add_bos=rt.add_bos)
    prompt = [*new, *doc, *rt.tokenize(" and then", add_bos=False)]

    def grafted(abort_first: bool) -> np.ndarray:
        engine.reset_cache()
        cache.prepare([*old, *doc], CancelToken(), GenerationStats())
        cache.prepare(new, CancelToken(), GenerationStats(), seq=engine.wide_seq)
        cache.graft(0, engine.wide_seq, len(old), len(doc), spare=engine.beam_seqs[-1])
        if abort_first:
            stop = CancelToken()
            stop.cancel()
            cache.ctx.abort_steps = True
            try:
                with pytest.raises(DecodeAborted):
                    cache.prepare(prompt, stop, GenerationStats())
            finally:
                cache.ctx.abort_steps = False
        return cache.prepare(prompt, CancelToken(), GenerationStats()).copy()

    assert np.allclose(grafted(True), grafted(False), atol=1e-4)


def test_a_suggestion_made_before_a_graft_is_regenerated_from_the_grafted_prompt(
    engine: Engine,
) -> None:
    """A suggestion shown with the memory held, the new one grafted in while it shows: picking
    a token there (the choices) reads the prompt sequence 0 now holds, not the document again."""
    _doc, typed = _switched(engine)
    request = asked(typed, memory=NOTES + LORE)
    shown = engine.continuation(request)
    assert shown.text()
    assert shown.stats.short_window  # the memory held
    list(engine.warm(request))  # grafted while it shows
    assert "Abel Stroud" in text_of(engine, engine.cache.of(0))
    again = engine.regenerate(request, shown.stats.choices[:1])
    again.text()
    assert again.stats.finish_reason == FinishReason.LENGTH
    assert again.stats.evaluated_tokens <= FRUGAL_NEW_TOKENS
