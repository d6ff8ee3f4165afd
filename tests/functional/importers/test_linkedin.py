"""LinkedIn export: connections, messages and invitations from the real file layouts."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Initiator
from netjournal.errors import ImportFormatError, InputError
from netjournal.importers.base import ImportBatch, ImportOptions
from netjournal.importers.linkedin import parse
from tests.conftest import FIXTURES, FROZEN_TODAY

EXPORT = FIXTURES / "linkedin" / "export"
OPTIONS = ImportOptions(today=FROZEN_TODAY)


def by_name(batch: ImportBatch) -> dict[str, Contact]:
    return {c.name: c for c in batch.contacts}


def conversation_with(batch: ImportBatch, *names: str, source: str = "msg") -> Conversation:
    ids = {by_name(batch)[n].id for n in names}
    found = [
        c
        for c in batch.conversations
        if set(c.contact_ids) == ids and f"linkedin:{source}:" in (c.source_id or "")
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def export() -> ImportBatch:
    return parse(EXPORT, OPTIONS)


def test_connections_become_contacts_with_company_role_url_and_connected_on(
    export: ImportBatch,
) -> None:
    jane = by_name(export)["Jane Smith"]
    assert jane.organisation == "Leeds Teaching Hospitals NHS Trust"
    assert jane.role == "Advanced Nurse Practitioner"
    assert jane.handles["linkedin"] == "https://www.linkedin.com/in/janesmith-rn"
    assert "email" not in jane.handles  # LinkedIn leaves most emails empty
    assert jane.connected_on == date(2024, 3, 15)
    assert "linkedin:conn:janesmith-rn" in jane.source_ids


def test_an_email_given_in_connections_is_kept_as_a_handle(export: ImportBatch) -> None:
    assert by_name(export)["Priya Patel"].handles["email"] == "priya.patel@example.nhs.uk"


def test_accented_names_survive_the_import(export: ImportBatch) -> None:
    assert "Siobhán Ó Briain" in by_name(export)
    assert "Zoë Adebayo-Clarke" in by_name(export)


def test_formula_like_cells_are_stored_as_plain_text(export: ImportBatch) -> None:
    mark = by_name(export)["Mark Evans"]
    assert mark.organisation == '=HYPERLINK("http://example.com/x","Click me")'
    assert mark.role == "+44 Social Worker"
    zoe = by_name(export)["Zoë Adebayo-Clarke"]
    assert zoe.organisation == "@NHSEngland"
    assert zoe.role == "-Director of Nursing"


def test_a_connection_without_a_name_is_skipped_with_a_warning_naming_the_line(
    export: ImportBatch,
) -> None:
    assert any("Connections.csv, line 10" in w and "without a name" in w for w in export.warnings)
    assert all(c.name for c in export.contacts)


def test_message_participants_are_the_same_contacts_as_connections(export: ImportBatch) -> None:
    names = [c.name for c in export.contacts]
    assert names.count("Jane Smith") == 1
    jane = by_name(export)["Jane Smith"]
    # the member-id URL from messages.csv is remembered for the next import
    assert any("acoaabx3kvqbj0q9z8mz2fs1xyh0xk1p2zq" in s for s in jane.source_ids)
    assert jane.handles["linkedin"].endswith("/janesmith-rn")  # the readable URL is kept


def test_the_owner_never_becomes_a_contact(export: ImportBatch) -> None:
    assert "Alex Morgan" not in by_name(export)


def test_a_thread_i_started_and_they_answered_is_replied(export: ImportBatch) -> None:
    conv = conversation_with(export, "Jane Smith")
    assert conv.initiated_by is Initiator.ME
    assert conv.replied is True
    assert conv.started == date(2024, 3, 15)
    assert conv.replied_on == date(2024, 3, 18)
    assert conv.last_date == date(2024, 3, 18)
    assert (conv.messages_out, conv.messages_in) == (2, 1)
    assert conv.channel == "linkedin"


def test_a_thread_they_started_at_night_uk_time_dates_from_the_london_day(
    export: ImportBatch,
) -> None:
    # 2024-06-30 22:47 UTC is 23:47 BST: still 30 June in London
    conv = conversation_with(export, "Priya Patel")
    assert conv.initiated_by is Initiator.THEM
    assert conv.replied is True
    assert conv.started == date(2024, 6, 30)
    assert conv.replied_on == date(2024, 7, 2)


def test_a_message_nobody_answered_is_not_replied(export: ImportBatch) -> None:
    conv = conversation_with(export, "Tom Hughes")
    assert conv.initiated_by is Initiator.ME
    assert conv.replied is False
    assert conv.replied_on is None
    assert (conv.messages_out, conv.messages_in) == (1, 0)


def test_a_group_thread_links_every_other_participant(export: ImportBatch) -> None:
    conv = conversation_with(export, "Siobhán Ó Briain", "Jane Smith")
    assert conv.summary == "Frailty network leads"
    assert conv.initiated_by is Initiator.THEM
    assert conv.replied is False  # I never answered in it
    assert conv.messages_in == 2


def test_the_subject_becomes_the_summary_when_there_is_no_title(export: ImportBatch) -> None:
    assert conversation_with(export, "Sam Okafor").summary == (
        "Exciting opportunity in community nursing"
    )


def test_an_accepted_outgoing_invitation_counts_as_answered_on_the_connection_date(
    export: ImportBatch,
) -> None:
    conv = conversation_with(export, "Tom Hughes", source="inv")
    assert conv.initiated_by is Initiator.ME
    assert conv.started == date(2025, 1, 6)  # "1/6/25, 8:41 PM" is month-first
    assert conv.replied is True
    assert conv.replied_on == date(2025, 1, 7)
    assert conv.summary.startswith("Invitation: Hi Tom")


def test_a_pending_invitation_is_not_answered(export: ImportBatch) -> None:
    conv = conversation_with(export, "Grace Lin", source="inv")
    assert conv.replied is False
    assert conv.summary == "Invitation (no message)"


def test_an_incoming_invitation_was_started_by_them(export: ImportBatch) -> None:
    conv = conversation_with(export, "Dev Sharma", source="inv")
    assert conv.initiated_by is Initiator.THEM
    assert (conv.messages_out, conv.messages_in) == (0, 1)


def test_parsing_twice_gives_the_same_source_ids(export: ImportBatch) -> None:
    again = parse(EXPORT, OPTIONS)
    assert [c.source_ids for c in again.contacts] == [c.source_ids for c in export.contacts]
    assert [c.source_id for c in again.conversations] == [c.source_id for c in export.conversations]


def test_the_export_zip_reads_the_same_as_the_unzipped_folder(
    export: ImportBatch, tmp_path: Path
) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport_11-25-2026.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in EXPORT.iterdir():
            zf.write(path, path.name)
        zf.writestr("Profile.csv", "First Name,Last Name\nAlex,Morgan\n")
    from_zip = parse(archive, OPTIONS)
    assert sorted(c.name for c in from_zip.contacts) == sorted(c.name for c in export.contacts)
    assert len(from_zip.conversations) == len(export.conversations)
    assert all("!" in f for f in from_zip.files)  # names point inside the zip


def test_a_single_connections_file_is_recognised_by_its_header(tmp_path: Path) -> None:
    renamed = tmp_path / "my-network.csv"
    shutil.copy(EXPORT / "Connections.csv", renamed)
    batch = parse(renamed, OPTIONS)
    assert len(batch.contacts) == 6
    assert batch.conversations == []


def test_an_export_without_the_notes_preamble_reads_the_same() -> None:
    batch = parse(FIXTURES / "linkedin" / "Connections_no_preamble.csv", OPTIONS)
    assert [c.name for c in batch.contacts] == ["Jane Smith", "Hannah Webb"]
    assert by_name(batch)["Hannah Webb"].connected_on == date(2024, 4, 30)


def test_an_older_export_without_a_url_column_gets_name_and_date_source_ids() -> None:
    batch = parse(FIXTURES / "linkedin" / "Connections_2019_no_url.csv", OPTIONS)
    owen = by_name(batch)["Owen Price"]
    assert owen.handles == {"email": "owen.price@example.ac.uk"}
    assert owen.connected_on == date(2018, 7, 1)
    assert owen.source_ids[0].startswith("linkedin:conn:")
    assert (
        owen.source_ids
        == parse(FIXTURES / "linkedin" / "Connections_2019_no_url.csv", OPTIONS)
        .contacts[1]
        .source_ids
    )


def test_me_names_the_owner_when_the_messages_cannot_tell(tmp_path: Path) -> None:
    # one thread between two people: either could be the owner
    text = (EXPORT / "messages.csv").read_text(encoding="utf-8")
    header, *_ = text.splitlines()
    rows = [line for line in text.splitlines()[1:] if "2-ODk3" in line]
    single = tmp_path / "messages.csv"
    single.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell which participant is you") as err:
        parse(single, OPTIONS)
    assert err.value.field == "me"
    mine = parse(single, ImportOptions(today=FROZEN_TODAY, me="alex morgan"))
    assert [c.name for c in mine.contacts] == ["Priya Patel"]
    assert mine.conversations[0].initiated_by is Initiator.THEM


def test_drafts_are_not_counted_as_messages(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "messages.csv").write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n"
        "c1,,Jane Smith,,Alex Morgan,,2024-03-15 10:00:00 UTC,,Hello,INBOX,No\n"
        "c1,,Alex Morgan,,Jane Smith,,2024-03-16 10:00:00 UTC,,Unsent reply,INBOX,Yes\n",
        encoding="utf-8",
    )
    batch = parse(folder, ImportOptions(today=FROZEN_TODAY, me="Alex Morgan"))
    (conv,) = batch.conversations
    assert (conv.messages_out, conv.messages_in, conv.replied) == (0, 1, False)


def test_a_folder_without_linkedin_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"no Connections\.csv"):
        parse(tmp_path, OPTIONS)


def test_progress_reports_every_row_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    parse(EXPORT, OPTIONS, lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] == len(calls)
    assert [d for d, _ in calls] == list(range(1, len(calls) + 1))


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(company=cell_text, position=cell_text)
def test_any_company_and_position_text_comes_back_exactly(company: str, position: str) -> None:
    """Whatever LinkedIn writes in a quoted cell (commas, quotes, newlines, =, @) is kept."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    writer.writerow(["Ada", "Lovelace", "", "", company, position, "10 Dec 2015"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Connections.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        (contact,) = parse(path, OPTIONS).contacts
    assert contact.organisation == company.strip()
    assert contact.role == position.strip()
