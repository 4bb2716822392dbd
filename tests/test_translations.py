"""The Chinese interface: every text the interface marks has its translation in the .ts file (the
one place translations are kept), with the same placeholders, and the .qm file Qt loads says
what the .ts says. packaging/i18n/translate.py brings new texts into the .ts."""

from __future__ import annotations

import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).parents[1]
TS = ROOT / "resources" / "i18n" / "writer_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{\d*(?::[^}]*)?\}|%n")


def _translate_script():
    spec = importlib.util.spec_from_file_location("translate", ROOT / "packaging/i18n/translate.py")
    module = sys.modules.get("translate")
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules["translate"] = module  # its dataclass looks its module up
        spec.loader.exec_module(module)
    return module


def _messages() -> dict[tuple[str, str], tuple[str, bool]]:
    script = _translate_script()
    found = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "")
            found[key] = (script.translation_of(message), message.get("numerus") == "yes")
    return found


def test_every_text_of_the_interface_has_its_chinese() -> None:
    texts = _translate_script().collect()
    assert len(texts) > 300  # the collector sees the interface (menus, dialogs, panels)
    messages = _messages()
    missing = [
        (t.context, t.source) for t in texts if not messages.get((t.context, t.source), ("",))[0]
    ]
    assert missing == []
    for (context, source), (translation, _numerus) in messages.items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (
            context,
            source,
        )


def test_the_collector_sees_every_way_a_text_is_marked(tmp_path: Path) -> None:
    script = _translate_script()
    module = tmp_path / "probe.py"
    module.write_text(
        "CONTEXT = 'Table'\n"
        "tr = QCoreApplication.translate\n"
        "class Panel(QWidget):\n"
        "    def title(self, n):\n"
        "        return self.tr('Panel title') + self.tr('%n files', '', n)\n"
        "    def later(self):\n"
        "        return lambda: self.tr('in a ' 'lambda')\n"
        "ROW = _t('&Menu')\n"
        "NOOP = QT_TRANSLATE_NOOP('Notes', 'A template')\n"
        "def rate():\n"
        "    return tr('Downloads', '{0}/s') + QCoreApplication.translate('Fit', 'Fits')\n"
        "    return self_less.tr(variable)\n",
        encoding="utf-8",
    )
    found = {(t.context, t.source, t.numerus) for t in script.collect([module])}
    assert found == {
        ("Panel", "Panel title", False),
        ("Panel", "%n files", True),
        ("Panel", "in a lambda", False),
        ("Table", "&Menu", False),
        ("Notes", "A template", False),
        ("Downloads", "{0}/s", False),
        ("Fit", "Fits", False),
    }


def test_the_built_translations_say_what_the_ts_says(qapp) -> None:
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    stale = []
    for (context, source), (translation, numerus) in _messages().items():
        shown = translator.translate(context, source, None, 1 if numerus else -1)
        if shown != translation:
            stale.append((context, source, shown, translation))
    assert stale == []
    assert translator.translate("MainWindow", "&New") == "新建(&N)"  # the menus too
