"""The derived cache: a figure is reused only while its store file is unchanged.

These tests count calls of ``compute`` to tell a hit from a miss, and damage,
replace or lock the cache to check that none of it can change an answer or
stop a command.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import orjson
import pytest

from netjournal.domain import checked
from netjournal.storage import derived
from netjournal.storage.derived import DerivedCache


class Counter:
    """A ``compute`` that reads the source file and counts how often it ran."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return {"text": self.source.read_text()}

    def parts(self) -> dict[str, Any]:
        self.calls += 1
        text = self.source.read_text()
        return {word: len(word) for word in text.split()}


def replace_file(path: Path, text: str) -> None:
    """Change a store file the way the store does: a new file renamed over the old."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text)
    os.replace(tmp, path)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "store" / "contacts.json"
    path.parent.mkdir()
    path.write_text("alpha beta")
    return path


@pytest.fixture
def cache(tmp_path: Path) -> DerivedCache:
    return DerivedCache(tmp_path / "derived")


def text_of(value: Any) -> str:
    """A decoder checks the shape it reads (as every real one does: domain/checked.py)."""
    return checked.text(checked.obj(value, frozenset({"text"}))["text"])


def test_a_second_read_of_an_unchanged_file_does_not_compute_again(
    source: Path, cache: DerivedCache
) -> None:
    compute = Counter(source)
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 1


def test_a_replaced_store_file_is_a_miss_even_with_the_same_size_and_mtime(
    source: Path, cache: DerivedCache
) -> None:
    compute = Counter(source)
    cache.value(source, "facts", 1, compute, text_of)
    before = source.stat()
    replace_file(source, "gamma beta")  # same size
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # a sync tool keeps mtime
    assert cache.value(source, "facts", 1, compute, text_of) == "gamma beta"
    assert compute.calls == 2


def test_a_new_layout_version_is_a_miss(source: Path, cache: DerivedCache) -> None:
    compute = Counter(source)
    cache.value(source, "facts", 1, compute, text_of)
    cache.value(source, "facts", 2, compute, text_of)
    assert compute.calls == 2


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b"[1, 2]", b'{"stamp": 1}', b'{"stamp": [1, 1, [0, "0"]], "value": 1}'],
)
def test_a_damaged_entry_is_a_miss_and_is_rewritten(
    source: Path, cache: DerivedCache, damage: bytes
) -> None:
    compute = Counter(source)
    cache.value(source, "facts", 1, compute, text_of)
    (cache.root / "facts.json").write_bytes(damage)
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 2


def test_an_entry_that_cannot_be_decoded_is_a_miss(source: Path, cache: DerivedCache) -> None:
    compute = Counter(source)
    cache.value(source, "facts", 1, compute, text_of)
    entry = orjson.loads((cache.root / "facts.json").read_bytes())
    entry["value"] = {"other": 1}  # the right stamp, a hand-edited value
    (cache.root / "facts.json").write_bytes(orjson.dumps(entry))
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 2


def test_a_missing_store_file_gives_none_and_writes_nothing(
    tmp_path: Path, cache: DerivedCache
) -> None:
    missing = tmp_path / "store" / "nothing.json"
    assert cache.value(missing, "facts", 1, Counter(missing), text_of) is None
    assert not cache.root.exists()


def test_an_unwritable_cache_still_answers(source: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocker = tmp_path / "derived"
        blocker.write_text("a file where the cache directory should be")
    else:
        blocker = tmp_path / "derived"
        blocker.mkdir(mode=0o500)
    cache = DerivedCache(blocker)
    compute = Counter(source)
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert cache.parts(source, "words", 1, ["beta"], compute.parts, int) == {"beta": 4}


def test_a_value_computed_while_the_file_changed_is_not_kept(
    source: Path, cache: DerivedCache
) -> None:
    calls = 0

    def compute_during_a_write() -> Any:
        nonlocal calls
        calls += 1
        value = {"text": source.read_text()}
        if calls == 1:
            replace_file(source, "changed meanwhile")
        return value

    assert cache.value(source, "facts", 1, compute_during_a_write, text_of) == "alpha beta"
    assert cache.value(source, "facts", 1, compute_during_a_write, text_of) == "changed meanwhile"
    assert calls == 2


def test_cache_files_are_private_and_the_directory_is_tagged_as_a_cache(
    source: Path, cache: DerivedCache
) -> None:
    cache.value(source, "facts", 1, Counter(source), text_of)
    cache.parts(source, "words", 1, ["alpha"], Counter(source).parts, int)
    assert stat.S_IMODE(cache.root.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache.root / "words").stat().st_mode) == 0o700
    for path in [cache.root / "facts.json", cache.root / "words" / "alpha.json"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    tag = (cache.root / "CACHEDIR.TAG").read_text()
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache.root / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not list(cache.root.rglob("*.tmp"))


def test_parts_give_only_what_is_asked_and_absent_parts_are_absent(
    source: Path, cache: DerivedCache
) -> None:
    compute = Counter(source)
    assert cache.parts(source, "words", 1, ["beta", "zeta"], compute.parts, int) == {"beta": 4}
    assert cache.parts(source, "words", 1, ["alpha"], compute.parts, int) == {"alpha": 5}
    assert cache.parts(source, "words", 1, ["zeta"], compute.parts, int) == {}
    assert compute.calls == 1


def test_parts_are_recomputed_together_and_parts_that_went_away_are_removed(
    source: Path, cache: DerivedCache
) -> None:
    compute = Counter(source)
    cache.parts(source, "words", 1, ["alpha"], compute.parts, int)
    replace_file(source, "gamma")
    assert cache.parts(source, "words", 1, ["alpha", "gamma"], compute.parts, int) == {"gamma": 5}
    assert compute.calls == 2
    assert sorted(p.name for p in (cache.root / "words").glob("*.json")) == [
        "_index.json",
        "gamma.json",
    ]


def test_a_part_overwritten_by_another_computation_is_a_miss(
    source: Path, cache: DerivedCache
) -> None:
    compute = Counter(source)
    cache.parts(source, "words", 1, ["alpha", "beta"], compute.parts, int)
    part = cache.root / "words" / "beta.json"
    entry = orjson.loads(part.read_bytes())
    entry["stamp"] = [0, 0, [0, "0"]]  # written by a run over another version of the file
    part.write_bytes(orjson.dumps(entry))
    assert cache.parts(source, "words", 1, ["beta"], compute.parts, int) == {"beta": 4}
    assert compute.calls == 2


class FrozenClock:
    """A file system whose clock does not move: every version of a file looks the same."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, now_ns: int) -> None:
        self.now_ns = now_ns
        monkeypatch.setattr(derived.time, "time_ns", lambda: self.now_ns)
        monkeypatch.setattr(derived, "file_identity", self.identity)

    def identity(self, path: Path) -> list[int] | None:
        if not path.exists():
            return None
        return [7, path.stat().st_size, 1_000, 1_000]  # same inode, size and times every write


def test_a_racy_entry_is_checked_against_the_content(
    source: Path, cache: DerivedCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two same-size writes within one clock tick, and a reused inode: only the
    # content can tell them apart, so an entry made right after a write keeps a checksum.
    FrozenClock(monkeypatch, now_ns=1_000 + 10**9)  # one second after the "change"
    compute = Counter(source)
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    replace_file(source, "gamma beta")
    assert cache.value(source, "facts", 1, compute, text_of) == "gamma beta"
    assert compute.calls == 2
    words = Counter(source)
    assert cache.parts(source, "words", 1, ["gamma"], words.parts, int) == {"gamma": 5}
    replace_file(source, "delta beta")
    assert cache.parts(source, "words", 1, ["delta"], words.parts, int) == {"delta": 5}
    assert words.calls == 2


def test_a_racy_entry_loses_its_checksum_once_the_file_is_old_enough(
    source: Path, cache: DerivedCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FrozenClock(monkeypatch, now_ns=1_000)
    compute = Counter(source)
    cache.value(source, "facts", 1, compute, text_of)
    assert orjson.loads((cache.root / "facts.json").read_bytes())["check"] is not None
    clock.now_ns = 1_000 + (derived.RACY_SECONDS + 1) * 10**9
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 1
    assert orjson.loads((cache.root / "facts.json").read_bytes())["check"] is None


# --- nothing read from the cache is trusted -------------------------------------------


def entry_path(cache: DerivedCache, name: str) -> Path:
    assert cache.root is not None
    return cache.root / f"{name}.json"


def test_an_entry_larger_than_its_store_file_could_justify_is_refused_unread(
    source: Path, cache: DerivedCache
) -> None:
    compute = Counter(source)
    cache.value(source, "facts", 1, compute, text_of)
    path = entry_path(cache, "facts")
    identity = derived.file_identity(source)
    assert identity is not None
    # A valid entry (the right stamp), padded with whitespace past the limit: still JSON.
    padding = derived.entry_limit(identity) + 1 - path.stat().st_size
    path.write_bytes(path.read_bytes() + b" " * padding)
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 2
    assert path.stat().st_size < 1024  # rebuilt


def test_an_entry_for_the_same_named_file_of_another_data_folder_is_a_miss(
    tmp_path: Path, cache: DerivedCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two journals sharing one NETJOURNAL_CACHE_DIR, on a file system whose clock and
    # inode numbers make both contacts files look alike: only the path tells them apart.
    FrozenClock(monkeypatch, now_ns=1_000 + (derived.RACY_SECONDS + 1) * 10**9)
    mine, theirs = tmp_path / "a" / "contacts.json", tmp_path / "b" / "contacts.json"
    for path, text in [(mine, "alpha beta"), (theirs, "gamma beta")]:
        path.parent.mkdir()
        path.write_text(text)
    assert cache.value(mine, "facts", 1, Counter(mine), text_of) == "alpha beta"
    other = Counter(theirs)
    assert cache.value(theirs, "facts", 1, other, text_of) == "gamma beta"
    assert other.calls == 1


@pytest.mark.parametrize(
    "craft",
    [
        pytest.param(lambda e: b'{"stamp": NaN, "check": null, "value": {"text": 1}}', id="nan"),
        pytest.param(lambda e: b'{"stamp": [1e400], "check": null, "value": 1}', id="infinity"),
        pytest.param(
            lambda e: orjson.dumps({**e, "value": {"text": "deep"}}).replace(
                b'"deep"', b"[" * 1100 + b"]" * 1100
            ),
            id="nested-past-orjson-limit",
        ),
        pytest.param(
            lambda e: orjson.dumps({**e, "value": {"text": "deep"}}).replace(
                b'"deep"', b"[" * 900 + b"]" * 900
            ),
            id="nested-within-orjson-limit",
        ),
        pytest.param(lambda e: orjson.dumps({**e, "stamp": [2, *e["stamp"][1:]]}), id="format-2"),
        pytest.param(lambda e: orjson.dumps({**e, "check": "0"}), id="check-is-text"),
        pytest.param(lambda e: orjson.dumps({**e, "extra": 1}), id="unknown-key"),
        pytest.param(lambda e: orjson.dumps({"stamp": e["stamp"], "value": 1}), id="no-check"),
    ],
)
def test_a_crafted_entry_is_a_miss_and_is_rebuilt(
    source: Path, cache: DerivedCache, craft: Any
) -> None:
    compute = Counter(source)
    cache.value(source, "facts", 1, compute, text_of)
    path = entry_path(cache, "facts")
    path.write_bytes(craft(orjson.loads(path.read_bytes())))
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 2


def test_a_symbolic_link_or_a_fifo_in_place_of_an_entry_is_a_miss(
    source: Path, cache: DerivedCache, tmp_path: Path
) -> None:
    compute = Counter(source)
    cache.value(source, "facts", 1, compute, text_of)
    path = entry_path(cache, "facts")
    elsewhere = tmp_path / "planted.json"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 2
    path.unlink()
    os.mkfifo(path)  # opening it for reading would wait for a writer for ever
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 3


def test_without_a_cache_directory_every_figure_is_computed_and_nothing_is_written(
    source: Path, tmp_path: Path
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    cache = DerivedCache(no_home)
    compute = Counter(source)
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert cache.parts(source, "words", 1, ["beta"], compute.parts, int) == {"beta": 4}
    assert cache.value(source, "facts", 1, compute, text_of) == "alpha beta"
    assert compute.calls == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
