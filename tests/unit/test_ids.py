"""Ids are random version-4 UUIDs as 32 hex digits, made without importing uuid."""

from __future__ import annotations

import uuid

from netjournal.domain.models import new_id


def test_new_id_is_a_version_4_uuid_in_hex() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for value in ids[:200]:
        parsed = uuid.UUID(hex=value)
        assert len(value) == 32 and parsed.hex == value
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
