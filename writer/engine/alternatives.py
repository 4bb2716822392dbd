"""Alternatives: the k most probable continuations at the cursor, found by beam search.

The prompt is built as for a normal continuation and held by sequence 0 of the KV cache, so the
cache prefix is shared with the single suggestion. Each live beam owns one of the k sequences
given to the search: it starts as a copy of its parent's sequence (in the unified cache a copy
only tags the same cells, it moves no data) and then holds the beam's own tokens. One step
decodes the newest token of every live beam in a single batch. A cancel is seen between steps
(and inside the prompt's evaluation), so a search stops within one step. Whenever a search ends
(finished, cancelled or failed) the beams' sequences are emptied, so sequence 0 again holds
exactly what the continuation cached.

Each beam records, for each of its tokens, the likeliest tokens of the row it was chosen from
(as greedy decoding does, decode.py Choices), so that another token can be picked inside an
alternative too.

The beam narrows as hypotheses finish: with k slots, each finished, distinct continuation takes one,
and the search ends when all are taken or no beam is left. With k = 1 this is greedy decoding.
The alternatives found obey the rules of every suggestion (generation/alternatives.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from writer.engine.decode import CANDIDATES, Step, generate, whole_options
from writer.engine.repetition import DryPenalty
from writer.engine.tokens import PieceDecoder
from writer.generation.alternatives import Distinct, within_rules
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import (
    Alternative,
    Alternatives,
    FinishReason,
    GenerationStats,
    Option,
    TokenChoice,
    empty_stream,
)
from writer.generation.rules import Limits
from writer.generation.text import find_stop

if TYPE_CHECKING:
    from writer.engine.cache import KVCache
    from writer.engine.prompt import ContinuationPrompt
    from writer.engine.runtime import LlamaRuntime


@dataclass
class _Beam:
    tokens: list[int]
    logp: float
    probs: list[float]
    ends: list[int]
    data: bytes
    text: str
    seq: int
    choices: list[TokenChoice]


def beam_search(
    cache: KVCache,
    runtime: LlamaRuntime,
    prompt: ContinuationPrompt,
    request: ContinuationRequest,
    k: int,
    seqs: Sequence[int],
    breakers: np.ndarray,
    cancel: CancelToken,
) -> Alternatives:
    """Up to k distinct continuations of `request` (whose tokens are `prompt`), best first; none
    when cancelled.

    The prompt is held by sequence 0 of `cache`; the beams take `seqs` (k is capped at their
    number). `breakers` marks the tokens that end a repeated run (repetition.DryPenalty). Runs
    on the thread that owns the cache.
    """
    k = max(1, min(k, len(seqs)))
    if not prompt.tokens or request.max_tokens <= 0:
        return Alternatives([], empty_stream(FinishReason.EMPTY).stats)
    _drop(cache, seqs)
    stats = GenerationStats()
    beams = Beams(cache, runtime, prompt, request, seqs[:k], breakers)
    limits = Limits(max_tokens=request.max_tokens)
    for _piece in generate(cache, runtime, prompt.tokens, beams, cancel, stats, limits):
        pass  # beams yield no pieces; their result is ranked at the end
    if stats.finish_reason == FinishReason.CANCELLED:
        return Alternatives([], stats)
    kept = [within_rules(alt, request, fim=prompt.fim) for alt in beams.finished.ranked()]
    return Alternatives([alt for alt in kept if alt is not None], stats)


def _drop(cache: KVCache, seqs: Sequence[int]) -> None:
    for seq in seqs:
        cache.truncate(seq, 0)


class Beams:
    """The beam-search step policy: each decode evaluates the newest token of every live beam
    (each in its own sequence); finished, distinct continuations take the slots. It decides no
    tokens of the loop's own sequence, which keeps holding the prompt."""

    def __init__(
        self,
        cache: KVCache,
        runtime: LlamaRuntime,
        prompt: ContinuationPrompt,
        request: ContinuationRequest,
        seqs: Sequence[int],
        breakers: np.ndarray,
    ) -> None:
        self.cache = cache
        self.runtime = runtime
        self.prompt = prompt
        self.request = request
        self.seqs = list(seqs)
        k = len(self.seqs)
        self.n_prompt = len(prompt.tokens)
        self.max_len = min(request.max_tokens, max(1, (cache.n_ctx - self.n_prompt - 1) // k))
        self.live = [_Beam([], 0.0, [], [], b"", "", 0, [])]
        self.finished = Distinct()
        self.slots = k
        self.penalty = DryPenalty(breakers)

    def step(self, logits: np.ndarray, pos: int) -> Step:
        rt = self.runtime
        skip = self.prompt.skip_prefix
        # each beam's repetition penalty, over the prompt and its own tokens, as greedy's
        logits = np.stack(
            [
                self.penalty.apply(logits[i], [*self.prompt.tokens, *beam.tokens])
                for i, beam in enumerate(self.live)
            ]
        )
        constraint = self.prompt.constraint
        if constraint is not None:
            for i, beam in enumerate(self.live):
                mask = constraint.mask(beam.data)
                if mask is not None:
                    logits[i] = np.where(mask, logits[i], -np.inf)
        next_live: list[_Beam] = []
        offered: dict[int, tuple[Option, ...]] = {}

        def options(b: int) -> tuple[Option, ...]:
            """The tokens offered in the place of beam b's next token (its row's likeliest)."""
            if b not in offered:
                row = logits[b]
                ids = np.argpartition(row, -CANDIDATES)[-CANDIDATES:]
                ids = ids[np.lexsort((ids, -row[ids]))]
                top = float(row.max())
                total = float(np.exp(row - top).sum())
                probs = np.exp(row[ids].astype(np.float64) - top) / total
                whole = len(self.live[b].text.encode("utf-8")) == len(self.live[b].data)
                offered[b] = whole_options(rt, ids, probs) if whole else ()
            return offered[b]

        for b, tok, lp in _candidates(logits, self.live, 2 * self.slots):
            if len(next_live) >= self.slots:
                break
            parent = self.live[b]
            if rt.is_eog(tok):
                alt = _finish(parent, skip, None, FinishReason.END, lp)
                self.slots -= self.finished.add(alt)
                continue
            child = _extend(parent, tok, lp, rt.piece(tok), options(b))
            if constraint is not None and constraint.within(child.data):
                # it only spells typed text again: shown as certain, as Greedy reports it;
                # the score keeps its cost, so an odd spelling of the typed text ranks low
                child.probs[-1] = 1.0
            stop = find_stop(child.text, self.request.stop_at)
            if stop is not None:
                self.slots -= self.finished.add(_finish(child, skip, stop, FinishReason.STOP))
            elif len(child.tokens) >= self.max_len:
                self.slots -= self.finished.add(_finish(child, skip, None, FinishReason.LENGTH))
            else:
                next_live.append(child)
        del next_live[self.slots :]
        if not next_live:
            return Step(done=True)
        _place(self.cache, next_live, self.seqs)
        self.live = next_live
        return Step(
            rows=[(c.tokens[-1], self.n_prompt + len(c.tokens) - 1, c.seq) for c in next_live]
        )

    def end_row(self, logits: np.ndarray) -> np.ndarray | None:
        return None  # several rows a step

    def close(self) -> None:
        """Whenever a search ends, the beams' sequences are emptied."""
        _drop(self.cache, self.seqs)


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


def _extend(
    parent: _Beam, tok: int, lp: float, piece: bytes, options: tuple[Option, ...] = ()
) -> _Beam:
    """The parent followed by `tok`, its text decoded as the single suggestion decodes it."""
    data = parent.data + piece
    text = PieceDecoder().feed(data)
    prob = float(np.exp(lp))
    done = len(parent.text)
    choice = TokenChoice(tok, prob, done, len(text), text[done:], options)
    return _Beam(
        parent.tokens + [tok],
        parent.logp + lp,
        parent.probs + [prob],
        parent.ends + [len(text)],
        data,
        text,
        parent.seq,
        parent.choices + [choice],
    )


def _finish(
    beam: _Beam,
    skip: str,
    stop: int | None,
    reason: FinishReason,
    end_lp: float | None = None,
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
        choices=list(beam.choices),
        shown_from=cut,
    )


def _place(cache: KVCache, beams: Sequence[_Beam], seqs: Sequence[int]) -> None:
    """Give each beam a sequence of its own holding its parent's tokens.

    A beam inherits its parent's sequence (`beam.seq` on entry) if it is the first child to claim
    it; its siblings, and the children of the prompt (sequence 0), get a free sequence copied from
    the parent. Sequences no beam holds any more are emptied, which frees their cells.
    """
    ctx = cache.ctx
    taken: set[int] = set()
    forks: list[_Beam] = []
    for beam in beams:
        if beam.seq != 0 and beam.seq not in taken:
            taken.add(beam.seq)
        else:
            forks.append(beam)
    free = [s for s in seqs if s not in taken]
    for seq in free:
        ctx.kv_remove(seq, -1, -1)
    for beam, seq in zip(forks, free, strict=False):
        ctx.kv_copy(beam.seq, seq, -1, -1)
        beam.seq = seq
