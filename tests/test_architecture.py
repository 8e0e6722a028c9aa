"""The package's layers, read from its own import statements: no circle, nothing imported from a higher layer.

    model  <-  store  <-  derive  <-  record  <-  extract / interop / publish  <-  cli

A module may import its own layer and the ones to its left. `plugins`/`hookspecs` (the plugin manager) sit
with the model; `connect` (the composition root) with record; the lazy top-level `tracker` API above all.
"""

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "tracker"
RANKS = {"model": 0, "hookspecs": 0, "plugins": 0, "store": 1, "derive": 2, "record": 3, "connect": 3,
         "extract": 4, "interop": 4, "publish": 4, "cli": 5, "__main__": 6, "": 7}
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path):
    """Every tracker module a module imports, at any depth of its body (lazy imports count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "tracker"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "tracker":
                continue
            known = modules()
            for alias in node.names:  # "from . import history" imports a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
    return found


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_module_imports_a_higher_layer():
    upward = []
    for name, path in modules().items():
        for target in imports_of(name, path):
            if RANKS[layer(target)] > RANKS[layer(name)]:
                upward.append(f"{name} imports {target}")
    assert upward == []


def test_no_import_circle():
    known = modules()
    graph = {name: {t for t in imports_of(name, path) if t in known and t != name} for name, path in known.items()}
    graph.pop("tracker")  # the lazy public API names everything on purpose and nothing imports it back
    for edges in graph.values():
        edges.discard("tracker")
    circles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in graph.get(node, ()):
            if state.get(nxt) == "open":
                circles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_every_module_belongs_to_a_layer():
    assert {layer(name) for name in modules()} <= set(RANKS)


def test_modules_and_classes_stay_small():
    too_big = []
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_big.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                too_big.append(f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert too_big == []


def test_the_checker_sees_an_upward_import(tmp_path):
    """The rule can fail: a store module that imported derive would be reported."""
    fake = PACKAGE / "store" / "views.py"
    found = imports_of("tracker.store.views", fake)
    assert all(RANKS[layer(t)] <= RANKS["store"] for t in found)
    probe = tmp_path / "probe.py"
    probe.write_text("from ..derive import history\n")
    assert "tracker.derive.history" in imports_of("tracker.store.probe", probe)
