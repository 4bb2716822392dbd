"""A rewrite of the selection as a tracked change: one request at a time, its state, its end.

The original stays in the document until the writer accepts; the new text streams into
`new_text` and the view shows it beside the original. Accepting replaces the original as one undo
step; rejecting leaves the document exactly as it was. The original's ends are QTextCursors, so
edits elsewhere move them and disturb nothing; an edit inside the original drops the rewrite.

While a rewrite is open it holds the editor's `InlineSurface` (no suggestion or alternative shows
or is asked for) and takes the keys it answers (`perform`: Enter or Tab at the change accepts, Esc
rejects, Alt+] and Alt+[ go through its versions, Alt+R retries, Alt+S stops the version shown
while it is being written; Undo with nothing edited since it opened closes it as Esc does). Its
requests go in the worker's lane (this editor, "rewrite"), so typing in another window never
cancels it; a request cancelled by anything else says it was stopped, never done.

**Versions.** Retry adds a version (sampled, each attempt hotter: generation/rewrite.py) and keeps
the earlier ones; the bar says which is shown ("2 / 3"), Enter accepts that one. A version the
same as the original (trailing whitespace aside), as another version, or empty, is asked again
with the next attempt, at most RETRY_TRIES times for one Retry (then a repeat is dropped and the
version it repeats shows); an answer that returns the passage unchanged says so, and one that
reads as advice about the passage instead of a rewrite of it (generation/rewrite.py `advice`)
says so and is asked again as a repeat is when a Retry gave it. Versions live
until the rewrite is accepted, rejected or dropped.

**Esc keeps the selection.** Rejecting selects the original again, so that another preset can be
tried at once; the Enter or Tab that may follow out of habit only clears that selection
(`takes_enter`), it never replaces the original with a line break. A sentence taken at the cursor
(nothing was selected) is not selected again: the cursor goes back where it was, unless the writer
has moved it or typed on since (`came_from`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor

from writer.assist.context import PARAGRAPH_SEPARATOR, text_between
from writer.assist.presets import TRANSLATION_LANGUAGES, preset_label, presets_of
from writer.generation.requests import CONTEXT_CHARS, RewriteRequest
from writer.generation.results import FinishReason
from writer.generation.rewrite import advice, unchanged

if TYPE_CHECKING:
    from writer.assist.memory import DocumentMemory
    from writer.settings import Settings
    from writer.ui.editor import Editor
    from writer.worker import EngineWorker, RequestHandle

# The backend keeps at most CONTEXT_CHARS each side, cut at a paragraph; reading a quarter more
# lets it find where that paragraph starts.
CONTEXT_READ_CHARS = CONTEXT_CHARS + CONTEXT_CHARS // 4
RECENT_INSTRUCTIONS = 10
# One Retry asks again at most this many times while its answer repeats the original or a version.
RETRY_TRIES = 3
# the states of an answer that reads as advice (generation/rewrite.py `advice`): alone, and cut
# where it began copying the notes or the text around as well
ADVICE = ("advice", "advice_copied")


@dataclass
class Version:
    """One answer of a rewrite: its text, the attempt that made it, and its state (a key of
    RewriteSession.sentences())."""

    text: str = ""
    attempt: int = 0
    state: str = "streaming"


class RewriteSession(QObject):
    """Runs one rewrite at a time in an editor, through the shared worker."""

    changed = Signal()  # new text arrived, or the state (status) changed
    message = Signal(str)  # a sentence for the status bar
    finished = Signal(object)  # GenerationStats, when a stream ends (not when cancelled)
    ended = Signal()  # accepted, rejected or dropped: nothing is shown any more

    def __init__(self, editor: Editor, worker: EngineWorker, settings: Settings) -> None:
        super().__init__(editor)
        self.editor = editor
        self.worker = worker
        self.settings = settings
        self.start_cursor: QTextCursor | None = None
        self.end_cursor: QTextCursor | None = None
        self.original = ""
        self.versions: list[Version] = []
        self._revision = -1  # the document's revision when the rewrite opened
        self.shown = 0  # the index of the version shown
        self.instruction = ""
        self.label = ""
        self.status = ""
        self.attempt = 0  # the latest: 0 the most likely answer, Retry counts up (sampled)
        self.max_tokens: int | None = None  # None: the backend's budget for the selection
        self.streaming = False
        self.kept_selection: tuple[int, int] | None = None  # the original, selected after Esc
        # where the cursor was when the passage is the sentence taken there (`came_from`)
        self._came_from: QTextCursor | None = None
        self._generating: Version | None = None
        self._tries = 0
        self._handle: RequestHandle | None = None
        self.memory: DocumentMemory | None = None  # what the project gives (the window sets it)
        editor.document().contentsChange.connect(self._on_contents_change)

    @property
    def active(self) -> bool:
        return self.start_cursor is not None

    @property
    def new_text(self) -> str:
        """The text of the version shown ('' while none has come)."""
        return self.versions[self.shown].text if self.versions else ""

    @property
    def end_position(self) -> int:
        return self.end_cursor.position() if self.end_cursor is not None else -1

    def refusal(self) -> str:
        """Why no rewrite can be asked for here now ('' when one can)."""
        if not self.editor.textCursor().hasSelection():
            return self.tr("Select the text to rewrite, or put the cursor in a sentence.")
        if self.active:
            return self.tr("Accept or reject the current rewrite first.")
        if not self.worker.is_loaded:  # (said before the presets: a typed instruction was lost)
            return self.tr("No model is loaded: rewriting needs one.")
        return ""

    # starting -----------------------------------------------------------------------------
    def start(self, label: str, instruction: str) -> bool:
        """Rewrite the current selection with `instruction`; False if it cannot start (the
        reason goes to `message`)."""
        refusal = self.refusal()
        if refusal:
            self.message.emit(refusal)
            return False
        names = {name for name, _text in presets_of(self.settings.rewrite_presets)}
        if label == instruction and instruction not in names:
            self._remember(instruction)
        cursor = self.editor.textCursor()
        doc = self.editor.document()
        self.start_cursor = QTextCursor(doc)
        self.start_cursor.setPosition(cursor.selectionStart())
        self.end_cursor = QTextCursor(doc)
        self.end_cursor.setPosition(cursor.selectionEnd())
        self.end_cursor.setKeepPositionOnInsert(True)  # text typed right after stays outside
        self.original = cursor.selectedText().replace(PARAGRAPH_SEPARATOR, "\n")
        self.instruction, self.label = instruction, label
        self.attempt = 0
        self.kept_selection = None
        plain = QTextCursor(doc)
        plain.setPosition(cursor.selectionEnd())
        self.editor.setTextCursor(plain)
        self._revision = doc.revision()
        self._add_version()
        self._warn_translation(label)
        return True

    def _warn_translation(self, label: str) -> None:
        """A translation into a language the catalog says the model does not write: said as
        it starts (the English-only starter's "Chinese" came back in English, or as a copy of
        the text around, without a word why)."""
        from writer.models.advice import languages_of, writes_english_only
        from writer.ui.i18n import language_name

        language = TRANSLATION_LANGUAGES.get(label)
        info = self.worker.info
        path = info.path if info is not None else None
        known = languages_of(path)
        if not language or not known or language in known:
            return
        name = language_name(language)
        if writes_english_only(path):
            text = self.tr(
                "This model writes English only: a translation into {0} comes back in English "
                "or broken. Model → Manage Models has others."
            )
        else:
            text = self.tr(
                "This model was not trained on {0}: a translation into it comes back broken or "
                "in another language. Model → Manage Models has others."
            )
        self.message.emit(text.format(name))

    def _remember(self, instruction: str) -> None:
        recent = [instruction] + [i for i in self.settings.recent_instructions if i != instruction]
        self.settings.update(recent_instructions=recent[:RECENT_INSTRUCTIONS])

    def _context(self) -> tuple[str, str]:
        doc = self.editor.document()
        start, end = self.start_cursor.position(), self.end_cursor.position()
        before = text_between(doc, start - CONTEXT_READ_CHARS, start)
        after = text_between(doc, end, end + CONTEXT_READ_CHARS)
        return before, after

    def _add_version(self) -> None:
        """A new version for the current attempt, shown, and its request."""
        self.versions.append(Version(attempt=self.attempt))
        self.shown = len(self.versions) - 1
        self._tries = 0
        self._request(self.versions[-1])

    def _request(self, version: Version) -> None:
        before, after = self._context()
        memory = ""
        if self.memory is not None:  # the selection's names trigger lore entries too
            memory = self.memory.context(before + self.original, after).memory.text()
        request = RewriteRequest(
            self.original,
            self.instruction,
            before=before,
            after=after,
            max_tokens=self.max_tokens,
            attempt=version.attempt,
            memory=memory,
            banned=tuple(self.settings.banned_phrases),
        )
        version.text, version.state = "", "streaming"
        self._generating = version
        self.streaming = True
        self.editor.surface.open_rewrite(self.perform)
        handle = self.worker.submit(
            lambda backend, cancel: backend.rewrite(request, cancel),
            owner=self.editor,
            kind="rewrite",
        )
        handle.piece_generated.connect(self._on_piece)
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        self._handle = handle
        self._show_state()

    # streaming ----------------------------------------------------------------------------
    def _on_piece(self, text: str, _prob: float) -> None:
        if self.active and self._generating is not None:
            self._generating.text += text
            self.changed.emit()

    def _on_finished(self, stats) -> None:
        self._handle = None
        self.streaming = False
        version, self._generating = self._generating, None
        if stats.notice:
            self.message.emit(stats.notice)
        if stats.finish_reason != FinishReason.CANCELLED:
            self.finished.emit(stats)
        if version is None or not self.active:
            return
        if stats.finish_reason == FinishReason.CANCELLED:
            state = "stopped" if version.text else "stopped_empty"
        elif stats.copied and not version.text.strip():
            state = "copied_empty"
        elif not version.text:
            state = "empty"
        elif unchanged(self.original, version.text):
            # (also where it went on with a copy, cut: what is left is the passage as it
            # was, and a Retry that brings it back is asked again as any unchanged one)
            state = "unchanged"
        elif advice(self.original, version.text, self.instruction):
            # (a Retry that gives advice again is asked again, as above); cut for copying the
            # notes or the text around too, the bar says both: it said "advice" alone, and
            # Enter took a cut answer for the whole one
            state = "advice_copied" if stats.copied else "advice"
        elif stats.copied:  # (it went on with the notes or the text around: cut, and said)
            state = "copied"
        elif stats.finish_reason == FinishReason.LENGTH:
            state = "length"
        else:
            state = "done"
        version.state = state
        if version.attempt and self._repeats(version):
            if self._tries < RETRY_TRIES:
                # a Retry that gave nothing new: ask again, hotter, in place of this version
                self._tries += 1
                self.attempt += 1
                version.attempt = self.attempt
                self._request(version)
                return
            same = self._same_as(version)
            if same is not None:  # still the same: show the version it repeats
                self.versions.remove(version)
                self.shown = self.versions.index(same)
                self.message.emit(
                    self.tr(
                        "Retry gave the same text {0} times. Try another preset or say what "
                        "to change."
                    ).format(RETRY_TRIES + 1)
                )
            elif version.state in ADVICE:  # (each try gave advice: the last one shows)
                self.message.emit(
                    self.tr(
                        "Retry gave advice instead of a rewrite {0} times. Try another preset "
                        "or say what to change."
                    ).format(RETRY_TRIES + 1)
                )
        self._show_state()

    def _same_as(self, version: Version) -> Version | None:
        """Another version with the same text (trailing whitespace aside), if any."""
        text = version.text.rstrip()
        if not text:
            return None
        return next(
            (v for v in self.versions if v is not version and v.text.rstrip() == text), None
        )

    def _repeats(self, version: Version) -> bool:
        """Whether a finished version brings nothing new: empty, the original, or the same
        text as another version."""
        if version.state in ("stopped", "stopped_empty"):
            return False
        if not version.text or version.state in ("unchanged", *ADVICE):
            return True
        return self._same_as(version) is not None

    def _on_failed(self, message: str) -> None:
        """A request that failed (a server gone mid-answer): the versions that came stay, the
        one that broke off with what it had (all of them were thrown away, a finished one
        too); only a rewrite left with no text closes."""
        self._handle = None
        self.streaming = False
        version, self._generating = self._generating, None
        self.message.emit(message)
        if not self.active:
            return
        if version is not None:
            if version.text:
                version.state = "failed"
            elif version in self.versions:
                self.versions.remove(version)
        kept = [v for v in self.versions if v.text]
        if not kept:
            self._clear()
            return
        self.versions = kept
        shown = version if version in kept else kept[-1]
        self.shown = kept.index(shown)
        self._show_state()

    # ending -------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop generating and keep what came."""
        if self._handle is not None:
            self._handle.abandon()
            self._handle = None
        was_streaming, self.streaming = self.streaming, False
        version, self._generating = self._generating, None
        if self.active and was_streaming and version is not None:
            # stopped before anything came: Enter has nothing to accept (the bar said it did)
            version.state = "stopped" if version.text else "stopped_empty"
            self._show_state()

    @property
    def shown_streaming(self) -> bool:
        """Whether the version shown is the one being written (what Stop stops)."""
        return (
            self.streaming
            and self._generating is not None
            and bool(self.versions)
            and self.versions[self.shown] is self._generating
        )

    def stop_shown(self) -> None:
        """Stop (the bar's button, Alt+S) the version shown, when it is the one being written;
        another version being written while an earlier one shows goes on."""
        if self.shown_streaming:
            self.stop()

    def retry(self) -> None:
        """Another version (sampled), kept with the earlier ones, instead of the same most
        likely answer again."""
        if not self.active:
            return
        self.stop()
        self.versions = [v for v in self.versions if v.text]  # a stopped one that had nothing
        self.attempt += 1
        self._add_version()

    def cycle(self, step: int) -> bool:
        """Show the next (`step` 1) or previous (-1) version; False when there is one only."""
        if not self.active or len(self.versions) < 2:
            return False
        self.shown = (self.shown + step) % len(self.versions)
        self._show_state()
        return True

    def accept(self) -> bool:
        """Replace the original with the version shown, as one undo step."""
        if not self.active:
            return False
        self.stop()
        text = self.new_text
        start, end = self.start_cursor.position(), self.end_cursor.position()
        self._clear()
        if not text:
            return False
        cursor = QTextCursor(self.editor.document())
        # placed before the edit block begins: Undo puts the cursor back where the block
        # began (it went to the top of the document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.insert_step(cursor, self.editor.typographic(text, start))  # (their quotes)
        self.editor.setTextCursor(cursor)
        return True

    def perform(self, action: str) -> bool:
        """A key's action while this rewrite is open (see the editor's KEYMAP); False when it
        does not apply. Enter or Tab at the change accepts (when new text came), Esc rejects."""
        if not self.active:
            return False
        if action == "dismiss":
            self.reject()
            return True
        if action in ("accept", "accept_change"):
            if self.editor.textCursor().position() != self.end_position:
                return False
            if self.new_text:
                self.accept()
            return True
        if action in ("next_alternative", "previous_alternative"):
            return self.cycle(1 if action == "next_alternative" else -1)
        if action == "retry_change":
            self.retry()
            return True
        if action == "stop_change":
            self.stop_shown()  # (nothing streaming there: nothing to stop, the key types nothing)
            return True
        return False

    def undo(self) -> bool:
        """Undo while this rewrite is open and nothing was edited since it opened: the rewrite
        is what the writer did last, so it closes as Esc closes it (the original back, and
        selected); False where Undo undoes an edit as usual (it undid an earlier edit anywhere
        in the document, the rewrite left open, and the cursor moved there)."""
        if not self.undo_closes():
            return False
        self.reject()
        return True

    def undo_closes(self) -> bool:
        """Whether Undo now closes this rewrite (see `undo`)."""
        return self.active and self.editor.document().revision() == self._revision

    def came_from(self, position: int) -> None:
        """The passage is the sentence taken at the cursor at `position` (nothing was
        selected): Esc selects nothing (the sentence left selected was replaced by the next
        letter typed; Ctrl+Shift+R takes it again for another preset) and puts the cursor back
        there, where the writer has not moved it since the rewrite put it at the passage's
        end; else it stays where they went on writing (back inside "wi|nd", the next letters
        went into the word)."""
        if self.active:
            self._came_from = QTextCursor(self.editor.document())
            self._came_from.setPosition(position)

    def reject(self) -> None:
        """Drop the new text; the document is as it was before, with the original selected
        (or the cursor where it was: `came_from`)."""
        if not self.active:
            return
        self.stop()
        start, end = self.start_cursor.position(), self.end_cursor.position()
        came_from = self._came_from
        self._clear()
        if came_from is not None:
            now = self.editor.textCursor()
            if not now.hasSelection() and now.position() == end:
                self.editor.setTextCursor(came_from)  # (not moved since: back where it was)
            return  # (else it stays where the writer went on writing)
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.kept_selection = (start, end)

    def takes_enter(self) -> bool:
        """An Enter or Tab right after Esc, with the original still selected: it clears the
        selection (True) instead of replacing the original with a line break or a tab."""
        cursor = self.editor.textCursor()
        kept, self.kept_selection = self.kept_selection, None
        if self.active or kept != (cursor.selectionStart(), cursor.selectionEnd()):
            return False
        if self.editor.ghost_visible:
            return False
        cursor.clearSelection()
        self.editor.setTextCursor(cursor)
        return True

    def _clear(self) -> None:
        self.start_cursor = self.end_cursor = None
        self._came_from = None
        self.original = ""
        self.versions = []
        self.shown = 0
        self._generating = None
        self.status = ""
        self.editor.surface.close_rewrite()
        self.ended.emit()

    def sentences(self) -> dict[str, str]:
        """The status of this rewrite in each state, whole sentences (the bar makes room for
        the longest, so that it keeps its height from one state to the next)."""
        title = self.title()
        return {
            "streaming": self.tr("Rewriting: {0}…").format(title),
            "stopped": self.tr("{0}: stopped. Enter or Tab accepts what came, Esc rejects.").format(
                title
            ),
            "stopped_empty": self.tr(
                "{0}: stopped before any text came. Retry asks again, Esc closes."
            ).format(title),
            "empty": self.tr("{0}: the model returned nothing. Retry, or Esc to close.").format(
                title
            ),
            "length": self.tr(
                "{0}: cut off at the length limit (it ran on). Enter or Tab accepts what came, "
                "Retry asks again, Esc restores the original."
            ).format(title),
            "done": self.tr("{0}: done. Enter or Tab accepts, Esc restores the original.").format(
                title
            ),
            "copied": self.tr(
                "{0}: cut where it began copying the notes or the text around. Enter or Tab "
                "accepts what came, Retry asks again, Esc restores the original."
            ).format(title),
            "copied_empty": self.tr(
                "{0}: the model only copied the notes or the text around. Retry asks again, "
                "Esc closes."
            ).format(title),
            "failed": self.tr(
                "{0}: the answer broke off (the status bar says why). Enter or Tab accepts "
                "what came, Retry asks again, Esc restores the original."
            ).format(title),
            "advice": self.tr(
                "{0}: this reads as advice about the passage, not a rewrite of it. Retry asks "
                "again, Enter or Tab accepts it as it is, Esc restores the original."
            ).format(title),
            "advice_copied": self.tr(
                "{0}: this reads as advice about the passage, not a rewrite of it, and was cut "
                "where it began copying the notes or the text around. Retry asks again, Enter "
                "or Tab accepts what came, Esc restores the original."
            ).format(title),
            "unchanged": self.tr(
                "{0}: the model returned the passage unchanged. Retry asks for a different "
                "version, Esc closes."
            ).format(title),
        }

    def title(self) -> str:
        """The preset's name, and which version shows when there are several ("2 / 3")."""
        name = preset_label(self.label)
        if len(self.versions) < 2:
            return name
        return self.tr("{0} ({1} / {2})").format(name, self.shown + 1, len(self.versions))

    def _show_state(self) -> None:
        """The status of the version shown."""
        state = self.versions[self.shown].state if self.versions else "streaming"
        self.status = self.sentences()[state]
        self.changed.emit()

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if not self.active or (removed == added == 0):
            return
        start, end = self.start_cursor.position(), self.end_cursor.position()
        # Qt may report more than what changed, so the original's own text decides
        if text_between(self.editor.document(), start, end) != self.original:
            # An edit inside the original: the rewrite no longer matches it.
            self.stop()
            self._clear()
            self.message.emit(self.tr("The rewrite was dropped: its original text was edited."))
            return
        self.changed.emit()
