"""User settings, read once from ``config.toml`` into a frozen dataclass.

Settings that shape how input is read (date order, week start) live here so
the CLI and the TUI agree. Targets are *not* here: they are versioned in the
store, so past weeks are judged by the target in force at the time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from netjournal.errors import InputError, StoreError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_ORDERS = ("dmy", "mdy")


@dataclass(frozen=True, slots=True)
class Config:
    """All settings with their defaults (UK-first: day-first dates, Monday weeks)."""

    date_order: str = "dmy"
    week_start: str = "monday"
    backups_keep: int = 14
    conference_hours_per_day: float = 6.0
    default_cadence_days: int = 0
    theme: str = "textual-dark"
    #: The NMC renewal date (ISO), set once; ``netjournal revalidation`` counts to it.
    revalidation_date: str = ""

    @property
    def week_start_index(self) -> int:
        """0 for Monday … 6 for Sunday, as ``date.weekday()`` counts."""
        return WEEKDAYS.index(self.week_start)

    def validated(self) -> Config:
        if self.date_order not in DATE_ORDERS:
            raise InputError(
                f"config: date_order must be one of {', '.join(DATE_ORDERS)}, not {self.date_order!r}"
            )
        if self.week_start not in WEEKDAYS:
            raise InputError(f"config: week_start must be a weekday name, not {self.week_start!r}")
        if not 1 <= self.backups_keep <= 1000:
            raise InputError("config: backups_keep must be between 1 and 1000")
        if not 0 < self.conference_hours_per_day <= 24:
            raise InputError("config: conference_hours_per_day must be between 0 and 24")
        if self.revalidation_date:
            try:
                date.fromisoformat(self.revalidation_date)
            except ValueError:
                raise InputError(
                    "config: revalidation_date must be a date as YYYY-MM-DD, "
                    f"not {self.revalidation_date!r}"
                ) from None
        return self

    @property
    def renewal_date(self) -> date | None:
        """``revalidation_date`` as a date (``None`` until it is set)."""
        return date.fromisoformat(self.revalidation_date) if self.revalidation_date else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file: most commands never need it

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"cannot read config file {path}: {exc}") from exc
    except RecursionError as exc:  # tomllib recurses once per level of nesting
        raise StoreError(f"cannot read config file {path}: values nested too deeply") from exc


def read_table(path: Path, name: str) -> dict[str, Any]:
    """The ``[name]`` table of ``config.toml`` as written (``{}`` when absent).

    For settings of one area that have more shape than a scalar, such as the
    ActivityWatch rules (``[activitywatch]``); the area checks what it reads.
    """
    if not path.exists():
        return {}
    table = _read_toml(path).get(name, {})
    if not isinstance(table, dict):
        raise InputError(f"config {path}: {name} must be a table ([{name}])")
    return table


def load_config(path: Path) -> Config:
    """Read ``path`` if it exists; unknown keys are ignored, bad values are errors."""
    if not path.exists():
        return Config()
    raw = _read_toml(path)
    known = {f.name: f for f in fields(Config)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            continue
        default = getattr(Config(), key)
        if isinstance(default, bool) or not isinstance(value, type(default) | int):
            raise InputError(f"config {path}: {key} has the wrong type ({value!r})")
        values[key] = type(default)(value)
    return Config(**values).validated()


def save_config(path: Path, config: Config) -> None:
    """Write the settings atomically, user-only, keeping keys and tables it does not own.

    ``config set`` must not wipe what the user wrote by hand, such as the
    ``[activitywatch]`` rules or a setting from a newer netjournal.
    """
    import tomli_w

    from netjournal.atomic import atomic_write_bytes

    kept = _read_toml(path) if path.exists() else {}
    document = {**kept, **config.to_dict()}
    atomic_write_bytes(path, tomli_w.dumps(document).encode("utf-8"))


def with_setting(config: Config, key: str, value: str) -> Config:
    """A copy of ``config`` with ``key`` set from its text form (for ``netjournal config set``).

    ``revalidation-date`` and ``revalidation_date`` name the same setting.
    """
    key = setting_name(key)
    known = {f.name for f in fields(Config)}
    if key not in known:
        raise InputError(f"unknown setting {key!r}: use one of {', '.join(sorted(known))}")
    default = getattr(Config(), key)
    try:
        typed: Any = type(default)(value)
    except ValueError as exc:
        raise InputError(f"setting {key} needs a {type(default).__name__}, not {value!r}") from exc
    return replace(config, **{key: typed}).validated()


def setting_name(key: str) -> str:
    """The stored name of a setting typed with dashes (``week-start`` → ``week_start``)."""
    return key.strip().replace("-", "_")
