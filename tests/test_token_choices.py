"""Choosing at any token of a suggestion, on the real starter model: the list of tokens offered
in a generated token's place is the decoder's own distribution, regenerating from a pick keeps
the text before it and reads only the picked token, and Chinese is never offered in broken
bytes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from writer.engine.decode import CHOICES, likeliest, top_tokens
from writer.engine.engine import Engine
from writer.generation.requests import ContinuationRequest
from writer.generation.results import TokenChoice

STORY = "The history of the city begins in the twelfth century, when "


def _softmax(row: np.ndarray) -> np.ndarray:
    shifted = np.exp(row.astype(np.float64) - row.max())
    return shifted / shifted.sum()


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.sampled_from([0.0, 1.0, -1.0, 7.5, -8.0, -np.inf]),  # ties, the gaps' edges
            st.floats(-60, 60, allow_nan=False, width=32),
        ),
        min_size=1,
        max_size=300,
    ),
    n=st.integers(1, 40),
    peak=st.floats(0, 80),
)
def test_the_likeliest_tokens_are_the_full_sorts(values: list[float], n: int, peak: float) -> None:
    """The shortcut among the tokens near the best gives what sorting every token gives:
    highest first, ties to the lower id, with or without a peak, -inf (masked) included."""
    row = np.array(values, dtype=np.float32)
    row[len(row) // 2] += np.float32(peak)
    order = sorted(range(len(row)), key=lambda t: (-float(row[t]), t))
    want = order[: min(n, len(row))]
    assert likeliest(row, n).tolist() == want


@settings(max_examples=200, deadline=None)
@given(
    size=st.integers(1, 6000),
    n=st.integers(1, 40),
    seed=st.integers(0, 2**32 - 1),
    spread=st.sampled_from([0.5, 4.0, 30.0]),
    ties=st.booleans(),
    allowed=st.one_of(st.none(), st.integers(0, 60)),
)
def test_the_likeliest_tokens_of_a_vocabulary_sized_row_are_the_full_sorts(
    size: int, n: int, seed: int, spread: float, ties: bool, allowed: int | None
) -> None:
    """Rows as long as a vocabulary take the way through the column maxima: flat or peaked,
    with many equal logits (ties at the floor), and masked to a few allowed tokens (fewer
    columns than n may hold one)."""
    rng = np.random.default_rng(seed)
    row = (rng.standard_normal(size) * spread).astype(np.float32)
    if ties:
        row = np.round(row).astype(np.float32)
    if allowed is not None:
        masked = np.full(size, -np.inf, dtype=np.float32)
        keep = rng.choice(size, size=min(allowed, size), replace=False)
        masked[keep] = row[keep]
        row = masked
    want = np.lexsort((np.arange(size), -row))[: min(n, size)]
    assert likeliest(row, n).tolist() == want.tolist()


def test_the_token_and_its_probability_come_with_the_list() -> None:
    """top_tokens: the likeliest token (when none is given) and its softmax probability, and
    the list's probabilities, as a full softmax in float64 gives them."""
    rng = np.random.default_rng(7)
    row = (rng.standard_normal(49152) * 3).astype(np.float32)
    probs = _softmax(row)
    token, prob, ids, listed = top_tokens(row, CHOICES)
    assert token == int(row.argmax()) == ids[0]
    assert prob == pytest.approx(probs[token], rel=1e-4)
    assert listed == pytest.approx(probs[ids], rel=1e-4)
    other = int(ids[5])
    token, prob, _ids, _listed = top_tokens(row, CHOICES, other, np.empty_like(row))
    assert token == other
    assert prob == pytest.approx(probs[other], rel=1e-4)
    # logits far from 0 (shifted before the exponential) give the same distribution
    for offset in (-90.0, 95.0, 1000.0):
        token, prob, far_ids, far_listed = top_tokens(row + np.float32(offset), CHOICES)
        assert far_ids.tolist() == ids.tolist()
        assert prob == pytest.approx(probs[token], rel=1e-3)
        assert far_listed == pytest.approx(probs[ids], rel=1e-3)


def test_the_list_is_the_decoders_own_distribution(engine: Engine) -> None:
    request = ContinuationRequest(STORY, max_tokens=12, stop_at="none")
    stream = engine.continuation(request)
    text = stream.text()
    choices = stream.stats.choices
    assert len(choices) == stream.stats.generated_tokens == 12
    assert "".join(c.text for c in choices)[stream.stats.shown_from :] == text
    prompt = engine.continuation_prompt(request).tokens
    rt = engine.runtime
    for i in (0, 3, 7):
        choice = choices[i]
        # the distribution at token i, computed again from scratch
        engine.reset_cache()
        tokens = [*prompt, *(c.token for c in choices[:i])]
        engine.cache.ctx.decode(tokens, 0)
        probs = _softmax(np.array(engine.cache.ctx.logits(-1)))
        order = sorted(range(len(probs)), key=lambda t: (-probs[t], t))
        whole = []
        for t in order:
            try:
                piece = rt.piece(t).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if piece and not rt.is_eog(t):
                whole.append(t)
            if len(whole) == CHOICES:
                break
        assert [o.token for o in choice.options] == whole
        for option in choice.options:
            # the same logits up to float rounding (the prompt was read in other batches here)
            assert option.prob == pytest.approx(probs[option.token], rel=2e-2, abs=1e-4)
            assert option.text == rt.piece(option.token).decode("utf-8")
        # greedy: the token generated is the likeliest one, with the probability the list says
        assert choice.options[0].token == choice.token
        assert choice.prob == pytest.approx(choice.options[0].prob, rel=1e-4)
    engine.reset_cache()


def test_regenerating_from_a_pick_keeps_the_prefix_and_reads_one_token(engine: Engine) -> None:
    engine.reset_cache()
    request = ContinuationRequest(STORY, max_tokens=16, stop_at="none")
    first = engine.continuation(request)
    text = first.text()
    choices = first.stats.choices
    prompt_len = first.stats.prompt_tokens
    held = len(engine.cached_tokens)
    assert held == prompt_len + len(choices) - 1  # the last token was decided, not read
    assert engine.cache.ctx.kv_span(0)[1] == held - 1  # llama.cpp's cells agree
    i = 3
    place = choices[i]
    other = place.options[1]
    assert other.token != place.token
    forced = [*choices[:i], TokenChoice(other.token, 1.0, 0, 0, other.text, place.options)]
    again = engine.regenerate(request, forced)
    new = again.text()
    shown_from = first.stats.shown_from
    kept = place.start - shown_from
    assert new[:kept] == text[:kept]  # byte-identical up to the place
    assert new[kept:].startswith(other.text.lstrip() if kept == 0 else other.text)
    assert new != text
    stats = again.stats
    assert stats.evaluated_tokens == 1  # only the picked token: no prompt read again
    assert stats.reused_tokens == prompt_len + i
    picked = [c.token for c in stats.choices[: i + 1]]
    assert picked == [*(c.token for c in choices[:i]), other.token]
    assert stats.choices[i].options == place.options  # the list at the place stays the same


def test_chinese_options_are_whole_characters(engine: Engine) -> None:
    request = ContinuationRequest("我们今天去公园散步，天气很好，", max_tokens=16, stop_at="none")
    stream = engine.continuation(request)
    stream.text()
    choices = stream.stats.choices
    assert any(c.start == c.end for c in choices)  # some tokens end inside a character
    offered = [o for c in choices for o in c.options]
    assert offered
    for option in offered:
        assert "\ufffd" not in option.text
        option.text.encode("utf-8")  # whole characters: encodes back without error
        assert engine.runtime.piece(option.token) == option.text.encode("utf-8")
    for c in choices:
        if c.options:
            assert c.start == 0 or choices[choices.index(c) - 1].end == c.start
    # a token that continues a character offers nothing (its list is the character's first)
    for before, after in zip(choices, choices[1:], strict=False):
        if before.start == before.end:
            assert not after.options


@pytest.mark.slow
def test_choices_section_reports_its_figures(engine: Engine) -> None:
    from writer.bench.choices import measure

    figures = measure(engine, repeats=2)
    assert figures["regen_ms"] > 0
    assert figures["decode_step_ms"] > 0
    assert figures["regen_ratio"] == pytest.approx(
        figures["regen_ms"] / figures["decode_step_ms"], rel=0.01
    )
