"""The project's memory in the window: requests carry the notes and the lore entries the text near
the cursor turns on (and releases), other documents' passages (updated when one is saved), the
style note; the Context panel shows the parts with the model's own token counts; rewrites carry
the memory too; Edit Project Notes makes the notes file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from tests.conftest import wait_until
from writer.project.context import ProjectMemory

NOTES = """# Notes

The story is set in Marrow Bay, a fishing town on a cold northern coast.

## Style

Present tense, short sentences.

## Ruth Okafor (Ruth, the detective)

Ruth Okafor is the town's only detective. She walks with a limp since the storm.

## 林晓（晓晓、林姑娘）

林晓是灯塔看守人的女儿。
"""

CHAPTER_ONE = """# Chapter one

The lighthouse burned on the night of the storm, and Abel Stroud was never seen again.

The harbour master counted the boats twice before he went home.
"""


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Cancel)


@pytest.fixture
def novel(tmp_path: Path) -> Path:
    root = tmp_path / "Marrow Bay"
    root.mkdir()
    (root / "notes.md").write_text(NOTES, encoding="utf-8")
    (root / "chapter-01.md").write_text(CHAPTER_ONE, encoding="utf-8")
    (root / "chapter-02.md").write_text("# Chapter two\n\n", encoding="utf-8")
    return root


def open_chapter_two(state, window, novel: Path):
    assert state.open_folder(novel, window) == ""
    wait_until(lambda: window.memory.project is not None)
    assert window.open_project_document(str(novel / "chapter-02.md"))
    return window


def request_with_passages(window):
    """The request at the cursor once the search of the other documents it started has ended
    (it runs in a background task)."""
    window.suggestions.request_here()
    project = window.memory.project
    wait_until(lambda: not project.pending(window.memory.path) and not window.memory.searching)
    return window.suggestions.request_here()


def put_cursor_at_end(window) -> None:
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)


def type_text(window, text: str) -> None:
    put_cursor_at_end(window)
    window.editor.textCursor().insertText(text)


def test_requests_carry_the_notes_and_the_style_note(qtbot, state, window, novel: Path) -> None:
    open_chapter_two(state, window, novel)
    type_text(window, "The morning was grey. ")
    request = window.suggestions.request_here()
    assert "Marrow Bay" in request.memory  # an always-in section
    assert "Ruth Okafor is" not in request.memory  # a lore entry nobody named yet
    assert request.style == "Present tense, short sentences."
    assert "Present tense" not in request.memory  # the style note is not memory


def test_a_lore_entry_comes_on_by_its_keyword_and_goes_when_the_text_moves_on(
    qtbot, state, window, novel: Path
) -> None:
    open_chapter_two(state, window, novel)
    type_text(window, "At noon the detective ")
    request = window.suggestions.request_here()
    assert "Ruth Okafor is the town's only detective" in request.memory
    assert [t.keyword for t in window.memory.last.triggered] == ["the detective"]
    # far past it (more than the release distance of text without the keyword): released
    type_text(window, "\n\n" + "The tide came in over the stones and went out again. " * 90)
    assert "Ruth Okafor is" not in window.suggestions.request_here().memory
    # Chinese keywords, by substring
    type_text(window, "那天晚上晓晓")
    assert "林晓是灯塔看守人的女儿" in window.suggestions.request_here().memory


def test_notes_edited_in_another_window_count_before_they_are_saved(
    qtbot, state, window, novel: Path
) -> None:
    """A lore entry typed into the notes in another window did nothing until Ctrl+S there,
    and nothing said so; thrown away, the saved notes count again."""
    open_chapter_two(state, window, novel)
    type_text(window, "Biscuit barked at the gulls. ")
    assert "Biscuit is" not in window.suggestions.request_here().memory
    assert window.open_project_document(str(novel / "notes.md"), new_window=True)
    notes_window = state.window_showing(novel / "notes.md")
    qtbot.addWidget(notes_window)
    type_text(notes_window, "\n## Biscuit (Biscuit)\nBiscuit is the harbour's dog.\n")
    wait_until(lambda: "Biscuit is the harbour's dog" in window.suggestions.request_here().memory)
    assert "Biscuit" not in (novel / "notes.md").read_text(encoding="utf-8")  # not saved
    notes_window.editor.document().setModified(False)  # its edits thrown away (Discard)
    wait_until(lambda: "Biscuit is" not in window.suggestions.request_here().memory)


def test_another_documents_passage_follows_its_saves(
    qtbot, state, window, novel: Path, monkeypatch
) -> None:
    open_chapter_two(state, window, novel)
    type_text(window, "Nobody in the bay spoke of Abel Stroud or the lighthouse. ")
    request = request_with_passages(window)
    assert "[Earlier in this project: chapter-01.md]" in request.memory
    assert "Abel Stroud was never seen again" in request.memory
    # chapter one is edited and saved in another window: the index reads it again
    session = window.project
    other = state.new_window(project=session)
    qtbot.addWidget(other)
    assert other.documents.open(novel / "chapter-01.md")
    other.editor.textCursor().insertText("Quillon Marsh kept the only key to the cellar.\n\n")
    # indexed again on a thread of its own (a 2 MB chapter held the window 0.3 s at each save)
    import threading

    memory, threads = session.memory, []
    indexed = memory.document_saved
    monkeypatch.setattr(memory, "document_saved", lambda path, text=None: (
        threads.append(threading.current_thread()), indexed(path, text))[1])  # fmt: skip
    with qtbot.waitSignal(session.document_saved, timeout=10_000):
        assert other.documents.save()
    qtbot.waitUntil(lambda: not session.indexing, timeout=10_000)
    assert threads
    assert threading.main_thread() not in threads
    type_text(window, "\n\nThe cellar key belonged to Quillon Marsh, ")
    assert "Quillon Marsh kept the only key" in request_with_passages(window).memory


def test_a_settings_switch_leaves_a_part_out(qtbot, state, window, novel: Path) -> None:
    open_chapter_two(state, window, novel)
    type_text(window, "At noon the detective ")
    state.settings.update(memory_lore=False, memory_style=False)
    request = window.suggestions.request_here()
    assert "Ruth Okafor is" not in request.memory
    assert request.style == ""
    assert "Marrow Bay" in request.memory
    state.settings.update(memory_notes=False, memory_passages=False)
    assert window.suggestions.request_here().memory == ""


def test_no_project_no_memory(qtbot, window) -> None:
    window.editor.setPlainText("Ruth walked to the harbour. ")
    put_cursor_at_end(window)
    request = window.suggestions.request_here()
    assert request.memory == ""
    assert request.style == ""


def test_the_context_panel_shows_each_part_with_the_models_token_counts(
    qtbot, state, window, novel: Path
) -> None:
    (novel / "chapter-10.md").write_text("# Chapter ten\n\nAt noon the bell rang for the dead.\n")
    open_chapter_two(state, window, novel)
    type_text(window, "At noon the detective looked for Abel Stroud. ")
    request = request_with_passages(window)
    # a chapter after this one is not called "earlier" (its events were told as past)
    assert "[Later in this project: chapter-10.md]\n# Chapter ten\n\nAt noon" in request.memory
    assert "[Earlier in this project: chapter-01.md]" in request.memory
    panel = window.context_panel
    window.act_context_panel.trigger()
    assert panel.isVisible()
    other = state.new_window()  # (a new window opens with it, as the Outline does; it did not)
    assert other.context_panel.isVisibleTo(other)
    assert other.act_context_panel.isChecked()
    other.close()
    panel.update_now()
    parts = panel.part_texts()
    assert parts[panel.tr("Notes")] == ["Notes"]
    assert parts[panel.tr("Lore entries")] == ["Ruth Okafor"]
    assert parts[panel.tr("Earlier in this project")] == ["chapter-01.md"]
    assert parts[panel.tr("Later in this project")] == ["chapter-10.md"]
    assert panel.tr("Style note") in parts
    # (in plain words: "the window", 上下文窗口, was jargon to a writer)
    assert parts[panel.tr("Text before the cursor")] == [panel.tr("what the model reads")]
    wait_until(lambda: panel.exact)
    engine = window.worker.backend
    for row, count in zip(panel.rows, panel.counts, strict=True):
        assert count == len(engine.runtime.tokenize(row.text, add_bos=False))
    lore = panel.tree.findItems("Ruth Okafor — " + panel.tr("by “{0}”").format("the detective"),
                                _recursive())  # fmt: skip
    assert lore
    panel.tree.setCurrentItem(lore[0])
    assert "only detective" in panel.text.toPlainText()
    assert lore[0].toolTip(0).startswith(lore[0].text(0))  # a cut label reads in full
    # the parts' names take the width, the counts what they need (a user look found the names
    # cut to "Agnes ..." beside a wide column of numbers)
    header = panel.tree.header()
    assert header.sectionSize(0) > 2 * header.sectionSize(1)


def test_the_context_panel_names_what_a_long_section_left_no_room_for(
    qtbot, state, window, novel: Path
) -> None:
    """A long always-in outline pushed the lore entries out of the request, and the panel
    showed the outline as if it were all there was."""
    outline = "\n\n".join(
        f"Chapter {i}. " + "The boats come home late and the town waits on the quay. " * 7
        for i in range(1, 12)
    )
    (novel / "notes.md").write_text(NOTES + "\n# Outline\n\n" + outline + "\n", encoding="utf-8")
    state.settings.update(memory_budget=600)
    open_chapter_two(state, window, novel)
    type_text(window, "At noon the detective ")
    assert "Ruth Okafor is the town's only detective" in window.suggestions.request_here().memory
    panel = window.context_panel
    window.act_context_panel.trigger()
    panel.update_now()
    parts = panel.part_texts()
    assert parts[panel.tr("Lore entries")] == ["Ruth Okafor"]
    assert parts[panel.tr("Left out, for room")] == ["Outline"]
    assert "Outline — " + panel.tr("cut to fit") in _labels(panel)
    assert "Outline" in panel.summary.text()
    # what was left out is not counted in the request's total
    sent = sum(c for r, c in zip(panel.rows, panel.counts, strict=True) if r.sent)
    mark = "" if panel.exact else "≈"
    said = panel.tr("{0}{1} tokens in the next request.").format(mark, sent)
    assert panel.summary.text().startswith(said)


def _labels(panel) -> list[str]:
    top = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    return [group.child(j).text(0) for group in top for j in range(group.childCount())]


def _recursive():
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive


def test_a_rewrite_carries_the_memory(qtbot, state, window, novel: Path, monkeypatch) -> None:
    open_chapter_two(state, window, novel)
    type_text(window, "the detective ruth okafor came late.")
    seen = []
    monkeypatch.setattr(window.worker, "submit", lambda job, **kw: seen.append(job) or _Handle())
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.rewrite.start("Fix", "Fix the capitals.")
    assert seen
    captured = []

    class Backend:
        def rewrite(self, request, cancel):
            captured.append(request)

    seen[0](Backend(), None)
    assert "Ruth Okafor is the town's only detective" in captured[0].memory


class _Handle:
    def __getattr__(self, _name):
        return _Signal()


class _Signal:
    def connect(self, *_args) -> None:
        pass

    def __call__(self, *_args) -> None:
        pass


def test_edit_project_notes_makes_the_notes_file(
    qtbot, state, window, tmp_path: Path, monkeypatch
) -> None:
    """In a window without a project it was greyed out, and nothing said why: it asks for the
    project's folder, which opens as the window's project."""
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "empty project"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    assert window.act_edit_notes.isEnabled()
    window.act_edit_notes.trigger()
    assert window.project is not None
    notes = folder / "notes.md"
    assert notes.exists()
    assert window.documents.path == str(notes) or Path(window.documents.path) == notes
    assert "## Style" in notes.read_text(encoding="utf-8")


@pytest.mark.parametrize("open_in", ["same", "new"])
def test_edit_project_notes_without_a_project_opens_the_notes_not_the_last_document(
    qtbot, state, window, tmp_path: Path, monkeypatch, open_in: str
) -> None:
    """From an empty window without a project it said so and asked for the folder, which
    then opened the project's last document first (as File → Open Folder does): the notes
    replaced it, or (documents opening in a new window) went to a second window beside it."""
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "book"
    folder.mkdir()
    chapter = folder / "chapter-01.md"
    chapter.write_text("The tide turned.\n", encoding="utf-8")
    state.settings.remember_file(str(chapter))
    state.settings.update(project_open_in=open_in)
    asked: list[str] = []

    def choose(_parent, title, *_args, **_kwargs):
        asked.append(window.statusBar().currentMessage())
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    shown: list[Path | None] = []
    window.documents.display_name_changed.connect(lambda _n: shown.append(window.documents.path))
    window.act_edit_notes.trigger()
    assert asked == ["Open a folder as a project first (File → Open Folder)."]
    assert [p for p in shown if p] == [folder / "notes.md"]  # (not the chapter first)
    assert window.project is not None
    assert window.documents.path == folder / "notes.md"
    assert state.windows == [window]
    assert state.window_showing(chapter) is None


def test_edit_project_notes_cancelled_at_the_save_question_makes_nothing(
    qtbot, state, window, tmp_path: Path, monkeypatch
) -> None:
    """From a chapter with unsaved changes, Edit Project Notes asks to save them first; its
    Cancel left the notes file made, from the example, in the project all the same."""
    from writer.ui.document_questions import CANCEL, DISCARD

    folder = tmp_path / "book"
    folder.mkdir()
    chapter = folder / "chapter-01.md"
    chapter.write_text("The tide turned.\n", encoding="utf-8")
    assert state.open_folder(folder, window) == ""
    assert window.open_project_document(str(chapter))
    type_text(window, "More. ")
    answers = [CANCEL]
    monkeypatch.setattr(
        window.documents.questions, "save_changes", lambda _name, **_: answers.pop()
    )
    window.act_edit_notes.trigger()
    assert not answers  # (asked)
    assert not (folder / "notes.md").exists()
    assert window.documents.path == chapter
    assert window.editor.toPlainText() == "The tide turned.\nMore. "
    answers = [DISCARD]
    window.act_edit_notes.trigger()
    assert window.documents.path == folder / "notes.md"
    assert "## Style" in (folder / "notes.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_notes_templates_examples_never_reach_the_model(
    qtbot, state, window, tmp_path: Path, language: str
) -> None:
    """The template's example entry fired on "their name" (the Chinese one on 某人, 名字, 昵称)
    and its style line became a style note, before the writer wrote a word of their own."""
    folder = tmp_path / "new project"
    folder.mkdir()
    assert state.open_folder(folder, window) == ""
    state.settings.language = language
    state.apply_appearance()
    try:
        window.act_edit_notes.trigger()
    finally:
        state.settings.language = "en"
        state.apply_appearance()
    written = (folder / "notes.md").read_text(encoding="utf-8")
    assert "<!--" in written
    if language == "zh_CN":
        assert "林晓" in written
        assert "过去时" not in written  # Chinese has no past tense to ask for
    memory = ProjectMemory(folder)
    assert memory.problems == []
    assert memory.notes.lore == ()
    assert memory.style == ""
    text = "Ruth Okafor, the detective, their name, a nickname. 某人的名字和昵称。林晓来了。"
    context = memory.context(None, text)
    assert context.triggered == ()
    assert context.memory.parts == ()
    assert context.style == ""
    # the writer's own entry, written below the examples, works as before
    (folder / "notes.md").write_text(
        written + "\n## Ruth Okafor (Ruth)\n\nRuth walks with a limp.\n\n"
        "## 林晓（晓晓）\n\n林晓是灯塔看守人的女儿。\n",
        encoding="utf-8",
    )
    memory.reload_notes()
    assert [t.keyword for t in memory.context(None, text).triggered] == ["Ruth Okafor", "林晓"]


def test_what_the_notes_get_wrong_is_said_in_the_status_bar(
    qtbot, state, window, tmp_path: Path
) -> None:
    root = tmp_path / "Book"
    root.mkdir()
    (root / "notes.md").write_text(
        "## Ruth (the detective)\nA.\n\n## Sam (The Detective)\nB.\n", encoding="utf-8"
    )
    (root / "chapter.md").write_text("# One\n", encoding="utf-8")
    assert state.open_folder(root, window) == ""
    wait_until(lambda: "line 4" in window.statusBar().currentMessage())
    said = window.statusBar().currentMessage()
    assert said.startswith("notes.md line 4: the keyword “The Detective” is also a keyword")
    assert "Ruth" in said
    # mended while the sentence shows: it goes (it said what was wrong for 20 s more)
    (root / "notes.md").write_text(
        "## Ruth (the detective)\nA.\n\n## Sam (the sergeant)\nB.\n", encoding="utf-8"
    )
    wait_until(lambda: window.statusBar().currentMessage() == "", 5000)


def test_the_context_panel_keeps_saying_what_the_notes_get_wrong_until_they_are_mended(
    qtbot, state, window, novel: Path
) -> None:
    """A heading left open was said for 20 s in the status bar; then the panel showed the
    broken section as if it were fine."""
    (novel / "notes.md").write_text(NOTES + "\n## Abel Stroud (Abel, the keeper\n\nGone.\n",
                                    encoding="utf-8")  # fmt: skip
    open_chapter_two(state, window, novel)
    type_text(window, "The keeper was gone. ")
    panel = window.context_panel
    window.act_context_panel.trigger()
    panel.update_now()
    assert not panel.problems.isHidden()
    assert panel.problems.text().startswith("⚠ notes.md line 17: the heading opens a list")
    assert panel.problems.toolTip() == window.memory.project.problems[0]
    window.statusBar().clearMessage()  # long gone from the status bar, still in the panel
    panel.update_now()
    assert "line 17" in panel.problems.text()
    # mended on disk: the panel follows without a word from the writer
    (novel / "notes.md").write_text(NOTES + "\n## Abel Stroud (Abel, the keeper)\n\nGone.\n",
                                    encoding="utf-8")  # fmt: skip
    wait_until(lambda: panel.problems.isHidden())
    assert panel.problems.toolTip() == ""


def test_the_context_panel_forgets_a_part_that_is_gone(qtbot, state, window, novel: Path) -> None:
    open_chapter_two(state, window, novel)
    type_text(window, "At noon the detective looked for Abel Stroud. ")
    panel = window.context_panel
    window.act_context_panel.trigger()
    panel.update_now()
    lore = panel.tree.findItems("Ruth Okafor — " + panel.tr("by “{0}”").format("the detective"),
                                _recursive())  # fmt: skip
    panel.tree.setCurrentItem(lore[0])
    assert "only detective" in panel.text.toPlainText()
    window.editor.setPlainText("")  # nothing before the cursor: no request, no parts
    panel.update_now()
    assert panel.rows == []
    assert panel.text.toPlainText() == ""


def test_the_context_panel_counts_the_text_after_the_cursor_only_where_it_is_sent(
    qtbot, state, window, novel: Path
) -> None:
    open_chapter_two(state, window, novel)
    type_text(window, "The lamp was lit. The keeper slept.")
    cursor = window.editor.textCursor()
    cursor.setPosition(len("# Chapter two\n\nThe lamp was lit. "))
    window.editor.setTextCursor(cursor)
    panel = window.context_panel
    window.act_context_panel.trigger()
    panel.update_now()
    after = panel.tr("Text after the cursor")
    assert after not in panel.part_texts()  # the starter model is given no text after it
    info = window.worker.info
    info.fills_middle = True  # as a model with fill-in-the-middle tokens says
    try:
        panel.update_now()
        assert after in panel.part_texts()
    finally:
        info.fills_middle = False


def test_a_chapter_reopened_in_another_encoding_reaches_the_model_so(
    qtbot, state, window, novel: Path, monkeypatch
) -> None:
    """The memory guessed every document's encoding: a Windows-1250 chapter the writer
    reopened as Windows-1250 reached the model as the guess read it (Windows-1252 mojibake), and
    so did every memory built after."""
    text = "Mă duc acasă, spuse fata."  # (Romanian's ă: not guessed)
    chapter = novel / "chapter-03.txt"
    chapter.write_bytes(text.encode("cp1250"))
    open_chapter_two(state, window, novel)
    session = window.project
    assert session.memory.project.read(chapter) != text  # (the guess)
    other = state.new_window(project=session)
    qtbot.addWidget(other)
    assert other.documents.open(chapter)
    assert other.documents.reopen_with("cp1250")
    assert session.memory.project.read(chapter) == text
    assert session.memory.project.read(novel / "chapter-01.md") == CHAPTER_ONE
    session.build_memory()  # (a file added: the memory is built again)
    built = session.memory
    wait_until(lambda: session.memory is not built)
    assert session.memory.project.read(chapter) == text
    # an untitled document saved with an encoding (it had no path to tell the memory by)
    untitled = state.new_window(project=session)
    qtbot.addWidget(untitled)
    untitled.editor.setPlainText("Łódź nocą, świeci latarnia.")
    fourth = novel / "chapter-04.txt"
    monkeypatch.setattr(untitled.documents.questions, "path_to_save", lambda _start: str(fourth))
    assert untitled.documents.save_with("cp1250")
    assert fourth.read_bytes() == "Łódź nocą, świeci latarnia.".encode("cp1250")
    assert session.memory.project.read(fourth) == "Łódź nocą, świeci latarnia."


def test_the_memory_lists_the_folder_off_the_windows_thread_and_follows_files_added(
    qtbot, state, window, novel: Path, monkeypatch
) -> None:
    """Listing 5,000 documents took 100 ms of the window's thread when a built memory was
    swapped in and after every burst of changes in the folder (a save renaming its temporary
    file): the folder is listed on the build's thread and the check's, and what they list
    still decides when the memory is built again."""
    import threading

    from writer.project.project import Project

    listed_on: list[str] = []
    documents = Project.documents

    def spy(self):
        listed_on.append(threading.current_thread().name)
        return documents(self)

    monkeypatch.setattr(Project, "documents", spy)
    open_chapter_two(state, window, novel)
    session = window.project
    built = session.memory
    (novel / "chapter-03.md").write_text("Abel Stroud came back in spring.\n", encoding="utf-8")
    wait_until(lambda: session.memory is not built)
    assert str(novel / "chapter-03.md") in session.memory.index.paths()
    # a burst that changes no listing builds nothing again
    built = session.memory
    count = len(listed_on)
    temporary = novel / ".chapter-03.md.tmp"  # (a save: written aside, renamed over it)
    temporary.write_text("Abel Stroud came back in May.\n", encoding="utf-8")
    temporary.replace(novel / "chapter-03.md")
    wait_until(lambda: len(listed_on) > count and getattr(session, "_checking", None) is None)
    assert session.memory is built
    assert listed_on
    assert threading.main_thread().name not in listed_on


def test_what_the_build_could_not_read_is_said(qtbot, state, window, novel: Path) -> None:
    """A document the memory's build could not read was said nowhere: the listing taken again
    when the memory was swapped in started the project's sentences afresh."""
    (novel / "chapter-03.md").write_bytes(b"\x00\x01binary\x00" * 10)
    open_chapter_two(state, window, novel)
    assert any("chapter-03.md holds binary data" in p for p in window.project.memory.problems)
    assert "chapter-03.md holds binary data" in window.statusBar().currentMessage()


def test_a_replaced_memory_is_let_go_on_a_thread(
    qtbot, state, window, novel: Path, monkeypatch
) -> None:
    """The memory built again replaced the old one on the window's thread, where dropping its
    last reference freed 2,000 documents' index in one step (30–100 ms held): it is emptied
    on a thread a paragraph at a time, and the new one answers as the old one did."""
    import threading

    from writer.project.index import ProjectIndex

    emptied_on: list[str] = []
    release = getattr(ProjectIndex, "release", None)

    def spy(self) -> None:
        emptied_on.append(threading.current_thread().name)
        release(self)

    monkeypatch.setattr(ProjectIndex, "release", spy, raising=False)
    open_chapter_two(state, window, novel)
    session = window.project
    old = session.memory
    old_index = old.index
    passages = old_index.search("Abel Stroud at the lighthouse")
    assert passages
    session.build_memory()
    wait_until(lambda: session.memory is not old and window.memory.project is session.memory)
    wait_until(lambda: len(old_index) == 0)
    assert emptied_on == ["writer-project memory release"]
    assert session.memory.index.search("Abel Stroud at the lighthouse") == passages


def test_another_notes_file_is_read_off_the_windows_thread(
    qtbot, state, window, novel: Path, monkeypatch
) -> None:
    """Another notes file chosen in the settings had every window of the project index the
    whole project again on the window's thread (5,000 documents: 8 s a window); the project's
    memory is built again on a thread, with the new notes, and every window gets it."""
    import threading

    from writer.project.project import Project

    indexed_on: list[str] = []
    build_index = Project.build_index

    def spy(self):
        indexed_on.append(threading.current_thread().name)
        return build_index(self)

    monkeypatch.setattr(Project, "build_index", spy)
    (novel / "lore.md").write_text("# Lore\n\nThe bell tolls at Marrow Bay.\n", encoding="utf-8")
    open_chapter_two(state, window, novel)
    other = state.new_window(project=window.project)
    qtbot.addWidget(other)
    state.settings.update(notes_file="lore.md")
    wait_until(
        lambda: all(
            w.memory.project is not None and w.memory.project.project.notes_name == "lore.md"
            for w in (window, other)
        )
    )
    assert window.memory.project is window.project.memory is other.memory.project
    assert "The bell tolls" in window.memory.project.notes.always[0].text
    assert indexed_on
    assert threading.main_thread().name not in indexed_on


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_what_a_writer_types_in_new_notes_is_a_note_not_the_style(
    qtbot, state, window, tmp_path: Path, language: str
) -> None:
    """A new notes file opened with the cursor before "# Notes", and its last section was the
    Style: what the writer typed at its end (Ctrl+End) was given to the model as the style note,
    a few lines before the cursor, and not as what it should always know (look34's). The file
    opens at its end, in a section of its own for the notes, which Ctrl+End reaches too."""
    from PySide6.QtCore import Qt

    folder = tmp_path / "new project"
    folder.mkdir()
    assert state.open_folder(folder, window) == ""
    state.settings.language = language
    state.apply_appearance()
    try:
        window.act_edit_notes.trigger()
    finally:
        state.settings.language = "en"
        state.apply_appearance()
    editor = window.editor
    headings = [s.heading for s in ProjectMemory(folder).notes.sections if s.level]
    qtbot.keyClicks(editor, "Mara Quill keeps the lighthouse on Skerra.")
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "Tomas Wren is her brother.")
    assert window.save()
    memory = ProjectMemory(folder)
    assert memory.problems == []
    assert memory.style == ""
    assert [s.heading for s in memory.notes.sections if s.level] == headings  # none broken
    always = "\n".join(s.text for s in memory.notes.always)
    assert "Mara Quill keeps the lighthouse on Skerra." in always
    assert "Tomas Wren is her brother." in always
