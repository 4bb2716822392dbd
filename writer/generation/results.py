"""What a backend answers: streamed pieces, their statistics, and ranked alternatives."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class FinishReason(StrEnum):
    """Why a generation ended."""

    END = "end"  # the model ended its text (an end-of-generation or stop token)
    STOP = "stop"  # a stop rule on the text (end of the sentence or line, the answer's end)
    LENGTH = "length"  # the token limit
    UNSURE = "unsure"  # a token below the confidence cut-off
    CANCELLED = "cancelled"  # cancelled, or stopped by its consumer
    EMPTY = "empty"  # nothing to continue
    WARMED = "warmed"  # a warm-up: the prompt is evaluated, nothing generated


class Option(NamedTuple):
    """A token the model offered at one place of a generation: its text (whole characters) and
    its probability; `token` is its id in the model's vocabulary (-1 where a server names no
    ids)."""

    text: str
    prob: float
    token: int = -1


class TokenChoice(NamedTuple):
    """One generated token and the likeliest tokens the model offered in its place.

    `start` and `end` are where the characters the token completed lie in the generation's text
    as decoded (before any rule cut or left out a part: `GenerationStats.shown_from` says where
    the shown text starts). A token that ends inside a character completes nothing (start ==
    end) and has no options: a list is offered at the token that starts a character.
    `options`, best first, hold only tokens whose bytes are whole characters; `text` is what
    the token itself completed. (A named tuple: the decode loop makes one a token, and a
    frozen dataclass costs several times as much to make.)"""

    token: int
    prob: float
    start: int
    end: int
    text: str
    options: tuple[Option, ...] = ()


class Piece(NamedTuple):
    """Whole characters of generated text, and the probability the model gave the token that
    completed them."""

    text: str
    prob: float = 1.0


@dataclass
class GenerationStats:
    """Figures of one generation, complete when its stream ends.

    `reused_tokens` were found in the backend's prefix cache, `evaluated_tokens` were not.
    `decodes` counts the model evaluations after the prompt; draft-and-verify decoding also
    records how many tokens it drafted and how many of them the model confirmed. `notice` is a
    sentence for the writer about how the request was served (a refused chat template, say).
    `short_window`: the request read a short window before the cursor because the cache did not
    hold the wide one; a warm-up (`Backend.warm`) reads the wide one.
    `choices` holds, for each generated token a backend can describe, the likeliest tokens in
    its place (see `TokenChoice`; empty where the backend gives none), and `shown_from` where
    the shown text starts in the text they make (what a typed word's repeat left out).
    """

    prompt_tokens: int = 0
    reused_tokens: int = 0
    evaluated_tokens: int = 0
    generated_tokens: int = 0
    window_start: int = 0
    ttft_s: float | None = None
    prompt_s: float = 0.0
    decode_s: float = 0.0
    total_s: float = 0.0
    decodes: int = 0
    rows: int = 0
    drafted: int = 0
    accepted: int = 0
    finish_reason: FinishReason | None = None
    notice: str = ""
    short_window: bool = False
    copied: bool = False  # a rewrite ended where it began copying its context (rewrite.Tidy)
    rewinds: int = 0  # a banned phrase sent decoding back to where it began (generation/bans.py)
    token_probs: list[float] = field(default_factory=list)
    choices: list[TokenChoice] = field(default_factory=list)
    shown_from: int = 0

    @property
    def tokens_per_s(self) -> float:
        """The decode rate after the first token."""
        n = self.generated_tokens - 1
        return n / self.decode_s if n > 0 and self.decode_s > 0 else 0.0

    @property
    def acceptance(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0

    @property
    def ms_per_decode(self) -> float:
        """Milliseconds per model evaluation after the prompt."""
        spent = self.total_s - self.prompt_s
        return 1000 * spent / self.decodes if self.decodes and spent > 0 else 0.0


class Stream:
    """An iterator of pieces; `stats` is complete once iteration ends.

    `framed`: the pieces come one after another without pausing (a decode loop in this
    process), so a consumer may hold one back for a frame and carry it with the next. A stream
    from elsewhere (a server) may pause after any piece, for as long as the server takes: each
    of its pieces is passed on when it comes."""

    def __init__(
        self, pieces: Iterator[Piece], stats: GenerationStats, framed: bool = False
    ) -> None:
        self._pieces = pieces
        self.stats = stats
        self.framed = framed

    def __iter__(self) -> Iterator[Piece]:
        return self._pieces

    def text(self) -> str:
        return "".join(piece.text for piece in self._pieces)

    def close(self) -> None:
        close = getattr(self._pieces, "close", None)
        if close is not None:
            close()


def warming(evaluate: Callable[[GenerationStats], object], aborted: type[BaseException]) -> Stream:
    """A stream that yields nothing: it runs `evaluate` (which fills a cache with a prompt)
    when iterated, and says WARMED, or CANCELLED when `evaluate` raised `aborted`."""
    stats = GenerationStats()

    def run() -> Iterator[Piece]:
        started = time.perf_counter()
        try:
            evaluate(stats)
            stats.finish_reason = FinishReason.WARMED
        except aborted:
            stats.finish_reason = FinishReason.CANCELLED
        stats.total_s = stats.prompt_s = time.perf_counter() - started
        yield from ()

    return Stream(run(), stats)


def empty_stream(reason: FinishReason, stats: GenerationStats | None = None) -> Stream:
    stats = stats or GenerationStats()
    stats.finish_reason = reason
    return Stream(iter(()), stats)


@dataclass
class Alternative:
    """One continuation, with the probability the model gave each of its tokens.

    `token_ends[i]` is where the characters completed by token i end in `text`, so token i covers
    `text[token_ends[i - 1]:token_ends[i]]` (a token that ends inside a character covers nothing).
    `score` is the mean log-probability per token (the end-of-text token counted when it ended).
    `choices` and `shown_from`, where the backend records them, are as `GenerationStats`' (the
    tokens offered in each token's place, and where `text` starts in the text they make).
    """

    text: str
    score: float
    token_probs: list[float]
    tokens: list[int] = field(default_factory=list)
    token_ends: list[int] = field(default_factory=list)
    finish_reason: FinishReason | None = None
    choices: list[TokenChoice] = field(default_factory=list)
    shown_from: int = 0

    def confident_text(self, min_prob: float) -> str:
        """The text up to the first token, after the first, less probable than `min_prob`."""
        for i in range(1, len(self.token_probs)):
            if self.token_probs[i] < min_prob:
                return self.text[: self.token_ends[i - 1]]
        return self.text

    def char_probs(self) -> list[float]:
        """One probability per character of `text`, from the per-token ones."""
        probs = [1.0] * len(self.text)
        start = 0
        for prob, end in zip(self.token_probs, self.token_ends, strict=False):
            for i in range(start, min(end, len(probs))):
                probs[i] = prob
            start = max(start, end)
        return probs


@dataclass
class Alternatives:
    """Up to k distinct continuations, best first ([] when cancelled), and the search's figures."""

    items: list[Alternative]
    stats: GenerationStats
