"""The Context panel (View → Context): what the next request at the cursor will contain, part by
part, with each part's size in tokens, so a writer who asks "why did it suggest that?" can see.

The parts, in the order the prompt has them: the project's notes (always in), the lore entries
that are on and the word that turned each on, the passages of other documents and the rare words
they share with the text near the cursor, the head (title and headings) of a long document, the
text before the cursor as far as the window reaches (with the style note a few lines back), and
the text after it (read by a model that fills in the middle). Selecting a part shows its text.
What the memory's budget had no room for (the rest of a long section cut at a paragraph, an entry
or passage left out whole) is listed last, "Left out, for room", and named under the total: it is
not in the request, and its tokens are not counted in the total. What the project's notes get
wrong (a heading left open, binary data, a notes file the settings name that is not there) stays
in a line at the top, every sentence in its tooltip, until the notes are mended: a part the
panel lists may be read otherwise than the writer meant.

The panel builds the request the suggestion controller would send now (`request_here`), a
little after the cursor stops moving, only while it is shown. The sizes come from the model's
own tokenizer (a call on the worker thread, queued behind what the writer asked for, never
cancelling it); a backend that cannot count (a server) gets an estimate, marked "≈".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer.generation.window import (
    CHARS_PER_TOKEN_GUESS,
    place_style,
    suffix_window,
    trailing_space,
    wide_budget,
)
from writer.project.memory import guess_tokens
from writer.ui.escape import EscapeBack
from writer.ui.i18n import beside, joined, sentence

if TYPE_CHECKING:
    from writer.assist.memory import DocumentMemory
    from writer.assist.suggestions import SuggestionController
    from writer.generation.requests import ContinuationRequest
    from writer.worker import EngineWorker, RequestHandle

UPDATE_AFTER_MS = 300
SHOWN_CHARS = 20_000  # of a part's text, in the text view


@dataclass
class Row:
    """One part of the prompt as the panel shows it."""

    group: str  # the top-level entry it goes under
    label: str
    text: str
    detail: str = ""  # what turned it on
    sent: bool = True  # False: left out of the request (counted apart)


def count_with(backend, texts: list[str]) -> list[int] | None:
    """Token counts from the backend's own tokenizer; None if it has none (a server)."""
    count = getattr(backend, "count_tokens", None)
    return count(texts) if count is not None else None


class ContextPanel(QDockWidget):
    """See the module docstring."""

    left = Signal()  # Esc in the panel: the keys go back to the text

    def __init__(
        self,
        suggestions: SuggestionController,
        memory: DocumentMemory,
        worker: EngineWorker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Context"), parent)
        self.setObjectName("context_panel")
        self.suggestions = suggestions
        self.memory = memory
        self.worker = worker
        self.rows: list[Row] = []
        self.counts: list[int] = []
        self.exact = False
        self._handle: RequestHandle | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel("", body)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = QLabel("", body)  # what the notes get wrong, until they are mended
        self.problems.setWordWrap(True)
        self.problems.setObjectName("context_problems")
        self.problems.hide()
        layout.addWidget(self.problems)
        split = QSplitter(Qt.Orientation.Vertical, body)
        self.tree = QTreeWidget(split)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Part"), self.tr("Tokens")])
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()  # the part's name takes the width; the count what it needs
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._show_text)
        self.text = QPlainTextEdit(split)
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(self.tr("Select a part to see its text."))
        layout.addWidget(split, 1)
        self.setWidget(body)
        for keyed in (self.tree, self.text):  # (Esc gives the keys back to the text)
            EscapeBack(keyed, self.left.emit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_AFTER_MS)
        self._timer.timeout.connect(self.update_now)
        suggestions.editor.cursorPositionChanged.connect(self.update_soon)
        memory.changed.connect(self.update_soon)
        memory.searched.connect(self.update_soon)
        self.visibilityChanged.connect(lambda shown: shown and self.update_soon())

    def retranslate(self) -> None:
        """Its words in the interface's language (they stayed English after a switch)."""
        self.setWindowTitle(self.tr("Context"))
        self.tree.setHeaderLabels([self.tr("Part"), self.tr("Tokens")])
        self.text.setPlaceholderText(self.tr("Select a part to see its text."))
        if self.isVisible():
            self.update_now()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def update_soon(self, *_args) -> None:
        if self.isVisible():
            self._timer.start()

    def update_now(self) -> None:
        """Build the parts of the request the cursor's place would send now, and count them."""
        request = self.suggestions.request_here()
        self._show_problems()
        self.rows = self._rows(request) if request is not None else []
        self.counts = [guess_tokens(row.text) for row in self.rows]
        self.exact = False
        self._fill()
        if self._handle is not None:
            self._handle.abandon()  # (its counts are of rows gone)
        if self.rows and self.worker.is_loaded:
            texts = [row.text for row in self.rows]
            self._handle = self.worker.call(lambda backend, _cancel: count_with(backend, texts))
            # (a method: a lambda's connection outlived the window, and ran on it deleted)
            self._handle.finished.connect(self._counted)

    def _show_problems(self) -> None:
        project = self.memory.project
        problems = [sentence(p) for p in project.problems] if project is not None else []
        if not problems:
            self.problems.hide()
            self.problems.clear()
            self.problems.setToolTip("")
            return
        text = "⚠ " + problems[0]
        if len(problems) > 1:
            text = beside(text, self.tr("(and {0} more)").format(len(problems) - 1))
        self.problems.setText(text)
        self.problems.setToolTip("\n\n".join(problems))
        self.problems.show()

    def _rows(self, request: ContinuationRequest) -> list[Row]:
        context = self.memory.last
        rows: list[Row] = []
        triggered = {t.section.heading: t.keyword for t in context.triggered}
        cut = {o.part.label for o in context.memory.left_out if o.rest}
        for part in context.memory.parts:
            if part.kind == "notes":
                detail = self.tr("cut to fit") if part.label in cut else ""
                rows.append(Row(self.tr("Notes"), part.label, part.text, detail))
            elif part.kind == "lore":
                keyword = part.trigger or triggered.get(part.label, "")
                detail = self.tr("by “{0}”").format(keyword) if keyword else ""
                rows.append(Row(self.tr("Lore entries"), part.label, part.text, detail))
            elif part.kind == "passage":
                detail = self.tr("shares: {0}").format(part.trigger) if part.trigger else ""
                group = self.tr("Later in this project") if part.later else self.tr(
                    "Earlier in this project")  # fmt: skip
                rows.append(Row(group, part.label, part.text, detail))
        if request.style:
            rows.append(Row(self.tr("Style note"), self.tr("a few lines before the cursor"),
                            request.style))  # fmt: skip
        if request.head:
            rows.append(Row(self.tr("Head"), self.tr("title and headings"), request.head))
        before, _space = trailing_space(request.before)
        info = self.worker.info
        n_ctx = info.n_ctx if info is not None else 4096
        room = wide_budget(n_ctx, request.max_tokens) - sum(guess_tokens(r.text) for r in rows)
        window = before[-max(0, room) * CHARS_PER_TOKEN_GUESS :] if room > 0 else ""
        if request.style:
            window = place_style(window, request.style)
        rows.append(Row(self.tr("Text before the cursor"), self.tr("what the model reads"), window))
        after = suffix_window(request.after)
        if after.strip() and info is not None and info.fills_middle:  # else it is not sent
            rows.append(Row(self.tr("Text after the cursor"), self.tr("the model fills in the middle"), after))  # noqa: E501
        for out in context.memory.left_out:
            part = out.part
            if out.rest:
                detail = self.tr("the rest, after the cut")
            elif part.kind == "lore":
                keyword = part.trigger or triggered.get(part.label, "")
                detail = self.tr("by “{0}”").format(keyword) if keyword else ""
            else:
                detail = ""
            rows.append(Row(self.tr("Left out, for room"), part.label, part.text, detail, False))
        return rows

    def _counted(self, counts: list[int] | None) -> None:
        if counts is None or len(counts) != len(self.rows):
            return
        self.counts, self.exact = list(counts), True
        self._fill()

    def _fill(self) -> None:
        current = self.tree.currentItem()
        keep = (current.text(0), current.parent() is None) if current is not None else None
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        totals: dict[str, int] = {}
        mark = "" if self.exact else "≈"
        for row, count in zip(self.rows, self.counts, strict=True):
            group = groups.get(row.group)
            if group is None:
                group = groups[row.group] = QTreeWidgetItem(self.tree, [row.group, ""])
                group.setExpanded(True)
            label = f"{row.label} — {row.detail}" if row.detail else row.label
            item = QTreeWidgetItem(group, [label, f"{mark}{count}"])
            item.setData(0, Qt.ItemDataRole.UserRole, row.text)
            item.setToolTip(0, f"{label}\n\n{row.text[:600]}")  # the label may be cut
            totals[row.group] = totals.get(row.group, 0) + count
        for name, group in groups.items():
            group.setText(1, f"{mark}{totals[name]}")
            group.setData(0, Qt.ItemDataRole.UserRole, "\n\n".join(
                r.text for r in self.rows if r.group == name))  # fmt: skip
        total = sum(count for row, count in zip(self.rows, self.counts, strict=True) if row.sent)
        if not self.rows:
            self.summary.setText(self.tr("Nothing before the cursor: no request."))
        elif self.memory.project is None:
            self.summary.setText(
                self.tr("{0}{1} tokens. No project: open a folder to give the model notes.")
                .format(mark, total)
            )
        else:
            summary = self.tr("{0}{1} tokens in the next request.").format(mark, total)
            left_out = list(dict.fromkeys(row.label for row in self.rows if not row.sent))
            if left_out:
                summary = joined(summary, self.tr("Left out, for room: {0}.").format(
                    self.tr(", ").join(left_out)
                ))
            self.summary.setText(summary)
        if keep is not None:
            flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
            found = self.tree.findItems(keep[0], flags)
            if found:
                self.tree.setCurrentItem(found[0])
        self._show_text(self.tree.currentItem())  # a part no longer there shows nothing

    def _show_text(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        text = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else ""
        self.text.setPlainText((text or "")[:SHOWN_CHARS])

    def part_texts(self) -> dict[str, list[str]]:
        """The parts' labels by group (for tests and the accessibility tree)."""
        out: dict[str, list[str]] = {}
        for row in self.rows:
            out.setdefault(row.group, []).append(row.label)
        return out
