"""`writer models list|search|download|use`: the models dialog, for scripts and servers."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from typing import TextIO

from writer.models.errors import ModelsError, human_size


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "List, search, download and choose models. Downloads go to the Hugging Face cache; "
        "HF_ENDPOINT, HF_HOME, HF_TOKEN and HF_HUB_OFFLINE are honoured."
    )
    sub = parser.add_subparsers(dest="action", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("list", help="list installed models (the active one marked *)")
    p.add_argument("--catalog", action="store_true", help="also list the curated catalog")
    p = sub.add_parser("search", help="search the Hugging Face Hub for GGUF models")
    p.add_argument("query", help="words to search for, e.g. 'llama 3.2 instruct'")
    p.add_argument("--files", action="store_true",
                   help="also list each result's GGUF files by quantisation (one request each)")
    p.add_argument("--limit", type=int, default=20, help="results to show (default 20)")
    p = sub.add_parser("download", help="download a model file into the Hugging Face cache")
    p.add_argument("repo", help="a repository (ORG/NAME) or a catalog name")
    p.add_argument("file", nargs="?",
                   help="the .gguf file, or a quantisation such as Q4_K_M (default: list them)")
    p.add_argument("--revision", default="main", help="branch, tag or commit (default main)")
    p.add_argument("--use", action="store_true", help="make it the active model when done")
    p = sub.add_parser("use", help="choose the active model")
    p.add_argument("name", help="a name from `writer models list`, or a .gguf path to import")
    p.add_argument("--n-ctx", type=int, default=None, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    action = {"list": _list, "search": _search, "download": _download, "use": _use}[args.action]
    if args.action in ("search", "download"):
        from huggingface_hub.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
    from writer.network import NetworkPolicy
    from writer.settings import Settings

    args.settings = Settings.load()
    args.policy = NetworkPolicy(args.settings)
    try:
        return action(args)
    except ModelsError as exc:
        print(f"writer models {args.action}: {exc}", file=sys.stderr)
        return 1


def _list(args: argparse.Namespace) -> int:
    from writer.models import store

    models = store.installed(args.settings)
    for m in models:
        mark = "*" if m.active else " "
        print(f"{mark} {m.label:<60} {human_size(m.size):>9}  {m.source}")
    if not models:
        print("No models installed. `writer models download REPO FILE` fetches one.")
    if args.catalog:
        from writer.models.catalog import load_catalog

        print("\nCatalog (`writer models download NAME`):")
        have = {m.name for m in models}
        for e in load_catalog():
            state = "installed" if e.filename in have else ""
            print(f"  {e.id:<18} {human_size(e.size):>9}  {e.name:<34} {state}")
    return 0


def _search(args: argparse.Namespace) -> int:
    from writer.models import hub

    hits = hub.search(args.query, policy=args.policy, limit=args.limit)
    if not hits:
        print(f"No GGUF models on the Hub match {args.query!r}.")
        return 0
    for h in hits:
        gated = "  (gated)" if h.gated else ""
        print(f"{h.repo_id:<60} {h.downloads:>10,} downloads{gated}")
        if args.files:
            for v in hub.list_variants(h.repo_id, policy=args.policy).variants:
                size = human_size(v.size) if v.size else "?"
                print(f"    {v.quant:<10} {size:>9}  {v.filename}")
    return 0


def _download(args: argparse.Namespace) -> int:
    from writer.models import download, hub, store
    from writer.models.catalog import find_entry

    repo, wanted, sha = args.repo, args.file, None
    entry = find_entry(repo) if "/" not in repo or wanted is None else None
    if entry is not None and wanted is None:
        from writer.paths import starter_model_path

        if entry.bundled and starter_model_path() is not None:
            print(f"{entry.name} comes with Writer: {starter_model_path()}")
            return 0
        repo, wanted, sha = entry.repo_id, entry.filename, entry.sha256
    files: list[str]
    if wanted and wanted.lower().endswith(".gguf"):
        files = [wanted]
    else:
        listing = hub.list_variants(repo, policy=args.policy, revision=args.revision)
        if not listing.variants:
            print(f"writer models download: {repo} has no GGUF files.", file=sys.stderr)
            return 1
        chosen = [v for v in listing.variants if wanted and v.quant == wanted.upper()]
        if not chosen:
            print(f"{repo} has these GGUF files; name one (or its quantisation):")
            for v in listing.variants:
                size = human_size(v.size) if v.size else "?"
                print(f"  {v.quant:<10} {size:>9}  {v.filename}")
            return 0 if not wanted else 1
        files = [f.filename for f in chosen[0].files]
    path = None
    for name in files:
        bar = TerminalProgress(sys.stderr)
        cancel = threading.Event()
        try:
            path = download.download(repo, name, policy=args.policy, revision=args.revision,
                                     expected_sha256=sha, progress=bar, cancel=cancel)
        except KeyboardInterrupt:
            cancel.set()
            bar.finish()
            print(f"writer models download: stopped; run the same command to continue {name}.",
                  file=sys.stderr)
            return 130
        bar.finish()
        print(path)
    if args.use and path is not None:
        model = store.use(path, args.settings)
        print(f"Active model: {model.label}")
    return 0


def _use(args: argparse.Namespace) -> int:
    from pathlib import Path

    from writer.models import fit, store

    candidate = Path(args.name).expanduser()
    if candidate.suffix.lower() == ".gguf" and candidate.is_file():
        models = store.installed(args.settings)
        if not any(m.path.absolute() == candidate.absolute() for m in models):
            store.import_file(candidate)
    chosen = args.name if not candidate.is_file() else candidate.absolute()
    model = store.use(chosen, args.settings)
    verdict = fit.check_file(model.path, args.settings.n_ctx)
    print(f"Active model: {model.label}")
    print(verdict.sentence)
    return 0


class TerminalProgress:
    """A one-line progress display for a terminal, plain lines every few seconds otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last = 0.0
        self.shown = False

    def __call__(self, p) -> None:
        now = time.monotonic()
        if not self.tty and now - self.last < 5 and p.done < p.total:
            return
        self.last = now
        width = 24
        filled = int(width * p.fraction)
        line = f"{p.filename[:40]} [{'#' * filled}{'.' * (width - filled)}] {p.describe()}"
        if self.tty:
            self.stream.write("\r" + line[:120].ljust(120))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.tty and self.shown:
            self.stream.write("\n")
            self.stream.flush()
