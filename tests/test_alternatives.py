"""Alternatives by beam search, on the real starter model (the session's shared engine)."""

from __future__ import annotations

import math
import re
import threading
import time
from pathlib import Path

import pytest

from writer.engine.engine import Engine
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import Alternative, FinishReason

PROMPTS = [
    "The old lighthouse keeper climbed the stairs ",
    "Once upon a time",
    "To install the package, open a terminal and",
]
CHINESE = ["她打开窗户，看见", "他推开门，外面的雨已经停了，"]


def beam_sequences_empty(engine: Engine) -> bool:
    import llama_cpp

    memory = engine.cache.ctx.memory
    beams = all(
        llama_cpp.llama_memory_seq_pos_max(memory, seq) == -1 for seq in engine.beam_seqs
    )
    prompt = llama_cpp.llama_memory_seq_pos_max(memory, 0) == len(engine.cached_tokens) - 1
    return beams and prompt


def words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def greedy(engine: Engine, request: ContinuationRequest) -> tuple[str, list[int], list[float]]:
    """The greedy continuation's text, tokens and token probabilities.

    Greedy decoding leaves every generated token but the last in the cache; the last one is the
    token whose text ended the suggestion, so it is recovered from the probabilities' count.
    """
    gen = engine.continuation(request)
    text = gen.text()
    stats = gen.stats
    decoded = list(engine.cached_tokens[stats.prompt_tokens :])
    assert len(decoded) in (stats.generated_tokens - 1, stats.generated_tokens)
    return text, decoded, stats.token_probs


@pytest.mark.parametrize("prompt", PROMPTS + CHINESE[:1])
def test_one_beam_is_greedy_decoding(engine: Engine, prompt: str) -> None:
    request = ContinuationRequest(prompt, max_tokens=48)
    text, decoded, probs = greedy(engine, request)

    found = engine.alternatives(request, 1).items

    assert len(found) == 1
    alt = found[0]
    assert alt.text == text
    assert len(alt.tokens) == len(probs)
    assert alt.tokens[: len(decoded)] == decoded
    assert alt.token_probs == pytest.approx(probs, rel=1e-3)
    assert beam_sequences_empty(engine)


@pytest.mark.slow
@pytest.mark.parametrize("prompt", PROMPTS)
def test_four_beams_are_ranked_and_distinct(engine: Engine, prompt: str) -> None:
    result = engine.alternatives(ContinuationRequest(prompt, max_tokens=32), 4)
    found, stats = result.items, result.stats
    healed = engine.continuation_prompt(ContinuationRequest(prompt)).skip_prefix.strip() != ""

    assert 2 <= len(found) <= 4
    scores = [a.score for a in found]
    assert scores == sorted(scores, reverse=True)
    assert len({words(a.text) for a in found}) == len(found)
    for alt in found:
        assert alt.text.strip()
        assert len(alt.token_probs) == len(alt.tokens) == len(alt.token_ends)
        assert all(0.0 < p <= 1.0 for p in alt.token_probs)
        assert alt.token_ends == sorted(alt.token_ends)
        assert alt.token_ends[-1] == len(alt.text)
        if alt.finish_reason != FinishReason.END:
            mean = sum(math.log(p) for p in alt.token_probs) / len(alt.token_probs)
            if healed:  # tokens that spell typed text show 1.0; the score keeps their cost
                assert alt.score <= mean + 1e-9
            else:
                assert alt.score == pytest.approx(mean, rel=1e-6)
    assert stats.rows > stats.decodes  # several beams were decoded per batch
    assert beam_sequences_empty(engine)


@pytest.mark.slow
def test_cache_is_consistent_after_a_search(engine: Engine, starter_model: Path) -> None:
    first = ContinuationRequest(PROMPTS[0], max_tokens=32)
    longer = ContinuationRequest(PROMPTS[0] + "to the lamp room. ", max_tokens=32)

    engine.alternatives(first, 4)
    assert beam_sequences_empty(engine)
    after = [engine.continuation(first).text()]
    engine.alternatives(longer, 4)
    after.append(engine.continuation(longer).text())

    with Engine.load(starter_model, n_ctx=4096) as fresh:
        expected = [fresh.continuation(first).text()]
        expected.append(fresh.continuation(longer).text())
    assert after == expected


class CancelAfterChecks(CancelToken):
    """Cancels itself on its n-th check, that is, at a known step of the search."""

    def __init__(self, checks: int) -> None:
        super().__init__()
        self.checks = checks

    @property
    def cancelled(self) -> bool:
        self.checks -= 1
        if self.checks <= 0:
            self.cancel()
        return self.event.is_set()


def test_cancelled_search_leaves_the_engine_usable(engine: Engine) -> None:
    request = ContinuationRequest(PROMPTS[1], max_tokens=48, stop_at="none")
    reference = engine.continuation(ContinuationRequest(PROMPTS[1], max_tokens=24)).text()

    # the loop checks before each step and before each decode: the 7th check is before step 4
    result = engine.alternatives(request, 4, CancelAfterChecks(7))
    assert result.items == []
    assert result.stats.finish_reason == FinishReason.CANCELLED
    assert result.stats.decodes == 3
    assert beam_sequences_empty(engine)
    assert engine.continuation(ContinuationRequest(PROMPTS[1], max_tokens=24)).text() == reference

    cancel = CancelToken()
    cancel.cancel()
    assert engine.alternatives(request, 4, cancel).items == []
    assert beam_sequences_empty(engine)


@pytest.mark.slow
def test_cancel_from_another_thread_stops_within_a_step(engine: Engine) -> None:
    request = ContinuationRequest(PROMPTS[2], max_tokens=48, stop_at="none")
    reference = engine.continuation(ContinuationRequest(PROMPTS[2], max_tokens=24)).text()
    cancel = CancelToken()
    cancelled_at: list[float] = []

    def cancel_soon() -> None:
        time.sleep(0.3)
        cancelled_at.append(time.perf_counter())
        cancel.cancel()

    thread = threading.Thread(target=cancel_soon)
    thread.start()
    result = engine.alternatives(request, 4, cancel)
    returned = time.perf_counter()
    thread.join()
    stats = result.stats

    assert result.items == []
    assert stats.finish_reason == FinishReason.CANCELLED
    assert stats.decodes < 47
    # one step at most after the cancel (a generous bound for a busy machine)
    assert returned - cancelled_at[0] < max(1.0, 3 * stats.total_s / max(stats.decodes, 1))
    assert beam_sequences_empty(engine)
    assert engine.continuation(ContinuationRequest(PROMPTS[2], max_tokens=24)).text() == reference


@pytest.mark.slow
@pytest.mark.parametrize("prompt", CHINESE)
def test_chinese_alternatives_are_whole_characters(engine: Engine, prompt: str) -> None:
    found = engine.alternatives(ContinuationRequest(prompt, max_tokens=24), 4).items

    assert found
    for alt in found:
        assert "\ufffd" not in alt.text
        alt.text.encode("utf-8")
    assert beam_sequences_empty(engine)


def test_confident_text_cuts_at_the_first_unsure_token() -> None:
    alt = Alternative(
        text=" the cat sat",
        score=-1.0,
        token_probs=[0.05, 0.9, 0.2, 0.8],
        tokens=[1, 2, 3, 4],
        token_ends=[4, 8, 12, 12],
    )
    assert alt.confident_text(0.1) == alt.text
    assert alt.confident_text(0.5) == " the cat"
    assert alt.confident_text(0.95) == " the"
