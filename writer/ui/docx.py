"""A Word document (.docx, Office Open XML) of a QTextDocument: what publishers and agents ask
a manuscript in.

It reads the document as every export does (`odt.walk`, `odt.runs`): headings in Word's own
Heading 1-6 styles (its navigation pane and table of contents see the chapters), body text,
quotations (each level further in), code in a fixed-pitch face, bulleted and numbered lists
(a nested list inside its item, numbering going on where a list does), tables (the header row
repeated on each page), emphasis, strong, struck text, superscripts, footnotes (Word's own, at
the foot of the page of their mark, from `markdown.footnotes`'s notes kept apart), links and
pictures (each one the document shows, as a PNG, at 96 dots an inch and no larger than the
text's room on a page), on A4 or Letter pages as the other exports, in the editor's font
(Chinese, Japanese and Korean in the face it shows them in after it: Word's East Asian font).
The package holds the parts Word and LibreOffice need and no more.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Sequence
from urllib.parse import unquote
from xml.sax.saxutils import escape, quoteattr

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QTextBlock, QTextDocument, QTextFormat

from writer.ui.front import Front, heading_ids
from writer.ui.odt import (
    HEADING_PT,
    LIST_CLOSE,
    NEXT_ITEM,
    PAGE_MARGIN_CM,
    QUOTE_LEVELS,
    ListOpen,
    Table,
    cell_room,
    is_code,
    letter_paper,
    page_picture,
    quote_level,
    runs,
    text_room,
    walk,
    xml_legal,
)

MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOCUMENT_NS = (
    f'xmlns:w="{_W}" xmlns:r="{_R}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
TWIPS_CM = 567  # twentieths of a point in a centimetre (rounded)
MARGIN_TWIPS = round(PAGE_MARGIN_CM * 1440 / 2.54)  # the page's margins, as the other exports'
EMU_INCH = 914400  # DrawingML's units
MONO = "Courier New"  # code's face (Word and LibreOffice both have it, or a metric twin)
_BULLETS = ("•", "◦", "▪")
LIST_LEVELS = 9  # Word's
CELL_MARGIN_TWIPS = 108  # a table cell's margin left and right (Word's Table Grid's)


def write_docx(doc: QTextDocument, font: QFont, title: str = "", language: str = "en",
               notes: Sequence[QTextDocument] = (),
               front: Front | None = None) -> bytes:  # fmt: skip
    """The .docx file's bytes; `language`: the text's (its spelling in Word); `notes`: the
    footnotes its marks call (`Run.note`), each at the foot of the page of its mark; `front`:
    a project's title page and table of contents (Word's own TOC field, its entries filled
    in) before the text, and its author."""
    parts = _Parts(doc, notes)
    parts.places = _bookmarks(heading_ids(doc))
    if front is not None:
        parts.bookmarks = front.bookmarks()
    body = _body(doc, parts)
    if front is not None:
        body = _front(front) + body
    footnotes = parts.footnotes()
    out = io.BytesIO()
    deflated = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", deflated) as z:
        z.writestr("[Content_Types].xml", _content_types(bool(footnotes)))
        z.writestr("_rels/.rels", _PACKAGE_RELATIONSHIPS)
        z.writestr("docProps/core.xml", _core(title, front.manuscript.author if front else ""))
        z.writestr("word/document.xml", _document(body))
        shows = front is not None and front.shows_something
        z.writestr("word/styles.xml", _styles(font, language, shows))
        z.writestr("word/numbering.xml", _numbering(parts.lists))
        z.writestr("word/settings.xml", _settings(bool(footnotes)))
        relations = parts.relations
        if footnotes:
            z.writestr("word/footnotes.xml", footnotes)
            z.writestr("word/_rels/footnotes.xml.rels",
                       _document_relations(parts.notes_parts.relations, own=False))  # fmt: skip
            relations = [*relations, ("rIdFootnotes", f"{_R}/footnotes", "footnotes.xml", False)]
        z.writestr("word/_rels/document.xml.rels", _document_relations(relations))
        for name, data in parts.pictures:
            z.writestr(f"word/{name}", data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


class _Parts:
    """What the text refers to outside it: links' addresses and pictures (relationships),
    and the lists' numbering instances."""

    def __init__(self, doc: QTextDocument, notes: Sequence[QTextDocument] = (),
                 first: int = 3) -> None:  # fmt: skip
        self.doc = doc
        # (id, type, target, external); rId1 and rId2 are the styles and the numbering
        self.relations: list[tuple[str, str, str, bool]] = []
        self._first = first  # the first relation's number
        self.pictures: list[tuple[str, bytes]] = []
        self.lists: list[tuple[bool, int, int]] = []  # each instance: numbered, level, start
        self._links: dict[str, str] = {}
        self.notes = notes
        self._cited: list[str] = []  # the footnotes written so far (Word's w:footnote)
        self._numbers: dict[int, int] = {}  # a note's place -> its footnote's number
        self._notes_parts: _Parts | None = None
        self._owner: _Parts | None = None  # (the footnotes' parts: the text's)
        self.bookmarks: dict[int, str] = {}  # a heading's block number -> its bookmark
        # a heading's block number -> its id (a link's "#part-two") and its bookmark's name
        self.places: dict[int, tuple[str, str]] = {}
        self._named: dict[str, str] | None = None
        self.room: float | None = None  # a picture's widest, in inches, where not the page's

    def bookmark_of(self, place: str) -> str:
        """The bookmark of the heading whose id is `place` (`place` itself where none)."""
        if self._named is None:
            self._named = dict(self.places.values())
        place = unquote(place)  # ("#caf%C3%A9": the heading "Café")
        return self._named.get(place, place)

    @property
    def notes_parts(self) -> _Parts:
        """What the footnotes refer to: their own relations (the footnotes part's), the
        package's pictures and lists."""
        if self._notes_parts is None:
            self._notes_parts = _Parts(self.doc, first=1)
            self._notes_parts._owner = self
            self._notes_parts.pictures = self.pictures
            self._notes_parts.lists = self.lists
            # (a link in a note goes to a heading of the text; a note's own heading has no
            # place: its blocks are numbered in the note)
            self._notes_parts._named = dict(self.places.values())
        return self._notes_parts

    def footnote(self, place: int) -> str:
        """The run of a mark of the footnote at `place` of the notes ("" where there is
        none), the note written for the footnotes part."""
        if self._owner is not None:  # (a mark in a note: a reference to a note written)
            numbers = self._owner._numbers
            return self._owner._note_again(numbers[place]) if place in numbers else ""
        if not 0 <= place < len(self.notes):
            return ""
        mark = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        if place in self._numbers:  # (a note called again: Word's cross-reference to it)
            return self._note_again(self._numbers[place])
        number = self._numbers[place] = len(self._cited) + 1
        parts = self.notes_parts
        parts.doc = self.notes[place]
        body = _body(parts.doc, parts, "FootnoteText", f"{mark}<w:footnoteRef/></w:r>"
                     '<w:r><w:t xml:space="preserve"> </w:t></w:r>')  # fmt: skip
        self._cited.append(f'<w:footnote w:id="{number}">{body}</w:footnote>')
        # (a bookmark around the mark, which a mark calling the note again refers to)
        name, at = quoteattr(self._note_bookmark(number)), NOTE_IDS + number
        return (f'<w:bookmarkStart w:id="{at}" w:name={name}/>'
                f'{mark}<w:footnoteReference w:id="{number}"/></w:r>'
                f'<w:bookmarkEnd w:id="{at}"/>')  # fmt: skip

    def _note_again(self, number: int) -> str:
        """A second mark of the footnote `number`: as Word's Insert Cross-reference writes
        one, a NOTEREF field to the bookmark around the first mark, in the footnote mark's
        style, its number as the field's result until Word updates it (notes renumbered: it
        follows; written as plain text, it kept the old number)."""
        style = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        field = f" NOTEREF {self._note_bookmark(number)} \\f \\h "
        return (
            f'<w:r>{style}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{style}<w:instrText xml:space="preserve">{escape(field)}</w:instrText></w:r>'
            f'<w:r>{style}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{style}{_text(str(number))}</w:r>"
            f'<w:r>{style}<w:fldChar w:fldCharType="end"/></w:r>'
        )

    def _note_bookmark(self, number: int) -> str:
        """The bookmark around the footnote `number`'s mark: "_Ref" and a number, as Word
        names one (hidden from its list), one no heading's bookmark has (Word's names are
        the same whatever their case)."""
        taken = {name.casefold() for _slug, name in self.places.values()}
        name = f"_RefNote{number}"
        while name.casefold() in taken:
            name += "_"
        return name

    def footnotes(self) -> str:
        """The footnotes part ("" where the text has none)."""
        if not self._cited:
            return ""
        rule = '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f"<w:footnotes {_DOCUMENT_NS}>"
            f'<w:footnote w:type="separator" w:id="-1">{rule}<w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0">'
            f"{rule}<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
            f"{''.join(self._cited)}</w:footnotes>"
        )

    def _relation(self, kind: str, target: str, external: bool = False) -> str:
        rid = f"rId{len(self.relations) + self._first}"
        self.relations.append((rid, kind, target, external))
        return rid

    def link(self, address: str) -> str:
        rid = self._links.get(address)
        if rid is None:
            rid = self._links[address] = self._relation(f"{_R}/hyperlink", address, True)
        return rid

    def numbering(self, numbered: bool, level: int, start: int) -> int:
        """A new numbering instance (Word's `w:num`): a list that begins, counting from
        `start` at `level`."""
        self.lists.append((numbered, level, start))
        return len(self.lists)

    def picture(self, address: str, alt: str, href: str = "") -> str:
        """The picture at `address` as a run ("" where the document has none); `href`: the
        link it is, which a click on the picture follows (Word's own way, in its drawing's
        properties; the run is inside the link's `w:hyperlink` too, as LibreOffice reads it)."""
        found = page_picture(self.doc, address, self.room)
        if found is None:
            return ""
        data, width, height = found
        number = len(self.pictures) + 1
        name = f"media/image{number}.png"
        self.pictures.append((name, data))
        rid = self._relation(f"{_R}/image", name)
        cx, cy = round(width * EMU_INCH), round(height * EMU_INCH)
        descr = quoteattr(xml_legal(alt))
        click = ""
        if href and not href.startswith("#"):
            click = f'<a:hlinkClick r:id="{self.link(_address(href))}"/>'
        return (
            '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{number}" name="Picture {number}" descr={descr}>{click}</wp:docPr>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
            "</wp:cNvGraphicFramePr>"
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
            'picture"><pic:pic><pic:nvPicPr>'
            f'<pic:cNvPr id="{number}" name="image{number}.png" descr={descr}/><pic:cNvPicPr/>'
            f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )


def _body(doc: QTextDocument, parts: _Parts, plain: str = "", lead: str = "") -> str:
    """The document's paragraphs and tables; `plain`: the style of a paragraph that has none
    of its own, `lead`: runs that begin its first paragraph (a footnote's number)."""
    out: list[str] = []
    lists: list[int] = []  # the numbering instances of the lists open, outermost first
    numbers: dict[int, int] = {}  # a list's key -> its instance (a list going on keeps it)
    first = False  # the next paragraph begins an item: it has the item's number or bullet
    for step in walk(doc):
        if isinstance(step, ListOpen):
            if step.again and step.key in numbers:
                instance = numbers[step.key]
            else:
                instance = parts.numbering(step.numbered, len(lists), step.start)
                numbers[step.key] = instance
            lists.append(instance)
            first = True
        elif step is NEXT_ITEM:
            first = True
        elif step is LIST_CLOSE:
            lists.pop()
        elif isinstance(step, Table):
            out.append(_table(step, parts))
        else:
            item = None
            if lists:
                item = (len(lists) - 1, lists[-1] if first else 0)
                first = False
            out.append(_paragraph(step, parts, item, plain, lead=lead))
            lead = ""
    if lead:  # (nothing held it)
        out.insert(0, f'<w:p><w:pPr><w:pStyle w:val="{plain}"/></w:pPr>{lead}</w:p>')
    return "".join(out)


def _paragraph(block: QTextBlock, parts: _Parts, item: tuple[int, int] | None = None,
               style: str = "", align: str = "", bold: bool = False,
               lead: str = "") -> str:  # fmt: skip
    """A block as a paragraph; `item`: its list's level and numbering instance (0: a further
    paragraph of the item, set in with it), `style` and `align` a table cell's (or a
    footnote's), `bold`: its style is bold (a heading row's: the runs' own boldness is Qt's
    for it), `lead`: runs before its own."""
    fmt = block.blockFormat()
    level = fmt.headingLevel()
    props: list[str] = []
    if 1 <= level <= 6:
        style = f"Heading{level}"
    elif fmt.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
        style = "HorizontalLine"
    elif is_code(fmt):
        style = "SourceCode"
    elif quote_level(block) > 0:
        style = "Quote"
        deeper = min(quote_level(block), QUOTE_LEVELS)
        if deeper > 1 and not (item is not None and item[1]):
            props.append(f'<w:ind w:left="{deeper * TWIPS_CM}"/>')
    elif item is not None:
        style = "ListParagraph"
    elif fmt.indent() > 0:  # (an item's further paragraph, which Qt's reader sets in)
        props.append(f'<w:ind w:left="{fmt.indent() * 720}"/>')
    if item is not None and not style.startswith("Heading"):
        # (a quoted item keeps its number: Qt's reader quotes the items after it too)
        depth, instance = item
        if instance:
            props.append(f'<w:numPr><w:ilvl w:val="{min(depth, LIST_LEVELS - 1)}"/>'
                         f'<w:numId w:val="{instance}"/></w:numPr>')  # fmt: skip
        elif style == "ListParagraph":
            props.append(f'<w:ind w:left="{(min(depth, LIST_LEVELS - 1) + 1) * 720}"/>')
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    if fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
        props.insert(0, "<w:pageBreakBefore/>")  # (a project's next document)
    head = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr = f"<w:pPr>{head}{''.join(props)}</w:pPr>" if head or props else ""
    text = _runs(block, parts, bold or 1 <= level <= 6)
    mark = parts.bookmarks.get(block.blockNumber()) if 1 <= level <= 6 else None
    if mark:  # (a heading the table of contents links to)
        number = mark.removeprefix("_Toc")
        text = (f'<w:bookmarkStart w:id="{number}" w:name="{mark}"/>{text}'
                f'<w:bookmarkEnd w:id="{number}"/>')  # fmt: skip
    place = parts.places.get(block.blockNumber()) if 1 <= level <= 6 else None
    if place:  # (a heading a link in the text may go to: "#part-two")
        number = PLACE_IDS + block.blockNumber()
        text = (f'<w:bookmarkStart w:id="{number}" w:name={quoteattr(place[1])}/>{text}'
                f'<w:bookmarkEnd w:id="{number}"/>')  # fmt: skip
    return f"<w:p>{ppr}{lead}{text}</w:p>"


PLACE_IDS = 100_000  # a heading's bookmark's id, past its table of contents' (1, 2...)
NOTE_IDS = 1_000_000_000  # a footnote mark's bookmark's id, past a heading's
BOOKMARK_MOST = 40  # the characters of a bookmark's name Word keeps


def _bookmarks(ids: dict[int, str]) -> dict[int, tuple[str, str]]:
    """Each heading's id (`front.heading_ids`) with a name Word takes for its bookmark: a
    letter first, then letters, digits and "_" only, at most BOOKMARK_MOST characters (its
    "_" first hides it from Word's list of bookmarks, as Word's own "_Toc1")."""
    names: dict[int, tuple[str, str]] = {}
    taken: set[str] = set()
    for number, slug in ids.items():
        name = base = "_" + re.sub(r"\W", "_", slug)[: BOOKMARK_MOST - 5]
        n = 0
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        names[number] = (slug, name)
    return names


def _runs(block: QTextBlock, parts: _Parts, bold_already: bool = False) -> str:
    out: list[str] = []
    for run in runs(block, bold_already):
        if run.picture:  # (each its own drawing: a document's drawings' ids are its own)
            drawings = "".join(parts.picture(run.picture, run.alt, run.href)
                               for _ in range(run.text.count("\ufffc")))  # fmt: skip
            out.append(_linked(drawings, run.href, parts) if drawings else "")
            continue
        if run.note >= 0:
            note = parts.footnote(run.note)
            if note:
                out.append(note)
                continue
        props = []
        if run.href:
            props.append('<w:rStyle w:val="Hyperlink"/>')
        if run.code:
            props.append(f'<w:rFonts w:ascii="{MONO}" w:hAnsi="{MONO}" w:cs="{MONO}"/>')
        if run.bold:
            props.append("<w:b/>")
        if run.italic:
            props.append("<w:i/>")
        if run.struck:
            props.append("<w:strike/>")
        if run.raised or run.lowered:
            props.append(f'<w:vertAlign w:val="{"superscript" if run.raised else "subscript"}"/>')
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        text = f"<w:r>{rpr}{_text(run.text)}</w:r>"
        out.append(_linked(text, run.href, parts))
    return "".join(out)


def _linked(runs_xml: str, href: str, parts: _Parts) -> str:
    """Runs (text, or a picture's drawing) inside the link to `href` ("": none)."""
    if href.startswith("#"):  # (a place in the document, not a file: a heading's bookmark)
        anchor = quoteattr(xml_legal(parts.bookmark_of(href[1:])))
        return f'<w:hyperlink w:anchor={anchor} w:history="1">{runs_xml}</w:hyperlink>'
    if href:
        rid = parts.link(_address(href))
        return f'<w:hyperlink r:id="{rid}" w:history="1">{runs_xml}</w:hyperlink>'
    return runs_xml


def _address(href: str) -> str:
    return xml_legal(bytes(QUrl(href).toEncoded()).decode("ascii"))


def _text(text: str) -> str:
    """Characters as a run holds them: text, tabs and line breaks as their elements."""
    out: list[str] = []
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            out.append(f'<w:t xml:space="preserve">{escape(xml_legal("".join(chunk)))}</w:t>')
            chunk.clear()

    for ch in text.replace("\ufffc", ""):
        if ch == "\t":
            flush()
            out.append("<w:tab/>")
        elif ch in "\u2028\n":
            flush()
            out.append("<w:br/>")
        else:
            chunk.append(ch)
    flush()
    return "".join(out)


_ALIGN = {"": "", "right": "right", "center": "center"}


def _table(table: Table, parts: _Parts) -> str:
    """A table: its first row the header, repeated at the top of each page it runs on."""
    columns = max(1, len(table.aligns))
    width = round((text_room()[0] * 1440) / columns)
    # a picture in a cell no wider than its column (it was as wide as the page's text, and
    # one picture filled a row)
    room, parts.room = parts.room, cell_room(columns, CELL_MARGIN_TWIPS / 1440)
    try:
        return _table_rows(table, parts, columns, width)
    finally:
        parts.room = room


def _table_rows(table: Table, parts: _Parts, columns: int, width: int) -> str:
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + f'<w:gridCol w:w="{width}"/>' * columns
        + "</w:tblGrid>"
    ]
    for i, cells in enumerate(table.rows):
        heading = i == 0
        row = ["<w:tr>", "<w:trPr><w:tblHeader/></w:trPr>" if heading else ""]
        for blocks, align in zip(cells, table.aligns, strict=False):
            style = "TableHeading" if heading else "TableContents"
            paragraphs = "".join(
                _paragraph(b, parts, style=style, align=_ALIGN[align], bold=heading)
                for b in blocks
            ) or f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>'
            row.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                       f"{paragraphs}</w:tc>")  # fmt: skip
        row.append("</w:tr>")
        out.append("".join(row))
    out.append("</w:tbl>")
    # (Word wants a paragraph between two tables, and after one that ends a cell or a body)
    out.append("<w:p/>")
    return "".join(out)


def _document(body: str) -> str:
    if letter_paper():
        width, height = 12240, 15840
    else:
        width, height = 11906, 16838
    m = MARGIN_TWIPS
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {_DOCUMENT_NS}><w:body>{body}"
        f'<w:sectPr><w:pgSz w:w="{width}" w:h="{height}"/>'
        f'<w:pgMar w:top="{m}" w:right="{m}" w:bottom="{m}" w:left="{m}" w:header="708" '
        'w:footer="708" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>"
    )


def _front(front: Front) -> str:
    """The title page and the table of contents: Word's TOC field over the headings' levels,
    its entries (links to the headings' bookmarks) filled in so that it shows before Word
    updates it, marked for updating (Word then offers to, and adds the page numbers)."""
    m = front.manuscript
    out: list[str] = []
    if m.title_page:
        out.append('<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>'
                   f"<w:r>{_text(m.title)}</w:r></w:p>")  # fmt: skip
        if m.author:
            out.append('<w:p><w:pPr><w:pStyle w:val="Author"/></w:pPr>'
                       f"<w:r>{_text(m.author)}</w:r></w:p>")  # fmt: skip
    if front.entries:
        brk = "<w:pageBreakBefore/>" if m.title_page else ""
        out.append(f'<w:p><w:pPr><w:pStyle w:val="TOCHeading"/>{brk}</w:pPr>'
                   f"<w:r>{_text(m.contents_title)}</w:r></w:p>")  # fmt: skip
        top = min(e.level for e in front.entries)
        field = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> TOC \\o "1-{front.deepest}" \\h \\z \\u '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        for i, entry in enumerate(front.entries):
            style = f"TOC{min(entry.level - top + 1, 9)}"
            out.append(
                f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{field if i == 0 else ""}'
                f'<w:hyperlink w:anchor="{entry.anchor}" w:history="1"><w:r>'
                f"{_text(entry.text)}</w:r></w:hyperlink></w:p>"
            )
        out.append('<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    return "".join(out)


def _front_styles(half: int) -> str:
    """The styles of the title page and the table of contents (Word's own names)."""
    tocs = "".join(
        f'<w:style w:type="paragraph" w:styleId="TOC{n}"><w:name w:val="toc {n}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
        f'<w:pPr><w:spacing w:after="100"/><w:ind w:left="{(n - 1) * 220}"/></w:pPr>'
        + ("<w:rPr><w:b/><w:bCs/></w:rPr>" if n == 1 else "")
        + "</w:style>"
        for n in range(1, 4)
    )
    return (
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/>'
        '<w:qFormat/><w:pPr><w:spacing w:before="3600" w:after="480"/><w:jc w:val="center"/>'
        f'</w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="{round(half * 2.4)}"/>'
        f'<w:szCs w:val="{round(half * 2.4)}"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Author"><w:name w:val="Author"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>'
        f'<w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="{round(half * 1.3)}"/>'
        f'<w:szCs w:val="{round(half * 1.3)}"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
        '<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/></w:pPr>'
        f'<w:rPr><w:b/><w:bCs/><w:sz w:val="{round(half * 1.6)}"/>'
        f'<w:szCs w:val="{round(half * 1.6)}"/></w:rPr></w:style>'
        f"{tocs}"
    )


def _styles(font: QFont, language: str, front: bool = False) -> str:
    """The document's styles; `front`: with the title page's and the contents' too."""
    family = font.family() or "Serif"
    # Chinese, Japanese and Korean in the face the editor shows them in after its font (see
    # odt.py `_styles`): Word's East Asian font
    asian = next(iter(font.families()[1:]), "") or family
    size = font.pointSizeF() if font.pointSizeF() > 0 else 12.0
    half = round(size * 2)
    lang = quoteattr(language or "en")
    east = ' w:eastAsia="zh-CN"' if language.startswith("zh") else ""
    headings = "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/>'
        '<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" '
        f'w:after="120"/><w:outlineLvl w:val="{n - 1}"/></w:pPr>'
        f'<w:rPr><w:b/><w:bCs/><w:sz w:val="{round(half * k)}"/>'
        f'<w:szCs w:val="{round(half * k)}"/></w:rPr></w:style>'
        for n, k in HEADING_PT.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:styles xmlns:w="{_W}">'
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f"<w:rFonts w:ascii={quoteattr(family)} w:hAnsi={quoteattr(family)} "
        f"w:eastAsia={quoteattr(asian)} w:cs={quoteattr(family)}/>"
        f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        f"<w:lang w:val={lang}{east}/>"
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="140" w:line="276" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>"
        f"{headings}{_front_styles(half) if front else ''}"
        '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/>'
        '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>'
        f'<w:ind w:left="{TWIPS_CM}" w:right="{TWIPS_CM}"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="SourceCode"><w:name w:val="Source Code"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="140" w:line="240" '
        'w:lineRule="auto"/><w:contextualSpacing/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{MONO}" w:hAnsi="{MONO}" w:cs="{MONO}"/>'
        '<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>'
        '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/>'
        "<w:contextualSpacing/></w:pPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="TableContents">'
        '<w:name w:val="Table Contents"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:spacing w:after="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="TableHeading">'
        '<w:name w:val="Table Heading"/><w:basedOn w:val="TableContents"/>'
        "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="HorizontalLine">'
        '<w:name w:val="Horizontal Line"/><w:basedOn w:val="Normal"/><w:pPr>'
        '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="808080"/></w:pBdr>'
        '<w:spacing w:after="283"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:pPr><w:spacing w:after="0" '
        f'w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="{round(half * 0.83)}"/>'
        f'<w:szCs w:val="{round(half * 0.83)}"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="FootnoteReference">'
        '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/>'
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
        '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:tblPr><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + f'</w:tblBorders><w:tblCellMar><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        "</w:styles>"
    )


def _numbering(lists: list[tuple[bool, int, int]]) -> str:
    """Two kinds of list (bullets, numbers), every level of each; one instance for each list,
    counting from its start at its level."""

    def levels(numbered: bool) -> str:
        out = []
        for level in range(LIST_LEVELS):
            if numbered:
                kind, text = "decimal", f"%{level + 1}."
            else:
                kind, text = "bullet", _BULLETS[level % len(_BULLETS)]
            out.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
                f'<w:ind w:left="{(level + 1) * 720}" w:hanging="360"/></w:pPr></w:lvl>'
            )
        return "".join(out)

    instances = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="{int(numbered)}"/>'
        f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        "</w:num>"
        for n, (numbered, level, start) in enumerate(lists, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:numbering xmlns:w="{_W}">'
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{levels(False)}</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{levels(True)}</w:abstractNum>"
        f"{instances}</w:numbering>"
    )


def _content_types(footnotes: bool = False) -> str:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    notes = (
        f'<Override PartName="/word/footnotes.xml" ContentType="{main}.footnotes+xml"/>'
        if footnotes
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{main}.styles+xml"/>'
        f'<Override PartName="/word/numbering.xml" ContentType="{main}.numbering+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{main}.settings+xml"/>{notes}'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )


_PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)


def _document_relations(relations: list[tuple[str, str, str, bool]], own: bool = True) -> str:
    """A part's relationships: the document's (`own`: with the styles, the numbering and the
    settings) or the footnotes'."""
    rows = [
        f'<Relationship Id="rId1" Type="{_R}/styles" Target="styles.xml"/>',
        f'<Relationship Id="rId2" Type="{_R}/numbering" Target="numbering.xml"/>',
        f'<Relationship Id="rIdSettings" Type="{_R}/settings" Target="settings.xml"/>',
    ] if own else []  # fmt: skip
    for rid, kind, target, external in relations:
        mode = ' TargetMode="External"' if external else ""
        rows.append(f"<Relationship Id={quoteattr(rid)} Type={quoteattr(kind)} "
                    f"Target={quoteattr(target)}{mode}/>")  # fmt: skip
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{_PACKAGE_RELS}">{"".join(rows)}</Relationships>'
    )


def _settings(footnotes: bool) -> str:
    """Word's own current settings (without them it opens the file in Compatibility Mode),
    and the footnotes' separators where there are footnotes."""
    notes = (
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        if footnotes
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:settings xmlns:w="{_W}">{notes}<w:compat><w:compatSetting '
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/></w:compat></w:settings>'
    )


def _core(title: str, author: str = "") -> str:
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(xml_legal(title))}</dc:title>"
        + (f"<dc:creator>{escape(xml_legal(author))}</dc:creator>" if author else "")
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        "</cp:coreProperties>"
    )
