"""When to ask for a suggestion: a plain rule on what the writer did, without Qt.

A keystroke that ends a word (a space, punctuation, Enter) asks at once, because a request costs
one evaluation of what was typed and is cancelled within a token by the next key; inside a word
the request waits for `pause_ms` without typing. A request made while the writer types (the
"typing" request, `ContinuationRequest.typing`) shows its first piece and then holds until the
writer pauses. It never asks while an input method composes, in the middle of a word, with a
selection, in a read-only editor, while a rewrite holds the editor, or with nothing before the
cursor.
"""

from __future__ import annotations

from dataclasses import dataclass

from writer.generation.text import is_word_char

__all__ = ["Ask", "AskPolicy", "Place", "is_word_char"]


@dataclass(frozen=True)
class Ask:
    """An answer: ask after `delay_ms`; `typing`: the writer is typing, so the request holds
    after its first piece until they pause."""

    delay_ms: int
    typing: bool = False


@dataclass(frozen=True)
class Place:
    """What the policy needs to know about the cursor's place and the editor's state."""

    left: str = ""  # the character before the cursor ('' at a line's start)
    right: str = ""  # the character after it ('' at a line's end)
    position: int = 0
    selection: bool = False
    composing: bool = False
    read_only: bool = False
    rewriting: bool = False


class AskPolicy:
    """Whether a suggestion may be asked for at a place, and how soon after an edit."""

    def __init__(self, pause_ms: int = 150) -> None:
        self.pause_ms = pause_ms

    def may_ask(self, place: Place) -> bool:
        """A suggestion may be asked for here now."""
        if place.composing or place.read_only or place.rewriting or place.selection:
            return False
        if place.position <= 0:
            return False
        # in the middle of a word (or before its first letter at a line's start)
        return not (is_word_char(place.right) and (not place.left or is_word_char(place.left)))

    def after_edit(self, removed: int, added: int, last_added: str) -> Ask:
        """When to ask after the writer's edit: at once (a typing request) when it ended a word,
        after the pause otherwise. `last_added` is the last character the edit added."""
        if removed == 0 and added > 0 and not is_word_char(last_added):
            return Ask(0, typing=True)
        return Ask(max(0, self.pause_ms))

    def after_accept(self, left: str) -> Ask:
        """When to ask after accepting all of a suggestion, the cursor after `left`: at once at
        a word's end (not a typing request: the writer did not type), else after the pause."""
        return Ask(0) if left and not is_word_char(left) else Ask(max(0, self.pause_ms))

    def after_typed_through(self, left: str) -> Ask:
        """When to ask once the writer typed a whole suggestion: at once (typing) at a word's
        end, else after the pause."""
        if left and not is_word_char(left):
            return Ask(0, typing=True)
        return Ask(max(0, self.pause_ms))
