"""An OpenDocument text (.odt) of a QTextDocument, with real headings.

Qt's own ODF writer puts each heading in a plain paragraph at the body's size (a chapter title
came out as bold 12 pt, and Word's and LibreOffice's navigation saw no chapters). This one
writes the named styles word processors know: Heading 1-6 with their outline levels, Text Body,
Quotations (each level of a quotation in a quotation further in), Preformatted Text, bulleted
and numbered lists, tables (a header row, each column's alignment), emphasis, strong, code,
struck text, superscripts, footnotes (the word processor's own, at the foot of the page),
links and pictures (each one the document shows, kept in the file as a PNG, at 96 dots an inch
and no larger than the text's room on a page), in the editor's font (Chinese, Japanese and
Korean in the face it shows them in after it). It reads the structure Qt's Markdown reader
gives (`QTextDocument.setMarkdown`): block formats, lists and character formats.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import unquote
from xml.sax.saxutils import escape, quoteattr

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextListFormat,
    QTextTable,
)

from writer.documents.markdown import NOTE_TITLE
from writer.ui.front import Front, heading_ids
from writer.ui.images import alt_text
from writer.ui.pictures import png_bytes

MIMETYPE = "application/vnd.oasis.opendocument.text"
HEADING_PT = {1: 2.0, 2: 1.6, 3: 1.3, 4: 1.15, 5: 1.0, 6: 0.9}  # of the body's size
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'office:version="1.2"'
)
SPANS = {  # (bold, italic, code, struck) -> automatic text style
    (True, False, False, False): "T_b",
    (False, True, False, False): "T_i",
    (True, True, False, False): "T_bi",
}


def write_odt(doc: QTextDocument, font: QFont, title: str = "",
              notes: Sequence[QTextDocument] = (),
              front: Front | None = None) -> bytes:  # fmt: skip
    """The .odt file's bytes; `notes`: the footnotes its marks call (`Run.note`), each at the
    foot of the page of its mark; `front`: a project's title page and table of contents
    (LibreOffice's own, its entries filled in) before the text, and its author."""
    pictures = _Pictures(doc, notes)
    pictures.places = heading_ids(doc)
    if front is not None:
        pictures.bookmarks = front.bookmarks()
    body = _body(doc, pictures)
    if front is not None:
        body = _front(front) + body
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        # the mimetype first and stored as it is: how a reader knows the package
        z.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        deflated = zipfile.ZIP_DEFLATED
        z.writestr("content.xml", _content(body, pictures.breaks), compress_type=deflated)
        shows = front is not None and front.shows_something
        z.writestr("styles.xml", _styles(font, shows), compress_type=deflated)
        author = front.manuscript.author if front is not None else ""
        z.writestr("meta.xml", _meta(title, author), compress_type=deflated)
        for name, data in pictures.files:
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED)  # (PNG is compressed)
        z.writestr("META-INF/manifest.xml", _manifest(pictures.files), compress_type=deflated)
    return out.getvalue()


PICTURE_DPI = 96  # a picture's dots an inch on the page (a screen's, as a browser shows it)


class _Pictures:
    """The pictures the document shows, each as a PNG in the package under Pictures/."""

    def __init__(self, doc: QTextDocument, notes: Sequence[QTextDocument] = ()) -> None:
        self.doc = doc
        self.files: list[tuple[str, bytes]] = []
        self.breaks: set[str] = set()  # the paragraph styles a page break comes before
        self.notes = notes  # the footnotes (see `write_odt`)
        self.cited = 0  # the footnotes written so far
        self._numbers: dict[int, int] = {}  # a note's place -> its footnote's number
        self.plain = "Text_20_body"  # a paragraph's style where it is nothing else
        self.bookmarks: dict[int, str] = {}  # a heading's block number -> its bookmark
        self.places: dict[int, str] = {}  # a heading's block number -> its id ("part-two")
        self.room: float | None = None  # a picture's widest, in inches, where not the page's

    def footnote(self, place: int) -> str:
        """The footnote at `place` of the notes, at its mark ("" where there is none)."""
        if not 0 <= place < len(self.notes):
            return ""
        if place in self._numbers:  # (a note called again, in the text or in a note:
            # LibreOffice's reference to it, its number until it updates it: written as
            # text, it kept the old number when the notes were renumbered)
            number = self._numbers[place]
            return (
                '<text:span text:style-name="T_sup"><text:note-ref text:note-class="footnote" '
                f'text:reference-format="text" text:ref-name="ftn{number}">{number}'
                "</text:note-ref></text:span>"
            )
        if self.plain != "Text_20_body":  # (a note holds no note: a number of one to come)
            return ""
        self.cited += 1
        self._numbers[place] = self.cited
        doc, self.doc, self.plain = self.doc, self.notes[place], "Footnote"
        try:
            body = _body(self.doc, self)
        finally:
            self.doc, self.plain = doc, "Text_20_body"
        return (
            f'<text:note text:id="ftn{self.cited}" text:note-class="footnote">'
            f"<text:note-citation>{self.cited}</text:note-citation>"
            f"<text:note-body>{body}</text:note-body></text:note>"
        )

    def frame(self, address: str, alt: str) -> str:
        """The picture at `address` as a frame in its line ("" where the document has none)."""
        found = page_picture(self.doc, address, self.room)
        if found is None:
            return ""
        data, width, height = found
        width, height = width * 2.54, height * 2.54  # (in centimetres)
        name = f"Pictures/{len(self.files) + 1}.png"
        self.files.append((name, data))
        title = f"<svg:title>{escape(xml_legal(alt))}</svg:title>" if alt else ""
        return (
            f'<draw:frame draw:name="Picture{len(self.files)}" text:anchor-type="as-char" '
            f'svg:width="{width:.3f}cm" svg:height="{height:.3f}cm">'
            f'<draw:image xlink:href="{name}" xlink:type="simple" xlink:show="embed" '
            f'xlink:actuate="onLoad"/>{title}</draw:frame>'
        )


PAGE_MARGIN_CM = 2.5  # every export's page margins


def text_room() -> tuple[float, float]:
    """The width and height, in inches, of the text on a page (A4 or Letter, `letter_paper`,
    inside its margins)."""
    width, height = (21.59, 27.94) if letter_paper() else (21.0, 29.7)
    return ((width - 2 * PAGE_MARGIN_CM) / 2.54, (height - 2 * PAGE_MARGIN_CM) / 2.54)


def page_picture(doc: QTextDocument, address: str,
                 room: float | None = None) -> tuple[bytes, float, float] | None:  # fmt: skip
    """The picture `doc` shows at `address` as a PNG, with its width and height in inches at
    PICTURE_DPI, no larger than the text's room on a page (`text_room`), nor wider than
    `room` inches where given (a table's cell); None where the document has none. Every
    export's pictures are these."""
    image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(address))
    if not isinstance(image, QImage) or image.isNull():
        return None
    data = png_bytes(image)
    if not data:
        return None
    width, height = image.width() / PICTURE_DPI, image.height() / PICTURE_DPI
    most = text_room()
    widest = most[0] if room is None else max(0.1, min(room, most[0]))
    scale = min(1.0, widest / width, most[1] / height)
    return data, width * scale, height * scale


@dataclass(frozen=True)
class ListOpen:
    """A list begins (`numbered`, from `start`), or goes on after something closed it
    (`again`: the times it was opened before), its first item with it."""

    key: int
    numbered: bool
    start: int
    again: int


@dataclass(frozen=True, eq=False)
class Table:
    """A table, as Qt's Markdown reader makes one of GFM's: the blocks of each cell, row by row
    (a cell that another spans, none), and each column's alignment ("", "right", "center").
    Its first row is its header: a Markdown table always has one (Qt's reader sets it bold and
    does not mark it as a header)."""

    rows: tuple[tuple[tuple[QTextBlock, ...], ...], ...]
    aligns: tuple[str, ...]


NEXT_ITEM, LIST_CLOSE = "next-item", "list-close"


def walk(doc: QTextDocument) -> Iterator[QTextBlock | ListOpen | Table | str]:
    """The document's blocks in order, with where lists open (ListOpen), where their next item
    begins (NEXT_ITEM) and where they close (LIST_CLOSE): a list nested in another opens inside
    its item, so that the outer one goes on counting after it ("1. One / - sub / 2. Two" came
    out 1, •, 1: the outer list was closed for the inner one and begun again); a table comes
    whole, as a Table (its cells' blocks were paragraphs of their own, a cell a line). Every
    writer of an export reads the document this way."""
    lists: list = []  # the QTextLists open, outermost first; each with an item open
    seen: dict[int, int] = {}  # a list's number in the document -> times opened
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        text_list = block.textList() if table is None else None
        indent = text_list.format().indent() if text_list is not None else 0
        while lists and (
            text_list is None
            or lists[-1].format().indent() > indent
            or (
                lists[-1].format().indent() == indent
                and lists[-1].objectIndex() != text_list.objectIndex()
            )
        ):
            yield LIST_CLOSE
            lists.pop()
        if text_list is not None:
            if lists and lists[-1].objectIndex() == text_list.objectIndex():
                yield NEXT_ITEM
            else:
                fmt = text_list.format()
                key = text_list.objectIndex()  # (the document's own number for the list)
                numbered = fmt.style() in _NUMBERED
                yield ListOpen(key, numbered, fmt.start() if numbered else 1, seen.get(key, 0))
                seen[key] = seen.get(key, 0) + 1
                lists.append(text_list)
        if (
            table is None
            and block == doc.begin()
            and not block.text()
            and QTextCursor(block.next()).currentTable() is not None
            # (kept where it begins a page: a manuscript's first chapter, after its contents)
            and not block.blockFormat().pageBreakPolicy()
            & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
        ):
            block = block.next()  # (the empty block Qt puts before a table that begins)
            continue
        if table is not None:
            yield _table(table)
            block = doc.findBlock(table.lastPosition() + 1)
            if block.isValid() and not block.text() and QTextCursor(block).currentTable() is None:
                block = block.next()  # (the empty block Qt puts after a table's frame)
            continue
        yield block
        block = block.next()
    for _ in lists:
        yield LIST_CLOSE


def mend_tables(doc: QTextDocument) -> None:
    """After a code block Qt's Markdown reader begins a table's first cell with an empty
    paragraph: the header's first name stood a line below the others, in the preview and
    every export. Each cell's leading empty paragraph before another is taken out."""
    frames = list(doc.rootFrame().childFrames())
    while frames:
        frame = frames.pop()
        frames.extend(frame.childFrames())
        if not isinstance(frame, QTextTable):
            continue
        for r in range(frame.rows()):
            for c in range(frame.columns()):
                cell = frame.cellAt(r, c)
                block = doc.findBlock(cell.firstPosition())
                after = block.next()
                if (
                    block.text()
                    or not after.isValid()
                    or after.position() > cell.lastPosition()
                ):
                    continue
                # (the cell's format, a header's bold, went to the empty one: the text
                # after it takes it)
                text = QTextCursor(after)
                text.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                  QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
                text.mergeCharFormat(block.charFormat())
                cursor = QTextCursor(block)
                cursor.setBlockFormat(after.blockFormat())
                cursor.deleteChar()  # (the empty one and the next are one paragraph now)


def _table(table: QTextTable) -> Table:
    doc = table.document()
    rows = []
    for r in range(table.rows()):
        cells = []
        for c in range(table.columns()):
            cell = table.cellAt(r, c)
            blocks = []
            if cell.row() == r and cell.column() == c:
                block = doc.findBlock(cell.firstPosition())
                while block.isValid() and block.position() <= cell.lastPosition():
                    blocks.append(block)
                    block = block.next()
            cells.append(tuple(blocks))
        rows.append(tuple(cells))
    body = rows[1] if len(rows) > 1 else rows[0] if rows else ()
    return Table(tuple(rows), tuple(_alignment(blocks) for blocks in body))


def _alignment(blocks: tuple[QTextBlock, ...]) -> str:
    """A column's alignment, from a cell of its body (Qt's reader aligns the header's none)."""
    if not blocks:
        return ""
    flags = blocks[0].blockFormat().alignment()
    if flags & Qt.AlignmentFlag.AlignHCenter:
        return "center"
    if flags & Qt.AlignmentFlag.AlignRight:
        return "right"
    return ""


def is_code(fmt: QTextBlockFormat) -> bool:
    """Whether a block of this format is a line of a code block: fenced, indented by four
    spaces (Qt's reader marks both with a code language, the fence only the first) or a
    plain text's preformatted line."""
    return (
        fmt.hasProperty(QTextFormat.Property.BlockCodeLanguage)
        or fmt.hasProperty(QTextFormat.Property.BlockCodeFence)
        or fmt.nonBreakableLines()
    )


def quote_level(block: QTextBlock) -> int:
    """How deep in quotations `block` is (0: none; "> > words": 2)."""
    return int(block.blockFormat().property(QTextFormat.Property.BlockQuoteLevel) or 0)


def _body(doc: QTextDocument, pictures: _Pictures) -> str:
    parts: list[str] = []
    tables = 0
    for step in walk(doc):
        if isinstance(step, Table) and pictures.plain != "Text_20_body":
            # (in a footnote LibreOffice shows no table: its rows as lines, cells by tabs)
            parts.extend(
                f'<text:p text:style-name="{pictures.plain}">'
                + "<text:tab/>".join(
                    "<text:line-break/>".join(_spans(b, pictures) for b in blocks)
                    for blocks in cells
                )
                + "</text:p>"
                for cells in step.rows
            )
        elif isinstance(step, Table):
            tables += 1
            parts.append(_table_xml(step, pictures, tables))
        elif step is LIST_CLOSE:
            parts.append("</text:list-item></text:list>")
        elif step is NEXT_ITEM:
            parts.append("</text:list-item><text:list-item>")
        elif isinstance(step, ListOpen):
            style = "LN" if step.numbered else "LB"
            name = f"list{step.key}"
            if step.again:  # (the same list again, after something closed it: it goes on)
                head = f'xml:id="{name}-{step.again}" text:continue-list="{name}"'
                item = "<text:list-item>"
            else:
                head = f'xml:id="{name}"'
                item = (
                    f'<text:list-item text:start-value="{step.start}">'
                    if step.start != 1
                    else "<text:list-item>"
                )
            parts.append(f'<text:list {head} text:style-name="{style}">{item}')
        else:
            parts.append(_paragraph(step, pictures))
    return "".join(parts)


_NUMBERED = {
    QTextListFormat.Style.ListDecimal,
    QTextListFormat.Style.ListLowerAlpha,
    QTextListFormat.Style.ListUpperAlpha,
    QTextListFormat.Style.ListLowerRoman,
    QTextListFormat.Style.ListUpperRoman,
}


def _paragraph(block: QTextBlock, pictures: _Pictures) -> str:
    fmt = block.blockFormat()
    level = fmt.headingLevel()
    inner = _spans(block, pictures, bold_already=1 <= level <= 6)
    mark = pictures.bookmarks.get(block.blockNumber()) if 1 <= level <= 6 else None
    if mark and pictures.plain == "Text_20_body":  # (the text's, not a footnote's)
        inner = (f'<text:bookmark-start text:name="{mark}"/>{inner}'
                 f'<text:bookmark-end text:name="{mark}"/>')  # fmt: skip
    place = pictures.places.get(block.blockNumber()) if 1 <= level <= 6 else None
    if place and pictures.plain == "Text_20_body":  # (a link's "#part-two" goes to it)
        inner = f"<text:bookmark text:name={quoteattr(xml_legal(place))}/>{inner}"
    if fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
        # (a document of a project's export after the first: on a new page, its first
        # paragraph in its own style's automatic twin that breaks the page before it)
        style = f"Heading_20_{level}" if 1 <= level <= 6 else "Text_20_body"
        pictures.breaks.add(style)
        tag = "text:h" if 1 <= level <= 6 else "text:p"
        outline = f' text:outline-level="{level}"' if 1 <= level <= 6 else ""
        return f'<{tag} text:style-name="{style}_Break"{outline}>{inner}</{tag}>'
    if 1 <= level <= 6:
        return (
            f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
            f"{inner}</text:h>"
        )
    if fmt.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
        return '<text:p text:style-name="Horizontal_20_Line"/>'
    if is_code(fmt):
        style = "Preformatted_20_Text"
    elif quote_level(block) > 0:
        level = min(quote_level(block), QUOTE_LEVELS)
        style = "Quotations" if level == 1 else f"Quotations_{level}"
    elif block.textList() is not None:
        style = "List_20_Contents"
    else:
        style = pictures.plain
    return f'<text:p text:style-name="{style}">{inner}</text:p>'


QUOTE_LEVELS = 6  # the deepest quotation set further in (deeper ones as this one)
_CELL_STYLES = {"": "", "right": "_R", "center": "_C"}  # a column's alignment: its paragraphs'


CELL_PADDING_CM = 0.1  # a table cell's padding on each side (the TblCell style's)


def cell_room(columns: int, padding: float) -> float:
    """The width, in inches, a picture in a cell has: its column's share of the text's width
    (a table's columns are of equal width), less the cell's `padding` (inches) each side."""
    return text_room()[0] / max(1, columns) - 2 * padding


def _table_xml(table: Table, pictures: _Pictures, number: int) -> str:
    """A table of the document: its first row the header, repeated on each page it runs on;
    a picture in a cell no wider than its column (it was as wide as the page's text, and one
    picture filled a row)."""
    room, pictures.room = pictures.room, cell_room(len(table.aligns), CELL_PADDING_CM / 2.54)
    try:
        return _table_cells(table, pictures, number)
    finally:
        pictures.room = room


def _table_cells(table: Table, pictures: _Pictures, number: int) -> str:
    parts = [
        f'<table:table table:name="Table{number}" table:style-name="Tbl">'
        f'<table:table-column table:number-columns-repeated="{max(1, len(table.aligns))}"/>'
    ]
    for i, cells in enumerate(table.rows):
        heading = i == 0
        row = []
        for blocks, align in zip(cells, table.aligns, strict=False):
            style = ("Table_20_Heading" if heading else "Table_20_Contents") + _CELL_STYLES[align]
            paragraphs = "".join(
                f'<text:p text:style-name="{style}">{_spans(b, pictures, heading)}</text:p>'
                for b in blocks
            ) or f'<text:p text:style-name="{style}"/>'
            row.append(
                '<table:table-cell table:style-name="TblCell" office:value-type="string">'
                f"{paragraphs}</table:table-cell>"
            )
        xml = "<table:table-row>" + "".join(row) + "</table:table-row>"
        if heading:  # (a reader repeats it at the top of each page the table runs on)
            xml = f"<table:table-header-rows>{xml}</table:table-header-rows>"
        parts.append(xml)
    parts.append("</table:table>")
    return "".join(parts)


@dataclass(frozen=True)
class Run:
    """A run of a paragraph's text with one look, as every export writer reads it."""

    text: str
    bold: bool
    italic: bool
    code: bool
    struck: bool
    href: str
    picture: str = ""  # a picture's address (its text is one U+FFFC for each picture)
    alt: str = ""  # the picture's words, from `![words](address)`
    raised: bool = False  # superscript (a footnote's number, `<sup>`)
    lowered: bool = False  # subscript (`<sub>`: H₂O)
    note: int = -1  # a footnote's mark: the note's place in the export's notes (-1: none)
    tip: str = ""  # words shown over it (a footnote's mark: its note's)


def runs(block: QTextBlock, bold_already: bool = False) -> Iterator[Run]:
    """The runs of `block` in order (a heading's own boldness, `bold_already`, not a run's)."""
    # HTML's code (<code>, <kbd>: "monospace", not fixed pitch), in a block that is not code
    monospace = not is_code(block.blockFormat())
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        it += 1
        if not fragment.isValid():
            continue
        cf = fragment.charFormat()
        image = cf.toImageFormat() if cf.isImageFormat() else None
        yield Run(
            fragment.text(),
            cf.fontWeight() >= QFont.Weight.DemiBold.value and not bold_already,
            cf.fontItalic(),
            cf.fontFixedPitch() or (monospace and cf.fontFamilies() == ["monospace"]),
            cf.fontStrikeOut(),
            cf.anchorHref() if cf.isAnchor() else "",
            image.name() if image is not None else "",
            alt_text(image) if image else "",
            cf.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignSuperScript,
            cf.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignSubScript,
            _note(cf.toolTip()),
            cf.toolTip(),
        )


def _note(tip: str) -> int:
    """The place of the note a mark calls (`markdown.footnotes`), from its tool tip."""
    if tip.startswith(NOTE_TITLE) and tip[len(NOTE_TITLE) :].isdigit():
        return int(tip[len(NOTE_TITLE) :])
    return -1


def _spans(block: QTextBlock, pictures: _Pictures, bold_already: bool = False) -> str:
    out: list[str] = []
    for i, run in enumerate(runs(block, bold_already)):
        if run.picture:
            frames = "".join(pictures.frame(run.picture, run.alt)
                             for _ in range(run.text.count("\ufffc")))  # fmt: skip
            if run.href and frames:  # (a picture that is a link, as a word processor keeps it)
                href = quoteattr(xml_legal(_place(run.href)))
                frames = f'<draw:a xlink:type="simple" xlink:href={href}>{frames}</draw:a>'
            out.append(frames)
            continue
        if run.note >= 0:
            note = pictures.footnote(run.note)
            if note:
                out.append(note)
                continue
        text = _text(run.text, at_start=i == 0)
        style = SPANS.get((run.bold, run.italic, run.code, run.struck))
        if run.code:
            style = "T_code"
        elif run.struck:
            style = "T_s"
        if style:
            text = f'<text:span text:style-name="{style}">{text}</text:span>'
        if run.raised or run.lowered:
            shifted = "T_sup" if run.raised else "T_sub"
            text = f'<text:span text:style-name="{shifted}">{text}</text:span>'
        if run.href:
            href = quoteattr(xml_legal(_place(run.href)))
            text = f'<text:a xlink:type="simple" xlink:href={href}>{text}</text:a>'
        out.append(text)
    return "".join(out)


def _place(href: str) -> str:
    """A link's address, a place in the document ("#café") as its bookmark is named: its
    characters written out ("#caf%C3%A9" went nowhere)."""
    return "#" + unquote(href[1:]) if href.startswith("#") else href


def _text(text: str, at_start: bool = False) -> str:
    """Characters as ODF keeps them: runs of spaces, tabs and line breaks as its elements; the
    spaces that begin a paragraph (`at_start`) or a line all kept (an indented line of a .txt
    lost them: a reader drops a paragraph's leading spaces)."""
    out: list[str] = []
    spaces, lead = 0, at_start

    def flush() -> None:
        if lead:
            out.append(f'<text:s text:c="{spaces}"/>')
        else:
            out.append(" " if spaces == 1 else f' <text:s text:c="{spaces - 1}"/>')

    for ch in text:
        if ch == " ":
            spaces += 1
            continue
        if spaces:
            flush()
            spaces = 0
        lead = False
        if ch == "\t":
            out.append("<text:tab/>")
        elif ch in "\u2028\n":
            out.append("<text:line-break/>")
            lead = True
        elif _xml_char(ch) and ch != "\ufffc":  # (an image's place holder)
            out.append(escape(ch))
    if spaces:
        flush()
    return "".join(out)


def _xml_char(ch: str) -> bool:
    """Whether XML can hold `ch` (not most control characters, nor lone surrogates)."""
    return (
        (ord(ch) >= 0x20 or ch in "\t\n\r")
        and ch not in "\ufffe\uffff"
        and not "\ud800" <= ch <= "\udfff"
    )


# Each property three times: for Latin text, Asian (CJK) text and complex scripts, as word
# processors apply them (LibreOffice showed a Chinese heading at the body's size, not bold).
_BOLD = 'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"'
_ITALIC = (
    'fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"'
)


def _sized(points: float) -> str:
    return (
        f'fo:font-size="{points:.1f}pt" style:font-size-asian="{points:.1f}pt" '
        f'style:font-size-complex="{points:.1f}pt"'
    )


def xml_legal(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return "".join(ch for ch in text if _xml_char(ch))


_MONO_FACE = (
    '<style:font-face style:name="Mono" svg:font-family="monospace" style:font-pitch="fixed"/>'
)
_FONT_FACES = f"<office:font-face-decls>{_MONO_FACE}</office:font-face-decls>"


def _content(body: str, breaks: set[str] = frozenset()) -> str:
    broken = "".join(
        f'<style:style style:name="{name}_Break" style:family="paragraph" '
        f'style:parent-style-name="{name}"><style:paragraph-properties '
        'fo:break-before="page"/></style:style>'
        for name in sorted(breaks)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-content {NS}>"
        # (the automatic styles' fonts are declared here too: inline code's "Mono" was only in
        # styles.xml, and LibreOffice set it in the body's font)
        f"{_FONT_FACES}"
        "<office:automatic-styles>"
        '<style:style style:name="T_b" style:family="text">'
        f'<style:text-properties {_BOLD}/></style:style>'
        '<style:style style:name="T_i" style:family="text">'
        f'<style:text-properties {_ITALIC}/></style:style>'
        '<style:style style:name="T_bi" style:family="text">'
        f'<style:text-properties {_BOLD} {_ITALIC}/></style:style>'
        '<style:style style:name="T_s" style:family="text">'
        '<style:text-properties style:text-line-through-style="solid"/></style:style>'
        '<style:style style:name="T_code" style:family="text">'
        '<style:text-properties style:font-name="Mono"/></style:style>'
        '<style:style style:name="T_sup" style:family="text">'
        '<style:text-properties style:text-position="super 58%"/></style:style>'
        '<style:style style:name="T_sub" style:family="text">'
        '<style:text-properties style:text-position="sub 58%"/></style:style>'
        f"{_LIST_STYLES}{_TABLE_STYLES}{_QUOTE_STYLES}{broken}"
        "</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )


def _list_styles() -> str:
    out = []
    for name in ("LB", "LN"):
        out.append(f'<text:list-style style:name="{name}">')
        for level in range(1, 11):  # (a level for each depth of nesting)
            props = (
                '<style:list-level-properties text:list-level-position-and-space-mode='
                '"label-alignment"><style:list-level-label-alignment text:label-followed-by='
                f'"listtab" fo:text-indent="-0.635cm" fo:margin-left="{0.635 * level:.3f}cm"/>'
                "</style:list-level-properties>"
            )
            if name == "LN":
                out.append(
                    f'<text:list-level-style-number text:level="{level}" style:num-suffix="." '
                    f'style:num-format="1">{props}</text:list-level-style-number>'
                )
            else:
                out.append(
                    f'<text:list-level-style-bullet text:level="{level}" '
                    f'text:bullet-char="•">{props}</text:list-level-style-bullet>'
                )
        out.append("</text:list-style>")
    return "".join(out)


_LIST_STYLES = _list_styles()
_TABLE_STYLES = (
    '<style:style style:name="Tbl" style:family="table">'
    '<style:table-properties table:align="margins" fo:margin-top="0.1cm" '
    'fo:margin-bottom="0.3cm"/></style:style>'
    '<style:style style:name="TblCell" style:family="table-cell">'
    f'<style:table-cell-properties fo:padding="{CELL_PADDING_CM}cm" '
    'fo:border="0.5pt solid #808080"/>'
    "</style:style>"
    + "".join(
        f'<style:style style:name="{name}{suffix}" style:family="paragraph" '
        f'style:parent-style-name="{name}"><style:paragraph-properties fo:text-align="{align}"/>'
        "</style:style>"
        for name in ("Table_20_Contents", "Table_20_Heading")
        for align, suffix in (("end", "_R"), ("center", "_C"))
    )
)
_QUOTE_STYLES = "".join(
    f'<style:style style:name="Quotations_{level}" style:family="paragraph" '
    f'style:parent-style-name="Quotations"><style:paragraph-properties '
    f'fo:margin-left="{level}cm"/></style:style>'
    for level in range(2, QUOTE_LEVELS + 1)
)


def _front(front: Front) -> str:
    """The title page and LibreOffice's own table of contents over the headings' levels, its
    entries (links to the headings' bookmarks) filled in as it fills them (Tools → Update
    adds the page numbers)."""
    m = front.manuscript
    out: list[str] = []
    if m.title_page:
        out.append(f'<text:p text:style-name="Title">{_text(m.title)}</text:p>')
        if m.author:
            out.append(f'<text:p text:style-name="Author">{_text(m.author)}</text:p>')
    if front.entries:
        heading = "Contents_20_Heading_Break" if m.title_page else "Contents_20_Heading"
        title = _text(m.contents_title)
        top = min(e.level for e in front.entries)
        templates = "".join(
            f'<text:table-of-content-entry-template text:outline-level="{n}" '
            f'text:style-name="Contents_20_{n}"><text:index-entry-link-start '
            'text:style-name="Index_20_Link"/><text:index-entry-text/>'
            '<text:index-entry-tab-stop style:type="right" style:leader-char="."/>'
            "<text:index-entry-page-number/><text:index-entry-link-end/>"
            "</text:table-of-content-entry-template>"
            for n in range(1, 11)
        )
        entries = "".join(
            f'<text:p text:style-name="Contents_20_{min(e.level - top + 1, 10)}">'
            f'<text:a xlink:type="simple" xlink:href="#{e.anchor}">{_text(e.text)}</text:a>'
            "</text:p>"
            for e in front.entries
        )
        out.append(
            '<text:table-of-content text:protected="true" '
            'text:name="Table of Contents1"><text:table-of-content-source '
            f'text:outline-level="{front.deepest}">'
            f'<text:index-title-template text:style-name="Contents_20_Heading">{title}'
            f"</text:index-title-template>{templates}</text:table-of-content-source>"
            '<text:index-body><text:index-title '
            'text:name="Table of Contents1_Head">'
            f'<text:p text:style-name="{heading}">{title}</text:p></text:index-title>'
            f"{entries}</text:index-body></text:table-of-content>"
        )
    return "".join(out)


def _front_styles(size: float) -> str:
    """The styles of the title page and the table of contents (LibreOffice's own names)."""
    contents = "".join(
        f'<style:style style:name="Contents_20_{n}" style:display-name="Contents {n}" '
        'style:family="paragraph" style:parent-style-name="Index" style:class="index">'
        f'<style:paragraph-properties fo:margin-left="{(n - 1) * 0.5:.1f}cm" '
        'fo:margin-bottom="0.1cm"><style:tab-stops><style:tab-stop style:position="16cm" '
        'style:type="right" style:leader-style="dotted" style:leader-text="."/>'
        "</style:tab-stops></style:paragraph-properties>"
        + (f"<style:text-properties {_BOLD}/>" if n == 1 else "")
        + "</style:style>"
        for n in range(1, 11)
    )
    return (
        '<style:style style:name="Title" style:family="paragraph" '
        'style:parent-style-name="Standard" style:next-style-name="Text_20_body" '
        'style:class="chapter"><style:paragraph-properties fo:margin-top="6.35cm" '
        'fo:margin-bottom="0.85cm" fo:text-align="center"/>'
        f"<style:text-properties {_sized(size * 2.4)} {_BOLD}/></style:style>"
        '<style:style style:name="Author" style:family="paragraph" '
        'style:parent-style-name="Standard" style:next-style-name="Text_20_body" '
        'style:class="chapter"><style:paragraph-properties fo:text-align="center"/>'
        f"<style:text-properties {_sized(size * 1.3)}/></style:style>"
        '<style:style style:name="Index" style:family="paragraph" '
        'style:parent-style-name="Standard" style:class="index"/>'
        '<style:style style:name="Contents_20_Heading" style:display-name="Contents Heading" '
        'style:family="paragraph" style:parent-style-name="Heading" style:class="index">'
        '<style:paragraph-properties fo:margin-bottom="0.4cm"/>'
        f"<style:text-properties {_sized(size * 1.6)} {_BOLD}/></style:style>"
        '<style:style style:name="Contents_20_Heading_Break" '
        'style:display-name="Contents Heading Break" style:family="paragraph" '
        'style:parent-style-name="Contents_20_Heading" style:class="index">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
        '<style:style style:name="Index_20_Link" style:display-name="Index Link" '
        'style:family="text"/>'
        f"{contents}"
    )


def _styles(font: QFont, front: bool = False) -> str:
    """The document's styles; `front`: with the title page's and the contents' too."""
    family = quoteattr(font.family() or "Serif")
    # Chinese, Japanese and Korean in the face the editor shows them in after its font (a Song
    # beside a serif, writer/ui/editor.py `cjk_fallbacks`): named as the Latin font, they came
    # in LibreOffice's own fallback, a Hei beside the serif
    asian = quoteattr(next(iter(font.families()[1:]), "") or font.family() or "Serif")
    asian_face = (
        f"<style:font-face style:name={asian} svg:font-family={asian}/>" if asian != family else ""
    )
    size = font.pointSizeF() if font.pointSizeF() > 0 else 12.0
    headings = "".join(
        f'<style:style style:name="Heading_20_{n}" style:display-name="Heading {n}" '
        f'style:family="paragraph" style:parent-style-name="Heading" '
        f'style:next-style-name="Text_20_body" style:default-outline-level="{n}" '
        f'style:class="text"><style:text-properties {_sized(size * k)} {_BOLD}/>'
        "</style:style>"
        for n, k in HEADING_PT.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-styles {NS}>"
        "<office:font-face-decls>"
        f'<style:font-face style:name={family} svg:font-family={family}/>'
        f"{asian_face}{_MONO_FACE}"
        "</office:font-face-decls>"
        "<office:styles>"
        '<style:default-style style:family="paragraph">'
        f"<style:text-properties style:font-name={family} fo:font-size=\"{size:.1f}pt\" "
        f"style:font-name-asian={asian} style:font-size-asian=\"{size:.1f}pt\"/>"
        "</style:default-style>"
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
        '<style:style style:name="Text_20_body" style:display-name="Text Body" '
        'style:family="paragraph" style:parent-style-name="Standard" style:class="text">'
        '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.247cm" '
        'fo:line-height="115%"/></style:style>'
        '<style:style style:name="Heading" style:family="paragraph" '
        'style:parent-style-name="Standard" style:next-style-name="Text_20_body" '
        'style:class="text"><style:paragraph-properties fo:margin-top="0.423cm" '
        'fo:margin-bottom="0.212cm" fo:keep-with-next="always"/></style:style>'
        f"{headings}"
        '<style:style style:name="Quotations" style:family="paragraph" '
        'style:parent-style-name="Standard" style:class="html">'
        '<style:paragraph-properties fo:margin-left="1cm" fo:margin-right="1cm" '
        'fo:margin-bottom="0.247cm"/></style:style>'
        '<style:style style:name="Preformatted_20_Text" style:display-name="Preformatted Text" '
        'style:family="paragraph" style:parent-style-name="Standard" style:class="html">'
        '<style:text-properties style:font-name="Mono" fo:font-size="10pt"/></style:style>'
        '<style:style style:name="Table_20_Contents" style:display-name="Table Contents" '
        'style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>'
        '<style:style style:name="Table_20_Heading" style:display-name="Table Heading" '
        'style:family="paragraph" style:parent-style-name="Table_20_Contents" '
        f'style:class="extra"><style:text-properties {_BOLD}/></style:style>'
        '<style:style style:name="List_20_Contents" style:display-name="List Contents" '
        'style:family="paragraph" style:parent-style-name="Standard" style:class="list"/>'
        '<style:style style:name="Footnote" style:family="paragraph" '
        'style:parent-style-name="Standard" style:class="extra">'
        '<style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"/>'
        f"<style:text-properties {_sized(size * 0.83)}/></style:style>"
        '<style:style style:name="Horizontal_20_Line" style:display-name="Horizontal Line" '
        'style:family="paragraph" style:parent-style-name="Standard" style:class="html">'
        '<style:paragraph-properties fo:margin-bottom="0.5cm" fo:border-bottom="0.5pt solid '
        '#808080" fo:padding="0cm"/></style:style>'
        f"{_front_styles(size) if front else ''}"
        "</office:styles>"
        f"{_page_layout()}"
        "</office:document-styles>"
    )


def letter_paper() -> bool:
    """Whether pages are US Letter: where the interface's locale measures in inches (else A4),
    for every kind of export alike (the PDF was Letter and the OpenDocument A4)."""
    return QLocale().measurementSystem() != QLocale.MeasurementSystem.MetricSystem


def _page_layout() -> str:
    width, height = (21.59, 27.94) if letter_paper() else (21.0, 29.7)
    m = f"{PAGE_MARGIN_CM}cm"
    return (
        '<office:automatic-styles><style:page-layout style:name="Page">'
        f'<style:page-layout-properties fo:page-width="{width}cm" fo:page-height="{height}cm" '
        f'style:print-orientation="portrait" fo:margin-top="{m}" fo:margin-bottom="{m}" '
        f'fo:margin-left="{m}" fo:margin-right="{m}"/></style:page-layout>'
        "</office:automatic-styles><office:master-styles>"
        '<style:master-page style:name="Standard" style:page-layout-name="Page"/>'
        "</office:master-styles>"
    )


def _meta(title: str, author: str = "") -> str:
    name = escape(xml_legal(author))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-meta {NS}><office:meta>"
        "<meta:generator>Writer</meta:generator>"
        f"<dc:title>{escape(xml_legal(title))}</dc:title>"
        + (f"<meta:initial-creator>{name}</meta:initial-creator><dc:creator>{name}</dc:creator>"
           if author else "")  # fmt: skip
        + "</office:meta></office:document-meta>"
    )


def _manifest(pictures: list[tuple[str, bytes]]) -> str:
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="image/png"/>'
        for name, _data in pictures
    )
    return _MANIFEST.replace("</manifest:manifest>", entries + "</manifest:manifest>")


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}" '
    'manifest:version="1.2"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
