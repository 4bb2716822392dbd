"""What one editor shows at its cursor: the one owner of the text laid out there and not written.

A suggestion, an alternative and a rewrite's new text all use the block layout's pre-edit area
(see `GhostText`); one `InlineSurface` per editor holds the one `GhostText` that paints them, so
two of them can never be laid out at once. While a rewrite is open the surface is the rewrite's:
it refuses suggestions and alternatives (`refusal()` says why, `refused` carries the sentence to
the status bar), tells the controllers with `rewrite_opened` so they drop what they show and ask
for nothing more, and takes the assist keys of the editor's `KEYMAP` (`perform`): the rewrite's
own (Enter, Tab, Esc) go to it, the alternatives' are refused. While an input method composes,
its text takes the pre-edit area and the surface shows nothing (a rewrite's preview comes back
with the rewrite's next change).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QTextDocument

from writer.ui.ghost import GhostText

ALTERNATIVE_ACTIONS = (
    "next_alternative",
    "previous_alternative",
    "list_alternatives",
    "choose_token",
)


class Shown(StrEnum):
    """What the surface shows."""

    NOTHING = ""
    SUGGESTION = "suggestion"
    ALTERNATIVE = "alternative"
    REWRITE = "rewrite"


class InlineSurface(QObject):
    """The text shown at one editor's cursor, and what may be shown there now."""

    refused = Signal(str)  # a sentence: why something asked for cannot be shown now
    changed = Signal()  # what is shown (or where) changed
    rewrite_opened = Signal()
    rewrite_closed = Signal()

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ghost = GhostText(document)
        self.shown = Shown.NOTHING
        self.rewriting = False
        self.composing = False
        self._rewrite_keys: Callable[[str], bool] | None = None
        self.ghost_color = QColor(128, 128, 128)
        self.rewrite_color = QColor(0, 0, 0)
        self.rewrite_background: QColor | None = None

    # what may be shown --------------------------------------------------------------------
    def allows(self, kind: Shown) -> bool:
        """Whether `kind` may be shown (or asked for) now."""
        return not (self.rewriting and kind in (Shown.SUGGESTION, Shown.ALTERNATIVE))

    def refusal(self, kind: Shown) -> str:
        """Why `kind` cannot be shown (or asked for) now; '' when it can."""
        if not self.allows(kind):
            if kind == Shown.ALTERNATIVE:
                return self.tr("Alternatives wait until the rewrite is accepted or rejected.")
            return self.tr("Suggestions wait until the rewrite is accepted or rejected.")
        return ""

    def refuse(self, kind: Shown) -> bool:
        """True (and the reason to `refused`) when `kind` cannot be shown now."""
        reason = self.refusal(kind)
        if reason:
            self.refused.emit(reason)
        return bool(reason)

    def set_composing(self, composing: bool) -> None:
        """An input method composes (call it before the editor lays out the composition)."""
        self.composing = composing
        if composing:
            self.clear()

    def open_rewrite(self, perform: Callable[[str], bool]) -> None:
        """A rewrite takes the surface and the keys (`perform(action)` does a key's action or
        returns False): whatever else shows goes."""
        self._rewrite_keys = perform
        if not self.rewriting:
            self.rewriting = True
            self.clear()
            self.rewrite_opened.emit()

    def close_rewrite(self) -> None:
        self._rewrite_keys = None
        if self.rewriting:
            self.rewriting = False
            self.clear()
            self.rewrite_closed.emit()

    def perform(self, action: str) -> bool:
        """While a rewrite holds the surface: its keys go to it, and the alternatives' keys
        that it does not take (Alt+] and Alt+[ go through its versions) are refused (True: the
        key is taken). Otherwise False."""
        if not self.rewriting:
            return False
        taken = self._rewrite_keys is not None and self._rewrite_keys(action)
        if not taken and action in ALTERNATIVE_ACTIONS:
            return self.refuse(Shown.ALTERNATIVE)
        return taken

    # showing ------------------------------------------------------------------------------
    def show(self, kind: Shown, position: int, text: str, probs: list[float] | None = None) -> bool:
        """Paint `text` at `position` as `kind`; False (nothing shown) when it is refused."""
        if not self.allows(kind) or self.composing:
            return False
        ghost = self.ghost
        rewrite = kind == Shown.REWRITE
        ghost.fade = not rewrite
        ghost.color = self.rewrite_color if rewrite else self.ghost_color
        ghost.background = self.rewrite_background if rewrite else None
        self.shown = kind if text else Shown.NOTHING
        ghost.show(position, text, probs)
        self.changed.emit()
        return True

    def clear(self, kind: Shown | None = None) -> None:
        """Hide what is shown (only if it is `kind`, when given)."""
        if kind is None or kind == self.shown:
            self.shown = Shown.NOTHING
            if self.ghost.visible:
                self.ghost.clear()
                self.changed.emit()
            else:
                self.ghost.clear()

    @property
    def visible(self) -> bool:
        return self.ghost.visible

    @property
    def text(self) -> str:
        """What is shown now ('' when nothing)."""
        return self.ghost.text if self.ghost.visible else ""

    @property
    def position(self) -> int:
        return self.ghost.position
