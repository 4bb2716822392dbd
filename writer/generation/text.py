"""The rules on a suggestion's text: where it ends, what it must not repeat, and how it meets
the text after the cursor.

**The seam.** What Tab inserts is followed by the text after the cursor (`after`); where that
has content on the cursor's line, the suggestion reads on into it:

- *One space, never two, never none.* A suggestion whose end would run into a following word
  (it ends with a letter, a digit or closing punctuation, and `after` starts with a letter, a
  digit or an opening bracket) gets a joining space as its last piece; one that ends with
  whitespace keeps a single space there, or none where `after` brings its own whitespace or
  starts with closing punctuation. Where the text before the cursor ends with whitespace, the
  suggestion's own leading spaces are left out. CJK text on either side takes no space.
- *No sentence end inside a sentence.* Where `after` continues the sentence the cursor is in (on
  the cursor's line it starts with a lowercase letter, a digit or punctuation that goes on or
  closes a sentence; or with a CJK character after text that has not ended its sentence) and
  the model cannot fill in the middle (`fim` false: it never saw `after`), the suggestion ends
  before its first sentence end or line break, and a sentence end at its very end is dropped.
  What is left is offered with the joining space; a suggestion that was all sentence end is
  nothing. A model that fills in the middle wrote its text to meet `after` and is trusted to
  end sentences where it does. Where `after` starts a new sentence or a new line, ending the
  sentence is right and only the space at the seam is set.
- *On the line.* Where `after` has content on the cursor's line, the suggestion ends before
  its first line break, one it starts with too: a break there would split the line's text (a
  paragraph break before the rest of the paragraph).
- *No repeat of the following word.* Where `after` continues the sentence, a suggestion whose
  first word is the word after the cursor is nothing: it is the model writing the following
  text its own way ("door to the lounge" before "door and walked"). A suggestion whose last
  word is the word after the cursor on its line leaves that word out (no doubled word at the
  seam). Before a new sentence, a suggestion may start with the same word as it ("The").

Text whose place at the seam is not yet known (trailing whitespace, a trailing full stop inside
a sentence) is held back, so nothing shown is ever taken back; the joining space comes with the
last piece.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# A sentence's end: a Western mark before a space, a Chinese or Japanese one anywhere, each with
# the quotes and brackets that close after it. The one rule for the seam, View → Focus, the
# rewrite's loop rule and (with PASSAGE_CUT) the project memory's passages.
_WESTERN_END = r"""[.!?…][)"'”’\]]*(?=\s)"""
_EASTERN_CLOSING = r"""[)"'”’」』）]*"""
SENTENCE_END = re.compile(rf"{_WESTERN_END}|[。！？]{_EASTERN_CLOSING}")
# Where a long paragraph may be cut into passages (the project memory's): a sentence's end as
# SENTENCE_END finds it, or a Chinese clause's ("；", which Chinese prose runs long between),
# with the spaces after it (the next passage starts at its first word).
PASSAGE_CUT = re.compile(rf"(?:{_WESTERN_END}|[。！？；]{_EASTERN_CLOSING})\s*")


# a word before a full stop that ends no sentence ("Dr. Smith", "Mrs. Hale")
ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr prof st sr jr rev gen col capt lt sgt mt vs vol fig approx".split()
)
_WORD_BEFORE = re.compile(r"(\w+)$")


def _ends_sentence(text: str, match: re.Match) -> bool:
    """Whether a sentence-end mark ends its sentence: not after a title's abbreviation or an
    initial ("Dr. Smith", "J. R. Hale"), nor where the words go on in lower case (“Stop!” she
    cried); a Chinese mark always does."""
    if text[match.start()] in "。！？":
        return True
    after = match.end()
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after].islower():
        return False
    if text[match.start()] == ".":
        word = _WORD_BEFORE.search(text, 0, match.start())
        if word is not None:
            before = word.group(1)
            if before.lower() in ABBREVIATIONS or (len(before) == 1 and before.isupper()):
                return False
    return True


def sentence_around(text: str, pos: int) -> tuple[int, int]:
    """The sentence of `text` that position `pos` is in, as (start, end): from just after the
    last sentence end before it (and the spaces after that end) to just after the next end
    (its punctuation and closing quotes), or the text's bounds. Right after a full stop the
    sentence it ended; after the space that follows (or, after a Chinese full stop, which
    needs none, once the next sentence begins), the next one (View → Focus). A mark after a
    title's abbreviation or an initial, or followed by words in lower case, ends none
    (`_ends_sentence`)."""
    start, end = 0, len(text)
    for match in SENTENCE_END.finditer(text):
        if not _ends_sentence(text, match):
            continue
        after = match.end()
        while after < end and text[after].isspace():
            after += 1
        if after <= pos and after > match.end() or after < pos:
            start = after
            continue
        end = match.end()
        break
    return start, end


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


_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).casefold()


# the seam (see the module docstring)
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
WORD = re.compile(r"[^\W_]+")
# endings that make another form of the same word: a suggestion "sentence" before "sentences)"
# is the following word again as much as "sentences" would be
INFLECTIONS = ("s", "es", "d", "ed", "ing")


def same_word(word: str, following: str) -> bool:
    """Whether `word` is the following word or another form of it (both case-folded): the
    same, or one of them the other with an ending of INFLECTIONS (of three letters or more:
    "the" and "then", "a" and "as" are other words)."""
    if word == following:
        return True
    short, long = sorted((word, following), key=len)
    return len(short) >= 3 and long.startswith(short) and long[len(short) :] in INFLECTIONS
CLOSING = set(".,;:!?…)]}”’%\"'")  # a suggestion ending with one of these meets a word with a space
OPENING = set("([{“‘")  # following text starting with one of these is met with a space
GOES_ON = set(",;:.!?…)]}”’-–—")  # following text starting with one of these is the same sentence
SETTLES = set(",;:.!?…)]}”’%")  # nor with a space before following text that starts with one
CJK_GOES_ON = set("，、；：。！？）」』”’")
ENDED = re.compile(r"""[.!?…。！？][)"'”’\]」』）]*\s*$""")
# inside a sentence: a run of full stops and closing marks (a sentence end where it holds a CJK
# full stop or whitespace follows it, and maybe one where the text ends in it), or a line break
INNER_END = re.compile(r"""[.!?…。！？][.!?…。！？)"'”’\]」』）]*|\n""")
CJK_STOP = re.compile(r"[。！？]")


def is_cjk(char: str) -> bool:
    return bool(CJK.match(char))


# typographic quotes (Format → Typographic Quotes): after these a quote opens (after a
# Chinese stop or comma it closes the one left open: 她说："我来了。")
_OPENS_AFTER = set("([{<“‘«—–-/\u3000\uff08\uff1a") | {""}
_QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}


def curly_quotes(text: str, before: str) -> str:
    """`text` with its straight quotes made typographic, as typed after `before` (the line
    before it): one opens at a line's start, after a space or an opening bracket, dash or
    quote, and closes (an apostrophe for ') after a letter or a stop, and ' before a digit
    is an apostrophe ("the ’90s", "’07"); after a Chinese
    character, where none of that tells, a double quote closes the one left open in the line
    and opens otherwise. Markdown's code in `text` keeps its quotes: within a code span (an
    odd number of backticks before, on the line) and a fenced block it opens."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    line = before
    fenced = False
    for at, char in enumerate(text):
        if char == "\n":
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            line = ""
            out.append(char)
            continue
        pair = _QUOTES.get(char)
        if pair is not None and not fenced and line.count("`") % 2 == 0:
            last = line[-1:]
            if char == "'" and text[at + 1 : at + 2].isdigit() and not last.isdigit():
                char = pair[1]  # ("the ’90s": an apostrophe for the century left out)
            elif last in _OPENS_AFTER or last.isspace():
                char = pair[0]
            elif char == '"' and is_cjk(last):
                char = pair[1] if line.count(pair[0]) > line.count(pair[1]) else pair[0]
            else:
                char = pair[1]
        out.append(char)
        line += char
    return "".join(out)


def continues_sentence(before: str, after: str) -> bool:
    """Whether `after` goes on with the sentence the cursor is in (see the module docstring)."""
    line = after.split("\n", 1)[0].lstrip(" \t")
    if not line:
        return False
    first = line[0]
    if first.islower() or first.isdigit() or first in GOES_ON or first in CJK_GOES_ON:
        return True
    if is_cjk(first):
        text = before.rstrip(" \t")
        return bool(text) and not text.endswith("\n") and not ENDED.search(text)
    return False


def joins(last: str, first: str) -> bool:
    """Whether a suggestion ending with `last` needs a space before following text that starts
    with `first`."""
    if not last or not first or is_cjk(last) or is_cjk(first):
        return False
    ends_word = last.isalnum() or last in CLOSING
    return ends_word and (first.isalnum() or first in OPENING)


class SuggestionText:
    """A suggestion's text as it streams in, with the rules every suggestion obeys:

    - `skip_prefix` is left out when the text starts with it; one with a word in it (the part
      of a word the writer is typing, window.word_fragment) must begin the text, and a text that
      does not begin with it shows nothing;
    - the stop rule (`find_stop`) ends it;
    - it never repeats what follows the cursor: where its rest starts with the beginning of
      `after` (OVERLAP_UNITS units, or all of it), it ends before that (whitespace included
      when `after` brings its own);
    - it never parrots what precedes: where its rest is a verbatim copy of COPY_UNITS units of
      the text just before the cursor, it ends before the copy;
    - it meets `after` at a correct seam (see the module docstring; `fim`: the model saw
      `after`).

    Text that may still turn out to be such a repeat is held back until it is seen not to be,
    so nothing shown has to be taken back. `add` returns what to show next and whether the
    suggestion ends there; `flush` what was held when generation ends.
    """

    def __init__(
        self,
        stop_at: str,
        skip_prefix: str = "",
        before: str = "",
        after: str = "",
        fim: bool = False,
    ) -> None:
        self.stop_at = stop_at
        self.skip_prefix = skip_prefix
        self.text = ""
        self.emitted = len(skip_prefix)  # text[:emitted] has been shown (or skipped)
        self.shown_from = self.emitted  # where the shown text starts in `text`
        self.before = _normal(before[-BEFORE_CHARS:])
        self.after = _normal(after[:AFTER_CHARS]).lstrip()
        self.after_spaced = after[:1].isspace()
        # where a space is already written, or a line starts, the suggestion starts with no
        # space of its own
        self.trim_lead = skip_prefix[-1:].isspace() or before[-1:].isspace()
        self.required = bool(skip_prefix.strip())
        self._seam_setup(before, after, fim)
        self.shown_any = False
        # starts of units whose rest can no longer become a repeat: the text only grows, and
        # a rest that is not in `before` nor begins `after` never will be once longer
        self._dead: set[int] = set()
        self._first_live = 0  # an index into the unit starts: those before it are dead
        # the unit starts of `text` as far as it was scanned (see `_starts`)
        self._starts_seen: list[int] = []
        self._scanned = 0

    def add(self, new: str) -> tuple[str, bool]:
        self.text += new
        text = self.text
        if self.skip_prefix and text and not text.startswith(self.skip_prefix[: len(text)]):
            if self.required:
                self.emitted = len(text)
                return "", True
            self.emitted = 0
            self.skip_prefix = ""  # not in the answer: from now on all of it is the answer
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
        if self.seam:
            end, stop = self._seam_hold(text, end, stop)
            if stop is not None:
                end = stop = self._seam_trim(text, end)
        end = max(end, self.emitted)
        if not self.shown_any:
            self.shown_from = self.emitted
        piece = text[self.emitted : end]
        self.emitted += len(piece)
        if stop is not None and self.seam:
            piece += self._seam_join(piece)
        self.shown_any = self.shown_any or bool(piece)
        return piece, stop is not None

    @property
    def holding(self) -> bool:
        """Whether text is held back: what was shown ends before the text does."""
        return self.emitted < len(self.text)

    def flush(self) -> str:
        """At the end of generation: what was held back and is not a repeat."""
        text = self.text
        cut, _hold = self._repeats(text, final=True)
        end = len(text) if cut is None else cut
        if self.seam:
            end, _stop = self._seam_hold(text, end, cut, final=True)
            end = self._seam_trim(text, end)
        end = max(self.emitted, end)
        if not self.shown_any:
            self.shown_from = self.emitted
        piece = text[self.emitted : end]
        self.emitted = end
        return piece + self._seam_join(piece) if self.seam else piece

    def _repeats(self, text: str, final: bool = False) -> tuple[int | None, int]:
        """Where the text must end (a repeat found), and up to where it may be shown now. A
        repeat that began in text already shown ends the text where the shown part ends."""
        hold = len(text)
        if not (self.before or self.after):
            return None, hold
        starts, dead = self._starts(text), self._dead
        first = self._first_live  # the starts before it are dead (they die about in order)
        while first < len(starts) and starts[first] in dead:
            first += 1
        self._first_live = first
        for start in starts[first:]:
            if start in dead:
                continue
            rest = _normal(text[start:]).lstrip()
            if not rest:
                break
            in_after = bool(self.after) and self.after.startswith(rest)
            in_before = bool(self.before) and rest in self.before
            if not (in_after or in_before):
                dead.add(start)
                continue  # nothing below applies to it
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

    def _starts(self, text: str) -> list[int]:
        """`_unit_starts(text)` for `text`, a beginning of `self.text`. The starts of the text
        seen before stay (a unit ends where the next character cannot continue it); only its
        last unit, which may have grown, and the new text are scanned again."""
        starts = self._starts_seen
        full = self.text
        if self._scanned != len(full):
            pos = starts.pop() if starts else 0
            starts.extend(m.start() for m in UNIT.finditer(full, pos))
            self._scanned = len(full)
        if len(text) == len(full):
            return starts
        return starts[: bisect_left(starts, len(text))]

    def _before_whitespace(self, text: str, cut: int, copy: bool = False) -> int:
        """A suggestion cut before a repeat of what follows drops its whitespace there when
        the following text brings its own; one cut before a copy always does."""
        if copy or self.after_spaced:
            while cut > self.emitted and text[cut - 1].isspace():
                cut -= 1
        return cut

    # the seam with the text after the cursor ------------------------------------------------
    def _seam_setup(self, before: str, after: str, fim: bool) -> None:
        """What the seam rules need to know of the text around the cursor."""
        line = after.split("\n", 1)[0]
        self.mid_line = bool(line.strip())  # the cursor's line goes on after it
        self.seam = self.mid_line or after[:1] == "\n"
        self.seam_next = after[:1]  # what follows the suggestion directly
        self.goes_on = continues_sentence(before, after)
        self.inside = self.goes_on and not fim
        first = WORD.match(line.lstrip())
        word = first.group(0) if first else ""
        self.next_word = "" if not word or is_cjk(word[0]) else word.casefold()
        self.joined = ""  # the joining space given after the text, if any

    def _seam_hold(
        self, text: str, end: int, stop: int | None, final: bool = False
    ) -> tuple[int, int | None]:
        """Where the text may show up to (`end`) and must end (`stop`), held back and cut by the
        seam rules; `final`: the generation has ended."""
        start = self.emitted
        if self.mid_line:
            # in the middle of a line it stays on the line: a line break, its first words'
            # too, would split the line's text (a paragraph break before the rest of it)
            newline = text.find("\n", start, end)
            if newline >= 0:
                end = stop = newline
        if self.inside:
            for match in INNER_END.finditer(text, start, end):
                run = match.group(0)
                if run == "\n" or CJK_STOP.search(run):
                    end = stop = match.start()
                    break
                if match.end() == end:
                    end = match.start()  # a sentence end, or not, when the next character comes
                    stop = end if final else stop
                    break
                if text[match.end()].isspace():
                    end = stop = match.start()
                    break
        if self.next_word:
            end, stop = self._no_following_word(text, end, stop, final)
        if stop is None and not final:
            while end > start and text[end - 1].isspace():
                end -= 1  # trailing whitespace waits for the next character
        return end, stop

    def _no_following_word(
        self, text: str, end: int, stop: int | None, final: bool
    ) -> tuple[int, int | None]:
        """The suggestion offers nothing of a first or last word that is the following word
        (or another form of it: `same_word`)."""
        lead = len(self.skip_prefix)
        while lead < len(text) and text[lead].isspace():
            lead += 1
        first = WORD.search(text, lead) if self.goes_on else None
        if first and same_word(first.group(0).casefold(), self.next_word) and first.end() < len(
            text
        ):
            cut = max(min(first.start(), end), self.emitted)
            return cut, cut
        if stop is not None or final:
            bare = end
            while bare > self.emitted and text[bare - 1].isspace():
                bare -= 1
            words = list(WORD.finditer(text, self.emitted, bare))
            last = words[-1] if words else None
            if (
                last is not None
                and last.end() == bare
                and same_word(last.group(0).casefold(), self.next_word)
                and (last.start() == 0 or not text[last.start() - 1].isalnum())
            ):
                end = last.start()
                return end, end
        return end, stop

    def _seam_trim(self, text: str, end: int) -> int:
        """Where a suggestion that ends at `end` ends once its trailing whitespace meets the
        following text: none where that brings its own or closes, else one space (or the line
        break the suggestion wrote)."""
        end = max(end, self.emitted)
        bare = end
        while bare > self.emitted and text[bare - 1].isspace():
            bare -= 1
        following = self.seam_next
        if bare == end or following.isspace() or following in SETTLES:
            return bare
        if not self.shown_any and bare == self.emitted:
            return bare  # whitespace alone is not offered
        trailing = text[bare:end]
        return bare + trailing.rindex("\n") + 1 if "\n" in trailing else bare + 1

    def _seam_join(self, piece: str) -> str:
        """The joining space after the last piece, where the suggestion would run into the
        following word."""
        if self.joined or not (self.shown_any or piece) or not self.emitted:
            return ""
        if joins(self.text[self.emitted - 1], self.seam_next):
            self.joined = " "
        return self.joined


def _unit_starts(text: str) -> list[int]:
    return [m.start() for m in UNIT.finditer(text)]
