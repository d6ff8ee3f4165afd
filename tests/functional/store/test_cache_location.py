"""Caches live outside the data folder, one folder per data folder, and never in ``<data>/cache``.

The data folder is meant to be synced, so whoever can write there must not be
able to plant files the next start reads: every derived figure goes to the
platform's user cache directory (``NETJOURNAL_CACHE_DIR`` overrides it), and
an old ``<data>/cache`` is ignored, left alone, and mentioned by ``doctor``.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from netjournal.journal import ActivityInput, Journal
from netjournal.paths import Paths, cache_key, demo_paths, ensure_private_dir
from tests.conftest import run_cli


def xdg_cache(tmp_path: Path) -> Path:
    return tmp_path / "xdg-cache" / "netjournal"  # XDG_CACHE_HOME is set by tests/conftest.py


def test_the_cache_dir_is_the_override_when_set(tmp_path: Path) -> None:
    assert Paths.resolve(tmp_path / "a").cache_dir == tmp_path / "nj-cache"


def test_without_the_override_each_data_folder_has_its_own_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NETJOURNAL_CACHE_DIR")
    one = Paths.resolve(tmp_path / "one" / "journal").cache_dir
    two = Paths.resolve(tmp_path / "two" / "journal").cache_dir
    assert one.parent == two.parent == xdg_cache(tmp_path)
    assert one != two
    assert one.name.startswith("journal-") and two.name.startswith("journal-")
    assert Paths.resolve(tmp_path / "one" / "journal").cache_dir == one  # stable
    demo = demo_paths()
    assert demo.cache_dir.parent == xdg_cache(tmp_path)
    assert demo.cache_dir not in (one, two, demo.data_dir)
    for paths in (Paths.resolve(tmp_path / "one" / "journal"), demo):
        assert not paths.cache_dir.is_relative_to(paths.data_dir)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("My Journal", "My_Journal"),
        ("..", "journal"),  # resolves to the parent: its name, never ".."
        ("journal.d", "journal_d"),
        ("café ☕", "caf"),
        ("x" * 80, "x" * 32),
    ],
)
def test_the_cache_key_is_a_readable_safe_name_with_a_checksum_of_the_whole_path(
    tmp_path: Path, name: str, label: str
) -> None:
    base = tmp_path / "deep"
    base.mkdir()
    key = cache_key(base / name)
    resolved_name = (base / name).resolve().name
    if name == "..":
        label = resolved_name
    shown, digest = key.rsplit("-", 1)
    assert shown == label
    assert len(digest) == 8 and int(digest, 16) >= 0
    assert "/" not in key and not key.startswith(".")


def test_commands_write_their_caches_outside_the_data_folder(
    netjournal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NETJOURNAL_CACHE_DIR")
    assert run_cli("log", "online", "20m", "Chat", "--with", "Ann Lee").returncode == 0
    for command in (("week", "--json"), ("list", "--json"), ("trends", "--json")):
        assert run_cli(*command).returncode == 0
    assert not (netjournal_home / "cache").exists()
    cache = Paths.resolve(netjournal_home).cache_dir
    assert (cache / "contact-names.json").is_file()
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d")
    for folder in (xdg_cache(tmp_path), cache, cache / "activity-days"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in cache.rglob("*.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_unusable_cache_dir_turns_caching_off_without_an_error(
    netjournal_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("NETJOURNAL_CACHE_DIR", str(blocker))
    assert run_cli("log", "online", "20m", "Chat").returncode == 0
    week = run_cli("week", "--json")
    assert week.returncode == 0, week.stderr
    assert json.loads(week.stdout)["online_minutes"] == 20
    assert blocker.read_text() == "a file where the cache directory should be"


@pytest.mark.old_cache_folder
def test_an_old_cache_folder_in_the_data_folder_is_ignored_left_alone_and_reported(
    netjournal_home: Path,
) -> None:
    journal = Journal.open()
    ensure_private_dir(journal.paths.data_dir)
    journal.activities.log(ActivityInput(mode="online", duration="30m", date="2026-11-23"))
    fresh = run_cli("week", "--json").stdout
    # What an older version left, or what someone planted in the synced folder.
    old = netjournal_home / "cache"
    (old / "textual-css").mkdir(parents=True)
    (old / "textual-css" / "default.pickle").write_bytes(b"\x80\x04cos\nsystem\n.")
    (old / "contact-names.json").write_text('{"stamp": [2], "value": {"x": "planted"}}')
    before = sorted((p.relative_to(old), p.read_bytes()) for p in old.rglob("*") if p.is_file())
    for _ in range(2):
        week = run_cli("week", "--json")
        assert week.returncode == 0, week.stderr
        assert week.stdout == fresh
    after = sorted((p.relative_to(old), p.read_bytes()) for p in old.rglob("*") if p.is_file())
    assert after == before
    doctor = run_cli("doctor", "--json")
    messages = [f["message"] for f in json.loads(doctor.stdout)]
    assert any(str(old) in m and "can delete it" in m for m in messages)
    assert old.is_dir()  # even `doctor --fix` leaves deleting it to the user
    run_cli("doctor", "--fix")
    assert old.is_dir()


def test_config_path_names_the_cache_dir(tmp_path: Path) -> None:
    result = run_cli("config", "path", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cache"] == str(tmp_path / "nj-cache")
    assert f"cache:  {tmp_path / 'nj-cache'}" in run_cli("config", "path").stdout
