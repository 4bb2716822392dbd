"""File → Export: the document as a PDF, an OpenDocument text (which Word and LibreOffice open)
or a web page, to hand in or send.

A Markdown document (.md, .markdown, or one without a file yet) is set as Markdown reads:
headings, emphasis, lists, quotes, links; a .txt document as its lines. The text is the editor's,
unsaved changes included, never a ghost. The pages are A4, or Letter where the interface's
locale measures in inches, in the editor's font, with margins of 25 mm. The work is done on a
thread of its own (a 366-page manuscript held the window for five seconds), the status bar
saying so; an export asked for while another runs waits for it and starts when it ends (its
text taken when it was asked for), the status bar saying so; the file is written whole or not
at all (`save_atomic`, as a save): a full disk or a
folder without permission is said, and nothing is left half written. A file of the name chosen
is replaced only where the writer said so, in the file dialog or, where Writer added the
ending, in a question of its own.

The file dialog opens where the project's last export went (`Settings.export_folders`, kept with
one settings call once a file is chosen), as VS Code's dialogs remember their folder; the first
Export Project of a project opens beside its folder, not in it (the exports landed among the
chapters), a document's first export in its own folder. A document outside any project is
remembered the same way, under the key `LOOSE` (it opened in its own folder every time).

A name typed without the format's ending gets it ("Chapter 1. The harbour" becomes "Chapter 1.
The harbour.html"); one typed with another format's ending is that format ("harbour.pdf" with
Web Page chosen: a PDF), and ".htm" is a web page's. A name typed with the ending of another
kind of file ("harbour.txt", "harbour.tar.gz": Writer's own table, `KNOWN_ENDINGS`) is asked
about (it became "harbour.txt.html" without a word): the format's ending in its place
("harbour.html", offered first) or the name as typed; never the document's own file.
"""


from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath
from urllib.parse import unquote

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QObject,
    QThread,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
)
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from writer.documents import DocumentError, SaveError, read_text_file, save_atomic
from writer.documents.markdown import (
    ListedNotes,
    footnotes_apart,
    for_qt,
    front_matter_fields,
    opening_heading,
)
from writer.models.advice import language_of
from writer.paths import same_file
from writer.project.files import file_stem
from writer.sentences import said
from writer.settings import latest
from writer.ui.actions import menu_text
from writer.ui.docx import write_docx
from writer.ui.editor import plain_text
from writer.ui.front import Front, Manuscript, front_of, heading_ids
from writer.ui.html_page import write_html
from writer.ui.i18n import joined, sentence
from writer.ui.images import LocalDocument, image_places, local_file, unshown_as_words
from writer.ui.odt import PAGE_MARGIN_CM, letter_paper, mend_tables, write_odt
from writer.ui.pdf_front import (
    fitting_resolution,
    front_pages,
    name_headings,
    print_pages,
    put_front,
)

FORMATS = ("pdf", "docx", "odt", "html")
MAX_EXPORT_FOLDERS = 100  # projects whose last export folder is kept, the latest exported
LOOSE = ""  # `export_folders`' key for the documents outside any project
OTHER_ENDINGS = {"htm": "html"}  # a format's other ending, typed: kept
# the endings of other kinds of files, Writer's own table (the system's types differ from one
# computer to another, and had no type for ".gz": "harbour.tar.gz" became
# "harbour.tar.gz.html"): a name typed with one is asked about; any other dot is a part of the
# name ("Chapter 1. The harbour", "v1.2", "Dr. Ward"). It holds every ending of Python's own
# table of types (`mimetypes`, the same on every computer) but the formats' own, and the
# common ones the systems' tables add ("x.docm" became "x.docm.html" unasked)
KNOWN_ENDINGS = frozenset({
    # documents and text
    ".md", ".markdown", ".mdown", ".mkd", ".txt", ".text", ".rtf", ".rtx", ".rtfd", ".doc",
    ".dot", ".docm", ".dotx", ".dotm", ".wiz", ".wbk", ".odm", ".ott", ".fodt", ".sxw",
    ".stw", ".uot", ".wps", ".wpt", ".wpd", ".wp", ".wp5", ".wri", ".lwp", ".abw", ".zabw",
    ".hwp", ".hwpx", ".pages", ".gdoc", ".xps", ".oxps", ".djvu", ".djv", ".ps", ".eps",
    ".dvi", ".epub", ".mobi", ".azw", ".azw3", ".kfx", ".fb2", ".lit", ".prc", ".pdb", ".cbz",
    ".cbr", ".ibooks", ".tex", ".latex", ".ltx", ".sty", ".cls", ".bib", ".ris", ".enw",
    ".texi", ".texinfo", ".org", ".rst", ".adoc", ".asciidoc", ".textile", ".wiki",
    ".mediawiki", ".dbk", ".opml", ".fdx", ".fountain", ".highland", ".scriv", ".scrivx",
    ".ulysses", ".bear", ".nfo", ".srt", ".vtt", ".sbv", ".sub", ".ass", ".ssa", ".mht",
    ".mhtml", ".xhtml", ".xht", ".shtml", ".eml", ".msg", ".mbox", ".nws", ".vcf", ".ics",
    ".etx", ".sgm", ".sgml", ".man", ".me", ".ms", ".roff", ".t", ".tr", ".mif", ".oda",
    ".one", ".onepkg", ".enex", ".ipynb", ".csv", ".tsv", ".json", ".jsonl", ".xml", ".xsl",
    ".xslt", ".xsd", ".dtd", ".rdf", ".wsdl", ".xpdl", ".xul", ".n3", ".nq", ".nt", ".trig",
    ".ttl", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".properties", ".log",
    ".webmanifest", ".sql", ".bak", ".tmp", ".old", ".swp",
    # spreadsheets, slides, drawings, publishing
    ".xls", ".xlsx", ".xlsm", ".xlsb", ".xlt", ".xltx", ".xltm", ".xlam", ".xla", ".xlb",
    ".xlw", ".ods", ".ots", ".fods", ".sxc", ".stc", ".numbers", ".gsheet", ".ppt", ".pptx",
    ".pptm", ".pot", ".potx", ".potm", ".pps", ".ppsx", ".ppsm", ".ppa", ".ppam", ".pwz",
    ".odp", ".otp", ".fodp", ".sxi", ".sti", ".key", ".gslides", ".odg", ".otg", ".fodg",
    ".sxd", ".odf", ".odb", ".odc", ".odi", ".vsd", ".vsdx", ".vsdm", ".vss", ".vst", ".pub",
    ".indd", ".idml", ".indt", ".qxd", ".qxp", ".sla", ".afpub", ".afdesign", ".afphoto",
    ".ai", ".cdr", ".mdb", ".accdb", ".db", ".sqlite", ".sqlite3", ".mpp", ".xmind", ".mm",
    ".drawio", ".sketch", ".fig", ".xd",
    # pictures
    ".png", ".apng", ".jpg", ".jpeg", ".jpe", ".jfif", ".pjpeg", ".pjp", ".gif", ".webp",
    ".avif", ".jxl", ".heic", ".heif", ".svg", ".svgz", ".bmp", ".dib", ".tif", ".tiff",
    ".ico", ".icns", ".cur", ".psd", ".psb", ".xcf", ".kra", ".ora", ".tga", ".pcx", ".exr",
    ".hdr", ".emf", ".wmf", ".jp2", ".j2k", ".jpf", ".jpx", ".raw", ".dng", ".cr2", ".cr3",
    ".nef", ".arw", ".orf", ".rw2", ".raf", ".pef", ".srw", ".pbm", ".pgm", ".ppm", ".pnm",
    ".pct", ".pic", ".pict", ".ras", ".rgb", ".xbm", ".xpm", ".xwd", ".ief",
    # sound and video
    ".mp3", ".wav", ".ogg", ".oga", ".flac", ".m4a", ".m4b", ".aac", ".adts", ".loas", ".opus",
    ".wma", ".aif", ".aiff", ".aifc", ".au", ".snd", ".mid", ".midi", ".amr", ".mp2", ".mpa",
    ".ra", ".ram", ".caf", ".ape", ".alac", ".m3u", ".m3u8", ".pls", ".mp4", ".m4v", ".mov",
    ".qt", ".avi", ".mkv", ".mka", ".webm", ".wmv", ".flv", ".f4v", ".mpg", ".mpeg", ".mpe",
    ".m1v", ".m2v", ".ogv", ".vob", ".mts", ".m2ts", ".3gp", ".3gpp", ".3g2", ".3gpp2",
    ".movie", ".swf",
    # archives and disk images
    ".zip", ".zipx", ".tar", ".gz", ".tgz", ".bz2", ".tbz", ".tbz2", ".xz", ".txz", ".zst",
    ".tzst", ".lz", ".lzma", ".lz4", ".z", ".br", ".7z", ".rar", ".cab", ".arj", ".lzh",
    ".ace", ".sit", ".sitx", ".cpio", ".bcpio", ".sv4cpio", ".sv4crc", ".shar", ".gtar",
    ".ustar", ".a", ".ar", ".deb", ".rpm", ".apk", ".aab", ".ipa", ".xpi", ".crx", ".jar",
    ".war", ".ear", ".msi", ".msix", ".appx", ".pkg", ".dmg", ".iso", ".img", ".vhd", ".vhdx",
    ".vmdk", ".qcow2", ".whl", ".egg", ".snap", ".flatpak", ".appimage",
    # fonts
    ".ttf", ".otf", ".ttc", ".woff", ".woff2", ".eot", ".pfb", ".pfm",
    # programs' files, data and keys
    ".py", ".pyc", ".pyo", ".pyw", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".css",
    ".scss", ".sass", ".less", ".c", ".h", ".cc", ".cpp", ".hpp", ".cs", ".java", ".class",
    ".kt", ".go", ".rs", ".rb", ".php", ".pl", ".pm", ".tcl", ".lua", ".swift",
    ".sh", ".bash", ".zsh", ".csh", ".ksh", ".fish", ".bat", ".cmd", ".ps1", ".vbs", ".exe",
    ".dll", ".so", ".dylib", ".o", ".obj", ".lib", ".bin", ".dat", ".wasm", ".app",
    ".lnk", ".url", ".desktop", ".torrent", ".h5", ".hdf", ".nc", ".cdf", ".npy", ".parquet",
    ".pem", ".crt", ".cer", ".der", ".p12", ".pfx", ".p7b", ".p7c", ".gpg", ".asc",
    ".sig", ".src", ".gguf", ".safetensors",
})
# an ending of two parts, put back whole in the format's place ("harbour.tar.gz": harbour.html)
TWO_PART_ENDINGS = (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst")


def other_kind(name: str) -> str:
    """The ending of another kind of file that the file name `name` ends in (".txt",
    ".tar.gz"); '' where it ends in none. A word written as a title's words are, capital
    first ("Book.One", "The Farm.War", "Call.Me"), is a part of the name, though the table
    knows it as an ending (".one" OneNote's, ".me" troff's): a file's ending is typed in small
    letters, or all capitals ("PHOTO.JPG"); asked about, the name lost its last word by
    default ("Book.pdf"). So is a last part of one capital letter ("Plan.A", "Draft.B": the
    table knows ".a" and ".c" as a program's)."""
    lower = name.lower()
    for ending in TWO_PART_ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending):
            return name[-len(ending) :]
    suffix = PurePath(name).suffix
    word = suffix[1:]
    if word[:1].isupper() and (len(word) == 1 or (word[1:].isalpha() and word[1:].islower())):
        return ""
    return suffix if suffix.lower() in KNOWN_ENDINGS else ""


log = logging.getLogger(__name__)

MARGIN_MM = PAGE_MARGIN_CM * 10
# QTextDocument.print_ lays a document out with 2 cm margins of its own inside the page's (the
# pages had 45 mm)
PRINT_OWN_MARGIN_MM = 20.0
# a quotation's indent in a PDF at each level (it was a character's on its first line, none
# after)
QUOTE_INDENT_MM = 10.0
# exports under way, in the order asked for, those waiting their turn too (held until they end;
# at quit each is waited for, a waiting one run then)
_RUNNING: dict[QThread, None] = {}
_WAITS_AT_QUIT = False  # wait_for_exports is connected to the application's aboutToQuit


def render(text: str, markdown: bool, font: QFont, kind: str, title: str = "",
           folder: Path | None = None, author: str = "") -> bytes:  # fmt: skip
    """The bytes of `text` exported as `kind` (one of FORMATS); its pictures read from this
    computer only, relative ones from `folder` (the document's); `author`: the file's."""
    notes = _Notes(kind, font)
    doc = _filled(text, markdown, font, folder, notes)
    front = Front(Manuscript(title, author), None) if author else None
    return _rendered(doc, text, font, kind, title, notes.documents(), front)


# the kinds whose footnotes are the word processor's own, at the foot of their page (the
# others list them at the end, as GitHub does)
FOOTNOTES_APART = ("docx", "odt")


class _Notes:
    """The footnotes an export keeps apart (`FOOTNOTES_APART`): each note's Markdown as
    `markdown.footnotes` gives it, with its document's folder (its pictures' place)."""

    def __init__(self, kind: str, font: QFont) -> None:
        self.font = font
        self.texts: list[str] | None = [] if kind in FOOTNOTES_APART else None
        self.listed: ListedNotes | None = None  # (a manuscript's: see `render_parts`)
        self._folders: list[Path | None] = []

    def read(self, folder: Path | None) -> None:
        """The notes added since the last call are `folder`'s document's."""
        if self.texts is not None:
            self._folders.extend([folder] * (len(self.texts) - len(self._folders)))

    def count(self) -> int:
        return len(self._folders)

    def drop_from(self, kept: int) -> None:
        """Forget the notes after the first `kept` (a document left out)."""
        if self.texts is not None:
            del self.texts[kept:], self._folders[kept:]

    def documents(self) -> list[QTextDocument]:
        """Each note as a document (its marks of other notes are numbers)."""
        return [
            _filled(text, True, self.font, folder)
            for text, folder in zip(self.texts or (), self._folders, strict=True)
        ]


@dataclass(frozen=True)
class Part:
    """One document of a project's export: its text as a window shows it, or (None) its
    file's, read when the export runs."""

    path: Path
    text: str | None
    markdown: bool


def render_parts(parts: Sequence[Part], font: QFont, kind: str, title: str = "",
                 left_out: list[str] | None = None,
                 manuscript: Manuscript | None = None) -> bytes:  # fmt: skip
    """The documents `parts` exported as one (a project's manuscript), in their order, each
    after the first beginning on a new page (one with no text, none); a file that cannot be
    read is left out, its name added to `left_out`. `manuscript`: its title and author (for
    `title`), and whether a title page and a table of contents come first (`writer.ui.front`),
    the text then beginning on a new page."""
    if manuscript is not None:
        title = manuscript.title
    combined = LocalDocument(None)
    combined.setDefaultFont(font)
    cursor = QTextCursor(combined)
    texts: list[str] = []
    notes = _Notes(kind, font)
    placed: list[tuple[int, dict[int, str]]] = []  # each document's first block, its ids
    read: list[tuple[Part, str]] = []
    for part in parts:
        text = part.text
        if text is None:
            try:
                text = read_text_file(part.path).text
            except DocumentError as exc:
                log.info("%s left out of the export: %s", part.path, exc)
                if left_out is not None:
                    left_out.append(part.path.name)
                continue
        if text.strip():  # (a document not written yet: it made a blank page)
            read.append((part, text))
    if notes.texts is not None:  # (the notes no mark calls: listed after all footnotes)
        notes.listed = ListedNotes(
            sum(footnotes_apart(text) for part, text in read if part.markdown) + 1
        )
    for part, text in read:
        kept = notes.count()
        doc = _filled(text, part.markdown, font, part.path.parent, notes)
        if _shows_nothing(doc):  # (only a front matter, a comment, a zero-width space)
            notes.drop_from(kept)
            continue
        _pictures_by_path(doc, part.path.parent)
        if texts:
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        start = cursor.position()
        cursor.insertFragment(QTextDocumentFragment(doc))
        # (the fragment's first paragraph took the format of the one it went into: a
        # chapter's heading came out as body text)
        fmt = doc.begin().blockFormat()
        if texts:
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        if QTextCursor(doc.begin()).currentTable() is None:
            QTextCursor(combined.findBlock(start)).setBlockFormat(fmt)
        texts.append(text)
        placed.append((combined.findBlock(start).blockNumber(), heading_ids(doc)))
    _links_within(combined, placed)
    front = front_of(manuscript, combined) if manuscript is not None else None
    if front is not None and front.shows_something and texts:
        # (the text begins on a page of its own, after the title page and the contents)
        first = combined.begin()
        if QTextCursor(first).currentTable() is None:
            fmt = first.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(first).setBlockFormat(fmt)
    return _rendered(combined, "\n\n".join(texts), font, kind, title, notes.documents(), front)


def _links_within(combined: QTextDocument, placed: list[tuple[int, dict[int, str]]]) -> None:
    """Each document's links to its own headings ("#rain", as GitHub names them in it) made
    links to them in `combined`, whose ids are the whole's (a second chapter's "Rain" is
    "rain-1" there: the link went to the first chapter's). `placed`: each document's first
    block in `combined` and its headings' ids by its own block numbers."""
    whole = heading_ids(combined)
    ends = [first for first, _ids in placed[1:]] + [combined.blockCount()]
    edits: list[tuple[int, int, QTextCharFormat]] = []
    for (first, own), end in zip(placed, ends, strict=True):
        moved = {slug: whole.get(first + n, slug) for n, slug in own.items()}
        if all(a == b for a, b in moved.items()):
            continue
        block = combined.findBlockByNumber(first)
        while block.isValid() and block.blockNumber() < end:
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                it += 1
                fmt = fragment.charFormat()
                href = fmt.anchorHref() if fmt.isAnchor() else ""
                place = unquote(href[1:]) if href.startswith("#") else ""
                if moved.get(place, place) != place:
                    fmt.setAnchorHref("#" + moved[place])
                    edits.append((fragment.position(), fragment.length(), fmt))
            block = block.next()
    cursor = QTextCursor(combined)
    for position, length, fmt in edits:
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)


def _shows_nothing(doc: QTextDocument) -> bool:
    """Whether `doc` shows no text a reader sees, nor a picture, nor a table or a rule."""
    if doc.toPlainText().translate(_UNSEEN).strip():
        return False
    block = doc.begin()
    while block.isValid():
        ruled = block.blockFormat().hasProperty(
            QTextFormat.Property.BlockTrailingHorizontalRulerWidth
        )
        if ruled or QTextCursor(block).currentTable() is not None:
            return False
        block = block.next()
    return True


# what shows nothing: zero-width spaces and joiners, a word joiner, a byte order mark, and
# the object character of a picture that is not there (a picture that is, is an image block)
_UNSEEN = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00a0"), " ")


def _pictures_by_path(doc: QTextDocument, folder: Path) -> None:
    """Each picture of `doc` named by its file's whole path (its address is relative to its
    own document's folder, which another document's export does not know)."""
    cursor = QTextCursor(doc)
    for position, length, image in image_places(doc):
        path = local_file(QUrl(image.name()), folder)
        if path is None:
            continue
        image.setName(str(path))
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)


def _filled(text: str, markdown: bool, font: QFont, folder: Path | None,
            notes: _Notes | None = None) -> LocalDocument:  # fmt: skip
    """`text` as a document; its footnotes added to `notes` where it keeps them apart."""
    doc = LocalDocument(folder)
    doc.setDefaultFont(font)
    if markdown:
        apart = None if notes is None else notes.texts
        listed = None if notes is None else notes.listed
        doc.setMarkdown(for_qt(text, apart=apart, listed=listed),
                        QTextDocument.MarkdownFeature.MarkdownDialectGitHub)  # fmt: skip
        mend_tables(doc)
        if notes is not None:
            notes.read(folder)
    else:
        doc.setPlainText(text)
    return doc


def _rendered(doc: QTextDocument, text: str, font: QFont, kind: str, title: str,
              notes: Sequence[QTextDocument] = (),
              front: Front | None = None) -> bytes:  # fmt: skip
    """`doc` (of `text`) exported as `kind`; `notes`: its footnotes kept apart (`_Notes`);
    `front`: a project's title page and table of contents, and its author."""
    if title:
        doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    if kind == "html":
        # the language most of the text is in, as the spelling and the statistics tell it
        return write_html(doc, font, title, language_of(text) or "en", front)
    missing = QTextCharFormat()
    missing.setFontItalic(True)
    for each in (doc, *notes):
        unshown_as_words(each, missing)
    if kind == "odt":
        return write_odt(doc, font, title, notes, front)
    if kind == "docx":
        return write_docx(doc, font, title, language_of(text) or "en", notes, front)
    written = text  # (`text` is the first page's number below)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pdf = QPdfWriter(buffer)
    pdf.setTitle(title)
    pdf.setCreator("Writer")
    if front is not None and front.manuscript.author:
        pdf.setAuthor(front.manuscript.author)
    size = QPageSize.PageSizeId.Letter if letter_paper() else QPageSize.PageSizeId.A4
    pdf.setPageLayout(
        QPageLayout(
            QPageSize(size),
            QPageLayout.Orientation.Portrait,
            QMarginsF(*[MARGIN_MM - PRINT_OWN_MARGIN_MM] * 4),
            QPageLayout.Unit.Millimeter,
        )
    )
    # (the layout is the writer's, in its dots: 1,200 an inch, fewer for a long manuscript)
    fitting_resolution(doc, pdf, front_pages(front))
    _set_off_quotes(doc, round(QUOTE_INDENT_MM / 25.4 * pdf.resolution()))
    name_headings(doc)  # (before the front's blocks: the ids are the text's headings')
    text = put_front(doc, front, pdf) if front is not None else 0
    title_page = front is not None and front.shows_something and front.manuscript.title_page
    print_pages(doc, pdf, text, title_page)  # (numbered as a book: the text's first page is 1)
    del pdf  # (the PDF is finished when its writer goes)
    buffer.close()
    return ideographs_as_written(bytes(data), written)


# a CMap's line of one code (`<src> <dst>`) or of a range (`<a> <b> <dst>` or `<a> <b> [...]`)
_CMAP = re.compile(rb"begincmap.*?endcmap", re.DOTALL)
_CMAP_SECTION = re.compile(rb"begin(bfchar|bfrange)\n(.*?)end\1", re.DOTALL)
_CMAP_CODE = re.compile(rb"<([0-9A-Fa-f]{4})>")


# The radicals of the CJK Radicals Supplement and the ideographs they are drawn as (Unicode's
# EquivalentUnifiedIdeograph.txt): NFKC leaves them as they are (but ⺟ and ⻳), and a CJK font
# draws 门 and ⻔ with one glyph, so a PDF's 门, 马, 长, 风, 见, 车 read back as radicals (and
# 突兀 as 突⺎, 罒 as ⺫: the glyphs Noto CJK SC shares, checked one by one)
_SUPPLEMENT = dict(zip(
    "⺁⺂⺃⺅⺆⺇⺉⺊⺋⺌⺍⺎⺏⺐⺒⺓⺔⺕⺖⺘⺙⺛⺝⺞⺠⺡⺢⺣⺤⺥⺦⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺴⺵⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃"
    "⻄⻅⻆⻈⻉⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    "厂乛乚亻冂几刂卜㔾小小兀尣尢巳幺彑彐忄扌攵旡月歺民氵氺灬爫爫丬犭王疋罒示礻竹糹纟罓罒㓁罓罓耂肀聿月臼艹艹艹虎衤覀"
    "西见角讠贝车辶辶辶阝钅長镸长门阝雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟",
    strict=True,
))


# Kangxi radicals a Simplified Chinese font draws as another ideograph than NFKC's: ⼾ as 户
# (NFKC: the traditional 戶), so a PDF's 窗户 read back as 窗戶; taken where the writer wrote it
_ALSO = {"⼾": "户"}


def _stands_for(char: str, written: str = "") -> str:
    """The character a code of a CMap stands for: a radical's (U+2E80 to U+2FDF) unified
    ideograph (`_SUPPLEMENT`, else NFKC, or `_ALSO`'s where written), a tab's a space (the
    glyph Qt maps to the tab, the lowest code point that draws it, is the space's), any other
    character itself."""
    if char == "\t":
        return " "
    if not "\u2e80" <= char <= "\u2fdf":
        return char
    same = _SUPPLEMENT.get(char) or unicodedata.normalize("NFKC", char)
    if char in _ALSO and _ALSO[char] in written:
        same = _ALSO[char]
    return same if len(same) == 1 and same <= "\uffff" else char


def _ideograph(code: bytes, written: str = "", drawn: Counter[str] | None = None) -> bytes:
    """The code `_stands_for` gives, as four hex digits; but a radical's own where the writer
    wrote it (in `written`) and not the ideograph it stands for, or where another glyph of its
    map stands for that ideograph too (in `drawn`, how many glyphs of the map stand for each
    character: the font draws the two apart, so this glyph is the radical's)."""
    char = chr(int(code, 16))
    same = _stands_for(char, written)
    if same == char:
        return code
    if char in written and (same not in written or (drawn is not None and drawn[same] > 1)):
        return code  # (typed on purpose: a radicals chart, a dictionary's index)
    return f"{ord(same):04X}".encode()


def ideographs_as_written(pdf: bytes, written: str = "") -> bytes:
    """The PDF with its text read back as the writer wrote it: Qt's ToUnicode maps give each
    glyph the lowest code point that draws it, and a CJK font draws 雨 and the Kangxi radical
    ⾬ (U+2FAC) with one glyph, so 雨, 人, 大, 一, 子... were copied, searched and read aloud as
    radicals; 门, 马, 长 (the simplified radicals of U+2E80 to U+2EF3) as well; and every
    space was copied as a tab (U+0009, which fonts draw with the space's glyph). Each radical
    (U+2E80 to U+2FDF) in a map is put back as its ideograph (`_SUPPLEMENT`, else NFKC, or
    `_ALSO`'s where written), a tab as a space, four hex digits for four, so that no offset in
    the file moves; but not a radical the writer wrote (in `written`, the text exported)
    without its ideograph: a CJK font draws some 30 of the supplement's radicals (⺁, ⺮, ⻏...)
    with glyphs of their own, so those in a PDF were typed, and one drawn as its ideograph was
    typed too where the ideograph was not, or where another glyph of its map reads as the
    ideograph (the font draws the two apart: "⺮ is 竹" read back as "竹 is 竹"). Where the font
    draws both with one glyph and the writer wrote both, it reads back as one: the ideograph."""
    return _CMAP.sub(lambda cmap: _as_written(cmap.group(), written), pdf)


def _as_written(cmap: bytes, written: str) -> bytes:
    """One ToUnicode map of a PDF read back as written (see `ideographs_as_written`)."""
    drawn = Counter(_stands_for(chr(code), written) for code in _read_as(cmap))

    def put(match: re.Match) -> bytes:
        return b"<" + _ideograph(match[1], written, drawn) + b">"

    def section(match: re.Match) -> bytes:
        lines = match.group(2).split(b"\n")
        for i, line in enumerate(lines):
            shape, codes = _cmap_line(match.group(1), line)
            if shape == "array":  # (a range's codes one by one)
                head, _, tail = line.partition(b"[")
                lines[i] = head + b"[" + _CMAP_CODE.sub(put, tail)
            elif shape == "char" or (shape == "range" and codes[0] == codes[1]):
                last = list(_CMAP_CODE.finditer(line))[-1]  # (a code, or a range of one)
                lines[i] = line[: last.start()] + put(last) + line[last.end() :]
        kind = match.group(1)
        return b"begin" + kind + b"\n" + b"\n".join(lines) + b"end" + kind

    return _CMAP_SECTION.sub(section, cmap)


def _read_as(cmap: bytes) -> list[int]:
    """The code points the glyphs of a ToUnicode map read as, one a glyph (a range's each)."""
    found: list[int] = []
    for match in _CMAP_SECTION.finditer(cmap):
        for line in match.group(2).split(b"\n"):
            shape, codes = _cmap_line(match.group(1), line)
            if shape == "range":
                first, count = int(codes[2], 16), int(codes[1], 16) - int(codes[0], 16)
                found += range(first, min(first + max(count, 0), 0x10FFFF) + 1)
            else:  # (a code's, or an array's each)
                found += (int(code, 16) for code in codes)
    return found


def _cmap_line(kind: bytes, line: bytes) -> tuple[str, list[bytes]]:
    """What a line of a CMap's section (`kind`: bfchar or bfrange) maps: "char" (a code and
    the one it reads as: [that one]), "array" (a range whose codes read as the list's, one by
    one: [those]), "range" (a range read as consecutive code points: [first, last, the first's
    reading]), or nothing ("", [])."""
    codes = _CMAP_CODE.findall(line)
    if b"[" in line:
        return "array", _CMAP_CODE.findall(line.partition(b"[")[2])
    if kind == b"bfchar" and len(codes) == 2:
        return "char", codes[1:]
    if len(codes) == 3:
        return "range", codes
    return "", []


def _set_off_quotes(doc: QTextDocument, indent: int) -> None:
    """A quotation indented at each of its levels, on every line (Qt's Markdown reader marks it
    and leaves it at the body's margin)."""
    block = doc.begin()
    while block.isValid():
        level = int(block.blockFormat().property(QTextFormat.Property.BlockQuoteLevel) or 0)
        if level > 0:
            fmt = block.blockFormat()
            fmt.setLeftMargin(indent * level)
            fmt.setRightMargin(indent)
            QTextCursor(block).setBlockFormat(fmt)
        block = block.next()


class _Export(QThread):
    """One export on its own thread: `error` says how it failed once it has ended. A QThread,
    not a `writer.tasks.TaskHandle`: a QTextDocument lays itself out with timers, which need a
    Qt thread's event dispatcher (on a TaskHandle's Python thread each one said "current
    thread's event dispatcher has already been destroyed")."""

    def __init__(self, job: Callable[[list[str]], bytes], target: Path) -> None:
        super().__init__()
        self.job = job  # the file's bytes (it adds to the list the documents it left out)
        self.target = target
        self.error: DocumentError | None = None
        self.left_out: list[str] = []

    def run(self) -> None:
        try:
            save_atomic(self.target, self.job(self.left_out))
        except DocumentError as exc:
            self.error = exc
        except Exception as exc:  # noqa: BLE001 - said, never a thread dying unseen
            log.exception("export to %s failed", self.target)
            self.error = DocumentError(said("the system reported “{0}”", str(exc) or repr(exc)))


def wait_for_exports() -> None:
    """At quit: the exports under way end first (Qt aborts a process whose thread runs), and
    those waiting their turn are written then, one after the other (the writer asked for them;
    the event loop that would start them has stopped)."""
    for thread in list(_RUNNING):
        if not thread.isRunning() and not thread.isFinished():
            thread.start()
        thread.wait()


def _in_place(target: Path, typed: str, kind: str) -> Path:
    """`target` with the format `kind`'s ending in place of the other kind's `typed`."""
    return target.with_name(f"{target.name[: -len(typed)]}.{kind}")


class Exporter(QObject):
    """File → Export for one window's document."""

    idle = Signal()  # the last export asked for has ended (a closed window is deleted then)

    def __init__(self, window: QWidget, documents, editor) -> None:
        super().__init__(window)
        self.window = window
        self.documents = documents
        self.editor = editor
        self.kind = "pdf"  # the format chosen last, offered first next time
        self._running: _Export | None = None
        self._waiting: list[_Export] = []  # exports asked for while one ran, in order

    def filters(self) -> dict[str, str]:
        return {
            "pdf": self.tr("PDF (*.pdf)"),
            "docx": self.tr("Word Document (*.docx)"),
            "odt": self.tr("OpenDocument Text, for Word and LibreOffice (*.odt)"),
            "html": self.tr("Web Page (*.html)"),
        }

    def export(self) -> bool:
        """Ask where and in which format, then write the file on a thread of its own (after
        the exports under way); False when cancelled."""
        path = self.documents.path
        folder = self._last_folder(path.parent if path is not None else Path.home())
        stem = Path(self.documents.file_name()).stem  # (an untitled one's as Save As offers)
        asked = self._ask(folder, stem)
        if asked is None:
            return False
        self._remember_folder(asked[0].parent)
        return self.export_to(*asked)

    def _folders_key(self) -> str:
        """The document's entry in `export_folders`: its project's folder, or LOOSE."""
        project = self.documents.project_folder
        return str(project) if project is not None else LOOSE

    def _last_folder(self, otherwise: Path) -> Path:
        """Where the file dialog opens: the folder the project's last export (outside a
        project: a loose document's) went to, where it is still there (an absolute path);
        else `otherwise`."""
        kept = self.documents.settings.export_folders.get(self._folders_key())
        # (a hand-edited "exports": a folder of wherever Writer was started from)
        if kept and os.path.isabs(kept) and Path(kept).is_dir():
            return Path(kept)
        return otherwise

    def _remember_folder(self, folder: Path) -> None:
        """The project's (or the loose documents') exports go to `folder` now: the next one
        offers it (one change of the settings; the most recently exported
        MAX_EXPORT_FOLDERS projects kept)."""
        settings = self.documents.settings
        folders = latest(
            settings.export_folders, self._folders_key(), str(folder), MAX_EXPORT_FOLDERS
        )
        settings.update(export_folders=folders)

    def _ask(self, folder: Path, stem: str) -> tuple[Path, str] | None:
        """The file to export to, with its format's ending or as typed, and the format (None:
        cancelled)."""
        filters = self.filters()
        chosen, picked = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export"),
            str(folder / f"{stem}.{self.kind}"),
            ";;".join(filters.values()),
            filters[self.kind],
        )
        if not chosen:
            return None
        target = Path(chosen)
        kind = next((k for k, f in filters.items() if f == picked), self.kind)
        ending = target.suffix.lower().lstrip(".")
        if ending in FORMATS or ending in OTHER_ENDINGS:  # (typed with its ending)
            return target, OTHER_ENDINGS.get(ending, ending)
        typed = other_kind(target.name)  # ("harbour.txt": another kind of file's ending)
        if typed:
            keep = self._keep_ending(target, typed, kind)
            if keep is None:
                return None
            if keep:  # (the dialog asked about replacing the name as typed)
                return (target, kind) if self._not_the_document(target) else None
            target = _in_place(target, typed, kind)
        else:
            target = target.with_name(f"{target.name}.{kind}")
        # the dialog asked about the name as typed, not about this one (it was replaced
        # without a word)
        if target.exists() and not self._replace(target):
            return None
        return target, kind

    def _keep_ending(self, target: Path, typed: str, kind: str) -> bool | None:
        """A name typed with another kind of file's ending (`typed`): whether to keep it as
        typed (True) or put the format's in its place (False); None: cancelled."""
        formats = {
            "pdf": self.tr("a PDF"),
            "docx": self.tr("a Word document"),
            "odt": self.tr("an OpenDocument text"),
            "html": self.tr("a web page"),
        }
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Export"))
        box.setText(
            self.tr("“{0}” ends in {1}, but the name of {2} ends in .{3}.")
            .format(target.name, typed, formats[kind], kind)
        )  # fmt: skip
        box.setInformativeText(self.tr("Which name should the exported file have?"))
        # (a name's "&" doubled: "Tom & Jerry.txt" showed "Tom _Jerry", Alt+J pressing it;
        # the letters are Use's and Keep's, Cancel's its own)
        ours = box.addButton(
            self.tr("&Use {0}").format(menu_text(_in_place(target, typed, kind).name)),
            QMessageBox.ButtonRole.AcceptRole,
        )
        as_typed = box.addButton(
            self.tr("&Keep {0}").format(menu_text(target.name)), QMessageBox.ButtonRole.AcceptRole
        )
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(ours)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return None if clicked not in (ours, as_typed) else clicked is as_typed

    def _not_the_document(self, target: Path) -> bool:
        """False (and said) where `target` is the document's own file: its text would be
        replaced by the export."""
        path = self.documents.path
        if path is None or not same_file(target, path):
            return True
        QMessageBox.warning(
            self.window,
            self.tr("Export"),
            self.tr("{0} is this document's file: an export written there would replace its "
                    "text. Nothing was exported.").format(target.name),
        )  # fmt: skip
        return False

    def _replace(self, target: Path) -> bool:
        answer = QMessageBox.question(
            self.window,
            self.tr("Export"),
            self.tr("{0} already exists. Replace it?").format(target.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @property
    def busy(self) -> bool:
        """An export runs, or waits its turn."""
        return self._running is not None or bool(self._waiting)

    def export_to(self, target: Path, kind: str) -> bool:
        """Write `target` from the text as it is now: at once, or once the exports asked for
        before have ended; its end is said in the status bar, a failure in a box."""
        path = self.documents.path
        markdown = self.documents.is_markdown
        text, font = plain_text(self.editor.document()), QFont(self.editor.font())
        # the document's title: its front matter's (Pandoc's), else the heading it opens with,
        # as a reader names it (a browser's tab and a word processor's properties said "ch1"),
        # else the file's name (not a heading further on: "## Part two"); its author: its
        # front matter's
        fields = front_matter_fields(text) if markdown else {}
        first = opening_heading(text) if markdown and "title" not in fields else ""
        title = fields.get("title") or first or (
            path.stem if path is not None else self.documents.display_name)  # fmt: skip
        author = fields.get("author", "")
        folder = path.parent if path is not None else None
        return self._queue(
            _Export(lambda _left: render(text, markdown, font, kind, title, folder, author),
                    target),  # fmt: skip
            kind,
        )

    def export_project(self, parts: Sequence[Part], title: str, folder: Path,
                       manuscript: Manuscript | None = None) -> bool:  # fmt: skip
        """File → Export Project: ask where and in which format (named after the manuscript's
        title as typed in its questions, made a file's name, else after the project, in its
        folder), then write `parts` as one document (`render_parts`, with the title page and
        the contents `manuscript` asks for) on a thread of its own; False when cancelled. The
        dialog opens where the project's last export went, the first time beside the project's
        `folder` (in it, the exports lay among the chapters)."""
        stem = file_stem(manuscript.title if manuscript else title, title)
        asked = self._ask(self._last_folder(folder.parent), stem)
        if asked is None:
            return False
        target, kind = asked
        self._remember_folder(target.parent)
        parts, font = tuple(parts), QFont(self.editor.font())
        job = partial(_project_job, parts, font, kind, title, manuscript)
        return self._queue(_Export(job, target), kind)

    def _queue(self, thread: _Export, kind: str) -> bool:
        global _WAITS_AT_QUIT
        if not _WAITS_AT_QUIT:  # (once: it was connected again at each export)
            QCoreApplication.instance().aboutToQuit.connect(wait_for_exports)
            _WAITS_AT_QUIT = True
        _RUNNING[thread] = None
        thread.finished.connect(lambda: self._ended(thread, kind))
        if self._running is None:
            self._start(thread)
        else:
            self._waiting.append(thread)
            self.window.show_message(
                self.tr("{0} will be exported once {1} is done.").format(
                    thread.target.name, self._running.target.name
                ),
                0,
            )
        return True

    def _start(self, thread: _Export, said: str = "") -> None:
        """Run `thread` now, the status bar saying so after `said` (the last export's end)."""
        self._running = thread
        name = thread.target.name
        self.window.show_message(joined(said, self.tr("Exporting {0}…").format(name)), 0)
        thread.start()

    def _ended(self, thread: _Export, kind: str) -> None:
        _RUNNING.pop(thread, None)
        if self._running is thread:
            self._running = None
        thread.deleteLater()
        try:
            self._say_ended(thread, kind)
        finally:
            if not self.busy:
                self.idle.emit()

    def _say_ended(self, thread: _Export, kind: str) -> None:
        name = thread.target.name
        if thread.error is None:
            self.kind = kind
            done = self.tr("Exported {0}.").format(name)
            if len(thread.left_out) == 1:
                done = self.tr("Exported {0}, without {1}: it could not be read.").format(
                    name, thread.left_out[0]
                )
            elif thread.left_out:
                done = self.tr("Exported {0}, without {1}: they could not be read.").format(
                    name, ", ".join(thread.left_out)
                )
        else:
            done = self.tr("{0} was not exported.").format(name)
        # the next one starts before a failure's box, which waits for the writer
        if self._running is None and self._waiting:
            self._start(self._waiting.pop(0), done)
        else:
            self.window.show_message(done, 6000)
        if thread.error is None:
            return
        reason = getattr(thread.error, "reason", "")
        if isinstance(thread.error, SaveError) and reason:
            text = self.tr("{0} was not exported: {1}. Your document is as it was.").format(
                name, sentence(reason)
            )
        else:
            text = self.tr("{0} was not exported: {1}").format(name, sentence(str(thread.error)))
        QMessageBox.warning(self.window, self.tr("Could not export"), text)


def _project_job(parts: tuple[Part, ...], font: QFont, kind: str, title: str,
                 manuscript: Manuscript | None, left_out: list[str]) -> bytes:  # fmt: skip
    return render_parts(parts, font, kind, title, left_out, manuscript)
