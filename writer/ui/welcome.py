"""The first run: one screen with the keys, the starter model, and the catalog models that fit.

Shown once, when no model was ever chosen (and again from Help → Welcome and Keys). A writer who
works in Chinese (the interface or the document) is told that the starter model writes English
only and is pointed to a multilingual model that fits this machine.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from writer.models import fit
from writer.models.advice import Advice, written_by_any
from writer.models.catalog import CatalogEntry
from writer.models.errors import human_size
from writer.ui.actions import key_name, keys_of
from writer.ui.fit_words import describe
from writer.ui.i18n import joined, language_name
from writer.ui.screens import room_for


def key_rows() -> list[tuple[tuple[str, ...], str]]:
    """The keys a writer needs first, each row its keys as Writer writes them (`key_name`) and
    what they do, in the interface's language: the welcome's list, and the top of Writer Help's
    keys (writer/ui/guide.py), which adds every menu command's."""

    tr = QCoreApplication.translate  # (the texts are the dialog's own, as they were)
    return [
        ((key_name("Tab"),), tr("WelcomeDialog", "take the whole suggestion")),
        ((key_name("Ctrl+Right"),), tr("WelcomeDialog", "take its next word")),
        ((key_name("Esc"),), tr("WelcomeDialog", "dismiss it")),
        (
            (keys_of("alt_next"), keys_of("alt_prev")),
            tr("WelcomeDialog", "cycle through alternatives"),
        ),
        ((keys_of("alt_list"),), tr("WelcomeDialog", "list all alternatives")),
        (
            (key_name("Alt+Down"),),
            tr("WelcomeDialog", "other words in the suggestion (← → move between its words)"),
        ),
        (
            (keys_of("rewrite"),),
            tr("WelcomeDialog", "rewrite the selection (Enter runs “Improve”)"),
        ),
        ((keys_of("suggest_now"),), tr("WelcomeDialog", "ask for a suggestion now")),
        (
            (key_name("Alt+S"), key_name("Alt+R")),
            tr("WelcomeDialog", "while a rewrite writes: stop it, or try again"),
        ),
        ((keys_of("suggest"),), tr("WelcomeDialog", "suggestions on or off")),
        ((keys_of("find"), keys_of("replace")), tr("WelcomeDialog", "find, replace")),
        (
            (keys_of("focus_project"),),
            tr("WelcomeDialog", "go to the project's documents (Esc comes back)"),
        ),
        (
            (keys_of("palette"),),
            tr(
                "WelcomeDialog",
                "any command by typing part of its name (# for a heading, : for a line)",
            ),
        ),
        ((keys_of("guide"),), tr("WelcomeDialog", "Writer Help: the guide, with every key")),
    ]


class WelcomeDialog(QDialog):
    """Emits `download_requested(catalog id)` when the writer picks a catalog model."""

    download_requested = Signal(str)

    def __init__(
        self,
        fitting: list[tuple[CatalogEntry, fit.Fit]],
        advice: Advice | None,
        language: str,
        parent: QWidget | None = None,
        offline: str = "",
        starter_installed: bool = True,
    ) -> None:
        """`language`: what the writer writes that the starter does not ("zh", "ru", "fr"...;
        "" for none), `advice` the catalog model for it; `offline`: why no model can be
        downloaded now (the network policy's sentence), or "" when one can;
        `starter_installed`: whether the starter model is on this computer (where it is not,
        its row is its catalog entry, to download, and chosen first)."""
        super().__init__(parent)
        self.offline = offline
        self.setObjectName("welcome")
        self.setWindowTitle(self.tr("Welcome to Writer"))
        layout = QVBoxLayout(self)
        # the intro, the keys and the advice scroll where the screen is too short for them
        # (at 150 % on a 1366 × 768 laptop the buttons were below the screen's bottom)
        self.top = QScrollArea(self)
        self.top.setWidgetResizable(True)
        self.top.setFrameShape(QFrame.Shape.NoFrame)
        self.top.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QWidget(self.top)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            self.tr(
                "Write as you always do. When you finish a word, a language model on this "
                "computer offers the next words in grey: take them or keep typing."
            ),
            top,
        )
        intro.setWordWrap(True)
        top_layout.addWidget(intro)
        keys = QGridLayout()
        for row, (key, what) in enumerate(key_rows()):
            keys.addWidget(QLabel(f"<b>{'  '.join(key)}</b>", top), row, 0)
            keys.addWidget(QLabel(what, top), row, 1)
        top_layout.addLayout(keys)
        self.advice = QLabel(top)
        self.advice.setObjectName("advice")
        self.advice.setWordWrap(True)
        if language:
            name = language_name(language)
            text = self.tr(
                "The starter model writes English only: asked to write or translate into "
                "{0}, it answers in English."
            ).format(name)
            if advice is not None:
                text = joined(text, self.tr("For {3}, choose {0} ({1}): {2}").format(
                    advice.entry.name, human_size(advice.entry.size), describe(advice.fit), name
                ))
            elif written_by_any(language):
                text = joined(
                    text,
                    self.tr("No model in the catalog that writes {0} fits this computer.").format(
                        name
                    ),
                )
            else:  # (Ukrainian, Greek, Dutch: "none that fits" read as if one would)
                text = joined(
                    text,
                    self.tr("None of the models in Writer's catalog writes {0}.").format(name),
                )
            self.advice.setText(text)
        else:
            self.advice.hide()
        top_layout.addWidget(self.advice)
        self.top.setWidget(top)
        layout.addWidget(self.top)
        models_label = QLabel(self.tr("&Models that fit this computer:"), self)
        layout.addWidget(models_label)
        self.models = QListWidget(self)
        models_label.setBuddy(self.models)
        # (without the starter, its row said "installed" and Start Writing led to no model)
        bundled = [entry for entry, _verdict in fitting if entry.bundled]
        missing = bundled[0] if bundled and not starter_installed else None
        starter = QListWidgetItem(
            self.tr("SmolLM2 135M (starter, installed): instant, short English continuations")
            if missing is None
            else self.tr(
                "SmolLM2 135M (starter, not installed, {0}): instant, short English "
                "continuations"
            ).format(human_size(missing.size)),
            self.models,
        )
        starter.setData(Qt.ItemDataRole.UserRole, "" if missing is None else missing.id)
        for entry, verdict in fitting:
            if entry.bundled:
                continue
            langs = ", ".join(entry.languages[:5])
            item = QListWidgetItem(
                f"{entry.name} · {human_size(entry.size)} · {langs}\n{describe(verdict)}",
                self.models,
            )
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(QCoreApplication.translate("Catalog", entry.good_at))
            if advice is not None and entry.id == advice.entry.id and language:
                self.models.setCurrentItem(item)
        if self.models.currentItem() is None:
            self.models.setCurrentItem(starter)
        # a gap between the rows (of two lines each, they ran together: a model's verdict read
        # as the first line of the next model)
        lines = self.models.fontMetrics().lineSpacing()
        self.models.setSpacing(max(2, lines // 4))
        # five entries of two lines at least (two and a half showed, the last cut off)
        self.models.setMinimumHeight((lines + self.models.spacing()) * 10 + 12)
        layout.addWidget(self.models, 1)
        # the keyboard starts on the list (it started in the keys' scroll area, which shows no
        # focus: the arrows moved nothing)
        self.models.setFocus(Qt.FocusReason.OtherFocusReason)
        self.offline_note = QLabel(offline, self)
        self.offline_note.setWordWrap(True)
        self.offline_note.setVisible(bool(offline))
        layout.addWidget(self.offline_note)
        buttons = QDialogButtonBox(self)
        self.start_button = QPushButton(self.tr("&Start Writing"), self)
        self.download_button = QPushButton(self.tr("&Download the Chosen Model…"), self)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.download_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.start_button.clicked.connect(self.accept)
        self.download_button.clicked.connect(self._download)
        self.models.currentItemChanged.connect(self._update_buttons)
        layout.addWidget(buttons)
        self._update_buttons()
        self._fit_screen(parent)

    def _fit_screen(self, parent: QWidget | None) -> None:
        """All of the top shows where the screen has room for it; on a short screen it
        scrolls, so that the list and the buttons stay on the screen."""
        room = room_for(parent or self)
        if room is None:
            return
        content = self.top.widget()
        # (at the width left beside a scroll bar: measured without one, a wrapped line more
        # in Chinese brought the bar, and the bar the line, and the advice was cut)
        width = (620 - 2 * self.layout().contentsMargins().left()
                 - self.top.verticalScrollBar().sizeHint().width())  # fmt: skip
        whole = (content.heightForWidth(width) if content.hasHeightForWidth()
                 else content.sizeHint().height())  # fmt: skip
        rest = self.layout().sizeHint().height() - self.top.sizeHint().height()
        lines = self.fontMetrics().lineSpacing()
        self.top.setMinimumHeight(max(4 * lines, min(whole, room - rest)))
        # the height its parts need at its width: their least heights leave out a wrapped
        # label's second line (the offline note's), and the parts were squeezed over each
        # other ("Models that fit this computer:" over the last key)
        layout = self.layout()
        need = self.minimumSizeHint().height()
        if layout.hasHeightForWidth():
            need = max(need, layout.totalHeightForWidth(620))
        self.resize(620, min(max(560, need), max(room, 0)))

    def chosen_id(self) -> str:
        item = self.models.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def _update_buttons(self, *_args: object) -> None:
        # offline, the button led to the Models dialog's offline notice and did nothing
        can = bool(self.chosen_id()) and not self.offline
        self.download_button.setEnabled(can)
        # Enter does what the chosen row offers: a model to download (the starter where it is
        # not here, or the one recommended for the writer's language, chosen for them: Enter
        # started writing with the starter, which writes English only), else Start Writing
        self.download_button.setDefault(can)
        self.start_button.setDefault(not can)

    def _download(self) -> None:
        chosen = self.chosen_id()
        if chosen:
            # closed first: the Models dialog that the request opens came over a welcome still
            # open behind it
            self.accept()
            self.download_requested.emit(chosen)
