"""Alternatives: the k most probable continuations at the cursor, found by beam search.

The prompt is built as for a normal continuation and held by sequence 0 of the KV cache, so the
cache prefix is shared with the single suggestion. Each live beam owns one of sequences 1..k: it
starts as a copy of its parent's sequence (in the unified cache a copy only tags the same cells, it
moves no data) and then holds the beam's own tokens. One step decodes the newest token of every live
beam in a single batch. A cancel is seen between steps (and inside the prompt's evaluation), so
a search stops within one step. Whenever a search ends (finished, cancelled or failed) sequences
1..k are removed, so sequence 0 again holds exactly `engine.cached_tokens`.

The beam narrows as hypotheses finish: with k slots, each finished, distinct continuation takes one,
and the search ends when all are taken or no beam is left. With k = 1 this is greedy decoding.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from writer.engine.engine import (
    CancelToken,
    ContinuationPrompt,
    ContinuationRequest,
    Engine,
    GenerationStats,
)
from writer.engine.runtime import DecodeAborted
from writer.engine.text import PieceDecoder, find_stop

WORD = re.compile(r"\w+")


@dataclass
class Alternative:
    """One continuation, with the probability the model gave each of its tokens.

    `token_ends[i]` is where the characters completed by token i end in `text`, so token i covers
    `text[token_ends[i - 1]:token_ends[i]]` (a token that ends inside a character covers nothing).
    `score` is the mean log-probability per token (the end-of-text token counted when it ended).
    """

    text: str
    score: float
    token_probs: list[float]
    tokens: list[int]
    token_ends: list[int] = field(default_factory=list)
    finish_reason: str = ""

    def confident_text(self, min_prob: float) -> str:
        """The text up to the first token, after the first, less probable than `min_prob`."""
        for i in range(1, len(self.token_probs)):
            if self.token_probs[i] < min_prob:
                return self.text[: self.token_ends[i - 1]]
        return self.text


@dataclass
class SearchStats:
    prompt_tokens: int = 0
    reused_tokens: int = 0
    steps: int = 0
    rows: int = 0
    decode_s: float = 0.0
    total_s: float = 0.0
    cancelled: bool = False

    @property
    def ms_per_step(self) -> float:
        return 1000 * self.decode_s / self.steps if self.steps else 0.0


@dataclass
class _Beam:
    tokens: list[int]
    logp: float
    probs: list[float]
    ends: list[int]
    data: bytes
    text: str
    seq: int


class _Finished:
    """Finished continuations by their words; a near-duplicate keeps the better score."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, ...], Alternative] = {}

    def add(self, alt: Alternative) -> bool:
        """Record `alt`; True if it is a new continuation (not a near-duplicate)."""
        key = tuple(WORD.findall(alt.text.casefold()))
        old = self.by_key.get(key)
        if old is None:
            self.by_key[key] = alt
            return True
        if alt.score > old.score:
            self.by_key[key] = alt
        return False

    def ranked(self) -> list[Alternative]:
        alts = [a for a in self.by_key.values() if a.text.strip()]
        return sorted(alts, key=lambda a: a.score, reverse=True)


def alternatives(
    engine: Engine,
    request: ContinuationRequest,
    k: int,
    cancel: CancelToken | None = None,
    stats: SearchStats | None = None,
) -> list[Alternative]:
    """Up to k distinct continuations of `request`, best first; [] when cancelled.

    Runs on the thread that owns the engine. k is capped at the engine's beam sequences.
    """
    cancel = cancel or CancelToken()
    stats = stats if stats is not None else SearchStats()
    started = time.perf_counter()
    k = max(1, min(k, len(engine.beam_seqs)))
    prompt = engine.continuation_prompt(request)
    if not prompt.tokens or request.max_tokens <= 0:
        return []
    _drop_beams(engine)
    try:
        prefill = GenerationStats()
        engine.prepare(prompt.tokens, cancel, prefill)
        stats.prompt_tokens = prefill.prompt_tokens
        stats.reused_tokens = prefill.reused_tokens
        found = _search(engine, prompt, request, k, cancel, stats)
    except DecodeAborted:
        found = None
    finally:
        _drop_beams(engine)
        stats.total_s = time.perf_counter() - started
    if found is None:
        stats.cancelled = True
        return []
    return found


def _drop_beams(engine: Engine) -> None:
    rt = engine.runtime
    for seq in engine.beam_seqs:
        rt.kv_remove(seq, -1, -1)


def _search(
    engine: Engine,
    prompt: ContinuationPrompt,
    request: ContinuationRequest,
    k: int,
    cancel: CancelToken,
    stats: SearchStats,
) -> list[Alternative] | None:
    rt = engine.runtime
    n_prompt = len(prompt.tokens)
    max_len = min(request.max_tokens, max(1, (rt.n_ctx - n_prompt - 1) // k))
    logits = rt.logits(-1)
    if prompt.first_mask is not None:
        logits = np.where(prompt.first_mask, logits, -np.inf).astype(np.float32)
    rows = logits[None, :]
    live = [_Beam([], 0.0, [], [], b"", "", 0)]
    finished = _Finished()
    slots = k
    first_decode: float | None = None
    while live:
        if cancel.cancelled:
            return None
        next_live: list[_Beam] = []
        for b, tok, lp in _candidates(rows, live, 2 * slots):
            if len(next_live) >= slots:
                break
            parent = live[b]
            if rt.is_eog(tok):
                alt = _finish(parent, prompt.skip_prefix, None, "end", lp)
                slots -= finished.add(alt)
                continue
            child = _extend(parent, tok, lp, rt.piece(tok))
            stop = find_stop(child.text, request.stop_at)
            if stop is not None:
                slots -= finished.add(_finish(child, prompt.skip_prefix, stop, "stop"))
            elif len(child.tokens) >= max_len:
                slots -= finished.add(_finish(child, prompt.skip_prefix, None, "length"))
            else:
                next_live.append(child)
        del next_live[slots:]
        if not next_live:
            break
        _place(engine, next_live, k)
        if first_decode is None:
            first_decode = time.perf_counter()
        rows = [(c.tokens[-1], n_prompt + len(c.tokens) - 1, c.seq) for c in next_live]
        engine.with_room(rows[0][2], lambda rows=rows: rt.decode_rows(rows))
        stats.steps += 1
        stats.rows += len(next_live)
        rows = np.stack([rt.logits(i) for i in range(len(next_live))])
        live = next_live
    if first_decode is not None:
        stats.decode_s = time.perf_counter() - first_decode
    return finished.ranked()


def _candidates(
    rows: np.ndarray, live: Sequence[_Beam], per_row: int
) -> list[tuple[int, int, float]]:
    """The best continuations of all beams by total log-probability: (beam, token, log-prob).

    Ties go to the lower token id, as with argmax, so that one beam follows greedy decoding.
    """
    n_vocab = rows.shape[1]
    per_row = min(per_row, n_vocab)
    top = rows.max(axis=1, keepdims=True)
    lse = top[:, 0].astype(np.float64) + np.log(np.exp(rows - top).sum(axis=1, dtype=np.float64))
    idx = np.argpartition(rows, n_vocab - per_row, axis=1)[:, n_vocab - per_row :]
    lp = np.take_along_axis(rows, idx, axis=1).astype(np.float64) - lse[:, None]
    total = lp + np.array([b.logp for b in live])[:, None]
    beam = np.broadcast_to(np.arange(len(live))[:, None], idx.shape)
    flat = total.ravel()
    keep = np.isfinite(flat)
    order = np.lexsort((idx.ravel()[keep], -flat[keep]))
    b_sel = beam.ravel()[keep][order]
    t_sel = idx.ravel()[keep][order]
    lp_sel = lp.ravel()[keep][order]
    return list(zip(b_sel.tolist(), t_sel.tolist(), lp_sel.tolist(), strict=True))


def _extend(parent: _Beam, tok: int, lp: float, piece: bytes) -> _Beam:
    """The parent followed by `tok`, its text decoded as the single suggestion decodes it."""
    data = parent.data + piece
    text = PieceDecoder().feed(data)
    return _Beam(
        parent.tokens + [tok],
        parent.logp + lp,
        parent.probs + [float(np.exp(lp))],
        parent.ends + [len(text)],
        data,
        text,
        parent.seq,
    )


def _finish(
    beam: _Beam, skip: str, stop: int | None, reason: str, end_lp: float | None = None
) -> Alternative:
    text = beam.text
    cut = len(skip) if skip and text.startswith(skip) else 0
    end = len(text) if stop is None else max(stop, cut)
    shown = text[cut:end]
    logp, n = beam.logp, len(beam.tokens)
    if end_lp is not None:
        logp, n = logp + end_lp, n + 1
    return Alternative(
        text=shown,
        score=logp / n if n else 0.0,
        token_probs=list(beam.probs),
        tokens=list(beam.tokens),
        token_ends=[min(max(e - cut, 0), len(shown)) for e in beam.ends],
        finish_reason=reason,
    )


def _place(engine: Engine, beams: Sequence[_Beam], k: int) -> None:
    """Give each beam a sequence of its own holding its parent's tokens.

    A beam inherits its parent's sequence (`beam.seq` on entry) if it is the first child to claim
    it; its siblings, and the children of the prompt (sequence 0), get a free sequence copied from
    the parent. Sequences no beam holds any more are emptied, which frees their cells.
    """
    rt = engine.runtime
    taken: set[int] = set()
    forks: list[_Beam] = []
    for beam in beams:
        if beam.seq != 0 and beam.seq not in taken:
            taken.add(beam.seq)
        else:
            forks.append(beam)
    free = [s for s in range(1, k + 1) if s not in taken]
    for seq in free:
        rt.kv_remove(seq, -1, -1)
    for beam, seq in zip(forks, free, strict=False):
        rt.kv_copy(beam.seq, seq, -1, -1)
        beam.seq = seq


BENCH_PROMPT = (
    "The harbour was quiet that morning. Fishing boats rocked against the pier, and the old "
    "lighthouse keeper walked slowly along the stones, counting the gulls as he always did"
)

DISTINCT_PROMPTS = (
    "She opened the letter with trembling hands and read the first line twice",
    "To install the package, open a terminal and",
    "The main advantage of a relational database is",
    '"Where were you last night?" he asked. She looked away and said',
    "Dear Mr. Thompson,\n\nThank you for your letter of 12 March. I am writing to",
    "In 1848, revolutions spread across Europe, and",
    "My favourite recipe for a rainy day is a simple soup made with",
    "The results of the experiment suggest that",
    "他推开门，外面的雨已经停了，",
    "Once upon a time, in a village at the edge of a great forest, there lived",
)


def measure(
    engine: Engine | Any,
    steps: int = 16,
    repeats: int = 5,
    prompts: int = len(DISTINCT_PROMPTS),
) -> dict[str, float]:
    """Benchmark figures: the cost of a 4-beam step against a greedy step on the same prompt
    (after the prompt is evaluated; medians of `repeats` runs), and how many distinct
    alternatives four beams give, on average, for (up to) ten varied prompts.

    `engine` may also be `writer bench`'s holder of the loaded engine (its `engine` attribute).
    """
    engine = getattr(engine, "engine", engine)
    request = ContinuationRequest(BENCH_PROMPT, max_tokens=steps, stop_at="none")
    alternatives(engine, ContinuationRequest(BENCH_PROMPT, max_tokens=4, stop_at="none"), 4)
    greedy_ms: list[float] = []
    beam_ms: list[float] = []
    beam_rows: list[float] = []
    for _ in range(repeats):
        gen = engine.continuation(request)
        gen.text()
        done = gen.stats.generated_tokens - 1
        if done > 0 and gen.stats.decode_s > 0:
            greedy_ms.append(1000 * gen.stats.decode_s / done)
        search = SearchStats()
        alternatives(engine, request, 4, stats=search)
        if search.steps:
            beam_ms.append(search.ms_per_step)
            beam_rows.append(search.rows / search.steps)
    distinct = [
        len(alternatives(engine, ContinuationRequest(p, max_tokens=32), 4))
        for p in DISTINCT_PROMPTS[:prompts]
    ]
    greedy = float(np.median(greedy_ms)) if greedy_ms else 0.0
    beam = float(np.median(beam_ms)) if beam_ms else 0.0
    return {
        "beam4_ms_per_step": round(beam, 2),
        "greedy_ms_per_step": round(greedy, 2),
        "beam4_cost_ratio": round(beam / greedy, 3) if greedy else 0.0,
        "beam4_beams_per_step": round(float(np.mean(beam_rows)), 2) if beam_rows else 0.0,
        "beam4_distinct": float(np.mean(distinct)) if distinct else 0.0,
    }
