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


def resize_within(widget: QWidget, width: int, height: int) -> None:
    """`widget.resize(width, height)`, no taller than the room its screen leaves (nor shorter
    than the widget can be)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry().height() - FRAME
        height = max(min(height, room), widget.minimumSizeHint().height())
    widget.resize(width, height)
