"""The rules for alternatives, whichever backend found them: each obeys a suggestion's rules
(the stop rule, no repeat of the text after the cursor, no copy of the text before it), and
near-duplicates (the same words) count once, keeping the better score."""

from __future__ import annotations

import math
import re

from writer.generation.bans import banned_in, compile_bans
from writer.generation.requests import ContinuationRequest
from writer.generation.results import Alternative, FinishReason
from writer.generation.text import SuggestionText

WORD = re.compile(r"\w+")


class Distinct:
    """Continuations by their words; a near-duplicate keeps the better score."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, ...], Alternative] = {}

    def add(self, alt: Alternative) -> bool:
        """Record `alt`; True if it is a new continuation (not a near-duplicate)."""
        key = words(alt)
        old = self.by_key.get(key)
        if old is None:
            self.by_key[key] = alt
            return True
        if alt.score > old.score:
            self.by_key[key] = alt
        return False

    def ranked(self) -> list[Alternative]:
        """The continuations with some text, best first."""
        alts = [a for a in self.by_key.values() if a.text.strip()]
        return sorted(alts, key=lambda a: a.score, reverse=True)


def within_rules(
    alt: Alternative,
    request: ContinuationRequest,
    stop_at: str = "none",
    skip_prefix: str = "",
    fim: bool = False,
) -> Alternative | None:
    """`alt` as a suggestion shows it: `skip_prefix` left out, cut by the stop rule `stop_at`
    and before a repeat of `request.after` or a copy of `request.before`, meeting
    `request.after` at a correct seam (`fim`: the model saw it), its tokens' ends and
    probabilities cut to match; None when nothing but whitespace is left, or when what is left
    holds one of `request.banned` (generation/bans.py). An alternative the rules leave whole is
    returned as it is."""
    rules = SuggestionText(stop_at, skip_prefix, request.before, request.after, fim)
    shown, stopped = rules.add(alt.text)
    if not stopped:
        shown += rules.flush()
    if not shown.strip():
        return None
    if request.banned and banned_in(shown, compile_bans(request.banned)):
        return None
    if shown == alt.text:
        return alt
    # the characters of alt.text left out before `shown` (which may end with a joining space)
    start = rules.emitted - (len(shown) - len(rules.joined))
    ends = [min(max(end - start, 0), len(shown)) for end in alt.token_ends]
    keep = next((i + 1 for i, end in enumerate(ends) if end >= len(shown)), len(ends))
    return Alternative(
        text=shown,
        score=alt.score,
        token_probs=alt.token_probs[:keep],
        tokens=alt.tokens[:keep],
        token_ends=ends[:keep],
        finish_reason=FinishReason.STOP,
        choices=alt.choices,
        shown_from=alt.shown_from + start,
    )


def words(alt: Alternative) -> tuple[str, ...]:
    """What tells two continuations apart: their words, case-folded."""
    return tuple(WORD.findall(alt.text.casefold()))


def merged(alts: list[Alternative]) -> list[Alternative]:
    """`alts` with near-duplicates (the same words, as `Distinct` sees them) counted once, the
    first of them kept: the rules may cut two continuations to the same words."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for alt in alts:
        key = words(alt)
        if key not in seen:
            seen.add(key)
            kept.append(alt)
    return kept


def relative_confidence(alt: Alternative, best: Alternative) -> float:
    """How likely `alt` is next to `best`, per token (the ratio of their scores' geometric
    means, at most 1): what the list of alternatives shows beside each."""
    return min(1.0, math.exp(alt.score - best.score))
