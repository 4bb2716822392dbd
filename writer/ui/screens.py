"""A window's first size, kept to the screen it opens on.

A window sized for a roomy screen ran past the edges of a small one (a 1366 × 768 laptop at
150 % is 910 × 512 points; 1920 × 1080 at 200 % is 960 × 540): a dialog's buttons were below
its bottom, and the main window, 980 points wide, had its status bar's model name cut at the
right edge. A first size is kept within both, and never below what the window can be.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = 60  # the title bar and a desktop panel's share, in points
SIDES = 20  # the window frame's edges, left and right, in points


def room_for(widget: QWidget) -> int | None:
    """The height a window of `widget`'s screen can have (None: no screen is known)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry().height() - FRAME


def width_for(widget: QWidget) -> int | None:
    """The width a window of `widget`'s screen can have (None: no screen is known)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry().width() - SIDES


def resize_within(widget: QWidget, width: int, height: int) -> None:
    """`widget.resize(width, height)`, no wider nor taller than the room its screen leaves (nor
    narrower or shorter than the widget can be)."""
    least = widget.minimumSizeHint()
    room = room_for(widget)
    if room is not None:
        height = max(min(height, room), least.height())
    room = width_for(widget)
    if room is not None:
        width = max(min(width, room), least.width())
    widget.resize(width, height)
