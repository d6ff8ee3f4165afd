"""The app's stylesheet as Textual parsed it, kept between starts.

Textual parses ``app.tcss`` and every widget's ``DEFAULT_CSS`` from text on
every start: tokenising, substituting the theme's variables and building the
rule sets is 25–45 ms of the Today screen's first frame here, the largest
single piece of it (see "First frame" in docs/architecture-tui.md). The text
rarely changes, so, like Python's ``__pycache__``, the parsed rule sets are
kept in ``<data dir>/cache/textual-css/`` and loaded (~3 ms) instead.

When an entry is used, and why a stale one is never used:

* A file holds one theme's entries. It records what they were parsed under
  (the theme's CSS variables, the Python version, this format, and the
  identity, size and modification time, of the Textual modules that define
  the parser and the rule objects) and is used only if that is exactly what
  this start has; its name is a checksum of the same. Another theme, or an
  upgraded Textual, is another file.
* Inside, one entry per CSS source (a file or a widget class), stored with
  the source's text: an edited ``app.tcss`` or a widget with new default CSS
  is parsed again, and its entry replaced.
* Only CSS that parsed without errors is kept; a damaged, foreign or
  unreadable file is a miss, never an error (the CSS is simply parsed).
* Entries are pickles. Loading one runs no code but Textual's and Rich's own
  classes: the unpickler refuses every other global (see
  :class:`_RulesUnpickler`). The folder is user-only (0700) like the rest of
  the data directory, and a file that is not the user's own, or that others
  may write, is ignored: the same trust as a ``__pycache__`` folder.

New entries are written when the app stops (:meth:`ParsedCssCache.save`),
to a temporary name and renamed. At most :data:`KEEP_FILES` theme files are
kept. Deleting the folder at any time only costs the next start a parse.
"""

from __future__ import annotations

import enum
import functools
import importlib
import io
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netjournal.paths import ensure_cache_dir, replace_private_file

if TYPE_CHECKING:
    from textual.css.model import RuleSet
    from textual.css.types import CSSLocation

#: Bumped when the layout of a cache file changes: older files are misses.
FORMAT = 1
#: Theme files kept; older ones are removed when a new one is written.
KEEP_FILES = 4
#: The cache's folder under ``<data dir>/cache/``.
FOLDER = "textual-css"

#: (where the CSS was read from, default CSS?, tie breaker, scope): one CSS source.
SourceKey = tuple["CSSLocation", bool, int, str]

#: Modules an entry may import while it loads (others must be imported already).
_IMPORTABLE = ("textual.css.", "textual.layouts.")

#: Textual modules whose change (an upgrade) makes every entry stale: the
#: parser and the classes a rule set is made of.
_TEXTUAL_MODULES = (
    "__init__.py",
    "color.py",
    "geometry.py",
    "css/model.py",
    "css/parse.py",
    "css/scalar.py",
    "css/styles.py",
    "css/tokenize.py",
    "css/_styles_builder.py",
)


class ParsedCssCache:
    """Rule sets per CSS source and theme, loaded from and saved to one folder."""

    def __init__(self, cache_root: Path) -> None:
        self.cache_root = cache_root
        self.folder = cache_root / FOLDER
        #: Per key (see :meth:`_key`): {source: (CSS text, pickled rules)} as loaded or added.
        self._files: dict[str, dict[SourceKey, tuple[str, bytes]]] = {}
        self._dirty: set[str] = set()
        self._keyed: tuple[dict[str, str], str] | None = None
        self._textual_stamp: str | None = None

    def get(self, variables: dict[str, str], css: str, source: SourceKey) -> list[RuleSet] | None:
        """The rule sets of ``css`` read from ``source`` under ``variables``, if kept."""
        entries = self._entries(variables)
        found = entries.get(source)
        if found is None or found[0] != css:
            return None
        try:
            rules = _RulesUnpickler(io.BytesIO(found[1])).load()
        except Exception:  # a damaged or foreign entry is a miss, never an error
            rules = None
        if not _is_rule_list(rules):
            del entries[source]
            self._dirty.add(self._key(variables))
            return None
        return rules  # type: ignore[no-any-return]

    def put(
        self, variables: dict[str, str], css: str, source: SourceKey, rules: list[RuleSet]
    ) -> None:
        """Keep ``rules``, parsed from ``css``, for the next start (written by :meth:`save`)."""
        try:
            blob = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # something Textual put in a rule that does not pickle
            return
        self._entries(variables)[source] = (css, blob)
        self._dirty.add(self._key(variables))

    def save(self) -> None:
        """Write the files that gained or lost entries; keep the newest :data:`KEEP_FILES`.

        Gives up quietly on any OS error: a read-only or full disk makes the
        cache useless, not the app.
        """
        if not self._dirty:
            return
        try:
            ensure_cache_dir(self.cache_root, self.folder)
            for key in sorted(self._dirty):
                payload = {"format": FORMAT, "key": key, "entries": self._files[key]}
                replace_private_file(self.folder / _file_name(key), pickle.dumps(payload))
            self._dirty.clear()
            kept = sorted(
                self.folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True
            )
            for old in kept[KEEP_FILES:]:
                old.unlink(missing_ok=True)
        except OSError:
            return

    # -- files -------------------------------------------------------------------

    def _entries(self, variables: dict[str, str]) -> dict[SourceKey, tuple[str, bytes]]:
        key = self._key(variables)
        entries = self._files.get(key)
        if entries is None:
            entries = self._files[key] = self._load(self.folder / _file_name(key), key)
        return entries

    def _key(self, variables: dict[str, str]) -> str:
        """What a theme's entries depend on, in full (memoised: Textual keeps one variables dict).

        The file holding them is named by a checksum of this text (see
        :func:`_file_name`) and holds the text itself, so two keys with one
        checksum share a file name but never each other's entries.
        """
        if self._keyed is not None and self._keyed[0] is variables:
            return self._keyed[1]
        key = "\0".join(
            [str(FORMAT), sys.version, self._textual()]
            + [f"{name}={variables[name]}" for name in sorted(variables)]
        )
        self._keyed = (variables, key)
        return key

    def _textual(self) -> str:
        """Size and modification time of Textual's parser and rule modules."""
        if self._textual_stamp is None:
            import textual

            base = Path(textual.__file__).parent
            parts = []
            for module in _TEXTUAL_MODULES:
                try:
                    st = (base / module).stat()
                except OSError:
                    parts.append(f"{module}:-")
                else:
                    parts.append(f"{module}:{st.st_size}:{st.st_mtime_ns}")
            self._textual_stamp = ";".join(parts)
        return self._textual_stamp

    @staticmethod
    def _load(path: Path, key: str) -> dict[SourceKey, tuple[str, bytes]]:
        """A file's entries, or none if it is missing, damaged, foreign or not safely ours."""
        try:
            with path.open("rb") as fh:
                st = os.fstat(fh.fileno())
                if not _private(st):
                    return {}
                payload = _RulesUnpickler(fh).load()
        except Exception:  # missing, unreadable or not a cache file: a miss
            return {}
        if (
            not isinstance(payload, dict)
            or payload.get("format") != FORMAT
            or payload.get("key") != key
        ):
            return {}
        entries = payload.get("entries")
        if not isinstance(entries, dict):
            return {}
        return {
            key: value
            for key, value in entries.items()
            if isinstance(value, tuple)
            and len(value) == 2
            and isinstance(value[0], str)
            and isinstance(value[1], bytes)
        }


def _file_name(key: str) -> str:
    """A theme file's name: a checksum of its key (no hashlib: importing it costs more than a load)."""
    return f"{zlib.crc32(key.encode()):08x}.pickle"


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (where the platform says)."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and st.st_uid != getuid():
        return False
    return not st.st_mode & 0o022


def _is_rule_list(value: object) -> bool:
    from textual.css.model import RuleSet

    return isinstance(value, list) and all(isinstance(rule, RuleSet) for rule in value)


def _member(owner: object, name: object) -> object:
    """``getattr`` as a rule set's pickle uses it, and for nothing else.

    Enum members (``Unit.CELLS``) and a style's bound ``dict.get`` and
    ``dict.__contains__`` (Textual's ``Styles`` keeps ``get_rule =
    self._rules.get`` and ``has_rule = self._rules.__contains__``).
    """
    if isinstance(name, str):
        if isinstance(owner, type) and issubclass(owner, enum.Enum) and not name.startswith("_"):
            return getattr(owner, name)
        if type(owner) is dict and name in ("get", "__contains__"):
            return getattr(owner, name)
    raise pickle.UnpicklingError(f"refused attribute {name!r} of {type(owner).__name__}")


class _RulesUnpickler(pickle.Unpickler):
    """An unpickler that builds only Textual's and Rich's own classes and functions.

    A rule set pickles as Textual classes (rules, selectors, scalars,
    colours, layouts), Rich styles, ``functools.partial`` over the selector
    checks of ``textual.css`` and ``getattr`` for enum members and a
    style's ``dict.get`` and ``dict.__contains__``. Anything
    else named in a file (``os.system``, a module, a builtin, any other
    function) is refused, so loading a tampered file fails instead of
    running its code; and no module is imported by a load except the
    stylesheet's own (``textual.css``, ``textual.layouts``).
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _member
        if (module, name) == ("functools", "partial"):
            return functools.partial
        if (
            module.split(".")[0] in ("textual", "rich")
            and "." not in name
            # Import nothing new but the CSS machinery's own modules.
            and (module in sys.modules or module.startswith(_IMPORTABLE))
        ):
            found = getattr(sys.modules.get(module) or importlib.import_module(module), name, None)
            if getattr(found, "__module__", None) == module and (
                isinstance(found, type)  # a class defined there, not one it imported
                or (callable(found) and module.startswith("textual.css."))  # selector checks
            ):
                return found
        raise pickle.UnpicklingError(f"refused global {module}.{name}")
