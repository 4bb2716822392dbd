"""What a rewrite can be asked for, and how much text around it goes along: plain data that the
editor's popup reads at startup without loading the engine (numpy, Jinja, llama.cpp)."""

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

# Context on each side of the selection, in characters: a paragraph before and after, cut there.
CONTEXT_CHARS = 1200
