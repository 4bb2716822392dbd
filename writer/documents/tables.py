"""Markdown's tables (GitHub's pipe tables) as the editor edits them, without Qt: where the
table around a line is, its cells, and the table laid out again with its columns aligned, as
Obsidian's Advanced Tables and VS Code's Markdown All in One lay it out.

`table_around(lines, index)` finds the table that line `index` of a paragraph's `lines` is in:
a header row, the delimiter row under it (`| --- | :-: |`) and the rows after it, to the
paragraph's end. `formatted(table)` lays it out: a bar at each end, one space inside each bar,
every column as wide as its widest cell (a Chinese character counts two, as a monospaced font
shows it), each cell placed by its column's alignment (`:--` left, `:-:` centred, `--:`
right), the delimiter row's dashes as wide as the column, every line indented as the header is
(GFM allows a table up to 3 spaces). A row with fewer cells gets empty
ones; a row with more widens the table (its words are kept, and shown). Nothing of a cell is
changed but the spaces around it; a bar escaped (`\\|`) is text, as GitHub reads it.

`tab(lines, row, column, back)` and `enter(...)` are the keys in a table: the table laid out
and the cursor in the next cell (the previous one with Shift+Tab), a new row after the last
cell; Enter goes to the row below in the same column, and from the last row to a new row's
first cell, and on an empty last row ends the table. Each gives the table's new lines and the
cursor's place in them (`Moved`). `typed_bar` is a bar typed in a row being filled: the bar
there already, stepped over (as VS Code steps over a closing bracket typed before one)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_BAR = re.compile(r"(?<!\\)\|")
_DELIMITER_CELL = re.compile(r"[ \t]*(:?)-+(:?)[ \t]*")
_CONTAINER = re.compile(r" {0,3}(?:>|[-+*][ \t]|\d{1,9}[.)][ \t])")
_INDENT = re.compile(r" {0,3}")
MOST_ROWS = 5000  # a table longer is laid out only where the keys are (its lines read)


@dataclass(frozen=True)
class Table:
    """A table's rows' cells (each stripped of the spaces around it) and its columns'
    alignments ("left", "center", "right" or ""); row 0 is the header, the delimiter row is
    not among them; `indent`: the spaces (0 to 3) before each of its lines."""

    rows: list[list[str]]
    aligns: list[str]
    indent: str = ""


@dataclass(frozen=True)
class Moved:
    """The table's lines after a key, and where the cursor goes: line `line` of them (the
    delimiter row counted), `column` (a Python index in that line)."""

    lines: list[str]
    line: int
    column: int


def width(text: str) -> int:
    """How many columns `text` takes in a monospaced font: a wide (Chinese, Japanese, Korean)
    character two, a combining mark none."""
    if text.isascii():  # (most cells: a character a column, read at C speed)
        return len(text)
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return total


def cells(line: str) -> list[str]:
    """A row's cells, stripped: the bars at its ends are no cells' edges ("| a | b |" has two),
    a bar after a backslash is text (the preview's rule, `markdown._cells`)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip() for cell in _BAR.split(body)]


def delimiter_aligns(line: str) -> list[str] | None:
    """The alignments a delimiter row gives its columns; None where `line` is none (a cell
    that is not dashes, with a colon at either end)."""
    if "-" not in line or _CONTAINER.match(line):
        return None
    found = []
    for cell in cells(line):
        match = _DELIMITER_CELL.fullmatch(cell)
        if match is None:
            return None
        left, right = bool(match[1]), bool(match[2])
        found.append("center" if left and right else "right" if right else "left" if left else "")
    if "|" not in line and len(found) < 2:
        return None  # ("---" alone is a thematic break or a heading's underline)
    return found


_OPENS_WITH_BAR = re.compile(r" {0,3}\|")
_BLOCK_START = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,})")


def is_row(line: str) -> bool:
    """Whether `line` may be a table's row: not blank, nor the start of another block (a
    quotation, a list's item, a heading, a fence, a thematic break, an HTML block), where
    GitHub ends a table."""
    if _OPENS_WITH_BAR.match(line):
        return True  # (a row as Format Table writes it: no other block starts with a bar)
    from writer.documents import markdown  # (markdown reads tables with these rules)

    if not line.strip() or _CONTAINER.match(line) or _BLOCK_START.match(line):
        return False
    if "|" not in line and markdown._BREAK.fullmatch(line):
        return False
    return markdown._html_block_opens(line, markdown.PARAGRAPH) == 0


def table_around(lines: list[str], index: int) -> tuple[int, int] | None:
    """The table (its first line and the line after its last, indices of `lines`) that line
    `index` is in; None where it is in none. `lines` is the paragraph's, or more: a blank line
    ends a table. A table's header is the line right above its delimiter row, of as many
    cells (GFM's rule); a line that is a quotation's or a list item's is none of a table."""
    if not 0 <= index < len(lines) or not is_row(lines[index]):
        return None
    start = index
    while start > 0 and is_row(lines[start - 1]) and index - start < MOST_ROWS:
        start -= 1
    end = index + 1
    while end < len(lines) and is_row(lines[end]) and end - index < MOST_ROWS:
        end += 1
    # the paragraph's first header and delimiter row: every line after them is a row, however
    # it looks ("| - | - |", no value, is no second table's delimiter row: GFM's rule)
    for d in range(start + 1, min(index + 1, end - 1) + 1):
        if heads_a_table(lines[d - 1 : d + 1]):
            return d - 1, end
    return None


def read(lines: list[str]) -> Table:
    """A table's lines (header, delimiter row, rows) read."""
    aligns = delimiter_aligns(lines[1]) or []
    rows = [cells(lines[0])] + [cells(line) for line in lines[2:]]
    return Table(rows, aligns, _INDENT.match(lines[0])[0])


def formatted(table: Table) -> tuple[list[str], list[list[int]]]:
    """The table laid out (module docstring), and where each cell's text ends in its line
    (the delimiter row's line has none: an empty list)."""
    count = max([len(table.aligns)] + [len(row) for row in table.rows])
    aligns = table.aligns + [""] * (count - len(table.aligns))
    rows = [row + [""] * (count - len(row)) for row in table.rows]
    widths = [max([3] + [width(row[c]) for row in rows]) for c in range(count)]
    lines: list[str] = []
    ends: list[list[int]] = []
    for number, row in enumerate(rows):
        line, row_ends = _row_line(row, [width(cell) for cell in row], widths, aligns, table.indent)
        lines.append(line)
        ends.append(row_ends)
        if number == 0:
            lines.append(_delimiter_line(widths, aligns, table.indent))
            ends.append([])
    return lines, ends


def _row_line(row: list[str], cell_widths: list[int], widths: list[int], aligns: list[str],
              indent: str) -> tuple[str, list[int]]:  # fmt: skip
    """A row (as many cells as columns) laid out in columns `widths`, and where each cell's
    text ends in the line."""
    line, row_ends = indent + "|", []
    for cell, used, wide, align in zip(row, cell_widths, widths, aligns, strict=True):
        room = wide - used
        before = room if align == "right" else room // 2 if align == "center" else 0
        line += " " + " " * before
        row_ends.append(len(line) + len(cell))
        line += cell + " " * (room - before) + " |"
    return line, row_ends


def _delimiter_line(widths: list[int], aligns: list[str], indent: str) -> str:
    return indent + "|" + "|".join(" " + _dashes(w, a) + " " for w, a in
                                   zip(widths, aligns, strict=True)) + "|"  # fmt: skip


@dataclass(frozen=True)
class _Laid:
    """A table read (`table`) and laid out: its lines, where each cell's text ends in them,
    its columns' widths and alignments (as many as its widest row's cells)."""

    table: Table
    lines: list[str]
    ends: list[list[int]]
    widths: list[int]
    aligns: list[str]

    def at(self, row: int, cell: int, extra: bool = False) -> Moved:
        """`_moved` for it: an empty row after its last with `extra` (it widens no column),
        the cursor at the end of the text of cell `cell` of row `row`."""
        new, ends = self.lines, self.ends
        if extra:
            count = len(self.widths)
            empty, empty_ends = _row_line([""] * count, [0] * count, self.widths, self.aligns,
                                          self.table.indent)  # fmt: skip
            new, ends = [*new, empty], [*ends, empty_ends]
        line = row if row == 0 else row + 1
        cell = min(cell, len(ends[line]) - 1)
        return Moved(new, line, ends[line][cell])


def _same_start(a: list[str], b: list[str]) -> int:
    """How many lines `a` and `b` begin with alike (compared a slice at a time, at C speed:
    a line kept from the last key is the same string, told at a glance)."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    low, high = 0, n  # (a[:low] == b[:low], a[:high] != b[:high])
    while high - low > 1:
        middle = (low + high) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle
    return low


def _same_end(a: list[str], b: list[str], most: int) -> int:
    """How many lines (at most `most`) `a` and `b` end with alike."""
    n = min(len(a), len(b), most)
    if a[len(a) - n :] == b[len(b) - n :]:
        return n
    low, high = 0, n
    while high - low > 1:
        middle = (low + high) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle
    return low


def heads_a_table(lines: list[str]) -> bool:
    """Whether `lines` open with a table's header and delimiter row (GFM's rule, which
    `table_around` reads too: a delimiter row, a bar in one of the two, as many cells in the
    header)."""
    if len(lines) < 2:
        return False
    aligns = delimiter_aligns(lines[1])
    return (aligns is not None and "|" in lines[1] + lines[0]
            and len(cells(lines[0])) == len(aligns))  # fmt: skip


class Layout:
    """One editor's table as its keys last laid it out, kept to lay it out again at the next
    key at the cost of what changed since: each line's cells and their widths, how many rows
    have each width in each column (so a column's width follows a row changed, added or taken
    out without reading the others), and each row's laid-out line while the columns' widths
    and alignments stay. The lines changed are told from the last key's by comparing the
    lists a slice at a time (at C speed); a change in the header or delimiter row, or a new
    width or alignment, lays every row out again (each row's line by its text, from a cache).
    What it gives is what `read` and `formatted` give (a Tab at 4,900 rows read and laid out
    every row: 47 ms a key)."""

    MOST = 4 * MOST_ROWS  # rows' texts kept at most (then forgotten, and read again)

    def __init__(self) -> None:
        self.cells: dict[str, tuple[list[str], list[int]]] = {}  # row text: cells, widths
        self.shape: tuple[tuple[int, ...], tuple[str, ...], str] | None = None
        self.laid: dict[str, tuple[str, list[int]]] = {}  # row text: line and ends, in shape
        # the table last given: its lines; each line's cells and widths (the delimiter row's
        # none); its laid-out lines and the ends of their cells' texts; each column's widths
        # (width: rows of it) and the rows' cell counts (count: rows of it)
        self._source: list[str] = []
        self._rows: list[tuple[list[str], list[int]]] = []
        self._cells_read: list[list[str]] = []  # the rows' cells (`Table.rows`)
        self._out: list[str] = []
        self._ends: list[list[int]] = []
        self._widths: list[dict[int, int]] = []
        self._counts: dict[int, int] = {}

    def of(self, lines: list[str]) -> _Laid:
        """`read(lines)` and `formatted` of it."""
        if len(self.cells) > self.MOST:
            self.cells.clear()
        if len(self.laid) > self.MOST:
            self.laid.clear()
        old = self._source
        same = _same_start(old, lines)
        if same < 2:  # (a new table, or its header or delimiter row changed)
            self._source, self._rows, self._out, self._ends = [], [], [], []
            self._cells_read = []
            self._widths, self._counts = [], {}
            same, old = 0, []
        kept_end = _same_end(old, lines, min(len(old), len(lines)) - same)
        gone = range(same, len(old) - kept_end)
        come = [self._cells(line) if i != 1 else ([], []) for i, line in
                enumerate(lines[same : len(lines) - kept_end], same)]  # fmt: skip
        for i in gone:
            if i != 1:
                self._count(self._rows[i], -1)
        for i, row in enumerate(come, same):
            if i != 1:
                self._count(row, 1)
        self._rows[same : len(old) - kept_end] = come
        if same:  # (rows: the lines but the delimiter row's)
            self._cells_read[same - 1 : len(old) - kept_end - 1] = [row for row, _ in come]
        else:
            self._cells_read = [row for i, (row, _) in enumerate(come) if i != 1]
        self._source = list(lines)
        aligns = delimiter_aligns(lines[1]) or []
        indent = _INDENT.match(lines[0])[0]
        count = max([len(aligns), *self._counts])
        widths = [max([3, *self._widths[c]]) if c < len(self._widths) else 3
                  for c in range(count)]  # fmt: skip
        padded_aligns = aligns + [""] * (count - len(aligns))
        shape = (tuple(widths), tuple(padded_aligns), indent)
        if shape != self.shape:  # every row laid out again
            self.shape = shape
            self.laid.clear()
            laid = [self._laid(line, row) if i != 1 else ("", []) for i, (line, row) in
                    enumerate(zip(lines, self._rows, strict=True))]  # fmt: skip
            self._out = [line for line, _ends in laid]
            self._ends = [ends for _line, ends in laid]
        else:
            laid = [self._laid(line, row) if i != 1 else ("", []) for i, (line, row) in
                    enumerate(zip(lines[same : len(lines) - kept_end], come, strict=True),
                              same)]  # fmt: skip
            self._out[same : len(old) - kept_end] = [line for line, _ends in laid]
            self._ends[same : len(old) - kept_end] = [ends for _line, ends in laid]
        self._out[1] = _delimiter_line(widths, padded_aligns, indent)
        # (the rows' cells are the cache's own: `_Laid` is read, never changed)
        table = Table(list(self._cells_read), aligns, indent)
        return _Laid(table, list(self._out), list(self._ends), widths, padded_aligns)

    def _count(self, row: tuple[list[str], list[int]], step: int) -> None:
        """A row's cells counted in (`step` 1) or out (-1) of the columns' widths."""
        cells_, used = row
        self._counts[len(cells_)] = self._counts.get(len(cells_), 0) + step
        if not self._counts[len(cells_)]:
            del self._counts[len(cells_)]
        while len(self._widths) < len(used):
            self._widths.append({})
        for c, wide in enumerate(used):
            column = self._widths[c]
            column[wide] = column.get(wide, 0) + step
            if not column[wide]:
                del column[wide]

    def _laid(self, line: str, row: tuple[list[str], list[int]]) -> tuple[str, list[int]]:
        """A row's line laid out in the shape, and where its cells' texts end."""
        done = self.laid.get(line)
        if done is None:
            widths, aligns, indent = self.shape or ((), (), "")
            cells_, used = row
            more = len(widths) - len(cells_)
            full, full_used = cells_ + [""] * more, used + [0] * more
            done = _row_line(full, full_used, list(widths), list(aligns), indent)
            self.laid[line] = done
            # the line laid out reads as its cells (laying out is stable): at the next key,
            # a table this key laid out is read from here
            self.laid[done[0]] = done
            self.cells.setdefault(done[0], (full, full_used))
        return done

    def _cells(self, line: str) -> tuple[list[str], list[int]]:
        found = self.cells.get(line)
        if found is None:
            row = cells(line)
            found = self.cells[line] = (row, [width(cell) for cell in row])
        return found


def _dashes(wide: int, align: str) -> str:
    left = ":" if align in ("left", "center") else ""
    right = ":" if align in ("right", "center") else ""
    return left + "-" * (wide - len(left) - len(right)) + right


def cell_bounds(line: str, column: int) -> tuple[int, int]:
    """Where the cell that the place `column` (a Python index) is in begins and ends in
    `line`: after the bar before it, up to the bar after it (an escaped bar is text)."""
    bars = [bar.start() for bar in _BAR.finditer(line)]
    left = max((b + 1 for b in bars if b < column), default=0)
    right = min((b for b in bars if b >= column), default=len(line))
    return left, right


def cell_at(line: str, column: int) -> int:
    """Which cell of `line` the place `column` (a Python index) is in: the bars before it
    counted, the one that opens the row not."""
    body = line[:column]
    bars = len(_BAR.findall(body))
    opened = line.lstrip().startswith("|")
    if opened and bars:
        bars -= 1
    return bars


def _moved(lines: list[str], row: int, cell: int, extra: bool = False,
           table: Table | None = None) -> Moved:  # fmt: skip
    """The table of `lines` (read already: `table`) laid out, a new empty row after its last
    with `extra`, the cursor at the end of the text of cell `cell` of row `row` (0 the header;
    the delimiter row not counted)."""
    table = read(lines) if table is None else Table([list(r) for r in table.rows],
                                                    list(table.aligns), table.indent)  # fmt: skip
    if extra:
        table.rows.append([""] * max(len(table.aligns), 1))
    new, ends = formatted(table)
    line = row if row == 0 else row + 1
    cell = min(cell, len(ends[line]) - 1)
    return Moved(new, line, ends[line][cell])


def tab(lines: list[str], line: int, column: int, back: bool = False,
        layout: Layout | None = None) -> Moved:  # fmt: skip
    """Tab (Shift+Tab: `back`) at `column` of line `line` of a table's `lines`: the table laid
    out, the cursor at the end of the next cell's text (the previous one's), the next row's
    first after a row's last (the row above's last before a row's first), a new row after the
    table's last cell; Shift+Tab in the header's first cell stays there. `layout`: the
    editor's, kept from its last key (`Layout`); without one the table is read whole."""
    laid = (layout or Layout()).of(lines)
    row = 0 if line <= 1 else line - 1
    count = len(laid.widths)
    cell = min(cell_at(lines[line], column), count - 1) if line != 1 else 0
    if back:
        if cell > 0:
            return laid.at(row, cell - 1)
        return laid.at(max(row - 1, 0), count - 1 if row else 0)
    if cell + 1 < count:
        return laid.at(row, cell + 1)
    last = len(laid.table.rows) - 1
    return laid.at(row + 1, 0, extra=row == last)


def typed_bar(line: str, column: int) -> int | None:
    """Where the cursor goes for a bar typed at `column` of a table's row `line` (not the
    delimiter row) where it is taken as a bar there already, as a writer used to typing the
    bars types "| Mara | Role |" over the empty row Tab or Enter made; None where it goes in.

    Only in the part of a row every cell of which is empty (spaces and bars from the cursor
    to the line's end, a bar among them): a bar typed in an empty first cell right after its
    opening bar ("|" or "| " before the cursor) is that bar (the cursor stays); anywhere
    else there, the bar is the next one, stepped over. A bar after a backslash is text, and a
    bar typed where a cell ahead holds text or after the row's last bar goes in (a cell split,
    a column added)."""
    before, after = line[:column], line[column:]
    if before.endswith("\\") or _BAR.sub("", after).strip(" \t"):
        return None
    following = _BAR.search(after)
    if following is None:
        return None
    opening = before.lstrip(" ")
    if opening in ("|", "| ") and len(before) - len(opening) <= 3:
        return column  # (the first cell's own bar: what is typed next goes in that cell)
    return column + following.end()


def enter(lines: list[str], line: int, column: int, layout: Layout | None = None) -> Moved:
    """Enter at `column` of line `line` of a table's `lines`: the table laid out and the cursor
    in the row below, in the same column (from the header, the first row); from the last row a
    new row, its first cell. On the last row when all its cells are empty the table ends
    there: that row becomes a blank line, and the cursor goes to a new line after it.
    `layout`: as `tab`'s."""
    layout = layout or Layout()
    laid = layout.of(lines)
    table = laid.table
    row = 0 if line <= 1 else line - 1
    cell = cell_at(lines[line], column) if line != 1 else 0
    last = len(table.rows) - 1
    if row < last:
        return laid.at(row + 1, cell)
    if row > 0 and not any(table.rows[row]):
        kept = layout.of(lines[:-1]).lines  # (`formatted` of the rows above it)
        return Moved(kept + ["", ""], len(kept) + 1, 0)
    return laid.at(row + 1, 0, extra=True)


def new_table(columns: int = 3, rows: int = 2) -> Moved:
    """A new table of empty cells (`columns` wide, a header and `rows` rows), the cursor in
    the header's first cell."""
    return _moved(["|" * (columns + 1), "|" + " --- |" * columns]
                  + ["|" * (columns + 1)] * rows, 0, 0)  # fmt: skip


def _place(lines: list[str], line: int, column: int) -> tuple[Table, int, int]:
    """The table read, and the row (0 the header) and cell of `column` of line `line` (the
    delimiter row: the header's)."""
    table = read(lines)
    row = 0 if line <= 1 else line - 1
    count = max([len(table.aligns)] + [len(r) for r in table.rows])
    cell = min(cell_at(lines[line], column), count - 1) if line != 1 else 0
    return table, row, cell


def _padded(table: Table) -> Table:
    count = max([len(table.aligns)] + [len(row) for row in table.rows])
    return Table([row + [""] * (count - len(row)) for row in table.rows],
                 table.aligns + [""] * (count - len(table.aligns)), table.indent)  # fmt: skip


def _at(table: Table, row: int, cell: int) -> Moved:
    new, ends = formatted(table)
    line = row if row == 0 else row + 1
    return Moved(new, line, ends[line][min(cell, len(ends[line]) - 1)])


def add_row(lines: list[str], line: int, column: int) -> Moved:
    """Format → Table → Add Row: an empty row under the cursor's (under the header, the
    first), the cursor in its cell of the same column."""
    table, row, cell = _place(lines, line, column)
    table = _padded(table)
    table.rows.insert(row + 1, [""] * len(table.aligns))
    return _at(table, row + 1, cell)


def add_column(lines: list[str], line: int, column: int) -> Moved:
    """Format → Table → Add Column: an empty column after the cursor's, the cursor in it."""
    table, row, cell = _place(lines, line, column)
    table = _padded(table)
    for cells in table.rows:
        cells.insert(cell + 1, "")
    table.aligns.insert(cell + 1, "")
    return _at(table, row, cell + 1)


def delete_row(lines: list[str], line: int, column: int) -> Moved | None:
    """Format → Table → Delete Row: the cursor's row taken out (not the header: None), the
    cursor in the same column of the row that takes its place (or the one above)."""
    table, row, cell = _place(lines, line, column)
    if row == 0:
        return None
    table = _padded(table)
    del table.rows[row]
    return _at(table, min(row, len(table.rows) - 1), cell)


def delete_column(lines: list[str], line: int, column: int) -> Moved | None:
    """Format → Table → Delete Column: the cursor's column taken out, every row's cell of it
    (the table's only column: None), the cursor in the column that takes its place."""
    table, row, cell = _place(lines, line, column)
    table = _padded(table)
    if len(table.aligns) < 2:
        return None
    for cells in table.rows:
        del cells[cell]
    del table.aligns[cell]
    return _at(table, row, min(cell, len(table.aligns) - 1))


def align_column(lines: list[str], line: int, column: int, align: str) -> Moved:
    """Format → Table → Align Left, Center or Right: the cursor's column placed so (its
    delimiter's colons), the cursor in the same cell."""
    table, row, cell = _place(lines, line, column)
    table = _padded(table)
    table.aligns[cell] = align
    return _at(table, row, cell)
