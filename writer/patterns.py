"""Regular expressions a writer types that could hold Writer for minutes: told before they run.

Python's `re` matches by backtracking and keeps the interpreter's lock while it does, so a
pattern such as `(a+)+$` tried on a line of thirty "a"s and a "b" takes 2^30 steps, and no
thread of Writer, the window's included, runs meanwhile (Find in Project froze the window; a
banned phrase would hold every suggestion). The usual cause is a repetition of something that
can itself match as a repetition of one part: `(a+)+`, `(\\w+\\s?)*`, `((ab)*)*`; the text then
divides into the two repetitions in exponentially many ways. `slow_pattern` finds that shape
in the parsed pattern (possessive repeats and atomic groups never backtrack, and are let
through), so Find in Project and the banned phrases refuse it with a sentence instead. It does
not find every slow pattern (alternatives that overlap, `(a|aa)+`, are let through): it finds
the shape people write.
"""

from __future__ import annotations

from re import _constants as c
from re import _parser as parser

SLOW = "a repeated group can match the same text in many ways"  # the reason said (translated)
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT)  # (POSSESSIVE_REPEAT never backtracks)
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)


def slow_pattern(pattern: str, flags: int = 0) -> bool:
    """Whether `pattern` (one that compiles) repeats something that can match as a repetition
    of one of its parts alone (see the module's docstring)."""
    try:
        parsed = parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - (re.compile says what is wrong with it)
        return False
    return _nested(list(parsed))


def _nested(items: list) -> bool:
    for op, av in items:
        if op in _REPEATS and av[1] > 1 and _repeats_alone(list(av[2])):
            return True
        if any(_nested(list(child)) for child in _children(op, av)):
            return True
    return False


def _children(op, av) -> list:
    """The sequences of items inside one item."""
    if op in _REPEATS or op is c.POSSESSIVE_REPEAT:
        return [av[2]]
    if op is c.SUBPATTERN:
        return [av[-1]]
    if op is c.BRANCH:
        return list(av[1])
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [av[1]]
    if op is c.ATOMIC_GROUP:
        return [av]
    return []


def _repeats_alone(items: list) -> bool:
    """Whether `items` can match as an unbounded repetition of one of them, the others
    matching nothing."""
    for i, (op, av) in enumerate(items):
        others_empty = all(_can_be_empty(o, a) for j, (o, a) in enumerate(items) if j != i)
        if not others_empty:
            continue
        if op in _REPEATS and av[1] == c.MAXREPEAT:
            return True
        if op is c.SUBPATTERN and _repeats_alone(list(av[-1])):
            return True
        if op is c.BRANCH and any(_repeats_alone(list(branch)) for branch in av[1]):
            return True
    return False


def _can_be_empty(op, av) -> bool:
    if op in _REPEATS or op is c.POSSESSIVE_REPEAT:
        return av[0] == 0 or all(_can_be_empty(o, a) for o, a in av[2])
    if op is c.SUBPATTERN:
        return all(_can_be_empty(o, a) for o, a in av[-1])
    if op is c.ATOMIC_GROUP:
        return all(_can_be_empty(o, a) for o, a in av)
    if op is c.BRANCH:
        return any(all(_can_be_empty(o, a) for o, a in branch) for branch in av[1])
    return op in _ZERO_WIDTH
