"""The engine on the real starter model: streaming, UTF-8, stop rules, cache reuse, cancelling."""

from __future__ import annotations

import threading
import time

import pytest

from writer.engine.engine import FRUGAL_EXTRA_MS, FRUGAL_PROBE_EVERY, Engine
from writer.engine.runtime import DecodeAborted
from writer.generation.choices import forced
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import FinishReason
from writer.generation.text import find_stop
from writer.generation.window import prompt_budget

STORY = "The history of the city begins in the twelfth century, when "


def test_streams_a_continuation_in_pieces(engine: Engine) -> None:
    gen = engine.continuation(ContinuationRequest(STORY, max_tokens=20, stop_at="none"))
    pieces = [piece.text for piece in gen]
    assert len(pieces) > 3
    text = "".join(pieces)
    assert text.strip()
    assert not text.startswith(" ")  # the cursor already follows a space
    assert gen.stats.generated_tokens == 20
    assert gen.stats.ttft_s is not None
    assert gen.stats.ttft_s > 0
    assert len(gen.stats.token_probs) == 20
    assert all(0 < p <= 1 for p in gen.stats.token_probs)


def test_greedy_output_is_deterministic_across_requests(engine: Engine) -> None:
    request = ContinuationRequest("Once upon a time, a fox", max_tokens=16, stop_at="none")
    first = engine.continuation(request).text()
    engine.reset_cache()
    second = engine.continuation(request).text()
    third = engine.continuation(request).text()  # from the warm cache
    assert first == second == third


def test_stops_at_the_end_of_the_sentence(engine: Engine) -> None:
    gen = engine.continuation(ContinuationRequest(STORY, max_tokens=60))
    text = gen.text()
    assert gen.stats.finish_reason in ("stop", "end")
    assert find_stop(text + " Next", "sentence") == len(text)
    assert "\n" not in text.strip()


def test_line_mode_stops_before_a_line_break(engine: Engine) -> None:
    before = "Shopping list:\n- apples\n- bread\n- "
    text = engine.continuation(ContinuationRequest(before, max_tokens=30, stop_at="line")).text()
    assert text
    assert "\n" not in text


def test_chinese_streams_without_broken_characters(engine: Engine) -> None:
    pieces = [
        piece.text
        for piece in engine.continuation(
            ContinuationRequest("我们今天去公园散步，天气很好。", max_tokens=40, stop_at="none")
        )
    ]
    text = "".join(pieces)
    assert text
    assert "\ufffd" not in text
    for piece in pieces:
        assert "\ufffd" not in piece
        piece.encode("utf-8")  # every piece is whole characters


def test_emoji_and_japanese_stream_cleanly(engine: Engine) -> None:
    for before in ("今日はとても", "Party time 🎉🎉"):
        pieces = [
            piece.text
            for piece in engine.continuation(
                ContinuationRequest(before, max_tokens=24, stop_at="none")
            )
        ]
        assert all("\ufffd" not in p for p in pieces)


def test_a_second_request_reuses_the_cached_prefix(tiny_engine: Engine) -> None:
    engine = tiny_engine  # (what is evaluated and reused, counted: the tiny model, conftest)
    doc = (STORY + "the river was the only road. ") * 20
    first = engine.continuation(ContinuationRequest(doc, max_tokens=4, stop_at="none"))
    first.text()
    second = engine.continuation(ContinuationRequest(doc + "Tra", max_tokens=4, stop_at="none"))
    second.text()
    stats = second.stats
    assert stats.prompt_tokens > 200
    assert stats.evaluated_tokens <= 4
    assert stats.reused_tokens + stats.evaluated_tokens == stats.prompt_tokens
    # Without the cache, everything is evaluated.
    engine.reset_cache()
    third = engine.continuation(ContinuationRequest(doc + "Tra", max_tokens=4, stop_at="none"))
    third.text()
    assert third.stats.evaluated_tokens == third.stats.prompt_tokens
    assert third.stats.reused_tokens == 0


def test_a_typing_request_makes_its_first_piece_on_one_thread(
    starter_model, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the writer types, a suggestion's first piece (a few new tokens) is made on one
    thread where that costs little, the rest on all of them; the text is the same. A long new
    prompt keeps all."""
    engine = Engine.load(starter_model, n_ctx=2048, n_threads=2)  # the tests' engine has one
    try:
        ctx = engine.cache.ctx
        costs = {1: 10.0, 2: 9.0}  # what the starter's steps cost here, about
        monkeypatch.setattr(ctx, "step_ms", lambda threads: costs[threads])
        seen: list[tuple[str, int]] = []
        decode, decode_one = ctx.decode, ctx.decode_one

        def record(kind, fn):
            def call(*args, **kwargs):
                seen.append((kind, ctx.threads))
                return fn(*args, **kwargs)

            return call

        monkeypatch.setattr(ctx, "decode", record("prompt", decode))
        monkeypatch.setattr(ctx, "decode_one", record("step", decode_one))
        doc = (STORY + "the river was the only road. ") * 20
        engine.continuation(ContinuationRequest(doc, max_tokens=2, stop_at="none")).text()
        # "The " (a word the prompt holds, not one healed into the prompt before it, which the
        # request for `doc` has evaluated with its logits kept: nothing new)
        plain = engine.continuation(ContinuationRequest(doc + "The ", max_tokens=6, stop_at="none"))
        expected = plain.text()
        engine.continuation(ContinuationRequest(doc, max_tokens=2, stop_at="none")).text()
        seen.clear()
        typing = engine.continuation(
            ContinuationRequest(doc + "The ", max_tokens=6, stop_at="none", typing=True)
        )
        pieces = iter(typing)
        first = next(pieces).text
        assert seen == [("prompt", 1)]
        assert ctx.threads == 2  # back before the first piece is out
        assert first + "".join(p.text for p in pieces) == expected
        assert {threads for _kind, threads in seen[1:]} == {2}
        # a typing request that must evaluate a long new text keeps every thread
        engine.reset_cache()
        seen.clear()
        request = ContinuationRequest(doc, max_tokens=2, stop_at="none", typing=True)
        engine.continuation(request).text()
        assert seen[0] == ("prompt", 2)
    finally:
        engine.close()


def test_a_typing_request_keeps_every_thread_where_one_costs_more(
    starter_model, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a model where a step on one thread costs much more than on all (a 1B model: about
    twice), a typing request's first piece keeps every thread, and so does one where that is
    not known yet: a keystroke never waits for a measurement. Work asked ahead of time measures
    it (one thread where it is unknown and every FRUGAL_PROBE_EVERY time); where one thread
    costs little, typing uses one."""
    engine = Engine.load(starter_model, n_ctx=2048, n_threads=2)
    try:
        ctx = engine.cache.ctx
        doc = (STORY + "the river was the only road. ") * 4
        engine.continuation(ContinuationRequest(doc, max_tokens=3, stop_at="none")).text()
        assert (ctx.step_ms(2) or 0) > 0  # real steps were timed
        costs: dict[int, float | None] = {1: None, 2: 45.0}
        monkeypatch.setattr(ctx, "step_ms", lambda threads: costs[threads])
        first: list[int] = []
        decode = ctx.decode

        def record(*args, **kwargs):
            first.append(ctx.threads)
            return decode(*args, **kwargs)

        monkeypatch.setattr(ctx, "decode", record)

        def typed(word: str, **kind: bool) -> int:
            first.clear()
            kind = kind or {"typing": True}
            # a whole word: one the cursor is inside heals into the same prompt as the last
            request = ContinuationRequest(doc + word + " ", max_tokens=1, stop_at="none", **kind)
            engine.continuation(request).text()
            return first[0]

        assert typed(" unknown") == 2
        assert typed(" ahead", ahead=True) == 1  # measures
        costs[1] = 90.0
        assert [typed(f" word{i}") for i in range(FRUGAL_PROBE_EVERY + 1)] == [2] * (
            FRUGAL_PROBE_EVERY + 1
        )
        ahead = [typed(f" next{i}", ahead=True) for i in range(FRUGAL_PROBE_EVERY)]
        assert ahead == [2] * (FRUGAL_PROBE_EVERY - 2) + [1, 2]  # every FRUGAL_PROBE_EVERY
        costs[1] = 45.0 + FRUGAL_EXTRA_MS / 2
        assert typed(" again") == 1
    finally:
        engine.close()


def test_a_cancel_stops_inside_the_step_that_runs(engine: Engine, monkeypatch) -> None:
    """A continuation, asked ahead of time or by the writer, and a warm-up stop inside the
    decode that runs when they are cancelled (llama.cpp reads the flag in C after each graph
    node: runtime.flag_reader), so that the next key never waits for the rest of a step. The
    cache stays right."""
    ctx = engine.cache.ctx
    doc = "The lighthouse keeper climbed the stairs and"
    aborted: list[bool] = []
    cancel = CancelToken()
    decode_one, decode = ctx.decode_one, ctx.decode

    def cancelled_during(fn):
        def call(*args, **kwargs):
            cancel.cancel()  # as a keystroke on the UI thread does while the step runs
            try:
                fn(*args, **kwargs)
            except DecodeAborted:
                aborted.append(True)
                raise
            aborted.append(False)

        return call

    for ahead in (False, True):
        engine.continuation(ContinuationRequest(doc, max_tokens=2, stop_at="none")).text()
        cancel, aborted[:] = CancelToken(), []
        request = ContinuationRequest(doc, max_tokens=8, stop_at="none", ahead=ahead)
        stream = engine.continuation(request, cancel)
        pieces = iter(stream)
        next(pieces)
        monkeypatch.setattr(ctx, "decode_one", cancelled_during(decode_one))
        assert list(pieces) == []
        monkeypatch.setattr(ctx, "decode_one", decode_one)
        assert stream.stats.finish_reason == FinishReason.CANCELLED
        assert aborted == [True]
        assert not ctx.abort_steps
    request = ContinuationRequest(doc + " then", max_tokens=6, stop_at="none")
    after = engine.continuation(request).text()
    # a warm-up of one new token stops inside it too
    engine.continuation(ContinuationRequest(doc, max_tokens=1, stop_at="none")).text()
    cancel, aborted[:] = CancelToken(), []
    monkeypatch.setattr(ctx, "decode", cancelled_during(decode))
    warm = engine.warm(ContinuationRequest(doc + " then,"), cancel)
    assert list(warm) == []
    monkeypatch.setattr(ctx, "decode", decode)
    assert aborted == [True]
    assert warm.stats.finish_reason == FinishReason.CANCELLED
    assert not ctx.abort_steps
    assert engine.continuation(request).text() == after
    engine.reset_cache()
    assert engine.continuation(request).text() == after


def test_a_late_cancel_of_an_earlier_request_stops_no_later_one(engine: Engine) -> None:
    """Each request's decodes read its own cancel flag: a cancel that comes after its request
    has ended (a keystroke racing the end of a stream) leaves the next request's steps alone."""
    doc = "The lighthouse keeper climbed the stairs and"
    earlier, later = CancelToken(), CancelToken()
    engine.continuation(ContinuationRequest(doc, max_tokens=2, stop_at="none"), earlier).text()
    stream = engine.continuation(
        ContinuationRequest(doc + " then", max_tokens=6, stop_at="none"), later
    )
    pieces = iter(stream)
    next(pieces)
    earlier.cancel()
    list(pieces)
    assert stream.stats.finish_reason != FinishReason.CANCELLED
    assert stream.stats.generated_tokens == 6
    assert not engine.cache.ctx.aborting


def test_accepted_suggestion_stays_cached(engine: Engine) -> None:
    doc = "A letter arrived on a grey morning. "
    suggestion = engine.continuation(ContinuationRequest(doc, max_tokens=12, stop_at="none")).text()
    accepted = doc + suggestion
    nxt = engine.continuation(ContinuationRequest(accepted, max_tokens=2, stop_at="none"))
    nxt.text()
    # Generated tokens were evaluated into the cache: accepting them costs (almost) nothing.
    assert nxt.stats.evaluated_tokens <= 3


def test_cancel_during_generation_stops_within_a_token(engine: Engine) -> None:
    cancel = CancelToken()
    gen = engine.continuation(
        ContinuationRequest("Write a long story. Once upon a time", max_tokens=200, stop_at="none"),
        cancel,
    )
    pieces = []
    for piece in gen:
        pieces.append(piece)
        if len(pieces) == 5:
            cancel.cancel()
    assert len(pieces) == 5
    assert gen.stats.finish_reason == "cancelled"
    # The cache stays consistent: a following request matches a fresh computation.
    request = ContinuationRequest("The lighthouse keeper", max_tokens=10, stop_at="none")
    after_cancel = engine.continuation(request).text()
    engine.reset_cache()
    assert engine.continuation(request).text() == after_cancel


@pytest.mark.slow
def test_cancel_during_prompt_evaluation(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    """A long prompt is aborted inside llama_decode (the abort callback), not after it, and
    the log does not call the cancel an error."""
    import logging

    from writer.bench.samples import sample_document

    caplog.set_level(logging.DEBUG, logger="llama.cpp")
    doc = sample_document(3000, engine.runtime.tokenize)
    engine.reset_cache()
    cancel = CancelToken()
    timer = threading.Timer(0.3, cancel.cancel)
    started = time.perf_counter()
    timer.start()
    gen = engine.continuation(ContinuationRequest(doc, max_tokens=8), cancel)
    pieces = list(gen)
    elapsed = time.perf_counter() - started
    assert pieces == []  # a cancelled request never delivers text
    assert gen.stats.finish_reason == "cancelled"
    # Whatever was cached is a prefix of the prompt, so the next request starts from it.
    cached = list(engine.cached_tokens)
    prompt = engine.continuation_prompt(ContinuationRequest(doc, max_tokens=8)).tokens
    assert cached == prompt[: len(cached)]
    assert len(cached) < len(prompt)
    assert elapsed < 10  # a full evaluation of 3,000 tokens takes far longer on this CPU
    llama = [r for r in caplog.records if r.name == "llama.cpp"]
    assert any(r.getMessage().endswith("(cancelled)") for r in llama)
    assert not [r for r in llama if r.levelno >= logging.ERROR]
    # nor a warning: the tidying after the abort flooded the log (67 in five minutes)
    assert not [r for r in llama if r.levelno >= logging.WARNING and "memory module" in
                r.getMessage()]
    nxt = engine.continuation(ContinuationRequest(doc[:400], max_tokens=4, stop_at="none"))
    assert nxt.text()


def test_long_documents_keep_a_stable_window(tiny_engine: Engine) -> None:
    """Typing at the end of a document longer than the context keeps the window's start
    (counted in tokens: the tiny model's cells, conftest)."""
    from writer.bench.samples import sample_document

    engine = tiny_engine
    doc = sample_document(5000, engine.runtime.tokenize)  # the session engine has 4,096
    first = engine.continuation_prompt(ContinuationRequest(doc))
    assert first.window_start > 0
    assert len(first.tokens) <= prompt_budget(engine.n_ctx, 48)
    starts = {first.window_start}
    for word in (" and", " then", " the", " river", " ran"):
        doc += word
        starts.add(engine.continuation_prompt(ContinuationRequest(doc)).window_start)
    assert starts == {first.window_start}
    assert doc[first.window_start - 1] in "\n " or first.window_start == 0
    gen = engine.continuation(ContinuationRequest(doc, max_tokens=4, stop_at="none"))
    gen.text()
    gen2 = engine.continuation(ContinuationRequest(doc + " of", max_tokens=4, stop_at="none"))
    gen2.text()
    assert gen2.stats.reused_tokens > 1000


@pytest.mark.parametrize(
    ("text", "mode", "expected"),
    [
        ("a dog. The", "sentence", 6),
        ("version 3.14 is", "sentence", None),
        ("他来了。然后", "sentence", 4),
        ("first line\nsecond", "line", 10),
        ("\nnew paragraph", "line", None),
        ("a dog. The", "line", None),
        ("anything\nat all", "none", None),
    ],
)
def test_stop_rules(text: str, mode: str, expected: int | None) -> None:
    assert find_stop(text, mode) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chapter One\n\nThe river was high.\nIt rained.",
        "第一章\n\n我们今天去公园散步。\n天气很好。\n\n\n第二章",
        "- item one\n- item two\n  continued\n\n> quoted\n```\ncode\n```\n",
        "\n\nStarts with blank lines\n \nand a line of one space\n",
        "trailing spaces   \nnext line\t\ttabs\n",
    ],
)
def test_paragraph_tokenizer_equals_whole_tokenization(engine: Engine, text: str) -> None:
    tokenize = engine.tokenize_document
    assert tokenize.enabled
    assert tokenize(text) == engine.runtime.tokenize(text)
    grown = text
    for addition in (" and", "\n\nA new paragraph", "\nline", " 我们", " "):
        grown += addition
        assert tokenize(grown) == engine.runtime.tokenize(grown)


def test_warm_fills_the_cache_and_says_nothing(engine: Engine) -> None:
    request = ContinuationRequest("The lighthouse keeper climbed the stairs and", max_tokens=4)
    engine.reset_cache()
    warm = engine.warm(request)
    assert list(warm) == []
    assert warm.stats.finish_reason == FinishReason.WARMED
    assert warm.stats.evaluated_tokens > 5
    after = engine.continuation(request)
    after.text()
    assert after.stats.evaluated_tokens <= 1


def test_logits_kept_from_an_evaluation_serve_the_same_prompt_only(engine: Engine) -> None:
    """A prompt evaluated to its end keeps the logits after it: the same prompt again evaluates
    nothing and gets those logits (what evaluating it anew gives), also after a longer one; a
    prompt of other tokens, a longer one, or one after the sequence lost the kept tokens is
    evaluated."""
    import numpy as np

    from writer.generation.results import GenerationStats

    cache = engine.cache
    engine.reset_cache()
    tokens = engine.runtime.tokenize(STORY + "the river was the only road", add_bos=True)
    other = [*tokens[:-1], engine.runtime.tokenize(" lane", add_bos=False)[0]]

    def prepare(prompt: list[int]) -> tuple[int, np.ndarray]:
        stats = GenerationStats()
        logits = cache.prepare(prompt, CancelToken(), stats)
        return stats.evaluated_tokens, np.array(logits[0])

    fresh_n, fresh = prepare(tokens)
    assert fresh_n == len(tokens)
    again_n, again = prepare(tokens)
    assert again_n == 0
    assert np.allclose(again, fresh, atol=1e-4)
    assert cache.to_evaluate(tokens) == 0
    assert prepare(other)[0] == 1  # the last token differs: the kept logits are not its
    assert prepare(tokens)[0] == 1
    assert prepare([*tokens, *other[-1:]])[0] == 1  # longer
    assert prepare(tokens)[0] == 0  # the shorter one's logits are kept beside the longer's
    cache.truncate(0, 3)
    n, logits = prepare(tokens)
    assert n == len(tokens) - 3
    assert np.allclose(logits, fresh, atol=1e-3)


@pytest.mark.parametrize("in_c", [True, False])
def test_the_abort_flag_is_read_in_c_where_it_can_be(
    starter_model, monkeypatch, in_c: bool
) -> None:
    """With the C library's reader (runtime.flag_reader) a cancelled request's one-token step
    stops too; without one (no C library found) the Python callback stops long prompts and
    work done ahead of time only, as it always did."""
    from writer.engine import runtime as rt

    if not in_c:
        monkeypatch.setattr(rt, "flag_reader", lambda: None)
    runtime = rt.LlamaRuntime(starter_model)
    try:
        ctx = runtime.context(rt.ContextConfig(n_ctx=256, n_threads=2))
        tokens = runtime.tokenize("The lighthouse keeper climbed the stairs and looked out")
        ctx.decode(tokens[:-1], 0)
        cancel = CancelToken()
        ctx.watch(cancel)
        cancel.cancel()
        step = lambda: ctx.decode_one(tokens[-1], len(tokens) - 1)  # noqa: E731
        if in_c:
            with pytest.raises(DecodeAborted):
                step()
        else:
            step()  # between tokens only
            ctx.kv_remove(0, len(tokens) - 1)
            ctx.abort_steps = True
            with pytest.raises(DecodeAborted):
                step()
            ctx.abort_steps = False
        with pytest.raises(DecodeAborted):
            ctx.decode(tokens, len(tokens) - 1)  # a long prompt stops either way
        ctx.watch(CancelToken())  # the next request's own flag
        step()
        assert ctx.kv_span(0) == (0, len(tokens) - 1)
        ctx.close()
    finally:
        runtime.close()


STORM = (
    "The lighthouse keeper climbed the stairs every evening at dusk. He lit the lamp and"
    " watched the ships pass. One night, a storm"
)


def test_what_follows_a_suggestion_starts_without_a_decode(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A suggestion keeps the logits after its text where it ended before its last decided
    token (the trim, a sentence's end) and where it held text back and cut it (a full stop
    that would copy the text before), so the continuation asked ahead of time for what follows
    it (the next ghost, shown when the writer takes this one) evaluates nothing: its prompt is
    the suggestion's own tokens, its last word not healed. It says what it says when the last
    token is evaluated again (the logits kept are those the decode left, the repetition
    penalty the step applied to them taken back). Where the cache no longer holds those
    tokens, the request heals the last word as any other."""
    storm = STORM
    stairs = (
        "The keeper climbed the stairs to the lamp room at the top of the tower. Every night"
        " the keeper climbed the stairs to the lamp room at the top of the"
    )
    cases = [
        (storm, {"min_run_prob": 0.3, "stop_at": "none"}),
        (storm, {"stop_at": "sentence"}),
        (stairs, {"stop_at": "sentence"}),  # the text held back is cut
    ]
    past = []
    for doc, limits in cases:
        texts = []
        for kept in (True, False):
            engine.reset_cache()
            first = engine.continuation(ContinuationRequest(doc, max_tokens=24, **limits))
            text = first.text()
            assert first.stats.finish_reason in (FinishReason.UNSURE, FinishReason.STOP)
            assert text.strip()
            request = ContinuationRequest(doc + text, max_tokens=6, stop_at="none", ahead=True)
            prompt = engine.continuation_prompt(request)
            assert prompt.skip_prefix == ""  # not healed
            held = engine.cached_tokens
            assert held[: len(prompt.tokens)] == prompt.tokens  # the suggestion's own tokens
            with monkeypatch.context() as m:
                if not kept:  # as if no logits were kept: the last token is read again
                    m.setattr(engine.cache, "ready", lambda prompt, seq=0: False)
                    m.setattr(engine.cache, "kept_row", lambda prompt, seq=0: None)
                ahead = engine.continuation(request)
                texts.append(ahead.text())
            assert ahead.stats.evaluated_tokens == (0 if kept else 1)
        past.append(len(held) - len(prompt.tokens))
        assert texts[0]
        assert texts[0] == texts[1]
    assert past[-1] > 0  # the sequence held a token past the text shown
    engine.reset_cache()
    assert engine.continuation_prompt(request).skip_prefix  # not the cache's tokens: healed


def test_what_follows_a_suggestion_still_measures_a_step_on_one_thread(
    starter_model, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked ahead after a suggestion, a request's first piece takes no step (its logits were
    kept), so where work asked ahead is to measure a step on one thread (for typing requests,
    see above), its next step is made on one thread instead."""
    engine = Engine.load(starter_model, n_ctx=2048, n_threads=2)
    try:
        ctx = engine.cache.ctx
        limits = {"min_run_prob": 0.3, "stop_at": "none"}
        text = engine.continuation(ContinuationRequest(STORM, max_tokens=24, **limits)).text()
        monkeypatch.setattr(ctx, "step_ms", lambda threads: None)  # not known: it measures
        threads: list[int] = []
        decode_one = ctx.decode_one

        def record(*args, **kwargs):
            threads.append(ctx.threads)
            return decode_one(*args, **kwargs)

        monkeypatch.setattr(ctx, "decode_one", record)
        request = ContinuationRequest(STORM + text, max_tokens=4, stop_at="none", ahead=True)
        ahead = engine.continuation(request)
        assert ahead.text()
        assert ahead.stats.evaluated_tokens == 0
        assert threads[:2] == [1, 2]
    finally:
        engine.close()


def test_another_word_in_a_ghost_asked_ahead_is_made_from_its_own_prompt(engine: Engine) -> None:
    """A ghost asked ahead was made from a prompt that does not heal its last word; a request
    at the same place that heals it (the alternatives, a suggestion asked there) keeps its
    own prompt apart, so picking another word in the ghost regenerates from the ghost's."""
    engine.reset_cache()
    limits = {"min_run_prob": 0.3, "stop_at": "none"}
    text = engine.continuation(ContinuationRequest(STORM, max_tokens=24, **limits)).text()
    ahead = ContinuationRequest(STORM + text, max_tokens=6, stop_at="none", ahead=True)
    made = engine.continuation(ahead)
    shown = made.text()
    choices = made.stats.choices
    assert len(choices) >= 2
    healed = ContinuationRequest(STORM + text, max_tokens=6, stop_at="none")
    assert engine.continuation_prompt(healed).skip_prefix  # this one heals the last word
    engine.alternatives(healed, 2)
    place = choices[1]
    option = next(o for o in place.options if o.token != place.token)
    again = engine.regenerate(ahead, forced(choices, 1, option)).text()
    assert again.startswith(shown[: place.start] + option.text)
