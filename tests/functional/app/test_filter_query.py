"""The Journal screen's filter line: words plus ``key:value`` filters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from netjournal.tui.filter_query import ActivityFilter, parse_filter


def test_words_and_filters_are_split_apart() -> None:
    f = parse_filter('restraint mode:online c:x purpose:maintain #NHS with:"Teresa Chinn"')
    assert f == ActivityFilter(
        text="restraint",
        mode="online",
        channel="x",
        purpose="maintain",
        tag="NHS",
        contact="Teresa Chinn",
    )
    assert f.facade_filters()["text"] == "restraint"


def test_unknown_keys_stay_in_the_searched_words() -> None:
    f = parse_filter("see https://example.org ratio:2")
    assert f.text == "see https://example.org ratio:2"
    assert f.mode is None


def test_a_quoted_phrase_is_kept_whole_and_empty_values_ignored() -> None:
    f = parse_filter('"safe  staffing" mode: tag:')
    assert f.text == "safe staffing"
    assert f.mode is None and f.tag is None
    assert not f.is_empty


def test_later_filter_of_the_same_kind_wins() -> None:
    assert parse_filter("mode:online mode:offline").mode == "offline"


def test_empty_line_is_an_empty_filter() -> None:
    assert parse_filter("   ").is_empty
    assert parse_filter("").describe() == ""


def test_describe_reads_as_words() -> None:
    f = parse_filter("chat mode:online #nhs with:Ben")
    assert f.describe() == "“chat”, online, #nhs, with Ben"


@given(st.text())
def test_any_text_parses_without_error_and_keeps_its_words(line: str) -> None:
    f = parse_filter(line)
    # Every non-filter word typed is searched for: none silently dropped.
    for word in f.text.split():
        assert word.strip('"') in line
    assert all(value is None or value.strip() for value in (f.mode, f.channel, f.purpose))


@given(
    st.sampled_from(["mode", "channel", "purpose", "tag", "with"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12),
)
def test_a_single_filter_token_sets_exactly_that_filter(key: str, value: str) -> None:
    f = parse_filter(f"{key}:{value}")
    field = "contact" if key == "with" else key
    assert getattr(f, field) == value
    assert f.text == ""
