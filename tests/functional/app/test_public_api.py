"""The app uses Textual (and Rich, and every other library) through public names only.

A private name (``_x``) of a library may change in any release, which is why
Textual is pinned to the tested version *and* the app must not lean on its
internals: a pin can be lifted, private code cannot be upgraded. Three checks
over ``netjournal/tui``, by reading the source (no app is run):

* no import of a private module (``textual._types``, ``textual.widgets._data_table``)
  or of a private name from a library module;
* no ``x._name`` where ``_name`` is something our package never defines: a
  private name we do not define can only be a library's;
* no class of ours defines a private name (method, class attribute or
  ``self._x``) that one of its library base classes already has: that
  overrides, or silently clobbers, the library's internals (``_render_cell``,
  ``_on_click``).
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import inspect
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "netjournal"
TUI = PACKAGE / "tui"
OWN = "netjournal"


def is_private(name: str) -> bool:
    return (
        name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))
    )


def tui_files() -> list[Path]:
    return sorted(TUI.rglob("*.py"))


def shown(path: Path) -> str:
    return (
        str(path.relative_to(PACKAGE.parent)) if path.is_relative_to(PACKAGE.parent) else path.name
    )


def where(path: Path, node: ast.AST) -> str:
    return f"{shown(path)}:{getattr(node, 'lineno', '?')}"


def private_names_defined(tree: ast.AST) -> set[str]:
    """Private names a piece of source defines: functions, classes, assigned names and attributes."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = node.name
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            name = node.id
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            name = node.attr
        else:
            continue
        if is_private(name):
            names.add(name)
    return names


@cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@cache
def own_private_names() -> frozenset[str]:
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        names |= private_names_defined(parsed(path))
    return frozenset(names)


def private_imports(path: Path) -> Iterator[str]:
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] != OWN and any(is_private(p) for p in parts):
                    yield f"{where(path, node)} import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] == OWN:
                continue
            if any(is_private(p) for p in parts):
                yield f"{where(path, node)} from {node.module} import ..."
            for alias in node.names:
                if is_private(alias.name):
                    yield f"{where(path, node)} from {node.module} import {alias.name}"


def foreign_private_attributes(path: Path) -> Iterator[str]:
    own = own_private_names()
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Attribute) and is_private(node.attr) and node.attr not in own:
            yield f"{where(path, node)} .{node.attr}"


@cache
def class_private_names(cls: type) -> frozenset[str]:
    """Private names ``cls``'s own body defines (methods, class attributes, ``self._x``).

    Cached: every widget of ours shares the same few library bases, and each
    base's module (``textual/widget.py`` is thousands of lines) would
    otherwise be walked again for every class that derives from it.
    """
    try:
        source = Path(inspect.getsourcefile(cls) or "")
    except TypeError:  # a built-in class
        return frozenset()
    if not source.is_file():
        return frozenset()
    names: set[str] = set()
    for node in class_definitions(source).get(cls.__name__, []):
        names |= private_names_defined(ast.Module(body=node.body, type_ignores=[]))
    return frozenset(names)


@cache
def class_definitions(source: Path) -> dict[str, list[ast.ClassDef]]:
    """Every class statement in ``source``, by name (walked once per file)."""
    found: dict[str, list[ast.ClassDef]] = {}
    for node in ast.walk(parsed(source)):
        if isinstance(node, ast.ClassDef):
            found.setdefault(node.name, []).append(node)
    return found


def library_bases(cls: type) -> list[type]:
    return [
        base
        for base in cls.__mro__[1:]
        if not base.__module__.startswith(OWN) and base.__module__ != "builtins"
    ]


def private_overrides(path: Path) -> Iterator[str]:
    module_name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    module_name = module_name.removesuffix(".__init__")
    module = importlib.import_module(module_name)
    for _, cls in inspect.getmembers(module, inspect.isclass):
        if cls.__module__ != module_name:
            continue
        bases = library_bases(cls)
        if not bases:
            continue
        theirs: set[str] = set()
        for base in bases:
            theirs |= {name for name in vars(base) if is_private(name)}
            theirs |= class_private_names(base)
        for name in sorted(class_private_names(cls) & theirs):
            yield f"{shown(path)} {cls.__name__}.{name}"


def test_no_private_module_or_name_is_imported_from_a_library() -> None:
    found = [hit for path in tui_files() for hit in private_imports(path)]
    assert found == []


def test_no_private_attribute_of_a_library_object_is_used() -> None:
    found = [hit for path in tui_files() for hit in foreign_private_attributes(path)]
    assert found == []


def test_no_class_overrides_a_private_member_of_its_library_base() -> None:
    found = [hit for path in tui_files() for hit in private_overrides(path)]
    assert found == []


def test_the_checks_see_what_they_are_meant_to_see(tmp_path: Path) -> None:
    """The scan itself: a private import, a library's private attribute, an override."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from textual._types import SegmentLines\n"
        "from textual.widgets._data_table import default_cell_formatter\n"
        "from rich.text import _is_single_cell_widths\n"
        "import textual._compositor\n"
        "class T:\n"
        "    def f(self):\n"
        "        self._netjournal_own = 1\n"
        "        return self._data, self._netjournal_own\n",
        encoding="utf-8",
    )
    assert len(list(private_imports(sample))) == 4
    attributes = list(foreign_private_attributes(sample))
    # ``_netjournal_own`` is assigned right here, but only names of the package count.
    assert {hit.rsplit(" ", 1)[1] for hit in attributes} == {"._data", "._netjournal_own"}

    from textual.widget import Widget

    assert "_on_click" in class_private_names(Widget)
    assert Widget in library_bases(type("Sub", (Widget,), {}))


def test_textual_is_pinned_to_the_version_the_suite_runs_with() -> None:
    """The app's dependencies name one Textual (and textual-plotext) release: the tested one."""
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {}
    for requirement in pyproject["project"]["dependencies"]:
        name, _, version = requirement.partition("==")
        pins[name.strip()] = version.strip()
    for name in ("textual", "textual-plotext"):
        assert pins.get(name), f"{name} is not pinned to one version in pyproject.toml"
        assert pins[name] == importlib.metadata.version(name)
