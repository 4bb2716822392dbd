"""The rewrite section of `writer bench`: what prompt-lookup decoding gains on a copy-heavy
rewrite, and what bounds that gain on this machine.

Plain greedy decoding is the reference: the bench builds it from the product's parts (the same
plan, decode loop and tidying, with the `Greedy` policy) and runs it back to back with the
product's rewrite. The product's decodes are observed by recording the rows of each call the
runtime makes while the rewrite runs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from writer.assist.presets import PRESETS
from writer.bench.samples import BENCH_PARAGRAPH, sample_document
from writer.engine.decode import Greedy, generate
from writer.engine.engine import Engine
from writer.engine.rewrite import MAX_DRAFT
from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import GenerationStats, Stream
from writer.generation.rewrite import Tidy, shown_context, tidied

ROUNDS = 5
BATCH_SIZES = (2, 4, 8, 16, MAX_DRAFT + 1)


def plain_rewrite(engine: Engine, request: RewriteRequest) -> Stream:
    """The rewrite by plain greedy decoding: the reference for lookup decoding's speed and text."""
    plan = engine.rewrite_plan(request)
    stats = GenerationStats()
    cache, seq = engine.rewrite_cache()
    pieces = generate(
        cache,
        engine.runtime,
        plan.prompt.tokens,
        Greedy(seq),
        CancelToken(),
        stats,
        plan.limits(),
        seq,
    )
    tidy = Tidy(request.selection, plan.prompt.stop_text, request.after,
                shown=shown_context(request))
    return Stream(tidied(pieces, tidy, stats), stats, framed=True)


@contextmanager
def recorded_batches(engine: Engine) -> Iterator[list[int]]:
    """The rows of every decode after the prompt's evaluation in the rewrites' context, while
    the block runs."""
    rt = engine.rewrite_cache()[0].ctx
    batches: list[int] = []
    one, rows = rt.decode_one, rt.decode_rows

    def decode_one(token: int, pos: int, seq: int = 0) -> None:
        batches.append(1)
        one(token, pos, seq)

    def decode_rows(batch: Sequence[tuple[int, int, int]]) -> None:
        batches.append(len(batch))
        rows(batch)

    rt.decode_one, rt.decode_rows = decode_one, decode_rows
    try:
        yield batches
    finally:
        del rt.decode_one, rt.decode_rows


def measure(bench) -> dict[str, Any]:
    """Figures for a copy-heavy rewrite ("Fix spelling and grammar" on a paragraph of about 230
    words): plain and lookup decoding on the same prompt from a cold cache, back to back in each
    of ROUNDS rounds (the order alternating); decode rates after the first token, medians, and
    the speedup as the median of the rounds' own ratios, which holds on a noisy machine where
    the rates themselves drift by a fifth between rounds.

    Then what bounds the speedup here: the cost of a batch of n rows in one-token decodes, measured
    at the rewrite's context (`rewrite_batch_cost`), prices the lookup run's own batches
    (`rewrite_modeled_speedup`) and those of a drafter that knew the output in advance
    (`rewrite_oracle_speedup`): the most any drafting from this source could gain on this machine.
    """
    engine = bench.engine
    request = RewriteRequest(BENCH_PARAGRAPH, PRESETS["Fix spelling and grammar"], max_tokens=400)
    plan = engine.rewrite_plan(request)
    rates: dict[bool, list[float]] = {False: [], True: []}
    ratios: list[float] = []
    ttft: list[float] = []
    texts: dict[bool, list[str]] = {False: [], True: []}
    acceptance: list[float] = []
    batches: list[int] = []
    tokens: list[int] = []
    for round_ in range(ROUNDS):
        rate: dict[bool, float] = {}
        for lookup in (False, True) if round_ % 2 == 0 else (True, False):
            engine.reset_cache()
            if lookup:
                with recorded_batches(engine) as batches:
                    stream = engine.rewrite(request)
                    texts[lookup].append(stream.text())
                cache, seq = engine.rewrite_cache()
                tokens = cache.of(seq)[len(plan.prompt.tokens) :]
                acceptance.append(stream.stats.acceptance)
            else:
                stream = plain_rewrite(engine, request)
                texts[lookup].append(stream.text())
            stats = stream.stats
            rate[lookup] = stats.tokens_per_s
            rates[lookup].append(stats.tokens_per_s)
            if stats.ttft_s is not None:
                ttft.append(stats.ttft_s * 1000)
        if rate[False]:
            ratios.append(rate[True] / rate[False])
    costs = batch_costs(engine, plan.prompt.tokens, plan.source)
    out: dict[str, Any] = {
        "rewrite_tok_s_plain": round(statistics.median(rates[False]), 1),
        "rewrite_tok_s_lookup": round(statistics.median(rates[True]), 1),
        "rewrite_lookup_speedup": round(statistics.median(ratios), 3) if ratios else 0.0,
        "rewrite_same_output": len(set(texts[False] + texts[True])) == 1,
        "rewrite_ttft_ms_cold": round(statistics.median(ttft), 1) if ttft else float("nan"),
        "rewrite_acceptance": round(statistics.median(acceptance), 3) if acceptance else 0.0,
        "rewrite_tokens": len(engine.runtime.tokenize(texts[True][-1], add_bos=False)),
        "rewrite_batch_cost": {str(n): round(c, 2) for n, c in costs.items()},
    }
    if len(tokens) > 1:
        out["rewrite_modeled_speedup"] = round(modeled_speedup(len(tokens), batches, costs), 3)
        oracle = oracle_batches(plan.source, tokens)
        out["rewrite_oracle_speedup"] = round(modeled_speedup(len(tokens), oracle, costs), 3)
    return {**out, **warm_rewrite(engine), **suggestion_after_rewrite(engine)}


def batch_costs(
    engine: Engine, prompt: Sequence[int], source: Sequence[int], pairs: int = 7
) -> dict[int, float]:
    """What one decode of n rows (every row's logits kept) costs in one-token decodes, right after
    `prompt`: for each n in BATCH_SIZES, the median of `pairs` ratios of the batch's time to a
    one-token decode timed just before it at the same place."""
    cache, seq = engine.rewrite_cache()
    ctx = cache.ctx
    cache.prepare(prompt, CancelToken(), GenerationStats(), seq)
    pos = len(prompt)
    filler = list(source) or [int(ctx.logits().argmax())]
    costs: dict[int, float] = {1: 1.0}
    try:
        for n in BATCH_SIZES:
            rows = [(filler[i % len(filler)], pos + i, seq) for i in range(n)]
            ratios = []
            for _ in range(pairs):
                started = time.perf_counter()
                ctx.decode_one(rows[0][0], pos, seq)
                one = time.perf_counter() - started
                ctx.kv_remove(seq, pos, -1)
                started = time.perf_counter()
                cache.with_room(seq, lambda rows=rows: ctx.decode_rows(rows))
                ratios.append((time.perf_counter() - started) / one)
                ctx.kv_remove(seq, pos, -1)
            costs[n] = statistics.median(ratios)
    finally:
        cache.truncate(seq, pos)
    return costs


def modeled_speedup(tokens: int, batches: Sequence[int], costs: dict[int, float]) -> float:
    """Plain decoding's time for an output of `tokens` tokens ended by the end token (one decode
    for each token after the first and one for the end) over the time of `batches` (rows per
    decode after the first token), both in one-token decodes priced by `costs` (rows -> cost,
    interpolated between the sizes measured)."""
    sizes = sorted(costs)
    total = sum(float(np.interp(n, sizes, [costs[s] for s in sizes])) for n in batches)
    return tokens / total if total else 0.0


def oracle_batches(
    source: Sequence[int], output: Sequence[int], max_draft: int = MAX_DRAFT
) -> list[int]:
    """The batches of a drafter that knew `output` (ended by the end token) in advance: after each
    token it drafts the longest run of the tokens to come that appears anywhere in `source` (up to
    `max_draft`), all of it accepted, so no row is wasted. The first token comes from the prompt,
    as in plain decoding, and the last batch yields the end."""
    src = list(source)
    starts: dict[int, list[int]] = {}
    for i, tok in enumerate(src):
        starts.setdefault(tok, []).append(i)
    to_come: list[int | None] = [*output, None]  # None: the end, never in the source
    batches: list[int] = []
    done = 1
    while done < len(to_come):
        want = to_come[done : done + max_draft]
        best = 0
        for c in starts.get(want[0], []) if want[0] is not None else []:
            k = 0
            while k < len(want) and c + k < len(src) and src[c + k] == want[k]:
                k += 1
            best = max(best, k)
        batches.append(1 + best)
        done += 1 + best
    return batches


SENTENCE = "He had done this for thirty years, and he beleived he would do it for thirty more."
NUMBERS = ("thirty", "forty", "twenty", "fifty", "sixty", "ten", "eleven")


def warm_rewrite(engine: Engine) -> dict[str, Any]:
    """Milliseconds to the first token of a rewrite at a place where the writer has rewritten
    before with the same preset, just after another preset there (`rewrite_ttft_ms`: from the
    call, so planning and the chat template count), against the floor: llama.cpp evaluating the
    same tokens after the same cached prefix (`rewrite_ttft_floor_ms`), in each of ROUNDS rounds,
    the order alternating; `rewrite_ttft_ratio` is the median of the rounds' ratios. The passage
    is one sentence of the bench paragraph, the rest of it the context; each round's sentence is
    another (one word changed), so that its tokens are evaluated."""
    at = BENCH_PARAGRAPH.index(SENTENCE)
    before, after = BENCH_PARAGRAPH[:at], BENCH_PARAGRAPH[at + len(SENTENCE) :]
    cache, seq = engine.rewrite_cache()

    def request(preset: str, round_: int, max_tokens: int) -> RewriteRequest:
        passage = SENTENCE.replace("thirty", NUMBERS[round_ % len(NUMBERS)], 1)
        return RewriteRequest(passage, PRESETS[preset], before, after, max_tokens=max_tokens)

    def floor(prompt: Sequence[int], reused: int) -> float:
        cache.truncate(seq, reused)
        started = time.perf_counter()
        cache.prepare(prompt, CancelToken(), GenerationStats(), seq)
        elapsed = time.perf_counter() - started
        cache.truncate(seq, reused)
        return elapsed * 1000

    engine.reset_cache()
    engine.rewrite(request("Improve", len(NUMBERS) - 1, 1)).text()
    warm: list[float] = []
    floors: list[float] = []
    ratios: list[float] = []
    evaluated: list[int] = []
    prompt_tokens = 0
    for round_ in range(ROUNDS):
        engine.rewrite(request("Shorter", round_, 1)).text()  # another preset, just before
        improve = request("Improve", round_, 4)
        prompt = engine.rewrite_plan(improve).prompt.tokens
        prompt_tokens = len(prompt)
        if round_ % 2:  # the floor first, from what the rewrite will reuse
            slots = engine.rewrite_prefixes.slots if engine.rewrite_prefixes else []
            reused = max([cache.reusable(prompt, s) for s in slots if cache.of(s)] or [0])
            low = floor(prompt, reused)
        started = time.perf_counter()
        stream = engine.rewrite(improve)
        planned = time.perf_counter() - started
        stream.text()
        stats = stream.stats
        if stats.ttft_s is None:
            continue
        ttft = (planned + stats.ttft_s) * 1000
        if not round_ % 2:
            low = floor(prompt, stats.reused_tokens)
        warm.append(ttft)
        floors.append(low)
        ratios.append(ttft / low if low else float("nan"))
        evaluated.append(stats.evaluated_tokens)
    if not warm:
        return {}
    return {
        "rewrite_ttft_ms": round(statistics.median(warm), 1),
        "rewrite_ttft_floor_ms": round(statistics.median(floors), 1),
        "rewrite_ttft_ratio": round(statistics.median(ratios), 3),
        "rewrite_ttft_evaluated": int(statistics.median(evaluated)),
        "rewrite_ttft_prompt_tokens": prompt_tokens,
    }


def suggestion_after_rewrite(engine: Engine, size: int = 1000) -> dict[str, Any]:
    """Milliseconds to the first piece of a suggestion typed after a rewrite, in a document of
    `size` tokens whose prefix was cached before it: the rewrite keeps to its own sequence."""
    doc = sample_document(size, engine.runtime.tokenize)
    engine.reset_cache()
    engine.continuation(ContinuationRequest(doc, max_tokens=2, stop_at="none")).text()
    paragraph = doc.split("\n\n")[0]
    engine.rewrite(RewriteRequest(paragraph, PRESETS["Shorter"], max_tokens=24)).text()
    started = time.perf_counter()
    stream = engine.continuation(ContinuationRequest(doc + " an", max_tokens=4, stop_at="none"))
    next(iter(stream), None)
    elapsed = (time.perf_counter() - started) * 1000
    stream.text()
    return {
        f"ttft_ms_after_rewrite_{size}": round(elapsed, 1),
        f"reused_after_rewrite_{size}": stream.stats.reused_tokens,
    }
