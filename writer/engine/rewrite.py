"""Rewriting a selection: a chat prompt with the surrounding text, streamed greedy output, and
prompt-lookup speculative decoding to make the copying fast.

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
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from writer.engine.chat import ChatPrompt, chat_prompt
from writer.engine.decode import Greedy, Limits, Row, Sampled, Step, generate
from writer.engine.engine import Engine
from writer.engine.requests import CONTEXT_CHARS, CancelToken, RewriteRequest
from writer.engine.results import FinishReason, GenerationStats, Piece, Stream

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
class RewritePlan:
    """What a rewrite evaluates and generates: checked before any decoding."""

    prompt: ChatPrompt
    source: list[int]
    max_tokens: int

    def limits(self) -> Limits:
        return Limits(max_tokens=self.max_tokens, stop_tokens=frozenset(self.prompt.stop_tokens))


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
    eos = engine.gguf.metadata.get("tokenizer.ggml.eos_token_id")
    prompt = chat_prompt(
        rt,
        engine.gguf.chat_template,
        rewrite_messages(request),
        eos=int(eos) if isinstance(eos, int) else None,
    )
    overhead = max(0, len(prompt.tokens) - len(source))
    limit = max(0, (engine.n_ctx - overhead - 8) // 2)
    if len(source) > limit:
        raise RewriteTooLong(len(source), limit)
    room = engine.n_ctx - len(prompt.tokens) - 1
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


def _tidied(pieces: Iterator[Piece], tidy: Tidy, stats: GenerationStats) -> Iterator[Piece]:
    try:
        for piece in pieces:
            out = tidy.feed(piece.text)
            if out:
                yield Piece(out, piece.prob)
            if tidy.stopped:
                stats.finish_reason = FinishReason.STOP
                break
        out = tidy.finish()
        if out:
            yield Piece(out)
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

    def _push(self, tokens: Sequence[int]) -> None:
        for token in tokens:
            self.drafter.push(token)
        self.produced += len(tokens)

    def close(self) -> None:
        pass


RETRY_TEMPERATURE = 0.7
RETRY_TOP_P = 0.9


def rewrite(engine: Engine, request: RewriteRequest, cancel: CancelToken | None = None) -> Stream:
    """Stream the text that replaces `request.selection`.

    The prompt is planned at once, so RewriteTooLong is raised here, before any decoding;
    `stream.stats.notice` is then already set when the model's chat template was refused. The
    first attempt is greedy, with prompt-lookup drafts that speed it up without changing the
    text. A later attempt (Retry) samples at RETRY_TEMPERATURE, seeded by the attempt, so that
    it gives another version; its prompt is still in the cache, so it starts at once.
    """
    cancel = cancel or CancelToken()
    plan = plan_rewrite(engine, request)
    stats = GenerationStats(notice=plan.prompt.template_refused)
    cache, seq = engine.rewrite_cache()
    if request.attempt:
        policy: Greedy | DraftVerify = Sampled(
            request.attempt, RETRY_TEMPERATURE, RETRY_TOP_P, seq=seq
        )
    else:
        gpu = engine.info.gpu_offload and engine.info.n_gpu_layers > 0
        drafter = Drafter(plan.source, GPU_ROW_COST if gpu else CPU_ROW_COST)
        policy = DraftVerify(drafter, seq, plan.max_tokens)
    pieces = generate(
        cache, engine.runtime, plan.prompt.tokens, policy, cancel, stats, plan.limits(), seq
    )
    tidy = Tidy(request.selection, plan.prompt.stop_text)
    return Stream(_tidied(pieces, tidy, stats), stats)
