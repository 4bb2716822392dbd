"""Rewriting a selection with llama.cpp: the chat prompt in tokens (the messages and the tidying
of the answer are generation/rewrite.py's), streamed greedy output, and prompt-lookup
speculative decoding to make the copying fast.

A rewrite mostly repeats its source. After each token, `Drafter` guesses the next few from the
selection's own tokens (following the place in the source that the output is copying, or finding
it again by the last two or three tokens), and `DraftVerify` checks the guess in one batch: the
current token and the draft are evaluated together, the greedy choice after every row is read
from one matrix of logits, and the longest agreeing prefix is kept; the decode loop forgets the
rejected rows. The output is plain greedy decoding's; only the number of decodes changes (with
the one caveat of the last paragraph).

On a CPU a batch is compute-bound: each extra row costs about half a one-token decode (Q4_1 has
no batched kernel on x86), so drafting pays only where the output copies long runs. The draft
length is chosen at each step for the most expected tokens per unit of cost, from that row cost
and how often the recent output followed the source: long while the output copies, short or none
where it does not. `writer bench --only rewrite` measures the row cost (rewrite_batch_cost), the
speedup, and what a drafter that knew the output in advance would reach on the same machine
(rewrite_oracle_speedup); the gap is what not knowing where the model leaves its source costs.

llama.cpp's CPU kernels are not batch-invariant: a row's logits inside a batch differ slightly
from a one-token decode of the same position (median 0.16 between the best and the next logits,
at most 0.8, measured over 826 rows). Rows whose two best choices are closer than CLOSE_CALL (1.0)
are decided again by a one-token decode, as plain decoding decides them. Accepted rows also leave
slightly different keys and values in the cache, so a later near-tie (under about 0.2) can still
go the other way than in plain decoding: the texts are the same on the benchmark paragraph and in
the tests, but cannot be promised for every text on a CPU. Without flash attention the
differences are larger, so the engine keeps it. Draft lengths depend on tokens only, so one
request always gives one text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from writer.engine.chat import ChatPrompt, chat_prompt
from writer.engine.decode import Greedy, Row, Sampled, Step, generate
from writer.generation.bans import compile_bans
from writer.generation.requests import CancelToken, RewriteRequest
from writer.generation.results import GenerationStats, Piece, Stream
from writer.generation.rewrite import (
    Tidy,
    answer_budget,
    retry_sampling,
    rewrite_head,
    rewrite_messages,
    shown_context,
    tidied,
)
from writer.generation.rules import Limits

if TYPE_CHECKING:
    from writer.engine.cache import KVCache
    from writer.engine.gguf_header import GGUFInfo
    from writer.engine.runtime import LlamaRuntime

MAX_DRAFT = 32
NGRAM = 3
CLOSE_CALL = 1.0
DECAY = 0.95
CPU_ROW_COST = 0.5
GPU_ROW_COST = 0.1
PROBE_EVERY = 16


class RewriteTooLong(Exception):
    """The selection does not fit the model's context; the message says so in words."""

    def __init__(self, tokens: int, limit: int) -> None:
        self.tokens = tokens
        self.limit = limit
        super().__init__(
            f"The selection is about {_about(tokens):,} tokens; this model can rewrite at most "
            f"{_at_most(limit):,} at a time. Select less text."
        )


def _about(n: int) -> int:
    return round(n, -2) if n >= 1000 else n


def _at_most(n: int) -> int:
    return n // 100 * 100 if n >= 1000 else n


@dataclass
class RewritePlan:
    """What a rewrite evaluates and generates: checked before any decoding. The prompt's first
    `shared` tokens do not depend on the selection (see generation/rewrite.py)."""

    prompt: ChatPrompt
    source: list[int]
    max_tokens: int
    shared: int = 0

    def limits(self) -> Limits:
        return Limits(max_tokens=self.max_tokens, stop_tokens=frozenset(self.prompt.stop_tokens))


def plan_rewrite(
    runtime: LlamaRuntime, gguf: GGUFInfo, n_ctx: int, request: RewriteRequest
) -> RewritePlan:
    """The prompt (in the model's chat format, read from its GGUF header) and token budget of a
    rewrite in a context of `n_ctx`; raises RewriteTooLong when the selection cannot fit with
    room for an answer of the same length."""
    source = runtime.tokenize(request.selection.strip(), add_bos=False)
    eos = gguf.metadata.get("tokenizer.ggml.eos_token_id")
    prompt = chat_prompt(
        runtime,
        gguf.chat_template,
        rewrite_messages(request),
        eos=int(eos) if isinstance(eos, int) else None,
    )
    overhead = max(0, len(prompt.tokens) - len(source))
    limit = max(0, (n_ctx - overhead - 8) // 2)
    if len(source) > limit:
        raise RewriteTooLong(len(source), limit)
    room = n_ctx - len(prompt.tokens) - 1
    wanted = answer_budget(request, len(source))
    return RewritePlan(
        prompt=prompt,
        source=source,
        max_tokens=max(1, min(wanted, room)),
        shared=_shared_length(runtime, prompt, request),
    )


def _shared_length(runtime: LlamaRuntime, prompt: ChatPrompt, request: RewriteRequest) -> int:
    """How many of the prompt's first tokens come before the selection: up to the end of the
    user message's head (0 when the template's contents cannot be told apart)."""
    if not prompt.content_spans:
        return 0
    start = prompt.content_spans[-1][0]  # the user's message, the last one
    head = runtime.tokenize(rewrite_head(request), add_bos=False)
    body = prompt.tokens[start : start + len(head)]
    n = 0
    while n < len(body) and body[n] == head[n]:
        n += 1
    # the head's last token may merge with the selection's first: keep only what surely stands
    return start + max(0, n - 1)


class PromptPrefixes:
    """The last rewrite prompt of each instruction, kept in spare sequences of the rewrite
    context, so that a rewrite with an instruction used before evaluates only what differs from
    its last prompt: nothing but the passage's last token when the writer tries the presets in
    turn on one selection, the passage when another is selected at the same place (its
    RewritePlan.shared tokens are the system text, the instruction and the context).

    `restore` copies the kept prompt that serves a prompt best into the working sequence before
    it is prepared (a unified cache shares the cells: no evaluation, no copying of data);
    `keep` files the working sequence's prompt under its instruction once evaluated, replacing
    that instruction's previous one, or the least recently used. The spare sequences
    are evictable: a full context frees them before it fails a rewrite. Without spare sequences
    (a shared context with GPU offload) both do nothing, and only the working sequence's own
    prefix is reused.
    """

    def __init__(self, cache: KVCache, seq: int, slots: Sequence[int]) -> None:
        self.cache = cache
        self.seq = seq
        self.slots = list(slots)
        self.owner: dict[int, str] = {}  # slot: the instruction whose prefix it holds
        self.used: list[int] = []  # slots, least recently used first

    def restore(self, prompt: Sequence[int]) -> None:
        cache = self.cache
        best, reuse = None, cache.reusable(prompt, self.seq)
        for slot in self.slots:
            if cache.of(slot):
                n = cache.reusable(prompt, slot)
                if n > reuse:
                    best, reuse = slot, n
        if best is not None:
            cache.copy(best, self.seq)
            self._touch(best)

    def keep(self, key: str, prompt: Sequence[int]) -> None:
        cache = self.cache
        n = len(prompt)
        if not self.slots or list(cache.of(self.seq)[:n]) != list(prompt):
            return
        slot = next((s for s, k in self.owner.items() if k == key), None)
        if slot is not None and list(cache.of(slot)) == list(prompt):
            self._touch(slot)
            return
        if slot is None:
            empty = [s for s in self.slots if not cache.of(s)]
            slot = empty[0] if empty else (self.used[0] if self.used else self.slots[0])
        cache.copy(self.seq, slot)
        cache.truncate(slot, n)
        self.owner[slot] = key
        self._touch(slot)

    def _touch(self, slot: int) -> None:
        if slot in self.used:
            self.used.remove(slot)
        self.used.append(slot)

    def kept(self) -> dict[str, int]:
        """The instructions whose prefixes are kept, and how many tokens each holds."""
        return {k: len(self.cache.of(s)) for s, k in self.owner.items() if self.cache.of(s)}


# drafting ---------------------------------------------------------------------------------------
class Drafter:
    """Drafts from the source tokens: where the output follows the source, the tokens that come
    next there; otherwise the continuation of the latest occurrence of the last 3, 2 or 1 tokens
    (the first at or after where the output last followed the source).

    The n-gram index (n-gram -> sorted end positions) is built once per request.
    """

    def __init__(self, source: Sequence[int], row_cost: float = CPU_ROW_COST) -> None:
        self.source = list(source)
        self.index: dict[tuple[int, ...], list[int]] = {}
        src = self.source
        for n in range(1, NGRAM + 1):
            for end in range(n, len(src) + 1):
                self.index.setdefault(tuple(src[end - n : end]), []).append(end)
        self.recent: list[int] = []
        self.cursor: int | None = None
        self.anchor = 0
        self.hits = 0.0
        self.misses = 0.0
        self.row_cost = row_cost
        self.idle = 0

    def push(self, token: int) -> None:
        """The output's next token."""
        cursor = self.cursor
        if cursor is not None and cursor < len(self.source):
            hit = self.source[cursor] == token
            self.hits = DECAY * self.hits + hit
            self.misses = DECAY * self.misses + (not hit)
        if cursor is not None and cursor < len(self.source) and self.source[cursor] == token:
            self.cursor = cursor + 1
            self.anchor = cursor + 1
        else:
            self.cursor = None
        self.recent.append(token)
        if len(self.recent) > NGRAM:
            del self.recent[0]

    def _find(self) -> int | None:
        for n in range(min(NGRAM, len(self.recent)), 1, -1):
            ends = self.index.get(tuple(self.recent[-n:]))
            if not ends:
                continue
            i = bisect.bisect_left(ends, self.anchor)
            end = ends[i] if i < len(ends) else ends[-1]
            if end < len(self.source):
                return end
        return None

    def propose(self, budget: int) -> list[int]:
        if budget <= 0:
            return []
        if self.cursor is None or self.cursor >= len(self.source):
            self.cursor = self._find()
            if self.cursor is None:
                return []
        n = min(self.best_length(), budget)
        return self.source[self.cursor : self.cursor + n]

    def best_length(self) -> int:
        """The draft length with the most expected tokens per second: each drafted row is
        accepted with probability p given the one before it was (how often the recent output
        continued the source where a draft would have, drafted or not), and a batch of 1 + k
        rows costs about 1 + k * row_cost single decodes. The choice depends on tokens only, never
        on timings, so the same request always runs the same batches and gives the same text.
        Where no length pays, every PROBE_EVERY-th step still drafts 2 (to notice copying)."""
        p = (self.hits + 0.5) / (self.hits + self.misses + 1.0)
        best_k, best_rate = 0, 1.0
        expected, term = 1.0, 1.0
        for k in range(1, MAX_DRAFT + 1):
            term *= p
            expected += term
            rate = expected / (1.0 + k * self.row_cost)
            if rate > best_rate:
                best_k, best_rate = k, rate
        if best_k == 0:
            self.idle += 1
            if self.idle >= PROBE_EVERY and p > 0.5:
                self.idle = 0
                return 2
        return best_k


# generation -------------------------------------------------------------------------------------
def _close_calls(logits: np.ndarray, best: np.ndarray) -> int | None:
    """The first row whose two best logits are closer than a batch can be trusted with, if any.
    (It overwrites the best logits in llama.cpp's output buffer, which is not read again.)"""
    rows = np.arange(len(best))
    top = logits[rows, best].copy()
    logits[rows, best] = -np.inf
    second = logits.max(axis=1)
    close = np.flatnonzero(top - second < CLOSE_CALL)
    return int(close[0]) if close.size else None


class DraftVerify:
    """The draft-and-verify step policy: each decode evaluates the last token and a draft from
    `drafter`; the longest prefix of the draft that greedy decoding confirms is kept, plus the
    greedy token after it. A row whose two best logits are a close call is decided again by a
    one-token decode."""

    def __init__(self, drafter: Drafter, seq: int, max_tokens: int) -> None:
        self.drafter = drafter
        self.seq = seq
        self.max_tokens = max_tokens
        self.produced = 0
        self.rows: list[Row] = []  # the rows of the last decode

    def step(self, logits: np.ndarray, pos: int) -> Step:
        step = Step()
        if len(self.rows) <= 1:  # one row: the prompt's last token, or a single decode
            decided = [int(logits[-1].argmax())]
        else:
            start = self.rows[0][1]
            draft = [token for token, _pos, _seq in self.rows[1:]]
            best = logits.argmax(axis=1)
            agree = best[:-1] == np.asarray(draft)
            accepted = int(agree.argmin()) if not agree.all() else len(draft)
            close = _close_calls(logits[: accepted + 1], best[: accepted + 1])
            step.drafted = len(draft)
            if close is not None:
                # Rows up to `close` stand; the row at `close` is evaluated again on its own.
                step.accepted = close
                step.drop_from = start + close
                decided = draft[:close]
                self._push(decided)
                self.rows = [(self.rows[close][0], start + close, self.seq)]
                step.tokens = [(token, 1.0) for token in decided]
                step.rows = self.rows
                return step
            step.accepted = accepted
            if accepted < len(draft):
                step.drop_from = start + 1 + accepted
            decided = [*draft[:accepted], int(best[accepted])]
        self._push(decided)
        at = step.drop_from if step.drop_from is not None else pos
        draft = self.drafter.propose(self.max_tokens - self.produced)
        last = decided[-1]
        self.rows = [(last, at, self.seq)] + [
            (token, at + 1 + i, self.seq) for i, token in enumerate(draft)
        ]
        step.tokens = [(token, 1.0) for token in decided]
        step.rows = self.rows
        return step

    def rewound(self, pos: int) -> bool:
        """The loop went back to decide `pos` again (engine/bans.py): its next logits are one
        row, and the drafter finds its place in the source anew."""
        self.rows = []
        self.drafter.cursor = None
        self.drafter.recent.clear()
        return True

    def _push(self, tokens: Sequence[int]) -> None:
        for token in tokens:
            self.drafter.push(token)
        self.produced += len(tokens)

    def end_row(self, logits: np.ndarray) -> np.ndarray | None:
        return None  # several rows a step

    def close(self) -> None:
        pass


def stream_rewrite(
    runtime: LlamaRuntime,
    cache: KVCache,
    seq: int,
    plan: RewritePlan,
    request: RewriteRequest,
    cancel: CancelToken,
    row_cost: float = CPU_ROW_COST,
    prefixes: PromptPrefixes | None = None,
) -> Stream:
    """Stream the text that replaces `request.selection`, generated from `plan` in sequence
    `seq` of `cache`.

    `stream.stats.notice` is already set when the model's chat template was refused. The first
    attempt is greedy, with prompt-lookup drafts (each extra row costing `row_cost` of a
    one-token decode) that speed it up without changing the text. A later attempt (Retry)
    samples (generation/rewrite.py `retry_sampling`), seeded by the attempt, so that it gives
    another version; its prompt is still in the cache, so it starts at once. With `prefixes`,
    the prompt's cached part may come from them, and the prompt is kept in them.
    """
    stats = GenerationStats(notice=plan.prompt.template_refused)
    if request.attempt:
        temperature, top_p = retry_sampling(request.attempt)
        policy: Greedy | DraftVerify = Sampled(request.attempt, temperature, top_p, seq=seq)
    else:
        policy = DraftVerify(Drafter(plan.source, row_cost), seq, plan.max_tokens)
    tokens = plan.prompt.tokens
    limits = plan.limits()
    limits.bans = compile_bans(request.banned)
    pieces = generate(cache, runtime, tokens, policy, cancel, stats, limits, seq)
    if prefixes is not None:
        pieces = _keeping(pieces, prefixes, request.instruction, tokens)
    tidy = Tidy(request.selection, plan.prompt.stop_text, request.after,
                shown=shown_context(request))
    return Stream(tidied(pieces, tidy, stats), stats, framed=True)


def _keeping(
    pieces: Iterator[Piece],
    prefixes: PromptPrefixes,
    key: str,
    prompt: Sequence[int],
) -> Iterator[Piece]:
    """`pieces`, with the best kept prompt restored before the prompt is evaluated, and the
    prompt kept once it is (at the first piece, or at the end)."""
    prefixes.restore(prompt)
    kept = False
    try:
        for piece in pieces:
            if not kept:
                prefixes.keep(key, prompt)
                kept = True
            yield piece
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()
        if not kept:
            prefixes.keep(key, prompt)
