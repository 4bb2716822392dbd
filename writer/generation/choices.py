"""Where in a shown suggestion the writer can pick another token, and what a pick regenerates from.

A backend describes each generated token with a `TokenChoice` (generation/results.py): where the
characters it completed lie in the text the tokens made, and the likeliest tokens in its place.
The suggestion shows that text from `shown_from` on (what the writer typed and the model spelled
again is left out). A list is offered at a token that starts a character and has options: a
click on any character, or the keyboard at any word, finds the token that began it. The first
token may spell what was typed too (token healing: after "the " it is " book"); its place offers
the options that spell the same and go on (" sea", " door"), so the first word can be chosen.

What the writer sees is text, not tokens: the place of a pick and the text it replaces are
characters of the shown suggestion, and the forced tokens of the regeneration are the
suggestion's own tokens up to that place, then the one picked (with probability 1: the writer
chose it, so no confidence rule cuts the suggestion there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from writer.generation.results import Option, TokenChoice

CHOICES = 8  # the tokens offered in place of a generated one


@dataclass(frozen=True)
class Place:
    """A token of a shown suggestion the writer can replace: its index among the choices, and
    the characters of the shown text (from the suggestion's start) it stands for."""

    index: int
    start: int
    end: int
    typed: str = ""  # the characters of its token the writer had typed (then only options
    # that spell them are offered: another word for the one being typed)


def places(choices: Sequence[TokenChoice], shown_from: int, shown: str) -> list[Place]:
    """The places with a list in the shown text `shown`, in order. A place is the characters
    its token starts and it (or the tokens after it that finish them) completes. Where the
    tokens' text no longer agrees with what is shown (a rule changed the end), places stop."""
    made = "".join(c.text for c in choices)
    agreed = 0
    limit = min(len(shown), len(made) - shown_from)
    while agreed < limit and made[shown_from + agreed] == shown[agreed]:
        agreed += 1
    found: list[Place] = []
    for i, choice in enumerate(choices):
        start = choice.start - shown_from
        typed = ""
        if start < 0 < choice.end - shown_from:
            # the token spells what was typed, then the first shown characters: its place
            # offers the options that spell the same (" sea" for " book" after "the ")
            typed, start = made[choice.start : shown_from], 0
            if not spelling(choice.options, typed):
                continue
        if not choice.options or start < 0 or start >= agreed:
            continue
        end = next((c.end for c in choices[i:] if c.end > c.start), choice.end) - shown_from
        found.append(Place(i, start, min(end, agreed), typed))
    return found


def spelling(options: Sequence[Option], typed: str) -> tuple[Option, ...]:
    """The options that begin with `typed` and go on after it (all of them when nothing was
    typed in their place)."""
    return tuple(o for o in options if o.text.startswith(typed) and len(o.text) > len(typed))


def place_at(places_: Sequence[Place], offset: int) -> Place | None:
    """The place that holds the character at `offset` of the shown text: the last that starts
    at or before it, else the first (a suggestion whose first word finishes a typed one offers
    nothing there); None when there are no places."""
    best = places_[0] if places_ else None
    for place in places_:
        if place.start > offset:
            break
        best = place
    return best


def forced(choices: Sequence[TokenChoice], index: int, option: Option) -> list[TokenChoice]:
    """The tokens a regeneration begins with: the suggestion's own before `index`, then `option`
    in its place (with the place's list, so that it can be picked again)."""
    place = choices[index]
    picked = TokenChoice(option.token, 1.0, place.start, place.start, option.text, place.options)
    return [*choices[:index], picked]
