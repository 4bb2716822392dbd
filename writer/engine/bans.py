"""Banned phrases in the decode loop: tokens held back until no banned phrase can begin in them,
and the rewind when one is completed (the matcher is generation/bans.py, shared with the server
backend).

Each decided token goes to the guard with its position, its probability and the text decoder's
state before it. When the guard finds a banned phrase, the loop goes back to the token where the
phrase began: the sequence forgets its cells from the token before it (KVCache.truncate), that
token is evaluated again for the logits there (one decode), the tokens already tried there are
forbidden, and the policy decides again. The held tokens never reached the generation rules,
so nothing was shown of them. After a few rewinds at one point (or too many in one generation)
the text ends before the phrase instead (FinishReason.STOP): a model that insists never loops.

What a rewind costs is one decode plus the tokens decided again; what a list costs without one is
one regular-expression search over the last few dozen characters per token (`writer bench
--only bans`: decode_tok_s_bans against decode_tok_s_nobans).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from writer.generation.bans import BanGuard, BanList, Verdict
from writer.generation.results import Option


@dataclass
class Held:
    """A decided token the guard holds: where it is, its probability and text, and the text
    decoder's state before it."""

    token: int
    pos: int
    prob: float
    text: str
    state: tuple[bytes, int]
    options: tuple[Option, ...] = ()  # the likeliest tokens at its place (decode.py's choices)


@dataclass
class Ruling:
    """The guard's verdict on one token, in tokens: what goes to the rules now (the held tokens
    let out), where to rewind to (the position of the token to forbid, with the decoder's
    state there), and whether the text ends after what goes out."""

    out: list[Held] = field(default_factory=list)
    rewind: Held | None = None
    stop: bool = False


class TokenGuard:
    """One generation's banned-phrase guard over tokens (`skip`: BanGuard's). `forbidden` maps
    a position to the tokens a rewind ruled out there (kept while decoding stays after it)."""

    def __init__(self, bans: BanList, skip: int = 0) -> None:
        self.guard = BanGuard(bans, skip)
        self.held: list[Held] = []
        self.forbidden: dict[int, set[int]] = {}

    @property
    def rewinds(self) -> int:
        return self.guard.rewinds

    def token(self, held: Held) -> Ruling:
        self.held.append(held)
        return self._ruling(self.guard.push(held.text))

    def finish(self) -> Ruling:
        """Generation is ending: a phrase at the very end counts; else everything goes out."""
        ruling = self._ruling(self.guard.finish())
        if ruling.rewind is None and not ruling.stop:
            self.guard.release_all()
            ruling.out.extend(self.held)
            self.held.clear()
        return ruling

    def _ruling(self, verdict: Verdict) -> Ruling:
        n = verdict.release  # the guard let these out (none when it names a banned unit)
        ruling = Ruling(out=self.held[:n], stop=verdict.stop)
        del self.held[:n]
        if verdict.banned is not None:
            ruling.rewind = self.held[verdict.banned]
        return ruling

    def rewound(self, banned: Held) -> None:
        """Decoding went back to `banned`'s position: forget it and what followed, and forbid
        its token there."""
        i = self.held.index(banned)
        self.guard.rewind(i)
        del self.held[i:]
        pos = banned.pos
        self.forbidden = {p: t for p, t in self.forbidden.items() if p <= pos}
        self.forbidden.setdefault(pos, set()).add(banned.token)

    def mask(self, logits: np.ndarray, pos: int) -> np.ndarray:
        """`logits` (one row) with the tokens forbidden at `pos` ruled out."""
        out = np.array(logits, dtype=np.float32, copy=True)
        out[-1, sorted(self.forbidden.get(pos, ()))] = -np.inf
        return out
