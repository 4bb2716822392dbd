"""`writer doctor`: what Writer finds on this machine (the build, the GPU, the starter model)."""

from __future__ import annotations

import argparse
import json
import sys

from writer import paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "Show the llama.cpp build, GPU support, model and folders Writer uses."
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def collect() -> dict[str, object]:
    from writer.engine.probe import llama_cpp_version
    from writer.engine.runtime import supports_gpu_offload
    from writer.logs import log_file
    from writer.settings import Settings

    starter = paths.starter_model_path()
    settings = Settings.load()
    return {
        "llama_cpp_python": llama_cpp_version(),
        "gpu_offload": supports_gpu_offload(),
        "starter_model": str(starter) if starter else None,
        "active_model": settings.model_path or (str(starter) if starter else None),
        "settings": str(Settings.file()),
        "log": str(log_file()),
        "state": str(paths.state_dir()),
    }


def run(args: argparse.Namespace) -> int:
    try:
        info = collect()
    except Exception as exc:  # a broken llama.cpp build shows here first
        print(f"writer doctor: llama.cpp cannot be used: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(info))
    else:
        for key, value in info.items():
            print(f"{key:18} {value}")
        if not info["starter_model"]:
            print(paths.STARTER_MODEL_MISSING)
    return 0
