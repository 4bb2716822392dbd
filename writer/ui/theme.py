"""Light, dark or the system's look, for the whole application."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

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
