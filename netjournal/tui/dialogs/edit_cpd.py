"""Edit an activity's CPD record: topic, method, learning, change to practice, standards …

The same fields as ``netjournal cpd set``. The dialog collects text and hands
the changed fields to a ``save`` callable (the facade's ``set_cpd``), which
reads the NMC theme and HCPC type words and may refuse a field; the refused
field is marked with the reason and the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from netjournal.domain.models import CpdDetails
from netjournal.errors import InputError, NetjournalError

#: (field, label, placeholder) in the order shown.
CPD_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("topic", "Topic", "e.g. Safe staffing"),
    ("method", "Method", "online discussion, conference, peer learning, reading, course"),
    ("learning", "What I learnt", ""),
    ("practice_change", "Practice change", "how it changed or improved my practice"),
    ("standards", "Standards", "prioritise, practise, preserve, promote (comma-separated)"),
    ("participatory", "Participatory", "yes, no, or empty for the default"),
    ("evidence", "Evidence", "file paths or URLs, separated by ;"),
    ("hcpc_type", "HCPC type", "work-based, professional, formal, self-directed, other"),
    ("reflect", "Reflective account", "yes or no (NMC: write one for this activity)"),
)

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def cpd_values(cpd: CpdDetails | None) -> dict[str, str]:
    """What each field shows for an activity's current CPD record."""
    if cpd is None:
        return {}
    participatory = {True: "yes", False: "no", None: ""}[cpd.participatory]
    return {
        "topic": cpd.topic,
        "method": cpd.method,
        "learning": cpd.learning,
        "practice_change": cpd.practice_change,
        "standards": ", ".join(cpd.standards),
        "participatory": participatory,
        "evidence": "; ".join(cpd.evidence),
        "hcpc_type": cpd.hcpc_type,
        "reflect": "yes" if cpd.reflect else "no",
    }


def _yes_no(field: str, text: str) -> bool | None:
    word = text.strip().lower()
    if not word:
        return None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InputError(f"{field.replace('_', ' ')}: answer yes or no, not {text!r}", field=field)


def cpd_changes(changed: dict[str, str]) -> dict[str, Any]:
    """The changed text fields as keyword arguments of ``Journal.set_cpd``."""
    out: dict[str, Any] = {}
    for name, text in changed.items():
        if name == "standards":
            out[name] = [s.strip() for s in text.split(",") if s.strip()]
        elif name == "evidence":
            out[name] = [e.strip() for e in text.split(";") if e.strip()]
        elif name == "participatory":
            choice = _yes_no(name, text)
            if choice is None:
                out["participatory_auto"] = True
            else:
                out[name] = choice
        elif name == "reflect":
            out[name] = bool(_yes_no(name, text))
        else:
            out[name] = text
    return out


class CpdDialog(ModalScreen[bool]):
    """``True`` once ``save`` accepted the changed fields; ``False`` on escape."""

    DEFAULT_CLASSES = "dialog-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self, title: str, save: Callable[[dict[str, Any]], object], values: dict[str, str]
    ) -> None:
        super().__init__()
        self.heading = title
        self.save = save
        self.initial = values

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog contact-dialog"):
            yield Label(self.heading, classes="dialog-question", markup=False)
            with Grid(classes="contact-grid"):
                for name, label, placeholder in CPD_FIELDS:
                    yield Label(label, classes="contact-label", markup=False)
                    yield Input(
                        self.initial.get(name, ""),
                        placeholder=placeholder,
                        id=f"cpd-{name}",
                        compact=True,
                    )
            yield Label("", id="cpd-error", classes="dialog-error", markup=False)
            yield Label(
                "enter or ctrl+s to save · escape to cancel", classes="dialog-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#cpd-topic", Input).focus()

    def changed(self) -> dict[str, str]:
        """Fields whose text differs from what the dialog opened with."""
        out: dict[str, str] = {}
        for name, _, _ in CPD_FIELDS:
            text = self.query_one(f"#cpd-{name}", Input).value.strip()
            if text != self.initial.get(name, "").strip():
                out[name] = text
        return out

    def action_save(self) -> None:
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        try:
            self.save(cpd_changes(self.changed()))
        except InputError as exc:
            self.query_one("#cpd-error", Label).update(exc.one_line())
            found = self.query(f"#cpd-{exc.field}") if exc.field else None
            if found:
                found.first().add_class("-invalid")
                found.first().focus()
            return
        except NetjournalError as exc:
            self.query_one("#cpd-error", Label).update(exc.one_line())
            return
        self.dismiss(True)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)
