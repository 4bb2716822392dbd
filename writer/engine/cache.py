"""A llama.cpp context with the engine's record of what each of its sequences holds.

Each sequence's list is the tokens whose keys and values it holds, in position order; every
method here keeps the list equal to llama.cpp's cells, including after a cancel or a failed
decode. A request evaluates only what differs from what its sequence holds (`prepare`).

**The moved tail.** A fill-in-the-middle prompt ends with a tail that does not change while the
writer types before the cursor: the suffix token, the text after the cursor, the middle token.
(While the writer types in one place, the typed text goes after the middle token instead and
nothing moves: prompt.py `middle_prompt`; the tail moves where a prompt is made afresh.)
When only the part before the tail differs (`SuffixShift`), `prepare` keeps the tail's cells:
it parks them in a spare sequence, evaluates the new tokens before them, moves them to the
positions they now take (llama.cpp rotates their keys), gives them back and evaluates the middle
token, so a keystroke costs about what an append costs. The moved cells were computed without
the new tokens: an approximation (like llama-server's cache reuse), recorded per sequence as the
position from which its cells are `inexact` and how many moves made them so. After
`SuffixShift.limit` moves, or with `exact=True` (the warm-up when the writer pauses), the tail is
evaluated again. `writer bench --only middle` measures it: ttft_ms_infill_2000 against
ttft_ms_append_2000.

**The grafted document.** A project's memory goes before the document; when it changes, the
engine reads the new memory in another sequence and grafts the document's cells after it
(`graft`): moved the same way, approximate the same way, but never evaluated again for being
moved: they are the document's cells as read after the old memory. `writer bench --only memory`
measures what that costs (`graft_same_first_word`: the suggestion's first word as after an exact
read, 10 of the held-out project's 12 points). They are read again only where the text before
them changes. A window whose start moves on (the text grew past the context, or a new memory
takes more of it) is grafted the same way: the new memory and head are read and the cells of
the document from the new start are moved after them (engine.py `_window_graft_plan`), as
llama.cpp's own context shift drops the start of a full context and moves the rest.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from writer.engine.runtime import CacheFull, LlamaContext
from writer.generation.requests import CancelToken
from writer.generation.results import GenerationStats

T = TypeVar("T")

KEPT_ROWS = 6  # logits rows a sequence keeps, for as many prompt lengths (KVCache.keep)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SuffixShift:
    """How `prepare` keeps a prompt's tail: the tail starts at the last `marker` token (the
    model's FIM suffix token) and ends before the prompt's last token; `spare` is a sequence
    empty outside `prepare`; after `limit` moves without an exact evaluation the tail is
    evaluated again."""

    marker: int
    spare: int
    limit: int = 4


class KVCache:
    """One context and its sequences' tokens. `evictable` lists the sequences whose cells may
    be freed when a decode of another sequence finds the context full; `shift`, when given,
    lets `prepare` keep a fill-in-the-middle prompt's tail (see the module docstring)."""

    def __init__(
        self,
        ctx: LlamaContext,
        evictable: Sequence[int] = (),
        shift: SuffixShift | None = None,
    ) -> None:
        self.ctx = ctx
        self.evictable = tuple(evictable)
        self.shift = shift
        self._tokens: dict[int, list[int]] = {}
        self._inexact: dict[int, tuple[int, int]] = {}  # seq: (first inexact position, moves)
        # seq: {n: the logits after its first n tokens}, from the last few evaluations that
        # ended there (KEPT_ROWS at most, the oldest dropped first); each valid while the
        # sequence keeps those n tokens (see `ready`)
        self._kept: dict[int, dict[int, np.ndarray]] = {}

    @property
    def n_ctx(self) -> int:
        return self.ctx.n_ctx

    def of(self, seq: int) -> list[int]:
        """The tokens sequence `seq` holds (the list this cache keeps up to date)."""
        return self._tokens.setdefault(seq, [])

    def inexact(self, seq: int = 0) -> tuple[int, int] | None:
        """Where the moved cells of `seq` start and how many moves made them so, if it has any
        (None: every cell is what an evaluation of its tokens gives)."""
        return self._inexact.get(seq)

    def reset(self) -> None:
        self.ctx.kv_clear()
        for tokens in self._tokens.values():
            tokens.clear()
        self._inexact.clear()
        self._kept.clear()

    def truncate(self, seq: int, length: int) -> None:
        """Forget everything sequence `seq` holds from position `length` on."""
        tokens = self.of(seq)
        self.ctx.kv_remove(seq, length, -1)
        del tokens[length:]
        moved = self._inexact.get(seq)
        if moved is not None and moved[0] >= length:
            del self._inexact[seq]
        kept = self._kept.get(seq)
        if kept:
            for n in [n for n in kept if n > length]:
                del kept[n]

    def copy(self, src: int, dst: int) -> None:
        """Make sequence `dst` hold what `src` holds (a unified cache shares the cells)."""
        if src == dst:
            return
        self.truncate(dst, 0)
        self.ctx.kv_copy(src, dst)
        self.of(dst)[:] = self.of(src)
        if src in self._inexact:  # moved cells stay moved in the copy
            self._inexact[dst] = self._inexact[src]

    def graft(self, seq: int, into: int, old: int, n: int, spare: int) -> None:
        """Make sequence `seq` hold what `into` holds followed by the `n` tokens `seq` holds
        from position `old` on, their cells moved to follow (llama.cpp rotates their keys)
        instead of evaluated again; `into` is left empty and `spare`, empty before, too. (An
        empty `into`: the cells move to the start.)

        The project's memory goes before the document in a prompt: when it changes, the new
        memory is read in `into` and the document's cells are grafted after it (engine.py
        `_graft_plan`), so a change costs the new memory's tokens, not the document's too. The
        grafted cells were computed after the old memory (or none): an approximation, like a
        moved tail's (and llama-server's cache reuse), evaluated again only where the text
        before them changes. The cells must be `seq`'s alone (another sequence's copy would
        move too)."""
        ctx = self.ctx
        moved = self.of(seq)[old : old + n]
        start = len(self.of(into))
        if not 0 <= start <= ctx.n_ctx - n or old + n > len(self.of(seq)):
            raise ValueError(f"cannot graft {n} cells from {old} after {start}")
        ctx.kv_remove(spare, -1, -1)
        ctx.kv_copy(seq, spare, old, old + n)  # the cells now belong to both
        self.truncate(seq, 0)  # ... and then to the spare sequence alone
        try:
            if start != old:
                ctx.kv_shift(spare, old, old + n, start - old)
                # (without a cell for its token, they are rotated at the next decode)
                with contextlib.suppress(CacheFull):
                    self._rotate(spare, start + n, moved[-1])
            ctx.kv_copy(spare, into, start, start + n)
            self.of(into).extend(moved)
        finally:
            ctx.kv_remove(spare, -1, -1)  # cells given to `into` stay with it
        self.copy(into, seq)
        self.truncate(into, 0)

    def _rotate(self, spare: int, end: int, token: int) -> None:
        """Have llama.cpp rotate the keys just moved in `spare` (whose cells end before `end`)
        now, in a one-token decode nobody aborts, then drop that token's cell. llama.cpp rotates
        moved keys at the next decode, layer by layer in place, and an abort inside it would
        leave some layers rotated, to be rotated again at the decode after, in cells kept (and
        the next key's request would pay the rotation: about 0.1 s of the starter here for
        2,000 cells). A moved tail needs none of this: its move drops the cells if aborted."""
        self.ctx.watch(CancelToken())  # a token nobody cancels
        self.ctx.decode([token], end, seq=spare)
        self.ctx.kv_remove(spare, end, -1)

    def with_room(self, seq: int, decode: Callable[[], T]) -> T:
        """Run `decode` for sequence `seq`; when the context is full, free the cells of an
        evictable sequence other than `seq` and try again."""
        while True:
            try:
                return decode()
            except CacheFull:
                victim = next((v for v in self.evictable if v != seq and self.of(v)), None)
                if victim is None:
                    raise
                held = len(self.of(victim))
                log.info("context full: freeing sequence %d (%d tokens)", victim, held)
                self.truncate(victim, 0)

    def reusable(self, prompt: Sequence[int], seq: int = 0) -> int:
        """How many of `prompt`'s first tokens sequence `seq` holds already and `prepare` keeps
        (never the last one: it is evaluated again for its logits)."""
        cache = self.of(seq)
        n = min(len(cache), len(prompt))
        common = n
        if n:
            diff = np.flatnonzero(
                np.asarray(cache[:n], dtype=np.int32) != np.asarray(prompt[:n], dtype=np.int32)
            )
            common = int(diff[0]) if diff.size else n
        return min(common, len(prompt) - 1)

    def ready(self, prompt: Sequence[int], seq: int = 0) -> bool:
        """Whether sequence `seq` holds all of `prompt`, exactly evaluated, with the logits
        after its last token kept from the evaluation that ended there: `prepare` then
        evaluates nothing. (A warm-up inside a word evaluates the word as it would end, so
        that the space after it finds its next token's logits ready.)"""
        kept = self._kept.get(seq)
        if not prompt or not kept or len(prompt) not in kept:
            return False
        moved = self._inexact.get(seq)
        if moved is not None and moved[0] < len(prompt):
            return False
        return common_prefix(self.of(seq), prompt, len(prompt)) == len(prompt)

    def kept_row(self, prompt: Sequence[int], seq: int = 0) -> np.ndarray | None:
        """The logits kept after `prompt` where `ready` says so (not to be changed), else None."""
        return self._kept[seq][len(prompt)] if self.ready(prompt, seq) else None

    def to_evaluate(self, prompt: Sequence[int], seq: int = 0) -> int:
        """How many of `prompt`'s tokens `prepare` would evaluate (moving the tail if it can)."""
        if self.ready(prompt, seq):
            return 0
        plan = self._tail_plan(prompt, seq)
        if plan is not None:
            return plan[2] - plan[0] + 1
        return len(prompt) - self.reusable(prompt, seq)

    def prepare(
        self,
        prompt: Sequence[int],
        cancel: CancelToken,
        stats: GenerationStats,
        seq: int = 0,
        exact: bool = False,
    ) -> np.ndarray:
        """Make sequence `seq` hold `prompt` and return the logits after its last token (one
        row), reusing the longest common prefix with what it holds, or moving its tail (see the
        module docstring; never with `exact`, which also evaluates moved cells again), or
        evaluating nothing where those logits are kept (`ready`). Raises DecodeAborted if
        cancelled; the cache is then consistent (it holds a prefix of prompt)."""
        ctx = self.ctx
        cache = self.of(seq)
        stats.prompt_tokens = len(prompt)
        kept = self.kept_row(prompt, seq)
        if kept is not None:
            self.truncate(seq, len(prompt))
            ctx.watch(cancel)  # for the steps that follow
            stats.reused_tokens, stats.evaluated_tokens = len(prompt), 0
            return kept.copy()  # a policy may change the row it is given
        plan = None if exact else self._tail_plan(prompt, seq)
        if plan is not None:
            self._move_tail(prompt, seq, plan, cancel, stats)
            return self.ctx.logit_rows(1)  # computed over moved cells: not kept (`ready`)
        common = self.reusable(prompt, seq)
        moved = self._inexact.get(seq)
        if exact and moved is not None:
            common = min(common, moved[0])
        if common < len(cache):
            self.truncate(seq, common)
        stats.reused_tokens = common
        stats.evaluated_tokens = len(prompt) - common
        ctx.watch(cancel)
        self.with_room(seq, lambda: self._evaluate(prompt, len(prompt), seq))
        return self._keep(seq, len(prompt))

    def _keep(self, seq: int, n: int) -> np.ndarray:
        """Keep a copy of the logits the evaluation of `seq`'s first `n` tokens just left
        (about 200 KB for a vocabulary of 49,152; once a request, never a step); return the
        context's own row. Several lengths are kept: the prompt a word's warm-ups follow (the
        text before the word, asked at the space before it) serves again when the writer
        pauses inside the word and the completion is asked from there."""
        logits = self.ctx.logit_rows(1)
        self.keep(seq, n, logits)
        return logits

    def keep(self, seq: int, n: int, logits: np.ndarray) -> None:
        """Keep a copy of `logits` (one row), computed after sequence `seq`'s first `n` tokens
        (as their evaluation left them), for a prompt of those tokens to find `ready`."""
        if n > len(self.of(seq)):
            return
        kept = self._kept.setdefault(seq, {})
        kept.pop(n, None)
        kept[n] = np.array(logits, dtype=np.float32).reshape(1, -1)
        while len(kept) > KEPT_ROWS:
            del kept[next(iter(kept))]

    def _evaluate(self, prompt: Sequence[int], end: int, seq: int) -> None:
        """Evaluate prompt[len(held):end] after what `seq` holds, keeping its list up to date
        chunk by chunk (so that a retry starts from where a failed chunk left it)."""
        cache = self.of(seq)
        start = len(cache)
        todo = list(prompt[start:end])

        def advance(done: int) -> None:
            cache[start:] = todo[:done]

        self.ctx.decode(todo, start, seq=seq, on_chunk=advance)

    def _tail_plan(self, prompt: Sequence[int], seq: int) -> tuple[int, int, int, int] | None:
        """(common, old, new, n) when `prepare` can keep the tail: the prompt and the cache
        agree on their first `common` tokens and on the n tokens of the tail, which starts at
        `old` in the cache and at `new` in the prompt; None when it cannot or need not."""
        shift = self.shift
        if shift is None or seq == shift.spare:
            return None
        moved = self._inexact.get(seq)
        if moved is not None and moved[1] >= shift.limit:
            return None
        cache = self.of(seq)
        new = _last_index(prompt, shift.marker)
        old = _last_index(cache, shift.marker)
        if new is None or old is None:
            return None
        n = len(prompt) - 1 - new
        if n < 1 or list(cache[old : old + n]) != list(prompt[new : new + n]):
            return None
        common = common_prefix(cache, prompt, min(old, new))
        if common == old == new:
            return None  # the prefix is unchanged: plain reuse keeps the tail as it is
        # The tail's cells must be this sequence's alone (a beam's copy would move with them).
        others = (s for s, held in self._tokens.items() if held and s not in (seq, *self.evictable))
        if next(others, None) is not None or not self.ctx.can_shift:
            return None
        return common, old, new, n

    def _move_tail(
        self,
        prompt: Sequence[int],
        seq: int,
        plan: tuple[int, int, int, int],
        cancel: CancelToken,
        stats: GenerationStats,
    ) -> None:
        common, old, new, n = plan
        ctx, spare = self.ctx, self.shift.spare
        cache = self.of(seq)
        moved = self._inexact.get(seq)
        stats.reused_tokens = common + n
        stats.evaluated_tokens = len(prompt) - common - n
        ctx.kv_remove(spare, -1, -1)
        ctx.kv_copy(seq, spare, old, old + n)  # the tail's cells now belong to both
        self.truncate(seq, common)  # ... and then to the spare sequence alone
        ctx.watch(cancel)
        try:
            if new != old:
                ctx.kv_shift(spare, old, old + n, new - old)
                # (rotated at the next decode: one aborted leaves only cells dropped below)
            # The tokens before the tail go in first: llama.cpp wants a sequence's positions
            # to follow on from its last cell.
            self.with_room(seq, lambda: self._evaluate(prompt, new, seq))
            ctx.kv_copy(spare, seq, new, new + n)
            cache.extend(prompt[new : new + n])
            first = moved[0] if moved is not None and moved[0] < common else new
            self._inexact[seq] = (first, (moved[1] if moved is not None else 0) + 1)
        finally:
            ctx.kv_remove(spare, -1, -1)  # cells given back stay with `seq`
        self.with_room(seq, lambda: self._evaluate(prompt, len(prompt), seq))


def _last_index(tokens: Sequence[int], token: int, reach: int = 1024) -> int | None:
    """Where `token` last occurs among the last `reach` of `tokens`."""
    for i in range(len(tokens) - 1, max(-1, len(tokens) - 1 - reach), -1):
        if tokens[i] == token:
            return i
    return None


def common_prefix(a: Sequence[int], b: Sequence[int], limit: int) -> int:
    """How many first tokens `a` and `b` share, `limit` at most."""
    n = min(len(a), len(b), limit)
    if not n:
        return 0
    diff = np.flatnonzero(np.asarray(a[:n], dtype=np.int32) != np.asarray(b[:n], dtype=np.int32))
    return int(diff[0]) if diff.size else n
