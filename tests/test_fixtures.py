"""Every fixtures/RLxxx/{bad,good}/* case produces exactly the findings it states (rule, line, severity,
how many; the column where pinned). The harness itself is tested in tests/test_harness.py."""

from __future__ import annotations

import pytest

from tests.harness import Case, actual, cases, compare, expected, mismatch

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixture(case: Case) -> None:
    want, version = expected(case)
    if case.kind == "good":
        assert not want, f"good case {case.id} must not carry expectations"
    else:
        assert want, f"bad case {case.id} states no expectation"
    missing, unexpected = compare(want, actual(case, version))
    assert not missing and not unexpected, mismatch(missing, unexpected)
