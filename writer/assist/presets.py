"""What a rewrite can be asked for: the presets the palette offers, as instructions to a model.

Plain data, read by the rewrite popup at startup without loading any model code.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

PRESETS: dict[str, str] = {
    "Improve": "Improve the writing of this passage: clearer and smoother, same meaning and tone.",
    "Shorter": "Make this passage shorter. Keep its meaning.",
    "Longer": "Make this passage longer, with more detail, in the same style.",
    "Simpler": "Make this passage simpler, with plain words and short sentences.",
    "More formal": "Make the tone of this passage more formal.",
    "More casual": "Make the tone of this passage more casual.",
    "Fix spelling and grammar": (
        "Fix the spelling and grammar mistakes in this passage. Change nothing else."
    ),
    "Translate to English": "Translate this passage into English.",
    "Translate to Chinese": "Translate this passage into Simplified Chinese (简体中文).",
}

TRANSLATIONS = [name for name in PRESETS if name.startswith("Translate to ")]
# the language each translation preset writes (the catalog's codes)
TRANSLATION_LANGUAGES = {"Translate to English": "en", "Translate to Chinese": "zh"}
PRESET_NAMES = [name for name in PRESETS if name not in TRANSLATIONS]


def preset_instruction(name: str) -> str:
    """The instruction a built-in preset stands for; any other text is an instruction of its
    own."""
    return PRESETS.get(name, name)


def presets_of(saved: list[list[str]]) -> list[tuple[str, str]]:
    """The writer's presets, in their order: those saved in the settings (name, instruction),
    else the built-in ones."""
    mine = [(p[0].strip(), p[1].strip()) for p in saved if len(p) == 2 and p[0].strip()]
    return mine or list(PRESETS.items())


def preset_label(name: str) -> str:
    """A built-in preset's name in the interface's language; the writer's own as they wrote it."""
    labels = {
        "Improve": QCoreApplication.translate("Presets", "Improve"),
        "Shorter": QCoreApplication.translate("Presets", "Shorter"),
        "Longer": QCoreApplication.translate("Presets", "Longer"),
        "Simpler": QCoreApplication.translate("Presets", "Simpler"),
        "More formal": QCoreApplication.translate("Presets", "More formal"),
        "More casual": QCoreApplication.translate("Presets", "More casual"),
        "Fix spelling and grammar": QCoreApplication.translate(
            "Presets", "Fix spelling and grammar"
        ),
        "Translate to English": QCoreApplication.translate("Presets", "Translate to English"),
        "Translate to Chinese": QCoreApplication.translate("Presets", "Translate to Chinese"),
    }
    return labels.get(name, name)
