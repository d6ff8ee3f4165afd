"""``week`` and ``trends`` show the sociability figures beside the balance."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def seed() -> None:
    assert (
        run_cli(
            "log", "online", "30m", "chat", "--with", "Ada Lovelace", "--date", "2026-11-24"
        ).returncode
        == 0
    )
    assert (
        run_cli(
            "log", "online", "10m", "post", "--style", "broadcast", "--date", "2026-11-23"
        ).returncode
        == 0
    )
    assert (
        run_cli(
            "conversation",
            "add",
            "--with",
            "Mary Seacole",
            "--channel",
            "x",
            "--started",
            "2026-11-23",
            "--replied",
        ).returncode
        == 0
    )


def test_week_includes_sociability_by_default_and_can_skip_it() -> None:
    seed()
    data = json.loads(run_cli("week", "--json").stdout)
    social = data["sociability"]
    assert social["activities"] == 2 and social["conversation_share"] == 0.5
    assert social["started_by_me"] == 1 and social["my_openers_replied"] == 1
    assert social["new_connections"] == 2  # Ada and Mary both first appeared this week
    assert json.loads(run_cli("week", "--no-sociability", "--json").stdout)["sociability"] is None
    text = run_cli("week").stdout
    assert "1 of 2 activities were conversations" in text or "conversation 50%" in text


def test_trends_carry_sociability_per_period() -> None:
    seed()
    data = json.loads(run_cli("trends", "--weeks", "2", "--json").stdout)
    this_week, last_week = data["points"][1]["sociability"], data["points"][0]["sociability"]
    assert this_week["conversations"] == 1 and this_week["new_connections"] == 2
    assert last_week["activities"] == 0 and last_week["conversation_share"] is None
    text = run_cli("trends", "--weeks", "2").stdout
    assert "Sociability" in text and "2026-W48" in text.split("Sociability")[1]
