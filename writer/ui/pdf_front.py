"""A PDF manuscript's title page and table of contents (`writer.ui.front`), set in the
document before `print_pages` prints it.

`print_pages` prints the pages as `QTextDocument.print_` would (the same layout, `printed`),
but numbers them as a book does: the text's first page is 1, the title page has no number
and the pages of the contents before the text have small roman ones (ii, iii: the title page
counts i). `print_` numbered every page from the title page's 1.

The table gives each heading's page, as the PDF numbers its pages at their foot:
the pages are found by laying a copy of the document out as `print_` lays it out (its page, its
own 2 cm margins, the PDF writer's dots), the table filled in and the layout done again until
the numbers stand (a table that grows a page moves every heading after it). Each entry, its
words and its page, is a link to its heading: Qt's PDF writer makes a link to "#id" go to the
PDF's destination named "id" (`/Dest`), which it makes of a text's anchor name
(`QTextCharFormat.anchorNames`, `name_headings`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableFormat,
)

from writer.ui.front import Front, heading_ids

TITLE_SCALE = 2.4  # the title's size, of the body's
TITLE_DROP_INCHES = 2.5  # the title's distance below the top of the text on its page
PRINT_MARGIN_CM = 2  # the margins `QTextDocument.print_` lays a document out with
LAYOUT_PASSES = 4  # at most, the table filled in and the headings' pages found again


def name_headings(doc: QTextDocument) -> None:
    """Each heading of `doc` with its id (`heading_ids`, as GitHub names it) as the anchor
    name of its first run of text (the whole run: a run cut after its first letter lost the
    kerning of the two), which Qt's PDF writer makes a destination of the same name, where
    the run begins: the table of contents' entries, and a link of the text to "#part-two",
    go there (without, a PDF's link to a heading went nowhere)."""
    for number, slug in heading_ids(doc).items():
        block = doc.findBlockByNumber(number)
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            it += 1
            if fragment.charFormat().isImageFormat() or not fragment.text().strip():
                continue
            named = QTextCharFormat()
            named.setAnchor(True)  # (Qt's writer reads an anchor's names only)
            named.setAnchorNames([slug])
            cursor = QTextCursor(doc)
            cursor.setPosition(fragment.position())
            cursor.setPosition(fragment.position() + fragment.length(),
                               QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
            cursor.mergeCharFormat(named)
            break


def put_front(doc: QTextDocument, front: Front, pdf: QPdfWriter) -> int:
    """The title page and the table of contents `front` asks for, before the text of `doc`
    (whose first paragraph begins a page), for printing on `pdf`; the number of the text's
    first block then (0 where nothing was put: `print_pages` numbers its page 1)."""
    m = front.manuscript
    if not front.shows_something:
        return 0
    # (a format's lengths are in the screen's dots, which the layout scales to the PDF's)
    dpi = screen_dpi()[1]
    blocks = doc.blockCount()
    first = doc.begin().blockFormat()
    cursor = QTextCursor(doc)
    cursor.insertBlock()  # (the text goes into a block of its own, which keeps its format)
    QTextCursor(doc.findBlockByNumber(1)).setBlockFormat(first)
    cursor = QTextCursor(doc.begin())
    size = doc.defaultFont().pointSizeF() if doc.defaultFont().pointSizeF() > 0 else 12.0
    started = False
    if m.title_page:
        centred = QTextBlockFormat()
        centred.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        centred.setTopMargin(TITLE_DROP_INCHES * dpi)
        centred.setBottomMargin(size / 72 * dpi * 2)
        big = QTextCharFormat()
        big.setFontPointSize(size * TITLE_SCALE)
        big.setFontWeight(QFont.Weight.Bold)
        # (below an empty line: the layout drops the top margin of a document's first line)
        cursor.insertBlock(centred, big)
        cursor.insertText(m.title, big)
        if m.author:
            centred.setTopMargin(0)
            name = QTextCharFormat()
            name.setFontPointSize(size * 1.3)
            cursor.insertBlock(centred, name)
            cursor.insertText(m.author, name)
        started = True
    offset = doc.blockCount() - blocks  # (the text's first block)
    if front.entries:
        heading = QTextBlockFormat()
        heading.setBottomMargin(size / 72 * dpi)
        if started:
            heading.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        bold = QTextCharFormat()
        bold.setFontPointSize(size * 1.6)
        bold.setFontWeight(QFont.Weight.Bold)
        if started:
            cursor.insertBlock(heading, bold)
        else:
            cursor.setBlockFormat(heading)
            cursor.setBlockCharFormat(bold)
        cursor.insertText(m.contents_title, bold)
        table = _contents_table(cursor, front, dpi, pdf.resolution(), size)
        offset = doc.blockCount() - blocks
        _number(doc, table, [e.block + offset for e in front.entries], pdf,
                [e.slug for e in front.entries], offset)  # fmt: skip
    return offset


def _contents_table(cursor: QTextCursor, front: Front, dpi: int, across: int,
                    size: float) -> QTextTable:  # fmt: skip
    """The entries as a table without lines: each heading, set in by its level, and its page
    (a number to come) at the right. `dpi`: the dots an inch of a line's height and spacing,
    `across`: of its indent (the layout scales the former to the PDF's dots, not the latter)."""
    fmt = QTextTableFormat()
    fmt.setBorder(0)
    fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
    fmt.setCellSpacing(0)
    fmt.setCellPadding(0)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, 88),
                                   QTextLength(QTextLength.Type.PercentageLength, 12)])  # fmt: skip
    entries = front.entries or ()
    table = cursor.insertTable(len(entries), 2, fmt)
    top = min(e.level for e in entries)
    for row, entry in enumerate(entries):
        words = table.cellAt(row, 0).firstCursorPosition()
        line = QTextBlockFormat()
        line.setLeftMargin((entry.level - top) * across / 2.54)  # (a centimetre a level)
        # (a cell's first line keeps no top margin: the lines are spaced by their height)
        line.setLineHeight(150,
                           QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        words.setBlockFormat(line)
        plain = _link(entry.slug)
        plain.setFontWeight(QFont.Weight.Bold if entry.level == top else QFont.Weight.Normal)
        words.insertText(entry.text, plain)
        page = table.cellAt(row, 1).firstCursorPosition()
        line.setLeftMargin(0)
        line.setAlignment(Qt.AlignmentFlag.AlignRight)
        page.setBlockFormat(line)
    return table


def _link(slug: str) -> QTextCharFormat:
    """An entry's text's format: a link to its heading (`name_headings`), which looks as the
    rest of the table (a printed table of contents is not blue)."""
    fmt = QTextCharFormat()
    fmt.setAnchor(True)
    fmt.setAnchorHref(f"#{slug}")
    return fmt


def _number(doc: QTextDocument, table: QTextTable, blocks: list[int], pdf: QPdfWriter,
            slugs: list[str], text: int) -> None:  # fmt: skip
    """Each entry's page number, the headings' (`blocks`) as `print_pages` will lay them
    out and number them (from the page of the text's first block, `text`), a link to its
    heading (`slugs`: their ids)."""
    shown: list[int] = []
    for _ in range(LAYOUT_PASSES):
        first, *pages = heading_pages(doc, [text, *blocks], pdf)
        pages = [page - first + 1 if page and first else page for page in pages]
        if pages == shown:
            return
        for row, page in enumerate(pages):
            cell = table.cellAt(row, 1)
            cursor = cell.firstCursorPosition()
            cursor.setPosition(cell.lastCursorPosition().position(),
                               QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
            linked = cursor.charFormat()  # (as the number was, a link now)
            linked.merge(_link(slugs[row]))
            cursor.insertText(str(page) if page else "", linked)
        shown = pages


def heading_pages(doc: QTextDocument, blocks: list[int], pdf: QPdfWriter) -> list[int]:
    """The page of the PDF (from 1, the title page's; 0: none) each of `blocks` begins on when
    `print_pages` prints `doc` on `pdf` (`printed`)."""
    copy, height = printed(doc, pdf)
    layout = copy.documentLayout()
    pages = []
    for n in blocks:
        rect = layout.blockBoundingRect(copy.findBlockByNumber(n))
        # (0: a block Qt's layout has no place for, past 2**23 of the PDF's dots, some 618
        # pages at 1,200 dots an inch, which print_ leaves out too: `fitting_resolution`)
        pages.append(0 if rect.isNull() else int(rect.top() // height) + 1)
    return pages


# the PDF's dots an inch, the first whose pages hold the whole text (Qt lays nothing out past
# 2**23 of them: at 1,200 some 618 pages of A4, and the end of a longer manuscript was not in
# its PDF); a length is placed to the nearest dot
RESOLUTIONS = (1200, 600, 300, 150, 75)
CHARS_A_PAGE = 3000  # a page of prose at 12 points holds about as many, or fewer
# the pages Qt lays out at 1,200 dots an inch (some 612 of A4, more of Letter), or more: a
# text estimated longer is not laid out at 1,200 to be sure
PAGES_AT_1200 = 650
SURE_FIT_CHARS = 400_000  # a text this short at 12 points fits at 1,200 (some 130 pages)


def fitting_resolution(doc: QTextDocument, pdf: QPdfWriter, more_pages: int = 0) -> int:
    """The dots an inch (one of RESOLUTIONS) `doc` is printed at on `pdf` whole, with room
    for `more_pages` (a title page and a table of contents, put in after), the finest that
    holds it: from the finest its length may fit in (a page of prose a CHARS_A_PAGE
    characters at its font's size, a page more for each page break), each laid out as
    `print_` lays it out (`printed`) until its last line has a place, and the pages more
    after it. `pdf` is left at it."""
    size = doc.defaultFont().pointSizeF()
    chars = doc.characterCount() * ((size if size > 0 else 12.0) / 12) ** 2  # (at 12 points)
    breaks = _page_breaks(doc) + more_pages
    if chars < SURE_FIT_CHARS and breaks < SURE_FIT_BREAKS:
        pdf.setResolution(RESOLUTIONS[0])
        return RESOLUTIONS[0]
    pages = chars / CHARS_A_PAGE + breaks
    first = next((r for r in RESOLUTIONS if pages <= PAGES_AT_1200 * RESOLUTIONS[0] / r),
                 RESOLUTIONS[-1])  # fmt: skip
    for dpi in RESOLUTIONS[RESOLUTIONS.index(first) :]:
        pdf.setResolution(dpi)
        copy, height = printed(doc, pdf)
        last = copy.documentLayout().blockBoundingRect(copy.lastBlock())
        if not last.isNull() and last.bottom() + (more_pages + 1) * height < LAID_OUT_MOST:
            return dpi
    return RESOLUTIONS[-1]


LAID_OUT_MOST = 2**23  # the PDF's dots Qt lays a document out in, from its top
SURE_FIT_BREAKS = 200  # page breaks a text shorter than SURE_FIT_CHARS fits with at 1,200


def _page_breaks(doc: QTextDocument) -> int:
    """The blocks of `doc` that begin a page (a project's documents, each on a new page)."""
    count, block = 0, doc.begin()
    while block.isValid():
        if block.blockFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            count += 1
        block = block.next()
    return count


def front_pages(front: Front | None) -> int:
    """The pages `front` puts before the text, at most: its title page, its table of contents
    (CONTENTS_A_PAGE entries a page) and the page the text then begins on."""
    if front is None or not front.shows_something:
        return 0
    entries = len(front.entries or ())
    return int(front.manuscript.title_page) + -(-entries // CONTENTS_A_PAGE) + 1


CONTENTS_A_PAGE = 30  # a table of contents' entries on a page, at least


def printed(doc: QTextDocument, pdf: QPdfWriter) -> tuple[QTextDocument, float]:
    """A copy of `doc` laid out as `doc.print_(pdf)` lays it out, and its page's height: `doc`
    has no page size of its own, so `print_` lays out a copy on the PDF's page inside margins
    of its own, 2 cm at the screen's dots an inch (Qt's `qt_defaultDpi`)."""
    copy = doc.clone()
    copy.documentLayout().setPaintDevice(pdf)
    dpi_x, dpi_y = screen_dpi()
    fmt = copy.rootFrame().frameFormat()
    across, down = int(PRINT_MARGIN_CM / 2.54 * dpi_x), int(PRINT_MARGIN_CM / 2.54 * dpi_y)
    fmt.setLeftMargin(across)
    fmt.setRightMargin(across)
    fmt.setTopMargin(down)
    fmt.setBottomMargin(down)
    copy.rootFrame().setFrameFormat(fmt)
    copy.setPageSize(QSizeF(pdf.width(), pdf.height()))
    return copy, copy.pageSize().height()


def print_pages(doc: QTextDocument, pdf: QPdfWriter, text: int = 0,
                title_page: bool = False) -> None:  # fmt: skip
    """`doc` printed on `pdf` as `doc.print_(pdf)` lays it out (`printed`), each page's number
    at its foot where `print_` puts it, as a book numbers its pages: the page of the text's
    first block (`text`, after a title page and contents, `put_front`) is 1, and the pages
    before it have small roman numbers counted from the first, but a `title_page` (its i is
    not shown). Each page is the layout's stretch of it, drawn within it (as `drawContents`
    draws, but in black: its palette is the application's, light text in a dark theme)."""
    copy, height = printed(doc, pdf)
    layout = copy.documentLayout()
    width = copy.pageSize().width()
    start = layout.blockBoundingRect(copy.findBlockByNumber(text)) if text else QRectF()
    first = int(start.top() // height) + 1 if not start.isNull() else 1
    dpi = pdf.resolution()
    margin = int(PRINT_MARGIN_CM / 2.54 * dpi)  # (where print_ sets its number: its margin's)
    painter = QPainter(pdf)
    painter.setFont(QFont(copy.defaultFont()))
    ascent = painter.fontMetrics().ascent()
    for page in range(1, max(1, copy.pageCount()) + 1):
        if page > 1:
            pdf.newPage()
        view = QRectF(0, (page - 1) * height, width, height)
        painter.save()
        painter.translate(0, -view.top())
        painter.setClipRect(view)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = view
        context.palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
        layout.draw(painter, context)
        painter.restore()
        number = str(page - first + 1) if page >= first else _roman(page)
        if page == 1 and title_page and first > 1:
            number = ""  # (a title page shows no number)
        if number:
            across = width - margin - painter.fontMetrics().horizontalAdvance(number)
            painter.drawText(round(across), round(height - margin + ascent + 5 * dpi / 72), number)
    painter.end()


def _roman(number: int) -> str:
    """`number` (1 to 3,999) in small roman numerals: a book's front matter's page numbers."""
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):  # fmt: skip
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def screen_dpi() -> tuple[int, int]:
    """The dots an inch Qt lays a document's lengths out in before scaling them to a printer's
    (`qt_defaultDpiX`, `qt_defaultDpiY`): the screen's, 96 where the application asks for
    that, 100 without a screen."""
    app = QCoreApplication.instance()
    screen = QGuiApplication.primaryScreen()
    if app is not None and app.testAttribute(Qt.ApplicationAttribute.AA_Use96Dpi):
        return 96, 96
    if screen is None:
        return 100, 100
    return round(screen.logicalDotsPerInchX()), round(screen.logicalDotsPerInchY())
