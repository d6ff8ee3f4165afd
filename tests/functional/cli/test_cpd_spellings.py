"""The table of real-world spellings through ``netjournal export cpd`` and ``cpd check``.

End to end: every case of tests/fixtures/cpd/spellings.json is an activity in
a real store; positive cases are dated in May 2026 and clean ones in June, so
each format is exported once per half through the real entry point.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from netjournal.domain.models import Activity, CpdDetails, Mode
from netjournal.journal import Journal
from tests.conftest import run_cli
from tests.spellings_fixture import FORMATS, NEGATIVE, POSITIVE, contacts, readable, squash

_MAY = ("--from", "2026-05-01", "--to", "2026-05-31")
_JUNE = ("--from", "2026-06-01", "--to", "2026-06-30")


@pytest.fixture
def spelled(netjournal_home: Path) -> Path:
    """A store holding every case of the table as a CPD activity of its own."""
    activities = [
        Activity(
            id=f"pos{n:03d}",
            date=date(2026, 5, 1 + n % 28),
            mode=Mode.ONLINE,
            minutes=30,
            note=case["text"],
            cpd=CpdDetails(topic=f"Case {n}", learning=case["text"], reflect=True),
        )
        for n, case in enumerate(POSITIVE)
    ] + [
        Activity(
            id=f"neg{n:03d}",
            date=date(2026, 6, 1 + n % 28),
            mode=Mode.ONLINE,
            minutes=30,
            note=text,
            cpd=CpdDetails(topic=f"Case {n}", learning=text, reflect=True),
        )
        for n, text in enumerate(NEGATIVE)
    ]
    journal = Journal.open()
    with journal.transaction():
        journal.repos.contacts.add_many(list(contacts().values()))
        journal.repos.activities.add_many(activities)
    return netjournal_home


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_cpd_redacts_every_spelling_and_keeps_clean_text(
    spelled: Path, tmp_path: Path, fmt: str
) -> None:
    found = tmp_path / f"found.{fmt}"
    clean = tmp_path / f"clean.{fmt}"
    for period, out in ((_MAY, found), (_JUNE, clean)):
        result = run_cli("export", "cpd", "--format", fmt, *period, "-o", str(out))
        assert result.returncode == 0, result.stderr
    shown = squash(fmt, readable(fmt, found.read_bytes()))
    for case in POSITIVE:
        assert squash(fmt, case["redacted"]) in shown, case["text"]
        for _, identifier in case["found"]:
            assert squash(fmt, identifier) not in shown, identifier
    kept = squash(fmt, readable(fmt, clean.read_bytes()))
    for text in NEGATIVE:
        assert squash(fmt, text) in kept, text


def test_cpd_check_lists_each_spelling_once_per_field(spelled: Path) -> None:
    result = run_cli("cpd", "check", *_MAY, "--json")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    expected = [
        (f"pos{n:03d}", field, kind, text)
        for n, case in enumerate(POSITIVE)
        for field in ("note", "cpd.learning")
        for kind, text in case["found"]
    ]
    got = [(f["activity_id"], f["field"], f["kind"], f["text"]) for f in findings]
    assert sorted(got) == sorted(expected)
    clean = json.loads(run_cli("cpd", "check", *_JUNE, "--json", check=True).stdout)
    assert clean["findings"] == []
