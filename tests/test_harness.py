"""The fixture harness itself (tests/harness.py): expectations pin severity, may pin a column, and
count: two findings on one line need two expectations."""

from __future__ import annotations

import pytest

from tests.harness import FIXTURES, Case, Expect, FixtureError, Got, actual, compare, expected, parse_items

NOT_MOUNTED = Case("RL705", "bad", FIXTURES / "RL705" / "bad" / "not_mounted")
FILE = "RL705/bad/not_mounted/compose.yaml"


def test_items_pin_severity_and_optionally_a_column() -> None:
    assert parse_items("RL401:high, RL402:low@7", "x") == [("RL401", "high", None), ("RL402", "low", 7)]


@pytest.mark.parametrize("text", ["RL401", "RL401:severe", "RL401:HIGH", "RL401 high", "RL401:high@", "RL4011:low"])
def test_an_expectation_without_a_valid_severity_is_a_fixture_error(text: str) -> None:
    with pytest.raises(FixtureError, match="RULE:SEVERITY"):
        parse_items(text, "case:3")


def test_two_findings_on_one_line_count_as_two() -> None:
    got = [Got("f", 4, "RL705", "critical", c) for c in (68, 98)]
    one = [Expect("f", 4, "RL705", "critical")]
    assert compare(one, got) == ([], [got[1]])
    assert compare(one * 2, got) == ([], [])
    assert compare(one * 3, got) == (one, [])


def test_severity_must_match() -> None:
    got = [Got("f", 4, "RL705", "critical", 68)]
    want = [Expect("f", 4, "RL705", "high")]
    assert compare(want, got) == (want, got)


def test_a_pinned_column_must_match_and_is_matched_before_unpinned_ones() -> None:
    got = [Got("f", 4, "RL705", "critical", c) for c in (68, 98)]
    wrong = [Expect("f", 4, "RL705", "critical", 70)]
    assert compare(wrong, got[:1]) == (wrong, got[:1])
    # the unpinned expectation comes first but must not take column 98 from the pinned one
    want = [Expect("f", 4, "RL705", "critical"), Expect("f", 4, "RL705", "critical", 98)]
    assert compare(want, list(reversed(got))) == ([], [])


def test_a_real_case_states_each_finding_with_severity_and_column() -> None:
    want, version = expected(NOT_MOUNTED)
    assert sorted(want) == [Expect(FILE, 4, "RL705", "critical", c) for c in (68, 98, 132)]
    got = actual(NOT_MOUNTED, version)
    assert sorted(got) == [Got(FILE, 4, "RL705", "critical", c) for c in (68, 98, 132)]
    assert compare(want[:1], got) == ([], sorted(got)[1:])
