"""`writer models ...` (filled in by the models issue)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "List, search, download and choose models."


def run(args: argparse.Namespace) -> int:
    print("writer models: not available yet", file=sys.stderr)
    return 1
