"""The cached day totals are read back strictly: anything `to_json` does not write is a miss.

A month's ``activity-days`` entry sits in the user's cache folder, where
anything may have been written; :meth:`DayTotals.from_json` must refuse every
wrong type, length and range, so the cache works the month out again instead
of adding up a damaged figure.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, time
from typing import Any

import pytest

from netjournal.domain.daily import DayTotals, day_totals, days_from_json, days_to_json
from netjournal.domain.models import Activity, Mode, Purpose, Style


def _good() -> dict[str, Any]:
    activities = [
        Activity(
            date=date(2026, 11, 24),
            mode=Mode.ONLINE,
            minutes=30,
            time=time(9, 0),
            channel="x",
            style=Style.CONVERSATION,
            purpose=Purpose.SHARE_WORK,
            contact_ids=("c1",),
        )
    ]
    return json.loads(json.dumps(days_to_json(day_totals(activities))))["2026-11-24"]


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def craft(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return craft


def _add_key(data: dict[str, Any]) -> None:
    data["extra"] = 1


@pytest.mark.parametrize(
    "craft",
    [
        pytest.param(_set(("n",), [1, 1, 0]), id="counts-too-short"),
        pytest.param(_set(("n",), [1, 1, 0, 0, 0]), id="counts-too-long"),
        pytest.param(_set(("n", 0), -1), id="negative-count"),
        pytest.param(_set(("n", 1), "1"), id="count-as-text"),
        pytest.param(_set(("style_min", 2), 1.5), id="style-minutes-as-float"),
        pytest.param(_set(("style_min",), {"a": 1}), id="style-minutes-as-object"),
        pytest.param(_set(("ch", "x"), [30]), id="channel-pair-too-short"),
        pytest.param(_set(("ch", "x"), [30, True]), id="channel-minutes-as-bool"),
        pytest.param(_set(("ch",), [["x", 30, 0]]), id="channels-as-array"),
        pytest.param(_set(("pu", "share-work"), None), id="purpose-minutes-null"),
        pytest.param(_set(("who",), ["c1", 7]), id="contact-id-as-number"),
        pytest.param(_set(("on_seen",), 1), id="flag-as-number"),
        pytest.param(_add_key, id="unknown-key"),
    ],
)
def test_a_damaged_day_is_refused(craft: Callable[[dict[str, Any]], None]) -> None:
    data = _good()
    DayTotals.from_json(copy.deepcopy(data))  # the untouched form reads back
    craft(data)
    with pytest.raises((TypeError, ValueError)):
        DayTotals.from_json(data)


def test_a_read_day_owns_its_channel_lists() -> None:
    # Day totals are added into after reading (a month's spill day); the parsed
    # JSON must not be shared with them.
    data = {"2026-11-24": _good()}
    [(day, totals)] = days_from_json(data)
    assert day == date(2026, 11, 24)
    totals.channels["x"][0] += 5
    assert data["2026-11-24"]["ch"]["x"][0] == 30
