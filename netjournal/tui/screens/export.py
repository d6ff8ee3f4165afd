"""Export: turn the journal into a CPD record a regulator accepts, and say where it went.

Choose the period (natural dates, as on the command line), the template
(NMC, HCPC or generic) and the format (csv, md, html, json, pdf); the
preview shows what the file will say and the confidentiality scan lists every
identifier found (names of contacts, e-mail addresses, phone and NHS numbers,
handles, postcodes). Nothing is written before the findings for exactly
these settings have been shown: the first ``w`` checks, the second writes.

Building an export of ten years takes a few seconds, so the facade call
(``journal.cpd.render_cpd`` / ``journal.cpd.export_cpd``) runs in a thread worker,
through a journal opened for that thread (no TinyDB object is shared with
the UI thread), while a small modal dialog shows its progress and keeps the
settings from changing under the running export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    ContentSwitcher,
    DataTable,
    Input,
    Label,
    Markdown,
    ProgressBar,
    Select,
    Static,
    Switch,
)
from textual.worker import Worker, WorkerState

from netjournal.errors import InputError, NetjournalError
from netjournal.presentation import plural, printable
from netjournal.tui.screens.base import DataScreen
from netjournal.tui.widgets.cells import plain_cells

if TYPE_CHECKING:
    from netjournal.domain.privacy import Finding
    from netjournal.exporters.report import CpdExport, CpdReport
    from netjournal.paths import Paths

TEMPLATES: tuple[tuple[str, str], ...] = (
    ("NMC revalidation", "nmc"),
    ("HCPC audit", "hcpc"),
    ("Generic (all activities)", "generic"),
)
FORMATS: tuple[tuple[str, str], ...] = (
    ("Markdown (.md)", "md"),
    ("Printable web page (.html)", "html"),
    ("PDF (.pdf)", "pdf"),
    ("Spreadsheet (.csv)", "csv"),
    ("JSON (.json)", "json"),
)
#: Formats previewed as the Markdown of the same report (they share its layout).
DOCUMENT_FORMATS = frozenset({"md", "html", "pdf"})
#: The preview shows at most this many lines; the file always has everything.
PREVIEW_LINES = 150
#: The findings table lists at most this many identifiers.
FINDINGS_SHOWN = 500

NAMES_OFF = "off: names replaced"
NAMES_ON = "on: names kept"
NAMES_WARNING = (
    "⚠ Names and identifiers will be kept. A CPD record must not identify a patient, "
    "service user, colleague or any other person: share this file with care."
)


@dataclass(frozen=True, slots=True)
class ExportSettings:
    """Exactly what one export is made from; the findings shown belong to one of these."""

    start: date
    end: date
    template: str
    fmt: str
    include_names: bool
    path: Path | None


def preview_text(payload: bytes, limit: int = PREVIEW_LINES) -> tuple[str, bool]:
    """The first ``limit`` lines of an export as printable text, and whether it was cut.

    The document formats are printable already; a JSON export keeps the
    journal's text exact and escapes only C0 controls, so C1 and bidi
    controls are made visible here, for the screen only.
    """
    text = payload.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    return printable("\n".join(lines[:limit]), one_line=False), len(lines) > limit


def markdown_blocks(text: str) -> list[tuple[str, list[list[str]] | str]]:
    """The preview's Markdown cut into prose and tables, in order.

    A pipe table of eight columns squeezed into the preview pane's width is
    unreadable ("Meth…", "Evi…"); each table becomes rows of cells for a
    table widget that scrolls sideways, the prose between stays Markdown.
    ``("table", rows)`` has the heading row first and no separator row.
    """
    blocks: list[tuple[str, list[list[str]] | str]] = []
    prose: list[str] = []
    table: list[list[str]] = []

    def cells(line: str) -> list[str]:
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]

    def flush_prose() -> None:
        if any(line.strip() for line in prose):
            blocks.append(("markdown", "\n".join(prose)))
        prose.clear()

    def flush_table() -> None:
        if table:
            blocks.append(("table", [row for row in table if not _is_rule(row)]))
        table.clear()

    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            flush_prose()
            table.append(cells(line))
        else:
            flush_table()
            prose.append(line)
    flush_table()
    flush_prose()
    return blocks


def _is_rule(row: list[str]) -> bool:
    """A table's heading separator row (``|---|---:|``)."""
    return all(re.fullmatch(r":?-{3,}:?", cell) for cell in row)


def report_summary(report: CpdReport, date_order: str) -> str:
    """One line saying what the export holds, in the words of the CLI."""
    from netjournal.domain.cpd import format_hours
    from netjournal.domain.timeparse import format_date

    period = f"{format_date(report.start, date_order)} – {format_date(report.end, date_order)}"
    if report.is_empty:
        return f"{period}: nothing to report (the file will say so)"
    if report.activities:
        return f"{period}: {plural(len(report.activities), 'activity', 'activities')}"
    summary = report.nmc
    return (
        f"{period}: {plural(len(report.records), 'CPD activity', 'CPD activities')}, {format_hours(summary.minutes)} h "
        f"({format_hours(summary.participatory_minutes)} h participatory)"
    )


def findings_summary(findings: list[Finding], include_names: bool) -> str:
    """How many identifiers were found and what happens to them."""
    if not findings:
        return "Confidentiality check: no names or identifiers found."
    verb = "kept (names included)" if include_names else "replaced by roles, initials or [labels]"
    return f"Confidentiality check: {plural(len(findings), 'identifier')} found, {verb}."


class ExportProgress(ModalScreen[None]):
    """A small dialog with a progress bar while an export is being built."""

    def __init__(self, title: str) -> None:
        super().__init__(classes="export-progress-dialog")
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="export-progress-box"):
            yield Label(self.title_text, id="export-progress-title")
            yield ProgressBar(id="export-progress", show_eta=False)

    def advance(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)


class ExportScreen(DataScreen):
    """Period, template, format, names toggle, preview, findings, write."""

    CSS_PATH = "export.tcss"
    SUB_TITLE = "7 Export"

    MAIN: ClassVar[str] = "#export-findings"
    # Textual declares this without ClassVar, so annotating it here clashes in mypy.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (96, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "preview", "Preview"),
        Binding("w", "write", "Write file"),
        Binding("ctrl+s", "write", "Write file", show=False, priority=True),
        Binding("e", "edit", "Edit settings", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.checked: ExportSettings | None = None
        self.result: CpdExport | None = None
        self.written: Path | None = None
        self._pending: ExportSettings | None = None
        self._pending_write = False
        self._first_load = True
        #: A job is running (its dialog is up); a request meanwhile is run after it.
        self._busy = False
        self._queued: bool | None = None
        #: The text of the field marked as refused, when it was refused.
        self._refused: tuple[str, str] | None = None

    # -- layout ----------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="export-body"):
            with Grid(id="export-form"):
                yield Label("From", classes="export-label")
                yield Input(id="export-from", compact=True, validate_on=())
                yield Label("To", classes="export-label")
                yield Input(id="export-to", compact=True, validate_on=())
                yield Label("Template", classes="export-label")
                yield Select(
                    TEMPLATES, value="nmc", allow_blank=False, compact=True, id="export-template"
                )
                yield Label("Format", classes="export-label")
                yield Select(
                    FORMATS, value="md", allow_blank=False, compact=True, id="export-format"
                )
                yield Label("Include names", classes="export-label")
                with Horizontal(id="export-names-row"):
                    yield Switch(value=False, id="export-names")
                    yield Label(NAMES_OFF, id="export-names-state")
                yield Label("File", classes="export-label")
                yield Input(id="export-path", compact=True, validate_on=())
            yield Label("", id="export-error")
            yield Static(NAMES_WARNING, id="export-names-warning")
            with Horizontal(id="export-buttons"):
                yield Button("Preview (p)", id="export-preview-button", compact=True)
                yield Button(
                    "Write file (w)", id="export-write-button", variant="primary", compact=True
                )
            yield Static("", id="export-status")
            with Horizontal(id="export-panes"):
                with ContentSwitcher(initial="export-preview-md", id="export-preview"):
                    yield VerticalScroll(id="export-preview-md")
                    with VerticalScroll(id="export-preview-raw"):
                        yield Static("", id="export-preview-text", markup=False)
                with Vertical(id="export-findings-pane"):
                    yield Label("Confidentiality findings", classes="export-heading")
                    yield DataTable(id="export-findings", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#export-findings", DataTable)
        table.add_columns("Date", "Found", "Becomes")
        start, end = self.journal.cpd.cpd_period()
        self.query_one("#export-from", Input).value = start.isoformat()
        self.query_one("#export-to", Input).value = (
            "today" if end == self.journal.today() else end.isoformat()
        )
        self.query_one("#export-path", Input).placeholder = "default: the exports folder"
        self._show_names_warning(False)
        # No super() call: Textual runs DataScreen.on_mount (load + focus) itself,
        # after this one, as it runs the handlers of every class in the MRO.

    # -- data ------------------------------------------------------------------

    def load(self) -> None:
        """First time: preview the default export. Later (the store changed): say so.

        A preview is not re-run behind the user's back: it would open the
        progress dialog over whatever they are typing.
        """
        if self._first_load:
            self._first_load = False
            self.call_after_refresh(self.action_preview)
            return
        if self.checked is not None:
            self.checked = None
            self._status("The journal changed since this preview: press p to refresh it.")

    # -- reading the form --------------------------------------------------------

    def settings(self) -> ExportSettings:
        """The form as :class:`ExportSettings`; a refused value raises ``InputError(field=…)``."""
        journal = self.journal

        def day(input_id: str, name: str) -> date:
            text = self.query_one(f"#{input_id}", Input).value.strip()
            try:
                return journal.parse_date(text or "today")
            except InputError as exc:
                raise InputError(exc.message, field=name, hint=exc.hint) from exc

        start = day("export-from", "from")
        end = day("export-to", "to")
        if end < start:
            raise InputError(
                f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                field="to",
            )
        raw_path = self.query_one("#export-path", Input).value.strip()
        path: Path | None = None
        if raw_path:
            path = Path(raw_path).expanduser()
            if not path.is_absolute():
                path = Path.cwd() / path
            if path.is_dir():
                raise InputError(f"{path} is a folder: give a file name", field="path")
        template = self.query_one("#export-template", Select).value
        fmt = self.query_one("#export-format", Select).value
        return ExportSettings(
            start=start,
            end=end,
            template=str(template),
            fmt=str(fmt),
            include_names=self.query_one("#export-names", Switch).value,
            path=path,
        )

    _INPUT_FOR_FIELD: ClassVar[dict[str, str]] = {
        "from": "export-from",
        "to": "export-to",
        "path": "export-path",
        "output": "export-path",
    }

    def clear_errors(self) -> None:
        for input_id in set(self._INPUT_FOR_FIELD.values()):
            self.query_one(f"#{input_id}", Input).remove_class("-invalid")
        error = self.query_one("#export-error", Label)
        error.update("")
        error.remove_class("-shown")
        self._refused = None

    def mark_error(self, exc: NetjournalError) -> None:
        """Mark the field ``exc`` is about (if any) and show the reason under the form."""
        field = exc.field if isinstance(exc, InputError) else None
        input_id = self._INPUT_FOR_FIELD.get(field or "")
        if input_id is not None:
            widget = self.query_one(f"#{input_id}", Input)
            widget.add_class("-invalid")
            widget.focus()
            self._refused = (input_id, widget.value)
        error = self.query_one("#export-error", Label)
        error.update(exc.one_line())
        error.add_class("-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing in the refused field clears the error (a late message for the same text does not)."""
        refused = self._refused
        if refused is not None and event.input.id == refused[0] and event.value != refused[1]:
            self.clear_errors()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new template or format: preview it (the findings may differ too)."""
        event.stop()
        checked = self.checked
        if checked is not None and str(event.value) not in (checked.template, checked.fmt):
            self.action_preview()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self._show_names_warning(event.value)
        if self.checked is not None and self.checked.include_names != event.value:
            self.action_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_preview()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-preview-button":
            self.action_preview()
        elif event.button.id == "export-write-button":
            self.action_write()

    def _show_names_warning(self, shown: bool) -> None:
        """The switch's state in words too, and the warning while names are kept."""
        self.set_class(shown, "-with-names")
        self.query_one("#export-names-state", Label).update(NAMES_ON if shown else NAMES_OFF)

    def _status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(text)

    # -- actions -----------------------------------------------------------------

    def action_edit(self) -> None:
        self.query_one("#export-from", Input).focus()

    def action_preview(self) -> None:
        """Build the export in memory: preview, summary and findings."""
        self._start(write=False)

    def action_write(self) -> None:
        """Write the file, but only once the findings for these settings were shown."""
        self._start(write=True)

    def _start(self, *, write: bool) -> None:
        if self._busy:
            # one job at a time: the latest request runs when this one ends
            self._queued = write or bool(self._queued)
            return
        self.clear_errors()
        try:
            settings = self.settings()
        except InputError as exc:
            self.mark_error(exc)
            return
        if write and settings != self.checked:
            # Show the findings first; the user writes with a second press.
            write = False
            self._status("Checking the record for names and identifiers first…")
        self._pending, self._pending_write = settings, write
        self._busy = True
        title = "Writing the export…" if write else "Preparing the preview…"
        self.app.push_screen(ExportProgress(title))
        self.build_export(self.journal.paths, settings, write)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def build_export(self, paths: Paths, settings: ExportSettings, write: bool) -> CpdExport:
        """Run the facade's export in this worker thread, reporting progress to the dialog.

        The thread opens a journal of its own over the same folder: it then
        shares no TinyDB object with the UI thread (TinyDB is not
        thread-safe), and reading the atomically replaced store files is
        safe even if something writes meanwhile, as when a CLI command
        writes while the app is open.
        """
        from netjournal.journal import Journal

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._advance, done, total)

        journal = Journal.open(paths=paths)
        fmt = settings.fmt
        if write:
            return journal.cpd.export_cpd(
                settings.start,
                settings.end,
                template=settings.template,
                fmt=fmt,
                path=settings.path,
                include_names=settings.include_names,
                progress=progress,
            )
        return journal.cpd.render_cpd(
            settings.start,
            settings.end,
            template=settings.template,
            fmt="md" if fmt in DOCUMENT_FORMATS else fmt,
            include_names=settings.include_names,
            progress=progress,
        )

    def _advance(self, done: int, total: int) -> None:
        dialog = self.app.screen
        if isinstance(dialog, ExportProgress):
            dialog.advance(done, total)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        if isinstance(self.app.screen, ExportProgress):
            self.app.pop_screen()
        self._busy = False
        settings, write = self._pending, self._pending_write
        if event.state is WorkerState.SUCCESS and settings is not None:
            result = event.worker.result
            assert result is not None
            self._show(settings, result, write)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, NetjournalError):
                self.mark_error(error)
                self._status("Nothing was written.")
            else:
                self._status(f"The export failed: {error!r}. Nothing was written.")
        queued, self._queued = self._queued, None
        if queued is not None:
            self._start(write=queued)

    # -- showing results ----------------------------------------------------------

    def _show_document(self, text: str) -> None:
        """The Markdown preview: prose as Markdown, each table as a table that scrolls sideways."""
        pane = self.query_one("#export-preview-md", VerticalScroll)
        pane.remove_children()
        widgets: list[Markdown | DataTable[Text]] = []
        for _kind, block in markdown_blocks(text):
            if isinstance(block, str):
                widgets.append(Markdown(block, classes="export-preview-prose"))
                continue
            table: DataTable[Text] = DataTable(
                classes="export-preview-table", zebra_stripes=True, cursor_type="none"
            )
            heading, *rows = block
            table.add_columns(*plain_cells(*heading))
            for row in rows:
                table.add_row(
                    *plain_cells(*(row + [""] * (len(heading) - len(row)))[: len(heading)])
                )
            widgets.append(table)
        pane.mount_all(widgets)

    def _show(self, settings: ExportSettings, result: CpdExport, wrote: bool) -> None:
        from netjournal.domain.privacy import FINDING_LABELS

        self.checked = settings
        self.result = result
        report = result.report
        order = self.journal.config.date_order
        lines = [
            report_summary(report, order),
            findings_summary(result.findings, settings.include_names),
        ]
        if wrote and result.path is not None:
            self.written = result.path
            lines.append(f"Written to {result.path}")
            self.notify(f"Export written to {result.path}", title="Export")
        else:
            lines.append("Press w to write the file.")
        self._status("\n".join(lines))

        text, cut = preview_text(result.payload)
        if cut:
            text += (
                f"\n\n… (the preview stops after {PREVIEW_LINES} lines; the file has everything)"
            )
        switcher = self.query_one("#export-preview", ContentSwitcher)
        if settings.fmt in DOCUMENT_FORMATS:
            if not wrote or settings.fmt == "md":
                self._show_document(text)
            switcher.current = "export-preview-md"
        else:
            self.query_one("#export-preview-text", Static).update(text)
            switcher.current = "export-preview-raw"

        table = self.query_one("#export-findings", DataTable)
        table.clear()
        for finding in result.findings[:FINDINGS_SHOWN]:
            becomes = "(kept)" if settings.include_names else finding.replacement
            table.add_row(
                *plain_cells(
                    finding.date.isoformat(),
                    f"{FINDING_LABELS.get(finding.kind, finding.kind.value)}: {finding.text}",
                    becomes,
                )
            )
        if len(result.findings) > FINDINGS_SHOWN:
            table.add_row("…", f"{len(result.findings) - FINDINGS_SHOWN} more", "")
