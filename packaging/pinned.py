"""Print the version pyproject.toml pins a dependency to (`name==version`).

pyproject.toml is the one place that says which llama-cpp-python Writer runs; the setup script,
the GPU measurement and anyone building by hand ask this script:

    python3 packaging/pinned.py llama-cpp-python        # prints the version, nothing else
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([A-Za-z0-9.+!-]+)\s*(;.*)?$")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(name: str, pyproject: Path = PYPROJECT) -> str:
    """The version `name` is pinned to in pyproject's dependencies; ValueError if it is not."""
    with pyproject.open("rb") as f:
        dependencies = tomllib.load(f)["project"]["dependencies"]
    for requirement in dependencies:
        found = _PIN.match(requirement)
        if found and _normal(found[1]) == _normal(name):
            return found[2]
    raise ValueError(f"{pyproject} does not pin {name} with '=='")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: pinned.py DISTRIBUTION", file=sys.stderr)
        return 2
    try:
        print(pinned(argv[0]))
    except (OSError, ValueError, KeyError, tomllib.TOMLDecodeError) as exc:
        print(f"pinned.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
