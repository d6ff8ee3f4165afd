"""ActivityWatch bucket exports: online minutes per day and channel, through the real entry point."""

from __future__ import annotations

import json
import zipfile
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from netjournal.cli import main
from netjournal.config import Config, read_table, save_config
from netjournal.domain.models import Mode, Style
from netjournal.domain.online_time import TrackerSettings, settings_from_table
from netjournal.errors import ImportFormatError
from netjournal.importers import activitywatch
from netjournal.importers.activitywatch import parse
from netjournal.importers.base import ImportBatch, ImportOptions
from tests.conftest import FIXTURES, FROZEN_TODAY, run_cli

AW = FIXTURES / "activitywatch"
EXPORT = AW / "export"  # the laptop's all-buckets export + one bucket of the desktop
LAPTOP = EXPORT / "aw-buckets-export.json"
EXTENDED = AW / "extended" / "aw-buckets-export.json"  # the laptop, exported four days later
OPTIONS = ImportOptions(today=FROZEN_TODAY)


def minutes(batch: ImportBatch) -> dict[tuple[str, str], int]:
    return {(a.date.isoformat(), a.channel): a.minutes for a in batch.activities}


@pytest.fixture(scope="module")
def export() -> ImportBatch:
    return parse(EXPORT, OPTIONS)


def test_each_day_and_platform_becomes_one_online_activity(export: ImportBatch) -> None:
    assert minutes(export) == {
        ("2026-11-02", "linkedin"): 11,
        ("2026-11-02", "x"): 7,
        ("2026-11-02", "mastodon"): 5,
        ("2026-11-03", "linkedin"): 10,
        ("2026-11-04", "linkedin"): 15,
        ("2026-11-05", "bluesky"): 15,
    }
    assert {(a.mode, a.style) for a in export.activities} == {(Mode.ONLINE, Style.LISTENING)}
    assert all(a.source_id == f"activitywatch:day:{a.date}:{a.channel}" for a in export.activities)


def test_the_web_and_window_buckets_seeing_the_same_seconds_count_once(
    export: ImportBatch,
) -> None:
    # web 09:14:03 for 10 min, window 09:14:00 for 11 min: 11 minutes, not 21
    linkedin = next(
        a for a in export.activities if (a.date, a.channel) == (date(2026, 11, 2), "linkedin")
    )
    assert linkedin.minutes == 11
    assert linkedin.time == time(9, 14)
    assert sorted(linkedin.extra["activitywatch"]) == [
        "aw-watcher-web-firefox_nurse-laptop",
        "aw-watcher-window_nurse-laptop",
    ]


def test_time_marked_away_from_the_keyboard_is_not_counted(export: ImportBatch) -> None:
    # the LinkedIn window stayed in front from 09:30 to 10:00 while the AFK watcher said "afk"
    assert minutes(export)[("2026-11-02", "linkedin")] == 11
    without_afk = json.loads(LAPTOP.read_text(encoding="utf-8"))
    del without_afk["buckets"]["aw-watcher-afk_nurse-laptop"]
    assert minutes(batch_of(without_afk))[("2026-11-02", "linkedin")] == 41


def test_an_evening_past_midnight_is_split_at_local_midnight(export: ImportBatch) -> None:
    assert minutes(export)[("2026-11-03", "linkedin")] == 10  # 23:50-00:00
    # 00:00-00:10 on the laptop + 5 minutes on the desktop's Chrome at 08:00
    assert minutes(export)[("2026-11-04", "linkedin")] == 15


def test_days_follow_the_configured_time_zone() -> None:
    batch = parse(
        LAPTOP,
        ImportOptions(
            today=FROZEN_TODAY, activitywatch=TrackerSettings(timezone="America/New_York")
        ),
    )
    # 23:50 UTC is 18:50 in New York: all twenty minutes on 3 November
    assert minutes(batch)[("2026-11-03", "linkedin")] == 20
    assert ("2026-11-04", "linkedin") not in minutes(batch)


def test_less_than_a_minute_a_day_is_dropped(export: ImportBatch) -> None:
    assert ("2026-11-02", "bluesky") not in minutes(export)  # 25 seconds on bsky.app


def test_other_sites_and_apps_are_not_counted(export: ImportBatch) -> None:
    assert {a.channel for a in export.activities} == {"linkedin", "x", "mastodon", "bluesky"}


def test_buckets_of_other_kinds_are_named_in_a_warning(export: ImportBatch) -> None:
    assert export.warnings == [
        "not read (not web, window or AFK buckets): aw-stopwatch (general.stopwatch)"
    ]


def test_user_rules_add_channels() -> None:
    settings = settings_from_table(
        {"hosts": {"nmc.org.uk": "reading"}, "titles": {"* - gnome-terminal-server": "x"}},
        "config.toml",
    )
    batch = parse(LAPTOP, ImportOptions(today=FROZEN_TODAY, activitywatch=settings))
    assert minutes(batch)[("2026-11-02", "reading")] == 7


def test_the_aw_client_event_list_is_read_too() -> None:
    batch = parse(AW / "aw-client-canonical.json", OPTIONS)
    assert minutes(batch) == {("2026-11-02", "linkedin"): 11, ("2026-11-02", "x"): 5}


def test_a_zip_of_exports_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "aw.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in EXPORT.iterdir():
            zf.write(file, f"exports/{file.name}")
    assert minutes(parse(archive, OPTIONS)) == minutes(parse(EXPORT, OPTIONS))


# --- damaged and hostile files ---------------------------------------------------------------


def batch_of(document: Any, tmp: Path | None = None) -> ImportBatch:
    import tempfile

    folder = Path(tmp or tempfile.mkdtemp())
    path = folder / "aw-buckets-export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return parse(path, OPTIONS)


def laptop() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(LAPTOP.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("aw-buckets-export-truncated.json", "line 129: broken JSON"),
        (
            "aw-buckets-export-absurd-duration.json",
            "bucket 'aw-watcher-window_nurse-laptop', event 3: duration 8640000000000.0 seconds",
        ),
        (
            "aw-buckets-export-year-9999.json",
            "bucket 'aw-watcher-web-firefox_nurse-laptop', event 2: dated 9999-12-31",
        ),
    ],
)
def test_a_damaged_export_is_refused_naming_file_and_place(name: str, words: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse(AW / "damaged" / name, OPTIONS)
    message = caught.value.one_line()
    assert message.startswith(str(AW / "damaged" / name))
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda e: e.update(duration=-5), "duration -5 seconds is impossible"),
        (lambda e: e.update(duration=float("nan")), "is impossible"),
        (lambda e: e.update(duration="42"), "duration must be a number"),
        (lambda e: e.update(timestamp="yesterday"), "bad timestamp 'yesterday'"),
        (lambda e: e.update(timestamp="1899-12-31T12:00:00+00:00"), "dated 1899-12-31"),
        (lambda e: e.update(data=["x.com"]), "data must be an object"),
        (lambda e: e["data"].update(url="https://x.com/" + "a" * 100_001), "characters long"),
    ],
)
def test_a_bad_event_is_refused_with_its_bucket_and_number(
    change: Any, words: str, tmp_path: Path
) -> None:
    document = laptop()
    change(document["buckets"]["aw-watcher-web-firefox_nurse-laptop"]["events"][3])
    with pytest.raises(ImportFormatError) as caught:
        batch_of(document, tmp_path)
    assert "aw-watcher-web-firefox_nurse-laptop" in caught.value.one_line()
    assert words in caught.value.one_line()


@pytest.mark.parametrize(
    "document", [{"hello": "world"}, {"buckets": ["a"]}, "just text", {"buckets": {"b": 3}}]
)
def test_a_file_that_is_not_an_export_is_refused(document: Any, tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError):
        batch_of(document, tmp_path)


def test_an_export_without_web_window_or_afk_buckets_is_refused(tmp_path: Path) -> None:
    document = laptop()
    document["buckets"] = {"aw-stopwatch": document["buckets"]["aw-stopwatch"]}
    with pytest.raises(ImportFormatError, match="no web, window or AFK bucket"):
        batch_of(document, tmp_path)


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(activitywatch, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportFormatError, match="larger than"):
        parse(LAPTOP, OPTIONS)


def test_json_nested_absurdly_deep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ImportFormatError, match="nested too deeply"):
        parse(path, OPTIONS)


# --- through the command line ----------------------------------------------------------------


def stored(nj: Any) -> dict[tuple[str, str], int]:
    rows = nj("list", "--from", "2026-11-01", "--to", "2026-11-10", "--json").json()
    items = rows["activities"] if isinstance(rows, dict) else rows
    totals: dict[tuple[str, str], int] = {}
    for a in items:  # a day may hold an imported and a hand-logged activity
        key = (a["date"], a["channel"])
        totals[key] = totals.get(key, 0) + a["minutes"]
    return totals


def counts(report: dict[str, Any]) -> tuple[int, int, int]:
    a = report["activities"]
    return a["added"], a["updated"], a["unchanged"]


def snapshot(home: Path) -> dict[str, bytes]:
    if not home.exists():
        return {}
    return {
        str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()
    }


def test_import_then_the_same_export_again_adds_nothing(nj: Any) -> None:
    assert counts(nj("import", "activitywatch", str(EXPORT), "--json").json()) == (6, 0, 0)
    assert counts(nj("import", "activitywatch", str(EXPORT), "--json").json()) == (0, 0, 6)
    assert stored(nj)[("2026-11-02", "linkedin")] == 11


def test_a_longer_export_updates_the_day_instead_of_adding(nj: Any) -> None:
    nj("import", "activitywatch", str(EXPORT), "--json").json()
    report = nj("import", "aw", str(EXTENDED), "--json").json()
    # 2 Nov gains 16:00-16:05 on LinkedIn; 6 Nov is new; the desktop's 4 Nov minutes stay
    assert counts(report) == (1, 1, 4)
    after = stored(nj)
    assert after[("2026-11-02", "linkedin")] == 16
    assert after[("2026-11-06", "x")] == 10
    assert after[("2026-11-04", "linkedin")] == 15
    assert len(after) == 7


def test_a_dry_run_writes_nothing(nj: Any, netjournal_home: Path) -> None:
    nj("import", "activitywatch", str(EXPORT))
    before = snapshot(netjournal_home)
    run = nj("import", "activitywatch", str(EXTENDED), "--dry-run")
    assert run.code == 0
    assert "Dry run, nothing written" in run.out
    assert "activities         1 added      1 updated      4 unchanged" in run.out
    assert snapshot(netjournal_home) == before


def test_minutes_logged_by_hand_are_not_counted_twice(nj: Any) -> None:
    assert (
        nj("log", "online", "4m", "Commented on a post", "-c", "linkedin", "-d", "2026-11-02").code
        == 0
    )
    assert nj("log", "online", "30m", "Bluesky chat", "-c", "bluesky", "-d", "2026-11-05").code == 0
    run = nj("import", "activitywatch", str(EXPORT))
    assert run.code == 0
    after = stored(nj)
    # 11 tracked - 4 by hand; Bluesky's 15 tracked are within the 30 logged by hand
    assert after[("2026-11-02", "linkedin")] == 4 + 7
    assert after[("2026-11-05", "bluesky")] == 30
    assert (
        "2026-11-02 linkedin: 11 min tracked, 4 min already in your journal; 7 min imported"
        in run.err
    )
    assert (
        "2026-11-05 bluesky: 15 min tracked, 30 min already in your journal; nothing imported"
        in run.err
    )


def test_a_damaged_export_exits_2_with_one_line_and_writes_nothing(netjournal_home: Path) -> None:
    main(["import", "activitywatch", str(EXPORT)])
    before = snapshot(netjournal_home)
    damaged = AW / "damaged" / "aw-buckets-export-truncated.json"
    result = run_cli("import", "activitywatch", str(damaged))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"{damaged}, line 129: broken JSON" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(netjournal_home) == before


def test_rules_come_from_config_toml_and_a_bad_one_is_refused(
    nj: Any, netjournal_home: Path
) -> None:
    netjournal_home.mkdir(parents=True, exist_ok=True)
    config = netjournal_home / "config.toml"
    config.write_text('[activitywatch.hosts]\n"nmc.org.uk" = "reading"\n', encoding="utf-8")
    assert stored_after_import(nj)[("2026-11-02", "reading")] == 7
    config.write_text('[activitywatch.hosts]\n"nmc.org.uk" = "Reading List!"\n', encoding="utf-8")
    run = nj("import", "activitywatch", str(LAPTOP))
    assert run.code == 2
    assert f"{config}: activitywatch.hosts rule 'nmc.org.uk' must name a channel" in run.err


def stored_after_import(nj: Any) -> dict[tuple[str, str], int]:
    assert nj("import", "activitywatch", str(LAPTOP)).code == 0
    return stored(nj)


def test_config_set_keeps_the_activitywatch_rules(nj: Any, netjournal_home: Path) -> None:
    netjournal_home.mkdir(parents=True, exist_ok=True)
    config = netjournal_home / "config.toml"
    config.write_text(
        'week_start = "sunday"\n[activitywatch]\nmastodon = ["nurses.social"]\n', encoding="utf-8"
    )
    save_config(config, Config(week_start="monday"))
    assert read_table(config, "activitywatch") == {"mastodon": ["nurses.social"]}
    assert 'week_start = "monday"' in config.read_text(encoding="utf-8")
