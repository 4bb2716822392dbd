"""The one decode loop, and the step policies that steer it.

`generate` does what every way of generating shares: evaluate the prompt (reusing the cached
prefix), check the cancel flag, turn token bytes into whole characters, end at the end tokens,
pass each token through the rules every backend applies (generation/rules.py: the token limit,
the confidence cut-off, the stop rule and the no-repeat rules on the text, the held-back tail,
the finish reason and the timings), and keep the engine's record of the sequence equal to what
llama.cpp holds.

A `StepPolicy` only decides. Given the logits of the last decode (one row per output row, in
batch order), it names the tokens that come next and the rows to evaluate after them, and may
tell the loop to forget the sequence's cells from some position (rows it drafted that turned out
wrong). Greedy and sampled decoding are here; draft-and-verify lives with rewrites
(`rewrite.DraftVerify`) and beam search with alternatives (`alternatives.Beams`).

With banned phrases (`Limits.bans`), each decided token passes the guard of engine/bans.py
before the rules: it holds back the tokens a banned phrase may begin in, and when one is
completed the loop goes back to where it began and decides that position again without the token
it chose there (`_rewind`); the policy must agree to it (`rewound`).

After a cancel (or an exception, or a consumer that stops iterating) the sequence holds a prefix
of the prompt followed by tokens that were decided, so the next request reuses it safely.

**The logits after the text.** Where the text ends before the token decided last is evaluated
(the trim, a sentence's end), and where text held back is cut (a copy of the text before), the
logits after the shown text are kept in the cache (cache.py `ready`) as the decode left them
(`StepPolicy.end_row` gives back what a step changed in place): what follows the suggestion,
asked for ahead of time, then starts without a decode, and the next ghost is there when the
writer takes this one.

**Choices.** A policy may name, with each token, the likeliest tokens of the row it chose from
(`Step.options`, from the probabilities it computed anyway: no extra decode); the loop keeps the
first `CHOICES` of them that are whole characters in `GenerationStats.choices`, so that the
writer can pick another token at any place of a suggestion. `generate(forced=...)` regenerates
from such a pick: the forced tokens (the suggestion's up to the place, then the one picked)
follow the prompt, so the cache already holding the prompt and the earlier tokens evaluates only
the one picked, and their text goes through the rules first, as it did the first time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from writer.engine.bans import Held, TokenGuard
from writer.engine.runtime import DecodeAborted
from writer.engine.tokens import PieceDecoder
from writer.generation.choices import CHOICES
from writer.generation.requests import CancelToken
from writer.generation.results import FinishReason, GenerationStats, Option, Piece, TokenChoice
from writer.generation.rules import GenerationRules, Limits

if TYPE_CHECKING:
    from writer.engine.cache import KVCache
    from writer.engine.repetition import DryPenalty
    from writer.engine.runtime import LlamaRuntime
    from writer.engine.tokens import TokenConstraint

Row = tuple[int, int, int]  # token, position, sequence
CANDIDATES = 2 * CHOICES  # looked at to find them (a token of broken bytes is not offered)


@dataclass
class Step:
    """A policy's decision: the tokens that come next (with their probabilities), the rows to
    evaluate after them, and where the loop's sequence should be cut first (None: nowhere).
    `done` ends generation (FinishReason.END) once the tokens are out; `drafted` and `accepted`
    count draft rows this step verified. `options`, when given, has one entry per token: the
    ids of the likeliest tokens of its row, best first, and their probabilities."""

    tokens: Sequence[tuple[int, float]] = ()
    rows: Sequence[Row] = ()
    drop_from: int | None = None
    done: bool = False
    drafted: int = 0
    accepted: int = 0
    options: Sequence[tuple[np.ndarray, np.ndarray]] = ()


class StepPolicy(Protocol):
    def step(self, logits: np.ndarray, pos: int) -> Step:
        """Decide from `logits` (rows x vocabulary, valid only during this call); `pos` is the
        next free position of the loop's sequence."""
        ...

    def end_row(self, logits: np.ndarray) -> np.ndarray | None:
        """The row of `logits` the last step was given, as the decode left it (None: the
        policy does not know it), once generation has ended there (see `generate`)."""
        ...

    def close(self) -> None:
        """Release anything the policy holds in the cache besides the loop's sequence."""
        ...


def token_prob(row: np.ndarray, token: int) -> float:
    """The softmax probability of `token` in a row of logits."""
    shifted = row - row[token]
    np.exp(shifted, out=shifted)  # in place: one pass over the vocabulary, one array
    return float(1.0 / shifted.sum())


def top_tokens(
    row: np.ndarray, n: int, token: int | None = None, scratch: np.ndarray | None = None
) -> tuple[int, float, np.ndarray, np.ndarray]:
    """The `n` likeliest tokens of a row of logits with their softmax probabilities (best
    first; ties to the lower id, as argmax; none of probability 0), and `token` (the likeliest
    when None, which saves an argmax) with its own: one pass over the vocabulary, as
    `token_prob`, after `likeliest`. `scratch`, an array of the row's shape and type, saves
    allocating one every step."""
    ids = likeliest(row, n)
    if token is None:
        token = int(ids[0])
    best = row[ids[0]]
    if -PLAIN_EXP < best < PLAIN_EXP:  # no overflow, nor a sum of zeros: a pass saved
        shifted = np.exp(row, out=scratch)
    else:
        shifted = np.subtract(row, best, out=scratch)
        np.exp(shifted, out=shifted)
    total = shifted.sum()
    probs = shifted[ids] / total
    if not probs[-1] > 0:  # the list is best first: only its tail can be 0
        keep = probs > 0
        ids, probs = ids[keep], probs[keep]
    return token, float(shifted[token] / total), ids, probs


# Logits within this of 0 are exponentiated as they are (e^60 times a vocabulary of millions
# stays far below float32's limit, e^-60 far above its smallest number); others shifted first.
PLAIN_EXP = 60.0
GROUPS = 64  # rows of the view likeliest looks through (a vocabulary is tens of thousands)


def likeliest(row: np.ndarray, n: int) -> np.ndarray:
    """The ids of the `n` highest logits of `row`, highest first, ties to the lower id.

    The row is seen as GROUPS rows of `len(row) // GROUPS` columns (the few last tokens apart).
    The maxima of the columns are each a different token, so the `n`-th highest of them is a
    floor: none of the `n` likeliest lies below it, and the tokens that reach it are few
    (usually n to 2n). Sorting those is exact and costs a fifth of partitioning the whole
    vocabulary (about 57 against 250 microseconds for 49,152 tokens right after a decode, on
    every step; a small model's rows are flat, thousands of tokens lie within a few logits of
    the best, so looking near the best first does not narrow it). It runs on every step, where
    each numpy call costs microseconds of its own: the calls are as few as it can be done in
    (in place, methods rather than the module's wrappers)."""
    size = row.shape[0]
    n = min(n, size)
    cols = size // GROUPS
    if n <= 0 or cols < 2 * n:
        return _sorted_head(row, np.arange(size), n)
    tops = row[: cols * GROUPS].reshape(GROUPS, cols).max(axis=0)
    tops.partition(cols - n)  # a new array: sorted in place
    floor = tops[cols - n]
    if floor == -np.inf:  # fewer than n columns hold an allowed token: few tokens are allowed
        allowed = np.flatnonzero(row > -np.inf)
        masked = np.flatnonzero(row == -np.inf)[: n - min(n, len(allowed))]
        return np.concatenate([_sorted_head(row, allowed, n), masked])
    return _sorted_head(row, (row >= floor).nonzero()[0], n)


def _sorted_head(row: np.ndarray, ids: np.ndarray, n: int) -> np.ndarray:
    """The first `n` of `ids` (ascending) by their logits in `row`, highest first, ties to the
    lower id (a stable sort keeps their order)."""
    return ids[(-row[ids]).argsort(kind="stable")[:n]]


class Greedy:
    """The most likely token each step (or `choose`'s pick), one row per decode. `constraint`
    (tokens.TokenConstraint) limits the first tokens to those its masks allow; `penalty`
    (repetition.DryPenalty) lowers the logits of tokens that would repeat a run of `history`,
    the tokens before the step (the list the loop keeps for its sequence). With `top`, each
    step also names the `top` likeliest tokens of the row it chose from (`Step.options`);
    `written` is what earlier tokens spelled already (a regeneration's forced tokens), for the
    constraint.

    The probability a constrained token comes with is its probability among the allowed tokens
    (renormalised). A token that only spells again what the writer typed (token healing's first
    tokens) comes with 1.0, so that the first token the rules see with a probability of its own
    is the first that goes past the typed text: its probability is the model's, given that the
    answer begins with what was typed."""

    def __init__(
        self,
        seq: int = 0,
        constraint: TokenConstraint | None = None,
        choose: Callable[[np.ndarray], int] | None = None,
        penalty: DryPenalty | None = None,
        history: Sequence[int] | None = None,
        top: int = 0,
        written: bytes = b"",
    ) -> None:
        self.seq = seq
        self.constraint = constraint
        self._written = written
        self.top = top
        self._choose = choose
        self.penalty = penalty
        self.history = history
        self._free_from: int | None = None  # the first position no constraint decided
        self._scratch: np.ndarray | None = None  # top_tokens' working row, kept between steps
        # plain greedy: the likeliest token is the first of the list `top` asks for anyway
        self._plain = choose is None and type(self).choose is Greedy.choose

    def choose(self, row: np.ndarray) -> int:
        return int(self._choose(row)) if self._choose else int(row.argmax())

    def step(self, logits: np.ndarray, pos: int) -> Step:
        row = logits[-1]
        if self.penalty is not None and self.history is not None:
            # the loop's logits are this step's alone: no copy of the row
            row = self.penalty.apply(row, self.history, in_place=True)
        mask = None if self.constraint is None else self.constraint.mask(self._written)
        if mask is None:
            self.constraint = None
            if self._free_from is None:
                self._free_from = pos
            token, prob, options = self._decide(row)
            return Step(tokens=[(token, prob)], rows=[(token, pos, self.seq)], options=options)
        row = np.where(mask, row, -np.inf)
        token, prob, options = self._decide(row)
        self._written += self.constraint.piece(token)
        if self.constraint.within(self._written):
            prob = 1.0
        return Step(tokens=[(token, prob)], rows=[(token, pos, self.seq)], options=options)

    def _decide(
        self, row: np.ndarray
    ) -> tuple[int, float, Sequence[tuple[np.ndarray, np.ndarray]]]:
        """The token chosen from `row`, its probability, and the likeliest tokens with theirs."""
        if not self.top:
            token = self.choose(row)
            return token, token_prob(row, token), ()
        scratch = self._scratch
        if scratch is None or scratch.shape != row.shape or scratch.dtype != row.dtype:
            scratch = self._scratch = np.empty_like(row)
        chosen = None if self._plain else self.choose(row)
        token, prob, ids, probs = top_tokens(row, self.top, chosen, scratch)
        return token, prob, ((ids, probs),)

    def rewound(self, pos: int) -> bool:
        """Decide `pos` again after a banned phrase (engine/bans.py): never a token a
        constraint chose (the typed text it spells again)."""
        return self._free_from is not None and pos >= self._free_from

    def end_row(self, logits: np.ndarray) -> np.ndarray | None:
        row = logits[-1]
        if self.penalty is not None:
            self.penalty.restore(row)  # the step lowered it in place
        return row

    def close(self) -> None:
        pass


class Sampled(Greedy):
    """Samples at `temperature` among the most likely tokens that make up `top_p` of the
    probability (at most `candidates` of them); the same seed picks the same tokens."""

    def __init__(
        self,
        seed: int,
        temperature: float,
        top_p: float,
        candidates: int = 64,
        seq: int = 0,
        constraint: TokenConstraint | None = None,
    ) -> None:
        super().__init__(seq, constraint)
        self.rng = np.random.default_rng(seed)
        self.temperature = temperature
        self.top_p = top_p
        self.candidates = candidates

    def choose(self, row: np.ndarray) -> int:
        n = min(self.candidates, row.shape[0])
        top = np.argpartition(row, -n)[-n:]
        top = top[np.argsort(-row[top], kind="stable")]
        z = row[top].astype(np.float64) / self.temperature
        p = np.exp(z - z[0])
        p /= p.sum()
        keep = int(np.searchsorted(np.cumsum(p), self.top_p)) + 1
        p = p[:keep] / p[:keep].sum()
        return int(top[self.rng.choice(keep, p=p)])


def _decode(cache: KVCache, seq: int, rows: Sequence[Row]) -> None:
    ctx = cache.ctx
    if len(rows) == 1:
        token, pos, row_seq = rows[0]
        cache.with_room(seq, lambda: ctx.decode_one(token, pos, row_seq))
    else:
        cache.with_room(seq, lambda: ctx.decode_rows(rows))


def generate(
    cache: KVCache,
    vocab: LlamaRuntime,
    prompt: Sequence[int],
    policy: StepPolicy,
    cancel: CancelToken,
    stats: GenerationStats,
    limits: Limits,
    seq: int = 0,
    forced: Sequence[TokenChoice] = (),
) -> Iterator[Piece]:
    """Evaluate `prompt` in sequence `seq` of `cache`, then let `policy` steer decoding; yield the
    pieces of text the decided tokens make (read with `vocab`), each with the probability of the
    token that completed it. `forced` tokens (with their probabilities and options) follow the
    prompt as if generated (see Choices in the module docstring)."""
    ctx = cache.ctx
    held = cache.of(seq)
    started = time.perf_counter()
    rules = GenerationRules(limits, stats, started)
    decoder = PieceDecoder()
    text = decoder.feed
    stop_tokens = limits.stop_tokens
    made = 0  # characters of text the tokens made so far
    choices = stats.choices

    def note(token: int, prob: float, chunk: str, options: tuple[Option, ...]) -> None:
        nonlocal made
        choices.append(TokenChoice(token, prob, made, made + len(chunk), chunk, options))
        made += len(chunk)

    guard = TokenGuard(limits.bans, len(limits.skip_prefix)) if limits.bans else None
    try:
        logits = cache.prepare([*prompt, *(c.token for c in forced)], cancel, stats, seq)
        stats.prompt_s = time.perf_counter() - started
        for choice in forced:
            counted = stats.generated_tokens
            chunk = text(vocab.piece(choice.token))
            piece = rules.token(chunk, choice.prob)
            if stats.generated_tokens > counted:
                note(choice.token, choice.prob, chunk, choice.options)
            if piece:
                yield Piece(piece, choice.prob)
            if stats.finish_reason is not None:
                break
        stepped = -1  # the length of the sequence whose logits the last step was given
        # where the text held back began (the length of the sequence then, and the logits
        # after it): the shown text ends there if the held text is cut
        hold: tuple[int, np.ndarray] | None = None
        masked = False  # the logits are a rewind's, with the banned tokens taken out
        while stats.finish_reason is None:
            if cancel.cancelled:
                rules.end(FinishReason.CANCELLED)
                return
            stepped = len(held)
            step = policy.step(logits, stepped)
            stats.drafted += step.drafted
            stats.accepted += step.accepted
            if step.drop_from is not None and step.drop_from < len(held):
                cache.truncate(seq, step.drop_from)
            back: Held | None = None
            if guard is None:
                held_back = rules.holding
                for i, (token, prob) in enumerate(step.tokens):
                    if vocab.is_eog(token) or token in stop_tokens:
                        rules.end(FinishReason.END)
                        break
                    whole = not decoder.pending()
                    counted = stats.generated_tokens
                    chunk = text(vocab.piece(token))
                    piece = rules.token(chunk, prob)
                    if step.options and stats.generated_tokens > counted:
                        ids, probs = step.options[i]
                        note(token, prob, chunk, whole_options(vocab, ids, probs) if whole else ())
                    if piece:
                        yield Piece(piece, prob)
                    if stats.finish_reason is not None:
                        break
                if not rules.holding:
                    hold = None
                elif len(step.tokens) == 1 and not (held_back or piece or stats.finish_reason):
                    # the text begins to be held back at this step's token, none of it shown
                    row = policy.end_row(logits)  # (before the decode that follows writes it)
                    if row is not None:
                        hold = (stepped, row.copy())
            else:
                back = yield from _guarded(
                    guard, step, len(held), policy, vocab, decoder, rules, stop_tokens, note
                )
            if stats.finish_reason is not None:
                break
            if back is not None:
                logits = _rewind(cache, seq, guard, back, decoder)
                masked = True
                stats.rewinds = guard.rewinds
                stats.decodes += 1
                stats.rows += 1
                continue
            if step.done or not step.rows:
                rules.end(FinishReason.END)
                break
            if cancel.cancelled:
                rules.end(FinishReason.CANCELLED)
                return
            rows = step.rows
            _decode(cache, seq, rows)
            if len(rows) == 1:
                if rows[0][2] == seq:
                    held.append(rows[0][0])
            else:
                held.extend(row[0] for row in rows if row[2] == seq)
            stats.decodes += 1
            stats.rows += len(rows)
            logits = ctx.logit_rows(len(rows))
            masked = False
        decoder.flush()  # an unfinished character is dropped
        tail = rules.finish()
        if hold is not None and not tail:
            cache.keep(seq, *hold)  # the held text cut: what follows the shown text needs it
        elif stepped == len(held) and not masked and stats.finish_reason != FinishReason.LENGTH:
            # the text ended before the token decided last was evaluated (not the token
            # limit's: that one shows): the logits after the sequence are kept, so that what
            # follows the text (asked for ahead of time, cache.py `ready`) needs no decode
            row = policy.end_row(logits)
            if row is not None:
                cache.keep(seq, stepped, row)
        if tail:
            yield Piece(tail, rules.prob)
    except DecodeAborted:
        rules.end(FinishReason.CANCELLED)
    finally:
        ctx.kv_remove(seq, len(held), -1)
        policy.close()
        rules.close()


def whole_options(vocab: LlamaRuntime, ids: np.ndarray, probs: np.ndarray) -> tuple[Option, ...]:
    """The first CHOICES of the tokens `ids` whose bytes are whole characters (a token of part
    of a character, or of none, is not offered)."""
    found: list[Option] = []
    offered = vocab.offered_text
    for token, prob in zip(ids.tolist(), probs.tolist(), strict=True):
        chunk = offered(token)
        if chunk:
            found.append(Option(chunk, prob, token))
            if len(found) == CHOICES:
                break
    return tuple(found)


def _guarded(
    guard: TokenGuard,
    step: Step,
    free: int,
    policy: StepPolicy,
    vocab: LlamaRuntime,
    decoder: PieceDecoder,
    rules: GenerationRules,
    stop_tokens: frozenset[int],
    note: Callable[[int, float, str, tuple[Option, ...]], None],
) -> Generator[Piece, None, Held | None]:
    """The step's tokens through the banned-phrase guard (engine/bans.py), then the rules: yields
    the pieces to show and returns the token to go back to, if a banned phrase began there and
    `policy` can decide it again (else the text ends before the phrase)."""
    stats = rules.stats
    # the last decided token takes the next free position, the others precede it
    first = free - len(step.tokens) + 1
    ending = step.done or not step.rows
    decided: list[tuple[int, float] | None] = [*step.tokens, None] if ending else [*step.tokens]
    back: Held | None = None
    for i, item in enumerate(decided):
        end = item is None or vocab.is_eog(item[0]) or item[0] in stop_tokens
        if end:
            ruling = guard.finish()
        else:
            token, prob = item
            state = decoder.state()
            options: tuple[Option, ...] = ()
            if step.options and not state[0]:  # the token begins at a character's boundary
                options = whole_options(vocab, *step.options[i])
            piece = decoder.feed(vocab.piece(token))
            ruling = guard.token(Held(token, first + i, prob, piece, state, options))
        for out in ruling.out:
            counted = stats.generated_tokens
            shown = rules.token(out.text, out.prob)
            if stats.generated_tokens > counted:
                note(out.token, out.prob, out.text, out.options)
            if shown:
                yield Piece(shown, out.prob)
            if stats.finish_reason is not None:
                return None
        back = ruling.rewind
        if back is not None and not policy_rewinds(policy, back.pos):
            back, ruling.stop = None, True
        if ruling.stop:
            rules.end(FinishReason.STOP)
            return None
        if back is not None:
            break
        if end:
            rules.end(FinishReason.END)
            return None
    return back


def policy_rewinds(policy: StepPolicy, pos: int) -> bool:
    """Whether `policy` can go back to decide position `pos` again (a policy without `rewound`
    cannot)."""
    rewound = getattr(policy, "rewound", None)
    return rewound is not None and bool(rewound(pos))


def _rewind(
    cache: KVCache, seq: int, guard: TokenGuard, back: Held, decoder: PieceDecoder
) -> np.ndarray:
    """Go back to decide `back.pos` again (see engine/bans.py): the logits there, with the
    tokens tried there ruled out."""
    held = cache.of(seq)
    before = held[back.pos - 1]
    cache.truncate(seq, back.pos - 1)
    _decode(cache, seq, [(before, back.pos - 1, seq)])
    held.append(before)
    guard.rewound(back)
    decoder.restore(back.state)
    return guard.mask(cache.ctx.logit_rows(1), back.pos)
