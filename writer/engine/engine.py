"""The in-process backend: a loaded model, its KV cache, and streamed continuations.

One thread owns an Engine (llama.cpp is not thread-safe); other threads only set the
`CancelToken` of the request that is running. Each sequence of the cache holds the tokens its last
request evaluated; a new request evaluates only what differs from them.

In a long document a request never waits for the wide window to be read: it takes the window
that costs it fewer new tokens, the wide one where sequence 0 (or the widening sequence, which it
then adopts) holds it, the short one otherwise (generation/window.py). A warm-up reads the wide
window in the widening sequence, in steps that a keystroke cancels cheaply and the next warm-up
resumes, so a keystroke finds either the short window cached or the wide one read.

The project's memory (notes, lore entries, other chapters) goes first in the prompt. When it
changes (a lore entry turns on as its keyword is typed), everything after the change would be
read again: the keystroke instead keeps the memory sequence 0 holds (`_memory0`) for its
suggestion, and a warm-up reads the new memory in the widening sequence, from the cells it
shares with sequence 0, then moves the document's cells after it (cache.py `graft`), and
sequence 0 takes the result. A lore switch therefore costs a keystroke what an append costs, and
the new memory costs its own tokens, read while the writer types (the warm-ups inside words go
on reading after the word, a few tokens at a time) or pauses.
"""

from __future__ import annotations

import logging
import math
import time
from collections import OrderedDict
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path

import numpy as np

from writer.engine.alternatives import beam_search
from writer.engine.cache import KVCache, SuffixShift, common_prefix
from writer.engine.decode import CANDIDATES, Greedy, generate
from writer.engine.gguf_header import GGUFInfo, ModelFileError, read_gguf_header
from writer.engine.gpu import GpuLayers, resolve_gpu_layers
from writer.engine.probe import probe_model
from writer.engine.prompt import ContinuationPrompt, continuation_prompt, middle_prompt
from writer.engine.repetition import DryPenalty
from writer.engine.rewrite import (
    CPU_ROW_COST,
    GPU_ROW_COST,
    PromptPrefixes,
    RewritePlan,
    plan_rewrite,
    stream_rewrite,
)
from writer.engine.runtime import (
    CacheFull,
    ContextConfig,
    DecodeAborted,
    DecodeError,
    LlamaContext,
    LlamaRuntime,
    supports_gpu_offload,
)
from writer.engine.tokens import ParagraphTokenizer, Vocabulary
from writer.generation.backend import DEFAULT_CONTEXT, BackendError, BackendInfo
from writer.generation.repetition import BREAKERS
from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import (
    Alternatives,
    FinishReason,
    GenerationStats,
    Piece,
    Stream,
    TokenChoice,
    empty_stream,
    warming,
)
from writer.generation.rules import Limits
from writer.generation.window import (
    SHORT_WINDOW_TOKENS,
    short_budget,
    suffix_window,
    wide_budget,
)
from writer.sentences import said

log = logging.getLogger(__name__)

# sequence 0, up to 6 beams, the widening sequence (and, with GPU offload, rewrites)
CONTEXT_SEQUENCES = 9
# A suggestion asked for while the writer types makes its first piece on one thread when it has
# at most this many new tokens to evaluate: on a CPU that costs about a third less CPU time for
# a few milliseconds more (`writer bench`: typing_cpu_ratio and felt_latency_ms_2000)...
FRUGAL_NEW_TOKENS = 16
# ... where a step on one thread costs at most this many milliseconds more than on all of them
# (a small model, whose step is mostly the threads' synchronisation; on a 1B model one thread
# doubles the step, felt_latency_ms_2000_1b, and saves no CPU time) ...
FRUGAL_EXTRA_MS = 8.0
# ... measured on work done ahead of time (the next suggestion read while the writer reads the
# last), never on a keystroke's: its first piece goes on one thread where that is unknown and
# every this many times, since the machine's load changes the answer.
FRUGAL_PROBE_EVERY = 16
# A warm-up inside a word evaluates the word as it would end only where the model gives it at
# least these odds of ending there (`end_odds`): after "The keeper opened the w" it expects "
# window", " way", " wall"... and the token " w" alone hardly ever, so the step a warm-up costs
# is spent at "window", not at each of its letters. Where it does end after all, its space
# evaluates the last token, as it did before the warm-ups read words whole.
SETTLE_END_ODDS = 0.05
# The prompts of the last few suggestions (and alternatives), kept to regenerate from a token.
PROMPTS_KEPT = 8
ANCHORS_KEPT = 4
# Rewrite prompts whose shared part (system text, instruction, text before) the rewrite context
# keeps, one per instruction: the presets a writer tries in turn at one place start at once.
REWRITE_PREFIXES = 4
# A warm-up reads the wide window this many tokens at a time: a request's cancel loses one
# step's work at most (about 0.1 s of the starter here; a step reads as many tokens a second as
# one of 256 tokens does), so a widening begun in a pause keeps what it read while the writer
# types on, until the next word's request, and progress comes at each step.
WIDEN_STEP = 32
# While the writer types, a word's warm-up goes on reading what is still to be read (the wide
# window, a project's new memory) this many tokens at a time: a step takes about 35 ms of the
# starter here at nearly the same tokens a second, so the gap before the next key holds a few.
WIDEN_STEP_TYPING = 8
# The document's cells are grafted after a project's new memory (`_graft_plan`) where at least
# this many of them are: fewer are read again exactly, as cheap as grafting them.
GRAFT_MIN = 16
WINDOW_GRAFT_TRIES = 64  # places of a window's first tokens looked at in a sequence's cells
WINDOW_GRAFT_PLACES = 8  # places of a window's first half looked for in the cells


class ModelLoadError(BackendError):
    """The model cannot be used; the message says why, in words."""


def _where(n_gpu_layers: int, n_layer: int, gpu_offload: bool) -> str:
    if gpu_offload and n_gpu_layers > 0:
        layers = min(n_gpu_layers, n_layer + 1)
        return said("GPU ({0}/{1} layers)", layers, n_layer + 1)
    return "CPU"


class Engine:
    """A loaded model with KV caches that persist across requests: the in-process `Backend`.

    Continuations and beams share one context: sequence 0 holds the document's prefix, beams
    take sequences 1..n for one search, and the widening sequence holds the wide window a
    warm-up is reading (its cells are the first freed when the context is full). Rewrites run
    where they cannot disturb that prefix: on a CPU in a context of their own (created at the
    first rewrite), whose attention is llama.cpp's flash attention, which prompt-lookup decoding
    needs (see rewrite.py), while the continuations' context does without it: on a CPU,
    llama.cpp's flash attention makes a one-token step at 3,500 cached tokens cost about 40
    instead of 25 ms, which every keystroke pays, while it evaluates a cold prompt about a fifth
    faster, which the background warm-up mostly pays (`writer bench`: ttft_ms_reuse_3500 and
    prompt_tok_s against the raw_ floors).
    With GPU offload both use one context, rewrites in its last sequence.
    """

    def __init__(
        self,
        runtime: LlamaRuntime,
        gguf: GGUFInfo,
        info: BackendInfo,
        context: LlamaContext,
        separate_rewrites: bool,
    ) -> None:
        self.runtime = runtime
        self.gguf = gguf
        self.info = info
        n_seq = context.config.n_seq_max
        self._separate_rewrites = separate_rewrites
        self._rewrite_seq = 0 if separate_rewrites else n_seq - 1
        self.beam_seqs = range(1, n_seq - 2)
        self.wide_seq = n_seq - 2
        self.fim = runtime.fim_tokens()
        info.fills_middle = self.fim is not None
        # A fill-in-the-middle prompt's tail moves in the last beam's sequence, empty then.
        shift = SuffixShift(self.fim[1], spare=self.beam_seqs[-1]) if self.fim else None
        evictable = (self.wide_seq,) if separate_rewrites else (self.wide_seq, n_seq - 1, 0)
        self.cache = KVCache(context, evictable=evictable, shift=shift)
        self._rewrite_cache: KVCache | None = None if separate_rewrites else self.cache
        # kept prefixes of rewrite prompts; none where rewrites share the continuations' context
        self.rewrite_prefixes: PromptPrefixes | None = None
        self._space_mask: np.ndarray | None = None
        self._vocabulary: Vocabulary | None = None
        self._breakers: np.ndarray | None = None
        self.tokenize_document = ParagraphTokenizer(runtime.tokenize)
        self._memory0 = ""  # the memory of the prompt sequence 0 holds
        self._memory_tokens: dict[tuple[str, bool | None], list[int]] = {}  # the last few
        self._frugal_asked = 0  # requests asked ahead that could have measured one thread
        self._prompts: OrderedDict[tuple, ContinuationPrompt] = OrderedDict()
        # the last few fill-in-the-middle prompts made afresh, as anchors (see prompt.py)
        self._anchors: OrderedDict[tuple, ContinuationPrompt] = OrderedDict()

    # loading ------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        path: str | Path,
        n_ctx: int = DEFAULT_CONTEXT,
        n_gpu_layers: GpuLayers = "auto",
        n_threads: int | None = None,
        probe: bool = True,
    ) -> Engine:
        """Check, probe and load a model; raise ModelLoadError with a sentence on failure."""
        path = Path(path)
        started = time.perf_counter()
        try:
            info = read_gguf_header(path)
        except ModelFileError as exc:
            raise ModelLoadError(str(exc)) from None
        train_ctx = info.context_length or n_ctx
        n_ctx = max(256, min(n_ctx, train_ctx))
        wanted = resolve_gpu_layers(n_gpu_layers)
        attempts = (
            [wanted]
            if wanted == 0
            else list(dict.fromkeys([wanted, max(1, (info.layer_count or 2) // 2), 0]))
        )
        notes: list[str] = []
        last_error = ""
        for layers in attempts:
            if probe:
                verdict = probe_model(path, layers)
                if not verdict.ok:
                    last_error = verdict.message
                    if layers:
                        notes.append(said("with {0} GPU layers: {1}", layers, verdict.message))
                    continue
            offload = layers > 0 and supports_gpu_offload()
            runtime = None
            try:
                runtime = LlamaRuntime(path, layers)
                context = runtime.context(
                    ContextConfig(
                        n_ctx=n_ctx,
                        n_threads=n_threads,
                        n_seq_max=CONTEXT_SEQUENCES,
                        flash_attn=None if offload else False,
                        # without flash attention a prompt chunk's attention scores are held
                        # whole: half the chunk, half that buffer (about 75 MB at 8,192)
                        n_ubatch=None if offload else 256,
                    )
                )
            except DecodeError as exc:
                if runtime is not None:
                    runtime.close()
                last_error = str(exc)
                if layers:
                    notes.append(said("with {0} GPU layers: {1}", layers, str(exc)))
                continue
            backend_info = BackendInfo(
                name=info.name or path.stem,
                where=_where(layers, runtime.n_layer, offload),
                n_ctx=context.n_ctx,
                load_s=time.perf_counter() - started,
                path=path,
                n_layer=runtime.n_layer,
                n_gpu_layers=layers,
                gpu_offload=offload,
                notes=notes,
            )
            if notes:
                log.warning("model %s loaded after fallback: %s", path, "; ".join(notes))
            engine = cls(runtime, info, backend_info, context, separate_rewrites=not offload)
            engine.vocabulary()  # now, rather than at the first suggestion inside a word
            backend_info.load_s = time.perf_counter() - started
            return engine
        raise ModelLoadError(said("{0} cannot be used: {1}", path.name, last_error))

    def close(self) -> None:
        self.runtime.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the caches ---------------------------------------------------------------------------
    @property
    def n_ctx(self) -> int:
        return self.cache.n_ctx

    @property
    def n_threads(self) -> int:
        return self.cache.ctx.n_threads

    @property
    def cached_tokens(self) -> Sequence[int]:
        """The continuation's cached tokens (sequence 0)."""
        return self.cache.of(0)

    def rewrite_cache(self) -> tuple[KVCache, int]:
        """Where rewrites run: a cache and its sequence (the context is made at first use, with
        REWRITE_PREFIXES spare sequences for the prompts' shared parts: rewrite.PromptPrefixes)."""
        if self._rewrite_cache is None:
            ctx = self.runtime.context(
                ContextConfig(
                    n_ctx=self.cache.n_ctx,
                    n_threads=self.cache.ctx.config.n_threads,
                    n_seq_max=1 + REWRITE_PREFIXES,
                )
            )
            slots = range(1, 1 + REWRITE_PREFIXES)
            self._rewrite_cache = KVCache(ctx, evictable=slots)
            self.rewrite_prefixes = PromptPrefixes(self._rewrite_cache, self._rewrite_seq, slots)
        return self._rewrite_cache, self._rewrite_seq

    def reset_cache(self) -> None:
        self.cache.reset()
        self._memory0 = ""
        self._anchors.clear()
        if self._rewrite_cache is not None and self._rewrite_cache is not self.cache:
            self._rewrite_cache.reset()
            if self.rewrite_prefixes is not None:
                self.rewrite_prefixes.owner.clear()

    # continuations ------------------------------------------------------------------------
    def space_mask(self) -> np.ndarray:
        """True for tokens whose text is a space and a word (used when the cursor follows a
        space: such a token stands for the space written and the next word; a token of spaces
        alone would give the suggestion a second space)."""
        if self._space_mask is None:
            pieces = self.vocabulary().pieces
            self._space_mask = np.array(
                [p.startswith(b" ") and bool(p.strip()) for p in pieces], dtype=bool
            )
        return self._space_mask

    def vocabulary(self) -> Vocabulary:
        """Every token's bytes, sorted for the masks of token healing (made at load)."""
        if self._vocabulary is None:
            rt = self.runtime
            self._vocabulary = Vocabulary([rt.piece(t) for t in range(rt.n_vocab)])
        return self._vocabulary

    def breakers(self) -> np.ndarray:
        """True for tokens whose text holds a breaker, a line break (repetition.py `BREAKERS`:
        repeated runs end there)."""
        if self._breakers is None:
            rt = self.runtime
            marks = [b.encode() for b in BREAKERS]
            self._breakers = np.array(
                [any(m in rt.piece(t) for m in marks) for t in range(rt.n_vocab)], dtype=bool
            )
        return self._breakers

    def continuation_prompt(
        self,
        request: ContinuationRequest,
        budget: int | None = None,
        memory: str | None = None,
        fresh: bool = False,
    ) -> ContinuationPrompt:
        """The tokens a continuation at the cursor is generated from (see prompt.py), in the
        wide window with the request's memory unless another `budget` is given (a short window
        goes without memory) or another `memory`. In the middle of the text, the text typed
        since the last prompt made afresh there goes after its middle token, unless `fresh`."""
        rt = self.runtime
        if memory is None:
            memory = request.memory if budget is None else ""
        if budget is None:
            budget = wide_budget(self.n_ctx, request.max_tokens)
        key: tuple | None = None
        if self.fim is not None and request.after.strip():
            # Typing in the middle: the prompt made afresh at this place, with the text typed
            # since after its middle token (prompt.py `middle_prompt`).
            key = (suffix_window(request.after), request.head, memory, request.style, budget)
            anchor = None if fresh else self._anchors.get(key)
            if anchor is not None:
                prompt = middle_prompt(
                    anchor, request.before, budget, rt.tokenize, self.space_mask, self.vocabulary
                )
                if prompt is not None:
                    return prompt

        def build(healing: bool) -> ContinuationPrompt:
            return continuation_prompt(
                request.before,
                request.after,
                request.head,
                budget,
                rt.tokenize,
                self.tokenize_document,
                rt.bos if rt.add_bos else None,
                self.fim,
                self.space_mask,
                self.vocabulary,
                memory=memory,
                style=request.style,
                tokenize_memory=self._tokenize_memory,
                healing=healing,
            )

        # Asked ahead, after a suggestion at the end of the text: where sequence 0 holds the
        # text as these tokens (the suggestion's own, decode.py keeps the logits after them)
        # its last word is not healed, and the model goes on from its own tokens.
        prompt = self._holds_all(build(False)) if request.ahead and key is None else None
        if prompt is None:
            prompt = build(True)
        if key is not None and prompt.anchor is not None:
            self._anchors[key] = prompt
            self._anchors.move_to_end(key)
            while len(self._anchors) > ANCHORS_KEPT:
                self._anchors.popitem(last=False)
        return prompt

    def _holds_all(self, prompt: ContinuationPrompt) -> ContinuationPrompt | None:
        """`prompt` where sequence 0 holds all of its tokens (None otherwise)."""
        tokens = prompt.tokens
        held = self.cache.of(0)
        whole = bool(tokens) and common_prefix(held, tokens, len(tokens)) == len(tokens)
        return prompt if whole else None

    def _tokenize_memory(self, text: str, add_bos: bool | None = None) -> list[int]:
        """The memory's tokens, kept for the last few memories: every request has it, and it
        changes only when a lore entry or a passage does."""
        key = (text, add_bos)
        tokens = self._memory_tokens.get(key)
        if tokens is None:
            tokens = self.runtime.tokenize(text, add_bos=add_bos)
            if len(self._memory_tokens) >= 4:
                self._memory_tokens.pop(next(iter(self._memory_tokens)))
            self._memory_tokens[key] = tokens
        return list(tokens)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """How many tokens each text takes in this model (without a BOS token)."""
        return [len(self.runtime.tokenize(text, add_bos=False)) if text else 0 for text in texts]

    def _missing(self, prompt: ContinuationPrompt, seq: int) -> int:
        return len(prompt.tokens) - self.cache.reusable(prompt.tokens, seq)

    def windows(
        self, request: ContinuationRequest
    ) -> tuple[ContinuationPrompt, ContinuationPrompt | None]:
        """See `_windows`; records the memory of the prompt sequence 0 is to hold."""
        now, later = self._windows(request)
        self._memory0 = now.memory
        return now, later

    def _windows(
        self, request: ContinuationRequest
    ) -> tuple[ContinuationPrompt, ContinuationPrompt | None]:
        """The prompt a request here reads in sequence 0 now, and the wide prompt still to be
        read in the widening sequence (None when sequence 0 reads the wide one), with the cache
        made ready for them as `_plan` says."""
        now, later, move = self._plan(request)
        self._move(move)
        return now, later

    def _move(self, move: str | None) -> None:
        """Carry out `_plan`'s cache move: "save" (sequence 0's wide prefix goes to the
        widening sequence) or "adopt" (sequence 0 takes the widening sequence's cells)."""
        cache, seq = self.cache, self.wide_seq
        if move == "save":
            cache.copy(0, seq)
        elif move == "adopt":
            cache.copy(seq, 0)
            cache.truncate(seq, 0)

    def _plan(
        self, request: ContinuationRequest
    ) -> tuple[ContinuationPrompt, ContinuationPrompt | None, str | None]:
        """Which prompts a request here reads (see `_windows`), changing nothing: the third
        value says what the cache must do first, "save" (the wide prefix sequence 0 holds goes
        to the widening sequence), "adopt" (sequence 0 takes the widening sequence's cells) or
        nothing (None).

        The wide window is read from sequence 0 or the widening sequence, whichever holds more
        of it. With `request.short_first`, the short window serves instead where it costs fewer
        new tokens than both (and more than a keystroke's few). Where the request's memory
        differs from the one sequence 0 holds, the prompt with the held memory serves where it
        costs a keystroke's few new tokens (module docstring)."""
        wide = self.continuation_prompt(request)
        missing_here = self._missing(wide, 0)
        if missing_here <= FRUGAL_NEW_TOKENS:
            return wide, None, None
        cache, seq = self.cache, self.wide_seq

        def save() -> str | None:  # where sequence 0 is to read another prompt
            held_here = cache.reusable(wide.tokens, 0)
            return "save" if held_here > cache.reusable(wide.tokens, seq) else None

        budget = short_budget(self.n_ctx, request.max_tokens)
        if budget is not None and request.memory != self._memory0:
            held = self.continuation_prompt(request, memory=self._memory0)
            if self._missing(wide, seq) > FRUGAL_NEW_TOKENS and (
                self._missing(held, 0) <= FRUGAL_NEW_TOKENS
            ):
                return held, wide, save()
        if budget is None:
            return wide, None, None
        short = self.continuation_prompt(request, budget) if request.short_first else None
        missing_short = self._missing(short, 0) if short is not None else math.inf
        missing_there = self._missing(wide, seq)
        if missing_there < missing_here and missing_there <= missing_short:
            return wide, None, "adopt"
        if short is None or short.tokens == wide.tokens or missing_here <= missing_short:
            return wide, None, None
        return short, wide, save()

    def continuation(
        self, request: ContinuationRequest, cancel: CancelToken | None = None
    ) -> Stream:
        """Stream the text that continues `request.before` at the cursor."""
        cancel = cancel or CancelToken()
        prompt, wide = self.windows(request)
        stats = GenerationStats(window_start=prompt.window_start, short_window=wide is not None)
        if not prompt.tokens:
            return empty_stream(FinishReason.EMPTY, stats)
        self._keep_prompt(request, prompt)
        limits = Limits.suggestion(request, prompt.skip_prefix, fim=prompt.fim)
        policy = Greedy(
            0,
            constraint=prompt.constraint,
            penalty=DryPenalty(self.breakers()),
            history=self.cache.of(0),
            top=CANDIDATES,
        )
        pieces = generate(self.cache, self.runtime, prompt.tokens, policy, cancel, stats, limits)
        ctx = self.cache.ctx
        missing = self.cache.to_evaluate(prompt.tokens)
        if (
            (request.typing or request.ahead)
            and ctx.n_threads > 1
            and missing <= FRUGAL_NEW_TOKENS
            and self._one_thread(request)
        ):
            # asked ahead after a suggestion, the prompt is usually ready (decode.py): the
            # first piece then takes no step, and the second is the one that measures
            pieces = _first_on_one_thread(ctx, pieces, 2 if request.ahead and not missing else 1)
        if request.ahead:
            pieces = _abortable_steps(ctx, pieces)
        return Stream(pieces, stats, framed=True)

    def _one_thread(self, request: ContinuationRequest) -> bool:
        """Whether a request's first piece goes on one thread: a typing request's where a
        one-token step on one thread costs at most FRUGAL_EXTRA_MS more than on all (the
        context's recent steps); one asked ahead of time, to measure that, where either is
        unknown and every FRUGAL_PROBE_EVERY time (a keystroke never waits for a measurement)."""
        ctx = self.cache.ctx
        one, every = ctx.step_ms(1), ctx.step_ms(ctx.n_threads)
        if request.ahead:
            self._frugal_asked += 1
            return one is None or every is None or self._frugal_asked % FRUGAL_PROBE_EVERY == 0
        return one is not None and every is not None and one <= every + FRUGAL_EXTRA_MS
    def regenerate(
        self,
        request: ContinuationRequest,
        forced: Sequence[TokenChoice],
        cancel: CancelToken | None = None,
    ) -> Stream:
        """The suggestion for `request` again, with its first tokens `forced` (a suggestion's
        tokens up to a place, then the one the writer picked there) and greedy after them.

        It reads the prompt the suggestion (or alternative) was made from, kept for the last
        few requests, so sequence 0, which still holds that prompt and the suggestion's tokens,
        evaluates only the picked token: one decode step before the new tokens (`writer bench`:
        regen_ms against decode_step_ms). The forced tokens' text goes through the rules as the
        first time, so the shown text up to the place is the same, character for character."""
        cancel = cancel or CancelToken()
        prompt = self._prompts.get(_prompt_key(request))
        if prompt is None or prompt.memory != self._memory0:
            # (a new memory was grafted in since: sequence 0 holds the prompt with it)
            prompt = self.windows(request)[0]
        stats = GenerationStats(window_start=prompt.window_start)
        if not prompt.tokens:
            return empty_stream(FinishReason.EMPTY, stats)
        limits = Limits.suggestion(request, prompt.skip_prefix, fim=prompt.fim)
        pieces = self.vocabulary().pieces
        policy = Greedy(
            0,
            constraint=prompt.constraint,
            penalty=DryPenalty(self.breakers()),
            history=self.cache.of(0),
            top=CANDIDATES,
            written=b"".join(pieces[choice.token] for choice in forced),
        )
        stream = generate(
            self.cache, self.runtime, prompt.tokens, policy, cancel, stats, limits, forced=forced
        )
        return Stream(stream, stats, framed=True)

    def _keep_prompt(self, request: ContinuationRequest, prompt: ContinuationPrompt) -> None:
        key = _prompt_key(request)
        self._prompts[key] = prompt
        self._prompts.move_to_end(key)
        while len(self._prompts) > PROMPTS_KEPT:
            self._prompts.popitem(last=False)

    def warm(self, request: ContinuationRequest, cancel: CancelToken | None = None) -> Stream:
        """Evaluate the prompt a suggestion here would need, and generate nothing.

        Run when the writer pauses after moving the cursor or changing text away from it, so
        that the next keystroke's suggestion finds the document in the cache instead of
        evaluating everything after the change (cells moved by earlier keystrokes in the middle
        of the text are evaluated again, see cache.py); and after a suggestion that read the short
        window, to read the wide one in the widening sequence (`cancel.report` says how far).
        Sequence 0 is left alone where it holds a plain prompt already (a suggestion's tokens
        after it stay cached). A cancel keeps the steps already evaluated, and stops even a
        one-token step (`LlamaContext.abort_steps`): the keystroke that cancels it never waits.
        """
        cancel = cancel or CancelToken()
        if request.typing:
            return warming(lambda stats: self._while_typing(request, cancel, stats), DecodeAborted)

        def evaluate(stats: GenerationStats) -> None:
            prompt, wide = self.windows(request)
            cache = self.cache
            cache.ctx.abort_steps = True
            try:
                if prompt.fim or cache.of(0)[: len(prompt.tokens)] != prompt.tokens:
                    cache.prepare(prompt.tokens, cancel, stats, exact=True)
                if wide is not None:
                    self._widen(wide, prompt, cancel, stats)
            finally:
                cache.ctx.abort_steps = False

        return warming(evaluate, DecodeAborted)

    def _while_typing(
        self, request: ContinuationRequest, cancel: CancelToken, stats: GenerationStats
    ) -> None:
        """A warm-up inside a word being typed: the word first (`_settle_word`), then, until
        the next request cancels it, what is still to be read (the wide window, a project's
        new memory) WIDEN_STEP_TYPING tokens at a time, so that it arrives while the writer
        types on rather than only in a pause."""
        # the prompt the word's end would read now: in a project, while the memory changes,
        # the one with the memory sequence 0 holds (`_plan`)
        prompt, later, move = self._plan(request)
        if prompt.fim or move == "adopt":
            return
        self._settle_word(prompt, cancel, stats)
        if later is None or later.fim or cancel.cancelled:
            return
        self._move(move)  # "save", as the word's end would
        self.cache.ctx.abort_steps = True
        try:
            self._widen(later, prompt, cancel, stats, WIDEN_STEP_TYPING)
        finally:
            self.cache.ctx.abort_steps = False

    def _settle_word(
        self, prompt: ContinuationPrompt, cancel: CancelToken, stats: GenerationStats
    ) -> None:
        """A warm-up inside a word being typed (`request.typing`): evaluate the word's tokens
        after the prompt as they would be if it ended here, the healed ones ("lighth": " light"
        and "h"), and keep the logits after them (cache.py `ready`). If the writer ends the word
        now, the space's suggestion evaluates nothing: its first token is chosen at once
        instead of after a step (on a 1B model on a CPU, ~30 ms of the ~40 a ghost took). If
        the word goes on, its next letter's warm-up evaluates what changed, usually the last
        token, and a request cancels a warm-up within a step. Only where the prompt is cached
        already and at the text's end, and where the word may well end here (`end_odds`,
        from the logits kept before its last token). `prompt` is the one the word's end would
        read (`_plan`)."""
        word = list(getattr(prompt.constraint, "tokens", ()))
        if not word:
            return
        cache = self.cache
        if cache.reusable(prompt.tokens, 0) < len(prompt.tokens) - 1:
            return  # the prompt itself is not cached: the next request reads it, not a warm-up
        tokens = [*prompt.tokens, *word]
        if cache.ready(tokens, 0):
            return
        cache.ctx.abort_steps = True
        try:
            # the logits before the word's last token: kept from the space before the word or
            # an earlier warm-up, or read now with the word's settled tokens, which stay
            # whatever the next letter is
            before = cache.kept_row(tokens[:-1], 0)
            settled = 0
            if before is None and len(word) > 1:
                before = cache.prepare(tokens[:-1], cancel, stats, exact=True)
                settled = stats.evaluated_tokens
            if before is not None and end_odds(before, word[-1], self.vocabulary()) < (
                SETTLE_END_ODDS
            ):
                return  # the word goes on here, most likely
            cache.prepare(tokens, cancel, stats, exact=True)
            stats.evaluated_tokens += settled
        finally:
            cache.ctx.abort_steps = False

    def _widen(
        self,
        wide: ContinuationPrompt,
        held: ContinuationPrompt,
        cancel: CancelToken,
        stats: GenerationStats,
        step: int = WIDEN_STEP,
    ) -> None:
        """Read `wide` (the prompt still to be read; `held`, the one sequence 0 serves from
        meanwhile) into the widening sequence, `step` tokens at a time, reporting progress.
        Where only the memory differs, its new part is read and the document's cells are
        grafted after it from sequence 0 (`_graft_plan`), which then holds `wide`; where the
        window's start moved, what comes before the cells a sequence holds of the document is
        read and they are grafted after it (`_window_graft_plan`)."""
        cache, seq = self.cache, self.wide_seq
        tokens = wide.tokens
        total = len(tokens)
        done = reused = cache.reusable(tokens, seq)
        lead = self._lead(wide)
        graft = self._graft_plan(wide, held)
        if graft is not None and done >= lead + GRAFT_MIN:
            graft = None  # it holds the document read exactly after the new memory: go on
        moved = None if graft is not None else self._window_graft_plan(wide, done, held=held)
        evaluated = stats.evaluated_tokens  # sequence 0's part, if any
        cancel.report(done, total)

        def read(end: int, into: int = seq) -> None:
            nonlocal done, evaluated
            while done < end:
                done = min(end, done + step)
                try:
                    cache.prepare(tokens[:done], cancel, stats, seq=into)
                except CacheFull:
                    # the context holds no second window (a memory that moved the window's
                    # start in a small context): sequence 0 gives up what it holds past what
                    # it shares with `wide` (meanwhile a key reads the short window there),
                    # else the new memory would never be read
                    keep = common_prefix(cache.of(0), tokens, len(tokens))
                    if len(cache.of(0)) <= keep:
                        raise
                    log.info("context full: sequence 0 gives its cells to the wide window")
                    cache.truncate(0, keep)
                    cache.prepare(tokens[:done], cancel, stats, seq=into)
                evaluated += stats.evaluated_tokens
                cancel.report(done, total)

        try:
            if moved is not None:
                source, at, to, n = moved
                into = seq if source == 0 else self.beam_seqs[0]
                try:
                    if into != seq:  # the memory's cells it shares with the widening sequence
                        cache.copy(seq, into)
                    # (none of the cells to move: they go to the sequence they come from)
                    done = min(cache.reusable(tokens[:to], into), to, at)
                    cache.truncate(into, done)
                    read(to, into)
                    # again: reading may have taken cells (a full context)
                    grafted = self._window_graft_plan(wide, done, into, held) == moved
                    if grafted:
                        cache.graft(source, into, at, n, spare=self.beam_seqs[-1])
                finally:
                    if into != seq:  # a beam's sequence: empty again, whatever happened
                        cache.truncate(into, 0)
                if grafted:
                    if source == 0:
                        self._memory0 = wide.memory
                    # what was typed since the cells were read, and the logits after it
                    cache.prepare(tokens, cancel, stats, seq=source)
                    evaluated += stats.evaluated_tokens
                    cancel.report(total, total)
                    return
                done = cache.reusable(tokens, seq)
            if graft is not None:
                end = lead
                done = min(done, end)  # (a few document tokens after it: grafted instead)
                if len(cache.of(seq)) > done:
                    # it holds more than the new memory's part it shares (a copy of sequence
                    # 0's cells): the document's cells go right after that part
                    cache.truncate(seq, done)
                read(end)
                # again: a full context may have freed sequence 0's cells meanwhile
                graft = self._graft_plan(wide, held)
                if graft is not None and common_prefix(cache.of(seq), cache.of(0), end) <= graft[0]:
                    cache.graft(0, seq, graft[0], graft[1], spare=self.beam_seqs[-1])
                    self._memory0 = wide.memory
                    # what was typed since the cells were read, and the logits after it: the
                    # next key finds them ready
                    cache.prepare(tokens, cancel, stats)
                    evaluated += stats.evaluated_tokens
                    cancel.report(total, total)
                    return
            read(total)
        finally:
            stats.prompt_tokens, stats.reused_tokens = total, reused
            stats.evaluated_tokens = evaluated

    def _window_graft_plan(
        self,
        wide: ContinuationPrompt,
        done: int,
        reading: int | None = None,
        held: ContinuationPrompt | None = None,
    ) -> tuple[int, int, int, int] | None:
        """Where sequence 0 or the widening sequence holds the document's cells of an earlier
        window that began before `wide`'s (its start moved on as the text grew, or a new memory
        moved it) and the widening sequence holds `done` of `wide`'s tokens: the cells to graft
        after `wide`'s memory, head and first window token once they are read (cache.py
        `graft`), as (the sequence, where the cells begin in it, where they go, how many);
        the rest is evaluated after them. Then a window that moves costs its new head, not the
        whole window read again (thousands of tokens, seconds on a processor). Where the new
        window begins before the earlier one (a memory that takes less room, a grid of chunks
        that moved with it), a place further in is taken (WINDOW_GRAFT_PLACES of its first
        half are looked at) and what lies before it is read too.

        The cells must not be the short window's (`held`, the prompt sequence 0 serves, when it
        is as short, has no memory and starts after `wide`: its cells were read after a few
        hundred tokens only), hold no moved cells (cache.py `inexact`), and belong to their
        sequence alone: the widening sequence, where it is the one read into, gives its copy
        up first. None as well where it would save fewer than GRAFT_MIN tokens, in the middle
        of the text, or where a beam's sequence holds cells. `reading` is the sequence the
        part before the cells was read into."""
        cache = self.cache
        tokens = wide.tokens
        first = wide.doc_at + 1  # a window's first token may be tokenized otherwise at its start
        if wide.fim or not cache.ctx.can_shift or first + GRAFT_MIN > len(tokens):
            return None
        if any(cache.of(s) for s in self.beam_seqs if s != reading):
            return None
        wanted = np.asarray(tokens, dtype=np.int32)
        short = (
            held is not None
            and not held.memory
            and len(held.tokens) <= SHORT_WINDOW_TOKENS
            and held.window_start > wide.window_start
        )
        cells = {}
        for source in (0, self.wide_seq):
            if source == reading or (source == 0 and short) or cache.inexact(source):
                continue
            if len(cache.of(source)) >= GRAFT_MIN:
                cells[source] = np.asarray(cache.of(source), dtype=np.int32)
        best: tuple[int, int, int, int] | None = None
        last = min(len(tokens) - GRAFT_MIN, first + (len(tokens) - first) // 2)
        stride = max(GRAFT_MIN, (last - first) // WINDOW_GRAFT_PLACES + 1)
        for to in range(first, last + 1, stride):
            probe = wanted[to : to + GRAFT_MIN]
            for source, found in cells.items():
                pairs = (found[:-1] == probe[0]) & (found[1:] == probe[1])
                for at in np.flatnonzero(pairs)[:WINDOW_GRAFT_TRIES].tolist():
                    if not np.array_equal(found[at : at + GRAFT_MIN], probe):
                        continue
                    m = min(len(found) - at, len(tokens) - to)
                    diff = np.flatnonzero(found[at : at + m] != wanted[to : to + m])
                    n = int(diff[0]) if diff.size else m
                    if best is None or n > best[3]:
                        best = (source, int(at), to, n)
            if best is not None:
                break
        if best is None or best[2] + best[3] < done + GRAFT_MIN or best[3] < best[2] - done:
            return None  # nothing held, or less than what would be read before it
        source, at, _to, _n = best
        if source == self.wide_seq and (
            common_prefix(cache.of(source), cache.of(0), len(cache.of(source))) > at
        ):
            return None  # sequence 0 shares the cells: they would move for it too
        return best

    def _lead(self, prompt: ContinuationPrompt) -> int:
        """How many of `prompt`'s first tokens go before its document: its memory's (with the
        BOS token), or the BOS token alone where it has no memory (0 for a model without)."""
        if prompt.memory_tokens:
            return prompt.memory_tokens
        bos = self.runtime.bos if self.runtime.add_bos else None
        return 1 if bos is not None and prompt.tokens[:1] == [bos] else 0

    def _graft_plan(
        self, wide: ContinuationPrompt, held: ContinuationPrompt
    ) -> tuple[int, int] | None:
        """Where sequence 0 holds `held` and `wide` differs from it in the memory only (a lore
        entry turned on, passages changed with the paragraph), the document's cells it holds,
        (where they start, how many), to graft after `wide`'s memory once the widening sequence
        has read it (cache.py `graft`): a change then costs its memory's new tokens, not the
        document's as well; one side may have no memory (the first memory of a document, the
        last one turned off), its document after the BOS token or first. None where the
        document differs too (a window that starts elsewhere), where the memory is the same on
        both sides, in the middle of the text, or where a beam's sequence shares the cells."""
        old, new = self._lead(held), self._lead(wide)
        if wide.fim or held.fim or wide.memory == held.memory:
            return None
        cache = self.cache
        cells = cache.of(0)
        if common_prefix(cells, held.tokens, old) < old or not cache.ctx.can_shift:
            return None
        n = common_prefix(cells[old:], wide.tokens[new:], len(wide.tokens))
        if n < GRAFT_MIN or any(cache.of(s) for s in self.beam_seqs):
            return None
        return old, n

    def alternatives(
        self, request: ContinuationRequest, k: int, cancel: CancelToken | None = None
    ) -> Alternatives:
        """Up to k distinct continuations at the cursor, by beam search (see alternatives.py)."""
        prompt = self.windows(request)[0]
        self._keep_prompt(request, prompt)
        return beam_search(
            self.cache,
            self.runtime,
            prompt,
            request,
            k,
            self.beam_seqs,
            self.breakers(),
            cancel or CancelToken(),
        )

    def rewrite_plan(self, request: RewriteRequest) -> RewritePlan:
        """The prompt and budget of a rewrite here; raises RewriteTooLong (see rewrite.py)."""
        return plan_rewrite(self.runtime, self.gguf, self.n_ctx, request)

    def rewrite(self, request: RewriteRequest, cancel: CancelToken | None = None) -> Stream:
        """The text that replaces the selection (see rewrite.py). The prompt is planned at once,
        so RewriteTooLong is raised here, before any decoding or a context is made for it."""
        plan = self.rewrite_plan(request)
        cache, seq = self.rewrite_cache()
        gpu = self.info.gpu_offload and self.info.n_gpu_layers > 0
        row_cost = GPU_ROW_COST if gpu else CPU_ROW_COST
        return stream_rewrite(
            self.runtime,
            cache,
            seq,
            plan,
            request,
            cancel or CancelToken(),
            row_cost,
            self.rewrite_prefixes,
        )


def _abortable_steps(ctx: LlamaContext, pieces: Generator[Piece, None, None]) -> Iterator[Piece]:
    """`pieces`, each made with every decode watching the cancel flag (`abort_steps`): work
    done ahead of time gives the backend back within a graph node, not a whole step."""
    try:
        while True:
            ctx.abort_steps = True
            try:
                piece = next(pieces, None)
            finally:
                ctx.abort_steps = False
            if piece is None:
                return
            yield piece
    finally:
        pieces.close()
def _prompt_key(request: ContinuationRequest) -> tuple:
    """What a continuation's prompt depends on in a request (asked ahead: not healed)."""
    return (
        request.before,
        request.after,
        request.head,
        request.memory,
        request.style,
        request.max_tokens,
        request.ahead,
    )


def end_odds(logits: np.ndarray, last: int, vocabulary: Vocabulary) -> float:
    """The probability of the token `last` among the tokens that begin with its text, by the
    `logits` before it: how likely a word whose typed letters end with that token ends there
    (a longer token that begins the same way goes on; the estimate is high, since the word
    may also go on in a next token)."""
    piece = vocabulary.pieces[last]
    if not piece:
        return 1.0
    logits = logits.reshape(-1)
    scores = logits[vocabulary.extending(piece)]
    top = scores.max()
    return float(np.exp(logits[last] - top) / np.exp(scores - top).sum())


def _first_on_one_thread(
    ctx: LlamaContext, pieces: Generator[Piece, None, None], count: int = 1
) -> Iterator[Piece]:
    """`pieces`, the first `count` of them made on one thread, the rest on all of the
    context's."""
    try:
        for _ in range(count):
            ctx.use_threads(1)
            try:
                piece = next(pieces, None)
            finally:
                ctx.use_threads(ctx.n_threads)
            if piece is None:
                return
            yield piece
        yield from pieces
    finally:
        pieces.close()
