"""Whether a model fits this computer, said in the interface's language (writer.models.fit
measures; its own sentence is English, for the command line)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from writer.models import fit
from writer.models.errors import human_size


def describe(verdict: fit.Fit) -> str:
    need, free = human_size(verdict.need), human_size(verdict.available or 0)
    tokens, vram = f"{verdict.n_ctx:,}", human_size(verdict.vram or 0)
    if verdict.gpu and verdict.verdict == fit.FITS:
        text = QCoreApplication.translate(
            "Fit",
            "Fits on the GPU: needs about {0} with a context of {1} tokens; {2} of GPU memory "
            "is free.",
        )
        return text.format(need, tokens, vram)
    if verdict.gpu and verdict.verdict == fit.TIGHT_FIT:
        text = QCoreApplication.translate(
            "Fit",
            "Tight: needs about {0}, more than the {1} free on the GPU, so part of it runs on "
            "the CPU (slower).",
        )
        return text.format(need, vram)
    if verdict.gpu:
        text = QCoreApplication.translate(
            "Fit",
            "Too large: needs about {0} with a context of {1} tokens; only {2} of GPU and "
            "system memory is free. Choose a smaller file or a shorter context.",
        )
        return text.format(need, tokens, free)
    if verdict.verdict == fit.UNKNOWN:
        text = QCoreApplication.translate(
            "Fit", "Needs about {0} of memory with a context of {1} tokens."
        )
        return text.format(need, tokens)
    if verdict.verdict == fit.FITS:
        text = QCoreApplication.translate(
            "Fit", "Fits: needs about {0} with a context of {1} tokens; {2} of memory is free."
        )
        return text.format(need, tokens, free)
    if verdict.verdict == fit.TIGHT_FIT:
        text = QCoreApplication.translate(
            "Fit", "Tight: needs about {0} of the {1} free; close other programs first."
        )
        return text.format(need, free)
    text = QCoreApplication.translate(
        "Fit",
        "Too large: needs about {0} with a context of {1} tokens, but only {2} of memory is "
        "free. Choose a smaller file (a lower quantisation) or a shorter context.",
    )
    return text.format(need, tokens, free)
