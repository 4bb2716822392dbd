"""The one place that talks to llama.cpp: a model, its context and a batch, owned together.

Everything here runs on the thread that owns the runtime (llama.cpp contexts are not thread-safe),
except the abort flag, which llama.cpp's abort callback reads while a decode runs.
"""

from __future__ import annotations

import ctypes
import logging
import os
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from writer.engine.llama_log import last_error, route_llama_log
from writer.generation.backend import DEFAULT_CONTEXT
from writer.generation.requests import CancelToken
from writer.sentences import said

log = logging.getLogger(__name__)


_ABORT_CFUNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
# How many recent one-token decodes `LlamaContext.step_ms` takes the median of.
STEP_SAMPLES = 8
LOGIT_VIEWS = 16  # views of the logits kept (one per buffer address and row count)


def flag_reader() -> Callable[..., int] | None:
    """A C function to serve as ggml's abort callback over a flag byte, or None where none is
    found: the C library's `strlen`, given a two-byte buffer that holds b"\\1\\0" once the
    request is cancelled (length 1, true) and b"\\0\\0" until then (length 0, false).

    llama.cpp calls its abort callback after every node of a decode's graph (hundreds a
    step) while the other threads wait at the node's barrier. A Python callback there takes
    the GIL each time: with another thread running Python, a one-token step of the starter at
    2,000 tokens took 52 ms against 36 ms with no callback or this one (15.5 ms all three
    with that thread idle). So only long prompts and work done ahead of time could stop
    inside a step; read in C, every decode can, and the key after a ghost never waits for
    the rest of its step."""
    try:
        lib = ctypes.cdll.msvcrt if os.name == "nt" else ctypes.CDLL(None)
        return lib.strlen
    except (OSError, AttributeError):
        return None


class DecodeAborted(Exception):
    """A decode was stopped by the abort callback; the cache holds only whole, earlier chunks."""


class DecodeError(RuntimeError):
    pass


class CacheFull(DecodeError):
    """The KV cache has no free cells for the batch (llama_decode returned 1); freeing other
    sequences' cells makes room."""


def _raise_for(rc: int, aborting: bool) -> None:
    if rc == 2 or aborting:
        raise DecodeAborted()
    if rc == 1:
        raise CacheFull("the context is full")
    raise DecodeError(f"llama_decode failed with code {rc}")


# a C function of a context that returns a pointer, read as an int (c_void_p's result)
_ADDRESS_OF_CTX = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)


def llama_cpp_module():
    import llama_cpp

    route_llama_log()
    return llama_cpp


def supports_gpu_offload() -> bool:
    return bool(llama_cpp_module().llama_supports_gpu_offload())


def default_threads() -> int:
    """WRITER_THREADS if set; else all cores on small machines and half the logical CPUs on
    larger ones (about the physical cores: decode is memory-bound, hyper-threads slow it)."""
    override = os.environ.get("WRITER_THREADS", "")
    if override.isdigit() and int(override) > 0:
        return int(override)
    n = os.cpu_count() or 1
    return n if n <= 4 else n // 2


@dataclass
class ContextConfig:
    """One llama.cpp context: its size, threads, batch, sequences and attention kernel."""

    n_ctx: int = DEFAULT_CONTEXT
    n_threads: int | None = None
    n_batch: int = 512
    n_ubatch: int | None = None  # None: n_batch
    n_seq_max: int = 1
    flash_attn: bool | None = None  # None: llama.cpp's choice


class LlamaRuntime:
    """A loaded model (weights and vocabulary) and the contexts made from it; `close()` (or
    `with`) frees them all."""

    def __init__(self, path: str | Path, n_gpu_layers: int = 0) -> None:
        lc = llama_cpp_module()
        self._lc = lc
        self.path = Path(path)
        self.n_gpu_layers = n_gpu_layers
        self._stack = ExitStack()
        self.model = None
        mparams = lc.llama_model_default_params()
        mparams.n_gpu_layers = n_gpu_layers
        model = lc.llama_model_load_from_file(str(self.path).encode("utf-8"), mparams)
        if not model:
            reason = last_error()
            raise DecodeError(
                said("llama.cpp could not load the model ({0})", reason)
                if reason
                else said("llama.cpp could not load the model (see the log for details)")
            )
        self.model = model
        self._stack.callback(self._free_model)
        self.vocab = lc.llama_model_get_vocab(model)
        self.n_vocab = lc.llama_vocab_n_tokens(self.vocab)
        self.n_layer = lc.llama_model_n_layer(model)
        self.add_bos = bool(lc.llama_vocab_get_add_bos(self.vocab))
        self.bos = lc.llama_vocab_bos(self.vocab)
        self._piece_buf = ctypes.create_string_buffer(256)
        self._offered: dict[int, str] = {}  # see `offered_text`
        self._pieces: dict[int, bytes] = {}  # see `piece`
        self._eog: dict[int, bool] = {}  # see `is_eog`

    def context(self, config: ContextConfig) -> LlamaContext:
        """A new context on this model, freed with the runtime (or by its own close())."""
        ctx = LlamaContext(self, config)
        self._stack.callback(ctx.close)
        return ctx

    def _free_model(self) -> None:
        if self.model:
            self._lc.llama_model_free(self.model)
            self.model = None

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> LlamaRuntime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # vocabulary ---------------------------------------------------------------------------
    def tokenize(self, text: str, add_bos: bool | None = None, special: bool = False) -> list[int]:
        data = text.encode("utf-8")
        add = self.add_bos if add_bos is None else add_bos
        cap = len(data) + 8
        buf = (self._lc.llama_token * cap)()
        n = self._lc.llama_tokenize(self.vocab, data, len(data), buf, cap, add, special)
        if n < 0:
            cap = -n
            buf = (self._lc.llama_token * cap)()
            n = self._lc.llama_tokenize(self.vocab, data, len(data), buf, cap, add, special)
        return buf[:n]

    def piece(self, token: int, special: bool = False) -> bytes:
        """The bytes of `token` (special tokens as their text with `special`); remembered for
        the tokens asked for, as every decode step asks for one."""
        if not special:
            known = self._pieces.get(token)
            if known is None:
                known = self._pieces[token] = self._piece(token, False)
            return known
        return self._piece(token, True)

    def _piece(self, token: int, special: bool) -> bytes:
        n = self._lc.llama_token_to_piece(self.vocab, token, self._piece_buf, 256, 0, special)
        if n < 0:
            buf = ctypes.create_string_buffer(-n)
            n = self._lc.llama_token_to_piece(self.vocab, token, buf, -n, 0, special)
            return buf.raw[:n]
        return self._piece_buf.raw[:n]

    def offered_text(self, token: int) -> str:
        """What `token` would offer the writer in a list of tokens to pick: its text where its
        bytes are whole characters and it is no end token, else "" (remembered per token: the
        list is made at every step)."""
        text = self._offered.get(token)
        if text is None:
            try:
                text = self.piece(token).decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            if self.is_eog(token):
                text = ""
            self._offered[token] = text
        return text

    def is_eog(self, token: int) -> bool:
        """Whether `token` ends generation (remembered per token, as `piece`)."""
        known = self._eog.get(token)
        if known is None:
            known = self._eog[token] = bool(self._lc.llama_vocab_is_eog(self.vocab, token))
        return known

    def token_id(self, text: str) -> int | None:
        """The id of a special token written as text (e.g. '<|im_end|>'), if the vocab has it."""
        ids = self.tokenize(text, add_bos=False, special=True)
        return ids[0] if len(ids) == 1 else None

    def fim_tokens(self) -> tuple[int, int, int] | None:
        """The model's fill-in-the-middle tokens (prefix, suffix, middle), if it has all three."""
        lc = self._lc
        found = (
            lc.llama_vocab_fim_pre(self.vocab),
            lc.llama_vocab_fim_suf(self.vocab),
            lc.llama_vocab_fim_mid(self.vocab),
        )
        return found if all(t is not None and t >= 0 for t in found) else None


class LlamaContext:
    """One llama.cpp context (a KV cache and its compute buffers) with its batch and abort
    callback. Everything here runs on the thread that owns the runtime, except the abort flag,
    which llama.cpp's abort callback reads while a decode runs."""

    def __init__(self, runtime: LlamaRuntime, config: ContextConfig) -> None:
        lc = runtime._lc
        self._lc = lc
        self.runtime = runtime
        self.config = config
        self.ctx = None
        self._abort = [threading.Event()]
        n_threads = config.n_threads or default_threads()
        cparams = lc.llama_context_default_params()
        cparams.n_ctx = config.n_ctx
        cparams.n_batch = config.n_batch
        cparams.n_ubatch = config.n_ubatch or config.n_batch
        cparams.n_seq_max = config.n_seq_max
        cparams.n_threads = n_threads
        cparams.n_threads_batch = n_threads
        cparams.no_perf = True
        if config.flash_attn is not None:
            cparams.flash_attn_type = (
                lc.LLAMA_FLASH_ATTN_TYPE_ENABLED
                if config.flash_attn
                else lc.LLAMA_FLASH_ATTN_TYPE_DISABLED
            )
        # Beams of the alternatives search copy sequences into each other; a unified KV cache lets
        # every sequence see the whole context.
        if hasattr(cparams, "kv_unified"):
            cparams.kv_unified = config.n_seq_max > 1
        ctx = lc.llama_init_from_model(runtime.model, cparams)
        if not ctx:
            raise DecodeError(
                said(
                    "llama.cpp could not create a context of {0} tokens (not enough memory?)",
                    config.n_ctx,
                )
            )
        self.ctx = ctx
        self.memory = lc.llama_get_memory(ctx)
        self.n_vocab = runtime.n_vocab
        self.n_ctx = lc.llama_n_ctx(ctx)
        self.n_threads = n_threads
        self._threads_now = n_threads
        # Work done ahead of time sets this: its one-token steps stop at a cancel too, so that
        # what the writer asks for next never waits for the rest of a speculative step.
        self.abort_steps = False
        self._steps: dict[int, deque[float]] = {}  # threads: recent one-token decodes (ms)
        self._logit_views: dict[tuple[int | None, int], np.ndarray] = {}  # see logit_rows
        # llama_get_logits as an address (an int): the view's key without a cast every step
        self._logits_at = _ADDRESS_OF_CTX(ctypes.cast(lc.llama_get_logits, ctypes.c_void_p).value)
        self._batch = lc.llama_batch_init(config.n_batch, 0, config.n_seq_max)
        batch = self._batch
        # the batch's arrays, read once: each read of a field makes a new ctypes pointer, and
        # a one-token step would read five of them right after a decode left the caches cold
        self._first_row = (batch.token, batch.pos, batch.n_seq_id, batch.seq_id[0], batch.logits)

        holder = self._abort

        def _abort(_data: ctypes.c_void_p) -> int:
            return 1 if holder[0].is_set() else 0

        # An int-returning callback cast to ggml's bool one: ctypes' c_bool callback results
        # corrupt the refcount of True/False.
        self._abort_cb = _ABORT_CFUNC(_abort)  # kept alive as long as the context
        self._abort_ptr = ctypes.cast(self._abort_cb, lc.ggml_abort_callback)
        self._no_abort = lc.ggml_abort_callback()  # NULL
        self._abort_on = False
        # The flag the C reader reads (see `flag_reader`): one buffer per watched request, so
        # that a late cancel of an earlier request sets a flag nobody reads any more.
        reader = flag_reader()
        self._reader = None if reader is None else ctypes.cast(reader, lc.ggml_abort_callback)
        self._watched: CancelToken | None = None
        self._unwatch: Callable[[], None] = lambda: None
        self._flag = ctypes.create_string_buffer(2)
        if self._reader is not None:
            self._install_flag(self._flag)

    def close(self) -> None:
        if self.ctx:
            self._lc.llama_batch_free(self._batch)
            self._lc.llama_free(self.ctx)
            self.ctx = None

    def _install_flag(self, flag: ctypes.Array) -> None:
        self._lc.llama_set_abort_callback(
            self.ctx, self._reader, ctypes.cast(flag, ctypes.c_void_p)
        )
        self._flag = flag  # kept alive while llama.cpp reads it
        self._abort_on = True

    def _abortable(self, on: bool) -> None:
        """Without a C flag reader (`flag_reader`), the abort callback runs Python for every
        graph node, so it is installed only for prompt evaluation (long) and for work done
        ahead of time (`abort_steps`); the steps of what the writer asked for check the cancel
        flag between tokens. With one, it is always installed."""
        if self._reader is not None:
            return
        on = on or self.abort_steps
        if on != self._abort_on:
            self._lc.llama_set_abort_callback(
                self.ctx, self._abort_ptr if on else self._no_abort, None
            )
            self._abort_on = on

    def use_threads(self, n: int) -> None:
        """Run the next decodes on `n` threads (prompt chunks too)."""
        self._lc.llama_set_n_threads(self.ctx, n, n)
        self._threads_now = n

    def step_ms(self, threads: int) -> float | None:
        """The median of the last one-token decodes on `threads` threads, in milliseconds
        (None before any): what a step costs here, now, on this machine's load."""
        steps = self._steps.get(threads)
        return statistics.median(steps) if steps else None

    def _timed_step(self, started: float) -> None:
        steps = self._steps.get(self._threads_now)
        if steps is None:
            steps = self._steps[self._threads_now] = deque(maxlen=STEP_SAMPLES)
        steps.append((time.perf_counter() - started) * 1000)

    @property
    def threads(self) -> int:
        return int(self._lc.llama_n_threads(self.ctx))

    def watch(self, cancel: CancelToken) -> None:
        """Abort any decode once `cancel` is set (the running request's)."""
        self._abort[0] = cancel.event
        if self._reader is None or cancel is self._watched:
            return
        self._unwatch()
        flag = ctypes.create_string_buffer(2)
        self._watched = cancel
        self._unwatch = cancel.on_cancel(lambda: ctypes.memset(flag, 1, 1))
        self._install_flag(flag)

    @property
    def aborting(self) -> bool:
        return self._abort[0].is_set()

    # the KV cache -------------------------------------------------------------------------
    def kv_remove(self, seq: int, start: int, end: int = -1) -> None:
        self._lc.llama_memory_seq_rm(self.memory, seq, start, end)

    def kv_copy(self, src: int, dst: int, start: int = -1, end: int = -1) -> None:
        self._lc.llama_memory_seq_cp(self.memory, src, dst, start, end)

    def kv_shift(self, seq: int, start: int, end: int, delta: int) -> None:
        """Move the cells of `seq` at positions [start, end) by `delta` positions (llama.cpp
        rotates their keys to the new positions before the next decode)."""
        self._lc.llama_memory_seq_add(self.memory, seq, start, end, delta)

    def kv_span(self, seq: int) -> tuple[int, int]:
        """The first and last positions `seq` holds cells at ((-1, -1) when it holds none)."""
        lc = self._lc
        return (
            int(lc.llama_memory_seq_pos_min(self.memory, seq)),
            int(lc.llama_memory_seq_pos_max(self.memory, seq)),
        )

    @property
    def can_shift(self) -> bool:
        """Whether this context's cells can move to other positions (`kv_shift`)."""
        return bool(self._lc.llama_memory_can_shift(self.memory))

    def kv_keep(self, seq: int) -> None:
        self._lc.llama_memory_seq_keep(self.memory, seq)

    def kv_clear(self) -> None:
        self._lc.llama_memory_clear(self.memory, True)

    # decoding -----------------------------------------------------------------------------
    def decode(
        self,
        tokens: Sequence[int],
        start: int,
        seq: int = 0,
        on_chunk: Callable[[int], None] | None = None,
        all_logits: bool = False,
    ) -> None:
        """Evaluate `tokens` at positions start.. of `seq`, in chunks of n_batch.

        Logits are kept for the last token (or every token with `all_logits`, one chunk at most).
        After each whole chunk, `on_chunk(n_done)` is called. Raises DecodeAborted when the abort
        flag stops a chunk; llama.cpp then drops that chunk's cells, and so does this method.
        """
        n_batch = self.config.n_batch
        lc, batch = self._lc, self._batch
        self._abortable(len(tokens) > 4)
        done = 0
        total = len(tokens)
        while done < total:
            chunk = tokens[done : done + n_batch]
            n = len(chunk)
            batch.n_tokens = n
            for i, tok in enumerate(chunk):
                batch.token[i] = tok
                batch.pos[i] = start + done + i
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = seq
                batch.logits[i] = all_logits
            batch.logits[n - 1] = True
            started = time.perf_counter()
            rc = lc.llama_decode(self.ctx, batch)
            if rc != 0:
                self.kv_remove(seq, start + done, -1)
                _raise_for(rc, self.aborting)
            if n == 1:
                self._timed_step(started)
            done += n
            if on_chunk is not None:
                on_chunk(done)

    def decode_one(self, token: int, pos: int, seq: int = 0) -> None:
        """Evaluate one token (the generation hot path: no chunking, no Python loops)."""
        self._abortable(False)
        batch = self._batch
        batch.n_tokens = 1
        tokens, positions, n_seq_ids, seq_ids, logits = self._first_row
        tokens[0] = token
        positions[0] = pos
        n_seq_ids[0] = 1
        seq_ids[0] = seq
        logits[0] = True
        started = time.perf_counter()
        rc = self._lc.llama_decode(self.ctx, batch)
        if rc != 0:
            self.kv_remove(seq, pos, -1)
            _raise_for(rc, self.aborting)
        self._timed_step(started)

    def decode_rows(self, rows: Sequence[tuple[int, int, int]]) -> None:
        """Evaluate one token for each (token, pos, seq) row in a single batch; all logits kept."""
        self._abortable(False)
        batch = self._batch
        batch.n_tokens = len(rows)
        for i, (tok, pos, seq) in enumerate(rows):
            batch.token[i] = tok
            batch.pos[i] = pos
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = seq
            batch.logits[i] = True
        rc = self._lc.llama_decode(self.ctx, batch)
        if rc != 0:
            for _tok, pos, seq in rows:
                self.kv_remove(seq, pos, -1)
            _raise_for(rc, self.aborting)

    def logits(self, index: int = -1) -> np.ndarray:
        """A view of the logits of output row `index` (valid until the next decode)."""
        ptr = self._lc.llama_get_logits_ith(self.ctx, index)
        return np.ctypeslib.as_array(ptr, shape=(self.n_vocab,))

    def logit_rows(self, n: int) -> np.ndarray:
        """A view of the logits of the last decode's `n` output rows, in batch order (valid
        until the next decode). The view of a buffer is made once (making one costs tens of
        microseconds right after a decode, on every step); llama.cpp's buffer at that address
        holds at least the `n` rows its last decode wrote."""
        key = (self._logits_at(self.ctx), n)
        view = self._logit_views.get(key)
        if view is None:
            if len(self._logit_views) >= LOGIT_VIEWS:
                self._logit_views.clear()
            ptr = self._lc.llama_get_logits(self.ctx)
            view = self._logit_views[key] = np.ctypeslib.as_array(ptr, shape=(n, self.n_vocab))
        return view
