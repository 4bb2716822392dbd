"""Words as the project's matching sees them: Latin (and other spaced scripts) by whole words,
CJK text by characters, since Chinese and Japanese put no spaces between words."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Han, kana, Hangul and their punctuation-free extensions: scripts written without spaces.
CJK_RANGES = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\U00020000-\U0003134f"
)
CJK = re.compile(f"[{CJK_RANGES}]")
CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
# A word of a spaced script: a run of word characters that are not CJK.
WORD = re.compile(f"[^\\W{CJK_RANGES}]+")


def has_cjk(text: str) -> bool:
    """Whether the text holds any character of a script written without spaces."""
    return CJK.search(text) is not None


def is_word_char(char: str) -> bool:
    """Whether `char` belongs to a word of a spaced script (so a cut there splits a word)."""
    return WORD.fullmatch(char) is not None


# A word as a word count sees it: one with its apostrophes and hyphens ("don't", "well-known"),
# and each Chinese or Japanese character on its own (a Chinese count is of characters, 字).
# Korean puts spaces between its words: Hangul is counted by them, as English is ("오늘 항구는
# 조용하다" is 3 words; each syllable was one).
_HANGUL = ("\u3130-\u318f", "\ua960-\ua97f", "\uac00-\ud7ff")
_UNSPACED = CJK_RANGES
for _range in _HANGUL:
    _UNSPACED = _UNSPACED.replace(_range, "")
_CHARACTER = re.compile(f"[{_UNSPACED}]")
_LETTERS = f"[^\\W{_UNSPACED}]+"
# joined into one word: an apostrophe or a hyphen between letters, a point or a comma between
# digits ("3.14", "1,000")
_COUNTED = re.compile(f"{_LETTERS}(?:(?:['’\\-]|(?<=\\d)[.,](?=\\d)){_LETTERS})*")
_SPACE = re.compile(r"\s")


def whole_words(text: str, most: int) -> str:
    """`text`'s first `most` characters or fewer, ended where a word ends: a word as the
    count reads it ("don't", "well-known" and a Korean word whole; Chinese and Japanese end
    after any character), cut back to its start where `most` falls inside one; at `most`
    where the first word alone is longer."""
    if len(text) <= most:
        return text
    for word in _COUNTED.finditer(text):
        if word.start() >= most:
            break
        if word.end() > most:  # (the cut falls inside it)
            return text[: word.start()].rstrip() if word.start() else text[:most]
    return text[:most]


def count_words(text: str) -> tuple[int, int, int]:
    """The words of `text` (each Chinese or Japanese character one), its characters, and its
    characters that are not white space. The words and the characters that are not white space
    of two texts joined by a line break are the sums of theirs (the editor counts a long
    document a piece at a time)."""
    _, words = _COUNTED.subn("", text)
    _, cjk = _CHARACTER.subn("", text)
    _, spaces = _SPACE.subn("", text)
    return words + cjk, len(text), len(text) - spaces


_PARAGRAPH = re.compile(r"^[^\S\n]*\S", re.MULTILINE)


def text_counts(
    text: str, markdown: bool, piece_chars: int | None = None
) -> tuple[int, int, int, int]:
    """A whole document's words, characters, characters that are not white space and
    paragraphs, as the status bar counts them (a Markdown document's front matter and HTML
    comments left out, read as its highlighting reads them). Counted `piece_chars`
    (PIECE_CHARS) at a time: an expression holds Python's lock for all of its text, and a
    thread counting a 2 MB chapter in one call held the window's thread for a tenth of a
    second."""
    piece_chars = PIECE_CHARS if piece_chars is None else piece_chars
    if markdown:
        from writer.documents.markdown import front_matter_lines

        front = front_matter_lines(text)
        if front:
            text = "\n".join(text.split("\n")[front:])
    lines = text.split("\n")
    states = None  # (a Markdown document's with comments) the state each line is read after
    if markdown and "<!--" in text:
        from writer.documents.markdown import outside

        # (less its comments line by line, as the editor's count reads them: its lines and
        # their states stay, the paragraphs are counted on them)
        states, kept = [0], []  # (markdown.NORMAL)
        for number, line in enumerate(lines):
            comments, state = _comments_and_state(lines, number, states[-1])
            states.append(state)
            kept.append(outside(line, 0, len(line), comments) if comments else line)
        lines = kept
    words = letters = paragraphs = characters = 0
    before = NO_TABLE  # how the piece before ended (`paragraphs_in`)
    first = 0  # the piece's first line
    for piece in _pieces(lines, piece_chars):
        text_of = "\n".join(lines[first:piece])
        counted = count_words(text_of)
        words, letters = words + counted[0], letters + counted[2]
        characters += counted[1] + (piece < len(lines))  # (and the break after the piece)
        if markdown:
            found, before = paragraphs_in(
                text_of, before, states[first : piece + 1] if states is not None else None)
        else:
            found = count_paragraphs(text_of)
        paragraphs += found
        first = piece
    return words, characters, letters, paragraphs


PIECE_CHARS = 32_000  # counted in one call of the expressions (see `text_counts`)


def _pieces(lines: list[str], size: int):
    """Where `lines` are cut into pieces of about `size` characters: the line after each
    piece (their line breaks left out: the words and paragraphs of texts joined by one add
    up)."""
    taken = 0
    for number, line in enumerate(lines):
        taken += len(line) + 1
        if taken > size:
            yield number + 1
            taken = 0
    if taken or not lines:
        yield len(lines)


def count_paragraphs(text: str, markdown: bool = False) -> int:
    """The lines of `text` that hold more than white space: its paragraphs, as a word processor
    counts them (a heading is one; a blank line between two is none). Those of two texts joined
    by a line break add up. In `markdown`, a table is one, and so are the lines of a paragraph
    a single line break joins (`paragraphs_in`)."""
    if markdown:
        return paragraphs_in(text, NO_TABLE)[0]
    _, found = _PARAGRAPH.subn("", text)
    return found


# (`paragraphs_in`) a text's start: no table, no line before (and so none counted), the state
# of a text's start
NO_TABLE = (False, "", 0, False)


def start_after(state: int) -> tuple[bool, str, int, bool]:
    """(`paragraphs_in`) a text's start after a line that left `state`, in no table."""
    return (False, "", state, False)


def _states(lines: list[str], state: int) -> list[int]:
    """The state each of Markdown `lines` is read after, then the state after the last, as the
    editor lays them (`markdown.line_comments`, the one rule of both counts)."""
    found = [state]
    for number in range(len(lines)):
        found.append(_comments_and_state(lines, number, found[-1])[1])
    return found


def _plain_states(lines: list[str], state: int) -> list[int]:
    """`_states` of lines without a comment: each line's state alone (`markdown.line_state`)."""
    from writer.documents import markdown

    found = [state]
    for line in lines:
        found.append(markdown.line_state(line, found[-1]))
    return found


def _comments_and_state(
    lines: list[str], number: int, state: int
) -> tuple[list[tuple[int, int]], int]:
    """`markdown.line_comments` of line `number` of `lines`, after `state` (the lines after it
    it may read: those of a paragraph's comment, COMMENT_LINES_MOST at most)."""
    from writer.documents import markdown

    after = lines[number + 1 : number + 2 + markdown.COMMENT_LINES_MOST]
    return markdown.line_comments(lines[number], state, after)


def _blank(line: str, state: int) -> bool:
    """(`paragraphs_in`) whether Markdown `line`, read after `state`, holds no text: white
    space, or a quotation's marks alone (its blank line: "> a" over ">" over "> b" counted
    three), but in code, a comment or an HTML block, where ">" is a line's text."""
    stripped = line.strip()
    if stripped[:1] != ">" or stripped.strip(" \t>"):
        return not stripped  # (most lines: text, at a glance)
    from writer.documents import markdown

    return not markdown.no_table(state, line)


def _underlines(line: str, state: int) -> bool:
    """(`paragraphs_in`) `markdown.underlines`, after a glance at the line's first mark."""
    if line.lstrip(" \t>")[:1] not in ("=", "-"):
        return False
    from writer.documents import markdown

    return markdown.underlines(line, state)


def paragraphs_in(
    text: str, before: tuple[bool, str, int, bool], states: Sequence[int] | None = None
) -> tuple[int, tuple[bool, str, int, bool]]:
    """The paragraphs of Markdown `text` (`count_paragraphs`): a line a single line break
    joins to a paragraph's (an item's, a quotation's) goes on with it, as Markdown reads it
    (`markdown.continues_paragraph`; such two lines counted two, as a plain text's do); a
    table is one (its header's line): its delimiter row and its rows are no paragraphs of
    prose (a table of two rows counted four). And how the text ends, as `before` says how the
    text before it ended (NO_TABLE at the start, `start_after` after a line): whether in a
    table's rows, its last line (a table's header perhaps), the state it leaves
    (`markdown.line_state`) and whether that line was counted (it began a paragraph), so that
    the paragraphs of texts joined by a line break add up. A table as GitHub reads it (GFM,
    the editor's keys: `tables`): a header, a delimiter row of as many cells, then rows to a
    blank line or another block; none in code, a comment or an HTML block
    (`markdown.no_table`), whose lines count as every code block's do, each line with text
    one (a table in a fence counted one). `states`: the state each line of `text` is read
    after, then the state after its last, where the caller read them already (the status
    bar's count reads them for the comments: they were read twice, 95 -> 142 ms a count of a
    530 KB text); read here where None."""
    from writer.documents import markdown, tables

    # (header: the line before, while it may be a table's; counted: whether it was counted)
    table, header, state, counted = before
    lines = text.split("\n")
    if states is None:
        states = _states(lines, state) if "<!--" in text else _plain_states(lines, state)
    if "|" not in text and not table:
        found = 0
        for number, line in enumerate(lines):
            read = states[number]
            if _blank(line, read) or header and _underlines(line, read):
                header = ""  # (a setext heading's underline: the heading, counted, ends)
                continue
            counted = not (header and markdown.continues_paragraph(line, read))
            found += counted
            header = "" if markdown.no_table(read, line) else line
        return found, (False, header, states[-1], counted)
    found = 0
    for number, line in enumerate(lines):
        read, state = states[number], states[number + 1]
        if table and tables.is_row(line):
            continue  # (a row)
        table = False
        if _blank(line, read):
            header = ""
            continue
        if markdown.no_table(read, line):
            found += 1
            header = ""
            continue
        if header and "-" in line and "|" in line + header:
            aligns = tables.delimiter_aligns(line)
            if (aligns is not None and tables.is_row(header)
                    and len(tables.cells(header)) == len(aligns)):  # fmt: skip
                # (the header counted: the table's one; a paragraph's last line, not counted,
                # is the table's header now)
                found += not counted
                header, table = "", True
                continue
        if header and _underlines(line, read):
            header = ""  # (a setext heading's underline: the heading, counted, ends)
            continue
        counted = not (header and markdown.continues_paragraph(line, read))
        found += counted
        header = line
    return found, (table, header, state, counted)
