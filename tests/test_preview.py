"""View → Markdown Preview: the document rendered beside the text, after a pause in typing,
following the editor, and fetching nothing from the network."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QAbstractSlider

from tests.conftest import wait_until

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def headings(window) -> list[str]:
    doc = window.preview.view.document()
    block, found = doc.begin(), []
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            found.append(block.text())
        block = block.next()
    return found


def test_ctrl_shift_v_shows_the_text_rendered_after_a_pause_and_the_next_window_has_it(
    qtbot, window, state, tmp_path: Path
) -> None:
    from writer.ui import preview

    window.suggestions.set_enabled(False)
    window.bring_forward()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert not window.preview.isVisible()
    qtbot.keyClick(window.editor, Qt.Key.Key_V, CTRL_SHIFT)  # (the editor does not take it)
    assert window.preview.isVisible()
    assert window.act_markdown_preview.isChecked()
    assert state.settings.markdown_preview
    wait_until(lambda: not window.preview.pending, 5000)  # (the empty document, when shown)
    qtbot.keyClicks(window.editor, "# Harbour notes")
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(window.editor, "The boats are *in*.")
    typed = time.monotonic()
    window.editor.show_ghost(window.editor.textCursor().position(), " GHOSTLY WORDS")
    wait_until(lambda: not window.preview.pending, 5000)
    # rendered once the writer paused, not at each key
    assert time.monotonic() - typed >= 0.8 * preview.RENDER_AFTER_MS / 1000
    assert headings(window) == ["Harbour notes"]
    assert "The boats are in." in window.preview.view.toPlainText()
    assert "GHOSTLY" not in window.preview.view.toPlainText()
    window.preview.view.setFocus()  # Esc there gives the keys back to the text
    qtbot.keyClick(window.preview.view, Qt.Key.Key_Escape)
    assert window.editor.hasFocus()
    # hidden in Distraction-Free Writing, back after it
    window.act_focus_mode.trigger()
    assert not window.preview.isVisible()
    window.act_focus_mode.trigger()
    assert window.preview.isVisible()
    # the next window opens with it; a .txt has none, and no action for it
    text = tmp_path / "plain.txt"
    text.write_text("# not a heading\n", encoding="utf-8")
    for name, shown in (("chapter.md", True), ("plain.txt", False)):
        path = tmp_path / name
        path.write_text("# A heading\n", encoding="utf-8")
        other = state.new_window(str(path))
        other.show()
        assert other.preview.isVisible() is shown
        assert other.act_markdown_preview.isEnabled() is shown
        other.close()
    window.act_markdown_preview.trigger()
    assert not window.preview.isVisible()
    assert not state.settings.markdown_preview


def test_a_local_image_shows_and_nothing_remote_or_endless_is_read_until_a_link_is_clicked(
    qtbot, window, state, tmp_path: Path, monkeypatch
) -> None:
    """Pictures come from this computer only: a web address, a device (`/dev/zero` was read
    until the memory ran out) or a pipe is an empty picture, never None (then Qt reads the
    file itself); a link does nothing until it is clicked."""
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#4a8"))
    (tmp_path / "pictures").mkdir()
    assert image.save(str(tmp_path / "pictures" / "harbour.png"))
    remote = "http://127.0.0.1:9/boat.png"
    path = tmp_path / "chapter.md"
    path.write_text(
        f"# Pictures\n\n![harbour](pictures/harbour.png)\n\n![boat]({remote})\n\n"
        f'<img src="{remote}">\n\n[a link]({remote})\n\n![endless](/dev/zero)\n',
        encoding="utf-8",
    )
    assert window.open_file(path)
    window.show_markdown_preview(True)
    wait_until(lambda: not window.preview.pending, 5000)
    view = window.preview.view
    kind = QTextDocument.ResourceType.ImageResource
    assert not view.document().resource(kind, QUrl("pictures/harbour.png")).isNull()
    view.viewport().grab()  # (painted too: an image is asked for again)
    # a picture that cannot be shown says what it is (its alt text), not an empty square
    lines = view.toPlainText().split("\n")
    # (the <img> without alt text is named by its file, in a block of its own as GitHub
    # shows it; the last one lost its alt text while the <img> had no "/": for_qt closes it)
    assert (lines[1], lines[2], lines[3], lines[-1]) == ("\ufffc", "[boat]", "[boat.png]",
                                                         "[endless]")  # fmt: skip
    for address in (remote, "/dev/zero", "file:///dev/urandom"):
        given = view.loadResource(kind.value, QUrl(address))
        assert given is not None  # (None: Qt reads the file itself)
        assert given.isNull()
    sheet = view.loadResource(QTextDocument.ResourceType.StyleSheetResource.value,
                              QUrl("file:///dev/zero"))  # fmt: skip
    assert sheet is not None
    assert sheet.isEmpty()
    # a link is opened only when clicked: a web one by the system's browser, a document
    # beside this one in Writer
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    (tmp_path / "two.md").write_text("# Two\n", encoding="utf-8")
    view.anchorClicked.emit(QUrl(remote))
    view.anchorClicked.emit(QUrl("two.md#top"))
    assert opened == [QUrl(remote)]
    assert state.window_showing(str(tmp_path / "two.md")) is not None


def test_the_preview_follows_the_editor_far_down_and_stays_where_the_writer_scrolls_it(
    qtbot, window, tmp_path: Path
) -> None:
    from writer.ui import preview

    paragraph = "The harbour was quiet that morning, and Ruth counted the boats. " * 6
    chapters = [f"## Chapter {n}\n\n{paragraph}\n\n{paragraph}\n" for n in range(1, 121)]
    path = tmp_path / "long.md"
    path.write_text("\n".join(chapters), encoding="utf-8")
    assert len(path.read_text()) > 2 * preview.WINDOW_CHARS  # rendered a part at a time
    assert window.open_file(path)
    window.show_markdown_preview(True)
    wait_until(lambda: not window.preview.pending, 5000)
    assert headings(window)[0] == "Chapter 1"
    assert "Chapter 100" not in headings(window)
    editor = window.editor
    target = editor.document().find("## Chapter 100")
    editor.setTextCursor(target)
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    editor.setTextCursor(target)  # (now at the top of the editor)
    view = window.preview.view

    def top_of_preview() -> str:
        return view.cursorForPosition(QPoint(20, 20)).block().text()

    wait_until(lambda: top_of_preview() == "Chapter 100", 5000)
    assert window.preview.note.isVisible()  # it says it shows a part
    shown = view.document()
    blocks = [shown.findBlockByNumber(n) for n in range(shown.blockCount())]
    assert all(shown.documentLayout().blockBoundingRect(b).height() > 0 for b in blocks)
    # scrolled by hand, the preview stays there through a rendering, until the editor moves
    view.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    moved = view.verticalScrollBar().value()
    window.preview.render()
    assert view.verticalScrollBar().value() == moved
    editor.moveCursor(QTextCursor.MoveOperation.Down)
    assert top_of_preview() == "Chapter 100"
    # each rendering's document goes when the next shows
    wait_until(lambda: len(view.findChildren(QTextDocument)) == 1, 2000)


@settings(max_examples=60, deadline=None)
@given(st.text(st.sampled_from("ab 灯%#?()<>[]\\é"), min_size=1, max_size=8).filter(
    lambda name: any(c in name for c in "ab灯é")  # (Qt shows no picture of no words: "![](…)")
))
def test_a_picture_linked_is_the_same_file_to_the_preview_the_export_and_ctrl_click(
    qapp, name: str
) -> None:
    """A picture dropped is linked as every reader here reads it back (`markdown.destination`):
    in `<…>` a "#" or "?" in its name was a fragment or a query to Qt, another file."""
    from writer.documents import markdown
    from writer.ui.images import local_file
    from writer.ui.pictures import link_to

    folder = Path("/writer/book")
    picture = folder / "the bay" / f"{name}.png"
    line = link_to(picture, folder / "chapter.md")
    shown = QTextDocument()  # (the preview's and the export's reader)
    shown.setMarkdown(line, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    fragment = next(iter(shown.begin())).fragment()
    assert fragment.charFormat().isImageFormat(), line
    read = QUrl(fragment.charFormat().toImageFormat().name())
    assert local_file(read, folder) == picture, line
    followed = QUrl(markdown.link_at(line, len(line) - 2))  # (Ctrl+click, as links.follow)
    followed.setFragment(None)
    assert local_file(followed, folder) == picture, line


def test_a_footnotes_words_show_when_the_pointer_rests_on_its_number(qtbot, window) -> None:
    """A footnote's mark is a number, its note at the document's end: resting the pointer on
    the number shows the note's words as a reader sees them (a "`" or a "<b>" opens nothing
    and is not shown), a long note cut at a word."""
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from writer.documents.markdown import TITLE_MOST

    window.suggestions.set_enabled(False)
    long_note = " ".join(["word"] * 200)
    window.editor.setPlainText(
        "A ` tick, a claim[^1] and more[^long].\n\n"
        '[^1]: Said ` once, "so", <b>bold</b> & *this*\n    and on.\n'
        f"[^long]: {long_note}\n"
    )
    window.act_markdown_preview.trigger()
    wait_until(lambda: not window.preview.pending and "claim" in window.preview.view.toPlainText())
    view = window.preview.view
    assert view.toPlainText().startswith("A ` tick, a claim1 and more2.")

    def tip_over(number: str, after: str) -> str:
        cursor = view.document().find(after + number)
        cursor.setPosition(cursor.selectionEnd() - len(number) // 2 - 1)
        cursor.setPosition(cursor.position() + 1, QTextCursor.MoveMode.KeepAnchor)
        rect = view.cursorRect(cursor)
        at = QPoint(rect.right() + 1, rect.center().y())
        QToolTip.hideText()
        wait_until(lambda: not QToolTip.isVisible())
        event = QHelpEvent(QHelpEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at))
        QApplication.sendEvent(view.viewport(), event)
        return QToolTip.text() if QToolTip.isVisible() else ""

    assert tip_over("1", "claim") == 'Said once, "so", bold & this and on.'
    shown = tip_over("2", "more")
    assert shown.endswith("word…")
    assert len(shown) <= TITLE_MOST + 1
    assert tip_over("A", "") == ""  # (the text has none)
