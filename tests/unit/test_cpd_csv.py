"""The CPD CSV is one rectangular table that csv and pandas read directly (issue 14, point 5)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from netjournal.exporters.registry import get_format, render
from netjournal.exporters.report import Template, build_report
from tests.cpd_fixture import PERIOD, load_journal

TODAY = date(2026, 11, 25)


def _csv_rows(start: date, end: date, template: Template) -> tuple[list[str], list[dict[str, str]]]:
    activities, contacts = load_journal()
    report, _ = build_report(template, activities, contacts, start, end, generated_on=TODAY)
    text = render(report, get_format("csv")).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert reader.fieldnames is not None
    return list(reader.fieldnames), rows


@pytest.mark.parametrize("template", list(Template))
def test_every_row_has_every_column_and_nothing_else(template: Template) -> None:
    columns, rows = _csv_rows(*PERIOD, template)
    assert columns[0] == "Date" and len(set(columns)) == len(columns)
    assert rows, "the fixture has records in the period"
    for row in rows:
        # DictReader puts surplus cells under None and fills missing ones with None.
        assert None not in row
        assert list(row) == columns
        assert all(value is not None for value in row.values())
        date.fromisoformat(row["Date"])  # a record, not a total or a section heading


def test_an_empty_period_is_the_header_alone() -> None:
    columns, rows = _csv_rows(date(2024, 1, 1), date(2024, 12, 31), Template.NMC)
    assert columns[:2] == ["Date", "Method"]
    assert rows == []
