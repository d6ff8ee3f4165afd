"""Edit an activity's CPD record: topic, method, learning, change to practice, standards …

The same fields as ``netjournal cpd set``. The dialog collects text and hands
the changed fields to a ``save`` callable (the facade's ``set_cpd``), which
reads the NMC theme and HCPC type words and may refuse a field; the refused
field is marked with the reason and the dialog stays open.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from netjournal.domain.models import CpdDetails
from netjournal.errors import InputError
from netjournal.tui.dialogs.fields_dialog import FieldsDialog
from netjournal.tui.widgets.external_editor import edit_field_externally

#: (field, label, placeholder) in the order shown.
CPD_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("topic", "Topic", "e.g. Safe staffing"),
    ("method", "Method", "e.g. online discussion, conference, peer learning"),
    ("learning", "What I learnt", "what you learnt (enter starts a new line)"),
    ("practice_change", "Practice change", "how it changed or improved my practice"),
    ("standards", "Standards", "any of: prioritise, practise, preserve, promote"),
    ("participatory", "Participatory", "yes, no, or empty for the default"),
    ("evidence", "Evidence", "file paths or URLs, separated by ;"),
    ("hcpc_type", "HCPC type", "work-based, professional, formal, self-directed, other"),
    ("reflect", "Reflective account", "yes or no (NMC: write one for this activity)"),
)

#: The reflective answers: ``ctrl+e`` writes them in the user's own editor.
LONG_FIELDS = ("learning", "practice_change")

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
    """The changed text fields as keyword arguments of ``journal.cpd.set_cpd``."""
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


class CpdDialog(FieldsDialog):
    """``True`` once ``journal.cpd.set_cpd`` (via ``save``) accepted the changed fields."""

    FIELDS = CPD_FIELDS
    PREFIX = "cpd"
    BINDINGS: ClassVar[list[BindingType]] = [
        *FieldsDialog.BINDINGS,
        # Priority: the focused Input's own ctrl+e (cursor to end) would take the key.
        Binding("ctrl+e", "edit_long_text", "In $EDITOR", show=False, priority=True),
    ]

    def action_edit_long_text(self) -> None:
        """``ctrl+e`` in *What I learnt* or *Practice change*: write it in ``$EDITOR``."""
        focused = self.app.focused
        long_ids = {f"{self.PREFIX}-{name}" for name in LONG_FIELDS}
        edit_field_externally(focused, long_text=focused is not None and focused.id in long_ids)

    MULTILINE = frozenset({"learning"})
    BOX_CLASS = "cpd-dialog"

    def submit(self, changed: dict[str, str]) -> object:
        return self.save(cpd_changes(changed))
