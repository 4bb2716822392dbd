"""The main window: one document in an editor, menus, toolbar, find bar and status bar."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from writer.assist.inline import InlineAssist
from writer.assist.rewrite import RewriteSession
from writer.assist.suggestions import SuggestionSettings
from writer.documents import ConflictError, DocumentError
from writer.settings import Settings
from writer.ui.document_session import DocumentSession
from writer.ui.editor import Editor
from writer.ui.fit_words import describe
from writer.ui.rewrite import RewriteView

log = logging.getLogger(__name__)


def toolbar_label(text: str) -> str:
    """A menu text as a toolbar button shows it: no mnemonic (also not the "(&N)" that Chinese
    menus add) and no ellipsis."""
    return re.sub(r"\s*\(&\w\)", "", text).replace("&", "").rstrip("…").strip()


class FindBar(QWidget):
    """A find field under the editor: Enter finds the next match, Shift+Enter the previous."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        self.field = QLineEdit(self)
        self.field.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.prev_btn = prev_btn = QPushButton(self)
        self.next_btn = next_btn = QPushButton(self)
        self.close_btn = close_btn = QPushButton(self)
        self.label = QLabel(self)
        layout.addWidget(self.label)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        layout.addWidget(prev_btn)
        layout.addWidget(next_btn)
        layout.addWidget(close_btn)
        self.field.returnPressed.connect(self.find_next)
        next_btn.clicked.connect(self.find_next)
        prev_btn.clicked.connect(self.find_previous)
        close_btn.clicked.connect(self.close_bar)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Find in document"))
        self.prev_btn.setText(self.tr("Previous"))
        self.next_btn.setText(self.tr("Next"))
        self.close_btn.setText(self.tr("Close"))
        self.label.setText(self.tr("Find:"))

    def open_bar(self) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_previous()
        else:
            super().keyPressEvent(event)

    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        needle = self.field.text()
        if not needle:
            return False
        if self.editor.find(needle, flags):
            self.status.setText("")
            return True
        cursor = self.editor.textCursor()
        backward = bool(flags & QTextDocument.FindFlag.FindBackward)
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.editor.setTextCursor(cursor)
        found = self.editor.find(needle, flags)
        self.status.setText(self.tr("Wrapped around") if found else self.tr("Not found"))
        return found


class MainWindow(QMainWindow):
    """One document window. All windows share the app's EngineWorker and journal writer."""

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
        self.session = DocumentSession(self.editor, app_state.journal_writer)
        self.find_bar = FindBar(self.editor, self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.resize(QSize(980, 720))

        self.assist = InlineAssist(self.editor, self.worker, SuggestionSettings())
        self.suggestions = self.assist.suggestions
        self._apply_settings()
        self.rewrite = RewriteSession(self.editor, self.worker, self.settings)
        self.rewrite_view = RewriteView(self.editor, self.rewrite)
        self.rewrite.message.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.assist.message.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.rewrite.finished.connect(self._on_rewrite_finished)
        self.editor.rewrite_requested.connect(self.rewrite_view.open_popup)
        self._build_actions()
        self._build_status_bar()
        self.retranslate()
        self.session.title_changed.connect(self._update_title)
        self.session.changed_on_disk.connect(self._on_changed_on_disk)
        self.session.removed_on_disk.connect(self._on_removed_on_disk)
        self.suggestions.finished.connect(self._on_suggestion_finished)
        self.suggestions.failed.connect(
            lambda m: self.statusBar().showMessage(
                self.tr("Suggestion failed: {0}").format(m), 8000
            )
        )
        self.suggestions.accepted.connect(lambda _t: self.session.journal_now())
        self.assist.alternatives.changed.connect(
            lambda i, n: self.alt_label.setText(f"{i + 1} / {n}" if n else "")
        )
        self._language_timer = QTimer(self)
        self._language_timer.setSingleShot(True)
        self._language_timer.setInterval(1500)
        self._language_timer.timeout.connect(self.check_language)
        self.editor.document().contentsChanged.connect(self._language_timer.start)
        self.worker.model_loading.connect(self._on_model_loading)
        self.worker.model_loaded.connect(self._on_model_loaded)
        self.worker.model_failed.connect(self._on_model_failed)
        app_state.journal_failures.failed.connect(lambda m: self.statusBar().showMessage(m, 15000))
        if self.worker.info is not None:
            self._on_model_loaded(self.worker.info)
        elif app_state.model_error:
            self._on_model_failed(app_state.model_error)
        self._update_title()

    def _apply_settings(self) -> None:
        s = self.suggestions.settings
        s.enabled = self.settings.suggestions_enabled
        s.debounce_ms = self.settings.debounce_ms
        s.max_suggestion_tokens = self.settings.max_suggestion_tokens
        s.stop_at = self.settings.stop_at
        s.confidence_cutoff = self.settings.confidence_cutoff
        if hasattr(self, "act_suggest"):
            self.act_suggest.setChecked(self.settings.suggestions_enabled)
        self.editor.set_font(self.settings.font_family, self.settings.font_size)
        self.editor.set_text_width(self.settings.text_width)

    # actions ------------------------------------------------------------------------------
    def _action(self, slot, shortcut=None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        e = self.editor
        alternatives = self.assist.alternatives
        self.act_new = self._action(self.new_window_requested.emit, K.New)
        self.act_open = self._action(self.open_dialog, K.Open)
        self.act_save = self._action(self.save, K.Save)
        self.act_save_as = self._action(self.save_as, K.SaveAs)
        self.act_close = self._action(self.close, K.Close)
        self.act_quit = self._action(self.app_state.quit, K.Quit)
        self.act_undo = self._action(e.undo, K.Undo)
        self.act_redo = self._action(e.redo, K.Redo)
        self.act_cut = self._action(e.cut, K.Cut)
        self.act_copy = self._action(e.copy, K.Copy)
        self.act_paste = self._action(e.paste, K.Paste)
        self.act_select_all = self._action(e.selectAll, K.SelectAll)
        self.act_find = self._action(self.find_bar.open_bar, K.Find)
        self.act_find_next = self._action(self.find_bar.find_next, K.FindNext)
        self.act_find_prev = self._action(self.find_bar.find_previous, K.FindPrevious)
        self.act_rewrite = self._action(self.rewrite_view.open_popup, QKeySequence("Ctrl+Shift+R"))
        self.act_suggest = self._action(self._toggle_suggestions, QKeySequence("Ctrl+Shift+Space"))
        self.act_suggest.setCheckable(True)
        self.act_suggest.setChecked(self.settings.suggestions_enabled)
        self.act_suggest_now = self._action(
            self.suggestions.request_now, QKeySequence("Ctrl+Space")
        )
        self.act_alt_next = self._action(lambda: alternatives.cycle(1), QKeySequence("Alt+]"))
        self.act_alt_prev = self._action(lambda: alternatives.cycle(-1), QKeySequence("Alt+["))
        self.act_alt_list = self._action(alternatives.show_list, QKeySequence("Ctrl+Return"))
        self.act_preferences = self._action(self._preferences)
        # the platform's key where it has one (none on Linux desktops), and Ctrl+, everywhere
        keys = QKeySequence.keyBindings(K.Preferences) + [QKeySequence("Ctrl+,")]
        self.act_preferences.setShortcuts(list({k.toString(): k for k in keys}.values()))
        self.act_models = self._action(self.models_requested.emit)
        self.act_use_local = self._action(self.app_state.use_local_model)
        self.act_use_local.setEnabled(False)
        self.act_welcome = self._action(self.show_welcome)
        self.act_log = self._action(self._open_log_folder)
        self.act_report = self._action(self._report_problem)
        self.act_about = self._action(self._about)
        e.undoAvailable.connect(self.act_undo.setEnabled)
        e.redoAvailable.connect(self.act_redo.setEnabled)
        e.copyAvailable.connect(self.act_cut.setEnabled)
        e.copyAvailable.connect(self.act_copy.setEnabled)
        self.act_undo.setEnabled(e.document().isUndoAvailable())
        self.act_redo.setEnabled(e.document().isRedoAvailable())
        self.act_cut.setEnabled(e.textCursor().hasSelection())
        self.act_copy.setEnabled(e.textCursor().hasSelection())

        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_save, self.act_save_as])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_close, self.act_quit])
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addActions([self.act_undo, self.act_redo])
        self.edit_menu.addSeparator()
        self.edit_menu.addActions(
            [self.act_cut, self.act_copy, self.act_paste, self.act_select_all]
        )
        self.edit_menu.addSeparator()
        self.edit_menu.addActions([self.act_find, self.act_find_next, self.act_find_prev])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_rewrite)
        self.model_menu = bar.addMenu("")
        self.model_menu.addActions([self.act_suggest, self.act_suggest_now])
        self.model_menu.addActions([self.act_alt_next, self.act_alt_prev, self.act_alt_list])
        self.model_menu.addSeparator()
        self.model_menu.addAction(self.act_preferences)
        self.model_menu.addAction(self.act_models)
        self.model_menu.addAction(self.act_use_local)
        self.help_menu = bar.addMenu("")
        self.help_menu.addActions([self.act_welcome, self.act_log, self.act_report])
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.act_about)

        self.tools = self.addToolBar("")
        self.tools.setObjectName("main-toolbar")
        self.tools.setMovable(False)
        self.tools.addActions([self.act_new, self.act_open, self.act_save])
        self.tools.addSeparator()
        self.tools.addActions([self.act_undo, self.act_redo])
        self.tools.addSeparator()
        self.tools.addAction(self.act_suggest)

    def retranslate(self) -> None:
        """Every text of the window's menus, actions and labels, in the interface's language."""
        texts = [
            (self.act_new, self.tr("&New")),
            (self.act_open, self.tr("&Open…")),
            (self.act_save, self.tr("&Save")),
            (self.act_save_as, self.tr("Save &As…")),
            (self.act_close, self.tr("&Close")),
            (self.act_quit, self.tr("&Quit")),
            (self.act_undo, self.tr("&Undo")),
            (self.act_redo, self.tr("&Redo")),
            (self.act_cut, self.tr("Cu&t")),
            (self.act_copy, self.tr("&Copy")),
            (self.act_paste, self.tr("&Paste")),
            (self.act_select_all, self.tr("Select &All")),
            (self.act_find, self.tr("&Find…")),
            (self.act_find_next, self.tr("Find &Next")),
            (self.act_find_prev, self.tr("Find Pre&vious")),
            (self.act_rewrite, self.tr("&Rewrite Selection…")),
            (self.act_suggest, self.tr("&Suggestions")),
            (self.act_suggest_now, self.tr("Suggest &Now")),
            (self.act_alt_next, self.tr("Next Alternative")),
            (self.act_alt_prev, self.tr("Previous Alternative")),
            (self.act_alt_list, self.tr("All Alternatives…")),
            (self.act_preferences, self.tr("&Settings…")),
            (self.act_models, self.tr("&Manage Models…")),
            (self.act_use_local, self.tr("Use the &Local Model")),
            (self.act_welcome, self.tr("&Welcome and Keys")),
            (self.act_log, self.tr("Open &Log Folder")),
            (self.act_report, self.tr("&Report a Problem…")),
            (self.act_about, self.tr("&About Writer")),
        ]
        for action, text in texts:
            action.setText(text)
            action.setIconText(toolbar_label(text))
        self.act_rewrite.setStatusTip(self.tr("Rewrite the selected text with the model"))
        self.act_suggest.setStatusTip(
            self.tr("Show the model's continuation as grey text while you type")
        )
        self.act_use_local.setStatusTip(
            self.tr("Stop using the server: suggestions and rewrites run on this computer again")
        )
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.tools.setWindowTitle(self.tr("Main"))
        self.alt_label.setToolTip(
            self.tr("Alternative shown (Alt+] and Alt+[ cycle, Ctrl+Enter lists)")
        )
        if self.worker.info is None and not self.load_bar.isVisible():
            self.model_label.setText(self.tr("No model"))
        self.find_bar.retranslate()
        self._update_title()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.model_label = QLabel("", self)
        self.speed_label = QLabel("", self)
        self.alt_label = QLabel("", self)
        bar.addPermanentWidget(self.alt_label)
        self.load_bar = QProgressBar(self)
        self.load_bar.setRange(0, 0)
        self.load_bar.setMaximumWidth(120)
        self.load_bar.setTextVisible(False)
        self.load_bar.hide()
        self.privacy_label = QLabel("", self)
        self.privacy_label.setObjectName("privacy")
        self.privacy_label.hide()
        self.advice_label = QLabel("", self)
        self.advice_label.setObjectName("advice")
        self.advice_label.hide()
        bar.addPermanentWidget(self.advice_label)
        bar.addPermanentWidget(self.speed_label)
        bar.addPermanentWidget(self.load_bar)
        bar.addPermanentWidget(self.privacy_label)
        bar.addPermanentWidget(self.model_label)

    # model status -------------------------------------------------------------------------
    def _on_model_loading(self, path: str) -> None:
        self.load_bar.show()
        self.model_label.setText(self.tr("Loading {0}…").format(Path(path).name))
        self.model_label.setToolTip(path)

    def _on_model_loaded(self, info) -> None:
        self.load_bar.hide()
        label = info.path.stem if info.path is not None else info.name
        self.model_label.setText(f"{label} · {info.where}")
        tip = f"{info.name}\n{info.path or info.host}\n" + self.tr(
            "context {0} tokens, opened in {1:.1f} s"
        ).format(info.n_ctx, info.load_s)
        if info.notes:
            tip += "\n" + "\n".join(info.notes)
        self.model_label.setToolTip(tip)
        self._show_where_text_goes(info.host)
        self.check_language()
        if info.host is None and info.notes:
            self.statusBar().showMessage(
                self.tr("The model runs with less GPU offload than asked:") + " " + info.notes[-1],
                15000,
            )
        elif info.notes:  # what the server cannot do, said once
            self.statusBar().showMessage(" ".join(info.notes), 15000)

    def _show_where_text_goes(self, host: str | None) -> None:
        """While a server serves the model, the status bar names the host the text goes to."""
        self.act_use_local.setEnabled(host is not None)
        if host is None:
            self.privacy_label.hide()
            return
        self.privacy_label.setText(self.tr("Text goes to {0}").format(host))
        self.privacy_label.setToolTip(
            self.tr(
                "What you write near the cursor, and what you ask to rewrite, is sent to {0} "
                "for suggestions and rewrites. Model → Use the Local Model keeps it here."
            ).format(host)
        )
        self.privacy_label.show()

    def _on_model_failed(self, message: str) -> None:
        self.load_bar.hide()
        self._show_where_text_goes(None)
        self.act_use_local.setEnabled(self.app_state.server() is not None)
        self.model_label.setText(self.tr("No model"))
        self.model_label.setToolTip(message)
        self.statusBar().showMessage(
            message + " " + self.tr("The editor works without suggestions."), 0
        )

    def _on_suggestion_finished(self, stats, what: str = "") -> None:
        if stats.ttft_s is None:
            return
        rate = stats.tokens_per_s
        text = what + self.tr("first token {0:.0f} ms").format(stats.ttft_s * 1000)
        if rate:
            text += " · " + self.tr("{0:.0f} tok/s").format(rate)
        self.speed_label.setText(text)
        tip = (
            f"{stats.reused_tokens} prompt tokens reused from the cache, "
            f"{stats.evaluated_tokens} evaluated; {stats.generated_tokens} generated"
        )
        if stats.drafted:
            tip += (
                f"; {stats.accepted} of {stats.drafted} tokens drafted from the selection "
                f"accepted, in {stats.decodes} batches"
            )
        self.speed_label.setToolTip(tip)

    def _on_rewrite_finished(self, stats) -> None:
        self._on_suggestion_finished(stats, self.tr("rewrite: "))

    def _preferences(self) -> None:
        from writer.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            dialog.apply()
            self.settings.save()
            if dialog.key_message:
                self.statusBar().showMessage(dialog.key_message, 10000)
            self.app_state.apply_appearance()
            for window in self.app_state.windows:
                window._apply_settings()
            if dialog.needs_reload:
                self.app_state.load_model()

    def _toggle_suggestions(self, checked: bool) -> None:
        self.settings.suggestions_enabled = checked
        self.settings.save()
        self.suggestions.set_enabled(checked)
        self.statusBar().showMessage(
            self.tr("Suggestions on") if checked else self.tr("Suggestions off"), 3000
        )

    # documents ----------------------------------------------------------------------------
    def text_filter(self) -> str:
        return self.tr("Text and Markdown (*.md *.markdown *.txt *.text);;All files (*)")

    def _update_title(self) -> None:
        name = self.session.display_name
        self.setWindowTitle(self.tr("{0}[*] — Writer").format(name))
        self.setWindowModified(self.session.is_modified)

    def open_file(self, path: str | Path) -> bool:
        try:
            self.session.open(path)
        except DocumentError as exc:
            QMessageBox.warning(self, "Cannot open file", str(exc))
            return False
        key = str(Path(path).absolute())
        self.settings.remember_file(key)
        pos = self.settings.cursor_positions.get(key)
        if pos is not None:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(pos, self.editor.document().characterCount() - 1))
            self.editor.setTextCursor(cursor)
            self.editor.centerCursor()
        self.settings.save()
        return True

    def open_dialog(self) -> None:
        start = str(self.session.path.parent) if self.session.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open"), start, self.text_filter())
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        if self.session.is_empty_untitled and not self.session.is_modified:
            self.open_file(path)
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

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        start = str(self.session.path or Path.home() / (self.tr("Untitled") + ".md"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save As"), start, self.text_filter())
        if not path:
            return False
        return self._save_to(path)

    def _save_to(self, path: str | None, overwrite: bool = False) -> bool:
        try:
            self.session.save(path, overwrite=overwrite)
        except ConflictError as exc:
            self.session.journal_now()
            choice = self._ask_about_conflict(exc)
            if choice == "overwrite":
                return self._save_to(path, overwrite=True)
            if choice == "save-as":
                return self.save_as()
            self.statusBar().showMessage(
                self.tr("Not saved. Your text is still here, and {0} is as the other program "
                        "left it.").format(exc.path.name if exc.path else ""),
                10000,
            )  # fmt: skip
            return False
        except DocumentError as exc:
            self.session.journal_now()  # the text is safe in the journal too, at once
            QMessageBox.critical(self, self.tr("Could not save"), str(exc))
            return False
        self._remember_cursor()
        self.statusBar().showMessage(self.tr("Saved {0}").format(self.session.path), 4000)
        return True

    def _ask_about_conflict(self, exc: ConflictError) -> str:
        """Overwrite, Save As or Cancel, when the file on disk is not the one Writer knows."""
        name = exc.path.name if exc.path else ""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        if exc.deleted:
            box.setWindowTitle(self.tr("File deleted"))
            box.setText(self.tr("{0} was deleted or moved by another program.").format(name))
            box.setInformativeText(self.tr("Save your text there again, or somewhere else?"))
            again = box.addButton(self.tr("Save There Again"), QMessageBox.ButtonRole.AcceptRole)
        else:
            box.setWindowTitle(self.tr("File changed on disk"))
            box.setText(
                self.tr("{0} was changed by another program since Writer opened it.").format(name)
            )
            box.setInformativeText(
                self.tr("Saving here replaces the other program's version with yours. Save "
                        "yours under another name instead to keep both.")
            )  # fmt: skip
            again = box.addButton(self.tr("Replace It"), QMessageBox.ButtonRole.DestructiveRole)
        again.setObjectName("overwrite")
        save_as = box.addButton(self.tr("Save As…"), QMessageBox.ButtonRole.AcceptRole)
        save_as.setObjectName("save-as")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is again:
            return "overwrite"
        if clicked is save_as:
            return "save-as"
        return "cancel"

    def _remember_cursor(self) -> None:
        if self.session.path is not None:
            key = str(self.session.path)
            self.settings.remember_file(key)
            self.settings.cursor_positions[key] = self.editor.textCursor().position()
            if len(self.settings.cursor_positions) > 200:
                for old in list(self.settings.cursor_positions)[:-200]:
                    del self.settings.cursor_positions[old]
            self.settings.save()

    def _on_changed_on_disk(self, path: str) -> None:
        if not self.session.is_modified:
            self.session.reload()
            self.statusBar().showMessage(
                self.tr("{0} was changed by another program and reloaded.").format(Path(path).name),
                8000,
            )
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("File changed on disk"))
        box.setText(self.tr("{0} was changed by another program.").format(Path(path).name))
        box.setInformativeText(
            self.tr(
                "Reload it and lose your unsaved changes here, or keep your version "
                "(saving will overwrite the other program's changes)?"
            )
        )
        reload_btn = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Keep My Version"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is reload_btn:
            self.session.reload()

    def _on_removed_on_disk(self, path: str) -> None:
        self.editor.document().setModified(True)
        self.statusBar().showMessage(
            self.tr(
                "{0} was deleted or moved by another program; "
                "your text is still here: save it to keep it."
            ).format(Path(path).name),
            0,
        )

    def maybe_save(self) -> bool:
        """Ask Save / Don't Save / Cancel for a modified document; False means cancel."""
        if not self.session.is_modified:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Save changes?"))
        box.setText(
            self.tr("Do you want to save the changes to {0}?").format(self.session.display_name)
        )
        box.setInformativeText(self.tr("Your changes will be lost if you don't save them."))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.session.journal_discard()
            self.editor.document().setModified(False)
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.suggestions.dismiss()
        self._remember_cursor()
        self.session.journal_discard()
        event.accept()
        self.closed.emit(self)

    # first run and language advice --------------------------------------------------------
    def writes_chinese(self) -> bool:
        """The interface is in Chinese, or the document is."""
        from writer.models.advice import is_chinese
        from writer.ui.i18n import CHINESE, language_for

        text = self.editor.document().toPlainText()[:4000]
        return language_for(self.settings.language) == CHINESE or is_chinese(text)

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
        self.settings.welcomed = True
        self.settings.save()

    def check_language(self) -> None:
        """While the model writes English only and the document is Chinese, the status bar
        says so and names a multilingual model that fits."""
        from writer.models.advice import is_chinese, languages_of, recommend

        info = self.worker.info
        text = self.editor.document().toPlainText()[:4000]
        languages = languages_of(info.path if info is not None else None)
        if not languages or "zh" in languages or not is_chinese(text):
            self.advice_label.hide()
            return
        advice = recommend("zh", self.settings.n_ctx, self.settings.gpu_layers() != 0)
        if advice is None:
            self.advice_label.setText(self.tr("This model writes English only"))
        else:
            self.advice_label.setText(
                self.tr("This model writes English only: try {0}").format(advice.entry.name)
            )
            self.advice_label.setToolTip(
                self.tr(
                    "The model in use was trained on English: for Chinese it answers in "
                    "English or in broken Chinese. {0} writes Chinese; {1} "
                    "(Model → Manage Models)."
                ).format(advice.entry.name, describe(advice.fit))
            )
        self.advice_label.show()

    # misc ---------------------------------------------------------------------------------
    def _open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from writer.logs import log_file

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))

    def environment(self) -> list[tuple[str, str]]:
        """Versions and folders, for About and for a problem report."""
        from PySide6 import __version__ as pyside
        from PySide6.QtCore import qVersion

        from writer.report import environment

        info = self.worker.info
        model = "none" if info is None else f"{info.name} ({info.where})"
        extra = [("Qt", f"{qVersion()} (PySide6 {pyside})"), ("Model", model)]
        return environment(self.settings.path or Settings.file(), extra)

    def _about(self) -> None:
        from html import escape

        rows = "".join(
            f"<tr><td>{escape(label)}</td><td>{escape(value)}</td></tr>"
            for label, value in self.environment()
        )
        text = self.tr(
            "A writing assistant: a language model continues and rewrites your text. "
            "With the model on this computer, nothing you write leaves it."
        )
        QMessageBox.about(
            self, self.tr("About Writer"), f"<b>Writer</b><p>{text}</p><table>{rows}</table>"
        )

    def _report_problem(self) -> None:
        """Copy versions and folders to the clipboard, for a bug report."""
        from PySide6.QtWidgets import QApplication

        from writer.report import as_text

        QApplication.clipboard().setText(as_text(self.environment()))
        self.statusBar().showMessage(
            self.tr(
                "Versions and folders are copied: paste them into your report, with what "
                "you did and what happened (the log is in Help → Open Log Folder)."
            ),
            10000,
        )

    def show_message_later(self, message: str, ms: int = 0) -> None:
        QTimer.singleShot(0, lambda: self.statusBar().showMessage(message, ms))
