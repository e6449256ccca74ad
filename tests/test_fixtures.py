"""Every fixtures/RLxxx/{bad,good}/* case produces exactly the findings it states."""

from __future__ import annotations

import pytest

from tests.harness import Case, actual, cases, expected

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixture(case: Case) -> None:
    want, version = expected(case)
    if case.kind == "good":
        assert not want, f"good case {case.id} must not carry expectations"
    else:
        assert want, f"bad case {case.id} states no expectation"
    got = actual(case, version)
    assert got == want, f"\nmissing: {sorted(want - got)}\nunexpected: {sorted(got - want)}"
