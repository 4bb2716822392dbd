"""What two sequences share at their start and at their end."""

from __future__ import annotations

from collections.abc import Sequence


def shared_ends(a: Sequence, b: Sequence) -> tuple[int, int]:
    """How many items `a` and `b` share at their start, and then how many at their end (not
    counting those of the start twice): a comparison of two versions passes over them first,
    a spelling suggestion is ranked by them."""
    most = min(len(a), len(b))
    head = 0
    while head < most and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < most - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail
