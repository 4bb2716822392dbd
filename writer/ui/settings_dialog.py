"""Suggestion settings: pause before asking, length, where to stop, confidence cut, GPU."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from writer.settings import Settings

STOPS = [("End of the sentence", "sentence"), ("End of the line", "line"), ("Token limit", "none")]


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestion Settings")
        self.settings = settings
        self.needs_reload = False
        form = QFormLayout(self)
        self.debounce = QSpinBox(self)
        self.debounce.setRange(0, 5000)
        self.debounce.setSuffix(" ms")
        self.debounce.setValue(settings.debounce_ms)
        form.addRow("Pause before suggesting:", self.debounce)
        self.max_tokens = QSpinBox(self)
        self.max_tokens.setRange(1, 512)
        self.max_tokens.setSuffix(" tokens")
        self.max_tokens.setValue(settings.max_suggestion_tokens)
        form.addRow("Longest suggestion:", self.max_tokens)
        self.stop = QComboBox(self)
        for label, value in STOPS:
            self.stop.addItem(label, value)
        self.stop.setCurrentIndex(max(0, [v for _l, v in STOPS].index(settings.stop_at)))
        form.addRow("Stop at:", self.stop)
        self.cutoff = QDoubleSpinBox(self)
        self.cutoff.setRange(0.0, 0.95)
        self.cutoff.setSingleStep(0.05)
        self.cutoff.setValue(settings.confidence_cutoff)
        self.cutoff.setToolTip(
            "Cut a suggestion at its first word the model gives less than this probability "
            "(0 offers everything)."
        )
        form.addRow("Cut below confidence:", self.cutoff)
        self.n_ctx = QSpinBox(self)
        self.n_ctx.setRange(512, 131072)
        self.n_ctx.setSingleStep(1024)
        self.n_ctx.setValue(settings.n_ctx)
        form.addRow("Context size:", self.n_ctx)
        self.gpu = QLineEdit(settings.n_gpu_layers, self)
        self.gpu.setToolTip("auto, all, or a number of layers (0 runs on the CPU)")
        form.addRow("GPU layers:", self.gpu)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def apply(self) -> None:
        s = self.settings
        s.debounce_ms = self.debounce.value()
        s.max_suggestion_tokens = self.max_tokens.value()
        s.stop_at = self.stop.currentData()
        s.confidence_cutoff = round(self.cutoff.value(), 2)
        gpu = self.gpu.text().strip().lower() or "auto"
        if gpu not in ("auto", "all") and not gpu.isdigit():
            gpu = "auto"
        self.needs_reload = gpu != s.n_gpu_layers or self.n_ctx.value() != s.n_ctx
        s.n_gpu_layers = gpu
        s.n_ctx = self.n_ctx.value()
