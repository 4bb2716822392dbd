"""The local history: each save keeps the bytes it wrote, and those it replaced where they are
not kept yet; File → Local History compares a version with the text now and restores it as an
edit the writer can undo; a history that cannot be written never stops a save."""

from __future__ import annotations

import gzip
import json
import random
import string
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel

from tests.conftest import wait_until
from writer.documents.history import (
    REPLACED,
    SAME,
    SAVED,
    HistoryError,
    LocalHistory,
    folder_name,
)
from writer.ui import i18n
from writer.ui.editor import plain_text


def coloured(dialog) -> list[str]:
    """The preview's lines with a colour of their own (their block's background)."""
    document = dialog.preview.document()
    blocks = (document.findBlockByNumber(n) for n in range(document.blockCount()))
    none = Qt.BrushStyle.NoBrush
    return [b.text() for b in blocks if b.blockFormat().background().style() != none]


def letters(dialog) -> dict[str, QTextCharFormat]:
    """The format of the letters of each of the preview's lines, by its text."""
    document = dialog.preview.document()
    blocks = (document.findBlockByNumber(n) for n in range(document.blockCount()))
    return {b.text(): b.begin().fragment().charFormat() if b.text() else b.charFormat()
            for b in blocks}  # fmt: skip


def test_versions_are_kept_newest_first_pruned_and_read_back_or_refused(tmp_path: Path) -> None:
    history = LocalHistory(tmp_path / "history", keep=3)
    doc = tmp_path / "chapter.md"
    assert history.versions(doc) == []
    assert history.keep(doc, b"one", REPLACED, when=1000.0).kind == REPLACED
    assert history.keep(doc, b"two") is not None
    assert history.keep(doc, b"two") is None  # the newest already
    history.keep(doc, b"three")
    history.keep(doc, b"one")  # (saved again later: a new version, the same copy)
    kept = history.versions(doc)
    assert [history.read(doc, v) for v in kept] == [b"one", b"three", b"two"]
    assert [v.kind for v in kept] == [SAVED, SAVED, SAVED]
    place = next((tmp_path / "history").iterdir())
    assert sorted(p.name for p in place.glob("*.gz")) == sorted(f"{v.digest}.gz" for v in kept)
    # the same file however the path spells it
    assert history.versions(tmp_path / "." / "chapter.md") == kept
    # a damaged copy is refused in a sentence, never read as the version
    (place / f"{kept[1].digest}.gz").write_bytes(gzip.compress(b"thre3"))
    with pytest.raises(HistoryError, match="damaged"):
        history.read(doc, kept[1])
    # a damaged list is an empty history with a sentence, and the next save starts it again;
    # the copies it named are not deleted, then or at the saves after
    (place / "versions.json").write_text("{", encoding="utf-8")
    assert history.versions(doc) == []
    assert "cannot be read" in history.problem(doc)
    history.keep(doc, b"four")
    history.keep(doc, b"five")
    assert [history.read(doc, v) for v in history.versions(doc)] == [b"five", b"four"]
    assert all((place / f"{v.digest}.gz").is_file() for v in kept)
    listed = json.loads((place / "versions.json").read_text(encoding="utf-8"))
    assert listed["path"] == str(doc.resolve())


def test_saves_keep_versions_and_one_is_compared_and_restored(qtbot, window, tmp_path) -> None:
    """A chapter another program wrote, opened, rewritten and saved twice: the history has the
    file as it was before Writer's first save and both saves; the first, restored, is one
    edit that Ctrl+Z takes back, and the file is not touched until a save."""
    path = tmp_path / "chapter.md"
    path.write_text("# One\n\nThe lamp was lit.\nThe boats came in.\n", encoding="utf-8")
    history = window.app_state.history
    assert window.show_history() is None  # (untitled: said in the status bar)
    assert "not saved yet" in window.statusBar().currentMessage()
    assert window.open_file(path)
    assert window.show_history() is None  # (nothing kept yet)
    assert "no version of chapter.md" in window.statusBar().currentMessage()
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("The harbour slept.\n")
    assert window.documents.save()
    window.editor.setPlainText("# One\n\nThe lamp was out.\n")
    assert window.documents.save()
    wait_until(lambda: len(history.versions(path)) == 3)
    kinds = [v.kind for v in history.versions(path)]
    assert kinds == [SAVED, SAVED, REPLACED]
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 3
    assert "before a save" in dialog.list.item(2).text()
    assert dialog.summary.text() == "The same as the text now."  # the newest is the text
    dialog.list.setCurrentRow(2)
    assert dialog.text == "# One\n\nThe lamp was lit.\nThe boats came in.\n"
    assert dialog.summary.text() == (
        "Lines against the text now: 1 changed, 1 only in this version (marked)."
    )
    assert coloured(dialog) == ["The lamp was lit.", "The boats came in."]
    assert not dialog.preview.extraSelections()
    # a copy gone is said in the interface's language, and cannot be restored
    (history.folder / folder_name(path) / f"{history.versions(path)[1].digest}.gz").unlink()
    i18n.install("zh_CN")
    try:
        dialog.list.setCurrentRow(1)
        assert dialog.summary.text() == "这个版本的副本已经不在了。"
        assert not dialog.restore_button.isEnabled()
    finally:
        i18n.install("en")
    dialog.list.setCurrentRow(2)
    dialog.restore_button.click()
    assert window.editor.toPlainText() == "# One\n\nThe lamp was lit.\nThe boats came in.\n"
    assert "Ctrl+Z takes it back" in window.statusBar().currentMessage()
    assert path.read_text(encoding="utf-8") == "# One\n\nThe lamp was out.\n"
    window.editor.undo()
    assert window.editor.toPlainText() == "# One\n\nThe lamp was out.\n"
    # with none kept any more, the versions kept before are shown as such ("the newest 0")
    window.settings.update(keep_versions=0)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    intro = dialog.findChildren(QLabel)[0].text()
    assert intro.startswith("Writer keeps no versions now (Settings → Project → Versions kept")


def test_a_version_restored_keeps_the_cursor_and_what_is_typed_after_is_a_step_of_its_own(
    qtbot, window, tmp_path
) -> None:
    """A version restored, undone and redone: the cursor stays where it was (it went to the
    end, then to the start), and Ctrl+Z takes back what is typed after the version alone (at
    the end of a version without a final line break, it took the version with it)."""
    path = tmp_path / "note.txt"
    path.write_text("The lamp was lit.", encoding="utf-8")
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    editor = window.editor
    editor.setPlainText("The lamp was out.")
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    cursor = editor.textCursor()
    cursor.setPosition(len("The "))
    editor.setTextCursor(cursor)
    dialog = window.show_history()  # (closed and deleted by its Restore)
    dialog.list.setCurrentRow(1)  # (the file as it was before the save)
    dialog.restore_button.click()
    for step in (None, editor.undo, editor.redo):
        if step is not None:
            step()
        assert editor.textCursor().position() == len("The ")
    assert editor.toPlainText() == "The lamp was lit."
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Then")
    editor.undo()
    assert editor.toPlainText() == "The lamp was lit."
    editor.undo()
    assert editor.toPlainText() == "The lamp was out."


def test_a_version_restored_with_a_long_run_wraps_anywhere(qtbot, window, tmp_path) -> None:
    """A version restored is the whole text replaced, as a reload: the editor chooses its
    wrapping for it (a run of LONG_RUN characters without a space wraps anywhere, else Qt's
    word wrap cost seconds a key); the restore reached only the pastes and left the wrapping
    as the text before had it."""
    from PySide6.QtGui import QTextOption

    from writer.ui.editor import LONG_RUN

    path = tmp_path / "note.md"
    long_run = "![x](data:image/png;base64," + "A" * LONG_RUN + ")"
    path.write_text(long_run, encoding="utf-8")
    assert window.open_file(path)
    window.suggestions.set_enabled(False)
    editor = window.editor
    editor.setPlainText("The lamp was out.")
    assert editor.wordWrapMode() != QTextOption.WrapMode.WrapAnywhere
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    dialog.list.setCurrentRow(1)  # (the file as it was before the save: the long run)
    dialog.restore_button.click()
    assert editor.toPlainText() == long_run
    assert editor.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere


def test_auto_save_writes_as_typing_pauses_and_never_over_another_programs_change(
    qtbot, window, tmp_path
) -> None:
    """There was no Auto Save: a writer used to it lost nothing to a crash (the journal) but
    found the file on disk hours old. File → Auto Save writes a document that has a file once
    typing pauses, silently, keeping a version in the local history at most every few minutes
    (not one a pause); never over another program's change (said once, Ctrl+S asks), and a
    window closed with it on saves without a question."""
    path = tmp_path / "chapter.md"
    path.write_text("# One\n\nThe lamp was lit.\n", encoding="utf-8")
    history = window.app_state.history
    assert window.open_file(path)
    window.act_auto_save.trigger()
    assert window.settings.auto_save
    window.documents._auto.setInterval(150)  # (a second's pause, shortened)
    editor = window.editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    for word in ("The ", "boats ", "came ", "in."):
        editor.insertPlainText(word)
    assert path.read_text(encoding="utf-8") == "# One\n\nThe lamp was lit.\n"  # (not per key)
    qtbot.waitUntil(lambda: not window.documents.is_modified, timeout=5000)
    assert path.read_text(encoding="utf-8") == "# One\n\nThe lamp was lit.\nThe boats came in."
    assert "Saved" not in window.statusBar().currentMessage()  # (silent)
    editor.insertPlainText(" Night fell.")
    qtbot.waitUntil(lambda: not window.documents.is_modified, timeout=5000)
    assert path.read_text(encoding="utf-8").endswith("Night fell.")
    drained = threading.Event()  # (the history is written on the journal's thread, in order)
    window.app_state.journal_writer.run(drained.set)
    assert drained.wait(10)
    assert [v.kind for v in history.versions(path)] == [SAVED, REPLACED]  # not one a pause
    # another program changes the file: Auto Save stops and says so; Ctrl+S asks
    path.write_text("Their version.\n", encoding="utf-8")
    window.documents._watcher.removePaths([str(path)])  # (the watcher would offer a reload)
    with qtbot.waitSignal(window.documents.message, timeout=5000,
                          check_params_cb=lambda m, _ms: "Auto Save stopped" in m):  # fmt: skip
        editor.insertPlainText(" Mine.")
    assert path.read_text(encoding="utf-8") == "Their version.\n"
    assert window.documents.is_modified
    window.documents.signature = None  # the writer chose to keep theirs aside: saved by hand
    assert window.documents.save()
    editor.insertPlainText(" The end.")
    assert window.documents.is_modified
    assert window.close()  # no question: saved
    assert path.read_text(encoding="utf-8").endswith("Mine. The end.")


def test_auto_saves_failure_is_one_sentence_in_the_interfaces_language(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """A full disk under Auto Save: the status bar said "…could not save chapter.md: Could not
    save chapter.md: the disk is full…", in English inside the Chinese sentence (the
    reviewer's). Now the short reason, translated, once."""
    import errno

    from writer.documents import atomic
    from writer.ui import document_manager

    path = tmp_path / "chapter.md"
    path.write_text("The lamp was lit.\n", encoding="utf-8")
    assert window.open_file(path)
    window.settings.update(auto_save=True)

    def full(target, _data):
        raise atomic._save_error(target, OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(document_manager, "save_atomic", full)
    i18n.install("zh_CN")
    try:
        window.editor.insertPlainText("x")
        window.documents.auto_save()
        window.documents.finish_saving()  # (written on the journal's thread)
        shown = window.statusBar().currentMessage()
    finally:
        i18n.install("en")
    assert shown.startswith("自动保存未能保存 chapter.md（磁盘已满）")
    assert path.read_text(encoding="utf-8") == "The lamp was lit.\n"


def test_a_full_disk_for_the_history_never_stops_a_save(qtbot, window, tmp_path, small_tmpfs):
    """The history's disk is full: the save is done, and the status bar says once that this
    version was not kept."""
    full = small_tmpfs(tmp_path / "history-disk", "64k")
    window.documents.history = LocalHistory(full)
    path = tmp_path / "long.txt"
    noise = random.Random(3)
    text = "".join(noise.choice(string.ascii_letters) for _ in range(200_000))
    window.editor.setPlainText(text)
    with qtbot.waitSignal(window.documents.message, timeout=10_000,
                          check_params_cb=lambda m, _ms: "local history" in m) as said:  # fmt: skip
        assert window.documents._save_to(str(path))
    assert "could not keep this version" in said.args[0]
    assert path.read_text(encoding="utf-8") == text


def test_a_long_version_is_compared_while_the_window_goes_on(qtbot, window, tmp_path) -> None:
    """A long chapter rewritten: its version is compared on a thread of its own (difflib over a
    long manuscript held the window for seconds, minutes where blank lines anchored it), and the
    marks come when it is done."""
    words = random.Random(5)

    def paragraphs(n: int) -> str:
        return "\n\n".join(
            " ".join("".join(words.choice("abcdefgh") for _ in range(6)) for _ in range(12))
            for _ in range(n)
        )

    path = tmp_path / "long.md"
    path.write_text(paragraphs(300), encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText(paragraphs(300))
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    window.editor.setPlainText(paragraphs(300))
    dialog = window.show_history()  # (deleted on close)
    assert dialog.summary.text() == "Comparing with the text now…"
    assert dialog.comparing is not None
    assert dialog.restore_button.isEnabled()  # (Restore waits for no comparison)
    qtbot.waitUntil(lambda: dialog.comparing is None, timeout=10_000)
    assert dialog.summary.text().startswith("Lines against the text now: ")
    assert coloured(dialog)
    dialog.list.setCurrentRow(1)  # another version while one is compared: its marks only
    dialog.list.setCurrentRow(0)
    dialog.reject()
    assert dialog.comparing is None


def test_a_version_in_another_encoding_reads_as_it_was_written() -> None:
    """A version another program wrote in GBK, replaced by a save of the UTF-8 document, read
    as mojibake in the document's encoding (and restored so)."""
    from writer.ui.history_dialog import _read

    assert _read("灯塔看守人的女儿。".encode("gb18030"), "utf-8") == "灯塔看守人的女儿。"
    assert _read("café\r\n".encode("cp1252"), "cp1252") == "café\n"
    assert _read(b"\x00\x01binary", "utf-8") is None


def test_a_file_renamed_to_the_name_of_one_with_versions_keeps_both_lists_by_time(
    tmp_path: Path,
) -> None:
    """A chapter renamed to the name of one deleted earlier kept the deleted chapter's versions
    and hid its own: the two lists are one now, by time, the newest `keep` kept."""
    history = LocalHistory(tmp_path / "history", keep=3)
    old, new = tmp_path / "draft.md", tmp_path / "chapter.md"
    history.keep(new, b"deleted one", when=1000.0)
    history.keep(new, b"deleted two", when=3000.0)
    history.keep(old, b"draft one", when=2000.0)
    history.keep(old, b"draft two", when=4000.0)
    assert history.move(old, new)
    kept = history.versions(new)
    assert [v.time for v in kept] == [4000.0, 3000.0, 2000.0]
    assert [history.read(new, v) for v in kept] == [b"draft two", b"deleted two", b"draft one"]
    assert history.versions(old) == []
    assert not (tmp_path / "history" / folder_name(old)).exists()
    place = tmp_path / "history" / folder_name(new)
    assert sorted(p.name for p in place.glob("*.gz")) == sorted(f"{v.digest}.gz" for v in kept)
    # a list that cannot be read is never written over: both stay where they are
    history.keep(old, b"another draft", when=5000.0)
    (place / "versions.json").write_text("{", encoding="utf-8")
    assert not history.move(old, new)
    assert [history.read(old, v) for v in history.versions(old)] == [b"another draft"]


def test_a_versions_tables_show_in_the_editors_fixed_font(qtbot, window, tmp_path) -> None:
    """The preview of a version showed a Markdown table in the text's proportional font, its
    columns out of line: its rows are in the editor's fixed font, as the editor shows them
    (the other lines as they were; a plain text's lines all as they were)."""
    from writer.documents.markdown import Kind
    from writer.ui.markdown import formats_for

    text = "Cast:\n\n| Name | Part |\n|------|------|\n| Ann  | Lead |\n"
    for name, tables in (("cast.md", True), ("cast.txt", False)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert window.open_file(path)
        window.editor.setPlainText(text + "\nMore.\n")
        assert window.documents.save()
        wait_until(lambda path=path: len(window.app_state.history.versions(path)) == 2)
        dialog = window.show_history()
        qtbot.addWidget(dialog)
        dialog.list.setCurrentRow(1)
        fixed = formats_for(dialog.preview.palette(), dialog.preview.font())[Kind.TABLE]
        families = []
        block = dialog.preview.document().begin()
        while block.isValid():
            laid = {tuple(f.format.fontFamilies() or ()) for f in block.layout().formats()}
            families.append(tuple(fixed.fontFamilies()) in laid)
            block = block.next()
        assert families == [False, False, tables, tables, tables, False], name
        dialog.reject()


def test_show_changes_shows_what_a_restore_takes_out_and_brings_back(
    qtbot, window, tmp_path
) -> None:
    """Lines only in the text now were counted ("2 only in the text now") and never shown: a
    Restore took out text the writer could not see (look35's). Show Changes lays the lines that
    differ, the text now's struck through, the version's in green, a few the same around them
    and the rest counted; the version's own text comes back when it is unticked."""
    path = tmp_path / "chapter.md"
    lines = [f"Line {n} of the chapter." for n in range(1, 13)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText(
        "\n".join([*lines[:6], "A new line.", "Another new line.", *lines[7:]]) + "\n"
    )
    assert window.documents.save()  # (the file as it was before kept, and the save)
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(dialog.list.count() - 1)  # (the file as it was first)
    assert "1 changed, 1 only in the text now" in dialog.summary.text()
    assert dialog.changes_button.isEnabled()
    version_text = dialog.preview.toPlainText()
    dialog.changes_button.click()
    shown = dialog.preview.toPlainText().split("\n")
    assert shown == [
        "⋯ 4 lines the same ⋯", "Line 5 of the chapter.", "Line 6 of the chapter.",
        "A new line.", "Another new line.", "Line 7 of the chapter.",
        "Line 8 of the chapter.", "Line 9 of the chapter.", "⋯ 3 lines the same ⋯",
    ]  # fmt: skip  (the line break at the end ends the 12th line: no 13th, empty)
    marks = letters(dialog)
    assert marks["A new line."].fontStrikeOut()
    assert marks["Another new line."].fontStrikeOut()
    lines_shown = dialog.preview.document()
    colour = {lines_shown.findBlockByNumber(n).text(): lines_shown.findBlockByNumber(n)
              .blockFormat().background() for n in range(len(shown))}  # fmt: skip
    assert colour["A new line."].color().red() > 200
    assert not marks["Line 7 of the chapter."].fontStrikeOut()
    assert colour["Line 7 of the chapter."].color().green() > 100
    assert colour["Line 5 of the chapter."].style() == Qt.BrushStyle.NoBrush  # (the same)
    assert marks["⋯ 4 lines the same ⋯"].fontItalic()
    assert not marks["Line 5 of the chapter."].fontStrikeOut()
    assert not marks["Line 5 of the chapter."].fontItalic()
    dialog.changes_button.click()
    assert dialog.preview.toPlainText() == version_text
    assert dialog.text == "\n".join(lines) + "\n"  # (Restore and Copy Text: the version's)
    dialog.list.setCurrentRow(0)  # (Writer's save: the text now)
    assert not dialog.changes_button.isEnabled()
    assert dialog.summary.text() == "The same as the text now."


@st.composite
def two_texts(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A version's lines and the text now's: a few lines taken out, put in or rewritten (long
    runs of lines the same, as between two saves), or another text altogether."""
    lines = st.sampled_from(["a", "b", "c", "", "d"])
    ours = draw(st.lists(lines, max_size=40))
    if draw(st.booleans()) and len(ours) > 0:
        theirs = list(ours)
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(theirs)))
            cut = draw(st.integers(0, min(3, len(theirs) - at)))
            theirs[at : at + cut] = draw(st.lists(st.sampled_from(["x", "", "a"]), max_size=3))
        return ours, theirs
    return ours, draw(st.lists(st.sampled_from(["a", "b", "x", "", "d"]), max_size=30))


@given(two_texts())
def test_the_changes_hold_both_texts_lines(texts: tuple[list[str], list[str]]) -> None:
    """Read without its NOW lines, the changes are the version's lines, every one in its place
    (a SKIPPED line standing for as many as it counts, never fewer than two); without its HERE
    lines, the text now's. A run of lines the same keeps CONTEXT_LINES next to each change
    and no more where it is passed over; the changes are empty where the texts are the same."""
    from writer.documents.history import CONTEXT_LINES, HERE, NOW, SAME, SKIPPED, compare

    ours, theirs = texts
    version, now = "\n".join(ours), "\n".join(theirs)
    found = compare(version, now)
    # (a line break at a text's end ends its last line: told apart, never an empty line)
    assert (found.break_here, found.break_now) == (version.endswith("\n"), now.endswith("\n"))
    version, now = version.removesuffix("\n"), now.removesuffix("\n")
    if version == now:
        assert found.changes == ()
        assert not found.marked
        return
    kinds = [kind for kind, _text in found.changes]
    assert {HERE, NOW} & set(kinds)

    def read(left_out: str) -> list[str | None]:
        out: list[str | None] = []
        for kind, text in found.changes:
            if kind == SKIPPED:
                assert int(text) >= 2  # (one line passed over shows as itself)
                out += [None] * int(text)
            elif kind != left_out:
                out.append(text)
        return out

    for left_out, lines in ((NOW, version.split("\n")), (HERE, now.split("\n"))):
        seen = read(left_out)
        assert len(seen) == len(lines), (left_out, seen, lines)
        assert all(s is None or s == line for s, line in zip(seen, lines, strict=True))
    # the lines the same, run by run: all of a short run, else CONTEXT_LINES beside a change
    runs = "".join("c" if k in (HERE, NOW) else "s" if k == SAME else "k" for k in kinds)
    for run in runs.replace("c", " ").split():
        assert run.count("k") <= 1
    at = runs.find("k")
    while at != -1:
        head = len(runs[:at]) - len(runs[:at].rstrip("s"))
        tail = len(runs[at + 1 :]) - len(runs[at + 1 :].lstrip("s"))
        assert head == (0 if at - head == 0 else CONTEXT_LINES), runs
        assert tail == (0 if at + 1 + tail == len(runs) else CONTEXT_LINES), runs
        at = runs.find("k", at + 1)


def test_show_changes_is_built_off_the_windows_thread_and_toggled_without_laying_text(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """Show Changes over 5,000 lines that all differ was built on the window's thread: it held
    the window 1.6 s (8 s on and 25 off while a text was laid under the marks). Many lines are
    built on a thread of their own, the summary saying so meanwhile and the version's text
    showing; unticked or another version picked, they are dropped; a toggle swaps the version's
    text and the changes' lines, laying neither again."""
    from writer.ui import history_dialog

    # (40 lines are many here)
    monkeypatch.setattr(history_dialog, "CHANGES_AT_ONCE", 10, raising=False)
    built: list[threading.Thread] = []  # (Show Changes' lines, not the version's marks)
    go = threading.Event()
    go.set()

    def lines_document(*args, **kwargs):
        if args[2] is history_dialog.CHANGES:
            built.append(threading.current_thread())
            assert go.wait(10)
        return build(*args, **kwargs)

    build = history_dialog.lines_document
    monkeypatch.setattr(history_dialog, "lines_document", lines_document)
    path = tmp_path / "chapter.md"
    version = "".join(f"Line {n}.\n" for n in range(40))
    path.write_text(version, encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("".join(f"Line {n}, rewritten.\n" for n in range(40)))
    assert window.documents.save()  # (the file as it was before kept, and the save)
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)  # (the file as it was)
    qtbot.waitUntil(lambda: dialog.marking is None, timeout=10_000)
    assert len(coloured(dialog)) == 40  # (the version's lines, all marked: their blocks)
    counted = dialog.summary.text()
    laid: list[str] = []
    set_text = dialog.preview.setPlainText
    dialog.preview.setPlainText = lambda text: laid.append(text) or set_text(text)
    dialog.changes_button.click()
    assert dialog.summary.text() == f"{counted} Preparing the changes…"
    assert dialog.preview.toPlainText() == version  # (meanwhile)
    qtbot.waitUntil(lambda: dialog.preparing is None, timeout=10_000)
    assert built[0] is not threading.main_thread()
    # (handed to the window's thread: one of the worker's, shown, went unnoticed)
    assert dialog.preview.document().thread() is dialog.thread()
    assert dialog.summary.text() == counted
    struck = [text for text, format in letters(dialog).items() if format.fontStrikeOut()]
    assert len(struck) == 40  # (the text now's)
    assert len(coloured(dialog)) == 80
    dialog.changes_button.click()
    assert dialog.preview.toPlainText() == version
    assert len(coloured(dialog)) == 40
    dialog.changes_button.click()  # (built once for the version)
    assert (len(built), dialog.preparing, len(coloured(dialog))) == (1, None, 80)
    dialog.changes_button.click()
    assert laid == []
    # unticked while they are built: dropped, and the version's text stays
    dialog.list.setCurrentRow(0)
    dialog.list.setCurrentRow(1)
    go.clear()
    dialog.changes_button.click()
    task = dialog.preparing
    assert task is not None
    dialog.changes_button.click()
    assert dialog.preparing is None
    assert dialog.summary.text() == counted
    go.set()
    assert task.wait(10)
    # (the version's text, many lines, is laid on a thread of its own: it comes)
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() == version, timeout=10_000)
    assert not dialog.changes_button.isChecked()


def test_a_long_versions_marks_are_built_off_the_windows_thread(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """The marks of a version's lines that differ were coloured on the window's thread (0.12 s
    over 5,000 lines): many are built on a thread of their own, with the version's text, by
    Show Changes' builder (`lines_document`), the text showing meanwhile, and handed to the
    window's; another version picked meanwhile drops them."""
    from writer.ui import history_dialog

    monkeypatch.setattr(history_dialog, "CHANGES_AT_ONCE", 10)  # (40 lines are many here)
    built: list[threading.Thread] = []  # (the version's marks, not Show Changes' lines)
    go = threading.Event()

    def lines_document(*args, **kwargs):
        if args[2] is not history_dialog.CHANGES:
            built.append(threading.current_thread())
            assert go.wait(10)
        return build(*args, **kwargs)

    build = getattr(history_dialog, "lines_document", None)
    monkeypatch.setattr(history_dialog, "lines_document", lines_document, raising=False)
    path = tmp_path / "chapter.md"
    version = "".join(f"Line {n}.\n" for n in range(40))
    path.write_text(version, encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("".join(f"Line {n}{', rewritten' * (n % 2)}.\n"
                                       for n in range(40)))  # fmt: skip
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)  # (the file as it was)
    assert dialog.preview.toPlainText() == ""  # (meanwhile: the text is laid with them)
    assert dialog.preview.placeholderText() == "Preparing the version…"
    go.set()
    odd = [f"Line {n}." for n in range(1, 40, 2)]
    qtbot.waitUntil(lambda: coloured(dialog) == odd, timeout=10_000)
    assert built
    assert built[0] is not threading.main_thread()
    assert dialog.preview.document().thread() is dialog.thread()
    assert dialog.preview.toPlainText() == version
    # another version picked while they are built: dropped
    go.clear()
    dialog.list.setCurrentRow(0)
    dialog.list.setCurrentRow(1)
    task = dialog.marking
    assert task is not None
    dialog.list.setCurrentRow(0)
    assert dialog.marking is not task  # (the text now's own lines, many too, built alike)
    go.set()
    assert task.wait(10)
    qtbot.waitUntil(lambda: dialog.marking is None, timeout=10_000)
    assert dialog.preview.toPlainText() != version
    assert coloured(dialog) == []  # (Writer's save: the text now, nothing marked)


def test_a_long_versions_text_is_laid_once_on_a_thread_with_its_marks(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """A long version picked was laid on the window's thread (setPlainText: 25 ms for 5,000
    lines), then laid again on a thread with its marks. It is laid once, on the thread, text
    and marks together, "Preparing the version…" showing meanwhile; one with nothing to mark
    (the same as the text now) too."""
    from writer.ui import history_dialog

    monkeypatch.setattr(history_dialog, "CHANGES_AT_ONCE", 10)  # (40 lines are many here)
    built: list[tuple[threading.Thread, int]] = []  # the version's: thread, lines marked
    build = history_dialog.lines_document

    def lines_document(*args, **kwargs):
        if args[2] is not history_dialog.CHANGES:
            built.append((threading.current_thread(), sum(k != SAME for k, _t in args[0])))
        return build(*args, **kwargs)

    monkeypatch.setattr(history_dialog, "lines_document", lines_document)
    path = tmp_path / "chapter.md"
    version = "".join(f"Line {n}.\n" for n in range(40))
    path.write_text(version, encoding="utf-8")
    assert window.open_file(path)
    now = "".join(f"Line {n}{', rewritten' * (n % 2)}.\n" for n in range(40))
    window.editor.setPlainText(now)
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    # the newest version, the text now: nothing to mark, laid on the thread all the same
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() == now, timeout=10_000)
    assert [marks for _thread, marks in built] == [0]
    assert dialog.preview.placeholderText() == ""
    laid: list[str] = []
    set_text = dialog.preview.setPlainText
    dialog.preview.setPlainText = lambda text: laid.append(text) or set_text(text)
    built.clear()
    dialog.list.setCurrentRow(1)  # (the file as it was)
    assert dialog.preview.placeholderText() == "Preparing the version…"
    odd = [f"Line {n}." for n in range(1, 40, 2)]
    qtbot.waitUntil(lambda: coloured(dialog) == odd, timeout=10_000)
    assert dialog.preview.toPlainText() == version
    assert dialog.preview.placeholderText() == ""
    assert laid == [""]  # (the text before it taken away, no text laid here)
    assert len(built) == 1
    assert built[0][0] is not threading.main_thread()


def test_a_long_versions_text_shows_while_it_is_compared(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """A long version picked showed only "Preparing the version…" until the compare with the
    text now was done (seconds over a long manuscript), where its text used to show at once:
    its text is laid on a thread at once and shows, the marks coming once compared."""
    from writer.ui import history_dialog

    monkeypatch.setattr(history_dialog, "CHANGES_AT_ONCE", 10)  # (40 lines are many here)
    monkeypatch.setattr(history_dialog, "AT_ONCE_CHARS", 0)  # (compared on a thread)
    go = threading.Event()
    slow = history_dialog.compare

    def compare(*args):
        assert go.wait(10)
        return slow(*args)

    monkeypatch.setattr(history_dialog, "compare", compare)
    path = tmp_path / "chapter.md"
    version = "".join(f"Line {n}.\n" for n in range(40))
    path.write_text(version, encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("".join(f"Line {n}{', rewritten' * (n % 2)}.\n"
                                       for n in range(40)))  # fmt: skip
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    go.set()
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.comparing is None and dialog.marking is None, timeout=10_000)
    go.clear()
    try:
        dialog.list.setCurrentRow(1)  # (the file as it was), its compare held
        qtbot.waitUntil(lambda: dialog.preview.toPlainText() == version, timeout=10_000)
        assert dialog.preview.placeholderText() == ""
        assert dialog.comparing is not None  # (still comparing)
    finally:
        go.set()
    odd = [f"Line {n}." for n in range(1, 40, 2)]
    qtbot.waitUntil(lambda: coloured(dialog) == odd, timeout=10_000)
    assert dialog.preview.toPlainText() == version
    # one compared at once with none of its lines to mark (the text now has more): it shows
    monkeypatch.setattr(history_dialog, "AT_ONCE_CHARS", 20_000)
    window.editor.setPlainText(version + "An added line.\n")
    dialog.list.setCurrentRow(0)
    dialog.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() == version, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.marking is None, timeout=10_000)
    assert coloured(dialog) == []


def test_show_changes_dropped_are_deleted_on_the_thread_they_belong_to(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """Show Changes' lines built on a thread are handed to the window's: unticked meanwhile,
    they were let go on the worker's thread, which deleted there a document of the window's
    (Qt forbids it: a crash or a hang in time). Handed over, they are deleted on the window's
    thread; dropped before, on the thread that built them, still theirs."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QColor

    from writer.documents.history import compare
    from writer.ui import history_dialog

    monkeypatch.setattr(history_dialog, "CHANGES_AT_ONCE", 10)
    build = history_dialog.lines_document
    deleted: list[str] = []  # (the thread that deleted the document)
    handed, go = threading.Event(), threading.Event()

    def lines_document(*args, **kwargs):
        if args[2] is not history_dialog.CHANGES:  # (the version's marks)
            return build(*args, **kwargs)
        document = build(*args, **kwargs)  # (handed to the window's thread, then held back)
        document.destroyed.connect(lambda: deleted.append(threading.current_thread().name),
                                   Qt.ConnectionType.DirectConnection)  # fmt: skip
        handed.set()
        assert go.wait(10)
        return document

    monkeypatch.setattr(history_dialog, "lines_document", lines_document)
    path = tmp_path / "chapter.md"
    path.write_text("".join(f"Line {n}.\n" for n in range(40)), encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("".join(f"Line {n}, rewritten.\n" for n in range(40)))
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)  # (the file as it was)
    dialog.changes_button.click()
    task = dialog.preparing
    assert task is not None
    assert handed.wait(10)
    dialog.changes_button.click()  # (unticked while the lines are handed over)
    go.set()
    assert task.wait(10)

    def gone() -> bool:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        return bool(deleted)

    wait_until(gone)
    assert deleted == ["MainThread"]
    version = "".join(f"Line {n}.\n" for n in range(40))  # (laid on a thread: it comes)
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() == version, timeout=10_000)
    # dropped while they are built: none handed over, nothing of the window's touched
    unwanted = threading.Event()
    unwanted.set()
    found = compare("One.\nTwo.\n", "One.\nThree.\n")
    changes = history_dialog.CHANGES
    assert build(found.changes, dialog.font(), changes, "{0}", QColor("grey"), None,
                 unwanted) is None  # fmt: skip


def test_a_version_with_no_break_spaces_is_laid_once(qtbot, window, tmp_path) -> None:
    """The preview's text was read back with toPlainText, which writes a no-break space as a
    space: a French version never matched its own text and was laid a second time at each
    pick (a second or so over a long chapter, on the UI thread). Toggled off, the preview
    holds the version's text as it is."""
    path = tmp_path / "chapitre.md"
    text = "«\u00a0Bonjour\u00a0!\u00a0»\nLa lampe.\n"
    path.write_text(text, encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("«\u00a0Bonjour\u00a0!\u00a0»\nLa lampe éteinte.\n")
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    laid: list[str] = []
    set_text = dialog.preview.setPlainText
    dialog.preview.setPlainText = lambda text: laid.append(text) or set_text(text)
    dialog.list.setCurrentRow(1)  # (the file as it was)
    assert len(laid) == 1
    assert dialog.summary.text() == "Lines against the text now: 1 changed."
    dialog.changes_button.click()
    dialog.changes_button.click()
    assert plain_text(dialog.preview.document()) == text


def test_a_paragraph_separator_in_a_version_ends_its_line(qtbot, window, tmp_path) -> None:
    """Another program's file with a paragraph separator (U+2029): the preview starts a line
    at it, as the editor does, so the comparison counts it a line end too; counted as part
    of its line, every mark after it fell a line early (a line the same struck through)."""
    path = tmp_path / "chapter.md"
    path.write_text("One\u2029two.\nThe lamp.\nThe boats.\nThe end.\n", encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("One\ntwo.\nThe lamp.\nThe boats came in.\nThe end.\n")
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)  # (the file as it was)
    assert dialog.summary.text() == "Lines against the text now: 1 changed."
    assert coloured(dialog) == ["The boats."]
    dialog.changes_button.click()
    struck = [text for text, format in letters(dialog).items() if format.fontStrikeOut()]
    assert struck == ["The boats came in."]
    dialog.changes_button.click()
    assert dialog.text == "One\u2029two.\nThe lamp.\nThe boats.\nThe end.\n"  # (Restore's)


def test_every_line_a_differing_paragraph_wraps_over_is_coloured(qtbot, window, tmp_path) -> None:
    """A paragraph of prose is one long line the preview wraps: a mark at its start coloured
    only its first line, the others looked like the text the same around them, with Show
    Changes (look35's) and in the version's own text (review36's). One rule for both: the
    colour is the line's block's, painted over each line it wraps over; toggled, the version's
    mark comes back and the changes' colours go."""
    from PySide6.QtGui import QColor

    path = tmp_path / "chapter.md"
    paragraph = "The lamp was lit and the boats came in. " * 30
    path.write_text(f"# One\n\n{paragraph}\n\nThe end.\n", encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("# One\n\nThe end.\n")
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    dialog.resize(700, 500)
    dialog.list.setCurrentRow(1)  # (the file as it was: the paragraph only in it)
    preview = dialog.preview
    base = preview.palette().color(preview.viewport().backgroundRole())

    def each_line(row: int) -> list[QColor]:
        """The colour at the right edge of each line the preview's line `row` wraps over (of
        those in sight)."""
        block = preview.document().findBlockByNumber(row)
        assert block.text() == paragraph.rstrip("\n")
        wait_until(lambda: block.layout().lineCount() > 2)
        image = preview.viewport().grab().toImage()
        top = preview.blockBoundingGeometry(block).translated(preview.contentOffset()).top()
        seen = []
        for n in range(block.layout().lineCount()):
            line = block.layout().lineAt(n)
            y = int(top + line.y() + line.height() / 2) * image.devicePixelRatio()
            x = (preview.viewport().width() - 3) * image.devicePixelRatio()
            if 0 <= y < image.height():
                seen.append(QColor(image.pixel(int(x), int(y))))
        assert len(seen) > 2
        return seen

    assert all(seen != base for seen in each_line(2)), base.name()  # (the version's mark)
    assert len({seen.name() for seen in each_line(2)}) == 1  # (one colour for every line)
    dialog.changes_button.click()
    for n, seen in enumerate(each_line(2)):
        assert seen.green() - seen.red() > 10, (n, seen.name(), base.name())
    dialog.changes_button.click()
    assert all(seen != base for seen in each_line(2))
    assert coloured(dialog) == [paragraph.rstrip("\n"), ""]  # (the paragraph and its gap)
    assert not dialog.preview.extraSelections()


def test_a_difference_in_the_final_line_break_is_said_in_words(qtbot, window, tmp_path) -> None:
    """A version that differs only in the line break at its end showed an empty line marked
    and "1 only in this version (marked)": the break is said in words ("No newline at end of
    file", a diff says), no empty line coloured, and where lines differ too, both."""
    from writer.documents.history import compare

    found = compare("One\nTwo\n", "One\nTwo")
    assert (found.marked, found.changes, found.break_here, found.break_now) == ((), (), True, False)
    path = tmp_path / "chapter.md"
    path.write_text("The lamp.\nThe boats.\n", encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("The lamp.\nThe boats.")
    assert window.documents.save()
    window.editor.setPlainText("The lamp.\nThe boats came in.\n")
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 3)
    window.editor.setPlainText("The lamp.\nThe boats.")
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(2)  # (the file as it was: its break only)
    assert dialog.summary.text() == (
        "This version ends with a line break; the text now ends without one."
    )
    assert coloured(dialog) == []
    assert not dialog.changes_button.isEnabled()
    window.editor.setPlainText("The lamp.\nThe boats came in.\n")
    dialog.list.setCurrentRow(1)  # (Writer's first save: no break, and a line changed)
    assert dialog.summary.text() == (
        "Lines against the text now: 1 changed. This version ends without a line break; the "
        "text now ends with one."
    )
    assert coloured(dialog) == ["The boats."]
    dialog.changes_button.click()
    assert dialog.preview.toPlainText() == "The lamp.\nThe boats came in.\nThe boats."


def test_a_line_break_against_an_empty_text_is_said(qtbot, window, tmp_path) -> None:
    """A version of one line break against an empty text (and an empty one against a line
    break) differs in its final line break alone: the summary said nothing at all, nothing
    coloured and Show Changes greyed. It says which ends with one."""
    path = tmp_path / "chapter.md"
    path.write_text("\n", encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("")
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)  # (the file as it was: a line break)
    assert dialog.summary.text() == (
        "This version ends with a line break; the text now ends without one."
    )
    window.editor.setPlainText("\n")
    dialog.list.setCurrentRow(0)  # (Writer's save: empty)
    assert dialog.summary.text() == (
        "This version ends without a line break; the text now ends with one."
    )
    window.editor.setPlainText("The lamp.\n")  # (beside lines counted: not of an empty text)
    dialog.list.setCurrentRow(1)
    dialog.list.setCurrentRow(0)
    assert dialog.summary.text() == "Lines against the text now: 1 changed."


def test_show_changes_is_unticked_where_nothing_compares_and_comes_back_as_left(
    qtbot, window, tmp_path
) -> None:
    """Show Changes stayed ticked and greyed over a version the same as the text now (nothing
    to show): it reads unticked and greyed there, and ticked again, as the writer left it, at
    the next version that differs; unticked by the writer, it stays so."""
    path = tmp_path / "chapter.md"
    path.write_text("The lamp.\n", encoding="utf-8")
    assert window.open_file(path)
    window.editor.setPlainText("The lamp was lit.\n")
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(path)) == 2)
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    button = dialog.changes_button
    dialog.list.setCurrentRow(1)  # (the file as it was)
    button.click()
    assert button.isChecked()
    assert "The lamp was lit." in dialog.preview.toPlainText()  # (the text now's, struck)
    dialog.list.setCurrentRow(0)  # (Writer's save: the text now)
    assert (button.isChecked(), button.isEnabled()) == (False, False)
    assert dialog.preview.toPlainText() == "The lamp was lit.\n"
    dialog.list.setCurrentRow(1)
    assert (button.isChecked(), button.isEnabled()) == (True, True)
    assert dialog.preview.toPlainText() == "The lamp was lit.\nThe lamp."
    button.click()
    dialog.list.setCurrentRow(0)
    dialog.list.setCurrentRow(1)
    assert (button.isChecked(), button.isEnabled()) == (False, True)
    assert dialog.preview.toPlainText() == "The lamp.\n"
