"""The bans section of `writer bench`: what banned phrases cost the decode loop, and whether they
hold.

- `decode_tok_s_bans` against `decode_tok_s_nobans`: the same continuation with a 50-line list
  (the common clichés, and phrases and regular expressions for the starter model's own habits)
  and without one, taking turns in this run;
  `bans_decode_ratio` is their ratio (target at least 0.9). The rate counts the tokens shown, so
  a rewind's extra decodes are in it.
- `ban_tokens`, `ban_hits` and `ban_rewinds`: with the same list on, a suggestion at the end of
  each sentence of the quality bench's held-out texts (writer/bench/texts), in order, until
  BAN_TOKENS tokens are generated; `ban_hits` counts banned phrases in what came out (target
  0) and `ban_rewinds` the rewinds that kept them out.
"""

from __future__ import annotations

import re
import statistics
from typing import Any

from writer.generation.bans import COMMON_CLICHES, banned_in, compile_bans
from writer.generation.requests import ContinuationRequest
from writer.generation.results import GenerationStats

# what the starter model itself writes often, so that the list is put to work (rewinds) there too
HABITS = (
    "/\\bthe next (day|morning)\\b/",
    "I am going to",
    "/爱爱/",
    "美食",
    "/delv(e|es|ed|ing)\\b/",
    "/\\bsuddenly\\b/",
)
BAN_LIST = COMMON_CLICHES + HABITS
PROMPT = (
    "Write a long story about a lighthouse keeper who finds a letter in a bottle. "
    "Once upon a time,"
)
RATE_TOKENS = 160
ROUNDS = 3
BAN_TOKENS = 2000
SUGGESTION_TOKENS = 48


def measure(bench) -> dict[str, Any]:
    """Runs on the UI thread; each request on the engine's thread, one at a time (so no wait
    for a whole section runs into the bench's time limit on a slow machine)."""
    from writer.bench.quality import held_out, read

    engine = bench.engine

    def generated(request: ContinuationRequest) -> tuple[str, GenerationStats]:
        stream = engine.continuation(request)
        return stream.text(), stream.stats

    def rate(banned: tuple[str, ...]) -> tuple[float, int]:
        request = ContinuationRequest(PROMPT, max_tokens=RATE_TOKENS, stop_at="none", banned=banned)
        bench.on_engine_thread(engine.reset_cache)
        _text, stats = bench.on_engine_thread(lambda: generated(request))
        return stats.tokens_per_s, stats.rewinds

    with_list, without = [], []
    rate_rewinds = 0
    for _ in range(ROUNDS):
        without.append(rate(())[0])
        tok_s, rewinds = rate(BAN_LIST)
        with_list.append(tok_s)
        rate_rewinds += rewinds
    on, off = statistics.median(with_list), statistics.median(without)

    bans = compile_bans(BAN_LIST)
    tokens = rewinds = hits = 0
    found: list[str] = []
    befores = [
        text[:end] for lang in ("en", "zh") for text in map(read, held_out(lang))
        for end in _sentence_ends(text)
    ]  # fmt: skip
    bench.on_engine_thread(engine.reset_cache)
    for before in befores:
        if tokens >= BAN_TOKENS:
            break
        request = ContinuationRequest(
            before, max_tokens=SUGGESTION_TOKENS, stop_at="none", banned=BAN_LIST
        )
        text, stats = bench.on_engine_thread(lambda request=request: generated(request))
        tokens += stats.generated_tokens
        rewinds += stats.rewinds
        seen = banned_in(text, bans)
        hits += len(seen)
        found += seen
    out: dict[str, Any] = {
        "decode_tok_s_bans": round(on, 1),
        "decode_tok_s_nobans": round(off, 1),
        "bans_decode_ratio": round(on / off, 3) if off else float("nan"),
        "bans_rate_rewinds": rate_rewinds,
        "ban_tokens": tokens,
        "ban_hits": hits,
        "ban_rewinds": rewinds,
    }
    if found:
        out["ban_hits_found"] = sorted(set(found))
    return out


def _sentence_ends(text: str) -> list[int]:
    """Where the sentences of `text` end (after their full stop)."""
    return [m.end() for m in re.finditer(r"[.!?。！？]+[”\"]?", text)]
