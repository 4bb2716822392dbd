"""Light, dark or the system's look, for the whole application."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QStyle, QStyleFactory

_system: tuple[str, QPalette] | None = None


def apply(theme: str) -> None:
    """"light" and "dark" use Qt's Fusion style with a palette of that kind; "system" gives
    back the style and palette the application started with."""
    global _system
    app = QApplication.instance()
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    if theme == "system":
        # at startup nothing has changed yet: making the same style again costs tens of ms
        if app.style().name() != _system[0]:
            app.setStyle(QStyleFactory.create(_system[0]) or app.style())
        if app.palette() != _system[1]:
            app.setPalette(_system[1])
        return
    fusion = QStyleFactory.create("Fusion")
    app.setStyle(DarkIndicators(fusion) if theme == "dark" else fusion)
    app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: "#26282b",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1d1f21",
        roles.AlternateBase: "#2a2c2f",
        roles.Text: "#e6e6e6",
        roles.Button: "#2f3236",
        roles.ButtonText: "#e6e6e6",
        roles.Highlight: "#3d6bb3",
        roles.HighlightedText: "#ffffff",
        roles.ToolTipBase: "#2f3236",
        roles.ToolTipText: "#e6e6e6",
        roles.PlaceholderText: "#8a8d91",
        roles.Link: "#7aa7f0",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7d81"))
    return p


# what is wrong is said in red: a dark one on a light window, a light one on a dark window
# (the dark red on the dark theme's window was 2:1, hard to read; both are above 4.5:1)
PROBLEM_ON_LIGHT = "#b3261e"
PROBLEM_ON_DARK = "#ff8a80"


def problem_colour(
    palette: QPalette, ground: QPalette.ColorRole = QPalette.ColorRole.Window
) -> QColor:
    """The red a problem is said in, readable on `palette`'s window (or its `ground`: a
    misspelled word's wave is drawn on the editor's Base)."""
    dark = palette.color(ground).lightness() < 128
    return QColor(PROBLEM_ON_DARK if dark else PROBLEM_ON_LIGHT)


def mark_problem(label: QLabel) -> QLabel:
    """Have `label` say what is wrong in `problem_colour`, following the theme as it changes
    (the one way every sentence of a problem is coloured)."""
    _ink(label)
    label.installEventFilter(_ProblemInk(label))
    return label


def _ink(label: QLabel) -> None:
    palette = label.palette()
    colour = problem_colour(palette)
    if palette.color(QPalette.ColorRole.WindowText) != colour:  # (no second PaletteChange)
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)


class _ProblemInk(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.PaletteChange and isinstance(watched, QLabel):
            _ink(watched)
        return False


INDICATOR_OUTLINE = "#8a8d91"
_INDICATORS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
)


class DarkIndicators(QProxyStyle):
    """Fusion in the dark, with check boxes and radio buttons that show when unchecked:
    Fusion draws their outline a shade darker than the window, which on a dark page is the
    page's own colour (the recovery's rows and the settings' boxes looked like plain text)."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 (Qt)
        if element in _INDICATORS:
            option = type(option)(option)
            # Fusion's outline is the window's colour darkened by 140%
            option.palette.setColor(
                QPalette.ColorRole.Window, QColor(INDICATOR_OUTLINE).lighter(140)
            )
        super().drawPrimitive(element, option, painter, widget)
