"""``doctor`` names every problem of the data folder in one line, never an internal error."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import orjson
import pytest

from netjournal.journal import ActivityInput, Journal
from tests.conftest import run_cli


def _journal(home: Path) -> Journal:
    j = Journal.open(home)
    j.activities.log(
        ActivityInput(mode="online", duration="10m", note="hello", contacts=("Ana Lopez",))
    )
    j.maintenance.backup()
    return j


def _doctor(*extra: str) -> tuple[int, list[dict[str, object]], str]:
    done = run_cli("doctor", "--json", *extra)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout or "[]"), done.stderr


def _messages(findings: list[dict[str, object]], level: str) -> list[str]:
    return [str(f["message"]) for f in findings if f["level"] == level]


def test_a_store_file_that_is_a_folder_is_an_error(netjournal_home: Path) -> None:
    _journal(netjournal_home)
    (netjournal_home / "store" / "targets.json").mkdir()
    code, findings, _ = _doctor()
    assert code == 1
    assert any("targets.json is a folder" in m for m in _messages(findings, "error"))


def test_a_lock_that_is_a_folder_is_an_error_and_fix_does_not_crash(netjournal_home: Path) -> None:
    _journal(netjournal_home)
    lock = netjournal_home / ".store.lock"
    lock.unlink()
    lock.mkdir()
    for extra in ((), ("--fix",)):
        code, findings, _ = _doctor(*extra)
        assert code == 1
        assert any("lock file" in m and "not a file" in m for m in _messages(findings, "error"))


def test_an_unreadable_store_file_is_one_finding(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = _journal(netjournal_home)
    contacts = netjournal_home / "store" / "contacts.json"
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == contacts:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    findings = journal.maintenance.doctor()
    errors = [f.message for f in findings if f.level == "error"]
    assert any(f"cannot read {contacts}: Permission denied" in m for m in errors)


def test_a_garbage_backup_zip_is_reported(netjournal_home: Path) -> None:
    _journal(netjournal_home)
    (netjournal_home / "backups" / "netjournal-20261101-101010.zip").write_bytes(b"PK\x03\x04junk")
    code, findings, _ = _doctor()
    assert code == 0
    assert any(
        "netjournal-20261101-101010.zip is not a readable zip" in m
        for m in _messages(findings, "warning")
    )


def test_a_backup_with_a_bad_checksum_is_reported(netjournal_home: Path) -> None:
    _journal(netjournal_home)
    bad = netjournal_home / "backups" / "netjournal-20261102-101010.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("contacts.json", b"x" * 200)
    raw = bytearray(bad.read_bytes())
    raw[raw.index(b"x" * 200) + 5] = ord("y")
    bad.write_bytes(bytes(raw))
    _, findings, _ = _doctor()
    assert any("fails its checksum" in m for m in _messages(findings, "warning"))


def test_a_data_folder_readable_by_others_is_reported_and_fix_tightens_it(
    netjournal_home: Path,
) -> None:
    _journal(netjournal_home)
    netjournal_home.chmod(0o755)
    _, findings, _ = _doctor()
    assert any(
        f"folder {netjournal_home} can be read by others" in m
        for m in _messages(findings, "warning")
    )
    _, fixed, _ = _doctor("--fix")
    assert any(f["fixed"] for f in fixed if "can be read by others" in str(f["message"]))
    assert stat.S_IMODE(netjournal_home.stat().st_mode) == 0o700


def test_contacts_with_a_non_text_name_or_an_id_unlike_their_key_are_errors(
    netjournal_home: Path,
) -> None:
    _journal(netjournal_home)
    path = netjournal_home / "store" / "contacts.json"
    doc = orjson.loads(path.read_bytes())
    ((key, contact),) = doc["contacts"].items()
    contact["name"] = ["Ana", "Lopez"]
    other = dict(contact, name="Ben Brown", id="f" * 32)
    doc["contacts"]["e" * 32] = other
    path.write_bytes(orjson.dumps(doc))
    code, findings, _ = _doctor()
    errors = _messages(findings, "error")
    assert code == 1
    assert any(f"contact {key!r} has a name that is not text" in m for m in errors)
    assert any(f"record {'e' * 32!r} holds the id {'f' * 32!r}" in m for m in errors)
