"""docs/reference.md is generated from the parser; it must match what --help says today."""

from __future__ import annotations

import importlib.util

from tests.conftest import REPO

ROOT = REPO


def test_reference_doc_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_reference", ROOT / "scripts" / "gen_reference.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    actual = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/reference.md is stale: run python scripts/gen_reference.py"
