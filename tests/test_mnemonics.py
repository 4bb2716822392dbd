"""Alt letters (mnemonics): in each dialog the menus reach, every button and labelled field a
letter of its own among those shown together (a tab's page with what stays below it), in
English and in Chinese, where a translation keeps its source's letter as "打开(&O)" does."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget, QWidget

TS = Path(__file__).parents[1] / "resources" / "i18n" / "writer_zh_CN.ts"
LETTER = re.compile(r"&([^&\s])")


def letter(text: str) -> str:
    found = LETTER.search(text.replace("&&", ""))
    return found.group(1).lower() if found else ""


def clashes(root: QWidget) -> list[list[str]]:
    """The controls that share a letter, among those shown with each page of `root`'s tabs."""
    tabs = root.findChildren(QTabWidget)
    found = []
    for index in range(max((t.count() for t in tabs), default=1)):
        for t in tabs:
            t.setCurrentIndex(min(index, t.count() - 1))
        keys: dict[str, list[str]] = {}
        for t in tabs:  # (a tab's letter is there with every page)
            for i in range(t.count()):
                if letter(t.tabText(i)):
                    keys.setdefault(letter(t.tabText(i)), []).append(t.tabText(i))
        for widget in root.findChildren(QWidget):
            labelled = isinstance(widget, QLabel) and widget.buddy() is not None
            if not widget.isVisibleTo(root) or not (isinstance(widget, QAbstractButton)
                                                    or labelled):  # fmt: skip
                continue
            if letter(widget.text()):
                keys.setdefault(letter(widget.text()), []).append(widget.text())
        found += [texts for texts in keys.values() if len(texts) > 1]
    return found


def test_no_two_controls_of_a_dialog_share_an_alt_letter(qtbot, window, state, monkeypatch):
    """Found with the keyboard alone: the dialogs had few Alt letters (Settings had one, on a
    tab of its own). Each dialog is made once; the find bar lives in the window, whose menus'
    letters it leaves alone."""
    from writer.documents.journal import RecoveredDocument
    from writer.downloads import DownloadManager
    from writer.network import NetworkPolicy
    from writer.ui.models_dialog import ModelsDialog
    from writer.ui.recovery_dialog import RecoveryDialog
    from writer.ui.settings_dialog import SettingsDialog
    from writer.ui.welcome import WelcomeDialog

    settings = SettingsDialog(state.settings, window, "", ("en_US",))
    downloads = DownloadManager(NetworkPolicy(state.settings))
    models = ModelsDialog(state.settings, downloads, window, offload=False)
    recovery = RecoveryDialog([RecoveredDocument("a", None, "Draft", "Text.", 0, 1.7e9)], window)
    welcomed: list[WelcomeDialog] = []
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: welcomed.append(self) or 0)
    window.show_welcome()
    from writer.ui.manuscript_dialog import ManuscriptDialog

    manuscript = ManuscriptDialog(state.settings, "Marrow Bay", window)
    dialogs = (settings, settings.instruction_dialog(""), models, recovery, welcomed[0],
               manuscript)  # fmt: skip
    for dialog in dialogs:
        assert clashes(dialog) == [], type(dialog).__name__
    assert letter(settings.enabled.text()) == "s"  # (they have letters at all)
    assert letter(models.installed.import_button.text()) == "i"
    window.find_bar.open_replace()
    menus = [letter(a.text()) for a in window.menuBar().actions()]
    shown = [letter(b.text()) for b in window.find_bar.findChildren(QAbstractButton)]
    shown += [letter(label.text()) for label in (window.find_bar.label,
                                                 window.find_bar.replace_label)]  # fmt: skip
    shown = [key for key in shown if key]
    assert len(shown) == len(set(shown)) >= 5
    assert set(shown).isdisjoint(menus)
    models.search.stop()
    downloads.shutdown()
    # in Chinese the same letters: each translation keeps its source's
    changed = []
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.findtext("translation") or ""
            if letter(source) != letter(translation):
                changed.append((source, translation))
    assert changed == []


def test_every_tab_and_button_of_the_models_dialog_has_a_letter(qtbot, state) -> None:
    """The Models dialog's tabs (Installed, Catalog, Search the Hub) and its Close had no Alt
    letter: a page was reached with Ctrl+Tab alone. Each has one now, none of another's."""
    from writer.downloads import DownloadManager
    from writer.network import NetworkPolicy
    from writer.ui.models_dialog import ModelsDialog

    downloads = DownloadManager(NetworkPolicy(state.settings))
    models = ModelsDialog(state.settings, downloads, None, offload=False)
    qtbot.addWidget(models)
    try:
        tabs = [models.tabs.tabText(i) for i in range(models.tabs.count())]
        assert [letter(t) for t in tabs] == ["e", "g", "b"]
        buttons = [b.text() for b in models.findChildren(QAbstractButton) if b.text()]
        assert [b for b in buttons if not letter(b)] == []
        assert clashes(models) == []
    finally:
        models.search.stop()
        downloads.shutdown()


def test_every_tab_and_button_of_the_settings_dialog_has_a_letter(qtbot, state) -> None:
    """The Settings dialog's seven tabs, and its OK and Cancel, had no Alt letter: a page was
    reached with Ctrl+Tab alone. Each has one now, and none is another's on any page (a tab's
    letter is there with every page, and OK's and Cancel's too)."""
    from writer.ui.settings_dialog import SettingsDialog

    settings = SettingsDialog(state.settings, None, "", ("en_US",))
    qtbot.addWidget(settings)
    tabs = [settings.tabs.tabText(i) for i in range(settings.tabs.count())]
    assert len(tabs) == 7
    assert [t for t in tabs if not letter(t)] == []
    seen = []
    for index in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(index)
        buttons = [b for b in settings.findChildren(QAbstractButton)
                   if b.text() and b.isVisibleTo(settings)]  # fmt: skip
        seen += [b.text() for b in buttons]
        assert [b.text() for b in buttons if not letter(b.text())] == [], tabs[index]
    assert {"&OK", "&Cancel"} <= set(seen)
    assert clashes(settings) == []


def test_every_dialogs_and_questions_standard_button_has_an_alt_letter(
    qtbot, window, state, monkeypatch, tmp_path
) -> None:
    """Qt's standard buttons read "Cancel", "Close", "OK" (取消 in Chinese): the export
    question's Cancel, Local History's Close had no Alt letter beside buttons that had one.
    Each box is asked without showing it, its buttons read, every one lettered and none
    sharing a letter."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from tests.conftest import wait_until
    from writer.documents.errors import ConflictError
    from writer.ui.downloads import quit_stops_download
    from writer.ui.manuscript_dialog import ManuscriptDialog
    from writer.ui.settings_dialog import SettingsDialog

    asked: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box) or 0)
    questions = window.documents.questions
    questions.conflict(ConflictError("changed", tmp_path / "a.md", deleted=False))
    questions.conflict(ConflictError("gone", tmp_path / "a.md", deleted=True))
    questions.reload_changed("a.md")
    questions.save_in_utf8("a.md", "Latin-1", "€", 3)
    questions.discard_to_reopen("a.md", "Latin-1")
    questions.save_changes("a.md")
    window.exporter._keep_ending(tmp_path / "a.txt", "txt", "pdf")
    quit_stops_download(window, None)
    window.help.report_problem()
    window.help._show_path(tmp_path)
    (tmp_path / "b.md").write_text("b", encoding="utf-8")
    window.trash_project_document(str(tmp_path / "b.md"))
    (tmp_path / "a.md").write_text("One.\n", encoding="utf-8")
    assert window.open_file(tmp_path / "a.md")
    window.editor.setPlainText("Two.\n")
    assert window.documents.save()
    wait_until(lambda: len(window.app_state.history.versions(tmp_path / "a.md")) == 2)
    history = window.show_history()
    qtbot.addWidget(history)
    boxes = [*asked, history, ManuscriptDialog(state.settings, "Marrow Bay", window),
             SettingsDialog(state.settings, window, "", ("en_US",))]  # fmt: skip
    assert len(asked) == 11
    for box in boxes:
        buttons = box.buttons() if isinstance(box, QMessageBox) else [
            b for bar in box.findChildren(QDialogButtonBox) for b in bar.buttons()]  # fmt: skip
        texts = [b.text() for b in buttons]
        assert all(letter(t) for t in texts), (type(box).__name__, texts)
        assert len({letter(t) for t in texts}) == len(texts), texts
    for box in [history, boxes[-2], boxes[-1]]:
        assert clashes(box) == [], type(box).__name__


def test_qts_ready_made_boxes_are_lettered_in_either_language(state) -> None:
    """Qt's ready-made boxes (`QMessageBox.warning`, `about`: an OK without a letter) and a
    box whose language changes while it is open get their letters where Qt names its
    standard buttons (`i18n.ButtonLetters`), not box by box."""
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

    from writer.ui import i18n

    box = QMessageBox(QMessageBox.Icon.Warning, "Could not export", "The disk is full.",
                      QMessageBox.StandardButton.Ok)  # fmt: skip
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                               | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
    try:
        assert [b.text() for b in box.buttons()] == ["&OK"]
        assert sorted(b.text() for b in buttons.buttons()) == ["&Cancel", "C&lose"]
        i18n.install(i18n.CHINESE)
        QApplication.processEvents()  # (the change of language: an event to every widget)
        assert [b.text() for b in box.buttons()] == ["确定(&O)"]
        assert sorted(b.text() for b in buttons.buttons()) == ["关闭(&L)", "取消(&C)"]
    finally:
        i18n.install(i18n.ENGLISH)
        box.deleteLater()
        buttons.deleteLater()


def test_find_in_projects_replace_all_has_a_letter_no_other_control_shown_has(
    qtbot, window, tmp_path
) -> None:
    """Find in Project's Replace All had no Alt letter; the find bar's Replace may be open
    beside it, and the menus, the switches' Alt keys and the window's own Alt keys are there
    too: each of the panel's letters is its alone."""
    from PySide6.QtGui import QKeySequence, QShortcut

    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "one.md").write_text("a lantern\n")
    assert window.open_folder(tmp_path / "book")
    window.find_bar.open_replace()
    panel = window.find_in_project(replacing=True)
    qtbot.waitUntil(panel.replace_all_button.isVisible)

    def letters(root: QWidget) -> list[str]:
        shown = [w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]
        found = [letter(b.text()) for b in shown if isinstance(b, QAbstractButton)]
        found += [letter(w.text()) for w in shown if isinstance(w, QLabel) and w.buddy()]
        return [key for key in found if key]

    def alt_keys() -> list[str]:
        """The single letters Alt presses anywhere in the window (actions, shortcuts)."""
        sequences = [s for a in window.findChildren(QAction) for s in a.shortcuts()]
        sequences += [s.key() for s in window.findChildren(QShortcut)]
        found = []
        for sequence in sequences:
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if re.fullmatch(r"Alt\+\w", text):
                found.append(text[-1].lower())
        return found

    ours = letters(panel)
    assert letter(panel.replace_all_button.text())
    assert letter(panel.replace_all_button.text()) in ours
    others = [letter(a.text()) for a in window.menuBar().actions()] + letters(window.find_bar)
    others += alt_keys()
    assert len(ours) == len(set(ours))
    assert set(ours).isdisjoint(others), (ours, sorted(set(others)))
