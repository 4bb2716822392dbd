"""GPU layers as the writer gives them ("auto", "all" or a number), and what they mean here."""

from __future__ import annotations

from typing import Literal

ALL_LAYERS = 999

GpuLayers = int | Literal["auto", "all"]


def parse_gpu_layers(value: str | int) -> GpuLayers:
    """'auto', 'all' or a number of layers (0: the CPU only); ValueError with a sentence
    otherwise."""
    if isinstance(value, bool):
        raise ValueError("GPU layers must be auto, all or a number.")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("GPU layers cannot be negative.")
        return value
    text = str(value).strip().lower()
    if text in ("auto", "all"):
        return text  # type: ignore[return-value]
    if text.isdigit():
        return int(text)
    raise ValueError(f"GPU layers must be auto, all or a number, not {value!r}.")


def resolve_gpu_layers(requested: GpuLayers) -> int:
    """'auto': every layer when llama.cpp was built with GPU offload, none otherwise."""
    if requested == "auto":
        from writer.engine.runtime import supports_gpu_offload

        return ALL_LAYERS if supports_gpu_offload() else 0
    if requested == "all":
        return ALL_LAYERS
    return max(0, int(requested))
