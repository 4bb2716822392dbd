"""The Chinese interface: every text the interface marks has its translation in the .ts file (the
one place translations are kept), with the same placeholders, and the .qm file Qt loads says
what the .ts says. packaging/i18n/translate.py brings new texts into the .ts."""

from __future__ import annotations

import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
TS = ROOT / "resources" / "i18n" / "writer_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{\d*(?:![rsa])?(?::[^}]*)?\}|%n")
HAN = re.compile(r"[\u4e00-\u9fff]")


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
        "ERROR = said('Cannot reach {0}.', host)\n"
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
        ("Sentences", "Cannot reach {0}.", False),
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


def test_the_text_before_the_cursor_is_what_the_model_reads_in_chinese(qapp) -> None:
    """"Text before the cursor → 窗口" read as the application's window, and "上下文窗口"
    after it was jargon: the part is what the model reads, in plain words."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    assert translator.translate("ContextPanel", "what the model reads") == "模型读到的内容"


# sentences from the layers without Qt ------------------------------------------------------------
def test_a_sentence_is_remembered_with_its_template_and_values() -> None:
    from writer.sentences import said, spoken

    text = said("The server at {0} did not answer in time.", "example.org:8080")
    assert text == "The server at example.org:8080 did not answer in time."
    assert spoken(text) == ("The server at {0} did not answer in time.", ("example.org:8080",))
    assert spoken("A sentence nobody said.") is None


def _chinese(text: str) -> str:
    from writer.ui.i18n import sentence

    shown = sentence(text)
    assert shown != text
    assert HAN.search(shown)
    return shown


def test_sentences_from_the_layers_without_qt_show_in_chinese(qapp, tmp_path: Path) -> None:
    """Each reaches the interface as plain English text (an exception's str(), a refusal); the
    interface shows it in Chinese with its values, the sentences inside it translated too."""
    import httpx2

    from writer.documents import DocumentError
    from writer.documents.textfile import TextFormat, read_text_file, save_text_file
    from writer.models.errors import explain
    from writer.network import SERVER, NetworkPolicy
    from writer.settings import Settings
    from writer.ui import i18n
    from writer.ui.i18n import sentence

    i18n.install("zh_CN")
    try:
        # a value (the host) and a sentence inside a sentence (the Hub's name)
        slow = str(explain(httpx2.ReadTimeout("slow"), "org/model", "model.gguf"))
        assert "did not answer in time" in slow
        shown = _chinese(slow)
        assert "Hugging Face Hub" in shown
        assert "the Hugging Face Hub" not in shown
        policy = NetworkPolicy(Settings(local_only=True))
        refused = policy.refusal("http://example.org:8080", SERVER)
        assert "example.org:8080" in _chinese(refused)
        # a file that cannot be opened, and one that cannot be saved: four sentences in one
        folder = tmp_path / "notes.md"
        folder.mkdir()
        with pytest.raises(DocumentError) as opened:
            read_text_file(folder)
        assert "notes.md" in _chinese(str(opened.value))
        with pytest.raises(DocumentError) as saved:
            save_text_file(tmp_path / "gone" / "doc.md", "text", TextFormat())
        shown = _chinese(str(saved.value))
        assert "doc.md" in shown
        assert "“gone”" in shown  # the folder that is not there is named
        left = shown.replace("doc.md", "").replace("Writer", "").replace("“gone”", "")
        assert not re.search(r"[a-z]{4,}", left)
        # a text said nowhere shows as it is
        assert sentence("A sentence nobody said.") == "A sentence nobody said."
    finally:
        i18n.install("en")
    assert sentence(slow) == slow


def test_a_damaged_model_files_sentence_has_no_spaces_between_chinese_words(
    qapp, tmp_path: Path
) -> None:
    """The translation keeps spaces around its values for the Latin ones, and a value that is
    itself a translated piece then sat between them: "文件声称 一个元数据键 长达 …" (Chinese
    has no spaces between words). Between two Chinese characters the space goes; beside a
    number or a Latin name it stays, and English reads as before."""
    import struct

    from writer.engine.gguf_header import ModelFileError, read_gguf_header
    from writer.ui import i18n
    from writer.ui.i18n import sentence

    damaged = tmp_path / "damaged.gguf"
    damaged.write_bytes(b"GGUF" + struct.pack("<IQQQ", 3, 1, 1, 100_000) + bytes(64))
    with pytest.raises(ModelFileError) as raised:
        read_gguf_header(damaged)
    text = str(raised.value)
    assert text == "damaged.gguf: The file claims a metadata key of 100,000 bytes: it is damaged."
    assert sentence(text) == text
    i18n.install("zh_CN")
    try:
        shown = sentence(text)
    finally:
        i18n.install("en")
    assert shown == "damaged.gguf：文件声称一个元数据键长达 100,000 字节：文件已损坏。"
    from writer.ui.i18n import fill
    assert fill("{0} 的值", ["general.name"]) == "general.name 的值"
    assert fill("文件声称 {0} 长达", ["我的 小说"]) == "文件声称我的 小说长达"  # (its own space)


def test_the_status_bar_shows_such_a_sentence_in_chinese(qapp, window) -> None:
    from writer.network import SERVER, NetworkPolicy
    from writer.settings import Settings
    from writer.ui import i18n

    refused = NetworkPolicy(Settings(local_only=True)).refusal("http://example.org:8080", SERVER)
    i18n.install("zh_CN")
    try:
        window.show_message(refused)
        shown = window.statusBar().currentMessage()
    finally:
        i18n.install("en")
    assert shown != refused
    assert HAN.search(shown)
    assert "example.org:8080" in shown


def test_a_translation_that_names_other_values_shows_the_english(qapp) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from writer.sentences import said
    from writer.ui.i18n import sentence

    class Broken(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            if context == "Sentences" and source == "The server at {0} lists no models.":
                return "服务器 {3} 没有模型。"
            if context == "Sentences" and source == "Writer cannot reach {0} ({1}).":
                return "Writer 无法连接 {0}（{1}）。"
            if context == "Sentences" and source == "The disk is full.":
                return "磁盘已满。"
            return None  # no translation (an empty text would be one)

    broken = Broken()
    QCoreApplication.installTranslator(broken)
    try:
        text = said("The server at {0} lists no models.", "example.org")
        assert sentence(text) == text
        # an exception given as a value is a sentence too
        inner = OSError(said("The disk is full."))
        shown = sentence(said("Writer cannot reach {0} ({1}).", "example.org", inner))
        assert shown == "Writer 无法连接 example.org（磁盘已满。）。"
    finally:
        QCoreApplication.removeTranslator(broken)


def test_a_model_llama_cpp_refuses_is_said_in_chinese(qapp, tmp_path: Path) -> None:
    """The refusal of a model file llama.cpp cannot load is made in the probe's child process
    and remembered in a file; it still shows in Chinese (the parent says it again from the
    template the child sends, and a remembered verdict from the one kept with it)."""
    from tests.conftest import tiny_gguf
    from writer.engine import probe
    from writer.engine.runtime import DecodeError, LlamaRuntime
    from writer.ui import i18n

    path = tiny_gguf(tmp_path / "odd.gguf", arch="no-such-architecture")
    i18n.install("zh_CN")
    try:
        with pytest.raises(DecodeError) as refused:
            LlamaRuntime(path)
        assert "no-such-architecture" in _chinese(str(refused.value))
        verdict = probe.probe_model(path, 0, use_cache=False)
        assert not verdict.ok
        assert "no-such-architecture" in _chinese(verdict.message)
        crashed = probe.ProbeVerdict(False, probe.said(
            "llama.cpp crashed while running this model ({0}). "
            "This model cannot run on this computer with this build.",
            probe.describe_signal(-11)))  # fmt: skip
        assert "SIGSEGV：无效的内存访问" in _chinese(crashed.message)
        probe._store_verdict(probe._key(path, 0), crashed)
        from writer import sentences

        sentences._said.clear()  # a later start: only the file remembers
        again = probe.probe_model(path, 0)
        assert again.cached
        assert "SIGSEGV：无效的内存访问" in _chinese(again.message)  # the cause too
    finally:
        i18n.install("en")


def test_a_fallback_from_the_gpu_is_said_in_chinese(
    qapp, starter_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model that crashed llama.cpp with GPU layers loads on the CPU; the note the model's
    status shows says why in the interface's language, the crash's cause included."""
    from writer.engine import engine as engine_module
    from writer.engine import probe
    from writer.engine.engine import Engine
    from writer.ui import i18n

    real = probe.probe_model

    def crashes_on_gpu(path, layers, use_cache=True):
        if layers:  # as the last GPU run's probe did (a SIGSEGV with every layer offloaded)
            return probe.ProbeVerdict(False, probe.said(
                "llama.cpp crashed while running this model ({0}). "
                "This model cannot run on this computer with this build.",
                probe.describe_signal(-11)))  # fmt: skip
        return real(path, layers, use_cache=False)

    monkeypatch.setattr(engine_module, "probe_model", crashes_on_gpu)
    engine = Engine.load(starter_model, n_ctx=512, n_gpu_layers="all")
    try:
        assert engine.info.n_gpu_layers == 0
        assert engine.info.notes
        assert all("GPU layers" in n for n in engine.info.notes)
        i18n.install("zh_CN")
        try:
            shown = _chinese(engine.info.notes[0])
            assert "GPU 层时" in shown
            assert "无效的内存访问" in shown
            assert "with" not in shown
            assert "invalid memory" not in shown
        finally:
            i18n.install("en")
    finally:
        engine.close()


def test_what_a_catalog_model_is_good_at_shows_in_chinese(qtbot, tmp_path: Path) -> None:
    """The catalog's texts are data, not code: the translation script collects them (context
    "Catalog") and the Manage Models dialog shows them in the interface's language."""
    from writer.downloads import DownloadManager
    from writer.models.catalog import load_catalog
    from writer.network import NetworkPolicy
    from writer.settings import Settings
    from writer.ui import i18n
    from writer.ui.models_dialog import ModelsDialog

    collected = {t.source for t in _translate_script().collect() if t.context == "Catalog"}
    assert collected == {e.good_at for e in load_catalog()}
    settings = Settings.load(tmp_path / "settings.json")
    i18n.install("zh_CN")
    try:
        dialog = ModelsDialog(settings, DownloadManager(NetworkPolicy(settings)), offload=False)
        qtbot.addWidget(dialog)
        assert dialog.select_catalog("qwen2.5-1.5b")
        assert "多语言改写" in dialog.catalog.note.text()
        assert "Multilingual" not in dialog.catalog.note.text()
    finally:
        i18n.install("en")


def test_what_a_server_offers_and_lacks_shows_in_chinese(qapp) -> None:
    """A server's description (the model's tooltip, said once in the status bar) is made of
    parts said one by one, so that the Chinese interface shows all of it in Chinese; the
    English reads as before."""
    from writer.remote.discovery import LLAMA_CPP, ServerInfo
    from writer.ui import i18n

    info = ServerInfo(kind=LLAMA_CPP, slots=4, llama_cpp=True, infill=True, logprobs=True,
                      logprobs_ms=0.4, choices=True, speculation_known=True)  # fmt: skip
    assert info.offers == (
        "llama.cpp server: 4 writers at once, prompt cache, fill-in-the-middle, confidence "
        "shading (0.4 ms a token), several alternatives per request."
    )
    plain = ServerInfo(slots=1)
    i18n.install("zh_CN")
    try:
        shown = _chinese(info.offers)
        assert "4" in shown
        assert "0.4" in shown
        assert not re.search(r"[a-z]{3,}", shown.replace("llama.cpp", "").replace("token", ""))
        for sentence_ in [plain.offers, *plain.lacks, *info.lacks]:
            shown = _chinese(sentence_)
            for name in ("token", "n-gram", "Writer"):
                shown = shown.replace(name, "")
            assert not re.search(r"[a-z]{4,}", shown)
    finally:
        i18n.install("en")


def test_qts_own_labels_with_a_new_mnemonic_show_in_chinese(qapp) -> None:
    """The file dialog's "&Look in:" and "Files of &type:" stayed English in Chinese (Qt's
    translation predates their mnemonics)."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    from writer.ui import i18n

    i18n.install("zh_CN")
    try:
        dialog = QFileDialog(None, "x", "/tmp")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        dialog.deleteLater()
    finally:
        i18n.install("en")
    assert "查找范围(&L)：" in labels
    assert "文件类型(&T)：" in labels
    assert not any(re.search(r"[A-Za-z]{3,}", label.replace("&", "")) for label in labels)


def test_the_file_dialogs_folders_are_folders_in_chinese(qapp, tmp_path: Path) -> None:
    """The file dialog's Type column said "Folder" in the Chinese interface: Qt 6 asks for it
    in the context QAbstractFileIconProvider, which Qt's Chinese translation does not have (it
    keeps the text under Qt 5's QFileDialog)."""
    from PySide6.QtWidgets import QFileDialog, QTreeView

    from tests.conftest import wait_until
    from writer.ui import i18n

    (tmp_path / "chapters").mkdir()
    i18n.install("zh_CN")
    try:
        dialog = QFileDialog(None, "x", str(tmp_path))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        tree = dialog.findChild(QTreeView)
        model = tree.model()

        def folder_type() -> str | None:
            root = tree.rootIndex()
            return model.index(0, 2, root).data() if model.rowCount(root) else None

        wait_until(lambda: folder_type() is not None, 5000)
        found = folder_type()
        dialog.deleteLater()
    finally:
        i18n.install("en")
    assert found == "文件夹"


def test_dates_qt_writes_follow_the_interfaces_language(qapp) -> None:
    """The Chinese file dialog dated files "5 12 2026" (the system's locale, not the
    interface's language)."""
    from PySide6.QtCore import QDate, QLocale

    from writer.ui import i18n

    day = QDate(2026, 12, 5)
    i18n.install("zh_CN")
    try:
        assert QLocale().language() == QLocale.Language.Chinese
        assert QLocale().toString(day, QLocale.FormatType.ShortFormat) == "2026/12/5"
    finally:
        i18n.install("en")
    assert QLocale().language() == QLocale.Language.English
    assert "2026/12/5" not in QLocale().toString(day, QLocale.FormatType.ShortFormat)


def test_chinese_sentences_follow_each_other_without_a_space() -> None:
    """The recovery's Chinese read "…未保存的文档。 勾选的…" (a stray space after 。)."""
    from writer.ui.i18n import joined

    assert joined("Writer did not close.", "Checked ones come back.") == (
        "Writer did not close. Checked ones come back."
    )
    assert joined("留下了文档。", "勾选的会恢复。") == "留下了文档。勾选的会恢复。"
    assert joined("", "Only this.") == "Only this."


def test_a_mark_beside_a_name_takes_no_space_before_a_full_width_bracket() -> None:
    """"SmolLM2 135M Instruct （入门模型）": Chinese puts no space before （."""
    from writer.ui.i18n import beside

    assert beside("SmolLM2 135M", "(starter)") == "SmolLM2 135M (starter)"
    assert beside("SmolLM2 135M", "（入门模型）") == "SmolLM2 135M（入门模型）"
    assert beside("a.gguf", "(active)", "   ") == "a.gguf   (active)"


def test_a_damaged_model_files_sentence_is_chinese_to_its_last_words(
    qapp, tmp_path: Path
) -> None:
    """A damaged model file's sentence kept English words in Chinese ("文件声称 a metadata key
    的长度为…"): what was being read is said too, when the sentence is made (not for each of
    the thousands of keys and tensors a good file has: those would push the sentences said
    for the interface out of the remembered ones)."""
    import struct

    from writer import sentences
    from writer.engine.gguf_header import ModelFileError, read_gguf_header
    from writer.ui import i18n

    def header(tensors: int, kvs: int) -> bytes:
        return b"GGUF" + struct.pack("<IQQ", 3, tensors, kvs)

    key, value = b"general.architecture", b"llama"
    entry = struct.pack("<Q", len(key)) + key + struct.pack("<IQ", 8, len(value)) + value
    damaged = {
        "key.gguf": header(1, 1) + struct.pack("<Q", 2**64 - 1) + b"x" * 64,
        "tensor.gguf": header(1, 1) + entry + struct.pack("<Q", 2**40) + b"x" * 64,
        "value.gguf": header(1, 1) + entry[: -len(value) - 8] + struct.pack("<Q", 2**40),
        "shape.gguf": header(1, 1) + entry + struct.pack("<Q", 1) + b"t" + b"\1\0",
    }
    sentences._said.clear()
    i18n.install("zh_CN")
    try:
        for name, body in damaged.items():
            path = tmp_path / name
            path.write_bytes(body)
            with pytest.raises(ModelFileError) as refused:
                read_gguf_header(path)
            shown = _chinese(str(refused.value))
            left = shown.replace(name, "").replace("general.architecture", "")
            assert not re.search(r"[a-z]{4,}", left), shown
    finally:
        i18n.install("en")
    sentences._said.clear()  # (a key read whole: nothing said of it)
    with pytest.raises(ModelFileError):
        read_gguf_header(tmp_path / "tensor.gguf")
    assert not any("general.architecture" in text for text in sentences._said)


def test_the_chinese_interface_shows_chinese_in_the_simplified_chinese_face(qapp) -> None:
    """The interface's Chinese came in Noto Sans CJK JP (Japanese shapes: fontconfig's first
    CJK face) while the editor used the SC one: a Chinese interface's font names the system's
    Latin face, then its Simplified Chinese face, and its Chinese is drawn in that face;
    English gives the system font back."""
    from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextLayout

    from writer.ui import i18n

    installed = set(QFontDatabase.families())
    sc = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"]
    if not any(face in installed for face in sc):
        pytest.skip("no Simplified Chinese sans face is installed here")
    before = QGuiApplication.font()
    i18n.install("zh_CN")
    try:
        font = QGuiApplication.font()
        marks = ("CJK", "Han", "PingFang", "YaHei")
        cjk = [f for f in font.families() if any(mark in f for mark in marks)]
        assert cjk, font.families()
        assert cjk[0] in sc, font.families()
        layout = QTextLayout("晓晓站在门口。", font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        assert [run.rawFont().familyName() for run in layout.glyphRuns()][-1] in sc
    finally:
        i18n.install("en")
    assert QGuiApplication.font().families() == before.families()
