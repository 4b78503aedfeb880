"""Fake plugin distributions on disk, found by importlib.metadata like installed ones."""

from __future__ import annotations

import textwrap
from pathlib import Path


def make_distribution(
    root: Path,
    name: str,
    version: str,
    *,
    entry_points: dict[str, str],
    modules: dict[str, str],
) -> Path:
    """Write a distribution ``name`` with ``branchkit`` entry points and modules under ``root``.

    :param root: a folder to put on ``sys.path`` (or ``PYTHONPATH``).
    :param entry_points: entry-point name to module name.
    :param modules: module name to source text.
    """
    dist_info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = ["[branchkit]", *(f"{ep} = {module}" for ep, module in entry_points.items())]
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for module, source in modules.items():
        (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return root


BROKEN = """
raise ImportError("this plugin needs a package that is not installed")
"""

MISSPELLED = """
from branchkit import hookimpl

@hookimpl
def branchkit_framworks():
    return []
"""

CONFLICTING = """
from branchkit import Area, Framework, Label, Practice, hookimpl

@hookimpl
def branchkit_frameworks():
    practice = Practice(key="only", label=Label(zh="唯一", en="only"))
    area = Area(key="area", label=Label(zh="领域", en="area"),
                approach=Label(zh="做法", en="approach"), practices=(practice,))
    return [Framework(key="cqfe", label=Label(zh="冒名", en="impostor"),
                      organisation=Label(zh="学院", en="college"), areas=(area,))]
"""

EXTRA_TERM = """
from branchkit import Label, Term, hookimpl

@hookimpl
def branchkit_terms():
    return [Term(vocabulary="role", key="tutor", label=Label(zh="辅导员", en="tutor"))]
"""
