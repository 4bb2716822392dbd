"""Refresh Writer's translations: bring the interface's texts into each .ts file, keeping every
translation already there, and build the .qm files Qt loads.

    python packaging/i18n/translate.py          # after changing the interface's texts

The .ts files (resources/i18n/) are the one place translations are kept: edit the Chinese there
(by hand or in Qt Linguist), then run this script. It reads the texts from the Python source
itself (`collect`), as Qt's lupdate would, because lupdate for Python does not see all of them
(the action table's `_t("&New")`, an alias of `QCoreApplication.translate`) and its run drops
what it does not see. Texts are marked as:

- `self.tr("...")` in a class: the class's name is the context (also `self.tr(text, "", n)`
  for plurals, `%n`);
- `QCoreApplication.translate("Context", "...")` (or an alias named `tr`) and
  `QT_TRANSLATE_NOOP("Context", "...")`;
- `_t("...")` in a module that names its context in a module constant `CONTEXT = "..."`;
- `said("...", values)` anywhere in the product (writer/sentences.py): the context
  "Sentences", which the interface translates where it shows them.

A message without a location in the .ts that the source does not mark is a sentence from the
layers without Qt (the network policy, the models package) that the interface translates when
it shows it: it is kept as it is. A text new in the source gets an unfinished entry; the
script lists the texts without a translation and exits with status 1 while there are any
(tests/test_translations.py fails then).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
SENTENCES = "Sentences"  # the context of the layers without Qt (writer/sentences.py `said`)
CATALOG = ROOT / "resources" / "catalog.json"
CATALOG_CONTEXT = "Catalog"  # what each catalog model is good at (data the interface shows)
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Text:
    context: str
    source: str
    numerus: bool
    path: str  # relative to ROOT
    line: int


def sources() -> list[Path]:
    """The interface's modules, and the product's others for their sentences (`said`)."""
    return sorted(p for p in (ROOT / "writer").rglob("*.py") if "bench" not in p.parts)


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Collector(ast.NodeVisitor):
    def __init__(self, path: str, module_context: str | None) -> None:
        self.path = path
        self.module_context = module_context
        self.classes: list[str] = []
        self.found: list[Text] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func, args = node.func, node.args
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if (
            name == "tr"
            and isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
            and self.classes
        ):
            self._add(self.classes[-1], _string(args[0]) if args else None, node, len(args) >= 3)
        elif name in ("translate", "tr", "QT_TRANSLATE_NOOP") and len(args) >= 2:
            self._add(_string(args[0]), _string(args[1]), node, len(args) >= 4)
        elif name == "_t" and isinstance(func, ast.Name) and len(args) == 1:
            self._add(self.module_context, _string(args[0]), node, False)
        elif name == "said" and isinstance(func, ast.Name) and args:
            self._add(SENTENCES, _string(args[0]), node, False)
        self.generic_visit(node)

    def _add(self, context: str | None, source: str | None, node: ast.Call, numerus: bool) -> None:
        if context and source:
            self.found.append(Text(context, source, numerus, self.path, node.lineno))


def catalog_texts(path: Path = CATALOG) -> list[Text]:
    """The catalog's texts the interface shows (each model's `good_at`), context "Catalog"."""
    import json

    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    name = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    found: list[Text] = []
    for model in json.loads(raw).get("models", []):
        text = model.get("good_at") if isinstance(model, dict) else None
        if isinstance(text, str) and text.strip():
            quoted = json.dumps(text, ensure_ascii=False)
            line = next((i + 1 for i, row in enumerate(lines) if quoted in row), 1)
            found.append(Text(CATALOG_CONTEXT, text, False, name, line))
    return found


def collect(paths: list[Path] | None = None) -> list[Text]:
    """Every text marked for translation in `paths` (the interface's modules), in source order;
    without `paths`, the product's modules and the catalog's texts."""
    found: list[Text] = [] if paths is not None else catalog_texts()
    for path in paths if paths is not None else sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_context = None
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and [getattr(t, "id", None) for t in node.targets] == ["CONTEXT"]
            ):
                module_context = _string(node.value)
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        collector = _Collector(str(name), module_context)
        collector.visit(tree)
        found.extend(collector.found)
    return found


def translation_of(message: ET.Element) -> str:
    """A message's translation ('' when there is none): its text, or its plural form's."""
    element = message.find("translation")
    if element is None or element.get("type") in ("unfinished", "obsolete", "vanished"):
        return ""
    forms = [form.text or "" for form in element.findall("numerusform")]
    text = forms[0] if forms else element.text or ""
    return text if text.strip() else ""  # its spaces kept: " tokens" follows a number


def read(ts: Path) -> tuple[dict[tuple[str, str], str], list[tuple[str, ET.Element]]]:
    """The translations of a .ts file by (context, source), and its messages without a location
    (kept as they are)."""
    known: dict[tuple[str, str], str] = {}
    unlocated: list[tuple[str, ET.Element]] = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            text = translation_of(message)
            if text:
                known[(name, source)] = text
            if message.find("location") is None:
                unlocated.append((name, message))
    return known, unlocated


def write(ts: Path, texts: list[Text]) -> list[Text]:
    """Rewrite `ts` with `texts` (translations kept); returns the texts without a translation."""
    language = ET.parse(ts).getroot().get("language", "")
    known, unlocated = read(ts)
    places: dict[tuple[str, str], list[Text]] = {}  # one message for a text used in places
    for text in texts:
        places.setdefault((text.context, text.source), []).append(text)
    by_context: dict[str, list[ET.Element]] = {}
    missing: list[Text] = []
    for key, found_at in places.items():
        first = found_at[0]
        message = ET.Element("message")
        if any(text.numerus for text in found_at):
            message.set("numerus", "yes")
        for text in found_at:
            location = ET.SubElement(message, "location")
            location.set("filename", f"../../{text.path}")
            location.set("line", str(text.line))
        ET.SubElement(message, "source").text = first.source
        translation = ET.SubElement(message, "translation")
        found = known.get(key, "")
        if not found:
            translation.set("type", "unfinished")
            missing.append(first)
        elif message.get("numerus") == "yes":
            ET.SubElement(translation, "numerusform").text = found
        else:
            translation.text = found
        by_context.setdefault(first.context, []).append(message)
    for name, message in unlocated:
        if (name, message.findtext("source") or "") not in places:
            by_context.setdefault(name, []).append(message)
    root = ET.Element("TS", {"version": "2.1", "language": language})
    for name in sorted(by_context):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        context.extend(by_context[name])
    ET.indent(root, space="    ")
    ET.ElementTree(root).write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def build(ts: Path) -> None:
    """The .qm beside `ts`."""
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm")), "-silent"],
        check=True,
    )


def main() -> int:
    texts = collect()
    status = 0
    for ts in sorted(I18N.glob("writer_*.ts")):
        missing = write(ts, texts)
        build(ts)
        for text in missing:
            print(f"{ts.name}: no translation: {text.context}: {text.source!r}", file=sys.stderr)
        status = status or (1 if missing else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
