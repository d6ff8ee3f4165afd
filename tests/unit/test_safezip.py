"""The safe zip reader refuses archives that would inflate past its limits, before inflating.

Each guard is tested with a small crafted archive and a lowered limit, so the
tests stay fast; ``tests/functional/robustness/test_hostile_input.py`` sends a real
(modest) zip bomb through the CLI with the default limits.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from netjournal.errors import InputError
from netjournal.safezip import SafeZip, ZipLimits, ZipRefused


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_member_that_inflates_past_the_ratio_is_refused_before_it_is_read(
    tmp_path: Path,
) -> None:
    bomb = _zip(tmp_path / "bomb.zip", {"contacts.json": b"0" * 200_000})
    limits = ZipLimits(ratio=50, ratio_from=10_000)
    with pytest.raises(ZipRefused, match=r"'contacts.json' would inflate [\d,]+ times"):
        SafeZip(bomb, limits)


def test_small_members_may_compress_well(tmp_path: Path) -> None:
    small = _zip(tmp_path / "ok.zip", {"a.json": b" " * 5_000})
    with SafeZip(small, ZipLimits(ratio=2, ratio_from=10_000)) as zf:
        assert zf.read("a.json") == b" " * 5_000


def test_a_member_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    big = _zip(tmp_path / "big.zip", {"a.csv": bytes(range(256)) * 100})
    with pytest.raises(ZipRefused, match=r"'a.csv' would inflate to 25,600 bytes"):
        SafeZip(big, ZipLimits(member_bytes=10_000))


def test_members_that_together_inflate_past_the_total_are_refused(tmp_path: Path) -> None:
    many = _zip(tmp_path / "many.zip", {f"{i}.csv": bytes(range(256)) * 20 for i in range(5)})
    with pytest.raises(ZipRefused, match="in all"):
        SafeZip(many, ZipLimits(total_bytes=20_000))


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    many = _zip(tmp_path / "many.zip", {f"{i}.txt": b"x" for i in range(30)})
    with pytest.raises(ZipRefused, match="30 members"):
        SafeZip(many, ZipLimits(members=10))


def test_only_selected_members_are_checked_and_readable(tmp_path: Path) -> None:
    mixed = _zip(tmp_path / "export.zip", {"video.mp4": b"0" * 200_000, "Connections.csv": b"a,b"})
    limits = ZipLimits(ratio=50, ratio_from=10_000)
    with SafeZip(mixed, limits, select=lambda n: n.endswith(".csv")) as zf:
        assert zf.names() == ["Connections.csv"]
        assert zf.read("Connections.csv") == b"a,b"
        with pytest.raises(KeyError):
            zf.read("video.mp4")


def test_a_refusal_is_an_input_error_of_one_line_naming_the_file(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.zip", {"x.json": b"0" * 200_000})
    with pytest.raises(ZipRefused) as caught:
        SafeZip(bomb, ZipLimits(ratio=50, ratio_from=10_000))
    assert isinstance(caught.value, InputError)
    line = caught.value.one_line()
    assert "\n" not in line and str(bomb) in line and "refused" in line


def test_reading_stops_at_the_declared_size(tmp_path: Path) -> None:
    # A header that under-declares the size: never more than it declares is inflated.
    path = _zip(tmp_path / "lie.zip", {"a.json": b"y" * 50_000})
    raw = bytearray(path.read_bytes())
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (1_000).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(raw))
    with SafeZip(path) as zf:
        try:
            data = zf.read("a.json")
        except zipfile.BadZipFile:  # the CRC of the cut-short data does not match
            return
    assert len(data) <= 1_000
