"""The rules every generated piece passes, whichever backend generated it.

A backend feeds `GenerationRules` the text of each token it generates (whole characters) with
the token's probability, and shows what `token` returns. The rules:

- **confidence cut-off**: a token less probable than `min_prob` (never the first) ends the
  text there (UNSURE), and its own text is not shown;
- **trim**: where the product of the tokens' probabilities falls below `min_run_prob`, the text
  ends (UNSURE) at the last word end before that token (never inside the first word): the tail
  of a long suggestion is seldom what the writer goes on to write;
- **token limit**: the text ends after `max_tokens` tokens (LENGTH);
- **the suggestion's text rules** (`text.SuggestionText`): a prefix to leave out, the stop rule
  (STOP), no repeat of the text after the cursor nor a copy of the text before it, and the
  seam with the text after the cursor (no missing or doubled space, no sentence end inside a
  sentence from a model that does not fill in the middle: STOP where it cuts). Text
  that may still turn out to be a repeat is held back; `finish` gives what is left of it when
  the backend's generation ends, unless a stop rule or a cancel ended the text first;
- **the finish reason**: the first rule (or the backend's own end, through `end`) that ends the
  text sets it; `close` sets CANCELLED when nothing did (the consumer stopped iterating, or an
  error), and the timings: the first piece's, the decoding's after it, and the whole request's.

A backend stops feeding once `done` is true. The rules are read once per token in the decode
loop, so they stay a few attribute reads and one call of `SuggestionText.add`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from writer.generation.bans import BanList, compile_bans
from writer.generation.requests import ContinuationRequest
from writer.generation.results import FinishReason, GenerationStats
from writer.generation.text import SuggestionText, starts_word


@dataclass
class Limits:
    """What ends a generation and what its text must not do: the token limit, the tokens that
    end the text (ids in the model's vocabulary, checked by a backend that has them), the
    confidence cut-off, the stop rule, a prefix to leave out, the text around the cursor that
    a suggestion never copies (`before`) nor repeats (`after`) and meets at a correct seam,
    whether the model saw `after` (`fim`: it fills in the middle), and the phrases it must
    not contain (`bans`, generation/bans.py: a backend holds text back and rewinds for them)."""

    max_tokens: int
    stop_tokens: frozenset[int] = field(default_factory=frozenset)
    min_prob: float = 0.0
    min_run_prob: float = 0.0
    stop_at: str = "none"
    skip_prefix: str = ""
    before: str = ""
    after: str = ""
    fim: bool = False
    bans: BanList = field(default_factory=BanList)

    @classmethod
    def suggestion(
        cls, request: ContinuationRequest, skip_prefix: str = "", fim: bool = False
    ) -> Limits:
        """The limits of a suggestion at the cursor (its prompt leaving out `skip_prefix`;
        `fim`: the prompt holds the text after the cursor)."""
        return cls(
            max_tokens=request.max_tokens,
            min_prob=request.min_prob,
            min_run_prob=request.min_run_prob,
            stop_at=request.stop_at,
            skip_prefix=skip_prefix,
            before=request.before,
            after=request.after,
            fim=fim,
            bans=compile_bans(request.banned),
        )


class GenerationRules:
    """One generation's rules (see the module docstring); it fills `stats` as it goes."""

    def __init__(
        self, limits: Limits, stats: GenerationStats, started: float | None = None
    ) -> None:
        self.stats = stats
        self.max_tokens = limits.max_tokens
        self.min_prob = limits.min_prob
        self.min_run_prob = limits.min_run_prob
        self.run_prob = 1.0  # the product of the probabilities of the tokens so far
        self.text = SuggestionText(
            limits.stop_at, limits.skip_prefix, limits.before, limits.after, limits.fim
        )
        self.started = time.perf_counter() if started is None else started
        self.first_at: float | None = None
        self.prob = 1.0  # the last token's: what the held-back text is shown with

    @property
    def done(self) -> bool:
        return self.stats.finish_reason is not None

    @property
    def holding(self) -> bool:
        """Whether text is held back (the text rules may still show it or cut it there)."""
        return self.text.holding

    def token(self, text: str, prob: float = 1.0) -> str:
        """What to show after one more token: its text (whole characters, "" while a character
        is incomplete) and its probability. Sets the finish reason when the text ends here."""
        stats = self.stats
        if prob < self.min_prob and stats.generated_tokens:
            stats.finish_reason = FinishReason.UNSURE
            return ""
        if self._trimmed(text, prob):
            return ""
        stats.generated_tokens += 1
        stats.token_probs.append(prob)
        self.prob = prob
        return self._show(text)

    def _trimmed(self, text: str, prob: float) -> bool:
        """Whether the text ends before this token (see trim in the module docstring)."""
        self.run_prob *= prob
        if self.run_prob >= self.min_run_prob or self.first_at is None:
            return False
        if not starts_word(text):
            return False
        self.stats.finish_reason = FinishReason.UNSURE
        return True

    def tokens(self, text: str, probs: Sequence[float]) -> str:
        """`token` for the text of several tokens at once (a server's chunk), with their
        probabilities; text that comes without them counts as one token of probability 1. A
        token under the cut-off refuses the chunk's whole text."""
        stats = self.stats
        if not probs:
            probs = (1.0,) if text else ()
        for i, prob in enumerate(probs):
            if prob < self.min_prob and (i or stats.generated_tokens):
                stats.finish_reason = FinishReason.UNSURE
                return ""
        if self._trimmed(text, math.prod(probs)):
            return ""
        stats.generated_tokens += len(probs)
        stats.token_probs.extend(probs)
        if probs:
            self.prob = probs[-1]
        return self._show(text)

    def _show(self, text: str) -> str:
        piece, stopped = self.text.add(text)
        stats = self.stats
        if stopped:
            stats.finish_reason = FinishReason.STOP
        elif stats.generated_tokens >= self.max_tokens:
            stats.finish_reason = FinishReason.LENGTH
        if piece and self.first_at is None:
            self.first_at = time.perf_counter()
            stats.ttft_s = self.first_at - self.started
            stats.shown_from = self.text.shown_from
        return piece

    def end(self, reason: FinishReason) -> None:
        """The backend's own end (an end token, the server's finish), unless a rule ended the
        text first."""
        if self.stats.finish_reason is None:
            self.stats.finish_reason = reason

    def finish(self) -> str:
        """What was held back and is no repeat, to show when generation has ended; nothing when
        a stop rule ended the text (it was cut there) or a cancel did."""
        tail = self.text.flush()
        if self.stats.finish_reason in (FinishReason.STOP, FinishReason.CANCELLED):
            return ""
        if tail and self.first_at is None:
            self.first_at = time.perf_counter()
            self.stats.ttft_s = self.first_at - self.started
            self.stats.shown_from = self.text.shown_from
        return tail

    def close(self) -> None:
        """Whenever the generation ends: CANCELLED if nothing else ended it, and the timings."""
        stats = self.stats
        if stats.finish_reason is None:
            stats.finish_reason = FinishReason.CANCELLED
        now = time.perf_counter()
        if self.first_at is not None:
            stats.decode_s = now - self.first_at
        stats.total_s = now - self.started
