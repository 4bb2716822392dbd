"""Ghost-text suggestions in one editor: what to show and what accepting does.

The rules are VS Code's inline completions: Tab accepts all (typed right after a letter before the
suggestion on its way there shows, it waits for it: `accept_or_wait`), Ctrl+Right the next word, Esc
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

What is worth showing (writer/generation/confidence.py): a suggestion whose first token is less
likely than `show_first_prob` is not shown (unless the writer asked for it with Ctrl+Space), and
its tail ends where its running confidence falls (`trim_run_prob`, a rule of the backend). Where
the model cannot write the language of the text at the cursor (the English-only starter model
in Chinese, Japanese or Korean) nothing is asked for automatically, and the writer is told once
for each language (the window's model status names a catalog model that writes it).

The next suggestion is ready when one is taken: once a suggestion has ended and the backend is
idle, its continuation is asked for ahead of time (`lookahead`), its text kept unseen, and shown
at once when the writer takes the whole suggestion (Tab, the last word, or typing through it).
Backspacing over a typo brings back the suggestion that was showing there before it, from
memory (`remembered`), without a request; so does backspacing into what was typed through.

In a long document a suggestion may read only a short window before the cursor (the cache
does not hold the wide one yet); the warm-up then reads the wide one, also while that suggestion
shows; `reading` says how far (a percentage, -1 when done or stopped for good).

Ctrl+Space (`ask`) asks here and now, shown however unsure, also with suggestions off (they
then come only when asked, the next one too); where none can come the status bar says why
(`why_not`: no model yet, a rewrite open, a selection, inside a word...).

Once a suggestion (or an alternative) has ended, the tokens in each generated token's place are
known (`places`): the writer may pick another at any word (writer.assist.choices), and the
suggestion is made again from there (`regenerate`), the text before the place kept as it was.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTextBoundaryFinder, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from writer.assist.context import (
    before_start,
    char_index,
    head_lines,
    qt_length,
    text_after,
    text_before,
    text_between,
)
from writer.assist.timing import Ask, AskPolicy, Place, is_word_char
from writer.documents.markdown import in_fenced_code, table_row
from writer.generation import choices as token_choices
from writer.generation import confidence
from writer.generation.requests import ContinuationRequest
from writer.generation.results import Alternative, FinishReason, Option, TokenChoice
from writer.generation.text import joins
from writer.generation.window import SHORT_WINDOW_TOKENS
from writer.ui.surface import Shown

if TYPE_CHECKING:
    from writer.assist.memory import DocumentMemory
    from writer.settings import Settings
    from writer.ui.editor import Editor
    from writer.worker import EngineWorker, RequestHandle

DIGITS = re.compile(r"\d+")
WARM_AFTER_MS = 400  # pause after a cursor move before the cache is filled ahead of typing
# after a letter inside a word, before the word's settled tokens are evaluated (`_settle`)
SETTLE_AFTER_MS = 20
# the longest a Tab typed right after a letter waits for the suggestion on its way there
# (`accept_or_wait`): what came is taken, else the tab is written
TAB_WAITS_MS = 1500
# the status bar's "Reading the document…" goes when no warm-up has said how far it is for
# this long (one that was cancelled and not followed, or whose last word was lost on the way):
# longer than a step of the slowest reading (WIDEN_STEP tokens), so it never blinks meanwhile
READING_STALE_MS = 8000
# the figure shows only once a reading has gone on this long: a short one (a tiny document's,
# a few words of a project's memory) is over before it is worth saying, and its "0%" flashed
READING_SHOWN_AFTER_MS = 1000
MEMORY_SIZE = 32  # suggestions remembered for backspacing over a typo
MEMORY_KEY_CHARS = 80  # how much of the text before the cursor tells two places apart
LANGUAGE_AROUND = 1000  # characters each side read for the language where 200 tell nothing
_WORDS = re.compile(r"[^\W\d_]+")  # (a run of Chinese is one: its language is told anyway)


@dataclass
class SuggestionSettings:
    """The suggestion settings, under the names `writer.settings.Settings` gives them."""

    enabled: bool = True
    debounce_ms: int = 150  # inside a word; a keystroke that ends a word asks at once
    max_suggestion_tokens: int = 48
    stop_at: str = "sentence"
    confidence_cutoff: float = 0.0  # cut a suggestion at its first token below this probability
    show_first_prob: float = confidence.SHOW_FIRST_PROB  # show only from this first-token prob
    trim_run_prob: float = confidence.TRIM_RUN_PROB  # end where the running product falls below
    # ask for the next suggestion before this one is taken, and have a word being typed read
    # as it would end (`_settle`)
    look_ahead: bool = True
    banned_phrases: Sequence[str] = ()  # what a suggestion never writes (generation/bans.py)

    @classmethod
    def of(cls, settings: Settings) -> SuggestionSettings:
        """The suggestion part of the app's settings."""
        return cls(
            enabled=settings.suggestions_enabled,
            debounce_ms=settings.debounce_ms,
            max_suggestion_tokens=settings.max_suggestion_tokens,
            stop_at=settings.stop_at,
            confidence_cutoff=settings.confidence_cutoff,
            show_first_prob=settings.show_first_prob,
            look_ahead=settings.look_ahead,
            banned_phrases=tuple(settings.banned_phrases),
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
    finder.setPosition(qt_length(text[:start]))  # (the finder counts UTF-16 units: an emoji
    end = finder.toNextBoundary()  # is two there, one here)
    return len(text) if end < 0 else max(char_index(text, end), start + 1)


@dataclass
class _Suggestion:
    handle: RequestHandle | None  # None: shown as it is (an alternative)
    position: int  # where the suggestion was asked for
    text: str = ""
    probs: list[float] = field(default_factory=list)
    consumed: int = 0  # characters already typed through or accepted
    taken_by: str = ""  # how the writer last took some of it here: "accept" or "typing"
    finished: bool = False
    typing: bool = False  # a typing request: it waits after its first piece for the pause
    kind: Shown = Shown.SUGGESTION
    asked: bool = False  # the writer asked for it (Ctrl+Space): shown whatever its confidence
    before: str = ""  # the request's text before the cursor (a lookahead's, to match it)
    request: ContinuationRequest | None = None  # what it was made for (to regenerate it)
    choices: list[TokenChoice] = field(default_factory=list)  # once finished, if the backend
    shown_from: int = 0  # where `text` starts in the text the choices' tokens made
    # Tab took it while it streamed, with the space that joins it to the following word
    # (`SuggestionController._seam`): the next piece's leading space is that one
    seam_taken: bool = False

    @property
    def remainder(self) -> str:
        return self.text[self.consumed :]

    @property
    def anchor(self) -> int:
        return self.position + qt_length(self.text[: self.consumed])


class SuggestionController(QObject):
    """Asks for, shows and accepts the suggestion at the cursor of one editor."""

    finished = Signal(object)  # GenerationStats of a suggestion that ended (not cancelled)
    failed = Signal(str)
    notice = Signal(str)  # a sentence for the status bar (a language the model lacks, said once;
    # why Ctrl+Space brings nothing)
    accepted = Signal(str)
    dismissed = Signal()
    reading = Signal(int)  # percent of the document's window the model has read; -1: done
    reading_failed = Signal(str)  # why a warm-up failed: said once, until one reads to its end
    _due = Signal()  # queued: a request due at once goes before the key's repaint (`_schedule`)

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
        self.memory: DocumentMemory | None = None  # what the project gives (the window sets it)
        self.warm_handle: RequestHandle | None = None
        self.warm_requests = 0  # how many times the cache was warmed ahead of typing
        self.settle_requests = 0  # warm-ups of a word's settled tokens while it is typed
        self._settle_handle: RequestHandle | None = None
        self.quieted = 0  # suggestions not shown: too unsure, or in a language the model lacks
        self._ahead: _Suggestion | None = None  # the continuation of the shown suggestion
        self._memory: OrderedDict[tuple[int, str], tuple[str, list[float]]] = OrderedDict()
        self._told: set[tuple[object, str]] = set()  # (model path, language) already said
        self._widening = False  # the last suggestion read a short window: read the wide one
        self._warm_failure: str | None = None  # the last warm-up's failure, said already
        self._typing_next = False  # the timer's request is a typing request
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.request_now(typing=self._typing_next))
        self._due.connect(self._ask_if_due, Qt.ConnectionType.QueuedConnection)
        self._resume_timer = QTimer(self)  # lets a held request go on once the writer pauses
        self._resume_timer.setSingleShot(True)
        self._resume_timer.timeout.connect(self._resume)
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(WARM_AFTER_MS)
        self._warm_timer.timeout.connect(self._warm)
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(SETTLE_AFTER_MS)
        self._settle_timer.timeout.connect(self._settle)
        # a Tab waiting for the suggestion on its way (`accept_or_wait`): where it was typed,
        # and the document's revision then
        self._tab_waits: tuple[int, int] | None = None
        self._tab_replayed = False  # (the Tab written after all: the editor's own way)
        self._tab_timer = QTimer(self)
        self._tab_timer.setSingleShot(True)
        self._tab_timer.setInterval(TAB_WAITS_MS)
        self._tab_timer.timeout.connect(self._tab_comes_to_nothing)
        self._reading_timer = QTimer(self)
        self._reading_timer.setSingleShot(True)
        self._reading_timer.setInterval(READING_STALE_MS)
        self._reading_timer.timeout.connect(lambda: self._say_reading(-1))
        self._read_percent = -1  # the figure the status bar shows (-1: none)
        self._reading_since = -1  # the figure of a reading not shown yet (-1: none)
        self._reading_shown_timer = QTimer(self)
        self._reading_shown_timer.setSingleShot(True)
        self._reading_shown_timer.setInterval(READING_SHOWN_AFTER_MS)
        self._reading_shown_timer.timeout.connect(self._show_reading)
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
    def next_ready(self) -> str:
        """The suggestion asked for ahead of time, to show once the shown one is taken."""
        return self._ahead.text if self._ahead is not None else ""

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
        col = char_index(block_text, cursor.positionInBlock())
        return Place(
            left=block_text[col - 1] if col > 0 else "",
            right=block_text[col : col + 1],
            position=cursor.position(),
            selection=cursor.hasSelection(),
            composing=self._composing,
            read_only=editor.isReadOnly(),
            rewriting=not editor.surface.allows(Shown.SUGGESTION),
        )

    def _in_table(self) -> bool:
        """The cursor is in a Markdown table's row (`markdown.table_row`), where a suggestion
        of prose is seldom what a cell holds and Tab goes to the next cell: none comes there
        by itself."""
        return self.editor.markdown is not None and table_row(
            self.editor.textCursor().block().text()
        )

    def _in_fenced_code(self) -> bool:
        """The cursor is in a Markdown fenced code block's line (as laid so far)."""
        highlighter = self.editor.markdown
        if highlighter is None:
            return False
        block = self.editor.textCursor().block()
        return in_fenced_code(block.text(), highlighter.state_before(block))

    def can_suggest(self, asked: bool = False) -> bool:
        """A suggestion may be asked for here now: suggestions on (or the writer asked), a
        model, and a place the ask policy allows."""
        if not ((self.settings.enabled or asked) and self.worker.is_loaded):
            return False
        return self.policy.may_ask(self.place())

    def why_not(self) -> str:
        """Why the writer's Ctrl+Space brings nothing here, as a sentence ('' while an input
        method composes: its own text is on the way)."""
        place = self.place()
        if place.composing:
            return ""
        if not self.worker.is_loaded:
            return self.tr(
                "No model is ready yet: suggestions come once one has loaded "
                "(Model → Manage Models)."
            )
        if place.rewriting:
            return self.editor.surface.refusal(Shown.SUGGESTION)
        if place.read_only:
            return self.tr("This document is read-only: nothing can be added to it.")
        if place.selection:
            return self.tr(
                "Suggestions come at the cursor, not over a selection (Ctrl+Shift+R rewrites it)."
            )
        if place.position > 0 and not self.policy.may_ask(place):
            return self.tr("Suggestions come at the end of a word, not inside one.")
        return self.tr("There is no text before the cursor to continue yet.")

    def lacking_language(self) -> str:
        """The language of the 200 characters before the cursor when the model cannot write
        it (writer.models.advice `lacking_language`: "zh", "ru", "fr"...), else "" (also when
        the catalog does not know the model). Where they hold too few words to tell (a new
        paragraph's first words after a heading, a sentence begun before another), the
        language of the text around the cursor (LANGUAGE_AROUND characters each side). A
        paragraph written in Latin letters alone is in none of the other scripts' languages,
        whatever is around it (English begun under a Chinese title was taken for Chinese)."""
        from writer.models.advice import LATIN, MIN_WORDS, in_latin_letters, lacking_language

        info = self.worker.info
        path = info.path if info is not None else None
        if path is None:
            return ""
        cursor = self.editor.textCursor()
        doc, pos = self.editor.document(), cursor.position()
        text = text_between(doc, pos - 200, pos)
        if len(_WORDS.findall(text)) < MIN_WORDS:
            text = text_between(doc, pos - LANGUAGE_AROUND, pos + LANGUAGE_AROUND)
        language = lacking_language(path, text)
        if language and language not in LATIN and in_latin_letters(cursor.block().text()):
            return ""
        return language

    def _tell_lacking(self, language: str) -> None:
        """Say once per model and language why suggestions stay quiet. Which model would write
        here (or that none of the catalog's does) the window's model status says beside it, as
        long as the text is in that language (writer.ui.model_status `check_language`): said
        once, here, it was cut off there."""
        from writer.models.advice import writes_english_only
        from writer.ui.i18n import language_name

        info = self.worker.info
        key = (info.path if info is not None else None, language)
        if key in self._told or info is None:
            return
        self._told.add(key)
        name = language_name(language)
        if writes_english_only(info.path):
            text = self.tr(
                "Suggestions stay quiet in {0} text: this model writes English only. "
                "Ctrl+Space still asks."
            )
        else:
            text = self.tr(
                "Suggestions stay quiet in {0} text: this model does not write {0}. "
                "Ctrl+Space still asks."
            )
        self.notice.emit(text.format(name))

    def request_here(self) -> ContinuationRequest | None:
        """The continuation request for the cursor's place (None with nothing before it)."""
        doc = self.editor.document()
        pos = self.editor.textCursor().position()
        before = text_before(doc, pos)
        if not before.strip():
            return None
        s = self.settings
        after = text_after(doc, pos)
        context = self.memory.context(before, after) if self.memory is not None else None
        return ContinuationRequest(
            before=before,
            after=after,
            max_tokens=s.max_suggestion_tokens,
            stop_at=s.stop_at,
            min_prob=s.confidence_cutoff,
            min_run_prob=s.trim_run_prob,
            head=self._head(before_start(pos)),
            short_first=True,
            memory=context.memory.text() if context is not None else "",
            style=context.style if context is not None else "",
            banned=tuple(s.banned_phrases),
        )

    def _head(self, start: int) -> str:
        """The title and headings before `start` (a long document's text the request leaves
        out), kept until an edit before `start`."""
        if start == 0:
            return ""
        if self._head_cache is None or self._head_cache[0] != start:
            self._head_cache = (start, head_lines(self.editor.document(), start))
        return self._head_cache[1]

    def request_now(self, typing: bool = False, asked: bool = False) -> RequestHandle | None:
        """Ask for a suggestion at the cursor now (the timer calls this). A `typing` request
        shows only its first piece until the writer pauses; an `asked` one (Ctrl+Space) is
        shown however unsure, and in any language."""
        self._timer.stop()
        if not self.can_suggest(asked):
            return None
        if not asked and self._in_table():
            self.quieted += 1  # (Tab goes from cell to cell there: Ctrl+Space still asks)
            return None
        if not asked:
            language = self.lacking_language()
            if language:
                self.quieted += 1
                self._tell_lacking(language)
                return None
        self._abandon()
        request = self.request_here()
        if request is None:
            return None
        request.typing = typing
        handle = self._submit(request, typing)
        self._sugg = _Suggestion(
            handle,
            self.editor.textCursor().position(),
            typing=typing,
            asked=asked,
            before=request.before,
            request=request,
        )
        self._connect(handle)
        return handle

    def ask(self) -> RequestHandle | None:
        """The writer asks for a suggestion here (Ctrl+Space), also with suggestions off (they
        then come only when asked). Where none can come, the status bar says why."""
        handle = self.request_now(asked=True)
        if handle is None:
            reason = self.why_not()
            if reason:
                self.notice.emit(reason)
        return handle

    def _submit(self, request: ContinuationRequest, typing: bool = False) -> RequestHandle:
        return self.worker.submit(
            lambda backend, cancel: backend.continuation(request, cancel),
            hold_after=1 if typing else 0,
            owner=self.editor,
            kind="suggestion",
        )

    def _connect(self, handle: RequestHandle) -> None:
        handle.piece_generated.connect(self._on_piece)
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        for ended in (handle.piece_generated, handle.finished, handle.failed):
            ended.connect(self._tab_check)  # (after: what came shown and taken, or not)

    def _schedule(self, ask: Ask) -> None:
        """Ask as the policy answered: after `ask.delay_ms`, a typing request or not."""
        if self.settings.enabled and not self._composing:
            self._typing_next = ask.typing
            self._timer.start(ask.delay_ms)
            if ask.delay_ms == 0:
                # A zero timer fires after Qt repaints the key's change (a few ms); a queued
                # call comes before that (Qt posts repaints at low priority), so the engine
                # reads the prompt while the window paints. The timer stays the one truth: a
                # later key of the same burst restarts it, and the call then asks nothing.
                self._due.emit()

    def _ask_if_due(self) -> None:
        if self._timer.isActive() and self._timer.interval() == 0:
            self.request_now(typing=self._typing_next)

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
        if not s.text and not s.asked and not confidence.worth_showing(
            prob, self.settings.show_first_prob
        ):
            self.quieted += 1
            self._abandon()  # not worth a glance: nothing shows, nothing more is asked
            if len(s.before) > SHORT_WINDOW_TOKENS:
                # it may have read a short window, and there is no end to say so: read the wide
                # one when idle (a warm-up that finds it read costs nothing)
                self._set_widening(True)
            return
        cursor = self.editor.textCursor()
        if cursor.position() != s.anchor or cursor.hasSelection():
            self.dismiss()  # never show a suggestion where it was not made for
            return
        if s.seam_taken and text:
            s.seam_taken = False
            if not text[0].isspace():
                # the word goes on where Tab wrote the joining space: what was taken was whole
                self._abandon()
                self.editor.clear_ghost()
                self._schedule(self.policy.after_accept(self._left()))
                return
            text = text[1:]  # (Tab wrote it)
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
        s.choices, s.shown_from = list(stats.choices), stats.shown_from
        if stats.finish_reason != FinishReason.CANCELLED:
            self.finished.emit(stats)
            self._set_widening(stats.short_window)
        if s.remainder and not s.remainder.strip():
            # only line breaks or spaces are left (the next paragraph's break, its words cut
            # where the model's confidence fell): nothing to see, and Tab wrote them unseen
            self.editor.clear_ghost()
            if stats.finish_reason != FinishReason.CANCELLED and s.asked and not s.text.strip():
                self.notice.emit(self.tr("The model has nothing to suggest here."))
        elif not s.remainder:
            self.editor.clear_ghost()
            if stats.finish_reason == FinishReason.CANCELLED:
                return
            if s.asked and not s.text:
                # Ctrl+Space never goes unanswered
                self.notice.emit(self.tr("The model has nothing to suggest here."))
            elif s.taken_by and self.editor.textCursor().position() == s.anchor:
                # taken whole while it streamed: what follows comes as after any accept
                policy, left = self.policy, self._left()
                typed = s.taken_by == "typing"
                self._abandon()
                self._schedule(
                    policy.after_typed_through(left) if typed else policy.after_accept(left)
                )
        elif stats.finish_reason != FinishReason.CANCELLED:
            self._look_ahead()

    def _on_failed(self, message: str) -> None:
        self._sugg = None
        self.editor.clear_ghost()
        self.failed.emit(message)

    def _show(self) -> None:
        s = self._sugg
        seam = self._seam(s) if s is not None else ""
        if s is None or not (s.remainder or seam):
            self.editor.clear_ghost()
            return
        # its quotes as taking it writes them (`typographic`: the same length, one for one);
        # the suggestion itself keeps the model's, which typing through it compares with
        shown = self.editor.typographic(s.remainder + seam, s.anchor)
        probs = s.probs[s.consumed :] + [s.probs[-1]] * len(seam)
        if not self.editor.show_ghost(s.anchor, shown, probs, s.kind):
            self._abandon()  # the surface refused it: a rewrite holds the editor
        elif self._tab_waits is not None and s.remainder.strip() and self._tab_still_here():
            self.accept()  # (the Tab typed before it came: taken once there are words to see)

    def _seam(self, s: _Suggestion) -> str:
        """The space that joins suggestion `s`, while it streams, to the word after the cursor
        (the rule of writer/generation/text.py, whose last piece brings it once generation
        ends): shown and taken with it, so what shows is what Tab inserts at every moment."""
        if s.finished or s.handle is None or not s.text:
            return ""
        following = self.editor.document().characterAt(s.anchor)
        return " " if joins(s.text[-1], following) else ""

    def show_fixed(
        self,
        text: str,
        probs: list[float],
        kind: Shown = Shown.SUGGESTION,
        choices: list[TokenChoice] | None = None,
        shown_from: int = 0,
        request: ContinuationRequest | None = None,
    ) -> None:
        """Show `text` at the cursor as a finished suggestion that Tab accepts (an alternative
        the writer picked, with `kind` ALTERNATIVE; with its tokens' `choices` and the
        `request` it was made for, another token can be picked in it)."""
        self._timer.stop()
        self._abandon()
        pos = self.editor.textCursor().position()
        text, probs = without_spaces_before_breaks(text, list(probs))
        self._sugg = _Suggestion(
            None,
            pos,
            text=text,
            probs=probs,
            finished=True,
            kind=kind,
            request=request,
            choices=list(choices or []),
            shown_from=shown_from,
        )
        self._show()

    # another token at a place --------------------------------------------------------------
    def places(self) -> list[token_choices.Place]:
        """The places of the shown suggestion where another token can be picked, in characters
        of what shows now (after what was typed through or accepted); [] while it streams, or
        where the backend described no tokens."""
        s = self._sugg
        if s is None or not s.finished or not s.choices or not self.remainder:
            return []
        found = token_choices.places(s.choices, s.shown_from, s.text)
        return [
            token_choices.Place(p.index, p.start - s.consumed, p.end - s.consumed, p.typed)
            for p in found
            if p.start >= s.consumed
        ]

    def token_at(self, place: token_choices.Place) -> int:
        """The id of the token the suggestion has at `place` (-1: not known)."""
        s = self._sugg
        if s is None or not 0 <= place.index < len(s.choices):
            return -1
        return s.choices[place.index].token

    def options_at(self, place: token_choices.Place) -> tuple[Option, ...]:
        s = self._sugg
        if s is None or not s.choices:
            return ()
        return token_choices.spelling(s.choices[place.index].options, place.typed)

    def shown_alternative(self) -> tuple[Alternative, ContinuationRequest | None] | None:
        """The finished suggestion that shows, untouched by the writer, as an alternative (so
        that cycling through alternatives can come back to it), with the request it was made
        for (its choices follow that request's prompt); None otherwise."""
        s = self._sugg
        if s is None or not s.finished or s.consumed or not self.remainder:
            return None
        probs = [c.prob for c in s.choices] or [min(s.probs, default=1.0)]
        score = sum(math.log(max(p, 1e-12)) for p in probs) / len(probs)
        alt = Alternative(
            s.text, score, list(s.probs), choices=list(s.choices), shown_from=s.shown_from
        )
        return alt, s.request

    @property
    def streaming(self) -> bool:
        """A suggestion shows and is still being made (its places come when it ends)."""
        s = self._sugg
        return s is not None and not s.finished and self.editor.ghost_visible

    def regenerate(self, place: token_choices.Place, option: Option) -> RequestHandle | None:
        """Make the shown suggestion again with `option` at `place`: the text before the place
        stays as it shows, the rest streams in (None when nothing can be regenerated)."""
        s = self._sugg
        if s is None or s.request is None or not s.choices or not self.editor.ghost_visible:
            return None
        request = s.request
        forced = token_choices.forced(s.choices, place.index, option)
        handle = self.worker.submit(
            lambda backend, cancel: backend.regenerate(request, forced, cancel),
            owner=self.editor,
            kind="suggestion",
        )
        self._timer.stop()
        self._abandon()
        self._sugg = _Suggestion(
            handle,
            s.position,
            consumed=s.consumed,
            kind=s.kind,
            asked=True,
            before=s.before,
            request=request,
        )
        self._connect(handle)
        return handle

    # the next suggestion, ahead of time ----------------------------------------------------
    def _look_ahead(self) -> None:
        """Ask, when the backend is idle, for what follows the shown suggestion, and keep it
        unseen until the writer takes the whole suggestion (see `_take_ahead`)."""
        s = self._sugg
        self._drop_ahead()
        if s is None or not self.settings.look_ahead or s.kind != Shown.SUGGESTION:
            return
        if not self.settings.enabled:
            return  # suggestions come only when asked: the next one too
        request = self.request_here()
        if request is None or self.editor.textCursor().position() != s.anchor:
            return
        end = s.anchor + qt_length(s.remainder)
        request.before += self.editor.typographic(s.remainder)  # (as taking it writes it)
        request.ahead = True
        request.head = self._head(before_start(end))
        if before_start(end) != before_start(s.anchor):
            return  # the window would start elsewhere: asked for afterwards as usual
        handle = self.worker.submit_when_idle(
            lambda backend, cancel: backend.continuation(request, cancel)
        )
        if handle is None:
            return
        ahead = _Suggestion(handle, end, before=request.before, request=request)
        self._ahead = ahead

        def piece(text: str, prob: float) -> None:
            if self._ahead is ahead:
                ahead.text, ahead.probs = without_spaces_before_breaks(
                    ahead.text + text, ahead.probs + [prob] * len(text)
                )

        def finished(stats) -> None:
            if self._ahead is ahead:
                ahead.finished = True
                ahead.choices, ahead.shown_from = list(stats.choices), stats.shown_from

        handle.piece_generated.connect(piece)
        handle.finished.connect(finished)
        handle.failed.connect(lambda _m: self._drop_ahead() if self._ahead is ahead else None)

    def _drop_ahead(self) -> None:
        if self._ahead is not None:
            if self._ahead.handle is not None:
                self._ahead.handle.abandon()
            self._ahead = None

    def _take_ahead(self) -> bool:
        """Show the suggestion asked for ahead of time, if it continues the text before the
        cursor exactly as it stands; True when it was taken (shown, or nothing worth showing)."""
        ahead, self._ahead = self._ahead, None
        if ahead is None:
            return False
        pos = self.editor.textCursor().position()
        request = self.request_here()
        if pos != ahead.position or request is None or request.before != ahead.before:
            if ahead.handle is not None:
                ahead.handle.abandon()
            return False
        if ahead.finished and not ahead.text:
            return True  # the model has nothing to add here: asking again would say the same
        if ahead.probs and not confidence.worth_showing(
            ahead.probs[0], self.settings.show_first_prob
        ):
            self.quieted += 1
            if ahead.handle is not None:
                ahead.handle.abandon()
            return True
        handle = ahead.handle
        self._sugg = ahead
        if handle is not None and not ahead.finished:
            for signal in (handle.piece_generated, handle.finished, handle.failed):
                signal.disconnect()
            self._connect(handle)
        if ahead.text:
            self._show()
        if ahead.finished and ahead.text:
            self._look_ahead()
        return True

    # memory for backspace -----------------------------------------------------------------
    def _memory_key(self, pos: int) -> tuple[int, str]:
        return (pos, text_between(self.editor.document(), pos - MEMORY_KEY_CHARS, pos))

    def _remember(self) -> None:
        """Keep the shown suggestion for its place, to bring back after a typo's backspace."""
        s = self._sugg
        if s is None or not s.remainder or not self.editor.ghost_visible:
            return
        key = self._memory_key(s.anchor)
        self._memory[key] = (s.remainder, list(s.probs[s.consumed :]))
        self._memory.move_to_end(key)
        while len(self._memory) > MEMORY_SIZE:
            self._memory.popitem(last=False)

    def _recall(self) -> None:
        if self._sugg is None and self.remembered():
            self._timer.stop()

    def remembered(self) -> bool:
        """Show the suggestion remembered for the cursor's place, if any (no request)."""
        cursor = self.editor.textCursor()
        if not self.settings.enabled or self._composing or cursor.hasSelection():
            return False
        if not self.editor.surface.allows(Shown.SUGGESTION):
            return False
        found = self._memory.get(self._memory_key(cursor.position()))
        if found is None:
            return False
        text, probs = found
        self._sugg = _Suggestion(None, cursor.position(), text=text, probs=probs, finished=True)
        self._show()
        return self.editor.ghost_visible

    # ending -------------------------------------------------------------------------------
    def _abandon(self) -> None:
        self._resume_timer.stop()
        if self._sugg is not None and self._sugg.handle is not None:
            self._sugg.handle.abandon()
        self._sugg = None
        self._drop_ahead()

    def dismiss(self) -> None:
        """Hide the suggestion and abandon its request (and a Tab waiting for it)."""
        self._timer.stop()
        self._tab_waits = None
        self._tab_timer.stop()
        self._abandon()
        self.editor.clear_ghost()
        self.dismissed.emit()

    def accept(self, length: int | None = None) -> str:
        """Insert the suggestion (or its first `length` characters) as one undo step."""
        s = self._sugg
        if s is None or not self.editor.ghost_visible:
            return ""
        take = s.remainder if length is None else s.remainder[:length]
        # (Tab: the joining space too; a word taken leaves it shown, as once it has streamed)
        seam = self._seam(s) if length is None else ""
        if not take and not seam:
            return ""
        if "\n" in take and not take.strip():
            return ""  # (line breaks alone, streaming before their words: nothing seen to take)
        self.editor.clear_ghost()
        self._own_edits += 1
        try:
            cursor = self.editor.textCursor()
            # (its quotes typographic where the writer's are: the same length, one for one)
            self.editor.insert_step(cursor, self.editor.typographic(take + seam))
            self.editor.setTextCursor(cursor)
        finally:
            self._own_edits -= 1
        s.consumed += len(take)
        if seam:  # (as if the model had written it: the text and the anchor keep step)
            s.text, s.probs = s.text + seam, s.probs + [s.probs[-1]] * len(seam)
            s.consumed += len(seam)
            s.seam_taken = True
            take += seam
        s.taken_by = "accept"
        self.accepted.emit(take)
        if s.remainder or self._seam(s):
            self._show()
        elif not s.finished and s.handle is not None:
            pass  # taken faster than it streams: the rest shows where the cursor now is
        else:
            ahead, self._ahead = self._ahead, None
            self._abandon()
            self._ahead = ahead
            if not self._take_ahead():
                self._schedule(self.policy.after_accept(self._left()))
        return take

    def accept_next_word(self) -> str:
        s = self._sugg
        if s is None or not self.editor.ghost_visible:
            return ""
        return self.accept(next_word_end(s.remainder))

    def accept_or_wait(self) -> bool:
        """Tab: take the suggestion shown (`accept`). With none shown yet but one on its way
        to this very place (asked for, or waiting for the writer's pause: the Tab is that
        pause), right after a letter ("stai|"), the Tab waits for it, at most TAB_WAITS_MS,
        and takes what comes; where nothing comes it is written as Tab writes it. An edit,
        a move or Esc meanwhile drops it (the writer went on: "stai" then a tab then "rs"
        was no one's word). False where Tab is the editor's (nothing on its way here; not
        after a letter: a line's start, a list's indent, a table's next cell)."""
        if self._tab_replayed:
            return False  # (the waiting Tab, written after all)
        if self.accept():
            return True
        cursor = self.editor.textCursor()
        if self.editor.ghost_visible or cursor.hasSelection() or not is_word_char(self._left()):
            return False
        if self._in_fenced_code():
            return False  # (a Tab in code is a Tab at once, as a code editor's: none waits)
        s = self._sugg
        coming = s is not None and s.handle is not None and not s.finished
        here = coming and s.anchor == cursor.position()
        # (waiting for the pause: the Tab is that pause, it is asked for now)
        if not here and (not self.scheduled or self.request_now(self._typing_next) is None):
            return False
        self._tab_waits = (cursor.position(), self.editor.document().revision())
        self._tab_timer.start()
        return True

    def _tab_still_here(self) -> bool:
        """A Tab waits, and nothing was edited or moved since it was typed."""
        waits, self._tab_waits = self._tab_waits, None
        self._tab_timer.stop()
        cursor = self.editor.textCursor()
        return waits == (cursor.position(), self.editor.document().revision()) and not (
            cursor.hasSelection()
        )

    def _tab_comes_to_nothing(self) -> None:
        """No suggestion came for the waiting Tab (in time, or at all): it is written, as the
        key writes it where nothing is suggested (through the editor: a list's indent too)."""
        if not self._tab_still_here():
            return
        self._tab_replayed = True
        try:
            self.editor.keyPressEvent(QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, "\t"
            ))  # fmt: skip
        finally:
            self._tab_replayed = False

    def _tab_check(self, *_said) -> None:
        """The suggestion a Tab waits for ended, or was let go, without showing: the Tab is
        written now."""
        if self._tab_waits is not None and not self.editor.ghost_visible and self.pending is None:
            self._tab_comes_to_nothing()

    def type_through(self, typed: str, insert: Callable[[], None]) -> bool:
        """If `typed` is what the suggestion says next, let `insert` type it and keep the rest
        of the suggestion (no new request); False otherwise (nothing done)."""
        s = self._sugg
        if s is None or not self.editor.ghost_visible:
            return False
        seam = self._seam(s)  # (the joining space shown after it, typed as shown: Tab's)
        if not (s.remainder + seam).startswith(typed):
            return False
        # kept for this place too: a backspace into what was typed through brings it back (it
        # came back after a typo's backspace only, and went at the next)
        self._remember()
        self.editor.clear_ghost()
        self._own_edits += 1
        try:
            insert()
        finally:
            self._own_edits -= 1
        through = min(len(typed), len(s.remainder))
        s.consumed += through
        if len(typed) > through:  # (the joining space typed: as if the model had written it)
            extra = typed[through:]
            s.text, s.probs = s.text + extra, s.probs + [s.probs[-1]] * len(extra)
            s.consumed += len(extra)
            s.seam_taken = True
        s.taken_by = "typing"
        if self.editor.textCursor().position() != s.anchor:
            self.dismiss()
            self._schedule(Ask(self.policy.pause_ms))
            return True
        if s.typing:
            self._resume_timer.start(max(0, self.settings.debounce_ms))  # still typing
        if s.remainder or self._seam(s):
            self._show()
        elif s.finished:
            self._sugg = None
            if not self._take_ahead():
                self._schedule(self.policy.after_typed_through(self._left()))
        return True

    # what the writer does -----------------------------------------------------------------
    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._head_cache is not None and position < self._head_cache[0]:
            self._head_cache = None
        if self._own_edits or removed == added == 0 or self.editor.quiet:
            return  # (a typed quote made typographic: the same text, for the suggestion)
        if self.editor.elsewhere:  # not the writer's keys (Editor.from_elsewhere)
            self._abandon()
            self.editor.clear_ghost()
            self._timer.stop()  # nothing asked for until they type here again
            return
        self._tab_waits = None  # (the writer went on: the Tab waiting is dropped)
        if not removed and self._sugg is not None and position == self._sugg.anchor:
            self._remember()  # typed over it: a backspace may bring it back
        self._abandon()
        self.editor.clear_ghost()
        if removed and not added and self._memory:
            QTimer.singleShot(0, self._recall)
        last = self.editor.document().characterAt(position + added - 1) if added else ""
        ask = self.policy.after_edit(removed, added, last)
        self._schedule(ask)
        if ask.delay_ms and added and not removed and is_word_char(last):
            self._settle_timer.start()  # a letter inside a word: see `_settle`

    def _on_cursor_moved(self) -> None:
        if self._own_edits or self.editor.quiet:
            return
        s = self._sugg
        if s is not None and self.editor.textCursor().position() != s.anchor:
            self.dismiss()
        waits = self._tab_waits
        if waits is not None and self.editor.textCursor().position() != waits[0]:
            self._tab_waits = None  # (moved away: the Tab waiting is dropped)
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
        if not self._may_warm():
            return
        s = self._sugg
        if (s is not None and not (s.finished and self._widening)) or self._timer.isActive():
            return
        request = self.request_here()
        if request is None:
            return
        handle = self.worker.submit_when_idle(lambda backend, cancel: backend.warm(request, cancel))
        if handle is None and self._widening:
            self.warm_soon()  # busy (a suggestion read ahead, say): the wide window waits its turn
        if handle is not None:
            self.warm_requests += 1
            self.warm_handle = handle
            handle.progressed.connect(self._on_progress)
            handle.finished.connect(self._on_warmed)
            handle.failed.connect(self._on_warm_failed)

    def _may_warm(self) -> bool:
        """A warm-up may go to the backend now: a model, suggestions on, and an editor that
        shows its text plainly (no input method composing, no rewrite, no selection)."""
        editor = self.editor
        return (
            self.worker.is_loaded
            and self.settings.enabled
            and not (self._composing or editor.isReadOnly() or editor.surface.rewriting)
            and not editor.textCursor().hasSelection()
            and editor.isVisible()
        )

    def _settle(self) -> None:
        """While the writer types a word, have the backend evaluate the word's tokens that are
        settled (a warm-up with `typing`, see `Engine.warm`), unless it is busy: the word's end
        then evaluates its last token only. It cancels nothing but the last letter's warm-up,
        which goes on reading what is still to be read (a project's new memory, the wide
        window) after its word: this letter's word comes first, the reading goes on after it
        from where it stopped. The next request cancels it within a step."""
        if not self.settings.look_ahead:
            return  # the writer's choice: no work ahead of them
        if not (self._timer.isActive() and self._may_warm()):
            return  # only while the ask after the pause waits (the writer is inside a word)
        if not self.worker.idle:
            last = self._settle_handle
            if last is not None and not last.done:
                last.cancel()
                self._settle_timer.start()  # again once the worker has let it go
            return
        request = self.request_here()
        if request is None or request.after.strip():
            return  # in the middle the anchored prompt already costs a keystroke's tokens
        request.typing = True
        handle = self.worker.submit_when_idle(lambda backend, cancel: backend.warm(request, cancel))
        if handle is not None:
            self.settle_requests += 1
            self._settle_handle = handle  # a handle nobody holds cancels its request
            # what it reads after the word (the wide window, a new memory) shows in the
            # status bar as an idle warm-up's does; a cancel leaves the figure until the next
            # letter's warm-up goes on from there
            handle.progressed.connect(self._on_progress)

    def _set_widening(self, widening: bool) -> None:
        self._widening = widening
        if widening:
            self.warm_soon()
        else:
            self._say_reading(-1)

    def _on_progress(self, done: int, total: int) -> None:
        """How far a warm-up has read what is still to be read; all of it: nothing to say. A
        figure no warm-up goes on from goes after READING_STALE_MS."""
        if done < total:
            self._reading_timer.start()
            self._say_reading(100 * done // total)
        else:
            self._reading_timer.stop()
            self._say_reading(-1)

    def _say_reading(self, percent: int) -> None:
        """`reading`, when the figure changes (a reading while typing reports every few
        tokens: the status bar is not laid out again for each); a reading's first figure once
        it has gone on READING_SHOWN_AFTER_MS, so that a short one says nothing."""
        if percent >= 0 and self._read_percent < 0:
            self._reading_since = percent
            if not self._reading_shown_timer.isActive():
                self._reading_shown_timer.start()
            return
        if percent < 0:
            self._reading_shown_timer.stop()
            self._reading_since = -1
        if percent != self._read_percent:
            self._read_percent = percent
            self.reading.emit(percent)

    def _show_reading(self) -> None:
        """A reading still under way READING_SHOWN_AFTER_MS after its first figure: say how
        far it is."""
        if self._reading_since >= 0:
            self._read_percent = self._reading_since
            self.reading.emit(self._read_percent)

    def _on_warmed(self, stats) -> None:
        """A warm-up that ran its course read everything; a cancelled one goes on later."""
        if stats.finish_reason == FinishReason.WARMED:
            self._warm_failure = None
            self._set_widening(False)

    def _on_warm_failed(self, message: str) -> None:
        """A warm-up that failed stops the reading (the next suggestion reads what it needs).
        Why is said (`reading_failed`): a wide window the server refuses, a server gone, while
        the writer may still see suggestions of the short window; once, not at every pause,
        until a warm-up reads to its end again or fails otherwise (the figures in a sentence
        aside: a refusal names the prompt's length, which grows with every word)."""
        self._set_widening(False)
        reason = DIGITS.sub("#", message)  # a server's sentence may hold the prompt's length
        if reason != self._warm_failure:
            self._warm_failure = reason
            self.reading_failed.emit(message)
