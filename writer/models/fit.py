"""Will a model fit? File size plus KV cache for the chosen context, against free memory.

For a local file the KV cache comes from its GGUF header (layers, KV heads, head sizes). For a
file still on the Hub it is a conservative guess from the file size. Free RAM is /proc/meminfo's
MemAvailable; free VRAM is nvidia-smi's answer when offloading, and unknown otherwise.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from writer.generation.backend import DEFAULT_CONTEXT
from writer.models.errors import human_size

OVERHEAD = 300_000_000  # llama.cpp compute buffers and the runtime
GUESS_KV_PER_GB = 48 * 1024  # bytes of KV cache per token per GB of weights, when unknown
TIGHT = 0.8

FITS, TIGHT_FIT, TOO_LARGE, UNKNOWN = "fits", "tight", "too large", "unknown"


@dataclass
class Fit:
    verdict: str  # "fits", "tight", "too large" or "unknown"
    need: int
    available: int | None
    sentence: str  # in English (the UI words it in the interface's language from the rest)
    n_ctx: int = 0
    gpu: bool = False  # measured against GPU memory
    vram: int | None = None  # free GPU memory, when it was asked


def context_words(n_ctx: int) -> str:
    """'a 4,096-token context', 'an 8,192-token context' (said as numbers are)."""
    digits = f"{n_ctx:,}"
    lead = digits.split(",")[0]
    article = "an" if digits.startswith("8") or lead in ("11", "18") else "a"
    return f"{article} {digits}-token context"


def free_ram() -> int | None:
    """Bytes of memory available to a new program (Linux), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def free_vram() -> int | None:
    """Free memory of the first NVIDIA GPU in bytes, or None without nvidia-smi."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return None
    try:
        out = subprocess.run(
            [exe, "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=3, check=True,
        ).stdout
        return int(out.split()[0]) * 1024 * 1024
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def kv_bytes(path: Path | None, size: int, n_ctx: int, per_token: int | None = None) -> int:
    """KV cache bytes for n_ctx tokens: given, from the GGUF header when readable, else a guess."""
    if per_token:
        return per_token * n_ctx
    if path is not None:
        try:
            stat = path.stat()
        except OSError:
            stat = None
        per_token = _header(str(path), stat.st_size, stat.st_mtime_ns)[0] if stat else None
        if per_token:
            return per_token * n_ctx
    return int(max(16 * 1024, size / 1e9 * GUESS_KV_PER_GB) * n_ctx)


def header_problem(path: Path) -> str:
    """Why the file at `path` is no model llama.cpp can load, as its header says (a sentence),
    or '' when the header reads (read once per version of the file, as for the fit)."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _header(str(path), stat.st_size, stat.st_mtime_ns)[1]


@functools.lru_cache(maxsize=64)
def _header(path: str, size: int, mtime_ns: int) -> tuple[int | None, str]:
    """The header's KV bytes a token, and the sentence of a header that does not read."""
    from writer.engine.gguf_header import ModelFileError, read_gguf_header

    try:
        header = read_gguf_header(path)
    except ModelFileError as exc:
        return None, str(exc)
    try:
        return header.kv_bytes_per_token(), ""
    except (ArithmeticError, ValueError, KeyError, TypeError):  # odd values: a guess will do
        return None, ""


def estimate(size: int, n_ctx: int, path: Path | None = None,
             kv_per_token: int | None = None) -> int:
    return size + kv_bytes(path, size, n_ctx, kv_per_token) + OVERHEAD


def check(size: int, n_ctx: int = DEFAULT_CONTEXT, path: Path | None = None, offload: bool = False,
          ram: int | None = None, vram: int | None = None,
          kv_per_token: int | None = None) -> Fit:
    """The verdict for a model of `size` bytes at context `n_ctx`, with a sentence saying why.
    `kv_per_token` (from a header read elsewhere) beats reading `path`, which beats a guess."""
    need = estimate(size, n_ctx, path, kv_per_token)
    ram = free_ram() if ram is None else ram
    if offload and vram is None:
        vram = free_vram()
    ctx = context_words(n_ctx)
    if offload and vram is not None:
        on_gpu = {"n_ctx": n_ctx, "gpu": True, "vram": vram}
        if need <= vram * TIGHT:
            return Fit(FITS, need, vram, f"Fits on the GPU: needs about {human_size(need)} with "
                       f"{ctx}, {human_size(vram)} of GPU memory is free.", **on_gpu)
        if ram is not None and need <= vram + ram * TIGHT:
            return Fit(TIGHT_FIT, need, vram + ram, f"Tight: needs about {human_size(need)}, more "
                       f"than the {human_size(vram)} free on the GPU, so part of it runs on the "
                       "CPU (slower).", **on_gpu)
        return Fit(TOO_LARGE, need, vram + (ram or 0), f"Too large: needs about {human_size(need)}"
                   f" with {ctx}; only {human_size(vram + (ram or 0))} of GPU and system memory "
                   "is free. Choose a smaller file or a shorter context.", **on_gpu)
    if ram is None:
        return Fit(UNKNOWN, need, None, f"Needs about {human_size(need)} of memory with {ctx}.",
                   n_ctx=n_ctx)
    if need <= ram * TIGHT:
        return Fit(FITS, need, ram, f"Fits: needs about {human_size(need)} with {ctx}; "
                   f"{human_size(ram)} of memory is free.", n_ctx=n_ctx)
    if need <= ram:
        return Fit(TIGHT_FIT, need, ram, f"Tight: needs about {human_size(need)} of the "
                   f"{human_size(ram)} free; close other programs first.", n_ctx=n_ctx)
    return Fit(TOO_LARGE, need, ram, f"Too large: needs about {human_size(need)} with {ctx}, "
               f"but only {human_size(ram)} of memory is free. Choose a smaller file (a lower "
               "quantisation) or a shorter context.", n_ctx=n_ctx)


def check_file(path: str | Path, n_ctx: int = DEFAULT_CONTEXT, offload: bool = False) -> Fit:
    path = Path(path)
    return check(path.stat().st_size, n_ctx, path, offload)
