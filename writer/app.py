"""Starting the editor: the window first, then the model in the background, then recovery."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from writer import paths
from writer.documents.history import LocalHistory
from writer.documents.tally import TALLY_FILE, WordTally
from writer.paths import same_file
from writer.sentences import said

if TYPE_CHECKING:
    from writer.engine.gpu import GpuLayers

_STARTED = time.perf_counter()
APP_ID = "io.github.writer.Writer"  # the desktop entry's and AppStream's name
log = logging.getLogger(__name__)


TALLY_KEEP_MS = 30_000  # the day's tally of words goes to disk at most this often (and at quit)
RETRY_FIRST_S = 5.0  # a server that could not be opened is asked again after this, then twice
RETRY_MAX_S = 60.0  # as long each time, up to this


class AppState:
    """What all windows share: settings, the network policy, the engine worker, the journal,
    the downloads, the window list, the open projects (one `ProjectSession` per folder,
    shared by that project's windows and closed with the last of them) and the words written
    each day (`tally`, writer/documents/tally.py: each window reports its document's count;
    kept on disk from the journal's thread at most every TALLY_KEEP_MS, and at quit), and the
    dictionaries and the writer's words (`spelling`, writer/ui/spelling.py).

    It follows the settings (`Settings.subscribe`): a change to one of `RELOAD_KEYS` opens the
    model again, a change of theme or language restyles and retranslates every window."""

    def __init__(self, settings, worker, journal_writer, model_override: str | None) -> None:
        from writer.downloads import DownloadManager
        from writer.network import NetworkPolicy
        from writer.ui.document_manager import JournalFailures
        from writer.ui.spelling import SpellService

        self.settings = settings
        self.network = NetworkPolicy(settings)  # read at every call: changes apply at once
        self.downloads = DownloadManager(self.network)
        self.downloads.use_requested.connect(self._use_downloaded)
        self.downloads.restore()  # those waiting at the last quit, held until Start
        self.worker = worker
        self.journal_writer = journal_writer
        self.journal_failures = JournalFailures(journal_writer)
        # each save's versions (File → Local History), written on the journal's thread
        self.history = LocalHistory(paths.state_dir() / "history", settings.keep_versions)
        self.tally_path = paths.state_dir() / TALLY_FILE
        self.tally = WordTally.read(self.tally_path)  # (its `problem`: said by run_gui)
        self.tally.subscribe(self._tally_changed)
        self.spelling = SpellService()  # (its `problem`: said by run_gui)
        self._telling_unexpected = False  # (`unexpected`: never about itself)
        self._tally_timer = None  # the next keeping of the tally (made when first needed)
        self.model_override = model_override
        # the first questions (recovery, the first run's welcome) are still to be asked: a
        # sentence for the start waits for them (MainWindow.show_message_later)
        self.asking = False
        self.gpu_override: GpuLayers | None = None
        self.server_override: tuple[str, str] | None = None  # --server URL, --server-model
        self.model_error = ""
        self.windows: list = []
        self.projects: dict[Path, object] = {}  # folder (resolved) -> its ProjectSession
        self.asked: Path | tuple[str, str] | None = None  # what load_model opened last
        # a sentence to say once a model opens (and the model it is about; None: any)
        self._after_load: tuple[str, Path | None] | None = None
        self._retry = None  # the timer that asks a server again (made when first needed)
        self._retrying: tuple[str, str] | None = None
        self._retry_s = RETRY_FIRST_S
        self._quitting = False
        self.instance = None  # the socket later Writers hand their files to (run_gui)
        self._download_stop_agreed = False  # Quit asked about the download already
        self._closing_all = False  # Quit closes the windows: the session keeps them
        # the system ends Writer (`keep_for_next_start`): the journal stays for the next start
        self.keeping = False
        self._kept_windows: list[list[str]] = []  # the windows open when it was asked to keep
        self._goes_on = None  # (`after_next_input`'s watcher while keeping)
        # while Writer ends (Quit, or the system's end), the window whose size and place are
        # kept for the next start: the first, which the next start opens there (the others a
        # step from it); the last one kept gave its place, and the windows crept down the
        # screen start after start
        self.geometry_from = None
        settings.subscribe(self._on_settings_changed)
        # loads asked of the worker, numbered: the one it opens now, and those still queued
        self._load_seq = 0
        self._running_load: int | None = None
        self._queued_loads: deque[int] = deque()
        self._retries = 0  # failures of the chosen server in a row (its retries)
        self._last_server: tuple[str, str] | None = None  # left with Use the Local Model
        worker.model_loading.connect(self._on_model_loading)
        worker.model_failed.connect(self._on_model_failed)
        worker.model_loaded.connect(self._on_model_loaded)

    def _on_settings_changed(self, change) -> None:
        if change.affects("theme", "language"):
            self.apply_appearance()
        if change.affects("model_path"):
            self.model_override = None  # the writer chose a model: --model no longer holds
        if change.affects("use_server") or (
            self.settings.use_server and change.affects("server_url", "server_model")
        ):
            # the writer chose in Settings → Server: --server no longer holds (the choice was
            # ignored, and text kept going to the command line's server)
            self.server_override = None
        if change.needs_reload():
            self.load_model()

    def _tally_changed(self, _today: int) -> None:
        from PySide6.QtCore import QTimer

        if self._tally_timer is None:
            self._tally_timer = QTimer()
            self._tally_timer.setSingleShot(True)
            self._tally_timer.setInterval(TALLY_KEEP_MS)
            self._tally_timer.timeout.connect(self.keep_tally)
        if not self._tally_timer.isActive():  # (not put off by each count: every 30 s at most)
            self._tally_timer.start()

    def keep_tally(self) -> None:
        """Write the day's tally of words, if it changed, on the journal's thread (a failure is
        logged: the counting goes on, the next keeping tries again)."""
        if self._tally_timer is not None:
            self._tally_timer.stop()
        if not self.tally.dirty:
            return
        data, path, tally = self.tally.data(), self.tally_path, self.tally

        def work() -> None:
            try:
                tally.write(path, data)
            except OSError as exc:
                tally.dirty = True
                log.warning("cannot keep the words written in %s: %s", path, exc)

        self.journal_writer.run(work)

    def model_path(self) -> Path | None:
        from writer import paths

        if self.model_override:
            return Path(self.model_override)
        if self.settings.model_path and Path(self.settings.model_path).exists():
            return Path(self.settings.model_path)
        return paths.starter_model_path()

    def server(self) -> tuple[str, str] | None:
        """The server the settings or the command line choose (URL, model), if any."""
        if self.server_override is not None:
            return self.server_override
        if self.settings.use_server and self.settings.server_url:
            return self.settings.server_url, self.settings.server_model
        return None

    def load_model(self, path: str | Path | None = None, *, say_after: str = "") -> None:
        """Open the backend that is chosen: a server, or a model file here. `say_after`: a
        sentence for the windows once that model is open."""
        self._stop_retrying()
        self._open_chosen(path, say_after)

    def _open_chosen(self, path: str | Path | None, say_after: str) -> None:
        """`load_model` without ending a server's retries (a retry calls it)."""
        self._after_load = None
        server = self.server() if path is None else None
        refused = self._refusal(server[0]) if server is not None else ""
        if refused:
            # Local only, or Offline with a server elsewhere: the model on this computer
            # writes, and says why (the editor was left without one)
            say_after = said("{0} The model on this computer writes meanwhile.", refused)
            server = None
        self.asked = server
        if server is not None:
            self.open_server(*server)
            return
        target = Path(path) if path else self.model_path()
        self.asked = target
        chosen = self.settings.model_path
        gone = bool(chosen) and not self.model_override and not Path(chosen).exists()
        if gone and not path and target is not None and not say_after:
            # (the starter took its place without a word: the status bar named the starter,
            # and nothing said where the writer's own model had gone; its folder, a Hugging
            # Face snapshot's, is in the log: in the sentence it left no room for the rest)
            log.warning("the model chosen is gone: %s", chosen)
            gone_said = said(
                "{0} is no longer on this computer: it was deleted or moved.", Path(chosen).name
            )
            say_after = said(
                "{0} The starter model writes until you choose another (Model → Manage Models).",
                gone_said,
            )
        if target is None:
            # (the command line's sentence, with pip and --model, was cut off in the status
            # bar, in English under any interface, and named a menu Writer does not have)
            self._fail(said(
                "The starter model is not installed: download it, or another model, in "
                "Model → Manage Models."
            ))
            return
        if say_after:
            self._after_load = (say_after, target)
        layers = self.gpu_override if self.gpu_override is not None else self.settings.gpu_layers()
        self._queued_loads.append(self._asked_load())
        self.worker.load_model(
            target,
            n_ctx=self.settings.n_ctx,
            n_gpu_layers=layers,
            n_threads=self.settings.n_threads or None,
        )

    def _refusal(self, url: str) -> str:
        """Why the network policy keeps Writer from the server at `url` ('' where it may go;
        an address that is none is said when it is opened)."""
        from writer.network import SERVER
        from writer.remote.client import Endpoint

        try:
            endpoint = Endpoint.parse(url)
        except ValueError:
            return ""
        return self.network.refusal(endpoint.url, SERVER)

    def _asked_load(self) -> int:
        """A number for the load about to be queued: the worker opens them in turn, and a
        failure or success belongs to the one it began last (`_on_model_loading`)."""
        self._load_seq += 1
        return self._load_seq

    def _latest(self) -> bool:
        """Whether what the worker reported is about the load asked for last."""
        return self._running_load is not None and self._running_load == self._load_seq

    def _on_model_failed(self, message: str, lasting: bool = False) -> None:
        """The model the settings chose cannot be opened (a damaged file): the starter model
        writes in its place, and the windows say why once it is open (they said "No model"
        and stayed without suggestions until the writer chose one by hand). A model named on
        the command line is not replaced: the writer asked for that one. A server is asked
        again by itself (`_retry_server`), unless asking again cannot help (a key it refuses,
        no OpenAI API there: said, and the settings are where to mend it). A failure of a
        load asked for before another changes nothing (the starter was loaded over a model
        chosen since)."""
        from writer import paths

        if self._quitting or not self._latest():
            return
        asked, starter = self.asked, paths.starter_model_path()
        if isinstance(asked, tuple):
            if lasting:
                self._stop_retrying()  # and the status bar says it, even after quiet retries
            else:
                self._retry_server(asked, message)
            return
        if (
            self.model_override
            or not isinstance(asked, Path)
            or starter is None
            or same_file(asked, starter)
            or not self.settings.model_path
            or not same_file(asked, Path(self.settings.model_path))
        ):
            return
        self.load_model(starter, say_after=said(
            "{0} The starter model writes until you choose another (Model → Manage Models).",
            message,
        ))

    def _retry_server(self, server: tuple[str, str], message: str) -> None:
        """The server chosen could not be opened (not running yet, gone): it is asked again
        by itself, after 5 s, then twice as long each time up to a minute, while it is the one
        chosen (a server down when Writer connected was never asked again). The first failure
        of a series says so; the next ones are quiet (`quiet_failure`)."""
        from PySide6.QtCore import QTimer

        if self._retry is None:
            self._retry = QTimer()
            self._retry.setSingleShot(True)
            self._retry.timeout.connect(self._server_again)
        first = self._retries == 0
        self._retries += 1
        self._retrying = server
        self._retry.start(int(self._retry_s * 1000))
        self._retry_s = min(RETRY_MAX_S, self._retry_s * 2)
        if first:
            again = said("{0} Writer asks it again by itself.", message)
            QTimer.singleShot(0, lambda: [w.show_message(again) for w in self.windows])

    @property
    def retrying(self) -> bool:
        """Whether a server that could not be opened will be asked again."""
        return self._retry is not None and self._retry.isActive()

    def quiet_failure(self) -> bool:
        """Whether the failure just reported is one of a server's retries after the first
        (said once, not again every minute over the writer's other sentences)."""
        return self._retries > 1

    def _server_again(self) -> None:
        server, self._retrying = self._retrying, None
        if server is not None and not self._quitting and self.server() == server:
            self._open_chosen(None, "")

    def _stop_retrying(self) -> None:
        if self._retry is not None:
            self._retry.stop()
        self._retrying = None
        self._retry_s = RETRY_FIRST_S
        self._retries = 0

    def _on_model_loading(self, _label: str) -> None:
        self._running_load = self._queued_loads.popleft() if self._queued_loads else None

    def _on_model_loaded(self, info) -> None:
        from PySide6.QtCore import QTimer

        if not self._latest():
            return
        retried = self._retries > 0
        self._stop_retrying()
        after, self._after_load = self._after_load, None
        sentence = ""
        if after is not None:
            text, expected = after
            if info.path is not None and same_file(info.path, expected):
                sentence = text
        elif retried and info.host is not None:
            # the sentence that it failed and is asked again stood until replaced
            sentence = said("Writer reached the server at {0}.", info.host)
        if not sentence:
            return

        def say() -> None:  # after the windows' own sentences about the load
            for window in self.windows:
                window.show_message(sentence, 0 if after is not None else 8000)

        QTimer.singleShot(0, say)

    def open_server(self, url: str, model: str = "") -> None:
        from writer.network import SERVER
        from writer.remote.backend import ServerBackend
        from writer.remote.client import Endpoint
        from writer.remote.keys import api_key

        try:
            endpoint = Endpoint.parse(url)
        except ValueError as exc:
            self._fail(str(exc))
            return
        refused = self.network.refusal(endpoint.url, SERVER)
        if refused:
            self._fail(refused)
            return
        endpoint = Endpoint(endpoint.url, api_key(endpoint.host))
        self._queued_loads.append(self._asked_load())
        self.worker.open(lambda: ServerBackend(endpoint, model or None), f"server {endpoint.host}")

    def _fail(self, message: str) -> None:
        """Nothing could be asked to open (an address that is none, a refusal): said, and
        neither asked again nor replaced."""
        self.asked = None
        self.model_error = message
        self.worker.model_failed.emit(message, True)

    def apply_appearance(self) -> None:
        """The settings' theme and language, for every window (menus change at once)."""
        from writer.ui import i18n, theme

        theme.apply(self.settings.theme)
        i18n.install(self.settings.language)

    def first_run(self) -> bool:
        """No model was ever chosen and the welcome was never shown."""
        return (
            not self.settings.welcomed
            and not self.settings.model_path
            and not self.model_override
            and self.server() is None
        )

    def use_local_model(self) -> None:
        """Back to the model on this computer (one action, from the Model menu); the server
        is remembered for Use the Server."""
        self._last_server = self.server() or self._last_server
        self.server_override = None
        if not self.settings.update(use_server=False).needs_reload():
            self.load_model()

    def server_to_return_to(self) -> tuple[str, str] | None:
        """The server Use the Server goes back to: the one left with Use the Local Model this
        session, else the one the settings name; None while a server is chosen, or none is
        known."""
        if self.server() is not None:
            return None
        if self._last_server is not None:
            return self._last_server
        if self.settings.server_url:
            return self.settings.server_url, self.settings.server_model
        return None

    def use_server_again(self) -> None:
        """Model → Use the Server: back to `server_to_return_to()` in one step (after Use the
        Local Model in a `--server` session nothing led back, and the address had to be typed
        again)."""
        server = self.server_to_return_to()
        if server is None:
            return
        if server == (self.settings.server_url, self.settings.server_model):
            self.settings.update(use_server=True)  # (the settings' listener opens it)
            if self.server() == server:
                return
        self.server_override = server
        self.load_model()

    def unexpected(self, kind, exc, trace) -> None:
        """An exception nothing caught (in a menu command's slot, say: the command then did
        nothing, without a word, its traceback on a terminal nobody sees): logged with its
        traceback, and said once in the status bar of the window in front. Writer goes on;
        the text is in the editor and the journal. Installed as `sys.excepthook` by `run_gui`."""
        log.error("unexpected error", exc_info=(kind, exc, trace))
        if self._telling_unexpected:
            return
        self._telling_unexpected = True
        try:
            from PySide6.QtCore import QCoreApplication
            from PySide6.QtWidgets import QApplication

            window = QApplication.activeWindow()
            windows = [w for w in self.windows if w is window or w.isAncestorOf(window)]
            target = windows[0] if windows else (self.windows[-1] if self.windows else None)
            if target is not None:
                what = f"{kind.__name__}: {exc}"[:160]
                target.show_message(QCoreApplication.translate(
                    "MainWindow",
                    "Something went wrong ({0}). Your text is safe; the details are in Writer's "
                    "log (Help → Open Log Folder).").format(what), 20000)  # fmt: skip
        except Exception:  # (never an error about the error)
            log.exception("telling of an unexpected error")
        finally:
            self._telling_unexpected = False

    def recovery_waiting(self) -> bool:
        """Whether unsaved documents offered after a crash wait for the writer's decision."""
        journal = self.journal_writer.journal
        return journal is not None and journal.undecided

    def follow_recovery(self) -> None:
        """File → Recover Unsaved Documents in every window: on while documents wait."""
        waiting = self.recovery_waiting()
        for window in self.windows:
            window.act_recover.setEnabled(waiting)

    def recover_unsaved(self, window) -> None:
        """File → Recover Unsaved Documents: the documents the writer left for later (and any
        of a Writer that died since), offered in the start's dialog over `window`, restored
        the same way; with none, the status bar says so."""
        from writer.documents.journal import Recovery

        journal = self.journal_writer.journal
        recovery = journal.recoverable() if journal is not None else Recovery()
        if not recovery.documents and not recovery.problems:
            window.show_message(said("No unsaved documents are waiting to be recovered."), 8000)
        offer_recovery(self, window, recovery)

    def new_window(self, file: str | None = None, project=None):
        """A new window (not yet shown), with `file` open and in `project` if given; a window
        opened from a project window belongs to that project too."""
        from writer.ui.main_window import MainWindow

        window = MainWindow(self)
        window.download_requested.connect(lambda entry: self.open_models_dialog(window, entry))
        window.new_window_requested.connect(lambda: self.new_window(project=window.project).show())
        window.open_in_new_window.connect(lambda p: self._open_in_new_window(p, window.project))
        window.models_requested.connect(lambda: self.open_models_dialog(window))
        window.closed.connect(self._window_closed)
        window.documents.display_name_changed.connect(lambda _name: self.remember_session())
        window.act_recover.setEnabled(self.recovery_waiting())
        if project is not None:
            window.set_project(project)
        for session in self.projects.values():  # (its document may be one of theirs)
            session.words.follow(window.documents, window.word_count)
        if file:
            window.open_file(file)
        if self.windows:
            last = self.windows[-1]
            window.move(last.pos() + last.rect().topLeft() + last.rect().center() / 8)
        self.windows.append(window)
        self.remember_session()
        return window

    def remember_session(self) -> None:
        """Keep the windows open now, [file, project folder] each (those with neither left
        out), for the next plain start (`reopen_last_session`); kept as they change, so that a
        Writer killed or crashed is reopened too. Not while every window is closing (a quit
        keeps the windows it closes), nor once the last one closed."""
        if self._quitting or self._closing_all or self.keeping or not self.windows:
            return
        self.settings.update(last_session=self.session_windows())

    def session_windows(self) -> list[list[str]]:
        """The windows open now, [file, project folder] each, those with neither left out."""
        session: list[list[str]] = []
        for window in self.windows:
            path = window.documents.path
            folder = window.project.folder if window.project is not None else None
            entry = [str(path) if path is not None else "", str(folder) if folder else ""]
            if any(entry) and entry not in session:
                session.append(entry)
        return session

    def _open_in_new_window(self, path: str, project=None) -> None:
        """`path` in a new window; none stays when the file cannot be opened (its sentence
        said why)."""
        window = self.new_window(project=project)
        if window.open_file(path):
            window.show()
        else:
            window.close()

    def open_folder(self, folder: str | Path, window=None, reopen: bool = True) -> str:
        """Open `folder` as a project: in `window` if it has no project yet; else the window
        showing that project comes forward, or a new window opens on it. A window that holds
        nothing yet opens the project's document last opened (`reopen_in_project`; not where
        the caller opens one itself, `reopen` False). Returns why the folder cannot be a
        project ('' when it opened); then nothing changed."""
        from writer.ui.project_session import ProjectSession, folder_problem

        problem = folder_problem(folder)
        if problem:
            return problem
        key = Path(folder).expanduser().resolve()
        session = self.projects.get(key)
        if session is None:
            session = self.projects[key] = ProjectSession(key, settings=self.settings)
        self.settings.remember_folder(str(key))
        if window is not None and window.project is None:
            window.set_project(session)
            if reopen:
                self.reopen_in_project(window)
            self.remember_session()
            return ""
        shown = next((w for w in self.windows if w.project is session), None)
        if shown is not None:
            shown.bring_forward()
        else:
            window = self.new_window(project=session)
            window.show()
            self.reopen_in_project(window)
        return ""

    def reopen_in_project(self, window) -> None:
        """In `window`, a project's window that holds nothing yet, the project's document
        opened last (the recent files'), as VS Code opens a folder with the editors it had:
        `writer ~/book` and File → Open Folder showed an empty Untitled, and the chapter of
        yesterday had to be found again. Nothing where none is there any more, or where
        another window shows it."""
        from writer.project.project import listed_place

        documents = window.documents
        if not documents.is_empty_untitled or documents.is_modified:
            return
        for file in self.settings.recent_files:
            # (one the Project panel lists: not in a hidden folder, nor deeper than it looks)
            if (listed_place(file, window.project.folder) is not None and Path(file).is_file()
                    and self.window_showing(file) is None):  # fmt: skip
                window.open_file(file)
                return

    def open_targets(self, targets: list[str], forward: bool = True) -> None:
        """What a later `writer …` handed over (writer/instance.py), or the command line's
        files after the first: each file or folder in a window, one a window shows already
        (the same file, the same project) by bringing that window forward; nothing named, a
        new window. Nothing while quitting (the windows are going)."""
        if self._quitting:
            return
        if not targets:
            targets_shown = [self.new_window()]
        else:
            targets_shown = []
            for target in targets:
                if Path(target).is_dir() and not self.open_folder(target):
                    continue  # its project's window came forward, or one opened on it
                shown = self.window_showing(target)
                if shown is None:  # (a folder that cannot be a project says so in one)
                    shown = first_window(self, target)
                targets_shown.append(shown)
        for window in targets_shown:
            window.show()
            if forward:
                window.bring_forward()

    def window_showing(self, path: str | Path):
        """The window whose document is the file `path`, if one is."""
        for window in self.windows:
            if window.documents.path is not None and same_file(window.documents.path, Path(path)):
                return window
        return None

    def open_models_dialog(self, parent, download: str = "") -> None:
        """Model → Manage Models; with `download`, that catalog model is selected and its
        download started."""
        from writer.ui.models_dialog import ModelsDialog

        dialog = ModelsDialog(self.settings, self.downloads, parent)
        dialog.model_chosen.connect(self._model_chosen)
        dialog.model_deleted.connect(self._model_deleted)
        if download and dialog.select_catalog(download):
            dialog.download_catalog_entry()
        dialog.exec()
        dialog.deleteLater()  # the download it started goes on: the manager owns it

    def _use_downloaded(self, path: str) -> None:
        """Use a model whose download finished (from a status bar's Use button)."""
        from writer.models import store
        from writer.models.errors import ModelsError

        try:
            store.use_file(path, self.settings)
        except ModelsError as exc:
            for window in self.windows:
                window.show_message(str(exc), 15000)
            return
        self._model_chosen(path)

    def _model_deleted(self, path: str, was_active: bool) -> None:
        # the store has forgotten it in the settings, which opened the next model already,
        # unless the deleted one was in use through --model
        if was_active and self.asked == Path(path):
            self.load_model()

    def _model_chosen(self, path: str) -> None:
        # the store has saved the choice in the settings, which opened it, unless it was the
        # model already chosen there (while --model or a server was in use)
        self.model_override = None
        if self.asked != Path(path):
            self.load_model(path)

    def _window_closed(self, window) -> None:
        if window in self.windows:
            self.windows.remove(window)
        # Its connections hold it (a lambda that names the window, connected to the window's
        # own signal, is out of Python's collector's sight): without this every closed window
        # stayed, its widgets and document included. Exports asked for are written, and their
        # end said, first.
        if window.exporter.busy:
            window.exporter.idle.connect(window.deleteLater)
        else:
            window.deleteLater()
        self.remember_session()  # (the last window's close keeps it: the session is its)
        project = window.project
        if project is not None and not any(w.project is project for w in self.windows):
            self.projects.pop(project.folder, None)
            project.close()
        if not self.windows:
            self.shutdown()

    def may_close(self, window) -> bool:
        """Whether `window` may close: closing the last window quits, which stops a running
        download, so the writer is told that and may stay (its partial file is kept, and it and
        the queue behind it are offered again at the next start)."""
        if (
            self._quitting
            or self._download_stop_agreed
            or self.windows != [window]
            or not self.downloads.busy
        ):
            return True
        from writer.ui.downloads import quit_stops_download

        window.bring_forward()
        return quit_stops_download(window, self.downloads.current, len(self.downloads.queue))

    def quit(self) -> None:
        """Close every window (each asks about its unsaved document), then stop. A running
        download is asked about once, first, over the front window (it was asked at the last
        window, after the others had closed, so that Cancel kept only that one)."""
        if self.downloads.busy and self.windows:
            from PySide6.QtWidgets import QApplication

            from writer.ui.downloads import quit_stops_download

            active = QApplication.activeWindow()
            # over the window the writer pressed Ctrl+Q in (it came over the newest one)
            front = active if active in self.windows else self.windows[-1]
            front.bring_forward()
            if not quit_stops_download(front, self.downloads.current,
                                       len(self.downloads.queue)):
                return
            self._download_stop_agreed = True
        try:
            self._closing_all = True
            self.geometry_from = self.windows[0] if self.windows else None
            for window in list(self.windows):
                if not window.close():
                    return  # the user cancelled
            self.shutdown()
        finally:
            self._download_stop_agreed = False
            self._closing_all = False
            self.geometry_from = None
            self.remember_session()  # (a cancelled quit left some closed)

    def keep_for_next_start(self) -> None:
        """The system ends Writer (SIGTERM at logout or shutdown, SIGHUP, the session's end):
        each window's unsaved text goes to the journal now and the windows open stay the
        session's, and `shutdown` keeps the journal for the next start, which restores the
        documents without a question (a crash's are asked about). Nothing is asked here: the
        system does not wait for answers. Asked again (a cancelled logout, then SIGTERM, the
        writer not back in Writer meanwhile), it keeps again: a rewrite may have written on,
        a `writer FILE` may have opened a window."""
        if self._quitting:
            return
        if self.journal_writer.journal is None:
            # (it could not be made at the start: nothing would be kept, and the windows
            # closed unasked lost their text; they ask, as before)
            log.warning("the session ends, but there is no journal to keep documents in")
            return
        self.remember_session()
        self.geometry_from = self.windows[0] if self.windows else None
        # (its own: another Writer ended beside it writes the settings' last session too;
        # asked again, those the session's end closed since stay named)
        kept = self._kept_windows if self.keeping else []
        self._kept_windows = kept + [w for w in self.session_windows() if w not in kept]
        for window in self.windows:
            window.keep_for_next_start()
        if self.keeping:
            return
        self.keeping = True
        # a session end cancelled (logout's Cancel) is told to no program: without a word
        # from the writer, Writer stayed kept and no later close asked about its document
        self._goes_on = after_next_input(self.go_on)

    def go_on(self) -> None:
        """The writer pressed a key or clicked in Writer after the session's end asked it to
        keep everything (`keep_for_next_start`), or closed a window with the window manager's
        button (no input of Qt's): the session goes on, as no logout is typed into, and
        closes ask about unsaved documents again."""
        watcher, self._goes_on = self._goes_on, None
        if watcher is not None:
            watcher.stop()
        if self._quitting or not self.keeping:
            return
        log.info("the session goes on: closing a window asks about its document again")
        self.keeping = False
        self.geometry_from = None
        self.remember_session()

    def end_politely(self) -> None:
        """SIGTERM or SIGHUP (`end_politely_on_signals`): keep everything for the next start,
        then stop without closing a window (closing one asks about its document)."""
        if self._quitting:
            return
        if self.journal_writer.journal is None:  # (nowhere to keep them: Quit's questions)
            log.warning("ended by the system with no journal: quitting, asking first")
            self.quit()
            return
        log.info("ended by the system: unsaved documents kept for the next start")
        self.keep_for_next_start()
        self.shutdown()

    def shutdown(self) -> None:
        from PySide6.QtWidgets import QApplication

        if self._quitting:
            return
        self._quitting = True
        journal = self.journal_writer.journal
        # first: the system kills what it ends a few seconds later, and the engine's thread
        # may take 10 s to stop (the tally then is written here, not on the thread); the mark
        # goes on after the last snapshot, on the journal's thread, else the next start asks
        if self.keeping and not self.journal_writer.keep_for_next_start(self._kept_windows):
            log.warning("the journal is still being written: it is marked as ended politely "
                        "only if that finishes before the end")  # fmt: skip
        if self.instance is not None:
            self.instance.close()  # a later Writer starts by itself, not into this one
        self.downloads.shutdown()
        self.worker.stop()
        self.keep_tally()
        self.spelling.wait()  # (a word just added to the personal dictionary, written)
        self.journal_writer.flush_and_stop()
        if journal is not None and not self.keeping:
            journal.close()
        if self.keeping:
            QApplication.instance().exit(0)  # (quit() closes the windows: each would ask)
        else:
            QApplication.instance().quit()


def offer_recovery(state: AppState, first_window, recovery=None) -> None:
    """Offer back the documents a crashed or killed Writer left unsaved (`recovery`: those
    File → Recover Unsaved Documents found; None: the start's look in the journal). A document
    restored goes to the window showing its file, else to `first_window` if that holds nothing
    yet and is not another project's, else (an untitled one) to another window that holds
    nothing yet (the session's restored project window: it went to a new window outside the
    project, the empty one left beside it), else to a new window, of the project its file is
    in if one is open."""
    journal = state.journal_writer.journal
    if journal is None:
        return
    if recovery is None:
        recovery = journal.orphans()
    try:
        _offer(state, first_window, journal, recovery)
    finally:
        state.follow_recovery()


def _holds(window, path: str | None, project) -> bool:
    """Whether a recovered document of `path` (of `project`, for an untitled one) may go to
    `window`: not into another project's window (the model would take that project's notes
    and documents for its memory, and the Project panel would list another folder's files
    beside it)."""
    if path is not None:
        return window.project is None or window.project.contains(path)
    return project is None or window.project in (None, project)


def _project_of(state: AppState, doc):
    """The project a recovered document goes back to: for a file, the open project that holds
    it, else the project whose window showed it where that holds it; for an untitled draft,
    the project whose window showed it. One not open is opened again (a folder gone since:
    none). (A chapter of a project not open at the restart came back in a window of its own,
    and the model wrote on without the project's notes.)"""
    if doc.path:
        held = next((p for p in state.projects.values() if p.contains(doc.path)), None)
        if held is not None:
            return held
    if not doc.project:
        return None
    from writer.project.project import place_in
    from writer.ui.project_session import ProjectSession, folder_problem

    if folder_problem(doc.project):
        return None
    key = Path(doc.project).expanduser().resolve()
    if doc.path and place_in(Path(doc.path).absolute(), key) is None:
        return None  # (a file the project's window showed from outside its folder)
    session = state.projects.get(key)
    if session is None:
        session = state.projects[key] = ProjectSession(key, settings=state.settings)
    return session


def _offer(state: AppState, first_window, journal, recovery) -> None:
    for problem in recovery.problems:
        first_window.show_message_later(problem, 15000)
    kept = [doc for doc in recovery.documents if doc.polite]
    asked = [doc for doc in recovery.documents if not doc.polite]
    if kept:
        _restore_kept(state, first_window, journal, kept)
    if not asked:
        return
    from writer.ui.recovery_dialog import RecoveryDialog

    dialog = RecoveryDialog(asked, first_window)
    if not dialog.exec():
        # "Later": offered again by File → Recover Unsaved Documents, or the next start; the
        # window says so (it closed without a word, the file shown as saved)
        from PySide6.QtCore import QCoreApplication

        first_window.show_message_later(
            QCoreApplication.translate(
                "MainWindow",
                "Unsaved text kept for later ({0}): File → Recover Unsaved Documents offers "
                "it again, as does the next start.",
            ).format(", ".join(doc.name for doc in asked)),
            30000,
        )
        return
    for doc, restore in dialog.choices():
        if not restore:
            doc.discard()
            continue
        _restore(state, first_window, journal, doc)


def _restore_kept(state: AppState, first_window, journal, kept) -> None:
    """The documents a Writer the system ended left unsaved ("hot exit"): back in their
    windows without a question, still unsaved, each window saying so once."""
    from PySide6.QtCore import QCoreApplication

    names: dict[object, list[str]] = {}
    for doc in reversed(kept):  # (oldest first: the newest ends in front)
        names.setdefault(_restore(state, first_window, journal, doc), []).append(doc.name)
    for window, restored in names.items():
        window.show_message_later(QCoreApplication.translate(
            "MainWindow", "Unsaved text from when Writer was last ended is back, not saved "
            "yet: {0}.").format(", ".join(restored)), 20000)  # fmt: skip


def _restore(state: AppState, first_window, journal, doc):
    """Restore one recovered document into the window it belongs in; returns that window."""
    shown = state.window_showing(doc.path) if doc.path else None
    project = _project_of(state, doc)
    if shown is not None and not shown.documents.is_modified:
        # the file opened by name (`writer story.md`) holds its recovered text: a second
        # window on the same file took the first one's saves for another program's
        target = shown
    elif first_window.documents.is_empty_untitled and _holds(first_window, doc.path, project):
        target = first_window
    else:
        empty = [w for w in state.windows if w.documents.is_empty_untitled
                 and _holds(w, doc.path, project)]  # fmt: skip
        if doc.path is None and empty:
            # (the project's own empty window first: the session's restored one)
            target = next((w for w in empty if w.project is project), empty[0])
        else:
            target = state.new_window(project=project)
    if project is not None and target.project is None:
        target.set_project(project)  # a draft of a project goes back into it
        state.remember_session()
    target.documents.restore(doc.text, doc.path, doc.cursor, doc.format, doc.signature)
    journal.adopt(doc, target.documents.doc_id)
    target.show()
    if shown is not None and shown is not target:
        # (File → Recover Unsaved Documents while the file is open with other edits: both
        # kept, each window saying so; a save of one asks before replacing the other's)
        from PySide6.QtCore import QCoreApplication

        both = QCoreApplication.translate(
            "MainWindow",
            "{0} is open in two windows: the recovered draft in one, other unsaved changes "
            "in the other. Saving one, the other asks before replacing it.",
        ).format(Path(doc.path).name)
        for window in (target, shown):
            window.show_message_later(both, 20000)
    return target


def first_questions(state: AppState, first_window) -> None:
    """The recovery of unsaved documents, then (on a first run) the welcome: one modal dialog
    after the other, never one inside the other's event loop (the recovery's answer would wait
    for the welcome to close)."""
    try:
        offer_recovery(state, first_window)
        if state.first_run() and first_window.isVisible():
            first_window.show_welcome()
    finally:
        state.asking = False


def first_window(state: AppState, target: str | None):
    """The window the command line asks for: `writer FILE` opens the file, `writer DIR`
    the folder as a project (a folder that cannot be one is said in the status bar)."""
    if target and Path(target).is_dir():
        window = state.new_window()
        problem = state.open_folder(target, window)
        if problem:
            window.show_message_later(problem, 15000)
        return window
    if target and is_new_text_file(target):
        window = state.new_window()
        window.documents.start_new(target)
        from PySide6.QtCore import QCoreApplication

        new_file = QCoreApplication.translate(
            "MainWindow", "New file: {0} is created when you save."
        )
        window.show_message_later(new_file.format(Path(target).name), 10000)
        return window
    window = state.new_window()
    if target:
        window.show()  # first: a file that cannot be opened is said over its window
        window.open_file(target)
    return window


def command_line_windows(state: AppState, files: list[str]):
    """The windows the command line asks for: the first file's (or an empty one), then one
    for each other file, a file named twice once; returns the first. (A plain `writer`
    opened a second, empty window when "the other files" were none.) After the system ended
    Writer, its windows come back first, `writer FILE` too, the files in front of them;
    then the first of those is returned."""
    journal = state.journal_writer.journal
    # (Writers the system ended come back as they were, whatever the setting: each one's
    # windows, the settings' last session being only the last one's; a Writer of before
    # named none in its mark, and kept them in the settings only; with the setting on, the
    # settings' last session too: a Writer that quit after one was ended kept its own there)
    kept = journal.politely_ended_windows() if journal is not None else None
    reopen_last = not files and state.settings.reopen_last
    window, gone = None, []
    if kept is not None or reopen_last:
        session = list(kept or [])
        if reopen_last or not session:
            session += [w for w in state.settings.last_session if w not in session]
        if not files:
            reopened = reopen_last_session(state, session)
            if reopened is not None:
                return reopened
        else:
            # (`writer FILE` after the system ended Writer: its windows come back as at a
            # plain start, the files in front of them; this start takes their sessions, and
            # the windows of saved files were gone for good)
            window, gone = _reopen_windows(state, session)
    if window is not None:
        state.open_targets(files)
    else:
        window = first_window(state, files[0] if files else None)
        if files[1:]:
            state.open_targets(files[1:], forward=False)
    if gone:
        window.show_message_later(_gone_sentence(gone), 15000)
    return window


MAX_SESSION = 20  # windows a plain start opens again, at most


def reopen_last_session(state: AppState, session: list[list[str]]):
    """At a plain start (`writer` with no file), the windows open when Writer last quit (or
    was killed or ended): `session`, [file, project folder] each: each one's project folder
    and document, the cursor where it was (the settings keep each file's place). A file or
    folder no longer there is named in the first window's status bar, in the empty window a
    plain start opens where none is left. Returns the first window, or None when the last
    session had none (then the start opens an empty window as before)."""
    first, gone = _reopen_windows(state, session)
    if first is None and gone:  # (every one gone: said all the same)
        first = state.new_window()
    if first is not None and gone:
        first.show_message_later(_gone_sentence(gone), 15000)
    return first


def _reopen_windows(state: AppState, session: list[list[str]]):
    """`reopen_last_session`'s windows: the first one opened (None: none) and the names of
    the files and folders no longer there."""
    first = None
    gone: list[str] = []
    # (a copy: each window opened changes it; at most MAX_SESSION, whatever the file holds)
    for file, folder in list(session)[:MAX_SESSION]:
        if file and state.window_showing(file) is not None:
            continue
        has_folder = bool(folder) and Path(folder).is_dir()
        has_file = bool(file) and Path(file).is_file()
        gone += [Path(p).name for p, there in ((file, has_file), (folder, has_folder))
                 if p and not there]  # fmt: skip
        if not has_folder and not has_file:
            continue
        window = state.new_window()
        window.show()
        refused = state.open_folder(folder, window, reopen=False) if has_folder else ""
        if refused:  # (no longer a folder Writer can open: why, in its own words)
            window.show_message_later(refused, 15000)
        if has_file and not window.open_file(file):
            gone.append(Path(file).name)
        first = first or window
    return first, gone


def _gone_sentence(gone: list[str]) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "MainWindow", "Not reopened from the last session, no longer there: {0}"
    ).format(", ".join(gone))


def is_new_text_file(target: str) -> bool:
    """A name of a text file that does not exist yet, in a folder that does."""
    from writer.project.project import DOCUMENT_SUFFIXES

    path = Path(target).expanduser()
    return not path.exists() and path.parent.is_dir() and path.suffix.lower() in DOCUMENT_SUFFIXES


def after_next_input(then: Callable[[], None]):
    """Call `then` once, at the writer's next key or click in any of Writer's windows (not at
    Writer's own events); returns the watcher (`stop` lets it go unused)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    kinds = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)

    class Watcher(QObject):
        def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt's name)
            if event.type() in kinds and event.spontaneous():
                self.stop()
                then()
            return False

        def stop(self) -> None:
            app.removeEventFilter(self)
            self.deleteLater()

    watcher = Watcher(app)
    app.installEventFilter(watcher)
    return watcher


class Deferred:
    """A call that may come before there is anything to call (`end_politely_on_signals`'s
    end while Writer starts): held, and made once `to` names what to call, in Qt's loop."""

    def __init__(self) -> None:
        self._then: Callable[[], None] | None = None
        self._called = False

    def __call__(self) -> None:
        if self._then is None:
            self._called = True
        else:
            self._then()

    def to(self, then: Callable[[], None]) -> None:
        from PySide6.QtCore import QTimer

        self._then = then
        if self._called:
            QTimer.singleShot(0, then)


def end_politely_on_signals(app, end) -> Callable[[], None]:
    """SIGTERM (logout, shutdown, `kill`) and SIGHUP (its terminal closed) call `end` in Qt's
    event loop instead of killing Writer. Python runs its handler only when it runs Python, and
    Qt's loop may sleep: the C handler's byte on a socket (`signal.set_wakeup_fd`) wakes it
    through a QSocketNotifier, whose slot lets the handler run. Returns the undoing (the
    handlers and wakeup before). Where there are no such signals (Windows), nothing."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    if not hasattr(signal, "SIGHUP"):
        return lambda: None
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        with suppress(OSError):
            reader.recv(64)

    notifier.activated.connect(woken)
    before_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    # (a signal ignored at the start stays ignored: `nohup writer &` outlives its terminal)
    caught = [sig for sig in (signal.SIGTERM, signal.SIGHUP)
              if signal.getsignal(sig) is not signal.SIG_IGN]  # fmt: skip
    before = {sig: signal.signal(sig, lambda _n, _f: QTimer.singleShot(0, end))
              for sig in caught}  # fmt: skip

    def undo() -> None:
        for sig, handler in before.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(before_fd)
        notifier.setEnabled(False)
        reader.close()
        writer.close()

    return undo


def hand_clipboard_to_qt() -> None:
    """At the quit, what the writer copied in Writer stays on the clipboard as Qt's own text:
    the copy's data was made in Python (`Editor.createMimeDataFromSelection`, which keeps its
    no-break spaces), the clipboard keeps it past the end, and Qt's clean-up at exit freed it
    after Python had finished: a crash at every quit after a copy (exit status 139)."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    clipboard = QApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and shiboken6.createdByPython(data):  # (Writer's own copy)
        clipboard.setText(clipboard.text())


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from writer.logs import setup_logging

    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # first (a logout's SIGTERM may come while Writer starts: it ends politely too, once
    # there is a state to end, not killed with the windows it was reopening)
    end = Deferred()
    undo_signals = end_politely_on_signals(app, end)
    try:
        return _start(app, args, end)
    finally:
        undo_signals()
        from writer import tasks

        tasks.let_go_at_quit()  # (results never delivered: let go here, not in Python's end)


def _start(app, args: argparse.Namespace, end: Deferred) -> int:
    """`run_gui` once the signals that end Writer are caught: the windows, then Qt's loop."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon

    from writer import __version__, paths
    from writer.documents import Journal, JournalError
    from writer.documents.journal_writer import JournalWriter
    from writer.models.catalog import resources_dir
    from writer.settings import Settings
    from writer.ui.collector import collect_on_main_thread
    from writer.worker import EngineWorker

    collect_on_main_thread(app)  # (cycles of Qt objects freed on their own thread only)
    from writer.instance import SILENT, TAKEN, InstanceServer, hand_off, server_name

    name = server_name(paths.state_dir())
    files = list(getattr(args, "files", None) or ([args.file] if args.file else []))
    plain = args.model is None and args.server is None and args.gpu_layers is None
    if plain:
        handed = hand_off(name, files)
        if handed == TAKEN:
            # a second Writer loaded the model again and could edit the same file
            print("writer: opened in the Writer that is already running", file=sys.stderr)
            return 0
        if handed == SILENT:
            print("writer: a Writer is running but does not answer; this one starts beside "
                  "it", file=sys.stderr)  # fmt: skip
    instance = InstanceServer(name)  # (beside a live one, it leaves that one's socket be)
    app.setApplicationName("Writer")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = resources_dir() / "icons" / f"{APP_ID}.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    app.setQuitOnLastWindowClosed(False)
    settings = Settings.load()
    journal_problem = ""
    try:
        journal = Journal(paths.state_dir() / "journal")
    except JournalError as exc:
        journal, journal_problem = None, str(exc)
    worker = EngineWorker()
    state = AppState(settings, worker, JournalWriter(journal), args.model)
    state.apply_appearance()
    state.gpu_override = args.gpu_layers
    if args.server:
        state.server_override = (args.server, args.server_model or "")
    app.aboutToQuit.connect(state.shutdown)
    # the session's end (Windows, X11's session manager): everything kept for the next start
    app.commitDataRequest.connect(lambda _manager: state.keep_for_next_start())
    app.aboutToQuit.connect(hand_clipboard_to_qt)
    sys.excepthook = state.unexpected  # (a slot's error: logged and said, not lost on stderr)
    instance.open_requested.connect(state.open_targets)
    state.instance = instance
    window = command_line_windows(state, files)
    for problem in [*settings.problems, state.tally.problem, state.spelling.problem]:
        if problem:
            window.show_message_later(problem, 15000)
    window.show()
    log.info("window shown %.3f s after start", time.perf_counter() - _STARTED)
    if os.environ.get("WRITER_REPORT_SHOWN"):  # for `writer bench`'s startup_window_s
        QTimer.singleShot(0, lambda: print("writer: window shown", flush=True))
    if journal_problem:
        window.show_message_later(journal_problem + " Recovery after a crash is off.")
    worker.start()
    QTimer.singleShot(0, state.load_model)
    state.asking = True
    QTimer.singleShot(50, lambda: first_questions(state, window))
    app._writer_state = state  # keep alive; tests reach the windows through it
    app._writer_instance = instance
    end.to(state.end_politely)  # (a signal since the start: its end comes first in the loop)
    return app.exec()
