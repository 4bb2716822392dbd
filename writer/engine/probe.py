"""A first load of an unknown model in a short-lived child process.

llama.cpp can kill the process it runs in (an illegal instruction on this CPU, an assertion on a
malformed tensor, a segfault). A model the app has not run before is therefore loaded and run for
a few tokens in a child first; the verdict is remembered per file (path, size, modification time,
llama-cpp-python version and GPU layers), so the check costs a second once.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from writer import paths
from writer.documents.atomic import replace_file
from writer.sentences import said, spoken

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 600


@dataclass
class ProbeVerdict:
    ok: bool
    message: str = ""
    cached: bool = False


def llama_cpp_version() -> str:
    try:
        return metadata.version("llama_cpp_python")
    except metadata.PackageNotFoundError:
        return "unknown"


def _verdict_file() -> Path:
    return paths.cache_dir() / "model-verdicts.json"


def _key(path: Path, n_gpu_layers: int) -> str:
    st = path.stat()
    return json.dumps(
        [str(path.resolve()), st.st_size, st.st_mtime_ns, llama_cpp_version(), n_gpu_layers]
    )


def _load_verdicts() -> dict[str, dict]:
    try:
        data = json.loads(_verdict_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, RecursionError):  # a damaged file: nothing remembered
        return {}


SAID_DEPTH = 4  # sentences said within sentences, at most (a verdict file may be damaged)
WIDE_FIELD = re.compile(r"\{[^{}]*[:!][^{}]*\d{3,}")  # a field padded to 100 characters or more


def _as_said(message: str, depth: int = 0) -> dict:
    """The template and values a message was said with (writer.sentences), to be kept or sent
    with it, so that where it is read again (a later start, the parent process) the interface
    can still show it in its own language; {} for a text said nowhere. A value said itself (a
    crash's cause, say) is kept the same way, down to SAID_DEPTH (a text said as "{0}" of
    itself was its own value, and every verdict stored after it raised RecursionError)."""
    found = spoken(message) if depth <= SAID_DEPTH else None
    if found is None:
        return {}
    template, values = found
    kept = [(_as_said(v, depth + 1) or v) if isinstance(v, str) else str(v) for v in values]
    return {"template": template, "values": kept}


def _said_again(record: dict, depth: int = 0) -> str:
    """A message kept with its template and values (`_as_said`), said again here ("" when the
    record holds none, or one that does not make a sentence, or sentences nested deeper than
    any Writer says)."""
    template, values = record.get("template"), record.get("values", [])
    if not isinstance(template, str) or not isinstance(values, list) or depth > SAID_DEPTH:
        return ""
    if WIDE_FIELD.search(template):
        return ""  # no sentence Writer says pads a value to thousands of characters
    inner = [_said_again(v, depth + 1) if isinstance(v, dict) else str(v) for v in values]
    try:
        return said(template, *inner)
    except (IndexError, KeyError, ValueError):
        return ""


def _store_verdict(key: str, verdict: ProbeVerdict) -> None:
    verdicts = _load_verdicts()
    verdicts[key] = {"ok": verdict.ok, "message": verdict.message, **_as_said(verdict.message)}
    try:
        replace_file(_verdict_file(), json.dumps(verdicts, indent=1).encode("utf-8"))
    except OSError as exc:
        log.warning("could not remember the verdict on a model: %s", exc)


def remembered(key: str) -> ProbeVerdict | None:
    """The verdict the verdict file keeps under `key`, if it keeps one that reads as a verdict
    (a damaged entry is none: the model is probed again)."""
    known = _load_verdicts().get(key)
    if not isinstance(known, dict) or not isinstance(known.get("ok"), bool):
        return None
    message = _said_again(known) or known.get("message", "")
    return ProbeVerdict(known["ok"], message if isinstance(message, str) else "", cached=True)


# What the signal that ended the probe's child means, said when it is named (writer.sentences)
SIGNAL_MEANINGS: dict[str, Callable[[], str]] = {
    "SIGILL": lambda: said("an instruction this processor does not support"),
    "SIGSEGV": lambda: said("an invalid memory access"),
    "SIGABRT": lambda: said("an internal check failed"),
    "SIGBUS": lambda: said("a bus error"),
    "SIGFPE": lambda: said("an arithmetic error"),
    "SIGKILL": lambda: said("it was killed (out of memory?)"),
}


def describe_signal(returncode: int) -> str:
    """What the signal that ended a child process means, said (writer.sentences)."""
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = f"signal {-returncode}"
    meaning = SIGNAL_MEANINGS.get(name, lambda: said("an unexpected signal"))()
    return said("{0}: {1}", name, meaning)


def probe_model(path: str | Path, n_gpu_layers: int, use_cache: bool = True) -> ProbeVerdict:
    """Load and run the model in a child process unless a verdict for this file is remembered."""
    path = Path(path)
    key = _key(path, n_gpu_layers)
    if use_cache:
        known = remembered(key)
        if known is not None:
            return known
    cmd = [*probe_command(), str(path), str(n_gpu_layers)]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        return ProbeVerdict(False, said("loading the model took longer than ten minutes"))
    if proc.returncode < 0:
        verdict = ProbeVerdict(
            False,
            said(
                "llama.cpp crashed while running this model ({0}). "
                "This model cannot run on this computer with this build.",
                describe_signal(proc.returncode),
            ),
        )
    elif proc.returncode != 0:
        last = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        message = ""
        if last:
            try:
                report = json.loads(last[-1])
            except ValueError:
                report = None
            if isinstance(report, dict):
                message = _said_again(report) or str(report.get("error", ""))
        verdict = ProbeVerdict(False, message or said("llama.cpp could not load this model"))
        # A plain load failure may depend on free memory at the moment: not remembered.
        return verdict
    else:
        verdict = ProbeVerdict(True)
    _store_verdict(key, verdict)
    return verdict


PROBE_FLAG = "--writer-probe"


def probe_command() -> list[str]:
    """How to start the probe child: this module under Python, or the bundled program (which
    has no -m) with a flag its entry point answers."""
    if getattr(sys, "frozen", False):
        return [sys.executable, PROBE_FLAG]
    return [sys.executable, "-m", "writer.engine.probe"]


def probe_child(path: str, n_gpu_layers: int) -> int:
    """The probe child's work: load the model, decode a few tokens, print the verdict as JSON."""
    from writer.engine.runtime import ContextConfig, LlamaRuntime

    try:
        rt = LlamaRuntime(path, n_gpu_layers)
        ctx = rt.context(ContextConfig(n_ctx=256, n_batch=64))
    except Exception as exc:  # reported to the parent as a sentence
        print(json.dumps({"ok": False, "error": str(exc), **_as_said(str(exc))}), flush=True)
        return 1
    with rt:
        tokens = rt.tokenize("The quick brown fox")[:8] or [0]
        ctx.decode(tokens, 0)
        for i in range(2):
            ctx.decode_one(int(ctx.logits().argmax()), len(tokens) + i)
    print(json.dumps({"ok": True}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(probe_child(sys.argv[1], int(sys.argv[2])))
