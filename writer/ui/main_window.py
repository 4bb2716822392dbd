"""The main window: the composition of one document's parts, each with one job.

`DocumentManager` owns the file, saving, the journal and their questions; `actions` builds the
actions, menus and toolbar from one table; `ModelStatus` shows the model in the status bar;
`FindBar` finds; `Help` answers the Help menu; `InlineAssist` and `RewriteSession` are the
model's help in the editor. A window opened on a folder shares that folder's `ProjectSession`
with the other windows of the project and shows its documents in a `ProjectPanel`; a document
the panel asks for opens here through the `DocumentManager` (its save question first), in a new
window, or brings forward the window that has it already. Find in Project
(`ProjectFindPanel`) opens its results the same way, the match selected in the window that shows
it; it searches the texts the project's windows hold unsaved, which the window hands it, and its
Replace All changes the documents the windows show in their editors (writer/ui/project_replace.py).
A Markdown document is highlighted and has the Format menu (writer/ui/markdown.py) and View →
Markdown Preview (writer/ui/preview.py, open in a new window as it was last left); a .txt has
none of these. The window connects them, follows the settings it shows (fonts, suggestions)
through `Settings.subscribe`, and puts their messages in the status bar.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QEvent,
    QLocale,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QImage, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from writer.assist.context import qt_length
from writer.assist.inline import InlineAssist
from writer.assist.memory import DocumentMemory
from writer.assist.rewrite import RewriteSession
from writer.assist.suggestions import SuggestionSettings
from writer.documents.atomic import replace_file
from writer.documents.errors import DocumentError, SaveError
from writer.project.files import FileNameError, create_document, rename_document
from writer.project.project import file_key, place_in
from writer.project.search import Match
from writer.settings import ZOOM_STEPS, Change, Settings
from writer.ui import actions, links, markdown, pictures
from writer.ui.context_panel import ContextPanel
from writer.ui.document_manager import MARKDOWN, DocumentManager, follow_history
from writer.ui.downloads import DownloadStatus
from writer.ui.editor import Editor, plain_text
from writer.ui.encodings import EncodingMenus
from writer.ui.export import Exporter, Part
from writer.ui.find_bar import FindBar
from writer.ui.focus_hint import FocusHint
from writer.ui.help import Help
from writer.ui.i18n import beside, sentence
from writer.ui.manuscript_dialog import ManuscriptDialog
from writer.ui.model_status import ModelStatus
from writer.ui.outline import OutlinePanel
from writer.ui.palette import go_to_line, lines_of
from writer.ui.preview import MarkdownPreview
from writer.ui.project_find import ProjectFindPanel
from writer.ui.project_panel import ProjectPanel, move_to_trash
from writer.ui.project_replace import ProjectReplace
from writer.ui.project_session import ProjectSession
from writer.ui.rewrite import RewriteView
from writer.ui.screens import resize_within
from writer.ui.spelling import WindowSpelling
from writer.ui.word_count import WordCount

MODAL_RETRY_MS = 250  # how often a message waiting for a modal dialog to close looks again
# the status bar's own margins and the grip beside a message, in pixels
MESSAGE_MARGIN = 40
MESSAGE_GAP = 12  # pixels between a message and the word count
# A message that stays (a failure's) and needs the room of the word count and the model's name
# has them step aside this long, then they come back beside it, cut, whole on hover (they were
# gone for as long as it stayed: look33's)
MESSAGE_ASIDE_MS = 12_000
SHOWN_PROBLEMS = 3  # a project's problems named in the status bar; the rest counted
# A new project's notes file: what the model always knows, and entries by keyword. Its examples
# are comments, which the model never reads (writer/project/notes.py): until the writer writes
# their own, the notes give the model nothing. It ends in the section for what the model should
# always know, where it opens: what the writer types at its end went into the Style (look34's).
# Its comments are a line each paragraph, wrapped by the editor (broken at 90 characters, they
# broke again at the editor's width, a short line between two long ones).
NOTES_TEMPLATE = QT_TRANSLATE_NOOP(
    "MainWindow",
    "# Notes\n\n"
    "<!-- The model reads every section of this file, but not what is between these marks. "
    "-->\n\n"
    "## Style\n\n"
    "<!-- How the text should read, for example: past tense, plain words. This section is "
    "placed a few lines before the cursor. -->\n\n"
    "<!-- An entry: a section whose heading lists words in brackets is given to the model only "
    "when one of those words is written near the cursor. Take the marks away to use it.\n\n"
    "## Ruth Okafor (Ruth, the detective)\n\n"
    "Ruth Okafor, forty-one, the town's only detective.\n"
    "-->\n\n"
    "## The Story\n\n"
    "<!-- Write here what the model should always know about this project: the synopsis, who "
    "is who, places. -->\n\n",
)

# the suggestion settings the controller reads, under the same names as in the settings file
SUGGESTION_KEYS = frozenset(f.name for f in fields(SuggestionSettings)) - {"enabled"}


class MainWindow(QMainWindow):
    """One document window. All windows share the app's EngineWorker, journal and settings."""

    new_window_requested = Signal()
    open_in_new_window = Signal(str)
    models_requested = Signal()
    download_requested = Signal(str)  # a catalog model's id
    closed = Signal(object)

    def __init__(self, app_state, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._later: list[tuple[str, int]] = []  # sentences waiting for the start to be over
        # the message said last and when its time is up (None: it stays until replaced), to
        # bring back once a menu's descriptions have shown in its place
        self._said: tuple[str, float | None] | None = None
        self._tip_shown = False
        self.app_state = app_state
        self.settings: Settings = app_state.settings
        self.worker = app_state.worker
        self.editor = Editor(self)
        self.project: ProjectSession | None = None
        self.palette_popup = None  # the command palette, once opened (writer/ui/palette.py)
        self.project_panel: ProjectPanel | None = None
        self.project_find: ProjectFindPanel | None = None  # Find in Project, once asked for
        self._project_problems: list[str] = []  # the last said (_say_project_problems)
        self._export_waits = False  # Export Project asked before the folder was listed
        self._problems_said = ""  # the status bar's sentence of them, while it may show
        self.documents = DocumentManager(self.editor, app_state.journal_writer, self.settings, self)
        self.documents.history = app_state.history
        self.documents.busy = lambda: (
            self.rewrite.active or self.editor.surface.composing)
        self.find_bar = FindBar(self.editor, self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        resize_within(self, 980, 720)  # (a small screen's status bar ran past its bottom or edge)
        if self.settings.window_geometry:  # (as the last window was left: its size and place)
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode()))
        self._aside_timer = QTimer(self)  # (MESSAGE_ASIDE_MS)
        self._aside_timer.setSingleShot(True)
        self._aside_timer.setInterval(MESSAGE_ASIDE_MS)
        self._aside_timer.timeout.connect(self._message_read)
        self._aside_for = ""  # the message the parts stepped aside for
        self._read_message = ""  # the message they came back beside once it was read
        self._geometry_timer = QTimer(self)  # kept a second after a move or a resize ends
        self._geometry_timer.setSingleShot(True)
        self._geometry_timer.setInterval(1000)
        self._geometry_timer.timeout.connect(self._keep_geometry)

        self.assist = InlineAssist(self.editor, self.worker, SuggestionSettings.of(self.settings))
        self.suggestions = self.assist.suggestions
        self.rewrite = RewriteSession(self.editor, self.worker, self.settings)
        self.rewrite_view = RewriteView(self.editor, self.rewrite)
        self.memory = DocumentMemory(self.settings, self)
        self.suggestions.memory = self.memory
        self.rewrite.memory = self.memory
        self.memory.set_path(self.documents.path)
        self.context_panel = ContextPanel(self.suggestions, self.memory, self.worker, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.context_panel)
        self.context_panel.setVisible(self.settings.context_panel)  # (as the last window left it)
        self.outline = OutlinePanel(self.editor, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.outline)
        self.outline.setVisible(self.settings.outline_panel)  # (as the last window left it)
        # View → Markdown Preview: remembered for the next window; this window's own after
        self.preview = MarkdownPreview(self.editor, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preview)
        # both shown, they are tabs of the right side (VS Code's panels of one side): stacked,
        # the preview had a sixth of the height under the Context panel; the one opened last,
        # or the preview, is on top (`_raise_right`)
        self.tabifyDockWidget(self.context_panel, self.preview)
        self.preview.hide()
        self._preview_wanted = self.settings.markdown_preview
        self.help = Help(self, self.settings, self.worker)
        self.model_status = ModelStatus(
            self.worker,
            self.settings,
            self.editor.document(),
            lambda: app_state.server() is not None,
            self,
            quiet_failure=app_state.quiet_failure,
        )
        self.exporter = Exporter(self, self.documents, self.editor)
        actions.build(self)
        self.encodings = EncodingMenus(self.documents, self)
        after_save = self.file_menu.actions()
        after_save = after_save[after_save.index(self.act_export_project) + 1]
        self.file_menu.insertMenu(after_save, self.encodings.reopen_menu)
        self.file_menu.insertMenu(after_save, self.encodings.save_menu)
        self.act_suggest.setChecked(self.settings.suggestions_enabled)
        self.act_auto_save.setChecked(self.settings.auto_save)
        self.act_typewriter.setChecked(self.settings.typewriter)
        self._follow_focus_text()
        self.act_smart_quotes.setChecked(self.settings.smart_quotes)
        self.editor.smart_quotes = self.settings.smart_quotes
        self.act_check_spelling.setChecked(self.settings.spell_check)
        self.act_use_local.setEnabled(False)
        self.act_use_server.setEnabled(False)
        self.act_project_panel.setEnabled(False)  # until the window has a project
        self.act_focus_project.setEnabled(False)
        self.act_export_project.setEnabled(False)
        self.context_panel.toggleViewAction().toggled.connect(self.act_context_panel.setChecked)
        self.act_context_panel.setChecked(self.settings.context_panel)
        self.context_panel.left.connect(
            lambda: self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        )
        self.outline.toggleViewAction().toggled.connect(self.act_outline.setChecked)
        self.act_outline.setChecked(self.settings.outline_panel)
        self.outline.left.connect(lambda: self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.outline.section_dropped.connect(self._section_dropped)
        # (a right click on a heading: the section commands, on that heading's section)
        self.outline.menu_actions = [getattr(self, f"act_{name}") for name in actions.SECTION_MENU]
        self.preview.toggleViewAction().toggled.connect(self.act_markdown_preview.setChecked)
        self.preview.closed.connect(lambda: self.show_markdown_preview(False))
        self.preview.message.connect(lambda m: self.show_message(m, 8000))
        self.preview.document_clicked.connect(self.open_path)
        self.preview.left.connect(lambda: self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self._connect_edit_actions()
        self._before_focus = None  # (the docks shown and the window's state) in focus mode
        self._follow_kind()
        self.statusBar().messageChanged.connect(self._fit_message)
        self.statusBar().messageChanged.connect(self._message_changed)
        # (the advice may come after the message it crowds: fitted again then)
        self.model_status.parts_changed.connect(
            lambda: self._fit_message(self.statusBar().currentMessage())
        )
        self.focus_hint = FocusHint(self)
        self.editor.document().contentsChanged.connect(self.focus_hint.text_edited)
        self.word_count = WordCount(self.editor, self)
        # (a gap between a message cut beside the parts and the count: it ran into it)
        self.word_count.setContentsMargins(MESSAGE_GAP, 0, 0, 0)
        self.statusBar().addPermanentWidget(self.word_count)
        self.alt_label = QLabel("", self)
        self.statusBar().addPermanentWidget(self.alt_label)
        self.statusBar().addPermanentWidget(self.encodings.button)
        self.statusBar().addPermanentWidget(self.model_status)
        self.download_status = DownloadStatus(app_state.downloads, self)
        self.statusBar().addPermanentWidget(self.download_status)
        # the document's key in the day's tally (`tally_key`), as last reported; the next count
        # is of a text read, not written (the window's first, and after a file is read)
        self._tally_key = self.documents.doc_id
        self._text_loaded = True
        self.documents.text_loaded.connect(self._on_text_loaded)
        self.word_count.counted.connect(self._report_words)
        self.word_count.clicked.connect(self.show_statistics)
        self.word_count.resized.connect(self._fit_parts)
        app_state.tally.subscribe(self._on_tally)
        if not self.word_count.counting:
            self._report_words()
        self._on_tally(app_state.tally.today_words())
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.retranslate()

        self.documents.display_name_changed.connect(lambda _name: self._on_document_named())
        self.documents.modified_changed.connect(self.setWindowModified)
        self.documents.message.connect(self.show_message)
        self.editor.document().contentsChanged.connect(self._edited_for_find)
        self.model_status.message.connect(self.show_message)
        self.model_status.local_possible.connect(self.act_use_local.setEnabled)
        self.model_status.local_possible.connect(
            lambda _local: self.act_use_server.setEnabled(
                app_state.server_to_return_to() is not None
            )
        )
        self.rewrite.message.connect(lambda m: self.show_message(m, 10000))
        self.assist.message.connect(lambda m: self.show_message(m, 10000))
        self.rewrite.finished.connect(self.model_status.show_rewrite_speed)
        self.editor.rewrite_requested.connect(self.rewrite_view.open_popup)
        self.editor.zoom_requested.connect(self.zoom)
        self.editor.picture_pasted.connect(self._picture_pasted)
        self.editor.files_dropped.connect(self._files_dropped)
        self.editor.link_opened.connect(self._open_link)
        self.suggestions.finished.connect(self.model_status.show_speed)
        self.suggestions.reading.connect(self.model_status.show_reading)
        self.suggestions.failed.connect(
            lambda m: self.show_message(self.tr("Suggestion failed: {0}").format(sentence(m)), 8000)
        )
        self.suggestions.reading_failed.connect(
            lambda m: self.show_message(
                self.tr("Reading the document ahead failed: {0}").format(sentence(m)), 8000
            )
        )
        self.suggestions.accepted.connect(lambda _t: self.documents.journal_now())
        self.assist.alternatives.changed.connect(self._count_alternatives)
        app_state.journal_failures.failed.connect(self._journal_failed)
        self.settings.subscribe(self._on_settings_changed)
        self.spelling = WindowSpelling(self, app_state.spelling, self.settings)
        self.documents.text_loaded.connect(self.spelling.refresh)
        self.spelling.refresh()
        self._follow_appearance()
        if self.worker.info is not None:
            self.model_status.on_loaded(self.worker.info)
        elif app_state.model_error:
            self.model_status.on_failed(app_state.model_error)

    def _connect_edit_actions(self) -> None:
        e = self.editor

        def undo_possible(*_args) -> None:  # an open rewrite is undone too (`undo`)
            self.act_undo.setEnabled(e.document().isUndoAvailable() or self.rewrite.undo_closes())

        e.undoAvailable.connect(undo_possible)
        self.rewrite.changed.connect(undo_possible)
        self.rewrite.ended.connect(undo_possible)
        e.redoAvailable.connect(self.act_redo.setEnabled)
        e.copyAvailable.connect(self.act_cut.setEnabled)
        e.copyAvailable.connect(self.act_copy.setEnabled)
        undo_possible()
        self.act_redo.setEnabled(e.document().isRedoAvailable())
        self.act_cut.setEnabled(e.textCursor().hasSelection())
        self.act_copy.setEnabled(e.textCursor().hasSelection())

    # settings -----------------------------------------------------------------------------
    def _on_settings_changed(self, change: Change) -> None:
        """Follow what the writer changed (in this window or another)."""
        for key in change.keys & SUGGESTION_KEYS:
            setattr(self.suggestions.settings, key, getattr(self.settings, key))
        if change.affects("suggestions_enabled"):
            self.suggestions.set_enabled(self.settings.suggestions_enabled)
            self.act_suggest.setChecked(self.settings.suggestions_enabled)
        if change.affects("typewriter"):
            self.act_typewriter.setChecked(self.settings.typewriter)
            self.editor.set_typewriter(self.settings.typewriter)
        if change.affects("focus_text"):
            self._follow_focus_text()
        if change.affects("smart_quotes"):
            self.act_smart_quotes.setChecked(self.settings.smart_quotes)
            self.editor.smart_quotes = self.settings.smart_quotes
        if change.affects("spell_check"):
            self.act_check_spelling.setChecked(self.settings.spell_check)
        if change.affects("auto_save"):
            self.act_auto_save.setChecked(self.settings.auto_save)
            if self.settings.auto_save:
                self.documents.auto_save()  # (what is unsaved now, at once)
        if change.affects("font_family", "font_size", "zoom", "text_width"):
            self._follow_appearance()
        if change.affects("daily_goal"):
            self._on_tally(self.app_state.tally.today_words())

    def _follow_appearance(self) -> None:
        if self.settings.typewriter != self.editor.typewriter:
            self.editor.set_typewriter(self.settings.typewriter)
        self.editor.set_font(self.settings.font_family, self.settings.font_size,
                             self.settings.zoom)
        self.editor.set_text_width(self.settings.text_width)

    def preferences(self) -> None:
        from writer.ui.settings_dialog import SettingsDialog

        override = self.app_state.server_override
        self.app_state.spelling.look_again()  # (one installed since)
        dictionaries = tuple(self.app_state.spelling.choices())
        dialog = SettingsDialog(
            self.settings, self, override[0] if override else "", dictionaries
        )
        if not dialog.exec() or dialog.change is None:
            return
        change = dialog.change
        if dialog.key_message:
            self.show_message(dialog.key_message, 10000)
        if dialog.key_stored and not change.needs_reload():
            self.app_state.load_model()  # the server is asked again, with the new key

    def undo(self) -> None:
        """Edit → Undo: an open rewrite closes first when it is the last thing done (see
        RewriteSession.undo), else the editor's undo."""
        if not self.rewrite.undo():
            self.editor.undo()

    def set_spell_check(self, on: bool) -> None:
        """Edit → Check Spelling, for every window (a setting)."""
        self.settings.update(spell_check=on)

    def next_misspelled(self) -> None:
        """Edit → Next Misspelled Word (F7): selected, or said that there is none."""
        if not self.settings.spell_check:
            self.show_message(
                self.tr("Spelling is not checked: Edit → Check Spelling turns it on."), 5000
            )
        elif self.editor.speller is None:
            self.show_message(self.tr("Spelling is not checked in this document."), 5000)
        elif not self.editor.next_misspelled():
            self.show_message(self.tr("No misspelled words."), 3000)

    def format_table(self) -> None:
        """Format → Format Table: the table at the cursor laid out, or said that there is none."""
        highlighter = self.editor.markdown
        if highlighter is None or not markdown.format_table(self.editor, highlighter):
            self.show_message(self.tr("The cursor is not in a table."), 4000)

    def table_edit(self, name: str) -> None:
        """Format → Table's edits (`markdown.TABLE_EDITS`) at the cursor, or said why not."""
        highlighter = self.editor.markdown
        done = False if highlighter is None else markdown.table_edit(self.editor, highlighter,
                                                                      name)  # fmt: skip
        if done is False:
            self.show_message(self.tr("The cursor is not in a table."), 4000)
        elif done is None and name == "delete_row":
            self.show_message(self.tr("The header row stays: a table needs one."), 4000)
        elif done is None:
            self.show_message(self.tr("A table keeps at least one column."), 4000)

    def section_edit(self, name: str) -> None:
        """Format → Move Section Up or Down, Promote or Demote Section, Select Section: on the
        section the cursor is in, or the heading selected in the Outline while it has the keys
        (once its headings are the text's: a reading owed is waited for, the window's thread
        free); or said why not."""
        if self.outline.isVisible() and self.outline.tree.hasFocus():
            self.outline.selected_line(lambda line: self._section_edit(name, line, True))
        else:
            self._section_edit(name, None, False)

    def _section_edit(self, name: str, line: int | None, in_outline: bool) -> None:
        from writer.ui import sections

        if in_outline and line is None:
            why = sections.NO_SECTION
        else:  # (the Outline takes its headings from the edit: the next key finds the heading
            # where it went, the text not read again)
            why = sections.section_edit(self.editor, name, line, self.outline.moved)
        if why is None:
            if name == "select":  # (the keys to the text, where the selection is)
                self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        if why == sections.NO_SECTION:
            text = self.tr("The cursor is above the first heading: it is in no section.")
        elif why == sections.NO_SIBLING and name == "up":
            text = self.tr("This is the first section at its level under its heading.")
        elif why == sections.NO_SIBLING:
            text = self.tr("This is the last section at its level under its heading.")
        elif why == sections.NO_LEVEL:
            text = self.tr("Headings go from # to ######: this section's cannot go further.")
        elif why == sections.UNSAFE:
            text = self.tr("Left as it is: the text around it would read differently (a "
                           "heading would no longer be one).")
        else:
            text = self.tr("Not while a rewrite or an input method holds the text.")
        self.show_message(text, 5000)

    def _section_dropped(self, line: int, target: int | None, before: bool) -> None:
        """A heading dragged in the Outline: its section moved there."""
        from writer.ui import sections

        done = sections.drop_section(self.editor, line, target, before)
        if done is not None:
            self.outline.moved(done)

    def toggle_suggestions(self, checked: bool) -> None:
        self.settings.update(suggestions_enabled=checked)
        if checked:
            self.show_message(self.tr("Suggestions on"), 3000)
        else:
            self.show_message(self.tr("Suggestions off: Ctrl+Space still asks"), 3000)

    def command_palette(self, typed: str = "", files: bool = False) -> None:
        """View → Command Palette (Ctrl+Shift+P): every menu command by its name; Edit → Go to
        Heading opens it with "#", the document's headings; Edit → Go to File (Ctrl+P, `files`)
        with the project's documents and the recent ones (writer/ui/palette.py)."""
        from writer.ui.palette import open_palette

        open_palette(self, typed, files)

    def go_to_file(self, path: str) -> None:
        """A document chosen in Go to File: a project's as the Project panel opens it (here or
        in a new window, as the settings say, after this window's save question), another as
        Open Recent opens it."""
        panel = self.project_panel
        if panel is not None and path in panel.documents():
            self.open_project_document(path)
        elif not Path(path).is_file():
            self.show_message(self.tr("{0} is no longer there.").format(path), 10000)
        else:
            self.open_path(path)

    # texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the window's menus, actions and labels, in the interface's language."""
        actions.retranslate(self)
        self.encodings.retranslate()
        self.word_count.show_count()
        self.focus_hint.setText(self.tr("F11 brings back the menus and panels"))
        self.editor.setAccessibleName(self.tr("Document text"))  # (a screen reader: "edit")
        self.alt_label.setToolTip(
            self.tr("Alternative shown (Alt+] and Alt+[ cycle, Ctrl+Enter lists)")
        )
        self.model_status.retranslate()
        self.find_bar.retranslate()
        self.rewrite_view.bar.retranslate()
        if self.project_panel is not None:
            self.project_panel.retranslate()
        self._update_title()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_title(self) -> None:
        name = self.documents.display_name
        if self.project is not None and self.project.folder is not None:
            title = self.tr("{0}[*] — {1} — Writer").format(name, self.project.name)
        else:
            title = self.tr("{0}[*] — Writer").format(name)
        self.setWindowTitle(title)
        self.setWindowModified(self.documents.is_modified)

    def _fit_message(self, text: str) -> None:
        """A message the status bar cannot show whole beside the model's advice and speed has
        them step aside while it shows, then the word count; one too long even then shows whole
        on hover. Without a message, a window too narrow for the parts (the word count with
        the day's goal, the advice and the model) has the advice and the speed step aside (they
        were cut, and the model's name with them). A message that stays has the model's name
        and the word count back after MESSAGE_ASIDE_MS, cut beside them, whole on hover."""
        bar = self.statusBar()
        bar.setToolTip(text)
        self.model_status.step_aside(0)
        self.word_count.setVisible(True)
        if text != self._aside_for:
            self._aside_timer.stop()
            self._aside_for = ""
        read = bool(text) and text == self._read_message
        if not read:
            self._read_message = ""
        needed = bar.fontMetrics().horizontalAdvance(text) if text else 0
        for aside in (1, 2, 3):
            parts = sum(
                w.sizeHint().width()
                for w in (
                    self.word_count,
                    self.alt_label,
                    self.encodings.button,
                    self.model_status,
                    self.download_status,
                )
                if w.isVisible()
            )
            if needed <= bar.width() - parts - MESSAGE_MARGIN:
                return
            if not text:
                self.model_status.step_aside(1)
                return
            if read and aside > 1:
                return  # read: the model's name and the word count stay beside it, cut
            if not read and not self._aside_timer.isActive():
                self._aside_for = text
                self._aside_timer.start()
            if aside < 3:
                self.model_status.step_aside(aside)
            else:  # the word count too, while the message shows (it ran into the count)
                self.word_count.setVisible(False)

    def _message_read(self) -> None:
        """MESSAGE_ASIDE_MS after a message had the parts step aside: where it still shows,
        they come back beside it."""
        if self._aside_for and self.statusBar().currentMessage() == self._aside_for:
            self._read_message = self._aside_for
            self._fit_parts()

    def _count_alternatives(self, index: int, count: int) -> None:
        """The alternatives' counter ("2 / 4"), and the message it may crowd fitted again (it
        came beside a message and cut its end)."""
        self.alt_label.setText(f"{index + 1} / {count}" if count else "")
        self._fit_parts()

    def _fit_parts(self) -> None:
        self._fit_message(self.statusBar().currentMessage())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_parts()
        if self.isVisible():
            self._geometry_timer.start()

    def moveEvent(self, event) -> None:
        super().moveEvent(event)
        if self.isVisible():
            self._geometry_timer.start()

    def _keep_geometry(self) -> None:
        """The window's size and place, for the next window and the next start (not while
        it is full screen for Distraction-Free Writing: the next would open so)."""
        self._geometry_timer.stop()
        if self.app_state.geometry_from not in (None, self):
            return  # (Writer ends: the first window's place is kept, `AppState.geometry_from`)
        if self._before_focus is None and not self.isFullScreen() and self.isVisible():
            data = bytes(self.saveGeometry().toBase64()).decode("ascii")
            self.settings.update(window_geometry=data)

    # pictures and files brought into the text (writer/ui/pictures.py) ------------------------
    def _files_dropped(self, paths: list[str]) -> None:
        """Files dropped on the text (or pasted from a file manager): pictures become links at
        the cursor in a Markdown document (their paths, a line each, in a plain text); other
        files are opened as documents, a folder as a project."""
        shown = [p for p in paths if pictures.is_picture(p)]
        if shown:
            document = self.documents.path
            if self.documents.is_markdown:
                text = "\n".join(pictures.link_to(Path(p), document) for p in shown)
            else:
                text = "\n".join(shown)
            self.editor.paste_text(text)
        for path in paths:
            if path in shown:
                continue
            if Path(path).is_dir():
                self.open_folder(path)  # (a folder dropped: a project)
            else:
                self.open_path(path)

    def _open_link(self, address: str) -> None:
        """A link of the text followed (`links.follow`): a document opens in Writer."""
        document = self.documents.path
        followed = links.follow(QUrl(address), document.parent if document else None)
        if isinstance(followed, Path):
            self.open_path(str(followed))
        elif followed:
            self.show_message(followed, 8000)

    def _picture_pasted(self, image: QImage) -> None:
        """A picture's pixels pasted into a Markdown document: kept as a PNG in the `images`
        folder beside it and linked at the cursor; a document not saved yet is asked to be
        first (there is no folder to keep it in)."""
        document = self.documents.path
        if document is None:
            self.show_message(
                self.tr("Save the document first: a pasted picture is kept in a folder beside it."),
                8000,
            )
            return
        try:
            kept = pictures.keep_pasted(image, document)
        except (DocumentError, OSError) as exc:
            if isinstance(exc, SaveError) and exc.reason:
                why = sentence(exc.reason)
            elif isinstance(exc, OSError) and exc.strerror:
                why = exc.strerror.lower()  # (the folder could not be made)
            else:
                why = sentence(str(exc))
            self.show_message(
                self.tr("The pasted picture could not be kept in {0}: {1}").format(
                    document.parent / pictures.FOLDER, why
                ),
                10000,
            )
            return
        self.editor.paste_text(pictures.link_to(kept, document))
        self.show_message(self.tr("The picture is kept as {0}.").format(kept.name), 5000)

    def show_message(self, message: str, ms: int = 0) -> None:
        """A sentence in the status bar (one from the layers without Qt in the interface's
        language, writer.sentences); one too long for it shows in full on hover. In
        distraction-free writing, where the status bar is hidden, over the text for a while
        (a guessed encoding's warning, a save's refusal went unseen)."""
        self.statusBar().showMessage(sentence(message), ms)
        self._said = (sentence(message), time.monotonic() + ms / 1000 if ms else None)
        if self._before_focus is not None and message:
            self.focus_hint.say(sentence(message), ms or 8000, self.editor)

    # Slots on the signals of what outlives this window (the application's, a project's shared
    # by its windows) are its methods, never lambdas: PySide lets go of a method's connection
    # when the window is deleted, and keeps a lambda's, which held the closed window (out of
    # Python's collector's sight) and ran on it deleted.
    def _journal_failed(self, message: str) -> None:
        self.show_message(message, 15000)

    def _project_changed(self, _folder: object) -> None:
        self._update_title()

    def event(self, event: QEvent) -> bool:
        """A menu's description (status tip) shows in the status bar while the pointer is on
        its command; when it goes, the message said before comes back for the rest of its time
        (Qt cleared it for good: a glance at a menu, and a save's failure was gone)."""
        if event.type() == QEvent.Type.StatusTip:
            tip = event.tip()
            if tip:
                self._tip_shown = True
                self.statusBar().showMessage(tip)
                return True
            said, self._tip_shown = self._said, False
            if said is not None and said[0]:
                text, until = said
                left = None if until is None else until - time.monotonic()
                if left is None or left > 0:
                    ms = 0 if left is None else max(1, int(left * 1000))
                    self.statusBar().showMessage(text, ms)
                    return True
            self.statusBar().clearMessage()
            return True
        return super().event(event)

    def _message_changed(self, text: str) -> None:
        """The message gone by its time or cleared on purpose is not brought back."""
        if not text and not self._tip_shown:
            self._said = None

    def show_message_later(self, message: str, ms: int = 0) -> None:
        """Show `message` once the window's start is over: after the events already queued,
        after the first questions still to be asked and any modal dialog open then (the first
        run's welcome, the recovery), whose event loop would run the message's time out under
        it. Those asked for before the first is shown are said together, in order (each one
        replaced the one before: "not reopened" gave way to the damaged tally's sentence)."""
        self._later.append((message, ms))
        if len(self._later) > 1:
            return  # (said with the first)

        def show() -> None:
            if QApplication.activeModalWidget() is not None or self.app_state.asking:
                QTimer.singleShot(MODAL_RETRY_MS, self, show)  # none once the window is gone
                return
            later, self._later = self._later, []
            times = [ms for _message, ms in later]
            self.show_message("  ".join(sentence(m) for m, _ms in later),
                              0 if 0 in times else max(times))  # fmt: skip

        QTimer.singleShot(0, self, show)

    # words written -------------------------------------------------------------------------
    def tally_key(self) -> str:
        """The document's name in the day's tally: its file's real path, or, untitled, the
        window's journal id."""
        path = self.documents.path
        return file_key(path) if path is not None else self.documents.doc_id

    def _on_text_loaded(self) -> None:
        self._text_loaded = True

    def _report_words(self) -> None:
        """The document's count is through: to the day's tally (not as written where the text
        was read from a file; under its new name after a Save As), and the goal said once when
        this count reaches it."""
        key, loaded, self._text_loaded = self.tally_key(), self._text_loaded, False
        goal = self.settings.daily_goal
        reached = self.app_state.tally.report(
            key, self.word_count.words, loaded=loaded, was=self._tally_key, goal=goal
        )
        self._tally_key = key
        if reached:
            self.show_message(
                self.tr("Today's goal reached: {0} words.").format(QLocale().toString(goal)),
                10000,
            )

    def _on_tally(self, today: int) -> None:
        self.word_count.set_progress(today, self.settings.daily_goal)

    def written_here(self) -> int:
        """The words written today in this window's document (net)."""
        return self.app_state.tally.written(self._tally_key)

    def show_statistics(self):
        """View → Writing Statistics, or a click on the word count: the document's numbers and
        the day's words in a popup (writer/ui/statistics.py); the popup."""
        from writer.ui.statistics import StatisticsPopup

        popup = StatisticsPopup(self)
        popup.open_at(self.word_count if self.statusBar().isVisible() else None)
        return popup

    # documents ----------------------------------------------------------------------------
    def show_history(self):
        """File → Local History: the versions kept of this document (writer.ui.history_dialog),
        or a sentence where there are none yet; the dialog, or None."""
        from writer.ui.history_dialog import HistoryDialog

        path, history = self.documents.path, self.app_state.history
        history.keep_count = self.settings.keep_versions
        if path is None:
            self.show_message(
                self.tr("This document is not saved yet: Writer keeps a version each time it "
                        "saves it."), 8000)  # fmt: skip
            return None
        if not history.versions(path):
            why = history.problem(path)
            self.show_message(
                why or self.tr("Writer has kept no version of {0} yet: it keeps one each time "
                               "it saves it.").format(path.name), 8000)  # fmt: skip
            return None
        dialog = HistoryDialog(history, path, self.editor, self.documents.format.encoding,
                               self.show_message, self)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_file(self, path: str | Path) -> bool:
        return self.documents.open(path)

    def save(self) -> bool:
        """File → Save. A rewrite open is not in the file until it is accepted: a save while
        one is open says that the passage was saved as it was (the screen shows it struck
        through, and the status bar said only "Saved")."""
        return self._saved(self.documents.save())

    def save_as(self) -> bool:
        """File → Save As (see `save`)."""
        return self._saved(self.documents.save_as())

    def _saved(self, saved: bool) -> bool:
        if saved and self.rewrite.active and self.documents.path is not None:
            self.show_message(
                self.tr("Saved {0} with the passage as it was: the rewrite goes into the file "
                        "once you accept it (Enter) and save again.").format(
                    self.documents.path.name
                ),
                10000,
            )  # fmt: skip
        return saved

    def open_dialog(self) -> None:
        path = self.documents.open_dialog()
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """Open `path` here if this window holds nothing yet, else in a new window; a file a
        window shows already brings that window forward (a second window on the same file
        called the first's saves "another program", and their questions stacked)."""
        owner = self.app_state.window_showing(path)
        if owner is not None:
            owner.bring_forward()
            return
        if self.documents.is_empty_untitled and not self.documents.is_modified:
            self.documents.open(path)
        else:
            self.open_in_new_window.emit(path)

    def _fill_recent(self) -> None:
        """The recent files, then (under a separator) the recent project folders."""
        self.recent_menu.clear()
        files = [f for f in self.settings.recent_files if Path(f).is_file()]
        folders = [f for f in self.settings.recent_folders if Path(f).is_dir()]
        if not files and not folders:
            self.recent_menu.addAction(self.tr("No recent files")).setEnabled(False)
        for f in files:
            # the folder too: two notes.md of two projects read the same
            text = f"{Path(f).name} — {_shown_folder(Path(f).parent)}"
            act = self.recent_menu.addAction(actions.menu_text(text))
            act.setToolTip(f)
            act.triggered.connect(lambda _c=False, f=f: self.open_path(f))
        if files and folders:
            self.recent_menu.addSeparator()
        for f in folders:
            text = self.tr("{0} (folder)").format(Path(f).name)
            act = self.recent_menu.addAction(actions.menu_text(text))
            act.setToolTip(f)
            act.triggered.connect(lambda _c=False, f=f: self.open_folder(f))

    # projects -----------------------------------------------------------------------------
    def open_folder_dialog(self, title: str = "", reopen: bool = True) -> bool:
        """File → Open Folder: ask for a folder (in a dialog called `title`, "Open Folder"
        unless told) and open it as a project; whether one opened (`reopen`: as
        `open_folder`)."""
        if self.project is not None and self.project.folder is not None:
            start = self.project.folder
        else:
            start = self.documents.path.parent if self.documents.path else Path.home()
        title = title or self.tr("Open Folder")
        folder = QFileDialog.getExistingDirectory(self, title, str(start))
        return bool(folder) and self.open_folder(folder, reopen)

    def open_folder(self, folder: str | Path, reopen: bool = True) -> bool:
        """Open `folder` as a project: here if this window has none, else in the project's
        window or a new one. A folder that cannot be a project is refused in a message box,
        and nothing changes. `reopen` False: an empty window does not open the project's
        last document (the command that asked for the folder opens what it was for)."""
        problem = self.app_state.open_folder(folder, self, reopen)
        if problem:
            QMessageBox.warning(self, self.tr("Cannot open folder"), problem)
            self.show_message(problem, 10000)
        return not problem

    def set_project(self, session: ProjectSession) -> None:
        """Make this window one of `session`'s (once: a window keeps its project)."""
        if self.project is not None:
            raise ValueError("this window already belongs to a project")
        self.project = session
        session.attach(self.documents)
        # (the panels' rows of the documents the windows show: another project's window may
        # show one of this folder's documents)
        for window in {self, *self.app_state.windows}:
            session.words.follow(window.documents, window.word_count)
        session.changed.connect(self._project_changed)  # (a method: see _journal_failed)
        panel = ProjectPanel(session, self)
        self.project_panel = panel
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, panel)
        panel.show()  # a dock added to a window already shown stays hidden otherwise
        panel.open_requested.connect(self.open_project_document)
        panel.open_in_new_window_requested.connect(
            lambda path: self.open_project_document(path, new_window=True)
        )
        panel.left.connect(lambda: self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason))
        panel.create_requested.connect(self.create_project_document)
        panel.rename_requested.connect(self.rename_project_document)
        panel.trash_requested.connect(self.trash_project_document)
        panel.toggleViewAction().toggled.connect(self.act_project_panel.setChecked)
        self.act_project_panel.setEnabled(True)
        self.act_project_panel.setChecked(True)
        self.act_focus_project.setEnabled(True)
        self.act_export_project.setEnabled(True)
        session.memory_ready.connect(self.memory.set_project)
        session.memory_ready.connect(self._say_project_problems)
        session.listed.connect(self._say_project_problems)  # (what the listing could not read)
        session.checked.connect(self._export_when_listed)
        session.list_failed.connect(self._say_list_failed)  # (a method, as `changed`'s)
        session.memory_ready.connect(self.spelling.project_read)
        if session.memory is not None:
            self.memory.set_project(session.memory)
            self.spelling.project_read(session.memory)
        self._say_project_problems()
        panel.set_current(self.documents.path)
        self._update_title()
        self._restore_find()

    def _say_project_problems(self, _news: object = None) -> None:
        """What of the project could not be read (`ProjectSession.problems`: a folder the
        listing could not read or a link loop, once listed; a damaged notes file, a lore
        heading whose keywords clash, an unreadable document, once the memory is built), in
        the status bar once for each new state (the first few, and how many more; a long
        message shows in full on hover); taken away when the notes are mended while it
        shows."""
        if self.project is None:
            return
        problems = [sentence(p) for p in self.project.problems()]
        if problems == self._project_problems:
            return
        self._project_problems = problems
        if not problems:
            if self._problems_said and self.statusBar().currentMessage() == self._problems_said:
                self.statusBar().clearMessage()
            self._problems_said = ""
            return
        text = " · ".join(problems[:SHOWN_PROBLEMS])
        if len(problems) > SHOWN_PROBLEMS:
            text = beside(text, self.tr("(and {0} more)").format(len(problems) - SHOWN_PROBLEMS))
        self.show_message(text, 20000)
        self._problems_said = self.statusBar().currentMessage()

    def show_project_panel(self, shown: bool) -> None:
        """View → Project Panel."""
        if self.project_panel is not None:
            self.project_panel.setVisible(shown)

    def set_typewriter(self, on: bool) -> None:
        """View → Typewriter Scrolling, for every window (a setting)."""
        self.settings.update(typewriter=on)

    def set_smart_quotes(self, on: bool) -> None:
        """Format → Typographic Quotes, for every window (a setting)."""
        self.settings.update(smart_quotes=on)

    def set_focus_text(self, kind: str) -> None:
        """View → Focus on Sentence / Paragraph ("" : off), for every window (a setting)."""
        self.settings.update(focus_text=kind)

    def _follow_focus_text(self) -> None:
        kind = self.settings.focus_text
        self.act_focus_sentence.setChecked(kind == "sentence")
        self.act_focus_paragraph.setChecked(kind == "paragraph")
        self.editor.set_focus_text(kind)

    def set_auto_save(self, on: bool) -> None:
        """File → Auto Save, for every window (a setting): each document that has a file is
        saved as typing pauses."""
        self.settings.update(auto_save=on)

    def zoom(self, step: int) -> None:
        """View → Zoom In (`step` 1), Zoom Out (-1) or Actual Size (0): the text of every
        window one step larger or smaller, kept for the next start (a setting, so each window
        follows its announcement); the size chosen in Settings stays what Actual Size brings
        back."""
        now = self.settings.zoom
        if step > 0:
            new = next((z for z in ZOOM_STEPS if z > now + 1e-6), ZOOM_STEPS[-1])
        elif step < 0:
            new = next((z for z in reversed(ZOOM_STEPS) if z < now - 1e-6), ZOOM_STEPS[0])
        else:
            new = 1.0
        self.settings.update(zoom=new)
        self.show_message(self.tr("Text size: {0}%").format(round(new * 100)), 2000)

    def set_focus_mode(self, on: bool) -> None:
        """View → Distraction-Free Writing (F11): the window on the whole screen with only the
        text; the menus, toolbar, status bar and the panels that were open come back as they
        were with F11 again. Every key still works (the actions are the window's), and a
        question or a failed save still shows as a box."""
        if on == (self._before_focus is not None):
            return
        bars = (self.menuBar(), self.tools, self.statusBar())
        if on:
            docks = [d for d in self.findChildren(QDockWidget) if d.isVisible()]
            # (the tabs on top last, raised after the others come back: the preview came on top
            # of the Context panel that was)
            docks.sort(key=lambda d: not _covered(d))
            self._before_focus = (docks, self.windowState())
            for widget in (*bars, *docks):
                widget.hide()
            self.showFullScreen()
            # placed once the window has its full size
            QTimer.singleShot(50, self, lambda: self.focus_hint.show_for(self.editor))
        else:
            docks, state = self._before_focus
            self._before_focus = None
            self.focus_hint.hide()
            for widget in (*bars, *docks):
                widget.show()
            for dock in docks:
                dock.raise_()
            self.setWindowState(state)
        self.act_focus_mode.setChecked(on)
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_outline(self, shown: bool) -> None:
        """View → Outline (Ctrl+Shift+H): the document's headings, a panel the keys go into
        (`_show_keyed`)."""
        self._show_keyed(self.outline, self.act_outline, self.outline.tree, shown,
                         outline_panel=shown)  # fmt: skip

    def show_context_panel(self, shown: bool) -> None:
        """View → Context Panel (Ctrl+Shift+K): what the model is given at the cursor, a panel
        the keys go into (`_show_keyed`): its parts, Up and Down to read each one's text (no
        key led into it, so a part's text was the mouse's alone)."""
        panel = self.context_panel
        self._show_keyed(panel, self.act_context_panel, panel.tree, shown, context_panel=shown)

    def _show_keyed(self, dock: QDockWidget, action: QAction, keys: QWidget, shown: bool,
                    **setting: bool) -> None:  # fmt: skip
        """The rule of the panels the keys go into by their key (the Outline, the Context
        panel): shown, the panel has the keys, in `keys` (Esc gives them back to the text).
        Asked to hide while it is shown but the keys are elsewhere, or another panel's tab
        covers it (the preview's), it comes on top with the keys instead (as VS Code's views
        do: the key is the only way into it); hidden, the keys go back to the text. The next
        window opens with it as this one has it now (`setting`). (The Context panel had a
        rule of its own: its key hid it while the keys were in the text.)"""
        inside = dock.isAncestorOf(QApplication.focusWidget())
        if not shown and dock.isVisible() and (_covered(dock) or not inside):
            action.setChecked(True)
            dock.raise_()
            keys.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self.settings.update(**setting)
        dock.setVisible(shown)
        if shown:
            dock.raise_()  # (its tab, where another panel shows too)
            keys.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_markdown_preview(self, shown: bool) -> None:
        """View → Markdown Preview (Ctrl+Shift+V): a Markdown document rendered beside the
        text (writer/ui/preview.py); the next window opens with it as this one has it now.
        Asked to hide while the Context panel's tab covers it, it comes on top instead."""
        if not shown and _covered(self.preview):
            self.act_markdown_preview.setChecked(True)
            self.preview.raise_()
            return
        self._preview_wanted = shown
        self.settings.update(markdown_preview=shown)
        self.preview.setVisible(shown and self.documents.is_markdown)
        if shown:
            self.preview.raise_()  # (its tab, where the Context panel shows too)

    def _project_asked(self, title: str, reopen: bool = True) -> bool:
        """Whether the window has a project, asked for first where it has none: said in the
        status bar, and the folder asked in a dialog called `title`, which opens here as the
        window's project (a command that needs one was greyed out, and nothing said why);
        `reopen` False: without the project's last document (`open_folder`)."""
        if self.project is not None and self.project.folder is not None:
            return True
        first = self.tr("Open a folder as a project first (File → Open Folder).")
        self.show_message(first)
        if not self.open_folder_dialog(title, reopen):
            return False
        if self.statusBar().currentMessage() == sentence(first):
            self.statusBar().clearMessage()  # (said while it was so)
        return self.project is not None

    def edit_notes(self) -> None:
        """View → Edit Project Notes: open the project's notes file, made from a short example
        the first time (a window without a project says so and asks for its folder first: the
        notes open there, not the project's last document first, which then asked to be
        left or took the notes to a new window). Cancel in the question about the document
        shown makes nothing (the example stayed, made, in the project)."""
        if not self._project_asked(self.tr("Open the Project's Folder"), reopen=False):
            return
        path = self.project.folder / self.settings.notes_file
        made = not path.exists()
        example = self.tr(NOTES_TEMPLATE).encode("utf-8")
        if made:
            try:
                replace_file(path, example)
            except OSError as exc:
                self.show_message(
                    self.tr("Writer cannot make {0}: {1}").format(path, exc.strerror or exc)
                )
                return
        if not self.open_project_document(str(path)):
            if made:
                with contextlib.suppress(OSError):
                    if path.read_bytes() == example:  # (as made: nobody wrote in it since)
                        path.unlink()
            return
        if made and self.documents.path and Path(self.documents.path) == path:
            self.editor.moveCursor(QTextCursor.MoveOperation.End)  # in the notes' own section

    def find_in_project(self, replacing: bool = False) -> ProjectFindPanel | None:
        """Edit → Find in Project (Ctrl+Shift+F): the panel that finds a query in every
        document of the project (writer/ui/project_find.py), beside the project panel, with
        the keys in its query (the selection as the query, as Find takes it); `replacing`
        (Edit → Replace in Project), with Replace shown and the keys in the replacement.
        A window without a project asks for the folder to search first, as VS Code does."""
        if not self._project_asked(self.tr("Open a Folder to Search")):
            return None
        panel = self._find_panel()
        selected = self.editor.textCursor().selectedText()
        one_line = selected and "\u2029" not in selected and "\u2028" not in selected
        if replacing:
            panel.focus_replace(selected if one_line else "")
        else:
            panel.focus_field(selected if one_line else "")
        return panel

    def _find_panel(self) -> ProjectFindPanel:
        """Find in Project's panel, made the first time; a project's next window opens with it
        (and its last query searched) while it is open (`_restore_find`)."""
        panel = self.project_find
        if panel is None:
            replacer = ProjectReplace(
                self.project,
                lambda: [w.documents for w in self.app_state.windows],
                self.app_state.history,
                self,
            )
            panel = self.project_find = ProjectFindPanel(
                self.project, self._unsaved_in_project, self, replacer
            )
            panel.replaced.connect(lambda summary: summary and self.show_message(summary, 20000))
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, panel)
            if self.project_panel is not None and not self.project_panel.isHidden():
                self.tabifyDockWidget(self.project_panel, panel)  # (in a window not shown yet)
            panel.open_requested.connect(self._open_found)
            panel.left.connect(lambda: self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason))
            panel.closed.connect(lambda: self.settings.update(find_in_project_panel=False))
            panel.searched.connect(
                lambda: self.settings.update(
                    find_in_project_query=[str(self.project.folder), panel.field.text()]
                )
            )
        self.settings.update(find_in_project_panel=True)
        return panel

    def _restore_find(self) -> None:
        """A project's window opens with Find in Project as the last one left it: shown, its
        last query searched again, the keys left in the text."""
        if not self.settings.find_in_project_panel:
            return
        panel = self._find_panel()
        panel.show()
        if self.project_panel is not None:
            self.project_panel.raise_()  # (the documents' tab on top, as at the start)
        kept = self.settings.find_in_project_query
        # (another project's query is not this one's: the panel opens empty)
        query = kept[1] if len(kept) == 2 and kept[0] == str(self.project.folder) else ""
        if query:
            panel.field.setText(query)  # (searched once it settles, as a query typed)

    def _edited_for_find(self) -> None:
        """The text changed: Find in Project's results in this project's windows are searched
        again once it settles (`ProjectFindPanel.stale`; a restart of a timer per key)."""
        if self.project is None:
            return
        for window in self.app_state.windows:
            if window.project is self.project and window.project_find is not None:
                window.project_find.stale()

    def _unsaved_in_project(self) -> dict[str, str]:
        """The texts of the project's documents that a window holds with edits not saved yet,
        by `file_key`, as their editors have them: Find in Project searches these, not the
        files."""
        texts: dict[str, str] = {}
        for window in self.app_state.windows:
            path = window.documents.path
            if path is not None and window.documents.is_modified and self.project.contains(path):
                texts[file_key(path)] = lines_of(window.editor.document())
        return texts

    def _open_found(self, path: str, match: Match) -> None:
        """A result of Find in Project: its document opened as the project panel opens one,
        the match selected in the window that shows it."""
        if self.open_project_document(path):
            window = self.app_state.window_showing(path)
            if window is not None:
                window.select_found(match)

    def select_found(self, match: Match) -> bool:
        """Select a match Find in Project found, in the middle of the view. Where its line no
        longer holds it (the document changed since the search), the cursor goes to the start
        of that line and the status bar says so; False then."""
        block = self.editor.document().findBlockByNumber(match.line - 1)
        line = block.text() if block.isValid() else ""
        end = match.column + len(match.found)
        if line[match.column : end] != match.found:
            go_to_line(self.editor, match.line, self.editor.document().characterCount())
            self.show_message(
                self.tr("Line {0} no longer holds “{1}”: the document changed since the search.")
                .format(match.line, match.found[:60]), 10000)  # fmt: skip
            return False
        # (Qt's positions count an emoji as two, Python's index as one)
        start = block.position() + qt_length(line[: match.column])
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + qt_length(match.found), cursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()
        QTimer.singleShot(0, self.editor.centerCursor)  # (a window just shown: its real size)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_project(self) -> None:
        """View → Go to Project Panel (Ctrl+Shift+E): the keyboard in the panel's list."""
        if self.project_panel is not None:
            self.project_panel.focus_list()

    def open_project_document(self, path: str, new_window: bool | None = None) -> bool:
        """Open a document the project panel asks for. The window that shows it already comes
        forward; else it opens in a new window if `new_window` (None: if the settings say so
        and this window holds a document), or here, after this window's own save question.
        False: the writer cancelled, or the file could not be opened (and was told why)."""
        owner = self.app_state.window_showing(path)
        if owner is not None:
            owner.bring_forward()
            return True
        if new_window is None:
            new_window = self.settings.project_open_in == "new" and not (
                self.documents.is_empty_untitled and not self.documents.is_modified
            )
        if not Path(path).is_file():  # gone since the panel listed it: nothing is closed
            self.show_message(self.tr("{0} is no longer there.").format(path), 10000)
            self._panel_back_to_current()
            return False
        if new_window:
            self.open_in_new_window.emit(path)
            return True
        if not self.documents.open_instead(path):
            if self.documents.refused is not None:
                self._panel_back_to_current()
            return False
        self.editor.setFocus()  # the writer opened it to write in it
        return True

    def export_project(self) -> bool:
        """File → Export Project: the project's documents in the Project panel's order (its
        notes left out) as one file, each on a new page; a document a window shows as it is
        there, unsaved changes too, the others as their files hold them. False: cancelled, no
        project, or the folder not listed yet or being listed again: the export goes on once
        it is (it saw no documents while the Project panel was still empty, and not a document
        made, renamed or saved just before)."""
        if self.project is None or self.project.folder is None or self.project_panel is None:
            return False
        if self.project.reading and self.project.failure is not None:
            # (never listed: said, not waited for without end; asked again once it is)
            self.show_message(self.project.failure, 10000)
            return False
        if self.project.listing_due:  # (listed on a thread; the window waits for nothing)
            self._export_waits = True
            self.show_message(self.tr("Reading the project…"))
            return False
        folder = self.project.folder
        parts = self.project_parts()
        if not parts:
            self.show_message(self.tr("The project has no documents to export yet."), 10000)
            return False
        # the title, the author, a title page and a table of contents, asked once
        names = [(place_in(p.path, folder) or Path(p.path.name)).as_posix() for p in parts]
        notes = (folder / self.project.notes_name()).is_file()
        asked = ManuscriptDialog(self.settings, folder.name, self, str(folder), names, notes)
        if asked.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.exporter.export_project(parts, folder.name, folder, asked.manuscript())

    def _say_list_failed(self, sentence: str) -> None:
        """The project's folder could not be listed (`ProjectSession.list_failed`, once until
        it is): why, in the status bar."""
        self.show_message(sentence, 10000)

    def _export_when_listed(self) -> None:
        """The folder listed (`ProjectSession.checked`): an Export Project asked before goes
        on (after the listing's own announcement: its questions wait in a dialog)."""
        if self._export_waits:
            self._export_waits = False
            if self.statusBar().currentMessage() == self.tr("Reading the project…"):
                self.statusBar().clearMessage()
            QTimer.singleShot(0, self, self.export_project)

    def project_parts(self) -> list[Part]:
        """The project's documents in the Project panel's order, its notes left out (its
        manuscript, as Export Project and the statistics read it: `Listing.manuscript`): a
        document a window shows as it is there, unsaved changes too, the others (text None)
        as their files hold them. Empty before the folder is first listed (on a thread: what
        asks waits for `ProjectSession.listed`)."""
        if self.project is None or self.project.folder is None or self.project_panel is None:
            return []
        listing = self.project.listing
        if listing is None:
            return []
        parts: list[Part] = []
        for path in listing.manuscript():
            owner = self.app_state.window_showing(path)
            text = plain_text(owner.editor.document()) if owner is not None else None
            markdown = path.suffix.lower() in MARKDOWN
            parts.append(Part(path, text, markdown))
        return parts

    def create_project_document(self, folder: str, typed: str) -> Path | None:
        """The Project panel's New Document: an empty document named from `typed` made in
        `folder`, then opened as the panel opens one; None where it could not be (the panel
        says why and asks again)."""
        root = self.project.folder if self.project is not None else None
        # (never the project's notes unawares: Rename's rule)
        notes = self.project.notes_name() if self.project is not None else None
        try:
            path = create_document(Path(folder), typed, root, notes)
        except FileNameError as exc:
            self._name_refused("create", folder, typed, str(exc))
            return None
        panel = self.project_panel
        if panel is not None:  # (the row the open asks about, as Enter on it would)
            panel.select_when_listed(path)
        self.open_project_document(str(path))
        # (said as a rename and a move to the trash are: opening it may wait on a question,
        # and a Cancel there left a new file unsaid)
        folder = self.project.folder if self.project is not None else None
        where = (place_in(path, folder) if folder else None) or path
        self.show_message(self.tr("Made {0}.").format(where.as_posix()), 5000)
        return path

    def rename_project_document(self, path: str, typed: str) -> Path | None:
        """The Project panel's Rename: the window showing the document renames it (it owns
        it: an auto save under way ends first, and the document follows), or the file is
        renamed here; None where it could not be (the panel says why and asks again)."""
        owner = self.app_state.window_showing(path)
        root = self.project.folder if self.project is not None else None
        # (never the project's notes: a chapter would become what the model always reads)
        notes = self.project.notes_name() if self.project is not None else None
        try:
            if owner is not None:
                new = owner.documents.rename(typed, root, notes)
            else:
                new = rename_document(Path(path), typed, root, notes)
                if new != Path(path):
                    self.settings.file_renamed(path, str(new))
                    follow_history(self.documents.journal, self.app_state.history,
                                   Path(path).absolute(), new.absolute())  # fmt: skip
        except FileNameError as exc:
            self._name_refused("rename", path, typed, str(exc))
            return None
        panel = self.project_panel
        if panel is not None:
            panel.select_when_listed(new)
        if new == Path(path):  # ("./": where it is already)
            said_now = self.tr("{0} stays where it is.").format(new.name)
        elif new.parent == Path(path).parent:
            said_now = self.tr("{0} is now named {1}.").format(Path(path).name, new.name)
        else:  # (moved: "drafts/Chapter 3.md", from the project's folder)
            where = (place_in(new, root) if root else None) or new
            said_now = self.tr("{0} is now {1}.").format(Path(path).name, where.as_posix())
        self.show_message(said_now, 5000)
        return new

    def trash_project_document(self, path: str) -> bool:
        """The Project panel's Move to Trash, asked first: the file goes to the system's
        trash (from where it can be restored) and the window showing it lets it go
        (`DocumentManager.trashed`: unsaved changes stay). False: cancelled, or it could not
        go (said why)."""
        name = Path(path).name
        owner = self.app_state.window_showing(path)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Move to Trash"),
                          self.tr("Move {0} to the trash?").format(name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)  # fmt: skip
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Move to &Trash"))
        more = self.tr("It can be restored from the system's trash.")
        if owner is not None and owner.documents.is_modified:
            more = beside(more, self.tr("Its unsaved changes stay in its window."))
        box.setInformativeText(more)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        if owner is not None:
            owner.documents.finish_saving()  # (an auto save under way, under this name)
        problem = move_to_trash(Path(path))
        if problem:
            self.show_message(problem, 10000)
            return False
        if owner is not None:
            owner.documents.trashed()
        if self.project is not None:
            self.project.list_again()
        if owner is not self or not self.documents.is_modified:
            self.show_message(self.tr("{0} is in the trash.").format(name), 5000)
        return True

    def _name_refused(self, kind: str, where: str, typed: str, why: str) -> None:
        said_here = sentence(why)
        self.show_message(said_here, 10000)
        if self.project_panel is not None:
            self.project_panel.refused(kind, where, typed, said_here)

    def _panel_back_to_current(self) -> None:
        if self.project_panel is not None:
            self.project_panel.back_to_current()

    def bring_forward(self) -> None:
        """Show this window above the others, with the keyboard in its text."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.editor.setFocus()

    def _follow_kind(self) -> None:
        """A Markdown document is highlighted and has the Format menu and the preview (where
        the writer wants it; not over Distraction-Free Writing); a .txt is plain text."""
        markdown = self.documents.is_markdown
        self.editor.set_markdown(markdown)
        for name in actions.FORMAT:
            getattr(self, f"act_{name}").setEnabled(markdown)
        self.act_markdown_preview.setEnabled(markdown)
        self.preview.set_markdown(markdown)
        shown = markdown and self._preview_wanted
        if not shown or self._before_focus is None:
            if shown and not self.preview.isVisible():
                self.preview.show()
                self.preview.raise_()  # (its tab, where the Context panel shows too)
            else:
                self.preview.setVisible(shown)
            self.act_markdown_preview.setChecked(shown)

    def _on_document_named(self) -> None:
        self._follow_kind()
        path = self.documents.path
        self.preview.set_folder(path.parent if path is not None else None)
        self._update_title()
        self.memory.set_path(self.documents.path)
        if self.project_panel is not None:
            self.project_panel.set_current(self.documents.path)

    def keep_for_next_start(self) -> None:
        """The system ends Writer (`AppState.keep_for_next_start`): the unsaved text to the
        journal now, the last words typed to the day's tally, the window's size and place
        and the cursor's place in its file kept (a close keeps them); nothing asked, nothing
        closed."""
        self._keep_text()
        self.documents.remember_cursor()
        self.word_count.count_now()
        self._keep_geometry()

    def _keep_text(self) -> None:
        """The unsaved text to the journal now, for the next start; then an auto save being
        written taken, as a close takes it (else it came back unsaved, and its save asked
        about "another program's" change: the auto save's own), and one waiting for the
        pause written now, as Auto Save would have (saved, the journal's copy goes). The
        journal first: a file slow to write, and Writer killed meanwhile, lost the text;
        again after, where a save left the text unsaved and named the file anew."""
        self.documents.journal_now()
        self.documents.auto_save_now()
        self.documents.journal_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.app_state.keeping and event.spontaneous():
            # the window manager's close button (the session's end closes windows itself):
            # a logout was cancelled, the session goes on, and the close asks as Quit does
            self.app_state.go_on()
        if self.app_state.keeping:
            # (the system ends Writer: nothing asked, the unsaved text stays in the journal,
            # what came since `keep_for_next_start` too: the journal's pause never comes)
            self._keep_text()
        elif not self.app_state.may_close(self) or not self.documents.close():
            event.ignore()
            return
        self.suggestions.dismiss()
        self.memory.close()
        if self.project_find is not None:
            self.project_find.close_down()
        self.word_count.count_now()  # (the last words typed, to the day's tally)
        for project in self.app_state.projects.values():
            project.words.forget(self.documents)  # (its file's words in the panels)
        self._keep_geometry()
        self.app_state.tally.unsubscribe(self._on_tally)
        self.settings.unsubscribe(self._on_settings_changed)
        self.spelling.close()
        event.accept()
        self.closed.emit(self)

    # first run and language advice --------------------------------------------------------
    def writes_in(self) -> str:
        """The language the writer writes that the starter does not ("zh" where the interface
        is in Chinese; else the document's by writer.models.advice `language_of`: "ja", "ru",
        "fr"...), "" for English and for a language it does not tell."""
        from writer.models.advice import language_of
        from writer.ui.i18n import CHINESE, language_for

        if language_for(self.settings.language) == CHINESE:
            return "zh"
        return language_of(self.editor.document().toPlainText()[:4000])

    def check_language(self) -> None:
        self.model_status.check_language()

    def show_welcome(self) -> None:
        """The first-run screen: keys, the starter model and the catalog models that fit."""
        from writer.models import fit
        from writer.models.advice import recommend
        from writer.models.catalog import load_catalog
        from writer.ui.welcome import WelcomeDialog

        n_ctx, offload = self.settings.n_ctx, self.settings.gpu_layers() != 0
        fitting = []
        for entry in load_catalog():
            verdict = fit.check(
                entry.size, n_ctx, offload=offload, kv_per_token=entry.kv_bytes_per_token
            )
            if verdict.verdict in (fit.FITS, fit.TIGHT_FIT):
                fitting.append((entry, verdict))
        language = self.writes_in()
        advice = recommend(language, n_ctx, offload) if language else None
        from writer.network import HUB

        offline = sentence(self.app_state.network.refusal("", HUB))
        from writer import paths

        installed = paths.starter_model_path() is not None
        dialog = WelcomeDialog(fitting, advice, language, self, offline, installed)
        dialog.download_requested.connect(self.download_requested.emit)
        self.welcome = dialog
        dialog.exec()
        self.settings.update(welcomed=True)


def _covered(dock: QDockWidget) -> bool:
    """`dock` is shown, but under another panel's tab."""
    return dock.isVisible() and dock.visibleRegion().isEmpty()


def _shown_folder(folder: Path) -> str:
    """A folder as a menu shows it: under the home folder as ~/…."""
    try:
        inside = folder.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(folder)
    return "~" if inside == "." else "~/" + inside
