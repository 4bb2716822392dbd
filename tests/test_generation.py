"""The generation rules on their own, without a model: what each token shows, what is held back,
and why a generation ends, as both backends apply them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.generation.alternatives import Distinct, within_rules
from writer.generation.requests import ContinuationRequest, RewriteRequest
from writer.generation.results import Alternative, FinishReason, GenerationStats, Piece
from writer.generation.rewrite import Tidy, answer_budget, tidied
from writer.generation.rules import GenerationRules, Limits
from writer.generation.window import prompt_budget, text_window, tokens_guess, trailing_space


def feed(limits: Limits, tokens: list[tuple[str, float]]) -> tuple[list[str], GenerationStats]:
    """Drive the rules as a backend's loop does; the pieces shown, the tail last."""
    stats = GenerationStats()
    rules = GenerationRules(limits, stats)
    shown = []
    try:
        for text, prob in tokens:
            shown.append(rules.token(text, prob))
            if rules.done:
                break
        else:
            rules.end(FinishReason.END)
        shown.append(rules.finish())
    finally:
        rules.close()
    return shown, stats


def test_the_confidence_cut_off_ends_the_text_before_the_unsure_token() -> None:
    tokens = [(" The", 0.05), (" keeper", 0.9), (" maybe", 0.1), (" climbed", 0.9)]
    shown, stats = feed(Limits(max_tokens=10, min_prob=0.3), tokens)
    assert "".join(shown) == " The keeper"  # the first token is never cut, however unsure
    assert stats.finish_reason == FinishReason.UNSURE
    assert stats.token_probs == [0.05, 0.9]
    assert stats.generated_tokens == 2


def test_the_token_limit_ends_the_text() -> None:
    shown, stats = feed(Limits(max_tokens=2), [(" one", 1.0), (" two", 1.0), (" three", 1.0)])
    assert "".join(shown) == " one two"
    assert stats.finish_reason == FinishReason.LENGTH


def test_a_stop_rule_ends_the_text_and_nothing_held_comes_after() -> None:
    tokens = [(" It", 0.9), (" rained.", 0.9), (" Then", 0.9)]
    shown, stats = feed(Limits(max_tokens=10, stop_at="sentence"), tokens)
    assert "".join(shown) == " It rained."
    assert stats.finish_reason == FinishReason.STOP
    assert shown[-1] == ""


def test_a_possible_repeat_is_held_back_and_shown_at_the_end_with_the_last_probability() -> None:
    """What may begin the text after the cursor waits until it is seen not to; the backend's end
    then shows it, with the probability of the last token."""
    limits = Limits(max_tokens=10, after=" onto the mat.")
    stats = GenerationStats()
    rules = GenerationRules(limits, stats)
    assert rules.token(" slept", 0.8) == " slept"
    assert rules.token(" on", 0.7) == ""  # " on" may begin " onto the mat."
    rules.end(FinishReason.END)
    assert rules.finish() == " on"
    assert rules.prob == 0.7
    rules.close()
    assert stats.finish_reason == FinishReason.END


def test_the_held_back_text_is_dropped_after_a_cancel() -> None:
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=10, after=" on the mat."), stats)
    rules.token(" on", 0.9)
    rules.end(FinishReason.CANCELLED)
    assert rules.finish() == ""


def test_a_first_piece_that_was_held_back_is_still_timed() -> None:
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=10, after=" onto the mat."), stats)
    assert rules.token(" on", 0.9) == ""
    rules.end(FinishReason.END)
    assert rules.finish() == " on"
    rules.close()
    assert stats.ttft_s is not None
    assert stats.total_s >= stats.ttft_s


def test_a_generation_nothing_ended_was_cancelled() -> None:
    """A consumer that stops iterating (or an error) leaves no finish reason: close says
    CANCELLED, and the first reason set is never overwritten."""
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=10), stats)
    rules.token(" a", 1.0)
    rules.close()
    assert stats.finish_reason == FinishReason.CANCELLED
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=1), stats)
    rules.token(" a", 1.0)
    rules.end(FinishReason.END)
    assert stats.finish_reason == FinishReason.LENGTH


def test_a_servers_chunk_is_refused_whole_when_one_of_its_tokens_is_unsure() -> None:
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=10, min_prob=0.3), stats)
    assert rules.tokens(" The keeper", [0.9, 0.8]) == " The keeper"
    assert rules.tokens(" climbed", []) == " climbed"  # no probabilities: one sure token
    assert rules.tokens(" up the", [0.9, 0.1]) == ""
    assert stats.finish_reason == FinishReason.UNSURE
    assert stats.token_probs == [0.9, 0.8, 1.0]


def test_a_cancelled_rewrite_shows_nothing_tidy_held_back() -> None:
    """After a cancel, no piece comes out: the line Tidy holds (it may be a label) is dropped."""
    stats = GenerationStats()

    def pieces() -> Iterator[Piece]:
        yield Piece("Here")  # a short first line may turn out to be a label: held
        stats.finish_reason = FinishReason.CANCELLED

    shown = [p.text for p in tidied(pieces(), Tidy("Old text."), stats)]
    assert shown == []
    stats.finish_reason = None

    def finished() -> Iterator[Piece]:
        yield Piece("Here")
        stats.finish_reason = FinishReason.END

    assert [p.text for p in tidied(finished(), Tidy("Old text."), stats)] == ["Here"]


def test_an_alternative_obeys_the_suggestion_rules() -> None:
    request = ContinuationRequest("The cat slept", after=" on the rug by the fire.")
    text = " quietly on the rug by the fire."
    ends = [8, 11, 15, 19, 22, 26, 32]
    alt = Alternative(text, -0.5, [0.9] * 7, tokens=list(range(7)), token_ends=ends)
    kept = within_rules(alt, request)
    assert kept is not None
    assert kept.text == " quietly"
    assert kept.token_ends == [8]
    assert kept.token_probs == [0.9]
    assert kept.finish_reason == FinishReason.STOP
    assert within_rules(Alternative(" on the rug", 0.0, []), request) is None
    whole = Alternative(" and dreamed", 0.0, [])
    assert within_rules(whole, request) is whole
    # where the text after the cursor starts a new sentence, the stop rule ends one
    request = ContinuationRequest("The cat slept", after=" The fire burned low.")
    stopped = within_rules(Alternative(" It purred. Then", 0.0, []), request, "sentence")
    assert stopped is not None
    assert stopped.text == " It purred."


def test_near_duplicates_count_once_with_the_better_score() -> None:
    found = Distinct()
    assert found.add(Alternative(" the old man", -1.0, []))
    assert not found.add(Alternative(" The old man,", -0.5, []))
    assert found.add(Alternative(" a boat", -2.0, []))
    found.add(Alternative("  ", -0.1, []))  # whitespace is never ranked
    assert [a.text for a in found.ranked()] == [" The old man,", " a boat"]


@pytest.mark.parametrize(
    ("before", "expected"),
    [("It rained ", ("It rained", " ")), ("x  ", ("x  ", "")), (" ", (" ", ""))],
)
def test_a_single_trailing_space_is_left_to_the_answer(before: str, expected: tuple) -> None:
    assert trailing_space(before) == expected


def test_the_text_window_keeps_its_start_while_the_writer_types() -> None:
    text = "The river was high. " * 3000
    budget = prompt_budget(8192, 48)
    start = text_window(text, budget)
    assert 0 < start < len(text)
    assert all(text_window(text + typed, budget) == start for typed in ("I", "It ", "It rained"))
    assert text[start - 1] in " \n"


@pytest.mark.parametrize("budget", [prompt_budget(2048, 48), prompt_budget(8192, 48)])
def test_a_chinese_window_fits_the_budget_by_a_cautious_count(budget: int) -> None:
    """A character of Chinese text takes up to three tokens (its bytes): the window of a
    backend that counts no tokens is counted so, keeps its start while the writer types, and
    still holds most of what fits."""
    text = "灯塔看守人每天晚上都爬上螺旋楼梯，点亮那盏古老的灯。" * 2000
    start = text_window(text, budget)
    assert budget // 6 < tokens_guess(text[start:]) <= budget
    assert tokens_guess(text[start:]) == 3 * (len(text) - start)
    assert all(text_window(text + typed, budget) == start for typed in ("他", "他说", "他说，"))
    mixed = ("The lighthouse 灯塔 stood on the pier. " * 800)
    start = text_window(mixed, budget)
    assert budget // 3 < tokens_guess(mixed[start:]) <= budget


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.integers(0, 20_000), st.integers(-5, 40_000)),
            st.just(None),  # the server refused a prompt as too long
        ),
        max_size=40,
    )
)
def test_the_guess_scale_stays_within_what_the_servers_counts_allow(seen) -> None:
    """Whatever the server counts: the scale is on its ladder, never below the cautious count
    nor past SCALE_MAX, and, above the cautious count, the largest ratio of the prompts it
    keeps times the scale leaves the margin; a refusal puts it back at once, and it never
    rises again to within a step of where it was refused."""
    import math

    from writer.generation.window import (
        SCALE_MARGIN,
        SCALE_MAX,
        SCALE_MIN_GUESS,
        SCALE_SEEN,
        SCALE_STEP,
        GuessScale,
    )

    scale = GuessScale()
    kept: list[float] = []
    ceiling = SCALE_MAX
    last = (0, 0)
    for item in seen:
        if item is None:
            was = scale.value
            assert scale.refused(was) == (was > 1.0)
            assert scale.value == 1.0
            if was > 1.0:
                kept, last = [], (0, 0)
                ceiling = min(ceiling, max(1.0, was / SCALE_STEP))
            continue
        guessed, counted = item
        before = scale.value
        scale.seen(guessed, counted)
        if guessed < SCALE_MIN_GUESS or counted <= 0 or (guessed, counted) == last:
            assert scale.value == before  # taught nothing (or the same prompt again)
            continue
        last = (guessed, counted)
        kept = [*kept[-(SCALE_SEEN - 1) :], counted / guessed]
        assert 1.0 <= scale.value <= ceiling * (1 + 1e-9)
        steps = math.log(scale.value) / math.log(SCALE_STEP)
        assert abs(steps - round(steps)) < 1e-6
        if scale.value > 1.0:
            assert scale.value * max(kept) * SCALE_MARGIN <= 1.0 + 1e-9


@settings(max_examples=fuzz_examples(100), deadline=None)
@given(
    st.sampled_from(["The river was high. ", "灯塔看守人爬上楼梯，", "Le 灯塔 du port. ", "x\n"]),
    st.integers(1, 3000),
    st.integers(16, 3000),
    st.sampled_from([2**0.25, 2**0.5, 2.0, 4.0]),
)
def test_a_scaled_budget_on_the_same_grid_never_starts_the_window_later(
    unit: str, repeat: int, budget: int, scale: float
) -> None:
    text = unit * repeat
    start = text_window(text, budget)
    wider = text_window(text, int(budget * scale), budget)
    assert wider <= start
    assert tokens_guess(text[wider:]) <= int(budget * scale) or wider == len(text)


def test_a_refusal_blames_the_scale_the_prompt_was_made_at() -> None:
    """Two requests made at one scale, both refused: each may be asked again (the second
    finds the scale reset by the first); a refusal of a prompt made at the cautious count
    changes nothing; the ceiling stays a step below the refused scale whatever another
    request taught meanwhile."""
    from writer.generation.window import SCALE_STEP, GuessScale

    scale = GuessScale()
    scale.seen(3000, 600)  # a fifth of the cautious count
    at = scale.value
    assert at > SCALE_STEP
    assert scale.refused(at)
    assert scale.value == 1.0
    assert scale.ceiling == at / SCALE_STEP
    assert scale.refused(at)  # the second request's: asked again too
    assert scale.value == 1.0
    scale.seen(3000, 601)  # another request taught it meanwhile
    assert 1.0 < scale.value <= at / SCALE_STEP
    assert not scale.refused(1.0)  # made at the cautious count: nothing to change
    assert scale.value > 1.0


def test_a_rewrite_answer_has_room_for_three_times_the_selection() -> None:
    assert answer_budget(RewriteRequest("x", "Shorter."), 100) == 364
    assert answer_budget(RewriteRequest("x", "Shorter.", max_tokens=8), 100) == 8
