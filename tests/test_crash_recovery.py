"""The kill test: type into the real app, accept a suggestion, SIGKILL it, start it again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("drive_app.py")


def _start(mode: str, env: dict[str, str], *args: str, stdin=subprocess.DEVNULL):
    return subprocess.Popen(
        [sys.executable, str(DRIVER), mode, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=stdin,
        env=env,
        text=True,
    )


def _events(proc: subprocess.Popen, until: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    seen = {}
    for line in proc.stdout:
        if not line.startswith("{"):
            continue
        event = json.loads(line)
        seen[event["event"]] = event
        if event["event"] == until:
            return seen
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"the app never reported {until!r}; saw {list(seen)}")


@pytest.mark.slow
def _entries(journal) -> list[str]:
    """The texts of the journal session's entries."""
    return [f.read_text(encoding="utf-8") for f in journal.session_dir.glob("*.entry")]


def _the_one_entry(journal) -> str:
    """The text of the journal session's only entry."""
    texts = _entries(journal)
    assert len(texts) == 1, texts
    return texts[0]


def test_sigkill_loses_nothing_typed_a_second_before(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]))
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        env[var] = str(tmp_path / var)

    typing = _start("type", env)
    try:
        seen = _events(typing, "typing")
        time.sleep(0.2)
        typing.send_signal(signal.SIGKILL)
    finally:
        typing.kill()
        typing.wait(10)
    assert typing.returncode == -signal.SIGKILL
    accepted = seen["accepted"]
    assert accepted["ghost"], "a suggestion streamed and was accepted before the kill"
    safe_text = seen["idle"]["text"]  # everything typed at least a second before the kill
    assert safe_text.endswith(accepted["ghost"])

    recovering = _start("recover", env)
    try:
        restored = _events(recovering, "restored")["restored"]
        recovering.wait(30)
    finally:
        recovering.kill()
    assert len(restored["texts"]) == 1
    text = restored["texts"][0]
    assert text.startswith(safe_text)
    assert seen["typing"]["text"].startswith(text)
    assert restored["names"][0].startswith("Dear diary")


def test_the_recovery_button_says_discard_when_nothing_is_checked(qtbot) -> None:
    from PySide6.QtCore import Qt

    from writer.documents.journal import RecoveredDocument
    from writer.ui.recovery_dialog import RecoveryDialog

    docs = [
        RecoveredDocument("a", None, "Draft", "Some text.", 0, 1_700_000_000.0),
        RecoveredDocument("b", "/tmp/x.md", "x.md", "More.", 0, 1_700_000_000.0),
    ]
    dialog = RecoveryDialog(docs)
    qtbot.addWidget(dialog)
    assert dialog.restore_button.text() == "&Restore"
    dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.restore_button.text() == "&Restore"  # one is still restored
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.restore_button.text() == "&Discard All"
    assert dialog.choices() == [(docs[0], False), (docs[1], False)]
    dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.restore_button.text() == "&Restore"


def test_the_recovery_shows_each_texts_and_asks_before_discarding(qtbot, monkeypatch) -> None:
    """Rows named a document by its first words and a time only, and Space then Enter
    discarded a draft for good without a question."""
    from PySide6.QtCore import Qt

    from writer.documents.journal import RecoveredDocument
    from writer.ui.recovery_dialog import RecoveryDialog

    docs = [
        RecoveredDocument("a", None, "Draft", "Draft\nthe first version.", 0, 1_700_000_000.0),
        RecoveredDocument("b", None, "Draft", "Draft\nthe second version.", 0, 1_700_000_000.0),
    ]
    dialog = RecoveryDialog(docs)
    qtbot.addWidget(dialog)
    assert dialog.preview.toPlainText() == docs[0].text
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    assert dialog.preview.toPlainText() == docs[1].text
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)  # unchecks the second
    asked = []
    monkeypatch.setattr(RecoveryDialog, "confirm_discard", lambda d, n: asked.append(n) or False)
    dialog.accept()
    assert asked == [1]
    assert dialog.result() != dialog.DialogCode.Accepted  # "Go Back": nothing decided
    monkeypatch.setattr(RecoveryDialog, "confirm_discard", lambda d, n: asked.append(n) or True)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.choices() == [(docs[0], True), (docs[1], False)]


def test_the_recovery_shows_where_the_writer_was_typing(qtbot, monkeypatch) -> None:
    """A long chapter's preview showed its first page, not the unsaved change (a tester's)."""
    from writer.documents.journal import RecoveredDocument
    from writer.ui import recovery_dialog
    from writer.ui.recovery_dialog import RecoveryDialog

    monkeypatch.setattr(recovery_dialog, "PREVIEW_CHARS", 2_000)
    text = "".join(f"Line {i} of the saved chapter.\n" for i in range(500))
    text += "The words typed last, never saved.\n" + "A line after.\n" * 20
    at = text.index("The words typed last")
    docs = [RecoveredDocument("a", None, "Chapter", text, at + 9, 1_700_000_000.0)]
    dialog = RecoveryDialog(docs)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.preview.toPlainText()
    assert shown.startswith("…Line ")  # (from a line's start, cut before)
    assert len(shown) < 2_100
    cursor = dialog.preview.textCursor()
    assert cursor.block().text() == "The words typed last, never saved."
    assert [s.cursor.block().text() for s in dialog.preview.extraSelections()] == [
        "The words typed last, never saved."
    ]
    def top() -> int:
        return dialog.preview.cursorForPosition(dialog.preview.viewport().rect().topLeft())

    qtbot.waitExposed(dialog)
    assert top().blockNumber() < cursor.blockNumber()  # (in view, lines above it shown too)
    bottom = dialog.preview.cursorForPosition(dialog.preview.viewport().rect().bottomLeft())
    assert bottom.blockNumber() > cursor.blockNumber()


def test_the_recovery_sentence_reads_well_for_one_document_and_for_more(qtbot) -> None:
    """It read "left unsaved documents: 1." (a plural form English had no file to choose)."""
    from PySide6.QtWidgets import QLabel

    from writer.documents.journal import RecoveredDocument
    from writer.ui.recovery_dialog import RecoveryDialog

    one = RecoveredDocument("a", None, "Draft", "Some text.", 0, 1_700_000_000.0)
    two = RecoveredDocument("b", "/tmp/x.md", "x.md", "More.", 0, 1_700_000_000.0)
    for docs, words in (([one], "left an unsaved document."), ([one, two], "left 2 unsaved")):
        dialog = RecoveryDialog(docs)
        qtbot.addWidget(dialog)
        intro = dialog.findChildren(QLabel)[0].text()
        assert words in intro
        assert ": " not in intro


def test_the_recovery_says_the_system_ended_writer_where_the_disk_refused_its_last_text(
    qtbot, small_disk: Path
) -> None:
    """The system ended Writer, and the disk refused a document's last text: the next start
    asks about its documents, and File → Recover's question said Writer "did not close
    properly", which it did. It says what happened; a crash's documents beside them still
    read as a crash's."""
    from PySide6.QtWidgets import QLabel

    from writer.documents import Journal
    from writer.documents.errors import JournalError
    from writer.ui.recovery_dialog import RecoveryDialog

    folder = small_disk / "journal"
    ended = Journal(folder)
    ended.write("a", "short and safe", path=None, cursor=0)
    ended.write("b", "a draft", path=None, cursor=0)
    with pytest.raises(JournalError):
        ended.write("a", "long " * 100_000, path=None, cursor=0)
    ended.keep_for_next_start()
    start = Journal(folder)
    try:
        docs = start.orphans().documents
        assert len(docs) == 2
        for offered, words in ((docs[:1], "left an unsaved document"),
                               (docs, "left 2 unsaved documents")):  # fmt: skip
            dialog = RecoveryDialog(offered)
            qtbot.addWidget(dialog)
            intro = dialog.findChildren(QLabel)[0].text()
            assert "The system ended Writer last time" in intro
            assert "the disk refused" in intro
            assert words in intro
            assert "did not close properly" not in intro
        crashed = replace(docs[0], refused=False)
        dialog = RecoveryDialog([*docs, crashed])
        qtbot.addWidget(dialog)
        assert "did not close properly" in dialog.findChildren(QLabel)[0].text()
    finally:
        start.close()


def test_a_file_opened_by_name_takes_its_recovered_text_in_its_own_window(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """`writer story.md` after a crash that left story.md's later edits unsaved, then
    Restore: a second window showed the recovered text beside the first on the file from
    disk, and each took the other's saves for another program's."""
    from tests.test_documents_journal import crashed_writer
    from writer.app import AppState, first_window, offer_recovery
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.recovery_dialog import RecoveryDialog
    from writer.worker import EngineWorker

    story = tmp_path / "story.md"
    story.write_text("The saved beginning.\n")
    folder = tmp_path / "journal"
    crashed_writer(folder, [{"doc_id": "a", "text": "The saved beginning.\nAnd more.\n",
                             "path": str(story), "cursor": 5}])
    journal = Journal(folder)
    state = AppState(Settings(), EngineWorker(), JournalWriter(journal), None)
    state._quitting = True
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)  # Restore
    window = first_window(state, str(story))
    try:
        offer_recovery(state, window)
        assert state.windows == [window]
        assert window.editor.toPlainText() == "The saved beginning.\nAnd more.\n"
        assert window.documents.is_modified
    finally:
        for shown in list(state.windows):
            shown.editor.document().setModified(False)
            shown.close()
        journal.close()


def test_an_untitled_draft_goes_to_the_empty_window_the_session_brought_back(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A plain start after a kill brings back the session's windows (a chapter, an empty
    project window); an untitled draft restored goes into the empty one, in its project (it
    went to a new window outside the project, the empty one left beside it)."""
    from tests.test_documents_journal import crashed_writer
    from writer.app import AppState, first_window, offer_recovery
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.recovery_dialog import RecoveryDialog
    from writer.worker import EngineWorker

    story = tmp_path / "book" / "story.md"
    story.parent.mkdir()
    story.write_text("The saved beginning.\n")
    folder = tmp_path / "journal"
    crashed_writer(folder, [{"doc_id": "a", "text": "A note to self.", "cursor": 3}])
    journal = Journal(folder)
    state = AppState(Settings(), EngineWorker(), JournalWriter(journal), None)
    state._quitting = True
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)  # Restore
    window = first_window(state, str(story))
    try:
        assert window.open_folder(story.parent)
        empty = state.new_window(project=window.project)  # (the session's project window)
        offer_recovery(state, window)
        assert len(state.windows) == 2
        assert empty.editor.toPlainText() == "A note to self."
        assert empty.project is window.project
    finally:
        for shown in list(state.windows):
            shown.editor.document().setModified(False)
            shown.close()
        journal.close()


def test_a_draft_of_another_projects_file_never_goes_into_this_projects_empty_window(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """`writer other-folder` after a kill that left a chapter of another project unsaved, then
    Restore: the chapter went into the empty window of the folder opened, whose Project panel
    listed another folder's files and whose notes the model took for the chapter's memory."""
    from tests.test_documents_journal import crashed_writer
    from writer.app import AppState, first_window, offer_recovery
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.recovery_dialog import RecoveryDialog
    from writer.worker import EngineWorker

    chapter = tmp_path / "lighthouse" / "chapter-01.md"
    chapter.parent.mkdir()
    chapter.write_text("The storm came.\n")
    other = tmp_path / "another"
    other.mkdir()
    (other / "notes.md").write_text("## Synopsis\n\nA different book.\n")
    folder = tmp_path / "journal"
    crashed_writer(folder, [{"doc_id": "a", "text": "The storm came.\nMira knelt.\n",
                             "path": str(chapter), "cursor": 5}])
    journal = Journal(folder)
    state = AppState(Settings(), EngineWorker(), JournalWriter(journal), None)
    state._quitting = True
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)  # Restore
    window = first_window(state, str(other))
    try:
        assert window.project is not None
        offer_recovery(state, window)
        assert window.documents.is_empty_untitled  # the other project's window holds nothing
        assert len(state.windows) == 2
        restored = state.windows[1]
        assert restored.editor.toPlainText() == "The storm came.\nMira knelt.\n"
        assert restored.project is None  # its own project is not open
        assert restored.documents.is_modified
    finally:
        for shown in list(state.windows):
            shown.editor.document().setModified(False)
            shown.close()
        journal.close()


def test_an_untitled_draft_of_a_project_window_goes_back_into_its_project(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A scene written in a new window of a project (Ctrl+N there), never saved, then a kill:
    Restore put it into a window with no project, and the model wrote on without the notes.
    The journal keeps the project of the window, and the draft goes back into it; a draft
    whose project folder is gone comes back without one."""
    from tests.test_documents_journal import crashed_writer
    from writer.app import AppState, first_window
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.worker import EngineWorker

    book = tmp_path / "lighthouse"
    book.mkdir()
    (book / "notes.md").write_text("## Synopsis\n\nA keeper and a drowned sailor.\n")
    folder = tmp_path / "journal"
    journal = Journal(folder / "live")
    writer = JournalWriter(journal)
    state = AppState(Settings(), EngineWorker(), writer, None)
    state._quitting = True
    window = first_window(state, str(book))
    try:
        # what the window journals names its project
        window.editor.insertPlainText("The fog horn sounded twice.")
        window.documents.journal_now()
        writer.flush_and_stop()
        head = next((folder / "live").glob("session-*/*.entry")).read_bytes().split(b"\n")[0]
        assert json.loads(head)["project"] == str(book)
    finally:
        window.editor.document().setModified(False)
        window.close()
        journal.close()
    crashed_writer(folder / "crashed", [
        {"doc_id": "a", "text": "The fog horn sounded twice.", "project": str(book)},
        {"doc_id": "b", "text": "A lost draft.", "project": str(tmp_path / "gone")},
    ])  # fmt: skip
    with _restored(folder / "crashed", None, monkeypatch) as texts:  # a plain start
        draft = texts["The fog horn sounded twice."]
        assert draft.project is not None
        assert draft.project.folder == book.resolve()
        assert draft.documents.is_modified
        assert texts["A lost draft."].project is None


@contextmanager
def _restored(folder: Path, start: str | None, monkeypatch):
    """A Writer started on `start` (None: a plain start) over the journal `folder` a crashed
    one left, Restore pressed: yields its windows by their texts, and closes them after."""
    from writer.app import AppState, first_window, offer_recovery
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.recovery_dialog import RecoveryDialog
    from writer.worker import EngineWorker

    journal = Journal(folder)
    state = AppState(Settings(), EngineWorker(), JournalWriter(journal), None)
    state._quitting = True
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)  # Restore
    window = first_window(state, start)
    try:
        offer_recovery(state, window)
        yield {w.editor.toPlainText(): w for w in state.windows}
    finally:
        for shown in list(state.windows):
            shown.editor.document().setModified(False)
            shown.close()
        journal.close()


def test_drafts_left_for_later_are_offered_again_from_the_file_menu(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Decide Later at the start left the drafts out of reach until the next start: File →
    Recover Unsaved Documents offers them again in the same dialog and restores them the same
    way (the file opened by name takes its text in its own window), and is off once none wait."""
    from tests.test_documents_journal import crashed_writer
    from writer.app import AppState, first_window, offer_recovery
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.recovery_dialog import RecoveryDialog
    from writer.worker import EngineWorker

    story = tmp_path / "story.md"
    story.write_text("The saved beginning.\n")
    folder = tmp_path / "journal"
    crashed_writer(folder, [
        {"doc_id": "a", "text": "A draft never saved.", "cursor": 3},
        {"doc_id": "b", "text": "The saved beginning.\nAnd more.\n", "path": str(story),
         "cursor": 5},
    ])  # fmt: skip
    journal = Journal(folder)
    state = AppState(Settings(), EngineWorker(), JournalWriter(journal), None)
    state._quitting = True
    offered: list[list[str]] = []
    answers = [0]  # Decide Later

    def answer(dialog: RecoveryDialog) -> int:
        offered.append(sorted(doc.text for doc in dialog.documents))
        return answers.pop(0)

    monkeypatch.setattr(RecoveryDialog, "exec", answer)
    window = first_window(state, str(story))
    try:
        assert not window.act_recover.isEnabled()  # nothing offered yet
        assert window.act_recover in window.file_menu.actions()
        offer_recovery(state, window)
        assert offered == [["A draft never saved.", "The saved beginning.\nAnd more.\n"]]
        assert window.editor.toPlainText() == "The saved beginning.\n"  # nothing restored
        assert window.act_recover.isEnabled()
        assert state.new_window().act_recover.isEnabled()  # a window opened since, too
        answers.append(1)  # Restore, both checked
        window.act_recover.trigger()
        assert offered[1] == offered[0]
        assert window.editor.toPlainText() == "The saved beginning.\nAnd more.\n"
        assert window.documents.is_modified
        texts = [w.editor.toPlainText() for w in state.windows]
        assert texts.count("A draft never saved.") == 1
        assert not any(w.act_recover.isEnabled() for w in state.windows)
        assert not journal.undecided
        mine = journal.session_dir.name
        assert sorted(p.name for p in folder.iterdir()) == [mine, f"{mine}.lock"]  # (no other)
        state.recover_unsaved(window)  # (the menu's item is off; asked anyway)
        assert len(offered) == 2
        assert "No unsaved documents" in window.statusBar().currentMessage()
    finally:
        for shown in list(state.windows):
            shown.editor.document().setModified(False)
            shown.close()
        journal.close()


def test_a_draft_recovered_later_for_a_file_open_with_other_edits_says_so_in_both_windows(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Found by a tester: File → Recover Unsaved Documents while the file was open with other
    unsaved changes gave two windows on it, both "story.md*", without a word."""
    from tests.test_documents_journal import crashed_writer
    from writer.app import AppState, first_window, offer_recovery
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.recovery_dialog import RecoveryDialog
    from writer.worker import EngineWorker

    story = tmp_path / "story.md"
    story.write_text("The saved beginning.\n")
    folder = tmp_path / "journal"
    crashed_writer(folder, [{"doc_id": "b", "text": "The saved beginning.\nAnd more.\n",
                             "path": str(story), "cursor": 5}])  # fmt: skip
    journal = Journal(folder)
    state = AppState(Settings(), EngineWorker(), JournalWriter(journal), None)
    state._quitting = True
    answers = [0, 1]  # Decide Later, then Restore
    monkeypatch.setattr(RecoveryDialog, "exec", lambda _dialog: answers.pop(0))
    window = first_window(state, str(story))
    try:
        offer_recovery(state, window)
        window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
        window.editor.insertPlainText("Other words.")
        window.act_recover.trigger()
        assert len(state.windows) == 2
        other = next(w for w in state.windows if w is not window)
        assert other.editor.toPlainText() == "The saved beginning.\nAnd more.\n"
        assert window.editor.toPlainText().endswith("Other words.")
        for shown in (window, other):
            qtbot.waitUntil(
                lambda shown=shown: "story.md is open in two windows"
                in shown.statusBar().currentMessage(),
                timeout=5000,
            )
    finally:
        for shown in list(state.windows):
            shown.editor.document().setModified(False)
            shown.close()
        journal.close()


def test_decide_later_says_where_the_unsaved_documents_wait(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Decide Later closed the recovery without a word: the window showed the file as saved,
    and nothing said that the unsaved text was kept, nor where to find it (look34's)."""
    from tests.test_documents_journal import crashed_writer
    from writer.app import AppState, first_window, offer_recovery
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.recovery_dialog import RecoveryDialog
    from writer.worker import EngineWorker

    story = tmp_path / "story.md"
    story.write_text("The saved beginning.\n")
    folder = tmp_path / "journal"
    crashed_writer(folder, [{"doc_id": "a", "text": "The saved beginning.\nAnd more.\n",
                             "path": str(story), "cursor": 5}])
    journal = Journal(folder)
    state = AppState(Settings(), EngineWorker(), JournalWriter(journal), None)
    state._quitting = True
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 0)  # Decide Later
    window = first_window(state, str(story))
    try:
        offer_recovery(state, window)
        qtbot.waitUntil(
            lambda: "Recover Unsaved Documents" in window.statusBar().currentMessage()
        )
        assert "story.md" in window.statusBar().currentMessage()
        assert window.act_recover.isEnabled()
        assert window.editor.toPlainText() == "The saved beginning.\n"  # nothing restored
    finally:
        for shown in list(state.windows):
            shown.close()
        journal.close()


def test_a_chapter_of_a_project_not_open_goes_back_into_its_project(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A chapter left unsaved by a kill, then a start with another file: Restore opened the
    chapter in a window of its own, without its project (no Project panel, and the model wrote
    on without the notes), though the journal names the project whose window showed it. It
    goes back into that project; a file the window showed from outside the folder does not."""
    from tests.test_documents_journal import crashed_writer

    book = tmp_path / "lighthouse"
    book.mkdir()
    (book / "notes.md").write_text("## Synopsis\n\nA keeper and a drowned sailor.\n")
    chapter = book / "chapter-01.md"
    chapter.write_text("The storm came.\n")
    stray = tmp_path / "letter.md"
    stray.write_text("Dear Mira,\n")
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("Another file.\n")
    folder = tmp_path / "journal"
    crashed_writer(folder, [
        {"doc_id": "a", "text": "The storm came.\nMira knelt.\n", "path": str(chapter),
         "project": str(book)},
        {"doc_id": "b", "text": "Dear Mira,\nthe lamp\n", "path": str(stray),
         "project": str(book)},
    ])  # fmt: skip
    with _restored(folder, str(elsewhere), monkeypatch) as texts:
        restored = texts["The storm came.\nMira knelt.\n"]
        assert restored.project is not None
        assert restored.project.folder == book.resolve()
        assert restored.documents.is_modified
        assert texts["Dear Mira,\nthe lamp\n"].project is None


def _profile(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]))
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / "profile" / var)
    return env


def _edit_then(sig: signal.Signals, tmp_path: Path, env: dict[str, str]):
    """A chapter and an untitled draft edited in the real app, then `sig`; returns the
    chapter, the texts the app reported, and the exit status."""
    chapter = tmp_path / "chapter.md"
    chapter.write_text("It rained.", encoding="utf-8")
    editing = _start("edit", env, str(chapter))
    try:
        edited = _events(editing, "edited")["edited"]
        if sig == signal.SIGKILL:  # (a crash loses what the journal's pause had not written)
            journal = Path(env["XDG_STATE_HOME"]) / "Writer" / "journal"
            deadline = time.monotonic() + 30
            while len(list(journal.glob("session-*/*.entry"))) < 2:
                assert time.monotonic() < deadline, "both documents journaled"
                time.sleep(0.05)
        editing.send_signal(sig)
        code = editing.wait(60)
    finally:
        editing.kill()
        editing.wait(10)
    return chapter.resolve(), edited["texts"], code


def _reopen(env: dict[str, str]) -> dict:
    reopening = _start("reopen", env)
    try:
        seen = _events(reopening, "reopened")
        reopening.wait(60)
    finally:
        reopening.kill()
        reopening.wait(10)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_writer_the_system_ends_comes_back_as_it_was_without_a_question(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """SIGTERM (logout, shutdown) or SIGHUP (its terminal closed) is no crash: Writer keeps
    every unsaved text and quits at once, asking nothing and saving nothing; the next plain
    start brings the windows back with their unsaved text, still unsaved, and says so once
    instead of asking the crash's recovery question."""
    env = _profile(tmp_path)
    chapter, texts, code = _edit_then(sig, tmp_path, env)
    assert code == 0, "ended politely, not killed by the signal"
    assert chapter.read_text(encoding="utf-8") == "It rained.", "nothing saved unasked"

    seen = _reopen(env)
    assert "asked" not in seen, "no recovery question after a polite end"
    windows = seen["reopened"]["windows"]
    files = [w for w in windows if w["path"] is not None]
    drafts = [w for w in windows if w["path"] is None and w["text"]]
    assert [(Path(w["path"]).resolve(), w["text"], w["modified"]) for w in files] == [
        (chapter, texts[str(chapter)], True)
    ]
    assert texts[str(chapter)] == "It rained. The ferry ran at dawn."
    assert [(w["text"], w["modified"]) for w in drafts] == [("Untitled thoughts on rivers", True)]
    told = [m for m in seen["reopened"]["said"] if "ended is back" in m]
    assert len(told) == 2, "said once in each window given its text back"


def _came_back(seen: dict, chapter: Path, texts: dict[str, str]) -> None:
    """The chapter and the draft `_edit_then` typed are back, unsaved, without a question."""
    assert "asked" not in seen, "no recovery question after a polite end"
    windows = seen["reopened"]["windows"]
    assert [(w["text"], w["modified"]) for w in windows
            if w["path"] is not None and Path(w["path"]).resolve() == chapter] == [
        (texts[str(chapter)], True)
    ]  # fmt: skip
    drafts = [(w["text"], w["modified"]) for w in windows if w["path"] is None and w["text"]]
    assert drafts == [("Untitled thoughts on rivers", True)]


@pytest.mark.slow
def test_two_writers_the_system_ends_together_both_come_back(tmp_path: Path) -> None:
    """A logout ends every Writer running. Each wrote the windows it had open to the
    settings' last session, the last one's over the others', and the next start reopened
    only the last one's windows: a saved letter open in the first was gone. Each keeps its
    own windows, and the next start reopens them all."""
    env = _profile(tmp_path)
    letter = tmp_path / "letter.md"
    letter.write_text("Dear Mira,", encoding="utf-8")
    reading = _start("open", env, str(letter))
    try:
        _events(reading, "edited")
        chapter = tmp_path / "chapter.md"
        chapter.write_text("It rained.", encoding="utf-8")
        editing = _start("edit", env, str(chapter))
        try:
            texts = _events(editing, "edited")["edited"]["texts"]
            reading.send_signal(signal.SIGTERM)
            assert reading.wait(60) == 0
            editing.send_signal(signal.SIGTERM)
            assert editing.wait(60) == 0
        finally:
            editing.kill()
            editing.wait(10)
    finally:
        reading.kill()
        reading.wait(10)

    seen = _reopen(env)
    _came_back(seen, chapter.resolve(), texts)
    letters = [(w["text"], w["modified"]) for w in seen["reopened"]["windows"]
               if w["path"] is not None and Path(w["path"]).resolve() == letter.resolve()]
    assert letters == [("Dear Mira,", False)], "the first Writer's window is back too"


@pytest.mark.slow
def test_writer_file_after_the_systems_end_brings_the_ended_windows_back_too(
    tmp_path: Path,
) -> None:
    """`writer notes.md` after a logout restored the unsaved texts, but the window of a saved
    letter, named only in the ended Writer's mark, came back neither then nor at any later
    start (the start took the sessions). It comes back as at a plain start, beside the file
    the command line named."""
    env = _profile(tmp_path)
    letter = tmp_path / "letter.md"
    letter.write_text("Dear Mira,", encoding="utf-8")
    reading = _start("open", env, str(letter))
    try:
        _events(reading, "edited")
        reading.send_signal(signal.SIGTERM)
        assert reading.wait(60) == 0
    finally:
        reading.kill()
        reading.wait(10)
    chapter, texts, code = _edit_then(signal.SIGTERM, tmp_path, env)
    assert code == 0
    notes = tmp_path / "notes.md"
    notes.write_text("Ferry times.", encoding="utf-8")

    reopening = _start("reopen", env, str(notes))
    try:
        seen = _events(reopening, "reopened")
        reopening.wait(60)
    finally:
        reopening.kill()
        reopening.wait(10)
    _came_back(seen, chapter, texts)
    files = sorted((Path(w["path"]).resolve(), w["text"], w["modified"])
                   for w in seen["reopened"]["windows"] if w["path"] is not None)  # fmt: skip
    assert files == sorted([
        (chapter, texts[str(chapter)], True),
        (letter.resolve(), "Dear Mira,", False),
        (notes.resolve(), "Ferry times.", False),
    ])  # fmt: skip


@pytest.mark.slow
def test_a_writer_the_system_ends_while_it_starts_ends_politely_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """The signals' polite end was set up after the settings, the journal and the engine's
    worker were made: a logout's SIGTERM meanwhile killed Writer as it started (reopening
    the windows an earlier polite end had left). It ends politely there too, and the next
    start brings everything back."""
    env = _profile(tmp_path)
    chapter, texts, code = _edit_then(signal.SIGTERM, tmp_path, env)
    assert code == 0
    starting = _start("--hold-start", env, "open", stdin=subprocess.PIPE)
    try:
        _events(starting, "starting")
        starting.send_signal(signal.SIGTERM)
        starting.stdin.write("\n")  # (the start goes on)
        starting.stdin.flush()
        assert starting.wait(60) == 0, "ended politely, not killed by the signal"
    finally:
        starting.kill()
        starting.wait(10)
    _came_back(_reopen(env), chapter, texts)


@pytest.mark.slow
def test_a_killed_writer_is_still_a_crash_and_its_text_is_offered_back(tmp_path: Path) -> None:
    env = _profile(tmp_path)
    chapter, _texts, code = _edit_then(signal.SIGKILL, tmp_path, env)
    assert code == -signal.SIGKILL
    seen = _reopen(env)
    assert len(seen["asked"]["names"]) == 2, "the crash's recovery question, both documents"
    assert not [m for m in seen["reopened"]["said"] if "ended is back" in m]



def _chapter_typed_in(state, tmp_path: Path, typed: str):
    """A window of `state` on a chapter ("It rained."), shown, `typed` at the text's end
    (unsaved); returns the window and the chapter's path."""
    chapter = tmp_path / "chapter.md"
    chapter.write_text("It rained.", encoding="utf-8")
    window = state.new_window(str(chapter))
    window.show()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText(typed)
    return window, chapter


def test_at_the_sessions_end_windows_close_unasked_and_keep_their_unsaved_text(
    state, monkeypatch, tmp_path: Path
) -> None:
    """The session's end where a session manager says it (Windows, X11:
    commitDataRequest, then the windows closed): every window's unsaved text goes to the
    journal and stays there, the windows are the session's, and closing them asks nothing
    (a Save question at logout was answered by nobody, or held the logout)."""
    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    asked: list = []
    monkeypatch.setattr(window.documents.questions, "save_changes",
                        lambda *a, **_k: asked.append(a) or "cancel")  # fmt: skip
    state.keep_for_next_start()
    assert window.close()
    assert asked == []
    assert state.windows == []
    assert state.settings.last_session == [[str(chapter), ""]]
    assert chapter.read_text(encoding="utf-8") == "It rained."
    journal = state.journal_writer.journal

    def journaled() -> list[str]:
        return _entries(journal)

    from tests.conftest import wait_until

    wait_until(lambda: any(text.endswith("It rained. Then fog.") for text in journaled()))


def test_a_session_end_the_writer_cancelled_leaves_closes_asking_again(
    state, monkeypatch, tmp_path: Path
) -> None:
    """A logout cancelled after Qt asked Writer to keep its data (commitDataRequest) is told
    to no program: Writer stayed kept, and every later close, for as long as it ran, closed an
    unsaved document without a question. The writer's next key in Writer means the session
    goes on: closing asks again."""
    from PySide6.QtTest import QTest

    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    window, chapter = _chapter_typed_in(state, tmp_path, "")
    state.keep_for_next_start()  # the session's end asked
    QTest.keyClicks(window.editor, " Then fog.")  # ... and was cancelled: the writer types on
    asked: list = []
    monkeypatch.setattr(window.documents.questions, "save_changes",
                        lambda *a, **_k: asked.append(a) or "cancel")  # fmt: skip
    assert not window.close(), "Cancel keeps the window"
    assert len(asked) == 1
    assert state.windows == [window]
    assert window.editor.toPlainText() == "It rained. Then fog."


def test_text_that_arrives_after_the_sessions_end_asked_is_kept_when_the_window_closes(
    state, monkeypatch, tmp_path: Path
) -> None:
    """Between the session's end asking Writer to keep its data and the windows' closing, text
    may still arrive (a suggestion or a rewrite streaming in): a window closed then went
    without journaling it (its journal's pause never came), and the next start brought the
    document back without it."""
    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    state.keep_for_next_start()
    window.editor.insertPlainText(" The ferry waited.")  # (not the writer's keys)
    assert window.close()
    journal = state.journal_writer.journal
    state.journal_writer.flush_and_stop()
    assert _the_one_entry(journal).endswith("It rained. Then fog. The ferry waited.")


def test_with_no_journal_the_systems_end_asks_as_quit_does(
    qapp, loaded_worker, monkeypatch, tmp_path: Path
) -> None:
    """Where the journal could not be made at the start ("Recovery after a crash is off"),
    the session's end and SIGTERM closed the windows without a question and kept nothing:
    the unsaved text was lost (before hot exit, the session's end asked). They ask, as Quit
    does."""
    from writer.app import AppState
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings

    state = AppState(Settings(), loaded_worker, JournalWriter(None), None)
    stopped: list = []
    monkeypatch.setattr(state, "shutdown", lambda: stopped.append(True))
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    asked: list = []
    monkeypatch.setattr(window.documents.questions, "save_changes",
                        lambda *a, **_k: asked.append(a) or "cancel")  # fmt: skip
    try:
        state.keep_for_next_start()  # the session's end
        assert not window.close()
        assert len(asked) == 1
        state.end_politely()  # SIGTERM
        assert len(asked) == 2
        assert state.windows == [window]
        assert not stopped
        assert window.editor.toPlainText() == "It rained. Then fog."
    finally:
        window.editor.document().setModified(False)
        state._quitting = True  # (the shared worker goes on)
        window.close()


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no hangup signal (Windows)")
def test_a_writer_started_with_hangups_ignored_outlives_its_terminal(qapp) -> None:
    """`nohup writer &` ignores SIGHUP so that Writer outlives the terminal it was started
    from: catching SIGHUP for the polite end took that back, and closing the terminal ended
    Writer. A signal ignored at the start stays ignored; SIGTERM is still caught."""
    from writer.app import end_politely_on_signals

    hangup = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        undo = end_politely_on_signals(qapp, lambda: None)
        try:
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)
        finally:
            undo()
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, hangup)


def test_an_auto_save_being_written_when_the_session_ends_is_taken_not_kept_unsaved(
    state, monkeypatch, tmp_path: Path
) -> None:
    """An auto save still being written when the session's end asked Writer to keep its
    documents: the text went to the journal as unsaved with the file's old signature, while
    the auto save wrote it to the file; the next start brought it back unsaved, and its save
    asked about "another program's" change, the auto save's own. The auto save is taken
    first, as a close takes it: the document is saved, nothing kept."""
    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    state.settings.update(auto_save=True)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    writing = threading.Event()
    state.journal_writer.run(lambda: writing.wait(10))  # (the writing thread busy a moment)
    window.documents.auto_save()
    assert window.documents._saving is not None, "an auto save on its way"
    threading.Timer(0.2, writing.set).start()
    state.keep_for_next_start()
    journal = state.journal_writer.journal
    state.journal_writer.flush_and_stop()
    assert chapter.read_text(encoding="utf-8") == "It rained. Then fog."
    assert not window.documents.is_modified
    assert list(journal.session_dir.glob("*.entry")) == []


def test_an_auto_save_waiting_for_the_pause_is_written_when_the_system_ends_writer(
    state, monkeypatch, tmp_path: Path
) -> None:
    """With Auto Save on, the text typed just before the system ended Writer waited for a
    pause that never came: it came back unsaved, as if Auto Save were off. It is written as
    Auto Save would have written it; where Auto Save may not write (another program changed
    the file), it stays unsaved in the journal."""
    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    state.settings.update(auto_save=True)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    letter = tmp_path / "letter.md"
    letter.write_text("Dear Mira,", encoding="utf-8")
    other = state.new_window(str(letter))
    other.show()
    other.editor.moveCursor(other.editor.textCursor().MoveOperation.End)
    other.editor.insertPlainText(" the lamp")
    assert window.documents._auto.isActive(), "the auto save waits for the pause"
    letter.write_text("Dear Mira, from Ann's phone", encoding="utf-8")  # (another program)
    state.keep_for_next_start()
    journal = state.journal_writer.journal
    state.journal_writer.flush_and_stop()
    assert chapter.read_text(encoding="utf-8") == "It rained. Then fog."
    assert not window.documents.is_modified
    assert letter.read_text(encoding="utf-8") == "Dear Mira, from Ann's phone"
    assert other.documents.is_modified
    assert _the_one_entry(journal).endswith("\nDear Mira, the lamp")


def test_the_text_is_journaled_before_auto_save_writes_it_at_the_systems_end(
    state, monkeypatch, tmp_path: Path
) -> None:
    """With Auto Save on, the system's end wrote each file here and now, and only then
    handed the text to the journal: a file slow to write (a network share, a stalled
    disk) past the system's patience, and Writer killed meanwhile, had the text in neither
    the file nor the journal. The journal has it before the file is written."""
    import writer.ui.document_manager as document_manager

    class Killed(BaseException):
        """The system kills Writer while the file is being written."""

    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    state.settings.update(auto_save=True)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")

    def killed(*_a, **_k):
        raise Killed

    monkeypatch.setattr(document_manager, "save_atomic", killed)
    with pytest.raises(Killed):
        state.keep_for_next_start()
    journal = state.journal_writer.journal
    state.journal_writer.flush_and_stop()  # (what the thread had been handed, written)
    assert chapter.read_text(encoding="utf-8") == "It rained."
    assert _the_one_entry(journal).endswith("\nIt rained. Then fog.")
    window.editor.document().setModified(False)  # (no question at the fixture's close)


def test_text_kept_at_the_systems_end_names_the_file_as_its_auto_save_left_it(
    state, monkeypatch, tmp_path: Path
) -> None:
    """An auto save being written when the system ended Writer, words typed after its text
    was taken, and the next write refused (a full disk): the journal kept the newer text
    naming the file as it was before that auto save, and at the next start its save asked
    about "another program's" change, the auto save's own. It names the file as written."""
    import errno

    import writer.ui.document_manager as document_manager
    from writer.documents.atomic import _save_error
    from writer.documents.textfile import file_signature

    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    state.settings.update(auto_save=True)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    writing = threading.Event()
    state.journal_writer.run(lambda: writing.wait(10))  # (the writing thread busy a moment)
    window.documents.auto_save()
    assert window.documents._saving is not None, "an auto save on its way"
    window.editor.insertPlainText(" The ferry waited.")
    written = document_manager.save_atomic

    def full_after_one(path, data):
        monkeypatch.setattr(document_manager, "save_atomic", full)
        written(path, data)

    def full(path, _data):
        raise _save_error(Path(path), OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(document_manager, "save_atomic", full_after_one)
    writing.set()
    state.keep_for_next_start()
    journal = state.journal_writer.journal
    state.journal_writer.flush_and_stop()
    assert chapter.read_text(encoding="utf-8") == "It rained. Then fog."
    entries = [f.read_bytes() for f in journal.session_dir.glob("*.entry")]
    assert len(entries) == 1
    header, text = entries[0].split(b"\n", 1)
    assert text.decode("utf-8") == "It rained. Then fog. The ferry waited."
    now = file_signature(chapter)
    assert json.loads(header)["signature"] == [now.size, now.mtime_ns, now.inode]
    window.editor.document().setModified(False)  # (no question at the fixture's close)


def test_the_windows_of_an_earlier_writer_the_system_ended_come_back_too(
    state, monkeypatch, tmp_path: Path
) -> None:
    """A Writer of before marked the session the system ended with an empty file and kept
    its windows in the settings only; the windows named in the marks replaced those, and
    after an update its saved letter's window came back no more."""
    from writer.app import command_line_windows
    from writer.documents.journal import POLITE_MARK, Journal

    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    letter = tmp_path / "letter.md"
    letter.write_text("Dear Mira,", encoding="utf-8")
    ended = Journal(state.journal_writer.journal.folder)
    ended.write("a", "A draft of rivers", path=None, cursor=0)
    ended.keep_for_next_start()
    (ended.session_dir / POLITE_MARK).write_bytes(b"")  # (as a Writer of before wrote it)
    state.settings.update(reopen_last=False, last_session=[[str(letter), ""]])
    command_line_windows(state, [])
    assert [w.documents.path for w in state.windows] == [letter]
    state._quitting = True


def test_writer_file_after_the_systems_end_opens_no_file_twice_and_names_what_is_gone(
    qtbot, state, monkeypatch, tmp_path: Path
) -> None:
    """`writer chapter.md` after the system ended a Writer showing the chapter and a letter
    deleted since: one window on the chapter (not two), and its status bar names the letter,
    with no empty window opened to say so."""
    from writer.app import command_line_windows
    from writer.documents.journal import Journal

    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    chapter, letter = tmp_path / "chapter.md", tmp_path / "letter.md"
    chapter.write_text("It rained.", encoding="utf-8")
    ended = Journal(state.journal_writer.journal.folder)
    ended.keep_for_next_start([[str(chapter), ""], [str(letter), ""]])
    state.settings.update(reopen_last=False)
    window = command_line_windows(state, [str(chapter)])
    assert [w.documents.path for w in state.windows] == [chapter]
    qtbot.waitUntil(lambda: "letter.md" in window.statusBar().currentMessage(), timeout=5000)
    state._quitting = True


def test_with_reopen_last_the_windows_of_a_writer_that_quit_after_one_was_ended_come_back(
    state, monkeypatch, tmp_path: Path
) -> None:
    """"Reopen the last session" on, one Writer ended by the system (`kill`), another quit
    afterwards: the windows named in the first one's mark replaced the settings' last
    session, and the letter open in the one that quit last came back no more. Both come
    back."""
    from writer.app import command_line_windows
    from writer.documents.journal import Journal

    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    chapter, letter = tmp_path / "chapter.md", tmp_path / "letter.md"
    chapter.write_text("It rained.", encoding="utf-8")
    letter.write_text("Dear Mira,", encoding="utf-8")
    ended = Journal(state.journal_writer.journal.folder)
    ended.keep_for_next_start([[str(chapter), ""]])
    state.settings.update(reopen_last=True, last_session=[[str(letter), ""]])
    command_line_windows(state, [])
    assert sorted(w.documents.path for w in state.windows) == [chapter, letter]
    state._quitting = True


def test_a_writer_the_system_ends_keeps_each_files_cursor_place(
    state, monkeypatch, tmp_path: Path
) -> None:
    """A quit keeps each file's cursor place (its window's close remembers it), where the
    next start puts the cursor back; ended by the system, no window closes, and a saved
    document came back with the cursor where its last close had left it, not where the
    writer was."""
    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    chapter = tmp_path / "chapter.md"
    chapter.write_text("It rained. Then fog. The ferry waited.", encoding="utf-8")
    window = state.new_window(str(chapter))
    window.show()
    cursor = window.editor.textCursor()
    cursor.setPosition(21)  # ("The ferry")
    window.editor.setTextCursor(cursor)
    state.keep_for_next_start()
    assert state.settings.cursor_positions[str(window.documents.path)] == 21


def test_a_writer_the_system_ends_keeps_its_journal_before_waiting_on_the_engine(
    state, monkeypatch, tmp_path: Path
) -> None:
    """The system gives a program it ends a few seconds before it kills it. Writer marked
    its journal as ended politely only after stopping the engine's thread (up to 10 s where
    a model was loading) and the downloads: a kill meanwhile left the documents to the
    crash's question. The journal is written and marked first."""
    from PySide6.QtWidgets import QApplication

    from writer.documents.journal import POLITE_MARK

    state._quitting = False
    monkeypatch.setattr(QApplication.instance(), "exit", lambda *_a: None)  # (tests go on)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    journal = state.journal_writer.journal
    seen: list[list[str]] = []

    def stopping(*_a, **_k) -> None:  # (the shared worker goes on)
        seen.append(sorted(p.name for p in journal.session_dir.iterdir()))

    monkeypatch.setattr(state.worker, "stop", stopping)
    state.end_politely()
    assert len(seen) == 1
    assert POLITE_MARK in seen[0], "marked before the engine's thread is waited for"
    assert sum(name.endswith(".entry") for name in seen[0]) == 1


def test_a_journal_still_writing_at_the_systems_end_is_never_marked_over_older_text(
    state, monkeypatch, tmp_path: Path
) -> None:
    """The system ends Writer while the journal's thread is held up (a slow disk) past the
    wait for it: the journal was marked as ended politely all the same, the unsaved text
    still queued behind was dropped, and the next start restored older text without a
    question. The mark is written on the thread, after the last snapshot: while that is not
    on disk there is no mark (the next start asks, as after a crash)."""
    from PySide6.QtWidgets import QApplication

    from tests.conftest import wait_until
    from writer.documents.journal import POLITE_MARK

    state._quitting = False
    monkeypatch.setattr(QApplication.instance(), "exit", lambda *_a: None)  # (tests go on)
    monkeypatch.setattr(state.worker, "stop", lambda *_a, **_k: None)  # (the shared one)
    writer = state.journal_writer
    flush_and_stop = writer.flush_and_stop
    monkeypatch.setattr(writer, "flush_and_stop", lambda timeout=10.0: flush_and_stop(0.2))
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    journal = writer.journal
    window.documents.journal_now()
    wait_until(lambda: any(journal.session_dir.glob("*.entry")))
    writing = threading.Event()
    writer.run(lambda: writing.wait(30))  # (the disk stalls)
    window.editor.insertPlainText(" The ferry waited.")
    state.end_politely()
    mark = journal.session_dir / POLITE_MARK
    marked_early = mark.exists()
    writing.set()
    flush_and_stop(30)
    assert not marked_early, "no mark while the last text is still to be written"
    assert mark.exists(), "marked once it is all written"
    assert _the_one_entry(journal).endswith("It rained. Then fog. The ferry waited.")


def test_what_changed_after_a_cancelled_logout_is_kept_when_the_system_ends_writer(
    state, monkeypatch, tmp_path: Path
) -> None:
    """A logout cancelled after Writer was asked to keep its data, the writer not back in
    Writer yet (no key, no click): a rewrite asked for before wrote on, a `writer FILE` from
    a terminal opened a letter, and the system's SIGTERM later kept only what the first ask
    had journaled (the text's last words waited for the journal's pause) and named the
    windows open then. Each end journals the text and names the windows open now, and
    those the session's end closed since."""
    from PySide6.QtWidgets import QApplication

    from writer.documents.journal import Journal

    state._quitting = False
    monkeypatch.setattr(QApplication.instance(), "exit", lambda *_a: None)  # (tests go on)
    monkeypatch.setattr(state.worker, "stop", lambda *_a, **_k: None)  # (the shared one)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    notes = tmp_path / "notes.md"
    notes.write_text("Ferries.", encoding="utf-8")
    closed = state.new_window(str(notes))
    closed.show()
    state.keep_for_next_start()  # the session's end asked, and was cancelled
    window.editor.insertPlainText(" The ferry waited.")  # (no input of the writer's)
    closed.close()  # (by the session's end: no question)
    letter = tmp_path / "letter.md"
    letter.write_text("Dear Mira,", encoding="utf-8")
    state.open_targets([str(letter)])
    journal = state.journal_writer.journal
    state.end_politely()  # (SIGTERM)
    assert _the_one_entry(journal).endswith("\nIt rained. Then fog. The ferry waited.")
    start = Journal(journal.folder)
    try:
        assert start.politely_ended_windows() == [
            [str(chapter), ""], [str(notes), ""], [str(letter), ""]
        ]
    finally:
        start.close()


def _close_button(window) -> None:
    """The window manager's close button: Qt's own way in for it (what its X11 plugin calls
    at WM_DELETE_WINDOW), a close event that is no program's."""
    import ctypes

    import PySide6
    import shiboken6

    gui = ctypes.CDLL(str(Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Gui.so.6"))
    close = gui._ZN22QWindowSystemInterface16handleCloseEventINS_19SynchronousDeliveryEEEbP7QWindow
    close.restype, close.argtypes = ctypes.c_bool, [ctypes.c_void_p]
    close(shiboken6.getCppPointer(window.windowHandle())[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's library named as on Linux")
def test_the_close_button_after_a_cancelled_logout_asks_about_unsaved_text(
    state, monkeypatch, tmp_path: Path
) -> None:
    """A logout cancelled after Writer was asked to keep its data went on "ended politely"
    until the writer's next key or click in Writer; a click on the window manager's close
    button is neither, and the window closed without a question. That close is the session
    going on: it asks as Quit does."""
    state._quitting = False
    monkeypatch.setattr(state, "shutdown", lambda: None)  # (the shared worker goes on)
    window, chapter = _chapter_typed_in(state, tmp_path, " Then fog.")
    state.keep_for_next_start()  # the session's end asked, and was cancelled
    asked: list = []
    monkeypatch.setattr(window.documents.questions, "save_changes",
                        lambda *a, **_k: asked.append(a) or "cancel")  # fmt: skip
    _close_button(window)
    assert len(asked) == 1
    assert state.windows == [window], "Cancel keeps the window"
    assert not state.keeping
    assert window.editor.toPlainText() == "It rained. Then fog."
