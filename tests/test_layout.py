"""The package map holds: imports go one way (lazy ones too), and no module grows past 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "shim"

#: Lower layers never import higher ones. Modules of one layer may import each other.
LAYERS = [
    {"shim.errors", "shim.document", "shim.safeio", "shim.cache", "shim.pyyaml", "shim.memo"},
    {"shim.language"},
    {"shim.workspace"},
    {"shim.docx"},
    {"shim.checks"},
    {"shim.rendering"},
    {"shim.web"},
    {"shim.cli", "shim.prepare", "shim"},
]


def layer_of(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        for prefix in layer:
            if module == prefix or (prefix != "shim" and module.startswith(prefix + ".")):
                return i
    raise AssertionError(f"{module} is in no layer of the package map")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p) for p in SRC.rglob("*.py")}


def shim_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("shim"):
            for alias in node.names:  # `from shim.cli import facts` imports a module
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("shim")}
    return found


def test_imports_go_one_way() -> None:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        name = module_name(path)
        for imported in shim_imports(path):
            if imported != "shim" and layer_of(imported) > layer_of(name):
                wrong.append(f"{name} imports {imported}")
    assert wrong == []


def test_no_module_cycles() -> None:
    graph = {module_name(p): shim_imports(p) - {"shim"} for p in SRC.rglob("*.py")}
    seen: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])
    assert cycles == []


def test_no_module_over_400_lines() -> None:
    long = {
        module_name(p): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_command_annotations_are_objects_not_strings() -> None:
    """Typer reads every command's annotations at each start; as strings (PEP 563) each
    is compiled and evaluated again: `shim serve`'s alone cost 1.5 ms."""
    postponed = [
        p.name
        for p in sorted((SRC / "cli").glob("*.py"))
        if "from __future__ import annotations" in p.read_text(encoding="utf-8")
    ]
    assert postponed == []
