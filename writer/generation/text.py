"""The rules on a suggestion's text: where it ends, and what it must not repeat."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"""[.!?…][)"'”’\]]*(?=\s)|[。！？][)"'”’」』）]*""")


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


def is_word_char(ch: str) -> bool:
    """A character that belongs to a word (a letter, a digit, an apostrophe or "_")."""
    return bool(ch) and (ch.isalnum() or ch in "_'’")


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def starts_word(text: str) -> bool:
    """Whether `text` (a token's) begins a new word rather than going on with the last one: it
    starts with a space, punctuation or a CJK character (each of which is a word)."""
    return bool(text) and (not is_word_char(text[0]) or bool(_CJK.match(text)))


# A unit of text for the repetition rules: a CJK character, a word, or a punctuation mark.
UNIT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+|[^\w\s]")
COPY_UNITS = 8  # a suggestion never copies this many units of the text before the cursor
OVERLAP_UNITS = 2  # nor repeats this many of the text after it
BEFORE_CHARS = 1500  # how far back a copy is looked for
AFTER_CHARS = 200


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


class SuggestionText:
    """A suggestion's text as it streams in, with the rules every suggestion obeys:

    - `skip_prefix` is left out when the text starts with it;
    - the stop rule (`find_stop`) ends it;
    - it never repeats what follows the cursor: where its rest starts with the beginning of
      `after` (OVERLAP_UNITS units, or all of it), it ends before that (whitespace included
      when `after` brings its own);
    - it never parrots what precedes: where its rest is a verbatim copy of COPY_UNITS units of
      the text just before the cursor, it ends before the copy.

    Text that may still turn out to be such a repeat is held back until it is seen not to be,
    so nothing shown has to be taken back. `add` returns what to show next and whether the
    suggestion ends there; `flush` what was held when generation ends.
    """

    def __init__(
        self, stop_at: str, skip_prefix: str = "", before: str = "", after: str = ""
    ) -> None:
        self.stop_at = stop_at
        self.skip_prefix = skip_prefix
        self.text = ""
        self.emitted = len(skip_prefix)  # text[:emitted] has been shown (or skipped)
        self.before = _normal(before[-BEFORE_CHARS:])
        self.after = _normal(after[:AFTER_CHARS]).lstrip()
        self.after_spaced = after[:1].isspace()
        # where a space is already written, or a line starts, the suggestion starts with no
        # space of its own
        self.trim_lead = bool(skip_prefix) or before.endswith("\n")
        self.shown_any = False
        # starts of units whose rest can no longer become a repeat: the text only grows, and
        # a rest that is not in `before` nor begins `after` never will be once longer
        self._dead: set[int] = set()

    def add(self, new: str) -> tuple[str, bool]:
        self.text += new
        text = self.text
        if self.skip_prefix and text and not text.startswith(self.skip_prefix[: len(text)]):
            self.emitted = 0
        if len(text) < len(self.skip_prefix):
            return "", False
        if self.trim_lead and not self.shown_any:
            while self.emitted < len(text) and text[self.emitted] in " \t":
                self.emitted += 1
        stop = find_stop(text, self.stop_at)
        end = len(text) if stop is None else stop
        cut, hold = self._repeats(text[:end])
        if cut is not None:
            end, stop = cut, cut
        else:
            end = min(end, hold)
        end = max(end, self.emitted)
        piece = text[self.emitted : end]
        self.emitted += len(piece)
        self.shown_any = self.shown_any or bool(piece)
        return piece, stop is not None

    def flush(self) -> str:
        """At the end of generation: what was held back and is not a repeat."""
        text = self.text
        cut, _hold = self._repeats(text, final=True)
        end = max(self.emitted, len(text) if cut is None else cut)
        piece = text[self.emitted : end]
        self.emitted = end
        return piece

    def _repeats(self, text: str, final: bool = False) -> tuple[int | None, int]:
        """Where the text must end (a repeat found), and up to where it may be shown now. A
        repeat that began in text already shown ends the text where the shown part ends."""
        hold = len(text)
        if not (self.before or self.after):
            return None, hold
        for start in _unit_starts(text):
            if start in self._dead:
                continue
            rest = _normal(text[start:]).lstrip()
            if not rest:
                break
            in_after = bool(self.after) and self.after.startswith(rest)
            in_before = bool(self.before) and rest in self.before
            if not (in_after or in_before):
                self._dead.add(start)  # and nothing below applies to it
            units = len(UNIT.findall(rest))
            at = max(start, self.emitted)
            spaced = start  # a possible repeat holds the whitespace before it too
            while spaced > self.emitted and text[spaced - 1].isspace():
                spaced -= 1
            if in_after:
                if units >= OVERLAP_UNITS or len(rest) >= len(self.after):
                    return self._before_whitespace(text, at), hold
                hold = min(hold, max(spaced, self.emitted))
            if in_before and units >= 2:
                if units >= COPY_UNITS:
                    return self._before_whitespace(text, at, copy=True), hold
                hold = min(hold, max(spaced, self.emitted))
        return None, len(text) if final else hold

    def _before_whitespace(self, text: str, cut: int, copy: bool = False) -> int:
        """A suggestion cut before a repeat of what follows drops its whitespace there when
        the following text brings its own; one cut before a copy always does."""
        if copy or self.after_spaced:
            while cut > self.emitted and text[cut - 1].isspace():
                cut -= 1
        return cut


def _unit_starts(text: str) -> list[int]:
    return [m.start() for m in UNIT.finditer(text)]
