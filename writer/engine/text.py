"""Turning token bytes into text pieces, and deciding where a suggestion ends."""

from __future__ import annotations

import codecs
import re

SENTENCE_END = re.compile(r"""[.!?…][)"'”’\]]*(?=\s)|[。！？][)"'”’」』）]*""")


class PieceDecoder:
    """Bytes of tokens in, whole characters out: a token that ends inside a UTF-8 sequence
    waits for the token that completes it, so no broken character is ever emitted. Bytes that
    can never form a character (a model can emit them) are dropped, and so is an unfinished
    character when generation stops."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")

    def feed(self, data: bytes) -> str:
        return self._decoder.decode(data)

    def flush(self) -> str:
        return self._decoder.decode(b"", final=True)


def find_stop(text: str, stop_at: str) -> int | None:
    """Where a suggestion that reads `text` so far should end (an index into text), or None.

    "line": before the first line break that follows some content.
    "sentence": also just after the first sentence-ending punctuation that is followed by a space
    (or a CJK full stop, which needs none).
    "none": never (only the token limit and end-of-generation stop).
    """
    if stop_at == "none":
        return None
    content = len(text) - len(text.lstrip())
    if content == len(text):
        # Only whitespace so far; more than a paragraph break of it is not worth offering.
        return 0 if text.count("\n") > 2 else None
    newline = text.find("\n", content)
    end = newline if newline >= 0 else None
    if stop_at == "sentence":
        match = SENTENCE_END.search(text, content)
        if match and (end is None or match.end() <= end):
            end = match.end()
    return end


class SuggestionText:
    """A suggestion's text as it streams in: `skip_prefix` left out when the text starts with
    it, and the stop rule (`find_stop`) applied. `add` returns what to show next and whether the
    suggestion ends there."""

    def __init__(self, stop_at: str, skip_prefix: str = "") -> None:
        self.stop_at = stop_at
        self.skip_prefix = skip_prefix
        self.text = ""
        self.emitted = len(skip_prefix)  # text[:emitted] has been shown (or skipped)

    def add(self, new: str) -> tuple[str, bool]:
        self.text += new
        text = self.text
        if self.skip_prefix and text and not text.startswith(self.skip_prefix[: len(text)]):
            self.emitted = 0
        if len(text) < len(self.skip_prefix):
            return "", False
        stop = find_stop(text, self.stop_at)
        end = len(text) if stop is None else max(stop, self.emitted)
        piece = text[self.emitted : end]
        self.emitted += len(piece)
        return piece, stop is not None
