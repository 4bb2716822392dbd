"""View → Writing Statistics, or a click on the status bar's word count: the document's numbers
and the selection's, the words written today and the daily goal, in a small popup.

It never reads the whole text: the numbers are those the word count made already (writer/ui/
word_count.py counts words, characters and paragraphs a piece at a time once typing pauses),
and the reading time's language is told from the document's first lines (writer.models.advice
`language_of`). A count still under way when it opens shows once it is through. The goal is the
setting `daily_goal`, changed through `Settings.update`, which every window's status bar follows;
today's words are the application's tally (writer/documents/tally.py). In a project a third
column counts its manuscript (its documents but the notes, as Export Project takes them: an open
one as its window's count has it, unsaved words too) from the project's counts, which the
Project panel shows (writer/ui/project_words.py).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QMargins, QPoint, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from writer.settings import LIMITS
from writer.ui.percent_bar import PercentBar

WORDS_A_MINUTE = 230  # reading, in languages written with spaces
CHARACTERS_A_MINUTE = 400  # reading Chinese or Japanese
SAMPLE_CHARS = 4000  # the first characters the language is told from
GOAL_STEP = 100
MARGIN = 10


def reading_minutes(words: int, language: str) -> float:
    """About how long reading takes, in minutes: Chinese and Japanese by their characters (the
    word count counts each one), other languages by their words."""
    return words / (CHARACTERS_A_MINUTE if language in ("zh", "ja") else WORDS_A_MINUTE)


def opening(document, chars: int = SAMPLE_CHARS) -> str:
    """The first `chars` characters of a QTextDocument, read a line at a time (no copy of a
    long manuscript)."""
    parts, size, block = [], 0, document.firstBlock()
    while block.isValid() and size < chars:
        text = block.text()
        parts.append(text)
        size += len(text) + 1
        block = block.next()
    return "\n".join(parts)[:chars]


class StatisticsPopup(QFrame):
    """The numbers of one window's document, over its status bar; closed by Esc or a click
    elsewhere. The goal is kept as it is typed (Enter, the arrows, or on closing)."""

    def __init__(self, window) -> None:
        super().__init__(window, Qt.WindowType.Popup)
        self.setObjectName("writing-statistics")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # (a click on the word count closes it, and does not open it again at once)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay)
        self.main_window = window
        self._anchor: QWidget | None = None
        self._opened = False
        self.settings = window.settings
        self.tally = window.app_state.tally
        self.count = window.word_count
        from writer.models.advice import language_of

        self.language = language_of(opening(window.editor.document()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        title = QLabel(self.tr("Writing Statistics"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.document_head = QLabel(self.tr("Document"), self)
        self.selection_head = QLabel(self.tr("Selection"), self)
        self.project_head = QLabel(self.tr("Project"), self)
        heads = ((1, self.document_head), (2, self.selection_head), (3, self.project_head))
        for column, head in heads:
            head.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(head, 0, column)
        names = (
            self.tr("Words"),
            self.tr("Characters"),
            self.tr("Characters without spaces"),
            self.tr("Paragraphs"),
            self.tr("Reading time"),
        )
        self.document_cells: list[QLabel] = []
        self.selection_cells: list[QLabel] = []
        self.project_cells: list[QLabel] = []
        columns = ((1, self.document_cells), (2, self.selection_cells), (3, self.project_cells))
        for row, name in enumerate(names, start=1):
            grid.addWidget(QLabel(name, self), row, 0)
            for column, cells in columns:
                cell = QLabel(self)
                cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(cell, row, column)
                cells.append(cell)
        layout.addLayout(grid)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        today = QGridLayout()
        today.setHorizontalSpacing(16)
        today.addWidget(QLabel(self.tr("Written today, all documents"), self), 0, 0)
        today.addWidget(QLabel(self.tr("In this document"), self), 1, 0)
        self.today_cell = QLabel(self)
        self.share_cell = QLabel(self)
        for row, cell in enumerate((self.today_cell, self.share_cell)):
            cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            today.addWidget(cell, row, 1)
        goal_label = QLabel(self.tr("&Daily goal"), self)
        self.goal = QSpinBox(self)
        self.goal.setRange(*LIMITS["daily_goal"])
        self.goal.setSingleStep(GOAL_STEP)
        self.goal.setGroupSeparatorShown(True)
        self.goal.setSpecialValueText(self.tr("None"))
        self.goal.setSuffix(self.tr(" words"))
        self.goal.setKeyboardTracking(False)  # (kept on Enter or on leaving, not at each digit)
        self.goal.setValue(self.settings.daily_goal)
        self.goal.setToolTip(self.tr("The words to write each day, in all documents; with one, "
                                     "the status bar shows how far you are"))  # fmt: skip
        goal_label.setBuddy(self.goal)
        today.addWidget(goal_label, 2, 0)
        today.addWidget(self.goal, 2, 1)
        layout.addLayout(today)
        # (its words beside the fill, as the downloads' percentage: centred over it, the
        # fill's edge cut through them)
        self.progress = PercentBar(self)
        layout.addWidget(self.progress)

        # the project's manuscript (its documents but the notes), counted off the window's
        # thread: the files not open are read from the disk
        self.project_counts: tuple[int, int, int, int] | None = None
        self._project_words = None  # the project's ProjectWords, while the column shows
        session = window.project
        if session is not None and session.reading:
            # (the folder is listed on a thread: the column waits for it, as for its counts;
            # it said nothing of the project when opened before)
            for cell in self.project_cells:
                cell.setText("…")
            session.listed.connect(self._project_listed)
            # (a listing that failed: no column rather than "…" for ever; the window's status
            # bar says why, and the column comes with the listing tried again)
            session.list_failed.connect(self._project_unlisted)
            if session.failure is not None:
                self._project_unlisted()
        else:
            self._project_listed()

        self.goal.valueChanged.connect(self._keep_goal)
        self.count.counted.connect(self.refresh)
        self.settings.subscribe(self._on_settings_changed)
        self.tally.subscribe(self._on_tally)
        self.refresh()

    # the numbers --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the numbers as the word count and the tally have them now."""
        self._fill(self.document_cells, self.count.counts)
        selected = self.count.selected
        for widget in (self.selection_head, *self.selection_cells):
            widget.setVisible(selected is not None)
        if selected is not None:
            self._fill(self.selection_cells, selected)
        self._show_today()

    def _project_listed(self) -> None:
        """The project's manuscript counted, once the folder is listed; no column without
        one."""
        if self._project_words is not None:
            return
        parts = self.main_window.project_parts()
        for widget in (self.project_head, *self.project_cells):
            widget.setVisible(bool(parts))
        if parts:
            self._count_project(parts)
        else:
            self._place()

    def _project_unlisted(self, *_why: str) -> None:
        """The project's folder could not be listed (`ProjectSession.list_failed`): no
        column until a listing tried again succeeds (`_project_listed`)."""
        if self._project_words is not None:
            return
        for widget in (self.project_head, *self.project_cells):
            widget.hide()
        self._place()

    def _count_project(self, parts) -> None:
        """The manuscript's numbers from the project's counts (`ProjectWords`, which the
        Project panel shows: one count of each document, its files counted off the window's
        thread and kept until they change), shown once every document is counted."""
        words = self.main_window.project.words
        self._project_words = words
        self._project_paths = [str(part.path) for part in parts]
        for cell in self.project_cells:
            cell.setText("…")
        words.changed.connect(self._project_changed)
        words.count()  # (the files changed since they were counted: another program's edits)
        self._project_changed()

    def _project_changed(self, _paths=None) -> None:
        words = self._project_words
        if words is None:
            return
        total, documents = [0, 0, 0, 0], 0
        for path in self._project_paths:
            if not words.known(path):
                return  # (not all counted yet: the next change says more)
            counts = words.counts(path)
            if counts is None:
                continue  # (unreadable: left out, as the export leaves it out)
            for i, number in enumerate(counts):
                total[i] += number
            documents += 1
        self._project_counted(((total[0], total[1], total[2], total[3]), documents))

    def _project_counted(self, result) -> None:
        counts, documents = result
        self.project_counts = counts
        self._fill(self.project_cells, counts)
        self.project_head.setToolTip(
            self.tr("All the project's {0} documents but its notes, unsaved changes too")
            .format(QLocale().toString(documents)))  # fmt: skip
        self._place()

    def _fill(self, cells: list[QLabel], counts: tuple[int, int, int, int]) -> None:
        locale = QLocale()
        for cell, number in zip(cells, counts, strict=False):
            cell.setText(locale.toString(number))
        cells[4].setText(self.reading_time(reading_minutes(counts[0], self.language)))

    def reading_time(self, minutes: float) -> str:
        """The reading time in words: "About 2 h 5 min", "About 12 min", "Under a minute"."""
        if minutes < 1:
            return self.tr("Under a minute") if minutes > 0 else "—"
        whole = round(minutes)
        if whole < 60:
            return self.tr("About {0} min").format(whole)
        return self.tr("About {0} h {1} min").format(whole // 60, whole % 60)

    def _show_today(self) -> None:
        locale = QLocale()
        today = self.tally.today_words()
        self.today_cell.setText(locale.toString(today))
        self.share_cell.setText(locale.toString(self.main_window.written_here()))
        goal = self.settings.daily_goal
        self.progress.setVisible(goal > 0)
        if goal > 0:
            self.progress.setRange(0, goal)
            self.progress.setValue(min(today, goal))
            # (the words written up to the goal, then the goal reached, from the goal's own
            # word on, as the window's message says it: a text that grew with the words above
            # it, "1,234 of 500 words (246%)", took room from the bar)
            words = self.tr("{0} of {1} words ({2}%)")
            reached = self.tr("Goal of {0} words reached").format(locale.toString(goal))
            self.progress.setFormat(reached if today >= goal else words.format(
                locale.toString(today), locale.toString(goal), today * 100 // goal))  # fmt: skip
            # (the room beside the fill for the widest of them: the bar keeps its length)
            self.progress.widest = (reached, words.format(
                locale.toString(goal), locale.toString(goal), locale.toString(100)))  # fmt: skip
        self._place()

    def _on_tally(self, _today: int) -> None:
        self._show_today()

    def _on_settings_changed(self, change) -> None:
        if change.affects("daily_goal"):
            if self.goal.value() != self.settings.daily_goal:
                self.goal.setValue(self.settings.daily_goal)
            self._show_today()

    def _keep_goal(self, value: int) -> None:
        self.settings.update(daily_goal=value)

    # the popup ----------------------------------------------------------------------------
    def open_at(self, anchor: QWidget | None) -> None:
        """Show it above `anchor`'s right end (the word count), or over the window's text where
        None (the status bar is hidden)."""
        self._anchor = anchor
        self._opened = True
        self._place()
        self.show()
        self._place()  # (shown, with its frame: a platform's frame had its edge past the count)
        self.goal.setFocus(Qt.FocusReason.PopupFocusReason)

    def _place(self) -> None:
        """Fit the popup to its rows and put it in its place again once it is open: a row shown
        or hidden (the goal's progress bar, the selection's column) keeps its bottom above the
        word count rather than growing over the status bar."""
        self.adjustSize()
        if not self._opened:
            return
        anchor = self._anchor
        # its frame's edges, where the platform draws one (`move` places the frame)
        frame, inner = self.frameGeometry(), self.geometry()
        size = self.sizeHint().grownBy(
            QMargins(inner.x() - frame.x(), inner.y() - frame.y(),
                     frame.right() - inner.right(), frame.bottom() - inner.bottom())
        )  # fmt: skip
        if anchor is not None:
            corner = anchor.mapToGlobal(QPoint(anchor.width(), 0))
            place = QPoint(corner.x() - size.width(), corner.y() - size.height() - 4)
        else:
            editor = self.main_window.editor
            center = editor.mapToGlobal(editor.rect().center())
            place = QPoint(center.x() - size.width() // 2, center.y() - size.height() // 2)
        screen = (anchor or self.main_window).screen().availableGeometry()
        place.setX(max(screen.left(), min(place.x(), screen.right() - size.width())))
        place.setY(max(screen.top(), min(place.y(), screen.bottom() - size.height())))
        self.move(place)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._project_words is not None:
            self._project_words.changed.disconnect(self._project_changed)
            self._project_words = None
        self.goal.interpretText()  # (a goal typed and left without Enter is kept too)
        self._keep_goal(self.goal.value())
        self.settings.unsubscribe(self._on_settings_changed)
        self.tally.unsubscribe(self._on_tally)
        super().closeEvent(event)
