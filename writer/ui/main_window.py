"""The main window: the composition of one document's parts, each with one job.

`DocumentManager` owns the file, saving, the journal and their questions; `actions` builds the
actions, menus and toolbar from one table; `ModelStatus` shows the model in the status bar;
`FindBar` finds; `Help` answers the Help menu; `InlineAssist` and `RewriteSession` are the
model's help in the editor. The window connects them, follows the settings it shows (fonts,
suggestions) through `Settings.subscribe`, and puts their messages in the status bar.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from writer.assist.inline import InlineAssist
from writer.assist.rewrite import RewriteSession
from writer.assist.suggestions import SuggestionSettings
from writer.settings import Change, Settings
from writer.ui import actions
from writer.ui.document_manager import DocumentManager
from writer.ui.downloads import DownloadStatus
from writer.ui.editor import Editor
from writer.ui.find_bar import FindBar
from writer.ui.help import Help
from writer.ui.model_status import ModelStatus
from writer.ui.rewrite import RewriteView

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
        self.app_state = app_state
        self.settings: Settings = app_state.settings
        self.worker = app_state.worker
        self.editor = Editor(self)
        self.documents = DocumentManager(self.editor, app_state.journal_writer, self.settings, self)
        self.find_bar = FindBar(self.editor, self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.resize(QSize(980, 720))

        self.assist = InlineAssist(self.editor, self.worker, SuggestionSettings.of(self.settings))
        self.suggestions = self.assist.suggestions
        self.rewrite = RewriteSession(self.editor, self.worker, self.settings)
        self.rewrite_view = RewriteView(self.editor, self.rewrite)
        self.help = Help(self, self.settings, self.worker)
        self.model_status = ModelStatus(
            self.worker,
            self.settings,
            self.editor.document(),
            lambda: app_state.server() is not None,
            self,
        )
        actions.build(self)
        self.act_suggest.setChecked(self.settings.suggestions_enabled)
        self.act_use_local.setEnabled(False)
        self._connect_edit_actions()
        self.statusBar().messageChanged.connect(lambda text: self.statusBar().setToolTip(text))
        self.alt_label = QLabel("", self)
        self.statusBar().addPermanentWidget(self.alt_label)
        self.statusBar().addPermanentWidget(self.model_status)
        self.statusBar().addPermanentWidget(DownloadStatus(app_state.downloads, self))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.retranslate()

        self.documents.display_name_changed.connect(lambda _name: self._update_title())
        self.documents.modified_changed.connect(self.setWindowModified)
        self.documents.message.connect(self.show_message)
        self.model_status.message.connect(self.show_message)
        self.model_status.local_possible.connect(self.act_use_local.setEnabled)
        self.rewrite.message.connect(lambda m: self.show_message(m, 10000))
        self.assist.message.connect(lambda m: self.show_message(m, 10000))
        self.rewrite.finished.connect(self.model_status.show_rewrite_speed)
        self.editor.rewrite_requested.connect(self.rewrite_view.open_popup)
        self.suggestions.finished.connect(self.model_status.show_speed)
        self.suggestions.reading.connect(self.model_status.show_reading)
        self.suggestions.failed.connect(
            lambda m: self.show_message(self.tr("Suggestion failed: {0}").format(m), 8000)
        )
        self.suggestions.accepted.connect(lambda _t: self.documents.journal_now())
        self.assist.alternatives.changed.connect(
            lambda i, n: self.alt_label.setText(f"{i + 1} / {n}" if n else "")
        )
        app_state.journal_failures.failed.connect(lambda m: self.show_message(m, 15000))
        self.settings.subscribe(self._on_settings_changed)
        self._follow_appearance()
        if self.worker.info is not None:
            self.model_status.on_loaded(self.worker.info)
        elif app_state.model_error:
            self.model_status.on_failed(app_state.model_error)

    def _connect_edit_actions(self) -> None:
        e = self.editor
        e.undoAvailable.connect(self.act_undo.setEnabled)
        e.redoAvailable.connect(self.act_redo.setEnabled)
        e.copyAvailable.connect(self.act_cut.setEnabled)
        e.copyAvailable.connect(self.act_copy.setEnabled)
        self.act_undo.setEnabled(e.document().isUndoAvailable())
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
        if change.affects("font_family", "font_size", "text_width"):
            self._follow_appearance()

    def _follow_appearance(self) -> None:
        self.editor.set_font(self.settings.font_family, self.settings.font_size)
        self.editor.set_text_width(self.settings.text_width)

    def preferences(self) -> None:
        from writer.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if not dialog.exec():
            return
        try:
            change = dialog.apply()
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Settings not saved"), str(exc))
            return
        if dialog.key_message:
            self.show_message(dialog.key_message, 10000)
        if dialog.key_stored and not change.needs_reload():
            self.app_state.load_model()  # the server is asked again, with the new key

    def toggle_suggestions(self, checked: bool) -> None:
        self.settings.update(suggestions_enabled=checked)
        self.show_message(
            self.tr("Suggestions on") if checked else self.tr("Suggestions off"), 3000
        )

    # texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the window's menus, actions and labels, in the interface's language."""
        actions.retranslate(self)
        self.alt_label.setToolTip(
            self.tr("Alternative shown (Alt+] and Alt+[ cycle, Ctrl+Enter lists)")
        )
        self.model_status.retranslate()
        self.find_bar.retranslate()
        self._update_title()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_title(self) -> None:
        self.setWindowTitle(self.tr("{0}[*] — Writer").format(self.documents.display_name))
        self.setWindowModified(self.documents.is_modified)

    def show_message(self, message: str, ms: int = 0) -> None:
        """A sentence in the status bar; one too long for it shows in full on hover."""
        self.statusBar().showMessage(message, ms)

    def show_message_later(self, message: str, ms: int = 0) -> None:
        QTimer.singleShot(0, lambda: self.show_message(message, ms))

    # documents ----------------------------------------------------------------------------
    def open_file(self, path: str | Path) -> bool:
        return self.documents.open(path)

    def save(self) -> bool:
        return self.documents.save()

    def open_dialog(self) -> None:
        path = self.documents.open_dialog()
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """Open `path` here if this window holds nothing yet, else in a new window."""
        if self.documents.is_empty_untitled and not self.documents.is_modified:
            self.documents.open(path)
        else:
            self.open_in_new_window.emit(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = [f for f in self.settings.recent_files if Path(f).exists()]
        if not files:
            self.recent_menu.addAction(self.tr("No recent files")).setEnabled(False)
        for f in files:
            act = self.recent_menu.addAction(Path(f).name)
            act.setToolTip(f)
            act.triggered.connect(lambda _c=False, f=f: self.open_path(f))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.documents.close():
            event.ignore()
            return
        self.suggestions.dismiss()
        self.settings.unsubscribe(self._on_settings_changed)
        event.accept()
        self.closed.emit(self)

    # first run and language advice --------------------------------------------------------
    def writes_chinese(self) -> bool:
        """The interface is in Chinese, or the document is."""
        from writer.models.advice import is_chinese
        from writer.ui.i18n import CHINESE, language_for

        text = self.editor.document().toPlainText()[:4000]
        return language_for(self.settings.language) == CHINESE or is_chinese(text)

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
        chinese = self.writes_chinese()
        advice = recommend("zh", n_ctx, offload) if chinese else None
        dialog = WelcomeDialog(fitting, advice, chinese, self)
        dialog.download_requested.connect(self.download_requested.emit)
        self.welcome = dialog
        dialog.exec()
        self.settings.update(welcomed=True)
