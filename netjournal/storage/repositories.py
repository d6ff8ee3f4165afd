"""Every repository of one store, and opening a store.

The repositories themselves live beside this module: :mod:`~netjournal.storage.document_repo`
(records of one kind in one file), :mod:`~netjournal.storage.activity_repo`
(activities, one file per month) and :mod:`~netjournal.storage.trash`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netjournal.domain.models import Activity
from netjournal.storage.activity_repo import ActivityRepo
from netjournal.storage.derived import DerivedCache
from netjournal.storage.document_repo import DocumentRepo
from netjournal.storage.engine import Store
from netjournal.storage.trash import TrashEntry, TrashRepo

if TYPE_CHECKING:
    from netjournal.domain.channels import CustomChannel
    from netjournal.domain.contact_record import Contact
    from netjournal.domain.conversation_record import Conversation
    from netjournal.domain.revalidation import Feedback, ReflectiveDiscussion
    from netjournal.domain.target_record import Target
    from netjournal.domain.timer import RunningTimer


class Repositories:
    """Every repository of one store, built once per facade."""

    def __init__(self, store: Store, cache: DerivedCache) -> None:
        self.store = store
        self.cache = cache
        self.activities = ActivityRepo(store, cache)
        self.contacts: DocumentRepo[Contact] = DocumentRepo(
            store, "contacts.json", "contacts", _contact_from_dict, cache
        )
        self.conversations: DocumentRepo[Conversation] = DocumentRepo(
            store, "conversations.json", "conversations", _conversation_from_dict, cache
        )
        self.targets: DocumentRepo[Target] = DocumentRepo(
            store, "targets.json", "targets", _target_from_dict
        )
        self.trash = TrashRepo(store, "trash.json", "trash", TrashEntry.from_dict)
        self.timer: DocumentRepo[RunningTimer] = DocumentRepo(
            store, "timer.json", "timer", _timer_from_dict
        )
        self.channels: DocumentRepo[CustomChannel] = DocumentRepo(
            store, "channels.json", "channels", _channel_from_dict
        )
        self.feedback: DocumentRepo[Feedback] = DocumentRepo(
            store, "feedback.json", "feedback", _feedback_from_dict
        )
        self.discussions: DocumentRepo[ReflectiveDiscussion] = DocumentRepo(
            store, "discussions.json", "discussions", _discussion_from_dict
        )


def _contact_from_dict(data: dict[str, Any]) -> Contact:
    # The record classes a command does not read are not built: ``list`` and a plain
    # ``log`` decode no contact (names come from the derived cache), no conversation
    # and no target.
    from netjournal.domain.contact_record import Contact

    return Contact.from_dict(data)


def _conversation_from_dict(data: dict[str, Any]) -> Conversation:
    from netjournal.domain.conversation_record import Conversation

    return Conversation.from_dict(data)


def _target_from_dict(data: dict[str, Any]) -> Target:
    from netjournal.domain.target_record import Target

    return Target.from_dict(data)


def _feedback_from_dict(data: dict[str, Any]) -> Feedback:
    # Loaded only by the revalidation commands, as for the timer below.
    from netjournal.domain.revalidation import Feedback

    return Feedback.from_dict(data)


def _discussion_from_dict(data: dict[str, Any]) -> ReflectiveDiscussion:
    from netjournal.domain.revalidation import ReflectiveDiscussion

    return ReflectiveDiscussion.from_dict(data)


def _timer_from_dict(data: dict[str, Any]) -> RunningTimer:
    # The timer's module loads only when a timer is read: `log` never needs it.
    from netjournal.domain.timer import RunningTimer

    return RunningTimer.from_dict(data)


def _channel_from_dict(data: dict[str, Any]) -> CustomChannel:
    # Read only when a channel outside the built-in list is given.
    from netjournal.domain.channels import CustomChannel

    return CustomChannel.from_dict(data)


def open_store(
    root: Path,
    backup_dir: Path,
    *,
    backups_keep: int,
    today: Callable[[], date],
    cache_dir: Path | Callable[[], Path] | None = None,
) -> Repositories:
    """Open (lazily) the store under ``root``; nothing is read or created yet.

    ``cache_dir`` holds figures derived from the store, or is a function
    that returns it on first need (default: no cache, every figure is
    computed); see :mod:`netjournal.storage.derived`. It is never inside the
    data folder (:attr:`netjournal.paths.Paths.cache_dir` says why).
    """
    store = Store(root, backup_dir, backups_keep=backups_keep, today=today)
    return Repositories(store, DerivedCache(cache_dir))


#: How the records of each kind of store file decode, for the checks that read every
#: record before trusting a file: ``doctor`` and the merge of another copy.
RECORD_DECODERS: Mapping[str, Callable[[dict[str, Any]], Any]] = {
    "activities": Activity.from_dict,
    "contacts": _contact_from_dict,
    "conversations": _conversation_from_dict,
    "targets": _target_from_dict,
    "trash": TrashEntry.from_dict,
}
