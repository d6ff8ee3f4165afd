"""Mastodon and Bluesky importers on arbitrary and mutated files: a batch or one clear line.

Uses the helpers of tests/functional/robustness/test_bad_input.py (same rule as every importer).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.functional.robustness.test_bad_input import SOAK, _mutations, _parse_bytes

CASES = [
    ("mastodon", "outbox.json", FIXTURES / "mastodon" / "archive" / "outbox.json"),
    ("bluesky", "repo.car", FIXTURES / "bluesky" / "repo.car"),
]


@pytest.mark.parametrize(("source", "name", "real"), CASES, ids=lambda v: str(v)[-16:])
def test_fediverse_importers_survive_arbitrary_and_mutated_files(
    source: str, name: str, real: Path
) -> None:
    examples = 600 if SOAK else 80

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=600) | _mutations(real.read_bytes()))
    def fuzz(data: bytes) -> None:
        _parse_bytes(source, name, data)

    fuzz()
