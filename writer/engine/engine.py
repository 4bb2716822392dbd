"""The inference engine: a loaded model, its KV cache, and streamed continuations.

One thread owns an Engine (llama.cpp is not thread-safe); other threads only set the
`CancelToken` of the request that is running. The cache holds the tokens evaluated by the last
request; a new request evaluates only what differs from them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from writer.engine.gguf_header import GGUFInfo, ModelFileError, read_gguf_header
from writer.engine.probe import probe_model
from writer.engine.runtime import (
    CacheFull,
    DecodeAborted,
    DecodeError,
    LlamaRuntime,
    RuntimeConfig,
    supports_gpu_offload,
)
from writer.engine.text import PieceDecoder, find_stop
from writer.engine.tokens import ParagraphTokenizer
from writer.engine.window import fit_window

T = TypeVar("T")

log = logging.getLogger(__name__)

ALL_LAYERS = 999


class ModelLoadError(Exception):
    """The model cannot be used; the message says why, in words."""


class CancelToken:
    """Set by any thread to stop a request; the engine checks it between tokens and llama.cpp's
    abort callback checks it inside a decode."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def cancel(self) -> None:
        self.event.set()

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()


@dataclass
class LoadReport:
    path: Path
    name: str
    n_ctx: int
    n_layer: int
    n_gpu_layers: int
    gpu_offload: bool
    load_s: float
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        if self.gpu_offload and self.n_gpu_layers > 0:
            layers = min(self.n_gpu_layers, self.n_layer + 1)
            return f"GPU ({layers}/{self.n_layer + 1} layers)"
        return "CPU"


@dataclass
class ContinuationRequest:
    before: str
    after: str = ""
    max_tokens: int = 48
    stop_at: str = "sentence"
    min_prob: float = 0.0  # cut the suggestion at its first token less likely than this
    run_on: bool = False  # never end at an end-of-text token (benchmarks that need length)


@dataclass
class ContinuationPrompt:
    tokens: list[int]
    window_start: int = 0
    first_mask: np.ndarray | None = None
    skip_prefix: str = ""


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    reused_tokens: int = 0
    evaluated_tokens: int = 0
    generated_tokens: int = 0
    window_start: int = 0
    ttft_s: float | None = None
    decode_s: float = 0.0
    total_s: float = 0.0
    finish_reason: str = ""
    token_probs: list[float] = field(default_factory=list)

    @property
    def tokens_per_s(self) -> float:
        # the decode rate after the first token
        n = self.generated_tokens - 1
        return n / self.decode_s if n > 0 and self.decode_s > 0 else 0.0


class Generation:
    """An iterator of text pieces; `stats` is complete once iteration ends."""

    def __init__(self, pieces: Iterator[str], stats: GenerationStats) -> None:
        self._pieces = pieces
        self.stats = stats

    def __iter__(self) -> Iterator[str]:
        return self._pieces

    def text(self) -> str:
        return "".join(self._pieces)


def resolve_gpu_layers(requested: int | str) -> int:
    """'auto': every layer when llama.cpp was built with GPU offload, none otherwise."""
    if requested == "auto":
        return ALL_LAYERS if supports_gpu_offload() else 0
    if requested == "all":
        return ALL_LAYERS
    return max(0, int(requested))


class Engine:
    """A loaded model with a KV cache that persists across requests."""

    def __init__(self, runtime: LlamaRuntime, info: GGUFInfo, report: LoadReport) -> None:
        self.runtime = runtime
        self.info = info
        self.report = report
        # Per sequence, the tokens whose K/V it holds, in order. Sequence 0 is the
        # continuation's; beams take 1..n-2 for one search; rewrites run in the last one, so
        # that neither disturbs the document's cached prefix.
        self._caches: dict[int, list[int]] = {}
        n_seq = runtime.config.n_seq_max
        self.rewrite_seq = n_seq - 1
        self.beam_seqs = range(1, n_seq - 1)
        self._space_mask: np.ndarray | None = None
        self.tokenize_document = ParagraphTokenizer(runtime.tokenize)
        self._idle = threading.Event()

    # loading ------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        path: str | Path,
        n_ctx: int = 8192,
        n_gpu_layers: int | str = "auto",
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
                        notes.append(f"with {layers} GPU layers: {verdict.message}")
                    continue
            try:
                # Flash attention stays llama.cpp's choice. Off, a CPU answers a keystroke at
                # 3,500 tokens sooner (about 30 against 40 ms here), but batched rows then
                # differ more from one-token decodes, and rewrite's prompt-lookup decoding no
                # longer reproduces plain greedy output.
                config = RuntimeConfig(n_ctx=n_ctx, n_gpu_layers=layers, n_threads=n_threads)
                runtime = LlamaRuntime(path, config)
            except DecodeError as exc:
                last_error = str(exc)
                if layers:
                    notes.append(f"with {layers} GPU layers: {exc}")
                continue
            report = LoadReport(
                path=path,
                name=info.name,
                n_ctx=runtime.n_ctx,
                n_layer=runtime.n_layer,
                n_gpu_layers=layers,
                gpu_offload=layers > 0 and supports_gpu_offload(),
                load_s=time.perf_counter() - started,
                notes=notes,
            )
            if notes:
                log.warning("model %s loaded after fallback: %s", path, "; ".join(notes))
            return cls(runtime, info, report)
        raise ModelLoadError(f"{path.name} cannot be used: {last_error}")

    def close(self) -> None:
        self.runtime.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the cache ----------------------------------------------------------------------------
    @property
    def cached_tokens(self) -> Sequence[int]:
        """The continuation's cached tokens (sequence 0)."""
        return self.cache_of(0)

    def cache_of(self, seq: int) -> list[int]:
        """The tokens sequence `seq` holds (the list the engine keeps up to date)."""
        return self._caches.setdefault(seq, [])

    def reset_cache(self) -> None:
        self.runtime.kv_clear()
        for cache in self._caches.values():
            cache.clear()

    def with_room(self, seq: int, decode: Callable[[], T]) -> T:
        """Run `decode` for sequence `seq`; when the cache is full, free the cells of the
        sequence that can best spare them (the last rewrite's, or for a rewrite the
        continuation's) and try again."""
        while True:
            try:
                return decode()
            except CacheFull:
                victim = self.rewrite_seq if seq != self.rewrite_seq else 0
                cache = self.cache_of(victim)
                if not cache:
                    raise
                log.info("context full: freeing sequence %d (%d tokens)", victim, len(cache))
                self.runtime.kv_remove(victim, -1, -1)
                cache.clear()

    def prepare(
        self, prompt: Sequence[int], cancel: CancelToken, stats: GenerationStats, seq: int = 0
    ) -> None:
        """Make sequence `seq` hold `prompt` with logits for its last token, reusing the longest
        common prefix with what it holds. Raises DecodeAborted if cancelled; the cache is then
        consistent (it holds a prefix of prompt)."""
        rt = self.runtime
        cache = self.cache_of(seq)
        n = min(len(cache), len(prompt))
        common = n
        if n:
            diff = np.flatnonzero(
                np.asarray(cache[:n], dtype=np.int32) != np.asarray(prompt[:n], dtype=np.int32)
            )
            common = int(diff[0]) if diff.size else n
        if common >= len(prompt):
            common = len(prompt) - 1  # the last token is evaluated again for its logits
        if common < len(cache):
            rt.kv_remove(seq, common, -1)
            del cache[common:]
        stats.prompt_tokens = len(prompt)
        stats.reused_tokens = common
        stats.evaluated_tokens = len(prompt) - common
        rt.watch(cancel.event)

        def evaluate() -> None:
            # Again from where the cache stands after a failed chunk.
            start = len(cache)
            todo = list(prompt[start:])

            def advance(done: int) -> None:
                cache[start:] = todo[:done]

            rt.decode(todo, start, seq=seq, on_chunk=advance)

        self.with_room(seq, evaluate)

    # generation ---------------------------------------------------------------------------
    def space_mask(self) -> np.ndarray:
        """True for tokens whose text starts with a space (used when the cursor follows one)."""
        if self._space_mask is None:
            rt = self.runtime
            self._space_mask = np.array(
                [rt.piece(t).startswith(b" ") for t in range(rt.n_vocab)], dtype=bool
            )
        return self._space_mask

    def stream_tokens(
        self,
        prompt: Sequence[int],
        cancel: CancelToken,
        stats: GenerationStats,
        max_tokens: int,
        stop_at: str = "none",
        first_mask: np.ndarray | None = None,
        skip_prefix: str = "",
        stop_tokens: Sequence[int] = (),
        choose: Callable[[np.ndarray], int] | None = None,
        min_prob: float = 0.0,
        run_on: bool = False,
        seq: int = 0,
    ) -> Iterator[str]:
        """Greedy generation after `prompt` in sequence `seq`, yielding whole-character text
        pieces."""
        rt = self.runtime
        cache = self.cache_of(seq)
        started = time.perf_counter()
        try:
            self.prepare(prompt, cancel, stats, seq)
        except DecodeAborted:
            stats.finish_reason = "cancelled"
            return
        decoder = PieceDecoder()
        text = ""
        emitted = len(skip_prefix)  # text[:emitted] has been yielded (or skipped)
        pos = len(prompt)
        logits = rt.logits()
        stop_set = set(stop_tokens)
        first_at: float | None = None
        try:
            for i in range(max_tokens):
                if cancel.cancelled:
                    stats.finish_reason = "cancelled"
                    return
                if i == 0 and first_mask is not None:
                    logits = np.where(first_mask, logits, -np.inf)
                tok = int(choose(logits)) if choose else int(logits.argmax())
                while run_on and rt.is_eog(tok):
                    logits = logits.copy()
                    logits[tok] = -np.inf
                    tok = int(logits.argmax())
                prob = float(1.0 / np.exp(logits - logits[tok]).sum())
                if rt.is_eog(tok) or tok in stop_set:
                    stats.finish_reason = "end"
                    break
                if min_prob and prob < min_prob and i > 0:
                    stats.finish_reason = "unsure"
                    break
                stats.generated_tokens += 1
                stats.token_probs.append(prob)
                text += decoder.feed(rt.piece(tok))
                if skip_prefix and text and not text.startswith(skip_prefix):
                    emitted = 0
                stop = find_stop(text, stop_at)
                end = len(text) if stop is None else max(stop, emitted)
                piece = text[emitted:end]
                if piece:
                    if first_at is None:
                        first_at = time.perf_counter()
                        stats.ttft_s = first_at - started
                    emitted += len(piece)
                    yield piece
                if stop is not None:
                    stats.finish_reason = "stop"
                    break
                if i == max_tokens - 1:
                    stats.finish_reason = "length"
                    break
                if cancel.cancelled:
                    stats.finish_reason = "cancelled"
                    return
                self.with_room(seq, lambda tok=tok, pos=pos: rt.decode_one(tok, pos, seq))
                cache.append(tok)
                pos += 1
                logits = rt.logits()
            tail = decoder.flush()
            if tail and stats.finish_reason != "stop":
                yield tail
        except DecodeAborted:
            stats.finish_reason = "cancelled"
        finally:
            now = time.perf_counter()
            if first_at is not None:
                stats.decode_s = now - first_at
            stats.total_s = now - started

    def warm(self, request: ContinuationRequest, cancel: CancelToken | None = None) -> Generation:
        """Evaluate the prompt a suggestion here would need, and generate nothing.

        Run when the writer pauses after moving the cursor or changing text away from it, so
        that the next keystroke's suggestion finds the document in the cache instead of
        evaluating everything after the change. A cancel keeps the chunks already evaluated.
        """
        cancel = cancel or CancelToken()
        stats = GenerationStats()

        def run() -> Iterator[str]:
            started = time.perf_counter()
            try:
                self.prepare(self.continuation_prompt(request).tokens, cancel, stats)
                stats.finish_reason = "warm"
            except DecodeAborted:
                stats.finish_reason = "cancelled"
            stats.total_s = time.perf_counter() - started
            yield from ()

        return Generation(run(), stats)

    def continuation(
        self, request: ContinuationRequest, cancel: CancelToken | None = None
    ) -> Generation:
        """Stream the text that continues `request.before` at the cursor."""
        cancel = cancel or CancelToken()
        stats = GenerationStats()
        return Generation(self._continuation(request, cancel, stats), stats)

    def prompt_budget(self, max_tokens: int) -> int:
        return max(16, self.runtime.n_ctx - max_tokens - 8)

    def continuation_prompt(self, request: ContinuationRequest) -> ContinuationPrompt:
        """The tokens a continuation of request.before is generated from.

        BPE vocabularies attach a word's space to the word ("·the"), so a prompt that ends in a
        space leads the model astray: that space is dropped from the prompt, the first token is
        limited to those that start with a space (`first_mask`), and `skip_prefix` tells the
        generator to leave it out of the suggestion.
        """
        before = request.before
        prompt = ContinuationPrompt(tokens=[])
        if before.endswith(" ") and not before.endswith("  ") and len(before) > 1:
            before = before[:-1]
            prompt.first_mask = self.space_mask()
            prompt.skip_prefix = " "
        prompt.window_start, prompt.tokens = fit_window(
            before, self.prompt_budget(request.max_tokens), self.tokenize_document
        )
        return prompt

    def _continuation(
        self, request: ContinuationRequest, cancel: CancelToken, stats: GenerationStats
    ) -> Iterator[str]:
        prompt = self.continuation_prompt(request)
        stats.window_start = prompt.window_start
        if not prompt.tokens:
            stats.finish_reason = "empty"
            return
        yield from self.stream_tokens(
            prompt.tokens,
            cancel,
            stats,
            request.max_tokens,
            stop_at=request.stop_at,
            first_mask=prompt.first_mask,
            skip_prefix=prompt.skip_prefix,
            min_prob=request.min_prob,
            run_on=request.run_on,
        )
