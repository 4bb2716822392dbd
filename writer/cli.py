"""Command line: `writer [FILE|FOLDER]` opens the editor (a folder as a project);
`writer bench|models|doctor ...` for the rest.

Every command that fails prints one line saying why and exits with a non-zero status.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from writer.engine.gpu import GpuLayers, parse_gpu_layers

EXIT_USAGE = 2
EXIT_FAILED = 1

Command = Callable[[argparse.Namespace], int]


def gpu_layers_arg(text: str) -> GpuLayers:
    """argparse type for --gpu-layers: auto, all or a number."""
    try:
        return parse_gpu_layers(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="writer",
        description="A writing assistant: a local language model continues and rewrites your text.",
        epilog="Other commands: writer bench, writer models, writer doctor (each with --help).",
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="text or Markdown files to open (each in its window), or a folder to open as a "
        "project",
    )
    import writer

    p.add_argument("--version", action="version", version=f"Writer {writer.__version__}")
    p.add_argument(
        "--model", help="a GGUF model file to use (default: the chosen or starter model)"
    )
    p.add_argument(
        "--gpu-layers",
        type=gpu_layers_arg,
        help="layers to offload to the GPU: auto, all or a number",
    )
    p.add_argument(
        "--server",
        metavar="URL",
        help="use an OpenAI-compatible server (llama-server, vLLM, Ollama...) for this session",
    )
    p.add_argument("--server-model", metavar="NAME", help="the server's model to use")
    return p


COMMANDS = {"models": "writer.models.cli", "doctor": "writer.doctor"}
# Packages beside the product add commands through this entry-point group (`writer bench` is
# measurement's); each names a module with add_arguments(parser) and run(args).
COMMAND_GROUP = "writer.commands"


def _command(name: str) -> ModuleType | None:
    import importlib

    if name in COMMANDS:
        return importlib.import_module(COMMANDS[name])
    if not name.isidentifier() or Path(name).exists():
        return None  # a file to open
    from importlib.metadata import entry_points

    for entry in entry_points(group=COMMAND_GROUP):
        if entry.name == name:
            return entry.load()
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--writer-probe"]:  # the bundled program as its own probe child
        from writer.engine.probe import probe_child

        return probe_child(args[1], int(args[2]))
    if args[:1] == ["--writer-search-apart"]:  # and as a regular expression's search child
        from writer.project.search_apart import serve

        serve()
        return 0
    command = _command(args[0]) if args and not args[0].startswith("-") else None
    if command is not None:
        name = args.pop(0)
        parser = argparse.ArgumentParser(prog=f"writer {name}")
        command.add_arguments(parser)
        ns = parser.parse_args(args)
        try:
            return command.run(ns)
        except KeyboardInterrupt:
            print(f"writer {name}: interrupted", file=sys.stderr)
            return 130
    ns = _gui_parser().parse_args(args)
    ns.file = ns.files[0] if ns.files else None
    problem = no_display()
    if problem:
        print(f"writer: {problem}", file=sys.stderr)
        return 1
    from writer.app import run_gui

    return run_gui(ns)


def no_display(environ: dict[str, str] | None = None, platform: str | None = None) -> str:
    """Why no window can open here (Linux without X11 or Wayland, and no Qt platform named),
    in one line; "" where one can. Qt itself aborts with a core dump and a page of advice."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux" or env.get("QT_QPA_PLATFORM"):
        return ""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "run Writer in a desktop session, or use `writer models`, `writer doctor` or "
        "`writer bench` here"
    )
