"""Full-screen views, one per number key (1 Today … 7 Export), plus help."""

from pathlib import Path

#: The Journal, Contacts and Conversations screens' layout (their ``CSS_PATH``):
#: read the first time one of them is shown, not with the Today screen.
LIST_CSS = Path(__file__).with_name("lists.tcss")
