"""What the rules keep up to date token by token equals what they would find from scratch: the
DRY penalty's runs (and the rule's definition), whatever happens to the history between steps,
and the unit starts of a suggestion's text."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.engine.repetition import MAX_RUN, DryPenalty
from writer.generation.text import SuggestionText, _unit_starts

VOCAB = 8
BREAKER = 7


def breakers() -> np.ndarray:
    out = np.zeros(VOCAB, dtype=bool)
    out[BREAKER] = True
    return out


def defined(history: list[int], dry: DryPenalty) -> dict[int, float]:
    """The rule as written: the token at j gets the penalty of the longest run (at most
    MAX_RUN, within the window, not across a breaker) that ends both before j and at the end."""
    w = history[-dry.last_n :]
    n = len(w)
    if n < dry.allowed + 1 or dry.breakers[w[-1]]:
        return {}
    trailing = 0
    while trailing < n and not dry.breakers[w[n - 1 - trailing]]:
        trailing += 1
    out: dict[int, float] = {}
    for j in range(1, n):
        k = 0
        while k < min(MAX_RUN, trailing) and j - k - 1 >= 0 and w[j - k - 1] == w[n - k - 1]:
            k += 1
        if k >= dry.allowed:
            amount = dry.multiplier * dry.base ** (k - dry.allowed)
            out[w[j]] = max(out.get(w[j], 0.0), amount)
    return out


# a step of the decode loop's history: one more token, a cut, or another history altogether
STEPS = st.one_of(
    st.integers(0, VOCAB - 1).map(lambda t: ("token", t)),
    st.integers(0, 5).map(lambda k: ("cut", k)),
    st.lists(st.integers(0, VOCAB - 1), max_size=40).map(lambda h: ("new", h)),
)
# histories that repeat (small vocabulary, patterns written again), so that runs are long
PATTERNS = st.lists(st.integers(0, VOCAB - 1), min_size=1, max_size=6)


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(
    st.lists(st.integers(0, VOCAB - 1), max_size=30),
    st.lists(st.one_of(STEPS, PATTERNS.map(lambda p: ("repeat", p))), max_size=60),
    st.sampled_from([4, 9, 16, 512]),
    st.sampled_from([0, 1, 2, 3]),
)
def test_runs_kept_per_token_equal_the_runs_counted_again(start, steps, last_n, allowed) -> None:
    dry = DryPenalty(breakers(), last_n=last_n, allowed=allowed)
    history = list(start)
    for kind, arg in [("token", None), *steps]:
        if kind == "token" and arg is not None:
            history.append(arg)
        elif kind == "cut":
            del history[len(history) - arg :]
        elif kind == "new":
            history = list(arg)
        elif kind == "repeat":
            history.extend(arg * 3)
        if not history:
            continue
        follow, amount = dry.penalties(history)
        fresh_follow, fresh_amount = DryPenalty(
            breakers(), last_n=last_n, allowed=allowed
        ).penalties(history)
        assert np.array_equal(follow, fresh_follow)
        assert np.array_equal(amount, fresh_amount)
        got = dict(zip(follow.tolist(), amount.tolist(), strict=True))
        assert got == pytest.approx(defined(history, dry))


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(
    st.one_of(
        st.lists(st.integers(0, 60), min_size=1, max_size=120),
        PATTERNS.map(lambda p: p * 12),  # repeats: long runs, penalties that grow
    ),
    st.sampled_from([0, 1, 2]),
    st.integers(0, 2**32 - 1),
)
def test_a_penalty_written_in_place_is_the_copys_and_is_given_back(
    history: list[int], allowed: int, seed: int
) -> None:
    """The decode loop's way (in place, token by token where few tokens are lowered) lowers
    each logit exactly as the copy does (float32, bit for bit), and `restore` gives the row
    back as it was; many tokens (allowed 0 over a long history) take the array way."""
    vocab = np.zeros(64, dtype=bool)
    vocab[63] = True  # a breaker
    rng = np.random.default_rng(seed)
    dry = DryPenalty(vocab, allowed=allowed)  # kept up to date token by token, as a loop's
    for end in range(1, len(history) + 1):
        seen = history[:end]
        row = (rng.standard_normal(64) * 4).astype(np.float32)
        copied = DryPenalty(vocab, allowed=allowed).apply(row, seen)
        written = row.copy()
        assert dry.apply(written, seen, in_place=True) is written
        assert np.array_equal(written, copied)
        dry.restore(written)
        assert np.array_equal(written, row)


def test_a_run_longer_than_max_run_gets_the_penalty_of_max_run() -> None:
    dry = DryPenalty(breakers())
    history: list[int] = []
    for _ in range(3 * MAX_RUN):
        history.append(1)
        follow, amount = dry.penalties(history)
    assert list(follow) == [1]
    assert amount[0] == pytest.approx(dry.multiplier * dry.base ** (MAX_RUN - dry.allowed))


def test_a_history_of_the_same_length_but_other_tokens_is_counted_again() -> None:
    dry = DryPenalty(breakers())
    dry.penalties([1, 2, 3, 1, 2])
    follow, _amount = dry.penalties([4, 5, 6, 4, 5, 6])  # not [1, 2, 3, 1, 2] and one more
    assert list(follow) == [4]  # after "4 5 6 4 5 6" (run "5 6" ... "4 5 6"), 4 followed it


PIECES = st.lists(
    st.sampled_from(
        ["the", " keep", "er", "_", "灯塔", "楼", "ab", ",", ". ", " ", "\n", "’s", "1"]
    ),
    min_size=1,
    max_size=3,
).map("".join)


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.lists(PIECES, max_size=30), st.data())
def test_unit_starts_kept_per_piece_equal_a_scan_of_the_text(pieces, data) -> None:
    rules = SuggestionText("none", before="the keeper")
    for piece in pieces:
        rules.text += piece
        text = rules.text
        cut = data.draw(st.integers(0, len(text)))
        assert rules._starts(text[:cut]) == _unit_starts(text[:cut])
        assert rules._starts(text) == _unit_starts(text)
