"""Markdown as the editor reads it, one line at a time and without Qt: what to highlight in a
line, the state a line leaves to the next, what Enter writes after a list item or a quotation,
and the edits of the Format menu; and a whole text's headings and HTML comments (`outline`),
read line by line with the same rules, for Go to Heading and the project's notes.

`line_spans(line, state)` gives a line's spans (where each kind of text is, in the line's Python
indices) and the state it leaves: `NORMAL` (after a blank line or a block that is not a
paragraph), `PARAGRAPH`, `ITEM` (`item_state` gives it by the column of the item's text, to
which its underline is indented), `EMPTY_ITEM` (an item with no text yet, which a blank line
ends; by its column too) and `LIST_BLANK` (in a list, by its item's column too), `QUOTED` (a
quotation's paragraph: "> ===" under it makes it a heading) and `QUOTED_ITEM` (a quoted list
item's text; `quoted_item` gives its state as deep as its quotation marks and by its column,
and a blank line of its quotation in it keeps both), `COMMENT` (an HTML comment is open),
`HTML` (in an HTML block of tags, to a blank line), `RAW_HTML` (in a `<pre>`, `<script>`,
`<style>` or `<textarea>` block, to its end tag: its lines are HTML, as written) or a fenced
code block's state (its fence's character and length, so that only a fence as long closes it,
in a quotation its depth: a line of fewer marks ends it, and in a list item its column: a line
left of it ends it). Block structure is read from the line and
the state alone, as CommonMark reads it where one line is enough: ATX headings, fences, block
quotes, list items and task boxes, thematic breaks, indented code (four spaces or a tab after a
blank line or a heading, not in a paragraph, where it goes on with the paragraph, nor in a list,
where it is the item's text) and setext headings: a line of `=` or `-` under a paragraph's line
is its underline (`---` after a blank line is a thematic break, `- item` a list item). The
underline changes the lines above it, its paragraph's: `line_spans(line, state,
underlined=True)` is such a line's spans, where the lines after it go on to an underline
(`under_paragraph` reads them). A list item's own indented code is read as its text.
Inline, the rules are CommonMark's: code spans first (in one line), then HTML comments, links,
images and autolinks, then emphasis by its delimiter runs (left- and right-flanking), so that
`snake_case_name` and a URL's underscores stay text, and `**加粗**` in Chinese is strong as
the export's reader sees it. An HTML comment is one wherever `<!--` is outside code: it may run
over many lines, but not out of a heading (ATX) nor a table's row, whose text is their line:
one opened there and not closed on the line is text (`single_line`); nor out of its paragraph:
one opened in a paragraph's line and left open is text where the paragraph ends before its
"-->" (`comment_closes`, which reads on through the paragraph's lines; the line leaves one of
OPENED_STATES, and the next line says which it is where a reader does not read on). The
preview (`mended`), the highlighting and `outline` read on; a reading a line at a time
(`line_state`) decides by the next line alone.

Every function is linear in the line's length (a delimiter looks back over at most
`OPENERS_LOOKED_AT` openers): a long Chinese paragraph or a megabyte of base64 on one line must
never freeze typing. `state_after` carries the state over many lines without reading their
spans, for a jump far into a document; most lines of prose are read by the test of their first
character.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum

from writer.documents import tables


class Kind(IntEnum):
    """What a span of a line is; a later kind is laid over an earlier one where they meet."""

    QUOTE = 0  # a block quote's text
    HEADING = 1  # a heading's whole line: an ATX heading's, a setext heading's and its underline
    CODE_BLOCK = 2  # a line of a fenced code block (its fences too) or of indented code
    LINK = 3  # a link's or an image's text
    EMPHASIS = 4
    STRONG = 5
    STRIKE = 6
    CODE = 7  # a code span, its backticks too
    COMMENT = 8  # an HTML comment, its marks too
    MARKUP = 9  # the marks themselves: #, >, list markers, delimiters, brackets, a link's URL
    TABLE = 10  # a table's row (read alone: `table_row`), in a fixed font so its columns align


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: Kind


NORMAL = 0  # at the start, after a blank line or a heading, a break, code: an indented line is code
COMMENT = 1
PARAGRAPH = 2  # after a paragraph's line: an underline makes it a heading, an indented line is text
ITEM = 3  # after a list item's line (or a line of its text)
QUOTED = 4  # after a quotation's paragraph's line (or a line of its text): an underline of its
# quotation ("> ===") makes it a heading
LIST_BLANK = 5  # after a blank line in a list: an indented line is still an item's
EMPTY_ITEM = 6  # after a list item's marker with no text: a blank line ends the item
# after a paragraph's line (an item's text, a quotation's) that opened a comment and left it
# open: it is one where the paragraph goes on to the next line, else text (`comment_ends`)
OPENED, OPENED_ITEM, OPENED_QUOTED = 7, 8, 9

# in an HTML block of tags (CommonMark's kinds 6 and 7, up to a blank line): a comment opened
# there is one to its "-->" (no paragraph's, which the next line could end)
HTML = 10
# in an HTML block of CommonMark's kind 1 (`<pre>`, `<script>`, `<style>`, `<textarea>`): to
# the line that holds its end tag, blank lines and all (a `<pre>` keeps its lines)
RAW_HTML = 11
# after a quoted list item's line ("> - item", or a line of its text): in a quotation as QUOTED,
# but an underline in the quotation ("> ===") is no heading's there (CommonMark's lazy line)
QUOTED_ITEM = 12
OPENED_QUOTED_ITEM = 13
# a quoted item two quotation marks deep or more ("> > - item"): its depth is in its state
# (`quoted_item`), for a line of as many marks or fewer goes on with its text (a lazy line) and
# one of more begins a quotation in it; deeper than QUOTED_DEPTH_MOST, it is taken as that deep
QUOTED_DEPTH_MOST = 32
_DEEP_ITEM = 14  # QUOTED_ITEM's state at depth d >= 2: _DEEP_ITEM + 2 * (d - 2) (+ 1: OPENED)
# a list item's text whose own text starts at a column other than 2 ("1. item", "  - nested"):
# its column is in its state (`item_state`), for its setext underline is indented to it ("- a"
# over "  ==="); ITEM is column 2's; past ITEM_COLUMN_MOST, an item is taken as that far in
ITEM_COLUMN_MOST = 40
_ITEM_AT = _DEEP_ITEM + 2 * QUOTED_DEPTH_MOST - 2  # column c's: _ITEM_AT + 2 * c (+ 1: OPENED)
ITEM_STATES = frozenset((ITEM, *(_ITEM_AT + 2 * c for c in range(ITEM_COLUMN_MOST + 1) if c != 2)))
# LIST_BLANK in an item whose text starts at a column other than 2: _BLANK_AT + its column
_BLANK_AT = _ITEM_AT + 2 * ITEM_COLUMN_MOST + 2
_LIST_BLANKS = frozenset(
    (LIST_BLANK, *(_BLANK_AT + c for c in range(ITEM_COLUMN_MOST + 1) if c != 2))
)
# after an empty list item in a quotation d marks deep ("> -"): _QUOTED_EMPTY + d - 1; a line of
# the quotation indented under the item is its text ("> -" over ">   text"), any other line is
# read as after NORMAL (an empty item holds no paragraph a lazy line goes on with)
_QUOTED_EMPTY = _BLANK_AT + ITEM_COLUMN_MOST + 1
_QUOTED_EMPTIES = range(_QUOTED_EMPTY, _QUOTED_EMPTY + QUOTED_DEPTH_MOST)
# a quoted item d marks deep whose text starts at a column c other than 2 of its quotation's
# text ("> 1. item", ">   - nested"): _QUOTED_ITEM_AT + 2 * ((d - 1) * _COLUMNS + c) (+ 1:
# OPENED); its column is in its state as an item's is (`item_column`)
_COLUMNS = ITEM_COLUMN_MOST + 1
_QUOTED_ITEM_AT = _QUOTED_EMPTY + QUOTED_DEPTH_MOST
# after a blank line of a quoted item's quotation ("> 1. item" over "> "), as LIST_BLANK outside
# quotations: _QUOTED_BLANK + (d - 1) * _COLUMNS + c; a line of the quotation indented to the
# item's text is still the item's ("> " over ">    more": its second paragraph)
_QUOTED_BLANK = _QUOTED_ITEM_AT + 2 * QUOTED_DEPTH_MOST * _COLUMNS
_QUOTED_BLANKS = range(_QUOTED_BLANK, _QUOTED_BLANK + QUOTED_DEPTH_MOST * _COLUMNS)
# EMPTY_ITEM of an item whose text would start at a column other than 2 ("1.", "  -"): its
# marker's end and one space, _EMPTY_AT + that column (a line indented less is no text of it)
_EMPTY_AT = _QUOTED_BLANK + QUOTED_DEPTH_MOST * _COLUMNS
_EMPTY_ITEMS = frozenset((EMPTY_ITEM, *(_EMPTY_AT + c for c in range(_COLUMNS) if c != 2)))
_QUOTED_ITEMS = frozenset((
    QUOTED_ITEM, *range(_DEEP_ITEM, _DEEP_ITEM + 2 * QUOTED_DEPTH_MOST - 2, 2),
    *(_QUOTED_ITEM_AT + 2 * (d * _COLUMNS + c)
      for d in range(QUOTED_DEPTH_MOST) for c in range(_COLUMNS) if c != 2),
))  # fmt: skip
QUOTED_ITEM_STATES = _QUOTED_ITEMS
_QUOTED_STATES = frozenset((QUOTED, *_QUOTED_ITEMS))
# a paragraph's text in a container goes on in them
_TEXT_STATES = frozenset((*ITEM_STATES, QUOTED, *_QUOTED_ITEMS))
_OPENED = {PARAGRAPH: OPENED, ITEM: OPENED_ITEM, QUOTED: OPENED_QUOTED,
           QUOTED_ITEM: OPENED_QUOTED_ITEM}  # fmt: skip
_OPENED.update((item, item + 1) for item in _QUOTED_ITEMS | ITEM_STATES if item >= _DEEP_ITEM)
_OPENED_IN = {opened: inside for inside, opened in _OPENED.items()}
OPENED_STATES = frozenset(_OPENED_IN)
OPENED_ITEM_STATES = frozenset(_OPENED[item] for item in ITEM_STATES)
OPENED_QUOTED_ITEM_STATES = frozenset(_OPENED[item] for item in _QUOTED_ITEMS)
# the states a quotation's line leaves, read alone after QUOTED, where it may be its paragraph's
# setext underline ("> ===": QUOTED, text; "> ---": NORMAL, a break; "> -": an empty item's),
# which the readers that know the paragraph's marks (`quoted_paragraph`) lay as a heading's
UNDERLINE_IN_QUOTATION = frozenset((QUOTED, NORMAL, *_QUOTED_EMPTIES))
# a fence's state: _FENCE + 2 * its length + 1 for "~"
_FENCE = _EMPTY_AT + _COLUMNS
MAX_FENCE = 10_000  # (a longer fence is taken as this long: the state is a 32-bit int in Qt)
_FENCES = 2 * MAX_FENCE + 2  # the states of the fences of one depth of quotation
# a fence in a quotation d marks deep ("> ```"): _QUOTED_FENCE + (d - 1) * _FENCES, plus 2 * its
# length + 1 for "~"; its code goes on on the lines of as many marks, and a line of fewer ends
# the quotation and the code with it (no line of code is lazy)
_QUOTED_FENCE = _FENCE + _FENCES
# a fence in a list item whose text starts at column c ("- ```", or indented to its text after
# it): _ITEM_FENCE + c * _FENCES, plus 2 * its length + 1 for "~"; its code goes on on the lines
# indented to the item's text and blank lines, and a line left of it ends the item's code
_ITEM_FENCE = _QUOTED_FENCE + QUOTED_DEPTH_MOST * _FENCES
OPENERS_LOOKED_AT = 64
_FAR = 1 << 62

_FENCE_LINE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_INDENTED = re.compile(r" {0,3}\t| {4}")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_ITEM = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK = re.compile(r"\[[ xX]\](?:[ \t]+|$)")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_BACKTICKS = re.compile(r"`+")
_DELIMITERS = re.compile(r"\\.|\*+|_+|~+")
# [text](url "title") and ![alt](url); <https://…> and <a@b.c>; a bare www. or http(s) URL
_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\((<[^<>\n]*>|[^()\s]*)(?:[ \t]+\"[^\"]*\")?[ \t]*\)")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_BARE_URL = re.compile(r"(?<![\w/@])(?:https?://|www\.)[^\s<]*[^\s<.,:;\"')\]*_~?!]")
# an inline HTML tag (<img src="…">, </span>) and an entity (&nbsp;): names, not words
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|&#?[A-Za-z0-9]{1,31};")
# a line that starts with none of these is a paragraph's text (or a list's or quotation's)
_MARKS_FIRST = frozenset(" \t#>-+*=_`~<0123456789")

# a paragraph's lines looked through for a setext underline (the editor's, the outline's: a
# quotation's read back as far for its underline)
SETEXT_LINES = 32


# the state of a line ----------------------------------------------------------------------------
def quoted_item(depth: int, column: int = 2) -> int:
    """The state a quoted list item's line leaves, the item `depth` quotation marks deep, its
    text starting at `column` of its quotation's text."""
    depth = max(1, min(depth, QUOTED_DEPTH_MOST))
    if column != 2:
        column = max(0, min(column, ITEM_COLUMN_MOST))
        return _QUOTED_ITEM_AT + 2 * ((depth - 1) * _COLUMNS + column)
    return QUOTED_ITEM if depth == 1 else _DEEP_ITEM + 2 * (depth - 2)


def _quoted_blank(depth: int, column: int) -> int:
    """The state a blank line of its quotation leaves in the quoted item `quoted_item(depth,
    column)`."""
    depth = max(1, min(depth, QUOTED_DEPTH_MOST))
    return _QUOTED_BLANK + (depth - 1) * _COLUMNS + max(0, min(column, ITEM_COLUMN_MOST))


def quoted_item_depth(state: int) -> int:
    """The quotation marks of the quoted list item whose line (or a blank line of its
    quotation in it) left `state` (0: none)."""
    if state == QUOTED_ITEM:
        return 1
    if state in _QUOTED_BLANKS:
        return (state - _QUOTED_BLANK) // _COLUMNS + 1
    if state not in _QUOTED_ITEMS:
        return 0
    if state >= _QUOTED_ITEM_AT:
        return (state - _QUOTED_ITEM_AT) // 2 // _COLUMNS + 1
    return (state - _DEEP_ITEM) // 2 + 2


def item_state(column: int) -> int:
    """The state a list item's line leaves, its text starting at `column`."""
    return ITEM if column == 2 else _ITEM_AT + 2 * max(0, min(column, ITEM_COLUMN_MOST))


def item_column(state: int) -> int:
    """The column of the text of the list item whose line (or a blank line in it) left
    `state` (0: none); a quoted item's, in its quotation's text."""
    if state in (ITEM, LIST_BLANK):
        return 2
    if state in _LIST_BLANKS:
        return state - _BLANK_AT
    if state in ITEM_STATES:
        return (state - _ITEM_AT) // 2
    if state in _EMPTY_ITEMS:
        return 2 if state == EMPTY_ITEM else state - _EMPTY_AT
    if state in _QUOTED_BLANKS:  # (a quoted item's: its column in its quotation's text)
        return (state - _QUOTED_BLANK) % _COLUMNS
    if state in _QUOTED_ITEMS:
        return (state - _QUOTED_ITEM_AT) // 2 % _COLUMNS if state >= _QUOTED_ITEM_AT else 2
    return 0


def passes_alike(line: str, was: int, now: int) -> bool:
    """Whether `line`, read after `now` where it was read after `was`, has the spans it had
    (`line_spans`, `underlined` as it was) and leaves `now` as it left `was`: both are a list
    item's text, whatever their columns, and the line is text with no mark nor tag ("<"), or
    both are a quoted item's, whatever their depths, and the line is such text after no more
    quotation marks than the lesser depth (or none: a lazy line). A key that changes an item's
    column ("1." to "10.") or a quoted item's depth (a ">" more) changes the state of each line
    of its text, and a long item's lines need not be laid again for it: only their states
    change (a line's underline, which the column changes, is the editor's to compare)."""
    if "<" in line:
        return False
    if was in ITEM_STATES and now in ITEM_STATES:
        body = line.lstrip(" \t")
        return body[:1] != "" and body[0] not in _MARKS_FIRST
    if was in _QUOTED_ITEMS and now in _QUOTED_ITEMS:
        if line[:1] not in _MARKS_FIRST:  # (a lazy line: no marks)
            return line != ""
        marks = _QUOTES.match(line)
        rest = line[marks.end() :]
        return rest[:1] != "" and rest[0] not in _MARKS_FIRST and 0 < marks[0].count(
            ">") <= min(quoted_item_depth(was), quoted_item_depth(now))
    return False


def _list_blank(column: int) -> int:
    """The state a blank line leaves in the list item whose text starts at `column`."""
    return LIST_BLANK if column == 2 else _BLANK_AT + max(0, min(column, ITEM_COLUMN_MOST))


def _item_column(line: str, item: re.Match) -> int:
    """The column of the text of the list item `item` (`_ITEM`'s match of `line`) begins: after
    its marker and one to four spaces (one where there are more: its text is code)."""
    head = line[: item.end()]
    end = len(head.expandtabs(4))  # (a tab: to the next stop of four columns)
    marker = len(head.rstrip(" \t").expandtabs(4))
    return end if end - marker <= 4 else marker + 1


def _item_text(line: str, item: re.Match) -> tuple[int, str]:
    """The column of the text of the list item `item` (`_item_column`) and its text from
    there: where it starts five columns or more after the marker, the spaces past the column
    kept, indented code."""
    column = _item_column(line, item)
    return column, " " * (len(line[: item.end()].expandtabs(4)) - column) + line[item.end() :]


def fence_state(marks: str, depth: int = 0, column: int = 0) -> int:
    """The state of a fenced code block opened with `marks`, in a quotation `depth` deep or in
    a list item whose text starts at `column` (0: none)."""
    own = 2 * min(len(marks), MAX_FENCE) + (marks[0] == "~")
    if column:
        return _ITEM_FENCE + min(column, ITEM_COLUMN_MOST) * _FENCES + own
    if depth:
        return _QUOTED_FENCE + (min(depth, QUOTED_DEPTH_MOST) - 1) * _FENCES + own
    return _FENCE + own


def _fence_of(state: int) -> tuple[int, str]:
    """The quotation's depth (0: none) and the fence of a fence's `state` (`fence_state`)."""
    if state >= _ITEM_FENCE:
        depth, own = 0, (state - _ITEM_FENCE) % _FENCES
    else:
        depth, own = (0, state - _FENCE) if state < _QUOTED_FENCE else divmod(
            state - _QUOTED_FENCE, _FENCES)
        depth += state >= _QUOTED_FENCE
    return depth, ("~" if own % 2 else "`") * (own // 2)


def _fence_column(state: int) -> int:
    """The column of the text of the list item a fence's `state` is in (0: none)."""
    return (state - _ITEM_FENCE) // _FENCES if state >= _ITEM_FENCE else 0


def _after_fence(state: int) -> int:
    """The state after the end of a fence's `state` (its closing fence, a line out of its
    container): in a list item, the item's, which goes on (as after a blank line in it)."""
    column = _fence_column(state)
    return _list_blank(column) if column else NORMAL


def fence_left(line: str, state: int) -> bool:
    """Whether `line`, after a fence's `state`, is out of its code: the fence is in a
    quotation and the line has fewer of its marks, or in a list item and the line is left of
    the item's text, not blank (it is read as after the fence's end, `_after_fence`)."""
    if state >= _ITEM_FENCE:
        return bool(line.strip()) and _indent(line)[1] < _fence_column(state)
    return state >= _QUOTED_FENCE and _unquoted(line, _fence_of(state)[0]) is None


def in_fence(state: int) -> bool:
    return state >= _FENCE


def in_fenced_code(line: str, state: int) -> bool:
    """Whether `line`, after `state`, is a fenced code block's (its code or closing fence):
    not where the fence is a quotation's and the line has fewer marks (`fence_left`)."""
    return state >= _FENCE and not fence_left(line, state)


def fence_opens(line: str) -> str:
    """The fence a line opens a code block with, or "" (`outline` reads them so too)."""
    found = _FENCE_LINE.fullmatch(line)
    if found and not (found[1][0] == "`" and "`" in found[2]):
        return found[1]
    return ""


def fence_closes(line: str, fence: str) -> bool:
    """Whether `line` closes the code block opened with `fence`: a fence of its character, as
    long or longer, with nothing after it."""
    found = _FENCE_LINE.fullmatch(line)
    return bool(
        found
        and found[1][0] == fence[0]
        and not found[2].strip()
        and min(len(found[1]), MAX_FENCE) >= min(len(fence), MAX_FENCE)
    )


def _fence_closes(line: str, state: int) -> bool:
    depth, fence = _fence_of(state)
    if state >= _ITEM_FENCE:  # (from the item's text: up to three spaces more)
        lead, indent = _indent(line)
        line = " " * (indent - _fence_column(state)) + line[lead:]
    return fence_closes(_unquoted(line, depth) or "" if depth else line, fence)


def _first_mark(line: str) -> str:
    """The line's first character after up to three spaces ("" where there are four)."""
    at = 0
    while at < 3 and line[at : at + 1] == " ":
        at += 1
    return line[at : at + 1]


def setext_level(line: str) -> int:
    """1 or 2 where `line` is a setext heading's underline of `=` or `-` (when it comes under a
    paragraph's line, `PARAGRAPH`), else 0."""
    first = _first_mark(line)
    if first in ("=", "-") and _UNDERLINE.fullmatch(line):
        return 1 if first == "=" else 2
    return 0


def under_paragraph(line: str, depth: int = 0, column: int = 0) -> bool | None:
    """What `line`, after a paragraph's line, is to its paragraph: the setext underline that
    makes it a heading (True), no line of it (False), or a line of it (None: read on). `depth`:
    the quotation marks of the paragraph's first line, a quotation's paragraph's (`QUOTED`):
    its underline has as many ("> ===" under "> Title"); a line with more begins a quotation
    in it, and one with fewer goes on with the paragraph as text, an underline too
    (CommonMark's lazy line: "> Title" over "===" is one paragraph, "Title ==="). `column`:
    where the text of the list item the paragraph is in starts (0: none): its underline is
    indented to it, and "===" left of it goes on as lazy text. Both: a quoted item's paragraph
    (`quoted_item`), whose quotation's lines are read in the item, and a lazy line as a
    quotation's."""
    if depth and column:
        marks = _QUOTES.match(line)
        level = min(marks[0].count(">"), QUOTED_DEPTH_MOST)
        if level > depth:
            return False
        if level == depth:
            return under_paragraph(_quoted_text(line, marks.end()), 0, column)
        column = 0
    if column and "<" not in line and line.lstrip(" \t")[:1] not in _MARKS_FIRST:
        return None if line.strip() else False  # (text: the item's, as `passes_alike` reads it)
    if column and _item_underline(line, column):
        return True
    if column and setext_level(line):  # (a break ends it, and so does an empty item, "-",
        # as the line states read it: the list's next item)
        return False if _BREAK.fullmatch(line) or _ITEM.match(line) else None
    if column:  # (read as the line states read it after the item's text; an item begins
        # another paragraph)
        found = _ITEM.match(line)
        if found is not None and line[found.end() :].strip():
            return False
        item = item_state(column)
        return None if line_state(line, item) in (item, _OPENED[item]) else False
    if depth:
        marks, whole = _QUOTES.match(line), line
        level, line = marks[0].count(">"), _quoted_text(line, marks.end())
        if level > depth:
            return False
        if level < depth and line.strip():
            if _lazy_indent(whole) >= 4:
                return None  # (indented four, a lazy line is text whatever it holds: "- w")
            if _lazy_item_ends(whole, depth):
                return False
        if level < depth and setext_level(line):
            return False if _BREAK.fullmatch(line) else None  # (a break ends it)
    if line and line[0] not in _MARKS_FIRST and not line.isspace():  # (most lines of prose)
        return None
    if setext_level(line):
        return True
    return None if line_state(line, PARAGRAPH) in (PARAGRAPH, OPENED) else False


def _lazy_indent(line: str) -> int:
    """The columns a lazy line's text is indented by from where its quotation's text starts
    (`_quoted_text`)."""
    text = _quoted_text(line, _QUOTE_MARKS.match(line).end())
    return len(text) - len(text.lstrip(" "))


def _quoted_text(line: str, end: int) -> str:
    """`line`'s text after its quotation marks (which end at `end`), its indent given as
    spaces, by columns as CommonMark counts them: a tab right after a ">" is one column of
    the mark's space and the rest of it indent (">\t  w" is code, "> \t- w" and ">\t- w" an
    item's marker indented two), a tab in the indent runs to the line's next stop of four."""
    rest = line[end:]
    body = rest.lstrip(" \t")
    lead = len(line) - len(body)
    if "\t" not in line[:lead]:
        return rest
    start = len(line[:end].expandtabs(4))
    if line[end - 2 : end] == ">\t":
        start = len(line[: end - 1].expandtabs(4)) + 1
    return " " * (len(line[:lead].expandtabs(4)) - start) + body


def _lazy_item_ends(line: str, depth: int) -> bool:
    """Whether `line`, after a line of a quotation's paragraph `depth` quotation marks deep,
    ends the paragraph as a lazy line (fewer marks) that begins a list item, any number, empty
    too: the item is out of the quotation, where no paragraph is for it to break into, as the
    line states read it after QUOTED ("> Title" over "9. item" or "-"); its marker indented
    less than four columns (`_lazy_indent`; further, it goes on as text). The setext reading
    (`under_paragraph`) and a comment's (`_goes_on`) read it so."""
    marks = _QUOTES.match(line)
    return (marks[0].count(">") < depth and _lazy_indent(line) < 4
            and _ITEM.match(line[marks.end() :]) is not None)  # fmt: skip


def quoted_paragraph(lines: list[str]) -> tuple[int, bool]:
    """The quotation marks of the first line of the quotation's paragraph that the last of
    `lines` is in (`lines`: the quotation's lines from the first that begins its text, each
    after a line that left `QUOTED`), 0 where that line is in no paragraph (a fenced code
    block in the quotation, which the line states do not know: its "> ---" is code), and
    whether that last line is its setext underline. Each line is read as `under_paragraph`
    reads it after the paragraph's line, so both tell one paragraph: one that ends begins
    another (or a fence, to its closing fence, or an HTML block), and an underline ends its
    paragraph."""
    depth, underline = 0, False
    fence, fenced = "", 0  # (the fence open in the quotation, and its marks)
    for line in lines:
        marks = _QUOTES.match(line)
        level, rest = marks[0].count(">"), _quoted_text(line, marks.end())
        underline = False
        if fence and level >= fenced:
            if fence_closes(rest, fence):
                fence = ""
            continue
        fence = ""  # (a line of fewer marks ends the quotation the fence was in)
        verdict = under_paragraph(line, depth) if depth else False
        if verdict:
            depth, underline = 0, True
        elif verdict is False:
            fence, fenced = fence_opens(rest), level
            # (a line that begins no paragraph: a fence, an HTML block's "<div>")
            depth = level if not fence and line_state(rest, NORMAL) in (PARAGRAPH, OPENED) else 0
    return depth, underline


def comment_ends(after: str | None, state: int) -> bool:
    """Whether the paragraph whose line left a comment open (`state`, one of OPENED_STATES)
    ends before the line `after` it (None: there is none), so the comment is text."""
    return after is None or not _goes_on(after, _OPENED_IN[state])


# the lines of a paragraph read for the "-->" of a comment left open in it (past them, the
# comment is text): a paragraph of thousands of lines is read once an edit, not once a line
COMMENT_LINES_MOST = 100


def comment_closes(lines: Iterable[str], state: int) -> bool:
    """Whether the comment a paragraph's line left open (`state`, one of OPENED_STATES)
    closes in its paragraph, `lines` being the lines after it: CommonMark's comment over
    lines; else it is text (it was read as a comment to its "-->" where the next line went
    on with the paragraph: a "<!--" typed in a paragraph greyed all the text after it)."""
    return _closes_in(lines, _OPENED_IN[state])


def read_line(line: str, state: int, lines_after: Iterable[str]) -> tuple[list[Span], int]:
    """`line`'s spans after `state` and the state it leaves, as the editor lays them: a
    comment it leaves open in its paragraph read as one or as text by the lines after it
    (`comment_closes`; the text's lines after `line`, read only then)."""
    spans, after = line_spans(line, state)
    if after in _OPENED_IN and not comment_closes(lines_after, after):
        return line_spans(line, state, single=True)
    return spans, after


# the states in which a line may hold a comment without "<!--" in it: one opened above
IN_COMMENT = frozenset({COMMENT}) | OPENED_STATES


def line_comments(line: str, state: int, lines_after: Iterable[str]) -> tuple[
        list[tuple[int, int]], int]:  # fmt: skip
    """Where the HTML comments of `line` are (Python indices, their marks too), coming after
    `state`, and the state it leaves, as the editor lays them (`read_line`; `lines_after`, the
    text's lines after it, read only where a comment is left open): the one rule of the
    counts, the editor's and the project's. A line without "<!--" out of a comment is read for
    its state alone (`line_state`)."""
    if state not in IN_COMMENT and "<!--" not in line:
        return [], line_state(line, state)
    spans, after = read_line(line, state, lines_after)
    return sorted((s.start, s.end) for s in spans if s.kind == Kind.COMMENT), after


def _closes_in(lines: Iterable[str], inside: int) -> bool:
    """Whether one of `lines` has a "-->" before the paragraph that left `inside` ends (a
    blank line, or a line that begins another block: a heading, a fence, a list's item, a
    quotation, a thematic break, an HTML block, a setext underline)."""
    for n, line in enumerate(lines):
        if n >= COMMENT_LINES_MOST or not _goes_on(line, inside):
            return False
        if "-->" in line:
            return True
    return False


def _entered(line: str, state: int) -> tuple[int, int]:
    """How the three readers (`line_state`, `line_spans`, `outline`) enter `line` after
    `state`: the state to read it after, and the state a comment closing on it leaves. After
    one of OPENED_STATES, COMMENT where `line` goes on with the paragraph whose comment is open
    (which goes on after the "-->" where it was a paragraph's own), else the paragraph's state
    (the comment was text); after a quotation's fence, NORMAL where `line` has fewer of its
    marks (`fence_left`: out of the quotation, out of its code)."""
    if state >= _FENCE:  # (in_fence: a call less for each line)
        return (_after_fence(state) if fence_left(line, state) else state), NORMAL
    inside = _OPENED_IN.get(state)
    if inside is None:
        return state, NORMAL
    if _goes_on(line, inside):
        return COMMENT, PARAGRAPH if state == OPENED else NORMAL
    return inside, NORMAL


def in_indented_code(line: str, state: int) -> bool:
    """Whether `line`, after `state`, is a line of indented code."""
    return (state == NORMAL or state in _QUOTED_EMPTIES) and _INDENTED.match(
        line) is not None and not line.isspace()


# what a line is, outside a fence and a comment (`_block`)
_BLANK, _CODE, _FENCE_OPENS, _UNDERLINED, _THEMATIC, _TEXT = range(6)


def _block(line: str, state: int) -> tuple[int, int]:
    """What `line` is, after `state` (not a fence's nor COMMENT), and the state it leaves (for
    _TEXT, before the comments it may open)."""
    if state == RAW_HTML:
        return _TEXT, NORMAL if _RAW_ENDS.search(line) else RAW_HTML
    if state in _QUOTED_EMPTIES:  # (after "> -": a line of the quotation indented under it
        # is the item's text, another is read as after NORMAL)
        depth = state - _QUOTED_EMPTY + 1
        rest = _unquoted(line, depth)
        if rest is not None and rest[:2] == "  " and rest.strip():
            return _TEXT, quoted_item(depth)
        state = NORMAL
    if state in _QUOTED_ITEMS or state in _QUOTED_BLANKS:
        read = _in_quoted_item(line, state)
        if read is not None:
            return read
        if state in _QUOTED_BLANKS:  # (the list has ended: read as after a blank line)
            state = NORMAL
    if not line or line.isspace():  # (an item may begin with one blank line, not two)
        if state in ITEM_STATES or state in _LIST_BLANKS:
            return _BLANK, _list_blank(item_column(state))
        return _BLANK, NORMAL
    if state == HTML:
        return _TEXT, HTML
    if line[0] not in _MARKS_FIRST:  # (most lines of prose)
        return _TEXT, state if state in _TEXT_STATES else PARAGRAPH
    if in_indented_code(line, state):
        return _CODE, NORMAL
    first = _first_mark(line)
    if first in ("`", "~"):
        marks = fence_opens(line)
        if marks:  # (indented to a list item's text: the item's)
            column = item_column(state) if state in ITEM_STATES or state in _LIST_BLANKS else 0
            return _FENCE_OPENS, fence_state(marks, column=column * (
                _indent(line)[1] >= column))
    elif state == PARAGRAPH and setext_level(line):
        return _UNDERLINED, NORMAL
    elif first in ("", " ", "\t", "=", "-") and state in ITEM_STATES and _item_underline(
            line, item_column(state)):
        return _UNDERLINED, _list_blank(item_column(state))  # (the item goes on, its
        # paragraph ended)
    if (state in ITEM_STATES or state in _LIST_BLANKS) and line[0] in " \t":
        lead, indent = _indent(line)  # (a break indented into the item is its: the item goes
        # on after it, "- W", "  ---" and "    W" is a list of one item, no code)
        column = item_column(state)
        if column <= indent <= column + 3 and _BREAK.fullmatch(line, lead):
            return _THEMATIC, _list_blank(column)
    if first in ("-", "*", "_") and _BREAK.fullmatch(line):
        return _THEMATIC, NORMAL
    after = _text_state(line, state, first)
    # (a fence in a quotation, "> ```": its info string is no text, a "<!--" in it no comment)
    return (_FENCE_OPENS if after >= _FENCE else _TEXT), after


_ITEM_FIRST = frozenset("-+*0123456789")  # (an item's marker begins so)


def _in_quoted_item(line: str, state: int) -> tuple[int, int] | None:
    """What `line` is and the state it leaves after a quoted list item's `state` (its text's,
    or a blank line's of its quotation in it), where the line has as many quotation marks as
    the item and is read in it: its text after them read by the list item's rule (`_block`
    after the item's state, its column kept), a blank line, the item's text or its second
    paragraph's (indented to it after a blank line), an item in it, its underline, a heading
    or a quotation in it; None where it is not (fewer marks: a lazy line or the quotation's
    end; more: a quotation; a line left of the item's text after a blank line: the list has
    ended)."""
    marks = _QUOTES.match(line)
    depth = quoted_item_depth(state)
    if min(marks[0].count(">"), QUOTED_DEPTH_MOST) != depth:
        return None
    column = item_column(state)
    inside = item_state(column) if state in _QUOTED_ITEMS else _list_blank(column)
    kind, after = _block(_quoted_text(line, marks.end()), inside)
    if after in ITEM_STATES:
        return kind, quoted_item(depth, item_column(after))
    if after in _LIST_BLANKS:
        return kind, _quoted_blank(depth, item_column(after))
    return None


def _indent(line: str) -> tuple[int, int]:
    """Where `line`'s text starts after its spaces and tabs, and its column there (a tab to
    the next stop of four, as `_item_column` counts them)."""
    lead = len(line) - len(line.lstrip(" \t"))
    return lead, len(line[:lead].expandtabs(4))


def _item_underline(line: str, column: int) -> bool:
    """Whether `line` is a setext underline in the list item whose text starts at `column`:
    indented to its text (less and it is no line of the item: "===" goes on as lazy text),
    by columns (`_indent`)."""
    lead, width = _indent(line)
    return column <= width <= column + 3 and _UNDERLINE.fullmatch(line, lead) is not None


def _text_state(line: str, state: int, first: str) -> int:
    """The state a line of text leaves (before the comments it may open); `first`: its first
    mark (`_first_mark`)."""
    if (state in ITEM_STATES or state in _LIST_BLANKS or state in _EMPTY_ITEMS) and line[
            0] in " \t":
        body = line.lstrip(" \t")[:1]
        if state in ITEM_STATES and body not in _ITEM_FIRST and body not in (">", "#"):
            return state  # (an item's text indented under it, at a glance: no item, quotation
            # nor heading in it)
        if state in ITEM_STATES or line[:2] == "  " or "\t" in line[:2]:
            item = _ITEM.match(line) if body in _ITEM_FIRST else None
            if item is not None and line[item.end() :].strip() and not _BREAK.fullmatch(line):
                return item_state(_item_column(line, item))  # (an item in the item)
            column = item_column(state)
            lead, indent = _indent(line)
            if (line[lead] == ">" or _HEADING.match(line, lead)) and (
                    indent <= column + 3 if indent >= column else indent <= 3):
                # (a quotation or a heading in the item is no paragraph of it: the item goes
                # on after it, and no line under it is its underline; left of the item's
                # text, it ends the list; indented four more, it is text)
                if indent >= column:
                    return _list_blank(column)
                return _text_state(line, NORMAL, first)
            if state in ITEM_STATES:
                return state  # an item's text, indented under it
            if indent < column < 4:
                # (left of the item's text after a blank line, and of any outer item's: an
                # item in an item has its marker and a space right of the outer one's text,
                # which is at column 2 at least; the list has ended, "1. a" over "  b" is a
                # list and a paragraph)
                return _text_state(line, NORMAL, first)
            # (after a blank line, the item's column, or where the line starts where that is
            # left of it: an outer item's text, whose column the states do not keep)
            return item_state(min(indent, column))
        # (one space after a blank line or an empty item: no item's text begins so far
        # left, its marker and a space before it; the list has ended)
        state = NORMAL
    if first == ">":
        marks = _QUOTES.match(line)
        rest = _quoted_text(line, marks.end())
        opens = fence_opens(rest) if "`" in rest or "~" in rest else ""
        if opens:  # (a fence in the quotation: its lines are code to its closing fence)
            return fence_state(opens, marks[0].count(">"))
        code = _INDENTED.match(rest) is not None and not rest.isspace()
        item = _ITEM.match(rest) if not code else None
        if item is not None and not rest[item.end() :].strip():  # (an empty item: "> -")
            return _QUOTED_EMPTY + min(marks[0].count(">"), QUOTED_DEPTH_MOST) - 1
        if not _quotes_paragraph(line):
            number = rest[: item.end()].strip()[:-1] if item is not None else ""
            if state == QUOTED and (code or number.isdigit() and int(number) != 1):
                return QUOTED  # (an item numbered but 1 breaks in no paragraph: "> 9. >" or
                # "> 2. # h" under "> W" is its text, though such an item would hold none;
                # nor does code: ">     - w" under "> > W" is its lazy text)
            return NORMAL
        # (a quoted item's text goes on on the quotation's lines after it, indented under it
        # or as a lazy line, one of as many marks as the item's or fewer; a line of more
        # begins a quotation, in the item or beside it, its spaces after the marks whatever)
        level, depth = marks[0].count(">"), quoted_item_depth(state)
        if item is not None:
            return quoted_item(level, _item_column(rest, item))
        on = depth and level <= depth
        return state if on else QUOTED
    if first and first in "-+*0123456789":
        item = _ITEM.match(line)
        if item:  # (an item with no text yet ends at a blank line: CommonMark's empty item)
            number = line[: item.end()].strip()[:-1]
            if state == PARAGRAPH and (not line[item.end() :].strip() or number.isdigit()
                                       and int(number) != 1):  # fmt: skip
                return PARAGRAPH  # (an empty item, a number but 1: they break in no paragraph)
            if not line[item.end() :].strip():  # (its text would start a space after it)
                column = len(line[: item.end()].rstrip(" \t").expandtabs(4)) + 1
                return EMPTY_ITEM if column == 2 else _EMPTY_AT + min(column, ITEM_COLUMN_MOST)
            # (a heading, a thematic break, an empty item or quotation in the item is no
            # paragraph: the item goes on after it, and no line under it is its underline nor
            # lazy text, "1. ----" over "   ---", "1. 9." over "W")
            # (read as a quotation's line is, `_holds_paragraph`: code in a quotation in it
            # too, "1. >     x")
            column, rest = _item_text(line, item)  # ("-      W": code, no paragraph)
            opens = fence_opens(rest) if "`" in rest or "~" in rest else ""
            if opens:  # (a fence in the item: its lines indented to its text are code)
                return fence_state(opens, column=column)
            rest = rest[_CONTAINER_MARKS.match(rest).end() :]  # (in items, quotations in it)
            return item_state(column) if _holds_paragraph(rest) else _list_blank(column)
    if first == "#" and _HEADING.match(line) or first == "<" and "<!--" in line[:7]:
        return NORMAL  # an ATX heading, an HTML block: no paragraph goes on after it
    if first == "<" and (opens := _RAW_OPENS.match(line)):  # (it ends a quotation, a list)
        return NORMAL if _RAW_ENDS.search(line, opens.end()) else RAW_HTML
    if (
        first == "<"
        and state in (NORMAL, PARAGRAPH)
        and line.lstrip(" ").startswith("<")
        and len(line) - len(line.lstrip(" ")) < 4
        and _html_block_opens(line, state) == _TAGS_BLOCK
    ):
        return HTML
    return state if state in _TEXT_STATES else PARAGRAPH


def _raw_line(line: str, state: int, after: int) -> bool:
    """Whether `line`, a line of text after `state` that leaves `after` (`_block`), is a line
    of an HTML block of CommonMark's kind 1 (`<pre>`, `<script>`, `<style>`, `<textarea>`):
    in one (RAW_HTML), or its first, which may hold its end tag too."""
    return RAW_HTML in (state, after) or (
        state != HTML and line[:1] in ("<", " ") and _RAW_OPENS.match(line) is not None
    )


def _quotes_paragraph(line: str) -> bool:
    """Whether the quotation's line `line` holds a paragraph's text (an item's too), which a
    line after it without the marks may go on with (CommonMark's lazy line). An empty one, a
    heading, a thematic break, an empty item or code in it holds none: an indented line
    after it is code, as after a blank line. (A tag, a comment or a fence in it: as any text.)"""
    return _holds_paragraph(_quoted_text(line, _QUOTES.match(line).end()))


def _holds_paragraph(rest: str) -> bool:
    """Whether `rest`, a line's text after its quotation's marks (`_quotes_paragraph`) or its
    list item's and those in the item (`_text_state`), holds a paragraph's text: one rule for
    both containers (empty, a heading, a thematic break, an empty item or code: none)."""
    if not rest.strip() or not rest.replace(">", "").strip():
        return False
    if "<" in rest:
        return True
    kind, after = _block(rest, NORMAL)
    return kind not in (_CODE, _THEMATIC) and after != NORMAL and after not in _EMPTY_ITEMS and (
        after not in _LIST_BLANKS)  # (an item holding no paragraph: "> 1. # h", "> - >")


def _comments(
    line: str, start: int, code: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], bool]:
    """The HTML comments of `line` from `start` (outside a comment) and outside `code` (its code
    spans), their marks too, and whether the last is left open (it runs to the line's end)."""
    found: list[tuple[int, int]] = []
    at = start
    while True:
        begin = line.find("<!--", at)
        if begin < 0:
            return found, False
        inside = _containing(code, begin)
        if inside is not None:
            at = inside[1]
            continue
        end = line.find("-->", begin + 2)  # ("<!-->" and "<!--->" end at once: CommonMark)
        if end < 0:
            found.append((begin, len(line)))
            return found, True
        found.append((begin, end + 3))
        at = end + 3


def single_line(line: str) -> bool:
    """Whether `line` is an ATX heading's (in a quotation or a list too) or reads as a table's
    row (it starts with "|"): its text is the line, and a comment opened in it that does not
    close on it is text, as CommonMark reads a heading (GFM a row's cells), not a comment over
    the lines after it. Read alone, a line is taken for a row by its "|"s, a first and another
    (the highlighting and `outline` know no table; `mended`, which reads the delimiter row,
    knows a row without them)."""
    body = line[_CONTAINER_MARKS.match(line).end() :]
    if _HEADING.match(body) is not None:
        return True
    # (a row has a second "|": "| aside <!-- a spoiler" over lines is a paragraph's comment,
    # which the preview hides and the notes keep from the model)
    return body.lstrip(" \t").startswith("|") and body.count("|") >= 2


def state_after(lines: list[str] | str, state: int = NORMAL) -> int:
    """The state after `lines` (a list, or text with one line a line), read with the rules of
    `line_spans` but without its spans."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    for line in lines:
        state = line_state(line, state)
    return state


def line_state(line: str, state: int) -> int:
    """The state `line` leaves, coming after `state` (as `line_spans` gives it)."""
    # (a paragraph's comment closed on the line: the paragraph goes on; a container's line
    # that opens one may be an HTML block's, which the state does not tell)
    state, inside = _entered(line, state)
    if state >= _FENCE:  # (in_fence: a call less for each line)
        return _after_fence(state) if _fence_closes(line, state) else state
    start, after = 0, NORMAL
    if state == COMMENT:
        end = line.find("-->")
        if end < 0:
            return COMMENT
        start, after = end + 3, inside
    else:
        kind, after = _block(line, state)
        if kind != _TEXT or _raw_line(line, state, after):
            return after
    if line.find("<!--", start) < 0:
        return after
    if not _comments(line, start, _code_spans(line, start))[1]:
        return after
    if state == COMMENT:
        return COMMENT
    return after if single_line(line) else _OPENED.get(after, COMMENT)


# a line's break between Chinese or Japanese characters: no space (the preview's, the export's)
_EAST_ASIAN = re.compile(
    r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


_PARAGRAPH_TEXT = frozenset((PARAGRAPH, *_TEXT_STATES))


def continues_paragraph(line: str, state: int) -> bool:
    """Whether `line`, read after `state`, goes on with the paragraph (an item's or a
    quotation's too) of the line before: a single line break does not end a paragraph in
    Markdown, so it is no new one (the counts' paragraphs, `words.paragraphs_in`); "===" left
    of an item's text or without a quotation's marks goes on too, as its lazy text."""
    if state not in _PARAGRAPH_TEXT:
        return False
    if line[:1] not in _MARKS_FIRST and not line[:1].isspace() and state not in _QUOTED_STATES:
        return True  # (most lines of prose: text, as `_goes_on` reads it, at a glance)
    if _goes_on(line, state):
        return True
    body = line[_QUOTES.match(line).end() :] if state in _QUOTED_STATES else line
    return setext_level(body) == 1 and not underlines(line, state)


def underlines(line: str, state: int) -> bool:
    """Whether `line`, after a paragraph's line (an item's, a quotation's) that left `state`,
    is its setext underline, which makes the paragraph a heading and ends it (the counts': a
    heading so written counted two paragraphs): under a paragraph, an item's underline
    indented to its text, a quotation's with its marks. "---" left of an item's text or
    without the quotation's marks is a thematic break, "===" there lazy text (CommonMark's)."""
    if state not in _PARAGRAPH_TEXT:
        return False
    body = line[_QUOTES.match(line).end() :] if state in _QUOTED_STATES else line
    if not setext_level(body):
        return False
    if state == PARAGRAPH:
        return True
    if state in ITEM_STATES:
        return _item_underline(line, item_column(state))
    return state == QUOTED and ">" in line[: len(line) - len(body)]


def no_table(state: int, line: str) -> bool:
    """Whether `line`, read after `state`, is in code, a comment or an HTML block, where no
    table is (`table_lines`, the paragraphs counted); a line of fewer marks than a
    quotation's fence is out of its code (`in_fenced_code`)."""
    return in_fenced_code(line, state) or state in (COMMENT, HTML, RAW_HTML)


def table_lines(lines: list[str]) -> tuple[set[int], list[int]]:
    """Which of `lines` are a table's (its header, its delimiter row and its rows, to a blank
    line: GFM's rule, as the editor's keys read it, writer/documents/tables.py), outside code,
    comments and HTML blocks; and the tables' headers that come right under a paragraph's line
    (GitHub's renderer ends the paragraph there and shows the table; Qt's reader showed the
    header and the rows as the paragraph's text)."""
    found: set[int] = set()
    under: list[int] = []
    state = NORMAL
    reads: list[int] = []  # the state each line is read after
    row = False  # the line before is a table's
    contained = _ContainedComments()
    for i, line in enumerate(lines):
        before, state = contained.line_state(line, state)
        reads.append(before)
        if row and tables.is_row(line):
            found.add(i)
            continue
        row = False
        if i == 0 or no_table(before, line):
            continue
        header = lines[i - 1]
        aligns = tables.delimiter_aligns(line)
        if (aligns is None or "|" not in line + header or not tables.is_row(header)
                or len(header) - len(header.lstrip(" ")) > 3
                or len(tables.cells(header)) != len(aligns)
                or no_table(reads[i - 1], header)):
            continue  # fmt: skip
        found.update((i - 1, i))
        row = True
        if i > 1 and reads[i - 1] == PARAGRAPH and i - 2 not in found:
            under.append(i - 1)
    return found, under


def tables_apart(text: str) -> str:
    """`text` with a blank line before each table that comes right under a paragraph's line
    ("Cast:" over the header): GitHub's renderer shows it as a table, and Qt's reader (the
    preview's, every export's) as the paragraph's text (`table_lines`)."""
    if "|" not in text or "-" not in text:
        return text
    lines = text.split("\n")
    _found, under = table_lines(lines)
    for i in reversed(under):
        lines.insert(i, "")
    return "\n".join(lines)


def html_apart(text: str) -> str:
    """`text` (as `mended` gives it) with an empty quotation (">", in a quotation "> >") before
    each HTML block that does not open the text, but one on a list item's marker line: Qt's
    reader (the preview's, every export's) puts an HTML block's text into the block before it
    ("Cast:" and a `<div>` under it ran into one line, as did a heading and the `<details>`
    after it, blank line or not), where GitHub shows it as a block of its own (a `<div>` or
    `<details>` breaks into a paragraph; a tag of another name alone on its line does only
    after a blank line, CommonMark's kinds 6 and 7). Where a quotation ends Qt's reader
    begins a block, and an empty one shows nothing. A `<pre>` (and a `<textarea>`, given as
    one: Qt's HTML reader ran its lines together) gets an empty first line instead, which goes
    into the block before: its own first line went there, out of the `<pre>` (wrapped)."""
    if "<" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    state = NORMAL  # the line's, and `inner` in the quotation `depth` (its text's own)
    inner, depth = NORMAL, 0
    raw = -1  # the depth of the HTML block the line is in (up to a blank line), else -1
    to_end_tag = False  # that block is of kind 1 (`<pre>`): to its end tag, blank lines too
    textarea = False  # that block is a textarea's, given as a <pre>
    rows: set[int] | None = None  # a table's lines (`table_lines`), read where one may end
    last = -1  # the last line with text
    fenced = contained_fences(lines) if "``" in text or "~~" in text else ()
    for i, line in enumerate(lines):
        marks = _QUOTE_MARKS.match(line)[0]
        body = line[len(marks) :]
        level = marks.count(">")
        if level != depth:
            inner, depth = NORMAL, level
        here = inner if level else state
        if i in fenced and raw < 0:  # (code in a quotation or an item: no HTML block)
            out.append(line)
            last = i if line.strip() else last
            state = line_state(line.replace("<", " "), state)
            inner = line_state(body.replace("<", " "), inner) if level else NORMAL
            continue
        if raw >= 0:  # (its lines are HTML, "> y" too, to a blank line or a quotation's end)
            rest = _unquoted(line, raw)
            if rest is None or not rest.strip() and not (to_end_tag and raw == 0):
                raw = -1
        kind = 0
        if raw < 0 and "<" in body and not in_fenced_code(line, here) and \
                not in_fenced_code(line, state) and state not in (COMMENT, RAW_HTML):  # fmt: skip
            kind = _html_block_opens(body, here)
        block = kind in (_TAGS_BLOCK, _RAW_BLOCK)
        # (a tag of another name goes on with a paragraph's text, a list item's; kind 1 not)
        opens = block and _CONTAINER_MARKS.match(body).end() == 0 and (
            here == NORMAL or here in _QUOTED_EMPTIES or kind == _RAW_BLOCK
            or _BLOCK_TAG.match(body)[1].lower() in _BLOCK_NAMES)
        if state == COMMENT and "-->" in line and raw < 0:  # (HTML after it, as `mended` has it)
            raw = 0 if _html_block_opens(line[line.index("-->") + 3 :], NORMAL) else -1
        if opens and i > 0 and "|" in lines[last]:
            rows = table_lines(lines)[0] if rows is None else rows
            opens = last not in rows  # (after a table Qt's reader begins a block)
        # (a <pre>'s, a textarea's start tag and where it ends on its line, else None)
        kept = _KEPT_OPENS.match(body, _CONTAINER_MARKS.match(body).end()) \
            if kind == _RAW_BLOCK else None  # (on a list item's marker line too)
        tag = body.find(">", kept.end()) + 1 if kept is not None else 0
        if opens and i > 0 and not tag:
            out.append(marks + body[: len(body) - len(body.lstrip(" "))] + ">")
        if block:
            raw, to_end_tag = level, kind == _RAW_BLOCK
            textarea = bool(tag) and kept[1].lower() == "textarea"
        shown = line
        if textarea:  # (as a <pre>: Qt's HTML reader ran a textarea's lines together)
            shown = _TEXTAREA.sub(r"<\1pre", line)
        if raw >= 0 and to_end_tag and raw_block_ends(line, block):
            raw, textarea = -1, False  # (after this line)
        if line.strip():
            last = i
        if opens and i > 0 and tag:
            # Qt's reader puts a <pre>'s first line into the block before it, whose format it
            # keeps (the line wrapped, out of the <pre>): an empty first line goes there
            # instead (HTML drops the line break right after "<pre>"), the line after it is
            # the <pre>'s own
            at = len(marks) + tag - (len("textarea") - len("pre")) * textarea
            out += [shown[:at], marks.rstrip(" \t")]
            shown = marks + shown[at:] if shown[at:].strip() else None
        if shown is not None:
            out.append(shown)
        state = line_state(line, state)
        inner = line_state(body, inner) if level else NORMAL
    return "\n".join(out)


_QUOTE_MARKS = re.compile(r"(?: {0,3}>[ \t]?)*")
# a <pre>'s or a textarea's start tag (`html_apart` keeps their lines), and a textarea's tags
_KEPT_OPENS = re.compile(r" {0,3}<(pre|textarea)(?=[ \t>]|$)", re.IGNORECASE)
_TEXTAREA = re.compile(r"<(/?)textarea(?=[ \t>])", re.IGNORECASE)
_QUOTE_MARK = re.compile(r" {0,3}>[ \t]?")


def _unquoted(line: str, levels: int) -> str | None:
    """`line` without its first `levels` quotation marks; None where it has fewer."""
    for _level in range(levels):
        found = _QUOTE_MARK.match(line)
        if found is None:
            return None
        line = line[found.end() :]
    return line


# a fence after a quotation's mark, a list's marker or an indent (a fence in a container)
_CONTAINED_FENCE = re.compile(
    r"^(?:[ \t]*>|[ \t]+|[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+)[ \t>]*(?:[-+*]|\d{1,9}[.)])?"
    r"[ \t]*(?:`{3}|~{3})", re.MULTILINE)


def contained_fences(lines: list[str]) -> set[int]:
    """Which of `lines` are a fenced code block's (its fences too) in a quotation or a list
    item, which the state of a line (`line_state`) does not follow there: a line of HTML in
    one is code, not an HTML block (`mended`, `html_apart`: "> ```" over "> <div>" showed
    "```</div>" in the preview)."""
    found: set[int] = set()
    if _CONTAINED_FENCE.search("\n".join(lines)) is None:
        return found  # (no fence in a container: most texts, read at a glance)
    fence = ""  # the fence open in a container
    level = column = 0  # its quotation's depth, and its item's text's column
    item = 0  # the column of the text of the list item the lines are in (0: none)
    for i, line in enumerate(lines):
        if fence:
            rest = _unquoted(line, level)
            indent = len(rest) - len(rest.lstrip(" ")) if rest is not None else 0
            if rest is not None and (not rest.strip() or indent >= column):
                found.add(i)
                if fence_closes(rest[column:], fence):
                    fence = ""
                continue
            fence = ""
        quote = _QUOTE_MARKS.match(line)
        depth, rest = quote[0].count(">"), line[quote.end() :]
        marker = _ITEM.match(rest)
        if marker is not None and marker.end() < len(rest):
            item = marker.end()
        elif rest.strip() and len(rest) - len(rest.lstrip(" ")) < max(item, 1):
            item = 0  # (a line not indented under the item ends it)
        at = item if item and rest[:item].isspace() or marker is not None else 0
        opens = fence_opens(rest[at:]) if "`" in rest or "~" in rest else ""
        if opens and (depth or at):
            fence, level, column = opens, depth, at
            found.add(i)
    return found


def east_asian_breaks(text: str) -> str:
    """`text` with the line breaks inside a paragraph that fall between two Chinese or Japanese
    characters taken out: Markdown reads such a break as a space, and a Chinese paragraph
    broken over two lines showed "去灯塔。 未保存" in the preview and the PDF (pandoc's
    east_asian_line_breaks). A list item's or a quotation's paragraph (a footnote's too, which
    the notes' list holds) is joined the same way, the next line's indent or "> " going with the
    break. Only a paragraph's own lines are joined: not code, a comment, a hard break (two
    spaces, a backslash), a heading, nor a line that starts a block of its own."""
    if "\n" not in text or _EAST_ASIAN.search(text) is None:
        return text
    lines = text.split("\n")
    # (a table's rows are lines of their own: "小明 | 学徒" and "小红 | 学生" were one row)
    rows = table_lines(lines)[0] if "|" in text else set()
    out: list[str] = []
    state = NORMAL
    cut = 0  # what goes of the line before its text: the indent or "> " a joined break takes
    column, code = 0, False  # where the list item's text starts; its paragraph is code
    # (the lines of a fence's code and of a <pre>'s block in a quotation or a list item, which
    # the line states do not follow there: kept as written, "中文一" and "中文二" ran together)
    fenced = contained_fences(lines) if "``" in text or "~~" in text else ()
    within: tuple[re.Pattern | None, int] | None = None  # the container of a <pre> open
    for i, line in enumerate(lines):
        before, state = state, line_state(line, state)
        if state in ITEM_STATES:
            marker = _ITEM.match(line)
            if marker is not None:
                column, code = marker.end(), False
            elif before in _LIST_BLANKS:  # (a block in the item: indented four more, code)
                code = len(line) - len(line.lstrip(" ")) >= column + 4
        held = i in fenced
        if within is not None and not _left(line, within):
            held = True
            within = None if _RAW_ENDS.search(line) else within
        elif "<" in line:
            within, inner = None, _contained(line)
            opens = _RAW_OPENS.match(inner)
            inside = _container(line, before) if opens is not None else None
            if inside is not None:
                held = True
                if _RAW_ENDS.search(inner, opens.end()) is None:
                    within = (inside, _QUOTE_MARKS.match(line)[0].count(">"))
        else:
            within = None
        out.append(line[cut:])
        cut = 0
        if i + 1 == len(lines):
            break
        after = lines[i + 1]
        if line and after and _EAST_ASIAN.match(line[-1]) and i + 1 not in rows and not held:
            if state == PARAGRAPH and _EAST_ASIAN.match(after[0]):
                continue
            texts = state in _QUOTED_STATES or state in ITEM_STATES and not code
            if texts and not _HEADING.match(_contained(line)):
                start = _continuing(after, state, _QUOTES.match(line)[0].count(">"))
                if start is not None:
                    cut = start
                    continue
        out.append("\n")
    return "".join(out)


def _contained(line: str) -> str:
    """A list item's or a quotation's line without its markers and indent (a heading's "#"
    then shows)."""
    while True:
        found = _QUOTE.match(line) or _ITEM.match(line)
        if found is None or not found.end():
            return line.lstrip(" \t")
        line = line[found.end() :]


def _continuing(after: str, state: int, marks: int = 1) -> int | None:
    """Where the text starts in `after`, the line after a list item's or a quotation's line
    (`state`, its quotation `marks` deep), if it goes on with that paragraph from a Chinese or
    Japanese character; None where it does not (a block of its own, another item, a quotation
    in the quotation, Latin text)."""
    if _ITEM.match(after):
        return None
    if state in _QUOTED_STATES:  # (every mark of a quotation in a quotation: "> > 中文")
        quotes = _QUOTES.match(after)
        rest = after[quotes.end() :]
        if quotes[0].count(">") > marks or _ITEM.match(rest):
            return None
        start = len(after) - len(rest.lstrip(" \t"))
    else:
        start = len(after) - len(after.lstrip(" \t"))
    if start < len(after) and _EAST_ASIAN.match(after[start]):
        return start
    return None


def for_qt(text: str, notes: dict[str, int] | None = None, last: bool = True,
           apart: list[str] | None = None,
           words: dict[str, list[str]] | None = None,
           listed: ListedNotes | None = None) -> str:  # fmt: skip
    """Markdown as Qt's reader is given it, for the preview and the export: the breaks between
    Chinese or Japanese lines taken out (`east_asian_breaks`), an HTML block set apart from
    the block above it (`html_apart`), hard breaks kept within their
    paragraph (`hard_breaks`), what Qt's reader misreads mended (`mended`), footnotes as
    numbers and notes at the end (`footnotes`), the front matter as Writer reads it
    (`front_matter_for_qt`). A part of a longer document (the preview's) numbers its notes'
    marks by the whole's (`notes`, `note_numbers`), and lists its notes only if it is the
    `last` part, its marks showing the whole's notes' `words` (`note_words`). With `apart`,
    the notes the text calls are added to it instead, for a word processor's own footnotes
    (see `footnotes`), the notes it lists numbered from `listed` where it is a manuscript's
    chapter. An empty first line (the preview's part of a longer document begins at a blank
    line) is given a space: after one, Qt's reader read a list item's paragraph after two
    blank lines, indented one past the item's text ("-  x", then "    <b>y</b> z"), as
    code, its tags and a note's mark (`<sup …>`) shown as text; after " " it reads it as
    the item's paragraph, as CommonMark does and as it does without the empty line."""
    shown = hard_breaks(east_asian_breaks(html_apart(mended(linked_pictures(
        footnotes(tables_apart(front_matter_for_qt(text)), notes, last, apart, words,
                  listed))))))  # fmt: skip
    return " " + shown if shown.startswith("\n") else shown


_DESTINATION = r"(<[^<>\n]*>|[^()\s]*)(?:[ \t]+\"([^\"]*)\")?[ \t]*\)"
_PICTURE = re.compile(r"!\[([^\[\]]*)\]\(" + _DESTINATION)
_PICTURE_ANY = r"!\[[^\[\]]*\]\((?:<[^<>\n]*>|[^()\s]*)(?:[ \t]+\"[^\"]*\")?[ \t]*\)"
# a link whose words hold a picture: `[![words](picture.png)](address)`
_LINKED_PICTURE = re.compile(
    r"(?<!!)\[((?:[^\[\]]|" + _PICTURE_ANY + r")*)\]\(" + _DESTINATION
)
_BACKSLASHED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _attribute(text: str) -> str:
    """Markdown's text of a link's address, title or a picture's words as an HTML attribute's
    value: backslash escapes and entities read as CommonMark reads them, then written as HTML."""
    text = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    return html.escape(html.unescape(_BACKSLASHED.sub(r"\1", text)), quote=True)


def linked_pictures(text: str) -> str:
    """`text` with each picture inside a link (`[![words](picture.png)](address)`, a badge, a
    cover that leads to the book's page) written as HTML, `<a href="address"><img …/></a>`:
    Qt's Markdown reader drops the link around a picture (the preview's picture led nowhere,
    and every export lost the link). Words in the link beside the picture stay a Markdown
    link to the same address. Outside code, comments and HTML blocks."""
    if "![" not in text or "](" not in text:
        return text
    lines = text.split("\n")
    state = NORMAL
    raw = False  # in an HTML block (up to a blank line)
    contained = _ContainedComments()
    for i, line in enumerate(lines):
        read = contained.before(line, state)
        raw, state = raw and read == state, read  # (a comment's block ends with its container)
        raw = raw or (not in_fenced_code(line, state) and _html_block_opens(line, state) > 0)
        if raw or "![" not in line or "](" not in line:
            raw = raw and bool(line.strip())
            before, state = state, line_state(line, state)
            contained.after(line, before, state)
            continue
        spans, after = line_spans(line, state, single=False)
        contained.after(line, state, after)
        shielded = [(s.start, s.end) for s in spans
                    if s.kind in (Kind.CODE, Kind.COMMENT, Kind.CODE_BLOCK)]  # fmt: skip
        edits: list[tuple[int, int, str]] = []
        for found in _LINKED_PICTURE.finditer(line):
            if (_containing(shielded, found.start()) is not None
                    or _escaped(line, found.start(), 0)
                    or _PICTURE.search(found[1]) is None):  # fmt: skip
                continue
            edits.append((found.start(), found.end(), _linked(found)))
        lines[i] = _edited(line, edits)
        state = after
    return "\n".join(lines)


def _linked(found: re.Match) -> str:
    """A link holding a picture (`_LINKED_PICTURE`) as Qt's reader keeps its link: each picture
    in an HTML link, the words between as Markdown links of their own."""
    words, address, title = found[1], found[2], found[3]
    href = f' href="{_attribute(address)}"'
    if title is not None:
        href += f' title="{_attribute(title)}"'
    tail = found[0][found.end(1) - found.start() + 1 :]  # "(address "title")"
    out: list[str] = []

    def say(piece: str) -> None:
        stripped = piece.strip()
        if not stripped:
            out.append(piece)
            return
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        out.append(f"{lead}[{stripped}]{tail}{trail}")

    at = 0
    for picture in _PICTURE.finditer(words):
        say(words[at : picture.start()])
        alt, source, caption = picture[1], picture[2], picture[3]
        shown = f' title="{_attribute(caption)}"' if caption is not None else ""
        out.append(f'<a{href}><img src="{_attribute(source)}" alt="{_attribute(alt)}"'
                   f"{shown}/></a>")  # fmt: skip
        at = picture.end()
    say(words[at:])
    return "".join(out)


_NOTE = re.compile(r" {0,3}\[\^([^\]\s]{1,99})\]:(?:[ \t]+|$)")
_NOTE_MARK = re.compile(r"\[\^([^\]\s]{1,99})\]")
_NOTE_STARTS = re.compile(r" {0,3}(?:[#>]|[-+*][ \t]|\d{1,9}[.)][ \t]|```|~~~|\[\^[^\]\s]+\]:)")


def note_key(label: str) -> str:
    """A note's label as marks and definitions match it: GitHub's, without regard to case or
    runs of spaces (`[^A]` calls `[^a]:`)."""
    return " ".join(label.casefold().split())


_NOTE_LINE = re.compile(r"^ {0,3}\[\^([^\]\s]{1,99})\]:", re.MULTILINE)
_NOTE_CALL = re.compile(r"(?<!\\)\[\^([^\]\s]{1,99})\](?!:)")


def note_numbers(text: str) -> dict[str, int]:
    """The number each note of `text` has (`footnotes`), read at a glance (code not told
    apart: a few milliseconds for 2 MB), for a part of it shown alone (the preview's)."""
    text, inline = inline_notes_apart(text)
    if "[^" not in text:
        return {}
    defined = {note_key(m[1]) for m in _NOTE_LINE.finditer(text)} | {k for k, _b in inline}
    numbers: dict[str, int] = {}
    for mark in _NOTE_CALL.finditer(text):
        key = note_key(mark[1])
        if key in defined and key not in numbers:
            numbers[key] = len(numbers) + 1
    for key in defined:
        numbers.setdefault(key, len(numbers) + 1)
    return numbers


def note_words(text: str) -> dict[str, list[str]]:
    """The first lines of each note of `text` (its text's, indented lines and lines going on
    with it, up to a blank line, at most TITLE_LINES), read at a glance as `note_numbers`
    reads them: the words shown over a mark in a part of it shown alone (the preview's)."""
    text, inline = inline_notes_apart(text)
    words = dict(inline)
    for found in _NOTE_LINE.finditer(text):
        key = note_key(found[1])
        if key in words:
            continue
        end = text.find("\n", found.end())
        lines = [text[found.end() : end if end >= 0 else len(text)]]
        while end >= 0 and len(lines) < TITLE_LINES:
            start, end = end + 1, text.find("\n", end + 1)
            line = text[start : end if end >= 0 else len(text)]
            if not line.strip() or _NOTE.match(line):
                break
            lines.append(line)
        words[key] = lines
    return words


TITLE_LINES = 8  # the lines of a note read for the words shown over its mark


@dataclass
class ListedNotes:
    """The number the next note listed at a chapter's end takes, in a manuscript exported with
    a word processor's own footnotes: one after all its footnotes at first (`footnotes_apart`
    of each chapter's text), then on from chapter to chapter. A word processor numbers the
    footnotes of the whole on; a list numbered on from a chapter's footnotes had the numbers
    the next chapter's footnotes then took."""

    next: int


def footnotes_apart(text: str) -> int:
    """How many footnotes of a word processor's own Markdown `text` has (the notes its text
    calls, see `footnotes`' `apart`)."""
    apart: list[str] = []
    footnotes(front_matter_for_qt(text), apart=apart)
    return len(apart)


def footnotes(text: str, whole: dict[str, int] | None = None, last: bool = True,
              apart: list[str] | None = None,
              words: dict[str, list[str]] | None = None,
              listed: ListedNotes | None = None) -> str:  # fmt: skip
    """`text` with its footnotes as GitHub and Pandoc show them, which Qt's reader does not
    read: each mark (`[^label]`, outside code, not escaped) of a note the text defines becomes
    its number, raised (`<sup>1</sup>`), numbered in the order the marks come (a mark in a
    note's text after those of the text); the notes (`[^label]: …`, with the lines indented
    under it, or going on right after it; its text may begin on the next line) leave their
    places (blank lines, which end a paragraph as the note did) for a numbered list after a
    rule at the end. A note no mark calls is listed too, after the others, and so is a second
    definition of a label (nothing the writer wrote goes missing); a mark of no note stays as
    it is written. `whole`: the numbers of the notes of the document `text` is a part of
    (`note_numbers`), whose notes are listed only where the part is the `last`. Pandoc's
    inline notes (`text^[the note]`) are notes too, numbered with the others in the order of
    their marks (`inline_notes_apart`).

    `apart` (a whole document's, for Word's and OpenDocument's own footnotes, at the foot of
    the page): each mark of a note in the text is raised with the note's place in `apart` as
    its title (`NOTE_TITLE`, which Qt keeps as the number's tool tip), and the note's
    Markdown is added there instead of to the list, a mark in a note of one kept apart with
    its place too (a reference to it, as a note holds no note); the list keeps the notes no
    mark of the text calls, numbered after the text's footnotes, or from `listed` (a
    manuscript's chapter: after all its footnotes, so that no footnote of a chapter after it
    has the number too), which it moves on."""
    text, inline = inline_notes_apart(text)
    if "[^" not in text:
        return text
    lines = text.split("\n")
    notes, state = _note_definitions(lines)
    notes += inline
    if not notes and not whole:
        return text
    numbers: dict[str, int] = {}  # a note's key -> its number
    places: dict[str, int] = {}  # (apart) a note's key -> its place there
    order: list[str] = []  # the keys in the order of their numbers

    # (apart, a document after others of one manuscript: its notes numbered on from theirs,
    # as the word processor numbers the footnotes of the whole)
    first = len(apart) if apart is not None and whole is None else 0

    def number(key: str) -> int:
        if key not in numbers:
            if whole is not None:
                numbers[key] = whole[key]
            elif listed is not None and apart is not None and key not in places:
                numbers[key], listed.next = listed.next, listed.next + 1  # (one listed)
            else:
                numbers[key] = first + len(numbers) + 1
            order.append(key)
        return numbers[key]

    defined = {key for key, _lines in notes} if whole is None else set(whole)
    bodies: dict[str, list[str]] = {}
    extra: list[list[str]] = []  # second definitions of a label
    for key, body in notes:
        if key in bodies:
            extra.append(body)
        else:
            bodies[key] = body
    raise_mark = _raiser(number, {**words, **bodies} if words else bodies)
    if apart is not None and whole is None:

        def raise_mark(key: str) -> str:  # (a mark in the text: its note's place too)
            if key not in places:
                places[key] = len(apart)
                apart.append("")  # (its Markdown, once its marks are numbered)
            return f'<sup title="{NOTE_TITLE}{places[key]}">{number(key)}</sup>'

    marked = NORMAL
    contained = _ContainedComments()
    for i, line in enumerate(lines):
        marked = contained.before(line, marked)
        if "[^" in line:
            lines[i] = _raised(line, marked, defined, raise_mark)
        before, marked = marked, line_state(lines[i], marked)
        contained.after(lines[i], before, marked)
    if whole is not None:  # (a part: the notes it defines, by the whole's numbers)
        if not last or not bodies:
            return "\n".join(lines)
        parts_items = []
        for key in sorted(bodies, key=lambda k: whole.get(k, len(whole) + 1)):
            parts_items.extend(_listed(whole.get(key, len(whole) + 1), bodies[key], defined,
                                       number))  # fmt: skip
        return _with_notes(text, lines, state, parts_items)
    def in_note(key: str) -> str:  # (a mark in a note: of a note apart, its place too)
        shown = number(key)
        if apart is not None and key in places:
            return f'<sup title="{NOTE_TITLE}{places[key]}">{shown}</sup>'
        return f"<sup>{shown}</sup>"

    items: list[str] = []
    done = 0
    while done < len(order) or len(numbers) < len(bodies):
        if done == len(order):  # (the notes no mark calls, after those called)
            number(next(k for k in bodies if k not in numbers))
        key = order[done]
        done += 1
        item = _listed(numbers[key], bodies[key], defined, number, in_note)
        if key in places and apart is not None:
            apart[places[key]] = _note_text(item)
        else:
            items.extend(item)
    for n, body in enumerate(extra, start=first + len(numbers) + 1):
        if listed is not None and apart is not None:
            n, listed.next = listed.next, listed.next + 1
        items.extend(_listed(n, body, defined, number))
    if not items:
        return "\n".join(lines)
    return _with_notes(text, lines, state, items)


# A footnote's mark kept apart (`footnotes`): its title, then the note's place
NOTE_TITLE = "writer-note:"


def _raiser(number, bodies: dict[str, list[str]] | None = None):
    """A mark's text: its note's number, raised, with the note's words as its title where
    they are in `bodies` (the preview shows them when the pointer rests on the number)."""
    if not bodies:
        return lambda key: f"<sup>{number(key)}</sup>"
    return lambda key: f"<sup{_note_title(bodies.get(key))}>{number(key)}</sup>"


TITLE_MOST = 300  # the characters of a note shown over its mark


def _note_title(body: list[str] | None) -> str:
    """A note's words as a tag's title attribute, at most TITLE_MOST characters ("" where
    there are none): its plain words (`plain_words`) on one line, with every character
    Markdown or HTML could read in a tag's attribute written as a character reference (a "`"
    in it opened a code span with one before the mark)."""
    words = " ".join(plain_words("\n".join(body or ())).split())
    if not words:
        return ""
    if len(words) > TITLE_MOST:
        from writer.project.words import whole_words  # (writer.project reads files with this)

        # whole words as the count reads them (a Chinese note ends after any character; a
        # cut at the last space dropped all of "第一章 老灯塔…" but "第一章")
        words = whole_words(words, TITLE_MOST).rstrip() + "…"
    return f' title="{words.translate(_IN_TITLE)}"'


_IN_TITLE = {ord(c): f"&#{ord(c)};" for c in "&<>\"'`*_[]\\~|$"}


def plain_words(text: str) -> str:
    """The words a reader sees of Markdown `text` (a note's, shown over its mark): without
    its HTML comments (a private remark is never shown), tags, marks of emphasis and code,
    footnotes' marks, links' and pictures' addresses (their words kept), a table's bars and
    a fence's lines."""
    text = _COMMENT_ANY.sub(" ", text)
    text = _PLAIN_FENCE.sub(" ", text)
    text = _PICTURE_OR_LINK.sub(lambda m: m[1], text)
    text = _NOTE_MARK.sub("", text)
    text = _ANY_TAG.sub("", text)
    text = _ESCAPED.sub(r"\1", _PLAIN_MARKS.sub("", text))
    return text


_COMMENT_ANY = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_PLAIN_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,}).*$"  # (and a table's delimiter row)
                         r"|^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$",
                         re.MULTILINE)  # fmt: skip
_PICTURE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_PLAIN_MARKS = re.compile(r"(?<!\\)(?:\*+|_{2,}|~~|`+|\|)|^ {0,3}#{1,6}[ \t]|^ {0,3}>[ \t]?",
                          re.MULTILINE)  # fmt: skip
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _note_text(item: list[str]) -> str:
    """A note's Markdown from its item in the notes' list (`_listed`)."""
    first = item[0].split(". ", 1)[1]
    rest = [line[4:] if line.startswith("    ") else line for line in item[1:]]
    return "\n".join([first, *rest]) + "\n"


def _with_notes(text: str, lines: list[str], state: int, listed: list[str]) -> str:
    """The lines, then the notes' list after a rule (a fence or a comment left open closed
    before it)."""
    ending = "" if text.endswith("\n") else "\n"
    closing = ""
    if in_fence(state) and not _fence_of(state)[0] and not _fence_column(state):  # (a fence
        # left open would take the notes in; one in a quotation or an item ends with it, at
        # the blank line and the rule)
        closing = _fence_of(state)[1] + "\n"
    elif state == COMMENT:  # (and so would a comment: the notes vanished)
        closing = "-->\n"
    return "\n".join(lines) + ending + closing + "\n***\n\n" + "\n".join(listed) + "\n"


def inline_notes_apart(text: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """`text` with each of Pandoc's inline notes (`text^[the note]`, its brackets on one line
    and matched, outside code, the "^" not escaped) as a mark of a note of its own, and those
    notes (each its key and lines, as `_note_definitions` gives them). A note's label is
    made of its words (`_INLINE_LABEL`), so that a part of a text (the preview's) and the
    whole give it the same."""
    if "^[" not in text:
        return text, []
    lines = text.split("\n")
    notes: list[tuple[str, list[str]]] = []
    state = NORMAL
    contained = _ContainedComments()
    for i, line in enumerate(lines):
        before, state = contained.line_state(line, state)
        if "^[" not in line or in_fenced_code(line, before) or in_indented_code(line, before):
            continue
        spans, _after = line_spans(line, before)
        shut = sorted((s.start, s.end) for s in spans if s.kind in (*_CODE_KINDS, Kind.COMMENT))
        edits: list[tuple[int, int, str]] = []
        at = line.find("^[")
        while at >= 0:
            end = _bracket_end(line, at + 1)
            if end < 0 or _containing(shut, at) is not None or _escaped(line, at, 0):
                at = line.find("^[", at + 2)
                continue
            words = line[at + 2 : end]
            label = f"{_INLINE_LABEL}{zlib.crc32(words.encode('utf-8')):08x}"
            notes.append((note_key(label), [words]))
            edits.append((at, end + 1, f"[^{label}]"))
            at = line.find("^[", end + 1)
        if edits:
            lines[i] = _edited(line, edits)
    return "\n".join(lines), notes


_INLINE_LABEL = "^"  # an inline note's label begins so (then its words' checksum)


def _bracket_end(line: str, at: int) -> int:
    """Where the "]" that closes the "[" at `at` of `line` is (brackets in it matched, an
    escaped one not counted); -1 where the line has none."""
    depth, i = 0, at
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _note_definitions(lines: list[str]) -> tuple[list[tuple[str, list[str]]], int]:
    """The notes `lines` define, in order (each its key and lines), their lines made blank in
    `lines`; and the state after the last line."""
    notes: list[tuple[str, list[str]]] = []
    state = NORMAL
    body: list[str] | None = None  # the lines of the note being read
    lazy = False  # the note's last line was text: an unindented line goes on with it
    contained = _ContainedComments()
    for i, line in enumerate(lines):
        # (a comment open above: COMMENT, or it was text, or it ended with its container)
        state = _entered(line, contained.before(line, state))[0]
        if body is not None:
            if not line.strip():
                lazy = False
                following = next((n for n in lines[i + 1 :] if n.strip()), "")
                if _INDENTED.match(following):
                    body.append("")
                    lines[i] = ""
                    continue
                body = None
            elif _INDENTED.match(line) or (lazy and not _NOTE_STARTS.match(line)):
                body.append(line[4:] if line.startswith("    ") else line.lstrip())
                lines[i] = ""
                lazy = True
                continue
            else:
                body = None
        found = _NOTE.match(line)
        if found and not in_fenced_code(line, state) and not in_indented_code(line, state) \
                and state != COMMENT:  # fmt: skip
            first = line[found.end() :]
            body = [first]
            notes.append((note_key(found[1]), body))
            lazy = bool(first.strip())
            lines[i] = ""
            state = NORMAL
            contained.after(line, state, state)
            continue
        before, state = state, line_state(line, state)
        contained.after(line, before, state)
    return notes, state


def _raised(line: str, state: int, defined: set[str], mark) -> str:
    """`line` with the marks of defined notes outside code (and not escaped) as `mark` gives
    them for their note's key (their numbers, raised)."""
    if in_fenced_code(line, state) or in_indented_code(line, state):
        return line
    spans, _after = line_spans(line, state)
    code = [(s.start, s.end) for s in spans if s.kind in _CODE_KINDS]
    edits: list[tuple[int, int, str]] = []
    for found in _NOTE_MARK.finditer(line):
        key = note_key(found[1])
        if (
            key not in defined
            or any(a < found.end() and found.start() < b for a, b in code)
            or _escaped(line, found.start(), 0)
        ):
            continue
        edits.append((found.start(), found.end(), mark(key)))
    for start, end, new in reversed(edits):
        line = line[:start] + new + line[end:]
    return line


def _listed(n: int, body: list[str], defined: set[str], number, raise_mark=None) -> list[str]:
    """The note `body` as the item `n` of the notes' list (its text may begin on the line
    after its label); marks in it are numbered too (`raise_mark`: each mark's text, where
    not its number raised)."""
    lines = list(body)
    while len(lines) > 1 and not lines[0].strip():
        lines.pop(0)
    raise_mark = raise_mark or _raiser(number)
    first, *rest = [_raised(line, NORMAL, defined, raise_mark) for line in lines]
    out = [f"{n}. {first.strip() or SPACE_FOR_WORDS}"]
    out.extend(f"    {line}" if line.strip() else "" for line in rest)
    return out


def front_matter_for_qt(text: str) -> str:
    """`text` with its front matter as Writer reads it (`front_matter_lines`) for Qt's reader,
    which reads "---" to the next "---" as one whatever lies between (a first scene after a
    scene break vanished from the preview and the export) and not one closed by "...": a
    front matter becomes blank lines (each line kept where it was), and a first "---" that is
    none is given as "***", the same break (Qt hid what followed it)."""
    if not text.startswith("---"):
        return text
    lines = front_matter_lines(text)
    if lines:
        at = 0
        for _ in range(lines):
            at = text.find("\n", at) + 1 or len(text)
        return "\n" * lines + text[at:]
    first = re.match(r"---[ \t]*(?=\r?\n|$)", text)
    return "***" + text[first.end() :] if first else text


_PIPE = re.compile(r"\|")
_DELIMITER_ROW = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_LAST_SLASH = re.compile(r"(?<!\\)(?:\\\\)*\\$")  # an odd run of "\\" ending a line
_VOID = frozenset(("area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"))
# an HTML tag as CommonMark reads one inline (within a line): <name attributes> or </name>
_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
_TAG = re.compile(rf"<(?:({_NAME})(?:{_ATTRIBUTE})*\s*/?|/({_NAME})\s*)>")
# what Qt's reader counts in inline HTML: a tag opened, and one closed
_OPENS = re.compile(r"<[A-Za-z]")
_CLOSES = re.compile(r"/>|</")
# what Qt's reader takes for a tag's in an HTML block's text: every "<" (its HTML reader reads
# one to the next ">", "x < y" too; it skips a "<!…>" or "<?…>" there as a browser does) and "/>"
_COUNTED = re.compile(r"<(?![!?])|/>")
_TEXT_LT = re.compile(r"<(?![!?])")
_CODE_KINDS = (Kind.CODE, Kind.CODE_BLOCK)
_SHIELDING = (*_CODE_KINDS, Kind.MARKUP)  # (MARKUP: a link's <address> too)
_NO_WORDS = "![]("  # a picture without words
SPACE_FOR_WORDS = " "  # a picture's words where it has none (`mended`)


def mended(text: str) -> str:
    """`text` with what Qt's Markdown reader misreads mended, outside code (CommonMark reads
    both alike). Qt's reader counts the tags of the HTML in a text, opened ("<b") and closed
    ("</", "/>"), and holds all that follows a tag back until as many have closed as opened:
    one tag left open, or closed unopened, and nothing after it showed, in the preview and
    in every export. So:

    - a void HTML tag written without its "/" (`<br>`, `<img src="…">`) is closed (`<br/>`),
      and `</br>` made the `<br/>` a browser reads;
    - a tag left open is closed at its paragraph's end (an item's, a quotation's, a line's
      of a table or a heading; an HTML block's, at a blank line), as GitHub's renderer ends
      it there, and one closed that no tag opened is made an empty one (`<b/>`, which Qt
      counts as opened and closed: taken out, it joined the backticks around it into other
      code, or ended an HTML block);
    - in an HTML block, all of whose text Qt's reader counts in, a "<" or "/>" that is no
      tag's is written as HTML writes it (`&lt;`), a "<" before a space or a digit too (Qt's
      HTML reader took "< y" for a tag, and the text after it to its next ">"), and so is
      one in the text of a paragraph's tag still open (`<b>x < y</b>`), which Qt's reader
      holds back and reads as HTML with the tag;
    - in an HTML comment, which Qt's reader counts in too, the marks that would count are
      written as entities; a comment over several lines is closed on its first and the rest
      of it taken out, a line that held nothing else too (Qt's reader showed the text of its
      lines after the first: "secret -->"; the text after an HTML block's "-->" has a
      blank line after it, as the block ends there); one opened inside a line and not
      closed there is text (`&lt;!--`), as CommonMark reads one that does not close in its
      paragraph (whose lines end at a blank one or one that begins another block), and one
      in a heading or a table's row, whose text is their line;
    - an HTML block of tags (CommonMark's kinds 6 and 7) of several lines, one of which
      before its last closes all its tags, is given in a `<div>`: Qt's reader reads such a
      line as HTML of its own, its first paragraph put into the block before it (two lines
      of `<p>…</p>` showed as one paragraph);
    - a picture without words (`![](a.png)`) is given SPACE_FOR_WORDS: Qt's reader puts a
      picture in where it reads its words, and showed none without (`writer.ui.images`
      takes the space for no words).

    - a paragraph's line that ends in a tag still open is joined to the line after it, a
      space between (none between Chinese or Japanese characters, as `east_asian_breaks`
      joins them): Qt's reader put the space of the line's end before the text the tag held
      ("a <b>one\ntwo</b>" showed "a  onetwo"), and a code span over the lines was not read
      as the code held in the tag it is (`_code_html`: its words were lost); a hard break
      there is HTML's `<br/>` (`hard_breaks`' line separator showed as a space in a tag).

    Only the lines with a "<" or such a picture, or in a comment, are read for their spans;
    the others pass at a glance (`line_state`)."""
    if "<" not in text and _NO_WORDS not in text:
        return text
    lines = text.split("\n")
    while True:  # (each time with fewer lines)
        out, joins = _mended_lines(lines)
        if not joins:
            return "\n".join(out)
        lines = _joined(lines, joins)


def _joined(lines: list[str], joins: list[int]) -> list[str]:
    """`lines` with each line of `joins` joined to the text of the line after it (its marks
    of a quotation and its indent left out), a space between, none between Chinese or
    Japanese characters, a `<br/>` for a hard break (`mended`)."""
    lines = list(lines)
    for i in sorted(joins, reverse=True):
        line, after = lines[i], lines[i + 1]
        body = after[_QUOTES.match(after).end() :].lstrip(" \t")
        hard = _HARD_BREAK.search(line)
        if hard:  # (a hard break: HTML's, in the tag's text, where U+2028 showed a space)
            lines[i : i + 2] = [line[: hard.start()] + "<br/>" + body]
            continue
        line = line.rstrip(" \t")
        apart = not (line and body and _EAST_ASIAN.match(line[-1]) and _EAST_ASIAN.match(body[0]))
        # the space before the tags that end the line: Qt's reader drops one that begins the
        # text a tag holds ("w0<b> w1" showed "w0w1")
        tags = len(line)
        while tags and line[tags - 1] == ">":
            at = line.rfind("<", 0, tags)
            if at < 0 or not _TAG.fullmatch(line, at, tags) or _escaped(line, at, 0):
                break
            tags = at
        lines[i : i + 2] = [line[:tags] + " " * apart + line[tags:] + body]
    return lines


def _lazy_tags(line: str, before: str) -> bool:
    """Whether `line`, a line of inline tags alone after `before`, a line of an item's or a
    quotation's paragraph, goes on with that paragraph: such a tag opens no HTML block where
    a paragraph is open (CommonMark's kind 7), and read as one, the tag's text ran into the
    paragraph's ("- a\n<b>\nw0\nw1" showed "a   w0w1")."""
    found = _BLOCK_TAG.match(line[_CONTAINER_MARKS.match(line).end() :])
    if found is None or found[1].lower() in _BLOCK_NAMES or found[1].lower() in _RAW_NAMES:
        return False
    text = before[_CONTAINER_MARKS.match(before).end() :].strip()
    return bool(text) and not (_HEADING.match(text) or fence_opens(text) or _BREAK.fullmatch(text)
                               or text.startswith("<!--"))  # fmt: skip


def _mended_lines(lines: list[str]) -> tuple[list[str], list[int]]:
    """`lines` mended (`mended`), and the lines whose paragraph goes on after them with a tag
    still open, to be joined to the next (where there are, the lines are mended again once
    joined: a code span may go on over two)."""
    lines = list(lines)
    joins: list[int] = []
    state = NORMAL
    opened: list[str] = []  # the tags open in the paragraph (or the HTML block) so far
    gone: list[int] = []  # the lines of a comment's that held nothing else
    raw = False  # in an HTML block (up to a blank line), all of whose text is HTML to Qt
    table = False  # in a table's rows (after its delimiter row, up to a blank line)
    inside = None  # what a line of the block's starts with, in a quotation or a list
    comment_block = False  # the comment open is an HTML block's (a line's first), not inline
    to_end_tag = False  # the HTML block is of kind 1 (`<pre>`): to its end tag, blank lines too
    # where a block of tags (kinds 6 and 7) begins, and whether Qt's reader takes a line of it
    # before its last as HTML of its own (its tags all closed at its end): the block is then
    # given in a <div> (`mended`)
    wrap: tuple[int, int] | None = None
    flushed = False
    contained = _ContainedComments()  # (a block's comment in a quotation or an item ends with it)
    fenced = contained_fences(lines) if "``" in "".join(lines) or "~~" in "".join(lines) else ()
    was_raw = False  # the line before was an HTML block's
    for i, line in enumerate(lines):
        state = read_from = contained.before(line, state)
        if i in fenced and not raw:  # (code in a quotation or an item: as it is written)
            state = line_state(line.replace("<", " "), state)
            contained.after(line, read_from, state)
            was_raw = False
            continue
        block = 0
        if not raw and "<" in line:
            if state != COMMENT:
                block = _html_block_opens(line, state)
                # (a line of tags after an item's or a quotation's paragraph goes on with it;
                # after its HTML block, which no line goes on with, it opens one: "- </b>"
                # over "<br>" over "w0 `<b>`" hid w0, Qt's reader holding the block's "<b>")
                if (block and i and state in _TEXT_STATES and not was_raw
                        and _lazy_tags(line, lines[i - 1])):  # fmt: skip
                    block = 0
                if block == _TAGS_BLOCK:
                    column = _CONTAINER_MARKS.match(line).end()
                    column += len(line) - column - len(line[column:].lstrip(" "))
                    wrap, flushed = (i, column), False
            elif "-->" in line and comment_block:
                # (a block's comment: the line goes on after it as HTML, alone)
                block = _html_block_opens(line[line.index("-->") + 3 :], NORMAL)
        if block:  # (in a quotation or a list the block goes on on its lines alone)
            inside = _container(line, state)
        raw = raw or block > 0
        was_raw = raw  # (for the line after it)
        to_end_tag = to_end_tag and raw or block == _RAW_BLOCK
        after = lines[i + 1] if i + 1 < len(lines) else None
        coded = raw or in_fenced_code(line, state)  # (a table in code, or in HTML, is no table)
        if not line.strip() or coded:
            table = False
        elif ("|" in line and _DELIMITER_ROW.match(line) and i and lines[i - 1].strip()
              and _cells(lines[i - 1]) == _cells(line)):  # fmt: skip
            table = True
        # a table's line is a row of cells, Qt's reader's even without a "|" ("a <b>" over a
        # delimiter row of as many cells, GFM's rule): what opened in a cell closes at its
        # end, what in a row at the line's
        header = (after is not None and "|" in after and _DELIMITER_ROW.match(after) is not None
                  and _cells(line) == _cells(after))  # fmt: skip
        row = not coded and bool(line.strip()) and (table or header)
        if "<" not in line and _NO_WORDS not in line and state != COMMENT and not raw:
            state = line_state(line, state)
        else:
            commented, before = state == COMMENT, state
            spans, state = line_spans(line, state, single=False)
            state = COMMENT if state in _OPENED_IN else state  # (`_closes_later` reads on)
            while (state == COMMENT and (not commented or not comment_block)
                   and block != _COMMENT_BLOCK and not raw):  # fmt: skip
                # a comment opened inside a line and not closed in its paragraph is text, as
                # CommonMark reads it (read as a comment to the end, it took every chapter
                # after it out of the preview and the export), and so is one in a heading or
                # a table's row, whose text is their line (it hid the lines after it to its
                # "-->", and in a table's header row the delimiter row too); on the line where
                # an inline comment over lines closes, one opened after its "-->" too
                at = max(s.start for s in spans if s.kind == Kind.COMMENT)
                if not line.startswith("<!--", at):
                    break
                if commented and "-->" not in line[:at]:
                    break  # (the comment from the lines above, going on)
                paragraph = PARAGRAPH if commented else before
                if not row and not _heading(line) and _closes_later(lines, i, paragraph):
                    break
                line = f"{line[:at]}&lt;{line[at + 1 :]}"
                spans, state = line_spans(line, before, single=False)
                state = COMMENT if state in _OPENED_IN else state
            edits = _mends(line, spans, opened, raw, commented, cells=row)
            if opened and state == COMMENT:  # (closed before the comment left open)
                at = max(s.start for s in spans if s.kind == Kind.COMMENT)
                edits.append((at, at, "".join(f"</{name}>" for name in reversed(opened))))
                opened.clear()
            lines[i] = _edited(line, edits)
            if commented and line.strip() and not lines[i].strip():
                gone.append(i)  # (a blank line would end the paragraph the comment is in)
            elif (commented and comment_block and state != COMMENT and lines[i].strip()
                  and i + 1 < len(lines) and lines[i + 1].strip()):  # fmt: skip
                # (the text after a block's "-->" is the block's, which ends with the line:
                # the line after it begins a block of its own, no underline of that text)
                lines[i] += "\n" + _QUOTE_MARKS.match(line)[0].rstrip()
            if state == COMMENT and not commented:
                comment_block = block == _COMMENT_BLOCK
        contained.after(line, read_from, state)
        tags_block = raw and not to_end_tag and wrap is not None
        if raw and to_end_tag:  # (kind 1: its end tag ends it, or its quotation's, item's end)
            goes_on = (after is not None and not raw_block_ends(line, block == _RAW_BLOCK)
                       and (inside is None or inside.match(after) is not None
                            or inside is _INDENT and not after.strip()))  # fmt: skip
            raw = goes_on
        elif raw:  # (a comment's block ends with its line: a comment over lines is cut there)
            goes_on = (after is not None and after.strip() != "" and block != _COMMENT_BLOCK
                       and (inside is None or inside.match(after) is not None))  # fmt: skip
            raw = goes_on
        else:
            goes_on = (after is not None and state in (PARAGRAPH, *_TEXT_STATES)
                       and _going_on(after, state) is not None)  # fmt: skip
            if (opened and not row and after is not None and state in (PARAGRAPH, *_TEXT_STATES)
                    and _goes_on(after, state)):  # fmt: skip
                joins.append(i)  # (its tags close at the end of the lines joined)
        if opened and (not goes_on or row):  # (before a last "\\", which escapes the "<")
            cut = _LAST_SLASH.search(lines[i])
            at = cut.start() if cut else len(lines[i])
            closing = "".join(f"</{name}>" for name in reversed(opened))
            lines[i] = lines[i][:at] + closing + lines[i][at:]
            opened.clear()
        if tags_block and goes_on and not opened:
            flushed = True
        elif tags_block and not goes_on:
            if flushed:
                first, column = wrap
                lines[first] = f"{lines[first][:column]}<div>{lines[first][column:]}"
                lines[i] += "</div>"
                if gone and gone[-1] == i:  # (a comment's line emptied: it holds the end now,
                    gone.pop()  # taken out with it, the <div> held all after it back)
            wrap = None
    for i in reversed(gone):
        del lines[i]
    return lines, joins


def _container(line: str, state: int) -> re.Pattern | None:
    """What a line of the HTML block `line` opens (after `state`) starts with where the block
    is in a quotation (`_QUOTE`) or a list item (`_INDENT`): the block goes on on such lines
    alone, and ends with its container (`_left`); None where it is in neither."""
    marks = _CONTAINER_MARKS.match(line)[0]
    listed = (state in ITEM_STATES or state in _LIST_BLANKS or state in _EMPTY_ITEMS) \
        and line[:1] in (" ", "\t")
    return _QUOTE if ">" in marks else _INDENT if marks.strip() or listed else None


class _ContainedComments:
    """The container of an HTML block's comment ("<!--" opening a quotation's or a list
    item's text) left open, which ends with its quotation or item (`_left`), as CommonMark
    ends an HTML block with its container: the one rule of it, for `mended` and for the
    readings of the text before it (footnotes, tables, linked pictures), whose line states
    (`line_state`) read on to its "-->" (a note's mark, a table, after the quotation were
    taken as commented)."""

    def __init__(self) -> None:
        self.within: tuple[re.Pattern | None, int] | None = None

    def before(self, line: str, state: int) -> int:
        """The state to read `line` after, the line before having left `state`."""
        if self.within is not None and (state == COMMENT or state in _OPENED_IN) and _left(
            line, self.within
        ):
            self.within = None
            return NORMAL
        return state

    def after(self, line: str, state: int, after: int) -> None:
        """`line`, read after `state` (as `before` gives it), left `after`."""
        if after != COMMENT and after not in _OPENED_IN:
            self.within = None
        elif (state != COMMENT and state not in _OPENED_IN
              and _html_block_opens(line, state) == _COMMENT_BLOCK):  # fmt: skip
            inside = _container(line, state)
            self.within = (inside, _QUOTE_MARKS.match(line)[0].count(">")) if inside else None

    def line_state(self, line: str, state: int) -> tuple[int, int]:
        """The state `line` is read after (the line before having left `state`) and the
        state it leaves."""
        state = self.before(line, state)
        after = line_state(line, state)
        self.after(line, state, after)
        return state, after


def _left(line: str, container: tuple[re.Pattern | None, int]) -> bool:
    """Whether `line` is out of the `container` (`_mended_lines`: its kind, `_QUOTE` or
    `_INDENT`, and its quotation's depth) an HTML block was opened in: a line without its
    quotation's marks (a blank one too), or a line of text not indented under its item. An
    HTML block ends with its container (CommonMark): a comment left open in a quotation took
    all the text after the quotation out of the preview."""
    kind, depth = container
    if kind is _QUOTE:
        return _unquoted(line, depth) is None
    return kind is _INDENT and bool(line.strip()) and line[0] not in " \t"


def _closes_later(lines: list[str], i: int, state: int) -> bool:
    """Whether a comment left open on line `i` (which came after `state`) closes on a line
    after it in its paragraph: CommonMark's comment over lines. A blank line ends the
    paragraph, and so does a line that begins another block (a heading, a fence, a list's item,
    a quotation, a thematic break, an HTML block, a setext underline, which makes the
    paragraph a heading): a "-->" there closed a comment opened above it."""
    kind, inside = _block(lines[i], state)
    return kind == _TEXT and _closes_in(itertools.islice(lines, i + 1, None), inside)


def _goes_on(line: str, state: int) -> bool:
    """Whether `line` goes on with the paragraph of a line that left `state` (a paragraph's,
    an item's or a quotation's text; without their marks too, as CommonMark's lazy lines)."""
    if not line.strip():
        return False
    body = line
    if state in _QUOTED_STATES:  # (every level's mark: "> > more" goes on in "> > nested",
        # and an item's quotation's line after its indent; a quotation's paragraph is a mark
        # deep at least, its item's as deep as its state says)
        if _lazy_item_ends(line, quoted_item_depth(state) or 1):
            return False
        body = line[_QUOTES.match(line).end() :]
    body = body.lstrip(" \t")
    if not body:
        return False
    kind, after = _block(body, PARAGRAPH)
    if kind == _TEXT and (after in ITEM_STATES or (
            after in _EMPTY_ITEMS or after == PARAGRAPH) and _ITEM.match(body)):
        # (an empty item, a number but 1: they break in no paragraph, read so)
        if state in ITEM_STATES and len(line) - len(body) < 2:
            # an item's marker left of the item's text is its sibling's: a new item ("2."
            # after "1. a <!-- x" hid the list's other items from the preview)
            return False
        item = _ITEM.match(body)
        number = body[: item.end()].strip()[:-1]
        return not body[item.end() :].strip() or number.isdigit() and int(number) != 1
    return kind == _TEXT and after == PARAGRAPH and not _html_block_opens(body, PARAGRAPH)


_QUOTES = re.compile(r"[ \t]*(?:>[ \t]?)*")
_CELL_BAR = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> int:
    """How many cells a table's line has (GFM: a header's and its delimiter row's agree)."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return len(_CELL_BAR.findall(body)) + 1


def _heading(line: str) -> bool:
    """Whether `line` is an ATX heading's (in a quotation or a list too)."""
    return _HEADING.match(line[_CONTAINER_MARKS.match(line).end() :]) is not None


# what opens an HTML block, after a list's or a quotation's marks: a block-level tag (which
# may break into a paragraph), or any other tag alone on its line (which may not)
_CONTAINER_MARKS = re.compile(r"(?: {0,3}(?:>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+))*")
_BLOCK_TAG = re.compile(r" {0,3}</?([A-Za-z][A-Za-z0-9]*)(?=[ \t>]|/>|$)")
_BLOCK_NAMES = frozenset(
    "address article aside base basefont blockquote body caption center col colgroup dd details"
    " dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5"
    " h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup"
    " option p param search section summary table tbody td tfoot th thead title tr track ul"
    .split()
)
_INDENT = re.compile(r"[ \t]")
_RAW_NAMES = frozenset(("pre", "script", "style", "textarea"))
# CommonMark's kind 1: it opens with one of _RAW_NAMES, and ends on the line with its end tag
_RAW_OPENS = re.compile(r" {0,3}<(?:pre|script|style|textarea)(?=[ \t>]|$)", re.IGNORECASE)
_RAW_ENDS = re.compile(r"</(?:pre|script|style|textarea)>", re.IGNORECASE)
_RAW_START = re.compile(r"<(?:pre|script|style|textarea)", re.IGNORECASE)
_TAGS_BLOCK, _COMMENT_BLOCK, _RAW_BLOCK = 1, 2, 3  # (`_html_block_opens`)


def _html_block_opens(line: str, state: int) -> int:
    """Whether `line` (after a line that left `state`) opens an HTML block, all of whose text
    Qt's reader takes as HTML: _TAGS_BLOCK up to a blank line (CommonMark's kinds 6 and 7),
    _COMMENT_BLOCK to the line's end (kind 2, as `mended` cuts a comment), _RAW_BLOCK to the
    line with its end tag (kind 1, `raw_block_ends`), else 0."""
    if in_fenced_code(line, state) or state in (COMMENT, RAW_HTML):
        return 0
    body = line[_CONTAINER_MARKS.match(line).end() :]
    if _RAW_OPENS.match(body):
        return _RAW_BLOCK
    if body.lstrip(" ").startswith("<!--") and len(body) - len(body.lstrip(" ")) < 4:
        return _COMMENT_BLOCK
    found = _BLOCK_TAG.match(body)
    if found is None:
        return 0
    if found[1].lower() in _BLOCK_NAMES:
        return _TAGS_BLOCK
    alone = _TAG.fullmatch(body.strip())
    kind7 = state != PARAGRAPH and alone is not None and found[1].lower() not in _RAW_NAMES
    return _TAGS_BLOCK if kind7 else 0


def raw_block_ends(line: str, opening: bool = False) -> bool:
    """Whether `line` ends the HTML block of CommonMark's kind 1 (`<pre>`, `<script>`,
    `<style>`, `<textarea>`) it is in: it holds the end tag (after the start tag on the
    `opening` line, which may hold both)."""
    opener = _RAW_START.search(line) if opening else None
    return _RAW_ENDS.search(line, opener.end() if opener else 0) is not None


def _mends(
    line: str,
    spans: list[Span],
    opened: list[str],
    raw: bool = False,
    commented: bool = False,
    cells: bool = False,
) -> list[tuple[int, int, str]]:
    """The edits (start, end, text) that mend `line` for Qt's reader (`mended`), its `spans`
    read; `opened`: the tags open before it in its paragraph, and after it. `raw`: the line
    is an HTML block's: no code in it, and a "<" or "/>" of its text is written as HTML
    writes it (Qt counted them as tags), as is a "<" of text held in a tag still open.
    `commented`: it starts in a comment. `cells`: it is a table's row, whose tags close at
    their cell's end."""
    shielded = [] if raw else sorted((s.start, s.end) for s in spans if s.kind in _SHIELDING)
    comments = [(s.start, s.end) for s in spans if s.kind == Kind.COMMENT]
    apart = _merged(shielded + comments)  # (what is no tag's, nor a picture's)
    edits: list[tuple[int, int, str]] = []
    for a, b in comments:
        opens = line.startswith("<!--", a) and not (commented and a == 0)
        closes = b - a >= (7 if opens else 3) and line.startswith("-->", b - 3)
        inside = line[a + 4 * opens : b - 3 * closes]
        quiet = inside.replace("<", "&lt;").replace("/>", "/&gt;")
        if not opens:
            edits.append((a, b, ""))  # (the rest of a comment: Qt's reader showed it)
        elif quiet != inside or not closes:
            edits.append((a, b, f"<!-- {quiet.strip()} -->"))
    tags: list[tuple[int, int]] = []
    # a table's cells: a tag opened in one is closed at its end, where Qt's reader ends the
    # cell (closed after the row, it held the rest of the table and the text after it back)
    pipes = [
        found.start()
        for found in _PIPE.finditer(line)
        if _containing(apart, found.start()) is None and not _escaped(line, found.start(), 0)
    ] if cells and "|" in line else []  # fmt: skip
    in_cell: list[tuple[int, str]] = []  # (where its cell ends, name) of a tag open in a cell
    held: list[tuple[int, int, list[int]]] = [(0, len(opened), [])]  # (from, open, cell ends)
    for found in _TAG.finditer(line) if "<" in line else ():
        at = found.start()
        if _containing(apart, at) is not None or (not raw and _escaped(line, at, 0)):
            continue
        tags.append(found.span())
        tag, name = found[0], (found[1] or found[2]).lower()
        if found[2] and name in _VOID:
            edits.append((at, found.end(), f"<{found[2]}/>"))  # (</br>: a <br>, in HTML)
            continue
        if name in _VOID and not tag.endswith("/>"):
            tag = tag[:-1].rstrip() + "/>"
            edits.append((at, found.end(), tag))
        count = len(_OPENS.findall(tag)) - len(_CLOSES.findall(tag))
        if (count > 0 and not raw and not opened and at and not line[at - 1].isspace()
                and not any(q > at for q, _name in in_cell)):  # fmt: skip
            # a space after the tags that begin the text Qt's reader holds: one before them
            # too, as the reader drops it there ("x<b> y" showed "xy")
            after = found.end()
            while (more := _TAG.match(line, after)) is not None:
                after = more.end()
            if line[after : after + 1] in (" ", "\t"):
                edits.append((at, at, " "))
        cell_end = next((q for q in pipes if q > at), None)
        if count > 0 and cell_end is not None:
            in_cell += [(cell_end, name)] * count
            held.append((found.end(), len(opened), [q for q, _name in in_cell]))
            continue
        while count < 0 and in_cell and in_cell[-1][0] == cell_end:
            in_cell.pop()
            count += 1
        if count == 0:
            held.append((found.end(), len(opened), [q for q, _name in in_cell]))
            continue
        opened.extend([name] * max(0, count))
        if count < 0 and len(opened) < -count:  # (closes what no tag opened: see `mended`)
            edits.append((at, found.end(), f"<{found[2] or name}/>"))
        elif count < 0:
            del opened[count:]  # (Qt counts them alone: the names closed are any)
        held.append((found.end(), len(opened), [q for q, _name in in_cell]))
    if raw:
        apart = _merged(apart + tags)
        for found in _COUNTED.finditer(line):
            if _containing(apart, found.start()) is None:
                edits.append((*found.span(), "&lt;" if found[0] == "<" else "/&gt;"))
    elif len(held) > 1 or opened:  # (text held in a tag is HTML to Qt's reader too)
        apart = _merged(apart + tags)
        autolinks = {s.start for s in spans if s.kind == Kind.LINK}
        for found in _TEXT_LT.finditer(line):
            at = found.start()
            if _containing(apart, at) is not None or at in autolinks:
                continue
            _from, still, ends = held[bisect.bisect_right(held, (at, _FAR)) - 1]
            if still or any(q > at for q in ends):
                escaped = _escaped(line, at, 0)  # ("\<": the "\" goes with it)
                edits.append((at - escaped, at + 1, "&lt;"))
        in_comments = _merged(comments)
        for span in spans:
            # code held in a tag still open: Qt's reader put it before the tag's text ("a
            # <b>see `x`</b>" showed "a xsee"); written as HTML it is held with it
            if span.kind != Kind.CODE or _containing(in_comments, span.start) is not None:
                continue  # (backticks in a comment are the comment's: it is written whole)
            _from, still, ends = held[bisect.bisect_right(held, (span.start, _FAR)) - 1]
            if still or any(q > span.start for q in ends):
                edits.append((span.start, span.end, _code_html(line[span.start : span.end])))
    for q in sorted({q for q, _name in in_cell}):
        names = [name for end, name in in_cell if end == q]
        edits.append((q, q, "".join(f"</{name}>" for name in reversed(names))))
    code = _merged([(s.start, s.end) for s in spans if s.kind in _CODE_KINDS] + comments)
    for found in _LINK.finditer(line) if _NO_WORDS in line else ():
        bare = found[1] and not found[2] and not _escaped(line, found.start(), 0)
        if bare and _containing(code, found.start()) is None:
            edits.append((found.start(2), found.start(2), SPACE_FOR_WORDS))
    return edits


def _code_html(written: str) -> str:
    """A code span (`` `x` ``) as HTML, its characters that Markdown or HTML would read as
    character references."""
    ticks = len(written) - len(written.lstrip("`"))
    inner = written[ticks : len(written) - ticks] if len(written) > 2 * ticks else ""
    if len(inner) > 2 and inner[0] == inner[-1] == " " and inner.strip():
        inner = inner[1:-1]  # (CommonMark's one space on each side, taken off)
    return f"<code>{inner.translate(_IN_TITLE)}</code>"


def _merged(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`regions` sorted, those that overlap made one (a comment left open holds code)."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(regions):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _edited(line: str, edits: list[tuple[int, int, str]]) -> str:
    """`line` with each (start, end, text) of `edits` (apart) made."""
    out, at = [], 0
    for start, end, text in sorted(edits):
        out += [line[at:start], text]
        at = end
    return "".join(out) + line[at:]


_HARD_BREAK = re.compile(r"(?: {2,}|(?<!\\)(?:\\\\)*\\)$")  # two spaces, or an odd "\"


def hard_breaks(text: str) -> str:
    """`text` with each hard line break inside a paragraph, an item's text or a quotation (two
    spaces or a backslash at a line's end, then a line that goes on with it) made a line
    separator (U+2028) within one line: Qt's Markdown reader makes such a break a paragraph of
    its own, so a poem's lines came out a paragraph's space apart in the preview and the
    export. Code, and a line that is no text's (a heading, an item, a blank), are left."""
    if "\n" not in text or ("  \n" not in text and "\\\n" not in text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    state = NORMAL
    joined: str | None = None  # the lines joined so far (the last one's text goes on)
    for i, line in enumerate(lines):
        state = line_state(line, state)
        part = line if joined is None else joined
        goes_on = None
        if i + 1 < len(lines) and state in (PARAGRAPH, *_TEXT_STATES) and _HARD_BREAK.search(line):
            goes_on = _going_on(lines[i + 1], state)
        if goes_on is None:
            out.append(part)
            joined = None
            continue
        cut = _HARD_BREAK.search(part)
        joined = part[: cut.start() if cut else len(part)] + "\u2028" + goes_on
    return "\n".join(out)


def _going_on(after: str, state: int) -> str | None:
    """The text of `after` where it goes on with what the line before it is in (`state`: a
    paragraph, an item's text, a quotation), else None."""
    if not after.strip():
        return None
    if state in _QUOTED_STATES:
        found = _QUOTE.match(after)
        if found is None:
            return None
        rest = after[found.end() :]
    elif state in ITEM_STATES and after[0] not in " \t":
        return None
    else:
        rest = after
    body = rest.lstrip(" \t")
    if not body or _ITEM.match(body) or body.startswith(("#", ">", "```", "~~~", "<")):
        return None
    # (a setext underline: under a paragraph's line, a quotation's or an item's too, it makes
    # the lines above a heading; taken into them, "> Title  " over "> ===" showed "Title ===");
    # under a quoted item's line, one not indented under the item is its text (a lazy line)
    if _BREAK.fullmatch(body):
        return None
    lazy = state in _QUOTED_ITEMS and rest[:1] not in (" ", "\t")
    item = state in ITEM_STATES or state in _QUOTED_ITEMS
    if not lazy and _UNDERLINE.fullmatch(body if item else rest):
        return None
    return body


# the spans of a line ----------------------------------------------------------------------------
def html_tags(line: str) -> list[tuple[int, int]]:
    """Where `line`'s inline HTML tags and entities are (not highlighted: their words are not
    the text's, and are not spell-checked)."""
    if "<" not in line and "&" not in line:
        return []
    return [m.span() for m in _HTML.finditer(line)]


def line_spans(
    line: str, state: int = NORMAL, underlined: bool = False, single: bool | None = None
) -> tuple[list[Span], int]:
    """The spans of `line` (in the order to lay them, see `Kind`) and the state it leaves;
    `underlined`: the next line is a setext underline (`setext_level`), which makes a
    paragraph's line a heading. `single`: the line is a heading's or a table's row, where a
    comment not closed on it is text (None: as `single_line` reads the line alone; True too
    where its paragraph ends under it, `comment_ends`, though the state it leaves is one of
    OPENED_STATES then, as `line_state` gives it)."""
    state, inside = _entered(line, state)  # (as `line_state` reads it)
    if in_fence(state):
        code = _fenced_from(line, state)
        spans = [Span(0, code, Kind.MARKUP)] if code else []
        spans.append(Span(code, len(line), Kind.CODE_BLOCK))
        if _fence_closes(line, state):
            spans.append(Span(code, len(line), Kind.MARKUP))
            return spans, _after_fence(state)
        return spans, state
    spans: list[Span] = []
    start, after = 0, NORMAL
    if state == COMMENT:
        end = line.find("-->")
        if end < 0:
            return [Span(0, len(line), Kind.COMMENT)], COMMENT
        spans.append(Span(0, end + 3, Kind.COMMENT))
        start, after = end + 3, inside
    else:
        kind, after = _block(line, state)
        whole = len(line)
        if kind == _BLANK:
            return spans, after
        if kind == _CODE:
            return [Span(0, whole, Kind.CODE_BLOCK)], after
        if kind == _FENCE_OPENS:  # (in a quotation too: "> ```", its code after the marks)
            code = _fenced_from(line, after)
            return [Span(code, whole, Kind.CODE_BLOCK), Span(0, whole, Kind.MARKUP)], after
        if kind == _UNDERLINED:
            return [Span(0, whole, Kind.HEADING), Span(0, whole, Kind.MARKUP)], after
        if kind == _THEMATIC:
            return [Span(0, whole, Kind.MARKUP)], after
        if _raw_line(line, state, after):
            # a <pre>'s, a script's line: HTML, its text as written (no heading's marks, no
            # emphasis, code, link nor table), its comments to the line's end at most
            comments = _comments(line, 0, [])[0] if "<!--" in line else []
            return [Span(a, b, Kind.COMMENT) for a, b in comments], after
        # (a paragraph's line that goes on with it has no marks: "2) # x" under a paragraph's
        # line is its text, no item nor heading, as an item numbered but 1 breaks in none)
        start = 0 if state == after == PARAGRAPH else _containers(line, spans)
        if single is None:
            single = "<!--" in line and single_line(line)
    opened = _inline(line, start, spans, closed_only=state != COMMENT and bool(single))
    if underlined and (after in (PARAGRAPH, QUOTED) or after in ITEM_STATES
                       or after in _QUOTED_ITEMS):
        spans.append(Span(0, len(line), Kind.HEADING))  # (a comment it opens closes below)
    if opened == COMMENT:
        after = COMMENT if state == COMMENT else _OPENED.get(after, COMMENT)
    if state != COMMENT and start == 0 and table_row(line):
        spans.append(Span(0, len(line), Kind.TABLE))
    spans.sort(key=lambda span: span.kind)  # (stable: equal kinds keep their order)
    return spans, after


def _fenced_from(line: str, state: int) -> int:
    """Where the code of a fenced block's `line` starts: after its quotation's marks."""
    if state < _QUOTED_FENCE:
        return 0
    return len(line) - len(_unquoted(line, _fence_of(state)[0]) or "")


_TABLE_ROW = re.compile(r" {0,3}\|")


def table_row(line: str) -> bool:
    """Whether `line`, read alone, is a table's row as the editor shows it: it starts with a
    bar and has another (as Format → Format Table writes every row), outside a quotation and a
    list. A row without its first bar is text until the table is laid out."""
    return _TABLE_ROW.match(line) is not None and len(_CELL_BAR.findall(line)) >= 2


def table_marks(line: str) -> list[Span]:
    """A table's row's marks as the editor tints them: its bars, a delimiter row whole (not
    among `line_spans`' MARKUP, which the preview's mending keeps its hands off)."""
    if _DELIMITER_ROW.match(line):
        return [Span(0, len(line), Kind.MARKUP)]
    return [Span(bar.start(), bar.end(), Kind.MARKUP) for bar in _CELL_BAR.finditer(line)]


def _containers(line: str, spans: list[Span]) -> int:
    """The block quote marks, list markers, task box and heading marks at the line's start (as
    MARKUP, the quote's and the heading's text as theirs); returns where the inline text
    starts."""
    at, quoted = 0, False
    while True:
        found = _QUOTE.match(line, at)
        if found:
            spans.append(Span(found.start(), found.end(), Kind.MARKUP))
            at, quoted = found.end(), True
            continue
        found = _ITEM.match(line, at)
        if found and not _BREAK.fullmatch(line, at):
            spans.append(Span(found.start(), found.end(), Kind.MARKUP))
            at = found.end()
            task = _TASK.match(line, at)
            if task:
                spans.append(Span(task.start(), task.end(), Kind.MARKUP))
                at = task.end()
            continue
        break
    if quoted and at < len(line):
        spans.append(Span(at, len(line), Kind.QUOTE))
    heading = _HEADING.match(line, at)
    if heading:
        spans.append(Span(at, len(line), Kind.HEADING))
        spans.append(Span(heading.start(1), heading.end(), Kind.MARKUP))
        closing = _CLOSING_HASHES.search(line, heading.end())
        if closing and closing.start() >= heading.end():
            spans.append(Span(closing.start(), len(line), Kind.MARKUP))
        at = heading.end()
    return at


def link_at(line: str, column: int) -> str | None:
    """The address of the link or picture of `line` at `column` ("[text](address)",
    "![alt](address)", "<address>", a bare http(s) or www. address), None where there is none:
    a bare "www." address is a web one, "<a@b.c>" a mail one. A linked picture
    ("[![alt](pic.png)](address)") is its link's, as a browser follows a linked image."""
    for pattern, group in ((_LINKED_PICTURE, 2), (_LINK, 3), (_AUTOLINK, 0), (_BARE_URL, 0)):
        for found in pattern.finditer(line):
            if found.start() > column:
                break
            if column <= found.end():
                address = found.group(group)
                if address.startswith("<") and address.endswith(">"):
                    address = address[1:-1]
                if address.startswith("www."):
                    address = "https://" + address
                elif "@" in address and ":" not in address:
                    address = "mailto:" + address
                return address or None
    return None


def _containing(regions: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The region of `regions` (sorted, apart) that holds index `at`, if any."""
    i = bisect.bisect_right(regions, (at, _FAR)) - 1
    if i >= 0 and regions[i][0] <= at < regions[i][1]:
        return regions[i]
    return None


def _escaped(line: str, at: int, start: int) -> bool:
    """Whether the character at `at` follows an odd number of backslashes (looked at back to
    `start`, at most 64: a run of backslashes is read once, not at each mark after it)."""
    slashes, i = 0, at - 1
    while i >= start and line[i] == "\\" and slashes < 64:
        slashes, i = slashes + 1, i - 1
    return slashes % 2 == 1


def _code_spans(line: str, start: int) -> list[tuple[int, int]]:
    """The code spans of `line` from `start`: a run of backticks (not after a backslash) and
    the next run as long."""
    runs = [found.span() for found in _BACKTICKS.finditer(line, start)]
    if len(runs) < 2:
        return []
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    passed = dict.fromkeys(by_length, 0)  # how far each length's runs have been passed
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        a, b = runs[i]
        same, k = by_length[b - a], passed[b - a]
        while k < len(same) and same[k] <= i:
            k += 1
        passed[b - a] = k
        if k < len(same) and not _escaped(line, a, start):
            found.append((a, runs[same[k]][1]))
            i = same[k] + 1
        else:
            i += 1
    return found


def _inline(line: str, start: int, spans: list[Span], closed_only: bool = False) -> int:
    """The inline spans of `line` from `start`; returns the state at its end (COMMENT when an
    HTML comment opens and does not close; with `closed_only`, such a one is text)."""
    if start >= len(line):
        return NORMAL
    # (each kind is looked for only where its mark is in the line: a test in C, and most lines
    # of prose have none)
    code = _code_spans(line, start) if "`" in line else []
    for a, b in code:
        spans.append(Span(a, b, Kind.CODE))
    # HTML comments outside the code spans
    comments, opened = _comments(line, start, code) if "<!--" in line else ([], False)
    if opened and closed_only:
        comments, opened = comments[:-1], False
    for a, b in comments:
        spans.append(Span(a, b, Kind.COMMENT))
    shielded = sorted(code + comments)
    state = COMMENT if opened else NORMAL
    # links and images, autolinks, bare URLs: their URLs are shielded from emphasis
    urls: list[tuple[int, int]] = []
    for found in _LINK.finditer(line, start) if "](" in line else ():
        if _containing(shielded, found.start()) is not None or _escaped(line, found.start(), start):
            continue
        bang, text_start = found.start(), found.start(2)
        spans.append(Span(bang, text_start, Kind.MARKUP))  # "![" or "["
        spans.append(Span(text_start, found.end(2), Kind.LINK))
        spans.append(Span(found.end(2), found.end(), Kind.MARKUP))  # "](url)"
        urls.append((found.end(2), found.end()))  # (found in order: sorted)
    for pattern, present in (
        (_AUTOLINK, "<" in line),
        (_BARE_URL, "://" in line or "www." in line),
    ):
        for found in pattern.finditer(line, start) if present else ():
            if _containing(shielded, found.start()) is not None:
                continue
            if _containing(urls, found.start()) is not None:
                continue
            spans.append(Span(found.start(), found.end(), Kind.LINK))
            bisect.insort(urls, found.span())
    if "[^" in line:  # a footnote's mark, and a note's "[^label]:" (see `footnotes`)
        for found in _NOTE_MARK.finditer(line, start):
            if _containing(shielded, found.start()) is not None or _escaped(
                line, found.start(), start
            ):
                continue
            end = found.end()
            note = _NOTE.match(line) if start == 0 else None
            if note and found.start() == note.start(1) - 2:
                end += 1  # (the note's colon)
            spans.append(Span(found.start(), end, Kind.MARKUP))
            bisect.insort(urls, (found.start(), end))
    if urls:
        shielded = sorted(shielded + urls)
    if "*" in line or "_" in line or "~" in line:
        _emphasis(line, start, shielded, spans)
    return state


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


@dataclass
class _Run:
    char: str
    start: int
    end: int  # the run's marks not yet used are start..end (openers use from the end)
    length: int  # as it was found
    opens: bool
    closes: bool


def _emphasis(line: str, start: int, shielded: list[tuple[int, int]], spans: list[Span]) -> None:
    """Emphasis, strong emphasis and strikethrough by CommonMark's delimiter runs."""
    openers: list[_Run] = []
    for found in _DELIMITERS.finditer(line, start):
        a, b = found.span()
        if line[a] == "\\" or _containing(shielded, a) is not None:
            continue
        char = line[a]
        if char == "~" and b - a > 2:
            continue
        before = line[a - 1] if a > start else " "
        after = line[b] if b < len(line) else " "
        left = not after.isspace() and (
            not _punctuation(after) or before.isspace() or _punctuation(before)
        )
        right = not before.isspace() and (
            not _punctuation(before) or after.isspace() or _punctuation(after)
        )
        if char == "_":
            opens, closes = (
                left and (not right or _punctuation(before)),
                right and (not left or _punctuation(after)),
            )
        else:
            opens, closes = left, right
        run = _Run(char, a, b, b - a, opens, closes)
        if closes:
            _close(run, openers, spans)
        if opens and run.start < run.end:
            openers.append(run)


def _close(closer: _Run, openers: list[_Run], spans: list[Span]) -> None:
    """Match `closer` with the nearest openers it may close, laying their spans."""
    while closer.start < closer.end:
        match = None
        for i in range(len(openers) - 1, max(-1, len(openers) - 1 - OPENERS_LOOKED_AT), -1):
            opener = openers[i]
            if opener.char != closer.char:
                continue
            if closer.char == "~" and opener.length != closer.length:
                continue
            both = opener.opens and opener.closes or closer.opens and closer.closes
            if (
                both
                and (opener.length + closer.length) % 3 == 0
                and not (opener.length % 3 == 0 and closer.length % 3 == 0)
            ):
                continue
            match = i
            break
        if match is None:
            return
        opener = openers[match]
        del openers[match + 1 :]
        left, right = opener.end - opener.start, closer.end - closer.start
        if closer.char == "~":
            used, kind = left, Kind.STRIKE
        elif left >= 2 and right >= 2:
            used, kind = 2, Kind.STRONG
        else:
            used, kind = 1, Kind.EMPHASIS
        spans.append(Span(opener.end - used, closer.start + used, kind))
        spans.append(Span(opener.end - used, opener.end, Kind.MARKUP))
        spans.append(Span(closer.start, closer.start + used, Kind.MARKUP))
        opener.end -= used
        closer.start += used
        if opener.start == opener.end:
            openers.pop()


# a whole text's headings and comments ---------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    level: int  # 1 for "#" and a "===" underline, 2 for "##" and "---", 6 for "######"
    text: str  # without its marks and its comments ("" for "## " alone)
    position: int  # where its line starts in the text (a setext heading's: its text's first)
    line: int  # that line, from 1


@dataclass(frozen=True)
class Outline:
    """A text's headings and HTML comments, as `outline` reads them."""

    headings: list[Heading]
    comments: list[tuple[int, int]]  # where each comment is in the text, its marks too, in order
    open_comment: int = -1  # where a comment that is not closed begins (it runs to the end)


_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
# A line YAML's front matter is made of: blank, indented (a value going on, a nested one), an
# item ("- a"), a comment, or a key ("title: …", "'key': …")
_YAML_LINE = re.compile(
    r"[ \t]|-(?:[ \t]|\r?$)|#|\r?$"  # indented, an item, a comment, blank
    r"|(?:[^\s#:-][^:]*|'[^']*'|\"[^\"]*\"):(?:[ \t]|\r?$)"  # a key
)


# the lines a YAML front matter at a document's start may take, for every reader of one (a
# longer block is prose); read at each call (the highlighting, sections and typing use it too)
FRONT_MATTER_MOST = 200


def front_matter_opens(line: str) -> bool:
    """Whether `line`, a document's first, opens a YAML front matter ("---", spaces after it
    aside): the one test of it that every reader of a front matter makes."""
    return line.rstrip(" \t\r") == "---"


def front_matter_closes(line: str) -> bool:
    """Whether `line` closes a YAML front matter ("---" or "...", spaces after it aside)."""
    return line.rstrip(" \t\r") in ("---", "...")


def front_matter_lines(text: str) -> int:
    """How many lines a YAML front matter block at the start of `text` takes ("---", its
    lines, then "---" or "..."; within FRONT_MATTER_MOST lines), or 0: Jekyll, Hugo and Pandoc
    documents begin so, and its lines are not a heading over an underline. As Pandoc reads it,
    the line after the first "---" is not blank, and every line between is YAML's (`yaml_lines`): a
    chapter that begins with a scene break ("---") and has another further on is prose (its
    first scene was read as YAML: hidden from the preview and the export, its quotes left
    straight, its words not checked)."""
    first_end = text.find("\n") + 1
    if not first_end or not front_matter_opens(text[: first_end - 1]):
        return 0
    end = _FRONT_END.search(text, first_end)
    if end is None:
        return 0
    lines = text.count("\n", 0, end.start()) + 1
    if lines > FRONT_MATTER_MOST or not yaml_lines(text[first_end : end.start()].split("\n")[:-1]):
        return 0
    return lines


def front_matter_fields(text: str) -> dict[str, str]:
    """The top-level fields of the YAML front matter at the start of `text` whose values are
    text (`title: "The Road"`, `author: [Ann, Ben]`, a list's items under a key, a block
    `>` or `|`), by their keys in lower case, their values on one line ("Ann, Ben"): what
    Pandoc reads a document's title and author from. {} where there is none; a value YAML
    reads otherwise is what it looks like, never an error."""
    lines = front_matter_lines(text)
    if not lines:
        return {}
    fields: dict[str, str] = {}
    key, block, under = "", False, []  # a key whose value is the lines under it, and those

    def close() -> None:
        if key and under:
            if block:  # (a block's lines, one line)
                fields.setdefault(key, " ".join(under))
            else:  # (a list's items)
                fields.setdefault(key, ", ".join(filter(None, map(_yaml_text, under))))

    for row in text.split("\n")[1 : lines - 1]:
        line = row.rstrip("\r")
        found = _YAML_FIELD.match(line)
        if found is None:
            item = line.strip()
            if key and item:
                under.append(item if block else item.removeprefix("-").strip())
            continue
        close()
        name, value = found[1].lower(), _yaml_value(found[2] or "")
        key, block, under = "", False, []
        if value in ("", "|", ">", "|-", ">-", "|+", ">+"):
            key, block = name, bool(value)
        elif value.startswith("[") and value.endswith("]"):
            items = value[1:-1].split(",")
            fields.setdefault(name, ", ".join(filter(None, map(_yaml_text, items))))
        else:
            fields.setdefault(name, _yaml_text(value))
    close()
    return {k: v for k, v in fields.items() if v}


_YAML_FIELD = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*)|$)")
_YAML_COMMENT = re.compile(r"(?:^|[ \t])#.*$")
_YAML_QUOTED = re.compile(r"'(?:[^']|'')*'" + r'|"(?:[^"\\]|\\.)*"')


def _yaml_value(written: str) -> str:
    """A field's value as written after its key, without a comment after it (a "#" in
    quotes is the value's)."""
    written = written.strip()
    quoted = _YAML_QUOTED.match(written)
    if quoted:
        return quoted[0]
    return _YAML_COMMENT.sub("", written).strip()


def _yaml_text(value: str) -> str:
    """A YAML scalar's text: a quoted one without its quotes ('' in single quotes is one ',
    a double-quoted one's escapes read), a plain one as written."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        return re.sub(r'\\(["\\/])', r"\1", inner).replace("\\n", " ").replace("\\t", " ")
    return value


def yaml_lines(lines: list[str]) -> bool:
    """Whether `lines` (those after a first "---") can be a YAML front matter's: the first not
    blank, and each one YAML's."""
    if lines and not lines[0].strip():
        return False
    return all(map(yaml_line, lines))


def yaml_line(line: str) -> bool:
    """Whether `line` can be a line of YAML's front matter (`_YAML_LINE`)."""
    return _YAML_LINE.match(line) is not None


def opening_heading(text: str) -> str:
    """The words of the heading `text` opens with, its title as a reader names it: its first
    heading where nothing but blank lines, its front matter and HTML comments come before it;
    "" where it opens with anything else (a heading further on names a part, "## Part two")."""
    read = outline(text, limit=1)
    if not read.headings:
        return ""
    heading = read.headings[0]
    front = front_matter_lines(text)
    at = sum(len(line) + 1 for line in text.split("\n", front)[:front])  # (after the front)
    before = outside(text, at, heading.position, read.comments)
    return "" if before.strip() else heading.text


def outline(text: str, limit: int | None = None) -> Outline:
    """The headings (ATX and setext) and the HTML comments of `text`, read a line at a time with
    the rules the highlighting reads (`line_state`): nothing in fenced or indented code, no
    comment in a code span, no heading in a comment. A setext heading's text is its whole
    paragraph, as CommonMark reads it (its lines joined by a space). With `limit`, the reading
    stops at that many headings (and its comments there). A line may end in "\r".

    One pass in which most lines of prose are read by their first character: a 2 MB manuscript
    in some tens of milliseconds (test_palette.py measures it)."""
    headings: list[Heading] = []
    comments: list[tuple[int, int]] = []
    state = NORMAL
    at = 0  # where the line starts
    opened = -1  # where the comment open now began
    paragraph = (0, 0)  # where the paragraph the line is in starts, and its line
    front = front_matter_lines(text)
    rows = text.split("\n")
    quoted = 0  # the line (from 0) the lines read after a quotation's paragraph run from
    for number, raw in enumerate(rows, 1):
        line = raw[:-1] if raw[-1:] == "\r" else raw
        if number <= front:  # (YAML front matter: "title: …" over "---" is no heading)
            at += len(raw) + 1
            continue
        if state not in (QUOTED, OPENED_QUOTED):
            quoted = number - 1
        was = state
        state, inside = _entered(line, state)  # (as `line_state` reads it)
        if was in _OPENED_IN and state != COMMENT:  # (the comment the line above left open
            comments.pop()  # was text)
            opened = -1
        if state >= _FENCE:  # (in_fence: a call less for each line)
            if _fence_closes(line, state):
                state = _after_fence(state)
        elif state == COMMENT:
            end = line.find("-->")
            if end >= 0:
                comments[-1] = (opened, at + end + 3)  # (it ran to its line's end)
                opened = -1
                if line.find("<!--", end + 3) >= 0:
                    opened = _add_comments(line, end + 3, at, comments)
                state = COMMENT if opened >= 0 else inside
        else:
            kind, after = _block(line, state)
            if kind == _TEXT and _raw_line(line, state, after):
                # a <pre>'s, a script's line: no heading, and a comment in it ends with it (it
                # opens none, as `line_state` reads it; the highlighting greys it to there)
                if "<!--" in line and _add_comments(line, 0, at, comments, raw=True) >= 0:
                    comments[-1] = (comments[-1][0], at + len(line))
            elif kind == _TEXT:
                if after == PARAGRAPH and state != PARAGRAPH:
                    paragraph = (at, number)
                found = _HEADING.match(line) if "#" in line[:4] else None
                opened = -1
                if "<!--" in line:
                    opened = _add_comments(line, 0, at, comments, single_line(line))
                if opened >= 0 and after in _OPENED and not _closes_in(
                    itertools.islice(rows, number, None), after
                ):  # (left open where its paragraph ends before its "-->": text)
                    comments.pop()
                    opened = -1
                elif opened >= 0:
                    after = _OPENED.get(after, COMMENT)
                if found:
                    rest = outside(text, at + found.end(), at + len(line), comments)
                    title = _atx_title(rest)
                    headings.append(Heading(len(found[1]), title, at, number))
            if (kind == _TEXT and after in UNDERLINE_IN_QUOTATION and quoted < number - 1
                    and setext_level(_quoted_text(line, _QUOTES.match(line).end()))
                    and _quotation_underline(rows[max(quoted, number - SETEXT_LINES) : number])):
                after = NORMAL  # (a quotation's underline ends its paragraph, as the editor's)
            elif kind == _UNDERLINED and state == PARAGRAPH:  # (not a list item's: as
                # its ATX heading, a heading in a list is not listed)
                lines = outside(text, paragraph[0], at - 1, comments).split("\n")
                title = " ".join(part.strip() for part in lines).strip()
                level = setext_level(line)
                headings.append(Heading(level, title, paragraph[0], paragraph[1]))
            state = after
            if limit is not None and len(headings) >= limit:
                break
        at += len(raw) + 1
    if state in _OPENED_IN and (limit is None or len(headings) < limit):
        comments.pop()  # (the text ends the paragraph: the comment was text)
        opened = -1
    if opened >= 0:
        comments[-1] = (opened, len(text))
    return Outline(headings, comments, opened)




def _quotation_underline(rows: list[str]) -> bool:
    """Whether the last of `rows` (a quotation's lines from its paragraph's, read after
    QUOTED) is its paragraph's underline (`quoted_paragraph`)."""
    return quoted_paragraph([r[:-1] if r[-1:] == "\r" else r for r in rows])[1]


def _add_comments(
    line: str, start: int, at: int, comments: list[tuple[int, int]], single: bool = False,
    raw: bool = False,
) -> int:
    """Add the comments of `line` (which starts at `at` in the text) from `start` to
    `comments` (one left open to the line's end, but where the line is `single_line`'s);
    returns where that one begins, or -1. `raw`: the line is HTML (`_raw_line`), no code."""
    found, opened = _comments(line, start, [] if raw else _code_spans(line, start))
    if opened and single:
        found, opened = found[:-1], False
    comments.extend((at + a, at + b) for a, b in found)
    return at + found[-1][0] if opened else -1


def outside(text: str, start: int, end: int, comments: list[tuple[int, int]]) -> str:
    """`text[start:end]` less the comments in it (`comments`: in order, in `text`'s indices,
    ending with the last of them): the outline's, and the counts' line by line."""
    inside = []
    for a, b in reversed(comments):
        if b <= start:
            break
        if a < end:
            inside.append((max(a, start), min(b, end)))
    pieces, at = [], start
    for a, b in reversed(inside):
        pieces.append(text[at:a])
        at = b
    pieces.append(text[at:end])
    return "".join(pieces)


def _atx_title(rest: str) -> str:
    """An ATX heading's text without the closing marks it may have ("## Title ##"; "C#" keeps
    its own)."""
    title = rest.strip()
    bare = title.rstrip("#")
    if bare != title and (not bare or bare[-1] in " \t"):
        title = bare.strip()
    return title


def headings_of(text: str, limit: int | None = None) -> list[Heading]:
    """The headings of `text` that have a text (Go to Heading's list), the first `limit`."""
    return [heading for heading in outline(text, limit).headings if heading.text]


# Enter in a list or a quotation -----------------------------------------------------------------
_PREFIX = re.compile(
    r"(?P<quote>[ \t]*(?:>[ \t]?)+)?"
    r"(?P<item>(?P<indent>[ \t]*)(?P<marker>[-+*]|(?P<number>\d{1,9})(?P<delim>[.)]))"
    r"(?P<space>[ \t]+|$)(?P<task>\[[ xX]\](?P<task_space>[ \t]+|$))?)?"
)
_HEADING_MARKS = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]{0,3}#{1,6}(?:[ \t]+|$)")


def text_start(line: str) -> int:
    """Where a line's own text begins after its Markdown marks: a quotation's ">", a list
    item's marker and its task's box (as Enter reads them), a heading's "#" (a rewrite of the
    line's sentence leaves them as they are)."""
    heading = _HEADING_MARKS.match(line)
    if heading is not None:
        return heading.end()
    prefix = _PREFIX.match(line)
    return prefix.end() if prefix is not None else 0


@dataclass(frozen=True)
class Edit:
    """Text put in place of `start`..`end` of the text given (its indices), and the selection
    after it (`anchor`, `cursor`) in the text as it is then."""

    start: int
    end: int
    text: str
    anchor: int
    cursor: int


def enter(line: str, column: int, same_number: bool = False, last: bool = False) -> Edit | None:
    """What Enter at `column` of `line` does in a list item or a quotation (None: what it does
    anywhere). After "- item", "1. item", "- [x] task" or "> quote" the next line starts with
    the same marks, a number one more (the same one with `same_number`: a list numbered "1."
    throughout, see `numbered_alike`) and a task box empty; on an item with nothing but its
    marks, the marks go (the list, or the quotation, ends there); `last`: nothing follows the
    line but blank lines (a list ending there is left with a blank line after it)."""
    found = _PREFIX.match(line)
    if not found or not (found["quote"] or found["item"]):
        return None
    if found["item"] and not found["space"]:
        return None  # a bare "-" or "1.": an item only once something follows it
    if found["item"] and _BREAK.fullmatch(line):
        return None  # "* * *" is a thematic break, "- - -" too
    prefix_end = found.end()
    if column < prefix_end:
        return None  # in the marks themselves: a line goes in before the item, as anywhere
    if not line[prefix_end:].strip():
        # an empty item: its marks go (a quotation's stay while a list in it ends); a list at
        # the left margin ends with a blank line, so that what is typed next is a paragraph of
        # its own (typed on the emptied line, it went on the last item: "• b She closed…")
        kept = found["quote"] if found["item"] and found["quote"] else ""
        kept = kept.rstrip() + " " if kept else ""
        if found["item"] and not found["quote"] and not found["indent"] and last:
            kept = "\n"
        return Edit(0, len(line), kept, len(kept), len(kept))
    quote = found["quote"] or ""
    if quote and not quote.endswith((" ", "\t")):
        quote += " "
    item = ""
    if found["item"]:
        marker = found["marker"]
        if found["number"]:
            number = int(found["number"]) + (0 if same_number else 1)
            marker = f"{number}{found['delim']}"
        item = found["indent"] + marker + (found["space"] or " ")
        if found["task"]:
            item += "[ ]" + (found["task_space"] or " ")
    text = "\n" + quote + item
    return Edit(column, column, text, column + len(text), column + len(text))


NEST_LOOK = 200  # lines above read for the item an item nests under


def nest(line: str, above: Iterable[str], outdent: bool = False) -> Edit | None:
    """Tab (Shift+Tab: `outdent`) in a list item, as in Typora and Obsidian: the item goes one
    level in, under the item above it at its level (indented to that item's text, where
    CommonMark reads a sub-item), or one level out, to the indentation of the item it was
    under; a numbered item takes the number after its new neighbour's (1 where it begins a
    list). `above`: the lines above, nearest first. None where `line` is no list item (the
    key does what it does anywhere); an Edit that changes nothing where the item cannot go
    (the first of its list, or at the margin already)."""
    found = _PREFIX.match(line)
    if not found or not found["item"] or not found["space"] or found["quote"]:
        return None
    if _BREAK.fullmatch(line):
        return None
    column_of = len(found["indent"].expandtabs(4))
    items: list[tuple[int, re.Match[str]]] = []  # the items above, nearest first
    for n, text in enumerate(above):
        if n >= NEST_LOOK:
            break
        if not text.strip():
            continue
        item = _PREFIX.match(text)
        if item and item["item"] and item["space"] and not item["quote"]:
            items.append((len(item["indent"].expandtabs(4)), item))
        elif not text[:1].isspace():
            break  # (a paragraph at the margin: the list ended above it)
    unchanged = Edit(0, 0, "", found.end(), found.end())
    if outdent:
        parent = next((item for at, item in items if at < column_of), None)
        if parent is None:
            return unchanged
        new_indent = parent["indent"]
        neighbour = parent
    else:
        under = None  # the item above at its level: the one it goes under
        for n, (at, _item) in enumerate(items):
            if at < column_of:
                break  # (the item it is under: nothing to nest under at its level)
            if at == column_of:
                under = n
                break
        if under is None:
            return unchanged
        parent = items[under][1]
        new_indent = " " * (column_of + len(parent["marker"]) + len(parent["space"]))
        # its new neighbour: an item at the new level between the one it goes under and it
        neighbour = next((item for at, item in items[:under] if at == len(new_indent)), None)
    marker = found["marker"]
    if found["number"]:
        number = 1
        if neighbour is not None and neighbour["number"]:
            number = int(neighbour["number"]) + 1
        marker = f"{number}{found['delim']}"
    end = found.end("marker")
    new = new_indent + marker
    moved = len(new) - end
    return Edit(0, end, new, found.end() + moved, found.end() + moved)


def numbered_alike(line: str, other: str) -> bool:
    """Whether `other` is an item of the numbered list `line` is an item of (the same indent,
    quotation and delimiter) with the same number: a list numbered "1." throughout, as many
    writers number one so that the reader (and CommonMark) counts. Enter then writes the same
    number and numbers nothing on."""
    found, item = _PREFIX.match(line), _PREFIX.match(other)
    if not found or not item or not found["number"] or not item["number"]:
        return False
    return (line[: found.start("marker")] == other[: item.start("marker")]
            and found["delim"] == item["delim"] and found["number"] == item["number"])  # fmt: skip


def renumbered(line: str, column: int, following: Iterable[str]) -> list[tuple[int, Edit]]:
    """After `enter`'s edit at `column` of `line`, a numbered list's item: its items after
    `line` numbered on, from one more than the item Enter wrote, or from the number of the item
    it emptied (the list goes on past the blank line left, as CommonMark reads it), so a list
    that starts at 5 counts from 5. (i, edit) for the ith of `following` (the lines after
    `line`, read only as far as the list goes), none for an item numbered so already. The
    list's items are the lines at the item's indent in the same quotation with its delimiter
    ("1." or "1)"); a blank line or a line indented more is passed over; anything else ends it."""
    found = _PREFIX.match(line)
    if not found or not found["number"]:
        return []
    number = int(found["number"]) + (2 if line[found.end() :].strip() else 0)
    return _numbered_on(line[: found.start("marker")], found["delim"], number, following)


def _numbered_on(
    lead: str, delim: str, number: int, following: Iterable[str]
) -> list[tuple[int, Edit]]:
    """The items of a numbered list (those at `lead`, its indent and quotation, with `delim`)
    in `following` numbered from `number`, as far as the list goes: a blank line or a line
    indented more (an item's text, a list in it) is passed over, anything else ends it. (i,
    edit of its number) for the ith line, none for an item numbered so already."""
    edits: list[tuple[int, Edit]] = []
    for i, text in enumerate(following):
        if not text.strip(" \t>"):
            continue  # a blank line (in a quotation, one of ">")
        if not text.startswith(lead):
            break
        if text[len(lead) : len(lead) + 1] in (" ", "\t"):
            continue  # the item's text, or a list in it
        item = _PREFIX.match(text)
        if not item or item.start("marker") != len(lead) or item["delim"] != delim:
            break
        if int(item["number"]) != number:
            a, b = item.span("number")
            edits.append((i, Edit(a, b, str(number), a, a)))
        number += 1
    return edits


def difference(line: str, new: str, anchor: int | None = None, cursor: int | None = None) -> Edit:
    """The Edit that makes `line` `new`, its smallest (what the two share at either end is
    kept); the selection after at `anchor`..`cursor` of `new`, or the edit's end."""
    start = 0
    most = min(len(line), len(new))
    while start < most and line[start] == new[start]:
        start += 1
    end = 0
    while end < most - start and line[-1 - end] == new[-1 - end]:
        end += 1
    text = new[start : len(new) - end]
    at = start + len(text)
    return Edit(start, len(line) - end, text, at if anchor is None else anchor,
                at if cursor is None else cursor)  # fmt: skip


def renumbered_nested(
    moved: list[tuple[int, str, str]], line_at: Callable[[int], str | None]
) -> dict[int, str]:
    """After Tab or Shift+Tab (`nest`) moved numbered items: the lines of the lists they left and
    joined, numbered on, so that "1. 2. 3. 4." with the third item moved in reads "1. 2. (1.)
    3." and not "1. 2. (1.) 4.". `moved`: (i, the line before, the line after) of each item
    moved, in order; `line_at(i)`: line i of the text before the move (None past its end).
    Returns the new text of each line that changes, the moved ones too.

    After each moved item, the items at its new level are numbered on from its own number, and
    those at the level it left: from the number it had there (Tab: the list it left goes on
    without it; a list numbered "1." throughout stays so), from 1 (Shift+Tab: the items that
    were after it are now a list of its own, under it). Only the list's lines are read (as
    `renumbered` reads them), so a long text costs nothing more. The moved items are taken
    from the last, so that an earlier one's numbering, which runs over the later ones, counts."""
    changed = {i: after for i, _before, after in moved}

    def current(i: int) -> str | None:
        return changed.get(i, line_at(i))

    def lines_after(i: int) -> Iterator[str]:
        while (text := current(i + 1)) is not None:
            yield text
            i += 1

    for i, before, _after in reversed(moved):
        old, new = _PREFIX.match(before), _PREFIX.match(current(i) or "")
        if not old or not new or not old["number"] or not new["number"]:
            continue
        old_lead, new_lead = before[: old.start("marker")], new.string[: new.start("marker")]
        went_in = len(new_lead.expandtabs(4)) > len(old_lead.expandtabs(4))
        walks = [
            (new_lead, new["delim"], int(new["number"]) + 1),
            (old_lead, old["delim"], int(old["number"]) if went_in else 1),
        ]
        for lead, delim, number in walks:
            for n, edit in _numbered_on(lead, delim, number, lines_after(i)):
                text = current(i + 1 + n) or ""
                changed[i + 1 + n] = text[: edit.start] + edit.text + text[edit.end :]
    return changed


_NOT_IN_ADDRESS = re.compile(r"[\x00-\x20\x7f()<>]")  # (bare in a destination, these end it)
_NOT_IN_PATH = re.compile(r"[\x00-\x20\x7f()<>%#?\\]")


def destination(address: str, path: bool = False) -> str:
    """`address` as a Markdown link's or picture's destination, `(…)` after its text: the
    characters a bare destination cannot hold (white space, controls, parentheses, angle
    brackets) percent-encoded, so "a b.png" is "a%20b.png", as Obsidian and VS Code write it.
    A file's `path` has "%", "#", "?" and "\\" encoded too (in a web address they are its
    own escapes, query and fragment; in a file's name they are letters). The one form that
    every reader here reads back to the same file: CommonMark, Qt's Markdown reader (the
    preview, the PDF and OpenDocument export), a browser (the web page export writes the
    address as it is, and a space is no URL's) and Ctrl+click (`link_at`, then a URL);
    `<a b.png>` kept the space for CommonMark, but a web page's `src` and a "#" in a name
    were another file. Letters of other scripts stay as they are."""
    found = _NOT_IN_PATH if path else _NOT_IN_ADDRESS
    return found.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), address)


# the Format menu ----------------------------------------------------------------------------
_KIND_OF_MARK = {"**": Kind.STRONG, "*": Kind.EMPHASIS, "`": Kind.CODE, "~~": Kind.STRIKE}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _wide(ch: str) -> bool:
    """A character of a script written without spaces (Chinese, Japanese): a "word" around the
    cursor would be the whole sentence."""
    return unicodedata.east_asian_width(ch) in "WF"


def _word_at(line: str, column: int) -> tuple[int, int] | None:
    """The word (letters and digits of a spaced script) at or just before `column`."""
    for found in _WORD.finditer(line, max(0, column - 200), min(len(line), column + 200)):
        if found.start() <= column <= found.end():
            word = found[0]
            if any(_wide(ch) for ch in word):
                return None
            return found.span()
        if found.start() > column:
            break
    return None


def _span_around(line: str, start: int, end: int, kind: Kind) -> Span | None:
    """The innermost span of `kind` in `line` that holds `start`..`end`."""
    spans, _state = line_spans(line)
    best = None
    for span in spans:
        holds = span.kind == kind and span.start <= start and end <= span.end
        if holds and (best is None or span.end - span.start < best.end - best.start):
            best = span
    return best


def toggle(line: str, start: int, end: int, mark: str) -> Edit:
    """Bold ("**"), italic ("*"), code ("`") or strikethrough ("~~") at `start`..`end` of
    `line` (one line: the selection, or the cursor where they are equal): a selection is
    wrapped in the marks, or unwrapped when it is already (its marks inside or just around
    it); the cursor in a span of the kind unwraps it (an empty pair goes; at the end of its
    text the cursor steps over the closing marks, as Bold off does elsewhere); the cursor in a
    word wraps the word; anywhere else the pair goes in, the cursor between."""
    kind, n = _KIND_OF_MARK[mark], len(mark)
    if start != end:
        inner_start, inner_end = start, end
        while inner_start < inner_end and line[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and line[inner_end - 1].isspace():
            inner_end -= 1
        chosen = line[inner_start:inner_end]
        span = _span_around(line, inner_start, inner_end, kind)
        if span is not None and (span.start, span.end) == (inner_start, inner_end):
            inner = chosen[n:-n] if len(chosen) >= 2 * n else ""
            return Edit(inner_start, inner_end, inner, inner_start, inner_start + len(inner))
        if span is not None and (span.start, span.end) == (inner_start - n, inner_end + n):
            return Edit(span.start, span.end, chosen, span.start, span.start + len(chosen))
        if not chosen:
            return Edit(start, end, mark * 2, start + n, start + n)
        return Edit(inner_start, inner_end, mark + chosen + mark, inner_start + n, inner_end + n)
    column = start
    if line[max(0, column - n) : column + n] == mark * 2:  # "**|**": the pair goes
        return Edit(column - n, column + n, "", column - n, column - n)
    span = _span_around(line, column, column, kind)
    if span is not None and span.start < column < span.end:
        text = line[span.start + n : span.end - n]
        if column == span.end - n:  # "**bold|**": past the closing marks
            return Edit(column, column, "", span.end, span.end)
        return Edit(span.start, span.end, text, column - n, column - n)
    word = _word_at(line, column)
    if word is not None:
        a, b = word
        return Edit(a, b, mark + line[a:b] + mark, column + n, column + n)
    return Edit(column, column, mark * 2, column + n, column + n)


def link(line: str, start: int, end: int) -> Edit:
    """Link at `start`..`end` of `line`: the cursor in a link takes the link away and keeps its
    text; a selected URL becomes "[](URL)" with the cursor in the brackets; other selected
    text, or the word at the cursor, "[text]()" with the cursor where the URL goes; anywhere
    else "[]()", the cursor in the brackets."""
    if start == end:
        for found in _LINK.finditer(line):
            if found.start() < start < found.end():
                text = found[2]
                at = min(max(found.start(), start - len(found[1]) - 1), found.start() + len(text))
                return Edit(found.start(), found.end(), text, at, at)
            if found.start() > start:
                break
        word = _word_at(line, start)
        if word is None:
            return Edit(start, start, "[]()", start + 1, start + 1)
        start, end = word
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    chosen = line[start:end]
    if not chosen:
        return Edit(start, end, "[]()", start + 1, start + 1)
    if re.fullmatch(r"(?:https?://|www\.|mailto:)\S+", chosen):
        return Edit(start, end, f"[]({chosen})", start + 1, start + 1)
    at = start + len(chosen) + 3
    return Edit(start, end, f"[{chosen}]()", at, at)


def heading(line: str, level: int) -> Edit:
    """`line` made a heading of `level` (1 to 6), or a paragraph when it is one of that level
    already; the cursor's place is the caller's to keep (`Edit.anchor` and `cursor` are where
    the line's text starts now)."""
    found = _HEADING.match(line)
    old_end = found.end() if found else 0
    marks = "" if found and len(found[1]) == level else "#" * level + " "
    return Edit(0, old_end, marks, len(marks), len(marks))
