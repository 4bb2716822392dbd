"""A rewrite of the selection as a tracked change: one request at a time, its state, its end.

The original stays in the document until the writer accepts; the new text streams into
`new_text` and the view shows it beside the original. Accepting replaces the original as one undo
step; rejecting leaves the document exactly as it was. The original's ends are QTextCursors, so
edits elsewhere move them and disturb nothing; an edit inside the original drops the rewrite.

While a rewrite is open it holds the editor's `InlineSurface` (no suggestion or alternative shows
or is asked for) and takes the keys it answers (`perform`: Enter or Tab at the change accepts, Esc
rejects). Its requests go in the worker's lane (this editor, "rewrite"), so typing in another
window never cancels it; a request cancelled by anything else says it was stopped, never done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor

from writer.assist.context import PARAGRAPH_SEPARATOR, text_between
from writer.assist.presets import preset_label, presets_of
from writer.generation.requests import CONTEXT_CHARS, RewriteRequest
from writer.generation.results import FinishReason

if TYPE_CHECKING:
    from writer.assist.memory import DocumentMemory
    from writer.settings import Settings
    from writer.ui.editor import Editor
    from writer.worker import EngineWorker, RequestHandle

# The backend keeps at most CONTEXT_CHARS each side, cut at a paragraph; reading a quarter more
# lets it find where that paragraph starts.
CONTEXT_READ_CHARS = CONTEXT_CHARS + CONTEXT_CHARS // 4
RECENT_INSTRUCTIONS = 10


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
        self.new_text = ""
        self.instruction = ""
        self.label = ""
        self.status = ""
        self.attempt = 0  # 0: the most likely answer; Retry counts up, each a sampled version
        self.max_tokens: int | None = None  # None: the backend's budget for the selection
        self.streaming = False
        self._handle: RequestHandle | None = None
        self.memory: DocumentMemory | None = None  # what the project gives (the window sets it)
        editor.document().contentsChange.connect(self._on_contents_change)

    @property
    def active(self) -> bool:
        return self.start_cursor is not None

    @property
    def end_position(self) -> int:
        return self.end_cursor.position() if self.end_cursor is not None else -1

    def refusal(self) -> str:
        """Why no rewrite can be asked for here now ('' when one can)."""
        if not self.editor.textCursor().hasSelection():
            return self.tr("Select the text to rewrite first.")
        if self.active:
            return self.tr("Accept or reject the current rewrite first.")
        return ""

    # starting -----------------------------------------------------------------------------
    def start(self, label: str, instruction: str) -> bool:
        """Rewrite the current selection with `instruction`; False if it cannot start (the
        reason goes to `message`)."""
        refusal = self.refusal() or (
            "" if self.worker.is_loaded else self.tr("No model is loaded: rewriting needs one.")
        )
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
        plain = QTextCursor(doc)
        plain.setPosition(cursor.selectionEnd())
        self.editor.setTextCursor(plain)
        self._request()
        return True

    def _remember(self, instruction: str) -> None:
        recent = [instruction] + [i for i in self.settings.recent_instructions if i != instruction]
        self.settings.update(recent_instructions=recent[:RECENT_INSTRUCTIONS])

    def _context(self) -> tuple[str, str]:
        doc = self.editor.document()
        start, end = self.start_cursor.position(), self.end_cursor.position()
        before = text_between(doc, start - CONTEXT_READ_CHARS, start)
        after = text_between(doc, end, end + CONTEXT_READ_CHARS)
        return before, after

    def _request(self) -> None:
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
            attempt=self.attempt,
            memory=memory,
            banned=tuple(self.settings.banned_phrases),
        )
        self.new_text = ""
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
        self._set_status(self.sentences()["streaming"])

    # streaming ----------------------------------------------------------------------------
    def _on_piece(self, text: str, _prob: float) -> None:
        if self.active:
            self.new_text += text
            self.changed.emit()

    def _on_finished(self, stats) -> None:
        self._handle = None
        self.streaming = False
        if stats.notice:
            self.message.emit(stats.notice)
        if stats.finish_reason != FinishReason.CANCELLED:
            self.finished.emit(stats)
        if stats.finish_reason == FinishReason.CANCELLED:
            state = "stopped"
        elif not self.new_text:
            state = "empty"
        elif stats.finish_reason == FinishReason.LENGTH:
            state = "length"
        else:
            state = "done"
        self._set_status(self.sentences()[state])

    def _on_failed(self, message: str) -> None:
        self._handle = None
        self.streaming = False
        self.message.emit(message)
        self._clear()

    # ending -------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop generating and keep what came."""
        if self._handle is not None:
            self._handle.abandon()
            self._handle = None
        was_streaming, self.streaming = self.streaming, False
        if self.active and was_streaming:
            self._set_status(self.sentences()["stopped"])

    def retry(self) -> None:
        """Another version (sampled), instead of the same most likely answer again."""
        if not self.active:
            return
        self.stop()
        self.attempt += 1
        self._request()

    def accept(self) -> bool:
        """Replace the original with the new text, as one undo step."""
        if not self.active:
            return False
        self.stop()
        text = self.new_text
        start, end = self.start_cursor.position(), self.end_cursor.position()
        self._clear()
        if not text:
            return False
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        cursor.endEditBlock()
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
        return False

    def reject(self) -> None:
        """Drop the new text; the document is as it was before."""
        if not self.active:
            return
        self.stop()
        self._clear()

    def _clear(self) -> None:
        self.start_cursor = self.end_cursor = None
        self.original = self.new_text = ""
        self.status = ""
        self.editor.surface.close_rewrite()
        self.ended.emit()

    def sentences(self) -> dict[str, str]:
        """The status of this rewrite in each state, whole sentences (the bar makes room for
        the longest, so that it keeps its height from one state to the next)."""
        title = self.title()
        return {
            "streaming": self.tr("Rewriting: {0}…").format(title),
            "stopped": self.tr(
                "{0}: stopped. Enter or Tab accepts what came, Esc rejects."
            ).format(title),
            "empty": f"{title}: "
            + self.tr("the model returned nothing. Retry, or Esc to close."),
            "length": f"{title}: "
            + self.tr(
                "cut off at the length limit (it ran on). Enter or Tab accepts what came, "
                "Retry asks again, Esc restores the original."
            ),
            "done": f"{title}: "
            + self.tr("done. Enter or Tab accepts, Esc restores the original."),
        }

    def title(self) -> str:
        name = preset_label(self.label)
        if not self.attempt:
            return name
        return self.tr("{0} (version {1})").format(name, self.attempt + 1)

    def _set_status(self, text: str) -> None:
        self.status = text
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
