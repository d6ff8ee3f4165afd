"""``ctrl+e`` in a text field: a long answer is written in the user's own editor.

The app's ``edit_externally`` opens ``$VISUAL``/``$EDITOR``, as the CLI's
``--edit`` does. The activity form's note and the CPD dialog's reflective
answers take the key this way; in any other field it keeps the meaning an
``Input`` gives it, the cursor to the end of the line.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget
from textual.widgets import Input


def edit_field_externally(field: Widget | None, *, long_text: bool) -> None:
    """``ctrl+e`` on the focused ``field``: in the editor if it holds ``long_text``.

    The saved text replaces the field's and the field keeps the focus;
    nothing changes when the editor gives nothing back, or when the app
    has no ``edit_externally``.
    """
    # Here, not at the top: the activity form imports this module, and the
    # form has no TextArea to pay for.
    from textual.widgets import TextArea

    if not isinstance(field, Input | TextArea):
        return
    if not long_text:
        if isinstance(field, Input):
            field.action_end()
        return
    edit: Callable[[str], str | None] | None = getattr(field.app, "edit_externally", None)
    if edit is None:
        return
    saved = edit(field.value if isinstance(field, Input) else field.text)
    if saved is None:
        return
    if isinstance(field, Input):
        field.value = saved
    else:
        field.text = saved
    field.focus()
