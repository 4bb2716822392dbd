"""`writer doctor`: what Writer finds on this machine (the build, the GPU, the starter model)."""

from __future__ import annotations

import argparse
import json
import sys

from writer import paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "Show the llama.cpp build, GPU support, model and folders Writer uses."
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--server", metavar="URL", help="also ask an inference server what it serves and can do"
    )
    parser.add_argument("--server-model", metavar="NAME", help="the server's model to check")


def server_report(url: str, model: str | None) -> dict[str, object]:
    """What Writer finds at a server; ServerError or ValueError (sentences) when it cannot."""
    from writer.network import SERVER, NetworkPolicy, is_this_machine
    from writer.remote.client import Endpoint, HttpClient
    from writer.remote.discovery import discover
    from writer.remote.keys import api_key
    from writer.settings import Settings

    endpoint = Endpoint.parse(url)
    refused = NetworkPolicy(Settings.load()).refusal(endpoint.url, SERVER)
    if refused:
        raise ValueError(refused)
    endpoint = Endpoint(endpoint.url, api_key(endpoint.host))
    client = HttpClient(endpoint)
    try:
        info = discover(client, model)
    finally:
        client.close()
    return {
        "server": endpoint.url,
        "on_this_computer": is_this_machine(endpoint.hostname),
        "api_key": "given" if endpoint.api_key else "none",
        **info.as_dict(),
        "offers": info.offers,
        "lacks": info.lacks,
    }


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
    from writer.generation.backend import BackendError

    try:
        info = collect()
    except Exception as exc:  # a broken llama.cpp build shows here first
        print(f"writer doctor: llama.cpp cannot be used: {exc}", file=sys.stderr)
        return 1
    if args.server:
        try:
            info["server"] = server_report(args.server, args.server_model)
        except (BackendError, ValueError) as exc:
            print(f"writer doctor: {exc}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(info))
    else:
        for key, value in info.items():
            if isinstance(value, dict):
                for sub, item in value.items():
                    print(f"{key + '.' + sub:18} {item}")
            else:
                print(f"{key:18} {value}")
        if not info["starter_model"]:
            print(paths.STARTER_MODEL_MISSING)
    return 0
