"""Inline help in one editor: its suggestion and alternatives controllers, and the keys they take.

`InlineAssist` is the editor's assistant: the editor maps a key to an action name (its one
`KEYMAP`) and calls `perform`; an action that does not apply now (Tab with no suggestion shown or
on its way: `SuggestionController.accept_or_wait`) returns False and the key does what it does in
any editor. While a rewrite holds the editor's surface, the surface takes the keys (see
`InlineSurface.perform`); its refusals come out here as `message`. The alternatives controller
knows nothing of suggestions: the alternative it chooses is shown here, as a finished suggestion
of the kind ALTERNATIVE.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from writer.assist.alternatives import AlternativesController
from writer.assist.choices import TokenChoices
from writer.assist.suggestions import SuggestionController, SuggestionSettings
from writer.ui.ghost_bar import GhostBar
from writer.ui.i18n import sentence
from writer.ui.surface import Shown

if TYPE_CHECKING:
    from writer.ui.editor import Editor
    from writer.worker import EngineWorker


class InlineAssist(QObject):
    """Ghost-text suggestions, alternatives and the rewrite's keys for one editor."""

    message = Signal(str)  # a sentence for the status bar (a refusal, a failure)

    def __init__(
        self, editor: Editor, worker: EngineWorker, settings: SuggestionSettings | None = None
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.surface = editor.surface
        self.suggestions = SuggestionController(editor, worker, settings)
        self.alternatives = AlternativesController(
            editor, worker, self.suggestions.request_here, shown=self.suggestions.shown_alternative
        )
        self.alternatives.chosen.connect(self._show_alternative)
        self.choices = TokenChoices(editor, self.suggestions)
        self.choices.message.connect(self.message)
        self.alternatives.list_ready.connect(editor.show_alternatives_menu)
        self.alternatives.failed.connect(
            lambda m: self.message.emit(self.tr("Alternatives failed: {0}").format(sentence(m)))
        )
        self.alternatives.none_found.connect(
            lambda: self.message.emit(
                self.tr("No alternatives here: the model wrote nothing that fits at the cursor.")
            )
        )
        self.suggestions.dismissed.connect(self.alternatives.reset)
        # taken, the alternative is text: the counter has nothing left to count
        self.suggestions.accepted.connect(lambda _text: self.alternatives.reset())
        self.suggestions.notice.connect(self.message)
        self.surface.refused.connect(self.message)
        editor.alternative_picked.connect(self._pick)
        # the pointer over the ghost: a bar with what its keys do (VS Code's, on hover)
        self.bar = GhostBar(editor, self.perform)
        self.alternatives.changed.connect(self.bar.set_count)
        editor.assistant = self

    def perform(self, action: str) -> bool:
        """Do what a key asks; False when it does not apply now."""
        if self.surface.rewriting:
            return self.surface.perform(action)
        s = self.suggestions
        if action == "next_alternative":
            self.alternatives.cycle(1)
        elif action == "previous_alternative":
            self.alternatives.cycle(-1)
        elif action == "list_alternatives":
            self.alternatives.show_list()
        elif action == "choose_token":
            return self.choices.open()
        elif action == "accept":
            return s.accept_or_wait()
        elif action == "accept_word":
            return bool(s.accept_next_word())
        elif action == "dismiss":
            if not (self.editor.ghost_visible or s.pending is not None):
                if s.scheduled:  # the ask after the pause: Esc said no to it before it came
                    s.dismiss()
                return False  # (and Esc goes on: nothing showed that it took away)
            s.dismiss()
        else:
            return False
        return True

    def _show_alternative(self, text: str, probs: list[float]) -> None:
        alt, request = self.alternatives.current
        self.suggestions.show_fixed(
            text,
            probs,
            Shown.ALTERNATIVE,
            choices=alt.choices if alt is not None else None,
            shown_from=alt.shown_from if alt is not None else 0,
            request=request,
        )

    def _pick(self, index: int) -> None:
        if self.alternatives.pick(index):
            self.suggestions.accept()

    def type_through(self, typed: str, insert: Callable[[], None]) -> bool:
        return self.suggestions.type_through(typed, insert)

    def set_composing(self, composing: bool) -> None:
        self.suggestions.set_composing(composing)

    def focus_lost(self) -> None:
        self.suggestions.focus_lost()
