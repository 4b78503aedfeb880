"""The layers import inward only, and only the facade calls hooks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "branchkit"

# Inner layers first; a module may import its own layer and the layers before it.
LAYERS = (
    "records",
    "mechanisms",
    "framework",
    "io",
    "ledger",
    "plugins",
    "report",
    "cli",
    "testing",
)
# Modules every layer may import.
SHARED = {"branchkit.errors", "branchkit._version"}
# Modules outside the layers' packages, by the layer they belong to: pytest finds its plugin
# by a module name of its own.
STANDALONE = {"pytest_plugin": "testing"}


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) > 1:
        layer = STANDALONE.get(parts[1], parts[1])
        if layer in LAYERS:
            return LAYERS.index(layer)
    return None


def imports_of(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return [name for name in found if name == "branchkit" or name.startswith("branchkit.")]


MODULES = sorted(
    path
    for path in SOURCE.rglob("*.py")
    if layer_of("branchkit." + ".".join(path.relative_to(SOURCE).with_suffix("").parts)) is not None
)


def test_every_layer_has_modules() -> None:
    tops = {path.relative_to(SOURCE).with_suffix("").parts[0] for path in MODULES}
    layers = {STANDALONE.get(top, top) for top in tops}
    assert layers == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_layers_import_inward_only(path: Path) -> None:
    module = "branchkit." + ".".join(path.relative_to(SOURCE).with_suffix("").parts)
    own = layer_of(module)
    assert own is not None
    for imported in imports_of(path):
        if imported in SHARED:
            continue
        assert imported != "branchkit", f"{module} imports the whole package"
        target = layer_of(imported)
        assert target is not None, f"{module} imports {imported}, which is in no layer"
        assert target <= own, f"{module} ({LAYERS[own]}) imports {imported} ({LAYERS[target]})"


def touches_hook_relay(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.Attribute) and node.attr == "hook" for node in ast.walk(tree))


def test_only_the_facade_touches_the_hook_relay() -> None:
    callers = sorted(
        str(path.relative_to(SOURCE)) for path in SOURCE.rglob("*.py") if touches_hook_relay(path)
    )
    assert callers == ["plugins/host.py"]
