"""HTML pasted into a Markdown document, as Markdown: what a web page, a word processor or
a mail copies (headings, emphasis, links, lists, quotations, code, pictures) kept in the
document's own marks, as a good Markdown editor pastes it (Obsidian, Typora).

`markdown_from_html` reads the HTML with the standard library's tolerant parser (any bytes of
it give text, never an error) and writes:

- blocks: a paragraph a blank line apart, `#`… headings, `-` and `1.` items (nested items
  indented under theirs), `>` quotations, fenced code for `<pre>`, `---` for `<hr>`, a table as
  a GFM pipe table (`_table`); `<br>` a line break within the block;
- inline: `**strong**`, `*emphasis*`, `` `code` ``, `~~struck~~`, `[text](address)` for a link
  to the web or mail (a `javascript:` one is its text), `![alt](address)` for a picture on the
  web (a picture of `data:` or a local file is its alt text: the address would be a blob or
  would lead nowhere here), an address as `markdown.destination` writes it. Word processors
  say bold and italic in a `style` (Google Docs wraps a whole copy in
  `<b style="font-weight:normal">`, LibreOffice and Word use spans): the style is read too,
  and wins over the tag;
- text: runs of white space are one space (not in `<pre>`), entities are characters, and the
  characters that would be read as marks are escaped where they would be (`*`, `` ` ``, a `_`
  at a word's edge, a `<` before a letter, a `#`, `>`, `-`, `+` or `1.` starting a line);
  nothing of `<script>`, `<style>`, `<head>` or a comment.

`worth_converting` says whether HTML carries anything Markdown can keep that its plain text
lacks: a code editor's copy (VS Code's, a terminal's) is spans of colours around the Markdown
source the writer copied, and must be pasted as that text, marks and all.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from writer.documents.markdown import destination

MOST_HTML = 2_000_000  # characters of HTML converted at most (a longer paste is its text)
# tags open at once that are followed (hostile nesting, "<span>" × 50,000, took seconds a tag):
MOST_OPEN = 64  # inline tags: deeper ones give their text without marks
MOST_NESTED = 16  # lists and quotations: deeper ones are shown at this depth

# tags that say something Markdown keeps (`worth_converting`)
_MEANING = frozenset(
    "a b strong i em h1 h2 h3 h4 h5 h6 ul ol li blockquote img pre code del s strike hr table"
    .split()
)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold(?:er)?|[6-9]00)\b", re.IGNORECASE)
_NORMAL_WEIGHT = re.compile(r"font-weight\s*:\s*(normal|lighter|[1-5]00)\b", re.IGNORECASE)
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*(italic|oblique)\b", re.IGNORECASE)
_NORMAL_STYLE = re.compile(r"font-style\s*:\s*normal\b", re.IGNORECASE)
_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})
_BLOCKS = frozenset(
    "p div section article header footer main aside nav figure figcaption address dl dt dd"
    .split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CONTAINERS = frozenset({"html", "body", "tbody", "thead", "tfoot", "colgroup", "font", "center"})
_WEB = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# marks to escape inside text: * and ` anywhere, _ at a word's edge, < before a tag's start
_INLINE_MARKS = re.compile(r"([\\*`])|(?<!\w)_|_(?!\w)|<(?=[A-Za-z/!?])|~~")
# what starts a line as a block's mark
_LINE_MARK = re.compile(r"^( {0,3})(#{1,6}(?=\s|$)|>|[-+](?=\s)|\d{1,9}(?=[.)]\s)|=+\s*$)")


def worth_converting(html: str) -> bool:
    """Whether `html` says something Markdown can keep: a tag of meaning (a link, emphasis, a
    heading, a list, a quotation, a picture, code, a table) or bold or italic in a style."""
    if len(html) > MOST_HTML:
        return False
    finder = _Finder()
    try:
        finder.feed(html)
        finder.close()
    except _Found:
        return True
    return False


def markdown_from_html(html: str) -> str:
    """`html` as Markdown (see the module's docstring); "" for HTML of no text."""
    writer = _Writer()
    writer.feed(html)
    writer.close()
    return writer.result()


class _Found(Exception):
    pass


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _MEANING:
            if tag == "b" and _NORMAL_WEIGHT.search(_style(attrs)):
                return  # (Google Docs' wrapper)
            if tag == "a" and not _WEB.match(dict(attrs).get("href") or ""):
                return
            raise _Found
        style = _style(attrs)
        if style and (_BOLD_STYLE.search(style) or _ITALIC_STYLE.search(style)):
            raise _Found


def _style(attrs: list[tuple[str, str | None]]) -> str:
    return next((value or "" for name, value in attrs if name == "style"), "")


def escape_text(text: str) -> str:
    """Characters of plain text that Markdown would read as marks, escaped (`_INLINE_MARKS`)."""
    return _INLINE_MARKS.sub(lambda m: "\\" + m.group(0), text)


class _Writer(HTMLParser):
    """Writes Markdown as the tags come. Blocks are lines of `self.lines`; the inline text of
    the block being read gathers in `self.run` (with its marks) until the block ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished blocks, each its lines joined
        self.run: list[str] = []  # the inline text of the block being read
        self.skip = 0  # inside <script>, <style>, …
        self.pre = 0  # inside <pre>
        self.lists: list[list[int]] = []  # each open list: [its next number] (0: bullets)
        self.lists_over = 0  # lists open deeper than MOST_NESTED
        self.quote = 0  # depth of <blockquote>
        self.heading = 0
        self.marks: list[tuple[str, str]] = []  # the open inline tags: (tag, the mark written)
        self.links: list[str | None] = []  # the open links' addresses (None: not written)
        self.table = 0  # depth of <table> (a table in a table's cell is text of the cell)
        self.rows: list[list[str]] = []  # the rows of the table being read, each its cells
        self.cells: list[str] | None = None  # the cells of the table row being read
        self.in_cell = False  # in a td or th: the run is the cell's text
        self.span = 1  # the open cell's colspan
        self.item_started = False  # the current item's first block is still to come
        self.list_serial = 0  # which list (from the top)
        self.last_group: int | None = None  # the last block's list
        self.last_quote = 0

    # blocks ---------------------------------------------------------------------------------
    def _prefix(self, first: bool) -> str:
        """The marks before a block's line: quotation's, then the list item's (its marker on
        its first line, its indentation after)."""
        prefix = "> " * min(self.quote, MOST_NESTED)
        if self.lists:
            indent = "".join("   " if n[0] else "  " for n in self.lists[:-1])
            number = self.lists[-1][0]
            marker = f"{number - 1}. " if number else "- "
            if first and self.item_started:
                prefix += indent + marker
            else:
                prefix += indent + " " * len(marker)
        return prefix

    def _flush(self) -> None:
        """End the block being read: its inline text becomes a block of lines."""
        text = _UNCLOSED.sub("", "".join(self.run))  # (a mark left open: none)
        self.run = []
        if self.pre:
            return
        text = _DOUBLE_SPACE.sub(" ", text)
        lines = [line.strip(" ") for line in text.split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if not lines:
            return
        if self.heading:
            title = " ".join(line for line in lines if line)
            self._add([("#" * self.heading) + " " + title])
            return
        lines = [_LINE_MARK.sub(lambda m: m.group(1) + "\\" + m.group(2), line) for line in lines]
        self._add([line + ("  " if i < len(lines) - 1 else "") for i, line in enumerate(lines)])

    def _add(self, lines: list[str]) -> None:
        first = self._prefix(True)
        rest = self._prefix(False)
        self.item_started = False
        block = "\n".join((first if i == 0 else rest) + line for i, line in enumerate(lines))
        # a list's items are tight (a line apart); other blocks a blank line apart, the blank
        # line of a quotation a ">" of its own
        group = self.list_serial if self.lists else None
        if not self.blocks:
            sep = ""
        elif group is not None and group == self.last_group:
            sep = "\n"
        elif self.quote and self.last_quote:
            sep = "\n" + ">" * min(self.quote, self.last_quote, MOST_NESTED) + "\n"
        else:
            sep = "\n\n"
        self.blocks.append(sep + block)
        self.last_group, self.last_quote = group, self.quote

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self.run.append("\n")
            return
        if self.table and self._in_table(tag, attrs):
            return
        if self.pre and self._in_code(tag):
            return
        if tag in _BLOCKS or tag in _HEADINGS or tag in ("ul", "ol", "li", "blockquote", "hr",
                                                         "pre", "table", "tr"):  # fmt: skip
            self._flush()
        if tag in _BLOCKS or tag in _CONTAINERS:
            return  # (a block's end flushes it; nothing to pair)
        if tag in _HEADINGS:
            self.heading = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            if not self.lists:
                self.list_serial += 1
            if len(self.lists) < MOST_NESTED:
                self.lists.append([1 if tag == "ol" else 0])
            else:
                self.lists_over += 1  # (deeper lists: items of the deepest shown)
        elif tag == "li":
            if self.lists and self.lists[-1][0]:
                self.lists[-1][0] += 1
            self.item_started = True
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "hr":
            self._add(["---"])
        elif tag == "pre":
            self.pre += 1
            self.run = []
        elif tag == "table":
            self.table, self.rows = 1, []
        elif tag == "img":
            self._picture(dict(attrs))
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if _WEB.match(href) and not self.pre:
                self.links.append(href)
                self.run.append("[")
            else:
                self.links.append(None)
        else:
            self._inline_start(tag, attrs)

    def _inline_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = _style(attrs)
        mark = ""
        if tag in ("strong", "b") and not _NORMAL_WEIGHT.search(style):
            mark = "**"
        elif tag in ("em", "i", "cite") and not _NORMAL_STYLE.search(style):
            mark = "*"
        elif tag in ("code", "kbd", "samp", "tt") and not self.pre:
            mark = "`"
        elif tag in ("del", "s", "strike"):
            mark = "~~"
        elif style:
            if _BOLD_STYLE.search(style):
                mark = "**"
            if _ITALIC_STYLE.search(style):
                mark = mark + "*"
        if mark and any(m == mark for _tag, m in self.marks):
            mark = ""  # (bold inside bold: once)
        if mark == "`" and any(m == "`" for _t, m in self.marks):
            mark = ""
        if tag in _VOID or len(self.marks) >= MOST_OPEN:
            return  # (deeper inline tags: their text without marks)
        self.marks.append((tag, mark))
        if mark:
            self.run.append("\x00" + mark)  # (opened: written only if text follows)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self.table and self._in_table(tag, None):
            return
        if self.pre and tag != "pre" and self._in_code(tag):
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = 0
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists_over:
                self.lists_over -= 1
            elif self.lists:
                self.lists.pop()
        elif tag == "li":
            self._flush()
        elif tag == "blockquote":
            self._flush()
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            self._end_pre()
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "a":
            href = self.links.pop() if self.links else None
            if href is not None:
                if self.run and self.run[-1] == "[":
                    self.run.pop()  # (a link of no text)
                else:
                    self.run.append(f"]({destination(href)})")
        else:
            for i in range(len(self.marks) - 1, -1, -1):
                if self.marks[i][0] == tag:
                    for _t, mark in reversed(self.marks[i:]):
                        self._close_mark(mark)
                    del self.marks[i:]
                    break

    def _in_code(self, tag: str) -> bool:
        """A block's tag inside `<pre>` (a highlighter's `<div>` a line, a `<p>`): a line break
        of the code, where it ended the block and the code's lines before it were lost."""
        if tag == "pre":
            self.pre += 1
            return True
        if tag in _BLOCKS or tag in _HEADINGS or tag in _CELL_LINES or tag in ("table", "tr"):
            if self.run and not self.run[-1].endswith("\n"):
                self.run.append("\n")
            return True
        return False

    def _end_pre(self) -> None:
        if self.pre > 1:
            self.pre -= 1  # (a <pre> in code: its text is the code's)
        elif self.pre:
            code = "".join(self.run).strip("\n")
            self.run = []
            self.pre -= 1
            if code:
                fence = "```"
                while fence in code:
                    fence += "`"
                self._add([fence, *code.split("\n"), fence])

    # tables -----------------------------------------------------------------------------------
    def _in_table(self, tag: str, attrs: list[tuple[str, str | None]] | None) -> bool:
        """A tag in a table (`attrs` None: its end), where it is the table's: rows and cells,
        and in a cell, a block's start or end (a paragraph, an item, a heading, a table in the
        cell) is a line break of the cell's text; False where the tag is what it is anywhere."""
        start = attrs is not None
        if tag == "table":
            if start:
                self.table += 1
            elif self.table > 1:
                self.table -= 1
            else:
                self._end_row()
                self._table()
                self.table = 0
                self._flush()  # (text in the table but in no cell)
                return True
            if self.in_cell or self.table > 1:
                self.run.append("\n")
            return True
        if self.table > 1:  # a table's in a cell: its rows are lines, its cells words, of it
            if tag in ("tr", "td", "th"):
                self.run.append("\n" if tag == "tr" else " ")
                return True
        elif tag == "tr":
            self._end_row()
            if start:
                self._flush()  # (a caption, text between rows: a paragraph)
                self.cells = []
            return True
        elif tag in ("td", "th"):
            self._end_cell()
            if start:
                if self.cells is None:
                    self._flush()
                    self.cells = []
                self.in_cell, self.run = True, []
                span = dict(attrs or []).get("colspan") or "1"
                self.span = min(int(span), 100) if span.strip().isdigit() else 1
            return True
        if (self.in_cell or self.table > 1) and (
            tag in _BLOCKS or tag in _HEADINGS or tag in _CELL_LINES
        ):
            self.run.append("\n")
            return True
        return False

    def _end_cell(self) -> None:
        """The open cell (or text in the row outside any) as a cell of the row."""
        text = "".join(self.run)
        if self.cells is not None and (self.in_cell or text.strip()):
            self.cells.append(_cell(text))
            self.cells.extend([""] * (self.span - 1))
            self.run = []
        self.in_cell, self.span = False, 1

    def _end_row(self) -> None:
        self._end_cell()
        if self.cells is not None:
            self.rows.append(self.cells)
            self.cells = None

    def _table(self) -> None:
        """The table read as a GFM pipe table: its first row the header (a `th` row, or the
        first of `td`s: GFM has no table without one), then the `| --- |` line, every row as
        many cells as the widest (a short row padded with empty cells); nothing for a table of
        no text."""
        rows, self.rows = self.rows, []
        if not any(cell for row in rows for cell in row):
            return
        width = max(len(row) for row in rows)
        lines = ["|" + "".join(f" {cell} |" if cell else " |" for cell in row)
                 + " |" * (width - len(row)) for row in rows]  # fmt: skip
        lines.insert(1, "|" + " --- |" * width)
        self.table = 0  # (its lines a block of their own, a blank line from the others)
        self._add(lines)

    def _close_mark(self, mark: str) -> None:
        if not mark:
            return
        opened = "\x00" + mark
        if opened in self.run:
            at = len(self.run) - 1 - self.run[::-1].index(opened)
            inner = "".join(self.run[at + 1 :])
            if not inner.strip():
                self.run[at] = ""  # nothing between: no marks
                return
            # marks hug the text: spaces inside go outside (CommonMark needs it)
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = inner[len(inner.rstrip()) :]
            self.run[at:] = [lead + mark + inner.strip() + mark + trail]

    def _picture(self, attrs: dict[str, str | None]) -> None:
        alt = _SPACES.sub(" ", attrs.get("alt") or "").strip()
        src = (attrs.get("src") or "").strip()
        if src.lower().startswith(("http://", "https://")):
            self.run.append(f"![{escape_text(alt)}]({destination(src)})")
        elif alt:
            self.run.append(escape_text(alt))

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            self.run.append(data)
            return
        text = _SPACES.sub(" ", data)
        if not text:
            return
        if text == " " and (not self.run or self.run[-1].endswith((" ", "\n"))):
            return
        if self.run and self.run[-1].endswith((" ", "\n")):
            text = text.lstrip(" ")
        inline_code = any(m == "`" for _t, m in self.marks)
        self.run.append(text if inline_code else escape_text(text))

    def result(self) -> str:
        self.skip = 0  # (what was left open ends with the text)
        while self.pre:
            self._end_pre()
        if self.table:
            self.table = 1
            self.handle_endtag("table")
        self._flush()
        text = "".join(self.blocks).strip("\n")
        return text.replace("\x00", "")


_PIPE = re.compile(r"(\\*)\|")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_UNCLOSED = re.compile("\x00(?:\\*\\*\\*|\\*\\*|\\*|`|~~)")
_CELL_LINES = frozenset({"ul", "ol", "li", "blockquote", "hr", "pre", "dt", "dd"})
_VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "col", "area", "source"})


def _cell(text: str) -> str:
    """A cell's Markdown on one line: its lines (a `<br>`, a paragraph's end) a space apart
    (Qt's Markdown reader, the preview's and the export's, drops what follows a `<br>` in a
    cell), its pipes escaped (GFM reads `\\|` as a pipe in a cell, in code and links too)."""
    text = _UNCLOSED.sub("", text)
    line = " ".join(part.strip() for part in text.split("\n") if part.strip())
    # (a pipe after an odd run of backslashes is escaped already: a bare "\\" of code whose
    # backticks never closed)
    return _PIPE.sub(lambda m: m[1] + ("" if len(m[1]) % 2 else "\\") + "|",
                     _DOUBLE_SPACE.sub(" ", line))  # fmt: skip
