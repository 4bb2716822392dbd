"""The model's part of the status bar: which model serves, where the text goes, how fast it is,
and how far the model has read a long document.

`ModelStatus` follows the worker (loading, loaded, failed) and the document (a text in a
language the model cannot write, such as Chinese, Russian or French for the English-only
starter, brings a piece of advice). Its sentences for the status
bar's message area go out through `message`; whether "Use the Local Model" makes sense now
through `local_possible`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QToolTip, QWidget

from writer.ui.fit_words import describe
from writer.ui.i18n import joined, language_name, sentence

if TYPE_CHECKING:
    from writer.settings import Settings
    from writer.worker import EngineWorker

LANGUAGE_CHECK_MS = 1500  # after typing stops, the document's language is looked at again


def short_name(info) -> str:
    """The model as the status bar names it: a file's name without its folder or ".gguf" (a
    server names its model by the whole path it loaded, which took half the status bar)."""
    if info.path is not None:
        return Path(info.path).stem
    name = str(info.name)
    if "/" in name or "\\" in name or name.lower().endswith(".gguf"):
        leaf = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        if leaf.lower().endswith(".gguf"):
            return leaf[: -len(".gguf")]
        if name.count("/") == 1 and not name.startswith("/"):
            return name  # a Hub repository's id ("Qwen/Qwen2.5-1.5B-Instruct") reads whole
        return leaf
    return name


class NameLabel(QLabel):
    """A one-line label that gives up its end, with "…", where the status bar is too narrow for
    all of it, and shows all of it on hover above its own tip (a window narrower than its parts
    cut the model's name at the screen's edge). Its size hint stays the whole text's: the
    window's message fitting (`MainWindow._fit_message`) asks what the parts want."""

    KEPT = 6  # the characters still shown at the narrowest

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        least = self.fontMetrics().horizontalAdvance(self.text()[: self.KEPT] + "…")
        hint.setWidth(min(hint.width(), least + self.margin() * 2))
        return hint

    def shown(self) -> str:
        """The text as the label's width shows it."""
        width = self.contentsRect().width() - self.margin() * 2
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event) -> None:
        shown = self.shown()
        if shown == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(),
                                  self.isEnabled(), shown, self.foregroundRole())  # fmt: skip
        painter.end()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.shown() != self.text():
            tip = "\n".join(filter(None, (self.text(), self.toolTip())))
            QToolTip.showText(event.globalPos(), tip, self)
            return True
        return super().event(event)


class ModelStatus(QWidget):
    """Advice, reading, speed, load bar, privacy and model labels, left to right."""

    message = Signal(str, int)  # a sentence for the status bar, milliseconds (0: until replaced)
    parts_changed = Signal()  # a label came, went or grew: the status bar's message refits
    local_possible = Signal(bool)

    def __init__(
        self,
        worker: EngineWorker,
        settings: Settings,
        document: QTextDocument,
        server_chosen: Callable[[], bool],
        parent: QWidget | None = None,
        quiet_failure: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.settings = settings
        self.document = document
        self._speed: tuple[object, bool] | None = None  # the last speed shown, to say again
        self._server_chosen = server_chosen
        # a failure not to say again (a server's retry after the first: AppState)
        self._quiet_failure = quiet_failure or (lambda: False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.advice_label = QLabel("", self)
        self.advice_label.setObjectName("advice")
        self.advice_label.hide()
        self.reading_label = QLabel("", self)
        self.reading_label.hide()
        self.speed_label = QLabel("", self)
        self.load_bar = QProgressBar(self)
        self.load_bar.setRange(0, 0)
        self.load_bar.setMaximumWidth(120)
        self.load_bar.setTextVisible(False)
        # (a progress bar grows by default: the whole part then took half the status bar's
        # free room while a model loaded, and a message was cut against the word count)
        self.load_bar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.load_bar.hide()
        self.privacy_label = QLabel("", self)
        self.privacy_label.setObjectName("privacy")
        self.privacy_label.hide()
        self.model_label = NameLabel("", self)
        for widget in (
            self.advice_label,
            self.reading_label,
            self.speed_label,
            self.load_bar,
            self.privacy_label,
            self.model_label,
        ):
            layout.addWidget(widget)
        self._advising = False  # the document's language wants the advice shown
        self._aside = 0  # how much a message in the status bar needs room (see step_aside)
        self._language_timer = QTimer(self)
        self._language_timer.setSingleShot(True)
        self._language_timer.setInterval(LANGUAGE_CHECK_MS)
        self._language_timer.timeout.connect(self.check_language)
        document.contentsChanged.connect(self._language_timer.start)
        worker.model_loading.connect(self.on_loading)
        worker.model_loaded.connect(self.on_loaded)
        worker.model_failed.connect(self.on_failed)

    def retranslate(self) -> None:
        """A switch of language: every label this part shows, again in the new one (the
        speed and where the model runs stayed English until the next suggestion)."""
        if self.load_bar.isVisible():
            return
        self.check_language()  # the advice that the model writes English only, too
        info = self.worker.info
        if info is None:
            self.model_label.setText(self.tr("No model"))
            return
        self._name_model(info)
        self._show_where_text_goes(info.host)
        if self._speed is not None:
            self.show_speed(*self._speed)

    def on_loading(self, path: str) -> None:
        self.load_bar.show()
        self.model_label.setText(self.tr("Loading {0}…").format(Path(path).name))
        self.model_label.setToolTip(path)

    def on_loaded(self, info) -> None:
        self.load_bar.hide()
        self._clear_speed()  # (the last model's speed said nothing of this one)
        self._name_model(info)
        self.parts_changed.emit()
        self._show_where_text_goes(info.host)
        self.local_possible.emit(info.host is not None)
        self.check_language()
        notes = [sentence(note) for note in info.notes]  # in the interface's language
        if info.host is None and notes:
            self.message.emit(
                joined(self.tr("The model runs with less GPU offload than asked:"), notes[-1]),
                15000,
            )
        elif notes:  # what the server cannot do, said once
            self.message.emit(joined(*notes), 15000)

    def _name_model(self, info) -> None:
        self.model_label.setText(f"{short_name(info)} · {sentence(info.where)}")
        tip = f"{info.name}\n{info.path or info.host}\n" + self.tr(
            "context {0} tokens, opened in {1:.1f} s"
        ).format(info.n_ctx, info.load_s)
        notes = [sentence(note) for note in info.notes]
        if notes:
            tip += "\n" + "\n".join(notes)
        self.model_label.setToolTip(tip)

    def on_failed(self, message: str, _lasting: bool = False) -> None:
        message = sentence(message)
        self.load_bar.hide()
        self._clear_speed()
        self._show_where_text_goes(None)
        self.local_possible.emit(self._server_chosen())
        self.model_label.setText(self.tr("No model"))
        self.model_label.setToolTip(message)
        if not self._quiet_failure():
            self.message.emit(joined(message, self.tr("The editor works without suggestions.")), 0)

    def _show_where_text_goes(self, host: str | None) -> None:
        """While a server serves the model, the privacy label names the host the text goes to."""
        if host is None:
            self.privacy_label.hide()
            return
        self.privacy_label.setText(self.tr("Text goes to {0}").format(host))
        self.privacy_label.setToolTip(
            self.tr(
                "What you write near the cursor, and what you ask to rewrite, is sent to {0} "
                "for suggestions and rewrites. Model → Use the Local Model keeps it here."
            ).format(host)
        )
        self.privacy_label.show()

    def show_speed(self, stats, rewrite: bool = False) -> None:
        """How fast the last suggestion (or rewrite) came."""
        if stats.ttft_s is None:
            return
        self._speed = (stats, rewrite)  # said again in another language after a switch
        what = self.tr("rewrite: ") if rewrite else ""
        rate = stats.tokens_per_s
        if stats.ttft_s * 1000 < 0.5 and not stats.evaluated_tokens:
            # asked again at once (Retry): the prompt was read and its answer's first logits
            # kept, so the first token takes no time; "0 ms" read like a fault
            text = what + self.tr("first token at once (kept from the last try)")
        else:
            text = what + self.tr("first token {0:.0f} ms").format(stats.ttft_s * 1000)
        if rate:  # (under 10 a second with its tenth: a slow machine's read "0 tok/s")
            shown = f"{rate:.1f}" if rate < 10 else f"{rate:.0f}"
            text += " · " + self.tr("{0} tok/s").format(shown)
        self.speed_label.setText(text)
        self._show_parts()
        self.parts_changed.emit()
        tip = self.tr(
            "{0} prompt tokens reused from the cache, {1} evaluated; {2} generated"
        ).format(stats.reused_tokens, stats.evaluated_tokens, stats.generated_tokens)
        if stats.drafted:
            tip += self.tr(
                "; {0} of {1} tokens drafted from the selection accepted, in {2} batches"
            ).format(stats.accepted, stats.drafted, stats.decodes)
        self.speed_label.setToolTip(tip)

    def _clear_speed(self) -> None:
        self._speed = None
        self.speed_label.setText("")
        self.speed_label.setToolTip("")
        self._show_parts()

    def show_reading(self, percent: int) -> None:
        """How much of the document's window the model has read (hidden at -1: done)."""
        if percent < 0:
            self.reading_label.hide()
            return
        self.reading_label.setText(self.tr("Reading the document… {0}%").format(percent))
        self.reading_label.setToolTip(
            self.tr(
                "The model reads the text before the cursor while you write; until it is done, "
                "suggestions come from the last paragraphs."
            )
        )
        self.reading_label.show()

    def show_rewrite_speed(self, stats) -> None:
        self.show_speed(stats, rewrite=True)

    def check_language(self) -> None:
        """While the document is in a language the model cannot write (writer.models.advice
        `lacking_language`: Chinese, Russian or French with the English-only starter), say so
        and name a catalog model that writes it and fits; where none of the catalog's writes
        it (Dutch), say that instead."""
        from writer.models.advice import (
            lacking_language,
            recommend,
            writes_english_only,
            written_by_any,
        )

        info = self.worker.info
        path = info.path if info is not None else None
        text = self.document.toPlainText()[:4000]
        language = lacking_language(path, text)
        if not language:
            if self._advising:
                self._advising = False
                self._show_parts()
                self.parts_changed.emit()
            return
        name = language_name(language)
        english_only = writes_english_only(path)
        if english_only:
            why = self.tr(
                "The model in use was trained on English: in {0} it answers in English or in "
                "broken {0}."
            ).format(name)
        else:
            why = self.tr(
                "The model in use was not trained on {0}: it answers in another language or "
                "in broken {0}."
            ).format(name)
        advice = recommend(language, self.settings.n_ctx, self.settings.gpu_layers() != 0)
        if advice is not None:
            if english_only:
                label = self.tr("This model writes English only: try {0}")
                label = label.format(advice.entry.name)
            else:
                label = self.tr("This model does not write {0}: try {1}")
                label = label.format(name, advice.entry.name)
            more = self.tr("{0} writes {1}; {2} (Model → Manage Models).").format(
                advice.entry.name, name, describe(advice.fit)
            )
        elif written_by_any(language):
            label = (
                self.tr("This model writes English only")
                if english_only
                else self.tr("This model does not write {0}").format(name)
            )
            more = self.tr("The catalog's models that write {0} do not fit this computer.")
            more = more.format(name)
        else:
            label = self.tr("This model does not write {0}, nor does any in the catalog")
            label = label.format(name)
            more = self.tr("None of the models in Writer's catalog writes {0}.").format(name)
        self.advice_label.setText(label)
        self.advice_label.setToolTip(joined(why, more))
        self._advising = True
        self._show_parts()
        self.parts_changed.emit()

    def step_aside(self, aside: int) -> None:
        """While the status bar shows a message that needs their room, the advice and the
        speed step aside (1), and the model's name too (2) (a sentence was cut to "…现在没…"
        beside them); they come back with the room (0). Where the text goes always shows."""
        self._aside = aside
        self._show_parts()

    def _show_parts(self) -> None:
        self.advice_label.setVisible(self._advising and not self._aside)
        self.speed_label.setVisible(bool(self.speed_label.text()) and not self._aside)
        self.model_label.setVisible(self._aside < 2)
