"""One way to say each thing (issue 15, point 2): the NMC figures and the domain's imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import netjournal

ROOT = Path(netjournal.__file__).parent


def _sources() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted(ROOT.rglob("*.py"))
    }


def test_the_nmc_figures_are_written_only_in_domain_cpd() -> None:
    """35 h, 20 participatory hours and 5 reflective accounts come from the constants."""
    figures = re.compile(r"\b(35|20) \* 60\b|\b(2100|1200)\b|\b(35|20) (h|hours)\b")
    found = [
        f"{name}:{n}"
        for name, source in _sources().items()
        if name != "domain/cpd.py"
        for n, line in enumerate(source.splitlines(), 1)
        if figures.search(line)
    ]
    assert found == []


def _domain_imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, source in _sources().items():
        if not name.startswith("domain/"):
            continue
        module = "netjournal." + name.removesuffix(".py").replace("/", ".")
        graph[module] = {
            node.module
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("netjournal.domain.")
        }
    return graph


def test_the_domain_modules_import_each_other_without_a_circle() -> None:
    graph = _domain_imports()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for imported in graph.get(module, ()):
            visit(imported, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())
