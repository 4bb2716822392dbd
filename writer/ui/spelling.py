"""Spell checking in the windows: the application's dictionaries and the writer's words
(`SpellService`), and each window's choice of a dictionary for its document (`WindowSpelling`).

`SpellService` is one object for the application. It finds the dictionaries on this computer
(writer/documents/spelling.py `find_dictionaries`: Writer's data folder first), loads each one
asked for once, in a thread of its own (`TaskHandle`: the window's thread never reads a
dictionary nor builds its `Speller`; `loaded` or `failed` says when it is over), and owns
`Words`: the personal dictionary (read at start, written on a thread at each word added, one
write at a time, and what is still owed at quit by `wait`; what could not be read is said in
`problem`), the words ignored this session and the names the open projects' notes
know (a character called Ysolde in the lore is no misspelling). A word added or ignored emits
`words_changed`, and every window checks its text again at once.

`WindowSpelling` decides which dictionary checks its window's document: the one chosen in
Settings, or, for "Automatic", the dictionary of the document's language (writer.models.advice
`language_of`, read again when the text is loaded and a little after typing pauses; a text too
short to tell is taken to be in the system's language, else English). Chinese, Japanese and
Korean are never checked. A language without a dictionary here is said once a session in the
status bar (what to install, or where to put the files), not at each key, and only of a text
long enough to tell its language (TOLD_WORDS: not of each new empty window). A writer whose
system asks for a variety with no dictionary here (en_GB, where only en_US is installed) is told
once which dictionary checks the text instead, and what to install ("grey" and "colour" were
marked wrong without a word of why). Settings' `spell_check` turns it all off and on (Edit →
Check Spelling).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from writer import paths
from writer.documents import hunspell, spelling
from writer.documents.hunspell import DictionaryError
from writer.documents.spelling import Speller, Words
from writer.models.advice import language_of
from writer.settings import Change, Settings
from writer.tasks import TaskHandle
from writer.ui.i18n import language_name

log = logging.getLogger(__name__)

DICTIONARIES = "dictionaries"  # the folder of Writer's data folder where added ones are found
DETECT_MS = 1500  # the document's language is read again this long after typing pauses
TOLD_WORDS = 20  # a text of fewer words, not told to be in another language, is of no language
_WORD = re.compile(r"\w+")
FOLDERS_VARIABLE = "WRITER_DICTIONARY_FOLDERS"  # the system's folders, replaced (os.pathsep)


def own_folder() -> Path:
    """Where the writer puts dictionaries of their own (`NAME.aff` and `NAME.dic`)."""
    return paths.data_dir() / DICTIONARIES


def folders() -> list[Path]:
    """Where dictionaries are looked for: Writer's own folder, then the system's (or those
    FOLDERS_VARIABLE names, none where it is empty)."""
    chosen = os.environ.get(FOLDERS_VARIABLE)
    system = (
        [Path(p) for p in chosen.split(os.pathsep) if p]
        if chosen is not None
        else spelling.system_folders()
    )
    return [own_folder(), *system]


class SpellService(QObject):
    """The dictionaries and the writer's words, for every window (see the module)."""

    loaded = Signal(str)  # a dictionary's name: its speller is ready
    failed = Signal(str, str)  # a dictionary's name, and why it cannot be used (a sentence)
    words_changed = Signal()
    message = Signal(str)  # a sentence for the status bar (a personal word not kept)

    def __init__(self, personal: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.personal_path = personal or paths.data_dir() / spelling.PERSONAL_FILE
        personal = spelling.read_personal(self.personal_path)
        self.problem = personal.problem
        self.words = Words(personal.words)
        # a file that could not be read nor set aside is never written over (its words lost)
        self._kept_apart = personal.kept_apart
        self._found: dict[str, tuple[Path, Path]] | None = None
        self._spellers: dict[str, Speller] = {}
        self._loading: dict[str, TaskHandle] = {}
        self._failed: dict[str, str] = {}
        # the languages said to have no dictionary here, and the varieties (en_GB) checked
        # with another's
        self.said: set[str] = set()
        self._names: dict[str, set[str]] = {}  # each project's names (`set_names`)
        self._writing: TaskHandle | None = None
        self._write_again = False

    # dictionaries -------------------------------------------------------------------------
    def available(self) -> dict[str, tuple[Path, Path]]:
        """The dictionaries found, by name (looked for once: `look_again` looks again)."""
        if self._found is None:
            self._found = spelling.find_dictionaries(folders())
        return self._found

    def choices(self) -> list[str]:
        """The names to choose a dictionary among: one for each pair of files (`spelling.
        distinct_names`: names that are links to the same files are one choice)."""
        return spelling.distinct_names(self.available())

    def look_again(self) -> None:
        self._found = None

    def speller(self, name: str) -> Speller | None:
        """The speller of the dictionary `name` if it is loaded; else its load starts (once)
        and `loaded` or `failed` says when it is over."""
        found = self._spellers.get(name)
        if found is not None or name in self._loading or name in self._failed:
            return found
        files = self.available().get(name)
        if files is None:
            return None
        words = self.words
        handle = TaskHandle(lambda _h: Speller(hunspell.load(*files), words),
                            f"dictionary-{name}", expected=(DictionaryError,))  # fmt: skip
        handle.finished.connect(lambda s: self._on_loaded(name, s))
        handle.failed.connect(lambda m: self._on_failed(name, m))
        self._loading[name] = handle
        handle.start()
        return None

    def failure(self, name: str) -> str:
        """Why the dictionary `name` cannot be used ('' where it can, as far as known)."""
        return self._failed.get(name, "")

    def _on_loaded(self, name: str, speller: Speller) -> None:
        self._loading.pop(name, None)
        self._spellers[name] = speller
        self.loaded.emit(name)

    def _on_failed(self, name: str, sentence: str) -> None:
        self._loading.pop(name, None)
        self._failed[name] = sentence
        log.warning("dictionary %s: %s", name, sentence)
        self.failed.emit(name, sentence)

    # the writer's words -------------------------------------------------------------------
    def add(self, word: str) -> None:
        """Add `word` to the personal dictionary, kept on disk (on a thread of its own)."""
        if word in self.words.personal:
            return
        self.words.add(word)
        self.words_changed.emit()
        self._keep()

    def ignore(self, word: str) -> None:
        """Take `word` as right in every window until Writer quits."""
        self.words.ignore(word)
        self.words_changed.emit()

    def set_names(self, project: str, names: set[str]) -> None:
        """The names the project in the folder `project` knows (its notes' lore entries'),
        right in every window (those of every project open this session)."""
        self._names[project] = names
        before = self.words.generation
        self.words.set_names(set().union(*self._names.values()))
        if self.words.generation != before:
            self.words_changed.emit()

    def _keep(self) -> None:
        if self._kept_apart:
            self.message.emit(
                self.tr("Your personal dictionary could not be read, so it is not written over: "
                        "the words added are kept until Writer quits.")  # fmt: skip
            )
            return
        if self._writing is not None:  # (one write at a time: the next one after it)
            self._write_again = True
            return
        data, path = self.words.data(), self.personal_path
        handle = TaskHandle(lambda _h: spelling.write_personal(path, data), "personal-words",
                            expected=(OSError,))  # fmt: skip
        handle.finished.connect(self._kept)
        handle.failed.connect(self._not_kept)
        self._writing = handle
        handle.start()

    def _kept(self, _result: object = None) -> None:
        self._writing = None
        if self._write_again:
            self._write_again = False
            self._keep()

    def _not_kept(self, reason: str) -> None:
        self._kept()
        self.message.emit(
            self.tr("The personal dictionary could not be saved ({0}): the words added are "
                    "kept until Writer quits.").format(reason)  # fmt: skip
        )

    def wait(self, seconds: float = 5.0) -> bool:
        """Block until the personal dictionary is written (at quit, and for tests): the write
        in flight is joined, and a write still owed after it (words added meanwhile, whose
        turn would come on the event loop, which does not turn after quit) is made here."""
        handle = self._writing
        if handle is not None and not handle.wait(seconds):
            return False
        if not self._write_again:
            return True
        self._write_again = False
        try:
            spelling.write_personal(self.personal_path, self.words.data())
        except OSError as exc:
            log.warning("the personal dictionary %s cannot be saved: %s", self.personal_path, exc)
            return False
        return True


class WindowSpelling(QObject):
    """One window's spelling: which dictionary checks its editor (see the module)."""

    def __init__(self, window, service: SpellService, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor
        self.service = service
        self.settings = settings
        self.language = ""  # the document's, as last read
        self.told = False  # whether the text was long enough to tell it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DETECT_MS)
        self._timer.timeout.connect(self.refresh)
        self.editor.word_added.connect(service.add)
        self.editor.word_ignored.connect(service.ignore)
        self.editor.document().contentsChanged.connect(self._typed)
        service.words_changed.connect(self.editor.respell)
        service.loaded.connect(self._loaded)
        service.failed.connect(self._failed)
        service.message.connect(self._say)
        settings.subscribe(self._settings_changed)

    def close(self) -> None:
        """The window closes: nothing more is followed."""
        self._timer.stop()
        self.settings.unsubscribe(self._settings_changed)
        for signal, slot in (
            (self.service.words_changed, self.editor.respell),
            (self.service.loaded, self._loaded),
            (self.service.failed, self._failed),
            (self.service.message, self._say),
        ):
            signal.disconnect(slot)

    def project_read(self, memory) -> None:
        """The window's project was read (its `ProjectMemory`): its names are words."""
        self.service.set_names(str(memory.folder), spelling.names_in(memory.notes.lore))

    def _typed(self) -> None:
        if self.settings.spell_check and not self.settings.spell_dictionary:
            self._timer.start()

    def _settings_changed(self, change: Change) -> None:
        if change.affects("spell_check", "spell_dictionary"):
            self.refresh()

    def _loaded(self, _name: str) -> None:
        self.refresh()

    def _say(self, sentence: str) -> None:
        self.window.show_message(sentence, 10000)

    def _failed(self, name: str, sentence: str) -> None:
        if name == self.wanted():
            self.window.show_message(sentence, 15000)

    def wanted(self) -> str | None:
        """The dictionary the document should be checked with now (None: none)."""
        if not self.settings.spell_check:
            return None
        names = self.service.available()
        chosen = self.settings.spell_dictionary
        if chosen and chosen in names:
            return chosen
        region = QLocale.system().name()
        head = self._head()
        language = language_of(head)
        self.told = bool(language) or len(_WORD.findall(head)) >= TOLD_WORDS
        if not language:  # (English, or too little to tell: the system's language, else English)
            mine = region.split("_")[0]
            language = mine if spelling.dictionary_for(mine, names, region) else "en"
        self.language = language
        return spelling.dictionary_for(language, names, region)

    def _head(self) -> str:
        """The text's first 4000 characters or so (not the whole of a long text)."""
        block, lines, size = self.editor.document().firstBlock(), [], 0
        while block.isValid() and size < 4000:
            lines.append(block.text())
            size += len(lines[-1]) + 1
            block = block.next()
        return "\n".join(lines)

    def refresh(self) -> None:
        """Check the document with the dictionary `wanted` (once it is loaded)."""
        name = self.wanted()
        if name is None:
            self.editor.set_speller(None)
            if self.settings.spell_check and self.told:
                self._say_missing(self.language)
            return
        speller = self.service.speller(name)
        self.editor.set_speller(speller)  # (None until it is loaded: `loaded` comes back here)
        if not self.settings.spell_dictionary:
            self._say_regional(name)

    def _say_regional(self, name: str) -> None:
        """Say once a session that the writer's own variety of the language (their system's,
        en_GB) has no dictionary here and `name` (en_US) checks the text in its place."""
        region = QLocale.system().name()
        missing = spelling.regional_missing(self.language, self.service.available(), region)
        if not missing or missing in self.service.said:
            return
        self.service.said.add(missing)
        package = "hunspell-" + missing.lower().replace("_", "-")
        self.window.show_message(
            self.tr(
                "Spelling is checked with the {0} dictionary: there is none for {1} on this "
                "computer. Install one (the {2} package on Linux), or put its .aff and .dic "
                "files in {3}."
            ).format(name, missing, package, own_folder()),
            15000,
        )

    def _say_missing(self, language: str) -> None:
        """Say once a session (in one window) that `language` has no dictionary here."""
        if language in self.service.said or language in spelling.NOT_CHECKED:
            return
        self.service.said.add(language)
        named = self.tr("English") if language == "en" else language_name(language)
        package = spelling.PACKAGES.get(language, f"hunspell-{language}")
        self.window.show_message(
            self.tr(
                "Spelling is not checked: there is no {0} dictionary on this computer. Install "
                "one (the {1} package on Linux), or put its .aff and .dic files in {2}."
            ).format(named, package, own_folder()),
            15000,
        )
