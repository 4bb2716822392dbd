"""Ghost-text suggestions in one editor: what to show and what accepting does.

The rules are VS Code's inline completions: Tab accepts all, Ctrl+Right the next word, Esc
dismisses; typing what the suggestion says consumes it; any other edit, cursor move, selection or
focus loss hides it and abandons its request at once. What shows is what Tab inserts: line
breaks are painted as breaks, and spaces right before a break are left out of both.

When to ask is `AskPolicy`'s rule (writer.assist.timing); a "typing" request (asked while the
writer types) shows its first piece and then holds, the backend idle, until the writer pauses
for `debounce_ms`. What shows goes through the editor's `InlineSurface`, which refuses
suggestions while a rewrite holds the editor. Requests go in the worker's lane (this editor,
"suggestion"): a new one supersedes only the previous suggestion of this editor.

After the cursor moves elsewhere (or text changes away from it) and the writer pauses, the text
before the cursor is evaluated ahead of the next keystroke (`warm`), only when the backend is
idle, so that the first suggestion there costs no more than the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTextBoundaryFinder, QTimer, Signal

from writer.assist.context import before_start, head_lines, text_after, text_before
from writer.assist.timing import Ask, AskPolicy, Place, is_word_char
from writer.generation.requests import ContinuationRequest
from writer.generation.results import FinishReason
from writer.ui.surface import Shown

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


__all__ = [
    "SuggestionController",
    "SuggestionSettings",
    "is_word_char",
    "next_word_end",
    "without_spaces_before_breaks",
]


def without_spaces_before_breaks(
    text: str, probs: list[float], start: int = 0
) -> tuple[str, list[float]]:
    """`text` (and its per-character `probs`) without the spaces and tabs right before a line
    break from `start` on: Tab would insert them unseen at a line's end ("。 \n" in Chinese)."""
    cut = [m.span() for m in _SPACES_BEFORE_BREAK.finditer(text, start)]
    for begin, end in reversed(cut):
        text = text[:begin] + text[end:]
        probs = probs[:begin] + probs[end:]
    return text, probs


_SPACES_BEFORE_BREAK = re.compile(r"[ \t]+(?=\n)")


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
    typing: bool = False  # a typing request: it waits after its first piece for the pause
    kind: Shown = Shown.SUGGESTION

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
        self._head_cache: tuple[int, str] | None = None
        self.warm_handle: RequestHandle | None = None
        self.warm_requests = 0  # how many times the cache was warmed ahead of typing
        self._typing_next = False  # the timer's request is a typing request
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.request_now(typing=self._typing_next))
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
        editor.surface.rewrite_opened.connect(self.dismiss)

    # state --------------------------------------------------------------------------------
    @property
    def pending(self) -> RequestHandle | None:
        """The request of the suggestion still streaming, if any."""
        s = self._sugg
        return s.handle if s is not None and not s.finished else None

    @property
    def scheduled(self) -> bool:
        """A request waits for its time (the pause, or the next turn of the event loop)."""
        return self._timer.isActive()

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

    def set_composing(self, composing: bool) -> None:
        """An input method composes: its pre-edit text takes the ghost's place."""
        self._composing = composing
        if composing:
            self.dismiss()

    # asking -------------------------------------------------------------------------------
    @property
    def policy(self) -> AskPolicy:
        return AskPolicy(self.settings.debounce_ms)

    def place(self) -> Place:
        """The cursor's place, as the ask policy sees it."""
        editor = self.editor
        cursor = editor.textCursor()
        block_text = cursor.block().text()
        col = cursor.positionInBlock()
        return Place(
            left=block_text[col - 1] if col > 0 else "",
            right=block_text[col : col + 1],
            position=cursor.position(),
            selection=cursor.hasSelection(),
            composing=self._composing,
            read_only=editor.isReadOnly(),
            rewriting=not editor.surface.allows(Shown.SUGGESTION),
        )

    def can_suggest(self) -> bool:
        if not (self.settings.enabled and self.worker.is_loaded):
            return False
        return self.policy.may_ask(self.place())

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

    def request_now(self, typing: bool = False) -> RequestHandle | None:
        """Ask for a suggestion at the cursor now (the timer calls this; so does Ctrl+Space).
        A `typing` request shows only its first piece until the writer pauses."""
        self._timer.stop()
        if not self.can_suggest():
            return None
        self._abandon()
        request = self.request_here()
        if request is None:
            return None
        request.typing = typing
        handle = self.worker.submit(
            lambda backend, cancel: backend.continuation(request, cancel),
            hold_after=1 if typing else 0,
            owner=self.editor,
            kind="suggestion",
        )
        handle.piece_generated.connect(self._on_piece)
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        self._sugg = _Suggestion(handle, self.editor.textCursor().position(), typing=typing)
        return handle

    def _schedule(self, ask: Ask) -> None:
        """Ask as the policy answered: after `ask.delay_ms`, a typing request or not."""
        if self.settings.enabled and not self._composing:
            self._typing_next = ask.typing
            self._timer.start(ask.delay_ms)

    def _resume(self) -> None:
        s = self._sugg
        if s is not None and s.typing and s.handle is not None:
            s.typing = False
            s.handle.resume()

    def _left(self) -> str:
        """The character before the cursor ('' at the document's start)."""
        pos = self.editor.textCursor().position()
        return self.editor.document().characterAt(pos - 1) if pos > 0 else ""

    # the request's events -----------------------------------------------------------------
    def _on_piece(self, text: str, prob: float) -> None:
        s = self._sugg
        if s is None or s.finished:
            return
        cursor = self.editor.textCursor()
        if cursor.position() != s.anchor or cursor.hasSelection():
            self.dismiss()  # never show a suggestion where it was not made for
            return
        s.text, s.probs = without_spaces_before_breaks(
            s.text + text, s.probs + [prob] * len(text), s.consumed
        )
        self._show()
        if s.typing and not self._resume_timer.isActive():
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
        if not self.editor.show_ghost(s.anchor, s.remainder, s.probs[s.consumed :], s.kind):
            self._abandon()  # the surface refused it: a rewrite holds the editor

    def show_fixed(self, text: str, probs: list[float], kind: Shown = Shown.SUGGESTION) -> None:
        """Show `text` at the cursor as a finished suggestion that Tab accepts (an alternative
        the writer picked, with `kind` ALTERNATIVE)."""
        self._timer.stop()
        self._abandon()
        pos = self.editor.textCursor().position()
        text, probs = without_spaces_before_breaks(text, list(probs))
        self._sugg = _Suggestion(None, pos, text=text, probs=probs, finished=True, kind=kind)
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
            self._schedule(self.policy.after_accept(self._left()))
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
            self._schedule(Ask(self.policy.pause_ms))
            return True
        if s.typing:
            self._resume_timer.start(max(0, self.settings.debounce_ms))  # still typing
        if s.remainder:
            self._show()
        elif s.finished:
            self._sugg = None
            self._schedule(self.policy.after_typed_through(self._left()))
        return True

    # what the writer does -----------------------------------------------------------------
    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._head_cache is not None and position < self._head_cache[0]:
            self._head_cache = None
        if self._own_edits or removed == added == 0:
            return
        self._abandon()
        self.editor.clear_ghost()
        last = self.editor.document().characterAt(position + added - 1) if added else ""
        self._schedule(self.policy.after_edit(removed, added, last))

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
        if self._composing or editor.isReadOnly() or editor.surface.rewriting:
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
