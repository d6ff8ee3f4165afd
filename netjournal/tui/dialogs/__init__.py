"""ModalScreen dialogs: each returns its answer through ``dismiss`` (ModalScreen[T])."""
