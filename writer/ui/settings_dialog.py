"""Settings: suggestions, rewrite presets, banned phrases, the model and where it runs, a server,
what may leave the computer, how a project's documents open, and the spelling.

The dialog reads the app's one `Settings` object and, on OK, `apply` hands what the writer set
to `Settings.update`, which saves it and tells every window (and the model loader) what changed.
An API key goes to the system keyring, never to the settings file; `key_stored` says one did.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QFont, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from writer.generation.bans import MAX_CHARS, MAX_LINES
from writer.settings import Change, Settings, valid_file_name, valid_gpu_layers
from writer.ui.actions import plain_label
from writer.ui.editor import default_serif
from writer.ui.i18n import regex_reason, sentence
from writer.ui.theme import mark_problem

STOPS = ["sentence", "line", "none"]

MIN_WIDTH, MIN_HEIGHT = 600, 440
NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # a preset's name as saved (the item shows it translated)


def dictionary_label(name: str) -> str:
    """A spelling dictionary as the list shows it: its language and country in their own
    words, and its name ("English (United States) — en_US")."""
    locale = QLocale(name)
    if locale.language() == QLocale.Language.C:
        return name
    words = QLocale.languageToString(locale.language())
    native = locale.nativeLanguageName()
    if native:
        words = native
        if ("_" in name or "-" in name) and locale.nativeTerritoryName():  # ("fr": any country)
            words += f" ({locale.nativeTerritoryName()})"
    return f"{words} — {name}"


def _typed(box: QAbstractSpinBox, text: str) -> float | None:
    """The number `text` (a number box's, with its prefix and suffix) holds; None for none
    ("nan" and "inf" are words: the box took them as numbers beyond its range)."""
    clean = text
    if box.prefix() and clean.startswith(box.prefix()):
        clean = clean[len(box.prefix()):]
    if box.suffix() and clean.endswith(box.suffix()):
        clean = clean[: -len(box.suffix())]
    value, ok = box.locale().toDouble(clean.strip())
    return value if ok and math.isfinite(value) else None


def _beyond(box: QAbstractSpinBox, text: str) -> bool:
    """Whether `text` (a number box's, with its prefix and suffix) is a number outside the
    box's range."""
    value = _typed(box, text)
    return value is not None and not box.minimum() <= value <= box.maximum()


class _TakesBeyond:
    """For a number box: a number beyond its range is taken as typed (Qt dropped the key that
    made "256" into "2560" without a word); the dialog refuses it at Enter or OK, with the
    box's range in a sentence (`SettingsDialog._out_of_range`). A step from it (an arrow key,
    the wheel, the box's arrows) starts from the end of the range nearest to it."""

    def validate(self, text: str, pos: int) -> object:
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Invalid and _beyond(self, text):
            state = QValidator.State.Intermediate
        return state, text, pos

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 (Qt's name)
        # (as the number typed stands: Qt went by the last number in range on the way, 30
        # for "300", and took Down from 0.00 for "2" as impossible)
        typed = _typed(self, self.text())
        if typed is not None and typed > self.maximum():
            return QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if typed is not None and typed < self.minimum():
            return QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return super().stepEnabled()

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt's name)
        # (Qt stepped from the last number in range typed on the way: Down after "300" gave
        # 30, a tenth of it, without a word)
        if _beyond(self, self.text()):
            nearest = min(max(_typed(self, self.text()), self.minimum()), self.maximum())
            self.setValue(type(self.value())(nearest))
        super().stepBy(steps)


class NumberBox(_TakesBeyond, QSpinBox):
    """A whole-number box that takes a number beyond its range as typed (`_TakesBeyond`)."""


class DecimalBox(_TakesBeyond, QDoubleSpinBox):
    """A decimal box that takes a number beyond its range as typed (`_TakesBeyond`)."""


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        session_server: str = "",
        dictionaries: tuple[str, ...] = (),
    ) -> None:
        """`session_server`: the server this session uses by the command line's --server
        (said on the Server tab, which shows only what the settings choose); `dictionaries`:
        the spelling dictionaries found on this computer, by name."""
        super().__init__(parent)
        self.session_server = session_server
        self.dictionaries = dictionaries
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.key_message = ""
        self.key_stored = False
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._suggestions_tab(), self.tr("Su&ggestions"))
        self.tabs.addTab(self._presets_tab(), self.tr("Re&write Presets"))
        self.tabs.addTab(self._bans_tab(), self.tr("&Banned Phrases"))
        self.tabs.addTab(self._model_tab(), self.tr("&Model"))
        self.tabs.addTab(self._server_tab(), self.tr("Ser&ver"))
        self.tabs.addTab(self._appearance_tab(), self.tr("&Appearance"))
        self.tabs.addTab(self._project_tab(), self.tr("&Project"))
        layout.addWidget(self.tabs)
        # a value that cannot be saved is said here, and the dialog stays open with every
        # value as the writer left it (it closed, and the other changes were lost)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("settings-problem")
        self.problem_label.setWordWrap(True)
        mark_problem(self.problem_label)
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        self.change: Change | None = None  # what OK changed
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        # each button has its Alt letter (Qt's own "OK" and "Cancel" had none)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # the sentence about a value goes once the writer changes one (it outlived the fix)
        for edited in (
            self.notes_file.textChanged,
            self.server_url.textChanged,
            self.gpu.editTextChanged,
            self.font.editTextChanged,
            self.use_font.toggled,
            self.use_server.toggled,
            self.bans.textChanged,
        ):
            edited.connect(self.problem_label.hide)
        # every number box: a number outside its range (or none) typed, Enter or the keyboard
        # elsewhere (OK clicked) had Qt put the old value back without a word, and OK saved
        # the old one; the text stays as typed and OK says why (`problem`)
        for box in self.findChildren(QAbstractSpinBox):
            box.installEventFilter(self)
            box.lineEdit().textEdited.connect(self.problem_label.hide)
            box.valueChanged.connect(lambda _value: self.problem_label.hide())  # (by the arrows)
        # every tab's name shows (no scroll arrows), and the pages have room to read
        self.tabs.tabBar().setUsesScrollButtons(False)
        width = self.tabs.tabBar().sizeHint().width() + 48
        self.setMinimumWidth(width)
        self.resize(max(width, MIN_WIDTH), max(self.sizeHint().height(), MIN_HEIGHT))

    # tabs ---------------------------------------------------------------------------------
    def _suggestions_tab(self) -> QWidget:
        s = self.settings
        page = QWidget(self)
        form = QFormLayout(page)
        self.enabled = QCheckBox(self.tr("&Show suggestions while typing"), page)
        self.enabled.setChecked(s.suggestions_enabled)
        form.addRow(self.enabled)
        self.debounce = NumberBox(page)
        self.debounce.setRange(0, 5000)
        self.debounce.setSuffix(self.tr(" ms"))
        self.debounce.setValue(s.debounce_ms)
        self.debounce.setToolTip(
            self.tr(
                "After a word ends, the next word comes at once; the rest of the suggestion, "
                "and suggestions inside a word, wait for this pause in typing."
            )
        )
        form.addRow(self.tr("Pause b&efore the rest:"), self.debounce)
        self.max_tokens = NumberBox(page)
        self.max_tokens.setRange(1, 512)
        self.max_tokens.setSuffix(self.tr(" tokens"))
        self.max_tokens.setValue(s.max_suggestion_tokens)
        form.addRow(self.tr("&Longest suggestion:"), self.max_tokens)
        self.stop = QComboBox(page)
        labels = [
            self.tr("End of the sentence"),
            self.tr("End of the line"),
            self.tr("Token limit"),
        ]
        for label, value in zip(labels, STOPS, strict=True):
            self.stop.addItem(label, value)
        self.stop.setCurrentIndex(max(0, STOPS.index(s.stop_at)))
        form.addRow(self.tr("S&top at:"), self.stop)
        self.cutoff = DecimalBox(page)
        self.cutoff.setRange(0.0, 0.95)
        self.cutoff.setSingleStep(0.05)
        self.cutoff.setValue(s.confidence_cutoff)
        self.cutoff.setToolTip(
            self.tr(
                "Cut a suggestion at its first word the model gives less than this probability "
                "(0 offers everything)."
            )
        )
        form.addRow(self.tr("C&ut below confidence:"), self.cutoff)
        self.show_first_prob = DecimalBox(page)
        self.show_first_prob.setRange(0.0, 0.95)
        self.show_first_prob.setSingleStep(0.05)
        self.show_first_prob.setValue(s.show_first_prob)
        self.show_first_prob.setToolTip(
            self.tr(
                "Show a suggestion only where the model gives its first word at least this "
                "probability (0 shows every one; Ctrl+Space always shows)."
            )
        )
        form.addRow(self.tr("Show &from confidence:"), self.show_first_prob)
        self.look_ahead = QCheckBox(self.tr("Wor&k ahead while typing"), page)
        self.look_ahead.setChecked(s.look_ahead)
        self.look_ahead.setToolTip(
            self.tr(
                "Read each word as it is typed and prepare the next suggestion before this one "
                "is taken: suggestions come sooner, for more processor time (and battery)."
            )
        )
        form.addRow(self.look_ahead)
        return page

    def _model_tab(self) -> QWidget:
        s = self.settings
        page = QWidget(self)
        form = QFormLayout(page)
        self.n_ctx = NumberBox(page)
        self.n_ctx.setRange(512, 131072)
        self.n_ctx.setSingleStep(1024)
        self.n_ctx.setValue(s.n_ctx)
        form.addRow(self.tr("Co&ntext size:"), self.n_ctx)
        # a choice of the two words, in the interface's language, or a number typed in
        self.gpu = QComboBox(page)
        self.gpu.setEditable(True)
        # Enter in the field is OK's, not "keep what I typed as a fourth choice" (Qt's
        # default: the typed text became an item without a value, and OK then refused even
        # "12" with "None is not a valid n_gpu_layers")
        self.gpu.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.gpu.addItem(self.tr("Automatic"), "auto")
        self.gpu.addItem(self.tr("All layers"), "all")
        self.gpu.addItem(self.tr("None (CPU only)"), "0")
        held = self.gpu.findData(s.n_gpu_layers)
        if held >= 0:
            self.gpu.setCurrentIndex(held)
        else:
            self.gpu.setEditText(s.n_gpu_layers)
        self.gpu.setToolTip(
            self.tr("Automatic, all layers, or a number of layers (0 runs on the CPU)")
        )
        form.addRow(self.tr("GP&U layers:"), self.gpu)
        self.threads = NumberBox(page)
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(self.tr("automatic"))
        self.threads.setValue(s.n_threads)
        form.addRow(self.tr("CPU &threads:"), self.threads)
        return page

    def _presets_tab(self) -> QWidget:
        from writer.assist.presets import presets_of

        page = QWidget(self)
        layout = QHBoxLayout(page)
        self.presets = QListWidget(page)
        self.presets.setAccessibleName(self.tr("Rewrite presets"))
        for name, text in presets_of(self.settings.rewrite_presets):
            self._add_preset(name, text)
        self.presets.setCurrentRow(0)
        layout.addWidget(self.presets, 1)
        column = QVBoxLayout()
        for label, slot in (
            (self.tr("A&dd…"), self._new_preset),
            (self.tr("&Edit…"), self._edit_preset),
            (self.tr("&Remove"), self._remove_preset),
            (self.tr("Move &Up"), lambda: self._move_preset(-1)),
            (self.tr("Move Dow&n"), lambda: self._move_preset(1)),
            (self.tr("Bu&ilt-in Presets"), self._reset_presets),
        ):
            button = QPushButton(label, page)
            button.clicked.connect(slot)
            column.addWidget(button)
        column.addStretch(1)
        layout.addLayout(column)
        return page

    def _bans_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        note = QLabel(
            self.tr(
                "Words and phrases that no suggestion or rewrite may write, one a line (case "
                "is ignored). A line between slashes, such as /colou?r/, is a regular "
                "expression. When the model writes one, it goes back and writes something else."
            ),
            page,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.bans = QPlainTextEdit(page)
        self.bans.setTabChangesFocus(True)
        self.bans.setPlainText("\n".join(self.settings.banned_phrases))
        self.bans.setPlaceholderText(self.tr("a tapestry of\n/colou?r/\n夜色如墨"))
        note.setBuddy(self.bans)
        layout.addWidget(self.bans, 1)
        self.bans_problem = QLabel(page)
        self.bans_problem.setWordWrap(True)
        mark_problem(self.bans_problem)
        layout.addWidget(self.bans_problem)
        row = QHBoxLayout()
        self.add_cliches = QPushButton(self.tr("A&dd common clichés"), page)
        self.add_cliches.setToolTip(
            self.tr("Add a starter list of phrases models overuse, in English and Chinese")
        )
        self.add_cliches.clicked.connect(self._add_cliches)
        row.addWidget(self.add_cliches)
        row.addStretch(1)
        layout.addLayout(row)
        self.bans.textChanged.connect(self._check_bans)
        self._check_bans()
        return page

    def _add_cliches(self) -> None:
        from writer.generation.bans import COMMON_CLICHES, ban_lines

        lines = ban_lines(self.bans.toPlainText())
        have = {line.casefold() for line in lines}
        added = [c for c in COMMON_CLICHES if c.casefold() not in have]
        self.bans.setPlainText("\n".join([*lines, *added]))

    def gpu_layers(self) -> str:
        """The GPU layers setting the dialog holds: "auto", "all" or a number (ValueError with a
        sentence for anything else)."""
        text = self.gpu.currentText().strip()
        # (in any case: "all layers" typed, and OK, was refused as not "All layers")
        chosen = self.gpu.findText(text, Qt.MatchFlag.MatchFixedString)
        if chosen >= 0:
            return self.gpu.itemData(chosen)
        value = text.lower() or "auto"
        if not valid_gpu_layers(value):
            raise ValueError(
                self.tr(
                    "GPU layers: “{0}” is not Automatic, All layers or a number of layers."
                ).format(text)
            )
        return value

    def _say_missing_font(self) -> None:
        """The note on the font saved and since removed shows while OK would keep it."""
        kept = self.use_font.isChecked() and self.font.currentText().strip() == self.missing_font
        self.font_note.setVisible(bool(self.missing_font) and kept)

    def font_family(self) -> str:
        """The font the dialog holds: "" with the box unticked (a serif the system has), else
        the font of the list that the box's text names, in any case, spelt as the list spells
        it (ValueError with a sentence for a name the list does not hold: a typo, a font not on
        this computer). The list's names are the editor's (`Editor.set_font`): Qt's hasFamily
        refused "Serif", a name of the list, and passed "dejavu serif", saved as typed, which
        the editor did not find (the text showed in its serif without a word). The font saved
        before and since removed, still in the box, is kept as it was (the tab says so)."""
        if not self.use_font.isChecked():
            return ""
        typed = self.font.currentText().strip()
        if not typed:
            return self.font.currentFont().family()
        listed = self.font.findText(typed, Qt.MatchFlag.MatchFixedString)
        if listed < 0 and self.missing_font and typed == self.missing_font:
            return self.missing_font  # (saved, since removed: kept, and said on the tab)
        if listed < 0:
            raise ValueError(
                self.tr(
                    "Font: “{0}” is not a font on this computer: choose one from the list."
                ).format(typed)
            )
        return self.font.itemText(listed)

    def ban_problem(self) -> str:
        """A sentence on the first line of the banned phrases that cannot be used ("" if none)."""
        from writer.generation.bans import BanError, check_bans

        try:
            check_bans(self.bans.toPlainText())
        except BanError as exc:
            if exc.kind == "regex":
                why = self.tr("it is not a valid regular expression ({0})").format(
                    regex_reason(exc.reason)
                )
            elif exc.kind == "empty":
                why = self.tr("it is a regular expression that matches empty text")
            elif exc.kind == "long":
                why = self.tr("it is longer than {0} characters").format(MAX_CHARS)
            else:
                why = self.tr("a list holds at most {0} lines").format(MAX_LINES)
            return self.tr("Banned phrases, line {0} (“{1}”): {2}. Nothing was saved.").format(
                exc.line, exc.text, why
            )
        return ""

    def _check_bans(self) -> None:
        self.bans_problem.setText(self.ban_problem())

    def _add_preset(self, name: str, text: str, row: int | None = None) -> None:
        from writer.assist.presets import preset_label

        item = QListWidgetItem(preset_label(name))  # a built-in's name in the interface language
        item.setData(NAME_ROLE, name)
        item.setData(Qt.ItemDataRole.UserRole, text)
        item.setToolTip(text)
        if row is None:
            self.presets.addItem(item)
        else:
            self.presets.insertItem(row, item)
        self.presets.setCurrentItem(item)

    def preset_rows(self) -> list[list[str]]:
        items = [self.presets.item(i) for i in range(self.presets.count())]
        return [[item.data(NAME_ROLE), item.data(Qt.ItemDataRole.UserRole)] for item in items]

    def _ask_preset(
        self, name: str = "", text: str = "", editing: QListWidgetItem | None = None
    ) -> tuple[str, str] | None:
        """A preset's name and instruction, asked in turn (None: cancelled). A name another
        preset has (the list's or the stored one, case aside; `editing` is the preset being
        edited) is asked again, the sentence above it and the name typed kept: two presets of
        one name were listed alike in the rewrite menu, and nothing told them apart."""
        label = self.tr("&Name:")
        while True:
            name, ok = QInputDialog.getText(self, self.tr("Preset"), label, text=name)
            if not ok or not name.strip():
                return None
            if not self._preset_named(name.strip(), editing):
                break
            taken = self.tr("A preset is already named “{0}”: give this one another name.")
            label = taken.format(name.strip()) + "\n\n" + self.tr("&Name:")
        asked = self.instruction_dialog(text or name)
        if asked.exec() != QDialog.DialogCode.Accepted or not asked.textValue().strip():
            return None
        return name.strip(), asked.textValue().strip()

    def _preset_named(self, name: str, other_than: QListWidgetItem | None = None) -> bool:
        """Whether a preset other than `other_than` has `name` (as listed or stored)."""
        from writer.assist.presets import preset_label

        wanted = name.casefold()
        for row in range(self.presets.count()):
            item = self.presets.item(row)
            stored = item.data(NAME_ROLE)
            if item is not other_than and wanted in (
                stored.casefold(), preset_label(stored).casefold()
            ):
                return True
        return False

    def instruction_dialog(self, text: str) -> QInputDialog:
        """The box that asks a preset's instruction, its lines wrapped at its width (Qt's own
        multi-line input, `getMultiLineText`, does not wrap: an instruction of a few sentences
        ran off to the right on one line)."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Preset"))
        dialog.setLabelText(self.tr("&Instruction to the model:"))
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setTextValue(text)
        box = dialog.findChild(QPlainTextEdit)
        if box is not None:
            box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            # Tab goes on to OK and Cancel (it typed a tab, and Enter a new line: the keyboard
            # alone could not reach OK, and a preset could not be added without the mouse)
            box.setTabChangesFocus(True)
        return dialog

    def _new_preset(self) -> None:
        found = self._ask_preset()
        if found:
            self._add_preset(*found)

    def _edit_preset(self) -> None:
        """Edit the preset selected, its name shown as the list shows it (a built-in one's in
        the interface's language) and stored as it was where the writer leaves it so."""
        from writer.assist.presets import preset_label

        item = self.presets.currentItem()
        if item is None:
            return
        name = item.data(NAME_ROLE)
        found = self._ask_preset(preset_label(name), item.data(Qt.ItemDataRole.UserRole), item)
        if found:
            if found[0] == preset_label(name):
                found = (name, found[1])
            item.setText(preset_label(found[0]))
            item.setData(NAME_ROLE, found[0])
            item.setData(Qt.ItemDataRole.UserRole, found[1])
            item.setToolTip(found[1])

    def _remove_preset(self) -> None:
        row = self.presets.currentRow()
        if row >= 0 and self.presets.count() > 1:
            self.presets.takeItem(row)

    def _move_preset(self, step: int) -> None:
        row = self.presets.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.presets.count():
            return
        item = self.presets.takeItem(row)
        self.presets.insertItem(target, item)
        self.presets.setCurrentRow(target)

    def _reset_presets(self) -> None:
        from writer.assist.presets import PRESETS

        self.presets.clear()
        for name, text in PRESETS.items():
            self._add_preset(name, text)
        self.presets.setCurrentRow(0)

    def _appearance_tab(self) -> QWidget:
        s = self.settings
        page = QWidget(self)
        form = QFormLayout(page)
        self.theme = QComboBox(page)
        for label, value in (
            (self.tr("As the system"), "system"),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
        form.addRow(self.tr("&Theme:"), self.theme)
        self.font = QFontComboBox(page)
        # the font the editor shows: the chosen one, else the serif it finds (the box showed
        # the system's sans while the text was in a serif)
        self.font.setCurrentFont(QFont(s.font_family or default_serif()))
        # a name typed and Enter: OK, not a new font in the list (see `problem` for one this
        # computer does not have)
        self.font.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.use_font = QCheckBox(self.tr("Use this fo&nt (else a serif the system has)"), page)
        self.use_font.setChecked(bool(s.font_family))
        # choosing a font means using it (a font typed in without the box ticked was dropped
        # without a word)
        self.font.currentFontChanged.connect(lambda _font: self.use_font.setChecked(True))
        form.addRow(self.tr("&Font:"), self.font)
        form.addRow("", self.use_font)
        # a font saved and since removed from this computer: the box showed Qt's stand-in, and
        # OK saved that in its place without a word. Its name stays in the box, said here, and
        # OK keeps it (`font_family`) until the writer chooses another or unticks the box.
        self.missing_font = ""
        self.font_note = QLabel(page)
        self.font_note.setWordWrap(True)
        if s.font_family and self.font.findText(s.font_family, Qt.MatchFlag.MatchFixedString) < 0:
            self.missing_font = s.font_family
            self.font.setEditText(s.font_family)
            self.font_note.setText(self.tr(
                "“{0}”, the font chosen before, is not on this computer any more: the text shows "
                "in another font. OK keeps it for when it is back; choose a font from the list, "
                "or untick the box, to change it.").format(s.font_family))
        else:
            self.font_note.hide()
        form.addRow("", self.font_note)
        # (another font chosen, or the box unticked, it still said "OK keeps it")
        self.font.editTextChanged.connect(self._say_missing_font)
        self.use_font.toggled.connect(self._say_missing_font)
        self.font_size = DecimalBox(page)
        self.font_size.setRange(0.0, 96.0)
        self.font_size.setSpecialValueText(self.tr("default"))
        self.font_size.setValue(s.font_size)
        form.addRow(self.tr("Font si&ze:"), self.font_size)
        self.text_width = NumberBox(page)
        self.text_width.setRange(10, 400)
        self.text_width.setSuffix(self.tr(" em"))
        self.text_width.setValue(s.text_width)
        form.addRow(self.tr("Te&xt width:"), self.text_width)
        self.language = QComboBox(page)
        for label, value in (
            (self.tr("As the system"), ""),
            ("English", "en"),
            ("简体中文", "zh_CN"),
        ):
            self.language.addItem(label, value)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        form.addRow(self.tr("&Language:"), self.language)
        self.spell_check = QCheckBox(self.tr("&Underline misspelled words"), page)
        self.spell_check.setChecked(s.spell_check)
        form.addRow(self.tr("Spelling:"), self.spell_check)
        self.spell_dictionary = QComboBox(page)
        self.spell_dictionary.addItem(self.tr("Automatic: the document's language"), "")
        for name in sorted({*self.dictionaries, *([s.spell_dictionary] if s.spell_dictionary
                                                  else [])}):  # fmt: skip
            self.spell_dictionary.addItem(dictionary_label(name), name)
        self.spell_dictionary.setCurrentIndex(
            max(0, self.spell_dictionary.findData(s.spell_dictionary))
        )
        self.spell_check.toggled.connect(self.spell_dictionary.setEnabled)
        self.spell_dictionary.setEnabled(s.spell_check)
        form.addRow(self.tr("&Dictionary:"), self.spell_dictionary)
        return page

    def _project_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.project_open_in = QComboBox(page)
        for label, value in (
            (self.tr("In the same window (after asking to save changes)"), "same"),
            (self.tr("In a new window"), "new"),
        ):
            self.project_open_in.addItem(label, value)
        self.project_open_in.setCurrentIndex(
            max(0, self.project_open_in.findData(self.settings.project_open_in))
        )
        self.project_open_in.setToolTip(
            self.tr("Where Enter or a double click in the Project panel opens a document")
        )
        form.addRow(self.tr("Open doc&uments:"), self.project_open_in)
        s = self.settings
        self.keep_versions = NumberBox(page)
        self.keep_versions.setRange(0, 1000)
        self.keep_versions.setSpecialValueText(self.tr("none"))
        self.keep_versions.setValue(s.keep_versions)
        self.keep_versions.setToolTip(
            self.tr("Each save keeps a version of the document in Writer's own folder, for File → "
                    "Local History; beyond this many, the oldest are deleted")  # fmt: skip
        )
        form.addRow(self.tr("Versions &kept of each document:"), self.keep_versions)
        self.reopen_last = QCheckBox(self.tr("&Reopen the last session's documents at start"), page)
        self.reopen_last.setChecked(s.reopen_last)
        self.reopen_last.setToolTip(
            self.tr("Writer started without a file opens again the windows, projects and "
                    "documents that were open when it last quit")  # fmt: skip
        )
        form.addRow(self.reopen_last)
        heading = QLabel(self.tr("<b>Memory</b>: what the model is given from the project"), page)
        form.addRow(heading)
        self.memory_notes = QCheckBox(self.tr("&Notes: sections without keywords, always"), page)
        self.memory_lore = QCheckBox(
            self.tr("&Lore entries: sections whose keywords are written near the cursor"), page
        )
        self.memory_passages = QCheckBox(
            self.tr("Other &documents: passages that share names and rare words"), page
        )
        self.memory_style = QCheckBox(
            self.tr("St&yle note: the notes' “Style” section, a few lines before the cursor"), page
        )
        for box, on in (
            (self.memory_notes, s.memory_notes),
            (self.memory_lore, s.memory_lore),
            (self.memory_passages, s.memory_passages),
            (self.memory_style, s.memory_style),
        ):
            box.setChecked(on)
            form.addRow(box)
        self.memory_budget = NumberBox(page)
        self.memory_budget.setRange(0, 1 << 16)
        self.memory_budget.setSingleStep(256)
        self.memory_budget.setSuffix(self.tr(" tokens"))
        self.memory_budget.setSpecialValueText(self.tr("a quarter of the context"))
        self.memory_budget.setValue(min(s.memory_budget, 1 << 16))
        form.addRow(self.tr("M&emory budget:"), self.memory_budget)
        self.notes_file = QLineEdit(s.notes_file, page)
        self.notes_file.setToolTip(self.tr("A file in the project's folder"))
        form.addRow(self.tr("Notes &file:"), self.notes_file)
        return page

    def _server_tab(self) -> QWidget:
        from writer.remote.keys import keyring_available

        s = self.settings
        page = QWidget(self)
        form = QFormLayout(page)
        note = QLabel(
            self.tr(
                "An inference server (llama-server, vLLM, Ollama, LM Studio) can run a model "
                "too large for this computer. While one is used, the text near the cursor and "
                "what you rewrite are sent to it, and the status bar names it."
            ),
            page,
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.session_note = QLabel(page)
        self.session_note.setWordWrap(True)
        if self.session_server:
            # the tab showed the settings' server only (often none) while the text went to
            # the command line's
            self.session_note.setText(
                self.tr(
                    "This session uses {0}, the server named on the command line (--server). "
                    "A choice made here replaces it."
                ).format(self.session_server)
            )
            form.addRow(self.session_note)
        else:
            self.session_note.hide()
        self.use_server = QCheckBox(self.tr("&Use the server instead of the local model"), page)
        self.use_server.setChecked(s.use_server)
        form.addRow(self.use_server)
        self.server_url = QLineEdit(s.server_url, page)
        self.server_url.setPlaceholderText("http://gpu-box:8080")
        form.addRow(self.tr("A&ddress:"), self.server_url)
        self.server_model = QLineEdit(s.server_model, page)
        self.server_model.setPlaceholderText(self.tr("the server's first model"))
        form.addRow(self.tr("Mod&el:"), self.server_model)
        self.api_key = QLineEdit(page)
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        if keyring_available():
            self.api_key.setPlaceholderText(self.tr("kept in the system keyring, never in a file"))
        else:
            self.api_key.setPlaceholderText(self.tr("no keyring here: set WRITER_API_KEY"))
            self.api_key.setEnabled(False)
        form.addRow(self.tr("API &key:"), self.api_key)
        self.local_only = QCheckBox(self.tr("&Local only: never send text to any server"), page)
        self.local_only.setChecked(s.local_only)
        form.addRow(self.local_only)
        self.offline = QCheckBox(
            self.tr("O&ffline: no Hub, and no server outside this computer"), page
        )
        self.offline.setChecked(s.offline)
        form.addRow(self.offline)
        return page

    # applying -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """A number box whose text is not a number in its range keeps it: Enter is OK's
        (which says why), and neither the keyboard leaving it nor its tab hidden or shown
        again puts the old value back."""
        if isinstance(watched, QAbstractSpinBox) and not watched.lineEdit().hasAcceptableInput():
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                self.accept()
                return True
            if event.type() == QEvent.Type.FocusOut:
                watched.lineEdit().event(event)  # (its cursor goes; the text stays)
                return True
            if event.type() in (QEvent.Type.Hide, QEvent.Type.Show):
                # (its tab left, by Alt and a letter or a click, Qt put back the last number
                # in range, "30" for "300", and OK saved it; its tab shown again, by the
                # refusal too, the same)
                return True
        return super().eventFilter(watched, event)

    def _out_of_range(self, box: QAbstractSpinBox) -> str:
        """Why a number box's text cannot be saved, in a sentence that names the box."""
        form = box.parentWidget().layout() if box.parentWidget() is not None else None
        label = form.labelForField(box) if isinstance(form, QFormLayout) else None
        name = plain_label(label.text()).rstrip(":：") if isinstance(label, QLabel) else ""
        special = box.specialValueText()
        if special:  # (its least shows as a word: "automatic", not 0)
            unit = 10 ** -box.decimals() if isinstance(box, QDoubleSpinBox) else 1
            return self.tr("{0}: “{1}” is not “{2}” or a number from {3} to {4}.").format(
                name or box.accessibleName(),
                box.cleanText(),
                special,
                box.textFromValue(box.minimum() + unit),
                box.textFromValue(box.maximum()),
            )
        return self.tr("{0}: “{1}” is not a number from {2} to {3}.").format(
            name or box.accessibleName(),
            box.cleanText(),
            box.textFromValue(box.minimum()),
            box.textFromValue(box.maximum()),
        )

    def problem(self) -> tuple[str, QWidget | None]:
        """The first value the settings would refuse, in a sentence, and the field that holds
        it (("", None) when every value can be saved)."""
        for box in self.findChildren(QAbstractSpinBox):
            if not box.lineEdit().hasAcceptableInput():
                return self._out_of_range(box), box
        problem = self.ban_problem()
        if problem:
            return problem, self.bans
        try:
            self.gpu_layers()
        except ValueError as exc:
            return str(exc), self.gpu
        url = self.server_url.text().strip()
        if not url and self.use_server.isChecked():  # (OK said nothing, and the model here
            # went on writing under a ticked box)
            return self.tr(
                "Use the server needs the server's address, such as http://gpu-box:8080 (or "
                "untick it to keep the model on this computer)."), self.server_url
        if url:
            from writer.remote.client import Endpoint

            try:
                Endpoint.parse(url)
            except ValueError as exc:
                # refused here, the model in use kept (a typo dropped it for No model)
                return sentence(str(exc)), self.server_url
        try:
            self.font_family()
        except ValueError as exc:
            return str(exc), self.font
        name = self.notes_file.text().strip()
        if name and not valid_file_name(name):
            return (
                self.tr(
                    "Notes file: “{0}” is not a file name (a name in the project's folder, "
                    "without a folder)."
                ).format(name),
                self.notes_file,
            )
        return "", None

    def accept(self) -> None:
        """OK: the values saved and the dialog closed, or, where one cannot be saved, the
        sentence under the tabs, its field shown with the keyboard in it, and nothing saved
        until it is mended or the dialog cancelled."""
        problem, field = self.problem()
        if not problem:
            try:
                self.change = self.apply()
            except ValueError as exc:
                problem = str(exc)
        if problem:
            self.problem_label.setText(problem)
            self.problem_label.show()
            if field is not None:
                page = field.parentWidget()
                while page is not None and self.tabs.indexOf(page) < 0:
                    page = page.parentWidget()
                if page is not None:
                    self.tabs.setCurrentWidget(page)
                field.setFocus()
            return
        super().accept()

    def apply(self) -> Change:
        """Hand the dialog's values to the settings; returns what changed (ValueError with a
        sentence, and nothing changed, for a value the settings refuse)."""
        from writer.assist.presets import PRESETS
        from writer.generation.bans import ban_lines

        problem = self.ban_problem()
        if problem:
            raise ValueError(problem)
        gpu = self.gpu_layers()
        rows = self.preset_rows()
        change = self.settings.update(
            suggestions_enabled=self.enabled.isChecked(),
            debounce_ms=self.debounce.value(),
            max_suggestion_tokens=self.max_tokens.value(),
            stop_at=self.stop.currentData(),
            confidence_cutoff=round(self.cutoff.value(), 2),
            show_first_prob=round(self.show_first_prob.value(), 2),
            look_ahead=self.look_ahead.isChecked(),
            n_gpu_layers=gpu,
            n_ctx=self.n_ctx.value(),
            n_threads=self.threads.value(),
            rewrite_presets=[] if rows == [list(p) for p in PRESETS.items()] else rows,
            theme=self.theme.currentData(),
            font_family=self.font_family(),
            font_size=round(self.font_size.value(), 1),
            text_width=self.text_width.value(),
            keep_versions=self.keep_versions.value(),
            reopen_last=self.reopen_last.isChecked(),
            language=self.language.currentData(),
            spell_check=self.spell_check.isChecked(),
            spell_dictionary=self.spell_dictionary.currentData(),
            use_server=self.use_server.isChecked(),
            server_url=self.server_url.text().strip(),
            server_model=self.server_model.text().strip(),
            local_only=self.local_only.isChecked(),
            offline=self.offline.isChecked(),
            project_open_in=self.project_open_in.currentData(),
            memory_notes=self.memory_notes.isChecked(),
            memory_lore=self.memory_lore.isChecked(),
            memory_passages=self.memory_passages.isChecked(),
            memory_style=self.memory_style.isChecked(),
            memory_budget=self.memory_budget.value(),
            notes_file=self.notes_file.text().strip() or "notes.md",
            banned_phrases=ban_lines(self.bans.toPlainText()),
        )
        key = self.api_key.text().strip()
        if key and self.settings.server_url:
            from writer.remote.client import Endpoint
            from writer.remote.keys import store_api_key

            try:
                host = Endpoint.parse(self.settings.server_url).host
            except ValueError as exc:
                self.key_message = str(exc)
            else:
                self.key_message = store_api_key(host, key)
                self.key_stored = True
        return change
