"""The interface's language: English, or Simplified Chinese through Qt's translations.

The writer's setting wins; empty, the system's locale decides (any Chinese locale written in
simplified characters). Writer's own strings come from resources/i18n/writer_<lang>.qm, built
from the .ts source beside it; Qt's standard dialogs (Save, Open...) from Qt's own files.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontInfo, QGuiApplication

from writer.models.catalog import resources_dir
from writer.sentences import spoken

CHINESE = "zh_CN"
ENGLISH = "en"

# the languages of a document Writer names (writer.models.advice `language_of`), by their
# catalog codes
_LANGUAGE_NAMES = {
    "zh": QT_TRANSLATE_NOOP("Languages", "Chinese"),
    "ja": QT_TRANSLATE_NOOP("Languages", "Japanese"),
    "ko": QT_TRANSLATE_NOOP("Languages", "Korean"),
    "ru": QT_TRANSLATE_NOOP("Languages", "Russian"),
    "uk": QT_TRANSLATE_NOOP("Languages", "Ukrainian"),
    "el": QT_TRANSLATE_NOOP("Languages", "Greek"),
    "he": QT_TRANSLATE_NOOP("Languages", "Hebrew"),
    "ar": QT_TRANSLATE_NOOP("Languages", "Arabic"),
    "hi": QT_TRANSLATE_NOOP("Languages", "Hindi"),
    "th": QT_TRANSLATE_NOOP("Languages", "Thai"),
    "fr": QT_TRANSLATE_NOOP("Languages", "French"),
    "de": QT_TRANSLATE_NOOP("Languages", "German"),
    "es": QT_TRANSLATE_NOOP("Languages", "Spanish"),
    "it": QT_TRANSLATE_NOOP("Languages", "Italian"),
    "pt": QT_TRANSLATE_NOOP("Languages", "Portuguese"),
    "nl": QT_TRANSLATE_NOOP("Languages", "Dutch"),
}

_installed: list[QTranslator] = []
_shown = ENGLISH  # the language `install` chose last (English until it runs)


# Qt's standard buttons' texts (context QPlatformTheme) with an Alt letter each, as Writer's
# own buttons have (Qt's read "Cancel", "Close", "OK", 取消: Esc found Cancel, no letter did)
_STANDARD_BUTTONS = {
    "OK": QT_TRANSLATE_NOOP("Buttons", "&OK"),
    "Cancel": QT_TRANSLATE_NOOP("Buttons", "&Cancel"),
    "Close": QT_TRANSLATE_NOOP("Buttons", "C&lose"),
}


def language_for(setting: str, locale: QLocale | None = None) -> str:
    """The language to show: the setting's, else the system locale's."""
    if setting in (CHINESE, ENGLISH):
        return setting
    locale = locale or QLocale.system()
    chinese = locale.language() == QLocale.Language.Chinese
    traditional = locale.script() == QLocale.Script.TraditionalChineseScript
    return CHINESE if chinese and not traditional else ENGLISH


def install(setting: str) -> str:
    """Load the translations for `setting` into the running application (replacing any loaded
    before; widgets get a LanguageChange event). Returns the language now shown."""
    global _shown
    app = QCoreApplication.instance()
    language = _shown = language_for(setting)  # (first: removing a translator tells widgets)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _set_locale(language)
    _set_font(language)
    if language != ENGLISH:
        _install_language(app, language)
    letters = ButtonLetters()  # (last: asked first, before Qt's own 确定)
    app.installTranslator(letters)
    _installed.append(letters)
    return language


def _install_language(app: QCoreApplication, language: str) -> None:
    ours = QTranslator()
    if ours.load(str(resources_dir() / "i18n" / f"writer_{language}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator()
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        fallback = QtFallback(qt)
        app.installTranslator(fallback)  # asked after `qt`: only for what it lacks
        app.installTranslator(qt)
        _installed.extend((fallback, qt))


def shown_language() -> str:
    """The interface's language now: CHINESE or ENGLISH (for what Qt does not translate, such as
    Writer Help's text)."""
    return _shown


def _set_locale(language: str) -> None:
    """Dates and numbers Qt writes (the file dialog's "Date Modified") in the interface's
    language: a Chinese interface on an English system showed "5 12 2026" (the system's own
    locale where it speaks the same language; the C locale is none)."""
    system = QLocale.system()
    if system.language() != QLocale.Language.C and language_for("", system) == language:
        QLocale.setDefault(system)
    elif language == CHINESE:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


_system_font: QFont | None = None  # the application's font before a language set one


def _set_font(language: str) -> None:
    """The interface's Chinese in the Simplified Chinese face (the editor's, `cjk_fallbacks`)
    after the system font's Latin: left to the system's fallback, a Chinese interface came in
    the first CJK face fontconfig listed, Noto Sans CJK JP's Japanese shapes. Another language
    gets the system font back."""
    global _system_font
    if not isinstance(QCoreApplication.instance(), QGuiApplication):
        return
    if _system_font is None:
        _system_font = QGuiApplication.font()
    font = QFont(_system_font)
    if language == CHINESE:
        from writer.ui.editor import cjk_fallbacks

        family = QFontInfo(_system_font).family()  # ("Sans Serif" is no face: its face's)
        faces = cjk_fallbacks(family, "SC")
        if faces:
            font.setFamilies([family, *faces])
    if font != QGuiApplication.font() or font.families() != QGuiApplication.font().families():
        QGuiApplication.setFont(font)


# Qt 6's contexts for texts its translations still keep under Qt 5's: the file dialog's
# "Folder" in its Type column (and "Drive", "Unknown") moved from QFileDialog to
# QAbstractFileIconProvider, which qtbase_zh_CN does not have (it showed "Folder" in Chinese)
_MOVED_CONTEXTS = {"QAbstractFileIconProvider": "QFileDialog"}


class ButtonLetters(QTranslator):
    """Qt's standard OK, Cancel and Close buttons named with an Alt letter in the interface's
    language (`_STANDARD_BUTTONS`), in every box and button box, Qt's ready-made message boxes
    too, and again at a change of language: the one place Qt names them (QPlatformTheme)."""

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context != "QPlatformTheme" or source not in _STANDARD_BUTTONS:
            return None  # (the next translator is asked)
        return QCoreApplication.translate("Buttons", _STANDARD_BUTTONS[source])


class QtFallback(QTranslator):
    """What Qt's own translations lack that they have in another form: a text of a context Qt 6
    moved (`_MOVED_CONTEXTS`), from the context it had; a label that gained a mnemonic after
    its translation was made ("&Look in:" and "Files of &type:" in the file dialog stayed
    English in Chinese), the translation of the label without its "&", with the mnemonic after
    it as Chinese menus write it ("(&L)")."""

    def __init__(self, qt: QTranslator) -> None:
        super().__init__()
        self._qt = qt

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None where it has nothing: Qt asks the next translator only after a null string
        # (an empty one is taken as the translation)
        moved = _MOVED_CONTEXTS.get(context)
        if moved is not None:
            return self._qt.translate(moved, source, disambiguation, n) or None
        if not context.startswith("Q") or "&" not in source:
            return None
        at = source.find("&")
        if at + 1 >= len(source) or source[at + 1] == "&":
            return None
        plain = source[:at] + source[at + 1 :]
        found = self._qt.translate(context, plain, disambiguation, n)
        if not found:
            return None
        key = f"(&{source[at + 1].upper()})"
        for colon in ("：", ":"):
            if found.endswith(colon):
                return found[: -len(colon)] + key + colon
        return found + key


def language_name(code: str) -> str:
    """A language's name in the interface's language ("zh": "Chinese", 中文); the code itself
    for one Writer does not name."""
    name = _LANGUAGE_NAMES.get(code)
    return QCoreApplication.translate("Languages", name) if name else code


def _wide(char: str) -> bool:
    """Whether `char` is a Chinese (CJK) character or full-width punctuation: Chinese puts no
    space between two of them."""
    return "\u2e80" <= char <= "\uffef"


def joined(*sentences: str) -> str:
    """Sentences one after the other: a space between English ones, none after a Chinese
    one ("。 " read as a stray space)."""
    out = ""
    for part in filter(None, sentences):
        if out and not _wide(out[-1]):
            out += " "
        out += part
    return out


def beside(text: str, mark: str, gap: str = " ") -> str:
    """`mark` after `text` ("(starter)"), `gap` between them, but none before a full-width
    bracket (Chinese writes "模型（入门模型）", not "模型 （入门模型）")."""
    if mark and _wide(mark[0]):
        return text + mark
    return text + gap + mark


def fill(template: str, values: Iterable[object]) -> str:
    """`template.format(*values)`, where the template's own space beside a value goes when
    Chinese stands on both sides of it: a translation keeps spaces around its values for the
    Latin ones ("GGUF 版本 {1}"), and a value that is itself a translated piece ("一个元数据键")
    then sat between spaces ("文件声称 一个元数据键 长达"). A value's own spaces are kept, and
    an English template (no Chinese beside its spaces) is filled as `format` fills it."""
    formatter = string.Formatter()
    values = tuple(values)
    pieces: list[str] = []  # literal text and filled values, alternately
    auto = 0
    for literal, field, spec, conversion in formatter.parse(template):
        pieces.append(literal)
        if field is None:
            continue
        if field == "":
            field, auto = str(auto), auto + 1
        value, _ = formatter.get_field(field, values, {})
        value = formatter.convert_field(value, conversion)
        pieces.append(formatter.format_field(value, formatter.vformat(spec or "", values, {})))
    for i in range(1, len(pieces), 2):  # (each value, with the literal before and after it)
        value = pieces[i]
        if not value:
            continue
        before = pieces[i - 1]
        stripped = before.rstrip(" ")
        if stripped != before and stripped and _wide(stripped[-1]) and _wide(value[0]):
            pieces[i - 1] = stripped
        if i + 1 < len(pieces):
            after = pieces[i + 1]
            stripped = after.lstrip(" ")
            if stripped != after and stripped and _wide(stripped[0]) and _wide(value[-1]):
                pieces[i + 1] = stripped
    return "".join(pieces)


def sentence(text: str) -> str:
    """A sentence from the layers without Qt (writer.sentences) in the interface's language
    where it has a translation, else as it is; one it embeds (a host's name, a failure's
    reason) is translated too."""
    if not text:
        return text
    found = spoken(text)
    if found is None:
        return QCoreApplication.translate("Sentences", text)
    template, values = found
    shown = QCoreApplication.translate("Sentences", template)
    if shown == template:
        return text
    inner = (sentence(str(v)) if isinstance(v, str | BaseException) else v for v in values)
    try:
        return fill(shown, inner)
    except (IndexError, KeyError, ValueError):  # a translation that names other values
        return text


def regex_reason(reason: str) -> str:
    """Python's words for a regular expression that does not compile, in the interface's
    (they stayed English in Chinese: "unterminated character set"), for the reasons a
    writer's pattern meets; a rarer one (flags a pattern cannot combine, a group's number
    beyond a hundred) as Python says it. The banned phrases (Settings) and Find in Project
    both say it so."""
    tr = QCoreApplication.translate
    known = (
        (r"missing \), unterminated subpattern", tr("Patterns", "a “(” is not closed")),
        (r"unbalanced parenthesis", tr("Patterns", "a “)” has no “(” before it")),
        (r"unterminated character set", tr("Patterns", "a “[” is not closed")),
        (r"nothing to repeat", tr("Patterns", "a *, + or ? follows nothing it could repeat")),
        (r"multiple repeat", tr("Patterns", "two repeats (such as * and +) follow each other")),
        (r"bad escape (\S+)", tr("Patterns", "“{0}” is no escape a pattern knows")),
        (r"bad character range (\S+)", tr("Patterns", "the range “{0}” runs backwards")),
        (
            r"look-behind requires fixed-width pattern",
            tr("Patterns", "a look-behind must match a fixed number of characters"),
        ),
        (r"bad escape \(end of pattern\)", tr("Patterns", "the pattern ends with a lone “\\”")),
        (r"incomplete escape (\S+)", tr("Patterns", "the escape “{0}” is cut short")),
        (
            r"unexpected end of pattern",
            tr("Patterns", "the pattern ends in the middle of a group or an escape"),
        ),
        (
            r"min repeat greater than max repeat",
            tr("Patterns", "a repeat in braces asks for at least more than at most"),
        ),
        (
            r"a repeated group can match the same text in many ways",
            tr("Patterns", "a repeated group can itself match as a repetition, which can take "
                           "minutes on some lines: write it without the inner repeat, or make "
                           "that one possessive (such as a++)"),
        ),
        (
            r"the search stopped before it ended",
            tr("Patterns", "the search stopped before it ended (Writer's log says why)"),
        ),
        (
            r"the pattern tries too many ways on some line",
            tr("Patterns", "it tried so many ways to match some line that the search was "
                           "stopped after ten seconds"),
        ),
        (r"unknown group name '(.*)'", tr("Patterns", "no group is called “{0}”")),
        (r"invalid group reference (\d+)", tr("Patterns", "there is no group {0} to refer to")),
        (
            r"missing group name",
            tr("Patterns", "“\\g<” must be followed by a group's name or number and “>”"),
        ),
        (
            r"bad character in group name '(.*)'",
            tr("Patterns", "“{0}” cannot be a group's name"),
        ),
        (r"missing \), unterminated comment", tr("Patterns", "a “(?#” comment is not closed")),
        (r"missing >, unterminated name", tr("Patterns", "a group's name is not closed by “>”")),
        (
            r"global flags not at the start of the expression",
            tr("Patterns", "a flag such as (?i) must stand at the very start"),
        ),
        (
            r"cannot refer to an open group",
            tr("Patterns", "a group refers to itself before it is closed"),
        ),
    )
    for pattern, words in known:
        found = re.fullmatch(pattern, reason)
        if found:
            return words.format(*found.groups())
    return reason
