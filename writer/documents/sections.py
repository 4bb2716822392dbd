"""A Markdown document's sections as a writer reorders them, without Qt: a chapter or a scene
moved past the one before or after it, moved anywhere (the outline's drag and drop), or its
heading and every heading under it one level up or down (Word's outline view; Typora's and
Obsidian's outlines move sections the same way).

A section is a heading's line (ATX "## Title" or a setext title over "===" / "---", as
`markdown.outline` reads them: none in code, a comment or the front matter) and every line
after it up to the next heading of its level or a higher one; a "###" under a "##" is in its
section, and moves with it. The text before the first heading is no section and never moves.

Everything here works on the document's lines (one a block, as the editor holds them) and
says where the cursor goes by line and column, so that Qt's positions, which count an emoji
as two, are never mixed with Python's indices. Moving a section keeps its text as it is; the
blank lines between sections stay between sections (a section moved from the end of the
document gets one before the heading that follows it), and the document ends with as many
blank lines as it did.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from writer.documents import markdown
from writer.documents.markdown import Heading, front_matter_opens, outline

_ATX = re.compile(r"( {0,3})(#{1,6})(?=[ \t]|$)")
_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*$")


class Unsafe(ValueError):
    """The edit would change how the text reads (a heading read as something else once
    moved): nothing is done."""


def _anchor(lines: list[str], heading: Heading) -> bool:
    """Whether the reading of the lines after `heading` depends on them alone: an ATX heading
    ("#" first on its line, no comment opened on it) after a blank line. The blank line ends
    any paragraph, HTML block or list before it (a comment opened in a paragraph is closed or
    is text there), so the heading line is read as one whatever came before and leaves the
    reading as at a document's start (`markdown.outline`: NORMAL, nothing open); and nothing
    before the blank line looks past it."""
    number = heading.line - 1
    line = lines[number]
    return (number > 0 and line[:1] == "#" and "<!--" not in line
            and not lines[number - 1].strip())  # fmt: skip


def _checked(lines: list[str], done: Rewritten, expected: list[tuple[int, str]],
             found: list[Heading]) -> Rewritten:  # fmt: skip
    """`done`, once the text it makes has the headings `expected` (levels and titles, in any
    order; `expected[i]` what `found[i]`, the document's headings now, becomes); Unsafe where
    it does not.

    Only the lines the edit touched are read again, from the last heading before them after
    which the reading depends on the lines after it alone (`_anchor`) to the first such one
    after them (the edit may change how that one reads: it is read too): before and after,
    the text and its reading are as they were (a 2 MB manuscript read whole took 50 ms). With
    no such heading before (or a YAML front matter whose end the edit may move), the reading
    starts at the document's start; with none after, it goes to the document's end (a fence
    left open at the end of the last section moved up swallows every heading after it)."""
    lines_at = [h.line - 1 for h in found]
    start, before = 0, bisect_left(lines_at, done.first) - 1
    while before >= 0:
        if lines_at[before] < done.first and _anchor(lines, found[before]):
            start = lines_at[before]
            break
        before -= 1
    if start and front_matter_opens(lines[0]) and start <= markdown.FRONT_MATTER_MOST + 1:
        start, before = 0, -1  # (the front matter's end may be the edit's)
    after = bisect_left(lines_at, done.last + 1)  # (a blank line between it and the edit)
    while after < len(found) and not _anchor(lines, found[after]):
        after += 1
    end = lines_at[after] + 1 if after < len(found) else len(lines)
    window = lines[start : done.first] + done.lines + lines[done.last : end]
    if not start and window and front_matter_opens(window[0]):
        window += lines[end:]  # (its end may be anywhere: the text is read to its end)
        after, end = len(found), len(lines)
    read = headings(window)
    if after < len(found) and (not read or read[-1].line != len(window)):
        # (the anchor after is no heading once the edit is made: read on to the end)
        window += lines[end:]
        read = headings(window)
        after, end = len(found), len(lines)
    wanted = expected[before if start else 0 : after + 1]  # (the anchors' own too)
    if sorted((h.level, h.text) for h in read) != sorted(wanted):
        raise Unsafe("the headings would read differently")
    at = found[before].position if start else 0  # (where line `start` begins, its anchor's)
    shift = sum(map(len, window)) - sum(map(len, lines[start:end])) + len(window) - end + start
    return replace(done, reread=Reread(start, end, shift, [
        replace(h, line=h.line + start, position=h.position + at) for h in read]))


@dataclass(frozen=True)
class Reread:
    """The document's lines `first`..`end` (from 0, end excluded, as they were before an edit)
    read again once it is made (`_checked`): their `headings` (empty ones too), by their lines
    and positions in the text as it is then; the text after them is as it was, `shift`
    characters further on (and the lines the edit added further down)."""

    first: int
    end: int
    shift: int
    headings: list[Heading]


@dataclass(frozen=True)
class Rewritten:
    """The document's lines `first`..`last` (end excluded) made `lines`, and where the cursor
    goes then: line `line` of the whole document (from 0), `column` (a Python index).
    `reread`: the headings around the edit once it is made, where its check read them."""

    first: int
    last: int
    lines: list[str]
    line: int
    column: int
    reread: Reread | None = field(default=None, compare=False)  # (not the edit: its reading)

    def headings_after(self, before: list[Heading]) -> list[Heading] | None:
        """The document's headings once the edit is made, from `before` (the headings it had,
        as `markdown.outline` reads them; or only those with a text, as `headings_of`) and
        those read again around the edit (empty ones too), without reading the rest again
        (a 2 MB manuscript whole: some tens of milliseconds). None where none were read."""
        reread = self.reread
        if reread is None:
            return None
        lines = len(self.lines) - (self.last - self.first)  # (the lines it added)
        return ([h for h in before if h.line - 1 < reread.first] + reread.headings
                + [replace(h, line=h.line + lines, position=h.position + reread.shift)
                   for h in before if h.line - 1 >= reread.end])  # fmt: skip


def headings(lines: list[str]) -> list[Heading]:
    """The document's headings, an empty one ("## " alone) too: it ends a section as well."""
    return outline("\n".join(lines)).headings


def around(lines: list[str], line: int, anchor: Callable[[int], bool], up: bool = False,
           down: bool = False, reach: int | None = None) -> list[Heading]:
    """The headings a command on the section at line `line` (from 0) needs, read outward from
    that line instead of the whole document's (`headings`: 25 to 50 ms for 2 MB): a run of the
    document's headings, as the whole reading has them, from an anchor before what the command
    may change (the section's heading, with `up` the one before it of its level or higher) to
    one after it (its section's end, with `down` the end of the section after it), or from the
    document's start and to its end where there is none. `anchor(n)`: whether line `n` is an
    ATX heading after a blank line that is read as a heading (`_anchor`; the editor's
    highlighting knows its state): the reading from there is as the whole document's, and
    `move`, `shift` and their check (`_checked`) find the anchors they read from in the run.
    `reach`: the line of another heading the run holds too, with its section (an Outline's
    drop there, `move_to`), or `len(lines)`: the run goes on to the end (a drop at the end)."""
    count = len(lines)
    front = front_matter_opens(lines[0]) if lines else False

    def before(n: int) -> int:  # the nearest anchor before line n, or the start
        n -= 1
        while n > 0 and not anchor(n):
            n -= 1
        n = max(n, 0)
        # (the front matter's end may be the edit's: `_checked` reads from 0)
        return 0 if front and n <= markdown.FRONT_MATTER_MOST + 1 else n

    def after(n: int) -> int:  # the nearest anchor after line n, or the end
        n += 1
        while n < count and not anchor(n):
            n += 1
        return min(n, count)

    def read(first: int, last: int, at: int) -> list[Heading]:
        """The headings of lines `first`..`last` (an anchor or the start, to an anchor or the
        end), line `first` at Python position `at`."""
        return [replace(h, line=h.line + first, position=h.position + at)
                for h in headings(lines[first : last + 1])]  # fmt: skip

    def length(first: int, end: int) -> int:  # lines first..end's characters, their breaks too
        return sum(map(len, lines[first:end])) + end - first

    start, end = before(line + 1), after(line)
    if not start and front:
        end = count  # (`_checked` reads such a text from its start to its end)
    start_at = length(0, start)
    end_at = start_at + length(start, end)
    found = read(start, end, start_at)
    # each stretch between two anchors is read once, the run growing by the stretches read
    # before and after it: to the anchor past the heading sought where it is in the run, else
    # twice as far each time (read again whole at each anchor, the sections of a "# Book" over
    # 1,500 chapters took a minute)
    back = ahead = 1
    while True:
        index = section_at(found, line)
        lo = found[index].line - 1 if index is not None else None
        if index is not None and up:
            level = found[index].level
            lo = next((h.line - 1 for h in reversed(found[:index]) if h.level <= level), None)
        if reach is not None and lo is not None:
            lo = min(lo, reach)
        if start and (lo is None or start >= lo):
            # (an anchor before what may change, its heading too)
            first = before(start - back if lo is None else lo)
            back *= 2
            start_at -= length(first, start)
            found = [h for h in read(first, start, start_at) if h.line - 1 < start] + found
            start = first
            if not start and front and end < count:
                found = [h for h in found if h.line - 1 < end] + read(end, count, end_at)
                end = count
            continue
        if index is None:
            return found
        hi = span(found, index, count)[1]
        if down:
            nxt = next((i for i, h in enumerate(found) if h.line - 1 == hi), None)
            if nxt is not None and found[nxt].level == found[index].level:
                hi = span(found, nxt, count)[1]
        if reach is not None:  # (and the other heading's section, or to the end)
            other = next((i for i, h in enumerate(found) if h.line - 1 == reach), None)
            hi = max(hi, reach + 1 if other is None else span(found, other, count)[1])
        if end < count and end <= hi:
            last = after(hi if hi < count else end + ahead - 1)
            ahead *= 2
            found = [h for h in found if h.line - 1 < end] + read(end, last, end_at)
            end_at += length(end, last)
            end = last
            continue
        return found


def span(found: list[Heading], index: int, count: int) -> tuple[int, int]:
    """The lines (first, end excluded, from 0) of heading `index`'s section in a document of
    `count` lines."""
    level = found[index].level
    for heading in found[index + 1 :]:
        if heading.level <= level:
            return found[index].line - 1, heading.line - 1
    return found[index].line - 1, count


def section_at(found: list[Heading], line: int) -> int | None:
    """The heading whose own lines, before any heading under it, hold line `line` (from 0): the
    innermost section there; None before the first heading."""
    index = None
    for i, heading in enumerate(found):
        if heading.line - 1 > line:
            break
        index = i
    return index


def _blank(line: str) -> bool:
    return not line.strip()


def move_to(lines: list[str], index: int, to: int, cursor: tuple[int, int] | None = None,
            found: list[Heading] | None = None) -> Rewritten | None:  # fmt: skip
    """Heading `index`'s section moved so that it begins where line `to` (from 0) begins now
    (`len(lines)`: the end), its text as it was. None where that is where it is, or inside
    itself. `cursor` (line, column): where the cursor is, kept on the same character when it is
    in the section (on its heading otherwise). Unsafe where the text would read differently
    there."""
    found = headings(lines) if found is None else found
    first, end = span(found, index, len(lines))
    if first <= to <= end:
        return None
    block = lines[first:end]
    core = list(block)
    while len(core) > 1 and _blank(core[-1]):
        core.pop()
    trail = block[len(core) :]
    rest = lines[:first] + lines[end:]
    at = to if to < first else to - (end - first)
    tail = 0  # the blank lines the document ends with
    while tail < len(lines) and _blank(lines[len(lines) - 1 - tail]):
        tail += 1
    before = rest[:at]
    gap = [""] if before and not _blank(before[-1]) else []
    after = rest[at:]
    moved = gap + core + (trail or [""]) if after else gap + core
    new = before + moved + after
    while new and _blank(new[-1]):
        new.pop()
    new += [""] * tail
    start = len(before) + len(gap)  # the heading's line, now
    line, column = start, 0
    if cursor is not None and first <= cursor[0] < first + len(core):
        line, column = start + cursor[0] - first, cursor[1]
    low = min(first, at)
    # (only the lines that changed are written again: one undo step, the rest left alone)
    high_old = len(lines)
    high_new = len(new)
    while high_old > low and high_new > low and lines[high_old - 1] == new[high_new - 1]:
        high_old -= 1
        high_new -= 1
    while low < high_old and low < high_new and lines[low] == new[low]:
        low += 1
    done = Rewritten(low, high_old, new[low:high_new], line, column)
    return _checked(lines, done, [(h.level, h.text) for h in found], found)


def move(lines: list[str], index: int, down: bool, cursor: tuple[int, int] | None = None,
         found: list[Heading] | None = None) -> Rewritten | None:  # fmt: skip
    """Heading `index`'s section past the section of the same level before it (after it with
    `down`), under the same heading. None where there is none: the first (or last) section
    under its heading. `found`: the document's `headings`, where the caller read them."""
    found = headings(lines) if found is None else found
    level = found[index].level
    if down:
        first, end = span(found, index, len(lines))
        nxt = next((i for i, h in enumerate(found) if h.line - 1 == end), None)
        if nxt is None or found[nxt].level != level:
            return None
        return move_to(lines, index, span(found, nxt, len(lines))[1], cursor, found)
    for i in range(index - 1, -1, -1):
        if found[i].level < level:
            return None
        if found[i].level == level:
            return move_to(lines, index, found[i].line - 1, cursor, found)
    return None


def shift(lines: list[str], index: int, by: int, cursor: tuple[int, int] | None = None,
          found: list[Heading] | None = None) -> Rewritten | None:  # fmt: skip
    """Heading `index` and every heading in its section `by` levels lower (1: "##" made "###")
    or higher (-1). None where one would go past "#" or "######". A setext heading stays one
    at levels 1 and 2 (its underline made of "=" or "-") and is written as an ATX heading
    beyond (its lines joined by a space). Unsafe where the text would then read differently
    (a heading no longer one). `found`: the document's `headings`, where the caller read
    them."""
    found = headings(lines) if found is None else found
    first, end = span(found, index, len(lines))
    inside = [h for h in found[index:] if h.line - 1 < end]
    if any(not 1 <= h.level + by <= 6 for h in inside):
        return None
    new = list(lines[first:end])
    cursor_line, cursor_column = cursor if cursor is not None else (first, 0)
    within = first <= cursor_line < end
    for heading in reversed(inside):
        i = heading.line - 1 - first
        level = heading.level + by
        match = _ATX.match(new[i])
        if match:
            new[i] = match.group(1) + "#" * level + new[i][match.end() :]
            if heading.line - 1 == cursor_line:
                old_end, new_end = match.end(), len(match.group(1)) + level
                cursor_column = (cursor_column + new_end - old_end if cursor_column >= old_end
                                 else min(cursor_column, new_end))  # fmt: skip
            continue
        under = next((j for j in range(i + 1, len(new)) if _UNDERLINE.match(new[j])), None)
        if under is None:  # (no underline where it was read: left as it is)
            continue
        if level <= 2:
            mark = "=" if level == 1 else "-"
            new[under] = re.sub(r"[=-]", mark, new[under])
            continue
        title = " ".join(part.strip() for part in new[i:under])
        new[i : under + 1] = ["#" * level + " " + title]
        taken = under - i  # lines gone
        if first + i < cursor_line <= first + under:
            cursor_line, cursor_column = first + i, 0
        elif cursor_line > first + under:
            cursor_line -= taken
        elif cursor_line == first + i:
            cursor_column += level + 1
    line = min(cursor_line, first + len(new) - 1) if within else cursor_line
    shifted = {id(h) for h in inside}
    expected = [(h.level + by if id(h) in shifted else h.level, h.text) for h in found]
    return _checked(lines, Rewritten(first, end, new, line, cursor_column), expected, found)
