"""Refresh Writer's translations: collect the interface's texts, fill in the translations kept
in this folder, and build the .qm files Qt loads.

    python packaging/i18n/translate.py          # after changing texts in writer/ui or writer/assist

A text with no translation here stays marked unfinished in the .ts file and shows in English;
the script lists such texts and exits with status 1.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT))
        for folder in ("writer/ui", "writer/assist")
        for p in (ROOT / folder).glob("*.py")
    )


def fill(ts: Path, table: dict[str, str]) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        text = table.get(source)
        if text is None:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for form in list(translation):
                translation.remove(form)
            ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = text
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from zh_CN import ZH_CN

    ts = I18N / "writer_zh_CN.ts"
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources(), "-ts", str(ts), "-no-obsolete", "-silent"],
        cwd=ROOT,
        check=True,
    )
    missing = fill(ts, ZH_CN)
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm")), "-silent"],
        check=True,
    )
    for text in missing:
        print(f"no translation: {text!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
