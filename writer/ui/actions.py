"""The window's actions, menus and toolbar, each written once in a table.

A row of `ACTIONS` is the action's name (the window gets it as `act_<name>`), its menu text
(translated in the MainWindow context, so `retranslate` reads the same table), its keys, the
slot it triggers (a function of the window) and its status tip. `MENUS` and `TOOLBAR` place the
actions by name; None is a separator, "recent" the Open Recent submenu.

A key is given to one action only, and not one the editor takes itself: Qt's standard keys for
a text field on X11 include Ctrl+K (delete to the line's end), Ctrl+E and Ctrl+U, so Link is
Ctrl+Shift+L (Ctrl+L is Go to Line), and `KEYMAP` (writer/ui/editor.py) holds the assist
layer's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeySequence

from writer.ui import markdown

if TYPE_CHECKING:
    from writer.ui.main_window import MainWindow

K = QKeySequence.StandardKey
CONTEXT = "MainWindow"
SOURCE = "writer-source-text"  # an action's property: the English text of its menu text
TIP_SOURCE = "writer-source-tip"  # and of its status tip


@dataclass(frozen=True)
class Row:
    name: str
    text: str
    keys: tuple[K | str, ...]
    slot: Callable[[MainWindow], Callable]
    tip: str = ""
    checkable: bool = False


def _t(text: str) -> str:
    """Marks a text of the table for translation in the MainWindow context."""
    return QT_TRANSLATE_NOOP(CONTEXT, text)


ACTIONS = (
    Row("new", _t("&New"), (K.New,), lambda w: w.new_window_requested.emit),
    Row("open", _t("&Open…"), (K.Open,), lambda w: w.open_dialog),
    Row(
        "open_folder",
        _t("Open &Folder…"),
        ("Ctrl+Shift+O",),
        lambda w: lambda: w.open_folder_dialog(),
        _t("Open a folder as a project: its documents in a panel beside the text"),
    ),
    Row(
        "palette",
        _t("C&ommand Palette…"),
        ("Ctrl+Shift+P",),
        lambda w: lambda: w.command_palette(),
        _t("Every menu command by typing part of its name; # goes to a heading, : to a line"),
    ),
    Row(
        "project_panel",
        _t("&Project Panel"),
        (),
        lambda w: w.show_project_panel,
        _t("Show or hide the project's documents"),
        checkable=True,
    ),
    Row("focus_project", _t("&Go to Project Panel"), ("Ctrl+Shift+E",), lambda w: w.focus_project),
    Row(
        "context_panel",
        _t("&Context Panel"),
        ("Ctrl+Shift+K",),
        lambda w: w.show_context_panel,
        _t("What the model is given at the cursor: notes, lore entries, other chapters, text"),
        checkable=True,
    ),
    # (Ctrl+Shift+V, as VS Code: the editor is plain text, so no paste-as-plain-text takes it)
    Row(
        "markdown_preview",
        _t("&Markdown Preview"),
        ("Ctrl+Shift+V",),
        lambda w: w.show_markdown_preview,
        _t("The document as a reader will see it (headings, emphasis, pictures), beside the text"),
        checkable=True,
    ),
    Row(
        "outline",
        _t("O&utline"),
        ("Ctrl+Shift+H",),
        lambda w: w.show_outline,
        _t("The document's headings as a tree: click one, or Enter, to go there"),
        checkable=True,
    ),
    Row(
        "statistics",
        _t("Writing &Statistics…"),
        (),
        lambda w: w.show_statistics,
        _t("Words, characters and reading time; the words written today and the daily goal"),
    ),
    Row(
        "focus_mode",
        _t("&Distraction-Free Writing"),
        ("F11",),
        lambda w: w.set_focus_mode,
        _t("Only the text, full screen: F11 again brings back the menus and panels"),
        checkable=True,
    ),
    Row(
        "typewriter",
        _t("T&ypewriter Scrolling"),
        (),
        lambda w: w.set_typewriter,
        _t("Keep the line you are writing in the middle of the window"),
        checkable=True,
    ),
    Row(
        "focus_sentence",
        _t("&Focus on Sentence"),
        (),
        lambda w: lambda on: w.set_focus_text("sentence" if on else ""),
        _t("Dim the text around the sentence you are writing"),
        checkable=True,
    ),
    Row(
        "focus_paragraph",
        _t("Focus on Parag&raph"),
        (),
        lambda w: lambda on: w.set_focus_text("paragraph" if on else ""),
        _t("Dim the text around the paragraph you are writing"),
        checkable=True,
    ),
    Row(
        "zoom_in",
        _t("Zoom &In"),
        (K.ZoomIn, "Ctrl+="),
        lambda w: lambda: w.zoom(1),
        _t("Larger text, in every window (Ctrl and the mouse wheel too)"),
    ),
    Row(
        "zoom_out",
        _t("Zoom Ou&t"),
        (K.ZoomOut,),
        lambda w: lambda: w.zoom(-1),
        _t("Smaller text, in every window"),
    ),
    Row(
        "zoom_reset",
        _t("&Actual Size"),
        ("Ctrl+0",),
        lambda w: lambda: w.zoom(0),
        _t("The text at the size chosen in Settings, or the default"),
    ),
    Row(
        "edit_notes",
        _t("Edit Project &Notes"),
        (),
        lambda w: w.edit_notes,
        _t(
            "The project's notes, the model's memory: what it should always know, and lore "
            "entries by keyword"
        ),
    ),
    Row(
        "recover",
        _t("Recover &Unsaved Documents…"),
        (),
        lambda w: lambda: w.app_state.recover_unsaved(w),
        _t("The documents kept after a crash that you have not restored or discarded yet"),
    ),
    Row("save", _t("&Save"), (K.Save,), lambda w: w.save),
    Row("save_as", _t("Save &As…"), (K.SaveAs,), lambda w: w.save_as),
    Row(
        "export",
        _t("E&xport…"),
        (),
        lambda w: w.exporter.export,
        _t("The document as a PDF, a Word document, an OpenDocument text or a web page"),
    ),
    Row(
        "export_project",
        _t("Export &Project…"),
        (),
        lambda w: w.export_project,
        _t("The project's documents in the Project panel's order as one manuscript, each on a "
           "new page"),  # fmt: skip
    ),
    Row(
        "auto_save",
        _t("Au&to Save"),
        (),
        lambda w: w.set_auto_save,
        _t("Save each document that has a file when you pause typing, without asking"),
        checkable=True,
    ),
    Row(
        "history",
        _t("Local &History…"),
        (),
        lambda w: w.show_history,
        _t("The versions Writer kept each time it saved this document: compare and restore"),
    ),
    Row("close", _t("&Close"), (K.Close,), lambda w: w.close),
    Row("quit", _t("&Quit"), (K.Quit,), lambda w: w.app_state.quit),
    Row("undo", _t("&Undo"), (K.Undo,), lambda w: w.undo),
    Row("redo", _t("&Redo"), (K.Redo,), lambda w: w.editor.redo),
    Row("cut", _t("Cu&t"), (K.Cut,), lambda w: w.editor.cut),
    Row("copy", _t("&Copy"), (K.Copy,), lambda w: w.editor.copy),
    Row("paste", _t("&Paste"), (K.Paste,), lambda w: w.editor.paste),
    Row(
        "paste_plain",
        _t("Paste as Plain Te&xt"),
        ("Ctrl+Alt+V",),
        lambda w: w.editor.paste_plain,
        _t("The copied text as it is: a web page's or a word processor's formatting is not "
           "turned into Markdown"),
    ),
    Row("select_all", _t("Select &All"), (K.SelectAll,), lambda w: w.editor.selectAll),
    Row("find", _t("&Find…"), (K.Find,), lambda w: w.find_bar.open_bar),
    Row("find_next", _t("Find &Next"), (K.FindNext,), lambda w: w.find_bar.find_next),
    Row("find_prev", _t("Find Pre&vious"), (K.FindPrevious,), lambda w: w.find_bar.find_previous),
    Row("replace", _t("R&eplace…"), (K.Replace, "Ctrl+H"), lambda w: w.find_bar.open_replace),
    Row(
        "find_in_project",
        _t("Find in Pro&ject…"),
        ("Ctrl+Shift+F",),  # (VS Code's)
        lambda w: w.find_in_project,
        _t("Find a word or phrase in every document of the project, in a panel beside the text"),
    ),
    Row(
        "replace_in_project",
        _t("Replace in Pr&oject…"),
        (),  # (VS Code's Ctrl+Shift+H is the Outline here)
        lambda w: lambda: w.find_in_project(replacing=True),
        _t("Replace a word or phrase in every document of the project: it asks first"),
    ),
    # Ctrl+R and Ctrl+L: Sublime Text's Goto Symbol and Eclipse's Go to Line (VS Code's
    # Ctrl+Shift+O opens a folder here, Ctrl+Shift+R rewrites, and Ctrl+G is Find Next, Qt's
    # standard key on Linux and Windows)
    Row(
        "go_to_file",
        _t("&Go to File…"),
        ("Ctrl+P",),  # (VS Code's Quick Open)
        lambda w: lambda: w.command_palette(files=True),
        _t("Open a document of the project, or a recent one, by typing part of its name"),
    ),
    Row(
        "go_to_heading",
        _t("Go to &Heading…"),
        ("Ctrl+R",),
        lambda w: lambda: w.command_palette("#"),
        _t("The document's Markdown headings: type part of one, Enter goes there"),
    ),
    Row(
        "go_to_line",
        _t("Go to &Line…"),
        ("Ctrl+L",),
        lambda w: lambda: w.command_palette(":"),
        _t("Type a line's number after the colon, Enter goes there"),
    ),
    Row(
        "move_line_up",
        _t("Move L&ine Up"),
        ("Ctrl+Shift+Up",),  # (Sublime Text's; Alt+Up is a suggestion's list of words here)
        lambda w: lambda: w.editor.move_lines(up=True),
        _t("Move the cursor's line (or the selection's lines) above the line before it"),
    ),
    Row(
        "move_line_down",
        _t("Move Line &Down"),
        ("Ctrl+Shift+Down",),
        lambda w: lambda: w.editor.move_lines(up=False),
        _t("Move the cursor's line (or the selection's lines) below the line after it"),
    ),
    Row(
        "check_spelling",
        _t("Check &Spelling"),
        (),
        lambda w: w.set_spell_check,
        _t("Underline misspelled words; a right-click on one offers what to write instead"),
        checkable=True,
    ),
    Row(
        "next_misspelled",
        _t("Next &Misspelled Word"),
        ("F7",),  # (Word's and LibreOffice's spelling key)
        lambda w: w.next_misspelled,
        _t("Select the next misspelled word after the cursor"),
    ),
    Row(
        "rewrite",
        _t("Re&write Selection…"),
        ("Ctrl+Shift+R",),
        lambda w: w.rewrite_view.open_popup,
        _t("Rewrite the selected text with the model (nothing selected: the cursor's sentence)"),
    ),
    Row("bold", _t("&Bold"), (K.Bold,), lambda w: lambda: markdown.toggle(w.editor, "**")),
    Row(
        "smart_quotes",
        _t("Typographic &Quotes"),
        (),
        lambda w: w.set_smart_quotes,
        _t("Make the quotes you type curly (“ ” ‘ ’), not in code; Ctrl+Z right after gives "
           "the straight one back"),
        checkable=True,
    ),
    Row("italic", _t("&Italic"), (K.Italic,), lambda w: lambda: markdown.toggle(w.editor, "*")),
    Row(
        "inline_code",
        _t("Inline &Code"),
        ("Ctrl+Shift+C",),
        lambda w: lambda: markdown.toggle(w.editor, "`"),
        _t("Mark the selection, or the word at the cursor, as code between backticks"),
    ),
    Row(
        "link",
        _t("&Link"),
        ("Ctrl+Shift+L",),  # (Ctrl+L goes to a line; Ctrl+K deletes to the line's end on X11)
        lambda w: lambda: markdown.link(w.editor),
        _t("Make the selection a link and type its address; in a link, make it text again"),
    ),
    Row(
        "format_table",
        _t("&Format Table"),
        ("Shift+Alt+F",),  # (VS Code's Format Document)
        lambda w: w.format_table,
        _t("Align the columns of the table at the cursor; Tab and Enter in a table do it too"),
    ),
    Row(
        "insert_table",
        _t("Insert &Table"),
        (),
        lambda w: lambda: markdown.insert_table(w.editor),
        _t("Insert an empty table of three columns; Tab goes from cell to cell"),
    ),
    Row(
        "table_add_row",
        _t("Add &Row"),
        (),
        lambda w: lambda: w.table_edit("add_row"),
        _t("Add an empty row under the cursor's row of the table"),
    ),
    Row(
        "table_add_column",
        _t("Add &Column"),
        (),
        lambda w: lambda: w.table_edit("add_column"),
        _t("Add an empty column after the cursor's column of the table"),
    ),
    Row(
        "table_delete_row",
        _t("&Delete Row"),
        (),
        lambda w: lambda: w.table_edit("delete_row"),
        _t("Take the cursor's row out of the table"),
    ),
    Row(
        "table_delete_column",
        _t("D&elete Column"),
        (),
        lambda w: lambda: w.table_edit("delete_column"),
        _t("Take the cursor's column out of the table, every row's cell of it"),
    ),
    Row(
        "table_align_left",
        _t("Align Column &Left"),
        (),
        lambda w: lambda: w.table_edit("align_left"),
        _t("Place the cursor's column of the table on the left (:--)"),
    ),
    Row(
        "table_align_center",
        _t("Align Column Ce&nter"),
        (),
        lambda w: lambda: w.table_edit("align_center"),
        _t("Centre the cursor's column of the table (:-:)"),
    ),
    Row(
        "table_align_right",
        _t("Align Column R&ight"),
        (),
        lambda w: lambda: w.table_edit("align_right"),
        _t("Place the cursor's column of the table on the right (--:)"),
    ),
    Row(
        "heading_1",
        _t("Heading &1"),
        ("Ctrl+1",),
        lambda w: lambda: markdown.heading(w.editor, 1),
        _t("Make the line a heading of this level, or a paragraph again if it is one"),
    ),
    Row(
        "heading_2",
        _t("Heading &2"),
        ("Ctrl+2",),
        lambda w: lambda: markdown.heading(w.editor, 2),
        _t("Make the line a heading of this level, or a paragraph again if it is one"),
    ),
    Row(
        "heading_3",
        _t("Heading &3"),
        ("Ctrl+3",),
        lambda w: lambda: markdown.heading(w.editor, 3),
        _t("Make the line a heading of this level, or a paragraph again if it is one"),
    ),
    Row(
        "section_up",
        _t("Move Section &Up"),
        ("Alt+Shift+Up",),  # (Word's outline view)
        lambda w: lambda: w.section_edit("up"),
        _t("Move the section the cursor is in (its heading and all under it) above the one "
           "before it"),
    ),
    Row(
        "section_down",
        _t("Move Section Do&wn"),
        ("Alt+Shift+Down",),
        lambda w: lambda: w.section_edit("down"),
        _t("Move the section the cursor is in (its heading and all under it) below the one "
           "after it"),
    ),
    Row(
        "select_section",
        _t("S&elect Section"),
        (),
        lambda w: lambda: w.section_edit("select"),
        _t("Select the section the cursor is in: its heading and all under it"),
    ),
    Row(
        "promote_section",
        _t("&Promote Section"),
        ("Alt+Shift+Left",),
        lambda w: lambda: w.section_edit("promote"),
        _t("Raise the section's heading, and every heading under it, one level (### to ##)"),
    ),
    Row(
        "demote_section",
        _t("&Demote Section"),
        ("Alt+Shift+Right",),
        lambda w: lambda: w.section_edit("demote"),
        _t("Lower the section's heading, and every heading under it, one level (## to ###)"),
    ),
    Row(
        "suggest",
        _t("&Suggestions"),
        ("Ctrl+Shift+Space",),
        lambda w: w.toggle_suggestions,
        _t("Show the model's continuation as grey text while you type"),
        checkable=True,
    ),
    Row("suggest_now", _t("Suggest &Now"), ("Ctrl+Space",), lambda w: w.suggestions.ask),
    Row(
        "alt_next",
        _t("Ne&xt Alternative"),
        ("Alt+]",),
        lambda w: lambda: w.assist.perform("next_alternative"),
    ),
    Row(
        "alt_prev",
        _t("&Previous Alternative"),
        ("Alt+[",),
        lambda w: lambda: w.assist.perform("previous_alternative"),
    ),
    Row(
        "alt_list",
        _t("All &Alternatives…"),
        ("Ctrl+Return",),
        lambda w: lambda: w.assist.perform("list_alternatives"),
    ),
    # the platform's key where it has one (none on Linux desktops), and Ctrl+, everywhere
    Row("preferences", _t("Se&ttings…"), (K.Preferences, "Ctrl+,"), lambda w: w.preferences),
    Row("models", _t("&Manage Models…"), (), lambda w: w.models_requested.emit),
    Row(
        "use_local",
        _t("Use the &Local Model"),
        (),
        lambda w: w.app_state.use_local_model,
        _t("Stop using the server: suggestions and rewrites run on this computer again"),
    ),
    Row(
        "use_server",
        _t("Use the Ser&ver"),
        (),
        lambda w: w.app_state.use_server_again,
        _t("Back to the server used before: suggestions and rewrites are sent to it again"),
    ),
    Row(
        "guide",
        _t("Writer &Help"),
        (K.HelpContents, "F1"),
        lambda w: w.help.guide,
        _t("A guide to Writer, in a window beside the text"),
    ),
    Row("welcome", _t("&Welcome and Keys"), (), lambda w: w.show_welcome),
    Row("log", _t("Open &Log Folder"), (), lambda w: w.help.open_log_folder),
    Row("report", _t("&Report a Problem…"), (), lambda w: w.help.report_problem),
    Row("about", _t("&About Writer"), (), lambda w: w.help.about),
)

# Format → Table: a submenu (an item of MENUS that is (name, title, items))
TABLE_MENU = ("insert_table", "format_table", None, "table_add_row", "table_add_column")
TABLE_MENU += ("table_delete_row", "table_delete_column", None, "table_align_left")
TABLE_MENU += ("table_align_center", "table_align_right")

# Format's commands on a section (a heading and all under it); the Outline's menu too
SECTION_MENU = ("section_up", "section_down", "promote_section", "demote_section")
SECTION_MENU += ("select_section",)

MENUS = (
    (
        "file",
        _t("&File"),
        ("new", "open", "open_folder", "recent", "recover", None)
        + ("save", "save_as", "auto_save", "export", "export_project", "history", None)
        + ("close", "quit"),
    ),
    (
        "edit",
        _t("&Edit"),
        ("undo", "redo", None, "cut", "copy", "paste", "paste_plain", "select_all", None)
        + ("find", "find_next", "find_prev", "replace", "find_in_project", "replace_in_project")
        + (None,)
        + ("go_to_file", "go_to_heading", "go_to_line", None, "move_line_up", "move_line_down")
        + (None,)
        + ("check_spelling", "next_misspelled", None)
        + ("rewrite",),
    ),
    (
        "format",
        _t("F&ormat"),
        ("bold", "italic", "inline_code", "link", None, "heading_1", "heading_2", "heading_3")
        + (None,) + SECTION_MENU
        + (None, ("table", _t("T&able"), TABLE_MENU), None, "smart_quotes"),
    ),
    (
        "view",
        _t("&View"),
        ("palette", None, "project_panel", "focus_project", "outline", "context_panel")
        + ("markdown_preview", "statistics", None, "focus_mode", "typewriter")
        + ("focus_sentence", "focus_paragraph")
        + (None, "zoom_in", "zoom_out", "zoom_reset", None, "edit_notes"),
    ),
    (
        "model",
        _t("&Model"),
        ("suggest", "suggest_now", "alt_next", "alt_prev", "alt_list", None)
        + ("preferences", "models", "use_local", "use_server"),
    ),
    ("help", _t("&Help"), ("guide", "welcome", None, "log", "report", None, "about")),
)
# the Format menu's actions: a Markdown document's only (MainWindow enables them for one)
FORMAT = ("bold", "italic", "inline_code", "link", "heading_1", "heading_2", "heading_3")
FORMAT += SECTION_MENU + tuple(item for item in TABLE_MENU if item is not None)
RECENT = _t("Open &Recent")
TOOLBAR_TITLE = _t("Main")
TOOLBAR = ("new", "open", "save", None, "undo", "redo", None, "suggest")


def translated(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def plain_label(text: str) -> str:
    """A menu text without its mnemonic (also not the "(&N)" that Chinese menus add): "Save
    As…" ("&&" is an ampersand of the text)."""
    return re.sub(r"&(.)", r"\1", re.sub(r"\s*\(&\w\)", "", text)).strip()


def menu_text(text: str) -> str:
    """A text of the writer's (a file's name) as a menu item shows it whole: each "&" doubled,
    not taken for a mnemonic ("Tom & Jerry.md" showed "Tom _Jerry.md", its space underlined);
    `plain_label` gives the text back."""
    return text.replace("&", "&&")


def toolbar_label(text: str) -> str:
    """A menu text as a toolbar button shows it: no mnemonic and no ellipsis."""
    return plain_label(text).rstrip("…").strip()


def mark_source(action: QAction, text: str) -> None:
    """Keep with `action` the English text it is translated from (for `source_of`)."""
    action.setProperty(SOURCE, text)


def source_of(action: QAction) -> str:
    """The English text an action's (or a menu's `menuAction`'s) text is translated from,
    without its mnemonic (the command palette matches it in any language); the text shown
    where none was kept (a recent file's name)."""
    source = action.property(SOURCE)
    return plain_label(source if isinstance(source, str) and source else action.text())


def tip_source(action: QAction) -> str:
    """The English text an action's status tip is translated from ("" where it has none)."""
    source = action.property(TIP_SOURCE)
    return source if isinstance(source, str) else ""


def standard_bindings(key: K) -> list[QKeySequence]:
    """A standard key's bindings on this platform, its first the platform's own (X11 gives
    Paste "Ctrl+V, Ctrl+Shift+Ins, Shift+Ins, F18", Windows "Ctrl+V, Shift+Ins")."""
    return QKeySequence.keyBindings(key)


def shortcuts(keys: tuple[K | str, ...]) -> list[QKeySequence]:
    """The key sequences of a row, each once; one written with Return answers to the keypad's
    Enter too (Qt holds them apart: Ctrl+Enter on the keypad did nothing where the row said
    "Ctrl+Return")."""
    found: dict[str, QKeySequence] = {}
    for key in keys:
        sequences = [QKeySequence(key)] if isinstance(key, str) else standard_bindings(key)
        for sequence in sequences:
            if not sequence.isEmpty():
                found.setdefault(sequence.toString(), sequence)
                keypad = keypad_twin(sequence)
                if keypad is not None:
                    found.setdefault(keypad.toString(), keypad)
    return list(found.values())


def keypad_twin(sequence: QKeySequence) -> QKeySequence | None:
    """`sequence` with the keypad's Enter for its last key where that is Return ("Ctrl+Return":
    "Ctrl+Enter"); None where it ends in another key. (Qt's shortcuts match the keypad's keys
    without the keypad's modifier, so the twin needs none.)"""
    count = sequence.count()
    if count == 0 or sequence[count - 1].key() != Qt.Key.Key_Return:
        return None
    combinations = [sequence[i] for i in range(count)]
    last = combinations[-1]
    combinations[-1] = QKeyCombination(last.keyboardModifiers(), Qt.Key.Key_Enter)
    return QKeySequence(*combinations)


def shortcuts_of(name: str) -> list[QKeySequence]:
    """The keys of the action `name` (for a context menu that offers the same action)."""
    return shortcuts(_row(name).keys)


def _row(name: str) -> Row:
    return next(r for r in ACTIONS if r.name == name)


def on_a_keyboard(sequence: QKeySequence) -> bool:
    """Whether a key sequence is typed on an ordinary keyboard: not one of the dedicated keys
    some keyboards add (the platform binds Save to a "Save" key too, Help to "Help"), nor F13 to
    F35, which X11 adds to Undo, Cut, Copy and Paste (the keys of old Sun keyboards)."""
    if sequence.count() == 0:
        return False
    key = sequence[0].key()
    return key < Qt.Key.Key_Help and not Qt.Key.Key_F13 <= key <= Qt.Key.Key_F35


def written_keys(keys: tuple[K | str, ...]) -> list[QKeySequence]:
    """The keys of a row that Writer writes (in Writer Help, the welcome, the palette): a
    standard key's first binding on this platform and the keys the row names itself, each once
    and on an ordinary keyboard. The action answers to all of `shortcuts`, but "Ctrl+V,
    Ctrl+Shift+Ins, Shift+Ins, F18" for Paste (X11's) is clutter to a writer."""
    found: dict[str, QKeySequence] = {}
    for key in keys:
        if isinstance(key, str):
            sequences = [QKeySequence(key)]
        else:
            sequences = [s for s in standard_bindings(key) if on_a_keyboard(s)][:1]
        for sequence in sequences:
            if on_a_keyboard(sequence):
                found.setdefault(sequence.toString(), sequence)
    return list(found.values())


# The keys whose names Writer writes otherwise than Qt: Qt says "Return" for the key keyboards
# label Enter, and in Chinese "右方向" and "下方向" where the guide writes "→" and "↓". Space and
# Backspace are as Qt names them ("空格", "退格"), here so as not to hang on Qt's translation.
KEY_CONTEXT = "Keys"  # (the context of these names' translations)
_KEY_NAMES = {
    Qt.Key.Key_Return: QT_TRANSLATE_NOOP("Keys", "Enter"),
    Qt.Key.Key_Enter: QT_TRANSLATE_NOOP("Keys", "Enter"),
    Qt.Key.Key_Space: QT_TRANSLATE_NOOP("Keys", "Space"),
    Qt.Key.Key_Backspace: QT_TRANSLATE_NOOP("Keys", "Backspace"),
    Qt.Key.Key_Left: QT_TRANSLATE_NOOP("Keys", "Left"),
    Qt.Key.Key_Right: QT_TRANSLATE_NOOP("Keys", "Right"),
    Qt.Key.Key_Up: QT_TRANSLATE_NOOP("Keys", "Up"),
    Qt.Key.Key_Down: QT_TRANSLATE_NOOP("Keys", "Down"),
}


def key_name(keys: QKeySequence | str) -> str:
    """A key as Writer writes it, in the interface's language: the one place that does, for
    Writer Help's tables, the welcome and the command palette, and as the guide's prose writes
    it ("Ctrl+Enter", "Ctrl+Right"; "Ctrl+回车", "Ctrl+→"). The modifiers as the system writes
    them; the keypad's Enter is Enter."""
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    native = QKeySequence.SequenceFormat.NativeText
    names = []
    for i in range(sequence.count()):
        combination = sequence[i]
        key = combination.key()
        modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        whole = QKeySequence(QKeyCombination(modifiers, key)).toString(native)
        own = _KEY_NAMES.get(key)
        alone = QKeySequence(QKeyCombination(key)).toString(native)
        if own is not None and whole.endswith(alone):
            whole = whole[: len(whole) - len(alone)] + QCoreApplication.translate(KEY_CONTEXT, own)
        names.append(whole)
    return ", ".join(names)


def keys_of(name: str) -> str:
    """The first key of the action `name`, as Writer writes it (for the welcome's list)."""
    found = written_keys(_row(name).keys)
    return key_name(found[0]) if found else ""


def menu_keys() -> list[tuple[list[str], str]]:
    """Every action that has keys, menu by menu, as Writer Help lists them: its keys as Writer
    writes them (`written_keys`, `key_name`), and where it is ("File → Save"), in the
    interface's language."""
    rows = {row.name: row for row in ACTIONS}
    found: list[tuple[list[str], str]] = []

    def add(row: Row, where: str) -> None:
        keys = [key_name(key) for key in written_keys(row.keys)]
        if keys:
            found.append((keys, where))

    placed: set[str] = set()

    def walk(where: str, items: tuple) -> None:
        for item in items:
            if isinstance(item, tuple):  # (a submenu: "Format → Table → Format Table")
                walk(f"{where} → {toolbar_label(translated(item[1]))}", item[2])
            elif item in rows:
                placed.add(item)
                label = toolbar_label(translated(rows[item].text))
                add(rows[item], f"{where} → {label}")

    for _name, title, items in MENUS:
        walk(toolbar_label(translated(title)), items)
    for row in ACTIONS:  # (an action in no menu has its keys all the same)
        if row.name not in placed:
            add(row, toolbar_label(translated(row.text)))
    return found


def build(window: MainWindow) -> dict[str, QAction]:
    """Make every action of the table (as `window.act_<name>`), the menus and the toolbar."""
    actions: dict[str, QAction] = {}
    for row in ACTIONS:
        action = QAction(window)
        action.setShortcuts(shortcuts(row.keys))
        action.setCheckable(row.checkable)
        action.triggered.connect(row.slot(window))
        mark_source(action, row.text)
        if row.tip:
            action.setProperty(TIP_SOURCE, row.tip)
        window.addAction(action)
        setattr(window, f"act_{row.name}", action)
        actions[row.name] = action
    bar = window.menuBar()

    def fill(menu, items: tuple) -> None:
        for item in items:
            if item is None:
                menu.addSeparator()
            elif isinstance(item, tuple):  # (a submenu, as `window.<name>_menu`)
                name, title, inside = item
                sub = menu.addMenu("")
                mark_source(sub.menuAction(), title)
                setattr(window, f"{name}_menu", sub)
                fill(sub, inside)
            elif item == "recent":
                window.recent_menu = menu.addMenu("")
                mark_source(window.recent_menu.menuAction(), RECENT)
            else:
                menu.addAction(actions[item])

    for name, title, items in MENUS:
        menu = bar.addMenu("")
        mark_source(menu.menuAction(), title)
        setattr(window, f"{name}_menu", menu)
        fill(menu, items)
    window.tools = window.addToolBar("")
    window.tools.setObjectName("main-toolbar")
    window.tools.setMovable(False)
    for item in TOOLBAR:
        if item is None:
            window.tools.addSeparator()
        else:
            window.tools.addAction(actions[item])
    return actions


def retranslate(window: MainWindow) -> None:
    """Every text of the actions, menus and toolbar, in the interface's language."""
    for row in ACTIONS:
        action = getattr(window, f"act_{row.name}")
        text = translated(row.text)
        action.setText(text)
        action.setIconText(toolbar_label(text))
        if row.tip:
            action.setStatusTip(translated(row.tip))
    for name, title, items in MENUS:
        getattr(window, f"{name}_menu").setTitle(translated(title))
        for item in items:
            if isinstance(item, tuple):
                getattr(window, f"{item[0]}_menu").setTitle(translated(item[1]))
    window.recent_menu.setTitle(translated(RECENT))
    window.tools.setWindowTitle(translated(TOOLBAR_TITLE))
