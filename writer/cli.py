"""Command line: `writer [FILE]` opens the editor; `writer bench|models|doctor ...` for the rest.

Every command that fails prints one line saying why and exits with a non-zero status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

EXIT_USAGE = 2
EXIT_FAILED = 1

Command = Callable[[argparse.Namespace], int]


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="writer",
        description="A writing assistant: a local language model continues and rewrites your text.",
        epilog="Other commands: writer bench, writer models, writer doctor (each with --help).",
    )
    p.add_argument("file", nargs="?", help="a text or Markdown file to open")
    p.add_argument(
        "--model", help="a GGUF model file to use (default: the chosen or starter model)"
    )
    p.add_argument("--gpu-layers", help="layers to offload to the GPU: auto, all or a number")
    return p


def _command(name: str) -> tuple[Callable[[argparse.ArgumentParser], None], Command]:
    import importlib

    module = importlib.import_module(
        {"bench": "writer.bench", "models": "writer.models.cli", "doctor": "writer.doctor"}[name]
    )
    return module.add_arguments, module.run


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("bench", "models", "doctor"):
        name = args.pop(0)
        add_arguments, run = _command(name)
        parser = argparse.ArgumentParser(prog=f"writer {name}")
        add_arguments(parser)
        ns = parser.parse_args(args)
        try:
            return run(ns)
        except KeyboardInterrupt:
            print(f"writer {name}: interrupted", file=sys.stderr)
            return 130
    ns = _gui_parser().parse_args(args)
    from writer.app import run_gui

    return run_gui(ns)
