"""What Writer imports is what pyproject.toml declares: every third-party module the product
imports (at the top of a module or lazily inside a function) comes from a declared dependency,
every one the tests import from a dependency or the test extras; the llama.cpp version is written
once; the package says it is typed."""

from __future__ import annotations

import ast
import functools
import importlib.metadata as metadata
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)(;.*)?$")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement(text: str) -> tuple[str, list[tuple[str, str]]]:
    """'numpy>=1.23,<3' -> ('numpy', [('>=', '1.23'), ('<', '3')])."""
    found = _REQUIREMENT.match(text)
    assert found, text
    specs = [re.match(r"\s*(==|!=|>=|<=|~=|>|<)\s*(\S+)\s*$", part) for part in
             found[3].split(",") if part.strip()]  # fmt: skip
    assert all(specs), text
    return normal(found[1]), [(s[1], s[2]) for s in specs]


def version(text: str) -> tuple[int, ...]:
    """The release numbers of a version ('6.8.0.2' -> (6, 8, 0, 2)), padded for comparison."""
    numbers = [int(n) for n in re.match(r"[0-9]+(?:\.[0-9]+)*", text)[0].split(".")]
    return tuple(numbers + [0] * (4 - len(numbers)))


def satisfies(installed: str, specs: list[tuple[str, str]]) -> bool:
    have = version(installed)
    checks = {
        "==": lambda want: have == want, "!=": lambda want: have != want,
        ">=": lambda want: have >= want, "<=": lambda want: have <= want,
        ">": lambda want: have > want, "<": lambda want: have < want,
        "~=": lambda want: have >= want,
    }  # fmt: skip
    return all(checks[op](version(v)) for op, v in specs)


def declared(*extras: str) -> set[str]:
    names = {requirement(r)[0] for r in PROJECT["dependencies"]}
    for extra in extras:
        for r in PROJECT["optional-dependencies"][extra]:
            name, _ = requirement(r)
            if name == "writer":  # writer[server] inside the test extra
                inner = re.search(r"\[([^\]]*)\]", r)[1].split(",")
                names |= declared(*(e.strip() for e in inner))
            else:
                names.add(name)
    return names


def imports(folder: Path) -> dict[str, list[str]]:
    """Dotted module -> where it is imported, for every absolute import anywhere in a module."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                found[module].append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@functools.cache
def _owners(top: str) -> frozenset[str]:
    """The installed distributions holding a top-level module."""
    return frozenset(normal(d) for d in metadata.packages_distributions().get(top, []))


@functools.cache
def _holders(top: str, sub: str) -> frozenset[str]:
    """Which of top's distributions hold top.sub (PySide6's modules come in two)."""
    held = set()
    for dist in _owners(top):
        files = metadata.distribution(dist).files or []
        if any(f.parts[:1] == (top,) and len(f.parts) > 1 and f.parts[1].split(".")[0] == sub
               for f in files):  # fmt: skip
            held.add(dist)
    return frozenset(held)


def undeclared(folder: Path, allowed: set[str], local: set[str]) -> list[str]:
    problems = []
    for module, where in sorted(imports(folder).items()):
        top, *rest = module.split(".")
        if top in sys.stdlib_module_names or top in local or top == "__future__":
            continue
        dists = (len(_owners(top)) > 1 and rest and _holders(top, rest[0])) or _owners(top)
        if not dists:
            problems.append(f"{module} ({where[0]}) comes from no installed distribution")
        elif not dists & allowed:
            problems.append(f"{module} ({where[0]}) comes from {sorted(dists)}, not declared")
    return problems


def test_the_product_imports_only_declared_dependencies() -> None:
    """writer/ (the bench included) against [project] dependencies alone."""
    problems = undeclared(ROOT / "writer", declared(), {"writer"})
    assert not problems, "\n".join(problems)


def test_the_tests_import_only_declared_test_tools() -> None:
    local = {p.stem for p in (ROOT / "tests").glob("*.py")} | {"tests", "writer"}
    problems = undeclared(ROOT / "tests", declared("test"), local)
    assert not problems, "\n".join(problems)


def test_the_scan_sees_lazy_imports() -> None:
    """An import inside a function counts: models/download.py imports filelock only there."""
    found = imports(ROOT / "writer")
    assert any(w.startswith("writer/models/download.py") for w in found["filelock"])


def test_the_bench_needs_only_the_server_extra_beyond_the_app() -> None:
    """`writer bench` runs llama-cpp-python's server in its remote section: the server's own
    requirements are Writer's `server` extra (part of `test`), and only the bench uses it."""
    users = {w.split(":")[0] for w in imports(ROOT / "writer").get("llama_cpp.server", [])}
    assert users
    assert all(u.startswith("writer/bench/") for u in users), users
    theirs = {
        requirement(r.split(";")[0])[0]
        for r in metadata.requires("llama-cpp-python") or []
        if re.search(r"""extra\s*==\s*["']server["']""", r)
    }
    assert theirs, "llama-cpp-python lists no 'server' extra"
    assert theirs <= declared("server"), theirs - declared("server")
    assert "writer[server]" in PROJECT["optional-dependencies"]["test"]


def test_every_installed_dependency_is_one_pyproject_accepts() -> None:
    for text in PROJECT["dependencies"]:
        name, specs = requirement(text)
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{name} is declared but not installed: run packaging/setup.sh")
        assert satisfies(installed, specs), f"{name} {installed} is outside {text!r}"


def test_the_hub_floor_is_the_first_release_on_httpx2() -> None:
    """Writer streams downloads through huggingface_hub's session and catches httpx2's errors;
    hub 1.x's session is an httpx client, whose errors would go unexplained."""
    (hub,) = [requirement(r) for r in PROJECT["dependencies"] if requirement(r)[0] ==
              "huggingface-hub"]  # fmt: skip
    floors = [version(v) for op, v in hub[1] if op in (">=", "==", "~=", ">")]
    assert floors, hub
    assert max(floors) >= version("2.0"), hub
    assert not satisfies("1.33.0", hub[1])
    hub_needs = {requirement(r.split(";")[0])[0] for r in metadata.requires("huggingface-hub")}
    assert "httpx2" in hub_needs
    assert "httpx2" in declared()


def test_llama_cpp_python_is_pinned_in_one_place() -> None:
    pins = [r for r in PROJECT["dependencies"] if requirement(r)[0] == "llama-cpp-python"]
    assert len(pins) == 1
    name, specs = requirement(pins[0])
    assert [op for op, _ in specs] == ["=="], f"pyproject must pin llama.cpp with ==: {pins[0]}"
    pinned = specs[0][1]
    printed = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "pinned.py"), "llama-cpp-python"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert printed == pinned
    assert metadata.version("llama-cpp-python") == pinned
    assert "packaging/pinned.py\" llama-cpp-python" in (
        ROOT / "packaging" / "setup.sh").read_text(encoding="utf-8")
    literal = re.compile(r"(?<![\d.])" + re.escape(pinned) + r"(?![\d])")
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    if tracked.returncode != 0:
        pytest.skip(f"the version is looked for in git's files, and git answered: {tracked.stderr}")
    elsewhere = []
    for rel in tracked.stdout.splitlines():
        path = ROOT / rel
        if rel == "pyproject.toml" or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if literal.search(text):
            elsewhere.append(rel)
    assert not elsewhere, f"llama-cpp-python {pinned} is also written in {elsewhere}"


def test_the_package_says_it_is_typed() -> None:
    assert (ROOT / "writer" / "py.typed").is_file()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["writer"]
