"""Frozen dataclasses that cost nothing to create: the models' shared behaviour, written out.

``@dataclass(frozen=True, slots=True)`` writes each record's ``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__``
as source text and compiles it when the module is imported: 2.5–3.5 ms for
each of the five model classes, about 14 ms that every command and every
start of the app paid before doing anything (bench/FINDINGS.md).

:func:`record` keeps them dataclasses (``fields``, ``replace``, ``asdict``
and ``__match_args__`` work as before) but takes those methods from
:class:`FrozenRecord`, compiled once into the module's bytecode like any
other code; each class writes out its own ``__init__`` (the one method that
must be fast per record: decoding ten years calls it 40,000 times).
``tests/unit/test_records.py`` checks every model against a real frozen
dataclass built from the same fields: signature, values, equality, hash,
repr, immutability, pickling and copying.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

#: Default of an ``__init__`` argument whose field has a ``default_factory``.
FACTORY: Any = type("Factory", (), {"__repr__": lambda self: "<factory>"})()

_COMPARED: dict[type, Callable[[Any], Any]] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}
_ALL: dict[type, tuple[str, ...]] = {}


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """A slotted dataclass whose other methods come from :class:`FrozenRecord`.

    ``cls`` must derive from :class:`FrozenRecord` and define ``__init__``
    (setting every field with ``object.__setattr__``).
    """
    if not issubclass(cls, FrozenRecord) or "__init__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: a record derives from FrozenRecord and has __init__")
    return dataclass(slots=True, init=False, repr=False, eq=False)(cls)


def _compared(cls: type) -> Callable[[Any], Any]:
    """A getter of the fields that take part in ``==`` and ``hash`` (as a tuple)."""
    getter = _COMPARED.get(cls)
    if getter is None:
        names = [f.name for f in fields(cls) if f.compare]
        getter = (
            operator.attrgetter(*names)
            if len(names) > 1
            else lambda obj: tuple(getattr(obj, n) for n in names)
        )
        _COMPARED[cls] = getter
    return getter


class FrozenRecord:
    """What a frozen dataclass generates, for any record class (see the module docstring)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = _compared(self.__class__)
        return bool(compared(self) == compared(other))

    def __hash__(self) -> int:
        return hash(_compared(self.__class__)(self))

    def __repr__(self) -> str:
        cls: type = self.__class__
        shown = _SHOWN.get(cls)
        if shown is None:
            shown = _SHOWN[cls] = tuple(f.name for f in fields(cls) if f.repr)
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{cls.__qualname__}({inner})"

    def __getstate__(self) -> list[Any]:
        return [getattr(self, name) for name in _all_fields(self.__class__)]

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(_all_fields(self.__class__), state, strict=True):
            object.__setattr__(self, name, value)


def _all_fields(cls: type) -> tuple[str, ...]:
    names = _ALL.get(cls)
    if names is None:
        names = _ALL[cls] = tuple(f.name for f in fields(cls))
    return names
