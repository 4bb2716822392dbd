"""A window's first size, kept to the screen it opens on.

A dialog sized for a roomy screen had its buttons below the bottom of a short one (a 1366 × 768
laptop at 150 % is 910 × 512 points; 1920 × 1080 at 200 % is 960 × 540). Only the height is
kept: a wider dialog still shows its buttons, and the width is what the dialogs' own layouts
were checked at.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = 60  # the title bar and a desktop panel's share, in points


def room_for(widget: QWidget) -> int | None:
    """The height a window of `widget`'s screen can have (None: no screen is known)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry().height() - FRAME


def resize_within(widget: QWidget, width: int, height: int) -> None:
    """`widget.resize(width, height)`, no taller than the room its screen leaves (nor shorter
    than the widget can be)."""
    room = room_for(widget)
    if room is not None:
        height = max(min(height, room), widget.minimumSizeHint().height())
    widget.resize(width, height)
