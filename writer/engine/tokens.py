"""Between text and tokens: whole characters from token bytes, a long document tokenized on
every keystroke, paragraph by paragraph, and the masks that keep the first tokens of an answer
in agreement with text it must begin with.

A 3,500-token document takes about 10 ms to tokenize here, as long as the model's whole answer
to a keystroke. Typing changes only the last paragraph, so the text is cut before each line break
that is followed by a non-space character, each piece is tokenized on its own (the first with
the BOS token) and remembered, and the pieces' tokens are joined. That equals tokenizing the
whole text only where the model's pre-tokenizer never joins a line break to the next word; this
is checked once per model, and models where it fails are tokenized whole.

**Token healing.** When the cursor stands inside a word, the prompt ends before the tokens that
cover the word's typed part (see prompt.py) and the answer must spell those bytes again before it
goes on: each step allows only the tokens that agree with what is left of them (their bytes start
with it, or are a start of it). `Vocabulary` keeps every token's bytes sorted once per model, so
that a step's mask is a bisect for the tokens that extend the rest and one per byte of the rest
for the tokens that begin it (about 0.02 ms at 49k tokens; reading and sorting the bytes takes
a few tenths of a second, once, at load).
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

_CUT = re.compile(r"(?=\n\S)")
_PROBE = (
    "Chapter One\n\nThe river was high.\nIt rained, and rained.\n  Indented line\n"
    "- a list item\n“Quoted,” she said.\n\n\n第二章\n我们今天去公园散步。\nend"
)


class PieceDecoder:
    """Bytes of tokens in, whole characters out: a token that ends inside a UTF-8 sequence
    waits for the token that completes it, so no broken character is ever emitted. Bytes that
    can never form a character (a model can emit them) are dropped, and so is an unfinished
    character when generation stops. `feed(data)` is the codec's own call (the decode loop
    calls it for every token)."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
        self.feed = self._decoder.decode

    def flush(self) -> str:
        return self._decoder.decode(b"", final=True)

    def pending(self) -> bytes:
        """The bytes of a character not yet complete (b"" at a character's boundary)."""
        return self._decoder.getstate()[0]

    def state(self) -> tuple[bytes, int]:
        """The bytes of an unfinished character it holds (to go back to, see engine/bans.py)."""
        return self._decoder.getstate()

    def restore(self, state: tuple[bytes, int]) -> None:
        self._decoder.setstate(state)


class ParagraphTokenizer:
    """tokenize(text) with the model's BOS rule, reusing the tokens of unchanged paragraphs."""

    def __init__(self, tokenize: Callable[..., list[int]], capacity: int = 4096) -> None:
        self._tokenize = tokenize
        self._cache: OrderedDict[tuple[bool, str], list[int]] = OrderedDict()
        self._capacity = capacity
        self.enabled = self._pieces_join_exactly()

    def _pieces_join_exactly(self) -> bool:
        whole = self._tokenize(_PROBE)
        return whole == self._joined(_PROBE)

    def _piece(self, first: bool, text: str) -> list[int]:
        key = (first, text)
        tokens = self._cache.get(key)
        if tokens is None:
            tokens = self._tokenize(text, add_bos=None if first else False)
            self._cache[key] = tokens
            if len(self._cache) > self._capacity:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return tokens

    def _joined(self, text: str, bos: bool = True) -> list[int]:
        out: list[int] = []
        for i, piece in enumerate(_CUT.split(text)):
            if piece:
                out.extend(self._piece(i == 0 and bos, piece))
        return out

    def __call__(self, text: str, bos: bool = True) -> list[int]:
        """The tokens of `text`, with the model's BOS rule at its start (none with `bos`
        False: text that continues a prompt)."""
        if not self.enabled or "\n" not in text:
            return self._tokenize(text, add_bos=None if bos else False)
        return self._joined(text, bos)


class Vocabulary:
    """Every token's bytes, sorted for prefix look-ups. Tokens without bytes (control tokens)
    are never allowed by a mask."""

    def __init__(self, pieces: Sequence[bytes]) -> None:
        self.pieces = list(pieces)
        self.size = len(self.pieces)
        pieces = self.pieces
        order = [t for t in sorted(range(self.size), key=pieces.__getitem__) if pieces[t]]
        self._sorted = [pieces[t] for t in order]
        self._ids = np.array(order, dtype=np.int64)

    def extending(self, data: bytes) -> np.ndarray:
        """The ids of the tokens whose bytes start with `data` (non-empty)."""
        lo = bisect.bisect_left(self._sorted, data)
        hi = len(self._sorted)
        bound = data.rstrip(b"\xff")
        if bound:
            hi = bisect.bisect_left(self._sorted, bound[:-1] + bytes([bound[-1] + 1]), lo)
        return self._ids[lo:hi]

    def agreeing(self, data: bytes) -> np.ndarray:
        """True for the tokens whose bytes agree with `data`: they start with it, or they are a
        start of it (non-empty). Where `data` has more than whitespace, tokens of whitespace
        alone are left out of the second kind: a vocabulary that has words with their space
        before them never writes a space and then the word."""
        mask = np.zeros(self.size, dtype=bool)
        mask[self.extending(data)] = True
        blank = data.isspace()
        ordered = self._sorted
        for end in range(1, len(data)):
            start = data[:end]
            if start.isspace() and not blank:
                continue
            i = bisect.bisect_left(ordered, start)
            while i < len(ordered) and ordered[i] == start:
                mask[self._ids[i]] = True
                i += 1
        return mask


class TokenConstraint(Protocol):
    """What the first tokens of an answer may be. `mask(written)` is the mask for the next
    token after the answer's tokens so far spelled the bytes `written` (True: allowed), or None
    once nothing is constrained any more; `within(written)` is True while those bytes are only
    text the writer typed (spelled again); `piece(token)` is a token's bytes."""

    def mask(self, written: bytes) -> np.ndarray | None: ...

    def within(self, written: bytes) -> bool: ...

    def piece(self, token: int) -> bytes: ...


class FirstMask:
    """The first token is one that `first` marks; the rest are free."""

    def __init__(self, first: np.ndarray, vocabulary: Vocabulary) -> None:
        self.first = first
        self.vocabulary = vocabulary

    def mask(self, written: bytes) -> np.ndarray | None:
        return None if written else self.first

    def within(self, written: bytes) -> bool:
        return not written

    def piece(self, token: int) -> bytes:
        return self.vocabulary.pieces[token]


class Healing:
    """The answer's first tokens spell `text` (bytes) again, a token at a time, each one agreeing
    with what is left of it (`Vocabulary.agreeing`), free after that. `tokens`, the tokens the
    text was cut from, stay allowed along their way, so the text's own tokenization always is."""

    def __init__(self, text: bytes, vocabulary: Vocabulary, tokens: Sequence[int] = ()) -> None:
        self.text = text
        self.vocabulary = vocabulary
        self.tokens = list(tokens)
        self._path: dict[bytes, int] = {}
        spelled = b""
        for token in self.tokens:
            self._path[spelled] = token
            spelled += vocabulary.pieces[token]

    def mask(self, written: bytes) -> np.ndarray | None:
        if len(written) >= len(self.text):
            return None
        mask = self.vocabulary.agreeing(self.text[len(written) :])
        token = self._path.get(written)
        if token is not None:
            mask[token] = True
        return mask

    def within(self, written: bytes) -> bool:
        return len(written) <= len(self.text)

    def piece(self, token: int) -> bytes:
        return self.vocabulary.pieces[token]
