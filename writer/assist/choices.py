"""Another word at any place of a suggestion: the list at a word, and the pick.

Alt+Down opens the list at the suggestion's first word, a click on a ghost word at that word;
Left/Right in the list go to the previous or next word, Up/Down, Enter and the digits pick, Esc
closes it and leaves the suggestion as it was. The list is what the backend recorded while it
generated the suggestion (`SuggestionController.places`): opening it costs no model time. A pick
makes the suggestion again from there (`SuggestionController.regenerate`), the text before the
word kept as it shows. Where the backend recorded nothing (a server that gives no
probabilities), the list says so in a sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from writer.generation.choices import Place, place_at
from writer.generation.results import Option

if TYPE_CHECKING:
    from writer.assist.suggestions import SuggestionController
    from writer.ui.editor import Editor


def option_label(
    number: int, option: Option, current: bool = False, show_space: bool = False
) -> str:
    """A row of the list: its digit, the token's text (spaces and breaks made visible) and its
    probability; the token that shows now is marked. A word's leading space is left out, unless
    `show_space` (another row holds the same word without it: " He" and "He" looked alike)."""
    text = option.text.replace("\n", "⏎").replace("\t", "⇥")
    if not text.strip():
        text = text.replace(" ", "␣")
    elif text.startswith(" "):
        text = ("␣" if show_space else "") + text[1:]
    mark = " ●" if current else ""
    return f"{number}.  {text}   {option.prob:.0%}{mark}"


def current_row(options: tuple[Option, ...], token: int, shown: str) -> int:
    """The row of `options` that is the suggestion's own token at a place (-1: none): the
    one with its id `token`, or where the ids are not known (-1: a server that names none),
    the one whose text is `shown` (every row of whitespace was marked, and " He" with "He")."""
    if token >= 0:
        return next((i for i, o in enumerate(options) if o.token == token), -1)
    exact = next((i for i, o in enumerate(options) if o.text == shown), -1)
    if exact >= 0 or not shown.strip():
        return exact
    # the suggestion's first word shows without the space its token begins with
    return next((i for i, o in enumerate(options) if o.text.lstrip() == shown.lstrip()), -1)


class TokenChoices(QObject):
    """The token list of one editor's suggestion."""

    message = Signal(str)  # a sentence for the status bar

    def __init__(self, editor: Editor, suggestions: SuggestionController) -> None:
        super().__init__(editor)
        self.editor = editor
        self.suggestions = suggestions
        self._places: list[Place] = []
        self._at = -1  # index into _places of the list shown
        editor.token_picked.connect(self.pick)
        editor.token_moved.connect(self.move)
        editor.ghost_clicked.connect(self.open_at)

    @property
    def place(self) -> Place | None:
        """The place whose list shows (None when none does)."""
        if 0 <= self._at < len(self._places) and self._is_open():
            return self._places[self._at]
        return None

    def _is_open(self) -> bool:
        view = self.editor.token_list
        return view is not None and view.isVisible()

    def open(self) -> bool:
        """Alt+Down: the list at the suggestion's first word (when no suggestion shows, the
        status bar says what the key does)."""
        return self.open_at(0)

    def open_at(self, offset: int) -> bool:
        """The list at the word holding character `offset` of the ghost text."""
        if not self.editor.ghost_visible:
            self.message.emit(
                self.tr("Alt+Down lists the other words of a suggestion; none is showing.")
            )
            return True
        s = self.suggestions
        if s.streaming:
            self.message.emit(self.tr("The other words come once the suggestion is complete."))
            return True
        self._places = s.places()
        place = place_at(self._places, offset)
        if place is None:
            self._places, self._at = [], -1
            note = self.tr("The model did not say which other words it considered here.")
            self.editor.show_token_list([], note, offset)
            return True
        self._at = self._places.index(place)
        self._show()
        return True

    def move(self, step: int) -> None:
        """Left/Right in the list: the list at the previous or next word."""
        if not self._places:
            return
        self._at = max(0, min(len(self._places) - 1, self._at + step))
        self._show()

    def _show(self) -> None:
        place = self._places[self._at]
        options = self.suggestions.options_at(place)
        current = self._current(place, options)
        words = [option.text.strip() for option in options]
        labels = [
            option_label(
                i + 1,
                option,
                i == current,
                option.text.startswith(" ") and words.count(words[i]) > 1,
            )
            for i, option in enumerate(options)
        ]
        self.editor.show_token_list(labels, "", place.start)

    def _current(self, place: Place, options: tuple[Option, ...]) -> int:
        shown = place.typed + self.editor.ghost_text[place.start : place.end]
        return current_row(options, self.suggestions.token_at(place), shown)

    def pick(self, row: int) -> None:
        """Put the option in `row` in the place shown and make the rest of the suggestion
        again from there."""
        place = self.place
        self.editor.hide_token_list()
        if place is None:
            return
        options = self.suggestions.options_at(place)
        if not 0 <= row < len(options):
            return
        if self.suggestions.regenerate(place, options[row]) is None:
            self.message.emit(self.tr("That suggestion is gone; nothing was changed."))
        self._places, self._at = [], -1
