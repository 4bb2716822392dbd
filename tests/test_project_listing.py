"""The project's listing as the Project panel and its session take it: one walk of the folder
on a thread (`Project.documents`), the folders it walked watched, what it could not read said,
and what asks for the documents before the first listing waiting for it."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from writer.project.project import Project
from writer.ui.project_panel import MAX_SHOWN, ProjectPanel
from writer.ui.project_session import ProjectSession


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A project whose folder "linked" is a link to a folder elsewhere, which links back."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "part two").mkdir(parents=True)
    (elsewhere / "02 coast.md").write_text("The coast road.\n")
    book = tmp_path / "book"
    book.mkdir()
    (book / "01 arrival.md").write_text("Ruth came.\n")
    (book / "linked").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "back").symlink_to(book, target_is_directory=True)  # a loop
    return book


@pytest.fixture
def panel(qtbot):
    """A Project panel on its own session; `panel.session` is closed after the test."""
    made: list[ProjectPanel] = []

    def make(folder: Path) -> ProjectPanel:
        shown = ProjectPanel(ProjectSession(folder))
        qtbot.addWidget(shown)
        made.append(shown)
        return shown

    yield make
    for shown in made:
        shown.session.close()


def _next_listing_held(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """The project's next listing held once it has walked the folder: (walked, set then; the
    event that lets it go on)."""
    from writer.ui import project_session

    walked, going_on = threading.Event(), threading.Event()
    list_project = project_session.list_project

    def held(folder: Path, notes: str):
        listing = list_project(folder, notes)
        if not walked.is_set():
            walked.set()
            going_on.wait(20)
        return listing

    monkeypatch.setattr(project_session, "list_project", held)
    return walked, going_on


def _exports_asked(monkeypatch) -> list[str]:
    """The manuscripts Export Project asks about (their documents' sentence), each refused."""
    from PySide6.QtWidgets import QDialog

    from writer.ui.manuscript_dialog import ManuscriptDialog

    asked: list[str] = []

    def answer(dialog: ManuscriptDialog) -> int:
        asked.append(dialog.documents.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ManuscriptDialog, "exec", answer)
    return asked


def test_a_document_made_in_a_linked_folders_subfolder_shows(qtbot, linked: Path, panel) -> None:
    # (the watcher did not follow links: a chapter made in a linked folder's subfolder
    # showed only at the next other change)
    shown = panel(linked)
    session = shown.session
    qtbot.waitUntil(lambda: str(linked / "linked" / "part two") in session.watched())
    # the folders the listing walked, by its loop rule: the link back is not watched
    assert set(session.watched()) == {
        str(linked), str(linked / "linked"), str(linked / "linked" / "part two")
    }
    (linked.parent / "elsewhere" / "part two" / "03 storm.md").write_text("Rain.\n")
    storm = str(linked / "linked" / "part two" / "03 storm.md")
    qtbot.waitUntil(lambda: storm in shown.documents())


def test_opening_a_folder_walks_it_once_for_the_panel_and_the_memory(
    qtbot, linked: Path, panel, monkeypatch
) -> None:
    # (the listing and the memory's index each walked the folder on their threads)
    walks: list[Path] = []
    documents = Project.documents

    def walked(project: Project) -> list[Path]:
        walks.append(project.folder)  # (a list's append: safe from any thread)
        return documents(project)

    monkeypatch.setattr(Project, "documents", walked)
    (linked / "locked").symlink_to(linked, target_is_directory=True)  # a loop, said
    session = panel(linked).session
    qtbot.waitUntil(lambda: session.memory is not None and session._checking is None)
    # the listing's, and once more for what its subfolders, watched after it, got meanwhile;
    # none of the memory's own
    assert walks == [linked, linked]
    chapters = {str(linked / "01 arrival.md"), str(linked / "linked" / "02 coast.md")}
    assert set(session.memory.index.paths()) == chapters
    # what the listing could not follow is the memory's too (the status bar says it)
    assert "locked links back to a folder already listed." in session.memory.problems
    # a document added: listed once more, and the memory built from that listing
    built = session.memory
    (linked / "03 storm.md").write_text("Rain.\n")
    qtbot.waitUntil(lambda: session.memory is not built)
    assert walks == [linked, linked, linked]
    assert str(linked / "03 storm.md") in session.memory.index.paths()


def test_what_the_listing_cannot_follow_is_said_once_listed_and_once_only(
    qtbot, window, linked: Path, monkeypatch
) -> None:
    # (said only once the memory was built, seconds later in a large project: the panel
    # showed the folder without a word of what it left out)
    from writer.project.context import ProjectMemory

    building = threading.Event()

    class Slow(ProjectMemory):
        def __init__(self, *args, **kwargs) -> None:
            building.wait(20)  # (the memory is built after the listing is said)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("writer.ui.project_session.ProjectMemory", Slow)
    loop = "linked/back links back to a folder already listed."
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    try:
        assert window.open_folder(linked)
        qtbot.waitUntil(lambda: loop in said)
        assert window.project.memory is None
    finally:
        building.set()
    session = window.project
    qtbot.waitUntil(lambda: session.memory is not None)
    built = session.memory
    (linked / "03 storm.md").write_text("Rain.\n")  # listed again: the same loop
    qtbot.waitUntil(lambda: session.memory is not built)
    assert [m for m in said if loop in m] == [loop]


def test_a_document_renamed_past_the_first_2000_says_why_it_has_no_row(
    qtbot, window, tmp_path: Path
) -> None:
    # (the row waited in the panel for a listing that would never show it)
    root = tmp_path / "big"
    root.mkdir()
    for i in range(MAX_SHOWN + 3):
        (root / f"{i:05}.md").touch()
    assert window.open_folder(root)
    panel = window.project_panel
    qtbot.waitUntil(lambda: len(panel.documents()) == MAX_SHOWN)
    assert window.rename_project_document(str(root / "00001.md"), "zz epilogue") is not None
    qtbot.waitUntil(lambda: panel._wanted is None)
    assert panel.note.text() == (
        "zz epilogue.md is not shown: the panel shows the first 2,000 of the project's "
        "2,003 documents, by their names."
    )
    assert panel.item(root / "zz epilogue.md") is None
    # a name that is listed takes the keys as before
    assert window.rename_project_document(str(root / "00002.md"), "00002 storm") is not None
    qtbot.waitUntil(lambda: panel._wanted is None)
    assert panel.tree.currentItem() is panel.item(root / "00002 storm.md")


@pytest.fixture
def slow_listing(monkeypatch) -> threading.Event:
    """The project's folder is listed once the event is set (a large folder, a slow disk)."""
    from writer.ui import project_session

    listing = threading.Event()
    list_project = project_session.list_project

    def slow(folder: Path, notes: str):
        listing.wait(20)
        return list_project(folder, notes)

    monkeypatch.setattr(project_session, "list_project", slow)
    yield listing
    listing.set()


def test_export_asked_before_the_first_listing_waits_for_it(
    qtbot, window, linked: Path, monkeypatch, slow_listing
) -> None:
    # (the panel starts empty until the folder is listed on a thread: Export Project then
    # said "The project has no documents to export yet.")
    asked = _exports_asked(monkeypatch)
    assert window.open_folder(linked)
    panel = window.project_panel
    assert panel.note.text() == "Reading the project…"
    assert not window.export_project()
    assert window.statusBar().currentMessage() == "Reading the project…"
    assert asked == []
    slow_listing.set()
    qtbot.waitUntil(lambda: asked != [])
    assert asked == [
        "In the manuscript, in the Project panel's order: linked/02 coast.md, 01 arrival.md."
    ]
    assert panel.note.isHidden()
    assert window.statusBar().currentMessage() != "Reading the project…"


def test_the_statistics_opened_before_the_first_listing_count_the_project(
    qtbot, window, linked: Path, slow_listing
) -> None:
    # (opened while the folder was being listed, they had no project's column)
    assert window.open_folder(linked)
    popup = window.show_statistics()
    assert popup.project_head.isVisibleTo(popup)
    assert [cell.text() for cell in popup.project_cells] == ["…"] * 5
    slow_listing.set()
    qtbot.waitUntil(lambda: popup.project_counts is not None)
    assert popup.project_counts[0] == 5  # (the words of both chapters)
    popup.close()


def test_go_to_file_opened_before_the_first_listing_lists_the_project_once_listed(
    qtbot, window, linked: Path, slow_listing
) -> None:
    # (it read the empty panel once, and said there were no documents to go to)
    from writer.ui.palette import FileRow, open_palette

    assert window.open_folder(linked)
    qtbot.waitExposed(window)
    popup = open_palette(window, "", files=True)
    assert popup.rows() == ["Reading the project…"]
    slow_listing.set()
    qtbot.waitUntil(lambda: len(popup.rows()) == 2)
    assert [r.name for r in popup.rows() if isinstance(r, FileRow)] == [
        "02 coast.md", "01 arrival.md"
    ]
    popup.close()


def test_a_document_made_in_a_new_folder_before_it_is_watched_shows(
    qtbot, linked: Path, panel, monkeypatch
) -> None:
    # (a new folder is watched once a listing walked it: what was made in it between the
    # walk and the watch is listed by one more listing)
    shown = panel(linked)
    session = shown.session
    qtbot.waitUntil(lambda: session.listing is not None and session._checking is None)
    walked, going_on = _next_listing_held(monkeypatch)
    (linked / "part three").mkdir()
    qtbot.waitUntil(walked.is_set)  # (the burst settled: the folder is being listed)
    (linked / "part three" / "05 calm.md").write_text("Calm.\n")
    going_on.set()
    calm = str(linked / "part three" / "05 calm.md")
    qtbot.waitUntil(lambda: calm in shown.documents())


def test_a_folder_the_system_will_not_watch_is_not_listed_again_and_again(
    qtbot, linked: Path, panel
) -> None:
    # (an unreadable folder cannot be watched: counted as newly watched, it had the folder
    # listed again at every listing, without end)
    shown = panel(linked)
    session = shown.session
    qtbot.waitUntil(lambda: session.listing is not None and session._checking is None)
    refused = str(linked / "part two")
    watcher = session._watcher
    add = watcher.addPaths

    def add_paths(paths: list[str]) -> list[str]:
        return add([p for p in paths if p != refused]) + [p for p in paths if p == refused]

    watcher.addPaths = add_paths
    before = session.listings
    (linked / "part two").mkdir()
    qtbot.waitUntil(lambda: session.listings > before)
    assert str(linked / "part two") not in session.watched()
    assert session._checking is None  # (not listed once more for it)


def test_a_folder_whose_name_is_not_utf8_is_not_listed_again_and_again(
    qtbot, linked: Path, panel
) -> None:
    # (its name, bytes that are not UTF-8, reached the watcher spelt otherwise: refused under
    # that other spelling, it counted as newly watched, and the project was listed again
    # without end at the first change, the memory never built again)
    try:
        os.mkdir(os.fsencode(linked) + b"/caf\xe9")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    session = panel(linked).session
    qtbot.waitUntil(lambda: session.memory is not None and session._checking is None)
    (linked / "03 storm.md").write_text("Rain.\n")
    storm = str(linked / "03 storm.md")
    qtbot.waitUntil(lambda: storm in session.memory.index.paths())
    assert session._checking is None  # (not listed once more for it)


def test_export_asked_while_the_folder_is_listed_again_waits_for_that_listing(
    qtbot, window, linked: Path, monkeypatch
) -> None:
    # (it took the listing from before: a chapter just made was not in the manuscript)
    from writer.ui import project_session

    asked = _exports_asked(monkeypatch)
    assert window.open_folder(linked)
    session = window.project
    qtbot.waitUntil(lambda: session.listing is not None and session._checking is None)
    going_on = threading.Event()
    list_project = project_session.list_project

    def held(folder: Path, notes: str):
        going_on.wait(20)
        return list_project(folder, notes)

    monkeypatch.setattr(project_session, "list_project", held)
    try:
        assert window.create_project_document(str(linked), "03 storm") is not None
        assert not window.export_project()
        assert asked == []
        assert window.statusBar().currentMessage() == "Reading the project…"
        assert not window.export_project()  # (asked twice: exported once)
    finally:
        going_on.set()
    qtbot.waitUntil(lambda: asked != [])
    assert asked == [
        "In the manuscript, in the Project panel's order: linked/02 coast.md, 01 arrival.md, "
        "03 storm.md."
    ]
    qtbot.waitUntil(lambda: session._checking is None)


def test_export_asked_right_after_a_document_is_saved_into_the_folder_has_it(
    qtbot, window, linked: Path, monkeypatch
) -> None:
    # (the save was listed once the watcher's burst settled: an export asked before took
    # the listing without it, though a window showed it)
    asked = _exports_asked(monkeypatch)
    assert window.open_folder(linked)
    session = window.project
    qtbot.waitUntil(lambda: session.listing is not None and session._checking is None)
    window.editor.setPlainText("Calm.\n")
    calm = linked / "04 calm.md"
    monkeypatch.setattr(window.documents.questions, "path_to_save", lambda _start: str(calm))
    assert window.documents.save_as()
    assert not window.export_project()
    assert asked == []
    qtbot.waitUntil(lambda: asked != [])
    assert asked == [
        "In the manuscript, in the Project panel's order: linked/02 coast.md, 01 arrival.md, "
        "04 calm.md."
    ]


def test_a_document_made_in_a_subfolder_while_the_project_opens_shows(
    qtbot, linked: Path, panel, monkeypatch
) -> None:
    # (its subfolders are watched once the first listing walked them, no longer before:
    # what was made in one between the walk and the watch showed only at the next change)
    walked, going_on = _next_listing_held(monkeypatch)
    (linked / "part one").mkdir()
    shown = panel(linked)
    try:
        assert walked.wait(20)
        (linked / "part one" / "03 storm.md").write_text("Rain.\n")
    finally:
        going_on.set()
    storm = str(linked / "part one" / "03 storm.md")
    qtbot.waitUntil(lambda: storm in shown.documents())
    session = shown.session
    qtbot.waitUntil(lambda: session.memory is not None and session._checking is None)
    qtbot.waitUntil(lambda: storm in session.memory.index.paths())


def test_a_document_saved_while_the_memory_is_built_again_is_read_as_saved(
    qtbot, window, linked: Path, monkeypatch
) -> None:
    # (the memory being built had read the chapter before the save, which went to the memory
    # it replaced: the model read the old text until the next save)
    from writer.project.context import ProjectMemory

    read, going_on = threading.Event(), threading.Event()

    class Held(ProjectMemory):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            read.set()
            going_on.wait(20)

    arrival = linked / "01 arrival.md"
    assert window.open_folder(linked)
    session = window.project
    qtbot.waitUntil(lambda: session.memory is not None and not session.listing_due)
    assert window.open_project_document(str(arrival))
    monkeypatch.setattr("writer.ui.project_session.ProjectMemory", Held)
    try:
        (linked / "03 storm.md").write_text("Rain.\n")  # (built again: another listing)
        qtbot.waitUntil(read.is_set)
        window.editor.setPlainText("Ruth came to the lighthouse of Ansel.\n")
        assert window.documents.save()
    finally:
        going_on.set()

    def arrival_read() -> list[str]:
        index = session.memory.index
        return [p[2] for p in index._paragraphs.values() if p[0] == str(arrival)]

    qtbot.waitUntil(lambda: isinstance(session.memory, Held) and not session.indexing)
    qtbot.waitUntil(lambda: arrival_read() == ["Ruth came to the lighthouse of Ansel."])


def test_no_folder_is_read_on_the_windows_thread_when_the_project_changes(
    qtbot, linked: Path, panel, monkeypatch
) -> None:
    # (the notes file to watch was looked for at each listing and each memory built, the
    # folder read on the window's thread where the project has none)
    shown = panel(linked)
    session = shown.session
    qtbot.waitUntil(lambda: session.memory is not None and not session.listing_due)
    main, scandir = threading.main_thread(), os.scandir
    read_here: list[str] = []

    def scanned(path=".", *args, **kwargs):
        if threading.current_thread() is main:
            read_here.append(str(path))
        return scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scanned)
    built = session.memory
    (linked / "03 storm.md").write_text("Rain.\n")
    qtbot.waitUntil(lambda: session.memory is not built and not session.listing_due)
    assert str(linked / "03 storm.md") in shown.documents()
    assert read_here == []


def test_a_failed_first_listing_is_said_once_tried_again_and_export_waits_no_more(
    qtbot, window, linked: Path, monkeypatch
) -> None:
    """A first listing that failed was never tried again: "Reading the project…" stayed, and
    an Export Project asked meanwhile waited for ever. It is said once, in the status bar, the
    export goes on with that sentence, and the folder is listed again after a short back-off."""

    from writer.ui import project_session

    fail = threading.Event()
    calls: list[Path] = []
    list_project = project_session.list_project

    def failing_once(folder: Path, notes: str):
        calls.append(folder)
        if len(calls) == 1:
            fail.wait(20)
            raise OSError(5, "Input/output error")
        return list_project(folder, notes)

    monkeypatch.setattr(project_session, "list_project", failing_once)
    asked = _exports_asked(monkeypatch)
    assert window.open_folder(linked)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    assert not window.export_project()
    assert window.statusBar().currentMessage() == "Reading the project…"
    fail.set()
    why = "Writer could not list the project's folder: "
    qtbot.waitUntil(lambda: any(m.startswith(why) for m in messages))
    qtbot.waitUntil(lambda: not window._export_waits)  # (it went on with the sentence)
    qtbot.waitUntil(lambda: window.project.listing is not None, timeout=10000)  # (tried again)
    assert len(calls) >= 2
    assert window.project.failure is None
    assert window.project_panel.note.isHidden()
    qtbot.waitUntil(lambda: not window.project.listing_due)  # (its subfolders' listing too)
    assert not window.export_project()
    assert asked == [
        "In the manuscript, in the Project panel's order: linked/02 coast.md, 01 arrival.md."
    ]


def test_go_to_file_opened_before_a_listing_that_fails_says_why(
    qtbot, window, linked: Path, monkeypatch
) -> None:
    """Go to File opened before a first listing that failed said "Reading the project…" for
    ever; it says why the folder could not be listed (it is tried again meanwhile)."""
    from writer.ui import project_session
    from writer.ui.palette import open_palette

    fail = threading.Event()

    def failing(_folder: Path, _notes: str):
        fail.wait(20)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(project_session, "list_project", failing)
    assert window.open_folder(linked)
    qtbot.waitExposed(window)
    popup = open_palette(window, "", files=True)
    assert popup.rows() == ["Reading the project…"]
    fail.set()
    why = "Writer could not list the project's folder: "
    qtbot.waitUntil(lambda: [str(r)[: len(why)] for r in popup.rows()] == [why])
    popup.close()


def test_the_statistics_opened_before_a_listing_that_fails_wait_no_more(
    qtbot, window, linked: Path, monkeypatch
) -> None:
    """The statistics opened before a first listing that failed showed "…" in the project's
    column for ever; the column goes (the status bar says why) and comes back with the counts
    once the listing tried again succeeds."""
    from writer.ui import project_session

    fail = threading.Event()
    calls: list[Path] = []
    list_project = project_session.list_project

    def failing_once(folder: Path, notes: str):
        calls.append(folder)
        if len(calls) == 1:
            fail.wait(20)
            raise OSError(5, "Input/output error")
        return list_project(folder, notes)

    monkeypatch.setattr(project_session, "list_project", failing_once)
    assert window.open_folder(linked)
    popup = window.show_statistics()
    assert [cell.text() for cell in popup.project_cells] == ["…"] * 5
    fail.set()
    qtbot.waitUntil(lambda: not popup.project_head.isVisibleTo(popup))
    assert window.statusBar().currentMessage().startswith(
        "Writer could not list the project's folder: ")
    qtbot.waitUntil(lambda: popup.project_counts is not None, timeout=10000)  # (tried again)
    assert popup.project_counts[0] == 5
    assert popup.project_head.isVisibleTo(popup)
    popup.close()


def test_the_project_panel_says_why_its_folder_could_not_be_listed(
    qtbot, window, linked: Path, monkeypatch
) -> None:
    """The panel said "Reading the project…" for ever where the first listing failed."""
    from writer.ui import project_session

    fail = threading.Event()

    def failing(_folder: Path, _notes: str):
        fail.wait(20)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(project_session, "list_project", failing)
    assert window.open_folder(linked)
    panel = window.project_panel
    assert panel.note.text() == "Reading the project…"
    fail.set()
    why = "Writer could not list the project's folder: "
    qtbot.waitUntil(lambda: panel.note.text().startswith(why))
