"""Settings: suggestions, the model and where it runs, a server, and what may leave the computer.

The dialog edits a copy of nothing: it reads the app's one `Settings` object and, on OK, writes
its fields back; `needs_reload` says whether the model (or server) must be opened again.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from writer.settings import Settings, valid_gpu_layers

STOPS = [("End of the sentence", "sentence"), ("End of the line", "line"), ("Token limit", "none")]


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self.needs_reload = False
        self.key_message = ""
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._suggestions_tab(), "Suggestions")
        self.tabs.addTab(self._model_tab(), "Model")
        self.tabs.addTab(self._server_tab(), "Server")
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # tabs ---------------------------------------------------------------------------------
    def _suggestions_tab(self) -> QWidget:
        s = self.settings
        page = QWidget(self)
        form = QFormLayout(page)
        self.enabled = QCheckBox("Show suggestions while typing", page)
        self.enabled.setChecked(s.suggestions_enabled)
        form.addRow(self.enabled)
        self.debounce = QSpinBox(page)
        self.debounce.setRange(0, 5000)
        self.debounce.setSuffix(" ms")
        self.debounce.setValue(s.debounce_ms)
        self.debounce.setToolTip(
            "After a word ends, the next word comes at once; the rest of the suggestion, and "
            "suggestions inside a word, wait for this pause in typing."
        )
        form.addRow("Pause before the rest:", self.debounce)
        self.max_tokens = QSpinBox(page)
        self.max_tokens.setRange(1, 512)
        self.max_tokens.setSuffix(" tokens")
        self.max_tokens.setValue(s.max_suggestion_tokens)
        form.addRow("Longest suggestion:", self.max_tokens)
        self.stop = QComboBox(page)
        for label, value in STOPS:
            self.stop.addItem(label, value)
        self.stop.setCurrentIndex(max(0, [v for _l, v in STOPS].index(s.stop_at)))
        form.addRow("Stop at:", self.stop)
        self.cutoff = QDoubleSpinBox(page)
        self.cutoff.setRange(0.0, 0.95)
        self.cutoff.setSingleStep(0.05)
        self.cutoff.setValue(s.confidence_cutoff)
        self.cutoff.setToolTip(
            "Cut a suggestion at its first word the model gives less than this probability "
            "(0 offers everything)."
        )
        form.addRow("Cut below confidence:", self.cutoff)
        return page

    def _model_tab(self) -> QWidget:
        s = self.settings
        page = QWidget(self)
        form = QFormLayout(page)
        self.n_ctx = QSpinBox(page)
        self.n_ctx.setRange(512, 131072)
        self.n_ctx.setSingleStep(1024)
        self.n_ctx.setValue(s.n_ctx)
        form.addRow("Context size:", self.n_ctx)
        self.gpu = QLineEdit(s.n_gpu_layers, page)
        self.gpu.setToolTip("auto, all, or a number of layers (0 runs on the CPU)")
        form.addRow("GPU layers:", self.gpu)
        return page

    def _server_tab(self) -> QWidget:
        from writer.remote.keys import keyring_available

        s = self.settings
        page = QWidget(self)
        form = QFormLayout(page)
        note = QLabel(
            "An inference server (llama-server, vLLM, Ollama, LM Studio) can run a model too "
            "large for this computer. While one is used, the text near the cursor and what you "
            "rewrite are sent to it, and the status bar names it.",
            page,
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.use_server = QCheckBox("Use the server instead of the local model", page)
        self.use_server.setChecked(s.use_server)
        form.addRow(self.use_server)
        self.server_url = QLineEdit(s.server_url, page)
        self.server_url.setPlaceholderText("http://gpu-box:8080")
        form.addRow("Address:", self.server_url)
        self.server_model = QLineEdit(s.server_model, page)
        self.server_model.setPlaceholderText("the server's first model")
        form.addRow("Model:", self.server_model)
        self.api_key = QLineEdit(page)
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        if keyring_available():
            self.api_key.setPlaceholderText("kept in the system keyring, never in a file")
        else:
            self.api_key.setPlaceholderText("no keyring here: set WRITER_API_KEY")
            self.api_key.setEnabled(False)
        form.addRow("API key:", self.api_key)
        self.local_only = QCheckBox("Local only: never send text to any server", page)
        self.local_only.setChecked(s.local_only)
        form.addRow(self.local_only)
        self.offline = QCheckBox("Offline: no Hub, and no server outside this computer", page)
        self.offline.setChecked(s.offline)
        form.addRow(self.offline)
        return page

    # applying -----------------------------------------------------------------------------
    def apply(self) -> None:
        s = self.settings
        s.suggestions_enabled = self.enabled.isChecked()
        s.debounce_ms = self.debounce.value()
        s.max_suggestion_tokens = self.max_tokens.value()
        s.stop_at = self.stop.currentData()
        s.confidence_cutoff = round(self.cutoff.value(), 2)
        gpu = self.gpu.text().strip().lower() or "auto"
        if not valid_gpu_layers(gpu):
            gpu = "auto"
        server = (
            self.use_server.isChecked(),
            self.server_url.text().strip(),
            self.server_model.text().strip(),
            self.local_only.isChecked(),
            self.offline.isChecked(),
        )
        before = (s.use_server, s.server_url, s.server_model, s.local_only, s.offline)
        self.needs_reload = (
            gpu != s.n_gpu_layers or self.n_ctx.value() != s.n_ctx or server != before
        )
        s.n_gpu_layers = gpu
        s.n_ctx = self.n_ctx.value()
        s.use_server, s.server_url, s.server_model, s.local_only, s.offline = server
        key = self.api_key.text().strip()
        if key and s.server_url:
            from writer.remote.client import Endpoint
            from writer.remote.keys import store_api_key

            try:
                host = Endpoint.parse(s.server_url).host
            except ValueError as exc:
                self.key_message = str(exc)
            else:
                self.key_message = store_api_key(host, key)
                self.needs_reload = True
