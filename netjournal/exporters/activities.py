"""The plain, full export of every activity: a personal backup, not a CPD record.

Unlike CPD exports this one is *not* redacted: it is the user's own data,
names included, for a spreadsheet or another tool. JSON keeps the stored form
of each record (``Activity.to_dict`` and ``Contact.to_dict``) under a schema
name and version, so it reads back into the same objects. Stdlib only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from netjournal.domain.contact_record import Contact
from netjournal.domain.models import Activity
from netjournal.errors import ImportFormatError, InputError
from netjournal.exporters.csv_exporter import neutralise

SCHEMA = "netjournal.activities"
SCHEMA_VERSION = 1
FORMATS = ("csv", "json")

CSV_COLUMNS = (
    "id",
    "date",
    "time",
    "mode",
    "minutes",
    "channel",
    "purpose",
    "style",
    "contacts",
    "note",
    "tags",
    "cpd",
    "cpd_topic",
)


def _csv(
    activities: Sequence[Activity],
    contacts: Mapping[str, Contact],
    progress: Callable[[int, int], None] | None,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    total = len(activities)
    step = max(1, total // 100)
    for done, a in enumerate(activities, start=1):
        names = "; ".join(contacts[c].name for c in a.contact_ids if c in contacts)
        row = (
            a.id,
            a.date.isoformat(),
            a.time.isoformat(timespec="minutes") if a.time else "",
            a.mode.value,
            str(a.minutes),
            a.channel,
            a.purpose.value,
            a.style.value,
            names,
            a.note,
            " ".join(a.tags),
            "yes" if a.cpd else "no",
            a.cpd.topic if a.cpd else "",
        )
        writer.writerow([neutralise(cell) for cell in row])
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)
    return out.getvalue().encode("utf-8-sig")


#: What a contact record says about the person in the user's own words: left out of
#: the export unless ``--include-names`` (docs/privacy notes in docs/cpd.md).
PRIVATE_CONTACT_KEYS = ("notes", "note_history")


def _contact(contact: Contact, include_names: bool) -> dict[str, Any]:
    data = contact.to_dict()
    if not include_names:
        for key in PRIVATE_CONTACT_KEYS:
            data.pop(key, None)
    return data


def _json(
    activities: Sequence[Activity],
    contacts: Mapping[str, Contact],
    today: date,
    include_names: bool,
) -> bytes:
    data = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_on": today.isoformat(),
        "activities": [a.to_dict() for a in activities],
        "contacts": [_contact(c, include_names) for c in contacts.values()],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def render_activities(
    fmt: str,
    activities: Sequence[Activity],
    contacts: Mapping[str, Contact],
    *,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    include_names: bool = False,
) -> bytes:
    """Every activity given, as ``csv`` (one row each) or ``json`` (stored form).

    Contact notes (the old ``notes`` field and the dated history) are written
    only with ``include_names``: they are the user's words about a person.
    """
    if fmt == "csv":
        return _csv(activities, contacts, progress)
    if fmt == "json":
        payload = _json(activities, contacts, today, include_names)
        if progress is not None:
            progress(len(activities), len(activities))
        return payload
    raise InputError(f"activities export format {fmt!r}: use csv or json", field="format")


def read_activities_json(raw: bytes | str) -> tuple[list[Activity], list[Contact]]:
    """Read an activities JSON export back into domain objects."""
    try:
        data: dict[str, Any] = json.loads(raw)
        if data.get("schema") != SCHEMA:
            raise ImportFormatError("not a netjournal activities export")
        if int(data.get("schema_version", 0)) > SCHEMA_VERSION:
            raise ImportFormatError("activities export is from a newer netjournal")
        return (
            [Activity.from_dict(a) for a in data["activities"]],
            [Contact.from_dict(c) for c in data["contacts"]],
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFormatError(f"activities export is malformed: {exc!r}") from exc
    except RecursionError as exc:  # the stdlib decoder's nesting limit
        raise ImportFormatError("activities export is malformed: JSON nested too deeply") from exc
