"""The parsed stylesheet kept between starts (netjournal/tui/css_cache.py).

A warm start must parse no CSS and draw exactly what a cold start draws; any
change that could make a kept parse wrong (the CSS text, the theme, Textual
itself) must be a miss; a damaged, foreign or tampered file must be a miss
that runs none of its code.
"""

from __future__ import annotations

import collections
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet

from netjournal.journal import Journal
from netjournal.tui import css_cache as css_cache_module
from netjournal.tui import make_app
from netjournal.tui.css_cache import FOLDER, KEEP_FILES, ParsedCssCache
from netjournal.tui.stylesheet import OneParseStylesheet

SIZE = (100, 30)
NO_POLL = 3600.0
SOURCE = (("test.tcss", ""), False, 0, "")
CSS = "Screen { background: $panel; } #side { width: 30; padding: 0 1; } Label.hint { color: $text-muted; }"


def variables(theme: str = "textual-dark") -> dict[str, str]:
    app = App[None]()
    app.theme = theme
    return app.get_css_variables()


def parse_with(cache: ParsedCssCache, css: str = CSS, theme: str = "textual-dark") -> Stylesheet:
    sheet = OneParseStylesheet(variables=variables(theme), parsed=cache)
    sheet.add_source(css, read_from=SOURCE[0])
    sheet.parse()
    return sheet


async def screenshot(journal: Journal) -> str:
    async with make_app(journal, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        return pilot.app.export_screenshot()


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_a_warm_start_parses_no_css_and_draws_the_same_screen(
    demo: Journal, css_parses: collections.Counter[str], theme: str
) -> None:
    demo.maintenance.set_setting("theme", theme)
    cold = await screenshot(Journal.open())
    assert css_parses["app.tcss"] == 1
    css_parses.clear()
    warm = await screenshot(Journal.open())
    assert sum(css_parses.values()) == 0, css_parses
    assert warm == cold


async def test_the_cache_is_private_and_marked_as_a_cache(demo: Journal) -> None:
    await screenshot(demo)
    root = demo.paths.cache_dir
    folder = root / FOLDER
    files = list(folder.glob("*.pickle"))
    assert len(files) == 1
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert (
        (root / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_kept_rules_are_the_parsed_rules(tmp_path: Path) -> None:
    cold = ParsedCssCache(tmp_path)
    fresh = parse_with(cold).rules
    cold.save()
    kept = ParsedCssCache(tmp_path).get(variables(), CSS, SOURCE)
    assert kept is not None
    assert [r.css for r in kept] == [r.css for r in fresh]
    assert [r.styles.get_rules() for r in kept] == [r.styles.get_rules() for r in fresh]
    assert [r.selector_names for r in kept] == [r.selector_names for r in fresh]


def test_edited_css_is_parsed_again_and_replaces_its_entry(
    tmp_path: Path, css_parses: collections.Counter[str]
) -> None:
    cache = ParsedCssCache(tmp_path)
    parse_with(cache)
    cache.save()
    edited = CSS.replace("width: 30", "width: 40")
    warm = ParsedCssCache(tmp_path)
    assert warm.get(variables(), edited, SOURCE) is None
    css_parses.clear()
    sheet = parse_with(warm, edited)
    assert css_parses["test.tcss"] == 1
    assert "width: 40;" in sheet.css
    warm.save()
    again = ParsedCssCache(tmp_path)
    assert again.get(variables(), CSS, SOURCE) is None  # one entry per source
    assert again.get(variables(), edited, SOURCE) is not None


def test_each_theme_has_its_own_file(tmp_path: Path) -> None:
    cache = ParsedCssCache(tmp_path)
    dark = parse_with(cache, theme="textual-dark").rules
    light = parse_with(cache, theme="textual-light").rules
    cache.save()
    assert len(list((tmp_path / FOLDER).glob("*.pickle"))) == 2
    warm = ParsedCssCache(tmp_path)
    kept_dark = warm.get(variables("textual-dark"), CSS, SOURCE)
    kept_light = warm.get(variables("textual-light"), CSS, SOURCE)
    assert kept_dark is not None and kept_light is not None
    assert [r.css for r in kept_dark] == [r.css for r in dark]
    assert [r.css for r in kept_light] == [r.css for r in light]
    assert kept_dark[0].css != kept_light[0].css  # $panel differs


def test_another_textual_is_another_file(tmp_path: Path) -> None:
    cache = ParsedCssCache(tmp_path)
    parse_with(cache)
    cache.save()
    upgraded = ParsedCssCache(tmp_path)
    upgraded._textual_stamp = "css/parse.py:1:2"  # what an upgrade's new files would give
    assert upgraded.get(variables(), CSS, SOURCE) is None


def test_a_file_made_under_other_conditions_is_a_miss(tmp_path: Path) -> None:
    """Two keys with one checksum share a file name; the full key inside tells them apart."""
    cache = ParsedCssCache(tmp_path)
    parse_with(cache)
    cache.save()
    (path,) = (tmp_path / FOLDER).glob("*.pickle")
    payload = pickle.loads(path.read_bytes())
    assert payload["key"].startswith(f"{css_cache_module.FORMAT}\0")
    payload["key"] += "x"
    path.write_bytes(pickle.dumps(payload))
    assert ParsedCssCache(tmp_path).get(variables(), CSS, SOURCE) is None


def test_two_themes_with_one_file_name_never_share_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(css_cache_module, "_file_name", lambda key: "same.pickle")
    cache = ParsedCssCache(tmp_path)
    dark = [r.css for r in parse_with(cache, theme="textual-dark").rules]
    light = [r.css for r in parse_with(cache, theme="textual-light").rules]
    assert dark != light
    kept = cache.get(variables("textual-dark"), CSS, SOURCE)
    assert kept is not None and [r.css for r in kept] == dark  # in this process
    cache.save()  # both written to one name: the last one wins
    warm = ParsedCssCache(tmp_path)
    found = [warm.get(variables(theme), CSS, SOURCE) for theme in ("textual-dark", "textual-light")]
    assert found[0] is None or [r.css for r in found[0]] == dark
    assert found[1] is None or [r.css for r in found[1]] == light
    assert found.count(None) == 1


def test_only_the_newest_theme_files_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    for n in range(KEEP_FILES + 2):
        old = folder / f"old{n}.pickle"
        old.write_bytes(b"x")
        os.utime(old, ns=(n * 10**9, n * 10**9))
    cache = ParsedCssCache(tmp_path)
    parse_with(cache)
    cache.save()
    left = sorted(p.name for p in folder.glob("*.pickle"))
    assert len(left) == KEEP_FILES
    assert not {"old0.pickle", "old1.pickle", "old2.pickle"} & set(left)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle",
        pickle.dumps({"format": 999, "entries": {}}),
        pickle.dumps(["a", "list"]),
        pickle.dumps({"format": css_cache_module.FORMAT, "entries": {SOURCE: (CSS, b"x")}}),
    ],
)
def test_a_damaged_file_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    cache = ParsedCssCache(tmp_path)
    parse_with(cache)
    cache.save()
    (path,) = (tmp_path / FOLDER).glob("*.pickle")
    path.write_bytes(damage)
    warm = ParsedCssCache(tmp_path)
    assert warm.get(variables(), CSS, SOURCE) is None
    assert [r.css for r in parse_with(warm).rules] == [r.css for r in parse_with(cache).rules]


class _Payload:
    """What a tampered entry would hold: unpickling it would create a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.marker),))


def test_a_tampered_entry_runs_none_of_its_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    cache = ParsedCssCache(tmp_path)
    parse_with(cache)
    cache.save()
    (path,) = (tmp_path / FOLDER).glob("*.pickle")
    payload = pickle.loads(path.read_bytes())
    css = payload["entries"][SOURCE][0]
    payload["entries"][SOURCE] = (css, pickle.dumps([_Payload(marker)]))
    path.write_bytes(pickle.dumps(payload))
    assert ParsedCssCache(tmp_path).get(variables(), CSS, SOURCE) is None
    path.write_bytes(pickle.dumps(_Payload(marker)))  # the whole file
    assert ParsedCssCache(tmp_path).get(variables(), CSS, SOURCE) is None
    assert not marker.exists()


def test_refused_globals() -> None:
    unpickler = css_cache_module._RulesUnpickler(__import__("io").BytesIO(b""))
    for module, name in [
        ("os", "system"),
        ("builtins", "eval"),
        ("textual.app", "os"),  # a module a Textual module imported
        ("textual.app", "run"),  # no such name
        ("textual.app", "on"),  # a function, but not one of textual.css
        ("textual.demo.demo_app", "DemoApp"),  # a module nothing imported yet
        ("rich.console", "Console.print"),
    ]:
        with pytest.raises(pickle.UnpicklingError):
            unpickler.find_class(module, name)
    assert "textual.demo.demo_app" not in sys.modules
    getter = unpickler.find_class("builtins", "getattr")
    with pytest.raises(pickle.UnpicklingError):
        getter(os, "system")
    with pytest.raises(pickle.UnpicklingError):
        getter({}, "pop")


def test_a_file_others_may_write_is_ignored(tmp_path: Path) -> None:
    cache = ParsedCssCache(tmp_path)
    parse_with(cache)
    cache.save()
    (path,) = (tmp_path / FOLDER).glob("*.pickle")
    path.chmod(0o620)  # group-writable
    assert ParsedCssCache(tmp_path).get(variables(), CSS, SOURCE) is None
    path.chmod(0o600)
    assert ParsedCssCache(tmp_path).get(variables(), CSS, SOURCE) is not None


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs chown")
def test_a_file_owned_by_someone_else_is_ignored(tmp_path: Path) -> None:
    cache = ParsedCssCache(tmp_path)
    parse_with(cache)
    cache.save()
    (path,) = (tmp_path / FOLDER).glob("*.pickle")
    os.chown(path, 12345, 12345)
    assert ParsedCssCache(tmp_path).get(variables(), CSS, SOURCE) is None


def test_an_unwritable_cache_is_quietly_skipped(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder should be")
    cache = ParsedCssCache(tmp_path / "cache")
    rules = parse_with(cache).rules
    cache.save()  # no error
    assert rules
