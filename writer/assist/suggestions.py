"""Ghost-text suggestions in one editor: when to ask, what to show, what accepting does.

The rules are VS Code's inline completions: Tab accepts all, Ctrl+Right the next word, Esc
dismisses; typing what the suggestion says consumes it; any other edit, cursor move, selection or
focus loss hides it and abandons its request at once.

When to ask: a keystroke that ends a word (a space, punctuation, Enter) asks at once, because a
request costs one evaluation of what was typed and is cancelled within a token by the next key;
inside a word the controller waits for `debounce_ms` without typing. A request made while the
writer types shows its first piece and then holds (the backend idle) until the writer pauses for
`debounce_ms`: someone typing steadily sees the next word at each word's end for no more than
that word costs, and the rest of the suggestion comes when they stop. It never asks while an
input method composes, in the middle of a word, with a selection, or while a rewrite works here.

After the cursor moves elsewhere (or text changes away from it) and the writer pauses, the text
before the cursor is evaluated ahead of the next keystroke (`warm`), only when the backend is
idle, so that the first suggestion there costs no more than the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTextBoundaryFinder, QTimer, Signal

from writer.assist.context import before_start, head_lines, text_after, text_before
from writer.engine.requests import ContinuationRequest
from writer.engine.results import FinishReason

if TYPE_CHECKING:
    from writer.settings import Settings
    from writer.ui.editor import Editor
    from writer.worker import EngineWorker, RequestHandle

WARM_AFTER_MS = 400  # pause after a cursor move before the cache is filled ahead of typing


@dataclass
class SuggestionSettings:
    """The suggestion settings, under the names `writer.settings.Settings` gives them."""

    enabled: bool = True
    debounce_ms: int = 150  # inside a word; a keystroke that ends a word asks at once
    max_suggestion_tokens: int = 48
    stop_at: str = "sentence"
    confidence_cutoff: float = 0.0  # cut a suggestion at its first token below this probability

    @classmethod
    def of(cls, settings: Settings) -> SuggestionSettings:
        """The suggestion part of the app's settings."""
        return cls(
            enabled=settings.suggestions_enabled,
            debounce_ms=settings.debounce_ms,
            max_suggestion_tokens=settings.max_suggestion_tokens,
            stop_at=settings.stop_at,
            confidence_cutoff=settings.confidence_cutoff,
        )


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’"


def next_word_end(text: str) -> int:
    """Length of the prefix of text that accepting "the next word" takes: leading spaces, then
    one word (by Unicode word boundaries, so Chinese and Japanese go word by word too)."""
    if not text:
        return 0
    start = len(text) - len(text.lstrip())
    if start >= len(text):
        return len(text)
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Word, text)
    finder.setPosition(start)
    end = finder.toNextBoundary()
    return len(text) if end < 0 else max(end, start + 1)


@dataclass
class _Suggestion:
    handle: RequestHandle | None  # None: shown as it is (an alternative)
    position: int  # where the suggestion was asked for
    text: str = ""
    probs: list[float] = field(default_factory=list)
    consumed: int = 0  # characters already typed through or accepted
    finished: bool = False
    held: bool = False  # its request waits after the first piece until the writer pauses

    @property
    def remainder(self) -> str:
        return self.text[self.consumed :]

    @property
    def anchor(self) -> int:
        return self.position + self.consumed


class SuggestionController(QObject):
    """Asks for, shows and accepts the suggestion at the cursor of one editor."""

    finished = Signal(object)  # GenerationStats of a suggestion that ended (not cancelled)
    failed = Signal(str)
    accepted = Signal(str)
    dismissed = Signal()

    def __init__(
        self, editor: Editor, worker: EngineWorker, settings: SuggestionSettings | None = None
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.worker = worker
        self.settings = settings or SuggestionSettings()
        self._sugg: _Suggestion | None = None
        self._own_edits = 0  # >0 while this controller edits the document or moves the cursor
        self._composing = False
        self._paused = False
        self._head_cache: tuple[int, str] | None = None
        self.warm_handle: RequestHandle | None = None
        self.warm_requests = 0  # how many times the cache was warmed ahead of typing
        self._hold_next = False  # the timer's request is made while the writer types
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.request_now(hold=self._hold_next))
        self._resume_timer = QTimer(self)  # lets a held request go on once the writer pauses
        self._resume_timer.setSingleShot(True)
        self._resume_timer.timeout.connect(self._resume)
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(WARM_AFTER_MS)
        self._warm_timer.timeout.connect(self._warm)
        editor.document().contentsChange.connect(self._on_contents_change)
        editor.cursorPositionChanged.connect(self._on_cursor_moved)
        editor.selectionChanged.connect(self._on_selection_changed)

    # state --------------------------------------------------------------------------------
    @property
    def pending(self) -> RequestHandle | None:
        """The request of the suggestion still streaming, if any."""
        s = self._sugg
        return s.handle if s is not None and not s.finished else None

    @property
    def remainder(self) -> str:
        """What Tab would insert now ('' when nothing is shown)."""
        s = self._sugg
        return s.remainder if s is not None and self.editor.ghost_visible else ""

    @property
    def position(self) -> int | None:
        """Where the shown suggestion was asked for."""
        return self._sugg.position if self._sugg is not None else None

    def set_enabled(self, enabled: bool) -> None:
        self.settings.enabled = enabled
        if not enabled:
            self.dismiss()

    def set_paused(self, paused: bool) -> None:
        """No suggestions while something else (a rewrite) works in this editor."""
        self._paused = paused
        if paused:
            self.dismiss()

    def set_composing(self, composing: bool) -> None:
        """An input method composes: its pre-edit text takes the ghost's place."""
        self._composing = composing
        if composing:
            self.dismiss()

    # asking -------------------------------------------------------------------------------
    def can_suggest(self) -> bool:
        editor = self.editor
        if not (self.settings.enabled and self.worker.is_loaded):
            return False
        if self._composing or self._paused or editor.isReadOnly():
            return False
        cursor = editor.textCursor()
        if cursor.hasSelection():
            return False
        block_text = cursor.block().text()
        col = cursor.positionInBlock()
        right = block_text[col:]
        left_char = block_text[col - 1] if col > 0 else ""
        right_char = right[:1]
        if right_char and is_word_char(right_char) and (not left_char or is_word_char(left_char)):
            return False  # in the middle of a word
        return cursor.position() > 0

    def request_here(self) -> ContinuationRequest | None:
        """The continuation request for the cursor's place (None with nothing before it)."""
        doc = self.editor.document()
        pos = self.editor.textCursor().position()
        before = text_before(doc, pos)
        if not before.strip():
            return None
        s = self.settings
        return ContinuationRequest(
            before=before,
            after=text_after(doc, pos),
            max_tokens=s.max_suggestion_tokens,
            stop_at=s.stop_at,
            min_prob=s.confidence_cutoff,
            head=self._head(before_start(pos)),
        )

    def _head(self, start: int) -> str:
        """The title and headings before `start` (a long document's text the request leaves
        out), kept until an edit before `start`."""
        if start == 0:
            return ""
        if self._head_cache is None or self._head_cache[0] != start:
            self._head_cache = (start, head_lines(self.editor.document(), start))
        return self._head_cache[1]

    def request_now(self, hold: bool = False) -> RequestHandle | None:
        """Ask for a suggestion at the cursor now (the timer calls this; so does Ctrl+Space).
        With `hold`, only its first piece comes until the writer pauses."""
        self._timer.stop()
        if not self.can_suggest():
            return None
        self._abandon()
        request = self.request_here()
        if request is None:
            return None
        request.typing = hold
        handle = self.worker.submit(
            lambda backend, cancel: backend.continuation(request, cancel),
            hold_after=1 if hold else 0,
        )
        handle.piece_generated.connect(self._on_piece)
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        self._sugg = _Suggestion(handle, self.editor.textCursor().position(), held=hold)
        return handle

    def _schedule(self, now: bool = False, typing: bool = False) -> None:
        """Ask at once (`now`) or after the pause; `typing`: the writer is typing, so a request
        made at once holds after its first piece."""
        if self.settings.enabled and not self._composing:
            self._hold_next = now and typing
            self._timer.start(0 if now else max(0, self.settings.debounce_ms))

    def _resume(self) -> None:
        s = self._sugg
        if s is not None and s.held and s.handle is not None:
            s.held = False
            s.handle.resume()

    def _after_word(self) -> bool:
        """Whether the character before the cursor ends a word (not a letter or digit)."""
        pos = self.editor.textCursor().position()
        return pos > 0 and not is_word_char(self.editor.document().characterAt(pos - 1))

    # the request's events -----------------------------------------------------------------
    def _on_piece(self, text: str, prob: float) -> None:
        s = self._sugg
        if s is None or s.finished:
            return
        cursor = self.editor.textCursor()
        if cursor.position() != s.anchor or cursor.hasSelection():
            self.dismiss()  # never show a suggestion where it was not made for
            return
        s.text += text
        s.probs.extend([prob] * len(text))
        self._show()
        if s.held and not self._resume_timer.isActive():
            self._resume_timer.start(max(0, self.settings.debounce_ms))

    def _on_finished(self, stats) -> None:
        s = self._sugg
        if s is None:
            return
        s.finished = True
        if stats.finish_reason != FinishReason.CANCELLED:
            self.finished.emit(stats)
        if not s.remainder:
            self.editor.clear_ghost()

    def _on_failed(self, message: str) -> None:
        self._sugg = None
        self.editor.clear_ghost()
        self.failed.emit(message)

    def _show(self) -> None:
        s = self._sugg
        if s is None or not s.remainder:
            self.editor.clear_ghost()
            return
        self.editor.show_ghost(s.anchor, s.remainder, s.probs[s.consumed :])

    def show_fixed(self, text: str, probs: list[float]) -> None:
        """Show `text` as the suggestion at the cursor (an alternative the writer picked)."""
        self._timer.stop()
        self._abandon()
        pos = self.editor.textCursor().position()
        self._sugg = _Suggestion(None, pos, text=text, probs=list(probs), finished=True)
        self._show()

    # ending -------------------------------------------------------------------------------
    def _abandon(self) -> None:
        self._resume_timer.stop()
        if self._sugg is not None and self._sugg.handle is not None:
            self._sugg.handle.abandon()
        self._sugg = None

    def dismiss(self) -> None:
        """Hide the suggestion and abandon its request."""
        self._timer.stop()
        self._abandon()
        self.editor.clear_ghost()
        self.dismissed.emit()

    def accept(self, length: int | None = None) -> str:
        """Insert the suggestion (or its first `length` characters) as one undo step."""
        s = self._sugg
        if s is None or not self.editor.ghost_visible:
            return ""
        take = s.remainder if length is None else s.remainder[:length]
        if not take:
            return ""
        self.editor.clear_ghost()
        self._own_edits += 1
        try:
            cursor = self.editor.textCursor()
            cursor.beginEditBlock()
            cursor.insertText(take)
            cursor.endEditBlock()
            self.editor.setTextCursor(cursor)
        finally:
            self._own_edits -= 1
        s.consumed += len(take)
        self.accepted.emit(take)
        if s.remainder:
            self._show()
        else:
            self._abandon()
            self._schedule(now=self._after_word())
        return take

    def accept_next_word(self) -> str:
        s = self._sugg
        if s is None or not self.editor.ghost_visible:
            return ""
        return self.accept(next_word_end(s.remainder))

    def type_through(self, typed: str, insert: Callable[[], None]) -> bool:
        """If `typed` is what the suggestion says next, let `insert` type it and keep the rest
        of the suggestion (no new request); False otherwise (nothing done)."""
        s = self._sugg
        if s is None or not self.editor.ghost_visible or not s.remainder.startswith(typed):
            return False
        self.editor.clear_ghost()
        self._own_edits += 1
        try:
            insert()
        finally:
            self._own_edits -= 1
        s.consumed += len(typed)
        if self.editor.textCursor().position() != s.anchor:
            self.dismiss()
            self._schedule()
            return True
        if s.held:
            self._resume_timer.start(max(0, self.settings.debounce_ms))  # still typing
        if s.remainder:
            self._show()
        elif s.finished:
            self._sugg = None
            self._schedule(now=self._after_word(), typing=True)
        return True

    # what the writer does -----------------------------------------------------------------
    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._head_cache is not None and position < self._head_cache[0]:
            self._head_cache = None
        if self._own_edits or removed == added == 0:
            return
        self._abandon()
        self.editor.clear_ghost()
        ends_word = (
            removed == 0
            and added > 0
            and not is_word_char(self.editor.document().characterAt(position + added - 1))
        )
        self._schedule(now=ends_word, typing=True)

    def _on_cursor_moved(self) -> None:
        if self._own_edits:
            return
        s = self._sugg
        if s is not None and self.editor.textCursor().position() != s.anchor:
            self.dismiss()
        self.warm_soon()

    def _on_selection_changed(self) -> None:
        if not self._own_edits and self.editor.textCursor().hasSelection():
            self.dismiss()

    def focus_lost(self) -> None:
        self.dismiss()

    # warming the cache --------------------------------------------------------------------
    def warm_soon(self) -> None:
        """Evaluate the text before the cursor once the writer pauses (see `_warm`)."""
        if self.settings.enabled:
            self._warm_timer.start()

    def _warm(self) -> None:
        """Fill the model's cache with the text before the cursor, generating nothing, unless
        the backend is busy: a warm-up never cancels anything, while anything the writer asks
        for cancels a warm-up."""
        editor = self.editor
        if not (self.worker.is_loaded and self.settings.enabled):
            return
        if self._paused or self._composing or editor.isReadOnly():
            return
        if self._sugg is not None or self._timer.isActive():
            return
        if editor.textCursor().hasSelection() or not editor.isVisible():
            return
        request = self.request_here()
        if request is None:
            return
        handle = self.worker.submit_when_idle(lambda backend, cancel: backend.warm(request, cancel))
        if handle is not None:
            self.warm_requests += 1
            self.warm_handle = handle
