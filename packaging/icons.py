"""Render resources/icons/<id>.svg to the PNG sizes desktops look for (hicolor theme layout).

    python packaging/icons.py      # writes resources/icons/hicolor/<n>x<n>/apps/<id>.png
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ID = "io.github.writer.Writer"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / f"{APP_ID}.svg"))
    if not renderer.isValid():
        print(f"icons: {APP_ID}.svg cannot be read", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
