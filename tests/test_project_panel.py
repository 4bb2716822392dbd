"""A folder as a project: File → Open Folder and `writer DIR`, the Project panel, opening its
documents here, in a new window or in the window that has them, the setting, the recent
folders, and folders that cannot be projects."""

from __future__ import annotations

import gc
import json
import os
import shutil
import threading
import weakref
from pathlib import Path

import pytest
import shiboken6
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from tests.conftest import IS_ROOT, wait_until
from writer import cli
from writer.app import first_window
from writer.project.files import natural_order
from writer.project.project import Project
from writer.settings import MAX_RECENT_FOLDERS, Settings
from writer.ui.project_panel import MAX_SHOWN, WORDS, ProjectPanel
from writer.ui.project_session import ProjectSession


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch) -> list[str]:
    """A message box a test did not expect says Cancel instead of waiting forever; each
    question's text is kept."""
    asked: list[str] = []

    def answer(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


@pytest.fixture(autouse=True)
def listed_at_once(monkeypatch) -> None:
    """A project's folder is listed on a thread (`ProjectSession.listing`): the tests here,
    which read the panel as soon as a folder opens, wait for its first listing, as the
    writer's eye does (a few milliseconds)."""
    made = ProjectSession.__init__

    def init(self, *args, **kwargs) -> None:
        made(self, *args, **kwargs)
        wait_until(lambda: getattr(self, "listing", ()) is not None or self.folder is None)

    monkeypatch.setattr(ProjectSession, "__init__", init)


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    seen: list[str] = []

    def capture(_parent, _title, text, *args, **kwargs):
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", capture)
    return seen


@pytest.fixture
def novel(tmp_path: Path) -> Path:
    """A project: notes, two chapters in a subfolder, a draft, and what the panel leaves out."""
    root = tmp_path / "Marrow Bay"
    (root / "chapters").mkdir(parents=True)
    (root / "notes.md").write_text("## Ruth Okafor (Ruth, the detective)\n", encoding="utf-8")
    (root / "chapters" / "01 arrival.md").write_text("Ruth came by the coast road.\n")
    (root / "chapters" / "02 lighthouse.md").write_text("The lighthouse burned.\n")
    (root / "draft.txt").write_text("a draft\n")
    (root / "cover.png").write_bytes(b"\x89PNG\r\n")
    (root / ".trash").mkdir()
    (root / ".trash" / "old.md").write_text("gone\n")
    (root / ".scratch.md").write_text("hidden\n")
    return root


def listed_again(window) -> None:
    """Wait for the project's listing under way (on a thread) to reach the panel."""
    wait_until(lambda: window.project._checking is None)


def names(window) -> list[str]:
    folder = window.project.folder
    return [Path(p).relative_to(folder).as_posix() for p in window.project_panel.documents()]


def item_of(window, relative: str):
    return window.project_panel.item(window.project.folder / relative)


def painted(panel, item):
    """How the row's name is painted (its delegate's text and font)."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    index = panel.tree.indexFromItem(item, 0)
    panel.tree.itemDelegateForIndex(index).initStyleOption(option, index)
    return option


def heard(panel, item) -> tuple[str, str]:
    """What a screen reader hears of the row's name: its cell's accessible name and
    description."""
    from PySide6.QtGui import QAccessible

    tree = QAccessible.queryAccessibleInterface(panel.tree)
    cells = (tree.child(i) for i in range(tree.childCount()))
    cell = next(c for c in cells if c.text(QAccessible.Text.Name) == item.text(0))
    return cell.text(QAccessible.Text.Name), cell.text(QAccessible.Text.Description)


def listed(qtbot, folder: Path) -> list[Path]:
    """What a Project panel on `folder` lists."""
    panel = ProjectPanel(ProjectSession(folder))
    qtbot.addWidget(panel)
    return [Path(p) for p in panel.documents()]


def command_line(monkeypatch, *args: str):
    """The arguments `writer ARGS` hands to the window."""
    seen = []
    monkeypatch.setattr("writer.app.run_gui", lambda ns: seen.append(ns) or 0)
    assert cli.main(list(args)) == 0
    return seen[0]


# the listing ------------------------------------------------------------------------------------
def test_the_listing_keeps_text_files_four_folders_deep_and_skips_hidden_ones(
    qtbot, tmp_path: Path
) -> None:
    deep = tmp_path / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    (deep / "four.md").write_text("x")
    (deep / "e").mkdir()
    (deep / "e" / "five.md").write_text("x")
    (tmp_path / "B.MARKDOWN").write_text("x")
    (tmp_path / "a" / "notes.txt").write_text("x")
    (tmp_path / "a" / "photo.jpg").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "README.md").write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in listed(qtbot, tmp_path)]
    assert found == ["a/b/c/d/four.md", "a/notes.txt", "B.MARKDOWN"]  # (case aside)


def test_the_panel_lists_what_the_project_holds_a_linked_folders_documents_too(
    qtbot, tmp_path: Path
) -> None:
    # (the panel walked the folder itself, links to folders not followed: a chapter in a
    # linked folder was in the model's memory, Export Project and Find in Project, not here)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "03 storm.md").write_text("x")
    (elsewhere / "back").symlink_to(tmp_path / "book", target_is_directory=True)  # a loop
    book = tmp_path / "book"
    book.mkdir()
    (book / "01 arrival.md").write_text("x")
    (book / "NOTES.md").write_text("x")
    (book / "linked").symlink_to(elsewhere, target_is_directory=True)
    found = [p.relative_to(book).as_posix() for p in listed(qtbot, book)]
    assert found == ["NOTES.md", "linked/03 storm.md", "01 arrival.md"]  # (notes, folders first)
    assert set(found) == {p.relative_to(book).as_posix() for p in Project(book).documents()}


NAME = st.text(st.characters(codec="utf-8", exclude_characters="/\\\0"), min_size=1, max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=st.lists(st.lists(NAME, min_size=1, max_size=3), max_size=12))
def test_any_file_names_list_as_the_rules_say(
    qtbot, tmp_path_factory, files: list[list[str]]
) -> None:
    root = tmp_path_factory.mktemp("names")
    expected = set()
    for parts in files:
        if any(p in (".", "..") for p in parts):
            continue
        path = root.joinpath(*parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                continue
            path.write_text("x")
        except OSError:  # a name the file system refuses, or a file where a folder was wanted
            continue
        if not any(p.startswith(".") for p in parts) and path.suffix.lower() in (
            ".md",
            ".markdown",
            ".txt",
        ):
            expected.add(path)
    found = listed(qtbot, root)
    notes = [root / "notes.md"] if root.joinpath("notes.md").is_file() else []
    assert found == notes + sorted(set(found) - set(notes), key=natural_order)
    assert set(found) == {p for p in expected if p.is_file()}


# opening a folder ---------------------------------------------------------------------------------
def test_open_folder_shows_the_documents_with_the_notes_first(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(novel))
    assert window.act_open_folder.shortcut().toString() == "Ctrl+Shift+O"
    window.act_open_folder.trigger()
    assert window.project.folder == novel
    panel = window.project_panel
    assert panel.isVisible()
    assert window.act_project_panel.isChecked()
    assert names(window) == [
        "notes.md",
        "chapters/01 arrival.md",
        "chapters/02 lighthouse.md",
        "draft.txt",
    ]
    assert panel.tree.topLevelItem(0).text(0) == "notes.md — notes"
    assert panel.tree.topLevelItem(1).text(0) == "chapters"  # a folder is a node
    assert panel.tree.topLevelItem(1).childCount() == 2
    assert window.windowTitle().startswith("Untitled")
    assert window.windowTitle().endswith(" — Marrow Bay — Writer")
    assert window.app_state.settings.recent_folders == [str(novel)]
    assert len(window.app_state.windows) == 1


def test_writer_dir_opens_the_folder_and_writer_file_opens_only_the_file(
    qtbot, state, novel: Path, monkeypatch
) -> None:
    window = first_window(state, command_line(monkeypatch, str(novel)).file)
    qtbot.addWidget(window)
    assert window.project is not None
    assert window.project.folder == novel
    assert window.documents.path is None
    assert names(window)[0] == "notes.md"
    inside = novel / "chapters" / "01 arrival.md"
    other = first_window(state, command_line(monkeypatch, str(inside)).file)
    qtbot.addWidget(other)
    assert other.documents.path == inside
    assert other.project is None  # a file inside a folder does not make a project
    assert not other.act_project_panel.isEnabled()
    assert other.windowTitle() == "01 arrival.md[*] — Writer"


def test_writer_with_a_new_file_name_starts_that_file(
    qtbot, state, tmp_path: Path, monkeypatch
) -> None:
    refused: list[str] = []
    over_a_window: list[bool] = []

    def warning(parent, _title, text, *args) -> None:
        refused.append(text)
        over_a_window.append(parent.isVisible())

    monkeypatch.setattr(QMessageBox, "warning", warning)
    path = tmp_path / "ideas.md"
    window = first_window(state, command_line(monkeypatch, str(path)).file)
    assert refused == []
    qtbot.addWidget(window)
    assert window.documents.path == path
    assert window.windowTitle() == "ideas.md[*] — Writer"
    assert not path.exists()  # not before the writer saves
    window.editor.setPlainText("A first idea.\n")
    assert window.save()
    assert path.read_text(encoding="utf-8") == "A first idea.\n"
    # a name in a folder that does not exist, or not a text file's, is still refused
    for name in ("nowhere/a.md", "photo.png"):
        other = first_window(state, str(tmp_path / name))
        qtbot.addWidget(other)
        assert other.documents.path is None
    assert len(refused) == 2
    assert "the folder" in refused[0]
    assert "nowhere does not exist" in refused[0]
    assert "there is no such file" in refused[1]
    assert over_a_window == [True, True]  # the window shows first, then the sentence over it


def test_the_panel_follows_files_added_removed_and_renamed(qtbot, window, novel: Path) -> None:
    assert window.open_folder(novel)
    panel = window.project_panel
    (novel / "epilogue.md").write_text("The end.\n")
    qtbot.waitUntil(lambda: "epilogue.md" in names(window), timeout=5000)
    (novel / "chapters" / "02 lighthouse.md").rename(novel / "chapters" / "02 the fire.md")
    qtbot.waitUntil(lambda: "chapters/02 the fire.md" in names(window), timeout=5000)
    assert "chapters/02 lighthouse.md" not in names(window)
    (novel / "draft.txt").unlink()
    qtbot.waitUntil(lambda: "draft.txt" not in names(window), timeout=5000)
    # a new subfolder is watched too: a file made in it later appears
    (novel / "part two").mkdir()
    qtbot.waitUntil(lambda: str(novel / "part two") in window.project.watched(), timeout=5000)
    (novel / "part two" / "03 storm.md").write_text("Rain.\n")
    qtbot.waitUntil(lambda: "part two/03 storm.md" in names(window), timeout=5000)
    assert panel.note.isHidden()


# opening a document -------------------------------------------------------------------------------
def test_enter_opens_here_after_the_existing_save_question(
    qtbot, window, novel: Path, no_modal_boxes, monkeypatch
) -> None:
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    panel = window.project_panel
    panel.tree.setCurrentItem(item_of(window, "chapters/01 arrival.md"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    first = novel / "chapters" / "01 arrival.md"
    assert window.documents.path == first
    assert panel.is_marked(item_of(window, "chapters/01 arrival.md"))
    assert window.windowTitle() == "01 arrival.md[*] — Marrow Bay — Writer"
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "She waited.")
    panel.tree.setCurrentItem(item_of(window, "draft.txt"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)  # the question is answered Cancel
    assert no_modal_boxes == ["Do you want to save the changes to “01 arrival.md”?"]
    assert window.documents.path == first
    assert window.editor.toPlainText().endswith("She waited.")
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Save)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert first.read_text() == "Ruth came by the coast road.\nShe waited."
    assert window.documents.path == novel / "draft.txt"
    assert window.editor.toPlainText() == "a draft\n"
    assert panel.is_marked(item_of(window, "draft.txt"))
    assert not panel.is_marked(item_of(window, "chapters/01 arrival.md"))
    assert len(window.app_state.windows) == 1


def test_open_in_new_window_shares_the_project(qtbot, window, novel: Path) -> None:
    assert window.open_folder(novel)
    window.open_project_document(str(novel / "draft.txt"))
    panel = window.project_panel
    panel.tree.setCurrentItem(item_of(window, "chapters/02 lighthouse.md"))  # as the menu does
    menu = panel.context_menu(item_of(window, "chapters/02 lighthouse.md"))
    assert [a.text() for a in menu.actions()] == [
        "&Open", "Open in &New Window", "", "New &Document…", "&Rename…", "Move to &Trash"
    ]
    menu.actions()[1].trigger()
    # this window's row is its own document again (it stayed on the one opened elsewhere)
    assert panel.tree.currentItem() is item_of(window, "draft.txt")
    state = window.app_state
    assert len(state.windows) == 2
    other = state.windows[1]
    qtbot.addWidget(other)
    assert other.project is window.project
    assert other.documents.path == novel / "chapters" / "02 lighthouse.md"
    assert other.project_panel.is_marked(item_of(other, "chapters/02 lighthouse.md"))
    assert window.documents.path == novel / "draft.txt"  # this window kept its document
    # File → New in a project window opens another window of the project
    window.act_new.trigger()
    assert state.windows[2].project is window.project
    qtbot.addWidget(state.windows[2])
    # the project lives until its last window closes
    closed = [weakref.ref(w) for w in state.windows[1:]]
    for w in state.windows[1:]:
        w.close()
    del w, other
    wait_until(lambda: not any(r() is not None and shiboken6.isValid(r()) for r in closed))
    assert state.projects == {novel: window.project}
    window.close()  # (the project's end is told to this window, not to the deleted ones)
    assert state.projects == {}
    assert window.project.folder is None
    assert window.project_panel.note.text() == "The project was closed."
    gc.collect()
    assert not any(r() for r in closed)  # nothing of the project holds a window closed


def test_the_setting_new_opens_in_a_new_window_unless_this_one_is_empty(
    qtbot, window, novel: Path
) -> None:
    window.app_state.settings.update(project_open_in="new")
    assert window.open_folder(novel)
    panel = window.project_panel
    panel.tree.setCurrentItem(item_of(window, "draft.txt"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert window.documents.path == novel / "draft.txt"  # an empty window is used first
    panel.tree.setCurrentItem(item_of(window, "notes.md"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    state = window.app_state
    assert len(state.windows) == 2
    qtbot.addWidget(state.windows[1])
    assert state.windows[1].documents.path == novel / "notes.md"
    assert window.documents.path == novel / "draft.txt"


def test_a_document_open_elsewhere_brings_that_window_forward(qtbot, window, novel: Path) -> None:
    assert window.open_folder(novel)
    window.open_project_document(str(novel / "notes.md"), new_window=True)
    state = window.app_state
    other = state.windows[1]
    qtbot.addWidget(other)
    window.bring_forward()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert not other.isActiveWindow()
    window.open_project_document(str(novel / "notes.md"))
    qtbot.waitUntil(other.isActiveWindow, timeout=5000)
    assert len(state.windows) == 2
    assert window.documents.path is None


def test_keys_go_to_the_panel_move_open_and_come_back(qtbot, window, novel: Path) -> None:
    assert window.open_folder(novel)
    window.bring_forward()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    panel = window.project_panel
    qtbot.keyClick(window.editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(panel.tree.hasFocus, timeout=5000)
    assert panel.tree.currentItem().text(0) == "notes.md — notes"
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)  # "chapters"
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)
    assert panel.tree.currentItem().text(0) == "01 arrival.md"
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert window.documents.path == novel / "chapters" / "01 arrival.md"
    qtbot.waitUntil(window.editor.hasFocus, timeout=5000)  # Enter opens it to write in
    qtbot.keyClick(window.editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(panel.tree.hasFocus, timeout=5000)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.editor.hasFocus, timeout=5000)


def test_the_view_menu_hides_and_shows_the_panel(qtbot, window, novel: Path) -> None:
    assert not window.act_project_panel.isEnabled()
    assert window.open_folder(novel)
    panel = window.project_panel
    assert window.act_project_panel in window.view_menu.actions()
    window.act_project_panel.trigger()
    assert panel.isHidden()
    assert not window.act_project_panel.isChecked()
    window.act_project_panel.trigger()
    assert panel.isVisible()
    panel.close()  # the dock's own close button
    assert not window.act_project_panel.isChecked()
    window.act_focus_project.trigger()
    assert panel.isVisible()
    assert window.act_project_panel.isChecked()


def test_a_save_inside_the_project_is_announced(qtbot, window, novel: Path, tmp_path) -> None:
    assert window.open_folder(novel)
    saved: list[str] = []
    window.project.document_saved.connect(saved.append)
    window.open_project_document(str(novel / "draft.txt"))
    window.editor.document().setModified(True)
    assert window.save()
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x")
    assert window.open_project_document(str(outside))
    window.editor.document().setModified(True)
    assert window.save()
    assert saved == [str(novel / "draft.txt")]


# settings and recent folders ----------------------------------------------------------------------
def test_the_open_in_setting_round_trips_and_refuses_other_values(qtbot, tmp_path: Path) -> None:
    from writer.ui.settings_dialog import SettingsDialog

    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    assert settings.project_open_in == "same"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.project_open_in.setCurrentIndex(dialog.project_open_in.findData("new"))
    assert dialog.apply().keys == {"project_open_in"}
    assert Settings.load(path).project_open_in == "new"
    with pytest.raises(ValueError, match="project_open_in"):
        settings.update(project_open_in="sideways")
    path.write_text(json.dumps({"project_open_in": "sideways", "recent_folders": [3]}))
    again = Settings.load(path)
    assert (again.project_open_in, again.recent_folders) == ("same", [])
    assert "project_open_in" in again.problems[0]
    assert "recent_folders" in again.problems[0]


def test_recent_folders_come_under_the_recent_files(
    qtbot, window, novel: Path, tmp_path: Path
) -> None:
    settings = window.app_state.settings
    folders = []
    for i in range(MAX_RECENT_FOLDERS + 1):
        folder = tmp_path / f"project {i}"
        folder.mkdir()
        folders.append(folder)
        settings.remember_folder(str(folder))
    assert settings.recent_folders == [str(f) for f in reversed(folders)][:MAX_RECENT_FOLDERS]
    folders[-1].rmdir()  # a folder gone since is not offered
    settings.remember_file(str(novel / "draft.txt"))
    window.recent_menu.aboutToShow.emit()
    actions = window.recent_menu.actions()
    # the folder too (two notes.md of two projects read the same)
    assert actions[0].text().startswith("draft.txt — ")
    assert actions[0].text().endswith(novel.name)
    assert actions[1].isSeparator()
    assert [a.text() for a in actions[2:]] == [
        f"project {i} (folder)" for i in range(MAX_RECENT_FOLDERS - 1, 0, -1)
    ]
    actions[2].trigger()
    assert window.project.folder == folders[MAX_RECENT_FOLDERS - 1]
    assert settings.recent_folders[0] == str(folders[MAX_RECENT_FOLDERS - 1])


# folders that cannot be projects ------------------------------------------------------------------
def test_bad_folders_are_refused_in_words_and_change_nothing(
    qtbot, window, tmp_path: Path, warnings
) -> None:
    file = tmp_path / "chapter.md"
    file.write_text("x")
    assert not window.open_folder(tmp_path / "nowhere")
    assert not window.open_folder(file)
    assert warnings == [
        f"There is no folder {tmp_path / 'nowhere'}.",
        f"{file} is a file, not a folder: open it with File → Open.",
    ]
    assert window.statusBar().currentMessage() == warnings[-1]
    assert window.project is None
    assert window.project_panel is None
    assert window.app_state.settings.recent_folders == []
    assert window.app_state.projects == {}


@pytest.mark.skipif(IS_ROOT, reason="root reads every folder, so none is unreadable")
def test_an_unreadable_folder_is_refused_in_words(qtbot, window, tmp_path: Path, warnings):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert not window.open_folder(locked)
    finally:
        locked.chmod(0o755)
    assert warnings[0].startswith(f"Writer cannot read the folder {locked} (")
    assert window.project is None


def test_a_bad_folder_on_the_command_line_is_said_in_the_status_bar(
    qtbot, state, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(
        "writer.ui.project_session.os.scandir",
        lambda _p: (_ for _ in ()).throw(PermissionError(13, "Permission denied")),
    )
    window = first_window(state, str(tmp_path))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "cannot read the folder" in window.statusBar().currentMessage())
    assert window.project is None


def test_a_folder_of_5000_documents_shows_the_first_2000_and_says_so(
    qtbot, window, tmp_path: Path
) -> None:
    root = tmp_path / "big"
    for part in range(50):
        folder = root / f"part {part:02d}"
        folder.mkdir(parents=True)
        for i in range(100):
            (folder / f"{i:03d}.md").touch()
    assert window.open_folder(root)
    panel = window.project_panel
    assert panel.total == 5000
    assert len(panel.documents()) == MAX_SHOWN == 2000
    assert panel.note.text() == "Showing the first 2,000 of 5,000 documents."
    # the words' line says it counts the documents listed (review32b's: it said nothing)
    wait_until(lambda: panel.manuscript_words is not None, 30_000)
    assert panel.words_line.text() == "0 words in the 2,000 documents listed"
    assert names(window)[-1] == "part 19/099.md"
    assert len(os.listdir(root)) == 50
    # the project is still usable: its documents open
    window.open_project_document(str(root / "part 00" / "000.md"))
    assert window.documents.path == root / "part 00" / "000.md"
    assert QApplication.activeModalWidget() is None


def test_in_chinese_the_panel_and_its_menus_are_chinese(qtbot, window, novel: Path) -> None:
    assert window.open_folder(novel)
    state = window.app_state
    state.settings.language = "zh_CN"
    state.apply_appearance()
    try:
        qtbot.waitUntil(lambda: window.view_menu.title() == "视图(&V)", timeout=2000)
        panel = window.project_panel
        assert panel.windowTitle() == "项目"
        assert panel.tree.topLevelItem(0).text(0) == "notes.md — 笔记"
        assert window.act_open_folder.text() == "打开文件夹(&F)…"
        menu = panel.context_menu(item_of(window, "draft.txt"))
        assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
            "打开(&O)", "在新窗口中打开(&N)", "新建文档(&D)…", "重命名(&R)…", "移到回收站(&T)"
        ]
        assert window.windowTitle() == "未命名[*] — Marrow Bay — Writer"
    finally:
        state.settings.language = "en"
        state.apply_appearance()
    qtbot.waitUntil(lambda: window.view_menu.title() == "&View", timeout=2000)


def test_shift_f10_and_the_menu_key_open_the_current_documents_menu(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """Shift+F10 did nothing in the panel (only the Menu key opened the menu)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent

    monkeypatch.setattr(ProjectPanel, "_menu", lambda panel, where: None)  # (modal: waits)

    assert window.open_folder(novel)
    panel = window.project_panel
    asked: list = []
    panel.tree.menu_asked.connect(asked.append)
    panel.tree.setCurrentItem(item_of(window, "draft.txt"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert len(asked) == 1
    row = panel.tree.visualItemRect(panel.tree.currentItem())
    assert asked[0] == panel.tree.viewport().mapToGlobal(row.bottomLeft())
    # the Menu key: at the current row, wherever the mouse is
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), QPoint(0, 0))
    panel.tree.contextMenuEvent(event)
    assert asked[1] == asked[0]


def test_a_document_gone_since_the_listing_closes_nothing(qtbot, window, novel: Path) -> None:
    assert window.open_folder(novel)
    window.open_project_document(str(novel / "draft.txt"))
    window.editor.document().setModified(True)
    gone = novel / "chapters" / "01 arrival.md"
    gone.unlink()
    assert not window.open_project_document(str(gone))
    assert window.statusBar().currentMessage() == f"{gone} is no longer there."
    assert window.documents.path == novel / "draft.txt"
    assert window.documents.is_modified


def test_a_document_that_cannot_be_opened_asks_nothing_and_keeps_the_edits(
    qtbot, window, novel: Path, no_modal_boxes: list[str], warnings: list[str]
) -> None:
    """The file is read before the save question: a file that is no text is refused in words,
    and the writer's unsaved edits stay as they were, still unsaved (a Discard answered to a
    question asked first used to leave them on screen marked as saved, and quitting lost
    them without a word)."""
    assert window.open_folder(novel)
    window.open_project_document(str(novel / "draft.txt"))
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "More words.")
    garbage = novel / "notes.md"
    garbage.write_bytes(b"\x00\x01\x02\xff\xfe binary \x00" * 50)
    window.project_panel.tree.setCurrentItem(item_of(window, "notes.md"))  # as Enter there
    assert not window.open_project_document(str(garbage))
    # the row is this window's document again (it stayed on the file refused)
    assert window.project_panel.tree.currentItem() is item_of(window, "draft.txt")
    assert no_modal_boxes == []  # no save question for a file that cannot come
    assert len(warnings) == 1
    assert "notes.md" in warnings[0]
    assert window.documents.path == novel / "draft.txt"
    assert window.documents.is_modified
    assert window.editor.toPlainText() == "a draft\nMore words."
    assert window.isWindowModified()


def test_the_panel_marks_the_notes_file_the_settings_name(qtbot, window, novel: Path) -> None:
    """Settings → Project → Notes file: the panel follows it (it marked notes.md whatever the
    setting, while the model read the other file as the notes)."""
    (novel / "lore.md").write_text("## Biscuit (the dog)\n", encoding="utf-8")
    assert window.open_folder(novel)
    tree = window.project_panel.tree
    assert tree.topLevelItem(0).text(0) == "notes.md — notes"
    window.app_state.settings.update(notes_file="lore.md")
    qtbot.waitUntil(lambda: tree.topLevelItem(0).text(0) == "lore.md — notes", timeout=5000)
    assert item_of(window, "notes.md") is not None  # one of the project's documents now


def test_a_narrow_window_leaves_the_text_a_readable_column_beside_both_panels(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """The project and context panels squeezed the text of a 640-pixel window to a dozen
    characters a line."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(novel))
    window.act_open_folder.trigger()
    window.act_context_panel.trigger()
    window.show()
    window.resize(400, 600)
    qtbot.waitUntil(lambda: window.context_panel.isVisible() and window.project_panel.isVisible())
    qtbot.waitUntil(lambda: window.editor.width() >= window.editor.minimumSizeHint().width())
    column = window.editor.viewport().width()
    assert column >= window.editor.fontMetrics().averageCharWidth() * 28
    assert window.width() > 400  # (the window keeps room for the panels and the column)


# Find in Project ----------------------------------------------------------------------------------
def test_find_in_project_without_a_project_asks_for_the_folder_to_search(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """Ctrl+Shift+F in a window without a project was greyed out, and nothing said why: it
    says, and asks for the folder (as VS Code's search does); the folder chosen is the
    window's project, and the panel opens with the selection as its query."""
    answers = ["", str(novel)]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: answers.pop(0))
    window.editor.setPlainText("the lantern")
    window.editor.selectAll()
    assert window.act_find_in_project.isEnabled()
    window.act_find_in_project.trigger()  # the question put aside: nothing opens
    assert window.project is None
    assert window.statusBar().currentMessage().startswith("Open a folder as a project first")
    window.act_find_in_project.trigger()
    assert window.project is not None
    assert window.project.folder == novel.resolve()
    assert window.project_find.field.text() == "the lantern"
    assert answers == []
    assert not window.statusBar().currentMessage().startswith("Open a folder")  # (so no more)


def test_find_in_project_finds_in_unsaved_edits_and_files_and_enter_opens_the_match(
    qtbot, window, novel: Path
) -> None:
    """Ctrl+Shift+F finds a word in every document: in the chapter being written as the editor
    has it (not saved yet), in another from the disk; Enter on a match opens its document (in a
    new window, as the setting says) with the match selected."""
    assert window.act_find_in_project.shortcut().toString() == "Ctrl+Shift+F"
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    window.settings.update(project_open_in="new")
    (novel / "draft.txt").write_text("a draft\n\twhere the LANTERN went out\n")
    window.open_project_document(str(novel / "chapters" / "01 arrival.md"))
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "The lantern swung.")  # on disk, no lantern here
    window.act_find_in_project.trigger()
    panel = window.project_find
    with qtbot.waitSignal(panel.searched, timeout=5000):
        qtbot.keyClicks(panel.field, "lantern")
    assert panel.summary.text() == "2 matches in 2 documents"
    tree = panel.tree
    rows = [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1))
            for i in range(tree.topLevelItemCount())]  # fmt: skip
    assert rows == [("chapters/01 arrival.md", "1"), ("draft.txt", "1")]
    from writer.ui.project_find import PARTS

    assert tree.topLevelItem(0).child(0).data(0, PARTS) == (2, "The ", "lantern", " swung.")
    assert tree.topLevelItem(1).child(0).data(0, PARTS) == (2, "where the ", "LANTERN", " went out")
    with qtbot.waitSignal(panel.searched, timeout=5000):  # Alt+C: Match Case (VS Code's key)
        qtbot.keyClick(panel.field, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert panel.case_button.isChecked()
    assert panel.summary.text() == "1 match in 1 document"
    with qtbot.waitSignal(panel.searched, timeout=5000):
        qtbot.keyClick(panel.field, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    tree.setCurrentItem(tree.topLevelItem(1).child(0))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    state = window.app_state
    qtbot.waitUntil(lambda: len(state.windows) == 2, timeout=5000)
    other = state.windows[1]
    qtbot.addWidget(other)
    assert other.documents.path == novel / "draft.txt"
    cursor = other.editor.textCursor()
    assert (cursor.selectedText(), cursor.blockNumber()) == ("LANTERN", 1)
    assert window.documents.is_modified  # (the edit stays where it was, unsaved)
    # the results follow the documents: a match typed over in another window goes once the
    # typing settles, the current result kept in its document
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    panel._stale_timer.setInterval(50)  # (a second's quiet in the product)
    with qtbot.waitSignal(panel.searched, timeout=5000):
        qtbot.keyClicks(other.editor, "lamp")
    assert panel.summary.text() == "1 match in 1 document"
    assert tree.currentItem().data(0, PARTS)[2] == "lantern"
    panel.hide()  # (as behind the Project panel's tab: searched again once it shows)
    qtbot.keyClicks(other.editor, " lantern")
    with qtbot.waitSignal(panel.searched, timeout=5000):
        panel.show()
    assert panel.summary.text() == "2 matches in 2 documents"


def test_letters_typed_right_after_a_replacement_in_the_open_document_are_a_step_of_their_own(
    qtbot,
) -> None:
    """The cursor at the end of a match Replace in Project changed in its editor: what is typed
    next is undone alone (Ctrl+Z took it and every replacement together)."""
    from writer.project.search import Replacement
    from writer.ui.editor import Editor
    from writer.ui.project_replace import replace_in_editor

    editor = Editor()
    qtbot.addWidget(editor)
    editor.setPlainText("Ruth came. Ruth")
    cursor = editor.textCursor()
    cursor.setPosition(len("Ruth"))
    editor.setTextCursor(cursor)
    found = [Replacement(1, 0, "Ruth", "Hannah"), Replacement(1, 11, "Ruth", "Hannah")]
    assert replace_in_editor(editor, found) == 2
    qtbot.keyClicks(editor, " Okafor")
    assert editor.toPlainText() == "Hannah Okafor came. Hannah"
    editor.undo()
    assert editor.toPlainText() == "Hannah came. Hannah"
    editor.undo()
    assert editor.toPlainText() == "Ruth came. Ruth"


def test_replace_all_changes_open_documents_in_their_editors_and_the_others_on_disk(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """Replace All asks once, then: the chapter open with unsaved edits changes in its editor
    (one Ctrl+Z takes it back, and it stays unsaved), the notes and a GBK chapter with CRLF
    lines change on disk in their own encoding and line endings, the GBK one's bytes kept in
    the local history first; a read-only draft is named and left as it was."""
    from tests.conftest import protected
    from writer.documents.history import BEFORE_REPLACE, SAVED

    gbk = novel / "chapters" / "03 灯塔.txt"
    gbk.write_bytes("Ruth走进了灯塔。\r\n她说：Ruth！\r\n".encode("gbk"))
    draft = novel / "draft.txt"
    draft.write_text("Ruth's draft\n")
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    window.open_project_document(str(novel / "chapters" / "01 arrival.md"))
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "Ruth waved.")  # (unsaved)
    window.editor.insertPlainText(" 😀 Ruth ruth")  # (an emoji before a match: two Qt positions)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or
                        QMessageBox.StandardButton.Yes)  # fmt: skip
    window.act_replace_in_project.trigger()
    panel = window.project_find
    assert panel.replace_row.isVisible()
    assert panel.field.hasFocus()  # (the query first, while it is empty)
    menu = panel.context_menu(str(draft))  # (a document's in the results: with a key too)
    assert [a.text() for a in menu.actions()] == ["Replace &All in This Document"]
    panel.field.setText("Ruth")
    panel.case_button.setChecked(True)
    qtbot.keyClicks(panel.replace_field, "Hannah")
    with protected(draft), qtbot.waitSignal(panel.replaced, timeout=10000) as ended:
        qtbot.mouseClick(panel.replace_all_button, Qt.MouseButton.LeftButton)
    assert asked == ["Replace 8 matches in 4 documents with “Hannah”?"]
    summary = ("Replaced 7 matches in 3 documents with “Hannah”. 1 document could not be "
               "changed: draft.txt is read-only.")  # fmt: skip
    assert ended.args == [summary]
    assert panel.outcome.text() == window.statusBar().currentMessage() == summary
    editor = window.editor
    assert editor.toPlainText() == "Hannah came by the coast road.\nHannah waved. 😀 Hannah ruth"
    assert window.documents.is_modified
    window.act_undo.trigger()  # (Ctrl+Z)
    assert editor.toPlainText() == "Ruth came by the coast road.\nRuth waved. 😀 Ruth ruth"
    assert (novel / "notes.md").read_text() == "## Hannah Okafor (Hannah, the detective)\n"
    assert gbk.read_bytes() == "Hannah走进了灯塔。\r\n她说：Hannah！\r\n".encode("gbk")
    history = window.app_state.history
    versions = history.versions(gbk)
    assert [v.kind for v in versions] == [SAVED, BEFORE_REPLACE]
    assert history.read(gbk, versions[1]) == "Ruth走进了灯塔。\r\n她说：Ruth！\r\n".encode("gbk")
    assert draft.read_text() == "Ruth's draft\n"
    panel.show_replace(False)  # Alt+P: Preserve Case, only while Replace shows (VS Code's)
    qtbot.keyClick(panel.field, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert not panel.preserve_button.isChecked()
    panel.show_replace(True)
    qtbot.keyClick(panel.replace_field, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert panel.preserve_button.isChecked()
    assert panel.query().preserve_case
    asked.clear()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.informativeText())
                        or QMessageBox.StandardButton.Cancel)  # fmt: skip
    with qtbot.waitSignal(panel.replaced, timeout=10000):
        qtbot.mouseClick(panel.replace_all_button, Qt.MouseButton.LeftButton)
    assert "Preserve Case is on" in asked[0]


def test_tab_from_the_query_goes_to_the_replacement_then_its_buttons_then_the_switches(
    qtbot, window, novel
) -> None:
    """Tab went from the query through Aa, ab and .* to Preserve Case and only then to the
    replacement (Preserve Case, made with the switches, came first): a replacement typed after
    three Tabs went nowhere. Tab goes as the find bar's does: the replacement first; with
    Replace hidden, the switches, then the results."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    window.act_replace_in_project.trigger()
    panel = window.project_find
    qtbot.waitUntil(panel.field.hasFocus)

    def tabs(count: int) -> list:
        went = []
        for _ in range(count):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            went.append(QApplication.focusWidget())
        return went

    assert tabs(7) == [panel.replace_field, panel.preserve_button, panel.replace_all_button,
                       panel.case_button, panel.word_button, panel.regex_button,
                       panel.tree]  # fmt: skip
    panel.show_replace(False)
    panel.field.setFocus()
    qtbot.waitUntil(panel.field.hasFocus)
    assert tabs(4) == [panel.case_button, panel.word_button, panel.regex_button, panel.tree]


def test_the_panel_keeps_its_width_as_the_first_letter_is_typed(qtbot, window, novel) -> None:
    """At its narrowest the panel grew by the clear button's width at the first letter typed
    in the query or the replacement: Preserve Case moved from under the pointer, and a click
    meant for it cleared the replacement."""

    def laid_out() -> None:
        for _ in range(10):  # (a layout's request reaches the one above it a round later)
            QApplication.processEvents()

    assert window.open_folder(novel)
    window.act_replace_in_project.trigger()
    panel = window.project_find
    assert panel.replace_row.isVisible()
    for field, beside in ((panel.replace_field, panel.preserve_button),
                          (panel.field, panel.case_button)):  # fmt: skip
        field.clear()
        laid_out()
        place = beside.mapTo(window, beside.rect().topLeft())
        qtbot.keyClicks(field, "R")
        laid_out()
        assert beside.mapTo(window, beside.rect().topLeft()) == place


def test_a_projects_next_window_opens_with_find_in_project_as_it_was_left(
    qtbot, window, novel: Path, tmp_path: Path
) -> None:
    """Find in Project open with a query: the project's next window (File → New, the next
    start's) opens with the panel and the query searched again, the keys in the text; closed
    with its button, the next one opens without it."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    window.act_find_in_project.trigger()
    panel = window.project_find
    with qtbot.waitSignal(panel.searched, timeout=5000):
        qtbot.keyClicks(panel.field, "Ruth")
    assert (window.settings.find_in_project_panel, window.settings.find_in_project_query) == (
        True, [str(novel), "Ruth"])  # fmt: skip
    window.act_new.trigger()
    other = window.app_state.windows[1]
    qtbot.addWidget(other)
    found = other.project_find
    assert found is not None
    assert not found.isHidden()
    qtbot.waitUntil(lambda: found.summary.text() == "3 matches in 2 documents", timeout=5000)
    assert found.field.text() == "Ruth"
    assert not found.field.hasFocus()
    other_book = tmp_path / "Other Book"  # another project's window: the panel, not the query
    other_book.mkdir()
    assert window.open_folder(other_book)
    elsewhere = window.app_state.windows[-1]  # (closed below, and deleted: not qtbot's)
    assert elsewhere.project.folder == other_book
    assert elsewhere.project_find is not None
    assert elsewhere.project_find.field.text() == ""
    elsewhere.close()
    found.close()  # (its button)
    assert not window.settings.find_in_project_panel
    window.act_new.trigger()
    third = window.app_state.windows[2]
    qtbot.addWidget(third)
    assert third.project_find is None


def test_a_regular_expression_stopped_as_too_slow_is_not_run_again_at_each_pause(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """Results follow the documents, but a regular expression stopped at its time limit (ten
    seconds of a core) is not searched again after every pause in typing or every save."""
    from writer.project.search import QueryError
    from writer.project.search_apart import TOO_LONG
    from writer.ui import project_find

    runs: list[str] = []

    def too_long(query, texts, **_kwargs):
        runs.append(query.text)
        raise QueryError(TOO_LONG)

    monkeypatch.setattr(project_find, "search_apart", too_long)
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    window.open_project_document(str(novel / "chapters" / "01 arrival.md"))
    window.act_find_in_project.trigger()
    panel = window.project_find
    panel.regex_button.setChecked(True)
    qtbot.keyClicks(panel.field, "(a|aa)+b")
    qtbot.waitUntil(lambda: "not searched" in panel.summary.text(), timeout=5000)
    qtbot.keyClicks(window.editor, "Ruth")
    assert not panel._stale_timer.isActive()
    assert runs == ["(a|aa)+b"]


def test_find_in_project_searches_again_only_where_a_document_it_searches_changed(
    qtbot, window, novel: Path
) -> None:
    """The results were searched again at every pause in typing: in an untitled text the
    project's search does not read too, and after a word typed and deleted again. Now only
    where the texts it searches changed since (or a document was saved, added or renamed)."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    window.open_project_document(str(novel / "chapters" / "01 arrival.md"))
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, " The")  # (being written: searched as the editor has it)
    window.act_find_in_project.trigger()
    panel = window.project_find
    panel._stale_timer.setInterval(50)  # (a second's quiet in the product)
    with qtbot.waitSignal(panel.searched, timeout=5000):
        qtbot.keyClicks(panel.field, "lantern")
    first = panel.summary.text()
    runs: list[int] = []
    panel.searched.connect(lambda: runs.append(1))
    untitled = window.app_state.new_window(project=window.project)
    qtbot.addWidget(untitled)
    untitled.suggestions.set_enabled(False)

    def settled() -> bool:
        return not panel._stale_timer.isActive() and panel._task is None

    qtbot.waitUntil(settled, timeout=5000)
    assert runs == []
    qtbot.keyClicks(untitled.editor, "a lantern")  # a text it does not search
    assert panel._stale_timer.isActive()  # (the pause waited for)
    qtbot.waitUntil(settled, timeout=5000)
    assert runs == []
    qtbot.keyClicks(window.editor, "x")  # a letter typed and deleted again
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    assert panel._stale_timer.isActive()
    qtbot.waitUntil(settled, timeout=5000)
    assert runs == []
    with qtbot.waitSignal(panel.searched, timeout=5000):
        qtbot.keyClicks(window.editor, " lantern")  # a change it searches: searched again
    assert runs == [1]
    assert (first, panel.summary.text()) == ("No matches", "1 match in 1 document")


def test_find_in_an_empty_project_says_it_has_nothing_to_search(qtbot, tmp_path: Path) -> None:
    """A project without documents answered a search with "No matches", as if it had looked
    somewhere (the look's)."""
    from writer.ui.project_find import ProjectFindPanel
    from writer.ui.project_session import ProjectSession

    session = ProjectSession(tmp_path)
    panel = ProjectFindPanel(session, dict)
    qtbot.addWidget(panel)
    panel.field.setText("Ruth")
    panel.search()
    qtbot.waitUntil(lambda: panel.summary.text() != "" and "…" not in panel.summary.text(),
                    timeout=5000)  # fmt: skip
    assert panel.summary.text() == "This project has no documents to search yet."
    session.close()


def test_a_document_by_its_real_path_is_in_a_project_opened_through_a_link(
    qtbot, tmp_path: Path
) -> None:
    """A project opened through a link to its folder did not count a document a window
    showed by its real path as its own (Replace in Project then wrote it on disk under the
    window's unsaved edits: the reviewer's)."""
    from writer.ui.project_session import ProjectSession

    real = tmp_path / "book"
    real.mkdir()
    (real / "one.md").write_text("Ruth\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(real)
    session = ProjectSession(tmp_path / "link")
    try:
        assert session.contains(real / "one.md")
        assert session.contains(tmp_path / "link" / "one.md")
        assert not session.contains(tmp_path / "other.md")
        # (written inside, ".." leading out: the spelling alone said it was the project's)
        assert not session.contains(tmp_path / "link" / ".." / "other.md")
        assert session.contains(tmp_path / "link" / "drafts" / ".." / "one.md")
    finally:
        session.close()


# naming documents: New Document and Rename (F2) --------------------------------------------------
def keys_in_panel(qtbot, panel) -> None:
    """The keyboard in the panel's list, as the writer's F2 or menu key finds it (an editor
    that loses the keyboard takes what it holds, as VS Code's does)."""
    panel.focus_list()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.tree, timeout=2000)


def name_editor(qtbot, panel) -> QLineEdit:
    """The row's editor the panel opened for a name."""
    found: list[QLineEdit] = []

    def shown() -> bool:
        found[:] = [e for e in panel.tree.viewport().findChildren(QLineEdit) if e.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=2000)
    return found[0]


def type_name(qtbot, panel, text: str, key=Qt.Key.Key_Return) -> None:
    """`text` typed in the row's editor, then `key`; back when that editor is gone (the
    panel may open another, for a name refused)."""
    editor = name_editor(qtbot, panel)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: panel._naming is not None or not panel.tree.viewport().findChildren(
        QLineEdit), timeout=2000)  # fmt: skip


def test_f2_renames_the_open_document_and_the_window_follows_it(
    qtbot, window, novel: Path
) -> None:
    """As VS Code's explorer: F2 types a new name in the row, the name before ".md" selected;
    the window showing the document renames it itself, and its unsaved text stays unsaved."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    first = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(first))
    qtbot.keyClicks(window.editor, "Rain. ")
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    panel.tree.setCurrentItem(item_of(window, "chapters/01 arrival.md"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_F2)
    editor = name_editor(qtbot, panel)
    assert editor.text() == "01 arrival.md"
    assert editor.selectedText() == "01 arrival"  # typing replaces the name, not ".md"
    type_name(qtbot, panel, "01 the coast road")
    new = novel / "chapters" / "01 the coast road.md"
    qtbot.waitUntil(lambda: window.documents.path == new, timeout=2000)
    assert new.read_text() == "Ruth came by the coast road.\n"
    assert not first.exists()
    assert window.documents.is_modified
    assert window.editor.toPlainText() == "Rain. Ruth came by the coast road.\n"
    listed_again(window)
    assert "chapters/01 the coast road.md" in names(window)
    assert panel.is_marked(item_of(window, "chapters/01 the coast road.md"))
    assert window.windowTitle().startswith("01 the coast road.md[*] — Marrow Bay")
    assert "01 arrival.md is now named 01 the coast road.md" in (
        window.statusBar().currentMessage()
    )
    # the recent files know it by its new name (as a document not shown, renamed here)
    assert window.settings.recent_files[0] == str(new)
    assert str(first) not in window.settings.recent_files
    panel.rename(item_of(window, "chapters/02 lighthouse.md"))
    type_name(qtbot, panel, "02 the fire")
    qtbot.waitUntil(lambda: (novel / "chapters" / "02 the fire.md").exists(), timeout=2000)
    assert window.documents.save()
    assert new.read_text() == "Rain. Ruth came by the coast road.\n"
    assert not first.exists()
    # the notes file's name is the project's setting: not renamed here
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.keyClick(panel.tree, Qt.Key.Key_F2)
    assert not panel.tree.viewport().findChildren(QLineEdit)
    assert "Settings → Project" in panel.note.text()


def test_f2_with_a_folder_moves_the_open_document_and_the_window_follows_it(
    qtbot, window, novel: Path
) -> None:
    """As VS Code's Rename: "drafts/" moves the chapter into a folder (made where it is not
    yet), "../" out of one; the window showing it follows with its unsaved text, and its
    versions go with it. (A "/" was refused: no key moved a chapter at all.)"""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    first = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(first))
    qtbot.keyClicks(window.editor, "Rain. ")
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    panel.tree.setCurrentItem(item_of(window, "chapters/01 arrival.md"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_F2)
    type_name(qtbot, panel, "old drafts/")  # (over the name F2 selects: "old drafts/.md")
    moved = novel / "chapters" / "old drafts" / "01 arrival.md"
    qtbot.waitUntil(lambda: window.documents.path == moved, timeout=2000)
    assert not first.exists()
    assert moved.read_text() == "Ruth came by the coast road.\n"
    assert window.documents.is_modified
    listed_again(window)
    assert "chapters/old drafts/01 arrival.md" in names(window)
    assert panel.is_marked(item_of(window, "chapters/old drafts/01 arrival.md"))
    assert "01 arrival.md is now chapters/old drafts/01 arrival.md" in (
        window.statusBar().currentMessage()
    )
    assert window.documents.save()
    _journal_written(window)  # (the versions are kept on the journal's thread)
    assert len(window.app_state.history.versions(moved)) == 2  # (as found, and as saved)
    # out of its folder, to the project's own with "/", under a new name
    window.rename_project_document(str(moved), "../../arrival")
    top = novel / "arrival.md"
    assert window.documents.path == top
    assert top.read_text() == "Rain. Ruth came by the coast road.\n"
    window.rename_project_document(str(top), "/chapters/01 arrival")
    assert window.documents.path == first
    _journal_written(window)
    assert len(window.app_state.history.versions(first)) == 2
    # where it is already ("./"): said as such (it said "01 arrival.md is now named 01
    # arrival.md": review35c's)
    assert window.rename_project_document(str(first), "./") == first
    assert window.statusBar().currentMessage() == "01 arrival.md stays where it is."
    # out of the project: refused, said, nothing moved
    assert window.rename_project_document(str(first), "../../elsewhere") is None
    assert first.exists()
    assert "cannot be moved out of the project's folder" in panel.note.text()


def test_no_rename_or_move_makes_a_chapter_the_projects_notes(qtbot, window, novel: Path) -> None:
    """A project without notes yet: F2 with "/notes" (or the notes file's name at the
    project's top) made the chapter the notes the model always reads, unsaid. Refused in
    words, the row asked again, nothing moved; the notes' name elsewhere is a plain name."""
    (novel / "notes.md").unlink()
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    panel = window.project_panel
    first = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(first))
    keys_in_panel(qtbot, panel)
    panel.rename(item_of(window, "chapters/01 arrival.md"))
    type_name(qtbot, panel, "/notes")  # (over the name F2 selects: "/notes.md")
    editor = name_editor(qtbot, panel)  # asked again, with what was typed
    assert editor.text() == "/notes.md"
    assert "is the name of the project's notes" in panel.note.text()
    assert "notes.md" in window.statusBar().currentMessage()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.documents.path == first
    assert first.exists()
    assert not (novel / "notes.md").exists()
    # a document at the top, by its plain name (and in another case, where the disk ignores
    # case: see test_project_files); from a folder, by "../"
    draft = novel / "draft.txt"
    ignores_case = draft.with_name("DRAFT.TXT").exists()
    for path, typed in ((draft, "notes.md"), *([(draft, "NOTES.MD")] if ignores_case else []),
                        (novel / "chapters" / "02 lighthouse.md", "../notes")):  # fmt: skip
        assert window.rename_project_document(str(path), typed) is None
        assert path.exists()
        qtbot.keyClick(name_editor(qtbot, panel), Qt.Key.Key_Escape)
    assert not any(p.name.casefold() == "notes.md" for p in novel.iterdir())
    # in a folder of its own, "notes" is a chapter's name like any other
    assert window.rename_project_document(str(first), "notes") == first.with_name("notes.md")


def test_a_name_refused_says_why_and_asks_again_with_what_was_typed(
    qtbot, window, novel: Path
) -> None:
    assert window.open_folder(novel)
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    second = novel / "chapters" / "02 lighthouse.md"
    panel.rename(item_of(window, "chapters/02 lighthouse.md"))
    type_name(qtbot, panel, "01 arrival")  # another chapter's name
    editor = name_editor(qtbot, panel)  # asked again, with what was typed
    assert editor.text() == "01 arrival.md"
    assert panel.note.text() == "There is already a file named 01 arrival.md in this folder."
    assert second.read_text() == "The lighthouse burned.\n"
    assert (novel / "chapters" / "01 arrival.md").read_text() == "Ruth came by the coast road.\n"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc: nothing changes
    qtbot.waitUntil(lambda: not panel.tree.viewport().findChildren(QLineEdit), timeout=2000)
    assert second.exists()
    assert "chapters/02 lighthouse.md" in names(window)
    # a renamed .txt stays a text file where the name has no suffix of its own
    panel.rename(item_of(window, "draft.txt"))
    type_name(qtbot, panel, "draft 1.5")
    qtbot.waitUntil(lambda: (novel / "draft 1.5.txt").exists(), timeout=2000)
    assert not (novel / "draft.txt").exists()


def test_new_document_is_typed_in_its_folder_and_opens(qtbot, window, novel: Path) -> None:
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    panel = window.project_panel
    folder_item = next(
        panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
        if panel.tree.topLevelItem(i).text(0) == "chapters"
    )
    keys_in_panel(qtbot, panel)
    menu = panel.context_menu(folder_item)
    assert [a.text() for a in menu.actions()] == ["New &Document…"]
    menu.actions()[0].trigger()
    assert name_editor(qtbot, panel).text() == ""
    type_name(qtbot, panel, "03 storm")
    made = novel / "chapters" / "03 storm.md"
    qtbot.waitUntil(lambda: window.documents.path == made, timeout=2000)
    assert made.read_text() == ""
    assert window.statusBar().currentMessage() == "Made chapters/03 storm.md."
    listed_again(window)
    assert panel.is_marked(item_of(window, "chapters/03 storm.md"))
    # Esc, or no name, makes nothing and leaves no row
    before = names(window)
    rows = panel.tree.topLevelItemCount()
    panel.new_document(None)
    type_name(qtbot, panel, "", key=Qt.Key.Key_Escape)
    panel.new_document(None)
    type_name(qtbot, panel, "   ")
    assert names(window) == before
    assert panel.tree.topLevelItemCount() == rows
    # a hidden name is refused in words, and asked again
    panel.new_document(None)
    type_name(qtbot, panel, ".secret")
    assert "hidden file" in panel.note.text()
    assert name_editor(qtbot, panel).text() == ".secret"
    assert not (novel / ".secret").exists()
    assert not (novel / ".secret.md").exists()


def test_delete_moves_a_document_to_the_trash_after_asking(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    shown = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(shown))
    asked: list[tuple[str, str]] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def exec_(box) -> QMessageBox.StandardButton:
        asked.append((box.text(), box.informativeText()))
        return answer[0]

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    # a first use: Qt makes the trash only in a data folder that is there already
    data = novel.parent / "new-data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    panel.tree.setCurrentItem(item_of(window, "draft.txt"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)  # Cancel: nothing goes
    assert asked == [
        ("Move draft.txt to the trash?", "It can be restored from the system's trash.")
    ]
    assert (novel / "draft.txt").exists()
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert not (novel / "draft.txt").exists()
    trash = data / "Trash"
    assert (trash / "files" / "draft.txt").read_text() == "a draft\n"
    assert (trash / "info" / "draft.txt.trashinfo").exists()  # (the file manager restores it)
    listed_again(window)
    assert "draft.txt" not in names(window)
    assert window.statusBar().currentMessage() == "draft.txt is in the trash."
    # the window's own document with unsaved changes: they stay, and saving writes it again
    qtbot.keyClicks(window.editor, "Wind. ")
    panel.tree.setCurrentItem(item_of(window, "chapters/01 arrival.md"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert asked[-1][1] == (
        "It can be restored from the system's trash. Its unsaved changes stay in its window."
    )
    assert not shown.exists()
    assert window.documents.is_modified
    assert window.editor.toPlainText() == "Wind. Ruth came by the coast road.\n"
    assert window.statusBar().currentMessage().startswith(
        "01 arrival.md is in the trash; your unsaved changes are still here"
    )
    assert window.documents.save()
    assert shown.read_text() == "Wind. Ruth came by the coast road.\n"
    # without unsaved changes the window lets it go: an empty untitled document in its place
    qtbot.waitUntil(lambda: item_of(window, "chapters/01 arrival.md") is not None, timeout=5000)
    panel.tree.setCurrentItem(item_of(window, "chapters/01 arrival.md"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert not shown.exists()
    assert window.documents.path is None
    assert window.editor.toPlainText() == ""
    assert not window.documents.is_modified
    assert window.windowTitle() == "Untitled[*] — Marrow Bay — Writer"


def _journal_written(window) -> None:
    """What the window handed the journal's thread is done (written, or moved)."""
    done = threading.Event()
    window.documents.journal.run(done.set)
    assert done.wait(5)


def test_a_rename_takes_the_drafts_journal_and_history_with_it(
    qtbot, window, novel: Path
) -> None:
    """A kill after a rename restored the unsaved draft under the old name (its save made
    that file again); a document no window shows kept its versions under its old name."""
    from writer.documents.journal import _decode

    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    first, draft = novel / "chapters" / "01 arrival.md", novel / "draft.txt"
    assert window.open_project_document(str(draft))
    qtbot.keyClicks(window.editor, "One. ")
    assert window.documents.save()  # (a version kept)
    assert window.open_project_document(str(first))
    qtbot.keyClicks(window.editor, "Rain. ")
    window.documents.journal_now()
    _journal_written(window)
    window.rename_project_document(str(first), "01 the road")
    window.rename_project_document(str(draft), "draft 2")  # (shown by no window)
    _journal_written(window)
    session = window.documents.journal.journal.session_dir
    assert [_decode(f).path for f in session.glob("*")] == [
        str(novel / "chapters" / "01 the road.md")
    ]
    history = window.app_state.history
    assert len(history.versions(novel / "draft 2.txt")) == 2  # (as found, and as saved)
    assert history.versions(draft) == []


def test_auto_save_waits_after_a_document_with_changes_goes_to_the_trash(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """Its next auto save wrote the file back at once: the trash undone, unsaid."""
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)
    monkeypatch.setenv("XDG_DATA_HOME", str(novel.parent / "data"))
    window.settings.update(auto_save=True)
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    first = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(first))
    qtbot.keyClicks(window.editor, "Wind. ")
    assert window.trash_project_document(str(first))
    qtbot.keyClicks(window.editor, "More. ")
    window.documents.auto_save()  # (what its timer does)
    window.documents.finish_saving()
    assert not first.exists()
    assert "Auto Save waits: Ctrl+S saves them" in window.statusBar().currentMessage()
    assert window.documents.save()
    assert first.read_text().startswith("Wind. More. ")


def test_the_panels_rows_stay_whole_around_a_name_being_typed(
    qtbot, window, novel: Path, tmp_path: Path
) -> None:
    """A name refused then left with Esc left a blank row with no document (F2 on it
    raised); a file added while a name was typed took the name away; the menu's Rename on a
    tree built again while it was open raised; the keyboard had no menu in an empty project."""
    assert window.open_folder(novel)
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    rows = panel.tree.topLevelItemCount()
    panel.new_document(None)
    type_name(qtbot, panel, ".hidden")  # refused, and asked again
    qtbot.keyClick(name_editor(qtbot, panel), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel._naming is None, timeout=2000)
    assert panel.tree.topLevelItemCount() == rows
    assert panel.note.isHidden()  # (the refusal's sentence went with its question)
    # a file comes while a name is typed: the row and the name stay, the list follows after
    panel.rename(item_of(window, "draft.txt"))
    editor = name_editor(qtbot, panel)
    qtbot.keyClicks(editor, "second draft")
    (novel / "epilogue.md").write_text("The end.\n")
    panel.refresh()  # (what the folder's watcher does)
    assert shiboken6.isValid(editor)
    assert editor.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: (novel / "second draft.txt").exists(), timeout=2000)
    qtbot.waitUntil(lambda: "epilogue.md" in names(window), timeout=2000)
    # the menu names its document by path: the tree built again under it changes nothing
    menu = panel.context_menu(item_of(window, "epilogue.md"))
    panel._shown = ()
    panel.refresh()
    next(a for a in menu.actions() if a.text() == "&Rename…").trigger()
    assert name_editor(qtbot, panel).text() == "epilogue.md"
    qtbot.keyClick(name_editor(qtbot, panel), Qt.Key.Key_Escape)
    # an empty project: Shift+F10 opens its menu, New Document
    empty = tmp_path / "empty"
    empty.mkdir()
    other = window.app_state.new_window()
    qtbot.addWidget(other)
    other.show()
    assert other.open_folder(empty)
    tree = other.project_panel.tree
    asked: list[object] = []
    tree.menu_asked.disconnect()  # (a popup's own loop would wait for a click)
    tree.menu_asked.connect(asked.append)
    keys_in_panel(qtbot, other.project_panel)
    qtbot.keyClick(tree, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert len(asked) == 1
    menu = other.project_panel.context_menu(tree.currentItem())
    assert [a.text() for a in menu.actions()] == ["New &Document…"]


def test_a_name_being_typed_waits_while_another_application_has_the_keys(
    qtbot, window, novel: Path
) -> None:
    """Alt+Tab to a browser while typing "01 the co" renamed the file so (Qt's editor takes
    a window losing the keys for a click elsewhere)."""
    from PySide6.QtWidgets import QWidget

    assert window.open_folder(novel)
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    panel.rename(item_of(window, "draft.txt"))
    editor = name_editor(qtbot, panel)
    qtbot.keyClicks(editor, "second dr")
    elsewhere = QWidget()  # (another application's window, as the window system sees it)
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    QApplication.setActiveWindow(elsewhere)
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=2000)
    QApplication.processEvents()
    assert shiboken6.isValid(editor)
    assert panel._naming is not None
    assert (novel / "draft.txt").exists()
    window.activateWindow()
    QApplication.setActiveWindow(window)
    qtbot.keyClicks(editor, "aft")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: (novel / "second draft.txt").exists(), timeout=2000)


def test_export_project_makes_one_manuscript_of_the_documents_in_order(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """File → Export Project: the chapters in the panel's order, each on a new page, the
    notes left out, a window's unsaved text as it shows it, a picture beside its chapter in
    its subfolder found; a file that cannot be read is left out and said. Without a title
    page or a table of contents (unchecked in its questions), the manuscript is the text
    alone; with them, they come first and the author is the one typed there."""
    import io
    import zipfile
    from xml.etree import ElementTree

    from PySide6.QtCore import Qt

    from tests.test_export import a_picture, answer_by_keys, choose, exported

    a_picture(novel / "chapters" / "map.png", 48, 24)
    (novel / "chapters" / "02 lighthouse.md").write_text(
        "# The Fire\n\nThe lighthouse burned.\n\n![the map](map.png)\n"
    )
    (novel / "broken.md").write_bytes(bytes(range(256)) * 8)  # (no text: a binary file)
    (novel / "afterword.md").write_text("The end.\n")  # (after the chapters' folder)
    assert not window.act_export_project.isEnabled()  # (no project yet)
    assert window.open_folder(novel)
    qtbot.waitUntil(lambda: not window.project.listing_due)  # (Export waits)
    window.suggestions.set_enabled(False)
    assert window.open_project_document(str(novel / "chapters" / "01 arrival.md"))
    qtbot.keyClicks(window.editor, "Rain. ")  # (unsaved: exported as shown)
    target = novel.parent / "Marrow Bay.docx"
    choose(monkeypatch, target, "Word Document (*.docx)")
    assert window.act_export_project.isEnabled()
    alt = Qt.KeyboardModifier.AltModifier
    asked: list = []
    answer_by_keys(monkeypatch, qtbot, (Qt.Key.Key_P, alt), (Qt.Key.Key_O, alt),
                   (Qt.Key.Key_Return,), asked=asked)  # fmt: skip
    window.act_export_project.trigger()
    assert asked[0].title.text() == "Marrow Bay"  # (the project's name)
    # what goes in, in its order, is named before it goes (a notes folder's file went unseen)
    assert asked[0].documents.text() == (
        "In the manuscript, in the Project panel's order (the notes file left out): "
        "chapters/01 arrival.md, chapters/02 lighthouse.md, afterword.md, broken.md, draft.txt."
    )
    exported(window)
    assert "without broken.md: it could not be read" in window.statusBar().currentMessage()
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as z:
        body = ElementTree.fromstring(z.read("word/document.xml")).find(f"{w}body")
        assert z.read("word/media/image1.png").startswith(b"\x89PNG")
    def style(p) -> str:
        found = p.find(f"{w}pPr/{w}pStyle")
        return "" if found is None else found.get(f"{w}val")

    paragraphs = [
        ("".join(t.text or "" for t in p.iter(f"{w}t")),
         p.find(f"{w}pPr/{w}pageBreakBefore") is not None, style(p))
        for p in body.iter(f"{w}p")
    ]  # fmt: skip
    assert [p for p in paragraphs if p[0]] == [
        ("Rain. Ruth came by the coast road.", False, ""),
        ("The Fire", True, "Heading1"),  # (a chapter's first line kept its heading)
        ("The lighthouse burned.", False, ""),
        ("The end.", True, ""),
        ("a draft", True, ""),
    ]
    assert "Ruth Okafor" not in str(paragraphs)  # (the notes are the model's, not the book's)
    page = novel.parent / "Marrow Bay.html"
    choose(monkeypatch, page)
    answer_by_keys(monkeypatch, qtbot, (Qt.Key.Key_A, alt), "Ann Vale", (Qt.Key.Key_P, alt),
                   (Qt.Key.Key_O, alt), (Qt.Key.Key_Return,))  # fmt: skip
    window.act_export_project.trigger()
    exported(window)
    html = page.read_text(encoding="utf-8")
    assert '<meta name="author" content="Ann Vale">' in html
    assert '<h1 class="title">Marrow Bay</h1>\n<p class="author">Ann Vale</p>' in html
    assert '<li><a href="#the-fire">The Fire</a></li>' in html
    assert window.settings.export_author == "Ann Vale"


def test_export_project_names_the_file_after_the_title_typed(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """The file Export Project offers is named after the manuscript's title as typed in its
    questions (made a file's name), not after the project's folder; the folder's name where
    the title is left empty."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from tests.test_export import answer_by_keys

    offered: list[str] = []

    def cancel(_parent, _title, start, _filters, _selected):
        offered.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancel)
    assert window.open_folder(novel)
    qtbot.waitUntil(lambda: not window.project.listing_due)  # (Export waits)
    window.suggestions.set_enabled(False)
    answer_by_keys(monkeypatch, qtbot, "The Lamp: Part 1/2", (Qt.Key.Key_Return,))
    assert not window.export_project()  # (cancelled in the file dialog)
    answer_by_keys(monkeypatch, qtbot, (Qt.Key.Key_Delete,), (Qt.Key.Key_Return,))
    assert not window.export_project()
    # (beside the project's folder, not among its chapters: nothing exported here yet)
    assert offered == [str(novel.parent / "The Lamp Part 1-2.pdf"),
                       str(novel.parent / "Marrow Bay.pdf")]  # fmt: skip


def test_exports_open_where_the_projects_last_export_went(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """Export Project's file dialog opened in the project's folder, the exports landing among
    the chapters, every time. It opens beside the folder the first time, then where the
    project's last export went (kept in the settings, for Export of one chapter too), as VS
    Code's dialogs remember; a folder gone since, as the first time."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from tests.test_export import answer_by_keys, exported

    exports = novel.parent / "exports"
    exports.mkdir()
    offered: list[str] = []
    answer: dict[str, str] = {"path": ""}

    def ask(_parent, _title, start, _filters, selected):
        offered.append(start)
        return answer["path"], selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    assert window.open_folder(novel)
    qtbot.waitUntil(lambda: not window.project.listing_due)  # (Export waits)
    window.suggestions.set_enabled(False)
    answer_by_keys(monkeypatch, qtbot, (Qt.Key.Key_Return,))
    assert not window.export_project()  # (cancelled: nothing kept)
    assert window.settings.export_folders == {}
    answer["path"] = str(exports / "Marrow Bay.pdf")
    assert window.export_project()
    exported(window)
    assert (exports / "Marrow Bay.pdf").exists()
    assert window.settings.export_folders == {str(novel): str(exports)}
    assert window.export_project()
    exported(window)
    chapter = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(chapter))
    answer["path"] = ""
    assert not window.exporter.export()
    first = str(novel.parent / "Marrow Bay.pdf")
    assert offered == [first, first, str(exports / "Marrow Bay.pdf"),
                       str(exports / "01 arrival.pdf")]  # fmt: skip
    shutil.rmtree(exports)
    assert not window.exporter.export()
    assert offered[-1] == str(chapter.with_suffix(".pdf"))  # (a chapter's first: its folder)


def test_new_document_never_makes_the_projects_notes_unawares(window, novel: Path) -> None:
    """New Document "notes" at the top of a project with no notes file made the file the
    model always reads as the project's notes, without a word: refused, as Rename refuses it,
    the sentence saying why; in a folder of the project it is a document like any other."""
    (novel / "notes.md").unlink()
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    assert window.create_project_document(str(novel), "Notes") is None
    assert not (novel / "Notes.md").exists()
    assert "a new document so named would become them" in window.statusBar().currentMessage()
    made = window.create_project_document(str(novel / "chapters"), "notes")
    assert made == novel / "chapters" / "notes.md"


def test_a_new_documents_place_is_said_by_the_projects_rule_however_spelt(
    window, novel: Path, tmp_path: Path
) -> None:
    """A folder of the project reached by another spelling (a link to the project) made its
    new document's sentence name the whole path ("Made /…/link/chapters/03 storm.md."): where
    in the project a path is, is `place_in`'s answer, the project's one rule."""
    link = tmp_path / "link to the book"
    link.symlink_to(novel, target_is_directory=True)
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    assert window.create_project_document(str(link / "chapters"), "03 storm") is not None
    assert (novel / "chapters" / "03 storm.md").is_file()
    assert window.statusBar().currentMessage() == "Made chapters/03 storm.md."


def test_an_export_folder_kept_as_a_relative_path_is_not_where_the_dialog_opens(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """A project's export folder stored as "exports" (a settings file edited by hand) opened
    the dialog in the "exports" of wherever Writer was started from: only an absolute path is
    a folder kept; otherwise, as the first time."""
    from PySide6.QtWidgets import QFileDialog

    elsewhere = novel.parent / "started here"
    (elsewhere / "exports").mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    offered: list[str] = []

    def ask(_parent, _title, start, _filters, selected):
        offered.append(start)
        return "", selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    chapter = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(chapter))
    window.settings.update(export_folders={str(novel): "exports"})
    assert not window.exporter.export()
    assert offered == [str(chapter.with_suffix(".pdf"))]  # (a chapter's first: its folder)


def test_find_in_project_follows_a_document_another_program_rewrote(
    qtbot, window, novel: Path
) -> None:
    """A chapter rewritten in place (no event in the folder) is read again by its window:
    Find in Project kept its old results, "No matches" (the review's)."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    chapter = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(chapter))
    window.act_find_in_project.trigger()
    panel = window.project_find
    with qtbot.waitSignal(panel.searched, timeout=5000):
        qtbot.keyClicks(panel.field, "lantern")
    assert panel.summary.text() == "No matches"
    with open(chapter, "a", encoding="utf-8") as f:
        f.write("A lantern swung.\n")
    qtbot.waitUntil(lambda: "lantern" in window.editor.toPlainText(), timeout=5000)
    qtbot.waitUntil(lambda: panel.summary.text() == "1 match in 1 document", timeout=5000)


def test_after_a_move_to_trash_the_keys_are_on_the_next_row(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """As in a file manager: Delete, Enter, Delete... goes down the list. The row went back
    to the window's document (or, that one gone, to none: Down began again at the top)."""
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)
    monkeypatch.setenv("XDG_DATA_HOME", str(novel.parent / "data"))
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    assert window.open_project_document(str(novel / "draft.txt"))
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    panel.tree.setCurrentItem(item_of(window, "chapters/01 arrival.md"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    listed_again(window)
    assert panel.tree.currentItem() is item_of(window, "chapters/02 lighthouse.md")
    rows = names(window)
    after = rows[rows.index("draft.txt") + 1] if rows[-1] != "draft.txt" else rows[-2]
    panel.tree.setCurrentItem(item_of(window, "draft.txt"))  # the window's own document
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert window.documents.path is None
    listed_again(window)
    assert panel.tree.currentItem() is item_of(window, after)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)  # and on
    assert not (novel / after).exists()


def test_a_new_document_kept_from_opening_by_cancel_is_the_row_the_keys_are_on(
    qtbot, window, novel: Path, no_modal_boxes: list[str]
) -> None:
    """New Document with unsaved changes in the window: the save question, answered Cancel,
    left the keys on a folder's row (or the window's document), so Enter opened something
    else than the document just made; as for a document opened from the list, it stays on
    the one asked for, and Enter asks again."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    assert window.open_project_document(str(novel / "draft.txt"))
    qtbot.keyClicks(window.editor, "More. ")
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    panel.new_document(None)
    type_name(qtbot, panel, "interlude")
    made = novel / "interlude.md"
    qtbot.waitUntil(lambda: no_modal_boxes != [], timeout=2000)
    assert made.exists()
    assert window.documents.path == novel / "draft.txt"  # (Cancel)
    assert window.statusBar().currentMessage() == "Made interlude.md."  # (it was unsaid)
    listed_again(window)
    assert panel.tree.currentItem() is item_of(window, "interlude.md")
    asked = len(no_modal_boxes)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert len(no_modal_boxes) == asked + 1


def test_f2_or_delete_on_a_folder_says_what_the_panel_does_not_do(
    qtbot, window, novel: Path, no_modal_boxes: list[str]
) -> None:
    """Both keys did nothing on a folder's row, without a word."""
    assert window.open_folder(novel)
    panel = window.project_panel
    keys_in_panel(qtbot, panel)
    folder = next(
        panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
        if panel.tree.topLevelItem(i).text(0) == "chapters"
    )
    said = (
        "The Project panel renames and moves documents to the trash, not folders: "
        "do that to chapters in your file manager."
    )
    for key in (Qt.Key.Key_F2, Qt.Key.Key_Delete):
        panel.refresh()
        assert not panel.note.isVisible()
        panel.tree.setCurrentItem(folder)
        qtbot.keyClick(panel.tree, key)
        assert panel.note.isVisible()
        assert panel.note.text() == said
        assert (novel / "chapters" / "01 arrival.md").exists()
        assert no_modal_boxes == []


def test_a_window_whose_document_is_renamed_elsewhere_keeps_its_row_on_it(
    qtbot, window, novel: Path
) -> None:
    """Renamed from another window's panel, the document's row in this window's list was
    lost: the keys went to the row after it."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    draft = str(novel / "draft.txt")
    window.open_project_document(draft, new_window=True)
    other = window.app_state.windows[1]
    qtbot.addWidget(other)
    assert other.documents.path == Path(draft)
    assert other.project_panel.tree.currentItem() is item_of(other, "draft.txt")
    assert window.rename_project_document(draft, "draft two") == novel / "draft two.txt"
    assert other.documents.path == novel / "draft two.txt"
    qtbot.waitUntil(lambda: item_of(other, "draft two.txt") is not None, timeout=2000)
    assert other.project_panel.tree.currentItem() is item_of(other, "draft two.txt")


def test_a_document_with_unsaved_changes_is_marked_in_every_panel_until_saved_or_undone(
    qtbot, window, novel: Path
) -> None:
    """As VS Code marks an editor with unsaved changes: a dot after the name, in italic, and
    "Unsaved changes" in the tooltip, in this window's panel and the project's other windows';
    gone once saved, or once the changes are undone back to the saved text; it follows a
    rename. (No row said a document had unsaved changes.)"""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    first = novel / "chapters" / "01 arrival.md"
    window.open_project_document(str(novel / "draft.txt"), new_window=True)
    other = window.app_state.windows[1]
    qtbot.addWidget(other)
    assert window.open_project_document(str(first))
    here, there = window.project_panel, other.project_panel
    row = "chapters/01 arrival.md"
    assert not here.is_unsaved(item_of(window, row))
    assert painted(here, item_of(window, row)).text == "01 arrival.md"
    qtbot.keyClicks(window.editor, "Rain. ")
    for panel, shown in ((here, window), (there, other)):
        item = item_of(shown, row)
        assert panel.is_unsaved(item)
        assert painted(panel, item).text == "01 arrival.md \u25cf"
        assert painted(panel, item).font.italic()
        assert item.text(0) == "01 arrival.md"  # (the name: what renaming and finding read)
        assert "Unsaved changes" in item.toolTip(0)
    assert here.is_marked(item_of(window, row))  # (still the window's document, in bold)
    assert not there.is_unsaved(item_of(other, "draft.txt"))
    assert window.documents.save()
    for panel, shown in ((here, window), (there, other)):
        item = item_of(shown, row)
        assert not panel.is_unsaved(item)
        assert painted(panel, item).text == "01 arrival.md"
        assert not painted(panel, item).font.italic()
        assert "Unsaved changes" not in item.toolTip(0)
    qtbot.keyClicks(window.editor, "Wind. ")
    assert here.is_unsaved(item_of(window, row))
    window.editor.undo()
    assert not window.documents.is_modified
    assert not here.is_unsaved(item_of(window, row))
    assert not there.is_unsaved(item_of(other, row))
    # renamed with its changes unsaved: the new row is marked, in the other window too
    qtbot.keyClicks(window.editor, "Fog. ")
    assert window.rename_project_document(str(first), "01 fog") == first.with_name("01 fog.md")
    qtbot.waitUntil(lambda: item_of(other, "chapters/01 fog.md") is not None, timeout=2000)
    assert here.is_unsaved(item_of(window, "chapters/01 fog.md"))
    assert there.is_unsaved(item_of(other, "chapters/01 fog.md"))
    assert painted(there, item_of(other, "chapters/01 fog.md")).text == "01 fog.md \u25cf"
    # the other window's own document, typed in there
    qtbot.keyClicks(other.editor, "x")
    assert here.is_unsaved(item_of(window, "draft.txt"))
    other.editor.document().setModified(False)  # (no Save? question when it closes)
    assert not here.is_unsaved(item_of(window, "draft.txt"))


def test_a_window_closed_without_saving_unmarks_its_document_in_the_others(
    qtbot, window, novel: Path
) -> None:
    """The changes of a window closed without saving them are gone: the row in the project's
    other windows loses its dot (its window's document still said it was modified as it went,
    and no save or undo announced the end)."""
    from unittest import mock

    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    first = novel / "chapters" / "01 arrival.md"
    window.open_project_document(str(first), new_window=True)
    other = window.app_state.windows[1]
    qtbot.addWidget(other)
    qtbot.keyClicks(other.editor, "Rain. ")
    row = "chapters/01 arrival.md"
    assert window.project_panel.is_unsaved(item_of(window, row))
    with mock.patch.object(other.documents, "close", return_value=True):  # (Don't Save)
        assert other.close()
    assert other.documents.is_modified
    assert not window.project_panel.is_unsaved(item_of(window, row))
    assert painted(window.project_panel, item_of(window, row)).text == "01 arrival.md"
    other.editor.document().setModified(False)


def test_a_long_names_unsaved_mark_shows_in_a_narrow_panel(qtbot, window, novel: Path) -> None:
    """A name longer than the panel is wide was cut at its right, the dot of its unsaved
    changes with it ("03 The night the lighthouse…"): it is cut in its middle, the end shown."""
    from PySide6.QtCore import Qt

    from writer.ui.project_panel import UNSAVED_MARK

    long = novel / "chapters" / "03 The night the lighthouse keeper's daughter rowed out.md"
    long.write_text("The oars.\n", encoding="utf-8")
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    assert window.open_project_document(str(long))
    qtbot.keyClicks(window.editor, "Rain. ")
    panel = window.project_panel
    tree = panel.tree
    item = panel.item(long)
    assert panel.is_unsaved(item)
    text = painted(panel, item).text
    width = tree.fontMetrics().horizontalAdvance(text) // 2  # (half the name fits)
    shown = tree.fontMetrics().elidedText(text, tree.textElideMode(), width)
    assert "\u2026" in shown
    assert shown.endswith(".md" + UNSAVED_MARK)
    assert tree.textElideMode() == Qt.TextElideMode.ElideMiddle


def test_a_documents_links_are_resolved_once_not_at_each_change(
    qtbot, window, novel: Path, monkeypatch
) -> None:
    """The row's unsaved mark resolved the document's links (`os.path.realpath`) at each
    change of its window's modified flag, and its words at each count: once for the file a
    window shows."""
    from writer.ui import project_words

    resolved: list[str | None] = []
    spellings = project_words._spellings
    monkeypatch.setattr(project_words, "_spellings",
                        lambda path: resolved.append(path) or spellings(path))  # fmt: skip
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    first = novel / "chapters" / "01 arrival.md"
    assert window.open_project_document(str(first))
    panel, words = window.project_panel, window.project_panel.session.words
    for typed in ("Rain. ", "Wind. ", "Fog. "):
        qtbot.keyClicks(window.editor, typed)
        assert panel.is_unsaved(panel.item(first))
        qtbot.waitUntil(lambda typed=typed: words.words(str(first)) == len(
            window.editor.toPlainText().split()), timeout=10_000)  # fmt: skip
        window.editor.document().setModified(False)
        assert not panel.is_unsaved(panel.item(first))
    assert resolved.count(str(first)) == 1


def test_the_rows_changed_while_a_name_is_typed_show_once_it_is_given(
    qtbot, window, novel: Path
) -> None:
    """While a name is typed in a row, the rows' words and unsaved marks wait (a change to the
    row puts its editor's text back). A file changed meanwhile left its row's words as they
    were once the name was given up (the folder listed again, unchanged, and the words owed
    forgotten): all the rows owed are set once it is."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    panel, words = window.project_panel, window.project_panel.session.words
    draft = novel / "draft.txt"
    qtbot.waitUntil(lambda: panel.manuscript_words is not None and not words.busy, timeout=10_000)
    assert item_of(window, "draft.txt").text(WORDS) == "2"
    panel.rename_path(str(novel / "chapters" / "01 arrival.md"))
    (editor,) = panel.tree.viewport().findChildren(QLineEdit)
    editor.setText("01 the coast road")
    with qtbot.waitSignal(panel.session.documents_changed, timeout=10_000):
        (novel / ".draft.tmp").write_text("a draft of the storm chapter\n")
        os.replace(novel / ".draft.tmp", draft)  # (as a save writes it)
    qtbot.waitUntil(lambda: words.words(str(draft)) == 6 and not words.busy, timeout=10_000)
    assert item_of(window, "draft.txt").text(WORDS) == "2"  # (not while the name is typed)
    assert editor.text() == "01 the coast road"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert item_of(window, "draft.txt").text(WORDS) == "6"


# words ------------------------------------------------------------------------------------------
@pytest.fixture
def manuscript(tmp_path: Path) -> Path:
    """A book: notes, Markdown with front matter and a comment, text, a Chinese chapter, a
    subfolder with a long chapter."""
    root = tmp_path / "Book"
    (root / "part two").mkdir(parents=True)
    (root / "notes.md").write_text("Mara is the keeper's daughter.\n", encoding="utf-8")
    (root / "01 harbour.md").write_text(
        "---\ntitle: Harbour\ntags: [sea, night]\n---\n# The Harbour\n\n"
        "The lamp was lit. <!-- check the tide tables -->\n",
        encoding="utf-8",
    )
    (root / "02 letter.txt").write_text("Dear Ruth, come soon.\n", encoding="utf-8")
    (root / "03 林间.md").write_text("林间小路，雨后初晴。\n", encoding="utf-8")
    (root / "part two" / "04 storm.md").write_text("word " * 1200 + "\n", encoding="utf-8")
    (root / "part two" / "05 calm.md").write_text("The sea was calm.\n", encoding="utf-8")
    return root


def n(number: int) -> str:
    """A number as the panel writes it (QLocale's, as the status bar's)."""
    return QLocale().toString(number)


def words_of(window, relative: str) -> str:
    return item_of(window, relative).text(1)


def folder_row(panel, name: str):
    return next(
        panel.tree.topLevelItem(i)
        for i in range(panel.tree.topLevelItemCount())
        if panel.tree.topLevelItem(i).text(0) == name
    )


def counted(panel) -> None:
    """Back once the panel's words are all counted and no pass is under way."""
    wait_until(lambda: panel.manuscript_words is not None and not panel.session.words.busy, 10_000)


def test_each_row_shows_its_words_and_the_line_under_the_tree_the_manuscripts(
    qtbot, window, manuscript: Path
) -> None:
    """Words as the status bar counts them (front matter and comments left out, Chinese by
    characters), dimmed at the row's right; a folder's its documents'; the manuscript's
    under the tree, the notes left out as Export Project leaves them out."""
    assert window.open_folder(manuscript)
    panel = window.project_panel
    counted(panel)
    assert words_of(window, "01 harbour.md") == "6"  # "The Harbour" 2 + "The lamp was lit." 4
    assert words_of(window, "02 letter.txt") == "4"
    assert words_of(window, "03 林间.md") == "8"  # 林间小路 雨后初晴: each character a word
    assert words_of(window, "part two/04 storm.md") == n(1200)  # (QLocale's separators)
    assert words_of(window, "part two/05 calm.md") == "4"
    assert words_of(window, "notes.md") == "5"  # (its row too, but not the manuscript's)
    assert folder_row(panel, "part two").text(1) == n(1204)
    assert panel.manuscript_words == 6 + 4 + 8 + 1204
    assert panel.words_line.text() == n(1222) + " words"
    assert panel.words_line.isVisible()
    assert "5 documents but the notes" in panel.words_line.toolTip()
    row = item_of(window, "part two/04 storm.md")
    assert row.toolTip(0) == "part two/04 storm.md\n" + n(1200) + " words"
    assert row.toolTip(1) == n(1200) + " words"
    assert row.textAlignment(1) & Qt.AlignmentFlag.AlignRight
    # the count has a column of its own, as wide as its widest number, the name the rest
    tree = panel.tree
    assert 0 < tree.columnWidth(1) < tree.columnWidth(0)
    assert tree.columnWidth(1) >= tree.fontMetrics().horizontalAdvance(n(1222))
    # a document added is counted; one gone leaves the sums
    (manuscript / "part two" / "06 dawn.md").write_text("Dawn came.\n", encoding="utf-8")
    (manuscript / "02 letter.txt").unlink()
    wait_until(lambda: panel.manuscript_words == 1222 - 4 + 2, 10_000)
    assert folder_row(panel, "part two").text(1) == n(1206)
    # a file that is no text: a dash, and why in its tooltip; the sums go on without it
    (manuscript / "part two" / "07 cover.md").write_bytes(b"PK\x03\x04\x14\x00" + bytes(256))
    wait_until(lambda: item_of(window, "part two/07 cover.md") is not None, 10_000)
    counted(panel)
    assert words_of(window, "part two/07 cover.md") == "—"
    assert "not a text file" in item_of(window, "part two/07 cover.md").toolTip(1)
    assert folder_row(panel, "part two").text(1) == n(1206)
    assert panel.manuscript_words == 1220


def test_in_chinese_the_words_are_characters_said_in_chinese(
    qtbot, window, manuscript: Path
) -> None:
    assert window.open_folder(manuscript)
    state = window.app_state
    state.settings.language = "zh_CN"
    state.apply_appearance()
    try:
        qtbot.waitUntil(lambda: window.view_menu.title() == "视图(&V)", timeout=2000)
        panel = window.project_panel
        counted(panel)
        assert panel.words_line.text() == n(1222) + " 字"
        assert item_of(window, "03 林间.md").toolTip(1) == "8 字"
        assert "笔记" in panel.words_line.toolTip()
    finally:
        state.settings.language = "en"
        state.apply_appearance()
    qtbot.waitUntil(lambda: window.view_menu.title() == "&View", timeout=2000)


def test_an_open_document_counts_as_its_window_shows_it_unsaved_words_too(
    qtbot, window, manuscript: Path
) -> None:
    """The row takes the window's status-bar count once the typing pauses; after a save and
    another document opened, the file's words."""
    assert window.open_folder(manuscript)
    window.suggestions.set_enabled(False)
    panel = window.project_panel
    counted(panel)
    calm = manuscript / "part two" / "05 calm.md"
    assert window.open_project_document(str(calm))
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(window.word_count.counted, timeout=5000):
        qtbot.keyClicks(window.editor, "Gulls cried over the water.")
    assert window.word_count.words == 9
    wait_until(lambda: words_of(window, "part two/05 calm.md") == "9", 5000)
    assert folder_row(panel, "part two").text(1) == n(1209)
    assert panel.words_line.text() == n(1227) + " words"
    assert calm.read_text(encoding="utf-8") == "The sea was calm.\n"  # (unsaved)
    assert window.documents.save()
    window.open_project_document(str(manuscript / "02 letter.txt"))
    assert window.documents.path == manuscript / "02 letter.txt"
    # (not for a moment the words the file had before the save)
    assert words_of(window, "part two/05 calm.md") == "9"
    # no window shows it now: its file's words, read again as it was saved
    counted(panel)
    assert words_of(window, "part two/05 calm.md") == "9"
    assert panel.words_line.text() == n(1227) + " words"


def test_an_open_documents_unsaved_words_go_when_its_window_closes_without_them(
    qtbot, window, manuscript: Path
) -> None:
    assert window.open_folder(manuscript)
    window.suggestions.set_enabled(False)
    calm = manuscript / "part two" / "05 calm.md"
    window.open_project_document(str(calm), new_window=True)
    other = window.app_state.window_showing(calm)
    assert other is not None
    assert other is not window
    other.suggestions.set_enabled(False)
    panel = window.project_panel  # (this window's panel follows the other window's count)
    counted(panel)
    other.editor.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(other.word_count.counted, timeout=5000):
        qtbot.keyClicks(other.editor, "Gulls cried.")
    wait_until(lambda: words_of(window, "part two/05 calm.md") == "6", 5000)
    other.editor.document().setModified(False)  # (closed without them)
    other.close()
    wait_until(lambda: words_of(window, "part two/05 calm.md") == "4", 5000)
    assert panel.words_line.text() == n(1222) + " words"


def test_a_file_another_program_changed_is_counted_again_and_only_it(
    qtbot, window, manuscript: Path, monkeypatch
) -> None:
    """A file written over by renaming (as most editors save) makes an event in the folder;
    one changed in place is looked at again when Writer is the active program again. Only a
    file whose size or time changed is read again."""
    from PySide6.QtGui import QGuiApplication

    import writer.ui.project_words as project_words

    read: list[str] = []
    real = project_words.read_text_file
    monkeypatch.setattr(
        project_words, "read_text_file", lambda path, **kw: read.append(path) or real(path, **kw)
    )
    assert window.open_folder(manuscript)
    panel = window.project_panel
    counted(panel)
    assert len(read) == 6
    letter = manuscript / "02 letter.txt"
    read.clear()
    temporary = manuscript / ".letter.tmp"
    temporary.write_text("Dear Ruth, come soon, and bring the charts.\n", encoding="utf-8")
    os.replace(temporary, letter)
    wait_until(lambda: words_of(window, "02 letter.txt") == "8", 10_000)
    counted(panel)
    assert read == [str(letter)]
    assert panel.words_line.text() == n(1226) + " words"
    read.clear()
    calm = manuscript / "part two" / "05 calm.md"
    with calm.open("a", encoding="utf-8") as file:  # (in place: no event in the folder)
        file.write("Then the wind.\n")
    QGuiApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    wait_until(lambda: words_of(window, "part two/05 calm.md") == "7", 10_000)
    counted(panel)
    assert read == [str(calm)]
    assert panel.words_line.text() == n(1229) + " words"


def test_f2_types_the_name_beside_the_words_and_the_row_keeps_them(
    qtbot, window, manuscript: Path
) -> None:
    """The name's editor covers the name's column, not the words'; counts that come while
    a name is typed leave what was typed, and the renamed row has its words."""
    assert window.open_folder(manuscript)
    panel = window.project_panel
    counted(panel)
    keys_in_panel(qtbot, panel)
    panel.tree.setCurrentItem(item_of(window, "02 letter.txt"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_F2)
    editor = name_editor(qtbot, panel)
    assert editor.geometry().right() < panel.tree.columnViewportPosition(1)
    qtbot.keyClicks(editor, "02 the letter")
    # its count changes meanwhile (another program wrote to it)
    letter = manuscript / "02 letter.txt"
    letter.write_text("Dear Ruth, come soon, and bring the charts.\n", encoding="utf-8")
    panel.session.words.count()
    wait_until(lambda: panel.session.words.words(str(letter)) == 8, 10_000)
    assert editor.text() == "02 the letter.txt"
    qtbot.keyClicks(editor, " from the coast road, long after the storm")
    assert editor.geometry().right() < panel.tree.columnViewportPosition(1)  # (not over it)
    for _ in range(len(" from the coast road, long after the storm")):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_until(lambda: item_of(window, "02 the letter.txt") is not None, 5000)
    counted(panel)
    assert words_of(window, "02 the letter.txt") == "8"
    assert panel.words_line.text() == n(1226) + " words"


def test_a_document_of_two_projects_counts_in_both_as_its_window_shows_it(
    qtbot, window, manuscript: Path
) -> None:
    """Book/ and Book/part two/ open as two projects: a chapter of both, edited in a window of
    the first, has its unsaved words in the second's panel and Writing Statistics too (as in
    the first's), and its file's once that window closes without them; the second project
    closing leaves the first's window counting."""
    assert window.open_folder(manuscript)
    window.suggestions.set_enabled(False)
    counted(window.project_panel)
    calm = manuscript / "part two" / "05 calm.md"
    window.open_project_document(str(calm), new_window=True)
    editing = window.app_state.window_showing(calm)
    assert editing is not None
    editing.suggestions.set_enabled(False)
    assert window.open_folder(manuscript / "part two")
    other = next(w for w in window.app_state.windows if w.project is not window.project)
    panel = other.project_panel
    counted(panel)
    editing.editor.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(editing.word_count.counted, timeout=5000):
        qtbot.keyClicks(editing.editor, " Gulls cried over the water.")
    wait_until(lambda: words_of(other, "05 calm.md") == "9", 5000)
    assert words_of(window, "part two/05 calm.md") == "9"
    assert panel.manuscript_words == 1209
    popup = other.show_statistics()
    wait_until(lambda: popup.project_counts is not None, 5000)
    assert popup.project_counts[0] == 1209
    popup.close()
    editing.editor.document().setModified(False)  # (closed without them)
    editing.close()
    wait_until(lambda: words_of(other, "05 calm.md") == "4", 5000)
    assert panel.manuscript_words == 1204
    # the second project closes; the first's window goes on counting into its own panel
    other.close()
    wait_until(lambda: other.project.folder is None, 5000)
    window.open_project_document(str(calm))
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(window.word_count.counted, timeout=5000):
        qtbot.keyClicks(window.editor, " Gulls.")
    wait_until(lambda: words_of(window, "part two/05 calm.md") == "5", 5000)


def test_a_document_opened_through_a_link_to_the_folder_counts_as_its_window_shows_it(
    qtbot, window, manuscript: Path, tmp_path: Path
) -> None:
    """The project lists its documents by their real paths; a window showing one through a
    link to the folder (a recent file, File → Open) still gives its row, the manuscript's and
    Writing Statistics' Project column its unsaved words, and takes them away on closing."""
    link = tmp_path / "link"
    link.symlink_to(manuscript, target_is_directory=True)
    assert window.open_folder(manuscript)
    window.suggestions.set_enabled(False)
    panel = window.project_panel
    counted(panel)
    window.open_project_document(str(link / "part two" / "05 calm.md"), new_window=True)
    other = window.app_state.window_showing(manuscript / "part two" / "05 calm.md")
    assert other is not None
    assert other is not window
    assert str(other.documents.path).startswith(str(link))
    other.suggestions.set_enabled(False)
    other.editor.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(other.word_count.counted, timeout=5000):
        qtbot.keyClicks(other.editor, " Gulls cried over the water.")
    assert other.word_count.words == 9
    wait_until(lambda: words_of(window, "part two/05 calm.md") == "9", 5000)
    assert panel.manuscript_words == 1227
    popup = window.show_statistics()
    wait_until(lambda: popup.project_counts is not None, 5000)
    assert popup.project_counts[0] == 1227
    popup.close()
    other.editor.document().setModified(False)  # (closed without them)
    other.close()
    wait_until(lambda: words_of(window, "part two/05 calm.md") == "4", 5000)


def test_a_file_made_readable_again_is_counted_again(
    qtbot, window, manuscript: Path, monkeypatch
) -> None:
    """A file that could not be read (its permissions taken away: a dash) and is given them
    back keeps its size and modification time; its change time says it changed, and the row
    has its words when Writer is the active program again. (As root every file reads: the
    refusal is the one `chmod 000` gives anyone else.)"""
    from PySide6.QtGui import QGuiApplication

    import writer.ui.project_words as project_words
    from writer.documents import DocumentError

    letter = manuscript / "02 letter.txt"
    real = project_words.read_text_file
    locked = {str(letter)}

    def read(path, **kw):
        if path in locked:
            raise DocumentError("Could not open 02 letter.txt: permission denied.", path)
        return real(path, **kw)

    monkeypatch.setattr(project_words, "read_text_file", read)
    assert window.open_folder(manuscript)
    panel = window.project_panel
    counted(panel)
    assert words_of(window, "02 letter.txt") == "—"
    stamp = letter.stat().st_mtime_ns
    locked.clear()
    os.chmod(letter, 0o644)  # (its permissions given back: size and modification time kept)
    assert letter.stat().st_mtime_ns == stamp
    QGuiApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    wait_until(lambda: words_of(window, "02 letter.txt") == "4", 10_000)
    assert panel.manuscript_words == 1222


def test_a_file_too_long_to_count_is_a_dash_that_says_why(
    qtbot, window, manuscript: Path, monkeypatch
) -> None:
    """(review32b's.) A 120 MB text beside the chapters, decoded whole on the counting thread,
    held the window's thread for 300 ms (decoding holds Python's lock): a file over the limit
    is not read, its row a dash whose tooltip says why."""
    import writer.ui.project_words as project_words

    monkeypatch.setattr(project_words, "MOST_COUNTED_BYTES", 10)
    read: list[str] = []
    real = project_words.read_text_file
    monkeypatch.setattr(project_words, "read_text_file",
                        lambda path, **kw: read.append(path) or real(path, **kw))  # fmt: skip
    assert window.open_folder(manuscript)
    counted(window.project_panel)
    assert words_of(window, "02 letter.txt") == "—"
    assert not read  # (none of them read: every one is over ten bytes)
    item = window.project_panel.item(manuscript / "02 letter.txt")
    assert "Too long to count here" in item.toolTip(WORDS)


def test_the_rows_words_follow_a_change_of_theme(qtbot, window, manuscript: Path) -> None:
    """The words' dimmed colour was set when a row was made: a theme changed (light to dark)
    left the old one, dark grey on the dark ground, until the tree was made again. A
    document's row and a folder's follow the palette."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from writer.ui import theme

    assert window.open_folder(manuscript)
    panel = window.project_panel
    counted(panel)
    was = window.settings.theme
    try:
        for shade in ("dark", "light"):
            theme.apply(shade)
            wanted = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            wait_until(lambda w=wanted: panel.palette().color(
                QPalette.ColorRole.PlaceholderText) == w)  # (the change, an event)
            dim = panel.palette().color(QPalette.ColorRole.PlaceholderText).name()
            rows = (item_of(window, "01 harbour.md"), folder_row(panel, "part two"))
            assert [row.foreground(1).color().name() for row in rows] == [dim, dim], shade
    finally:
        theme.apply(was)


def test_a_new_notes_file_takes_the_panels_row_from_the_chapter_before(
    qtbot, window, novel: Path
) -> None:
    """View → Edit Project Notes in a project without notes: the new notes.md was marked as the
    window's document, but the row the keys were on stayed on the chapter open before, so Enter
    in the panel opened the chapter again (look34's)."""
    (novel / "notes.md").unlink()
    assert window.open_folder(novel)
    panel = window.project_panel
    assert window.open_project_document(str(novel / "chapters" / "02 lighthouse.md"))
    assert panel.tree.currentItem() is item_of(window, "chapters/02 lighthouse.md")
    window.act_edit_notes.trigger()
    assert window.documents.path == novel / "notes.md"
    qtbot.waitUntil(lambda: item_of(window, "notes.md") is not None, timeout=5000)
    assert panel.is_marked(item_of(window, "notes.md"))
    assert panel.tree.currentItem() is item_of(window, "notes.md")


def test_export_project_names_the_notes_left_out_only_where_there_are_notes(qtbot) -> None:
    """The question said "(the notes file left out)" in a project with no notes (review35c's)."""
    from writer.settings import Settings
    from writer.ui.manuscript_dialog import ManuscriptDialog

    without = ManuscriptDialog(Settings(), "Book", None, "", ["a.md", "b.md"], notes=False)
    qtbot.addWidget(without)
    said = without.documents.text()
    assert said == "In the manuscript, in the Project panel's order: a.md, b.md."
    with_notes = ManuscriptDialog(Settings(), "Book", None, "", ["a.md"], notes=True)
    qtbot.addWidget(with_notes)
    assert "(the notes file left out)" in with_notes.documents.text()


def test_a_screen_reader_hears_that_a_row_has_unsaved_changes(qtbot, window, novel: Path) -> None:
    """The dot after the name of a document with unsaved changes is painted, no part of the
    row's text: a screen reader, which reads the text, heard nothing of the changes. The row
    describes them to it until they are saved or undone."""
    assert window.open_folder(novel)
    window.suggestions.set_enabled(False)
    panel, row = window.project_panel, "chapters/01 arrival.md"
    assert window.open_project_document(str(novel / row))
    assert heard(panel, item_of(window, row)) == ("01 arrival.md", "")
    qtbot.keyClicks(window.editor, "Rain. ")
    assert panel.is_unsaved(item_of(window, row))
    assert heard(panel, item_of(window, row)) == ("01 arrival.md", "Unsaved changes")
    window.editor.document().setModified(False)
    assert not panel.is_unsaved(item_of(window, row))
    assert heard(panel, item_of(window, row)) == ("01 arrival.md", "")
