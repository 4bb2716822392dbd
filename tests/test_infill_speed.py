"""Writing in the middle at typing speed.

While the writer types in one place, the text typed since the last prompt made afresh there
goes after the middle token (`<PRE> before <SUF> after <MID> typed`): a keystroke evaluates only
its own tokens, and the cells are exact. Where that cannot be (the typed part splits a word at
the anchor or grows too long, or the text before it changed), the prompt is made afresh and a
keystroke keeps the cells of its tail (suffix token, text after the cursor) and moves them: it
evaluates about what an append evaluates, the moved cells stay close to an exact evaluation, and
the warm-up or the move limit evaluates them exactly again. The moved tail's tests ask for fresh
prompts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.engine.runtime import DecodeAborted
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import FinishReason, GenerationStats

BEFORE = (
    "The keeper climbed the spiral stairs every evening, trimmed the wick and polished the "
    "glass until the lamp threw its beam far over the water. Ships passed in the night and "
    "their captains knew the light by its rhythm. In winter the storms came early and"
)
AFTER = (
    " the keeper wrote in his log that the sea had never been so loud. Much later, a letter "
    "arrived from the mainland asking whether he would stay another year."
)
TYPED = (" the", " wind", " rose", " over", " the", " rocks", " and", " the", " gulls")


@pytest.fixture(scope="module")
def fim_engine(fim_model: Path):
    """The starter model declaring three of its special tokens fill-in-the-middle tokens (what
    a keystroke evaluates is what is tested, not the text)."""
    from writer.engine.engine import Engine

    with Engine.load(fim_model, n_ctx=1024, probe=False) as engine:
        yield engine


def prepare(engine, before: str, exact: bool = False) -> tuple[GenerationStats, np.ndarray]:
    """Prepare the prompt of a suggestion at `before` | AFTER; its stats and next-token
    probabilities."""
    tokens = engine.continuation_prompt(ContinuationRequest(before, AFTER), fresh=True).tokens
    stats = GenerationStats()
    engine.cache.prepare(tokens, CancelToken(), stats, exact=exact)
    return stats, probabilities(engine)


def probabilities(engine) -> np.ndarray:
    row = engine.cache.ctx.logits(-1).astype(np.float64)
    p = np.exp(row - row.max())
    return p / p.sum()


def assert_record_matches_llama_cpp(engine) -> None:
    """The engine's record of sequence 0 spans exactly the positions llama.cpp holds for it,
    and the spare sequence the tail moves through holds nothing."""
    cache = engine.cache
    held = cache.of(0)
    assert cache.ctx.kv_span(0) == (0, len(held) - 1)
    assert cache.ctx.kv_span(cache.shift.spare) == (-1, -1)


def tail_length(engine, before: str) -> int:
    tokens = engine.continuation_prompt(ContinuationRequest(before, AFTER), fresh=True).tokens
    return len(tokens) - tokens.index(engine.fim[1]) - 1


def test_a_keystroke_in_the_middle_evaluates_what_an_append_does(fim_engine) -> None:
    engine = fim_engine
    engine.reset_cache()
    prepare(engine, BEFORE)
    assert engine.cache.inexact() is None
    stats, _p = prepare(engine, BEFORE + " the")
    request = ContinuationRequest(BEFORE + " the", AFTER)
    tokens = engine.continuation_prompt(request, fresh=True).tokens
    # the typed word and the middle token; not the suffix part again
    assert stats.evaluated_tokens <= 3 < tail_length(engine, BEFORE)
    assert stats.reused_tokens + stats.evaluated_tokens == len(tokens)
    assert list(engine.cached_tokens) == tokens
    assert engine.cache.inexact() == (tokens.index(engine.fim[1]), 1)
    assert_record_matches_llama_cpp(engine)


def test_moved_cells_are_close_to_an_exact_evaluation_and_the_warm_up_makes_them_exact(
    fim_engine,
) -> None:
    engine = fim_engine
    engine.reset_cache()
    before = BEFORE
    prepare(engine, before)
    limit = engine.cache.shift.limit
    for word in TYPED[:limit]:
        before += word
        _stats, moved = prepare(engine, before)
    assert engine.cache.inexact()[1] == limit
    assert_record_matches_llama_cpp(engine)
    # what an exact evaluation from nothing gives
    engine.reset_cache()
    _stats, exact = prepare(engine, before)
    # Close, not equal: the moved cells were computed without the words typed since. After
    # the most moves allowed, the choice under the moved cells is among the exact evaluation's
    # five most likely tokens, and the two distributions share most of their mass (total
    # variation under a half; 0.44 with this model, whose FIM tokens are declared, not trained).
    assert int(moved.argmax()) in np.argsort(-exact)[:5]
    assert 0.5 * np.abs(moved - exact).sum() < 0.5
    # Moved again, then the warm-up evaluates the moved cells again: equal to the exact one.
    before_typed = before
    prepare(engine, before_typed[: -len(TYPED[limit - 1])])
    _stats, moved_again = prepare(engine, before_typed)
    assert engine.cache.inexact() is not None
    request = ContinuationRequest(before_typed, AFTER)
    warm = engine.warm(request)
    warm.text()
    stats = warm.stats
    assert engine.cache.inexact() is None
    assert stats.evaluated_tokens > tail_length(engine, before_typed)
    warmed = probabilities(engine)
    assert int(warmed.argmax()) == int(exact.argmax())
    # equal up to the rounding of other batch shapes (the moved cells were off by 0.44)
    assert 0.5 * np.abs(warmed - exact).sum() < 0.02
    assert_record_matches_llama_cpp(engine)


def test_after_the_move_limit_the_tail_is_evaluated_again(fim_engine) -> None:
    engine = fim_engine
    engine.reset_cache()
    limit = engine.cache.shift.limit
    before = BEFORE
    prepare(engine, before)
    for i in range(limit):
        before += TYPED[i % len(TYPED)]
        stats, _p = prepare(engine, before)
        assert stats.evaluated_tokens <= 3
    assert engine.cache.inexact()[1] == limit
    before += " at"
    stats, _p = prepare(engine, before)
    assert stats.evaluated_tokens > tail_length(engine, before)
    assert engine.cache.inexact() is None
    assert_record_matches_llama_cpp(engine)


def test_deleting_before_the_cursor_moves_the_tail_back(fim_engine) -> None:
    engine = fim_engine
    engine.reset_cache()
    prepare(engine, BEFORE + " the wind")
    stats, _p = prepare(engine, BEFORE)
    tokens = engine.continuation_prompt(ContinuationRequest(BEFORE, AFTER), fresh=True).tokens
    assert stats.evaluated_tokens <= 2
    assert list(engine.cached_tokens) == tokens
    assert_record_matches_llama_cpp(engine)


def test_a_cancelled_move_leaves_a_prefix_of_the_prompt(fim_engine) -> None:
    engine = fim_engine
    engine.reset_cache()
    prepare(engine, BEFORE)
    pasted = BEFORE + " and then, without a word of warning, the whole of the northern sky"
    tokens = engine.continuation_prompt(ContinuationRequest(pasted, AFTER), fresh=True).tokens
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(DecodeAborted):
        engine.cache.prepare(tokens, cancel, GenerationStats())
    held = list(engine.cached_tokens)
    assert tokens[: len(held)] == held
    assert len(held) < tokens.index(engine.fim[1])
    assert engine.cache.inexact() is None
    assert_record_matches_llama_cpp(engine)
    # the next request starts from there and works
    stream = engine.continuation(ContinuationRequest(pasted, AFTER, max_tokens=3))
    stream.text()
    assert stream.stats.finish_reason is not FinishReason.CANCELLED
    assert stream.stats.reused_tokens == len(held)
    assert_record_matches_llama_cpp(engine)


def test_suggestions_and_alternatives_after_keystrokes_in_the_middle(fim_engine) -> None:
    engine = fim_engine
    engine.reset_cache()
    before = BEFORE
    engine.continuation(ContinuationRequest(before, AFTER, max_tokens=4)).text()
    for word in TYPED[:3]:
        before += word
        stream = engine.continuation(ContinuationRequest(before, AFTER, max_tokens=4))
        stream.text()
        assert stream.stats.evaluated_tokens <= 3
    found = engine.alternatives(ContinuationRequest(before, AFTER, max_tokens=4), 3)
    assert found.items
    # the beams are gone and sequence 0 is still what the record says
    assert all(engine.cache.ctx.kv_span(s) == (-1, -1) for s in engine.beam_seqs)
    assert_record_matches_llama_cpp(engine)
    before += " now"
    stream = engine.continuation(ContinuationRequest(before, AFTER, max_tokens=4))
    stream.text()
    assert stream.stats.evaluated_tokens <= 3
    assert engine.cache.inexact() is None
    assert_record_matches_llama_cpp(engine)


def middle_of(engine, prompt, anchor) -> str:
    """The text a prompt carries after the anchor's middle token."""
    assert prompt.tokens[: len(anchor.tokens)] == anchor.tokens
    assert anchor.tokens[-1] == engine.fim[2]
    rt = engine.runtime
    return b"".join(rt.piece(t) for t in prompt.tokens[len(anchor.tokens) :]).decode()


def test_typing_in_the_middle_goes_after_the_middle_token_with_exact_cells(fim_engine) -> None:
    engine = fim_engine
    engine.reset_cache()
    # a pause after a word and its space: the anchor is the text before the space
    anchor = engine.continuation_prompt(ContinuationRequest(BEFORE + " ", AFTER))
    assert anchor.anchor == BEFORE
    engine.continuation(ContinuationRequest(BEFORE + " ", AFTER, max_tokens=4)).text()
    before = BEFORE
    for word in TYPED[:6]:
        before += word
        request = ContinuationRequest(before, AFTER, max_tokens=4)
        prompt = engine.continuation_prompt(request)
        # what reaches llama.cpp: the anchor's prompt, then what was typed since, the word being
        # typed left to the answer to spell again (token healing)
        assert middle_of(engine, prompt, anchor) + prompt.skip_prefix == before[len(BEFORE) :]
        assert prompt.skip_prefix == word
        stream = engine.continuation(request)
        stream.text()
        assert stream.stats.evaluated_tokens <= 3
        assert stream.stats.reused_tokens >= len(anchor.tokens) - 1
        assert engine.cache.inexact() is None
        assert_record_matches_llama_cpp(engine)
    # a trailing space: the answer's first token must start with one, as at a window's end
    prompt = engine.continuation_prompt(ContinuationRequest(before + " ", AFTER))
    assert middle_of(engine, prompt, anchor) == before[len(BEFORE) :]
    assert prompt.skip_prefix == " "
    # The cells are exact: what an evaluation of the same tokens from nothing gives.
    stats = GenerationStats()
    engine.cache.prepare(prompt.tokens, CancelToken(), stats)
    assert stats.evaluated_tokens <= 3
    kept = probabilities(engine)
    engine.reset_cache()
    engine.cache.prepare(prompt.tokens, CancelToken(), GenerationStats())
    exact = probabilities(engine)
    assert int(kept.argmax()) == int(exact.argmax())
    assert 0.5 * np.abs(kept - exact).sum() < 0.02


def test_a_word_split_at_the_anchor_or_a_long_middle_makes_the_prompt_afresh(fim_engine) -> None:
    from writer.generation.window import MIDDLE_CHARS

    engine = fim_engine
    engine.reset_cache()
    anchor = engine.continuation_prompt(ContinuationRequest(BEFORE + " ", AFTER))
    # BEFORE ends in "and": "andro" would tokenize across the anchor
    split = engine.continuation_prompt(ContinuationRequest(BEFORE + "ro", AFTER))
    fresh = engine.continuation_prompt(ContinuationRequest(BEFORE + "ro", AFTER), fresh=True)
    assert split.tokens == fresh.tokens
    # ... and the anchor is now that fresh prompt's, which healed the word ("and" + "ro")
    typed = engine.continuation_prompt(ContinuationRequest(BEFORE + "ro wind", AFTER))
    assert typed.anchor == split.anchor == BEFORE[: -len(" and")]
    assert middle_of(engine, typed, split) == " andro"
    long = BEFORE + " the wind rose" * (MIDDLE_CHARS // 14 + 1)
    prompt = engine.continuation_prompt(ContinuationRequest(long, AFTER))
    assert prompt.anchor == long[: -len(" rose")]
    assert prompt.tokens.index(engine.fim[1]) > anchor.tokens.index(engine.fim[1])


def test_models_without_fim_tokens_do_not_move_cells(engine) -> None:
    assert engine.cache.shift is None
    engine.continuation(ContinuationRequest(BEFORE, AFTER, max_tokens=2)).text()
    engine.continuation(ContinuationRequest(BEFORE + " the", AFTER, max_tokens=2)).text()
    assert engine.cache.inexact() is None


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(
    anchor=st.text(alphabet="ab 。文,", max_size=12),
    typed=st.text(alphabet="ab 。文,\n", max_size=12),
    other=st.text(alphabet="ab 。文,", max_size=12),
)
def test_middle_text_never_splits_a_word_and_only_goes_on_from_its_anchor(
    anchor: str, typed: str, other: str
) -> None:
    from writer.generation.window import MIDDLE_CHARS, middle_text

    before = anchor + typed
    got = middle_text(anchor, before)
    joins = bool(anchor and typed) and all(c.isalnum() for c in (anchor[-1], typed[0]))
    assert got == (None if joins else typed)
    # text that does not go on from the anchor never gets one
    if not other.startswith(anchor):
        assert middle_text(anchor, other) is None
    assert middle_text(anchor, anchor + " " + "x" * MIDDLE_CHARS) is None
