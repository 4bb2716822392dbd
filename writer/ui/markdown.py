"""Markdown in the editor: its highlighting, Enter in lists and quotations, and the Format menu's
edits. A Markdown document has them (`Editor.set_markdown`); a .txt stays plain text.

What is Markdown is `writer.documents.markdown`'s to say (a line's spans and the state it
leaves, what Enter writes, the edits); this module puts it on the editor.

**Highlighting.** `Highlighter` lays each block's spans on the block's layout as format ranges,
the formats a layout draws over the document's own (as QSyntaxHighlighter does: nothing enters
the document, its undo stack or its signals), and keeps the state each block leaves in its
`userState`. QSyntaxHighlighter would highlight a whole new text at once, in Python, a block at
a time: so this follows the document's changes itself.

- An edit lays the blocks it touched at once, and the blocks after them while the state they
  leave changes (a fence typed, a paragraph's line under which an indented line is no longer
  code), for at most EDIT_S; the rest is owed. A paragraph's line is laid with the lines after
  it read as far as its paragraph goes (at most SETEXT_LINES), for a setext underline (`===`
  or `---`) that makes the paragraph a heading; an edit in a paragraph, or under one, lays the
  paragraph's lines above it again where that changed (an underline typed or deleted), known
  by the heading's format in the line above (`_HEADING_MARK`); where the edit's line became a
  heading's or no longer is one, the lines under it are laid on (SETEXT_LINES and one), their states
  as they were: its paragraph's and its underline's formats follow it. A line after the edit whose
  state changes but which is laid as it was (`markdown.passes_alike`: a list item's text after a key
  that changed the item's column, "1." to "10.", a quoted item's after one that changed its depth)
  takes its new state alone, its formats kept where its heading's are as they were
  (`_alike`): such a key lays the lines that change, not the whole item.
- What is owed (a text just opened, a long cascade) is laid on a zero timer, SLICE_S a turn, so
  that a key waits at most one turn; the blocks in view come first, the state before them
  carried from the last block laid by `state_after`, which passes most lines over at a glance.
  A turn repaints the lines in view that it laid, not the whole view (`_relaid`).

The layout's pre-edit area is others': the ghost text's (`GhostText`, which calls `restyle`
when it changes the area) and an input method's composition (Qt says so in `contentsChange`).
Ranges inside it are theirs and are kept, after the highlight's so that they win; the
highlight's ranges after it are moved past it, and one that runs across it runs on over it (a
composition or a suggestion in the middle of bold text is bold, at the end of a heading too).
Headings are bold, not larger, and code's fixed font is made no taller than the text's: lines
keep the text's height, so the ghost and the cursor stay where QPlainTextEdit counts its lines.
The colours are mixed from the editor's palette, so a dark theme has its own.

**Spelling.** With a speller (`set_speller`, writer/documents/spelling.py), the misspelled words
of each block laid are underlined with a red wave, as part of the same laying (so it stays as
incremental as the rest): never in code, comments, the YAML front matter, a link's URL (the
spans of those kinds are passed over), inline HTML's tags and entities (`markdown.html_tags`:
`<img src=…>`'s "img", "&nbsp;"), nor in the ghost text (not the block's text). The word
that ends where the last edit left the cursor is not underlined while the cursor stays there
(`typing_at`): a word being typed is not yet misspelled; moving away lays its block again. A
plain-text document has a highlighter only for its spelling (`plain`): no Markdown spans. A
block is checked whole at each key in it, so a block of over SPELLED_MOST characters (a
paragraph is rarely a tenth of that; a text of one 2 MB line held each key over a second) is
not checked at all: no underline, rather than a window that waits.

**Long lines.** Qt lays a block out again at each key in it, and with format ranges that costs
more than the square of its length (a key in a line of 400,000 characters: 60 ms plain, 750 ms
highlighted; in one of 2 MB, 0.3 s plain and 11 s highlighted). A block of over LAID_MOST
characters (a long paragraph is a tenth of that) is left unhighlighted: its state is read
(`markdown.line_state`, at a glance) so that what follows it is right, and its text is plain.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import compress
from operator import ne
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPalette,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit

from writer.assist.context import char_index, qt_length
from writer.documents import markdown, tables
from writer.documents.markdown import (
    COMMENT,
    NORMAL,
    OPENED,
    OPENED_QUOTED,
    OPENED_STATES,
    PARAGRAPH,
    QUOTED,
    SETEXT_LINES,
    Edit,
    Kind,
)
from writer.documents.spelling import Speller
from writer.ui import relayout
from writer.ui.ghost import KEPT
from writer.ui.steps import end_step, insert_step
from writer.ui.theme import problem_colour

if TYPE_CHECKING:
    from writer.ui.editor import Editor

EDIT_S = 0.004  # laid at an edit, before the rest is owed to the timer
SLICE_S = 0.008  # laid in one turn of the timer
CACHED_LINES = 64  # the spans of the lines laid last, kept (a ghost lays its line again often)
# a property of the heading's format alone (strong text's looks the same): a paragraph's line
# laid as a setext heading's is known by it
_HEADING_MARK = QTextFormat.Property.UserProperty + 1
# the kinds whose words are never checked: code, comments, the marks and a link's URL
_NOT_CHECKED = frozenset({Kind.CODE, Kind.CODE_BLOCK, Kind.COMMENT, Kind.MARKUP})
TYPED_MOST = 64  # an edit of more characters is not typing: no word at its end is spared
SPELLED_MOST = 10_000  # a longer block's spelling is not checked (see the module's docstring)
LAID_MOST = 20_000  # a longer block is not highlighted (Long lines, the module's docstring)
# the kinds that run to the line's end: what is shown at its end is in them (a suggestion at the
# end of a heading is heading; after "**bold**" it is not bold)
_RUN_ON = (Kind.QUOTE, Kind.HEADING, Kind.CODE_BLOCK)
# the states of a line whose paragraph an underline may make a heading (a quotation's too), and
# of those lines where they left a comment open
_UNDERLINED_STATES = frozenset(
    (PARAGRAPH, QUOTED, *markdown.ITEM_STATES, *markdown.QUOTED_ITEM_STATES))
_UNDERLINED_LINES = frozenset(
    (PARAGRAPH, OPENED, QUOTED, OPENED_QUOTED, *markdown.ITEM_STATES,
     *markdown.OPENED_ITEM_STATES, *markdown.QUOTED_ITEM_STATES,
     *markdown.OPENED_QUOTED_ITEM_STATES)  # fmt: skip
)


def _heading_laid(block: QTextBlock) -> bool:
    """Whether `block` is laid as a heading's line (`_HEADING_MARK`)."""
    return any(r.format.hasProperty(_HEADING_MARK) for r in block.layout().formats())


def mix(base: QColor, other: QColor, share: float) -> QColor:
    """`share` of the way from `base` to `other`."""
    return QColor(
        *(
            round(b + (o - b) * share)
            for o, b in zip(
                (other.red(), other.green(), other.blue()),
                (base.red(), base.green(), base.blue()),
                strict=True,
            )
        )
    )


def formats_for(palette: QPalette, font: QFont) -> dict[Kind, QTextCharFormat]:
    """Each kind's format, in colours of `palette`: marks in a muted tint of its link colour (not
    the ghost's grey), code in the fixed font on a faint ground, a table's rows in the fixed
    font, at a size whose lines are no taller than those of `font`, the text's."""
    roles = QPalette.ColorRole
    text, base, link = (palette.color(r) for r in (roles.Text, roles.Base, roles.Link))
    formats = {kind: QTextCharFormat() for kind in Kind}
    formats[Kind.MARKUP].setForeground(mix(base, link, 0.6))
    formats[Kind.HEADING].setFontWeight(QFont.Weight.Bold)
    formats[Kind.HEADING].setProperty(_HEADING_MARK, True)
    formats[Kind.STRONG].setFontWeight(QFont.Weight.Bold)
    formats[Kind.EMPHASIS].setFontItalic(True)
    formats[Kind.STRIKE].setFontStrikeOut(True)
    formats[Kind.LINK].setForeground(link)
    formats[Kind.LINK].setFontUnderline(True)
    formats[Kind.QUOTE].setForeground(mix(text, link, 0.4))
    formats[Kind.COMMENT].setForeground(mix(base, text, 0.5))
    formats[Kind.COMMENT].setFontItalic(True)
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    size = _code_size(fixed, font)
    for kind in (Kind.CODE, Kind.CODE_BLOCK, Kind.TABLE):
        formats[kind].setFontFamilies([fixed])
        if size < font.pointSizeF():
            formats[kind].setFontPointSize(size)
        if kind != Kind.TABLE:  # (a table's row: only its font, for its columns to align)
            formats[kind].setBackground(mix(base, text, 0.07))
    return formats


def spelling_format(palette: QPalette) -> QTextCharFormat:
    """A misspelled word's format: the red wave under it (a lighter red on a dark ground)."""
    wrong = QTextCharFormat()
    wrong.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    # (the one red of a problem: theme.py's, on the editor's ground)
    wrong.setUnderlineColor(problem_colour(palette, QPalette.ColorRole.Base))
    return wrong


def _line_height(font: QFont) -> float:
    layout = QTextLayout("Xg", font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return line.height()


def _code_size(family: str, font: QFont) -> float:
    """The size (in points, the text's at most, a quarter less at least) at which a line in
    `family` is no taller than a line in `font`: Noto Sans Mono's lines are a sixth taller than
    a serif's of the same size."""
    limit, code = _line_height(font), QFont(font)
    code.setFamilies([family])
    size = font.pointSizeF()
    while size > 0.75 * font.pointSizeF():
        code.setPointSizeF(size)
        if _line_height(code) <= limit:
            break
        size -= 0.25
    return size


def _units(line: str) -> Callable[[int], int]:
    """A line's Python index to its Qt position (they differ after a character beyond the
    Basic Multilingual Plane, an emoji)."""
    if line.isascii() or len(line.encode("utf-16-le")) == 2 * len(line):
        return lambda i: i
    ends, at = [0], 0
    for ch in line:
        at += 2 if ord(ch) > 0xFFFF else 1
        ends.append(at)
    return ends.__getitem__



# the characters of a line's start that say what it is (its indent, quotation's and item's
# marks, a heading's "#"): an edit further in leaves its paragraph going on as it did
_LINE_START = 12


def _blocks(first: QTextBlock, last: QTextBlock) -> Iterator[QTextBlock]:
    """The blocks from `first` to `last`, both in."""
    block = first
    while block.isValid():
        yield block
        if block == last:
            return
        block = block.next()


def lines_after(block: QTextBlock) -> Iterator[str]:
    """The texts of the blocks after `block`, in order."""
    block = block.next()
    while block.isValid():
        yield block.text()
        block = block.next()

class Highlighter(QObject):
    """The Markdown highlighting of one editor's document (see the module's docstring)."""

    def __init__(self, editor: QPlainTextEdit, plain: bool = False) -> None:
        super().__init__(editor)
        self.editor = editor
        self.document = editor.document()
        self.plain = plain  # a plain text's: its spelling only
        self.formats = formats_for(editor.palette(), editor.font())
        self.spelling = spelling_format(editor.palette())
        self.speller: Speller | None = None
        self.typing_at: int | None = None  # where the last edit left the cursor (see module)
        self._cache: dict[
            tuple[str, int, bool],
            tuple[list[tuple[int, int, Kind]], int, list[tuple[int, int]]],
        ] = {}
        # what is owed: the blocks from position `_from`, those that start before `_until`
        # whatever the state they leave, then on while it changes (None: nothing)
        self._from: int | None = None
        self._until = 0
        self._view_laid = False  # the blocks in view were laid ahead of what is owed
        # where the last run stopped (what is owed from) and the state the block before it
        # left before that run laid it (`_alike`), till an edit
        self._was: tuple[int, int | None] | None = None
        # the paragraph's lines read last (`_underlined`): (first, end, verdict, block, the
        # quotation marks of its first line: `markdown.quoted_paragraph`'s depth), the
        # lines numbered after the first and before the end go on with it, and the line
        # numbered end (that block) is its underline (True), none of it (False) or not read yet
        # (None); None after an edit
        self._paragraph: tuple[int, int, bool | None, QTextBlock, int] | None = None
        self._laid = False  # some block has the highlight's ranges (`close` takes them away)
        self._changing = False  # in the document's `contentsChange` (`_changed`)
        # in a turn (`_repainting`): the blocks in view and their heights before it, and the
        # positions laid in it (None: in none)
        self._shown: list[tuple[QTextBlock, float]] | None = None
        self._marked: list[tuple[int, int]] = []
        # the text has or had a "<!--" (a comment that may be open in a paragraph): without
        # one, an edit never looks above its line for it (`_opener_to_lay`)
        self._comments = "<!--" in self.document.toPlainText()
        # the YAML front matter's lines at the start (0: none)
        self._front = 0 if plain else self._front_lines()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)
        self.table_seen = TableSeen()  # the table the keys were last in (its own)
        self.document.contentsChange.connect(self._changed)
        editor.verticalScrollBar().valueChanged.connect(self._view_moved)
        self._owe(0, self.document.characterCount())

    @property
    def pending(self) -> bool:
        """Some blocks are still to be laid (by the timer)."""
        return self._from is not None

    # the state of a block -----------------------------------------------------------------
    def state_before(self, block: QTextBlock) -> int:
        """The state the block before `block` leaves (NORMAL at the start, or not yet laid)."""
        previous = block.previous()
        state = previous.userState() if previous.isValid() else NORMAL
        return state if state >= 0 else NORMAL

    @property
    def front_lines(self) -> int:
        """The lines of the YAML front matter at the document's start (0: none)."""
        return self._front

    def in_front_matter(self, block: QTextBlock) -> bool:
        """`block` is a line of the YAML front matter at the document's start."""
        return bool(self._front) and block.blockNumber() < self._front

    def in_code(self, block: QTextBlock) -> bool:
        """`block` is code, fenced or indented, or in an HTML comment (as laid so far)."""
        state = self.state_before(block)
        if state in OPENED_STATES:  # (a comment opened above: one where its paragraph goes on)
            return not markdown.comment_ends(block.text(), state)
        text = block.text()
        return (markdown.in_fenced_code(text, state) or state == COMMENT
                or markdown.in_indented_code(text, state))

    # laying -------------------------------------------------------------------------------
    def _spans(
        self, text: str, state: int, underlined: bool = False, single: bool | None = None
    ) -> tuple[list[tuple[int, int, Kind]], int, list[tuple[int, int]]]:
        """A line's spans (in Qt positions), the state it leaves and the spans whose words are
        not checked (in Python indices)."""
        key = (text, state, underlined, single)
        found = self._cache.get(key)
        if found is None:
            spans, after = markdown.line_spans(text, state, underlined, single)
            if spans and spans[-1].kind == Kind.TABLE:  # (its bars tinted: the last laid)
                spans = spans + markdown.table_marks(text)
            unit = _units(text)
            shut = [(s.start, s.end) for s in spans if s.kind in _NOT_CHECKED]
            shut += markdown.html_tags(text)
            found = ([(unit(s.start), unit(s.end), s.kind) for s in spans], after, shut)
            if len(self._cache) >= CACHED_LINES:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = found
        return found

    def _spans_of(
        self, block: QTextBlock, state: int
    ) -> tuple[list[tuple[int, int, Kind | None]], int]:
        """`block`'s spans, coming after `state`, and the state it leaves: a paragraph's line
        is a heading where its paragraph goes on to a setext underline; a comment it leaves
        open is text where its paragraph ends with it (`markdown.comment_ends`, as the preview
        reads it); a line of the YAML front matter at the start is shown as a comment (its
        "title:" over the closing "---" was a heading). Its misspelled words come last, of
        kind None."""
        text = block.text()
        if self.plain:
            return self._misspelled(block, text, []), NORMAL
        if self._front and block.blockNumber() < self._front:
            return [(0, qt_length(text), Kind.COMMENT)], NORMAL
        if len(text) > LAID_MOST:
            return [], markdown.line_state(text, state)
        spans, after, shut = self._spans(text, state)
        laid, single = after, None  # (the state the spans are laid for)
        if after in OPENED_STATES and not markdown.comment_closes(lines_after(block), after):
            # (a comment left open where its paragraph ends before its "-->": text, and the
            # next line reads after the paragraph's line)
            single = True
            spans, laid, shut = self._spans(text, state, False, True)
            after = laid
        if laid in markdown.UNDERLINE_IN_QUOTATION and state in (QUOTED, OPENED_QUOTED) and \
                self._quoted_underline(block):  # (NORMAL: "> ---", a break read alone)
            spans = [(0, qt_length(text), kind) for kind in (Kind.HEADING, Kind.MARKUP)]
            shut = [(0, len(text))]
            after = NORMAL  # (the underline ends its paragraph: no line after it goes on in it)
        elif (paragraph := PARAGRAPH if laid == OPENED else laid) in _UNDERLINED_STATES and \
                self._underlined(block, paragraph):  # (a comment it opened closes below)
            spans, _laid, shut = self._spans(text, state, True, single)
        if self.speller is not None and text:
            wrong = self._misspelled(block, text, shut)
            if wrong:
                return spans + wrong, after
        return spans, after

    def _misspelled(
        self, block: QTextBlock, text: str, shut: list[tuple[int, int]]
    ) -> list[tuple[int, int, Kind | None]]:
        """The misspelled words of `block` (Qt positions), but the one being typed (none in a
        block of over SPELLED_MOST characters)."""
        if self.speller is None or not text or len(text) > SPELLED_MOST:
            return []
        found = self.speller.misspelled(text, shut)
        if not found:
            return []
        unit = _units(text)
        typing = -1 if self.typing_at is None else self.typing_at - block.position()
        return [(unit(a), unit(b), None) for a, b in found if unit(b) != typing]

    def misspelled_at(self, block: QTextBlock, column: int) -> tuple[int, int] | None:
        """The misspelled word of `block` at Qt position `column` (its start and end there),
        as laid now, or None."""
        for start, end in self._laid_wrong(block):
            if start <= column <= end:
                return start, end
        return None

    def _laid_wrong(self, block: QTextBlock) -> list[tuple[int, int]]:
        """The misspelled words of `block` as laid (Qt positions in its text: those laid past
        a ghost before them are taken back by its width)."""
        layout = block.layout()
        at, shown = layout.preeditAreaPosition(), layout.preeditAreaText()
        width = qt_length(shown) if shown else 0
        found = []
        for piece in layout.formats():
            if piece.format == self.spelling:
                start = piece.start - width if width and piece.start >= at + width else piece.start
                found.append((start, start + piece.length))
        return found

    def next_misspelled(self, position: int) -> tuple[int, int] | None:
        """The first misspelled word that starts at `position` or after (document positions),
        from the text's start again after its end; None where there is none."""
        if self.speller is None:
            return None
        first = block = self.document.findBlock(position)
        wrapped = False
        while block.isValid():
            at = block.position()
            for start, end in self._wrong_in(block):
                if wrapped or block != first or at + start >= position:
                    return at + start, at + end
            if wrapped and block == first:
                return None
            block = block.next()
            if not block.isValid() and not wrapped:
                wrapped, block = True, self.document.firstBlock()
        return None

    def _wrong_in(self, block: QTextBlock) -> list[tuple[int, int]]:
        """The misspelled words of `block` (Qt positions): as laid, once all is laid (a look
        at each block's ranges); else read again."""
        if self.pending:
            spans = self._spans_of(block, self.state_before(block))[0]
            return [(start, end) for start, end, kind in spans if kind is None]
        return self._laid_wrong(block)

    def set_speller(self, speller: Speller | None) -> None:
        """Check the spelling with `speller` (None: not at all); the text is laid again."""
        if speller is self.speller:
            return
        self.speller = speller
        self.respell()

    def respell(self) -> None:
        """The speller's verdicts changed (a word added or ignored): every block is laid
        again, the view's first."""
        self._owe(0, self.document.characterCount())

    def cursor_moved(self, position: int) -> None:
        """The cursor is at `position`: a word being typed elsewhere is underlined if wrong."""
        if self.typing_at is None or position == self.typing_at:
            return
        block = self.document.findBlock(self.typing_at)
        self.typing_at = None
        if block.isValid() and self.speller is not None:
            with self._repainting():
                self._apply(block, self._spans_of(block, self.state_before(block))[0])
                self._relaid(block.position(), block.position() + block.length())

    def _underlined(self, block: QTextBlock, state: int = PARAGRAPH) -> bool:
        """Whether `block`, a paragraph's line (a quotation's paragraph's: `state` QUOTED, a
        list item's: one of ITEM_STATES, a quoted item's: of QUOTED_ITEM_STATES), is a setext
        heading's: its paragraph goes on to an underline within SETEXT_LINES
        (`markdown.under_paragraph`, in the quotation of as many marks as `block`'s, indented
        to the item's text). The lines read are the next lines' too: they are kept (till the
        next edit) and read on from, so that a long paragraph is read once, not SETEXT_LINES
        times."""
        number = block.blockNumber()
        column = markdown.item_column(state)
        known = self._paragraph
        if known is not None and known[0] <= number < known[1]:
            first, end, verdict, after, depth = known
            if verdict is not None:
                return verdict and end - number <= SETEXT_LINES
        else:
            first, end, verdict = number, number + 1, None
            depth = markdown.quoted_item_depth(state)  # (a quoted item's: its marks)
            after = block.next()
            if state == QUOTED:  # (its quotation's marks, kept with the lines read: a long
                # quotation's paragraph was read back SETEXT_LINES lines for each of its lines)
                depth, underline = self._quoted(block)
                if underline or not depth:  # (an underline, a line of code in a quotation)
                    return False
        while verdict is None and end - number <= SETEXT_LINES:
            if not after.isValid():
                verdict = False  # (the paragraph ends with the text)
                break
            verdict = markdown.under_paragraph(after.text(), depth, column)
            if verdict is None:
                end += 1
                after = after.next()
        self._paragraph = (first, end, verdict, after, depth)
        return bool(verdict)

    def _quoted_underline(self, block: QTextBlock) -> bool:
        """Whether `block`, a quotation's line, is its paragraph's underline ("> ===")."""
        text = block.text()
        return bool(markdown.setext_level(text[len(text) - len(text.lstrip(" \t>")) :])
                    and self._quoted(block)[1])  # fmt: skip

    def _quoted(self, block: QTextBlock) -> tuple[int, bool]:
        """`markdown.quoted_paragraph` of `block`, a quotation's line: the quotation marks of
        its paragraph and whether it is its underline, read from the quotation's lines above
        it (at most SETEXT_LINES)."""
        lines = [block.text()]
        while len(lines) < SETEXT_LINES and self.state_before(block) in (QUOTED, OPENED_QUOTED):
            block = block.previous()
            lines.append(block.text())
        return markdown.quoted_paragraph(lines[::-1])

    def _openers_above(self, block: QTextBlock) -> list[QTextBlock]:
        """The lines with a "<!--" above `block` up to a blank line, the last first, read up
        to COMMENT_LINES_MOST lines (its paragraph's, and maybe others': laid again alone,
        they are as they were): whether the comment one left open is one or text
        is read from the lines under it (`markdown.comment_closes`), `block` among them."""
        found = []
        above = block.previous()
        for _ in range(markdown.COMMENT_LINES_MOST):
            if not above.isValid():
                break
            text = above.text()
            if not text.strip():
                break
            if "<!--" in text:
                found.append(above)
            if "-->" in text:  # (a comment opened above it closes there, before `block`)
                break
            above = above.previous()
        return found

    def _paragraph_to_lay(self, block: QTextBlock, column: int, removed: int,
                          lines: QTextBlock | None) -> QTextBlock:  # fmt: skip
        """Where an edit in `block` (at `column`, `removed` characters taken out) is laid
        from: the first line of the paragraph above it where the paragraph's lines are
        headings now and were not, or the other way round (an underline typed or deleted); the
        first line of the paragraph above it that opens a comment, where the edit makes the
        comment one where it was text, or the other way round (`markdown.comment_closes`, by
        the lines under it); else `block`. `lines`: `block` where the edit is in it alone,
        None where it is over lines (an undo, a paste: any of them may change it)."""
        above = block.previous()
        if not above.isValid():
            return block
        underlined = self._underline_to_lay(above)  # (before a line above is laid again)
        first = self._opener_to_lay(block, column, removed, lines) or block
        if underlined is not None and underlined.position() < first.position():
            return underlined
        return first

    def _underline_to_lay(self, above: QTextBlock) -> QTextBlock | None:
        """The first line of the paragraph `above` ends (the line above an edit) where its
        lines are headings now and were not, or the other way round (None: they are as they
        were)."""
        state = above.userState()
        if state not in _UNDERLINED_LINES:
            return None
        if self._from is not None:  # (a line still owed has the formats of the text before
            # the edits since the lay that owes it: an undo under a paragraph whose first
            # lines were laid headings, the rest owed, saw no heading and left them so; the
            # heading is read from the paragraph's last line laid; one SETEXT_LINES above
            # the edit or further is no heading's by it: its lines were walked at each key
            # while a long paragraph was owed, 2,000 a key after "Add to dictionary")
            for _ in range(SETEXT_LINES + 1):
                if not self._from <= above.position() < self._until:
                    break
                before = above.previous()
                if not before.isValid() or before.userState() not in _UNDERLINED_LINES:
                    break
                above = before
            else:
                return None
            state = above.userState()
        was = _heading_laid(above)
        if state in (QUOTED, OPENED_QUOTED):  # (a quotation's underline is laid as a heading)
            now = self._quoted_underline(above) or self._underlined(above, QUOTED)
        else:  # (as the line is laid: an item's line that left a comment open is no heading's)
            paragraph = PARAGRAPH if state == OPENED else state
            now = paragraph in _UNDERLINED_STATES and self._underlined(above, paragraph)
        if was == now:
            return None
        for _ in range(SETEXT_LINES):
            before = above.previous()
            if not before.isValid() or before.userState() not in _UNDERLINED_LINES:
                break
            above = before
        return above

    def _opener_to_lay(self, block: QTextBlock, column: int, removed: int,
                       lines: QTextBlock | None = None) -> QTextBlock | None:  # fmt: skip
        """The first line above `block` in its paragraph that opens a comment where the edit
        in `block` changed whether that is one or text (None: no line, or no change). Only an
        edit that may change it is looked at: one with a "-->" in its line now, one that took
        text out (a "-->", or a blank line: the paragraph goes on), one at a line's start (a
        heading's "#" ends the paragraph) or in a table's row. The lines are laid again alone,
        from the first: where the state one leaves is the same, its comment is as it was."""
        if not self._comments:  # (no "<!--" in the text: nothing to lay again)
            return None
        text = block.text()
        if lines is not None and not (
            removed or column <= _LINE_START or "-->" in text or "|" in text
        ):
            return None
        for opener in reversed(self._openers_above(block)):  # (from the first: where one
            # is laid as it was, the lines under it to the next come after the same state)
            was = opener.userState()
            state = self._lay(opener, self.state_before(opener))
            self._relaid(opener.position(), opener.position() + opener.length())
            if state != was:
                return opener
        return None

    def _lay(self, block: QTextBlock, state: int) -> int:
        """Lay `block`'s formats, coming after `state`; returns the state it leaves."""
        spans, after = self._spans_of(block, state)
        self._apply(block, spans)
        return after

    def _apply(self, block: QTextBlock, spans: list[tuple[int, int, Kind | None]]) -> None:
        layout = block.layout()
        at, shown = layout.preeditAreaPosition(), layout.preeditAreaText()
        ranges = []
        width = qt_length(shown) if shown else 0
        for start, end, kind in spans:
            length = end - start
            if width:
                if start >= at:
                    start += width
                elif end > at or end == at and kind in _RUN_ON:
                    length += width
            piece = QTextLayout.FormatRange()
            piece.start, piece.length = start, length
            piece.format = self.spelling if kind is None else self.formats[kind]
            ranges.append(piece)
        if width:
            ranges += [
                r for r in layout.formats()
                if r.start >= at and r.start + r.length <= at + width or r.format.hasProperty(KEPT)
            ]  # fmt: skip
        elif not ranges and not layout.formats():
            return
        layout.setFormats(ranges)
        self._laid = self._laid or bool(spans)

    def restyle(self, block: QTextBlock) -> None:
        """Lay `block` again around its pre-edit area as it is now (the ghost text's, which
        changed it); the caller marks the block for layout."""
        if block.isValid():
            self._apply(block, self._spans_of(block, self.state_before(block))[0])

    def _run(self, block: QTextBlock, until: int, deadline: float) -> QTextBlock | None:
        """Lay from `block` on: every block that starts before `until`, then on while the state
        a block leaves changes; returns the block to go on from if `deadline` came first."""
        first = block.position()
        state = self.state_before(block)
        end = first
        # the state the block before left before this laid it (None: not known; at the
        # block a run stopped at, the one it knew: `_was`)
        was = self._was[1] if self._was is not None and self._was[0] == first else None
        self._was = None
        # the lines still laid where the states are as they were: after a line whose heading
        # status changed, its paragraph's lines under it and their underline, whose formats
        # follow it ("> > ---" under "> > Title" is no underline once the title is "> > > ")
        under = 0
        try:
            while block.isValid():
                if time.perf_counter() > deadline:
                    self._was = (block.position(), was)
                    return block
                before = block.userState()
                if before == was != state and block.position() >= until and self._alike(
                        block, was, state):  # (its formats are as they were: its state only)
                    was = before
                    under = max(under - 1, 0)
                else:  # (a line before the edit's end is laid on at any rate: not looked at)
                    looked = block.position() + block.length() >= until
                    heading = looked and _heading_laid(block)
                    was, state = before, self._lay(block, state)
                    end = block.position() + block.length()
                    under = SETEXT_LINES + 1 if looked and _heading_laid(block) != heading \
                        else max(under - 1, 0)
                if state != before:
                    block.setUserState(state)
                elif block.position() >= until and not under:
                    return None
                block = block.next()
            return None
        finally:
            if end > first:
                self._relaid(first, end)

    def _relaid(self, first: int, end: int) -> None:
        """The blocks from position `first` to `end`, just laid, marked for layout; within a
        turn of the timer (or a cursor's move), those in view are repainted at its end, each
        alone, not the whole view (`writer.ui.relayout`: the whole view where one grew or
        shrank). Within an edit's `contentsChange` the mark joins the edit's change, which Qt
        lays out and repaints after it (and elsewhere, Qt repaints the whole view)."""
        if self._changing or self._shown is None:
            self.document.markContentsDirty(first, end - first)
            return
        relayout.mark(self.document, first, end)
        self._marked.append((first, end))

    @contextmanager
    def _repainting(self) -> Iterator[None]:
        """What is laid meanwhile (`_relaid`) repainted at the end: the blocks in view laid,
        each alone, or the whole view where one of them is now another height than when
        painted (taken here, before)."""
        self._shown, self._marked = relayout.in_view(self.editor), []
        try:
            yield
        finally:
            shown, self._shown = self._shown, None
            if self._marked:
                relayout.repaint(self.document, shown, self._marked)

    def _alike(self, block: QTextBlock, was: int, state: int) -> bool:
        """Whether `block`, laid after `was` and leaving it, is laid as it is after `state`
        and leaves `state` (`markdown.passes_alike`: an item's line after a key that changed
        the item's column, a quoted item's after one that changed its depth): its spans are
        the same, and a heading's where they were (the column decides the underline). Such a
        line keeps its formats and takes the new state alone: a long item is not laid again
        at each key that changes its column."""
        if self.plain or len(block.text()) > LAID_MOST or not markdown.passes_alike(
                block.text(), was, state) or self._front and block.blockNumber() < self._front:
            return False
        if state not in _UNDERLINED_STATES:  # (a quoted item's line is no heading's)
            return True
        return _heading_laid(block) == self._underlined(block, state)

    # following the document ---------------------------------------------------------------
    def _owe(self, start: int, until: int) -> None:
        # (the block at a start is owed whatever the end: a run stopped there, the state before
        # it changed; two owed runs are one from the first start to past the other's, else the
        # run from the first stopped where its states came out as laid, above the other's
        # start, whose block kept the state and formats of the text before)
        if self._from is None:
            self._from, self._until = start, max(until, start + 1)
        else:
            self._from, self._until = min(self._from, start), max(
                self._until, until, self._from + 1, start + 1)
        self._view_laid = False
        self._timer.start()

    def _front_lines(self) -> int:
        """The lines of the YAML front matter at the document's start (`markdown.
        front_matter_lines`, read from its first FRONT_MATTER_MOST blocks only)."""
        block, lines = self.document.firstBlock(), []
        if not markdown.front_matter_opens(block.text()):  # (nearly every document: no further)
            return 0
        lines.append(block.text())
        block = block.next()
        # read up to its end, or to a line that cannot be its (a chapter that begins with a
        # scene break: its second line, where each key in its first lines read 200 of them)
        while block.isValid() and len(lines) < markdown.FRONT_MATTER_MOST:
            text = block.text()
            lines.append(text)
            if markdown.front_matter_closes(text) or not markdown.yaml_line(text):
                break
            block = block.next()
        return markdown.front_matter_lines("\n".join(lines) + "\n")

    def _changed(self, position: int, removed: int, added: int) -> None:
        self._changing = True  # (`_relaid`: the marks join the edit's change)
        try:
            self._follow(position, removed, added)
        finally:
            self._changing = False

    def _follow(self, position: int, removed: int, added: int) -> None:
        self._paragraph = None
        self._was = None
        self.table_seen.changed(position, removed, added)
        self.typing_at = position + added if 0 < removed + added <= TYPED_MOST else None
        # (an edit past a closed front matter leaves it as it is: nothing read at such a key)
        if not self.plain and self.document.findBlock(position).blockNumber() < (
            self._front or markdown.FRONT_MATTER_MOST
        ):
            front, was = self._front_lines(), self._front
            if front != was:  # (front matter made or unmade: its lines laid again)
                self._front = front
                end = self.document.findBlockByNumber(max(front, was))
                self._owe(0, end.position() + end.length() if end.isValid()
                          else self.document.characterCount())  # fmt: skip
        if self._from is not None:  # what is owed after the edit moves with the text
            if self._from > position:
                self._from = max(position, self._from + added - removed)
            if self._until > position:
                self._until = max(position + added, self._until + added - removed)
        block = self.document.findBlock(position)
        if not block.isValid():
            return
        if position == 0 and added >= self.document.characterCount() - 1:
            self._laid = False  # a new text: no block has ranges yet
            self._comments = "<!--" in self.document.toPlainText()
        if removed + added > 100_000:  # a new text: the timer lays it, the view first
            self._comments = self._comments or "<!--" in self.document.toPlainText()
            self._owe(block.position(), position + added)
            return
        if not self.plain:
            last = self.document.findBlock(position + added)
            lines = block if last == block else None  # (None: the edit is over lines)
            if not self._comments:
                self._comments = any("<!--" in b.text() for b in _blocks(block, last))
            block = self._paragraph_to_lay(block, position - block.position(), removed, lines)
        # (an edit in what is owed is laid from the state its block comes after as laid so
        # far, which the view's were laid with: the timer lays it again in its turn)
        stopped = self._run(block, position + added, time.perf_counter() + EDIT_S)
        if stopped is not None:
            self._owe(stopped.position(), position + added)

    def _view_moved(self) -> None:
        if self._from is not None:
            self._view_laid = False
            self._timer.start()

    def _turn(self) -> None:
        if self._from is None:
            return
        deadline = time.perf_counter() + SLICE_S
        with self._repainting():
            if not self._view_laid:
                self._lay_view()
            block = self.document.findBlock(self._from)
            stopped = self._run(block, self._until, deadline) if block.isValid() else None
        if stopped is None:
            self._from = None
        else:
            self._from = stopped.position()
            self._timer.start()

    def _lay_view(self) -> None:
        """Lay the blocks in view ahead of what is owed before them, their state carried there
        from the first block owed."""
        self._view_laid = True
        editor = self.editor
        block = editor.firstVisibleBlock()
        owed = self.document.findBlock(self._from)
        if not block.isValid() or not owed.isValid() or block.position() <= owed.position():
            return
        self._was = None  # (the view's states are the new ones: what is owed is laid again)
        cursor = QTextCursor(self.document)
        cursor.setPosition(owed.position())
        cursor.setPosition(block.position(), QTextCursor.MoveMode.KeepAnchor)
        lines = cursor.selectedText().split("\u2029")[:-1]  # (the lines before the view's)
        state = markdown.state_after(lines, self.state_before(owed))
        first, end = block.position(), block.position()
        height = editor.viewport().height()
        offset = editor.contentOffset()
        changed = False  # (whether the view's last line leaves another state than it did)
        while block.isValid() and editor.blockBoundingGeometry(block).translated(offset).top() < (
            height
        ):
            before = block.userState()
            state = self._lay(block, state)
            block.setUserState(state)
            changed = state != before
            end = block.position() + block.length()
            block = block.next()
        if end > first:
            self._relaid(first, end)
        if changed and block.isValid():
            # (the lines under the view come after a new state: what is owed runs to them,
            # else the lay from above stopped at the view's first line, found as laid, and
            # they kept the state and formats of the text before)
            self._until = max(self._until, block.position() + 1)

    # the look and the end ----------------------------------------------------------------
    def follow_editor(self) -> None:
        """The editor's palette (a theme) or font changed: every block is laid again in the
        formats made from them, where they differ."""
        formats = formats_for(self.editor.palette(), self.editor.font())
        spelling = spelling_format(self.editor.palette())
        if all(formats[k] == self.formats[k] for k in Kind) and spelling == self.spelling:
            return
        self.formats, self.spelling = formats, spelling
        self._owe(0, self.document.characterCount())

    def close(self) -> None:
        """Stop following the document and take the highlight away (the pre-edit's ranges
        stay)."""
        self._timer.stop()
        self._from = None
        self.document.contentsChange.disconnect(self._changed)
        self.editor.verticalScrollBar().valueChanged.disconnect(self._view_moved)
        if self._laid:
            block = self.document.firstBlock()
            while block.isValid():
                if block.layout().formats():
                    self._apply(block, [])
                block.setUserState(-1)
                block = block.next()
            self.document.markContentsDirty(0, self.document.characterCount())
        self.deleteLater()


# editing ----------------------------------------------------------------------------------
def _put(
    editor: QPlainTextEdit,
    edits: list[tuple[QTextBlock, Edit]],
    around: bool = False,
    ends: tuple[int, int] = (0, -1),
) -> None:
    """Make `edits` (each in its own block, in the document's order) as one undo step. The
    selection after is the edit's, or from the first one's anchor to the last one's cursor;
    with `around`, of several edits, all they wrote (so that the same command again finds a
    whole span in each line and undoes them); with `ends`, from the anchor of one edit to the
    cursor of another (the others follow from them: the numbers of the items after)."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    places: list[tuple[int, int]] = []
    for target, edit in edits:  # (an edit moves only the blocks after its own)
        line, start = target.text(), target.position()
        cursor.setPosition(start + qt_length(line[: edit.start]))
        cursor.setPosition(start + qt_length(line[: edit.end]), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(edit.text)
        after = line[: edit.start] + edit.text + line[edit.end :]
        if around and len(edits) > 1:
            end = edit.start + len(edit.text)
            places.append((start + qt_length(after[: edit.start]), start + qt_length(after[:end])))
        else:
            places.append(
                (start + qt_length(after[: edit.anchor]), start + qt_length(after[: edit.cursor]))
            )
    end_step(cursor, places[ends[1]][1])  # (a redo leaves the cursor there, not at the last)
    cursor.endEditBlock()
    cursor.setPosition(places[ends[0]][0])
    cursor.setPosition(places[ends[1]][1], QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()


def _selected(editor: QPlainTextEdit) -> list[tuple[QTextBlock, str, int, int]]:
    """Each block the selection (or the cursor) is in, its text and the part of it selected
    (Python indices)."""
    cursor = editor.textCursor()
    document = editor.document()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    block, last = document.findBlock(start), document.findBlock(end)
    found = []
    while block.isValid():
        line = block.text()
        a = char_index(line, max(0, start - block.position()))
        b = char_index(line, min(end - block.position(), qt_length(line)))
        found.append((block, line, a, b))
        if block == last:
            break
        block = block.next()
    if len(found) > 1 and found[-1][3] == 0:  # (a selection of whole lines ends at the next)
        found.pop()
    return found


def enter(editor: QPlainTextEdit, highlighter: Highlighter) -> bool:
    """Enter in a list item or a quotation (`markdown.enter`): False where it is an ordinary
    Enter (a selection, code or a comment, a line of no list). In a numbered list the items
    after are numbered on (`markdown.renumbered`) in the same undo step."""
    cursor = editor.textCursor()
    if cursor.hasSelection():
        return False
    block = cursor.block()
    if highlighter.in_code(block):
        return False
    line = block.text()
    column = char_index(line, cursor.positionInBlock())
    # a list numbered "1." throughout stays so (the item just above or below says)
    same = any(markdown.numbered_alike(line, near.text())
               for near in (block.previous(), block.next()) if near.isValid())  # fmt: skip
    after = block.next()
    last = not after.isValid() or not after.text().strip()
    edit = markdown.enter(line, column, same_number=same, last=last)
    if edit is None:
        return False
    read: list[QTextBlock] = []  # the blocks after, as far as the list's items were read

    def following() -> Iterator[str]:
        after = block.next()
        while after.isValid():
            read.append(after)
            yield after.text()
            after = after.next()

    renumbered = [] if same else markdown.renumbered(line, column, following())
    _put(editor, [(block, edit)] + [(read[i], e) for i, e in renumbered], ends=(0, 0))
    return True


def nest(editor: QPlainTextEdit, highlighter: Highlighter, outdent: bool) -> bool:
    """Tab or Shift+Tab in a list item (`markdown.nest`), or in each item a selection's lines
    touch, as one undo step; False where no line is an item outside code (the key does what
    it does anywhere). The cursor stays by the same text. Each item of a selection goes where
    the items above it, moved, take it: under the same item, numbered on from the one moved
    before it (read as they were, "11." went under "10." when "10." went under "9.")."""
    parts = [p for p in _selected(editor) if not highlighter.in_code(p[0])]
    edits: list[tuple[QTextBlock, Edit]] = []
    now: dict[int, str] = {}  # the lines moved so far, by number: the next ones see them so
    for block, line, a, b in parts:
        above: list[str] = []
        previous = block.previous()
        while previous.isValid() and len(above) < markdown.NEST_LOOK:
            above.append(now.get(previous.blockNumber(), previous.text()))
            previous = previous.previous()
        edit = markdown.nest(line, above, outdent)
        if edit is None:
            continue
        now[block.blockNumber()] = line[: edit.start] + edit.text + line[edit.end :]
        moved = len(edit.text) - (edit.end - edit.start)
        at = [i + moved if i >= edit.end else edit.anchor for i in (a, b)]
        if len(parts) > 1:  # (a selection of lines: all of them, whole)
            at = [0, len(line) + moved]
        edits.append((block, Edit(edit.start, edit.end, edit.text, at[0], at[1])))
    if not edits:
        return False
    changes = [(b, e) for b, e in edits if e.text or e.start != e.end]
    if changes:  # (none: the items cannot go further; nothing changes, and no tab goes in)
        edits, ends = _numbered_on(editor, changes)
        _put(editor, edits, ends=ends)
    return True


def _numbered_on(
    editor: QPlainTextEdit, changes: list[tuple[QTextBlock, Edit]]
) -> tuple[list[tuple[QTextBlock, Edit]], tuple[int, int]]:
    """Tab's or Shift+Tab's `changes` with the items after them numbered on
    (`markdown.renumbered_nested`), in the document's order, and which of the edits hold the
    selection to keep (the first and the last moved line's)."""
    document = editor.document()
    first = changes[0][0].blockNumber()
    moved, selections = [], {}
    for block, edit in changes:
        line = block.text()
        i = block.blockNumber() - first
        moved.append((i, line, line[: edit.start] + edit.text + line[edit.end :]))
        selections[i] = (edit.anchor, edit.cursor)

    def line_at(i: int) -> str | None:
        block = document.findBlockByNumber(first + i)
        return block.text() if block.isValid() else None

    edits: list[tuple[QTextBlock, Edit]] = []
    kept = []
    for i, text in sorted(markdown.renumbered_nested(moved, line_at).items()):
        block = document.findBlockByNumber(first + i)
        if i in selections:  # (a moved line: where its number is, a longer one moves the rest)
            after = next(after for j, _line, after in moved if j == i)
            number, shift = len(after) - len(after.lstrip()), len(text) - len(after)
            places = [p + shift if p > number else p for p in selections[i]]
            kept.append(len(edits))
            edits.append((block, markdown.difference(block.text(), text, *places)))
        elif text != block.text():
            edits.append((block, markdown.difference(block.text(), text)))
    return edits, (kept[0], kept[-1])


class Rows:
    """A table's blocks by their index in it (its header's block 0), found when asked: a key
    in a long table touches a few of them."""

    def __init__(self, first: QTextBlock) -> None:
        self.document = first.document()
        self.number = first.blockNumber()

    def __getitem__(self, index: int) -> QTextBlock:
        return self.document.findBlockByNumber(self.number + index)


class TableSeen:
    """The table the keys were last pressed in, in one editor (its highlighter's): where it is
    (from its header line's first character to its last line's last), its lines as read then,
    the characters changed in it since (followed from the document's changes), and its
    `tables.Layout`. A key in it reads again only the lines changed, where the table is still
    the whole run of rows between lines that are none (a Tab at 4,900 rows read every line
    above and below the cursor to find the table's ends: most of 15 ms a key). An edit outside
    it, or lines changed into no rows, or its header or delimiter row no longer one, and the
    table is found again from the cursor; what it finds is what that finds (a property test
    compares them)."""

    def __init__(self) -> None:
        self.layout = tables.Layout()
        self.lines: list[str] | None = None  # (None: nothing kept)
        self.start = self.end = 0
        self.dirty: tuple[int, int] | None = None  # the characters changed since, [lo, hi)

    def changed(self, position: int, removed: int, added: int) -> None:
        """The document changed (`contentsChange`)."""
        if self.lines is None:
            return
        if position < self.start or position + removed > self.end:
            self.lines = None  # (outside the table: its ends may have moved)
            return
        self.end += added - removed
        low, high = position, position + added
        if self.dirty is not None:

            def moved(place: int) -> int:
                if place <= position:
                    return place
                return place + added - removed if place >= position + removed else high

            low, high = min(low, moved(self.dirty[0])), max(high, moved(self.dirty[1]))
        self.dirty = (low, high)

    def keep(self, blocks: list[QTextBlock], lines: list[str]) -> None:
        """The table just found whole (`blocks`, `lines`): kept where it is a whole run of
        rows (the lines around it none) short enough that any row's key finds it whole."""
        self.lines = None
        if len(lines) > tables.MOST_ROWS:
            return
        before, after = blocks[0].previous(), blocks[-1].next()
        if before.isValid() and tables.is_row(before.text()):
            return
        if after.isValid() and tables.is_row(after.text()):
            return
        self.lines, self.dirty = list(lines), None
        self.start = blocks[0].position()
        self.end = blocks[-1].position() + blocks[-1].length() - 1

    def laid(self, rows: Rows, lines: list[str]) -> None:
        """The kept table laid out by a key as `lines` (its rows, `rows`): kept so, nothing to
        read again at the next key (a key that widened a column changed every line). A table
        a key ended (an empty line in it) is found again."""
        if self.lines is None or "" in lines or len(lines) > tables.MOST_ROWS:
            self.lines = None
            return
        if rows[0].position() != self.start:
            self.lines = None
            return
        last = rows[len(lines) - 1]
        self.lines, self.dirty = lines, None
        self.end = last.position() + last.length() - 1

    def find(self, block: QTextBlock) -> tuple[Rows, list[str], int] | None:
        """The table kept, where `block` is one of its lines and it is still the table: its
        rows, its lines (those changed read again), `block`'s index; None where it must be
        found again."""
        lines = self.lines
        if lines is None or not self.start <= block.position() <= self.end:
            return None
        document = block.document()
        first, last = document.findBlock(self.start), document.findBlock(self.end)
        if first.position() != self.start:
            self.lines = None
            return None
        top, bottom = first.blockNumber(), last.blockNumber()
        if self.dirty is not None:
            low = max(document.findBlock(self.dirty[0]).blockNumber(), top)
            high = min(document.findBlock(self.dirty[1]).blockNumber(), bottom)
            above, below = low - top, bottom - high
            if above + below > len(lines):
                self.lines = None
                return None
            middle = []
            near = document.findBlockByNumber(low)
            for _ in range(high - low + 1):
                middle.append(near.text())
                near = near.next()
            lines = lines[:above] + middle + lines[len(lines) - below :]
            self.dirty = None
            if len(lines) > tables.MOST_ROWS or not all(map(tables.is_row, middle)) or (
                above < 2 and not tables.heads_a_table(lines)
            ):
                self.lines = None
                return None
            self.lines = lines
        return Rows(first), lines, block.blockNumber() - top


def _table(editor: QPlainTextEdit,
           highlighter: Highlighter) -> tuple[Rows, list[str], int] | None:  # fmt: skip
    """The table the cursor is in (`tables.table_around`): its rows' blocks, their lines and
    which is the cursor's; None where it is in none, has a selection, or is in code or the
    front matter. The table the last key was in is read again only where it changed
    (`TableSeen`)."""
    cursor = editor.textCursor()
    if cursor.hasSelection():
        return None
    block = cursor.block()
    if "|" not in block.text():
        return None  # (a table's lines have bars: most lines of prose go here, unread)
    if highlighter.in_code(block) or highlighter.in_front_matter(block):
        return None
    seen = highlighter.table_seen.find(block)
    if seen is not None:
        if highlighter.in_code(seen[0][0]):
            return None
        return seen
    above, below = [], [block]
    above_lines, below_lines = [], [block.text()]  # (each block's text read once)
    near = block.previous()
    while near.isValid() and len(above) < tables.MOST_ROWS:
        text = near.text()
        if not text.strip():
            break
        above.append(near)
        above_lines.append(text)
        near = near.previous()
    near = block.next()
    while near.isValid() and len(below) < tables.MOST_ROWS:
        text = near.text()
        if not text.strip():
            break
        below.append(near)
        below_lines.append(text)
        near = near.next()
    blocks = above[::-1] + below
    lines = above_lines[::-1] + below_lines
    found = tables.table_around(lines, len(above))
    if found is None or highlighter.in_code(blocks[found[0]]):
        return None
    first, end = found
    highlighter.table_seen.keep(blocks[first:end], lines[first:end])
    return Rows(blocks[first]), lines[first:end], len(above) - first


def in_table(editor: Editor) -> bool:
    """Whether the cursor of a Markdown `editor` (none selected) is in a table's row, as Tab
    and the Table menu find one."""
    highlighter = editor.markdown
    return highlighter is not None and _table(editor, highlighter) is not None


def _lay_table(editor: QPlainTextEdit, blocks: Rows, lines: list[str],
               moved: tables.Moved) -> None:  # fmt: skip
    """The table's `lines` (in `blocks`) made `moved.lines` as one undo step, the cursor where
    `moved` says: line by line where there are as many or more (written after the last), the
    whole table written again where there are fewer (a row taken out). A table laid out
    already is not touched: the cursor moves (a Tab from cell to cell made an undo step that
    changed nothing, and the document modified, to be saved)."""
    new = moved.lines
    if new == lines:
        cursor = editor.textCursor()
        cursor.setPosition(blocks[moved.line].position()
                           + qt_length(new[moved.line][: moved.column]))  # fmt: skip
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()
        return
    if len(new) < len(lines):
        cursor = editor.textCursor()
        cursor.beginEditBlock()
        cursor.setPosition(blocks[0].position())
        end = blocks[len(lines) - 1].position() + blocks[len(lines) - 1].length() - 1
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        start = blocks[0].position()
        cursor.insertText("\n".join(new))
        place = start + sum(qt_length(x) + 1 for x in new[: moved.line])
        place += qt_length(new[moved.line][: moved.column])
        end_step(cursor, place)
        cursor.endEditBlock()
        cursor.setPosition(place)
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()
        return
    last = len(lines) - 1
    edits: list[tuple[QTextBlock, Edit]] = []
    target = 0
    # the lines that change, and the cursor's (found at C speed: a key in a long table laid
    # out changes one line or none)
    changing = set(compress(range(last), map(ne, new[:last], lines[:last])))
    changing.update((min(moved.line, last), last))
    for i in sorted(changing):
        block, line = blocks[i], lines[i]
        text = new[i] if i < last else "\n".join(new[last:])
        here = moved.line == i or (i == last and moved.line >= last)
        if i == last and moved.line >= last:
            at = sum(len(x) + 1 for x in new[last : moved.line]) + moved.column
        else:
            at = moved.column
        if here:
            target = len(edits)
            edits.append((block, markdown.difference(line, text, at, at)))
        elif text != line:
            edits.append((block, markdown.difference(line, text)))
    _put(editor, edits, ends=(target, target))


def table_key(editor: QPlainTextEdit, highlighter: Highlighter, key: str) -> bool:
    """Tab ("tab"), Shift+Tab ("back") or Enter ("enter") in a Markdown table: the table laid
    out with its columns aligned and the cursor in the next cell, the previous one, or the row
    below (`tables.tab`, `tables.enter`), one undo step; Shift+Enter ("break"): "<br>" in the
    cell, a line break GitHub shows there (a new line would end the row). False where the
    cursor is in no table (the key does what it does anywhere), and for Enter at the very
    start of the table's first line (a line goes in above it)."""
    found = _table(editor, highlighter)
    if found is None:
        return False
    blocks, lines, i = found
    column = char_index(lines[i], editor.textCursor().positionInBlock())
    if key == "break":  # (Shift+Enter: a line break in the cell, which a new line would end)
        if i == 1:
            return False
        cursor = editor.textCursor()
        insert_step(cursor, "<br>")
        editor.setTextCursor(cursor)
        return True
    if key == "enter":
        if i == 0 and not lines[0][:column].strip():
            return False
        moved = tables.enter(lines, i, column, highlighter.table_seen.layout)
    else:
        moved = tables.tab(lines, i, column, key == "back", highlighter.table_seen.layout)
    _lay_table(editor, blocks, lines, moved)
    highlighter.table_seen.laid(blocks, moved.lines)
    return True


def table_bar(editor: QPlainTextEdit, highlighter: Highlighter) -> bool:
    """A bar typed in a table's row being filled, taken as the bar there already
    (`tables.typed_bar`): the cursor stays or steps over it, nothing written. False where the
    bar goes in as typed (no table, the delimiter row, a cell ahead that holds text)."""
    found = _table(editor, highlighter)
    if found is None or found[2] == 1:
        return False
    blocks, lines, i = found
    line = lines[i]
    column = char_index(line, editor.textCursor().positionInBlock())
    to = tables.typed_bar(line, column)
    if to is None:
        return False
    cursor = editor.textCursor()
    cursor.setPosition(blocks[i].position() + qt_length(line[:to]))
    editor.setTextCursor(cursor)
    return True


TABLE_EDITS: dict[str, Callable[[list[str], int, int], tables.Moved | None]] = {
    "add_row": tables.add_row,
    "add_column": tables.add_column,
    "delete_row": tables.delete_row,
    "delete_column": tables.delete_column,
    "align_left": lambda lines, line, column: tables.align_column(lines, line, column, "left"),
    "align_center": lambda lines, line, column: tables.align_column(lines, line, column,
                                                                    "center"),  # fmt: skip
    "align_right": lambda lines, line, column: tables.align_column(lines, line, column, "right"),
}


def table_edit(editor: QPlainTextEdit, highlighter: Highlighter, name: str) -> bool | None:
    """Format → Table's `name` (TABLE_EDITS) at the cursor, the table laid out, one undo step.
    False where the cursor is in no table; None where the edit has nothing to do there (the
    header's row taken out, a table's only column)."""
    found = _table(editor, highlighter)
    if found is None:
        return False
    blocks, lines, i = found
    column = char_index(lines[i], editor.textCursor().positionInBlock())
    moved = TABLE_EDITS[name](lines, i, column)
    if moved is None:
        return None
    _lay_table(editor, blocks, lines, moved)
    return True


def format_table(editor: QPlainTextEdit, highlighter: Highlighter) -> bool:
    """Format → Format Table: the table at the cursor laid out (`tables.formatted`), the cursor
    at the end of the same cell's text; False where the cursor is in no table."""
    found = _table(editor, highlighter)
    if found is None:
        return False
    blocks, lines, i = found
    column = char_index(lines[i], editor.textCursor().positionInBlock())
    table = tables.read(lines)
    new, ends = tables.formatted(table)
    cell = tables.cell_at(lines[i], column) if i != 1 else 0
    row_ends = ends[i] or ends[0]
    at = row_ends[min(cell, len(row_ends) - 1)]
    _lay_table(editor, blocks, lines, tables.Moved(new, i, at))
    return True


def insert_table(editor: QPlainTextEdit) -> None:
    """Format → Insert Table: a table of three empty columns, a header and two rows, on the
    cursor's line where it is empty, else after it; a blank line between it and any text
    above or below it; the cursor in its header's first cell, one undo step."""
    moved = tables.new_table()
    cursor = editor.textCursor()
    cursor.clearSelection()
    block = cursor.block()
    if block.text().strip():  # (after the line: a blank line between)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        before = "\n\n"
    else:
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        above = block.previous()
        before = "\n" if above.isValid() and above.text().strip() else ""
    below = block.next()
    after = "\n" if below.isValid() and below.text().strip() else ""
    start = cursor.selectionStart()
    cursor.beginEditBlock()
    cursor.insertText(before + "\n".join(moved.lines) + after)
    end_step(cursor)
    cursor.endEditBlock()
    cursor.setPosition(start + len(before) + qt_length(moved.lines[0][: moved.column]))
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()


def toggle(editor: QPlainTextEdit, mark: str) -> None:
    """Format → Bold ("**"), Italic ("*"), Inline Code ("`"): `markdown.toggle` in each line of
    the selection, one undo step."""
    parts = _selected(editor)
    if len(parts) > 1:
        parts = [part for part in parts if part[2] < part[3]]
    edits = [(block, markdown.toggle(line, a, b, mark)) for block, line, a, b in parts]
    if edits:
        _put(editor, edits, around=True)


def link(editor: QPlainTextEdit) -> None:
    """Format → Link (`markdown.link`), in the cursor's line."""
    block, line, a, b = _selected(editor)[0]
    _put(editor, [(block, markdown.link(line, a, b))])


def heading(editor: QPlainTextEdit, level: int) -> None:
    """Format → Heading 1 to 3: each line of the selection a heading of `level`, or a paragraph
    again where it is one of that level; the cursor stays by the same text."""
    parts = _selected(editor)
    edits = []
    for block, line, a, b in parts:
        edit = markdown.heading(line, level)
        moved = len(edit.text) - (edit.end - edit.start)
        at = [max(edit.anchor, i + moved) if i >= edit.end else edit.anchor for i in (a, b)]
        edits.append((block, Edit(edit.start, edit.end, edit.text, at[0], at[1])))
    _put(editor, edits)
