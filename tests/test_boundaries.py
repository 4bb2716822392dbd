"""The boundaries between the generation rules and the backends that follow them, read from the
source: writer.generation is neutral (no llama.cpp, no Qt, no backend), the server backend uses
nothing of the llama.cpp one, the engine's modules import each other without a cycle, and no
module imports another's private name."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PRODUCT = ROOT / "writer"
QT = ("PySide6", "shiboken6", "writer.ui", "writer.assist", "writer.worker", "writer.app")



def without_llama_and_qt(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter where importing llama_cpp or Qt fails."""
    prelude = (
        "import sys\n"
        "for blocked in ('llama_cpp', 'PySide6', 'shiboken6'):\n"
        "    sys.modules[blocked] = None\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=ROOT, capture_output=True, text=True,
        timeout=60,
    )

def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions too); for
    `from package import name`, also package.name when that is a module of the product."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            for alias in node.names:
                sub = ROOT.joinpath(*node.module.split("."), alias.name)
                if sub.with_suffix(".py").exists() or (sub / "__init__.py").exists():
                    found.add(f"{node.module}.{alias.name}")
    return found


def files_of(package: str) -> list[Path]:
    """The files of a package of the product (or the one file, for a module)."""
    path = PRODUCT / package
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_the_generation_rules_import_no_backend_no_llama_cpp_and_no_qt() -> None:
    forbidden = ("llama_cpp", "writer.engine", "writer.remote", "writer.bench", *QT)
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imports_of(path) if under(m, forbidden))
        for path in files_of("generation")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 10  # the scan saw the package


def test_the_server_backend_imports_nothing_of_the_llama_cpp_backend() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imports_of(path) if under(m, ("writer.engine", "llama_cpp", *QT))
        )
        for path in files_of("remote")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert "writer.generation.rules" in imports_of(PRODUCT / "remote" / "backend.py")


def test_the_generation_rules_load_without_llama_cpp_or_qt() -> None:
    """Every module of writer.generation imports in a Python where llama_cpp and Qt cannot be
    imported, and brings in neither backend."""
    names = [module_name(path) for path in files_of("generation")]
    result = without_llama_and_qt(
        "import importlib\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.startswith(('writer.engine', 'writer.remote'))]\n"
        "assert not loaded, loaded\n"
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("packages", "edge"),
    [
        (("engine", "generation"), ("writer.engine.engine", "writer.engine.alternatives")),
        (("remote", "generation"), ("writer.remote.backend", "writer.generation.rules")),
    ],
)
def test_the_backends_modules_import_each_other_without_a_cycle(
    packages: tuple[str, ...], edge: tuple[str, str]
) -> None:
    """The algorithms (beams, draft-and-verify) take the cache and runtime: the engine imports
    them, never the other way round."""
    graph: dict[str, set[str]] = {}
    for package in packages:
        for path in files_of(package):
            graph[module_name(path)] = set()
    for package in packages:
        for path in files_of(package):
            graph[module_name(path)] = {m for m in imports_of(path) if m in graph}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []
    assert edge[1] in graph[edge[0]]  # the scan sees the imports


def test_the_project_memory_is_plain_python() -> None:
    """writer.project (notes, lore, index, memory) imports no Qt, no llama.cpp and no backend,
    and loads in a Python where Qt and llama_cpp cannot be imported."""
    forbidden = ("llama_cpp", "writer.engine", "writer.remote", "writer.bench", *QT)
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imports_of(path) if under(m, forbidden))
        for path in files_of("project")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 6
    result = without_llama_and_qt("import writer.project\n")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "package", ["generation", "engine", "remote", "bench", "project", "cli.py"]
)
def test_no_module_imports_a_private_name(package: str) -> None:
    offenders = []
    for path in files_of(package):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("writer"):
                offenders += [
                    f"{path.relative_to(ROOT)}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                ]
    assert offenders == []


def test_the_editors_methods_are_called_typed_never_reached_by_getattr() -> None:
    """The window reached the app's editor's `drop_pastes`, `land_pastes` and `fit_wrap_for`
    through `getattr` (the document manager and Local History take any QPlainTextEdit): they
    go through the editor module's typed calls (`replacing_text`, `land_pastes`). (The bench
    may: it runs against older trees that lack a method.)"""
    tree = ast.parse((PRODUCT / "ui" / "editor.py").read_text(encoding="utf-8"))
    editor = next(node for node in tree.body
                  if isinstance(node, ast.ClassDef) and node.name == "Editor")  # fmt: skip
    methods = {node.name for node in editor.body if isinstance(node, ast.FunctionDef)}
    assert {"drop_pastes", "land_pastes", "fit_wrap_for"} <= methods
    assert _reached_by_getattr(methods) == []


def test_the_editors_attributes_are_reached_typed_never_by_getattr() -> None:
    """The section commands, the word count, the find bar, Local History and the table keys
    reached the editor's `markdown` (its highlighting), `surface` and `escaped` through
    `getattr` with a default, as if any QPlainTextEdit could come: they take the Editor and
    read them as its attributes."""
    tree = ast.parse((PRODUCT / "ui" / "editor.py").read_text(encoding="utf-8"))
    editor = next(node for node in tree.body
                  if isinstance(node, ast.ClassDef) and node.name == "Editor")  # fmt: skip
    names = {target.id for node in editor.body if isinstance(node, ast.Assign)
             for target in node.targets if isinstance(target, ast.Name)}  # fmt: skip
    for node in ast.walk(editor):
        if isinstance(node, ast.Attribute | ast.AnnAssign) and isinstance(
                getattr(node, "target", node), ast.Attribute):  # fmt: skip
            target = getattr(node, "target", node)
            if isinstance(target.value, ast.Name) and target.value.id == "self":
                names.add(target.attr)
    attributes = {"markdown", "surface", "escaped"}
    assert attributes <= names
    assert _reached_by_getattr(attributes) == []


def _reached_by_getattr(names: set[str]) -> list[str]:
    """Where the product (the bench aside: it runs against older trees) reaches one of `names`
    through `getattr` or `hasattr` with the name written out: "file:line name" each."""
    reached = []
    for path in sorted(PRODUCT.rglob("*.py")):
        if "bench" in path.relative_to(PRODUCT).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("getattr", "hasattr") and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant)
                    and node.args[1].value in names):  # fmt: skip
                reached.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.args[1].value}")
    return reached
