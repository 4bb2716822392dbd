"""Rewriting a selection: a chat prompt with the surrounding text, streamed greedy output, and
prompt-lookup speculative decoding to make the copying fast.

A rewrite mostly repeats its source. After each token, `Drafter` guesses the next few from the
selection's own tokens (following the place in the source that the output is copying, or finding
it again by the last two or three tokens), and the guess is checked in one batch: the current
token and the draft are evaluated together, the greedy choice after every row is read from one
matrix of logits, and the longest agreeing prefix is kept. Rejected rows are removed from the KV
cache. The output is plain greedy decoding's; only the number of decodes changes (with the one
caveat of the last paragraph).

On a CPU a batch is compute-bound: each extra row costs about half a one-token decode
(SmolLM2-135M Q4_1, 2 cores: `writer bench --only rewrite` gives rewrite_batch_cost 1.6 for 2
rows, 4.9 for 8, 16.4 for 33; Q4_1 has no batched kernel on x86), so drafting pays only where the
output copies long runs. The draft length is chosen at each step for the most expected tokens per
unit of cost, from that row cost and how often the recent output followed the source: long while
the output copies, short or none where it does not. The bench prices the run's own batches with
the measured costs (rewrite_modeled_speedup) and those of a drafter that knew the output in
advance (rewrite_oracle_speedup, 1.8-1.9 on the bench paragraph); the gap is what not knowing
where the model leaves its source costs. Replayed on the bench paragraph, the drafter needs 56
decodes where the oracle needs 15, and each decode has a fixed cost of about half a one-token
decode: four fifths of the gap are decodes spent on drafts shorter than the run being copied,
one fifth rows drafted past the point where the output left the source. Drafting longer loses
at each departure what it gains in the runs: replaying the real outputs of nine rewrites against
about thirty policies (fixed lengths, lengths from the current run, AIMD, resynchronising after
a substitution, drafting from the whole prompt), none did better on average, and on the bench
paragraph the best reached 1.46-1.53 against this one's 1.43-1.45.

llama.cpp's CPU kernels are not batch-invariant: a one-token decode takes other paths than a
batch (flash attention splits the cache across threads only for a single query row; llamafile's
sgemm serves only batches of two or more), so a row's logits inside a batch differ from a
one-token decode of the same position. Measured on a rewrite, the gap between the best and each
of the next five logits moved by median 0.16, at most 0.8, over 826 rows in batches of 2 to 16.
Rows whose two best choices are closer than CLOSE_CALL (1.0) are decided again by a one-token
decode, as plain decoding decides them. Accepted rows also leave slightly different keys and
values in the cache, so a later near-tie (under about 0.2) can still go the other way than in
plain decoding: the texts are the same on the benchmark paragraph and in the tests, but cannot
be promised for every text on a CPU. Without flash attention the differences are larger, so the
engine keeps it. Draft lengths depend on tokens only, so one request always gives one text.
"""

from __future__ import annotations

import bisect
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from writer.engine.chat import ChatPrompt, chat_prompt
from writer.engine.engine import CancelToken, Engine, Generation, GenerationStats
from writer.engine.presets import CONTEXT_CHARS, PRESETS
from writer.engine.runtime import DecodeAborted, llama_cpp_module
from writer.engine.text import PieceDecoder

if TYPE_CHECKING:
    from writer.bench import Bench

SYSTEM = (
    "You are a careful editor. You rewrite one passage of a document as instructed. Reply with "
    "the rewritten passage only: no introduction, no explanation, no quotation marks around it."
)

PASSAGE_LABEL = "The passage:"
BEFORE_LABEL = "Text before the passage (context only, do not rewrite it):"
AFTER_LABEL = "Text after the passage (context only, do not rewrite it):"
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
class RewriteRequest:
    selection: str
    instruction: str
    before: str = ""
    after: str = ""
    max_tokens: int | None = None


@dataclass
class RewriteStats(GenerationStats):
    """Generation figures plus the speculative ones: rows drafted and accepted, batches run."""

    drafted: int = 0
    accepted: int = 0
    steps: int = 0
    close_calls: int = 0
    template_refused: str = ""
    batches: list[int] = field(default_factory=list)  # rows of each decode after the first token
    tokens: list[int] = field(default_factory=list)  # the generated tokens, end token excluded

    @property
    def acceptance(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0


@dataclass
class RewritePlan:
    """What a rewrite evaluates and generates: checked before any decoding."""

    prompt: ChatPrompt
    source: list[int]
    max_tokens: int


# the prompt -----------------------------------------------------------------------------------
def context_before(before: str, limit: int = CONTEXT_CHARS) -> str:
    """The paragraph before the selection (and the start of the selection's own paragraph)."""
    lines = before.rstrip().split("\n")
    keep: list[str] = []
    whole = 0
    while lines and whole < 1:
        line = lines.pop()
        keep.insert(0, line)
        if line.strip() and (keep[1:] or before.endswith("\n") or len(line) > limit // 4):
            whole += 1
    text = "\n".join(keep).strip()
    if len(text) > limit:
        text = text[-limit:]
        text = text[text.find(" ") + 1 :] if " " in text else text
    return text


def context_after(after: str, limit: int = CONTEXT_CHARS) -> str:
    """The rest of the selection's paragraph and the paragraph after it."""
    lines = after.lstrip(" \t").split("\n")
    keep: list[str] = []
    whole = 0
    while lines and whole < 1:
        line = lines.pop(0)
        keep.append(line)
        if line.strip() and (keep[:-1] or after.startswith("\n") or len(line) > limit // 4):
            whole += 1
    text = "\n".join(keep).strip()
    if len(text) > limit:
        text = text[:limit]
        text = text[: text.rfind(" ")] if " " in text else text
    return text


def rewrite_messages(request: RewriteRequest) -> list[dict[str, str]]:
    """The chat messages of a rewrite: the instruction, the context, and the passage last."""
    parts = [request.instruction.strip()]
    before = context_before(request.before)
    after = context_after(request.after)
    if before:
        parts.append(f"{BEFORE_LABEL}\n{before}")
    if after:
        parts.append(f"{AFTER_LABEL}\n{after}")
    parts.append(f"{PASSAGE_LABEL}\n{request.selection.strip()}")
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


def plan_rewrite(engine: Engine, request: RewriteRequest) -> RewritePlan:
    """The prompt and token budget of a rewrite; raises RewriteTooLong when the selection cannot
    fit with room for an answer of the same length."""
    rt = engine.runtime
    source = rt.tokenize(request.selection.strip(), add_bos=False)
    eos = engine.info.metadata.get("tokenizer.ggml.eos_token_id")
    prompt = chat_prompt(
        rt,
        engine.info.chat_template,
        rewrite_messages(request),
        eos=int(eos) if isinstance(eos, int) else None,
    )
    overhead = max(0, len(prompt.tokens) - len(source))
    limit = max(0, (rt.n_ctx - overhead - 8) // 2)
    if len(source) > limit:
        raise RewriteTooLong(len(source), limit)
    room = rt.n_ctx - len(prompt.tokens) - 1
    wanted = request.max_tokens if request.max_tokens else 3 * len(source) + 64
    return RewritePlan(prompt=prompt, source=source, max_tokens=max(1, min(wanted, room)))


# the output -----------------------------------------------------------------------------------
# A label line: short, ending in a colon, about the text itself ("The passage:", "Here's a
# revised version:", "I made the following changes:", "修改后的文本："). Small models write
# them before their answer and, worse, after it, then go on with the passage again or with
# notes about it. A label line opening the answer is dropped; one after a blank line ends it
# (unless the selection has that line).
LABEL_TERMS = (
    "passage", "text", "version", "translation", "translated", "rewrite", "rewritten",
    "revised", "change", "changes", "original", "edit", "edited", "edits", "correction",
    "corrections",
)  # fmt: skip
LABEL_WORDS = re.compile(
    r"\b(" + "|".join(LABEL_TERMS) + r")\b|文本|段落|译文|翻译|修改|版本", re.IGNORECASE
)
LABEL_MAX_WORDS = 12
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _could_be_label(partial: str) -> bool:
    """Whether a line still being written may turn out to be a label line: no sentence has
    ended in it, it is short, and past its first few words it names the text."""
    if re.search(r"[.!?;。！？，]", partial) or len(partial) > 60:
        return False
    words = partial.split()
    if len(words) > LABEL_MAX_WORDS:
        return False
    short = len(words) <= 4 and len(partial) <= 24
    if short or LABEL_WORDS.search(partial) is not None:
        return True
    last = words[-1].lower() if words and not partial[-1].isspace() else ""
    return bool(last) and any(term.startswith(last) for term in LABEL_TERMS)


QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "「": "」", "『": "』", "'": "'", "‘": "’"}
FENCE_LINE = re.compile(r"```[\w+#.-]*[ \t]*")


class Tidy:
    """Turns the model's raw pieces into the text that replaces the selection, as they stream.

    The answer ends at a stop text (the chat template's end of turn written out) or at a label
    line after a blank line (see LABEL_WORDS); a label line opening it is dropped. A line that may
    still become a label is held back until it is seen not to be one.

    Conservative: the replacement keeps the selection's leading and trailing whitespace; the
    prompt's own "The passage:" label echoed at the start, a code fence or a pair of quotation
    marks around the whole answer are removed only when the selection itself has none. A leading
    quotation mark holds the text back until its closing mark shows whether it wraps everything
    (then both go) or is part of the text (then it stays).
    """

    def __init__(self, selection: str, stop_text: Sequence[str] = ()) -> None:
        core = selection.strip()
        self.core = core
        self.lead = selection[: len(selection) - len(selection.lstrip())]
        self.trail = selection[len(selection.rstrip()) :] if core else ""
        self.stop_text = tuple(stop_text)
        self.raw = ""
        self.sent = 0
        self.stopped = False

    def feed(self, piece: str) -> str:
        """New text to show; `stopped` turns true when a stop text ends the answer (and what
        comes after is ignored)."""
        if self.stopped:
            return ""
        self.raw += piece
        for stop in self.stop_text:
            at = self.raw.find(stop)
            if at >= 0:
                self.raw = self.raw[:at]
                self.stopped = True
        echo = self._echo_at()
        if echo is not None:
            self.raw = self.raw[:echo]
            self.stopped = True
        if self.stopped:
            return ""
        held = self._label_hold()
        for stop in self.stop_text:
            for k in range(len(stop) - 1, 0, -1):
                if self.raw.endswith(stop[:k]):
                    held = max(held, k)
                    break
        return self._emit(self._view(self.raw[: len(self.raw) - held], final=False))

    def is_label(self, line: str) -> bool:
        line = line.strip()
        return (
            line.endswith((":", "："))
            and len(line.split()) <= LABEL_MAX_WORDS
            and LABEL_WORDS.search(line) is not None
            and line not in self.core
        )

    def _echo_at(self) -> int | None:
        """Where a label line after a blank line starts the model's going on past its answer."""
        raw = self.raw
        opening = raw.lstrip()
        if opening.startswith((BEFORE_LABEL, AFTER_LABEL)) and BEFORE_LABEL not in self.core:
            return 0  # it repeats the context instead of answering
        for blank in BLANK_LINE.finditer(raw):
            end = raw.find("\n", blank.end())
            if end < 0:
                return None
            if self.is_label(raw[blank.end() : end]):
                return blank.start()
        return None

    def _label_hold(self) -> int:
        """How many characters at the end to hold back: a line break that may start a blank
        line, or the line after a blank line while it may still be a label."""
        raw = self.raw
        newline = raw.rfind("\n")
        if newline < 0:
            return 0
        partial = raw[newline + 1 :]
        if not partial.strip():
            return len(raw) - newline
        before = raw[:newline].rstrip(" \t")
        if before.endswith("\n") and _could_be_label(partial):
            return len(raw) - before.rfind("\n")
        return 0

    def finish(self) -> str:
        return self._emit(self._view(self.raw, final=True))

    def _emit(self, view: str) -> str:
        new = view[self.sent :]
        self.sent = max(self.sent, len(view))
        return new

    def _view(self, text: str, final: bool) -> str:
        body = text.lstrip()
        newline = body.find("\n")
        first = body if newline < 0 else body[:newline]
        if newline < 0 and not final and _could_be_label(first):
            return ""  # it may be a label line that is not to be shown
        if self.is_label(first):
            body = body[len(first) :].lstrip()
        elif first.startswith(PASSAGE_LABEL) and not self.core.startswith(PASSAGE_LABEL):
            body = body[len(PASSAGE_LABEL) :].lstrip()
        if not body:
            return ""
        fenced = False
        if not self.core.startswith("```") and (body.startswith("```") or "```".startswith(body)):
            newline = body.find("\n")
            if newline < 0:
                if not final:
                    return ""
            elif FENCE_LINE.fullmatch(body[:newline]):
                body = body[newline + 1 :].lstrip("\n")
                fenced = True
        if body and body[0] in QUOTES and not self.core.startswith(body[0]):
            close = QUOTES[body[0]]
            end = body.find(close, 1)
            rest = body[end + 1 :] if end >= 0 else ""
            wraps = end >= 0 and rest.strip() in ("", "```" if fenced else "")
            if wraps and not final or end < 0 and not final:
                return ""
            if wraps and not self.core.endswith(close):
                body = body[1:end] + rest
        if final:
            body = body.rstrip()
            if fenced and body.endswith("```"):
                body = body[:-3].rstrip()
            return self.lead + body + self.trail if body else ""
        body = body.rstrip()
        if fenced:
            body = body.rstrip("`").rstrip()
        return self.lead + body if body else ""


def _tidied(pieces: Iterator[str], tidy: Tidy, stats: RewriteStats) -> Iterator[str]:
    try:
        for piece in pieces:
            out = tidy.feed(piece)
            if out:
                yield out
            if tidy.stopped:
                stats.finish_reason = "stop"
                break
        out = tidy.finish()
        if out:
            yield out
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()


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


def lookup_tokens(
    engine: Engine,
    prompt: Sequence[int],
    source: Sequence[int],
    cancel: CancelToken,
    stats: RewriteStats,
    max_tokens: int,
    stop_tokens: Sequence[int] = (),
) -> Iterator[str]:
    """Greedy generation after `prompt` with drafts from `source`, verified in one batch each;
    yields the same whole-character pieces as `Engine.stream_tokens` would."""
    rt = engine.runtime
    lc = llama_cpp_module()
    started = time.perf_counter()
    seq = engine.rewrite_seq
    try:
        engine.prepare(prompt, cancel, stats, seq)
    except DecodeAborted:
        stats.finish_reason = "cancelled"
        return
    cache = engine.cache_of(seq)
    decoder = PieceDecoder()
    gpu = engine.report.gpu_offload and engine.report.n_gpu_layers > 0
    drafter = Drafter(source, GPU_ROW_COST if gpu else CPU_ROW_COST)
    stop = set(stop_tokens)
    n_vocab = rt.n_vocab
    pos = len(prompt)
    token = int(rt.logits().argmax())
    first_at: float | None = None
    produced = 0
    pending = [token]
    try:
        while True:
            for token in pending:
                if rt.is_eog(token) or token in stop:
                    stats.finish_reason = "end"
                    break
                produced += 1
                stats.generated_tokens = produced
                stats.tokens.append(token)
                drafter.push(token)
                text = decoder.feed(rt.piece(token))
                if text:
                    if first_at is None:
                        first_at = time.perf_counter()
                        stats.ttft_s = first_at - started
                    yield text
                if produced >= max_tokens:
                    stats.finish_reason = "length"
                    break
            if stats.finish_reason:
                break
            if cancel.cancelled:
                stats.finish_reason = "cancelled"
                return
            draft = drafter.propose(max_tokens - produced)
            drafted = len(draft)
            rows = [(token, pos, seq)]
            rows += [(t, pos + 1 + i, seq) for i, t in enumerate(draft)]
            engine.with_room(seq, lambda rows=rows: rt.decode_rows(rows))
            if draft:
                logits = np.ctypeslib.as_array(
                    lc.llama_get_logits(rt.ctx), shape=(len(rows), n_vocab)
                )
                best = logits.argmax(axis=1)
                agree = best[:-1] == np.asarray(draft)
                accepted = int(agree.argmin()) if not agree.all() else len(draft)
                close = _close_calls(logits[: accepted + 1], best[: accepted + 1])
                if close is not None:
                    accepted = close
                    stats.close_calls += 1
                    stats.batches.append(1)
                    rt.kv_remove(seq, pos + close, -1)
                    rt.decode_one(rows[close][0], pos + close, seq)
                    best[close] = int(rt.logits().argmax())
                    draft = draft[:close]
            else:
                best = [int(rt.logits().argmax())]
                accepted = 0
            cache.append(token)
            cache.extend(draft[:accepted])
            if accepted < len(draft):
                rt.kv_remove(seq, pos + 1 + accepted, -1)
            pos += 1 + accepted
            stats.steps += 1
            stats.batches.append(len(rows))
            stats.drafted += drafted
            stats.accepted += accepted
            pending = [*draft[:accepted], int(best[accepted])]
        tail = decoder.flush()
        if tail:
            yield tail
    except DecodeAborted:
        stats.finish_reason = "cancelled"
    finally:
        rt.kv_remove(seq, len(cache), -1)
        now = time.perf_counter()
        if first_at is not None:
            stats.decode_s = now - first_at
        stats.total_s = now - started


RETRY_TEMPERATURE = 0.7
RETRY_TOP_P = 0.9
RETRY_CANDIDATES = 64


def sampler(seed: int) -> Callable[[np.ndarray], int]:
    """Picks a token at RETRY_TEMPERATURE among the most likely ones that make up RETRY_TOP_P
    of the probability; the same seed picks the same tokens."""
    rng = np.random.default_rng(seed)

    def choose(logits: np.ndarray) -> int:
        n = min(RETRY_CANDIDATES, logits.shape[0])
        top = np.argpartition(logits, -n)[-n:]
        top = top[np.argsort(-logits[top], kind="stable")]
        z = logits[top].astype(np.float64) / RETRY_TEMPERATURE
        p = np.exp(z - z[0])
        p /= p.sum()
        keep = int(np.searchsorted(np.cumsum(p), RETRY_TOP_P)) + 1
        p = p[:keep] / p[:keep].sum()
        return int(top[rng.choice(keep, p=p)])

    return choose


def rewrite(
    engine: Engine,
    request: RewriteRequest,
    cancel: CancelToken | None = None,
    lookup: bool = True,
    attempt: int = 0,
) -> Generation:
    """Stream the text that replaces `request.selection`.

    The prompt is planned at once, so RewriteTooLong is raised here, before any decoding;
    `generation.stats.template_refused` is then already set when the model's chat template was
    refused. The first attempt is greedy; with `lookup`, prompt-lookup drafts speed it up and
    the text is the same. A later attempt (Retry) samples, seeded by `attempt`, so that it gives
    another version; its prompt is still in the cache, so it starts at once.
    """
    cancel = cancel or CancelToken()
    plan = plan_rewrite(engine, request)
    stats = RewriteStats(template_refused=plan.prompt.template_refused)
    if lookup and not attempt:
        tokens = lookup_tokens(
            engine,
            plan.prompt.tokens,
            plan.source,
            cancel,
            stats,
            plan.max_tokens,
            plan.prompt.stop_tokens,
        )
    else:
        tokens = engine.stream_tokens(
            plan.prompt.tokens,
            cancel,
            stats,
            plan.max_tokens,
            stop_tokens=plan.prompt.stop_tokens,
            choose=sampler(attempt) if attempt else None,
            seq=engine.rewrite_seq,
        )
    tidy = Tidy(request.selection, plan.prompt.stop_text)
    return Generation(_tidied(tokens, tidy, stats), stats)


# benchmark ------------------------------------------------------------------------------------
BENCH_PARAGRAPH = (
    "The old lighthouse stood at the edge of the cliff, its white paint peeling after decades of "
    "wind and salt. Every evening the keeper climbed the hundred and twelve steps to light the "
    "lamp, and every morning he wrote a few lines in the log book: the weather, the ships he had "
    "seen, the birds that had rested on the railing. He had done this for thirty years, and he "
    "beleived he would do it for thirty more. The villagers rarely visited him. They said the "
    "climb was to steep and the keeper to quiet, but the children sometimes came on summer "
    "afternoons to hear his stories about storms and shipwrecks. He told them about the night "
    "the fishing boat lost its way in the fog, and how the beam of the lighthouse had guided it "
    "home. He told them about the winter the sea froze near the harbour, and about the whale "
    "that had followed a ferry all the way to the island. When the children left, he would sit "
    "by the window and watch the waves until the light faded, and then he climbed the steps "
    "again. One day a letter arrived from the city. The lighthouse was to be automated, and the "
    "keeper would no longer be needed. He read the letter twice, folded it carefully, and put "
    "it in the drawer with the log books."
)


ROUNDS = 5
BATCH_SIZES = (2, 4, 8, 16, MAX_DRAFT + 1)


def measure(bench: Bench) -> dict[str, Any]:
    """Benchmark figures for a copy-heavy rewrite ("Fix spelling and grammar" on a paragraph of
    about 230 words): plain and lookup decoding on the same prompt from a cold cache, back to back
    in each of ROUNDS rounds (the order alternating); decode rates after the first token, medians,
    and the speedup as the median of the rounds' own ratios, which holds on a noisy machine where
    the rates themselves drift by a fifth between rounds.

    Then what bounds the speedup here: the cost of a batch of n rows in one-token decodes, measured
    at the rewrite's context (`rewrite_batch_cost`), prices the lookup run's own batches
    (`rewrite_modeled_speedup`) and those of a drafter that knew the output in advance
    (`rewrite_oracle_speedup`): the most any drafting from this source could gain on this machine.
    """
    engine = bench.engine
    request = RewriteRequest(BENCH_PARAGRAPH, PRESETS["Fix spelling and grammar"], max_tokens=400)
    rates: dict[bool, list[float]] = {False: [], True: []}
    ratios: list[float] = []
    ttft: list[float] = []
    texts: dict[bool, list[str]] = {False: [], True: []}
    acceptance: list[float] = []
    last: RewriteStats | None = None
    for round_ in range(ROUNDS):
        rate: dict[bool, float] = {}
        for lookup in (False, True) if round_ % 2 == 0 else (True, False):
            engine.reset_cache()
            gen = rewrite(engine, request, lookup=lookup)
            texts[lookup].append(gen.text())
            stats = gen.stats
            rate[lookup] = stats.tokens_per_s
            rates[lookup].append(stats.tokens_per_s)
            if stats.ttft_s is not None:
                ttft.append(stats.ttft_s * 1000)
            if lookup and isinstance(stats, RewriteStats):
                acceptance.append(stats.acceptance)
                last = stats
        if rate[False]:
            ratios.append(rate[True] / rate[False])
    plan = plan_rewrite(engine, request)
    costs = batch_costs(engine, plan.prompt.tokens, plan.source)
    out: dict[str, Any] = {
        "rewrite_tok_s_plain": round(statistics.median(rates[False]), 1),
        "rewrite_tok_s_lookup": round(statistics.median(rates[True]), 1),
        "rewrite_lookup_speedup": round(statistics.median(ratios), 3) if ratios else 0.0,
        "rewrite_same_output": len(set(texts[False] + texts[True])) == 1,
        "rewrite_ttft_ms": round(statistics.median(ttft), 1) if ttft else float("nan"),
        "rewrite_acceptance": round(statistics.median(acceptance), 3) if acceptance else 0.0,
        "rewrite_tokens": len(engine.runtime.tokenize(texts[True][-1], add_bos=False)),
        "rewrite_batch_cost": {str(n): round(c, 2) for n, c in costs.items()},
    }
    if last is not None and len(last.tokens) > 1:
        out["rewrite_modeled_speedup"] = round(
            modeled_speedup(len(last.tokens), last.batches, costs), 3
        )
        oracle = oracle_batches(plan.source, last.tokens)
        out["rewrite_oracle_speedup"] = round(
            modeled_speedup(len(last.tokens), oracle, costs), 3
        )
    return {**out, **_suggestion_after_rewrite(engine)}


def batch_costs(
    engine: Engine, prompt: Sequence[int], source: Sequence[int], pairs: int = 7
) -> dict[int, float]:
    """What one decode of n rows (every row's logits kept) costs in one-token decodes, right after
    `prompt`: for each n in BATCH_SIZES, the median of `pairs` ratios of the batch's time to a
    one-token decode timed just before it at the same place."""
    rt = engine.runtime
    seq = engine.rewrite_seq
    engine.prepare(prompt, CancelToken(), GenerationStats(), seq)
    pos = len(prompt)
    filler = list(source) or [int(rt.logits().argmax())]
    costs: dict[int, float] = {1: 1.0}
    try:
        for n in BATCH_SIZES:
            rows = [(filler[i % len(filler)], pos + i, seq) for i in range(n)]
            ratios = []
            for _ in range(pairs):
                started = time.perf_counter()
                rt.decode_one(rows[0][0], pos, seq)
                one = time.perf_counter() - started
                rt.kv_remove(seq, pos, -1)
                started = time.perf_counter()
                engine.with_room(seq, lambda rows=rows: rt.decode_rows(rows))
                ratios.append((time.perf_counter() - started) / one)
                rt.kv_remove(seq, pos, -1)
            costs[n] = statistics.median(ratios)
    finally:
        rt.kv_remove(seq, pos, -1)
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


def _suggestion_after_rewrite(engine: Engine, size: int = 1000) -> dict[str, Any]:
    """Milliseconds to the first piece of a suggestion typed after a rewrite, in a document of
    `size` tokens whose prefix was cached before it: the rewrite keeps to its own sequence."""
    from writer.bench import sample_document
    from writer.engine.engine import ContinuationRequest

    doc = sample_document(size, engine.runtime.tokenize)
    engine.reset_cache()
    engine.continuation(ContinuationRequest(doc, max_tokens=2, stop_at="none")).text()
    paragraph = doc.split("\n\n")[0]
    rewrite(engine, RewriteRequest(paragraph, PRESETS["Shorter"], max_tokens=24)).text()
    started = time.perf_counter()
    gen = engine.continuation(ContinuationRequest(doc + " an", max_tokens=4, stop_at="none"))
    next(iter(gen), None)
    elapsed = (time.perf_counter() - started) * 1000
    gen.text()
    return {
        f"ttft_ms_after_rewrite_{size}": round(elapsed, 1),
        f"reused_after_rewrite_{size}": gen.stats.reused_tokens,
    }
