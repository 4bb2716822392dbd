"""The switches of a search, as VS Code's: Match Case (Aa, Alt+C), Whole Word (ab, Alt+W) and
Regular Expression (.*, Alt+R) beside the query, Preserve Case (AB, Alt+P) beside a
replacement. Find (the bar under the text) and Find in Project have them alike: one look, one
set of keys and names, and one query (`writer.project.search.Query`, whose rules both match by).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QToolButton, QWidget

from writer.patterns import SLOW
from writer.project.search import Query
from writer.project.search_apart import FAILED, TOO_LONG
from writer.ui.i18n import regex_reason

# the reasons a regular expression that compiles is still not searched (writer/patterns.py,
# writer/project/search_apart.py): it could hold a thread, or it did
NOT_SEARCHED = (SLOW, TOO_LONG, FAILED)


def pattern_refusal(reason: str) -> str:
    """Why a query's regular expression is not searched, as Find and Find in Project say it
    (`reason`: a QueryError's, or a search's that gave up)."""
    if reason in NOT_SEARCHED:
        sentence = QCoreApplication.translate(
            "SearchSwitches", "This regular expression is not searched: {0}."
        )
    else:
        sentence = QCoreApplication.translate(
            "SearchSwitches", "This regular expression does not compile: {0}."
        )
    return sentence.format(regex_reason(reason))


def template_refusal(reason: str) -> str:
    """Why a replacement is not written (a TemplateError's `reason`), as both say it."""
    return QCoreApplication.translate(
        "SearchSwitches", "The replacement does not work with this expression: {0}."
    ).format(regex_reason(reason))


class SearchSwitches(QObject):
    """The four switches of one search panel. `changed` comes when the writer flips one (a
    click, or its key while the keys are in `owner`, the panel). Preserve Case's key works only
    while its button can be seen (the replace row shown), as VS Code's."""

    changed = Signal()

    def __init__(self, query_row: QWidget, replace_row: QWidget, owner: QWidget) -> None:
        super().__init__(owner)
        self.case = self._button(query_row, "Aa")
        self.word = self._button(query_row, "ab")
        self.word.setStyleSheet("text-decoration: underline")
        self.regex = self._button(query_row, ".*")
        self.preserve = self._button(replace_row, "AB")
        for key, flip in (
            ("Alt+C", self.case.toggle),
            ("Alt+W", self.word.toggle),
            ("Alt+R", self.regex.toggle),
            ("Alt+P", self._preserve),
        ):
            shortcut = QShortcut(QKeySequence(key), owner)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(flip)
        self.retranslate()

    def _button(self, parent: QWidget, text: str) -> QToolButton:
        button = QToolButton(parent)
        button.setText(text)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.toggled.connect(self.changed)
        return button

    def _preserve(self) -> None:
        if self.preserve.isVisible():
            self.preserve.toggle()

    def query(self, text: str) -> Query:
        """`text` searched for as the switches say."""
        return Query(
            text,
            match_case=self.case.isChecked(),
            whole_word=self.word.isChecked(),
            regex=self.regex.isChecked(),
            preserve_case=self.preserve.isChecked(),
        )

    def retranslate(self) -> None:
        for button, name, key in (
            (self.case, self.tr("Match Case"), "Alt+C"),
            (self.word, self.tr("Whole Word"), "Alt+W"),
            (self.regex, self.tr("Regular Expression"), "Alt+R"),
        ):
            button.setToolTip(f"{name} ({key})")
            button.setAccessibleName(name)
        name = self.tr("Preserve Case")
        self.preserve.setToolTip(
            self.tr("{0} (Alt+P): RUTH becomes HANNAH, ruth hannah, Ruth Hannah").format(name)
        )
        self.preserve.setAccessibleName(name)
