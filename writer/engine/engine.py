"""The in-process backend: a loaded model, its KV cache, and streamed continuations.

One thread owns an Engine (llama.cpp is not thread-safe); other threads only set the
`CancelToken` of the request that is running. Each sequence of the cache holds the tokens its last
request evaluated; a new request evaluates only what differs from them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from writer.engine.backend import BackendInfo
from writer.engine.decode import Greedy, Limits, generate
from writer.engine.gguf_header import GGUFInfo, ModelFileError, read_gguf_header
from writer.engine.gpu import GpuLayers, resolve_gpu_layers
from writer.engine.probe import probe_model
from writer.engine.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.engine.results import Alternatives, FinishReason, GenerationStats, Stream, empty_stream
from writer.engine.runtime import (
    CacheFull,
    DecodeAborted,
    DecodeError,
    LlamaRuntime,
    RuntimeConfig,
    supports_gpu_offload,
)
from writer.engine.tokens import ParagraphTokenizer
from writer.engine.window import fit_window

T = TypeVar("T")

log = logging.getLogger(__name__)


class ModelLoadError(Exception):
    """The model cannot be used; the message says why, in words."""


@dataclass
class ContinuationPrompt:
    tokens: list[int]
    window_start: int = 0
    first_mask: np.ndarray | None = None
    skip_prefix: str = ""


def _where(n_gpu_layers: int, n_layer: int, gpu_offload: bool) -> str:
    if gpu_offload and n_gpu_layers > 0:
        layers = min(n_gpu_layers, n_layer + 1)
        return f"GPU ({layers}/{n_layer + 1} layers)"
    return "CPU"


class Engine:
    """A loaded model with a KV cache that persists across requests: the in-process `Backend`."""

    def __init__(self, runtime: LlamaRuntime, info: GGUFInfo, backend_info: BackendInfo) -> None:
        self.runtime = runtime
        self.gguf = info
        self.info = backend_info
        # Per sequence, the tokens whose K/V it holds, in order. Sequence 0 is the
        # continuation's; beams take 1..n-2 for one search; rewrites run in the last one, so
        # that neither disturbs the document's cached prefix.
        self._caches: dict[int, list[int]] = {}
        n_seq = runtime.config.n_seq_max
        self.rewrite_seq = n_seq - 1
        self.beam_seqs = range(1, n_seq - 1)
        self._space_mask: np.ndarray | None = None
        self.tokenize_document = ParagraphTokenizer(runtime.tokenize)

    # loading ------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        path: str | Path,
        n_ctx: int = 8192,
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
            offload = layers > 0 and supports_gpu_offload()
            backend_info = BackendInfo(
                name=info.name or path.stem,
                where=_where(layers, runtime.n_layer, offload),
                n_ctx=runtime.n_ctx,
                load_s=time.perf_counter() - started,
                path=path,
                n_layer=runtime.n_layer,
                n_gpu_layers=layers,
                gpu_offload=offload,
                notes=notes,
            )
            if notes:
                log.warning("model %s loaded after fallback: %s", path, "; ".join(notes))
            return cls(runtime, info, backend_info)
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

    # continuations ------------------------------------------------------------------------
    def space_mask(self) -> np.ndarray:
        """True for tokens whose text starts with a space (used when the cursor follows one)."""
        if self._space_mask is None:
            rt = self.runtime
            self._space_mask = np.array(
                [rt.piece(t).startswith(b" ") for t in range(rt.n_vocab)], dtype=bool
            )
        return self._space_mask

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

    def continuation(
        self, request: ContinuationRequest, cancel: CancelToken | None = None
    ) -> Stream:
        """Stream the text that continues `request.before` at the cursor."""
        cancel = cancel or CancelToken()
        prompt = self.continuation_prompt(request)
        stats = GenerationStats(window_start=prompt.window_start)
        if not prompt.tokens:
            return empty_stream(FinishReason.EMPTY, stats)
        limits = Limits(
            max_tokens=request.max_tokens,
            min_prob=request.min_prob,
            stop_at=request.stop_at,
            skip_prefix=prompt.skip_prefix,
        )
        policy = Greedy(0, first_mask=prompt.first_mask)
        return Stream(generate(self, prompt.tokens, policy, cancel, stats, limits), stats)

    def warm(self, request: ContinuationRequest, cancel: CancelToken | None = None) -> Stream:
        """Evaluate the prompt a suggestion here would need, and generate nothing.

        Run when the writer pauses after moving the cursor or changing text away from it, so
        that the next keystroke's suggestion finds the document in the cache instead of
        evaluating everything after the change. A cancel keeps the chunks already evaluated.
        """
        cancel = cancel or CancelToken()
        stats = GenerationStats()

        def run():
            started = time.perf_counter()
            try:
                self.prepare(self.continuation_prompt(request).tokens, cancel, stats)
                stats.finish_reason = FinishReason.WARMED
            except DecodeAborted:
                stats.finish_reason = FinishReason.CANCELLED
            stats.total_s = stats.prompt_s = time.perf_counter() - started
            yield from ()

        return Stream(run(), stats)

    def alternatives(
        self, request: ContinuationRequest, k: int, cancel: CancelToken | None = None
    ) -> Alternatives:
        """Up to k distinct continuations at the cursor, by beam search (see alternatives.py)."""
        from writer.engine.alternatives import alternatives

        return alternatives(self, request, k, cancel or CancelToken())

    def rewrite(self, request: RewriteRequest, cancel: CancelToken | None = None) -> Stream:
        """The text that replaces the selection (see rewrite.py)."""
        from writer.engine.rewrite import rewrite

        return rewrite(self, request, cancel or CancelToken())
