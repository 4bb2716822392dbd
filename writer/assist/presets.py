"""What a rewrite can be asked for: the presets the palette offers, as instructions to a model.

Plain data, read by the rewrite popup at startup without loading any model code.
"""

from __future__ import annotations

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
