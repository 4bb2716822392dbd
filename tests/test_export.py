"""File → Export: a PDF, an OpenDocument text and a web page of the document, Markdown set as
Markdown, written whole or not at all."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.conftest import fuzz_examples, wait_until

CHAPTER = (
    "# Chapter One\n\nThe rain had *not* stopped.\n\n- a list\n- of two\n\n"
    "“Mara,” she said. 晓晓笑了。\n"
)
ODT = "OpenDocument Text, for Word and LibreOffice (*.odt)"


@pytest.fixture
def chapter(window, tmp_path: Path) -> Path:
    path = tmp_path / "chapter-01.md"
    path.write_text(CHAPTER, encoding="utf-8")
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    return path


def a_picture(path: Path, width: int, height: int) -> Path:
    """A plain picture of `width` × `height` saved at `path`."""
    from PySide6.QtGui import QColor, QImage

    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(QColor("#48a"))
    assert picture.save(str(path))
    return path


def exported(window) -> None:
    """Wait for the export under way (on its own thread) to end."""
    wait_until(lambda: not window.exporter.busy, 10000)


def choose(monkeypatch, path: Path, picked: str = "", seen: list | None = None) -> None:
    def ask(_parent, _title, start, filters, selected):
        if seen is not None:
            seen.append((start, filters.split(";;"), selected))
        return str(path), picked or selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)


def test_a_markdown_chapter_exports_as_an_opendocument_text_with_its_headings(
    window, chapter: Path, monkeypatch
) -> None:
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    # (the editor's text, saved or not; its no-break space kept: it was written as a space)
    window.editor.insertPlainText("Unsaved\u00a0words.")
    seen: list = []
    choose(monkeypatch, chapter.with_suffix(""), ODT, seen)
    window.act_export.trigger()
    exported(window)
    start, filters, first = seen[0]
    assert start == str(chapter.with_suffix(".pdf"))  # (beside the document, PDF first)
    assert first == filters[0] == "PDF (*.pdf)"
    odt = chapter.with_suffix(".odt")
    with zipfile.ZipFile(io.BytesIO(odt.read_bytes())) as z:
        content = z.read("content.xml").decode("utf-8")
        styles = z.read("styles.xml").decode("utf-8")
        assert z.namelist()[0] == "mimetype"
    # sized and bold for Chinese too (LibreOffice set a Chinese heading as body text)
    assert 'style:font-size-asian="24.0pt" style:font-size-complex="24.0pt"' in styles
    # a chapter is a heading word processors navigate by (Qt's writer made it a bold line)
    assert (
        '<text:h text:style-name="Heading_20_1" text:outline-level="1"><text:bookmark '
        'text:name="chapter-one"/>Chapter One' in content
    )  # (with its place, where a link to "#chapter-one" goes)
    assert '<text:span text:style-name="T_i">not</text:span>' in content
    assert re.search(r'<text:list xml:id="list\d+" text:style-name="LB"><text:list-item>', content)
    assert "# Chapter" not in content
    assert "晓晓笑了。 Unsaved\u00a0words." in content
    assert "Exported chapter-01.odt." in window.statusBar().currentMessage()
    # the format chosen is offered first next time
    seen.clear()
    choose(monkeypatch, chapter.with_suffix(".html"), seen=seen)
    window.act_export.trigger()
    exported(window)
    assert seen[0][0].endswith("chapter-01.odt")
    html = chapter.with_suffix(".html").read_text(encoding="utf-8")
    # plain HTML, as the Markdown said (it was Qt's rich-text dump, a tester's find)
    # the language most of it is in (a line of Chinese made it "zh", read aloud as Chinese)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Chapter One</title>" in html  # (its first heading; it said "chapter-01")
    assert '<h1 id="chapter-one">Chapter One</h1>' in html
    assert "<p>The rain had <em>not</em> stopped.</p>" in html
    assert "<ul>\n<li>a list</li>\n<li>of two</li></ul>" in html
    assert "qrichtext" not in html
    assert "-qt-" not in html


def test_a_pdf_has_its_pages_and_a_text_file_is_set_as_lines(
    window, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# not a heading\n" + "A line of the letter.\n" * 200, encoding="utf-8")
    assert window.open_file(path)
    choose(monkeypatch, tmp_path / "letter.pdf")
    window.act_export.trigger()
    exported(window)
    data = (tmp_path / "letter.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) >= 2  # (200 lines: two pages)
    choose(monkeypatch, tmp_path / "letter.html")
    window.act_export.trigger()
    exported(window)
    html = (tmp_path / "letter.html").read_text(encoding="utf-8")
    assert "# not a heading" in html
    assert "<h1" not in html


def test_a_pdf_has_the_chapters_pictures_and_reads_no_device(
    window, tmp_path: Path, monkeypatch
) -> None:
    """A picture beside the chapter was missing from its PDF (read from the folder Writer was
    started in), and `![x](/dev/zero)` was read until the memory ran out: Qt reads a file
    itself when its document is given nothing. Pictures come from the chapter's folder; a
    device, a pipe or a file too large is an empty picture."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from writer.ui.images import LocalDocument

    (tmp_path / "pictures").mkdir()
    a_picture(tmp_path / "pictures" / "harbour.png", 60, 30)
    path = tmp_path / "chapter.md"
    path.write_text("# The harbour\n\n![harbour](pictures/harbour.png)\n", encoding="utf-8")
    assert window.open_file(path)
    choose(monkeypatch, tmp_path / "chapter.pdf")
    window.act_export.trigger()
    exported(window)
    assert re.search(rb"/Subtype\s*/Image", (tmp_path / "chapter.pdf").read_bytes())
    kind = QTextDocument.ResourceType.ImageResource.value
    document = LocalDocument(tmp_path)
    for address in ("/dev/zero", "file:///dev/urandom", "http://127.0.0.1:9/x.png"):
        given = document.loadResource(kind, QUrl(address))
        assert given is not None  # (None: Qt reads the file itself)
        assert given.isNull()
    assert not document.loadResource(kind, QUrl("pictures/harbour.png")).isNull()
    # a picture that cannot be shown is its alt text in the export (it was an empty square)
    import io
    import zipfile

    from writer.ui.export import render

    odt = render("Here: ![the lost map](pictures/gone.png) and ![harbour](pictures/harbour.png)",
                 True, window.editor.font(), "odt", folder=tmp_path)  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(odt)) as z:
        content = z.read("content.xml").decode("utf-8")
        # the picture shown is in the file (a chapter's pictures were left out of it)
        assert z.read("Pictures/1.png").startswith(b"\x89PNG")
        assert 'manifest:full-path="Pictures/1.png"' in z.read("META-INF/manifest.xml").decode()
    assert "[the lost map]" in content
    assert "[harbour]" not in content
    assert '<draw:image xlink:href="Pictures/1.png"' in content
    assert 'svg:width="1.587cm" svg:height="0.794cm"' in content  # (60 × 30 at 96 an inch)
    # a picture taller than a page is made small enough for one
    a_picture(tmp_path / "pictures" / "tall.png", 40, 4000)
    odt = render("![tall](pictures/tall.png)", True, window.editor.font(), "odt", folder=tmp_path)
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    height = float(re.search(r'svg:height="([\d.]+)cm"', content)[1])
    assert 20 < height <= 29.7 - 5 + 0.001  # (the text's room on an A4 page, or less on Letter)
    # the web page names both pictures, the lost one by its words (both were left out)
    html = render("Here: ![the lost map](pictures/gone.png) and ![harbour](pictures/harbour.png)",
                  True, window.editor.font(), "html", folder=tmp_path).decode()  # fmt: skip
    assert (
        '<p>Here: <img src="pictures/gone.png" alt="the lost map"> and '
        '<img src="pictures/harbour.png" alt="harbour"></p>'
    ) in html
    assert "img { max-width: 100%; height: auto; }" in html  # (a wide one kept to the column)
    # a Chinese paragraph broken over two lines: no space where the line broke
    odt = render("他们去灯塔。\n未保存的一句话", True, window.editor.font(), "odt")
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    assert "他们去灯塔。未保存的一句话" in content


def test_chinese_is_exported_in_the_face_the_editor_shows_it_in(qapp) -> None:
    """The editor shows Chinese beside a serif in a Song face (its font's fallback); the
    OpenDocument text named the Latin font for Chinese too, and LibreOffice put a Hei in, and the
    web page left it to the browser's fallback."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    font = QFont()
    font.setFamilies(["Literata", "Noto Serif CJK SC"])
    odt = render("晓晓笑了。", True, font, "odt")
    styles = zipfile.ZipFile(io.BytesIO(odt)).read("styles.xml").decode("utf-8")
    assert 'style:font-name="Literata"' in styles
    assert 'style:font-name-asian="Noto Serif CJK SC"' in styles
    assert '<style:font-face style:name="Noto Serif CJK SC"' in styles
    html = render("晓晓笑了。", True, font, "html").decode()
    assert 'font-family: "Literata", "Noto Serif CJK SC", serif;' in html


def test_a_picture_without_words_is_in_the_preview_and_every_export(qapp, tmp_path: Path) -> None:
    """`![](pictures/a.png)`: Qt's reader puts a picture in where it reads its words, and one
    without words was in neither the preview nor the PDF, the OpenDocument text or the web
    page; in code it stays text."""
    from PySide6.QtGui import QFont, QTextDocument

    from writer.documents.markdown import for_qt
    from writer.ui.export import render

    (tmp_path / "pictures").mkdir()
    a_picture(tmp_path / "pictures" / "a.png", 60, 30)
    text = "Before ![](pictures/a.png) after.\n\n![](pictures/gone.png)\n\n`![](x.png)`\n"
    shown = QTextDocument()  # (as the preview reads it)
    shown.setMarkdown(for_qt(text), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    assert shown.toPlainText().split("\n") == ["Before \ufffc after.", "\ufffc", "![](x.png)"]
    html = render(text, True, QFont(), "html", folder=tmp_path).decode()
    assert '<p>Before <img src="pictures/a.png" alt=""> after.</p>' in html
    assert '<img src="pictures/gone.png" alt="">' in html
    odt = render(text, True, QFont(), "odt", folder=tmp_path)
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    assert '<draw:image xlink:href="Pictures/1.png"' in content
    assert "svg:title" not in content
    assert "[gone.png]" in content  # (a picture not found: its file's name, as a browser's)
    pdf = render(text, True, QFont(), "pdf", folder=tmp_path)
    assert re.search(rb"/Subtype\s*/Image", pdf)


def test_an_untitled_documents_export_is_offered_the_name_save_as_offers(
    window, monkeypatch
) -> None:
    """It was named from the window's title: "A quick note..pdf", and "Chapter 1" for a first
    line "Chapter 1. The end" (the rest taken for an ending)."""
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _t, start, *_a: (asked.append(start), ("", ""))[1])  # fmt: skip
    for first, name in (("Chapter 1. The end", "Chapter 1. The end.pdf"),
                        ("A quick note.", "A quick note.pdf"),
                        ("# Ruth/Aldric: a night", "Ruth Aldric a night.pdf")):  # fmt: skip
        window.editor.setPlainText(first + "\n\nThe rain.")
        assert not window.exporter.export()
        assert Path(asked[-1]).name == name


def test_a_loose_documents_export_opens_where_the_last_loose_export_went(
    window, tmp_path: Path, monkeypatch
) -> None:
    """Outside a project, Export opened in the document's folder every time: now where the
    last export of a document outside a project went (the settings' `export_folders`, under
    its key for "no project"), the first time in the document's folder."""
    letters, exports = tmp_path / "letters", tmp_path / "sent"
    letters.mkdir()
    exports.mkdir()
    first, second = letters / "to ann.md", letters / "to bob.md"
    for path in (first, second):
        path.write_text("Dear friend,\n", encoding="utf-8")
    seen: list = []
    assert window.open_file(first)
    window.suggestions.set_enabled(False)
    choose(monkeypatch, exports / "to ann.pdf", seen=seen)
    assert window.exporter.export()
    exported(window)
    assert list(window.settings.export_folders.values()) == [str(exports)]  # (one setting)
    assert window.open_file(second)
    choose(monkeypatch, exports / "to bob.pdf", seen=seen)
    assert window.exporter.export()
    exported(window)
    assert [start for start, _f, _s in seen] == [
        str(letters / "to ann.pdf"),
        str(exports / "to bob.pdf"),
    ]


def test_an_export_that_cannot_be_written_says_why_and_leaves_nothing(
    window, chapter: Path, tmp_path: Path, monkeypatch
) -> None:
    taken = tmp_path / "out" / "chapter.pdf"
    taken.mkdir(parents=True)  # a folder where the file would go
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    choose(monkeypatch, taken)
    assert window.exporter.export()  # (under way, on its own thread)
    wait_until(lambda: bool(said), 10000)
    assert list(taken.parent.iterdir()) == [taken]  # (no temporary file left beside it)
    # an export's sentence, not a save's ("kept in its recovery journal; save it elsewhere")
    assert said == [
        "chapter.pdf was not exported: there is a folder with that name in its place. Your "
        "document is as it was."
    ]
    assert window.editor.toPlainText() == CHAPTER


def test_an_export_asked_for_while_one_runs_waits_its_turn(
    window, chapter: Path, tmp_path: Path, monkeypatch
) -> None:
    """A second export was refused with a sentence while the first ran: it waits and starts
    when the first ends, with the text as it was when asked for, the status bar saying so."""
    first, second = tmp_path / "first.pdf", tmp_path / "second.html"
    for target in (first, second):
        choose(monkeypatch, target)
        assert window.exporter.export()
        if target is first:
            window.editor.setPlainText("# Later\n\nWords written after the first export.")
    # (the first's end comes through the event loop: it is still under way here)
    assert "second.html will be exported once first.pdf is done" in (
        window.statusBar().currentMessage()
    )
    window.editor.appendPlainText("Typed while the second export waited.")
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    exported(window)
    assert first.read_bytes().startswith(b"%PDF-")
    written = second.read_text(encoding="utf-8")
    assert "Words written after" in written
    assert "Typed while" not in written  # (its text is the one it was asked for with)
    assert "Exported first.pdf. Exporting second.html…" in said
    assert said[-1] == "Exported second.html."
    window.editor.document().setModified(False)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.booleans(), st.sampled_from(["odt", "docx"]))
def test_any_text_exports_as_well_formed_opendocument_and_word(
    qapp, text: str, markdown: bool, kind: str
) -> None:
    from xml.etree import ElementTree

    from PySide6.QtGui import QFont

    from writer.ui.export import render

    data = render(text, markdown, QFont("Serif", 12), kind, text[:20])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        for name in names:
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(z.read(name))
    parts = {"odt": ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"),
             "docx": ("[Content_Types].xml", "_rels/.rels", "word/document.xml",
                      "word/styles.xml", "word/numbering.xml", "word/_rels/document.xml.rels")}
    assert set(parts[kind]) <= set(names)  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=3), min_size=1, max_size=3))
def test_any_table_exports_as_well_formed_opendocument_and_word(qapp, rows) -> None:
    from xml.etree import ElementTree

    from PySide6.QtGui import QFont

    from writer.ui.export import render

    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(c.replace("\n", " ").replace("|", "\\|") for c in row) + " |"
             for row in rows]  # fmt: skip
    md = "Before.\n\n" + "\n".join([lines[0], "|" + "---|" * width, *lines[1:]]) + "\n\nAfter.\n"
    for kind, part in (("odt", "content.xml"), ("docx", "word/document.xml")):
        data = render(md, True, QFont("Serif", 12), kind)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            text = "".join(ElementTree.fromstring(z.read(part)).itertext())
        assert text.startswith("Before.")  # (nothing lost around it)
        assert text.endswith("After.")


def test_a_nested_list_keeps_the_numbering_of_the_list_around_it(qapp) -> None:
    """"1. One / - sub / 2. Two" came out 1, •, 1 (the outer list was closed for the inner one
    and begun again), and "5. Five" lost its start (a reviewer's find; LibreOffice reads the
    result as 1, ◦, 2, 3 and 5, 6)."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    md = "1. One\n   - sub a\n   - sub b\n2. Two\n\nA paragraph.\n\n5. Five\n6. Six\n"
    with zipfile.ZipFile(io.BytesIO(render(md, True, QFont("Serif", 12), "odt"))) as z:
        content = z.read("content.xml").decode("utf-8")
    one = content.index(">One<")
    sub = content.index(">sub a<")
    two = content.index(">Two<")
    # the inner list inside One's item, and Two an item of the same list as One
    assert content.count('text:style-name="LN"') == 2  # (1-2 and 5-6)
    assert "</text:list></text:list-item><text:list-item>" in content[sub:two]
    assert "</text:list>" not in content[one:sub]
    assert '<text:list-item text:start-value="5">' in content


def test_a_name_without_its_ending_asks_before_replacing_the_file_of_that_name(
    window, chapter: Path, monkeypatch
) -> None:
    """The dialog asked about "chapter", Writer wrote "chapter.html": an earlier export of that
    name was replaced without a word (a tester's find)."""
    old = chapter.with_suffix(".html")
    old.write_text("an earlier export", encoding="utf-8")
    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    choose(monkeypatch, chapter.with_suffix(""), "Web Page (*.html)")
    assert not window.exporter.export()
    assert asked == ["chapter-01.html already exists. Replace it?"]
    assert old.read_text(encoding="utf-8") == "an earlier export"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.exporter.export()
    exported(window)
    assert "Chapter One" in old.read_text(encoding="utf-8")


def test_every_common_ending_of_another_kind_of_file_is_known_and_never_doubled() -> None:
    """Writer's table of other files' endings knew fewer than the system's types had (an
    export to "x.docm" became "x.docm.html" unasked): it holds every ending of Python's own
    table (the same on every computer) but a format's own, and the office, document,
    picture and archive endings the systems' tables add."""
    import mimetypes

    from writer.ui.export import FORMATS, OTHER_ENDINGS, other_kind

    builtin = mimetypes.MimeTypes(filenames=())  # (Python's table alone, not this system's)
    endings = set(builtin.types_map[True]) | set(builtin.types_map[False])
    formats = {f".{kind}" for kind in (*FORMATS, *OTHER_ENDINGS)}
    common = (
        ".docm .dotx .dotm .xlsm .xltx .xlsb .pptm .potx .ppsx .odg .ott .ots .otp .wps .pub "
        ".vsdx .one .djvu .cbz .mobi .azw .avif .jxl .heic .dng .cr2 .nef .xcf .eps .ai .indd "
        ".7z .rar .tbz2 .txz .zipx .lz4 .cab .deb .rpm .jar .msi .dmg .iso .img .woff2 .ttf"
    ).split()
    for ending in sorted(endings - formats) + common:
        name = f"x{ending.upper() if len(ending) % 2 else ending}"  # (in either case)
        assert other_kind(name) == name[1:], name
    assert other_kind("boats.tar.bz2") == ".tar.bz2"
    for name in ("Chapter 1. The harbour", "v1.2", "Dr. Ward", "x.docx", "x.odt", "x.htm"):
        assert other_kind(name) == "", name


def test_a_titles_last_word_after_a_dot_is_not_taken_for_an_ending() -> None:
    """The table of endings holds words ("one", OneNote's; "me", troff's; "war", Java's):
    "Book.One" typed in the dialog was asked about, "Use Book.pdf" first, the title's last
    word lost by default. A word written as a title's words are is a part of the name; the
    same ending in small letters or all capitals is still another file's."""
    from writer.ui.export import other_kind

    for name in ("Book.One", "The Farm.War", "Call.Me", "Iron.Man", "Story.Ms", "Scene.Old"):
        assert other_kind(name) == "", name
    for name in ("x.one", "X.ONE", "harbour.txt", "PHOTO.JPG", "notes.Md.bak", "a.tar.gz"):
        assert other_kind(name), name


def test_a_titles_last_part_of_one_capital_is_the_titles() -> None:
    """"Plan.A" and "Draft.B" were asked about as files ending in ".a" (a library's) and
    ".b": a last part of one capital letter is the title's; in a small letter it is still
    another file's ending."""
    from writer.ui.export import other_kind

    for name in ("Plan.A", "Draft.B", "Part.C", "Take.T", "Exhibit.Z", "Plan B.H"):
        assert other_kind(name) == "", name
    for name in ("libwriter.a", "main.c", "module.h", "x.o"):
        assert other_kind(name) == name[name.rindex("."):], name


@settings(max_examples=fuzz_examples(200))
@given(
    st.text(st.characters(categories=("L", "N", "Zs"), exclude_characters="."), min_size=1),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
)
def test_any_title_ending_in_a_dot_and_a_capital_keeps_it(stem: str, letter: str) -> None:
    from writer.ui.export import other_kind

    assert other_kind(f"{stem}.{letter}") == ""


def test_a_name_typed_with_another_files_ending_is_asked_about(
    window, chapter: Path, monkeypatch
) -> None:
    """Export as a web page to "harbour.txt" wrote "harbour.txt.html" without a word. Writer
    asks: the format's ending in its place (offered first) or the name as typed, never the
    document's own file; a dot inside a name is no ending, and ".htm" is a web page's. The
    kinds are Writer's own table, the same on every computer (the system's types had no type
    for ".gz": "harbour.tar.gz" became "harbour.tar.gz.html" unasked)."""
    import mimetypes

    from writer.ui.actions import plain_label

    # (a computer whose system knows no types at all)
    monkeypatch.setattr(mimetypes, "guess_type", lambda *_a, **_k: (None, None))
    page = "Web Page (*.html)"
    asked: list[tuple[str, list[str]]] = []
    answer = {"button": ""}

    def exec_(box) -> int:
        names = [plain_label(b.text()) for b in box.buttons()]
        asked.append((box.text(), names))
        assert plain_label(box.defaultButton().text()) == names[0]  # (the format's ending first)
        button = next(b for b in box.buttons() if plain_label(b.text()) == answer["button"])
        button.click()
        return 0

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    folder = chapter.parent
    # the format's ending in the typed one's place
    answer["button"] = "Use harbour.html"
    choose(monkeypatch, folder / "harbour.txt", page)
    assert window.exporter.export()
    exported(window)
    assert asked[-1] == (
        "“harbour.txt” ends in .txt, but the name of a web page ends in .html.",
        ["Use harbour.html", "Keep harbour.txt", "Cancel"],
    )
    assert "Chapter One" in (folder / "harbour.html").read_text(encoding="utf-8")
    assert not (folder / "harbour.txt.html").exists()
    assert not (folder / "harbour.txt").exists()
    # the name as typed
    answer["button"] = "Keep harbour.txt"
    choose(monkeypatch, folder / "harbour.txt", page)
    assert window.exporter.export()
    exported(window)
    assert (folder / "harbour.txt").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # a picture's ending, and an archive's of two parts, put back whole
    answer["button"] = "Use bay.html"
    choose(monkeypatch, folder / "bay.png", page)
    assert window.exporter.export()
    exported(window)
    assert asked[-1][1][:2] == ["Use bay.html", "Keep bay.png"]
    assert (folder / "bay.html").exists()
    assert not (folder / "bay.png.html").exists()
    answer["button"] = "Use boats.html"
    choose(monkeypatch, folder / "boats.tar.gz", page)
    assert window.exporter.export()
    exported(window)
    assert asked[-1] == (
        "“boats.tar.gz” ends in .tar.gz, but the name of a web page ends in .html.",
        ["Use boats.html", "Keep boats.tar.gz", "Cancel"],
    )
    assert (folder / "boats.html").exists()
    assert not (folder / "boats.tar.gz.html").exists()
    # cancelled: nothing written
    answer["button"] = "Cancel"
    choose(monkeypatch, folder / "notes.md", page)
    assert not window.exporter.export()
    assert not (folder / "notes.md").exists()
    assert not (folder / "notes.html").exists()
    # never over the document itself
    answer["button"] = f"Keep {chapter.name}"
    choose(monkeypatch, chapter, page)
    assert not window.exporter.export()
    assert warned == [f"{chapter.name} is this document's file: an export written there would "
                      "replace its text. Nothing was exported."]  # fmt: skip
    assert chapter.read_text(encoding="utf-8") == CHAPTER
    # no question where the dot is part of the name, or the ending a web page's
    count = len(asked)
    choose(monkeypatch, folder / "Chapter 1. The harbour", page)
    assert window.exporter.export()
    choose(monkeypatch, folder / "v1.2", page)
    assert window.exporter.export()
    choose(monkeypatch, folder / "page.htm", page)
    assert window.exporter.export()
    exported(window)
    assert len(asked) == count
    for name in ("Chapter 1. The harbour.html", "v1.2.html", "page.htm"):
        assert (folder / name).read_text(encoding="utf-8").startswith("<!DOCTYPE html>"), name


def test_the_export_question_shows_a_name_with_an_ampersand_whole(
    window, chapter: Path, monkeypatch
) -> None:
    """"Tom & Jerry.txt": the question's buttons said "Use Tom _Jerry.html" (the "&" taken for
    a mnemonic, Alt+J pressing it); each name shows whole, its button's Alt letter Use's U and
    Keep's K (they had none), none of Cancel's."""
    from tests.test_mnemonics import clashes
    from writer.ui.actions import plain_label

    seen: list[tuple[str, str]] = []
    clashing: list[list[list[str]]] = []

    def exec_(box) -> int:
        for button in box.buttons()[:2]:
            seen.append((plain_label(button.text()), button.shortcut().toString()))
        clashing.append(clashes(box))
        box.buttons()[1].click()  # (Keep)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    choose(monkeypatch, chapter.parent / "Tom & Jerry.txt", "Web Page (*.html)")
    assert window.exporter.export()
    exported(window)
    assert seen == [("Use Tom & Jerry.html", "Alt+U"), ("Keep Tom & Jerry.txt", "Alt+K")]
    assert clashing == [[]]
    assert (chapter.parent / "Tom & Jerry.txt").read_text(encoding="utf-8").startswith("<!DOC")


def test_opendocument_keeps_leading_spaces_code_fonts_and_the_page(qapp, monkeypatch) -> None:
    """Found by a tester in LibreOffice: an indented line of a .txt lost its spaces, inline
    code was in the body's font (its font declared in styles.xml only), and the page was
    LibreOffice's default whatever the PDF's."""
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    system = QLocale.MeasurementSystem
    monkeypatch.setattr(QLocale, "measurementSystem", lambda _self: system.MetricSystem)
    data = render("  Indented line\n`code` and  two\n", False, QFont("Serif", 12), "odt")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content = z.read("content.xml").decode("utf-8")
        styles = z.read("styles.xml").decode("utf-8")
    assert '<text:p text:style-name="Text_20_body"><text:s text:c="2"/>Indented line' in content
    assert 'and <text:s text:c="1"/>two' in content
    code = render("Some `code`.\n", True, QFont("Serif", 12), "odt")
    with zipfile.ZipFile(io.BytesIO(code)) as z:
        content = z.read("content.xml").decode("utf-8")
    assert '<style:font-face style:name="Mono"' in content
    assert 'fo:page-width="21.0cm" fo:page-height="29.7cm"' in styles  # (A4 where metric)
    monkeypatch.setattr(QLocale, "measurementSystem", lambda _self: system.ImperialUSSystem)
    letter = render("x\n", False, QFont("Serif", 12), "odt")
    with zipfile.ZipFile(io.BytesIO(letter)) as z:
        assert 'fo:page-width="21.59cm"' in z.read("styles.xml").decode("utf-8")


def test_a_web_page_says_what_the_markdown_said(qapp) -> None:
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    md = (
        "Text with **strong**, `code`, ~~gone~~ and [a link](http://x.org?a=1&b=2).\n\n"
        "> quoted\n\n```\ncode <b>\n  block\n```\n\n1. One\n   - sub\n2. Two\n\n---\n"
    )
    html = render(md, True, QFont("Serif", 12), "html", "T").decode("utf-8")
    body = html.split("<body>\n")[1]
    assert body == (
        "<p>Text with <strong>strong</strong>, <code>code</code>, <del>gone</del> and "
        '<a href="http://x.org?a=1&amp;b=2">a link</a>.</p>\n'
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n"
        "<pre><code>code &lt;b&gt;\n  block</code></pre>\n"
        "<ol>\n<li>One<ul>\n<li>sub</li></ul>\n</li>\n<li>Two</li></ol>\n<hr>\n"
        "</body>\n</html>\n"
    )
    assert '<html lang="en">' in html
    # a poem's hard breaks (two spaces, a backslash) stay in its paragraph: each line was a
    # paragraph of its own
    poem = render("Roses are red,  \nviolets are blue,\\\nso.\n\n> one  \n> two\n", True,
                  QFont("Serif", 12), "html", "T").decode("utf-8")  # fmt: skip
    assert "<p>Roses are red,<br>violets are blue,<br>so.</p>" in poem
    assert "<p>one<br>two</p>" in poem
    # a French chapter is "fr" (it was "en"), a Japanese one "ja" (it was "zh")
    for text, language in (
        ("Il pleuvait depuis trois jours. Elle est descendue du train et a regardé la gare.", "fr"),
        ("雨が降っていた。彼女は駅に着いた。", "ja"),
        ("雨还在下。她到了村子。", "zh"),
    ):
        page = render(text, True, QFont("Serif", 12), "html", "T").decode("utf-8")
        assert f'<html lang="{language}">' in page


def _pdf_map_codes(written: str) -> set[int]:
    """The codes in the ToUnicode maps of `written` exported as a PDF: its glyphs' and what
    they read back as."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    pdf = render(written, True, QFont("Serif", 12), "pdf", "T")
    maps = b"".join(re.findall(rb"begincmap.*?endcmap", pdf, re.DOTALL))
    return {int(code, 16) for code in re.findall(rb"<([0-9A-F]{4})>", maps)}


def test_a_pdfs_chinese_text_reads_back_as_written(qapp) -> None:
    """雨, 人, 大, 一 were copied and searched in the PDF as the Kangxi radicals ⾬, ⼈, ⼤, ⼀: a
    CJK font draws both with one glyph, and Qt's map from glyphs to text took the lower code."""
    codes = _pdf_map_codes("雨下得很大，一个人。")
    assert {ord(c) for c in "雨大一人"} <= codes
    assert not [c for c in codes if 0x2E80 <= c <= 0x2FDF]


def test_a_pdfs_simplified_chinese_reads_back_as_written(qapp) -> None:
    """门, 马, 长, 风, 见, 车 were copied and searched in the PDF as the radicals ⻔, ⻢, ⻓, ⻛,
    ⻅, ⻋ (U+2E80 to U+2EF3, which NFKC leaves as they are): the simplified forms of the CJK
    Radicals Supplement share their glyphs with the ideographs too (look34's)."""
    written = "她在灯塔的门下发现了马、长风、车、鱼、页、飞龙、麦、黄、齐、韦、见、贝、鸟、龟。"
    codes = _pdf_map_codes(written)
    assert not [hex(c) for c in codes if 0x2E80 <= c <= 0x2FDF]
    assert {ord(c) for c in "门马长风车鱼页飞龙麦黄齐韦见贝鸟龟"} <= codes


@pytest.mark.parametrize("written", ["The harbour was calm.", "她说 你好，我们走吧。 Then calm."])
def test_a_pdfs_spaces_read_back_as_spaces(qapp, written: str) -> None:
    """Every space of an exported PDF was copied as a tab: Qt's ToUnicode map gives each glyph
    the lowest code point that draws it, and fonts draw the tab with the space's glyph (seen
    in a Chinese PDF by look34; English the same)."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    pdf = render(written, True, QFont("Serif", 12), "pdf", "T")
    maps = b"".join(re.findall(rb"begincmap.*?endcmap", pdf, re.DOTALL))
    # what the codes stand for: a range's list, or the last code of a line (one code's)
    ranges = re.findall(rb"\[([^\]]*)\]", maps)
    ranges += re.findall(rb"<[0-9A-F]{4}> (<[0-9A-F]{4}>)\n", maps)
    meant = [int(code, 16) for group in ranges for code in re.findall(rb"<([0-9A-F]{4})>", group)]
    assert 0x20 in meant
    assert 0x09 not in meant


def test_a_table_exports_as_a_table_and_a_quotation_in_one_keeps_its_level(qapp) -> None:
    """A GFM table came out of the .odt and the web page as a paragraph a cell, and "> > inner"
    at the level of its outer quotation."""
    from xml.etree import ElementTree

    from PySide6.QtGui import QFont

    from writer.ui.export import render

    md = (
        "| Name | Age | Note |\n|---|---:|:-:|\n| **Ann** | 3 | x |\n| Bo | 40 | |\n\n"
        "After.\n\n> outer\n>\n> > inner\n>\n> back\n"
    )
    html = render(md, True, QFont("Serif", 12), "html", "T").decode("utf-8")
    assert html.split("<body>\n")[1].split("</body>")[0] == (
        "<table>\n<thead>\n<tr><th>Name</th><th style=\"text-align: right\">Age</th>"
        "<th style=\"text-align: center\">Note</th></tr>\n</thead>\n<tbody>\n"
        "<tr><td><strong>Ann</strong></td><td style=\"text-align: right\">3</td>"
        "<td style=\"text-align: center\">x</td></tr>\n"
        "<tr><td>Bo</td><td style=\"text-align: right\">40</td>"
        "<td style=\"text-align: center\"></td></tr>\n</tbody>\n</table>\n"
        "<p>After.</p>\n<blockquote>\n<p>outer</p>\n<blockquote>\n<p>inner</p>\n"
        "</blockquote>\n<p>back</p>\n</blockquote>\n"
    )
    with zipfile.ZipFile(io.BytesIO(render(md, True, QFont("Serif", 12), "odt"))) as z:
        content = ElementTree.fromstring(z.read("content.xml"))
        styles = z.read("styles.xml").decode("utf-8")
    ns = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    }
    style = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}style-name"
    (table,) = content.iterfind(".//table:table", ns)

    def styled(paragraphs) -> list[tuple[str, str]]:  # (each one's text and style)
        return [("".join(p.itertext()), p.get(style)) for p in paragraphs]

    header = styled(table.iterfind("table:table-header-rows/table:table-row/*/text:p", ns))
    assert header == [
        ("Name", "Table_20_Heading"),
        ("Age", "Table_20_Heading_R"),
        ("Note", "Table_20_Heading_C"),
    ]
    rows = [
        ["".join(cell.itertext()) for cell in row]
        for row in table.iterfind("table:table-row", ns)
    ]
    assert rows == [["Ann", "3", "x"], ["Bo", "40", ""]]
    body = styled(content.iterfind(".//office:text/text:p", ns))
    assert body == [
        ("After.", "Text_20_body"),
        ("outer", "Quotations"),
        ("inner", "Quotations_2"),
        ("back", "Quotations"),
    ]
    assert 'style:name="Table_20_Heading"' in styles


def test_footnotes_are_numbers_and_notes_at_the_end_of_a_web_page(qapp) -> None:
    """GitHub's and Pandoc's footnotes ("[^1]" and "[^1]: …"): Qt's reader showed both as
    written, the note where it was defined; now a raised number, and the notes listed after a
    rule at the end, as GitHub shows them; the note's words show over its number (a title)."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    md = 'The lighthouse[^fire] burned.\n\n[^fire]: In *1874*, "they" say.\n\nThe end.\n'
    html = render(md, True, QFont("Serif", 12), "html", "T").decode("utf-8")
    assert html.split("<body>\n")[1].split("</body>")[0] == (
        '<p>The lighthouse<sup title="In 1874, &quot;they&quot; say.">1</sup> burned.</p>\n'
        "<p>The end.</p>\n<hr>\n<ol>\n<li>In <em>1874</em>, &quot;they&quot; say.</li></ol>\n"
    )


_NOTES_MD = (
    "A claim[^a] and another[^B], and the first again[^a].\n\n"
    "[^a]: The first note, with *emphasis* and a [link](https://example.org/n).\n"
    "[^b]: The second note.\n\n    Its second paragraph calls [^c].\n\n"
    "[^c]: Called from a note only.\n[^d]: Called by nobody.\n"
)


def test_footnotes_are_the_word_processors_own_in_an_opendocument(qapp) -> None:
    """A .odt's footnotes are LibreOffice's (`text:note`, at the foot of the page of their
    mark, renumbered as the text changes): they were a list at the end, the marks numbers in
    superscript. A note called again is a reference to it (`text:note-ref`, which LibreOffice
    renumbers with the note: its number as text kept the old one); a note no mark of the text
    calls (from
    a note only, or none) stays in the list, so that nothing written goes missing."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    odt = render(_NOTES_MD, True, QFont("Serif", 12), "odt", "T")
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    styles = zipfile.ZipFile(io.BytesIO(odt)).read("styles.xml").decode("utf-8")
    notes = re.findall(
        r'<text:note text:id="ftn(\d)" text:note-class="footnote"><text:note-citation>(\d)'
        r"</text:note-citation><text:note-body>(.*?)</text:note-body></text:note>",
        content,
    )
    assert [(a, b) for a, b, _ in notes] == [("1", "1"), ("2", "2")]
    assert notes[0][2] == (
        '<text:p text:style-name="Footnote">The first note, with <text:span '
        'text:style-name="T_i">emphasis</text:span> and a <text:a xlink:type="simple" '
        'xlink:href="https://example.org/n">link</text:a>.</text:p>'
    )
    assert notes[1][2] == (
        '<text:p text:style-name="Footnote">The second note.</text:p><text:p text:style-name='
        '"Footnote">Its second paragraph calls <text:span text:style-name="T_sup">3</text:span>'
        ".</text:p>"
    )
    # (called again: LibreOffice's reference to the note, which it renumbers with it)
    assert ('first again<text:span text:style-name="T_sup"><text:note-ref text:note-class='
            '"footnote" text:reference-format="text" text:ref-name="ftn1">1</text:note-ref>'
            "</text:span>.") in content  # fmt: skip
    listed = re.findall(r'<text:p text:style-name="List_20_Contents">([^<]*)<', content)
    assert listed == ["Called from a note only.", "Called by nobody."]
    assert 'text:start-value="3"' in content
    assert 'style:name="Footnote"' in styles
    assert 'style:text-position="super 58%"' in content
    # (the review's) LibreOffice shows no table in a note: its rows are lines, cells by tabs
    table = "T[^t].\n\n[^t]: A table:\n\n    | q | r |\n    |---|---|\n    | 1 | 2 |\n"
    odt = render(table, True, QFont("Serif", 12), "odt", "T")
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    assert "<table:table " not in content
    assert '<text:p text:style-name="Footnote">1<text:tab/>2</text:p>' in content


def test_footnotes_are_words_own_in_a_word_document(qapp, tmp_path: Path) -> None:
    """A .docx's footnotes are Word's (`w:footnoteReference`, the notes in the footnotes part
    with its own relationships, Word's separators and styles): they were a list at the end.
    A note called again is Word's cross-reference to it (a NOTEREF field to a bookmark
    around its first mark, its number the field's result: written as plain text, it kept its
    number when Word renumbered the notes); a note no mark of the text calls stays listed."""
    from xml.etree import ElementTree

    from PySide6.QtGui import QFont

    from writer.ui.export import render

    data = render(_NOTES_MD, True, QFont("Serif", 12), "docx", "T", tmp_path)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = ElementTree.fromstring(z.read("word/document.xml")).find(f"{w}body")
        footnotes = ElementTree.fromstring(z.read("word/footnotes.xml"))
        notes_rels = z.read("word/_rels/footnotes.xml.rels").decode("utf-8")
        relations = z.read("word/_rels/document.xml.rels").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")

    def text(p) -> str:
        return "".join(t.text or "" for t in p.iter(f"{w}t"))

    references = [r.get(f"{w}id") for r in body.iter(f"{w}footnoteReference")]
    assert references == ["1", "2"]
    first = next(body.iter(f"{w}p"))
    assert text(first) == "A claim and another, and the first again1."
    # the first mark of a note in a bookmark (hidden, "_Ref"); the second a field to it
    marks = [(e.tag.removeprefix(w), e.get(f"{w}name") or e.get(f"{w}fldCharType")
              or e.get(f"{w}id") or (e.text or "").strip())
             for e in first.iter() if e.tag.removeprefix(w) in (
                 "bookmarkStart", "bookmarkEnd", "footnoteReference", "fldChar", "instrText")]
    bookmark = marks[0][1]
    assert bookmark.startswith("_Ref")
    assert marks == [
        ("bookmarkStart", bookmark), ("footnoteReference", "1"), ("bookmarkEnd", marks[2][1]),
        ("bookmarkStart", marks[3][1]), ("footnoteReference", "2"), ("bookmarkEnd", marks[5][1]),
        ("fldChar", "begin"), ("instrText", f"NOTEREF {bookmark} \\f \\h"),
        ("fldChar", "separate"), ("fldChar", "end"),
    ]  # fmt: skip
    starts = [e for e in first.iter(f"{w}bookmarkStart")]
    assert marks[2][1] == starts[0].get(f"{w}id")
    runs = list(first.iter(f"{w}r"))
    cached = next(r for r in runs if r.find(f"{w}t") is not None and text(r) == "1")
    assert runs.index(cached) == len(runs) - 3  # (between "separate" and "end"; then ".")
    assert all(r.find(f"{w}rPr/{w}rStyle").get(f"{w}val") == "FootnoteReference"
               for r in runs[-6:-1])  # fmt: skip
    # (a heading's bookmark may have the name, which Word reads whatever its case)
    data = render("# RefNote1\n\nA[^a], b[^a].\n\n[^a]: N.\n", True, QFont(), "docx", "T")
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    names = re.findall(r'w:bookmarkStart w:id="\d+" w:name="(\w+)"', document)
    assert len({n.casefold() for n in names}) == len(names) == 2
    assert f"NOTEREF {names[1]} " in document
    notes = {n.get(f"{w}id"): n for n in footnotes.iter(f"{w}footnote")}
    assert notes["-1"].get(f"{w}type") == "separator"
    assert notes["0"].get(f"{w}type") == "continuationSeparator"
    assert [text(p) for p in notes["1"].iter(f"{w}p")] == [
        " The first note, with emphasis and a link."
    ]
    assert [text(p) for p in notes["2"].iter(f"{w}p")] == [
        " The second note.", "Its second paragraph calls 3."
    ]
    assert all(
        p.find(f"{w}pPr/{w}pStyle").get(f"{w}val") == "FootnoteText"
        for n in ("1", "2") for p in notes[n].iter(f"{w}p")
    )  # fmt: skip
    assert notes["1"].find(f".//{w}footnoteRef") is not None
    link = notes["1"].find(f".//{w}hyperlink").get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    )
    assert f'Id="{link}"' in notes_rels
    assert 'Target="https://example.org/n" TargetMode="External"' in notes_rels
    assert "example.org" not in relations  # (the link is the footnotes part's)
    assert 'Target="footnotes.xml"' in relations
    assert 'PartName="/word/footnotes.xml"' in types
    assert '<w:footnote w:id="-1"/><w:footnote w:id="0"/>' in settings
    assert 'w:styleId="FootnoteText"' in styles
    assert 'w:styleId="FootnoteReference"' in styles
    listed = [text(p) for p in body.iter(f"{w}p") if p.find(f"{w}pPr/{w}numPr") is not None]
    assert listed == ["Called from a note only.", "Called by nobody."]


def test_a_project_exports_its_chapters_footnotes_each_at_its_own_mark(qapp, tmp_path) -> None:
    """Each chapter numbers its notes from 1 in its Markdown; in one manuscript the word
    processor numbers them on (a mark called again, in the text or in a note, refers to its
    note, showing the number it got there)."""
    from PySide6.QtGui import QFont

    from writer.ui.export import Part, render_parts

    one = tmp_path / "1.md"
    one.write_text("One[^x] and one[^y].\n\n[^x]: First.\n[^y]: Second.\n", encoding="utf-8")
    two = tmp_path / "2.md"
    two.write_text("Two[^x], again[^x] and[^z].\n\n[^x]: Third.\n[^z]: Fourth, citing[^x].\n",
                   encoding="utf-8")  # fmt: skip
    parts = [Part(one, None, True), Part(two, None, True)]
    odt = render_parts(parts, QFont("Serif", 12), "odt", "T")
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    bodies = re.findall(r"<text:note-citation>(\d)</text:note-citation><text:note-body>"
                        r'<text:p text:style-name="Footnote">([^<]*)<', content)  # fmt: skip
    assert bodies == [("1", "First."), ("2", "Second."), ("3", "Third."), ("4", "Fourth, citing")]
    assert re.search(r'again<text:span text:style-name="T_sup"><text:note-ref [^>]*'
                     r'text:ref-name="ftn3">3</text:note-ref>', content)  # fmt: skip
    # (the review's) a mark in a note says the number the whole gives its note (it said 1),
    # as a reference to the note, which LibreOffice renumbers with it
    assert re.search(r'citing<text:span text:style-name="T_sup"><text:note-ref [^>]*'
                     r'text:ref-name="ftn3">3</text:note-ref>', content)  # fmt: skip
    docx = render_parts(parts, QFont("Serif", 12), "docx", "T")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        document = z.read("word/document.xml").decode("utf-8")
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
    assert re.findall(r'<w:footnoteReference w:id="(\d)"/>', document) == ["1", "2", "3", "4"]
    written = r'<w:footnote w:id="(\d)">.*?xml:space="preserve">([A-Z][^<]*)<'
    assert re.findall(written, footnotes) == [
        ("1", "First."), ("2", "Second."), ("3", "Third."), ("4", "Fourth, citing")
    ]
    # (the second mark: a cross-reference to the third note's mark, 3 until Word updates it)
    assert re.search(r'<w:bookmarkStart w:id="\d+" w:name="(_RefNote3)"/><w:r><w:rPr><w:rStyle '
                     r'w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="3"/>',
                     document)  # fmt: skip
    assert re.search(r"again</w:t></w:r>.*?NOTEREF _RefNote3 .*?separate.*?"
                     r'<w:t xml:space="preserve">3</w:t>.*?"end"', document)  # fmt: skip
    # (and a mark in a note: Word's cross-reference in the footnotes part)
    assert re.search(r"citing</w:t></w:r>.*?NOTEREF _RefNote3 .*?separate.*?"
                     r'<w:t xml:space="preserve">3</w:t>.*?"end"', footnotes)  # fmt: skip


def test_a_projects_notes_no_mark_calls_take_numbers_no_footnote_has(qapp, tmp_path) -> None:
    """A note no mark of a chapter's text calls is listed at the chapter's end (nothing lost),
    numbered after all the manuscript's footnotes, on from chapter to chapter: numbered on
    from the chapter's own footnotes, it had the number the next chapter's first footnote
    then took (the word processor numbers the footnotes of the whole on). A mark in a note
    shows the number its note has there."""
    from xml.etree import ElementTree

    from PySide6.QtGui import QFont

    from writer.ui.export import Part, render_parts

    one = tmp_path / "1.md"
    one.write_text("One[^x].\n\n[^x]: First.\n[^u]: Unused one.\n"
                   "[^v]: Also unused, citing[^x] and[^u].\n", encoding="utf-8")  # fmt: skip
    two = tmp_path / "2.md"
    two.write_text("Two[^y] and[^z].\n\n[^y]: Second.\n[^z]: Third.\n[^w]: Unused two.\n",
                   encoding="utf-8")  # fmt: skip
    parts = [Part(one, None, True), Part(two, None, True)]
    odt = render_parts(parts, QFont("Serif", 12), "odt", "T")
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    assert re.findall(r"<text:note-citation>(\d+)<", content) == ["1", "2", "3"]
    assert re.findall(r'text:start-value="(\d+)"', content) == ["4", "6"]
    listed = re.findall(r'<text:p text:style-name="List_20_Contents">(.*?)</text:p>', content)
    assert listed == [
        "Unused one.",
        'Also unused, citing<text:span text:style-name="T_sup"><text:note-ref text:note-class='
        '"footnote" text:reference-format="text" text:ref-name="ftn1">1</text:note-ref>'
        '</text:span> and<text:span text:style-name="T_sup">4</text:span>.',
        "Unused two.",
    ]
    docx = render_parts(parts, QFont("Serif", 12), "docx", "T")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = ElementTree.fromstring(z.read("word/document.xml")).find(f"{w}body")
        numbering = ElementTree.fromstring(z.read("word/numbering.xml"))
    starts = {n.get(f"{w}numId"): n.find(f".//{w}startOverride").get(f"{w}val")
              for n in numbering.iter(f"{w}num")
              if n.find(f".//{w}startOverride") is not None}  # fmt: skip
    items = [("".join(t.text or "" for t in p.iter(f"{w}t")),
              p.find(f"{w}pPr/{w}numPr/{w}numId").get(f"{w}val"))
             for p in body.iter(f"{w}p") if p.find(f"{w}pPr/{w}numPr") is not None]  # fmt: skip
    assert [(text, starts.get(number)) for text, number in items] == [
        ("Unused one.", "4"), ("Also unused, citing1 and4.", "4"), ("Unused two.", "6")
    ]
    assert "NOTEREF _RefNote1 " in "".join(t.text or "" for t in body.iter(f"{w}instrText"))
    assert [r.get(f"{w}id") for r in body.iter(f"{w}footnoteReference")] == ["1", "2", "3"]


def test_a_markdown_chapter_exports_as_a_word_document(qapp, tmp_path: Path) -> None:
    """What agents and publishers ask a manuscript in: Word's own heading styles (its
    navigation pane sees the chapters), lists numbered as written, a table whose header row
    repeats, links, pictures, footnotes' numbers raised, the page's size and margins."""
    from xml.etree import ElementTree

    from PySide6.QtGui import QFont

    from writer.ui.export import render

    a_picture(tmp_path / "box.png", 96, 48)
    md = (
        "# The Fire\n\nIt burned[^1] **all** *night*; see [the map](https://x.org/?a=1&b=2).\n\n"
        "## Part two\n\n> quoted\n>\n> > deeper\n\n1. One\n   - sub\n2. Two\n\n"
        "| Name | Age |\n|---|---:|\n| Ann | 3 |\n\n![a box](box.png)\n\n"
        "```\ncode\tline\n```\n\n[^1]: In 1874.\n"
    )
    data = render(md, True, QFont("Serif", 12), "docx", "The Fire", tmp_path)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = ElementTree.fromstring(z.read("word/document.xml")).find(f"{w}body")
        relations = z.read("word/_rels/document.xml.rels").decode("utf-8")
        assert z.read("word/media/image1.png").startswith(b"\x89PNG")
        assert "<dc:title>The Fire</dc:title>" in z.read("docProps/core.xml").decode("utf-8")

    def style(p) -> str:
        found = p.find(f"{w}pPr/{w}pStyle")
        return "" if found is None else found.get(f"{w}val")

    def text(p) -> str:
        return "".join(t.text or "" for t in p.iter(f"{w}t"))

    paragraphs = [(style(p), text(p)) for p in body.iter(f"{w}p") if text(p)]
    assert paragraphs[:3] == [
        ("Heading1", "The Fire"),
        ("", "It burned all night; see the map."),
        ("Heading2", "Part two"),
    ]
    assert ("Quote", "quoted") in paragraphs
    assert ("SourceCode", "codeline") in paragraphs  # (its tab a tab element)
    numbered = [
        (text(p), p.find(f"{w}pPr/{w}numPr/{w}ilvl").get(f"{w}val"),
         p.find(f"{w}pPr/{w}numPr/{w}numId").get(f"{w}val"))
        for p in body.iter(f"{w}p") if p.find(f"{w}pPr/{w}numPr") is not None
    ]  # fmt: skip
    assert [(t, level) for t, level, _ in numbered] == [("One", "0"), ("sub", "1"), ("Two", "0")]
    assert numbered[0][2] == numbered[2][2] != numbered[1][2]  # (Two goes on after One)
    assert [r.get(f"{w}id") for r in body.iter(f"{w}footnoteReference")] == ["1"]
    table = body.find(f"{w}tbl")
    rows = table.findall(f"{w}tr")
    assert rows[0].find(f"{w}trPr/{w}tblHeader") is not None
    assert [[text(c) for c in row.findall(f"{w}tc")] for row in rows] == [
        ["Name", "Age"], ["Ann", "3"]
    ]
    link = body.find(f".//{w}hyperlink")
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert f'Id="{rid}"' in relations
    assert 'Target="https://x.org/?a=1&amp;b=2" TargetMode="External"' in relations
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    assert body.find(f".//{drawing}blip") is not None
    margins = body.find(f"{w}sectPr/{w}pgMar")
    assert margins.get(f"{w}left") == "1417"  # (2.5 cm, as the other exports)


def test_a_table_after_code_has_its_header_on_one_line(qapp) -> None:
    """After a code block Qt's reader begins a table's first cell with an empty paragraph:
    the header's first name stood a line below the others, in every export."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    md = "```\ncode\n```\n\n| Name | Age |\n|---|---|\n| Ann | 3 |\n"
    html = render(md, True, QFont("Serif", 12), "html", "T").decode("utf-8")
    assert "<tr><th>Name</th><th>Age</th></tr>" in html
    # the document the PDF is printed from and the preview shows: one line, in bold
    from writer.ui.export import _filled
    from writer.ui.odt import Table, runs, walk

    table = next(s for s in walk(_filled(md, True, QFont("Serif", 12), None))
                 if isinstance(s, Table))  # fmt: skip
    assert [[(r.text, r.bold) for b in cell for r in runs(b)] for cell in table.rows[0]] == [
        [("Name", True)], [("Age", True)]
    ]


def test_a_word_document_holds_what_word_checks(qapp, tmp_path: Path) -> None:
    """The review's: each drawing its own id, Word's current settings (it opened the file
    in Compatibility Mode), addresses written as URIs, a link to a place in the document an
    anchor, a quoted item and the items after it keep their numbers, an item's second
    paragraph set in, subscripts."""
    import re

    from PySide6.QtGui import QFont

    from writer.ui.export import render

    a_picture(tmp_path / "x.png", 8, 8)
    md = (
        "![a](x.png)![a](x.png)\n\n[sp](<http://x.org/a b>) [jp](https://例え.jp/パス) "
        "[in](#part-two) H<sub>2</sub>O\n\n1. First\n2. > quoted\n3. Third\n\n"
        "- Item\n\n  Its second paragraph.\n"
    )
    with zipfile.ZipFile(io.BytesIO(render(md, True, QFont("Serif", 12), "docx", "T",
                                           tmp_path))) as z:  # fmt: skip
        doc = z.read("word/document.xml").decode("utf-8")
        relations = z.read("word/_rels/document.xml.rels").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
    ids = re.findall(r'<wp:docPr id="(\d+)"', doc)
    assert len(ids) == len(set(ids)) == 2
    assert 'w:name="compatibilityMode"' in settings
    assert 'w:val="15"' in settings
    assert 'PartName="/word/settings.xml"' in types
    assert 'Target="settings.xml"' in relations
    assert 'Target="http://x.org/a%20b"' in relations
    assert 'Target="https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"' in relations
    assert '<w:hyperlink w:anchor="part-two"' in doc
    assert '<w:vertAlign w:val="subscript"/>' in doc
    paragraphs = re.findall(r"<w:p>.*?</w:p>", doc)
    numbered = [re.sub("<[^>]+>", "", p) for p in paragraphs if "<w:numPr>" in p]
    assert numbered == ["First", "quoted", "Third", "Item"]
    second = next(p for p in paragraphs if "Its second paragraph" in p)
    assert '<w:ind w:left="720"/>' in second


def test_a_code_block_indented_by_four_spaces_is_code_in_every_export() -> None:
    """Found looking at a .docx in LibreOffice: a fenced block was code, an indented one
    (as CommonMark writes code too) came out as two paragraphs of the body's text, in the
    Word document, the .odt and the web page alike (the PDF, laid out by Qt, had it right)."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    md = "Before.\n\n    indented code\n    second line\n\nAfter.\n"
    font = QFont("Serif", 12)
    page = render(md, True, font, "html").decode("utf-8")
    assert "<pre><code>indented code\nsecond line</code></pre>" in page
    assert "<p>After.</p>" in page
    with zipfile.ZipFile(io.BytesIO(render(md, True, font, "odt"))) as z:
        content = z.read("content.xml").decode("utf-8")
    assert re.findall(r'<text:p text:style-name="([^"]+)">([^<]*)<', content) == [
        ("Text_20_body", "Before."),
        ("Preformatted_20_Text", "indented code"),
        ("Preformatted_20_Text", "second line"),
        ("Text_20_body", "After."),
    ]
    with zipfile.ZipFile(io.BytesIO(render(md, True, font, "docx"))) as z:
        body = z.read("word/document.xml").decode("utf-8")
    paragraph = r'<w:p>(?:<w:pPr><w:pStyle w:val="(\w+)"/></w:pPr>)?<w:r><w:t[^>]*>([^<]*)<'
    styled = re.findall(paragraph, body)
    assert styled == [
        ("", "Before."), ("SourceCode", "indented code"), ("SourceCode", "second line"),
        ("", "After."),
    ]


def test_a_project_document_with_no_text_makes_no_blank_page(tmp_path: Path) -> None:
    """A chapter made with New Document and not written yet was a blank page in the
    middle of the manuscript."""
    from PySide6.QtGui import QFont

    from writer.ui.export import Part, render_parts

    (tmp_path / "02 later.md").write_text("\n  \n")
    parts = [Part(tmp_path / "01 one.md", "# One\n\nFirst.\n", True),
             Part(tmp_path / "02 later.md", None, True),
             Part(tmp_path / "03 three.md", "# Three\n\nThird.\n", True)]  # fmt: skip
    data = render_parts(parts, QFont("Serif", 12), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert body.count("<w:pageBreakBefore/>") == 1
    assert re.search(r"<w:pageBreakBefore/>.*?<w:t[^>]*>([^<]*)<", body)[1] == "Three"


def test_a_project_document_that_shows_nothing_makes_no_page(qapp, tmp_path: Path) -> None:
    """A chapter that is only its front matter, a comment or a zero-width space made a blank
    page in the manuscript (the review's)."""
    from PySide6.QtGui import QFont

    from writer.ui.export import Part, render_parts

    for middle in ("---\ntitle: Two\n---\n", "<!-- TODO: write it -->\n", "\u200b\n\u00a0\n"):
        parts = [Part(tmp_path / "01.md", "# One\n\nFirst.\n", True),
                 Part(tmp_path / "02.md", middle, True),
                 Part(tmp_path / "03.md", "# Three\n\nThird.\n", True)]  # fmt: skip
        data = render_parts(parts, QFont("Serif", 12), "docx")
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = z.read("word/document.xml").decode("utf-8")
        assert body.count("<w:pageBreakBefore/>") == 1, middle


def a_novel(folder: Path) -> list:
    """Three small chapters (level 1 and 2 headings, one of level 3, one in Chinese)."""
    from writer.ui.export import Part

    texts = {
        "01.md": "# Chapter One\n\nRain.\n\n## A Scene\n\nMore rain.\n",
        "02.md": "# Chapter Two\n\n" + "Words and words. " * 700 + "\n\n## Later\n\nEnd.\n\n"
        "### Too deep\n\nx\n",
        "03.md": "# 第三章 雨\n\n晓晓笑了。\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [Part(folder / name, None, True) for name in texts]


LISTED = ["Chapter One", "A Scene", "Chapter Two", "Later", "第三章 雨"]


def test_a_manuscripts_word_document_has_a_title_page_and_words_own_contents(
    qapp, tmp_path: Path
) -> None:
    """Export Project's title page and table of contents in Word: the title and the author on
    a page of their own, Word's TOC field over levels 1-2 with its entries filled in (links
    to the headings' bookmarks), the text from a new page; the author in its properties."""
    from xml.etree import ElementTree

    from PySide6.QtGui import QFont

    from writer.ui.export import render_parts
    from writer.ui.front import Manuscript

    book = Manuscript("Marrow Bay", "Ruth Okafor", title_page=True, contents=True)
    data = render_parts(a_novel(tmp_path), QFont("Serif", 12), "docx", manuscript=book)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = ElementTree.fromstring(z.read("word/document.xml")).find(f"{w}body")
        core = z.read("docProps/core.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
    assert "<dc:title>Marrow Bay</dc:title><dc:creator>Ruth Okafor</dc:creator>" in core
    paragraphs = list(body.iter(f"{w}p"))

    def style(p) -> str:
        found = p.find(f"{w}pPr/{w}pStyle")
        return "" if found is None else found.get(f"{w}val")

    def words(p) -> str:
        return "".join(t.text or "" for t in p.iter(f"{w}t"))

    def breaks(p) -> bool:
        return p.find(f"{w}pPr/{w}pageBreakBefore") is not None

    assert [(style(p), words(p), breaks(p)) for p in paragraphs[:3]] == [
        ("Title", "Marrow Bay", False),
        ("Author", "Ruth Okafor", False),
        ("TOCHeading", "Contents", True),  # (a page of its own)
    ]
    for name in ("Title", "Author", "TOCHeading", "TOC1", "TOC2"):
        assert f'w:styleId="{name}"' in styles
    field = "".join(t.text for t in body.iter(f"{w}instrText"))
    assert field.strip().startswith('TOC \\o "1-2" \\h')
    kinds = [c.get(f"{w}fldCharType") for c in body.iter(f"{w}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    entries = [p for p in paragraphs if style(p).startswith("TOC") and style(p) != "TOCHeading"]
    assert [(style(p), words(p)) for p in entries] == [
        ("TOC1", "Chapter One"), ("TOC2", "A Scene"), ("TOC1", "Chapter Two"),
        ("TOC2", "Later"), ("TOC1", "第三章 雨"),
    ]  # fmt: skip
    links = [p.find(f"{w}hyperlink").get(f"{w}anchor") for p in entries]
    marked = {
        b.get(f"{w}name"): words(p)
        for p in paragraphs
        for b in p.iter(f"{w}bookmarkStart")
    }  # fmt: skip
    assert [marked[name] for name in links] == LISTED  # (each entry leads to its heading)
    first = next(p for p in paragraphs if style(p) == "Heading1")
    assert (words(first), breaks(first)) == ("Chapter One", True)  # (the text on a new page)
    assert "Too deep" not in [words(p) for p in entries]


def test_a_manuscripts_opendocument_has_libreoffices_own_table_of_contents(
    qapp, tmp_path: Path
) -> None:
    """LibreOffice's table of contents over levels 1-2, its entries filled in (links to the
    headings' bookmarks) on a page after the title page's; the author in its properties."""
    from xml.etree import ElementTree

    from PySide6.QtGui import QFont

    from writer.ui.export import render_parts
    from writer.ui.front import Manuscript

    book = Manuscript("Marrow Bay", "Ruth Okafor", title_page=True, contents=True)
    data = render_parts(a_novel(tmp_path), QFont("Serif", 12), "odt", manuscript=book)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content = z.read("content.xml").decode("utf-8")
        meta = z.read("meta.xml").decode("utf-8")
        styles = z.read("styles.xml").decode("utf-8")
    for part in (content, meta, styles):
        ElementTree.fromstring(part)  # (well-formed)
    assert "<dc:creator>Ruth Okafor</dc:creator>" in meta
    assert "<meta:initial-creator>Ruth Okafor</meta:initial-creator>" in meta
    text = content[content.index("<office:text>"):]
    assert text.startswith('<office:text><text:p text:style-name="Title">Marrow Bay</text:p>'
                           '<text:p text:style-name="Author">Ruth Okafor</text:p>'
                           '<text:table-of-content ')  # fmt: skip
    assert '<text:table-of-content-source text:outline-level="2">' in text
    index = text[text.index("<text:index-body>"):text.index("</text:index-body>")]
    assert '<text:p text:style-name="Contents_20_Heading_Break">Contents</text:p>' in index
    entries = re.findall(r'<text:p text:style-name="Contents_20_(\d)"><text:a xlink:type='
                         r'"simple" xlink:href="#([^"]+)">([^<]+)</text:a>', index)  # fmt: skip
    assert [(level, words) for level, _anchor, words in entries] == [
        ("1", "Chapter One"), ("2", "A Scene"), ("1", "Chapter Two"), ("2", "Later"),
        ("1", "第三章 雨"),
    ]  # fmt: skip
    for _level, anchor, words in entries:  # (each entry leads to its heading)
        assert re.search(f'<text:bookmark-start text:name="{anchor}"/>{words}'
                         f'<text:bookmark-end text:name="{anchor}"/></text:h>', text)  # fmt: skip
    assert 'fo:break-before="page"' in styles  # (the contents on a page of their own)
    assert re.search(r'<text:h text:style-name="Heading_20_1_Break"[^>]*><text:bookmark '
                     r"[^>]*/><text:bookmark-start[^>]*/>Chapter One", text)  # fmt: skip


def test_a_manuscripts_web_page_links_its_contents_to_its_headings(qapp, tmp_path: Path) -> None:
    from PySide6.QtGui import QFont

    from writer.ui.export import render_parts
    from writer.ui.front import Manuscript

    book = Manuscript("Marrow Bay", "Ruth <Okafor>", title_page=True, contents=True)
    page = render_parts(a_novel(tmp_path), QFont("Serif", 12), "html",
                        manuscript=book).decode("utf-8")  # fmt: skip
    assert '<meta name="author" content="Ruth &lt;Okafor&gt;">' in page
    assert "<title>Marrow Bay</title>" in page
    assert re.search(r'<header class="title-page"[^>]*>\n<h1 class="title">Marrow Bay</h1>\n'
                     r'<p class="author">Ruth &lt;Okafor&gt;</p>\n</header>', page)  # fmt: skip
    nav = page[page.index('<nav id="contents">'):page.index("</nav>")]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)
    assert [words for _id, words in links] == LISTED
    for anchor, words in links:
        assert re.search(f'<h[12] id="{anchor}"[^>]*>{words}</h[12]>', page)
    assert "<ul>\n<li><a href=\"#a-scene\">A Scene</a></li>\n</ul>" in nav  # (nested)
    assert nav.index("Contents") < page.index('<h1 id="chapter-one" style="break-before: page">')


def test_a_manuscripts_pdf_lists_each_heading_with_the_page_it_is_on(
    qapp, tmp_path: Path
) -> None:
    """The PDF's contents give each heading's page as the PDF numbers them at their foot
    (found from Qt's own layout): the long second chapter puts "Later" pages on. The pages
    are numbered as a book's: the text's first is 1, the title page shows no number (it
    showed 1), the contents' page its roman ii."""
    import shutil
    import subprocess

    from PySide6.QtGui import QFont

    from writer.ui.export import render_parts
    from writer.ui.front import Manuscript

    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils' pdftotext and pdfinfo read the PDF back")
    book = Manuscript("Marrow Bay", "Ruth Okafor", title_page=True, contents=True)
    path = tmp_path / "book.pdf"
    path.write_bytes(render_parts(a_novel(tmp_path), QFont("Serif", 12), "pdf",
                                  manuscript=book))  # fmt: skip

    def page(number: int) -> list[str]:
        command = ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"]
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        return [" ".join(line.split()) for line in out.stdout.splitlines() if line.strip()]

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Author: +Ruth Okafor$", info.stdout, re.MULTILINE)
    assert re.search(r"^Title: +Marrow Bay$", info.stdout, re.MULTILINE)
    assert page(1) == ["Marrow Bay", "Ruth Okafor"]  # (no number at its foot)
    contents = page(2)
    assert contents[0] == "Contents"
    assert contents[-1] == "ii"  # (the foot's page number)
    listed = [re.fullmatch(r"(.+) (\d+)", line).groups() for line in contents[1:-1]]
    assert [words for words, _page in listed] == LISTED
    numbers = [int(n) for _words, n in listed]
    assert numbers[0] == 1
    assert numbers[3] > numbers[2] + 2  # (the long chapter's pages)
    front = 2  # (the PDF's pages before the text's first)
    for words, number in listed:
        assert words in page(int(number) + front), (words, number)
        assert words not in page(int(number) + front - 1)
        assert page(int(number) + front)[-1] == number  # (numbered so at its foot)
    # each entry, its words and its page, a link to its heading, there in the PDF
    slugs = ["chapter-one", "a-scene", "chapter-two", "later", "第三章-雨"]
    links = pdf_links(path.read_bytes())  # (a line in two fonts is two links: 第三章 雨)
    assert [slug for slug, _same in itertools.groupby(links)] == slugs
    assert len(links) >= 2 * len(slugs)
    places = pdf_destinations(path)
    assert [places[slug] - front for slug in slugs] == numbers


def test_a_pdfs_pages_are_numbered_as_a_books_in_black_whatever_the_theme(
    qapp, tmp_path: Path
) -> None:
    """A PDF's pages are numbered at their foot as a book's: a document's from 1; after
    contents alone, the text's first page is 1 and the contents' page is i. Printed page by
    page, the text is black on the page in a dark theme too (the layout's palette is the
    application's)."""
    import shutil
    import subprocess

    from PySide6.QtGui import QFont, QImage

    from writer.ui import theme
    from writer.ui.export import render, render_parts
    from writer.ui.front import Manuscript

    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils' pdftotext and pdftoppm read the PDF back")

    def feet(data: bytes) -> list[str]:
        path = tmp_path / "out.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
        return [next(line.strip() for line in reversed(page.splitlines()) if line.strip())
                for page in out.split("\f") if page.strip()]  # fmt: skip

    font = QFont("Serif", 12)
    pages = feet(render("Words and words. " * 900, True, font, "pdf"))
    assert len(pages) > 2
    assert pages == [str(n) for n in range(1, len(pages) + 1)]
    alone = Manuscript("Marrow Bay", contents=True)
    numbered = feet(render_parts(a_novel(tmp_path), font, "pdf", manuscript=alone))
    assert numbered[:3] == ["i", "1", "2"]
    assert numbered[-1] == str(len(numbered) - 1)
    was = QApplication.palette()
    try:
        theme.apply("dark")
        (tmp_path / "dark.pdf").write_bytes(render("# Title\n\nWords.\n", True, font, "pdf"))
    finally:
        QApplication.setPalette(was)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(tmp_path / "dark.pdf"),
                    str(tmp_path / "dark")], check=True)  # fmt: skip
    image = QImage(str(tmp_path / "dark.png"))
    darkest = min(image.pixelColor(x, y).lightness()
                  for x in range(image.width()) for y in range(image.height() // 3))
    assert darkest < 100  # (the title's and the words' black; light grey on white was ~230)


def test_a_manuscript_without_title_page_or_contents_is_exported_as_before(
    qapp, tmp_path: Path
) -> None:
    """Both unchecked, the files are today's (the author in the properties alone); contents
    alone begin the first page, the text after them on a new one."""
    from PySide6.QtGui import QFont

    from writer.ui.export import Part, render_parts
    from writer.ui.front import Manuscript

    parts, font = a_novel(tmp_path), QFont("Serif", 12)
    plain = Manuscript("Marrow Bay")
    for kind in ("odt", "docx"):
        before = zipfile.ZipFile(io.BytesIO(render_parts(parts, font, kind, "Marrow Bay")))
        now = zipfile.ZipFile(io.BytesIO(render_parts(parts, font, kind, manuscript=plain)))
        assert before.namelist() == now.namelist()
        for name in before.namelist():
            if name != "docProps/core.xml":  # (the time it was made)
                assert before.read(name) == now.read(name), name
    html = render_parts(parts, font, "html", "Marrow Bay")
    assert render_parts(parts, font, "html", manuscript=plain) == html
    assert b"<nav" not in html
    assert b"break-before" in html  # (a document's new page as ever)
    alone = Manuscript("Marrow Bay", contents=True)
    page = render_parts(parts, font, "html", manuscript=alone).decode("utf-8")
    assert page.index("<body>\n<nav") < page.index('<h1 id="chapter-one" style="break-before')
    assert "title-page" not in page
    docx = zipfile.ZipFile(io.BytesIO(render_parts(parts, font, "docx", manuscript=alone)))
    document = docx.read("word/document.xml").decode("utf-8")
    assert re.match(r'.*<w:body><w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr>', document)
    # no headings: no contents (an empty "Contents" page was no use), the text as before
    letter = tmp_path / "letter.txt"
    letter.write_text("# not a heading\nDear Ann,\n", encoding="utf-8")
    lines = [Part(letter, None, False)]
    assert render_parts(lines, font, "html", manuscript=alone) == render_parts(
        lines, font, "html", "Marrow Bay")  # fmt: skip


def test_the_contents_list_the_two_highest_levels_the_chapters_use(qapp) -> None:
    """Chapters that begin with "##" list those and their "###" (none of "####"), a heading
    in a table not at all; the same words get ids of their own."""
    from PySide6.QtGui import QFont, QTextDocument

    from writer.ui.export import _filled, _Notes
    from writer.ui.front import headings

    doc = QTextDocument()
    doc.setMarkdown("## One\n\n### Scene\n\n#### Beat\n\n## One\n\n| a |\n|---|\n| b |\n")
    found = [(e.level, e.text, e.anchor, e.slug) for e in headings(doc)]
    assert found == [(2, "One", "_Toc1", "one"), (3, "Scene", "_Toc2", "scene"),
                     (2, "One", "_Toc3", "one-1")]  # fmt: skip
    # a footnote's mark is no word of its heading's (a raised H<sup>2</sup> is)
    notes = _Notes("docx", QFont())
    doc = _filled("# Rain[^1] on H<sup>2</sup>O\n\nText.\n\n[^1]: Wet.\n", True, QFont(),
                  None, notes)  # fmt: skip
    assert [e.text for e in headings(doc)] == ["Rain on H2O"]


def answer_by_keys(monkeypatch, qtbot, *keys: tuple, asked: list | None = None) -> None:
    """Export Project's questions (`ManuscriptDialog`) answered with the keyboard alone: each
    of `keys` a key and its modifiers, pressed where the focus is, as the dialog shows."""
    from PySide6.QtWidgets import QAbstractButton, QApplication

    from writer.ui.manuscript_dialog import ManuscriptDialog

    def by_keys(dialog: ManuscriptDialog) -> int:
        if asked is not None:
            asked.append(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        for i, key in enumerate(keys):
            # (a key after the one that closed it was never pressed: a mnemonic that moved to
            # another button, say Cancel's, ended the questions unseen)
            assert dialog.isVisible(), f"closed before {keys[i:]} were pressed"
            if isinstance(key, str):
                qtbot.keyClicks(QApplication.focusWidget(), key)
            else:
                qtbot.keyClick(QApplication.focusWidget(), *key)
                # (a mnemonic's click is animated: the button is down until it clicks)
                buttons = dialog.findChildren(QAbstractButton)
                qtbot.waitUntil(lambda: not any(b.isDown() for b in buttons))  # noqa: B023
        qtbot.waitUntil(lambda: not dialog.isVisible())
        return dialog.result()

    monkeypatch.setattr(ManuscriptDialog, "exec", by_keys)


def test_export_projects_questions_are_answered_by_keyboard_and_remembered(
    qtbot, tmp_path: Path
) -> None:
    """The title (the project's name, selected to type over), the author, Title page and
    Table of contents, each reached by its Alt letter; Enter goes on. The author and the two
    choices are kept (one change of the settings), the title is asked afresh."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDialog

    from writer.settings import Settings
    from writer.ui.front import Manuscript
    from writer.ui.manuscript_dialog import ManuscriptDialog

    settings = Settings(path=tmp_path / "settings.json")
    changes = []
    settings.subscribe(changes.append)
    dialog = ManuscriptDialog(settings, "Marrow Bay")
    qtbot.addWidget(dialog)
    assert dialog.title.text() == "Marrow Bay"
    assert dialog.title_page.isChecked()
    assert dialog.contents.isChecked()
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.title
    qtbot.keyClicks(dialog.title, "The Lamp")  # (over the name, which was selected)
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(dialog.title, Qt.Key.Key_A, alt)
    assert QApplication.focusWidget() is dialog.author
    qtbot.keyClicks(dialog.author, " Ruth  Okafor ")
    qtbot.keyClick(dialog.author, Qt.Key.Key_O, alt)  # (Table of c&ontents: Alt+C is Cancel's)
    qtbot.waitUntil(lambda: not dialog.contents.isChecked())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # (Export…)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.manuscript() == Manuscript("The Lamp", "Ruth Okafor", True, False, "Contents")
    assert [c.keys for c in changes] == [frozenset({"export_author", "export_contents"})]
    kept = Settings.load(settings.path)
    assert (kept.export_author, kept.export_title_page, kept.export_contents) == (
        "Ruth Okafor", True, False)  # fmt: skip
    again = ManuscriptDialog(kept, "Marrow Bay", documents=[f"{n:02}.md" for n in range(1, 16)])
    qtbot.addWidget(again)
    assert not dialog.documents.isVisibleTo(dialog)  # (no documents named: no line)
    assert again.documents.text().endswith(": 01.md, 02.md, 03.md, 04.md, 05.md, 06.md, 07.md, "
                                           "08.md, 09.md, 10.md, 11.md, 12.md and 3 more.")
    assert (again.title.text(), again.author.text()) == ("Marrow Bay", "Ruth Okafor")
    assert not again.contents.isChecked()
    again.show()
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    qtbot.keyClick(again.title, Qt.Key.Key_P, alt)
    qtbot.waitUntil(lambda: not again.title_page.isChecked())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, alt)
    assert QApplication.focusWidget() is again.title
    qtbot.keyClick(again.title, Qt.Key.Key_Delete)  # (empty: the project's name)
    assert again.manuscript().title == "Marrow Bay"
    qtbot.keyClick(again.title, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert again.result() == QDialog.DialogCode.Rejected
    assert len(changes) == 1  # (a cancel keeps nothing)
    assert Settings.load(settings.path).export_title_page


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_export_projects_questions_are_as_wide_as_what_they_show(qtbot, language: str) -> None:
    """The dialog was as narrow as its check boxes (in Chinese a column of a few names a line),
    a long title cut off in its field: the title shows whole, and the documents' names wrap
    at a reading measure, within the screen."""
    from writer.settings import Settings
    from writer.ui import i18n
    from writer.ui.manuscript_dialog import MEASURE_CHARS, SCREEN_SHARE, ManuscriptDialog

    title = "The Lighthouse Keeper's Daughter, and Other Stories of the Coast"
    settings = Settings()
    settings.export_titles = {"/book": title}
    names = ["01.md", "02.md", "03 the long chapter about the sea.md"]  # (a short list)
    i18n.install(language)
    try:
        dialog = ManuscriptDialog(settings, "Marrow Bay", None, "/book", names)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        metrics = dialog.fontMetrics()
        assert dialog.title.text() == title
        assert dialog.title.width() > metrics.horizontalAdvance(title)
        measure = metrics.averageCharWidth() * MEASURE_CHARS
        assert dialog.documents.width() >= min(
            measure, metrics.horizontalAdvance(dialog.documents.text())
        )
        assert dialog.width() <= dialog.screen().availableGeometry().width() * SCREEN_SHARE
    finally:
        i18n.install("en")


def test_a_projects_title_typed_once_is_offered_at_its_next_export(qtbot, tmp_path: Path) -> None:
    """The title typed for a project's PDF is the title of its .docx a minute later (it was
    asked afresh, and Enter exported the manuscript under the folder's name); another project
    offers its own name, and a title emptied goes back to the folder's name."""
    from PySide6.QtCore import Qt

    from writer.settings import Settings
    from writer.ui.manuscript_dialog import ManuscriptDialog

    settings = Settings(path=tmp_path / "settings.json")

    def export(folder: str, name: str, typed: str | None) -> str:
        dialog = ManuscriptDialog(Settings.load(settings.path), name, None, folder)
        qtbot.addWidget(dialog)
        offered = dialog.title.text()
        if typed is not None:
            dialog.title.setText(typed)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # (Export…)
        qtbot.waitUntil(lambda: not dialog.isVisible())  # noqa: B023
        assert dialog.result() == dialog.DialogCode.Accepted
        return offered

    assert export("/books/bay", "bay", "The Keeper") == "bay"
    assert export("/books/bay", "bay", None) == "The Keeper"  # (the .docx, a minute later)
    assert export("/books/moor", "moor", None) == "moor"
    assert export("/books/bay", "bay", "") == "The Keeper"
    assert export("/books/bay", "bay", None) == "bay"
    assert Settings.load(settings.path).export_titles == {}


def test_a_manuscript_whose_first_chapter_begins_with_a_table_begins_it_on_a_new_page(
    qapp, tmp_path: Path
) -> None:
    """The page break after the title page is an empty paragraph's before the table (Qt's
    reader puts one there, which the exports left out: the table stood on the title page)."""
    from PySide6.QtGui import QFont

    from writer.ui.export import Part, render_parts
    from writer.ui.front import Manuscript

    chapter = tmp_path / "1.md"
    chapter.write_text("| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.\n", encoding="utf-8")
    parts, font = [Part(chapter, None, True)], QFont("Serif", 12)
    book = Manuscript("Marrow Bay", title_page=True)
    docx = zipfile.ZipFile(io.BytesIO(render_parts(parts, font, "docx", manuscript=book)))
    document = docx.read("word/document.xml").decode("utf-8")
    assert "Marrow Bay</w:t></w:r></w:p><w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p><w:tbl>" in (
        document)  # fmt: skip
    page = render_parts(parts, font, "html", manuscript=book).decode("utf-8")
    assert '</header>\n<p style="break-before: page"></p>\n<table>' in page
    plain = render_parts(parts, font, "html", "Marrow Bay").decode("utf-8")
    assert "<body>\n<table>" in plain  # (without a title page, as before)


def test_a_picture_that_is_a_link_keeps_its_link_in_every_export(qapp, tmp_path: Path) -> None:
    """`[![cover](cover.png)](https://example.org/book)`: Qt's Markdown reader dropped the
    link around a picture, and the Word document, the OpenDocument and the web page had the
    picture alone. Each keeps the link now, as its format writes one; words beside the
    picture in the link keep it too, and in code it stays text."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    a_picture(tmp_path / "cover.png", 40, 20)
    md = ("See [![the cover](cover.png)](https://example.org/book?a=1&b=2) and "
          "[**buy** ![](cover.png) now](https://shop.example.org).\n\n"
          "`[![x](cover.png)](https://no.example.org)`\n")  # fmt: skip
    html = render(md, True, QFont(), "html", folder=tmp_path).decode()
    assert ('<a href="https://example.org/book?a=1&amp;b=2"><img src="cover.png" '
            'alt="the cover"></a>') in html  # fmt: skip
    assert '<a href="https://shop.example.org"><img src="cover.png" alt=""></a>' in html
    assert '<a href="https://shop.example.org"><strong>buy</strong></a>' in html
    assert "<code>[![x](cover.png)](https://no.example.org)</code>" in html
    odt = render(md, True, QFont(), "odt", folder=tmp_path)
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    linked = re.findall(r'<draw:a xlink:type="simple" xlink:href="([^"]+)"><draw:frame .*?'
                        r"</draw:frame></draw:a>", content)  # fmt: skip
    assert linked == ["https://example.org/book?a=1&amp;b=2", "https://shop.example.org"]
    assert "[![x](cover.png)](https://no.example.org)</text:span>" in content  # (code)
    with zipfile.ZipFile(io.BytesIO(render(md, True, QFont(), "docx", folder=tmp_path))) as z:
        doc = z.read("word/document.xml").decode("utf-8")
        relations = z.read("word/_rels/document.xml.rels").decode("utf-8")
    targets = dict(re.findall(r'Id="(rId\d+)" Type="[^"]+/hyperlink" Target="([^"]+)"',
                              relations))  # fmt: skip
    drawings = re.findall(r'<w:hyperlink r:id="(rId\d+)" w:history="1"><w:r><w:drawing>'
                          r'.*?<a:hlinkClick r:id="(rId\d+)"/>', doc)  # fmt: skip
    assert [(targets[a], targets[b]) for a, b in drawings] == [
        ("https://example.org/book?a=1&amp;b=2",) * 2,
        ("https://shop.example.org",) * 2,
    ]
    assert "no.example.org" not in relations


def test_a_picture_in_a_table_is_no_wider_than_its_column(qapp, tmp_path: Path) -> None:
    """A picture in a table's cell was scaled to the page's text width, as one outside a
    table: in a table of three columns it filled a whole row. It is no wider now than its
    column's share of the width (less the cell's margins), its shape kept; one outside the
    table still has the text's width."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render
    from writer.ui.odt import text_room

    a_picture(tmp_path / "wide.png", 1600, 800)
    md = ("| A | B | C |\n|---|---|---|\n| ![w](wide.png) | x | y |\n\n"
          "![w](wide.png)\n")  # fmt: skip
    text_width = text_room()[0] * 2.54  # (centimetres)
    odt = render(md, True, QFont(), "odt", folder=tmp_path)
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode("utf-8")
    sizes = [(float(w), float(h)) for w, h in
             re.findall(r'<draw:frame [^>]*svg:width="([\d.]+)cm" svg:height="([\d.]+)cm"',
                        content)]  # fmt: skip
    assert len(sizes) == 2
    (in_cell, in_cell_h), (outside, outside_h) = sizes
    assert in_cell == pytest.approx(text_width / 3 - 0.2, abs=0.01)
    assert in_cell_h == pytest.approx(in_cell / 2, abs=0.01)
    assert outside == pytest.approx(text_width, abs=0.01)
    assert outside_h == pytest.approx(outside / 2, abs=0.01)
    with zipfile.ZipFile(io.BytesIO(render(md, True, QFont(), "docx", folder=tmp_path))) as z:
        doc = z.read("word/document.xml").decode("utf-8")
    extents = [(int(cx), int(cy)) for cx, cy in
               re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', doc)]  # fmt: skip
    column = int(re.search(r'<w:gridCol w:w="(\d+)"/>', doc)[1]) * 635  # (twips to EMUs)
    assert len(extents) == 2
    (cell_cx, cell_cy), (page_cx, page_cy) = extents
    assert cell_cx == pytest.approx(column - 2 * 108 * 635, abs=1000)
    assert cell_cy == pytest.approx(cell_cx / 2, abs=1000)
    assert page_cx == pytest.approx(text_room()[0] * 914400, abs=1000)
    assert page_cy == pytest.approx(page_cx / 2, abs=1000)


@pytest.mark.slow
def test_a_manuscript_too_long_for_a_pdf_at_1200_dots_an_inch_is_printed_whole(qapp) -> None:
    """Qt lays nothing out past 2**23 of a PDF's dots: at its 1,200 an inch some 618 pages, and
    the end of a longer manuscript was not in its PDF, without a word. A text that long is
    printed at the finest resolution that holds it whole (a font of 96 points makes a short
    text long: 64 times the pages)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QFont, QPdfWriter, QTextDocument

    from writer.ui.export import render
    from writer.ui.pdf_front import fitting_resolution, printed

    text = "\n\n".join(f"Line {n} of the book." for n in range(4000))
    text += "\n\nTHE VERY END.\n"
    font = QFont("Serif", 96)
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setPlainText(text)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pdf = QPdfWriter(buffer)
    pdf.setResolution(1200)
    copy, _height = printed(doc, pdf)
    assert copy.documentLayout().blockBoundingRect(copy.lastBlock()).isNull()  # (cut)
    dpi = fitting_resolution(doc, pdf)
    assert dpi < 1200
    assert pdf.resolution() == dpi
    copy, _height = printed(doc, pdf)
    assert not copy.documentLayout().blockBoundingRect(copy.lastBlock()).isNull()
    small = QTextDocument()
    small.setPlainText("A short story.\n")
    assert fitting_resolution(small, pdf) == 1200
    # (the review's) a project's documents each begin a page: some 600 one-line poems are as
    # many pages of a short text, and a title page and contents put in after take pages too
    from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextFormat

    from writer.ui.pdf_front import LAID_OUT_MOST

    pdf.setResolution(1200)
    room = int(LAID_OUT_MOST // printed(small, pdf)[1])  # (the pages Qt lays out)
    poems = QTextDocument()
    cursor = QTextCursor(poems)
    broken = QTextBlockFormat()
    broken.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    for n in range(room - 10):
        if n:
            cursor.insertBlock(broken)
        cursor.insertText(f"Poem {n}.")
    assert fitting_resolution(poems, pdf) == 1200  # (they fit, just)
    copy, _height = printed(poems, pdf)
    assert not copy.documentLayout().blockBoundingRect(copy.lastBlock()).isNull()
    assert fitting_resolution(poems, pdf, more_pages=14) == 600  # (with 14 more, not)
    for n in range(20):
        cursor.insertBlock(broken)
        cursor.insertText(f"Poem {n}.")
    assert fitting_resolution(poems, pdf) == 600
    if shutil.which("pdftotext") is not None:  # (and the PDF ends as the text does)
        pdf_bytes = render(text, False, font, "pdf")
        out = subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True,
                             check=True).stdout.decode("utf-8")  # fmt: skip
        assert " ".join(out.split()).endswith("Line 3999 of the book. THE VERY END.")


def test_a_link_to_a_heading_goes_to_it_in_every_export_that_links(qapp) -> None:
    """`[the second part](#part-two)`, GitHub's link to a heading in the same text: the Word
    document linked to a bookmark it did not have, the OpenDocument to none, and the web
    page's headings had no ids. Each heading has its place now, named as GitHub names it (a
    second of the same words "-1"; Chinese kept), a Word bookmark of a name Word takes, and a
    link in a footnote goes there too."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    text = (
        "# Part One\n\nSee [the second part](#part-two) and [the other](#part-one-1).[^n]\n\n"
        "# Part Two\n\nText.\n\n# Part One\n\nAgain.\n\n## 第二章 雨\n\n[雨](#第二章-雨)\n\n"
        "[^n]: A note with [a link](#part-two).\n"
    )
    font = QFont("Serif", 12)
    page = render(text, True, font, "html").decode("utf-8")
    assert re.findall(r"<h\d( id=\"[^\"]*\")?>", page) == [
        ' id="part-one"', ' id="part-two"', ' id="part-one-1"', ' id="第二章-雨"'
    ]
    with zipfile.ZipFile(io.BytesIO(render(text, True, font, "odt"))) as z:
        content = z.read("content.xml").decode("utf-8")
    places = re.findall(r'<text:bookmark text:name="([^"]*)"/>', content)
    assert places == ["part-one", "part-two", "part-one-1", "第二章-雨"]
    links = re.findall(r'xlink:href="#([^"]*)"', content)
    assert set(links) <= set(places)
    assert len(links) == 4
    with zipfile.ZipFile(io.BytesIO(render(text, True, font, "docx"))) as z:
        document = z.read("word/document.xml").decode("utf-8")
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
    names = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]*)"/>', document)
    # (and the hidden one around the footnote's mark, which a second mark would refer to)
    assert names == ["_part_one", "_RefNote1", "_part_two", "_part_one_1", "_第二章_雨"]
    assert all(re.fullmatch(r"_\w{1,39}", name) for name in names)  # (as Word takes them)
    anchors = re.findall(r'w:anchor="([^"]*)"', document + footnotes)
    assert anchors == ["_part_two", "_part_one_1", "_第二章_雨", "_part_two"]
    # (the review's) an address written out in %-escapes goes there too; a heading in a note
    # has no bookmark of the text's (it had the text's heading's of the same number)
    escaped = "# Café au lait\n\n[café](#caf%C3%A9-au-lait)[^h]\n\n[^h]: # A heading\n"
    with zipfile.ZipFile(io.BytesIO(render(escaped, True, font, "docx"))) as z:
        document = z.read("word/document.xml").decode("utf-8")
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
    assert 'w:anchor="_café_au_lait"' in document
    assert "bookmarkStart" not in footnotes
    with zipfile.ZipFile(io.BytesIO(render(escaped, True, font, "odt"))) as z:
        content = z.read("content.xml").decode("utf-8")
    assert 'xlink:href="#café-au-lait"' in content


def pdf_links(data: bytes) -> list[str]:
    """The names of the destinations a PDF's links go to (`/Dest (name)`), in the order the
    PDF has them (Qt's writer writes its annotations uncompressed, the names in UTF-16)."""
    names = []
    for found in re.finditer(rb"/Subtype /Link\n/Rect \[[^\]]*\]\n/Border \[0 0 0\]\n"
                             rb"/Dest \(((?:[^\\)]|\\.)*)\)", data, re.DOTALL):  # fmt: skip
        raw = re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m[1], 8)]) if m[1].isdigit()
                     else {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m[1], m[1]),
                     found[1], flags=re.DOTALL)  # fmt: skip
        names.append(raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else
                     raw.decode("latin-1"))  # fmt: skip
    return names


def pdf_destinations(path: Path) -> dict[str, int]:
    """A PDF's named destinations and their pages, as poppler's pdfinfo reads them."""
    out = subprocess.run(["pdfinfo", "-dests", str(path)], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return {m[2]: int(m[1]) for m in re.finditer(r'^ *(\d+) \[.*\] "(.*)"$', out, re.MULTILINE)}


def test_a_link_to_a_heading_goes_to_it_in_a_pdf(qapp, tmp_path: Path) -> None:
    """A PDF's link to "#part-two" goes to the heading: each heading's id is its text's anchor
    name, which Qt's PDF writer makes a destination (`/Dest`) of; the link went nowhere."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils' pdfinfo reads the PDF back")
    text = ("# Part One\n\nSee [the second part](#part-two) and [rain](#第二章-雨).\n\n"
            "# Part *Two*\n\nText.\n\n## 第二章 雨\n\nEnd.\n")  # fmt: skip
    path = tmp_path / "linked.pdf"
    path.write_bytes(render(text, True, QFont("Serif", 12), "pdf", "T"))
    assert pdf_links(path.read_bytes()) == ["part-two", "第二章-雨"]
    assert pdf_destinations(path) == {"part-one": 1, "part-two": 1, "第二章-雨": 1}


def test_a_documents_front_matter_names_its_export_and_its_author(
    window, tmp_path: Path, monkeypatch
) -> None:
    """A Jekyll, Hugo or Pandoc document says its title and author in its front matter, as
    Pandoc reads them: the export took its first heading for its title and named no author."""
    path = tmp_path / "post.md"
    path.write_text(
        '---\ntitle: "The Road: Part #1"  # a comment\nauthor:\n  - Ann Lee\n  - Ben O\'Dowd\n'
        "layout: post\n---\n\n# Chapter One\n\nText.\n",
        encoding="utf-8",
    )
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    for kind in ("html", "docx"):
        choose(monkeypatch, path.with_suffix(f".{kind}"))
        window.act_export.trigger()
        exported(window)
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    assert "<title>The Road: Part #1</title>" in html
    assert '<meta name="author" content="Ann Lee, Ben O&#x27;Dowd">' in html
    with zipfile.ZipFile(path.with_suffix(".docx")) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "<dc:title>The Road: Part #1</dc:title>" in core
    assert "<dc:creator>Ann Lee, Ben O'Dowd</dc:creator>" in core


def test_a_document_that_opens_with_prose_is_titled_after_its_file(
    window, tmp_path: Path, monkeypatch
) -> None:
    """The title was the first heading wherever it was: a story that opens with prose and has
    "## Part two" further down was exported as a page titled "Part two" (a browser's tab, a
    word processor's properties). A heading names the document only at its top (after blank
    lines, its front matter or a comment); else the file's name does."""
    path = tmp_path / "harbour.md"
    path.write_text("The harbour was quiet.\n\n## Part two\n\nThen the wind rose.\n",
                    encoding="utf-8")  # fmt: skip
    top = tmp_path / "story.md"
    top.write_text("\n<!-- draft -->\n\n## The Harbour\n\nText.\n\n# Later\n",
                   encoding="utf-8")  # fmt: skip
    for each, title in ((path, "harbour"), (top, "The Harbour")):
        assert window.open_file(each)
        window.suggestions.set_enabled(False)
        choose(monkeypatch, each.with_suffix(".html"))
        window.act_export.trigger()
        exported(window)
        html = each.with_suffix(".html").read_text(encoding="utf-8")
        assert f"<title>{title}</title>" in html


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.lists(st.sampled_from([
    "# A", "## B", "C", "===", "---", "<!--", "-->", "title: x", "```", " ", "\n", "\n\n",
]), max_size=20))  # fmt: skip
def test_the_heading_a_document_opens_with_is_its_first_and_nothing_precedes_it(
    pieces: list[str],
) -> None:
    from writer.documents.markdown import opening_heading, outline

    text = "".join(pieces)
    found = opening_heading(text)
    first = outline(text, limit=1).headings
    assert found == "" or found == first[0].text
    assert opening_heading("Prose.\n\n" + text) == ""


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.lists(st.sampled_from([
    "title:", " ", "'", '"', "\\", "#", "[", "]", ",", "-", ">", "|", "\n", "\n  ", "\n- ",
    "author", "x", "é", ":", "''", "\r",
]), max_size=30))  # fmt: skip
def test_a_front_matters_fields_are_read_whatever_it_holds(pieces: list[str]) -> None:
    """Front matter is outside data: whatever its lines hold, its fields are read without an
    error, each a line of text."""
    from writer.documents.markdown import front_matter_fields

    fields = front_matter_fields("---\ntitle: a\n" + "".join(pieces) + "\n---\ntext\n")
    assert all(isinstance(v, str) and v and "\n" not in v for v in fields.values())


def test_a_chapters_link_to_its_own_heading_goes_there_in_the_manuscript(qapp, tmp_path) -> None:
    """Each chapter's "#rain" names its own heading (GitHub's ids are a document's); in one
    manuscript a second "Rain" is "rain-1", and the second chapter's link went to the first
    chapter's heading (the review's)."""
    from PySide6.QtGui import QFont

    from writer.ui.export import Part, render_parts

    one = tmp_path / "1.md"
    one.write_text("# Rain\n\nFirst [here](#rain).\n", encoding="utf-8")
    two = tmp_path / "2.md"
    two.write_text("# Rain\n\nSecond [here](#rain), [there](#snow).\n\n# Snow\n", encoding="utf-8")
    parts = [Part(one, None, True), Part(two, None, True)]
    page = render_parts(parts, QFont("Serif", 12), "html", "T").decode("utf-8")
    assert re.findall(r'<h1 id="([^"]*)"', page) == ["rain", "rain-1", "snow"]
    assert re.findall(r'href="#([^"]*)"', page) == ["rain", "rain-1", "snow"]


def test_a_table_right_under_a_paragraph_and_a_chinese_one_export_as_tables(qapp) -> None:
    """GitHub shows a table right under a paragraph's line ("Cast:" over its header) as a
    table, and the editor's Tab and Enter take it for one; Qt's reader, the preview's and
    every export's, wrote its header and rows into the paragraph ("Cast: | Name | Role | ...").
    And the rows of a Chinese table without its outer bars were joined into one ("小明 | 学徒小红
    | 学生"), as Chinese lines of a paragraph are. A table in code stays code."""
    from PySide6.QtGui import QFont

    from writer.ui.export import render

    def body(md: str) -> str:
        html = render(md, True, QFont("Serif", 12), "html", "T").decode("utf-8")
        return html.split("<body>\n")[1].split("</body>")[0]

    shown = body("Cast:\n| Name | Role |\n|---|---|\n| Mara | keeper |\n")
    assert shown.startswith("<p>Cast:</p>\n<table>")
    assert "<td>Mara</td><td>keeper</td>" in shown
    shown = body("人物：\n名字 | 角色\n--- | ---\n小明 | 学徒\n小红 | 学生\n")
    assert shown.startswith("<p>人物：</p>\n<table>")
    assert "<td>小明</td><td>学徒</td></tr>\n<tr><td>小红</td><td>学生</td>" in shown
    shown = body("```\nCast:\n| a | b |\n|---|---|\n```\n")
    assert "<table>" not in shown
    assert "Cast:\n| a | b |" in shown


def test_a_radical_the_writer_typed_stays_in_the_pdf(qapp) -> None:
    """Each radical in a PDF's maps was put back as its ideograph, a radical the writer typed
    on purpose (a radicals chart) too: ⺮ and ⻏ have glyphs of their own in a CJK font, and
    the PDF read them back as 竹 and 阝, words the writer never wrote; ⻔ is drawn as 门 is, and
    where no 门 was written it is the writer's radical. 雨 and 门 written still read so."""
    codes = _pdf_map_codes("部首：⺮、⻏、⻔、⼈。雨下了。")
    assert {ord(c) for c in "⺮⻏⻔⼈雨"} <= codes
    assert not {ord(c) for c in "竹阝门人"} & codes


def test_a_pdfs_chinese_reads_back_as_written_where_the_radical_table_missed(qapp) -> None:
    """The radicals' table missed ⺎ (兀), ⺐ (尢), ⺃ (乚), ⺞ (歺)... and mapped ⺫ to 目 where
    a CJK font draws it as 罒, ⺯ to 糸 where it is 糹; and ⼾, which a Simplified Chinese font
    draws as 户, went back by NFKC as the traditional 戶: 突兀 read back as 突⺎, 罒 as 目,
    窗户 as 窗戶 (each pair checked against Noto CJK SC's glyphs)."""
    written = "他的话很突兀。罒、尢、乚、歺、糹。她打开窗户。"
    codes = _pdf_map_codes(written)
    assert not [chr(c) for c in codes if 0x2E80 <= c <= 0x2FDF]
    assert {ord(c) for c in "兀罒尢乚歺糹户"} <= codes
    assert not {ord(c) for c in "目糸戶"} & codes


def test_a_radical_written_beside_its_ideograph_stays_in_the_pdf(qapp) -> None:
    """A radical the writer typed was put back as its ideograph wherever they also wrote the
    ideograph: "⺮ is 竹" read back as "竹 is 竹". Where the font draws the two with glyphs of
    their own, its map names the ideograph's glyph apart, so the radical's is the radical's; where
    it draws them alike (⻔ and 门), one glyph can read back as one of them: the ideograph."""
    codes = _pdf_map_codes("部首⺮就是竹，⻏就是阝。门。")
    assert {ord(c) for c in "⺮竹⻏阝门"} <= codes
    assert ord("⻔") not in codes


def test_a_pdf_maps_glyph_codes_that_read_as_themselves_only_on_the_reading_side() -> None:
    """A map's line is read once for its shape (`_cmap_line`): the code read back is put in
    place of the reading, never the glyph's own code. Where a glyph's number equals its
    reading (glyph 9 reads as a tab), the tab became a space on both sides of the line, so
    glyph 9 left the map; the ranges of one code and the arrays keep their glyphs alike."""
    from writer.ui.export import ideographs_as_written

    cmap = (b"begincmap\nbeginbfchar\n<0009> <0009>\n<2EAE> <2EAE>\nendbfchar\n"
            b"beginbfrange\n<0020> <0020> <0020>\n<2FAC> <2FAC> <2FAC>\n"
            b"<0030> <0031> [<0009> <2FAC>]\nendbfrange\nendcmap")
    assert ideographs_as_written(cmap, "竹雨") == (
        b"begincmap\nbeginbfchar\n<0009> <0020>\n<2EAE> <7AF9>\nendbfchar\n"
        b"beginbfrange\n<0020> <0020> <0020>\n<2FAC> <2FAC> <96E8>\n"
        b"<0030> <0031> [<0020> <96E8>]\nendbfrange\nendcmap")
